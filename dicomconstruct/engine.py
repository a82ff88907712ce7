"""The construct engine: DICOM files read and written through the construct structs alone
(``codec/layouts.py``, ``codec/engine_layouts.py``), into and from the tree ``dcmread`` makes
(PS3.10 §7). ``dcmread(fp, engine="construct")`` reads with it.

It is the reference that keeps the structs honest against the fast reader (the one walk of
``codec/walk.py`` over the codecs derived from the structs): on every file of the corpus both
give the same tree, or the same fault at the same offset (``tests/test_engine.py``). Slow by
design: every header, item, delimiter and value is parsed and built by construct.
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import contextmanager
from typing import Any, BinaryIO

from construct import Container

from . import tables
from .codec import engine_layouts as el
from .codec import layouts
from .codec.layouts import (
    ITEM,
    ITEM_DELIMITATION,
    UNDEFINED_LENGTH,
    element_header,
    file_preamble,
    item_header,
)
from .codec.policy import Strict
from .codec.sources import seekable
from .codec.tokens import MAX_NESTING_DEPTH
from .dataelem import _UNDECODED, DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import NestingTooDeepError
from .filebase import DicomBytesIO
from .filewriter import _length_fault, _provenance, _Writer, write_with
from .provenance import record_group_span, record_of
from .sequence import Sequence

__all__ = ["ENGINES", "read", "read_with_construct", "write_with_construct"]

# dcmread's engines: the one walk over the fast codecs (filereader.py), and this one.
ENGINES = ("walk", "construct")


def read(
    fp: str | os.PathLike | BinaryIO,
    defer_size: Any = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Any = None,
    *,
    engine: str = "construct",
) -> FileDataset:
    """``dcmread(fp, ..., engine="construct")``: the whole file, through the structs alone.
    The fast reader's options that leave parts of a file unread are refused (the reference
    reads every byte)."""
    if engine not in ENGINES:
        raise ValueError(f"dcmread(engine={engine!r}): the engines are {', '.join(ENGINES)}")
    unread = [
        name
        for name, given in (
            ("defer_size", defer_size is not None),
            ("stop_before_pixels", stop_before_pixels),
            ("specific_tags", specific_tags is not None),
        )
        if given
    ]
    if unread:
        raise ValueError(
            f"dcmread(engine='construct') reads whole files: {', '.join(unread)} is the "
            "walk engine's"
        )
    return read_with_construct(fp, force=force)


# ---------------------------------------------------------------------------------------------
# Reading
def read_with_construct(fp: str | os.PathLike | BinaryIO, force: bool = False) -> FileDataset:
    """Read a DICOM file (a path or a binary file-like, read from its position) through the
    construct structs alone: the tree ``dcmread(fp, force=force)`` gives, with every value in
    memory and every sequence parsed at once (``dcmread`` parses a defined-length sequence
    when it is first asked for; here it is parsed after the data set holding it, in the order
    the tree is walked, so a fault inside one raises the same error at the same offset).

    Faults in the bytes raise ``DicomError`` subclasses carrying the byte offset and the
    schema path, as ``dcmread``'s (the same policy decides, ``codec/policy.py``).
    """
    base = 0  # the file offset of the first byte read: offsets are the file's, as dcmread's
    if isinstance(fp, (str, os.PathLike)):
        filename: Any = os.fspath(fp)
        with open(filename, "rb") as file:
            data = file.read()
    elif hasattr(fp, "read") and not isinstance(fp, (bytes, bytearray, memoryview)):
        try:
            base = fp.tell()
        except (OSError, AttributeError, ValueError):
            pass
        filename, data = fp, fp.read()
    else:
        raise TypeError(
            "dcmread() takes a path or a binary file-like (wrap bytes in BytesIO), "
            f"not {type(fp).__name__}"
        )
    with _room_for_nesting():
        ds = _Reader().file(data, base, force, filename)
    if filename is fp and seekable(fp):
        fp.seek(record_of(ds).end_offset)  # as dcmread leaves a file-like: after what it read
    return ds


@contextmanager
def _room_for_nesting():
    """The engine parses nested sequences by recursion (construct's way), about a dozen Python
    frames a level: room for ``MAX_NESTING_DEPTH`` levels, which the structs refuse to exceed.
    The limit is the interpreter's, so it is raised only for the read."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 40 * MAX_NESTING_DEPTH + 1000))
    try:
        yield
    except RecursionError:  # (not expected: the depth is bounded first)
        raise NestingTooDeepError("sequences nested too deep for the construct engine") from None
    finally:
        sys.setrecursionlimit(limit)


def _set(ds: Dataset, **attributes: Any) -> None:
    """Where a data set sits and how it is encoded, set as ``dcmread`` sets it (not through
    ``Dataset.__setattr__``, which looks names up as keywords)."""
    for name, value in attributes.items():
        object.__setattr__(ds, name, value)


class _Reader:
    """One read: the parsed containers of ``engine_layouts`` made into the tree, with what
    writing like the original needs recorded as the fast reader records it."""

    data: Any = b""
    base = 0
    where = ""
    policy: Any = None

    def file(self, data: Any, base: int, force: bool, filename: Any) -> FileDataset:
        self.policy = Strict(force)
        parsed = el.parse_file(data, self.policy, base)
        meta = FileMetaDataset()
        self.data, self.base = data, base
        if parsed.meta is not None:
            self.fill(meta, parsed.meta)
        _set(meta, _implicit_vr=not parsed.meta_explicit)
        ds = FileDataset(
            filename,
            {},
            parsed.preamble,
            meta,
            not parsed.explicit_vr,
            parsed.little_endian,
        )
        record = record_of(ds)
        record.prefix = parsed.has_prefix
        record.writer = _StructWriter  # dcmwrite and save_as build this tree with the structs
        record.transfer_syntax = parsed.uid
        if parsed.deflated:
            record.deflated = parsed.compressed
            # as dcmread: the inflated data set, as the buffer its values were read from
            ds.buffer = DicomBytesIO(parsed.data)
        _set(ds, _source=None, _where=parsed.where)
        self.data, self.base, self.where = parsed.data, parsed.base, parsed.where
        self.fill(ds, parsed.data_set)
        ds.stray_leading_bytes = parsed.stray
        ds.trailing_bytes = parsed.trailing
        record.inflated_trailing = parsed.inflated_trailing
        record.end_offset = base + len(data) if parsed.deflated else self.base + parsed.end
        # the defined-length sequences, in the order the tree is walked (dcmread's laziness)
        self.resolve(ds)
        self.resolve(meta)
        return ds

    # -- parsed elements into a data set (PS3.5 §7.1) ---------------------------------------
    def fill(self, ds: Dataset, parsed: Container) -> None:
        """Make the elements of ``ds`` from its parsed data set; record what writing like the
        original needs: order, duplicates, group sizes, a delimiter's length."""
        elements = ds._dict
        base = self.base
        new = DataElement.from_raw
        # PS3.5 §7.2: the group whose group length element was read last, and where the rest
        # of it started (its size as read is kept for writing like the original)
        length_group, group_start, previous = -1, 0, -1
        for entry in parsed.elements:
            tag = entry.tag
            if tag < previous:
                record_of(ds).unsorted = True  # PS3.5 §7.1: written back in this order
            previous = tag
            group = tag >> 16
            if group != length_group and length_group >= 0:
                record_group_span(ds, base + group_start, entry.start - group_start)
                length_group = -1
            if not tag & 0xFFFF and group != length_group:
                # (a second group length in the same group is one of its elements)
                length_group = group
                group_start = entry.value_start + entry.header.length
            if entry.kind == "long" and entry.header.reserved != b"\0\0":
                # PS3.5 Table 7.1-1: reserved bytes that are not 0000H, written back so
                record_of(ds).reserved[base + entry.value_start] = bytes(entry.header.reserved)
            what = entry.what
            if what == "bytes":
                elem = new(
                    tag,
                    entry.vr,
                    entry.value,
                    entry.header.length,
                    base + entry.value_start,
                    False,
                    ds,
                )
                ended = entry.value_end
            elif what == "fragments":
                fragments = entry.value
                raw = bytes(self.data[entry.value_start : fragments.end])
                # the header's VR: none in an 8-byte header (implicit VR, or bytes that are
                # no VR in an explicit data set), as dcmread keeps it
                vr = entry.vr
                elem = new(tag, vr, raw, UNDEFINED_LENGTH, base + entry.value_start, True, ds)
                if fragments.delimiter:  # a Sequence Delimitation Item's length (PS3.5 §7.5.2)
                    record_of(ds).delimiters[base + entry.value_start] = fragments.delimiter
                ended = fragments.end + 8
            else:
                seq = self.sequence(ds, entry.value, f"{ds._path} / {_tag_text(tag)} SQ")
                seq.is_undefined_length = True
                if entry.value.delimiter:  # a Sequence Delimitation Item's length (§7.5.2)
                    record_of(ds).delimiters[base + entry.value_start] = entry.value.delimiter
                elem = new(tag, "SQ", None, UNDEFINED_LENGTH, base + entry.value_start, True, ds)
                elem._value = seq  # type: ignore[assignment]  # (the reader's way, too)
                if entry.vr != "SQ":  # UN, or no VR: written back so like the original
                    elem.file_VR = entry.vr
                ended = entry.value.end
            if tag in elements:
                self._duplicate(ds, elements[tag], ended)
            elements[elem.tag] = elem
        if length_group >= 0:
            # the group ends with the data set: at its Item Delimitation Item, or where
            # bytes that are no elements start
            end = parsed.end
            if parsed.delimiter is not None:
                end -= 8
            elif parsed.trailer is not None:
                end = parsed.trailer
            record_group_span(ds, base + group_start, end - group_start)
        if parsed.delimiter:
            # PS3.5 §7.5.2: the Item Delimitation Item's 32-bit length, written back so
            record_of(ds).item_delimiter_length = parsed.delimiter

    def _duplicate(self, ds: Dataset, previous: DataElement, pos: int) -> None:
        record_of(ds).duplicates.append(previous)
        warnings.warn(
            f"duplicate element {previous.tag} (the one ending at byte {self.base + pos} "
            "replaces the earlier one)",
            stacklevel=4,
        )

    # -- sequences and items (PS3.5 §7.5) --------------------------------------------------
    def sequence(self, parent: Dataset, parsed: Container, path: str) -> Sequence:
        seq = Sequence()
        for index, entry in enumerate(parsed.entries):
            item = Dataset()
            _set(item, _parent=parent)
            if not entry.little_endian:
                _set(item, _little_endian=False)
            if not entry.explicit_vr:
                _set(item, _implicit_vr=True)
            if parent._source is not None:
                _set(item, _source=parent._source)
            _set(
                item,
                offset=self.base + entry.start,
                _depth=parent._depth + 1,
                _path=f"{path} / item {index}",
            )
            if self.where:
                _set(item, _where=self.where)
            if entry.length is None:
                _set(item, is_undefined_length_sequence_item=True)
            self.fill(item, entry.data_set)
            list.append(seq, item)  # a Dataset by construction
        return seq

    def resolve(self, ds: Dataset) -> None:
        """Parse the defined-length sequences of ``ds`` and of its items, depth first, in the
        order of the tree (the order ``dcmread``'s lazy sequences are parsed in when the tree
        is walked): a fault raises where the fast reader raises it."""
        duplicates = ds._provenance.duplicates if ds._provenance is not None else []
        for elem in [*ds._dict.values(), *duplicates]:
            if elem._value is _UNDECODED and elem.VR == "SQ":
                elem._value = self.defined_sequence(ds, elem)
            if elem.VR == "SQ" and isinstance(elem._value, Sequence):
                for item in elem._value:
                    self.resolve(item)

    def defined_sequence(self, parent: Dataset, elem: DataElement) -> Sequence:
        """A defined-length sequence value (PS3.5 §7.5.2), kept as bytes by the data set's
        parse, parsed now with the sequence struct (from its own bytes, as ``dcmread`` parses
        it: the data sets around it are not open)."""
        raw = elem.raw
        if not raw:
            return Sequence()
        depth = parent._depth + 1
        path = f"{parent._path} / {elem.tag} SQ"
        implicit, little = parent._implicit_vr, parent._little_endian
        if elem.file_VR == "UN":
            implicit, little = True, True  # PS3.5 §6.2.2: a UN value is implicit VR LE
        if depth > MAX_NESTING_DEPTH:
            long_form = elem.file_VR is not None and _is_long(elem.file_VR)
            at = elem.value_offset - (12 if long_form else 8)
            self.policy.fault(
                "nesting-too-deep",
                f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                at,
                path,
                depth,
                b"",
                0,
            )
        source = el.Source(raw, self.policy, elem.value_offset or 0, parent._where)
        parsed = el.parse(el.sequence(not implicit, little, depth, path), source, path)
        reader = _Reader()
        reader.data, reader.base, reader.where = raw, source.base, parent._where
        reader.policy = self.policy
        return reader.sequence(parent, parsed, path)


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _is_long(vr: str) -> bool:
    return vr.encode("ascii") in tables.long_length_vrs()


# ---------------------------------------------------------------------------------------------
# Writing
class _StructWriter(_Writer):
    """The writer's decisions (order, group lengths, VRs, values: ``filewriter._Writer``), with
    every header, item and delimiter built by the construct structs of ``codec/layouts.py``
    instead of the codecs derived from them."""

    def header(
        self,
        tag: int,
        vr: str | None,
        length: int,
        enc: Any,
        reserved: bytes = b"\0\0",
        path: str = "dataset",
    ) -> int:
        fields: dict[str, Any] = {"group": tag >> 16, "element": tag & 0xFFFF, "length": length}
        if length > 0xFFFFFFFF:
            raise _length_fault(tag, vr, length, 0xFFFFFFFE, path)
        if enc.explicit_vr and vr is not None:  # None: read without a VR, written so again
            code = vr.encode("ascii")
            fields["VR"] = code
            long_form = code in self.long_vrs
            if long_form:
                fields["reserved"] = reserved  # PS3.5 Table 7.1-1: 0000H, or as read
            elif length > 0xFFFF:
                # PS3.5 Table 7.1-2: this VR's length field has 16 bits
                raise _length_fault(tag, vr, length, 0xFFFF, path)
            built = element_header(True, enc.little_endian, long_form).build(fields)
        else:
            built = element_header(False, enc.little_endian).build(fields)
        self.out.append(built)
        return len(built)

    def delimiter(self, tag: int, enc: Any, length: int = 0) -> int:
        length = length if self.like_original else 0
        self.out.append(_item_header(tag, length, enc.little_endian))
        return 8

    def item(self, item: Dataset, enc: Any) -> int:
        if self.like_original and not self.converting and item.offset is not None:
            # an item keeps the encoding it was read in (an implicit item in an explicit
            # sequence, as some writers make)
            enc = layouts.encoding(not item._implicit_vr, enc.little_endian)
        out, self.out = self.out, []
        length = self.dataset(item, enc)
        body, self.out = self.out, out
        if item.is_undefined_length_sequence_item:
            out.append(_item_header(ITEM, UNDEFINED_LENGTH, enc.little_endian))
            out.extend(body)
            delimiter_length = _provenance(item).item_delimiter_length
            return 8 + length + self.delimiter(ITEM_DELIMITATION, enc, delimiter_length)
        out.append(_item_header(ITEM, length, enc.little_endian))
        out.extend(body)
        return 8 + length

    # -- the file (PS3.10 §7.1) --------------------------------------------------------------
    def prefix(self, preamble: bytes | None) -> int:
        if preamble is None:
            built = el.no_preamble_prefix.build(None)  # a file read with 'DICM' only
        else:
            built = file_preamble.build({"preamble": preamble})
        self.out.append(built)
        return len(built)

    @staticmethod
    def deflate(data: bytes) -> bytes:
        return layouts.deflated_data_set.build(data)  # PS3.5 §A.5


def _item_header(tag: int, length: int, little_endian: bool) -> bytes:
    """An Item or delimitation item header (PS3.5 Tables 7.5-1 to 7.5-3), built by its struct."""
    fields = {"group": tag >> 16, "element": tag & 0xFFFF, "length": length}
    return item_header(little_endian).build(fields)


def write_with_construct(
    ds: Dataset,
    fp: str | os.PathLike | BinaryIO,
    write_like_original: bool = True,
    *,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
) -> None:
    """``dcmwrite(fp, ds, write_like_original, ...)`` with every header, item and delimiter
    built by the construct structs, whichever engine read ``ds`` (``dcmwrite`` itself does so
    for a tree this engine read). Like the original (the default): the preamble and prefix as
    read, the meta as it is, the data set in the encoding it was read in (deflated again when
    its syntax says so), unchanged values from the bytes read, group lengths, undefined
    lengths, UN, duplicates and order as read; ``write_like_original=False``: a conformant
    file (PS3.10 §7.1). A path is replaced only once every byte is encoded."""
    write_with(_StructWriter, fp, ds, write_like_original, implicit_vr, little_endian)
