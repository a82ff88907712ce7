"""The ``dicomconstruct`` command: ``show`` prints a DICOM file as pydicom prints a dataset.

Errors in the file's bytes are reported with their byte offset and schema path, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from .errors import DicomError
from .filereader import dcmread


def _show(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = dcmread(
                args.file,
                force=args.force,
                stop_before_pixels=args.stop_before_pixels,
                defer_size=args.defer_size,
            )
            text = ds.top() if args.top else str(ds)
        except OSError as exc:
            print(
                f"dicomconstruct: cannot open {args.file}: {exc.strerror or exc}", file=sys.stderr
            )
            return 2
        except DicomError as exc:
            print(f"dicomconstruct: {args.file}: {exc}", file=sys.stderr)
            return 1
    print(text)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dicomconstruct", description="Read and inspect DICOM Part 10 files."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="print a file's meta and data set")
    show.add_argument("file")
    show.add_argument("--force", action="store_true", help="read files without a preamble/meta")
    show.add_argument("--stop-before-pixels", action="store_true", help="stop at Pixel Data")
    show.add_argument("--defer-size", default=None, help="leave larger values in the file")
    show.add_argument("--top", action="store_true", help="top-level elements only")
    show.set_defaults(run=_show)
    args = parser.parse_args(argv)
    return args.run(args)
