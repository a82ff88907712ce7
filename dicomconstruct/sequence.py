"""Sequences of items (VR SQ, PS3.5 §7.5): a list that holds only ``Dataset`` items.

Keeps whether the sequence was read with an undefined length, so it is written back the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _validate(item: Any) -> Any:
    from .dataset import Dataset

    if not isinstance(item, Dataset):
        raise TypeError("Sequence contents must be 'Dataset' instances.")
    return item


def _is_dataset(value: Any) -> bool:
    from .dataset import Dataset

    return isinstance(value, Dataset)


class Sequence(list):
    """A list of ``Dataset`` items; anything else raises ``TypeError`` (as in pydicom)."""

    def __init__(self, iterable: Iterable[Any] | None = None):
        if _is_dataset(iterable):
            raise TypeError("The Sequence constructor requires an iterable")
        super().__init__(_validate(item) for item in (iterable or ()))
        self.is_undefined_length = False

    def append(self, item: Any) -> None:
        super().append(_validate(item))

    def insert(self, index: int, item: Any) -> None:
        super().insert(index, _validate(item))

    def extend(self, items: Iterable[Any]) -> None:
        if _is_dataset(items):
            raise TypeError("An iterable of 'Dataset' is required")
        # every item checked before any is added: a refused item changes nothing
        super().extend([_validate(item) for item in items])

    def __iadd__(self, items: Iterable[Any]) -> Sequence:
        self.extend(items)
        return self

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            if _is_dataset(value):
                raise TypeError("Can only assign an iterable of 'Dataset'")
            super().__setitem__(index, [_validate(item) for item in value])
        else:
            super().__setitem__(index, _validate(value))

    def __getitem__(self, index):
        result = super().__getitem__(index)
        if isinstance(index, slice):
            result = Sequence(result)
        return result

    def __repr__(self) -> str:
        return f"<Sequence, length {len(self)}>"

    def __str__(self) -> str:
        return f"[{''.join(str(item) for item in self)}]"

    def __eq__(self, other: Any) -> bool:
        return list.__eq__(self, other)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]
