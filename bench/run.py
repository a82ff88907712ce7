"""Benchmark: dicomconstruct against pydicom reading the same DICOM files (PS3.10 §7).

Run ``python bench/run.py --help``; bench/README.md says what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import fnmatch
import gc
import io
import os
import platform
import pstats
import statistics
import subprocess
import sys
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

    print(f"Rounds:         {rounds}, interleaved (dicomconstruct then pydicom in each)\n")
    results: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for benchmark in BENCHMARKS:
            for name in LIBRARIES:
                seconds = time_pass(BENCHMARKS[benchmark], READERS[name], paths)
                results.setdefault((benchmark, name), []).append(seconds)
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
    }
    print(
        table(
            [
                (titles[b], results[(b, "dicomconstruct")], results[(b, "pydicom")])
                for b in ("lazy", "full", "import", "write")
            ]
        )
    )
    print("\nMedian of the per-round corpus totals; ratio < 1 means dicomconstruct is faster.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
