"""A progress bar on standard error for long runs of ``show`` and ``inspect`` (tqdm, optional).

Drawn only when wanted (``--progress``, or by default when stderr is a terminal and stdout is
not, so the bar never mixes with the listing) and only once the work passes about a second.
"""

from __future__ import annotations

import sys
from typing import Any

INSTALL_HINT = "progress bars need tqdm: pip install 'dicomconstruct[progress]'"
DELAY_SECONDS = 1.0  # a run shorter than this never draws a bar


class Progress:
    """Bytes done out of ``total``; a no-op when not wanted or tqdm is missing."""

    def __init__(self, total: int, wanted: bool | None, what: str = "") -> None:
        self.bar: Any = None
        self.done = 0
        if wanted is None:
            wanted = sys.stderr.isatty() and not sys.stdout.isatty()
            required = False
        else:
            required = wanted
        if not wanted or total <= 0:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            if required:
                print(f"dicomconstruct: {INSTALL_HINT}", file=sys.stderr)
            return
        self.bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            delay=DELAY_SECONDS,
            file=sys.stderr,
            leave=False,
            desc=what,
            dynamic_ncols=True,
        )

    def advance_to(self, done: int) -> None:
        """The work has reached ``done`` bytes (never goes back)."""
        if self.bar is not None and done > self.done:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
