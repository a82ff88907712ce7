"""Decoding raw value bytes into the Python values pydicom gives, and converting assigned values.

Follows PS3.5 §6.2 (Table 6.2-1, value representations), §6.4 (multiplicity), §6.1 (text).
"""

# convert_value gives, for the same bytes, what pydicom 3.0.2's values.convert_value gives
# with its default configuration; where pydicom raises on bad data (a binary value whose
# length is not a multiple of its width) this decodes the whole values and warns instead.
# Dispatch is one dict get: _CONVERTERS maps each VR to a function (raw, little, encodings),
# built once at import; the binary ones take their struct format from tables.vr_info.

from __future__ import annotations

import datetime
import warnings
from functools import partial
from struct import Struct, calcsize, pack, unpack
from struct import error as StructError  # noqa: N812
from typing import Any

from . import config, tables
from .charset import TEXT_VR_DELIMS, decode_bytes, default_encoding, encode_string
from .errors import BytesLengthException, DicomError, InvalidValueError
from .multival import MultiValue
from .tag import BaseTag, Tag
from .uid import UID
from .valuerep import (
    AMBIGUOUS_VR,
    BYTES_VR,
    DEFAULT_CHARSET_VR,
    DS,
    IS,
    STR_VR,
    DSdecimal,
    DSfloat,
    PersonName,
    _ds_from_text,
    _is_from_text,
    _report,
    check_value,
    dicom_text,
)

__all__ = [
    "UnknownVRError",
    "convert_assigned_value",
    "convert_numbers",
    "convert_tag",
    "convert_retry_VR_order",
    "convert_value",
    "empty_value_for_VR",
    "encode_value",
    "multi_string",
]


class UnknownVRError(DicomError, NotImplementedError):
    """A VR that PS3.5 Table 6.2-1 does not define (pydicom raises NotImplementedError)."""


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=4)


# PS3.3 C.11.1.1.1 / C.7.6.3.1.5: the first value of a LUT descriptor is unsigned even when
# the others are SS; pydicom reads a negative first value as that number + 65536.
LUT_DESCRIPTOR_TAGS = frozenset({0x00281101, 0x00281102, 0x00281103, 0x00283002})

_LATIN1 = "latin-1"  # the default repertoire decoded as pydicom does ('iso8859'), fast path
_DEFAULT_ENCODINGS = (default_encoding,)
# Codec names Python decodes without a codec lookup (same codec, different spelling).
_FAST_CODEC = {"iso8859": _LATIN1, "latin_1": _LATIN1, "UTF8": "utf-8", "utf_8": "utf-8"}


def empty_value_for_VR(VR: str | None, raw: bool = False) -> Any:  # noqa: N802, N803
    """The value of an element with an empty value (pydicom's, default configuration).

    SQ gives an empty list, PN an empty :class:`PersonName`, the other text VRs except DS and
    IS an empty string, every other VR None; with ``raw``, ``b''`` instead for text and SQ.
    With ``config.use_none_as_empty_text_VR_value``, None for every VR but SQ (as pydicom).
    """
    if VR == "SQ":
        return b"" if raw else []
    if config.use_none_as_empty_text_VR_value:
        return None
    if VR == "PN":
        return b"" if raw else PersonName("")
    if VR in _EMPTY_STR_VR:
        return b"" if raw else ""
    return None


_EMPTY_STR_VR = STR_VR - {"DS", "IS"}


# --- text VRs (PS3.5 Table 6.2-1; padding per §6.2) ------------------------------------------


def _split(text: str, item_type: Any = str) -> Any:
    """One value, or a MultiValue of the values between backslashes (PS3.5 §6.4)."""
    if "\\" not in text:
        return item_type(text)
    if item_type is str:
        return MultiValue._of_converted(str, text.split("\\"))
    return MultiValue._of_converted(item_type, [item_type(item) for item in text.split("\\")])


def multi_string(val: str, valtype: Any = None) -> Any:
    """pydicom's multi_string: drop trailing spaces and NULs, then split on backslashes."""
    return _split(val.rstrip(" \x00"), valtype or str)


def _convert_string(raw: bytes, little: bool, encodings: Any) -> Any:
    # AS, CS, DA, DT, TM: default repertoire; trailing spaces (and NULs) are padding.
    return _split(raw.decode(_LATIN1).rstrip(" \x00"))


def _date_time_converter(vr: str) -> Any:
    """DA, DT, TM: strings, or with ``config.datetime_conversion`` date and time objects that
    keep their text (an empty value stays '', a value that does not parse warns and stays
    a string)."""
    from . import config, valuerep

    date_type = getattr(valuerep, vr)

    def one(text: str) -> Any:
        if not text:
            return text
        try:
            return date_type(text)
        except ValueError:
            _warn(f"Invalid value for VR {vr}: {text!r} - kept as a string")
            return text

    def convert(raw: bytes, little: bool, encodings: Any) -> Any:
        value = _convert_string(raw, little, encodings)
        if not config.datetime_conversion:
            return value
        if isinstance(value, MultiValue):
            return MultiValue._of_converted(date_type, [one(item) for item in value])
        return one(value)

    return convert


def _convert_ae(raw: bytes, little: bool, encodings: Any) -> Any:
    # AE: leading and trailing spaces are not significant.
    text = raw.decode(_LATIN1)
    if "\\" not in text:
        return text.strip()
    return MultiValue._of_converted(str, [item.strip() for item in text.split("\\")])


def _convert_ui(raw: bytes, little: bool, encodings: Any) -> Any:
    # UI: padded with a trailing NUL (PS3.5 §9.1).
    text = raw.decode(_LATIN1).rstrip("\x00 ")
    if "\\" not in text:
        return UID(text)
    return MultiValue._of_converted(UID, [UID(item) for item in text.split("\\")])


def _convert_ur(raw: bytes, little: bool, encodings: Any) -> Any:
    # UR: single-valued, trailing spaces are padding.
    return raw.decode(_LATIN1).rstrip()


def _convert_ds(raw: bytes, little: bool, encodings: Any) -> Any:
    text = raw.decode(_LATIN1).strip().rstrip(" \x00")
    if "\\" not in text:
        return _ds_from_text(text) if text else text
    items = [_ds_from_text(item) if item.strip() else item for item in text.split("\\")]
    return MultiValue._of_converted(DS, items)


def _convert_is(raw: bytes, little: bool, encodings: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if "\\" not in text:
        return _is_from_text(text) if text.strip() else text
    items = [_is_from_text(item) if item.strip() else item for item in text.split("\\")]
    return MultiValue._of_converted(IS, items)


def _decode(raw: bytes, encodings: Any) -> str:
    """Text in the Specific Character Set; the common case (no escape sequence) inline."""
    if not encodings:
        encodings = _DEFAULT_ENCODINGS
    elif isinstance(encodings, str):
        encodings = (encodings,)
    if b"\x1b" not in raw:
        first = encodings[0]
        try:
            return raw.decode(_FAST_CODEC.get(first, first))
        except (UnicodeError, LookupError):
            pass  # decode_bytes warns and falls back as pydicom does
    return decode_bytes(raw, encodings, TEXT_VR_DELIMS)


def _warn_length(vr: str, text: str, limit: int) -> None:
    # as config.settings.reading_validation_mode says (WARN by default), as pydicom's reading
    _report(vr, text, None)


def _text_converter(vr: str, multi_valued: bool, limit: int | None) -> Any:
    """LO, SH, UC (multi-valued) and LT, ST, UT: decoded with the Specific Character Set,
    trailing spaces and NULs stripped; the too-long warn, as pydicom's reading does."""
    limit = limit or 1 << 62
    fast_codec = _FAST_CODEC

    def decode(raw: bytes, encodings: Any) -> str:
        # The common case inline: one codec, no escape sequence (PS3.5 §6.1.2.5).
        if encodings and encodings.__class__ is not str and b"\x1b" not in raw:
            first = encodings[0]
            try:
                return raw.decode(fast_codec.get(first, first))
            except (UnicodeError, LookupError):
                pass
        return _decode(raw, encodings)

    if multi_valued:

        def convert(raw: bytes, little: bool, encodings: Any) -> Any:
            text = decode(raw, encodings)
            if "\\" not in text:
                if len(text) > limit:
                    _warn_length(vr, text, limit)
                return text.rstrip("\x00 ")
            items = text.split("\\")
            for item in items:
                if len(item) > limit:
                    _warn_length(vr, item, limit)
            return MultiValue._of_converted(str, [item.rstrip("\x00 ") for item in items])

    else:

        def convert(raw: bytes, little: bool, encodings: Any) -> Any:
            text = decode(raw, encodings)
            if len(text) > limit:
                _warn_length(vr, text, limit)
            return text.rstrip("\x00 ")

    return convert


def _convert_pn(raw: bytes, little: bool, encodings: Any) -> Any:
    # PN (PS3.5 §6.2.1): decoded as a whole, split into values, then into component groups.
    if not encodings:
        encodings = _DEFAULT_ENCODINGS
    elif isinstance(encodings, str):
        encodings = (encodings,)
    text = _decode(raw.rstrip(b"\x00 "), encodings)
    encodings = tuple(encodings)
    if "\\" not in text:
        return PersonName._from_text(text, encodings)
    return MultiValue._of_converted(
        PersonName, [PersonName._from_text(item, encodings) for item in text.split("\\")]
    )


# --- binary VRs (PS3.5 Table 6.2-1, byte order §7.3) -------------------------------------------


def _number_converter(vr: str, struct_format: str) -> Any:
    width = calcsize("=" + struct_format)
    one_little, one_big = Struct("<" + struct_format).unpack, Struct(">" + struct_format).unpack
    item_type = float if struct_format in ("f", "d") else int

    def convert(raw: bytes, little: bool, encodings: Any) -> Any:
        length = len(raw)
        if length == width:
            return (one_little if little else one_big)(raw)[0]
        count, extra = divmod(length, width)
        if extra:
            _warn(
                f"Expected the length of a {vr} value to be a multiple of {width}, got "
                f"{length}: the last {extra} byte(s) are ignored"
            )
            if not count:
                return None
            raw = raw[: count * width]
        values = unpack(f"{'<' if little else '>'}{count}{struct_format}", raw)
        if count == 1:
            return values[0]
        return MultiValue._of_converted(item_type, list(values))

    return convert


def _at_converter(struct_format: str) -> Any:
    one_little, one_big = Struct("<" + struct_format).unpack, Struct(">" + struct_format).unpack
    width = calcsize("=" + struct_format)

    def convert(raw: bytes, little: bool, encodings: Any) -> Any:
        length = len(raw)
        unpack_one = one_little if little else one_big
        if length == width:
            group, element = unpack_one(raw)
            return BaseTag(group << 16 | element)
        if length % width:  # pydicom warns and drops the rest (all of it when < 4 bytes)
            _warn(f"Expected length to be multiple of 4 for VR 'AT', got length {length}")
            length -= length % width
        tags = []
        for offset in range(0, length, width):
            group, element = unpack_one(raw[offset : offset + width])
            tags.append(BaseTag(group << 16 | element))
        return MultiValue._of_converted(Tag, tags)

    return convert


def _as_bytes(raw: bytes, little: bool, encodings: Any) -> bytes:
    # OB, OD, OF, OL, OV, OW, UN, and the ambiguous VRs: the bytes as stored (no swapping).
    return raw


def _build_converters() -> dict[str, Any]:
    special = {
        "AE": _convert_ae,
        "UI": _convert_ui,
        "UR": _convert_ur,
        "DS": _convert_ds,
        "IS": _convert_is,
        "PN": _convert_pn,
        "SQ": _as_bytes,  # sequences are parsed by the reader, not here
        "DA": _date_time_converter("DA"),
        "DT": _date_time_converter("DT"),
        "TM": _date_time_converter("TM"),
    }
    limits = _length_limits()
    converters: dict[str, Any] = {}
    for vr, info in tables.vr_table().items():
        if vr in special:
            converters[vr] = special[vr]
        elif vr in BYTES_VR:
            converters[vr] = _as_bytes
        elif vr == "AT":
            converters[vr] = _at_converter(info.struct_format)
        elif info.kind == "binary" and info.struct_format:
            converters[vr] = _number_converter(vr, info.struct_format)
        elif info.uses_charset:
            converters[vr] = _text_converter(vr, info.multi_valued, limits.get(vr))
        elif info.kind == "text":
            converters[vr] = _convert_string
        else:
            converters[vr] = _as_bytes
    for vr in AMBIGUOUS_VR:
        converters[vr] = _as_bytes
    return converters


def _length_limits() -> dict[str, int]:
    # pydicom's reading checks the length of these text VRs only (warning, never failing).
    return {vr: tables.vr_info(vr).max_length for vr in ("LO", "LT", "SH", "ST")}


# Built on first use, so that importing the package reads no table (schemas/vrs.tsv).
_CONVERTERS: dict[str, Any] = {}


def _converter(vr: str) -> Any:
    if not _CONVERTERS:
        _CONVERTERS.update(_build_converters())
    return _CONVERTERS.get(vr)


# pydicom's values.convert_retry_VR_order: the VRs tried in turn for a value its own VR
# cannot convert (assign another list to change them). The first that converts the bytes gives
# the value, with a warning; if none does, the value is the bytes as stored.
convert_retry_VR_order = [
    "SH", "UL", "SL", "US", "SS", "FL", "FD", "OF", "OB", "UI", "DA",
    "TM", "PN", "IS", "DS", "LT", "SQ", "UN", "AT", "OW", "DT", "UT",
]  # fmt: skip


def _fallback(vr: str, raw: bytes, little: bool, encodings: Any) -> Any:
    """The value of ``raw`` as the first VR of :data:`convert_retry_VR_order` that converts
    it (a binary number VR only for a whole number of its values), else ``raw``."""
    for other in convert_retry_VR_order:
        converter = _converter(other)
        if other == vr or converter is None or whole_values_problem(other, raw):
            continue
        try:
            value = converter(raw, little, encodings)
        except (ValueError, OverflowError, LookupError):  # DicomError, UnicodeError included
            continue
        _warn(f"Invalid value for VR {vr}: {raw!r} - read as VR {other}")
        return value
    _warn(f"Invalid value for VR {vr}: {raw!r} - kept as bytes")
    return raw


def convert_value(
    VR: str,  # noqa: N803 - pydicom's name
    raw: Any,
    is_little_endian: Any = True,
    encodings: list[str] | None = None,
    *,
    tag: int | None = None,
) -> Any:
    """The Python value of the raw value bytes ``raw`` of an element with VR ``VR``.

    ``encodings`` are the Python codecs of the Specific Character Set (see
    :func:`~dicomconstruct.charset.convert_encodings`); only PN, SH, LO, ST, LT, UC and UT use
    them. Values with VM > 1 come as a :class:`MultiValue`. Bad data never raises: it warns
    and gives what pydicom gives (text kept as a string, undecodable bytes replaced). Given
    ``tag``, a LUT descriptor's first value is read as unsigned, as pydicom does.

    pydicom's form, ``convert_value(VR, raw_data_element, encodings)`` (an element with
    ``value``, ``is_little_endian`` and ``tag``), is accepted too, and then looks ``VR`` up
    in the public :data:`converters` table as pydicom does.
    """
    if raw.__class__ is not bytes:
        if raw is None or (hasattr(raw, "value") and hasattr(raw, "tag")):
            # pydicom's form: the third argument is the encodings, if given
            given = None if isinstance(is_little_endian, bool) else is_little_endian
            return _convert_raw_element(VR, raw, given if encodings is None else encodings)
        raw = bytes(raw)
    converter = _CONVERTERS.get(VR) or _converter(VR)
    if converter is None:
        raise UnknownVRError(f"Unknown Value Representation {VR!r}")
    if not raw:
        return empty_value_for_VR(VR)
    try:
        value = converter(raw, is_little_endian, encodings)
    except (ValueError, OverflowError) as exc:  # OverflowError: an IS such as '1e999'
        if config.settings.reading_validation_mode == config.RAISE:  # strict: pydicom raises
            raise exc if isinstance(exc, DicomError) else DicomError(str(exc)) from None
        value = _fallback(VR, raw, is_little_endian, encodings)
    if tag is not None and tag in LUT_DESCRIPTOR_TAGS:
        value = fix_lut_descriptor(value)
    return value


def _convert_raw_element(VR: str, raw: Any, encodings: Any) -> Any:  # noqa: N803
    """pydicom's ``convert_value(VR, raw_data_element, encodings)``."""
    if VR not in _public_converters():
        shown = VR if VR.isascii() and VR.isalpha() else " ".join(f"0x{ord(c):02x}" for c in VR)
        raise UnknownVRError(f"Unknown Value Representation '{shown}'")
    value = None if raw is None else raw.value
    if not value:
        return empty_value_for_VR(VR)
    if isinstance(encodings, str):
        encodings = [encodings]
    problem = whole_values_problem(VR, value)
    if problem is not None:  # pydicom's convert_numbers raises here (the bytes-only form warns)
        raise BytesLengthException(problem)
    little = getattr(raw, "is_little_endian", True)
    if VR == "SQ":  # the items, read from the value's bytes (pydicom's convert_SQ)
        implicit = getattr(raw, "is_implicit_VR", False)
        offset = getattr(raw, "value_tell", 0) or 0
        return convert_SQ(bytes(value), implicit, little, encodings, offset)
    return convert_value(VR, bytes(value), little, encodings, tag=getattr(raw, "tag", None))


_NUMBER_VRS = frozenset({"FD", "FL", "SL", "SS", "SV", "UL", "US", "UV"})


def whole_values_problem(vr: str, data: bytes) -> str | None:
    """pydicom's message for the bytes of a binary number VR that are not a whole number of
    its values (PS3.5 Table 6.2-1), else None."""
    if vr not in _NUMBER_VRS or not data:
        return None
    info = tables.vr_table()[vr]
    width = info.value_width
    if not len(data) % width:
        return None
    return (
        "Expected total bytes to be an even multiple of bytes per value. Instead received "
        f"{bytes(data)!r} with length {len(data)} and struct format "
        f"'{info.struct_format[0]}' which corresponds to bytes per value of {width}."
    )


def fix_lut_descriptor(value: Any) -> Any:
    """A LUT descriptor's first value as unsigned (PS3.3 C.11.1.1.1), as pydicom reads it."""
    if isinstance(value, MultiValue) and value and isinstance(value[0], int) and value[0] < 0:
        value[0] += 65536
    return value


# --- pydicom's helper names ----------------------------------------------------------------


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> BaseTag:
    """The tag stored in the 4 bytes at ``offset``."""
    if len(byte_string) < 4:
        raise ValueError("byte string too short - must be at least 4 bytes long.")
    group, element = unpack("<HH" if is_little_endian else ">HH", byte_string[offset : offset + 4])
    return BaseTag(group << 16 | element)


def convert_numbers(byte_string: bytes, is_little_endian: bool, struct_format: str) -> Any:
    """Binary numbers: '' when empty, one number, or a MultiValue of them."""
    if not byte_string:
        return ""
    return _number_converter(struct_format, struct_format)(byte_string, is_little_endian, None)


# --- assigned values (pydicom's DataElement._convert_value) ----------------------------------


def _keep(value: Any) -> Any:
    return value


def _convert_one(vr: str, value: Any, mode: int | None = None) -> Any:
    # ``mode``: the validation mode (None: config.settings.reading_validation_mode)
    if vr in DEFAULT_CHARSET_VR and isinstance(value, bytes):
        value = value.decode()
    if vr == "IS":
        return IS(value, mode)
    if vr == "DS":
        if value is None or isinstance(value, (str, DSfloat, DSdecimal)):
            return DS(value, False, mode)
        # A number assigned to a DS gets a text of at most 16 characters (PS3.5 Table 6.2-1).
        return DS(value, True, mode)
    if vr in ("DA", "DT", "TM") and config.datetime_conversion and value not in (None, ""):
        from . import valuerep  # as pydicom: text becomes DA, DT, TM (ValueError if it can't)

        return getattr(valuerep, vr)(value, validation_mode=mode)
    if vr == "UI":
        return UID(value, mode) if value is not None else None
    if vr == "PN":
        return PersonName(value, validation_mode=mode)
    if vr == "AT":
        if value == 0 or value:
            return value if isinstance(value, BaseTag) else Tag(value)
        return value
    _report(vr, value, mode)
    return value


def convert_assigned_value(
    VR: str,  # noqa: N803
    value: Any,
    tag: int | None = None,
    validation_mode: int | None = None,
) -> Any:
    """A value assigned by the user, in the types ``convert_value`` gives (pydicom's setter).

    Lists become a :class:`MultiValue` (one item: the item itself); strings and numbers are
    made ``IS``, ``DSfloat`` (numbers auto-formatted to at most 16 characters), ``UID``,
    ``PersonName`` or ``Tag`` as the VR says; other values are checked and kept, with a
    warning when they are not valid for the VR.
    """
    if VR == "SQ":  # the tree (DataElement's setter) makes items a Sequence
        return value
    if isinstance(value, (bytes, bytearray, memoryview)) and (VR in BYTES_VR or VR in AMBIGUOUS_VR):
        return value
    if not hasattr(value, "append"):
        return _convert_one(VR, value, validation_mode)
    if len(value) == 1:
        return _convert_one(VR, value[0], validation_mode)
    if tag is not None and tag in LUT_DESCRIPTOR_TAGS and value:
        return MultiValue(_keep, value)
    return MultiValue(partial(_convert_one, VR, mode=validation_mode), value)


# --- encoding: the inverse of convert_value, one encoder per VR (PS3.5 §6.2, §6.4, §7.3) ------
# Each encoder takes (value, little, encodings) and gives the value's bytes before padding;
# ``encode_value`` checks the value (valuerep.check_value) and pads it to even length with the
# VR's padding byte (schemas/vrs.tsv). A value that cannot be encoded raises DicomError.


def _items(value: Any) -> list[Any]:
    """The values of an element: a MultiValue or list as its items, one value as one item."""
    if isinstance(value, (MultiValue, list, tuple)):
        return list(value)
    return [value]


def _as_text(item: Any) -> str:
    """One value of a default-repertoire text VR as text: DS/IS/DA/DT/TM keep the text they
    were made from; date and time objects take the formats of PS3.5 Table 6.2-1."""
    if item is None:
        return ""
    if isinstance(item, str):
        return item
    original = getattr(item, "original_string", None)
    if isinstance(original, str):
        return original
    if isinstance(item, (datetime.date, datetime.time)):
        return dicom_text(item)
    return str(item)


def _encode_default_text(value: Any, little: bool, encodings: Any) -> bytes:
    # AE, AS, CS, DA, DS, DT, IS, TM, UI, UR: the default repertoire (PS3.5 §6.1.2.1)
    text = "\\".join(_as_text(item) for item in _items(value))
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        raise DicomError(f"{text!r} has characters outside the default repertoire") from None


def _encode_text(value: Any, little: bool, encodings: Any) -> bytes:
    # LO, LT, SH, ST, UC, UT: in the Specific Character Set; each value encoded on its own,
    # so ISO 2022 escapes return to the default at every backslash (PS3.5 §6.1.2.5.3)
    # text given as bytes is taken as already encoded, and written as it is (as pydicom)
    encodings = _encodings_list(encodings)
    return b"\\".join(
        bytes(item)
        if isinstance(item, (bytes, bytearray))
        else encode_string(_as_text(item), encodings)
        for item in _items(value)
    )


def _encode_pn(value: Any, little: bool, encodings: Any) -> bytes:
    encodings = _encodings_list(encodings)
    parts = []
    for item in _items(value):
        if item is None:
            item = ""
        name = item if isinstance(item, PersonName) else PersonName(item)
        parts.append(name.encode(encodings))
    return b"\\".join(parts)


def _encodings_list(encodings: Any) -> list[str]:
    if not encodings:
        return [default_encoding]
    return [encodings] if isinstance(encodings, str) else list(encodings)


def _number_encoder(vr: str, struct_format: str) -> Any:
    def encode(value: Any, little: bool, encodings: Any) -> bytes:
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)  # already the bytes of the values, in the file's byte order
        numbers = _items(value)
        try:
            return pack(f"{'<' if little else '>'}{len(numbers)}{struct_format}", *numbers)
        except (StructError, TypeError, OverflowError) as exc:
            raise DicomError(f"{numbers!r} cannot be encoded as {vr}: {exc}") from None

    return encode


def _encode_at(value: Any, little: bool, encodings: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    tags = [Tag(item) for item in _items(value)]
    return pack(f"{'<' if little else '>'}{2 * len(tags)}H", *_tag_halves(tags))


def _tag_halves(tags: list[BaseTag]):
    for tag in tags:
        yield tag >> 16
        yield tag & 0xFFFF


def _encode_bytes(value: Any, little: bool, encodings: Any) -> bytes:
    # OB, OD, OF, OL, OV, OW, UN: bytes as given (the caller swaps byte order, see swap_bytes)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise DicomError(f"a value of type '{type(value).__name__}' is not bytes")


def _build_encoders() -> dict[str, Any]:
    special = {"PN": _encode_pn, "AT": _encode_at}
    encoders: dict[str, Any] = {}
    for vr, info in tables.vr_table().items():
        if vr in special:
            encoders[vr] = special[vr]
        elif vr in BYTES_VR:
            encoders[vr] = _encode_bytes
        elif info.kind == "binary" and info.struct_format:
            encoders[vr] = _number_encoder(vr, info.struct_format)
        elif info.uses_charset:
            encoders[vr] = _encode_text
        elif info.kind == "text":
            encoders[vr] = _encode_default_text
    return encoders


_ENCODERS: dict[str, Any] = {}


def encode_value(
    VR: str,  # noqa: N803 - pydicom's name
    value: Any,
    is_little_endian: bool = True,
    encodings: list[str] | None = None,
    check: bool = True,
) -> bytes:
    """The bytes of ``value`` as an element of VR ``VR`` holds them, padded to even length
    (PS3.5 §7.1.1) with the VR's padding byte: the inverse of :func:`convert_value`.

    The value is checked first (type, length, characters; see ``valuerep.check_value``): one
    that cannot be encoded raises :class:`DicomError` saying why; text outside its VR's
    repertoire, format or length, which can still be written as given, raises
    :class:`InvalidValueError` (``check=False`` writes it: the writer's choice, by
    ``config.settings.writing_validation_mode``). Sequences are not values here: the writer
    encodes their items.
    """
    if not _ENCODERS:
        _ENCODERS.update(_build_encoders())
    encoder = _ENCODERS.get(VR)
    if encoder is None:
        if VR in tables.vr_table():  # SQ
            raise DicomError(f"a {VR} value is written by the writer, not encoded as a value")
        raise UnknownVRError(f"Unknown Value Representation {VR!r}")
    if value is None or (not isinstance(value, (int, float)) and len(_items(value)) == 0):
        return b""
    if value == "" and isinstance(value, str):  # an empty value of any VR (an AT, say)
        return b""
    problem = check_value(VR, value) if check else None
    if problem:
        raise (InvalidValueError if _text_as_given(VR, value) else DicomError)(problem)
    data = encoder(value, is_little_endian, encodings)
    if len(data) % 2:
        data += tables.vr_info(VR).padding
    return data


def _text_as_given(vr: str, value: Any) -> bool:
    """Whether a value that fails its check is text of a text VR (str or bytes, one or
    several), which the encoder writes as given: not a type or a number it cannot hold."""
    if vr not in STR_VR:
        return False
    items = value if isinstance(value, (list, tuple, MultiValue)) else (value,)
    return all(item is None or isinstance(item, (str, bytes, PersonName)) for item in items)


def swap_bytes(data: bytes, width: int) -> bytes:
    """``data`` with the byte order of each ``width``-byte value reversed (PS3.5 §7.3): how a
    value of OW, OF, OD, OL or OV moves between little and big endian."""
    if width <= 1 or len(data) % width:
        return data
    swapped = bytearray(data)
    for index in range(width):
        swapped[index::width] = data[width - 1 - index :: width]
    return bytes(swapped)


# --- pydicom's per-VR converters (values.convert_*), over the decoders above ------------------
# Each has pydicom 3.0.2's signature; they call the same decoders convert_value uses.


def _decoded(vr: str, byte_string: bytes, little: bool = True, encodings: Any = None) -> Any:
    if not byte_string:
        return empty_value_for_VR(vr) if vr not in _TEXT_LIKE else ""
    return _converter(vr)(bytes(byte_string), little, encodings)


_TEXT_LIKE = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR"})


def convert_AE_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """An AE value: leading and trailing spaces removed (PS3.5 Table 6.2-1)."""
    return _decoded("AE", byte_string)


def convert_ATvalue(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """An AT value: a tag, a list of tags, or ``[]`` when empty; a length that is not a
    multiple of 4 is logged and the rest dropped, as pydicom."""
    from .config import logger

    length = len(byte_string)
    if length % 4:
        logger.warning(f"Expected length to be multiple of 4 for VR 'AT', got length {length}")
        byte_string = byte_string[: length - length % 4]
    if not byte_string:
        return MultiValue._of_converted(Tag, [])
    return _converter("AT")(bytes(byte_string), is_little_endian, None)


def convert_DA_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A DA value: text, or ``valuerep.DA`` with ``config.datetime_conversion``."""
    return _decoded("DA", byte_string)


def convert_DS_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A DS value (``DSfloat``, or ``DSdecimal`` with ``config.use_DS_decimal``)."""
    return _decoded("DS", byte_string)


def convert_DT_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A DT value: text, or ``valuerep.DT`` with ``config.datetime_conversion``."""
    return _decoded("DT", byte_string)


def convert_IS_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """An IS value (``valuerep.IS``)."""
    return _decoded("IS", byte_string)


def convert_OBvalue(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """An OB (OD, OL, OB or OW) value: the bytes as stored."""
    return byte_string


def convert_OWvalue(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """An OW (OF, US or SS...) value: the bytes as stored, never swapped."""
    return byte_string


def convert_OVvalue(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """An OV value: the bytes as stored."""
    return byte_string


def convert_PN(byte_string: bytes, encodings: list[str] | None = None) -> Any:  # noqa: N802
    """A PN value (``valuerep.PersonName``), decoded with ``encodings`` (PS3.5 §6.2.1)."""
    return _decoded("PN", byte_string, True, encodings) if byte_string else ""


def convert_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A value in the default repertoire (AS, CS...), split on backslashes."""
    return _decoded("CS", byte_string)


def convert_text(
    byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None
) -> Any:
    """A multi-valued text value (SH, LO, UC) decoded with ``encodings``, trailing spaces and
    NULs removed from each value; ``vr`` also checks its maximum length."""
    return _decoded(vr or "UC", byte_string, True, encodings) if byte_string else ""


def convert_single_string(
    byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None
) -> str:
    """A single-valued text (ST, LT, UT) decoded with ``encodings``: backslashes are
    characters, trailing spaces and NULs removed; ``vr`` also checks its maximum length."""
    return _decoded(vr or "UT", byte_string, True, encodings) if byte_string else ""


def convert_SQ(  # noqa: N802 - pydicom's name
    byte_string: bytes,
    is_implicit_VR: bool,  # noqa: N803
    is_little_endian: bool,
    encoding: list[str] | None = None,
    offset: int = 0,
) -> Any:
    """A sequence's items, read from its value bytes (PS3.5 §7.5) by the reader."""
    from io import BytesIO

    from .filereader import read_dataset  # the reader sits above values: pydicom's upcall

    # The reader reads elements, so the value is given one: a header of (0008,1115) SQ
    # (PS3.5 §7.1.2 explicit, §7.1.3 implicit) in the byte order given.
    order = "<" if is_little_endian else ">"
    head = pack(f"{order}HH", 0x0008, 0x1115)
    head += pack(f"{order}L", len(byte_string)) if is_implicit_VR else b"SQ\0\0"
    head += b"" if is_implicit_VR else pack(f"{order}L", len(byte_string))
    ds = read_dataset(BytesIO(head + bytes(byte_string)), is_implicit_VR, is_little_endian)
    return ds[0x00081115].value


def convert_TM_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A TM value: text, or ``valuerep.TM`` with ``config.datetime_conversion``."""
    return _decoded("TM", byte_string)


def convert_UI(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """A UI value (``uid.UID``), its NUL padding removed (PS3.5 §9.1)."""
    return _decoded("UI", byte_string)


def convert_UN(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """A UN value: the bytes as stored."""
    return byte_string


def convert_UR_string(  # noqa: N802 - pydicom's name
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str:
    """A UR value: trailing spaces removed."""
    return _decoded("UR", byte_string)


def _numbers(vr: str) -> Any:
    def convert(
        byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
    ) -> Any:
        return _decoded(vr, byte_string, is_little_endian) if byte_string else ""

    convert.__name__ = convert.__qualname__ = f"convert_{vr}_numbers"
    convert.__doc__ = f"A {vr} value: one number, or a MultiValue of them."
    return convert


def _build_public_converters() -> dict[str, Any]:
    """pydicom's ``converters``: one function per VR of PS3.5 Table 6.2-1 (and the ambiguous
    VRs), each ``f(byte_string, is_little_endian, ...)`` as pydicom's."""
    table: dict[str, Any] = {
        "AE": convert_AE_string,
        "AT": convert_ATvalue,
        "DA": convert_DA_string,
        "DS": convert_DS_string,
        "DT": convert_DT_string,
        "IS": convert_IS_string,
        "LO": convert_text,
        "SH": convert_text,
        "UC": convert_text,
        "LT": convert_single_string,
        "ST": convert_single_string,
        "UT": convert_single_string,
        "OB": convert_OBvalue,
        "OD": convert_OBvalue,
        "OL": convert_OBvalue,
        "OF": convert_OWvalue,
        "OW": convert_OWvalue,
        "OV": convert_OVvalue,
        "PN": convert_PN,
        "SQ": convert_SQ,
        "TM": convert_TM_string,
        "UI": convert_UI,
        "UN": convert_UN,
        "UR": convert_UR_string,
        "AS": convert_string,
        "CS": convert_string,
    }
    for vr, info in tables.vr_table().items():
        if vr not in table and info.kind == "binary" and info.struct_format:
            table[vr] = _numbers(vr)
    for vr in AMBIGUOUS_VR:
        table[vr] = convert_OWvalue if vr != "OB or OW" else convert_OBvalue
    return table


def _public_converters() -> dict[str, Any]:
    table = globals().get("converters")
    if table is None:
        table = globals()["converters"] = _build_public_converters()
    return table


def __getattr__(name: str) -> Any:
    # ``converters`` is built on first use, so that importing the package reads no table.
    if name == "converters":
        return _public_converters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
