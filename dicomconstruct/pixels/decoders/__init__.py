# Copyright 2008-2024 pydicom authors. See LICENSE file for details.

from dicomconstruct.pixels.decoders.base import (
    DeflatedExplicitVRLittleEndianDecoder,
    ExplicitVRBigEndianDecoder,
    ExplicitVRLittleEndianDecoder,
    HTJ2KDecoder,
    HTJ2KLosslessDecoder,
    HTJ2KLosslessRPCLDecoder,
    ImplicitVRLittleEndianDecoder,
    JPEG2000Decoder,
    JPEG2000LosslessDecoder,
    JPEGBaseline8BitDecoder,
    JPEGExtended12BitDecoder,
    JPEGLosslessDecoder,
    JPEGLosslessSV1Decoder,
    JPEGLSLosslessDecoder,
    JPEGLSNearLosslessDecoder,
    RLELosslessDecoder,
)
