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

AUTO = "auto"  # the time limit when none is given: by the table's size
BASE_LIMIT = 30.0  # seconds, for tables up to BASE_LIMIT / PER_CELL (12,000) cells
PER_CELL = 0.0025  # seconds per cell above that: 250 s at 100,000 cells
MAX_LIMIT = 1800.0  # and never more than half an hour by default


def default_time_limit(cells: int) -> float:
    """The time limit of a protect when none is given: 30 s, or 2.5 ms per cell when that is
    more (250 s at 100,000 cells), at most 30 minutes. Measured (benchmarks/RESULTS.md, issue
    18): a 3-D table of 100,000 cells needed about 120 s on a loaded 2-core machine and a
    hierarchical one 40-190 s, so a fixed 30 s made large tables fail closed."""
    return min(max(BASE_LIMIT, PER_CELL * cells), MAX_LIMIT)


def resolve_limit(limit: float | str | None, cells: int) -> float | None:
    """``limit`` in seconds (``None``: no limit); ``"auto"`` is :func:`default_time_limit`."""
    if isinstance(limit, str):
        if limit != AUTO:
            raise ValueError(f"time limit {limit!r}: give seconds, None or {AUTO!r}")
        return default_time_limit(cells)
    return limit


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
