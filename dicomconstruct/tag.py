"""Data element tags: a 32-bit (group, element) pair, as PS3.5 §7.1 defines it.

``Tag()`` accepts everything pydicom's does: an int, a ``(group, element)`` pair, a keyword.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# PS3.5 §7.5: item, item delimitation and sequence delimitation tags.
ItemTag = 0xFFFEE000
ItemDelimiterTag = 0xFFFEE00D
SequenceDelimiterTag = 0xFFFEE0DD
PixelDataTag = 0x7FE00010
SpecificCharacterSetTag = 0x00080005


class BaseTag(int):
    """An int that prints as ``(gggg,eeee)`` and knows its group and element."""

    __slots__ = ()

    @property
    def group(self) -> int:
        return self >> 16

    @property
    def element(self) -> int:
        return self & 0xFFFF

    elem = element

    @property
    def is_private(self) -> bool:
        """Odd groups are private (PS3.5 §7.8), except groups 1, 3, 5, 7 and 0xFFFF."""
        return self.group % 2 == 1 and self.group not in (1, 3, 5, 7, 0xFFFF)

    @property
    def is_private_creator(self) -> bool:
        """(gggg,0010)-(gggg,00FF) in a private group reserve a block (PS3.5 §7.8.1)."""
        return self.is_private and 0x0010 <= self.element <= 0x00FF

    @property
    def private_creator(self) -> BaseTag:
        """The tag of the creator element that reserves this private element's block."""
        return BaseTag((self & 0xFFFF0000) | (self.element >> 8))

    @property
    def json_key(self) -> str:
        return f"{self:08X}"

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except (ValueError, TypeError, OverflowError):
                return False
        return int(self) == int(other)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"({self >> 16:04X},{self & 0xFFFF:04X})"

    __repr__ = __str__


def Tag(arg: Any, arg2: int | None = None) -> BaseTag:  # noqa: N802 - pydicom's name
    """Make a tag from an int, a (group, element) pair, two ints, a keyword or a hex string."""
    if arg2 is not None:
        arg = (arg, arg2)
    if isinstance(arg, BaseTag):
        return arg
    if isinstance(arg, (tuple, list)):
        if len(arg) != 2:
            raise ValueError("Tag must be an int or a 2-tuple")
        group, element = arg
        if isinstance(group, str):
            group = int(group, 16)
        if isinstance(element, str):
            element = int(element, 16)
        if not (0 <= group <= 0xFFFF and 0 <= element <= 0xFFFF):
            raise OverflowError("Groups and elements of tags must each be <=2 byte integers")
        return BaseTag((group << 16) | element)
    if isinstance(arg, str):
        from . import tables

        tag = tables.keyword_to_tag(arg)
        if tag is not None:
            return BaseTag(tag)
        try:
            value = int(arg, 16)
        except ValueError:
            raise ValueError(f"'{arg}' is not a valid int or DICOM keyword") from None
        arg = value
    if isinstance(arg, int):
        if not 0 <= arg <= 0xFFFFFFFF:
            raise OverflowError(f"Tags must be within [0x00000000, 0xFFFFFFFF], not {arg:#x}")
        return BaseTag(arg)
    raise TypeError(f"Unable to create a tag from {arg!r}")


def TupleTag(group_element: tuple[int, int]) -> BaseTag:  # noqa: N802 - pydicom's name
    return Tag(group_element)


@contextmanager
def tag_in_exception(tag: BaseTag) -> Iterator[None]:
    """Re-raise an exception raised in the block with the tag and traceback in its message,
    as pydicom (same exception type)."""
    try:
        yield
    except Exception as exc:
        stack_trace = traceback.format_exc()
        raise type(exc)(f"With tag {tag} got exception: {exc}\n{stack_trace}") from exc
