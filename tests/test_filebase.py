"""Buffers of DICOM data (pydicom's filebase): tags, US and UL in either byte order (PS3.5
§7.1.1, §7.3), exact reads that fail as DicomErrors, and dcmread/dcmwrite on a DicomBytesIO."""

from __future__ import annotations

import io

import pydicom.filebase
import pytest
from pydicom.data import get_testdata_file

from dicomconstruct import DicomError, dcmread, dcmwrite, dicomio
from dicomconstruct.filebase import (
    DicomBytesIO,
    DicomFile,
    DicomFileLike,
    DicomIO,
    UnexpectedEndOfFile,
)


@pytest.mark.parametrize("little", [True, False])
def test_header_fields_are_written_and_read_as_pydicom_does(little):
    ours, theirs = DicomBytesIO(), pydicom.filebase.DicomBytesIO()
    for fp in (ours, theirs):
        fp.is_little_endian = little
        fp.write_tag(0x00100020)
        fp.write_US(0x1234)
        fp.write_UL(0x12345678)
    assert ours.getvalue() == theirs.getvalue()
    ours.seek(0)
    assert (ours.read_tag(), ours.read_US(), ours.read_UL()) == (
        (0x0010, 0x0020),
        0x1234,
        0x12345678,
    )


def test_short_reads_are_eof_dicom_errors_at_their_offset():
    fp = DicomBytesIO(b"\x01\x02\x03")
    fp.is_little_endian = True
    with pytest.raises(
        UnexpectedEndOfFile, match="Read 3 bytes of 4 expected starting at position 0x0"
    ) as caught:
        fp.read_tag()
    assert isinstance(caught.value, EOFError) and isinstance(caught.value, DicomError)
    assert caught.value.offset == 0
    fp.seek(1)
    with pytest.raises(DicomError):
        fp.read_UL()  # pydicom gives a bare struct.error here


def test_encoding_flags_must_be_set_and_bool():
    fp = DicomIO(io.BytesIO())
    with pytest.raises(AttributeError, match="has not been set"):
        fp.is_little_endian  # noqa: B018
    with pytest.raises(TypeError, match="must be bool"):
        fp.is_implicit_VR = 1
    fp.is_implicit_VR = False
    assert fp.is_implicit_VR is False


def test_wrapped_buffer_without_read_or_write_says_so():
    class SeekOnly:
        def seek(self, offset, whence=0):
            return 0

        def tell(self):
            return 0

    fp = DicomIO(SeekOnly())
    with pytest.raises(TypeError, match=r"object has no read\(\) method"):
        fp.read(1)
    with pytest.raises(TypeError, match=r"object has no write\(\) method"):
        fp.write(b"")


def test_dcmread_and_dcmwrite_take_dicom_bytes_io():
    path = get_testdata_file("CT_small.dcm")
    data = open(path, "rb").read()
    ds = dicomio.dcmread(DicomBytesIO(data))
    assert ds.PatientName == "CompressedSamples^CT1"
    out = DicomBytesIO()
    dcmwrite(out, ds)
    assert out.getvalue() == data  # written like the original: byte-identical


def test_dicom_file_opens_a_path(tmp_path):
    path = tmp_path / "x.dcm"
    path.write_bytes(b"abcd")
    with DicomFile(path, "rb") as fp:
        assert isinstance(fp, DicomFileLike) and fp.name == str(path)
        assert fp.read_exact(4) == b"abcd"
        assert fp.parent.closed is False
    assert fp.parent.closed
    assert dcmread(DicomFileLike(open(get_testdata_file("MR_small.dcm"), "rb"))).Rows == 64
