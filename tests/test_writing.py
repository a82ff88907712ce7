"""Writing: byte-identical round trips of the whole corpus, conformant files that dcmtk reads,
transfer-syntax conversion, and nothing lost when a write fails (PS3.10 §7, PS3.5 §7)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from dicomconstruct import (
    DataElement,
    Dataset,
    DicomError,
    FileMetaDataset,
    Sequence,
    config,
    dcmread,
)
from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import MissingFileMetaError
from dicomconstruct.filewriter import (
    IMPLEMENTATION_CLASS_UID,
    _swap_width,
    _Writer,
    dcmwrite,
    validate_file_meta,
    write_dataset,
    write_file_meta_info,
)
from dicomconstruct.layouts import UNDEFINED_LENGTH, encoding
from dicomconstruct.values import swap_bytes

from .conftest import CORPUS, corpus_params
from .test_corpus import TRUNCATED

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
SYNTAXES = {
    "implicit VR LE": "1.2.840.10008.1.2",
    "explicit VR LE": EXPLICIT_LE,
    "explicit VR BE": "1.2.840.10008.1.2.2",
    "deflated explicit VR LE": "1.2.840.10008.1.2.1.99",
}


def _read(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dcmread(path, force=True, **kwargs)


def _written(ds, **kwargs) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dcmwrite(out, ds, **kwargs)
    return out.getvalue()


def _decode_everything(ds) -> None:
    str(ds)
    for elem in ds.iterall():
        elem.value  # noqa: B018 - decoding is the point
    for elem in ds.file_meta:
        elem.value  # noqa: B018


def _readable(path) -> bool:
    return path.name not in TRUNCATED


# ---------------------------------------------------------------------------------------------
# write_like_original: what was read comes back byte for byte
@corpus_params()
def test_corpus_file_written_back_untouched_is_byte_identical(path):
    if not _readable(path):
        pytest.skip("strict reading raises on this file (test_corpus checks where)")
    assert _written(_read(path)) == path.read_bytes()


@corpus_params()
def test_corpus_file_written_back_after_decoding_every_value_is_byte_identical(path):
    if not _readable(path):
        pytest.skip("strict reading raises on this file (test_corpus checks where)")
    ds = _read(path)
    try:
        _decode_everything(ds)
    except DicomError:
        # a fault inside a lazily read sequence (test_corpus checks it): nothing more decodes
        pytest.skip("a value of this file cannot be decoded")
    assert _written(ds) == path.read_bytes()


def test_every_readable_corpus_file_round_trips_byte_identically_touched_or_not():
    untouched = decoded = readable = 0
    for path in CORPUS:
        if not _readable(path):
            continue
        readable += 1
        original = path.read_bytes()
        untouched += _written(_read(path)) == original
        ds = _read(path)
        try:
            _decode_everything(ds)
        except DicomError:
            continue
        decoded += _written(ds) == original
    print(f"{readable} readable corpus files: {untouched} identical untouched, {decoded} decoded")
    assert untouched == readable
    # one file has a fault inside a lazily read sequence, so its values cannot all be decoded
    assert decoded >= readable - 1
    assert readable >= 250


TESTDATA_FILES = sorted(TESTDATA.rglob("*.dcm"))


@pytest.mark.parametrize("path", TESTDATA_FILES, ids=[p.name for p in TESTDATA_FILES])
def test_testdata_file_round_trips(path):
    try:
        ds = _read(path)
    except DicomError:
        pytest.skip("strict reading raises on this malformed file (test_testdata checks it)")
    assert _written(ds) == path.read_bytes()


# ---------------------------------------------------------------------------------------------
# the writer's bytes are the bytes the construct layouts build
@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm"])
def test_each_written_element_is_what_the_data_element_layout_builds(name):
    path = next(p for p in CORPUS if p.name == name)
    ds = _read(path)
    enc = encoding(not ds.is_implicit_VR, ds.is_little_endian)
    for elem in ds:
        out: list = []
        _Writer(out, True, False).element(ds, elem, enc)
        written = b"".join(out)
        parsed = enc.element.parse(written)
        if parsed.header.length == UNDEFINED_LENGTH:
            assert enc.element.build(parsed) == written, elem.tag
            continue
        # rebuilt from tag, VR and value alone: the layout computes the length (Rebuild)
        header = {"group": parsed.header.group, "element": parsed.header.element}
        if enc.explicit_vr:
            header["VR"] = parsed.header.VR
        assert enc.element.build({"header": header, "value": parsed.value}) == written, elem.tag


# ---------------------------------------------------------------------------------------------
# edits re-encode what changed and the lengths around it, nothing else
def test_a_changed_value_re_encodes_only_its_element():
    path = next(p for p in CORPUS if p.name == "CT_small.dcm")
    original = path.read_bytes()
    ds = _read(path)
    ds.PatientName = "Citizen^Jan"
    written = _written(ds)
    old = bytes(ds.get_item("PatientName").raw or b"")
    assert old == b""  # the element no longer holds the bytes read
    back = dcmread(io.BytesIO(written))
    assert back.PatientName == "Citizen^Jan"
    before, after = original.split(b"CompressedSamples^CT1")  # the old name, padded
    start = len(before)
    assert written[: start - 2] == original[: start - 2]  # everything before its length
    assert written.endswith(after[1:]) or written.endswith(after)


def test_editing_a_multi_value_in_place_is_written():
    ds = _read(next(p for p in CORPUS if p.name == "CT_small.dcm"))
    ds.ImageType[1] = "SECONDARY"
    ds.ImageType.append("EXTRA")
    back = dcmread(io.BytesIO(_written(ds)))
    assert list(back.ImageType) == ["ORIGINAL", "SECONDARY", "AXIAL", "EXTRA"]


def test_group_length_is_updated_when_its_group_changes_and_kept_otherwise():
    path = next(p for p in CORPUS if p.name == "ExplVR_BigEnd.dcm")
    ds = _read(path)
    group_length = ds[0x00080000].value
    assert _written(ds) == path.read_bytes()
    ds.InstitutionName = "A much longer institution name"  # was shorter: the group grows
    grown = len(b"A much longer institution name") - len(ds.get_item(0x00080080).value)
    back = dcmread(io.BytesIO(_written(ds)))
    old = _read(path)
    delta = len(b"A much longer institution name") - len(old.get_item(0x00080080).raw)
    assert back[0x00080000].value == group_length + delta
    assert grown == 0  # (the element holds the new value)


def test_a_wrong_group_length_is_kept_while_its_group_keeps_its_size():
    ds = Dataset()
    ds.add_new(0x00080000, "UL", 999)  # wrong on purpose
    ds.PatientID = "1234"
    raw = _written(ds, implicit_vr=False, little_endian=True)
    read = dcmread(io.BytesIO(raw), force=True)
    assert read[0x00080000].value == 0  # a new dataset: computed (8 bytes of group 8: none)
    # a file with a wrong group length read back keeps it while the group keeps its size
    wrong = bytearray(raw)
    wrong[8:12] = (999).to_bytes(4, "little")
    read = dcmread(io.BytesIO(bytes(wrong)), force=True)
    assert _written(read) == bytes(wrong)
    read.PatientID = "12345678"  # group 0010 grows; group 0008 keeps its wrong length
    assert dcmread(io.BytesIO(_written(read)), force=True)[0x00080000].value == 999


def test_sequence_edits_recompute_item_and_sequence_lengths():
    path = next(p for p in CORPUS if p.name == "rtplan.dcm")
    ds = _read(path)
    beams = ds.BeamSequence
    assert not ds["BeamSequence"].is_undefined_length
    beams.append(Dataset(BeamName="Extra", BeamNumber=99))
    beams[0].BeamName = "Renamed beam"
    back = dcmread(io.BytesIO(_written(ds)))
    assert len(back.BeamSequence) == len(beams)
    assert back.BeamSequence[-1].BeamName == "Extra"
    assert back.BeamSequence[0].BeamName == "Renamed beam"
    assert back.FractionGroupSequence == ds.FractionGroupSequence


def test_undefined_lengths_stay_undefined_and_defined_stay_defined():
    ds = _read(TESTDATA / "undefined_length_sq.dcm")
    undefined = [e.tag for e in ds.iterall() if e.VR == "SQ" and e.is_undefined_length]
    assert undefined
    ds.PatientID = "changed"
    back = dcmread(io.BytesIO(_written(ds)))
    assert [e.tag for e in back.iterall() if e.VR == "SQ" and e.is_undefined_length] == undefined


def test_un_stays_un_when_written_like_the_original():
    path = next(p for p in CORPUS if p.name == "explicit_VR-UN.dcm")
    ds = _read(path)
    _decode_everything(ds)
    file_vrs = [e.file_VR for e in ds]
    assert "UN" in file_vrs
    back = dcmread(io.BytesIO(_written(ds)))
    assert [e.file_VR for e in back] == file_vrs


def test_deflated_file_is_written_back_as_read_and_recompressed_when_changed():
    path = next(p for p in CORPUS if p.name == "image_dfl.dcm")
    ds = _read(path)
    assert _written(ds) == path.read_bytes()
    assert ds.trailing_bytes
    ds.PatientName = "Changed^Name"
    written = _written(ds)
    assert written.endswith(ds.trailing_bytes)
    back = dcmread(io.BytesIO(written))
    assert back.PatientName == "Changed^Name"
    assert back.PixelData == ds.PixelData


def test_empty_values_are_written_with_zero_length():
    ds = Dataset()
    ds.PatientName = None
    ds.ImageType = []
    ds.PatientID = ""
    ds.ReferencedImageSequence = None
    raw = _written(ds, implicit_vr=False, little_endian=True)
    assert raw == (
        b"\x08\x00\x08\x00CS\x00\x00"
        + b"\x08\x00\x40\x11SQ\x00\x00\x00\x00\x00\x00"
        + b"\x10\x00\x10\x00PN\x00\x00"
        + b"\x10\x00\x20\x00LO\x00\x00"
    )
    assert dcmread(io.BytesIO(raw), force=True).ReferencedImageSequence == []


# ---------------------------------------------------------------------------------------------
# write_like_original=False: conformant Part 10 files
def _conformant(path) -> bytes:
    ds = _read(path)
    if not ds.file_meta.get("TransferSyntaxUID"):
        ds.file_meta.TransferSyntaxUID = (
            ("1.2.840.10008.1.2" if ds.is_implicit_VR else EXPLICIT_LE)
            if ds.is_little_endian
            else "1.2.840.10008.1.2.2"
        )
    for keyword in ("SOPClassUID", "SOPInstanceUID"):
        if keyword not in ds and not ds.file_meta.get(f"MediaStorage{keyword}"):
            setattr(ds.file_meta, f"MediaStorage{keyword}", "1.2.3.4")  # a DICOMDIR has none
    return _written(ds, write_like_original=False)


DCMDUMP = shutil.which("dcmdump")


@corpus_params()
def test_conformant_rewrite_has_preamble_meta_and_the_same_values(path, tmp_path):
    if not _readable(path):
        pytest.skip("strict reading raises on this file (test_corpus checks where)")
    try:
        _decode_everything(_read(path))
    except DicomError:
        with pytest.raises(DicomError):  # a conformant file cannot be made of broken items
            _conformant(path)
        return
    written = _conformant(path)
    assert written[:132] == (_read(path).preamble or b"\0" * 128) + b"DICM"
    back = dcmread(io.BytesIO(written))
    meta = back.file_meta
    assert meta.ImplementationClassUID == IMPLEMENTATION_CLASS_UID
    assert meta.FileMetaInformationVersion
    group_end = 144 + meta.FileMetaInformationGroupLength
    assert written[group_end : group_end + 2] != b"\x02\x00"  # the group ends where it says
    # every value as it was (group lengths recomputed; private and UN values are padded to
    # even length, PS3.5 §7.1.1, and are left out)
    assert _values(back) == _values(_read(path))
    if DCMDUMP:
        target = tmp_path / "out.dcm"
        target.write_bytes(written)
        result = subprocess.run(
            [DCMDUMP, "-q", str(target)], capture_output=True, text=True, errors="replace"
        )
        assert result.returncode == 0, result.stderr
        assert "E: " not in result.stderr


@pytest.mark.skipif(
    DCMDUMP is None, reason="dcmtk's dcmdump is not installed (.ci/run installs it)"
)
@pytest.mark.parametrize("syntax", SYNTAXES.values(), ids=SYNTAXES.keys())
def test_dcmdump_reads_every_syntax_we_convert_to(syntax, tmp_path):
    ds = _read(next(p for p in CORPUS if p.name == "rtplan.dcm"))
    ds.file_meta.TransferSyntaxUID = syntax
    target = tmp_path / "out.dcm"
    ds.save_as(target, write_like_original=False)
    result = subprocess.run(
        [DCMDUMP, str(target)], capture_output=True, text=True, errors="replace"
    )
    assert result.returncode == 0, result.stderr
    assert "BeamSequence" in result.stdout


def test_validate_file_meta_names_what_is_missing():
    ds = _read(TESTDATA / "explicit_le.dcm")
    del ds.file_meta
    with pytest.raises(MissingFileMetaError) as info:  # a DicomError and an AttributeError
        ds.save_as(io.BytesIO(), write_like_original=False)
    assert isinstance(info.value, AttributeError) and isinstance(info.value, DicomError)
    assert info.value.message == (
        "Required File Meta Information elements are either missing or have an empty value: "
        "(0002,0010) Transfer Syntax UID"
    )
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = EXPLICIT_LE
    out = io.BytesIO()
    ds.save_as(out, write_like_original=False)
    assert dcmread(io.BytesIO(out.getvalue())).SOPInstanceUID == ds.SOPInstanceUID
    meta = FileMetaDataset()
    with pytest.raises(MissingFileMetaError, match="Media Storage SOP Class UID"):
        validate_file_meta(meta)
    assert meta.ImplementationClassUID == IMPLEMENTATION_CLASS_UID


def test_conformant_meta_refuses_a_sop_uid_that_is_not_text():
    # Found by the fuzzer (tests/fuzz_regressions/sop_instance_uid_with_vr_us.dcm): a SOP UID
    # read with VR US holds numbers, which cannot fill the meta; a DicomError, not TypeError
    ds = _read(TESTDATA / "explicit_le.dcm")
    del ds.file_meta.MediaStorageSOPClassUID
    ds.add(DataElement(0x00080016, "US", 7))
    with pytest.raises(DicomError, match=r"holds int, not a UID: it cannot fill \(0002,0002\)"):
        ds.save_as(io.BytesIO(), enforce_file_format=True)


def test_write_file_meta_info_and_write_dataset():
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = "1.2.3"
    meta.TransferSyntaxUID = EXPLICIT_LE
    out = io.BytesIO()
    size = write_file_meta_info(out, meta)
    assert size == len(out.getvalue())
    assert int.from_bytes(out.getvalue()[8:12], "little") == size - 12
    ds = Dataset(PatientName="Doe^John", PatientID="42")
    out = io.BytesIO()
    size = write_dataset(out, ds, implicit_vr=True, little_endian=True)
    assert out.getvalue() == (
        b"\x10\x00\x10\x00\x08\x00\x00\x00Doe^John" + b"\x10\x00\x20\x00\x02\x00\x00\x0042"
    )
    assert size == 26


def test_write_file_meta_info_updates_a_group_length_given_in_either_mode():
    for enforce in (True, False):
        meta = FileMetaDataset()
        meta.FileMetaInformationGroupLength = 100  # not the group's length
        meta.MediaStorageSOPClassUID = "1.1"
        meta.MediaStorageSOPInstanceUID = "1.2"
        meta.TransferSyntaxUID = "1.3"
        out = io.BytesIO()
        size = write_file_meta_info(out, meta, enforce_standard=enforce)
        assert int.from_bytes(out.getvalue()[8:12], "little") == size - 12
        assert meta.FileMetaInformationGroupLength == size - 12  # the meta given says it too


def test_write_dataset_without_any_encoding_is_pydicoms_attribute_error():
    ds = Dataset(PatientName="Doe^John")
    with pytest.raises(AttributeError, match="'fp.is_implicit_VR' and 'fp.is_little_endian'"):
        write_dataset(io.BytesIO(), ds)
    ds._is_implicit_VR, ds._is_little_endian = True, True  # pydicom's private attributes
    out = io.BytesIO()
    write_dataset(out, ds)
    assert out.getvalue()[:8] == b"\x10\x00\x10\x00\x08\x00\x00\x00"  # implicit VR


def test_meta_and_command_elements_added_to_the_data_set_are_refused():
    ds = Dataset(PatientName="Doe^John")
    ds.TransferSyntaxUID = EXPLICIT_LE  # belongs in file_meta (PS3.10 §7.1)
    with pytest.raises(DicomError, match=r"\(0002,eeee\) must be in a FileMetaDataset"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True)
    del ds.TransferSyntaxUID
    ds.MessageID = 1
    with pytest.raises(DicomError, match=r"Command Set elements \(0000,eeee\) are not allowed"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True)


def test_a_conformant_write_completes_the_meta_from_the_encoding_and_the_data_set():
    ds = Dataset(SOPClassUID="1.2", SOPInstanceUID="1.2.3")
    for implicit, little, syntax in (
        (True, True, "1.2.840.10008.1.2"),
        (False, False, "1.2.840.10008.1.2.2"),
    ):
        out = io.BytesIO()
        dcmwrite(out, ds, implicit_vr=implicit, little_endian=little, enforce_file_format=True)
        meta = dcmread(io.BytesIO(out.getvalue())).file_meta
        assert meta.TransferSyntaxUID == syntax
        assert (meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID) == ("1.2", "1.2.3")
    assert not hasattr(ds, "file_meta")  # the data set written is unchanged
    # explicit VR little endian is also the deflated and encapsulated syntaxes': not guessed
    with pytest.raises(MissingFileMetaError, match=r"\(0002,0010\) Transfer Syntax UID"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=False, enforce_file_format=True)
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPInstanceUID = "9.9"  # not the data set's SOP instance
    ds.file_meta.TransferSyntaxUID = EXPLICIT_LE
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=True)
    assert dcmread(io.BytesIO(out.getvalue())).file_meta.MediaStorageSOPInstanceUID == "1.2.3"
    assert ds.file_meta.MediaStorageSOPInstanceUID == "9.9"


def test_a_deleted_preamble_writes_neither_preamble_nor_prefix():
    ds = _read(TESTDATA / "explicit_le.dcm")
    del ds.preamble
    out = io.BytesIO()
    dcmwrite(out, ds)
    assert out.getvalue()[:4] != b"DICM" and out.getvalue()[128:132] != b"DICM"
    back = dcmread(io.BytesIO(out.getvalue()), force=True)
    assert back.preamble is None and back.PatientName == ds.PatientName


def test_a_public_uid_that_is_no_transfer_syntax_is_refused():
    ds = Dataset(PatientName="Doe^John")
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.5.1.4.1.1.2"  # CT Image Storage
    with pytest.raises(DicomError, match="'CT Image Storage' is not a valid transfer syntax"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=False, little_endian=True)


# ---------------------------------------------------------------------------------------------
# transfer syntax conversion
def _values(ds, prefix="") -> dict:
    """Every value, bytes in little-endian order, keyed by its path; what an implicit VR
    encoding cannot keep (VRs of private elements, ambiguous LUT Data) left out."""
    found = {}
    for elem in ds:
        if elem.tag.element == 0:
            continue
        if elem.VR == "SQ":
            for index, item in enumerate(elem.value):
                found.update(_values(item, f"{prefix}{elem.tag}/{index}/"))
            continue
        value = elem.value
        if isinstance(value, bytes) and not ds.is_little_endian and not elem.is_undefined_length:
            value = swap_bytes(value, _swap_width(elem.VR))
        if elem.tag.is_private or elem.VR == "UN" or elem.tag == 0x00283006:
            continue
        found[f"{prefix}{elem.tag}"] = value
    return found


UNCOMPRESSED = [
    p
    for p in CORPUS
    if p.name
    in {
        "CT_small.dcm",
        "MR_small.dcm",
        "MR_small_bigendian.dcm",
        "MR_small_implicit.dcm",
        "rtplan.dcm",
        "rtdose.dcm",
        "image_dfl.dcm",
        "SC_rgb_small_odd.dcm",
        "SC_rgb_small_odd_big_endian.dcm",
        "ExplVR_BigEnd.dcm",
        "emri_small.dcm",
        "chrH31.dcm",
        "nested_priv_SQ.dcm",
        "OBXXXX1A.dcm",
    }
]


@pytest.mark.parametrize("path", UNCOMPRESSED, ids=[p.name for p in UNCOMPRESSED])
@pytest.mark.parametrize("syntax", SYNTAXES.values(), ids=SYNTAXES.keys())
def test_conversion_keeps_every_value(path, syntax):
    reference = _values(_read(path))
    ds = _read(path)
    ds.file_meta.TransferSyntaxUID = syntax
    back = dcmread(io.BytesIO(_written(ds)))
    assert back.file_meta.TransferSyntaxUID == syntax
    assert _values(back) == reference


def test_conversion_resolves_ambiguous_vrs_on_the_way_to_explicit():
    path = next(p for p in CORPUS if p.name == "MR_small_implicit.dcm")
    ds = _read(path)
    ds.file_meta.TransferSyntaxUID = EXPLICIT_LE
    back = dcmread(io.BytesIO(_written(ds)))
    assert back.get_item(0x7FE00010).file_VR == "OW"  # Bits Allocated 16 (PS3.5 §A.2)
    assert back.get_item(0x00280106).file_VR == "SS"  # Pixel Representation 1


def test_a_value_too_long_for_a_16_bit_length_is_written_as_un():
    ds = Dataset()
    ds.add_new(0x00091010, "US", list(range(40000)))  # 80,000 bytes
    with pytest.warns(UserWarning, match="exceeds the size of 64 kByte.*changed from .* to .UN."):
        raw = write_to_bytes(ds)
    assert raw[4:6] == b"UN"


def write_to_bytes(ds) -> bytes:
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    return out.getvalue()


def test_encapsulated_pixel_data_is_written_fragment_by_fragment():
    ds = _read(TESTDATA / "encapsulated.dcm")
    pixels = ds.get_item(0x7FE00010)
    fragments = list(pixels.encapsulated.fragments)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.50"
    ds.PatientID = "x"
    back = dcmread(io.BytesIO(_written(ds)))
    assert list(back.get_item(0x7FE00010).encapsulated.fragments) == fragments


def test_conflicting_encoding_arguments_raise():
    ds = _read(TESTDATA / "explicit_le.dcm")
    with pytest.raises(DicomError, match="implicit_vr"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True)


# ---------------------------------------------------------------------------------------------
# nothing lost
def test_a_value_that_cannot_be_encoded_raises_before_anything_is_written(tmp_path):
    target = tmp_path / "existing.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", target)
    before = target.read_bytes()
    ds = _read(target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.PatientName = "x" * 70  # PS3.5 Table 6.2-1: 64 characters per component group
    with config.strict_writing(), pytest.raises(DicomError) as info:
        ds.save_as(target)
    assert "(0010,0010)" in str(info.value) and "PN" in str(info.value)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["existing.dcm"]  # no temporary file left behind
    out = io.BytesIO()
    with config.strict_writing(), pytest.raises(DicomError):
        ds.save_as(out)
    assert out.getvalue() == b""


def test_wrong_types_and_characters_raise_naming_tag_and_vr():
    with pytest.raises(TypeError, match=r"\(US\)"):  # a wrong type is refused when assigned
        Dataset().Rows = "not a number"
    for keyword, value, vr in (
        ("PatientID", ["back\\slash"], "LO"),  # one value holding a backslash (PS3.5 §6.4)
        ("Modality", "lower case ok?", "CS"),
        ("StudyDate", "2024-01-01", "DA"),
    ):
        ds = Dataset()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            setattr(ds, keyword, value)
        with config.strict_writing(), pytest.raises(DicomError, match=rf"\({vr}\)"):
            write_to_bytes(ds)


@pytest.mark.parametrize(
    "keyword, value, vr",
    [("Modality", "lower case ok?", "CS"), ("PatientName", "x" * 70, "PN")],
)
def test_text_outside_its_vr_is_written_with_a_warning_unless_writing_is_strict(keyword, value, vr):
    # as pydicom: config.settings.writing_validation_mode WARN (the default) writes the text
    # as given and warns naming the element, IGNORE writes it silently, RAISE refuses it
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        setattr(ds, keyword, value)
    with pytest.warns(UserWarning, match=rf"\({vr}\)"):
        written = write_to_bytes(ds)
    assert getattr(dcmread(io.BytesIO(written), force=True), keyword) == value
    with config.disable_value_validation(), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert write_to_bytes(ds) == written
    with config.strict_writing(), pytest.raises(DicomError, match=rf"\({vr}\)"):
        write_to_bytes(ds)


def test_a_value_the_vr_cannot_hold_is_refused_whatever_the_writing_mode():
    # a number past the VR's range has no bytes to write as given: always a DicomError
    elem = DataElement(0x00280010, "US", 1)
    elem._value = 70000  # past the check made when a value is assigned
    ds = Dataset()
    ds.add(elem)
    with config.disable_value_validation(), pytest.raises(DicomError, match=r"\(US\)"):
        write_to_bytes(ds)


def test_writing_to_a_path_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", target)
    os.chmod(target, 0o640)
    ds = _read(target)
    ds.PatientID = "new"
    ds.save_as(target)
    assert dcmread(target).PatientID == "new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    with pytest.raises(FileExistsError):
        ds.save_as(target, overwrite=False)
    with open(tmp_path / "file-like.dcm", "wb") as file:
        ds.save_as(file)
    assert (tmp_path / "file-like.dcm").read_bytes() == target.read_bytes()


def test_enforce_file_format_is_the_inverse_of_write_like_original():
    ds = _read(get_testdata_file("no_preamble.dcm"))
    assert ds.preamble is None
    ds.file_meta.TransferSyntaxUID = EXPLICIT_LE
    assert _written(ds, enforce_file_format=True)[:132] == b"\0" * 128 + b"DICM"
    like_original = _written(ds, enforce_file_format=False)
    assert like_original.startswith(b"\x02\x00\x10\x00UI")  # no preamble or prefix, as read
    with pytest.raises(ValueError):
        dcmwrite(io.BytesIO(), ds, write_like_original=True, enforce_file_format=True)


def test_new_dataset_with_a_sequence_round_trips():
    ds = Dataset()
    ds.PatientName = "Doe^Jane"
    ds.OtherPatientIDsSequence = [Dataset(PatientID="A"), Dataset(PatientID="B")]
    item = ds.OtherPatientIDsSequence[1]
    item.OtherPatientIDsSequence = Sequence([Dataset(PatientID="C")])
    item.OtherPatientIDsSequence.is_undefined_length = True
    ds[0x00101002].is_undefined_length = True
    ds.OtherPatientIDsSequence[0].is_undefined_length_sequence_item = True
    with pytest.raises(DicomError, match="Implicit VR and big endian is not a valid"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True, little_endian=False)  # PS3.5 §10.1
    for implicit, little in ((True, True), (False, True), (False, False)):
        out = io.BytesIO()
        dcmwrite(out, ds, implicit_vr=implicit, little_endian=little)
        back = dcmread(io.BytesIO(out.getvalue()), force=True)
        assert back == ds
        assert back[0x00101002].is_undefined_length
        assert back.OtherPatientIDsSequence[0].is_undefined_length_sequence_item


def test_data_element_build_computes_lengths_from_the_value():
    enc = encoding(True, True)
    built = enc.element.build(
        {"header": {"group": 0x10, "element": 0x10, "VR": b"PN"}, "value": b"Doe^J "}
    )
    assert built == b"\x10\x00\x10\x00PN\x06\x00Doe^J "
    long = enc.element.build(
        {"header": {"group": 0x7FE0, "element": 0x10, "VR": b"OB"}, "value": b"\x01\x02"}
    )
    assert long == b"\xe0\x7f\x10\x00OB\x00\x00\x02\x00\x00\x00\x01\x02"
    elem = DataElement(0x00100010, "PN", "Doe^J")
    assert elem.value == "Doe^J"


def test_deferred_values_are_streamed_from_their_file_when_written(tmp_path):
    import tracemalloc

    ds = Dataset()
    ds.PatientName = "Big^File"
    ds.PixelData = b"\x01\x02" * (8 << 20)  # 16 MB
    source = tmp_path / "big.dcm"
    ds.save_as(source, implicit_vr=False, little_endian=True)
    del ds
    deferred = dcmread(source, defer_size="1 MB", force=True)
    assert deferred.get_item("PixelData").is_deferred
    deferred.PatientName = "Changed"
    tracemalloc.start()
    try:
        deferred.save_as(tmp_path / "copy.dcm")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # pieces of 1 MB, never the 16 MB value
    back = dcmread(tmp_path / "copy.dcm", force=True)
    assert back.PatientName == "Changed"
    assert back.PixelData == b"\x01\x02" * (8 << 20)


# ---------------------------------------------------------------------------------------------
# Written like the original, every file the strict reader accepts comes back byte for byte
# (issue 12, item 6): inputs the fuzzers found (tests/fuzz_regressions) and the catalogue's
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
WRITTEN_BACK = [
    # the reserved bytes of explicit 32-bit-length headers (OB, SQ, Pixel Data) that are not
    # 0000H (PS3.5 Table 7.1-1) were written as 0000H
    "long_header_reserved_bytes_not_zero.dcm",
    "sequence_header_reserved_bytes_not_zero.dcm",
    # an Item Delimitation Item whose length bytes begin with 'US' or 'OB' had its length read
    # as a VR's (16 bits, or the next 4 bytes)
    "item_delimiter_length_reads_as_a_vr.dcm",
    # the non-zero length of the Sequence Delimitation Item after Pixel Data was lost
    "pixel_data_delimiter_length_not_zero.dcm",
    # undefined-length Pixel Data with no VR in an explicit header: struct.error on write
    "pixel_data_undefined_length_without_vr.dcm",
    "meta_element_undefined_length_without_vr.dcm",
    # a group length read as a sequence was replaced by a UL: its items were lost
    "group_length_read_as_a_sequence.dcm",
    # bytes after the data set inside a deflate stream were written after the stream
    "deflated_data_set_with_trailing_bytes_inside_the_stream.dcm",
    # a second (0002,0000) restarted the group's span: the first was rewritten
    "meta_group_length_twice.dcm",
    # a wrong group length was kept only while its group's size (as read, up to the trailing
    # bytes, not the end of the file) is the same
    "group_length_wrong_before_trailing_bytes.dcm",
    # a group that comes twice (another group between): each group length has its own span
    "group_length_wrong_in_a_group_read_twice.dcm",
    # a deflated data set whose (0002,0010) has an unknown VR was written uncompressed
    "transfer_syntax_uid_with_unknown_vr_deflated.dcm",
    "transfer_syntax_uid_with_vr_ul.dcm",
    "patient_id_with_unknown_vr_zz.dcm",
]
CATALOGUE = [
    # (0002,0000) OB holding the rest of the meta (740 bytes in, 538 out, in the issue)
    "malformed/meta_group_length_vr_ob.dcm",
    "group_length_empty.dcm",  # written with 4 bytes
    "group_length_vm2.dcm",  # cut to one value
    "malformed/duplicate_tag_not_adjacent.dcm",  # A, B, A' came out as A, A', B
    "malformed/stray_bytes_before_bare_data_set.dcm",
    "malformed/trailing_bytes.dcm",
]


@pytest.mark.parametrize("name", WRITTEN_BACK)
def test_fuzz_found_file_is_written_back_byte_identical(name):
    data = (REGRESSIONS / name).read_bytes()
    assert _written(_read(io.BytesIO(data))) == data
    ds = _read(io.BytesIO(data))
    _decode_everything(ds)
    assert _written(ds) == data


@pytest.mark.parametrize("name", CATALOGUE)
def test_catalogue_file_the_issue_names_is_written_back_byte_identical(name):
    data = (TESTDATA / name).read_bytes()
    ds = _read(io.BytesIO(data))
    _decode_everything(ds)
    assert _written(ds) == data


def test_non_zero_reserved_bytes_are_kept_like_the_original_and_zero_in_a_conformant_write():
    data = (REGRESSIONS / "long_header_reserved_bytes_not_zero.dcm").read_bytes()
    assert data[150:152] == b"\x00\x35"  # (0002,0001) OB
    ds = _read(io.BytesIO(data))
    assert _written(ds)[150:152] == b"\x00\x35"
    conformant = _written(ds, enforce_file_format=True)
    back = _read(io.BytesIO(conformant))
    assert back.PixelData == ds.PixelData
    assert b"OB\x00\x35" not in conformant and b"OB\x08\x00" not in conformant


def test_an_item_delimiter_keeps_its_32_bit_length_whatever_its_bytes_look_like():
    data = (REGRESSIONS / "item_delimiter_length_reads_as_a_vr.dcm").read_bytes()
    ds = _read(io.BytesIO(data))
    ds.PatientName = "Doe^Janet"  # re-encoded: the lengths around it are recomputed
    written = _written(ds)
    assert written.count(b"\xfe\xff\x0d\xe0OB\x00\x00") == 1
    assert written.count(b"\xfe\xff\x0d\xe0US\x00\x00") == 1
    conformant = _written(ds, enforce_file_format=True)
    assert b"\xfe\xff\x0d\xe0OB" not in conformant and b"\xfe\xff\x0d\xe0US" not in conformant


def test_pixel_data_read_without_a_vr_is_written_back_without_and_as_ob_when_conformant():
    data = (REGRESSIONS / "pixel_data_undefined_length_without_vr.dcm").read_bytes()
    ds = _read(io.BytesIO(data))
    assert ds.get_item(0x7FE00010).file_VR is None
    assert _written(ds) == data
    conformant = _written(ds, enforce_file_format=True)
    assert b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff" in conformant
    assert _read(io.BytesIO(conformant)).PixelData == ds.PixelData


def test_a_group_length_read_as_a_sequence_becomes_a_ul_only_in_a_conformant_write():
    data = (REGRESSIONS / "group_length_read_as_a_sequence.dcm").read_bytes()
    ds = _read(io.BytesIO(data))
    assert ds[0x00090000].VR == "SQ"
    assert _written(ds) == data
    with pytest.warns(UserWarning, match=r"group length \(0009,0000\) holds a sequence"):
        out = io.BytesIO()
        dcmwrite(out, ds, enforce_file_format=True)
    back = _read(io.BytesIO(out.getvalue()))
    assert back[0x00090000].VR == "UL"
    assert back[0x00090000].value == 0  # the group has no other element: (0009,0010) was
    # inside the sequence's item, not after it


# ---------------------------------------------------------------------------------------------
# A conformant write emits only the VRs of PS3.5 Table 6.2-1, each with a length its header holds
def test_a_conformant_write_turns_an_unknown_vr_into_un_with_a_warning():
    ds = _read(REGRESSIONS / "patient_id_with_unknown_vr_zz.dcm")
    assert ds.get_item(0x00100020).file_VR == "ZZ"
    with pytest.warns(UserWarning, match=r"\(0010,0020\) has unknown VR 'ZZ': written as UN"):
        out = io.BytesIO()
        dcmwrite(out, ds, enforce_file_format=True)
    conformant = out.getvalue()
    assert b"\x10\x00\x20\x00UN\x00\x00\x06\x00\x00\x00ID0001" in conformant
    assert b"ZZ" not in conformant


def test_a_conformant_write_refuses_an_unknown_vr_of_a_sequence_tag_whose_bytes_are_no_items():
    # (0008,0110) is SQ in the dictionary: written as UN, a reader takes its value for the
    # sequence (PS3.5 §6.2.2) and 'CT' is no items; like the original, it is written back
    path = REGRESSIONS / "sequence_tag_with_unknown_vr.dcm"
    ds = _read(path)
    assert ds.get_item(0x00080110).file_VR == "ZZ"
    with pytest.raises(DicomError, match=r"\(0008,0110\) was read with VR 'ZZ'.* no items") as e:
        dcmwrite(io.BytesIO(), ds, enforce_file_format=True)
    assert e.value.path.endswith("(0008,0110) ZZ")
    out = io.BytesIO()
    dcmwrite(out, ds)
    assert out.getvalue() == path.read_bytes()
    # items in those bytes (implicit VR little endian) are a sequence: written as UN
    item = b"\xfe\xff\x00\xe0\x00\x00\x00\x00"
    header = b"\x08\x00\x10\x01ZZ"
    data = path.read_bytes().replace(header + b"\x02\x00CT", header + b"\x08\x00" + item)
    good = _read(io.BytesIO(data))
    with pytest.warns(UserWarning, match="written as UN"):
        out = io.BytesIO()
        dcmwrite(out, good, enforce_file_format=True)
    assert b"\x08\x00\x10\x01UN\x00\x00\x08\x00\x00\x00" + item in out.getvalue()


def test_a_conformant_write_turns_a_binary_value_of_no_whole_number_of_values_into_un():
    ds = _read(REGRESSIONS / "transfer_syntax_uid_with_vr_ul.dcm")
    with pytest.warns(UserWarning, match=r"\(0002,0010\) UL value of 18 bytes .* written as UN"):
        out = io.BytesIO()
        dcmwrite(out, ds, enforce_file_format=True)
    assert b"\x02\x00\x10\x00UN\x00\x00\x12\x00\x00\x001.2.840.10008.1.2\x00" in out.getvalue()
    # an odd-length US read from a file: 3 bytes, padded to 4 as UN (not two US values)
    odd = _read(io.BytesIO(b"\x09\x00\x01\x10US\x03\x00\x01\x00\x02"))
    with pytest.warns(UserWarning, match="3 bytes is not a whole number of 2-byte values"):
        raw = _conformant_bytes(odd)
    assert b"\x09\x00\x01\x10UN\x00\x00\x04\x00\x00\x00\x01\x00\x02\x00" in raw


def _conformant_bytes(ds) -> bytes:
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = EXPLICIT_LE
    ds.SOPClassUID = "1.2.3"
    ds.SOPInstanceUID = "1.2.3.4"
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=True)
    return out.getvalue()


@pytest.mark.parametrize("conformant", [False, True], ids=["like the original", "conformant"])
def test_an_undefined_length_a_16_bit_length_cannot_hold_raises_a_dicom_error(conformant):
    ds = Dataset()
    ds.add_new(0x00280010, "US", 512)
    ds[0x00280010].is_undefined_length = True  # PS3.5 §7.1.3: only SQ, UN, OB/OW may be
    ds.add_new(0x00280011, "US", 512)
    with pytest.raises(DicomError, match=r"\(0028,0010\) US: an undefined length") as raised:
        if conformant:
            _conformant_bytes(ds)
        else:
            _written(ds, implicit_vr=False, little_endian=True)
    assert raised.value.path.endswith("(0028,0010) US")


def test_a_conformant_write_leaves_meta_elements_of_the_data_set_out_with_a_warning():
    # written after the meta, (0002,0010) of the data set was read back as part of it: a
    # second Transfer Syntax UID, saying deflated (found by the differential harness)
    ds = _read(REGRESSIONS / "meta_elements_in_the_data_set.dcm")
    assert 0x00020010 in ds
    assert _written(ds) == (REGRESSIONS / "meta_elements_in_the_data_set.dcm").read_bytes()
    with pytest.warns(UserWarning, match=r"not written in a conformant file .*\(0002,0010\)"):
        out = io.BytesIO()
        dcmwrite(out, ds, enforce_file_format=True)
    back = dcmread(io.BytesIO(out.getvalue()))
    assert back.file_meta.TransferSyntaxUID == EXPLICIT_LE
    assert 0x00020010 not in back and back.PatientName == ds.PatientName
    assert 0x00020010 in ds  # the data set written is unchanged


def test_a_conformant_write_leaves_an_unparsed_sequence_undecoded():
    # pydicom's writer converts a raw element for the write only; so does ours for a sequence
    ds = _read(TESTDATA / "private_sq.dcm")
    sequences = [e.tag for e in ds if e.VR == "SQ" and e.is_raw]
    assert sequences
    written = _written(ds, enforce_file_format=True)
    assert all(ds.get_item(tag).is_raw for tag in sequences)
    assert _written(_read(io.BytesIO(written)), enforce_file_format=True) == written


def test_text_given_as_bytes_is_written_as_it_is():
    from dicomconstruct.filebase import DicomBytesIO
    from dicomconstruct.filewriter import write_text

    encoded = b"Dionysios=\x1b\x2d\x46\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"
    for value, expected in ((encoded, encoded), ([b"abc", b"\xe9"], b"abc\\\xe9 ")):
        fp = DicomBytesIO()
        fp.is_little_endian = True
        write_text(fp, DataElement(0x00081039, "LO", value))
        assert fp.getvalue() == expected


def test_a_lut_descriptors_first_value_is_us_whatever_the_vr_of_the_others():
    # PS3.3 C.11.1.1.1: the number of entries (first value) is US; 32768 fits no SS
    from dicomconstruct.filebase import DicomBytesIO
    from dicomconstruct.filewriter import write_numbers

    for little, expected in (
        (True, b"\x00\x80\xff\xff\x10\x00"),
        (False, b"\x80\x00\xff\xff\x00\x10"),
    ):
        fp = DicomBytesIO()
        fp.is_little_endian = little
        write_numbers(fp, DataElement(0x00283002, "SS", [32768, -1, 16]), "h")
        assert fp.getvalue() == expected
    with pytest.raises(DicomError, match="between -32768 and 32767"):
        DataElement(0x00283002, "SS", [0, 32768, 16])  # only the first value is US


def test_write_numbers_raises_pydicoms_os_error_naming_the_element():
    from dicomconstruct.errors import ElementWriteError
    from dicomconstruct.filebase import DicomBytesIO
    from dicomconstruct.filewriter import write_numbers

    fp = DicomBytesIO()
    fp.is_little_endian = True
    with pytest.warns(UserWarning, match="Invalid value length 1"):
        elem = DataElement(0x00100010, "US", b"\x00")
    with pytest.raises(ElementWriteError, match=r"for data_element:\n\(0010,0010\)") as e:
        write_numbers(fp, elem, "H")
    assert isinstance(e.value, OSError) and isinstance(e.value, DicomError)


@pytest.mark.parametrize("buffered", [False, True])
def test_undefined_length_pixel_data_that_is_no_items_is_refused(buffered):
    from dicomconstruct.filebase import DicomBytesIO
    from dicomconstruct.filewriter import write_data_element

    data = b"\x00\x00\x00\x00\x00\x01\x02\x03\xfe\xff\xdd\xe0"
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    value = io.BytesIO(data) if buffered else data
    elem = DataElement(0x7FE00010, "OB", value, is_undefined_length=True)
    with pytest.raises(ValueError, match="hasn't been encapsulated"):
        write_data_element(fp, elem)
    if buffered:
        assert value.tell() == 0  # only looked at


def test_read_dataset_takes_the_parents_character_set_for_text_without_its_own():
    from dicomconstruct.filereader import read_dataset

    data = b"\x10\x00\x10\x00PN\x06\x00J\xe9r\xf4me"  # (0010,0010) PN, explicit VR LE, Latin-1
    read = read_dataset(io.BytesIO(data), False, True, parent_encoding="latin_1")
    assert read.PatientName == "Jérôme"
    assert read.original_character_set == "latin_1"
    with pytest.warns(DeprecationWarning, match="'Dataset.read_implicit_vr' will be removed"):
        assert read.read_implicit_vr is False
