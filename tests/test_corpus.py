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
    "MR_truncated.dcm": (1488, "(7FE0,0010)"),  # Pixel Data declares 8192 bytes, 8130 remain
    "rtplan_truncated.dcm": (1410, "(300A,00B0)"),  # Beam Sequence declares 976, 711 remain
    # the last fragment of Pixel Data is cut off, and there is no Sequence Delimitation Item
    "emri_small_jpeg_2k_lossless_too_short.dcm": (40316, "(7FE0,0010) OW / fragment 10"),
}

# A defined-length sequence is parsed when its value is first asked for (as pydicom does), so a
# fault inside it surfaces then. DICOMDIR-nooffset's last item declares 248 bytes where 224
# remain in its sequence and in the file: pydicom reads the item short without a word.
TRUNCATED_ON_ACCESS = {"DICOMDIR-nooffset": (0x00041220, 10860, "(0004,1220) SQ / item 51")}

# no_meta.dcm is CT_small.dcm's data set with no preamble or meta, after one stray 0x20 byte.
# pydicom takes the stray byte as the start of an element and returns one garbage element,
# (0820,0500) UN of 38863 bytes. We read the file as asked (force=True), warn about the stray
# byte and its offset, keep it in ``stray_leading_bytes``, and get CT_small's data set.
STRAY_LEADING_BYTE = {"no_meta.dcm": "CT_small.dcm"}


def _pydicom_names_private_sequence_wrongly(ours, theirs) -> bool:
    """pydicom 3.0.2 prints a private sequence as 'Private tag data' because it sets an
    element's private creator only when it converts a raw element, and a sequence read whole
    never is one; its own dictionary knows the name (see the test below)."""
    return theirs.VR == "SQ" and theirs.name == "Private tag data" and ours.name.startswith("[")


def _pydicom_takes_group_length_for_creator(theirs) -> bool:
    """For a Private Creator (gggg,0010) in a group with a (gggg,0000) group length, pydicom
    3.0.2 takes the group length as the element's creator (``tag.element >> 8`` is 0) and names
    it 'Private tag data'; it is a 'Private Creator' (PS3.5 §7.8.1)."""
    return isinstance(theirs.private_creator, int)


def _reserved_odd_group(elem) -> bool:
    """PS3.5 §7.8.1: groups 0001, 0003, 0005 and 0007 are not private (pydicom calls them
    private and names their elements 'Private Creator'/'Private tag data'); we give them no
    name, as for any unknown standard tag."""
    return elem.tag.group in (1, 3, 5, 7)


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
    for ours_elem, theirs_elem in zip(ours, theirs, strict=True):
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
            for index, (a, b) in enumerate(zip(ours_elem.value, theirs_elem.value, strict=True)):
                _compare(a, b, f"{here} / item {index}", problems)
            continue
        if not _same_value(ours_elem.value, theirs_elem.value):
            problems.append(f"{here}: {ours_elem.value!r} != {theirs_elem.value!r}")
        elif (
            ours_elem.name != theirs_elem.name
            and not _reserved_odd_group(ours_elem)
            and not _pydicom_takes_group_length_for_creator(theirs_elem)
        ):
            problems.append(f"{here}: name {ours_elem.name!r} != {theirs_elem.name!r}")


def _printed_lines(ds) -> list[str]:
    return str(ds).splitlines()


def _lines_that_differ_by_design(ours, theirs) -> set[str]:
    """The tags of the printed lines where pydicom is wrong (see the helpers above)."""
    tags = set()
    for ours_elem, theirs_elem in zip(ours.iterall(), theirs.iterall(), strict=True):
        if (
            _pydicom_names_private_sequence_wrongly(ours_elem, theirs_elem)
            or _reserved_odd_group(ours_elem)
            or _pydicom_takes_group_length_for_creator(theirs_elem)
        ):
            tags.add(str(ours_elem.tag))
    return tags


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
        assert len(theirs) == 1 and theirs[0x08200500].VR == "UN"  # pydicom's garbage element
        theirs = pydicom.dcmread(path.with_name(STRAY_LEADING_BYTE[name]))
        theirs.file_meta = pydicom.dataset.FileMetaDataset()
    problems: list[str] = []
    _compare(ours.file_meta, theirs.file_meta, "file_meta", problems)
    _compare(ours, theirs, "dataset", problems)
    assert problems == []


@corpus_params()
def test_corpus_file_prints_the_same_lines_as_pydicom(path):
    if path.name in TRUNCATED or path.name in TRUNCATED_ON_ACCESS:
        pytest.skip("a truncated file: test_corpus_file_reads_into_the_same_tree_as_pydicom")
    ours, theirs = _read_both(path)
    if path.name in STRAY_LEADING_BYTE:
        theirs = pydicom.dcmread(path.with_name(STRAY_LEADING_BYTE[path.name]))
        theirs.file_meta = pydicom.dataset.FileMetaDataset()
    differ_by_design = _lines_that_differ_by_design(ours, theirs)
    mismatched = [
        (a, b)
        for a, b in zip(_printed_lines(ours), _printed_lines(theirs), strict=False)
        if a != b and a.strip()[:11] not in differ_by_design
    ]
    assert mismatched == []
    assert len(_printed_lines(ours)) == len(_printed_lines(theirs))


def test_private_sequence_is_named_from_the_private_dictionary():
    path = next(p for p in CORPUS if p.name == "6293" and p.parent.name == "CT2N")
    ours = dcmread(path)
    assert ours[0x00491001].name == "[CT Cardiac Sequence]"
    assert (
        pydicom.datadict.private_dictionary_description(0x00491001, "GEMS_CT_CARDIAC_001")
        == "CT Cardiac Sequence"
    )
    assert str(ours).count("(0049,1001)  [CT Cardiac Sequence]  1 item(s) ---- ") == 1


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
        theirs = pydicom.dcmread(
            path.with_name(STRAY_LEADING_BYTE.get(path.name, path.name)),
            stop_before_pixels=True,
            force=True,
        )
    assert [int(t) for t in ours.keys()] == [int(t) for t in theirs.keys()]
    assert 0x7FE00010 not in ours
