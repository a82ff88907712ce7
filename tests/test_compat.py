"""The pydicom alias (dicomconstruct.compat) and the pydicom-API modules outside the reader:
config switches, misc, tag_in_exception, ConstrainedList, the version and the differences file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dicomconstruct
import dicomconstruct.data
from dicomconstruct import compat, config, misc
from dicomconstruct.errors import BytesLengthException, DicomError
from dicomconstruct.multival import ConstrainedList
from dicomconstruct.tag import Tag, tag_in_exception

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def alias():
    compat.install()
    yield
    compat.uninstall()


def test_pydicom_modules_are_dicomconstruct_modules_while_installed(alias):
    import pydicom
    import pydicom.config
    import pydicom.dataset
    from pydicom.uid import UID

    assert pydicom is dicomconstruct
    assert pydicom.dataset is sys.modules["dicomconstruct.dataset"]
    assert pydicom.config.settings is config.settings
    assert UID is dicomconstruct.uid.UID
    # The real modules keep their own spec, so reloading them still works.
    assert pydicom.dataset.__spec__.name == "dicomconstruct.dataset"


def test_a_module_dicomconstruct_lacks_is_not_found_under_its_pydicom_name(alias):
    with pytest.raises(ModuleNotFoundError) as caught:
        import pydicom.no_such_module  # noqa: F401
    assert caught.value.name == "pydicom.no_such_module"


def test_uninstall_forgets_the_alias_and_restores_modules_set_aside():
    # The real pydicom (the test oracle) may be imported: keep its modules as they are.
    real = {n: m for n, m in sys.modules.items() if n == "pydicom" or n.startswith("pydicom.")}
    placeholder = type(sys)("pydicom")
    sys.modules["pydicom"] = placeholder
    try:
        compat.install()
        import pydicom

        assert pydicom is dicomconstruct
        compat.uninstall()
        assert not compat.installed()
        assert sys.modules["pydicom"] is placeholder
        assert not any(isinstance(f, compat._AliasFinder) for f in sys.meta_path)
    finally:
        compat.uninstall()
        sys.modules.pop("pydicom", None)
        sys.modules.update(real)


def test_importing_dicomconstruct_does_not_install_the_alias():
    code = (
        "import dicomconstruct, sys; print(any('Alias' in type(f).__name__ for f in sys.meta_path))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_pydicom_script_runs_unchanged_under_python_m_dicomconstruct_compat(tmp_path):
    script = tmp_path / "anon.py"
    script.write_text(
        "import sys\n"
        "import pydicom\n"
        "from pydicom.datadict import keyword_for_tag\n"
        "ds = pydicom.dcmread(sys.argv[1])\n"
        "print(pydicom.__name__, keyword_for_tag(0x00100010), ds.PatientName)\n"
    )
    data = dicomconstruct.data.get_testdata_file("explicit_le.dcm")
    out = subprocess.run(
        [sys.executable, "-m", "dicomconstruct.compat", str(script), data],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout.split() == ["dicomconstruct", "PatientName", "Doe^John"]


def test_validation_modes_default_to_pydicoms_and_follow_enforce_valid_values(monkeypatch):
    assert (config.IGNORE, config.WARN, config.RAISE) == (0, 1, 2)
    settings = config.Settings()
    assert settings.reading_validation_mode == config.WARN
    assert settings.writing_validation_mode == config.WARN
    monkeypatch.setattr(config, "enforce_valid_values", True)
    assert settings.reading_validation_mode == config.RAISE
    settings.reading_validation_mode = config.IGNORE
    assert settings.reading_validation_mode == config.IGNORE


def test_disable_value_validation_restores_the_modes_it_found():
    config.settings.reading_validation_mode = config.RAISE
    try:
        with config.disable_value_validation():
            assert config.settings.reading_validation_mode == config.IGNORE
            assert config.settings.writing_validation_mode == config.IGNORE
        assert config.settings.reading_validation_mode == config.RAISE
    finally:
        config.settings._reading_validation_mode = None


def test_buffered_read_size_must_be_positive():
    with pytest.raises(ValueError):
        config.Settings().buffered_read_size = 0


def test_size_in_bytes_reads_units_as_pydicom():
    assert misc.size_in_bytes("1 KB") == 1000
    assert misc.size_in_bytes("2 kib") == 2048
    assert misc.size_in_bytes(None) is None
    assert misc.size_in_bytes("1024") == 1024
    with pytest.raises(ValueError, match="Unable to parse length with unit 'xb'"):
        misc.size_in_bytes("3 xb")


def test_is_dicom_checks_the_preamble_and_prefix(tmp_path):
    assert misc.is_dicom(dicomconstruct.data.get_testdata_file("explicit_le.dcm"))
    (tmp_path / "x").write_bytes(b"\0" * 200)
    assert not misc.is_dicom(tmp_path / "x")


def test_tag_in_exception_names_the_tag_and_keeps_the_type():
    with pytest.raises(ValueError, match=r"With tag \(0010,0010\) got exception: boom"):
        with tag_in_exception(Tag(0x00100010)):
            raise ValueError("boom")


def test_constrained_list_validates_every_item_added():
    class Ints(ConstrainedList):
        def _validate(self, item):
            if not isinstance(item, int):
                raise TypeError("not an int")
            return item

    items = Ints([1, 2])
    items.append(3)
    items[0:1] = [7]
    assert items == [7, 2, 3]
    with pytest.raises(TypeError):
        items.insert(0, "a")
    with pytest.raises(NotImplementedError):
        ConstrainedList([1])


def test_version_info_is_pydicoms_form():
    assert dicomconstruct.__version_info__ == tuple(dicomconstruct.__version__.split("."))


def test_bytes_length_exception_is_a_dicom_error():
    assert issubclass(BytesLengthException, DicomError)


def test_every_difference_has_a_known_category_and_a_reason():
    data = json.loads((ROOT / "compat/differences.json").read_text())
    for entry in data["differences"]:
        assert entry["category"] in data["categories"], entry
        assert entry["reason"].strip(), entry
        assert entry["test"].startswith("tests/"), entry


def test_keyword_dict_maps_every_standard_keyword_to_its_tag():
    from dicomconstruct import datadict

    assert datadict.keyword_dict["PatientName"] == 0x00100010
    assert datadict.DicomDictionary[0x00100010][4] == "PatientName"
    assert "60xx3000" in datadict.RepeatersDictionary
    assert all(
        datadict.tag_for_keyword(k) == t for k, t in list(datadict.keyword_dict.items())[:50]
    )


def test_env_info_reports_dicomconstruct_and_construct(capsys):
    from dicomconstruct import env_info

    env_info.main()
    modules = [line.split("|")[0].strip() for line in capsys.readouterr().out.splitlines()[2:]]
    assert modules[:4] == ["platform", "Python", "dicomconstruct", "construct"]


def test_a_private_transfer_syntax_registered_is_known_to_the_tables():
    from dicomconstruct import tables, uid

    registered = uid.register_transfer_syntax("1.2.3.4.5.6.7", False, True)
    assert registered in uid.PrivateTransferSyntaxes
    assert registered.is_transfer_syntax and not registered.is_implicit_VR
    assert tables.transfer_syntax("1.2.3.4.5.6.7").little_endian
    with pytest.raises(ValueError, match="must be set"):
        uid.register_transfer_syntax("1.2.3.4.5.6.8")
    with pytest.raises(DicomError):
        uid.UID("1.2.840.10008.1.2").set_private_encoding(False, False)


def test_a_private_encoding_set_on_a_uid_stays_on_that_uid_and_its_copies():
    import io

    from dicomconstruct import uid
    from dicomconstruct.dataset import Dataset, FileMetaDataset

    own = uid.UID("1.2.3.4.5.6.9")
    own.set_private_encoding(False, True)
    assert own.is_transfer_syntax and own.private_encoding == (False, True)
    assert uid.UID(own).private_encoding == (False, True)  # as pydicom: a copy keeps it
    assert not uid.UID("1.2.3.4.5.6.9").is_transfer_syntax  # nothing else changed
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = "1.2.3.4.5.6.9"
    assert meta._tsyntax_encoding == (None, None)
    meta.TransferSyntaxUID = own
    assert meta._tsyntax_encoding == (False, True)
    ds = Dataset()
    ds.file_meta = meta
    ds.PatientName = "A^B"
    out = io.BytesIO()
    ds.save_as(out)  # written in the encoding the UID carries: explicit VR little endian
    assert b"\x10\x00\x10\x00PN\x04\x00A^B " in out.getvalue()


def _suite_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "run_pydicom_suite", ROOT / "compat/run_pydicom_suite.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_page_lists_every_difference_as_the_file_renders_it():
    suite = _suite_script()
    data = suite.load_differences()
    page = (ROOT / "docs/pydicom.md").read_text()
    section = page.split(suite.DOCS_START)[1].split(suite.DOCS_END)[0]
    assert section.strip() == suite.render_differences(data).strip()
    assert all(f"`{entry['test']}`" in section for entry in data["differences"])


def test_suite_results_are_read_per_module_from_junit_xml(tmp_path):
    suite = _suite_script()
    xml = tmp_path / "r.xml"
    xml.write_text(
        "<testsuites><testsuite>"
        '<testcase classname="tests.test_tag.TestTag" name="test_a"/>'
        '<testcase classname="tests.test_tag.TestTag" name="test_b"><failure/></testcase>'
        '<testcase classname="tests.pixels.test_utils" name="test_c"><skipped/></testcase>'
        '<testcase classname="" name="tests.test_hooks"><error/></testcase>'
        "</testsuite></testsuites>"
    )
    found = suite.results(xml)
    assert found == {
        "tests/test_tag.py::TestTag::test_a": "passed",
        "tests/test_tag.py::TestTag::test_b": "failed",
        "tests/pixels/test_utils.py::test_c": "skipped",
        "tests/test_hooks.py": "error",
    }
    counts = suite.per_module(found)
    assert counts["test_tag"] == {"passed": 1, "failed": 1}
    entry = {"test": "tests/test_hooks.py*", "category": "not-implemented", "reason": "x"}
    assert suite.explained("tests/test_hooks.py", [entry]) is entry
    assert suite.explained("tests/test_tag.py::TestTag::test_b", [entry]) is None


def test_examples_fall_back_to_pydicoms_data_directory(monkeypatch, tmp_path):
    """pydicom's examples are pydicom's files: found in the directory DICOMCONSTRUCT_PYDICOM_DATA
    names (here the installed oracle's data package), at the paths pydicom's examples give."""
    import pydicom.data
    import pydicom.examples

    from dicomconstruct import examples
    from dicomconstruct.dataset import FileDataset

    monkeypatch.delenv(examples.PYDICOM_DATA_ENV, raising=False)
    with pytest.raises(FileNotFoundError, match=examples.PYDICOM_DATA_ENV):
        examples.get_path("ct")
    monkeypatch.setenv(examples.PYDICOM_DATA_ENV, str(tmp_path))  # a directory without them
    with pytest.raises(FileNotFoundError, match="'CT_small.dcm'.* nor in"):
        examples.get_path("ct")

    monkeypatch.setenv(examples.PYDICOM_DATA_ENV, str(Path(pydicom.data.__file__).parent))
    for name in examples._DATASETS:
        assert examples.get_path(name) == pydicom.examples.get_path(name), name
    ct = examples.ct
    assert isinstance(ct, FileDataset) and ct is not examples.ct
    assert ct.PatientName == "CompressedSamples^CT1"
    assert examples.dicomdir.DirectoryRecordSequence[0].DirectoryRecordType == "PATIENT"
    with pytest.raises(ValueError, match="No example dataset exists with the name 'foo'"):
        examples.get_path("foo")
