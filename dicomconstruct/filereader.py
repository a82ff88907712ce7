"""Reading DICOM files (PS3.10 §7) into datasets, through the layouts of ``layouts.py``.

The walk checks every declared length against the bytes that remain and says where it failed.
"""

from __future__ import annotations

import functools
import gc
import io
import mmap
import os
import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from . import layouts, tables
from .dataelem import DataElement, dictionary_vr_for_reading, register_sequence_reader
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import DicomError, InvalidDicomError, NestingTooDeepError, TruncatedDataError
from .layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
    encoding,
)
from .sequence import Sequence
from .tag import BaseTag, Tag

__all__ = ["dcmread", "read_partial", "read_file", "read_dataset"]

# Sequences nested deeper than this are refused with a DicomError, long before Python's stack
# runs out (each level costs the walk three frames).
MAX_NESTING_DEPTH = 128

# Pixel Data, Float Pixel Data and Double Float Pixel Data (PS3.6): where stop_before_pixels
# stops, as pydicom does.
_PIXEL_TAGS = frozenset({0x7FE00010, 0x7FE00009, 0x7FE00008})
_CHARSET_TAG = 0x00080005
_MISSING_PREFIX_MESSAGE = (
    "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing "
    "from the header. Use force=True to force reading."
)
_FILE_META_HEADER = layouts.FixedCodec(layouts.file_preamble)


# ---------------------------------------------------------------------------------------------
# Where the bytes come from, and where deferred values are read back from.
class _PathSource:
    """Deferred values of a file read by path: reopened by name when first accessed."""

    def __init__(self, filename: str):
        self.filename = filename

    def read_at(self, offset: int, length: int, path: str) -> bytes:
        with open(self.filename, "rb") as file:
            file.seek(offset)
            data = file.read(length)
        return _check_read(data, offset, length, path)

    def close(self) -> None:
        pass


class _FileLikeSource:
    """Deferred values of a file-like the caller keeps open: read back with seek and read."""

    def __init__(self, fileobj: BinaryIO):
        self.fileobj = fileobj

    def read_at(self, offset: int, length: int, path: str) -> bytes:
        position = self.fileobj.tell()
        try:
            self.fileobj.seek(offset)
            data = self.fileobj.read(length)
        finally:
            self.fileobj.seek(position)
        return _check_read(data, offset, length, path)

    def close(self) -> None:
        pass


def _check_read(data: bytes, offset: int, length: int, path: str) -> bytes:
    if len(data) != length:
        raise TruncatedDataError(
            f"deferred value of {length} bytes: only {len(data)} left in the file",
            offset,
            path,
        )
    return data


def _map_or_read(fileobj: BinaryIO) -> tuple[Any, int, mmap.mmap | None]:
    """The bytes of a file-like from its position on: (buffer, offset of buffer[0], map).

    A real file is memory-mapped, so values that are skipped or deferred never enter memory.
    """
    try:
        start = fileobj.tell()
    except (OSError, AttributeError, ValueError):
        return fileobj.read(), 0, None
    try:
        fileno = fileobj.fileno()
        mapped = mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return fileobj.read(), start, None
    return mapped, 0, mapped


def _without_gc_pauses(read: Callable) -> Callable:
    """Run ``read`` with Python's cyclic garbage collector paused.

    A read makes one tree of small objects (elements, items, sequences) that all stay alive:
    the collector, which runs every 700 new container objects and rescans the older ones as
    they pile up, finds no garbage in them. With it running, reading and decoding bench/'s
    file of 10,000 sequence items took 5-20% longer. It is paused only while bytes are parsed,
    and only if it was running; objects left by a failed read are collected when it runs again.
    """

    @functools.wraps(read)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return read(*args, **kwargs)
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def size_in_bytes(size: int | float | str | None) -> int | float | None:
    """``defer_size`` as a number of bytes: an int, or a string such as "512 KB" or "2 MB"."""
    if size is None or isinstance(size, (int, float)):
        return size
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*", str(size), re.IGNORECASE)
    if not match:
        raise ValueError(f"Unable to parse length with unit '{size}'")
    number, unit = match.groups()
    scale = {"": 1, "b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}[(unit or "").lower()]
    return int(float(number) * scale)


# ---------------------------------------------------------------------------------------------
# The walk: a data set is a run of elements; undefined-length values are runs of items.
class _Walk:
    """One read of one buffer: the options, and the element/sequence/item readers."""

    def __init__(self, buf: Any, base: int = 0, where: str = ""):
        self.buf = buf
        self.base = base  # file offset of buf[0]
        self.defer_size: int | float | None = None  # set for a top-level read (``select``)
        self.stop_when: Callable[[BaseTag, str | None, int], bool] | None = None
        self.specific_tags: set[int] | None = None
        self.where = where  # prefix of every path, e.g. "deflated data set"
        self.long_vrs = tables.long_length_vrs()
        self.vr_names = tables.vr_codes()

    def select(
        self,
        stop_when: Callable[[BaseTag, str | None, int], bool] | None,
        specific_tags: Iterable[Any] | None,
    ) -> None:
        """What a top-level read keeps: the elements of ``specific_tags`` (with Specific
        Character Set, which decoding them needs), up to where ``stop_when`` says stop. Top-level
        tags ascend (PS3.5 §7.1.2), so nothing wanted follows the largest wanted tag: the read
        stops there too, as it stops at Pixel Data for ``stop_before_pixels``."""
        self.stop_when = stop_when
        self.specific_tags = None
        if specific_tags is None:
            return
        wanted = self.specific_tags = {int(Tag(tag)) for tag in specific_tags} | {_CHARSET_TAG}
        last = max(wanted)

        def past_wanted(tag: BaseTag, vr: str | None, length: int) -> bool:
            return tag > last or (stop_when is not None and stop_when(tag, vr, length))

        self.stop_when = past_wanted

    # -- errors ------------------------------------------------------------------------------
    def fail(self, cls, message: str, pos: int, path: str) -> DicomError:
        prefix = f"{self.where} / " if self.where else ""
        return cls(message, self.base + pos, prefix + path)

    # -- data sets ---------------------------------------------------------------------------
    def read_elements(
        self,
        ds: Dataset,
        pos: int,
        end: int,
        enc: Encoding,
        depth: int,
        path: str,
        closed_by_delimiter: bool = False,
        top_level: bool = False,
        only_group: int | None = None,
    ) -> int:
        """Read elements into ``ds`` from ``pos`` up to ``end`` (or the Item Delimitation Item
        when ``closed_by_delimiter``, or the first element not of ``only_group``); return the
        position after the last byte read."""
        buf = self.buf
        explicit = enc.explicit_vr
        unpack_short = enc.short_header.unpack_from
        unpack_long = enc.long_header.unpack_from
        long_vrs = self.long_vrs
        vr_names = self.vr_names
        elements = ds._dict
        new_element = DataElement.from_raw
        stop_when = self.stop_when if top_level else None
        wanted = self.specific_tags if top_level else None
        defer_size = self.defer_size
        # PS3.5 §7.2: the group whose group length element was read last, and where the rest
        # of it started; its size as read is kept (``_group_spans``) for writing like the
        # original, which keeps a wrong group length only while its group keeps its size
        length_group = -1
        group_start = 0
        previous = -1  # PS3.5 §7.1: tags ascend; a file where they do not is written back so
        while pos < end:
            if only_group is not None and (
                end - pos < 2 or enc.u16.unpack_from(buf, pos)[0] != only_group
            ):
                break
            if end - pos < 8:
                raise self.fail(
                    TruncatedDataError,
                    f"element header cut off: {end - pos} of 8 bytes remain",
                    pos,
                    f"{path} / {enc.name} element header",
                )
            if explicit:
                group, element, vr_code, length = unpack_short(buf, pos)
                if vr_code in long_vrs:
                    if end - pos < 12:
                        raise self.fail(
                            TruncatedDataError,
                            f"element header cut off: {end - pos} of 12 bytes remain",
                            pos,
                            f"{path} / ({group:04X},{element:04X}) / {enc.name} element header",
                        )
                    group, element, vr_code, _, length = unpack_long(buf, pos)
                    value_pos = pos + 12
                else:
                    value_pos = pos + 8
                vr = vr_names.get(vr_code)
                if vr is None:
                    vr, length, value_pos = self._odd_vr(
                        group, element, vr_code, length, pos, end, enc, path
                    )
            else:
                group, element, length = unpack_short(buf, pos)
                vr = None
                value_pos = pos + 8
            tag = (group << 16) | element
            if tag < previous:
                object.__setattr__(ds, "_read_unsorted", True)
            previous = tag
            if group != length_group and length_group >= 0:
                _group_span(ds, length_group, pos - group_start)
                length_group = -1

            if group == 0xFFFE:
                if tag == ITEM_DELIMITATION and closed_by_delimiter:
                    if length != 0:
                        self._delimiter_length(tag, pos, length)
                        object.__setattr__(ds, "_delimiter_length", length)  # written back
                    return pos + 8
                raise self.fail(
                    DicomError,
                    f"unexpected {_delimiter_name(tag)} among the elements of a data set",
                    pos,
                    f"{path} / ({group:04X},{element:04X})",
                )

            if stop_when is not None and stop_when(BaseTag(tag), vr, length):
                return pos
            if not element:
                length_group, group_start = group, value_pos + length

            if length == UNDEFINED_LENGTH:
                elem, pos = self._undefined_length_element(
                    ds, tag, vr, pos, value_pos, end, enc, depth, path
                )
            else:
                next_pos = value_pos + length
                if next_pos > end:
                    raise self.fail(
                        TruncatedDataError,
                        f"value length {length} runs past the end of the "
                        f"{'data set' if top_level else 'item'}: {end - value_pos} bytes remain",
                        pos,
                        f"{path} / {_named(tag, vr)} / value",
                    )
                if wanted is not None and tag not in wanted:
                    pos = next_pos
                    continue
                if defer_size is not None and length > defer_size and tag != _CHARSET_TAG:
                    raw = None
                else:
                    raw = buf[value_pos:next_pos]
                elem = new_element(tag, vr, raw, length, self.base + value_pos, False, ds)
                pos = next_pos
            if elem is None:
                continue
            if tag in elements:
                self._duplicate(ds, elements[tag], pos)
            elements[elem.tag] = elem
        if length_group >= 0:
            _group_span(ds, length_group, pos - group_start)
        if closed_by_delimiter:
            raise self.fail(
                TruncatedDataError,
                "undefined-length item has no Item Delimitation Item before the end of "
                "its enclosing value",
                pos,
                f"{path} / item delimiter",
            )
        return pos

    def _odd_vr(self, group, element, vr_code, length, pos, end, enc, path):
        """An explicit-VR header whose VR is not one of PS3.5 Table 6.2-1's.

        As pydicom does: bytes that are not two upper-case letters mean the writer switched to
        implicit VR for this element; two letters are an unknown VR with a 16-bit length.
        """
        tag = f"({group:04X},{element:04X})"
        if group == 0xFFFE:  # delimiters and items have no VR in any encoding (PS3.5 §7.5)
            return None, enc.u32.unpack_from(self.buf, pos + 4)[0], pos + 8
        if _looks_like_vr(vr_code):
            warnings.warn(
                f"unknown VR {vr_code!r} of {tag} at byte {self.base + pos}: read with a "
                "16-bit length",
                stacklevel=3,
            )
            return vr_code.decode("ascii"), length, pos + 8
        warnings.warn(
            f"{tag} at byte {self.base + pos} has no valid VR ({vr_code!r}): read as an "
            "implicit VR element",
            stacklevel=3,
        )
        return None, enc.u32.unpack_from(self.buf, pos + 4)[0], pos + 8

    def _delimiter_length(self, tag: int, pos: int, length: int) -> None:
        """PS3.5 §7.5.2: a delimitation item has a zero length; read on, with a warning."""
        warnings.warn(
            f"{_delimiter_name(tag).split(' (')[0]} at byte {self.base + pos} has length "
            f"{length}, not 0 (PS3.5 §7.5.2)",
            stacklevel=3,
        )

    def _duplicate(self, ds: Dataset, previous: DataElement, pos: int) -> None:
        object.__setattr__(ds, "_duplicates", [*ds._duplicates, previous])
        warnings.warn(
            f"duplicate element {previous.tag} (the one ending at byte {self.base + pos} "
            "replaces the earlier one)",
            stacklevel=3,
        )

    def _undefined_length_element(self, ds, tag, vr, pos, value_pos, end, enc, depth, path):
        """An element of undefined length: a sequence (SQ, UN per CP-246, or an implicit-VR
        element the dictionary or its first item says is one), else encapsulated fragments."""
        name = f"{path} / {BaseTag(tag)}"
        item_encoding = enc
        if vr == "UN":
            vr = "SQ"
            item_encoding = encoding(False, True)  # PS3.5 §6.2.2: UN content is implicit VR LE
        elif vr is None:
            vr = dictionary_vr_for_reading(tag) if not BaseTag(tag).is_private else None
            if (
                vr != "SQ"
                and tag not in _PIXEL_TAGS
                and self._starts_with_item(value_pos, end, enc)
            ):
                vr = "SQ"
        if vr == "SQ":
            if depth >= MAX_NESTING_DEPTH:
                raise self.fail(
                    NestingTooDeepError,
                    f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                    pos,
                    f"{name} SQ",
                )
            seq, next_pos = self.read_items(
                ds, value_pos, end, item_encoding, True, depth + 1, f"{name} SQ"
            )
            wanted = self.specific_tags if depth == 0 else None
            if wanted is not None and tag not in wanted:
                return None, next_pos
            elem = DataElement.from_raw(
                tag, "SQ", None, UNDEFINED_LENGTH, self.base + value_pos, True, ds
            )
            elem._value = seq
            if item_encoding is not enc:
                elem.file_VR = "UN"  # written back as UN when written like the original
            return elem, next_pos
        value_end, next_pos = self.skip_fragments(value_pos, end, enc, f"{name} {vr or ''}")
        wanted = self.specific_tags if depth == 0 else None
        if wanted is not None and tag not in wanted:
            return None, next_pos
        elem = DataElement.from_raw(
            tag,
            vr,
            self.buf[value_pos:value_end],
            UNDEFINED_LENGTH,
            self.base + value_pos,
            True,
            ds,
        )
        return elem, next_pos

    def _starts_with_item(self, pos: int, end: int, enc: Encoding) -> bool:
        """Whether the value at ``pos`` starts with an Item tag (a sequence, as pydicom guesses
        for undefined-length elements the dictionary does not know)."""
        if end - pos < 8:
            return False
        group, element, _ = enc.item_header.unpack_from(self.buf, pos)
        return (group << 16 | element) == ITEM

    # -- sequences and items -----------------------------------------------------------------
    def read_items(
        self,
        parent: Dataset,
        pos: int,
        end: int,
        enc: Encoding,
        undefined_length: bool,
        depth: int,
        path: str,
    ) -> tuple[Sequence, int]:
        """The items of a sequence value (PS3.5 §7.5.2): up to ``end``, or up to the Sequence
        Delimitation Item when the sequence has an undefined length."""
        buf = self.buf
        unpack_item = enc.item_header.unpack_from
        seq = Sequence()
        seq.is_undefined_length = undefined_length
        append = super(Sequence, seq).append
        index = 0
        while pos < end:
            item_path = f"{path} / item {index}"
            if end - pos < 8:
                raise self.fail(
                    TruncatedDataError,
                    f"item header cut off: {end - pos} of 8 bytes remain",
                    pos,
                    f"{item_path} / item header",
                )
            group, element, length = unpack_item(buf, pos)
            tag = (group << 16) | element
            if tag == SEQUENCE_DELIMITATION and undefined_length:
                if length != 0:
                    self._delimiter_length(tag, pos, length)
                    seq._delimiter_length = length  # written back like the original
                return seq, pos + 8
            if tag != ITEM:
                raise self.fail(
                    DicomError,
                    f"expected an Item (FFFE,E000), found ({group:04X},{element:04X})",
                    pos,
                    f"{item_path} / item header",
                )
            item = Dataset()
            set_ = object.__setattr__  # not Dataset.__setattr__, which looks up keywords
            set_(item, "_parent", parent)
            set_(item, "_little_endian", enc.little_endian)
            set_(item, "_source", parent._source)
            set_(item, "offset", self.base + pos)
            set_(item, "_depth", depth)
            set_(item, "_path", item_path)
            set_(item, "_where", self.where)
            content = pos + 8
            if length == UNDEFINED_LENGTH:
                set_(item, "is_undefined_length_sequence_item", True)
                item_enc = self._item_encoding(content, end, enc)
                set_(item, "_implicit_vr", not item_enc.explicit_vr)
                pos = self.read_elements(item, content, end, item_enc, depth, item_path, True)
            else:
                item_end = content + length
                if item_end > end:
                    raise self.fail(
                        TruncatedDataError,
                        f"item length {length} runs past the end of its sequence: "
                        f"{end - content} bytes remain",
                        pos,
                        f"{item_path} / item header / length",
                    )
                item_enc = self._item_encoding(content, item_end, enc)
                set_(item, "_implicit_vr", not item_enc.explicit_vr)
                self.read_elements(item, content, item_end, item_enc, depth, item_path)
                pos = item_end
            append(item)  # a Dataset by construction: Sequence.append's check is not needed
            index += 1
        if undefined_length:
            raise self.fail(
                TruncatedDataError,
                "undefined-length sequence has no Sequence Delimitation Item before the end "
                "of its enclosing value",
                pos,
                f"{path} / sequence delimiter",
            )
        return seq, pos

    def _item_encoding(self, pos: int, end: int, enc: Encoding) -> Encoding:
        """An item in an explicit-VR sequence may be written in implicit VR (PS3.5 §6.2.2, as
        pydicom accepts): decided by whether its first element has a VR."""
        if not enc.explicit_vr or end - pos < 8:
            return enc
        group = enc.item_header.unpack_from(self.buf, pos)[0]
        if group == 0xFFFE or self.buf[pos + 4 : pos + 6] in self.vr_names:
            return enc
        return encoding(False, enc.little_endian)

    def skip_fragments(self, pos: int, end: int, enc: Encoding, path: str) -> tuple[int, int]:
        """Walk the items of an undefined-length non-sequence value (encapsulated Pixel Data,
        PS3.5 §A.4) to its Sequence Delimitation Item; return (value end, position after).

        Each item is stepped over by its length, so delimiter bytes inside a fragment are not
        taken for the end (pydicom's byte search is fooled by them)."""
        buf = self.buf
        unpack_item = enc.item_header.unpack_from
        index = 0
        while True:
            # PS3.5 §A.4: the first item is the Basic Offset Table, the others are fragments
            part = "basic offset table" if index == 0 else f"fragment {index - 1}"
            if end - pos < 8:
                raise self.fail(
                    TruncatedDataError,
                    "encapsulated value has no Sequence Delimitation Item before the end of "
                    "the data"
                    if end == pos
                    else f"item header cut off: {end - pos} of 8 bytes remain",
                    pos,
                    f"{path} / {part}",
                )
            group, element, length = unpack_item(buf, pos)
            tag = (group << 16) | element
            if tag == SEQUENCE_DELIMITATION:
                return pos, pos + 8
            if tag != ITEM:
                raise self.fail(
                    DicomError,
                    f"expected a fragment Item (FFFE,E000), found ({group:04X},{element:04X})",
                    pos,
                    f"{path} / {part}",
                )
            if length == UNDEFINED_LENGTH or pos + 8 + length > end:
                raise self.fail(
                    TruncatedDataError,
                    f"fragment length {length} runs past the end of the data: "
                    f"{end - pos - 8} bytes remain",
                    pos,
                    f"{path} / {part} / length",
                )
            pos += 8 + length
            index += 1


def _group_span(ds: Dataset, group: int, size: int) -> None:
    if ds._group_spans is None:
        object.__setattr__(ds, "_group_spans", {})
    ds._group_spans[group] = size


def _looks_like_vr(code: bytes) -> bool:
    """Two upper-case ASCII letters (PS3.5 §6.2), whether or not a VR of Table 6.2-1."""
    return len(code) == 2 and 0x41 <= code[0] <= 0x5A and 0x41 <= code[1] <= 0x5A


def _named(tag: int, vr: str | None) -> str:
    """``(gggg,eeee) VR`` for error paths; an implicit-VR element gets its dictionary VR."""
    vr = vr or dictionary_vr_for_reading(tag) or ""
    return f"{BaseTag(tag)} {vr}".rstrip()


def _delimiter_name(tag: int) -> str:
    return {
        ITEM: "Item (FFFE,E000)",
        ITEM_DELIMITATION: "Item Delimitation Item (FFFE,E00D)",
        SEQUENCE_DELIMITATION: "Sequence Delimitation Item (FFFE,E0DD)",
    }.get(tag, f"{BaseTag(tag)}")


@_without_gc_pauses
def read_sequence_value(elem: DataElement, raw: bytes | None) -> Sequence:
    """Parse the bytes of a defined-length sequence element when its value is first asked for."""
    parent = elem._parent
    if not raw:
        return Sequence()
    depth = getattr(parent, "_depth", 0) + 1
    path = f"{parent._path if parent is not None else 'dataset'} / {elem.tag} SQ"
    if depth > MAX_NESTING_DEPTH:
        raise NestingTooDeepError(
            f"sequences nested more than {MAX_NESTING_DEPTH} deep", _header_offset(elem), path
        )
    little = parent._little_endian if parent is not None else True
    implicit = parent._implicit_vr if parent is not None else False
    if elem.file_VR == "UN":
        implicit, little = True, True  # PS3.5 §6.2.2: a UN value is encoded implicit VR LE
    walk = _Walk(raw, base=elem.value_offset or 0, where=getattr(parent, "_where", ""))
    seq, _ = walk.read_items(
        parent if parent is not None else Dataset(),
        0,
        len(raw),
        encoding(not implicit, little),
        False,
        depth,
        path,
    )
    return seq


register_sequence_reader(read_sequence_value)


def _header_offset(elem: DataElement) -> int:
    """Where an element read from a file starts: its value offset less its header's size
    (PS3.5 Table 7.1-1: 12 bytes for the explicit VRs with a 32-bit length, else 8)."""
    explicit_long = elem.file_VR is not None and elem.file_VR.encode() in tables.long_length_vrs()
    return elem.value_offset - (12 if explicit_long else 8)


# ---------------------------------------------------------------------------------------------
# PS3.10 §7.1: preamble, prefix and File Meta Information.
def _read_preamble(buf: Any, pos: int, force: bool) -> tuple[bytes | None, int]:
    """(preamble, position after the prefix); no preamble is only accepted with ``force``."""
    if len(buf) - pos >= _FILE_META_HEADER.size:
        preamble, prefix = _FILE_META_HEADER.unpack_from(buf, pos)
        if prefix == b"DICM":
            return bytes(preamble), pos + _FILE_META_HEADER.size
    if buf[pos : pos + 4] == b"DICM":
        warnings.warn("the 128-byte preamble is missing: the file starts with 'DICM'", stacklevel=3)
        return None, pos + 4
    if not force:
        raise InvalidDicomError(_MISSING_PREFIX_MESSAGE, pos, "file preamble / prefix")
    return None, pos


def _read_file_meta(walk: _Walk, buf: Any, pos: int) -> tuple[FileMetaDataset, int]:
    """The group 0002 elements, always explicit VR little endian (PS3.10 §7.1), read up to the
    first element of another group."""
    meta = FileMetaDataset()
    enc = encoding(True, True)
    if buf[pos : pos + 2] == b"\x02\x00" and buf[pos + 4 : pos + 6] not in walk.vr_names:
        warnings.warn("the File Meta Information is written in implicit VR", stacklevel=3)
        enc = encoding(False, True)
    meta_end = walk.read_elements(meta, pos, len(buf), enc, 0, "file meta", only_group=0x0002)
    object.__setattr__(meta, "_implicit_vr", not enc.explicit_vr)
    group_length = meta._dict.get(0x00020000)
    if group_length is not None and group_length.raw is not None and len(group_length.raw) == 4:
        declared = int.from_bytes(group_length.raw, "little")
        first = group_length.value_offset + 4 - walk.base
        if first + declared != meta_end:
            warnings.warn(
                f"File Meta Information Group Length says {declared} bytes, the group has "
                f"{meta_end - first}",
                stacklevel=3,
            )
    return meta, meta_end


def _guess_encoding(buf: Any, pos: int, walk: _Walk) -> tuple[Encoding, int]:
    """The encoding of a data set whose Transfer Syntax UID is missing or unknown: the first of
    explicit/implicit VR little/big endian under which the first elements read plausibly (each
    header whole, each length within the data, tags ascending); with its score."""
    candidates = [
        encoding(explicit, little) for little in (True, False) for explicit in (True, False)
    ]
    scores = [_plausible_elements(buf, pos, enc, walk) for enc in candidates]
    best = max(range(len(candidates)), key=scores.__getitem__)
    return candidates[best], scores[best]


def _plausible_elements(buf: Any, pos: int, enc: Encoding, walk: _Walk, limit: int = 8) -> int:
    """How many of the first ``limit`` elements at ``pos`` read plausibly in ``enc`` (scored
    for ``_guess_encoding``; a tie keeps the earlier candidate)."""
    end = len(buf)
    previous = -1
    for count in range(limit):
        if end - pos < 8:
            return count + (limit if pos == end else 0)
        if enc.explicit_vr:
            group, element, vr_code, length = enc.short_header.unpack_from(buf, pos)
            if vr_code not in walk.vr_names:
                return count
            if vr_code in walk.long_vrs:
                if end - pos < 12:
                    return count
                length = enc.long_header.unpack_from(buf, pos)[4]
                pos += 12
            else:
                pos += 8
        else:
            group, element, length = enc.short_header.unpack_from(buf, pos)
            pos += 8
        tag = group << 16 | element
        if tag <= previous:
            return count
        previous = tag
        if length == UNDEFINED_LENGTH:
            return count + 1
        if length > end - pos:
            return count
        pos += length
    return limit


def _stray_leading_bytes(buf: Any, pos: int, walk: _Walk, most: int = 16) -> int:
    """How many bytes at ``pos`` come before the first plausible element (at most ``most``), in
    a bare data set read with ``force`` (pydicom's no_meta.dcm starts with one stray byte)."""
    for skip in range(most):
        if _guess_encoding(buf, pos + skip, walk)[1] >= 3:
            return skip
    return 0


def _declared_encoding(meta: FileMetaDataset) -> tuple[str | None, Encoding | None, bool]:
    """(transfer syntax UID, its encoding, deflated) from the meta; encoding None if unknown."""
    elem = meta._dict.get(0x00020010)
    if elem is None:
        return None, None, False
    uid = str(elem.value or "").strip("\0 ")
    syntax = tables.transfer_syntax(uid)
    if syntax is None:
        return uid, None, False
    return uid, encoding(not syntax.implicit_vr, syntax.little_endian), syntax.deflated


def _check_vr_encoding(buf: Any, pos: int, enc: Encoding, walk: _Walk, declared: bool) -> Encoding:
    """The data set's real VR encoding: a file whose meta says explicit but whose first
    element has no VR (or the reverse) is read as it is written, with a warning."""
    if len(buf) - pos < 8:
        return enc
    found_explicit = buf[pos + 4 : pos + 6] in walk.vr_names
    if found_explicit == enc.explicit_vr:
        return enc
    if not found_explicit:
        if _looks_like_vr(bytes(buf[pos + 4 : pos + 6])):  # an unknown VR, still explicit
            return enc
    found = "explicit" if found_explicit else "implicit"
    if declared:
        warnings.warn(
            f"Expected {'explicit' if enc.explicit_vr else 'implicit'} VR, but found {found} VR "
            f"- using {found} VR for reading",
            UserWarning,
            stacklevel=3,
        )
    return encoding(found_explicit, enc.little_endian)


# ---------------------------------------------------------------------------------------------
def read_partial(
    fileobj: BinaryIO,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Parse a DICOM file from a file-like (which stays open) until ``stop_when`` says stop."""
    buf, base, mapped = _map_or_read(fileobj)
    try:
        start = fileobj.tell() if mapped is not None else base
        seekable = _seekable(fileobj)
        ds = _read_buffer(
            buf,
            base,
            start,
            stop_when=stop_when,
            defer_size=size_in_bytes(defer_size),
            force=force,
            specific_tags=specific_tags,
            source=_FileLikeSource(fileobj) if seekable else None,
            filename_or_obj=fileobj,
        )
        if seekable:
            fileobj.seek(ds._end_offset)
        return ds
    finally:
        if mapped is not None:
            mapped.close()


def _seekable(fileobj: Any) -> bool:
    try:
        return bool(fileobj.seekable())
    except (AttributeError, ValueError, OSError):
        return False


@_without_gc_pauses
def _read_buffer(
    buf: Any,
    base: int,
    start: int,
    *,
    stop_when=None,
    defer_size=None,
    force: bool = False,
    specific_tags=None,
    source=None,
    filename_or_obj=None,
) -> FileDataset:
    """Read a whole Part 10 file (or a bare data set with ``force``) from ``buf``."""
    pos = start - base
    walk = _Walk(buf, base)  # options apply to the data set, not to the meta
    preamble, pos = _read_preamble(buf, pos, force)
    has_prefix = buf[pos - 4 : pos] == b"DICM"
    meta, pos = _read_file_meta(walk, buf, pos)
    uid, enc, deflated = _declared_encoding(meta)
    stray = b""
    if enc is None:
        if preamble is None and not meta:
            skip = _stray_leading_bytes(buf, pos, walk)
            if skip:
                stray = bytes(buf[pos : pos + skip])
                warnings.warn(
                    f"skipped {skip} stray byte(s) {stray!r} at byte {base + pos} before the "
                    "first data element",
                    UserWarning,
                    stacklevel=3,
                )
                pos += skip
        if uid:
            warnings.warn(
                f"unknown Transfer Syntax UID {uid!r}: guessing the encoding", stacklevel=3
            )
        enc = _guess_encoding(buf, pos, walk)[0]
    file_end = base + len(buf)
    trailing = b""
    if deflated:
        # PS3.5 §A.5: everything after the meta is one deflate stream; offsets below count in
        # the inflated data set, and values cannot be deferred (they are not in the file).
        compressed = bytes(buf[pos:])
        inflated, trailing = layouts.inflate(compressed, offset=base + pos)
        compressed = compressed[: len(compressed) - len(trailing)]
        walk = _Walk(inflated, 0, where="deflated data set")
        buf, pos, source = inflated, 0, None
    enc = _check_vr_encoding(buf, pos, enc, walk, declared=uid is not None)

    ds = FileDataset(filename_or_obj, {}, preamble, meta, not enc.explicit_vr, enc.little_endian)
    object.__setattr__(ds, "_read_prefix", has_prefix)
    object.__setattr__(ds, "_read_transfer_syntax", uid)
    if deflated:
        # kept so that an unchanged data set is written back as the very stream read
        object.__setattr__(ds, "_deflated_original", compressed)
    object.__setattr__(ds, "_source", source)
    object.__setattr__(ds, "_where", walk.where)
    walk.select(stop_when, specific_tags)
    walk.defer_size = defer_size if source is not None else None
    end = walk.read_elements(ds, pos, len(buf), enc, 0, "dataset", False, True)
    ds.stray_leading_bytes = stray  # bytes skipped before the first element (force only)
    ds.trailing_bytes = trailing  # bytes after the end of a deflate stream
    object.__setattr__(ds, "_end_offset", file_end if deflated else base + end)
    return ds


def dcmread(
    fp: str | os.PathLike | BinaryIO,
    defer_size: int | str | float | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Read and parse a DICOM file (PS3.10 §7), as pydicom's ``dcmread``.

    ``fp`` is a path or a binary file-like (which the caller closes). ``defer_size`` leaves
    larger values in the file until accessed; ``stop_before_pixels`` stops at Pixel Data;
    ``specific_tags`` keeps only those tags (and Specific Character Set); ``force`` reads files
    without a preamble or File Meta Information. Faults in the bytes raise ``DicomError``
    subclasses carrying the byte offset and schema path.
    """
    stop_when = _at_pixel_data if stop_before_pixels else None
    if isinstance(fp, (str, os.PathLike)):
        filename = os.fspath(fp)
        with open(filename, "rb") as file:
            buf, base, mapped = _map_or_read(file)
            try:
                return _read_buffer(
                    buf,
                    base,
                    0,
                    stop_when=stop_when,
                    defer_size=size_in_bytes(defer_size),
                    force=force,
                    specific_tags=specific_tags,
                    source=_PathSource(filename),
                    filename_or_obj=filename,
                )
            finally:
                if mapped is not None:
                    mapped.close()
    if isinstance(fp, (bytes, bytearray, memoryview)) or not hasattr(fp, "read"):
        raise TypeError(
            "dcmread() takes a path or a binary file-like (wrap bytes in BytesIO), "
            f"not {type(fp).__name__}"
        )
    return read_partial(
        fp,
        stop_when=stop_when,
        defer_size=defer_size,
        force=force,
        specific_tags=specific_tags,
    )


read_file = dcmread


def _at_pixel_data(tag: BaseTag, vr: str | None, length: int) -> bool:
    return tag in _PIXEL_TAGS


@_without_gc_pauses
def read_dataset(
    fp: BinaryIO,
    is_implicit_VR: bool,  # noqa: N803 - pydicom's name
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    specific_tags: Iterable[Any] | None = None,
) -> Dataset:
    """Read a bare data set (no preamble or meta) in the given encoding from a file-like."""
    start = fp.tell()
    data = fp.read() if bytelength is None else fp.read(bytelength)
    if bytelength is not None and len(data) < bytelength:
        raise TruncatedDataError(
            f"data set of {bytelength} bytes: only {len(data)} remain", start, "dataset"
        )
    walk = _Walk(data, start)
    walk.select(stop_when, specific_tags)
    ds = Dataset()
    object.__setattr__(ds, "_implicit_vr", is_implicit_VR)
    object.__setattr__(ds, "_little_endian", is_little_endian)
    end = walk.read_elements(
        ds, 0, len(data), encoding(not is_implicit_VR, is_little_endian), 0, "dataset", False, True
    )
    fp.seek(start + end)
    return ds
