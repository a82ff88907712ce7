"""The example data sets of pydicom's documentation (``examples.ct``, ``examples.mr``...), by
pydicom 3.0.2's names, each read afresh on every access (``dcmread(path, force=True)``).

The files are looked up by pydicom's file names through ``dicomconstruct.data`` (the
project's own data files, never pydicom's package). dicomconstruct does not ship pydicom's
files: a name whose file is not there raises ``FileNotFoundError`` saying so; ``get_path``
gives the path (docs/utilities.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["get_path"]

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


def get_path(name: str) -> Path:
    """The path of the example data set ``name``: ``ValueError`` for a name pydicom does not
    have, ``FileNotFoundError`` if its file is not among dicomconstruct's data files."""
    if name not in _DATASETS:
        raise ValueError(f"No example dataset exists with the name '{name}'")
    from .data import DATA_ROOT, get_testdata_file

    path = get_testdata_file(_DATASETS[name])
    if path is None:
        raise FileNotFoundError(
            f"the example dataset '{name}' is pydicom's file '{_DATASETS[name]}', which "
            f"dicomconstruct does not ship: it is not in {DATA_ROOT}"
        )
    return Path(path)


def __getattr__(name: str) -> Any:
    if name in _DATASETS:
        from .filereader import dcmread

        return dcmread(get_path(name), force=True)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
