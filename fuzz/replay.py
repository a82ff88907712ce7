"""Replay a folder of inputs (a campaign's corpus, the seeds) through every oracle, dcmdump
included: what the strict reader accepts must write back byte-identical, and its conformant
write must be read without error by pydicom and by dcmtk's ``dcmdump`` (too slow to run per
execution inside the fuzzer, so it runs here, once per kept input).

    python fuzz/replay.py FOLDER [FOLDER...]     # prints counts; exits 1 on any finding
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from targets import (  # noqa: E402
    OracleRejects,
    RoundTripMismatch,
    UndocumentedError,
    inspect_tolerantly,
    read_decode_print_write,
    round_trip_differential,
)

from dicomconstruct import dcmread  # noqa: E402
from dicomconstruct.filewriter import dcmwrite  # noqa: E402


def _dcmdump_rejects(data: bytes, folder: Path) -> str | None:
    """dcmdump's complaint about our conformant write of ``data``, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = io.BytesIO()
        dcmwrite(out, dcmread(io.BytesIO(data), force=True), enforce_file_format=True)
    path = folder / "conformant.dcm"
    path.write_bytes(out.getvalue())
    result = subprocess.run(
        ["dcmdump", "-q", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    if result.returncode or "E: " in result.stderr:
        return "dcmdump: " + (result.stderr.strip().splitlines() or ["exit status"])[0]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    dcmdump = shutil.which("dcmdump")
    counts = {"inputs": 0, "accepted": 0, "findings": 0}
    with tempfile.TemporaryDirectory() as scratch:
        for path in sorted(p for f in args.folders for p in f.rglob("*") if p.is_file()):
            data = path.read_bytes()
            counts["inputs"] += 1
            try:
                read_decode_print_write(data)
                inspect_tolerantly(data)
                if not round_trip_differential(data):
                    continue
                counts["accepted"] += 1
                complaint = dcmdump and _dcmdump_rejects(data, Path(scratch))
            except (UndocumentedError, RoundTripMismatch, OracleRejects) as finding:
                complaint = str(finding)
            if complaint:
                counts["findings"] += 1
                print(f"{path}: {complaint}")
    print(", ".join(f"{n} {k}" for k, n in counts.items()) + ("" if dcmdump else " (no dcmdump)"))
    return 1 if counts["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
