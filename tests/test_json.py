"""The DICOM JSON Model (PS3.18 §F.2): pydicom's to_json_dict as the oracle over its corpus,
round trips, and the model's details (PN groups, AT, numbers, binary values, bulk data, errors)."""

from __future__ import annotations

import base64
import json
import warnings

import pydicom
import pytest

from dicomconstruct import DataElement, Dataset, DicomError, dcmread
from dicomconstruct.sequence import Sequence
from dicomconstruct.valuerep import DSfloat, PersonName

from .conftest import corpus_params
from .test_corpus import STRAY_LEADING_BYTE

# Files whose JSON cannot be made, by either library, and why.
NOT_WRITABLE = {
    # (0028,0008) IS holds '1A': not a number, so not a JSON Number; pydicom fails as well
    "badVR.dcm": "not a number",
    # an item runs past its sequence; read lazily, so the fault shows when the value is used
    # (pydicom reads the sequence leniently)
    "DICOMDIR-nooffset": "runs past the end of its sequence",
}


def _read_ours(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return dcmread(path, force=True, **kwargs)
        except DicomError as exc:
            pytest.skip(f"not readable (see test_corpus): {exc}")


def _as_ps3_18(json_dict):
    """pydicom's JSON with this module's two deliberate differences applied, both PS3.18
    §F.2.5: an empty value of a multi-valued element is null (pydicom: "" and
    {"Alphabetic": ""}); an empty sequence has no "Value" (pydicom: "Value": [])."""
    result = {}
    for key, attribute in json_dict.items():
        attribute = dict(attribute)
        values = attribute.get("Value")
        if attribute["vr"] == "SQ":
            if values:
                attribute["Value"] = [_as_ps3_18(item) for item in values]
            else:
                attribute.pop("Value", None)
        elif values is not None and len(values) > 1:
            attribute["Value"] = [None if v in ("", {"Alphabetic": ""}) else v for v in values]
        result[key] = attribute
    return result


@corpus_params()
def test_corpus_file_gives_pydicoms_json_but_for_the_documented_differences(path):
    ours = _read_ours(path, stop_before_pixels=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pydicom.dcmread(path, stop_before_pixels=True, force=True)
        if path.name in STRAY_LEADING_BYTE:  # pydicom reads a garbage element (test_corpus)
            theirs = pydicom.dcmread(
                path.with_name(STRAY_LEADING_BYTE[path.name]), stop_before_pixels=True
            )
        if path.name in NOT_WRITABLE:
            with pytest.raises(DicomError, match=NOT_WRITABLE[path.name]):
                ours.to_json_dict()
            if path.name == "badVR.dcm":
                with pytest.raises(ValueError):
                    theirs.to_json_dict()
            return
        assert ours.to_json_dict() == _as_ps3_18(theirs.to_json_dict())


@corpus_params()
def test_corpus_file_comes_back_from_its_json_with_bulk_data_by_uri(path):
    if path.name in NOT_WRITABLE:
        pytest.skip(NOT_WRITABLE[path.name])
    ours = _read_ours(path)
    store = {}

    def store_value(elem):
        uri = f"https://example.org/bulk/{len(store)}"
        store[uri] = elem.value
        return uri

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = ours.to_json(bulk_data_threshold=64, bulk_data_element_handler=store_value)
        back = Dataset.from_json(text, lambda uri: store[uri])
        assert back == ours
        assert Dataset.from_json(ours.to_json()) == ours  # everything inline


def test_suppress_invalid_tags_leaves_out_what_cannot_be_written_and_warns():
    ds = _read_ours(pydicom.data.get_testdata_file("badVR.dcm"), stop_before_pixels=True)
    with pytest.warns(UserWarning, match="processing tag 00280008: Invalid value for VR IS"):
        json_dict = ds.to_json_dict(suppress_invalid_tags=True)
    assert "00280008" not in json_dict and "00280010" in json_dict


# --- writing -------------------------------------------------------------------------------


def test_keys_are_upper_case_hex_tags_and_text_is_sorted_by_them():
    ds = Dataset()
    ds.add_new(0x7FE00010, "OB", b"\x00\x01")
    ds.add_new(0x0008103E, "LO", "Series")
    ds.add_new(0x00291010, "OB", b"\xff")
    assert list(ds.to_json_dict()) == ["0008103E", "00291010", "7FE00010"]
    assert list(json.loads(ds.to_json())) == ["0008103E", "00291010", "7FE00010"]


def test_person_names_are_objects_of_their_component_groups():
    ds = Dataset()
    ds.PatientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.add_new(0x00081070, "PN", ["Doe^John", "", "Roe^Ann==R^A"])
    json_dict = ds.to_json_dict()
    assert json_dict["00100010"]["Value"] == [
        {"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}
    ]
    assert json_dict["00081070"]["Value"] == [
        {"Alphabetic": "Doe^John"},
        None,  # PS3.18 §F.2.5: an empty value of several is null
        {"Alphabetic": "Roe^Ann", "Ideographic": "", "Phonetic": "R^A"},
    ]
    back = Dataset.from_json(json_dict)
    assert back.PatientName == ds.PatientName
    assert isinstance(back.PatientName, PersonName)
    assert back.PatientName.ideographic == "山田^太郎"
    assert list(back[0x00081070].value) == ["Doe^John", "", "Roe^Ann==R^A"]


def test_person_name_with_only_an_ideographic_group_keeps_an_empty_alphabetic_one():
    ds = Dataset.from_json({"00100010": {"vr": "PN", "Value": [{"Ideographic": "山田"}]}})
    assert str(ds.PatientName) == "=山田"
    assert ds.to_json_dict()["00100010"]["Value"] == [{"Alphabetic": "", "Ideographic": "山田"}]


def test_attribute_tags_are_eight_hex_digits():
    ds = Dataset()
    ds.add_new(0x00209165, "AT", [0x00100010, 0x7FE00010])
    ds.add_new(0x00209167, "AT", 0x0018A001)
    json_dict = ds.to_json_dict()
    assert json_dict["00209165"] == {"vr": "AT", "Value": ["00100010", "7FE00010"]}
    assert json_dict["00209167"] == {"vr": "AT", "Value": ["0018A001"]}
    back = Dataset.from_json(json_dict)
    assert back == ds
    assert str(back[0x00209167].value) == "(0018,A001)"


def test_decimal_and_integer_strings_are_json_numbers():
    ds = Dataset()
    ds.add_new(0x00280030, "DS", ["0.661468", "1.50"])
    ds.add_new(0x00200013, "IS", "12")
    ds.add_new(0x00181050, "DS", "")
    json_dict = ds.to_json_dict()
    assert json_dict["00280030"] == {"vr": "DS", "Value": [0.661468, 1.5]}
    assert json_dict["00200013"] == {"vr": "IS", "Value": [12]}
    assert type(json_dict["00200013"]["Value"][0]) is int
    assert json_dict["00181050"] == {"vr": "DS"}


def test_decimal_and_integer_strings_given_as_json_strings_keep_their_text():
    # PS3.18 Table F.2.3-1: a String "preserves the original format" (pydicom makes numbers)
    ds = Dataset.from_json(
        {
            "00280030": {"vr": "DS", "Value": ["1.50", 0.25]},
            "00200013": {"vr": "IS", "Value": ["0012"]},
            "00720076": {"vr": "UV", "Value": ["18446744073709551615"]},
        }
    )
    assert [str(v) for v in ds.PixelSpacing] == ["1.50", "0.25"]
    assert isinstance(ds.PixelSpacing[0], DSfloat)
    assert ds.InstanceNumber == 12 and str(ds.InstanceNumber) == "0012"
    assert ds[0x00720076].value == 2**64 - 1


def test_empty_values_of_several_are_null_and_come_back_as_the_reader_gives_them():
    ds = Dataset()
    ds.add_new(0x00080008, "CS", ["ORIGINAL", "", "AXIAL"])
    ds.add_new(0x00281050, "DS", ["40", ""])
    json_dict = ds.to_json_dict()
    assert json_dict["00080008"]["Value"] == ["ORIGINAL", None, "AXIAL"]
    assert json_dict["00281050"]["Value"] == [40.0, None]
    back = Dataset.from_json(json_dict)
    assert list(back.ImageType) == ["ORIGINAL", "", "AXIAL"]
    assert list(back.WindowCenter) == [40.0, ""]


@pytest.mark.parametrize(
    ("vr", "empty"),
    [("LO", ""), ("PN", ""), ("US", None), ("DS", None), ("OB", None), ("SQ", []), ("AT", None)],
)
def test_empty_elements_have_only_a_vr_and_come_back_empty(vr, empty):
    ds = Dataset()
    ds.add_new(0x00091001, vr, empty)
    assert ds.to_json_dict() == {"00091001": {"vr": vr}}
    back = Dataset.from_json({"00091001": {"vr": vr}})
    assert back[0x00091001].VR == vr
    assert back[0x00091001].value == DataElement(0x00091001, vr, empty).value
    assert Dataset.from_json({"00091001": {"vr": vr, "Value": []}}) == back


def test_binary_values_are_inline_base64():
    ds = Dataset()
    ds.add_new(0x00420011, "OB", b"\x00\x01\x02\xff\xfe")
    ds.add_new(0x00282000, "OB", b"")
    json_dict = ds.to_json_dict()
    assert json_dict["00420011"] == {"vr": "OB", "InlineBinary": "AAEC//4="}
    assert json_dict["00282000"] == {"vr": "OB"}
    assert Dataset.from_json(json_dict)[0x00420011].value == b"\x00\x01\x02\xff\xfe"
    # PS3.18's own example (Annex F.4) puts the base64 in an array: taken as pydicom takes it
    listed = Dataset.from_json({"00420011": {"vr": "OB", "InlineBinary": ["AAEC"]}})
    assert listed[0x00420011].value == b"\x00\x01\x02"


def test_unknown_vr_bytes_of_a_known_tag_are_decoded_as_the_reader_decodes_them():
    encoded = base64.b64encode(b"\x00\x02").decode()
    ds = Dataset.from_json({"00280010": {"vr": "UN", "InlineBinary": encoded}})
    assert ds[0x00280010].VR == "US" and ds.Rows == 512
    private = Dataset.from_json({"00091001": {"vr": "UN", "InlineBinary": encoded}})
    assert private[0x00091001].VR == "UN" and private[0x00091001].value == b"\x00\x02"


def test_bulk_data_handler_is_used_above_the_threshold_only():
    ds = Dataset()
    ds.add_new(0x7FE00010, "OW", bytes(range(256)) * 4)
    ds.add_new(0x00282000, "OB", b"ICC")
    seen = []

    def handler(elem):
        seen.append(elem.tag)
        return f"https://example.org/{elem.tag:08X}"

    # base64 makes 3 bytes 4 characters: values over (threshold // 4) * 3 bytes go by URI
    json_dict = ds.to_json_dict(bulk_data_threshold=8, bulk_data_element_handler=handler)
    assert json_dict["7FE00010"] == {"vr": "OW", "BulkDataURI": "https://example.org/7FE00010"}
    assert json_dict["00282000"] == {"vr": "OB", "InlineBinary": "SUND"}
    assert seen == [0x7FE00010]
    assert "InlineBinary" in ds.to_json_dict(bulk_data_threshold=8)["7FE00010"]  # no handler


def test_bulk_data_uri_handler_takes_tag_vr_and_uri_or_only_the_uri():
    json_dict = {"7FE00010": {"vr": "OW", "BulkDataURI": "https://example.org/px"}}
    calls = []

    def three(tag, vr, uri):
        calls.append((tag, vr, uri))
        return b"\x01\x00"

    assert Dataset.from_json(json_dict, three).PixelData == b"\x01\x00"
    assert calls == [("7FE00010", "OW", "https://example.org/px")]
    assert (
        Dataset.from_json(json_dict, lambda uri: uri.encode()).PixelData
        == b"https://example.org/px"
    )


def test_bulk_data_uri_without_a_handler_gives_an_empty_value_and_a_warning():
    with pytest.warns(UserWarning, match="No bulk data URI handler.*7FE00010"):
        ds = Dataset.from_json({"7FE00010": {"vr": "OW", "BulkDataURI": "https://x/px"}})
    assert ds[0x7FE00010].value is None


def test_nested_sequences_are_arrays_of_objects():
    inner = Dataset()
    inner.CodeValue = "121322"
    inner.add_new(0x00081030, "LO", "inner")
    middle = Dataset()
    middle.add_new(0x0040A043, "SQ", [inner])
    middle.add_new(0x00091010, "OB", b"\x01")
    ds = Dataset()
    ds.add_new(0x0040A730, "SQ", [middle, Dataset()])
    json_dict = ds.to_json_dict()
    assert json_dict == {
        "0040A730": {
            "vr": "SQ",
            "Value": [
                {
                    "00091010": {"vr": "OB", "InlineBinary": "AQ=="},
                    "0040A043": {
                        "vr": "SQ",
                        "Value": [
                            {
                                "00080100": {"vr": "SH", "Value": ["121322"]},
                                "00081030": {"vr": "LO", "Value": ["inner"]},
                            }
                        ],
                    },
                },
                {},
            ],
        }
    }
    back = Dataset.from_json(json.dumps(json_dict))
    assert back == ds
    assert isinstance(back[0x0040A730].value, Sequence)
    item = back[0x0040A730].value[0]
    assert item.parent is back
    assert item[0x0040A043].value[0].CodeValue == "121322"


def test_json_text_may_be_str_or_bytes_and_dump_handler_makes_the_text():
    ds = Dataset()
    ds.PatientID = "12345"
    assert ds.to_json() == '{"00100020": {"Value": ["12345"], "vr": "LO"}}'
    assert ds.to_json(dump_handler=lambda d: json.dumps(d, indent=1)).startswith("{\n")
    assert Dataset.from_json(ds.to_json().encode()) == ds
    assert Dataset.from_json(bytearray(ds.to_json(), "utf-8")) == ds


@pytest.mark.parametrize(
    ("json_dataset", "message"),
    [
        ("{not json", "Not JSON text"),
        ("[]", "must be an object, not an array"),
        ({"PatientName": {"vr": "PN"}}, "'PatientName' is not a tag"),
        ({"0010001": {"vr": "PN"}}, "is not a tag"),
        ({"00100010": "Doe"}, "00100010 must be a JSON object, not a string"),
        ({"00100010": {"Value": []}}, "00100010 has no 'vr'"),
        ({"00100010": {"vr": "XX"}}, "unknown VR 'XX'"),
        ({"00100020": {"vr": "LO", "Value": "12345"}}, "must be an array, not a string"),
        ({"00100020": {"vr": "LO", "Value": [12345]}}, "must be a string, not a number"),
        ({"00280010": {"vr": "US", "Value": ["512"]}}, "must be a number, not a string"),
        ({"00280010": {"vr": "US", "Value": [True]}}, "must be a number, not a boolean"),
        ({"00280010": {"vr": "US", "Value": [1.5]}}, "not an integer"),
        ({"00200013": {"vr": "IS", "Value": ["twelve"]}}, "00200013 cannot take the value"),
        (
            {"00100010": {"vr": "PN", "Value": [{"Alphabetic": 1}]}},
            "Alphabetic group.*not a number",
        ),
        ({"00100010": {"vr": "PN", "Value": [{"Given": "A"}]}}, "has 'Given'"),
        ({"00100010": {"vr": "PN", "Value": [["Doe"]]}}, "must be an object, not an array"),
        ({"00209165": {"vr": "AT", "Value": ["0010"]}}, "'0010' of element 00209165 is not 8"),
        ({"00420011": {"vr": "OB", "InlineBinary": "@@@"}}, "not base64"),
        ({"00420011": {"vr": "OB", "InlineBinary": 1}}, "must be a string, not a number"),
        ({"00420011": {"vr": "OB", "Value": ["AA=="]}}, "has a 'Value'"),
        ({"00100020": {"vr": "LO", "InlineBinary": "AA=="}}, "only for OB"),
        ({"00420011": {"vr": "OB", "InlineBinary": "", "BulkDataURI": "x"}}, "more than one"),
        ({"0040A730": {"vr": "SQ", "Value": ["item"]}}, "must be an object, not a string"),
    ],
)
def test_content_that_is_not_the_json_model_raises_a_dicom_error_naming_it(json_dataset, message):
    with pytest.raises(DicomError, match=message):
        Dataset.from_json(json_dataset)


def test_errors_in_items_say_where_the_item_is():
    bad = {
        "0040A730": {"vr": "SQ", "Value": [{}, {"0040A043": {"vr": "SQ", "Value": [{"1": {}}]}}]}
    }
    with pytest.raises(DicomError) as info:
        Dataset.from_json(bad)
    assert info.value.path == "dataset / 0040A730 SQ / item 1 / 0040A043 SQ / item 0"
    assert isinstance(info.value, ValueError)


def test_writing_a_binary_element_whose_value_is_not_bytes_raises_a_dicom_error():
    ds = Dataset()
    elem = DataElement(0x00420011, "OB", b"")
    elem._value = [1, 2]  # not what any reader or assignment gives, but possible
    ds.add(elem)
    with pytest.raises(DicomError, match="00420011.*must be bytes, not list"):
        ds.to_json_dict()
