"""Small helpers with pydicom's names (``pydicom.misc``): sizes, a quick DICOM check, warnings.

``is_dicom`` checks the PS3.10 §7.1 preamble and 'DICM' prefix only.
"""

from __future__ import annotations

import logging
import warnings
from itertools import groupby
from pathlib import Path

LOGGER = logging.getLogger("dicomconstruct")

_size_factors = {
    "kb": 1000,
    "mb": 1000 * 1000,
    "gb": 1000 * 1000 * 1000,
    "kib": 1024,
    "mib": 1024 * 1024,
    "gib": 1024 * 1024 * 1024,
}


def size_in_bytes(expr: int | float | str | None) -> None | float | int:
    """The number of bytes of a ``defer_size`` such as ``'512 KB'`` or ``2048``; None for
    None or infinity; ValueError for an unknown unit."""
    if expr is None or expr == float("inf"):
        return None
    if isinstance(expr, (int, float)):
        return expr
    try:
        return int(expr)
    except ValueError:
        pass
    value, unit = ("".join(g) for _, g in groupby(expr.replace(" ", ""), str.isalpha))
    if unit.lower() in _size_factors:
        return float(value) * _size_factors[unit.lower()]
    raise ValueError(f"Unable to parse length with unit '{unit}'")


def is_dicom(file_path: str | Path) -> bool:
    """True if the file has a 128-byte preamble followed by 'DICM' (PS3.10 §7.1)."""
    with open(file_path, "rb") as fp:
        fp.read(128)
        return fp.read(4) == b"DICM"


def warn_and_log(msg: str, category: type[Warning] | None = None, stacklevel: int = 1) -> None:
    """Log ``msg`` as a warning and issue it as a ``category`` warning (UserWarning)."""
    LOGGER.warning(msg)
    warnings.warn(msg, category, stacklevel=stacklevel + 1)
