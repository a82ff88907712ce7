"""File-sets and DICOMDIR (PS3.10 §8, PS3.3 Annex F): the same instances, records and offsets
as pydicom's File-set on its own DICOMDIR; File IDs that could reach outside the File-set's
root refused before any file outside it is touched; writes that fail leave nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pydicom
import pydicom.config
import pydicom.fileset
import pytest
from pydicom.data import get_testdata_file

from dicomconstruct import DicomError, dcmread, fileset
from dicomconstruct.fileset import FileIDOutsideRoot, FileSet

DICOMDIR = Path(get_testdata_file("DICOMDIR"))
IMAGE_RECORD = 3  # the first IMAGE record of pydicom's DICOMDIR (PATIENT, STUDY, SERIES, IMAGE)


@pytest.fixture
def fileset_copy(tmp_path: Path) -> Path:
    """A copy of pydicom's test File-set (DICOMDIR and its three patient folders)."""
    root = tmp_path / "fs"
    root.mkdir()
    shutil.copyfile(DICOMDIR, root / "DICOMDIR")
    for folder in ("77654033", "98892003", "98892001"):
        shutil.copytree(DICOMDIR.parent / folder, root / folder)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {os.fspath(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


ORIGINAL_ID = b"77654033\\CR1\\6154 "  # record 3's Referenced File ID, padded (18 bytes)


def _plant_file_id(root: Path, file_id: str) -> int:
    """Replace record 3's Referenced File ID in root/DICOMDIR by ``file_id`` (backslashes
    separate components), in place and of the same length so that every offset still
    holds; return the record's offset, as pydicom reads it."""
    data = (root / "DICOMDIR").read_bytes()
    value = file_id.encode("ascii").ljust(len(ORIGINAL_ID))
    assert len(value) == len(ORIGINAL_ID) and data.count(ORIGINAL_ID) == 1
    (root / "DICOMDIR").write_bytes(data.replace(ORIGINAL_ID, value))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns about the invalid CS value
        records = pydicom.dcmread(root / "DICOMDIR").DirectoryRecordSequence
        (item,) = [
            r
            for r in records
            if r.get("ReferencedFileID") == records[IMAGE_RECORD].ReferencedFileID
        ]
    return item.seq_item_tell


# --- reading: the same File-set as pydicom ---------------------------------------------------


def test_file_set_read_from_pydicom_dicomdir_has_pydicom_instances_in_order():
    ours, theirs = FileSet(dcmread(DICOMDIR)), pydicom.fileset.FileSet(pydicom.dcmread(DICOMDIR))
    assert len(ours) == len(theirs) == 31
    assert [i.SOPInstanceUID for i in ours] == [i.SOPInstanceUID for i in theirs]
    assert [i.path for i in ours] == [i.path for i in theirs]
    assert [i.FileID for i in ours] == [i.FileID for i in theirs]
    assert ours.ID == theirs.ID == "PYDICOM_TEST"
    assert str(ours).splitlines()[3:] == str(theirs).splitlines()[3:]  # past the root/UID lines


def test_record_items_say_where_they_start_as_pydicoms_seq_item_tell():
    ours = dcmread(DICOMDIR).DirectoryRecordSequence
    theirs = pydicom.dcmread(DICOMDIR).DirectoryRecordSequence
    assert [r.seq_item_tell for r in ours] == [r.seq_item_tell for r in theirs]
    assert all(r.seq_item_tell == r.offset for r in ours)
    record = ours[0]
    record.seq_item_tell = 1234  # pydicom's tests move records by setting it
    assert record.offset == 1234


def test_find_and_find_values_agree_with_pydicom():
    ours, theirs = FileSet(DICOMDIR), pydicom.fileset.FileSet(DICOMDIR)
    for query in (
        {"PatientID": "77654033"},
        {"Modality": "MR"},
        {"StudyDescription": "XR C Spine Comp Min 4 Views"},
    ):
        assert [i.SOPInstanceUID for i in ours.find(**query)] == [
            i.SOPInstanceUID for i in theirs.find(**query)
        ]
    for keyword in ("PatientID", "StudyInstanceUID", "Modality"):
        assert ours.find_values(keyword) == theirs.find_values(keyword)
    loaded = ours.find(load=True, PatientID="98892003")
    assert [i.SOPInstanceUID for i in loaded] == [
        i.SOPInstanceUID for i in theirs.find(load=True, PatientID="98892003")
    ]


def test_instance_loads_its_file_and_its_record_gives_attributes():
    instance = next(iter(FileSet(DICOMDIR)))
    ds = instance.load()
    assert ds.SOPInstanceUID == instance.SOPInstanceUID
    assert instance.PatientID == "77654033"  # from the PATIENT record above it
    assert instance.node.record_type == "IMAGE"
    assert [n.record_type for n in instance.node.reverse()] == [
        "IMAGE",
        "SERIES",
        "STUDY",
        "PATIENT",
    ]


# --- File IDs outside the root ---------------------------------------------------------------


@pytest.mark.parametrize(
    "file_id",
    [
        "../out.dcm",
        "..\\out.dcm",
        "CR1\\..\\..\\out.dcm",
        "/etc/passwd",
        "a/../../out.dcm",
    ],
    ids=["dotdot", "dotdot-components", "dotdot-deeper", "absolute", "slashes-in-a-component"],
)
def test_file_id_outside_the_root_is_refused_naming_the_record(fileset_copy, file_id):
    (fileset_copy.parent / "out.dcm").write_bytes(DICOMDIR.read_bytes())
    offset = _plant_file_id(fileset_copy, file_id)
    with pytest.raises(FileIDOutsideRoot) as caught:
        FileSet(fileset_copy / "DICOMDIR")
    error = caught.value
    assert isinstance(error, DicomError) and isinstance(error, PermissionError)
    assert "must be inside the DICOMDIR root path" in str(error)
    assert f"IMAGE directory record at offset {offset}" in str(error)
    assert error.offset == offset


def test_file_id_through_a_symbolic_link_out_of_the_root_is_refused(fileset_copy, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    shutil.copyfile(DICOMDIR.parent / "77654033/CR1/6154", outside / "6154")
    os.symlink(outside, fileset_copy / "LINK")
    offset = _plant_file_id(fileset_copy, "LINK\\6154")
    with pytest.raises(FileIDOutsideRoot, match=f"at offset {offset}"):
        FileSet(fileset_copy / "DICOMDIR")


def test_file_id_through_a_symbolic_link_loop_is_refused(fileset_copy):
    os.symlink("LOOP", fileset_copy / "LOOP")
    _plant_file_id(fileset_copy, "LOOP\\6154")
    with pytest.raises(FileIDOutsideRoot):
        FileSet(fileset_copy / "DICOMDIR")


def test_refused_file_set_reads_and_writes_nothing_outside_the_root(fileset_copy, monkeypatch):
    _plant_file_id(fileset_copy, "../out.dcm")
    touched: list[str] = []
    real_dcmread, real_copy = fileset.dcmread, shutil.copyfile
    monkeypatch.setattr(
        fileset, "dcmread", lambda p, *a, **k: touched.append(str(p)) or real_dcmread(p, *a, **k)
    )
    monkeypatch.setattr(
        shutil, "copyfile", lambda s, d, *a, **k: touched.append(str(s)) or real_copy(s, d, *a, **k)
    )
    with pytest.raises(FileIDOutsideRoot):
        FileSet(fileset_copy / "DICOMDIR")
    assert touched == [str(fileset_copy / "DICOMDIR")]  # the DICOMDIR only


@pytest.mark.filterwarnings("ignore:Invalid value for VR CS")
def test_copy_and_write_refuse_a_record_changed_to_point_outside(fileset_copy, tmp_path):
    fs = FileSet(fileset_copy / "DICOMDIR")
    instance = next(iter(fs))
    instance.node._record.ReferencedFileID = ["..", "..", "etc", "passwd"]
    before = _files(fileset_copy)
    with pytest.raises(FileIDOutsideRoot):
        fs.copy(tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    fs.add(get_testdata_file("CT_small.dcm"))  # staged: write() now moves the File-set
    with pytest.raises(FileIDOutsideRoot):
        fs.write()
    assert _files(fileset_copy) == before


# --- writing ---------------------------------------------------------------------------------


def test_new_file_set_written_is_read_by_pydicom_and_dcmtk(tmp_path):
    fs = FileSet()
    for name in ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm"):
        fs.add(get_testdata_file(name))
    for name in ("rtplan.dcm", "rtdose.dcm"):  # as data sets, with the Instance Number F.5 needs
        ds = dcmread(get_testdata_file(name))
        ds.InstanceNumber = 1
        fs.add(ds)
    fs.write(tmp_path)
    theirs = pydicom.fileset.FileSet(tmp_path / "DICOMDIR")  # pydicom follows every offset
    assert sorted(i.SOPInstanceUID for i in theirs) == sorted(i.SOPInstanceUID for i in fs)
    assert {i.node.record_type for i in theirs} == {"IMAGE", "RT PLAN", "RT DOSE"}
    for instance in theirs:
        assert pydicom.dcmread(instance.path).SOPInstanceUID == instance.SOPInstanceUID
    if shutil.which("dcmdump"):
        run = subprocess.run(
            ["dcmdump", str(tmp_path / "DICOMDIR")], capture_output=True, text=True
        )
        assert run.returncode == 0 and "E: " not in run.stderr, run.stderr


def test_removal_written_in_place_keeps_the_other_instances(fileset_copy):
    fs = FileSet(fileset_copy / "DICOMDIR")
    removed = fs.find(PatientID="98892003")
    gone = [Path(i.path) for i in removed]
    fs.remove(removed)
    fs.write(use_existing=True)
    theirs = pydicom.fileset.FileSet(fileset_copy / "DICOMDIR")
    assert len(theirs) == 31 - len(removed)
    assert not any(p.exists() for p in gone)
    assert not theirs.find(PatientID="98892003")


def test_copy_is_pydicoms_copy(fileset_copy, tmp_path):
    fs = FileSet(fileset_copy / "DICOMDIR")
    copied = fs.copy(tmp_path / "copy")
    theirs = pydicom.fileset.FileSet(tmp_path / "copy" / "DICOMDIR")
    assert [i.SOPInstanceUID for i in copied] == [i.SOPInstanceUID for i in theirs]
    assert [i.FileID for i in copied] == [i.FileID for i in theirs]
    assert fs.path == os.fspath(fileset_copy)  # the original is unchanged


@pytest.mark.filterwarnings("ignore:The DICOMDIR dataset uses an invalid transfer syntax")
def test_implicit_dicomdir_offsets_point_at_items(tmp_path):
    fs = FileSet()
    fs.add(get_testdata_file("CT_small.dcm"))
    fs.write(tmp_path, force_implicit=True)  # implicit VR is not conformant: both warn
    theirs = pydicom.fileset.FileSet(tmp_path / "DICOMDIR")
    assert len(theirs) == 1
    assert pydicom.dcmread(tmp_path / "DICOMDIR").file_meta.TransferSyntaxUID == "1.2.840.10008.1.2"


def test_failed_dicomdir_encoding_leaves_the_file_set_as_it_was(fileset_copy, monkeypatch):
    fs = FileSet(fileset_copy / "DICOMDIR")
    fs.add(get_testdata_file("CT_small.dcm"))
    before = _files(fileset_copy)

    def fail(*args, **kwargs):
        raise DicomError("cannot encode", 0, "DICOMDIR")

    monkeypatch.setattr(fs, "_encode_dicomdir", fail)
    with pytest.raises(DicomError, match="cannot encode"):
        fs.write()
    assert _files(fileset_copy) == before  # nothing moved, no temporary file


def test_failed_copy_removes_what_it_copied(fileset_copy, tmp_path, monkeypatch):
    fs = FileSet(fileset_copy / "DICOMDIR")
    calls = []
    real_copy = shutil.copyfile

    def copy_then_fail(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError("disk full")
        return real_copy(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy_then_fail)
    with pytest.raises(OSError, match="disk full"):
        fs.copy(tmp_path / "copy")
    assert not (tmp_path / "copy").exists() or not any((tmp_path / "copy").rglob("*"))


def test_dicomdir_replacement_is_atomic(fileset_copy, monkeypatch):
    fs = FileSet(fileset_copy / "DICOMDIR")
    fs.remove(next(iter(fs)))
    original = (fileset_copy / "DICOMDIR").read_bytes()
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("no rename")))
    with pytest.raises(OSError, match="no rename"):
        fs.write(use_existing=True)
    assert (fileset_copy / "DICOMDIR").read_bytes() == original
    assert not [p for p in fileset_copy.iterdir() if p.name.startswith(".dicomconstruct-")]


def _set_ul(data: bytes, offset: int, tag: bytes, value: int) -> bytes:
    """``data`` with the UL value of the element ``tag`` (explicit VR LE) at or after
    ``offset`` set to ``value``."""
    at = data.index(tag + b"UL\x04\x00", offset) + 8
    return data[:at] + value.to_bytes(4, "little") + data[at + 4 :]


@pytest.mark.parametrize("target", ["nowhere", "loop"])
def test_record_offsets_that_point_nowhere_or_loop_are_dicom_errors(fileset_copy, target):
    data = (fileset_copy / "DICOMDIR").read_bytes()
    first = pydicom.dcmread(DICOMDIR).DirectoryRecordSequence[0].seq_item_tell
    next_tag = b"\x04\x00\x00\x14"  # (0004,1400) Offset of the Next Directory Record
    value = first + 2 if target == "nowhere" else first  # the first record names itself next
    (fileset_copy / "DICOMDIR").write_bytes(_set_ul(data, first, next_tag, value))
    with pytest.raises(DicomError, match="no directory record starts|form a loop") as caught:
        FileSet(fileset_copy / "DICOMDIR")
    assert caught.value.offset == value


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("seed", range(3))
def test_every_failure_on_damaged_dicomdirs_is_a_dicom_error(fileset_copy, seed, caplog):
    import random

    original = (fileset_copy / "DICOMDIR").read_bytes()
    rng = random.Random(seed)
    for _ in range(20):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(300, len(data))] = rng.randrange(256)
        (fileset_copy / "DICOMDIR").write_bytes(bytes(data))
        try:
            fs = FileSet(fileset_copy / "DICOMDIR")
            str(fs)
            for instance in fs:  # orphans re-added are staged copies, in a temporary folder
                if not instance.for_addition:
                    assert Path(instance.path).resolve().is_relative_to(fileset_copy.resolve())
                assert instance.FileID
        except DicomError:
            pass  # anything else (KeyError, TypeError, AttributeError...) fails the test
