"""Coverage-guided fuzzing of the tolerant path: ``inspect_file`` and every rendering of its
result must never raise, whatever the bytes (fuzz/targets.py).

    python fuzz/fuzz_inspect.py fuzz/corpus/ -max_total_time=60          # see fuzz/README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a source checkout

with atheris.instrument_imports():
    from targets import inspect_tolerantly

    import dicomconstruct.inspect  # noqa: F401 - instrumented for coverage


def main() -> None:
    atheris.Setup(sys.argv, inspect_tolerantly)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
