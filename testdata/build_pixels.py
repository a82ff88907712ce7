"""Builds the catalogue of pixel data faults (testdata/malformed/pixels/*.dcm and expected.json):
one file per problem ``dicomconstruct.pixels.inspect_pixels`` finds (issue 14 item 6).

Follows PS3.5 §8.1.1 and §A.4 (native and encapsulated Pixel Data), Annex G (RLE), ITU T.81 /
T.87 (JPEG, JPEG-LS headers) and T.800 (JPEG 2000 SIZ and COD).
"""

# Run ``python testdata/build_pixels.py [OUTPUT_DIR]``; the output is deterministic. The files
# carry codestream *headers* only (SOI, SOF, SOS / SOC, SIZ, COD, then EOI / EOC): inspection
# reads no entropy-coded data, and no codec is needed to build them. Element, meta and
# encapsulation bytes come from testdata/build.py's helpers (its layouts' ``.build()``);
# each header field that is wrong on purpose says so.

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

from construct import Container

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # run from a source checkout without installing
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import build  # noqa: E402 - testdata/build.py's element helpers

from dicomconstruct.pixels import layouts  # noqa: E402

OUT = HERE / "malformed" / "pixels"
SC_IMAGE = build.SC_IMAGE
EXPLICIT_LE = build.EXPLICIT_LE
RLE = "1.2.840.10008.1.2.5"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
JPEG_EXTENDED = "1.2.840.10008.1.2.4.51"
JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80"
J2K_LOSSLESS = "1.2.840.10008.1.2.4.90"

FILES: dict = {}


def catalogue(name: str, description: str):
    def register(function):
        FILES[name] = (function, description)
        return function

    return register


def image(
    rows: int,
    columns: int,
    bits_allocated: int,
    bits_stored: int,
    pixel: bytes,
    *,
    samples: int = 1,
    frames: int = 1,
    signed: int = 0,
    extra: bytes = b"",
) -> bytes:
    """An SC data set: SOP, the Image Pixel module (PS3.3 C.7.6.3) and ``pixel`` (a whole
    Pixel Data element, native or encapsulated)."""
    e = build.element
    return b"".join(
        [
            e(0x00080016, "UI", SC_IMAGE),
            e(0x00080018, "UI", build.uid(900)),
            e(0x00280002, "US", samples),
            e(0x00280004, "CS", "MONOCHROME2" if samples == 1 else "RGB"),
            e(0x00280006, "US", 0) if samples > 1 else b"",
            e(0x00280008, "IS", str(frames)) if frames > 1 else b"",
            e(0x00280010, "US", rows),
            e(0x00280011, "US", columns),
            e(0x00280100, "US", bits_allocated),
            e(0x00280101, "US", bits_stored),
            e(0x00280102, "US", bits_stored - 1),
            e(0x00280103, "US", signed),
            extra,
            pixel,
        ]
    )


def part10(syntax: str, data_set: bytes) -> bytes:
    return build.part10(syntax, SC_IMAGE, build.uid(900), data_set)


def native(value: bytes) -> bytes:
    return build.element(0x7FE00010, "OW", value)


# -- codestream headers --------------------------------------------------------------------
def segment(marker: int, params: bytes) -> bytes:
    """A marker segment (T.81 B.1.1.4); ``params`` begin with the 16-bit length field."""
    return b"\xff" + bytes((marker,)) + params


def jpeg(
    rows: int,
    columns: int,
    components: int = 1,
    precision: int = 8,
    sof: int = 0xC0,
    ss: int = 0,
    se: int = 63,
) -> bytes:
    """SOI, SOF (T.81 Table B.2), SOS (Table B.3), EOI: a header-only JPEG frame."""
    frame = layouts.start_of_frame.build(
        Container(
            length=8 + 3 * components,
            precision=precision,
            rows=rows,
            columns=columns,
            components=components,
            component=[
                Container(
                    component_id=i + 1,
                    horizontal_sampling=1,
                    vertical_sampling=1,
                    quantization_table=0,
                )
                for i in range(components)
            ],
        )
    )
    scan = layouts.start_of_scan.build(
        Container(
            length=6 + 2 * components,
            components=components,
            component=[
                Container(component_selector=i + 1, dc_table=0, ac_table=0)
                for i in range(components)
            ],
            spectral_start=ss,
            spectral_end=se,
            approximation=Container(high=0, low=0),
        )
    )
    return b"\xff\xd8" + segment(sof, frame) + segment(0xDA, scan) + b"\x00\x00\xff\xd9"


def j2k(
    rows: int,
    columns: int,
    components: int = 1,
    precision: int = 8,
    signed: bool = False,
    reversible: bool = True,
    jp2: bool = False,
) -> bytes:
    """SOC, SIZ (T.800 Table A.9), COD (Table A.12), EOC: a header-only J2K codestream."""
    siz = layouts.image_and_tile_size.build(
        Container(
            length=38 + 3 * components,
            capabilities=0,
            width=columns,
            height=rows,
            image_x_offset=0,
            image_y_offset=0,
            tile_width=columns,
            tile_height=rows,
            tile_x_offset=0,
            tile_y_offset=0,
            components=components,
            component=[
                Container(ssiz=(0x80 if signed else 0) | (precision - 1), xrsiz=1, yrsiz=1)
                for _ in range(components)
            ],
        )
    )
    cod = layouts.coding_style_default.build(
        Container(
            length=12,
            coding_style=0,
            progression_order="LRCP",
            layers=1,
            multiple_component_transform=0,
            decomposition_levels=5,
            code_block_width=4,
            code_block_height=4,
            code_block_style=0,
            transformation="reversible_5_3" if reversible else "irreversible_9_7",
        )
    )
    stream = b"\xff\x4f" + segment(0x51, siz) + segment(0x52, cod) + b"\xff\xd9"
    if jp2:
        # T.800 I.5: signature box, then a contiguous codestream box holding the stream
        box = struct.pack(">I", 8 + len(stream)) + b"jp2c" + stream
        stream = layouts.JP2_SIGNATURE + box
    return stream + b"\x00" * (len(stream) % 2)


def rle_frame(offsets: list[int], count: int | None = None, size: int = 128) -> bytes:
    """An RLE header (PS3.5 G.5, ``layouts.rle_header``) and ``size`` bytes of segments."""
    header = layouts.rle_header.build(
        Container(
            number_of_segments=len(offsets) if count is None else count,
            segment_offsets=offsets + [0] * (15 - len(offsets)),
        )
    )
    # each segment a replicate run of 128 zeros (header byte 129): valid content
    return header + b"\x81\x00" * (size // 2)


def expected(*items: tuple[str, int | None]) -> list[dict]:
    return [dict(kind=kind, frame=frame) for kind, frame in items]


# -- native --------------------------------------------------------------------------------
@catalogue("native_short.dcm", "native Pixel Data 30 bytes short of 4 × 4 × 16 bits")
def native_short():
    return part10(EXPLICIT_LE, image(4, 4, 16, 12, native(bytes(2)))), expected(
        ("native-length-short", None)
    )


@catalogue("native_long.dcm", "native Pixel Data 16 bytes longer than 4 × 4 × 8 bits")
def native_long():
    return part10(EXPLICIT_LE, image(4, 4, 8, 8, native(bytes(32)))), expected(
        ("native-length-long", None)
    )


@catalogue("stored_bits_exceeded.dcm", "a 16-bit sample sets bit 13 with Bits Stored 12")
def stored_bits_exceeded():
    values = [0] * 15 + [0x2000]  # bit 13 lies above Bits Stored on purpose
    return part10(EXPLICIT_LE, image(4, 4, 16, 12, native(struct.pack("<16H", *values)))), expected(
        ("stored-value-exceeds-bits-stored", 0)
    )


# -- offset tables and RLE ------------------------------------------------------------------
def rle_data_set(frames: list[bytes], offsets: bytes = b"", *, count: int = 1) -> bytes:
    return image(8, 16, 8, 8, build.encapsulated_pixel_data(frames, offsets), frames=count)


@catalogue("bot_not_fragment.dcm", "Basic Offset Table entry 1 points inside frame 0")
def bot_not_fragment():
    frame = rle_frame([64])
    offsets = struct.pack("<2I", 0, 10)  # 10 is not an item start, on purpose
    return part10(RLE, rle_data_set([frame, frame], offsets, count=2)), expected(
        ("offset-table-not-at-fragment", None)
    )


@catalogue("bot_too_few.dcm", "Basic Offset Table with 1 entry for 2 frames")
def bot_too_few():
    frame = rle_frame([64])
    return part10(RLE, rle_data_set([frame, frame], struct.pack("<I", 0), count=2)), expected(
        ("offset-table-too-few", None)
    )


@catalogue("rle_offsets_descending.dcm", "RLE segment offsets 64, 40, 100 (not ascending)")
def rle_offsets_descending():
    frame = rle_frame([64, 40, 100])  # 40 after 64, on purpose
    data = image(8, 16, 8, 8, build.encapsulated_pixel_data([frame]), samples=3)
    return part10(RLE, data), expected(("rle-segment-offsets", 0))


@catalogue("rle_offset_past_fragment.dcm", "RLE segment 1 starts past the end of its fragment")
def rle_offset_past_fragment():
    frame = rle_frame([64, 100, 9000])  # 9000 > the fragment's 192 bytes, on purpose
    return part10(RLE, image(8, 16, 8, 8, build.encapsulated_pixel_data([frame]), samples=3)), (
        expected(("rle-segment-offsets", 0))
    )


@catalogue("rle_segment_count.dcm", "RLE header with 2 segments for 8-bit, 1-sample data")
def rle_segment_count():
    frame = rle_frame([64, 128])  # 2 segments where Samples × bytes per sample is 1
    return part10(RLE, rle_data_set([frame])), expected(("rle-segment-count", 0))


# -- JPEG and JPEG-LS -----------------------------------------------------------------------
def jpeg_file(syntax: str, frame: bytes, *, bits: int = 8, stored: int = 8, rows=16, columns=16):
    pixel = build.encapsulated_pixel_data([frame + b"\x00" * (len(frame) % 2)])
    return part10(syntax, image(rows, columns, bits, stored, pixel))


@catalogue("jpeg_sof_geometry.dcm", "JPEG SOF says 32 rows; Rows is 16")
def jpeg_sof_geometry():
    return jpeg_file(JPEG_BASELINE, jpeg(32, 16)), expected(("codestream-geometry", 0))


@catalogue("jpeg_sof_precision.dcm", "JPEG Extended SOF precision 8 with Bits Stored 12")
def jpeg_sof_precision():
    frame = jpeg(16, 16, precision=8, sof=0xC1)
    return jpeg_file(JPEG_EXTENDED, frame, bits=16, stored=12), expected(
        ("codestream-precision", 0)
    )


@catalogue("jpeg_spectral_selection.dcm", "JPEG Extended scan with Ss=0, Se=0 (sequential)")
def jpeg_spectral_selection():
    frame = jpeg(16, 16, precision=12, sof=0xC1, se=0)  # Se must be 63 for sequential DCT
    return jpeg_file(JPEG_EXTENDED, frame, bits=16, stored=12), expected(
        ("jpeg-spectral-selection", 0)
    )


@catalogue("jpegls_near_lossless.dcm", "JPEG-LS NEAR=2 under the JPEG-LS Lossless syntax")
def jpegls_near_lossless():
    frame = jpeg(16, 16, sof=0xF7, ss=2, se=0)  # Ss is NEAR in T.87: must be 0 here
    return jpeg_file(JPEG_LS_LOSSLESS, frame), expected(("jpegls-near-lossless", 0))


# -- JPEG 2000 ------------------------------------------------------------------------------
def j2k_file(stream: bytes, *, signed: int = 0, bits: int = 8, stored: int = 8):
    pixel = build.encapsulated_pixel_data([stream])
    return part10(J2K_LOSSLESS, image(16, 16, bits, stored, pixel, signed=signed))


@catalogue("j2k_siz_geometry.dcm", "J2K SIZ says 16 × 8; Rows × Columns is 16 × 16")
def j2k_siz_geometry():
    return j2k_file(j2k(16, 8)), expected(("codestream-geometry", 0))


@catalogue("j2k_signedness.dcm", "J2K SIZ unsigned samples with Pixel Representation 1")
def j2k_signedness():
    return j2k_file(j2k(16, 16), signed=1), expected(("j2k-signedness", 0))


@catalogue("j2k_irreversible.dcm", "J2K COD 9-7 irreversible wavelet under JPEG 2000 Lossless")
def j2k_irreversible():
    return j2k_file(j2k(16, 16, reversible=False)), expected(("j2k-irreversible-under-lossless", 0))


@catalogue("j2k_jp2_wrapper.dcm", "a JP2 file where PS3.5 A.4.4 wants a bare codestream")
def j2k_jp2_wrapper():
    return j2k_file(j2k(16, 16, jp2=True)), expected(("j2k-jp2-wrapper", 0))


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest, descriptions = {}, {}
    for name, (function, description) in FILES.items():
        data, problems = function()
        (out / name).write_bytes(data)
        manifest[name] = problems
        descriptions[name] = description
    (out / "expected.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    (out / "descriptions.json").write_text(
        json.dumps(descriptions, indent=1, sort_keys=True) + "\n"
    )


# -- comparison with other tools (``python testdata/build_pixels.py --compare``) ----------------
# Writes the table of docs/pixels.md between its markers: what dcmtk's dcmdump, GDCM's
# gdcmdump, dicom3tools' dciodvfy and pydicom 3.0.2 (pixel_array, every plugin installed) say
# on each catalogue file. Not run by the tests (the tools are Debian packages).
PAGE = HERE.parent / "docs" / "pixels.md"
BEGIN, END = "<!-- build_pixels.py: table begins -->", "<!-- build_pixels.py: table ends -->"
PYDICOM = """
import sys, warnings
warnings.simplefilter("ignore")
import pydicom
try:
    arr = pydicom.dcmread(sys.argv[1]).pixel_array
    print(f"decodes: {arr.dtype} {arr.shape}")
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}".replace("\\n", " "))
"""


def _run(command: list[str]) -> tuple[int, str]:
    import subprocess

    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return -1, "not installed"
    except subprocess.TimeoutExpired:
        return -2, "timed out"
    return done.returncode, done.stdout + done.stderr


def _first(text: str, words: tuple[str, ...], width: int = 70) -> str:
    for line in text.splitlines():
        if any(w in line for w in words):
            return line.strip()[:width]
    return ""


def tool_findings(path: Path) -> dict[str, str]:
    code, out = _run(["dcmdump", str(path)])
    dcmdump = _first(out, ("E:", "W:")) or ("silent" if code == 0 else f"exit {code}")
    code, out = _run(["gdcmdump", str(path)])
    gdcm = _first(out, ("Error", "error", "Warning")) or ("silent" if code == 0 else f"exit {code}")
    code, out = _run(["dciodvfy", str(path)])
    dciodvfy = (
        _first(out, ("Pixel", "Bits", "Rows", "Columns", "Offset", "Fragment"))
        or "nothing on pixels"
    )
    code, out = _run([sys.executable, "-c", PYDICOM, str(path)])
    pydicom = " ".join(out.split())[:90]
    return {"dcmdump": dcmdump, "gdcmdump": gdcm, "dciodvfy": dciodvfy, "pydicom": pydicom}


def compare() -> None:
    from dicomconstruct.pixels import inspect_pixels

    descriptions = json.loads((OUT / "descriptions.json").read_text())
    rows = [
        "| file | fault | dicomconstruct inspect_pixels | dcmdump | gdcmdump | dciodvfy | pydicom 3.0.2 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in sorted(descriptions):
        found = inspect_pixels(OUT / name)
        ours = "; ".join(f"{p.kind} (frame {p.frame}, byte {p.offset})" for p in found)
        other = tool_findings(OUT / name)
        cells = [name, descriptions[name], ours, *other.values()]
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    page = PAGE.read_text()
    head, rest = page.split(BEGIN)
    _, tail = rest.split(END)
    PAGE.write_text(head + BEGIN + "\n" + "\n".join(rows) + "\n" + END + tail)


if __name__ == "__main__":
    if sys.argv[1:] == ["--compare"]:
        compare()
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
