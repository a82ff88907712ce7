"""Coded concepts by coding scheme (PS3.16), under pydicom's private module name:
``concepts`` is ``{scheme: {keyword: {code: (meaning, [cid, ...])}}}``, read from
schemas/sr_concepts.tsv (the live table ``sr.codes`` uses)."""

from ._tables import read_concepts

concepts = read_concepts()
