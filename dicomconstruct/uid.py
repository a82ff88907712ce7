"""Unique identifiers (PS3.5 §9) that print by their registry name (PS3.6 Annex A).

Skeleton: the schemas helper fills in the registry-backed properties and constants.
"""

from __future__ import annotations


class UID(str):
    """A UID string that knows its name in the UID registry."""

    __slots__ = ()

    @property
    def name(self) -> str:
        from . import tables

        entry = tables.uid_entry(str(self))
        return entry.name if entry is not None else str(self)
