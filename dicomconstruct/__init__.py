"""dicomconstruct: read, edit, write and inspect DICOM Part 10 files through construct schemas."""

__version__ = "0.1.0"
