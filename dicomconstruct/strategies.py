"""Hypothesis strategies for DICOM: tags, values, elements, datasets, Part 10 files, broken files.
Values follow PS3.5 §6.2 (Table 6.2-1) and §6.1 (character sets); files follow PS3.10 §7.1.

Needs ``hypothesis`` (``pip install dicomconstruct[hypothesis]``). Every valid file is written
by dicomconstruct's own writer, so a file drawn here is what the library itself produces; the
malformed variants find the landmarks of such a file with the codec's one walk (``codec.walk``)
and break one thing in it, and say what (``Malformed.description``). Use them to test any
DICOM reader::

    from hypothesis import given
    from dicomconstruct import strategies as dst

    @given(dst.malformed_files())
    def test_my_reader_fails_cleanly(case):
        try:
            my_reader.parse(case.data)
        except my_reader.Error:
            pass  # anything else escaping is a bug; case.description says what was broken
"""

from __future__ import annotations

import datetime
import io
import struct
from functools import cache
from typing import Any, NamedTuple

from hypothesis import strategies as st

from . import tables
from .codec import layouts
from .codec.layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
    encoding,
)
from .codec.policy import Tolerant
from .codec.tokens import (
    DATA_SET,
    DEFLATED,
    ELEMENT,
    FRAGMENT,
    ITEM_END,
    META,
    PIXELS,
    PIXELS_END,
    SEQUENCE,
    SEQUENCE_END,
)
from .codec.tokens import ITEM as ITEM_TOKEN
from .codec.walk import Walk
from .dataelem import DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .encaps import encapsulate
from .errors import DicomError
from .filewriter import dcmwrite
from .sequence import Sequence
from .valuerep import FLOAT_VR, INT_VR
from .values import LUT_DESCRIPTOR_TAGS, empty_value_for_VR

__all__ = [
    "CHARACTER_SETS",
    "ENCAPSULATED_SYNTAXES",
    "TRANSFER_SYNTAXES",
    "UNCOMPRESSED_SYNTAXES",
    "VALUE_VRS",
    "Malformed",
    "character_sets",
    "data_elements",
    "datasets",
    "dicom_files",
    "file_datasets",
    "file_metas",
    "malformed_files",
    "private_creators",
    "private_tags",
    "repeating_group_tags",
    "standard_tags",
    "tags",
    "transfer_syntaxes",
    "uids",
    "values",
]

# ---------------------------------------------------------------------------------------------
# Transfer syntaxes (PS3.5 Annex A, PS3.6 Table A-1): the four uncompressed encodings and three
# encapsulated ones (whose data set is explicit VR little endian, Pixel Data in fragments).
IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"
EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99"
EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2"
UNCOMPRESSED_SYNTAXES = (
    IMPLICIT_VR_LITTLE_ENDIAN,
    EXPLICIT_VR_LITTLE_ENDIAN,
    EXPLICIT_VR_BIG_ENDIAN,
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
)
ENCAPSULATED_SYNTAXES = (
    "1.2.840.10008.1.2.4.50",  # JPEG Baseline (Process 1)
    "1.2.840.10008.1.2.4.90",  # JPEG 2000 Image Compression (Lossless Only)
    "1.2.840.10008.1.2.5",  # RLE Lossless
)
TRANSFER_SYNTAXES = UNCOMPRESSED_SYNTAXES + ENCAPSULATED_SYNTAXES

# (0008,0005) Specific Character Set values (PS3.3 C.12.1.1.2) the text strategies can draw
# for: None (the default repertoire, ISO-IR 6), a single-byte set, UTF-8, and ISO 2022 code
# extensions with Japanese JIS X 0208 (escape sequences inside values, PS3.5 §6.1.2.5).
CHARACTER_SETS: tuple[Any, ...] = (
    None,
    "ISO_IR 100",
    "ISO_IR 192",
    ("ISO 2022 IR 6", "ISO 2022 IR 87"),
)

# SOP classes a drawn file claims to be (PS3.4 Annex B); the data set need not conform.
_SOP_CLASSES = (
    "1.2.840.10008.5.1.4.1.1.2",  # CT Image Storage
    "1.2.840.10008.5.1.4.1.1.4",  # MR Image Storage
    "1.2.840.10008.5.1.4.1.1.7",  # Secondary Capture Image Storage
    "1.2.840.10008.5.1.4.1.1.88.11",  # Basic Text SR Storage
)

_PIXEL_DATA = 0x7FE00010
_CHARSET = 0x00080005
# Elements the dataset strategies never draw as ordinary elements: File Meta (group 0002),
# Specific Character Set (drawn on purpose), the Pixel Data group (encapsulated pixel data is
# drawn with its transfer syntax), the LUT descriptors (read with their first value unsigned),
# and the command group 0000 (PS3.7 §E.1: DIMSE messages, always implicit VR little endian;
# pydicom reads a (0000,eeee) in a big-endian data set as implicit little endian).
_EXCLUDED_GROUPS = frozenset({0x0000, 0x0002, 0x7FE0, 0xFFFE})


# ---------------------------------------------------------------------------------------------
# VRs and the tags that carry them
@cache
def _vr_table() -> dict[str, tables.VRInfo]:
    return dict(tables.vr_table())


# every VR of PS3.5 Table 6.2-1 but SQ, whose values are datasets (schemas/vrs.tsv)
VALUE_VRS = tuple(sorted(vr for vr, info in tables.vr_table().items() if info.kind != "sequence"))


# The VRs by the kind of value they hold, from the columns of schemas/vrs.tsv:
def _is_bytes(info: tables.VRInfo) -> bool:
    """OB, OD, OF, OL, OV, OW, UN: binary values without a fixed length, kept as bytes."""
    return info.kind == "binary" and info.max_length is None


def _is_number(info: tables.VRInfo) -> bool:
    """US, SS, UL, SL, UV, SV, FL, FD and AT: one binary number of a fixed size each."""
    return info.kind == "binary" and info.max_length is not None


@cache
def _integer_ranges() -> dict[str, tuple[int, int]]:
    """The range of each binary integer VR, by its struct format (AT: a 32-bit tag)."""
    ranges = {}
    for vr, info in _vr_table().items():
        fmt = info.struct_format or ""
        if _is_number(info) and fmt not in ("f", "d"):
            bits = struct.calcsize(fmt) * 8
            signed = fmt.islower()
            ranges[vr] = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return ranges


@cache
def _float_vrs() -> frozenset[str]:
    return frozenset(vr for vr, info in _vr_table().items() if _is_number(info)) - set(
        _integer_ranges()
    )


@cache
def _text_vrs() -> frozenset[str]:
    """The text VRs whose values are never numbers (DS and IS values may be, valuerep says)."""
    texts = {vr for vr, info in _vr_table().items() if info.kind == "text"}
    return frozenset(texts - _number_string_vrs())


def _number_string_vrs() -> frozenset[str]:
    return frozenset(vr for vr in INT_VR | FLOAT_VR if _vr_table()[vr].kind == "text")


@cache
def _standard_pool() -> tuple[tuple[tuple[int, str], ...], tuple[int, ...]]:
    """(tag, VR) of the standard elements the strategies use, and the sequence tags."""
    plain, sequences = [], []
    for tag, entry in tables.standard_dictionary().items():
        if tag >> 16 in _EXCLUDED_GROUPS or not tag & 0xFFFF or tag in LUT_DESCRIPTOR_TAGS:
            continue
        if tag == _CHARSET:
            continue
        if entry.VR == "SQ":
            sequences.append(tag)
        elif entry.VR in VALUE_VRS:  # not the ambiguous 'US or SS' kinds, not 'NONE'
            plain.append((tag, entry.VR))
    return tuple(sorted(plain)), tuple(sorted(sequences))


def standard_tags(vr: str | None = None, sequences: bool = False) -> st.SearchStrategy[int]:
    """Tags of the standard data dictionary (PS3.6) with one VR (not ambiguous), optionally
    only those of VR ``vr``; with ``sequences`` the SQ tags. Never group 0002, 7FE0 or a group
    length, nor (0008,0005) Specific Character Set."""
    plain, sequence_tags = _standard_pool()
    if sequences:
        return st.sampled_from(sequence_tags)
    pool = [tag for tag, tag_vr in plain if vr is None or tag_vr == vr]
    return st.sampled_from(pool)


@cache
def _repeating_masks() -> tuple[str, ...]:
    return tuple(
        mask
        for mask, entry in tables.repeaters_dictionary().items()
        if entry.VR in VALUE_VRS and mask[:4] != "7Fxx"
    )


@st.composite
def repeating_group_tags(draw) -> int:
    """Tags of the repeating groups (PS3.5 §7.6: 50xx curves, 60xx overlays) and element masks
    such as (0028,04x0), each with the VR its dictionary entry gives."""
    mask = draw(st.sampled_from(_repeating_masks()))
    text = list(mask)
    for index, char in enumerate(text):
        if char == "x":
            text[index] = draw(st.sampled_from("0123456789ABCDEF"))
    if "x" in mask[:4]:  # a repeating group is even (an odd one would be private)
        text[3] = f"{int(text[3], 16) & 0xE:X}"
    tag = int("".join(text), 16)
    return tag


def _repeating_vr(tag: int) -> str:
    return tables.standard_entry(tag).VR


def private_creators() -> st.SearchStrategy[str]:
    """Private Creator values (LO, PS3.5 §7.8.1) of creators no dictionary knows."""
    return st.text(
        alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\\"),
        min_size=1,
        max_size=24,
    ).map(lambda name: f"DCSTRAT {name}")


def _private_groups() -> st.SearchStrategy[int]:
    # PS3.5 §7.8: odd groups except 0001, 0003, 0005, 0007 and FFFF.
    return st.integers(0x0004, 0x7FEF).map(lambda half: 2 * half + 1)


@st.composite
def private_tags(draw) -> tuple[int, str]:
    """``(tag, creator)``: a private data element (gggg,xxee) and the creator of its block
    (gggg,00xx) (PS3.5 §7.8.1)."""
    group = draw(_private_groups())
    block = draw(st.integers(0x10, 0xFF))
    offset = draw(st.integers(0x00, 0xFF))
    return (group << 16) | (block << 8) | offset, draw(private_creators())


def tags() -> st.SearchStrategy[int]:
    """Any tag a data set may hold: standard, repeating group or private (creator dropped)."""
    return st.one_of(
        standard_tags(),
        repeating_group_tags(),
        private_tags().map(lambda pair: pair[0]),
    )


@cache
def _known_private_entries() -> tuple[tuple[str, int, tuple[tuple[int, str], ...]], ...]:
    """Creators of the private dictionary with the (group, [(element offset, VR)]) they
    reserve in one fixed group, for blocks an implicit VR reader resolves by dictionary."""
    from .tables import _ensure_private

    found = []
    for creator, entries in sorted(_ensure_private().items()):
        if (
            creator != creator.strip()
            or not creator.isascii()
            or "\\" in creator
            or not 0 < len(creator) <= 64
        ):
            continue
        by_group: dict[int, list[tuple[int, str]]] = {}
        for key, entry in entries.items():
            if len(key) != 8 or key[4:6] != "xx" or "x" in key[:4] + key[6:]:
                continue
            if entry.VR not in VALUE_VRS:
                continue
            group = int(key[:4], 16)
            if group % 2 == 0 or group in (1, 3, 5, 7):
                continue
            by_group.setdefault(group, []).append((int(key[6:], 16), entry.VR))
        for group, offsets in sorted(by_group.items()):
            found.append((creator, group, tuple(sorted(offsets))))
    return tuple(found)


def _warm() -> None:
    """Load the tables the strategies draw from now, when a strategy is made, rather than in
    its first draw (hypothesis counts slow draws against a test's health)."""
    _vr_table()
    _standard_pool()
    _repeating_masks()
    _known_private_entries()
    _jis_x_0208()
    tables.long_length_vrs()
    tables.transfer_syntaxes()


# ---------------------------------------------------------------------------------------------
# Values valid for each VR (PS3.5 Table 6.2-1), in the forms convert_value gives back
def character_sets() -> st.SearchStrategy[Any]:
    """A (0008,0005) Specific Character Set value from :data:`CHARACTER_SETS`."""
    return st.sampled_from(CHARACTER_SETS)


def _charset_key(charset: Any) -> Any:
    if isinstance(charset, (list, tuple)):
        return tuple(charset)
    return charset or None


@cache
def _jis_x_0208() -> tuple[str, ...]:
    """Characters ISO 2022 IR 87 encodes (JIS X 0208: kana, kanji, full-width forms)."""
    found = []
    for start, stop in ((0x3001, 0x3100), (0x4E00, 0x5200), (0x6C00, 0x6E00), (0xFF01, 0xFF5F)):
        for code in range(start, stop):
            char = chr(code)
            try:
                if char.encode("iso2022_jp").startswith(b"\x1b$B"):
                    found.append(char)
            except UnicodeEncodeError:
                pass
    return tuple(found)


def _characters(charset: Any, exclude: str = "") -> st.SearchStrategy[str]:
    """One character that ``charset`` encodes, none of ``exclude`` and no control character."""
    key = _charset_key(charset)
    if key is None or key == "ISO_IR 6":
        return st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters=exclude)
    if key == "ISO_IR 100":
        return st.characters(
            codec="latin-1", exclude_categories=("Cc",), exclude_characters=exclude
        )
    if key == "ISO_IR 192":
        return st.characters(
            codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=exclude
        )
    if key == ("ISO 2022 IR 6", "ISO 2022 IR 87"):
        ascii_ = st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters=exclude)
        return st.one_of(ascii_, st.sampled_from(_jis_x_0208()))
    raise ValueError(f"no alphabet for the character set {charset!r} (see CHARACTER_SETS)")


def _trimmed(text: str) -> bool:
    """No leading or trailing spaces: padding and leading spaces are not significant in most
    text VRs (PS3.5 Table 6.2-1), so a value with them would not come back as it went."""
    return text == text.strip(" ")


def _text(charset: Any, max_size: int, exclude: str = "", controls: str = "") -> Any:
    alphabet = _characters(charset, exclude)
    if controls:
        alphabet = st.one_of(alphabet, st.sampled_from(controls))
    return st.text(alphabet=alphabet, max_size=max_size).filter(_trimmed)


def _dates() -> st.SearchStrategy[str]:
    return st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)).map(
        lambda d: d.strftime("%Y%m%d")
    )


@st.composite
def _times(draw) -> str:
    # PS3.5 Table 6.2-1 TM: HH[MM[SS[.F{1,6}]]]
    text = f"{draw(st.integers(0, 23)):02d}"
    for limit in (59, 60):
        if not draw(st.booleans()):
            return text
        text += f"{draw(st.integers(0, limit)):02d}"
    if draw(st.booleans()):
        text += "." + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=1, max_size=6)))
    return text


@st.composite
def _datetimes(draw) -> str:
    # PS3.5 Table 6.2-1 DT: YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]
    date = draw(_dates())
    cut = draw(st.sampled_from((4, 6, 8)))
    text = date[:cut]
    if cut == 8 and draw(st.booleans()):
        text += draw(_times())
    if draw(st.booleans()):
        sign = draw(st.sampled_from("+-"))
        text += f"{sign}{draw(st.integers(0, 14)):02d}{draw(st.sampled_from((0, 30, 45))):02d}"
    return text


@st.composite
def _decimal_strings(draw) -> Any:
    # PS3.5 Table 6.2-1 DS: [+-]digits[.digits][E[+-]digits], at most 16 characters; as text,
    # or as a number whose str() is such a text.
    if draw(st.booleans()):
        number = draw(
            st.one_of(
                st.integers(-(10**15), 10**15),
                st.floats(allow_nan=False, allow_infinity=False),
            )
        )
        # a number is written as format_number_as_ds(float(number)), exactly only when the
        # float's repr has at most 16 characters ('-10000000000001' becomes '-1.000000000e+13')
        if len(repr(float(number))) <= 16:
            return number
    sign = draw(st.sampled_from(("", "-", "+")))
    whole = draw(st.integers(0, 10**6))
    text = f"{sign}{whole}"
    if draw(st.booleans()):
        text += "." + str(draw(st.integers(0, 10**5))).zfill(draw(st.integers(1, 5)))
    if draw(st.booleans()):
        text += draw(st.sampled_from("eE")) + f"{draw(st.sampled_from(('', '-', '+')))}"
        text += str(draw(st.integers(0, 99)))
    return text[:16].rstrip(".eE+-") or "0"


def _integer_strings() -> st.SearchStrategy[Any]:
    # PS3.5 Table 6.2-1 IS: -2^31 .. 2^31-1, at most 12 characters; an int or its text
    number = st.integers(-(2**31), 2**31 - 1)
    return st.one_of(number, number.map(str))


def _uid_strings() -> st.SearchStrategy[str]:
    component = st.one_of(st.just("0"), st.integers(1, 10**12).map(str))
    return (
        st.lists(component, min_size=2, max_size=10)
        .map(".".join)
        .filter(lambda uid: len(uid) <= 64)
    )


def uids() -> st.SearchStrategy[str]:
    """Valid UIDs (PS3.5 §9.1): dotted numeric components without leading zeros, <= 64 chars."""
    return _uid_strings()


_UR_CHARACTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:/?#[]@!$&'()*+,;=%-.~"
)


@st.composite
def _person_names(draw, charset: Any) -> str:
    # PS3.5 §6.2.1: up to three component groups (alphabetic, ideographic, phonetic) of up to
    # five components each; a trailing empty group is not written, so none is drawn.
    component = _text(charset, 12, exclude="\\^=")
    groups = []
    for _ in range(draw(st.integers(1, 3))):
        groups.append("^".join(draw(st.lists(component, min_size=1, max_size=5))))  # <= 64
    while groups and not groups[-1]:
        groups.pop()
    return "=".join(groups)


def _one_value(vr: str, charset: Any, max_size: int) -> st.SearchStrategy[Any]:
    """One value (VM 1) of ``vr``."""
    info = _vr_table()[vr]
    text_limit = min(info.max_length or max_size, max_size)
    if vr == "AE":
        return _text(None, 16, exclude="\\")
    if vr == "AS":
        return st.tuples(st.integers(0, 999), st.sampled_from("DWMY")).map(
            lambda pair: f"{pair[0]:03d}{pair[1]}"
        )
    if vr == "CS":
        return st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _", max_size=16).filter(
            _trimmed
        )
    if vr == "DA":
        return _dates()
    if vr == "DT":
        return _datetimes()
    if vr == "TM":
        return _times()
    if vr == "DS":
        return _decimal_strings()
    if vr == "IS":
        return _integer_strings()
    if vr == "UI":
        return _uid_strings()
    if vr == "UR":
        return st.text(alphabet=_UR_CHARACTERS, max_size=max_size)
    if vr == "PN":
        return _person_names(charset)
    if info.uses_charset and info.multi_valued:  # LO, SH, UC (PN above)
        return _text(charset, text_limit, exclude="\\")
    if info.uses_charset:  # LT, ST, UT: one value, with control characters
        return _text(charset, text_limit, controls="\r\n\t\f")
    if vr in _integer_ranges():  # US, SS, UL, SL, UV, SV; AT as a 32-bit tag
        return st.integers(*_integer_ranges()[vr])
    if _is_number(info):  # FL, FD
        return st.floats(width=8 * (info.value_width or 8), allow_nan=False)
    if _is_bytes(info):
        width = max(info.value_width or 1, 2)  # OB and UN are padded to even length
        return st.integers(1, max(1, max_size // width)).flatmap(
            lambda count: st.binary(min_size=count * width, max_size=count * width)
        )
    raise ValueError(f"no value strategy for VR {vr!r}")


def values(
    vr: str, charset: Any = None, *, max_vm: int = 4, max_size: int = 64
) -> st.SearchStrategy[Any]:
    """Values valid for ``vr`` (PS3.5 Table 6.2-1) that come back equal from encoding and
    decoding: one value, or a list of 2..``max_vm`` for the VRs with multiplicity (text VRs
    except LT, ST, UT, UR; the binary numbers; AT). Text is drawn from what ``charset`` (a
    Specific Character Set value of :data:`CHARACTER_SETS`) can encode, without padding
    spaces; byte values (OB, OW, ...) have a length that is a multiple of their width.
    ``max_size`` bounds the characters of a text and the bytes of a binary value."""
    if vr not in VALUE_VRS:
        raise ValueError(f"no value strategy for VR {vr!r} (SQ values are datasets)")
    _warm()
    one = _one_value(vr, charset, max_size)
    info = _vr_table()[vr]
    multiple = (info.multi_valued or info.struct_format) and not _is_bytes(info)
    if not multiple or max_vm < 2:
        return one
    return st.one_of(one, st.lists(one, min_size=2, max_size=max_vm))


def empty_values(vr: str) -> Any:
    """The value an empty element of ``vr`` reads back as ('' for text, None for numbers,
    bytes, DS and IS, an empty PersonName, an empty Sequence)."""
    if vr == "SQ":
        return Sequence()
    return empty_value_for_VR(vr)


# ---------------------------------------------------------------------------------------------
# Data elements and data sets
def data_elements(
    charset: Any = None, *, empty: bool = True, max_size: int = 64
) -> st.SearchStrategy[DataElement]:
    """A non-sequence data element with a value valid for its VR: a standard element or a
    repeating-group element (both with their dictionary VR, so that they read back the same
    in implicit VR), or a private element of VR UN; sometimes empty with ``empty``."""
    _warm()
    return _data_elements(charset, empty, max_size)


@st.composite
def _data_elements(draw, charset: Any, empty: bool, max_size: int) -> DataElement:
    kind = draw(st.sampled_from(("standard", "standard", "standard", "repeating", "private")))
    if kind == "standard":
        tag, vr = draw(st.sampled_from(_standard_pool()[0]))
    elif kind == "repeating":
        tag = draw(repeating_group_tags())
        vr = _repeating_vr(tag)
    else:
        tag, vr = draw(private_tags())[0], "UN"
    return _element(draw, tag, vr, charset, empty, max_size)


def _element(draw, tag: int, vr: str, charset: Any, empty: bool, max_size: int) -> DataElement:
    if empty and draw(st.integers(0, 9)) == 0:
        value = empty_values(vr)
    else:
        value = draw(values(vr, charset, max_size=max_size))
    return DataElement(tag, vr, value)


class _Budget:
    """How many more elements one drawn data set tree may hold (keeps examples small)."""

    def __init__(self, elements: int):
        self.elements = elements


def datasets(
    charset: Any = ...,
    *,
    max_depth: int = 2,
    max_elements: int = 6,
    max_items: int = 3,
    private: bool = True,
    empty: bool = True,
    implicit_safe: bool = True,
    max_size: int = 64,
) -> st.SearchStrategy[Dataset]:
    """Data sets of standard, repeating-group and private elements, with sequences nested up
    to ``max_depth`` levels (items of defined and undefined length, sequences of defined and
    undefined length, empty sequences and empty items), private blocks with their creators
    (known creators of the private dictionary and unknown ones), and empty values.

    ``charset``: a Specific Character Set value of :data:`CHARACTER_SETS` for the text, or
    the default ``...`` to draw one (items then sometimes get a set of their own, PS3.5
    §6.1.2.5). With ``implicit_safe`` (the default) every element reads back equal from
    every transfer syntax: the VR is the one the dictionaries give, private elements of
    unknown creators are UN, a private sequence has an undefined length and an item.
    """
    _warm()
    return _datasets(
        charset=charset,
        max_depth=max_depth,
        max_elements=max_elements,
        max_items=max_items,
        private=private,
        empty=empty,
        implicit_safe=implicit_safe,
        max_size=max_size,
    )


@st.composite
def _datasets(draw, depth: int = 0, inherited: Any = None, budget: _Budget | None = None, **opts):
    budget = budget or _Budget(4 * opts["max_elements"] * (opts["max_depth"] + 1))
    ds = Dataset()
    charset = opts["charset"]
    if charset is ...:
        charset = inherited
        if depth == 0 or draw(st.integers(0, 4)) == 0:
            charset = draw(character_sets())
            if charset is not None or depth == 0:
                if charset is not None:
                    ds.add(
                        DataElement(
                            _CHARSET, "CS", list(charset) if isinstance(charset, tuple) else charset
                        )
                    )
            else:
                charset = inherited
    elif depth == 0 and charset is not None:
        ds.add(
            DataElement(_CHARSET, "CS", list(charset) if isinstance(charset, tuple) else charset)
        )
    count = draw(st.integers(0, opts["max_elements"]))
    kinds = ["standard"] * 4 + ["repeating"]
    if opts["private"]:
        kinds.append("private")
    if depth < opts["max_depth"]:
        kinds += ["sequence"] * 2
    for _ in range(count):
        if budget.elements <= 0:
            break
        budget.elements -= 1
        kind = draw(st.sampled_from(kinds))
        if kind == "standard":
            tag, vr = draw(st.sampled_from(_standard_pool()[0]))
            if tag not in ds:
                ds.add(_element(draw, tag, vr, charset, opts["empty"], opts["max_size"]))
        elif kind == "repeating":
            tag = draw(repeating_group_tags())
            if tag not in ds:
                ds.add(
                    _element(
                        draw, tag, _repeating_vr(tag), charset, opts["empty"], opts["max_size"]
                    )
                )
        elif kind == "private":
            _private_block(draw, ds, charset, depth, budget, opts)
        else:
            tag = draw(standard_tags(sequences=True))
            if tag not in ds:
                ds.add(_sequence(draw, tag, charset, depth, budget, opts, need_item=False))
    return ds


def _sequence(draw, tag, charset, depth, budget, opts, need_item: bool) -> DataElement:
    count = draw(st.integers(1 if need_item else 0, opts["max_items"]))
    items = []
    for _ in range(count):
        item = draw(_datasets(depth=depth + 1, inherited=charset, budget=budget, **opts))
        item.is_undefined_length_sequence_item = draw(st.booleans())
        items.append(item)
    seq = Sequence(items)
    elem = DataElement(tag, "SQ", seq)
    elem.value.is_undefined_length = need_item or draw(st.booleans())
    elem.is_undefined_length = elem.value.is_undefined_length
    return elem


def _private_block(draw, ds: Dataset, charset, depth, budget, opts) -> None:
    """A private block (PS3.5 §7.8.1): the creator element (gggg,00xx) and elements (gggg,xxee)."""
    known = _known_private_entries()
    if draw(st.booleans()) and known:
        creator, group, offsets = draw(st.sampled_from(known))
        chosen = draw(st.lists(st.sampled_from(offsets), min_size=1, max_size=3, unique=True))
    else:
        creator, group, offsets = draw(private_creators()), draw(_private_groups()), None
        chosen = draw(st.lists(st.integers(0, 0xFF), min_size=1, max_size=3, unique=True))
    block = draw(st.integers(0x10, 0xFF))
    creator_tag = (group << 16) | block
    if creator_tag in ds:
        return
    ds.add(DataElement(creator_tag, "LO", creator))
    for choice in chosen:
        if offsets is not None:
            offset, vr = choice
        else:
            offset = choice
            vr = "UN" if opts["implicit_safe"] else draw(st.sampled_from(VALUE_VRS))
        tag = (group << 16) | (block << 8) | offset
        if tag in ds:
            continue
        if offsets is None and depth < opts["max_depth"] and draw(st.integers(0, 4)) == 0:
            # a private sequence: of undefined length with an item, so that an implicit VR
            # reader sees it is one (PS3.5 §7.8, §7.5)
            ds.add(_sequence(draw, tag, charset, depth, budget, opts, need_item=True))
            continue
        ds.add(_element(draw, tag, vr, charset, opts["empty"], opts["max_size"]))


# ---------------------------------------------------------------------------------------------
# File Meta Information and whole files (PS3.10 §7.1)
def transfer_syntaxes(encapsulated: bool = True) -> st.SearchStrategy[str]:
    """Transfer Syntax UIDs: the uncompressed ones (implicit LE, explicit LE, explicit BE,
    deflated) and, with ``encapsulated``, three with encapsulated Pixel Data."""
    return st.sampled_from(TRANSFER_SYNTAXES if encapsulated else UNCOMPRESSED_SYNTAXES)


@st.composite
def file_metas(draw, transfer_syntax: str | None = None) -> FileMetaDataset:
    """File Meta Information (PS3.10 §7.1): SOP class and instance, transfer syntax, and
    sometimes a Source Application Entity Title. The writer adds the version, the
    implementation class UID and version name and the group length."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = draw(st.sampled_from(_SOP_CLASSES))
    meta.MediaStorageSOPInstanceUID = draw(uids())
    meta.TransferSyntaxUID = transfer_syntax or draw(transfer_syntaxes())
    if draw(st.booleans()):
        meta.SourceApplicationEntityTitle = draw(_one_value("AE", None, 16))
    return meta


@st.composite
def _encapsulated_pixel_data(draw) -> DataElement:
    """Encapsulated Pixel Data (PS3.5 §A.4): a Basic Offset Table (or an empty one), then the
    fragments of 1-3 frames."""
    frames = draw(st.lists(st.binary(min_size=4, max_size=48), min_size=1, max_size=3))
    value = encapsulate(
        frames, fragments_per_frame=draw(st.integers(1, 2)), has_bot=draw(st.booleans())
    )
    return DataElement(_PIXEL_DATA, "OB", value, is_undefined_length=True)


def file_datasets(
    transfer_syntax: str | None = None, **dataset_options
) -> st.SearchStrategy[FileDataset]:
    """A data set with File Meta Information, ready to write: encapsulated Pixel Data when the
    transfer syntax is an encapsulated one. ``dataset_options`` go to :func:`datasets`."""
    return _file_datasets(transfer_syntax, datasets(**dataset_options))


@st.composite
def _file_datasets(draw, transfer_syntax: str | None, dataset_strategy) -> FileDataset:
    syntax = transfer_syntax or draw(transfer_syntaxes())
    meta = draw(file_metas(syntax))
    ds = draw(dataset_strategy)
    if syntax in ENCAPSULATED_SYNTAXES:
        ds.add(draw(_encapsulated_pixel_data()))
    preamble = draw(st.one_of(st.just(b"\0" * 128), st.binary(min_size=128, max_size=128)))
    return FileDataset(None, ds, preamble, meta, is_implicit_VR=False, is_little_endian=True)


def write_file(dataset: Dataset) -> bytes:
    """The bytes of ``dataset`` written as a conformant Part 10 file by dicomconstruct."""
    out = io.BytesIO()
    dcmwrite(out, dataset, enforce_file_format=True)
    return out.getvalue()


def dicom_files(transfer_syntax: str | None = None, **dataset_options) -> st.SearchStrategy[bytes]:
    """Whole Part 10 files as bytes (preamble, 'DICM', File Meta Information, data set) in
    ``transfer_syntax`` or any of :data:`TRANSFER_SYNTAXES`, written by dicomconstruct."""
    return file_datasets(transfer_syntax, **dataset_options).map(write_file)


# ---------------------------------------------------------------------------------------------
# Malformed variants of valid files
class Malformed(NamedTuple):
    """A broken file and what was broken in it, e.g. ``'length of (0010,0010) PN at byte 140
    changed from 8 to 4294967295'``. Unpacks as ``data, description``."""

    data: bytes
    description: str


class _Mark(NamedTuple):
    """A landmark of a file: an element header, item, delimiter or fragment."""

    kind: str  # 'element', 'item', 'item delimiter', 'sequence delimiter', 'fragment'
    offset: int
    tag: int
    vr: str
    length_offset: int
    length_size: int
    length: int
    explicit: bool
    little: bool
    region: str  # 'file' or 'deflated' (offsets into the inflated data set)

    def name(self) -> str:
        tag = f"({self.tag >> 16:04X},{self.tag & 0xFFFF:04X})"
        what = {
            "element": f"element {tag}{' ' + self.vr if self.vr else ''}",
            "item": "Item (FFFE,E000)",
            "item delimiter": "Item Delimitation Item (FFFE,E00D)",
            "sequence delimiter": "Sequence Delimitation Item (FFFE,E0DD)",
            "fragment": "fragment item (FFFE,E000)",
        }[self.kind]
        where = " of the deflated data set" if self.region == "deflated" else ""
        return f"{what} at byte {self.offset}{where}"


class _Layout:
    """Where the landmarks of a file are: element headers, items, delimiters and fragments of
    the meta and the data set (inflated if deflated), as the codec's one walk finds them.

    The walk is tolerant (a file from any ``files`` strategy is walked as far as it reads) and
    descends into every sequence; each mark's length field is where the header's layout has it
    (PS3.5 Tables 7.1-1 to 7.1-3, 7.5-1 to 7.5-3)."""

    def __init__(self, data: bytes):
        self.data = data
        self.marks: list[_Mark] = []
        self.head = data
        self.inflated: bytes | None = None
        self.trailer = b""
        walk = Walk(data, Tolerant(), descend=True)
        try:
            self._read(walk)
        except DicomError:
            pass  # a deflate stream that does not inflate: the landmarks found so far serve

    def _read(self, walk: Walk) -> None:
        region = "file"
        encodings: list[Encoding] = []  # of the open data sets, sequences and encapsulated values
        for token in walk.whole_file():
            kind, pos = token[0], token[1]
            if kind in (META, DATA_SET):
                encodings = [token[3]]
                if kind == DATA_SET and region == "deflated":
                    self.inflated = walk.buf  # the walk goes on in it
            elif kind == DEFLATED:
                self.head, self.trailer, region = self.data[:pos], token[4], "deflated"
            elif kind in (ELEMENT, SEQUENCE, PIXELS):
                tag, vr = token[3], token[4]
                length = UNDEFINED_LENGTH if kind == PIXELS or token[5] is None else token[5]
                value_pos = token[5] if kind == PIXELS else token[6]
                self._mark("element", pos, tag, length, encodings[-1], region, vr, value_pos)
                if kind == SEQUENCE:
                    encodings.append(token[7])
                elif kind == PIXELS:
                    encodings.append(encodings[-1])
            elif kind == ITEM_TOKEN:
                length = UNDEFINED_LENGTH if token[3] is None else token[3]
                self._mark("item", pos, ITEM, length, encodings[-1], region)
                encodings.append(token[5])
            elif kind == FRAGMENT:
                self._mark("fragment", pos, ITEM, token[4], encodings[-1], region)
            elif kind in _ENDS:
                if token[3] is not None:  # None: a defined length's end, no delimiter there
                    mark, tag = _ENDS[kind]
                    self._mark(mark, pos, tag, token[3], encodings[-1], region)
                encodings.pop()

    def _mark(self, kind, pos, tag, length, enc, region, vr=None, value_pos=0) -> None:
        if not enc.explicit_vr or vr is None:
            codec, vr = enc.item_header, ""  # the implicit layout, items' in every encoding
        else:
            long = value_pos - pos == enc.long_header.size
            codec = enc.long_header if long else enc.short_header
        size = codec.layout.subcons[-1].sizeof()  # the length, every header's last field
        where = (pos + codec.size - size, size, length, enc.explicit_vr, enc.little_endian)
        self.marks.append(_Mark(kind, pos, tag, vr, *where, region))

    def rebuild(self, region: str, new: bytes) -> bytes:
        if region == "file":
            return new
        return self.head + layouts.deflated_data_set.build(new) + self.trailer  # PS3.5 §A.5

    def region_bytes(self, region: str) -> bytes:
        return self.data if region == "file" else self.inflated or b""


# the tokens that close a sequence, item or encapsulated value: the mark of their delimiter
_ENDS = {
    ITEM_END: ("item delimiter", ITEM_DELIMITATION),
    SEQUENCE_END: ("sequence delimiter", SEQUENCE_DELIMITATION),
    PIXELS_END: ("sequence delimiter", SEQUENCE_DELIMITATION),
}


def _pack_length(mark: _Mark, value: int) -> bytes:
    enc = encoding(mark.explicit, mark.little)
    return (enc.u32 if mark.length_size == 4 else enc.u16).pack(value)


def _splice(data: bytes, start: int, stop: int, new: bytes) -> bytes:
    return data[:start] + new + data[stop:]


@st.composite
def _truncation(draw, layout: _Layout) -> Malformed:
    data = layout.data
    cut = draw(st.integers(0, max(0, len(data) - 1)))
    inside = [m for m in layout.marks if m.region == "file" and m.offset <= cut]
    where = f", inside the {inside[-1].name()}" if inside else ""
    if layout.inflated is not None and cut >= len(layout.head):
        where = ", inside the deflate stream"
    return Malformed(data[:cut], f"truncated to {cut} of {len(data)} bytes{where}")


@st.composite
def _corrupt_length(draw, layout: _Layout) -> Malformed:
    mark = draw(st.sampled_from(layout.marks))
    region = layout.region_bytes(mark.region)
    top = 0xFFFFFFFF if mark.length_size == 4 else 0xFFFF
    choices = [
        st.integers(-16, 16).map(lambda delta: (mark.length + delta) % (top + 1)),
        st.sampled_from(sorted({0, 1, top, top - 1, top // 2, min(top, len(region) + 2)})),
        st.integers(0, top),
    ]
    new = draw(st.one_of(choices).filter(lambda value: value != mark.length))
    broken = _splice(
        region, mark.length_offset, mark.length_offset + mark.length_size, _pack_length(mark, new)
    )
    return Malformed(
        layout.rebuild(mark.region, broken),
        f"length of the {mark.name()} changed from {mark.length} to {new}",
    )


_ODD_VR_CODES = (b"\0\0", b"  ", b"??", b"XX", b"ob", b"\xff\xff")


@st.composite
def _swapped_vr(draw, layout: _Layout) -> Malformed:
    marks = [m for m in layout.marks if m.kind == "element" and m.explicit]
    mark = draw(st.sampled_from(marks))
    codes = [vr.encode() for vr in tables.vr_table()] + list(_ODD_VR_CODES)
    new = draw(st.sampled_from(codes).filter(lambda code: code != mark.vr.encode("latin-1")))
    region = layout.region_bytes(mark.region)
    broken = _splice(region, mark.offset + 4, mark.offset + 6, new)
    return Malformed(
        layout.rebuild(mark.region, broken),
        f"VR of the {mark.name()} swapped from {mark.vr!r} to {new.decode('latin-1')!r}",
    )


@st.composite
def _missing_delimiter(draw, layout: _Layout) -> Malformed:
    marks = [m for m in layout.marks if m.kind.endswith("delimiter")]
    mark = draw(st.sampled_from(marks))
    region = layout.region_bytes(mark.region)
    broken = _splice(region, mark.offset, mark.offset + 8, b"")
    return Malformed(layout.rebuild(mark.region, broken), f"removed the {mark.name()}")


_SPECIAL_TAGS = (ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, 0x00000000, 0xFFFFFFFF)


@st.composite
def _changed_tag(draw, layout: _Layout) -> Malformed:
    mark = draw(st.sampled_from(layout.marks))
    new = draw(
        st.one_of(st.sampled_from(_SPECIAL_TAGS), st.integers(0, 0xFFFFFFFF)).filter(
            lambda tag: tag != mark.tag
        )
    )
    u16 = encoding(mark.explicit, mark.little).u16  # a tag is two 16-bit numbers (PS3.5 §7.1)
    region = layout.region_bytes(mark.region)
    broken = _splice(
        region, mark.offset, mark.offset + 4, u16.pack(new >> 16) + u16.pack(new & 0xFFFF)
    )
    return Malformed(
        layout.rebuild(mark.region, broken),
        f"tag of the {mark.name()} changed to ({new >> 16:04X},{new & 0xFFFF:04X})",
    )


@st.composite
def _overwritten_bytes(draw, layout: _Layout) -> Malformed:
    data = layout.data
    where = draw(st.integers(0, max(0, len(data) - 1)))
    new = draw(st.binary(min_size=1, max_size=8))
    broken = _splice(data, where, where + len(new), new)
    part = "the deflate stream" if layout.inflated is not None and where >= len(layout.head) else ""
    return Malformed(
        broken, f"{len(new)} byte(s) overwritten at byte {where}" + (f" ({part})" if part else "")
    )


@st.composite
def _inserted_bytes(draw, layout: _Layout) -> Malformed:
    data = layout.data
    where = draw(st.integers(0, len(data)))
    new = draw(st.binary(min_size=1, max_size=16))
    return Malformed(
        _splice(data, where, where, new), f"{len(new)} byte(s) inserted at byte {where}"
    )


def malformed_files(files: st.SearchStrategy[bytes] | None = None) -> st.SearchStrategy[Malformed]:
    """A valid file (from ``files``, by default :func:`dicom_files`) with one thing broken:
    truncated, a length corrupted, a VR swapped, a delimiter removed, a tag changed, bytes
    overwritten or inserted. Structural changes to a deflated file are made in its inflated
    data set, which is deflated again. Returns :class:`Malformed` ``(data, description)``."""
    return _malformed_files(files if files is not None else dicom_files())


@st.composite
def _malformed_files(draw, files: st.SearchStrategy[bytes]) -> Malformed:
    layout = _Layout(draw(files))
    kinds = [_truncation, _overwritten_bytes, _inserted_bytes]
    if layout.marks:
        kinds += [_corrupt_length, _corrupt_length, _changed_tag]
    if any(m.kind == "element" and m.explicit for m in layout.marks):
        kinds.append(_swapped_vr)
    if any(m.kind.endswith("delimiter") for m in layout.marks):
        kinds += [_missing_delimiter, _missing_delimiter]
    mutation = draw(st.sampled_from(kinds))
    return draw(mutation(layout))


# --- hostile values for assignment (issue 15) ------------------------------------------------
# What a careless or hostile caller assigns to an element: objects of types no VR holds,
# numbers past a binary VR's range, huge and odd numbers, nested containers. Each strategy
# gives (vr, value); ``valuerep.assignment_problem`` says which of them a VR refuses.


def _objects() -> st.SearchStrategy[Any]:
    """Values of Python types no VR holds."""
    return st.one_of(
        st.builds(object),
        st.complex_numbers(allow_nan=False, allow_infinity=False),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.sets(st.integers(), max_size=2),
        st.just(Ellipsis),
        st.builds(type, st.just("Hostile"), st.just(()), st.just({})),
    )


def wrong_type_values(vr: str) -> st.SearchStrategy[tuple[str, Any]]:
    """``(vr, value)`` with a value of a Python type ``vr`` cannot hold (PS3.5 Table 6.2-1):
    numbers for the text VRs, text and floats for the binary integer VRs, text for the float
    VRs and numbers for the OB-like VRs, and objects no VR holds."""
    wrong = [_objects()]
    info = _vr_table().get(vr)
    if vr in _text_vrs():
        wrong.append(st.integers() | st.floats(allow_nan=False))
    elif vr in _integer_ranges():
        wrong.append(st.floats(allow_nan=False) | st.text(min_size=1, max_size=8))
        if vr == "AT":
            wrong = [_objects(), st.floats(allow_nan=False)]
    elif vr in _float_vrs():
        wrong.append(st.text(max_size=8))
    elif info is not None and _is_bytes(info):
        wrong.append(st.integers() | st.floats(allow_nan=False) | st.text(max_size=8))
    elif vr in _number_string_vrs():
        wrong.append(st.lists(st.lists(st.integers(), max_size=2), min_size=1, max_size=2))
    return st.tuples(st.just(vr), st.one_of(wrong))


def out_of_range_numbers() -> st.SearchStrategy[tuple[str, int]]:
    """``(vr, number)`` with a whole number just past, or far past, what the binary integer VR
    ``vr`` holds (US, SS, UL, SL, UV, SV; AT as a 32-bit tag)."""

    @st.composite
    def draw_case(draw) -> tuple[str, int]:
        vr = draw(st.sampled_from(sorted(_integer_ranges())))
        low, high = _integer_ranges()[vr]
        past = draw(st.integers(min_value=1, max_value=2**80))
        if vr == "AT" or draw(st.booleans()):
            return vr, high + past
        return vr, low - past

    return draw_case()


def hostile_assignments() -> st.SearchStrategy[tuple[str, Any]]:
    """``(vr, value)`` for any standard VR but SQ with a value a caller might assign: the
    right types with extreme contents (huge numbers, NaN, long and control-character text,
    empty and nested lists, None among several values), wrong types and out-of-range
    numbers."""
    vrs = st.sampled_from(VALUE_VRS)
    extreme = st.one_of(
        st.none(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.text(max_size=80),
        st.binary(max_size=40),
        st.booleans(),
        st.lists(st.none() | st.integers(min_value=-(2**40), max_value=2**40), max_size=3),
        st.lists(st.text(max_size=5), max_size=3),
        st.lists(st.lists(st.integers(), max_size=2), min_size=2, max_size=2),
        _objects(),
    )
    return st.one_of(
        st.tuples(vrs, extreme),
        vrs.flatmap(wrong_type_values),
        out_of_range_numbers(),
    )
