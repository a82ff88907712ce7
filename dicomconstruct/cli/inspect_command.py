"""list files' tokens at their offsets, with every fault found (dicomconstruct.inspect)

Built on the public ``iter_inspect``: tokens are printed as they are found and none is kept,
so memory stays flat whatever the size of the file. Each element line ends with the element's
keyword and name (PS3.6, or the private dictionary through its private creator, PS3.5 §7.8);
``--json`` gives the same tokens with their values in the DICOM JSON Model's form (PS3.18
F.2: a "Value" array, or "InlineBinary" for binary VRs), read from the file when they are no
longer than ``--max-length`` (default 1024 bytes).
"""

from __future__ import annotations

import argparse
import json
import mmap
import os
import sys
import warnings
import zlib
from typing import Any

from . import (
    TagFilter,
    add_input_arguments,
    cannot_open,
    header_line,
    iter_inputs,
    open_input,
)
from .progress import Progress

DEFAULT_JSON_VALUE_LENGTH = 1024  # longer values are given as their length only
_BIG_ENDIAN = "1.2.840.10008.1.2.2"  # PS3.5 §A.3, the only big endian transfer syntax


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--hex", action="store_true", help="a hexdump around each problem")
    parser.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per file: elements (with keyword, name, DICOM JSON value), problems",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="only the problems (and the file header lines)"
    )
    parser.add_argument(
        "--pixels",
        action="store_true",
        help="also check what is inside Pixel Data (dicomconstruct.pixels.inspect_pixels)",
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="write a visual report (one self-contained page: token tree beside a hex view)",
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="where --html writes (default: FILE.html)"
    )


def run(args: argparse.Namespace) -> int:
    inputs = list(iter_inputs(args.files, args.recursive))
    if args.html:
        return _html(args, inputs)
    several = len(inputs) > 1
    status = 0
    if args.json and several:
        sys.stdout.write("[")
    # Several files: one bar over them all, by bytes; one file: a bar by offset within it.
    sizes = [_file_size(name) for name, _ in inputs] if several else [0]
    overall = Progress(sum(sizes), args.progress, "inspect")
    for index, (name, _element) in enumerate(inputs, 1):
        overall.advance_to(sum(sizes[: index - 1]))
        if several and not args.json:
            print(header_line(name, index, len(inputs)))
        if args.json and index > 1:
            sys.stdout.write(",\n")
        try:
            source = open_input(name)
        except OSError as exc:
            status = max(status, cannot_open(name, exc))
            if args.json:
                sys.stdout.write(json.dumps({"file": name, "error": exc.strerror or str(exc)}))
            continue
        status = max(
            status,
            inspect_one(
                name,
                source,
                hexdump=args.hex,
                quiet=args.quiet,
                as_json=args.json,
                filters=args.tag,
                no_private=args.no_private,
                limit=args.max_length,
                progress=False if several else args.progress,
                with_file=several,
                pixel_problems=_pixel_problems(source) if args.pixels else None,
            ),
        )
    overall.close()
    if args.json and several:
        sys.stdout.write("]\n")
    return status


def inspect_one(
    name: str,
    source: Any,
    hexdump: bool = False,
    quiet: bool = False,
    as_json: bool = False,
    filters: list[TagFilter] | None = None,
    no_private: bool = False,
    limit: int | None = None,
    progress: bool | None = None,
    with_file: bool = False,
    pixel_problems: list[Any] | None = None,
) -> int:
    """List one file (a path or bytes); the exit status: 0 clean, 1 problems, 2 unopenable.
    ``pixel_problems`` (``--pixels``) are listed after the tokens, or under "pixel_problems"."""
    from ..inspect import Problem, iter_inspect, problem_lines, token_line

    out = sys.stdout
    problems: list[Any] = []
    try:
        values = _Values(source)
    except OSError as exc:
        return cannot_open(name, exc)
    with values, Progress(values.size, progress, "inspect") as bar:
        events = iter(iter_inspect(source))
        try:
            found = next(events, None)
        except OSError as exc:
            return cannot_open(name, exc)
        if as_json:
            out.write(
                ("{" + f'"file": {json.dumps(name)}, ' if with_file else "{") + '"elements": ['
            )
        names = _Names(values)
        chooser = _Chooser(filters or [], no_private)
        first = True
        while found is not None:
            if isinstance(found, Problem):
                problems.append(found)
                if not as_json:
                    out.write("\n".join(problem_lines(found, hexdump)) + "\n")
            else:
                bar.advance_to(found.offset)
                keyword, title = names.of(found)
                if chooser.wants(found):
                    if as_json:
                        if found.tag is not None:
                            record = _json_token(found, keyword, title, values, limit)
                            out.write(("" if first else ", ") + json.dumps(record))
                            first = False
                    elif not quiet:
                        line = token_line(found)
                        out.write(f"{line}  # {keyword or title}" if title else line)
                        out.write(f" ({title})\n" if keyword and keyword != title else "\n")
            found = next(events, None)
        pixels = pixel_problems or []
        if as_json:
            out.write('], "problems": ' + json.dumps([p.to_json() for p in problems]))
            if pixel_problems is not None:
                out.write(', "pixel_problems": ' + json.dumps([p.as_dict() for p in pixels]))
            out.write("}" if with_file else "}\n")
        else:
            for problem in pixels:
                frame = "" if problem.frame is None else f"frame {problem.frame}, "
                out.write(
                    f"pixel data: {frame}byte {problem.offset} of the value: "
                    f"[{problem.severity}] {problem.kind}: {problem.message}\n"
                )
    errors = [p for p in pixels if p.severity == "error"]
    return 1 if problems or errors else 0


def _pixel_problems(source: Any) -> list[Any]:
    """What ``inspect_pixels`` finds in a path, or in bytes read from standard input."""
    from ..pixels import inspect_pixels

    return inspect_pixels(source)


class _Values:
    """The bytes that tokens' value offsets point into: the file (memory-mapped, so a value is
    read only when asked for), or after a deflate stream token (PS3.5 §A.5) what it inflates
    to, since the inspection's offsets count in the inflated data there."""

    def __init__(self, source: Any) -> None:
        self.file = None
        self.mapped: Any = None
        self.inflated: bytes | None = None
        if isinstance(source, (bytes, bytearray)):
            self.buf: Any = bytes(source)
        else:
            self.file = open(source, "rb")  # noqa: SIM115 - closed by __exit__
            try:
                self.mapped = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
                self.buf = self.mapped
            except (ValueError, OSError):  # an empty file cannot be mapped
                self.buf = self.file.read()
        self.size = len(self.buf)
        self.little_endian = True
        self.encodings: list[str] | None = None

    def deflated_at(self, offset: int) -> None:
        # A raw deflate stream (RFC 1951, no zlib header: wbits -15) from there to the end;
        # as far as it inflates (a corrupt stream is the inspection's problem, not ours).
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            self.inflated = inflater.decompress(bytes(self.buf[offset:]))
        except zlib.error:
            self.inflated = b""

    def read(self, offset: int, length: int) -> bytes | None:
        buf = self.buf if self.inflated is None else self.inflated
        if offset < 0 or offset + length > len(buf):
            return None
        return bytes(buf[offset : offset + length])

    def __enter__(self) -> _Values:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.mapped is not None:
            self.mapped.close()
        if self.file is not None:
            self.file.close()


class _Names:
    """Keyword and name of each token's tag; private names through the creator that reserved
    the block (PS3.5 §7.8.1) in the same data set."""

    def __init__(self, values: _Values) -> None:
        self.values = values
        self.creators: dict[tuple[str, int, int], str] = {}

    def of(self, token: Any) -> tuple[str, str]:
        from .. import tables

        if token.kind == "deflate stream":
            self.values.deflated_at(token.offset)
        tag = token.tag
        if tag is None:
            return "", ""
        group, element = tag >> 16, tag & 0xFFFF
        if group == 0x0002 and element == 0x0010 and token.length:
            syntax = self._text(token)
            self.values.little_endian = syntax != _BIG_ENDIAN
        if tag == 0x00080005 and token.depth == 0 and token.length:
            from ..charset import convert_encodings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    self.values.encodings = convert_encodings(self._text(token).split("\\"))
                except (ValueError, LookupError):
                    self.values.encodings = None
        if tables._is_private_group(group):
            parent = token.path.rpartition(" / ")[0]
            if 0x0010 <= element <= 0x00FF:
                self.creators[(parent, group, element)] = self._text(token)
                return "", "Private Creator"
            creator = self.creators.get((parent, group, element >> 8))
            entry = tables.private_entry(tag, creator) if creator else None
            return ("", f"[{entry.name}]") if entry else ("", "Private tag data")
        entry = tables.standard_entry(tag)
        if entry is None:
            return "", ""
        return entry.keyword, entry.name

    def _text(self, token: Any) -> str:
        raw = self.values.read(token.value_offset, min(token.length or 0, 256))
        return (raw or b"").decode("latin-1").rstrip("\0 ")


class _Chooser:
    """Which tokens ``-t`` and ``--no-private`` let through: a match, and everything inside a
    matched sequence or item."""

    def __init__(self, filters: list[TagFilter], no_private: bool) -> None:
        self.filters = filters
        self.no_private = no_private
        self.inside: list[str] = []  # paths of matched sequences and items still open

    def wants(self, token: Any) -> bool:
        from .. import tables

        if token.tag is None:
            return not self.filters  # preamble, prefix, deflate stream: only when unfiltered
        path = token.path
        steps = _steps(path)
        if self.no_private and any(tables._is_private_group(tag >> 16) for tag, _ in steps):
            return False
        if not self.filters:
            return True
        while self.inside and not path.startswith(self.inside[-1] + " / "):
            self.inside.pop()
        if self.inside:
            return True
        for wanted in self.filters:
            if (wanted.tag is not None and token.tag == wanted.tag) or (
                wanted.steps and _matches_path(steps, wanted.steps)
            ):
                self.inside.append(path)
                return True
        return False


def _steps(path: str) -> list[tuple[int, int | None]]:
    """The (tag, item index) steps of an inspection path such as
    ``dataset / (0008,1115) SQ / item 0 / (0020,000E) UI``."""
    steps: list[tuple[int, int | None]] = []
    for part in path.split(" / "):
        if part.startswith("(") and part[5:6] == "," and part[10:11] == ")":
            try:
                steps.append((int(part[1:5] + part[6:10], 16), None))
            except ValueError:
                continue
        elif part.startswith("item ") and steps and part[5:].isdigit():
            steps[-1] = (steps[-1][0], int(part[5:]))
    return steps


def _matches_path(steps: list, wanted: list) -> bool:
    if len(steps) < len(wanted):
        return False
    for (tag, index), (want_tag, want_index) in zip(steps, wanted, strict=False):
        if tag != want_tag or (want_index is not None and index != want_index):
            return False
    return len(steps) == len(wanted) or wanted[-1][1] is not None


def _json_token(
    token: Any, keyword: str, title: str, values: _Values, limit: int | None
) -> dict[str, Any]:
    record = token.to_json()
    record["preview"] = record.pop("value")
    record["keyword"], record["name"] = keyword, title
    record["value"] = None
    limit = DEFAULT_JSON_VALUE_LENGTH if limit is None else limit
    if token.kind != "element" or token.vr == "SQ" or token.length is None:
        return record
    if token.length > limit:
        return record
    raw = values.read(token.value_offset, token.length)
    if raw is None:
        return record  # cut off: the problem says so
    record.update(_dicom_json(token, raw, values))
    return record


def _dicom_json(token: Any, raw: bytes, values: _Values) -> dict[str, Any]:
    """The value as the DICOM JSON Model gives it (jsonrep): {"value": [...]} or
    {"InlineBinary": "..."}; {} when it does not decode (the listing's problems say why)."""
    from ..dataelem import DataElement
    from ..errors import DicomError
    from ..jsonrep import element_to_json_dict
    from ..values import convert_value

    little = values.little_endian or token.tag >> 16 == 0x0002  # PS3.10 §7.1: meta is LE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = convert_value(token.vr, raw, little, values.encodings, tag=token.tag)
            attribute = element_to_json_dict(
                DataElement(token.tag, token.vr, value, already_converted=True)
            )
    except (DicomError, ValueError, TypeError, LookupError):
        return {}
    if "InlineBinary" in attribute:
        return {"InlineBinary": attribute["InlineBinary"]}
    return {"value": attribute.get("Value", [])}


def _file_size(name: str) -> int:
    try:
        return os.path.getsize(name) if name != "-" else 0
    except OSError:
        return 0


def _html(args: argparse.Namespace, inputs: list[tuple[str, str]]) -> int:
    """``--html``: one report page per file (dicomconstruct.html_report)."""
    from ..html_report import write_report

    if args.output and len(inputs) != 1:
        print("dicomconstruct inspect: error: argument -o/--output: one file only", file=sys.stderr)
        return 2
    status = 0
    for name, _element in inputs:
        target = args.output or (("stdin" if name == "-" else name) + ".html")
        try:
            source = open_input(name)
            with open(target + ".part", "w", encoding="utf-8") as out:
                problems = write_report(source, out, title=name)
            os.replace(target + ".part", target)  # a failed write leaves no half page
        except OSError as exc:
            if os.path.exists(target + ".part"):
                os.remove(target + ".part")
            status = max(status, cannot_open(name, exc))
            continue
        print(f"{target}: {problems} problem(s)", file=sys.stderr)
        status = max(status, 1 if problems else 0)
    return status
