"""Value validation (PS3.5 Table 6.2-1) under pydicom's validation modes (config.settings).

pydicom 3.0.2 is the oracle for the rules and messages; the limits themselves come from
schemas/vrs.tsv (maximum lengths, widths, struct formats, value formats).
"""

from __future__ import annotations

import re
import warnings

import pytest

from dicomconstruct import DataElement, Dataset, DicomError, config, tables, valuerep, values
from dicomconstruct.charset import decode_bytes
from dicomconstruct.errors import UnknownCharsetError, ValueRangeError, ValueTypeError
from dicomconstruct.rawelement import RawDataElement
from dicomconstruct.tag import Tag

MODES = (config.IGNORE, config.WARN, config.RAISE)


def test_the_value_formats_of_vrs_tsv_are_pydicom_s_regexes():
    import pydicom.valuerep as theirs

    assert valuerep.VR_REGEXES == theirs.VR_REGEXES
    for vr, regex in valuerep.STR_VR_REGEXES.items():
        assert regex.pattern == theirs.STR_VR_REGEXES[vr].pattern
        assert valuerep.BYTE_VR_REGEXES[vr].pattern == regex.pattern.encode()
    formats = {vr for vr, info in tables.vr_table().items() if info.value_format}
    assert formats == set(theirs.VR_REGEXES)


def test_integer_ranges_follow_from_the_width_and_struct_format_of_each_vr():
    expected = {
        "US": (0, 2**16 - 1),
        "SS": (-(2**15), 2**15 - 1),
        "UL": (0, 2**32 - 1),
        "SL": (-(2**31), 2**31 - 1),
        "UV": (0, 2**64 - 1),
        "SV": (-(2**63), 2**63 - 1),
        "AT": (0, 2**32 - 1),
        "US or SS": (-(2**15), 2**16 - 1),
        "US or OW": (0, 2**16 - 1),
        "US or SS or OW": (-(2**15), 2**16 - 1),
    }
    for vr, (low, high) in expected.items():
        assert valuerep.int_range(vr) == (low, high), vr
    assert valuerep.int_range("FL") is None and valuerep.int_range("OB or OW") is None
    for vr in valuerep.INT_VRS:
        low, high = expected[vr]
        for number in (low, high):
            assert valuerep.VALIDATORS[vr](vr, number) == (True, "")
        for number in (low - 1, high + 1):
            valid, message = valuerep.VALIDATORS[vr](vr, number)
            assert not valid and message == (
                f"Invalid value: a value for a tag with VR {vr} must be between {low} and {high}."
            )


def test_the_pn_component_limit_is_pn_s_max_length():
    limit = tables.vr_info("PN").max_length
    assert valuerep.validate_pn("PN", "x" * limit) == (True, "")
    valid, message = valuerep.validate_pn("PN", "a=" + "x" * (limit + 1))
    assert not valid and f"({limit + 1}) exceeds the maximum allowed length of {limit}" in message


@pytest.mark.parametrize(
    "vr, value, message",
    [
        (
            "SH",
            "x" * 17,
            "The value length (17) exceeds the maximum length of 16 allowed for VR SH",
        ),
        ("CS", "lower", "Invalid value for VR CS: 'lower'"),
        ("AE", "tab\there", "Invalid value for VR AE"),
        ("DA", "2024-01-02", "Invalid value for VR DA"),
        ("TM", "2500", "Invalid value for VR TM"),
        ("UI", "1.02", "Invalid value for VR UI: '1.02'"),
        ("PN", "a=b=c=d", "The number of PN components length (4) exceeds"),
        ("US", b"\x01", "Invalid value length 1: the value length for a tag with VR US"),
    ],
)
def test_each_mode_of_a_data_element_with_its_own_validation_mode(vr, value, message):
    tag = 0x00410001
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert DataElement(tag, vr, value, validation_mode=config.IGNORE).value is not None
    with pytest.warns(UserWarning, match=re.escape(message)):
        elem = DataElement(tag, vr, value, validation_mode=config.WARN)
    assert elem.validation_mode == config.WARN
    with pytest.raises(DicomError, match=re.escape(message)) as raised:
        DataElement(tag, vr, value, validation_mode=config.RAISE)
    assert isinstance(raised.value, ValueError)


def test_the_reading_mode_governs_elements_without_a_mode_of_their_own():
    assert config.settings.reading_validation_mode == config.WARN  # pydicom 3.0.2's default
    assert config.settings.writing_validation_mode == config.WARN
    with pytest.warns(UserWarning, match="Invalid value for VR CS"):
        elem = DataElement(0x00080060, "CS", "ct")
    assert elem.value == "ct" and elem.validation_mode == config.WARN
    original = config.settings.reading_validation_mode
    try:
        config.settings.reading_validation_mode = config.RAISE
        assert elem.validation_mode == config.RAISE
        with pytest.raises(DicomError, match=r"\(0008,0060\) Modality \(CS\).*'mr'"):
            elem.value = "mr"
        assert elem.value == "ct"  # the element keeps its value
        config.settings.reading_validation_mode = config.IGNORE
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            elem.value = "mr"
        assert elem.value == "mr"
    finally:
        config.settings.reading_validation_mode = original


def test_a_wrong_type_is_a_type_error_naming_the_element_in_every_mode():
    for mode in MODES:
        for vr, value in [("SH", 42), ("US", "1"), ("FD", 1j), ("PN", 1.5), ("OB", 3)]:
            with pytest.raises(ValueTypeError) as raised:
                DataElement(0x00100020, vr, value, validation_mode=mode)
            assert isinstance(raised.value, TypeError)
            text = str(raised.value)
            assert "(0010,0020)" in text and "PatientID" in text and f"({vr})" in text
            assert f"A value of type '{type(value).__name__}' cannot be assigned" in text


def test_a_number_outside_the_range_is_refused_in_every_mode():
    ds = Dataset()
    for mode in MODES:
        with pytest.raises(ValueRangeError, match="must be between 0 and 65535"):
            DataElement(0x00280010, "US", 70000, validation_mode=mode)
    with pytest.raises(ValueRangeError, match=r"\(0028,0010\) Rows \(US\)"):
        ds.Rows = -1
    assert "Rows" not in ds


def _raw(value: bytes) -> RawDataElement:
    return RawDataElement(Tag(0x00100020), None, len(value), value, 0, False, True)


def test_a_value_its_vr_cannot_convert_is_retried_with_convert_retry_vr_order():
    order = list(values.convert_retry_VR_order)
    try:
        with pytest.warns(UserWarning, match="read as VR SH"):
            assert values.convert_value("IS", _raw(b"1A")) == "1A"
        values.convert_retry_VR_order = ["FL", "UL"]  # 2 bytes are no whole FL or UL
        with pytest.warns(UserWarning, match="kept as bytes"):
            assert values.convert_value("IS", _raw(b"1A")) == b"1A"
        values.convert_retry_VR_order = ["US"]
        with pytest.warns(UserWarning, match="read as VR US"):
            assert values.convert_value("IS", _raw(b"1A")) == 0x4131
    finally:
        values.convert_retry_VR_order = order
    with config.strict_reading(), pytest.raises(DicomError):
        values.convert_value("IS", _raw(b"1A"))


def test_an_unknown_codec_raises_python_s_lookup_error_only_when_reading_is_strict():
    with pytest.warns(UserWarning, match="Unknown encoding 'nonesuch' - using default encoding"):
        assert decode_bytes(b"J\xe9r\xf4me", ["nonesuch"], set()) == "Jérôme"
    with config.strict_reading():
        for raw in (b"J\xe9r\xf4me", b"J\xe9r\x1b(B\xf4me"):  # without and with escapes
            with pytest.raises(UnknownCharsetError, match="unknown encoding: nonesuch") as info:
                decode_bytes(raw, ["nonesuch"], set())
            assert isinstance(info.value, LookupError) and isinstance(info.value, DicomError)
