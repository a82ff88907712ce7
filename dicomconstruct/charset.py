"""Character sets: Specific Character Set (0008,0005) terms to Python codecs, decoding, encoding.

Follows PS3.5 §6.1 (character repertoires, ISO 2022 code extensions) and PS3.3 C.12.1.1.2.
"""

# The semantics are pydicom's (charset.py): the same codec names, the same fallbacks (a
# warning, then the first codec with replacement characters), the same handling of escape
# sequences and of the delimiters that reset the code element (PS3.5 §6.1.2.5.3).
# One deliberate difference: ISO 2022 IR 58 (GB 2312 in G1) has its escape sequence removed
# before decoding and written when encoding, as for ISO 2022 IR 149; pydicom leaves it in
# the decoded text.

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from . import config
from .errors import CharsetDecodeError, CharsetEncodeError, DicomError, UnknownCharsetError

# PS3.5 §6.1.2.1: without (0008,0005) the repertoire is ISO-IR 6 (ASCII). Like pydicom we
# decode it as ISO 8859-1, which agrees on ASCII and never fails on stray 8-bit bytes.
default_encoding = "iso8859"

# PS3.3 Table C.12-2 (single-byte, no extensions), C.12-3 (single-byte with extensions),
# C.12-4 (multi-byte with extensions) and C.12-5 (multi-byte without extensions).
python_encoding = {
    "": default_encoding,
    "ISO_IR 6": default_encoding,
    "ISO_IR 13": "shift_jis",
    "ISO_IR 100": "latin_1",
    "ISO_IR 101": "iso8859_2",
    "ISO_IR 109": "iso8859_3",
    "ISO_IR 110": "iso8859_4",
    "ISO_IR 126": "iso_ir_126",  # Greek
    "ISO_IR 127": "iso_ir_127",  # Arabic
    "ISO_IR 138": "iso_ir_138",  # Hebrew
    "ISO_IR 144": "iso_ir_144",  # Cyrillic
    "ISO_IR 148": "iso_ir_148",  # Latin alphabet No. 5 (Turkish)
    "ISO_IR 166": "iso_ir_166",  # Thai
    "ISO_IR 192": "UTF8",  # Unicode in UTF-8
    "GB18030": "GB18030",
    "GBK": "GBK",
    "ISO 2022 IR 6": default_encoding,
    "ISO 2022 IR 13": "shift_jis",
    "ISO 2022 IR 87": "iso2022_jp",
    "ISO 2022 IR 100": "latin_1",
    "ISO 2022 IR 101": "iso8859_2",
    "ISO 2022 IR 109": "iso8859_3",
    "ISO 2022 IR 110": "iso8859_4",
    "ISO 2022 IR 126": "iso_ir_126",
    "ISO 2022 IR 127": "iso_ir_127",
    "ISO 2022 IR 138": "iso_ir_138",
    "ISO 2022 IR 144": "iso_ir_144",
    "ISO 2022 IR 148": "iso_ir_148",
    "ISO 2022 IR 149": "euc_kr",
    "ISO 2022 IR 159": "iso2022_jp_2",
    "ISO 2022 IR 166": "iso_ir_166",
    "ISO 2022 IR 58": "iso_ir_58",
    "ISO 2022 GBK": "GBK",  # CP 1234
    "ISO 2022 58": "GB2312",  # CP 1234
}

# PS3.3 Table C.12-5 and PS3.5 §6.1.2.5.4 d: these cannot be combined with code extensions.
STAND_ALONE_ENCODINGS = ("ISO_IR 192", "GBK", "GB18030")

ESC = b"\x1b"

# PS3.3 Tables C.12-3 and C.12-4: the escape sequence that designates each code element.
CODES_TO_ENCODINGS = {
    ESC + b"(B": default_encoding,  # ISO-IR 6 (ASCII) into G0
    ESC + b"-A": "latin_1",
    ESC + b")I": "shift_jis",  # ISO-IR 13 (JIS X 0201 katakana) into G1
    ESC + b"(J": "shift_jis",  # ISO-IR 14 (JIS X 0201 romaji) into G0
    ESC + b"$B": "iso2022_jp",  # ISO-IR 87 (JIS X 0208) into G0
    ESC + b"-B": "iso8859_2",
    ESC + b"-C": "iso8859_3",
    ESC + b"-D": "iso8859_4",
    ESC + b"-F": "iso_ir_126",
    ESC + b"-G": "iso_ir_127",
    ESC + b"-H": "iso_ir_138",
    ESC + b"-L": "iso_ir_144",
    ESC + b"-M": "iso_ir_148",
    ESC + b"-T": "iso_ir_166",
    ESC + b"$)C": "euc_kr",  # ISO-IR 149 (KS X 1001) into G1
    ESC + b"$(D": "iso2022_jp_2",  # ISO-IR 159 (JIS X 0212) into G0
    ESC + b"$)A": "iso_ir_58",  # ISO-IR 58 (GB 2312) into G1
}
ENCODINGS_TO_CODES = {codec: code for code, codec in CODES_TO_ENCODINGS.items()}
ENCODINGS_TO_CODES["shift_jis"] = ESC + b")I"

# Python's iso2022 codecs read and write their own escape sequences (they switch G0).
handled_encodings = ("iso2022_jp", "iso2022_jp_2")
# ... and need the sequence back to the first character set at the end of a value.
need_tail_escape_sequence_encodings = ("iso2022_jp", "iso2022_jp_2")

# PS3.5 §6.1.2.5.3: the delimiters after which the code elements return to their defaults.
TEXT_VR_DELIMS = frozenset({0x0D, 0x0A, 0x09, 0x0C})  # CR, LF, TAB, FF
PN_DELIMS = frozenset({0x5E})  # '^' (the '=' between groups is handled by splitting)

_FRAGMENTS = re.compile(b"(^[^\x1b]+|[\x1b][^\x1b]*)")


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def _strict() -> bool:
    """Whether reading is strict (``config.settings.reading_validation_mode`` RAISE): then a
    value its character set cannot decode raises instead of warning, as in pydicom."""
    return config.settings.reading_validation_mode == config.RAISE


def _unknown(term: str, lookup_error: LookupError | None = None) -> str:
    """The default encoding in place of ``term``, with pydicom's warning; when reading is
    strict, an UnknownCharsetError instead: with pydicom's message for a Specific Character
    Set term, or Python's (``lookup_error``) for a codec name given to decode with."""
    if _strict():
        raise UnknownCharsetError(str(lookup_error or f"Unknown encoding '{term}'")) from None
    _warn(f"Unknown encoding '{term}' - using default encoding instead")
    return default_encoding


# --- Specific Character Set -> codecs --------------------------------------------------------


def convert_encodings(specific_character_set: None | str | Iterable[str]) -> list[str]:
    """Python codec names for the values of (0008,0005) *Specific Character Set*.

    An empty first value is ISO-IR 6 (PS3.3 C.12.1.1.2). Common misspellings such as
    ``'ISO IR 100'`` or ``'ISO-2022-IR 87'`` are corrected with a warning; a Python codec
    name is accepted as is; anything else warns and becomes the default encoding. A
    stand-alone character set (UTF-8, GB18030, GBK) as the first value drops the others,
    elsewhere it is dropped (PS3.5 §6.1.2.5.4), each with a warning. Never raises.
    """
    if not specific_character_set:
        terms = [""]
    elif isinstance(specific_character_set, str):
        terms = [specific_character_set]
    else:
        terms = [str(term) for term in specific_character_set] or [""]
        if not terms[0]:
            terms[0] = "ISO_IR 6"
    result = []
    for term in terms:
        codec = python_encoding.get(term)
        result.append(codec if codec is not None else _corrected_encoding(term))
    if len(terms) > 1:
        result = _drop_stand_alone(terms, result)
    return result


def _corrected_encoding(term: str) -> str:
    patched = None
    if re.match("^ISO[^_]IR", term) is not None:
        patched = "ISO_IR" + term[6:]
    elif re.match("^(?=ISO.2022.IR.)(?!ISO 2022 IR )", term) is not None:
        patched = "ISO 2022 IR " + term[12:]
    if patched:
        codec = python_encoding.get(patched)
        if codec is not None:
            _warn(f"Incorrect value for Specific Character Set '{term}' - assuming '{patched}'")
            return codec
        return _unknown(term)
    try:  # already a Python codec name
        codecs.lookup(term)
        return term
    except (LookupError, ValueError):  # ValueError: a NUL inside the name
        return _unknown(term)


def _drop_stand_alone(terms: list[str], codecs_: list[str]) -> list[str]:
    if terms[0] in STAND_ALONE_ENCODINGS:
        _warn(
            f"Value '{terms[0]}' for Specific Character Set does not allow code "
            f"extensions, ignoring: {', '.join(terms[1:])}"
        )
        return codecs_[:1]
    for index in range(len(terms) - 1, 0, -1):
        if terms[index] in STAND_ALONE_ENCODINGS:
            _warn(f"Value '{terms[index]}' cannot be used as code extension, ignoring it")
            del codecs_[index]
    return codecs_


# --- decoding (PS3.5 §6.1.2.4, §6.1.2.5) ------------------------------------------------------


def decode_bytes(value: bytes, encodings: Sequence[str], delimiters: Iterable[int]) -> str:
    """Decode ``value`` with the codecs of its Specific Character Set.

    Text before any escape sequence is in the first codec; each escape sequence switches to
    the codec it designates (if that character set is in ``encodings``) until the next
    escape sequence or, for single-byte and G1 sets, the next of ``delimiters``. Bytes that
    cannot be decoded warn and come out as U+FFFD, an unknown codec warns and uses the default.
    """
    if ESC not in value:
        first = encodings[0] if encodings else default_encoding
        try:
            return value.decode(first)
        except LookupError as exc:
            return value.decode(_unknown(first, exc))
        except UnicodeDecodeError as exc:
            if _strict():
                raise CharsetDecodeError(exc) from None
            _warn(
                f"Failed to decode byte string with encoding '{first}' - "
                "using replacement characters in decoded string"
            )
            return value.decode(first, errors="replace")
    encodings = list(encodings) or [default_encoding]
    return "".join(
        _decode_fragment(fragment, encodings, delimiters) for fragment in _FRAGMENTS.findall(value)
    )


decode_string = decode_bytes  # pydicom's older name


def _decode_fragment(fragment: bytes, encodings: list[str], delimiters: Iterable[int]) -> str:
    try:
        if fragment[:1] == ESC:
            return _decode_escaped(fragment, encodings, delimiters)
        return fragment.decode(encodings[0])
    except (UnicodeError, LookupError) as exc:
        if _strict():
            if isinstance(exc, UnicodeDecodeError):
                raise CharsetDecodeError(exc) from None
            raise UnknownCharsetError(str(exc)) from None
        _warn(
            f"Failed to decode byte string with encodings: {', '.join(encodings)} - "
            "using replacement characters in decoded string"
        )
        try:
            return fragment.decode(encodings[0], errors="replace")
        except LookupError:
            return fragment.decode(default_encoding)


def _decode_escaped(fragment: bytes, encodings: list[str], delimiters: Iterable[int]) -> str:
    # Escape sequences are ESC plus 2 bytes, or 3 for the multi-byte sets ESC $ ( / ESC $ ).
    length = 4 if fragment.startswith((b"\x1b$(", b"\x1b$)")) else 3
    codec = CODES_TO_ENCODINGS.get(fragment[:length], "")
    if codec in encodings or codec == default_encoding:
        if codec in handled_encodings:
            return fragment.decode(codec)  # the codec reads the escape sequence itself
        text = fragment[length:]
        # PS3.5 §6.1.2.5.3: a delimiter returns to the first character set.
        for index, byte in enumerate(text):
            if byte in delimiters:
                return text[:index].decode(codec) + text[index:].decode(encodings[0])
        return text.decode(codec)
    if _strict():
        raise DicomError("Found unknown escape sequence in encoded string value")
    _warn(f"Found unknown escape sequence in encoded string value - using encoding {encodings[0]}")
    return fragment.decode(encodings[0], errors="replace")


# --- encoding ---------------------------------------------------------------------------------


def encode_string(value: str, encodings: Sequence[str]) -> bytes:
    """Encode ``value`` with the first of ``encodings`` that can, adding escape sequences.

    If no single codec can, the text is split into runs that each codec can encode
    (PS3.5 §6.1.2.5); failing that, it warns and encodes with replacement characters.
    """
    encodings = list(encodings) or [default_encoding]
    for index, codec in enumerate(encodings):
        try:
            encoded = _encode_with(value, codec)
        except (UnicodeError, LookupError):
            continue
        if index > 0 and codec not in handled_encodings:
            encoded = _escape_sequence_for(codec, encoded) + encoded
        if codec in need_tail_escape_sequence_encodings:
            encoded += _escape_sequence_for(encodings[0])
        return encoded
    if len(encodings) > 1:
        try:
            return _encode_in_parts(value, encodings)
        except ValueError:
            pass
    if config.settings.writing_validation_mode == config.RAISE:
        try:  # the first codec's own error, as pydicom raises it
            _encode_with(value, encodings[0])
        except UnicodeEncodeError as exc:
            raise CharsetEncodeError(exc) from None
        except LookupError:
            pass  # an unknown codec: warned and replaced below
    _warn(
        f"Failed to encode value with encodings: {', '.join(encodings)} - "
        "using replacement characters in encoded string"
    )
    try:
        return _encode_with(value, encodings[0], errors="replace")
    except LookupError:
        return value.encode(default_encoding, errors="replace")


def _encode_in_parts(value: str, encodings: list[str]) -> bytes:
    """Encode runs of ``value`` each with the codec that encodes the longest run."""
    encoded = bytearray()
    rest = value
    best = default_encoding
    while rest:
        best_end = 0
        for codec in encodings:
            try:
                _encode_with(rest, codec)
                best, best_end = codec, len(rest)
                break
            except UnicodeError as exc:
                if exc.start > best_end:
                    best, best_end = codec, exc.start
            except LookupError:
                continue
        if best_end == 0:
            raise ValueError("None of the given encodings can encode the first character")
        part = _encode_with(rest[:best_end], best)
        if best not in handled_encodings:
            encoded += _escape_sequence_for(best, part)
        encoded += part
        rest = rest[best_end:]
    if best in need_tail_escape_sequence_encodings:
        encoded += _escape_sequence_for(encodings[0])
    return bytes(encoded)


def _escape_sequence_for(codec: str, encoded: bytes | None = None) -> bytes:
    if codec == "shift_jis":
        # JIS X 0201: katakana (high bit set) is ISO-IR 13 in G1, romaji ISO-IR 14 in G0.
        if encoded and encoded[0] >= 0x80:
            return ESC + b")I"
        return ESC + b"(J"
    return ENCODINGS_TO_CODES.get(codec, b"")


def _encode_with(value: str, codec: str, errors: str = "strict") -> bytes:
    custom = _CUSTOM_ENCODERS.get(codec)
    if custom is not None:
        return custom(value, errors)
    return value.encode(codec, errors=errors)


def _encode_jis_x_0201(value: str, errors: str = "strict") -> bytes:
    """JIS X 0201 through shift_jis: single bytes only, all in G0 (romaji) or all in G1."""
    encoder = codecs.getincrementalencoder("shift_jis")()
    if errors != "strict" or not value:
        out = bytearray()
        for char in value:
            try:
                byte = encoder.encode(char)
            except UnicodeEncodeError:
                byte = b"?"
            out += byte if len(byte) == 1 and byte[0] < 0x80 else b"?"
        return bytes(out)
    first = encoder.encode(value[0])
    if len(first) != 1:
        raise UnicodeEncodeError("shift_jis", value, 0, len(value), "illegal multibyte sequence")
    high = first[0] & 0x80
    out = bytearray(first)
    for index, char in enumerate(value[1:], 1):
        try:
            byte = encoder.encode(char)
        except UnicodeEncodeError as exc:
            exc.start, exc.end = index, len(value)
            raise
        if len(byte) != 1 or (byte[0] & 0x80) != high:
            name = "ISO IR 13" if high else "ISO IR 14"
            raise UnicodeEncodeError(
                "shift_jis", value, index, len(value), f"Given character is out of {name}"
            )
        out += byte
    return bytes(out)


def _encoder_for_jis(term: str):
    codec = python_encoding[term]

    def encode(value: str, errors: str = "strict") -> bytes:
        # The codec switches sets at will; accept only text wholly in this one set.
        if errors != "strict":
            return value.encode(codec, errors=errors)
        encoder = codecs.getincrementalencoder(codec)()
        out = bytearray(encoder.encode(value[0]) if value else b"")
        if value and not out.startswith(ENCODINGS_TO_CODES[codec]):
            raise UnicodeEncodeError(
                codec, value, 0, len(value), f"Given character is out of {term}"
            )
        for index, char in enumerate(value[1:], 1):
            try:
                chunk = encoder.encode(char)
            except UnicodeEncodeError as exc:
                exc.start, exc.end = index, len(value)
                raise
            if chunk[:1] == ESC:
                raise UnicodeEncodeError(
                    codec, value, index, len(value), f"Given character is out of {term}"
                )
            out += chunk
        return bytes(out)

    return encode


_CUSTOM_ENCODERS = {
    "shift_jis": _encode_jis_x_0201,
    "iso2022_jp": _encoder_for_jis("ISO 2022 IR 87"),
    "iso2022_jp_2": _encoder_for_jis("ISO 2022 IR 159"),
}


def decode_element(elem: Any, dicom_character_set: str | list[str] | None) -> None:
    """Decode the value of ``elem`` (a DataElement) in place with (0008,0005) Specific
    Character Set ``dicom_character_set`` ('' or None: ISO_IR 6), as pydicom's: PN values
    by component group, the other VRs of PS3.5 §6.1.2.3 that take the character set as
    text; values already decoded are kept."""
    value = elem.value
    if not value:  # empty (a PersonName made from bytes is not decoded to say so)
        return
    encodings = convert_encodings(dicom_character_set or ["ISO_IR 6"])
    several = isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue"
    if elem.VR == "PN":
        if several:
            elem.value = [name.decode(encodings) for name in value]
        else:
            elem.value = value.decode(encodings)
    elif elem.VR in ("LO", "LT", "SH", "ST", "UC", "UT"):
        if several:
            elem.value = [
                v if isinstance(v, str) else decode_bytes(v, encodings, TEXT_VR_DELIMS)
                for v in value
            ]
        elif not isinstance(value, str):
            elem.value = decode_bytes(value, encodings, TEXT_VR_DELIMS)
