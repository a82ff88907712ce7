"""A pytest plugin that runs pydicom's own test suite with ``pydicom`` resolving to dicomconstruct.

Loaded by ``run_pydicom_suite.py`` with ``-p pydicom_suite_plugin``, before pydicom's conftest.
"""

# pydicom's tests find their files through ``pydicom.data.get_testdata_file``, which searches
# the data package beside pydicom's code (``src/pydicom/data`` in the sdist) and pydicom-data.
# dicomconstruct's own ``data`` package holds dicomconstruct's test files, so for this suite
# ``pydicom.data`` is pydicom's data package, loaded from the unpacked sdist; every other
# ``pydicom.X`` is ``dicomconstruct.X`` through dicomconstruct.compat.

from __future__ import annotations

import importlib.util
import os
import sys

from dicomconstruct import compat

compat.install()

_data = os.environ.get("DICOMCONSTRUCT_PYDICOM_DATA")
if _data:
    _spec = importlib.util.spec_from_file_location(
        "pydicom.data",
        os.path.join(_data, "__init__.py"),
        submodule_search_locations=[_data],
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["pydicom.data"] = _module
    try:
        _spec.loader.exec_module(_module)
    except ImportError as exc:
        # pydicom's data manager imports pydicom.misc: if that is missing, each test module
        # that needs pydicom.data fails to import, and is counted so.
        del sys.modules["pydicom.data"]
        print(f"pydicom_suite_plugin: pydicom.data not loaded: {exc}", file=sys.stderr)
