"""Where a file's bytes come from: a mapped file, bytes read from a file-like, deferred values.

A real file on disk larger than ``READ_WHOLE`` is memory-mapped, so values that are skipped or
deferred never enter memory; a smaller one, and any other file-like (a gzip or zip member, a
socket wrapper, BytesIO), is read whole.
"""

from __future__ import annotations

import io
import mmap
import os
import sys
from typing import Any, BinaryIO

from ..errors import FileChangedError, TruncatedDataError

# Only these are files whose descriptor holds the very bytes ``read`` returns: a gzip.GzipFile
# has a ``fileno()`` too, that of the compressed file underneath.
_MAPPABLE = (io.FileIO, io.BufferedReader, io.BufferedRandom)


class PathSource:
    """Deferred values of a file read by path: reopened by name when first accessed, and read
    only if it is still the file read (``identity``: its ``os.stat`` when it was read), so a
    value is never another file's bytes (a file rewritten, even to the same size)."""

    def __init__(self, filename: str, identity: os.stat_result | None = None):
        self.filename = filename
        self.identity = file_identity(identity) if identity is not None else None

    def read_at(self, offset: int, length: int, path: str) -> bytes:
        with open(self.filename, "rb") as file:
            if self.identity is not None:
                _check_identity(self.filename, self.identity, os.fstat(file.fileno()), offset, path)
            file.seek(offset)
            data = file.read(length)
        return check_read(data, offset, length, path)

    def close(self) -> None:
        pass


def _check_identity(filename: str, then: tuple, info: os.stat_result, offset: int, path: str):
    """A deferred value is read only from the file that was read (its size, mtime, inode)."""
    now = file_identity(info)
    if now != then:
        raise FileChangedError(
            f"{filename} changed since it was read (size, mtime_ns, inode {then} then, "
            f"{now} now): its deferred value is not read",
            offset,
            path,
        )


# File-likes that can be opened again from their ``name`` (a path), as pydicom reopens a
# closed one: by module and class, looked up only in modules already imported.
_REOPENABLE = (("gzip", "GzipFile"), ("bz2", "BZ2File"), ("lzma", "LZMAFile"))


def reopener(fileobj: Any) -> tuple[Any, str, tuple] | None:
    """(how to open it, its path, the file's identity) for a file-like read from a file that
    has a path (a file, a gzip, bz2 or lzma file opened by path), else None."""
    name = getattr(fileobj, "name", None)
    if not isinstance(name, str) or not name:
        return None
    opener: Any = open if isinstance(fileobj, io.BufferedReader) else None
    for module, cls in _REOPENABLE:
        kind = getattr(sys.modules.get(module), cls, None)
        if opener is None and kind is not None and isinstance(fileobj, kind):
            opener = kind
    if opener is None:
        return None
    try:
        return opener, name, file_identity(os.stat(name))
    except (OSError, ValueError):
        return None


class FileLikeSource:
    """Deferred values of a file-like: read back with seek and read. Once the caller closes
    it, one read from a path (``reopen``: ``reopener``'s) is opened again by that path, as
    pydicom does, and read only if the file is still the one read (as ``PathSource``)."""

    def __init__(self, fileobj: BinaryIO, reopen: tuple[Any, str, tuple] | None = None):
        self.fileobj = fileobj
        self.reopen = reopen

    def read_at(self, offset: int, length: int, path: str) -> bytes:
        if self.reopen is not None and getattr(self.fileobj, "closed", False):
            opener, filename, identity = self.reopen
            with opener(filename, "rb") as file:
                try:  # (a gzip file's descriptor is the file's underneath it)
                    info = os.fstat(file.fileno())
                except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
                    info = os.stat(filename)
                _check_identity(filename, identity, info, offset, path)
                file.seek(offset)
                return check_read(file.read(length), offset, length, path)
        position = self.fileobj.tell()
        try:
            self.fileobj.seek(offset)
            data = self.fileobj.read(length)
        finally:
            self.fileobj.seek(position)
        return check_read(data, offset, length, path)

    def close(self) -> None:
        pass


def seekable(fileobj: Any) -> bool:
    """Whether a file-like can seek (a closed one, or one without ``seekable``, cannot)."""
    try:
        return bool(fileobj.seekable())
    except (AttributeError, ValueError, OSError):
        return False


def file_identity(info: os.stat_result) -> tuple[int, int, int]:
    """What says a file is still the one read: its size, mtime_ns and inode."""
    return info.st_size, info.st_mtime_ns, info.st_ino


def check_read(data: bytes, offset: int, length: int, path: str) -> bytes:
    """A deferred value read back must be as long as it was when the file was read."""
    if len(data) != length:
        raise TruncatedDataError(
            f"deferred value of {length} bytes: only {len(data)} left in the file",
            offset,
            path,
        )
    return data


# Files up to this size are read whole rather than memory-mapped (reading them costs what
# mapping and touching them does); larger ones are mapped so that a header-only, specific_tags
# or deferred read touches nothing past what it needs, and their large values are read with
# os.pread (filereader).
READ_WHOLE = 8 << 20

# A read that stops early (stop_before_pixels, specific_tags) of a file larger than HEAD_FIRST
# first reads only its first READ_HEAD bytes; only if the walk does not stop within them is the
# file read whole (or mapped) and walked again. So a header read of a large image costs a
# header's bytes, not the image's (and cannot meet SIGBUS in a map of a file cut short
# underneath); the second walk, when the header is longer, costs at most a walk of READ_HEAD
# bytes, small beside a header that long in a file that large.
READ_HEAD = 64 << 10
HEAD_FIRST = 1 << 20


def map_or_read(fileobj: BinaryIO) -> tuple[Any, int, mmap.mmap | None]:
    """The bytes of a file-like from its position on: (buffer, offset of buffer[0], map).

    A real file is memory-mapped whole (buffer offsets are file offsets); anything else is
    read from its position (buffer offsets count from there).
    """
    try:
        start = fileobj.tell()
    except (OSError, AttributeError, ValueError):
        return fileobj.read(), 0, None
    if not isinstance(fileobj, _MAPPABLE):
        return fileobj.read(), start, None
    try:
        if os.fstat(fileobj.fileno()).st_size - start <= READ_WHOLE:
            # read, not mapped: a file truncated by another process while it is walked then
            # gives a TruncatedDataError at worst, never the SIGBUS a map's missing page raises
            return fileobj.read(), start, None
        mapped = mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return fileobj.read(), start, None
    return mapped, 0, mapped
