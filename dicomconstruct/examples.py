"""The example data sets of pydicom's documentation (``examples.ct``, ``examples.mr``...), by
pydicom 3.0.2's names, each read afresh on every access (``dcmread(path, force=True)``).

The files are looked up by pydicom's file names through ``dicomconstruct.data`` (the
project's own data files, never pydicom's package), then, when the environment variable
``DICOMCONSTRUCT_PYDICOM_DATA`` names a directory (pydicom's ``data`` folder, or its
``test_files``: from pydicom's sdist or a checkout), in that directory. dicomconstruct does not
ship pydicom's files: a name whose file is in neither raises ``FileNotFoundError`` saying so;
``get_path`` gives the path (docs/utilities.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["get_path"]

# The directory of pydicom's own data files, if the user has them (pydicom's data package).
PYDICOM_DATA_ENV = "DICOMCONSTRUCT_PYDICOM_DATA"

# pydicom's names and the files they stand for (pydicom/examples/__init__.py).
_DATASETS: dict[str, str] = {
    "ct": "CT_small.dcm",
    "dicomdir": "DICOMDIR",
    "jpeg2k": "examples_jpeg2k.dcm",
    "mr": "MR_small.dcm",
    "no_meta": "no_meta.dcm",
    "overlay": "examples_overlay.dcm",
    "palette_color": "examples_palette.dcm",
    "rgb_color": "examples_rgb_color.dcm",
    "rt_dose": "rtdose.dcm",
    "rt_plan": "rtplan.dcm",
    "rt_ss": "rtstruct.dcm",
    "waveform": "waveform_ecg.dcm",
    "ybr_color": "examples_ybr_color.dcm",
}


def _in_pydicom_data(filename: str) -> Path | None:
    """``filename`` in the directory ``$DICOMCONSTRUCT_PYDICOM_DATA`` names (its ``test_files``
    folder if it has one, as pydicom's data package does), or in a folder under it; the
    shallowest match first (pydicom's ``DICOMDIR`` is ``dicomdirtests/DICOMDIR``)."""
    folder = os.environ.get(PYDICOM_DATA_ENV)
    if not folder or not os.path.isdir(folder):
        return None
    root = Path(folder)
    if (root / "test_files").is_dir():
        root = root / "test_files"
    found = [path for path in root.rglob(filename) if path.is_file()]
    return min(found, key=lambda path: (len(path.parts), str(path))) if found else None


def get_path(name: str) -> Path:
    """The path of the example data set ``name``: ``ValueError`` for a name pydicom does not
    have, ``FileNotFoundError`` if its file is neither among dicomconstruct's data files nor
    in the directory ``$DICOMCONSTRUCT_PYDICOM_DATA`` names."""
    if name not in _DATASETS:
        raise ValueError(f"No example dataset exists with the name '{name}'")
    from .data import DATA_ROOT, get_testdata_file

    filename = _DATASETS[name]
    path = get_testdata_file(filename)
    if path is not None:
        return Path(path)
    found = _in_pydicom_data(filename)
    if found is not None:
        return found
    where = os.environ.get(PYDICOM_DATA_ENV)
    raise FileNotFoundError(
        f"the example dataset '{name}' is pydicom's file '{filename}', which dicomconstruct "
        f"does not ship: it is not in {DATA_ROOT}"
        + (
            f" nor in {PYDICOM_DATA_ENV}={where}"
            if where
            else f" (set {PYDICOM_DATA_ENV} to the directory of pydicom's data files)"
        )
    )


def __getattr__(name: str) -> Any:
    if name in _DATASETS:
        from .filereader import dcmread

        return dcmread(get_path(name), force=True)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
