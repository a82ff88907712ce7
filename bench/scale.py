"""Benchmark (g): one operation on a huge multi-frame file, in a fresh interpreter.

``python bench/scale.py make PATH MEGABYTES`` writes the file; ``python bench/scale.py run
LIBRARY OPERATION PATH`` times one operation and prints one JSON line: the seconds it took and
the peak resident memory it added to the interpreter's (imports done). Resident memory counts
the pages of a memory-mapped file that were touched, so a read that never looks at the pixel
data shows it. bench/run.py runs each operation in its own process, so that one's peak is not
hidden by another's.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FRAME = 512 * 512 * 2  # bytes of one 512x512 16-bit frame
CHUNK = 1 << 20  # pixel data is written 1 MiB at a time: the generator's memory stays flat


def make(path: Path, megabytes: int) -> None:
    """A Multi-frame Grayscale Word Secondary Capture image (PS3.3 §A.8.5) of ``megabytes``
    MiB of pixel data in explicit VR little endian: dicomconstruct writes the data set up to
    Pixel Data, the layouts build Pixel Data's header, and its value is streamed in."""
    from dicomconstruct import Dataset, FileMetaDataset, dcmwrite, layouts
    from dicomconstruct.uid import generate_uid

    frames = megabytes * (1 << 20) // FRAME
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.PatientName = "Scale^Benchmark"
    ds.PatientID = "BENCH-G"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames
    ds.Rows = ds.Columns = 512
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    head = io.BytesIO()
    dcmwrite(head, ds, enforce_file_format=True)
    length = frames * FRAME
    pixel_header = layouts.element_header(True, True).build(
        {"group": 0x7FE0, "element": 0x0010, "VR": b"OW", "length": length}
    )
    chunk = bytes(range(256)) * (CHUNK // 256)
    with open(path, "wb") as file:
        file.write(head.getvalue())
        file.write(pixel_header)
        for start in range(0, length, CHUNK):
            file.write(chunk[: min(CHUNK, length - start)])


def operations(library: str):
    """What each operation does with one library's API (the same code for both)."""
    if library == "dicomconstruct":
        from dicomconstruct import dcmread
    else:
        from pydicom import dcmread

    def write_back(path: str) -> None:
        ds = dcmread(path, defer_size="1 MB")
        ds.PatientName = "Written^Back"
        ds.save_as(path + f".{library}.out")
        Path(path + f".{library}.out").unlink()

    if library == "dicomconstruct":
        from dicomconstruct.inspect import inspect_file

        # issue 5's scale: the tolerant walk of every token, large values skipped, not read
        extra = {"inspect": lambda path: inspect_file(path).lines()}
    else:
        extra = {}  # pydicom has no inspection mode
    return extra | {
        # the header alone: the reference time for the others
        "stop_before_pixels": lambda path: dcmread(path, stop_before_pixels=True),
        "specific_tags": lambda path: dcmread(path, specific_tags=["PatientName"]).PatientName,
        "defer_size": lambda path: dcmread(path, defer_size="1 MB"),
        # a plain read: the pixel data in memory once (issue 12's target: <= 1.1x the file)
        "full": lambda path: len(dcmread(path).PixelData),
        "write_back": write_back,
    }


def resident() -> tuple[int, int]:
    """(resident memory now, its peak), in bytes, from /proc/self/status (Linux)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024  # kB
    return fields["VmRSS"], fields["VmHWM"]


def run(library: str, operation: str, path: str) -> None:
    operate = operations(library)[operation]
    try:  # Linux >= 4.0: the peak starts again from the memory resident now
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # the peak so far (imports included) stays: an overestimate
        pass
    baseline = resident()[0]
    start = time.perf_counter()
    operate(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_added": resident()[1] - baseline}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"]:
        make(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["run"]:
        run(*sys.argv[2:5])
    else:
        sys.exit(__doc__)
