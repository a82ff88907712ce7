"""The ``dicomconstruct`` command: ``show`` prints DICOM files as pydicom prints a dataset,
``inspect`` lists their bytes token by token with every fault at its offset (PS3.10, PS3.5).

Each subcommand is one line of ``SUBCOMMANDS``: its name and the module that implements it.
Such a module has a docstring (its first line is the subcommand's help), ``add_arguments(parser)``
and ``run(args) -> int`` (the exit status). ``main`` builds the parser from the table, so
adding a subcommand never touches this file beyond its line.

Whatever the files or the options, the command does not end in a traceback: a fault in a file
is reported with its byte offset, an option error is one line naming the option, and a closed
pipe (``dicomconstruct inspect f | head -1``) ends the command quietly with status 0. Exit
statuses: 0 all files read cleanly, 1 a file had faults, 2 a file could not be opened or an
option was wrong; with several files, the worst.

pydicom's own command-line API (``pydicom.cli.main``: ``main``, ``filespec_parser``, the
``show`` and ``codify`` subcommands as pydicom has them) is ``dicomconstruct.cli.main``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["SUBCOMMANDS", "main"]

# name -> the module implementing it (see the module docstring). Add a subcommand here.
SUBCOMMANDS: dict[str, str] = {
    "show": "dicomconstruct.cli.show_command",
    "inspect": "dicomconstruct.cli.inspect_command",
    "index": "dicomconstruct.index.cli",
}


class _Parser(argparse.ArgumentParser):
    """argparse, but an option error is one line on stderr (``prog: error: argument --x:
    ...``) with status 2, instead of the usage text and the message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(
        prog="dicomconstruct",
        description="Read and inspect DICOM Part 10 files.",
    )
    parser.add_argument("--version", action="version", version=f"dicomconstruct {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        doc = (module.__doc__ or name).strip().splitlines()[0]
        sub = commands.add_parser(name, help=doc, description=doc)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dicomconstruct`` command with ``argv`` (default ``sys.argv[1:]``); return its
    exit status (argparse's own exits, for ``--help`` or option errors, raise SystemExit)."""
    args = build_parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader closed the pipe (``| head``): as dcmdump, stop quietly. Python would
        # otherwise complain again when it flushes stdout at exit, so stdout goes to devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is no real file (tests): nothing to flush
            pass
        finally:
            os.close(devnull)
        return 0
    except KeyboardInterrupt:
        print("dicomconstruct: interrupted", file=sys.stderr)
        return 130


_run = main  # the function, for dicomconstruct.cli.main (the module) to call


# ---------------------------------------------------------------------------------------------
# Shared by the subcommands.
def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE... (files, directories, ``-`` for stdin), ``-r`` and ``-t``, as show and inspect
    take them."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="files or directories ('-' reads standard input; 'FILE::Keyword' picks one "
        "element, as pydicom's 'file::element')",
    )
    parser.add_argument(
        "-r", "--recursive", action="store_true", help="read directories and the ones below them"
    )
    parser.add_argument(
        "-t",
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        type=tag_filter,
        help="only this element (repeatable): a keyword, gggg,eeee, or a path such as "
        "ReferencedSeriesSequence[0].SeriesInstanceUID",
    )
    parser.add_argument(
        "--no-private",
        "-x",
        "--exclude-private",
        dest="no_private",
        action="store_true",
        help="leave out private elements (odd groups, PS3.5 §7.8)",
    )
    parser.add_argument(
        "--max-length",
        type=length_option,
        default=None,
        metavar="N",
        help="values longer than N bytes are not read: their length is shown",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_const",
        const=True,
        default=None,
        help="draw a progress bar on stderr (default: when stderr is a terminal)",
    )
    progress.add_argument("--no-progress", dest="progress", action="store_const", const=False)


def length_option(text: str) -> int:
    """A byte count such as ``1024``, ``64 KB`` or ``2 MB``, for argparse."""
    from ..filereader import size_in_bytes

    try:
        size = size_in_bytes(text)
    except ValueError:
        size = None
    if size is None or size < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size (a number of bytes, e.g. 1024, '64 KB' or '2 MB')"
        )
    return int(size)


class TagFilter:
    """One ``-t`` filter: a tag anywhere, or a path of (tag, item index) steps from the top."""

    def __init__(self, text: str, tag: int | None, steps: list[tuple[int, int | None]]):
        self.text = text
        self.tag = tag  # match this tag at any depth (a keyword or gggg,eeee)
        self.steps = steps  # else this exact path: [(tag, item index or None), ...]

    def __repr__(self) -> str:
        return f"TagFilter({self.text!r})"


def _one_tag(text: str) -> int | None:
    from .. import tables

    cleaned = text.strip().strip("()").replace(" ", "")
    if "," in cleaned:
        group, _, element = cleaned.partition(",")
        if len(group) == 4 and len(element) == 4:
            try:
                return int(group + element, 16)
            except ValueError:
                return None
        return None
    if len(cleaned) == 8 and all(c in "0123456789abcdefABCDEF" for c in cleaned):
        return int(cleaned, 16)
    return tables.keyword_to_tag(cleaned)


def tag_filter(text: str) -> TagFilter:
    """Parse a ``-t`` value, for argparse: ``PatientName``, ``0010,0010``, ``(0010,0010)``,
    ``00100010`` or ``ReferencedSeriesSequence[0].SeriesInstanceUID``."""
    parts = text.split(".") if "[" in text or "." in text.replace(",", "") else [text]
    steps: list[tuple[int, int | None]] = []
    for part in parts:
        name, bracket, index = part.partition("[")
        tag = _one_tag(name)
        if tag is None:
            raise argparse.ArgumentTypeError(
                f"{name!r} is no keyword of the data dictionary (PS3.6) nor a tag gggg,eeee"
            )
        item = None
        if bracket:
            if not index.endswith("]") or not index[:-1].lstrip("-").isdigit():
                raise argparse.ArgumentTypeError(f"{part!r}: an item index is [N]")
            item = int(index[:-1])
        steps.append((tag, item))
    if len(steps) == 1 and steps[0][1] is None:
        return TagFilter(text, steps[0][0], [])
    return TagFilter(text, None, steps)


def split_element_spec(spec: str) -> tuple[str, str]:
    """pydicom's ``file::element`` form: (file, element path or '')."""
    if "::" in spec:
        name, _, element = spec.rpartition("::")
        if name and element and not os.path.exists(spec):
            return name, element
    return spec, ""


def iter_inputs(specs: Sequence[str], recursive: bool) -> Iterator[tuple[str, str]]:
    """(file, element path) for each FILE argument; a directory gives its DICOM files, sorted
    (the ones below it too with ``recursive``)."""
    for spec in specs:
        name, element = split_element_spec(spec)
        if name != "-" and os.path.isdir(name):
            for root, dirs, files in os.walk(name):
                dirs.sort()
                for file in sorted(files):
                    path = os.path.join(root, file)
                    if is_part10(path):
                        yield path, element
                if not recursive:
                    break
        else:
            yield name, element


def is_part10(path: str) -> bool:
    """Whether the file has the 'DICM' prefix after a 128-byte preamble (PS3.10 §7.1): the
    files of a directory that are listed (files named on the command line always are)."""
    try:
        with open(path, "rb") as file:
            return file.read(132)[128:] == b"DICM"
    except OSError:
        return False


def open_input(name: str) -> Any:
    """A path to read, or for ``-`` the bytes of standard input."""
    if name == "-":
        return sys.stdin.buffer.read()
    return name


def cannot_open(name: str, exc: OSError) -> int:
    print(f"dicomconstruct: cannot open {name}: {exc.strerror or exc}", file=sys.stderr)
    return 2


def for_the_command_line(message: str) -> str:
    """An error message as the command line says it: the reader's ``force=True`` is the
    ``--force`` option here."""
    return message.replace("force=True", "--force")


def header_line(name: str, index: int, count: int) -> str:
    """The line before each file when there are several (as ``dcmdump`` prints one)."""
    return f"# {name} ({index}/{count})"


def progress_wanted(args: argparse.Namespace) -> bool:
    if args.progress is not None:
        return bool(args.progress)
    return sys.stderr.isatty()
