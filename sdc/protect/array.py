"""Suppression for a count table held as an array with margins (benchmarks, notebooks)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sdc.protect.build import problem_from_array
from sdc.protect.pattern import Pattern
from sdc.protect.problem import SuppressionProblem


@dataclass
class ArrayProtection:
    """The pattern (``True`` = hidden, same shape as the table) and how it was found."""

    suppressed: np.ndarray
    primary: np.ndarray
    pattern: Pattern
    problem: SuppressionProblem

    @property
    def secondary(self) -> np.ndarray:
        return self.suppressed & ~self.primary

    def published(self) -> np.ndarray:
        """The table with hidden cells as NaN (``sdc.audit.system_from_array``'s input)."""
        out = self.problem.values.reshape(self.suppressed.shape).copy()
        out[self.suppressed] = np.nan
        return out


def protect_array(
    values: np.ndarray, *, threshold: int = 10, primary: np.ndarray | None = None,
    margins: bool = True, cost: str | np.ndarray = "cells", secondary: str = "auto",
    time_limit: float | str | None = "auto", zeros: bool = False,
    hierarchies: Mapping[int, Mapping[int, Sequence[int]]] | None = None,
) -> ArrayProtection:
    """Protect an N-D count table whose last index on each axis is its total (``margins``).

    Primary cells default to counts in ``1..threshold-1`` (and zeros when ``zeros``), margins
    included, as SDC101/SDC102 would flag them. ``time_limit`` as in ``solve_pattern`` (by
    default it grows with the table's size).
    """
    from sdc.protect.protection import solve_pattern

    arr = np.asarray(values, dtype=float)
    if primary is None:
        primary = ((arr > 0) & (arr < threshold)) | ((arr == 0) & zeros)
    prim = np.asarray(primary, dtype=bool)
    problem = problem_from_array(arr, prim, threshold=threshold, margins=margins, cost=cost,
                                 hierarchies=hierarchies)
    pattern = solve_pattern(problem, secondary=secondary, time_limit=time_limit)
    return ArrayProtection(suppressed=pattern.suppressed.reshape(arr.shape), primary=prim,
                           pattern=pattern, problem=problem)
