"""Compare the old tolerant walker of inspection (``_Inspector``) with the consumer of the
codec's walk (``_Consumer``) on testdata/, tests/fuzz_regressions and pydicom's corpus: the
problems (kind, offset) and the tokens (offset, kind, tag, depth, VR, length, value).

    python bench/inspect_compare.py [-v] [PATH ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dicomconstruct import inspect  # noqa: E402
from dicomconstruct.codec.tokens import Problem  # noqa: E402


def events(cls, data: bytes) -> tuple[list, list]:
    problems, tokens = [], []
    for found in cls(data).events():
        if isinstance(found, Problem):
            problems.append((found.kind, found.offset))
        else:
            tokens.append(
                (
                    found.offset,
                    found.kind,
                    found.tag,
                    found.depth,
                    found.vr,
                    found.length,
                    found.value,
                )
            )
    return problems, tokens


def files(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    paths = sorted((ROOT / "testdata").rglob("*.dcm"))
    paths += sorted((ROOT / "tests" / "fuzz_regressions").glob("*.dcm"))
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.conftest import CORPUS

    return paths + [p for p in CORPUS if p.stat().st_size < 64 << 20]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    differ = 0
    for path in files(args):
        data = path.read_bytes()
        old, new = events(inspect._Inspector, data), events(inspect._Consumer, data)
        if old == new:
            continue
        differ += 1
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        if old[0] != new[0]:
            print(f"{name}: problems\n  old {old[0]}\n  new {new[0]}")
        if old[1] != new[1]:
            print(f"{name}: tokens differ ({len(old[1])} vs {len(new[1])})")
            if verbose:
                for a, b in zip(old[1], new[1], strict=False):
                    if a != b:
                        print(f"  old {a}\n  new {b}")
                        break
    print(f"{differ} file(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
