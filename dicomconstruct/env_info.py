"""The versions of Python, dicomconstruct and its companions, as a table to paste in a report.

``python -m dicomconstruct.env_info``, as pydicom's ``pydicom.env_info``.
"""

from __future__ import annotations

import importlib
import platform
import sys
from types import ModuleType

# dicomconstruct first (it stands where pydicom's table names pydicom), then its one
# dependency; the rest are pydicom's optional packages, reported when present.
MODULES = ("dicomconstruct", "construct", "gdcm", "jpeg_ls", "numpy", "PIL", "pylibjpeg")
MODULES += ("openjpeg", "libjpeg")


def main() -> None:
    version_rows = [("platform", platform.platform()), ("Python", sys.version)]
    for module in MODULES:
        try:
            found = importlib.import_module(module)
        except ImportError:
            version = "_module not found_"
        else:
            version = extract_version(found) or "**cannot determine version**"
        version_rows.append((module, version))
    print_table(version_rows)


def print_table(version_rows: list[tuple[str, str]]) -> None:
    row_format = "{:12} | {}"
    print(row_format.format("module", "version"))
    print(row_format.format("------", "-------"))
    for module, version in version_rows:
        print(row_format.format(module, version.replace("\n", " ")))


def extract_version(module: ModuleType) -> str | None:
    if module.__name__ == "gdcm":
        return getattr(module, "GDCM_VERSION", None)
    version = getattr(module, "__version__", None)
    if version is None and module.__name__ == "construct":
        version = getattr(module, "version_string", None)
    return version


if __name__ == "__main__":
    main()
