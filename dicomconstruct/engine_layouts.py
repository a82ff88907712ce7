"""Whole-file construct structs: a data set as a run of elements, sequences of items through a
recursive ``LazyBound``, encapsulated fragments (PS3.5 §7.1, §7.5, §A.4; PS3.10 §7.1; §A.5).

``layouts.py`` declares one element, one item, one header; here they are put together into
the structs that parse a whole file, with the reading rules a real file needs (an implicit item
in an explicit sequence, UN holding a sequence, a VR that is not one). ``engine.py`` parses
files with them alone; every fault becomes a ``DicomError`` at the offset where the structure
that failed starts. They are to be folded into the codec layer.
"""

from __future__ import annotations

import zlib
from functools import cache

from construct import (
    Bytes,
    Computed,
    Const,
    Construct,
    ConstructError,
    Container,
    If,
    IfThenElse,
    Int16ub,
    Int16ul,
    Int32ub,
    Int32ul,
    LazyBound,
    ListContainer,
    Pass,
    Peek,
    RepeatUntil,
    StreamError,
    Struct,
    Subconstruct,
    Switch,
    Tell,
    this,
)

from . import layouts, tables
from .errors import DicomError, NestingTooDeepError, TruncatedDataError
from .layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    element_header,
    item_header,
)

# Sequences nested deeper than this are refused (the fast reader's limit, filereader.py).
MAX_NESTING_DEPTH = 128

# PS3.6: Pixel Data, Float Pixel Data, Double Float Pixel Data; an undefined-length one holds
# fragments (PS3.5 §A.4), never a sequence, whatever its first item looks like.
PIXEL_TAGS = frozenset({0x7FE00010, 0x7FE00009, 0x7FE00008})


def _integers(little_endian: bool):
    """The 16- and 32-bit unsigned integers of a byte order (PS3.5 §7.3)."""
    return (Int16ul, Int32ul) if little_endian else (Int16ub, Int32ub)


class BoundedStream:
    """The bytes being parsed, with a stack of ends: no read runs past the innermost end, so
    a declared length is never trusted beyond the bytes that remain in what holds it.

    ``base`` is the file offset of ``data[0]``; ``depth`` counts the sequences being parsed.
    """

    def __init__(self, data, base: int = 0, depth: int = 0):
        self.data = data
        self.pos = 0
        self.base = base
        self.depth = depth
        self.ends = [len(data)]

    def read(self, n: int = -1) -> bytes:
        end = self.ends[-1]
        stop = end if n is None or n < 0 else min(end, self.pos + n)
        chunk = bytes(self.data[self.pos : stop])
        self.pos += len(chunk)
        return chunk

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = offset if whence == 0 else (self.pos + offset if whence == 1 else self.ends[-1])
        return self.pos

    def remaining(self) -> int:
        return self.ends[-1] - self.pos


def schema_path(path: str) -> str:
    """construct's path (``(parsing) -> value -> header``) as the package writes paths."""
    return path.replace("(parsing)", "dataset").replace(" -> ", " / ").strip()


def _owner(path: str) -> str:
    """The path of what holds a value: ``... / (0008,1115)``, not ``... -> value``."""
    return path.removesuffix(" -> value")


class Located(Subconstruct):
    """``subcon`` as a whole structure (an element, an item): a construct error inside it (a
    read cut short by the bytes that remain) is a DicomError at the offset where it starts."""

    def __init__(self, subcon: Construct, what: str):
        super().__init__(subcon)
        self.what = what

    def _parse(self, stream, context, path):
        start = stream.tell()
        try:
            return self.subcon._parsereport(stream, context, path)
        except ConstructError as exc:
            # construct's message is "Error in path <path>" and a line saying what failed
            said = str(exc.args[0] if exc.args else exc).splitlines()[-1]
            where = schema_path(getattr(exc, "path", None) or path)
            if isinstance(exc, StreamError):
                raise TruncatedDataError(
                    f"{self.what} runs past the end of the bytes that hold it: {said}",
                    stream.base + start,
                    where,
                ) from None
            raise DicomError(
                f"{self.what} does not parse: {said}", stream.base + start, where
            ) from None


class Bounded(Subconstruct):
    """``subcon`` within the next ``length`` bytes (a defined-length item, PS3.5 §7.5.1): a
    length past the bytes that remain is a cut-off read; afterwards the stream is at the end."""

    def __init__(self, length, subcon: Construct):
        super().__init__(subcon)
        self.length = length

    def _parse(self, stream, context, path):
        length = self.length(context) if callable(self.length) else self.length
        if length > stream.remaining():
            raise StreamError(
                f"length {length} runs past the end: {stream.remaining()} bytes remain", path=path
            )
        end = stream.tell() + length
        stream.ends.append(end)
        try:
            obj = self.subcon._parsereport(stream, context, path)
        finally:
            stream.ends.pop()
        stream.seek(end)
        return obj


def _tag(header) -> int:
    return (header.group << 16) | header.element


def _delimiter_name(tag: int) -> str:
    return {
        ITEM: "Item (FFFE,E000)",
        ITEM_DELIMITATION: "Item Delimitation Item (FFFE,E00D)",
        SEQUENCE_DELIMITATION: "Sequence Delimitation Item (FFFE,E0DD)",
    }.get(tag, f"({tag >> 16:04X},{tag & 0xFFFF:04X})")


class Elements(Construct):
    """A data set (PS3.5 §7.1): elements up to the end of the bytes that hold it; for an
    undefined-length item (§7.5.2) up to its Item Delimitation Item, kept as the last entry;
    with ``only_group``, up to the first element of another group (the File Meta Information,
    PS3.10 §7.1). A delimiter anywhere else is a fault.

    A repeater of its own: ``GreedyRange`` would swallow the error of a cut-off last element
    (construct issue #1025) and ``RepeatUntil`` cannot stop before an element."""

    def __init__(self, element: Construct, closed_by_delimiter=False, only_group=None):
        super().__init__()
        self.element = element
        self.closed_by_delimiter = closed_by_delimiter
        self.only_group = only_group

    def _parse(self, stream, context, path):
        path = _owner(path)
        entries = ListContainer()
        tag_peek = _tag_peek(self.element.little_endian)
        while True:
            pos = stream.tell()
            if self.only_group is not None:
                group = _group_peek.parse_stream(stream)
                if group is None or group != self.only_group:
                    break
            if not stream.remaining() and not self.closed_by_delimiter:
                break
            if not stream.remaining():
                raise TruncatedDataError(
                    "undefined-length item has no Item Delimitation Item before the end of "
                    "its enclosing value",
                    stream.base + pos,
                    f"{schema_path(path)} / item delimiter",
                )
            where = path
            tag = tag_peek.parse_stream(stream)
            if tag is not None:
                where = f"{path} / ({tag.group:04X},{tag.element:04X})"
            entry = self.element._parsereport(stream, context, where)
            if entry.header.group == 0xFFFE:
                tag = _tag(entry.header)
                if tag == ITEM_DELIMITATION and self.closed_by_delimiter:
                    entries.append(entry)
                    break
                raise DicomError(
                    f"unexpected {_delimiter_name(tag)} among the elements of a data set",
                    stream.base + pos,
                    schema_path(where),
                )
            entries.append(entry)
        return entries


@cache
def _tag_peek(little_endian: bool) -> Construct:
    u16, _ = _integers(little_endian)
    return Peek(Struct("group" / u16, "element" / u16))


_group_peek = Peek(Int16ul)  # the File Meta Information is little endian (PS3.10 §7.1)


class Items(Construct):
    """The items of a sequence value (PS3.5 §7.5.2): to the end of a defined-length value, or
    to the Sequence Delimitation Item (kept as the last entry) of an undefined-length one.
    Sequences nested deeper than ``MAX_NESTING_DEPTH`` are refused."""

    def __init__(self, item: Construct, undefined_length: bool):
        super().__init__()
        self.item = item
        self.undefined_length = undefined_length

    def _parse(self, stream, context, path):
        path = _owner(path)
        if stream.depth >= MAX_NESTING_DEPTH:
            raise NestingTooDeepError(
                f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                stream.base + context.start,  # the sequence element's header
                schema_path(path),
            )
        stream.depth += 1
        try:
            return self._items(stream, context, path)
        finally:
            stream.depth -= 1

    def _items(self, stream, context, path):
        entries = ListContainer()
        while True:
            pos = stream.tell()
            if not stream.remaining():
                if self.undefined_length:
                    raise TruncatedDataError(
                        "undefined-length sequence has no Sequence Delimitation Item before "
                        "the end of its enclosing value",
                        stream.base + pos,
                        f"{schema_path(path)} / sequence delimiter",
                    )
                return entries
            where = f"{path} / item {len(entries)}"
            entry = self.item._parsereport(stream, context, where)
            tag = _tag(entry.header)
            if tag == SEQUENCE_DELIMITATION and self.undefined_length:
                entries.append(entry)
                return entries
            if tag != ITEM:
                raise DicomError(
                    f"expected an Item (FFFE,E000), found {_delimiter_name(tag)}",
                    stream.base + pos,
                    f"{schema_path(where)} / item header",
                )
            entries.append(entry)


# ---------------------------------------------------------------------------------------------
# PS3.5 §7.1.2 and §6.2: which header an explicit-VR element has, from the VR bytes at 4-5.
def _header_kind(ctx) -> str:
    peeked = ctx.peeked
    if peeked is None:  # fewer than 6 bytes: the short header's read reports the cut
        return "short"
    if peeked.group == 0xFFFE:  # items and delimiters have no VR in any encoding (§7.5)
        return "implicit"
    vr = peeked.VR
    if vr in tables.vr_codes():
        return "long" if vr in tables.long_length_vrs() else "short"
    # bytes that are two upper-case letters are an unknown VR with a 16-bit length; anything
    # else means the writer switched to implicit VR for this element (as pydicom reads them)
    return "unknown VR" if looks_like_vr(vr) else "implicit"


def looks_like_vr(code: bytes) -> bool:
    """Two upper-case ASCII letters (PS3.5 §6.2), whether or not a VR of Table 6.2-1."""
    return len(code) == 2 and 0x41 <= code[0] <= 0x5A and 0x41 <= code[1] <= 0x5A


def _value_kind(ctx) -> str:
    """What follows a header: nothing (group FFFE: items and delimiters, PS3.5 §7.5), ``length``
    bytes, or for an undefined length a sequence (SQ; UN per CP-246, whose items are implicit VR
    little endian, PS3.5 §6.2.2; an implicit VR the dictionary or its first item says is a
    sequence) or encapsulated fragments (PS3.5 §A.4)."""
    header = ctx.header
    if header.group == 0xFFFE:
        return "none"
    if header.length != UNDEFINED_LENGTH:
        return "bytes"
    vr = header.get("VR") if ctx.kind != "implicit" else None
    if vr == b"UN":
        return "UN sequence"
    if vr == b"SQ":
        return "sequence"
    if vr is None:
        tag = _tag(header)
        entry = tables.standard_entry(tag) if not (header.group & 1) else None
        if entry is not None and entry.VR == "SQ":
            return "sequence"
        if tag not in PIXEL_TAGS and ctx.first_item is not None and _tag(ctx.first_item) == ITEM:
            return "sequence"
    return "fragments"


@cache
def element(explicit_vr: bool, little_endian: bool) -> Construct:
    """One data element of a data set (PS3.5 §7.1): ``start``, the header of Tables 7.1-1 to
    7.1-3, ``value_start``, the value and ``value_end`` (offsets in the stream)."""
    u16, _ = _integers(little_endian)
    if explicit_vr:
        peek = Peek(Struct("group" / u16, "element" / u16, "VR" / Bytes(2)))
        header = Switch(
            this.kind,
            {
                "long": element_header(True, little_endian, True),
                "short": element_header(True, little_endian, False),
                "unknown VR": element_header(True, little_endian, False),
                "implicit": element_header(False, little_endian),
            },
        )
        kind = lambda ctx: _header_kind(ctx)  # noqa: E731
    else:
        peek = Pass
        header = element_header(False, little_endian)
        kind = lambda ctx: "implicit"  # noqa: E731
    struct_ = Located(
        Struct(
            "start" / Tell,
            "peeked" / peek,
            "kind" / Computed(kind),
            "header" / header,
            "value_start" / Tell,
            "first_item"
            / If(
                lambda ctx: ctx.header.length == UNDEFINED_LENGTH, Peek(item_header(little_endian))
            ),
            "value"
            / Switch(
                _value_kind,
                {
                    "none": Pass,
                    "bytes": Bytes(this.header.length),
                    "sequence": LazyBound(lambda: sequence(explicit_vr, little_endian, True)),
                    # PS3.5 §6.2.2: an undefined-length UN holds items in implicit VR LE
                    "UN sequence": LazyBound(lambda: sequence(False, True, True)),
                    "fragments": LazyBound(lambda: fragments(little_endian)),
                },
            ),
            "value_end" / Tell,
        ),
        "element",
    )
    struct_.little_endian = little_endian
    return struct_


def _item_kind(ctx) -> str:
    """An Item's content (PS3.5 §7.5.1): a data set in the sequence's encoding or, in an
    explicit-VR sequence, in implicit VR when its first element has no VR (as pydicom reads
    such items); nothing after a delimiter or another tag, which the sequence reports."""
    header = ctx.header
    if _tag(header) != ITEM:
        return "none"
    undefined = header.length == UNDEFINED_LENGTH
    explicit = ctx._explicit
    first = ctx.first  # a whole short header, or None
    if explicit and first is not None and (undefined or header.length >= 8):
        if first.group != 0xFFFE and first.VR not in tables.vr_codes():
            explicit = False
    return f"{'undefined' if undefined else 'defined'} {'explicit' if explicit else 'implicit'}"


@cache
def item(explicit_vr: bool, little_endian: bool) -> Construct:
    """One sequence item (PS3.5 §7.5.1, Tables 7.5-1..3): its header, then a data set of the
    item's length, or up to its Item Delimitation Item."""

    u16, _ = _integers(little_endian)

    def content(explicit: bool, undefined: bool) -> Construct:
        elements = Elements(element(explicit, little_endian), closed_by_delimiter=undefined)
        return elements if undefined else Bounded(this.header.length, elements)

    struct_ = Located(
        Struct(
            "start" / Tell,
            "_explicit" / Computed(lambda ctx: explicit_vr),
            "header" / item_header(little_endian),
            "first" / Peek(Struct("group" / u16, Bytes(2), "VR" / Bytes(2), Bytes(2))),
            "kind" / Computed(_item_kind),
            "value"
            / Switch(
                this.kind,
                {
                    "none": Pass,
                    "undefined explicit": LazyBound(lambda: content(True, True)),
                    "undefined implicit": LazyBound(lambda: content(False, True)),
                    "defined explicit": LazyBound(lambda: content(True, False)),
                    "defined implicit": LazyBound(lambda: content(False, False)),
                },
            ),
        ),
        "item",
    )
    return struct_


def sequence(explicit_vr: bool, little_endian: bool, undefined_length: bool) -> Construct:
    """A sequence value (PS3.5 §7.5.2): its items, defined length or delimited."""
    return Items(item(explicit_vr, little_endian), undefined_length)


def _fragment_kind(ctx) -> str:
    tag = _tag(ctx.header)
    if tag == SEQUENCE_DELIMITATION:
        return "end"
    return "fragment" if tag == ITEM else "other"


class _Refuse(Construct):
    """A fault at the structure being parsed: a DicomError at its ``start``."""

    def __init__(self, message):
        super().__init__()
        self.message = message

    def _parse(self, stream, context, path):
        raise DicomError(self.message(context), stream.base + context.start, schema_path(path))


def fragments(little_endian: bool) -> Construct:
    """An undefined-length value that is not a sequence: items to the Sequence Delimitation
    Item (PS3.5 §A.4: the Basic Offset Table, then one item per fragment), each stepped over
    by its length, so delimiter bytes inside a fragment are not taken for the end."""
    return RepeatUntil(
        lambda entry, entries, ctx: entry.kind == "end",
        Located(
            Struct(
                "start" / Tell,
                "header" / item_header(little_endian),
                "kind" / Computed(_fragment_kind),
                "value"
                / Switch(
                    this.kind,
                    {
                        "end": Pass,
                        # an undefined length (FFFFFFFFH) can never be read: a cut-off read
                        "fragment": Bytes(this.header.length),
                        "other": _Refuse(
                            lambda ctx: (
                                "expected a fragment Item (FFFE,E000), found "
                                f"({ctx.header.group:04X},{ctx.header.element:04X})"
                            )
                        ),
                    },
                ),
                "end" / Tell,
            ),
            "fragment item",
        ),
    )


# ---------------------------------------------------------------------------------------------
# PS3.10 §7.1: the File Meta Information, always explicit VR little endian (a writer that
# used implicit VR is read as it wrote), up to the first element of another group.
def file_meta(explicit_vr: bool) -> Construct:
    return Elements(element(explicit_vr, True), only_group=0x0002)


# the start of the meta: group 0002 and the bytes where an explicit VR would be
meta_start = Peek(Struct("group" / Int16ul, Bytes(2), "VR" / Bytes(2)))

no_preamble_prefix = Const(b"DICM")

# the bytes where an explicit VR would be, if a whole short header remains (PS3.5 §7.1.2)
vr_peek = Peek(Struct(Bytes(4), "VR" / Bytes(2), Bytes(2)))


def data_set(explicit_vr: bool, little_endian: bool) -> Construct:
    """A whole data set: elements to the end of the file (PS3.5 §7.1)."""
    return Elements(element(explicit_vr, little_endian))


def header_only(explicit_vr: bool, little_endian: bool) -> Construct:
    """An element header as ``element`` reads it, without its value (for sniffing)."""
    u16, _ = _integers(little_endian)
    if not explicit_vr:
        return element_header(False, little_endian)
    return Struct(
        "peeked" / Peek(Struct("group" / u16, "element" / u16, "VR" / Bytes(2))),
        "header"
        / IfThenElse(
            lambda ctx: ctx.peeked is not None and ctx.peeked.VR in tables.long_length_vrs(),
            element_header(True, little_endian, True),
            element_header(True, little_endian, False),
        ),
    )


class DeflatedRest(Construct):
    """PS3.5 §A.5: everything after the meta as one raw deflate stream, and whatever follows
    the end of the stream (some writers add a trailer). Parses to ``inflated``, ``compressed``
    (the stream as stored) and ``trailing``; builds the stream kept when its data set is
    unchanged, else a new one (a compressor's choices are not reproducible)."""

    def __init__(self, limit: int = layouts.DEFAULT_INFLATE_LIMIT):
        super().__init__()
        self.limit = limit

    def _parse(self, stream, context, path):
        start = stream.tell()
        compressed = stream.read()
        inflated, trailing = layouts.inflate(compressed, self.limit, offset=stream.base + start)
        return Container(
            inflated=inflated,
            compressed=compressed[: len(compressed) - len(trailing)],
            trailing=trailing,
        )

    def _build(self, obj, stream, context, path):
        kept = obj.get("compressed")
        if kept is None or layouts.inflate(kept)[0] != obj.inflated:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            kept = compressor.compress(obj.inflated) + compressor.flush()
        stream.write(kept + (obj.get("trailing") or b""))
        return obj


deflated_rest = DeflatedRest()
