"""Datasets (PS3.5 §7): an editable tree of data elements, with pydicom's access patterns.

``Dataset`` holds elements by tag; ``FileDataset`` adds what PS3.10 §7.1 puts around them.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import os
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from . import tables
from .dataelem import DataElement, RawDataElement, convert_raw_data_element, element_from_raw
from .errors import DicomError, TruncatedDataError
from .provenance import ReadProvenance
from .tag import BaseTag, Tag, tag_in_exception

# no Specific Character Set: the default repertoire (PS3.5 §6.1.2.1), by its codec
_DEFAULT_ENCODING = "iso8859"
# The pixel data elements (PS3.3 C.7.6.3): deleting one drops the array decoded from it.
_PIXEL_TAGS = frozenset({0x7FE00008, 0x7FE00009, 0x7FE00010})
# pydicom's test for a name meant as a keyword: letters and digits, upper and lower case mixed
# (no underscore); setting such a name that is no keyword warns (config.INVALID_KEYWORD_BEHAVIOR).
_CAMEL_CASE = re.compile(
    "(?P<start>(^[A-Za-z])((?=.+?[A-Z])[A-Za-z0-9]+)|(^[A-Z])([A-Za-z0-9]+))"
    "(?P<last>[A-Za-z0-9][^_]$)"
)


@contextlib.contextmanager
def _tag_in_exception(tag: BaseTag) -> Iterator[None]:
    """pydicom's ``tag_in_exception`` for errors of Python code (a callback, a ``repr``); a
    DicomError already names its element, offset and path, and passes unchanged."""
    try:
        yield
    except DicomError:
        raise
    except Exception:
        with tag_in_exception(tag):
            raise


def _invalid_key(key: Any) -> None:
    """What ``config.INVALID_KEY_BEHAVIOR`` says to do with a key that is not a tag."""
    from . import config

    message = (
        f"Invalid value '{key}' used with the 'in' operator: must be an element tag as a "
        "2-tuple or int, or an element keyword"
    )
    try:
        Tag(key)
        overflow = False
    except OverflowError:
        overflow = True
    except Exception:
        overflow = False
    if overflow:
        message = (
            "Invalid element tag value used with the 'in' operator: tags have a maximum "
            "value of (0xFFFF, 0xFFFF)"
        )
    if config.INVALID_KEY_BEHAVIOR == "WARN":
        warnings.warn(message, UserWarning, stacklevel=3)
    elif config.INVALID_KEY_BEHAVIOR == "RAISE":
        raise ValueError(message)


def _as_tag(key: Any) -> BaseTag | None:
    """A tag from an int, a (group, element) pair or list, or a keyword; None if not one."""
    if isinstance(key, int):
        return key if isinstance(key, BaseTag) else BaseTag(key)
    try:
        return Tag(key)
    except (ValueError, TypeError, OverflowError):
        return None


class Dataset:
    """Data elements keyed by tag, accessible by tag, keyword and attribute (as pydicom's)."""

    indent_chars = "   "

    # Defaults every dataset starts with, as class attributes: an instance holds only what
    # differs (the reader makes one dataset per sequence item, so this is per-item cost).
    _parent: Any = None
    _little_endian = True
    _implicit_vr = False
    _source: Any = None  # where deferred values are read from
    _encodings: Any = None
    # what writing like the original reproduces of how the data set was read (duplicates,
    # group spans, order, delimiter lengths...): one record, filled by the reader
    _provenance: ReadProvenance | None = None
    is_undefined_length_sequence_item = False
    offset: int | None = None
    # where this dataset sits, for error messages: nesting depth, schema path, and whether
    # its bytes are offsets in an inflated (deflated) data set
    _depth = 0
    _path = "dataset"
    _where = ""
    # set_original_encoding's (implicit VR, little endian), the character set read, and the
    # encoding the deprecated is_implicit_VR / is_little_endian attributes ask to write in
    _original: tuple | None = None
    _read_charset: Any = None
    _write_implicit_vr: bool | None = None
    _write_little_endian: bool | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        object.__setattr__(self, "_dict", {})
        if args and args[0] is not None:
            (elements,) = args
            items = elements.values() if isinstance(elements, dict) else elements
            for elem in items:
                self.add(elem)
        for keyword, value in kwargs.items():
            setattr(self, keyword, value)

    # -- attributes by keyword -------------------------------------------------------------
    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        """The dataset as a 0-d object array, so that ``numpy.array([ds])`` holds datasets
        (without it numpy would take a dataset for a sequence of its elements). numpy calls
        this, so numpy is already imported."""
        import numpy

        arr = numpy.empty((), dtype=object)
        arr[()] = self
        return arr

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        tag = tables.keyword_to_tag(name)
        if tag is not None:
            elem = self._dict.get(tag)
            if elem is not None:
                return self._element(tag, elem).value
        # as pydicom: the class attribute getter again, so that an AttributeError raised
        # inside a property (which sent Python here) is the one seen, not "no attribute 'bar'"
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        tag = tables.keyword_to_tag(name) if name[:1].isupper() else None
        if tag is None:
            if name == "file_meta":
                self._set_file_meta(value)
                return
            # (a name without capitals is no camel case: the pattern needs one)
            if not name.islower() and _CAMEL_CASE.match(name) and not hasattr(type(self), name):
                from . import config
                from .datadict import repeater_has_keyword

                if repeater_has_keyword(name):
                    raise ValueError(
                        f"'{name}' is a DICOM repeating group element and must be added "
                        "using the add() or add_new() methods."
                    )
                message = (
                    f"Camel case attribute '{name}' used which is not in the element keyword "
                    "data dictionary"
                )
                if config.INVALID_KEYWORD_BEHAVIOR == "WARN":
                    warnings.warn(message, stacklevel=2)
                elif config.INVALID_KEYWORD_BEHAVIOR == "RAISE":
                    raise ValueError(message)
            object.__setattr__(self, name, value)
            return
        elem = self._dict.get(tag)
        if elem is None:
            vr = tables.standard_entry(tag).VR
            self[tag] = DataElement(tag, vr, value)
        else:
            elem.value = value

    def __delattr__(self, name: str) -> None:
        tag = tables.keyword_to_tag(name) if name[:1].isupper() else None
        if tag is not None and tag in self._dict:
            del self[tag]
        else:
            object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.dir()))

    def dir(self, *filters: str) -> list[str]:
        """Keywords of the elements in this dataset, optionally containing a filter string."""
        words = [e.keyword for e in self if e.keyword]
        if filters:
            words = [w for w in words if any(f.lower() in w.lower() for f in filters)]
        return sorted(words)

    # -- mapping by tag ----------------------------------------------------------------------
    def _element(self, tag: int, elem: DataElement) -> DataElement:
        """An element as handed out: a private one knows its creator (as in pydicom)."""
        if elem.__class__ is RawDataElement:  # put in ``_dict`` directly, as pydicom allows
            elem = self._dict[tag] = self._from_raw(elem)
            elem._parent = self
        if elem.private_creator is None and elem.tag.is_private:
            elem._creator()
        return elem

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return self._dataset_slice(key)
        tag = _as_tag(key)
        if tag is None:
            raise KeyError(key)
        return self._element(tag, self._dict[tag])

    def _from_raw(self, raw: RawDataElement) -> DataElement:
        """A RawDataElement as this dataset holds it: undecoded when its bytes are in this
        dataset's encoding (decoded on access, as pydicom converts on access), else decoded
        now with the encoding it says."""
        same_order = bool(raw.is_little_endian) == self._little_endian
        same_vr_rule = bool(raw.is_implicit_VR) == self._implicit_vr
        if same_order and (same_vr_rule or raw.VR not in (None, "SQ", "UN")):
            return element_from_raw(raw, self)
        return convert_raw_data_element(raw, ds=self)

    def _subset(self, window: slice) -> Dataset:
        start = 0 if window.start is None else Tag(window.start)
        stop = 0x100000000 if window.stop is None else Tag(window.stop)
        subset = Dataset()
        tags = [tag for tag in sorted(self._dict, key=int) if start <= tag < stop]
        for tag in tags[:: window.step or 1]:
            subset._dict[tag] = self._dict[tag]
        return subset

    def _dataset_slice(self, window: slice) -> Dataset:
        """The elements in ``window``, in a dataset with this one's encoding and character
        set, as pydicom's slices (the pixel handlers read the endianness of one)."""
        subset = self._subset(window)
        subset.set_original_encoding(*self.original_encoding, self.original_character_set)
        return subset

    def __setitem__(self, key: Any, elem: DataElement) -> None:
        if isinstance(key, slice):
            raise NotImplementedError("Slicing is not supported when setting Dataset items")
        if isinstance(elem, RawDataElement):
            elem = self._from_raw(elem)
        elif not isinstance(elem, DataElement):
            raise TypeError("Dataset items must be 'DataElement' instances")
        tag = _as_tag(key)
        if tag is None:
            raise ValueError(f"Unable to convert the key '{key}' to an element tag")
        if tag != elem.tag:
            raise ValueError(f"The key '{key}' doesn't match the 'DataElement' tag '{elem.tag}'")
        if elem._parent is None:
            elem._parent = self
        if elem.VR == "SQ":
            for item in elem.value:
                object.__setattr__(item, "_parent", self)
        if tag == 0x00080005:
            self._charset_changing()
        self._dict[elem.tag] = elem
        if tag == 0x00080005:
            self._charset_changed()

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            for tag in list(self._subset(key)._dict):
                del self[tag]
            return
        tag = _as_tag(key)
        if tag is None:
            raise KeyError(key)
        if tag == 0x00080005:
            self._charset_changing()
        del self._dict[tag]
        if tag == 0x00080005:
            self._charset_changed()
        if tag in _PIXEL_TAGS:  # as pydicom: the decoded array no longer has its source
            self._pixel_array = None
            self._pixel_id = {}

    def __contains__(self, key: Any) -> bool:
        tag = _as_tag(key)
        if tag is None or not 0 <= tag <= 0xFFFFFFFF:
            _invalid_key(key)
            return False
        return tag in self._dict

    def __len__(self) -> int:
        return len(self._dict)

    def __bool__(self) -> bool:
        return bool(self._dict)

    def __iter__(self) -> Iterator[DataElement]:
        """Elements in ascending tag order (PS3.5 §7.1)."""
        elements = self._dict
        # key=int: the tags compared as plain ints, not through BaseTag's Python __lt__
        # (sorting a data set's tags that way took a third of iterating it)
        for tag in sorted(elements, key=int):
            yield self._element(tag, elements[tag])

    def keys(self):
        return self._dict.keys()

    def values(self):
        return [self[tag] for tag in self._dict]

    def items(self):
        return [(tag, self[tag]) for tag in self._dict]

    def elements(self) -> Iterator[DataElement]:
        return iter(self)

    def get(self, key: Any, default: Any = None) -> Any:
        """An element by tag, or a value by keyword, as pydicom's ``Dataset.get``."""
        if not isinstance(key, (str, int, tuple, list)):
            raise TypeError("Dataset.get key must be a string or tag")
        if isinstance(key, str):
            try:
                return getattr(self, key)
            except AttributeError:
                return default
        tag = _as_tag(key)
        if tag is None or not 0 <= tag <= 0xFFFFFFFF:
            raise TypeError("Dataset.get key must be a string or tag")
        if tag not in self._dict:
            return default
        return self[tag]

    def get_item(self, key: Any, *, keep_deferred: bool = False) -> Any:
        """The element without decoding its value (``is_raw`` says whether it is still
        undecoded); a slice gives a dataset of those elements, also undecoded. A value
        deferred (``defer_size``) stays in its file until it is asked for; with
        ``keep_deferred`` the element is given as pydicom gives it, a ``RawDataElement``
        whose value is None and ``value_tell`` says where the value is in the file."""
        if isinstance(key, slice):
            return self._dataset_slice(key)
        elem = self._dict.get(Tag(key))
        if elem is None:
            return None
        if elem.__class__ is RawDataElement:
            elem = self._element(elem.tag, elem)
        if keep_deferred and elem.is_deferred:
            return RawDataElement(
                elem.tag,
                None if self._implicit_vr else elem.VR,  # as read: implicit VR has none
                elem.length,
                None,
                elem.value_offset,
                self._implicit_vr,
                self._little_endian,
            )
        return elem

    def pop(self, key: Any, *default: Any) -> Any:
        tag = _as_tag(key)
        if tag in self._dict:
            return self._dict.pop(tag)
        if default:
            return default[0]
        raise KeyError(key)

    def setdefault(self, key: Any, default: Any = None) -> DataElement:
        tag = Tag(key)
        if tag not in self._dict:
            if not isinstance(default, DataElement):
                entry = None if tag.is_private else tables.standard_entry(tag)
                if entry is None and not tag.is_private:
                    from . import config

                    if config.settings.writing_validation_mode == config.RAISE:
                        raise KeyError(f"Unknown DICOM tag {tag}")
                    warnings.warn(
                        f"Unknown DICOM tag {tag} - setting VR to 'UN'", UserWarning, stacklevel=2
                    )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # warned above: a value of an unknown tag
                    default = DataElement(tag, entry.VR if entry else "UN", default)
            self[tag] = default
        return self[tag]

    def add(self, elem: DataElement) -> None:
        self[elem.tag] = elem

    def update(self, other: Any) -> None:
        """``dict.update`` by keyword (set as attributes) or by tag (elements)."""
        for key, value in list(other.items()):
            if isinstance(key, str):
                setattr(self, key, value)
            else:
                self[Tag(key)] = value

    def clear(self) -> None:
        """Remove every element."""
        self._dict.clear()

    def popitem(self) -> tuple[BaseTag, DataElement]:
        """Remove and return the last (tag, element) added (``dict.popitem``)."""
        return self._dict.popitem()

    def trait_names(self) -> list[str]:
        """Names for completion in IPython."""
        return dir(self)

    def decode(self) -> None:
        """Decode every text value with the Specific Character Set (PS3.5 §6.1.2.5), as
        pydicom's ``decode``: values here decode when first asked for, so this decodes them
        all now (a fault in one is then raised here rather than later)."""
        for elem in self.iterall():
            elem.value  # noqa: B018

    def _set_file_meta(self, value: Any) -> None:
        """``file_meta`` as pydicom sets it: None, or a FileMetaDataset (a Dataset is
        converted, which checks that it holds group 0002 elements only)."""
        if value is not None:
            if not isinstance(value, Dataset):
                raise TypeError(
                    f"'{type(self).__name__}.file_meta' must be a 'FileMetaDataset' instance"
                )
            if not isinstance(value, FileMetaDataset):
                value = FileMetaDataset(value)
        self.__dict__["file_meta"] = value

    def ensure_file_meta(self) -> None:
        """Give the dataset an empty ``file_meta`` if it has none."""
        if getattr(self, "file_meta", None) is None:
            self.file_meta = FileMetaDataset()

    def add_new_private(
        self,
        private_creator: str,
        group: int,
        element_offset: int,
        value: Any,
        vr: str | None = None,
    ) -> None:
        """Add a private element (gggg,xxee) in ``private_creator``'s block of ``group``,
        reserving the block if needed (PS3.5 §7.8.1); ``vr`` None: the private dictionary's."""
        block = self.private_block(group, private_creator, create=True)
        if vr is None:
            from .datadict import get_private_entry

            vr = get_private_entry(block.get_tag(element_offset), private_creator)[0]
        block.add_new(element_offset, vr, value)

    def get_private_item(self, group: int, element_offset: int, private_creator: str):
        """The element at ``element_offset`` of ``private_creator``'s block in ``group``."""
        if group < 0x0009:
            raise ValueError("Tag must be private if private creator is given")
        return self.private_block(group, private_creator)[element_offset]

    def update_raw_element(self, tag: Any, *, vr: str | None = None, value: bytes | None = None):
        """Change the VR or the bytes of an element not decoded yet (pydicom's method): the
        value is decoded with them when first asked for."""
        if vr is None and value is None:
            raise ValueError("Either or both of 'vr' and 'value' are required")
        if vr is not None and vr not in tables.vr_table():
            raise ValueError(f"Invalid VR value '{vr}'")
        if value is not None and not isinstance(value, bytes):
            raise TypeError(f"'value' must be bytes, not '{type(value).__name__}'")
        elem = self._dict.get(Tag(tag))
        if elem is None:
            raise KeyError(f"No element with tag {Tag(tag)} was found")
        if elem.__class__ is RawDataElement:
            elem = self._element(elem.tag, elem)
        if not elem.is_raw:
            raise TypeError(
                f"The element with tag {Tag(tag)} has already been converted to a "
                "'DataElement' instance, this method must be called earlier"
            )
        if vr is not None:
            elem._VR = elem.file_VR = vr
        if value is not None:
            elem.raw = value
            elem.length = len(value)

    def add_new(self, tag: Any, VR: str, value: Any) -> None:  # noqa: N803 - pydicom's name
        self.add(DataElement(tag, VR, value))

    # -- private data (PS3.5 §7.8) ---------------------------------------------------------
    def private_creators(self, group: int) -> list[str]:
        """The private creators of ``group``, in block order (PS3.5 §7.8.1)."""
        if group % 2 == 0:
            raise ValueError("Group must be an odd number")
        creators = []
        for tag in sorted(self._dict, key=int):
            if tag >> 16 == group and 0x0010 <= tag & 0xFFFF <= 0x00FF:
                value = self._dict[tag].value
                creators.append(value if isinstance(value, str) else str(value))
        return creators

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """The block of ``group`` reserved by ``private_creator`` (PS3.5 §7.8.1); with
        ``create`` the creator element is added in the first free slot if missing."""

        def new_block(element: int) -> PrivateBlock:
            return PrivateBlock((group << 16) | element, private_creator, self, element << 8)

        if group % 2 == 0 or group in (1, 3, 5, 7, 0xFFFF):
            raise ValueError("Tag must be private if private creator is given")
        if not private_creator:
            raise ValueError("Private creator must have a value")
        free = None
        for element in range(0x10, 0x100):
            elem = self._dict.get((group << 16) | element)
            if elem is None:
                free = element if free is None else free
            elif elem.value == private_creator:
                return new_block(element)
        if not create:
            raise KeyError(f"Private creator '{private_creator}' not found")
        if free is None:
            raise ValueError("All private blocks in this group are in use")
        self.add_new((group << 16) | free, "LO", private_creator)
        return new_block(free)

    def remove_private_tags(self) -> None:
        """Remove every private element, at every level."""

        def remove(dataset: Dataset, elem: DataElement) -> None:
            if elem.tag.is_private:
                del dataset[elem.tag]

        self.walk(remove)

    def data_element(self, name: str) -> DataElement | None:
        tag = tables.keyword_to_tag(name)
        return self[tag] if tag is not None and tag in self._dict else None

    def group_dataset(self, group: int) -> Dataset:
        return self[(group, 0x0000) : (group + 1, 0x0000)]

    def iterall(self) -> Iterator[DataElement]:
        """Every element, depth first: each element, then the elements of its items."""
        for elem in self:
            yield elem
            if elem.VR == "SQ":
                for item in elem.value:
                    yield from item.iterall()

    def walk(self, callback: Callable[[Dataset, DataElement], None], recursive: bool = True):
        for tag in sorted(self._dict, key=int):
            if tag not in self._dict:
                continue
            elem = self[tag]
            with _tag_in_exception(elem.tag):
                callback(self, elem)
            if recursive and tag in self._dict and elem.VR == "SQ":
                for item in elem.value:
                    item.walk(callback)

    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if not isinstance(other, Dataset):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    # -- writing (filewriter.py) -------------------------------------------------------------
    def save_as(
        self,
        filename: Any,
        write_like_original: bool | None = None,
        *,
        implicit_vr: bool | None = None,
        little_endian: bool | None = None,
        enforce_file_format: bool | None = None,
        overwrite: bool = True,
    ) -> None:
        """Write this dataset to ``filename`` (a path or a binary file-like): see
        :func:`dicomconstruct.filewriter.dcmwrite`."""
        # upcall: pydicom's Dataset.save_as
        from .filewriter import dcmwrite

        extra = {} if write_like_original is None else {"write_like_original": write_like_original}
        dcmwrite(
            filename,
            self,
            **extra,
            implicit_vr=implicit_vr,
            little_endian=little_endian,
            enforce_file_format=enforce_file_format,
            overwrite=overwrite,
        )

    # -- copies ----------------------------------------------------------------------------
    def __copy__(self) -> Dataset:
        """A new dataset holding the same element objects (as ``dict.copy`` does)."""
        cls = type(self)
        new = cls.__new__(cls)
        new.__dict__.update(self.__dict__)
        object.__setattr__(new, "_dict", dict(self._dict))
        return new

    def __deepcopy__(self, memo: dict) -> Dataset:
        """A copy of the whole tree; deferred values are still read from the same source."""
        cls = type(self)
        new = cls.__new__(cls)
        memo[id(self)] = new
        for name, value in self.__dict__.items():
            if name != "_source":
                value = copy.deepcopy(value, memo)
            object.__setattr__(new, name, value)
        return new

    def copy(self) -> Dataset:
        """A shallow copy (pydicom's ``Dataset.copy``)."""
        return copy.copy(self)

    # -- the DICOM JSON model (PS3.18 §F.2), in jsonrep.py -----------------------------------
    def to_json_dict(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> dict[str, Any]:
        """This dataset as a DICOM JSON object (PS3.18 §F.2), as pydicom's ``to_json_dict``."""
        # upcall: pydicom's Dataset.to_json_dict
        from .jsonrep import dataset_to_json_dict

        return dataset_to_json_dict(
            self, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
        )

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        dump_handler: Callable[[dict[str, Any]], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> str:
        """This dataset as DICOM JSON text (PS3.18 §F.2), as pydicom's ``to_json``."""
        # upcall: pydicom's Dataset.to_json
        from .jsonrep import dataset_to_json

        return dataset_to_json(
            self,
            bulk_data_threshold,
            bulk_data_element_handler,
            dump_handler,
            suppress_invalid_tags,
        )

    @classmethod
    def from_json(
        cls,
        json_dataset: dict[str, Any] | str | bytes | bytearray,
        bulk_data_uri_handler: Callable[..., Any] | None = None,
    ) -> Dataset:
        """A dataset from DICOM JSON (PS3.18 §F.2): a JSON object or its text."""
        # upcall: pydicom's Dataset.from_json
        from .jsonrep import dataset_from_json

        return dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    # -- context the elements decode with ----------------------------------------------------
    @property
    def _character_set(self) -> str | list[str]:
        """Python codecs for this dataset's text: its own Specific Character Set, else its
        parent's (PS3.5 §6.1.2.5: an item may change the character set for its content);
        as pydicom's, the default codec's name alone (a str) when neither has one."""
        encodings = self._encodings
        if encodings is None:
            charset = self._dict.get(0x00080005)
            if charset is not None:
                from .charset import convert_encodings
                from .values import multi_string

                # read from its bytes as CS (PS3.5 §6.1.2.3): whatever VR a file gives it, its
                # value cannot depend on the character set it names
                raw = charset.raw
                terms = charset.value if raw is None else multi_string(bytes(raw).decode("latin-1"))
                encodings = convert_encodings(terms)
            elif self._parent is not None:
                encodings = self._parent._character_set
            else:
                encodings = _DEFAULT_ENCODING
            object.__setattr__(self, "_encodings", encodings)
        return encodings

    @property
    def _raw_character_set(self) -> list[str]:
        """Python codecs for the text still undecoded (read, not yet asked for): the character
        set in force when it was read, whatever (0008,0005) says since (PS3.5 §6.1.2.5: the
        bytes were encoded with that one), as pydicom decodes with original_character_set."""
        read = self._read_charset
        if read is not None:
            return [read] if isinstance(read, str) else list(read)
        parent = self._parent
        if parent is None or 0x00080005 in self._dict:
            return self._character_set
        return parent._raw_character_set

    def _charset_changing(self) -> None:
        """Before (0008,0005) changes: remember the character set this read dataset's text,
        and its parsed items' that take theirs from it, was read in (``_raw_character_set``)."""
        if "_read_charset" not in self.__dict__ and self._was_read:  # (never set, not even None)
            object.__setattr__(self, "_read_charset", self._raw_character_set)
        for item in self._items_taking_charset():
            item._charset_changing()

    def _items_taking_charset(self) -> Iterator[Dataset]:
        """The decoded items of this dataset's sequences without their own Specific Character
        Set (PS3.5 §6.1.2.5: they use this dataset's)."""
        for elem in self._dict.values():
            if elem.__class__ is RawDataElement or elem.VR != "SQ":
                continue
            items = elem._value
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, Dataset) and 0x00080005 not in item._dict:
                        yield item

    def _charset_changed(self) -> None:
        """Forget the codecs found for this dataset's text, and those its items took from it
        (PS3.5 §6.1.2.5: an item without its own Specific Character Set uses its parent's)."""
        self.__dict__.pop("_encodings", None)
        for item in self._items_taking_charset():
            item._charset_changed()

    def _private_creator_of(self, tag: BaseTag) -> str | None:
        """The private creator of the block ``tag`` is in (PS3.5 §7.8.1), None if the block
        has none; a creator element whose value is not text (an LO, §7.8.1) names none, with
        pydicom's warning."""
        creator_tag = tag.private_creator
        creator = self._dict.get(creator_tag)
        if creator is None:
            return None
        value = creator.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if value and not isinstance(value, str):
            from .misc import warn_and_log

            warn_and_log(f"{creator_tag} '{value}' is not a valid private creator")
            return None
        return value.strip(" \0") if value else None

    def _lookup_for_vr(self, key: Any) -> Any:
        """A value from this dataset or its ancestors (ambiguous VRs depend on them)."""
        tag = Tag(key)
        dataset = self
        while dataset is not None:
            elem = dataset._dict.get(tag)
            if elem is not None:
                return elem.value
            dataset = dataset._parent
        return None

    def _read_deferred(self, elem: DataElement) -> bytes:
        source = self._source
        if source is None:
            raise TruncatedDataError(
                "value was deferred but its source is gone", elem.value_offset, str(elem.tag)
            )
        return source.read_at(elem.value_offset, elem.length, str(elem.tag))

    @property
    def _encoding(self):
        """The layouts of the encoding this dataset was read in (layouts.Encoding)."""
        from .layouts import encoding

        return encoding(not self._implicit_vr, self._little_endian)

    @property
    def original_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) of the bytes this dataset was read from; (None, None)
        for a dataset made from scratch."""
        if self._original is not None:
            return self._original
        if self._was_read:
            return self._implicit_vr, self._little_endian
        return None, None

    @property
    def _was_read(self) -> bool:
        state = self.__dict__
        return "_implicit_vr" in state or "_little_endian" in state or self.offset is not None

    def set_original_encoding(
        self,
        is_implicit_vr: bool | None,
        is_little_endian: bool | None,
        character_encoding: str | list[str] | None = None,
    ) -> None:
        """Say which encoding the dataset's undecoded elements are in (pydicom's method);
        None resets it."""
        object.__setattr__(self, "_original", (is_implicit_vr, is_little_endian))
        if is_implicit_vr is not None:
            object.__setattr__(self, "_implicit_vr", bool(is_implicit_vr))
        if is_little_endian is not None:
            object.__setattr__(self, "_little_endian", bool(is_little_endian))
        if character_encoding is not None:
            object.__setattr__(self, "_read_charset", character_encoding)

    @property
    def original_character_set(self) -> str | list[str]:
        """The Python codecs of the Specific Character Set the dataset was read with
        ('iso8859' for a dataset made from scratch)."""
        if self._read_charset is not None:
            return self._read_charset
        if self._was_read:
            return self._character_set
        return _DEFAULT_ENCODING

    @property
    def read_encoding(self) -> str | list[str]:
        """Deprecated in pydicom 3: ``original_character_set``."""
        self._deprecated("read_encoding", "original_character_set")
        return self.original_character_set

    @read_encoding.setter
    def read_encoding(self, value: str | list[str]) -> None:
        self._deprecated("read_encoding", "original_character_set")
        object.__setattr__(self, "_read_charset", value)

    def _deprecated(self, name: str, instead: str) -> None:
        from . import config

        cls = type(self).__name__
        if config._use_future:
            raise AttributeError(f"'{cls}' object has no attribute '{name}'")
        warnings.warn(
            f"'{cls}.{name}' will be removed in v4.0, use '{cls}.{instead}' instead",
            DeprecationWarning,
            stacklevel=3,
        )

    @property
    def is_original_encoding(self) -> bool:
        """Whether the encoding set for writing is the one the dataset was read in, with the
        same Specific Character Set."""
        from . import config

        if config._use_future:
            return self.original_character_set == self._character_set
        if self._original is not None:  # set_original_encoding: only what is set to write
            current = (self._write_implicit_vr, self._write_little_endian)
        else:
            current = (self.is_implicit_VR, self.is_little_endian)
        return (
            None not in current
            and self.original_encoding == current
            and self.original_character_set == self._character_set
        )

    @property
    def is_implicit_VR(self) -> bool | None:  # noqa: N802 - pydicom's name
        """The VR encoding to write in, when set; else the one read (pydicom 3 deprecates
        it: use ``dcmwrite``'s ``implicit_vr`` or the transfer syntax)."""
        from . import config

        if config._use_future:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute 'is_implicit_VR'"
            )
        if self._write_implicit_vr is not None:
            return self._write_implicit_vr
        implicit = self.original_encoding[0]
        if implicit is None and self._parent is not None:
            return self._parent.is_implicit_VR  # an item is written as its parent is
        # unknown (pydicom: None): the encoding the dataset's own bytes would be in
        return self._implicit_vr if implicit is None else implicit

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool | None) -> None:  # noqa: N802
        from . import config

        if config._use_future:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute 'is_implicit_VR'"
            )
        self._deprecated_encoding("is_implicit_VR", "implicit_vr")
        object.__setattr__(self, "_write_implicit_vr", value)

    @property
    def is_little_endian(self) -> bool | None:
        """The byte order to write in, when set; else the one read (deprecated as above)."""
        from . import config

        if config._use_future:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute 'is_little_endian'"
            )
        if self._write_little_endian is not None:
            return self._write_little_endian
        little = self.original_encoding[1]
        if little is None and self._parent is not None:
            return self._parent.is_little_endian
        return self._little_endian if little is None else little

    @is_little_endian.setter
    def is_little_endian(self, value: bool | None) -> None:
        from . import config

        if config._use_future:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute 'is_little_endian'"
            )
        self._deprecated_encoding("is_little_endian", "little_endian")
        object.__setattr__(self, "_write_little_endian", value)

    def _deprecated_encoding(self, name: str, argument: str) -> None:
        cls = type(self).__name__
        warnings.warn(
            f"'{cls}.{name}' will be removed in v4.0, set the Transfer Syntax UID or use the "
            f"'{argument}' argument with {cls}.save_as() or dcmwrite() instead",
            DeprecationWarning,
            stacklevel=4,
        )

    # pydicom's private attributes for these encodings, which code written for pydicom (and
    # its tests) set: _is_implicit_VR/_is_little_endian are the encoding set to write in,
    # _read_implicit/_read_little the one read (original_encoding)
    def _write_encoding_part(self, name: str) -> bool | None:
        from . import config

        value = getattr(self, name)
        if value is None and config._use_future:  # pydicom 4 has no such attribute
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return (
            value if value is not None else self.original_encoding[name == "_write_little_endian"]
        )

    _is_implicit_VR = property(  # noqa: N815 - pydicom's names
        lambda self: self._write_encoding_part("_write_implicit_vr"),
        lambda self, value: object.__setattr__(self, "_write_implicit_vr", value),
    )
    _is_little_endian = property(
        lambda self: self._write_encoding_part("_write_little_endian"),
        lambda self, value: object.__setattr__(self, "_write_little_endian", value),
    )

    def _set_original_part(self, index: int, value: bool | None) -> None:
        """Say one half of the encoding read, the other kept (the bytes' own encoding, used
        to decode what is still undecoded, is not changed)."""
        original = list(self.original_encoding)
        original[index] = value
        object.__setattr__(self, "_original", tuple(original))

    _read_implicit = property(
        lambda self: self.original_encoding[0],
        lambda self, value: self._set_original_part(0, value),
    )
    _read_little = property(
        lambda self: self.original_encoding[1],
        lambda self, value: self._set_original_part(1, value),
    )

    @property
    def read_implicit_vr(self) -> bool | None:
        """Deprecated in pydicom 3: ``original_encoding[0]``."""
        self._deprecated("read_implicit_vr", "original_encoding[0]")
        return self.original_encoding[0]

    @property
    def read_little_endian(self) -> bool | None:
        """Deprecated in pydicom 3: ``original_encoding[1]``."""
        self._deprecated("read_little_endian", "original_encoding[1]")
        return self.original_encoding[1]

    @property
    def parent(self) -> Dataset | None:
        return self._parent

    @property
    def seq_item_tell(self) -> int | None:
        """pydicom's name for ``offset``: where this item's Item tag (FFFE,E000) starts in
        the bytes it was read from (PS3.5 §7.5), None for an item made in code. A DICOMDIR's
        record offsets are these positions (PS3.10 §8.4)."""
        return self.offset

    @seq_item_tell.setter
    def seq_item_tell(self, value: int | None) -> None:
        object.__setattr__(self, "offset", value)

    # -- printing --------------------------------------------------------------------------
    # -- pixel data (dicomconstruct.pixels: pydicom 3's pixel API, delegated) ----------------
    # Decoded arrays are cached as pydicom's are: _pixel_array, with the ids of the Image
    # Pixel elements it came from (_pixel_id) and the options it was decoded with.
    _pixel_array: Any = None
    _pixel_id: dict = {}  # noqa: RUF012 - replaced, never mutated
    _pixel_array_opts: dict = {"use_pdh": False}  # noqa: RUF012 - replaced, never mutated

    def convert_pixel_data(self, handler_name: str = "") -> None:
        """Decode the pixel data into the cached array ``pixel_array`` returns (removed by
        pydicom 4, so absent under ``config._use_future``)."""
        from . import config

        if config._use_future:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute 'convert_pixel_data'"
            )
        # upcall: pydicom's Dataset.convert_pixel_data
        from .pixels.utils import get_image_pixel_ids, pixel_array

        if self._pixel_array is not None and self._pixel_id == get_image_pixel_ids(self):
            return
        opts = self._pixel_array_opts.copy()
        use_v2 = opts.pop("use_pdh", False)
        name = handler_name.lower() if handler_name else opts.get("decoding_plugin", "")
        if use_v2:  # pydicom's deprecated pixel_data_handlers backend
            # upcall: pydicom's deprecated handlers backend
            from .pixel_data_handlers import convert_with_handlers

            convert_with_handlers(self, name)
            return
        opts["decoding_plugin"] = name
        self._pixel_array = pixel_array(self, **opts)
        self._pixel_id = get_image_pixel_ids(self)

    @property
    def pixel_array(self) -> Any:
        """The pixel data as a numpy array (see ``dicomconstruct.pixels.pixel_array``)."""
        # upcall: pydicom's pixel_array / overlay_array / waveform_array
        from .pixels._lazy import HAVE_NP, NUMPY_MISSING

        if not HAVE_NP:
            raise ImportError(NUMPY_MISSING)
        self.convert_pixel_data()
        return self._pixel_array

    def pixel_array_options(
        self,
        index: int | None = None,
        raw: bool = False,
        decoding_plugin: str = "",
        use_v2_backend: bool = False,
        **kwargs: Any,
    ) -> None:
        """Set the options ``pixel_array`` decodes with (pydicom 3's; ``use_v2_backend``
        selects the deprecated ``pixel_data_handlers``, which pydicom 4 drops)."""
        from . import config

        if config._use_future and kwargs.get("use_v2_backend", use_v2_backend):
            raise TypeError(
                f"{type(self).__name__}.pixel_array_options() got an unexpected "
                "keyword argument 'use_v2_backend'"
            )
        kwargs["index"] = index
        kwargs["raw"] = raw
        if decoding_plugin:
            kwargs["decoding_plugin"] = decoding_plugin.lower()
        kwargs["use_pdh"] = use_v2_backend and not config._use_future
        self._pixel_array_opts = kwargs
        self._pixel_array = None
        self._pixel_id = {}

    def compress(
        self,
        transfer_syntax_uid: str,
        arr: Any = None,
        encoding_plugin: str = "",
        encapsulate_ext: bool = False,
        *,
        generate_instance_uid: bool = True,
        jls_error: int | None = None,
        j2k_cr: list[float] | None = None,
        j2k_psnr: list[float] | None = None,
        **kwargs: Any,
    ) -> None:
        """Compress the pixel data in place (``dicomconstruct.pixels.compress``)."""
        # upcall: pydicom's Dataset.compress
        from .pixels.utils import compress

        compress(
            self,
            transfer_syntax_uid,
            arr,
            encoding_plugin=encoding_plugin,
            encapsulate_ext=encapsulate_ext,
            generate_instance_uid=generate_instance_uid,
            jls_error=jls_error,
            j2k_cr=j2k_cr,
            j2k_psnr=j2k_psnr,
            **kwargs,
        )

    def decompress(
        self,
        handler_name: str = "",
        *,
        as_rgb: bool = True,
        generate_instance_uid: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> None:
        """Decompress the pixel data in place (``dicomconstruct.pixels.decompress``);
        ``handler_name`` is pydicom 3's deprecated name of ``decoding_plugin``."""
        from . import config

        # upcall: pydicom's Dataset.decompress
        from .pixels.utils import decompress

        if config._use_future and kwargs.get("handler_name", handler_name):  # pydicom 4
            raise TypeError(
                f"{type(self).__name__}.decompress() got an unexpected "
                "keyword argument 'handler_name'"
            )

        opts = self._pixel_array_opts.copy()
        if handler_name:
            opts["decoding_plugin"] = handler_name
        if decoding_plugin:
            opts["decoding_plugin"] = decoding_plugin
        opts.update(**kwargs)
        decompress(self, as_rgb=as_rgb, generate_instance_uid=generate_instance_uid, **opts)

    def set_pixel_data(
        self,
        arr: Any,
        photometric_interpretation: str,
        bits_stored: int,
        *,
        generate_instance_uid: bool = True,
    ) -> None:
        """Set Pixel Data and the Image Pixel elements from an array
        (``dicomconstruct.pixels.set_pixel_data``)."""
        # upcall: pydicom's Dataset.set_pixel_data
        from .pixels.utils import set_pixel_data

        set_pixel_data(
            self,
            arr,
            photometric_interpretation,
            bits_stored,
            generate_instance_uid=generate_instance_uid,
        )

    def overlay_array(self, group: int) -> Any:
        """The Overlay Data of ``group`` (6000-60FF) as a numpy array."""
        if group < 0x6000 or group > 0x60FF:
            raise ValueError(
                "The group part of the 'Overlay Data' element tag must be "
                "between 0x6000 and 0x60FF (inclusive)"
            )
        # upcall: pydicom's pixel_array / overlay_array / waveform_array
        from .pixels._lazy import HAVE_NP, NUMPY_MISSING

        if not HAVE_NP:
            raise ImportError(NUMPY_MISSING)
        # upcall: pydicom's Dataset.overlay_array
        from .overlays import get_overlay_array

        return get_overlay_array(self, group)

    def waveform_array(self, index: int) -> Any:
        """The Waveform Data of multiplex group ``index`` as a numpy array."""
        # upcall: pydicom's pixel_array / overlay_array / waveform_array
        from .pixels._lazy import HAVE_NP, NUMPY_MISSING

        if not HAVE_NP:
            raise ImportError(NUMPY_MISSING)
        # upcall: pydicom's Dataset.waveform_array
        from .waveforms import multiplex_array

        return multiplex_array(self, index, as_raw=False)

    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        strings = []
        indent_str = self.indent_chars * indent
        next_indent = self.indent_chars * (indent + 1)
        from . import config

        file_meta = getattr(self, "file_meta", None)
        if file_meta and config.show_file_meta:
            strings.append(f"{'Dataset.file_meta ':-<49}")
            strings.extend(indent_str + repr(elem) for elem in file_meta)
            strings.append(f"{'':-<49}")
        for elem in self:
            if elem.VR == "SQ":
                strings.append(
                    f"{indent_str}{elem.tag}  {elem.name}  {len(elem.value)} item(s) ---- "
                )
                if not top_level_only:
                    for item in elem.value:
                        strings.append(item._pretty_str(indent + 1))
                        strings.append(next_indent + "---------")
            else:
                with _tag_in_exception(elem.tag):
                    strings.append(indent_str + repr(elem))
        return "\n".join(strings)

    def __str__(self) -> str:
        return self._pretty_str()

    __repr__ = __str__

    def top(self) -> str:
        return self._pretty_str(top_level_only=True)

    def formatted_lines(
        self,
        element_format: str = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s",
        sequence_element_format: str = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s",
        indent_format: str | None = None,
    ) -> Iterator[str]:
        """One line per element, depth first, formatted with the element's attributes
        (``%(tag)s``, ``%(name)s``, ``%(VR)s``, ``%(repval)s``, ``%(keyword)s``...)."""
        for elem in self.iterall():
            fields = {
                "tag": elem.tag,
                "name": elem.name,
                "VR": elem.VR,
                "VM": elem.VM,
                "keyword": elem.keyword,
                "repval": elem.repval,
                "value": elem.value,
                "is_private": elem.is_private,
                "is_retired": elem.is_retired,
                "is_empty": elem.is_empty,
                "private_creator": elem.private_creator,
                "file_tell": elem.file_tell,
                "is_undefined_length": elem.is_undefined_length,
                "descripWidth": elem.descripWidth,
                "maxBytesToDisplay": elem.maxBytesToDisplay,
                "showVR": elem.showVR,
                "empty_value": elem.empty_value,
            }
            fmt = sequence_element_format if elem.VR == "SQ" else element_format
            yield fmt % fields


class PrivateBlock:
    """The elements (gggg,xxee) of a private block, addressed by their offset ``ee`` (PS3.5
    §7.8.1), as pydicom's ``PrivateBlock``."""

    def __init__(self, key: int, private_creator: str, dataset: Dataset, block_start: int):
        self.group = key >> 16
        self.private_creator = private_creator
        self.dataset = dataset
        self.block_start = block_start

    def get_tag(self, element_offset: int) -> BaseTag:
        if not 0 <= element_offset <= 0xFF:
            raise ValueError("Element offset must be less than 256")
        return BaseTag((self.group << 16) | self.block_start | element_offset)

    def __contains__(self, element_offset: int) -> bool:
        return self.get_tag(element_offset) in self.dataset

    def __getitem__(self, element_offset: int) -> DataElement:
        return self.dataset[self.get_tag(element_offset)]

    def __delitem__(self, element_offset: int) -> None:
        del self.dataset[self.get_tag(element_offset)]

    def add_new(self, element_offset: int, VR: str, value: Any) -> None:  # noqa: N803
        self.dataset.add_new(self.get_tag(element_offset), VR, value)
        self.dataset[self.get_tag(element_offset)].private_creator = self.private_creator


class FileMetaDataset(Dataset):
    """The File Meta Information (PS3.10 §7.1): group 0002 elements only."""

    def __init__(self, *args: Any, **kwargs: Any):
        if args and args[0] is not None:
            self.validate(args[0])
        super().__init__(*args, **kwargs)

    @staticmethod
    def validate(init_value: Any) -> None:
        """A dict or Dataset of group 0002 elements only (PS3.10 §7.1), as pydicom's."""
        if init_value is None:
            return
        if not isinstance(init_value, (Dataset, dict)):
            raise TypeError(f"Argument must be a dict or Dataset, not {type(init_value)}")
        non_group2 = [str(Tag(tag)) for tag in init_value.keys() if Tag(tag) >> 16 != 2]
        if non_group2:
            raise ValueError(
                "File meta datasets may only contain group 2 elements but the following "
                f"elements are present: {', '.join(non_group2)}"
            )

    def __setitem__(self, key: Any, elem: DataElement) -> None:
        if isinstance(elem, DataElement) and elem.tag.group != 0x0002:
            raise ValueError(
                "Only File Meta Information Group (0002,eeee) elements may be added to a "
                f"FileMetaDataset, not {elem.tag}"
            )
        super().__setitem__(key, elem)

    @property
    def _tsyntax_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) of the Transfer Syntax UID (0002,0010), as pydicom's
        private property: (None, None) without one, or for a UID that names no transfer
        syntax of PS3.5 §10 (a private one's encoding is not known)."""
        elem = self._dict.get(0x00020010)
        uid = elem.value if elem is not None else None
        syntax = tables.transfer_syntax(uid) if isinstance(uid, str) and uid else None
        if syntax is None:
            return None, None
        return syntax.implicit_vr, syntax.little_endian


class FileDataset(Dataset):
    """A dataset read from (or to be written as) a Part 10 file: preamble, meta and data set."""

    def __init__(
        self,
        filename_or_obj: Any,
        dataset: Dataset | dict,
        preamble: bytes | None = None,
        file_meta: FileMetaDataset | None = None,
        is_implicit_VR: bool = True,  # noqa: N803 - pydicom's name
        is_little_endian: bool = True,
    ):
        super().__init__()
        source_dict = dataset._dict if isinstance(dataset, Dataset) else dict(dataset)
        object.__setattr__(self, "_dict", source_dict)
        read = (None, None)
        if isinstance(dataset, Dataset):
            for name in ("_source", "_encodings"):
                object.__setattr__(self, name, getattr(dataset, name))
            if dataset._provenance is not None:
                # the data set's provenance; the file's 'DICM' prefix is this FileDataset's
                # own, written with its preamble (as pydicom)
                provenance = dataclasses.replace(dataset._provenance, prefix=False)
                object.__setattr__(self, "_provenance", provenance)
            read = dataset.original_encoding
        for elem in source_dict.values():
            elem._parent = self
        # plain attributes, set as such (not through __setattr__'s keyword look-up: a read
        # makes one FileDataset per file)
        set_ = object.__setattr__
        stated = (bool(is_implicit_VR), bool(is_little_endian))
        if None in read or read == stated:
            set_(self, "_implicit_vr", is_implicit_VR)
            set_(self, "_little_endian", is_little_endian)
        else:
            # a data set read in another encoding: its undecoded values and items are still
            # in the bytes of that one, so the writer converts them (an item written as read
            # in an explicit data set would be explicit in an implicit one); the encoding
            # stated is the original encoding pydicom reports, and writes in
            set_(self, "_implicit_vr", read[0])
            set_(self, "_little_endian", read[1])
            set_(self, "_original", stated)
        set_(self, "preamble", preamble)
        self.file_meta = file_meta if file_meta is not None else FileMetaDataset()
        # as pydicom: a path (or a file opened from one) gives ``filename``; any other
        # readable buffer is kept as ``buffer`` (its ``name`` as ``filename``, if it has one)
        fileobj_type: Any = None
        filename: str | None = None
        buffer: Any = None
        if isinstance(filename_or_obj, os.PathLike):
            filename_or_obj = os.fspath(filename_or_obj)
        if isinstance(filename_or_obj, str):
            filename = filename_or_obj
            fileobj_type = open
        elif isinstance(filename_or_obj, io.BufferedReader):
            filename = filename_or_obj.name
            fileobj_type = open
        elif filename_or_obj is not None:
            buffer = filename_or_obj
            fileobj_type = type(filename_or_obj)
            name = getattr(filename_or_obj, "name", None) or getattr(
                filename_or_obj, "filename", None
            )
            if isinstance(name, str):
                filename = name
        timestamp = None
        if filename:
            try:  # (one stat, not os.path.exists and another)
                timestamp = os.stat(filename).st_mtime
            except (OSError, ValueError):  # gone, unreadable, or not a path
                pass
        set_(self, "fileobj_type", fileobj_type)
        set_(self, "filename", filename)
        set_(self, "buffer", buffer)
        set_(self, "timestamp", timestamp)

    def __deepcopy__(self, memo: dict) -> FileDataset:
        """A copy of the whole tree; a ``buffer`` that cannot be copied (closed, or a file)
        is None in the copy, with a warning (as pydicom)."""
        buffer = self.__dict__.get("buffer")
        if buffer is None:
            return super().__deepcopy__(memo)
        try:
            copied = copy.deepcopy(buffer, memo)
        except Exception as exc:
            warnings.warn(
                f"The {type(exc).__name__} exception '{exc}' occurred trying to deepcopy the "
                "buffer-like the dataset was read from, the 'buffer' attribute will be set "
                "to 'None' in the copied object",
                UserWarning,
                stacklevel=2,
            )
            copied = None
        memo[id(buffer)] = copied
        return super().__deepcopy__(memo)

    def __enter__(self) -> FileDataset:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        source = self._source
        if source is not None:
            source.close()


def validate_file_meta(file_meta: FileMetaDataset, enforce_standard: bool = True) -> None:
    """Check (and with ``enforce_standard`` complete) the File Meta Information (PS3.10
    §7.1), as pydicom's ``dataset.validate_file_meta``: see
    :func:`dicomconstruct.filewriter.validate_file_meta`."""
    from .filewriter import validate_file_meta as validate  # the writer's rules: an upcall

    validate(file_meta, enforce_standard)
