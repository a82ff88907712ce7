"""Tolerant, byte-level inspection of DICOM files: every token at its offset, every fault named.
Follows PS3.10 §7.1 and PS3.5 §7, §A.4, §A.5 by the very walk the strict reader uses, but never
stops.

``inspect_file`` runs the codec's one walk (``codec.walk.Walk``, descending into every sequence)
under a tolerant policy: each fault becomes a ``Problem`` (absolute offset, schema path, kind,
message) and the walk recovers where the bytes allow (an overrunning value is read up to its
enclosing end, a missing delimiter is supplied where the next element or the end of the data
shows it, a corrupt deflate stream is inflated as far as it goes). Inspection turns the walk's
tokens into listed ``Token``s and adds the checks that are not about walking: tag order and
duplicates, the dictionary's VR, odd lengths, the meta's group length, undefined lengths on
other VRs, item encodings, the Basic Offset Table. Only opening a path can fail (``OSError``).
"""

from __future__ import annotations

import bisect
import io
import itertools
import mmap
import os
import struct
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from . import tables
from .codec import tokens as _T
from .codec.layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
)
from .codec.policy import Tolerant as _Tolerant
from .codec.sources import map_or_read as _map_or_read
from .codec.tokens import DATA_SET as DATA_SET_TOKEN
from .codec.tokens import KINDS, MAX_NESTING_DEPTH, Problem  # noqa: F401 - the bound, for callers
from .codec.walk import PIXEL_TAGS as _PIXEL_TAGS
from .codec.walk import Walk as _Walk
from .errors import DicomError

__all__ = ["KINDS", "Inspection", "Problem", "Token", "inspect_file", "iter_inspect"]

# Sequences nested deeper than MAX_NESTING_DEPTH (128, the strict reader's bound) are stepped
# over by the walk, not descended: the consumer's stack never holds more than two frames a level.
_PREVIEW_BYTES = 64  # values are never read further than this: large values are skipped
_OFFSET_TABLE_LIMIT = 1 << 20  # a larger Basic Offset Table (262,144 frames) is not checked
_RELEASE_STEP = 16 << 20  # a mapped file's pages behind the walk are let go this many at a time
_BINARY_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})


@dataclass(slots=True)
class Token:
    """One positioned piece of the file: a preamble, prefix, element header, item, delimiter or
    fragment. ``length`` is None for an undefined length; ``value`` is a short preview."""

    offset: int
    depth: int
    kind: str
    tag: int | None = None
    vr: str = ""
    length: int | None = None
    value_offset: int = 0
    value: str = ""
    node: Any = None  # the schema path, as a _Path chain
    explicit: bool = True

    @property
    def path(self) -> str:
        return str(self.node) if self.node is not None else ""

    @property
    def tag_text(self) -> str:
        return "" if self.tag is None else f"({self.tag >> 16:04X},{self.tag & 0xFFFF:04X})"

    def to_json(self) -> dict:
        return {
            "offset": self.offset,
            "depth": self.depth,
            "tag": self.tag_text,
            "vr": self.vr,
            "length": self.length,
            "value_offset": self.value_offset,
            "kind": self.kind,
            "value": self.value,
            "path": self.path,
        }


class Inspection:
    """What ``inspect_file`` found: the problems, and the tokens in file order.

    Only the problems are kept. ``tokens``, ``elements`` and ``lines()`` are views that walk
    the source again when they are read (a path is reopened, bytes are the caller's), so an
    inspection of a file of a million elements holds a few megabytes whatever is asked of it;
    a path that changed since it was inspected raises ``DicomError`` rather than mixing two
    files' tokens. ``to_json()`` builds its whole document: for large files, stream with
    ``iter_inspect`` or the command line's ``inspect --json``."""

    def __init__(self, source: Any = None, problems: list[Problem] | None = None) -> None:
        self._source = source
        self._stamp = _stamp(source)
        self.problems: list[Problem] = problems if problems is not None else []
        self.transfer_syntax: str | None = None
        self.encoding = ""
        self.deflated_at: int | None = None  # file offset of the deflate stream, if any
        self.token_count = 0
        self.element_count = 0  # tokens with a tag

    def _events(self) -> Iterator[Token | Problem]:
        if self._source is None:
            return iter(())
        if _stamp(self._source) != self._stamp:
            raise DicomError(
                "the file changed since it was inspected: inspect it again", None, "file"
            )
        return iter_inspect(self._source)

    def _tokens(self, tagged: bool = False) -> Iterator[Token]:
        for found in self._events():
            if isinstance(found, Token) and (found.tag is not None or not tagged):
                yield found

    @property
    def tokens(self) -> _View:
        """Every token: preamble, prefix, element headers, items, delimiters, fragments."""
        return _View(self._tokens, self.token_count)

    @property
    def elements(self) -> _View:
        """Every element, item, delimiter and fragment header (the tokens with a tag)."""
        return _View(lambda: self._tokens(tagged=True), self.element_count)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def to_json(self) -> dict:
        return {
            "elements": [t.to_json() for t in self.elements],
            "problems": [p.to_json() for p in self.problems],
        }

    def lines(self, hexdump: bool = False) -> _View:
        """The listing: one line per token (offset, indentation by depth, tag, VR, declared
        length, short value), each problem marked ``!!`` where it was found."""

        def listing() -> Iterator[str]:
            for found in self._events():
                if isinstance(found, Token):
                    yield token_line(found)
                else:
                    yield from problem_lines(found, hexdump)

        count = self.token_count + sum(len(problem_lines(p, hexdump)) for p in self.problems)
        return _View(listing, count)


class _View(Sequence):
    """A sequence whose items are made again, by walking the source, each time it is read:
    iterating holds one item at a time; an index or slice walks up to what it needs."""

    def __init__(self, make: Any, count: int) -> None:
        self._make, self._count = make, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make())

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            return list(itertools.islice(self._make(), start, stop, step))
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError("inspection index out of range")
        return next(itertools.islice(self._make(), position, None))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (list, _View)) else NotImplemented

    def __repr__(self) -> str:
        return f"<{self._count} inspected items, walked again when read>"


def _stamp(source: Any) -> Any:
    """What tells whether a path's file is still the one inspected (size, change time)."""
    if isinstance(source, _FileAt):
        source = source.path
    if isinstance(source, (str, os.PathLike)):
        try:
            info = os.stat(source)
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns, info.st_ino
    return None


def problem_lines(problem: Problem, hexdump: bool = False) -> list[str]:
    """A problem in the listing: marked ``!!`` at its offset, its path below, maybe a hexdump."""
    indent = "  " * problem.depth
    out = [
        f"{problem.offset:>8}  {indent}!! {problem.kind}: {problem.message}",
        f"{'':>8}  {indent}   in {problem.path}",
    ]
    if hexdump:
        out += _hexdump(problem, 12 + 2 * problem.depth)
    return out


def token_line(token: Token) -> str:
    """A token in the listing: offset, indentation by depth, tag and VR, length, short value."""
    length = "undefined" if token.length is None else str(token.length)
    if token.tag is None:
        label = token.kind
    elif token.kind == "element":
        label = f"{token.tag_text} {token.vr}"
    else:
        label = f"{token.tag_text} {token.kind}"
    text = f"{token.offset:>8}  {'  ' * token.depth}{label}  {length}"
    return f"{text}  {token.value}" if token.value else text


def _hexdump(problem: Problem, indent: int) -> list[str]:
    """16 bytes a line around the problem's offset, the byte at the offset marked with '>'."""
    start, data = problem.window
    lines = []
    for row in range(0, len(data), 16):
        chunk = data[row : row + 16]
        cells = ""
        for i, byte in enumerate(chunk):
            cells += (">" if start + row + i == problem.offset else " ") + f"{byte:02x}"
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"{' ' * indent}{start + row:08x} {cells:<48}  |{text}|")
    return lines


Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO


def inspect_file(source: Source) -> Inspection:
    """Inspect a DICOM file given as a path, bytes or a binary file-like (read from its
    position). Never raises on bad bytes; an unopenable path raises ``OSError``.

    The result keeps the problems and the token counts; its tokens and listing are walked
    again when read (see ``Inspection``), from the path, the bytes, or the bytes of a
    file-like, which are read once."""
    if not isinstance(source, (str, os.PathLike, bytes, bytearray, memoryview)):
        source = _read_file_like(source)
    elif not isinstance(source, (str, os.PathLike, bytes)):
        source = bytes(source)  # a copy the caller cannot change under the inspection
    result = Inspection(source)
    with _buffer(source) as (buf, mapped, base):
        inspector = _Inspector(buf, mapped, base)
        inspector.result = result
        for found in inspector.events():
            if isinstance(found, Token):
                result.token_count += 1
                result.element_count += found.tag is not None
            else:
                result.problems.append(found)
    return result


@dataclass(frozen=True)
class _FileAt:
    """A file on disk from a position: what the inspection of an open file walks again (the
    caller may close it), mapped as the file was."""

    path: str
    start: int


def _read_file_like(source: BinaryIO) -> bytes | _FileAt:
    """What the inspection of a binary file-like walks again: the file it is open on, from
    its position (a real file, whose descriptor is that path's), else its bytes, read once."""
    name = getattr(source, "name", None)
    try:
        if isinstance(name, str) and os.path.samestat(os.fstat(source.fileno()), os.stat(name)):
            return _FileAt(name, source.tell())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        pass
    data = source.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"inspect_file: a binary file-like is needed, not {type(data).__name__}")
    return bytes(data)


def iter_inspect(source: Source) -> Iterator[Token | Problem]:
    """The tokens and problems of ``inspect_file`` in the order they are found (a problem
    before the token it is listed above), one at a time and none kept: memory stays flat
    whatever the number of elements. An unopenable path raises ``OSError`` on first use."""
    with _buffer(source) as (buf, mapped, base):
        yield from _Inspector(buf, mapped, base).events()


@contextmanager
def _buffer(source: Source) -> Iterator[tuple[Any, mmap.mmap | None, int]]:
    """(the bytes of ``source``, its map, where they start in the map): a real file is
    memory-mapped (large values stay on disk and are never paged in), other file-likes read,
    bytes taken as they are."""
    if isinstance(source, (str, os.PathLike, _FileAt)):
        path, start = (source.path, source.start) if isinstance(source, _FileAt) else (source, 0)
        with open(path, "rb") as file:
            file.seek(start)
            with _buffer(file) as found:
                yield found
        return
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield bytes(source), None, 0
        return
    buf, _, mapped = _map_or_read(source)
    start = 0
    try:
        if mapped is not None:
            start = source.tell()
            buf = memoryview(mapped)[start:] if start else mapped
        yield buf, mapped, start
    finally:
        if mapped is not None:
            if isinstance(buf, memoryview):
                buf.release()
            mapped.close()


# ---------------------------------------------------------------------------------------------
class _Path:
    """A schema path such as ``dataset / (0008,1032) SQ / item 0``, kept as a chain of nodes so
    that a token deep in a file costs one node, not a copy of its ancestors' names."""

    __slots__ = ("parent", "name")

    def __init__(self, parent: _Path | None, name: str):
        self.parent, self.name = parent, name

    def __truediv__(self, name: str) -> _Path:
        return _Path(self, name)

    def __str__(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    __format__ = lambda self, spec: format(str(self), spec)  # noqa: E731


def _tag(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _hex(data: bytes, more: bool = False) -> str:
    return " ".join(f"{b:02X}" for b in data) + (" ..." if more else "")


def _preview(vr: str, raw: bytes, length: int, enc: Encoding) -> str:
    """A short view of a value from its first bytes (never more than _PREVIEW_BYTES)."""
    info = tables.vr_table().get(vr)
    more = length > len(raw)
    if info is None or vr in _BINARY_VRS or info.struct_format is None and info.kind != "text":
        return _hex(raw[:12], more or len(raw) > 12)
    if info.kind == "text":
        text = raw.decode("latin-1").rstrip("\0 ")
        if len(text) > 40 or more:
            return repr(text[:40]) + "..."
        return repr(text)
    fmt, width = info.struct_format, info.value_width or 1
    count = min(len(raw) // width, 6)
    order = "<" if enc.little_endian else ">"
    values = struct.unpack_from(f"{order}{fmt * count}", raw) if count else ()
    if vr == "AT":
        shown = [f"({values[i]:04X},{values[i + 1]:04X})" for i in range(0, len(values) - 1, 2)]
    else:
        shown = [f"{v:g}" if isinstance(v, float) else str(v) for v in values]
    return "\\".join(shown) + ("\\..." if more or len(raw) // width > count else "")


# ---------------------------------------------------------------------------------------------
# Inspection as a consumer of the codec's one walk (issue 12): ``Walk`` with a tolerant policy
# states PS3.5's rules of walking (headers, items, delimiters, CP-246, fragments) and recovers;
# what follows turns its tokens into listed ``Token``s and adds the checks that are not about
# walking (tag order, duplicates, the dictionary's VR, odd lengths, the meta's group length,
# undefined lengths on other VRs, item encodings, the Basic Offset Table).
_DEFERRED = frozenset(
    {
        # found by the walk before it hands the token they are about: listed after it
        "delimiter-length",
        "unexpected-item",
        "stray-delimiter",
        "item-encoding",
        "nesting-too-deep",
        "value-overruns-item",
        "sequence-overruns-item",
        "item-overruns-sequence",
        "value-cut-off",
        "length-past-eof",
    }
)
_OVERRUNS = frozenset({"value-overruns-item", "item-overruns-sequence", "value-cut-off"})


class _Recorder(_Tolerant):
    """The tolerant policy, each fault handed to the consumer as a ``Problem`` placed by the
    number of tokens listed so far, with the bytes around it."""

    def __init__(self, consumer: _Inspector):
        super().__init__()
        self.consumer = consumer

    def fault(self, kind, message, offset, path, depth, buf, pos):
        start = max(0, min(pos, len(buf)) - 16) & ~15
        window = (offset - pos + start, bytes(buf[start : start + 48]))
        self.consumer.fault(Problem(offset, kind, message, str(path), 0, depth, window), pos)


# Frames of the consumer's stack, following the walk's: data sets, sequences, fragments.
_DS, _SQ, _FR = range(3)


class _Frame:
    """What is open where the walk is: a data set (the file's, the meta, an item), a sequence's
    items or an encapsulated value's fragments, with what the checks need of it."""

    __slots__ = (
        "kind",
        "depth",  # of what it holds, in the listing
        "path",
        "end",  # where it ends (an undefined length: where its container ends)
        "bounded",  # ``end`` is a defined length's end, not the data's
        "enc",
        "delimited",  # an undefined length: ended by its delimiter
        "index",  # items or fragments so far (-1: a value holding no item at all)
        "top",
        "meta",
        "last_tag",
        "seen",  # the ascending tags, in order (4 bytes a tag)
        "unordered",  # the others
        "creators",  # (group, block) -> private creator
        "table",  # the Basic Offset Table's bytes
        "table_offset",
        "first",  # where the first fragment's item starts: offset 0 of the table
        "starts",  # where each fragment starts, from the first
    )

    def __init__(self, kind, depth, path, end, bounded, enc, delimited=False):
        self.kind, self.depth, self.path, self.end = kind, depth, path, end
        self.bounded, self.enc, self.delimited = bounded, enc, delimited
        self.index, self.top, self.meta, self.last_tag = 0, False, False, -1
        self.seen: array = array("I")
        self.unordered: set = set()
        self.creators: dict = {}
        self.table, self.table_offset, self.first = b"", 0, 0
        self.starts: list = []


class _Inspector:
    """Inspection's events from ``Walk(buf, policy, descend=True)``'s tokens."""

    def __init__(self, buf: Any, mapped: mmap.mmap | None = None, base: int = 0):
        self.buf = buf
        self.file = buf
        self.mapped = mapped if hasattr(mmap, "MADV_DONTNEED") else None
        self.base = base
        self.released = base // mmap.PAGESIZE * mmap.PAGESIZE
        self.size = len(buf)
        self.result = Inspection()
        self.pending: list = []
        self.deferred: list = []
        self.count = 0
        self.stack: list = []
        self.where = ""
        self.meta_first: tuple | None = None  # (offset, tag, length, value position)
        self.meta_at: int | None = None
        self.meta_open = False
        self.deflated: Token | None = None
        self.uid_at = 0  # where the meta's (0002,0010) is
        self.walk = _Walk(buf, _Recorder(self), descend=True)

    # -- recording ---------------------------------------------------------------------------
    def token(self, offset: int, depth: int, kind: str, path=None, **fields) -> Token:
        token = Token(offset, depth, kind, node=path, **fields)
        self.pending.append(token)
        self.count += 1
        return token

    def problem(self, kind: str, offset: int, message: str, path, depth: int = 0) -> None:
        start = max(0, min(offset, self.size) - 16) & ~15
        window = (start, bytes(self.buf[start : start + 48]))
        path = str(path)
        prefix = f"{self.where} / " if self.where and not path.startswith(self.where) else ""
        self.pending.append(
            Problem(offset, kind, message, prefix + path, self.count, depth, window)
        )

    def fault(self, problem: Problem, pos: int) -> None:
        """A fault of the walk: indented as the listing indents what it is about, listed
        where inspection lists it (after the token it is about, for some)."""
        if self.meta_open and problem.kind not in ("header-cut-off", "value-cut-off"):
            self._meta_done()
        problem.depth = self._depth(problem.depth, problem.kind)
        kind = problem.kind
        if kind == "trailing-bytes" and self.pending:
            # bytes that do not read as elements: what their "VR" is does not matter
            last = self.pending[-1]
            if isinstance(last, Problem) and last.offset == problem.offset:
                if last.kind in ("invalid-vr", "unknown-vr"):
                    self.pending.pop()
        elif kind == "not-an-item" and self.stack and self.stack[-1].kind == _FR:
            self.stack[-1].index = -1  # no items: the value is no encapsulated one
        if problem.kind in _DEFERRED or self.deferred:  # (in the order they were found)
            self.deferred.append(problem)
        else:
            problem.after = self.count
            self.pending.append(problem)

    def _depth(self, depth: int, kind: str) -> int:
        """The walk counts sequences around a thing; the listing indents items and their
        elements one level more than the sequence (two levels a sequence)."""
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.kind != _DS and 2 * depth - 1 == frame.depth:
            return 2 * depth - 1
        return 2 * depth

    def _settle(self, token: Token | None = None) -> None:
        """The faults held for the token just listed, after it (an overrun worded by what the
        value overruns: its defined-length container, or the end of the data)."""
        if not self.deferred:
            return
        for problem in self.deferred:
            problem.after = self.count
            if token is not None and problem.kind in _OVERRUNS and problem.offset == token.offset:
                self._reword(problem, token)
            self.pending.append(problem)
        self.deferred = []

    def _reword(self, problem: Problem, token: Token) -> None:
        frame = self.stack[-1]  # what the token is in: its frame opens after the settling
        bounded, end = frame.bounded, frame.end
        path = token.node
        if token.kind == "item":
            kind = "value-overruns-item" if frame.delimited else "item-overruns-sequence"
            container = "item" if frame.delimited else "sequence"
            path = path / "item header / length"
        elif token.kind in ("offset table", "fragment"):
            kind, container = "value-overruns-item", "item"
            path = path / "length"
        else:
            kind = "sequence-overruns-item" if token.vr == "SQ" else "value-overruns-item"
            container = "item"
        length, remain = token.length or 0, end - token.value_offset
        if bounded:
            message = (
                f"length {length} runs past the end of its {container}: {remain} bytes remain "
                "there; read up to that end"
            )
        elif length > self.size:
            kind = "length-past-eof"
            message = (
                f"length {length} is larger than the whole data ({self.size} bytes); "
                f"{remain} remain"
            )
        else:
            kind = "value-cut-off"
            message = f"length {length} runs past the end of the data: {remain} bytes remain"
        problem.kind, problem.message = kind, message
        where = str(path)
        prefix = f"{self.where} / " if self.where and not where.startswith(self.where) else ""
        problem.path = prefix + where

    def _flush(self) -> list:
        pending, self.pending = self.pending, []
        return pending

    def _meta_done(self) -> None:
        """PS3.10 §7.1: the meta starts with (0002,0000), 4 bytes (the walk checks the count)."""
        self.meta_open = False
        first = self.meta_first
        if first is None:
            return
        offset, tag, length, _ = first
        if tag != 0x00020000:
            self.problem(
                "meta-group-length-missing",
                self.meta_at,
                "the File Meta Information has no (0002,0000) Group Length",
                "file meta / (0002,0000) UL",
            )
        elif length != 4:
            self.problem(
                "meta-group-length-wrong",
                offset,
                f"(0002,0000) has {length} bytes, not 4",
                "file meta / (0002,0000) UL",
            )

    # -- the walk's tokens -------------------------------------------------------------------
    def events(self) -> Iterator[Token | Problem]:
        try:
            walk = self.walk
            last = None
            for last in walk.file():
                self._file_token(last)
                if self.pending and last[0] != _T.DEFLATED:  # its value waits for the data
                    yield from self._flush()
            if last is not None and last[0] == DATA_SET_TOKEN:
                self.buf, self.size = walk.buf, len(walk.buf)
                for found in walk.data_set(last[1], len(walk.buf), last[3]):
                    self._data_token(found)
                    if self.pending:
                        yield from self._flush()
                    if self.mapped is not None and walk.buf is self.file:
                        self._release_behind(found[1])
            self._settle()
        except Exception as exc:  # noqa: BLE001 - a bug must not hide what was found
            self.problem("inspection-stopped", 0, f"{type(exc).__name__}: {exc}", "dataset")
        yield from self._flush()

    def _release_behind(self, pos: int) -> None:
        """Let go of the mapped pages behind the walk: they are the file's (page cache), not
        memory of ours, but they count in the resident size until released. Touched again
        (a hexdump window), they are read back from the file."""
        if self.base + pos - self.released < _RELEASE_STEP:
            return
        upto = (self.base + pos) // mmap.PAGESIZE * mmap.PAGESIZE
        try:
            self.mapped.madvise(mmap.MADV_DONTNEED, self.released, upto - self.released)
        except (OSError, ValueError):
            self.mapped = None
            return
        self.released = upto

    def _file_token(self, found: tuple) -> None:
        kind = found[0]
        if kind == _T.PREAMBLE:
            _, offset, _, preamble = found
            if preamble is None:
                return
            value = "all zero" if not any(preamble) else _hex(preamble[:16])
            missing = [p for p in self.pending if isinstance(p, Problem)]
            if missing and missing[-1].kind == "prefix-missing":
                # 'DICM' elsewhere, or not at all after the preamble
                value = "no 'DICM' after it" if missing[-1].offset == offset + 128 else ""
            self.token(
                offset, 0, "preamble", length=len(preamble), value_offset=offset, value=value
            )
        elif kind == _T.PREFIX:
            self.token(found[1], 0, "prefix", length=4, value_offset=found[1], value="'DICM'")
        elif kind == _T.META:
            self.meta_at, self.meta_open = found[1], True
            frame = self._data_frame(0, _Path(None, "file meta"), self.size, False, found[3])
            frame.top, frame.meta = True, True
            self.stack = [frame]
        elif kind in (_T.ELEMENT, _T.SEQUENCE, _T.PIXELS):
            if self.meta_first is None:
                self.meta_first = (found[1], found[3], found[5], found[6])
            if found[3] == 0x00020010 and found[2] == 0:
                self.uid_at = found[1]
            self._data_token(found)
        elif kind in (_T.ITEM, _T.ITEM_END, _T.SEQUENCE_END, _T.FRAGMENT, _T.PIXELS_END):
            self._data_token(found)
        elif kind == _T.MARKER:
            self._data_token(found)
        elif kind == _T.DEFLATED:
            if self.meta_open:
                self._meta_done()
            _, offset, _, length, trailing = found
            self.result.deflated_at = offset
            self.deflated = self.token(
                offset, 0, "deflate stream", length=length, value_offset=offset
            )
            if trailing:
                self.problem(
                    "trailing-bytes",
                    self.size - len(trailing),
                    f"{len(trailing)} byte(s) after the end of the deflate stream",
                    "deflated data set / trailer",
                )
        elif kind == _T.STRAY:
            pass
        elif kind == DATA_SET_TOKEN:
            if self.meta_open:
                self._meta_done()
            _, offset, _, enc, uid, deflated = found
            if uid is None and (self.meta_at is not None or self.count):  # not a bare data set
                self.problem(
                    "transfer-syntax-unknown",
                    offset,
                    "no Transfer Syntax UID (0002,0010): guessing the encoding",
                    "file meta / (0002,0010) UI",
                )
            elif uid == "":  # (the walk names a UID it does not know, not an empty one)
                self.problem(
                    "transfer-syntax-unknown",
                    self.uid_at,
                    "unknown Transfer Syntax UID '': guessing the encoding",
                    "file meta / (0002,0010) UI",
                )
            self.result.transfer_syntax = uid
            self.result.encoding = enc.name
            if deflated:
                self.deflated.value = (
                    f"inflates to {len(self.walk.buf)} bytes; offsets below count in them"
                )
                self.where = "deflated data set"
                self.buf, self.size = self.walk.buf, len(self.walk.buf)
            root = (
                _Path(_Path(None, self.where), "dataset") if self.where else _Path(None, "dataset")
            )
            frame = self._data_frame(0, root, self.size, False, enc)
            frame.top = True
            self.stack = [frame]

    @staticmethod
    def _data_frame(depth, path, end, bounded, enc, delimited=False) -> _Frame:
        return _Frame(_DS, depth, path, end, bounded, enc, delimited)

    def _close(self, found: tuple, frame_kind: Any, kind: str, tag: int) -> None:
        """An item or sequence ends (PS3.5 §7.5): its frame is popped, and the delimiter that
        closed it (``found``'s length is None when it ended at its defined length) listed."""
        _, offset, _depth, length = found
        frame = self.stack.pop() if self.stack and self.stack[-1].kind == frame_kind else None
        if length is not None and frame is not None:
            token = self.token(
                offset,
                frame.depth - 1,
                kind,
                tag=tag,
                length=length,
                value_offset=offset + 8,
                path=frame.path / kind,
            )
            self._settle(token)

    def _data_token(self, found: tuple) -> None:
        kind = found[0]
        if kind in (_T.ELEMENT, _T.SEQUENCE, _T.PIXELS):
            self._element(found)
        elif kind == _T.ITEM:
            self._item(found)
        elif kind == _T.ITEM_END:
            self._close(found, _DS, "item delimiter", ITEM_DELIMITATION)
        elif kind == _T.SEQUENCE_END:
            self._close(found, _SQ, "sequence delimiter", SEQUENCE_DELIMITATION)
        elif kind == _T.FRAGMENT:
            self._fragment(found)
        elif kind == _T.PIXELS_END:
            _, offset, depth, length = found
            frame = self.stack[-1] if self.stack and self.stack[-1].kind == _FR else None
            if frame is None:
                return
            if length is not None:
                if frame.index == 0:  # (-1: no item at all, the walk said so)
                    # PS3.5 §A.4: the first item is the Basic Offset Table (empty or not)
                    self.problem(
                        "offset-table-missing",
                        offset,
                        "the encapsulated value has no items: its first, the Basic Offset "
                        "Table item, is missing",
                        frame.path / "basic offset table",
                        frame.depth,
                    )
                token = self.token(
                    offset,
                    frame.depth - 1,
                    "sequence delimiter",
                    tag=SEQUENCE_DELIMITATION,
                    length=length,
                    value_offset=offset + 8,
                    path=frame.path / "sequence delimiter",
                )
                self._settle(token)
            self._settle()
            self._check_offset_table(frame)
            self.stack.pop()
        elif kind == _T.MARKER:
            _, offset, depth, tag, length = found
            frame = self.stack[-1]
            name = {
                ITEM: "item",
                ITEM_DELIMITATION: "item delimiter",
                SEQUENCE_DELIMITATION: "sequence delimiter",
            }.get(tag, "delimiter")
            where = frame.path / f"item {frame.index}" if frame.kind == _SQ else frame.path
            token = self.token(
                offset,
                2 * depth - (frame.kind != _DS),
                name,
                tag=tag,
                length=None if length == UNDEFINED_LENGTH else length,
                value_offset=offset + 8,
                path=where / _tag(tag),
            )
            self._settle(token)
        elif kind == _T.TRAILER:
            self._settle()

    def _element(self, found: tuple) -> None:
        f = self.stack[-1]
        kind, pos, _, tag, vr = found[:5]
        if kind == _T.PIXELS:
            length, value_pos = None, found[5]
            if not f.enc.explicit_vr:
                vr = None  # (the walk's is the dictionary's)
        else:
            length, value_pos = found[5], found[6]
        explicit = vr is not None
        if explicit and vr not in tables.vr_table():
            vr = self._dictionary_vr(f, tag) or "UN"  # an unknown VR (the walk said so)
        shown = vr or self._dictionary_vr(f, tag)
        if kind == _T.SEQUENCE:
            shown = "UN" if vr == "UN" else "SQ"
        name = f"{_tag(tag)} {shown}" if shown else _tag(tag)
        path = f.path / name
        self._check_order(f, tag, pos, path)
        undefined = length is None or length == UNDEFINED_LENGTH
        token = self.token(
            pos,
            f.depth,
            "element",
            tag=tag,
            vr=shown or "UN",
            length=None if undefined else length,
            value_offset=value_pos,
            path=path,
            explicit=explicit,
        )
        if explicit and vr:
            self._check_vr(f, tag, vr, pos, path)
        if kind == _T.PIXELS:
            if tag not in _PIXEL_TAGS:
                self.problem(
                    "undefined-length",
                    pos,
                    f"undefined length on a {shown or 'private'} element (only SQ, UN and "
                    "Pixel Data may have one)",
                    path,
                    f.depth,
                )
            self._settle(token)
            self.stack.append(_Frame(_FR, f.depth + 1, path, f.end, f.bounded, f.enc))
            return
        end = f.end
        if not undefined and length % 2 and value_pos + length <= end:
            self.problem("odd-length", pos, f"value length {length} is odd", path, f.depth)
        if kind == _T.SEQUENCE:
            if vr is None and undefined:
                # read as items, as the reader does; the dictionary says it is no sequence
                known = self._dictionary_vr(f, tag)
                if known not in (None, "SQ", "UN"):
                    self.problem(
                        "undefined-length",
                        pos,
                        f"undefined length on a {known} element (only SQ, UN and Pixel Data "
                        "may have one)",
                        path,
                        f.depth,
                    )
            self._settle(token)
            if undefined:
                seq_end, bounded = end, f.bounded
            else:
                seq_end, bounded = min(value_pos + length, end), value_pos + length <= end
            self.stack.append(_Frame(_SQ, f.depth + 1, path, seq_end, bounded, found[7], undefined))
            return
        if undefined:
            self._settle(token)
            return
        value_end = min(value_pos + length, end)
        raw = bytes(self.buf[value_pos : min(value_end, value_pos + _PREVIEW_BYTES)])
        if tag >> 16 & 1 and 0x0010 <= tag & 0xFFFF <= 0x00FF:
            f.creators[(tag >> 16, tag & 0xFF)] = raw.decode("latin-1").strip("\0 ")
        if shown != "SQ":  # (an SQ element here was stepped over, nested too deep)
            token.value = _preview(shown or "UN", raw, length, f.enc)
        self._settle(token)

    def _item(self, found: tuple) -> None:
        _, pos, _, length, content, enc = found
        s = self.stack[-1]
        path = s.path / f"item {s.index}"
        s.index += 1
        token = self.token(
            pos, s.depth, "item", tag=ITEM, length=length, value_offset=content, path=path
        )
        if enc is not s.enc:
            self.problem(
                "item-encoding",
                pos,
                f"item written in {enc.name} inside a {s.enc.name} sequence",
                path,
                s.depth,
            )
        # the container of an overrun is the sequence: settled before the item's frame opens
        self._settle(token)
        if length is None:
            end, bounded = s.end, s.bounded
        elif content + length > s.end:
            end, bounded = s.end, False
        else:
            end, bounded = content + length, True
        self.stack.append(self._data_frame(s.depth + 1, path, end, bounded, enc, length is None))

    def _fragment(self, found: tuple) -> None:
        _, pos, _, index, length, value_pos = found
        fr = self.stack[-1]
        part = "basic offset table" if index == 0 else f"fragment {index - 1}"
        path = fr.path / part
        undefined = length == UNDEFINED_LENGTH
        token = self.token(
            pos,
            fr.depth,
            "offset table" if index == 0 else "fragment",
            tag=ITEM,
            length=None if undefined else length,
            value_offset=value_pos,
            path=path,
        )
        if undefined:
            for problem in self.deferred:
                if problem.offset == pos and problem.kind == "value-cut-off":
                    problem.kind = "undefined-fragment"
                    problem.message = (
                        "a fragment of undefined length (PS3.5 §A.4 requires defined lengths)"
                    )
                    problem.path = str(path / "length")
            self._settle()
            fr.index = index + 1
            return
        if length % 2:
            self.problem(
                "odd-length", pos, f"fragment length {length} is odd", path / "length", fr.depth
            )
        self._settle(token)
        value_end = min(value_pos + length, fr.end)
        if index == 0:
            fr.table_offset, fr.first = pos, value_end
            fr.table = b"" if length > _OFFSET_TABLE_LIMIT else bytes(self.buf[value_pos:value_end])
            token.value = f"{len(fr.table) // 4} offset(s)" if fr.table else "empty"
        else:
            fr.starts.append(pos - fr.first)
            token.value = _hex(
                bytes(self.buf[value_pos : min(value_end, value_pos + 8)]), length > 8
            )
        fr.index = index + 1

    def _check_offset_table(self, fr: _Frame) -> None:
        """PS3.5 §A.4: the Basic Offset Table holds, per frame, the offset of its first
        fragment's item from the first fragment's item: 4-byte values, the first 0, ascending."""
        table = fr.table
        if not table or fr.index == 0:
            return
        path = fr.path / "basic offset table"
        if len(table) % 4:
            self.problem(
                "bad-offset-table",
                fr.table_offset,
                f"Basic Offset Table of {len(table)} bytes, not a multiple of 4",
                path,
                fr.depth,
            )
            return
        u32 = fr.enc.u32
        offsets = [u32.unpack_from(table, i)[0] for i in range(0, len(table), 4)]
        starts = set(fr.starts)
        wrong = [o for o in offsets if o not in starts]
        if offsets[0] != 0 or offsets != sorted(offsets) or wrong:
            detail = (
                f"offset {wrong[0]} is not the start of a fragment"
                if wrong
                else "offsets do not start at 0 and ascend"
            )
            first = next(
                i
                for i, o in enumerate(offsets)
                if o not in starts or (i == 0 and o) or (i and o < offsets[i - 1])
            )
            self.problem(
                "bad-offset-table",
                fr.table_offset + 8 + 4 * first,
                f"Basic Offset Table of {len(offsets)} offsets: {detail}",
                path,
                fr.depth,
            )

    # -- checks that are not about walking ---------------------------------------------------

    def _check_order(self, f: _Frame, tag: int, pos: int, path: _Path) -> None:
        last = f.last_tag
        if f.top and not f.meta and tag >> 16 == 0x0002:
            self.problem(
                "meta-in-dataset",
                pos,
                "a File Meta Information element (group 0002) inside the data set",
                path,
                f.depth,
            )
        elif tag <= last and self._seen(f, tag):
            self.problem(
                "duplicate-tag", pos, f"{_tag(tag)} occurs twice in this data set", path, f.depth
            )
        elif tag < last:
            self.problem(
                "tag-out-of-order",
                pos,
                f"{_tag(tag)} follows {_tag(last)} (PS3.5 §7.1: ascending order)",
                path,
                f.depth,
            )
        if tag > last:
            f.seen.append(tag)
        else:
            f.unordered.add(tag)
        f.last_tag = max(last, tag)

    @staticmethod
    def _seen(f: _Frame, tag: int) -> bool:
        at = bisect.bisect_left(f.seen, tag)
        return (at < len(f.seen) and f.seen[at] == tag) or tag in f.unordered

    def _dictionary_vr(self, f: _Frame, tag: int) -> str | None:
        group = tag >> 16
        if group & 1 and group > 7 and group != 0xFFFF:
            creator = f.creators.get((group, (tag >> 8) & 0xFF))
            entry = tables.private_entry(tag, creator) if creator else None
        else:
            entry = tables.standard_entry(tag)
        if entry is None:
            return None
        if entry.VR == "OB or OW":
            return "OW"
        return entry.VR.split(" or ")[0]

    def _check_vr(self, f: _Frame, tag: int, vr: str, pos: int, path: _Path) -> None:
        entry = tables.standard_entry(tag)
        if entry is None or vr == "UN" or not entry.VR or entry.VR == "NONE":
            return
        if vr not in entry.VR.split(" or "):
            self.problem(
                "vr-mismatch", pos, f"VR {vr}, the dictionary says {entry.VR}", path, f.depth
            )
