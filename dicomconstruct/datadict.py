"""pydicom's data dictionary functions, with its names, results and KeyErrors, over our tables.

They follow the PS3.6 registry of data elements and the private dictionary shipped in schemas/.
"""

from __future__ import annotations

from typing import Any

from . import tables
from .tag import BaseTag, Tag

# pydicom's entry tuples: (VR, VM, name, "Retired" or "", keyword) and, for private
# entries, (VR, VM, name, "Retired" or "").


def _standard(tag: Any) -> tuple[BaseTag, tables.DictEntry | None]:
    tag = Tag(tag)
    entry = tables.standard_entry(tag)
    # pydicom names (gggg,0000) "Group Length" only when reading, not in its dictionary.
    if entry is tables.GROUP_LENGTH_ENTRY:
        entry = None
    return tag, entry


def get_entry(tag: Any) -> tuple[str, str, str, str, str]:
    """Return (VR, VM, name, is_retired, keyword) of a standard or repeating-group tag.

    KeyError if the tag is not in the DICOM dictionary (private tags never are).
    """
    tag, entry = _standard(tag)
    if entry is None:
        raise KeyError(f"Tag {tag} not found in DICOM dictionary")
    return (entry.VR, entry.VM, entry.name, "Retired" if entry.retired else "", entry.keyword)


def dictionary_is_retired(tag: Any) -> bool:
    return "retired" in get_entry(tag)[3].lower()


def dictionary_VR(tag: Any) -> str:  # noqa: N802 - pydicom's name
    return get_entry(tag)[0]


def _dictionary_vr_fast(tag: int) -> str:
    """The VR of a standard or repeating-group ``tag`` (an int), as pydicom's private fast
    look-up; KeyError if there is none (private tags never have one)."""
    entry = tables.standard_entry(tag)
    if entry is None or entry is tables.GROUP_LENGTH_ENTRY:
        raise KeyError(f"Tag {Tag(tag)} not found in DICOM dictionary")
    return entry.VR


def dictionary_VM(tag: Any) -> str:  # noqa: N802 - pydicom's name
    return get_entry(tag)[1]


def dictionary_description(tag: Any) -> str:
    return get_entry(tag)[2]


def dictionary_keyword(tag: Any) -> str:
    return get_entry(tag)[4]


def dictionary_has_tag(tag: Any) -> bool:
    """True if ``tag`` itself is in the dictionary (repeating-group masks do not count)."""
    try:
        return Tag(tag) in tables.standard_dictionary()
    except Exception:
        return False


def keyword_for_tag(tag: Any) -> str:
    """The keyword of ``tag``, or '' if it is not in the dictionary."""
    try:
        return dictionary_keyword(tag)
    except KeyError:
        return ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of a standard keyword, or None (repeating-group keywords have no single tag)."""
    return tables.keyword_to_tag(keyword)


def mask_match(tag: int) -> str | None:
    """The repeating-group mask such as ``'60xx3000'`` that ``tag`` matches, else None."""
    return tables.mask_match(tag)


def repeater_has_tag(tag: int) -> bool:
    return tables.mask_match(tag) is not None


def repeater_has_keyword(keyword: str) -> bool:
    return any(entry.keyword == keyword for entry in tables.repeaters_dictionary().values())


def add_dict_entry(
    tag: int,
    VR: str,  # noqa: N803 - pydicom's name
    keyword: str,
    description: str,
    VM: str = "1",  # noqa: N803 - pydicom's name
    is_retired: str = "",
) -> None:
    """Add or replace a standard (non-private) entry for this run."""
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def add_dict_entries(new_entries_dict: dict[int, tuple[str, str, str, str, str]]) -> None:
    """Add or replace standard entries ``{tag: (VR, VM, name, is_retired, keyword)}``.

    ValueError if one of the tags is private.
    """
    if any(BaseTag(tag).is_private for tag in new_entries_dict):
        raise ValueError(
            'Private tags cannot be added using "add_dict_entries" - '
            'use "add_private_dict_entries" instead'
        )
    entries = {
        tag: tables.DictEntry(vr, vm, name, "retired" in retired.lower(), keyword)
        for tag, (vr, vm, name, retired, keyword) in new_entries_dict.items()
    }
    tables.add_standard_entries(entries)


def add_private_dict_entry(
    private_creator: str,
    tag: int,
    VR: str,  # noqa: N803 - pydicom's name
    description: str,
    VM: str = "1",  # noqa: N803 - pydicom's name
) -> None:
    """Add or replace one private entry of ``private_creator``; the block byte is ignored."""
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(private_creator: str, new_entries_dict: dict[int, tuple]) -> None:
    """Add or replace private entries ``{tag: (VR, VM, name[, is_retired])}`` of a creator.

    ValueError if one of the tags is not private.
    """
    if not all(BaseTag(tag).is_private for tag in new_entries_dict):
        raise ValueError(
            "Non-private tags cannot be added using "
            "'add_private_dict_entries()' - use 'add_dict_entries()' instead"
        )
    entries = {}
    for tag, (vr, vm, name, *retired) in new_entries_dict.items():
        is_retired = bool(retired) and "retired" in retired[0].lower()
        entries[tag] = tables.DictEntry(vr, vm, name, is_retired, "")
    tables.add_private_entries(private_creator, entries)


def get_private_entry(tag: Any, private_creator: str) -> tuple[str, str, str, str]:
    """Return (VR, VM, name, is_retired) of a private tag under its private creator.

    The block byte of the element is ignored as PS3.5 §7.8.1 allows any block.  KeyError if
    the creator or the tag is not in the private dictionary.
    """
    tag = Tag(tag)
    if not isinstance(private_creator, str):
        raise KeyError(f"{tag.private_creator} '{private_creator}' is not a valid private creator")
    if not tables.has_private_creator(private_creator):
        raise KeyError(f"Private creator '{private_creator}' not in the private dictionary")
    entry = tables.private_entry(tag, private_creator)
    if entry is None:
        raise KeyError(
            f"Tag '{tag}' not in private dictionary for private creator '{private_creator}'"
        )
    return (entry.VR, entry.VM, entry.name, "Retired" if entry.retired else "")


def private_dictionary_VR(tag: Any, private_creator: str) -> str:  # noqa: N802
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: Any, private_creator: str) -> str:  # noqa: N802
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(tag: Any, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[2]


def _pydicom_entry(entry: tables.DictEntry) -> tuple[str, str, str, str, str]:
    return (entry.VR, entry.VM, entry.name, "Retired" if entry.retired else "", entry.keyword)


def __getattr__(name: str) -> Any:
    # pydicom's module-level tables, built from schemas/ on first use (PEP 562): a snapshot of
    # the dictionary at that moment, as pydicom's are built at import.
    if name == "DicomDictionary":
        return {tag: _pydicom_entry(e) for tag, e in tables.standard_dictionary().items()}
    if name == "RepeatersDictionary":
        return {mask: _pydicom_entry(e) for mask, e in tables.repeaters_dictionary().items()}
    if name == "keyword_dict":
        return {e.keyword: tag for tag, e in tables.standard_dictionary().items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
