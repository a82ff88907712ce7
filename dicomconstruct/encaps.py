"""Encapsulated Pixel Data (PS3.5 §A.4): the Basic Offset Table, the fragments, the frames.

pydicom 3.0.2's ``pydicom.encaps`` under its names and with its frame rules, over bytes-like
values and seekable file-likes (``parse_basic_offsets``, ``generate_frames``, ``get_frame``,
``encapsulate``, ``EncapsulatedBuffer``...), and one structured view of our own,
``EncapsulatedPixelData``. Items are read by the codec's one walk (``codec/walk.py``, which
checks every item header and delimiter) and built through the ``item_header`` and ``fragment``
layouts of ``codec/layouts.py``; malformed bytes raise ``DicomError`` with the byte offset of
the faulty item and a path (docs/encapsulated.md).
"""

from __future__ import annotations

import bisect
import io
import os
import struct
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from construct import Int64ub, Int64ul

from . import layouts
from .codec.tokens import ERROR_CLASSES, FRAGMENT, KINDS
from .codec.walk import encapsulated_items
from .errors import DicomError, TruncatedDataError
from .layouts import ITEM, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH

__all__ = [
    "EncapsulatedPixelData",
    "EncapsulatedBuffer",
    "read_encapsulated",
    "parse_basic_offsets",
    "parse_basic_offset_table",
    "parse_fragments",
    "generate_fragments",
    "generate_fragmented_frames",
    "generate_frames",
    "get_frame",
    "fragment_frame",
    "itemize_fragment",
    "itemize_frame",
    "encapsulate",
    "encapsulate_buffer",
    "encapsulate_extended",
    "encapsulate_extended_buffer",
]

PIXEL_DATA = "Pixel Data"
EXTENDED_OFFSETS = ("Extended Offset Table", "Extended Offset Table Lengths")

# PS3.5 §7.5, Table 7.5-1: an item header is a tag and a 32-bit length (the implicit layout).
ITEM_HEADER_SIZE = layouts.FixedCodec(layouts.item_header(True)).size
_TAG_SIZE = 4

# The JPEG EOI marker (ITU T.81 B.1.1.3), also JPEG-LS's and JPEG 2000's EOC: pydicom looks for
# it in the last 10 bytes of a fragment to find where a frame ends when no offset table does.
EOI_MARKER = b"\xff\xd9"
_EOI_WINDOW = 10

# PS3.5 §A.4: Basic Offset Table offsets are 32-bit, so the last frame must start below 2**32.
_MAX_OFFSET = 2**32 - 1
# PS3.5 §7.1.1, §A.4: an item's length is 32-bit, even, and FFFFFFFFH means undefined.
_MAX_ITEM_VALUE = 2**32 - 2


@cache
def _encoding(little_endian: bool) -> layouts.Encoding:
    """Items and their offsets use the implicit layout in every transfer syntax (PS3.5 §7.5)."""
    return layouts.encoding(False, little_endian)


@cache
def _u64(little_endian: bool) -> struct.Struct:
    """The 64-bit unsigned integers of the Extended Offset Table, an OV (PS3.3 §C.7.6.3.1.8)."""
    return struct.Struct((Int64ul if little_endian else Int64ub).fmtstr)


def _item_header(length: int) -> bytes:
    """An Item header (FFFE,E000) of ``length``, little endian as every encapsulated transfer
    syntax is (PS3.5 §A.4), built by the ``item_header`` layout's codec."""
    return _encoding(True).item_header.pack(ITEM >> 16, ITEM & 0xFFFF, length)


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _warn(message: str) -> None:
    """A UserWarning (as pydicom's) attributed to the first caller outside this module."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _little(endianness: str) -> bool:
    if endianness == "<":
        return True
    if endianness == ">":
        return False
    raise ValueError(f"endianness must be '<' or '>', not {endianness!r}")


def _is_bytes_like(buffer: Any) -> bool:
    return isinstance(buffer, (bytes, bytearray, memoryview))


def _check_buffer_type(buffer: Any) -> None:
    if not _is_bytes_like(buffer) and not (
        hasattr(buffer, "read") and hasattr(buffer, "tell") and hasattr(buffer, "seek")
    ):
        raise TypeError(
            f"expected bytes, bytearray, memoryview or a readable, seekable buffer, not "
            f"{type(buffer).__name__}"
        )


def _read_all(fileobj: Any) -> bytes:
    """Everything from a file-like's position on (``read(-1)`` until it returns nothing: an
    ``EncapsulatedBuffer``, like pydicom's, reads 8192 bytes by default)."""
    parts = []
    while chunk := fileobj.read(-1):
        parts.append(bytes(chunk))
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _open(buffer: Any) -> tuple[memoryview, int, Any]:
    """The bytes of ``buffer`` as a flat view, the position they start at, and the file-like
    they were read from (None for bytes-like buffers, which are not copied)."""
    _check_buffer_type(buffer)
    if _is_bytes_like(buffer):
        view = memoryview(buffer)
        if view.format != "B" or view.ndim != 1:
            view = view.cast("B")
        return view, 0, None
    base = buffer.tell()
    return memoryview(_read_all(buffer)), base, buffer


# ---------------------------------------------------------------------------------------------
# Reading items: the codec's one walk (``codec.walk.encapsulated_items``) steps from item to item
# by their lengths and checks every item header (PS3.5 §7.5, §A.4): the Item tag, the length
# against the bytes that remain, the Sequence Delimitation Item that ends the value. What its
# faults do here is ``_ValuePolicy``'s; what encaps adds are the rules of the items' content:
# fragments of even length, a Basic Offset Table of 32-bit offsets that lead to fragments.
# Offsets are those of the faulty item's first byte within the value (plus ``base`` for a
# file-like read from its position), paths such as ``Pixel Data / fragment 3 / length``.
def _table_tag_message(tag: int, legacy: bool) -> str:
    """pydicom's message for a first item that is not the Basic Offset Table's Item; ``legacy``
    that of its deprecated ``get_frame_offsets``."""
    if legacy:
        return f"Unexpected tag '{_tag_text(tag)}' when parsing the Basic Offset Table item"
    return (
        f"Found unexpected tag {_tag_text(tag)} instead of (FFFE,E000) when parsing the Basic "
        "Offset Table item"
    )


class _ValuePolicy:
    """The walk's faults on an encapsulated value taken on its own: an error is raised as the
    strict policy raises it (the ``DicomError`` subclass of its kind, the walk's message), with
    pydicom's message in front where pydicom raises too; but the value may end with its bytes
    (``ds.PixelData`` holds no Sequence Delimitation Item), and a delimiter's tag ends it even
    when its length is cut off (as pydicom's walk stops at the tag)."""

    tolerant = False
    force = False

    def __init__(self, enc: layouts.Encoding, table_at: int | None, legacy: bool = False):
        self.enc = enc
        self.table_at = table_at  # where the Basic Offset Table item is, if the walk starts there
        self.legacy = legacy

    def fault(
        self, kind: str, message: str, offset: int, path: str, depth: int, buf: Any, pos: int
    ) -> None:
        if kind == "missing-sequence-delimiter":
            return
        if kind == "header-cut-off" and _is_delimiter_tag(self.enc, buf, pos):
            return
        if KINDS[kind][0] != "error":
            _warn(message)
            return
        prefix = self._pydicom_message(kind, offset, buf, pos)
        error = ERROR_CLASSES.get(kind, DicomError)
        raise error(f"{prefix}: {message}" if prefix else message, offset, path)

    def _pydicom_message(self, kind: str, offset: int, buf: Any, pos: int) -> str:
        table = pos == self.table_at
        if kind == "not-an-item":
            group, element, _ = self.enc.item_header.unpack_from(buf, pos)
            tag = group << 16 | element
            if table:
                return _table_tag_message(tag, self.legacy)
            return (
                f"Unexpected tag '{_tag_text(tag)}' at offset {offset} when parsing the "
                "encapsulated pixel data fragment items"
            )
        if table:
            return ""
        if kind == "header-cut-off":
            return (
                f"Unable to determine the length of the item at offset {offset} as the end of "
                "the data has been reached - the encapsulated pixel data may be invalid"
            )
        if kind == "value-cut-off" and self.enc.item_header.unpack_from(buf, pos)[2] == (
            UNDEFINED_LENGTH
        ):
            # pydicom gives the offset of the length field, 4 bytes into the item
            return (
                f"Undefined item length at offset {offset + _TAG_SIZE} when parsing the "
                "encapsulated pixel data fragments"
            )
        return ""


def _is_delimiter_tag(enc: layouts.Encoding, data: Any, pos: int) -> bool:
    """Whether a Sequence Delimitation Item's tag is at ``pos``, its length cut off or not: it
    ends the items all the same (PS3.5 §7.5.2; pydicom stops there too)."""
    if len(data) - pos < _TAG_SIZE:
        return False
    group, element = enc.u16.unpack_from(data, pos)[0], enc.u16.unpack_from(data, pos + 2)[0]
    return (group << 16 | element) == SEQUENCE_DELIMITATION


def _items(
    view: memoryview,
    pos: int,
    little_endian: bool,
    path: str,
    base: int = 0,
    first: int = 1,
    legacy: bool = False,
) -> Iterator[tuple[int, int, int, int]]:
    """Each item from ``pos`` as the walk reads it: (index, item offset, value start, value
    end); index 0 is the Basic Offset Table (``first`` is the index of the item at ``pos``),
    index ``k`` fragment ``k - 1``. Ends at the end of ``view`` or at a Sequence Delimitation
    Item, which closes the element in a file and is not part of the value as dcmread returns
    it. A fragment of odd length is refused (PS3.5 §A.4: items of even length)."""
    enc = _encoding(little_endian)
    policy = _ValuePolicy(enc, pos if first == 0 else None, legacy)
    for token in encapsulated_items(view, pos, enc, policy, base, path, first):
        if token[0] != FRAGMENT:
            return  # PIXELS_END
        _, item, _, index, length, start = token
        if index and length % 2:
            raise DicomError(
                f"fragment length {length} is odd: PS3.5 §A.4 requires items of even length",
                base + item,
                f"{path} / fragment {index - 1} / length",
            )
        yield index, item, start, start + length


def _read_offset_table(
    view: memoryview, little_endian: bool, path: str, base: int = 0, *, legacy: bool = False
) -> tuple[list[int], int, Iterator[tuple[int, int, int, int]]]:
    """The Basic Offset Table item at the start of ``view`` (PS3.5 §A.4, Table A.4-1): its
    offsets, the position of the first fragment item after it, and the walk, to go on with
    the fragments. ``legacy``: the messages of pydicom's deprecated ``get_frame_offsets``."""
    where = f"{path} / basic offset table"
    items = _items(view, 0, little_endian, path, base, first=0, legacy=legacy)
    table = next(items, None)
    if table is None:  # the walk ended before any item: at a delimiter, or no bytes at all
        enc = _encoding(little_endian)
        if _is_delimiter_tag(enc, view, 0):
            raise DicomError(
                f"{_table_tag_message(SEQUENCE_DELIMITATION, legacy)}: the value ends where its "
                "first item, the Basic Offset Table, must be (PS3.5 §A.4)",
                base,
                where,
            )
        raise TruncatedDataError(
            f"the value ends before its first item, the Basic Offset Table (PS3.5 §A.4): "
            f"{len(view)} bytes",
            base,
            where,
        )
    _, _, start, stop = table
    if (stop - start) % 4:
        raise DicomError(
            f"The length of the Basic Offset Table item is not a multiple of 4: {stop - start} "
            "bytes (PS3.5 §A.4: 32-bit offsets)",
            base,
            f"{where} / length",
        )
    enc = _encoding(little_endian)
    offsets = [value for (value,) in enc.u32.iter_unpack(view[start:stop])]
    # PS3.5 §A.4: one offset per frame, to the first byte of the Item Tag of the frame's first
    # fragment, measured from the first fragment: so the first is 0 and each is past the last.
    for index, offset in enumerate(offsets):
        previous = offsets[index - 1] if index else -1
        if index == 0 and offset != 0:
            message = f"the first Basic Offset Table offset is {offset}, not 0"
        elif offset <= previous:
            message = (
                f"Basic Offset Table offsets do not increase: offset {index} is {offset}, "
                f"after {previous}"
            )
        else:
            continue
        raise DicomError(message, base + start + 4 * index, f"{where} / offset {index}")
    return offsets, stop, items


def _read(view: memoryview, little_endian: bool, path: str, base: int = 0) -> EncapsulatedPixelData:
    offsets, _, items = _read_offset_table(view, little_endian, path, base)
    fragments: list[memoryview | bytes] = []
    fragment_offsets: list[int] = []
    for _, item, start, stop in items:
        fragment_offsets.append(item)
        fragments.append(view[start:stop])
    pixel_data = EncapsulatedPixelData(offsets, fragments, fragment_offsets, little_endian, path)
    pixel_data._base = base
    pixel_data._frame_starts()  # every offset must lead to a fragment item
    return pixel_data


def read_encapsulated(
    value: bytes | bytearray | memoryview,
    little_endian: bool = True,
    *,
    path: str = PIXEL_DATA,
    base: int = 0,
) -> EncapsulatedPixelData:
    """The structure of an encapsulated Pixel Data value as stored (PS3.5 §A.4, Table A.4-1).

    ``value`` is what ``dcmread`` (and pydicom) give as ``ds.PixelData``: the Basic Offset
    Table item, then the fragment items; a closing Sequence Delimitation Item ends the walk if
    present. The fragments are memoryviews into ``value`` (nothing is copied). Malformed items
    or offsets raise ``DicomError`` (``TruncatedDataError`` for lengths past the end) with the
    byte offset within ``value`` plus ``base`` (the value's offset in its file: errors then
    say where in the file) and a path such as ``Pixel Data / fragment 3 / length``.
    """
    view, _, _ = _open(value)
    return _read(view, little_endian, path, base)


def _join(fragments: Sequence[memoryview | bytes]) -> bytes:
    return bytes(fragments[0]) if len(fragments) == 1 else b"".join(fragments)


def _extended_values(value: Any, little_endian: bool, name: str) -> list[int]:
    """The values of (7FE0,0001) or (7FE0,0002), given encoded (OV) or decoded."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        if len(value) % 8:
            raise DicomError(
                f"{name} has {len(value)} bytes, not a multiple of 8 (64-bit values)", 0, name
            )
        return [v for (v,) in _u64(little_endian).iter_unpack(value)]
    return [int(v) for v in value]


# ---------------------------------------------------------------------------------------------
@dataclass(repr=False, eq=False)
class EncapsulatedPixelData:
    """Encapsulated Pixel Data (PS3.5 §A.4): the Basic Offset Table and the fragments.

    ``offset_table`` holds the Basic Offset Table's offsets, measured from the first fragment
    item (empty when the table is); ``fragments`` the fragments' bytes; ``fragment_offsets`` the
    offset of each fragment's item tag from the start of the value. ``frames`` and ``frame``
    apply PS3.5 §A.4's rules as pydicom 3 does (see ``fragmented_frames``).
    """

    offset_table: list[int]
    fragments: list[memoryview | bytes]
    fragment_offsets: list[int]
    little_endian: bool = True
    path: str = PIXEL_DATA

    _base = 0  # where the value starts in the buffer it was read from (for error offsets)

    def __repr__(self) -> str:
        size = sum(len(fragment) for fragment in self.fragments)
        return (
            f"<EncapsulatedPixelData: offset table {self.offset_table}, "
            f"{len(self.fragments)} fragment{'s' if len(self.fragments) != 1 else ''} of "
            f"{size} bytes>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EncapsulatedPixelData):
            return NotImplemented
        return (
            self.offset_table == other.offset_table
            and self.fragment_offsets == other.fragment_offsets
            and [bytes(f) for f in self.fragments] == [bytes(f) for f in other.fragments]
        )

    @property
    def first_fragment_offset(self) -> int:
        """Where the first fragment item starts in the value: after the Basic Offset Table
        item, the origin of its offsets (PS3.5 §A.4)."""
        return ITEM_HEADER_SIZE + 4 * len(self.offset_table)

    def encode(self) -> bytes:
        """The value as stored, built through the ``encapsulated_pixel_data`` layout (the
        ``fragment`` layout for every item). Fragment offsets are not consulted."""
        pack = _encoding(self.little_endian).u32.pack
        table = b"".join(pack(offset) for offset in self.offset_table)
        return layouts.encapsulated_pixel_data(self.little_endian).build(
            dict(
                offset_table=dict(length=len(table), value=table),
                fragments=[dict(length=len(f), value=bytes(f)) for f in self.fragments],
            )
        )

    # -- frame boundaries ----------------------------------------------------------------------
    def _fail(self, error: type[DicomError], message: str, offset: int, path: str) -> DicomError:
        return error(message, self._base + offset, f"{self.path} / {path}")

    def _frame_starts(self) -> list[int]:
        """The index of each frame's first fragment, from the Basic Offset Table: every offset
        must be that of a fragment item (PS3.5 §A.4)."""
        first = self.first_fragment_offset
        index_at = {offset - first: i for i, offset in enumerate(self.fragment_offsets)}
        starts = []
        for i, offset in enumerate(self.offset_table):
            index = index_at.get(offset)
            if index is None:
                raise self._fail(
                    DicomError,
                    f"Basic Offset Table offset {i} ({offset}) is not the start of a fragment item",
                    ITEM_HEADER_SIZE + 4 * i,
                    f"basic offset table / offset {i}",
                )
            starts.append(index)
        return starts

    def _no_fragments(self) -> DicomError:
        return self._fail(
            DicomError,
            "encapsulated Pixel Data has no fragments: PS3.5 §A.4 puts each frame in one or "
            "more fragments",
            self.first_fragment_offset,
            "fragment 0",
        )

    def _extended(self, extended_offsets: tuple[Any, Any]) -> Iterator[tuple[int, int]]:
        """Each frame's single fragment and its length, from the Extended Offset Table
        (PS3.3 §C.7.6.3.1.8: offsets from the first fragment item, lengths of the frames, one
        fragment each)."""
        offsets, lengths = (
            _extended_values(value, self.little_endian, name)
            for value, name in zip(extended_offsets, EXTENDED_OFFSETS, strict=True)
        )
        if len(offsets) != len(lengths):
            raise DicomError(
                f"the Extended Offset Table has {len(offsets)} offsets but the Extended Offset "
                f"Table Lengths has {len(lengths)} lengths",
                0,
                EXTENDED_OFFSETS[1],
            )
        first = self.first_fragment_offset
        index_at = {offset - first: i for i, offset in enumerate(self.fragment_offsets)}
        for i, (offset, length) in enumerate(zip(offsets, lengths, strict=True)):
            index = index_at.get(offset)
            if index is None:
                raise DicomError(
                    f"Extended Offset Table offset {i} ({offset}) is not the start of a "
                    "fragment item",
                    8 * i,
                    f"{EXTENDED_OFFSETS[0]} / offset {i}",
                )
            fragment = self.fragments[index]
            if length > len(fragment):
                raise DicomError(
                    f"Extended Offset Table length {i} ({length}) is longer than the "
                    f"{len(fragment)} bytes of its fragment",
                    8 * i,
                    f"{EXTENDED_OFFSETS[1]} / length {i}",
                )
            yield index, length

    def _eoi_spans(self) -> Iterator[tuple[int, int, bool]]:
        """Frames found by their JPEG EOI/EOC marker in the last 10 bytes of a fragment:
        (first fragment, end fragment, whether the marker ended it), as pydicom 3 does."""
        start = 0
        for index, fragment in enumerate(self.fragments):
            if EOI_MARKER in bytes(fragment[-_EOI_WINDOW:]):
                yield start, index + 1, True
                start = index + 1
        if start < len(self.fragments):
            yield start, len(self.fragments), False

    def _spans(self, number_of_frames: int | None) -> Iterator[tuple[int, int]]:
        """Each frame as a range of fragment indices, without an Extended Offset Table."""
        count = len(self.fragments)
        if not count:
            raise self._no_fragments()
        # PS3.5 §A.4: with a Basic Offset Table, frames start at its offsets.
        if self.offset_table:
            starts = self._frame_starts()
            yield from zip(starts, starts[1:] + [count], strict=True)
            return
        # Without one, a single fragment is a single frame ...
        if count == 1:
            yield 0, 1
            return
        if not number_of_frames:
            raise ValueError(
                "Unable to determine the frame boundaries for the encapsulated pixel data as "
                "there is no Basic or Extended Offset Table and the number of frames has not "
                "been supplied"
            )
        # ... as many fragments as frames are one fragment per frame ...
        if count == number_of_frames:
            yield from ((i, i + 1) for i in range(count))
            return
        # ... a single frame takes them all ...
        if number_of_frames == 1:
            yield 0, count
            return
        if count < number_of_frames:
            raise self._fail(
                DicomError,
                "Unable to generate frames from the encapsulated pixel data as there are fewer "
                "fragments than frames; the dataset may be corrupt or the number of frames may "
                f"be incorrect ({count} fragments for {number_of_frames} frames)",
                self.fragment_offsets[-1],
                f"fragment {count - 1}",
            )
        # ... and more fragments than frames are split after each JPEG EOI/EOC marker.
        found = 0
        for start, stop, ended in self._eoi_spans():
            if not ended:
                _warn(
                    "The end of the encapsulated pixel data has been reached but no JPEG "
                    "EOI/EOC marker was found, the final frame may be be invalid"
                    if found >= number_of_frames
                    else "The end of the encapsulated pixel data has been reached but fewer "
                    "frames than expected have been found. Please confirm that the generated "
                    "frame data is correct"
                )
                yield start, stop
                return
            found += 1
            yield start, stop
        if found < number_of_frames:
            _warn(
                "The end of the encapsulated pixel data has been reached but fewer frames than "
                "expected have been found"
            )

    # -- frames ----------------------------------------------------------------------------------
    def fragmented_frames(
        self,
        number_of_frames: int | None = None,
        extended_offsets: tuple[Any, Any] | None = None,
    ) -> Iterator[tuple[memoryview | bytes, ...]]:
        """Each frame as the tuple of its fragments, as ``generate_fragmented_frames``.

        The Extended Offset Table (``(offsets, lengths)``, encoded or decoded) is used when
        given, then the Basic Offset Table; without either, a single fragment is one frame,
        ``number_of_frames`` fragments are one frame each, and more fragments than frames are
        split after each JPEG EOI/EOC marker (more frames than expected may then be found).
        """
        for fragments, _ in self._parts(number_of_frames, extended_offsets):
            yield fragments

    def _parts(
        self, number_of_frames: int | None, extended_offsets: tuple[Any, Any] | None
    ) -> Iterator[tuple[tuple[memoryview | bytes, ...], int]]:
        """Each frame's fragments, and where in the value the last of them ends."""
        fragments = self.fragments
        if extended_offsets:
            for index, length in self._extended(extended_offsets):
                end = self.fragment_offsets[index] + ITEM_HEADER_SIZE + length
                yield (fragments[index][:length],), end
            return
        for start, stop in self._spans(number_of_frames):
            last = stop - 1
            end = self.fragment_offsets[last] + ITEM_HEADER_SIZE + len(fragments[last])
            yield tuple(fragments[start:stop]), end

    def frames(
        self,
        number_of_frames: int | None = None,
        extended_offsets: tuple[Any, Any] | None = None,
    ) -> Iterator[bytes]:
        """Each frame's bytes, its fragments joined (PS3.5 §A.4); see ``fragmented_frames``."""
        for fragments in self.fragmented_frames(number_of_frames, extended_offsets):
            yield _join(fragments)

    def frame(
        self,
        index: int,
        number_of_frames: int | None = None,
        extended_offsets: tuple[Any, Any] | None = None,
    ) -> bytes:
        """The bytes of frame ``index`` (from 0), by the rules of ``fragmented_frames``; with
        an offset table, only that frame's fragments are touched."""
        if index < 0:
            raise ValueError(f"the frame index must be 0 or more, not {index}")
        if extended_offsets:
            for i, (fragment, length) in enumerate(self._extended(extended_offsets)):
                if i == index:
                    return bytes(self.fragments[fragment][:length])
            raise ValueError(
                f"There aren't enough offsets in the Extended Offset Table for {index + 1} frames"
            )
        count = len(self.fragments)
        if not count:
            raise self._no_fragments()
        if self.offset_table:
            starts = self._frame_starts()
            if index >= len(starts):
                raise ValueError(
                    f"There aren't enough offsets in the Basic Offset Table for {index + 1} frames"
                )
            stop = starts[index + 1] if index + 1 < len(starts) else count
            return _join(self.fragments[starts[index] : stop])
        if count == 1:
            if index:
                raise ValueError(
                    "Found 1 frame fragment in the encapsulated pixel data, 'index' must be 0"
                )
            return bytes(self.fragments[0])
        if not number_of_frames:
            raise ValueError(
                "Unable to determine the frame boundaries for the encapsulated pixel data as "
                "there is no basic or extended offset table data and the number of frames has "
                "not been supplied"
            )
        if count == number_of_frames:
            if index >= count:
                raise ValueError(
                    f"Found {count} frame fragments in the encapsulated pixel data, an 'index' "
                    f"of {index} is invalid"
                )
            return bytes(self.fragments[index])
        if number_of_frames == 1:
            if index:
                raise ValueError("The 'index' must be 0 if the number of frames is 1")
            return _join(self.fragments)
        for i, (start, stop, ended) in enumerate(self._eoi_spans()):
            if i == index:
                if not ended:
                    _warn(
                        "The end of the encapsulated pixel data has been reached but no JPEG "
                        "EOI/EOC marker was found, the returned frame data may be invalid"
                    )
                return _join(self.fragments[start:stop])
        raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")


# ---------------------------------------------------------------------------------------------
# pydicom 3's functions (pydicom.encaps), over bytes-like buffers or seekable file-likes; a
# file-like is read from its position, and error offsets count from the start of its data.
def parse_basic_offsets(buffer: Any, *, endianness: str = "<") -> list[int]:
    """The Basic Offset Table's offsets, from the first fragment item (PS3.5 §A.4).

    ``buffer`` starts at the Basic Offset Table item. A file-like ``buffer`` is read only as
    far as the table and left positioned at the first fragment item after it.
    """
    little = _little(endianness)
    _check_buffer_type(buffer)
    if _is_bytes_like(buffer):
        view, base, fileobj = _open(buffer)
    else:
        base, fileobj = buffer.tell(), buffer
        header = bytes(buffer.read(ITEM_HEADER_SIZE))
        length = 0
        if len(header) == ITEM_HEADER_SIZE:
            length = _encoding(little).item_header.unpack_from(header)[2]
        # an undefined or cut-off length reads what remains (and is refused below)
        value = _read_all(buffer) if length == UNDEFINED_LENGTH else bytes(buffer.read(length))
        view = memoryview(header + value)
    offsets, end, _ = _read_offset_table(view, little, PIXEL_DATA, base)
    if fileobj is not None:
        fileobj.seek(base + end)
    return offsets


# The name the project's documents use for the same function.
parse_basic_offset_table = parse_basic_offsets


def parse_fragments(buffer: Any, *, endianness: str = "<") -> tuple[int, list[int]]:
    """The number of fragments in ``buffer`` (which starts at a fragment item, after the
    Basic Offset Table) and the offset of each item tag in it (PS3.5 §A.4).

    A file-like ``buffer`` is read from its position, offsets are absolute and the position is
    restored afterwards.
    """
    little = _little(endianness)
    view, base, fileobj = _open(buffer)
    offsets = [base + item for _, item, _, _ in _items(view, 0, little, PIXEL_DATA, base)]
    if fileobj is not None:
        fileobj.seek(base)
    return len(offsets), offsets


def generate_fragments(buffer: Any, *, endianness: str = "<") -> Iterator[bytes]:
    """Yield the fragments in ``buffer``, which starts at a fragment item (PS3.5 §A.4).

    A file-like ``buffer`` is positioned after the last fragment yielded.
    """
    little = _little(endianness)
    view, base, fileobj = _open(buffer)
    for _, _, start, stop in _items(view, 0, little, PIXEL_DATA, base):
        if fileobj is not None:
            fileobj.seek(base + stop)
        yield bytes(view[start:stop])


def _pixel_data(buffer: Any, endianness: str) -> tuple[EncapsulatedPixelData, int, Any]:
    little = _little(endianness)
    view, base, fileobj = _open(buffer)
    return _read(view, little, PIXEL_DATA, base), base, fileobj


def generate_fragmented_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[Any, Any] | None = None,
    endianness: str = "<",
) -> Iterator[tuple[bytes, ...]]:
    """Yield each frame of the encapsulated value in ``buffer`` as a tuple of its fragments.

    ``buffer`` starts at the Basic Offset Table item. The rules are those of
    ``EncapsulatedPixelData.fragmented_frames`` (PS3.5 §A.4, as pydicom 3). A file-like
    ``buffer`` is positioned after the last fragment of the last frame yielded.
    """
    pixel_data, base, fileobj = _pixel_data(buffer, endianness)
    for fragments, end in pixel_data._parts(number_of_frames, extended_offsets):
        if fileobj is not None:
            fileobj.seek(base + end)
        yield tuple(bytes(fragment) for fragment in fragments)


def generate_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[Any, Any] | None = None,
    endianness: str = "<",
) -> Iterator[bytes]:
    """Yield each frame of the encapsulated value in ``buffer``, its fragments joined."""
    fragmented = generate_fragmented_frames(
        buffer,
        number_of_frames=number_of_frames,
        extended_offsets=extended_offsets,
        endianness=endianness,
    )
    for fragments in fragmented:
        yield fragments[0] if len(fragments) == 1 else b"".join(fragments)


def get_frame(
    buffer: Any,
    index: int,
    *,
    extended_offsets: tuple[Any, Any] | None = None,
    number_of_frames: int | None = None,
    endianness: str = "<",
) -> bytes:
    """The frame at ``index`` (from 0) of the encapsulated value in ``buffer``.

    A file-like ``buffer`` is returned to its starting position.
    """
    pixel_data, base, fileobj = _pixel_data(buffer, endianness)
    frame = pixel_data.frame(index, number_of_frames, extended_offsets)
    if fileobj is not None:
        fileobj.seek(base)
    return frame


# ---------------------------------------------------------------------------------------------
# Encapsulating: the items are built by the ``fragment`` layout, little endian as every
# encapsulated transfer syntax is (PS3.5 §A.4).
def fragment_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """Split ``frame`` into ``nr_fragments`` fragments of even length, padding the last with a
    NUL byte if needed (PS3.5 §A.4, §6.2 for OB), exactly as pydicom does."""
    frame = bytes(frame)
    frame_length = len(frame)
    if nr_fragments > (frame_length + 1) / 2.0:
        raise ValueError("Too many fragments requested (the minimum fragment size is 2 bytes)")
    length = int(frame_length / nr_fragments)
    length += length % 2  # PS3.5 §A.4: items of even length
    for offset in range(0, length * (nr_fragments - 1), length):
        yield frame[offset : offset + length]
    offset = length * (nr_fragments - 1)
    last = frame[offset:]
    yield last + b"\x00" if len(last) % 2 else last


def itemize_fragment(fragment: bytes) -> bytes:
    """``fragment`` as an item (PS3.5 §A.4), built by the ``fragment`` layout."""
    return layouts.fragment(True).build(dict(length=len(fragment), value=bytes(fragment)))


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """Yield the items of ``frame`` split into ``nr_fragments`` fragments."""
    for fragment in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(fragment)


def _build(offsets: list[int], fragments: Iterable[bytes]) -> bytes:
    pack = _encoding(True).u32.pack
    table = b"".join(pack(offset) for offset in offsets)
    return layouts.encapsulated_pixel_data(True).build(
        dict(
            offset_table=dict(length=len(table), value=table),
            fragments=[dict(length=len(f), value=f) for f in fragments],
        )
    )


def _check_offsets_fit(last_offset: int) -> None:
    """PS3.5 §A.4: a Basic Offset Table offset is 32-bit, so the last frame must start below
    2**32 (pydicom's message; its check leaves out the padding of odd-length frames)."""
    if last_offset > _MAX_OFFSET:
        raise ValueError(
            f"The total length of the encapsulated frame data ({last_offset} bytes) will be "
            f"greater than the maximum allowed by the Basic Offset Table ({_MAX_OFFSET} bytes), "
            "it's recommended that you use the Extended Offset Table instead (see the "
            "'encapsulate_extended' function for more information)"
        )


def encapsulate(
    frames: Sequence[bytes], fragments_per_frame: int = 1, has_bot: bool = True
) -> bytes:
    """The encapsulated value of ``frames`` (PS3.5 §A.4): a Basic Offset Table item (with the
    offset of each frame when ``has_bot``, else empty), then each frame's fragments.

    Every item has an even length: the last fragment of a frame is padded with a NUL byte.
    Byte for byte what pydicom's ``encapsulate`` returns. The offsets are checked to fit in 32
    bits (from the frames' lengths) before any frame is split.
    """
    if has_bot and len(frames) > 1:
        # each frame's items are its padded bytes plus one 8-byte header per fragment
        _check_offsets_fit(
            sum(len(f) + len(f) % 2 + ITEM_HEADER_SIZE * fragments_per_frame for f in frames[:-1])
        )
    fragments: list[bytes] = []
    offsets: list[int] = []
    position = 0
    for frame in frames:
        offsets.append(position)
        for fragment in fragment_frame(frame, fragments_per_frame):
            fragments.append(fragment)
            position += ITEM_HEADER_SIZE + len(fragment)
    return _build(offsets if has_bot else [], fragments)


def encapsulate_extended(frames: Sequence[bytes]) -> tuple[bytes, bytes, bytes]:
    """The encapsulated value of ``frames`` with an empty Basic Offset Table, and the values
    of (7FE0,0001) Extended Offset Table and (7FE0,0002) Extended Offset Table Lengths
    (PS3.3 §C.7.6.3.1.8): one fragment per frame, lengths of the padded frames."""
    pack = _u64(True).pack
    lengths = [len(frame) + len(frame) % 2 for frame in frames]
    offsets = []
    position = 0
    for length in lengths:
        offsets.append(position)
        position += ITEM_HEADER_SIZE + length
    return (
        encapsulate(frames, has_bot=False),
        b"".join(pack(offset) for offset in offsets),
        b"".join(pack(length) for length in lengths),
    )


# ---------------------------------------------------------------------------------------------
# Encapsulating buffers (pydicom 3): the items are read on demand from the frames' buffers.
class _BufferedItem:
    """One frame's buffer as an item (PS3.5 §A.4): its 8-byte header, the buffer's bytes and a
    NUL padding byte when the buffer's length is odd. ``length`` is the whole item's."""

    def __init__(self, buffer: io.BufferedIOBase) -> None:
        from .fileutil import buffer_length

        self.buffer = buffer
        self._blen = buffer_length(buffer)  # the buffer's own (unpadded) length
        if self._blen > _MAX_ITEM_VALUE:
            raise ValueError(
                f"Buffers containing more than {_MAX_ITEM_VALUE} bytes are not supported"
            )
        self._padding = bool(self._blen % 2)
        self.length = ITEM_HEADER_SIZE + self._blen + self._blen % 2
        self._item = _item_header(self.length - ITEM_HEADER_SIZE)

    def read(self, start: int, size: int) -> bytes:
        """Up to ``size`` bytes of the item from ``start`` (0 is its tag's first byte); the
        buffer's position is restored."""
        from .fileutil import reset_buffer_position

        if not 0 <= start < self.length:
            raise ValueError(
                f"Invalid 'start' value '{start}', must be in the closed interval "
                f"[0, {self.length - 1}]"
            )
        stop = min(self.length, start + max(size, 0))
        out = bytearray(self._item[start:stop])
        pos = start + len(out)
        value_end = ITEM_HEADER_SIZE + self._blen
        if pos < min(stop, value_end):
            with reset_buffer_position(self.buffer):
                self.buffer.seek(pos - ITEM_HEADER_SIZE)
                while pos < (wanted := min(stop, value_end)):
                    data = self.buffer.read(wanted - pos)
                    if not data:  # the buffer holds less than it said
                        return bytes(out)
                    out += data[: wanted - pos]
                    pos += len(data[: wanted - pos])
        if pos < stop and self._padding:  # the padding byte, the item's last
            out += b"\x00"
        return bytes(out)


class EncapsulatedBuffer(io.BufferedIOBase):
    """Encapsulated Pixel Data (PS3.5 §A.4) read on demand from one buffer per frame, as
    pydicom 3's: a readable, seekable ``BufferedIOBase`` whose bytes are the Basic Offset Table
    item (empty unless ``use_bot``), then one item per buffer (each padded to an even length).

    The buffers must be ``io.BufferedIOBase``, readable and seekable; their lengths are taken
    when the instance is made. Usable as a Pixel Data value, or with ``generate_frames``.
    """

    def __init__(self, buffers: list[io.BufferedIOBase], use_bot: bool = False) -> None:
        if not isinstance(buffers, list):
            raise TypeError(
                "'buffers' must be a list of objects that inherit from 'io.BufferedIOBase'"
            )
        self._items = [_BufferedItem(buffer) for buffer in buffers]
        self._use_bot = use_bot
        self._offset = 0
        if use_bot and self.offsets:
            _check_offsets_fit(self.offsets[-1])
        table = self.basic_offset_table
        # the parts in order: the offset table's item, then each frame's, with their starts
        self._parts = [_BufferedItem(io.BytesIO(table[ITEM_HEADER_SIZE:])), *self._items]
        self._starts = [0, *(len(table) + offset for offset in self.offsets)]

    @property
    def basic_offset_table(self) -> bytes:
        """The Basic Offset Table item: empty, or with each frame's offset (``use_bot``)."""
        if not self._use_bot:
            return _item_header(0)
        pack = _encoding(True).u32.pack
        return _item_header(4 * len(self._items)) + b"".join(pack(o) for o in self.offsets)

    @property
    def closed(self) -> bool:  # type: ignore[override]
        """Whether any of the buffers is closed."""
        return any(item.buffer.closed for item in self._items)

    def flush(self) -> None:
        """Nothing to flush: the buffer is read-only (so closing never fails on it)."""

    @property
    def extended_lengths(self) -> bytes:
        """The (7FE0,0002) Extended Offset Table Lengths value: each frame's padded length
        (PS3.3 §C.7.6.3.1.8)."""
        pack = _u64(True).pack
        return b"".join(pack(length - ITEM_HEADER_SIZE) for length in self.lengths)

    @property
    def extended_offsets(self) -> bytes:
        """The (7FE0,0001) Extended Offset Table value: each frame's item offset from the
        first item after the Basic Offset Table (PS3.3 §C.7.6.3.1.8)."""
        pack = _u64(True).pack
        return b"".join(pack(offset) for offset in self.offsets)

    @property
    def encapsulated_length(self) -> int:
        """The length of the whole encapsulated value."""
        return len(self.basic_offset_table) + sum(self.lengths)

    @property
    def lengths(self) -> list[int]:
        """Each frame's item length, header and padding included."""
        return [item.length for item in self._items]

    @property
    def offsets(self) -> list[int]:
        """Each frame's item offset, from 0 for the first frame's item."""
        offsets, position = [], 0
        for item in self._items:
            offsets.append(position)
            position += item.length
        return offsets

    def read(self, size: int | None = 8192, /) -> bytes:
        """Up to ``size`` bytes from the position (all that remain for None or negative)."""
        total = self.encapsulated_length
        if self._offset >= total:
            return b""
        remain = total - self._offset
        wanted = remain if size is None or size < 0 else min(size, remain)
        out = bytearray()
        while len(out) < wanted:
            index = bisect.bisect_right(self._starts, self._offset) - 1
            data = self._parts[index].read(self._offset - self._starts[index], wanted - len(out))
            if not data:
                break
            out += data
            self._offset += len(data)
        return bytes(out)

    def readable(self) -> bool:
        """Whether every buffer is readable."""
        return all(item.buffer.readable() for item in self._items)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to ``offset`` from the start, the position or the end (as ``io.BytesIO``: a
        position before the start is 0 for SEEK_CUR and SEEK_END)."""
        if whence == os.SEEK_SET:
            if offset < 0:
                raise ValueError(f"Negative seek 'offset' value {offset}")
            self._offset = offset
        elif whence == os.SEEK_CUR:
            self._offset = max(0, self._offset + offset)
        elif whence == os.SEEK_END:
            self._offset = max(0, self.encapsulated_length + offset)
        else:
            raise ValueError("Invalid 'whence' value, should be 0, 1 or 2")
        return self._offset

    def seekable(self) -> bool:
        """Whether every buffer is seekable."""
        return all(item.buffer.seekable() for item in self._items)

    def tell(self) -> int:
        """The position in the encapsulated value."""
        return self._offset


def encapsulate_buffer(
    buffers: list[io.BufferedIOBase], has_bot: bool = True
) -> EncapsulatedBuffer:
    """An ``EncapsulatedBuffer`` of ``buffers``, one frame each, with the Basic Offset Table's
    offsets when ``has_bot``."""
    return EncapsulatedBuffer(buffers, use_bot=has_bot)


def encapsulate_extended_buffer(
    buffers: list[io.BufferedIOBase],
) -> tuple[EncapsulatedBuffer, bytes, bytes]:
    """An ``EncapsulatedBuffer`` of ``buffers`` with an empty Basic Offset Table, and the
    Extended Offset Table and Extended Offset Table Lengths values (PS3.3 §C.7.6.3.1.8)."""
    buffer = EncapsulatedBuffer(buffers)
    return buffer, buffer.extended_offsets, buffer.extended_lengths


# ---------------------------------------------------------------------------------------------
# pydicom 3's deprecated functions: module attributes that warn (DeprecationWarning), and are
# gone when ``config._use_future`` is set (as pydicom's). They take pydicom's DicomIO objects.
def _little_endian_fp(fp: Any) -> None:
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")


def _get_frame_offsets(fp: Any) -> tuple[bool, list[int]]:
    """(whether the Basic Offset Table has offsets, its offsets or [0] when it has none)."""
    _little_endian_fp(fp)
    base = fp.tell()
    header = bytes(fp.read(ITEM_HEADER_SIZE))
    length = _encoding(True).item_header.unpack_from(header)[2] if len(header) == 8 else 0
    value = _read_all(fp) if length == UNDEFINED_LENGTH else bytes(fp.read(length))
    offsets, end, _ = _read_offset_table(
        memoryview(header + value), True, PIXEL_DATA, base, legacy=True
    )
    fp.seek(base + end)
    return bool(offsets), offsets or [0]


def _get_nr_fragments(fp: Any) -> int:
    _little_endian_fp(fp)
    return parse_fragments(fp)[0]


def _generate_pixel_data_fragment(fp: Any) -> Iterator[bytes]:
    _little_endian_fp(fp)
    yield from generate_fragments(fp)


def _generate_pixel_data_frame(bytestream: bytes, nr_frames: int | None = None) -> Iterator[bytes]:
    yield from generate_frames(bytestream, number_of_frames=nr_frames)


def _generate_pixel_data(
    bytestream: bytes, nr_frames: int | None = None
) -> Iterator[tuple[bytes, ...]]:
    yield from generate_fragmented_frames(bytestream, number_of_frames=nr_frames)


def _read_item(fp: Any) -> bytes | None:
    """One item from ``fp``, as pydicom's deprecated ``read_item``: None at the end of the data
    or at a Sequence Delimitation Item; an item with another tag is read all the same (with a
    logged warning), as pydicom reads it."""
    from .config import logger

    start = fp.tell()
    header = bytes(fp.read(ITEM_HEADER_SIZE))
    if len(header) < _TAG_SIZE:
        return None
    little = fp.is_little_endian
    if len(header) < ITEM_HEADER_SIZE:
        # the walk refuses the cut-off header, or ends at a delimiter's tag
        list(_items(memoryview(header), 0, little, PIXEL_DATA, start))
        return None
    enc = _encoding(little)
    group, element, length = enc.item_header.unpack_from(header)
    tag = group << 16 | element
    if tag == SEQUENCE_DELIMITATION:
        if length:
            logger.warning(
                "Expected 0x00000000 after delimiter, found 0x%x, at data position 0x%x",
                length,
                start + _TAG_SIZE,
            )
        return None
    if tag != ITEM:
        logger.warning("Expected Item with tag %s at data position 0x%x", _tag_text(ITEM), start)
    if length == UNDEFINED_LENGTH:
        raise DicomError(
            "Encapsulated data fragment had Undefined Length at data position "
            f"0x{start + _TAG_SIZE:x}",
            start,
            f"{PIXEL_DATA} / item / length",
        )
    value = bytes(fp.read(length))
    if len(value) < length:  # the walk says what is cut off
        list(_items(memoryview(header + value), 0, little, PIXEL_DATA, start))
    return value


def _decode_data_sequence(data: bytes) -> list[bytes]:
    """Every fragment of an encapsulated value (the Basic Offset Table item skipped)."""
    from .filebase import DicomBytesIO

    with DicomBytesIO(data) as fp:
        fp.is_little_endian = True
        _read_item(fp)  # the Basic Offset Table
        fragments = []
        while (item := _read_item(fp)) is not None:
            fragments.append(item)
    return fragments


def _defragment_data(data: bytes) -> bytes:
    """Every fragment of an encapsulated value, joined."""
    return b"".join(_decode_data_sequence(data))


_DEPRECATED = {
    "get_frame_offsets": _get_frame_offsets,
    "get_nr_fragments": _get_nr_fragments,
    "generate_pixel_data_fragment": _generate_pixel_data_fragment,
    "generate_pixel_data_frame": _generate_pixel_data_frame,
    "generate_pixel_data": _generate_pixel_data,
    "decode_data_sequence": _decode_data_sequence,
    "defragment_data": _defragment_data,
    "read_item": _read_item,
    "itemise_frame": itemize_frame,
    "itemise_fragment": itemize_fragment,
}


def __getattr__(name: str) -> Any:
    from . import config

    if name in _DEPRECATED and not config._use_future:
        from .misc import warn_and_log

        warn_and_log(f"{name} is deprecated and will be removed in v4.0", DeprecationWarning, 2)
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
