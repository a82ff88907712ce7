"""Python code that recreates a data set or a whole file, as pydicom's ``util.codify``.

``code_file(path)`` gives a script that builds the data set element by element (sequences
as nested ``Dataset``\\ s) and saves it; binary values longer than ``exclude_size`` are left
as a commented line that stops the script until edited. The script imports dicomconstruct
(where pydicom's imports pydicom). Also a command: ``python -m dicomconstruct.util.codify
file.dcm [out.py]``.
"""

from __future__ import annotations

import argparse
import os.path
import re
import sys
from collections import deque
from collections.abc import Callable

from ..datadict import dictionary_keyword
from ..dataelem import DataElement
from ..dataset import Dataset
from ..tag import BaseTag
from ..valuerep import AMBIGUOUS_VR, BYTES_VR

__all__ = [
    "camel_to_underscore",
    "code_dataelem",
    "code_dataset",
    "code_file",
    "code_file_from_dataset",
    "code_imports",
    "code_sequence",
    "default_name_filter",
    "main",
    "tag_repr",
]

line_term = "\n"

_first_cap_re = re.compile("(.)([A-Z][a-z]+)")
_all_cap_re = re.compile("([a-z0-9])([A-Z])")


def camel_to_underscore(name: str) -> str:
    """``CamelCase`` as ``camel_case``."""
    return _all_cap_re.sub(r"\1_\2", _first_cap_re.sub(r"\1_\2", name)).lower()


def tag_repr(tag: BaseTag) -> str:
    """A tag as the Python tuple ``(0xgggg, 0xeeee)``."""
    return f"(0x{tag.group:04X}, 0x{tag.element:04X})"


def default_name_filter(name: str) -> str:
    """A shorter variable name for a sequence or item keyword (``cp`` for control point...)."""
    name = camel_to_underscore(name)
    name = name.replace("control_point", "cp")
    name = name.replace("reference", "ref")
    return name.replace("fraction_group", "frxn_gp")


def code_imports() -> str:
    """The import lines the generated code needs."""
    return line_term.join(
        (
            "import dicomconstruct",
            "from dicomconstruct.dataset import Dataset, FileMetaDataset",
            "from dicomconstruct.sequence import Sequence",
        )
    )


def _keyword(tag: BaseTag) -> str | None:
    try:
        return dictionary_keyword(tag) or None
    except KeyError:
        return None


def code_dataelem(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    var_names: deque | None = None,
) -> str:
    """The code line that sets ``dataelem`` in the data set ``dataset_name`` (by keyword, or
    ``add_new`` for an element the dictionary lacks); a sequence's lines come from
    :func:`code_sequence`."""
    if dataelem.VR == "SQ":
        return code_sequence(
            dataelem, dataset_name, exclude_size, include_private, var_names=var_names
        )
    value = dataelem.value
    valuerep = tag_repr(value) if dataelem.VR == "AT" and value != "" else repr(value)
    if (
        exclude_size
        and dataelem.VR in (BYTES_VR | AMBIGUOUS_VR) - {"US or SS"}
        and not isinstance(value, int | float)
        and len(value) > exclude_size
    ):
        valuerep = f"# XXX Array of {len(value)} bytes excluded"
    keyword = _keyword(dataelem.tag)
    if keyword:
        return f"{dataset_name}.{keyword} = {valuerep}"
    return f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, '{dataelem.VR}', {valuerep})"


def code_sequence(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    name_filter: Callable[[str], str] = default_name_filter,
    var_names: deque | None = None,
) -> str:
    """The code lines that build the sequence ``dataelem`` and its items (one variable per
    item, named after the sequence and the item's Index or Number, made unique in nesting)."""
    if var_names is None:
        var_names = deque()

    def unique_name(name: str) -> str:
        count = var_names.count(name) - 1
        return name if count == 0 else f"{name}_{count}"

    seq_name = dataelem.name
    seq_item_name = seq_name.replace(" Sequence", "")
    seq_keyword = _keyword(dataelem.tag) or f"Tag{dataelem.tag:08x}"
    seq_var = name_filter(seq_keyword)
    var_names.append(seq_var)
    orig_seq_var = seq_var
    seq_var = unique_name(seq_var)
    lines = ["", f"# {seq_name}", f"{seq_var} = Sequence()"]
    if _keyword(dataelem.tag):
        lines.append(f"{dataset_name}.{seq_keyword} = {seq_var}")
    else:
        lines.append(f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, 'SQ', {seq_var})")
    for i, ds in enumerate(dataelem.value):
        index_keyword = seq_keyword.replace("Sequence", "") + "Index"
        number_keyword = seq_keyword.replace("Sequence", "") + "Number"
        if index_keyword in ds:
            index_str = str(ds.get(index_keyword))
        elif number_keyword in ds:
            index_str = str(ds.get(number_keyword))
        else:
            index_str = str(i + 1)
        lines += ["", f"# {seq_name}: {seq_item_name} {index_str}"]
        ds_name = orig_seq_var.replace("_sequence", "") + index_str
        var_names.append(ds_name)
        ds_name = unique_name(ds_name)
        code_item = code_dataset(ds, ds_name, exclude_size, include_private, var_names=var_names)
        var_names.pop()
        code_split = code_item.splitlines()
        lines.append(code_split[0])  # "<ds_name> = Dataset()"
        lines.append(f"{seq_var}.append({ds_name})")
        lines.extend(code_split[1:])
    var_names.pop()
    return line_term.join(lines)


def code_dataset(
    ds: Dataset,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    is_file_meta: bool = False,
    var_names: deque | None = None,
) -> str:
    """The code lines that build ``ds`` as the variable ``dataset_name`` (private elements
    only with ``include_private``)."""
    if var_names is None:
        var_names = deque()
    lines = [dataset_name + (" = FileMetaDataset()" if is_file_meta else " = Dataset()")]
    for dataelem in ds:
        if not include_private and dataelem.tag.is_private:
            continue
        lines.append(
            code_dataelem(
                dataelem, dataset_name, exclude_size, include_private, var_names=var_names
            )
        )
        if dataelem.VR == "SQ":
            lines.append("")
    if lines[-1] == "":
        lines.pop()
    return line_term.join(lines)


def code_file(filename: str, exclude_size: int | None = None, include_private: bool = False) -> str:
    """A script that recreates the file ``filename`` (read with ``force=True``)."""
    from ..filereader import dcmread

    return code_file_from_dataset(dcmread(filename, force=True), exclude_size, include_private)


def code_file_from_dataset(
    ds: Dataset, exclude_size: int | None = None, include_private: bool = False
) -> str:
    """A script that recreates ``ds``: its File Meta Information, its elements, and the
    encoding it was read in."""
    filename = getattr(ds, "filename", None)
    identifier = f"DICOM file '{filename}'" if isinstance(filename, str) else "non-file dataset"
    lines = [
        "# -*- coding: utf-8 -*-",
        f"# Coded version of {identifier}",
        "# Produced by dicomconstruct codify utility script",
        code_imports(),
        "",
    ]
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        lines.append("# File meta info data elements")
        lines.append(code_dataset(meta, "file_meta", exclude_size, include_private, True))
        lines.append("")
    lines.append("# Main data elements")
    lines.append(code_dataset(ds, exclude_size=exclude_size, include_private=include_private))
    lines.append("")
    if meta is not None:
        lines.append("ds.file_meta = file_meta")
    implicit_vr, little_endian = ds.original_encoding
    if hasattr(Dataset, "set_original_encoding"):
        lines.append(f"ds.set_original_encoding({implicit_vr}, {little_endian})")
    return line_term.join(lines)


def _filespec(path: str) -> list[tuple[Dataset, object]]:
    """The command's file argument, as pydicom's: ``[pydicom::]filename[::element]``
    (``cli.main.filespec_parser``): the data set read, and the element asked for or None."""
    from ..cli.main import filespec_parser

    return filespec_parser(path)


def set_parser_arguments(parser: argparse.ArgumentParser, default_exclude_size: int) -> None:
    """The command's arguments (pydicom's)."""
    from ..cli.main import filespec_help

    parser.add_argument("filespec", help=filespec_help, type=_filespec)
    parser.add_argument(
        "outfile",
        nargs="?",
        type=argparse.FileType("w", encoding="UTF-8"),
        help="Filename to write Python code to, if not specified then code is written to stdout",
        default=sys.stdout,
    )
    parser.add_argument(
        "-e",
        "--exclude-size",
        type=int,
        default=default_exclude_size,
        help=f"Exclude binary data larger than specified (default: {default_exclude_size} bytes)",
    )
    parser.add_argument(
        "-p",
        "--include-private",
        action="store_true",
        help="Include private data elements (default is to exclude them)",
    )
    parser.add_argument(
        "-s",
        "--save-as",
        help="Specify the filename for ds.save_as(save_filename); "
        "otherwise the input name + '_from_codify' will be used",
    )


def do_codify(args: argparse.Namespace) -> None:
    """Write the code for ``args.filespec`` to ``args.outfile``, with a line that saves it."""
    if len(args.filespec) != 1:
        raise NotImplementedError("Codify can only work on a single DICOM file input")
    ds, element = args.filespec[0]
    if element is not None and not isinstance(element, Dataset):
        raise NotImplementedError(f"Codify can only code a Dataset, not a {type(element)}")
    code_str = code_file_from_dataset(element or ds, args.exclude_size, args.include_private)
    save_as = args.save_as or os.path.splitext(ds.filename)[0] + "_from_codify.dcm"
    code_str += f"\nds.save_as(r'{save_as}', enforce_file_format=True)"
    if getattr(args.outfile, "name", "<stdout>") != "<stdout>":
        print(f"Writing code to file '{args.outfile.name}'")
    args.outfile.write(code_str)


def main(default_exclude_size: int, args: list[str] | None = None) -> None:
    """The command: Python code for a DICOM file, from ``args`` (``sys.argv`` by default)."""
    parser = argparse.ArgumentParser(
        description="Produce python/dicomconstruct code from a DICOM file",
        epilog=(
            f"Binary data (e.g. pixels) larger than --exclude-size (default "
            f"{default_exclude_size} bytes) is not included. A dummy line with a syntax error "
            "is produced. Private data elements are not included by default."
        ),
    )
    set_parser_arguments(parser, default_exclude_size)
    do_codify(parser.parse_args(args))


if __name__ == "__main__":  # pragma: no cover
    main(default_exclude_size=100)
