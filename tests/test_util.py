"""pydicom's helper modules on dicomconstruct: util (codify, dump, hexutil, leanread, fixer),
hooks, fileutil, examples, the values.convert_* functions and the datadict internals, each
checked against pydicom's own on the same input (pydicom is the oracle here only)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pydicom
import pydicom.fileutil
import pydicom.hooks
import pydicom.tag
import pydicom.util.codify
import pydicom.util.dump
import pydicom.util.fixer
import pydicom.util.hexutil
import pydicom.util.leanread
import pydicom.values
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataelem import RawDataElement

from dicomconstruct import DicomError, dcmread, examples, fileutil, hooks, values
from dicomconstruct.data import get_testdata_file as project_file
from dicomconstruct.datadict import _dictionary_vr_fast, add_private_dict_entry
from dicomconstruct.filebase import UnexpectedEndOfFile
from dicomconstruct.util import codify, dump, fixer, hexutil, leanread

CODIFIED = ["CT_small.dcm", "rtplan.dcm", "MR_small.dcm", "test-SR.dcm", "nested_priv_SQ.dcm"]


# --- codify: the generated code runs and recreates the data set -------------------------------


@pytest.mark.parametrize("name", CODIFIED)
def test_codified_file_recreates_the_data_set_when_run(name):
    ds = dcmread(get_testdata_file(name), force=True)
    code = codify.code_file_from_dataset(ds, include_private=True)
    assert "import pydicom" not in code
    namespace: dict = {}
    exec(compile(code, f"<codify {name}>", "exec"), namespace)
    assert namespace["ds"] == ds
    assert namespace["file_meta"] == ds.file_meta


def test_codified_project_file_recreates_it():
    ds = dcmread(project_file("explicit_le.dcm"))
    namespace: dict = {}
    exec(codify.code_file_from_dataset(ds, include_private=True), namespace)
    assert namespace["ds"] == ds


def test_codify_lines_are_pydicoms_apart_from_the_imports():
    ds = pydicom.dcmread(get_testdata_file("rtplan.dcm"))
    theirs = pydicom.util.codify.code_dataset(ds, exclude_size=100)
    ours = codify.code_dataset(dcmread(get_testdata_file("rtplan.dcm")), exclude_size=100)
    assert ours == theirs


def test_codify_command_writes_code_and_a_save_line(capsys, tmp_path):
    out = tmp_path / "code.py"
    codify.main(100, [get_testdata_file("rtplan.dcm"), str(out)])
    code = out.read_text(encoding="utf-8")
    assert code.rstrip().endswith("rtplan_from_codify.dcm', enforce_file_format=True)")
    with pytest.raises(SystemExit):
        codify.main(100, [str(tmp_path / "missing.dcm")])
    assert "not found" in capsys.readouterr().err


def test_codify_command_takes_pydicoms_file_spec_and_refuses_an_element(capsys):
    # [pydicom::]filename[::element], as the cli's show: a test file by name, and an element of
    # it, which codify cannot code (it codes data sets)
    codify.main(100, ["pydicom::explicit_le.dcm"])
    assert "ds.PatientName = " in capsys.readouterr().out
    with pytest.raises(NotImplementedError):
        codify.main(100, ["pydicom::explicit_le.dcm::PatientName"])


def test_codify_excludes_large_binary_values_with_a_line_that_does_not_run():
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    code = codify.code_dataset(ds, exclude_size=100)
    assert "ds.PixelData = # XXX Array of 32768 bytes excluded" in code


# --- dump and hexutil ----------------------------------------------------------------------------


def test_hexdump_is_pydicoms():
    path = get_testdata_file("CT_small.dcm")
    for args in ((0, None), (500, 1000), (100, 130)):
        assert dump.filedump(path, *args) == pydicom.util.dump.filedump(path, *args)
    data = Path(path).read_bytes()[:300]
    assert dump.datadump(data, 16, 64) == pydicom.util.dump.datadump(data, 16, 64)
    with open(path, "rb") as f:
        assert (
            dump.hexdump(f, show_address=False, stop_address=64)
            .splitlines()[0]
            .startswith("49 49 2A 00")
        )


def test_pretty_print_prints_each_element(capsys):
    dump.pretty_print(dcmread(get_testdata_file("CT_small.dcm")))
    out = capsys.readouterr().out
    assert "(0010,1002) Other Patient IDs Sequence -- 2 item(s)" in out
    assert "  (0010,0022) Type of Patient ID                  CS: 'TEXT'" in out


def test_hex2bytes_and_bytes2hex_are_pydicoms_and_inverse():
    text = "08 00 32 10 08 00 00 00 fe ff 00 e0"
    assert hexutil.hex2bytes(text) == pydicom.util.hexutil.hex2bytes(text)
    assert hexutil.hex2bytes(text.encode()) == hexutil.hex2bytes(text)
    assert hexutil.bytes2hex(hexutil.hex2bytes(text)) == text
    with pytest.raises(TypeError):
        hexutil.hex2bytes(0x1234)


# --- leanread: the reader's elements as pydicom's lean tuples ---------------------------------


@pytest.mark.parametrize(
    "name", ["CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "rtplan.dcm"]
)
def test_lean_elements_are_pydicoms(name):
    path = get_testdata_file(name)
    with leanread.dicomfile(path) as ours, pydicom.util.leanread.dicomfile(path) as theirs:
        assert ours.preamble == theirs.preamble
        assert list(ours) == list(theirs)


def test_lean_reader_walks_undefined_length_sequences_as_the_reader_does():
    # pydicom's lean reader reads the items of an undefined-length sequence as top-level
    # elements and yields garbage after them; this one yields the sequence once and goes on.
    with leanread.dicomfile(get_testdata_file("JPEG2000.dcm")) as ds:
        seen = []
        with pytest.raises(NotImplementedError, match="undefined length except for SQ"):
            for elem in ds:
                seen.append(elem)
    tags = [tag for tag, *_ in seen]
    assert (0x0008, 0x2112) in tags and (0xFFFE, 0xE000) not in tags
    sequence = seen[tags.index((0x0008, 0x2112))]
    assert sequence[1:4] == (b"SQ", 0xFFFFFFFF, None)


def test_lean_reader_without_transfer_syntax_raises_after_the_meta():
    with leanread.dicomfile(get_testdata_file("meta_missing_tsyntax.dcm")) as ds:
        with pytest.raises(NotImplementedError, match="No transfer syntax in file meta info"):
            list(ds)


# --- fixer and hooks: the callbacks give pydicom's results on pydicom's raw elements ---------


def _raw(tag, vr, value, implicit=False):
    return RawDataElement(pydicom.tag.Tag(tag), vr, len(value), value, 0, implicit, True)


def test_fix_separator_callback_is_pydicoms():
    kwargs = {"invalid_separator": b",", "for_VRs": ("DS", "IS"), "process_unknown_VRs": True}
    for raw in (
        _raw(0x30060050, None, b"2,4,8,16", True),
        _raw(0x00200013, "IS", b"1,2"),
        _raw(0x00100010, "PN", b"a,b"),
        _raw(0x00091001, None, b"1,2 ", True),
    ):
        ours = fixer.fix_separator_callback(raw, **kwargs)
        assert ours == pydicom.util.fixer.fix_separator_callback(raw, **kwargs)
    spaced = _raw(0x30060050, "DS", b"32 64 128 ")
    space = dict(kwargs, invalid_separator=b" ")
    assert fixer.fix_separator_callback(spaced, **space).value == b"32\\64\\128 "


def test_fix_separator_and_fix_mismatch_install_the_callbacks():
    from dicomconstruct import config

    try:
        fixer.fix_separator(b":", for_VRs=("DS",), process_unknown_VRs=False)
        assert config.data_element_callback is fixer.fix_separator_callback
        assert config.data_element_callback_kwargs["invalid_separator"] == b":"
        fixer.fix_mismatch()
        assert config.data_element_callback is fixer.fix_mismatch_callback
        raw = _raw(0x00100010, "PN", b"Doe^John")
        assert fixer.fix_mismatch_callback(raw, with_VRs=("DS",)) == raw
    finally:
        config.reset_data_element_callback()


@pytest.mark.parametrize(
    "raw",
    [
        _raw(0x00100010, None, b"Doe^John", True),
        _raw(0x00280010, None, b"\x00\x02", True),
        _raw(0x00080000, None, b"\x04\x00\x00\x00", True),
        _raw(0x00200013, "UN", b"12"),
        _raw(0x00281101, "US", b"\x00\x00\x00\x00\x10\x00"),
        _raw(0x00180050, "DS", b"1.5\\2.5 "),
    ],
    ids=["implicit-PN", "implicit-US", "group-length", "explicit-UN", "lut-descriptor", "DS"],
)
def test_raw_element_hooks_give_pydicoms_vr_and_value(raw):
    ours: dict = {}
    theirs: dict = {}
    hooks.raw_element_vr(raw, ours)
    pydicom.hooks.raw_element_vr(raw, theirs)
    assert ours == theirs
    hooks.raw_element_value(raw, ours)
    pydicom.hooks.raw_element_value(raw, theirs)
    assert ours["value"] == theirs["value"]


def test_private_raw_element_takes_its_creators_vr():
    from dicomconstruct import Dataset

    ds = Dataset()
    ds.add_new(0x00090010, "LO", "ACME 1.0")
    add_private_dict_entry("ACME 1.0", 0x00091001, "DS", "Acme value")
    data: dict = {}
    hooks.raw_element_vr(_raw(0x00091001, None, b"1.5 ", True), data, ds=ds)
    assert data["VR"] == "DS"
    hooks.raw_element_vr(_raw(0x00090010, None, b"ACME 1.0", True), data, ds=ds)
    assert data["VR"] == "LO"


def test_hooks_registration_checks_names_and_types():
    with pytest.raises(TypeError, match="'func' must be a callable function"):
        hooks.hooks.register_callback("raw_element_vr", None)
    with pytest.raises(ValueError, match="Unknown hook 'foo'"):
        hooks.hooks.register_callback("foo", print)
    with pytest.raises(TypeError, match="'kwargs' must be a dict, not 'list'"):
        hooks.hooks.register_kwargs("raw_element_kwargs", [])


# --- fileutil --------------------------------------------------------------------------------


def test_undefined_length_value_is_read_up_to_its_delimiter_as_pydicom():
    value = b"\x01\x02\x03\x04" * 5000  # longer than one read
    data = value + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00" + b"after"
    for little in (True,):
        ours, theirs = io.BytesIO(data), io.BytesIO(data)
        got = fileutil.read_undefined_length_value(ours, little, 0xFFFEE0DD)
        assert got == value
        assert got == pydicom.fileutil.read_undefined_length_value(
            theirs, little, pydicom.tag.Tag(0xFFFEE0DD)
        )
        assert ours.read() == b"after"
    assert fileutil.read_undefined_length_value(io.BytesIO(data), True, 0xFFFEE0DD, 16) is None


def test_missing_delimiter_is_an_eof_dicom_error_and_rewinds():
    fp = io.BytesIO(b"\x00" * 100)
    fp.seek(10)
    with pytest.raises(UnexpectedEndOfFile) as caught:
        fileutil.read_undefined_length_value(fp, True, 0xFFFEE0DD)
    assert isinstance(caught.value, EOFError) and isinstance(caught.value, DicomError)
    assert caught.value.offset == 10 and fp.tell() == 10


def test_delimiter_search_straddling_reads():
    data = b"x" * 126 + b"\xfe\xff\x0d\xe0" + b"y"
    fp = io.BytesIO(data)
    assert fileutil.find_delimiter(fp, 0xFFFEE00D, True) == 126 and fp.tell() == 0
    assert fileutil.length_of_undefined_length(fp, 0xFFFEE00D, True, rewind=False) == 126
    assert fp.tell() == 130


def test_buffer_helpers(tmp_path):
    assert fileutil.path_from_pathlike(tmp_path) == os.fspath(tmp_path)
    buffer = io.BytesIO(b"0123456789")
    buffer.seek(3)
    assert fileutil.buffer_length(buffer) == 10 and fileutil.buffer_remaining(buffer) == 7
    assert buffer.tell() == 3
    assert b"".join(fileutil.read_buffer(buffer, chunk_size=3)) == b"3456789"
    assert fileutil.buffer_equality(buffer, b"0123456789")
    assert not fileutil.buffer_equality(buffer, io.BytesIO(b"0123456780"))
    with pytest.raises(TypeError):
        fileutil.check_buffer(b"bytes")


# --- examples ----------------------------------------------------------------------------------


def test_example_names_are_pydicoms_and_their_files_are_not_shipped():
    with pytest.raises(ValueError, match="No example dataset exists with the name 'foo'"):
        examples.get_path("foo")
    with pytest.raises(AttributeError, match="has no attribute 'foo'"):
        examples.foo  # noqa: B018 - the attribute access is the test
    with pytest.raises(FileNotFoundError, match="'CT_small.dcm', which dicomconstruct does not"):
        examples.ct  # noqa: B018


# --- values.convert_* and datadict internals ----------------------------------------------------


CONVERTED = [
    ("convert_AE_string", (b"  AE_ONE \\AE_TWO", True)),
    ("convert_ATvalue", (b"\x10\x00\x20\x00\x10\x00\x30\x00", True)),
    ("convert_ATvalue", (b"\x00\x10\x00\x20", False)),
    ("convert_DA_string", (b"20040119\\19991212", True)),
    ("convert_DS_string", (b" 1.5\\2.25 ", True)),
    ("convert_IS_string", (b"12\\-3 ", True)),
    ("convert_TM_string", (b"101010.5 ", True)),
    ("convert_DT_string", (b"20200101101010 ", True)),
    ("convert_UI", (b"1.2.3\x00", True)),
    ("convert_UR_string", (b"http://a.b/c  ", True)),
    ("convert_string", (b"A\\B ", True)),
    ("convert_text", (b"Buc^J\xe9r\xf4me\\two ", ["latin_1"])),
    ("convert_single_string", (b"a\\b  ", None)),
    ("convert_PN", (b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:", ["latin_1", "iso2022_jp"])),
    ("convert_OBvalue", (b"\x01\x02", True)),
    ("convert_UN", (b"\x01\x02", True)),
]


@pytest.mark.parametrize("name, args", CONVERTED, ids=[c[0] for c in CONVERTED])
def test_convert_functions_are_pydicoms(name, args):
    ours = getattr(values, name)(*args)
    theirs = getattr(pydicom.values, name)(*args)
    assert ours == theirs
    assert type(ours).__name__ == type(theirs).__name__


def test_converters_table_covers_pydicoms_vrs_and_convert_value_takes_raw_elements():
    assert set(values.converters) == set(pydicom.values.converters)
    assert values.converters["FD"](b"\x00\x00\x00\x00\x00\x00\xf0\x3f", True) == 1.0
    raw = _raw(0x00100010, "PN", b"Doe^John")
    assert values.convert_value("PN", raw) == pydicom.values.convert_value("PN", raw)
    with pytest.raises(NotImplementedError, match="Unknown Value Representation 'XX'"):
        values.convert_value("XX", raw)
    sq = values.convert_SQ(
        b"\xfe\xff\x00\xe0\x0c\x00\x00\x00\x10\x00\x10\x00\x04\x00\x00\x00Doe^", True, True
    )
    assert sq[0].PatientName == "Doe^"


def test_dictionary_vr_fast_and_the_private_table():
    from dicomconstruct._private_dict import private_dictionaries

    assert _dictionary_vr_fast(0x00100010) == "PN"
    assert _dictionary_vr_fast(0x60000010) == "US"
    with pytest.raises(KeyError, match=r"Tag \(0009,0003\) not found"):
        _dictionary_vr_fast(0x00090003)
    assert private_dictionaries["ACUSON"]["0009xx00"].VR == "IS"
