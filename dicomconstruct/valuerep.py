"""Python types for DICOM values: DS, IS, PN, DA, DT, TM, the VR names, and value validation.

Follows PS3.5 §6.2 (Table 6.2-1, value representations) and §6.2.1 (person names).
"""

# The classes behave as pydicom 3's classes of the same names (valuerep.py), so code written
# for pydicom works with them: DSfloat/IS keep the string they were read from, PersonName
# compares equal to its text, DA/DT/TM are datetime objects that print their original text.

from __future__ import annotations

import datetime
import io
import numbers
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from enum import Enum, unique
from functools import cache
from math import floor, isfinite, log10
from typing import Any

from . import config, tables
from .charset import PN_DELIMS, TEXT_VR_DELIMS, decode_bytes, default_encoding, encode_string
from .errors import DicomError, ValueRangeError, ValueTypeError
from .misc import warn_and_log
from .multival import MultiValue
from .tag import Tag

__all__ = [
    "DA",
    "DS",
    "DT",
    "IS",
    "TM",
    "VR",
    "DSdecimal",
    "DSfloat",
    "ISfloat",
    "PersonName",
    "PN_DELIMS",
    "TEXT_VR_DELIMS",
    "check_value",
    "format_number_as_ds",
    "is_valid_ds",
    "validate_value",
]

# How a fault in a value is handled (pydicom's config.IGNORE / WARN / RAISE).
IGNORE, WARN, RAISE = config.IGNORE, config.WARN, config.RAISE


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


# --- VR names (PS3.5 Table 6.2-1; ambiguous VRs of PS3.6 Tables 6-1, 7-1, 8-1) ---------------


@unique
class VR(str, Enum):
    """A Value Representation: compares and prints as its two letters (``VR.PN == 'PN'``)."""

    AE = "AE"
    AS = "AS"
    AT = "AT"
    CS = "CS"
    DA = "DA"
    DS = "DS"
    DT = "DT"
    FD = "FD"
    FL = "FL"
    IS = "IS"
    LO = "LO"
    LT = "LT"
    OB = "OB"
    OD = "OD"
    OF = "OF"
    OL = "OL"
    OW = "OW"
    OV = "OV"
    PN = "PN"
    SH = "SH"
    SL = "SL"
    SQ = "SQ"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    TM = "TM"
    UC = "UC"
    UI = "UI"
    UL = "UL"
    UN = "UN"
    UR = "UR"
    US = "US"
    UT = "UT"
    UV = "UV"
    US_SS_OW = "US or SS or OW"
    US_SS = "US or SS"
    US_OW = "US or OW"
    OB_OW = "OB or OW"

    def __str__(self) -> str:
        return str.__str__(self)


STANDARD_VR = frozenset(vr.value for vr in VR if " " not in vr.value)
AMBIGUOUS_VR = frozenset({"US or SS or OW", "US or SS", "US or OW", "OB or OW"})
# PS3.5 §6.1.2.3: the repertoire of these is the default (ISO-IR 6) only ...
DEFAULT_CHARSET_VR = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR"})
# ... and of these it is extended or replaced by (0008,0005) Specific Character Set.
CUSTOMIZABLE_CHARSET_VR = frozenset({"LO", "LT", "PN", "SH", "ST", "UC", "UT"})
STR_VR = DEFAULT_CHARSET_VR | CUSTOMIZABLE_CHARSET_VR
BYTES_VR = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
FLOAT_VR = frozenset({"DS", "FD", "FL"})
INT_VR = frozenset({"AT", "IS", "SL", "SS", "SV", "UL", "US", "UV"})
LIST_VR = frozenset({"SQ"})
# PS3.5 Table 6.2-1: the VRs whose values may contain a backslash (no multiplicity).
ALLOW_BACKSLASH = frozenset({"LT", "ST", "UT", "UR"}) | BYTES_VR | (AMBIGUOUS_VR - {"US or SS"})
# The VRs whose values may be long enough to be shortened when printed.
LONG_VALUE_VR = frozenset({"LT", "UC", "UT"}) | BYTES_VR | AMBIGUOUS_VR
# The VRs whose values may be given as a buffer (a file-like object) to write.
BUFFERABLE_VRS = (BYTES_VR | {"OB or OW"}) - {"UN"}


# --- validation (PS3.5 Table 6.2-1) ----------------------------------------------------------
# pydicom's validators, with its names and messages: each takes (vr, value) for one value and
# gives (valid, message). ``validate_value`` applies one as a validation mode says (IGNORE,
# WARN, RAISE; config.settings.reading_validation_mode when not given); ``check_value`` is the
# writer's stricter check (also the backslash rule of PS3.5 §6.4 and the type of UC/UT).


# PS3.4 C.2.2.2.5: DA, DT and TM values may be ranges (in queries), which pydicom accepts.
_RANGE_VRS = frozenset({"DA", "DT", "TM"})


def _whole_value_regex(vr: str, body: str) -> str:
    """pydicom's regex for ``vr`` from the value format of schemas/vrs.tsv."""
    if vr in _RANGE_VRS:
        return rf"^{body}$|^\-{body} ?$|^{body}\- ?$|^{body}\-{body} ?$"
    return f"^{body}$"


@cache
def _vr_facts() -> dict[str, Any]:
    """pydicom's tables of VR facts, from schemas/vrs.tsv on first use (importing this module
    reads no table): ``MAX_VALUE_LEN``, the maximum value lengths pydicom checks (PS3.5 Table
    6.2-1; UR and UT, 2**32 - 2, and PN's 64 per group are checked elsewhere); ``VALUE_LENGTH``,
    the width of one binary number; ``EXPLICIT_VR_LENGTH_16`` / ``_32``, the explicit VRs with
    a 16-bit or 32-bit value length (PS3.5 Table 7.1-2)."""
    short = frozenset(vr for vr in STANDARD_VR if tables.vr_info(vr).explicit_length_size == 2)
    regexes = {
        vr: _whole_value_regex(vr, info.value_format)
        for vr, info in tables.vr_table().items()
        if info.value_format
    }
    return {
        "VR_REGEXES": regexes,
        "STR_VR_REGEXES": {vr: re.compile(regex) for vr, regex in regexes.items()},
        "BYTE_VR_REGEXES": {vr: re.compile(regex.encode()) for vr, regex in regexes.items()},
        "MAX_VALUE_LEN": {
            vr: tables.vr_info(vr).max_length
            for vr in ("AE", "CS", "DS", "IS", "LO", "LT", "SH", "ST", "UI")
        },
        "VALUE_LENGTH": {
            vr: tables.vr_info(vr).value_width
            for vr in ("US", "SS", "UL", "SL", "UV", "SV", "FL", "FD")
        },
        "EXPLICIT_VR_LENGTH_16": short,
        "EXPLICIT_VR_LENGTH_32": STANDARD_VR - short,
    }


_FACT_NAMES = frozenset(
    {
        "MAX_VALUE_LEN",
        "VALUE_LENGTH",
        "EXPLICIT_VR_LENGTH_16",
        "EXPLICIT_VR_LENGTH_32",
        "VR_REGEXES",
        "STR_VR_REGEXES",
        "BYTE_VR_REGEXES",
    }
)


def __getattr__(name: str) -> Any:
    if name in _FACT_NAMES:
        return _vr_facts()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The binary integer VRs (PS3.5 Table 6.2-1); what each holds is int_range's.
INT_VRS = frozenset({"US", "SS", "UL", "SL", "UV", "SV"})


@cache
def int_range(vr: str) -> tuple[int, int] | None:
    """The lowest and highest whole number a value of ``vr`` holds (PS3.5 Table 6.2-1), from
    its width and struct format (lower case: signed) in schemas/vrs.tsv: a binary integer VR,
    AT (a 32-bit tag, PS3.5 §7.1), or an ambiguous VR (those of its VRs together, as either
    may be the one written); None for the other VRs."""
    if vr in AMBIGUOUS_VR:
        ranges = [found for part in vr.split(" or ") if (found := int_range(part))]
        if not ranges:  # OB or OW
            return None
        return min(low for low, _ in ranges), max(high for _, high in ranges)
    if vr not in INT_VRS and vr != "AT":
        return None
    info = tables.vr_info(vr)
    bits = 8 * (info.value_width or 0)
    if (info.struct_format or "").islower():
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


_DATE_TYPES = {"DA": datetime.date, "DT": datetime.datetime, "TM": datetime.time}


def validate_type(vr: str, value: Any, types: type | tuple[type, ...]) -> tuple[bool, str]:
    """Whether ``value`` (None allowed) is one of ``types``."""
    if value is not None and not isinstance(value, types):
        return False, _wrong_type(vr, value)
    return True, ""


def _wrong_type(vr: str, value: Any) -> str:
    return f"A value of type '{type(value).__name__}' cannot be assigned to a tag with VR {vr}."


def validate_vr_length(vr: str, value: Any) -> tuple[bool, str]:
    """Whether ``value`` is no longer than :data:`MAX_VALUE_LEN` allows for ``vr``."""
    max_length = _vr_facts()["MAX_VALUE_LEN"].get(vr, 0)
    if max_length > 0 and len(value) > max_length:
        return False, (
            f"The value length ({len(value)}) exceeds the maximum length of {max_length} "
            f"allowed for VR {vr}."
        )
    return True, ""


def validate_type_and_length(vr: str, value: Any) -> tuple[bool, str]:
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_vr_length(vr, value)


def validate_regex(vr: str, value: Any) -> tuple[bool, str]:
    """Whether ``value`` has only the characters and format PS3.5 Table 6.2-1 allows."""
    if value:
        if isinstance(value, str):
            regex, newline = _vr_facts()["STR_VR_REGEXES"][vr], "\n"
        else:
            regex, newline = _vr_facts()["BYTE_VR_REGEXES"][vr], 10
        if not regex.match(value) or value[-1] == newline:
            return False, f"Invalid value for VR {vr}: {value!r}."
    return True, ""


def validate_type_and_regex(vr: str, value: Any) -> tuple[bool, str]:
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_regex(vr, value)


def validate_date_time(vr: str, value: Any, date_time_type: type) -> tuple[bool, str]:
    """DA, DT, TM: text of the VR's format, or a ``date_time_type`` object."""
    if value and isinstance(value, date_time_type):
        return True, ""
    return validate_type_and_regex(vr, value)


def validate_length_and_type_and_regex(vr: str, value: Any) -> tuple[bool, str]:
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    is_valid_len, msg1 = validate_vr_length(vr, value)
    is_valid_expr, msg2 = validate_regex(vr, value)
    msg = " ".join([msg1, msg2]).strip()
    if msg:
        msg += (
            " Please see <https://dicom.nema.org/medical/dicom/current/output"
            "/html/part05.html#table_6.2-1> for allowed values for each VR."
        )
    return is_valid_len and is_valid_expr, msg


def validate_pn_component_length(vr: str, value: Any) -> tuple[bool, str]:
    """PS3.5 Table 6.2-1: at most 64 characters (PN's max_length) per component group."""
    max_length = tables.vr_info("PN").max_length
    if len(value) > max_length:  # type: ignore[operator]
        return False, (
            f"The PN component length ({len(value)}) exceeds the maximum allowed length of "
            f"{max_length}."
        )
    return True, ""


def validate_pn(vr: str, value: Any) -> tuple[bool, str]:
    """At most three component groups (PS3.5 §6.2.1), each at most 64 characters."""
    if not value or isinstance(value, PersonName):
        return True, ""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    groups = value.split(b"=" if isinstance(value, bytes) else "=")
    if len(groups) > 3:
        return False, (
            f"The number of PN components length ({len(groups)}) exceeds the maximum "
            "allowed number of 3."
        )
    for group in groups:
        valid, msg = validate_pn_component_length("PN", group)
        if not valid:
            return False, msg
    return True, ""


def validate_pn_component(value: str | bytes) -> None:
    """Check one PN component group's length as ``writing_validation_mode`` says."""
    validate_value(
        "PN", value, config.settings.writing_validation_mode, validate_pn_component_length
    )


def validate_number(vr: str, value: Any, min_value: int, max_value: int) -> tuple[bool, str]:
    """A binary integer VR: an int in the VR's range, or bytes of a whole number of values."""
    valid, msg = validate_type(vr, value, (int, bytes))
    if not valid:
        return valid, msg
    if isinstance(value, int):
        if value < min_value or value > max_value:
            return False, (
                f"Invalid value: a value for a tag with VR {vr} must be between "
                f"{min_value} and {max_value}."
            )
    elif len(value) % _vr_facts()["VALUE_LENGTH"][vr]:
        return False, (
            f"Invalid value length {len(value)}: the value length for a tag with VR {vr} "
            f"must be a multiple of {_vr_facts()['VALUE_LENGTH'][vr]}."
        )
    return True, ""


def _number_validator(vr: str) -> Callable[[str, Any], tuple[bool, str]]:
    return lambda vr, value: validate_number(vr, value, *int_range(vr))  # type: ignore[misc]


def _type_validator(types: tuple[type, ...]) -> Callable[[str, Any], tuple[bool, str]]:
    return lambda vr, value: validate_type(vr, value, types)


def _date_time_validator(python_type: type) -> Callable[[str, Any], tuple[bool, str]]:
    return lambda vr, value: validate_date_time(vr, value, python_type)


VALIDATORS: dict[str, Callable[[str, Any], tuple[bool, str]]] = {
    "AE": validate_length_and_type_and_regex,
    "AS": validate_type_and_regex,
    "CS": validate_length_and_type_and_regex,
    "DA": _date_time_validator(datetime.date),
    "DS": validate_length_and_type_and_regex,
    "DT": _date_time_validator(datetime.datetime),
    "FD": _type_validator((float, int)),
    "FL": _type_validator((float, int)),
    "IS": validate_length_and_type_and_regex,
    "LO": validate_type_and_length,
    "LT": validate_type_and_length,
    "PN": validate_pn,
    "SH": validate_type_and_length,
    "ST": validate_type_and_length,
    "TM": _date_time_validator(datetime.time),
    "UI": validate_length_and_type_and_regex,
    "UR": validate_type_and_regex,
}
VALIDATORS.update(
    {vr: _type_validator((bytes, bytearray)) for vr in ("OB", "OD", "OF", "OL", "OW", "OV")}
)
VALIDATORS.update({vr: _number_validator(vr) for vr in sorted(INT_VRS)})


def validate_value(
    vr: str,
    value: Any,
    validation_mode: int | None = RAISE,
    validator: Callable[[str, Any], tuple[bool, str]] | None = None,
) -> None:
    """Check ``value`` for ``vr`` with its validator (:data:`VALIDATORS`, or ``validator``).

    As pydicom's: with ``validation_mode`` IGNORE nothing is checked, WARN warns (and logs),
    RAISE raises :class:`DicomError` (a ValueError) naming the problem; None means
    ``config.settings.reading_validation_mode``. ``value`` may be a list of values.
    """
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if validation_mode == IGNORE or value is None:
        return
    validator = validator or VALIDATORS.get(vr)
    if validator is None:
        return
    if isinstance(value, (list, tuple, MultiValue)) and vr not in BYTES_VR:
        for item in value:
            validate_value(vr, item, validation_mode, validator)
        return
    valid, msg = validator(vr, value)
    if not valid:
        if validation_mode == RAISE:
            raise DicomError(msg)
        warn_and_log(msg, stacklevel=3)


def _report(vr: str, value: Any, validation_mode: int | None) -> None:
    """validate_value for the converters (None: the reading validation mode)."""
    validate_value(vr, value, validation_mode)


def check_value(vr: str, value: Any) -> str | None:
    """The problem with ``value`` (one value, or a list of them) for ``vr``, or None if valid.

    The writer's check: the Python type, the maximum length of PS3.5 Table 6.2-1, the allowed
    characters (character repertoire and format) of the text VRs, and no backslash in a
    value of a VR that has a value multiplicity (PS3.5 §6.4).
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple, MultiValue)):
        if vr in BYTES_VR or vr in AMBIGUOUS_VR or vr == "SQ":
            return None if vr == "SQ" else _check_one(vr, value)
        for item in value:
            if item is None:  # an empty value among several (PS3.18 F.2.5 JSON gives these)
                if vr in STR_VR or vr == "PN":
                    continue  # written as empty text
                return f"An empty value (None) cannot be one of several values of VR {vr}."
            problem = _check_one(vr, item)
            if problem:
                return problem
        return None
    return _check_one(vr, value)


def _check_one(vr: str, value: Any) -> str | None:
    if vr in INT_VRS and isinstance(value, bool):
        return _wrong_type(vr, value)
    if vr in ("FL", "FD") and isinstance(value, bytes):
        width = _vr_facts()["VALUE_LENGTH"][vr]
        if len(value) % width:
            return (
                f"Invalid value length {len(value)}: the value length for a tag with VR {vr} "
                f"must be a multiple of {width}."
            )
        return None
    if vr == "AT" or vr == "SQ" or vr in AMBIGUOUS_VR:
        return None
    if vr in ("DS", "IS") and isinstance(value, (int, float, Decimal)):
        value = str(value)
    if vr == "PN" and isinstance(value, PersonName):
        value = str(value)  # pydicom's validator takes any PersonName; the writer checks its text
    if vr in ("UC", "UT") or vr in BYTES_VR and vr != "UN" and isinstance(value, memoryview):
        value = bytes(value) if isinstance(value, memoryview) else value
        if not isinstance(value, (str, bytes)):
            return _wrong_type(vr, value)
    if vr == "UN" and not isinstance(value, (bytes, bytearray, memoryview)):
        return _wrong_type(vr, value)
    validator = VALIDATORS.get(vr)
    if validator is not None:
        valid, msg = validator(vr, value)
        if not valid:
            return msg
    if vr in STR_VR and vr not in ALLOW_BACKSLASH and vr not in _vr_facts()["VR_REGEXES"]:
        if (
            isinstance(value, (str, bytes))
            and (b"\\" if isinstance(value, bytes) else "\\") in value
        ):
            return f"Invalid value for VR {vr}: {value!r} contains a backslash."
    return None


# --- DS: decimal string (PS3.5 Table 6.2-1) ------------------------------------------------


def is_valid_ds(s: str) -> bool:
    """Whether ``s`` is a valid DS: at most 16 characters of the DS format."""
    return check_value("DS", s) is None


def format_number_as_ds(val: float | Decimal) -> str:
    """The closest representation of ``val`` as a valid DS (at most 16 characters).

    Uses scientific notation where it keeps more digits; non-finite values raise ValueError.
    """
    if not isinstance(val, (float, Decimal)):
        raise TypeError("'val' must be of type float or decimal.Decimal")
    if not isfinite(val):
        raise ValueError(f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'")
    valstr = str(val)
    if len(valstr) <= 16:
        return valstr
    logval = log10(abs(val))
    sign_chars = 1 if val < 0.0 else 0
    # Above 1e14 (1e13 when negative) truncating the plain form would leave '314159265358979.';
    # below 1e-4 scientific notation keeps more significant digits.
    if logval < -4 or logval >= (14 - sign_chars):
        digits = 10 - sign_chars
        text = f"{val:.{digits}e}"
        if len(text) > 16:  # a three-digit exponent
            digits -= 1
            text = f"{val:.{digits}e}"
        if not isfinite(float(text)):  # rounded up past the largest float: truncate instead
            mantissa, exponent = f"{val:.{digits + 5}e}".split("e")
            text = f"{mantissa[:-5]}e{exponent}"
        return text
    if logval >= 1.0:
        digits = 14 - sign_chars - int(floor(logval))
    else:
        digits = 14 - sign_chars
    return f"{val:.{digits}f}"


def _keep_ds_text(ds: Any, val: Any, auto_format: bool, number: Any) -> bool:
    """Give a new DSfloat/DSdecimal the text it keeps (``original_string``) and its
    ``auto_format``: the text it was made from, another DS's text and setting, or with
    ``auto_format`` the number formatted to at most 16 characters (PS3.5 Table 6.2-1).
    Returns the ``auto_format`` in effect."""
    pre_checked = False
    if isinstance(val, str):
        ds.original_string = val.strip()
    elif isinstance(val, (DSfloat, DSdecimal)):
        if val.auto_format:
            auto_format = pre_checked = True
        if hasattr(val, "original_string"):
            ds.original_string = val.original_string
    ds.auto_format = auto_format
    if auto_format and not pre_checked:
        if hasattr(ds, "original_string"):
            if not is_valid_ds(ds.original_string):
                ds.original_string = format_number_as_ds(float(ds.original_string))
        else:
            ds.original_string = format_number_as_ds(number)
    return auto_format


class _ComparedAsText:
    """DS and IS numbers that keep their text: equal to a string when their text is, to a
    number when their value is (as pydicom's). Each class sets its number type's hash."""

    __slots__ = ()

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __ne__(self, other: Any) -> Any:
        return not self == other


class DSfloat(_ComparedAsText, float):
    """A DS value as a float that remembers the text it was made from.

    ``str()`` and ``repr()`` give that text (``original_string``); made from a number with
    ``auto_format=True`` the text is :func:`format_number_as_ds` of it (at most 16
    characters). Made from a blank string, the constructor returns that string.
    """

    __slots__ = ("original_string", "auto_format")

    def __new__(
        cls,
        val: None | str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ):
        if val is None:
            return val
        if isinstance(val, str) and not val.strip():
            return val
        return super().__new__(cls, val)

    def __init__(
        self,
        val: str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        auto_format = _keep_ds_text(self, val, auto_format, float(self))
        if validation_mode == RAISE and not auto_format:
            if len(str(self)) > 16:
                raise OverflowError(
                    "Values for elements with a VR of 'DS' must be <= 16 characters long, "
                    "but the float provided requires > 16 characters to be accurately "
                    "represented. Use a smaller string, set "
                    "'config.settings.reading_validation_mode' to 'WARN' to override the "
                    "length check, or explicitly construct a DS object with 'auto_format' "
                    "set to True"
                )
            if not is_valid_ds(str(self)):
                raise ValueError(f'Value "{self}" is not valid for elements with a VR of DS')

    __hash__ = float.__hash__

    def __str__(self) -> str:
        try:
            return self.original_string
        except AttributeError:
            return float.__repr__(self)

    def __repr__(self) -> str:
        return f"'{self}'"

    def __reduce_ex__(self, protocol):
        return (
            _ds_rebuild,
            (float(self), getattr(self, "original_string", None), self.auto_format),
        )


def _ds_rebuild(number: float, text: str | None, auto_format: bool) -> DSfloat:
    value = float.__new__(DSfloat, number)
    if text is not None:
        value.original_string = text
    value.auto_format = auto_format
    return value


def _ds_from_text(text: str) -> DSfloat | str:
    """A DS read from a file: ``text`` is one value with padding already removed."""
    value = float.__new__(DSfloat, text)  # ValueError if text is not a number
    value.original_string = text.strip()
    value.auto_format = False
    return value


class DSdecimal(_ComparedAsText, Decimal):
    """A DS value as a :class:`decimal.Decimal` that remembers the text it was made from."""

    def __new__(
        cls,
        val: None | str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ):
        if val is None:
            return val
        if isinstance(val, str) and not val.strip():
            return val
        if isinstance(val, float) and not config.allow_DS_float:
            raise TypeError(
                "'DS' cannot be instantiated with a float value unless "
                "'config.allow_DS_float' is set to True. You should convert the value to a "
                "string with the desired number of digits, or use 'Decimal.quantize()' and "
                "pass a 'Decimal' instance."
            )
        if isinstance(val, str):
            val = val.strip()
        return super().__new__(cls, val)

    def __init__(
        self,
        val: str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        auto_format = _keep_ds_text(self, val, auto_format, self)
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if validation_mode != IGNORE:
            text = repr(self).strip("'")
            problem = None
            if len(text) > 16:
                problem = (
                    "Values for elements with a VR of 'DS' values must be <= 16 characters "
                    "long. Use a smaller string, set 'config.settings.reading_validation_mode' "
                    "to 'WARN' to override the length check, use 'Decimal.quantize()' and "
                    "initialize with a 'Decimal' instance, or explicitly construct a DS "
                    "instance with 'auto_format' set to True"
                )
            elif not is_valid_ds(text):
                problem = f'Value "{self}" is not valid for elements with a VR of DS'
            if problem:
                if validation_mode == RAISE:
                    raise (OverflowError if len(text) > 16 else ValueError)(problem)
                warn_and_log(problem, stacklevel=3)

    __hash__ = Decimal.__hash__

    def __str__(self) -> str:
        text = getattr(self, "original_string", None)
        if text is not None and len(text) <= 16:
            return text
        return super().__str__()

    def __repr__(self) -> str:
        text = getattr(self, "original_string", None)
        return f"'{text}'" if text is not None else f"'{self}'"


def DS(  # noqa: N802 - pydicom's name
    val: None | str | int | float | Decimal,
    auto_format: bool = False,
    validation_mode: int | None = None,
    use_decimal: bool | None = None,
) -> None | str | DSfloat | DSdecimal:
    """A DS value: :class:`DSfloat`, or :class:`DSdecimal` with ``use_decimal`` (by default
    ``config.use_DS_decimal``).

    ``None`` and blank strings are returned unchanged; a string that is not a valid DS is
    handled as ``validation_mode`` says (by default ``config.settings.reading_validation_mode``:
    WARN warns, RAISE raises) before conversion.
    """
    if val is None:
        return val
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if isinstance(val, str):
        if not val.strip():
            return val
        validate_value("DS", val, validation_mode)
    if use_decimal is None:
        use_decimal = config.use_DS_decimal
    if use_decimal:
        return DSdecimal(val, auto_format, validation_mode)
    return DSfloat(val, auto_format, validation_mode)


# --- IS: integer string (PS3.5 Table 6.2-1) -------------------------------------------------


class ISfloat(float):
    """An IS value that is not a whole number ('1.5'); pydicom reads such values as this."""

    def __new__(cls, val: str | float | Decimal, validation_mode: int | None = None):
        if isinstance(val, str) and not val.strip():
            return ""
        return super().__new__(cls, val)

    def __init__(self, val: str | float | Decimal, validation_mode: int | None = None) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, (IS, ISfloat)) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        if validation_mode:
            message = f'Value "{self}" is not valid for elements with a VR of IS'
            if validation_mode == RAISE:
                raise TypeError(
                    f"{message}\nSet reading_validation_mode to WARN or IGNORE to bypass"
                )
            warn_and_log(message, stacklevel=3)


class IS(_ComparedAsText, int):
    """An IS value as an int that remembers the text it was made from.

    Like pydicom's, it accepts a whole number written as a float ('1.0', '1e3'); a value
    that is not whole gives an :class:`ISfloat`. A blank string is returned unchanged.
    """

    def __new__(cls, val: None | str | int | float | Decimal, validation_mode: int | None = None):
        if val is None:
            return val
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if isinstance(val, str):
            if not val.strip():
                return val
            validate_value("IS", val, validation_mode)
        try:
            newval = super().__new__(cls, val)
        except ValueError:
            newval = super().__new__(cls, float(val))  # '1.0' is accepted
        if isinstance(val, (float, Decimal, str)) and newval != float(val):
            return ISfloat(val, validation_mode)
        if validation_mode == RAISE and not -(2**31) <= newval < 2**31:
            raise OverflowError(
                "Elements with a VR of IS must have a value between -2**31 and (2**31 - 1). "
                "Set 'config.settings.reading_validation_mode' to 'WARN' to override the "
                "value check"
            )
        return newval

    def __init__(
        self, val: str | int | float | Decimal, validation_mode: int | None = None
    ) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, IS) and hasattr(val, "original_string"):
            self.original_string = val.original_string

    __hash__ = int.__hash__

    def __str__(self) -> str:
        try:
            return self.original_string
        except AttributeError:
            return int.__repr__(self)

    def __repr__(self) -> str:
        return f"'{int.__repr__(self)}'"


def _is_from_text(text: str) -> IS | ISfloat:
    """An IS read from a file: plain digits take the fast path, the rest goes through IS()."""
    if text.isascii() and text.isdigit() and len(text) <= 12:
        value = int.__new__(IS, text)
        value.original_string = text
        return value
    return IS(text)


# --- PN: person name (PS3.5 §6.2.1) --------------------------------------------------------


def _decode_groups(groups: Sequence[bytes], encodings: Sequence[str]) -> tuple[str, ...]:
    names = [decode_bytes(group, encodings, PN_DELIMS) for group in groups]
    while names and not names[-1]:
        names.pop()
    return tuple(names)


def _encode_groups(groups: Sequence[str], encodings: Sequence[str]) -> bytes:
    encoded = [
        b"^".join(encode_string(part, encodings) for part in group.split("^")) for group in groups
    ]
    while encoded and not encoded[-1]:
        encoded.pop()
    return b"=".join(encoded)


def _encodings_tuple(encodings: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if encodings is None:
        return None
    if isinstance(encodings, str):
        return (encodings,)
    return tuple(encodings)


_LAZY = object()  # original_string not computed yet (values read from a file)


class PersonName:
    """A PN value: up to three component groups (alphabetic, ideographic, phonetic), each
    of up to five components (family name, given name, middle name, prefix, suffix).

    ``str()`` is the text with its groups joined by '=' ('Yamada^Tarou=山田^太郎');
    it compares equal to that text. Made from bytes, it decodes on first use with
    ``encodings`` (each group separately, PS3.5 §6.1.2.5.3).
    """

    __slots__ = ("_original", "_components", "encodings", "validation_mode")

    def __new__(cls, *args: Any, **kwargs: Any):
        if args and args[0] is None:
            return None
        return super().__new__(cls)

    def __init__(
        self,
        val: bytes | str | PersonName,
        encodings: Sequence[str] | None = None,
        original_string: bytes | None = None,
        validation_mode: int | None = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.validation_mode = validation_mode
        if isinstance(val, PersonName):
            encodings = val.encodings
            self._original = val.original_string
            self._components = tuple(str(val).split("="))
        elif isinstance(val, (bytes, bytearray)):
            self._original = bytes(val)
            validate_value("PN", self._original, validation_mode)
            self._components = None
        else:
            self._original = original_string
            validate_value("PN", original_string if original_string else val, validation_mode)
            groups = val.split("=")
            while groups and not groups[-1]:
                groups.pop()
            self._components = tuple(groups)
        self.encodings = _encodings_tuple(encodings)

    @classmethod
    def _from_text(cls, text: str, encodings: tuple[str, ...]) -> PersonName:
        """A PN read from a file: ``text`` is already decoded; the bytes are re-made on demand."""
        name = object.__new__(cls)
        groups = text.split("=")
        while groups and not groups[-1]:
            groups.pop()
        name._components = tuple(groups)
        name._original = _LAZY
        name.encodings = encodings
        name.validation_mode = WARN
        return name

    @property
    def original_string(self) -> bytes | None:
        """The encoded value (as read, or as encoded with ``encodings``)."""
        original = self._original
        if original is _LAZY:
            original = self._original = _encode_groups(
                self._components, self.encodings or (default_encoding,)
            )
        return original

    @original_string.setter
    def original_string(self, value: bytes | None) -> None:
        self._original = value

    @property
    def components(self) -> tuple[str, ...]:
        """The decoded component groups: (alphabetic, ideographic, phonetic), trailing empty
        groups removed."""
        if self._components is None:
            self._components = _decode_groups(
                self._original.split(b"="), self.encodings or (default_encoding,)
            )
        return self._components

    def _name_part(self, index: int) -> str:
        try:
            return self.components[0].split("^")[index]
        except IndexError:
            return ""

    @property
    def family_name(self) -> str:
        return self._name_part(0)

    @property
    def given_name(self) -> str:
        return self._name_part(1)

    @property
    def middle_name(self) -> str:
        return self._name_part(2)

    @property
    def name_prefix(self) -> str:
        return self._name_part(3)

    @property
    def name_suffix(self) -> str:
        return self._name_part(4)

    def _group(self, index: int) -> str:
        components = self.components
        return components[index] if index < len(components) else ""

    @property
    def alphabetic(self) -> str:
        return self._group(0)

    @property
    def ideographic(self) -> str:
        return self._group(1)

    @property
    def phonetic(self) -> str:
        return self._group(2)

    def __eq__(self, other: Any) -> Any:
        return str(self) == other

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        return "=".join(self.components)

    def __repr__(self) -> str:
        return repr("=".join(self.components))

    def __iter__(self) -> Iterator[str]:
        yield from str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, x: Any) -> bool:
        return x in str(self)

    def __hash__(self) -> int:
        return hash(self.components)

    def __bool__(self) -> bool:
        original = self._original
        if original is _LAZY or not original:
            # read from a file, made from text, or empty: as pydicom, whose bytes for these
            # are the encoded components (b'' when every group is empty)
            components = self.components
            return bool(components) and (len(components) > 1 or bool(components[0]))
        return True

    def __reduce__(self):
        return (_pn_rebuild, (self.original_string, str(self), self.encodings))

    def __copy__(self) -> PersonName:
        # immutable parts (tuples, bytes): a copy shares them, as pydicom's copies do
        name = object.__new__(PersonName)
        for slot in PersonName.__slots__:
            setattr(name, slot, getattr(self, slot))
        return name

    def __deepcopy__(self, memo: dict) -> PersonName:
        return self.__copy__()

    def decode(self, encodings: Sequence[str] | None = None) -> PersonName:
        """This name decoded with ``encodings`` (itself if they are the ones it has)."""
        if encodings is None or _encodings_tuple(encodings) == self.encodings:
            return self
        original = self.original_string
        if original is None:
            original = self._original = _encode_groups(
                self.components, self.encodings or (default_encoding,)
            )
        return PersonName(original, encodings)

    def encode(self, encodings: Sequence[str] | None = None) -> bytes:
        """The encoded name: the original bytes, or the text encoded with ``encodings``."""
        wanted = _encodings_tuple(encodings) or self.encodings
        if wanted != self.encodings and self.encodings is not None:
            return _encode_groups(self.components, wanted)
        if self.original_string is None:
            self._original = _encode_groups(self.components, wanted or (default_encoding,))
        return self.original_string

    def family_comma_given(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        """``format_str % parts``, with the parts named as the properties of this class."""
        parts = (
            "family_name",
            "given_name",
            "middle_name",
            "name_prefix",
            "name_suffix",
            "ideographic",
            "phonetic",
        )
        return format_str % {part: getattr(self, part) for part in parts}

    @staticmethod
    def _encode_component_groups(
        alphabetic: Sequence[str | bytes],
        ideographic: Sequence[str | bytes],
        phonetic: Sequence[str | bytes],
        encodings: Sequence[str] | None = None,
    ) -> bytes:
        codecs_ = list(encodings or [default_encoding])

        def standardize(part: str | bytes) -> bytes:
            text = decode_bytes(part, codecs_, set()) if isinstance(part, bytes) else part
            for char in ("\\", "=", "^"):
                if char in text:
                    raise ValueError(f"Strings may not contain the {char} character")
            return part if isinstance(part, bytes) else encode_string(part, codecs_)

        caret, equals = encode_string("^", codecs_), encode_string("=", codecs_)
        groups = [
            caret.join(standardize(part) for part in group).rstrip(caret)
            for group in (alphabetic, ideographic, phonetic)
        ]
        return equals.join(groups).rstrip(equals)

    @classmethod
    def from_named_components(
        cls,
        family_name: str | bytes = "",
        given_name: str | bytes = "",
        middle_name: str | bytes = "",
        name_prefix: str | bytes = "",
        name_suffix: str | bytes = "",
        family_name_ideographic: str | bytes = "",
        given_name_ideographic: str | bytes = "",
        middle_name_ideographic: str | bytes = "",
        name_prefix_ideographic: str | bytes = "",
        name_suffix_ideographic: str | bytes = "",
        family_name_phonetic: str | bytes = "",
        given_name_phonetic: str | bytes = "",
        middle_name_phonetic: str | bytes = "",
        name_prefix_phonetic: str | bytes = "",
        name_suffix_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> PersonName:
        """A name from its named components (PS3.5 §6.2.1.1); none may hold '^', '=' or '\\'."""
        value = cls._encode_component_groups(
            [family_name, given_name, middle_name, name_prefix, name_suffix],
            [
                family_name_ideographic,
                given_name_ideographic,
                middle_name_ideographic,
                name_prefix_ideographic,
                name_suffix_ideographic,
            ],
            [
                family_name_phonetic,
                given_name_phonetic,
                middle_name_phonetic,
                name_prefix_phonetic,
                name_suffix_phonetic,
            ],
            encodings,
        )
        return cls(value, encodings=encodings)

    @classmethod
    def from_named_components_veterinary(
        cls,
        responsible_party_name: str | bytes = "",
        patient_name: str | bytes = "",
        responsible_party_name_ideographic: str | bytes = "",
        patient_name_ideographic: str | bytes = "",
        responsible_party_name_phonetic: str | bytes = "",
        patient_name_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> PersonName:
        """A veterinary name: responsible party (or organization), then the patient's name."""
        value = cls._encode_component_groups(
            [responsible_party_name, patient_name],
            [responsible_party_name_ideographic, patient_name_ideographic],
            [responsible_party_name_phonetic, patient_name_phonetic],
            encodings,
        )
        return cls(value, encodings=encodings)


def _pn_rebuild(original: bytes | None, text: str, encodings: tuple[str, ...] | None) -> PersonName:
    if original is not None:
        name = PersonName(original, encodings, validation_mode=IGNORE)
        name._components = tuple(text.split("=")) if text else ()
        return name
    return PersonName(text, encodings, validation_mode=IGNORE)


# --- DA, DT, TM: dates and times (PS3.5 Table 6.2-1) --------------------------------------


def dicom_text(value: datetime.date | datetime.time) -> str:
    """The text PS3.5 Table 6.2-1 gives a date (DA, YYYYMMDD), a date and time (DT,
    YYYYMMDDHHMMSS.FFFFFF&ZZXX) or a time (TM, HHMMSS.FFFFFF); fractions only when non-zero."""
    if isinstance(value, datetime.datetime):
        text = (
            f"{value.year:04}{value.month:02}{value.day:02}"
            f"{value.hour:02}{value.minute:02}{value.second:02}"
        )
        if value.microsecond > 0:
            text += f".{value.microsecond:06}"
        offset = value.utcoffset()
        if offset is not None:
            minutes = offset.days * 24 * 60 + offset.seconds // 60
            sign = "+" if minutes >= 0 else "-"
            minutes = abs(minutes)
            text += f"{sign}{minutes // 60:02}{minutes % 60:02}"
        return text
    if isinstance(value, datetime.date):
        return f"{value.year:04}{value.month:02}{value.day:02}"
    text = f"{value.hour:02}{value.minute:02}{value.second:02}"
    return text + f".{value.microsecond:06}" if value.microsecond > 0 else text


class _DateTimeBase:
    """Made from DICOM text or from the datetime type it extends, and prints as the text it
    was made from (``original_string``). Each subclass says how its text (``_parse``) and
    an object of its datetime type (``_fields``) give the constructor's fields."""

    original_string: str
    _python_type: type  # the datetime type a value of the VR is made from

    def __new__(cls, *args: Any, **kwargs: Any):
        kwargs.pop("validation_mode", None)
        if not args or args[0] is None:
            return None
        val = args[0]
        fields = None
        if isinstance(val, str):
            if not val.strip():
                return None
            fields = cls._parse(val)
        elif isinstance(val, cls._python_type):
            fields = cls._fields(val)
        if fields is not None:
            return super().__new__(cls, *fields)
        try:  # the datetime type's own arguments, e.g. DA(2024, 1, 31)
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to '{cls.__name__}' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, type(self)) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        elif isinstance(val, self._python_type):
            self.original_string = dicom_text(self)

    @classmethod
    def _parse(cls, text: str) -> tuple | None:
        """The constructor's fields from DICOM text; None to try the text as it is."""
        raise NotImplementedError

    @staticmethod
    def _fields(value: Any) -> tuple:
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __reduce_ex__(self, protocol):  # type: ignore[override]
        return super().__reduce_ex__(protocol) + (self.__getstate__(),)

    def __str__(self) -> str:
        if hasattr(self, "original_string"):
            return self.original_string
        return super().__str__()

    def __repr__(self) -> str:
        return f'"{self}"'


def _leap_second(seconds: int, python_type: str) -> int:
    """60 seconds (a leap second, PS3.5 allows it) become 59, which Python can hold."""
    if seconds == 60:
        _warn(
            f"'{python_type}' doesn't allow a value of '60' for the seconds component, "
            "changing to '59'"
        )
        return 59
    return seconds


class DA(_DateTimeBase, datetime.date):
    """A DA value (YYYYMMDD) as a :class:`datetime.date`; ``DA('')`` is None."""

    _python_type = datetime.date

    @classmethod
    def _parse(cls, val: str) -> tuple | None:
        if len(val) == 8:
            return int(val[0:4]), int(val[4:6]), int(val[6:8])
        if len(val) == 10 and val[4] == "." and val[7] == ".":
            # ACR-NEMA 300 dates (YYYY.MM.DD), as found in some old files.
            return int(val[0:4]), int(val[5:7]), int(val[8:10])
        return None

    @staticmethod
    def _fields(val: datetime.date) -> tuple:
        return val.year, val.month, val.day


class DT(_DateTimeBase, datetime.datetime):
    """A DT value (YYYYMMDDHHMMSS.FFFFFF&ZZXX) as a :class:`datetime.datetime`."""

    _python_type = datetime.datetime
    _regex_dt = re.compile(r"((\d{4,14})(\.(\d{1,6}))?)([+-]\d{4})?")

    @staticmethod
    def _utc_offset(value: str) -> datetime.timezone:
        minutes = int(value[1:3]) * 60 + int(value[3:5])
        seconds = -minutes * 60 if value[0] == "-" else minutes * 60
        return datetime.timezone(datetime.timedelta(seconds=seconds), name=value)

    @classmethod
    def _parse(cls, val: str) -> tuple:
        match = cls._regex_dt.match(val)
        if not match or len(val) > 26:
            raise ValueError(f"Unable to convert non-conformant value '{val}' to 'DT' object")
        digits = match.group(2)
        parts = [
            int(digits[0:4]),
            1 if len(digits) < 6 else int(digits[4:6]),
            1 if len(digits) < 8 else int(digits[6:8]),
            0 if len(digits) < 10 else int(digits[8:10]),
            0 if len(digits) < 12 else int(digits[10:12]),
            0 if len(digits) < 14 else int(digits[12:14]),
        ]
        parts[5] = _leap_second(parts[5], "datetime.datetime")
        micro = 0
        if len(digits) >= 14 and match.group(4):
            micro = int(match.group(4).rstrip().ljust(6, "0"))
        tz = cls._utc_offset(match.group(5)) if match.group(5) else None
        return (*parts, micro, tz)

    @staticmethod
    def _fields(val: datetime.datetime) -> tuple:
        return (*val.timetuple()[:6], val.microsecond, val.tzinfo)


class TM(_DateTimeBase, datetime.time):
    """A TM value (HHMMSS.FFFFFF) as a :class:`datetime.time`."""

    _python_type = datetime.time
    _RE_TIME = re.compile(
        r"(?P<h>^([01][0-9]|2[0-3]))"
        r"((?P<m>([0-5][0-9]))"
        r"((?P<s>([0-5][0-9]|60))"
        r"(\.(?P<ms>([0-9]{1,6})?))?)?)?$"
    )

    @classmethod
    def _parse(cls, val: str) -> tuple:
        match = cls._RE_TIME.match(val)
        if not match:
            raise ValueError(f"Unable to convert non-conformant value '{val}' to 'TM' object")
        hour = int(match.group("h"))
        minute = int(match.group("m") or 0)
        second = _leap_second(int(match.group("s") or 0), "datetime.time")
        micro = int(match.group("ms").rstrip().ljust(6, "0")) if match.group("ms") else 0
        return hour, minute, second, micro

    @staticmethod
    def _fields(val: datetime.time) -> tuple:
        return val.hour, val.minute, val.second, val.microsecond


# --- assignment: the Python types each VR can hold (PS3.5 Table 6.2-1) -----------------------
# Whatever the validation mode, a value of a type the VR cannot hold at all, or a number that
# does not fit the VR's bytes, cannot be written: it is refused when assigned (issue 15), as a
# ValueTypeError (a TypeError) or a ValueRangeError (a DicomError). Text that breaks a VR's
# rules (length, characters) can still be written: ``validate_value`` and the modes judge it.

_TEXT = (str, bytes)
_BYTES = (bytes, bytearray, memoryview)
_ASSIGNABLE: dict[str, tuple[type, ...]] = {
    vr: _TEXT for vr in ("AE", "AS", "CS", "LO", "LT", "SH", "ST", "UC", "UI", "UR", "UT")
}
_ASSIGNABLE.update(
    {
        "DA": (*_TEXT, datetime.date),
        "DT": (*_TEXT, datetime.datetime),
        "TM": (*_TEXT, datetime.time),
        "DS": (*_TEXT, numbers.Real, Decimal),
        "IS": (*_TEXT, numbers.Real, Decimal),
        "PN": (*_TEXT, PersonName),
        "FL": (numbers.Real, bytes),
        "FD": (numbers.Real, bytes),
        "AT": (numbers.Integral, str, tuple),
        "US or SS": (numbers.Integral, bytes),
        "US or OW": (numbers.Integral, *_BYTES),
        "US or SS or OW": (numbers.Integral, *_BYTES),
        "OB or OW": _BYTES,
    }
)
_ASSIGNABLE.update({vr: (numbers.Integral, bytes) for vr in INT_VRS})
_ASSIGNABLE.update({vr: _BYTES for vr in BYTES_VR})
# pydicom 3 takes a buffer (a binary file-like) as the value of these, to be read when written.
_ASSIGNABLE.update({vr: (*_ASSIGNABLE[vr], io.BufferedIOBase) for vr in BUFFERABLE_VRS})


def assignment_problem(vr: str, value: Any) -> tuple[type[DicomError], str] | None:
    """Why ``value`` (one value; not a list) cannot be assigned to an element of ``vr``: the
    error class (:class:`~dicomconstruct.errors.ValueTypeError` for a Python type the VR
    cannot hold, :class:`~dicomconstruct.errors.ValueRangeError` for a number outside the
    VR's range) and the message;
    None if it can (its text may still break the VR's rules, see :func:`validate_value`)."""
    if value is None:
        return None
    types = _ASSIGNABLE.get(vr)
    if types is None:  # SQ, and VRs PS3.5 does not define (kept as the file has them)
        return None
    if not isinstance(value, types) or isinstance(value, bool) and vr not in ("DS", "IS"):
        return ValueTypeError, _wrong_type(vr, value)
    if vr == "AT" and not isinstance(value, numbers.Integral):  # a keyword, hex or a pair
        try:
            value = int(Tag(value)) if value != "" else 0
        except (TypeError, ValueError, OverflowError) as exc:
            kind = {TypeError: ValueTypeError, OverflowError: ValueRangeError}.get(type(exc))
            return kind or DicomError, str(exc)
    if vr in ("FL", "FD") and isinstance(value, numbers.Real):
        # IEEE 754 binary32 / binary64 (PS3.5 Table 6.2-1); infinities and NaN are values too
        largest = 3.4028234663852886e38 if vr == "FL" else sys.float_info.max
        try:
            number = float(value)
        except OverflowError:  # an int past every float
            number = float("inf")
        if abs(number) <= largest or number != number:
            return None
        if not isfinite(number) and not isinstance(value, numbers.Integral):
            return None  # an infinity given as one
        return ValueRangeError, (
            f"Invalid value: a value for a tag with VR {vr} must be between "
            f"{-largest!r} and {largest!r}."
        )
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        limits = int_range(vr)
        if limits is not None and not limits[0] <= value <= limits[1]:
            return ValueRangeError, (
                f"Invalid value: a value for a tag with VR {vr} must be between "
                f"{limits[0]} and {limits[1]}."
            )
    return None
