"""The one walk of ``codec.walk``: its token stream, its policies, and pydicom's token-stream
API on top of it (``filereader.data_element_generator``)."""

from __future__ import annotations

import gzip
import io
import pathlib
import shutil
import zlib

import pydicom
import pytest

from dicomconstruct import dcmread, layouts
from dicomconstruct.codec import layouts as codec_layouts
from dicomconstruct.codec import tokens as T
from dicomconstruct.codec.policy import Strict, Tolerant
from dicomconstruct.codec.walk import Walk
from dicomconstruct.dataelem import DataElement, RawDataElement
from dicomconstruct.errors import DicomError, TruncatedDataError
from dicomconstruct.filereader import data_element_generator
from dicomconstruct.sequence import Sequence

TESTDATA = pathlib.Path(__file__).parent.parent / "testdata"
EXPLICIT_LE = codec_layouts.encoding(True, True)
IMPLICIT_LE = codec_layouts.encoding(False, True)


def _element(tag: int, vr: bytes, value: bytes) -> bytes:
    """An explicit VR little endian element, packed by the layouts' header codecs."""
    if vr in layouts.tables.long_length_vrs():
        header = EXPLICIT_LE.long_header.pack(tag >> 16, tag & 0xFFFF, vr, b"\0\0", len(value))
    else:
        header = EXPLICIT_LE.short_header.pack(tag >> 16, tag & 0xFFFF, vr, len(value))
    return header + value


def _marker(tag: int, length: int = 0) -> bytes:
    return EXPLICIT_LE.item_header.pack(tag >> 16, tag & 0xFFFF, length)


UNDEFINED_SQ = (
    EXPLICIT_LE.long_header.pack(0x0008, 0x1115, b"SQ", b"\0\0", 0xFFFFFFFF)
    + _marker(layouts.ITEM, 0xFFFFFFFF)
    + _element(0x00081150, b"UI", b"1.2\0")
    + _marker(layouts.ITEM_DELIMITATION)
    + _marker(layouts.SEQUENCE_DELIMITATION)
)
DATA = _element(0x00080060, b"CS", b"CT") + UNDEFINED_SQ + _element(0x00100010, b"PN", b"A^B ")


def test_the_layouts_module_moved_into_the_codec_and_keeps_its_old_name():
    assert layouts is codec_layouts
    import dicomconstruct.layouts as old_name

    assert old_name is codec_layouts


def test_a_data_set_walks_to_positioned_tuples_one_per_header():
    tokens = list(Walk(DATA).data_set(0, len(DATA), EXPLICIT_LE))
    kinds = [T.NAMES[t[0]] for t in tokens]
    assert kinds == [
        "element",
        "sequence",
        "item",
        "element",
        "item end",
        "sequence end",
        "element",
    ]
    assert all(type(t) is tuple for t in tokens)
    first, seq, item, inner, item_end, seq_end, last = tokens
    assert first == (T.ELEMENT, 0, 0, 0x00080060, "CS", 2, 8)
    assert seq[:5] == (T.SEQUENCE, 10, 0, 0x00081115, "SQ") and seq[5] is None
    assert item[:4] == (T.ITEM, 22, 1, None)
    assert inner[2:5] == (1, 0x00081150, "UI")
    assert item_end == (T.ITEM_END, 42, 1, 0)  # the delimiter's position and length
    assert seq_end == (T.SEQUENCE_END, 50, 0, 0)
    assert last[1] == 58


def test_a_defined_length_sequence_is_one_element_unless_the_walk_descends():
    value = _marker(layouts.ITEM, 12) + _element(0x00081150, b"UI", b"1.2\0")
    data = _element(0x00081115, b"SQ", value)
    lazy = list(Walk(data).data_set(0, len(data), EXPLICIT_LE))
    assert [t[0] for t in lazy] == [T.ELEMENT]
    deep = list(Walk(data, descend=True).data_set(0, len(data), EXPLICIT_LE))
    assert [t[0] for t in deep] == [
        T.SEQUENCE,
        T.ITEM,
        T.ELEMENT,
        T.ITEM_END,
        T.SEQUENCE_END,
    ]
    # ``items`` walks the value later, as the reader's lazy sequences do
    walk = Walk(data, base=100)
    items = list(walk.items(12, len(data), EXPLICIT_LE, 1, "dataset / (0008,1115) SQ", 0))
    assert [t[0] for t in items] == [T.ITEM, T.ELEMENT, T.ITEM_END, T.SEQUENCE_END]


def test_strict_raises_where_tolerant_records_a_problem_and_reads_on():
    cut = DATA[:-2]  # the last value is cut short
    with pytest.raises(TruncatedDataError) as info:
        list(Walk(cut, Strict()).data_set(0, len(cut), EXPLICIT_LE))
    policy = Tolerant()
    tokens = list(Walk(cut, policy).data_set(0, len(cut), EXPLICIT_LE))
    assert [t[0] for t in tokens][-1] == T.ELEMENT  # the element is still there
    (problem,) = policy.problems
    assert (problem.offset, problem.path, problem.message) == (
        info.value.offset,
        info.value.path,
        info.value.message,
    )
    assert problem.kind == "value-cut-off" and problem.severity == "error"
    assert problem.window[0] <= problem.offset


def test_a_tolerant_walk_closes_an_item_and_sequence_left_open_at_the_end():
    data = UNDEFINED_SQ[:-16]  # both delimiters missing
    policy = Tolerant()
    tokens = list(Walk(data, policy).data_set(0, len(data), EXPLICIT_LE))
    assert [t[0] for t in tokens][-2:] == [T.ITEM_END, T.SEQUENCE_END]
    assert tokens[-2][3] is None  # no delimiter was there
    assert [p.kind for p in policy.problems] == [
        "missing-item-delimiter",
        "missing-sequence-delimiter",
    ]


def _both(name: str) -> tuple[DicomError, list[tuple], Tolerant]:
    """The strict walk's error on a catalogue file, and the tolerant walk's tokens and policy."""
    data = (TESTDATA / "malformed" / name).read_bytes()
    with pytest.raises(DicomError) as raised:
        list(Walk(data, Strict(), descend=True).whole_file())
    policy = Tolerant()
    return raised.value, list(Walk(data, policy, descend=True).whole_file()), policy


def test_a_tolerant_walk_reads_the_meta_after_a_misplaced_prefix():
    # three stray bytes before the preamble: 'DICM' at 131 (PS3.10 §7.1 wants it at 128)
    error, tokens, policy = _both("stray_bytes_before_preamble.dcm")
    assert error.offset == 0
    assert [p.kind for p in policy.problems] == ["prefix-missing"]
    assert (tokens[0][0], tokens[0][1], len(tokens[0][3])) == (T.PREAMBLE, 3, 128)
    assert tokens[1][:2] == (T.PREFIX, 131) and tokens[2][0] == T.META


def test_a_tolerant_walk_reads_the_meta_after_a_preamble_without_its_prefix():
    error, tokens, policy = _both("missing_dicm.dcm")
    assert error.offset == 128
    assert [(p.kind, p.offset) for p in policy.problems] == [("prefix-missing", 128)]
    assert [t[:2] for t in tokens[:2]] == [(T.PREAMBLE, 0), (T.META, 128)]


def test_a_tolerant_walk_reads_what_a_corrupt_deflate_stream_inflates_to():
    error, tokens, policy = _both("deflate_corrupt.dcm")
    assert "deflate" in error.message
    assert [(p.kind, p.offset) for p in policy.problems] == [("deflate-corrupt", 298)]
    # its first block has a reserved type (RFC 1951 §3.2.3): nothing inflates, the walk ends
    assert [t[0] for t in tokens[-2:]] == [T.DEFLATED, T.DATA_SET]


def test_a_partly_corrupt_deflate_stream_inflates_up_to_the_fault():
    data = b"".join(i.to_bytes(4, "little") * (i % 7 + 1) for i in range(20000))
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = compressor.compress(data) + compressor.flush()
    partial = codec_layouts.inflate_partially(stream[: len(stream) // 2])  # cut off
    assert 0 < len(partial) < len(data) and data.startswith(partial)
    assert codec_layouts.inflate_partially(b"\xff" + stream) == b""  # a reserved block type


def test_a_tolerant_walk_ends_an_undelimited_item_at_the_sequence_delimiter():
    error, tokens, policy = _both("item_missing_delimiter.dcm")
    assert [(p.kind, p.offset) for p in policy.problems] == [("missing-item-delimiter", 404)]
    assert error.offset == 404
    ends = [t for t in tokens if t[0] in (T.ITEM_END, T.SEQUENCE_END)]
    assert [(t[0], t[1], t[3]) for t in ends] == [(T.ITEM_END, 404, None), (T.SEQUENCE_END, 404, 0)]


def test_a_tolerant_walk_steps_over_a_sequence_nested_too_deep_and_reads_on():
    # the 129th undefined-length sequence is not descended: its end is found by counting
    error, tokens, policy = _both("nesting_too_deep.dcm")
    assert [(p.kind, p.offset) for p in policy.problems] == [("nesting-too-deep", error.offset)]
    deepest = max(t[2] for t in tokens)
    assert deepest == T.MAX_NESTING_DEPTH
    stepped = next(t for t in tokens if t[1] == error.offset)
    assert stepped[0] == T.ELEMENT and stepped[5] == codec_layouts.UNDEFINED_LENGTH
    assert tokens[-1][0] == T.SEQUENCE_END and tokens[-1][2] == 0  # every level closed after it


def test_a_tolerant_walk_skips_a_delimiter_where_an_item_should_start():
    seq = EXPLICIT_LE.long_header.pack(0x0008, 0x1115, b"SQ", b"\0\0", 16)
    data = seq + _marker(0xFFFEE00D) + _marker(0xFFFEE000, 0)
    with pytest.raises(DicomError) as raised:
        list(Walk(data, Strict(), descend=True).data_set(0, len(data), EXPLICIT_LE))
    assert raised.value.offset == 12
    policy = Tolerant()
    tokens = list(Walk(data, policy, descend=True).data_set(0, len(data), EXPLICIT_LE))
    assert [(p.kind, p.offset) for p in policy.problems] == [("stray-delimiter", 12)]
    assert [t[0] for t in tokens] == [T.SEQUENCE, T.MARKER, T.ITEM, T.ITEM_END, T.SEQUENCE_END]


def test_every_strict_error_kind_has_its_error_class():
    for kind, (severity, _) in T.KINDS.items():
        if severity == "error":
            cls = T.ERROR_CLASSES.get(kind, DicomError)
            assert issubclass(cls, DicomError)


def test_paths_render_lazily_as_the_chain_of_their_names():
    path = T.Path(None, "dataset") / "(0008,1115) SQ" / "item 0"
    assert str(path) == "dataset / (0008,1115) SQ / item 0"
    assert f"{path}" == str(path) and path == "dataset / (0008,1115) SQ / item 0"
    assert str(T.Path("file meta", "x")) == "file meta / x"


def test_a_whole_file_walks_preamble_prefix_meta_and_data_set():
    data = (TESTDATA / "explicit_le.dcm").read_bytes()
    tokens = list(Walk(data).whole_file())
    kinds = [t[0] for t in tokens]
    assert kinds[:3] == [T.PREAMBLE, T.PREFIX, T.META]
    (data_set,) = [t for t in tokens if t[0] == T.DATA_SET]
    assert data_set[4] == "1.2.840.10008.1.2.1" and data_set[5] is False
    assert tokens[-1][1] + 8 <= len(data)


def test_a_gzip_file_like_is_read_through_its_read_not_mapped(tmp_path):
    # GzipFile has a fileno(): that of the compressed file, which must not be mapped
    path = tmp_path / "ct.dcm.gz"
    with open(TESTDATA / "explicit_le.dcm", "rb") as src, gzip.open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    with gzip.open(path) as file:
        ds = dcmread(file)
    assert ds == dcmread(TESTDATA / "explicit_le.dcm")


# ---------------------------------------------------------------------------------------------
# pydicom's data_element_generator
def test_the_generator_yields_raw_elements_as_pydicom_does():
    fp = io.BytesIO(DATA)
    gen = data_element_generator(fp, False, True)
    first = next(gen)
    assert isinstance(first, RawDataElement)
    assert first == ((8, 0x60), "CS", 2, b"CT", 8, False, True, True, False)
    assert fp.tell() == 10
    seq = next(gen)
    assert isinstance(seq, DataElement) and isinstance(seq.value, Sequence)
    assert seq.is_undefined_length and seq.value[0].ReferencedSOPClassUID == "1.2"
    assert fp.tell() == 58
    last = next(gen)
    assert last.tag == 0x00100010 and last.value == b"A^B "
    assert list(gen) == [] and fp.tell() == len(DATA)


def test_the_generator_agrees_with_pydicom_on_a_corpus_file():
    path = pydicom.data.get_testdata_file("CT_small.dcm")
    with open(path, "rb") as file:
        pydicom.filereader.read_preamble(file, False)
        pydicom.filereader._read_file_meta_info(file)
        start = file.tell()
        theirs = list(pydicom.filereader.data_element_generator(file, False, True))
        file.seek(start)
        ours = list(data_element_generator(file, False, True))
    assert [tuple(r) for r in ours] == [tuple(r) for r in theirs]


def test_the_generator_stops_before_the_element_stop_when_accepts_and_rewinds_to_it():
    fp = io.BytesIO(DATA)
    got = list(data_element_generator(fp, False, True, stop_when=lambda t, vr, n: t == 0x00100010))
    assert [e.tag for e in got] == [0x00080060, 0x00081115]
    assert fp.tell() == 58


def test_the_generator_keeps_specific_tags_and_defers_large_values():
    fp = io.BytesIO(DATA)
    got = list(data_element_generator(fp, False, True, specific_tags=[0x00100010]))
    assert [e.tag for e in got] == [0x00100010]
    fp.seek(0)
    got = list(data_element_generator(fp, False, True, defer_size=2))
    assert got[0].value == b"CT" and got[-1].value is None


def test_the_generator_raises_a_dicom_error_at_the_offset_of_a_cut_value():
    with pytest.raises(TruncatedDataError) as info:
        list(data_element_generator(io.BytesIO(DATA[:-2]), False, True))
    assert info.value.offset == 58


# ---------------------------------------------------------------------------------------------
# Written like the original: byte-identical on every file the strict reader accepts
REGRESSIONS = sorted((pathlib.Path(__file__).parent / "fuzz_regressions").glob("*.dcm"))


def _round_trip(data: bytes, force: bool = False) -> bytes:
    import warnings

    from dicomconstruct.filewriter import dcmwrite

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(io.BytesIO(data), force=force)
        out = io.BytesIO()
        dcmwrite(out, ds)
    return out.getvalue()


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_a_fuzz_regression_the_reader_accepts_is_written_back_byte_identical(path):
    data = path.read_bytes()
    try:
        written = _round_trip(data, force=True)
    except DicomError:
        pytest.skip("the strict reader refuses it (test_properties replays it)")
    assert written == data


def test_a_group_length_with_another_vr_keeps_the_meta_elements_it_swallowed():
    data = (TESTDATA / "malformed" / "meta_group_length_vr_ob.dcm").read_bytes()
    ds = dcmread(io.BytesIO(data))
    assert list(ds.file_meta.keys()) == [0x00020000]  # its value is the rest of the group
    assert _round_trip(data) == data


@pytest.mark.parametrize("name", ["group_length_empty.dcm", "group_length_vm2.dcm"])
def test_a_group_length_that_is_not_one_ul_is_written_back_as_read(name):
    data = (TESTDATA / name).read_bytes()
    assert _round_trip(data) == data


def test_a_duplicate_that_is_not_adjacent_keeps_its_place():
    data = (TESTDATA / "malformed" / "duplicate_tag_not_adjacent.dcm").read_bytes()
    with pytest.warns(UserWarning, match="duplicate element"):
        ds = dcmread(io.BytesIO(data))
    assert ds.SOPClassUID.endswith(".1")  # the later one replaces the first
    assert _round_trip(data) == data


def test_trailing_bytes_are_kept_and_written_back():
    data = (TESTDATA / "malformed" / "trailing_bytes.dcm").read_bytes()
    with pytest.warns(UserWarning, match="trailing bytes"):
        ds = dcmread(io.BytesIO(data))
    assert ds.trailing_bytes == b"\x01\x00garbage!"
    assert ds.Modality == "CT"
    assert _round_trip(data) == data


def test_stray_bytes_skipped_by_force_are_written_back_as_they_were():
    data = (TESTDATA / "malformed" / "stray_bytes_before_bare_data_set.dcm").read_bytes()
    assert _round_trip(data, force=True) == data


def test_a_conformant_write_never_emits_a_vr_outside_table_6_2_1():
    import warnings

    from dicomconstruct.filewriter import dcmwrite

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(TESTDATA / "malformed" / "unknown_vr_short_length.dcm")
        out = io.BytesIO()
        dcmwrite(out, ds, enforce_file_format=True)
    assert b"XY" not in out.getvalue()
    back = dcmread(io.BytesIO(out.getvalue()))
    assert back[0x00100020].file_VR == "UN" and back.PatientID == ds.PatientID.decode()
