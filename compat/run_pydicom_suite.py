"""Run pydicom 3.0.2's own test suite against dicomconstruct (through dicomconstruct.compat),
and optionally against the real pydicom in the same environment, with per-module counts.

usage: python compat/run_pydicom_suite.py [--pydicom] [--modules test_uid,test_tag] [--json out.json]

The sdist is fetched once with ``pip download`` into the cache (``--cache-dir``, or
``$DICOMCONSTRUCT_SUITE_CACHE``, default ``.cache/pydicom-suite`` in the repository); its
``tests/`` and ``src/pydicom/data/`` are unpacked there.  Expected differences, each with its
reason, are in ``compat/differences.json``; the report says which failures they explain,
which failures they do not, and which listed tests now pass.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VERSION = "3.0.2"
DIFFERENCES = HERE / "differences.json"
# What pydicom's suite imports besides pydicom itself (its ``dev`` extra, without the codecs).
SUITE_REQUIREMENTS = {
    "pytest": "pytest",
    "pytest_timeout": "pytest-timeout",
    "numpy": "numpy",
    "hypothesis": "hypothesis",
    "pyfakefs": "pyfakefs",
    "data_store": "pydicom-data",
}
# Issue 13's target: pydicom's non-pixel modules.
NON_PIXEL_MODULES = (
    "test_charset test_cli test_codes test_config test_dataelem test_dataset test_dictionary "
    "test_encaps test_env_info test_errors test_examples test_filebase test_filereader "
    "test_fileset test_fileutil test_filewriter test_hooks test_json test_misc test_multival "
    "test_rawread test_sequence test_tag test_uid test_unicode test_util test_valuerep test_values"
).split()
OUTCOMES = ("passed", "failed", "error", "skipped")


def ensure_requirements(install: bool) -> None:
    """Install the suite's test packages that are missing (with pip, into this Python)."""
    import importlib.util

    missing = [pkg for mod, pkg in SUITE_REQUIREMENTS.items() if not importlib.util.find_spec(mod)]
    if not missing:
        return
    if not install:
        sys.exit(f"missing test packages: {' '.join(missing)} (run with --install-deps)")
    print(f"installing {' '.join(missing)}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


def ensure_sdist(cache: Path) -> Path:
    """The unpacked sdist's root (``tests/`` and ``src/pydicom/data/`` only), fetched once."""
    root = cache / f"pydicom-{VERSION}"
    if (root / "tests" / "conftest.py").is_file() and (root / "src/pydicom/data").is_dir():
        return root
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / f"pydicom-{VERSION}.tar.gz"
    if not archive.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             "--no-build-isolation", f"pydicom=={VERSION}", "-d", str(cache)],
            check=True,
        )  # fmt: skip
    prefix = f"pydicom-{VERSION}/"
    wanted = (prefix + "tests/", prefix + "src/pydicom/data/")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(wanted)]
        tar.extractall(cache, members=members, filter="data")
    # An empty ini file makes the unpacked root pytest's rootdir, so no project's settings
    # (ours included) apply to pydicom's tests.
    (root / "pytest.ini").write_text("[pytest]\n")
    return root


def run_suite(root: Path, alias: bool, modules: list[str], timeout: int, xml: Path) -> None:
    """Run pydicom's tests once: through the alias (dicomconstruct), or on the real pydicom."""
    env = dict(os.environ)
    paths = [str(HERE), str(REPO)] if alias else []
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    env["DICOMCONSTRUCT_PYDICOM_DATA"] = str(root / "src/pydicom/data")
    targets = [f"tests/{m}.py" for m in modules] if modules else ["tests"]
    command = [
        sys.executable, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider",
        "--junitxml", str(xml), f"--timeout={timeout}", "-o", "junit_family=xunit2",
        "--continue-on-collection-errors",
    ]  # fmt: skip
    if alias:
        command[3:3] = ["-p", "pydicom_suite_plugin"]
    else:
        check = f"import pydicom, sys; sys.exit(pydicom.__version__ != {VERSION!r})"
        if subprocess.run([sys.executable, "-c", check], env=env).returncode:
            sys.exit(f"--pydicom needs pydicom {VERSION} installed in this environment")
    subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def results(xml: Path) -> dict[str, str]:
    """{test id: outcome} from a junit XML file; a module that cannot be collected is one
    ``error`` with the id ``tests/test_x.py``."""
    found: dict[str, str] = {}
    for case in ET.parse(xml).iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        if not classname:  # a collection error: name is the module, dotted
            test_id = name.replace(".", "/") + ".py"
        else:
            parts = classname.split(".")
            module = next(i for i, p in enumerate(parts) if p.startswith("test_"))
            test_id = "/".join(parts[: module + 1]) + ".py"
            test_id = "::".join([test_id, *parts[module + 1 :], name])
        outcome = "passed"
        for child in case:
            if child.tag in ("failure",):
                outcome = "failed"
            elif child.tag == "error":
                outcome = "error"
            elif child.tag == "skipped":
                outcome = "skipped"
        found[test_id] = outcome
    return found


def module_of(test_id: str) -> str:
    return test_id.split("::")[0].removeprefix("tests/").removesuffix(".py")


def per_module(found: dict[str, str]) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for test_id, outcome in found.items():
        counts[module_of(test_id)][outcome] += 1
    return counts


def load_differences(path: Path = DIFFERENCES) -> dict:
    return json.loads(path.read_text())


def explained(test_id: str, differences: list[dict]) -> dict | None:
    """The differences entry whose ``test`` (an id, or a glob over ids) matches."""
    for entry in differences:
        if entry["test"] == test_id or fnmatch.fnmatchcase(test_id, entry["test"]):
            return entry
    # A module that cannot be imported is explained by any entry for one of its tests.
    if "::" not in test_id:
        for entry in differences:
            if entry["test"].startswith(test_id + "::") and entry.get("module_level"):
                return entry
    return None


DOCS_PAGE = REPO / "docs/pydicom.md"
DOCS_START, DOCS_END = "<!-- differences: start -->", "<!-- differences: end -->"


def render_differences(data: dict) -> str:
    """The differences file as the Markdown of docs/pydicom.md, grouped by category."""
    lines = []
    for category, text in data["categories"].items():
        entries = [e for e in data["differences"] if e["category"] == category]
        lines += [f"### {category} ({len(entries)})", "", f"{text[0].upper()}{text[1:]}.", ""]
        lines += [f"- `{e['test']}`: {e['reason']}" for e in entries]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_docs(data: dict, page: Path = DOCS_PAGE) -> None:
    """Replace the section between the markers of docs/pydicom.md with the rendered file."""
    text = page.read_text()
    head, rest = text.split(DOCS_START)
    _, tail = rest.split(DOCS_END)
    page.write_text(f"{head}{DOCS_START}\n{render_differences(data)}{DOCS_END}{tail}")


def _cells(counter: Counter | None) -> str:
    if counter is None:
        return " ".join(f"{'-':>5}" for _ in OUTCOMES)
    return " ".join(f"{counter.get(o, 0):>5}" for o in OUTCOMES)


def report(ours: dict[str, str], theirs: dict[str, str] | None, data: dict) -> dict:
    ours_by_module = per_module(ours)
    theirs_by_module = per_module(theirs) if theirs is not None else {}
    modules = sorted(set(ours_by_module) | set(theirs_by_module))
    header = " ".join(f"{o[:5]:>5}" for o in OUTCOMES)
    print(f"{'module':<32} {'dicomconstruct':^23}" + (f" | {'pydicom':^23}" if theirs else ""))
    print(f"{'':<32} {header}" + (f" | {header}" if theirs else ""))
    total_ours, total_theirs = Counter(), Counter()
    target_ours, target_theirs = Counter(), Counter()
    for module in modules:
        mine = ours_by_module.get(module, Counter())
        line = f"{module:<32} {_cells(mine)}"
        total_ours += mine
        if module in NON_PIXEL_MODULES:
            target_ours += mine
        if theirs is not None:
            other = theirs_by_module.get(module, Counter())
            line += f" | {_cells(other)}"
            total_theirs += other
            if module in NON_PIXEL_MODULES:
                target_theirs += other
        print(line)
    print(f"{'all':<32} {_cells(total_ours)}" + (f" | {_cells(total_theirs)}" if theirs else ""))
    print(
        f"{'non-pixel modules':<32} {_cells(target_ours)}"
        + (f" | {_cells(target_theirs)}" if theirs else "")
    )

    # Tests that fail here: explained by the differences file, or not.
    differences = data["differences"]
    failing = [t for t, o in ours.items() if o in ("failed", "error")]
    if theirs is not None:  # only what pydicom itself passes is ours to explain
        failing = [t for t in failing if theirs.get(t, "passed") == "passed" or "::" not in t]
    by_reason: Counter = Counter()
    unexplained = []
    for test_id in failing:
        entry = explained(test_id, differences)
        if entry is None:
            unexplained.append(test_id)
        else:
            by_reason[entry["category"]] += 1
    stale = [
        e["test"]
        for e in differences
        if not any(ch in e["test"] for ch in "*?[") and ours.get(e["test"]) == "passed"
    ]
    print(f"\ndifferences file: {len(differences)} entries")
    for category, text in data["categories"].items():
        listed = sum(1 for e in differences if e["category"] == category)
        print(
            f"  {category:<20} {listed:>4} listed, {by_reason[category]:>4} failures explained: {text}"
        )
    print(f"failures not in the differences file: {len(unexplained)}")
    if stale:
        print(f"listed as different but passing now: {len(stale)}")
        for test_id in stale:
            print(f"  {test_id}")
    if theirs is not None and target_theirs["passed"]:
        passing = sum(
            1
            for t, o in ours.items()
            if o == "passed" and module_of(t) in NON_PIXEL_MODULES and theirs.get(t) == "passed"
        )
        print(
            f"non-pixel modules: {passing} of the {target_theirs['passed']} tests pydicom "
            f"passes pass on dicomconstruct ({100 * passing / target_theirs['passed']:.1f}%)"
        )
    return {
        "ours": {m: dict(c) for m, c in ours_by_module.items()},
        "pydicom": {m: dict(c) for m, c in theirs_by_module.items()} if theirs else None,
        "unexplained": sorted(unexplained),
        "explained_by_reason": dict(by_reason),
        "stale": stale,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pydicom", action="store_true", help="also run on the real pydicom")
    parser.add_argument("--modules", default="", help="comma-separated test modules (test_uid)")
    parser.add_argument("--non-pixel", action="store_true", help="only issue 13's target modules")
    parser.add_argument(
        "--cache-dir",
        default=os.environ.get("DICOMCONSTRUCT_SUITE_CACHE", str(REPO / ".cache/pydicom-suite")),
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds per test")
    parser.add_argument("--install-deps", action="store_true", help="pip install what is missing")
    parser.add_argument("--json", help="write the per-module counts and failures here")
    parser.add_argument("--unexplained", action="store_true", help="list unexplained failures")
    parser.add_argument(
        "--write-docs", action="store_true", help="render the differences into docs/pydicom.md"
    )
    args = parser.parse_args(argv)
    if args.write_docs:
        write_docs(load_differences())
        return 0

    ensure_requirements(args.install_deps)
    root = ensure_sdist(Path(args.cache_dir))
    modules = [m.strip().removesuffix(".py") for m in args.modules.split(",") if m.strip()]
    if args.non_pixel and not modules:
        modules = NON_PIXEL_MODULES
    with tempfile.TemporaryDirectory() as tmp:
        run_suite(root, True, modules, args.timeout, Path(tmp, "ours.xml"))
        ours = results(Path(tmp, "ours.xml"))
        theirs = None
        if args.pydicom:
            run_suite(root, False, modules, args.timeout, Path(tmp, "pydicom.xml"))
            theirs = results(Path(tmp, "pydicom.xml"))
    summary = report(ours, theirs, load_differences())
    if args.unexplained:
        print("\n".join(summary["unexplained"]))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
