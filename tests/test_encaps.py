"""Encapsulated Pixel Data (PS3.5 §A.4) against pydicom's encaps on every encapsulated file of
pydicom's corpus, plus malformed values that must raise DicomError at the right offset."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import pydicom
import pydicom.encaps as pe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydicom.filereader import read_file_meta_info

from dicomconstruct import encaps, layouts
from dicomconstruct.encaps import (
    EncapsulatedPixelData,
    encapsulate,
    encapsulate_extended,
    read_encapsulated,
)
from dicomconstruct.errors import DicomError, TruncatedDataError

from .conftest import CORPUS


def _corpus() -> list[Path]:
    """pydicom's wheel corpus and pydicom-data (when installed): the suite's shared list."""
    return CORPUS


def _encapsulated_files() -> tuple[list[Path], list[Path]]:
    """The files whose Transfer Syntax encapsulates Pixel Data, by pydicom's reading: those
    it reads Pixel Data from, and those it does not."""
    found, without = [], []
    for path in _corpus():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                meta = read_file_meta_info(path)
            except Exception:
                continue
            uid = meta.get("TransferSyntaxUID")
            if uid is None or not uid.is_encapsulated:
                continue
            has_pixels = "PixelData" in pydicom.dcmread(path)
        (found if has_pixels else without).append(path)
    return found, without


ENCAPSULATED, WITHOUT_PIXEL_DATA = _encapsulated_files()


def _oracle(path: Path) -> pydicom.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path)


def _frames_count(ds) -> int:
    return int(ds.get("NumberOfFrames", 1) or 1)


def test_the_corpus_has_the_encapsulated_files_it_should():
    names = {p.name for p in ENCAPSULATED}
    assert len(ENCAPSULATED) >= 40
    assert {"JPEG2000-embedded-sequence-delimiter.dcm", "emri_small_RLE.dcm"} <= names
    assert "SC_rgb_rle_2frame.dcm" in names and "JPEG2000.dcm" in names
    # an encapsulated syntax without Pixel Data, and Pixel Data cut off before its delimiter
    assert {p.name for p in WITHOUT_PIXEL_DATA} <= {
        "UN_sequence.dcm",
        "emri_small_jpeg_2k_lossless_too_short.dcm",
    }


# ---------------------------------------------------------------------------------------------
# The oracle: every encapsulated file of the corpus.
@pytest.mark.parametrize("path", ENCAPSULATED, ids=[p.name for p in ENCAPSULATED])
def test_structure_and_frames_match_pydicom(path):
    ds = _oracle(path)
    value = ds.PixelData
    count = _frames_count(ds)
    pixel_data = read_encapsulated(value)

    assert pixel_data.offset_table == pe.parse_basic_offsets(value)
    first = pixel_data.first_fragment_offset
    assert first == 8 + 4 * len(pixel_data.offset_table)
    number, offsets = pe.parse_fragments(value[first:])
    assert len(pixel_data.fragments) == number
    assert pixel_data.fragment_offsets == [first + offset for offset in offsets]
    assert [bytes(f) for f in pixel_data.fragments] == list(pe.generate_fragments(value[first:]))

    expected = list(pe.generate_frames(value, number_of_frames=count))
    assert list(pixel_data.frames(count)) == expected
    assert len(expected) == count
    for index, frame in enumerate(expected):
        assert pixel_data.frame(index, count) == frame
    # the layouts rebuild the value byte for byte
    assert pixel_data.encode() == value
    assert layouts.encapsulated_pixel_data(True).build(
        layouts.encapsulated_pixel_data(True).parse(value)
    ) == bytes(value)


@pytest.mark.parametrize("path", ENCAPSULATED, ids=[p.name for p in ENCAPSULATED])
def test_pydicom_named_functions_match_pydicom(path):
    ds = _oracle(path)
    value = ds.PixelData
    count = _frames_count(ds)
    first = 8 + 4 * len(pe.parse_basic_offsets(value))

    assert encaps.parse_basic_offsets(value) == pe.parse_basic_offsets(value)
    assert encaps.parse_basic_offset_table(value) == pe.parse_basic_offsets(value)
    assert encaps.parse_fragments(value[first:]) == pe.parse_fragments(value[first:])
    assert list(encaps.generate_fragments(value[first:])) == list(
        pe.generate_fragments(value[first:])
    )
    assert list(encaps.generate_fragmented_frames(value, number_of_frames=count)) == list(
        pe.generate_fragmented_frames(value, number_of_frames=count)
    )
    frames = list(encaps.generate_frames(value, number_of_frames=count))
    assert frames == list(pe.generate_frames(value, number_of_frames=count))
    for index in range(count):
        assert encaps.get_frame(value, index, number_of_frames=count) == pe.get_frame(
            value, index, number_of_frames=count
        )
    if "ExtendedOffsetTable" in ds:
        extended = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
        assert list(encaps.generate_frames(value, extended_offsets=extended)) == list(
            pe.generate_frames(value, extended_offsets=extended)
        )


@pytest.mark.parametrize("path", ENCAPSULATED, ids=[p.name for p in ENCAPSULATED])
def test_encapsulating_the_frames_matches_pydicom(path):
    ds = _oracle(path)
    frames = list(pe.generate_frames(ds.PixelData, number_of_frames=_frames_count(ds)))
    for has_bot in (True, False):
        built = encapsulate(frames, has_bot=has_bot)
        assert built == pe.encapsulate(frames, has_bot=has_bot)
        again = read_encapsulated(built)
        assert list(again.frames(len(frames))) == [f + b"\0" * (len(f) % 2) for f in frames]
    if all(len(frame) >= 6 for frame in frames):
        assert encapsulate(frames, 3) == pe.encapsulate(frames, 3)
    data, offsets, lengths = encapsulate_extended(frames)
    assert (data, offsets, lengths) == pe.encapsulate_extended(frames)
    assert list(encaps.generate_frames(data, extended_offsets=(offsets, lengths))) == list(
        pe.generate_frames(data, extended_offsets=(offsets, lengths))
    )


@pytest.mark.parametrize("path", ENCAPSULATED, ids=[p.name for p in ENCAPSULATED])
def test_dcmread_gives_the_value_pydicom_gives(path):
    from dicomconstruct.filereader import dcmread

    ds = _oracle(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = dcmread(path)
        value = ours[0x7FE00010].value
    assert bytes(value) == bytes(ds.PixelData)
    count = _frames_count(ds)
    assert list(read_encapsulated(value).frames(count)) == list(
        pe.generate_frames(ds.PixelData, number_of_frames=count)
    )


def test_embedded_sequence_delimiter_is_inside_a_fragment():
    """The fragment of this file holds the bytes FE FF DD E0: stepping item by item, the walk
    does not take them for the end of the value."""
    (path,) = [p for p in ENCAPSULATED if p.name == "JPEG2000-embedded-sequence-delimiter.dcm"]
    value = _oracle(path).PixelData
    pixel_data = read_encapsulated(value)
    assert b"\xfe\xff\xdd\xe0" in bytes(pixel_data.fragments[0])
    assert pixel_data.offset_table == [] and len(pixel_data.fragments) == 1
    assert list(pixel_data.frames(1)) == list(pe.generate_frames(value, number_of_frames=1))


# ---------------------------------------------------------------------------------------------
# Built values: the frame rules, the buffers, the byte orders.
def _item(value: bytes, little: bool = True) -> bytes:
    return layouts.fragment(little).build(dict(length=len(value), value=value))


def _header(group: int, element: int, length: int, little: bool = True) -> bytes:
    return layouts.item_header(little).build(dict(group=group, element=element, length=length))


JPEG = [b"\xff\xd8" + bytes([i]) * (4 + 2 * i) + b"\xff\xd9" for i in range(4)]


def test_offset_table_with_several_fragments_per_frame():
    value = encapsulate(JPEG, fragments_per_frame=2)
    pixel_data = read_encapsulated(value)
    assert len(pixel_data.fragments) == 8
    assert pixel_data.offset_table == pe.parse_basic_offsets(value)
    assert list(pixel_data.frames()) == list(pe.generate_frames(value)) == JPEG
    assert [pixel_data.frame(i) for i in range(4)] == [pe.get_frame(value, i) for i in range(4)]
    with pytest.raises(ValueError, match="enough offsets"):
        pixel_data.frame(4)
    with pytest.raises(ValueError, match="enough offsets"):
        pe.get_frame(value, 4)


def test_eoi_markers_split_frames_like_pydicom():
    # two frames of two fragments each, no offset table: split after each EOI marker
    fragments = [b"\xff\xd8ab", b"cd\xff\xd9", b"\xff\xd8ef", b"gh\xff\xd9"]
    value = _item(b"") + b"".join(_item(f) for f in fragments)
    pixel_data = read_encapsulated(value)
    expected = list(pe.generate_frames(value, number_of_frames=2))
    assert (
        list(pixel_data.frames(2)) == expected == [b"\xff\xd8abcd\xff\xd9", b"\xff\xd8efgh\xff\xd9"]
    )
    assert [pixel_data.frame(i, 2) for i in range(2)] == expected
    with pytest.raises(ValueError, match="insufficient"):
        pixel_data.frame(2, 2)
    with pytest.raises(ValueError, match="insufficient"):
        pe.get_frame(value, 2, number_of_frames=2)


@pytest.mark.parametrize(
    "fragments,count,unended",
    [
        ([b"\xff\xd8ab", b"cd\xff\xd9", b"\xff\xd8ef", b"ghij"], 2, True),  # no last marker
        ([b"\xff\xd8ab", b"cd\xff\xd9", b"\xff\xd8ef", b"gh\xff\xd9"], 3, False),  # fewer
        ([b"\xff\xd9ab", b"cd\xff\xd9", b"\xff\xd8ef", b"ghij"], 2, True),  # more, then none
    ],
)
def test_eoi_warnings_like_pydicom(fragments, count, unended):
    value = _item(b"") + b"".join(_item(f) for f in fragments)
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        expected = list(pe.generate_frames(value, number_of_frames=count))
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        assert list(read_encapsulated(value).frames(count)) == expected
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
    assert ours and all(w.filename == __file__ for w in ours)  # the caller's line
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        assert list(encaps.generate_frames(value, number_of_frames=count)) == expected
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
    assert all(w.filename == __file__ for w in ours)
    last = len(expected) - 1
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        assert read_encapsulated(value).frame(last, count) == expected[-1]
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        assert pe.get_frame(value, last, number_of_frames=count) == expected[-1]
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
    assert len(ours) == unended and all(w.filename == __file__ for w in ours)


def test_one_fragment_is_one_frame_and_frames_need_a_count():
    single = _item(b"") + _item(b"only")
    assert list(read_encapsulated(single).frames()) == list(pe.generate_frames(single))
    with pytest.raises(ValueError, match="'index' must be 0"):
        read_encapsulated(single).frame(1)
    two = _item(b"") + _item(b"ab") + _item(b"cd")
    for call in (
        lambda: list(read_encapsulated(two).frames()),
        lambda: read_encapsulated(two).frame(0),
        lambda: list(pe.generate_frames(two)),
        lambda: pe.get_frame(two, 0),
    ):
        with pytest.raises(ValueError, match="number of frames"):
            call()
    assert list(read_encapsulated(two).frames(1)) == list(
        pe.generate_frames(two, number_of_frames=1)
    )
    assert read_encapsulated(two).frame(0, 1) == b"abcd"
    with pytest.raises(ValueError, match="must be 0"):
        read_encapsulated(two).frame(1, 1)
    with pytest.raises(ValueError, match="invalid"):
        read_encapsulated(two).frame(2, 2)
    with pytest.raises(ValueError):
        read_encapsulated(two).frame(-1, 2)


def test_fewer_fragments_than_frames_and_no_fragments_raise():
    two = _item(b"") + _item(b"ab") + _item(b"cd")
    with pytest.raises(ValueError, match="fewer fragments"):
        list(pe.generate_frames(two, number_of_frames=3))
    for call in (
        lambda: list(read_encapsulated(two).frames(3)),
        lambda: list(encaps.generate_frames(two, number_of_frames=3)),
    ):
        with pytest.raises(DicomError, match=r"fewer fragments than frames.*\(2 fragments") as info:
            call()
        assert info.value.offset == 18 and info.value.path == "Pixel Data / fragment 1"


def test_get_frame_with_fewer_fragments_than_frames_searches_markers_as_pydicom():
    """pydicom's get_frame (unlike its generate_frames) splits at the JPEG markers when there
    are fewer fragments than frames: a frame that is there is returned, one past them refused."""
    value = _item(b"") + b"".join(_item(f) for f in (b"\xff\xd8ab", b"cd\xff\xd9", b"ef\xff\xd9"))
    assert encaps.get_frame(value, 1, number_of_frames=5) == b"ef\xff\xd9"
    assert encaps.get_frame(value, 1, number_of_frames=5) == pe.get_frame(
        value, 1, number_of_frames=5
    )
    with pytest.raises(ValueError, match="insufficient pixel data to contain 3 frames"):
        encaps.get_frame(value, 2, number_of_frames=5)
    empty = _item(b"")
    assert read_encapsulated(empty).fragments == []
    with pytest.raises(DicomError, match="no fragments") as info:
        list(read_encapsulated(empty).frames(1))
    assert info.value.offset == 8 and info.value.path == "Pixel Data / fragment 0"


def test_extended_offsets_as_bytes_or_lists():
    data, offsets, lengths = encapsulate_extended(JPEG[:3])
    as_lists = (
        [int.from_bytes(offsets[i : i + 8], "little") for i in range(0, len(offsets), 8)],
        [int.from_bytes(lengths[i : i + 8], "little") for i in range(0, len(lengths), 8)],
    )
    pixel_data = read_encapsulated(data)
    for table in ((offsets, lengths), as_lists):
        assert list(pixel_data.frames(extended_offsets=table)) == JPEG[:3]
        assert pixel_data.frame(2, extended_offsets=table) == pe.get_frame(
            data, 2, extended_offsets=table
        )
        assert list(encaps.generate_fragmented_frames(data, extended_offsets=table)) == list(
            pe.generate_fragmented_frames(data, extended_offsets=table)
        )
    with pytest.raises(ValueError, match="enough offsets"):
        pixel_data.frame(3, extended_offsets=as_lists)
    with pytest.raises(DicomError, match="not the start of a fragment") as info:
        list(pixel_data.frames(extended_offsets=([0, 12, 30], as_lists[1])))
    assert info.value.offset == 8 and info.value.path == "Extended Offset Table / offset 1"
    with pytest.raises(DicomError, match="longer than") as info:
        list(pixel_data.frames(extended_offsets=(as_lists[0], [8, 100, 12])))
    assert info.value.offset == 8 and info.value.path == "Extended Offset Table Lengths / length 1"
    with pytest.raises(DicomError, match="multiple of 8"):
        list(pixel_data.frames(extended_offsets=(offsets[:-1], lengths)))
    with pytest.raises(DicomError, match="3 offsets but"):
        list(pixel_data.frames(extended_offsets=(offsets, lengths[:8])))


def test_big_endian_items():
    value = _item(b"\0\0\0\0\0\0\0\x0c", False)  # offsets [0, 12], big endian
    value += _item(b"abcd", False) + _item(b"efgh", False)
    pixel_data = read_encapsulated(value, little_endian=False)
    assert pixel_data.offset_table == [0, 12] == pe.parse_basic_offsets(value, endianness=">")
    assert list(pixel_data.frames()) == [b"abcd", b"efgh"]
    assert list(encaps.generate_frames(value, endianness=">")) == list(
        pe.generate_frames(value, endianness=">")
    )
    assert encaps.parse_fragments(value[16:], endianness=">") == pe.parse_fragments(
        value[16:], endianness=">"
    )
    assert pixel_data.encode() == value
    with pytest.raises(DicomError, match=r"unexpected tag \(FEFF,00E0\) instead of \(FFFE,E000\)"):
        read_encapsulated(value)  # read as little endian, the tag is (FEFF,00E0)
    with pytest.raises(ValueError, match="endianness"):
        encaps.parse_basic_offsets(value, endianness="!")


def test_file_like_buffers_are_positioned_as_pydicom_positions_them():
    value = encapsulate(JPEG)
    prefix = b"0123456789"

    def buffer():
        stream = io.BytesIO(prefix + value)
        stream.seek(len(prefix))
        return stream

    ours, theirs = buffer(), buffer()
    assert encaps.parse_basic_offsets(ours) == pe.parse_basic_offsets(theirs)
    assert ours.tell() == theirs.tell() == len(prefix) + 8 + 16
    assert encaps.parse_fragments(ours) == pe.parse_fragments(theirs)
    assert ours.tell() == theirs.tell()
    assert list(encaps.generate_fragments(ours)) == list(pe.generate_fragments(theirs))
    ours, theirs = buffer(), buffer()
    assert encaps.get_frame(ours, 2) == pe.get_frame(theirs, 2)
    assert ours.tell() == theirs.tell() == len(prefix)
    assert list(encaps.generate_frames(buffer())) == list(pe.generate_frames(buffer())) == JPEG
    stream = io.BytesIO(prefix + value[:45])
    stream.seek(len(prefix))
    with pytest.raises(TruncatedDataError) as info:
        list(encaps.generate_frames(stream))
    # offsets count from the start of the file, not from where the value starts
    assert info.value.offset == len(prefix) + 40
    assert info.value.path == "Pixel Data / fragment 1"
    with pytest.raises(TypeError):
        encaps.parse_basic_offsets("not bytes")


def test_memoryview_and_bytearray_values():
    value = encapsulate(JPEG)
    for wrapped in (bytearray(value), memoryview(value)):
        assert read_encapsulated(wrapped) == read_encapsulated(value)
        assert list(encaps.generate_frames(wrapped)) == JPEG
    fragment = read_encapsulated(value).fragments[0]
    assert isinstance(fragment, memoryview) and fragment.obj is value  # nothing copied


# ---------------------------------------------------------------------------------------------
# Malformed values: a DicomError at the offset of the faulty item, with its path.
BOT = _item(b"")
FRAGS = [_item(b"\xff\xd8" + bytes([i]) * 6) for i in range(5)]  # 16 bytes each


def _value(*parts: bytes) -> bytes:
    return b"".join(parts)


MALFORMED = {
    "empty value": (b"", TruncatedDataError, 0, "basic offset table"),
    "offset table header cut off": (
        BOT[:5],
        TruncatedDataError,
        0,
        "basic offset table",
    ),
    "offset table is a delimiter": (
        _value(_header(0xFFFE, 0xE0DD, 0), *FRAGS),
        DicomError,
        0,
        "basic offset table",
    ),
    "offset table length 6": (
        _value(_header(0xFFFE, 0xE000, 6), b"\0" * 6, *FRAGS),
        DicomError,
        0,
        "basic offset table / length",
    ),
    "offset table length past the end": (
        _value(_header(0xFFFE, 0xE000, 400), *FRAGS),
        TruncatedDataError,
        0,
        "basic offset table / length",
    ),
    "offset table undefined length": (
        _value(_header(0xFFFE, 0xE000, 0xFFFFFFFF), *FRAGS),
        TruncatedDataError,
        0,
        "basic offset table / length",
    ),
    "first offset not 0": (
        _value(_item(b"\x10\0\0\0\x20\0\0\0"), *FRAGS),
        DicomError,
        8,
        "basic offset table / offset 0",
    ),
    "offsets not increasing": (
        _value(_item(b"\0\0\0\0\x20\0\0\0\x20\0\0\0"), *FRAGS),
        DicomError,
        16,
        "basic offset table / offset 2",
    ),
    "offset inside a fragment": (
        _value(_item(b"\0\0\0\0\x18\0\0\0"), *FRAGS),
        DicomError,
        12,
        "basic offset table / offset 1",
    ),
    "offset past the fragments": (
        _value(_item(b"\0\0\0\0\x00\x01\0\0"), *FRAGS),
        DicomError,
        12,
        "basic offset table / offset 1",
    ),
    "fragment 3 tag is (FFFE,E00D)": (
        _value(BOT, *FRAGS[:3], _header(0xFFFE, 0xE00D, 8), FRAGS[3][8:], FRAGS[4]),
        DicomError,
        8 + 3 * 16,
        "fragment 3",
    ),
    "fragment 3 tag is a data element": (
        _value(BOT, *FRAGS[:3], b"\xe0\x7f\x10\x00\x08\0\0\0", FRAGS[3][8:]),
        DicomError,
        8 + 3 * 16,
        "fragment 3",
    ),
    "fragment 3 length past the end": (
        _value(BOT, *FRAGS[:3], FRAGS[3][:12]),
        TruncatedDataError,
        8 + 3 * 16,
        "fragment 3 / length",
    ),
    "fragment 3 odd length": (
        _value(BOT, *FRAGS[:3], _item(b"abc"), FRAGS[4]),
        DicomError,
        8 + 3 * 16,
        "fragment 3 / length",
    ),
    "fragment 3 undefined length": (
        _value(BOT, *FRAGS[:3], _header(0xFFFE, 0xE000, 0xFFFFFFFF), FRAGS[4]),
        TruncatedDataError,
        8 + 3 * 16,
        "fragment 3 / length",
    ),
    "fragment 3 header cut off": (
        _value(BOT, *FRAGS[:3], FRAGS[3][:5]),
        TruncatedDataError,
        8 + 3 * 16,
        "fragment 3",
    ),
    "fragment 3 header cut off after 2 bytes": (
        _value(BOT, *FRAGS[:3], b"\xfe\xff"),
        TruncatedDataError,
        8 + 3 * 16,
        "fragment 3",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_values_raise_at_the_faulty_item(case):
    value, error, offset, path = MALFORMED[case]
    for call in (
        lambda: read_encapsulated(value),
        lambda: list(encaps.generate_frames(value, number_of_frames=5)),
        lambda: list(encaps.generate_fragmented_frames(value, number_of_frames=5)),
        lambda: encaps.get_frame(value, 0, number_of_frames=5),
    ):
        with pytest.raises(error) as info:
            call()
        assert type(info.value) is error
        assert (info.value.offset, info.value.path) == (offset, f"Pixel Data / {path}")
        assert f"at byte {offset} " in str(info.value)


def test_malformed_fragments_raise_from_the_fragment_functions_too():
    value = _value(*FRAGS[:3], _item(b"abc"))
    with pytest.raises(DicomError, match="odd") as info:
        encaps.parse_fragments(value)
    assert (info.value.offset, info.value.path) == (48, "Pixel Data / fragment 3 / length")
    fragments = encaps.generate_fragments(value)
    assert [next(fragments) for _ in range(3)] == [f[8:] for f in FRAGS[:3]]
    with pytest.raises(DicomError):
        next(fragments)
    with pytest.raises(DicomError, match="multiple of 4"):
        encaps.parse_basic_offset_table(_value(_header(0xFFFE, 0xE000, 6), b"\0" * 6))
    with pytest.raises(ValueError, match="multiple of 4"):  # pydicom agrees
        pe.parse_basic_offsets(_value(_header(0xFFFE, 0xE000, 6), b"\0" * 6))


def test_a_sequence_delimiter_ends_the_value():
    """The value as stored in a file, delimiter included, reads like the value dcmread gives:
    the walk stops at (FFFE,E0DD) as pydicom's does."""
    value = _value(BOT, *FRAGS[:2])
    with_delimiter = value + _header(0xFFFE, 0xE0DD, 0) + b"next element"
    assert read_encapsulated(with_delimiter) == read_encapsulated(value)
    assert encaps.parse_fragments(with_delimiter[8:]) == pe.parse_fragments(with_delimiter[8:])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(max_size=120),
    count=st.integers(1, 6),
    cut=st.integers(0, 200),
    flips=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=4),
)
def test_any_bytes_give_frames_or_a_dicom_error(data, count, cut, flips):
    """Never struct.error, IndexError or the like: random values, and valid ones mutated."""
    valid = bytearray(encapsulate(JPEG[:3], fragments_per_frame=2))
    for position, byte in flips:
        if position < len(valid):
            valid[position] = byte
    for value in (data, bytes(valid[:cut]), bytes(valid)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pixel_data = read_encapsulated(value)
                frames = list(pixel_data.frames(count))
                if frames:
                    pixel_data.frame(len(frames) - 1, count)
        except DicomError as error:
            assert error.path.startswith("Pixel Data / ")
            assert error.offset is not None and 0 <= error.offset <= len(value)


# ---------------------------------------------------------------------------------------------
# Encapsulating: byte for byte pydicom's, through the fragment layout.
@settings(max_examples=200, deadline=None)
@given(
    frames=st.lists(st.binary(max_size=40), max_size=5),
    fragments_per_frame=st.integers(1, 4),
    has_bot=st.booleans(),
)
def test_encapsulate_matches_pydicom(frames, fragments_per_frame, has_bot):
    try:
        expected = pe.encapsulate(frames, fragments_per_frame, has_bot)
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            encapsulate(frames, fragments_per_frame, has_bot)
        return
    built = encapsulate(frames, fragments_per_frame, has_bot)
    assert built == expected
    pixel_data = read_encapsulated(built)
    assert pixel_data.encode() == built
    if frames and has_bot:
        padded = [f + b"\0" * (len(f) % 2) for f in frames]
        assert list(pixel_data.frames()) == padded
    assert list(encaps.itemize_frame(frames[0], 1) if frames and frames[0] else []) == list(
        pe.itemize_frame(frames[0], 1) if frames and frames[0] else []
    )


def test_encapsulate_extended_matches_pydicom():
    for frames in ([b"\xff\xd8\xff\xd9"], JPEG, [b"abc", b"de", b"f" * 11]):
        assert encapsulate_extended(frames) == pe.encapsulate_extended(frames)
    assert encaps.itemize_fragment(b"odd") == pe.itemize_fragment(b"odd")
    assert list(encaps.fragment_frame(b"x" * 12, 4)) == list(pe.fragment_frame(b"x" * 12, 4))


def test_encapsulated_pixel_data_equality_and_repr():
    pixel_data = read_encapsulated(encapsulate(JPEG))
    assert repr(pixel_data) == (
        "<EncapsulatedPixelData: offset table [0, 16, 34, 54], 4 fragments of 44 bytes>"
    )
    assert pixel_data == EncapsulatedPixelData(
        [0, 16, 34, 54],
        [bytes(f) for f in pixel_data.fragments],
        [24, 40, 58, 78],
    )
    assert pixel_data != read_encapsulated(encapsulate(JPEG, has_bot=False))
    assert (pixel_data == "x") is False


# ---------------------------------------------------------------------------------------------
# pydicom 3's buffer API: EncapsulatedBuffer reads the items on demand from the frames' buffers.
def _buffers(frames):
    return [io.BytesIO(frame) for frame in frames]


@pytest.mark.parametrize("use_bot", [False, True])
def test_encapsulated_buffer_is_the_value_encapsulate_builds(use_bot):
    frames = [b"\xff\xd8odd\xff\xd9", b"\xff\xd8even!\xff\xd9", b"x" * 301]
    ours = encaps.EncapsulatedBuffer(_buffers(frames), use_bot=use_bot)
    theirs = pe.EncapsulatedBuffer(_buffers(frames), use_bot=use_bot)
    built = encapsulate(frames, has_bot=use_bot)
    assert ours.encapsulated_length == theirs.encapsulated_length == len(built)
    assert ours.read(None) == theirs.read(None) == built
    assert ours.tell() == len(built) and ours.read() == b""
    for name in ("basic_offset_table", "offsets", "lengths", "extended_offsets"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.extended_lengths == theirs.extended_lengths
    assert (built, ours.extended_offsets, ours.extended_lengths)[1:] == encapsulate_extended(
        frames
    )[1:]
    # reads of every size from every position give the same bytes as slicing the value
    for start in range(0, len(built), 7):
        for size in (0, 1, 5, 13, 64):
            ours.seek(start)
            theirs.seek(start)
            assert ours.read(size) == theirs.read(size) == built[start : start + size]
    ours.seek(0)
    assert list(encaps.generate_frames(ours, number_of_frames=len(frames))) == [
        f + b"\0" * (len(f) % 2) for f in frames
    ]
    assert ours.readable() and ours.seekable() and not ours.closed


def test_encapsulated_buffer_seek_and_refusals_match_pydicom():
    ours = encaps.EncapsulatedBuffer([io.BytesIO(b"abc")])
    theirs = pe.EncapsulatedBuffer([io.BytesIO(b"abc")])
    for offset, whence in ((5, 0), (-2, 1), (-100, 1), (-3, 2), (-100, 2), (40, 0), (3, 1)):
        assert ours.seek(offset, whence) == theirs.seek(offset, whence)
    for offset, whence, message in ((-1, 0, "Negative seek"), (0, 3, "Invalid 'whence'")):
        with pytest.raises(ValueError, match=message):
            ours.seek(offset, whence)
    with pytest.raises(TypeError, match="must be a list"):
        encaps.EncapsulatedBuffer(io.BytesIO(b"ab"))
    buffers = _buffers([b"ab", b"cd"])
    both = encaps.EncapsulatedBuffer(buffers)
    buffers[1].close()
    assert both.closed


def test_encapsulate_buffer_functions_match_pydicom():
    frames = [b"\xff\xd8" + bytes([i]) * (3 + i) + b"\xff\xd9" for i in range(3)]
    for has_bot in (True, False):
        ours = encaps.encapsulate_buffer(_buffers(frames), has_bot=has_bot)
        assert isinstance(ours, encaps.EncapsulatedBuffer)
        assert ours.read(None) == encapsulate(frames, has_bot=has_bot)
    buffer, offsets, lengths = encaps.encapsulate_extended_buffer(_buffers(frames))
    data, *tables = pe.encapsulate_extended_buffer(_buffers(frames))
    assert [offsets, lengths] == tables
    assert buffer.read(None) == encapsulate_extended(frames)[0]


def test_buffered_item_reads_its_header_value_and_padding():
    item = encaps._BufferedItem(io.BytesIO(b"abc"))
    assert item.length == 12 and item.read(0, 100) == _item(b"abc\0")
    assert item.read(10, 5) == b"c\0" and item.read(11, 1) == b"\0"
    with pytest.raises(ValueError, match=r"closed interval \[0, 11\]"):
        item.read(12, 1)


# ---------------------------------------------------------------------------------------------
# The pieces of pydicom's behaviour on edges of the data, and its deprecated names.
def test_a_delimiter_tag_without_its_length_ends_the_fragments():
    value = _value(*FRAGS[:2], b"\xfe\xff\xdd\xe0")
    assert encaps.parse_fragments(value) == pe.parse_fragments(value) == (2, [0, 16])
    with pytest.raises(TruncatedDataError, match="item header cut off: 4 of 8") as info:
        encaps.parse_fragments(_value(*FRAGS[:2], b"\xfe\xff\x00\xe0"))
    assert (info.value.offset, info.value.path) == (32, "Pixel Data / fragment 2")
    assert "Unable to determine the length of the item at offset 32" in str(info.value)


def test_fragment_errors_carry_pydicoms_messages_and_our_offsets():
    undefined = _value(FRAGS[0], _header(0xFFFE, 0xE000, 0xFFFFFFFF), FRAGS[1])
    with pytest.raises(TruncatedDataError, match="Undefined item length at offset 20 wh") as info:
        encaps.parse_fragments(undefined)
    assert (info.value.offset, info.value.path) == (16, "Pixel Data / fragment 1 / length")
    wrong = _value(FRAGS[0], _header(0x0010, 0x0010, 0), FRAGS[1])
    with pytest.raises(DicomError, match=r"Unexpected tag '\(0010,0010\)' at offset 16") as info:
        list(encaps.generate_fragments(io.BytesIO(wrong)))
    assert (info.value.offset, info.value.path) == (16, "Pixel Data / fragment 1")


def test_file_likes_are_left_after_the_frame_yielded():
    """pydicom says the position "depends on how many frames have been yielded": here it is
    always the end of the frame's last item (pydicom's may be one fragment further on)."""
    value = encapsulate(JPEG, fragments_per_frame=2)
    ends = read_encapsulated(value).fragment_offsets[2::2] + [len(value)]  # next frame's
    ours, theirs = io.BytesIO(value), io.BytesIO(value)
    frames = encaps.generate_fragmented_frames(ours)
    for frame, expected, end in zip(
        frames, pe.generate_fragmented_frames(theirs), ends, strict=True
    ):
        assert frame == expected
        assert ours.tell() == end
    assert ours.tell() == theirs.tell() == len(value)


@pytest.mark.parametrize(
    "name",
    [
        "get_frame_offsets",
        "get_nr_fragments",
        "generate_pixel_data_fragment",
        "generate_pixel_data_frame",
        "generate_pixel_data",
        "decode_data_sequence",
        "defragment_data",
        "read_item",
        "itemise_frame",
        "itemise_fragment",
    ],
)
def test_deprecated_names_warn_and_go_with_future_behaviour(name):
    from dicomconstruct import config

    with pytest.warns(DeprecationWarning, match=f"{name} is deprecated"):
        assert callable(getattr(encaps, name))
    config._use_future = True
    try:
        with pytest.raises(AttributeError):
            getattr(encaps, name)
    finally:
        config._use_future = False
    assert name not in encaps.__all__


def _deprecated(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return getattr(encaps, name), getattr(pe, name)


def test_deprecated_functions_give_what_pydicoms_give():
    from pydicom.filebase import DicomBytesIO as TheirBytesIO

    from dicomconstruct.filebase import DicomBytesIO

    value = encapsulate(JPEG, fragments_per_frame=2)
    empty = encapsulate(JPEG[:1], has_bot=False)

    def fps(data):
        ours, theirs = DicomBytesIO(data), TheirBytesIO(data)
        ours.is_little_endian = theirs.is_little_endian = True
        return ours, theirs

    for data in (value, empty):
        (ours_f, theirs_f), (a, b) = _deprecated("get_frame_offsets"), fps(data)
        assert ours_f(a) == theirs_f(b) and a.tell() == b.tell()
        (ours_f, theirs_f), (a, b) = _deprecated("get_nr_fragments"), fps(data)
        a.seek(a.tell() + 8 + 4 * len(encaps.parse_basic_offsets(data)))
        b.seek(a.tell())
        assert ours_f(a) == theirs_f(b)
        (ours_f, theirs_f), (a, b) = _deprecated("generate_pixel_data_fragment"), fps(data)
        a.seek(8 + 4 * len(encaps.parse_basic_offsets(data)))
        b.seek(a.tell())
        assert list(ours_f(a)) == list(theirs_f(b))
        for name in ("decode_data_sequence", "defragment_data"):
            ours_f, theirs_f = _deprecated(name)
            assert ours_f(data) == theirs_f(data)
        for name in ("generate_pixel_data_frame", "generate_pixel_data"):
            ours_f, theirs_f = _deprecated(name)
            assert list(ours_f(data, 4)) == list(theirs_f(data, 4))
    read_item, their_read_item = _deprecated("read_item")
    stream = _value(FRAGS[0], _header(0x0010, 0x0010, 2), b"ab", _header(0xFFFE, 0xE0DD, 0))
    a, b = fps(stream)
    assert [read_item(a) for _ in range(4)] == [their_read_item(b) for _ in range(4)]
    a, b = fps(_header(0xFFFE, 0xE000, 0xFFFFFFFF))
    with pytest.raises(DicomError, match="Undefined Length at data position 0x4") as info:
        read_item(a)
    assert info.value.offset == 0
    get_frame_offsets, _ = _deprecated("get_frame_offsets")
    a, _ = fps(value)
    a.is_little_endian = False
    with pytest.raises(ValueError, match="'fp.is_little_endian' must be True"):
        get_frame_offsets(a)


@pytest.mark.parametrize(
    "case",
    [
        "fragment 3 tag is a data element",
        "fragment 3 length past the end",
        "fragment 3 undefined length",
        "fragment 3 header cut off",
        "offset table header cut off",
        "offset table length past the end",
    ],
)
def test_item_faults_are_the_codec_walks_own(case):
    """encaps reads items with the codec's one walk: the same fault, at the same offset and
    path, is what the walk's strict policy raises on the value's items (pydicom's message, where
    pydicom has one, comes first)."""
    from dicomconstruct.codec import walk

    value = MALFORMED[case][0]
    with pytest.raises(DicomError) as ours:
        read_encapsulated(value)
    tokens = walk.encapsulated_items(value, 0, layouts.encoding(False, True), path="Pixel Data")
    with pytest.raises(DicomError) as walks:
        list(tokens)
    assert type(ours.value) is type(walks.value)
    assert (ours.value.offset, ours.value.path) == (walks.value.offset, walks.value.path)
    assert ours.value.message.endswith(walks.value.message)
