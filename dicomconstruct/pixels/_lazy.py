"""numpy on first use: the pure-Python core (native frames, RLE) never loads it.

``import dicomconstruct.pixels`` and decoding a native or RLE frame to bytes leave numpy out of
``sys.modules`` (issue 14); anything that makes an array imports it through ``np``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

HAVE_NP = importlib.util.find_spec("numpy") is not None

NUMPY_MISSING = (
    "NumPy is required to return pixel data as an array: install it with "
    "pip install 'dicomconstruct[numpy]'"
)


class _Numpy:
    """Stands for the numpy module; each name is looked up once, on first use."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            import numpy
        except ImportError as exc:
            raise ImportError(NUMPY_MISSING) from exc
        value = getattr(numpy, name)
        setattr(self, name, value)
        return value


np: Any = _Numpy()
