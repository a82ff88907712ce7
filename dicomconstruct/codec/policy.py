"""What a fault in the bytes does: the strict policy raises, the tolerant one records and reads on.

The walk states each rule of PS3.5 §7 once and hands every departure from it to a policy, so
that the strict reader and the inspection can never disagree on what is a fault.
"""

from __future__ import annotations

import warnings
from typing import Any

from .. import config
from ..errors import DicomError, InvalidDicomError
from .tokens import ERROR_CLASSES, KINDS, Problem

# Warnings that pydicom's strict reading mode (config.settings.reading_validation_mode = RAISE)
# raises as InvalidDicomError: an encoding other than the one declared.
RAISED_WHEN_VALIDATING = frozenset({"transfer-syntax-mismatch", "meta-implicit"})
# Warnings pydicom's reader also logs (its warn_and_log): the encoding found is not the one the
# meta declares, or the meta declares none the reader knows.
LOGGED = frozenset({"transfer-syntax-mismatch", "meta-implicit", "transfer-syntax-unknown"})


class Strict:
    """Raise the ``DicomError`` subclass of an error kind; warn (and read on) for the others.

    ``force`` is ``dcmread``'s: a file without preamble and prefix is read as a bare data set.
    ``held``, when given, collects the warnings' messages instead (``release`` gives them
    later): a read of a file's head that may be redone on the whole file warns once, not twice.
    """

    tolerant = False

    def __init__(self, force: bool = False, held: list[str] | None = None):
        self.force = force
        self.held = held
        self._logged: set[str] = set()

    def fault(
        self, kind: str, message: str, offset: int, path: str, depth: int, buf: Any, pos: int
    ):
        if KINDS[kind][0] == "error":
            raise ERROR_CLASSES.get(kind, DicomError)(message, offset, path)
        # (config.settings looked up now: importlib.reload(config) makes a new one)
        if (
            kind in RAISED_WHEN_VALIDATING
            and config.settings.reading_validation_mode == config.RAISE
        ):
            raise InvalidDicomError(message, offset, path)
        self.warn(message, stacklevel=4, log=kind in LOGGED)

    def warn(self, message: str, stacklevel: int = 2, log: bool = False) -> None:
        """A warning of the read (also logged to the ``dicomconstruct`` logger when ``log``):
        given now, or held (``held``) until the read is kept."""
        if self.held is not None:
            self.held.append(message)
            if log:
                self._logged.add(message)
            return
        if log:
            config.logger.warning(message)
        warnings.warn(message, UserWarning, stacklevel=stacklevel + 1)

    def release(self, stacklevel: int = 2) -> None:
        """Give the warnings held, as ``warn`` would have given them."""
        held, self.held = self.held or [], None
        logged = self._logged
        for message in held:
            self.warn(message, stacklevel + 1, log=message in logged)


STRICT = Strict()  # the policy of a walk given none


class Tolerant:
    """Record every fault as a ``Problem`` with the bytes around it; the walk then recovers."""

    tolerant = True
    force = True

    def __init__(self):
        self.problems: list[Problem] = []
        self.count = 0  # tokens seen so far, kept up to date by the consumer (a listing's order)

    def fault(
        self, kind: str, message: str, offset: int, path: str, depth: int, buf: Any, pos: int
    ):
        start = max(0, min(pos, len(buf)) - 16) & ~15
        window = (offset - pos + start, bytes(buf[start : start + 48]))
        self.problems.append(Problem(offset, kind, message, str(path), self.count, depth, window))
