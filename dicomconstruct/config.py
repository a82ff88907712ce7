"""Run-time switches, under pydicom's names and defaults (``pydicom.config``).

Ground layer: imports nothing of the package. PS3.5 §6.2 governs what the validation modes check.
"""

# ``datetime_conversion``: when True, DA, DT and TM values are read as ``valuerep.DA``, ``DT``
# and ``TM`` (``datetime.date``, ``datetime.datetime`` and ``datetime.time`` that keep their
# text, PS3.5 Table 6.2-1); when False (the default) they are strings, as in pydicom.
# The other switches have pydicom 3.0.2's names and defaults; which of them the reader and
# writer honour yet is listed in docs/pydicom.md.

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Generator
from contextlib import contextmanager

logger = logging.getLogger("dicomconstruct")
logger.addHandler(logging.NullHandler())  # as pydicom's: silent unless the application says

# How a fault in a value is handled (the same numbers as valuerep's and pydicom's).
IGNORE = 0
WARN = 1
RAISE = 2

# Whether numpy can be imported (pydicom's name; found without importing it).
have_numpy = importlib.util.find_spec("numpy") is not None
datetime_conversion = False
use_DS_numpy = False  # noqa: N816 - pydicom's name
use_IS_numpy = False  # noqa: N816
use_DS_decimal = False  # noqa: N816
allow_DS_float = False  # noqa: N816
enforce_valid_values = False
convert_wrong_length_to_UN = False  # noqa: N816
use_none_as_empty_text_VR_value = False  # noqa: N816
replace_un_with_known_vr = True
show_file_meta = True
assume_implicit_vr_switch = True
INVALID_KEYWORD_BEHAVIOR = "WARN"
INVALID_KEY_BEHAVIOR = "WARN"
data_element_callback = None
data_element_callback_kwargs: dict = {}
_use_future = False
_use_future_env = os.getenv("PYDICOM_FUTURE")


class Settings:
    """pydicom's ``config.settings``: validation modes, read buffer size, SQ inference."""

    def __init__(self) -> None:
        self._reading_validation_mode: int | None = None
        self._writing_validation_mode: int | None = RAISE if _use_future else None
        self._infer_sq_for_un_vr = True
        self._buffered_read_size = 8192

    @property
    def buffered_read_size(self) -> int:
        return self._buffered_read_size

    @buffered_read_size.setter
    def buffered_read_size(self, size: int) -> None:
        if not isinstance(size, int) or size <= 0:
            raise ValueError("The read size must be greater than 0")
        self._buffered_read_size = size

    @property
    def reading_validation_mode(self) -> int:
        """WARN by default; RAISE if ``enforce_valid_values`` is set, as pydicom."""
        if self._reading_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._reading_validation_mode

    @reading_validation_mode.setter
    def reading_validation_mode(self, value: int) -> None:
        self._reading_validation_mode = value

    @property
    def writing_validation_mode(self) -> int:
        """RAISE if ``enforce_valid_values`` is set, else WARN, as pydicom."""
        if self._writing_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._writing_validation_mode

    @writing_validation_mode.setter
    def writing_validation_mode(self, value: int) -> None:
        self._writing_validation_mode = value

    @property
    def infer_sq_for_un_vr(self) -> bool:
        return self._infer_sq_for_un_vr

    @infer_sq_for_un_vr.setter
    def infer_sq_for_un_vr(self, value: bool) -> None:
        self._infer_sq_for_un_vr = value


settings = Settings()


@contextmanager
def disable_value_validation() -> Generator[None, None, None]:
    """Within the block, neither reading nor writing validates values."""
    reading, writing = settings._reading_validation_mode, settings._writing_validation_mode
    try:
        settings.reading_validation_mode = IGNORE
        settings.writing_validation_mode = IGNORE
        yield
    finally:
        settings._reading_validation_mode = reading
        settings._writing_validation_mode = writing


@contextmanager
def strict_reading() -> Generator[None, None, None]:
    """Within the block, reading raises on invalid values."""
    reading = settings._reading_validation_mode
    try:
        settings.reading_validation_mode = RAISE
        yield
    finally:
        settings._reading_validation_mode = reading


@contextmanager
def strict_writing() -> Generator[None, None, None]:
    """Within the block, writing raises on invalid values (a text value outside its VR's
    repertoire, format or length is a DicomError naming the element, not a warning)."""
    writing = settings._writing_validation_mode
    try:
        settings.writing_validation_mode = RAISE
        yield
    finally:
        settings._writing_validation_mode = writing


def reset_data_element_callback() -> None:
    global data_element_callback, data_element_callback_kwargs
    data_element_callback = None
    data_element_callback_kwargs = {}


def DS_numpy(use_numpy: bool = True) -> None:  # noqa: N802 - pydicom's name
    """pydicom's switch for numpy DS values; dicomconstruct has no numpy: ValueError if on."""
    global use_DS_numpy
    if use_numpy:
        raise ValueError("dicomconstruct does not use numpy: DS values are DSfloat or DSdecimal")
    use_DS_numpy = False


def DS_decimal(use_Decimal_boolean: bool = True) -> None:  # noqa: N802, N803 - pydicom's names
    """Read DS values as ``DSdecimal`` (True) or ``DSfloat`` (False)."""
    global use_DS_decimal
    use_DS_decimal = use_Decimal_boolean


def debug(debug_on: bool = True, default_handler: bool = True) -> None:
    """Turn debugging messages of the ``dicomconstruct`` logger on or off; with
    ``default_handler`` they go to a :class:`logging.StreamHandler` (added once)."""
    global debugging
    if default_handler and not any(type(h) is logging.StreamHandler for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug_on else logging.WARNING)
    debugging = debug_on


debugging = False


def future_behavior(enable_future: bool = True) -> None:
    """pydicom's opt-in to its next major version's behaviour (stricter writing)."""
    global _use_future, INVALID_KEYWORD_BEHAVIOR
    _use_future = enable_future
    INVALID_KEYWORD_BEHAVIOR = "RAISE" if enable_future else "WARN"
    settings._writing_validation_mode = RAISE if enable_future else None


# -- pixel data (dicomconstruct.pixels, docs/pixels.md) -----------------------------------------
# pydicom's deprecated pixel data handlers (the v2 backend, dicomconstruct.pixel_data_handlers)
# and switches, looked up on first use (PEP 562) so that importing config imports no numpy.
APPLY_J2K_CORRECTIONS = True
_PIXEL_HANDLERS = {
    "np_handler": "numpy_handler",
    "gdcm_handler": "gdcm_handler",
    "pillow_handler": "pillow_handler",
    "jpegls_handler": "jpeg_ls_handler",
    "pylibjpeg_handler": "pylibjpeg_handler",
    "rle_handler": "rle_handler",
}


def __getattr__(name: str):
    import importlib

    if name in _PIXEL_HANDLERS:
        module = importlib.import_module(
            f"dicomconstruct.pixel_data_handlers.{_PIXEL_HANDLERS[name]}"
        )
        globals()[name] = module
        return module
    if name == "pixel_data_handlers":
        handlers = [__getattr__(handler) for handler in _PIXEL_HANDLERS]
        globals()[name] = handlers
        return handlers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# PYDICOM_FUTURE in the environment turns pydicom's future behaviour on at import, as pydicom.
if _use_future_env:
    if _use_future_env.lower() in ("true", "yes", "on", "1"):
        future_behavior()
    elif _use_future_env.lower() not in ("false", "no", "off", "0"):
        raise ValueError(
            "Unknown setting for environment variable PYDICOM_FUTURE. Use True or False."
        )
