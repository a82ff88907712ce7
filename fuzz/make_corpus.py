"""Fill a seed corpus directory for the fuzzers: every file of testdata/ (valid and broken on
purpose) and, when hypothesis is installed, files drawn from dicomconstruct.strategies in every
transfer syntax and malformed variants of them.

    python fuzz/make_corpus.py [DIRECTORY] [--generated N]      (default fuzz/corpus, N = 200)
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # a source checkout


def _save(folder: Path, data: bytes) -> None:
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def _generated(count: int) -> list[bytes]:
    try:
        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        from dicomconstruct import strategies as dst
    except ImportError:
        return []
    found: list[bytes] = []

    @settings(
        max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.one_of(dst.dicom_files(), dst.malformed_files().map(lambda case: case.data)))
    def collect(data: bytes) -> None:
        found.append(data)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(HERE / "corpus"))
    parser.add_argument("--generated", type=int, default=200)
    args = parser.parse_args(argv)
    folder = Path(args.directory)
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "testdata").glob("*.dcm")):
        shutil.copy(path, folder / path.name)
    for data in _generated(args.generated):
        _save(folder, data)
    print(f"{len(list(folder.iterdir()))} files in {folder}")


if __name__ == "__main__":
    main()
