"""pydicom 3's API around the tree: raw elements, the element-level writers, ambiguous VRs,
the Dataset methods pydicom users call, dcmwrite's encoding rules, and hostile DICOM JSON.

pydicom is the oracle here (tests only): the bytes the per-element writers produce, the
formatted lines and the corrected VRs are compared with what pydicom gives for the same input.
"""

from __future__ import annotations

import copy
import io
import struct
import warnings

import pydicom
import pydicom.filebase
import pydicom.filewriter
import pytest
from pydicom.data import get_testdata_file  # pydicom's test files

from dicomconstruct import DataElement, Dataset, DicomError, FileDataset, config, dcmread
from dicomconstruct.dataelem import RawDataElement, convert_raw_data_element
from dicomconstruct.dataset import FileMetaDataset
from dicomconstruct.errors import BytesLengthException, NestingTooDeepError
from dicomconstruct.filebase import DicomBytesIO
from dicomconstruct.filewriter import (
    correct_ambiguous_vr,
    dcmwrite,
    write_data_element,
    write_numbers,
    write_OBvalue,
    write_PN,
    write_text,
    write_UI,
    writers,
)
from dicomconstruct.tag import Tag


class _Out(io.BytesIO):
    """A binary buffer that says its encoding, as pydicom's DicomBytesIO does."""

    def __init__(self, implicit: bool, little: bool):
        super().__init__()
        self.is_implicit_VR = implicit
        self.is_little_endian = little


def _pydicom_bytes(function, implicit, little, *args):
    fp = pydicom.filebase.DicomBytesIO()
    fp.is_implicit_VR, fp.is_little_endian = implicit, little
    function(fp, *args)
    return fp.getvalue()


ENCODINGS = [(True, True), (False, True), (False, False)]
ELEMENTS = [
    (0x00100010, "PN", "Doe^John"),
    (0x00080018, "UI", "1.2.3.4"),
    (0x00280010, "US", 512),
    (0x00280030, "DS", ["0.5", "0.25"]),
    (0x00200013, "IS", "7"),
    (0x00181050, "DS", "1.5"),
    (0x7FE00010, "OB", b"\x01\x02\x03"),
    (0x00280106, "SS", -3),
    (0x00186050, "FD", [1.5, -2.25]),
    (0x00080060, "CS", "CT"),
    (0x00200037, "DS", [1, 0, 0, 0, 1, 0]),
    (0x00081160, "IS", [1, 2, 3]),
]


# -- raw elements ----------------------------------------------------------------------------
def test_a_raw_element_in_a_dataset_is_decoded_on_access_and_written_as_its_bytes():
    ds = Dataset()
    ds.set_original_encoding(False, True)
    ds[0x00100010] = RawDataElement(Tag(0x00100010), "PN", 8, b"Doe^Jane", 0, False, True)
    assert ds.get_item(0x00100010).is_raw
    out = _Out(False, True)
    write_data_element(out, ds.get_item(0x00100010))
    assert out.getvalue() == b"\x10\x00\x10\x00PN\x08\x00Doe^Jane"
    assert ds.PatientName == "Doe^Jane"
    assert not ds.get_item(0x00100010).is_raw


def test_a_raw_element_put_straight_into_the_dict_is_converted_on_access():
    ds = Dataset()
    ds._dict[0x00100020] = RawDataElement(Tag(0x00100020), "LO", 4, b"ID01", 0, False, True)
    assert ds[0x00100020].value == "ID01"
    assert isinstance(ds._dict[0x00100020], DataElement)


def test_convert_raw_data_element_looks_up_implicit_and_private_vrs():
    ds = Dataset()
    ds[0x00090010] = DataElement(0x00090010, "LO", "GEMS_IDEN_01")
    implicit = RawDataElement(Tag(0x00280010), None, 2, b"\x00\x02", 0, True, True)
    assert convert_raw_data_element(implicit).VR == "US"
    assert convert_raw_data_element(implicit).value == 512
    private = RawDataElement(Tag(0x00091001), None, 4, b"ABCD", 0, True, True)
    assert convert_raw_data_element(private, ds=ds).VR == "LO"
    known_un = RawDataElement(Tag(0x00100010), "UN", 8, b"Doe^John", 0, False, True)
    assert convert_raw_data_element(known_un).VR == "PN"


def test_convert_raw_data_element_refuses_what_pydicom_refuses():
    with pytest.raises(BytesLengthException):
        convert_raw_data_element(RawDataElement(Tag(0x00186050), "FD", 1, b"1", 0, False, True))
    with pytest.raises(NotImplementedError):  # and a DicomError
        convert_raw_data_element(RawDataElement(Tag(0x00080020), "AA", 2, b"20", 0, False, True))
    unknown = RawDataElement(Tag(0x88880002), None, 2, b"ab", 0, True, True)
    with pytest.warns(UserWarning, match=r"\(8888,0002\)"):
        assert convert_raw_data_element(unknown).VR == "UN"
    old = config.settings.reading_validation_mode
    config.settings.reading_validation_mode = config.RAISE
    try:
        with pytest.raises(KeyError, match="VR lookup failed"):
            convert_raw_data_element(unknown)
    finally:
        config.settings.reading_validation_mode = old


# -- the element-level writers, against pydicom's ---------------------------------------------
@pytest.mark.parametrize("implicit, little", ENCODINGS)
@pytest.mark.parametrize("tag, vr, value", ELEMENTS)
def test_write_data_element_writes_the_bytes_pydicom_writes(tag, vr, value, implicit, little):
    ours = _Out(implicit, little)
    write_data_element(ours, DataElement(tag, vr, value))
    theirs = _pydicom_bytes(
        pydicom.filewriter.write_data_element,
        implicit,
        little,
        pydicom.DataElement(tag, vr, value),
    )
    assert ours.getvalue() == theirs


@pytest.mark.parametrize("implicit, little", ENCODINGS)
def test_a_sequence_element_is_written_with_its_items_as_pydicom_does(implicit, little):
    def build(module):
        item = module.Dataset()
        item.CodeValue = "121"
        item.CodingSchemeDesignator = "DCM"
        return module.DataElement(0x00081032, "SQ", [item])

    ours = _Out(implicit, little)
    write_data_element(ours, build(__import__("dicomconstruct")))
    theirs = _pydicom_bytes(pydicom.filewriter.write_data_element, implicit, little, build(pydicom))
    assert ours.getvalue() == theirs


@pytest.mark.parametrize(
    "function, theirs, tag, vr, value",
    [
        (write_UI, pydicom.filewriter.write_UI, 0x00080018, "UI", "1.2.3"),
        (write_OBvalue, pydicom.filewriter.write_OBvalue, 0x7FE00010, "OB", b"\x01\x02\x03"),
        (write_PN, pydicom.filewriter.write_PN, 0x00100010, "PN", "Doe^Jo"),
        (write_text, pydicom.filewriter.write_text, 0x00081030, "LO", "Head"),
    ],
)
def test_the_value_writers_write_the_value_pydicom_writes(function, theirs, tag, vr, value):
    ours = _Out(False, True)
    function(ours, DataElement(tag, vr, value))
    assert ours.getvalue() == _pydicom_bytes(
        theirs, False, True, pydicom.DataElement(tag, vr, value)
    )


def test_write_numbers_packs_as_the_struct_format_says_in_the_buffers_byte_order():
    for little in (True, False):
        out = _Out(False, little)
        write_numbers(out, DataElement(0x00280010, "US", [1, 2]), "H")
        assert out.getvalue() == struct.pack("<HH" if little else ">HH", 1, 2)
    assert set(writers) >= {"AE", "OB", "SQ", "US", "UN", "OB or OW"}


def test_an_ambiguous_vr_cannot_be_written_in_explicit_vr():
    with pytest.raises(ValueError, match="Cannot write ambiguous VR"):
        write_data_element(_Out(False, True), DataElement(0x00280106, "US or SS", 5))


def test_correct_ambiguous_vr_decodes_bytes_with_the_vr_found():
    for module in (pydicom, __import__("dicomconstruct")):
        ds = module.Dataset()
        ds.PixelRepresentation = 1
        ds.SmallestValidPixelValue = b"\xff\xff"
        if module is pydicom:
            pydicom.filewriter.correct_ambiguous_vr(ds, True)
            expected = (ds[0x00280104].VR, ds.SmallestValidPixelValue)
        else:
            correct_ambiguous_vr(ds, True)
            assert (ds[0x00280104].VR, ds.SmallestValidPixelValue) == expected == ("SS", -1)
    ds = Dataset()
    ds.PixelData = b"\x00\x01"
    with pytest.raises(AttributeError, match="BitsAllocated"):
        correct_ambiguous_vr(ds, True)


# -- Dataset methods ------------------------------------------------------------------------
def test_formatted_lines_are_pydicoms():
    path = get_testdata_file("CT_small.dcm")
    assert list(dcmread(path).formatted_lines()) == list(pydicom.dcmread(path).formatted_lines())


def test_update_clear_popitem_and_trait_names():
    ds = Dataset()
    ds.update({"PatientName": "A^B", 0x00100020: DataElement(0x00100020, "LO", "7")})
    assert ds.PatientName == "A^B" and ds.PatientID == "7"
    assert ds.popitem()[0] == 0x00100020
    assert "PatientName" in ds.trait_names()
    ds.clear()
    assert len(ds) == 0


def test_private_elements_by_creator_and_offset():
    ds = Dataset()
    ds.add_new_private("My Creator", 0x0011, 0x01, "value", "LO")
    assert ds[0x00110010].value == "My Creator"
    assert ds.get_private_item(0x0011, 0x01, "My Creator").value == "value"
    with pytest.raises(KeyError):
        ds.add_new_private("Unknown Creator", 0x0011, 0x02, "x")  # no VR known for it


def test_update_raw_element_changes_what_an_undecoded_element_decodes_to():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    ds.update_raw_element(0x00100010, value=b"New^Name")
    assert ds.PatientName == "New^Name"
    with pytest.raises(TypeError, match="already been converted"):
        ds.update_raw_element(0x00100010, vr="LO")
    with pytest.raises(ValueError, match="Invalid VR"):
        ds.update_raw_element(0x00100020, vr="XX")


def test_original_encoding_of_read_and_new_datasets():
    assert Dataset().original_encoding == (None, None)
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    assert ds.original_encoding == (False, True)
    assert ds.is_original_encoding
    ds.is_implicit_VR = True
    assert not ds.is_original_encoding
    with pytest.warns(DeprecationWarning):
        assert ds.read_encoding == ds.original_character_set


def test_a_buffer_read_from_is_kept_and_a_closed_one_is_not_copied():
    data = open(get_testdata_file("CT_small.dcm"), "rb").read()
    buffer = io.BytesIO(data)
    ds = dcmread(buffer)
    assert ds.buffer is buffer and ds.filename is None and ds.fileobj_type is io.BytesIO
    buffer.close()
    with pytest.warns(UserWarning, match="'buffer' attribute will be set to 'None'"):
        twin = copy.deepcopy(ds)
    assert twin.buffer is None and twin == ds


def test_a_deflated_data_set_is_read_from_its_inflated_buffer():
    ds = dcmread(get_testdata_file("image_dfl.dcm"))
    assert ds.filename.endswith("image_dfl.dcm")
    assert isinstance(ds.buffer, DicomBytesIO) and ds.fileobj_type is DicomBytesIO
    assert ds.buffer.getvalue()  # the inflated data set


def test_get_item_keep_deferred_gives_the_raw_element_without_its_value():
    ds = dcmread(get_testdata_file("MR_small.dcm"), defer_size="0.8 kB")
    raw = ds.get_item("PixelData", keep_deferred=True)
    assert isinstance(raw, RawDataElement)
    assert raw.value is None and raw.length == 8192 and raw.VR == "OW"
    with open(get_testdata_file("MR_small.dcm"), "rb") as f:
        f.seek(raw.value_tell)
        first = f.read(4)
    elem = ds.get_item("PixelData")  # not kept deferred: the element, its value read on access
    assert isinstance(elem, DataElement) and elem.value[:4] == first
    assert isinstance(ds.get_item("PatientName", keep_deferred=True), DataElement)


def test_read_encoding_attributes_are_deprecated_and_gone_in_the_future():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    with pytest.warns(DeprecationWarning, match=r"original_encoding\[0\]"):
        assert ds.read_implicit_vr is False
    with pytest.warns(DeprecationWarning, match=r"original_encoding\[1\]"):
        assert ds.read_little_endian is True
    config._use_future = True
    try:
        for name in ("read_implicit_vr", "read_little_endian", "convert_pixel_data"):
            with pytest.raises(
                AttributeError, match=f"'FileDataset' object has no attribute '{name}'"
            ):
                attribute = getattr(ds, name)
                attribute()  # convert_pixel_data is a method
    finally:
        config._use_future = False


def test_the_default_character_set_is_named_by_its_codec_as_pydicom():
    ds = dcmread(get_testdata_file("liver_1frame.dcm"))  # no Specific Character Set
    item = ds.ReferencedSeriesSequence[0]
    assert ds.original_character_set == ds._character_set == "iso8859"
    assert item.original_character_set == item._character_set == "iso8859"
    assert ds.is_original_encoding
    ds.SpecificCharacterSet = "ISO_IR 100"
    assert ds._character_set == item._character_set == ["latin_1"]
    assert not ds.is_original_encoding
    ct = dcmread(get_testdata_file("CT_small.dcm"))
    assert ct.original_character_set == ct._character_set == ["latin_1"]


def test_a_private_creator_that_is_not_text_names_no_creator_and_warns():
    ds = Dataset()
    ds.add_new(0x00250010, "SL", [13975, 13802])
    ds.add_new(0x00250011, "LO", "Valid Creator")
    ds.add_new(0x00251007, "UN", b"foobar")
    ds.add_new(0x00251107, "UN", b"foobaz")
    with pytest.warns(
        UserWarning, match=r"\(0025,0010\) '\[13975, 13802\]' is not a valid private"
    ):
        assert ds[0x00251007].private_creator is None
        assert ds[0x00251007].name == "Private tag data"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ds[0x00251107].private_creator == "Valid Creator"


def test_dataset_has_no_dict_methods_it_does_not_define():
    # as pydicom's Dataset: only these dict attributes are not Dataset's
    missing = set(dir(dict())) - set(dir(Dataset()))
    assert missing == {
        "fromkeys",
        "__reversed__",
        "__ror__",
        "__ior__",
        "__or__",
        "__class_getitem__",
    }


def test_ensure_file_meta_and_validate_file_meta():
    from dicomconstruct.dataset import validate_file_meta

    ds = Dataset()
    ds.ensure_file_meta()
    assert isinstance(ds.file_meta, FileMetaDataset)
    with pytest.raises(AttributeError, match="Required File Meta Information elements"):
        validate_file_meta(ds.file_meta)


# -- dcmwrite's encoding --------------------------------------------------------------------
def test_a_new_dataset_needs_an_encoding_to_be_written():
    ds = Dataset()
    ds.PatientName = "A^B"
    with pytest.raises(ValueError, match="Unable to determine the encoding"):
        dcmwrite(io.BytesIO(), ds)
    ds.is_little_endian, ds.is_implicit_VR = True, True
    out = io.BytesIO()
    dcmwrite(out, ds)
    assert out.getvalue() == b"\x10\x00\x10\x00\x04\x00\x00\x00A^B "


def test_arguments_contradicting_the_transfer_syntax_are_a_dicom_error():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    with pytest.raises(DicomError, match="'implicit_vr' value is not consistent"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True)


# -- hostile DICOM JSON (issue 15) ----------------------------------------------------------
def _nested(levels: int) -> dict:
    top: dict = {}
    current = top
    for _ in range(levels):
        inner: dict = {}
        current["300A00B0"] = {"vr": "SQ", "Value": [inner]}
        current = inner
    return top


def test_json_nested_5000_deep_is_nesting_too_deep_not_recursion():
    with pytest.raises(NestingTooDeepError, match="nested more than"):
        Dataset.from_json(_nested(5000))
    with pytest.raises(NestingTooDeepError):
        # deeper than json's own parser goes (json.dumps cannot even write it)
        Dataset.from_json('{"300A00B0": {"vr": "SQ", "Value": [' * 5000 + "{}" + "]}}" * 5000)
    assert len(Dataset.from_json(_nested(100)).BeamSequence) == 1


@pytest.mark.parametrize(
    "document, path",
    [
        ({"00280010": {"vr": "US", "Value": [10**400]}}, "00280010 US / Value[0]"),
        ({"00280010": {"vr": "US", "Value": [65536]}}, "00280010 US / Value[0]"),
        ({"00280010": {"vr": "SS", "Value": [float("nan")]}}, "00280010 SS / Value[0]"),
        ({"00186050": {"vr": "FD", "Value": [10**400]}}, "00186050 FD / Value[0]"),
        ({"00280010": {"vr": "US", "Value": [True]}}, "00280010 US / Value[0]"),
        ({"00280010": {"vr": "US", "Value": "5"}}, "00280010 US"),
        ({"00100010": {"vr": "PN", "Value": [5]}}, "00100010 PN / Value[0]"),
        ({"00100020": {"vr": "LO", "Value": ["a", 3]}}, "00100020 LO / Value[1]"),
        ({"00081115": {"vr": "SQ", "Value": [5]}}, "00081115 SQ / item 0"),
        ({"00100010": []}, "00100010"),
        ({"00100010": {"vr": "XX"}}, "00100010"),
        ({"7FE00010": {"vr": "OB", "InlineBinary": "@@@="}}, "7FE00010 OB"),
        ({"7FE00010": {"vr": "OB", "InlineBinary": 5}}, "7FE00010 OB"),
        ({"0010": {"vr": "LO"}}, "dataset"),
    ],
)
def test_malformed_json_is_a_dicom_error_naming_the_json_path(document, path):
    with pytest.raises(DicomError) as caught:
        Dataset.from_json(document)
    assert caught.value.path.endswith(path)


def test_json_text_that_is_not_json_is_a_dicom_error():
    for text in ("{", b"\xff\xfe\x00", "[1, 2]"):
        with pytest.raises(DicomError):
            Dataset.from_json(text)


def test_100_mb_json_strings():
    big = "x" * (100 << 20)
    ds = Dataset.from_json({"00181030": {"vr": "UT", "Value": [big]}})
    assert len(ds[0x00181030].value) == 100 << 20
    with pytest.raises(DicomError, match="not base64") as caught:
        Dataset.from_json({"7FE00010": {"vr": "OB", "InlineBinary": "A" * (100 << 20) + "!"}})
    assert caught.value.path == "dataset / 7FE00010 OB"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LO holds 64 characters: a warning, as pydicom
        assert len(Dataset.from_json({"00100020": {"vr": "LO", "Value": [big]}}).PatientID) > 64


def test_file_dataset_from_scratch_keeps_an_empty_filename():
    ds = FileDataset("", {}, file_meta=FileMetaDataset(), preamble=b"\0" * 128)
    assert ds.filename == "" and ds.buffer is None
    assert copy.deepcopy(ds).filename == ""


# -- pydicom 3.0.2's own suite (issue 13): Dataset and dcmwrite behaviour it checks ---------
def test_dcmwrite_refuses_unknown_keywords_and_a_doubled_write_like_original():
    ds = Dataset()
    with pytest.raises(TypeError, match=r"Invalid keyword argument\(s\) for dcmwrite\(\): foo"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True, foo=1)
    with pytest.raises(TypeError, match="both a positional and keyword argument"):
        dcmwrite(io.BytesIO(), ds, True, write_like_original=True)


def test_dcmwrite_write_like_original_is_deprecated():
    ds = Dataset()
    ds.PatientName = "A^B"
    with pytest.warns(DeprecationWarning, match="please use 'enforce_file_format'"):
        dcmwrite(io.BytesIO(), ds, write_like_original=True, implicit_vr=True)


def test_dcmwrite_force_encoding_overrides_the_transfer_syntax():
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"  # explicit VR little endian
    ds.PatientName = "Foo"
    out = io.BytesIO()
    dcmwrite(out, ds, implicit_vr=True, little_endian=False, force_encoding=True)
    assert out.getvalue().endswith(b"\x00\x10\x00\x10\x00\x00\x00\x04Foo ")
    with pytest.raises(ValueError, match="required if 'force_encoding' is used"):
        dcmwrite(io.BytesIO(), ds, implicit_vr=True, force_encoding=True)


def test_file_meta_assignment_converts_a_dataset_and_refuses_other_types():
    ds, meta = Dataset(), Dataset()
    meta.TransferSyntaxUID = "1.2"
    ds.file_meta = meta
    assert isinstance(ds.file_meta, FileMetaDataset)
    with pytest.raises(TypeError, match="must be a 'FileMetaDataset' instance"):
        ds.file_meta = []
    meta.PatientID = "1"
    with pytest.raises(ValueError, match=r"only contain group 2 elements.*\(0010,0020\)"):
        FileMetaDataset(meta)


def test_deleting_pixel_data_drops_the_decoded_array():
    ds = Dataset()
    ds.PixelData = b"\x00\x01"
    ds._pixel_array, ds._pixel_id = object(), {"Rows": 1}
    del ds.PixelData
    assert ds._pixel_array is None and ds._pixel_id == {}


def test_repeater_keyword_cannot_be_set_as_an_attribute():
    with pytest.raises(ValueError, match="repeating group element"):
        Dataset().OverlayData = b"\x00"


def test_attribute_error_inside_a_property_is_the_one_raised():
    class Sub(Dataset):
        @property
        def bar(self):
            return self._missing()

    with pytest.raises(AttributeError, match="'Sub' object has no attribute '_missing'"):
        Sub().bar  # noqa: B018


def test_write_dataset_takes_the_encoding_a_dicom_buffer_says():
    ds = Dataset()
    ds.PatientName = "Foo"
    fp = pydicom.filebase.DicomBytesIO()
    fp.is_implicit_VR, fp.is_little_endian = True, True
    pydicom.filewriter.write_dataset(fp, ds)
    assert fp.getvalue()[:8] == b"\x10\x00\x10\x00\x04\x00\x00\x00"


@pytest.mark.parametrize("target", [None, 42])
def test_dcmwrite_refuses_a_target_that_cannot_be_written(target):
    ds = Dataset()
    ds.PatientName = "Foo"
    with pytest.raises(TypeError, match="Expected a file path, file-like or writeable buffer"):
        dcmwrite(target, ds, implicit_vr=True)


def test_changing_the_character_set_changes_how_text_is_written():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    ds.PatientName = "Buc^Jérôme"
    ds[0x00101002] = DataElement(0x00101002, "SQ", [Dataset()])  # Other Patient IDs Sequence
    item = ds.OtherPatientIDsSequence[0]
    item.PatientID = "é"
    before = ds._character_set
    assert item._character_set == before != ["UTF8"]  # cached from here on
    ds.SpecificCharacterSet = "ISO_IR 192"
    assert ds._character_set == item._character_set == ["UTF8"]
    out = io.BytesIO()
    ds.save_as(out)
    assert "Buc^Jérôme".encode() in out.getvalue() and "é".encode() in out.getvalue()


def test_an_unknown_character_set_term_warns_when_written_and_read():
    ds = Dataset()
    ds.SpecificCharacterSet = ["ISO 2022IR 100"] * 2
    out = io.BytesIO()
    with pytest.warns(UserWarning, match="Unknown encoding 'ISO 2022IR 100'"):
        dcmwrite(out, ds, implicit_vr=True)
    out.seek(0)
    with pytest.warns(UserWarning, match="Unknown encoding 'ISO 2022IR 100'"):
        dcmread(out, force=True)


def test_pydicoms_private_encoding_attributes_are_the_encodings_read_and_set():
    from dicomconstruct.dataset import FileMetaDataset

    ds = Dataset()
    assert (ds._read_implicit, ds._read_little, ds._is_implicit_VR) == (None, None, None)
    ds._read_implicit = True
    ds._read_little = True
    assert ds.original_encoding == (True, True)
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.set_original_encoding(True, True, ["latin_1"])
    assert not ds.is_original_encoding  # nothing is set to write in yet
    ds._is_implicit_VR, ds._is_little_endian = True, True
    assert ds.is_original_encoding
    ds._is_little_endian = False
    assert not ds.is_original_encoding
    meta = FileMetaDataset()
    assert meta._tsyntax_encoding == (None, None)
    meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    assert meta._tsyntax_encoding == (True, True)
    meta.TransferSyntaxUID = "1.2.840.10008.5.1.4.1.1.2"  # a SOP class, not a syntax
    assert meta._tsyntax_encoding == (None, None)
