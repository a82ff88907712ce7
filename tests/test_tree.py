"""The editable tree: copies, failed assignments, date/time conversion on request, and the
dataset utilities pydicom users expect."""

from __future__ import annotations

import copy
import io
import pickle
import warnings

import pytest

from dicomconstruct import DataElement, Dataset, DicomError, Sequence, config, dcmread
from dicomconstruct.data import get_testdata_file
from dicomconstruct.valuerep import DA, DT, TM


@pytest.fixture
def ds():
    return dcmread(get_testdata_file("explicit_le.dcm"))


def test_deepcopy_copies_the_whole_tree(ds):
    twin = copy.deepcopy(ds)
    assert twin == ds and type(twin) is type(ds)
    twin.PatientName = "Other^Name"
    twin.ProcedureCodeSequence[0].CodeValue = "CHANGED"
    assert ds.PatientName == "Doe^John"
    assert ds.ProcedureCodeSequence[0].CodeValue == "P5-0905E"
    assert twin.ProcedureCodeSequence[0].parent is twin  # items belong to the copy


def test_deepcopy_keeps_deferred_values_readable():
    with open(get_testdata_file("explicit_le.dcm"), "rb") as file:
        deferred = dcmread(file, defer_size=4)
        assert deferred.get_item("PixelData").is_deferred
        twin = copy.deepcopy(deferred)
        assert twin.PixelData == deferred.PixelData


def test_shallow_copy_has_its_own_element_mapping(ds):
    twin = ds.copy()
    assert twin == ds
    del twin.PatientName
    assert "PatientName" in ds
    assert twin["PatientID"] is ds["PatientID"]


def test_pickle_round_trip(ds):
    assert pickle.loads(pickle.dumps(ds)) == ds


def test_a_failed_assignment_changes_nothing_and_names_tag_and_vr(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(DicomError, match=r"\(0020,0013\) Instance Number \(IS\)"):
            ds.InstanceNumber = "abc"
        assert "InstanceNumber" not in ds
        ds.InstanceNumber = 5
        with pytest.raises(ValueError, match=r"\(IS\)"):
            ds.InstanceNumber = "five"
    assert ds.InstanceNumber == 5
    before = list(ds.ImageType)
    with pytest.raises(TypeError):
        ds.ProcedureCodeSequence.append("not a dataset")
    with pytest.raises(TypeError):
        ds.OtherPatientIDsSequence = [Dataset(), "not a dataset"]
    assert "OtherPatientIDsSequence" not in ds
    assert list(ds.ImageType) == before
    assert len(ds.ProcedureCodeSequence) == 1


def test_unknown_camel_case_attribute_warns_as_pydicom(ds):
    with pytest.warns(UserWarning, match="Camel case attribute 'PatientNme'"):
        ds.PatientNme = "x"


def test_datetime_conversion_on_request(ds, monkeypatch):
    assert ds.StudyDate == "20240102" and isinstance(ds.StudyDate, str)
    monkeypatch.setattr(config, "datetime_conversion", True)
    converted = dcmread(get_testdata_file("explicit_le.dcm"))
    assert isinstance(converted.StudyDate, DA)
    assert converted.StudyDate.year == 2024 and str(converted.StudyDate) == "20240102"
    elem = DataElement(0x00080030, "TM", b"")
    assert elem.value == ""
    raw = Dataset()
    raw.add(DataElement.from_raw(0x00080030, "TM", b"101010.5 ", 10, 0, False, raw))
    raw.add(DataElement.from_raw(0x0008002A, "DT", b"20240102101010", 14, 0, False, raw))
    assert isinstance(raw.StudyTime, TM) and raw.StudyTime.second == 10
    assert isinstance(raw.AcquisitionDateTime, DT) and raw.AcquisitionDateTime.day == 2


def test_date_and_time_objects_are_written_in_dicom_format():
    import datetime

    ds = Dataset()
    ds.StudyDate = datetime.date(2024, 1, 2)
    ds.StudyTime = datetime.time(10, 11, 12, 500)
    ds.AcquisitionDateTime = datetime.datetime(2024, 1, 2, 10, 11, 12)
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    back = dcmread(io.BytesIO(out.getvalue()), force=True)
    assert (back.StudyDate, back.StudyTime, back.AcquisitionDateTime) == (
        "20240102",
        "101112.000500",
        "20240102101112",
    )


def test_dataset_utilities(ds):
    assert ds.get("PatientID") == "ID0001"
    assert ds.get("NotAKeyword", "default") == "default"
    assert ds.get(0x00100020).value == "ID0001"
    elem = ds.setdefault("AccessionNumber", "A1")
    assert elem.VR == "SH" and ds.AccessionNumber == "A1"
    assert ds.pop("AccessionNumber").value == "A1"
    assert ds.pop(0x00080050, None) is None
    assert [e.tag for e in ds.group_dataset(0x0028)][:2] == [0x00280002, 0x00280004]
    assert ds.dir("pixel") == [
        "PixelData",
        "PixelRepresentation",
        "PixelSpacing",
        "SamplesPerPixel",
    ]
    seen = []
    ds.walk(lambda dataset, elem: seen.append(elem.tag))
    assert seen.count(0x00080100) == 2  # the code value of the item and of the nested item
    assert "Procedure Code Sequence" in ds.top() and "CTCHEST" not in ds.top()
    assert [0x0010, 0x0010] in ds and 0x00100010 in ds and "PatientName" in ds
    del ds[0x00100010]
    del ds.PatientID
    assert "PatientName" not in ds and "PatientID" not in ds


def test_sequence_set_to_none_is_an_empty_sequence(ds):
    ds.ProcedureCodeSequence = None
    assert isinstance(ds.ProcedureCodeSequence, Sequence) and len(ds.ProcedureCodeSequence) == 0
