"""Datasets to and from the DICOM JSON Model, with pydicom 3's ``to_json``/``from_json`` API.

Follows PS3.18 §F.2 (DICOM JSON Model): Table F.2.3-1 (VR to JSON type), §F.2.5 (empty
values), §F.2.6 (BulkDataURI) and §F.2.7 (InlineBinary).
"""

# Where this departs from pydicom 3.0.2 it follows PS3.18 and says so:
# - an empty value inside a multi-valued element is ``null`` (§F.2.5); pydicom writes "" for
#   text, {"Alphabetic": ""} for PN and fails on an empty DS or IS item;
# - an empty sequence has no "Value" (§F.2.5: an empty attribute has no Value); pydicom
#   writes "Value": [];
# - a DS whose text is not a finite number ("NaN", "inf") is written as that text (Table
#   F.2.3-1 allows strings for DS and IS), where pydicom writes a NaN that is not JSON;
# - reading, content that is not the model (a key that is not 8 hex digits, a missing or
#   unknown VR, a Value that is not a list, a bad PN object, an AT that is not a tag,
#   bad base64, more than one of Value/InlineBinary/BulkDataURI) raises DicomError naming
#   the element, where pydicom raises KeyError/TypeError or warns and drops the value;
# - DS, IS, SV and UV given as JSON strings keep their text (Table F.2.3-1: strings "preserve
#   the original format"), where pydicom turns them into numbers.
# Like pydicom, group length elements (gggg,0000) are written (§F.2.2 says they should not
# be, but dropping them would lose them on the round trip), and binary values are the bytes
# as held (no byte swapping for a big endian data set).

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import warnings
from collections.abc import Callable
from inspect import signature
from typing import Any

from . import tables
from .dataelem import DataElement
from .errors import DicomError, NestingTooDeepError
from .multival import MultiValue
from .valuerep import AMBIGUOUS_VR, BYTES_VR, INT_VRS, int_range
from .values import empty_value_for_VR

__all__ = [
    "JSON_VALUE_KEYS",
    "dataset_from_json",
    "dataset_to_json",
    "dataset_to_json_dict",
    "element_from_json",
    "element_to_json_dict",
]

# PS3.18 §F.2.2: an attribute object holds "vr" and at most one of these.
JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")
# PS3.18 §F.2.2.1: the component groups of a PN value, in their PS3.5 §6.2.1 order.
PN_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")

# Table F.2.3-1: the VRs whose values are JSON Numbers; Table F.3.1-1: base64 ones.
_INT_VRS = frozenset({"IS", "SL", "SS", "SV", "UL", "US", "UV", "US or SS"})
_FLOAT_VRS = frozenset({"DS", "FD", "FL"})
_STRING_NUMBER_VRS = frozenset({"DS", "IS", "SV", "UV"})  # may also be JSON Strings
_BINARY_VRS = (BYTES_VR | AMBIGUOUS_VR) - {"US or SS"}  # as pydicom: "US or SS" is a number
_TAG_KEY = re.compile(r"^[0-9A-Fa-f]{8}$")

BulkDataElementHandler = Callable[[DataElement], str]
_ELEMENT_TO_JSON_DICT = DataElement.to_json_dict


# --- writing ---------------------------------------------------------------------------------


def dataset_to_json_dict(
    ds: Any,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandler | None = None,
    suppress_invalid_tags: bool = False,
) -> dict[str, Any]:
    """``ds`` as a DICOM JSON object (PS3.18 §F.2): ``{"00100010": {"vr": "PN", ...}}``.

    Binary values longer than ``(bulk_data_threshold // 4) * 3`` bytes (so that their base64
    text would be longer than the threshold) are given as the "BulkDataURI" that
    ``bulk_data_element_handler(element)`` returns, if there is a handler; otherwise as
    "InlineBinary". With ``suppress_invalid_tags`` an element whose value cannot be decoded
    cleanly (an error, or a warning, as pydicom's strict reading) is left out with a warning.
    """
    if not suppress_invalid_tags:
        return _dataset_dict(ds, bulk_data_threshold, bulk_data_element_handler, None)
    dropped: list[str] = []
    with warnings.catch_warnings():
        # pydicom reads strictly here: what would only warn is an error, and drops the element
        warnings.simplefilter("error", UserWarning)
        result = _dataset_dict(ds, bulk_data_threshold, bulk_data_element_handler, dropped)
    from .misc import warn_and_log

    for problem in dropped:
        warn_and_log(problem, UserWarning, stacklevel=3)
    return result


def dataset_to_json(
    ds: Any,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandler | None = None,
    dump_handler: Callable[[dict[str, Any]], str] | None = None,
    suppress_invalid_tags: bool = False,
) -> str:
    """``ds`` as DICOM JSON text: ``dump_handler`` (default ``json.dumps`` with sorted keys,
    PS3.18 §F.2.2 orders attributes by tag) applied to :func:`dataset_to_json_dict`."""
    json_dict = dataset_to_json_dict(
        ds, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
    )
    if dump_handler is None:
        return json.dumps(json_dict, sort_keys=True)
    return dump_handler(json_dict)


def _dataset_dict(
    ds: Any,
    threshold: int,
    handler: BulkDataElementHandler | None,
    dropped: list[str] | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for elem in ds:
        key = f"{elem.tag:08X}"
        convert = element_to_json_dict
        if type(elem).to_json_dict is not _ELEMENT_TO_JSON_DICT:
            # a DataElement subclass (or a patched class) with its own to_json_dict
            def convert(elem, threshold, handler, dropped):
                return elem.to_json_dict(handler, threshold)

        if dropped is None:
            result[key] = convert(elem, threshold, handler, dropped)
            continue
        try:
            result[key] = convert(elem, threshold, handler, dropped)
        except Exception as exc:  # as pydicom: with suppress_invalid_tags any failure drops it
            dropped.append(f"Error while processing tag {key}: {exc}")
    return result


def element_to_json_dict(
    elem: DataElement,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandler | None = None,
    _dropped: list[str] | None = None,
) -> dict[str, Any]:
    """One element as a DICOM JSON attribute object: ``{"vr": ..., "Value": [...]}``, or
    "InlineBinary"/"BulkDataURI" for a binary VR, or only "vr" when empty (§F.2.5)."""
    # PS3.18 §F.2.3: one VR of PS3.5 Table 6.2-1; an ambiguous VR an element made in code
    # keeps until written is the one it would be written with
    vr = elem._written_vr()
    value = elem.value
    json_elem: dict[str, Any] = {"vr": vr}
    if vr == "SQ":
        if value:  # §F.2.5: an empty sequence has no Value
            json_elem["Value"] = [
                _dataset_dict(item, bulk_data_threshold, bulk_data_element_handler, _dropped)
                for item in value
            ]
        return json_elem
    if vr in _BINARY_VRS:
        if value is None or len(value) == 0:
            return json_elem
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise _error(elem, f"a {vr} value must be bytes, not {type(value).__name__}")
        # base64 makes 3 bytes 4 characters: the threshold is on the encoded length
        if bulk_data_element_handler is not None and len(value) > (bulk_data_threshold // 4) * 3:
            json_elem["BulkDataURI"] = bulk_data_element_handler(elem)
        else:
            json_elem["InlineBinary"] = base64.b64encode(value).decode("ascii")
        return json_elem
    values = _values_of(value)
    if values is None:
        return json_elem
    if vr == "PN":
        items = [_pn_object(item) for item in values]
    elif vr == "AT":
        items = [None if _is_empty(item) else f"{int(item):08X}" for item in values]
    elif vr in _INT_VRS or vr in _FLOAT_VRS:
        # a plain int of an integer VR, a plain float of FD/FL, is its own JSON number
        plain = int if vr in _INT_VRS else float if vr != "DS" else None
        items = [item if item.__class__ is plain else _number(elem, vr, item) for item in values]
    else:
        # a plain str is its own JSON string, an empty one null (§F.2.5)
        items = [(item or None) if item.__class__ is str else _text(elem, item) for item in values]
    json_elem["Value"] = items
    return json_elem


def _is_empty(item: Any) -> bool:
    return item is None or (isinstance(item, (str, bytes)) and not item)


def _values_of(value: Any) -> list[Any] | None:
    """The values of an element as a list, or None when it has none (§F.2.5)."""
    if value is None:
        return None
    if value.__class__ is int or value.__class__ is float:  # one number, the common case
        return [value]
    if isinstance(value, (str, bytes)) or hasattr(value, "components"):
        # one value (a PersonName iterates its text, like a string)
        return [value] if len(value) else None
    if isinstance(value, (list, tuple, MultiValue)):
        return list(value) or None
    return [value]


def _pn_object(name: Any) -> dict[str, str] | None:
    """A PN value as its component groups (PS3.18 §F.2.2), null when empty (§F.2.5)."""
    text = str(name)
    if not text:
        return None
    groups = text.split("=")
    return {label: group for label, group in zip(PN_GROUPS, groups, strict=False)}


def _number(elem: DataElement, vr: str, item: Any) -> Any:
    if _is_empty(item):
        return None  # §F.2.5: an empty value of several is null
    if vr in _FLOAT_VRS:
        try:
            number = float(item)
        except (TypeError, ValueError):  # a DS kept as text because it is not a number
            raise _error(elem, f"{item!r} is not a number, as {vr} needs") from None
        if vr == "DS" and not math.isfinite(number):
            return str(item)  # NaN is not JSON; a DS may be a String (Table F.2.3-1)
        return number
    try:
        number = int(item) if not isinstance(item, float) or item.is_integer() else item
    except (TypeError, ValueError):  # an IS kept as text because it is not a number
        raise _error(elem, f"{item!r} is not a number, as {vr} needs") from None
    return number


def _text(elem: DataElement, item: Any) -> str | None:
    if item is None or (isinstance(item, (str, bytes)) and not item):
        return None  # §F.2.5
    if isinstance(item, (bytes, bytearray)):
        from .charset import decode_bytes

        parent = elem._parent
        encodings = parent._character_set if parent is not None else "iso8859"
        if isinstance(encodings, str):
            encodings = [encodings]
        return decode_bytes(bytes(item), encodings, set())
    return str(item)


def _error(elem: DataElement, problem: str) -> DicomError:
    return DicomError(f"Element {elem.tag:08X} cannot be written as DICOM JSON: {problem}")


# --- reading ---------------------------------------------------------------------------------


def dataset_from_json(
    cls: type,
    json_dataset: dict[str, Any] | str | bytes | bytearray,
    bulk_data_uri_handler: Callable[..., Any] | None = None,
) -> Any:
    """A ``cls`` dataset from a DICOM JSON object or its text (PS3.18 §F.2).

    Elements are made with ``DataElement(tag, vr, value)``, so their values have the types
    assigning them would give. A "BulkDataURI" is passed to ``bulk_data_uri_handler`` as
    ``(tag, vr, uri)``, or ``(uri)`` if the handler takes one argument, and its result is
    the value; with no handler the element is empty (with a warning, as pydicom).
    Content that is not the DICOM JSON Model raises :class:`DicomError` naming the element.
    """
    if isinstance(json_dataset, (str, bytes, bytearray)):
        try:
            json_dataset = json.loads(json_dataset)
        except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8/16/32
            raise DicomError(f"Not JSON text: {exc}", path="dataset") from None
        except RecursionError:  # json's own parser stops at a few thousand levels
            raise NestingTooDeepError(
                "JSON text nested too deeply to parse (more than the "
                f"{_max_depth()} sequence levels a data set may have here)",
                path="dataset",
            ) from None
    handler = _three_argument_handler(bulk_data_uri_handler)
    return _dataset_from(cls, json_dataset, handler, "dataset")


def _max_depth() -> int:
    """How deep sequences may nest: the reader's bound (filereader.MAX_NESTING_DEPTH)."""
    from .filereader import MAX_NESTING_DEPTH

    return MAX_NESTING_DEPTH


def element_from_json(
    dataset_class: type,
    tag: str,
    vr: str,
    value: Any,
    value_key: str | None,
    bulk_data_uri_handler: Callable[..., Any] | None = None,
) -> DataElement:
    """One element from the parts of a DICOM JSON attribute object (pydicom's
    ``DataElement.from_json``): ``value`` is what its ``value_key`` holds (PS3.18 §F.2.2)."""
    if isinstance(tag, int):
        tag = f"{tag:08X}"
    attribute: dict[str, Any] = {"vr": vr}
    if value_key is not None:
        attribute[value_key] = value
    handler = _three_argument_handler(bulk_data_uri_handler)
    return _element_from(dataset_class, tag, attribute, handler, "dataset")


def _three_argument_handler(handler: Callable[..., Any] | None) -> Callable[..., Any] | None:
    """pydicom calls a handler of one parameter with the URI only, any other with
    (tag, vr, uri)."""
    if handler is None:
        return None
    try:
        parameters = signature(handler).parameters
    except (TypeError, ValueError):  # no signature (some builtins): the full call
        return handler
    if len(parameters) == 1:
        return lambda tag, vr, uri: handler(uri)
    return handler


def _dataset_from(cls: type, json_object: Any, handler: Any, path: str, depth: int = 0) -> Any:
    if not isinstance(json_object, dict):
        raise DicomError(
            f"A DICOM JSON data set must be an object, not {_json_type(json_object)}", path=path
        )
    if depth > _max_depth():
        raise NestingTooDeepError(f"sequences nested more than {_max_depth()} deep", path=path)
    dataset = cls()
    for key, attribute in json_object.items():
        dataset.add(_element_from(cls, key, attribute, handler, path, depth))
    return dataset


def _element_from(
    cls: type, key: Any, attribute: Any, handler: Any, path: str, depth: int = 0
) -> DataElement:
    if not isinstance(key, str) or not _TAG_KEY.match(key):
        raise DicomError(
            f"{key!r} is not a tag: DICOM JSON keys are 8 hexadecimal digits (PS3.18 §F.2.2)",
            path=path,
        )
    tag = int(key, 16)
    where = f"{path} / {key.upper()}"
    if not isinstance(attribute, dict):
        raise DicomError(
            f"Element {key} must be a JSON object, not {_json_type(attribute)}", path=where
        )
    vr = attribute.get("vr")
    if not isinstance(vr, str) or vr not in tables.vr_table():
        problem = "has no 'vr'" if vr is None else f"has an unknown VR {vr!r}"
        raise DicomError(f"Element {key} {problem}", path=where)
    where = f"{where} {vr}"
    value_keys = [name for name in JSON_VALUE_KEYS if name in attribute]
    if len(value_keys) > 1:
        raise DicomError(
            f"Element {key} has more than one of {', '.join(value_keys)} (PS3.18 §F.2.2)",
            path=where,
        )
    value_key = value_keys[0] if value_keys else None
    if value_key is None:
        value: Any = None
    elif value_key == "Value":
        value = _value_from(cls, key, vr, attribute["Value"], handler, where, depth)
    else:
        value = _binary_from(key, vr, value_key, attribute[value_key], handler, where)
    if value is None:
        value = empty_value_for_VR(vr)  # §F.2.5; the empty value the reader gives
    return _make_element(tag, key, vr, value, where)


def _make_element(tag: int, key: str, vr: str, value: Any, where: str) -> DataElement:
    if vr == "UN" and isinstance(value, (bytes, bytearray)):
        # A UN value is undecoded bytes: made as the reader makes it, so that a known tag
        # takes its dictionary VR and a decoded value, as pydicom's from_json does
        # (config.replace_un_with_known_vr); its private creator is found once it is added.
        raw = bytes(value)
        return DataElement.from_raw(tag, "UN", raw, len(raw), None, False, None)
    try:
        return DataElement(tag, vr, value)
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        raise DicomError(
            f"Element {key} cannot take the value {value!r}: {exc}", path=where
        ) from None


def _value_from(
    cls: type, key: str, vr: str, values: Any, handler: Any, where: str, depth: int = 0
) -> Any:
    if not isinstance(values, list):
        raise DicomError(
            f"The 'Value' of element {key} must be an array, not {_json_type(values)}",
            path=where,
        )
    if vr == "SQ":
        items = []
        for index, item in enumerate(values):
            # pydicom reads a null item as an empty one
            item = {} if item is None else item
            items.append(_dataset_from(cls, item, handler, f"{where} / item {index}", depth + 1))
        return items
    if vr in _BINARY_VRS and values:
        raise DicomError(
            f"Element {key} with VR {vr} has a 'Value'; its value is 'InlineBinary' or "
            "'BulkDataURI' (PS3.18 §F.2.2)",
            path=where,
        )
    converted = [
        _item_from(key, vr, item, f"{where} / Value[{index}]") for index, item in enumerate(values)
    ]
    if not converted:
        return None
    return converted[0] if len(converted) == 1 else converted


def _item_from(key: str, vr: str, item: Any, where: str) -> Any:
    """One value of a "Value" array in the form ``DataElement`` takes for ``vr``."""
    if item is None:  # §F.2.5: an empty value of several; as the reader gives it
        return None if vr in _INT_VRS - {"IS"} or vr in ("FL", "FD", "AT") else ""
    if vr == "PN":
        return _pn_from(key, item, where)
    if vr == "AT":
        if not isinstance(item, str) or not _TAG_KEY.match(item):
            raise DicomError(
                f"The AT value {item!r} of element {key} is not 8 hexadecimal digits",
                path=where,
            )
        return int(item, 16)
    if vr in _INT_VRS or vr in _FLOAT_VRS:
        return _number_from(key, vr, item, where)
    if not isinstance(item, str):
        raise DicomError(
            f"A {vr} value of element {key} must be a string, not {_json_type(item)}",
            path=where,
        )
    return item


def _number_from(key: str, vr: str, item: Any, where: str) -> Any:
    if isinstance(item, str) and vr in _STRING_NUMBER_VRS:
        text = item.strip()
        if vr in ("SV", "UV"):
            try:
                return int(text)
            except ValueError:
                pass
        elif text:
            return text  # DS and IS keep their text (Table F.2.3-1)
        raise DicomError(f"{item!r} is not a {vr} value (element {key})", path=where)
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        raise DicomError(
            f"A {vr} value of element {key} must be a number, not {_json_type(item)}",
            path=where,
        )
    if vr in _FLOAT_VRS:
        try:
            return float(item)
        except OverflowError:  # an integer beyond any double
            raise DicomError(
                f"{vr} value of element {key} is too large for a {vr} ({len(str(item))} digits)",
                path=where,
            ) from None
    limits = int_range(vr) if vr in INT_VRS else None  # PS3.5 Table 6.2-1
    if limits is not None and not limits[0] <= item <= limits[1]:
        raise DicomError(
            f"{vr} value of element {key} is outside {limits[0]}..{limits[1]} (PS3.5 Table 6.2-1)",
            path=where,
        )
    if isinstance(item, float):
        if not item.is_integer():
            raise DicomError(
                f"{item!r} is not an integer, as {vr} needs (element {key})", path=where
            )
        return int(item)
    return item


def _pn_from(key: str, item: Any, where: str) -> str:
    if isinstance(item, str):
        # Some services write the name as a plain string: pydicom warns and takes it.
        warnings.warn(
            f"The PN value of element {key} is a string, not an object of component groups "
            "(PS3.18 §F.2.2)",
            UserWarning,
            stacklevel=2,
        )
        return item
    if not isinstance(item, dict):
        raise DicomError(
            f"A PN value of element {key} must be an object, not {_json_type(item)}", path=where
        )
    unknown = [name for name in item if name not in PN_GROUPS]
    if unknown:
        raise DicomError(
            f"The PN value of element {key} has {unknown[0]!r}; its keys are "
            "Alphabetic, Ideographic and Phonetic",
            path=where,
        )
    groups = []
    for label in PN_GROUPS:
        group = item.get(label, "")
        if not isinstance(group, str):
            raise DicomError(
                f"The {label} group of element {key} must be a string, not {_json_type(group)}",
                path=where,
            )
        groups.append(group)
    return "=".join(groups).rstrip("=")


def _binary_from(key: str, vr: str, value_key: str, value: Any, handler: Any, where: str) -> Any:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]  # PS3.18's example in Annex F.4 puts it in an array: pydicom takes both
    if not isinstance(value, str):
        raise DicomError(
            f"The '{value_key}' of element {key} must be a string, not {_json_type(value)}",
            path=where,
        )
    if value_key == "InlineBinary":
        if vr not in _BINARY_VRS:
            raise DicomError(
                f"Element {key} with VR {vr} has 'InlineBinary', which is only for OB, OD, "
                "OF, OL, OV, OW and UN (PS3.18 §F.2.2)",
                path=where,
            )
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DicomError(
                f"The 'InlineBinary' of element {key} is not base64: {exc}", path=where
            ) from None
    if handler is None:
        warnings.warn(
            f"No bulk data URI handler provided for retrieval of value of data element {key}",
            UserWarning,
            stacklevel=2,
        )
        return None
    return handler(key, vr, value)


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
