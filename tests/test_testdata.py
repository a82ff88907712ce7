"""The project's own test files: each reads, or fails, exactly as testdata/expected.json says.
PS3.10 §7 and PS3.5 §7, §A.4, §A.5: valid files match pydicom; faults carry offset and path.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import os
import shutil
import subprocess
import sys
import time
import traceback
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pydicom
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicomconstruct import data as testdata
from dicomconstruct import errors, filereader
from dicomconstruct.errors import DicomError, InvalidDicomError, TruncatedDataError
from dicomconstruct.filereader import dcmread

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXPECTED: dict[str, dict] = json.loads((TESTDATA / "expected.json").read_text(encoding="utf-8"))
VALID = sorted(name for name, exp in EXPECTED.items() if exp["read"] == "ok")
FAULTY = sorted(name for name, exp in EXPECTED.items() if exp["read"] == "error")
ERROR_CLASSES = {
    name: cls
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, DicomError)
}

# Known bugs in other modules. Each test marked with one is a strict xfail, so it turns green
# (and fails as XPASS until the mark is removed) the moment the bug is fixed.
KNOWN_BUGS: dict[str, str] = {}


def _known_bug(name: str, *known: dict[str, str]):
    """``name`` as a pytest param, marked strict-xfail if one of ``known`` names a bug in it."""
    for bugs in known:
        if name in bugs:
            return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=bugs[name]))
    return name


# Catalogue files our reader reads whole that a reference reader reads otherwise or refuses
# (testdata/README.md says why each is faulty): the comparison with that reader is left out.
PYDICOM_DIFFERS: dict[str, str] = {
    "malformed/preamble_missing.dcm": "pydicom refuses a file starting with 'DICM' unless forced",
    "malformed/stray_bytes_before_bare_data_set.dcm": "pydicom keeps the stray byte: it reads "
    "the rest as one (0820,1600) UN element",
    "malformed/unknown_vr_short_length.dcm": "pydicom raises NotImplementedError for the "
    "unknown VR 'XY' when the data set is printed",
    "malformed/meta_big_data_little.dcm": "pydicom reads the little endian data set big "
    "endian, as the meta says: one (0800,0500) element whose length runs past the end; its "
    "first element cannot be read so and the data set reads plausibly little endian, so the "
    "strict reader and inspection read it little endian (codec.sniff.check_encoding)",
    "malformed/meta_little_data_big.dcm": "pydicom reads the big endian data set little "
    "endian, as the meta says; we read it big endian (see meta_big_data_little.dcm)",
    "malformed/trailing_bytes.dcm": "pydicom reads the garbage as an element (0001,6167) whose "
    "value is cut short; its tag goes back and its length runs past the end, so it is no "
    "element (PS3.5 §7.1) but bytes after the data set, kept in trailing_bytes",
}
DCMTK_DIFFERS: dict[str, str] = {
    "malformed/meta_group_length_vr_ob.dcm": "dcmdump refuses a File Meta Information Group "
    "Length whose VR is not UL",
    "malformed/implicit_item_in_explicit_sequence.dcm": "dcmdump reads the implicit VR item "
    "as explicit VR and runs past the end of the file",
    "malformed/undefined_length_ob_items.dcm": "dcmdump refuses an undefined-length OB "
    "element that is not Pixel Data",
}


def _compared(name: str, differs: dict[str, str]):
    """``name`` as a pytest param, skipped if ``differs`` says the reference reads it otherwise."""
    if name in differs:
        return pytest.param(name, marks=pytest.mark.skip(reason=differs[name]))
    return name


def _build_module():
    """testdata/build.py as a module, for its helpers (element, header, marker, ...)."""
    spec = importlib.util.spec_from_file_location("testdata_build", TESTDATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_everything(ds) -> str:
    """Decode every value, nested ones included, and print the data set: whatever a lazily
    parsed value hides surfaces here."""
    for elem in ds.file_meta if getattr(ds, "file_meta", None) else ():
        elem.value  # noqa: B018 - decoding is the point
    for elem in ds.iterall():
        elem.value  # noqa: B018
        if elem.is_undefined_length and elem.VR != "SQ":
            elem.encapsulated  # noqa: B018 - the items of PS3.5 §A.4 and their offset table
    return str(ds)


def read_recorded(source, **options):
    """``dcmread`` with every warning recorded: (dataset, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = dcmread(source, **options)
        read_everything(ds)
    return ds, caught


def fault_of(source, exp: dict) -> tuple[DicomError, list]:
    """The error reading ``source`` raises where ``exp`` says it does (in dcmread, or on
    access for lazily parsed values), with the warnings recorded before it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if exp["access_error"]:
            ds = dcmread(source, force=exp["force"])  # the fault is in a lazily parsed value
            with pytest.raises(DicomError) as info:
                read_everything(ds)
        else:
            with pytest.raises(DicomError) as info:
                read_everything(dcmread(source, force=exp["force"]))
    return info.value, caught


# ---------------------------------------------------------------------------------------------
# Valid files.
@pytest.mark.parametrize("name", [_known_bug(n, KNOWN_BUGS) for n in VALID])
def test_valid_file_reads_and_decodes_every_value(name):
    exp = EXPECTED[name]
    ds, caught = read_recorded(TESTDATA / name, force=exp["force"])
    assert len(ds) > 0
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert bool(messages) == exp["warns"], messages


@pytest.mark.parametrize("name", [n for n in VALID if EXPECTED[n]["force"]])
def test_file_without_meta_is_refused_unless_forced(name):
    with pytest.raises(InvalidDicomError) as info:
        dcmread(TESTDATA / name)
    assert info.value.offset == 0
    assert "force=True" in str(info.value)


def _plain(value):
    """A value as plain Python data, so that ours and pydicom's compare (DS/IS, PN, UID and
    multi-values are each library's own types)."""
    if value is None or isinstance(value, (bytes, bytearray)):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if hasattr(value, "__iter__") and not hasattr(value, "components"):
        return [_plain(v) for v in value]
    return str(value)  # PersonName and the like


def _same(ours, theirs) -> bool:
    a, b = _plain(ours), _plain(theirs)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _differences(ours, theirs, where: str) -> list[str]:
    """Tags, VRs, nesting and values of two data sets, as a list of differences."""
    our_tags = [int(e.tag) for e in ours]
    their_tags = [int(e.tag) for e in theirs]
    if our_tags != their_tags:
        return [f"{where}: tags {[f'{t:08X}' for t in sorted(set(our_tags) ^ set(their_tags))]}"]
    problems = []
    for mine, other in zip(ours, theirs, strict=True):
        here = f"{where} / {mine.tag}"
        if mine.VR != other.VR:
            problems.append(f"{here}: VR {mine.VR} != {other.VR}")
        elif mine.VR == "SQ":
            if len(mine.value) != len(other.value):
                problems.append(f"{here}: {len(mine.value)} != {len(other.value)} items")
                continue
            for index, (a, b) in enumerate(zip(mine.value, other.value, strict=True)):
                problems += _differences(a, b, f"{here} / item {index}")
        elif not _same(mine.value, other.value):
            problems.append(f"{here}: {mine.value!r} != {other.value!r}")
    return problems


@pytest.mark.parametrize(
    "name",
    [
        _known_bug(n, KNOWN_BUGS) if n in KNOWN_BUGS else _compared(n, PYDICOM_DIFFERS)
        for n in VALID
    ],
)
def test_valid_file_reads_as_pydicom_reads_it(name):
    exp = EXPECTED[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = dcmread(TESTDATA / name, force=exp["force"])
        theirs = pydicom.dcmread(TESTDATA / name, force=exp["force"])
        our_text, their_text = str(ours), str(theirs)
    assert _differences(ours.file_meta, theirs.file_meta, "file meta") == []
    assert _differences(ours, theirs, "dataset") == []
    assert our_text.splitlines() == their_text.splitlines()


@pytest.mark.skipif(shutil.which("dcmdump") is None, reason="dcmtk's dcmdump is not installed")
@pytest.mark.parametrize(
    "name", [_compared(n, DCMTK_DIFFERS) for n in VALID if not EXPECTED[n]["warns"]]
)
def test_valid_file_has_the_top_level_elements_dcmtk_reads(name):
    # A second, independent reader (dcmtk): it accepts each conformant file, and its
    # top-level tags (meta and data set, no items or delimiters) are ours, in order.
    result = subprocess.run(
        ["dcmdump", "-q", os.fspath(TESTDATA / name)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    theirs = [
        int(line[1:5] + line[6:10], 16)
        for line in result.stdout.splitlines()
        if line.startswith("(") and not line.startswith("(fffe,")
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(TESTDATA / name, force=EXPECTED[name]["force"])
    assert [int(e.tag) for e in ds.file_meta] + [int(e.tag) for e in ds] == theirs


def test_encapsulated_pixel_data_keeps_its_items():
    # PS3.5 §A.4: the value is the Basic Offset Table item and the fragment items, without
    # the Sequence Delimitation Item (as pydicom keeps it).
    build = _build_module()
    ds = dcmread(TESTDATA / "encapsulated.dcm")
    elem = ds[0x7FE00010]
    assert elem.is_undefined_length
    fragments = build.JPEG_FRAGMENTS
    expected = build.marker(build.ITEM, length=0) + b"".join(
        build.marker(build.ITEM, length=len(f)) + f for f in fragments
    )
    assert elem.value == expected


def test_un_of_undefined_length_reads_as_an_implicit_vr_sequence():
    # PS3.5 §6.2.2 (CP-246).
    ds = dcmread(TESTDATA / "un_undefined_length.dcm")
    seq = ds[0x00081115]
    assert seq.VR == "SQ"
    assert [item.SeriesInstanceUID for item in seq.value] == [
        "2.25.31415926576",
        "2.25.31415926578",
    ]
    assert all(item.is_implicit_VR for item in seq.value)


def test_deferred_value_is_left_in_the_file_until_accessed():
    path = TESTDATA / "deferred.dcm"
    pixels = _build_module().DEFERRED_PIXELS
    ds = dcmread(path, defer_size=512)
    elem = ds.get_item(0x7FE00010)
    assert elem.is_deferred
    assert ds.PatientName == "Doe^Defer"
    assert ds.PixelData == pixels
    assert not elem.is_deferred
    for defer_size in (None, 1024, "2 KB"):
        elem = dcmread(path, defer_size=defer_size).get_item(0x7FE00010)
        assert not elem.is_deferred
        assert elem.value == pixels


# ---------------------------------------------------------------------------------------------
# Malformed files.
@pytest.mark.parametrize("name", [_known_bug(n, KNOWN_BUGS) for n in FAULTY])
def test_malformed_file_fails_with_the_expected_error_offset_and_path(name):
    exp = EXPECTED[name]
    fault, caught = fault_of(TESTDATA / name, exp)
    assert type(fault) is ERROR_CLASSES[exp["error"]], repr(fault)
    assert fault.offset == exp["offset"], str(fault)
    assert fault.path and exp["path_contains"] in fault.path, str(fault)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert bool(messages) == exp["warns"], messages
    # The message is readable: plain text, naming where it failed.
    text = str(fault)
    assert text.isprintable() and fault.message and fault.message in text
    assert f"at byte {exp['offset']}" in text and fault.path in text
    assert "Container" not in text and "construct" not in text.lower()


@pytest.mark.parametrize("name", [_known_bug(n, KNOWN_BUGS) for n in FAULTY])
def test_malformed_file_fails_the_same_from_an_open_file_and_from_bytes(name):
    exp = EXPECTED[name]
    expected = ERROR_CLASSES[exp["error"]]
    with open(TESTDATA / name, "rb") as file:
        fault, _ = fault_of(file, exp)
    assert (type(fault), fault.offset) == (expected, exp["offset"])
    fault, _ = fault_of(io.BytesIO((TESTDATA / name).read_bytes()), exp)
    assert (type(fault), fault.offset) == (expected, exp["offset"])


def test_malformed_file_read_in_full_only_after_the_faulty_sequence_is_accessed():
    # A defined-length sequence is parsed lazily: the rest of the data set is there.
    ds = dcmread(TESTDATA / "malformed/item_overruns_sequence.dcm")
    assert ds.PatientName == "Doe^John"
    with pytest.raises(TruncatedDataError):
        ds[0x00081140].value  # noqa: B018


# ---------------------------------------------------------------------------------------------
# No failure escapes as a bare construct, struct, zlib, KeyError, IndexError or RecursionError.
def _mutations(data: bytes):
    """Every truncation, and every byte replaced by FFH (lengths become huge, tags private,
    VRs invalid) or by 00H."""
    for size in range(len(data)):
        yield f"truncated to {size}", data[:size]
    for pos in range(len(data)):
        for byte in (0xFF, 0x00):
            if data[pos] != byte:
                yield f"byte {pos} = {byte:02X}", data[:pos] + bytes([byte]) + data[pos + 1 :]


# Known escapes: (exception class, a dicomconstruct function in its traceback) -> the bug.
# Each has its own strict-xfail test below, which turns green the moment the bug is fixed; the
# damaged-copy test skips only these exact signatures, so any other escape still fails it.
KNOWN_ESCAPES: dict[tuple[str, str], str] = {}


def _is_known_escape(exc: BaseException) -> bool:
    frames = {
        f.name for f in traceback.extract_tb(exc.__traceback__) if "dicomconstruct" in f.filename
    }
    return any(type(exc).__name__ == cls and function in frames for cls, function in KNOWN_ESCAPES)


@pytest.mark.parametrize(
    "name", [n for n in sorted(EXPECTED) if (TESTDATA / n).stat().st_size < 2000]
)
def test_every_failure_on_damaged_copies_is_a_dicom_error(name):
    exp = EXPECTED[name]
    escapes = []
    for what, damaged in _mutations((TESTDATA / name).read_bytes()):
        for force in {exp["force"], True}:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    read_everything(dcmread(io.BytesIO(damaged), force=force))
                except DicomError:
                    pass
                except Exception as exc:  # noqa: BLE001 - any other class is the failure
                    if not _is_known_escape(exc):
                        escapes.append(f"{what}, force={force}: {type(exc).__name__}: {exc}"[:200])
    assert escapes == [], f"{len(escapes)} escapes, first: {escapes[:5]}"


_INTERESTING_PAIRS = [
    b"\0\0",
    b"\xff\xff",
    b"SQ",
    b"UN",
    b"OB",
    b"\xfe\xff",  # group FFFE, little endian
    b"\x00\xe0",  # Item
    b"\x0d\xe0",  # Item Delimitation Item
    b"\xdd\xe0",  # Sequence Delimitation Item
]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    name=st.sampled_from([n for n in VALID if (TESTDATA / n).stat().st_size < 2000]),
    changes=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True),
            st.one_of(st.sampled_from(_INTERESTING_PAIRS), st.binary(min_size=2, max_size=2)),
        ),
        min_size=1,
        max_size=4,
    ),
    keep=st.one_of(st.none(), st.floats(0, 1)),
    force=st.booleans(),
)
def test_every_failure_on_randomly_damaged_copies_is_a_dicom_error(name, changes, keep, force):
    # Structural damage: two bytes at a time (a tag half, a VR, half a length) set to values
    # that mean something to the walk, then maybe a truncation.
    data = bytearray((TESTDATA / name).read_bytes())
    for where, pair in changes:
        pos = int(where * len(data))
        data[pos : pos + 2] = pair
    if keep is not None:
        del data[int(keep * len(data)) :]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_everything(
                dcmread(io.BytesIO(bytes(data)), force=force or EXPECTED[name]["force"])
            )
        except DicomError:
            pass
        except Exception as exc:
            if not _is_known_escape(exc):
                raise


def _read_damaged(name: str, pos: int, replacement: bytes, expected_there: bytes) -> None:
    """Read ``name`` with the bytes from ``pos`` replaced and every value decoded; a
    DicomError is fine."""
    damaged = bytearray((TESTDATA / name).read_bytes())
    assert damaged[pos : pos + len(expected_there)] == expected_there
    damaged[pos : pos + len(replacement)] = replacement
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_everything(dcmread(io.BytesIO(bytes(damaged))))
        except DicomError:
            pass


def test_vr_of_a_letter_and_a_non_ascii_byte_is_a_dicom_error_or_a_warning():
    # explicit_le.dcm with byte 149, the second VR byte of (0002,0001) OB, set to FFH.
    _read_damaged("explicit_le.dcm", 149, b"\xff", b"B")


def test_nul_in_specific_character_set_is_a_dicom_error_or_a_warning():
    # explicit_le.dcm with the space of (0008,0005) 'ISO_IR 100' set to 00H.
    pos = (TESTDATA / "explicit_le.dcm").read_bytes().index(b"ISO_IR 100") + 6
    _read_damaged("explicit_le.dcm", pos, b"\x00", b" ")


def test_defined_length_sequence_in_the_file_meta_is_a_dicom_error_or_reads():
    # explicit_le.dcm with the VR of (0002,0000) UL changed to SQ (bytes 136-137): a long
    # header now (PS3.5 Table 7.1-1), so a defined-length sequence in the File Meta
    # Information whose value is the rest of the group.
    _read_damaged("explicit_le.dcm", 136, b"SQ", b"UL")


def test_deep_nesting_is_refused_before_the_python_stack_runs_out():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # the reader must not need more than Python's default
    try:
        with pytest.raises(errors.NestingTooDeepError) as info:
            dcmread(TESTDATA / "malformed/nesting_too_deep.dcm")
    finally:
        sys.setrecursionlimit(limit)
    assert str(filereader.MAX_NESTING_DEPTH) in info.value.message


# ---------------------------------------------------------------------------------------------
# Declared lengths near 4 GB fail at once, without allocating them.
def _huge_length_cases():
    build = _build_module()
    huge = 0xFFFFFFF0
    before = b"".join(build.small_data_set())
    explicit = build.part10(build.EXPLICIT_LE, build.CT_IMAGE, build.uid(90), before)
    implicit_head = build.part10(build.IMPLICIT_LE, build.CT_IMAGE, build.uid(90), b"")
    sq_item = build.marker(build.ITEM, length=huge) + b"\0" * 8
    sequence = build.build_element(0x00081140, "SQ", len(sq_item), sq_item, build.EXPLICIT)
    pixel_head = build.header(0x7FE00010, "OB", build.UNDEFINED_LENGTH)
    offset_table = build.marker(build.ITEM, length=0)
    return {
        "explicit OB value": ((TESTDATA / "malformed/huge_length.dcm").read_bytes(), False),
        "implicit value": (implicit_head + b"\x10\x00\x10\x00" + huge.to_bytes(4, "little"), False),
        "item in a sequence": (explicit + sequence, True),
        "fragment": (
            explicit + pixel_head + offset_table + build.marker(build.ITEM, length=huge),
            False,
        ),
    }


HUGE_LENGTH_CASES = _huge_length_cases()


@pytest.mark.parametrize("case", sorted(HUGE_LENGTH_CASES))
def test_length_of_0xFFFFFFF0_fails_fast_without_a_huge_allocation(case):
    data, on_access = HUGE_LENGTH_CASES[case]
    for source in (io.BytesIO(data), TESTDATA / "malformed/huge_length.dcm"):
        if isinstance(source, Path) and case != "explicit OB value":
            continue
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with pytest.raises(TruncatedDataError) as info:
                    read_everything(dcmread(source))
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert time.perf_counter() - started < 1.0
        assert peak < 4 * 1024 * 1024, f"peak {peak} bytes"
        assert str(0xFFFFFFF0) in info.value.message or "runs past" in info.value.message
        assert on_access == ("item" in info.value.path)


# ---------------------------------------------------------------------------------------------
# The files are what build.py builds, and build.py is deterministic.
def _build_into(directory: Path) -> None:
    subprocess.run(
        [sys.executable, os.fspath(TESTDATA / "build.py"), os.fspath(directory)],
        check=True,
        cwd=directory,
        capture_output=True,
    )


def _same_file(committed: bytes, built: bytes) -> bool:
    """Equal bytes; or, for a deflated data set (PS3.5 §A.5) whose stream another zlib build
    may encode differently, equal bytes up to the stream and equal inflated data."""
    if committed == built:
        return True
    deflated = b"1.2.840.10008.1.2.1.99\0"
    if deflated not in committed[:400] or deflated not in built[:400]:
        return False
    start = 144 + int.from_bytes(committed[140:144], "little")  # after the meta group
    if committed[:start] != built[:start]:
        return False
    try:
        return zlib.decompress(committed[start:], -15) == zlib.decompress(built[start:], -15)
    except zlib.error:
        return False


# The pixel-data catalogue is built by testdata/build_pixels.py (tests/test_pixels*.py check it).
PIXEL_CATALOGUE = {
    f"malformed/pixels/{name}"
    for name in json.loads((TESTDATA / "malformed" / "pixels" / "expected.json").read_text())
}


def test_build_is_deterministic_and_the_committed_files_are_what_it_builds(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _build_into(first)
    _build_into(second)
    names = _files_under(first)
    assert names == _files_under(second)
    assert names == sorted([*EXPECTED, "expected.json", "README.md"])
    stale = []
    for name in names:
        built = (first / name).read_bytes()
        assert built == (second / name).read_bytes(), f"{name} differs between two builds"
        if not _same_file((TESTDATA / name).read_bytes(), built):
            stale.append(name)
    assert stale == [], "run `python testdata/build.py` and commit the result"
    committed = {n for n in _files_under(TESTDATA) if n.endswith(".dcm")}
    assert committed - PIXEL_CATALOGUE == set(EXPECTED), (
        "testdata/ holds .dcm files build.py does not make"
    )


def _files_under(directory: Path) -> list[str]:
    """The files under ``directory``, as sorted paths relative to it (``malformed/x.dcm``)."""
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.suffix != ".pyc"
    )


def test_catalogue_holds_every_file_inspection_finds_a_problem_in():
    # testdata/malformed/ is the catalogue of faults (issue 5); the valid files stay outside it,
    # and so does a bare data set that readers accept with force=True and in which inspection
    # notes nothing but the missing prefix.
    for name, exp in EXPECTED.items():
        problems = exp["inspect"]["problems"]
        accepted = (
            exp["read"] == "ok"
            and exp["force"]
            and all(kind == "prefix-missing" for kind, _ in problems)
        )
        faulty = bool(problems) and not accepted
        assert name.startswith("malformed/") == faulty, name
        assert "/" not in name.removeprefix("malformed/"), name


def test_expectations_are_complete():
    for name, exp in EXPECTED.items():
        assert exp["description"] and isinstance(exp["warns"], bool), name
        assert isinstance(exp["force"], bool) and isinstance(exp["access_error"], bool), name
        if exp["read"] == "error":
            assert exp["error"] in ERROR_CLASSES, name
            assert isinstance(exp["offset"], int) and exp["path_contains"], name
            assert 0 <= exp["offset"] <= (TESTDATA / name).stat().st_size or "deflate" in name
        else:
            assert exp["read"] == "ok" and not exp["access_error"], name
    readme = (TESTDATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXPECTED)


def test_test_files_are_small():
    for name in EXPECTED:
        limit = 8192 if Path(name).name.startswith("nesting_too_deep") else 2048
        assert (TESTDATA / name).stat().st_size <= limit, name


# ---------------------------------------------------------------------------------------------
# dicomconstruct.data finds the files.
def test_get_testdata_file_finds_each_test_file():
    # DATA_ROOT is this checkout's testdata/, or dicomconstruct/testdata in an installed wheel
    # (hatch force-include): either way it holds these very files.
    root = Path(testdata.DATA_ROOT)
    assert root.is_dir() and root.name == "testdata"
    for name in EXPECTED:
        # By its path relative to testdata/ and by its bare name (found in malformed/ too).
        for lookup in (name, Path(name).name):
            path = testdata.get_testdata_file(lookup)
            assert path is not None and os.path.isabs(path), lookup
            assert Path(path) == root / name, lookup
            assert Path(path).read_bytes() == (TESTDATA / name).read_bytes(), name
    assert testdata.get_testdata_file("no_such_file.dcm") is None
    assert testdata.get_testdata_file("build.py") is None  # not a data set
    assert testdata.get_testdata_file("*.dcm") is None  # a name, not a pattern
    ds = testdata.get_testdata_file("no_preamble.dcm", read=True)  # read with force, as pydicom
    assert ds.PatientID == "ID0007"


def test_get_testdata_files_lists_matching_data_sets_only():
    everything = testdata.get_testdata_files()
    root = Path(testdata.DATA_ROOT)
    assert sorted(Path(p).relative_to(root).as_posix() for p in everything) == sorted(
        [*EXPECTED, *PIXEL_CATALOGUE]
    )
    deflated = testdata.get_testdata_files("deflate*")  # in testdata/ and malformed/
    assert sorted(Path(p).relative_to(root).as_posix() for p in deflated) == [
        "deflated.dcm",
        "malformed/deflate_corrupt.dcm",
        "malformed/deflate_garbage.dcm",
    ]
    catalogue = testdata.get_testdata_files("malformed/*")
    assert [Path(p).name for p in catalogue] == sorted(
        n.removeprefix("malformed/") for n in EXPECTED if n.startswith("malformed/")
    )
    assert testdata.get_testdata_files("*.json") == []


def test_testdata_lookups_refuse_absolute_paths():
    with pytest.raises(ValueError):
        testdata.get_testdata_file(os.fspath(TESTDATA / "malformed/empty.dcm"))
    with pytest.raises(ValueError):
        testdata.get_testdata_files(os.fspath(TESTDATA / "*"))
