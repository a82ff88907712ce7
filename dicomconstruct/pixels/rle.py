"""RLE Lossless (PS3.5 Annex G) in pure Python: decoding and encoding one frame.

No numpy: frames are bytes in and bytes out. A decoded frame is in planar configuration 1 with
each sample little endian (what pydicom's RLE decoder gives); an encoded frame is the RLE
Header (``layouts.rle_header``) and its segments. Faults raise ``DicomError`` with the offset
in the frame and the segment.
"""

from __future__ import annotations

import functools
import re
import struct
from itertools import chain

from construct import Int32ul

from ..errors import DicomError
from . import layouts

__all__ = [
    "parse_header",
    "decode_segment",
    "decode_frame",
    "encode_row",
    "encode_segment",
    "encode_frame",
]

# layouts.rle_header as one struct call (16 UL, little endian); tests prove the two agree.
_HEADER = struct.Struct("<" + Int32ul.fmtstr.lstrip("<") * (1 + layouts.RLE_MAX_SEGMENTS))


def parse_header(
    frame: bytes | memoryview, *, offset: int = 0, path: str = "RLE frame"
) -> list[int]:
    """The segment offsets of the RLE Header at the start of ``frame`` (PS3.5 G.5): at most 15,
    ascending, the first 64, none past the end of the frame."""
    if len(frame) < layouts.RLE_HEADER_SIZE:
        raise DicomError(
            f"RLE header cut off: {len(frame)} of {layouts.RLE_HEADER_SIZE} bytes",
            offset,
            f"{path} / header",
        )
    count, *segment_offsets = _HEADER.unpack_from(frame, 0)
    if not 1 <= count <= layouts.RLE_MAX_SEGMENTS:
        raise DicomError(
            f"The RLE header specifies an invalid number of segments ({count}): PS3.5 G.5 "
            "allows 1 to 15",
            offset,
            f"{path} / header / number of segments",
        )
    offsets = segment_offsets[:count]
    previous = layouts.RLE_HEADER_SIZE - 1
    for index, value in enumerate(offsets):
        where = f"{path} / header / segment offset {index}"
        if index == 0 and value != layouts.RLE_HEADER_SIZE:
            raise DicomError(
                f"the first RLE segment offset is {value}, not 64 (PS3.5 G.5)", offset + 4, where
            )
        if value <= previous:
            raise DicomError(
                f"RLE segment offsets do not ascend: segment {index} at {value}, after {previous}",
                offset + 4 + 4 * index,
                where,
            )
        if value > len(frame):
            raise DicomError(
                f"RLE segment {index} starts at {value}, past the end of the {len(frame)}-byte "
                "frame",
                offset + 4 + 4 * index,
                where,
            )
        previous = value
    return offsets


@functools.cache
def _replicates() -> list[list[bytes]]:
    """Every replicate run's output, [header byte][value] (built once, on the first decode):
    header n of 129-255 repeats the value 257 - n times (PS3.5 G.3.2). A run is then one
    lookup rather than a slice and a repeat; rows 0-128 are empty (no replicate run)."""
    empty: list[bytes] = []
    return [
        [bytes((value,)) * (257 - n) for value in range(256)] if n > 128 else empty
        for n in range(256)
    ]


def _decode_runs(src: bytes) -> bytes:
    """The bytes of the runs of one segment (PS3.5 G.3.2), joined once at the end.

    A header byte n of 0-127 copies the next n + 1 bytes, 129-255 repeats the next byte
    257 - n times, 128 does nothing. A run is never trusted past the bytes that remain: a
    literal run cut off by the end of the segment gives the bytes that are there, and a
    replicate header without its byte gives nothing. The loop runs once per run (the headers
    read from a list: its indexing is the interpreter's fast path), replicate runs first as
    the commoner; its only exit is the IndexError of reading past the end, no per-run test."""
    pieces: list[bytes] = []
    headers = list(src)
    replicates = _replicates()
    pos = 0
    try:
        while True:
            n = headers[pos]
            if n > 128:
                pieces.append(replicates[n][headers[pos + 1]])
                pos += 2
            elif n < 128:
                pieces.append(src[pos + 1 : (pos := pos + n + 2)])
            else:
                pos += 1
    except IndexError:  # the end of the segment
        pass
    return b"".join(pieces)


def decode_segment(src: bytes | bytearray | memoryview) -> bytearray:
    """One RLE segment decoded (PS3.5 G.3.2); see ``_decode_runs``."""
    return bytearray(_decode_runs(bytes(src)))


def decode_frame(
    src: bytes | memoryview,
    rows: int,
    columns: int,
    samples_per_pixel: int,
    bits_allocated: int,
    segment_order: str = ">",
    *,
    offset: int = 0,
    path: str = "RLE frame",
    warn=None,
) -> bytearray:
    """An RLE frame decoded into planar configuration 1 bytes, each sample little endian.

    PS3.5 G.2: one segment per byte of each sample, most significant first (``segment_order``
    '<' reads non-conformant least-significant-first data). Each segment must hold at least
    Rows × Columns bytes; extra bytes are dropped (``warn`` is called with a message).
    """
    if bits_allocated % 8:
        raise NotImplementedError(
            f"Unable to decode RLE encoded pixel data with {bits_allocated} bits allocated"
        )
    if not isinstance(src, bytes):
        src = bytes(src)
    bytes_per_sample = bits_allocated // 8
    expected = samples_per_pixel * bytes_per_sample
    # PS3.5 G.2: one segment per byte of each sample
    count = _HEADER.unpack_from(src, 0)[0] if len(src) >= layouts.RLE_HEADER_SIZE else None
    if count is not None and count != expected:
        raise DicomError(
            "The number of RLE segments in the pixel data doesn't match the expected amount "
            f"({count} vs. {expected} segments)",
            offset,
            f"{path} / header / number of segments",
        )
    offsets = parse_header(src, offset=offset, path=path)
    ends = offsets[1:] + [len(src)]
    pixels = rows * columns
    stride = bytes_per_sample * pixels
    decoded = bytearray(stride * samples_per_pixel)
    for index, (start, stop) in enumerate(zip(offsets, ends, strict=True)):
        sample, byte = divmod(index, bytes_per_sample)
        segment = _decode_runs(src[start:stop])
        if len(segment) < pixels:
            raise DicomError(
                "The amount of decoded RLE segment data doesn't match the expected amount "
                f"({len(segment)} vs. {pixels} bytes)",
                offset + start,
                f"{path} / segment {index}",
            )
        if len(segment) != pixels and warn is not None:
            warn(
                "The decoded RLE segment contains non-conformant padding - "
                f"{len(segment)} vs. {pixels} bytes expected"
            )
        # the byte's place in a little-endian sample of planar configuration 1
        little = byte if segment_order == "<" else bytes_per_sample - 1 - byte
        first = sample * stride + little
        decoded[first : first + stride : bytes_per_sample] = memoryview(segment)[:pixels]
    return decoded


# ---------------------------------------------------------------------------------------------
# Encoding (PS3.5 G.3.1): each row on its own; byte for byte what pydicom's encoder writes
# (a repeat of 2 or more bytes is a replicate run, a lone byte after 128 of them a literal run
# of 1). A row is split in C into literal stretches and repeats; the runs of a row whose
# literal stretches are at most 128 bytes (the common case) are then looked up and joined in
# C, with no Python loop; other rows take the loop below, once per repeat.
_REPEATS = re.compile(rb"((.)\2+)", re.DOTALL)
_FULL_REPLICATES = [bytes((129, value)) for value in range(256)]  # 128 copies of a byte
# the header of a literal run of n bytes (n - 1), for n of 0 (no run) to 128
_LITERAL_HEADERS = [b""] + [bytes((size - 1,)) for size in range(1, 129)]


def _replicate_runs(value: int, count: int) -> bytes:
    """The runs of ``count`` (2 or more) copies of byte ``value``: replicate runs of 128, then
    one of the rest, or a literal run of 1 for a lone byte left over."""
    full, rest = divmod(count, 128)
    runs = _FULL_REPLICATES[value] * full
    if rest > 1:
        runs += bytes((257 - rest, value))
    elif rest == 1:
        runs += bytes((0, value))
    return runs


class _ReplicateRuns(dict):
    """A repeat's runs keyed by the repeat's bytes, filled on first use (repeats of at most
    128 bytes are kept: 256 × 127 keys at most)."""

    def __missing__(self, repeat: bytes) -> bytes:
        runs = _replicate_runs(repeat[0], len(repeat))
        if len(repeat) <= 128:
            self[repeat] = runs
        return runs


_REPLICATE_RUNS = _ReplicateRuns()


def _encode_row_into(row: bytes, out: bytearray) -> None:
    pieces = _REPEATS.split(row)  # literal, repeat, its byte, literal, ..., literal
    literals = pieces[0::3]
    try:
        # literal header, literal, repeat's runs, ... (zip stops before the last literal);
        # a literal stretch over 128 bytes is an IndexError before anything is written
        runs = b"".join(
            chain.from_iterable(
                zip(
                    map(_LITERAL_HEADERS.__getitem__, map(len, literals)),
                    literals,
                    map(_REPLICATE_RUNS.__getitem__, pieces[1::3]),
                )
            )
        )
        tail = _LITERAL_HEADERS[len(literals[-1])]
    except IndexError:
        pass
    else:
        out += runs
        out += tail
        out += literals[-1]
        return
    append = out.append
    last = len(pieces) - 1
    for i in range(0, len(pieces), 3):
        literal = pieces[i]
        for start in range(0, len(literal), 128):
            chunk = literal[start : start + 128]
            append(len(chunk) - 1)
            out += chunk
        if i < last:
            out += _replicate_runs(pieces[i + 2][0], len(pieces[i + 1]))


def encode_row(row: bytes) -> bytes:
    """One row as RLE runs (PS3.5 G.3.1)."""
    out = bytearray()
    _encode_row_into(bytes(row), out)
    return bytes(out)


def encode_segment(plane: bytes, columns: int) -> bytearray:
    """A byte segment (PS3.5 G.2) encoded row by row and padded to even length (G.3.1)."""
    out = bytearray()
    for start in range(0, len(plane), columns):
        _encode_row_into(plane[start : start + columns], out)
    if len(out) % 2:
        out.append(0)
    return out


def encode_frame(
    src: bytes | memoryview,
    rows: int,
    columns: int,
    samples_per_pixel: int,
    bits_allocated: int,
) -> bytes:
    """A frame (pixels interleaved, planar configuration 0, samples little endian) as RLE:
    the header, then a segment per byte of each sample, most significant first (G.2)."""
    bytes_allocated = (bits_allocated + 7) // 8
    count = bytes_allocated * samples_per_pixel
    if count > layouts.RLE_MAX_SEGMENTS:
        raise ValueError(
            "Unable to encode as the DICOM standard only allows a maximum of 15 segments in "
            "RLE encoded data"
        )
    src = bytes(src)
    segments = []
    for sample in range(samples_per_pixel):
        for byte in reversed(range(bytes_allocated)):
            plane = src[byte + bytes_allocated * sample :: count]
            segments.append(encode_segment(plane, columns))
    offsets, position = [], layouts.RLE_HEADER_SIZE
    for segment in segments:
        offsets.append(position)
        position += len(segment)
    header = layouts.rle_header.build(
        dict(
            number_of_segments=len(segments),
            segment_offsets=offsets + [0] * (layouts.RLE_MAX_SEGMENTS - len(offsets)),
        )
    )
    return header + b"".join(segments)
