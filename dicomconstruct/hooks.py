"""Callbacks for turning a raw element (tag, VR, value bytes) into a ``DataElement``'s VR and
value, as pydicom 3.0.2's ``hooks``: the VR by PS3.5 §6.2.2 (implicit VR: the dictionary's;
private: the private dictionary's, else UN, PS3.5 §6.2.2 and §7.8) and the value by
``values.convert_value``.

``hooks.raw_element_vr`` and ``hooks.raw_element_value`` hold the callbacks, replaced with
``hooks.register_callback``; ``hooks.raw_element_kwargs`` (``register_kwargs``) are passed to
them. The callbacks work on any raw element with pydicom's fields (``tag``, ``VR``,
``length``, ``value``, ``is_little_endian``...); ``dataelem.convert_raw_data_element`` calls
the registered ones. dicomconstruct's reader decodes values lazily through ``DataElement``
and does not call these hooks yet (docs/utilities.md).
"""

from __future__ import annotations

from collections.abc import Callable, MutableSequence
from typing import TYPE_CHECKING, Any

from . import config
from .datadict import dictionary_VR, private_dictionary_VR
from .errors import BytesLengthException
from .misc import warn_and_log
from .tag import BaseTag
from .values import LUT_DESCRIPTOR_TAGS, convert_value

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset

__all__ = [
    "Hooks",
    "hooks",
    "raw_element_value",
    "raw_element_value_fix_separator",
    "raw_element_value_retry",
    "raw_element_vr",
]


class Hooks:
    """The callbacks used when a raw element is converted (use the ``hooks`` instance)."""

    def __init__(self) -> None:
        self.raw_element_value: Callable[..., None]
        self.raw_element_vr: Callable[..., None]
        self.raw_element_kwargs: dict[str, Any] = {}

    def register_callback(self, hook: str, func: Callable) -> None:
        """Use ``func`` for ``hook``: ``"raw_element_vr"`` or ``"raw_element_value"``."""
        if not callable(func):
            raise TypeError("'func' must be a callable function")
        if hook not in ("raw_element_value", "raw_element_vr"):
            raise ValueError(f"Unknown hook '{hook}'")
        setattr(self, hook, func)

    def register_kwargs(self, hook: str, kwargs: dict[str, Any]) -> None:
        """Pass ``kwargs`` to the callbacks (``hook`` is ``"raw_element_kwargs"``)."""
        if not isinstance(kwargs, dict):
            raise TypeError(f"'kwargs' must be a dict, not '{type(kwargs).__name__}'")
        if hook != "raw_element_kwargs":
            raise ValueError(f"Unknown hook '{hook}'")
        self.raw_element_kwargs = kwargs


def _private_vr_for_tag(ds: Dataset | None, tag: BaseTag) -> str:
    """LO for a private creator, the private dictionary's VR under the block's creator,
    else UN (PS3.5 §7.8.1)."""
    if tag.is_private_creator:
        return "LO"
    if ds is not None and tag.element & 0xFF00:
        creator = ds.get(tag.group << 16 | tag.element >> 8)
        if creator is not None and creator.value:
            try:
                return private_dictionary_VR(tag, creator.value)
            except KeyError:
                pass
    return "UN"


def raw_element_vr(
    raw: Any,
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: Dataset | None = None,
    **kwargs: Any,
) -> None:
    """Set ``data["VR"]`` to the VR of ``raw``: its own, or in implicit VR the dictionary's
    (UL for a group length, UN with a warning if unknown; a KeyError in RAISE mode); an
    explicit UN is replaced by the known VR with ``config.replace_un_with_known_vr``."""
    vr = raw.VR
    tag = BaseTag(raw.tag)
    if vr is None:
        try:
            vr = dictionary_VR(tag)
        except KeyError:
            if tag.is_private:
                vr = _private_vr_for_tag(ds, tag)
            elif tag.element == 0:
                vr = "UL"
            else:
                msg = f"VR lookup failed for the raw element with tag {tag}"
                if config.settings.reading_validation_mode == config.RAISE:
                    raise KeyError(msg) from None
                vr = "UN"
                warn_and_log(f"{msg} - setting VR to 'UN'")
    elif vr == "UN" and config.replace_un_with_known_vr:
        if tag.is_private:
            vr = _private_vr_for_tag(ds, tag)
        elif raw.value is None or len(raw.value) < 0xFFFF:
            try:
                vr = dictionary_VR(tag)
            except KeyError:
                pass
    data["VR"] = vr


def raw_element_value(
    raw: Any,
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: Dataset | None = None,
    **kwargs: Any,
) -> None:
    """Set ``data["value"]`` to the value of ``raw`` decoded with ``data["VR"]``; a value of
    the wrong length becomes UN with ``config.convert_wrong_length_to_UN``."""
    vr = data["VR"]
    try:
        value = convert_value(vr, raw, encoding)
    except BytesLengthException as exc:
        msg = f"{exc} This occurred while trying to parse {raw.tag} according to VR '{raw.VR}'."
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(
                f"{msg} To replace this error with a warning set "
                "pydicom.config.convert_wrong_length_to_UN = True."
            ) from None
        warn_and_log(f"{msg} Setting VR to 'UN'.")
        data["VR"] = "UN"
        value = raw.value
    if raw.tag in LUT_DESCRIPTOR_TAGS and value and isinstance(value, list):
        if isinstance(value[0], int) and value[0] < 0:
            value[0] += 65536  # PS3.3 C.11.1.1.1: the first value is unsigned
    data["value"] = value


def raw_element_value_fix_separator(
    raw: Any,
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: Dataset | None,
    separator: str | bytes = b",",
    target_VRs: tuple[str, ...] | None = None,  # noqa: N803 - pydicom's name
    **kwargs: Any,
) -> None:
    """:func:`raw_element_value`, after replacing ``separator`` by a backslash (PS3.5 §6.4)
    in values of ``target_VRs``."""
    if target_VRs and data["VR"] in target_VRs and isinstance(raw.value, bytes):
        if isinstance(separator, str):
            separator = separator.encode("ascii")
        raw = raw._replace(value=raw.value.replace(separator, b"\\"))
    raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)


def raw_element_value_retry(
    raw: Any,
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: Dataset | None,
    target_VRs: dict[str, tuple[str, ...]] | None = None,  # noqa: N803 - pydicom's name
    **kwargs: Any,
) -> None:
    """:func:`raw_element_value`, retrying with the VRs ``target_VRs[VR]`` if it fails."""
    try:
        raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
    except Exception:
        vr = data["VR"]
        for candidate in (target_VRs or {}).get(vr, ()):
            try:
                data["value"] = convert_value(candidate, raw)
                data["VR"] = candidate
                return
            except Exception:  # noqa: S112 - try the next candidate, as pydicom
                continue
        raise


hooks: Hooks = Hooks()
"""The callbacks in use."""
hooks.raw_element_value = raw_element_value
hooks.raw_element_vr = raw_element_vr
