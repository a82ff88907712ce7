"""Errors raised on bad input: every fault caused by a file's bytes or a dataset's content.

Each carries the absolute byte offset and the schema path where reading or writing failed.
"""

from __future__ import annotations


class DicomError(ValueError):
    """A fault in DICOM bytes or content, located by byte offset and schema path.

    ``offset`` is the absolute position in the file (or buffer) where the faulty structure
    starts, ``path`` a readable route such as
    ``dataset / (0008,1032) SQ / item 0 / (0008,0100) SH / length``.
    """

    def __init__(self, message: str, offset: int | None = None, path: str | None = None):
        self.message = message
        self.offset = offset
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        where = []
        if self.offset is not None:
            where.append(f"at byte {self.offset} (0x{self.offset:X})")
        if self.path:
            where.append(f"in {self.path}")
        return f"{self.message} [{', '.join(where)}]" if where else self.message

    def __reduce__(self):
        return (type(self), (self.message, self.offset, self.path))


class InvalidDicomError(DicomError):
    """The bytes are not a DICOM file (no preamble and 'DICM' prefix, or no usable meta)."""

    def __init__(
        self,
        message: str = "The specified file is not a valid DICOM file.",
        offset: int | None = None,
        path: str | None = None,
    ):
        super().__init__(message, offset, path)


class TruncatedDataError(DicomError, EOFError):
    """A header or value is cut off by the end of the data, or declares more than remains.

    Also an ``EOFError``, which pydicom raises when the data ends too soon, so code written
    for pydicom catches it."""


class FileChangedError(DicomError):
    """The file a value is read back from (``defer_size``) is no longer the one read: another
    size, modification time or inode. Its bytes would be another file's."""


class NestingTooDeepError(DicomError):
    """Sequences nested deeper than the reader allows (instead of exhausting Python's stack)."""


class BytesLengthException(DicomError):  # noqa: N818 - pydicom's name
    """An unexpected number of bytes (pydicom's name; a DicomError here, an Exception there)."""


class ValueTypeError(DicomError, TypeError):
    """A value of a Python type the element's VR cannot hold (``ds.PatientName = object()``).

    A ``TypeError``; also a ``ValueError`` (through DicomError), which is what pydicom raises
    for a wrong type when its validation mode is RAISE, so code written for pydicom catches it.
    """


class ValueRangeError(DicomError, OverflowError):
    """A number outside what the element's VR holds (``ds.Rows = 70000``, a US).

    A DicomError (a ValueError, as pydicom raises in strict mode); also an ``OverflowError``,
    which pydicom raises for a tag past 32 bits, so code written for pydicom catches it.
    """


class CharsetDecodeError(UnicodeDecodeError, DicomError):
    """Text its Specific Character Set cannot decode, when reading is strict
    (``config.settings.reading_validation_mode`` RAISE): a DicomError, and the
    ``UnicodeDecodeError`` pydicom raises there."""

    def __init__(self, exc: UnicodeDecodeError):
        UnicodeDecodeError.__init__(self, exc.encoding, exc.object, exc.start, exc.end, exc.reason)
        self.message, self.offset, self.path = UnicodeDecodeError.__str__(self), None, None

    def __str__(self) -> str:
        return UnicodeDecodeError.__str__(self)

    def __reduce__(self):
        exc = UnicodeDecodeError(self.encoding, self.object, self.start, self.end, self.reason)
        return (type(self), (exc,))


class CharsetEncodeError(UnicodeEncodeError, DicomError):
    """Text its Specific Character Set cannot encode, when writing is strict
    (``config.settings.writing_validation_mode`` RAISE): a DicomError, and the
    ``UnicodeEncodeError`` pydicom raises there."""

    def __init__(self, exc: UnicodeEncodeError):
        UnicodeEncodeError.__init__(self, exc.encoding, exc.object, exc.start, exc.end, exc.reason)
        self.message, self.offset, self.path = UnicodeEncodeError.__str__(self), None, None

    def __str__(self) -> str:
        return UnicodeEncodeError.__str__(self)

    def __reduce__(self):
        exc = UnicodeEncodeError(self.encoding, self.object, self.start, self.end, self.reason)
        return (type(self), (exc,))


class InvalidValueError(DicomError):
    """A text value its VR's character repertoire, format or maximum length does not allow
    (PS3.5 Table 6.2-1), which can still be written as given: the writer raises it, naming the
    element, when writing is strict (``config.settings.writing_validation_mode`` RAISE); by
    default it warns and writes the value, as pydicom."""


class ElementWriteError(DicomError, OSError):
    """A number value ``write_numbers`` cannot pack: a DicomError, and the OSError pydicom's
    ``write_numbers`` raises, naming the element."""


class UnknownCharsetError(DicomError, LookupError):
    """A Specific Character Set term no codec stands for, when reading is strict: a
    DicomError, and the ``LookupError`` pydicom raises there."""


class MissingFileMetaError(DicomError, AttributeError):
    """A Type 1 File Meta Information element (PS3.10 §7.1) that is missing or empty where a
    conformant file needs it: a DicomError, and the ``AttributeError`` pydicom 3 raises there."""
