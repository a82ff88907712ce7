"""Data elements (PS3.5 §7.1): tag, VR, value; the value stays raw bytes until first asked for.

An element read from a file keeps the bytes it was read from (``raw``) until its value changes.
"""

from __future__ import annotations

import copy
import io
from functools import cache
from typing import Any

from . import config, tables
from .errors import CharsetDecodeError, DicomError, UnknownCharsetError, ValueTypeError
from .fileutil import buffer_equality, buffer_length
from .misc import warn_and_log
from .multival import MultiValue
from .rawelement import RawDataElement  # noqa: F401 - pydicom has it here
from .sequence import Sequence
from .tag import BaseTag, Tag
from .valuerep import (
    ALLOW_BACKSLASH,
    BUFFERABLE_VRS,
    BYTES_VR,
    PersonName,
    _wrong_type,
    assignment_problem,
    validate_value,
)
from .values import (
    LUT_DESCRIPTOR_TAGS,
    convert_assigned_value,
    convert_value,
    empty_value_for_VR,
    whole_values_problem,
)


class _Undecoded:
    """The value of an element not decoded yet: one object, which copies are too."""

    def __copy__(self) -> _Undecoded:
        return self

    def __deepcopy__(self, memo: dict) -> _Undecoded:
        return self

    def __reduce__(self) -> str:
        return "_UNDECODED"

    def __repr__(self) -> str:
        return "<undecoded>"


_UNDECODED = _Undecoded()

# PS3.5 §6.2: the VRs whose values print as a size, not a value, when long (as pydicom prints).
_AMBIGUOUS_VRS = frozenset({"US or SS or OW", "US or SS", "US or OW", "OB or OW"})
_LONG_VALUE_VRS = frozenset({"LT", "UC", "UT", "OB", "OD", "OF", "OL", "OV", "OW", "UN"})
_LONG_VALUE_VRS |= _AMBIGUOUS_VRS
_RESOLVED_VRS = _AMBIGUOUS_VRS | {"UN"}

# The tags the reader has made, shared by the elements that have them (a file with 10,000
# sequence items has 10,000 of each of its item tags): one object fewer per element read
# for the garbage collector to scan. Bounded, since a damaged file may hold any tag.
_READ_TAGS: dict[int, BaseTag] = {}
_READ_TAGS_KEPT = 4096


class DataElement:
    """One data element: ``tag``, ``VR``, ``value``, plus ``VM``, ``keyword`` and ``name``.

    Elements read from a file are created undecoded: ``raw`` holds the value's bytes (``None``
    when deferred) and ``value`` decodes them on first access, with the character set, byte
    order and neighbours (for private creators and ambiguous VRs) of the dataset they came from.
    """

    __slots__ = (
        "tag",
        "_VR",
        "_value",
        "raw",
        "length",
        "value_offset",
        "is_undefined_length",
        "_parent",
        "private_creator",
        "file_VR",
        "_validation_mode",
        "_display",
    )

    # how str() shows an element (pydicom's attributes, settable on the class or on one
    # element)
    _DISPLAY_DEFAULTS = {"descripWidth": 35, "maxBytesToDisplay": 16, "showVR": True}

    def _display_get(name: str):  # noqa: N805 - a property factory, used in the class body
        def get(self: DataElement) -> Any:
            own = getattr(self, "_display", None)
            if own and name in own:
                return own[name]
            return DataElement._DISPLAY_DEFAULTS[name]

        def set_(self: DataElement, value: Any) -> None:
            own = getattr(self, "_display", None)
            if own is None:
                own = self._display = {}
            own[name] = value

        return property(get, set_)

    descripWidth = _display_get("descripWidth")  # noqa: N815 - pydicom's names
    maxBytesToDisplay = _display_get("maxBytesToDisplay")  # noqa: N815
    showVR = _display_get("showVR")  # noqa: N815
    del _display_get

    @property
    def is_buffered(self) -> bool:
        """Whether the value is a file-like (an ``io.BufferedIOBase``), read in chunks when
        compared or written, as pydicom 3's buffered values of the O* VRs."""
        return isinstance(self._value, io.BufferedIOBase)

    def _buffer_fault(self, exc: Exception) -> Exception:
        """The error a buffered value that cannot be read raises, naming the element."""
        message = f"Invalid buffer for {self.tag} '{self.name}': {exc}"
        return DicomError(message) if isinstance(exc, ValueError) else type(exc)(message)

    def __init__(
        self,
        tag: Any,
        VR: str,  # noqa: N803 - pydicom's name
        value: Any,
        file_value_tell: int | None = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
        validation_mode: int | None = None,
    ):
        self.tag = tag = tag if isinstance(tag, BaseTag) else Tag(tag)
        un_bytes = False
        if VR == "UN" and not tag.is_private and config.replace_un_with_known_vr:
            # PS3.5 §6.2.2: a known tag is UN only when its value is too long for a 16-bit
            # length; otherwise the dictionary's VR (as pydicom)
            if is_undefined_length or value is None or len(value) < 0xFFFF:
                entry = tables.standard_entry(tag)
                if entry is not None and entry.VR != "SQ":
                    un_bytes = isinstance(value, bytes) and bool(value) and not already_converted
                    VR = entry.VR  # noqa: N806
        self._VR = VR
        self._validation_mode = validation_mode
        self.raw = None
        self.length = None
        self.value_offset: Any = file_value_tell
        self.is_undefined_length = is_undefined_length
        self._parent = None
        self.private_creator = None
        self.file_VR = None
        self._value = _UNDECODED
        if un_bytes:
            # UN bytes are the value encoded in its real VR (PS3.5 §6.2.2): kept undecoded, and
            # decoded when first asked for with the dataset's character set and byte order
            self.raw = value
            self.length = len(value)
        elif already_converted:
            self._value = value
        else:
            self.value = value

    @classmethod
    def from_raw(
        cls,
        tag: int,
        VR: str | None,  # noqa: N803
        raw: bytes | None,
        length: int,
        value_offset: int,
        is_undefined_length: bool,
        parent: Any,
    ) -> DataElement:
        """An undecoded element as the reader makes it (``VR`` None: look it up later)."""
        elem = cls.__new__(cls)
        shared = _READ_TAGS.get(tag)
        if shared is None:
            if len(_READ_TAGS) >= _READ_TAGS_KEPT:
                _READ_TAGS.clear()
            shared = _READ_TAGS[tag] = BaseTag(tag)
        elem.tag = shared
        elem._VR = VR
        elem._value = _UNDECODED
        elem.raw = raw
        elem.length = length
        elem.value_offset = value_offset
        elem.is_undefined_length = is_undefined_length
        elem._parent = parent
        elem.private_creator = None
        elem.file_VR = VR
        return elem

    # -- VR --------------------------------------------------------------------------------
    @property
    def VR(self) -> str:  # noqa: N802 - pydicom's name
        vr = self._VR
        if vr is None or vr in _RESOLVED_VRS:
            vr = self._VR = self._resolve_vr(vr)
        return vr

    @VR.setter
    def VR(self, vr: str) -> None:  # noqa: N802
        if self._value is _UNDECODED and self.raw is not None and self.VR not in BYTES_VR:
            # the numbers or text read stay the value, relabelled (pydicom has decoded an
            # element by the time it can be relabelled: LUT Data read as US, then called OW);
            # bytes stay undecoded, to be decoded with the new VR
            self.value  # noqa: B018
        self._VR = vr
        if self.file_VR is not None:
            self.file_VR = vr

    def _resolve_vr(self, vr: str | None) -> str:
        """Implicit VR: the dictionary's VR (PS3.5 §7.1.3); ambiguous VRs from the dataset."""
        tag = self.tag
        if vr is None:
            vr = _dictionary_vr(tag, self._creator())
            if vr == "UN" and not tag.is_private:
                # no dictionary knows the tag of an implicit VR element: pydicom's warning
                # when it converts the element (PS3.5 §6.2.2: UN stands for an unknown VR)
                warn_and_log(
                    f"VR lookup failed for the raw element with tag {tag} - setting VR to 'UN'"
                )
        elif (
            vr == "UN"
            and self.file_VR == "UN"
            and config.replace_un_with_known_vr
            and (self.raw is None or len(self.raw) < 0xFFFF or tag.is_private)
        ):
            # An explicit UN of a known tag takes the dictionary's VR, as pydicom does
            # (PS3.5 §6.2.2: UN only stands in for a VR the writer did not know). ``file_VR``
            # keeps the UN the file says, for writing back as read.
            vr = _dictionary_vr(tag, self._creator())
        if vr in _AMBIGUOUS_VRS and self._parent is not None and self.value_offset is not None:
            # an element read takes its VR from the data set when first asked, as pydicom's
            # reader corrects it; one made in code keeps the ambiguous VR it was given until
            # it is written (filewriter resolves it then, from the nearest data set that says)
            from .ambiguous import resolve_ambiguous_vr

            parent = self._parent
            vr = resolve_ambiguous_vr(
                tag,
                vr,
                parent._lookup_for_vr,
                implicit_vr=parent._implicit_vr,
                undefined_length=self.is_undefined_length,
            )
        return vr

    def _written_vr(self) -> str:
        """The VR, an ambiguous one as it would be written in its data set now: an element
        made in code keeps 'US or SS' until written, and equals one read as US where it would
        be written US."""
        vr = self.VR
        parent = self._parent
        if vr in _AMBIGUOUS_VRS and parent is not None:
            from .ambiguous import resolve_ambiguous_vr

            vr = resolve_ambiguous_vr(
                self.tag,
                vr,
                parent._lookup_for_vr,
                implicit_vr=parent._implicit_vr,
                undefined_length=self.is_undefined_length,
            )
        return vr

    def _creator(self) -> str | None:
        tag = self.tag
        # PS3.5 §7.8.1: (gggg,xxee) with xx in 10-FF belongs to the block of (gggg,00xx).
        if self.private_creator is None and self._parent is not None and tag.element >> 8:
            if tag.is_private:
                self.private_creator = self._parent._private_creator_of(self.tag)
        return self.private_creator

    # -- value -----------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        value = self._value
        if value is _UNDECODED:
            try:
                value = self._value = self._decode()
            except DicomError as exc:
                if type(exc) is not DicomError or exc.offset is not None:
                    raise
                # strict reading (config.settings.reading_validation_mode RAISE) of a value
                # that breaks its VR's rules: say which element, and where it is in the file
                raise DicomError(
                    f"{self.tag} {self.name or 'element'} ({self.VR}): {exc.message}",
                    self.value_offset,
                    exc.path,
                ) from None
        return value

    @value.setter
    def value(self, value: Any) -> None:
        # Issue 15: a Python type the VR cannot hold is a ValueTypeError (a TypeError), a number
        # outside its range a DicomError, each naming the element, whatever the validation
        # mode; text breaking the VR's rules is validated as ``validation_mode`` says.
        vr = self.VR
        mode = self.validation_mode
        if vr not in ALLOW_BACKSLASH and isinstance(value, (str, bytes)):
            # PS3.5 §6.4: a backslash separates values (as pydicom splits them)
            if (b"\\" if isinstance(value, bytes) else "\\") in value:
                value = value.split(b"\\" if isinstance(value, bytes) else "\\")
        if isinstance(value, io.BufferedIOBase):
            # pydicom 3's buffered O* values: kept as the file-like, read when written
            self._check_assignable(vr, value)
            self._value = value
            self.raw = None
            return
        old = self._value
        if (
            self.raw is not None
            and old is not _UNDECODED
            and vr != "SQ"
            and not getattr(old, "_edited", False)
            and _text(value) == _text(old)
        ):
            # the value read, assigned back (issue 15): keep it and the bytes it was read from
            self._check_assignable(vr, value)
            try:
                validate_value(vr, value, mode)
            except DicomError as exc:
                raise self._named(DicomError, vr, exc.message) from None
            return
        charset = self.tag == 0x00080005 and self._parent is not None
        if charset:
            self._parent._charset_changing()  # the set read: original_character_set, raw text
        self._value = self._assigned(vr, value, mode)
        self.raw = None  # the element no longer holds the bytes it was read from
        if charset:
            self._parent._charset_changed()  # text is now decoded/encoded with the new terms

    @property
    def validation_mode(self) -> int:
        """How values assigned to this element are validated (IGNORE, WARN, RAISE): as given
        to the constructor, else ``config.settings.reading_validation_mode``, as pydicom."""
        mode = getattr(self, "_validation_mode", None)
        return config.settings.reading_validation_mode if mode is None else mode

    @validation_mode.setter
    def validation_mode(self, mode: int | None) -> None:
        self._validation_mode = mode

    def _assigned(self, vr: str, value: Any, mode: int) -> Any:
        """``value`` converted for this element (values.convert_assigned_value), after the
        checks of ``valuerep.assignment_problem``; errors name the element."""
        self._check_assignable(vr, value)
        try:
            if vr == "SQ":  # the tree's own type: values, a layer below, knows no Sequence
                return value if isinstance(value, Sequence) else Sequence(value or ())
            return convert_assigned_value(vr, value, self.tag, mode)
        except TypeError as exc:  # e.g. a Sequence item that is not a Dataset
            raise self._named(ValueTypeError, vr, str(exc)) from None
        except (CharsetDecodeError, UnknownCharsetError):
            raise  # strict reading: pydicom's UnicodeDecodeError / LookupError, kept as they are
        except (ValueError, OverflowError) as exc:  # e.g. IS('abc'): the element keeps its value
            what = exc.message if isinstance(exc, DicomError) else str(exc)
            raise self._named(DicomError, vr, what) from None

    def _check_assignable(self, vr: str, value: Any) -> None:
        if vr == "SQ":
            if value is not None and not hasattr(value, "__iter__"):
                raise self._named(ValueTypeError, vr, _wrong_type(vr, value))
            return
        if isinstance(value, io.BufferedIOBase):  # pydicom 3's buffered values
            if vr not in BUFFERABLE_VRS:
                supported = ", ".join(sorted(v for v in BUFFERABLE_VRS if " " not in v))
                raise self._named(
                    ValueTypeError,
                    vr,
                    f"Elements with a VR of '{vr}' cannot be used with buffered values, "
                    f"supported VRs are: {supported}",
                )
            problem = "the buffer has been closed" if value.closed else None
            if problem is None and not (value.readable() and value.seekable()):
                problem = "the buffer must be readable and seekable"
            if problem:
                raise DicomError(f"Invalid buffer for {self.tag} '{self.name}': {problem}")
            return
        if self.tag == 0x7FE00010 and type(value).__name__ == "ndarray":
            raise self._named(
                ValueTypeError,
                vr,
                "The value for (7FE0,0010) 'Pixel Data' should be set using 'bytes' not "
                "'numpy.ndarray'. See the Dataset.set_pixel_data() method for an alternative "
                "that supports ndarrays.",
            )
        items = value if isinstance(value, (list, tuple, MultiValue)) else (value,)
        if vr == "AT" and isinstance(value, tuple) and len(value) == 2:
            items = (value,)  # one tag as (group, element)
        several = len(items) > 1
        # PS3.3 C.11.1.1.1: a LUT Descriptor's first value (the number of entries) is US
        # whatever the VR of the others (US or SS), as pydicom checks it
        first_vr = "US" if several and self.tag in LUT_DESCRIPTOR_TAGS else vr
        for index, item in enumerate(items):
            if several and item == "" and vr == "AT":  # one of several tags, and no tag
                message = f"{item!r} cannot be one of several values of a tag with VR {vr}."
                raise self._named(DicomError, vr, message)
            problem = assignment_problem(first_vr if index == 0 else vr, item)
            if problem is not None:
                error, message = problem
                raise self._named(error, vr, message)

    def _named(self, error: type[DicomError], vr: str, message: str) -> DicomError:
        """``error`` with ``message``, naming this element's tag, keyword and VR."""
        keyword = self.keyword
        named = f"{self.tag} {self.name or 'element'} ({vr})"
        return error(f"{named}, keyword {keyword}: {message}" if keyword else f"{named}: {message}")

    def fault(self, vr: str, exc: ValueError, path: str | None = None) -> DicomError:
        """A DicomError that names this element and its VR, saying what ``exc`` says."""
        what = exc.message if isinstance(exc, DicomError) else str(exc)
        return DicomError(f"{self.tag} {self.name or 'element'} ({vr}): {what}", None, path)

    def _decode(self) -> Any:
        parent = self._parent
        raw = self.raw
        if raw is None and parent is not None and self.length:
            raw = parent._read_deferred(self)
        vr = self.VR
        if vr == "SQ":
            # upcall: a defined-length SQ value is parsed when first asked for (pydicom's laziness)
            from .filereader import read_sequence_value

            return read_sequence_value(self, raw)
        if vr not in _known_vrs():
            # A VR not in PS3.5 Table 6.2-1 (read as the file says, with a warning): its value
            # is kept as bytes, as for UN.
            return bytes(raw or b"")
        if parent is None:
            return convert_value(vr, raw or b"", True, None, tag=self.tag)
        # Only the VRs of PS3.5 §6.1.2.3 are decoded with the Specific Character Set.
        encodings = parent._raw_character_set if vr in _charset_vrs() else None
        return convert_value(vr, raw or b"", parent._little_endian, encodings, tag=self.tag)

    @property
    def validate(self, value: Any) -> None:
        """Check ``value`` against the element's VR (PS3.5 §6.2), as ``validation_mode`` says:
        warn, raise, or nothing (pydicom's ``DataElement.validate``)."""
        from .valuerep import _report

        _report(self.VR, value, self.validation_mode)

    @property
    def file_tell(self) -> int | None:
        """Where the value starts in the file read (pydicom's name for ``value_offset``)."""
        return self.value_offset

    @file_tell.setter
    def file_tell(self, offset: int | None) -> None:
        self.value_offset = offset

    @property
    def empty_value(self) -> Any:
        """The value an empty element of this VR has (see ``values.empty_value_for_VR``)."""
        return empty_value_for_VR(self.VR)

    def clear(self) -> None:
        """Make the value empty (``empty_value``)."""
        self._value = self.empty_value
        self.raw = None

    # -- the DICOM JSON model (PS3.18 §F.2), in jsonrep.py -----------------------------------
    def to_json_dict(
        self, bulk_data_element_handler: Any, bulk_data_threshold: int
    ) -> dict[str, Any]:
        """This element as a DICOM JSON attribute object (PS3.18 §F.2.2)."""
        # upcall: pydicom's DataElement.to_json_dict
        from .jsonrep import element_to_json_dict

        return element_to_json_dict(self, bulk_data_threshold, bulk_data_element_handler)

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Any = None,
        dump_handler: Any = None,
    ) -> str:
        """This element as DICOM JSON text (``json.dumps`` with sorted keys by default)."""
        import json

        json_dict = self.to_json_dict(bulk_data_element_handler, bulk_data_threshold)
        if dump_handler is None:
            return json.dumps(json_dict, sort_keys=True)
        return dump_handler(json_dict)

    @classmethod
    def from_json(
        cls,
        dataset_class: type,
        tag: str,
        vr: str,
        value: Any,
        value_key: str | None,
        bulk_data_uri_handler: Any = None,
    ) -> DataElement:
        """An element from the parts of a DICOM JSON attribute object (PS3.18 §F.2.2):
        ``value`` is what ``value_key`` ("Value", "InlineBinary" or "BulkDataURI") holds."""
        # upcall: pydicom's DataElement.from_json
        from .jsonrep import element_from_json

        return element_from_json(dataset_class, tag, vr, value, value_key, bulk_data_uri_handler)

    @property
    def is_raw(self) -> bool:
        """Whether the element holds only the bytes it was read from (its value not decoded
        yet): what pydicom's ``RawDataElement`` is."""
        return self._value is _UNDECODED

    @property
    def is_deferred(self) -> bool:
        """Whether the value was left in the file (``defer_size``) and not yet read."""
        return self._value is _UNDECODED and self.raw is None and bool(self.length)

    @property
    def encapsulated(self):
        """A structured view of an encapsulated value (PS3.5 §A.4): ``offset_table``,
        ``fragments`` and ``frames()`` (see ``encaps.EncapsulatedPixelData``); None for a value
        that is not encapsulated."""
        if not self.is_undefined_length or self.VR == "SQ":
            return None
        # upcall: DataElement.encapsulated (PS3.5 §A.4 items, parsed by encaps)
        from .encaps import read_encapsulated

        little = self._parent._little_endian if self._parent is not None else True
        path = f"{self.tag} {self.name}"
        # the items are in the bytes read, whatever the VR says they decode to (a Pixel Data
        # written with VR SV decodes to numbers); an edited value has no bytes read
        value = self.raw if self.raw is not None else self.value
        if value is None:
            value = b""  # closed at once: no items
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise DicomError(
                f"{self.tag} {self.name} ({self.VR}): an encapsulated value is bytes, not "
                f"{type(value).__name__}",
                self.value_offset,
                path,
            )
        # an edited value has no place in a file: offsets then count in the value
        base = (self.value_offset or 0) if self.raw is not None else 0
        return read_encapsulated(value, little, path=path, base=base)

    @property
    def is_empty(self) -> bool:
        if self.VR == "SQ":
            return not self.value
        return self.VM == 0

    @property
    def VM(self) -> int:  # noqa: N802 - pydicom's name
        if self.VR == "SQ":
            return 1
        value = self.value
        if value is None:
            return 0
        if isinstance(value, (str, bytes)):
            return 1 if value else 0
        if isinstance(value, io.BufferedIOBase):
            try:
                return 1 if buffer_length(value) else 0
            except (ValueError, TypeError, OSError) as exc:
                raise self._buffer_fault(exc) from None
        if hasattr(value, "original_string") or not hasattr(value, "__iter__"):
            return 1 if str(value) or not isinstance(value, PersonName) else 0
        try:
            return len(value)
        except TypeError:
            return 1

    # -- dictionary facts --------------------------------------------------------------------
    @property
    def keyword(self) -> str:
        # Repeating-group elements (60xx,3000) have no keyword that names this one tag.
        entry = None if self.tag.is_private else tables.standard_entry(self.tag)
        if entry is None or tables.keyword_to_tag(entry.keyword) != self.tag:
            return ""
        return entry.keyword

    @property
    def name(self) -> str:
        tag = self.tag
        if tag.is_private:
            creator = self._creator()
            if creator:
                entry = tables.private_entry(tag, creator)
                if entry is not None:
                    return f"[{entry.name}]"
            elif tag.element >> 8 == 0:
                return "Private Creator"
            return "Private tag data"
        entry = tables.standard_entry(tag)
        if entry is not None:
            return entry.name
        if tag.element == 0:
            return "Group Length"
        return ""

    @property
    def is_private(self) -> bool:
        return self.tag.is_private

    @property
    def is_retired(self) -> bool:
        entry = None if self.tag.is_private else tables.standard_entry(self.tag)
        return bool(entry and entry.retired)

    # -- printing (pydicom's format) ---------------------------------------------------------
    @property
    def repval(self) -> str:
        value = self.value
        if isinstance(value, io.BufferedIOBase):
            return repr(value)  # not read: printing consumes nothing of the buffer
        vr = self.VR
        if vr in _LONG_VALUE_VRS:
            try:
                length = len(value)
            except TypeError:
                pass
            else:
                if length > self.maxBytesToDisplay:
                    return f"Array of {length} elements"
        vm = self.VM
        if vm > self.maxBytesToDisplay:
            return f"Array of {vm} elements"
        from .uid import UID

        if isinstance(value, UID):
            return value.name
        return repr(value)

    def __str__(self) -> str:
        value = self.repval or ""
        name = f"{self.name[: self.descripWidth]:<{self.descripWidth}}"
        if self.showVR:
            return f"{self.tag} {name} {self.VR}: {value}"
        return f"{self.tag} {name} {value}"

    __repr__ = __str__

    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if not isinstance(other, DataElement):
            return NotImplemented
        if self.tag != other.tag:
            return False
        if self.VR != other.VR and self._written_vr() != other._written_vr():
            return False
        if not self.is_buffered and not other.is_buffered:
            return self.value == other.value
        # a buffered value is compared chunk by chunk, never read into memory whole
        buffered, plain = (self, other) if self.is_buffered else (other, self)
        try:
            return buffer_equality(buffered.value, plain.value)
        except (ValueError, TypeError, OSError) as exc:
            raise self._buffer_fault(exc) from None

    def __deepcopy__(self, memo: dict) -> DataElement:
        value = self._value
        if isinstance(value, io.BufferedIOBase):
            # copied first (so the copy below finds it in ``memo``), to name the element if
            # the buffer cannot be copied (closed, or a file)
            try:
                copy.deepcopy(value, memo)
            except Exception as exc:
                message = f"Error deepcopying the buffered element {self.tag} '{self.name}': {exc}"
                raise (
                    DicomError(message) if isinstance(exc, ValueError) else type(exc)(message)
                ) from None
        cls = self.__class__
        result = cls.__new__(cls)
        memo[id(self)] = result
        for name in _slot_names(cls):
            if hasattr(self, name):
                setattr(result, name, copy.deepcopy(getattr(self, name), memo))
        own = getattr(self, "__dict__", None)
        if own:
            result.__dict__.update(copy.deepcopy(own, memo))
        return result

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, key: int) -> Any:
        try:
            return self.value[key]
        except TypeError:
            raise TypeError("DataElement value is unscriptable (not a Sequence)") from None


@cache
def _slot_names(cls: type) -> tuple[str, ...]:
    """The instance attributes ``cls`` and its bases keep in slots."""
    names: list[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and name not in names:
                names.append(name)
    return tuple(names)


@cache
def _known_vrs() -> frozenset[str]:
    return frozenset(tables.vr_table())


@cache
def _charset_vrs() -> frozenset[str]:
    return frozenset(name for name, info in tables.vr_table().items() if info.uses_charset)


def _dictionary_vr(tag: BaseTag, creator: str | None) -> str:
    """The VR an implicit-VR element takes from the dictionaries (PS3.5 §6.2.2, §7.8)."""
    if tag.is_private:
        if tag.is_private_creator:
            return "LO"  # PS3.5 §7.8.1: Private Creator Data Elements are LO
        if creator and tag.element & 0xFF00:
            entry = tables.private_entry(tag, creator)
            if entry is not None:
                return entry.VR
        return "UN"
    entry = tables.standard_entry(tag)
    if entry is not None:
        return entry.VR
    if tag.element == 0:
        return "UL"  # group length (PS3.5 §7.2)
    return "UN"


def dictionary_vr_for_reading(tag: int) -> str | None:
    """The dictionary VR of a standard tag, for the reader's sequence detection."""
    entry = tables.standard_entry(tag)
    return entry.VR if entry is not None else None


def _text(value: Any) -> Any:
    """What a value writes as, to compare an assigned value with the one read: its text (DS
    and IS keep theirs), a tuple of them for several values, bytes as they are."""
    if isinstance(value, (list, tuple, MultiValue)):
        return tuple(_text(item) for item in value)
    if value is None or isinstance(value, (bytes, bytearray, memoryview)):
        return None if value is None else bytes(value)
    return (type(value) is bool, str(value))


def element_from_raw(raw: RawDataElement, parent: Any) -> DataElement:
    """An undecoded :class:`DataElement` holding ``raw``'s bytes, decoded on first access
    with ``parent``'s context (character set, byte order, private creators)."""
    value = raw.value
    if isinstance(value, str):
        value = value.encode("latin-1")
    undefined = raw.length == 0xFFFFFFFF
    if value is None and (parent is None or parent._source is None):
        value = b""  # nothing to read it from: empty, as pydicom converts a value of None
    length = len(value) if value is not None else raw.length
    return DataElement.from_raw(
        Tag(raw.tag), raw.VR, value, length, raw.value_tell, undefined, parent
    )


def convert_raw_data_element(
    raw: RawDataElement,
    *,
    encoding: str | list[str] | None = None,
    ds: Any = None,
) -> DataElement:
    """A :class:`DataElement` with the decoded value of ``raw`` (pydicom 3's function).

    The VR of an implicit element comes from the dictionaries (PS3.5 §7.1.3; a private one
    from its creator in ``ds``), an explicit UN of a known tag takes the dictionary's VR, an
    ambiguous VR is resolved from ``ds`` (PS3.5 Annex A), and text is decoded with
    ``encoding`` (Python codecs or Specific Character Set terms), else ``ds``'s character set.

    ``config.data_element_callback`` is applied to ``raw`` first; callbacks registered with
    ``hooks.register_callback`` (or keyword arguments with ``hooks.register_kwargs``) then
    give the VR and the value, as pydicom 3's hooks do.
    """
    from . import hooks as _hooks
    from .dataset import Dataset

    if config.data_element_callback:
        raw = config.data_element_callback(raw, **config.data_element_callback_kwargs)
    hooks = _hooks.hooks
    decoded = raw.value is not None and not isinstance(
        raw.value, (bytes, bytearray, memoryview, str)
    )
    if (
        decoded
        or hooks.raw_element_vr is not _hooks.raw_element_vr
        or hooks.raw_element_value is not _hooks.raw_element_value
        or hooks.raw_element_kwargs
    ):
        data: dict[str, Any] = {}
        kwargs = hooks.raw_element_kwargs
        hooks.raw_element_vr(raw, data, encoding=encoding, ds=ds, **kwargs)
        if decoded:
            # a value that is no bytes (a list of numbers...) is already decoded: kept as it
            # is, as pydicom's converters of ambiguous VRs pass it through
            data["value"] = raw.value
        else:
            hooks.raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
        undefined = raw.length == 0xFFFFFFFF
        elem = DataElement(
            raw.tag, data["VR"], data["value"], raw.value_tell, undefined, already_converted=True
        )
        elem._parent = ds
        return elem

    context = Dataset()
    if ds is not None:
        object.__setattr__(context, "_dict", ds._dict)
        for name in ("_parent", "_source", "_depth", "_path", "_where"):
            object.__setattr__(context, name, getattr(ds, name))
    object.__setattr__(context, "_little_endian", bool(raw.is_little_endian))
    object.__setattr__(context, "_implicit_vr", bool(raw.is_implicit_VR))
    if encoding is not None:
        from .charset import convert_encodings

        object.__setattr__(context, "_encodings", convert_encodings(encoding))
    elif ds is not None:
        object.__setattr__(context, "_encodings", ds._character_set)
    elem = element_from_raw(raw, context)
    vr = elem.VR  # resolved while the context is there
    _check_raw(raw, elem, vr)
    value = elem.value
    if elem.VR == "SQ":
        for item in value:
            object.__setattr__(item, "_parent", ds)
    elem._parent = ds
    if ds is None or ds.original_encoding != (context._implicit_vr, context._little_endian):
        # the bytes are in another encoding than the dataset's: the value is what is kept
        elem.raw = None
        elem.file_VR = None
    return elem


def _check_raw(raw: RawDataElement, elem: DataElement, vr: str) -> None:
    """pydicom's checks on converting a raw element: a VR the dictionaries do not know for an
    implicit element (KeyError when reading validation raises, else UN with a warning), a VR
    PS3.5 does not define, a binary value that is not whole values (PS3.5 Table 6.2-1)."""
    import warnings

    from .errors import BytesLengthException
    from .values import UnknownVRError

    if raw.VR is None and vr == "UN" and not elem.tag.is_private:
        message = f"VR lookup failed for the raw element with tag {elem.tag}"
        if config.settings.reading_validation_mode == config.RAISE:
            raise KeyError(message)
        warnings.warn(f"{message} - setting VR to 'UN'", UserWarning, stacklevel=3)
        return
    if vr not in tables.vr_table():
        raise UnknownVRError(f"Unknown Value Representation '{vr}' in tag {elem.tag}")
    problem = whole_values_problem(vr, elem.raw) if elem.raw else None
    if problem is not None:
        message = (
            f"{problem} This occurred while trying to parse {elem.tag} according to VR '{vr}'."
        )
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(message)
        warnings.warn(f"{message} Setting VR to 'UN'.", UserWarning, stacklevel=3)
        elem._VR = elem.file_VR = "UN"


def _DataElement_from_raw(  # noqa: N802 - pydicom's name
    raw_data_element: RawDataElement,
    encoding: str | list[str] | None = None,
    dataset: Any = None,
) -> DataElement:
    """Deprecated in pydicom 3: :func:`convert_raw_data_element`."""
    import warnings

    warnings.warn(
        "'pydicom.dataelem.DataElement_from_raw' is deprecated and will be removed in v4.0, "
        "please use 'pydicom.dataelem.convert_raw_data_element' instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return convert_raw_data_element(raw_data_element, encoding=encoding, ds=dataset)


_DEPRECATED = {"DataElement_from_raw": _DataElement_from_raw}


def __getattr__(name: str) -> Any:
    """pydicom 3's deprecated names (PEP 562), gone with ``config._use_future`` as in
    pydicom 4."""
    if name in _DEPRECATED and not config._use_future:
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
