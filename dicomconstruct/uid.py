"""Unique identifiers (PS3.5 §9) that know their registry entry (PS3.6 Annex A) and encoding.

Transfer syntax properties follow PS3.5 Annex A through schemas/transfer_syntaxes.tsv.
"""

from __future__ import annotations

import re

from . import tables

# PS3.5 §9.1: components of digits without leading zeros, separated by '.', 64 characters at most.
RE_VALID_UID = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")
RE_VALID_UID_PREFIX = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")


class UID(str):
    """A UID string that knows its name in the UID registry."""

    __slots__ = ()

    def __new__(cls, val: str) -> UID:
        if not isinstance(val, str):
            raise TypeError("A UID must be created from a string")
        return super().__new__(cls, val.strip())

    def _entry(self) -> tables.UIDEntry | None:
        return tables.uid_entry(str(self))

    def _syntax(self) -> tables.TransferSyntax:
        syntax = tables.transfer_syntax(str(self))
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
        return tables.transfer_syntax(str(self)) is not None

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
        """(implicit VR, little endian) of a private transfer syntax registered with
        :func:`register_transfer_syntax` or :meth:`set_private_encoding`, else None."""
        syntax = tables._private_syntaxes.get(str(self))
        return None if syntax is None else (syntax.implicit_vr, syntax.little_endian)

    def set_private_encoding(self, implicit_vr: bool, little_endian: bool) -> None:
        """Give this private transfer syntax its data set encoding (for the whole process:
        pydicom keeps it on the one UID object)."""
        tables.add_private_transfer_syntax(str(self), implicit_vr, little_endian)


# PS3.5 §B.2: a UID under the 2.25 root is the decimal form of a UUID (ISO/IEC 9834-8).
# This one was derived once from a uuid4; it is dicomconstruct's (0002,0012) Implementation
# Class UID and the namespace of the UUIDs that generate_uid derives from entropy sources.
DICOMCONSTRUCT_IMPLEMENTATION_UID = UID("2.25.77557213650298884604423093173078033797")


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
PYDICOM_IMPLEMENTATION_UID = UID(f"{PYDICOM_ROOT_UID}1")

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
    if uid not in PrivateTransferSyntaxes:
        PrivateTransferSyntaxes.append(uid)
    return uid


# Transfer syntaxes by their PS3.6 keyword: every one of the registry, retired ones too.
ImplicitVRLittleEndian = UID("1.2.840.10008.1.2")
ExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1")
EncapsulatedUncompressedExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1.98")
DeflatedExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1.99")
ExplicitVRBigEndian = UID("1.2.840.10008.1.2.2")
JPEGBaseline8Bit = UID("1.2.840.10008.1.2.4.50")
JPEGExtended12Bit = UID("1.2.840.10008.1.2.4.51")
JPEGExtended35 = UID("1.2.840.10008.1.2.4.52")
JPEGSpectralSelectionNonHierarchical68 = UID("1.2.840.10008.1.2.4.53")
JPEGSpectralSelectionNonHierarchical79 = UID("1.2.840.10008.1.2.4.54")
JPEGFullProgressionNonHierarchical1012 = UID("1.2.840.10008.1.2.4.55")
JPEGFullProgressionNonHierarchical1113 = UID("1.2.840.10008.1.2.4.56")
JPEGLossless = UID("1.2.840.10008.1.2.4.57")
JPEGLosslessNonHierarchical15 = UID("1.2.840.10008.1.2.4.58")
JPEGExtendedHierarchical1618 = UID("1.2.840.10008.1.2.4.59")
JPEGExtendedHierarchical1719 = UID("1.2.840.10008.1.2.4.60")
JPEGSpectralSelectionHierarchical2022 = UID("1.2.840.10008.1.2.4.61")
JPEGSpectralSelectionHierarchical2123 = UID("1.2.840.10008.1.2.4.62")
JPEGFullProgressionHierarchical2426 = UID("1.2.840.10008.1.2.4.63")
JPEGFullProgressionHierarchical2527 = UID("1.2.840.10008.1.2.4.64")
JPEGLosslessHierarchical28 = UID("1.2.840.10008.1.2.4.65")
JPEGLosslessHierarchical29 = UID("1.2.840.10008.1.2.4.66")
JPEGLosslessSV1 = UID("1.2.840.10008.1.2.4.70")
JPEGLSLossless = UID("1.2.840.10008.1.2.4.80")
JPEGLSNearLossless = UID("1.2.840.10008.1.2.4.81")
JPEG2000Lossless = UID("1.2.840.10008.1.2.4.90")
JPEG2000 = UID("1.2.840.10008.1.2.4.91")
JPEG2000MCLossless = UID("1.2.840.10008.1.2.4.92")
JPEG2000MC = UID("1.2.840.10008.1.2.4.93")
JPIPReferenced = UID("1.2.840.10008.1.2.4.94")
JPIPReferencedDeflate = UID("1.2.840.10008.1.2.4.95")
MPEG2MPML = UID("1.2.840.10008.1.2.4.100")
MPEG2MPMLF = UID("1.2.840.10008.1.2.4.100.1")
MPEG2MPHL = UID("1.2.840.10008.1.2.4.101")
MPEG2MPHLF = UID("1.2.840.10008.1.2.4.101.1")
MPEG4HP41 = UID("1.2.840.10008.1.2.4.102")
MPEG4HP41F = UID("1.2.840.10008.1.2.4.102.1")
MPEG4HP41BD = UID("1.2.840.10008.1.2.4.103")
MPEG4HP41BDF = UID("1.2.840.10008.1.2.4.103.1")
MPEG4HP422D = UID("1.2.840.10008.1.2.4.104")
MPEG4HP422DF = UID("1.2.840.10008.1.2.4.104.1")
MPEG4HP423D = UID("1.2.840.10008.1.2.4.105")
MPEG4HP423DF = UID("1.2.840.10008.1.2.4.105.1")
MPEG4HP42STEREO = UID("1.2.840.10008.1.2.4.106")
MPEG4HP42STEREOF = UID("1.2.840.10008.1.2.4.106.1")
HEVCMP51 = UID("1.2.840.10008.1.2.4.107")
HEVCM10P51 = UID("1.2.840.10008.1.2.4.108")
HTJ2KLossless = UID("1.2.840.10008.1.2.4.201")
HTJ2KLosslessRPCL = UID("1.2.840.10008.1.2.4.202")
HTJ2K = UID("1.2.840.10008.1.2.4.203")
JPIPHTJ2KReferenced = UID("1.2.840.10008.1.2.4.204")
JPIPHTJ2KReferencedDeflate = UID("1.2.840.10008.1.2.4.205")
RLELossless = UID("1.2.840.10008.1.2.5")
RFC2557MIMEEncapsulation = UID("1.2.840.10008.1.2.6.1")
XMLEncoding = UID("1.2.840.10008.1.2.6.2")
SMPTEST211020UncompressedProgressiveActiveVideo = UID("1.2.840.10008.1.2.7.1")
SMPTEST211020UncompressedInterlacedActiveVideo = UID("1.2.840.10008.1.2.7.2")
SMPTEST211030PCMDigitalAudio = UID("1.2.840.10008.1.2.7.3")
Papyrus3ImplicitVRLittleEndian = UID("1.2.840.10008.1.20")

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
