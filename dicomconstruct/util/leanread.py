"""A lean element iterator over a file, as pydicom's ``util.leanread.dicomfile``: the File
Meta Information and top-level data set elements (PS3.10 §7) as plain tuples
``((group, element), VR, length, value, value_tell)``.

It is built on the reader (``dcmread``): the walk, its checks and its errors are the
reader's, and values are the bytes as stored. ``VR`` is ``None`` in implicit VR (as the file
has none), bytes such as ``b"PN"`` otherwise; an undefined-length sequence has ``value``
``None`` (its items are not yielded as flat elements, as pydicom's are).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import TracebackType

from ..filereader import dcmread

__all__ = ["dicomfile"]

_ElementType = tuple[tuple[int, int], bytes | None, int, bytes | None, int]
_UNDEFINED_LENGTH = 0xFFFFFFFF  # PS3.5 §7.1.1


class dicomfile:  # noqa: N801 - pydicom's name
    """A DICOM file opened for iteration over its elements, as a context manager."""

    def __init__(self, filename: str | bytes | os.PathLike) -> None:
        self.fobj = open(filename, "rb")  # noqa: SIM115 - closed by __exit__
        try:
            self._ds = dcmread(self.fobj, force=True)
        except BaseException:
            self.fobj.close()
            raise
        self.preamble: bytes | None = self._ds.preamble

    def __enter__(self) -> dicomfile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool | None:
        self.fobj.close()
        return None

    def __iter__(self) -> Iterator[_ElementType]:
        meta = self._ds.file_meta
        yield from _elements(meta, implicit=False)
        if "TransferSyntaxUID" not in meta or not meta.TransferSyntaxUID:
            raise NotImplementedError("No transfer syntax in file meta info")
        yield from _elements(self._ds, implicit=bool(self._ds.is_implicit_VR))


def _elements(ds, implicit: bool) -> Iterator[_ElementType]:
    for elem in ds:
        tag = (elem.tag.group, elem.tag.element)
        vr = None if implicit else (elem.file_VR or elem.VR).encode("ascii")
        if elem.is_undefined_length:
            if elem.VR != "SQ" or elem.file_VR not in (None, "SQ"):
                raise NotImplementedError(
                    "This reader does not handle undefined length except for SQ"
                )
            yield tag, vr, _UNDEFINED_LENGTH, None, elem.value_offset
            continue
        raw = elem.raw if elem.raw is not None else None
        yield tag, vr, elem.length, raw, elem.value_offset
