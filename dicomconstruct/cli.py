"""The ``dicomconstruct`` command: ``show`` prints a DICOM file as pydicom prints a dataset,
``inspect`` lists its bytes token by token with every fault at its offset (``inspect.py``).

Errors in the file's bytes are reported with their byte offset and schema path, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings

from .errors import DicomError
from .filereader import dcmread
from .inspect import Problem, iter_inspect, problem_lines, token_line


def _cannot_open(file: str, exc: OSError) -> int:
    print(f"dicomconstruct: cannot open {file}: {exc.strerror or exc}", file=sys.stderr)
    return 2


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
            return _cannot_open(args.file, exc)
        except DicomError as exc:
            # The strict reading failed: say why, then show what inspection finds in the bytes.
            print(f"dicomconstruct: {args.file}: {exc}", file=sys.stderr)
            print("dicomconstruct: falling back to inspection output", file=sys.stderr)
            _inspect(argparse.Namespace(file=args.file, hex=False, json=False))
            return 1
    print(text)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    return 0


def _inspect(args: argparse.Namespace) -> int:
    # Streamed: each token is printed as it is found and none is kept, so memory stays flat
    # whatever the size of the file or the number of its elements.
    out = sys.stdout
    problems: list[Problem] = []
    first = True
    try:
        events = iter(iter_inspect(args.file))
        found = next(events, None)  # opens the file
    except OSError as exc:
        return _cannot_open(args.file, exc)
    if args.json:
        out.write('{"elements": [')
    while found is not None:
        if isinstance(found, Problem):
            problems.append(found)
            if not args.json:
                out.write("\n".join(problem_lines(found, args.hex)) + "\n")
        elif args.json:
            if found.tag is not None:
                out.write(("" if first else ", ") + json.dumps(found.to_json()))
                first = False
        else:
            out.write(token_line(found) + "\n")
        found = next(events, None)
    if args.json:
        out.write('], "problems": ' + json.dumps([p.to_json() for p in problems]) + "}\n")
    return 1 if problems else 0


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
    inspect = commands.add_parser(
        "inspect", help="list a file's tokens at their offsets, with every fault found"
    )
    inspect.add_argument("file")
    inspect.add_argument("--hex", action="store_true", help="a hexdump around each problem")
    inspect.add_argument("--json", action="store_true", help="one JSON object: elements, problems")
    inspect.set_defaults(run=_inspect)
    args = parser.parse_args(argv)
    return args.run(args)
