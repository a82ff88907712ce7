# Copyright 2008-2024 pydicom authors. See LICENSE file for details.

from dicomconstruct.pixels.encoders.base import (
    JPEG2000Encoder,
    JPEG2000LosslessEncoder,
    JPEGLSLosslessEncoder,
    JPEGLSNearLosslessEncoder,
    RLELosslessEncoder,
)
