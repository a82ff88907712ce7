"""How a file says (or does not say) how it is encoded: preamble and prefix (PS3.10 §7.1), the
encoding of the File Meta Information, and guessing or checking a data set's encoding.
"""

from __future__ import annotations

from typing import Any

from .. import tables
from .layouts import (
    ITEM,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
    FixedCodec,
    encoding,
    file_preamble,
)

_PREAMBLE = FixedCodec(file_preamble)
PREAMBLE_SIZE = _PREAMBLE.size  # 128 bytes and 'DICM'


def looks_like_vr(code: bytes) -> bool:
    """Two upper-case ASCII letters (PS3.5 §6.2), whether or not a VR of Table 6.2-1."""
    return len(code) == 2 and 0x41 <= code[0] <= 0x5A and 0x41 <= code[1] <= 0x5A


def find_prefix(buf: Any, pos: int) -> tuple[bytes | None, int]:
    """(preamble or None, position after the 'DICM' prefix); (None, pos) when there is none."""
    if len(buf) - pos >= PREAMBLE_SIZE:
        preamble, prefix = _PREAMBLE.unpack_from(buf, pos)
        if prefix == b"DICM":
            return bytes(preamble), pos + PREAMBLE_SIZE
    if buf[pos : pos + 4] == b"DICM":
        return None, pos + 4
    return None, pos


def misplaced_prefix(buf: Any, pos: int) -> int | None:
    """Where 'DICM' and a group 0002 element start within the first 260 bytes at ``pos`` when
    not after a 128-byte preamble (bytes added before it, or preamble bytes lost), else None."""
    at = bytes(buf[pos : pos + PREAMBLE_SIZE + 128]).find(b"DICM\x02\x00")
    return pos + at if 0 < at != PREAMBLE_SIZE - 4 else None


def meta_encoding(buf: Any, pos: int) -> Encoding | None:
    """PS3.10 §7.1: the File Meta Information is explicit VR little endian; some writers use
    implicit VR (its first element then has no VR). None when no group 0002 starts at ``pos``."""
    if buf[pos : pos + 2] != b"\x02\x00":
        return None
    if len(buf) - pos >= 8 and buf[pos + 4 : pos + 6] not in tables.vr_codes():
        return encoding(False, True)
    return encoding(True, True)


def syntax_uid_text(raw: bytes) -> str:
    """The Transfer Syntax UID (0002,0010) its bytes give, as the reader and the writer take
    it: PS3.5 Table 6.2-1 pads a UI with a trailing NUL; a space (as some writers pad) is
    dropped too, anything else (a tab, say) stays and leaves the UID unknown."""
    return raw.decode("latin-1").strip("\0 ")


def declared_encoding(uid: str | None) -> tuple[Encoding | None, bool]:
    """(encoding, deflated) of a Transfer Syntax UID; encoding None when missing or unknown."""
    syntax = tables.transfer_syntax(uid) if uid is not None else None
    if syntax is None:
        return None, False
    return encoding(not syntax.implicit_vr, syntax.little_endian), syntax.deflated


def unknown_syntax_message(uid: str, guessed: Encoding) -> str:
    """The warning of a Transfer Syntax UID no table knows: the data set is read in the
    encoding guessed; an implicit VR one says so in pydicom's words (pydicom reads such a data
    set as explicit VR little endian, PS3.5 §10, until it finds implicit VR)."""
    message = f"unknown Transfer Syntax UID {uid!r}: guessing the encoding"
    if not guessed.explicit_vr:
        message += " (Expected explicit VR, but found implicit VR - using implicit VR for reading)"
    return message


def fixed_headers(enc: Encoding) -> tuple:
    """The header unpackers of ``enc`` (short, long): the codecs derived from the layouts."""
    return enc.short_header.unpack_from, enc.long_header.unpack_from


def plausible_elements(
    buf: Any, pos: int, enc: Encoding, limit: int = 8, headers: Any = fixed_headers
) -> int:
    """How many of the first ``limit`` elements at ``pos`` read plausibly in ``enc``: each
    header whole, each length within the data, tags ascending (a tie keeps the earlier guess).
    ``headers(enc)`` gives the (short, long) header unpackers: by default the fast codecs, the
    construct engine's parse with the structs themselves (``codec/engine_layouts.py``)."""
    end = len(buf)
    unpack_short, unpack_long = headers(enc)
    previous = -1
    vr_names, long_vrs = tables.vr_codes(), tables.long_length_vrs()
    for count in range(limit):
        if end - pos < 8:
            return count + (limit if pos == end else 0)
        if enc.explicit_vr:
            group, element, vr_code, length = unpack_short(buf, pos)
            if vr_code not in vr_names:
                return count
            if vr_code in long_vrs:
                if end - pos < 12:
                    return count
                length = unpack_long(buf, pos)[4]
                pos += 12
            else:
                pos += 8
        else:
            group, element, length = unpack_short(buf, pos)
            pos += 8
        tag = group << 16 | element
        if tag <= previous:
            return count
        previous = tag
        if length == UNDEFINED_LENGTH:
            # PS3.5 §7.5.1, §A.4: an undefined-length value starts with an Item tag, or is an
            # empty sequence's Sequence Delimitation Item, in the data set's byte order (the
            # byte order a group 0000 tag such as (0000,0402) cannot tell on its own)
            if end - pos < 4:
                return count + 1
            marker = enc.u16.unpack_from(buf, pos)[0] << 16 | enc.u16.unpack_from(buf, pos + 2)[0]
            return count + 2 if marker in (ITEM, SEQUENCE_DELIMITATION) else count
        if length > end - pos:
            return count
        pos += length
    return limit


def guess_encoding(buf: Any, pos: int, headers: Any = fixed_headers) -> tuple[Encoding, int]:
    """The encoding of a data set whose Transfer Syntax UID is missing or unknown: the first of
    explicit/implicit VR little/big endian under which the first elements read most plausibly;
    with its score."""
    candidates = [
        encoding(explicit, little) for little in (True, False) for explicit in (True, False)
    ]
    scores = [plausible_elements(buf, pos, enc, headers=headers) for enc in candidates]
    best = max(range(len(candidates)), key=scores.__getitem__)
    return candidates[best], scores[best]


def stray_leading_bytes(buf: Any, pos: int, most: int = 16, headers: Any = fixed_headers) -> int:
    """How many bytes at ``pos`` come before the first plausible element (at most ``most``), in
    a bare data set (pydicom's no_meta.dcm starts with one stray byte)."""
    for skip in range(most):
        if guess_encoding(buf, pos + skip, headers)[1] >= 3:
            return skip
    return 0


def mismatch_message(declared: Encoding, found: Encoding) -> str:
    """What a ``transfer-syntax-mismatch`` fault says when the data set reads only in
    ``found`` (``check_encoding``), not in the ``declared`` encoding of its Transfer Syntax."""
    if found.little_endian != declared.little_endian:
        return (
            f"the meta declares {declared.name}, but the data set reads only as "
            f"{found.name} - using {found.name} for reading"
        )
    found_vr = "explicit" if found.explicit_vr else "implicit"
    return (  # pydicom's message
        f"Expected {'explicit' if declared.explicit_vr else 'implicit'} VR, but found "
        f"{found_vr} VR - using {found_vr} VR for reading"
    )


def check_encoding(buf: Any, pos: int, enc: Encoding, headers: Any = fixed_headers) -> Encoding:
    """The data set's real encoding: a file whose meta says explicit but whose first element
    has no VR (or the reverse) is read as it is written (as pydicom does); an unknown VR still
    means explicit. A file whose first element cannot be read at all in the declared byte
    order, but whose first elements read plausibly in the other, is read in the other."""
    if len(buf) - pos < 8:
        return enc
    found_explicit = buf[pos + 4 : pos + 6] in tables.vr_codes()
    if found_explicit != enc.explicit_vr and (
        found_explicit or not looks_like_vr(bytes(buf[pos + 4 : pos + 6]))
    ):
        enc = encoding(found_explicit, enc.little_endian)
    if plausible_elements(buf, pos, enc, 1, headers) == 0:
        other = encoding(enc.explicit_vr, not enc.little_endian)
        if plausible_elements(buf, pos, other, 3, headers) == 3:
            return other
    return enc


# An explicit-VR header whose VR is two letters but none of PS3.5 Table 6.2-1's has a 16-bit
# length (the 8-byte form of Table 7.1-2), as pydicom reads it, so that what is read writes
# back as it was. dcmtk instead reads the 12-byte form of Table 7.1-1 when the reserved bytes
# are 0000H (every VR added since 2007 has it); both the strict reader and inspection follow
# pydicom, and testdata/malformed/unknown_vr_long_length.dcm shows the difference.
UNKNOWN_VR_RULE = "16-bit length"
