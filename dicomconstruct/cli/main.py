"""pydicom's command-line API (``pydicom.cli.main``): ``main`` with pydicom's ``help``,
``show`` and ``codify`` subcommands, and the ``[pydicom::]file[::element]`` file spec.

This is what pydicom's ``pydicom`` command does, kept for code that calls it (through the
``pydicom`` alias, dicomconstruct.compat). The ``dicomconstruct`` command itself is
``dicomconstruct.cli`` (``dicomconstruct.cli.main`` calls it when called, see below).
"""

from __future__ import annotations

import argparse
import re
import sys
import types
from collections.abc import Callable
from typing import Any

from ..dataset import Dataset
from ..filereader import dcmread

subparsers: argparse._SubParsersAction | None = None

# The element part of a file spec is evaluated as ``ds.<element>`` (as pydicom does): only
# keywords with optional [index], joined by dots, so nothing else can be run.
re_kywd_or_item = r"\w+(\[(-)?\d+\])?"
re_file_spec_object = re.compile(re_kywd_or_item + r"(\." + re_kywd_or_item + r")*$")

filespec_help = (
    "File specification, in format [pydicom::]filename[::element]. If `pydicom::` prefix is "
    "present, then use the pydicom test file with that name. If `element` is given, use only "
    "that data element within the file. Examples: path/to/your_file.dcm, "
    "your_file.dcm::StudyDate, pydicom::rtplan.dcm::BeamSequence[0], "
    "yourplan.dcm::BeamSequence[0].BeamNumber"
)


def eval_element(ds: Dataset, element: str, error: type[Exception] | None = None) -> Any:
    """The value at ``element`` (``BeamSequence[0].BeamNumber``) in ``ds``; a missing element
    or a bad index is ``argparse.ArgumentTypeError`` (or ``error``) with pydicom's message."""
    error = error or argparse.ArgumentTypeError
    if not re_file_spec_object.match(element):
        raise error(
            f"Component '{element}' is not valid syntax for a data element, sequence, or "
            "sequence item"
        )
    try:
        return eval("ds." + element, {"ds": ds})  # noqa: S307 - the syntax is checked above
    except AttributeError:
        raise error(f"Data element '{element}' is not in the dataset") from None
    except IndexError as exc:
        raise error(f"'{element}' has an index error: {exc}") from None


def filespec_parts(filespec: str) -> tuple[str, str, str]:
    """(prefix, filename, element) of ``[pydicom::]filename[::element]``; a filename may hold
    single colons (``c:\\temp\\test.dcm``)."""
    *prefix_file, last = filespec.split("::")
    if not prefix_file:
        return "", last, ""
    prefix = "pydicom" if prefix_file[0] == "pydicom" else ""
    if prefix:
        prefix_file.pop(0)
    if not prefix_file:
        return prefix, last, ""
    return prefix, "".join(prefix_file), last


def _test_file(filename: str) -> str:
    """The test file of that name, or ''. Under the compat alias ``pydicom.data`` may be
    pydicom's own data package (its test suite puts it there); else dicomconstruct's."""
    from .. import compat, data

    module: Any = data
    if compat.installed():
        module = sys.modules.get("pydicom.data", data)
    try:
        found = module.get_testdata_file(filename)
    except (ValueError, NotImplementedError):  # an absolute path
        found = None
    if not found and hasattr(module, "get_charset_files"):
        try:
            found = (module.get_charset_files(filename) or [""])[0]
        except (ValueError, NotImplementedError):
            found = None
    return found or ""


def filespec_parser(filespec: str) -> list[tuple[Dataset, Any]]:
    """[(dataset, element value or None)] for a file spec, as argparse's ``type``; a file that
    is missing or unreadable, or a bad element, is ``argparse.ArgumentTypeError``."""
    prefix, filename, element = filespec_parts(filespec)
    test_file = _test_file(filename)
    if prefix == "pydicom":
        filename = test_file
    if element and not re_file_spec_object.match(element):
        raise argparse.ArgumentTypeError(
            f"Component '{element}' is not valid syntax for a data element, sequence, or "
            "sequence item"
        )
    try:
        ds = dcmread(filename, force=True)
    except FileNotFoundError:
        extra = f", \nbut 'pydicom::{filename}' test data file is available" if test_file else ""
        raise argparse.ArgumentTypeError(f"File '{filename}' not found{extra}") from None
    except Exception as exc:  # as pydicom: any failure to read is the argument's error
        raise argparse.ArgumentTypeError(f"Error reading '{filename}': {exc}") from None
    if not element:
        return [(ds, None)]
    return [(ds, eval_element(ds, element))]


def help_command(args: argparse.Namespace) -> None:
    if subparsers is None:
        print("No subcommands are available")
        return
    subcommands: list[str] = list(subparsers.choices.keys())
    if args.subcommand and args.subcommand in subcommands:
        subparsers.choices[args.subcommand].print_help()
    else:
        print("Use pydicom help [subcommand] to show help for a subcommand")
        subcommands.remove("help")
        print(f"Available subcommands: {', '.join(subcommands)}")


SubCommandType = dict[str, Callable[[argparse._SubParsersAction], None]]


def get_subcommand_entry_points() -> SubCommandType:
    """pydicom's subcommands: ``codify`` and ``show`` (pydicom finds them as entry points; here
    they are the modules beside this one)."""
    from . import codify, show

    return {"codify": codify.add_subparser, "show": show.add_subparser}


def main(args: list[str] | None = None) -> None:
    """pydicom's ``pydicom`` command with ``args`` (default ``sys.argv[1:]``)."""
    global subparsers
    py_version = sys.version.split()[0]
    parser = argparse.ArgumentParser(
        prog="pydicom", description=f"pydicom command line utilities (Python {py_version})"
    )
    subparsers = parser.add_subparsers(help="subcommand help")
    help_parser = subparsers.add_parser("help", help="display help for subcommands")
    help_parser.add_argument("subcommand", nargs="?", help="Subcommand to show help for")
    help_parser.set_defaults(func=help_command)
    for subcommand in get_subcommand_entry_points().values():
        subcommand(subparsers)
    ns = parser.parse_args(args)
    if not vars(ns):
        parser.print_help()
    else:
        ns.func(ns)


class _CallableModule(types.ModuleType):
    # Importing this module makes it the attribute ``main`` of the package dicomconstruct.cli
    # (the import system binds submodules on their package), where the ``dicomconstruct``
    # command's function ``main`` was: called, the module runs that function, so
    # ``dicomconstruct.cli.main(argv)`` works before and after this import.
    def __call__(self, argv: Any = None) -> int:
        from . import _run

        return _run(argv)


sys.modules[__name__].__class__ = _CallableModule
