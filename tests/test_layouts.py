"""The construct layouts are the single source of truth: the reader's fast codecs agree with
them, and every element of the corpus parses and rebuilds byte for byte through them."""

from __future__ import annotations

import io
import struct
import warnings

import pytest
from construct import ConstructError
from hypothesis import given
from hypothesis import strategies as st

from dicomconstruct import dcmread, layouts, tables
from dicomconstruct.errors import DicomError

from .conftest import corpus_params

ENCODINGS = [(explicit, little) for explicit in (True, False) for little in (True, False)]


@pytest.mark.parametrize("explicit,little", ENCODINGS)
@pytest.mark.parametrize("long_length", [True, False])
@given(
    group=st.integers(0, 0xFFFF),
    element=st.integers(0, 0xFFFF),
    vr=st.sampled_from(sorted(tables.vr_table())),
    length=st.integers(0, 0xFFFF),
)
def test_fixed_codec_packs_and_unpacks_exactly_like_its_construct_layout(
    explicit, little, long_length, group, element, vr, length
):
    layout = layouts.element_header(explicit, little, long_length)
    codec = layouts.FixedCodec(layout)
    fields = {"group": group, "element": element, "length": length}
    if explicit:
        fields["VR"] = vr.encode()
        if long_length:
            fields["reserved"] = b"\0\0"
    built = layout.build(fields)
    assert built == codec.pack(*(fields[name] for name in codec.names))
    assert codec.parse_container(built) == layout.parse(built)
    assert codec.size == layout.sizeof()


def test_explicit_vr_header_sizes_follow_ps3_5_tables_7_1_1_and_7_1_2():
    assert layouts.FixedCodec(layouts.element_header(True, True, True)).size == 12
    assert layouts.FixedCodec(layouts.element_header(True, True, False)).size == 8
    assert layouts.FixedCodec(layouts.element_header(False, True)).size == 8
    assert layouts.FixedCodec(layouts.file_preamble).struct.format == "<128s4s"
    long_vrs = {vr.decode() for vr in tables.long_length_vrs()}
    assert long_vrs == {
        "OB",
        "OD",
        "OF",
        "OL",
        "OV",
        "OW",
        "SQ",
        "SV",
        "UC",
        "UN",
        "UR",
        "UT",
        "UV",
    }


def test_transfer_syntax_table_selects_the_layout():
    cases = {
        "1.2.840.10008.1.2": (False, True, False),
        "1.2.840.10008.1.2.1": (True, True, False),
        "1.2.840.10008.1.2.2": (True, False, False),
        "1.2.840.10008.1.2.1.99": (True, True, True),
        "1.2.840.10008.1.2.4.50": (True, True, False),
    }
    for uid, (explicit, little, deflated) in cases.items():
        enc, is_deflated, _ = layouts.encoding_for_transfer_syntax(uid)
        assert (enc.explicit_vr, enc.little_endian, is_deflated) == (explicit, little, deflated)
    enc, _, encapsulated = layouts.encoding_for_transfer_syntax("1.2.840.10008.1.2.4.50")
    assert encapsulated


def test_data_element_layout_builds_what_it_parses_for_each_encoding():
    for explicit, little in ENCODINGS:
        layout = layouts.data_element(explicit, little)
        u16 = "<H" if little else ">H"
        u32 = "<I" if little else ">I"
        tag = struct.pack(u16, 0x0010) + struct.pack(u16, 0x0010)
        if explicit:
            raw = tag + b"PN" + struct.pack(u16, 8) + b"Doe^Jane"
        else:
            raw = tag + struct.pack(u32, 8) + b"Doe^Jane"
        parsed = layout.parse(raw)
        assert parsed.value == b"Doe^Jane"
        assert layout.build(parsed) == raw


def test_undefined_length_sequence_layout_round_trips_with_its_delimiters():
    layout = layouts.data_element(True, True)
    item_delim = struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
    seq_delim = struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
    inner = struct.pack("<HH", 0x0008, 0x0100) + b"SH" + struct.pack("<H", 4) + b"T-D1"
    raw = (
        struct.pack("<HH", 0x0008, 0x1032)
        + b"SQ\0\0"
        + struct.pack("<I", 0xFFFFFFFF)
        + struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF)
        + inner
        + item_delim
        + seq_delim
    )
    parsed = layout.parse(raw)
    assert len(parsed.value) == 2  # one item, then the sequence delimiter
    assert parsed.value[0].value[0].value == b"T-D1"
    assert layout.build(parsed) == raw


def test_deflate_layout_inflates_and_deflates():
    data = b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100" * 10
    packed = layouts.deflated_data_set.build(data)
    assert layouts.deflated_data_set.parse(packed) == data
    with pytest.raises(DicomError):
        layouts.inflate(b"\xff\xff\xff\xff")


def _header_size(elem, explicit: bool) -> int:
    if not explicit:
        return 8
    return 12 if elem.file_VR.encode() in tables.long_length_vrs() else 8


def _elements_in_file_order(ds):
    return sorted(ds._dict.values(), key=lambda e: e.value_offset)


@corpus_params()
def test_every_corpus_element_parses_and_rebuilds_through_the_construct_layout(path):
    """Each top-level element the fast reader found is parsed again by the interpreted
    construct layout at the same offset: same header, same value bytes; and building the parsed
    container gives back the very bytes of the file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(path, force=True)
        except DicomError:
            pytest.skip("the file is malformed; test_corpus checks the error")
    if ds._where:  # deflated: the elements live in the inflated stream
        pytest.skip("deflated data set: covered by test_deflated_file_parses_through_layout")
    data = path.read_bytes()
    checked = skipped = 0
    for dataset, explicit, little in (
        (ds.file_meta, not ds.file_meta._implicit_vr, True),
        (ds, not ds.is_implicit_VR, ds.is_little_endian),
    ):
        layout = layouts.data_element(explicit, little)
        for elem in _elements_in_file_order(dataset):
            if elem._VR is not None and elem._VR.encode() not in _vr_codes():
                skipped += 1  # an unknown VR: the reader's own rule (pydicom's), not a table's
                continue
            start = elem.value_offset - _header_size(elem, explicit)
            stream = io.BytesIO(data)
            stream.seek(start)
            try:
                parsed = layout.parse_stream(stream)
            except ConstructError as exc:
                if elem.VR == "SQ" and elem.is_undefined_length:
                    skipped += 1  # items in another encoding (PS3.5 §6.2.2): the reader's job
                    continue
                raise AssertionError(f"{elem.tag} at {start}: {exc}") from None
            end = stream.tell()
            assert (parsed.header.group << 16 | parsed.header.element) == elem.tag
            if not elem.is_undefined_length:
                assert parsed.header.length == elem.length
                if elem.raw is not None:
                    assert parsed.value == elem.raw
            assert layout.build(parsed) == data[start:end]
            checked += 1
    assert checked + skipped == len(ds.file_meta) + len(ds)
    assert skipped <= 2


def _vr_codes():
    return {vr.encode() for vr in tables.vr_table()}


def test_deflated_file_parses_through_layout():
    import pydicom.data

    path = pydicom.data.get_testdata_file("image_dfl.dcm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(path)
    data = open(path, "rb").read()
    meta_end = max(e.value_offset + e.length for e in ds.file_meta._dict.values())
    inflated = layouts.deflated_data_set.parse(data[meta_end:])
    elements = layouts.data_element(True, True)
    stream = io.BytesIO(inflated)
    tags = []
    while stream.tell() < len(inflated):
        parsed = elements.parse_stream(stream)
        tags.append(parsed.header.group << 16 | parsed.header.element)
    assert tags == sorted(ds._dict)
    assert ds.trailing_bytes == data[meta_end:][-len(ds.trailing_bytes) :]
