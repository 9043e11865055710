"""One clock for a whole ``protect`` call, so ``--time-limit`` bounds everything it does.

Every HiGHS run gets the time that is left as its own limit (the MILP's masters, the reach and
cycle models, the audit's programs), and the loops of the heuristic, the repair, the elimination
and the audits look at the clock as they go; a step cut off raises :class:`OutOfTime`, which the
step's caller turns into "not proven". What a stopped step leaves is never taken for safe: cells
it had not proven protected are reported as unprotected (fail closed).
"""

from __future__ import annotations

import math
import time
from typing import Any

from sdc.errors import SdcError


class OutOfTime(SdcError, RuntimeError):
    """The time limit ran out inside a step (a solve, an audit): nothing it was proving holds."""


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

    def limited(self) -> bool:
        return math.isfinite(self._end)

    def check(self) -> None:
        """Raise :class:`OutOfTime` once the clock has run out."""
        if self.expired():
            raise OutOfTime("the time limit ran out")


def timed_run(highs: Any, deadline: Deadline | None) -> None:
    """``highs.run()`` within the time left on ``deadline``; :class:`OutOfTime` if it runs out
    before or during the run."""
    if deadline is not None and deadline.limited():
        deadline.check()
        # HiGHS counts its limit against the instance's run time over every run so far
        highs.setOptionValue("time_limit", highs.getRunTime() + max(deadline.left(), 1e-3))
    highs.run()
    import highspy  # loaded already by whoever built ``highs``

    if deadline is not None and highs.getModelStatus() == highspy.HighsModelStatus.kTimeLimit:
        deadline.reached = True
        raise OutOfTime("the time limit ran out during a solve")
