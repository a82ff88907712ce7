# Copyright 2008-2024 pydicom authors. See LICENSE file for details.
"""The pure-Python RLE Lossless decoding plugin (named "pydicom", as pydicom's), over
``dicomconstruct.pixels.rle``.

This module is not intended to be used directly.
"""

from struct import unpack

from dicomconstruct.misc import warn_and_log
from dicomconstruct.pixels import rle
from dicomconstruct.pixels.decoders.base import DecodeRunner
from dicomconstruct.uid import RLELossless

DECODER_DEPENDENCIES = {RLELossless: ()}


def is_available(uid: str) -> bool:
    """Return ``True`` if a pixel data decoder for `uid` is available for use,
    ``False`` otherwise.
    """
    return uid in DECODER_DEPENDENCIES


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytearray:
    """Wrapper for use with the decoder interface.

    Parameters
    ----------
    src : bytes
        A single frame of RLE encoded data.
    runner : pydicom.pixels.decoders.base.DecodeRunner


        Required parameters:

        * `rows`: int
        * `columns`: int
        * `samples_per_pixel`: int
        * `bits_allocated`: int

        Optional parameters:

        * `rle_segment_order`: str, "<" for little endian segment order, or
          ">" for big endian (default)

    Returns
    -------
    bytearray
        The decoded frame, ordered as planar configuration 1.
    """
    frame = _rle_decode_frame(
        src,
        runner.rows,
        runner.columns,
        runner.samples_per_pixel,
        runner.bits_allocated,
        runner.get_option("rle_segment_order", ">"),
    )
    # Update the runner options to ensure the reshaping is correct
    # Only do this if we successfully decoded the frame
    runner.set_option("planar_configuration", 1)

    return frame


def _rle_decode_frame(
    src: bytes,
    rows: int,
    columns: int,
    nr_samples: int,
    nr_bits: int,
    segment_order: str = ">",
) -> bytearray:
    """Decode one RLE frame (PS3.5 Annex G) into planar configuration 1 bytes, each sample
    little endian: ``dicomconstruct.pixels.rle.decode_frame``."""
    return rle.decode_frame(
        src, rows, columns, nr_samples, nr_bits, segment_order, warn=warn_and_log
    )


def _rle_decode_segment(src: bytes) -> bytes:
    """One decoded RLE segment (PS3.5 G.3.2)."""
    return rle.decode_segment(src)


def _rle_parse_header(header: bytes) -> list[int]:
    """The segment offsets of an RLE header (PS3.5 G.5), as pydicom's (no checks against a
    frame: ``rle.parse_header`` checks them)."""
    if len(header) != 64:
        raise ValueError("The RLE header can only be 64 bytes long")
    nr_segments = unpack("<L", header[:4])[0]
    if nr_segments > 15:
        raise ValueError(f"The RLE header specifies an invalid number of segments ({nr_segments})")
    return list(unpack(f"<{nr_segments}L", header[4 : 4 * (nr_segments + 1)]))
