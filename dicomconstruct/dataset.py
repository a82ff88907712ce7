"""Datasets (PS3.5 §7): an editable tree of data elements, with pydicom's access patterns.

``Dataset`` holds elements by tag; ``FileDataset`` adds what PS3.10 §7.1 puts around them.
"""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from . import tables
from .dataelem import DataElement
from .errors import TruncatedDataError
from .tag import BaseTag, Tag

_DEFAULT_ENCODINGS = ["iso8859"]


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
    # what writing like the original reproduces of a malformed data set: elements replaced by
    # a later one with the same tag, {group: size as read} for group lengths, tags read out of
    # order, an Item Delimitation Item's length
    _duplicates: tuple | list = ()
    _group_spans: dict | None = None
    _read_unsorted = False
    _delimiter_length = 0
    is_undefined_length_sequence_item = False
    offset: int | None = None
    # where this dataset sits, for error messages: nesting depth, schema path, and whether
    # its bytes are offsets in an inflated (deflated) data set
    _depth = 0
    _path = "dataset"
    _where = ""

    def __init__(self, *args: Any, **kwargs: Any):
        object.__setattr__(self, "_dict", {})
        if args:
            (elements,) = args
            items = elements.values() if isinstance(elements, dict) else elements
            for elem in items:
                self.add(elem)
        for keyword, value in kwargs.items():
            setattr(self, keyword, value)

    # -- attributes by keyword -------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        tag = tables.keyword_to_tag(name)
        if tag is not None:
            elem = self._dict.get(tag)
            if elem is not None:
                return self._element(tag, elem).value
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        tag = tables.keyword_to_tag(name) if name[:1].isupper() else None
        if tag is None:
            if name[:1].isupper() and not hasattr(type(self), name):
                warnings.warn(
                    f"Camel case attribute '{name}' used which is not in the element keyword "
                    "data dictionary",
                    stacklevel=2,
                )
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
            del self._dict[tag]
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
        if elem.private_creator is None and elem.tag.is_private:
            elem._creator()
        return elem

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return self._subset(key)
        tag = _as_tag(key)
        if tag is None:
            raise KeyError(key)
        return self._element(tag, self._dict[tag])

    def _subset(self, window: slice) -> Dataset:
        start = 0 if window.start is None else Tag(window.start)
        stop = 0x100000000 if window.stop is None else Tag(window.stop)
        subset = Dataset()
        for tag in sorted(self._dict)[:: window.step or 1]:
            if start <= tag < stop:
                subset._dict[tag] = self._dict[tag]
        return subset

    def __setitem__(self, key: Any, elem: DataElement) -> None:
        if not isinstance(elem, DataElement):
            raise TypeError("Dataset contents must be DataElement instances.")
        tag = _as_tag(key)
        if tag is None or tag != elem.tag:
            raise ValueError(f"DataElement.tag must match the dataset key {key!r}")
        if elem._parent is None:
            elem._parent = self
        if elem.VR == "SQ":
            for item in elem.value:
                object.__setattr__(item, "_parent", self)
        self._dict[elem.tag] = elem

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            for tag in list(self._subset(key)._dict):
                del self._dict[tag]
            return
        tag = _as_tag(key)
        if tag is None:
            raise KeyError(key)
        del self._dict[tag]

    def __contains__(self, key: Any) -> bool:
        tag = _as_tag(key)
        return tag is not None and tag in self._dict

    def __len__(self) -> int:
        return len(self._dict)

    def __bool__(self) -> bool:
        return bool(self._dict)

    def __iter__(self) -> Iterator[DataElement]:
        """Elements in ascending tag order (PS3.5 §7.1)."""
        elements = self._dict
        for tag in sorted(elements):
            yield self._element(tag, elements[tag])

    def __reversed__(self) -> Iterator[DataElement]:
        for tag in sorted(self._dict, reverse=True):
            yield self[tag]

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
        if isinstance(key, str):
            try:
                return getattr(self, key)
            except AttributeError:
                return default
        tag = _as_tag(key)
        if tag is None or tag not in self._dict:
            return default
        return self[tag]

    def get_item(self, key: Any) -> DataElement:
        """The element without decoding its value."""
        return self._dict[Tag(key)]

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
                entry = tables.standard_entry(tag)
                default = DataElement(tag, entry.VR if entry else "UN", default)
            self[tag] = default
        return self[tag]

    def add(self, elem: DataElement) -> None:
        self[elem.tag] = elem

    def add_new(self, tag: Any, VR: str, value: Any) -> None:  # noqa: N803 - pydicom's name
        self.add(DataElement(tag, VR, value))

    # -- private data (PS3.5 §7.8) ---------------------------------------------------------
    def private_creators(self, group: int) -> list[str]:
        """The private creators of ``group``, in block order (PS3.5 §7.8.1)."""
        if group % 2 == 0:
            raise ValueError("Group must be an odd number")
        creators = []
        for tag in sorted(self._dict):
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
        for tag in sorted(self._dict):
            if tag not in self._dict:
                continue
            elem = self[tag]
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
        from .filewriter import dcmwrite  # upcall, lazy: pydicom's Dataset.save_as

        dcmwrite(
            filename,
            self,
            write_like_original,
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
        from .jsonrep import dataset_to_json_dict  # upcall, lazy: pydicom's to_json_dict

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
        from .jsonrep import dataset_to_json  # upcall, lazy: pydicom's Dataset.to_json

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
        from .jsonrep import dataset_from_json  # upcall, lazy: pydicom's from_json

        return dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    # -- context the elements decode with ----------------------------------------------------
    @property
    def _character_set(self) -> list[str]:
        """Python codecs for this dataset's text: its own Specific Character Set, else its
        parent's (PS3.5 §6.1.2.5: an item may change the character set for its content)."""
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
                encodings = _DEFAULT_ENCODINGS
            object.__setattr__(self, "_encodings", encodings)
        return encodings

    def _private_creator_of(self, tag: BaseTag) -> str | None:
        creator = self._dict.get(tag.private_creator)
        if creator is None:
            return None
        value = creator.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return str(value).strip(" \0") if value else None

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
    def original_encoding(self) -> tuple[bool, bool]:
        """(implicit VR, little endian) of the bytes this dataset was read from."""
        return self._implicit_vr, self._little_endian

    @property
    def is_implicit_VR(self) -> bool:  # noqa: N802 - pydicom's name
        return self._implicit_vr

    @property
    def is_little_endian(self) -> bool:
        return self._little_endian

    @property
    def parent(self) -> Dataset | None:
        return self._parent

    # -- printing --------------------------------------------------------------------------
    # -- pixel data (dicomconstruct.pixels: pydicom 3's pixel API, delegated) ----------------
    # Decoded arrays are cached as pydicom's are: _pixel_array, with the ids of the Image
    # Pixel elements it came from (_pixel_id) and the options it was decoded with.
    _pixel_array: Any = None
    _pixel_id: dict = {}  # noqa: RUF012 - replaced, never mutated
    _pixel_array_opts: dict = {"use_pdh": False}  # noqa: RUF012 - replaced, never mutated

    def convert_pixel_data(self, handler_name: str = "") -> None:
        """Decode the pixel data into the cached array ``pixel_array`` returns."""
        from .pixels.utils import get_image_pixel_ids, pixel_array

        if self._pixel_array is not None and self._pixel_id == get_image_pixel_ids(self):
            return
        opts = self._pixel_array_opts.copy()
        use_v2 = opts.pop("use_pdh", False)
        name = handler_name.lower() if handler_name else opts.get("decoding_plugin", "")
        if use_v2:  # pydicom's deprecated pixel_data_handlers backend
            from .pixel_data_handlers import convert_with_handlers

            convert_with_handlers(self, name)
            return
        opts["decoding_plugin"] = name
        self._pixel_array = pixel_array(self, **opts)
        self._pixel_id = get_image_pixel_ids(self)

    @property
    def pixel_array(self) -> Any:
        """The pixel data as a numpy array (see ``dicomconstruct.pixels.pixel_array``)."""
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
        selects the deprecated ``pixel_data_handlers``)."""
        kwargs["index"] = index
        kwargs["raw"] = raw
        if decoding_plugin:
            kwargs["decoding_plugin"] = decoding_plugin.lower()
        kwargs["use_pdh"] = use_v2_backend
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
        """Decompress the pixel data in place (``dicomconstruct.pixels.decompress``)."""
        from .pixels.utils import decompress

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
        from .pixels._lazy import HAVE_NP, NUMPY_MISSING

        if not HAVE_NP:
            raise ImportError(NUMPY_MISSING)
        from .overlays import get_overlay_array

        return get_overlay_array(self, group)

    def waveform_array(self, index: int) -> Any:
        """The Waveform Data of multiplex group ``index`` as a numpy array."""
        from .pixels._lazy import HAVE_NP, NUMPY_MISSING

        if not HAVE_NP:
            raise ImportError(NUMPY_MISSING)
        from .waveforms import multiplex_array

        return multiplex_array(self, index, as_raw=False)

    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        strings = []
        indent_str = self.indent_chars * indent
        next_indent = self.indent_chars * (indent + 1)
        file_meta = getattr(self, "file_meta", None)
        if file_meta:
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
                strings.append(indent_str + repr(elem))
        return "\n".join(strings)

    def __str__(self) -> str:
        return self._pretty_str()

    __repr__ = __str__

    def top(self) -> str:
        return self._pretty_str(top_level_only=True)


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

    def __setitem__(self, key: Any, elem: DataElement) -> None:
        if isinstance(elem, DataElement) and elem.tag.group != 0x0002:
            raise ValueError(
                "Only File Meta Information Group (0002,eeee) elements may be added to a "
                f"FileMetaDataset, not {elem.tag}"
            )
        super().__setitem__(key, elem)


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
        if isinstance(dataset, Dataset):
            for name in ("_source", "_duplicates", "_encodings", "_group_spans"):
                object.__setattr__(self, name, getattr(dataset, name))
        for elem in source_dict.values():
            elem._parent = self
        object.__setattr__(self, "_implicit_vr", is_implicit_VR)
        object.__setattr__(self, "_little_endian", is_little_endian)
        self.preamble = preamble
        self.file_meta = file_meta if file_meta is not None else FileMetaDataset()
        self.fileobj_type = None
        self.timestamp = None
        self.filename: str | None = None
        if isinstance(filename_or_obj, (str, os.PathLike)):
            self.filename = os.fspath(filename_or_obj)
            self.fileobj_type = open
            try:
                self.timestamp = os.stat(self.filename).st_mtime
            except OSError:
                pass
        elif filename_or_obj is not None:
            self.fileobj_type = type(filename_or_obj)
            self.filename = getattr(filename_or_obj, "name", None)
            if not isinstance(self.filename, str):
                self.filename = None

    def __enter__(self) -> FileDataset:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        source = self._source
        if source is not None:
            source.close()
