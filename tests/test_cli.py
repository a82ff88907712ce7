"""The ``dicomconstruct`` command as people use it: several files, filters, pipes, stdin, option
errors, DICOM JSON output; pydicom's ``show`` output and dcmdump's values as the oracles."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_charset_files, get_testdata_file

from dicomconstruct.cli import main, tag_filter
from dicomconstruct.cli.show_command import element_line

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXPLICIT = str(TESTDATA / "explicit_le.dcm")
BROKEN = str(TESTDATA / "malformed/item_missing_delimiter.dcm")
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def cli(*args: str, stdin=None, shell_tail: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dicomconstruct", *args]
    if shell_tail:
        command = ["bash", "-c", " ".join(command) + shell_tail]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=ENV, stdin=stdin)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# --- show: pydicom's text, without reading long values ---------------------------------------
@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_RLE.dcm", "rtplan.dcm", "chrFren.dcm"])
def test_show_prints_what_pydicom_prints(capsys, name):
    path = get_testdata_file(name) or get_charset_files(name)[0]
    status, out, _ = run_main(capsys, "show", path)
    assert status == 0
    assert out == str(pydicom.dcmread(path)) + "\n"


def test_show_of_a_value_left_in_the_file_prints_its_length_without_reading_it(capsys):
    path = get_testdata_file("CT_small.dcm")
    from dicomconstruct import dcmread

    ds = dcmread(path, defer_size=1024)
    pixels = ds["PixelData"]
    assert pixels.is_deferred
    assert element_line(pixels, None) == str(pydicom.dcmread(path)["PixelData"])
    assert pixels.is_deferred  # printing did not read it
    status, out, _ = run_main(capsys, "show", "--max-length", "1 KB", "-t", "PixelData", path)
    assert out == "(7FE0,0010) Pixel Data                          OW: Array of 32768 elements\n"


def test_max_length_names_values_of_other_vrs_by_length_or_count(capsys):
    _, out, _ = run_main(
        capsys, "show", "--max-length", "8", "-t", "ImageType", "-t", "0043,104E", EXPLICIT
    )
    assert out.splitlines() == [
        "(0008,0008) Image Type                          CS: value of 22 bytes, not read (--max-length 8)",
        "(0043,104E) [Duration of X-ray on]              FL: 10.5",
    ]


# --- several files, directories, exit status ------------------------------------------------
def test_several_files_each_with_a_header_line_and_the_worst_status(capsys):
    status, out, _ = run_main(capsys, "inspect", "-q", EXPLICIT, BROKEN)
    lines = out.splitlines()
    assert lines[0] == f"# {EXPLICIT} (1/2)"
    assert lines[1] == f"# {BROKEN} (2/2)"
    assert "!! missing-item-delimiter" in lines[2]
    assert status == 1
    assert run_main(capsys, "show", EXPLICIT, "no-such-file.dcm")[0] == 2


def test_a_directory_gives_its_dicom_files_and_r_the_ones_below(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    shutil.copy(EXPLICIT, tmp_path / "a.dcm")
    shutil.copy(BROKEN, tmp_path / "sub" / "b")
    (tmp_path / "notes.txt").write_text("not DICOM")
    status, out, _ = run_main(capsys, "inspect", "-q", str(tmp_path))
    assert status == 0 and out == ""  # one file: no header line, no problem
    status, out, _ = run_main(capsys, "inspect", "-q", "-r", str(tmp_path))
    headers = [line for line in out.splitlines() if line.startswith("# ")]
    assert headers == [f"# {tmp_path / 'a.dcm'} (1/2)", f"# {tmp_path / 'sub' / 'b'} (2/2)"]
    assert status == 1


# --- filters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", ["PatientName", "0010,0010", "(0010,0010)", "00100010"])
def test_tag_filter_forms(spec, capsys):
    _, out, _ = run_main(capsys, "show", "-t", spec, EXPLICIT)
    assert out == "(0010,0010) Patient's Name                      PN: 'Doe^John'\n"


def test_a_path_into_sequences_and_pydicoms_file_element_form(capsys):
    path = get_testdata_file("rtplan.dcm")
    theirs = pydicom.dcmread(path).BeamSequence[0].ControlPointSequence[0]
    _, out, _ = run_main(
        capsys, "show", "-t", "BeamSequence[0].ControlPointSequence[0].NominalBeamEnergy", path
    )
    assert out == str(theirs["NominalBeamEnergy"]) + "\n"
    _, out, _ = run_main(capsys, "show", path + "::BeamSequence[0].BeamName")
    assert out == "Field 1\n"


def test_a_missing_path_is_one_line_and_status_1(capsys):
    status, out, err = run_main(
        capsys, "show", "-t", "ProcedureCodeSequence[3].CodeValue", EXPLICIT
    )
    assert status == 1 and out == ""
    assert (
        err
        == f"dicomconstruct: {EXPLICIT}: ProcedureCodeSequence[3].CodeValue: (0008,1032) has 1 item(s)\n"
    )


def test_inspect_filters_keep_what_is_inside_a_matched_sequence(capsys):
    _, out, _ = run_main(capsys, "inspect", "-t", "ReferencedSeriesSequence", BROKEN)
    tags = [
        line.split()[1]
        for line in out.splitlines()
        if "!!" not in line and "in dataset" not in line
    ]
    assert tags == ["(0008,1115)", "(FFFE,E000)", "(0020,000E)", "(FFFE,E0DD)"]


def test_no_private_leaves_out_private_elements_and_their_contents(capsys):
    path = str(TESTDATA / "private_sq.dcm")
    _, out, _ = run_main(capsys, "inspect", "--no-private", path)
    listed = {line.split()[1][1:5] for line in out.splitlines() if line.split()[1].startswith("(")}
    assert listed and not any(int(group, 16) & 1 for group in listed if group != "FFFE")
    _, shown, _ = run_main(capsys, "show", "--no-private", path)
    assert shown.strip() and "Private" not in shown and "[" not in shown


def test_bad_tag_filter_is_an_option_error():
    with pytest.raises(Exception, match="no keyword"):
        tag_filter("NotAKeyword")


# --- option errors, pipes, stdin, version -----------------------------------------------------
@pytest.mark.parametrize(
    "args, option",
    [
        (["show", "--defer-size", "lots", EXPLICIT], "--defer-size"),
        (["show", "--max-length", "-3", EXPLICIT], "--max-length"),
        (["inspect", "-t", "Nope", EXPLICIT], "-t/--tag"),
        (["show", "--no-such-option", EXPLICIT], "--no-such-option"),
    ],
)
def test_option_errors_are_one_line_naming_the_option(args, option):
    run = cli(*args)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and option in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_closed_pipe_ends_quietly_with_status_0():
    run = cli("inspect", EXPLICIT, shell_tail=" | head -1; echo status ${PIPESTATUS[0]}")
    assert run.stdout == "       0  preamble  128  all zero\nstatus 0\n"
    assert run.stderr == ""


def test_dash_reads_standard_input():
    with open(EXPLICIT, "rb") as file:
        shown = cli("show", "-t", "PatientID", "-", stdin=file)
    assert shown.stdout == "(0010,0020) Patient ID                          LO: 'ID0001'\n"
    with open(BROKEN, "rb") as file:
        inspected = cli("inspect", "-q", "-", stdin=file)
    assert inspected.returncode == 1 and "missing-item-delimiter" in inspected.stdout


def test_version():
    from dicomconstruct import __version__

    run = cli("--version")
    assert (run.returncode, run.stdout) == (0, f"dicomconstruct {__version__}\n")


def test_errors_say_the_options_name_for_force():
    run = cli("show", get_testdata_file("no_meta.dcm"))
    assert run.returncode == 1
    assert "--force" in run.stderr and "force=True" not in run.stderr
    assert cli("show", "--force", get_testdata_file("no_meta.dcm")).returncode == 0


# --- JSON: the DICOM JSON Model --------------------------------------------------------------
def test_show_json_is_pydicoms_dicom_json(capsys):
    path = get_testdata_file("rtplan.dcm")
    _, out, _ = run_main(capsys, "show", "--json", path)
    theirs = pydicom.dcmread(path)
    expected = theirs.file_meta.to_json_dict()
    expected.update(theirs.to_json_dict())
    assert json.loads(out) == expected


def test_show_json_gives_long_binary_values_as_bulk_data_uris(capsys):
    path = get_testdata_file("CT_small.dcm")
    _, out, _ = run_main(capsys, "show", "--json", "--max-length", "1 KB", "-t", "PixelData", path)
    pixels = json.loads(out)["7FE00010"]
    assert pixels["vr"] == "OW"
    uri = pixels["BulkDataURI"]
    offset, length = (int(part.split("=")[1]) for part in uri.split("?")[1].split("&"))
    raw = Path(path).read_bytes()[offset : offset + length]
    assert raw == pydicom.dcmread(path).PixelData


def test_inspect_json_values_are_dicom_json_values(capsys):
    path = get_testdata_file("CT_small.dcm")
    _, out, _ = run_main(capsys, "inspect", "--json", path)
    elements = {e["tag"]: e for e in json.loads(out)["elements"] if e["depth"] == 0}
    theirs = pydicom.dcmread(path)
    checked = 0
    for elem in theirs.iterall():
        if elem.tag.group == 0x7FE0 or elem.VR == "SQ" or elem.tag.is_private:
            continue
        ours = elements.get(f"({elem.tag.group:04X},{elem.tag.element:04X})")
        if ours is None or ours["depth"] != 0:
            continue
        attribute = theirs[elem.tag].to_json_dict(None, 1024)
        assert ours["keyword"] == elem.keyword and ours["name"] == elem.name
        if "InlineBinary" in attribute:
            assert ours["InlineBinary"] == attribute["InlineBinary"]
            assert base64.b64decode(ours["InlineBinary"]) == elem.value
        else:
            assert ours["value"] == attribute.get("Value", []), elem
        checked += 1
    assert checked > 30


def test_inspect_json_of_several_files_is_a_list(capsys):
    status, out, _ = run_main(capsys, "inspect", "--json", EXPLICIT, BROKEN)
    reports = json.loads(out)
    assert [r["file"] for r in reports] == [EXPLICIT, BROKEN]
    assert status == 1 and reports[1]["problems"][0]["kind"] == "missing-item-delimiter"


def test_inspect_names_private_elements_through_their_creator(capsys):
    _, out, _ = run_main(capsys, "inspect", "-t", "0043,104E", EXPLICIT)
    assert out.rstrip().endswith("# [Duration of X-ray on]")


@pytest.mark.skipif(shutil.which("dcmdump") is None, reason="dcmdump (dcmtk) not installed")
def test_inspect_json_values_agree_with_dcmdump(capsys):
    path = get_testdata_file("CT_small.dcm")
    dump = subprocess.run(["dcmdump", "+P", "0020,0032", path], capture_output=True, text=True)
    their_values = dump.stdout.split("[")[1].split("]")[0].split("\\")
    _, out, _ = run_main(capsys, "inspect", "--json", "-t", "ImagePositionPatient", path)
    (element,) = json.loads(out)["elements"]
    assert element["value"] == [float(v) for v in their_values]


# --- pydicom's cli API -------------------------------------------------------------------------
def test_pydicom_cli_main_module_and_the_command_coexist(capsys):
    import dicomconstruct.cli
    import dicomconstruct.cli.main as pydicom_cli

    pydicom_cli.main(["show", EXPLICIT + "::PatientName"])
    assert capsys.readouterr().out == "Doe^John\n"
    assert dicomconstruct.cli.main(["show", EXPLICIT + "::Rows"]) == 0
    assert capsys.readouterr().out == "2\n"


# --- progress ----------------------------------------------------------------------------------
def test_progress_bar_goes_to_stderr_when_asked_and_never_otherwise(capsys, monkeypatch):
    from dicomconstruct.cli import progress

    monkeypatch.setattr(progress, "DELAY_SECONDS", 0)  # draw at once (normally after ~1 s)
    for command in ("inspect", "show"):
        status, out, err = run_main(capsys, command, "-q", "--progress", EXPLICIT, BROKEN)
        assert "%|" in err, err  # tqdm's bar
        assert "%|" not in out
        _, _, err = run_main(capsys, command, "-q", "--no-progress", EXPLICIT, BROKEN)
        assert "%|" not in err
        _, _, err = run_main(capsys, command, "-q", EXPLICIT, BROKEN)  # stderr is no terminal
        assert "%|" not in err
    _, _, err = run_main(capsys, "inspect", "-q", "--progress", EXPLICIT)  # one file: by offset
    assert "%|" in err


def test_progress_without_tqdm_says_what_to_install(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails
    status, _, err = run_main(capsys, "inspect", "-q", "--progress", EXPLICIT)
    assert status == 0
    assert (
        err == "dicomconstruct: progress bars need tqdm: pip install 'dicomconstruct[progress]'\n"
    )


def test_show_json_of_several_files_is_an_array_in_their_order(capsys):
    status, out, err = run_main(capsys, "show", "--json", "-t", "PatientID", BROKEN, EXPLICIT)
    assert json.loads(out) == [None, {"00100020": {"vr": "LO", "Value": ["ID0001"]}}]
    assert status == 1 and "unexpected Sequence Delimitation Item" in err
