"""Coverage-guided fuzzing of the strict path: read -> decode every value -> print -> write.
An input that lets anything but a DicomError escape is a crash (fuzz/targets.py says which).

    python fuzz/fuzz_read_write.py fuzz/corpus/ -max_total_time=60      # see fuzz/README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a source checkout

with atheris.instrument_imports():
    from targets import read_decode_print_write

    import dicomconstruct  # noqa: F401 - instrumented for coverage


def main() -> None:
    atheris.Setup(sys.argv, read_decode_print_write)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
