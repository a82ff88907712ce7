"""Inspection (dicomconstruct.inspect): every fault at its offset, everything else recovered.
Checked against testdata/expected.json's manifest, the strict reader on pydicom's corpus, and
random damage (PS3.10 §7.1, PS3.5 §7, §A.4, §A.5).
"""

from __future__ import annotations

import importlib.util
import io
import json
import struct
import subprocess
import sys
import tracemalloc
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicomconstruct import inspect
from dicomconstruct.errors import DicomError
from dicomconstruct.filereader import dcmread
from dicomconstruct.inspect import KINDS, inspect_file

from .conftest import CORPUS, corpus_params

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXPECTED: dict[str, dict] = json.loads((TESTDATA / "expected.json").read_text(encoding="utf-8"))


def found(result) -> list[list]:
    return [[p.kind, p.offset] for p in result.problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_catalogue_file_is_diagnosed_at_the_manifest_offsets(name):
    expected = EXPECTED[name]["inspect"]
    result = inspect_file(TESTDATA / name)
    assert found(result) == expected["problems"], [str(p) for p in result.problems]
    tags = {t.tag_text for t in result.elements}
    assert set(expected["recovered"]) <= tags


def test_catalogue_has_a_file_for_every_kind_of_problem():
    # Issue 5: every fault inspection names is in testdata/malformed/, one file at least; only
    # the inspection's own failure has none.
    kinds = {kind for exp in EXPECTED.values() for kind, _ in exp["inspect"]["problems"]}
    assert set(KINDS) - kinds == {"inspection-stopped"}


# ---------------------------------------------------------------------------------------------
# Faults built here from testdata/build.py's helpers: the strict reader's outcome on them is not
# the point, only what inspection says and where, beyond the manifest's problems and recovered
# tags (the VR given, the tokens around a fault, the encoding found). A fault the manifest
# checks whole has its catalogue file only (testdata/malformed/: vr_mismatch, duplicate_tag,
# meta_in_dataset, meta_group_length_missing, transfer_syntax_unknown, trailing_bytes,
# stray_bytes_before_bare_data_set, implicit_item_in_explicit_sequence, ...).
def _build_module():
    spec = importlib.util.spec_from_file_location("testdata_build", TESTDATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


B = _build_module()
HEAD = B.part10(B.EXPLICIT_LE, B.CT_IMAGE, B.uid(90), b"".join(B.small_data_set()))
PN = B.element(0x00100010, "PN", "Doe^Jo")


def kinds_at(data: bytes) -> list[list]:
    return found(inspect_file(data))


def test_unknown_vr_in_the_12_byte_form_is_read_with_a_16_bit_length_as_the_reader_does():
    # codec.sniff.UNKNOWN_VR_RULE: the reserved bytes are the length, and the 32-bit length
    # after them the next header, whose length runs past the end: where dcmread raises
    fault = b"\x10\x00\x20\x00XY\0\0" + struct.pack("<I", 6) + b"ID0012"
    data = HEAD + fault + B.element(0x00100030, "DA", "20000101")
    result = inspect_file(data)
    assert [kind for kind, _ in found(result)][:2] == ["unknown-vr", "unknown-vr"]
    assert [p.offset for p in result.errors] == [len(HEAD) + 8]
    with pytest.raises(DicomError) as raised, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dcmread(io.BytesIO(data))
    assert raised.value.offset == len(HEAD) + 8


def test_unknown_vr_with_a_16_bit_length_takes_the_dictionary_vr():
    fault = b"\x10\x00\x20\x00XY" + struct.pack("<H", 6) + b"ID0012"
    result = inspect_file(HEAD + fault + B.element(0x00100030, "DA", "20000101"))
    assert found(result) == [["unknown-vr", len(HEAD)]]
    assert [(t.tag_text, t.vr) for t in result.elements[-2:]] == [
        ("(0010,0020)", "LO"),
        ("(0010,0030)", "DA"),
    ]


def test_undefined_length_text_is_walked_as_items_then_skipped_to_its_delimiter():
    # the strict reader's rule (codec.walk): the value is items, and the text is not one
    fault = B.header(0x0040A160, "UT", B.UNDEFINED_LENGTH) + b"text" + B.marker(0xFFFEE0DD)
    result = inspect_file(HEAD + fault + B.element(0x0040DB00, "CS", "TID1"))
    assert found(result) == [["undefined-length", len(HEAD)], ["not-an-item", len(HEAD) + 12]]
    assert [t.kind for t in result.elements[-3:]] == ["element", "sequence delimiter", "element"]
    assert result.elements[-1].tag_text == "(0040,DB00)"


def test_undefined_length_ob_holding_items_is_read_as_fragments():
    fault = B.header(0x00420011, "OB", B.UNDEFINED_LENGTH) + B.marker(0xFFFEE000)
    fault += B.marker(0xFFFEE000, length=2) + b"ab" + B.marker(0xFFFEE0DD)
    result = inspect_file(HEAD + fault + B.element(0x7FE00010, "OB", b"\0\1"))
    assert found(result) == [["undefined-length", len(HEAD)]]
    kinds = ["element", "offset table", "fragment", "sequence delimiter", "element"]
    assert [t.kind for t in result.elements[-5:]] == kinds


def test_stray_item_delimiter_and_item_at_top_level():
    delimiter = B.marker(0xFFFEE00D)
    data = HEAD + delimiter + B.marker(0xFFFEE000, length=8) + PN
    assert kinds_at(data) == [["stray-delimiter", len(HEAD)], ["unexpected-item", len(HEAD) + 8]]


def test_defined_length_sequence_holding_no_items_is_skipped_to_its_end():
    bad = B.build_element(0x00081115, "SQ", len(PN), PN, B.EXPLICIT)
    result = inspect_file(HEAD + bad + B.element(0x00100020, "LO", "ID1"))
    assert found(result) == [["not-an-item", len(HEAD) + 12]]
    assert result.elements[-1].tag_text == "(0010,0020)"


def test_missing_preamble_is_a_warning_and_the_file_reads_on():
    data = HEAD[128:]
    result = inspect_file(data)
    assert found(result) == [["preamble-missing", 0]]
    assert result.elements[-1].tag_text == "(0008,0060)"


def test_stray_bytes_before_the_preamble():
    assert kinds_at(b"\0\0\0" + HEAD)[0] == ["prefix-missing", 0]
    result = inspect_file(b"\0\0\0" + HEAD)
    assert result.elements[-1].offset == len(HEAD) + 3 - 10


def test_meta_declaring_implicit_vr_over_an_explicit_data_set():
    data = B.part10(B.IMPLICIT_LE, B.CT_IMAGE, B.uid(1), b"".join(B.small_data_set()))
    start = len(B.part10(B.IMPLICIT_LE, B.CT_IMAGE, B.uid(1), b""))
    result = inspect_file(data)
    assert found(result) == [["transfer-syntax-mismatch", start]]
    assert result.encoding == "explicit VR little endian"


def test_meta_declaring_little_endian_over_a_big_endian_data_set():
    data_set = B.mr_data_set(B.BIG)
    result = inspect_file(B.part10(B.EXPLICIT_LE, B.MR_IMAGE, B.uid(1), data_set))
    start = len(B.part10(B.EXPLICIT_LE, B.MR_IMAGE, B.uid(1), b""))
    assert found(result) == [["transfer-syntax-mismatch", start]]
    assert result.encoding == "explicit VR big endian"
    assert result.elements[-1].tag_text == "(7FE0,0010)"


def test_deflate_trailer_and_offsets_in_the_inflated_data():
    data = (TESTDATA / "deflated.dcm").read_bytes() + b"TRAILER!"
    result = inspect_file(data)
    assert found(result) == [["trailing-bytes", len(data) - 8]]
    inner = [t for t in result.elements if t.path.startswith("deflated data set")]
    assert inner[0].offset == 0 and inner[0].tag_text == "(0008,0016)"


def test_corrupt_deflate_stream_is_inflated_as_far_as_it_goes():
    good = (TESTDATA / "deflated.dcm").read_bytes()
    start = len(B.preamble() + B.file_meta(B.DEFLATED_LE, B.BASIC_TEXT_SR, B.uid(21)))
    cut = good[: start + 60]
    result = inspect_file(cut)
    assert found(result)[0] == ["deflate-corrupt", start]
    assert any(t.path.startswith("deflated data set / dataset") for t in result.elements)
    assert all("deflated data set" in p.path for p in result.problems)


def test_nesting_far_deeper_than_the_python_stack_is_walked_without_recursion():
    levels = 5000
    opening = B.header(0x0040A730, "SQ", B.UNDEFINED_LENGTH) + B.marker(
        0xFFFEE000, length=B.UNDEFINED_LENGTH
    )
    closing = B.marker(0xFFFEE00D) + B.marker(0xFFFEE0DD)
    data = HEAD + opening * levels + PN + closing * levels
    result = inspect_file(data)
    assert found(result) == [["nesting-too-deep", len(HEAD) + 128 * len(opening)]]
    assert result.elements[-1].kind == "sequence delimiter" and result.elements[-1].depth == 0


def _nested(levels: int, after: bytes = b"") -> bytes:
    opening = B.header(0x0040A730, "SQ", B.UNDEFINED_LENGTH) + B.marker(
        0xFFFEE000, length=B.UNDEFINED_LENGTH
    )
    closing = B.marker(0xFFFEE00D) + B.marker(0xFFFEE0DD)
    return HEAD + opening * levels + B.element(0x0040A160, "UT", "deep") + closing * levels + after


def test_nesting_is_bounded_as_the_reader_and_the_deep_part_is_stepped_over_to_its_end():
    after = B.element(0x00420010, "ST", "after the nesting")
    result = inspect_file(_nested(4000, after))
    assert [k for k, _ in found(result)] == ["nesting-too-deep"]
    assert max(t.depth for t in result.tokens) <= 2 * inspect.MAX_NESTING_DEPTH  # item, sequence
    # the element after the 4,000 levels is found, at its offset
    assert result.elements[-1].tag_text == "(0042,0010)"
    assert result.elements[-1].offset == len(_nested(4000))


def test_a_deeply_nested_file_costs_no_more_than_its_bounded_depth():
    # time and memory grow with the tokens listed, not with the depth: 4,000 levels list what
    # 200 do (bench/inspect_scale.py times both)
    shallow, deep = inspect_file(_nested(200)), inspect_file(_nested(4000))
    assert len(deep.tokens) == len(shallow.tokens)
    tracemalloc.start()
    try:
        json.dumps(deep.to_json())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20, f"peak {peak} bytes"


def test_nesting_left_open_at_the_end_of_the_data_is_one_missing_delimiter():
    opening = B.header(0x0040A730, "SQ", B.UNDEFINED_LENGTH) + B.marker(
        0xFFFEE000, length=B.UNDEFINED_LENGTH
    )
    result = inspect_file(HEAD + opening * 200)
    assert [k for k, _ in found(result)] == ["nesting-too-deep", "missing-sequence-delimiter"] + [
        "missing-item-delimiter",
        "missing-sequence-delimiter",
    ] * inspect.MAX_NESTING_DEPTH


# ---------------------------------------------------------------------------------------------
# pydicom's corpus: never an exception; where the strict reader reads a file whole, the
# inspection finds the same top-level elements at the same offsets and no error-level problem.
def _strict_top_level(path):
    """{tag: value offset} of the meta and data set, or None if strict reading fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(path, force=True)
            str(ds)  # parses every sequence: a fault in one counts as a failed read
        except DicomError:
            return None
    return {int(e.tag): e.value_offset for e in [*ds.file_meta, *ds]}


@corpus_params()
def test_corpus_file_is_inspected_as_the_strict_reader_reads_it(path):
    result = inspect_file(path)
    assert "inspection-stopped" not in {p.kind for p in result.problems}
    strict = _strict_top_level(path)
    if strict is None:
        return
    ours = {t.tag: t.value_offset for t in result.elements if t.depth == 0 and t.kind == "element"}
    assert ours == strict
    assert [str(p) for p in result.errors if p.kind != "prefix-missing"] == []


def test_corpus_problems_are_the_known_ones():
    # Every problem the corpus shows is one of pydicom's documented damaged files (FACTS.md).
    kinds = {}
    for path in CORPUS:
        for problem in inspect_file(path).problems:
            kinds.setdefault(problem.kind, set()).add(path.name)
    assert set(kinds) <= set(KINDS)
    assert kinds.get("value-cut-off", set()) <= {"MR_truncated.dcm", "rtplan_truncated.dcm"}
    assert kinds.get("duplicate-tag") in (None, {"winter.dcm"})


# ---------------------------------------------------------------------------------------------
# Whatever the bytes: no exception, no internal stop.
SMALL = [n for n in sorted(EXPECTED) if (TESTDATA / n).stat().st_size < 2000]
PAIRS = [
    b"\0\0",
    b"\xff\xff",
    b"SQ",
    b"UN",
    b"OB",
    b"\xfe\xff",
    b"\x00\xe0",
    b"\x0d\xe0",
    b"\xdd\xe0",
]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    name=st.sampled_from(SMALL),
    changes=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True),
            st.one_of(st.sampled_from(PAIRS), st.binary(min_size=1, max_size=4)),
        ),
        max_size=4,
    ),
    keep=st.one_of(st.none(), st.floats(0, 1)),
)
def test_random_damage_never_raises(name, changes, keep):
    data = bytearray((TESTDATA / name).read_bytes())
    for where, chunk in changes:
        pos = int(where * len(data))
        data[pos : pos + len(chunk)] = chunk
    if keep is not None:
        del data[int(keep * len(data)) :]
    result = inspect_file(bytes(data))
    assert "inspection-stopped" not in {p.kind for p in result.problems}
    result.lines(hexdump=True)
    json.dumps(result.to_json())


@pytest.mark.parametrize("name", ["explicit_le.dcm", "undefined_length_sq.dcm", "encapsulated.dcm"])
def test_every_truncation_never_raises(name):
    # A cut between two top-level elements leaves a well-formed shorter file; any other cut
    # is a problem.
    data = (TESTDATA / name).read_bytes()
    full = inspect_file(data).elements
    top = [t for t in full if t.depth == 0 and t.kind == "element"]
    between = {t.offset for t in top if t.path.startswith("dataset")}
    for size in range(len(data)):
        result = inspect_file(data[:size])
        assert "inspection-stopped" not in {p.kind for p in result.problems}, size
        assert bool(result.problems) != (size in between), size


# ---------------------------------------------------------------------------------------------
# Sources and the command line.
def test_path_bytes_and_file_like_give_the_same_inspection():
    path = TESTDATA / "malformed/item_missing_delimiter.dcm"
    by_path = inspect_file(path).to_json()
    assert inspect_file(path.read_bytes()).to_json() == by_path
    assert inspect_file(io.BytesIO(path.read_bytes())).to_json() == by_path
    with open(path, "rb") as file:
        assert inspect_file(file).to_json() == by_path


def test_unopenable_path_raises_oserror():
    with pytest.raises(OSError):
        inspect_file(TESTDATA / "no-such-file.dcm")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dicomconstruct", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_inspect_text_lists_tokens_and_marks_problems_in_place():
    run = run_cli("inspect", "testdata/malformed/sq_delimiter_missing_before_element.dcm")
    assert run.returncode == 1 and run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["0", "preamble", "128", "all", "zero"]
    marked = next(i for i, line in enumerate(lines) if "!!" in line)
    assert "missing-sequence-delimiter" in lines[marked]
    assert lines[marked + 1].strip() == "in dataset / (0008,1115) SQ / sequence delimiter"
    assert lines[marked + 2].split()[:3] == ["412", "(0010,0010)", "PN"]
    assert any(line.split()[1:4] == ["(0008,1115)", "SQ", "undefined"] for line in lines)


def test_cli_inspect_hex_adds_a_window_around_each_problem():
    run = run_cli("inspect", "--hex", "testdata/malformed/value_length_past_end.dcm")
    assert run.returncode == 1
    assert "00000160  60 00 43 53 02 00 43 54>10 00 10 00 50 4e 64 00" in run.stdout


def test_cli_inspect_json_is_one_object():
    run = run_cli("inspect", "--json", "testdata/malformed/item_overruns_sequence.dcm")
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert set(report) == {"elements", "problems"}
    assert report["problems"][0]["kind"] == "item-overruns-sequence"
    assert report["problems"][0]["offset"] == 372
    top = [e for e in report["elements"] if e["depth"] == 0]
    assert top[-1]["tag"] == "(0010,0020)" and top[-1]["length"] == 6
    item = next(e for e in report["elements"] if e["kind"] == "item")
    assert (item["offset"], item["depth"], item["tag"]) == (372, 1, "(FFFE,E000)")
    undefined = json.loads(run_cli("inspect", "--json", "testdata/undefined_length_sq.dcm").stdout)
    assert any(e["length"] is None for e in undefined["elements"])


def test_cli_inspect_exit_status_is_0_1_or_2():
    assert run_cli("inspect", "testdata/explicit_le.dcm").returncode == 0
    assert run_cli("inspect", "testdata/malformed/huge_length.dcm").returncode == 1
    missing = run_cli("inspect", "testdata/no-such-file.dcm")
    assert missing.returncode == 2 and "cannot open" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_show_falls_back_to_inspection_when_strict_reading_fails():
    run = run_cli("show", "testdata/malformed/stray_sequence_delimiter.dcm")
    assert run.returncode == 1
    assert "unexpected Sequence Delimitation Item" in run.stderr
    assert "!! stray-delimiter" in run.stdout


# ---------------------------------------------------------------------------------------------
# Scale (issue 5, item 6): large values are skipped, not read; nothing is kept by iter_inspect.
def test_large_values_are_skipped_not_read(tmp_path):
    # A 50 MB file (mostly a hole on disk): a 40 MB Pixel Data value, and before it an 8 MB
    # undefined-length UT whose end is found by a search that must not copy the value.
    ut = B.header(0x0040A160, "UT", B.UNDEFINED_LENGTH)
    head = HEAD + ut
    path = tmp_path / "large.dcm"
    with open(path, "wb") as file:
        file.write(head)
        file.seek(len(head) + 8 * 1024 * 1024)
        file.write(B.marker(0xFFFEE0DD) + B.header(0x7FE00010, "OW", 40 * 1024 * 1024))
        file.truncate(file.tell() + 40 * 1024 * 1024)
    inspect_file(HEAD)  # the dictionaries are loaded once, on first use: not counted
    tracemalloc.start()
    try:
        result = inspect_file(path)
        events = sum(1 for _ in inspect.iter_inspect(path))
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 1024 * 1024, f"peak {peak} bytes for a {path.stat().st_size} byte file"
    assert found(result) == [["undefined-length", len(HEAD)], ["not-an-item", len(HEAD) + 12]]
    assert result.elements[-1].tag_text == "(7FE0,0010)" and result.elements[-1].length == 40 << 20
    assert events == len(result.tokens) + len(result.problems)


def test_iter_inspect_keeps_nothing_of_many_elements():
    content = B.element(0x00081150, "UI", B.CT_IMAGE) + B.element(0x00081155, "UI", B.uid(5))
    items = 5000
    data = HEAD + B.sequence(0x00081140, [content] * items, undefined=True) + PN
    inspect_file(HEAD)  # the dictionaries are loaded once, on first use: not counted
    tracemalloc.start()
    try:
        tokens = sum(isinstance(t, inspect.Token) for t in inspect.iter_inspect(data))
        _, streamed = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        kept = len(inspect_file(data).tokens)
        _, whole = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert tokens == kept > 3 * items
    # neither keeps the tokens: inspect_file keeps the problems and walks again when asked
    assert streamed < 256 * 1024 and whole < 256 * 1024
    result = inspect_file(data)
    tracemalloc.start()
    try:
        listed = sum(1 for _ in result.lines())
        _, listing = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert listed == len(result.lines()) == kept
    assert listing < 256 * 1024


def test_comparison_page_lists_every_catalogue_file():
    # docs/malformed.md's table is generated by docs/compare_tools.py (with dcmtk, GDCM and
    # dicom3tools installed); it must be refreshed when the catalogue changes.
    page = (ROOT / "docs" / "malformed.md").read_text(encoding="utf-8")
    table = page[page.index("table begins") : page.index("table ends")]
    listed = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    catalogue = {p.name for p in (TESTDATA / "malformed").glob("*.dcm")}
    assert listed == catalogue, "run `python docs/compare_tools.py` and commit docs/malformed.md"
