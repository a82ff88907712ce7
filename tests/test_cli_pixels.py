"""``dicomconstruct inspect --pixels``: the pixel-data checks of dicomconstruct.pixels on the
command line, for every catalogue file of testdata/malformed/pixels/."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from dicomconstruct.cli import main

CATALOGUE = Path(__file__).resolve().parent.parent / "testdata" / "malformed" / "pixels"
EXPECTED = json.loads((CATALOGUE / "expected.json").read_text())


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(list(argv))
    return status, out.getvalue()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_catalogue_problem_is_listed_with_its_frame_and_offset(name):
    status, text = _run("inspect", "-q", "--pixels", str(CATALOGUE / name))
    status_json, listing = _run("inspect", "--json", "--pixels", str(CATALOGUE / name))
    found = json.loads(listing)["pixel_problems"]
    assert {p["kind"] for p in found} >= {p["kind"] for p in EXPECTED[name]}
    for problem in found:
        assert f"{problem['kind']}: {problem['message']}" in text
    errors = any(p["severity"] == "error" for p in found)
    assert status == status_json == (1 if errors else 0)


def test_a_clean_file_has_no_pixel_problems_and_status_0(tmp_path):
    clean = Path(__file__).resolve().parent.parent / "testdata" / "explicit_le.dcm"
    assert _run("inspect", "-q", "--pixels", str(clean)) == (0, "")
    status, listing = _run("inspect", "--json", "--pixels", str(clean))
    assert status == 0 and json.loads(listing)["pixel_problems"] == []
