# Copyright 2008-2024 pydicom authors. See LICENSE file for details.

from dicomconstruct.pixels.decoders.base import get_decoder
from dicomconstruct.pixels.encoders.base import get_encoder
from dicomconstruct.pixels.inspect import PixelProblem, inspect_pixels
from dicomconstruct.pixels.processing import (
    apply_color_lut,
    apply_icc_profile,
    apply_modality_lut,
    apply_presentation_lut,
    apply_rescale,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    convert_color_space,
    create_icc_transform,
)
from dicomconstruct.pixels.utils import (
    as_pixel_options,
    compress,
    decompress,
    iter_pixels,
    pack_bits,
    pixel_array,
    set_pixel_data,
    unpack_bits,
)
