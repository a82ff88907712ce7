"""The byte layouts of a DICOM file (PS3.10 §7.1, PS3.5 §7, §A.4): moved to ``codec.layouts``.

This name stays for code that imports ``dicomconstruct.layouts``: it is the same module.
"""

import sys

from .codec import layouts

sys.modules[__name__] = layouts
