"""pydicom's reader API on dicomconstruct's reader: the behaviours pydicom 3.0.2's
test_filereader, test_rawread and test_config check (issue 13), as dicomconstruct does them."""

from __future__ import annotations

import io
import logging

import pytest

from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import DicomError, TruncatedDataError
from dicomconstruct.filereader import data_element_generator

EXPLICIT_LE = get_testdata_file("explicit_le.dcm")


def test_data_cut_off_is_an_eof_error_as_in_pydicom_and_a_dicom_error_with_its_offset():
    # (7FE0,0010) OB of undefined length whose first item header is cut off after its tag
    data = b"\xe0\x7f\x10\x00OB\0\0\xff\xff\xff\xff\xfe\xff\x00\xe0"
    with pytest.raises(EOFError) as caught:
        list(data_element_generator(io.BytesIO(data), False, True))
    assert isinstance(caught.value, TruncatedDataError) and isinstance(caught.value, DicomError)
    assert caught.value.offset == 12


# --- pydicom's debug log ----------------------------------------------------------------------
@pytest.fixture
def debugging():
    from dicomconstruct import config

    saved_level, saved = config.logger.level, config.debugging
    config.debug(True, default_handler=False)
    yield
    config.logger.setLevel(saved_level)
    config.debugging = saved


def test_a_read_logs_the_preamble_and_prefix_at_debug_level(caplog):
    from dicomconstruct import config, dcmread

    with caplog.at_level(logging.DEBUG, logger=config.logger.name):
        dcmread(EXPLICIT_LE)
    assert "Reading File Meta Information preamble..." in caplog.text
    assert "00000080: 'DICM' prefix found" in caplog.text
    assert "Call to dcmread()" not in caplog.text  # only with config.debug()


def test_debugging_logs_each_header_and_value_in_pydicoms_format(debugging, caplog):
    from dicomconstruct import config
    from dicomconstruct.filereader import read_dataset

    data = (
        b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100"
        b"\x08\x00\x06\x00SQ\x00\x00\xff\xff\xff\xff"  # undefined-length sequence at 0x12
        b"\xfe\xff\x00\xe0\x00\x00\x00\x00"  # an empty item of defined length at 0x1E
        b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    )
    with caplog.at_level(logging.DEBUG, logger=config.logger.name):
        read_dataset(io.BytesIO(data), False, True)
    lines = caplog.text
    assert "00000000: 08 00 05 00 43 53 0a 00" + " " * 16 + "(0008,0005) CS Length: 10" in lines
    assert "00000008: 49 53 4f 5f 49 52 20 31 30 30" in lines  # the value, as pydicom shows it
    assert "(0008,0006) SQ Length: Undefined length (FFFFFFFF)" in lines
    assert "0000001E: Reading/parsing undefined length sequence" in lines
    assert "0000001e: fe ff 00 e0 00 00 00 00  Found Item tag (start of item)" in lines
    assert "00000026: Finished sequence item" in lines
    assert "00000026: End of Sequence" in lines


def test_debugging_logs_a_deferred_value_as_skipped(debugging, caplog, tmp_path):
    from dicomconstruct import config, dcmread

    with caplog.at_level(logging.DEBUG, logger=config.logger.name):
        dcmread(EXPLICIT_LE, defer_size=4)
    assert "Defer size exceeded. Skipping forward to next data element." in caplog.text
    assert "Call to dcmread()" in caplog.text


def test_under_the_alias_pydicoms_logger_is_dicomconstructs(caplog):
    from dicomconstruct import compat, config

    was = compat.installed()
    compat.install()
    try:
        assert logging.getLogger("pydicom") is config.logger
        with caplog.at_level(logging.DEBUG, logger="pydicom"):
            from dicomconstruct import dcmread

            dcmread(EXPLICIT_LE)
        assert "'DICM' prefix found" in caplog.text
    finally:
        if not was:
            compat.uninstall()
    if not was:
        assert logging.getLogger("pydicom") is not config.logger
