"""Multi-valued element values: a list whose items all pass through one type constructor.

Follows PS3.5 §6.4 (Value Multiplicity): values of VM > 1 are kept in a ``MultiValue``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import Any, TypeVar

T = TypeVar("T")


class ConstrainedList(MutableSequence[T]):
    """pydicom's base for lists whose items are all checked by ``_validate`` (a subclass's)."""

    def __init__(self, iterable: Iterable[T] | None = None) -> None:
        self._list: list[T] = []
        if iterable is not None:
            self._list = [self._validate(item) for item in iterable]

    def append(self, item: T) -> None:
        self._list.append(self._validate(item))

    def __delitem__(self, index) -> None:  # type: ignore[override]
        del self._list[index]

    def extend(self, val: Iterable[T]) -> None:
        if not hasattr(val, "__iter__"):
            raise TypeError("An iterable is required")
        self._list.extend([self._validate(item) for item in val])

    def __eq__(self, other: Any) -> bool:
        return self._list == other

    def __ne__(self, other: Any) -> bool:
        return self._list != other

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, index):  # type: ignore[override]
        return self._list[index]

    def __iadd__(self, other: Iterable[T]):  # type: ignore[override]
        if not hasattr(other, "__iter__"):
            raise TypeError("An iterable is required")
        self._list += [self._validate(item) for item in other]
        return self

    def insert(self, position: int, item: T) -> None:
        self._list.insert(position, self._validate(item))

    def __iter__(self) -> Iterator[T]:
        yield from self._list

    def __len__(self) -> int:
        return len(self._list)

    def __setitem__(self, index, val) -> None:  # type: ignore[override]
        if isinstance(index, slice):
            self._list[index] = [self._validate(item) for item in val]
        else:
            self._list[index] = self._validate(val)

    def _validate(self, item: Any) -> T:
        raise NotImplementedError(f"'{type(self).__name__}._validate()' must be implemented")


class MultiValue(MutableSequence[T]):
    """A list of values of one type: every item added is passed through ``type_constructor``.

    It compares equal to a list with the same items and prints like pydicom's,
    ``['A', 'B']`` for strings and ``[1, 2]`` for numbers. ``DS`` and ``IS`` items may be
    the empty string rather than an instance of their class (an empty value, PS3.5 §6.2).
    """

    # ``_edited``: changed in place since it was made, so the bytes it was read from (the
    # element's ``raw``) no longer hold it and the writer must encode it again.
    __slots__ = ("_list", "_constructor", "_edited")

    def __init__(self, type_constructor: Callable[[Any], T], iterable: Iterable[Any]) -> None:
        self._constructor = type_constructor
        self._list: list[T] = [type_constructor(item) for item in iterable]
        self._edited = False

    @classmethod
    def _of_converted(cls, type_constructor: Callable[[Any], T], items: list[T]) -> MultiValue[T]:
        """Wrap ``items`` (already of the right type; the list is taken, not copied)."""
        new = cls.__new__(cls)
        new._constructor = type_constructor
        new._list = items
        new._edited = False
        return new

    # -- the MutableSequence protocol ------------------------------------------------------
    def __len__(self) -> int:
        return len(self._list)

    def __iter__(self) -> Iterator[T]:
        return iter(self._list)

    def __getitem__(self, index):  # type: ignore[override]
        return self._list[index]

    def __setitem__(self, index, value) -> None:  # type: ignore[override]
        self._edited = True
        if isinstance(index, slice):
            self._list[index] = [self._constructor(item) for item in value]
        else:
            self._list[index] = self._constructor(value)

    def __delitem__(self, index) -> None:  # type: ignore[override]
        self._edited = True
        del self._list[index]

    def insert(self, index: int, value: Any) -> None:
        self._edited = True
        self._list.insert(index, self._constructor(value))

    def append(self, value: Any) -> None:
        self._edited = True
        self._list.append(self._constructor(value))

    def extend(self, values: Iterable[Any]) -> None:
        if not hasattr(values, "__iter__"):
            raise TypeError("An iterable is required")
        self._edited = True
        self._list.extend([self._constructor(item) for item in values])

    def __iadd__(self, values: Iterable[Any]) -> MultiValue[T]:  # type: ignore[override]
        self.extend(values)
        return self

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._edited = True
        self._list.sort(*args, **kwargs)

    def copy(self) -> MultiValue[T]:
        return MultiValue._of_converted(self._constructor, self._list[:])

    # -- comparison and printing -----------------------------------------------------------
    def __eq__(self, other: Any) -> bool:
        if isinstance(other, MultiValue):
            other = other._list
        return self._list == other

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]  # mutable, like list

    def __str__(self) -> str:
        if not self._list:
            return ""
        items = (repr(x) if isinstance(x, (str, bytes)) else str(x) for x in self._list)
        return f"[{', '.join(items)}]"

    __repr__ = __str__

    def __reduce__(self):
        return (_rebuild, (self._constructor, self._list))


def _rebuild(type_constructor: Callable[[Any], Any], items: list[Any]) -> MultiValue[Any]:
    return MultiValue._of_converted(type_constructor, list(items))
