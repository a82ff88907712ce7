"""Benchmark: the construct engine (dicomconstruct.engine) beside the fast reader and pydicom,
reading and writing back the same files (PS3.10 §7).

The construct engine is the reference, slow by design; this says how slow, per pass over the
corpus and on its slowest files. Run ``python bench/engine.py --help``.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

# Run from a checkout without installing: the package next to this script comes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pydicom  # noqa: E402
import pydicom.data  # noqa: E402

from dicomconstruct import DicomError, dcmread, dcmwrite  # noqa: E402
from dicomconstruct.engine import read_with_construct, write_with_construct  # noqa: E402

NOT_DICOM = (".txt", ".json", ".gz", ".dump", ".icc", ".md", ".bz2", ".py", ".pyc")


def corpus() -> list[Path]:
    """pydicom's wheel (test_files, charset_files, palettes) and pydicom-data."""
    root = Path(pydicom.data.__file__).parent
    files: list[Path] = []
    for folder in ("test_files", "charset_files", "palettes"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    try:
        from importlib.metadata import entry_points

        for entry in entry_points(group="pydicom.data.external_sources"):
            files += sorted(Path(entry.load()().data_path).glob("*.dcm"))
    except Exception as exc:  # pydicom-data missing: the wheel corpus alone
        print(f"pydicom-data not used: {exc}", file=sys.stderr)
    return [p for p in files if not p.name.endswith(NOT_DICOM) and p.name != "README"]


def _every_sequence(ds) -> None:
    """Parse what is still lazy (dcmread's defined-length sequences), decoding no value."""
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                _every_sequence(item)


def fast_read(path: Path):
    ds = dcmread(path, force=True)
    _every_sequence(ds)
    return ds


def construct_read(path: Path):
    return read_with_construct(path, force=True)  # every sequence parsed already


def pydicom_read(path: Path):
    ds = pydicom.dcmread(path, force=True)
    _every_sequence(ds)
    return ds


READERS: dict[str, Callable] = {
    "construct engine": construct_read,
    "dicomconstruct (fast)": fast_read,
    "pydicom": pydicom_read,
}
WRITERS: dict[str, Callable] = {
    "construct engine": lambda ds, out: write_with_construct(ds, out),
    "dicomconstruct (fast)": lambda ds, out: dcmwrite(out, ds),
    "pydicom": lambda ds, out: ds.save_as(out),
}


def readable(paths: list[Path]) -> list[Path]:
    """The files all three read (also the warm-up)."""
    kept = []
    for path in paths:
        try:
            for read in READERS.values():
                read(path)
        except (DicomError, Exception):  # noqa: BLE001 - pydicom's errors are its own
            continue
        kept.append(path)
    return kept


def cpu(task: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    task()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is kept")
    parser.add_argument("--slowest", type=int, default=5, help="files to list")
    parser.add_argument(
        "--items", type=int, default=10_000, help="frames of bench/run.py's segmentation (0: none)"
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    paths = readable(corpus())
    print(f"{len(paths)} files all three engines read (pydicom's corpus and pydicom-data)")
    rows = []
    for name, read in READERS.items():
        write = WRITERS[name]
        reads = min(cpu(lambda read=read: [read(p) for p in paths]) for _ in range(args.repeat))
        trees = [read(p) for p in paths]
        writes = min(
            cpu(lambda write=write, trees=trees: [write(ds, io.BytesIO()) for ds in trees])
            for _ in range(args.repeat)
        )
        rows.append((name, reads, writes))
    fast_read_time, fast_write_time = rows[1][1], rows[1][2]
    print(f"{'engine':<24}{'read (CPU)':>12}{'× fast':>8}{'write (CPU)':>13}{'× fast':>8}")
    for name, reads, writes in rows:
        print(
            f"{name:<24}{reads * 1000:>10.0f}ms{reads / fast_read_time:>8.1f}"
            f"{writes * 1000:>11.0f}ms{writes / fast_write_time:>8.1f}"
        )
    per_file = sorted(
        ((cpu(lambda p=p: construct_read(p)), cpu(lambda p=p: fast_read(p)), p) for p in paths),
        key=lambda row: row[0],
        reverse=True,
    )
    print(f"slowest {args.slowest} files for the construct engine (read, CPU):")
    for slow, fast, path in per_file[: args.slowest]:
        ratio = f"{slow / fast:.0f}×" if fast else "-"
        print(f"  {path.name:<48}{slow * 1000:>8.1f}ms  fast {fast * 1000:.1f}ms  ({ratio})")
    if args.items:
        items_files(args.items)
    return 0


def items_files(frames: int) -> None:
    """bench/run.py's segmentation of ``frames`` frames (6 items each), both lengths."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).with_name("run.py"))
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    with tempfile.TemporaryDirectory() as folder:
        for undefined in (False, True):
            path = Path(folder) / "items.dcm"
            path.write_bytes(run.segmentation(frames, undefined))
            times = {
                name: cpu(lambda read=read, path=path: read(path)) for name, read in READERS.items()
            }
            fast = times["dicomconstruct (fast)"]
            length = "undefined" if undefined else "defined"
            print(
                f"segmentation of {frames:,} frames ({frames * 6:,} items) of {length} length "
                "(read, CPU):"
            )
            for name, seconds in times.items():
                print(f"  {name:<24}{seconds * 1000:>8.0f}ms{seconds / fast:>8.1f}× fast")


if __name__ == "__main__":
    raise SystemExit(main())
