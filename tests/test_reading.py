"""The reading API of the seeds (dcmread, read_partial and their options) and the promise that
bad bytes only ever raise DicomError."""

from __future__ import annotations

import io
import pathlib
import shutil
import struct
import warnings

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dicomconstruct import DataElement, Dataset, FileDataset, Sequence, dcmread
from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import (
    DicomError,
    FileChangedError,
    InvalidDicomError,
    TruncatedDataError,
)
from dicomconstruct.filereader import read_partial, size_in_bytes

from .conftest import CORPUS

CT = get_testdata_file("explicit_le.dcm")
PYDICOM_CT = pydicom.data.get_testdata_file("CT_small.dcm")


def test_a_path_a_pathlib_path_and_an_open_file_read_the_same():
    by_str = dcmread(CT)
    by_path = dcmread(pathlib.Path(CT))
    with open(CT, "rb") as file:
        by_file = dcmread(file)
        assert not file.closed  # the caller keeps a file-like open
    by_bytes = dcmread(io.BytesIO(pathlib.Path(CT).read_bytes()))
    assert by_str == by_path == by_file == by_bytes
    assert isinstance(by_str, FileDataset)
    assert by_str.filename == CT and by_path.filename == CT
    assert by_str.preamble == b"\0" * 128


def test_result_is_a_context_manager():
    with dcmread(CT) as ds:
        assert ds.Modality == "CT"


def test_missing_prefix_raises_the_seeds_message_and_force_reads_anyway():
    with pytest.raises(InvalidDicomError) as caught:
        dcmread(pydicom.data.get_testdata_file("ExplVR_LitEndNoMeta.dcm"))
    assert caught.value.message == (
        "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing "
        "from the header. Use force=True to force reading."
    )
    assert isinstance(caught.value, ValueError)
    path = pydicom.data.get_testdata_file("ExplVR_BigEndNoMeta.dcm")
    ds = dcmread(path, force=True)
    assert (ds.is_implicit_VR, ds.is_little_endian) == (False, False)
    assert str(ds) == str(pydicom.dcmread(path, force=True))


def test_text_file_forced_as_dicom_fails_at_read_time_with_a_dicom_error(tmp_path):
    """pydicom's tutorial shows force=True accepting 'This is not a DICOM file!' and failing
    later with a KeyError when printed; we say at once that the bytes are not a data set."""
    path = tmp_path / "not_dicom.txt"
    path.write_text("This is not a DICOM file!")
    with pytest.raises(DicomError) as caught:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            str(dcmread(path, force=True))
    assert caught.value.offset is not None


def test_defer_size_leaves_large_values_in_the_file_until_accessed(tmp_path):
    path = tmp_path / "deferred.dcm"
    shutil.copy(get_testdata_file("deferred.dcm"), path)
    whole = dcmread(path)
    for defer_size in (512, "512 B", "0.5 KB", 1023.5):
        ds = dcmread(path, defer_size=defer_size)
        elem = ds.get_item("PixelData")
        assert elem.is_deferred and elem.raw is None
        assert ds.PixelData == whole.PixelData
        assert not elem.is_deferred
    ds = dcmread(path, defer_size="2 KB")
    assert not ds.get_item("PixelData").is_deferred
    with open(path, "rb") as file:  # a file-like: read back with seek and read
        ds = dcmread(file, defer_size=100)
        assert ds.PixelData == whole.PixelData


def test_deferred_value_of_a_file_cut_short_since_reading_is_an_error(tmp_path):
    path = tmp_path / "deferred.dcm"
    shutil.copy(get_testdata_file("deferred.dcm"), path)
    ds = dcmread(path, defer_size=100)
    path.write_bytes(path.read_bytes()[:-10])
    # another size than when read: the file changed (codec.sources.PathSource)
    with pytest.raises(FileChangedError, match="changed since it was read"):
        ds.PixelData  # noqa: B018


def test_size_in_bytes_reads_units():
    assert size_in_bytes("512 KB") == 512 * 1024
    assert size_in_bytes("2 MB") == 2 * 1024 * 1024
    assert size_in_bytes(10) == 10
    assert size_in_bytes(None) is None
    with pytest.raises(ValueError):
        size_in_bytes("lots")


def test_specific_tags_takes_tags_and_keywords_and_always_the_character_set():
    ds = dcmread(PYDICOM_CT, specific_tags=["PatientName", 0x00280010, (0x0010, 0x0020)])
    assert sorted(ds.keys()) == [0x00080005, 0x00100010, 0x00100020, 0x00280010]
    theirs = pydicom.dcmread(PYDICOM_CT, specific_tags=["PatientName", 0x00280010])
    assert ds.PatientName == theirs.PatientName


def test_specific_tags_stop_reading_after_the_largest_wanted_tag():
    # PS3.5 §7.1.2: top-level tags ascend, so the read stops at the first larger one
    with open(PYDICOM_CT, "rb") as file:
        ds = dcmread(file, specific_tags=["PatientName", "StudyInstanceUID"])
        position = file.tell()
    assert sorted(ds.keys()) == [0x00080005, 0x00100010, 0x0020000D]
    full = dcmread(PYDICOM_CT)
    after = min(tag for tag in full.keys() if tag > 0x0020000D)
    assert position == full.get_item(after).value_offset - 8  # where (0020,000E) begins


def test_stop_before_pixels_and_stop_when_stop_before_the_element():
    ds = dcmread(PYDICOM_CT, stop_before_pixels=True)
    assert 0x7FE00010 not in ds and 0xFFFCFFFC not in ds
    with open(PYDICOM_CT, "rb") as file:
        ds = read_partial(file, stop_when=lambda tag, vr, length: tag >= 0x00200000)
        assert max(ds.keys()) < 0x00200000
        position = file.tell()
    first_stopped = dcmread(PYDICOM_CT).get_item(0x0020000D)
    assert position == first_stopped.value_offset - 8  # the stopped element was not read


def test_read_partial_reads_from_the_current_position_with_absolute_offsets():
    data = pathlib.Path(CT).read_bytes()
    stream = io.BytesIO(b"JUNK" * 4 + data)
    stream.seek(16)
    ds = read_partial(stream)
    assert ds.PatientName == "Doe^John"
    assert (
        ds.get_item("PatientName").value_offset
        == 16 + dcmread(CT).get_item("PatientName").value_offset
    )


def test_meta_saying_explicit_over_an_implicit_data_set_reads_it_with_a_warning():
    with pytest.warns(UserWarning, match="Expected explicit VR, but found implicit VR"):
        ds = dcmread(get_testdata_file("meta_explicit_data_implicit.dcm"))
    assert ds.is_implicit_VR
    theirs = pydicom.data.get_testdata_file("SC_rgb_jpeg.dcm")
    with pytest.warns(UserWarning, match="implicit"):
        assert dcmread(theirs).is_implicit_VR


def test_access_by_tag_pair_keyword_and_attribute_gives_the_same_element():
    ds = dcmread(CT)
    elem = ds[0x00100010]
    assert elem is ds[0x0010, 0x0010] is ds["PatientName"] is ds.data_element("PatientName")
    assert ds.PatientName == elem.value
    assert (elem.tag, elem.VR, elem.VM, elem.keyword, elem.name) == (
        0x00100010,
        "PN",
        1,
        "PatientName",
        "Patient's Name",
    )
    assert [int(e.tag) for e in ds] == sorted(ds.keys())
    with pytest.raises(AttributeError):
        ds.NotAKeyword  # noqa: B018
    with pytest.raises(KeyError):
        ds[0x00100040]


def test_sequences_hold_datasets_and_iterall_walks_depth_first():
    ds = dcmread(CT)
    seq = ds.ProcedureCodeSequence
    assert isinstance(seq, Sequence) and isinstance(seq[0], Dataset)
    assert seq[0].EquivalentCodeSequence[0].CodeValue == "CTCHEST"
    keywords = [e.keyword for e in ds.iterall()]
    assert keywords.index("EquivalentCodeSequence") < keywords.index("PatientName")
    with pytest.raises(TypeError, match="Sequence contents must be 'Dataset' instances."):
        seq.append("Hello world?")


def test_encapsulated_pixel_data_value_is_its_items_without_the_sequence_delimiter():
    path = get_testdata_file("encapsulated.dcm")
    ds = dcmread(path)
    elem = ds.get_item("PixelData")
    data = pathlib.Path(path).read_bytes()
    assert elem.is_undefined_length
    assert data[elem.value_offset : elem.value_offset + len(elem.value)] == elem.value
    assert data[elem.value_offset + len(elem.value) :][:8] == b"\xfe\xff\xdd\xe0\0\0\0\0"
    for name in ("JPEG2000-embedded-sequence-delimiter.dcm", "SC_rgb_rle.dcm"):
        theirs = pydicom.dcmread(pydicom.data.get_testdata_file(name))
        assert dcmread(pydicom.data.get_testdata_file(name)).PixelData == theirs.PixelData


def test_data_element_made_by_hand_prints_like_pydicom():
    elem = DataElement(0x00280010, "US", 512)
    assert repr(elem) == repr(pydicom.DataElement(0x00280010, "US", 512))
    assert elem.VM == 1 and elem.keyword == "Rows"


# -- bad bytes only ever raise DicomError ------------------------------------------------------
SEEDS = [
    pathlib.Path(p)
    for p in (
        CT,
        get_testdata_file("implicit_le.dcm"),
        get_testdata_file("explicit_be.dcm"),
        get_testdata_file("deflated.dcm"),
        get_testdata_file("encapsulated.dcm"),
        get_testdata_file("undefined_length_sq.dcm"),
        get_testdata_file("un_undefined_length.dcm"),
        get_testdata_file("private_sq.dcm"),
        PYDICOM_CT,
        pydicom.data.get_testdata_file("rtplan.dcm"),
    )
]


def _read_everything(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(io.BytesIO(data), force=True)
        str(ds)
        for elem in ds.iterall():
            elem.value  # noqa: B018


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
)
def test_damaged_files_raise_only_dicom_errors(seed, cut, flips):
    data = bytearray(seed.read_bytes())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    data = bytes(data[: int(cut * len(data))]) if cut < 0.98 else bytes(data)
    try:
        _read_everything(data)
    except DicomError:
        pass


def test_encapsulated_value_has_a_structured_view_beside_it():
    path = pydicom.data.get_testdata_file("SC_rgb_rle_2frame.dcm")
    ds = dcmread(path)
    view = ds.get_item("PixelData").encapsulated
    frames = list(view.frames(ds.NumberOfFrames))
    theirs = pydicom.dcmread(path)
    assert frames == list(pydicom.encaps.generate_frames(theirs.PixelData, number_of_frames=2))
    assert view.encode() == ds.PixelData
    assert ds.get_item("Rows").encapsulated is None


def test_encapsulated_view_is_read_from_the_bytes_whatever_the_vr_decodes_to():
    # Found by the fuzzer (tests/fuzz_regressions/pixel_data_undefined_length_vr_sv.dcm): an
    # undefined-length Pixel Data written with VR SV decodes to numbers; its items are still
    # in the bytes read. An edited value that is not bytes is a DicomError, not a TypeError.
    path = (
        pathlib.Path(__file__).parent / "fuzz_regressions" / "pixel_data_undefined_length_vr_sv.dcm"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(path, force=True)
    elem = ds.get_item("PixelData")
    assert elem.VR == "SV" and elem.is_undefined_length
    view = elem.encapsulated
    assert view.encode() == elem.raw
    elem.value = [1, 2]
    with pytest.raises(DicomError, match="an encapsulated value is bytes, not MultiValue"):
        elem.encapsulated  # noqa: B018


def test_a_large_value_is_read_from_the_file_not_copied_out_of_its_map(tmp_path):
    # filereader._LARGE_VALUE and more: read with os.pread (in memory once, not twice)
    from dicomconstruct import filereader

    pixels = bytes(range(256)) * (filereader._LARGE_VALUE // 128)
    ds = dcmread(get_testdata_file("explicit_le.dcm"))
    ds.PixelData = pixels
    ds["PixelData"].VR = "OB"
    path = tmp_path / "large.dcm"
    ds.save_as(path)
    assert dcmread(path).PixelData == pixels
    with open(path, "rb") as file:
        assert dcmread(file).PixelData == pixels
    # a file cut short under the reader: a short read is a TruncatedDataError, not SIGBUS
    with open(path, "rb") as file:
        size = path.stat().st_size
        with pytest.raises(TruncatedDataError) as raised:
            filereader._read_large(file.fileno(), size - 10, 100, "dataset", 0x7FE00010)
    assert raised.value.offset == size - 10 and "(7FE0,0010)" in raised.value.path


def test_read_file_meta_info_reads_the_meta_alone_as_pydicom():
    from dicomconstruct.dataset import FileMetaDataset
    from dicomconstruct.filereader import read_file_meta_info

    path = get_testdata_file("explicit_le.dcm")
    meta = read_file_meta_info(path)
    theirs = pydicom.filereader.read_file_meta_info(path)
    assert isinstance(meta, FileMetaDataset)
    assert [(int(e.tag), e.value) for e in meta] == [(int(e.tag), e.value) for e in theirs]
    with pytest.raises(InvalidDicomError):
        read_file_meta_info(get_testdata_file("no_preamble.dcm"))


# ---------------------------------------------------------------------------------------------
# A read that stops early (stop_before_pixels, specific_tags) of a large file walks its first
# READ_HEAD bytes alone when it can stop within them, else the whole file: the same tree, the
# same bytes written back, the same warnings or the same error either way.
HEAD_FILES = CORPUS + sorted(pathlib.Path(__file__).parents[1].glob("testdata/**/*.dcm"))


def _early_read(path, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = dcmread(path, **options)
        except DicomError as exc:
            return ("error", type(exc), exc.offset, str(exc)), [str(w.message) for w in caught]
        out = io.BytesIO()
        try:
            ds.save_as(out)
            written = out.getvalue()
        except (DicomError, TypeError) as exc:
            written = (type(exc), str(exc))
        elements = [(int(e.tag), e.file_VR, e.raw, e.value_offset, e.length) for e in ds]
        try:
            text = str(ds)
        except DicomError as exc:  # a value that does not decode, whichever the read
            text = (type(exc), str(exc))
    return (text, elements, written), [str(w.message) for w in caught]


@pytest.mark.parametrize("path", HEAD_FILES, ids=[p.name for p in HEAD_FILES])
@pytest.mark.parametrize(
    "options", [{"stop_before_pixels": True}, {"specific_tags": ["PatientName", 0x00280010]}]
)
def test_a_read_of_the_head_alone_gives_what_the_whole_file_gives(path, options, monkeypatch):
    from dicomconstruct import filereader

    monkeypatch.setattr(filereader, "HEAD_FIRST", 1 << 62)  # never the head alone
    whole = _early_read(path, **options)
    monkeypatch.setattr(filereader, "HEAD_FIRST", 0)  # the head first, whatever the size
    for head in (200, 1024, 1 << 16):
        monkeypatch.setattr(filereader, "READ_HEAD", head)
        assert _early_read(path, **options) == whole, head


# A full read of a file of up to READ_WHOLE bytes leaves its first large top-level value
# (_LARGE_VALUE bytes or more, found in its first READ_HEAD bytes) out of the buffer it walks
# and reads it by itself: the same tree, the same bytes written back, the same warnings or the
# same error as the read of the whole file into one buffer.
@pytest.mark.parametrize("path", HEAD_FILES, ids=[p.name for p in HEAD_FILES])
def test_a_read_around_a_large_value_gives_what_the_whole_file_gives(path, monkeypatch):
    from dicomconstruct import filereader

    monkeypatch.setattr(filereader, "HEAD_FIRST", 1 << 62)  # never around a value
    whole = _early_read(path)
    monkeypatch.setattr(filereader, "HEAD_FIRST", 0)  # around a value, whatever the size
    monkeypatch.setattr(filereader, "_LARGE_VALUE", 256)  # (so that small files have one)
    assert _early_read(path) == whole


def test_a_read_around_a_large_value_leaves_the_value_out_of_the_buffer(monkeypatch, tmp_path):
    from dicomconstruct import filereader

    ds = dcmread(PYDICOM_CT)
    ds.PixelData = bytes(range(256)) * (8 << 10)  # 2 MiB of pixels after a small header
    ds.Rows, ds.Columns = 1024, 1024
    path = tmp_path / "large.dcm"
    ds.save_as(path)
    buffers = []
    read_buffer = filereader._read_buffer

    def spy(buf, *args, **kwargs):
        buffers.append(buf)
        return read_buffer(buf, *args, **kwargs)

    monkeypatch.setattr(filereader, "_read_buffer", spy)
    back = dcmread(path)
    assert back.PixelData == ds.PixelData
    (buf,) = buffers
    offset = back.get_item("PixelData").value_offset
    assert not isinstance(buf, bytes)  # the anonymous map, closed after the read
    with pytest.raises(ValueError):
        buf[offset : offset + 1]
    out = io.BytesIO()
    back.save_as(out)
    assert out.getvalue() == path.read_bytes()


def test_a_header_read_of_a_large_image_reads_only_its_head(monkeypatch, tmp_path):
    from dicomconstruct import filereader

    ds = dcmread(PYDICOM_CT)
    ds.PixelData = bytes(4 << 20)  # 4 MiB of pixels after a small header
    ds.Rows, ds.Columns = 1024, 2048
    path = tmp_path / "large.dcm"
    ds.save_as(path)

    def whole(file):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(filereader, "_map_or_read", whole)
    head = dcmread(path, stop_before_pixels=True)
    assert "PixelData" not in head and head.Rows == 1024
    assert dcmread(path, specific_tags=["PatientName"]).PatientName == ds.PatientName
    # a read of everything reads everything: the pixels by themselves, the rest around them
    assert dcmread(path).PixelData == ds.PixelData
    monkeypatch.setattr(filereader, "_read_around_large_value", lambda *args: None)
    with pytest.raises(AssertionError, match="whole file"):
        dcmread(path)  # without that, into one buffer


def _le_element(tag: int, vr: bytes | None, value: bytes) -> bytes:
    """One little endian element: explicit VR with a 16-bit length, or implicit VR."""
    head = struct.pack("<HH", tag >> 16, tag & 0xFFFF)
    if vr is None:
        return head + struct.pack("<L", len(value)) + value
    return head + vr + struct.pack("<H", len(value)) + value


@pytest.mark.parametrize("implicit", [True, False])
def test_a_group_fffe_tag_that_is_no_item_or_delimiter_reads_as_an_element(implicit):
    # PS3.5 §7.5 gives (FFFE,E000), (FFFE,E00D) and (FFFE,E0DD) to items; pydicom reads any
    # other tag of the group as an element, and so does the walk
    from dicomconstruct.filereader import read_dataset

    data = _le_element(0x00100020, None if implicit else b"LO", b"ID") + _le_element(
        0xFFFE0001, None if implicit else b"US", b"\x05\x00"
    )
    ds = read_dataset(io.BytesIO(data), implicit, True)
    assert ds[0x00100020].value == "ID"
    assert ds[0xFFFE0001].raw == b"\x05\x00"


def test_an_item_tag_among_the_elements_of_a_data_set_is_still_refused():
    from dicomconstruct.filereader import read_dataset

    data = _le_element(0x00100020, None, b"ID") + b"\xfe\xff\x00\xe0\x00\x00\x00\x00"
    with pytest.raises(DicomError, match=r"unexpected Item \(FFFE,E000\)") as info:
        read_dataset(io.BytesIO(data), True, True)
    assert info.value.offset == 10


def test_assume_implicit_vr_switch_off_reads_bytes_that_are_no_vr_as_an_unknown_vr(monkeypatch):
    from dicomconstruct import config
    from dicomconstruct.filereader import read_dataset

    data = _le_element(0x00100020, b"LO", b"ID") + _le_element(0x00100030, b"\x00A", b"")
    data += _le_element(0x00100040, b"CS", b"M ")
    monkeypatch.setattr(config, "assume_implicit_vr_switch", False)
    with pytest.warns(UserWarning, match=r"unknown VR b'\\x00A' of \(0010,0030\)"):
        ds = read_dataset(io.BytesIO(data), False, True)
    assert ds.PatientSex == "M"
    monkeypatch.setattr(config, "assume_implicit_vr_switch", True)
    with pytest.raises(DicomError):  # read as implicit VR: a 32-bit length past the end
        read_dataset(io.BytesIO(data), False, True)


def test_the_data_element_callback_repairs_each_value_as_it_is_read(monkeypatch):
    from dicomconstruct import config
    from dicomconstruct.filereader import read_dataset
    from dicomconstruct.util import fixer

    data = _le_element(0x00200032, None, b"1,2,3 ") + _le_element(0x00200037, None, b"1,0")
    monkeypatch.setattr(config, "data_element_callback", None)
    monkeypatch.setattr(config, "data_element_callback_kwargs", {})
    fixer.fix_separator(b",", for_VRs=["DS"], process_unknown_VRs=False)
    ds = read_dataset(io.BytesIO(data), True, True)
    assert ds.ImagePositionPatient == [1, 2, 3]
    assert ds[0x00200037].VM == 2


def test_convert_value_of_a_raw_sequence_element_gives_its_items():
    from dicomconstruct.filereader import data_element_generator
    from dicomconstruct.sequence import Sequence
    from dicomconstruct.values import convert_value

    item = _le_element(0x00100020, None, b"ID")
    value = b"\xfe\xff\x00\xe0" + struct.pack("<L", len(item)) + item
    data = struct.pack("<HHL", 0x0008, 0x1115, len(value)) + value
    raw = next(data_element_generator(io.BytesIO(data), True, True))
    seq = convert_value("SQ", raw)
    assert isinstance(seq, Sequence) and seq[0].PatientID == "ID"
