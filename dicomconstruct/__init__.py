"""dicomconstruct: read, edit, write and inspect DICOM Part 10 files through construct schemas.

The byte layouts (PS3.10 §7, PS3.5 §7) live in ``layouts``; the API follows pydicom's.
"""

# pydicom's package has ``config`` as an attribute; every read consults it, so it is loaded
# here rather than in the middle of the first dcmread (where it added 3 ms of logging import).
from . import config  # noqa: F401 - an attribute, as in pydicom
from .dataelem import DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import DicomError, InvalidDicomError
from .filereader import dcmread, read_partial
from .filewriter import dcmwrite
from .sequence import Sequence
from .tag import Tag

__version__ = "0.1.0"
__version_info__ = tuple(__version__.split("."))  # pydicom's form: ('0', '1', '0')
# The edition of PS3.6 the tables in schemas/ were generated from (schemas/README.md).
__dicom_version__ = "2024c"

__all__ = [
    "DataElement",
    "Dataset",
    "DicomError",
    "FileDataset",
    "FileMetaDataset",
    "InvalidDicomError",
    "Sequence",
    "Tag",
    "dcmread",
    "dcmwrite",
    "read_partial",
    "__version__",
    "__version_info__",
]
