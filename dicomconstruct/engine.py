"""The reference engine: DICOM files read and written through the construct structs alone
(``layouts.py``, ``engine_layouts.py``), into and from the tree ``dcmread`` makes (PS3.10 §7).

It keeps the structs honest against the fast reader (``filereader.py``): on every file of the
corpus both give the same tree, or the same fault at the same offset (``tests/test_engine.py``).
Slow by design: every header, item and delimiter is parsed and built by construct.
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import contextmanager
from typing import Any, BinaryIO

from construct import ConstructError, Container, Int32ub, Int32ul

from . import engine_layouts as el
from . import layouts, tables
from .dataelem import _UNDECODED, DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import DicomError, InvalidDicomError, NestingTooDeepError
from .layouts import ITEM_DELIMITATION, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH
from .sequence import Sequence
from .tag import BaseTag
from .values import encode_value

__all__ = ["read_with_construct", "write_with_construct"]

_MISSING_PREFIX_MESSAGE = (
    "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing "
    "from the header. Use force=True to force reading."
)
_CHARSET_VRS = frozenset(vr for vr, info in tables.vr_table().items() if info.uses_charset)


# ---------------------------------------------------------------------------------------------
# Reading
def read_with_construct(fp: str | os.PathLike | BinaryIO, force: bool = False) -> FileDataset:
    """Read a DICOM file (a path or a binary file-like, read from its position) through the
    construct structs alone: the same tree as ``dcmread(fp, force=force)``, with every value
    in memory and every sequence parsed at once (``dcmread`` parses a defined-length sequence
    when it is first asked for, so a fault inside one is raised here at reading).

    Faults in the bytes raise ``DicomError`` subclasses carrying the byte offset and the schema
    path; sequences nested more than ``engine_layouts.MAX_NESTING_DEPTH`` deep raise
    ``NestingTooDeepError``.
    """
    base = 0  # the file offset of the first byte read: offsets are the file's, as dcmread's
    if isinstance(fp, (str, os.PathLike)):
        filename: Any = os.fspath(fp)
        with open(filename, "rb") as file:
            data = file.read()
    elif hasattr(fp, "read") and not isinstance(fp, (bytes, bytearray, memoryview)):
        try:
            base = fp.tell()
        except (OSError, AttributeError, ValueError):
            pass
        filename, data = fp, fp.read()
    else:
        raise TypeError(
            f"read_with_construct() takes a path or a binary file-like, not {type(fp).__name__}"
        )
    with _room_for_nesting():
        ds = _Reader(data, base).file(force, filename)
    if filename is fp and _seekable(fp):
        fp.seek(ds._end_offset)  # as dcmread leaves a file-like: after what it read
    return ds


def _seekable(fp: Any) -> bool:
    try:
        return bool(fp.seekable())
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def _room_for_nesting():
    """construct spends 26 Python frames on each level of undefined-length sequence nesting
    (measured): room for ``MAX_NESTING_DEPTH`` levels, which ``engine_layouts.Items`` refuses
    to exceed. The limit is the interpreter's, so it is raised only for the read."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 40 * el.MAX_NESTING_DEPTH + 1000))
    try:
        yield
    except RecursionError:
        raise NestingTooDeepError("sequences nested too deep for the construct engine") from None
    finally:
        sys.setrecursionlimit(limit)


def _parse(struct, stream: el.BoundedStream, path: str, **params: Any) -> Any:
    """``struct.parse_stream``, with ``path`` as the schema path errors start from."""
    context = Container(**params)
    context._parsing, context._building, context._sizing = True, False, False
    context._params = context
    try:
        return struct._parsereport(stream, context, path)
    except ConstructError as exc:  # a fault outside any element or item (none expected)
        raise DicomError(f"does not parse: {exc}", stream.base + stream.tell(), path) from None


class _Reader:
    """One read: the bytes of the data set being read (inflated for a deflated syntax), and
    the turning of parsed elements and items into the tree."""

    def __init__(self, data: bytes, base: int = 0):
        self.data = data
        self.base = base  # file offset of data[0]; offsets in the tree are the file's
        self.where = ""  # prefix of paths: "deflated data set" for an inflated data set

    # -- PS3.10 §7.1: preamble, prefix, File Meta Information ------------------------------
    def file(self, force: bool, filename: Any) -> FileDataset:
        stream = el.BoundedStream(self.data, self.base)
        preamble = None
        has_prefix = True
        try:
            preamble = bytes(_parse(layouts.file_preamble, stream, "file preamble").preamble)
        except DicomError:
            stream.seek(0)
            try:
                _parse(el.no_preamble_prefix, stream, "prefix")
                warnings.warn(
                    "the 128-byte preamble is missing: the file starts with 'DICM'", stacklevel=3
                )
            except DicomError:
                if not force:
                    raise InvalidDicomError(
                        _MISSING_PREFIX_MESSAGE, 0, "file preamble / prefix"
                    ) from None
                stream.seek(0)
                has_prefix = False
        meta = self.file_meta(stream)
        uid, syntax = _declared_syntax(meta)
        explicit, little, deflated = True, True, False
        if syntax is not None:
            explicit, little, deflated = (
                not syntax.implicit_vr,
                syntax.little_endian,
                syntax.deflated,
            )
        stray = b""
        if syntax is None:
            if preamble is None and not meta:
                skip = _stray_leading_bytes(stream)
                if skip:
                    stray = stream.read(skip)
                    warnings.warn(
                        f"skipped {skip} stray byte(s) {stray!r} at byte {self.base + stream.tell() - skip} "
                        "before the first data element",
                        stacklevel=3,
                    )
            if uid:
                warnings.warn(
                    f"unknown Transfer Syntax UID {uid!r}: guessing the encoding", stacklevel=3
                )
            explicit, little = _guess_encoding(stream)[0]
        file_end = self.base + len(self.data)
        trailing = compressed = b""
        if deflated:
            # PS3.5 §A.5: offsets below count in the inflated data set, as dcmread's do
            rest = _parse(el.deflated_rest, stream, "deflated data set")
            trailing, compressed = rest.trailing, rest.compressed
            self.data, self.base, self.where = rest.inflated, 0, "deflated data set"
            stream = el.BoundedStream(self.data, self.base)
        explicit = _check_vr_encoding(stream, explicit, declared=uid is not None)

        ds = FileDataset(filename, {}, preamble, meta, not explicit, little)
        _record(ds, _read_prefix=has_prefix, _read_transfer_syntax=uid, _where=self.where)
        if deflated:
            _record(ds, _deflated_original=compressed)
        entries = _parse(el.data_set(explicit, little), stream, self._prefix("dataset"))
        self.fill(ds, entries, explicit, little)
        ds.stray_leading_bytes = stray
        ds.trailing_bytes = trailing
        _record(ds, _end_offset=file_end if deflated else self.base + stream.tell())
        return ds

    def _prefix(self, path: str) -> str:
        return f"{self.where} / {path}" if self.where else path

    def file_meta(self, stream: el.BoundedStream) -> FileMetaDataset:
        meta = FileMetaDataset()
        start = el.meta_start.parse_stream(stream)
        explicit = True
        if start is not None and start.group == 0x0002 and start.VR not in tables.vr_codes():
            warnings.warn("the File Meta Information is written in implicit VR", stacklevel=4)
            explicit = False
        entries = _parse(el.file_meta(explicit), stream, "file meta")
        self.fill(meta, entries, explicit, True)
        _record(meta, _implicit_vr=not explicit)
        length = meta._dict.get(0x00020000)
        if length is not None and length.raw is not None and len(length.raw) == 4:
            declared = Int32ul.parse(length.raw)
            first = length.value_offset + 4 - self.base
            if first + declared != stream.tell():
                warnings.warn(
                    f"File Meta Information Group Length says {declared} bytes, the group has "
                    f"{stream.tell() - first}",
                    stacklevel=4,
                )
        return meta

    # -- parsed elements into a data set (PS3.5 §7.1) ---------------------------------------
    def fill(self, ds: Dataset, entries: list, explicit: bool, little: bool) -> None:
        """Make the elements of ``ds`` from its parsed ``entries``; record what writing like
        the original needs: order, duplicates, group sizes, a delimiter's length."""
        elements = ds._dict
        length_group, group_start, previous = -1, 0, -1
        defined_sequences = []
        for entry in entries:
            header = entry.header
            group, tag = header.group, (header.group << 16) | header.element
            if tag < previous:
                _record(ds, _read_unsorted=True)  # PS3.5 §7.1: written back in this order
            previous = tag
            if group != length_group and length_group >= 0:
                _group_span(ds, length_group, entry.start - group_start)
                length_group = -1
            if tag == ITEM_DELIMITATION:  # the last entry of an undefined-length item
                if header.length:
                    self._delimiter_length(tag, self.base + entry.start, header.length)
                    _record(ds, _delimiter_length=header.length)
                return
            if not header.element:  # PS3.5 §7.2: a group length; the group's size is kept
                # as dcmread counts it: from where the declared length ends
                length_group, group_start = group, entry.value_start + header.length
            elem = self.element(ds, entry, explicit, little)
            if tag in elements:
                _record(ds, _duplicates=[*ds._duplicates, elements[tag]])
                warnings.warn(
                    f"duplicate element {BaseTag(tag)} (the one ending at byte "
                    f"{self.base + entry.value_end} replaces the earlier one)",
                    stacklevel=4,
                )
            elements[tag] = elem
            if not elem.is_undefined_length:
                defined_sequences.append((elem, entry))
        if length_group >= 0 and entries:
            _group_span(ds, length_group, entries[-1].value_end - group_start)
        for elem, entry in defined_sequences:
            if elem.VR == "SQ":  # the dictionary's VR of an implicit or UN element too
                self.defined_sequence(ds, elem, entry)

    def element(self, ds: Dataset, entry: Container, explicit: bool, little: bool) -> DataElement:
        header = entry.header
        tag = (header.group << 16) | header.element
        vr = None
        if entry.kind in ("long", "short"):
            vr = tables.vr_codes()[header.VR]
        elif entry.kind == "unknown VR":
            vr = header.VR.decode("ascii")
            warnings.warn(
                f"unknown VR {header.VR!r} of {BaseTag(tag)} at byte {self.base + entry.start}: "
                "read with a 16-bit length",
                stacklevel=5,
            )
        elif explicit:
            warnings.warn(
                f"{BaseTag(tag)} at byte {self.base + entry.start} has no valid VR "
                f"({entry.peeked.VR!r}): read as an implicit VR element",
                stacklevel=5,
            )
        offset = self.base + entry.value_start
        kind = el._value_kind(entry)
        if kind == "bytes":
            return DataElement.from_raw(tag, vr, entry.value, header.length, offset, False, ds)
        if kind == "fragments":
            if vr is None and not header.group & 1:
                entry_vr = tables.standard_entry(tag)
                vr = entry_vr.VR if entry_vr is not None else None
            end = entry.value[-1].start  # the Sequence Delimitation Item
            raw = self.data[entry.value_start : end]
            return DataElement.from_raw(tag, vr, raw, UNDEFINED_LENGTH, offset, True, ds)
        un = kind == "UN sequence"  # PS3.5 §6.2.2: its items are implicit VR little endian
        elem = DataElement.from_raw(tag, "SQ", None, UNDEFINED_LENGTH, offset, True, ds)
        path = f"{ds._path} / {BaseTag(tag)} SQ"
        elem._value = self.sequence(ds, entry.value, not un and explicit, little or un, True, path)
        if un:
            elem.file_VR = "UN"  # written back as UN
        return elem

    def defined_sequence(self, ds: Dataset, elem: DataElement, entry: Container) -> None:
        """A defined-length sequence value (PS3.5 §7.5.2), kept as bytes by the element struct
        (as ``layouts.data_element`` keeps it), parsed now with the sequence struct."""
        implicit, little = ds._implicit_vr, ds._little_endian
        if elem.file_VR == "UN":
            implicit, little = True, True  # PS3.5 §6.2.2: a UN value is implicit VR LE
        stream = el.BoundedStream(self.data, self.base, depth=ds._depth)
        stream.seek(entry.value_start)
        stream.ends.append(entry.value_end)
        path = f"{ds._path} / {elem.tag} SQ"
        if not elem.raw:
            elem._value = Sequence()
            return
        entries = _parse(
            el.sequence(not implicit, little, False), stream, self._prefix(path), start=entry.start
        )
        elem._value = self.sequence(ds, entries, not implicit, little, False, path)

    # -- sequences and items (PS3.5 §7.5) --------------------------------------------------
    def sequence(
        self, parent: Dataset, entries: list, explicit: bool, little: bool, undefined: bool, path
    ) -> Sequence:
        seq = Sequence()
        seq.is_undefined_length = undefined
        depth = parent._depth + 1
        for index, entry in enumerate(entries):
            header = entry.header
            if (header.group << 16 | header.element) == SEQUENCE_DELIMITATION:
                if header.length:
                    pos = self.base + entry.start
                    self._delimiter_length(SEQUENCE_DELIMITATION, pos, header.length)
                    seq._delimiter_length = header.length
                break
            item = Dataset()
            item_explicit = entry.kind.endswith(" explicit")
            _record(
                item,
                _parent=parent,
                _little_endian=little,
                _source=parent._source,
                offset=self.base + entry.start,
                _depth=depth,
                _path=f"{path} / item {index}",
                _where=self.where,
                _implicit_vr=not item_explicit,
            )
            if header.length == UNDEFINED_LENGTH:
                _record(item, is_undefined_length_sequence_item=True)
            self.fill(item, entry.value, item_explicit, little)
            list.append(seq, item)  # a Dataset by construction
        return seq

    @staticmethod
    def _delimiter_length(tag: int, pos: int, length: int) -> None:
        """PS3.5 §7.5.2: a delimitation item has a zero length; read on, with a warning."""
        name = el._delimiter_name(tag).split(" (")[0]
        warnings.warn(
            f"{name} at byte {pos} has length {length}, not 0 (PS3.5 §7.5.2)", stacklevel=5
        )


def _record(ds: Dataset, **provenance: Any) -> None:
    """Read provenance, set as ``dcmread`` sets it (not through ``Dataset.__setattr__``,
    which looks names up as keywords)."""
    for name, value in provenance.items():
        object.__setattr__(ds, name, value)


def _group_span(ds: Dataset, group: int, size: int) -> None:
    if ds._group_spans is None:
        _record(ds, _group_spans={})
    ds._group_spans[group] = size


def _declared_syntax(meta: FileMetaDataset):
    """(Transfer Syntax UID, its row of schemas/transfer_syntaxes.tsv or None)."""
    elem = meta._dict.get(0x00020010)
    if elem is None:
        return None, None
    uid = str(elem.value or "").strip("\0 ")
    return uid, tables.transfer_syntax(uid)


# -- sniffing: the encoding of a data set that does not say (PS3.5 §7.1, §A) -----------------
_CANDIDATES = [(explicit, little) for little in (True, False) for explicit in (True, False)]


def _guess_encoding(stream: el.BoundedStream) -> tuple[tuple[bool, bool], int]:
    """The first of explicit/implicit VR little/big endian under which the first elements
    read plausibly (headers whole, lengths within the data, tags ascending); with its score."""
    scores = [_plausible_elements(stream, *candidate) for candidate in _CANDIDATES]
    best = max(range(len(scores)), key=scores.__getitem__)
    return _CANDIDATES[best], scores[best]


def _plausible_elements(stream: el.BoundedStream, explicit: bool, little: bool, limit=8) -> int:
    start = stream.tell()
    header_struct = el.header_only(explicit, little)
    previous = -1
    try:
        for count in range(limit):
            remaining = stream.remaining()
            if remaining < 8:
                return count + (limit if remaining == 0 else 0)
            try:
                parsed = header_struct.parse_stream(stream)
            except ConstructError:
                return count
            header = parsed.header if explicit else parsed
            if explicit and parsed.peeked.VR not in tables.vr_codes():
                return count
            tag = header.group << 16 | header.element
            if tag <= previous:
                return count
            previous = tag
            if header.length == UNDEFINED_LENGTH:
                return count + 1
            if header.length > stream.remaining():
                return count
            stream.seek(stream.tell() + header.length)
        return limit
    finally:
        stream.seek(start)


def _stray_leading_bytes(stream: el.BoundedStream, most: int = 16) -> int:
    """How many bytes come before the first plausible element of a bare data set (pydicom's
    no_meta.dcm starts with one stray byte)."""
    start = stream.tell()
    try:
        for skip in range(most):
            stream.seek(start + skip)
            if _guess_encoding(stream)[1] >= 3:
                return skip
        return 0
    finally:
        stream.seek(start)


def _check_vr_encoding(stream: el.BoundedStream, explicit: bool, declared: bool) -> bool:
    """Whether the data set is really explicit VR: a file whose meta says explicit but whose
    first element has no VR (or the reverse) is read as it is written, with a warning."""
    first = el.vr_peek.parse_stream(stream)
    if first is None:
        return explicit
    found = first.VR in tables.vr_codes()
    if found == explicit or (not found and el.looks_like_vr(first.VR)):
        return explicit
    if declared:
        said, used = ("explicit", "implicit") if explicit else ("implicit", "explicit")
        warnings.warn(
            f"Expected {said} VR, but found {used} VR - using {used} VR for reading",
            UserWarning,
            stacklevel=4,
        )
    return found


# ---------------------------------------------------------------------------------------------
# Writing
def write_with_construct(ds: Dataset, fp: str | os.PathLike | BinaryIO) -> None:
    """Write ``ds`` like the original (``dcmwrite``'s default) with every header, item and
    delimiter built by the construct structs: the preamble and prefix as read, the meta as it
    is, the data set in the encoding it was read in (deflated again when its syntax says so),
    unchanged values from the bytes read, group lengths, undefined lengths, UN, duplicates and
    order as read. A path is replaced only once every byte is encoded."""
    parts = _file_parts(ds)
    if not isinstance(fp, (str, os.PathLike)):
        for part in parts:
            fp.write(part)
        return
    import tempfile

    path = os.fspath(fp)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".dicomconstruct-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            for part in parts:
                file.write(part)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _file_parts(ds: Dataset) -> list[bytes]:
    out: list[bytes] = []
    preamble = getattr(ds, "preamble", None)
    if preamble is not None:
        out.append(layouts.file_preamble.build({"preamble": preamble}))
    elif getattr(ds, "_read_prefix", False):
        out.append(el.no_preamble_prefix.build(None))
    meta = getattr(ds, "file_meta", None)
    if meta:
        _Builder(out).dataset(meta, not meta._implicit_vr, True)
    else:
        out.append(getattr(ds, "stray_leading_bytes", b"") or b"")
    body: list[bytes] = []
    _Builder(body).dataset(ds, not ds._implicit_vr, ds._little_endian)
    _, syntax = _declared_syntax(meta) if meta else (None, None)
    if syntax is not None and syntax.deflated:
        rest = Container(
            inflated=b"".join(body),
            compressed=getattr(ds, "_deflated_original", None),
            trailing=getattr(ds, "trailing_bytes", b"") or b"",
        )
        body = [el.deflated_rest.build(rest)]
    return out + body


class _Builder:
    """The bytes of a data set, every header built by ``layouts``' structs; each method
    appends to ``out`` and returns the number of bytes appended (lengths are computed so)."""

    def __init__(self, out: list):
        self.out = out

    def dataset(self, ds: Dataset, explicit: bool, little: bool) -> int:
        elements = ds._dict
        tags = list(elements) if ds._read_unsorted else sorted(elements)
        duplicates: dict[int, list] = {}
        for elem in ds._duplicates:
            duplicates.setdefault(elem.tag, []).append(elem)
        total, index = 0, 0
        while index < len(tags):
            tag = tags[index]
            if tag & 0xFFFF:
                for elem in [*duplicates.get(tag, ()), elements[tag]]:
                    total += self.element(ds, elem, explicit, little)
                index += 1
                continue
            # PS3.5 §7.2: a group length is the size of the rest of its group, written first
            group, end = tag >> 16, index + 1
            while end < len(tags) and tags[end] >> 16 == group:
                end += 1
            out, self.out = self.out, []
            size = sum(
                self.element(ds, elements[t], explicit, little) for t in tags[index + 1 : end]
            )
            group_bytes, self.out = self.out, out
            length = self._group_length(ds, elements[tag], size, little)
            total += self.element(ds, length, explicit, little) + size
            self.out += group_bytes
            index = end
        return total

    @staticmethod
    def _group_length(ds: Dataset, elem: DataElement, size: int, little: bool) -> DataElement:
        """The group length as written now, except that a group length already wrong in the
        file is kept while its group keeps the size it had (writing like the original)."""
        raw = elem.raw
        if raw is not None and len(raw) == 4:
            stored = (Int32ul if little else Int32ub).parse(raw)  # the UL (PS3.5 §7.2)
            read = (ds._group_spans or {}).get(elem.tag >> 16)
            if stored == size or (read is not None and stored != read and size == read):
                return elem
        new = DataElement(elem.tag, "UL", size)
        new.file_VR = elem.file_VR
        return new

    def header(self, tag: int, vr: str | None, length: int, explicit: bool, little: bool):
        """One element header (PS3.5 Tables 7.1-1 to 7.1-3), built by its struct."""
        fields = {"group": tag >> 16, "element": tag & 0xFFFF, "length": length}
        if not explicit:
            return layouts.element_header(False, little).build(fields)
        code = vr.encode("ascii")
        fields["VR"] = code
        long_length = code in tables.long_length_vrs()
        return layouts.element_header(True, little, long_length).build(fields)

    def element(self, ds: Dataset, elem: DataElement, explicit: bool, little: bool) -> int:
        vr = elem.file_VR if elem.file_VR is not None else self._resolved_vr(ds, elem, explicit)
        if elem.VR == "SQ":
            return self.sequence(ds, elem, vr, explicit, little)
        value = self.value_bytes(ds, elem, little)
        if elem.is_undefined_length:
            # encapsulated Pixel Data (PS3.5 §A.4): its items as they are held, the delimiter
            head = self.header(elem.tag, vr, UNDEFINED_LENGTH, explicit, little)
            self.out += [head, value]
            return len(head) + len(value) + self.delimiter(SEQUENCE_DELIMITATION, little, 0)
        if explicit and len(value) > 0xFFFF and vr.encode("ascii") not in tables.long_length_vrs():
            warnings.warn(
                f"{elem.tag} {vr} value of {len(value)} bytes is too long for a 16-bit "
                "length: written as UN",
                stacklevel=4,
            )
            vr = "UN"  # PS3.5 §6.2.2
        if explicit:
            code = vr.encode("ascii")
            header = {"group": elem.tag >> 16, "element": elem.tag & 0xFFFF, "VR": code}
        else:
            header = {"group": elem.tag >> 16, "element": elem.tag & 0xFFFF}
        built = layouts.data_element(explicit, little).build({"header": header, "value": value})
        self.out.append(built)
        return len(built)

    @staticmethod
    def _resolved_vr(ds: Dataset, elem: DataElement, explicit: bool) -> str:
        vr = elem.VR
        if " or " in vr:
            from .ambiguous import resolve_ambiguous_vr

            vr = resolve_ambiguous_vr(
                elem.tag,
                vr,
                ds._lookup_for_vr,
                implicit_vr=not explicit,
                undefined_length=elem.is_undefined_length,
            )
        return vr

    def value_bytes(self, ds: Dataset, elem: DataElement, little: bool) -> bytes:
        """As read while unchanged, else encoded from the value (``values.encode_value``)."""
        value, raw = elem._value, elem.raw
        if value is _UNDECODED:
            if raw is None and elem.length:
                raw = ds._read_deferred(elem)
            return bytes(raw or b"")
        if raw is not None and not getattr(value, "_edited", False):
            return bytes(raw)
        vr = elem.VR
        if " or " in vr:
            vr = self._resolved_vr(ds, elem, not ds._implicit_vr)
        if vr not in tables.vr_table():
            vr = "UN"  # a VR PS3.5 does not define: its value is kept as bytes
        encodings = ds._character_set if vr in _CHARSET_VRS else None
        try:
            return encode_value(vr, value, little, encodings)
        except DicomError as exc:
            raise elem.fault(vr, exc, f"{ds._path} / {elem.tag} {vr}") from None

    def delimiter(self, tag: int, little: bool, length: int) -> int:
        """An Item or Sequence Delimitation Item (PS3.5 §7.5.2) with the length read (0)."""
        built = layouts.item_header(little).build(
            {"group": tag >> 16, "element": tag & 0xFFFF, "length": length}
        )
        self.out.append(built)
        return len(built)

    def sequence(self, ds: Dataset, elem: DataElement, vr: str, explicit: bool, little: bool):
        # PS3.5 §6.2.2: a sequence written as UN is encoded in implicit VR little endian
        un = vr == "UN" and explicit
        item_explicit, item_little = (False, True) if un else (explicit, little)
        if elem._value is _UNDECODED and not elem.is_undefined_length:
            # a sequence dcmread has not parsed yet: its bytes as read
            raw = elem.raw if elem.raw is not None else ds._read_deferred(elem)
            head = self.header(elem.tag, vr, len(raw), explicit, little)
            self.out += [head, bytes(raw)]
            return len(head) + len(raw)
        out, self.out = self.out, []
        size = sum(self.item(item, item_explicit, item_little) for item in elem.value)
        body, self.out = self.out, out
        if elem.is_undefined_length:
            head = self.header(elem.tag, vr, UNDEFINED_LENGTH, explicit, little)
            self.out += [head, *body]
            length = getattr(elem.value, "_delimiter_length", 0)
            return len(head) + size + self.delimiter(SEQUENCE_DELIMITATION, little, length)
        head = self.header(elem.tag, vr, size, explicit, little)
        self.out += [head, *body]
        return len(head) + size

    def item(self, item: Dataset, explicit: bool, little: bool) -> int:
        if item.offset is not None:
            explicit = not item._implicit_vr  # an item keeps the encoding it was read in
        out, self.out = self.out, []
        size = self.dataset(item, explicit, little)
        body, self.out = self.out, out
        undefined = item.is_undefined_length_sequence_item
        head = layouts.item_header(little).build(
            {"group": 0xFFFE, "element": 0xE000, "length": UNDEFINED_LENGTH if undefined else size}
        )
        self.out += [head, *body]
        if undefined:
            return 8 + size + self.delimiter(ITEM_DELIMITATION, little, item._delimiter_length)
        return 8 + size
