"""The token stream of the walk: kinds, schema paths, problems (PS3.5 §7, §7.5, §A.4).

A token is a plain tuple ``(kind, offset, depth, ...)``, never an object per token: offsets are
positions in the walked buffer (``Walk.base`` is the file offset of its byte 0), ``depth`` is
the number of sequences around the token. The fields after ``depth``, by kind:

==============  =======================================================================
PREAMBLE        preamble bytes (128) or None when the file starts with 'DICM'
PREFIX          (the 'DICM' prefix at ``offset``)
META            encoding of the File Meta Information
DATA_SET        encoding, transfer syntax UID or None, whether deflated
DEFLATED        compressed length, trailing bytes after the deflate stream
STRAY           bytes skipped before the first element of a bare data set
ELEMENT         tag, VR (None: implicit), length, value position
SEQUENCE        tag, VR as written, length or None (undefined), value position, items' encoding
ITEM            length or None, value position, the item's encoding
ITEM_END        the delimiter's length, or None for the end of a defined length (offset there)
SEQUENCE_END    as ITEM_END, for the Sequence Delimitation Item
PIXELS          tag, VR, value position (encapsulated Pixel Data, PS3.5 §A.4)
FRAGMENT        index (0: Basic Offset Table), length, value position
PIXELS_END      the Sequence Delimitation Item's length
MARKER          tag, length: an item or delimiter among elements (tolerant only)
VALUE_END       (tolerant only: where a value cut short by its container ends)
TRAILER         length: bytes after the data set
==============  =======================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import DicomError, InvalidDicomError, NestingTooDeepError, TruncatedDataError

(
    PREAMBLE,
    PREFIX,
    META,
    DATA_SET,
    DEFLATED,
    STRAY,
    ELEMENT,
    SEQUENCE,
    ITEM,
    ITEM_END,
    SEQUENCE_END,
    PIXELS,
    FRAGMENT,
    PIXELS_END,
    MARKER,
    VALUE_END,
    TRAILER,
) = range(17)

NAMES = (
    "preamble",
    "prefix",
    "meta",
    "data set",
    "deflated",
    "stray",
    "element",
    "sequence",
    "item",
    "item end",
    "sequence end",
    "pixels",
    "fragment",
    "pixels end",
    "marker",
    "value end",
    "trailer",
)

# Sequences nested deeper than this are refused by the strict reader (and not descended by
# inspection), long before Python's stack or a listing's paths grow without bound.
MAX_NESTING_DEPTH = 128

# Every kind of problem: (severity, what it means). "error" is a broken structure (the strict
# reader raises, or the bytes cannot be read as written); "warning" is a departure from the
# standard that a careful reader reads through (the strict reader reads on, maybe warning).
KINDS: dict[str, tuple[str, str]] = {
    "prefix-missing": ("error", "no 'DICM' prefix at byte 128 (PS3.10 §7.1): not a Part 10 file"),
    "preamble-missing": ("warning", "the file starts with 'DICM': no 128-byte preamble"),
    "stray-leading-bytes": ("warning", "bytes before the first element of a bare data set"),
    "meta-implicit": ("warning", "the File Meta Information is not explicit VR (PS3.10 §7.1)"),
    "meta-group-length-missing": ("warning", "no (0002,0000) File Meta Information Group Length"),
    "meta-group-length-wrong": ("warning", "(0002,0000) disagrees with the group's real size"),
    "meta-in-dataset": ("warning", "a group 0002 element inside the data set"),
    "transfer-syntax-unknown": (
        "warning",
        "no or an unknown Transfer Syntax UID: encoding guessed",
    ),
    "transfer-syntax-mismatch": ("warning", "the data set is not encoded as the meta says"),
    "deflate-corrupt": ("error", "the deflate stream (PS3.5 §A.5) is corrupt or cut off"),
    "trailing-bytes": ("warning", "bytes after the end of the data set or the deflate stream"),
    "header-cut-off": ("error", "the data ends inside an element or item header"),
    "value-cut-off": ("error", "a value runs past the end of the data (the file is truncated)"),
    "length-past-eof": ("error", "a declared length larger than the whole file"),
    "value-overruns-item": ("error", "a value runs past the end of its defined-length item"),
    "sequence-overruns-item": ("error", "a sequence runs past the end of its defined-length item"),
    "item-overruns-sequence": ("error", "an item runs past the end of its defined-length sequence"),
    "missing-item-delimiter": ("error", "an undefined-length item without its delimiter"),
    "missing-sequence-delimiter": ("error", "an undefined-length value without its delimiter"),
    "stray-delimiter": ("error", "a delimiter where no undefined-length value is open"),
    "unexpected-item": ("error", "an Item tag among the elements of a data set"),
    "not-an-item": ("error", "a defined-length sequence holding something else than items"),
    "delimiter-length": ("warning", "a delimiter whose length is not 0 (PS3.5 §7.5)"),
    # PS3.5 §A.4: each fragment (and the Basic Offset Table) is an Item of defined length; the
    # strict reader raises there (a length 0xFFFFFFFF runs past any end), so this is an error
    "undefined-fragment": ("error", "a fragment of undefined length in an encapsulated value"),
    "undefined-length": (
        "warning",
        "undefined length on an element not SQ, UN or Pixel Data: its items are read",
    ),
    "invalid-vr": ("warning", "VR bytes that are not two upper-case letters: read as implicit VR"),
    "unknown-vr": ("warning", "two letters that are no VR of PS3.5 Table 6.2-1"),
    "vr-mismatch": ("warning", "an explicit VR that the data dictionary does not allow"),
    "odd-length": ("warning", "an odd value length (PS3.5 §7.1.1 requires even)"),
    "item-encoding": ("warning", "an item in implicit VR inside an explicit VR sequence"),
    "duplicate-tag": ("warning", "the same tag twice in one data set"),
    "tag-out-of-order": ("warning", "tags not in ascending order (PS3.5 §7.1)"),
    "bad-offset-table": ("error", "a Basic Offset Table that does not point at fragments"),
    "offset-table-missing": ("error", "an encapsulated value without items (PS3.5 §A.4)"),
    "nesting-too-deep": ("error", f"sequences nested deeper than {MAX_NESTING_DEPTH} levels"),
    "inspection-stopped": ("error", "the inspection met a condition it does not handle (a bug)"),
}

# The DicomError subclass the strict policy raises for each error kind (DicomError otherwise).
ERROR_CLASSES: dict[str, type[DicomError]] = {
    "prefix-missing": InvalidDicomError,
    "header-cut-off": TruncatedDataError,
    "value-cut-off": TruncatedDataError,
    "undefined-fragment": TruncatedDataError,
    "length-past-eof": TruncatedDataError,
    "value-overruns-item": TruncatedDataError,
    "sequence-overruns-item": TruncatedDataError,
    "item-overruns-sequence": TruncatedDataError,
    "missing-item-delimiter": TruncatedDataError,
    "missing-sequence-delimiter": TruncatedDataError,
    "nesting-too-deep": NestingTooDeepError,
}


class Path:
    """A schema path such as ``dataset / (0008,1032) SQ / item 0``, kept as a chain of nodes
    so that a token deep in a file costs one node, not a copy of its ancestors' names."""

    __slots__ = ("parent", "name")

    def __init__(self, parent: Path | str | None, name: str):
        if isinstance(parent, str):
            parent = Path(None, parent)
        self.parent, self.name = parent, name

    def __truediv__(self, name: str) -> Path:
        return Path(self, name)

    def __str__(self) -> str:
        names: list[str] = []
        node: Path | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, Path)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Path({str(self)!r})"


@dataclass(slots=True)
class Problem:
    """A fault at an absolute byte offset (in the inflated data set when the path says so)."""

    offset: int
    kind: str
    message: str
    path: str
    after: int = 0  # how many tokens were read before it: where it goes in a listing
    depth: int = 0
    window: tuple[int, bytes] = (0, b"")  # bytes around the offset, for hexdumps

    @property
    def severity(self) -> str:
        return KINDS[self.kind][0]

    def __str__(self) -> str:
        return (
            f"{self.kind} at byte {self.offset} (0x{self.offset:X}): {self.message} [{self.path}]"
        )

    def to_json(self) -> dict:
        return {
            "offset": self.offset,
            "kind": self.kind,
            "message": self.message,
            "path": self.path,
            "severity": self.severity,
        }


def render(path: Any) -> str:
    """A path as text. The walk keeps the paths of its frames as chains of tuples, rendered
    only for a fault: ``(parent, tag, vr)`` for an element's value, ``(parent, index)`` for an
    item; the root is a str (or a ``Path``)."""
    names = []
    while isinstance(path, tuple):
        if len(path) == 2:
            names.append(f"item {path[1]}")
        else:
            names.append(f"{tag_text(path[1])} {path[2]}")
        path = path[0]
    names.append(str(path))
    return " / ".join(reversed(names))


def tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
