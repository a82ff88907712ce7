"""Callbacks that repair non-conformant raw values before they are decoded (pydicom's
``util.fixer``): a wrong multi-value separator (PS3.5 §6.4 requires a backslash), or a value
that does not decode with its VR.

They are installed as ``config.data_element_callback``: the reader applies it to each raw
element it reads where it supports the callback (see docs/utilities.md).
"""

from __future__ import annotations

from typing import Any

from .. import config, datadict, values

__all__ = ["fix_mismatch", "fix_mismatch_callback", "fix_separator", "fix_separator_callback"]


def fix_separator_callback(raw_elem: Any, **kwargs: Any) -> Any:
    """``raw_elem`` with ``kwargs["invalid_separator"]`` replaced by a backslash in its value,
    if its VR is one of ``kwargs["for_VRs"]`` (or unknown, with
    ``kwargs["process_unknown_VRs"]``). A space separator keeps the trailing padding."""
    if raw_elem.VR is None:
        try:
            try_replace = datadict.dictionary_VR(raw_elem.tag) in kwargs["for_VRs"]
        except KeyError:
            try_replace = kwargs["process_unknown_VRs"]
    else:
        try_replace = raw_elem.VR in kwargs["for_VRs"]
    if not try_replace:
        return raw_elem
    separator = kwargs["invalid_separator"]
    value = raw_elem.value
    if value is not None:
        if separator == b" ":
            stripped = value.strip()
            value = stripped.replace(separator, b"\\") + b" " * (len(value) - len(stripped))
        else:
            value = value.replace(separator, b"\\")
    return raw_elem._replace(value=value)


def fix_separator(
    invalid_separator: bytes,
    for_VRs: tuple[str, ...] = ("DS", "IS"),  # noqa: N803 - pydicom's name
    process_unknown_VRs: bool = True,  # noqa: N803 - pydicom's name
) -> None:
    """Install :func:`fix_separator_callback` for ``invalid_separator`` (one byte) in values
    of ``for_VRs`` (and of elements whose VR is unknown, with ``process_unknown_VRs``)."""
    config.data_element_callback = fix_separator_callback
    config.data_element_callback_kwargs = {
        "invalid_separator": invalid_separator,
        "for_VRs": for_VRs,
        "process_unknown_VRs": process_unknown_VRs,
    }


def fix_mismatch_callback(raw_elem: Any, **kwargs: Any) -> Any:
    """``raw_elem`` with another VR, if its value does not decode with its own: of
    ``kwargs["with_VRs"]``, the last one the value decodes with (as pydicom)."""
    if raw_elem.VR is None:
        return raw_elem
    try:
        values.convert_value(raw_elem.VR, raw_elem)
    except ValueError:
        for vr in kwargs["with_VRs"]:
            try:
                values.convert_value(vr, raw_elem)
            except ValueError:
                continue
            raw_elem = raw_elem._replace(VR=vr)
    return raw_elem


def fix_mismatch(with_VRs: tuple[str, ...] = ("PN", "DS", "IS")) -> None:  # noqa: N803
    """Install :func:`fix_mismatch_callback`, trying ``with_VRs`` in turn."""
    config.data_element_callback = fix_mismatch_callback
    config.data_element_callback_kwargs = {"with_VRs": with_VRs}
