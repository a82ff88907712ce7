"""Coverage-guided fuzzing of what is inside Pixel Data: the RLE header and segments
(PS3.5 Annex G) and the JPEG / JPEG 2000 headers ``inspect_pixels`` reads. Whatever the bytes,
only a ``DicomError`` may come out of RLE decoding, and inspection never raises.

    python fuzz/fuzz_pixels.py fuzz/corpus_pixels/ -max_total_time=60      # see fuzz/README.md

The first input byte chooses the target; the next ones the geometry (rows, columns, samples,
bits allocated); the rest is the frame. No codec is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # a source checkout

with atheris.instrument_imports():
    from dicomconstruct.errors import DicomError
    from dicomconstruct.pixels import inspect as pixel_inspect
    from dicomconstruct.pixels import rle

SYNTAXES = ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90")


def one_input(data: bytes) -> None:
    if len(data) < 5:
        return
    target, rows, columns, samples, bits = (
        data[0] % 4,
        data[1] % 16 + 1,
        data[2] % 16 + 1,
        (1, 3)[data[3] % 2],
        (8, 16, 32)[data[4] % 3],
    )
    frame = data[5:]
    geometry = dict(
        rows=rows,
        columns=columns,
        samples=samples,
        bits_allocated=bits,
        bits_stored=bits - (data[4] % 5),
        pixel_representation=data[3] % 2,
        frames=1,
        photometric="MONOCHROME2",
    )
    if target == 0:
        try:
            rle.decode_frame(frame, rows, columns, samples, bits)
        except DicomError:
            pass
    elif target == 1:
        rle.decode_segment(frame)
    else:
        report = pixel_inspect._Report()
        syntax = SYNTAXES[data[1] % 3]
        if syntax.endswith(".90"):
            pixel_inspect._inspect_j2k(0, 0, frame, syntax, geometry, report)
        else:
            pixel_inspect._inspect_jpeg(0, 0, frame, syntax, geometry, report)
        pixel_inspect._inspect_rle(0, 0, frame, geometry, report)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
