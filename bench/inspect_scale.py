"""Benchmark: inspection at scale (issue 12), against the pydicom script a user would write.

``python bench/inspect_scale.py [--elements N] [--depth D]`` makes two files in a temporary
folder, then runs each operation in a fresh interpreter and prints its seconds and the peak
resident memory it added to the interpreter's (imports and the file made beforehand):

- a data set of N top-level elements (default 1,000,000): ``inspect_file(path).lines()``
  walked line by line, ``inspect --json`` (the command line, to /dev/null), and pydicom's
  listing (``str(dcmread(path))``, every element decoded);
- undefined-length sequences nested D deep (default 4,000): ``inspect_file(path).to_json()``
  dumped, and pydicom's ``str(dcmread(path))`` (which exhausts Python's stack: reported as such).

The targets: inspection's time and memory grow with the number of tokens, not the depth; the
1M-element listing holds at most 50 MB whatever is asked of it. Times are wall-clock seconds of
one run on a noisy machine: compare the ratios of one run, not runs.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 50

# One operation, in a fresh interpreter: its seconds and the resident memory it added.
RUNNER = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
path = {path!r}
{imports}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
{body}
    outcome = "ok"
except RecursionError:
    outcome = "RecursionError"
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({{"seconds": seconds, "peak_mb": peak / 1024, "outcome": outcome}}))
"""

OPERATIONS = {
    "lines": (
        "from dicomconstruct.inspect import inspect_file",
        "    for line in inspect_file(path).lines():\n        pass",
    ),
    "cli-json": (
        "import contextlib, io, os\nfrom dicomconstruct.cli import main",
        "    with open(os.devnull, 'w') as out, contextlib.redirect_stdout(out):\n"
        "        main(['inspect', '--json', path])",
    ),
    "to_json": (
        "import json as j\nfrom dicomconstruct.inspect import inspect_file",
        "    j.dumps(inspect_file(path).to_json())",
    ),
    "pydicom-str": (
        "import warnings\nwarnings.simplefilter('ignore')\nimport pydicom",
        "    str(pydicom.dcmread(path, force=True))",
    ),
}


def make_many(path: Path, count: int) -> None:
    """``count`` UL elements in ascending tags of even groups 0x0030 on (explicit VR LE), after
    a File Meta Information: headers packed with the explicit short layout (PS3.5 Table 7.1-2)."""
    from dicomconstruct.codec.layouts import encoding
    from testdata.build import CT_IMAGE, EXPLICIT_LE, part10, uid

    short = encoding(True, True).short_header
    head = part10(EXPLICIT_LE, CT_IMAGE, uid(7), b"")
    with open(path, "wb") as file:
        file.write(head)
        for index in range(count):
            group, element = 0x0030 + 2 * (index >> 16), index & 0xFFFF
            file.write(short.pack(group, element, b"UL", 4) + struct.pack("<I", index))


def make_deep(path: Path, depth: int) -> None:
    """Content Sequences nested ``depth`` deep, undefined lengths, implicit VR LE."""
    from testdata.build import (
        BASIC_TEXT_SR,
        IMPLICIT,
        IMPLICIT_LE,
        ITEM,
        ITEM_DELIMITATION,
        SEQUENCE_DELIMITATION,
        UNDEFINED_LENGTH,
        element,
        header,
        marker,
        part10,
        uid,
    )

    opening = header(0x0040A730, "SQ", UNDEFINED_LENGTH, IMPLICIT)
    opening += marker(ITEM, IMPLICIT, UNDEFINED_LENGTH)
    closing = marker(ITEM_DELIMITATION, IMPLICIT) + marker(SEQUENCE_DELIMITATION, IMPLICIT)
    head = part10(IMPLICIT_LE, BASIC_TEXT_SR, uid(8), element(0x00080016, "UI", BASIC_TEXT_SR))
    inner = element(0x0040A160, "UT", "deep", IMPLICIT)
    path.write_bytes(head + opening * depth + inner + closing * depth)


def run(operation: str, path: Path) -> dict:
    imports, body = OPERATIONS[operation]
    code = RUNNER.format(root=str(ROOT), path=str(path), imports=imports, body=body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "outcome": done.stderr[-200:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elements", type=int, default=1_000_000)
    parser.add_argument("--depth", type=int, default=4000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        many, deep = Path(folder) / "many.dcm", Path(folder) / "deep.dcm"
        make_many(many, args.elements)
        make_deep(deep, args.depth)
        print(f"{'file':28} {'operation':14} {'seconds':>8} {'peak MB':>8}  outcome")
        results = {}
        for label, path, operations in (
            (f"{args.elements:,} elements", many, ("lines", "cli-json", "pydicom-str")),
            (f"nested {args.depth:,} deep", deep, ("to_json", "lines", "pydicom-str")),
        ):
            for operation in operations:
                found = results[label, operation] = run(operation, path)
                print(
                    f"{label:28} {operation:14} {found['seconds']:8.2f} "
                    f"{found['peak_mb']:8.1f}  {found['outcome']}"
                )
        many_label = f"{args.elements:,} elements"
        ours, theirs = results[many_label, "lines"], results[many_label, "pydicom-str"]
        print(
            f"\nlisting {many_label}: time ratio dicomconstruct/pydicom "
            f"{ours['seconds'] / theirs['seconds']:.2f}, memory ratio "
            f"{ours['peak_mb'] / max(theirs['peak_mb'], 0.1):.2f}"
        )
        worst = max(results[many_label, op]["peak_mb"] for op in ("lines", "cli-json"))
        verdict = "met" if worst <= TARGET_MB else "NOT met"
        print(f"{verdict}: {many_label} inspected in at most {worst:.1f} MB (target {TARGET_MB})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
