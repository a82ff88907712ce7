"""Pixel data (issue 14): the same arrays as pydicom 3.0.2 on its corpus, RLE in pure Python,
numpy kept out of the core, the layouts of what is inside Pixel Data, inspection and errors."""

from __future__ import annotations

import glob
import os
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dicomconstruct
from dicomconstruct.errors import DicomError
from dicomconstruct.pixels import inspect_pixels, layouts, rle

np = pytest.importorskip("numpy")
pydicom = pytest.importorskip("pydicom")

ROOT = Path(__file__).resolve().parent.parent
PYDICOM_DATA = Path(pydicom.__file__).parent / "data" / "test_files"


def _external() -> list[str]:
    try:
        import data_store

        return sorted(
            glob.glob(os.path.join(os.path.dirname(data_store.__file__), "data", "*.dcm"))
        )
    except ImportError:
        return []


CORPUS = sorted(glob.glob(str(PYDICOM_DATA / "**" / "*.dcm"), recursive=True)) + _external()
NATIVE_OR_RLE = {
    "1.2.840.10008.1.2",
    "1.2.840.10008.1.2.1",
    "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.5",
}


def _reference(path: str, plugin: str = ""):
    """pydicom's array for ``path`` (with ``plugin``), or None where pydicom cannot decode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path)
            if not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
                return None, None
            return ds, pydicom.pixels.pixel_array(ds, decoding_plugin=plugin)
        except Exception:
            return None, None


def _syntax(path: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            return str(ds.file_meta.get("TransferSyntaxUID", ""))
        except Exception:
            return ""


def _same(path: str, plugin: str = "") -> None:
    ref_ds, expected = _reference(path, plugin)
    if expected is None:
        pytest.skip("pydicom 3.0.2 does not decode this file with this plugin")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicomconstruct.dcmread(path)
        got = dicomconstruct.pixels.pixel_array(ds, decoding_plugin=plugin)
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    assert got.tobytes() == expected.tobytes()


NATIVE_FILES = [p for p in CORPUS if _syntax(p) in NATIVE_OR_RLE]


@pytest.mark.parametrize("path", NATIVE_FILES, ids=os.path.basename)
def test_native_and_rle_files_decode_to_pydicoms_array(path):
    _same(path)


# Compressed files with each plugin: a bounded subset here (one small file per syntax and
# plugin); bench/pixels.py --corpus runs every file.
COMPRESSED = [
    ("JPEG2000.dcm", "pylibjpeg"),
    ("JPEG2000.dcm", "pillow"),
    ("MR_small_jpeg_ls_lossless.dcm", "pyjpegls"),
    ("SC_rgb_jpeg_dcmtk.dcm", "pylibjpeg"),
    ("SC_rgb_jpeg_dcmtk.dcm", "pillow"),
    ("JPEG-LL.dcm", "pylibjpeg"),
    ("MR_small_RLE.dcm", "pylibjpeg"),
    ("MR_small_RLE.dcm", "pydicom"),
]


@pytest.mark.parametrize("name, plugin", COMPRESSED)
def test_compressed_files_decode_to_pydicoms_array_with_the_same_plugin(name, plugin):
    path = pydicom.data.get_testdata_file(name)
    if path is None:
        pytest.skip(f"{name} not available")
    _same(path, plugin)


TWINS = [("MR2_J2KR.dcm", "MR2_UNCR.dcm"), ("US1_J2KR.dcm", "US1_UNCR.dcm")]


@pytest.mark.parametrize("lossless, native", TWINS)
def test_lossless_syntaxes_decode_exactly_to_the_native_twin(lossless, native):
    a, b = (pydicom.data.get_testdata_file(n) for n in (lossless, native))
    if a is None or b is None:
        pytest.skip("pydicom-data twins not available")
    got = dicomconstruct.dcmread(a).pixel_array
    assert np.array_equal(got, dicomconstruct.dcmread(b).pixel_array)


def test_import_and_native_and_rle_decoding_leave_numpy_unloaded():
    script = f"""
import sys, warnings
warnings.simplefilter("ignore")
import dicomconstruct
import dicomconstruct.pixels
from dicomconstruct.pixels import get_decoder
for path in {NATIVE_FILES!r}:
    try:
        ds = dicomconstruct.dcmread(path)
    except Exception:
        continue
    if "PixelData" not in ds:
        continue
    uid = ds.file_meta.TransferSyntaxUID
    # RLE with the pure-Python plugin (pylibjpeg-rle, when installed, is tried first and
    # needs numpy: without numpy it is not available)
    plugin = "pydicom" if uid == "1.2.840.10008.1.2.5" else ""
    try:
        for frame in get_decoder(uid).iter_buffer(ds, decoding_plugin=plugin):
            pass
    except (ValueError, AttributeError, NotImplementedError):
        pass
print("numpy" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


def test_pixel_array_without_numpy_names_what_to_install():
    script = """
import sys
sys.modules["numpy"] = None  # numpy missing
import dicomconstruct.pixels._lazy as lazy
lazy.HAVE_NP = False
import dicomconstruct
from dicomconstruct.data import get_testdata_file
ds = dicomconstruct.dcmread(get_testdata_file("explicit_le.dcm"))
try:
    ds.pixel_array
except ImportError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "pip install 'dicomconstruct[numpy]'" in result.stdout


# ---------------------------------------------------------------------------------------------
# RLE (PS3.5 Annex G)
def test_rle_header_layout_and_fast_header_agree():
    header = struct.pack("<16I", 3, 64, 100, 200, *([0] * 12))
    parsed = layouts.rle_header.parse(header)
    assert parsed.number_of_segments == 3
    assert list(parsed.segment_offsets[:3]) == rle.parse_header(header + bytes(200))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 40),
    st.sampled_from([(1, 8), (1, 16), (3, 8), (1, 32)]),
    st.data(),
)
def test_rle_encode_then_decode_gives_the_frame_back(rows, columns, kind, data):
    samples, bits = kind
    size = rows * columns * samples * bits // 8
    frame = data.draw(st.binary(min_size=size, max_size=size) | st.just(bytes(size)))
    encoded = rle.encode_frame(frame, rows, columns, samples, bits)
    decoded = rle.decode_frame(encoded, rows, columns, samples, bits)
    # decoded is planar configuration 1, little endian samples: rebuild the interleaved frame
    arr = np.frombuffer(bytes(decoded), dtype=f"<u{bits // 8}").reshape(samples, -1)
    assert arr.T.tobytes() == frame


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_rle_encode_row_matches_pydicoms_encoder(row):
    from pydicom.pixels.encoders.native import _encode_row

    assert rle.encode_row(row) == _encode_row(row)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.integers(1, 8), st.integers(1, 8))
def test_damaged_rle_frames_raise_dicom_errors_only(data, rows, columns):
    try:
        rle.decode_frame(data, rows, columns, 1, 8)
    except DicomError as exc:
        assert exc.offset is not None


def test_rle_offsets_past_the_frame_are_a_dicom_error_with_the_offset():
    header = struct.pack("<16I", 2, 64, 5000, *([0] * 13))
    with pytest.raises(DicomError, match="past the end") as info:
        rle.decode_frame(header + bytes(10), 1, 1, 1, 16)
    assert info.value.offset == 8


# runs of every kind (literal, replicate, the no-op 128) and bytes cut anywhere
_RLE_RUNS = st.lists(
    st.one_of(
        st.binary(min_size=1, max_size=128).map(lambda b: bytes((len(b) - 1,)) + b),
        st.tuples(st.integers(129, 255), st.integers(0, 255)).map(bytes),
        st.just(b"\x80"),
    ),
    max_size=30,
).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(_RLE_RUNS, st.integers(0, 8))
def test_rle_segment_decodes_as_pydicoms_when_cut_anywhere(runs, cut):
    from pydicom.pixels.decoders.rle import _rle_decode_segment

    for segment in (runs, runs[: max(0, len(runs) - cut)], runs[cut:]):
        assert rle.decode_segment(segment) == _rle_decode_segment(segment)


def test_rle_runs_are_not_trusted_past_the_end_of_the_segment():
    # a literal run of 6 with 3 bytes left gives the 3; a replicate header without its byte
    # gives nothing; 128 is a no-op; an odd-length segment decodes as any other
    assert rle.decode_segment(b"\x05abc") == b"abc"
    assert rle.decode_segment(b"\x01ab\xfe") == b"ab"
    assert rle.decode_segment(b"\x80\x00a\x80\x81z") == b"a" + b"z" * 128
    assert rle.decode_segment(b"\xffq\x00") == b"qq"
    assert rle.decode_segment(b"") == b""
    assert rle.decode_segment(memoryview(b"\xfdx")) == b"xxxx"


def _rle_frame(*segments: bytes) -> bytes:
    offsets, at = [], 64
    for segment in segments:
        offsets.append(at)
        at += len(segment)
    return struct.pack("<16I", len(segments), *offsets, *[0] * (15 - len(segments))) + b"".join(
        segments
    )


def test_rle_frame_interleaves_segments_most_significant_first():
    # 2 × 3 pixels of 16 bits: segment 0 the high bytes, segment 1 the low bytes (PS3.5 G.2);
    # the decoded samples are little endian
    high, low = b"\xfb\x01", b"\x05abcdef\x00"  # 6 × 0x01, then a literal of 6 and padding
    decoded = rle.decode_frame(_rle_frame(high, low), 2, 3, 1, 16)
    assert decoded == b"".join(bytes((c, 1)) for c in b"abcdef")
    # '<': the non-conformant least significant first order
    decoded = rle.decode_frame(_rle_frame(low, high), 2, 3, 1, 16, "<")
    assert decoded == b"".join(bytes((c, 1)) for c in b"abcdef")


def test_rle_segment_padding_is_dropped_with_a_warning_and_a_short_one_is_an_error():
    messages: list[str] = []
    frame = _rle_frame(b"\xfd\x07")  # 4 bytes decoded for 3 pixels
    assert rle.decode_frame(frame, 1, 3, 1, 8, warn=messages.append) == b"\x07" * 3
    assert messages and "non-conformant padding" in messages[0]
    with pytest.raises(DicomError, match="2 vs. 3 bytes") as info:
        rle.decode_frame(_rle_frame(b"\x00\x07\x00\x09", b"\xfe\x01"), 1, 3, 2, 8)
    assert info.value.offset == 64
    with pytest.raises(DicomError, match="3 vs. 2 segments") as info:
        rle.decode_frame(_rle_frame(b"\xfe\x01", b"\xfe\x01", b"\xfe\x01"), 1, 3, 1, 16)
    assert info.value.offset == 0


# rows of literal stretches and repeats of any length (a literal over 128 bytes, a repeat
# over 128 or of 129: the encoder's slow path and its lone-byte rule)
_ROWS = st.lists(
    st.one_of(
        st.binary(min_size=1, max_size=300),
        st.tuples(st.integers(0, 255), st.integers(2, 300)).map(lambda r: bytes((r[0],)) * r[1]),
    ),
    max_size=12,
).map(b"".join)


@settings(max_examples=150, deadline=None)
@given(_ROWS)
def test_rle_encode_row_of_runs_matches_pydicoms_encoder(row):
    from pydicom.pixels.encoders.native import _encode_row

    assert rle.encode_row(row) == _encode_row(row)
    assert rle.decode_segment(rle.encode_row(row)) == row


def test_rle_encode_row_whose_last_literal_is_long_after_short_runs():
    from pydicom.pixels.encoders.native import _encode_row

    for row in (b"ab" + b"c" * 5 + bytes(range(200)), b"x" * 129 + b"y", bytes(range(129))):
        assert rle.encode_row(row) == _encode_row(row)


def test_compress_and_decompress_round_trip():
    from pydicom.data import get_testdata_file

    ds = dicomconstruct.dcmread(get_testdata_file("CT_small.dcm"))
    before = ds.pixel_array.copy()
    ds.compress(dicomconstruct.uid.RLELossless, encoding_plugin="pydicom")
    assert ds.file_meta.TransferSyntaxUID == dicomconstruct.uid.RLELossless
    reference = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    reference.compress(pydicom.uid.RLELossless, encoding_plugin="pydicom")
    assert ds.PixelData == reference.PixelData
    ds.decompress()
    assert np.array_equal(ds.pixel_array, before)


def test_missing_plugin_error_lists_the_packages():
    from dicomconstruct.pixels.decoders import JPEG2000LosslessDecoder

    text = " ".join(JPEG2000LosslessDecoder.missing_dependencies)
    available = JPEG2000LosslessDecoder.available_plugins
    assert available or "requires" in text


# ---------------------------------------------------------------------------------------------
# Inspection (issue 14 item 6): every catalogue file gives its expected problems.
CATALOGUE = ROOT / "testdata" / "malformed" / "pixels"


def _catalogue():
    import json

    manifest = CATALOGUE / "expected.json"
    if not manifest.is_file():
        return []
    return sorted(json.loads(manifest.read_text()).items())


@pytest.mark.parametrize("name, expected", _catalogue())
def test_catalogue_file_gives_its_expected_problems(name, expected):
    problems = inspect_pixels(CATALOGUE / name)
    found = {(p.kind, p.frame) for p in problems}
    for item in expected:
        assert (item["kind"], item["frame"]) in found, (name, problems)


def test_valid_corpus_files_have_no_pixel_errors():
    for name in ("CT_small.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm", "SC_rgb_jpeg_dcmtk.dcm"):
        problems = inspect_pixels(pydicom.data.get_testdata_file(name))
        assert [p for p in problems if p.severity == "error"] == [], name


def test_catalogue_is_what_the_generator_builds(tmp_path):
    sys.path.insert(0, str(ROOT / "testdata"))
    try:
        import build_pixels
    finally:
        sys.path.pop(0)
    build_pixels.main(tmp_path)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (CATALOGUE / path.name).read_bytes(), path.name


def test_every_problem_kind_has_a_catalogue_file():
    import json

    kinds = {
        item["kind"]
        for items in json.loads((CATALOGUE / "expected.json").read_text()).values()
        for item in items
    }
    source = (ROOT / "dicomconstruct" / "pixels" / "inspect.py").read_text()
    import re

    declared = set(
        re.findall(
            r'"((?:native|stored|offset|rle|jpeg|jpegls|codestream|j2k)-[a-z0-9-]+)"', source
        )
    )
    # faults of the codestream syntax itself (unreadable markers, a missing SOI/SOC) are found
    # on damaged streams; the catalogue covers the checks of issue 14 item 6
    assert declared - kinds <= {
        "jpeg-no-soi",
        "jpeg-marker",
        "j2k-no-soc",
        "j2k-marker",
        "jpegls-ilv",
        "rle-header",
    }


def test_a_plugin_failure_is_a_dicom_error_naming_the_frame():
    from dicomconstruct.pixels import get_decoder
    from dicomconstruct.pixels.decoders.base import PixelDecodeError

    ds = dicomconstruct.dcmread(pydicom.data.get_testdata_file("SC_rgb_jpeg_dcmtk.dcm"))
    ds.PixelData = dicomconstruct.encaps.encapsulate([b"\xff\xd8" + bytes(100) + b"\xff\xd9"])
    with pytest.raises(PixelDecodeError) as info:
        get_decoder(ds.file_meta.TransferSyntaxUID).as_array(ds, index=0)
    assert isinstance(info.value, DicomError)
    assert info.value.frame == 0 and "frame 0" in str(info.value)


def test_truncated_native_pixel_data_is_a_dicom_error():
    ds = dicomconstruct.dcmread(pydicom.data.get_testdata_file("CT_small.dcm"))
    ds.PixelData = ds.PixelData[:100]
    with pytest.raises(DicomError):
        _ = ds.pixel_array


# Fuzzing the codestream header readers (fuzz/fuzz_pixels.py is the coverage-guided harness):
# inspection reports problems, it never raises, whatever the bytes after a valid start.
_GEOMETRY = dict(
    rows=16,
    columns=16,
    samples=1,
    bits_allocated=8,
    bits_stored=8,
    pixel_representation=0,
    frames=1,
    photometric="MONOCHROME2",
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([b"\xff\xd8", b"\xff\x4f", layouts.JP2_SIGNATURE, b""]),
    st.binary(max_size=120),
    st.sampled_from(["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90"]),
)
def test_codestream_header_checks_never_raise(start, rest, syntax):
    from dicomconstruct.pixels import inspect as pixel_inspect

    report = pixel_inspect._Report()
    frame = start + rest
    if syntax.endswith(".90"):
        pixel_inspect._inspect_j2k(0, 0, frame, syntax, _GEOMETRY, report)
    else:
        pixel_inspect._inspect_jpeg(0, 0, frame, syntax, _GEOMETRY, report)
    pixel_inspect._inspect_rle(0, 0, frame, _GEOMETRY, report)
    assert all(p.frame == 0 for p in report.problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_rle_segments_of_any_bytes_decode_without_error(data):
    assert isinstance(rle.decode_segment(data), bytearray)


# -- pydicom's pixel suite (issue 14): LUT Data, Pixel Representation, slices, numpy, writing --


def _voi_dataset(lut_data, bits: int = 16):
    ds = dicomconstruct.Dataset()
    ds.PixelRepresentation = 0
    ds.BitsStored = bits
    ds.VOILUTSequence = [dicomconstruct.Dataset()]
    item = ds.VOILUTSequence[0]
    item.LUTDescriptor = [4, 0, bits]
    item.LUTData = lut_data
    return ds, item


def test_lut_data_given_as_numbers_is_the_lut_whatever_vr_it_resolved_to():
    from dicomconstruct.pixels import apply_modality_lut, apply_voi

    ds, item = _voi_dataset([0, 127, 32768, 65535])
    # kept 'US or OW' until written, as in pydicom; written OW, four entries (PS3.3 C.11.1.1.1)
    assert item["LUTData"].VR == "US or OW" and item["LUTData"]._written_vr() == "OW"
    out = apply_voi(np.asarray([0, 1, 2, 3, 255], dtype="uint16"), ds)
    assert out.tolist() == [0, 127, 32768, 65535, 65535]
    ds.ModalityLUTSequence = [dicomconstruct.Dataset()]
    ds.ModalityLUTSequence[0].LUTDescriptor = [4, 0, 16]
    ds.ModalityLUTSequence[0].LUTData = [10, 20, 30, 40]
    out = apply_modality_lut(np.asarray([0, 3, 9], dtype="uint16"), ds)
    assert out.tolist() == [10, 40, 40]


def test_lut_data_given_as_bytes_needs_the_byte_order_of_the_dataset():
    from dicomconstruct.pixels import apply_voi

    arr = np.asarray([0, 1, 2, 3], dtype="uint16")
    ds, _ = _voi_dataset(struct.pack("<4H", 0, 127, 32768, 65535))
    with pytest.raises(AttributeError, match="Unable to determine the endianness"):
        apply_voi(arr, ds)
    ds.set_original_encoding(False, False)  # big endian: the words read the other way round
    assert apply_voi(arr, ds).tolist() == [0, 0x7F00, 0x0080, 65535]


def test_relabelling_an_element_read_as_us_keeps_the_numbers_read():
    import io

    ds = dicomconstruct.Dataset()
    ds.ModalityLUTSequence = [dicomconstruct.Dataset()]
    ds.ModalityLUTSequence[0].LUTDescriptor = [1, 0, 16]
    ds.ModalityLUTSequence[0].LUTData = 7  # one entry: US (PS3.3 C.11.1.1.1)
    out = io.BytesIO()
    dicomconstruct.dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    read = dicomconstruct.dcmread(io.BytesIO(out.getvalue()), force=True)
    elem = read.ModalityLUTSequence[0]["LUTData"]
    elem.VR = "OW"
    assert elem.value == 7


def test_pixel_dtype_refuses_a_pixel_representation_that_is_not_0_or_1():
    from dicomconstruct.errors import ValueRangeError
    from dicomconstruct.pixels.utils import pixel_dtype

    ds = dicomconstruct.Dataset()
    ds.file_meta = dicomconstruct.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.BitsAllocated = 16
    ds.PixelRepresentation = 2  # in US's range, not one of PS3.3 C.7.6.3's values
    with pytest.raises(ValueError, match=r"value of '2' for '\(0028,0103\) Pixel Representation"):
        pixel_dtype(ds)
    with pytest.raises(ValueRangeError, match="Pixel Representation"):
        ds.PixelRepresentation = -1  # US cannot hold it (issue 15)


def test_a_slice_of_a_dataset_read_keeps_its_encoding():
    ds = dicomconstruct.dcmread(str(PYDICOM_DATA / "MR_small_bigendian.dcm"))
    assert ds.group_dataset(0x0028).original_encoding == (False, False)
    assert ds[0x00280000:0x00290000].original_encoding == (False, False)


def test_a_numpy_array_of_datasets_holds_the_datasets():
    ds = dicomconstruct.dcmread(str(PYDICOM_DATA / "CT_small.dcm"))
    arr = np.array([ds])
    assert arr.dtype == object and arr.shape == (1,)
    assert arr[0] is ds


def test_future_mode_refuses_pydicom_3s_deprecated_pixel_keywords(monkeypatch):
    from dicomconstruct import config

    monkeypatch.setattr(config, "_use_future", True)
    ds = dicomconstruct.Dataset()
    with pytest.raises(TypeError, match="unexpected keyword argument 'use_v2_backend'"):
        ds.pixel_array_options(use_v2_backend=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'handler_name'"):
        ds.decompress(handler_name="pillow")


def test_made_pixel_data_not_encapsulated_under_a_compressed_syntax_is_refused():
    import io

    from dicomconstruct.encaps import encapsulate

    ds = dicomconstruct.Dataset()
    ds.file_meta = dicomconstruct.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.50"  # JPEG Baseline
    ds.PixelData = b"\x00\x01\x02\x03\x04\x05"
    with pytest.raises(DicomError, match="hasn't been encapsulated") as caught:
        ds.save_as(io.BytesIO())
    assert "(7FE0,0010)" in caught.value.path
    ds.PixelData = encapsulate([b"\xff\xd8\xff\xd9"])  # PS3.5 A.4: items
    ds["PixelData"].is_undefined_length = True
    ds.save_as(io.BytesIO())
