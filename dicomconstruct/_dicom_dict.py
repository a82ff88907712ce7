"""pydicom's name for the standard data dictionary table (``pydicom._dicom_dict``).

The table itself is ``schemas/dictionary.tsv`` (PS3.6 §6-§8); this module only gives it
pydicom's module path, for code that imports it from there.
"""

from .datadict import DicomDictionary, RepeatersDictionary

__all__ = ["DicomDictionary", "RepeatersDictionary"]
