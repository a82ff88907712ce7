"""What a read keeps of how a data set was written, for writing it back like the original.

One ``ReadProvenance`` record per data set that had something to keep (most items have
nothing: they hold none), filled by the reader (``filereader._Builder``) and read by the writer
(``filewriter._Writer``), stored in the data set's one ``_provenance`` attribute. It imports
nothing of the package: the tree, the reader and the writer all sit above it.

Values are keyed by the value offset of the element they belong to (``DataElement.
value_offset``, unique within a read): an element replaced by a new one (no offset) has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, eq=False)
class ReadProvenance:
    """What the bytes of one data set (the whole file's for a ``FileDataset``) said beyond its
    elements' values, where a malformed or unusual file departs from what the writer would
    write by itself."""

    # PS3.5 §7.1: tags read out of ascending order (written back in the order read)
    unsorted: bool = False
    # elements replaced by a later one with the same tag (written back, in the order read)
    duplicates: list[Any] = field(default_factory=list)
    # PS3.5 §7.2: {end of a group length element's value (value offset + length): bytes of
    # its group after it, as read}; a group length that was already wrong is kept while its
    # group keeps this size (a group may come twice, out of order: one entry each)
    group_spans: dict[int, int] = field(default_factory=dict)
    # PS3.5 §7.5.2: the non-zero length of the Item Delimitation Item that closed this item
    item_delimiter_length: int = 0
    # PS3.5 §7.5.2: {value offset: non-zero length of the Sequence Delimitation Item} closing
    # an undefined-length sequence or encapsulated value (PS3.5 §A.4)
    delimiters: dict[int, int] = field(default_factory=dict)
    # PS3.5 Table 7.1-1: {value offset: reserved bytes} of 32-bit-length explicit headers
    # whose reserved bytes were not 0000H
    reserved: dict[int, bytes] = field(default_factory=dict)
    # -- the file (PS3.10 §7.1), on a FileDataset only ----------------------------------------
    prefix: bool = False  # a 'DICM' prefix was read (with or without the preamble)
    transfer_syntax: str | None = None  # the Transfer Syntax UID the data set was read under
    deflated: bytes | None = None  # PS3.5 §A.5: the deflate stream read (reused unchanged)
    inflated_trailing: bytes = b""  # bytes after the data set inside the deflate stream
    end_offset: int | None = None  # where the read ended in the file (read_partial's seek)
    # the writer class that builds this tree's bytes (``filewriter._Writer`` unless set): the
    # construct engine's read names its own, so ``dcmwrite`` builds through the structs
    writer: Any = None


def record_of(ds: Any) -> ReadProvenance:
    """The data set's read provenance, made when it first has something to keep (PS3.5 Table
    7.1-1 reserved bytes, §7.1 order, §7.2 group spans, §7.5.2 delimiter lengths...). Both
    readers (``filereader`` and the construct ``engine``) fill it through here."""
    record = ds._provenance
    if record is None:
        record = ReadProvenance()
        object.__setattr__(ds, "_provenance", record)
    return record


def record_group_span(ds: Any, key: int, size: int) -> None:
    """PS3.5 §7.2: the size of the rest of a group as read, by where the value of its group
    length element ends (its value offset plus length: one key per group length read)."""
    record_of(ds).group_spans[key] = size
