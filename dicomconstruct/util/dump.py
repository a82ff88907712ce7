"""Hex dumps of files and bytes, and an immediate print of a data set, for debugging reading
and writing (pydicom's ``util.dump``)."""

from __future__ import annotations

import os
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # pragma: no cover
    from ..dataset import Dataset

__all__ = ["datadump", "filedump", "hexdump", "pretty_print", "print_character"]


def print_character(ordchr: int) -> str:
    """The character of the byte ``ordchr`` if printable ASCII, else ``'.'`` (a backslash,
    DICOM's value separator, is shown as ``'.'`` too)."""
    if 31 < ordchr < 126 and ordchr != 92:
        return chr(ordchr)
    return "."


def filedump(
    filename: str | bytes | os.PathLike, start_address: int = 0, stop_address: int | None = None
) -> str:
    """A 16-bytes-wide hex dump of the file ``filename``, from ``start_address`` to
    ``stop_address`` (the end by default)."""
    with open(filename, "rb") as f:
        return hexdump(f, start_address, stop_address)


def datadump(data: bytes, start_address: int = 0, stop_address: int | None = None) -> str:
    """A hex dump of the bytes ``data``."""
    return hexdump(BytesIO(data), start_address, stop_address)


def hexdump(
    f: BinaryIO, start_address: int = 0, stop_address: int | None = None, show_address: bool = True
) -> str:
    """A hex dump of the file-like ``f``: per line of 16 bytes, its offset in hex (with
    ``show_address``), the bytes in hex and as characters (``print_character``). The line
    that contains ``stop_address`` is the last one."""
    width = len(f"{stop_address:X}") if stop_address else len(f"{f.seek(0, os.SEEK_END):X}")
    f.seek(start_address)
    lines = []
    while True:
        offset = f.tell()
        if stop_address and offset > stop_address:
            break
        data = f.read(16)
        if not data:
            break
        address = f"{offset:0{width}X}  " if show_address else ""
        hex_bytes = " ".join(f"{x:02X}" for x in data)
        lines.append(f"{address}{hex_bytes:<49}{''.join(print_character(x) for x in data)}")
    return "\n".join(lines)


def pretty_print(ds: Dataset, indent_level: int = 0, indent_chars: str = "  ") -> None:
    """Print ``ds`` element by element as it goes, sequences indented: where printing fails
    is where the data set is broken."""
    indent = indent_chars * indent_level
    next_indent = indent_chars * (indent_level + 1)
    for elem in ds:
        if elem.VR == "SQ":
            print(f"{indent}{elem.tag} {elem.name} -- {len(elem.value)} item(s)")
            for item in elem.value:
                pretty_print(item, indent_level + 1)
                print(next_indent + "---------")
        else:
            print(indent + repr(elem))
