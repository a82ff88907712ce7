"""Benchmark: dicomconstruct against pydicom reading the same DICOM files (PS3.10 §7).

Run ``python bench/run.py --help``; bench/README.md says what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import fnmatch
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

# Run from a checkout without installing: the package next to this script comes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import construct  # noqa: E402
import pydicom  # noqa: E402
import pydicom.data  # noqa: E402

import dicomconstruct  # noqa: E402

NOT_DICOM = (".txt", ".json", ".gz", ".dump", ".icc", ".md", ".bz2", ".py", ".pyc")
LIBRARIES = ("dicomconstruct", "pydicom")
READERS = {"dicomconstruct": dicomconstruct.dcmread, "pydicom": pydicom.dcmread}


# ---------------------------------------------------------------------------------------------
# The corpus: pydicom's wheel (test_files with dicomdirtests, charset_files, palettes) and
# pydicom-data, as the test suite collects it.
def corpus() -> list[Path]:
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


def label(path: Path) -> str:
    parts = path.parts
    for anchor in ("data_store", "data"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) :])
    return path.name


# ---------------------------------------------------------------------------------------------
# The two benchmarks, the same code for both libraries.
def lazy_read(read: Callable, path: Path) -> None:
    """(a) Parse the file up to Pixel Data; decode nothing."""
    read(path, stop_before_pixels=True)


def full_read(read: Callable, path: Path) -> None:
    """(b) Parse the whole file, then decode every value, recursively, file meta included."""
    ds = read(path)
    for elem in ds.file_meta.iterall():
        _ = elem.value
    for elem in ds.iterall():
        _ = elem.value


def read_write(read: Callable, path: Path) -> None:
    """(d) Read the file and write it back, like the original, to memory."""
    read(path).save_as(io.BytesIO())


BENCHMARKS = {"lazy": lazy_read, "full": full_read, "write": read_write}


# ---------------------------------------------------------------------------------------------
# (e), (f) A file with 10,000 sequence items, like a large segmentation: per frame, the
# Per-frame Functional Groups Sequence (5200,9230) holds an item of four functional group
# macros (PS3.3 §C.7.6.16, §A.51.5), one nested two deep. dicomconstruct builds it.
def segmentation(frames: int, undefined_length: bool) -> bytes:
    from dicomconstruct import Dataset, FileMetaDataset, Sequence, dcmwrite

    def sequence(*items: Dataset) -> Sequence:
        return Sequence(items)

    def item(**values) -> Dataset:
        ds = Dataset()
        for keyword, value in values.items():
            setattr(ds, keyword, value)
        return ds

    ds = item(
        SOPClassUID="1.2.840.10008.5.1.4.1.1.66.4",  # Segmentation Storage
        SOPInstanceUID="2.25.1" + str(frames),
        Modality="SEG",
        SamplesPerPixel=1,
        PhotometricInterpretation="MONOCHROME2",
        NumberOfFrames=frames,
        Rows=16,
        Columns=16,
        BitsAllocated=1,
        BitsStored=1,
        HighBit=0,
        PixelRepresentation=0,
    )
    ds.PerFrameFunctionalGroupsSequence = sequence(
        *(
            item(
                DerivationImageSequence=sequence(
                    item(
                        SourceImageSequence=sequence(
                            item(
                                ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2",
                                ReferencedSOPInstanceUID=f"2.25.2{frame}",
                            )
                        )
                    )
                ),
                FrameContentSequence=sequence(item(DimensionIndexValues=[1, frame + 1])),
                PlanePositionSequence=sequence(item(ImagePositionPatient=[0, 0, frame / 2])),
                SegmentIdentificationSequence=sequence(item(ReferencedSegmentNumber=1)),
            )
            for frame in range(frames)
        )
    )
    if undefined_length:  # PS3.5 §7.5.2: sequences and items delimited, not counted
        for elem in ds.iterall():
            if elem.VR == "SQ":
                elem.is_undefined_length = True
                for each in elem.value:
                    each.is_undefined_length_sequence_item = True
    ds.PixelData = bytes(16 * 16 * frames // 8)
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=True)
    return out.getvalue()


def readable(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files both libraries read fully (also the warm-up), and why the others are not."""
    kept, skipped = [], []
    for path in paths:
        reasons = {}
        for name in LIBRARIES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    for benchmark in BENCHMARKS.values():
                        benchmark(READERS[name], path)
            except Exception as exc:
                message = (str(exc).splitlines() or [""])[0]
                if len(message) > 100:
                    message = message[:97] + "..."
                reasons[name] = f"{type(exc).__name__}: {message}"
        if len(set(reasons.values())) == 1 and len(reasons) == len(LIBRARIES):
            skipped.append((path, f"both: {reasons[LIBRARIES[0]]}"))
        elif reasons:
            skipped.append((path, "; ".join(f"{k}: {v}" for k, v in reasons.items())))
        else:
            kept.append(path)
    return kept, skipped


def time_pass(benchmark: Callable, read: Callable, paths: list[Path]) -> float:
    """Seconds for one pass over the corpus, warnings silenced, garbage collected before."""
    gc.collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        for path in paths:
            benchmark(read, path)
        return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# (c) Import time in a fresh interpreter: the import statement alone, startup excluded.
IMPORT_SCRIPT = (
    "import time; t = time.perf_counter(); import {name}; print(time.perf_counter() - t)"
)


def import_time(name: str) -> float:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    # both libraries import from cached bytecode (pydicom's was written when it was installed)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT.format(name=name)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=root,
    )
    return float(out.stdout.strip())


# ---------------------------------------------------------------------------------------------
def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"CPU:            {cpu} ({os.cpu_count()} logical CPUs)",
        f"Python:         {platform.python_implementation()} {platform.python_version()} "
        f"on {platform.platform()}",
        f"construct:      {construct.__version__}",
        f"pydicom:        {pydicom.__version__}",
        f"dicomconstruct: {dicomconstruct.__version__}",
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:10.1f} ms"


def spread(times: list[float]) -> str:
    return f"{min(times) * 1000:.1f}-{max(times) * 1000:.1f}"


def table(rows: list[tuple[str, list[float], list[float]]]) -> str:
    head = (
        f"{'benchmark':<26}{'dicomconstruct':>15}{'pydicom':>15}{'ratio dc/pd':>13}"
        f"   {'range dc (ms)':>15}   {'range pd (ms)':>15}"
    )
    lines = [head, "-" * len(head)]
    for name, ours, theirs in rows:
        a, b = statistics.median(ours), statistics.median(theirs)
        lines.append(
            f"{name:<26}{ms(a):>15}{ms(b):>15}{a / b:>13.2f}"
            f"   {spread(ours):>15}   {spread(theirs):>15}"
        )
    return "\n".join(lines)


def profile(benchmark: str, paths: list[Path]) -> None:
    profiler = cProfile.Profile()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        profiler.enable()
        for path in paths:
            BENCHMARKS[benchmark](dicomconstruct.dcmread, path)
        profiler.disable()
    print(f"\ncProfile of dicomconstruct, {benchmark} read of {len(paths)} files:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


# ---------------------------------------------------------------------------------------------
# (g) Scale: a huge multi-frame file, each operation in a fresh interpreter (bench/scale.py).
SCALE_OPERATIONS = {
    "stop_before_pixels": "header only (stop_before_pixels)",
    "specific_tags": "specific_tags=[PatientName]",
    "defer_size": "read, defer_size='1 MB'",
    "write_back": "read deferred, edit, write",
    "inspect": "inspect_file(path).lines()",
    "full": "plain read, PixelData accessed",
}
SCALE_SCRIPT = Path(__file__).resolve().parent / "scale.py"


def scale(folder: Path, megabytes: int) -> dict[tuple[str, str], dict]:
    path = folder / "multiframe.dcm"
    subprocess.run(
        [sys.executable, str(SCALE_SCRIPT), "make", str(path), str(megabytes)], check=True
    )
    print(
        f"\n(g) Scale: {path.stat().st_size / 1e9:.2f} GB multi-frame file, one fresh process per line"
    )
    results = {}
    for operation in SCALE_OPERATIONS:
        for name in LIBRARIES if operation != "inspect" else ("dicomconstruct",):
            out = subprocess.run(
                [sys.executable, str(SCALE_SCRIPT), "run", name, operation, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[(operation, name)] = json.loads(out.stdout.strip().splitlines()[-1])
    results["file_size"] = path.stat().st_size  # type: ignore[assignment]
    path.unlink()
    head = f"{'operation':<36}{'dicomconstruct':>16}{'peak added':>12}{'pydicom':>14}{'peak added':>12}"
    lines = [head, "-" * len(head)]
    for operation, title in SCALE_OPERATIONS.items():
        ours, theirs = results[(operation, "dicomconstruct")], results.get((operation, "pydicom"))
        line = f"{title:<36}{ms(ours['seconds']):>16}{ours['peak_added'] / 1e6:>9.1f} MB"
        if theirs:
            line += f"{ms(theirs['seconds']):>14}{theirs['peak_added'] / 1e6:>9.1f} MB"
        else:
            line += f"{'-':>14}{'-':>12}"
        lines.append(line)
    print("\n".join(lines))
    return results


# ---------------------------------------------------------------------------------------------
# The targets of issue 7, checked against this run's figures.
TARGETS = [
    ("full", "(b) full read + decode", 0.5),
    ("lazy", "(a) lazy read", 1.0),
    ("write", "(d) read + write back", 0.5),
    ("import", "(c) import", 1.0),
    ("items_full", "(e) 10,000 items, defined length", 0.5),
    ("items_undefined_full", "(f) 10,000 items, undefined length", 0.5),
]
SCALE_PEAK_LIMIT = 50e6  # bytes above the interpreter's own
INSPECT_PEAK_LIMIT = 100e6  # issue 5: inspecting a 1 GB file streams
FULL_READ_PEAK_FACTOR = 1.1  # issue 12: a plain read holds the file's pixel data once


def check_targets(ratios: dict[str, float], scaled: dict[tuple[str, str], dict] | None) -> bool:
    print("\nTargets:")
    met = True
    for key, title, limit in TARGETS:
        if key in ratios:
            ok = ratios[key] <= limit
            met &= ok
            print(f"  {'met ' if ok else 'MISSED'} {title}: ratio {ratios[key]:.2f} <= {limit}")
    if scaled:
        for operation, title in SCALE_OPERATIONS.items():
            peak = scaled[(operation, "dicomconstruct")]["peak_added"]
            limit = INSPECT_PEAK_LIMIT if operation == "inspect" else SCALE_PEAK_LIMIT
            if operation == "full":  # issue 12: the pixel data in memory once, <= 1.1x the file
                limit = FULL_READ_PEAK_FACTOR * scaled["file_size"]
            ok = peak < limit
            met &= ok
            print(
                f"  {'met ' if ok else 'MISSED'} (g) {title}: peak {peak / 1e6:.1f} MB "
                f"< {limit / 1e6:.0f} MB"
            )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="timed rounds (default 7, 3 with --quick)")
    parser.add_argument(
        "--files", metavar="GLOB", help="only files whose corpus path or name matches GLOB"
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 rounds and 3 import runs: a rough number fast"
    )
    parser.add_argument(
        "--profile",
        choices=sorted(BENCHMARKS),
        help="instead of timing, cProfile dicomconstruct on one pass; print the top 25",
    )
    parser.add_argument(
        "--items",
        type=int,
        default=10_000,
        metavar="N",
        help="sequence items in the files of (e) and (f) (default 10000; 0 leaves them out)",
    )
    parser.add_argument(
        "--scale-mb",
        type=int,
        default=1024,
        metavar="MB",
        help="pixel data of the file of (g), in MiB (default 1024; 0 leaves it out)",
    )
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 7)
    if rounds < 1:
        parser.error("--rounds must be 1 or more")

    paths = corpus()
    if args.files:
        paths = [
            p
            for p in paths
            if fnmatch.fnmatch(label(p), args.files) or fnmatch.fnmatch(p.name, args.files)
        ]
    if not paths:
        print("no files match", file=sys.stderr)
        return 1
    paths, skipped = readable(paths)

    print("\n".join(machine()))
    size = sum(p.stat().st_size for p in paths)
    print(
        f"Corpus:         {len(paths)} files, {size / 1e6:.1f} MB, read by both libraries; "
        f"{len(skipped)} skipped"
    )
    for path, reason in skipped:
        print(f"  skipped {label(path)}: {reason}")
    if not paths:
        return 1
    if args.profile:
        profile(args.profile, paths)
        return 0

    with tempfile.TemporaryDirectory(prefix="dicomconstruct-bench-") as folder:
        work = Path(folder)
        suites = {"": paths}  # suite name prefix: the files it runs over
        if args.items:
            for prefix, undefined in (("items_", False), ("items_undefined_", True)):
                item_file = work / f"{prefix}segmentation.dcm"
                item_file.write_bytes(segmentation(args.items, undefined))
                suites[prefix] = [item_file]
            print(
                f"Items:          2 segmentation files of {args.items} frames, one item each "
                "(5 items per frame in all), defined and undefined lengths"
            )
        print(f"Rounds:         {rounds}, interleaved (dicomconstruct then pydicom in each)\n")
        results: dict[tuple[str, str], list[float]] = {}
        for _ in range(rounds):
            for prefix, files in suites.items():
                for benchmark in BENCHMARKS if not prefix else ("full", "write"):
                    for name in LIBRARIES:
                        seconds = time_pass(BENCHMARKS[benchmark], READERS[name], files)
                        results.setdefault((prefix + benchmark, name), []).append(seconds)
        import_runs = 3 if args.quick else max(rounds, 5)
        for name in LIBRARIES:
            import_time(name)  # untimed: compiles and caches the bytecode
        for _ in range(import_runs):
            for name in LIBRARIES:
                results.setdefault(("import", name), []).append(import_time(name))

        titles = {
            "lazy": "(a) lazy read",
            "full": "(b) full read + decode",
            "import": f"(c) import ({import_runs} runs)",
            "write": "(d) read + write back",
            "items_full": "(e) items: read + decode",
            "items_write": "(e) items: read + write",
            "items_undefined_full": "(f) undef.: read + decode",
            "items_undefined_write": "(f) undef.: read + write",
        }
        print(
            table(
                [
                    (titles[b], results[(b, "dicomconstruct")], results[(b, "pydicom")])
                    for b in titles
                    if (b, "pydicom") in results
                ]
            )
        )
        print("\nMedian of the per-round totals; ratio < 1 means dicomconstruct is faster.")
        ratios = {
            b: statistics.median(results[(b, "dicomconstruct")])
            / statistics.median(results[(b, "pydicom")])
            for b, _ in results
        }
        scaled = scale(work, args.scale_mb) if args.scale_mb else None
    return 0 if check_targets(ratios, scaled) else 2


if __name__ == "__main__":
    sys.exit(main())
