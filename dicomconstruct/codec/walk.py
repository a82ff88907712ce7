"""The one walk over a DICOM file's bytes (PS3.10 §7.1, PS3.5 §7.1, §7.5, §A.4, §A.5).

``Walk`` turns a buffer into a stream of positioned tokens (plain tuples, see ``tokens``) with
an explicit stack of open data sets, sequences and encapsulated values, never recursion. Every
declared length is checked against the bytes that remain; every fault goes to a policy
(``policy.Strict`` raises, ``policy.Tolerant`` records and the walk recovers). The strict
reader, the inspection, ``encaps`` and the fuzzing strategies all consume it.

A defined-length sequence is not entered unless ``descend`` is set: its value is one ELEMENT
token and ``items`` walks it later (the reader's lazy sequences).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

from .. import config, tables
from ..errors import DicomError
from . import layouts
from .layouts import (
    ITEM,
    ITEM_DELIMITATION,
    SEQUENCE_DELIMITATION,
    UNDEFINED_LENGTH,
    Encoding,
    encoding,
)
from .policy import STRICT
from .sniff import (
    check_encoding,
    declared_encoding,
    find_prefix,
    guess_encoding,
    looks_like_vr,
    meta_encoding,
    mismatch_message,
    misplaced_prefix,
    stray_leading_bytes,
    syntax_uid_text,
    unknown_syntax_message,
)
from .tokens import (
    DATA_SET,
    DEFLATED,
    ELEMENT,
    FRAGMENT,
    MARKER,
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
    render,
    tag_text,
)
from .tokens import ITEM as ITEM_TOKEN
from .tokens import ITEM_END as ITEM_END_TOKEN

# Pixel Data, Float Pixel Data and Double Float Pixel Data (PS3.6): an undefined length on
# them means encapsulated fragments (PS3.5 §A.4), never a sequence.
PIXEL_TAGS = frozenset({0x7FE00010, 0x7FE00009, 0x7FE00008})
TRANSFER_SYNTAX_UID = 0x00020010
MISSING_PREFIX_MESSAGE = (
    "File is missing DICOM File Meta Information header or the 'DICM' prefix is missing "
    "from the header. Use force=True to force reading."
)
_MARKER_NAMES = {
    ITEM: "Item (FFFE,E000)",
    ITEM_DELIMITATION: "Item Delimitation Item (FFFE,E00D)",
    SEQUENCE_DELIMITATION: "Sequence Delimitation Item (FFFE,E0DD)",
}
_IMPLICIT_LE = encoding(False, True)
# PS3.5 §7.5: the three tags of group FFFE that structure items. Another tag of the group
# written with a VR (or read implicitly) is read as an element, as pydicom reads it.
_STRUCTURE_TAGS = frozenset(_MARKER_NAMES)

# Frames of the explicit stack (lists, changed in place):
#   [_DATA_SET, end, enc, depth, path, delimited, top, only_group, last tag]
#   [_ITEMS, end, enc, depth, path, delimited, index]
#   [_FRAGMENTS, end, enc, depth, path, index, search]  (search: a value that is no sequence,
#   its items unread, ending at its Sequence Delimitation Item)
_DATA_SET, _ITEMS, _FRAGMENTS = range(3)


_SEARCH_CHUNK = 1 << 20  # a memoryview is searched this much at once


def find(buf: Any, needle: bytes, start: int, end: int) -> int:
    """The offset of ``needle`` in ``buf[start:end]``, -1 if absent, without copying the span
    (a mapped file and bytes search in place; a memoryview is searched a chunk at a time)."""
    finder = getattr(buf, "find", None)
    if finder is not None:
        return finder(needle, start, end)
    pos = start
    while pos < end:
        stop = min(end, pos + _SEARCH_CHUNK + len(needle) - 1)
        found = bytes(buf[pos:stop]).find(needle)
        if found >= 0:
            return pos + found
        pos += _SEARCH_CHUNK
    return -1


def dictionary_vr(tag: int) -> str | None:
    """The VR of a standard tag in PS3.6 (private tags have none here), as written there."""
    entry = tables.standard_entry(tag)
    return entry.VR if entry is not None else None


def element_name(tag: int, vr: str | None) -> str:
    """``(gggg,eeee) VR`` for paths; an implicit-VR element gets its dictionary VR."""
    vr = vr or dictionary_vr(tag) or ""
    return f"{tag_text(tag)} {vr}".rstrip()


_VR_NAMES: dict[bytes, str] = {}


def _vr_names() -> dict[bytes, str]:
    """``tables.vr_codes()`` as a plain dict: the walk looks up one VR per element, and a
    read-only mapping proxy's ``get`` costs a call more each time."""
    if not _VR_NAMES:
        _VR_NAMES.update(tables.vr_codes())
    return _VR_NAMES


class Walk:
    """One walk over ``buf`` (``base``: file offset of ``buf[0]``; ``where``: prefix of every
    path, e.g. "deflated data set"). ``stop_when(tag, vr, length)`` ends a top-level data set
    before the element it accepts (``stopped_at`` says where)."""

    # an undefined-length value that is no sequence ends at the first Sequence Delimitation
    # Item in its bytes (pydicom's data_element_generator), its items unread
    search_undefined = False
    stop_when: Callable[[int, str | None, int], bool] | None = None
    stop_from = 0  # the smallest tag stop_when may accept: it is not asked of smaller ones
    stopped_at: int | None = None  # where stop_when stopped the top-level data set
    stopped_tag = -1  # and the tag of the element it stopped before
    end = 0  # where the last data set walked ended
    stepped_to = 0  # tolerant: where a sequence nested too deep, stepped over, ended

    def __init__(
        self,
        buf: Any,
        policy: Any = None,
        base: int = 0,
        where: str = "",
        descend: bool = False,
    ):
        # (the defaults above are class attributes: a walk of one lazily read sequence value
        # sets only what it needs)
        self.buf = buf
        self.policy = policy if policy is not None else STRICT
        self.base = base
        self.where = where
        self.descend = descend

    # -- faults ------------------------------------------------------------------------------
    def fault(self, kind: str, message: str, pos: int, path: Any, depth: int = 0) -> None:
        """Hand a fault to the policy (the strict one raises); returns when the walk recovers."""
        path = render(path)
        if self.where and not path.startswith(self.where):
            path = f"{self.where} / {path}"
        self.policy.fault(kind, message, self.base + pos, path, depth, self.buf, pos)

    # -- a whole file ------------------------------------------------------------------------
    def file(self, pos: int = 0) -> Iterator[tuple]:
        """Preamble, prefix and File Meta Information (PS3.10 §7.1), up to the DATA_SET token
        that says where the data set starts and how it is encoded (``data_set`` walks it). A
        file with no prefix is a fault unless the policy forces; the data set's encoding comes
        from the Transfer Syntax UID, else is guessed; a deflated data set is inflated (``buf``
        is then the inflated bytes, ``base`` 0, and offsets count in them)."""
        buf = self.buf
        preamble, after = find_prefix(buf, pos)
        moved = misplaced_prefix(buf, pos) if self.policy.tolerant else None
        if after == pos + 132:
            yield (PREAMBLE, pos, 0, preamble)
            yield (PREFIX, pos + 128, 0)
        elif after == pos + 4:
            self.fault(
                "preamble-missing",
                "the 128-byte preamble is missing: the file starts with 'DICM'",
                pos,
                "file preamble",
            )
            yield (PREFIX, pos, 0)
        elif moved is not None:
            # tolerant: 'DICM' and the meta after too many or too few preamble bytes
            at = moved
            self.fault(
                "prefix-missing",
                f"'DICM' found at byte {self.base + at}, not {self.base + pos + 128}: "
                f"{abs(at - pos - 128)} byte(s) {'too many' if at > pos + 128 else 'too few'} "
                "before it",
                pos,
                "file preamble / prefix",
            )
            start = max(pos, at - 128)
            yield (PREAMBLE, start, 0, bytes(buf[start:at]))
            yield (PREFIX, at, 0)
            after = at + 4
        elif not self.policy.force or self.policy.tolerant:
            # a 128-byte preamble, then the meta without 'DICM': the prefix is missing at 128
            at = pos + 128 if buf[pos + 128 : pos + 130] == b"\x02\x00" else pos
            self.fault("prefix-missing", MISSING_PREFIX_MESSAGE, at, "file preamble / prefix")
            if self.policy.tolerant and at != pos:  # tolerant: the meta is read from there
                yield (PREAMBLE, pos, 0, bytes(buf[pos:at]))
                after = at
        has_prefix = after != pos
        pos = after
        uid = None
        uid_at = pos
        meta_enc = meta_encoding(buf, pos)
        has_meta = False
        if meta_enc is not None:
            if not meta_enc.explicit_vr:
                self.fault(
                    "meta-implicit",
                    # pydicom's message
                    "Expected explicit VR, but found implicit VR - using implicit VR for "
                    "reading the File Meta Information",
                    pos,
                    "file meta",
                )
            yield (META, pos, 0, meta_enc)
            group_length = None
            frame = [_DATA_SET, len(buf), meta_enc, 0, "file meta", False, True, 2, -1]
            stop_when, self.stop_when = self.stop_when, None  # options apply to the data set
            try:
                tokens: Iterator[tuple] = self._run([frame], pos)
                if not self.policy.tolerant:  # the reader meets the meta's faults first
                    tokens = iter(list(tokens))
                for token in tokens:  # (tolerant: as walked, each fault at its token)
                    if token[0] == ELEMENT:
                        has_meta = True
                        tag = token[3]
                        if tag == TRANSFER_SYNTAX_UID:
                            uid_at = token[1]
                            raw = bytes(buf[token[6] : token[6] + token[5]])
                            uid = syntax_uid_text(raw)
                        elif tag == 0x00020000 and token[5] == 4 and group_length is None:
                            group_length = token
                    yield token
            finally:
                self.stop_when = stop_when
            pos = self.end
            if group_length is not None:
                declared = int.from_bytes(buf[group_length[6] : group_length[6] + 4], "little")
                first = group_length[6] + 4
                if first + declared != pos:
                    self.fault(
                        "meta-group-length-wrong",
                        f"File Meta Information Group Length says {declared} bytes, the group "
                        f"has {pos - first}",
                        group_length[1],
                        "file meta / (0002,0000) UL",
                    )
        enc, deflated = declared_encoding(uid)
        if enc is None:
            if not has_prefix and not has_meta:
                skip = stray_leading_bytes(buf, pos)
                if skip:
                    stray = bytes(buf[pos : pos + skip])
                    self.fault(
                        "stray-leading-bytes",
                        f"skipped {skip} stray byte(s) {stray!r} at byte {self.base + pos} "
                        "before the first data element",
                        pos,
                        "dataset",
                    )
                    yield (STRAY, pos, 0, stray)
                    pos += skip
            enc = guess_encoding(buf, pos)[0]
            if uid:
                self.fault(
                    "transfer-syntax-unknown",
                    unknown_syntax_message(uid, enc),
                    uid_at,  # the element holding the UID
                    "file meta / (0002,0010) UI",
                )
        if deflated:
            # PS3.5 §A.5: everything after the meta is one raw deflate stream.
            compressed = bytes(buf[pos:])
            try:
                inflated, trailing = layouts.inflate(compressed, offset=self.base + pos)
            except DicomError as exc:
                if not self.policy.tolerant:
                    raise
                # tolerant: the data set is what inflates before the fault
                self.fault("deflate-corrupt", exc.message, pos, "deflated data set")
                inflated, trailing = layouts.inflate_partially(compressed), b""
            yield (DEFLATED, pos, 0, len(compressed) - len(trailing), trailing)
            self.buf = buf = inflated
            self.base, self.where, pos = 0, "deflated data set", 0
        if uid is not None:
            found = self.checked_encoding(pos, enc)
        else:  # a guessed encoding is checked, not contradicted
            found = check_encoding(buf, pos, enc)
        yield (DATA_SET, pos, 0, found, uid, deflated)

    def whole_file(self, pos: int = 0) -> Iterator[tuple]:
        """``file``'s tokens, then those of the data set."""
        for token in self.file(pos):
            yield token
        yield from self.data_set(token[1], len(self.buf), token[3])

    def checked_encoding(self, pos: int, enc: Encoding, path: str = "dataset") -> Encoding:
        """The encoding the data set at ``pos`` is really in (``sniff.check_encoding``), with
        a fault when it is not ``enc``, the one declared."""
        found = check_encoding(self.buf, pos, enc)
        if found is not enc:
            self.fault("transfer-syntax-mismatch", mismatch_message(enc, found), pos, path)
        return found

    # -- data sets and sequence values -------------------------------------------------------
    def data_set(self, pos: int, end: int, enc: Encoding, path: str = "dataset") -> Iterator[tuple]:
        """The tokens of a top-level data set from ``pos`` to ``end`` (``self.end`` after)."""
        self.stopped_at = None
        return self._run([[_DATA_SET, end, enc, 0, path, False, True, None, -1]], pos)

    def items(
        self, pos: int, end: int, enc: Encoding, depth: int, path: Any, at: int
    ) -> Iterator[tuple]:
        """The items of a defined-length sequence value ``buf[pos:end]`` nested ``depth`` deep
        (its header at ``at``): ITEM, the item's elements, ITEM_END, then SEQUENCE_END."""
        if depth > MAX_NESTING_DEPTH:
            self.fault(
                "nesting-too-deep", f"sequences nested more than {MAX_NESTING_DEPTH} deep", at, path
            )
            return iter(())
        return self._run([[_ITEMS, end, enc, depth, path, False, 0]], pos)

    # -- the walk itself ---------------------------------------------------------------------
    def _run(self, stack: list, pos: int) -> Iterator[tuple]:
        """Walk the frames of ``stack`` from ``pos`` until it is empty; ``self.end`` is where."""
        buf = self.buf
        fault = self.fault
        long_vrs = tables.long_length_vrs()  # PS3.5 Table 7.1-1's VRs, from schemas/vrs.tsv
        vr_names = _vr_names()
        descend = self.descend
        undefined = UNDEFINED_LENGTH  # (a local: this loop runs once per element)
        while stack:
            frame = stack[-1]
            kind = frame[0]
            if kind == _DATA_SET:
                _, end, enc, depth, path, delimited, top, only_group, last = frame
                explicit, unpack_short, unpack_long, unpack_u32 = enc.unpackers
                stop_when = self.stop_when if top else None
                # (a local int: one comparison per element, not a call, until stop_when may stop)
                stop_from = self.stop_from if stop_when is not None else 1 << 32
                pushed = False
                while pos < end:
                    if only_group is not None and (
                        end - pos < 2 or enc.u16.unpack_from(buf, pos)[0] != only_group
                    ):
                        break
                    if end - pos < 8:
                        fault(
                            "header-cut-off",
                            f"element header cut off: {end - pos} of 8 bytes remain",
                            pos,
                            f"{render(path)} / {enc.name} element header",
                            depth,
                        )
                        pos = end
                        break
                    if explicit:
                        group, element, vr_code, length = unpack_short(buf, pos)
                        if vr_code in long_vrs:
                            if end - pos < 12:
                                fault(
                                    "header-cut-off",
                                    f"element header cut off: {end - pos} of 12 bytes remain",
                                    pos,
                                    f"{render(path)} / ({group:04X},{element:04X}) / {enc.name} "
                                    "element header",
                                    depth,
                                )
                                pos = end
                                break
                            group, element, vr_code, _, length = unpack_long(buf, pos)
                            value_pos = pos + 12
                        else:
                            value_pos = pos + 8
                        vr = vr_names.get(vr_code)
                        if vr is None and group == 0xFFFE:
                            # items and delimiters have no VR in any encoding (PS3.5 §7.5)
                            length = unpack_u32(buf, pos + 4)[0]
                        elif vr is None:
                            vr, length, value_pos = self._odd_vr(
                                group, element, vr_code, pos, end, enc, path, depth
                            )
                    else:
                        group, element, length = unpack_short(buf, pos)
                        vr = None
                        value_pos = pos + 8
                    tag = (group << 16) | element

                    if group == 0xFFFE and (tag in _STRUCTURE_TAGS or (explicit and vr is None)):
                        if tag == ITEM_DELIMITATION and delimited:
                            if length != 0:
                                self._delimiter_length(tag, pos, length, path, depth)
                            yield (ITEM_END_TOKEN, pos, depth, length)
                            pos += 8
                            stack.pop()
                            pushed = True  # the frame is done: back to the enclosing one
                            break
                        if delimited and tag != ITEM_DELIMITATION and self.policy.tolerant:
                            # tolerant: an Item or Sequence Delimitation Item ends the item
                            # that lacks its delimiter; the sequence reads it next
                            fault(
                                "missing-item-delimiter",
                                f"{tag_text(tag)} where the item's elements or its Item "
                                "Delimitation Item should be",
                                pos,
                                f"{render(path)} / item delimiter",
                                depth,
                            )
                            yield (ITEM_END_TOKEN, pos, depth, None)
                            stack.pop()
                            pushed = True
                            break
                        fault(
                            "unexpected-item" if tag == ITEM else "stray-delimiter",
                            f"unexpected {_MARKER_NAMES.get(tag, tag_text(tag))} among the "
                            "elements of a data set",
                            pos,
                            f"{render(path)} / ({group:04X},{element:04X})",
                            depth,
                        )
                        yield (MARKER, pos, depth, tag, length)
                        pos += 8
                        continue

                    if tag >= stop_from and stop_when(tag, vr, length):  # type: ignore[misc]
                        self.stopped_at, self.stopped_tag = pos, tag
                        self.end = pos
                        return

                    if delimited and tag <= last and self._belongs_above(stack, tag):
                        fault(
                            "missing-item-delimiter",
                            f"{tag_text(tag)} follows {tag_text(last)}: the undefined-length "
                            "item ended without its Item Delimitation Item",
                            pos,
                            f"{render(path)} / item delimiter",
                            depth,
                        )
                        yield (ITEM_END_TOKEN, pos, depth, None)
                        stack.pop()  # tolerant: the element is the enclosing data set's
                        pushed = True
                        break
                    if length == undefined:
                        frame[8] = tag  # the data set goes on after the value
                        opened = self._undefined(
                            stack, tag, vr, pos, value_pos, end, enc, depth, path
                        )
                        yield opened
                        if opened[0] == ELEMENT:  # tolerant: nested too deep, stepped over
                            pos, last = self.stepped_to, tag
                            continue
                        if not stack:  # a sequence nested too deep ends the walk
                            return
                        pos = value_pos
                        pushed = True
                        break
                    next_pos = value_pos + length
                    if next_pos > end:
                        if (
                            top
                            and tag <= last
                            and only_group is None
                            and ((explicit and vr is None) or not group)
                        ):
                            # PS3.5 §7.1: tags ascend, so a header that goes back, has no VR
                            # (or is of group 0000) and whose length runs past the end is no
                            # element: bytes after the data set
                            fault(
                                "trailing-bytes",
                                f"{end - pos} byte(s) after the last element do not read as "
                                "elements: kept as trailing bytes",
                                pos,
                                f"{render(path)} / trailer",
                                depth,
                            )
                            yield (TRAILER, pos, depth, end - pos)
                            pos = end
                            break
                        fault(
                            "value-cut-off" if top else "value-overruns-item",
                            f"value length {length} runs past the end of the "
                            f"{'data set' if top else 'item'}: {end - value_pos} bytes remain",
                            pos,
                            f"{render(path)} / {element_name(tag, vr)} / value",
                            depth,
                        )
                        next_pos = end
                    if descend and self._is_sequence(tag, vr, explicit, value_pos, next_pos, enc):
                        if depth >= MAX_NESTING_DEPTH:
                            fault(
                                "nesting-too-deep",
                                f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                                pos,
                                f"{render(path)} / {tag_text(tag)} SQ",
                                depth,
                            )
                            yield (ELEMENT, pos, depth, tag, vr, length, value_pos)
                            pos = next_pos
                            continue
                        yield (SEQUENCE, pos, depth, tag, vr, length, value_pos, enc)
                        frame[8] = tag  # the data set goes on after the sequence
                        stack.append(
                            [
                                _ITEMS,
                                next_pos,
                                enc,
                                depth + 1,
                                (path, tag, "SQ"),
                                False,
                                0,
                            ]
                        )
                        pos = value_pos
                        pushed = True
                        break
                    yield (ELEMENT, pos, depth, tag, vr, length, value_pos)
                    pos = next_pos
                    last = tag
                if pushed:
                    continue
                # the data set ends at ``end`` (or at the first element of another group)
                stack.pop()
                if delimited:
                    fault(
                        "missing-item-delimiter",
                        "undefined-length item has no Item Delimitation Item before the end of "
                        "its enclosing value",
                        pos,
                        f"{render(path)} / item delimiter",
                        depth,
                    )
                    yield (ITEM_END_TOKEN, pos, depth, None)
                elif not top:
                    yield (ITEM_END_TOKEN, end, depth, None)
                if top:
                    self.end = pos
            elif kind == _ITEMS:
                _, end, enc, depth, path, delimited, index = frame
                if pos < end:
                    if end - pos < 8:
                        fault(
                            "header-cut-off",
                            f"item header cut off: {end - pos} of 8 bytes remain",
                            pos,
                            f"{render(path)} / item {index} / item header",
                            depth,
                        )
                        pos = end
                        stack.pop()
                        yield (SEQUENCE_END, pos, depth - 1, None)
                        continue
                    group, element, length = enc.item_header.unpack_from(buf, pos)
                    tag = (group << 16) | element
                    if tag == SEQUENCE_DELIMITATION and delimited:
                        if length != 0:
                            self._delimiter_length(tag, pos, length, path, depth - 1)
                        yield (SEQUENCE_END, pos, depth - 1, length)
                        pos += 8
                        stack.pop()
                        continue
                    if (
                        tag != ITEM
                        and delimited
                        and group != 0xFFFE
                        and self._belongs_above(stack, tag)
                    ):
                        fault(
                            "missing-sequence-delimiter",
                            f"{tag_text(tag)} where an item or the Sequence Delimitation Item "
                            "should be: the sequence ended without it",
                            pos,
                            f"{render(path)} / sequence delimiter",
                            depth - 1,
                        )
                        stack.pop()  # tolerant: the element is the enclosing data set's
                        yield (SEQUENCE_END, pos, depth - 1, None)
                        continue
                    if tag in _MARKER_NAMES and tag != ITEM and self.policy.tolerant:
                        # tolerant: a delimiter where an item should start is skipped
                        fault(
                            "stray-delimiter",
                            f"{_MARKER_NAMES[tag]} where an item should start: skipped",
                            pos,
                            f"{render(path)} / item {index} / {tag_text(tag)}",
                            depth,
                        )
                        yield (MARKER, pos, depth, tag, length)
                        pos += 8
                        continue
                    if tag != ITEM:
                        fault(
                            "not-an-item",
                            f"expected an Item (FFFE,E000), found ({group:04X},{element:04X})",
                            pos,
                            f"{render(path)} / item {index} / item header",
                            depth,
                        )
                        pos = end  # tolerant: the rest of the sequence is skipped
                        stack.pop()
                        yield (SEQUENCE_END, pos, depth - 1, None)
                        continue
                    frame[6] = index + 1
                    content = pos + 8
                    if length == UNDEFINED_LENGTH:
                        item_end = end
                        item_enc = self._item_encoding(content, end, enc)
                        yield (ITEM_TOKEN, pos, depth, None, content, item_enc)
                    else:
                        item_end = content + length
                        if item_end > end:
                            fault(
                                "item-overruns-sequence",
                                f"item length {length} runs past the end of its sequence: "
                                f"{end - content} bytes remain",
                                pos,
                                f"{render(path)} / item {index} / item header / length",
                                depth,
                            )
                            item_end = end
                        item_enc = self._item_encoding(content, item_end, enc)
                        yield (ITEM_TOKEN, pos, depth, length, content, item_enc)
                    stack.append(
                        [
                            _DATA_SET,
                            item_end,
                            item_enc,
                            depth,
                            (path, index),
                            length == UNDEFINED_LENGTH,
                            False,
                            None,
                            -1,
                        ]
                    )
                    pos = content
                    continue
                stack.pop()
                if delimited:
                    fault(
                        "missing-sequence-delimiter",
                        "undefined-length sequence has no Sequence Delimitation Item before the "
                        "end of its enclosing value",
                        pos,
                        f"{render(path)} / sequence delimiter",
                        depth - 1,
                    )
                yield (SEQUENCE_END, end if pos >= end else pos, depth - 1, None)
            else:
                pos = yield from self._fragment(stack, frame, pos)
        self.end = pos

    def _fragment(self, stack: list, frame: list, pos: int) -> Generator[tuple, None, int]:
        """One item of an encapsulated value (PS3.5 §A.4), or its Sequence Delimitation Item.

        Each item is stepped over by its length, so delimiter bytes inside a fragment are not
        taken for the end (a byte search is fooled by them)."""
        _, end, enc, depth, path, index, search = frame
        buf = self.buf
        # PS3.5 §A.4: the first item is the Basic Offset Table, the others are fragments
        part = "basic offset table" if index == 0 else f"fragment {index - 1}"
        if end - pos < 8:
            self.fault(
                "missing-sequence-delimiter" if end == pos else "header-cut-off",
                "encapsulated value has no Sequence Delimitation Item before the end of the data"
                if end == pos
                else f"item header cut off: {end - pos} of 8 bytes remain",
                pos,
                f"{render(path)} / {part}",
                depth,
            )
            stack.pop()
            yield (PIXELS_END, end, depth - 1, None)
            return end
        group, element, length = enc.item_header.unpack_from(buf, pos)
        tag = (group << 16) | element
        if tag == SEQUENCE_DELIMITATION:
            if length != 0:
                self._delimiter_length(tag, pos, length, path, depth - 1)
            stack.pop()
            yield (PIXELS_END, pos, depth - 1, length)
            return pos + 8
        if index == 0 and (search or self.search_undefined):
            # pydicom's rule in data_element_generator: an undefined-length value that is not
            # a sequence ends at the first Sequence Delimitation Item found in its bytes
            found = bytes(buf[pos:end]).find(enc.item_header.pack(0xFFFE, 0xE0DD, 0)[:4])
            if search and tag == ITEM:
                # a UN value of items (implicit VR little endian, PS3.5 §6.2.2) ends at its own
                # Sequence Delimitation Item, found by counting the nested ones (pydicom takes
                # the first in its bytes, a nested sequence's when there is one)
                after = self._step_over(pos, end, _IMPLICIT_LE)
                found = -1 if after is None else after - 8 - pos
            if 0 <= found <= end - pos - 8:
                found += pos
                length = enc.item_header.unpack_from(buf, found)[2]
                if length != 0:
                    self._delimiter_length(SEQUENCE_DELIMITATION, found, length, path, depth - 1)
                stack.pop()
                yield (PIXELS_END, found, depth - 1, length)
                return found + 8
            self.fault(
                "missing-sequence-delimiter",
                "undefined-length value has no Sequence Delimitation Item before the end of "
                "the data",
                pos,
                f"{render(path)} / sequence delimiter",
                depth,
            )
            stack.pop()
            yield (PIXELS_END, end, depth - 1, None)
            return end
        if tag != ITEM:
            self.fault(
                "not-an-item",
                f"expected a fragment Item (FFFE,E000), found ({group:04X},{element:04X})",
                pos,
                f"{render(path)} / {part}",
                depth,
            )
            stack.pop()
            if index == 0:
                # tolerant: a value holding no items ends at its Sequence Delimitation Item
                marker = enc.item_header.pack(0xFFFE, 0xE0DD, 0)
                found = find(buf, marker, pos, end)
                if found >= 0:
                    yield (PIXELS_END, found, depth - 1, 0)
                    return found + 8
            yield (PIXELS_END, pos, depth - 1, None)
            return pos
        if length == UNDEFINED_LENGTH or pos + 8 + length > end:
            self.fault(
                "value-cut-off",
                f"fragment length {length} runs past the end of the data: "
                f"{end - pos - 8} bytes remain",
                pos,
                f"{render(path)} / {part} / length",
                depth,
            )
            yield (FRAGMENT, pos, depth, index, length, pos + 8)
            if length != UNDEFINED_LENGTH and self.policy.tolerant:
                self.fault(
                    "missing-sequence-delimiter",
                    "encapsulated value has no Sequence Delimitation Item before the end of "
                    "the data",
                    end,
                    f"{render(path)} / sequence delimiter",
                    depth - 1,
                )
            stack.pop()
            yield (PIXELS_END, end, depth - 1, None)
            return end
        frame[5] = index + 1
        yield (FRAGMENT, pos, depth, index, length, pos + 8)
        return pos + 8 + length

    # -- the rules of PS3.5 that decide what a header opens ----------------------------------
    def _undefined(self, stack, tag, vr, pos, value_pos, end, enc, depth, path) -> tuple:
        """An element of undefined length opens a sequence (SQ; UN, whose content is implicit
        VR little endian by PS3.5 §6.2.2, CP-246; an implicit-VR element the dictionary or its
        first item says is one) or an encapsulated value (PS3.5 §A.4). Returns its token."""
        item_enc = enc
        written = vr
        search = False
        if vr == "UN" and config.settings.infer_sq_for_un_vr:
            vr = "SQ"
            item_enc = _IMPLICIT_LE
        elif vr == "UN" and not config.replace_un_with_known_vr:
            # pydicom's rule with both switches off: UN bytes up to its Sequence Delimitation
            # Item, its items unread
            search = True
        elif vr is None or vr == "UN":
            vr = dictionary_vr(tag) if not (tag >> 16) & 1 else None
            if vr != "SQ" and tag not in PIXEL_TAGS and self._starts_with_item(value_pos, end, enc):
                vr = "SQ"
            if vr == "SQ" and written == "UN":
                item_enc = _IMPLICIT_LE  # PS3.5 §6.2.2: a UN value is implicit VR little endian
            search = written == "UN" and vr != "SQ"
        if vr == "SQ":
            seq_path = (path, tag, "SQ")
            if depth >= MAX_NESTING_DEPTH:
                self.fault(
                    "nesting-too-deep",
                    f"sequences nested more than {MAX_NESTING_DEPTH} deep",
                    pos,
                    seq_path,
                    depth,
                )
                if self.policy.tolerant:
                    # tolerant: stepped over to its end, found by counting, not descended
                    after = self._step_over(value_pos, end, item_enc)
                    if after is None:
                        self.fault(
                            "missing-sequence-delimiter",
                            "undefined-length sequence has no Sequence Delimitation Item "
                            "before the end of its enclosing value",
                            end,
                            f"{render(seq_path)} / sequence delimiter",
                            depth,
                        )
                    self.stepped_to = end if after is None else after
                    return (ELEMENT, pos, depth, tag, written, UNDEFINED_LENGTH, value_pos)
                del stack[:]  # nothing more is walked
                self.end = end
                return (SEQUENCE, pos, depth, tag, written, None, value_pos, item_enc)
            stack.append([_ITEMS, end, item_enc, depth + 1, seq_path, True, 0])
            return (SEQUENCE, pos, depth, tag, written, None, value_pos, item_enc)
        stack.append([_FRAGMENTS, end, enc, depth + 1, (path, tag, vr or ""), 0, search])
        return (PIXELS, pos, depth, tag, vr or written, value_pos)

    def _step_over(self, pos: int, end: int, enc: Encoding) -> int | None:
        """Where the undefined-length value at ``pos`` ends (after its Sequence Delimitation
        Item), found by counting: each undefined length opens a level, each delimiter closes
        one, defined lengths are stepped over (PS3.5 §7.5). No token, path or frame is made,
        so it costs the same at any depth. None when the data ends first."""
        buf, open_levels = self.buf, 1
        vr_names, long_vrs = tables.vr_codes(), tables.long_length_vrs()
        while end - pos >= 8:
            group, element, length = enc.item_header.unpack_from(buf, pos)
            if group == 0xFFFE:
                tag = group << 16 | element
                pos += 8
                if tag in (ITEM_DELIMITATION, SEQUENCE_DELIMITATION):
                    open_levels -= 1
                    if not open_levels:
                        return pos
                elif length == UNDEFINED_LENGTH:
                    open_levels += 1
                else:
                    pos += length
                continue
            value_pos = pos + 8
            if enc.explicit_vr:
                code = bytes(buf[pos + 4 : pos + 6])
                if code in long_vrs:
                    if end - pos < 12:
                        return None
                    length = enc.long_header.unpack_from(buf, pos)[4]
                    value_pos = pos + 12
                elif code in vr_names or looks_like_vr(code):
                    length = enc.u16.unpack_from(buf, pos + 6)[0]
            if length == UNDEFINED_LENGTH:
                open_levels += 1
                pos = value_pos
            else:
                pos = value_pos + length
        return None

    def _is_sequence(self, tag, vr, explicit, value_pos, value_end, enc) -> bool:
        """Whether a defined-length value is a sequence to descend into: SQ, or an implicit-VR
        element the dictionary says is one. As the tree decides (``DataElement``, and pydicom):
        a defined-length value of a tag the dictionary does not know (a private one, whose
        creator the walk cannot know) is UN bytes, even when it starts with an item; only an
        undefined length is guessed from its first tag (``_undefined``)."""
        if vr == "SQ":
            return True
        if explicit and vr is not None:
            return False
        return not (tag >> 16) & 1 and dictionary_vr(tag) == "SQ"

    @staticmethod
    def _belongs_above(stack: list, tag: int) -> bool:
        """Whether ``tag``, which does not ascend in the open undefined-length item, ascends in
        an enclosing data set (PS3.5 §7.1): the item, and its sequence, ended without their
        delimiters and the element is the enclosing data set's."""
        return any(frame[0] == _DATA_SET and frame[8] < tag for frame in stack[:-1])

    def _starts_with_item(self, pos: int, end: int, enc: Encoding) -> bool:
        """Whether the value at ``pos`` starts with an Item tag (a sequence, as pydicom guesses
        for undefined-length elements the dictionary does not know)."""
        if end - pos < 8:
            return False
        group, element, _ = enc.item_header.unpack_from(self.buf, pos)
        return (group << 16 | element) == ITEM

    def _item_encoding(self, pos: int, end: int, enc: Encoding) -> Encoding:
        """An item in an explicit-VR sequence may be written in implicit VR (PS3.5 §6.2.2, as
        pydicom accepts): decided by whether its first element has a VR."""
        if not enc.explicit_vr or end - pos < 8:
            return enc
        group = enc.item_header.unpack_from(self.buf, pos)[0]
        if group == 0xFFFE or self.buf[pos + 4 : pos + 6] in tables.vr_codes():
            return enc
        return encoding(False, enc.little_endian)

    def _odd_vr(self, group, element, vr_code, pos, end, enc, path, depth) -> tuple:
        """(VR, length, value position) of an explicit-VR header whose VR is not one of PS3.5 Table 6.2-1's.

        As pydicom does: bytes that are not two upper-case letters mean the writer switched to
        implicit VR for this element; two letters are an unknown VR with a 16-bit length
        (``sniff.UNKNOWN_VR_RULE`` says why, and what dcmtk does instead)."""
        if group == 0xFFFE:  # items and delimiters have no VR in any encoding (PS3.5 §7.5)
            return None, enc.u32.unpack_from(self.buf, pos + 4)[0], pos + 8
        tag = f"({group:04X},{element:04X})"
        vr_code = bytes(vr_code)
        # config.assume_implicit_vr_switch off: any two bytes are an unknown VR (pydicom)
        if looks_like_vr(vr_code) or not config.assume_implicit_vr_switch:
            self.fault(
                "unknown-vr",
                f"unknown VR {vr_code!r} of {tag} at byte {self.base + pos}: read with a "
                "16-bit length",
                pos,
                f"{render(path)} / {tag}",
                depth,
            )
            return vr_code.decode("latin-1"), enc.u16.unpack_from(self.buf, pos + 6)[0], pos + 8
        self.fault(
            "invalid-vr",
            f"{tag} at byte {self.base + pos} has no valid VR ({vr_code!r}): read as an "
            "implicit VR element",
            pos,
            f"{render(path)} / {tag}",
            depth,
        )
        return None, enc.u32.unpack_from(self.buf, pos + 4)[0], pos + 8

    def _delimiter_length(self, tag: int, pos: int, length: int, path: Any, depth: int) -> None:
        """PS3.5 §7.5.2: a delimitation item has a zero length; read on."""
        name = _MARKER_NAMES[tag]
        self.fault(
            "delimiter-length",
            f"{name.split(' (')[0]} at byte {self.base + pos} has length {length}, not 0 "
            "(PS3.5 §7.5.2)",
            pos,
            f"{render(path)} / {name}",
            depth,
        )


def encapsulated_items(
    buf: Any, pos: int, enc: Encoding, policy: Any = None, base: int = 0, path: Any = "", first=0
) -> Iterator[tuple]:
    """The walk of an encapsulated value on its own (PS3.5 §A.4), from the item at ``pos``:
    its FRAGMENT tokens (index ``first`` for that item: 0 is the Basic Offset Table), then
    PIXELS_END, with every fault handed to ``policy`` as the walk of a whole file hands it
    (``encaps`` reads Pixel Data values with it)."""
    return Walk(buf, policy, base)._run([[_FRAGMENTS, len(buf), enc, 1, path, first, False]], pos)
