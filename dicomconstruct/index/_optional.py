"""The optional extras the index needs (pyarrow, dask, fsspec/s3fs): imported when used, with a
one-line error naming what to install when one is missing."""

from __future__ import annotations

import importlib
from typing import Any

# module -> the extra of pyproject.toml that installs it
EXTRAS = {
    "pyarrow": "index",
    "pyarrow.parquet": "index",
    "dask": "dask",
    "dask.dataframe": "dask",
    "distributed": "dask",
    "fsspec": "remote",
    "s3fs": "remote",
    "gcsfs": "remote",
}


class MissingExtraError(ImportError):
    """An optional dependency of ``dicomconstruct.index`` is not installed."""


def require(module: str, extra: str | None = None) -> Any:
    """Import ``module``, or fail with one line saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = extra or EXTRAS.get(module, "index")
        raise MissingExtraError(
            f"dicomconstruct index needs {module.split('.')[0]} ({exc.name or module} is "
            f"missing): pip install 'dicomconstruct[{extra}]'"
        ) from None
