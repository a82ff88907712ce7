"""The columns of an archive index: the fixed ones (identity, status, problems) and one per tag,
its Arrow type taken from the data dictionary's VR and VM (PS3.6 §6, PS3.5 Table 6.2-1).

A tag whose VM is anything but "1" is a list column whatever one file holds, so the schema of
a part never depends on the files in it. This module needs no pyarrow until ``arrow_schema``.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from .. import config, tables
from ..dataelem import _UNDECODED, DataElement
from ..jsonrep import element_to_json_dict
from ..tag import BaseTag
from ..uid import _CONFORMANT as _CONFORMANT_UID

# Bumped when a column is added, removed or changes meaning.
INDEX_VERSION = 1

# The identifying and geometry attributes people filter on (the default ``--tags core``).
CORE_TAGS: tuple[str, ...] = (
    "TransferSyntaxUID",
    "SOPClassUID",
    "SOPInstanceUID",
    "PatientID",
    "PatientName",
    "PatientBirthDate",
    "PatientSex",
    "StudyInstanceUID",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    "AccessionNumber",
    "SeriesInstanceUID",
    "SeriesNumber",
    "SeriesDate",
    "SeriesDescription",
    "Modality",
    "BodyPartExamined",
    "Manufacturer",
    "ManufacturerModelName",
    "AcquisitionDate",
    "ContentDate",
    "InstanceNumber",
    "FrameOfReferenceUID",
    "ImageType",
    "ImagePositionPatient",
    "ImageOrientationPatient",
    "SliceThickness",
    "PixelSpacing",
    "Rows",
    "Columns",
    "NumberOfFrames",
    "BitsAllocated",
    "PhotometricInterpretation",
)

# Inspection problems kept per file; the rest are counted by the ``problems_truncated`` flag.
MAX_PROBLEMS = 50

# What a VR becomes (PS3.5 Table 6.2-1): numbers typed, dates and times as Arrow dates and
# times, bytes as binary, sequences as their PS3.18 JSON, everything else text.
_KINDS = {
    "DA": "date",
    "TM": "time",
    "DS": "float64",
    "FD": "float64",
    "FL": "float32",
    "IS": "int64",
    "SS": "int64",
    "US": "int64",
    "SL": "int64",
    "UL": "int64",
    "SV": "int64",
    "US or SS": "int64",
    "UV": "uint64",
    "SQ": "json",
}
_BINARY = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (0, (1 << 64) - 1)


@dataclass(frozen=True)
class TagColumn:
    """One requested attribute: its column name, tag, dictionary VR, and whether it is a list."""

    name: str
    tag: int
    vr: str
    multi: bool
    kind: str  # str, int64, uint64, float32, float64, date, time, binary, json


def _kind(vr: str) -> str:
    if vr in _KINDS:
        return _KINDS[vr]
    if vr in _BINARY or "OW" in vr or "OB" in vr:
        return "binary"
    return "str"


def _tag_of(name: str) -> int:
    """A keyword, or a tag written ``GGGGEEEE``, ``GGGG,EEEE`` or ``(GGGG,EEEE)``."""
    tag = tables.keyword_to_tag(name)
    if tag is not None:
        return tag
    digits = re.fullmatch(r"\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\)?", name.strip())
    if digits is None:
        raise ValueError(f"unknown attribute {name!r}: give a PS3.6 keyword or a tag GGGG,EEEE")
    return int(digits[1] + digits[2], 16)


def tag_columns(tags: str | Any = "core") -> list[TagColumn]:
    """The tag columns for ``tags``: "core", or keywords/tags (a list or comma-separated)."""
    if tags is None or tags == "none":
        names: list[str] = []
    elif isinstance(tags, str):
        names = [n.strip() for n in tags.split(",") if n.strip()]
    else:
        names = list(tags)
    expanded: list[str] = []
    for name in names:
        expanded += CORE_TAGS if name == "core" else [name]
    columns: dict[int, TagColumn] = {}
    for name in expanded:
        tag = _tag_of(name)
        if tag >> 16 & 1:
            raise ValueError(
                f"{name!r} is a private tag: private data is indexed as JSON (--private json), "
                "never as columns"
            )
        entry = tables.standard_entry(tag)
        if entry is None or not entry.keyword:
            raise ValueError(f"{name!r} is not in the data dictionary (PS3.6)")
        vr = entry.VR
        kind = _kind(vr)
        column = entry.keyword + "_json" if kind == "json" else entry.keyword
        columns.setdefault(tag, TagColumn(column, BaseTag(tag), vr, entry.VM != "1", kind))
    return list(columns.values())


# -- converting one element's value --------------------------------------------------------


class NotConverted(ValueError):
    """A value that does not convert to its column's type (it becomes null, with a warning)."""


# PS3.5 §6.2 DA is YYYYMMDD and TM HH[MM[SS[.F{1,6}]]]; ACR-NEMA's YYYY.MM.DD and HH:MM:SS are
# still met in old files
_DA = re.compile(r"(\d{4})\.?(\d{2})\.?(\d{2})")
_TM = re.compile(r"(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{1,6}))?)?)?")


def _date(item: Any) -> datetime.date | None:
    text = str(item).strip()
    if not text:
        return None
    found = _DA.fullmatch(text)
    if found is None:
        raise NotConverted(f"{text!r} is not a date (YYYYMMDD)")
    try:
        return datetime.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError as exc:
        raise NotConverted(f"{text!r} is not a date: {exc}") from None


def _time(item: Any) -> datetime.time | None:
    text = str(item).strip()
    if not text:
        return None
    found = _TM.fullmatch(text)
    if found is None:
        raise NotConverted(f"{text!r} is not a time (HHMMSS.FFFFFF)")
    hour, minute, second, fraction = found.groups()
    try:
        return datetime.time(
            int(hour),
            int(minute or 0),
            min(int(second or 0), 59),  # PS3.5 allows a leap second (60)
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError as exc:
        raise NotConverted(f"{text!r} is not a time: {exc}") from None


def _integer(item: Any, bounds: tuple[int, int]) -> int | None:
    if isinstance(item, str):
        item = item.strip()
        if not item:
            return None
    try:
        number = int(item)
    except (TypeError, ValueError):
        try:
            real = float(item)
        except (TypeError, ValueError):
            raise NotConverted(f"{item!r} is not an integer") from None
        if not real.is_integer():
            raise NotConverted(f"{item!r} is not an integer") from None
        number = int(real)
    if not bounds[0] <= number <= bounds[1]:
        raise NotConverted(f"{number} is out of range")
    return number


def _real(item: Any) -> float | None:
    if isinstance(item, str) and not item.strip():
        return None
    try:
        return float(item)
    except (TypeError, ValueError, OverflowError):
        raise NotConverted(f"{item!r} is not a number") from None


def _text(item: Any) -> str | None:
    if item is None:
        return None
    if isinstance(item, bytes):
        raise NotConverted("the value was kept as bytes (it could not be decoded as text)")
    return str(item)


def _tag_text(item: Any) -> str | None:
    if item is None or item == "":
        return None
    return f"{int(item):08X}"  # as PS3.18 §F.2.3 writes an AT value


def _one(column: TagColumn, item: Any) -> Any:
    kind = column.kind
    if item is None:
        return None
    if kind == "str":
        return _tag_text(item) if column.vr == "AT" else _text(item)
    if kind == "int64":
        return _integer(item, _INT64)
    if kind == "uint64":
        return _integer(item, _UINT64)
    if kind in ("float64", "float32"):
        return _real(item)
    if kind == "date":
        return _date(item)
    if kind == "time":
        return _time(item)
    raise AssertionError(kind)


def _items(value: Any) -> list[Any]:
    if value is None or isinstance(value, (str, bytes)) or hasattr(value, "components"):
        return [] if value is None or value == "" else [value]
    try:
        return list(value)
    except TypeError:
        return [value]


# -- from the bytes read, for the plain values of the default repertoire ---------------------
# The reader's decoding makes a Python object of each value (a UID, an IS, a DSfloat, a
# MultiValue...), which the column then turns into a plain one. For the VRs below, whose bytes
# are text of the default repertoire (PS3.5 §6.1.2.1, no Specific Character Set involved), LO
# and SH text in a data set read as Latin-1, or one binary US, the plain value is made from the bytes directly, but only where the reader's
# decoding would give that very value and warn nothing (a conformant UID, an IS of plain digits,
# a DS whose every value is a number, one US of two bytes...). Anything else is _SLOW: decoded
# by the reader (``elem.value``), which warns and falls back as it always does. The padding
# stripped is the reader's (values.py: _convert_string, _convert_ui, _convert_is, _convert_ds);
# tests/test_index.py checks both ways give the same rows over the corpus.
_SLOW = object()
_LATIN1 = "latin-1"  # the reader's codec for the default repertoire


def _fast_ui(column: TagColumn, raw: bytes, parent: Any) -> Any:
    # PS3.5 §9.1: a UID is padded with a NUL; a conformant one is kept as read, unvalidated
    text = raw.decode(_LATIN1).rstrip("\x00 ")
    if len(text) <= 64 and _CONFORMANT_UID.match(text):
        return [text] if column.multi else text
    return _SLOW


def _fast_cs(column: TagColumn, raw: bytes, parent: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if "\\" not in text:
        return ([text] if column.multi else text) if text else None
    return text.split("\\") if column.multi else _SLOW


def _fast_date_time(column: TagColumn, raw: bytes, parent: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if config.datetime_conversion or column.multi or "\\" in text:
        return _SLOW
    if not text:
        return None
    return _date(text) if column.kind == "date" else _time(text)


def _fast_is(column: TagColumn, raw: bytes, parent: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return [int(text)] if column.multi else int(text)
    return _SLOW


def _fast_ds(column: TagColumn, raw: bytes, parent: Any) -> Any:
    items = raw.decode(_LATIN1).strip().rstrip(" \x00").split("\\")
    if len(items) > 1 and not column.multi:
        return _SLOW
    try:
        numbers = [float(item) for item in items]  # as the reader's DSfloat parses its text
    except ValueError:  # a blank value (kept as text), or not a number (the reader warns)
        return _SLOW
    return numbers if column.multi else numbers[0]


def _fast_us(column: TagColumn, raw: bytes, parent: Any) -> Any:
    if len(raw) != 2:
        return _SLOW
    number = int.from_bytes(raw, "little" if parent._little_endian else "big")
    return [number] if column.multi else number


def _latin1_text(vr: str, raw: bytes, parent: Any) -> Any:
    """The text of an LO or SH value as the reader decodes it when its data set's character set
    is decoded as Latin-1 (the default repertoire, ISO_IR 100) and it has no escape sequence
    (PS3.5 §6.1.2.5): _SLOW for several values or one longer than the VR allows (it warns)."""
    codecs = parent._raw_character_set
    if b"\x1b" in raw or not codecs or codecs[0] not in _LATIN1_CODECS:
        return _SLOW
    text = raw.decode(_LATIN1)
    limit = tables.vr_info(vr).max_length  # LO and SH have one (PS3.5 Table 6.2-1)
    if "\\" in text or limit is None or len(text) > limit:
        return _SLOW
    return text.rstrip("\x00 ")


def _fast_lo_sh(column: TagColumn, raw: bytes, parent: Any) -> Any:
    text = _latin1_text(column.vr, raw, parent)
    if text is _SLOW:
        return _SLOW
    if not text:
        return None
    return [text] if column.multi else text


_LATIN1_CODECS = frozenset({"iso8859", "latin_1"})  # the reader's names of Latin-1

_FAST = {
    "LO": _fast_lo_sh,
    "SH": _fast_lo_sh,
    "UI": _fast_ui,
    "CS": _fast_cs,
    "DA": _fast_date_time,
    "TM": _fast_date_time,
    "IS": _fast_is,
    "DS": _fast_ds,
    "US": _fast_us,
}


# The same values as the header's PS3.18 JSON (what ``jsonrep.element_to_json_dict`` gives for
# the reader's value, §F.2.3: UIDs and codes as Strings, an empty one null, §F.2.5; IS, DS and
# US as Numbers, a DS that is not finite left to it, as a String).
def _json_ui(vr: str, raw: bytes, parent: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip("\x00 ")
    if len(text) <= 64 and _CONFORMANT_UID.match(text):
        return {"vr": vr, "Value": [text]}
    return _SLOW


def _json_text(vr: str, raw: bytes, parent: Any) -> Any:
    if vr != "CS" and config.datetime_conversion:  # DA and TM then become date objects
        return _SLOW
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if not text:
        return {"vr": vr}
    return {"vr": vr, "Value": [item or None for item in text.split("\\")]}


def _json_is(vr: str, raw: bytes, parent: Any) -> Any:
    text = raw.decode(_LATIN1).rstrip(" \x00")
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return {"vr": vr, "Value": [int(text)]}
    return _SLOW


def _json_ds(vr: str, raw: bytes, parent: Any) -> Any:
    items = raw.decode(_LATIN1).strip().rstrip(" \x00").split("\\")
    try:
        numbers = [float(item) for item in items]
    except ValueError:
        return _SLOW
    if not all(map(math.isfinite, numbers)):
        return _SLOW
    return {"vr": vr, "Value": numbers}


def _json_us(vr: str, raw: bytes, parent: Any) -> Any:
    if len(raw) != 2:
        return _SLOW
    return {"vr": vr, "Value": [int.from_bytes(raw, "little" if parent._little_endian else "big")]}


def _json_lo_sh(vr: str, raw: bytes, parent: Any) -> Any:
    text = _latin1_text(vr, raw, parent)
    if text is _SLOW:
        return _SLOW
    return {"vr": vr, "Value": [text]} if text else {"vr": vr}


_FAST_JSON = {
    "LO": _json_lo_sh,
    "SH": _json_lo_sh,
    "UI": _json_ui,
    "CS": _json_text,
    "DA": _json_text,
    "TM": _json_text,
    "IS": _json_is,
    "DS": _json_ds,
    "US": _json_us,
}


def json_from_raw(elem: Any) -> Any:
    """``elem`` as PS3.18 JSON made from its bytes, or _SLOW (see above)."""
    if (
        elem._value is _UNDECODED
        and elem.__class__ is DataElement
        and elem.raw.__class__ is bytes
        and elem.raw
        and elem._parent is not None
    ):
        vr = elem.VR
        fast = _FAST_JSON.get(vr)
        if fast is not None:
            return fast(vr, elem.raw, elem._parent)
    return _SLOW


def column_value(column: TagColumn, elem: Any, problems: list[str]) -> Any:
    """The column's value for ``elem`` (a DataElement or None): a scalar, or a list for a
    multi-valued attribute. What does not convert is None, with a line in ``problems``."""
    if elem is None:
        return None
    try:
        fast = _FAST.get(column.vr)
        if (
            fast is not None
            and elem._value is _UNDECODED
            and elem.__class__ is DataElement
            and elem.raw.__class__ is bytes
            and elem.raw
            and elem._parent is not None
            and elem.VR == column.vr  # (an implicit VR resolved, as decoding it would)
        ):
            value = fast(column, elem.raw, elem._parent)
            if value is not _SLOW:
                return value
        value = elem.value
        kind = column.kind
        if not column.multi:  # the common cases, first: one text, integer or real
            if kind == "str" and isinstance(value, str) and column.vr != "AT":
                return str(value) or None
            if kind == "int64" and isinstance(value, int) and _INT64[0] <= value <= _INT64[1]:
                return int(value)
            if kind == "float64" and isinstance(value, float):
                return float(value)
            if value.__class__ is str and (kind == "date" or kind == "time"):  # one DA, TM
                return (_date if kind == "date" else _time)(value) if value else None
        if kind == "json":
            return json.dumps(element_to_json_dict(elem), sort_keys=True)
        if kind == "binary":
            return bytes(value) if value else None
        items = _items(value)
        if column.multi:
            return [_one(column, item) for item in items] or None
        if len(items) > 1:
            raise NotConverted(f"{len(items)} values where the dictionary says VM 1")
        return _one(column, items[0]) if items else None
    except (ValueError, TypeError) as exc:  # DicomError is a ValueError
        problems.append(f"{column.name}: {exc}")
        return None


# -- the Arrow schema --------------------------------------------------------------------------


def arrow_schema(columns: list[TagColumn], header: bool, private: bool) -> Any:
    """The schema of every part written with these options (``pyarrow`` needed)."""
    from ._optional import require

    pa = require("pyarrow", "index")
    problem = pa.struct(
        [
            ("offset", pa.int64()),
            ("kind", pa.string()),
            ("severity", pa.string()),
            ("path", pa.string()),
            ("message", pa.string()),
        ]
    )
    fields = [
        ("path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("etag", pa.string()),
        ("indexed_at", pa.timestamp("us", tz="UTC")),
        ("index_version", pa.int32()),
        ("status", pa.string()),
        ("error_class", pa.string()),
        ("error_message", pa.string()),
        ("error_offset", pa.int64()),
        ("error_path", pa.string()),
        ("problems", pa.list_(problem)),
        ("problems_truncated", pa.bool_()),
        ("read_end", pa.int64()),
        ("private_creators", pa.list_(pa.string())),
    ]
    scalar = {
        "str": pa.string(),
        "json": pa.string(),
        "int64": pa.int64(),
        "uint64": pa.uint64(),
        "float32": pa.float32(),
        "float64": pa.float64(),
        "date": pa.date32(),
        "time": pa.time64("us"),
        "binary": pa.binary(),
    }
    for column in columns:
        arrow_type = scalar[column.kind]
        if column.multi and column.kind not in ("json", "binary"):
            arrow_type = pa.list_(arrow_type)
        fields.append((column.name, arrow_type))
    if private:
        fields.append(("private_json", pa.string()))
    if header:
        fields.append(("header_json", pa.string()))
    return pa.schema(fields)
