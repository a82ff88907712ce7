# TODO: remove module in v4.0
from typing import Any

from dicomconstruct import config
from dicomconstruct.misc import warn_and_log
from dicomconstruct.pixels.processing import (
    apply_color_lut as _apply_color_lut,
)
from dicomconstruct.pixels.processing import (
    apply_modality_lut as _apply_modality_lut,
)
from dicomconstruct.pixels.processing import (
    apply_voi as _apply_voi,
)
from dicomconstruct.pixels.processing import (
    apply_voi_lut as _apply_voi_lut,
)
from dicomconstruct.pixels.processing import (
    apply_windowing as _apply_windowing,
)
from dicomconstruct.pixels.processing import (
    convert_color_space as _convert_color_space,
)
from dicomconstruct.pixels.utils import (
    expand_ybr422 as _expand_ybr422,
)
from dicomconstruct.pixels.utils import (
    pack_bits as _pack_bits,
)
from dicomconstruct.pixels.utils import (
    unpack_bits as _unpack_bits,
)

_DEPRECATED = {
    "apply_color_lut": _apply_color_lut,
    "apply_modality_lut": _apply_modality_lut,
    "apply_rescale": _apply_modality_lut,
    "apply_voi_lut": _apply_voi_lut,
    "apply_voi": _apply_voi,
    "apply_windowing": _apply_windowing,
    "convert_color_space": _convert_color_space,
    "pack_bits": _pack_bits,
    "unpack_bits": _unpack_bits,
}
_DEPRECATED_UTIL = {
    "expand_ybr422": _expand_ybr422,
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and not config._use_future:
        msg = (
            "The 'pydicom.pixel_data_handlers' module will be removed "
            f"in v4.0, please use 'from pydicom.pixels import {name}' instead"
        )
        warn_and_log(msg, DeprecationWarning)
        return _DEPRECATED[name]

    if name in _DEPRECATED_UTIL and not config._use_future:
        msg = (
            "The 'pydicom.pixel_data_handlers' module will be removed "
            f"in v4.0, please use 'from pydicom.pixels.utils import {name}' instead"
        )
        warn_and_log(msg, DeprecationWarning)
        return _DEPRECATED_UTIL[name]

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The v2 backend of Dataset.pixel_array (pixel_array_options(use_v2_backend=True)), as
# pydicom 3.0.2's Dataset._convert_pixel_data_using_handler / _without_handler.
def convert_with_handlers(ds: Any, name: str = "") -> None:
    """Decode ``ds``'s pixel data with the handler ``name``, or the first that works."""
    from dicomconstruct.misc import LOGGER

    if name:
        handler_name = name.lower()
        if not handler_name.endswith("_handler"):
            handler_name += "_handler"
        if handler_name == "numpy_handler":
            handler_name = "np_handler"
        if handler_name == "jpeg_ls_handler":
            handler_name = "jpegls_handler"
        if handler_name not in config._PIXEL_HANDLERS:
            raise ValueError(f"'{name}' is not a known handler name")
        handler = getattr(config, handler_name)
        tsyntax = ds.file_meta.TransferSyntaxUID
        if not handler.supports_transfer_syntax(tsyntax):
            raise NotImplementedError(
                "Unable to decode pixel data with a transfer syntax UID"
                f" of '{tsyntax}' ({tsyntax.name}) using the pixel data "
                f"handler '{name}'. Please see the pydicom documentation for "
                "information on supported transfer syntaxes."
            )
        if not handler.is_available():
            raise RuntimeError(
                f"The pixel data handler '{name}' is not available on your "
                "system. Please refer to the pydicom documentation for "
                "information on installing needed packages."
            )
        _convert(ds, handler)
        return

    ts = ds.file_meta.TransferSyntaxUID
    possible = [
        hh
        for hh in config.pixel_data_handlers
        if hh is not None and hh.supports_transfer_syntax(ts)
    ]
    if not possible:
        raise NotImplementedError(
            "Unable to decode pixel data with a transfer syntax UID of "
            f"'{ts}' ({ts.name}) as there are no pixel data "
            "handlers available that support it. Please see the pydicom "
            "documentation for information on supported transfer syntaxes "
        )
    available = [hh for hh in possible if hh.is_available()]
    if not available:
        import importlib.util

        messages = []
        for hh in possible:
            deps = hh.DEPENDENCIES
            missing = [dd for dd in deps if importlib.util.find_spec(dd) is None]
            messages.append(f"{hh.HANDLER_NAME} (req. {', '.join(deps[m][1] for m in missing)})")
        raise RuntimeError(
            "The following handlers are available to decode the pixel data however they are "
            "missing required dependencies: " + ", ".join(messages)
        )
    last_exception: Exception | None = None
    for handler in available:
        try:
            _convert(ds, handler)
            return
        except Exception as exc:
            LOGGER.debug("Exception raised by pixel data handler", exc_info=exc)
            last_exception = exc
    ds._pixel_array = None
    ds._pixel_id = {}
    raise last_exception  # type: ignore[misc]


def _convert(ds: Any, handler: Any) -> None:
    from dicomconstruct.pixels.processing import convert_color_space
    from dicomconstruct.pixels.utils import get_image_pixel_ids, reshape_pixel_array

    arr = handler.get_pixeldata(ds)
    ds._pixel_array = reshape_pixel_array(ds, arr)
    if handler.needs_to_convert_to_RGB(ds):
        ds._pixel_array = convert_color_space(ds._pixel_array, "YBR_FULL", "RGB")
    ds._pixel_id = get_image_pixel_ids(ds)
