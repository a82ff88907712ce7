"""Benchmark of pixel data: dicomconstruct.pixels against pydicom 3.0.2 with the same plugins,
in one run (issue 14's targets).

``python bench/pixels.py`` prints, for each task, both times and their ratio (ours / pydicom's):
(a) native ``pixel_array`` per MB, (b) RLE decode with the pure-Python plugin, (c) RLE encode
with the pure-Python encoder, (d) decoding with each codec plugin, (e) the peak memory of
``pixel_array(path, index=k)``, ``iter_pixels(path)`` and ``ds.pixel_array`` on a 128 MB
native file, each in a fresh process. ``--corpus`` also decodes every corpus file with every
plugin and counts identical arrays per transfer syntax (the full form of tests/test_pixels.py).
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pydicom  # noqa: E402
import pydicom.data  # noqa: E402
from pydicom.uid import RLELossless  # noqa: E402

import dicomconstruct  # noqa: E402
import dicomconstruct.pixels  # noqa: E402

warnings.simplefilter("ignore")
LIBRARIES = {"dicomconstruct": dicomconstruct, "pydicom": pydicom}
TARGETS = {}


def best_of(functions: dict, repeat: int = 5) -> dict:
    """The best of ``repeat`` runs of each function, in seconds, the libraries taking turns
    (the machine is shared: the minimum is the least disturbed run, and turns spread any
    disturbance over both)."""
    times: dict = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def line(task: str, ours: float, theirs: float, unit: str, target: float | None) -> None:
    ratio = ours / theirs if theirs else float("inf")
    verdict = "" if target is None else ("  ok" if ratio <= target else f"  MISSED (≤{target})")
    TARGETS[task] = (ratio, target)
    print(f"{task:<44} {ours:>9.2f} {theirs:>9.2f} {unit:<7} {ratio:>5.2f}x{verdict}")


# ---------------------------------------------------------------------------------------------
def make_native(path: Path, frames: int, rows: int = 512, columns: int = 512) -> Path:
    """A multi-frame 16-bit native file made from a real CT slice (pydicom-data's 693_UNCR),
    each frame shifted so that frames differ."""
    source = pydicom.data.get_testdata_file("693_UNCR.dcm") or pydicom.data.get_testdata_file(
        "CT_small.dcm"
    )
    image = pydicom.dcmread(source).pixel_array.astype(np.uint16)
    image = np.resize(image, (rows, columns))
    stack = np.stack([np.roll(image, k, axis=1) for k in range(frames)])
    ds = pydicom.dcmread(pydicom.data.get_testdata_file("CT_small.dcm"))
    ds.set_pixel_data(stack if frames > 1 else stack[0], "MONOCHROME2", 16)
    ds.save_as(path, enforce_file_format=True)
    return path


def native_per_mb(path: Path) -> None:
    size = os.path.getsize(path) / 1e6
    runs = {
        name: (lambda lib=lib: lib.dcmread(path).pixel_array) for name, lib in LIBRARIES.items()
    }
    times = {name: t * 1000 / size for name, t in best_of(runs, 7).items()}
    line("(a) native ds.pixel_array", times["dicomconstruct"], times["pydicom"], "ms/MB", 1.0)


def rle_decode(path: Path) -> None:
    rle_path = path.with_name("rle.dcm")
    ds = pydicom.dcmread(path)
    ds.compress(RLELossless, encoding_plugin="pylibjpeg")
    ds.save_as(rle_path)
    size = ds.Rows * ds.Columns * 2 * int(ds.get("NumberOfFrames", 1)) / 1e6
    runs = {}
    for name, lib in LIBRARIES.items():
        data = lib.dcmread(rle_path)
        runs[name] = lambda lib=lib, data=data: lib.pixels.pixel_array(
            data, decoding_plugin="pydicom"
        )
    times = {name: t * 1000 / size for name, t in best_of(runs, 3).items()}
    line("(b) RLE decode, pure Python", times["dicomconstruct"], times["pydicom"], "ms/MB", 0.5)


def rle_encode(path: Path) -> None:
    outputs = {}
    runs = {}
    for name, lib in LIBRARIES.items():
        arr = lib.dcmread(path).pixel_array

        def run(lib=lib, arr=arr, name=name):
            copy = lib.dcmread(path)
            copy.compress(RLELossless, arr, encoding_plugin="pydicom")
            outputs[name] = copy.PixelData

        runs[name] = run
    times = best_of(runs, 1)
    assert outputs["dicomconstruct"] == outputs["pydicom"], "encoders disagree"
    line(
        "(c) RLE encode 8×512×512×16, pure Python",
        times["dicomconstruct"],
        times["pydicom"],
        "s",
        0.5,
    )


PLUGIN_FILES = [
    ("SC_rgb_jpeg_dcmtk.dcm", "pillow"),
    ("SC_rgb_jpeg_dcmtk.dcm", "pylibjpeg"),
    ("MR2_J2KR.dcm", "pylibjpeg"),
    ("MR2_J2KR.dcm", "pillow"),
    ("emri_small_jpeg_ls_lossless.dcm", "pyjpegls"),
    ("emri_small_RLE.dcm", "pylibjpeg"),
]


def plugins() -> None:
    for name, plugin in PLUGIN_FILES:
        path = pydicom.data.get_testdata_file(name)
        if path is None:
            continue
        runs = {}
        for label, lib in LIBRARIES.items():
            ds = lib.dcmread(path)
            runs[label] = lambda lib=lib, ds=ds, plugin=plugin: lib.pixels.pixel_array(
                ds, decoding_plugin=plugin
            )
        times = {label: t * 1000 for label, t in best_of(runs, 7).items()}
        line(f"(d) {name} with {plugin}", times["dicomconstruct"], times["pydicom"], "ms", 1.05)


PEAK = """
import resource, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {root!r})
lib = __import__(sys.argv[1])
import {module}.pixels
import numpy
path, task = sys.argv[2], sys.argv[3]
import os
# warm up: the reader's tables load on the first read (not a cost of pixel data)
lib.dcmread(path, stop_before_pixels=True)
# the resident size now (after the imports and the warm-up), against the peak afterwards:
# writing 5 to clear_refs resets the kernel's peak (VmHWM) to the current size
def status(field):
    for text in open("/proc/self/status"):
        if text.startswith(field):
            return int(text.split()[1])
before = status("VmRSS:")
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
if task == "index":
    lib.pixels.pixel_array(path, index=17)
elif task == "iter":
    for frame in lib.pixels.iter_pixels(path):
        pass
else:
    lib.dcmread(path).pixel_array
after = status("VmHWM:")
print((after - before) / 1024)
"""


def peaks(path: Path, frame_mb: float) -> None:
    for task, target in (("index", 2 * frame_mb + 8), ("iter", 2 * frame_mb + 8), ("whole", None)):
        mb = {}
        for name in LIBRARIES:
            script = PEAK.format(root=str(ROOT), module=name)
            out = subprocess.run(
                [sys.executable, "-c", script, name, str(path), task],
                capture_output=True,
                text=True,
                check=True,
            )
            mb[name] = float(out.stdout.split()[-1])
        label = {"index": "pixel_array(path, index=k)", "iter": "iter_pixels(path)"}.get(
            task, "ds.pixel_array, 128 MB file"
        )
        ratio_target = None if target is None else target / max(mb["pydicom"], 0.01)
        print(
            f"(e) peak RSS over imports, {label:<28} {mb['dicomconstruct']:>7.1f} "
            f"{mb['pydicom']:>7.1f} MB   target ≤ "
            + (f"{target:.1f} MB" if target else "pydicom's")
            + (
                "  ok"
                if (target and mb["dicomconstruct"] <= target)
                or (target is None and mb["dicomconstruct"] <= mb["pydicom"])
                else "  MISSED"
            )
        )
        del ratio_target


# ---------------------------------------------------------------------------------------------
def same_arrays() -> None:
    """Every corpus file that pydicom decodes with a plugin: is ours the same array?"""
    root = Path(pydicom.data.__file__).parent / "test_files"
    files = sorted(glob.glob(str(root / "**" / "*.dcm"), recursive=True))
    try:
        import data_store

        files += sorted(
            glob.glob(os.path.join(os.path.dirname(data_store.__file__), "data", "*.dcm"))
        )
    except ImportError:
        pass
    same, differ = Counter(), Counter()
    for path in files:
        try:
            ref = pydicom.dcmread(path)
            syntax = ref.file_meta.TransferSyntaxUID
            if (
                "PixelData" not in ref
                and "FloatPixelData" not in ref
                and "DoubleFloatPixelData" not in ref
            ):
                continue
        except Exception:
            continue
        decoder = pydicom.pixels.get_decoder(syntax) if syntax.is_transfer_syntax else None
        if decoder is None:
            continue
        names = decoder.available_plugins if syntax.is_encapsulated else ("",)
        for plugin in names:
            try:
                expected = pydicom.pixels.pixel_array(ref, decoding_plugin=plugin)
            except Exception:
                continue
            key = (syntax.name, plugin or "native")
            try:
                got = dicomconstruct.pixels.pixel_array(
                    dicomconstruct.dcmread(path), decoding_plugin=plugin
                )
                ok = (
                    got.dtype == expected.dtype
                    and got.shape == expected.shape
                    and got.tobytes() == expected.tobytes()
                )
            except Exception:
                ok = False
            (same if ok else differ)[key] += 1
            if not ok:
                print(f"   differs: {os.path.basename(path)} with {plugin or 'native'}")
    print(f"{'transfer syntax':<40} {'plugin':<10} identical / decoded by pydicom")
    for key in sorted(set(same) | set(differ)):
        print(f"{key[0]:<40} {key[1]:<10} {same[key]} / {same[key] + differ[key]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="store_true", help="also compare every corpus file")
    parser.add_argument("--no-memory", action="store_true", help="skip (e), the 128 MB file")
    args = parser.parse_args()
    print(f"dicomconstruct against pydicom {pydicom.__version__}, numpy {np.__version__}")
    print(f"{'task':<44} {'ours':>9} {'pydicom':>9} {'unit':<7} ratio")
    with tempfile.TemporaryDirectory() as tmp:
        eight = make_native(Path(tmp) / "native8.dcm", 8)
        native_per_mb(eight)
        rle_decode(eight)
        rle_encode(eight)
        plugins()
        if not args.no_memory:
            big = make_native(Path(tmp) / "native256.dcm", 256)
            peaks(big, 512 * 512 * 2 / 2**20)
    if args.corpus:
        same_arrays()


if __name__ == "__main__":
    main()
