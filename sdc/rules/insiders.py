"""What a single contributor to a suppressed cell learns from its own value (SDC502).

The ESSnet handbook (ch. 4, secondary suppression) warns that a feasible interval wide enough
for an outsider is not always enough: a suppressed cell with one contributor (a *singleton*)
is known exactly to that contributor, so when it is hidden together with another sensitive
cell, the contributor subtracts its own value and narrows the other's interval -- with two
singletons as the only hidden cells of a line, each learns the other's value exactly. A
suppression pattern is valid only when no respondent can use its own contribution so.

Here, for each hidden magnitude whose evidence shows a single contributor, the component's
audit is run again with that cell fixed at its value (what its contributor knows), for the
other hidden cells that a dominance rule makes sensitive. Only releases with a hidden
singleton beside another hidden sensitive cell pay for it (one more audit per singleton).
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
    """The interval the contributor of hidden singleton ``insider`` derives for ``target``
    (both block variables)."""

    insider: int
    target: int
    interval: Interval


def singleton_value(cell: DataCell) -> float | None:
    """The value of a hidden magnitude with one contributor (who knows it), else None."""
    evidence = cell.evidence or {}
    if (cell.measure.role is not Role.MAGNITUDE or evidence.get("n_units") != 1
            or evidence.get("total") is None or evidence.get("n_negative")):
        return None
    return float(evidence["total"])


def insider_intervals(a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, hidden: dict[int, DataCell],
                      levels: DominanceLevels) -> list[InsiderInterval]:
    """For every hidden singleton, the intervals its contributor derives for the other hidden
    cells that need protection (``hidden``: block variable -> cell)."""
    from sdc.audit import InfeasibleSystemError, audit_matrix

    singles = {var: value for var, cell in hidden.items()
               if (value := singleton_value(cell)) is not None}
    sensitive = [var for var, cell in hidden.items() if magnitude_protection(cell, levels) > 0]
    found: list[InsiderInterval] = []
    for insider, value in singles.items():
        targets = [var for var in sensitive if var != insider]
        if not targets:
            continue
        low, high = lower.copy(), upper.copy()
        low[insider] = high[insider] = value
        try:
            intervals = audit_matrix(a, rhs, low, high, targets)
        except InfeasibleSystemError:  # the evidence does not fit the published table
            continue
        found.extend(InsiderInterval(insider, var, interval)
                     for var, interval in intervals.items())
    return found
