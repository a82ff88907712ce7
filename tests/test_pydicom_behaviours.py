"""pydicom 3.0.2 behaviours dicomconstruct follows (issue 13): its config switches for UN, the
writing validation mode, private transfer syntaxes, deferred values of a file-like closed, an
unknown implicit VR tag, FileDataset made from a data set, ambiguous VRs made in code."""

from __future__ import annotations

import gzip
import io
import logging
import os
import struct
import warnings
from pathlib import Path

import pytest

from dicomconstruct import DataElement, Dataset, config, dcmread, tables, uid
from dicomconstruct.dataset import FileDataset
from dicomconstruct.errors import DicomError, FileChangedError
from dicomconstruct.filereader import read_dataset
from dicomconstruct.filewriter import correct_ambiguous_vr, correct_ambiguous_vr_element, dcmwrite

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"


def _implicit(tag: int, value: bytes, length: int | None = None) -> bytes:
    """An implicit VR little endian element, item or delimiter (PS3.5 §7.1.3, §7.5)."""
    return struct.pack("<HHI", tag >> 16, tag & 0xFFFF, len(value) if length is None else length)


def _explicit(tag: int, vr: str, value: bytes, length: int | None = None) -> bytes:
    """An explicit VR little endian element (PS3.5 §7.1.2, the 32-bit length form for UN)."""
    size = len(value) if length is None else length
    if vr in ("UN", "SQ", "OB"):
        return struct.pack("<HH2sHI", tag >> 16, tag & 0xFFFF, vr.encode(), 0, size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value


UNDEFINED = 0xFFFFFFFF
ITEM, ITEM_END, SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD


def _un_with_a_nested_sequence() -> tuple[bytes, bytes]:
    """An explicit VR data set holding an undefined-length private UN whose items (implicit VR,
    PS3.5 §6.2.2) hold an undefined-length sequence of their own: (data set, the UN's value)."""
    uid_value = b"1.2.3\0"
    nested = (
        _implicit(0x00081115, b"", UNDEFINED)  # Referenced Series Sequence, undefined length
        + _implicit(ITEM, b"", UNDEFINED)
        + _implicit(0x0020000E, uid_value)
        + uid_value
        + _implicit(ITEM_END, b"")
        + _implicit(SEQUENCE_END, b"")  # the nested sequence's delimiter comes first
    )
    value = _implicit(ITEM, b"", UNDEFINED) + nested + _implicit(ITEM_END, b"")
    data_set = (
        _explicit(0x00090010, "LO", b"ACME 1.0")
        + _explicit(0x00091001, "UN", b"", UNDEFINED)
        + value
        + _implicit(SEQUENCE_END, b"")  # the UN's own
        + _explicit(0x00100010, "PN", b"Doe^Jo")
    )
    return data_set, value


@pytest.fixture
def un_not_inferred():
    infer, replace = config.settings.infer_sq_for_un_vr, config.replace_un_with_known_vr
    config.settings.infer_sq_for_un_vr = False
    config.replace_un_with_known_vr = False
    yield
    config.settings.infer_sq_for_un_vr, config.replace_un_with_known_vr = infer, replace


def test_an_undefined_length_un_is_read_as_a_sequence_by_default():
    data_set, _ = _un_with_a_nested_sequence()
    ds = read_dataset(io.BytesIO(data_set), False, True)
    elem = ds[0x00091001]
    assert elem.VR == "SQ" and len(elem.value) == 1
    assert ds.PatientName == "Doe^Jo"


def test_an_undefined_length_un_is_kept_as_bytes_to_its_own_delimiter_when_not_inferred(
    un_not_inferred,
):
    # pydicom's switches both off: UN bytes up to the Sequence Delimitation Item, found by
    # counting the nested ones (not the nested sequence's, which comes first in the bytes)
    data_set, value = _un_with_a_nested_sequence()
    ds = read_dataset(io.BytesIO(data_set), False, True)
    elem = ds[0x00091001]
    assert elem.VR == "UN" and elem.is_undefined_length
    assert elem.value == value
    assert ds.PatientName == "Doe^Jo"  # the element after the UN's delimiter
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    assert out.getvalue() == data_set  # and written back byte for byte


def test_a_file_dataset_of_a_data_set_read_in_another_encoding_is_converted_when_written():
    # FileDataset's defaults say implicit VR little endian (pydicom's): the explicit VR items
    # and values of the data set read are converted, and no 'DICM' is written without a
    # preamble (as pydicom)
    read = dcmread(TESTDATA / "undefined_length_sq.dcm")
    fd = FileDataset(None, read)
    assert fd.original_encoding == (True, True)
    out = io.BytesIO()
    fd.save_as(out)
    written = out.getvalue()
    assert written[:4] == struct.pack("<HH", 0x0008, 0x0016)  # the first element, no prefix
    again = dcmread(io.BytesIO(written), force=True)
    assert again.original_encoding == (True, True)
    series = again.ReferencedSeriesSequence
    assert [item.SeriesInstanceUID for item in series] == [
        item.SeriesInstanceUID for item in read.ReferencedSeriesSequence
    ]
    assert series[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID == (
        read.ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID
    )


def test_a_file_dataset_of_a_big_endian_data_set_decodes_its_values_in_their_byte_order():
    read = dcmread(TESTDATA / "explicit_be.dcm")
    fd = FileDataset(None, read, file_meta=read.file_meta)  # little endian stated
    assert fd.Rows == 2 and fd.Columns == 2 and fd.PixelData == read.PixelData


@pytest.fixture
def private_syntax():
    name = "1.2.3.4.5.6.7.8.9"
    yield uid.UID(name)
    tables._private_syntaxes.pop(name, None)
    uid.PrivateTransferSyntaxes[:] = [u for u in uid.PrivateTransferSyntaxes if u != name]


def test_a_private_transfer_syntax_is_read_by_its_encoding_once_registered(private_syntax, caplog):
    private_syntax.set_private_encoding(True, True)
    assert private_syntax.is_implicit_VR and private_syntax.is_little_endian
    ds = dcmread(TESTDATA / "explicit_le.dcm")
    ds.file_meta.TransferSyntaxUID = private_syntax
    out = io.BytesIO()
    ds.save_as(out)  # the writer uses the encoding set: implicit VR
    # set but not registered: the reader does not know the syntax, and says what it found
    with caplog.at_level(logging.WARNING), pytest.warns(UserWarning) as record:
        first = dcmread(io.BytesIO(out.getvalue()))
    message = "Expected explicit VR, but found implicit VR"
    assert any(message in str(w.message) for w in record) and message in caplog.text
    assert first.original_encoding == (True, True)  # guessed from the bytes
    caplog.clear()
    uid.register_transfer_syntax(private_syntax)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = dcmread(io.BytesIO(out.getvalue()))
    assert again.original_encoding == (True, True) and again.PatientName == ds.PatientName
    assert not caplog.text


def test_deferred_values_of_a_gzip_file_closed_are_read_by_reopening_it(tmp_path):
    path = tmp_path / "deferred.dcm.gz"
    original = (TESTDATA / "deferred.dcm").read_bytes()
    path.write_bytes(gzip.compress(original, mtime=0))
    with gzip.open(path) as fobj:
        ds = dcmread(fobj, defer_size=64)
    assert ds.PixelData == dcmread(TESTDATA / "deferred.dcm").PixelData  # reopened by name
    # a file changed since the read is not read from (the identity check of deferred reads)
    with gzip.open(path) as fobj:
        ds = dcmread(fobj, defer_size=64)
    path.write_bytes(gzip.compress(original + b"\0\0", mtime=0))
    os.utime(path, ns=(1, 1))
    with pytest.raises(FileChangedError):
        ds.PixelData  # noqa: B018


def test_an_implicit_vr_element_no_dictionary_knows_warns_as_pydicom_when_its_vr_is_asked():
    data_set = _implicit(0x09000010, b"1,2 ") + b"1,2 "
    ds = read_dataset(io.BytesIO(data_set), True, True)
    with pytest.warns(UserWarning, match=r"VR lookup failed .* \(0900,0010\) - setting VR to 'UN'"):
        assert ds[0x09000010].VR == "UN"
    assert ds[0x09000010].value == b"1,2 "


def test_an_ambiguous_vr_made_in_code_is_kept_until_written_then_resolved_there():
    ds = Dataset()
    ds.SmallestImagePixelValue = 0
    assert ds[0x00280106].VR == "US or SS"  # as pydicom: nothing to decide by yet
    ds.PixelRepresentation = 1
    ds.ModalityLUTSequence = [Dataset()]
    ds.ModalityLUTSequence[0].LUTDescriptor = [1, 0, 16]
    ds.ModalityLUTSequence[0].PixelRepresentation = 0  # the nearest says US, set afterwards
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    assert ds[0x00280106].VR == "SS" and ds.ModalityLUTSequence[0][0x00283002].VR == "US"
    again = dcmread(io.BytesIO(out.getvalue()), force=True)
    assert again[0x00280106].VR == "SS"
    assert again.ModalityLUTSequence[0][0x00283002].VR == "US"


def test_correcting_ambiguous_vrs_keeps_a_vr_given_and_resolves_the_ambiguous_ones():
    given = DataElement(0x60003000, "OB", b"\0\0")
    assert correct_ambiguous_vr_element(given, Dataset(), True).VR == "OB"
    ds = Dataset()
    ds.add(DataElement(0x60003000, "OB or OW", b"\0\0"))
    ds.add(DataElement(0x00280120, "US or SS", b"\x01\x00"))
    correct_ambiguous_vr(ds, True)
    assert ds[0x60003000].VR == "OW"  # PS3.5 §8.1.2
    assert ds[0x00280120].VR == "US" and ds.PixelPaddingValue == 1


def test_strict_writing_is_reachable_as_a_block():
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.Modality = "lower"
    with config.strict_writing(), pytest.raises(DicomError, match=r"\(0008,0060\) Modality"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True)
    assert config.settings.writing_validation_mode == config.WARN
