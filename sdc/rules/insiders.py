"""What the largest contributor to a suppressed cell learns from its own value (SDC502).

The ESSnet handbook (ch. 4, secondary suppression) calls the feasible-interval test necessary
but not sufficient: it fails "when the only other suppressed cell within the same aggregation
is a sensitive cell too". The largest contributor of a hidden cell knows that the cell holds
at least its own contribution -- exactly that when it is the only contributor (a
*singleton*) -- and subtracting it narrows the other hidden cells of its lines; two
singletons hidden as each other's only complement each learn the other's value exactly. A
suppression pattern is valid only when no respondent can use its own contribution so.

Here, for each hidden sensitive magnitude (the ones whose largest contributor holds much of
it: a dominance rule flags them), the component's audit is run again with that cell bounded
below by its largest contribution (fixed, for a singleton), for the other hidden sensitive
cells that share a line with it. Only releases with two hidden sensitive magnitudes in one
line pay for it (one more audit per such cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.rules.protection_levels import DominanceLevels, magnitude_protection
from sdc.table import DataCell, Role

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

    from sdc.audit import Interval


@dataclass(frozen=True)
class InsiderInterval:
    """The interval the largest contributor of hidden cell ``insider`` derives for
    ``target`` (both block variables)."""

    insider: int
    target: int
    interval: Interval


def insider_bounds(cell: DataCell) -> tuple[float, float] | None:
    """What the largest contributor of a hidden magnitude knows of it: exactly its value when
    it is the only contributor, at least its own contribution otherwise; None without
    evidence of positive contributions."""
    import math

    evidence = cell.evidence or {}
    top, total = evidence.get("top"), evidence.get("total")
    if (cell.measure.role is not Role.MAGNITUDE or total is None or not top
            or evidence.get("n_negative") or not float(top[0]) > 0):
        return None
    if evidence.get("n_units") == 1:
        return float(total), float(total)
    return float(top[0]), math.inf


def insider_intervals(a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, hidden: dict[int, DataCell],
                      levels: DominanceLevels) -> list[InsiderInterval]:
    """For every hidden sensitive cell, the intervals its largest contributor derives for the
    other hidden sensitive cells of its lines (``hidden``: block variable -> cell)."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError, audit_matrix

    sensitive = {var: cell for var, cell in hidden.items()
                 if magnitude_protection(cell, levels) > 0}
    if len(sensitive) < 2:
        return []
    by_column = a.tocsc()
    found: list[InsiderInterval] = []
    for insider, cell in sensitive.items():
        knows = insider_bounds(cell)
        if knows is None:
            continue
        lines = by_column[:, insider].nonzero()[0]
        near = set(np.unique(a[lines].nonzero()[1]).tolist()) if len(lines) else set()
        targets = [var for var in sensitive if var != insider and var in near]
        if not targets:
            continue
        low, high = lower.copy(), upper.copy()
        low[insider] = max(low[insider], knows[0])
        high[insider] = min(high[insider], knows[1])
        try:
            intervals = audit_matrix(a, rhs, low, high, targets)
        except InfeasibleSystemError:  # the evidence does not fit the published table
            continue
        found.extend(InsiderInterval(insider, var, interval)
                     for var, interval in intervals.items())
    return found
