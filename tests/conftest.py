"""Shared test fixtures: pydicom's corpus (the oracle's own files) and the project's testdata."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOT_DICOM = (".txt", ".json", ".gz", ".dump", ".icc", ".md", ".bz2", ".py", ".pyc")


def _pydicom_corpus() -> list[Path]:
    try:
        import pydicom.data
    except ImportError:
        return []
    root = Path(pydicom.data.__file__).parent
    files = []
    for folder in ("test_files", "charset_files", "palettes"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    try:
        from importlib.metadata import entry_points

        for entry in entry_points(group="pydicom.data.external_sources"):
            store = entry.load()()
            files += sorted(Path(store.data_path).glob("*.dcm"))
    except Exception:  # pydicom-data missing: the wheel corpus is still checked
        pass
    return [p for p in files if not p.name.endswith(NOT_DICOM) and p.name != "README"]


CORPUS = _pydicom_corpus()
CORPUS_IDS = [
    str(p.relative_to(p.parents[1]))
    if "dicomdirtests" not in p.parts
    else str(p).split("data/")[-1]
    for p in CORPUS
]


def corpus_params():
    return pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)


def pytest_report_header(config):
    return f"pydicom corpus: {len(CORPUS)} files ({os.environ.get('PYDICOM_DATA', 'wheel + pydicom-data')})"
