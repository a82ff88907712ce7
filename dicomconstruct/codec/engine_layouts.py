"""Whole files through the construct structs alone: the construct engine's parsing half
(PS3.10 §7.1; PS3.5 §7.1, §7.5, §A.4, §A.5).

``layouts.py`` declares the headers (Tables 7.1-1 to 7.1-3, 7.5-1 to 7.5-3), the preamble and
the deflate stream; here they are put together into a data set of elements, sequences of items
and encapsulated fragments, and every header and value is parsed by construct (never compiled:
a compiled parser skips the length checks) from a ``Source``, a stream with a stack of ends, so
no read runs past the value that holds it. Every departure from the standard is handed to the
policy of ``policy.py`` under the kinds of ``tokens.py``, so this engine and the one walk
(``walk.py``, which the fast reader uses) raise the same class at the same offset and warn the
same; which encoding a file is in is decided by ``sniff.py``'s rules over the structs' parse.

Nothing here knows the tree: a data set parses to a list of ``Container``s (``engine.py`` makes
the tree from them). A defined-length sequence is kept as bytes, as the fast reader keeps it
until its value is asked for; ``sequence`` parses it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from construct import (
    Bytes,
    Computed,
    Const,
    Construct,
    ConstructError,
    Container,
    GreedyBytes,
    Int16ub,
    Int16ul,
    Peek,
    Struct,
    Switch,
    Tell,
    this,
)

from .. import config, tables
from . import layouts, sniff
from .layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    element_header,
    file_preamble,
    item_header,
)
from .tokens import MAX_NESTING_DEPTH, tag_text
from .walk import (
    _MARKER_NAMES,  # the names the walk's messages give items and delimiters
    _STRUCTURE_TAGS,
    MISSING_PREFIX_MESSAGE,
    PIXEL_TAGS,
    TRANSFER_SYNTAX_UID,
    dictionary_vr,
    element_name,
)

__all__ = [
    "Source",
    "data_set",
    "element_head",
    "parse_file",
    "sequence",
    "struct_headers",
]


class Source:
    """The bytes being parsed (``base``: the file offset of ``data[0]``; ``where``: the prefix
    of every path, "deflated data set" for an inflated one), read with a stack of ends: no read
    runs past the innermost end. ``policy`` decides what a fault does (``policy.Strict``).
    ``open`` holds the last tag begun in each data set being parsed, outermost first (PS3.5
    §7.1: tags ascend, which says when an undefined-length item ended without its delimiter).
    """

    def __init__(self, data: Any, policy: Any, base: int = 0, where: str = ""):
        self.data = data
        self.policy = policy
        self.base = base
        self.where = where
        self.pos = 0
        self.ends = [len(data)]
        self.open: list[list[int]] = []

    # the file-like protocol construct reads with
    def read(self, n: int = -1) -> bytes:
        end = self.ends[-1]
        stop = end if n is None or n < 0 else min(end, self.pos + n)
        chunk = bytes(self.data[self.pos : stop])
        self.pos += len(chunk)
        return chunk

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 0:
            self.pos = offset
        elif whence == 1:
            self.pos += offset
        else:
            self.pos = self.ends[-1] + offset
        return self.pos

    def remaining(self) -> int:
        return self.ends[-1] - self.pos

    @property
    def end(self) -> int:
        return self.ends[-1]

    def fault(self, kind: str, message: str, pos: int, path: str) -> None:
        """Hand a fault to the policy (the strict one raises; a warning returns)."""
        if self.where and not path.startswith(self.where):
            path = f"{self.where} / {path}"
        self.policy.fault(kind, message, self.base + pos, path, 0, self.data, pos)


def parse(struct: Construct, source: Source, path: str = "") -> Any:
    """``struct`` parsed from ``source`` at its position (``parse_stream`` on the Source)."""
    context = Container(_parsing=True, _building=False, _sizing=False)
    context._params = context
    return struct._parsereport(source, context, path)


def _integers(little_endian: bool) -> Construct:
    return Int16ul if little_endian else Int16ub


# ---------------------------------------------------------------------------------------------
# PS3.5 §7.1.2, §6.2: which of the three headers an element has, from the bytes at 4-5.
def _header_kind(ctx: Any) -> str:
    peeked = ctx.peeked
    if peeked is None:  # fewer than 6 bytes: the short header's read reports the cut
        return "short"
    vr = peeked.VR
    if vr in tables.long_length_vrs():
        return "long"
    if vr in tables.vr_codes():
        return "short"
    if peeked.group == 0xFFFE:  # items and delimiters have no VR in any encoding (PS3.5 §7.5)
        return "implicit"
    # two upper-case letters are an unknown VR with a 16-bit length (sniff.UNKNOWN_VR_RULE);
    # anything else means the writer switched to implicit VR for this element (as pydicom)
    # (config.assume_implicit_vr_switch off: any two bytes are an unknown VR, as the walk)
    if sniff.looks_like_vr(vr) or not config.assume_implicit_vr_switch:
        return "unknown VR"
    return "implicit"


@cache
def element_head(explicit_vr: bool, little_endian: bool) -> Construct:
    """An element's header (PS3.5 Tables 7.1-1 to 7.1-3) with where it starts (``start``), the
    header kind (``long``, ``short``, ``unknown VR``, ``implicit``) and ``value_start``."""
    if not explicit_vr:
        return Struct(
            "start" / Tell,
            "kind" / Computed("implicit"),
            "header" / element_header(False, little_endian),
            "value_start" / Tell,
        )
    return Struct(
        "start" / Tell,
        "peeked" / _first_element_peek(little_endian),
        "kind" / Computed(_header_kind),
        "header"
        / Switch(
            this.kind,
            {
                "long": element_header(True, little_endian, True),
                "short": element_header(True, little_endian, False),
                "unknown VR": element_header(True, little_endian, False),
                "implicit": element_header(False, little_endian),
            },
        ),
        "value_start" / Tell,
    )


@cache
def struct_headers(enc: Any) -> tuple:
    """(short, long) header unpackers of an encoding that parse with the structs themselves
    (for ``sniff``'s rules, which take the fast codecs' unpackers by default)."""

    def unpacker(layout: Construct, size: int):
        names = [sub.name for sub in layout.subcons]  # the fields in the layout's order

        def unpack(buf: Any, pos: int) -> tuple:
            parsed = layout.parse(bytes(buf[pos : pos + size]))
            return tuple(parsed[name] for name in names)

        return unpack

    explicit, little = enc.explicit_vr, enc.little_endian
    short = element_header(explicit, little, False)
    if not explicit:
        return unpacker(short, 8), unpacker(short, 8)
    return unpacker(short, 8), unpacker(element_header(True, little, True), 12)


# ---------------------------------------------------------------------------------------------
# A data set (PS3.5 §7.1): elements to the end of the bytes that hold it.
class DataSet(Construct):
    """The elements of a data set, each a ``Container`` (``start``, ``tag``, ``vr``: the VR
    read or None, ``header``, ``value_start``, ``what``: ``bytes``, ``sequence`` or
    ``fragments``, ``value``, ``value_end``). ``delimited``: an undefined-length item's, up to
    its Item Delimitation Item; ``only_group``: up to the first element of another group (the
    File Meta Information, PS3.10 §7.1); ``top``: a top-level data set, whose bytes after the
    last element may be a trailer. Parses to ``Container(elements, delimiter, end)``."""

    def __init__(self, explicit_vr: bool, little_endian: bool, depth: int, path: str, **kind):
        super().__init__()
        self.explicit_vr = explicit_vr
        self.little_endian = little_endian
        self.depth = depth
        self.path = path
        self.delimited = kind.get("delimited", False)
        self.top = kind.get("top", False)
        self.only_group = kind.get("only_group")
        self.head = element_head(explicit_vr, little_endian)

    def _parse(self, stream: Source, context: Any, path: str) -> Container:
        opened = [-1]  # the last tag begun here
        stream.open.append(opened)
        try:
            return self._elements(stream, opened)
        finally:
            stream.open.pop()

    def _elements(self, stream: Source, opened: list) -> Container:
        elements: list = []
        result = Container(elements=elements, delimiter=None, trailer=None, end=None)
        path, explicit = self.path, self.explicit_vr
        u16 = _integers(self.little_endian)
        while stream.remaining() > 0:
            pos = stream.tell()
            if self.only_group is not None:
                group = parse(Peek(u16), stream)
                if group is None or group != self.only_group:
                    break
            try:
                head = parse(self.head, stream, path)
            except ConstructError:
                stream.seek(pos)
                size = 12 if explicit and _long_header_at(stream) else 8
                stream.fault(
                    "header-cut-off",
                    f"element header cut off: {stream.end - pos} of {size} bytes remain",
                    pos,
                    f"{path} / element header",
                )
                stream.seek(stream.end)
                break
            header = head.header
            tag = (header.group << 16) | header.element
            head.tag = tag
            head.vr = self._vr(stream, head, tag, pos)
            length = header.length
            if header.group == 0xFFFE and (
                tag in _STRUCTURE_TAGS or (explicit and head.vr is None)
            ):  # (another tag of group FFFE is an element, as in the walk)
                if tag == ITEM_DELIMITATION and self.delimited:
                    if length != 0:
                        _delimiter_length(stream, tag, pos, length, path)
                    # PS3.5 §7.5.2: the delimiter's own 32-bit length (an explicit-VR header
                    # may have taken two of its bytes for a VR and a 16-bit length), and it
                    # is 8 bytes long whatever that header said
                    stream.seek(pos)
                    result.delimiter = parse(item_header(self.little_endian), stream).length
                    result.end = stream.tell()
                    return result
                stream.fault(
                    "unexpected-item" if tag == ITEM else "stray-delimiter",
                    f"unexpected {_MARKER_NAMES.get(tag, tag_text(tag))} among the elements "
                    "of a data set",
                    pos,
                    f"{path} / {tag_text(tag)}",
                )
                continue  # (a policy that reads on: the marker is stepped over)
            last = opened[0]
            if self.delimited and tag <= last and _belongs_above(stream, tag):
                stream.fault(
                    "missing-item-delimiter",
                    f"{tag_text(tag)} follows {tag_text(last)}: the undefined-length "
                    "item ended without its Item Delimitation Item",
                    pos,
                    f"{path} / item delimiter",
                )
            if length == UNDEFINED_LENGTH:
                opened[0] = tag
                self._undefined(stream, head, tag, pos)
            else:
                if length > stream.remaining():
                    if (
                        self.top
                        and tag <= last
                        and self.only_group is None
                        and ((explicit and head.vr is None) or not header.group)
                    ):
                        # PS3.5 §7.1: tags ascend, so a header that goes back, has no VR (or is
                        # of group 0000) and whose length runs past the end is no element
                        stream.fault(
                            "trailing-bytes",
                            f"{stream.end - pos} byte(s) after the last element do not read "
                            "as elements: kept as trailing bytes",
                            pos,
                            f"{path} / trailer",
                        )
                        result.trailer = pos
                        stream.seek(stream.end)
                        break
                    stream.fault(
                        "value-cut-off" if self.top else "value-overruns-item",
                        f"value length {length} runs past the end of the "
                        f"{'data set' if self.top else 'item'}: {stream.remaining()} bytes "
                        "remain",
                        pos,
                        f"{path} / {element_name(tag, head.vr)} / value",
                    )
                head.what = "bytes"
                head.value = parse(Bytes(length), stream, path)
                opened[0] = tag
            head.value_end = stream.tell()
            elements.append(head)
        if self.delimited:
            stream.fault(
                "missing-item-delimiter",
                "undefined-length item has no Item Delimitation Item before the end of "
                "its enclosing value",
                stream.tell(),
                f"{path} / item delimiter",
            )
        result.end = stream.tell()
        return result

    def _vr(self, stream: Source, head: Container, tag: int, pos: int) -> str | None:
        """The VR as read (None: implicit), with the warnings of a header whose VR is not one
        of PS3.5 Table 6.2-1's (read as pydicom reads them)."""
        kind = head.kind
        if kind in ("long", "short"):
            return tables.vr_codes()[head.header.VR]
        if not self.explicit_vr or head.header.group == 0xFFFE:
            return None
        text = f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
        if kind == "unknown VR":
            code = head.header.VR
            stream.fault(
                "unknown-vr",
                f"unknown VR {code!r} of {text} at byte {stream.base + pos}: read with a "
                "16-bit length",
                pos,
                f"{self.path} / {text}",
            )
            return code.decode("latin-1")
        stream.fault(
            "invalid-vr",
            f"{text} at byte {stream.base + pos} has no valid VR ({head.peeked.VR!r}): read "
            "as an implicit VR element",
            pos,
            f"{self.path} / {text}",
        )
        return None

    def _undefined(self, stream: Source, head: Container, tag: int, pos: int) -> None:
        """An undefined-length element opens a sequence (SQ; UN, whose items are implicit VR
        little endian by PS3.5 §6.2.2, CP-246; an implicit-VR element the dictionary or its
        first item says is one) or an encapsulated value (PS3.5 §A.4)."""
        vr = head.vr
        explicit, little = self.explicit_vr, self.little_endian
        if vr == "UN":
            vr, explicit, little = "SQ", False, True
        elif vr is None:
            vr = dictionary_vr(tag) if not (tag >> 16) & 1 else None
            if vr != "SQ" and tag not in PIXEL_TAGS and _starts_with_item(stream, little):
                vr = "SQ"
        if vr == "SQ":
            seq_path = f"{self.path} / {tag_text(tag)} SQ"
            if self.depth >= MAX_NESTING_DEPTH:
                stream.fault(
                    "nesting-too-deep",
                    f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                    pos,
                    seq_path,
                )
            head.what = "sequence"
            head.value = parse(
                Items(explicit, little, self.depth + 1, seq_path, True), stream, seq_path
            )
            return
        head.what = "fragments"
        head.fragments_vr = vr
        head.value = parse(
            Fragments(self.little_endian, f"{self.path} / {tag_text(tag)} {vr or ''}".rstrip()),
            stream,
            self.path,
        )


_VR_PEEK = Peek(Struct(Bytes(4), "VR" / Bytes(2)))


def _long_header_at(stream: Source) -> bool:
    """Whether the explicit-VR header at the stream's position is of Table 7.1-1 (12 bytes)."""
    peeked = parse(_VR_PEEK, stream)
    return peeked is not None and peeked.VR in tables.long_length_vrs()


def _belongs_above(stream: Source, tag: int) -> bool:
    """Whether ``tag``, which does not ascend in the open undefined-length item, ascends in an
    enclosing data set (PS3.5 §7.1): the item, and its sequence, ended without their
    delimiters."""
    return any(last[0] < tag for last in stream.open[:-1])


def _starts_with_item(stream: Source, little_endian: bool) -> bool:
    """Whether the value at the stream's position starts with an Item tag (a sequence, as
    pydicom guesses for undefined-length elements the dictionary does not know)."""
    if stream.remaining() < 8:
        return False
    first = parse(Peek(item_header(little_endian)), stream)
    return first is not None and (first.group << 16 | first.element) == ITEM


def _delimiter_length(stream: Source, tag: int, pos: int, length: int, path: str) -> None:
    """PS3.5 §7.5.2: a delimitation item has a zero length; read on."""
    name = _MARKER_NAMES[tag]
    stream.fault(
        "delimiter-length",
        f"{name.split(' (')[0]} at byte {stream.base + pos} has length {length}, not 0 "
        "(PS3.5 §7.5.2)",
        pos,
        f"{path} / {name}",
    )


# ---------------------------------------------------------------------------------------------
# Sequences (PS3.5 §7.5): items, each an item header and a data set.
class Items(Construct):
    """The items of a sequence value nested ``depth`` deep (PS3.5 §7.5.2): to the end of a
    defined-length value, or to the Sequence Delimitation Item of an undefined-length one.
    Parses to ``Container(entries, delimiter, end)``; each item is ``Container(start, length``
    (None: undefined), ``explicit_vr``, ``little_endian``, ``data_set)``."""

    def __init__(self, explicit_vr, little_endian, depth: int, path: str, delimited: bool):
        super().__init__()
        self.explicit_vr = explicit_vr
        self.little_endian = little_endian
        self.depth = depth
        self.path = path
        self.delimited = delimited
        self.header = item_header(little_endian)

    def _parse(self, stream: Source, context: Any, path: str) -> Container:
        items: list = []
        path = self.path
        while stream.remaining() > 0:
            pos = stream.tell()
            index = len(items)
            left = stream.remaining()
            try:
                header = parse(self.header, stream, path)
            except ConstructError:
                stream.fault(
                    "header-cut-off",
                    f"item header cut off: {left} of 8 bytes remain",
                    pos,
                    f"{path} / item {index} / item header",
                )
                stream.seek(stream.end)
                break
            tag = (header.group << 16) | header.element
            length = header.length
            if tag == SEQUENCE_DELIMITATION and self.delimited:
                if length != 0:
                    _delimiter_length(stream, tag, pos, length, path)
                return Container(entries=items, delimiter=length, end=stream.tell())
            if (
                tag != ITEM
                and self.delimited
                and header.group != 0xFFFE
                and any(last[0] < tag for last in stream.open)
            ):
                stream.fault(
                    "missing-sequence-delimiter",
                    f"{tag_text(tag)} where an item or the Sequence Delimitation Item should "
                    "be: the sequence ended without it",
                    pos,
                    f"{path} / sequence delimiter",
                )
            if tag != ITEM:
                stream.fault(
                    "not-an-item",
                    f"expected an Item (FFFE,E000), found ({header.group:04X},"
                    f"{header.element:04X})",
                    pos,
                    f"{path} / item {index} / item header",
                )
            item_path = f"{path} / item {index}"
            content = stream.tell()
            undefined = length == UNDEFINED_LENGTH
            if not undefined and length > stream.remaining():
                stream.fault(
                    "item-overruns-sequence",
                    f"item length {length} runs past the end of its sequence: "
                    f"{stream.remaining()} bytes remain",
                    pos,
                    f"{item_path} / item header / length",
                )
            item_end = stream.end if undefined else content + length
            explicit = self._item_explicit(stream, item_end)
            body = DataSet(explicit, self.little_endian, self.depth, item_path, delimited=undefined)
            if undefined:
                data = parse(body, stream, item_path)
            else:
                stream.ends.append(item_end)
                try:
                    data = parse(body, stream, item_path)
                finally:
                    stream.ends.pop()
                stream.seek(item_end)
            items.append(
                Container(
                    start=pos,
                    length=None if undefined else length,
                    explicit_vr=explicit,
                    little_endian=self.little_endian,
                    data_set=data,
                    end=stream.tell(),
                )
            )
        if self.delimited:
            stream.fault(
                "missing-sequence-delimiter",
                "undefined-length sequence has no Sequence Delimitation Item before the end of "
                "its enclosing value",
                stream.tell(),
                f"{path} / sequence delimiter",
            )
        return Container(entries=items, delimiter=None, end=stream.tell())

    def _item_explicit(self, stream: Source, item_end: int) -> bool:
        """An item in an explicit-VR sequence may be written in implicit VR (PS3.5 §6.2.2, as
        pydicom accepts): decided by whether its first element has a VR."""
        if not self.explicit_vr or item_end - stream.tell() < 8:
            return self.explicit_vr
        first = parse(_first_element_peek(self.little_endian), stream)
        return first.group == 0xFFFE or first.VR in tables.vr_codes()


@cache
def _first_element_peek(little_endian: bool) -> Construct:
    """The group and the bytes where an explicit VR would be (PS3.5 Table 7.1-2)."""
    return Peek(Struct("group" / _integers(little_endian), Bytes(2), "VR" / Bytes(2)))


def sequence(explicit_vr: bool, little_endian: bool, depth: int, path: str) -> Construct:
    """A defined-length sequence value nested ``depth`` deep (PS3.5 §7.5.2), parsed from its
    bytes: its items (the depth limit is the caller's, who knows where the element starts)."""
    return Items(explicit_vr, little_endian, depth, path, False)


# ---------------------------------------------------------------------------------------------
# Encapsulated values (PS3.5 §A.4): items to the Sequence Delimitation Item.
class Fragments(Construct):
    """An undefined-length value that is not a sequence: the Basic Offset Table item, then one
    item per fragment, each stepped over by its length (delimiter bytes inside a fragment are
    not taken for the end), to the Sequence Delimitation Item. Parses to ``Container(entries,
    delimiter, end)``: ``entries`` the (start, length) of each, ``end`` where the delimiter is."""

    def __init__(self, little_endian: bool, path: str):
        super().__init__()
        self.path = path
        self.fragment = Struct(
            "start" / Tell,
            "header" / item_header(little_endian),
        )

    def _parse(self, stream: Source, context: Any, path: str) -> Container:
        items: list = []
        path = self.path
        while True:
            pos = stream.tell()
            index = len(items)
            part = "basic offset table" if index == 0 else f"fragment {index - 1}"
            left = stream.remaining()
            try:
                header = parse(self.fragment, stream, path).header
            except ConstructError:
                cut = left == 0
                stream.fault(
                    "missing-sequence-delimiter" if cut else "header-cut-off",
                    "encapsulated value has no Sequence Delimitation Item before the end of "
                    "the data"
                    if cut
                    else f"item header cut off: {left} of 8 bytes remain",
                    pos,
                    f"{path} / {part}",
                )
                return Container(entries=items, delimiter=None, end=stream.end)
            tag = (header.group << 16) | header.element
            length = header.length
            if tag == SEQUENCE_DELIMITATION:
                if length != 0:
                    _delimiter_length(stream, tag, pos, length, path)
                return Container(entries=items, delimiter=length, end=pos)
            if tag != ITEM:
                stream.fault(
                    "not-an-item",
                    f"expected a fragment Item (FFFE,E000), found ({header.group:04X},"
                    f"{header.element:04X})",
                    pos,
                    f"{path} / {part}",
                )
                return Container(entries=items, delimiter=None, end=pos)
            if length == UNDEFINED_LENGTH or length > stream.remaining():
                stream.fault(
                    "value-cut-off",
                    f"fragment length {length} runs past the end of the data: "
                    f"{stream.remaining()} bytes remain",
                    pos,
                    f"{path} / {part} / length",
                )
            parse(Bytes(length), stream, path)  # read, as a fragment's bytes
            items.append((pos, length))


# ---------------------------------------------------------------------------------------------
# PS3.10 §7.1: preamble, prefix, File Meta Information; then the data set.
no_preamble_prefix = Const(b"DICM")
_rest = GreedyBytes


def _preamble_and_prefix(stream: Source) -> tuple[bytes | None, bool]:
    """PS3.10 §7.1: (the preamble or None, whether the 'DICM' prefix is there); the stream is
    left after them, or at the start when there is no prefix."""
    try:
        return bytes(parse(file_preamble, stream, "file preamble").preamble), True
    except ConstructError:
        stream.seek(0)
    try:
        parse(no_preamble_prefix, stream, "prefix")
        return None, True
    except ConstructError:
        stream.seek(0)
    return None, False


def parse_file(data: Any, policy: Any, base: int = 0) -> Container:
    """A whole file: ``preamble`` (or None), ``has_prefix``, ``meta_explicit``, ``meta`` (the
    meta's data set), ``stray`` (bytes skipped before a bare data set), ``uid``, ``explicit_vr``
    and ``little_endian`` of the data set, ``deflated`` (with ``compressed``, the stream read,
    and ``data``, ``base`` and ``where`` of the inflated bytes), ``data_set``, ``trailing``
    (bytes after the data set or the deflate stream) and ``inflated_trailing`` (bytes after the
    data set inside the deflate stream)."""
    stream = Source(data, policy, base)
    out = Container(preamble=None, has_prefix=False, meta=None, meta_explicit=True, stray=b"")
    out.uid, out.deflated, out.compressed, out.trailing = None, False, None, b""
    out.preamble, out.has_prefix = _preamble_and_prefix(stream)
    if out.has_prefix and out.preamble is None:
        stream.fault(
            "preamble-missing",
            "the 128-byte preamble is missing: the file starts with 'DICM'",
            0,
            "file preamble",
        )
    elif not out.has_prefix and (not policy.force or policy.tolerant):
        # a 128-byte preamble, then the meta without 'DICM': the prefix is missing at 128
        at = 128 if bytes(data[128:130]) == b"\x02\x00" else 0
        stream.fault("prefix-missing", MISSING_PREFIX_MESSAGE, at, "file preamble / prefix")
    pos = stream.tell()
    meta_enc = sniff.meta_encoding(data, pos)
    has_meta = False
    if meta_enc is not None:
        out.meta_explicit = meta_enc.explicit_vr
        if not meta_enc.explicit_vr:
            stream.fault(
                "meta-implicit",
                "Expected explicit VR, but found implicit VR - using implicit VR for "
                "reading the File Meta Information",
                pos,
                "file meta",
            )
        meta = parse(
            DataSet(meta_enc.explicit_vr, True, 0, "file meta", top=True, only_group=2), stream
        )
        out.meta = meta
        group_length = None
        for entry in meta.elements:
            if entry.what != "bytes":
                continue
            has_meta = True
            if entry.tag == TRANSFER_SYNTAX_UID:
                out.uid = sniff.syntax_uid_text(entry.value)
            elif entry.tag == 0x00020000 and entry.header.length == 4 and group_length is None:
                group_length = entry
        pos = stream.tell()
        if group_length is not None:
            said = int.from_bytes(group_length.value, "little")
            first = group_length.value_start + 4
            if first + said != pos:
                stream.fault(
                    "meta-group-length-wrong",
                    f"File Meta Information Group Length says {said} bytes, the group "
                    f"has {pos - first}",
                    group_length.start,
                    "file meta / (0002,0000) UL",
                )
    syntax = tables.transfer_syntax(out.uid) if out.uid is not None else None
    headers = struct_headers
    if syntax is None:
        if not out.has_prefix and not has_meta:
            skip = sniff.stray_leading_bytes(data, pos, headers=headers)
            if skip:
                out.stray = parse(Bytes(skip), stream)
                stream.fault(
                    "stray-leading-bytes",
                    f"skipped {skip} stray byte(s) {out.stray!r} at byte {base + pos} before "
                    "the first data element",
                    pos,
                    "dataset",
                )
                pos += skip
        declared = sniff.guess_encoding(data, pos, headers)[0]
        if out.uid:
            stream.fault(
                "transfer-syntax-unknown",
                sniff.unknown_syntax_message(out.uid, declared),
                pos,
                "file meta / (0002,0010) UI",
            )
    else:
        declared = layouts.encoding(not syntax.implicit_vr, syntax.little_endian)
        out.deflated = syntax.deflated
    if out.deflated:
        # PS3.5 §A.5: everything after the meta is one raw deflate stream
        compressed = parse(_rest, stream)
        inflated, trailing = layouts.inflate(compressed, offset=base + pos)
        out.compressed = compressed[: len(compressed) - len(trailing)]
        out.trailing = trailing
        stream = Source(inflated, policy, 0, "deflated data set")
        data, pos = inflated, 0
    found = sniff.check_encoding(data, pos, declared, headers)
    if found is not declared and out.uid is not None:
        message = sniff.mismatch_message(declared, found)
        stream.fault("transfer-syntax-mismatch", message, pos, "dataset")
    out.explicit_vr, out.little_endian = found.explicit_vr, found.little_endian
    out.data, out.base, out.where = data, stream.base, stream.where
    out.data_set = parse(data_set(found.explicit_vr, found.little_endian), stream, "dataset")
    out.inflated_trailing = b""
    if out.data_set.trailer is not None:
        trailer = bytes(data[out.data_set.trailer :])
        if out.deflated:
            out.inflated_trailing = trailer  # inside the deflate stream, after the data set
        else:
            out.trailing = trailer
    out.end = stream.tell()
    return out


def data_set(explicit_vr: bool, little_endian: bool) -> Construct:
    """A top-level data set: its elements to the end of the bytes (PS3.5 §7.1)."""
    return DataSet(explicit_vr, little_endian, 0, "dataset", top=True)
