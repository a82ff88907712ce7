"""Benchmark: the construct engine (``dcmread(..., engine="construct")``) beside the default
engine (the one walk) and pydicom, reading and writing back the same files (PS3.10 §7).

The construct engine is the reference, slow by design; this says how slow, as ratios to the
default engine and to pydicom, over pydicom's corpus and pydicom-data (``bench/run.py``'s
corpus), then on ``bench/run.py``'s segmentation of 10,000 frames (60,000 items) of defined and
undefined lengths. CPU time, best of ``--repeat`` passes. Run ``python bench/engine.py --help``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

# Run from a checkout without installing: the package next to this script comes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pydicom  # noqa: E402

from dicomconstruct import dcmread, dcmwrite  # noqa: E402
from dicomconstruct.engine import write_with_construct  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).with_name("run.py"))
run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run)  # the corpus and the segmentation of bench/run.py


def _every_sequence(ds) -> None:
    """Parse what is still lazy (defined-length sequences), decoding no other value: the
    construct engine parses every sequence at reading."""
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                _every_sequence(item)


def construct_read(path: Path):
    return dcmread(path, force=True, engine="construct")


def default_read(path: Path):
    ds = dcmread(path, force=True)
    _every_sequence(ds)
    return ds


def pydicom_read(path: Path):
    ds = pydicom.dcmread(path, force=True)
    _every_sequence(ds)
    return ds


ENGINES: dict[str, tuple[Callable, Callable]] = {
    "construct engine": (construct_read, lambda ds, out: write_with_construct(ds, out)),
    "default (walk)": (default_read, lambda ds, out: dcmwrite(out, ds)),
    "pydicom 3.0.2": (pydicom_read, lambda ds, out: ds.save_as(out)),
}


def readable(paths: list[Path]) -> list[Path]:
    """The files all three read and write back (also the warm-up)."""
    kept = []
    for path in paths:
        try:
            for read, write in ENGINES.values():
                write(read(path), io.BytesIO())
        except Exception:  # noqa: BLE001 - pydicom's errors are its own
            continue
        kept.append(path)
    return kept


def cpu(task: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    task()
    return time.process_time() - start


def ratios(seconds: float, default: float, pydicom_seconds: float) -> str:
    return f"{seconds / default:>9.2f}{seconds / pydicom_seconds:>11.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is kept")
    parser.add_argument("--slowest", type=int, default=5, help="files to list")
    parser.add_argument(
        "--frames", type=int, default=10_000, help="frames of the segmentation (0: none)"
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    paths = readable(run.corpus())
    print(f"{len(paths)} files all three read and write (pydicom's corpus and pydicom-data)")
    times: dict[str, tuple[float, float]] = {}
    for name, (read, write) in ENGINES.items():
        reads = min(cpu(lambda read=read: [read(p) for p in paths]) for _ in range(args.repeat))
        trees = [read(p) for p in paths]
        writes = min(
            cpu(lambda write=write, trees=trees: [write(ds, io.BytesIO()) for ds in trees])
            for _ in range(args.repeat)
        )
        times[name] = (reads, writes)
    default, theirs = times["default (walk)"], times["pydicom 3.0.2"]
    print(f"{'engine':<20}{'read':>9}{'× default':>10}{'× pydicom':>11}", end="")
    print(f"{'write':>9}{'× default':>10}{'× pydicom':>11}")
    for name, (reads, writes) in times.items():
        print(f"{name:<20}{reads * 1000:>7.0f}ms{ratios(reads, default[0], theirs[0])}", end="")
        print(f"{writes * 1000:>7.0f}ms{ratios(writes, default[1], theirs[1])}")
    per_file = sorted(
        ((cpu(lambda p=p: construct_read(p)), cpu(lambda p=p: default_read(p)), p) for p in paths),
        key=lambda row: row[0],
        reverse=True,
    )
    print(f"slowest {args.slowest} files for the construct engine (read, CPU):")
    for slow, fast, path in per_file[: args.slowest]:
        ratio = f"{slow / fast:.0f}× default" if fast else "-"
        print(f"  {path.name:<48}{slow * 1000:>8.1f}ms  ({ratio})")
    if args.frames:
        segmentations(args.frames)
    return 0


def segmentations(frames: int) -> None:
    """bench/run.py's segmentation of ``frames`` frames (6 items each), both lengths."""
    with tempfile.TemporaryDirectory() as folder:
        for undefined in (False, True):
            path = Path(folder) / "items.dcm"
            path.write_bytes(run.segmentation(frames, undefined))
            times = {name: cpu(lambda r=read, p=path: r(p)) for name, (read, _) in ENGINES.items()}
            length = "undefined" if undefined else "defined"
            print(f"segmentation, {frames * 6:,} items of {length} length (read, CPU):")
            for name, seconds in times.items():
                print(
                    f"  {name:<20}{seconds * 1000:>8.0f}ms"
                    f"{ratios(seconds, times['default (walk)'], times['pydicom 3.0.2'])}"
                )


if __name__ == "__main__":
    raise SystemExit(main())
