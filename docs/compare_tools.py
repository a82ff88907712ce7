"""Writes the comparison table of docs/malformed.md: what dcmtk, GDCM, dicom3tools, pydicom and
dicomconstruct report for each file of the catalogue of faults (testdata/malformed/).
"""

# Run ``python docs/compare_tools.py`` from the checkout to refresh the table between the
# markers in docs/malformed.md (the rest of the page is left as it is). The tools come from the
# Debian packages dcmtk (dcmdump), libgdcm-tools (gdcmdump) and dicom3tools (dcdump); one that is
# not installed is shown as such. Each run is a subprocess with a time limit, so a tool that
# aborts or hangs is reported, not fatal. The test suite does not run this script.

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "testdata" / "malformed"
PAGE = ROOT / "docs" / "malformed.md"
BEGIN = "<!-- compare_tools.py: table begins -->"
END = "<!-- compare_tools.py: table ends -->"
TIME_LIMIT = 30  # seconds a tool may take on one file
WIDTH = 70  # characters kept of a tool's message

# pydicom as a user would call it, in its own process so that a crash is reported, not fatal.
PYDICOM = """
import sys, warnings
import pydicom
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        ds = pydicom.dcmread(sys.argv[1], force=True)
        text = str(ds)
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}".replace("\\n", " "))
        sys.exit(1)
for warning in caught:
    print(f"warning: {warning.message}".replace("\\n", " "))
print(f"{len(ds)} top-level elements")
"""


def run(command: list[str]) -> tuple[int | str, str]:
    """(exit status, or 'timeout', text written to stdout and stderr)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return done.returncode, done.stderr + "\n" + done.stdout


def first_line(text: str, pattern: str) -> str:
    """The first line matching ``pattern`` (a regular expression), else ''."""
    return next((line.strip() for line in text.splitlines() if re.search(pattern, line)), "")


def status(code: int | str) -> str:
    if code == "timeout":
        return f"no answer in {TIME_LIMIT} s"
    if isinstance(code, int) and (code < 0 or code > 128):  # by a signal, or a shell saying so
        number = -code if code < 0 else code - 128
        return f"**killed by {signal.Signals(number).name}**"
    return f"exit {code}"


def shorten(text: str, name: str) -> str:
    text = text.replace(os.fspath(CATALOGUE / name), name).replace("|", "\\|")
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def dcmdump(path: Path) -> str:
    code, text = run(["dcmdump", os.fspath(path)])
    return cell(code, first_line(text, r"^[EFW]: "), path.name)


def gdcmdump(path: Path) -> str:
    code, text = run(["gdcmdump", os.fspath(path)])
    return cell(code, first_line(text, r"(?i)fail|error|assert|warn"), path.name)


def dcdump(path: Path) -> str:
    code, text = run(["dcdump", "-v", os.fspath(path)])
    return cell(code, first_line(text, r"Error|Warning"), path.name)


def pydicom(path: Path) -> str:
    code, text = run([sys.executable, "-c", PYDICOM, os.fspath(path)])
    return cell(code, first_line(text, r"\S"), path.name)


def dicomconstruct(path: Path) -> str:
    code, text = run([sys.executable, "-m", "dicomconstruct", "inspect", "--json", os.fspath(path)])
    try:
        problems = json.loads(text.strip())["problems"]
    except (ValueError, KeyError):
        return cell(code, first_line(text, r"\S"), path.name)
    found = ", ".join(f"{p['kind']} @{p['offset']}" for p in problems)
    return f"{status(code)}: {found}" if found else status(code)


def cell(code: int | str, message: str, name: str) -> str:
    return f"{status(code)}: {shorten(message, name)}" if message else status(code)


TOOLS = {
    "dcmdump (dcmtk)": ("dcmdump", dcmdump),
    "gdcmdump (GDCM)": ("gdcmdump", gdcmdump),
    "dcdump -v (dicom3tools)": ("dcdump", dcdump),
    "pydicom (force=True, str)": (None, pydicom),
    "dicomconstruct inspect": (None, dicomconstruct),
}


def versions() -> str:
    """What was run, for the note under the table."""
    import pydicom as pydicom_module

    found = []
    for name, (program, _) in TOOLS.items():
        if program is not None:
            found.append(f"{name}: " + ("installed" if shutil.which(program) else "not installed"))
    found.append(f"pydicom {pydicom_module.__version__}")
    return "; ".join(found)


def table() -> str:
    names = sorted(p.name for p in CATALOGUE.glob("*.dcm"))
    lines = [
        "| file | " + " | ".join(TOOLS) + " |",
        "| --- |" + " --- |" * len(TOOLS),
    ]
    for name in names:
        path = CATALOGUE / name
        cells = []
        for program, report in TOOLS.values():
            if program is not None and shutil.which(program) is None:
                cells.append("not installed")
            else:
                cells.append(report(path))
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
        print(name, file=sys.stderr)
    return "\n".join(lines) + f"\n\nTools: {versions()}.\n"


def main() -> int:
    page = PAGE.read_text(encoding="utf-8")
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    page = page[:start] + "\n" + table() + page[end:]
    PAGE.write_text(page, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
