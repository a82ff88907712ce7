"""Ambiguous VRs ('US or SS', 'OB or OW', 'US or OW', 'US or SS or OW') resolved from a dataset.

Follows PS3.5 §6.2 / Annex A and PS3.6 Table 6-1 notes, with the rules of pydicom's
filewriter._correct_ambiguous_vr_element.
"""

# ``lookup(keyword)`` returns the value of that element in the dataset holding the element
# or in one of its parents (nearest first), or None: the resolution depends on Pixel
# Representation, Bits Allocated, Waveform Bits Allocated and LUT Descriptor.
# pydicom resolves a fixed list of tags and leaves the others ambiguous; here every tag with
# an ambiguous VR gets one, by the same rules (the rest of 'US or SS' by Pixel Representation,
# the rest of 'OB or OW' and 'US or SS or OW' as OW, their implicit VR form).

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .valuerep import AMBIGUOUS_VR
from .values import convert_value

Lookup = Callable[[str], Any]

PIXEL_DATA_TAG = 0x7FE00010
LUT_DATA_TAG = 0x00283006
# pydicom's _AMBIGUOUS_US_SS_TAGS: the 'US or SS' elements that follow Pixel Representation.
US_SS_TAGS = frozenset(
    {
        0x00189810,  # Zero Velocity Pixel Value
        0x00221452,  # Mapped Pixel Value
        0x00280104,  # Smallest Valid Pixel Value
        0x00280105,  # Largest Valid Pixel Value
        0x00280106,  # Smallest Image Pixel Value
        0x00280107,  # Largest Image Pixel Value
        0x00280108,  # Smallest Pixel Value in Series
        0x00280109,  # Largest Pixel Value in Series
        0x00280110,  # Smallest Image Pixel Value in Plane
        0x00280111,  # Largest Image Pixel Value in Plane
        0x00280120,  # Pixel Padding Value
        0x00280121,  # Pixel Padding Range Limit
        0x00281101,  # Red Palette Color Lookup Table Descriptor
        0x00281102,  # Green Palette Color Lookup Table Descriptor
        0x00281103,  # Blue Palette Color Lookup Table Descriptor
        0x00283002,  # LUT Descriptor
        0x00409211,  # Real World Value Last Value Mapped
        0x00409216,  # Real World Value First Value Mapped
        0x00603004,  # Histogram First Bin Value
        0x00603006,  # Histogram Last Bin Value
    }
)
# PS3.3 C.10.9.1: Waveform Data and the values of its channels follow Waveform Bits Allocated.
WAVEFORM_OB_OW_TAGS = frozenset({0x54000110, 0x54000112, 0x5400100A, 0x54001010})


def _is_overlay_data(tag: int) -> bool:
    # (60xx,3000) Overlay Data, xx even (PS3.3 C.9.2).
    return tag & 0xFF01FFFF == 0x60003000


def _is_pixel_data(tag: int) -> bool:
    # (7FE0,0010) Pixel Data and the retired (7Fxx,0010) Variable Pixel Data.
    return tag & 0xFF00FFFF == 0x7F000010


def resolve_ambiguous_vr(
    tag: int,
    VR: str,  # noqa: N803 - pydicom's name
    lookup: Lookup,
    *,
    implicit_vr: bool | None = None,
    undefined_length: bool = False,
) -> str:
    """The VR that ``VR`` (one of the ambiguous VRs) stands for in this dataset.

    * 'US or SS': US when Pixel Representation is 0, SS when it is 1 (PS3.3 C.7.6.3.1.4);
      without one, US unless the dataset has Pixel Data (pydicom's rule).
    * 'OB or OW' Pixel Data: OB when encapsulated (undefined length, PS3.5 A.4), OW in
      implicit VR (PS3.5 A.1), else OW when Bits Allocated > 8, otherwise OB (PS3.5 A.2).
      Waveform elements the same with Waveform Bits Allocated; Overlay Data and the rest OW.
    * 'US or OW' LUT Data: US when the LUT Descriptor's first value is 1 (one entry,
      PS3.3 C.11.1.1.1), else OW. 'US or SS or OW': OW.

    ``implicit_vr`` None means not known (a new element): the explicit-VR rules apply.
    Any other VR is returned unchanged; nothing raises when a needed element is missing.
    """
    if VR not in AMBIGUOUS_VR:
        return VR
    if VR == "US or SS":
        return _us_or_ss(lookup)
    if VR == "US or OW":
        # Only (0028,3006) LUT Data has this VR.
        descriptor = lookup("LUTDescriptor")
        first = descriptor[0] if _is_list(descriptor) else descriptor
        return "US" if first == 1 else "OW"
    if VR == "OB or OW":
        if _is_pixel_data(tag):
            if undefined_length:
                return "OB"
            if implicit_vr:
                return "OW"
            return _by_bits(lookup("BitsAllocated"))
        if tag in WAVEFORM_OB_OW_TAGS:
            if implicit_vr:
                return "OW"
            return _by_bits(lookup("WaveformBitsAllocated"))
        return "OW"  # Overlay Data (PS3.5 §8.1.2), curves, DICONDE counts
    return "OW"  # 'US or SS or OW': (0028,1200) Gray Lookup Table Data (retired)


def _us_or_ss(lookup: Lookup) -> str:
    pixel_representation = lookup("PixelRepresentation")
    if pixel_representation is None:
        return "SS" if lookup("PixelData") is not None else "US"
    return "US" if pixel_representation == 0 else "SS"


def _by_bits(bits_allocated: Any) -> str:
    if isinstance(bits_allocated, int) and bits_allocated <= 8:
        return "OB"
    return "OW"


def _is_list(value: Any) -> bool:
    return hasattr(value, "__getitem__") and not isinstance(value, (str, bytes)) and len(value) > 0


def convert_ambiguous_value(
    tag: int,
    VR: str,  # noqa: N803
    raw: bytes,
    lookup: Lookup,
    is_little_endian: bool = True,
    encodings: list[str] | None = None,
    *,
    implicit_vr: bool | None = None,
    undefined_length: bool = False,
) -> tuple[str, Any]:
    """``(resolved VR, value)``: the VR resolved as above, ``raw`` decoded with it.

    A LUT descriptor's first value is read as unsigned, as pydicom does.
    """
    resolved = resolve_ambiguous_vr(
        tag, VR, lookup, implicit_vr=implicit_vr, undefined_length=undefined_length
    )
    return resolved, convert_value(resolved, raw, is_little_endian, encodings, tag=tag)
