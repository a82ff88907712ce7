"""The construct engine (``dcmread(..., engine="construct")``, dicomconstruct.engine) against
the fast reader and writer: on every file of pydicom's corpus, pydicom-data, testdata/ (the
catalogue of faults included) and the fuzz regressions, the same tree or the same fault at the
same offset, and the same bytes written back like the original (PS3.10 §7, PS3.5 §7)."""

from __future__ import annotations

import dataclasses
import io
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dicomconstruct import DicomError, dcmread, dcmwrite
from dicomconstruct import strategies as dst
from dicomconstruct.engine import write_with_construct
from dicomconstruct.errors import NestingTooDeepError, TruncatedDataError
from dicomconstruct.filewriter import write_dataset

from .conftest import CORPUS, CORPUS_IDS

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
PROJECT_FILES = sorted(TESTDATA.rglob("*.dcm")) + sorted(
    (ROOT / "tests" / "fuzz_regressions").glob("*.dcm")
)
FILES = list(CORPUS) + PROJECT_FILES
IDS = CORPUS_IDS + [str(p.relative_to(ROOT)) for p in PROJECT_FILES]


def read_with_construct(fp, force=False):
    return dcmread(fp, force=force, engine="construct")


# The read provenance dcmread records and the writer reads (filereader.py, provenance.py's
# ReadProvenance): both engines must record the same, or a file read by one would be written
# back differently by the other.
DATASET_PROVENANCE = (
    "_implicit_vr",
    "_little_endian",
    "offset",
    "is_undefined_length_sequence_item",
    "_depth",
    "_path",
    "_where",
)
FILE_PROVENANCE = (
    "preamble",
    "is_little_endian",
    "is_implicit_VR",
    "stray_leading_bytes",
    "trailing_bytes",
)


def _provenance(ds) -> tuple | None:
    """Every field of the data set's ReadProvenance record (the elements it replaced as their
    trees), or None when the read kept nothing; but the writer, which names the engine (the
    construct engine's builds with the structs: tested below)."""
    record = ds._provenance
    if record is None:
        return None
    return tuple(
        tuple(_element(elem) for elem in record.duplicates)
        if field.name == "duplicates"
        else getattr(record, field.name)
        for field in dataclasses.fields(record)
        if field.name != "writer"
    )


def _element(elem) -> tuple:
    value = elem.value if elem.VR == "SQ" else None  # parses dcmread's lazy sequences
    items = None
    if value is not None:
        items = (value.is_undefined_length, tuple(_dataset(item) for item in value))
    raw = bytes(elem.raw) if elem.raw is not None else None
    return (
        int(elem.tag),
        elem.VR,
        elem.file_VR,
        elem.length,
        elem.value_offset,
        elem.is_undefined_length,
        raw,
        items,
    )


def _dataset(ds) -> tuple:
    return (
        tuple(_element(elem) for elem in ds._dict.values()),
        _provenance(ds),
        tuple(getattr(ds, name, None) for name in DATASET_PROVENANCE),
    )


def _tree(ds) -> tuple:
    return (
        str(ds),
        _dataset(ds),
        _dataset(ds.file_meta),
        ds.file_meta._implicit_vr,
        tuple(getattr(ds, name, None) for name in FILE_PROVENANCE),
    )


def _outcome(read, path, force):
    """The whole tree, every sequence parsed, with the warnings said while reading it; or the
    class and offset of the fault (the warnings before a fault may differ: the construct
    engine says them once the whole data set has parsed)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            tree = _tree(read(path, force=force))
        except DicomError as exc:
            return type(exc).__name__, exc.offset
    return tree, sorted(str(warning.message) for warning in said)


def _written(write, ds) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write(ds, out) if write is write_with_construct else dcmwrite(out, ds)
    return out.getvalue()


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_both_engines_read_the_same_tree_or_fail_at_the_same_offset(path):
    for force in (False, True):
        fast = _outcome(dcmread, path, force)
        assert _outcome(read_with_construct, path, force) == fast
        if not (isinstance(fast, tuple) and fast[0] == "InvalidDicomError"):
            break  # force changes nothing on a file read without it


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_construct_engine_writes_back_what_the_fast_writer_writes(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fast = dcmread(path, force=True)
        except DicomError as exc:
            # nothing to write: the construct engine refuses it too (the test above compares
            # where)
            with pytest.raises(type(exc)):
                read_with_construct(path, force=True)
            return
        expected = _written(dcmwrite, fast)
        # the builder on dcmread's tree (lazy sequences written from their bytes) ...
        assert _written(write_with_construct, fast) == expected
        try:
            ours = read_with_construct(path, force=True)
        except DicomError:
            # a fault inside a defined-length sequence, which dcmread parses only when asked
            with pytest.raises(DicomError):
                _tree(fast)
            return
    # ... and on its own tree, every sequence parsed and built item by item
    assert _written(write_with_construct, ours) == expected
    if expected == path.read_bytes():
        assert _written(write_with_construct, ours) == path.read_bytes()


# ---------------------------------------------------------------------------------------------
# damaged bytes: cut short and overwritten, both engines fail the same way
DAMAGED = [
    *(p for p in CORPUS if p.name in ("CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm")),
    *(
        p
        for p in CORPUS
        if p.name in ("MR_small_RLE.dcm", "JPEG2000-embedded-sequence-delimiter.dcm")
    ),
    TESTDATA / "explicit_le.dcm",
    TESTDATA / "implicit_le.dcm",
    TESTDATA / "explicit_be.dcm",
    TESTDATA / "undefined_length_sq.dcm",
    TESTDATA / "encapsulated.dcm",
    TESTDATA / "un_undefined_length.dcm",
    TESTDATA / "defined_sq_in_undefined_item.dcm",
]


def _outcome_of_bytes(read, data: bytes):
    return _outcome(lambda path, force: read(io.BytesIO(data), force=force), None, True)


@pytest.mark.parametrize("path", DAMAGED, ids=[p.name for p in DAMAGED])
def test_file_cut_short_anywhere_fails_alike_in_both_engines(path):
    data = path.read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 60)):
        damaged = data[:cut]
        fast = _outcome_of_bytes(dcmread, damaged)
        assert _outcome_of_bytes(read_with_construct, damaged) == fast, cut


@pytest.mark.parametrize("path", DAMAGED, ids=[p.name for p in DAMAGED])
def test_file_with_overwritten_bytes_fails_or_reads_alike_in_both_engines(path):
    data = path.read_bytes()
    end = min(len(data), 4096)  # headers, not pixel data
    step = max(1, (end - 132) // 60)
    for pos in range(132, end, step):
        for byte in (0x00, 0xFF):
            damaged = data[:pos] + bytes([byte]) * 4 + data[pos + 4 :]
            fast = _outcome_of_bytes(dcmread, damaged)
            assert _outcome_of_bytes(read_with_construct, damaged) == fast, (pos, byte)


def test_fault_is_a_dicom_error_with_offset_and_schema_path():
    with pytest.raises(TruncatedDataError) as caught:
        read_with_construct(TESTDATA / "malformed" / "value_length_past_end.dcm")
    assert caught.value.offset == 360
    assert caught.value.path.startswith("dataset / (")


def _nested(depth: int, undefined: bool) -> bytes:
    """A bare implicit VR LE data set of sequences nested ``depth`` deep."""
    import struct

    content = b""
    for _ in range(depth):
        if undefined:
            item = struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF) + content
            item += struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
            content = struct.pack("<HHI", 0x0040, 0x0275, 0xFFFFFFFF) + item
            content += struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
        else:
            item = struct.pack("<HHI", 0xFFFE, 0xE000, len(content)) + content
            content = struct.pack("<HHI", 0x0040, 0x0275, len(item)) + item
    return content


@pytest.mark.parametrize("undefined", [True, False], ids=["undefined length", "defined length"])
def test_deep_nesting_is_refused_with_nesting_too_deep_not_a_recursion_error(undefined):
    with pytest.raises(NestingTooDeepError) as caught:
        read_with_construct(io.BytesIO(_nested(2000, undefined)), force=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(NestingTooDeepError) as fast:
            _tree(dcmread(io.BytesIO(_nested(2000, undefined)), force=True))
    assert caught.value.offset == fast.value.offset


def test_nesting_within_the_limit_reads_and_writes_back():
    data = _nested(120, True)
    ds = read_with_construct(io.BytesIO(data), force=True)
    assert _written(write_with_construct, ds) == data


def test_bytes_are_refused_with_a_type_error():
    with pytest.raises(TypeError):
        read_with_construct(b"DICM")


def test_write_to_a_path_replaces_the_file_and_a_failed_write_leaves_it(tmp_path):
    source = TESTDATA / "implicit_le.dcm"
    target = tmp_path / "out.dcm"
    write_with_construct(read_with_construct(source), target)
    assert target.read_bytes() == source.read_bytes()
    ds = read_with_construct(source)
    ds.add_new(0x00280010, "US", 0)
    ds[0x00280010]._value = 70000  # not a US value: encoding it fails
    with pytest.raises(DicomError):
        write_with_construct(ds, target)
    assert target.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.dcm"]


def test_an_edited_value_is_encoded_and_its_lengths_follow():
    ds = read_with_construct(TESTDATA / "undefined_length_sq.dcm")
    ds.ReferencedSeriesSequence[1].SeriesInstanceUID = "1.2.3.4"
    ds.PatientName = "Someone^Else"
    expected = _written(dcmwrite, ds)
    assert _written(write_with_construct, ds) == expected
    again = read_with_construct(io.BytesIO(expected))
    assert again.ReferencedSeriesSequence[1].SeriesInstanceUID == "1.2.3.4"
    assert again.PatientName == "Someone^Else"


def test_a_file_like_read_from_its_position_gives_the_file_offsets_dcmread_gives():
    data = b"junk" * 3 + (TESTDATA / "undefined_length_sq.dcm").read_bytes()
    trees = []
    for read in (dcmread, read_with_construct):
        fp = io.BytesIO(data)
        fp.seek(12)
        trees.append(_tree(read(fp)))
        assert fp.tell() == len(data)
    assert trees[0] == trees[1]
    fp = io.BytesIO(data)
    fp.seek(12)
    assert read_with_construct(fp).ReferencedSeriesSequence[0].offset == 12 + 382


# ---------------------------------------------------------------------------------------------
# generated files (dicomconstruct.strategies): valid, malformed, and bytes of any kind
GENERATED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@GENERATED
@given(dst.dicom_files())
def test_a_generated_file_reads_alike_and_is_written_back_byte_identical(data):
    assert _outcome_of_bytes(read_with_construct, data) == _outcome_of_bytes(dcmread, data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = read_with_construct(io.BytesIO(data))
    assert _written(write_with_construct, ds) == data


@settings(GENERATED, max_examples=100)
@given(dst.malformed_files())
def test_a_generated_malformed_file_fails_or_reads_alike_in_both_engines(case):
    fast = _outcome_of_bytes(dcmread, case.data)
    assert _outcome_of_bytes(read_with_construct, case.data) == fast, case.description


@settings(GENERATED, max_examples=60)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_fail_or_read_alike_in_both_engines(data):
    for damaged in (data, b"\0" * 128 + b"DICM" + data):
        fast = _outcome_of_bytes(dcmread, damaged)
        assert _outcome_of_bytes(read_with_construct, damaged) == fast


def test_a_new_data_set_and_a_deferred_one_are_written_as_the_fast_writer_writes_them():
    from dicomconstruct import DataElement, Dataset, FileDataset, FileMetaDataset

    ds = Dataset()
    ds.PatientName = "A^B"
    ds.add(DataElement(0x00081115, "SQ", [Dataset()]))
    ds.ReferencedSeriesSequence[0].SeriesInstanceUID = "1.2.3"
    ds.Rows = 3
    bare = io.BytesIO()
    write_dataset(bare, ds, implicit_vr=False, little_endian=True)  # a data set made, not read
    built = io.BytesIO()
    # without a meta, as dcmwrite: the encoding is asked for, and nothing is guessed
    with pytest.raises(ValueError, match="Unable to determine the encoding"):
        write_with_construct(ds, built)
    write_with_construct(ds, built, implicit_vr=False, little_endian=True)
    assert built.getvalue() == bare.getvalue()
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    meta.MediaStorageSOPClassUID = "1.2"
    file = FileDataset(None, ds, preamble=b"\0" * 128, file_meta=meta, is_implicit_VR=True)
    assert _written(write_with_construct, file) == _written(dcmwrite, file)
    deferred = dcmread(TESTDATA / "deferred.dcm", defer_size="512 B")
    assert any(elem.is_deferred for elem in deferred)
    assert _written(write_with_construct, deferred) == (TESTDATA / "deferred.dcm").read_bytes()


def test_the_engine_parses_and_builds_with_the_structs_not_the_fast_codecs_or_the_walk():
    import ast

    package = ROOT / "dicomconstruct"
    for name in ("engine.py", "codec/engine_layouts.py"):
        tree = ast.parse((package / name).read_text())
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not names & {"FixedCodec", "unpack_from", "pack", "unpackers", "Walk"}, name
        assert not names & {"short_header", "long_header"}, name  # an Encoding's fast codecs
        assert "compile" not in names, name  # construct's compiled parsers skip length checks
        assert not imported & {"struct", "filereader", "inspect", "Walk", "sources"}, name


def test_no_fast_codec_and_no_walk_runs_while_the_construct_engine_reads_and_writes(monkeypatch):
    from dicomconstruct.codec import layouts, walk

    def refuse(*args, **kwargs):
        raise AssertionError("a fast codec or the walk ran")

    for explicit in (True, False):
        for little in (True, False):
            enc = layouts.encoding(explicit, little)
            for codec in (enc.short_header, enc.long_header, enc.item_header):
                monkeypatch.setattr(codec, "unpack_from", refuse)
                monkeypatch.setattr(codec, "pack", refuse)
            monkeypatch.setattr(enc, "unpackers", (explicit, refuse, refuse, refuse))
    monkeypatch.setattr(walk.Walk, "_run", refuse)
    for name in ("explicit_be.dcm", "deflated.dcm", "undefined_length_sq.dcm", "encapsulated.dcm"):
        ds = read_with_construct(TESTDATA / name)
        ds.PatientName = "Changed^Name"  # encoded again: its header is built anew
        # dcmwrite and save_as of a tree this engine read build with the structs too, like the
        # original and conformant (every element header built anew)
        for write, options in (
            (write_with_construct, {}),
            (lambda out, ds, **kw: dcmwrite(out, ds, **kw), {}),
            (lambda out, ds, **kw: ds.save_as(out), {}),
            (lambda out, ds, **kw: dcmwrite(out, ds, **kw), {"enforce_file_format": True}),
            (write_with_construct, {"write_like_original": False}),
        ):
            out = io.BytesIO()
            if write is write_with_construct:
                write(ds, out, **options)
            else:
                write(out, ds, **options)
            assert read_with_construct(io.BytesIO(out.getvalue())).PatientName == "Changed^Name"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_a_conformant_write_through_the_structs_is_the_fast_writers(path):
    """``write_like_original=False`` through the structs gives the fast writer's bytes (or its
    error): one set of rules decides what a conformant file holds, only the building differs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = dcmread(path, force=True)
    except DicomError:
        return  # refused by both engines: the reading tests compare where

    def conformant(write):
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                write(out)
            except (DicomError, TypeError, ValueError) as exc:
                return type(exc), str(exc)
        return out.getvalue()

    expected = conformant(lambda out: dcmwrite(out, ds, enforce_file_format=True))
    assert conformant(lambda out: write_with_construct(ds, out, False)) == expected


@pytest.mark.parametrize(
    "option",
    [{"defer_size": 512}, {"stop_before_pixels": True}, {"specific_tags": ["PatientName"]}],
    ids=["defer_size", "stop_before_pixels", "specific_tags"],
)
def test_the_construct_engine_refuses_the_options_that_leave_bytes_unread(option):
    with pytest.raises(ValueError, match="reads whole files"):
        dcmread(TESTDATA / "implicit_le.dcm", engine="construct", **option)


def test_an_unknown_engine_is_refused_naming_the_engines():
    with pytest.raises(ValueError, match="walk, construct"):
        dcmread(TESTDATA / "implicit_le.dcm", engine="fast")


def test_the_default_engine_is_the_walk_and_construct_is_asked_for(monkeypatch):
    import dicomconstruct.engine as engine

    def refuse(*args, **kwargs):
        raise AssertionError("the construct engine ran")

    monkeypatch.setattr(engine, "read_with_construct", refuse)
    assert dcmread(TESTDATA / "implicit_le.dcm").PatientName == "Smith^Jane"
    assert dcmread(TESTDATA / "implicit_le.dcm", engine="walk").PatientName == "Smith^Jane"
    with pytest.raises(AssertionError, match="construct engine ran"):
        dcmread(TESTDATA / "implicit_le.dcm", engine="construct")
