"""What to index: directories (recursive), globs, files listing paths, and fsspec URLs, listed
once, lazily, each file with the size and mtime (or the object store's ETag) that identify it."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .row import _etag, is_remote, local_path

# A SRC that names a file listing paths (one a line): ``@paths.txt``, or a file with one of
# these suffixes.
LISTING_SUFFIXES = (".txt", ".lst", ".list")
_GLOB_CHARS = frozenset("*?[")


class Entry(NamedTuple):
    """One file to index, as listed."""

    path: str
    size: int | None
    mtime_ns: int | None
    etag: str | None


def expand(
    srcs: Iterable[str | os.PathLike], storage_options: dict | None = None
) -> Iterator[Entry]:
    """Every file under ``srcs``, in a stable order (sorted within each directory), as they are
    found: nothing is kept, so listing a million files costs no memory."""
    for src in srcs:
        src = os.fspath(src)
        if src.startswith("@"):
            yield from _listing(src[1:], storage_options)
        elif is_remote(src):
            yield from _remote(src, storage_options or {})
        else:
            yield from _local(local_path(src), storage_options)


def _listing(path: str, storage_options: dict | None) -> Iterator[Entry]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            name = line.strip()
            if name and not name.startswith("#"):
                yield from expand([name], storage_options)


def _local(src: str, storage_options: dict | None) -> Iterator[Entry]:
    if _GLOB_CHARS & set(src) and not os.path.exists(src):
        for name in sorted(glob.iglob(src, recursive=True)):
            if os.path.isdir(name):
                yield from _walk(name)
            else:
                yield _stat(name)
    elif os.path.isdir(src):
        yield from _walk(src)
    elif src.endswith(LISTING_SUFFIXES) and os.path.isfile(src):
        yield from _listing(src, storage_options)
    else:
        yield _stat(src)  # a missing file is listed: its row says "unreadable"


def _stat(path: str) -> Entry:
    try:
        stat = os.stat(path)
    except OSError:
        return Entry(path, None, None, None)
    return Entry(path, stat.st_size, stat.st_mtime_ns, None)


def _walk(top: str) -> Iterator[Entry]:
    """A directory tree depth-first, sorted by name, through ``os.scandir`` (whose entries
    carry their stat on most systems: one call per file at most)."""
    try:
        with os.scandir(top) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(entry.path)
                continue
            stat = entry.stat(follow_symlinks=True)
        except OSError:
            yield Entry(entry.path, None, None, None)
            continue
        yield Entry(entry.path, stat.st_size, stat.st_mtime_ns, None)


def _remote(url: str, storage_options: dict[str, Any]) -> Iterator[Entry]:
    """An object-store prefix, glob or object: listed once (``find``/``glob`` with details),
    which gives every object's size and ETag without opening any."""
    from ._optional import require

    fsspec = require("fsspec", "remote")
    fs, root = fsspec.core.url_to_fs(url, **storage_options)
    if _GLOB_CHARS & set(root):
        found = fs.glob(root, detail=True)
    elif fs.isdir(root):
        found = fs.find(root, detail=True)
    else:
        found = {root: fs.info(root)}
    for name in sorted(found):
        info = found[name]
        if info.get("type") == "directory":
            continue
        yield Entry(fs.unstrip_protocol(name), info.get("size"), None, _etag(info))
