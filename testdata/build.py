"""Builds the project's own test files (testdata/*.dcm, testdata/malformed/*.dcm, expected.json,
README.md) with our layouts.
Follows PS3.10 §7.1 (file format), PS3.5 §7 (data elements, sequences) and Annex A (syntaxes).
"""

# Run ``python testdata/build.py [OUTPUT_DIR]``; without an argument it writes next to itself.
# The output is deterministic: the same bytes on every run (tests/test_testdata.py checks it).
# Every valid structure is produced by a layout's ``.build()``; bytes are assembled by hand only
# where a file deliberately breaks a structure, and each such place says so.

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from construct import Container

HERE = Path(__file__).resolve().parent
if __name__ == "__main__" and str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # run from a source checkout without installing

from dicomconstruct import layouts  # noqa: E402
from dicomconstruct.layouts import (  # noqa: E402
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
)

# PS3.6 Table A-1 transfer syntaxes and the SOP classes the files claim to be.
IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"
BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
IMPLEMENTATION_CLASS = "2.25.1900107110"
IMPLEMENTATION_VERSION = "DCMCONSTRUCT_010"


def uid(n: int) -> str:
    """A fixed UID under the 2.25 root (PS3.5 §B.2), so that the output never changes."""
    return f"2.25.{31415926535 + n}"


# ---------------------------------------------------------------------------------------------
# Value encoding (PS3.5 §6.2 Table 6.2-1), written out here independently of the library's own
# tables so that a mistake there cannot hide in files made with it.
_TEXT_VRS = set("AE AS CS DA DS DT IS LO LT PN SH ST TM UC UR UT".split())
_NUMBER_FORMATS = {"US": "H", "SS": "h", "UL": "I", "SL": "i", "FL": "f", "FD": "d", "OW": "H"}
_LONG_LENGTH_VRS = set("OB OD OF OL OV OW SQ SV UC UN UR UT UV".split())  # PS3.5 Table 7.1-1


class Encoding:
    """Explicit or implicit VR, little or big endian (PS3.5 §7.1, §7.3)."""

    def __init__(self, explicit_vr: bool, little_endian: bool):
        self.explicit_vr = explicit_vr
        self.little_endian = little_endian
        self.order = "<" if little_endian else ">"


EXPLICIT = Encoding(True, True)
IMPLICIT = Encoding(False, True)
BIG = Encoding(True, False)


def encode_value(vr: str, value, enc: Encoding) -> bytes:
    """The bytes of a value: text joined with backslashes and padded to even length (PS3.5
    §6.2, §6.4: spaces, NUL for UI), numbers packed in the byte order, bytes padded with NUL."""
    if isinstance(value, bytes):
        raw = value
    elif vr in _TEXT_VRS or vr == "UI":
        values = [value] if isinstance(value, str) else list(value)
        raw = "\\".join(values).encode("latin-1")
    elif vr in _NUMBER_FORMATS:
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        raw = struct.pack(f"{enc.order}{len(values)}{_NUMBER_FORMATS[vr]}", *values)
    else:
        raise TypeError(f"no encoding for {vr} {value!r}")
    if len(raw) % 2:
        raw += b"\0" if vr in ("UI", "OB", "UN") or vr not in _TEXT_VRS else b" "
    return raw


def element(tag: int, vr: str, value, enc: Encoding = EXPLICIT) -> bytes:
    """One data element with a defined length, built by ``layouts.data_element``."""
    raw = encode_value(vr, value, enc)
    return build_element(tag, vr, len(raw), raw, enc)


def build_element(tag: int, vr: str, length: int, raw: bytes, enc: Encoding) -> bytes:
    """``layouts.data_element`` with a given header length (equal to ``len(raw)`` when valid)."""
    header = Container(group=tag >> 16, element=tag & 0xFFFF, length=length)
    if enc.explicit_vr:
        header.VR = vr.encode("ascii")
        header.reserved = b"\0\0"
    return layouts.data_element(enc.explicit_vr, enc.little_endian).build(
        Container(header=header, value=raw)
    )


def header(
    tag: int, vr: str, length: int, enc: Encoding = EXPLICIT, long_length: bool | None = None
) -> bytes:
    """An element header alone (PS3.5 Tables 7.1-1 to 7.1-3), for undefined-length values;
    ``long_length`` chooses the explicit VR form for a VR that Table 7.1-1 does not list."""
    explicit = enc.explicit_vr
    if long_length is None:
        long_length = vr in _LONG_LENGTH_VRS
    fields = Container(group=tag >> 16, element=tag & 0xFFFF, length=length)
    if explicit:
        fields.VR = vr.encode("ascii")
        fields.reserved = b"\0\0"
    return layouts.element_header(explicit, enc.little_endian, long_length).build(fields)


def marker(tag: int, enc: Encoding = EXPLICIT, length: int = 0) -> bytes:
    """An Item, Item Delimitation or Sequence Delimitation header (PS3.5 §7.5, Table 7.5-1..3)."""
    return layouts.item_header(enc.little_endian).build(
        Container(group=tag >> 16, element=tag & 0xFFFF, length=length)
    )


def item(content: bytes, enc: Encoding = EXPLICIT, undefined: bool = False) -> bytes:
    """A sequence item (PS3.5 §7.5.1): defined length via ``layouts.item``, or an undefined
    length closed by an Item Delimitation Item."""
    if undefined:
        return marker(ITEM, enc, UNDEFINED_LENGTH) + content + marker(ITEM_DELIMITATION, enc)
    return layouts.item(enc.explicit_vr, enc.little_endian).build(
        Container(
            header=Container(group=0xFFFE, element=0xE000, length=len(content)), value=content
        )
    )


def sequence(
    tag: int,
    items: list[bytes],
    enc: Encoding = EXPLICIT,
    undefined: bool = False,
    undefined_items: bool = False,
    vr: str = "SQ",
) -> bytes:
    """A sequence element (PS3.5 §7.5.2): defined length, or undefined length closed by a
    Sequence Delimitation Item; its items defined or undefined length (Table 7.5-1..3)."""
    value = b"".join(item(content, enc, undefined_items) for content in items)
    if undefined:
        return header(tag, vr, UNDEFINED_LENGTH, enc) + value + marker(SEQUENCE_DELIMITATION, enc)
    return build_element(tag, vr, len(value), value, enc)


def encapsulated_pixel_data(fragments: list[bytes], offsets: bytes = b"") -> bytes:
    """(7FE0,0010) OB of undefined length: Basic Offset Table item, fragments, Sequence
    Delimitation Item (PS3.5 §A.4, Table A.4-1), built by ``layouts.encapsulated_pixel_data``."""
    value = layouts.encapsulated_pixel_data(True).build(
        Container(
            offset_table=Container(length=len(offsets), value=offsets),
            fragments=[Container(length=len(f), value=f) for f in fragments],
        )
    )
    return header(0x7FE00010, "OB", UNDEFINED_LENGTH) + value + marker(SEQUENCE_DELIMITATION)


def file_meta(
    transfer_syntax: str, sop_class: str, sop_instance: str, enc: Encoding = EXPLICIT
) -> bytes:
    """The File Meta Information (PS3.10 §7.1, Table 7.1-1), explicit VR little endian (any
    other ``enc`` breaks PS3.10 §7.1 on purpose), with its group length (0002,0000) counting
    the bytes after it."""
    body = b"".join(
        [
            element(0x00020001, "OB", b"\x00\x01", enc),
            element(0x00020002, "UI", sop_class, enc),
            element(0x00020003, "UI", sop_instance, enc),
            element(0x00020010, "UI", transfer_syntax, enc),
            element(0x00020012, "UI", IMPLEMENTATION_CLASS, enc),
            element(0x00020013, "SH", IMPLEMENTATION_VERSION, enc),
        ]
    )
    return element(0x00020000, "UL", len(body), enc) + body


def preamble() -> bytes:
    """The 128-byte preamble (all zero, PS3.10 §7.1) and 'DICM', by ``layouts.file_preamble``."""
    return layouts.file_preamble.build(Container(preamble=bytes(128)))


def part10(transfer_syntax: str, sop_class: str, sop_instance: str, data_set: bytes) -> bytes:
    return preamble() + file_meta(transfer_syntax, sop_class, sop_instance) + data_set


def deflate(data_set: bytes) -> bytes:
    """A raw deflate stream of the data set (PS3.5 §A.5), by ``layouts.deflated_data_set``."""
    return layouts.deflated_data_set.build(data_set)


def image_pixel_module(
    rows: int, columns: int, bits: int, enc: Encoding = EXPLICIT, spacing: list[str] | None = None
) -> bytes:
    """Image Pixel Module attributes for a monochrome image (PS3.3 §C.7.6.3), with Pixel
    Spacing (0028,0030) in its place in ascending tag order (PS3.5 §7.1) when given."""
    return b"".join(
        [
            element(0x00280002, "US", 1, enc),
            element(0x00280004, "CS", "MONOCHROME2", enc),
            element(0x00280010, "US", rows, enc),
            element(0x00280011, "US", columns, enc),
            element(0x00280030, "DS", spacing, enc) if spacing else b"",
            element(0x00280100, "US", bits, enc),
            element(0x00280101, "US", 12 if bits == 16 else bits, enc),
            element(0x00280102, "US", 11 if bits == 16 else bits - 1, enc),
            element(0x00280103, "US", 0, enc),
        ]
    )


# ---------------------------------------------------------------------------------------------
# The files. Each builder returns (bytes, expectation); the expectation's offsets are computed
# from the parts, so they follow the layouts rather than being counted by hand.
FILES: dict[str, Callable[[], tuple[bytes, dict]]] = {}


def test_file(name: str):
    def register(builder):
        FILES[name] = builder
        return builder

    return register


def inspected(problems=(), recovered=()) -> dict:
    """What ``dicomconstruct inspect`` must report: each problem as [kind, offset] (offsets in
    the inflated data for a deflated file), and tags that must be recovered somewhere."""
    return {
        "problems": [[kind, offset] for kind, offset in problems],
        "recovered": [f"({tag >> 16:04X},{tag & 0xFFFF:04X})" for tag in recovered],
    }


def ok(
    description: str, warns: bool = False, force: bool = False, problems=(), recovered=()
) -> dict:
    return {
        "description": description,
        "read": "ok",
        "warns": warns,
        "force": force,
        "access_error": False,
        "inspect": inspected(problems, recovered),
    }


def error(
    description: str,
    error: str,
    offset: int,
    path_contains: str,
    warns: bool = False,
    force: bool = False,
    access_error: bool = False,
    problems=(),
    recovered=(),
) -> dict:
    return {
        "description": description,
        "read": "error",
        "error": error,
        "offset": offset,
        "path_contains": path_contains,
        "warns": warns,
        "force": force,
        "access_error": access_error,
        "inspect": inspected(problems, recovered),
    }


def ct_data_set() -> bytes:
    """A small CT-like data set: nested defined-length sequences, a GE private block, a
    multi-valued DS, a PN, 2x2 16-bit pixels (PS3.3 §A.3 CT Image IOD, trimmed)."""
    code = [
        element(0x00080100, "SH", "CTCHEST"),  # Code Value
        element(0x00080102, "SH", "99LOCAL"),  # Coding Scheme Designator
        element(0x00080104, "LO", "Chest CT"),  # Code Meaning
    ]
    equivalent = sequence(0x00080121, [b"".join(code)])  # Equivalent Code Sequence
    procedure = [
        element(0x00080100, "SH", "P5-0905E"),
        element(0x00080102, "SH", "SRT"),
        element(0x00080104, "LO", "CT of chest"),
        equivalent,
    ]
    return b"".join(
        [
            element(0x00080005, "CS", "ISO_IR 100"),
            element(0x00080008, "CS", ["ORIGINAL", "PRIMARY", "AXIAL"]),
            element(0x00080016, "UI", CT_IMAGE),
            element(0x00080018, "UI", uid(1)),
            element(0x00080020, "DA", "20240102"),
            element(0x00080060, "CS", "CT"),
            sequence(0x00081032, [b"".join(procedure)]),  # Procedure Code Sequence
            element(0x00100010, "PN", "Doe^John"),
            element(0x00100020, "LO", "ID0001"),
            element(0x00180050, "DS", "2.5"),
            element(0x0020000D, "UI", uid(2)),
            element(0x0020000E, "UI", uid(3)),
            element(0x00200032, "DS", ["-125.0", "-125.0", "50.5"]),
            element(0x00200037, "DS", ["1", "0", "0", "0", "1", "0"]),
            image_pixel_module(2, 2, 16, spacing=["0.5", "0.5"]),
            # PS3.5 §7.8.1: block 10 of group 0043 reserved by GEMS_PARM_01, then its 4E.
            element(0x00430010, "LO", "GEMS_PARM_01"),
            element(0x0043104E, "FL", 10.5),
            element(0x7FE00010, "OW", [0, 100, 200, 4095]),
        ]
    )


@test_file("explicit_le.dcm")
def explicit_le():
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(1), ct_data_set())
    return data, ok(
        "Explicit VR Little Endian CT-like file: nested defined-length sequences, GEMS_PARM_01 "
        "private block with (0043,104E) FL, multi-valued DS, PN, 2x2 16-bit pixels"
    )


def mr_data_set(enc: Encoding) -> bytes:
    """A small MR-like data set with a defined-length sequence, in any encoding."""
    referenced = [
        element(0x00081150, "UI", MR_IMAGE, enc),
        element(0x00081155, "UI", uid(12), enc),
    ]
    return b"".join(
        [
            element(0x00080005, "CS", "ISO_IR 100", enc),
            element(0x00080016, "UI", MR_IMAGE, enc),
            element(0x00080018, "UI", uid(11), enc),
            element(0x00080060, "CS", "MR", enc),
            sequence(0x00081140, [b"".join(referenced)], enc),  # Referenced Image Sequence
            element(0x00100010, "PN", "Smith^Jane", enc),
            element(0x00100020, "LO", "ID0002", enc),
            element(0x00100030, "DA", "19700101", enc),
            element(0x00180050, "DS", "5", enc),
            element(0x00189306, "FD", 0.625, enc),  # Single Collimation Width
            element(0x00200013, "IS", "7", enc),
            image_pixel_module(2, 2, 16, enc, spacing=["0.9375", "0.9375"]),
            element(0x00281050, "DS", ["40", "400"], enc),  # Window Center
            element(0x7FE00010, "OW", [1, 2, 258, 65535], enc),
        ]
    )


@test_file("implicit_le.dcm")
def implicit_le():
    data = part10(IMPLICIT_LE, MR_IMAGE, uid(11), mr_data_set(IMPLICIT))
    return data, ok(
        "Implicit VR Little Endian MR-like file with a defined-length sequence; VRs come from "
        "the dictionary (PS3.5 §7.1.3), Pixel Data's 'OB or OW' resolves to OW"
    )


@test_file("explicit_be.dcm")
def explicit_be():
    data = part10(EXPLICIT_BE, MR_IMAGE, uid(11), mr_data_set(BIG))
    return data, ok(
        "Explicit VR Big Endian (retired, PS3.5 §A.3) MR-like file: US, FD, OW and item "
        "headers big endian, File Meta Information still little endian"
    )


@test_file("deflated.dcm")
def deflated():
    content = b"".join(
        [
            element(0x0040A040, "CS", "TEXT"),  # Value Type
            element(0x0040A160, "UT", "No acute findings. " * 4),  # Text Value
        ]
    )
    data_set = b"".join(
        [
            element(0x00080016, "UI", BASIC_TEXT_SR),
            element(0x00080018, "UI", uid(21)),
            element(0x00080060, "CS", "SR"),
            element(0x00100010, "PN", "Roe^Richard"),
            element(0x0040A040, "CS", "CONTAINER"),
            sequence(0x0040A730, [content, content]),  # Content Sequence
        ]
    )
    data = part10(DEFLATED_LE, BASIC_TEXT_SR, uid(21), deflate(data_set))
    return data, ok(
        "Deflated Explicit VR Little Endian (PS3.5 §A.5): meta plain, the data set one raw "
        "deflate stream holding a short SR with a Content Sequence"
    )


JPEG_FRAGMENTS = [
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",  # SOI and the start of an APP0 segment
    b"\x01\x01\x00\x48\x00\x48\x00\x00\xff\xd9",  # the rest, then EOI
]


def sc_data_set(pixel_data: bytes) -> bytes:
    return b"".join(
        [
            element(0x00080016, "UI", SC_IMAGE),
            element(0x00080018, "UI", uid(31)),
            element(0x00080060, "CS", "OT"),
            element(0x00100010, "PN", "Poe^Edgar"),
            image_pixel_module(8, 8, 8),
            pixel_data,
        ]
    )


@test_file("encapsulated.dcm")
def encapsulated():
    data_set = sc_data_set(encapsulated_pixel_data(JPEG_FRAGMENTS))
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(31), data_set)
    return data, ok(
        "JPEG Baseline transfer syntax with encapsulated Pixel Data (PS3.5 §A.4): empty Basic "
        "Offset Table, 2 fragments, Sequence Delimitation Item; the value keeps its items"
    )


def referenced_series(nested_undefined: bool) -> list[bytes]:
    """Two Referenced Series Sequence items (PS3.3 §C.4.23), the first holding a Referenced
    Instance Sequence of undefined or defined length (tags ascending, PS3.5 §7.1)."""
    instance = b"".join([element(0x00081150, "UI", CT_IMAGE), element(0x00081155, "UI", uid(42))])
    nested = sequence(
        0x0008114A, [instance], undefined=nested_undefined, undefined_items=nested_undefined
    )
    return [
        nested + element(0x0020000E, "UI", uid(41)),
        element(0x0020000E, "UI", uid(43)),
    ]


@test_file("undefined_length_sq.dcm")
def undefined_length_sq():
    series = referenced_series(True)
    data_set = b"".join(
        [
            element(0x00080016, "UI", CT_IMAGE),
            element(0x00080018, "UI", uid(40)),
            # An empty undefined-length sequence: just the Sequence Delimitation Item.
            sequence(0x00081110, [], undefined=True),  # Referenced Study Sequence
            # Undefined-length sequence: item 0 of undefined length, item 1 of defined length.
            header(0x00081115, "SQ", UNDEFINED_LENGTH)
            + item(series[0], undefined=True)
            + item(series[1])
            + marker(SEQUENCE_DELIMITATION),
            element(0x00100010, "PN", "Doe^Jane"),
        ]
    )
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(40), data_set)
    return data, ok(
        "Undefined-length sequences (PS3.5 §7.5.2): an empty one, one with an undefined-length "
        "item (nested undefined-length sequence inside) and a defined-length item, delimiters"
    )


@test_file("defined_sq_in_undefined_item.dcm")
def defined_sq_in_undefined_item():
    series = referenced_series(False)
    data_set = b"".join(
        [
            element(0x00080016, "UI", CT_IMAGE),
            element(0x00080018, "UI", uid(44)),
            # Undefined-length sequence and items, the first item holding a defined-length
            # sequence: the commonest mix in real files (PS3.5 §7.5.2 allows any).
            sequence(0x00081115, series, undefined=True, undefined_items=True),
            element(0x00100010, "PN", "Doe^Jane"),
        ]
    )
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(44), data_set)
    return data, ok(
        "Undefined-length (0008,1115) whose undefined-length item 0 holds a defined-length "
        "(0008,114A) sequence (parsed lazily, from inside an eagerly read item)"
    )


@test_file("un_undefined_length.dcm")
def un_undefined_length():
    # PS3.5 §6.2.2 (CP-246): a sequence relabelled UN keeps its undefined length, and its
    # content is implicit VR little endian whatever the transfer syntax of the file.
    series = [
        element(0x0020000E, "UI", uid(41), IMPLICIT),
        element(0x0020000E, "UI", uid(43), IMPLICIT),
    ]
    un_sequence = (
        header(0x00081115, "UN", UNDEFINED_LENGTH)  # explicit VR header, VR UN
        + b"".join(item(content, IMPLICIT, undefined=True) for content in series)
        + marker(SEQUENCE_DELIMITATION, IMPLICIT)
    )
    data_set = b"".join(
        [
            element(0x00080016, "UI", CT_IMAGE),
            element(0x00080018, "UI", uid(50)),
            un_sequence,
            element(0x00100010, "PN", "Doe^Jim"),
        ]
    )
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(50), data_set)
    return data, ok(
        "Explicit VR file with (0008,1115) written as UN of undefined length holding an "
        "implicit VR LE sequence (PS3.5 §6.2.2, CP-246): reads as a sequence of 2 items"
    )


@test_file("private_sq.dcm")
def private_sq():
    # Implicit VR, so a private element's VR comes from the private dictionary of its block's
    # creator (PS3.5 §7.8.1): (0021,1000) of "BRIT Systems, Inc." is an SQ there.
    person = b"".join(
        [
            element(0x00100010, "PN", "Doe^Jack", IMPLICIT),
            element(0x00100020, "LO", "ID0009", IMPLICIT),
        ]
    )
    # A private sequence no dictionary knows, of undefined length: a sequence because its
    # value starts with an Item (as pydicom decides), with a private block inside its item.
    inner = b"".join(
        [
            element(0x00290010, "LO", "DICOMCONSTRUCT TEST", IMPLICIT),
            element(0x00291001, "LO", "inner value", IMPLICIT),
        ]
    )
    data_set = b"".join(
        [
            element(0x00080016, "UI", CT_IMAGE, IMPLICIT),
            element(0x00080018, "UI", uid(60), IMPLICIT),
            element(0x00210010, "LO", "BRIT Systems, Inc.", IMPLICIT),
            sequence(0x00211000, [person], IMPLICIT),
            element(0x00290010, "LO", "DICOMCONSTRUCT TEST", IMPLICIT),
            sequence(0x00291010, [inner], IMPLICIT, undefined=True, undefined_items=True),
        ]
    )
    data = part10(IMPLICIT_LE, CT_IMAGE, uid(60), data_set)
    return data, ok(
        "Implicit VR file with private sequences: a defined-length one whose VR comes from the "
        "private dictionary ('BRIT Systems, Inc.' (0021,1000)), an unknown undefined-length one"
    )


def bare_data_set() -> bytes:
    return b"".join(
        [
            element(0x00080016, "UI", CT_IMAGE, IMPLICIT),
            element(0x00080018, "UI", uid(70), IMPLICIT),
            element(0x00080060, "CS", "CT", IMPLICIT),
            element(0x00100010, "PN", "Doe^Joe", IMPLICIT),
            element(0x00100020, "LO", "ID0007", IMPLICIT),
        ]
    )


@test_file("no_preamble.dcm")
def no_preamble():
    return bare_data_set(), ok(
        "A bare implicit VR LE data set: no preamble, no 'DICM', no File Meta Information "
        "(PS3.10 §7.1 not followed); reads only with force=True",
        force=True,
        problems=[("prefix-missing", 0)],
    )


@test_file("meta_explicit_data_implicit.dcm")
def meta_explicit_data_implicit():
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(70), bare_data_set())
    return data, ok(
        "Meta says Explicit VR Little Endian but the data set is implicit VR: read as it is "
        "written, with a warning (as pydicom does)",
        warns=True,
        problems=[("transfer-syntax-mismatch", len(data) - len(bare_data_set()))],
    )


DEFERRED_PIXELS = bytes(range(256)) * 4  # 32 x 32 pixels of 8 bits


@test_file("deferred.dcm")
def deferred():
    data_set = b"".join(
        [
            element(0x00080016, "UI", SC_IMAGE),
            element(0x00080018, "UI", uid(80)),
            element(0x00100010, "PN", "Doe^Defer"),
            image_pixel_module(32, 32, 8),
            element(0x7FE00010, "OB", DEFERRED_PIXELS),
        ]
    )
    data = part10(EXPLICIT_LE, SC_IMAGE, uid(80), data_set)
    return data, ok(
        "One 1024-byte OB Pixel Data value after small elements: with defer_size below 1024 "
        "the value stays in the file until accessed"
    )


# ---------------------------------------------------------------------------------------------
# Malformed files. Expected offsets are where the faulty structure starts (an element or item
# header), or the end of the data where a required delimiter is missing.
def small_data_set() -> list[bytes]:
    return [
        element(0x00080016, "UI", CT_IMAGE),
        element(0x00080018, "UI", uid(90)),
        element(0x00080060, "CS", "CT"),
    ]


def broken_file(parts_before: list[bytes], fault: bytes, after: bytes = b"") -> tuple[bytes, int]:
    """A Part 10 file whose data set is ``parts_before``, then ``fault`` (starting at the
    returned offset), then ``after``."""
    head = part10(EXPLICIT_LE, CT_IMAGE, uid(90), b"".join(parts_before))
    return head + fault + after, len(head)


@test_file("value_length_past_end.dcm")
def value_length_past_end():
    # Hand-assembled: the layout cannot build a length of 100 with 8 value bytes.
    fault = header(0x00100010, "PN", 100) + b"Doe^John"
    data, offset = broken_file(small_data_set(), fault)
    return data, error(
        "Last element (0010,0010) PN declares 100 bytes, 8 remain (PS3.5 §7.1.1)",
        "TruncatedDataError",
        offset,
        "(0010,0010) PN / value",
        problems=[("value-cut-off", offset)],
    )


@test_file("header_cut_off.dcm")
def header_cut_off():
    # Hand-assembled: the file ends 3 bytes into an element header (PS3.5 Table 7.1-2).
    data, offset = broken_file(small_data_set(), header(0x00100020, "LO", 6)[:3])
    return data, error(
        "The file ends 3 bytes into the header of (0010,0020)",
        "TruncatedDataError",
        offset,
        "element header",
        problems=[("header-cut-off", offset)],
    )


@test_file("item_overruns_sequence.dcm")
def item_overruns_sequence():
    content = b"".join([element(0x00081150, "UI", CT_IMAGE), element(0x00081155, "UI", uid(91))])
    # Hand-assembled item: its length says 10 bytes more than the sequence holds
    # (PS3.5 §7.5.1); the sequence element around it is built by the layout.
    broken_item = marker(ITEM, length=len(content) + 10) + content
    before = small_data_set()
    seq_header_pos = len(part10(EXPLICIT_LE, CT_IMAGE, uid(90), b"".join(before)))
    item_pos = seq_header_pos + 12  # explicit VR SQ header, PS3.5 Table 7.1-1
    data, _ = broken_file(
        before,
        build_element(0x00081140, "SQ", len(broken_item), broken_item, EXPLICIT),
        element(0x00100010, "PN", "Doe^John") + element(0x00100020, "LO", "ID0001"),
    )
    return data, error(
        "Defined-length (0008,1140) SQ whose item 0 declares 10 bytes more than the sequence "
        "holds; surfaces when the sequence is parsed (on access)",
        "TruncatedDataError",
        item_pos,
        "(0008,1140) SQ / item 0 / item header / length",
        access_error=True,
        # Inspection reads the item up to the end of its sequence, then the elements after.
        problems=[("item-overruns-sequence", item_pos)],
        recovered=[0x00081155, 0x00100010, 0x00100020],
    )


@test_file("sq_missing_delimiter.dcm")
def sq_missing_delimiter():
    content = element(0x0020000E, "UI", uid(92))
    # Hand-assembled: the undefined-length sequence is never closed (PS3.5 §7.5.2).
    fault = header(0x00081115, "SQ", UNDEFINED_LENGTH) + item(content, undefined=True)
    data, _ = broken_file(small_data_set(), fault)
    return data, error(
        "Undefined-length (0008,1115) SQ with one whole item, then the end of the file "
        "instead of its Sequence Delimitation Item",
        "TruncatedDataError",
        len(data),
        "(0008,1115) SQ / sequence delimiter",
        problems=[("missing-sequence-delimiter", len(data))],
        recovered=[0x0020000E],
    )


@test_file("item_missing_delimiter.dcm")
def item_missing_delimiter():
    content = element(0x0020000E, "UI", uid(93))
    # Hand-assembled: an undefined-length item without its Item Delimitation Item, so the
    # Sequence Delimitation Item turns up among the item's elements (PS3.5 §7.5.2).
    opening = header(0x00081115, "SQ", UNDEFINED_LENGTH) + marker(ITEM, length=UNDEFINED_LENGTH)
    data, offset = broken_file(
        small_data_set(),
        opening + content + marker(SEQUENCE_DELIMITATION),
        element(0x00100010, "PN", "Doe^John"),
    )
    return data, error(
        "Undefined-length item 0 of (0008,1115) has no Item Delimitation Item: the Sequence "
        "Delimitation Item comes where its next element or delimiter should be",
        "DicomError",
        offset + len(opening) + len(content),
        "(0008,1115) SQ / item 0 / (FFFE,E0DD)",
        problems=[("missing-item-delimiter", offset + len(opening) + len(content))],
        recovered=[0x0020000E, 0x00100010],
    )


@test_file("stray_sequence_delimiter.dcm")
def stray_sequence_delimiter():
    # Hand-assembled: a Sequence Delimitation Item with no sequence open (PS3.5 §7.5.2).
    data, offset = broken_file(
        small_data_set(), marker(SEQUENCE_DELIMITATION), element(0x00100010, "PN", "Doe^John")
    )
    return data, error(
        "A Sequence Delimitation Item among the top-level elements, no sequence open",
        "DicomError",
        offset,
        "dataset / (FFFE,E0DD)",
        problems=[("stray-delimiter", offset)],
        recovered=[0x00100010],
    )


@test_file("encapsulated_missing_delimiter.dcm")
def encapsulated_missing_delimiter():
    # Hand-assembled: the encapsulated value is not closed by its Sequence Delimitation Item
    # (PS3.5 §A.4); the items themselves are built by the layout.
    value = layouts.encapsulated_pixel_data(True).build(
        Container(
            offset_table=Container(length=0, value=b""),
            fragments=[Container(length=len(f), value=f) for f in JPEG_FRAGMENTS],
        )
    )
    data_set = sc_data_set(header(0x7FE00010, "OB", UNDEFINED_LENGTH) + value)
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(94), data_set)
    return data, error(
        "Encapsulated Pixel Data (offset table + 2 fragments) that ends with the file, "
        "without its Sequence Delimitation Item",
        "TruncatedDataError",
        len(data),
        "(7FE0,0010) OB / fragment",
        problems=[("missing-sequence-delimiter", len(data))],
    )


def one_fragment_opening() -> bytes:
    """The start of an encapsulated (7FE0,0010) OB of undefined length: its header, an empty
    Basic Offset Table and the first JPEG fragment (PS3.5 §A.4), for a second, faulty one."""
    value = layouts.encapsulated_pixel_data(True).build(
        Container(
            offset_table=Container(length=0, value=b""),
            fragments=[Container(length=len(JPEG_FRAGMENTS[0]), value=JPEG_FRAGMENTS[0])],
        )
    )
    return header(0x7FE00010, "OB", UNDEFINED_LENGTH) + value


@test_file("fragment_length_past_end.dcm")
def fragment_length_past_end():
    # Hand-assembled: the second fragment says 1000 bytes, 10 follow (PS3.5 §A.4).
    opening = one_fragment_opening()
    fault = marker(ITEM, length=1000) + JPEG_FRAGMENTS[1]
    data_set = sc_data_set(opening + fault)
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(95), data_set)
    return data, error(
        "Encapsulated Pixel Data whose second fragment declares 1000 bytes, 10 remain",
        "TruncatedDataError",
        len(data) - len(fault),
        "(7FE0,0010) OB / fragment 1 / length",
        # 1000 bytes is more than the whole file; the delimiter is missing with the rest.
        problems=[
            ("length-past-eof", len(data) - len(fault)),
            ("missing-sequence-delimiter", len(data)),
        ],
    )


@test_file("fragment_undefined_length.dcm")
def fragment_undefined_length():
    # Hand-assembled: the second fragment's Item has undefined length, which PS3.5 §A.4 does
    # not allow (fragments are defined-length Items); its bytes and the delimiter follow.
    opening = one_fragment_opening()
    fault = marker(ITEM, length=UNDEFINED_LENGTH) + JPEG_FRAGMENTS[1]
    data_set = sc_data_set(opening + fault + marker(SEQUENCE_DELIMITATION))
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(123), data_set)
    return data, error(
        "Encapsulated Pixel Data whose second fragment has undefined length (PS3.5 §A.4)",
        "TruncatedDataError",
        len(data) - len(fault) - 8,
        "(7FE0,0010) OB / fragment 1 / length",
        problems=[("undefined-fragment", len(data) - len(fault) - 8)],
    )


NESTING = 200
# filereader.MAX_NESTING_DEPTH: 128 nested sequences are read, the 129th (index 128) refused.
NESTING_LIMIT = 128


@test_file("nesting_too_deep.dcm")
def nesting_too_deep():
    # Content Sequences (0040,A730) nested 200 deep, implicit VR, undefined lengths (read
    # eagerly). Built from the inside out with the header layouts, since construct's own
    # recursion would need thousands of Python frames. It is legal DICOM (PS3.5 §7.5 sets
    # no limit); the reader refuses more than filereader.MAX_NESTING_DEPTH = 128 levels.
    opening = header(0x0040A730, "SQ", UNDEFINED_LENGTH, IMPLICIT) + marker(
        ITEM, IMPLICIT, UNDEFINED_LENGTH
    )
    closing = marker(ITEM_DELIMITATION, IMPLICIT) + marker(SEQUENCE_DELIMITATION, IMPLICIT)
    innermost = element(0x0040A160, "UT", "deep", IMPLICIT)
    nested = opening * NESTING + innermost + closing * NESTING
    head_parts = [
        element(0x00080016, "UI", BASIC_TEXT_SR, IMPLICIT),
        element(0x00080018, "UI", uid(96), IMPLICIT),
    ]
    head = part10(IMPLICIT_LE, BASIC_TEXT_SR, uid(96), b"".join(head_parts))
    return head + nested, error(
        f"Content Sequences nested {NESTING} deep (undefined lengths, implicit VR): refused at "
        "the 129th level instead of exhausting the Python stack",
        "NestingTooDeepError",
        len(head) + NESTING_LIMIT * len(opening),
        "(0040,A730) SQ",
        # Inspection is bounded as the reader is: the 129th level is stepped over (counted to
        # its delimiter, not listed), so the innermost element is not among its tokens.
        problems=[("nesting-too-deep", len(head) + NESTING_LIMIT * len(opening))],
        recovered=[0x00080018],
    )


@test_file("nesting_too_deep_defined.dcm")
def nesting_too_deep_defined():
    # As nesting_too_deep.dcm, but every sequence and item of defined length: each sequence
    # is parsed when its value is first accessed, so the limit is met on access. Built from
    # the inside out by layouts.data_element and layouts.item, one level at a time.
    nested = element(0x0040A160, "UT", "deep", IMPLICIT)
    for _ in range(NESTING):
        nested = sequence(0x0040A730, [nested], IMPLICIT)
    head_parts = [
        element(0x00080016, "UI", BASIC_TEXT_SR, IMPLICIT),
        element(0x00080018, "UI", uid(100), IMPLICIT),
    ]
    head = part10(IMPLICIT_LE, BASIC_TEXT_SR, uid(100), b"".join(head_parts))
    level = 8 + 8  # implicit VR SQ header (PS3.5 Table 7.1-3) and item header (Table 7.5-1)
    return head + nested, error(
        f"Content Sequences nested {NESTING} deep, all of defined length (implicit VR): the "
        "129th level is refused when the 128th item's value is parsed (on access); the offset "
        "is that sequence's element header, as for nesting_too_deep.dcm",
        "NestingTooDeepError",
        len(head) + NESTING_LIMIT * level,
        "(0040,A730) SQ",
        access_error=True,
        problems=[("nesting-too-deep", len(head) + NESTING_LIMIT * level)],
        recovered=[0x00080018],  # the 129th level is stepped over by its length
    )


@test_file("deflate_corrupt.dcm")
def deflate_corrupt():
    # Hand-assembled: 0xFF opens a final block of the reserved type 11 (RFC 1951 §3.2.3),
    # which no inflater accepts.
    head = preamble() + file_meta(DEFLATED_LE, BASIC_TEXT_SR, uid(97))
    return head + b"\xff" * 16, error(
        "Deflated syntax whose stream opens with a reserved block type (RFC 1951 §3.2.3)",
        "DicomError",
        len(head),
        "deflated data set",
        problems=[("deflate-corrupt", len(head))],
    )


@test_file("deflate_garbage.dcm")
def deflate_garbage():
    head = preamble() + file_meta(DEFLATED_LE, BASIC_TEXT_SR, uid(98))
    # A valid raw deflate stream (built by the layout) of 16 bytes that are no data set.
    return head + deflate(b"not a data set!!"), error(
        "Deflated syntax whose stream inflates to 16 bytes of text: no VR, so read as implicit "
        "(warning); the first 'length' is absurd. Offset counts in the inflated data",
        "TruncatedDataError",
        0,
        "deflated data set / dataset",
        warns=True,
        # 'a ' is no VR: both read the data set as implicit VR (transfer-syntax-mismatch, as
        # pydicom), whose first length 'a da' passes the 16 bytes.
        problems=[("transfer-syntax-mismatch", 0), ("length-past-eof", 0)],
    )


@test_file("missing_dicm.dcm")
def missing_dicm():
    # Hand-assembled: the preamble is followed directly by the meta, no 'DICM' (PS3.10 §7.1).
    data = bytes(128) + file_meta(EXPLICIT_LE, CT_IMAGE, uid(99)) + b"".join(small_data_set())
    return data, error(
        "128-byte preamble then the File Meta Information without the 'DICM' prefix: not a "
        "DICOM file without force (the fault is where the prefix should be, at byte 128)",
        "InvalidDicomError",
        128,
        "prefix",
        problems=[("prefix-missing", 128)],
        recovered=[0x00020010, 0x00080060],
    )


@test_file("shorter_than_preamble.dcm")
def shorter_than_preamble():
    # Hand-assembled: the first 100 bytes of a 128-byte preamble, nothing else.
    return bytes(100), error(
        "100 zero bytes, shorter than the 128-byte preamble (PS3.10 §7.1)",
        "InvalidDicomError",
        0,
        "prefix",
        # Read as a bare data set: one (0000,0000) element, then zeros going nowhere.
        # The zeros read as (0000,0000) elements of length 0 (as the strict reader with force
        # reads them), until a header is cut off at byte 96.
        problems=[("prefix-missing", 0)]
        + [("duplicate-tag", offset) for offset in range(8, 96, 8)]
        + [("header-cut-off", 96)],
    )


@test_file("empty.dcm")
def empty():
    return b"", error(
        "An empty file", "InvalidDicomError", 0, "prefix", problems=[("prefix-missing", 0)]
    )


@test_file("huge_length.dcm")
def huge_length():
    # Hand-assembled: an OB value length of 0xFFFFFFF0 (PS3.5 Table 7.1-1) with 4 bytes after
    # it. Must fail at once, without allocating ~4 GB.
    fault = header(0x00420011, "OB", 0xFFFFFFF0) + b"\0\0\0\0"
    data, offset = broken_file(small_data_set(), fault)
    return data, error(
        "(0042,0011) OB declares a length of 0xFFFFFFF0 with 4 bytes left: fails fast, no "
        "huge allocation",
        "TruncatedDataError",
        offset,
        "(0042,0011) OB / value",
        problems=[("length-past-eof", offset)],
    )


@test_file("odd_vr_bytes.dcm")
def odd_vr_bytes():
    # Hand-assembled: the VR bytes are 01H 02H, not two upper-case letters (PS3.5 §6.2). The
    # reader takes such an element as implicit VR (warning), so its 4-byte length is
    # 01 02 06 00 = 0x00060201, far past the end.
    fault = b"\x10\x00\x20\x00" + b"\x01\x02" + struct.pack("<H", 6) + b"ID0003"
    data, offset = broken_file(small_data_set(), fault)
    return data, error(
        "(0010,0020) with VR bytes 01H 02H: read as implicit VR with a warning, then its "
        "length runs past the end",
        "TruncatedDataError",
        offset,
        "dataset / (0010,0020)",
        warns=True,
        problems=[("invalid-vr", offset), ("length-past-eof", offset)],
    )


# ---------------------------------------------------------------------------------------------
# More faults, for the inspection tool (dicomconstruct inspect): each names the problem kind and
# offset that inspection must report, and the tags it must still recover after the fault.
@test_file("odd_length.dcm")
def odd_length():
    # Hand-assembled: 'Doe^Joe' written with its odd length 7, unpadded (PS3.5 §7.1.1).
    fault = build_element(0x00100010, "PN", 7, b"Doe^Joe", EXPLICIT)
    data, offset = broken_file(small_data_set(), fault, element(0x00100020, "LO", "ID0010"))
    return data, ok(
        "(0010,0010) PN of odd length 7 (PS3.5 §7.1.1 wants even): readers take it as it is",
        problems=[("odd-length", offset)],
        recovered=[0x00100020],
    )


@test_file("meta_group_length_wrong.dcm")
def meta_group_length_wrong():
    meta = file_meta(EXPLICIT_LE, CT_IMAGE, uid(101))
    # Hand-assembled: (0002,0000) says 10 bytes more than the group holds (PS3.10 §7.1).
    wrong = element(0x00020000, "UL", len(meta) - 12 + 10) + meta[12:]
    data = preamble() + wrong + b"".join(small_data_set())
    return data, ok(
        "File Meta Information Group Length 10 bytes too large: the group still ends at the "
        "first element of another group (read with a warning)",
        warns=True,
        problems=[("meta-group-length-wrong", 132)],
        recovered=[0x00080060],
    )


@test_file("tags_out_of_order.dcm")
def tags_out_of_order():
    # Hand-assembled order: (0010,0020) before (0010,0010), against PS3.5 §7.1.
    data, offset = broken_file(
        small_data_set(),
        element(0x00100020, "LO", "ID0011"),
        element(0x00100010, "PN", "Doe^Jo"),
    )
    return data, ok(
        "(0010,0020) then (0010,0010): data elements not in ascending tag order (PS3.5 §7.1)",
        problems=[("tag-out-of-order", offset + 14)],
        recovered=[0x00100010, 0x00100020],
    )


@test_file("sequence_overruns_item.dcm")
def sequence_overruns_item():
    inner = element(0x00081155, "UI", uid(102))
    # Hand-assembled: the inner defined-length (0008,114A) SQ says 10 bytes more than its item
    # (and the outer sequence) hold; the items and outer sequence are built by the layouts.
    inner_sq = header(0x0008114A, "SQ", len(item(inner)) + 10) + item(inner)
    outer = sequence(0x00081115, [inner_sq])
    data, offset = broken_file(small_data_set(), outer, element(0x00100010, "PN", "Doe^Jo"))
    inner_pos = offset + 12 + 8  # outer SQ header (PS3.5 Table 7.1-1), item header (7.5-1)
    return data, error(
        "Defined-length (0008,114A) SQ inside item 0 of (0008,1115) declares 10 bytes more "
        "than the item holds; surfaces when the outer sequence is parsed (on access)",
        "TruncatedDataError",
        inner_pos,
        "(0008,1115) SQ / item 0 / (0008,114A) SQ / value",
        access_error=True,
        problems=[("sequence-overruns-item", inner_pos)],
        recovered=[0x00081155, 0x00100010],
    )


@test_file("sq_delimiter_missing_before_element.dcm")
def sq_delimiter_missing_before_element():
    content = element(0x0020000E, "UI", uid(103))
    # Hand-assembled: the undefined-length sequence is never closed; the next top-level
    # element follows its last item (PS3.5 §7.5.2).
    opening = header(0x00081115, "SQ", UNDEFINED_LENGTH) + item(content, undefined=True)
    data, offset = broken_file(small_data_set(), opening, element(0x00100010, "PN", "Doe^Jo"))
    return data, error(
        "Undefined-length (0008,1115) SQ without its Sequence Delimitation Item: (0010,0010) "
        "comes where the next item or the delimiter should be",
        "TruncatedDataError",
        offset + len(opening),
        "(0008,1115) SQ / sequence delimiter",
        problems=[("missing-sequence-delimiter", offset + len(opening))],
        recovered=[0x0020000E, 0x00100010],
    )


@test_file("delimiters_missing_before_element.dcm")
def delimiters_missing_before_element():
    content = element(0x0020000E, "UI", uid(104))
    # Hand-assembled: neither the undefined-length item nor its sequence is closed; the next
    # top-level element (0010,0010), lower than (0020,000E), follows the item's last element.
    opening = (
        header(0x00081115, "SQ", UNDEFINED_LENGTH) + marker(ITEM, length=UNDEFINED_LENGTH) + content
    )
    data, offset = broken_file(small_data_set(), opening, element(0x00100010, "PN", "Doe^Jo"))
    where = offset + len(opening)
    return data, error(
        "Undefined-length item and sequence both without delimiters, then the top-level "
        "(0010,0010), which does not ascend in the item but does in the data set: the strict "
        "reader and inspection both find the item delimiter missing there",
        "TruncatedDataError",
        where,
        "(0008,1115) SQ / item 0 / item delimiter",
        problems=[("missing-item-delimiter", where), ("missing-sequence-delimiter", where)],
        recovered=[0x0020000E, 0x00100010],
    )


@test_file("delimiter_nonzero_length.dcm")
def delimiter_nonzero_length():
    content = element(0x0020000E, "UI", uid(105))
    # Hand-assembled: the Item Delimitation Item carries a length of 4, not 0 (PS3.5 §7.5.2);
    # nothing follows it but the Sequence Delimitation Item.
    opening = header(0x00081115, "SQ", UNDEFINED_LENGTH) + marker(ITEM, length=UNDEFINED_LENGTH)
    fault = marker(ITEM_DELIMITATION, length=4)
    data, offset = broken_file(
        small_data_set(),
        opening + content + fault + marker(SEQUENCE_DELIMITATION),
        element(0x00100010, "PN", "Doe^Jo"),
    )
    return data, ok(
        "Item Delimitation Item of length 4 in an undefined-length item (read with a warning)",
        warns=True,
        problems=[("delimiter-length", offset + len(opening) + len(content))],
        recovered=[0x00100010],
    )


@test_file("bad_offset_table.dcm")
def bad_offset_table():
    # The Basic Offset Table (PS3.5 §A.4) of two frames, one fragment each: the second offset
    # should be 8 + len(first fragment) = 20, it says 22. Built by the layout.
    offsets = struct.pack("<2I", 0, 22)
    data_set = sc_data_set(encapsulated_pixel_data(JPEG_FRAGMENTS, offsets))
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(106), data_set)
    table_pos = len(data) - 8 - sum(8 + len(f) for f in JPEG_FRAGMENTS) - 8 - len(offsets)
    return data, error(
        "Encapsulated Pixel Data whose Basic Offset Table points the second frame 2 bytes past "
        "its fragment's item: the data set reads (as readers that do not use the table read "
        "it), its items and frames (DataElement.encapsulated) do not",
        "DicomError",
        table_pos + 12,  # at the offset that is wrong
        "basic offset table / offset 1",
        access_error=True,
        problems=[("bad-offset-table", table_pos + 12)],
        recovered=[0x7FE00010],
    )


@test_file("offset_table_missing.dcm")
def offset_table_missing():
    # Hand-assembled: an encapsulated Pixel Data header (built by the layout) whose value is
    # at once the Sequence Delimitation Item: no Basic Offset Table item (PS3.5 §A.4).
    pixel_data = header(0x7FE00010, "OB", UNDEFINED_LENGTH) + marker(SEQUENCE_DELIMITATION)
    data = part10(JPEG_BASELINE, SC_IMAGE, uid(150), sc_data_set(pixel_data))
    return data, error(
        "Encapsulated Pixel Data with no items at all, not even the Basic Offset Table item "
        "PS3.5 §A.4 requires: the data set reads, its items (DataElement.encapsulated) do not",
        "TruncatedDataError",
        len(data) - 8,
        "basic offset table",
        access_error=True,
        problems=[("offset-table-missing", len(data) - 8)],
        recovered=[0x7FE00010],
    )


# ---------------------------------------------------------------------------------------------
# The rest of the catalogue (issue 5): faults a strict reader reads through (maybe warning) or
# fails on somewhere else, each with what inspection must report and where.
def patient_birth_date() -> bytes:
    """(0010,0030) DA: a well-formed element to follow a fault at (0010,0020)."""
    return element(0x00100030, "DA", "20000101")


@test_file("unknown_vr_long_length.dcm")
def unknown_vr_long_length():
    # Hand-assembled VR: 'XY' is two letters but no VR of PS3.5 Table 6.2-1; the header (built
    # by the layout) has the form of Table 7.1-1: 2 reserved bytes, then a 32-bit length.
    fault = header(0x00100020, "XY", 6, long_length=True) + b"ID0012"
    data, offset = broken_file(small_data_set(), fault, patient_birth_date())
    return data, error(
        "(0010,0020) with the unknown VR 'XY' in the 12-byte header form (reserved bytes, "
        "32-bit length 6): the strict reader and inspection, as pydicom, take a "
        "16-bit length (the reserved 0000H, with a warning), then reads the 32-bit length and "
        "the value as an element (0006,0000) of VR 'ID' whose length runs past the end",
        "TruncatedDataError",
        offset + 8,
        "dataset / (0006,0000)",
        warns=True,
        problems=[
            ("unknown-vr", offset),
            ("unknown-vr", offset + 8),
            ("tag-out-of-order", offset + 8),
            ("length-past-eof", offset + 8),
        ],
        recovered=[0x00100020],
    )


@test_file("unknown_vr_short_length.dcm")
def unknown_vr_short_length():
    # Hand-assembled VR: 'XY' (no VR of PS3.5 Table 6.2-1) in the 8-byte header form of
    # Table 7.1-2 (16-bit length), built by the layout.
    fault = header(0x00100020, "XY", 6) + b"ID0012"
    data, offset = broken_file(small_data_set(), fault, patient_birth_date())
    return data, ok(
        "(0010,0020) with the unknown VR 'XY' and a 16-bit length: read with that length "
        "(with a warning); inspection gives it the dictionary's VR, LO",
        warns=True,
        problems=[("unknown-vr", offset)],
        recovered=[0x00100020, 0x00100030],
    )


@test_file("vr_mismatch.dcm")
def vr_mismatch():
    # Built by the layout; the fault is the VR: Patient's Name is PN in PS3.6, not US.
    data, offset = broken_file(
        small_data_set(), element(0x00100010, "US", 5), element(0x00100020, "LO", "ID0013")
    )
    return data, ok(
        "(0010,0010) Patient's Name written with VR US (PS3.6 says PN): readers take the "
        "explicit VR as written",
        problems=[("vr-mismatch", offset)],
        recovered=[0x00100010, 0x00100020],
    )


@test_file("undefined_length_text.dcm")
def undefined_length_text():
    # Hand-assembled: a UT header (built by the layout) with an undefined length, which PS3.5
    # §7.1.1 allows only for SQ, UN and encapsulated Pixel Data; 'text' is then closed by a
    # Sequence Delimitation Item.
    opening = header(0x0040A160, "UT", UNDEFINED_LENGTH)
    fault = opening + b"text" + marker(SEQUENCE_DELIMITATION)
    data, offset = broken_file(small_data_set(), fault, element(0x0040DB00, "CS", "TID1"))
    return data, error(
        "(0040,A160) UT of undefined length, its text closed by a Sequence Delimitation Item: "
        "the strict reader and inspection walk the value as items (PS3.5 §A.4) and fail on "
        "the text where the first item should be; inspection then skips to the delimiter",
        "DicomError",
        offset + len(opening),
        "(0040,A160) UT / basic offset table",
        problems=[("undefined-length", offset), ("not-an-item", offset + len(opening))],
        recovered=[0x0040A160, 0x0040DB00],
    )


@test_file("undefined_length_ob_items.dcm")
def undefined_length_ob_items():
    # Hand-assembled: (0042,0011) OB (not Pixel Data) of undefined length holding an empty
    # first item and one fragment, as encapsulated Pixel Data would (PS3.5 §A.4, §7.1.1 allow
    # that only for Pixel Data); item headers and the header are built by the layouts.
    fault = (
        header(0x00420011, "OB", UNDEFINED_LENGTH)
        + marker(ITEM)
        + marker(ITEM, length=2)
        + b"ab"
        + marker(SEQUENCE_DELIMITATION)
    )
    data, offset = broken_file(small_data_set(), fault, element(0x7FE00010, "OB", b"\0\1"))
    return data, ok(
        "(0042,0011) OB of undefined length holding items like encapsulated Pixel Data: "
        "readers take the items as its value",
        problems=[("undefined-length", offset)],
        recovered=[0x00420011, 0x7FE00010],
    )


@test_file("duplicate_tag.dcm")
def duplicate_tag():
    # Built by the layout; the fault is the order: (0010,0010) twice (PS3.5 §7.1).
    patient = element(0x00100010, "PN", "Doe^Jo")
    data, offset = broken_file(small_data_set(), patient, patient)
    return data, ok(
        "(0010,0010) twice in the data set: the second replaces the first (with a warning)",
        warns=True,
        problems=[("duplicate-tag", offset + len(patient))],
        recovered=[0x00100010],
    )


@test_file("duplicate_tag_not_adjacent.dcm")
def duplicate_tag_not_adjacent():
    # Built by the layout; the fault is the order: (0008,0016) again after (0008,0018)
    # (PS3.5 §7.1). Written like the original, the three come back in the order read.
    first, second, third = small_data_set()
    again = element(0x00080016, "UI", CT_IMAGE + ".1")
    data, offset = broken_file([first, second], again, third)
    return data, ok(
        "(0008,0016) twice, (0008,0018) between them: the second replaces the first (with a "
        "warning); written like the original, A, B, A' stay in that order",
        warns=True,
        problems=[("duplicate-tag", offset)],
        recovered=[0x00080016, 0x00080060],
    )


@test_file("group_length_empty.dcm")
def group_length_empty():
    # Built by the layout: (0008,0000) Group Length with an empty value (length 0), which
    # PS3.5 §7.2 allows the writer to omit; written like the original it stays empty.
    return part10(
        EXPLICIT_LE,
        CT_IMAGE,
        uid(120),
        build_element(0x00080000, "UL", 0, b"", EXPLICIT) + b"".join(small_data_set()),
    ), ok("(0008,0000) Group Length of length 0: read as empty, written back as read")


@test_file("group_length_vm2.dcm")
def group_length_vm2():
    # Built by the layout: (0008,0000) Group Length holding two values (8 bytes, VM 2 where
    # PS3.6 says 1); written like the original, both stay.
    rest = b"".join(small_data_set())
    value = encode_value("UL", [len(rest), 0], EXPLICIT)
    return part10(
        EXPLICIT_LE, CT_IMAGE, uid(121), build_element(0x00080000, "UL", 8, value, EXPLICIT) + rest
    ), ok("(0008,0000) Group Length with two values: read, written back as read")


@test_file("meta_group_length_vr_ob.dcm")
def meta_group_length_vr_ob():
    # Built by the layout: (0002,0000) written as OB (PS3.10 §7.1 says UL) with a 32-bit
    # length that covers the rest of the group, so its value swallows the meta's elements.
    meta = file_meta(EXPLICIT_LE, CT_IMAGE, uid(122))
    body = meta[12:]
    data = preamble() + build_element(0x00020000, "OB", len(body), body, EXPLICIT)
    data += b"".join(small_data_set())
    return data, ok(
        "(0002,0000) with VR OB whose value is the rest of the meta: the group holds one "
        "element and no Transfer Syntax UID, the data set's encoding is guessed; written like "
        "the original, the OB value (the other meta elements) is kept",
        problems=[
            ("vr-mismatch", 132),
            ("meta-group-length-wrong", 132),
            ("transfer-syntax-unknown", 132 + 12 + len(body)),
        ],
        recovered=[0x00020000, 0x00080060],
    )


@test_file("meta_in_dataset.dcm")
def meta_in_dataset():
    # Built by the layout; the fault is where: a group 0002 element belongs in the File Meta
    # Information (PS3.10 §7.1), not in the data set after (0008,0060).
    data, offset = broken_file(small_data_set(), element(0x00020016, "AE", "AET"))
    return data, ok(
        "(0002,0016) Source Application Entity Title after the data set's (0008,0060): a "
        "File Meta Information element inside the data set, read as a data set element",
        problems=[("meta-in-dataset", offset)],
        recovered=[0x00020016],
    )


@test_file("stray_bytes_before_preamble.dcm")
def stray_bytes_before_preamble():
    # Hand-assembled: 3 zero bytes before a whole Part 10 file, so 'DICM' is at byte 131,
    # not 128 (PS3.10 §7.1).
    data = b"\0\0\0" + part10(EXPLICIT_LE, CT_IMAGE, uid(107), b"".join(small_data_set()))
    return data, error(
        "3 bytes before the 128-byte preamble: 'DICM' at byte 131; not a DICOM file to a "
        "strict reader, inspection finds the prefix and reads on",
        "InvalidDicomError",
        0,
        "prefix",
        problems=[("prefix-missing", 0)],
        recovered=[0x00020010, 0x00080060],
    )


@test_file("stray_bytes_before_bare_data_set.dcm")
def stray_bytes_before_bare_data_set():
    # Hand-assembled: one space before a bare data set (no preamble, no meta, PS3.10 §7.1
    # not followed), as pydicom's no_meta.dcm starts.
    return b" " + bare_data_set(), ok(
        "A space before a bare implicit VR data set: read with force=True, the byte skipped "
        "(with a warning)",
        warns=True,
        force=True,
        problems=[("prefix-missing", 0), ("stray-leading-bytes", 0)],
        recovered=[0x00080016, 0x00100020],
    )


@test_file("trailing_bytes.dcm")
def trailing_bytes():
    # Hand-assembled: 10 bytes after the last element that are no element (PS3.5 §7.1): read
    # as a header, they are tag (0001,6167) with VR bytes 'rb'.
    # Tags ascend (PS3.5 §7.1): a header that goes back and whose length runs past the end
    # of the data is not an element but bytes after the data set, kept and written back.
    data, offset = broken_file(small_data_set(), b"\x01\x00garbage!")
    return data, ok(
        "10 bytes of garbage after the last element: read as a header they go back to tag "
        "(0001,6167) and run past the end, so they are trailing bytes (with a warning), kept "
        "in ds.trailing_bytes and written back",
        warns=True,
        problems=[("trailing-bytes", offset)],
        recovered=[0x00080060],
    )


@test_file("preamble_missing.dcm")
def preamble_missing():
    # Hand-assembled: a Part 10 file without its 128-byte preamble (PS3.10 §7.1), so it
    # starts with 'DICM'.
    data = part10(EXPLICIT_LE, CT_IMAGE, uid(108), b"".join(small_data_set()))[128:]
    return data, ok(
        "'DICM', the File Meta Information and the data set, without the 128-byte preamble "
        "(read with a warning)",
        warns=True,
        problems=[("preamble-missing", 0)],
        recovered=[0x00020010, 0x00080060],
    )


@test_file("meta_group_length_missing.dcm")
def meta_group_length_missing():
    # Hand-assembled: the File Meta Information without its first element, (0002,0000) File
    # Meta Information Group Length (12 bytes), which PS3.10 §7.1 requires.
    meta = file_meta(EXPLICIT_LE, CT_IMAGE, uid(109))[12:]
    data = preamble() + meta + b"".join(small_data_set())
    return data, ok(
        "File Meta Information without (0002,0000) Group Length: readers find its end at the "
        "first element of another group",
        problems=[("meta-group-length-missing", 132)],
        recovered=[0x00020010, 0x00080060],
    )


@test_file("meta_implicit.dcm")
def meta_implicit():
    # Built by the layouts in implicit VR: PS3.10 §7.1 wants the File Meta Information in
    # explicit VR little endian whatever the transfer syntax.
    meta = file_meta(EXPLICIT_LE, CT_IMAGE, uid(110), IMPLICIT)
    data = preamble() + meta + b"".join(small_data_set())
    return data, ok(
        "File Meta Information written in implicit VR little endian (declaring Explicit VR "
        "Little Endian for an explicit data set): read with a warning",
        warns=True,
        problems=[("meta-implicit", 132)],
        recovered=[0x00020010, 0x00080060],
    )


@test_file("meta_implicit_data_explicit.dcm")
def meta_implicit_data_explicit():
    # Built by the layouts; the fault is the pairing: the meta declares Implicit VR Little
    # Endian (PS3.5 §A.1), the data set is explicit VR (§A.2).
    head = part10(IMPLICIT_LE, CT_IMAGE, uid(111), b"")
    data = head + b"".join(small_data_set())
    return data, ok(
        "Meta says Implicit VR Little Endian but the data set is explicit VR: read as it is "
        "written, with a warning (as pydicom does)",
        warns=True,
        problems=[("transfer-syntax-mismatch", len(head))],
        recovered=[0x00080060],
    )


@test_file("meta_little_data_big.dcm")
def meta_little_data_big():
    # Built by the layouts; the fault is the pairing: the meta declares Explicit VR Little
    # Endian (PS3.5 §A.2), the data set is big endian (§A.3).
    head = part10(EXPLICIT_LE, MR_IMAGE, uid(112), b"")
    data = head + mr_data_set(BIG)
    return data, ok(
        "Meta says Explicit VR Little Endian over a big endian data set: the first element "
        "cannot be read little endian ((0800,0500) of length 2560) and the first elements "
        "read big endian, so the strict reader (with a warning) and inspection both read it "
        "big endian (one rule: codec.sniff.check_encoding)",
        warns=True,
        problems=[("transfer-syntax-mismatch", len(head))],
        recovered=[0x00189306, 0x7FE00010],
    )


@test_file("meta_big_data_little.dcm")
def meta_big_data_little():
    # Built by the layouts; the fault is the pairing: the meta declares Explicit VR Big
    # Endian (PS3.5 §A.3), the data set is little endian (§A.2).
    head = part10(EXPLICIT_BE, MR_IMAGE, uid(113), b"")
    data = head + mr_data_set(EXPLICIT)
    return data, ok(
        "Meta says Explicit VR Big Endian over a little endian data set: the first element "
        "cannot be read big endian ((0800,0500) of length 2560) and the first elements read "
        "little endian, so the strict reader (with a warning) and inspection both read it "
        "little endian (one rule: codec.sniff.check_encoding)",
        warns=True,
        problems=[("transfer-syntax-mismatch", len(head))],
        recovered=[0x00189306, 0x7FE00010],
    )


@test_file("transfer_syntax_unknown.dcm")
def transfer_syntax_unknown():
    # Built by the layouts; the fault is the value: '1.2.3.4' is no transfer syntax of
    # PS3.6 Table A-1, so the encoding must be guessed.
    meta = file_meta("1.2.3.4", CT_IMAGE, uid(114))
    data = preamble() + meta + b"".join(small_data_set())
    ts_pos = len(preamble()) + meta.index(element(0x00020010, "UI", "1.2.3.4"))
    return data, ok(
        "Transfer Syntax UID '1.2.3.4', unknown: the encoding is guessed from the data set "
        "(explicit VR little endian, with a warning)",
        warns=True,
        problems=[("transfer-syntax-unknown", ts_pos)],
        recovered=[0x00080060],
    )


@test_file("implicit_item_in_explicit_sequence.dcm")
def implicit_item_in_explicit_sequence():
    # Built by the layouts; the fault is the item's encoding: an implicit VR item inside an
    # explicit VR sequence (PS3.5 §7.5 wants the encoding of the data set around it).
    content = element(0x0020000E, "UI", uid(115), IMPLICIT)
    seq = sequence(0x00081115, [content], undefined=True, undefined_items=True)
    data, offset = broken_file(small_data_set(), seq, element(0x00100010, "PN", "Doe^Jo"))
    return data, ok(
        "Undefined-length (0008,1115) SQ in an explicit VR file whose item is written in "
        "implicit VR: readers take the item as it is written",
        problems=[("item-encoding", offset + 12)],
        recovered=[0x0020000E, 0x00100010],
    )


@test_file("stray_item_delimiter.dcm")
def stray_item_delimiter():
    # Hand-assembled: an Item Delimitation Item with no item open (PS3.5 §7.5.2).
    data, offset = broken_file(
        small_data_set(), marker(ITEM_DELIMITATION), element(0x00100010, "PN", "Doe^Jo")
    )
    return data, error(
        "An Item Delimitation Item among the top-level elements, no item open",
        "DicomError",
        offset,
        "dataset / (FFFE,E00D)",
        problems=[("stray-delimiter", offset)],
        recovered=[0x00100010],
    )


@test_file("stray_item.dcm")
def stray_item():
    # Hand-assembled: an Item header (length 8) among the top-level elements, outside any
    # sequence (PS3.5 §7.5.1).
    data, offset = broken_file(
        small_data_set(), marker(ITEM, length=8), element(0x00100010, "PN", "Doe^Jo")
    )
    return data, error(
        "An Item (FFFE,E000) of length 8 among the top-level elements, outside any sequence: "
        "inspection skips its header and reads the next element",
        "DicomError",
        offset,
        "dataset / (FFFE,E000)",
        problems=[("unexpected-item", offset)],
        recovered=[0x00100010],
    )


@test_file("sequence_holding_no_items.dcm")
def sequence_holding_no_items():
    # Built by the layout; the fault is the value: a defined-length (0008,1115) SQ whose
    # value is a data element, not Items (PS3.5 §7.5.1).
    patient = element(0x00100010, "PN", "Doe^Jo")
    data, offset = broken_file(
        small_data_set(),
        build_element(0x00081115, "SQ", len(patient), patient, EXPLICIT),
        element(0x00100020, "LO", "ID0014"),
    )
    return data, error(
        "Defined-length (0008,1115) SQ whose value is an element, not an Item; surfaces when "
        "the sequence is parsed (on access)",
        "DicomError",
        offset + 12,
        "(0008,1115) SQ / item 0 / item header",
        access_error=True,
        problems=[("not-an-item", offset + 12)],
        recovered=[0x00081115, 0x00100020],
    )


@test_file("value_overruns_item.dcm")
def value_overruns_item():
    first = element(0x00081150, "UI", CT_IMAGE)
    # Hand-assembled: (0008,1155) UI declares 30 bytes, its item holds 16 after the header
    # (PS3.5 §7.1.1, §7.5.1); the item and the sequence around it are built by the layouts.
    value = encode_value("UI", uid(116), EXPLICIT)
    fault = header(0x00081155, "UI", 30) + value
    outer = sequence(0x00081140, [first + fault])
    data, offset = broken_file(small_data_set(), outer, element(0x00100010, "PN", "Doe^Jo"))
    where = offset + 12 + 8 + len(first)  # SQ header (Table 7.1-1), item header (Table 7.5-1)
    return data, error(
        f"(0008,1155) UI in item 0 of a defined-length (0008,1140) SQ declares 30 bytes, the "
        f"item holds {len(value)}; surfaces when the sequence is parsed (on access)",
        "TruncatedDataError",
        where,
        "(0008,1140) SQ / item 0 / (0008,1155) UI / value",
        access_error=True,
        problems=[("value-overruns-item", where)],
        recovered=[0x00081150, 0x00100010],
    )


# ---------------------------------------------------------------------------------------------
README_HEAD = """\
# Test files

Built by `python testdata/build.py` from the construct layouts of `dicomconstruct/layouts.py`
(hand-assembled bytes only where a file deliberately breaks a structure). Do not edit the
`.dcm` files, `expected.json` or this README: change `build.py` and run it again.
`tests/test_testdata.py` reads every file and checks the outcome in `expected.json`
(for errors: the `DicomError` subclass, the absolute byte `offset` of the faulty structure and
part of the error `path`; `access_error` faults surface when a lazily parsed value is read).

Valid files are here (with `no_preamble.dcm`, a bare data set readers accept with
`force=True`, in which inspection notes only the missing prefix); `malformed/` is the
catalogue of faults: every other file in which `dicomconstruct inspect` must report a problem. Each entry's `inspect` manifest gives the
problems (kind and absolute byte offset; in the inflated data for a deflated data set) and the
tags that must still be recovered; `tests/test_inspect.py` checks the tool against it, and
`docs/malformed.md` compares what other tools say about the same files.

| file | what it is | reading it must | inspection reports |
| --- | --- | --- | --- |
"""


def outcome_text(expected: dict) -> str:
    """What reading a file must do, in words, for the README."""
    options = " with force=True" if expected["force"] else ""
    if expected["read"] == "ok":
        text = f"read{options}"
        return text + (", with a warning" if expected["warns"] else "")
    when = "on access (str(ds))" if expected["access_error"] else "in dcmread"
    text = (
        f"raise {expected['error']} {when} at byte {expected['offset']}, "
        f"path containing `{expected['path_contains']}`"
    )
    return text + (" (after a warning)" if expected["warns"] else "")


MALFORMED = "malformed"  # the catalogue of faults: every file in which inspection finds one


def location(name: str, expectation: dict) -> str:
    """Where a file goes, relative to testdata/: the catalogue (``malformed/``) when inspection
    must report a problem in it, testdata/ itself when it is clean. A bare data set read whole
    with force=True (no_preamble.dcm, as pydicom's no_meta.dcm) is an input readers accept,
    not a fault: it stays in testdata/ beside the valid files, though inspection notes that
    it has no prefix; any other problem in it (stray bytes before it) puts it in the
    catalogue."""
    problems = expectation["inspect"]["problems"]
    accepted = (
        expectation["read"] == "ok"
        and expectation["force"]
        and all(kind == "prefix-missing" for kind, _ in problems)
    )
    faulty = problems and not accepted
    return f"{MALFORMED}/{name}" if faulty else name


def inspect_text(expected: dict) -> str:
    """What inspection must report, in words, for the README."""
    problems = expected["inspect"]["problems"]
    if not problems:
        return "no problem"
    return ", ".join(f"{kind} at {offset}" for kind, offset in problems)


def build_all() -> dict[str, tuple[bytes, dict]]:
    """{path relative to testdata/: (bytes, expectation)}, sorted by path."""
    built = {}
    for name in sorted(FILES):
        data, expectation = FILES[name]()
        built[location(name, expectation)] = (data, expectation)
    return dict(sorted(built.items()))


def write(out_dir: Path) -> None:
    (out_dir / MALFORMED).mkdir(parents=True, exist_ok=True)
    built = build_all()
    expected = {}
    for name, (data, expectation) in built.items():
        (out_dir / name).write_bytes(data)
        expected[name] = expectation
    with open(out_dir / "expected.json", "w", encoding="utf-8", newline="\n") as file:
        json.dump(expected, file, indent=2, sort_keys=True, ensure_ascii=False)
        file.write("\n")
    lines = [
        f"| `{name}` | {exp['description']} | {outcome_text(exp)} | {inspect_text(exp)} |"
        for name, exp in expected.items()
    ]
    readme = README_HEAD + "\n".join(lines) + "\n"
    (out_dir / "README.md").write_text(readme, encoding="utf-8", newline="\n")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    write(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
