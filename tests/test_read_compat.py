"""pydicom's reader API on dicomconstruct's reader: the behaviours pydicom 3.0.2's
test_filereader, test_rawread and test_config check (issue 13), as dicomconstruct does them."""

from __future__ import annotations

import io

import pytest

from dicomconstruct.errors import DicomError, TruncatedDataError
from dicomconstruct.filereader import data_element_generator


def test_data_cut_off_is_an_eof_error_as_in_pydicom_and_a_dicom_error_with_its_offset():
    # (7FE0,0010) OB of undefined length whose first item header is cut off after its tag
    data = b"\xe0\x7f\x10\x00OB\0\0\xff\xff\xff\xff\xfe\xff\x00\xe0"
    with pytest.raises(EOFError) as caught:
        list(data_element_generator(io.BytesIO(data), False, True))
    assert isinstance(caught.value, TruncatedDataError) and isinstance(caught.value, DicomError)
    assert caught.value.offset == 12
