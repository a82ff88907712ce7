"""A coded concept (PS3.3 §8.8, the Code Sequence Macro): code value, coding scheme
designator, code meaning and scheme version, as pydicom's ``sr.coding.Code``."""

from __future__ import annotations

from typing import Any, NamedTuple

from ._snomed_dict import mapping as snomed_mapping

__all__ = ["Code"]


class Code(NamedTuple):
    """A coded concept. Two codes are equal when value, scheme and version are (the meaning
    is not compared), a retired SNOMED RT (SRT) code being equal to its SNOMED CT (SCT) code
    (PS3.16 §8.2)."""

    value: str
    scheme_designator: str
    meaning: str
    scheme_version: str | None = None

    def __hash__(self) -> int:
        return hash(self.scheme_designator + self.value)

    def _compared(self) -> tuple[str, str, str | None]:
        if self.scheme_designator == "SRT" and self.value in snomed_mapping["SRT"]:
            return snomed_mapping["SRT"][self.value], "SCT", self.scheme_version
        return self.value, self.scheme_designator, self.scheme_version

    def __eq__(self, other: Any) -> Any:
        return self._compared() == Code._compared(other)

    def __ne__(self, other: Any) -> Any:
        return not self == other
