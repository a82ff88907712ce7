# Copyright 2008-2024 pydicom authors. See LICENSE file for details.
"""Interface for *Pixel Data* encoding, not intended to be used directly."""

import math
from itertools import groupby
from struct import pack

from dicomconstruct.pixels import rle
from dicomconstruct.pixels.encoders.base import EncodeRunner
from dicomconstruct.uid import RLELossless

ENCODER_DEPENDENCIES = {RLELossless: ()}


def is_available(uid: str) -> bool:
    """Return ``True`` if a pixel data encoder for `uid` is available for use,
    ``False`` otherwise.
    """
    return True


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """Wrapper for use with the encoder interface.

    Parameters
    ----------
    src : bytes
        A single frame of little-endian ordered image data to be RLE encoded.
    runner : pydicom.pixels.encoders.base.EncodeRunner
        The runner managing the encoding process.

    Returns
    -------
    bytes
        An RLE encoded frame.
    """
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")

    bytes_allocated = math.ceil(runner.bits_allocated / 8)

    nr_segments = bytes_allocated * runner.samples_per_pixel
    if nr_segments > 15:
        raise ValueError(
            "Unable to encode as the DICOM standard only allows "
            "a maximum of 15 segments in RLE encoded data"
        )

    return rle.encode_frame(
        src, runner.rows, runner.columns, runner.samples_per_pixel, runner.bits_allocated
    )


def _encode_segment(src: bytes, columns: int) -> bytearray:
    """A byte segment (PS3.5 G.2) RLE encoded row by row, padded to even length."""
    return rle.encode_segment(bytes(src), columns)


def _encode_row(src: bytes) -> bytes:
    """One row as RLE runs (PS3.5 G.3.1), as pydicom's encoder writes them."""
    return rle.encode_row(bytes(src))
