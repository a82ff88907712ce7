"""Writing datasets as DICOM files (PS3.10 §7) through the layouts of ``layouts.py``.

The tree is turned back into element headers and values: headers are packed by the codecs
derived from the layouts' header structs (the same ones the reader unpacks with), each length
computed from the value it heads before the header is packed. ``tests/test_writing.py`` proves
that the bytes equal what the construct structs themselves build, element by element.
"""

from __future__ import annotations

import copy
import io
import os
import warnings
import zlib
from collections.abc import Callable, Iterator
from io import BufferedIOBase
from struct import calcsize
from typing import Any, BinaryIO

from construct import ConstructError

from . import config, layouts, tables
from .atomicfile import write_atomically
from .codec.policy import STRICT
from .codec.sniff import syntax_uid_text
from .codec.walk import Walk
from .dataelem import (
    _UNDECODED,
    DataElement,
    RawDataElement,
    convert_raw_data_element,
    element_from_raw,
)
from .dataset import Dataset, FileMetaDataset
from .errors import (
    CharsetEncodeError,
    DicomError,
    ElementWriteError,
    InvalidValueError,
    MissingFileMetaError,
)
from .fileutil import buffer_remaining, read_buffer, reset_buffer_position
from .layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
    encoding,
    inflate,
)
from .misc import warn_and_log
from .multival import MultiValue
from .provenance import ReadProvenance
from .tag import BaseTag
from .uid import UID
from .values import LUT_DESCRIPTOR_TAGS, encode_value, swap_bytes

__all__ = [
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "correct_ambiguous_vr",
    "correct_ambiguous_vr_element",
    "dcmwrite",
    "validate_file_meta",
    "write_dataset",
    "write_file",
    "write_data_element",
    "write_file_meta_info",
    "write_sequence",
    "write_sequence_item",
    "writers",
]

# PS3.7 D.3.3.2: identifies the software that wrote a file. A UUID-derived UID (PS3.5 §B.2),
# fixed for dicomconstruct; the version name is at most 16 characters (SH).
IMPLEMENTATION_CLASS_UID = UID("2.25.331994787313407095547713254950106616449")
IMPLEMENTATION_VERSION_NAME = "DICOMCONSTRUCT01"

# PS3.10 §7.1: the File Meta Information elements every Part 10 file has (Type 1).
_REQUIRED_META = (0x00020002, 0x00020003, 0x00020010)
_FILE_META_ENCODING = encoding(True, True)  # PS3.10 §7.1: always explicit VR little endian
_NOTHING_READ = ReadProvenance()  # the provenance of a data set made, not read (never filled)


class _End:
    """What ends the list of a data set's elements as the writer walks it (no element)."""

    tag = -1  # (a group of its own, and no group length)


_END = _End()
# VR text -> its two bytes, filled as VRs are met (one lookup per header; no table is read at
# import, test_tables checks that)
_VR_CODES: dict[str, bytes] = {}


def _provenance(ds: Dataset) -> ReadProvenance:
    """What the reader kept of how ``ds`` was written (``provenance``), or an empty record."""
    return ds._provenance or _NOTHING_READ


# ---------------------------------------------------------------------------------------------
class _Writer:
    """One write of one data set: the target encoding, whether it is written like the
    original, and the ``out`` list the bytes are appended to. Every method returns the number
    of bytes it appended, which is how the lengths around it are computed."""

    def __init__(self, out: list, like_original: bool, converting: bool):
        self.out = out
        self.like_original = like_original
        # Written in another encoding than it was read in: items and lazily read sequences
        # cannot keep their own encoding, and byte-order-dependent values are swapped.
        self.converting = converting
        self.keeps_reserved = like_original and not converting
        self.long_vrs = tables.long_length_vrs()
        self.recode = False  # the data set's text was read in another character set
        # Written like the original in the encoding read, an element never decoded is its
        # header and the bytes read: ``_elements`` packs those inline, without the per-element
        # decisions of ``element`` (which come to the same bytes), unless a subclass builds
        # headers or elements its own way (the construct engine's, engine.py)
        self.copies_read = (
            like_original
            and not converting
            and type(self).header is _Writer.header
            and type(self).element is _Writer.element
        )

    # -- data sets ---------------------------------------------------------------------------
    def dataset(self, ds: Dataset, enc: Encoding) -> int:
        """The elements of ``ds`` in ascending tag order (PS3.5 §7.1), group by group: a group
        length element (gggg,0000) is written with the length of the rest of its group."""
        recode = self.recode
        # PS3.5 §6.1.2.5: text is written in the Specific Character Set in force; text read in
        # another (before (0008,0005) changed) is decoded with that one and encoded anew
        self.recode = ds._raw_character_set != ds._character_set
        try:
            return self._elements(ds, enc)
        finally:
            self.recode = recode

    def _elements(self, ds: Dataset, enc: Encoding) -> int:
        out = self.out
        total = 0
        elements = ds._dict
        if 0x00080005 in elements:
            # PS3.5 §6.1.2.5: the Specific Character Set's terms are checked even when no
            # text is encoded with them (an unknown term warns, or raises when strict), as
            # pydicom's writer checks them
            ds._character_set  # noqa: B018
        # PS3.5 §7.1.2: ascending order; like the original, a data set read out of order (or
        # with a tag twice) is written in the order read (elements added since among them)
        read = _provenance(ds)
        if self.like_original and read.duplicates:
            ordered = _read_order(ds, read.duplicates)
        elif self.like_original and read.unsorted:
            ordered = list(elements.values())
        else:
            ordered = [elements[tag] for tag in sorted(elements, key=int)]  # (C comparisons)
        # Written like the original in the encoding ``ds`` was read in, an element never
        # decoded (its value still the bytes read, a defined length) is packed here: its header
        # from its tag, the VR read and the length of those bytes (PS3.5 Tables 7.1-1, 7.1-2:
        # the reserved bytes read), then the bytes, which is what ``element`` makes of it; any
        # other element, and one whose length its header's field cannot hold, goes through
        # ``element``. (One loop, calling ``element`` itself: a frame per nesting level.)
        fast = (
            self.copies_read
            and not self.recode
            and encoding(not ds._implicit_vr, ds._little_endian) is enc
        )
        append = out.append  # (``element`` puts self.out back as it found it)
        explicit = enc.explicit_vr
        short, long = enc.short_header.pack, enc.long_header.pack
        long_vrs = self.long_vrs
        reserved = read.reserved or None
        # PS3.5 §7.2: a group length element is written once the rest of its group is, in
        # front of it: (its group, where its bytes go in ``out``, the element, total then)
        pending = None
        ordered.append(_END)
        for elem in ordered:
            tag = elem.tag
            if pending is not None and tag >> 16 != pending[0]:
                _, at, length_elem, before = pending
                length = total - before
                self.out = group_length_out = []
                total += self.element(ds, self._group_length(ds, length_elem, length, enc), enc)
                self.out = out
                out[at:at] = group_length_out
                pending = None
            if elem is _END:
                break
            if not tag & 0xFFFF and pending is None:
                pending = (tag >> 16, len(out), elem, total)
                continue
            raw = elem.raw
            if not fast or raw is None or elem._value is not _UNDECODED or elem.is_undefined_length:
                total += self.element(ds, elem, enc)
                continue
            length = len(raw)
            code = _VR_CODES.get(elem.file_VR) if explicit else None  # type: ignore[arg-type]
            if explicit and code is None:  # no VR read, or one not met yet: element decides
                total += self.element(ds, elem, enc)
                continue
            if code in long_vrs or not explicit:
                if length > 0xFFFFFFFF:  # too long for any length field: element raises
                    total += self.element(ds, elem, enc)
                    continue
            elif length > 0xFFFF:  # too long for a 16-bit length: element warns (UN)
                total += self.element(ds, elem, enc)
                continue
            if not explicit:
                append(short(tag >> 16, tag & 0xFFFF, length))
                total += 8 + length
            elif code in long_vrs:
                spare = b"\0\0" if reserved is None else reserved.get(elem.value_offset, b"\0\0")
                append(long(tag >> 16, tag & 0xFFFF, code, spare, length))
                total += 12 + length
            else:
                append(short(tag >> 16, tag & 0xFFFF, code, length))
                total += 8 + length
            append(raw if raw.__class__ is bytes else bytes(raw))
        return total

    def _group_length(self, ds: Dataset, elem: DataElement, length: int, enc: Encoding):
        """The group length element to write: the length of the group as written now (PS3.5
        §7.2), except that, like the original, a group length that was already wrong in the
        file is kept while the group's size has not changed."""
        raw = elem.raw
        if elem.is_undefined_length or elem.VR == "SQ":
            # a sequence or items where the group length should be (a malformed file's):
            # written back as read like the original, else replaced by the UL PS3.5 §7.2 wants
            if self.like_original:
                return elem
            warnings.warn(
                f"group length {elem.tag} holds {'items' if elem.VR != 'SQ' else 'a sequence'}, "
                "not a UL: written as the length of its group",
                stacklevel=5,
            )
        elif (
            self.like_original
            and raw is not None
            and len(raw) != 4
            and not getattr(elem._value, "_edited", False)
        ):
            # not one UL as read (empty, VM 2, another VR holding what followed it): a value
            # the writer cannot recompute without losing bytes is written back as read (raw is
            # kept while the value is the one read, assigned back or not: DataElement.value)
            return elem
        if self.like_original and raw is not None and len(raw) == 4:
            stored = int.from_bytes(raw, "little" if ds._little_endian else "big")
            read = None
            if elem.value_offset is not None:  # read: its group's size then (by where it ends)
                read = _provenance(ds).group_spans.get(elem.value_offset + elem.length)
            if stored == length or (read is not None and stored != read and length == read):
                return elem
        new = DataElement(elem.tag, "UL", length)
        new.file_VR = elem.file_VR
        return new

    # -- elements ----------------------------------------------------------------------------
    def element(self, ds: Dataset, elem: DataElement, enc: Encoding) -> int:
        vr = self._vr(ds, elem, enc)
        if elem.VR == "SQ":
            return self.sequence(ds, elem, vr, enc)
        value = self.value_bytes(ds, elem, vr, enc)
        reserved = self._reserved(ds, elem)
        if elem.is_undefined_length:
            # encapsulated Pixel Data (PS3.5 §A.4): its items as read, then the delimiter
            if ds._little_endian != enc.little_endian:
                data = value.read() if isinstance(value, _Deferred) else value
                value = _fragments_in_byte_order(data, enc)
            if not self.like_original and vr not in ("OB", "OW", "UN"):
                # PS3.5 §7.1.3: only SQ, UN and encapsulated OB/OW may have an undefined
                # length; §A.4: encapsulated Pixel Data is OB (a file's SV or US is damage)
                if (
                    isinstance(value, bytes)
                    and value
                    and value[:4] != enc.item_header.pack(ITEM >> 16, ITEM & 0xFFFF, 0)[:4]
                ):
                    raise DicomError(
                        f"{elem.tag} {vr}: an undefined length needs an encapsulated value "
                        "(items, PS3.5 §A.4)",
                        None,
                        f"{ds._path} / {elem.tag} {vr}",
                    )
                vr = "OB"
            size = self.header(elem.tag, vr, UNDEFINED_LENGTH, enc, reserved, ds._path)
            self.out.append(value)
            delimiter = 0
            if self.like_original and elem.value_offset is not None:
                delimiter = _provenance(ds).delimiters.get(elem.value_offset, 0)
            return size + len(value) + self.delimiter(SEQUENCE_DELIMITATION, enc, delimiter)
        if enc.explicit_vr and vr is not None:
            if not self.like_original:
                vr = self._whole_values(elem, vr, value)
            if len(value) > 0xFFFF and vr.encode("ascii") not in self.long_vrs:
                # PS3.5 §6.2.2: a value too long for a 16-bit length can only be written as UN
                warnings.warn(
                    f"The value for the data element {elem.tag} exceeds the size of 64 kByte "
                    "and cannot be written in an explicit transfer syntax. The data element "
                    f"VR is changed from '{vr}' to 'UN' to allow saving the data.",
                    stacklevel=4,
                )
                vr = "UN"
        size = self.header(elem.tag, vr, len(value), enc, reserved, ds._path)
        self.out.append(value)
        return size + len(value)

    def _reserved(self, ds: Dataset, elem: DataElement) -> bytes:
        """The reserved bytes of the element's explicit 32-bit-length header (PS3.5 Table
        7.1-1: 0000H): like the original, the ones read (a malformed file's)."""
        record = ds._provenance
        if record is not None and record.reserved and self.keeps_reserved:
            return record.reserved.get(elem.value_offset, b"\0\0")
        return b"\0\0"

    def _whole_values(self, elem: DataElement, vr: str, value: Any) -> str:
        """A conformant write's VR for a value of a binary VR (PS3.5 Table 6.2-1): bytes that
        are not a whole number of its values (a malformed file's, or bytes assigned) are UN."""
        info = tables.vr_table().get(vr)
        width = info.value_width if info is not None and info.kind == "binary" else None
        if not width or width == 1:
            return vr
        read = _read_length(elem)
        if len(value) % width or (read is not None and read % width):
            warnings.warn(
                f"{elem.tag} {vr} value of {read if read is not None else len(value)} bytes "
                f"is not a whole number of {width}-byte values: written as UN",
                stacklevel=5,
            )
            return "UN"
        return vr

    def _vr(self, ds: Dataset, elem: DataElement, enc: Encoding) -> str:
        """The VR an explicit header says: the file's own (UN stays UN) when written like the
        original, else the element's VR with ambiguous VRs resolved (PS3.5 §A.1, §A.2)."""
        if self.like_original and not self.converting:
            if elem.file_VR is not None:
                return elem.file_VR
            if enc.explicit_vr and not ds._implicit_vr and elem.value_offset is not None:
                return None  # read without a VR in an explicit data set: written so again
        vr = elem.VR
        if " or " in vr:
            from .ambiguous import resolve_ambiguous_vr

            vr = resolve_ambiguous_vr(
                elem.tag,
                vr,
                ds._lookup_for_vr,
                implicit_vr=not enc.explicit_vr,
                undefined_length=elem.is_undefined_length,
            )
            if elem.value_offset is None:
                # made in code: it takes the VR it is written with, its bytes as numbers of a
                # US or SS (pydicom's writer corrects the data set so, correct_ambiguous_vr)
                if vr in ("US", "SS"):
                    _set_numbers(elem, vr, ds._little_endian)
                else:
                    elem.VR = vr
        if vr not in tables.vr_table():
            # PS3.5 Table 6.2-1 has no such VR (a malformed file's): its bytes as UN
            _check_reads_back_as_sequence(ds, elem, vr)
            if enc.explicit_vr:
                warnings.warn(f"{elem.tag} has unknown VR {vr!r}: written as UN", stacklevel=4)
            return "UN"
        return vr

    def value_bytes(self, ds: Dataset, elem: DataElement, vr: str, enc: Encoding) -> bytes:
        """The value's bytes: as read while the value is unchanged (swapped per value when
        the byte order changes), else encoded from the value (values.encode_value)."""
        value = elem._value
        raw = elem.raw
        if self.recode and _uses_charset(elem.VR) and (value is _UNDECODED or raw is not None):
            value, raw = elem.value, None  # read in the old character set: encoded anew
        if value is _UNDECODED:
            if raw is None and elem.length:
                deferred = _Deferred(ds, elem)
                if (
                    elem.is_undefined_length
                    or (ds._little_endian == enc.little_endian or _swap_width(elem.VR) == 1)
                    and (self.like_original or elem.length % 2 == 0)
                ):
                    return deferred  # streamed from its file when written, never all in memory
                raw = deferred.read()
            elif raw is None:
                raw = b""
        elif isinstance(value, BufferedIOBase):  # (an ABC check: only for decoded values)
            return _Buffered(elem, ds._little_endian != enc.little_endian)
        elif raw is not None and getattr(value, "_edited", False):
            raw = None
        if raw is not None:
            data = bytes(raw)
            if elem.is_undefined_length:
                return data  # encapsulated fragments: never swapped, never padded
            if ds._little_endian != enc.little_endian:
                data = swap_bytes(data, _swap_width(elem.VR))
            if len(data) % 2 and not self.like_original:
                data += _padding(elem.VR)
            return data
        # the value is encoded in the element's own VR; the header may say another (UN, or
        # what a malformed file said, written like the original)
        value_vr = vr if " or " in elem.VR and vr is not None else elem.VR
        if value_vr not in tables.vr_table():
            value_vr = "UN"  # a VR PS3.5 does not define: its value is kept as bytes
        encodings = ds._character_set if _uses_charset(value_vr) else None
        try:
            try:
                data = self._encoded(elem, value_vr, value, enc, encodings)
            except InvalidValueError as exc:
                # text outside its VR's repertoire, format or length (PS3.5 Table 6.2-1): as
                # pydicom, written as given unless writing is strict (writing_validation_mode)
                mode = config.settings.writing_validation_mode
                if mode == config.RAISE:
                    raise
                if mode == config.WARN:
                    warn_and_log(elem.fault(value_vr, exc).message, stacklevel=5)
                data = self._encoded(elem, value_vr, value, enc, encodings, check=False)
        except CharsetEncodeError as exc:  # strict writing: the codec's own error, placed
            exc.path = f"{ds._path} / {elem.tag} {value_vr}"
            raise
        except DicomError as exc:
            raise elem.fault(value_vr, exc, f"{ds._path} / {elem.tag} {value_vr}") from None
        if isinstance(value, (bytes, bytearray, memoryview)) and ds._little_endian != (
            enc.little_endian
        ):
            data = swap_bytes(data, _swap_width(value_vr))  # bytes are in the dataset's order
        return data

    @staticmethod
    def _encoded(elem, vr: str, value: Any, enc: Encoding, encodings: Any, check=True) -> bytes:
        if elem.tag in LUT_DESCRIPTOR_TAGS and vr == "SS" and _several(value):
            # PS3.3 C.11.1.1.1: the first value (the number of entries) is always US
            data = encode_value("US", value[0], enc.little_endian, check=check)
            return data + encode_value("SS", list(value[1:]), enc.little_endian, check=check)
        return encode_value(vr, value, enc.little_endian, encodings, check)

    def header(
        self,
        tag: int,
        vr: str | None,
        length: int,
        enc: Encoding,
        reserved: bytes = b"\0\0",
        path: str = "dataset",
    ) -> int:
        """One element header (PS3.5 Tables 7.1-1 to 7.1-3), packed by the codec derived from
        ``layouts.element_header``. A length its field cannot hold raises ``DicomError``."""
        group, element = tag >> 16, tag & 0xFFFF
        if vr is None and enc.explicit_vr:  # an element read without a VR, like the original
            enc = encoding(False, enc.little_endian)
        if length > 0xFFFFFFFF:
            raise _length_fault(tag, vr, length, 0xFFFFFFFE, path)
        if not enc.explicit_vr:
            self.out.append(enc.short_header.pack(group, element, length))
            return 8
        code = _VR_CODES.get(vr)
        if code is None:
            code = vr.encode("ascii")
            if len(_VR_CODES) < 64:  # bounded: a data set may carry any text as a VR
                _VR_CODES[vr] = code
        if code in self.long_vrs:
            self.out.append(enc.long_header.pack(group, element, code, reserved, length))
            return 12
        if length > 0xFFFF:
            # PS3.5 Table 7.1-2: this VR's length field has 16 bits (and an undefined length
            # is only for SQ, UN and encapsulated OB/OW, PS3.5 §7.1.3)
            raise _length_fault(tag, vr, length, 0xFFFF, path)
        self.out.append(enc.short_header.pack(group, element, code, length))
        return 8

    # -- the file (PS3.10 §7.1) --------------------------------------------------------------
    def prefix(self, preamble: bytes | None) -> int:
        """The 128-byte preamble and the 'DICM' prefix (None: the prefix alone, as read)."""
        if preamble is None:
            self.out.append(b"DICM")
            return 4
        self.out += [preamble, b"DICM"]
        return len(preamble) + 4

    @staticmethod
    def deflate(data: bytes) -> bytes:
        """PS3.5 §A.5: the data set as a new raw deflate stream."""
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush()

    def delimiter(self, tag: int, enc: Encoding, length: int = 0) -> int:
        """An Item or Sequence Delimitation Item (PS3.5 §7.5.2): tag and a zero length (like
        the original, the non-zero length a malformed file had)."""
        length = length if self.like_original else 0
        self.out.append(enc.item_header.pack(tag >> 16, tag & 0xFFFF, length))
        return 8

    # -- sequences and items (PS3.5 §7.5) --------------------------------------------------
    def sequence(self, ds: Dataset, elem: DataElement, vr: str, enc: Encoding) -> int:
        # PS3.5 §6.2.2: a sequence written as UN is encoded in implicit VR little endian
        item_enc = encoding(False, True) if vr == "UN" and enc.explicit_vr else enc
        undefined = elem.is_undefined_length
        reserved = self._reserved(ds, elem)
        if elem._value is _UNDECODED and not undefined and self.like_original:
            read_enc = encoding(False, True) if elem.file_VR == "UN" else ds._encoding
            if read_enc is item_enc:
                # a defined-length sequence never parsed, in the encoding it was read in:
                # its bytes as read
                raw = elem.raw if elem.raw is not None else _Deferred(ds, elem)
                size = self.header(elem.tag, vr, len(raw), enc, reserved, ds._path)
                self.out.append(raw)
                return size + len(raw)
        out = self.out
        body: list = []
        self.out = body
        # a sequence never parsed is parsed for the write only: the element keeps its bytes
        # (is_raw), as pydicom's writer converts a raw element without storing it
        items = elem._decode() if elem._value is _UNDECODED else elem.value
        length = sum(self.item(item, item_enc) for item in items)
        self.out = out
        if undefined:
            size = self.header(elem.tag, vr, UNDEFINED_LENGTH, enc, reserved, ds._path)
            out.extend(body)
            delimiter_length = 0
            if self.like_original and elem.value_offset is not None:
                delimiter_length = _provenance(ds).delimiters.get(elem.value_offset, 0)
            return size + length + self.delimiter(SEQUENCE_DELIMITATION, enc, delimiter_length)
        size = self.header(elem.tag, vr, length, enc, reserved, ds._path)
        out.extend(body)
        return size + length

    def item(self, item: Dataset, enc: Encoding) -> int:
        if self.like_original and not self.converting and item.offset is not None:
            # an item keeps the encoding it was read in (an implicit item in an explicit
            # sequence, as some writers make)
            enc = encoding(not item._implicit_vr, enc.little_endian)
        out = self.out
        body: list = []
        self.out = body
        length = self.dataset(item, enc)
        self.out = out
        if item.is_undefined_length_sequence_item:
            out.append(enc.item_header.pack(ITEM >> 16, ITEM & 0xFFFF, UNDEFINED_LENGTH))
            out.extend(body)
            delimiter_length = _provenance(item).item_delimiter_length
            return 8 + length + self.delimiter(ITEM_DELIMITATION, enc, delimiter_length)
        out.append(enc.item_header.pack(ITEM >> 16, ITEM & 0xFFFF, length))
        out.extend(body)
        return 8 + length


def _length_fault(tag: int, vr: str | None, length: int, most: int, path: str) -> DicomError:
    """The error for a value length that the element's header cannot hold, naming it."""
    name = f"{BaseTag(tag)} {vr}" if vr else str(BaseTag(tag))
    what = "an undefined length" if length == UNDEFINED_LENGTH else f"a length of {length}"
    return DicomError(
        f"{name}: {what} does not fit its header's length field (at most {most})",
        None,
        f"{path} / {name}",
    )


def _read_length(elem: DataElement) -> int | None:
    """The length of the bytes an element's value is written from when they are the ones read
    (see ``_Writer.value_bytes``); None when the value is encoded from what it holds."""
    value = elem._value
    if value is _UNDECODED:
        return len(elem.raw) if elem.raw is not None else elem.length
    if elem.raw is not None and not getattr(value, "_edited", False):
        return len(elem.raw)
    return None


def _read_order(ds: Dataset, duplicates: list[DataElement]) -> list[DataElement]:
    """The elements of ``ds`` and the duplicates they replaced, in the order they were read
    (by where their values were); elements added since go before the first read one with a
    greater tag."""
    elements = list(ds._dict.values()) + duplicates
    ordered = sorted(
        (e for e in elements if e.value_offset is not None), key=lambda e: e.value_offset
    )
    for new in sorted((e for e in elements if e.value_offset is None), key=lambda e: e.tag):
        at = next((i for i, e in enumerate(ordered) if e.tag > new.tag), len(ordered))
        ordered.insert(at, new)
    return ordered


def _fragments_in_byte_order(value: bytes, enc: Encoding) -> bytes:
    """The items of an encapsulated value (PS3.5 §A.4), parsed by the layout in one byte
    order and built by it in ``enc``'s: item headers swap, fragments are bytes and stay."""
    if not value:
        return value  # closed at once: not even a Basic Offset Table item
    source = layouts.encapsulated_pixel_data(not enc.little_endian)
    try:
        return layouts.encapsulated_pixel_data(enc.little_endian).build(source.parse(value))
    except ConstructError as exc:
        raise DicomError(f"encapsulated value is not items: {exc}", None, "fragments") from None


def _swap_width(vr: str) -> int:
    """The size of the values whose bytes swap between byte orders (PS3.5 §7.3): one number
    of a binary VR (each half of an AT), 1 (nothing to swap) for text, OB and UN."""
    info = tables.vr_table().get(vr)
    if info is None or not info.struct_format or info.kind != "binary":
        return 1
    return calcsize("<" + info.struct_format[0])


def _padding(vr: str) -> bytes:
    info = tables.vr_table().get(vr)
    return info.padding if info is not None and info.padding else b"\0"


def _several(value: Any) -> bool:
    """Whether ``value`` is several values (a list), not one."""
    return isinstance(value, (list, tuple, MultiValue)) and len(value) > 1


def _uses_charset(vr: str) -> bool:
    info = tables.vr_table().get(vr)
    return info is not None and info.uses_charset


# ---------------------------------------------------------------------------------------------
# File Meta Information (PS3.10 §7.1)
def validate_file_meta(file_meta: FileMetaDataset, enforce_standard: bool = True) -> None:
    """Check the File Meta Information, as pydicom's ``validate_file_meta``.

    Only group 0002 elements may be present. With ``enforce_standard``, (0002,0001) File Meta
    Information Version is added if missing, dicomconstruct's Implementation Class UID and
    Version Name are set (PS3.7 D.3.3.2: they identify the implementation that writes the
    file), and a :class:`~dicomconstruct.errors.MissingFileMetaError` (a ``DicomError`` and
    the ``AttributeError`` pydicom 3 raises) names the required elements that are missing or
    empty: ``Required File Meta Information elements are either missing or have an empty
    value:`` followed by ``(gggg,eeee) Name`` for each.
    """
    for elem in file_meta:
        if elem.tag.group != 0x0002:
            raise ValueError(
                "Only File Meta Information group (0002,eeee) elements may be present in "
                f"'file_meta', not {elem.tag}"
            )
    if not enforce_standard:
        return
    # new elements, not new values: an element read with another VR (a malformed file)
    # is replaced whole
    if "FileMetaInformationVersion" not in file_meta or file_meta[0x00020001].is_empty:
        file_meta[0x00020001] = DataElement(0x00020001, "OB", b"\x00\x01")
    file_meta[0x00020012] = DataElement(0x00020012, "UI", IMPLEMENTATION_CLASS_UID)
    file_meta[0x00020013] = DataElement(0x00020013, "SH", IMPLEMENTATION_VERSION_NAME)
    missing = [
        f"{BaseTag(tag)} {tables.standard_entry(tag).name}"
        for tag in _REQUIRED_META
        if tag not in file_meta or file_meta[tag].is_empty
    ]
    if missing:
        raise MissingFileMetaError(
            "Required File Meta Information elements are either missing or have an empty "
            f"value: {', '.join(missing)}",
            None,
            "file meta",
        )


def write_file_meta_info(
    fp: BinaryIO, file_meta: FileMetaDataset, enforce_standard: bool = True
) -> int:
    """Write the File Meta Information group to ``fp`` (PS3.10 §7.1), explicit VR little
    endian with its group length (0002,0000) computed; return the bytes written.

    With ``enforce_standard`` the meta is first checked and completed by
    :func:`validate_file_meta` (which may raise ``ValueError``).
    """
    validate_file_meta(file_meta, enforce_standard)
    # PS3.10 §7.1: the group length is the length of the rest of the group as written, in
    # either mode (the writer computes it for a new element); as pydicom's, the meta given
    # is updated to it
    has_length = 0x00020000 in file_meta
    if enforce_standard or has_length:
        file_meta[0x00020000] = DataElement(0x00020000, "UL", 0)
    out: list = []
    size = _Writer(out, not enforce_standard, False).dataset(file_meta, _FILE_META_ENCODING)
    if 0x00020000 in file_meta:
        file_meta[0x00020000].value = size - 12
    _emit(fp, out)
    return size


def _first_set(*choices: bool | None) -> bool:
    return bool(next(choice for choice in choices if choice is not None))


def write_dataset(
    fp: BinaryIO,
    dataset: Dataset,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
) -> int:
    """Write the elements of ``dataset`` (no preamble, no meta) to ``fp`` in the encoding
    given; else, as pydicom's, the one ``fp`` says (a DicomIO's ``is_implicit_VR`` and
    ``is_little_endian``), then the one set with the dataset's ``is_implicit_VR`` and
    ``is_little_endian``, then the one it was read in; a data set made in code with none of
    these is pydicom's ``AttributeError``. Return the number of bytes written."""
    from . import config

    given = (implicit_vr, little_endian)
    if None in given:
        given = (getattr(fp, "_implicit_vr", None), getattr(fp, "_little_endian", None))
    if None in given and not config._use_future:
        given = (dataset._write_implicit_vr, dataset._write_little_endian)
    if None in given:
        given = dataset.original_encoding
    if None in given:
        raise AttributeError(
            "'fp.is_implicit_VR' and 'fp.is_little_endian' attributes are required"
        )
    implicit, little = bool(given[0]), bool(given[1])
    converting = (implicit, little) != (dataset._implicit_vr, dataset._little_endian)
    out: list = []
    size = _Writer(out, True, converting).dataset(dataset, encoding(not implicit, little))
    _emit(fp, out)
    return size


# ---------------------------------------------------------------------------------------------
def _file_parts(
    dataset: Dataset,
    like_original: bool,
    implicit_vr: bool | None,
    little_endian: bool | None,
    writer: type[_Writer] = _Writer,
    force_encoding: bool = False,
) -> list:
    """Every byte of the file, as a list of parts: nothing is written until all of it has
    been encoded, so a value that cannot be encoded leaves the target untouched. ``writer``
    builds the bytes (the construct engine's builds them with the structs, ``engine.py``)."""
    meta = getattr(dataset, "file_meta", None)
    meta = meta if meta is not None else FileMetaDataset()
    if not like_original:
        meta = _conformant_meta(dataset, meta, _syntax_of((implicit_vr, little_endian)))
    if force_encoding:  # dcmwrite's: the encoding given, whatever the transfer syntax
        enc, deflated = encoding(not implicit_vr, bool(little_endian)), False
    else:
        enc, deflated = _target_encoding(dataset, meta, like_original, implicit_vr, little_endian)
    original = (dataset._implicit_vr, dataset._little_endian) == (
        not enc.explicit_vr,
        enc.little_endian,
    )
    out: list = []
    preamble = getattr(dataset, "preamble", None)
    if not like_original:
        writer(out, like_original, False).prefix(preamble or b"\0" * 128)
    elif preamble is not None:
        writer(out, like_original, False).prefix(preamble)
    elif _provenance(dataset).prefix and "preamble" in dataset.__dict__:
        # read with a prefix but no preamble (a preamble deleted is neither written, as
        # pydicom: the prefix is written only with the preamble)
        writer(out, like_original, False).prefix(None)
    if meta:
        meta_enc = _FILE_META_ENCODING
        if like_original and meta._implicit_vr:
            meta_enc = encoding(False, True)
        writer(out, like_original, False).dataset(meta, meta_enc)
    if like_original and not meta:
        out.append(getattr(dataset, "stray_leading_bytes", b"") or b"")  # a bare data set
    body: list = []
    writer(body, like_original, not original).dataset(
        dataset if like_original else _without_meta_elements(dataset), enc
    )
    if deflated:
        if like_original:  # bytes after the data set inside the deflate stream
            body.append(_provenance(dataset).inflated_trailing)
        body = [_deflate(dataset, body, like_original, writer.deflate)]
        if like_original:
            body.append(getattr(dataset, "trailing_bytes", b"") or b"")
    elif like_original and _provenance(dataset).deflated is None:
        body.append(getattr(dataset, "trailing_bytes", b"") or b"")  # after the data set
    out += body
    return out


def _check_reads_back_as_sequence(ds: Dataset, elem: DataElement, vr: str) -> None:
    """An element read with a VR PS3.5 does not define, whose tag the dictionary says is SQ:
    written as UN (or implicit), a reader takes its value for that sequence, encoded implicit
    VR little endian (PS3.5 §6.2.2, as pydicom and this reader do). Bytes that are no items
    would make the file written unreadable there: the write raises ``DicomError`` instead."""
    raw = elem.raw
    entry = tables.standard_entry(elem.tag) if not elem.tag.is_private else None
    if not raw or entry is None or entry.VR != "SQ":
        return
    path = f"{ds._path} / {elem.tag} {vr}"
    try:
        for _ in Walk(raw, STRICT, elem.value_offset or 0).items(
            0, len(raw), encoding(False, True), 1, path, 0
        ):
            pass
    except DicomError as exc:
        raise DicomError(
            f"{elem.tag} was read with VR {vr!r}, which PS3.5 does not define: it cannot be "
            "written as UN, because a reader takes a UN of this tag for its dictionary's SQ "
            f"and these {len(raw)} bytes are no items ({exc.message})",
            None,
            path,
        ) from None


def _without_meta_elements(dataset: Dataset) -> Dataset:
    """The data set of a conformant file: without group 0002 elements (a malformed file's, or
    added by hand), which PS3.10 §7.1 puts in the File Meta Information only; written right
    after it, a reader takes them for part of it. A copy without them, with a warning."""
    misplaced = [tag for tag in dataset._dict if tag >> 16 == 2]
    if not misplaced:
        return dataset
    warnings.warn(
        f"File Meta Information elements in the data set are not written in a conformant file "
        f"(PS3.10 §7.1): {', '.join(str(BaseTag(tag)) for tag in misplaced)}",
        stacklevel=5,
    )
    kept = copy.copy(dataset)
    for tag in misplaced:
        del kept._dict[tag]
    return kept


def _deflate(
    dataset: Dataset, body: list, like_original: bool, deflate: Callable[[bytes], bytes]
) -> bytes:
    """PS3.5 §A.5: the data set as one raw deflate stream. Written like the original and
    unchanged, the stream is the one read (a compressor's choices are not reproducible):
    whether it is unchanged is found by inflating that stream again, here at writing, so
    that reading pays nothing for it. A deflated data set has no deferred values."""
    data = b"".join(_chunks(body))
    kept = _provenance(dataset).deflated
    if like_original and kept is not None and inflate(kept)[0] == data:
        return kept
    return deflate(data)


class _Deferred:
    """A value left in its file (``defer_size``) and copied from it when written, in pieces,
    so writing a huge value back takes no more memory than reading it did."""

    __slots__ = ("source", "offset", "length", "path")

    def __init__(self, ds: Dataset, elem: DataElement):
        source = ds._source
        if source is None:
            ds._read_deferred(elem)  # raises the DicomError that says the source is gone
        self.source = source
        self.offset = elem.value_offset
        self.length = elem.length
        self.path = f"{ds._path} / {elem.tag}"

    def __len__(self) -> int:
        return self.length

    def read(self) -> bytes:
        return self.source.read_at(self.offset, self.length, self.path)

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        for start in range(0, self.length, size):
            length = min(size, self.length - start)
            yield self.source.read_at(self.offset + start, length, self.path)


class _Buffered(_Deferred):
    """A buffered value (a file-like, pydicom 3's): read from its position in chunks when
    written, so it is never in memory whole, padded with a NUL to even length (PS3.5 §7.1.1)
    and swapped per value when written in the other byte order (PS3.5 §7.3); the buffer's
    position is kept."""

    __slots__ = ("buffer", "width")

    def __init__(self, elem: DataElement, swap: bool):
        try:
            length = buffer_remaining(elem._value)
        except (ValueError, TypeError, OSError) as exc:
            raise elem._buffer_fault(exc) from None
        width = _swap_width(elem.VR) if swap else 1
        self.buffer, self.length, self.path = elem._value, length, str(elem.tag)
        self.width = width if length % width == 0 else 1
        self.source = self.offset = None

    def __len__(self) -> int:
        return self.length + self.length % 2

    def read(self) -> bytes:
        return b"".join(self.chunks())

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:  # a multiple of every width
        with reset_buffer_position(self.buffer):
            for chunk in read_buffer(self.buffer, chunk_size=size):
                yield swap_bytes(chunk, self.width) if self.width > 1 else chunk
        if self.length % 2:
            yield b"\0"


def _chunks(parts: list) -> Iterator[bytes]:
    """The bytes of ``parts``, deferred values read piece by piece."""
    for part in parts:
        if isinstance(part, _Deferred):
            yield from part.chunks()
        else:
            yield part


def _emit(fp: BinaryIO, parts: list) -> None:
    """Write ``parts`` to ``fp``: a deferred or buffered value in pieces (never whole in
    memory); when there is none and ``fp`` is one of Python's binary files, all of them by
    ``writelines`` (IOBase's, which calls ``fp.write`` for each: a loop in C, not here)."""
    if isinstance(fp, io.IOBase) and not _STREAMED & set(map(type, parts)):
        fp.writelines(parts)
        return
    for chunk in _chunks(parts):
        fp.write(chunk)


_STREAMED = frozenset({_Deferred, _Buffered})  # the parts written in pieces


def _syntax_of(arguments: tuple[bool | None, bool | None]) -> str | None:
    """The transfer syntax a data set written in (implicit VR, little endian) is under, when
    only one can be (pydicom's choice): implicit VR little endian and explicit VR big endian;
    explicit VR little endian is also the encoding of the deflated and encapsulated syntaxes
    (PS3.5 §A.4, §A.5), so it is not guessed."""
    return {(True, True): "1.2.840.10008.1.2", (False, False): "1.2.840.10008.1.2.2"}.get(
        arguments  # type: ignore[arg-type]
    )


def _conformant_meta(
    dataset: Dataset, meta: FileMetaDataset, syntax: str | None = None
) -> FileMetaDataset:
    """A copy of the meta completed as PS3.10 §7.1 requires: SOP class and instance from the
    data set (when the meta lacks them or says other UIDs: they identify the data set's SOP
    instance), the transfer syntax ``syntax`` when it lacks one, version and implementation
    from dicomconstruct."""
    new = FileMetaDataset()
    for elem in meta:
        new._dict[elem.tag] = elem
    if syntax is not None and (0x00020010 not in new or new[0x00020010].is_empty):
        new.add(DataElement(0x00020010, "UI", syntax))
    for meta_tag, data_tag in ((0x00020002, 0x00080016), (0x00020003, 0x00080018)):
        if data_tag not in dataset:
            continue
        source = dataset[data_tag]
        value = source.value
        if (
            meta_tag not in new
            or new[meta_tag].is_empty
            or (
                value
                and isinstance(value, str)
                and value != new[meta_tag].value
                and UID(value).is_valid  # (a data set's invalid UID does not replace the meta's)
            )
        ):
            if value is not None and not isinstance(value, str):  # e.g. read with VR US
                raise DicomError(
                    f"{source.tag} {source.name} ({source.VR}) holds "
                    f"{type(value).__name__}, not a UID: it cannot fill "
                    f"{BaseTag(meta_tag)} of the File Meta Information (PS3.10 §7.1)",
                    source.value_offset,
                    f"dataset / {source.tag} {source.VR}",
                )
            new.add(DataElement(meta_tag, "UI", value))
    validate_file_meta(new, True)
    new.add(DataElement(0x00020000, "UL", 0))  # computed by the writer
    return new


def _syntax_uid(elem: DataElement | None) -> str | None:
    """The Transfer Syntax UID (0002,0010) as text. An element still holding the bytes it was
    read from says what they say, as the reader took them (PS3.10 §7.1): not the UID value,
    which drops any whitespace, nor a malformed file's other VR's value."""
    if elem is None:
        return None
    if elem.raw is not None:
        return syntax_uid_text(bytes(elem.raw)) or None
    value = elem.value
    if not value:
        return None
    text = str(value).strip("\0 ")
    # the UID itself when it is its text: it may carry a private encoding (set_private_encoding)
    return value if text == value and isinstance(value, str) else text


def _target_encoding(
    dataset: Dataset,
    meta: FileMetaDataset,
    like_original: bool,
    implicit_vr: bool | None,
    little_endian: bool | None,
) -> tuple[Encoding, bool]:
    """The encoding to write the data set in, and whether to deflate it: the meta's Transfer
    Syntax UID selects it (PS3.10 §7.1); written like the original with the syntax it was read
    under, the encoding actually read (a meta that contradicts its data set stays so)."""
    uid = _syntax_uid(meta._dict.get(0x00020010))
    syntax = tables.transfer_syntax(uid) if uid else None
    original = (dataset._implicit_vr, dataset._little_endian)
    if syntax is None:
        implicit = original[0] if implicit_vr is None else implicit_vr
        little = original[1] if little_endian is None else little_endian
        return encoding(not implicit, little), False
    wanted = (syntax.implicit_vr, syntax.little_endian)
    for name, given, needed in (
        ("implicit_vr", implicit_vr, wanted[0]),
        ("little_endian", little_endian, wanted[1]),
    ):
        if given is not None and given != needed:
            raise DicomError(
                f"'{name}={given}' is not consistent with the transfer syntax {uid} "
                f"({syntax.name}) of the file meta",
                None,
                "file meta / (0002,0010) UI",
            )
    if like_original and uid == _provenance(dataset).transfer_syntax:
        return encoding(not original[0], original[1]), syntax.deflated
    return encoding(not wanted[0], wanted[1]), syntax.deflated


def dcmwrite(
    filename: str | os.PathLike | BinaryIO,
    dataset: Dataset,
    /,
    __write_like_original: bool | None = None,
    *,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    enforce_file_format: bool | None = None,
    force_encoding: bool = False,
    overwrite: bool = True,
    **kwargs: Any,
) -> None:
    """Write ``dataset`` to ``filename`` (a path or a binary file-like), as pydicom's.

    ``write_like_original=True`` (the default) writes what was read: the preamble or its
    absence, the meta as it was, undefined lengths, group lengths, UN, unchanged values from
    their original bytes, a deflate trailer; a changed value re-encodes that element and the
    lengths that contain it. ``write_like_original=False`` (pydicom 3's
    ``enforce_file_format=True``) writes a conformant Part 10 file (PS3.10 §7.1). The meta's
    Transfer Syntax UID chooses the encoding; ``implicit_vr``/``little_endian`` choose it for a
    data set without one.

    Every byte is encoded before any is written; a path is written through a temporary file
    in the same folder that replaces it only when complete, so a failure leaves an existing
    file as it was. A value that cannot be encoded raises :class:`DicomError`.

    ``force_encoding=True`` writes the data set in ``implicit_vr``/``little_endian`` (both
    required) whatever the transfer syntax says, as pydicom's. ``write_like_original`` is
    deprecated in pydicom 3 (use ``enforce_file_format``), so passing it warns as there.
    """
    write_like_original = _write_like_original_argument(__write_like_original, kwargs)
    if enforce_file_format is not None and write_like_original is not None:
        if enforce_file_format == write_like_original:
            raise ValueError("'write_like_original' and 'enforce_file_format' contradict")
    like_original = True
    if write_like_original is not None:
        like_original = write_like_original
    elif enforce_file_format is not None:
        like_original = not enforce_file_format
    # a tree the construct engine read is built by its writer (engine.py), in either mode
    writer = _provenance(dataset).writer or _Writer
    write_with(
        writer, filename, dataset, like_original, implicit_vr, little_endian, overwrite,
        force_encoding=force_encoding,
    )  # fmt: skip


def _write_like_original_argument(positional: bool | None, kwargs: dict) -> bool | None:
    """pydicom 3's ``write_like_original``: given once (by position or keyword), deprecated
    (a DeprecationWarning; a TypeError under ``config.future_behavior``); any other keyword
    argument is a TypeError with pydicom's message."""
    from . import config

    keyword = kwargs.pop("write_like_original", None)
    if positional is not None and keyword is not None:
        if config._use_future:
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword "
                "argument, use 'enforce_file_format' instead"
            )
        raise TypeError(
            "'write_like_original' cannot be used as both a positional and keyword argument"
        )
    value = keyword if positional is None else positional
    if value is not None:
        if config._use_future:
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword "
                "argument, use 'enforce_file_format' instead"
            )
        warnings.warn(
            "'write_like_original' is deprecated and will be removed in v4.0, please use "
            "'enforce_file_format' instead",
            DeprecationWarning,
            stacklevel=3,
        )
    if kwargs:
        raise TypeError(f"Invalid keyword argument(s) for dcmwrite(): {', '.join(kwargs)}")
    return value


def write_with(
    writer: type[_Writer],
    filename: str | os.PathLike | BinaryIO,
    dataset: Dataset,
    like_original: bool = True,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    overwrite: bool = True,
    *,
    force_encoding: bool = False,
) -> None:
    """``dcmwrite`` with the bytes built by ``writer`` (``_Writer``, or the construct engine's
    ``_StructWriter`` building every header with the structs): the same decisions, checks and
    atomic replacement of a path."""
    if not isinstance(filename, (str, os.PathLike)) and not callable(
        getattr(filename, "write", None)
    ):
        raise TypeError(
            "dcmwrite: Expected a file path, file-like or writeable buffer, but got "
            f"{type(filename).__name__}"
        )
    _check_elements(dataset)
    if force_encoding:
        if not like_original:
            raise ValueError("'force_encoding' cannot be used with 'enforce_file_format'")
        if None in (implicit_vr, little_endian):
            raise ValueError(
                "'implicit_vr' and 'little_endian' are required if 'force_encoding' is used"
            )
    else:
        implicit_vr, little_endian = _check_dcmwrite(
            dataset, like_original, implicit_vr, little_endian
        )
    parts = _file_parts(dataset, like_original, implicit_vr, little_endian, writer, force_encoding)
    if not isinstance(filename, (str, os.PathLike)):
        _emit(filename, parts)
        return
    path = os.fspath(filename)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"File exists: '{path}'")
    write_atomically(path, lambda file: _emit(file, parts))


write_file = dcmwrite  # pydicom's older name


# ---------------------------------------------------------------------------------------------
# pydicom's element-level writer API (pydicom.filewriter): functions of a binary file-like
# ``fp`` that carries the encoding as ``fp.is_implicit_VR`` and ``fp.is_little_endian`` (as
# pydicom's DicomIO does). Each applies the _Writer above to one element, or asks it for one
# value's bytes (values.encode_value): no encoding rule is restated here.
def _fp_encoding(fp: Any, values_only: bool = False) -> Encoding:
    """The encoding ``fp`` says; writing only a value, the VR rule does not matter."""
    if values_only:
        try:
            implicit = fp.is_implicit_VR
        except AttributeError:  # pydicom's DicomIO raises when it was never set
            implicit = False
        return encoding(not implicit, fp.is_little_endian)
    return encoding(not fp.is_implicit_VR, fp.is_little_endian)


def _element_context(
    elem: DataElement, enc: Encoding, encodings: str | list[str] | None = None
) -> Dataset:
    """The dataset an element is written in: its parent's elements (for private creators and
    ambiguous VRs), the byte order its bytes are in, and the character set to encode with."""
    from .charset import convert_encodings

    parent = elem._parent
    context = Dataset()
    if parent is not None:
        for name in ("_dict", "_parent", "_source", "_little_endian", "_implicit_vr", "_path"):
            object.__setattr__(context, name, getattr(parent, name))
    else:
        object.__setattr__(context, "_little_endian", enc.little_endian)
        object.__setattr__(context, "_implicit_vr", not enc.explicit_vr)
    if encodings:
        object.__setattr__(context, "_encodings", convert_encodings(encodings))
    elif parent is not None:
        object.__setattr__(context, "_encodings", parent._character_set)
    return context


def _as_element(elem: DataElement | RawDataElement) -> DataElement:
    """A RawDataElement as the undecoded element holding its bytes in their byte order."""
    if not isinstance(elem, RawDataElement):
        return elem
    context = Dataset()
    object.__setattr__(context, "_little_endian", bool(elem.is_little_endian))
    object.__setattr__(context, "_implicit_vr", bool(elem.is_implicit_VR))
    return element_from_raw(elem, context)


def write_data_element(
    fp: BinaryIO,
    elem: DataElement | RawDataElement,
    encodings: str | list[str] | None = None,
) -> None:
    """Write one element, header and value (PS3.5 §7.1), in ``fp``'s encoding; text is
    encoded with ``encodings`` (Specific Character Set terms or Python codecs; default: the
    element's dataset's, else ISO-IR 6). A sequence is written with its items."""
    enc = _fp_encoding(fp)
    elem = _as_element(elem)
    vr = elem.VR
    if enc.explicit_vr and vr and " or " in vr:
        raise ValueError(
            f"Cannot write ambiguous VR of '{vr}' for data element with tag {elem.tag!r}.\n"
            "Set the correct VR before writing, or use an implicit VR transfer syntax"
        )
    if vr not in tables.vr_table() and " or " not in vr:
        raise NotImplementedError(f"write_data_element: unknown Value Representation '{vr}'")
    if elem.is_undefined_length and elem.tag == 0x7FE00010 and vr != "SQ":
        value = elem.raw if elem.raw is not None else elem.value
        if isinstance(value, BufferedIOBase):  # a buffered value: its first bytes, unread
            with reset_buffer_position(value):
                head = value.read(4)
        else:
            head = bytes(value or b"")[:4]
        item = b"\xfe\xff\x00\xe0" if enc.little_endian else b"\xff\xfe\xe0\x00"
        if head != item:
            raise ValueError(
                "The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as "
                "required for a compressed transfer syntax - see "
                "pydicom.encaps.encapsulate() for more information"
            )
    context = _element_context(elem, enc, encodings)
    converting = (context._implicit_vr, context._little_endian) != (
        not enc.explicit_vr,
        enc.little_endian,
    )
    out: list = []
    _Writer(out, False, converting).element(context, elem, enc)
    _emit(fp, out)


def write_sequence(fp: BinaryIO, elem: DataElement, encodings: list[str] | None = None) -> None:
    """Write the items of a sequence element's value (PS3.5 §7.5), without its header."""
    enc = _fp_encoding(fp)
    writer = _Writer([], False, False)
    for item in elem.value:
        writer.item(item, enc)
    _emit(fp, writer.out)


def write_sequence_item(fp: BinaryIO, dataset: Dataset, encodings: list[str] | None = None) -> None:
    """Write one sequence item (PS3.5 §7.5.1): its Item header, elements and delimiter."""
    writer = _Writer([], False, False)
    writer.item(dataset, _fp_encoding(fp))
    _emit(fp, writer.out)


def _write_value(
    fp: BinaryIO, elem: DataElement, vr: str | None = None, encodings: Any = None
) -> None:
    """Write only the value's bytes, padded to even length, as the writer encodes them."""
    enc = _fp_encoding(fp, values_only=True)
    elem = _as_element(elem)
    context = _element_context(elem, enc, encodings)
    data = _Writer([], False, False).value_bytes(context, elem, vr or elem.VR, enc)
    _emit(fp, [data])


_STRUCT_VRS = {"d": "FD", "f": "FL", "l": "SL", "h": "SS", "q": "SV", "L": "UL", "H": "US"}
_STRUCT_VRS["Q"] = "UV"


def write_numbers(fp: BinaryIO, elem: DataElement, struct_format: str) -> None:
    """Write a binary number value (US, SS, UL, SL, UV, SV, FL, FD) packed as
    ``struct_format`` says (PS3.5 §6.2)."""
    vr = elem.VR
    if " or " in vr or vr not in _STRUCT_VRS.values():
        vr = _STRUCT_VRS.get(struct_format[-1:], vr)
    try:
        _write_value(fp, elem, vr)
    except DicomError as exc:  # pydicom's write_numbers raises an OSError naming the element
        message = f"{exc.message}\nfor data_element:\n{elem}"
        raise ElementWriteError(message, exc.offset, exc.path) from None


def write_OBvalue(fp: BinaryIO, elem: DataElement) -> None:  # noqa: N802 - pydicom's name
    """Write an OB (or UN) value, padded with a NUL to even length."""
    _write_value(fp, elem, "OB" if " or " in elem.VR else None)


def write_OWvalue(fp: BinaryIO, elem: DataElement) -> None:  # noqa: N802
    """Write an OW, OF, OD, OL or OV value: its bytes, in the dataset's byte order."""
    _write_value(fp, elem, "OW" if " or " in elem.VR else None)


def write_UN(fp: BinaryIO, elem: DataElement) -> None:  # noqa: N802
    _write_value(fp, elem, "UN")


def write_UI(fp: BinaryIO, elem: DataElement) -> None:  # noqa: N802
    """Write a UI value, padded with a NUL (PS3.5 §9.1)."""
    _write_value(fp, elem, "UI")


def write_string(fp: BinaryIO, elem: DataElement, padding: str = " ") -> None:
    """Write a text value in the default character repertoire, padded with a space."""
    _write_value(fp, elem)


def write_text(fp: BinaryIO, elem: DataElement, encodings: list[str] | None = None) -> None:
    """Write a text value with the Specific Character Set ``encodings`` (PS3.5 §6.1.2.3)."""
    _write_value(fp, elem, None, encodings)


def write_PN(fp: BinaryIO, elem: DataElement, encodings: list[str] | None = None) -> None:  # noqa: N802
    """Write a PN value, each component group with its character set (PS3.5 §6.2.1)."""
    _write_value(fp, elem, "PN", encodings)


write_number_string = write_string  # IS and DS: their original text, else formatted
write_DA = write_DT = write_TM = write_string  # dates and times: text in ISO-IR 6
write_ATvalue = write_string  # each tag as two 16-bit numbers (PS3.5 §6.2, AT)


def _format_DA(val: Any) -> str:  # noqa: N802 - pydicom's (private) helpers, for its tests
    if val is None:
        return ""
    return getattr(val, "original_string", None) or val.strftime("%Y%m%d")


def _format_DT(val: Any) -> str:  # noqa: N802
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return val.original_string
    if val.microsecond > 0:
        return val.strftime("%Y%m%d%H%M%S.%f%z")
    return val.strftime("%Y%m%d%H%M%S%z")


def _format_TM(val: Any) -> str:  # noqa: N802
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return val.original_string
    if val.microsecond > 0:
        return val.strftime("%H%M%S.%f")
    return val.strftime("%H%M%S")


# pydicom's table of writers: VR -> (function, struct format)
writers: dict[str, tuple[Any, str | None]] = {
    "AE": (write_string, None),
    "AS": (write_string, None),
    "AT": (write_ATvalue, None),
    "CS": (write_string, None),
    "DA": (write_DA, None),
    "DS": (write_number_string, None),
    "DT": (write_DT, None),
    "FD": (write_numbers, "d"),
    "FL": (write_numbers, "f"),
    "IS": (write_number_string, None),
    "LO": (write_text, None),
    "LT": (write_text, None),
    "OB": (write_OBvalue, None),
    "OD": (write_OWvalue, None),
    "OF": (write_OWvalue, None),
    "OL": (write_OWvalue, None),
    "OW": (write_OWvalue, None),
    "OV": (write_OWvalue, None),
    "PN": (write_PN, None),
    "SH": (write_text, None),
    "SL": (write_numbers, "l"),
    "SQ": (write_sequence, None),
    "SS": (write_numbers, "h"),
    "ST": (write_text, None),
    "SV": (write_numbers, "q"),
    "TM": (write_TM, None),
    "UC": (write_text, None),
    "UI": (write_UI, None),
    "UL": (write_numbers, "L"),
    "UN": (write_UN, None),
    "UR": (write_string, None),
    "US": (write_numbers, "H"),
    "UT": (write_text, None),
    "UV": (write_numbers, "Q"),
    "US or SS": (write_OWvalue, None),
    "US or OW": (write_OWvalue, None),
    "US or SS or OW": (write_OWvalue, None),
    "OB or OW": (write_OBvalue, None),
}


# -- ambiguous VRs (PS3.5 Annex A; PS3.3 C.7.6.3.1.4, C.11.1.1.1) ---------------------------
def correct_ambiguous_vr_element(
    elem: DataElement | RawDataElement,
    ds: Dataset,
    is_little_endian: bool,
    ancestors: list[Dataset] | None = None,
) -> DataElement | RawDataElement:
    """Give an element with an ambiguous VR the VR its dataset implies (ambiguous.py), its
    value decoded with it (pydicom's function). An element whose VR is not ambiguous is
    returned as it is."""
    from .ambiguous import AMBIGUOUS_VR

    # the VR as set, else the dictionary's: DataElement.VR resolves an ambiguous VR itself
    # once the element is in a dataset
    stated = elem.VR if isinstance(elem, RawDataElement) else elem._VR
    if stated is None:  # read in implicit VR and not asked for yet: the dictionary's VR
        entry = tables.standard_entry(elem.tag)
        if entry is not None and entry.VR in AMBIGUOUS_VR:
            stated = entry.VR
    if stated not in AMBIGUOUS_VR:
        return elem
    if isinstance(elem, RawDataElement):
        elem = convert_raw_data_element(elem, ds=ds)
        ds[elem.tag] = elem
    ancestors = [ds] if ancestors is None else ancestors
    try:
        _correct_element(elem, ancestors, is_little_endian)
    except AttributeError as exc:
        raise AttributeError(f"Failed to resolve ambiguous VR for tag {elem.tag}: {exc}") from None
    return elem


def _correct_element(elem: DataElement, ancestors: list[Dataset], little: bool) -> None:
    """pydicom's rules (PS3.5 Annex A; PS3.3 C.7.6.3.1.4, C.11.1.1), with its errors: an
    AttributeError names the element a rule needs and the dataset lacks."""
    from .ambiguous import LUT_DATA_TAG, PIXEL_DATA_TAG, US_SS_TAGS, WAVEFORM_OB_OW_TAGS

    ds = ancestors[0]
    tag = elem.tag
    if tag == PIXEL_DATA_TAG:
        if elem.is_undefined_length:
            elem.VR = "OB"
        elif ds.original_encoding[0]:
            elem.VR = "OW"
        else:
            elem.VR = "OW" if ds.BitsAllocated > 8 else "OB"
    elif tag in US_SS_TAGS:
        pixel_rep = next(
            (a.PixelRepresentation for a in ancestors if a.get("PixelRepresentation") is not None),
            None,
        )
        if pixel_rep is None:
            pixel_rep = 1
            if "PixelRepresentation" not in ds and "PixelData" not in ds:
                pixel_rep = 0
            elif ds.PixelRepresentation == 0:
                pixel_rep = 0
        _set_numbers(elem, "US" if pixel_rep == 0 else "SS", little)
    elif tag in WAVEFORM_OB_OW_TAGS:
        if ds.original_encoding[0]:
            elem.VR = "OW"
        else:
            elem.VR = "OW" if ds.WaveformBitsAllocated > 8 else "OB"
    elif tag == LUT_DATA_TAG:
        if ds.LUTDescriptor[0] == 1:
            _set_numbers(elem, "US", little)
        else:
            elem.VR = "OW"
    elif tag >> 16 in range(0x6000, 0x601F, 2) and tag & 0xFFFF == 0x3000:
        elem.VR = "OW"  # Overlay Data (PS3.5 §8.1.2)


def _set_numbers(elem: DataElement, vr: str, little: bool) -> None:
    """Give ``elem`` VR US or SS, its bytes (if it holds bytes) decoded as that."""
    from .values import convert_value

    value = elem.value
    elem.VR = vr
    if isinstance(value, (bytes, bytearray)) and value:
        elem._value = convert_value(vr, bytes(value), little)
        elem.raw = None
    elif value is not None and not isinstance(value, bytes):
        elem._value = _resigned(value, vr)


def _resigned(value: Any, vr: str) -> Any:
    """Numbers held as one of US/SS, as the other (16-bit two's complement)."""

    def one(number: Any) -> Any:
        if not isinstance(number, int):
            return number
        if vr == "SS" and number > 0x7FFF:
            return number - 0x10000
        if vr == "US" and number < 0:
            return number + 0x10000
        return number

    if isinstance(value, list):
        return type(value)(one(v) for v in value) if type(value) is list else value
    return one(value)


def correct_ambiguous_vr(
    ds: Dataset, is_little_endian: bool, ancestors: list[Dataset] | None = None
) -> Dataset:
    """Correct every ambiguous VR in ``ds`` and its items (pydicom's function)."""

    ancestors = [ds] if ancestors is None else ancestors
    for elem in list(ds):
        if elem.VR == "SQ":
            for item in elem.value:
                ancestors.insert(0, item)
                correct_ambiguous_vr(item, is_little_endian, ancestors)
        else:
            correct_ambiguous_vr_element(elem, ds, is_little_endian, ancestors)
    del ancestors[0]
    return ds


def _determine_encoding(
    ds: Dataset,
    tsyntax: Any,
    implicit_vr: bool | None,
    little_endian: bool | None,
    force_encoding: bool,
) -> tuple[bool, bool]:
    """(implicit VR, little endian) to write ``ds`` in, as pydicom's private helper decides:
    the transfer syntax's, else the arguments, else the dataset's original encoding."""
    arguments = (implicit_vr, little_endian)
    if force_encoding:
        if None in arguments:
            raise ValueError(
                "'implicit_vr' and 'little_endian' are required if 'force_encoding' is used"
            )
        return arguments  # type: ignore[return-value]
    if implicit_vr is not None and little_endian is None:
        arguments = (implicit_vr, True)  # pydicom's default byte order with implicit_vr
    from . import config

    fallback = arguments
    if None in fallback and not config._use_future:
        fallback = (ds._write_implicit_vr, ds._write_little_endian)
    if None in fallback:
        fallback = ds.original_encoding
    uid = tsyntax if isinstance(tsyntax, str) else str(tsyntax)  # a UID keeps its own encoding
    syntax = tables.transfer_syntax(uid) if tsyntax else None
    if tsyntax and syntax is None and not UID(str(tsyntax)).is_private:
        raise ValueError(
            f"The Transfer Syntax UID '{UID(str(tsyntax)).name}' is not a valid transfer syntax"
        )
    if syntax is not None:
        wanted = (syntax.implicit_vr, syntax.little_endian)
        for name, given, needed in zip(
            ("implicit_vr", "little_endian"), arguments, wanted, strict=True
        ):
            if given is not None and given != needed:
                what = "VR encoding" if name == "implicit_vr" else "endianness"
                raise ValueError(
                    f"The '{name}' value is not consistent with the required {what} for "
                    f"the '{UID(str(tsyntax)).name}' transfer syntax"
                )
        return wanted
    if tsyntax and None in fallback:
        raise ValueError(
            "The 'implicit_vr' and 'little_endian' arguments are required when using a "
            "private transfer syntax"
        )
    if None in fallback:
        raise ValueError(
            "Unable to determine the encoding to use for writing the dataset, please set "
            "the file meta's Transfer Syntax UID or use the 'implicit_vr' and "
            "'little_endian' arguments"
        )
    return fallback  # type: ignore[return-value]


def _check_elements(dataset: Dataset) -> None:
    """pydicom's refusal of Command Set (0000,eeee) and File Meta Information (0002,eeee)
    elements in the data set of a file (PS3.10 §7.1: the meta has its own group, and PS3.7
    §E.1's command set is for DIMSE messages), with its ValueErrors. Unlike pydicom, such
    elements read from a file (a malformed one's) are written back as read: only those added
    in code are refused."""
    added = [
        tag >> 16
        for tag, elem in dataset._dict.items()
        if tag >> 16 in (0, 2)
        and (elem.value_tell if isinstance(elem, RawDataElement) else elem.value_offset) is None
    ]
    if 0 in added:
        raise DicomError(
            "Command Set elements (0000,eeee) are not allowed when using dcmwrite(), use "
            "write_dataset() instead",
            None,
            "dataset",
        )
    if added:
        raise DicomError(
            "File Meta Information Group elements (0002,eeee) must be in a FileMetaDataset "
            f"instance in the '{type(dataset).__name__}.file_meta' attribute",
            None,
            "dataset",
        )


def _check_pixel_data_encapsulated(dataset: Dataset) -> None:
    """PS3.5 §A.4: under a compressed syntax Pixel Data is encapsulated (items). A value
    made in code that is not items is refused, with pydicom's message; one read from a file
    is written as it was read (and ``inspect`` reports it)."""
    elem = dataset._dict.get(0x7FE00010)
    if elem is None or isinstance(elem, RawDataElement) or elem.raw is not None:
        return
    value = elem.value
    if isinstance(value, (bytes, bytearray, memoryview)) and value:
        item = b"\xfe\xff\x00\xe0"  # (FFFE,E000) little endian: PS3.5 §A.4 is little endian
        if bytes(value[:4]) != item:
            raise DicomError(
                "The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as "
                "required for a compressed transfer syntax - see "
                "pydicom.encaps.encapsulate() for more information",
                None,
                f"dataset / (7FE0,0010) {elem.VR}",
            )


def _check_dcmwrite(
    dataset: Dataset, like_original: bool, implicit_vr: bool | None, little_endian: bool | None
) -> tuple[bool | None, bool | None]:
    """pydicom's checks before a write of a dataset made (not read), with its messages, and
    the encoding to write a data set without a transfer syntax in: the arguments, else the
    ``is_implicit_VR``/``is_little_endian`` set, else the encoding read (PS3.10 §7.1 leaves
    it to the meta's Transfer Syntax UID when there is one)."""
    # Unlike pydicom, group 0000 and 0002 elements in the data set and Pixel Data that is
    # not encapsulated under a compressed syntax are written as given (what was read, or
    # made, writes back unchanged: tests/test_properties.py).
    cls_name = type(dataset).__name__
    preamble = getattr(dataset, "preamble", None)
    if preamble and len(preamble) != 128:
        raise ValueError(f"'{cls_name}.preamble' must be 128-bytes long")
    meta = getattr(dataset, "file_meta", None)
    uid = _syntax_uid(meta._dict.get(0x00020010) if meta is not None else None)
    if implicit_vr is not None and little_endian is None:
        little_endian = True
    from . import config

    arguments = (implicit_vr, little_endian)
    if None in arguments and not config._use_future:  # pydicom 4 drops is_implicit_VR...
        arguments = (dataset._write_implicit_vr, dataset._write_little_endian)
    if None in arguments:
        arguments = dataset.original_encoding
    syntax = tables.transfer_syntax(uid) if uid else None
    if syntax is None:
        read_under = like_original and uid == _provenance(dataset).transfer_syntax
        if uid and not read_under and not UID(uid).is_private:
            # PS3.5 §10: a UID of the standard's root that names no transfer syntax
            raise DicomError(
                f"The Transfer Syntax UID '{UID(uid).name}' is not a valid transfer syntax",
                None,
                "file meta / (0002,0010) UI",
            )
        if None in arguments:
            if uid:
                raise ValueError(
                    "The 'implicit_vr' and 'little_endian' arguments are required when "
                    "using a private transfer syntax"
                )
            raise ValueError(
                "Unable to determine the encoding to use for writing the dataset, please "
                "set the file meta's Transfer Syntax UID or use the 'implicit_vr' and "
                "'little_endian' arguments"
            )
        if arguments == (True, False):
            # PS3.5 §10.1: implicit VR is little endian only (force_encoding writes it)
            raise DicomError(
                "Implicit VR and big endian is not a valid encoding combination",
                None,
                "dataset",
            )
        return arguments
    if syntax.encapsulated:
        _check_pixel_data_encapsulated(dataset)
    if implicit_vr is not None and implicit_vr != syntax.implicit_vr:
        raise DicomError(
            "The 'implicit_vr' value is not consistent with the required VR encoding for "
            f"the '{UID(uid).name}' transfer syntax",
            None,
            "file meta / (0002,0010) UI",
        )
    if little_endian is not None and little_endian != syntax.little_endian:
        raise DicomError(
            "The 'little_endian' value is not consistent with the required endianness for "
            f"the '{UID(uid).name}' transfer syntax",
            None,
            "file meta / (0002,0010) UI",
        )
    return None, None
