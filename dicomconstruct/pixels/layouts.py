"""What is inside Pixel Data, as construct structs: the RLE header (PS3.5 Annex G), the offset
tables (PS3.5 §A.4, PS3.3 §C.7.6.3.1.8), JPEG / JPEG-LS marker segments (ITU T.81 B.2,
T.87 C.2) and the JPEG 2000 main header's SIZ and COD (ITU T.800 A.5.1, A.6.1).

Each struct reads like the table of the standard it cites. Native pixel cells are not declared
here: a native frame is a span of bytes found by geometry (Rows × Columns × Samples × Bits
Allocated, ``DecodeRunner.frame_length`` in ``decoders/base.py``), not an array of cells.
"""

from __future__ import annotations

from construct import (
    Array,
    BitsInteger,
    BitStruct,
    Const,
    Enum,
    GreedyRange,
    Int8ub,
    Int16ub,
    Int32ub,
    Int32ul,
    Int64ul,
    Struct,
    this,
)

# ---------------------------------------------------------------------------------------------
# PS3.5 Annex G.5, Table G-1: the RLE Header, 16 unsigned 32-bit little-endian longs: the
# number of segments (1 to 15), then the offset of each segment from the start of the header
# (the first is 64); unused offsets are 0.
RLE_HEADER_SIZE = 64
RLE_MAX_SEGMENTS = 15
rle_header = Struct(
    "number_of_segments" / Int32ul,
    "segment_offsets" / Array(RLE_MAX_SEGMENTS, Int32ul),
)

# ---------------------------------------------------------------------------------------------
# PS3.5 §A.4, Table A.4-1: the Basic Offset Table item's value, one 32-bit offset per frame,
# from the first byte of the first fragment's item tag. Its length is the item's length.
basic_offset_table = Struct(
    "offsets" / GreedyRange(Int32ul),
)

# PS3.3 §C.7.6.3.1.8: (7FE0,0001) Extended Offset Table and (7FE0,0002) Extended Offset Table
# Lengths, each an OV of one 64-bit value per frame.
extended_offset_table = Struct(
    "offsets" / GreedyRange(Int64ul),
)

# ---------------------------------------------------------------------------------------------
# ITU T.81 Table B.1: marker codes (the second byte after FF) that matter to pixel checks.
SOI, EOI, SOS, DNL = 0xD8, 0xD9, 0xDA, 0xDC
SOF_MARKERS = {
    0xC0: "baseline DCT",
    0xC1: "extended sequential DCT",
    0xC2: "progressive DCT",
    0xC3: "lossless (sequential)",
    0xC5: "differential sequential DCT",
    0xC6: "differential progressive DCT",
    0xC7: "differential lossless",
    0xC9: "extended sequential DCT, arithmetic",
    0xCA: "progressive DCT, arithmetic",
    0xCB: "lossless, arithmetic",
    0xCD: "differential sequential DCT, arithmetic",
    0xCE: "differential progressive DCT, arithmetic",
    0xCF: "differential lossless, arithmetic",
    0xF7: "JPEG-LS (T.87 SOF55)",
}
SEQUENTIAL_DCT = {0xC0, 0xC1, 0xC9}
LSE = 0xF8  # T.87 JPEG-LS preset parameters
# Markers with no length field (T.81 B.1.1.3 and B.2.1): SOI, EOI, RSTm, TEM.
STANDALONE = {SOI, EOI, 0x01, *range(0xD0, 0xD8)}

# T.81 B.1.1.4: a marker segment is FF, the marker code, then a 16-bit big-endian length
# that counts itself and the parameters after it.
marker_segment_header = Struct(
    "ff" / Const(b"\xff"),
    "marker" / Int8ub,
    "length" / Int16ub,
)

# T.81 B.2.2, Table B.2 (and T.87 C.2.2 for SOF55): the frame header.
frame_component = BitStruct(
    "component_id" / BitsInteger(8),
    "horizontal_sampling" / BitsInteger(4),
    "vertical_sampling" / BitsInteger(4),
    "quantization_table" / BitsInteger(8),
)
start_of_frame = Struct(
    "length" / Int16ub,  # Lf = 8 + 3 * Nf
    "precision" / Int8ub,  # P: sample precision in bits
    "rows" / Int16ub,  # Y: number of lines
    "columns" / Int16ub,  # X: samples per line
    "components" / Int8ub,  # Nf
    "component" / Array(this.components, frame_component),
)

# T.81 B.2.3, Table B.3: the scan header. T.87 C.2.3 reuses Ss as NEAR (the allowed error)
# and Se as ILV (the interleave mode: 0 none, 1 line, 2 sample) for JPEG-LS.
scan_component = BitStruct(
    "component_selector" / BitsInteger(8),
    "dc_table" / BitsInteger(4),
    "ac_table" / BitsInteger(4),
)
start_of_scan = Struct(
    "length" / Int16ub,  # Ls = 6 + 2 * Ns
    "components" / Int8ub,  # Ns
    "component" / Array(this.components, scan_component),
    "spectral_start" / Int8ub,  # Ss (JPEG-LS: NEAR)
    "spectral_end" / Int8ub,  # Se (JPEG-LS: ILV)
    "approximation"
    / BitStruct(
        "high" / BitsInteger(4),  # Ah
        "low" / BitsInteger(4),  # Al (lossless: point transform)
    ),
)

# ---------------------------------------------------------------------------------------------
# ITU T.800 Table A.2: codestream markers (two bytes, FF then the code).
J2K_SOC, J2K_SIZ, J2K_COD, J2K_SOT, J2K_EOC = 0x4F, 0x51, 0x52, 0x90, 0xD9
# T.800 I.5.1: a JP2 file starts with the JPEG 2000 Signature box.
JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"

# T.800 A.5.1, Table A.9: the image and tile size (SIZ) marker segment, after FF51.
siz_component = Struct(
    "ssiz" / Int8ub,  # bit 7: signed; bits 0-6: precision - 1
    "xrsiz" / Int8ub,
    "yrsiz" / Int8ub,
)
image_and_tile_size = Struct(
    "length" / Int16ub,  # Lsiz = 38 + 3 * Csiz
    "capabilities" / Int16ub,  # Rsiz
    "width" / Int32ub,  # Xsiz
    "height" / Int32ub,  # Ysiz
    "image_x_offset" / Int32ub,  # XOsiz
    "image_y_offset" / Int32ub,  # YOsiz
    "tile_width" / Int32ub,  # XTsiz
    "tile_height" / Int32ub,  # YTsiz
    "tile_x_offset" / Int32ub,  # XTOsiz
    "tile_y_offset" / Int32ub,  # YTOsiz
    "components" / Int16ub,  # Csiz
    "component" / Array(this.components, siz_component),
)

# T.800 A.6.1, Tables A.12, A.13 and A.15: the coding style default (COD) marker segment.
coding_style_default = Struct(
    "length" / Int16ub,  # Lcod
    "coding_style" / Int8ub,  # Scod
    "progression_order" / Enum(Int8ub, LRCP=0, RLCP=1, RPCL=2, PCRL=3, CPRL=4),
    "layers" / Int16ub,
    "multiple_component_transform" / Int8ub,  # 0 none, 1 RCT/ICT on components 0-2
    "decomposition_levels" / Int8ub,
    "code_block_width" / Int8ub,
    "code_block_height" / Int8ub,
    "code_block_style" / Int8ub,
    # Table A.20: 0 is the 9-7 irreversible filter, 1 the 5-3 reversible one
    "transformation" / Enum(Int8ub, irreversible_9_7=0, reversible_5_3=1),
)
