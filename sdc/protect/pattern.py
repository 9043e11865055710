"""What a secondary-suppression method returns, and the requirements it works through."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sdc.protect.problem import SuppressionProblem


@dataclass
class Pattern:
    """A suppression pattern and how it was found.

    ``protects[j]`` lists the cells a secondary suppression ``j`` was added for. ``optimal`` is
    true when the MILP proved no cheaper pattern exists; ``lower_bound`` is the best proven
    bound on the cheapest pattern when it is known.
    """

    suppressed: np.ndarray
    method: str
    cost: float
    optimal: bool = False
    lower_bound: float | None = None
    protects: dict[int, list[int]] = field(default_factory=dict)
    unresolved: list[int] = field(default_factory=list)  # cells still short of protection
    stats: dict[str, float] = field(default_factory=dict)


def pattern_cost(problem: SuppressionProblem, suppressed: np.ndarray) -> float:
    """The cost of the secondary suppressions of a pattern (fixed cells are free)."""
    return float(problem.cost[suppressed & ~problem.fixed].sum())


def needs(problem: SuppressionProblem, var: int) -> list[tuple[int, float]]:
    """What a suppressed cell must reach: ``(+1, R)`` up, ``(-1, R)`` down, or ``(0, R)``
    either way (only not exact)."""
    out: list[tuple[int, float]] = []
    if problem.up_req[var] > 0:
        out.append((+1, float(problem.up_req[var])))
    if problem.down_req[var] > 0:
        out.append((-1, float(problem.down_req[var])))
    if not out and problem.exact_req[var] > 0:
        out.append((0, float(problem.exact_req[var])))
    return out
