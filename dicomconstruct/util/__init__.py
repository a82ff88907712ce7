"""Utilities around the core, as pydicom's ``util`` package: ``codify`` (Python code that
recreates a data set), ``dump`` and ``hexutil`` (hex dumps), ``leanread`` (a lean element
iterator over the reader) and ``fixer`` (callbacks for non-conformant values).
"""
