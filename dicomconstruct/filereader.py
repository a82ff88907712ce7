"""Reading DICOM files (PS3.10 §7) into datasets: the tree built from the tokens of the one walk.

``codec.walk`` checks every declared length against the bytes that remain and says where it
failed (the strict policy raises); ``_Builder`` here turns its tokens into datasets, sequences
and elements, and keeps what writing like the original needs (group spans, duplicates, order).
"""

from __future__ import annotations

import functools
import gc
import logging
import mmap
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from . import config, tables
from .codec.layouts import UNDEFINED_LENGTH, encoding
from .codec.layouts import encoding as _encoding
from .codec.policy import STRICT, Strict
from .codec.sniff import declared_encoding
from .codec.sources import (
    HEAD_FIRST,
    READ_HEAD,
    READ_WHOLE,
    FileLikeSource,
    PathSource,
    check_read,
    file_identity,
    map_or_read,
    reopener,
)
from .codec.sources import seekable as can_seek
from .codec.tokens import (
    DATA_SET,
    DEFLATED,
    ELEMENT,
    FRAGMENT,
    ITEM,
    ITEM_END,
    MAX_NESTING_DEPTH,
    META,
    PIXELS,
    PIXELS_END,
    PREAMBLE,
    PREFIX,
    SEQUENCE,
    SEQUENCE_END,
    STRAY,
    TRAILER,
)
from .codec.walk import PIXEL_TAGS, Walk
from .config import logger
from .dataelem import DataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import DicomError, FileChangedError, NestingTooDeepError, TruncatedDataError
from .filebase import DicomBytesIO
from .provenance import record_group_span, record_of
from .rawelement import RawDataElement
from .sequence import Sequence
from .tag import BaseTag, Tag

__all__ = [
    "data_element_generator",
    "dcmread",
    "read_dataset",
    "read_file",
    "read_file_meta_info",
    "read_partial",
]

# Kept under their old names for code that imported them from here.
_PIXEL_TAGS = PIXEL_TAGS
_PathSource, _FileLikeSource, _check_read, _map_or_read = (
    PathSource,
    FileLikeSource,
    check_read,
    map_or_read,
)
_CHARSET_TAG = 0x00080005


def _without_gc_pauses(read: Callable) -> Callable:
    """Run ``read`` with Python's cyclic garbage collector paused.

    A read makes one tree of small objects (elements, items, sequences) that all stay alive:
    the collector, which runs every 700 new container objects and rescans the older ones as
    they pile up, finds no garbage in them. With it running, reading and decoding bench/'s
    file of 10,000 sequence items took 5-20% longer. It is paused only while bytes are parsed,
    and only if it was running; objects left by a failed read are collected when it runs again.
    """

    @functools.wraps(read)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return read(*args, **kwargs)
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def size_in_bytes(size: int | float | str | None) -> int | float | None:
    """``defer_size`` as a number of bytes: an int, or a string such as "512 KB" or "2 MB"."""
    if size is None or isinstance(size, (int, float)):
        return size
    # "<number> [B|KB|MB|GB]", parsed by hand: a regular expression compiled on the first
    # call costs more than a cold read of a small file with defer_size (bench/coldstart.py)
    text = str(size).strip().lower()
    number = text.rstrip("kmgb ").rstrip()
    unit = text[len(number) :].strip()
    scale = {"": 1, "b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}.get(unit)
    digits = number.replace(".", "", 1)
    if scale is None or not digits.isdigit() or not digits.isascii() or number.startswith("."):
        raise ValueError(f"Unable to parse length with unit '{size}'")
    return int(float(number) * scale)


def _wanted_tags(specific_tags: Iterable[Any] | None) -> set[int] | None:
    """The elements a ``specific_tags`` read keeps: those, and Specific Character Set, which
    decoding them needs."""
    if specific_tags is None:
        return None
    return {int(Tag(tag)) for tag in specific_tags} | {_CHARSET_TAG}


def _stop_rule(walk: Walk, stop_when: Callable | None, wanted: set[int] | None) -> None:
    """Where a top-level read stops: where ``stop_when`` says, and (top-level tags ascend,
    PS3.5 §7.1.2) after the largest wanted tag, as it stops at Pixel Data for
    ``stop_before_pixels``. Sets the walk's ``stop_when`` (called with the tag as an int) and
    ``stop_from``, the smallest tag the rule can stop at."""
    pixels, first_pixel = PIXEL_TAGS, min(PIXEL_TAGS)
    rule: Callable | None
    if stop_when is _at_pixel_data:
        if wanted is None:
            rule, stop_from = (lambda tag, vr, length: tag in pixels), first_pixel
        else:
            last = max(wanted)
            rule = lambda tag, vr, length: tag > last or tag in pixels  # noqa: E731
            stop_from = min(last + 1, first_pixel)
    elif wanted is None:
        if stop_when is None:
            rule, stop_from = None, 0
        else:
            rule, stop_from = (lambda tag, vr, length: stop_when(BaseTag(tag), vr, length)), 0
    else:
        last = max(wanted)
        if stop_when is None:
            rule, stop_from = (lambda tag, vr, length: tag > last), last + 1
        else:
            rule = lambda tag, vr, length: tag > last or stop_when(BaseTag(tag), vr, length)  # noqa: E731
            stop_from = 0
    walk.stop_when, walk.stop_from = rule, stop_from


# ---------------------------------------------------------------------------------------------
# pydicom's debug log of a read: the same lines, from the tokens (logging is off by default).
def _hex(data: Any) -> str:
    return " ".join(f"{byte:02x}" for byte in bytes(data))


def _logging_reads() -> bool:
    """Whether a read logs what it reads: when the logger (``config.logger``, which is
    pydicom's ``logging.getLogger("pydicom")`` under the compat alias) takes DEBUG messages."""
    return logger.isEnabledFor(logging.DEBUG)


def _traced(
    tokens: Iterator[tuple], walk: Walk, defer: int | float | None = None, file: bool = False
) -> Iterator[tuple]:
    """``tokens``, unchanged, logging what pydicom's reader logs as it reads: the preamble and
    prefix of a file and, with ``config.debugging`` (``config.debug()``), each element header
    in hex with its tag, VR and length, the start of each value, and the items and delimiters
    of sequences (pydicom's words, so that logs read the same). Offsets are absolute."""
    debugging = config.debugging
    log = logger.debug
    if file:
        log("Reading File Meta Information preamble...")
    items: list[int | None] = []  # the lengths of the open items
    prefix_read = not file
    for token in tokens:
        kind = token[0]
        buf, base = walk.buf, walk.base
        if not prefix_read and kind is not PREAMBLE:
            log("Reading File Meta Information prefix...")
            prefix_read = True
            if kind is PREFIX:
                log(f"{base + token[1]:08x}: 'DICM' prefix found")
            else:
                logger.info(
                    "File is not conformant with the DICOM File Format: 'DICM' prefix is "
                    "missing from the File Meta Information header or the header itself is "
                    "missing. Assuming no header and continuing."
                )
        if kind is PREAMBLE:
            if debugging:
                preamble = token[3]
                log(f"{base + token[1]:08x}: {_hex(preamble[:8])}...{_hex(preamble[-8:])}")
        elif not debugging:
            pass
        elif kind is ELEMENT or kind is SEQUENCE or kind is PIXELS:
            pos, tag, vr = token[1], token[3], token[4]
            value_pos = token[5] if kind is PIXELS else token[6]
            length = UNDEFINED_LENGTH if kind is PIXELS else token[5]
            header = buf[pos:value_pos]
            short, long_part = header[:8], header[8:]
            line = f"{base + pos:08x}: {_hex(short)}" + (f" {_hex(long_part)}" if long_part else "")
            line = f"{line:<47s}  ({tag >> 16:04X},{tag & 0xFFFF:04X})"
            if vr is not None:
                line += f" {vr} "
            if length is None or length == UNDEFINED_LENGTH:
                line += "Length: Undefined length (FFFFFFFF)"
            else:
                line += f"Length: {length}"
            log(line)
            if kind is SEQUENCE and token[5] is None:
                log(f"{base + value_pos:08X}: Reading/parsing undefined length sequence")
            elif kind is PIXELS:
                log("Reading undefined length data element")
            elif kind is ELEMENT and defer is not None and length > defer and tag != _CHARSET_TAG:
                log("Defer size exceeded. Skipping forward to next data element.")
            elif kind is ELEMENT:
                shown = bytes(buf[value_pos : value_pos + min(length, 20)])
                dots = "..." if length > 20 else "   "
                log(f"{base + value_pos:08x}: {_hex(shown):<34} {dots} {shown!r} {dots}")
        elif kind is ITEM:
            pos = token[1]
            log(f"{base + pos:08x}: {_hex(buf[pos : pos + 8])}  Found Item tag (start of item)")
            items.append(token[3])
        elif kind is ITEM_END:
            if items and items.pop() is not None:
                log(f"{base + token[1]:08X}: Finished sequence item")
        elif kind is SEQUENCE_END and token[3] is not None:
            log(f"{base + token[1]:08x}: End of Sequence")
            if token[3]:
                logger.warning(
                    f"Expected 0x00000000 after delimiter, found 0x{token[3]:X}, at position "
                    f"0x{base + token[1] + 4:X}"
                )
        yield token


# ---------------------------------------------------------------------------------------------
# The tree from the tokens.
_LARGE_VALUE = 1 << 20  # bytes: a value this large is read, not copied out of the map


def _read_large(fd: int, offset: int, length: int, path: Any, tag: int) -> bytes:
    """``length`` bytes at ``offset`` of the file (the value of ``tag``), as read now."""
    chunks, got = [], 0
    while got < length:  # os.pread may return less than asked (a signal, a pipe)
        chunk = os.pread(fd, length - got, offset + got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    return check_read(data, offset, length, f"{path} / {BaseTag(tag)} / value")


class _Builder:
    """Builds datasets from the walk's tokens. ``defer_size`` leaves larger values in the file,
    ``wanted`` keeps only those top-level tags; the file-level tokens (preamble, prefix,
    stray bytes, deflate stream) are kept as attributes for ``_read_buffer``; what writing like
    the original needs of each data set goes to its one ``ReadProvenance`` record."""

    preamble: bytes | None = None
    has_prefix = False
    meta_implicit = False
    stray = b""
    compressed: bytes | None = None
    trailing = b""
    inflated_trailing = b""
    data_set: tuple | None = None  # the DATA_SET token, once met
    # The descriptor of the mapped file the walk reads: a large value is read from it with
    # os.pread rather than copied out of the map, so that its bytes are in memory once (the
    # copy), not twice (the copy and the map's touched pages, which count in the resident
    # size); a file cut short underneath gives a short read (TruncatedDataError), not SIGBUS.
    fd: int | None = None

    def __init__(self, walk: Walk, defer_size: int | float | None = None, wanted=None):
        self.walk = walk
        self.defer_size = defer_size
        self.wanted = wanted

    def run(
        self,
        tokens: Iterator[tuple],
        ds: Dataset,
        seq: Sequence | None = None,
        seq_path: Any = None,
    ) -> Sequence | None:
        """Add the elements of ``tokens`` to ``ds`` (or, when ``seq`` is given, the items of a
        sequence value of ``ds`` to ``seq``), until the tokens end or a DATA_SET token."""
        walk = self.walk
        buf, base, where = walk.buf, walk.base, walk.where
        new = DataElement.from_raw
        if config.data_element_callback is not None:
            new = _calling_back(new, config.data_element_callback)
        set_ = object.__setattr__  # not Dataset.__setattr__, which looks up keywords
        defer = self.defer_size
        wanted = self.wanted
        elements = ds._dict
        path = ds._path
        # PS3.5 §7.2: the group whose group length element was read last, and where the rest of
        # it started; its size as read is kept (``ReadProvenance.group_spans``) for writing
        # like the original, which keeps a wrong group length only while its group keeps it
        length_group = -1
        group_start = 0
        previous = -1  # PS3.5 §7.1: tags ascend; a file where they do not is written back so
        saved: list = []  # the enclosing data sets' state while an item is built
        seqs: list = [] if seq is None else [[seq, None, None, 0, seq_path, ds]]
        pixels = None
        # values this long are read from the file, not copied out of its map (a local: the
        # loop below runs once per element)
        large = _LARGE_VALUE if self.fd is not None else float("inf")
        # a value no longer than this is copied out of ``buf`` whatever else holds
        sliced = min(large - 1, defer if defer is not None else large)
        for token in tokens:
            kind = token[0]
            if kind is ELEMENT:
                _, pos, depth, tag, vr, length, value_pos = token
                if tag < previous:
                    record_of(ds).unsorted = True
                previous = tag
                if length_group >= 0 and tag >> 16 != length_group:
                    record_group_span(ds, base + group_start, pos - group_start)
                    length_group = -1
                if not tag & 0xFFFF and tag >> 16 != length_group:
                    # (a second group length in the same group is one of its elements)
                    length_group, group_start = tag >> 16, value_pos + length
                if wanted is not None and not depth and tag not in wanted:
                    continue
                if value_pos - pos == 12 and (buf[value_pos - 6] or buf[value_pos - 5]):
                    reserved = bytes(buf[value_pos - 6 : value_pos - 4])
                    record_of(ds).reserved[base + value_pos] = reserved
                if length <= sliced:  # (one comparison for the common case)
                    raw = buf[value_pos : value_pos + length]
                elif defer is not None and length > defer and tag != _CHARSET_TAG:
                    raw = None
                elif length >= large:
                    raw = _read_large(self.fd, base + value_pos, length, path, tag)  # type: ignore[arg-type]
                else:
                    raw = buf[value_pos : value_pos + length]
                elem = new(tag, vr, raw, length, base + value_pos, False, ds)
                if tag in elements:
                    self._duplicate(ds, elements[tag], value_pos + length)
                elements[elem.tag] = elem
            elif kind is ITEM:
                _, offset, depth, length, value_pos, enc = token
                holder = seqs[-1]
                items = holder[0]
                item = Dataset()
                parent = holder[5]
                set_(item, "_parent", parent)
                # what differs from Dataset's class defaults (little endian, explicit VR, no
                # source, not deflated): an item holds only that
                if not enc.little_endian:
                    set_(item, "_little_endian", False)
                if not enc.explicit_vr:
                    set_(item, "_implicit_vr", True)
                if parent._source is not None:
                    set_(item, "_source", parent._source)
                set_(item, "offset", base + offset)
                set_(item, "_depth", depth)
                set_(item, "_path", f"{holder[4]} / item {len(items)}")
                if where:
                    set_(item, "_where", where)
                if length is None:
                    set_(item, "is_undefined_length_sequence_item", True)
                super(Sequence, items).append(item)  # a Dataset: no need for append's check
                saved.append((ds, elements, path, previous, length_group, group_start))
                ds, elements, path = item, item._dict, item._path
                previous, length_group = -1, -1
            elif kind is ITEM_END:
                if length_group >= 0:
                    record_group_span(ds, base + group_start, token[1] - group_start)
                if token[3] is not None:
                    # PS3.5 §7.5.2: the delimiter's 32-bit length, as read from its bytes (an
                    # explicit-VR walk takes two letters there for a VR and a 16-bit length)
                    end = token[1]
                    if buf[end + 4 : end + 8] != b"\0\0\0\0":
                        order = "little" if ds._little_endian else "big"
                        length = int.from_bytes(buf[end + 4 : end + 8], order)
                        record_of(ds).item_delimiter_length = length
                ds, elements, path, previous, length_group, group_start = saved.pop()
            elif kind == FRAGMENT:
                continue
            elif kind == SEQUENCE or kind == PIXELS:
                depth, tag = token[2], token[3]
                if tag < previous:
                    record_of(ds).unsorted = True
                previous = tag
                group = tag >> 16
                if group != length_group and length_group >= 0:
                    record_group_span(ds, base + group_start, token[1] - group_start)
                    length_group = -1
                if not tag & 0xFFFF and group != length_group:
                    length_group, group_start = group, token[-2 if kind == SEQUENCE else -1]
                    group_start += UNDEFINED_LENGTH
                value_pos = token[6] if kind == SEQUENCE else token[5]
                if wanted is not None and not depth and tag not in wanted:
                    end_kind = SEQUENCE_END if kind == SEQUENCE else PIXELS_END
                    for inner in tokens:  # walked (a fault still raises), not built
                        if inner[0] == end_kind and inner[2] == depth:
                            break
                    continue
                if value_pos - token[1] == 12 and buf[value_pos - 6 : value_pos - 4] != b"\0\0":
                    reserved = bytes(buf[value_pos - 6 : value_pos - 4])
                    record_of(ds).reserved[base + value_pos] = reserved
                if kind == PIXELS:
                    pixels = token
                    continue
                items = Sequence()
                items.is_undefined_length = True
                seqs.append(
                    [
                        items,
                        tag,
                        token[4],
                        token[6],
                        f"{path} / ({group:04X},{tag & 0xFFFF:04X}) SQ",
                        ds,
                    ]
                )
            elif kind == SEQUENCE_END:
                items, tag, vr, value_pos, _, parent = seqs.pop()
                if tag is None:  # the end of the sequence value ``seq``
                    return items
                if token[3]:  # a Sequence Delimitation Item's non-zero length (PS3.5 §7.5.2)
                    record_of(parent).delimiters[base + value_pos] = token[3]
                elem = new(tag, "SQ", None, UNDEFINED_LENGTH, base + value_pos, True, ds)
                elem._value = items
                if vr != "SQ":  # UN, or no VR (implicit VR, or none in an explicit header)
                    elem.file_VR = vr  # written back so when written like the original
                if tag in elements:
                    self._duplicate(ds, elements[tag], token[1] + 8)
                elements[elem.tag] = elem
            elif kind == PIXELS_END:
                _, start, _, tag, vr, value_pos = pixels
                value = buf[value_pos : token[1]]
                if value_pos - start == 8:
                    # no VR in the header (implicit VR, or bytes that are no VR in an explicit
                    # data set): the token's VR is the dictionary's, the header had none
                    vr = None
                elem = new(tag, vr, value, UNDEFINED_LENGTH, base + value_pos, True, ds)
                if token[3]:  # a Sequence Delimitation Item's non-zero length (PS3.5 §7.5.2)
                    record_of(ds).delimiters[base + value_pos] = token[3]
                if tag in elements:
                    self._duplicate(ds, elements[tag], token[1] + 8)
                elements[elem.tag] = elem
            elif kind == DATA_SET:
                self.data_set = token
                break
            else:
                if kind == TRAILER and length_group >= 0:  # the group ends where they start
                    record_group_span(ds, base + group_start, token[1] - group_start)
                    length_group = -1
                self._file_token(token)
        if seq is not None:
            return seq
        if walk.stopped_at is not None:
            if length_group >= 0 and walk.stopped_tag >> 16 != length_group:
                record_group_span(ds, base + group_start, walk.stopped_at - group_start)
        elif length_group >= 0:
            record_group_span(ds, base + group_start, walk.end - group_start)
        return None

    def _file_token(self, token: tuple) -> None:
        kind = token[0]
        if kind == PREAMBLE:
            self.preamble = token[3]
        elif kind == PREFIX:
            self.has_prefix = True
        elif kind == META:
            self.meta_implicit = not token[3].explicit_vr
        elif kind == STRAY:
            self.stray = token[3]
        elif kind == TRAILER:
            trailer = bytes(self.walk.buf[token[1] : token[1] + token[3]])
            if self.compressed is not None:
                self.inflated_trailing = trailer  # inside the deflate stream, after the data set
            else:
                self.trailing = trailer
        elif kind == DEFLATED:
            # kept so that an unchanged data set is written back as the very stream read
            self.compressed = bytes(self.walk.buf[token[1] : token[1] + token[3]])
            self.trailing = token[4]

    def _duplicate(self, ds: Dataset, previous: DataElement, pos: int) -> None:
        record_of(ds).duplicates.append(previous)
        self.walk.policy.warn(
            f"duplicate element {previous.tag} (the one ending at byte {self.walk.base + pos} "
            "replaces the earlier one)",
            stacklevel=4,
        )


def _calling_back(new: Callable, callback: Callable) -> Callable:
    """``DataElement.from_raw`` with ``config.data_element_callback`` applied first to each
    element read with its value (pydicom applies it to each raw element it converts, e.g.
    ``util.fixer``'s separator fix): the callback's VR and value are the element's."""
    kwargs = config.data_element_callback_kwargs

    def made(tag, vr, raw, length, value_offset, is_undefined_length, ds):
        if raw is not None:
            before = RawDataElement(
                BaseTag(tag), vr, length, bytes(raw), value_offset,
                ds._implicit_vr, ds._little_endian,
            )  # fmt: skip
            after = callback(before, **kwargs)
            if after is not before:
                vr, raw = after.VR, after.value
                length = len(raw) if raw is not None else 0
        return new(tag, vr, raw, length, value_offset, is_undefined_length, ds)

    return made


@_without_gc_pauses
def read_sequence_value(elem: DataElement, raw: bytes | None) -> Sequence:
    """Parse the bytes of a defined-length sequence element when its value is first asked for."""
    parent = elem._parent
    if not raw:
        return Sequence()
    depth = getattr(parent, "_depth", 0) + 1
    path = f"{parent._path if parent is not None else 'dataset'} / {elem.tag} SQ"
    if depth > MAX_NESTING_DEPTH:
        raise NestingTooDeepError(
            f"sequences nested more than {MAX_NESTING_DEPTH} deep", _header_offset(elem), path
        )
    little = parent._little_endian if parent is not None else True
    implicit = parent._implicit_vr if parent is not None else False
    if elem.file_VR == "UN":
        implicit, little = True, True  # PS3.5 §6.2.2: a UN value is encoded implicit VR LE
    walk = Walk(raw, STRICT, elem.value_offset or 0, getattr(parent, "_where", ""))
    seq = Sequence()
    tokens = walk.items(0, len(raw), encoding(not implicit, little), depth, path, 0)
    if _logging_reads():
        tokens = _traced(tokens, walk)
    _Builder(walk).run(tokens, parent if parent is not None else Dataset(), seq, path)
    return seq


def _header_offset(elem: DataElement) -> int:
    """Where an element read from a file starts: its value offset less its header's size
    (PS3.5 Table 7.1-1: 12 bytes for the explicit VRs with a 32-bit length, else 8)."""
    explicit_long = elem.file_VR is not None and elem.file_VR.encode() in tables.long_length_vrs()
    return elem.value_offset - (12 if explicit_long else 8)


# ---------------------------------------------------------------------------------------------
def read_partial(
    fileobj: BinaryIO,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Parse a DICOM file from a file-like (which stays open) until ``stop_when`` says stop.

    As pydicom's ``read_preamble``: with ``force``, a file-like that has no 'DICM' prefix where
    it is positioned is read from its start (code that writes a data set to a buffer and
    reads it back without seeking relies on that)."""
    seekable = can_seek(fileobj)
    if force and seekable and fileobj.tell():
        at = fileobj.tell()
        fileobj.seek(at + 128)
        if fileobj.read(4) != b"DICM":
            at = 0
        fileobj.seek(at)
    buf, base, mapped = _map_or_read(fileobj)
    try:
        start = fileobj.tell() if mapped is not None else base
        ds = _read_buffer(
            buf,
            base,
            start,
            stop_when=stop_when,
            defer_size=size_in_bytes(defer_size),
            force=force,
            specific_tags=specific_tags,
            source=_FileLikeSource(fileobj, reopener(fileobj)) if seekable else None,
            filename_or_obj=fileobj,
            fd=fileobj.fileno() if mapped is not None else None,
        )
        if seekable:
            fileobj.seek(ds._provenance.end_offset)
        return ds
    finally:
        if mapped is not None:
            mapped.close()


@_without_gc_pauses
def _read_buffer(
    buf: Any,
    base: int,
    start: int,
    *,
    stop_when=None,
    defer_size=None,
    force: bool = False,
    specific_tags=None,
    source=None,
    filename_or_obj=None,
    fd: int | None = None,
    head: bool = False,
) -> FileDataset | None:
    """Read a whole Part 10 file (or a bare data set with ``force``) from ``buf`` (the map of
    the file open as ``fd``, if any). With ``head``, ``buf`` is the first bytes of a larger file
    and the read returns None unless ``stop_when`` or ``specific_tags`` ended it within them: its
    warnings are held until then (the whole file is read next, and warns)."""
    held: list[str] | None = [] if head else None
    walk = Walk(buf, Strict(force, held), base)
    wanted = _wanted_tags(specific_tags)
    _stop_rule(walk, stop_when, wanted)
    tokens = walk.file(start - base)
    logging_reads = _logging_reads()
    if logging_reads:
        tokens = _traced(tokens, walk, file=True)
    builder = _Builder(walk)
    if hasattr(os, "pread"):  # POSIX
        builder.fd = fd
    meta = FileMetaDataset()
    builder.run(tokens, meta)  # up to the DATA_SET token
    object.__setattr__(meta, "_implicit_vr", builder.meta_implicit)
    _, _, _, enc, uid, deflated = builder.data_set
    if deflated:
        source = None  # values cannot be deferred: they are not in the file
        builder.fd = None  # nor read from it: they are in the inflated bytes
    ds = FileDataset(
        filename_or_obj, {}, builder.preamble, meta, not enc.explicit_vr, enc.little_endian
    )
    record = record_of(ds)
    record.prefix = builder.has_prefix
    record.transfer_syntax = uid
    if deflated:
        record.deflated = builder.compressed
        # as pydicom: the inflated data set, as the buffer its values were read from
        ds.buffer = DicomBytesIO(walk.buf)
        ds.fileobj_type = DicomBytesIO
    object.__setattr__(ds, "_source", source)
    object.__setattr__(ds, "_where", walk.where)
    builder.defer_size = defer_size if source is not None else None
    builder.wanted = wanted
    tokens = walk.data_set(builder.data_set[1], len(walk.buf), enc)
    if logging_reads:
        tokens = _traced(tokens, walk, builder.defer_size)
    builder.run(tokens, ds)
    if held is not None:
        if walk.stopped_at is None or deflated or declared_encoding(uid)[0] is not enc:
            # the data set goes on past the head, or is in a deflate stream, or its encoding
            # was guessed from its first elements, which may end past the head: read it all
            return None
        walk.policy.release(stacklevel=4)
    if 0x00080005 in ds._dict:
        # as pydicom's reader: the Specific Character Set's terms are checked when the data set
        # is read (an unknown term warns, or raises when reading is strict), not when the first
        # text value is decoded (PS3.5 §6.1.2.5)
        ds._character_set  # noqa: B018
    # (plain attributes: set as such, not through Dataset.__setattr__'s keyword look-up)
    object.__setattr__(ds, "stray_leading_bytes", builder.stray)  # skipped before (force)
    object.__setattr__(ds, "trailing_bytes", builder.trailing)  # after the data set or stream
    record.inflated_trailing = builder.inflated_trailing  # after the data set, inside the stream
    record.end_offset = base + len(buf) if deflated else base + walk.end
    return ds


def dcmread(
    fp: str | os.PathLike | BinaryIO,
    defer_size: int | str | float | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
    *,
    engine: str = "walk",
) -> FileDataset:
    """Read and parse a DICOM file (PS3.10 §7), as pydicom's ``dcmread``.

    ``fp`` is a path or a binary file-like (which the caller closes). ``defer_size`` leaves
    larger values in the file until accessed; ``stop_before_pixels`` stops at Pixel Data;
    ``specific_tags`` keeps only those tags (and Specific Character Set); ``force`` reads files
    without a preamble or File Meta Information. Faults in the bytes raise ``DicomError``
    subclasses carrying the byte offset and schema path. ``engine="construct"`` reads through
    the construct structs alone (``engine.py``, docs/engine.md): the same tree, slowly.
    """
    if engine != "walk":
        from .engine import read  # the reference engine, of this layer (docs/engine.md)

        return read(fp, defer_size, stop_before_pixels, force, specific_tags, engine=engine)
    stop_when = _at_pixel_data if stop_before_pixels else None
    if config.debugging:  # pydicom's header of a read in the debug log
        logger.debug("\n" + "-" * 80)
        logger.debug("Call to dcmread()")
        logger.debug(
            f"filename: {getattr(fp, 'name', fp)}, defer_size={defer_size}, "
            f"stop_before_pixels={stop_before_pixels}, force={force}, "
            f"specific_tags={specific_tags}"
        )
        owner = "name" if isinstance(fp, (str, os.PathLike)) else "object"
        logger.debug(f"Caller passed file {owner}")
        logger.debug("-" * 80)
    if isinstance(fp, (str, os.PathLike)):
        filename = os.fspath(fp)
        logger.debug(f"Reading file '{filename}'")
        with open(filename, "rb") as file:
            stat = os.fstat(file.fileno())
            options = {
                "stop_when": stop_when,
                "defer_size": size_in_bytes(defer_size),
                "force": force,
                "specific_tags": specific_tags,
                "source": _PathSource(filename, stat),
                "filename_or_obj": filename,
            }
            if (
                (stop_when is not None or specific_tags is not None)
                and stat.st_size > HEAD_FIRST
                and not _logging_reads()  # (a debug log of the head would be written twice)
            ):
                try:
                    ds = _read_buffer(file.read(READ_HEAD), 0, 0, head=True, **options)
                except DicomError:
                    ds = None  # a fault in the head, or a value cut by its end
                if ds is not None:
                    return ds
                file.seek(0)  # the read goes on past the head: the file is read whole
            around = None
            if stat.st_size > HEAD_FIRST and hasattr(os, "pread"):
                around = _read_around_large_value(file, stat, force, filename)
            if around is not None:
                try:
                    return _read_buffer(around, 0, 0, fd=file.fileno(), **options)  # type: ignore[return-value]
                finally:
                    around.close()
            file.seek(0)
            buf, base, mapped = _map_or_read(file)
            try:
                fd = file.fileno() if mapped is not None else None
                return _read_buffer(buf, base, 0, fd=fd, **options)  # type: ignore[return-value]
            finally:
                if mapped is not None:
                    mapped.close()
    if isinstance(fp, (bytes, bytearray, memoryview)) or not hasattr(fp, "read"):
        raise TypeError(
            # pydicom's message, then ours
            "dcmread: Expected a file path, file-like or readable buffer, but got "
            f"{type(fp).__name__} (wrap bytes in BytesIO)"
        )
    return read_partial(
        fp,
        stop_when=stop_when,
        defer_size=defer_size,
        force=force,
        specific_tags=specific_tags,
    )


read_file = dcmread


def _read_around_large_value(
    file: BinaryIO, stat: os.stat_result, force: bool, filename: str = ""
) -> Any:
    """A file read whole but for its first top-level value of ``_LARGE_VALUE`` bytes or more
    (a Pixel Data, typically), which the reader then reads by itself with ``os.pread``
    (``_Builder.fd``): its bytes are copied once, from the file into the value, not into a
    buffer and then out of it. The buffer is an anonymous map the size of the file (never a
    map of the file: a file cut short underneath cannot raise SIGBUS) whose pages where the
    value lies are never touched, so never in memory. None, and the file is read whole (up to
    READ_WHOLE bytes) or mapped as usual, when the value is not found in the first READ_HEAD
    bytes (a fault or warning there, a deflated data set, an encoding guessed, an undefined
    length) or more than READ_WHOLE bytes lie outside it (issue 15: those larger files are
    still mapped while walked). A file that changes while it is read is a FileChangedError
    (issue 15: never another file's bytes, nor a fallback to a map of a file being cut)."""
    head = file.read(READ_HEAD)
    walk = Walk(head, Strict(force, []))
    try:
        _, start, _, enc, uid, deflated = list(walk.file(0))[-1]  # the DATA_SET token
        if deflated or declared_encoding(uid)[0] is not enc:
            return None
        found: list = []

        def large(tag: int, vr: str | None, length: int) -> bool:
            if _LARGE_VALUE <= length != UNDEFINED_LENGTH:
                found.append((vr, length))
                return True
            return False

        walk.stop_when = large
        for _ in walk.data_set(start, len(head), enc):
            pass
    except DicomError:  # a fault in the head, or a value that runs past it: read it whole
        return None
    if walk.stopped_at is None or walk.policy.held:
        return None
    (vr, length), pos, size = found[-1], walk.stopped_at, stat.st_size
    if not enc.explicit_vr:
        value_pos = pos + 8
    elif vr is not None and vr.encode() in tables.long_length_vrs():
        value_pos = pos + 12  # PS3.5 Table 7.1-1: the explicit VRs with a 32-bit length
    else:
        return None
    if value_pos + length > size:
        return None  # cut short: the whole read says where
    if size - length > READ_WHOLE:
        return None  # too much besides the value to hold in memory: mapped as before
    buf = mmap.mmap(-1, size)
    view = memoryview(buf)
    try:
        view[: len(head)] = head
        for begin, end in ((len(head), value_pos), (value_pos + length, size)):
            if begin < end:
                file.seek(begin)
                if file.readinto(view[begin:end]) != end - begin:
                    raise OSError("short read")
        if file_identity(os.fstat(file.fileno())) != file_identity(stat):
            raise OSError("changed")
    except OSError as exc:
        view.release()
        buf.close()
        raise FileChangedError(
            f"{filename or 'the file'} changed while it was read ({exc}; size, mtime_ns, "
            f"inode {file_identity(stat)} when opened, {file_identity(os.fstat(file.fileno()))} now)",
            0,
            "file",
        ) from None
    view.release()
    return buf


def _at_pixel_data(tag: BaseTag, vr: str | None, length: int) -> bool:
    return tag in _PIXEL_TAGS


@_without_gc_pauses
def read_dataset(
    fp: BinaryIO,
    is_implicit_VR: bool,  # noqa: N803 - pydicom's name
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    specific_tags: Iterable[Any] | None = None,
    parent_encoding: str | list[str] | None = None,
) -> Dataset:
    """Read a bare data set (no preamble or meta) in the given encoding from a file-like;
    without a Specific Character Set its text is in ``parent_encoding`` (Python codecs, as
    pydicom's; default ISO-IR 6), the one its parent's says (PS3.5 §6.1.2.5)."""
    start = fp.tell()
    data = fp.read() if bytelength is None else fp.read(bytelength)
    if bytelength is not None and len(data) < bytelength:
        raise TruncatedDataError(
            f"data set of {bytelength} bytes: only {len(data)} remain", start, "dataset"
        )
    walk = Walk(data, Strict(), start)
    wanted = _wanted_tags(specific_tags)
    _stop_rule(walk, stop_when, wanted)
    ds = Dataset()
    object.__setattr__(ds, "_implicit_vr", is_implicit_VR)
    object.__setattr__(ds, "_little_endian", is_little_endian)
    # as pydicom's read_dataset: a data set written in the other VR encoding is read as written
    enc = walk.checked_encoding(0, encoding(not is_implicit_VR, is_little_endian))
    tokens = walk.data_set(0, len(data), enc)
    if _logging_reads():
        tokens = _traced(tokens, walk)
    _Builder(walk, wanted=wanted).run(tokens, ds)
    if parent_encoding is not None and 0x00080005 not in ds._dict:
        object.__setattr__(ds, "_read_charset", parent_encoding)
    fp.seek(start + walk.end)
    return ds


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,  # noqa: N803 - pydicom's name
    is_little_endian: bool,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    encoding: str | list[str] = "iso8859",  # noqa: ARG001 - pydicom's; values decode later
    specific_tags: Iterable[Any] | None = None,
) -> Iterator[RawDataElement | DataElement]:
    """The elements of a bare data set from ``fp``'s position, one at a time (pydicom's).

    Each defined-length element (a sequence too) is a ``RawDataElement`` of undecoded bytes
    (``value`` None past ``defer_size``); an undefined-length sequence is read whole and comes
    as a ``DataElement`` holding its ``Sequence``; an undefined-length value without items ends
    at the first Sequence Delimitation Item, as in pydicom. ``fp`` is left after the element
    yielded last, or at the start of the one ``stop_when`` accepted. The walk checks every
    length: a fault raises a ``DicomError`` with its offset and path.
    """
    start = fp.tell()
    data = fp.read()
    walk = Walk(data, Strict(), start)
    walk.search_undefined = True
    wanted = _wanted_tags(specific_tags)
    _stop_rule(walk, stop_when, None)
    defer = size_in_bytes(defer_size)
    enc = _encoding(not is_implicit_VR, is_little_endian)
    tokens = walk.data_set(0, len(data), enc)
    if _logging_reads():
        tokens = _traced(tokens, walk, defer)
    holder = Dataset()
    object.__setattr__(holder, "_implicit_vr", is_implicit_VR)
    object.__setattr__(holder, "_little_endian", is_little_endian)
    builder = _Builder(walk)
    for token in tokens:
        kind = token[0]
        if kind == ELEMENT:
            _, _, _, tag, vr, length, value_pos = token
            fp.seek(start + value_pos + length)
            if wanted is not None and tag not in wanted:
                continue
            if defer is not None and length > defer and tag != _CHARSET_TAG:
                value = None
            else:
                value = data[value_pos : value_pos + length]
            yield RawDataElement(
                BaseTag(tag), vr, length, value, start + value_pos, is_implicit_VR, is_little_endian
            )
        elif kind == SEQUENCE:
            depth = token[2]
            inner = list(_through(token, tokens, SEQUENCE_END, depth))
            builder.run(iter(inner), holder)
            elem = holder._dict.pop(token[3])
            fp.seek(start + inner[-1][1] + 8)
            if wanted is not None and token[3] not in wanted:
                continue
            yield DataElement(elem.tag, "SQ", elem.value, start + token[6], True)
        elif kind == PIXELS:
            _, _, depth, tag, vr, value_pos = token
            for inner in tokens:
                if inner[0] == PIXELS_END and inner[2] == depth:
                    break
            fp.seek(start + inner[1] + 8)
            if wanted is not None and tag not in wanted:
                continue
            value = data[value_pos : inner[1]]
            yield RawDataElement(
                BaseTag(tag),
                vr,
                UNDEFINED_LENGTH,
                None if defer is not None and len(value) > defer else value,
                start + value_pos,
                is_implicit_VR,
                is_little_endian,
            )
    fp.seek(start + (walk.stopped_at if walk.stopped_at is not None else walk.end))


def _through(first: tuple, tokens: Iterator[tuple], end_kind: int, depth: int) -> Iterator[tuple]:
    """``first`` and the tokens after it up to the ``end_kind`` token at ``depth``."""
    yield first
    for token in tokens:
        yield token
        if token[0] == end_kind and token[2] == depth:
            return


def read_file_meta_info(filename: str | os.PathLike) -> FileMetaDataset:
    """The File Meta Information of a file alone (PS3.10 §7.1), as pydicom's
    ``read_file_meta_info``: the walk stops before the data set's first element. A file
    without the 'DICM' prefix raises ``InvalidDicomError``."""
    with open(filename, "rb") as file:
        buf, base, mapped = _map_or_read(file)
        try:
            walk = Walk(buf, Strict(), base)
            meta = FileMetaDataset()
            _Builder(walk).run(walk.file(0), meta)  # up to the DATA_SET token
            return meta
        finally:
            if mapped is not None:
                mapped.close()
