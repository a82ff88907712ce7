"""pydicom's ``pydicom.cli.codify``: the ``codify`` subcommand of ``pydicom.cli.main``, which
prints the Python code that builds a file's dataset (``dicomconstruct.util.codify``)."""

from __future__ import annotations

import argparse
import sys

default_exclude_size = 100


def add_subparser(subparsers: argparse._SubParsersAction) -> None:
    try:
        # dicomconstruct.util.codify is imported only when this subcommand is set up: the
        # rest of the command line does not need it.
        from ..util import codify
    except ImportError as exc:
        missing: ImportError | None = exc
    else:
        missing = None
    parser = subparsers.add_parser(
        "codify",
        description="Read a DICOM file and produce the pydicom (Python) code which can create "
        "that file",
        epilog=f"Binary data (e.g. pixels) larger than --exclude-size (default "
        f"{default_exclude_size} bytes) is not included. A dummy line with a syntax error is "
        "produced. Private data elements are not included by default.",
        # without the module every argument is taken as is, to say what is missing
        prefix_chars="-" if missing is None else "\0",
    )
    if missing is not None:
        parser.add_argument("arguments", nargs=argparse.REMAINDER)
        parser.set_defaults(func=lambda args: _missing(missing))
        return
    codify.set_parser_arguments(parser, default_exclude_size)
    parser.set_defaults(func=codify.do_codify)


def _missing(exc: ImportError | None) -> None:
    print(f"codify is not available: {exc}", file=sys.stderr)
    raise SystemExit(2)
