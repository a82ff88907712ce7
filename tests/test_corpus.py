"""pydicom as the oracle: every file of its corpus reads into the same tree (tags, VRs, nesting,
decoded values, printed lines), or into better behaviour asserted and explained here."""

from __future__ import annotations

import math
import warnings

import pydicom
import pytest

from dicomconstruct import dcmread
from dicomconstruct.errors import DicomError, TruncatedDataError

from .conftest import CORPUS, corpus_params

# Where pydicom is wrong: it reads a declared length that runs past the end of the file as a
# short value (or, for the JPEG 2000 file, returns an empty dataset). A value that is not all
# there is not the value the file declares; we raise at the offset of the element's header.
TRUNCATED = {
    # name: (offset of the faulty header, path fragment)
    "MR_truncated.dcm": (1480, "(7FE0,0010)"),  # Pixel Data declares 8192 bytes, 8130 remain
    "rtplan_truncated.dcm": (1402, "(300A,00B0)"),  # Beam Sequence declares 976, 711 remain
    # the last fragment of Pixel Data is cut off, and there is no Sequence Delimitation Item
    "emri_small_jpeg_2k_lossless_too_short.dcm": (None, "(7FE0,0010)"),
}

# A defined-length sequence is parsed when its value is first asked for (as pydicom does), so a
# fault inside it surfaces then. DICOMDIR-nooffset's last item declares 248 bytes where 224
# remain in its sequence and in the file: pydicom reads the item short without a word.
TRUNCATED_ON_ACCESS = {"DICOMDIR-nooffset": (0x00041220, 10860, "(0004,1220) SQ / item 51")}

# no_meta.dcm starts with one stray 0x20 byte before its first element. pydicom skips it
# silently; we read the file too (the caller asked for force=True) but say so with a warning
# naming the byte and its offset, and keep the byte in ``stray_leading_bytes``.
STRAY_LEADING_BYTE = {"no_meta.dcm"}


def _read_both(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = dcmread(path, force=True)
        theirs = pydicom.dcmread(path, force=True)
    return ours, theirs


def _same_value(ours, theirs) -> bool:
    if isinstance(theirs, pydicom.valuerep.PersonName):
        return str(ours) == str(theirs)
    if isinstance(theirs, (list, pydicom.multival.MultiValue)):
        return len(ours) == len(theirs) and all(map(_same_value, ours, theirs))
    if isinstance(theirs, float) and isinstance(ours, float):
        return ours == theirs or (math.isnan(ours) and math.isnan(theirs))
    if isinstance(theirs, float) and isinstance(ours, str):  # DS pydicom could not parse
        return False
    return ours == theirs


def _compare(ours, theirs, where: str, problems: list[str]) -> None:
    our_tags = [int(e.tag) for e in ours]
    their_tags = [int(e.tag) for e in theirs]
    if our_tags != their_tags:
        problems.append(f"{where}: tags {sorted(set(our_tags) ^ set(their_tags))} differ")
        return
    for ours_elem, theirs_elem in zip(ours, theirs):
        here = f"{where} / {ours_elem.tag}"
        if ours_elem.VR != theirs_elem.VR:
            # pydicom replaces UN with the dictionary's VR; we keep the VR the file states
            if ours_elem.VR != "UN":
                problems.append(f"{here}: VR {ours_elem.VR} != {theirs_elem.VR}")
            continue
        if ours_elem.VR == "SQ":
            if len(ours_elem.value) != len(theirs_elem.value):
                problems.append(f"{here}: {len(ours_elem.value)} != {len(theirs_elem.value)} items")
                continue
            for index, (a, b) in enumerate(zip(ours_elem.value, theirs_elem.value)):
                _compare(a, b, f"{here} / item {index}", problems)
            continue
        if not _same_value(ours_elem.value, theirs_elem.value):
            problems.append(f"{here}: {ours_elem.value!r} != {theirs_elem.value!r}")
        elif ours_elem.name != theirs_elem.name:
            problems.append(f"{here}: name {ours_elem.name!r} != {theirs_elem.name!r}")


def _printed_lines(ds) -> list[str]:
    return str(ds).splitlines()


def _un_lines(ours) -> set[str]:
    """Tags whose printed line differs by design (UN kept as UN)."""
    return {str(elem.tag) for elem in ours.iterall() if elem.VR == "UN"}


@corpus_params()
def test_corpus_file_reads_into_the_same_tree_as_pydicom(path):
    name = path.name
    if name in TRUNCATED:
        offset, fragment = TRUNCATED[name]
        with pytest.raises(TruncatedDataError) as caught:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dcmread(path, force=True)
        assert fragment in caught.value.path
        if offset is not None:
            assert caught.value.offset == offset
        return
    ours, theirs = _read_both(path)
    if name in TRUNCATED_ON_ACCESS:
        tag, offset, fragment = TRUNCATED_ON_ACCESS[name]
        with pytest.raises(TruncatedDataError) as caught:
            ours[tag].value  # noqa: B018 - the access is the test
        assert caught.value.offset == offset
        assert fragment in caught.value.path
        return
    if name in STRAY_LEADING_BYTE:
        with pytest.warns(UserWarning, match="stray byte"):
            dcmread(path, force=True)
        assert ours.stray_leading_bytes == b" "
    problems: list[str] = []
    _compare(ours.file_meta, theirs.file_meta, "file_meta", problems)
    _compare(ours, theirs, "dataset", problems)
    assert problems == []


@corpus_params()
def test_corpus_file_prints_the_same_lines_as_pydicom(path):
    if path.name in TRUNCATED or path.name in TRUNCATED_ON_ACCESS:
        pytest.skip("a truncated file: test_corpus_file_reads_into_the_same_tree_as_pydicom")
    ours, theirs = _read_both(path)
    differ_by_design = _un_lines(ours)
    mismatched = [
        (a, b)
        for a, b in zip(_printed_lines(ours), _printed_lines(theirs))
        if a != b and a.strip()[:11] not in differ_by_design
    ]
    assert mismatched == []
    assert len(_printed_lines(ours)) == len(_printed_lines(theirs))


def test_corpus_is_all_there():
    """The oracle's corpus: 86 wheel test files (and the DICOMDIR set), 18 charset files,
    9 palettes and pydicom-data's files."""
    names = {p.name for p in CORPUS}
    assert len(CORPUS) >= 250
    assert {"CT_small.dcm", "chrH31.dcm", "winter.dcm", "693_J2KI.dcm"} <= names


@corpus_params()
def test_lazy_read_stops_before_pixels_and_reads_the_same_elements_before_them(path):
    if path.name in TRUNCATED_ON_ACCESS:
        pytest.skip("checked on access above")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ours = dcmread(path, stop_before_pixels=True, force=True)
        except DicomError:
            assert path.name in TRUNCATED and path.name != "MR_truncated.dcm"
            return
        theirs = pydicom.dcmread(path, stop_before_pixels=True, force=True)
    assert [int(t) for t in ours.keys()] == [int(t) for t in theirs.keys()]
    assert 0x7FE00010 not in ours
