"""The Context Groups of PS3.16 Annex B, under pydicom's private module name: ``name_for_cid``
(``{cid: name}``) and ``cid_concepts`` (``{cid: {scheme: [keyword, ...]}}``), read from
schemas/sr_cids.tsv (the live tables ``sr.codes`` uses)."""

from ._tables import read_cids

name_for_cid, cid_concepts = read_cids()
