"""The byte layouts of a DICOM file, as construct structs: PS3.10 §7.1 and PS3.5 §7, §A.4.

Each struct is declared once, parameterised by encoding; every one parses and builds.
The reader's fast header codecs are derived from these same declarations (``FixedCodec``).
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

from construct import (
    Bytes,
    Const,
    Construct,
    Container,
    Default,
    FormatField,
    GreedyBytes,
    GreedyRange,
    IfThenElse,
    Int16ub,
    Int16ul,
    Int32ub,
    Int32ul,
    LazyBound,
    Peek,
    Rebuild,
    Renamed,
    RepeatUntil,
    Struct,
    Tunnel,
    this,
)

from .. import tables
from ..errors import DicomError

# PS3.5 §7.1.1: a Value Length of FFFFFFFFH means "undefined length".
UNDEFINED_LENGTH = 0xFFFFFFFF

# PS3.5 §7.5: the three special tags of group FFFE, always followed by a 4-byte length.
ITEM = 0xFFFEE000
ITEM_DELIMITATION = 0xFFFEE00D
SEQUENCE_DELIMITATION = 0xFFFEE0DD


def _integers(little_endian: bool):
    """The 16- and 32-bit unsigned integers of a byte order (PS3.5 §7.3)."""
    return (Int16ul, Int32ul) if little_endian else (Int16ub, Int32ub)


# ---------------------------------------------------------------------------------------------
# PS3.10 §7.1: the File Preamble (128 bytes, content free) and the DICOM Prefix "DICM".
file_preamble = Struct(
    "preamble" / Bytes(128),
    "prefix" / Const(b"DICM"),
)


# ---------------------------------------------------------------------------------------------
# PS3.5 §7.1: data element headers. The standard has three tables and so do we:
#   Table 7.1-1  explicit VR, 32-bit length: tag, VR, 2 reserved bytes, length (VRs whose
#                ``explicit_length_size`` in schemas/vrs.tsv is 4)
#   Table 7.1-2  explicit VR, 16-bit length: tag, VR, length (all other VRs)
#   Table 7.1-3  implicit VR: tag, 32-bit length
# Items and delimiters (PS3.5 §7.5) share the implicit layout in every transfer syntax.
def _value_length(ctx) -> int | None:
    """PS3.5 §7.1.1: on build, a header's length is that of the value that follows it in
    the enclosing struct (``value`` bytes). A length given is built as given: an undefined
    length (items follow), a header built on its own, or a wrong length built on purpose."""
    given = ctx.get("length")
    parent = ctx.get("_")
    value = parent.get("value") if parent is not None else None
    if given is not None or not isinstance(value, (bytes, bytearray)):
        return given
    return len(value)


@cache
def element_header(explicit_vr: bool, little_endian: bool, long_length: bool = True) -> Struct:
    """The header of one data element in the given encoding (PS3.5 Tables 7.1-1 to 7.1-3)."""
    u16, u32 = _integers(little_endian)
    fields = ["group" / u16, "element" / u16]
    if explicit_vr:
        fields.append("VR" / Bytes(2))  # two upper-case ASCII characters (PS3.5 §6.2)
        if long_length:
            # reserved is 0000H
            fields += [
                "reserved" / Default(Bytes(2), b"\0\0"),
                "length" / Rebuild(u32, _value_length),
            ]
        else:
            fields += ["length" / Rebuild(u16, _value_length)]
    else:
        fields += ["length" / Rebuild(u32, _value_length)]
    return Struct(*fields)


@cache
def item_header(little_endian: bool) -> Struct:
    """Item, Item Delimitation and Sequence Delimitation headers (PS3.5 §7.5, Table 7.5-1..3)."""
    return element_header(False, little_endian)


def _uses_long_length(ctx) -> bool:
    """Whether an explicit-VR element takes Table 7.1-1 (32-bit length), from its VR.

    While parsing, the VR comes from a peek at bytes 4-5; while building, from the header given.
    """
    vr = ctx["header"]["VR"] if "header" in ctx else ctx["peeked"]["VR"]
    if isinstance(vr, str):
        vr = vr.encode("ascii")
    return vr in tables.long_length_vrs()


def _is_undefined(ctx) -> bool:
    return ctx["header"]["length"] == UNDEFINED_LENGTH


@cache
def data_element(explicit_vr: bool, little_endian: bool) -> Struct:
    """One data element with its value: the header, then either ``length`` bytes or, for an
    undefined length (PS3.5 §7.5.2, §A.4), items up to the Sequence Delimitation Item.

    A defined-length value is kept as bytes here; the dataset adapter reads a sequence's bytes
    with ``items`` and an encapsulated Pixel Data value's bytes with ``encapsulated_pixel_data``.
    Delimitation items parse as elements of group FFFE with a zero length, in both encodings.
    """
    fields = []
    if explicit_vr:
        peek = Peek(Struct(Bytes(4), "VR" / Bytes(2)))
        peek.flagbuildnone = True  # nothing to build: it only looks ahead while parsing
        fields.append("peeked" / peek)
        header = IfThenElse(
            _uses_long_length,
            element_header(True, little_endian, True),
            element_header(True, little_endian, False),
        )
        # PS3.5 §6.2.2 (CP-246): an undefined-length UN holds a sequence in implicit VR LE.
        undefined = IfThenElse(
            lambda ctx: ctx["header"]["VR"] == b"UN",
            LazyBound(lambda: undefined_length_value(False, True)),
            LazyBound(lambda: undefined_length_value(True, little_endian)),
        )
    else:
        header = element_header(False, little_endian)
        undefined = LazyBound(lambda: undefined_length_value(False, little_endian))
    fields += [
        "header" / header,
        "value" / IfThenElse(_is_undefined, undefined, Bytes(this.header.length)),
    ]
    return Struct(*fields)


@cache
def item(explicit_vr: bool, little_endian: bool) -> Struct:
    """A sequence item or a fragment (PS3.5 §7.5.1, §A.4): a defined-length value as bytes, or
    an undefined-length data set closed by an Item Delimitation Item (kept as its last entry)."""
    return Struct(
        "header" / item_header(little_endian),
        "value"
        / IfThenElse(
            _is_undefined,
            RepeatUntil(
                lambda element, elements, ctx: element.header.group == 0xFFFE,
                data_element(explicit_vr, little_endian),
            ),
            Bytes(this.header.length),
        ),
    )


@cache
def undefined_length_value(explicit_vr: bool, little_endian: bool) -> Construct:
    """Items until the Sequence Delimitation Item, which is kept as the last entry
    (PS3.5 §7.5.2 for sequences, §A.4 for encapsulated pixel data whose items are fragments)."""
    return RepeatUntil(
        lambda entry, entries, ctx: (entry.header.group, entry.header.element) == (0xFFFE, 0xE0DD),
        item(explicit_vr, little_endian),
    )


@cache
def items(explicit_vr: bool, little_endian: bool) -> Construct:
    """The items of a defined-length sequence value (PS3.5 §7.5.2, Table 7.5-1)."""
    return GreedyRange(item(explicit_vr, little_endian))


@cache
def fragment(little_endian: bool) -> Struct:
    """One item of encapsulated Pixel Data (PS3.5 §A.4): always of defined length."""
    u16, u32 = _integers(little_endian)
    return Struct(
        "group" / Const(0xFFFE, u16),
        "element" / Const(0xE000, u16),
        "length" / u32,
        "value" / Bytes(this.length),
    )


@cache
def encapsulated_pixel_data(little_endian: bool) -> Struct:
    """An encapsulated Pixel Data value as stored (PS3.5 §A.4, Table A.4-1): the Basic Offset
    Table item (possibly empty), then one item per fragment. The Sequence Delimitation Item
    that closes the element is not part of the value."""
    return Struct(
        "offset_table" / fragment(little_endian),
        "fragments" / GreedyRange(fragment(little_endian)),
    )


# ---------------------------------------------------------------------------------------------
# PS3.10 §7.1 and PS3.5 §A.5: the Deflated Explicit VR Little Endian transfer syntax
# compresses everything after the file meta group as one raw deflate stream (RFC 1951, no
# zlib header). Anything after the end of the stream (some writers add a trailer) is kept.
DEFAULT_INFLATE_LIMIT = 1 << 32  # bytes; a larger inflated data set is refused as a bomb


class RawDeflate(Tunnel):
    """A raw deflate stream around ``subcon``; parse inflates, build deflates (PS3.5 §A.5)."""

    def __init__(self, subcon, level: int = 6, limit: int = DEFAULT_INFLATE_LIMIT):
        super().__init__(subcon)
        self.level = level
        self.limit = limit

    def _decode(self, data, context, path):
        return inflate(bytes(data), self.limit)[0]

    def _encode(self, data, context, path):
        compressor = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush()


def inflate(data: bytes, limit: int = DEFAULT_INFLATE_LIMIT, offset: int = 0):
    """Inflate a raw deflate stream; return (data set bytes, bytes after the stream)."""
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(data, limit)
    except zlib.error as exc:
        raise DicomError(f"corrupt deflate stream: {exc}", offset, "deflated data set") from None
    if inflater.unconsumed_tail:
        raise DicomError(
            f"deflated data set inflates to more than {limit} bytes", offset, "deflated data set"
        )
    if not inflater.eof:
        raise DicomError("deflate stream is cut off before its end", offset, "deflated data set")
    return out, inflater.unused_data


def inflate_partially(data: bytes, limit: int = DEFAULT_INFLATE_LIMIT) -> bytes:
    """As much of a corrupt or cut-off raw deflate stream as inflates before the fault (the
    tolerant walk reads that much of the data set)."""
    inflater = zlib.decompressobj(-15)
    out = []
    for start in range(0, len(data), 1024):
        try:
            out.append(inflater.decompress(data[start : start + 1024], limit))
        except zlib.error:
            break
    return b"".join(out)


deflated_data_set = RawDeflate(GreedyBytes)


# ---------------------------------------------------------------------------------------------
# Deriving fast codecs: a fixed-size struct of plain fields becomes one ``struct.Struct``.
# construct interprets each field in turn (and its compiler skips length checks); the reader
# unpacks a whole header in one call, with the layout above as the single source of truth.
class FixedCodec:
    """A ``struct.Struct`` equivalent of a flat, fixed-size construct ``Struct``."""

    def __init__(self, layout: Struct):
        self.layout = layout
        self.names = [sub.name for sub in layout.subcons]
        formats = [_struct_format(sub) for sub in layout.subcons]
        orders = {fmt[0] for fmt in formats if fmt[0] in "<>"}
        if len(orders) > 1:
            raise TypeError("a FixedCodec holds fields of one byte order")
        order = orders.pop() if orders else "<"
        self.struct = struct.Struct(order + "".join(fmt.lstrip("<>") for fmt in formats))
        self.size = self.struct.size
        self.unpack_from = self.struct.unpack_from
        self.pack = self.struct.pack

    def parse_container(self, data, offset: int = 0) -> Container:
        """What ``layout.parse`` returns (tests prove the two agree on every header)."""
        return Container(zip(self.names, self.unpack_from(data, offset), strict=True))


def _struct_format(sub: Construct) -> str:
    """The ``struct`` format of one fixed-size field: integers and fixed byte strings."""
    while isinstance(sub, (Renamed, Const, Rebuild, Default)):
        sub = sub.subcon
    if isinstance(sub, FormatField):
        return sub.fmtstr
    if type(sub).__name__ == "Bytes" and isinstance(sub.length, int):
        return f"{sub.length}s"
    raise TypeError(f"{sub!r} has no fixed struct format")


class Encoding:
    """The layouts and derived codecs of one (explicit/implicit VR, byte order) encoding."""

    def __init__(self, explicit_vr: bool, little_endian: bool):
        self.explicit_vr = explicit_vr
        self.little_endian = little_endian
        self.name = (
            f"{'explicit' if explicit_vr else 'implicit'} VR "
            f"{'little' if little_endian else 'big'} endian"
        )
        self.element = data_element(explicit_vr, little_endian)
        self.short_header = FixedCodec(element_header(explicit_vr, little_endian, False))
        self.long_header = FixedCodec(element_header(explicit_vr, little_endian, True))
        self.item_header = FixedCodec(item_header(little_endian))
        self.u16 = struct.Struct("<H" if little_endian else ">H")
        self.u32 = struct.Struct("<I" if little_endian else ">I")
        # what the walk's inner loop takes in one go when it enters a data set
        self.unpackers = (
            explicit_vr,
            self.short_header.unpack_from,
            self.long_header.unpack_from,
            self.u32.unpack_from,
        )

    def __repr__(self) -> str:
        return f"<Encoding {self.name}>"


@cache
def encoding(explicit_vr: bool, little_endian: bool) -> Encoding:
    return Encoding(explicit_vr, little_endian)


# PS3.10 §7.1: the File Meta Information is always Explicit VR Little Endian.
FILE_META_ENCODING_KEY = (True, True)


def encoding_for_transfer_syntax(uid: str) -> tuple[Encoding, bool, bool]:
    """The encoding a transfer syntax selects, and whether it is deflated and encapsulated.

    The transfer-syntax table is data (schemas/transfer_syntaxes.tsv); an unknown UID is read
    as Explicit VR Little Endian, which PS3.5 §10 makes the basis of every other syntax.
    """
    syntax = tables.transfer_syntax(uid)
    if syntax is None:
        return encoding(True, True), False, False
    return (
        encoding(not syntax.implicit_vr, syntax.little_endian),
        syntax.deflated,
        syntax.encapsulated,
    )
