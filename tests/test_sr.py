"""SR coded concepts (PS3.16): the tables generated into schemas/ give pydicom's codes, and
schemas/generate_sr.py writes exactly the files in the repository."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pydicom.sr
import pydicom.sr._cid_dict
import pydicom.sr._concepts_dict
import pytest

from dicomconstruct.sr import Code, Collection, codes
from dicomconstruct.sr._cid_dict import cid_concepts, name_for_cid
from dicomconstruct.sr._concepts_dict import concepts

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_tables_hold_pydicoms_dictionaries_exactly():
    assert concepts == pydicom.sr._concepts_dict.concepts
    assert cid_concepts == pydicom.sr._cid_dict.cid_concepts
    assert name_for_cid == pydicom.sr._cid_dict.name_for_cid


def test_generate_sr_writes_the_files_in_schemas(tmp_path):
    spec = importlib.util.spec_from_file_location("generate_sr", SCHEMAS / "generate_sr.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.HERE = tmp_path
    generate.main()
    for name in ("sr_concepts.tsv", "sr_cids.tsv", "sr_snomed.tsv"):
        assert (tmp_path / name).read_bytes() == (SCHEMAS / name).read_bytes(), name


@pytest.mark.parametrize(
    "scheme, keyword",
    [
        ("SCT", "Liver"),
        ("DCM", "Median"),
        ("UCUM", "Millimeter"),
        ("cid4", "Liver"),
        ("CID2", "Median"),
    ],
)
def test_codes_are_pydicoms(scheme, keyword):
    ours = getattr(getattr(codes, scheme), keyword)
    theirs = getattr(getattr(pydicom.sr.codes, scheme), keyword)
    assert tuple(ours) == tuple(theirs)


def test_srt_code_equals_its_sct_code():
    liver = codes.SCT.Liver
    assert Code("T-62000", "SRT", "Liver") == liver
    assert Code("10200004", "SCT", "other meaning") == liver
    assert Code("10200004", "SCT", "Liver", "1") != liver


def test_collections_list_and_filter_like_pydicom():
    assert codes.schemes() == pydicom.sr.codes.schemes()
    assert codes.CIDs() == pydicom.sr.codes.CIDs()
    assert Collection("CID4").dir("liver") == pydicom.sr.Collection("CID4").dir("liver")
    assert "Liver" in codes.CID4 and codes.SCT.Liver in codes.CID4
    assert str(Collection("CID2")) == str(pydicom.sr.Collection("CID2"))
    with pytest.raises(AttributeError, match="No matching code for keyword 'Nope' in CID4"):
        codes.CID4.Nope  # noqa: B018
