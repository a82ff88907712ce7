"""Buffers for reading and writing DICOM data: pydicom 3.0.2's ``filebase`` API.

``DicomIO`` wraps any object with ``seek``/``tell`` and ``read`` and/or ``write``; it knows the
encoding being read or written (PS3.5 §7.1: implicit or explicit VR, little or big endian) and
packs the fixed-width fields of an element header (tags, US and UL values) in that byte order.
Every ``DicomIO`` is file-like, so ``dcmread`` and ``dcmwrite`` take one directly.
"""

from __future__ import annotations

import os
from io import BytesIO
from struct import Struct
from typing import Any, Protocol, TypeVar

from .errors import TruncatedDataError

__all__ = [
    "DicomBytesIO",
    "DicomFile",
    "DicomFileLike",
    "DicomIO",
    "ReadableBuffer",
    "UnexpectedEndOfFile",
    "WriteableBuffer",
]

Self = TypeVar("Self", bound="DicomIO")


class ReadableBuffer(Protocol):
    """What ``dcmread`` needs of a source: ``read``, ``seek`` and ``tell``."""

    def read(self, size: int = ..., /) -> bytes: ...  # pragma: no cover

    def seek(self, offset: int, whence: int = ..., /) -> int: ...  # pragma: no cover

    def tell(self) -> int: ...  # pragma: no cover


class WriteableBuffer(Protocol):
    """What ``dcmwrite`` needs of a destination: ``write``, ``seek`` and ``tell``."""

    def seek(self, offset: int, whence: int = ..., /) -> int: ...  # pragma: no cover

    def tell(self) -> int: ...  # pragma: no cover

    def write(self, b: bytes | bytearray | memoryview, /) -> int: ...  # pragma: no cover


class UnexpectedEndOfFile(TruncatedDataError, EOFError):  # noqa: N818 - an EOFError, as pydicom's
    """Fewer bytes remain than a read asked for: a ``DicomError`` and, as in pydicom, an
    ``EOFError``."""


class DicomIO:
    """A buffer-like (``seek``, ``tell`` and ``read`` and/or ``write``) with the encoding of
    the data read from or written to it, as pydicom's ``DicomIO``."""

    def __init__(self, buffer: ReadableBuffer | WriteableBuffer) -> None:
        self._buffer = buffer
        self._name: str | None = getattr(buffer, "name", None)
        # The wrapped object's own methods replace the class's (no call through a wrapper);
        # ``seekable`` too, so that readers know they may seek (dcmread(force=True) of a buffer
        # left at the end of what was written reads it from its start, as pydicom's).
        for method in ("read", "write", "close", "seekable"):
            if hasattr(buffer, method):
                setattr(self, method, getattr(buffer, method))
        self.seek = buffer.seek
        self.tell = buffer.tell

    def close(self, *args: Any, **kwargs: Any) -> Any:
        """Close the buffer, if it can be closed."""

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def is_little_endian(self) -> bool:
        """The byte order of the data: ``True`` little endian, ``False`` big endian."""
        if not hasattr(self, "_little_endian"):
            raise AttributeError(f"{type(self).__name__}.is_little_endian' has not been set")
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_little_endian' must be bool")
        self._little_endian = value
        order = "<" if value else ">"
        us, ul, tag = Struct(f"{order}H"), Struct(f"{order}L"), Struct(f"{order}2H")
        self._us_packer, self._us_unpacker = us.pack, us.unpack
        self._ul_packer, self._ul_unpacker = ul.pack, ul.unpack
        self._tag_packer, self._tag_unpacker = tag.pack, tag.unpack

    @property
    def is_implicit_VR(self) -> bool:  # noqa: N802 - pydicom's name
        """The VR mode of the data: ``True`` implicit VR, ``False`` explicit VR."""
        if not hasattr(self, "_implicit_vr"):
            raise AttributeError(f"{type(self).__name__}.is_implicit_VR' has not been set")
        return self._implicit_vr

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:  # noqa: N802 - pydicom's name
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_implicit_VR' must be bool")
        self._implicit_vr = value

    @property
    def name(self) -> str | None:
        """The wrapped buffer's ``name``, or ``None``."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        self._name = name

    @property
    def parent(self) -> ReadableBuffer | WriteableBuffer:
        """The wrapped buffer."""
        return self._buffer

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (all that remain by default)."""
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with "
            f"'{type(self._buffer).__name__}': object has no read() method"
        )

    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        """Exactly ``length`` bytes, retrying short reads ``nr_retries`` times; an
        ``UnexpectedEndOfFile`` (an ``EOFError`` and a ``DicomError``) if they are not there."""
        data = self.read(length)
        if len(data) == length:
            return data
        got = bytearray(data)
        for _ in range(nr_retries):
            if len(got) >= length:
                break
            got += self.read(length - len(got))
        if len(got) == length:
            return bytes(got)
        start = self.tell() - len(got)
        raise UnexpectedEndOfFile(
            f"Unexpected end of file. Read {len(got)} bytes of {length} "
            f"expected starting at position 0x{start:x}",
            start,
        )

    def read_tag(self) -> tuple[int, int]:
        """A tag's (group, element), in the buffer's byte order (PS3.5 §7.1.1)."""
        return self._tag_unpacker(self.read_exact(4))

    def read_UL(self) -> int:  # noqa: N802 - pydicom's name
        """A UL value, in the buffer's byte order."""
        return self._ul_unpacker(self.read_exact(4))[0]

    def read_US(self) -> int:  # noqa: N802 - pydicom's name
        """A US value, in the buffer's byte order."""
        return self._us_unpacker(self.read_exact(2))[0]

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to ``offset`` relative to ``whence``; the new absolute position."""
        raise NotImplementedError  # pragma: no cover - replaced by the buffer's own

    def tell(self) -> int:
        """The current position."""
        raise NotImplementedError  # pragma: no cover - replaced by the buffer's own

    def write(self, b: bytes | bytearray | memoryview, /) -> int:
        """Write ``b``; the number of bytes written."""
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with "
            f"'{type(self._buffer).__name__}': object has no write() method"
        )

    def write_tag(self, tag: int) -> None:
        """Write a tag, in the buffer's byte order."""
        self.write(self._tag_packer(tag >> 16, tag & 0xFFFF))

    def write_UL(self, val: int) -> None:  # noqa: N802 - pydicom's name
        """Write a UL value, in the buffer's byte order."""
        self.write(self._ul_packer(val))

    def write_US(self, val: int) -> None:  # noqa: N802 - pydicom's name
        """Write a US value, in the buffer's byte order."""
        self.write(self._us_packer(val))


class DicomFileLike(DicomIO):
    """A ``DicomIO`` over a file-like."""


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:  # noqa: N802 - pydicom's name
    """``open(*args, **kwargs)``, wrapped in a ``DicomFileLike``."""
    return DicomFileLike(open(*args, **kwargs))  # noqa: SIM115 - the caller closes it


class DicomBytesIO(DicomIO):
    """A ``DicomIO`` over an ``io.BytesIO`` of ``initial_bytes``, with its ``getvalue``."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        buffer = BytesIO(initial_bytes)
        super().__init__(buffer)
        self.getvalue = buffer.getvalue
