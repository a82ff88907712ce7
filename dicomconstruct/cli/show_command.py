"""print files' meta and data sets as pydicom prints a dataset, or as DICOM JSON (PS3.18 F.2)

``show`` reads each file strictly (``dcmread``). Values longer than ``--max-length`` (or, when it
is not given, larger than 64 KiB) are left in the file (``defer_size``) and a binary one is
printed from its length alone, as pydicom prints any long value ("Array of N elements"), so a
1 GB image is shown without reading its pixels. A fault in the bytes is reported on stderr
with its offset, and the file's inspection listing is printed instead.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from . import (
    TagFilter,
    add_input_arguments,
    cannot_open,
    for_the_command_line,
    header_line,
    iter_inputs,
    length_option,
    open_input,
)
from .progress import Progress

# Without --max-length, values larger than this stay in the file until printing needs them
# (binary values never do: their length is what pydicom prints).
DEFAULT_DEFER = 64 * 1024
# pydicom prints these VRs as "Array of N elements" when the value is longer than
# DataElement.maxBytesToDisplay, N being len(value); for the binary ones len(value) is the
# value's length in bytes, known without reading it.
_LONG_BINARY_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN", "OB or OW", "US or OW"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--force", action="store_true", help="read files without a preamble/meta")
    parser.add_argument("--stop-before-pixels", action="store_true", help="stop at Pixel Data")
    parser.add_argument(
        "--defer-size",
        type=length_option,
        default=None,
        metavar="SIZE",
        help="leave values larger than SIZE (e.g. '1 KB') in the file until printed",
    )
    parser.add_argument("--top", action="store_true", help="top-level elements only")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="a summary (SOP class, patient, study, image or plan), as pydicom's show -q; "
        "no warnings",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="the DICOM JSON Model (PS3.18 F.2) of each file (several: an array, null for a "
        "file not read)",
    )


def run(args: argparse.Namespace) -> int:
    inputs = list(iter_inputs(args.files, args.recursive))
    several = len(inputs) > 1
    status = 0
    sizes = [_size(name) for name, _ in inputs]
    documents: list[str] = []
    with Progress(sum(sizes), args.progress, "show") as progress:
        for index, (name, element) in enumerate(inputs, 1):
            if several and not args.json:
                print(header_line(name, index, len(inputs)))
            done = len(documents)
            status = max(status, show_one(name, element, args, documents if args.json else None))
            if args.json and len(documents) == done:
                documents.append("null")  # not read (stderr says why): the array keeps its order
            progress.advance_to(sum(sizes[:index]))
    if args.json:
        if several:
            print("[" + ",\n".join(documents) + "]")
        elif documents and documents[0] != "null":
            print(documents[0])
    return status


def _size(name: str) -> int:
    try:
        return os.path.getsize(name) if name != "-" else 0
    except OSError:
        return 0


def show_one(name: str, element: str, args: argparse.Namespace, documents: list | None) -> int:
    from ..errors import DicomError
    from ..filereader import dcmread

    limit = args.max_length
    defer = args.defer_size
    if limit is not None:
        defer = limit if defer is None else min(defer, limit)
    elif defer is None:
        defer = DEFAULT_DEFER
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            source = open_input(name)
            fp = io.BytesIO(source) if isinstance(source, bytes) else source
            ds = dcmread(fp, force=args.force, stop_before_pixels=args.stop_before_pixels,
                         defer_size=defer)  # fmt: skip
            if args.no_private:
                ds.remove_private_tags()
            if documents is not None:
                documents.append(json.dumps(_json_document(ds, name, limit, args.tag)))
                text = None
            else:
                text = _text(ds, element, args, limit)
        except OSError as exc:
            return cannot_open(name, exc)
        except DicomError as exc:
            # The strict reading failed: say why, then show what inspection finds in the bytes.
            print(f"dicomconstruct: {name}: {for_the_command_line(str(exc))}", file=sys.stderr)
            if documents is not None:
                return 1
            print("dicomconstruct: falling back to inspection output", file=sys.stderr)
            from .inspect_command import inspect_one

            inspect_one(
                name,
                source if name == "-" else name,
                filters=args.tag,
                no_private=args.no_private,
                progress=False,
            )
            return 1
        except LookupError as exc:  # an element path that is not in the file
            print(f"dicomconstruct: {name}: {exc.args[0]}", file=sys.stderr)
            return 1
    if text is not None:
        print(text)
    if not args.quiet:
        for warning in caught:
            message = for_the_command_line(str(warning.message))
            print(f"warning: {message}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# Text: pydicom's format (Dataset.__str__), with values longer than the limit left unread.
def _text(ds: Any, element: str, args: argparse.Namespace, limit: int | None) -> str:
    if element:
        from .main import eval_element

        return str(eval_element(ds, element, error=LookupError))
    if args.tag:
        return "\n".join(_filtered_lines(ds, args.tag, limit))
    if args.quiet:
        from .show import quiet_lines

        return "\n".join(quiet_lines(ds))
    return "\n".join(dataset_lines(ds, limit, top_only=args.top, with_meta=True))


def dataset_lines(
    ds: Any, limit: int | None, indent: int = 0, top_only: bool = False, with_meta: bool = False
) -> Iterator[str]:
    """The lines of ``str(ds)`` (pydicom's ``Dataset._pretty_str``), without reading any value
    that ``element_line`` does not need."""
    pad = ds.indent_chars * indent
    meta = getattr(ds, "file_meta", None) if with_meta else None
    if meta:
        yield f"{'Dataset.file_meta ':-<49}"
        for elem in meta:
            yield element_line(elem, limit)
        yield f"{'':-<49}"
    for elem in ds:
        yield from _element_lines(elem, limit, indent, pad, top_only)


def _element_lines(
    elem: Any, limit: int | None, indent: int, pad: str, top_only: bool
) -> Iterator[str]:
    if elem.VR == "SQ":
        items = elem.value
        yield f"{pad}{elem.tag}  {elem.name}  {len(items)} item(s) ---- "
        if not top_only:
            for item in items:
                yield from dataset_lines(item, limit, indent + 1)
                yield f"{item.indent_chars * (indent + 1)}---------"
    else:
        yield pad + element_line(elem, limit)


def element_line(elem: Any, limit: int | None) -> str:
    """``str(elem)`` as pydicom prints it, but a value left in the file stays there when its
    length says all that is printed (binary values), or is longer than ``limit``."""
    length = elem.length or 0
    if not getattr(elem, "is_deferred", False):
        return str(elem)  # in memory already: printing reads nothing
    vr = elem.VR
    if vr in _LONG_BINARY_VRS and length > elem.maxBytesToDisplay:
        shown = f"Array of {length} elements"
    elif limit is None or length <= limit:
        return str(elem)  # a text value: pydicom counts its characters, so it is read
    else:
        from .. import tables

        info = tables.vr_table().get(vr)
        width = info.value_width if info is not None else None
        if info is not None and info.kind == "binary" and width:
            shown = f"Array of {length // width} elements"
        else:
            shown = f"value of {length} bytes, not read (--max-length {limit})"
    name = f"{elem.name[: elem.descripWidth]:<{elem.descripWidth}}"
    return f"{elem.tag} {name} {vr}: {shown}"


def _filtered_lines(ds: Any, filters: list[TagFilter], limit: int | None) -> Iterator[str]:
    for wanted in filters:
        if wanted.tag is not None:
            yield from _matches(ds, wanted.tag, limit, 0, with_meta=True)
        else:
            yield from _path_lines(ds, wanted, limit)


def _matches(
    ds: Any, tag: int, limit: int | None, indent: int, with_meta: bool = False
) -> Iterator[str]:
    """Every element with ``tag``, at any depth (dcmdump's +P), indented by its depth."""
    meta = getattr(ds, "file_meta", None) if with_meta else None
    pad = ds.indent_chars * indent
    for elem in list(meta or ()) + list(ds):
        if elem.tag == tag:
            yield from _element_lines(elem, limit, indent, pad, False)
        elif elem.VR == "SQ":
            for item in elem.value:
                yield from _matches(item, tag, limit, indent + 1)


def resolve_path(ds: Any, wanted: TagFilter) -> Any:
    """The element (or, for a path ending in ``[n]``, the item) a ``-t`` path names;
    LookupError saying which step is missing."""
    current: Any = ds
    found: Any = None
    for depth, (tag, index) in enumerate(wanted.steps):
        holder = current
        if tag >> 16 == 2 and depth == 0 and getattr(ds, "file_meta", None) is not None:
            holder = ds.file_meta
        if tag not in holder:
            raise LookupError(f"{wanted.text}: no {_tag_text(tag)} in the data set")
        found = current = holder[tag]
        if index is not None:
            if found.VR != "SQ":
                raise LookupError(f"{wanted.text}: {_tag_text(tag)} is not a sequence")
            try:
                found = current = found.value[index]
            except IndexError:
                raise LookupError(
                    f"{wanted.text}: {_tag_text(tag)} has {len(found.value)} item(s)"
                ) from None
    return found


def _path_lines(ds: Any, wanted: TagFilter, limit: int | None) -> Iterator[str]:
    found = resolve_path(ds, wanted)
    if hasattr(found, "tag"):
        yield from _element_lines(found, limit, 0, "", False)
    else:  # the path ends at an item
        yield from dataset_lines(found, limit)


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


# ---------------------------------------------------------------------------------------------
# JSON: the DICOM JSON Model (PS3.18 F.2) through jsonrep, values past the limit as bulk data.
def _json_document(ds: Any, name: str, limit: int | None, filters: list[TagFilter]) -> Any:
    from ..dataset import Dataset

    if filters:
        chosen = Dataset()
        for wanted in filters:
            for elem in _json_matches(ds, wanted):
                chosen.add(elem)
        ds = chosen
    meta = getattr(ds, "file_meta", None)
    document = _json_dataset(meta, name, limit) if meta else {}
    document.update(_json_dataset(ds, name, limit))
    return document


def _json_matches(ds: Any, wanted: TagFilter) -> Iterator[Any]:
    if wanted.tag is not None:
        for holder in (getattr(ds, "file_meta", None), ds):
            if holder is not None and wanted.tag in holder:
                yield holder[wanted.tag]
        return
    found = resolve_path(ds, wanted)
    if hasattr(found, "tag"):
        yield found
    else:  # an item: its elements
        yield from found


def _json_dataset(ds: Any, name: str, limit: int | None) -> dict[str, Any]:
    from ..jsonrep import element_to_json_dict

    result: dict[str, Any] = {}
    for elem in ds:
        key = f"{int(elem.tag):08X}"
        if elem.VR == "SQ":
            items = [_json_dataset(item, name, limit) for item in elem.value]
            result[key] = {"vr": "SQ", "Value": items} if items else {"vr": "SQ"}
        elif _left_in_file(elem, limit):
            result[key] = {"vr": elem.VR}
            if name != "-" and elem.value_offset is not None:
                # PS3.18 F.2.2: a bulk data value is given by reference, here the file's bytes
                from pathlib import Path

                where = f"?offset={elem.value_offset}&length={elem.length}"
                result[key]["BulkDataURI"] = Path(os.path.abspath(name)).as_uri() + where
        else:
            result[key] = element_to_json_dict(elem, 1024, None)
    return result


def _left_in_file(elem: Any, limit: int | None) -> bool:
    length = elem.length or 0
    if elem.VR not in _LONG_BINARY_VRS:
        return False
    if getattr(elem, "is_deferred", False):
        return True
    return limit is not None and length > limit
