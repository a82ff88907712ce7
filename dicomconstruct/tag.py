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
        group = self >> 16
        return group & 1 == 1 and group not in (1, 3, 5, 7, 0xFFFF)

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

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except Exception:
                raise TypeError("Cannot compare Tag with non-Tag item") from None
        return int(self) < int(other)

    def __le__(self, other: Any) -> bool:
        return self == other or self < other

    def __gt__(self, other: Any) -> bool:
        return not (self == other or self < other)

    def __ge__(self, other: Any) -> bool:
        return self == other or self > other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"({self >> 16:04X},{self & 0xFFFF:04X})"

    __repr__ = __str__


def Tag(arg: Any, arg2: int | None = None) -> BaseTag:  # noqa: N802 - pydicom's name
    """Make a tag from an int, a (group, element) pair, two ints, a hex string or a keyword,
    with pydicom's rules and messages (hex is tried before the keyword)."""
    if isinstance(arg, BaseTag):
        return arg
    if arg2 is not None:
        arg = (arg, arg2)
    if isinstance(arg, (tuple, list)):
        if len(arg) != 2:
            raise ValueError("Tag must be an int or a 2-tuple")
        valid = False
        if isinstance(arg[0], str):
            valid = isinstance(arg[1], str)
            if valid:
                arg = (int(arg[0], 16), int(arg[1], 16))
        elif isinstance(arg[0], int):
            valid = isinstance(arg[1], int)
        if not valid:
            raise TypeError(
                f"Unable to create an element tag from '{arg}': both "
                "arguments must be the same type and str or int"
            )
        if arg[0] > 0xFFFF or arg[1] > 0xFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{arg}': the group "
                "and element values are limited to a maximum of 2-bytes each"
            )
        value = (arg[0] << 16) | arg[1]
    elif isinstance(arg, str):
        try:
            value = int(arg, 16)
        except ValueError:
            from . import tables

            value = tables.keyword_to_tag(arg)
            if value is None:
                raise ValueError(
                    f"Unable to create an element tag from '{arg}': "
                    "unknown DICOM element keyword or an invalid int"
                ) from None
        if value > 0xFFFFFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{value}': "
                "the combined group and element values  are limited to a "
                "maximum of 4-bytes"
            )
    elif isinstance(arg, int):
        value = arg
        if value > 0xFFFFFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{value}': the "
                "combined group and element values are limited to a maximum "
                "of 4-bytes"
            )
    else:
        raise TypeError(f"Unable to create an element tag from {arg!r}")
    if value < 0:
        raise ValueError(f"Unable to create an element tag from '{value}': tags must be positive")
    return BaseTag(value)


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
