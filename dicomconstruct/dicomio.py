"""The points of entry for reading and writing files (PS3.10 §7), as pydicom's ``dicomio``."""

from .filereader import dcmread
from .filewriter import dcmwrite

__all__ = ["dcmread", "dcmwrite"]
