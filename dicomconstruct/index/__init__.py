"""Index an archive: the headers of many DICOM files (PS3.10) into Parquet, one row per file,
broken files included, on all cores or a Dask cluster. See docs/index.md.

``read_row`` reads one file into a dict (never raising on bad bytes), ``schema`` is the Arrow
schema every part has, ``build`` writes an index directory, ``to_dask`` gives a Dask DataFrame
whose ``to_parquet`` writes from the workers. Needs the ``index`` extra (pyarrow); ``dask`` and
``remote`` (fsspec, s3fs) for clusters and object stores.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from ._optional import MissingExtraError, require
from .columns import CORE_TAGS, INDEX_VERSION, MAX_PROBLEMS, arrow_schema, tag_columns
from .row import STATUSES, make_options, read_row
from .runner import build, identity_key, read_partition
from .sources import Entry, expand

__all__ = [
    "CORE_TAGS",
    "INDEX_VERSION",
    "MAX_PROBLEMS",
    "STATUSES",
    "MissingExtraError",
    "build",
    "expand",
    "identity_key",
    "read_row",
    "tag_columns",
    "schema",
    "to_dask",
]


def schema(tags: Any = "core", header: str | bool = "none", private: str | bool = "none") -> Any:
    """The ``pyarrow.Schema`` of an index made with these options: the same for every part,
    whatever the files hold."""
    options = make_options(tags, header, private)
    return arrow_schema(list(options.columns), options.header, options.private)


def _frame(entries: list[Entry], options: Any) -> Any:
    pd = require("pandas", "dask")
    return read_partition(entries, options).to_pandas(types_mapper=pd.ArrowDtype)


def to_dask(
    srcs: Iterable[str | os.PathLike],
    tags: Any = "core",
    header: str | bool = "none",
    private: str | bool = "none",
    check: str | bool = "inspect",
    *,
    files_per_partition: int = 500,
    storage_options: dict | None = None,
) -> Any:
    """A ``dask.dataframe.DataFrame`` of the index, one partition per ``files_per_partition``
    files, made with ``dd.from_map`` and its ``meta`` from ``schema()``: computing it (or its
    ``.to_parquet()``) reads the files on the workers. The listing is made here, once."""
    dd = require("dask.dataframe", "dask")
    pd = require("pandas", "dask")
    options = make_options(tags, header, private, check, storage_options=storage_options)
    entries = list(expand(srcs, storage_options))
    batches = [
        entries[i : i + files_per_partition] for i in range(0, len(entries), files_per_partition)
    ]
    empty = arrow_schema(list(options.columns), options.header, options.private).empty_table()
    meta = empty.to_pandas(types_mapper=pd.ArrowDtype)
    if not batches:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_map(
        _frame, batches, options=options, meta=meta, label="dicom-index", enforce_metadata=False
    )
