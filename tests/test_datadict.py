"""Tests of dicomconstruct.datadict: pydicom's data dictionary functions, results and errors.

Every answer is compared with pydicom.datadict over the PS3.6 registry and the private dictionary.
"""

from __future__ import annotations

import pydicom.datadict as pdd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary

from dicomconstruct import datadict as dd
from dicomconstruct import tables
from dicomconstruct.tag import Tag

STANDARD_FUNCTIONS = (
    "get_entry",
    "dictionary_VR",
    "dictionary_VM",
    "dictionary_description",
    "dictionary_keyword",
    "dictionary_is_retired",
)


@pytest.fixture
def restore_tables():
    """Undo run-time additions to the dictionaries after a test."""
    tables.standard_entry(0)
    tables.private_entry(0x00090010, "")
    standard, keywords = dict(tables._standard), dict(tables._keywords)
    private = {creator: dict(entries) for creator, entries in tables._private.items()}
    yield
    tables._standard.clear()
    tables._standard.update(standard)
    tables._keywords.clear()
    tables._keywords.update(keywords)
    tables._private.clear()
    tables._private.update(private)


def test_seed_example():
    assert dd.dictionary_VR([0x0028, 0x1050]) == "DS"
    assert dd.private_dictionary_VR(0x0043104E, "GEMS_PARM_01") == "FL"
    assert dd.private_dictionary_description(0x0043104E, "GEMS_PARM_01") == "Duration of X-ray on"


@pytest.mark.parametrize("name", STANDARD_FUNCTIONS)
def test_every_standard_tag_like_pydicom(name):
    ours, theirs = getattr(dd, name), getattr(pdd, name)
    for tag in DicomDictionary:
        assert ours(tag) == theirs(tag), hex(tag)
    for mask in RepeatersDictionary:
        tag = int(mask.replace("x", "2"), 16)
        assert ours(tag) == theirs(tag), mask


@pytest.mark.parametrize("form", [0x00100010, (0x0010, 0x0010), [0x10, 0x10], "PatientName"])
def test_tag_forms(form):
    assert dd.get_entry(form) == ("PN", "1", "Patient's Name", "", "PatientName")
    assert dd.get_entry(Tag(form)) == pdd.get_entry(form)


@pytest.mark.parametrize("name", STANDARD_FUNCTIONS)
@pytest.mark.parametrize("tag", [0x00080002, 0x00111010, 0x00080000, 0x60000000, 0xFFFFFFFF])
def test_key_errors_like_pydicom(name, tag):
    with pytest.raises(KeyError):
        getattr(pdd, name)(tag)
    with pytest.raises(KeyError, match="not found in DICOM dictionary"):
        getattr(dd, name)(tag)


@given(st.integers(0, 0xFFFFFFFF))
def test_any_tag_like_pydicom(tag):
    try:
        expected = pdd.get_entry(tag)
    except KeyError:
        expected = None
    try:
        assert dd.get_entry(tag) == expected
    except KeyError:
        assert expected is None
    assert dd.dictionary_has_tag(tag) == pdd.dictionary_has_tag(tag)
    assert dd.keyword_for_tag(tag) == pdd.keyword_for_tag(tag)
    assert dd.repeater_has_tag(tag) == pdd.repeater_has_tag(tag)
    assert dd.mask_match(tag) == pdd.mask_match(tag)


def test_dictionary_has_tag():
    assert dd.dictionary_has_tag(0x00100010)
    assert dd.dictionary_has_tag("PatientName")
    assert not dd.dictionary_has_tag(0x60003000)  # only through its repeating-group mask
    assert not dd.dictionary_has_tag("NotAKeyword")
    assert not dd.dictionary_has_tag(None)


def test_keywords():
    assert dd.keyword_for_tag(0x00100010) == "PatientName"
    assert dd.keyword_for_tag(0x00111010) == ""
    assert dd.keyword_for_tag(0x60003000) == "OverlayData"
    assert dd.tag_for_keyword("PatientName") == 0x00100010
    assert dd.tag_for_keyword("NotAKeyword") is None
    for keyword, tag in pdd.keyword_dict.items():
        if keyword:
            assert dd.tag_for_keyword(keyword) == tag


def test_repeaters():
    assert dd.mask_match(0x60023000) == "60xx3000"
    assert dd.repeater_has_tag(0x60023000)
    assert not dd.repeater_has_tag(0x00100010)
    for entry in RepeatersDictionary.values():
        assert dd.repeater_has_keyword(entry[4])
    assert not dd.repeater_has_keyword("PatientName")
    assert dd.get_entry(0x60023000) == pdd.get_entry(0x60023000)


def test_private_entries_like_pydicom():
    for tag, creator in [(0x0043104E, "GEMS_PARM_01"), (0x00191008, "SIEMENS MR HEADER")]:
        assert dd.get_private_entry(tag, creator) == pdd.get_private_entry(tag, creator)
        for name in ("private_dictionary_VR", "private_dictionary_VM"):
            assert getattr(dd, name)(tag, creator) == getattr(pdd, name)(tag, creator)
    assert dd.private_dictionary_VM(0x0043104E, "GEMS_PARM_01") == "4"
    assert dd.get_private_entry((0x0043, 0x204E), "GEMS_PARM_01")[0] == "FL"  # any block


@pytest.mark.parametrize(
    ("tag", "creator"), [(0x0043104E, "NOBODY"), (0x004310F0, "GEMS_PARM_01"), (0x0043104E, None)]
)
def test_private_key_errors(tag, creator):
    with pytest.raises(KeyError):
        dd.get_private_entry(tag, creator)
    with pytest.raises(KeyError):
        dd.private_dictionary_description(tag, creator)


def test_add_dict_entries(restore_tables):
    dd.add_dict_entry(0x10021001, "UL", "TestOne", "Test One")
    dd.add_dict_entry(0x10021002, "DS", "TestTwo", "Test Two", VM="3", is_retired="Retired")
    assert dd.get_entry(0x10021001) == ("UL", "1", "Test One", "", "TestOne")
    assert dd.dictionary_VM("TestTwo") == "3" and dd.dictionary_is_retired("TestTwo")
    assert tables.standard_entry(0x10021002) == ("DS", "3", "Test Two", True, "TestTwo")
    assert tables.keyword_to_tag("TestOne") == 0x10021001 == Tag("TestOne")
    dd.add_dict_entries({0x10021003: ("LO", "1-n", "Test Three", "", "TestThree")})
    assert dd.dictionary_has_tag(0x10021003)


def test_added_entries_go_away(restore_tables):
    assert not dd.dictionary_has_tag(0x10021001)


def test_add_dict_entries_refuses_private_tags(restore_tables):
    with pytest.raises(ValueError, match="Private tags"):
        dd.add_dict_entry(0x00111001, "UL", "TestOne", "Test One")
    with pytest.raises(ValueError, match="Private tags"):
        dd.add_dict_entries(
            {0x10021001: ("UL", "1", "A", "", "A"), 0x00111001: ("UL", "1", "B", "", "B")}
        )
    assert not dd.dictionary_has_tag(0x10021001)


def test_add_private_dict_entries(restore_tables):
    items = {0x00410001: ("UL", "1", "Test One"), 0x00410002: ("DS", "3", "Test Two", "")}
    dd.add_private_dict_entries("ACME LTD 1.2", items)
    dd.add_private_dict_entry("ACME LTD 1.3", 0x00410001, "US", "Test Three")
    assert dd.get_private_entry(0x00411001, "ACME LTD 1.2") == ("UL", "1", "Test One", "")
    assert dd.private_dictionary_VM(0x00412502, "ACME LTD 1.2") == "3"
    assert dd.private_dictionary_VR(0x00411001, "ACME LTD 1.3") == "US"
    assert tables.private_entry(0x00411001, "ACME LTD 1.3") == ("US", "1", "Test Three", False, "")
    dd.add_private_dict_entry("GEMS_PARM_01", 0x0043104E, "FD", "Replaced")
    assert dd.private_dictionary_VR(0x0043104E, "GEMS_PARM_01") == "FD"


def test_add_private_dict_entries_refuses_standard_tags(restore_tables):
    with pytest.raises(ValueError, match="Non-private tags"):
        dd.add_private_dict_entry("ACME", 0x00100010, "PN", "Name")
    assert tables.private_entry(0x00100010, "ACME") is None
