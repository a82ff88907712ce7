"""Lookups in the generated tables under schemas/: data dictionary, VRs, transfer syntaxes, UIDs.

They follow PS3.6 (data elements, UID registry) and PS3.5 (Table 6.2-1 VRs, Annex A syntaxes).
"""

# Nothing is read at import: each table is parsed on first use, then every lookup is a dict get.
# Run-time additions (datadict.add_dict_entries and friends) go into the same dicts.

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import DicomError


class DictEntry(NamedTuple):
    VR: str
    VM: str
    name: str
    retired: bool
    keyword: str


class VRInfo(NamedTuple):
    name: str
    explicit_length_size: int
    padding: bytes
    kind: str
    max_length: int | None
    value_width: int | None
    struct_format: str | None
    uses_charset: bool
    multi_valued: bool
    value_format: str | None  # a regex body matching one whole value (PS3.5 Table 6.2-1)


class TransferSyntax(NamedTuple):
    uid: str
    name: str
    keyword: str
    implicit_vr: bool
    little_endian: bool
    deflated: bool
    encapsulated: bool
    retired: bool


class UIDEntry(NamedTuple):
    name: str
    type: str
    info: str
    retired: bool
    keyword: str


# PS3.5 §7.2: (gggg,0000) is the group length of any group, UL; pydicom reads the ones that
# are not in the dictionary as this too.
GROUP_LENGTH_ENTRY = DictEntry("UL", "1", "Group Length", False, "")

_loaded: dict[str, object] = {}  # the smaller tables, parsed on first use


def _schemas_dir() -> str:
    # os.path, not pathlib: importing pathlib costs more than a first lookup may take.
    found = _loaded.get("schemas dir")
    if found is not None:
        return found  # type: ignore[return-value]
    here = os.path.dirname(os.path.abspath(__file__))
    for folder in (os.path.join(here, "schemas"), os.path.join(os.path.dirname(here), "schemas")):
        if os.path.isdir(folder):  # the wheel's copy, then the source checkout's
            _loaded["schemas dir"] = folder
            return folder
    raise FileNotFoundError(f"dicomconstruct's schemas folder is missing (looked in {here})")


def _raw(name: str) -> bytes:
    """The bytes of a schemas/ table, read once (a read costs far less than a parse)."""
    data = _loaded.get(name + " bytes")
    if data is None:
        with open(os.path.join(_schemas_dir(), name), "rb") as file:
            data = _loaded[name + " bytes"] = file.read()
    return data  # type: ignore[return-value]


def _read(name: str) -> tuple[list[str], list[list[str]]]:
    """Return the '#' comment lines and the data rows (header skipped) of a schemas/ table."""
    lines = _raw(name).decode("utf-8").splitlines()
    _loaded.pop(name + " bytes", None)  # parsed now: the bytes are not needed again
    start = 0
    while lines[start].startswith("#"):
        start += 1
    return lines[:start], [line.split("\t") for line in lines[start + 1 :] if line]


def _search_row(name: str, needle: bytes, column: int, value: str) -> list[str] | None:
    """The first row of a table whose ``column`` is ``value``, found by searching the file's
    bytes for ``needle`` (a substring of that row) without parsing the table."""
    data = _raw(name)
    at = data.find(needle)
    while at >= 0:
        start = data.rfind(b"\n", 0, at + 1) + 1
        end = data.find(b"\n", at + 1)
        row = data[start : end if end >= 0 else len(data)].decode("utf-8").split("\t")
        if len(row) > column and row[column] == value:
            return row
        at = data.find(needle, at + 1)
    return None


def _comment(comments: list[str], key: str) -> str:
    for line in comments:
        if line.startswith(f"# {key}: "):
            return line[len(key) + 4 :]
    return ""


# --- data dictionary (PS3.6 §6-§9) ---------------------------------------------------------

# Filled by _load_standard; _standard is published last, so a non-empty _standard means loaded.
_standard: dict[int, DictEntry] = {}
_keywords: dict[str, int] = {}
_repeaters: dict[str, DictEntry] = {}
_masks: list[tuple[int, int, str]] = []  # (mask with 0 for 'x', F where not 'x', mask text)
_private: dict[str, dict[str, DictEntry]] = {}


def _load_standard() -> dict[int, DictEntry]:
    global _standard, _keywords, _repeaters, _masks
    comments, rows = _read("dictionary.tsv")
    standard, keywords, repeaters, masks = {}, {}, {}, []
    for tag, vr, vm, name, keyword, retired in rows:
        entry = DictEntry(vr, vm, name, retired == "1", keyword)
        if "x" in tag:
            # Repeating groups (PS3.5 §7.6) and element masks like (0028,04x0): in file order,
            # the first mask that matches wins, as in pydicom.
            value = int(tag.replace("x", "0"), 16)
            care = int("".join("0" if c == "x" else "F" for c in tag), 16)
            repeaters[tag] = entry
            masks.append((value, care, tag))
        else:
            standard[int(tag, 16)] = entry
            if keyword:
                keywords[keyword] = int(tag, 16)
    _loaded["edition"] = _comment(comments, "edition")
    _keywords, _repeaters, _masks = keywords, repeaters, masks
    _loaded.pop("keywords.tsv bytes", None)  # the parsed dicts answer from now on
    _standard = standard
    return standard


def _is_private_group(group: int) -> bool:
    # PS3.5 §7.8: odd groups are private, except 0001, 0003, 0005, 0007 and FFFF.
    return group & 1 == 1 and group not in (1, 3, 5, 7, 0xFFFF)


def mask_match(tag: int) -> str | None:
    """The repeating-group mask (e.g. ``'60xx3000'``) that ``tag`` falls under, else None."""
    if not _standard:
        _load_standard()
    for value, care, mask in _masks:
        if (tag ^ value) & care == 0:
            return mask
    return None


# Until this many lookups have been answered by searching dictionary.tsv's bytes, the table is
# not parsed: a script that reads one file and asks for a few keywords never pays the ~10 ms
# that parsing its 5,000 rows costs. Past it, the parsed dicts answer in constant time.
SEARCHES_BEFORE_PARSING = 48
_searches = 0


def _searching() -> bool:
    """True while lookups should search the file rather than parse it."""
    global _searches
    if _standard:
        return False
    _searches += 1
    if _searches > SEARCHES_BEFORE_PARSING:
        _load_standard()
        return False
    return True


def _row_entry(row: list[str]) -> DictEntry:
    _tag, vr, vm, name, keyword, retired = row
    return DictEntry(vr, vm, name, retired == "1", keyword)


def standard_entry(tag: int) -> DictEntry | None:
    """The dictionary entry of a standard tag: exact, else repeating group, else group length."""
    if not _standard:
        if _is_private_group(tag >> 16):
            return None  # (nothing can have been added at run time: nothing is loaded)
        if _searching():
            row = _search_row("dictionary.tsv", b"\n%08X\t" % tag, 0, f"{tag:08X}")
            if row is not None:
                return _row_entry(row)
            _load_standard()  # a repeating group or an unknown tag: the masks are needed
    entry = _standard.get(tag)
    if entry is not None:
        return entry
    if _is_private_group(tag >> 16):
        return None
    mask = mask_match(tag)
    if mask is not None:
        return _repeaters[mask]
    if tag & 0xFFFF == 0:
        return GROUP_LENGTH_ENTRY
    return None


def keyword_to_tag(keyword: str) -> int | None:
    """The tag of a standard keyword (not of a repeating group's keyword), else None."""
    if _searching():
        if not keyword.isidentifier() or not keyword.isascii():
            return None
        return _bisect_keyword(keyword.encode("ascii"))
    return _keywords.get(keyword)


def _bisect_keyword(keyword: bytes) -> int | None:
    """The tag of ``keyword`` by bisection over the lines of keywords.tsv (sorted by keyword,
    generated from the dictionary): a few slices of its bytes, nothing parsed."""
    data = _raw("keywords.tsv")
    lo = data.index(b"\nkeyword\ttag\n") + 13  # the first row, after the header line
    hi = len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        newline = data.rfind(b"\n", lo, mid)
        start = lo if newline < 0 else newline + 1  # the line holding mid
        tab = data.index(b"\t", start)
        found = data[start:tab]
        if found == keyword:
            return int(data[tab + 1 : tab + 9], 16)
        if found < keyword:
            lo = data.index(b"\n", tab) + 1
        else:
            hi = start
    return None


def standard_dictionary() -> Mapping[int, DictEntry]:
    """Every standard entry with an exact tag, by tag (a read-only view)."""
    return MappingProxyType(_standard or _load_standard())


def repeaters_dictionary() -> Mapping[str, DictEntry]:
    """Every repeating-group entry, by mask such as ``'60xx3000'`` (a read-only view)."""
    if not _standard:
        _load_standard()
    return MappingProxyType(_repeaters)


def edition() -> str:
    """The PS3.6 edition the data dictionary reflects, e.g. ``'2024c'``."""
    if not _standard:
        _load_standard()
    return _loaded["edition"]  # type: ignore[return-value]


def add_standard_entries(entries: Mapping[int, DictEntry]) -> None:
    """Add or replace standard entries for this run (datadict.add_dict_entries)."""
    standard = _standard or _load_standard()
    for tag, entry in entries.items():
        standard[tag] = entry
        if entry.keyword:
            _keywords[entry.keyword] = tag


def _ensure_private() -> dict[str, dict[str, DictEntry]]:
    global _private
    if not _private:
        private: dict[str, dict[str, DictEntry]] = {}
        for creator, tag, vr, vm, name, retired in _read("private_dictionary.tsv")[1]:
            private.setdefault(creator, {})[tag] = DictEntry(vr, vm, name, retired == "1", "")
        _private = private
        _loaded.pop("private blocks", None)
    return _private


def _private_block(creator: str) -> dict[str, DictEntry] | None:
    """The private entries of one creator. Until the whole private table is parsed, only the
    rows of the creators asked for are (the file keeps each creator's rows together)."""
    if _private:
        return _private.get(creator)
    blocks: dict[str, dict[str, DictEntry] | None] = _loaded.setdefault("private blocks", {})  # type: ignore[assignment]
    if creator in blocks:
        return blocks[creator]
    data, needle = _raw("private_dictionary.tsv"), b"\n%s\t" % creator.encode("utf-8")
    entries: dict[str, DictEntry] | None = None
    at = data.find(needle)
    while at >= 0:
        end = data.find(b"\n", at + 1)
        row = data[at + 1 : end if end >= 0 else len(data)].decode("utf-8").split("\t")
        _creator, tag, vr, vm, name, retired = row
        entries = entries or {}
        entries[tag] = DictEntry(vr, vm, name, retired == "1", "")
        at = end if data.startswith(needle, end) else -1
    blocks[creator] = entries
    return entries


def has_private_creator(creator: str) -> bool:
    """Whether the private dictionary has entries reserved by ``creator``."""
    return _private_block(creator) is not None


def private_entry(tag: int, creator: str) -> DictEntry | None:
    """The private dictionary entry of ``tag`` (the full tag) reserved by ``creator``, else None.

    Private blocks may be reserved anywhere in (gggg,0010-00FF) (PS3.5 §7.8.1), so like
    pydicom's get_private_entry this tries the exact tag, then 'xx' for the block byte,
    then 'xx' for the group's low byte too.
    """
    entries = _private_block(creator)
    if entries is None:
        return None
    group, element = f"{tag >> 16:04X}", f"{tag & 0xFFFF:04X}"
    for key in (group + element, f"{group}xx{element[2:]}", f"{group[:2]}xxxx{element[2:]}"):
        entry = entries.get(key)
        if entry is not None:
            return entry
    return None


def add_private_entries(creator: str, entries: Mapping[int, DictEntry]) -> None:
    """Add or replace private entries of ``creator`` for this run; the block byte is ignored."""
    block = _ensure_private().setdefault(creator, {})
    for tag, entry in entries.items():
        block[f"{tag >> 16:04X}xx{tag & 0xFF:02X}"] = entry


# --- value representations (PS3.5 Table 6.2-1, Table 7.1-1) ---------------------------------


def vr_table() -> Mapping[str, VRInfo]:
    """Every VR of PS3.5 Table 6.2-1, by its two-letter name."""
    table = _loaded.get("vrs.tsv")
    if table is None:
        rows = _read("vrs.tsv")[1]
        table = _loaded["vrs.tsv"] = MappingProxyType({row[0]: _vr_row(*row) for row in rows})
    return table  # type: ignore[return-value]


def _vr_row(*row: str) -> VRInfo:
    vr, size, padding, kind, max_length, width, fmt, charset, multi, value_format = row
    return VRInfo(
        vr,
        int(size),
        bytes.fromhex(padding),
        kind,
        int(max_length) if max_length else None,
        int(width) if width else None,
        fmt or None,
        charset == "1",
        multi == "1",
        value_format or None,
    )


def vr_info(vr: str) -> VRInfo:
    """The facts about one VR; DicomError for a VR that PS3.5 does not define."""
    info = vr_table().get(vr)
    if info is None:
        raise DicomError(f"Unknown VR {vr!r}: PS3.5 Table 6.2-1 does not define it")
    return info


def long_length_vrs() -> frozenset[bytes]:
    """The VR codes (as the 2 ASCII bytes of an explicit VR element) with a 4-byte length.

    PS3.5 §7.1.2: OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT and UV have two reserved
    bytes and a 32-bit length; the others have a 16-bit length.
    """
    codes = _loaded.get("long_length_vrs")
    if codes is None:
        table = vr_table()
        codes = frozenset(
            vr.encode("ascii") for vr, i in table.items() if i.explicit_length_size == 4
        )
        _loaded["long_length_vrs"] = codes
    return codes  # type: ignore[return-value]


def vr_codes() -> Mapping[bytes, str]:
    """The VRs of PS3.5 Table 6.2-1 by the 2 ASCII bytes an explicit VR element holds."""
    codes = _loaded.get("vr_codes")
    if codes is None:
        codes = {vr.encode("ascii"): vr for vr in vr_table()}
        codes = _loaded["vr_codes"] = MappingProxyType(codes)
    return codes  # type: ignore[return-value]


# --- transfer syntaxes (PS3.5 Annex A) and UIDs (PS3.6 Annex A) ------------------------------


def transfer_syntaxes() -> Mapping[str, TransferSyntax]:
    """Every transfer syntax of the UID registry, by UID."""
    table = _loaded.get("transfer_syntaxes.tsv")
    if table is None:
        rows = _read("transfer_syntaxes.tsv")[1]
        table = {row[0]: _syntax_row(row) for row in rows}
        table = _loaded["transfer_syntaxes.tsv"] = MappingProxyType(table)
    return table  # type: ignore[return-value]


def _syntax_row(row: list[str]) -> TransferSyntax:
    uid, name, keyword, *flags = row
    return TransferSyntax(uid, name, keyword, *(flag == "1" for flag in flags))


# Private transfer syntaxes registered at run time (uid.register_transfer_syntax), which the
# reader and writer then know as they know the registry's.
_private_syntaxes: dict[str, TransferSyntax] = {}


def transfer_syntax(uid: str) -> TransferSyntax | None:
    """The transfer syntax of ``uid`` (the registry's, or one registered at run time)."""
    table: Any = _loaded.get("transfer_syntaxes.tsv")
    if table is None:
        found = _searched_syntaxes.get(uid)
        if found is None:
            # A read needs one syntax: found in the table's bytes, the table is not parsed
            # (and kept: the registry's rows are few, so the next read of it finds it here)
            needle = b"\n" + uid.encode("utf-8", "replace") + b"\t"
            row = _search_row("transfer_syntaxes.tsv", needle, 0, uid)
            if row is not None:
                found = _searched_syntaxes[uid] = _syntax_row(row)
    else:
        found = table.get(uid)
    # a UID object may carry its own (uid.UID.set_private_encoding, kept on the object)
    return found or _private_syntaxes.get(uid) or getattr(uid, "_private_syntax", None)


_searched_syntaxes: dict[str, TransferSyntax] = {}  # transfer_syntax's rows found by search


def private_transfer_syntax(uid: str, implicit_vr: bool, little_endian: bool) -> TransferSyntax:
    """A private transfer syntax, uncompressed and not deflated, with its encoding; a
    registry transfer syntax cannot be redefined (DicomError)."""
    from .errors import DicomError

    if uid in transfer_syntaxes():
        raise DicomError(f"{uid} is a registered DICOM transfer syntax: its encoding is fixed")
    if implicit_vr and not little_endian:
        raise DicomError("Implicit VR is always little endian (PS3.5 §10.1)")
    return TransferSyntax(uid, uid, "", bool(implicit_vr), bool(little_endian), False, False, False)


def add_private_transfer_syntax(uid: str, implicit_vr: bool, little_endian: bool) -> None:
    """Register a private transfer syntax (see private_transfer_syntax) for the process."""
    _private_syntaxes[uid] = private_transfer_syntax(uid, implicit_vr, little_endian)


def uid_entries() -> Mapping[str, UIDEntry]:
    """Every UID of the registry, by UID."""
    table = _loaded.get("uids.tsv")
    if table is None:
        rows = _read("uids.tsv")[1]
        table = {
            uid: UIDEntry(name, kind, info, retired == "1", keyword)
            for uid, name, kind, info, retired, keyword in rows
        }
        table = _loaded["uids.tsv"] = MappingProxyType(table)
    return table  # type: ignore[return-value]


def uid_entry(uid: str) -> UIDEntry | None:
    return uid_entries().get(uid)


def __getattr__(name: str) -> frozenset[bytes]:
    # LONG_LENGTH_VRS reads like a constant but is computed on first use (PEP 562).
    if name == "LONG_LENGTH_VRS":
        return long_length_vrs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
