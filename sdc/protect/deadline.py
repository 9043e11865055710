"""One clock for a whole ``protect`` call, so ``--time-limit`` bounds everything it does.

The MILP's masters get the time that is left; the heuristic, the repair and the audits look at
the clock between steps and stop when it has run out. What a stopped step leaves is never taken
for safe: cells it had not proven protected are reported as unprotected (fail closed).
"""

from __future__ import annotations

import math
import time


class Deadline:
    """``seconds`` from now (``None``: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._end = math.inf if seconds is None else time.perf_counter() + max(seconds, 0.0)
        self.reached = False  # set once a step found the clock run out

    def left(self) -> float:
        return max(self._end - time.perf_counter(), 0.0)

    def expired(self) -> bool:
        if time.perf_counter() >= self._end:
            self.reached = True
        return self.reached
