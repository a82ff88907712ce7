"""Benchmark: the command line on a huge file, dicomconstruct against pydicom's ``pydicom show``.

``python bench/cli.py [--megabytes 1024] [--file PATH]`` writes (once) a multi-frame image of
that many MiB with bench/scale.py's generator, then runs each command in a fresh process with
its output to /dev/null and prints its wall time and peak resident memory (the child's
``ru_maxrss``; a memory-mapped file's pages count when touched). The target (issue 16):
``dicomconstruct show`` of the 1 GiB file stays under 64 MiB, as it prints Pixel Data from its
length ("Array of N elements") without reading it. ``--elements N`` also times ``inspect
--html`` on a file of N tokens (one sequence of N/3 items of two elements) and prints the
page's size (issue 16: usable on a million-element file, no 100 MB page).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 64
PYDICOM_SHOW = "import sys; from pydicom.cli.main import main; main(['show', sys.argv[1]])"


def commands(path: str) -> dict[str, list[str]]:
    ours = [sys.executable, "-m", "dicomconstruct"]
    return {
        "dicomconstruct show": ours + ["show", path],
        "dicomconstruct show --json": ours + ["show", "--json", path],
        "dicomconstruct inspect": ours + ["inspect", path],
        "dicomconstruct inspect --json": ours + ["inspect", "--json", path],
        "pydicom show": [sys.executable, "-c", PYDICOM_SHOW, path],
    }


def measure(command: list[str]) -> tuple[float, float, int]:
    """(seconds, peak resident MiB, exit status) of one fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=devnull, stderr=devnull, env=env, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--file", default=None, help="the file (made if missing)")
    parser.add_argument("--elements", type=int, default=0, help="also: inspect --html on N tokens")
    args = parser.parse_args(argv)
    path = Path(args.file or Path(tempfile.gettempdir()) / f"dicomconstruct-{args.megabytes}MB.dcm")
    if not path.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from scale import make  # bench/scale.py's generator

        print(f"writing {path} ({args.megabytes} MiB)", file=sys.stderr)
        make(path, args.megabytes)
    size = path.stat().st_size / (1 << 20)
    print(f"command line on {path.name}: {size:.0f} MiB, fresh process each, output to /dev/null")
    print(f"{'command':<32}{'seconds':>9}{'peak MiB':>10}{'status':>8}")
    missed = []
    for name, command in commands(str(path)).items():
        seconds, peak, status = measure(command)
        print(f"{name:<32}{seconds:>9.2f}{peak:>10.1f}{status:>8}")
        if name.startswith("dicomconstruct show") and peak >= TARGET_MB:
            missed.append(name)
    print(f"target: dicomconstruct show under {TARGET_MB} MiB: " + ("MISSED" if missed else "ok"))
    if args.elements:
        sys.path.insert(0, str(ROOT / "tests"))
        from test_cli_html import _many_elements  # the browser test's file, larger

        many = Path(tempfile.gettempdir()) / f"dicomconstruct-{args.elements}-tokens.dcm"
        many.write_bytes(_many_elements(args.elements))
        page = many.with_suffix(".html")
        command = [sys.executable, "-m", "dicomconstruct", "inspect", "--html", str(many)]
        seconds, peak, status = measure(command + ["-o", str(page)])
        size = page.stat().st_size / (1 << 20)
        print(f"inspect --html, {args.elements:,} tokens: {seconds:.1f} s, peak {peak:.0f} MiB, "
              f"page {size:.1f} MiB" + (" (under 100 MB: ok)" if size < 100 else " MISSED"))  # fmt: skip
        page.unlink()
        many.unlink()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
