"""Collections of coded concepts by coding scheme (``codes.SCT``, ``codes.DCM``...) and by
Context Group (``codes.CID4``, PS3.16 Annex B), as pydicom's ``sr.codedict``."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, KeysView
from itertools import chain
from typing import Any

from ._cid_dict import cid_concepts as CID_CONCEPTS  # noqa: N811 - pydicom's name
from ._cid_dict import name_for_cid
from ._concepts_dict import concepts as CONCEPTS  # noqa: N811 - pydicom's name
from .coding import Code

__all__ = ["Collection", "Concepts", "codes"]

# Attributes of a Collection that are not concept keywords (keywords may start with "_").
_INTERNAL = frozenset({"_name", "_scheme_data", "_cid_data", "_concepts"})
cid_for_name = {name: cid for cid, name in name_for_cid.items()}


def _filtered(source: Iterable[str], filters: Iterable[str]) -> list[str]:
    """The sorted unique values of ``source`` containing any of ``filters`` (ignoring case),
    or all of them without filters."""
    if not filters:
        return sorted(set(source))
    lowered = [f.lower() for f in filters]
    return sorted({value for value in source if any(f in value.lower() for f in lowered)})


class Collection:
    """The concepts of a coding scheme (``Collection("SCT")``) or of a Context Group
    (``Collection("CID4")``), by keyword: ``collection.Liver`` is a ``Code``."""

    repr_format = "{} = {}"

    def __init__(self, name: str) -> None:
        if not name.upper().startswith("CID"):
            self._name = name
            self._scheme_data = CONCEPTS[name]
        else:
            self._name = f"CID{name[3:]}"
            self._cid_data = CID_CONCEPTS[int(name[3:])]
        self._concepts: dict[str, Code] = {}

    @property
    def concepts(self) -> dict[str, Code]:
        """``{keyword: Code}`` of every concept in the collection."""
        if not self._concepts:
            self._concepts = {name: getattr(self, name) for name in self.dir()}
        return self._concepts

    def __contains__(self, item: str | Code) -> bool:
        if isinstance(item, str):
            try:
                item = getattr(self, item)
            except AttributeError:
                return False
        return item in self.concepts.values()

    def __dir__(self) -> list[str]:
        methods = {v[0] for v in inspect.getmembers(type(self), inspect.isroutine)}
        properties = {v[0] for v in inspect.getmembers(type(self), inspect.isdatadescriptor)}
        return sorted(properties | methods | set(self.dir()))

    def dir(self, *filters: str) -> list[str]:
        """The sorted keywords of the collection containing any of ``filters`` (ignoring
        case), or all of them."""
        if self.is_cid:
            return _filtered(chain.from_iterable(self._cid_data.values()), filters)
        return _filtered(self._scheme_data, filters)

    def __getattr__(self, name: str) -> Code:
        if name.startswith("__") or name in _INTERNAL:  # before __init__ (copy, pickle)
            raise AttributeError(name)
        if self.name.startswith("CID"):
            return self._cid_code(name)
        try:
            entries = self._scheme_data[name]
        except KeyError:
            raise AttributeError(
                f"No matching code for keyword '{name}' in scheme '{self.name}'"
            ) from None
        if len(entries) > 1:
            raise RuntimeError(
                f"Multiple codes found for keyword '{name}' in scheme '{self.name}': "
                f"{', '.join(entries.keys())}"
            )
        code, (meaning, _cids) = next(iter(entries.items()))
        return Code(value=code, meaning=meaning, scheme_designator=self.name)

    def _cid_code(self, name: str) -> Code:
        matches = [scheme for scheme, keywords in self._cid_data.items() if name in keywords]
        if not matches:
            raise AttributeError(f"No matching code for keyword '{name}' in {self.name}")
        if len(matches) > 1:
            raise RuntimeError(
                f"Multiple schemes found to contain the keyword '{name}' in {self.name}: "
                f"{', '.join(matches)}"
            )
        scheme = matches[0]
        identifiers = CONCEPTS[scheme][name]
        if len(identifiers) == 1:
            code, value = next(iter(identifiers.items()))
        else:
            cid = int(self.name[3:])
            found = [(code, value) for code, value in identifiers.items() if cid in value[1]]
            if len(found) > 1:
                raise RuntimeError(
                    f"Multiple codes found for keyword '{name}' in {self.name}: "
                    f"{', '.join(v[0] for v in found)}"
                )
            code, value = found[0]
        return Code(value=code, meaning=value[0], scheme_designator=scheme)

    @property
    def is_cid(self) -> bool:
        """Whether the collection is a Context Group."""
        return self.name.startswith("CID")

    @property
    def name(self) -> str:
        """The scheme designator or ``CIDnnnn``."""
        return self._name

    def __repr__(self) -> str:
        concepts = [self.repr_format.format(n, c) for n, c in self.concepts.items()]
        return f"{self.name}\n" + "\n".join(concepts)

    @property
    def scheme_designator(self) -> str:
        """The collection's name (pydicom's alias)."""
        return self.name

    def __str__(self) -> str:
        len_names = max(max(len(n) for n in self.concepts) + 2, 11)
        len_codes = max(max(len(c[0]) for c in self.concepts.values()) + 2, 6)
        len_schemes = max(max(len(c[1]) for c in self.concepts.values()) + 2, 8)
        if self.is_cid:
            fmt = f"{{:{len_names}}} {{:{len_codes}}} {{:{len_schemes}}} {{}}"
            lines = [
                self.name,
                fmt.format("Attribute", "Code", "Scheme", "Meaning"),
                fmt.format("---------", "----", "------", "-------"),
                "\n".join(fmt.format(n, *c) for n, c in self.concepts.items()),
            ]
        else:
            fmt = f"{{:{len_names}}} {{:{len_codes}}} {{}}"
            lines = [
                f"Scheme: {self.name}",
                fmt.format("Attribute", "Code", "Meaning"),
                fmt.format("---------", "----", "-------"),
                "\n".join(fmt.format(n, c[0], c[2]) for n, c in self.concepts.items()),
            ]
        return "\n".join(lines)

    def trait_names(self) -> list[str]:
        """Names for IPython's auto-completion."""
        return dir(self)


class Concepts:
    """The collections by name: ``codes.SCT``, ``codes.CID4`` (or ``codes.cid4``)."""

    def __init__(self, collections: list[Collection]) -> None:
        self._collections = {c.name: c for c in collections}

    @property
    def collections(self) -> KeysView[str]:
        """The names of the collections."""
        return self._collections.keys()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_collections":
            raise AttributeError(name)
        if name.upper().startswith("CID"):
            name = f"CID{name[3:]}"
        if name in self._collections:
            return self._collections[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def schemes(self) -> list[str]:
        """The coding scheme designators."""
        return [c for c in self._collections if not c.startswith("CID")]

    def CIDs(self) -> list[str]:  # noqa: N802 - pydicom's name
        """The Context Group names (``CIDnnnn``)."""
        return [c for c in self._collections if c.startswith("CID")]


codes = Concepts(
    [Collection(designator) for designator in CONCEPTS]
    + [Collection(f"CID{cid}") for cid in name_for_cid]
)
