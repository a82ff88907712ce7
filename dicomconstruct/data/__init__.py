"""The project's own test files (testdata/), found as pydicom's ``pydicom.data`` finds its own.
They are PS3.10 §7 files, valid ones and the catalogue of faults in testdata/malformed/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["DATA_ROOT", "get_testdata_file", "get_testdata_files"]

# Files in testdata/ that are not data sets: the builder, the expectations and their notes.
# Data sets are found in testdata/ and its folders (malformed/), by bare name or relative path.
_NOT_DATA_SETS = frozenset({".py", ".pyc", ".json", ".md"})
_GLOB = frozenset("*?[")  # a name is a name, not a pattern


def _data_root() -> Path:
    """``dicomconstruct/testdata`` in an installed wheel (hatch force-include), else the
    source checkout's ``testdata`` next to the package."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "testdata", package.parent / "testdata"):
        if folder.is_dir():
            return folder
    return package / "testdata"  # missing: lookups find nothing


DATA_ROOT = os.fspath(_data_root())


def get_testdata_file(name: str, read: bool = False) -> str | Any | None:
    """The absolute path of the test file ``name`` (a bare file name, found in testdata/ or any
    folder under it, or a path relative to testdata/ such as ``malformed/odd_length.dcm``), or
    ``None`` if there is none; with ``read=True`` the data set read by
    ``dcmread(path, force=True)``, as pydicom."""
    if os.path.isabs(name):
        raise ValueError(
            "'get_testdata_file' does not support absolute paths, as it only works with "
            f"dicomconstruct's test files - did you mean 'dcmread(\"{name}\")'?"
        )
    root = Path(DATA_ROOT)
    path = root / name
    if not path.is_file() and root.is_dir() and Path(name).name == name and not _GLOB & set(name):
        # A bare name: the first match in a folder under testdata/ (names are unique there).
        path = next((p for p in sorted(root.rglob(name)) if p.is_file()), path)
    if not path.is_file() or path.suffix in _NOT_DATA_SETS:
        return None
    if read:
        from ..filereader import dcmread

        return dcmread(path, force=True)
    return os.fspath(path)


def get_testdata_files(pattern: str = "*") -> list[str]:
    """Absolute paths of the test files whose names match the glob ``pattern``, in testdata/
    and the folders under it (as pydicom's ``get_testdata_files``), sorted."""
    if os.path.isabs(pattern):
        raise ValueError(
            "'get_testdata_files' does not support absolute paths, as it only works with "
            "dicomconstruct's test files."
        )
    root = Path(DATA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        os.fspath(path)
        for path in root.rglob(pattern)
        if path.is_file() and path.suffix not in _NOT_DATA_SETS
    )
