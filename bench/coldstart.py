"""Benchmark: cold start, one call in a fresh interpreter, dicomconstruct against pydicom.

``python bench/coldstart.py [--rounds N]`` starts a new Python process per measurement,
alternating the two libraries (so load on the machine hits both alike), and prints the best
(and median) of each task and the ratio of the bests, dicomconstruct / pydicom. The tasks are what a one-file script
does: ``import`` the package, then one ``dcmread`` (header only, ``specific_tags``,
``defer_size``) of a corpus file, each timed from just after the import. The targets (issue
16): the reads at most pydicom's time, the import at most half of pydicom's.
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each snippet runs in a fresh interpreter with ``lib`` being the package's name; it prints the
# seconds of the import and of the call as JSON.
SNIPPET = """
import json, sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
{lib} = __import__({lib!r})
imported = time.perf_counter()
path = {path!r}
{call}
done = time.perf_counter()
print(json.dumps([imported - started, done - imported]))
"""

TASKS = {
    "header only": "ds = {lib}.dcmread(path, stop_before_pixels=True); ds.PatientName",
    "specific_tags": "ds = {lib}.dcmread(path, specific_tags=['PatientName', 0x00280010]); ds.Rows",
    "defer_size": "ds = {lib}.dcmread(path, defer_size='1 KB'); ds.PatientName",
    "full + str": "ds = {lib}.dcmread(path); str(ds)",
}
TARGETS = {"import": 0.5, "header only": 1.0, "specific_tags": 1.0, "defer_size": 1.0}
LIBRARIES = ("dicomconstruct", "pydicom")


def corpus_file() -> str:
    from pydicom.data import get_testdata_file

    return get_testdata_file("CT_small.dcm")


def measure(lib: str, call: str, path: str) -> tuple[float, float]:
    code = SNIPPET.format(root=str(ROOT), lib=lib, path=path, call=call.format(lib=lib))
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imported, called = json.loads(run.stdout)
    return imported, called


def tables_import_microseconds() -> int:
    """What importing dicomconstruct.tables itself costs (``-X importtime``'s self time): it
    must read nothing at import (formerly a test's wall-clock assertion; timing is bench's)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import dicomconstruct.tables"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    own = [
        int(m[1])
        for line in run.stderr.splitlines()
        if (m := re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+dicomconstruct\.tables$", line))
    ]
    return max(own)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="fresh processes per task")
    parser.add_argument("--file", default=None, help="the file read (default CT_small.dcm)")
    args = parser.parse_args(argv)
    path = args.file or corpus_file()
    # pydicom, installed by pip, has its bytecode compiled at install; this checkout may have
    # none (PYTHONDONTWRITEBYTECODE is set on some machines), which would time the compiler.
    compileall.compile_dir(str(ROOT / "dicomconstruct"), quiet=1)
    imports: dict[str, list[float]] = {lib: [] for lib in LIBRARIES}
    calls: dict[str, dict[str, list[float]]] = {t: {lib: [] for lib in LIBRARIES} for t in TASKS}
    for _ in range(args.rounds):
        for task, call in TASKS.items():
            for lib in LIBRARIES:  # interleaved: one of each, in turn
                imported, called = measure(lib, call, path)
                imports[lib].append(imported)
                calls[task][lib].append(called)
    # The best of the runs is the cost; the median says how much the machine's load added.
    print(f"cold start, best (median) of {args.rounds} fresh processes each, {Path(path).name}")
    print(f"{'task':<16}{'dicomconstruct':>22}{'pydicom':>22}{'ratio':>8}  target")
    failed = []
    rows = [("import", imports)] + list(calls.items())
    for task, times in rows:
        ours, theirs = (min(times[lib]) * 1000 for lib in LIBRARIES)
        ours_mid, theirs_mid = (statistics.median(times[lib]) * 1000 for lib in LIBRARIES)
        ratio = ours / theirs
        target = TARGETS.get(task)
        verdict = (
            "" if target is None else f"<= {target:g}x " + ("ok" if ratio <= target else "MISSED")
        )
        if target is not None and ratio > target:
            failed.append(task)
        print(
            f"{task:<16}{ours:>9.2f} ({ours_mid:>7.2f}) ms{theirs:>9.2f} ({theirs_mid:>7.2f}) ms"
            f"{ratio:>7.2f}x  {verdict}"
        )
    own = tables_import_microseconds()
    print(
        f"import dicomconstruct.tables itself: {own / 1000:.1f} ms (target < 30 ms: reads nothing)"
    )
    if own >= 30_000:
        failed.append("tables import")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
