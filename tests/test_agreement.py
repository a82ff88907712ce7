"""Strict reading and inspection agree (issue 12, docs/architecture.md "Policies"): on every file
of the project's testdata (the catalogue of faults included), the fuzz regressions and pydicom's
corpus, ``dcmread`` with every value and sequence decoded raises a ``DicomError`` exactly when
``inspect_file`` reports an error-severity problem, and at the offset of one of those problems
(every value: an element replaced by a later one with its tag is kept, so decoded too).

Both decide by the rules of ``codec/`` (the walk, the sniffing of the encoding): a rule that
lived in one of them only is what made 11 of 69 project files disagree before.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dicomconstruct import dcmread
from dicomconstruct.errors import DicomError
from dicomconstruct.inspect import inspect_file

from .conftest import CORPUS, CORPUS_IDS

ROOT = Path(__file__).resolve().parent.parent
PROJECT = sorted((ROOT / "testdata").rglob("*.dcm")) + sorted(
    (ROOT / "tests" / "fuzz_regressions").glob("*.dcm")
)
PROJECT_IDS = [str(p.relative_to(ROOT)) for p in PROJECT]
LARGE = 64 << 20  # pydicom-data's largest files are read by test_corpus; here they only cost time


def strict_error(path: Path) -> DicomError | None:
    """The error ``dcmread`` raises with every value decoded: the meta's and the data set's
    values (sequences parsed, nested values too) and encapsulated values' items and offset
    tables (``DataElement.encapsulated``); None when all of it reads."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(path)
            _decode_all(ds.file_meta)
            _decode_all(ds)
        except DicomError as exc:
            return exc
    return None


def _decode_all(ds) -> None:
    """Decode every element the read kept: those of the tree and, in each data set, those a
    later element with the same tag replaced (kept to be written back, ReadProvenance), in
    the order of the file, nested sequences too."""
    replaced = ds._provenance.duplicates if ds._provenance is not None else []
    for elem in sorted([*ds._dict.values(), *replaced], key=lambda e: e.value_offset or 0):
        value = elem.value
        if elem.VR == "SQ":
            for item in value:
                _decode_all(item)
        elif elem.is_undefined_length:
            elem.encapsulated  # noqa: B018 - its errors say where in the file


def check_agreement(path: Path) -> None:
    error = strict_error(path)
    inspected = inspect_file(path)
    errors = [(p.kind, p.offset) for p in inspected.errors]
    if error is None:
        assert errors == [], f"dcmread reads every value; inspection reports {errors}"
    else:
        assert errors, f"dcmread raises {type(error).__name__} at {error.offset}: {error}"
        assert error.offset in {offset for _, offset in errors}, (
            f"dcmread raises at {error.offset} ({error}); inspection's errors are {errors}"
        )


@pytest.mark.parametrize("path", PROJECT, ids=PROJECT_IDS)
def test_strict_reading_raises_exactly_where_inspection_finds_an_error(path):
    check_agreement(path)


@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_strict_reading_and_inspection_agree_on_pydicoms_corpus(path):
    if path.stat().st_size > LARGE:
        pytest.skip("larger than 64 MB: read by test_corpus, not twice more here")
    check_agreement(path)


def test_the_project_files_cover_faults_and_clean_files():
    # the agreement means something only if both verdicts occur
    verdicts = [strict_error(path) is None for path in PROJECT]
    assert verdicts.count(True) >= 20 and verdicts.count(False) >= 20


# Bytes changed anywhere after the preamble: the verdicts still agree (the copies a fuzzer
# makes, where a rule known to only one of them shows; fuzz_regressions/ keeps what was found).
MUTATED = [
    ROOT / "testdata" / "malformed" / "nesting_too_deep_defined.dcm",
    ROOT / "testdata" / "undefined_length_sq.dcm",
    ROOT / "testdata" / "encapsulated.dcm",
    ROOT / "testdata" / "implicit_le.dcm",
    ROOT / "testdata" / "explicit_be.dcm",
]


@pytest.mark.parametrize("path", MUTATED, ids=[p.name for p in MUTATED])
@settings(
    max_examples=40,
    deadline=None,
    # one file rewritten per example: the fixture's folder is shared on purpose
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_strict_reading_and_inspection_agree_on_files_with_changed_bytes(path, data, tmp_path):
    original = path.read_bytes()
    changes = data.draw(
        st.lists(
            st.tuples(st.integers(132, len(original) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=3,
        )
    )
    changed = bytearray(original)
    for pos, byte in changes:
        changed[pos] = byte
    target = tmp_path / "changed.dcm"
    target.write_bytes(bytes(changed))
    check_agreement(target)
