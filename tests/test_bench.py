"""The files bench/ generates are what it says they are (it times nothing here: these
machines are too noisy for timing assertions)."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest

import dicomconstruct

BENCH = Path(__file__).resolve().parent.parent / "bench"
_spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run)


@pytest.mark.parametrize("undefined_length", [False, True])
def test_segmentation_has_the_items_it_says_in_the_lengths_it_says(undefined_length):
    data = run.segmentation(7, undefined_length)
    ours = dicomconstruct.dcmread(io.BytesIO(data))
    theirs = pydicom.dcmread(io.BytesIO(data))
    frames = ours.PerFrameFunctionalGroupsSequence
    assert len(frames) == 7 == len(theirs.PerFrameFunctionalGroupsSequence)
    assert frames[6].FrameContentSequence[0].DimensionIndexValues == [1, 7]
    source = frames[3].DerivationImageSequence[0].SourceImageSequence[0]
    assert source.ReferencedSOPInstanceUID == "2.25.23"
    sequences = [e for e in ours.iterall() if e.VR == "SQ"]
    assert len(sequences) == 1 + 7 * 5
    assert all(e.is_undefined_length == undefined_length for e in sequences)
    items = [item for e in sequences for item in e.value]
    assert len(items) == 7 * 6
    assert all(i.is_undefined_length_sequence_item == undefined_length for i in items)
    assert [e.tag for e in ours.iterall()] == [e.tag for e in theirs.iterall()]


def test_scale_file_is_a_multiframe_image_and_each_operation_reports(tmp_path):
    path = tmp_path / "multiframe.dcm"
    script = str(BENCH / "scale.py")
    subprocess.run([sys.executable, script, "make", str(path), "2"], check=True)
    ds = dicomconstruct.dcmread(path, stop_before_pixels=True)
    frame = ds.Rows * ds.Columns * ds.BitsAllocated // 8
    assert ds.NumberOfFrames * frame == 2 << 20
    full = dicomconstruct.dcmread(path)
    assert len(full.PixelData) == 2 << 20 and full.PixelData[:3] == b"\0\1\2"
    assert pydicom.dcmread(path).PixelData == full.PixelData
    for operation in run.SCALE_OPERATIONS:
        out = subprocess.run(
            [sys.executable, script, "run", "dicomconstruct", operation, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout)
        assert figures["seconds"] > 0 and figures["peak_added"] >= 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["multiframe.dcm"]  # no output left
