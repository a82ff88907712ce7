"""Helpers for paths and buffers, and for scanning for delimiters in undefined-length values
(PS3.5 §7.1.3, §7.5): pydicom 3.0.2's ``fileutil``.

The reader itself never scans for delimiters (it walks items, PS3.5 §A.4); these functions
are the file-like scanning API pydicom's users call.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from io import BufferedIOBase
from struct import pack, unpack
from typing import Any, BinaryIO

from .config import logger, settings
from .datadict import dictionary_description
from .filebase import UnexpectedEndOfFile
from .misc import size_in_bytes
from .tag import BaseTag, Tag, TupleTag

__all__ = [
    "absorb_delimiter_item",
    "buffer_equality",
    "buffer_length",
    "buffer_remaining",
    "check_buffer",
    "find_bytes",
    "find_delimiter",
    "length_of_undefined_length",
    "path_from_pathlike",
    "read_buffer",
    "read_undefined_length_value",
    "reset_buffer_position",
]

PathType = str | bytes | os.PathLike


def _tag_bytes(tag: BaseTag, is_little_endian: bool) -> bytes:
    """A tag's four bytes: group then element, each in the byte order (PS3.5 §7.1.1)."""
    order = "<" if is_little_endian else ">"
    return pack(f"{order}HH", tag.group, tag.element)


def absorb_delimiter_item(fp: BinaryIO, is_little_endian: bool, delimiter: BaseTag) -> None:
    """Read (and ignore) a sequence or item delimiter (PS3.5 §7.5); anything else is left
    where it was, with a warning logged."""
    data = fp.read(8)
    if len(data) < 8:
        fp.seek(fp.tell() - len(data))
        logger.warning("Did not find expected delimiter: the file ends")
        return
    group, elem, length = unpack("<HHL" if is_little_endian else ">HHL", data)
    tag = TupleTag((group, elem))
    if tag != delimiter:
        logger.warning(
            f"Did not find expected delimiter '{dictionary_description(delimiter)}', instead "
            f"found {tag} at file position 0x{fp.tell() - 8:X}"
        )
        fp.seek(fp.tell() - 8)
        return
    logger.debug("%04x: Found Delimiter '%s'", fp.tell() - 8, dictionary_description(delimiter))
    if length:
        logger.debug("%04x: Expected 0x00000000 after delimiter, found 0x%x", fp.tell() - 4, length)


def find_bytes(
    fp: BinaryIO, bytes_to_find: bytes, read_size: int = 128, rewind: bool = True
) -> int | None:
    """The position of the first ``bytes_to_find`` from the current position on, or ``None``;
    the position is restored (``rewind``) or left just after the bytes found."""
    start = fp.tell()
    overlap = len(bytes_to_find) - 1  # a match may straddle two reads
    while True:
        chunk_start = fp.tell()
        chunk = fp.read(read_size)
        index = chunk.find(bytes_to_find)
        if index != -1:
            found_at = chunk_start + index
            fp.seek(start if rewind else found_at + len(bytes_to_find))
            return found_at
        if len(chunk) < read_size:
            if rewind:
                fp.seek(start)
            return None
        fp.seek(fp.tell() - overlap)


def find_delimiter(
    fp: BinaryIO,
    delimiter: Any,
    is_little_endian: bool,
    read_size: int = 128,
    rewind: bool = True,
) -> int | None:
    """The position of the 4-byte tag ``delimiter`` from the current position on, or ``None``."""
    needle = _tag_bytes(Tag(delimiter), is_little_endian)
    return find_bytes(fp, needle, read_size=read_size, rewind=rewind)


def length_of_undefined_length(
    fp: BinaryIO,
    delimiter: Any,
    is_little_endian: bool,
    read_size: int = 128,
    rewind: bool = True,
) -> int | None:
    """The number of bytes from the current position to ``delimiter``, or ``None``."""
    start = fp.tell()
    position = find_delimiter(fp, delimiter, is_little_endian, read_size, rewind)
    return None if position is None else position - start


def read_undefined_length_value(
    fp: BinaryIO,
    is_little_endian: bool,
    delimiter_tag: BaseTag,
    defer_size: int | float | None = None,
    read_size: int = 1024 * 8,
) -> bytes | None:
    """The value up to ``delimiter_tag`` (PS3.5 §7.1.3), leaving ``fp`` after the delimiter
    and its length; ``None`` if the value is at least ``defer_size`` bytes. An
    ``UnexpectedEndOfFile`` (an ``EOFError`` and a ``DicomError``) if there is no delimiter.

    This scans for the delimiter's bytes, as pydicom's does: a value containing them
    (encapsulated fragments can) ends early. The reader walks items instead (PS3.5 §A.4).
    """
    start = fp.tell()
    limit = size_in_bytes(defer_size)
    found = find_delimiter(fp, delimiter_tag, is_little_endian, read_size, rewind=True)
    if found is None:
        fp.seek(start)
        raise UnexpectedEndOfFile(
            f"End of file reached before delimiter {delimiter_tag!r} found", start
        )
    length = found - start
    value = fp.read(length) if limit is None or length < limit else None
    fp.seek(found + 4)
    if fp.read(4) != b"\0\0\0\0":
        logger.error(
            f"Expected 4 zero bytes after undefined length delimiter at pos {fp.tell() - 4:04x}"
        )
    return value


def path_from_pathlike(file_object: Any) -> str | BinaryIO:
    """``os.fspath(file_object)`` for a path-like, otherwise ``file_object`` itself."""
    try:
        return os.fspath(file_object)
    except TypeError:
        return file_object


def check_buffer(buffer: BufferedIOBase) -> None:
    """Raise unless ``buffer`` can hold an element value: an open, readable and seekable
    ``io.BufferedIOBase``."""
    if not isinstance(buffer, BufferedIOBase):
        raise TypeError("the buffer must inherit from 'io.BufferedIOBase'")
    if buffer.closed:
        raise ValueError("the buffer has been closed")
    if not buffer.readable() or not buffer.seekable():
        raise ValueError("the buffer must be readable and seekable")


@contextmanager
def reset_buffer_position(buffer: BufferedIOBase) -> Generator[int, None, None]:
    """Yield the buffer's position, and return to it when the context ends."""
    check_buffer(buffer)
    initial = buffer.tell()
    yield initial
    buffer.seek(initial)


def read_buffer(buffer: BufferedIOBase, *, chunk_size: int | None = None) -> Iterator[bytes]:
    """The buffer's data from its position on, in chunks of up to ``chunk_size`` bytes
    (``config.settings.buffered_read_size`` by default); the position is not restored."""
    chunk_size = settings.buffered_read_size if chunk_size is None else chunk_size
    if chunk_size <= 0:
        raise ValueError(f"Invalid 'chunk_size' value '{chunk_size}', must be greater than 0")
    check_buffer(buffer)
    while chunk := buffer.read(chunk_size):
        yield chunk


def buffer_length(buffer: BufferedIOBase) -> int:
    """The buffer's total length."""
    with reset_buffer_position(buffer):
        return buffer.seek(0, os.SEEK_END)


def buffer_remaining(buffer: BufferedIOBase) -> int:
    """The number of bytes from the buffer's position to its end."""
    with reset_buffer_position(buffer) as current:
        return buffer.seek(0, os.SEEK_END) - current


def buffer_equality(buffer: BufferedIOBase, other: bytes | bytearray | BufferedIOBase) -> bool:
    """Whether ``buffer`` holds the same bytes as ``other`` (bytes or a buffer), read in
    chunks; both positions are restored."""
    if not isinstance(other, bytes | bytearray | BufferedIOBase):
        return False
    with reset_buffer_position(buffer):
        buffer.seek(0)
        if isinstance(other, bytes | bytearray):
            start = 0
            for data in read_buffer(buffer):
                if other[start : start + len(data)] != data:
                    return False
                start += len(data)
            return len(other) == start
        if buffer_length(buffer) != buffer_length(other):
            return False
        with reset_buffer_position(other):
            other.seek(0)
            return all(
                a == b for a, b in zip(read_buffer(buffer), read_buffer(other), strict=False)
            )
