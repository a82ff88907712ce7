"""One file's row of the archive index: its identity, its status, what went wrong where, and its
tag columns. ``read_row`` never raises on bad bytes: every outcome is a row.

Reading is the strict reader (``dcmread``); a file it rejects or warns about is then inspected
byte by byte (``inspect_file``) so that the row lists each problem at its offset. Part 10 files
(PS3.10 §7.1) are read; anything without the 'DICM' prefix is ``not-dicom``.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..codec.layouts import encoding
from ..codec.policy import Strict, Tolerant
from ..codec.sniff import declared_encoding
from ..codec.sources import HEAD_FIRST, READ_HEAD
from ..codec.tokens import ELEMENT, ITEM, ITEM_END, PIXELS, SEQUENCE
from ..codec.walk import PIXEL_TAGS, Walk
from ..dataelem import _READ_TAGS, _RESOLVED_VRS, _UNDECODED, DataElement
from ..dataset import Dataset
from ..errors import DicomError, InvalidDicomError
from ..filereader import _at_pixel_data as at_pixel_data
from ..filereader import dcmread, read_partial
from ..inspect import inspect_file
from ..jsonrep import element_to_json_dict
from ..provenance import record_of
from ..sequence import Sequence
from ..tag import BaseTag
from .columns import (
    _SLOW,
    INDEX_VERSION,
    MAX_PROBLEMS,
    TagColumn,
    column_value,
    json_from_raw,
    tag_columns,
)

STATUSES = ("ok", "warning", "error", "not-dicom", "unreadable")
# --check: "inspect" inspects the files the reader rejects or warns about (it also parses every
# sequence, so that a broken nested item is found); "all" inspects every file, which finds the
# departures the reader reads through silently (odd lengths, unsorted tags, a VR that the
# dictionary does not allow...) at the cost of a second, slower walk; "none" reads only.
CHECKS = ("inspect", "all", "none")

# Values longer than this stay in the file (they are checked, never copied into memory).
DEFER_SIZE = 4096
# Encapsulated Pixel Data (PS3.5 §A.4) is copied when read: files up to this size are read
# whole, larger ones up to their Pixel Data and then walked again, keeping nothing.
COPY_LIMIT = 16 << 20
# Object stores: the first ranged read, and how much each further one multiplies it by.
FIRST_RANGE = 64 << 10
RANGE_GROWTH = 4
# (FFFC,FFFC) Data Set Trailing Padding, the largest standard tag (PS3.10 §7.2): asking for it
# alone makes the reader walk (and check) every top-level element to the end, keeping none.
_LAST_TAG = 0xFFFCFFFC
_PIXEL_DATA = 0x7FE00010
_NOT_PRIVATE_GROUPS = frozenset({1, 3, 5, 7, 0xFFFF})


@dataclass(frozen=True)
class Options:
    """What a row holds: the tag columns, and whether the header, private data and the
    inspection of broken files are wanted. Picklable: it travels to the workers."""

    columns: tuple[TagColumn, ...]
    header: bool = False
    private: bool = False
    check: str = "inspect"  # one of CHECKS
    bulk_threshold: int = 1024
    storage_options: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def make_options(
    tags: Any = "core",
    header: str | bool = "none",
    private: str | bool = "none",
    check: str | bool = "inspect",
    bulk_threshold: int = 1024,
    storage_options: dict | None = None,
) -> Options:
    """Options from the CLI's words: ``header`` none|json, ``private`` none|json, ``check``
    inspect|none (booleans also accepted)."""

    def choice(value: Any, yes: str, no: str, what: str) -> bool:
        if isinstance(value, bool):
            return value
        if value not in (yes, no):
            raise ValueError(f"{what} must be {yes!r} or {no!r}, not {value!r}")
        return value == yes

    if isinstance(check, bool):
        check = "inspect" if check else "none"
    if check not in CHECKS:
        raise ValueError(f"check must be one of {', '.join(CHECKS)}, not {check!r}")
    return Options(
        tuple(tag_columns(tags)),
        header=choice(header, "json", "none", "header"),
        private=choice(private, "json", "none", "private"),
        check=check,
        bulk_threshold=bulk_threshold,
        storage_options=dict(storage_options or {}),
    )


def is_remote(path: str) -> bool:
    """An fsspec URL other than file:// (s3://, gs://, memory://...)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme not in ("", "file") and "/" not in scheme


def local_path(path: str) -> str:
    return path[len("file://") :] if path.startswith("file://") else path


def read_row(
    src: str | os.PathLike,
    tags: Any = "core",
    header: str | bool = "none",
    private: str | bool = "none",
    check: str | bool = "inspect",
    *,
    size: int | None = None,
    mtime_ns: int | None = None,
    etag: str | None = None,
    storage_options: dict | None = None,
) -> dict[str, Any]:
    """The index row of one file (a path, a file:// URL or an fsspec URL) as a dict whose keys
    are the columns of ``schema(tags, header, private)``. Never raises on bad bytes or an
    unreadable file: the row's ``status`` says what happened. ``size``/``mtime_ns``/``etag``
    are taken from a listing when given (else the file is asked)."""
    options = make_options(tags, header, private, check, storage_options=storage_options)
    return row_of(os.fspath(src), options, size, mtime_ns, etag)


def row_of(
    path: str,
    options: Options,
    size: int | None = None,
    mtime_ns: int | None = None,
    etag: str | None = None,
) -> dict[str, Any]:
    """``read_row`` with prepared options (what the runners call, once per file)."""
    row: dict[str, Any] = {
        "path": path,
        "size": size,
        "mtime_ns": mtime_ns,
        "etag": etag,
        "indexed_at": datetime.datetime.now(datetime.timezone.utc),
        "index_version": INDEX_VERSION,
        "status": "ok",
        "error_class": None,
        "error_message": None,
        "error_offset": None,
        "error_path": None,
        "problems": [],
        "problems_truncated": False,
        "read_end": None,
        "private_creators": None,
    }
    for column in options.columns:
        row[column.name] = None
    if options.private:
        row["private_json"] = None
    if options.header:
        row["header_json"] = None
    _Reading(path, options, row).run()
    return row


def _problem(offset: Any, kind: str, severity: str, path: Any, message: str) -> dict[str, Any]:
    return {
        "offset": offset,
        "kind": kind,
        "severity": severity,
        "path": None if path is None else str(path),
        "message": message,
    }


class _Reading:
    """Reading one file into its row (a class only to share the state of its few steps)."""

    def __init__(self, path: str, options: Options, row: dict[str, Any]):
        self.path = path
        self.options = options
        self.row = row
        self.notes: list[dict[str, Any]] = []  # warnings of the reading and of the values
        self.data: bytes | None = None  # the bytes read from an object store
        self.read: list[Any] = []  # the data sets read, released when the row is made

    def run(self) -> None:
        try:
            self._run()
        finally:
            for ds in self.read:
                _release(ds)

    def _run(self) -> None:
        row = self.row
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    if is_remote(self.path):
                        self._read_remote()
                    else:
                        self._read_local()
                finally:
                    # Only what the reading said about the file: a ResourceWarning of some
                    # other object collected meanwhile (a TemporaryDirectory) is not the file's.
                    self.notes[:0] = [
                        _problem(None, "read-warning", "warning", None, str(w.message))
                        for w in caught
                        if not issubclass(w.category, ResourceWarning)
                    ]
        except OSError as exc:
            row["status"] = "unreadable"
            self._error(exc)
            return
        except InvalidDicomError as exc:
            if not self._has_prefix():
                row["status"] = "not-dicom"
                self._error(exc)
                return
            row["status"] = "error"
            self._error(exc)
        except Exception as exc:  # noqa: BLE001 - one broken file must never stop the index
            row["status"] = "error"
            self._error(exc)
        if self.notes and row["status"] == "ok":
            row["status"] = "warning"
        problems = []
        check = self.options.check
        if check == "all" or (check == "inspect" and self._reader_doubts()):
            if row["status"] not in ("not-dicom", "unreadable"):
                problems = self._inspect()
                if problems and row["status"] == "ok":
                    row["status"] = "warning"
        problems += self.notes
        row["problems"] = problems[:MAX_PROBLEMS]
        row["problems_truncated"] = len(problems) > MAX_PROBLEMS

    def _reader_doubts(self) -> bool:
        """Inspection is for the bytes: worth it when the reader failed or warned."""
        return self.row["status"] == "error" or any(n["kind"] == "read-warning" for n in self.notes)

    def _error(self, exc: BaseException) -> None:
        row = self.row
        row["error_class"] = type(exc).__name__
        if isinstance(exc, DicomError):
            row["error_message"] = exc.message
            row["error_offset"] = exc.offset
            row["error_path"] = exc.path
        elif isinstance(exc, OSError):
            row["error_message"] = exc.strerror or str(exc)
        else:
            row["error_message"] = str(exc)

    # -- local files ---------------------------------------------------------------------------
    def _read_local(self) -> None:
        path = local_path(self.path)
        with open(path, "rb") as file:
            if self.row["size"] is None or self.row["mtime_ns"] is None:
                stat = os.fstat(file.fileno())
                self.row["size"] = stat.st_size
                self.row["mtime_ns"] = stat.st_mtime_ns
            if self.options.check != "none" and self.row["size"] > HEAD_FIRST:
                if self._read_head(file):
                    return
                file.seek(0)
            self._read_whole(file)

    def _read_head(self, file: Any) -> bool:
        """A large file whose native Pixel Data (a defined length, PS3.5 §A.4) ends it: the
        strict reader reads its first READ_HEAD bytes up to the Pixel Data, the walk reads that
        element's header, and its length is checked against the file's size, as a walk of
        the whole file would; the pixels are never read. Whatever that walk could judge
        otherwise (an undefined length, elements after the pixels, a header longer than the
        head, a fault, an encoding guessed rather than declared) is left to the read of the
        whole file: False, and nothing of this read is kept (its warnings neither)."""
        head = file.read(READ_HEAD)
        size = self.row["size"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                ds = read_partial(io.BytesIO(head), stop_when=_at_pixels, defer_size=DEFER_SIZE)
            except DicomError:
                return False
        self.read.append(ds)
        end = ds._provenance.end_offset  # where the reading stopped
        enc = encoding(not ds._implicit_vr, ds._little_endian)
        if declared_encoding(record_of(ds).transfer_syntax) != (enc, False) or end >= len(head):
            return False
        policy = Tolerant()  # (the value runs past the head: recorded, and the walk goes on)
        token = next(Walk(head, policy).data_set(end, len(head), enc), None)
        if (
            token is None
            or token[0] is not ELEMENT
            or token[3] not in PIXEL_TAGS
            or token[6] + token[5] != size
            or token[5] <= DEFER_SIZE
            or any(problem.kind != "value-cut-off" for problem in policy.problems)
        ):
            return False
        for warning in caught:  # the read is kept: so are its warnings, in their order
            warnings.warn(warning.message, warning.category, stacklevel=1)
        _, _, _, tag, vr, length, value_pos = token
        elem = DataElement.from_raw(tag, vr, None, length, value_pos, False, ds)  # deferred
        ds._dict[elem.tag] = elem  # as the reader of the whole file holds it
        self.row["read_end"] = size
        self._fill(ds)
        _parse_sequences(ds)
        return True

    def _read_whole(self, file: Any) -> None:
        """Read a file-like holding the whole file. PS3.5 §A.4: encapsulated Pixel Data is
        read (its fragments copied) when kept, so the read stops there; everything else is
        walked to the end, large values deferred, so that a truncated file is found without
        reading its pixels. With ``check`` none the read stops before any Pixel Data."""
        check = self.options.check != "none"
        try:
            stop = _at_pixels
            if check:
                # fragments up to COPY_LIMIT bytes are copied and checked in this one read;
                # a larger file stops there, and its rest is walked apart (below)
                stop = _at_encapsulated_pixels if (self.row["size"] or 0) > COPY_LIMIT else None
            ds = read_partial(file, stop_when=stop, defer_size=DEFER_SIZE)
        except DicomError as exc:
            # what precedes Pixel Data may still read (a truncated image): the columns are
            # filled from it and the row keeps the error
            file.seek(0)
            try:
                ds = read_partial(file, stop_when=_at_pixels, defer_size=DEFER_SIZE)
            except DicomError:
                raise exc from None
            self.row["read_end"] = file.tell()
            self._fill(ds)
            raise exc
        self.row["read_end"] = file.tell()
        self._fill(ds)
        if not check:
            return
        _parse_sequences(ds)
        if self.row["read_end"] < self.row["size"]:
            # the rest (fragments of encapsulated Pixel Data, trailing elements) checked by a
            # walk that keeps nothing
            file.seek(0)
            dcmread(file, specific_tags=[_LAST_TAG], defer_size=DEFER_SIZE)

    # -- object stores -------------------------------------------------------------------------
    def _filesystem(self) -> Any:
        from ._optional import require

        fsspec = require("fsspec", "remote")
        protocol = self.path.split("://", 1)[0]
        return fsspec.filesystem(protocol, **self.options.storage_options)

    def _read_remote(self) -> None:
        """Ranged reads of the header only (PS3.10 §7.1 up to Pixel Data), the range grown
        until the read ends inside it or the whole object has been read."""
        fs = self._filesystem()
        row = self.row
        if row["size"] is None:
            info = fs.info(self.path)
            row["size"] = info.get("size")
            row["etag"] = row["etag"] or _etag(info)
        size = row["size"] or 0
        length = min(FIRST_RANGE, size)
        while True:
            data = fs.cat_file(self.path, start=0, end=length) if length < size else None
            if data is None:
                data = fs.cat_file(self.path)
                length = size = len(data)
            self.data = data
            complete = len(data) >= size
            buffer = io.BytesIO(data)
            if complete:  # the whole object (a small one): read and checked as a local file
                row["size"] = len(data)
                self._read_whole(buffer)
                return
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    ds = dcmread(buffer, stop_before_pixels=True, defer_size=DEFER_SIZE)
            except DicomError:
                length = min(size, length * RANGE_GROWTH)
                continue
            end = buffer.tell()
            if end >= len(data):  # stopped by the end of the range
                length = min(size, length * RANGE_GROWTH)
                continue
            for warning in caught:
                warnings.warn(warning.message, stacklevel=1)
            row["read_end"] = end
            self._fill(ds)
            if self.options.check != "none":
                _parse_sequences(ds)
            return

    # -- after the read ------------------------------------------------------------------------
    def _has_prefix(self) -> bool:
        """PS3.10 §7.1: 'DICM' at byte 128 makes a Part 10 file, however broken its meta."""
        if self.data is not None:
            return self.data[128:132] == b"DICM"
        try:
            with open(local_path(self.path), "rb") as file:
                file.seek(128)
                return file.read(4) == b"DICM"
        except OSError:
            return False

    def _inspect(self) -> list[dict[str, Any]]:
        try:
            if self.data is not None:
                if len(self.data) < (self.row["size"] or 0):
                    self.data = self._filesystem().cat_file(self.path)
                inspection = inspect_file(self.data)
            else:
                inspection = inspect_file(local_path(self.path))
        except Exception as exc:  # noqa: BLE001 - an inspection fault is itself a problem
            return [_problem(None, "inspection-failed", "error", None, str(exc))]
        return [
            _problem(p.offset, p.kind, p.severity, p.path, p.message) for p in inspection.problems
        ]

    def _fill(self, ds: Any) -> None:
        self.read.append(ds)
        row = self.row
        messages: list[str] = []
        meta = ds.file_meta
        # the elements as held (their values undecoded until asked): a dict lookup by tag, with
        # the tag object the reader shares between its elements when it still holds it (found
        # by identity, not by BaseTag.__eq__), looked up by a plain int (a BaseTag key would
        # call BaseTag.__eq__ there too)
        elements, meta_elements = ds._dict, meta._dict
        shared = _READ_TAGS.get
        for column in self.options.columns:
            tag = column.tag
            elem = (meta_elements if tag >> 16 == 2 else elements).get(shared(int(tag), tag))
            before = len(messages)
            row[column.name] = column_value(column, elem, messages)
            if len(messages) > before:
                offset = getattr(elem, "value_offset", None)
                where = f"dataset / {BaseTag(column.tag)} {column.vr}"
                for message in messages[before:]:
                    self.notes.append(
                        _problem(offset, "value-not-converted", "warning", where, message)
                    )
        # PS3.5 §7.8: odd groups but 1, 3, 5, 7 and FFFF are private; (gggg,0010-00FF) are
        # their creators. Tested on the ints, in one comprehension: it sees every element.
        private_tags = [
            tag for tag in elements if tag >> 16 & 1 and tag >> 16 not in _NOT_PRIVATE_GROUPS
        ]
        creators = []
        private = {}
        for tag in private_tags:
            if 0x0010 <= tag & 0xFFFF <= 0x00FF:
                value = elements[tag].value
                creators.append((int(tag), value if isinstance(value, str) else str(value)))
            if self.options.private:
                private[f"{tag:08X}"] = self._json(ds[tag])  # (with its creator, for the VR)
        row["private_creators"] = [creator for _, creator in sorted(creators)]
        if self.options.private:
            row["private_json"] = json.dumps(private, sort_keys=True)
        if self.options.header:
            # the elements as held, in tag order (PS3.18 §F.2.2), keyed by their ints: what
            # iterating the data set would hand out (a private element finds its creator when
            # its VR is asked), without a generator step and a creator lookup for each one
            header = {f"{tag:08X}": self._json(elements[tag]) for tag in sorted(elements, key=int)}
            row["header_json"] = json.dumps(header, sort_keys=True, check_circular=False)

    def _bulk_uri(self, elem: Any) -> str:
        # PS3.18 §F.2.6: where the value is; the index never holds bulk data
        length = elem.length if not elem.is_undefined_length else "undefined"
        return f"{self.path}#offset={elem.value_offset}&length={length}"

    def _json(self, elem: Any) -> dict[str, Any]:
        """One element as PS3.18 JSON, bulk values (longer than ``bulk_threshold``) as a
        BulkDataURI; a value that cannot be written is left out with a warning."""
        if elem.is_deferred:
            return {"vr": elem.VR, "BulkDataURI": self._bulk_uri(elem)}
        try:
            found = json_from_raw(elem)  # a plain value, from its bytes
            if found is not _SLOW:
                return found
            return element_to_json_dict(elem, self.options.bulk_threshold, self._bulk_uri)
        except (ValueError, TypeError) as exc:
            self.notes.append(
                _problem(
                    elem.value_offset,
                    "value-not-converted",
                    "warning",
                    f"dataset / {elem.tag} {elem.VR}",
                    str(exc),
                )
            )
            return {"vr": elem.VR}


def _release(ds: Any) -> None:
    """Empty a data set read, its meta and its items once the row holds what it needs of them.
    Each element points back at its data set (``_parent``): left whole, every file's tree is
    garbage that only the cyclic collector frees (~100 objects a file, ~15% of a row's CPU
    in the collections its allocations trigger); emptied, it is freed as the row is made."""
    stack = [ds, getattr(ds, "file_meta", None) or Dataset()]
    while stack:
        held = stack.pop()._dict
        for elem in held.values():
            if elem._value.__class__ is Sequence:  # the items read
                stack += [item for item in elem._value if isinstance(item, Dataset)]
        held.clear()


def _parse_sequences(ds: Any) -> None:
    """Check every sequence as parsing it would (the reader leaves defined-length ones until
    asked), so that a broken item raises here, as it would when an application reads it.

    A defined-length value is walked, not built (``_walks_clean``): only when that walk meets
    something the tree could judge otherwise (a fault, a warning, tags that do not ascend, an
    element the tree might read as a sequence) is the value parsed, which raises or warns
    exactly as an application's read would."""
    # the elements as held: no tag order or private creator needed here. A VR read from the
    # file (explicit VR) is final: only the others (implicit, UN, ambiguous) are resolved, in
    # the order held, as asking each element's VR would
    resolved = _RESOLVED_VRS
    for elem in [
        e
        for e in ds._dict.values()
        if e._VR == "SQ" or ((e._VR is None or e._VR in resolved) and e.VR == "SQ")
    ]:
        if elem._value is _UNDECODED and _walks_clean(elem):
            continue
        for item in elem.value:
            _parse_sequences(item)


def _walks_clean(elem: Any) -> bool:
    """Whether the bytes of the undecoded sequence ``elem`` walk (nested sequences entered)
    with no fault, no warning, ascending tags in every item (so no duplicate, PS3.5 §7.1) and
    no element whose VR the tree could take for SQ where the walk does not (an explicit UN, a
    private element without a VR): then parsing it, as ``read_sequence_value`` does, raises
    and warns nothing either."""
    parent = elem._parent
    if parent is None or elem.file_VR == "UN":
        return False
    try:
        raw = elem.raw
        if raw is None and elem.length:
            raw = parent._read_deferred(elem)
        if not raw:
            return True
        held: list[str] = []
        walk = Walk(
            raw,
            Strict(held=held),
            elem.value_offset or 0,
            getattr(parent, "_where", ""),
            descend=True,
        )
        depth = getattr(parent, "_depth", 0) + 1
        enc = encoding(not parent._implicit_vr, parent._little_endian)
        last = [-1]  # the last tag of each open item
        for token in walk.items(0, len(raw), enc, depth, "dataset", 0):
            kind = token[0]
            if kind is ITEM:
                last.append(-1)
            elif kind is ITEM_END:
                last.pop()
            elif kind is ELEMENT or kind is SEQUENCE or kind is PIXELS:
                tag, vr = token[3], token[4]
                if tag <= last[-1] or vr == "UN" or (vr is None and tag >> 16 & 1):
                    return False
                last[-1] = tag
        return not held
    except DicomError:
        return False


# Where stop_before_pixels stops (Pixel Data, Float and Double Float Pixel Data, PS3.6): the
# reader's own rule, which it tests on the tag as an int without making a Tag of each one
_at_pixels = at_pixel_data


def _at_encapsulated_pixels(tag: Any, vr: str | None, length: int) -> bool:
    return length == 0xFFFFFFFF and tag == _PIXEL_DATA  # the cheap test first


def _etag(info: dict[str, Any]) -> str | None:
    for key in ("ETag", "etag", "md5Hash", "md5", "checksum"):
        value = info.get(key)
        if value:
            return str(value).strip('"')
    return None
