"""DataElement behaviour pydicom 3 has: buffered O* values (a file-like as the value, read in
chunks) and the conversion hooks of ``convert_raw_data_element``."""

from __future__ import annotations

import copy
import io

import pytest

from dicomconstruct import DicomError, config, dcmread, hooks
from dicomconstruct.dataelem import DataElement, RawDataElement, convert_raw_data_element
from dicomconstruct.dataset import Dataset
from dicomconstruct.errors import BytesLengthException
from dicomconstruct.filewriter import write_OBvalue
from dicomconstruct.tag import Tag


class _CountingBytesIO(io.BytesIO):
    """A buffer that remembers the largest read asked of it."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.largest = max(self.largest, len(data))
        return data


def test_a_buffered_value_counts_as_one_value_unless_empty():
    assert DataElement("PixelData", "OB", io.BytesIO()).VM == 0
    elem = DataElement("PixelData", "OB", io.BytesIO(b"\x00\x01"))
    assert elem.is_buffered and elem.VM == 1


def test_a_buffered_value_prints_as_the_buffer_without_reading_it():
    buffer = io.BytesIO(b"\x00\x01\x02\x03")
    buffer.seek(1)
    elem = DataElement("PixelData", "OB", buffer)
    assert elem.repval == repr(buffer)
    assert str(elem).endswith(f"OB: {buffer!r}")
    assert buffer.tell() == 1


def test_a_buffered_value_equals_the_same_bytes_whatever_its_position():
    buffer = io.BytesIO(b"\x00\x01" * 10000)
    buffered = DataElement("PixelData", "OB", buffer)
    buffer.seek(7)
    assert buffered == DataElement("PixelData", "OB", b"\x00\x01" * 10000)
    assert DataElement("PixelData", "OB", b"\x00\x01" * 10000) == buffered
    assert buffered != DataElement("PixelData", "OB", b"\x00\x02" * 10000)
    assert buffer.tell() == 7


def test_a_closed_buffer_compared_raises_a_dicom_error_naming_the_element():
    buffer = io.BytesIO(b"\x00\x01")
    elem = DataElement("PixelData", "OB", buffer)
    buffer.close()
    with pytest.raises(DicomError, match=r"Invalid buffer for \(7FE0,0010\) 'Pixel Data'"):
        elem == DataElement("PixelData", "OB", b"\x00\x01")  # noqa: B015


def test_deepcopy_copies_the_buffer_and_names_the_element_when_it_cannot():
    buffer = io.BytesIO(b"\x00\x01")
    elem = DataElement("PixelData", "OB", buffer)
    twin = copy.deepcopy(elem)
    assert twin.value is not buffer and twin.value.getvalue() == b"\x00\x01" and twin == elem
    buffer.close()
    with pytest.raises(DicomError, match="Error deepcopying the buffered element"):
        copy.deepcopy(elem)


def test_deepcopy_of_an_element_read_keeps_its_value_and_bytes():
    ds = Dataset()
    ds.PatientName = "Doe^John"
    twin = copy.deepcopy(ds["PatientName"])
    assert twin == ds["PatientName"] and twin.value == "Doe^John"


def test_a_buffered_value_is_written_in_chunks_from_its_position_padded_and_kept_in_place():
    data = bytes(range(256)) * 8193 + b"\x07"  # odd: padded with a NUL (PS3.5 §7.1.1)
    buffer = _CountingBytesIO(data)
    ds = Dataset()
    ds.BitsAllocated = 8
    ds.PixelData = buffer
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    assert buffer.largest < len(data) and buffer.tell() == 0
    plain = Dataset()
    plain.BitsAllocated = 8
    plain.PixelData = data
    expected = io.BytesIO()
    plain.save_as(expected, implicit_vr=False, little_endian=True)
    assert out.getvalue() == expected.getvalue()
    assert dcmread(io.BytesIO(out.getvalue()), force=True).PixelData == data + b"\0"


def test_a_buffered_ow_value_is_swapped_per_value_in_big_endian():
    ds = Dataset()
    ds.BitsAllocated = 16
    ds.add_new(0x7FE00010, "OW", io.BytesIO(b"\x01\x02\x03\x04"))
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=False)
    assert out.getvalue().endswith(b"\x00\x04\x02\x01\x04\x03")


def test_saving_a_closed_buffer_raises_a_dicom_error_naming_the_element():
    ds = Dataset()
    buffer = io.BytesIO(b"\x00\x01")
    ds.PixelData = buffer
    buffer.close()
    with pytest.raises(DicomError, match=r"\(7FE0,0010\) 'Pixel Data': the buffer has been"):
        ds.save_as(io.BytesIO(), implicit_vr=True, little_endian=True)


def test_the_pydicom_value_writers_write_a_buffered_value():
    out = io.BytesIO()
    out.is_little_endian, out.is_implicit_VR = True, False
    write_OBvalue(out, DataElement("PixelData", "OB", io.BytesIO(b"\x01\x02\x03")))
    assert out.getvalue() == b"\x01\x02\x03\x00"


@pytest.fixture
def reset_hooks():
    original = (hooks.hooks.raw_element_vr, hooks.hooks.raw_element_value)
    yield
    hooks.hooks.raw_element_vr, hooks.hooks.raw_element_value = original
    hooks.hooks.raw_element_kwargs = {}


def test_registered_hooks_give_the_vr_and_value_of_a_converted_raw_element(reset_hooks):
    seen = {}

    def vr(raw, data, **kwargs):
        data["VR"] = "LO"
        seen.update(kwargs)

    hooks.hooks.register_callback("raw_element_vr", vr)
    hooks.hooks.register_kwargs("raw_element_kwargs", {"extra": 1})
    ds = Dataset()
    raw = RawDataElement(Tag(0x00100020), None, 4, b"ab12", 0, True, True)
    elem = convert_raw_data_element(raw, encoding="iso8859", ds=ds)
    assert (elem.VR, elem.value) == ("LO", "ab12")
    assert seen == {"encoding": "iso8859", "ds": ds, "extra": 1}


def test_the_retry_hook_tries_the_candidate_vrs_of_a_value_that_does_not_fit(reset_hooks):
    raw = RawDataElement(Tag(0x00000903), None, 5, b"12345", 0, True, True)
    with pytest.raises(BytesLengthException, match="even multiple of bytes per value"):
        convert_raw_data_element(raw)
    hooks.hooks.register_callback("raw_element_value", hooks.raw_element_value_retry)
    with pytest.raises(BytesLengthException, match="even multiple of bytes per value"):
        convert_raw_data_element(raw)
    hooks.hooks.register_kwargs("raw_element_kwargs", {"target_VRs": {"US": ("SS", "SH")}})
    elem = convert_raw_data_element(raw)
    assert (elem.VR, elem.value) == ("SH", "12345")


def test_the_data_element_callback_is_applied_to_a_converted_raw_element():
    def as_lo(raw, **kwargs):
        return raw._replace(VR="LO", value=raw.value + kwargs["tail"])

    config.data_element_callback = as_lo
    config.data_element_callback_kwargs = {"tail": b"XY"}
    try:
        raw = RawDataElement(Tag(0x00100020), "SH", 2, b"ab", 0, False, True)
        elem = convert_raw_data_element(raw)
    finally:
        config.reset_data_element_callback()
    assert (elem.VR, elem.value) == ("LO", "abXY")


def test_a_value_that_is_not_bytes_is_kept_as_converted():
    raw = RawDataElement(Tag(0x00283002), None, 4, ["a", 0, 1], 0, True, True)
    elem = convert_raw_data_element(raw)
    assert elem.value == ["a", 0, 1] and elem.VR == "US or SS"


def test_the_deprecated_data_element_from_raw_is_gone_in_future_mode():
    from dicomconstruct import dataelem

    raw = RawDataElement(Tag(0x00100010), None, 4, b"Doe ", 0, True, True)
    with pytest.warns(DeprecationWarning, match="convert_raw_data_element"):
        assert dataelem.DataElement_from_raw(raw).value == "Doe"
    config._use_future = True
    try:
        with pytest.raises(AttributeError):
            dataelem.DataElement_from_raw  # noqa: B018
    finally:
        config._use_future = False


def test_un_bytes_of_a_known_tag_decode_with_the_datasets_character_set():
    ds = Dataset()
    ds[0x00080005] = DataElement(0x00080005, "UN", b"ISO_IR 126")
    ds[0x00100010] = DataElement(0x00100010, "UN", "Διονυσιος".encode("iso_ir_126"))
    assert (ds[0x00080005].VR, ds[0x00100010].VR) == ("CS", "PN")
    assert ds[0x00100010].value == "Διονυσιος"


def test_an_explicit_un_stays_un_without_replace_un_with_known_vr():
    config.replace_un_with_known_vr = False
    try:
        ds = Dataset()
        ds.set_original_encoding(False, True)
        ds[0x00100010] = RawDataElement(Tag(0x00100010), "UN", 4, b"Doe ", 0, False, True)
        assert ds[0x00100010].VR == "UN" and ds[0x00100010].value == b"Doe "
    finally:
        config.replace_un_with_known_vr = True


def test_use_none_as_empty_text_value_reads_empty_text_as_none():
    config.use_none_as_empty_text_VR_value = True
    try:
        raw = RawDataElement(Tag(0x00100010), "PN", 0, b"", 0, False, True)
        assert convert_raw_data_element(raw).value is None
    finally:
        config.use_none_as_empty_text_VR_value = False


def test_dcmread_with_force_reads_a_dicom_bytes_io_left_at_its_end_from_its_start():
    from dicomconstruct.filebase import DicomBytesIO
    from dicomconstruct.filewriter import write_dataset

    ds = Dataset()
    ds.PatientName = "Doe^John"
    fp = DicomBytesIO()
    fp.is_implicit_VR, fp.is_little_endian = True, True
    write_dataset(fp, ds)
    assert dcmread(fp, force=True).PatientName == "Doe^John"
