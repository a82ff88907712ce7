"""The archive index (dicomconstruct/index, docs/index.md): one row per file whatever its bytes,
tag columns typed by the dictionary's VR and VM and agreeing with pydicom, part files written
by the workers, resumed and incremental builds, the CLI, and ranged reads of object stores."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file

pytest.importorskip("pyarrow", reason="the index extra (pyarrow) does not install here")
import pyarrow.dataset as pads  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from dicomconstruct import dcmread  # noqa: E402
from dicomconstruct.errors import DicomError, InvalidDicomError  # noqa: E402
from dicomconstruct.index import (  # noqa: E402
    CORE_TAGS,
    MissingExtraError,
    build,
    read_row,
    schema,
    tag_columns,
)
from dicomconstruct.index import cli as index_cli  # noqa: E402
from dicomconstruct.index._optional import require  # noqa: E402
from dicomconstruct.inspect import inspect_file  # noqa: E402

from .conftest import CORPUS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MALFORMED = sorted((ROOT / "testdata" / "malformed").glob("*.dcm"))


def _table(directory: Path):
    return pads.dataset(str(directory), format="parquet").to_table()


# -- what pydicom says a column should hold ----------------------------------------------------
def _expected(column, value):
    """pydicom's value in the column's type, converted without the index's code."""
    if value is None or value == "":
        return None
    items = list(value) if isinstance(value, pydicom.multival.MultiValue) else [value]

    def one(item):
        if item is None or item == "":
            return "" if item == "" and column.kind == "str" else None  # text keeps it
        if column.kind == "date":
            text = str(item).replace(".", "")
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        if column.kind == "time":
            text = str(item).replace(":", "")
            whole, _, fraction = text.partition(".")
            whole = whole.ljust(6, "0")
            return datetime.time(
                int(whole[:2]), int(whole[2:4]), int(whole[4:6]), int(fraction.ljust(6, "0"))
            )
        if column.kind in ("int64", "uint64"):
            return int(item)
        if column.kind.startswith("float"):
            return float(item)
        return str(item)

    converted = [one(item) for item in items]
    return converted if column.multi else converted[0]


@pytest.mark.filterwarnings("ignore")  # pydicom's own warnings about the corpus's bad values
def test_rows_of_the_corpus_agree_with_pydicom():
    columns = tag_columns("core")
    compared = 0
    for path in CORPUS:
        row = read_row(path)
        assert row["path"] == str(path) and row["size"] == path.stat().st_size
        assert row["status"] in ("ok", "warning", "error", "not-dicom")
        if row["status"] not in ("ok", "warning"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                theirs = pydicom.dcmread(path, stop_before_pixels=True)
            except Exception:  # pydicom refuses what we read (each such file: test_corpus)
                continue
        noted = {p["path"] for p in row["problems"] if p["kind"] == "value-not-converted"}
        for column in columns:
            source = theirs.file_meta if column.tag >> 16 == 2 else theirs
            elem = source.get(column.tag)
            if any(column.vr in n and f"{column.tag:08X}"[:4] in n for n in noted if n):
                continue  # did not convert: null with a warning (tested below)
            try:
                expected = None if elem is None else _expected(column, elem.value)
            except (ValueError, TypeError):
                continue  # pydicom's value does not convert either
            assert row[column.name] == expected, (path.name, column.name)
        compared += 1
    assert compared > 200


def test_a_multi_valued_attribute_is_a_list_even_when_the_file_holds_one_value(tmp_path):
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.ImageType = "ORIGINAL"
    ds.PixelSpacing = None
    ds.save_as(tmp_path / "one.dcm")
    row = read_row(tmp_path / "one.dcm")
    assert row["ImageType"] == ["ORIGINAL"]
    assert row["PixelSpacing"] is None
    assert row["Rows"] == 128 and row["InstanceNumber"] == 1
    fields = {f.name: f.type for f in schema()}
    assert str(fields["ImageType"]) == "list<item: string>"
    assert str(fields["PixelSpacing"]) == "list<item: double>"
    assert str(fields["StudyDate"]) == "date32[day]"
    assert str(fields["Rows"]) == "int64"


def test_a_value_that_does_not_convert_is_null_with_a_warning(tmp_path):
    data = Path(get_testdata_file("CT_small.dcm")).read_bytes()
    assert data.count(b"20040119") >= 1
    broken = data.replace(b"20040119", b"2004XX19")
    (tmp_path / "bad_date.dcm").write_bytes(broken)
    row = read_row(tmp_path / "bad_date.dcm")
    assert row["status"] == "warning"
    assert row["StudyDate"] is None and row["Modality"] == "CT"
    notes = [p for p in row["problems"] if p["kind"] == "value-not-converted"]
    assert notes and all(p["severity"] == "warning" for p in notes)
    study_date = [p for p in notes if p["message"].startswith("StudyDate:")]
    assert "2004XX19" in study_date[0]["message"]
    assert study_date[0]["path"] == "dataset / (0008,0020) DA"
    offset = study_date[0]["offset"]
    assert broken[offset : offset + 8] == b"2004XX19"  # the value's own offset in the file


def test_every_malformed_file_is_a_row_saying_what_the_reader_and_inspection_found():
    for path in MALFORMED:
        row = read_row(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = dcmread(path)
                list(ds.iterall())  # every sequence parsed, as the index checks
                raised = None
            except DicomError as exc:
                raised = exc
        if isinstance(raised, InvalidDicomError) and path.read_bytes()[128:132] != b"DICM":
            assert row["status"] == "not-dicom", path.name
            continue
        if raised is None:
            assert row["status"] in ("ok", "warning"), path.name
            assert row["error_class"] is None
            continue
        assert row["status"] == "error", path.name
        assert row["error_class"] == type(raised).__name__
        found = {(p.offset, p.kind) for p in inspect_file(path).problems}
        listed = {(p["offset"], p["kind"]) for p in row["problems"]}
        assert found and found <= listed, path.name


def test_sequences_walked_not_parsed_give_the_rows_of_parsing_them(monkeypatch):
    """The check walks a defined-length sequence's bytes instead of parsing it into a tree;
    wherever the tree could judge otherwise it parses. Either way the row is the same."""
    from dicomconstruct.index import row as index_row

    paths = [p for p in CORPUS if p.suffix != ".gz"] + MALFORMED
    options = {"tags": "core,ReferencedImageSequence", "header": "json", "private": "json"}

    def rows():
        found = []
        for path in paths:
            for check in ("inspect", "all"):
                row = read_row(path, check=check, **options)
                row.pop("indexed_at")
                found.append(row)
        return found

    walked = rows()
    monkeypatch.setattr(index_row, "_walks_clean", lambda elem: False)  # always parsed
    assert walked == rows()


def _odd_values_file(path: Path, little: bool) -> Path:
    """Values of the VRs made from their bytes, each way the reader treats apart: blank,
    padded, several where one is allowed, not conformant, not a number."""
    from dicomconstruct import Dataset
    from dicomconstruct.dataset import FileMetaDataset

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1" if little else "1.2.840.10008.1.2.2"
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SpecificCharacterSet = "ISO_IR 100" if little else "ISO_IR 192"  # Latin-1, or UTF-8
    ds.Manufacturer = "Café"
    ds.StudyDescription = "one\\two"  # two values in a VM 1 attribute
    ds.AccessionNumber = "  "
    ds.StudyID = "S1 "
    ds.SOPInstanceUID = "1.2.03.4"  # a leading zero: not conformant (PS3.5 §9.1)
    ds.StudyInstanceUID = "1.2.3\\1.2.4"  # two UIDs in a VM 1 attribute
    ds.SeriesInstanceUID = ""
    ds.ImageType = ["ORIGINAL", "", "AXIAL"]
    ds.Modality = "MR\\CT"
    ds.PatientSex = " "
    ds.StudyDate = "2004.01.19"
    ds.SeriesDate = "2004XX19"
    ds.StudyTime = "07:27:30"
    ds.AcquisitionDate = ["20040119", "20040120"]
    ds.SeriesNumber = " 12"
    ds.InstanceNumber = "+7"
    ds.NumberOfFrames = "3"
    ds.ImagePositionPatient = ["1.5", "", "-2e3"]
    ds.PixelSpacing = ["7.77", "0.5"]  # made "nan" in the bytes, below
    ds.SliceThickness = "9.99"  # made "1_0" in the bytes
    ds.Rows = 512
    ds.Columns = 300
    ds.add_new(0x00280100, "US", [8, 8])  # Bits Allocated, two values
    from dicomconstruct import config

    mode = config.settings.writing_validation_mode
    config.settings.writing_validation_mode = config.IGNORE  # written as they are
    try:
        ds.save_as(path, enforce_file_format=True)
    finally:
        config.settings.writing_validation_mode = mode
    data = path.read_bytes().replace(b"7.77", b"nan ").replace(b"9.99", b"1_0 ")
    path.write_bytes(data)
    return path


@pytest.mark.filterwarnings("ignore")
def test_values_made_from_their_bytes_give_the_rows_of_decoding_them(monkeypatch, tmp_path):
    """UI, CS, DA, TM, IS, DS and US columns (and those elements' header JSON) are made from
    the bytes where the reader's decoding would give that value and warn nothing, else
    decoded. Either way, the same rows."""
    from dicomconstruct.index import columns as index_columns

    paths = [p for p in CORPUS if p.suffix != ".gz"] + MALFORMED
    paths += [_odd_values_file(tmp_path / f"odd-{e}.dcm", e == "le") for e in ("le", "be")]
    tags = "core,WindowCenter,AcquisitionTime,ReferencedFrameNumber,AcquisitionDateTime,PatientAge"

    def rows():
        found = []
        for path in paths:
            for header in ("none", "json"):
                row = read_row(path, tags=tags, header=header)
                row.pop("indexed_at")
                found.append(row)
        return found

    fast = rows()
    odd = {k: v for k, v in fast[-2].items() if k in ("StudyDate", "SeriesNumber", "BitsAllocated")}
    assert odd == {
        "StudyDate": datetime.date(2004, 1, 19),
        "SeriesNumber": 12,
        "BitsAllocated": None,
    }
    monkeypatch.setattr(index_columns, "_FAST", {})  # every value decoded by the reader
    monkeypatch.setattr(index_columns, "_FAST_JSON", {})
    assert repr(fast) == repr(rows())  # (by their text: a DS of "nan" is a NaN both ways)


def test_a_clean_sequence_is_walked_and_left_unparsed():
    from dicomconstruct.dataelem import _UNDECODED
    from dicomconstruct.index.row import _parse_sequences

    ds = dcmread(get_testdata_file("rtplan.dcm"), defer_size=4096)
    lazy = [e for e in ds._dict.values() if e.VR == "SQ" and e._value is _UNDECODED]
    assert lazy
    _parse_sequences(ds)
    assert all(e._value is _UNDECODED for e in lazy)  # checked, no tree built
    broken = ROOT / "testdata" / "malformed"
    rows = {p.name: read_row(p) for p in broken.glob("*.dcm")}
    nested = [r for r in rows.values() if r["error_path"] and " SQ / item" in r["error_path"]]
    assert nested and all(r["status"] == "error" for r in nested)


def test_a_large_native_image_read_by_its_head_gives_the_row_of_the_whole_read(
    monkeypatch, tmp_path
):
    """A file over HEAD_FIRST whose native Pixel Data ends it is read by its head and the
    pixels' length checked against its size; the row is that of reading the whole file,
    and a copy cut short is still an error where the whole read says."""
    from dicomconstruct.codec.sources import HEAD_FIRST
    from dicomconstruct.index import row as index_row

    large = [p for p in CORPUS if p.suffix == ".dcm" and p.stat().st_size > HEAD_FIRST]
    cut = tmp_path / "cut.dcm"
    cut.write_bytes(Path(get_testdata_file("RG3_UNCI.dcm")).read_bytes()[:-100])
    paths = large + [cut]
    taken = []
    original = index_row._Reading._read_head

    def spy(self, file):
        taken.append(original(self, file))
        return taken[-1]

    def rows():
        found = []
        for path in paths:
            row = read_row(path, header="json")
            row.pop("indexed_at")
            found.append(row)
        return found

    monkeypatch.setattr(index_row._Reading, "_read_head", spy)
    by_head = rows()
    assert any(taken) and not all(taken)
    monkeypatch.setattr(index_row._Reading, "_read_head", lambda self, file: False)
    assert by_head == rows()
    assert by_head[-1]["status"] == "error" and by_head[-1]["error_class"] == "TruncatedDataError"


def test_a_truncated_image_keeps_its_columns_and_says_where_it_broke():
    path = Path(get_testdata_file("MR_truncated.dcm"))
    row = read_row(path)
    with pytest.raises(DicomError) as raised:
        dcmread(path)
    assert row["status"] == "error"
    assert (row["error_class"], row["error_offset"], row["error_path"]) == (
        "TruncatedDataError",
        raised.value.offset,
        raised.value.path,
    )
    assert row["Modality"] == "MR" and row["Rows"] == 64
    assert row["read_end"] == 1488  # where the reading stopped: the Pixel Data element
    assert [p["kind"] for p in row["problems"]] == ["value-cut-off"]
    assert pydicom.dcmread(path, stop_before_pixels=True).Rows == 64


def test_unreadable_and_not_dicom_files_are_rows(tmp_path):
    (tmp_path / "notes.txt.bin").write_text("not DICOM at all" * 20)
    assert read_row(tmp_path / "missing.dcm")["status"] == "unreadable"
    assert read_row(tmp_path)["status"] == "unreadable"
    row = read_row(tmp_path / "notes.txt.bin")
    assert row["status"] == "not-dicom" and row["error_class"] == "InvalidDicomError"


def test_problems_are_capped_with_a_flag(tmp_path, monkeypatch):
    from dicomconstruct.index import row as row_module

    monkeypatch.setattr(row_module, "MAX_PROBLEMS", 1)
    row = read_row(ROOT / "testdata" / "malformed" / "odd_vr_bytes.dcm")
    assert len(row["problems"]) == 1 and row["problems_truncated"] is True


def test_check_all_inspects_files_the_reader_reads_silently():
    path = ROOT / "testdata" / "malformed" / "odd_length.dcm"
    assert read_row(path)["status"] == "ok"
    row = read_row(path, check="all")
    assert row["status"] == "warning"
    assert [p["kind"] for p in row["problems"]] == ["odd-length"]
    assert read_row(get_testdata_file("CT_small.dcm"), check="all")["status"] == "ok"


def test_header_json_is_the_header_as_pydicom_reads_it():
    path = get_testdata_file("CT_small.dcm")
    row = read_row(path, header="json", private="json")
    header = json.loads(row["header_json"])
    theirs = pydicom.dcmread(path, stop_before_pixels=True)
    back = pydicom.Dataset.from_json(
        {k: v for k, v in header.items() if "BulkDataURI" not in v},
    )
    for elem in theirs:
        if elem.VR in ("OB", "OW", "UN") and len(elem.value) > 768:
            continue
        assert back[elem.tag].value == elem.value, elem.tag
    assert header["7FE00010"]["BulkDataURI"].startswith(f"{path}#offset=")
    private = json.loads(row["private_json"])
    assert private and all(int(key[:4], 16) % 2 == 1 for key in private)
    creators = [e.value for e in theirs if e.tag.is_private and 0x10 <= e.tag.element <= 0xFF]
    assert row["private_creators"] == creators


def test_tags_are_named_by_keyword_and_sequences_become_json():
    columns = {c.name: c for c in tag_columns("core,ReferencedImageSequence,00180050")}
    assert set(CORE_TAGS) <= set(columns)
    assert "ReferencedImageSequence_json" in columns and "SliceThickness" in columns
    with pytest.raises(ValueError, match="private"):
        tag_columns("00091001")
    with pytest.raises(ValueError, match="unknown attribute"):
        tag_columns("NotAKeyword")
    path = get_testdata_file("MR_small.dcm")
    row = read_row(path, tags="Modality,ReferencedImageSequence")
    theirs = pydicom.dcmread(path, stop_before_pixels=True)
    assert ("ReferencedImageSequence" in theirs) == (
        row["ReferencedImageSequence_json"] is not None
    )


# -- building ------------------------------------------------------------------------------------
@pytest.fixture
def archive(tmp_path):
    src = tmp_path / "archive"
    (src / "a" / "b").mkdir(parents=True)
    names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "MR_truncated.dcm", "JPEG2000.dcm"]
    for i, name in enumerate(names):
        target = src / ("a/b" if i % 2 else "a") / name
        target.write_bytes(Path(get_testdata_file(name)).read_bytes())
    (src / "README").write_text("not an image")
    (src / "a" / "empty.dcm").write_bytes(b"")
    return src


def test_build_writes_one_row_per_file_with_one_schema(archive, tmp_path):
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{archive / 'a' / 'CT_small.dcm'}\n{tmp_path / 'gone.dcm'}\n")
    out = tmp_path / "index"
    summary = build(
        [archive, f"{archive}/**/*.dcm", f"@{listing}"],
        out,
        scheduler="serial",
        files_per_partition=2,
    )
    table = _table(out)
    paths = table.column("path").to_pylist()
    assert len(paths) == len(set(paths)) == summary["files"] == 8  # 7 files and gone.dcm
    assert summary["duplicates"] == 7  # 6 by the glob, 1 by the listing
    statuses = dict(zip(paths, table.column("status").to_pylist(), strict=True))
    assert statuses[str(tmp_path / "gone.dcm")] == "unreadable"
    assert statuses[str(archive / "README")] == "not-dicom"
    assert statuses[str(archive / "a" / "b" / "MR_truncated.dcm")] == "error"
    assert summary["status"]["ok"] == 4
    parts = sorted(out.glob("part-*.parquet"))
    assert len(parts) == summary["parts"] == 4
    for part in parts:
        assert pq.read_schema(part).remove_metadata().equals(schema())
        assert pq.ParquetFile(part).metadata.row_group(0).column(0).compression == "ZSTD"
    assert not list(tmp_path.glob(".index.*"))  # nothing left beside the index
    assert json.loads((out / "_index.json").read_text())["files"] == 8


def test_the_process_pool_gives_the_rows_of_a_serial_run(archive, tmp_path):
    serial = build([archive], tmp_path / "serial", scheduler="serial")
    pooled = build([archive], tmp_path / "pool", jobs=2, files_per_partition=1)
    assert pooled["scheduler"] == "processes" and os.getpid() not in pooled["worker_pids"]
    drop = ["indexed_at"]

    def rows(out):
        return sorted(_table(out).drop_columns(drop).to_pylist(), key=lambda r: r["path"])

    assert rows(tmp_path / "serial") == rows(tmp_path / "pool")
    assert serial["status"] == pooled["status"]


def test_a_killed_build_resumes_from_its_parts(archive, tmp_path):
    out = tmp_path / "index"

    def stop_after_first_part(progress):
        if progress["parts"] == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(
            [archive],
            out,
            scheduler="serial",
            files_per_partition=3,
            progress=stop_after_first_part,
        )
    assert not out.exists()
    staging = tmp_path / ".index.partial"
    assert len(list(staging.glob("part-*.parquet"))) == 1
    summary = build([archive], out, scheduler="serial", files_per_partition=3)
    assert summary["resumed_parts"] == 1
    assert (summary["carried"], summary["read"]) == (3, 4)
    paths = _table(out).column("path").to_pylist()
    assert len(paths) == len(set(paths)) == 7
    assert not staging.exists()


def test_incremental_rereads_only_new_and_changed_files(archive, tmp_path):
    out = tmp_path / "index"
    build([archive], out, scheduler="serial")
    before = {r["path"]: r for r in _table(out).to_pylist()}
    changed = archive / "a" / "CT_small.dcm"
    os.utime(changed, ns=(10**18, 10**18))
    (archive / "a" / "b" / "MR_small.dcm").unlink()
    added = archive / "new.dcm"
    added.write_bytes(Path(get_testdata_file("rtdose.dcm")).read_bytes())
    summary = build([archive], out, scheduler="serial", incremental=True)
    assert (summary["read"], summary["carried"], summary["files"]) == (2, 5, 7)
    after = {r["path"]: r for r in _table(out).to_pylist()}
    assert set(after) == set(before) - {str(archive / "a" / "b" / "MR_small.dcm")} | {str(added)}
    assert after[str(changed)]["mtime_ns"] == 10**18
    assert after[str(changed)]["indexed_at"] > before[str(changed)]["indexed_at"]
    unchanged = str(archive / "a" / "rtplan.dcm")
    assert after[unchanged]["indexed_at"] == before[unchanged]["indexed_at"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "index"]


# -- object stores: ranged reads -----------------------------------------------------------------
def test_an_object_store_is_read_by_ranges_grown_until_the_header_is_whole(tmp_path, monkeypatch):
    fsspec = pytest.importorskip("fsspec", reason="the remote extra (fsspec) does not install")
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.private_block(0x0011, "INDEX TEST", create=True).add_new(0x01, "OB", b"\1" * 200_000)
    ds.PixelData = b"\0" * 4_000_000
    ds.Rows, ds.Columns = 1000, 2000
    ds.save_as(tmp_path / "big.dcm")
    data = (tmp_path / "big.dcm").read_bytes()
    memory = fsspec.filesystem("memory")
    memory.pipe("/archive/big.dcm", data)
    memory.pipe("/archive/cut.dcm", data[:150_000])
    ranges = []
    real = type(memory).cat_file

    def cat_file(self, path, start=None, end=None, **kwargs):
        ranges.append((path.rsplit("/", 1)[-1], start, end))
        return real(self, path, start=start, end=end, **kwargs)

    monkeypatch.setattr(type(memory), "cat_file", cat_file)
    out = tmp_path / "index"
    summary = build(["memory://archive"], out, scheduler="serial", header="json")
    rows = {r["path"]: r for r in _table(out).to_pylist()}
    big = rows["memory:///archive/big.dcm"]
    assert big["status"] == "ok" and big["Rows"] == 1000 and big["size"] == len(data)
    assert [r[1:] for r in ranges if r[0] == "big.dcm"] == [(0, 65536), (0, 262144)]
    assert big["read_end"] < 262144 < len(data)
    assert json.loads(big["header_json"])["00111101"]["BulkDataURI"]  # block 11 of (0011,xx)
    cut = rows["memory:///archive/cut.dcm"]
    assert cut["status"] == "error" and cut["error_class"] == "TruncatedDataError"
    assert summary["files"] == 2


# -- the command line ----------------------------------------------------------------------------
def test_cli_exits_0_with_broken_files_unless_told_otherwise(archive, tmp_path, capsys):
    out = tmp_path / "index"
    args = [str(archive), "-o", str(out), "--jobs", "1", "--progress", "off"]
    assert index_cli.main(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"]["error"] == 1 and summary["files"] == 7
    assert index_cli.main(args + ["--fail-on", "error"]) == 1
    capsys.readouterr()
    assert index_cli.main(args + ["--tags", "Modality,NotAKeyword"]) == 2
    assert "unknown attribute 'NotAKeyword'" in capsys.readouterr().err
    assert index_cli.main(args + ["--tags", "Modality,Rows", "--progress", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.err.splitlines()[-1])["phase"] == "done"
    assert _table(out).column_names[-2:] == ["Modality", "Rows"]


def test_python_m_dicomconstruct_index_runs(archive, tmp_path):
    out = tmp_path / "index"
    done = subprocess.run(
        [sys.executable, "-m", "dicomconstruct.index", str(archive), "-o", str(out), "-j", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["files"] == 7 and done.stderr == ""


def test_a_missing_extra_is_one_line_saying_what_to_install(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError) as raised:
        require("pyarrow.parquet")
    assert "\n" not in str(raised.value)
    assert "pip install 'dicomconstruct[index]'" in str(raised.value)
    assert index_cli.main([str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_build_never_replaces_a_folder_that_is_not_an_index(archive, tmp_path):
    # -o naming the user's data folder by mistake: refused, and every file in it kept
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="is not an index"):
        build([archive], mine, scheduler="serial")
    assert (mine / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    out = tmp_path / "index"  # an index is replaced by a new build, as before
    build([archive], out, scheduler="serial")
    build([archive], out, scheduler="serial")
    assert _table(out).num_rows == 7
