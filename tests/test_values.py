"""Value decoding against pydicom as the oracle, and the value types' behaviour one by one."""

from __future__ import annotations

import datetime
import math
import pickle
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pydicom
import pydicom.values
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydicom.dataelem import RawDataElement

from dicomconstruct import tables
from dicomconstruct.ambiguous import convert_ambiguous_value, resolve_ambiguous_vr
from dicomconstruct.errors import DicomError
from dicomconstruct.multival import MultiValue
from dicomconstruct.tag import BaseTag
from dicomconstruct.uid import UID
from dicomconstruct.valuerep import (
    DA,
    DS,
    DT,
    IS,
    TM,
    VR,
    DSdecimal,
    DSfloat,
    ISfloat,
    PersonName,
    check_value,
    format_number_as_ds,
    validate_value,
)
from dicomconstruct.values import (
    UnknownVRError,
    convert_assigned_value,
    convert_value,
    empty_value_for_VR,
)

try:
    from .conftest import CORPUS, CORPUS_IDS
except ImportError:  # tests/ is not a package
    from conftest import CORPUS, CORPUS_IDS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "values.md"


# --- the oracle: every raw value of pydicom's corpus ---------------------------------------------


def same_value(ours, theirs) -> bool:
    """``ours`` is what pydicom gives as ``theirs``: same type family, same value, same text."""
    if isinstance(theirs, (list, pydicom.multival.MultiValue)):
        return (
            isinstance(ours, MultiValue)
            and len(ours) == len(theirs)
            and all(map(same_value, ours, theirs))
        )
    if isinstance(theirs, pydicom.valuerep.PersonName):
        return (
            isinstance(ours, PersonName)
            and ours.components == theirs.components
            and ours.original_string == theirs.original_string
        )
    if isinstance(theirs, pydicom.valuerep.DSfloat):
        return isinstance(ours, DSfloat) and str(ours) == str(theirs) and _same_float(ours, theirs)
    if isinstance(theirs, pydicom.valuerep.ISfloat):
        return isinstance(ours, ISfloat) and str(ours) == str(theirs) and ours == theirs
    if isinstance(theirs, pydicom.valuerep.IS):
        return type(ours) is IS and str(ours) == str(theirs) and int(ours) == int(theirs)
    if isinstance(theirs, pydicom.uid.UID):
        return type(ours) is UID and str(ours) == str(theirs)
    if isinstance(theirs, pydicom.tag.BaseTag):
        return type(ours) is BaseTag and int(ours) == int(theirs)
    if isinstance(theirs, float):
        return type(ours) is float and _same_float(ours, theirs)
    if type(theirs) in (str, int, bytes, type(None)):
        return type(ours) is type(theirs) and ours == theirs
    raise AssertionError(f"pydicom gave a {type(theirs)}: add it to same_value")


def _same_float(a: float, b: float) -> bool:
    return float(a) == float(b) or (math.isnan(a) and math.isnan(b))


def _encodings(dataset) -> list[str]:
    encodings = dataset._character_set
    return [encodings] if isinstance(encodings, str) else list(encodings)


def raw_elements(dataset, where=""):
    """(where, VR, raw bytes, little endian, encodings, tag, pydicom's value) at any depth.

    The raw bytes are pydicom's RawDataElement, taken before pydicom converts it; elements
    pydicom converted while reading (Specific Character Set, some meta) have none.
    """
    for tag in list(dataset._dict):
        raw = dataset.get_item(tag)
        elem = dataset[tag]
        if elem.VR == "SQ":
            for index, item in enumerate(elem.value):
                yield from raw_elements(item, f"{where}{elem.tag}[{index}]/")
        elif isinstance(raw, RawDataElement):
            yield (
                f"{where}{elem.tag}",
                str(elem.VR),
                raw.value or b"",
                raw.is_little_endian,
                _encodings(dataset),
                int(tag),
                elem.value,
            )


def _read_pydicom(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset = pydicom.dcmread(path, force=True)
        elements = list(raw_elements(dataset.file_meta, "meta/"))
        elements += list(raw_elements(dataset))
    return elements


@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_every_raw_value_of_the_corpus_decodes_as_pydicom_decodes_it(path):
    try:
        elements = _read_pydicom(path)
    except Exception as exc:  # files pydicom itself cannot walk are not an oracle
        pytest.skip(f"pydicom cannot read it: {exc}")
    problems = []
    for where, vr, raw, little, encodings, tag, theirs in elements:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = convert_value(vr, raw, little, encodings, tag=tag)
        if not same_value(ours, theirs):
            problems.append(f"{where} {vr} {raw[:40]!r}: {ours!r} != {theirs!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_corpus_comparison_covers_every_value_type():
    seen = set()
    count = 0
    for path in CORPUS:
        try:
            elements = _read_pydicom(path)
        except Exception:
            continue
        for _where, vr, *_rest in elements:
            seen.add(vr)
            count += 1
    assert count > 15000
    must = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB"}
    must |= {"OW", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "UN", "US", "UT"}
    assert must <= seen


_PIECES = [b"0", b"1", b"9", b".", b"e", b"-", b"+", b" ", b"\\", b"\x00", b"A", b"^", b"="]
_PIECES += [b"\xe9", b"\x1b$B", b";3", b"\x1b(B", b"\x1b-A", b"_", b"\t", b"\r\n", b"nan", b"1e999"]
_FUZZED_VRS = ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "PN"]
_FUZZED_VRS += ["SH", "SL", "SS", "ST", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT"]


@settings(max_examples=1500, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=8),
    vr=st.sampled_from(_FUZZED_VRS),
    little=st.booleans(),
    encodings=st.sampled_from(
        [["iso8859"], ["iso8859", "iso2022_jp"], ["latin_1"], ["UTF8"], ["iso8859", "latin_1"]]
    ),
)
def test_generated_values_decode_as_pydicom_decodes_them(pieces, vr, little, encodings):
    raw = b"".join(pieces)
    element = RawDataElement(0x00091001, vr, len(raw), raw, 0, False, little)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = pydicom.values.convert_value(vr, element, encodings)
        except Exception:  # a wrong length, an IS beyond float: we warn instead (tested below)
            return
        ours = convert_value(vr, raw, little, encodings)
    assert same_value(ours, theirs), f"{ours!r} != {theirs!r}"


# --- dispatch, bytes and numbers (PS3.5 Table 6.2-1, §7.3) ----------------------------------------


def test_every_vr_of_the_table_has_a_converter_that_accepts_any_bytes():
    for vr in list(tables.vr_table()) + ["US or SS", "OB or OW", "US or OW", "US or SS or OW"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            convert_value(vr, b"\x01\x02\x03", True, None)
            convert_value(vr, b"\xff" * 9, False, ["UTF8"])


def test_unknown_vr_raises_a_dicom_error_that_is_also_not_implemented():
    with pytest.raises(UnknownVRError) as info:
        convert_value("XX", b"ab")
    assert isinstance(info.value, DicomError)
    assert isinstance(info.value, NotImplementedError)


@pytest.mark.parametrize(
    "vr, raw, little, expected",
    [
        ("US", b"\x01\x02", True, 0x0201),
        ("US", b"\x01\x02", False, 0x0102),
        ("SS", b"\xff\xfe", True, -257),
        ("UL", b"\x01\x00\x00\x80", True, 0x80000001),
        ("SL", b"\xff\xff\xff\xff", False, -1),
        ("UV", b"\x00" * 7 + b"\x01", False, 1),
        ("SV", b"\xff" * 8, True, -1),
        ("FL", b"\x00\x00\x80\x3f", True, 1.0),
        ("FD", b"\x3f\xf0" + b"\x00" * 6, False, 1.0),
    ],
)
def test_binary_numbers_follow_the_byte_order(vr, raw, little, expected):
    value = convert_value(vr, raw, little)
    assert value == expected and type(value) is type(expected)


def test_several_numbers_are_a_multivalue():
    value = convert_value("US", b"\x01\x00\x02\x00\x03\x00")
    assert isinstance(value, MultiValue) and value == [1, 2, 3]


def test_a_length_not_a_multiple_of_the_width_warns_and_keeps_the_whole_values():
    with pytest.warns(UserWarning, match="multiple of 2"):
        assert convert_value("US", b"\x01\x00\x02\x00\x03") == [1, 2]
    with pytest.warns(UserWarning, match="multiple of 4"):
        assert convert_value("FL", b"\x00\x00\x80\x3f\x00") == 1.0
    with pytest.warns(UserWarning):
        assert convert_value("UL", b"\x01") is None


def test_other_vrs_and_un_stay_bytes_as_stored():
    for vr in ("OB", "OD", "OF", "OL", "OV", "OW", "UN", "OB or OW", "US or SS"):
        assert convert_value(vr, b"\x01\x02\x03\x04", False) == b"\x01\x02\x03\x04"


def test_a_memoryview_is_accepted_as_raw_bytes():
    assert convert_value("OB", memoryview(b"ab")) == b"ab"
    assert convert_value("LO", bytearray(b"ab ")) == "ab"


def test_at_is_a_tag_in_either_byte_order():
    assert convert_value("AT", b"\x08\x00\x10\x00") == 0x00080010
    assert type(convert_value("AT", b"\x08\x00\x10\x00")) is BaseTag
    assert convert_value("AT", b"\x00\x08\x00\x10", False) == 0x00080010
    tags = convert_value("AT", b"\x08\x00\x10\x00\x10\x00\x20\x00")
    assert isinstance(tags, MultiValue) and tags == [0x00080010, 0x00100020]


def test_an_at_of_the_wrong_length_warns_and_keeps_the_whole_tags_like_pydicom():
    with pytest.warns(UserWarning, match="multiple of 4"):
        assert convert_value("AT", b"\x08\x00") == []
    with pytest.warns(UserWarning, match="multiple of 4"):
        assert convert_value("AT", b"\x08\x00\x10\x00\x10\x00") == [0x00080010]


def test_empty_values_are_pydicoms():
    assert convert_value("SQ", b"") == []
    assert convert_value("PN", b"") == "" and isinstance(convert_value("PN", b""), PersonName)
    for vr in ("AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM", "UC", "UI", "UR", "UT"):
        assert convert_value(vr, b"") == ""
    for vr in ("DS", "IS", "US", "FD", "AT", "OB", "UN"):
        assert convert_value(vr, b"") is None
    assert empty_value_for_VR("LO", raw=True) == b""


def test_lut_descriptor_first_value_is_unsigned_given_the_tag():
    raw = b"\x00\x80\x00\x00\x10\x00"  # 32768 entries, first mapped 0, 16 bits
    assert convert_value("SS", raw)[0] == -32768
    assert convert_value("SS", raw, tag=0x00283002) == [32768, 0, 16]


# --- text (PS3.5 §6.2: padding, leading spaces, backslash) ----------------------------------------


def test_trailing_spaces_are_padding_leading_ones_are_kept():
    assert convert_value("LO", b" ab  ") == " ab"
    assert convert_value("CS", b" A\\B ") == [" A", "B"]
    assert convert_value("SH", b"ab\x00") == "ab"


def test_ae_drops_leading_and_trailing_spaces():
    assert convert_value("AE", b" STORESCP ") == "STORESCP"
    assert convert_value("AE", b" A \\ B ") == ["A", "B"]


def test_ui_drops_the_trailing_nul():
    uid = convert_value("UI", b"1.2.840.10008.1.2\x00")
    assert uid == "1.2.840.10008.1.2" and type(uid) is UID
    assert convert_value("UI", b"1.2\\1.3\x00") == ["1.2", "1.3"]


def test_single_valued_text_keeps_backslashes():
    for vr in ("LT", "ST", "UT"):
        assert convert_value(vr, b"a\\b ") == "a\\b"
    assert convert_value("UR", b"http://a/b\\c ") == "http://a/b\\c"


def test_multivalued_text_is_split_on_backslash():
    value = convert_value("LO", b"a\\b \\c ")
    assert isinstance(value, MultiValue) and value == ["a", "b", "c"]
    assert str(value) == "['a', 'b', 'c']"


def test_dates_and_times_are_strings_as_in_pydicoms_default():
    assert convert_value("DA", b"20240101") == "20240101"
    assert type(convert_value("TM", b"120000 ")) is str
    assert convert_value("DT", b"20240101\\20240102") == ["20240101", "20240102"]


def test_too_long_text_warns_like_pydicom_reading():
    with pytest.warns(UserWarning, match="maximum length of 16"):
        assert convert_value("SH", b"x" * 18) == "x" * 18


def test_undecodable_text_warns_and_uses_replacement_characters():
    with pytest.warns(UserWarning, match="replacement"):
        assert convert_value("LO", b"a\xffb", True, ["UTF8"]) == "a\ufffdb"


@settings(max_examples=300, deadline=None)
@given(
    vr=st.sampled_from(sorted(tables.vr_table())),
    raw=st.binary(max_size=40),
    little=st.booleans(),
    encodings=st.sampled_from(
        [None, ["iso8859"], ["UTF8"], ["GB18030"], ["iso8859", "iso2022_jp"], ["shift_jis"]]
        + [["iso8859", "euc_kr"], ["nonsense-codec"]]
    ),
)
def test_no_bytes_make_convert_value_raise(vr, raw, little, encodings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        convert_value(vr, raw, little, encodings)


# --- DS (PS3.5 Table 6.2-1: at most 16 characters) -------------------------------------------------


def test_ds_keeps_the_string_it_was_read_from():
    value = convert_value("DS", b" 1.50E2 ")
    assert value == 150.0 and isinstance(value, float)
    assert str(value) == "1.50E2" and repr(value) == "'1.50E2'"
    assert value.original_string == "1.50E2"
    assert value == "1.50E2"


def test_ds_blank_items_stay_strings():
    assert convert_value("DS", b"  ") == ""
    assert convert_value("DS", b"1\\ \\2") == [1.0, " ", 2.0]


def test_invalid_ds_warns_and_keeps_the_text():
    with pytest.warns(UserWarning, match="read as VR SH"):
        value = convert_value("DS", b"1,5")
    assert value == "1,5" and type(value) is str


def test_ds_from_a_float_prints_the_float_unless_auto_formatted():
    assert str(DS(1 / 3)) == "0.3333333333333333"
    assert str(DS(1 / 3, auto_format=True)) == "0.33333333333333"
    assert DS("") == "" and DS(None) is None
    assert str(DSfloat("1.0")) == "1.0"


def test_ds_auto_format_keeps_a_valid_original_string():
    assert str(DSfloat("1.500", auto_format=True)) == "1.500"
    assert str(DSfloat("1.0000000000000000001", auto_format=True)) == "1.0"


def test_dsfloat_survives_pickle():
    value = convert_value("DS", b"1.50")
    again = pickle.loads(pickle.dumps(value))
    assert str(again) == "1.50" and again == 1.5 and isinstance(again, DSfloat)


def test_dsdecimal_keeps_its_string():
    value = DSdecimal("1.10")
    assert value == Decimal("1.1") and str(value) == "1.10"


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_as_ds_never_exceeds_16_characters(number):
    text = format_number_as_ds(number)
    assert len(text) <= 16
    assert check_value("DS", text) is None
    if number:
        assert math.isclose(float(text), number, rel_tol=1e-8, abs_tol=1e-300)  # >= 9 digits


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_assigned_to_a_ds_prints_at_most_16_characters(number):
    assert len(str(convert_assigned_value("DS", number))) <= 16


def test_format_number_as_ds_refuses_non_finite_values():
    with pytest.raises(ValueError):
        format_number_as_ds(float("nan"))


# --- IS --------------------------------------------------------------------------------------------


def test_is_keeps_its_string_and_accepts_a_whole_float():
    value = convert_value("IS", b"007 ")
    assert value == 7 and str(value) == "007" and type(value) is IS
    with pytest.warns(UserWarning):
        one = convert_value("IS", b"1.0")
    assert one == 1 and type(one) is IS and str(one) == "1.0"


def test_is_that_is_not_whole_becomes_isfloat_with_a_warning():
    with pytest.warns(UserWarning):
        value = convert_value("IS", b"1.5")
    assert type(value) is ISfloat and value == 1.5 and value.original_string == "1.5"


def test_invalid_is_warns_and_keeps_the_string_as_pydicom_does_for_bad_vr_dcm():
    with pytest.warns(UserWarning):
        value = convert_value("IS", b"1A")
    assert value == "1A" and type(value) is str


def test_an_is_too_large_for_an_int_warns_and_keeps_the_string():
    for raw in (b"1e999", b"inf", b"9" * 5000):
        with pytest.warns(UserWarning):
            assert convert_value("IS", raw) == raw.decode()


def test_is_compares_with_strings_and_ints():
    assert IS("12") == "12" and IS("12") == 12 and IS("") == ""
    assert repr(IS("012")) == "'12'"


# --- PN (PS3.5 §6.2.1) ------------------------------------------------------------------------------


def test_person_name_components_and_groups():
    name = convert_value("PN", b"Adams^John Robert Quincy^^Rev.^B.A. M.Div.")
    assert name.family_name == "Adams"
    assert name.given_name == "John Robert Quincy"
    assert name.middle_name == ""
    assert name.name_prefix == "Rev."
    assert name.name_suffix == "B.A. M.Div."
    assert str(name) == "Adams^John Robert Quincy^^Rev.^B.A. M.Div."
    assert name == "Adams^John Robert Quincy^^Rev.^B.A. M.Div."


def test_person_name_three_groups_with_an_iso_2022_character_set():
    # PS3.5 Annex H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう in ISO 2022 IR 87.
    raw = b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B "
    name = convert_value("PN", raw, True, ["iso8859", "iso2022_jp"])
    assert name.alphabetic == "Yamada^Tarou"
    assert name.ideographic == "山田^太郎"
    assert name.phonetic == "やまだ^たろう"
    assert name.original_string == raw.rstrip()


def test_person_name_from_bytes_decodes_on_demand():
    name = PersonName(b"M\xfcller^Hans", ["latin_1"])
    assert name.family_name == "Müller" and name.encode() == b"M\xfcller^Hans"
    assert name.decode(["UTF8"]) is not name


def test_person_name_multivalue_and_emptiness():
    names = convert_value("PN", b"A^B\\C^D")
    assert isinstance(names, MultiValue) and names == ["A^B", "C^D"]
    assert str(names) == "[A^B, C^D]"
    assert not PersonName("") and PersonName("A")
    assert not convert_value("PN", b"=") and not convert_value("PN", b"  ")  # as pydicom


def test_person_name_from_named_components():
    name = PersonName.from_named_components(family_name="Hong", given_name="Gildong")
    assert name == "Hong^Gildong" and name.given_name == "Gildong"
    with pytest.raises(ValueError):
        PersonName.from_named_components(family_name="a^b")
    vet = PersonName.from_named_components_veterinary("ABC Farms", "Running on Water")
    assert vet == "ABC Farms^Running on Water"


def test_person_name_pickles_and_hashes():
    name = convert_value("PN", b"Doe^Jane")
    assert pickle.loads(pickle.dumps(name)) == "Doe^Jane"
    assert hash(name) == hash(PersonName("Doe^Jane"))
    assert name.formatted("%(family_name)s, %(given_name)s") == "Doe, Jane"
    assert name.family_comma_given() == "Doe, Jane"


# --- DA, DT, TM ------------------------------------------------------------------------------------


def test_date_and_time_classes_convert_on_request():
    assert DA("20240229") == datetime.date(2024, 2, 29) and str(DA("20240229")) == "20240229"
    assert DA("") is None
    assert TM("1230") == datetime.time(12, 30) and str(TM("1230")) == "1230"
    assert TM("123045.5").microsecond == 500000
    dt = DT("20240101123045.123456+0100")
    assert dt.utcoffset() == datetime.timedelta(hours=1) and dt.microsecond == 123456
    assert str(DT(datetime.datetime(2024, 1, 1, 1, 2, 3))) == "20240101010203"
    with pytest.raises(ValueError):
        TM("25")


def test_dates_and_times_pickle():
    for value in (DA("20240101"), TM("101010"), DT("20240101101010")):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and str(again) == str(value)


# --- MultiValue ------------------------------------------------------------------------------------


def test_multivalue_coerces_items_and_compares_with_lists():
    values = MultiValue(int, ["1", 2])
    assert values == [1, 2] and values != [1]
    values.append("3")
    values[0] = "7"
    values.insert(0, 0)
    values.extend(["4"])
    values += [5]
    assert values == [0, 7, 2, 3, 4, 5]
    del values[0]
    assert values[1:3] == [2, 3] and len(values) == 5
    assert str(MultiValue(str, ["A", "B"])) == "['A', 'B']"
    assert str(MultiValue(str, [])) == ""
    assert pickle.loads(pickle.dumps(values)) == values


# --- assigned values -------------------------------------------------------------------------------


def test_assigned_values_get_the_types_read_values_have():
    assert type(convert_assigned_value("IS", "12")) is IS
    assert type(convert_assigned_value("UI", "1.2")) is UID
    assert type(convert_assigned_value("PN", "A^B")) is PersonName
    assert convert_assigned_value("AT", (0x10, 0x10)) == 0x00100010
    assert convert_assigned_value("LO", ["a"]) == "a"
    values = convert_assigned_value("DS", [1.5, "2"])
    assert isinstance(values, MultiValue) and values == [1.5, 2.0]
    assert str(convert_assigned_value("DS", 1 / 3)) == "0.33333333333333"
    assert convert_assigned_value("OB", b"\x00\x01") == b"\x00\x01"


def test_assigning_an_invalid_value_warns():
    with pytest.warns(UserWarning, match="maximum length"):
        convert_assigned_value("SH", "x" * 17)


# --- validation (PS3.5 Table 6.2-1) -------------------------------------------------------------


@pytest.mark.parametrize(
    "vr, value, problem",
    [
        ("SH", "x" * 17, "exceeds the maximum length of 16"),
        ("CS", "lower", "Invalid value for VR CS"),
        ("DS", "1,5", "Invalid value for VR DS"),
        ("IS", "12a", "Invalid value for VR IS"),
        ("UI", "1.02", "Invalid value for VR UI"),
        ("DA", "2024-01-01", "Invalid value for VR DA"),
        ("US", 70000, "between 0 and 65535"),
        ("US", "1", "cannot be assigned to a tag with VR US"),
        ("OB", "text", "cannot be assigned"),
        ("PN", "a=b=c=d", "exceeds the maximum allowed number of 3"),
        ("PN", "x" * 65, "maximum allowed length of 64"),
        ("LO", ["ok", "y" * 65], "maximum length of 64"),
    ],
)
def test_validate_value_names_the_problem(vr, value, problem):
    with pytest.raises(DicomError, match=re.escape(problem)):
        validate_value(vr, value)


def test_valid_values_pass_validation():
    for vr, value in [
        ("SH", "x" * 16),
        ("CS", "ORIGINAL\\PRIMARY".split("\\")),
        ("DS", "-1.5e3"),
        ("IS", " 12 "),
        ("UI", "1.2.840.10008.1.2"),
        ("DA", "20240101-"),
        ("US", 65535),
        ("FD", 1),
        ("PN", "A^B=C^D"),
        ("DA", datetime.date(2024, 1, 1)),
        ("AT", 0x00100010),
    ]:
        validate_value(vr, value)


def test_vr_enum_is_its_text():
    assert VR.PN == "PN" and str(VR.US_SS) == "US or SS" and VR("OB or OW") is VR.OB_OW


# --- ambiguous VRs (PS3.5 Annex A, PS3.3 C.7.6.3.1.4, C.11.1.1.1) ------------------------------------


def _lookup(**values):
    return values.get


def test_us_or_ss_follows_pixel_representation():
    assert resolve_ambiguous_vr(0x00280106, "US or SS", _lookup(PixelRepresentation=0)) == "US"
    assert resolve_ambiguous_vr(0x00280106, "US or SS", _lookup(PixelRepresentation=1)) == "SS"
    assert resolve_ambiguous_vr(0x00280120, "US or SS", _lookup()) == "US"
    assert resolve_ambiguous_vr(0x00280120, "US or SS", _lookup(PixelData=b"..")) == "SS"


def test_pixel_data_ob_or_ow():
    eight, sixteen = _lookup(BitsAllocated=8), _lookup(BitsAllocated=16)
    assert resolve_ambiguous_vr(0x7FE00010, "OB or OW", eight) == "OB"
    assert resolve_ambiguous_vr(0x7FE00010, "OB or OW", sixteen) == "OW"
    assert resolve_ambiguous_vr(0x7FE00010, "OB or OW", eight, implicit_vr=True) == "OW"
    assert resolve_ambiguous_vr(0x7FE00010, "OB or OW", sixteen, undefined_length=True) == "OB"


def test_waveform_overlay_and_lut_data():
    assert resolve_ambiguous_vr(0x54001010, "OB or OW", _lookup(WaveformBitsAllocated=8)) == "OB"
    assert resolve_ambiguous_vr(0x54001010, "OB or OW", _lookup(WaveformBitsAllocated=16)) == "OW"
    assert resolve_ambiguous_vr(0x60023000, "OB or OW", _lookup(BitsAllocated=1)) == "OW"
    assert resolve_ambiguous_vr(0x00283006, "US or OW", _lookup(LUTDescriptor=[1, 0, 16])) == "US"
    assert resolve_ambiguous_vr(0x00283006, "US or OW", _lookup(LUTDescriptor=[256, 0, 8])) == "OW"
    assert resolve_ambiguous_vr(0x00281200, "US or SS or OW", _lookup()) == "OW"
    assert resolve_ambiguous_vr(0x00100010, "PN", _lookup()) == "PN"


def test_convert_ambiguous_value_decodes_with_the_resolved_vr():
    raw = b"\x00\x80\x00\x00\x10\x00"
    vr, value = convert_ambiguous_value(0x00283002, "US or SS", raw, _lookup(PixelRepresentation=1))
    assert vr == "SS" and value == [32768, 0, 16]
    vr, value = convert_ambiguous_value(0x00280106, "US or SS", b"\xff\xff", _lookup())
    assert vr == "US" and value == 65535


# --- the docs page -----------------------------------------------------------------------------------


def test_the_values_page_examples_run():
    import doctest

    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks):  # each block stands alone
        test = parser.get_doctest(block, {}, f"values.md block {number}", str(DOCS), 0)
        runner.run(test)
    assert runner.failures == 0, runner.summarize()


# --- pydicom's validators and validation modes (config.settings) ---------------------------------


def test_the_validators_give_pydicom_s_verdicts_and_messages():
    import pydicom.valuerep as theirs

    from dicomconstruct import valuerep as ours

    cases = [
        ("AE", "Руссский"), ("AE", b"ctrl\tchar"), ("AS", "1Y"), ("CS", "lower"), ("CS", "OK_1"),
        ("DA", "2024-01-01"), ("DA", "20240101-"), ("DS", "1,5"), ("DS", " -1.5e3 "),
        ("DT", "20240101120000.123456+0100"), ("IS", "12a"), ("IS", "1" * 13), ("LO", "x" * 65),
        ("PN", "a=b=c=d"), ("PN", b"x" * 65), ("SH", 42), ("TM", "2460"), ("UI", "1.02"),
        ("UI", "1." * 40), ("UR", "a b"), ("US", 70000), ("US", b"\x01"), ("SS", -1),
        ("UV", 2**64), ("FD", "1"), ("OB", 3), ("OW", bytearray(b"\x00\x01")),
    ]  # fmt: skip
    for vr, value in cases:
        assert ours.VALIDATORS[vr](vr, value) == theirs.VALIDATORS[vr](vr, value), (vr, value)
    assert set(ours.VALIDATORS) == set(theirs.VALIDATORS)
    assert ours.MAX_VALUE_LEN == theirs.MAX_VALUE_LEN  # from schemas/vrs.tsv, not copied
    for name in ("EXPLICIT_VR_LENGTH_16", "EXPLICIT_VR_LENGTH_32", "LONG_VALUE_VR", "LIST_VR"):
        assert {str(vr) for vr in getattr(ours, name)} == {str(vr) for vr in getattr(theirs, name)}
    assert {str(v) for v in ours.BUFFERABLE_VRS} == {str(v) for v in theirs.BUFFERABLE_VRS}


def test_validate_value_follows_its_mode_and_none_means_the_reading_mode():
    from dicomconstruct import config

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        validate_value("CS", "lower", config.IGNORE)
    with pytest.warns(UserWarning, match="Invalid value for VR CS"):
        validate_value("CS", "lower", config.WARN)
    with pytest.raises(DicomError, match="Invalid value for VR CS"):
        validate_value("CS", "lower", config.RAISE)
    with pytest.warns(UserWarning):
        validate_value("CS", "lower", None)  # reading_validation_mode: WARN by default
    with config.strict_reading(), pytest.raises(DicomError):
        validate_value("CS", "lower", None)
    with pytest.raises(DicomError, match="between 0 and 65535"):  # a validator of one's own
        validate_value("CS", "x", config.RAISE, lambda vr, v: (False, "between 0 and 65535"))


def test_ds_is_pn_and_uid_follow_the_reading_validation_mode():
    from dicomconstruct import config

    for make in (
        lambda: IS("12a"),
        lambda: DS("1,5"),
        lambda: PersonName("a=b=c=d"),
        lambda: UID("1.02"),
    ):
        with pytest.warns(UserWarning):
            try:
                make()
            except ValueError:
                pass  # IS('12a') and DS('1,5') also fail to convert, after the warning
        with config.strict_reading(), pytest.raises(ValueError):
            make()
        with config.disable_value_validation(), warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                make()
            except ValueError as exc:
                assert "could not convert" in str(exc) or "invalid literal" in str(exc)
    assert UID("1.02", config.IGNORE) == "1.02"
    with pytest.raises(OverflowError, match="reading_validation_mode"):
        IS(2**31, config.RAISE)
    assert IS(2**31) == 2**31  # WARN: kept, as pydicom


def test_ds_decimal_and_allow_ds_float_switches():
    from dicomconstruct import config

    config.DS_decimal(True)
    try:
        assert isinstance(DS("1.50"), DSdecimal) and str(DS("1.50")) == "1.50"
        with pytest.raises(TypeError, match="allow_DS_float"):
            DS(1.5)
        config.allow_DS_float = True
        assert DS(1.5) == Decimal("1.5")
    finally:
        config.DS_decimal(False)
        config.allow_DS_float = False
    assert isinstance(DS("1.50"), DSfloat)
    assert isinstance(DS("1.50", use_decimal=True), DSdecimal)


def test_the_largest_float_formats_as_a_finite_ds():
    # pydicom gives '1.797693135e+308', which reads back as infinity
    text = format_number_as_ds(1.7976931348623157e308)
    assert len(text) <= 16 and math.isfinite(float(text)) and check_value("DS", text) is None


def test_a_copied_person_name_shares_its_immutable_parts():
    import copy

    name = PersonName("Hong^Gildong=洪^吉洞", ["iso8859", "euc_kr"])
    for copied in (copy.copy(name), copy.deepcopy(name)):
        assert copied == name and copied is not name
        assert copied.components is name.components and copied.encodings is name.encodings


def test_config_reads_pydicom_future_at_import_and_logs_nowhere_by_default():
    import logging
    import os
    import subprocess
    import sys

    from dicomconstruct import config

    assert any(isinstance(h, logging.NullHandler) for h in config.logger.handlers)
    check = (
        "from dicomconstruct import config; "
        "print(config.INVALID_KEYWORD_BEHAVIOR, config.settings.writing_validation_mode)"
    )
    root = str(Path(__file__).resolve().parents[1])
    for value, expected in (("True", "RAISE 2"), ("no", "WARN 1"), ("maybe", None)):
        env = dict(os.environ, PYDICOM_FUTURE=value, PYTHONPATH=root)
        run = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
        if expected is None:
            assert run.returncode and "PYDICOM_FUTURE" in run.stderr
        else:
            assert run.stdout.split() == expected.split()


def test_with_datetime_conversion_assigned_dates_become_date_objects_as_pydicom():
    from dicomconstruct import Dataset, config

    config.datetime_conversion = True
    try:
        ds = Dataset()
        ds.StudyDate = "20240101"
        ds.StudyTime = ["101010", "1111"]
        assert isinstance(ds.StudyDate, DA) and str(ds.StudyDate) == "20240101"
        assert all(isinstance(t, TM) for t in ds.StudyTime)
        with pytest.raises(DicomError, match=r"\(0008,0020\).*Unable to convert '2024x'"):
            ds.StudyDate = "2024x"
        assert str(ds.StudyDate) == "20240101"
    finally:
        config.datetime_conversion = False
