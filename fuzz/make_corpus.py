"""Fill a seed corpus directory for the fuzzers: every file of testdata/ (valid and broken on
purpose) and, when hypothesis is installed, files drawn from dicomconstruct.strategies in every
transfer syntax and malformed variants of them; with ``--corpus``, also every file of pydicom's
test corpus and pydicom-data (the test extra installs both) up to ``--max-size`` bytes.

    python fuzz/make_corpus.py [DIRECTORY] [--generated N] [--corpus] [--max-size BYTES]
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


def _reference_corpus(max_size: int) -> list[Path]:
    """pydicom's test_files, charset_files, palettes and pydicom-data, as the test suite reads
    them (tests/test_corpus.py); files over ``max_size`` bytes slow every execution down."""
    try:
        from pydicom.data import get_charset_files, get_palette_files, get_testdata_files
    except ImportError:
        return []
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for files in (get_testdata_files("**/*"), get_charset_files("*"), get_palette_files("*")):
            found.update(Path(p) for p in files)
    return sorted(p for p in found if p.is_file() and p.stat().st_size <= max_size)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(HERE / "corpus"))
    parser.add_argument("--generated", type=int, default=200)
    parser.add_argument("--corpus", action="store_true", help="add pydicom's and pydicom-data's")
    parser.add_argument("--max-size", type=int, default=256 * 1024)
    args = parser.parse_args(argv)
    folder = Path(args.directory)
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "testdata").glob("*.dcm")):
        shutil.copy(path, folder / path.name)
    if args.corpus:
        for path in _reference_corpus(args.max_size):
            _save(folder, path.read_bytes())
    for data in _generated(args.generated):
        _save(folder, data)
    print(f"{len(list(folder.iterdir()))} files in {folder}")


if __name__ == "__main__":
    main()
