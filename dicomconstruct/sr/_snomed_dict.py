"""SNOMED CT (SCT) ids and the retired SNOMED RT (SRT) ids they replace, under pydicom's
private module name: ``mapping`` is ``{"SCT": {sct: srt}, "SRT": {srt: sct}}``, read from
schemas/sr_snomed.tsv."""

from ._tables import read_snomed

mapping = read_snomed()
