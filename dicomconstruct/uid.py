"""Unique identifiers (PS3.5 §9) that know their registry entry (PS3.6 Annex A) and encoding.

Transfer syntax properties follow PS3.5 Annex A through schemas/transfer_syntaxes.tsv.
"""

from __future__ import annotations

import re

from . import tables
from .valuerep import IGNORE, validate_value

# PS3.5 §9.1: components of digits without leading zeros, separated by '.', 64 characters at most.
RE_VALID_UID = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")
RE_VALID_UID_PREFIX = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")


_CONFORMANT = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\Z")


class UID(str):
    """A UID string that knows its name in the UID registry.

    No ``__slots__``: a private transfer syntax's encoding given by
    :meth:`set_private_encoding` is kept on the object (and the UIDs made from it), as
    pydicom keeps it, so that setting it on one UID changes no other.
    """

    def __new__(cls, val: str, validation_mode: int | None = None) -> UID:
        if not isinstance(val, str):
            raise TypeError("A UID must be created from a string")
        # PS3.5 §9.1: digits and dots, at most 64 characters; checked as ``validation_mode``
        # says (None: config.settings.reading_validation_mode), as pydicom. The common case,
        # a conformant UID, takes the fast path (a regex, and no table read at import).
        if validation_mode != IGNORE and not (len(val) <= 64 and _CONFORMANT.match(val)):
            validate_value("UI", val, validation_mode)
        uid = super().__new__(cls, val.strip())
        own = getattr(val, "_private_syntax", None)
        if own is not None:  # as pydicom: a UID made from one keeps its private encoding
            uid._private_syntax = own
        return uid

    def _entry(self) -> tables.UIDEntry | None:
        return tables.uid_entry(str(self))

    def _syntax(self) -> tables.TransferSyntax:
        syntax = tables.transfer_syntax(self)
        if syntax is None:
            raise ValueError("UID is not a transfer syntax.")
        return syntax

    @property
    def name(self) -> str:
        """The registry name, or the UID itself if it is not in the registry."""
        entry = self._entry()
        return entry.name if entry is not None else str(self)

    @property
    def type(self) -> str:
        """The registry type, such as 'SOP Class' or 'Transfer Syntax', else ''."""
        entry = self._entry()
        return entry.type if entry is not None else ""

    @property
    def info(self) -> str:
        entry = self._entry()
        return entry.info if entry is not None else ""

    @property
    def keyword(self) -> str:
        entry = self._entry()
        return entry.keyword if entry is not None else ""

    @property
    def is_retired(self) -> bool:
        entry = self._entry()
        return entry is not None and entry.retired

    @property
    def is_private(self) -> bool:
        """True unless the UID is under the DICOM root 1.2.840.10008 (PS3.5 §9)."""
        return self[:14] != "1.2.840.10008."

    @property
    def is_valid(self) -> bool:
        """True if the UID is well formed (PS3.5 §9.1)."""
        return len(self) <= 64 and RE_VALID_UID.match(self) is not None

    @property
    def is_transfer_syntax(self) -> bool:
        return tables.transfer_syntax(self) is not None

    @property
    def is_implicit_VR(self) -> bool:  # noqa: N802 - pydicom's name
        """True for Implicit VR Little Endian (PS3.5 §A.1); ValueError if not a transfer syntax."""
        return self._syntax().implicit_vr

    @property
    def is_little_endian(self) -> bool:
        return self._syntax().little_endian

    @property
    def is_deflated(self) -> bool:
        """True if the whole data set is deflated (PS3.5 §A.5, §A.7)."""
        return self._syntax().deflated

    @property
    def is_encapsulated(self) -> bool:
        """True if Pixel Data is encapsulated in fragments (PS3.5 §A.4)."""
        return self._syntax().encapsulated

    @property
    def is_compressed(self) -> bool:
        """The same as is_encapsulated, as in pydicom."""
        return self._syntax().encapsulated

    @property
    def private_encoding(self) -> tuple[bool, bool] | None:
        """(implicit VR, little endian) of a private transfer syntax, set on this UID with
        :meth:`set_private_encoding` or registered with :func:`register_transfer_syntax`,
        else None."""
        syntax = getattr(self, "_private_syntax", None) or tables._private_syntaxes.get(self)
        return None if syntax is None else (syntax.implicit_vr, syntax.little_endian)

    def set_private_encoding(self, implicit_vr: bool, little_endian: bool) -> None:
        """Give this private transfer syntax its data set encoding, on this object and the
        UIDs made from it (pydicom's rule): written with it as the Transfer Syntax UID, a
        dataset is written in that encoding. :func:`register_transfer_syntax` makes it
        known for every UID of that value, the reader's included."""
        self._private_syntax = tables.private_transfer_syntax(str(self), implicit_vr, little_endian)


# The UIDs named in this module are known to be valid: made with IGNORE, so that importing it
# checks nothing (and reads no table).

# PS3.5 §B.2: a UID under the 2.25 root is the decimal form of a UUID (ISO/IEC 9834-8).
# This one was derived once from a uuid4; it is dicomconstruct's (0002,0012) Implementation
# Class UID and the namespace of the UUIDs that generate_uid derives from entropy sources.
DICOMCONSTRUCT_IMPLEMENTATION_UID = UID("2.25.77557213650298884604423093173078033797", IGNORE)


def generate_uid(prefix: str | None = None, entropy_srcs: list[str] | None = None) -> UID:
    """Return a new UID of at most 64 characters.

    With no ``prefix`` it is ``2.25.`` and a UUID as an integer (PS3.5 §B.2): random, or, given
    ``entropy_srcs``, derived from them (a name-based UUID, so the same sources give the same
    UID).  With a ``prefix`` (at most 54 characters, ending in '.') the rest is random, or the
    SHA-512 of the joined ``entropy_srcs``, cut to 64 characters, as pydicom does.
    """
    import hashlib  # here, not at the top: only UID generation needs them
    import secrets
    import uuid

    if prefix is None:
        if entropy_srcs is None:
            return UID(f"2.25.{uuid.uuid4().int}")
        namespace = uuid.UUID(int=int(DICOMCONSTRUCT_IMPLEMENTATION_UID[5:]))
        return UID(f"2.25.{uuid.uuid5(namespace, ''.join(entropy_srcs)).int}")
    if len(prefix) > 54:
        raise ValueError("The 'prefix' should be no more than 54 characters long")
    if not RE_VALID_UID_PREFIX.match(prefix):
        raise ValueError(
            "The 'prefix' is not valid for use with a UID, see Part 5, Section 9.1 of the "
            "DICOM Standard"
        )
    if entropy_srcs is None:
        return UID(f"{prefix}{secrets.randbelow(10 ** (64 - len(prefix)))}"[:64])
    digest = hashlib.sha512("".join(entropy_srcs).encode("utf-8")).hexdigest()
    return UID(f"{prefix}{int(digest, 16)}"[:64])


# pydicom's root and Implementation Class UID, for code that names them; dicomconstruct
# never generates UIDs under another organisation's root (generate_uid uses 2.25, PS3.5 §B.2).
PYDICOM_ROOT_UID = "1.2.826.0.1.3680043.8.498."
PYDICOM_IMPLEMENTATION_UID = UID(f"{PYDICOM_ROOT_UID}1", IGNORE)

PrivateTransferSyntaxes: list[UID] = []


def register_transfer_syntax(
    uid: str | UID, implicit_vr: bool | None = None, little_endian: bool | None = None
) -> UID:
    """Register a private transfer syntax so that dcmread and dcmwrite know its encoding,
    as pydicom's; ValueError if the encoding is not given and not already set."""
    uid = UID(uid)
    if None in (implicit_vr, little_endian) and not uid.is_transfer_syntax:
        raise ValueError(
            "The corresponding dataset encoding for 'uid' must be set using "
            "the 'implicit_vr' and 'little_endian' arguments"
        )
    if implicit_vr is not None and little_endian is not None:
        uid.set_private_encoding(implicit_vr, little_endian)
    own = getattr(uid, "_private_syntax", None)
    if own is not None:
        tables.add_private_transfer_syntax(str(uid), own.implicit_vr, own.little_endian)
    if uid not in PrivateTransferSyntaxes:
        PrivateTransferSyntaxes.append(uid)
    return uid


# Transfer syntaxes by their PS3.6 keyword: every one of the registry, retired ones too.
ImplicitVRLittleEndian = UID("1.2.840.10008.1.2", IGNORE)
ExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1", IGNORE)
EncapsulatedUncompressedExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1.98", IGNORE)
DeflatedExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1.99", IGNORE)
ExplicitVRBigEndian = UID("1.2.840.10008.1.2.2", IGNORE)
JPEGBaseline8Bit = UID("1.2.840.10008.1.2.4.50", IGNORE)
JPEGExtended12Bit = UID("1.2.840.10008.1.2.4.51", IGNORE)
JPEGExtended35 = UID("1.2.840.10008.1.2.4.52", IGNORE)
JPEGSpectralSelectionNonHierarchical68 = UID("1.2.840.10008.1.2.4.53", IGNORE)
JPEGSpectralSelectionNonHierarchical79 = UID("1.2.840.10008.1.2.4.54", IGNORE)
JPEGFullProgressionNonHierarchical1012 = UID("1.2.840.10008.1.2.4.55", IGNORE)
JPEGFullProgressionNonHierarchical1113 = UID("1.2.840.10008.1.2.4.56", IGNORE)
JPEGLossless = UID("1.2.840.10008.1.2.4.57", IGNORE)
JPEGLosslessNonHierarchical15 = UID("1.2.840.10008.1.2.4.58", IGNORE)
JPEGExtendedHierarchical1618 = UID("1.2.840.10008.1.2.4.59", IGNORE)
JPEGExtendedHierarchical1719 = UID("1.2.840.10008.1.2.4.60", IGNORE)
JPEGSpectralSelectionHierarchical2022 = UID("1.2.840.10008.1.2.4.61", IGNORE)
JPEGSpectralSelectionHierarchical2123 = UID("1.2.840.10008.1.2.4.62", IGNORE)
JPEGFullProgressionHierarchical2426 = UID("1.2.840.10008.1.2.4.63", IGNORE)
JPEGFullProgressionHierarchical2527 = UID("1.2.840.10008.1.2.4.64", IGNORE)
JPEGLosslessHierarchical28 = UID("1.2.840.10008.1.2.4.65", IGNORE)
JPEGLosslessHierarchical29 = UID("1.2.840.10008.1.2.4.66", IGNORE)
JPEGLosslessSV1 = UID("1.2.840.10008.1.2.4.70", IGNORE)
JPEGLSLossless = UID("1.2.840.10008.1.2.4.80", IGNORE)
JPEGLSNearLossless = UID("1.2.840.10008.1.2.4.81", IGNORE)
JPEG2000Lossless = UID("1.2.840.10008.1.2.4.90", IGNORE)
JPEG2000 = UID("1.2.840.10008.1.2.4.91", IGNORE)
JPEG2000MCLossless = UID("1.2.840.10008.1.2.4.92", IGNORE)
JPEG2000MC = UID("1.2.840.10008.1.2.4.93", IGNORE)
JPIPReferenced = UID("1.2.840.10008.1.2.4.94", IGNORE)
JPIPReferencedDeflate = UID("1.2.840.10008.1.2.4.95", IGNORE)
MPEG2MPML = UID("1.2.840.10008.1.2.4.100", IGNORE)
MPEG2MPMLF = UID("1.2.840.10008.1.2.4.100.1", IGNORE)
MPEG2MPHL = UID("1.2.840.10008.1.2.4.101", IGNORE)
MPEG2MPHLF = UID("1.2.840.10008.1.2.4.101.1", IGNORE)
MPEG4HP41 = UID("1.2.840.10008.1.2.4.102", IGNORE)
MPEG4HP41F = UID("1.2.840.10008.1.2.4.102.1", IGNORE)
MPEG4HP41BD = UID("1.2.840.10008.1.2.4.103", IGNORE)
MPEG4HP41BDF = UID("1.2.840.10008.1.2.4.103.1", IGNORE)
MPEG4HP422D = UID("1.2.840.10008.1.2.4.104", IGNORE)
MPEG4HP422DF = UID("1.2.840.10008.1.2.4.104.1", IGNORE)
MPEG4HP423D = UID("1.2.840.10008.1.2.4.105", IGNORE)
MPEG4HP423DF = UID("1.2.840.10008.1.2.4.105.1", IGNORE)
MPEG4HP42STEREO = UID("1.2.840.10008.1.2.4.106", IGNORE)
MPEG4HP42STEREOF = UID("1.2.840.10008.1.2.4.106.1", IGNORE)
HEVCMP51 = UID("1.2.840.10008.1.2.4.107", IGNORE)
HEVCM10P51 = UID("1.2.840.10008.1.2.4.108", IGNORE)
HTJ2KLossless = UID("1.2.840.10008.1.2.4.201", IGNORE)
HTJ2KLosslessRPCL = UID("1.2.840.10008.1.2.4.202", IGNORE)
HTJ2K = UID("1.2.840.10008.1.2.4.203", IGNORE)
JPIPHTJ2KReferenced = UID("1.2.840.10008.1.2.4.204", IGNORE)
JPIPHTJ2KReferencedDeflate = UID("1.2.840.10008.1.2.4.205", IGNORE)
RLELossless = UID("1.2.840.10008.1.2.5", IGNORE)
RFC2557MIMEEncapsulation = UID("1.2.840.10008.1.2.6.1", IGNORE)
XMLEncoding = UID("1.2.840.10008.1.2.6.2", IGNORE)
SMPTEST211020UncompressedProgressiveActiveVideo = UID("1.2.840.10008.1.2.7.1", IGNORE)
SMPTEST211020UncompressedInterlacedActiveVideo = UID("1.2.840.10008.1.2.7.2", IGNORE)
SMPTEST211030PCMDigitalAudio = UID("1.2.840.10008.1.2.7.3", IGNORE)
Papyrus3ImplicitVRLittleEndian = UID("1.2.840.10008.1.20", IGNORE)

# pydicom's groups of transfer syntaxes, with the same members.
JPEGTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless, JPEGLosslessSV1]
JPEGLSTransferSyntaxes = [JPEGLSLossless, JPEGLSNearLossless]
JPEG2000TransferSyntaxes = [
    JPEG2000Lossless,
    JPEG2000,
    JPEG2000MCLossless,
    JPEG2000MC,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    HTJ2K,
]
MPEGTransferSyntaxes = [
    MPEG2MPML,
    MPEG2MPMLF,
    MPEG2MPHL,
    MPEG2MPHLF,
    MPEG4HP41,
    MPEG4HP41F,
    MPEG4HP41BD,
    MPEG4HP41BDF,
    MPEG4HP422D,
    MPEG4HP422DF,
    MPEG4HP423D,
    MPEG4HP423DF,
    MPEG4HP42STEREO,
    MPEG4HP42STEREOF,
    HEVCMP51,
    HEVCM10P51,
]
RLETransferSyntaxes = [RLELossless]
UncompressedTransferSyntaxes = [
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
]
# pydicom's list: the transfer syntaxes that are not retired, and Explicit VR Big Endian,
# without the ones it does not define (Encapsulated Uncompressed and the JPIP Referenced).
AllTransferSyntaxes = [
    ImplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    *JPEGTransferSyntaxes,
    *JPEGLSTransferSyntaxes,
    *JPEG2000TransferSyntaxes[:4],
    *MPEGTransferSyntaxes,
    *JPEG2000TransferSyntaxes[4:],
    JPIPHTJ2KReferenced,
    JPIPHTJ2KReferencedDeflate,
    RLELossless,
    SMPTEST211020UncompressedProgressiveActiveVideo,
    SMPTEST211020UncompressedInterlacedActiveVideo,
    SMPTEST211030PCMDigitalAudio,
]

_by_keyword: dict[str, str] = {}


def __getattr__(name: str) -> UID:
    # Any other registry keyword, such as CTImageStorage, resolves on first use (PEP 562).
    # Dunder names (the import system asks for ``__path__``) never read the registry.
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _by_keyword:
        _by_keyword.update((e.keyword, uid) for uid, e in tables.uid_entries().items() if e.keyword)
    if name in _by_keyword:
        return UID(_by_keyword[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
