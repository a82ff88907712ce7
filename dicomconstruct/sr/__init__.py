"""Coded concepts for Structured Reporting (PS3.3 §8.8 Code Sequence Macro, PS3.16): pydicom's
``sr`` package. ``codes.SCT.Liver`` or ``codes.cid4.Liver`` is a ``Code`` (value, scheme
designator, meaning); the tables are generated into schemas/ by schemas/generate_sr.py.
"""

from .codedict import Collection, Concepts, codes
from .coding import Code

__all__ = ["Code", "Collection", "Concepts", "codes"]
