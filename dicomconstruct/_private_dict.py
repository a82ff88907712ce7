"""The private data dictionary (schemas/private_dictionary.tsv) under pydicom's private name.

``private_dictionaries`` is the live table the look-ups use (``datadict.get_private_entry``),
``{private creator: {"ggggxxee": entry}}`` with 'xx' for the block byte (PS3.5 §7.8.1); each
entry is a ``tables.DictEntry`` (VR, VM, name, retired, keyword) where pydicom has a tuple
(VR, VM, name, "Retired" or ""). pydicom's tests copy and restore it.
"""

from . import tables

# tables owns the table; this module only names it (loaded when first imported).
private_dictionaries = tables._ensure_private()

__all__ = ["private_dictionaries"]
