"""Coverage-guided differential fuzzing of the round-trip reference: an input the strict
reader accepts must write back byte-identical, and pydicom must read its conformant write.

    python fuzz/fuzz_differential.py fuzz/corpus/ -max_total_time=60      # see fuzz/README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a source checkout

with atheris.instrument_imports():
    from targets import round_trip_differential

    import dicomconstruct  # noqa: F401 - instrumented for coverage


def main() -> None:
    atheris.Setup(sys.argv, round_trip_differential)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
