"""Encapsulated Pixel Data (PS3.5 §A.4): the Basic Offset Table, the fragments, the frames.

Items are read and built through the ``item_header`` and ``fragment`` layouts of ``layouts.py``.
"""

from __future__ import annotations

import struct
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from construct import Int64ub, Int64ul

from . import layouts
from .errors import DicomError, TruncatedDataError
from .layouts import ITEM, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH

__all__ = [
    "EncapsulatedPixelData",
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
    "encapsulate_extended",
]

PIXEL_DATA = "Pixel Data"
EXTENDED_OFFSETS = ("Extended Offset Table", "Extended Offset Table Lengths")

# PS3.5 §7.5, Table 7.5-1: an item header is a tag and a 32-bit length (the implicit layout).
ITEM_HEADER_SIZE = layouts.FixedCodec(layouts.item_header(True)).size

# The JPEG EOI marker (ITU T.81 B.1.1.3), also JPEG-LS's and JPEG 2000's EOC: pydicom looks for
# it in the last 10 bytes of a fragment to find where a frame ends when no offset table does.
EOI_MARKER = b"\xff\xd9"
_EOI_WINDOW = 10

# PS3.5 §A.4: Basic Offset Table offsets are 32-bit, so the last frame must start below 2**32.
_MAX_OFFSET = 2**32 - 1


@cache
def _encoding(little_endian: bool) -> layouts.Encoding:
    """Items and their offsets use the implicit layout in every transfer syntax (PS3.5 §7.5)."""
    return layouts.encoding(False, little_endian)


@cache
def _u64(little_endian: bool) -> struct.Struct:
    """The 64-bit unsigned integers of the Extended Offset Table, an OV (PS3.3 §C.7.6.3.1.8)."""
    return struct.Struct((Int64ul if little_endian else Int64ub).fmtstr)


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


def _open(buffer: Any) -> tuple[memoryview, int, Any]:
    """The bytes of ``buffer`` as a flat view, the position they start at, and the file-like
    they were read from (None for bytes-like buffers, which are not copied)."""
    if isinstance(buffer, (bytes, bytearray, memoryview)):
        view = memoryview(buffer)
        if view.format != "B" or view.ndim != 1:
            view = view.cast("B")
        return view, 0, None
    if hasattr(buffer, "read") and hasattr(buffer, "tell") and hasattr(buffer, "seek"):
        base = buffer.tell()
        return memoryview(buffer.read()), base, buffer
    raise TypeError(
        f"expected bytes, bytearray, memoryview or a readable, seekable buffer, not "
        f"{type(buffer).__name__}"
    )


# ---------------------------------------------------------------------------------------------
# Reading items. Every check says where it failed: the offset of the item's first byte within
# the value (plus ``base`` for a file-like read from its current position) and a path.
def _check_length(length: int, start: int, end: int, offset: int, path: str, what: str) -> None:
    """A fragment item's length (PS3.5 §A.4): defined, within the data, even."""
    if length == UNDEFINED_LENGTH:
        raise DicomError(
            f"{what} has an undefined length (FFFFFFFFH): PS3.5 §A.4 requires a defined length",
            offset,
            path,
        )
    if length > end - start:
        raise TruncatedDataError(
            f"{what} length {length} runs past the end of the data: {end - start} bytes remain",
            offset,
            path,
        )
    if length % 2:
        raise DicomError(
            f"{what} length {length} is odd: PS3.5 §A.4 requires items of even length",
            offset,
            path,
        )


def _read_offset_table(
    view: memoryview, little_endian: bool, path: str, base: int = 0
) -> tuple[list[int], int]:
    """The Basic Offset Table item at the start of ``view`` (PS3.5 §A.4, Table A.4-1): its
    offsets and the position of the first fragment item after it."""
    enc = _encoding(little_endian)
    where = f"{path} / basic offset table"
    end = len(view)
    if end < ITEM_HEADER_SIZE:
        raise TruncatedDataError(
            f"Basic Offset Table item header cut off: {end} of {ITEM_HEADER_SIZE} bytes remain",
            base,
            f"{where} / item header",
        )
    group, element, length = enc.item_header.unpack_from(view, 0)
    if (group << 16 | element) != ITEM:
        raise DicomError(
            f"expected the Basic Offset Table Item (FFFE,E000), found ({group:04X},{element:04X})",
            base,
            f"{where} / tag",
        )
    start = ITEM_HEADER_SIZE
    if length == UNDEFINED_LENGTH or length > end - start:
        _check_length(length, start, end, base, f"{where} / length", "Basic Offset Table")
    if length % 4:
        raise DicomError(
            f"Basic Offset Table length {length} is not a multiple of 4 (PS3.5 §A.4: 32-bit "
            "offsets)",
            base,
            f"{where} / length",
        )
    offsets = [value for (value,) in enc.u32.iter_unpack(view[start : start + length])]
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
    return offsets, start + length


def _walk(
    view: memoryview, pos: int, little_endian: bool, path: str, base: int = 0
) -> Iterator[tuple[int, int, int]]:
    """Each fragment item from ``pos`` (PS3.5 §A.4): (item offset, value start, value end).

    Ends at the end of ``view`` or at a Sequence Delimitation Item, which closes the element in
    a file and is not part of the value as dcmread returns it."""
    unpack = _encoding(little_endian).item_header.unpack_from
    end = len(view)
    index = 0
    while pos < end:
        where = f"{path} / fragment {index}"
        if end - pos < ITEM_HEADER_SIZE:
            raise TruncatedDataError(
                f"fragment item header cut off: {end - pos} of {ITEM_HEADER_SIZE} bytes remain",
                base + pos,
                f"{where} / item header",
            )
        group, element, length = unpack(view, pos)
        tag = group << 16 | element
        if tag == SEQUENCE_DELIMITATION:
            return
        if tag != ITEM:
            raise DicomError(
                f"expected a fragment Item (FFFE,E000), found ({group:04X},{element:04X})",
                base + pos,
                f"{where} / tag",
            )
        start = pos + ITEM_HEADER_SIZE
        _check_length(length, start, end, base + pos, f"{where} / length", "fragment")
        yield pos, start, start + length
        pos = start + length
        index += 1


def _read(view: memoryview, little_endian: bool, path: str, base: int = 0) -> EncapsulatedPixelData:
    offsets, pos = _read_offset_table(view, little_endian, path, base)
    fragments: list[memoryview | bytes] = []
    fragment_offsets: list[int] = []
    for item, start, stop in _walk(view, pos, little_endian, path, base):
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

    def _extended(self, extended_offsets: tuple[Any, Any]) -> Iterator[memoryview | bytes]:
        """Each frame's single fragment, from the Extended Offset Table (PS3.3 §C.7.6.3.1.8:
        offsets from the first fragment item, lengths of the frames, one fragment each)."""
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
            yield fragment[:length]

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
                f"{count} fragments cannot hold {number_of_frames} frames: the data set may be "
                "corrupt or the number of frames wrong",
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
        if extended_offsets:
            yield from ((fragment,) for fragment in self._extended(extended_offsets))
            return
        fragments = self.fragments
        for start, stop in self._spans(number_of_frames):
            yield tuple(fragments[start:stop])

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
            for i, fragment in enumerate(self._extended(extended_offsets)):
                if i == index:
                    return bytes(fragment)
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
        if count < number_of_frames:
            next(self._spans(number_of_frames))  # raises the DicomError of too few fragments
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
# pydicom 3's functions (pydicom.encaps), over bytes-like buffers or seekable file-likes.
def parse_basic_offsets(buffer: Any, endianness: str = "<") -> list[int]:
    """The Basic Offset Table's offsets, from the start of the value (PS3.5 §A.4).

    A file-like ``buffer`` is left positioned at the first fragment item after the table.
    """
    view, base, fileobj = _open(buffer)
    offsets, end = _read_offset_table(view, _little(endianness), PIXEL_DATA, base)
    if fileobj is not None:
        fileobj.seek(base + end)
    return offsets


# The name the project's documents use for the same function.
parse_basic_offset_table = parse_basic_offsets


def parse_fragments(buffer: Any, endianness: str = "<") -> tuple[int, list[int]]:
    """The number of fragments in ``buffer`` (which starts at a fragment item, after the
    Basic Offset Table) and the offset of each item tag in it (PS3.5 §A.4).

    A file-like ``buffer`` is read from its position, offsets are absolute and the position is
    restored afterwards.
    """
    view, base, fileobj = _open(buffer)
    offsets = [base + item for item, _, _ in _walk(view, 0, _little(endianness), PIXEL_DATA, base)]
    if fileobj is not None:
        fileobj.seek(base)
    return len(offsets), offsets


def generate_fragments(buffer: Any, endianness: str = "<") -> Iterator[bytes]:
    """Yield the fragments in ``buffer``, which starts at a fragment item (PS3.5 §A.4).

    A file-like ``buffer`` is positioned after the last fragment yielded.
    """
    view, base, fileobj = _open(buffer)
    for _, start, stop in _walk(view, 0, _little(endianness), PIXEL_DATA, base):
        if fileobj is not None:
            fileobj.seek(base + stop)
        yield bytes(view[start:stop])


def _pixel_data(buffer: Any, endianness: str) -> tuple[EncapsulatedPixelData, int, Any]:
    view, base, fileobj = _open(buffer)
    return _read(view, _little(endianness), PIXEL_DATA, base), base, fileobj


def generate_fragmented_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[Any, Any] | None = None,
    endianness: str = "<",
) -> Iterator[tuple[bytes, ...]]:
    """Yield each frame of the encapsulated value in ``buffer`` as a tuple of its fragments.

    ``buffer`` starts at the Basic Offset Table item. The rules are those of
    ``EncapsulatedPixelData.fragmented_frames`` (PS3.5 §A.4, as pydicom 3).
    """
    pixel_data, _, _ = _pixel_data(buffer, endianness)
    for fragments in pixel_data.fragmented_frames(number_of_frames, extended_offsets):
        yield tuple(bytes(fragment) for fragment in fragments)


def generate_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[Any, Any] | None = None,
    endianness: str = "<",
) -> Iterator[bytes]:
    """Yield each frame of the encapsulated value in ``buffer``, its fragments joined."""
    pixel_data, _, _ = _pixel_data(buffer, endianness)
    yield from pixel_data.frames(number_of_frames, extended_offsets)


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


def encapsulate(
    frames: Sequence[bytes], fragments_per_frame: int = 1, has_bot: bool = True
) -> bytes:
    """The encapsulated value of ``frames`` (PS3.5 §A.4): a Basic Offset Table item (with the
    offset of each frame when ``has_bot``, else empty), then each frame's fragments.

    Every item has an even length: the last fragment of a frame is padded with a NUL byte.
    Byte for byte what pydicom's ``encapsulate`` returns.
    """
    fragments: list[bytes] = []
    offsets: list[int] = []
    position = 0
    for frame in frames:
        offsets.append(position)
        for fragment in fragment_frame(frame, fragments_per_frame):
            fragments.append(fragment)
            position += ITEM_HEADER_SIZE + len(fragment)
    if has_bot and offsets and offsets[-1] > _MAX_OFFSET:
        raise ValueError(
            f"The last frame starts at byte {offsets[-1]} of the encapsulated frame data, past "
            f"the maximum allowed by the Basic Offset Table ({_MAX_OFFSET} bytes), it's "
            "recommended that you use the Extended Offset Table instead (see the "
            "'encapsulate_extended' function for more information)"
        )
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
