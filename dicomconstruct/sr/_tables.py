"""The SR tables of schemas/ (sr_concepts.tsv, sr_cids.tsv, sr_snomed.tsv; PS3.16) as
pydicom's generated dictionaries, read once when ``dicomconstruct.sr`` is first imported."""

from __future__ import annotations

from .. import tables


def read_concepts() -> dict[str, dict[str, dict[str, tuple[str, list[int]]]]]:
    """``{scheme: {keyword: {code: (meaning, [cid, ...])}}}`` (pydicom's ``concepts``)."""
    concepts: dict[str, dict[str, dict[str, tuple[str, list[int]]]]] = {}
    for scheme, keyword, code, meaning, cids in tables._read("sr_concepts.tsv")[1]:
        entry = (meaning, [int(cid) for cid in cids.split()])
        concepts.setdefault(scheme, {}).setdefault(keyword, {})[code] = entry
    return concepts


def read_cids() -> tuple[dict[int, str], dict[int, dict[str, list[str]]]]:
    """``({cid: name}, {cid: {scheme: [keyword, ...]}})`` (pydicom's ``name_for_cid`` and
    ``cid_concepts``)."""
    names: dict[int, str] = {}
    members: dict[int, dict[str, list[str]]] = {}
    for cid, name, scheme, keywords in tables._read("sr_cids.tsv")[1]:
        number = int(cid)
        names[number] = name
        schemes = members.setdefault(number, {})
        if scheme:
            schemes[scheme] = keywords.split()
    return names, members


def read_snomed() -> dict[str, dict[str, str]]:
    """``{"SCT": {sct: srt}, "SRT": {srt: sct}}`` (pydicom's ``mapping``)."""
    mapping: dict[str, dict[str, str]] = {}
    for scheme, code, mapped in tables._read("sr_snomed.tsv")[1]:
        mapping.setdefault(scheme, {})[code] = mapped
    return mapping
