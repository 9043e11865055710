"""Suppression patterns that hold against the largest contributors of hidden cells.

``sdc check`` asks (SDC502, ``sdc.rules.insiders``) that no hidden sensitive cell be pinned
inside its protection by the largest contributor of another hidden sensitive cell of its
lines, who knows its own contribution (the whole cell for a singleton). The planners protect
against an outsider; two singletons hidden as each other's complement satisfy them and fail
the check. This repair looks for such pairs in a planned pattern and hides one more cell of
a line the pair shares (the cheapest the planner may use), then plans again with it fixed, as
the SDC Handbook's remedy for singletons does (a third, non-sensitive cell in the line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sdc.rules.protection_levels import DominanceLevels, protection_shortfall

if TYPE_CHECKING:
    from sdc.protect.pattern import Pattern
    from sdc.protect.problem import SuppressionProblem
    from sdc.table import DataCell

MAX_ROUNDS = 5  # each round hides at least one more cell; the check still reports the rest


def insider_breaches(problem: SuppressionProblem, suppressed: np.ndarray,
                     cells: list[DataCell], levels: DominanceLevels) -> list[tuple[int, int]]:
    """(insider, target) pairs of hidden cells where the insider's largest contributor pins
    the target inside its protection, as SDC502 reads it (missing contributions as large as
    they can be: a shortfall the check would only review is repaired too)."""
    from sdc.audit import LinearSystem
    from sdc.rules.insiders import insider_bounds, insider_intervals

    hidden = {int(v): cells[v] for v in np.flatnonzero(suppressed)
              if insider_bounds(cells[v]) is not None}
    if len(hidden) < 2:
        return []
    a, rhs = LinearSystem(problem.n, list(problem.equations)).matrix()
    lower = np.where(suppressed, problem.lower, problem.values + problem.pub_lo)
    upper = np.where(suppressed, problem.upper, problem.values + problem.pub_hi)
    found = []
    for seen in insider_intervals(a, rhs, lower, upper, hidden, levels):
        if protection_shortfall(cells[seen.target], seen.interval.lo, seen.interval.hi,
                                levels) is not None:
            found.append((seen.insider, seen.target))
    return found


def repair_insiders(problem: SuppressionProblem, pattern: Pattern, cells: list[DataCell],
                    levels: DominanceLevels, solve: Callable[[], Pattern],
                    expired: Callable[[], bool] = lambda: False
                    ) -> tuple[Pattern, dict[int, tuple[int, int]]]:
    """``pattern``, or a pattern planned again with one more cell hidden in a line of each
    insider pair (fixed in ``problem``), until no pair is left, no cell can be added or the
    time limit is reached (``expired``: the check then reports what is left); and the cells
    added, each with the (insider, target) pair it was added for."""
    added: dict[int, tuple[int, int]] = {}
    for _ in range(MAX_ROUNDS):
        if expired():
            break
        pairs = insider_breaches(problem, pattern.suppressed, cells, levels)
        if not pairs:
            break
        matrix = problem.matrix.tocsc()
        now: set[int] = set()
        for insider, target in pairs:
            lines = set(matrix[:, insider].nonzero()[0]) & set(matrix[:, target].nonzero()[0])
            members = {int(v) for line in lines for v in problem.matrix[line].nonzero()[1]}
            if members & now:
                continue  # a cell added this round already opens their line
            candidates = {v for v in members
                          if problem.allowed[v] and not pattern.suppressed[v]}
            if not candidates:
                continue
            pick = min(candidates, key=lambda v: (problem.cost[v], v))
            problem.fixed[pick], problem.allowed[pick] = True, False
            added[pick] = (insider, target)
            now.add(pick)
        if not now:
            break
        pattern = solve()
    return pattern, added
