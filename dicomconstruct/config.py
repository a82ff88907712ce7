"""Run-time switches, under pydicom's names (``pydicom.config``).

``datetime_conversion``: when True, DA, DT and TM values are read as ``valuerep.DA``, ``DT``
and ``TM`` (``datetime.date``, ``datetime.datetime`` and ``datetime.time`` that keep their
text, PS3.5 Table 6.2-1); when False (the default) they are strings, as in pydicom.
"""

datetime_conversion = False
