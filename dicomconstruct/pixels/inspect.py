"""Inspection of what is inside Pixel Data, in pure Python and without a codec.

``inspect_pixels(ds_or_path)`` lists each problem with its frame, byte offset (within the
Pixel Data value), kind, severity and message: native lengths and stored values (PS3.5 §8.1.1,
PS3.3 C.7.6.3.1), offset tables (PS3.5 §A.4), RLE headers (PS3.5 Annex G), JPEG and JPEG-LS
frame and scan headers (ITU T.81 B.2, T.87 C.2) and JPEG 2000 SIZ/COD (ITU T.800 A.5, A.6),
read through the structs of ``layouts.py``.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from typing import Any

from construct import ConstructError

from .. import encaps, uid
from ..errors import DicomError
from . import layouts

__all__ = ["PixelProblem", "inspect_pixels"]

ERROR, WARNING = "error", "warning"

_JPEG = {uid.JPEGBaseline8Bit, uid.JPEGExtended12Bit, uid.JPEGLossless, uid.JPEGLosslessSV1}
_JPEG_LS = {uid.JPEGLSLossless, uid.JPEGLSNearLossless}
_J2K = {uid.JPEG2000Lossless, uid.JPEG2000, "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202"}
_J2K_LOSSLESS = {uid.JPEG2000Lossless, "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202"}


@dataclass(frozen=True)
class PixelProblem:
    """One problem: the frame (None for the whole value), the byte offset within the Pixel
    Data value (or within the frame's first fragment when ``in_frame``), kind and message."""

    frame: int | None
    offset: int
    kind: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return dict(
            frame=self.frame,
            offset=self.offset,
            kind=self.kind,
            severity=self.severity,
            message=self.message,
        )


class _Report:
    def __init__(self) -> None:
        self.problems: list[PixelProblem] = []

    def add(self, frame, offset, kind, message, severity=ERROR) -> None:
        self.problems.append(PixelProblem(frame, offset, kind, severity, message))


def _int(ds, keyword, default=None):
    value = ds.get(keyword, default)
    try:
        return int(value) if value is not None and value != "" else default
    except (TypeError, ValueError):
        return default


def inspect_pixels(ds_or_path: Any) -> list[PixelProblem]:
    """The problems found in the pixel data of a dataset, of the file at a path, or of a
    file's bytes (or a binary file-like)."""
    from ..dataset import Dataset

    if isinstance(ds_or_path, (bytes, bytearray)):
        import io

        ds_or_path = io.BytesIO(ds_or_path)
    if isinstance(ds_or_path, (str, os.PathLike)) or hasattr(ds_or_path, "read"):
        from ..filereader import dcmread

        try:
            ds = dcmread(ds_or_path, force=True)
        except DicomError as exc:
            return [PixelProblem(None, exc.offset or 0, "unreadable", ERROR, str(exc))]
    elif isinstance(ds_or_path, Dataset):
        ds = ds_or_path
    else:
        raise TypeError(f"expected a Dataset or a path, not {type(ds_or_path).__name__}")
    report = _Report()
    if "PixelData" not in ds:
        return report.problems
    meta = getattr(ds, "file_meta", None)
    tsyntax = uid.UID(
        str(meta.get("TransferSyntaxUID", uid.ExplicitVRLittleEndian))
        if meta
        else uid.ExplicitVRLittleEndian
    )
    geometry = dict(
        rows=_int(ds, "Rows", 0),
        columns=_int(ds, "Columns", 0),
        samples=_int(ds, "SamplesPerPixel", 1),
        bits_allocated=_int(ds, "BitsAllocated", 0),
        bits_stored=_int(ds, "BitsStored"),
        pixel_representation=_int(ds, "PixelRepresentation", 0),
        frames=_int(ds, "NumberOfFrames", 1) or 1,
        photometric=str(ds.get("PhotometricInterpretation", "")),
    )
    if not (geometry["rows"] and geometry["columns"] and geometry["bits_allocated"]):
        return report.problems  # no Image Pixel geometry to check against
    value = ds.PixelData
    if tsyntax.is_encapsulated:
        _inspect_encapsulated(ds, value, tsyntax, geometry, report)
    else:
        _inspect_native(value, geometry, ds.is_little_endian, report)
    return report.problems


# ---------------------------------------------------------------------------------------------
# Native (PS3.5 §8.1.1): the value holds Rows × Columns × Samples × Bits Allocated bits per
# frame, padded to even length; each stored value fits in Bits Stored.
def _inspect_native(value: bytes, g: dict, little_endian: bool, report: _Report) -> None:
    samples = g["samples"]
    if g["photometric"] == "YBR_FULL_422":
        samples = 2  # PS3.3 C.7.6.3.1.2: two chroma samples shared by each pair of pixels
    bits = g["rows"] * g["columns"] * samples * g["bits_allocated"] * g["frames"]
    expected = (bits + 7) // 8
    padded = expected + expected % 2
    if len(value) < expected:
        report.add(
            None,
            0,
            "native-length-short",
            f"Pixel Data holds {len(value)} bytes, fewer than the {expected} that Rows × "
            f"Columns × Samples per Pixel × Bits Allocated × Number of Frames need",
        )
    elif len(value) > padded:
        report.add(
            None,
            0,
            "native-length-long",
            f"Pixel Data holds {len(value)} bytes, more than the {padded} that Rows × Columns "
            f"× Samples per Pixel × Bits Allocated × Number of Frames need",
            WARNING,
        )
    _check_stored_bits(value[:expected], g, little_endian, report)


def _check_stored_bits(value: bytes, g: dict, little_endian: bool, report: _Report) -> None:
    """PS3.3 C.7.6.3.1: bits above High Bit are unused; a stored value that sets them does not
    fit Bits Stored (for signed data they must repeat the sign bit, as most writers do)."""
    allocated, stored = g["bits_allocated"], g["bits_stored"]
    if stored is None or allocated not in (8, 16, 32) or stored >= allocated:
        return
    size = allocated // 8
    code = {1: "B", 2: "H", 4: "I"}[size]
    count = len(value) // size
    values = struct.unpack(f"{'<' if little_endian else '>'}{count}{code}", value[: count * size])
    high = ((1 << allocated) - 1) ^ ((1 << stored) - 1)
    sign = 1 << (stored - 1)
    frame_values = max(1, g["rows"] * g["columns"] * g["samples"])
    for index, v in enumerate(values):
        upper = v & high
        if not upper:
            continue
        if g["pixel_representation"] and v & sign and upper == high:
            continue  # sign-extended negative value
        report.add(
            index // frame_values,
            index * size,
            "stored-value-exceeds-bits-stored",
            f"stored value {v:#x} at sample {index} sets bits above Bits Stored ({stored})",
        )
        return  # the first is enough to say it


# ---------------------------------------------------------------------------------------------
def _inspect_encapsulated(ds, value: bytes, tsyntax, g: dict, report: _Report) -> None:
    try:
        pixel_data = encaps.read_encapsulated(value)
    except DicomError as exc:
        if "Basic Offset Table offset" in exc.message and "fragment item" in exc.message:
            report.add(None, exc.offset or 0, "offset-table-not-at-fragment", exc.message)
        else:
            report.add(None, exc.offset or 0, "encapsulation", exc.message)
        return
    table = pixel_data.offset_table
    starts = {o - pixel_data.first_fragment_offset for o in pixel_data.fragment_offsets}
    for i, offset in enumerate(table):
        if offset not in starts:
            report.add(
                None,
                8 + 4 * i,
                "offset-table-not-at-fragment",
                f"Basic Offset Table offset {i} ({offset}) is not the start of a fragment item",
            )
    if table and len(table) < g["frames"]:
        report.add(
            None,
            8,
            "offset-table-too-few",
            f"the Basic Offset Table has {len(table)} entries for {g['frames']} frames",
        )
    extended = ds.get("ExtendedOffsetTable")
    if extended is not None:
        raw = bytes(extended)
        offsets = [v for (v,) in struct.iter_unpack("<Q", raw[: len(raw) // 8 * 8])]
        for i, offset in enumerate(offsets):
            if offset not in starts:
                report.add(
                    i,
                    8 * i,
                    "offset-table-not-at-fragment",
                    f"Extended Offset Table offset {i} ({offset}) is not the start of a "
                    "fragment item",
                )
        if len(offsets) < g["frames"]:
            report.add(
                None,
                0,
                "offset-table-too-few",
                f"the Extended Offset Table has {len(offsets)} entries for {g['frames']} frames",
            )
    frames = _frames(pixel_data, g["frames"], report)
    for index, (item_offset, frame) in enumerate(frames):
        at = item_offset + encaps.ITEM_HEADER_SIZE
        if tsyntax == uid.RLELossless:
            _inspect_rle(index, at, frame, g, report)
        elif tsyntax in _JPEG or tsyntax in _JPEG_LS:
            _inspect_jpeg(index, at, frame, tsyntax, g, report)
        elif tsyntax in _J2K:
            _inspect_j2k(index, at, frame, tsyntax, g, report)


def _frames(pixel_data, count: int, report: _Report) -> list[tuple[int, bytes]]:
    """(offset of the frame's first fragment item, its first fragment) for each frame: the
    header checks need only the start of a frame."""
    offsets = pixel_data.fragment_offsets
    fragments = pixel_data.fragments
    if not fragments:
        return []
    table = pixel_data.offset_table
    if table:
        first = pixel_data.first_fragment_offset
        index_at = {o - first: i for i, o in enumerate(offsets)}
        indices = [index_at[o] for o in table if o in index_at]
    elif len(fragments) == count or count <= 1:
        indices = list(range(len(fragments))) if count > 1 else [0]
    else:
        # frames found where a fragment starts with SOI / SOC, else one frame per fragment
        indices = [i for i, f in enumerate(fragments) if bytes(f[:2]) in (b"\xff\xd8", b"\xff\x4f")]
        indices = indices or [0]
    return [(offsets[i], bytes(fragments[i])) for i in indices]


def _inspect_rle(index: int, at: int, frame: bytes, g: dict, report: _Report) -> None:
    from . import rle

    if len(frame) < layouts.RLE_HEADER_SIZE:
        report.add(index, at, "rle-header", "the frame is shorter than the 64-byte RLE header")
        return
    header = layouts.rle_header.parse(frame[: layouts.RLE_HEADER_SIZE])
    expected = g["samples"] * max(1, g["bits_allocated"] // 8)
    if header.number_of_segments != expected:
        report.add(
            index,
            at,
            "rle-segment-count",
            f"the RLE header declares {header.number_of_segments} segments; Samples per Pixel "
            f"× bytes per sample is {expected}",
        )
    try:
        rle.parse_header(frame, offset=at, path=f"frame {index}")
    except DicomError as exc:
        if "number of segments" not in exc.message:
            report.add(index, exc.offset or at, "rle-segment-offsets", exc.message)


def _segments(frame: bytes, at: int, index: int, report: _Report):
    """Each JPEG marker segment before the first scan's data: (marker, offset, parameters)."""
    if frame[:2] != b"\xff\xd8":
        report.add(index, at, "jpeg-no-soi", "the frame does not start with a JPEG SOI marker")
        return
    pos = 2
    while pos + 4 <= len(frame):
        if frame[pos] != 0xFF:
            report.add(index, at + pos, "jpeg-marker", f"expected a marker at byte {pos}")
            return
        marker = frame[pos + 1]
        if marker == 0xFF:  # fill byte (T.81 B.1.1.2)
            pos += 1
            continue
        if marker in layouts.STANDALONE:
            pos += 2
            continue
        (length,) = struct.unpack_from(">H", frame, pos + 2)
        yield marker, pos, frame[pos + 2 : pos + 2 + length]
        if marker == layouts.SOS:
            return
        pos += 2 + length


def _inspect_jpeg(index, at, frame, tsyntax, g, report) -> None:
    sof = None
    for marker, pos, params in _segments(frame, at, index, report):
        try:
            if marker in layouts.SOF_MARKERS:
                sof = marker
                header = layouts.start_of_frame.parse(params)
                _geometry(
                    index,
                    at + pos,
                    header.rows,
                    header.columns,
                    header.components,
                    g,
                    report,
                    "SOF",
                )
                _precision(
                    index,
                    at + pos,
                    header.precision,
                    g,
                    report,
                    "SOF",
                    marker == 0xF7 or marker in (0xC3, 0xC7, 0xCB, 0xCF),
                )
            elif marker == layouts.SOS:
                scan = layouts.start_of_scan.parse(params)
                if tsyntax in _JPEG_LS:
                    near = scan.spectral_start
                    if tsyntax == uid.JPEGLSLossless and near != 0:
                        report.add(
                            index,
                            at + pos,
                            "jpegls-near-lossless",
                            f"JPEG-LS NEAR is {near} under JPEG-LS Lossless (must be 0)",
                        )
                    if scan.spectral_end > 2:
                        report.add(
                            index,
                            at + pos,
                            "jpegls-ilv",
                            f"JPEG-LS ILV {scan.spectral_end} is not 0, 1 or 2",
                        )
                elif sof in layouts.SEQUENTIAL_DCT and (scan.spectral_start, scan.spectral_end) != (
                    0,
                    63,
                ):
                    report.add(
                        index,
                        at + pos,
                        "jpeg-spectral-selection",
                        f"sequential DCT scan with Ss={scan.spectral_start}, Se={scan.spectral_end} "
                        "(T.81 B.2.3 requires 0 and 63); many decoders refuse it",
                    )
        except (ConstructError, struct.error) as exc:
            report.add(
                index, at + pos, "jpeg-marker", f"unreadable marker segment FF{marker:02X}: {exc}"
            )
            return


def _geometry(index, offset, rows, columns, components, g, report, where) -> None:
    if (rows, columns, components) != (g["rows"], g["columns"], g["samples"]):
        report.add(
            index,
            offset,
            "codestream-geometry",
            f"{where} says {rows} rows × {columns} columns × {components} components; the data "
            f"set says Rows {g['rows']}, Columns {g['columns']}, Samples per Pixel {g['samples']}",
        )


def _precision(index, offset, precision, g, report, where, lossless) -> None:
    stored = g["bits_stored"]
    if stored is None:
        return
    # T.81 lossy processes code 8 or 12 bits: Bits Stored may be lower
    if precision < stored or (lossless and precision != stored):
        report.add(
            index,
            offset,
            "codestream-precision",
            f"{where} precision is {precision} bits; Bits Stored is {stored}",
            ERROR if precision < stored else WARNING,
        )


def _inspect_j2k(index, at, frame, tsyntax, g, report) -> None:
    start = 0
    if frame.startswith(layouts.JP2_SIGNATURE):
        report.add(
            index,
            at,
            "j2k-jp2-wrapper",
            "the frame is a JP2 file; PS3.5 A.4.4 requires a bare JPEG 2000 codestream",
        )
        start = frame.find(b"\xff\x4f\xff\x51")
        if start < 0:
            return
    if frame[start : start + 2] != b"\xff\x4f":
        report.add(
            index, at + start, "j2k-no-soc", "the frame does not start with a J2K SOC marker"
        )
        return
    pos = start + 2
    while pos + 4 <= len(frame) and frame[pos] == 0xFF:
        marker = frame[pos + 1]
        (length,) = struct.unpack_from(">H", frame, pos + 2)
        params = frame[pos + 2 : pos + 2 + length]
        try:
            if marker == layouts.J2K_SIZ:
                siz = layouts.image_and_tile_size.parse(params)
                width = siz.width - siz.image_x_offset
                height = siz.height - siz.image_y_offset
                _geometry(index, at + pos, height, width, siz.components, g, report, "SIZ")
                if siz.component:
                    ssiz = siz.component[0].ssiz
                    _precision(
                        index,
                        at + pos,
                        (ssiz & 0x7F) + 1,
                        g,
                        report,
                        "SIZ",
                        tsyntax in _J2K_LOSSLESS,
                    )
                    signed = bool(ssiz & 0x80)
                    if signed != bool(g["pixel_representation"]):
                        report.add(
                            index,
                            at + pos,
                            "j2k-signedness",
                            f"SIZ says {'signed' if signed else 'unsigned'} samples; Pixel "
                            f"Representation is {g['pixel_representation']}",
                        )
            elif marker == layouts.J2K_COD:
                cod = layouts.coding_style_default.parse(params)
                if tsyntax in _J2K_LOSSLESS and cod.transformation == "irreversible_9_7":
                    report.add(
                        index,
                        at + pos,
                        "j2k-irreversible-under-lossless",
                        "COD selects the irreversible 9-7 wavelet under a lossless transfer syntax",
                    )
            elif marker == layouts.J2K_SOT:
                return
        except (ConstructError, struct.error) as exc:
            report.add(
                index, at + pos, "j2k-marker", f"unreadable marker segment FF{marker:02X}: {exc}"
            )
            return
        pos += 2 + length
