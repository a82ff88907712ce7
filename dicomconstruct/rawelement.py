"""pydicom's ``RawDataElement``: one element as the reader found it, its value not decoded.

The tuple ``filereader.data_element_generator`` yields (PS3.5 §7.1: tag, VR, length, value).
"""

from __future__ import annotations

from typing import NamedTuple

from .tag import BaseTag


class RawDataElement(NamedTuple):
    """An element as read, not decoded (pydicom's ``RawDataElement``): ``value`` is the value's
    bytes (None: deferred, read from the file when converted), ``VR`` None for implicit VR
    (PS3.5 §7.1.3), ``length`` 0xFFFFFFFF for an undefined length (PS3.5 §7.1.1)."""

    tag: BaseTag
    VR: str | None
    length: int
    value: bytes | None
    value_tell: int
    is_implicit_VR: bool
    is_little_endian: bool
    is_raw: bool = True
    is_buffered: bool = False
