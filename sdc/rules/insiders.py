"""What the largest contributor to a suppressed cell learns from its own value (SDC502).

The ESSnet handbook (ch. 4, secondary suppression) calls the feasible-interval test necessary
but not sufficient: it fails "when the only other suppressed cell within the same aggregation
is a sensitive cell too". The largest contributor of a hidden cell knows that the cell holds
at least its own contribution -- exactly that when it is the only contributor (a
*singleton*) -- and subtracting it narrows the other hidden cells of its lines; two
singletons hidden as each other's only complement each learn the other's value exactly. A
suppression pattern is valid only when no respondent can use its own contribution so.

Here, for each hidden sensitive magnitude (the ones whose largest contributor holds much of
it: a dominance rule flags them, or may, when the evidence lists fewer contributions than the
rules read or gives no total: ``protection_levels.needs_protection``), the component's audit
is run again with that cell bounded below by its largest contribution (fixed, for a
singleton), for the other hidden sensitive cells that share a line with it. Only releases
with two hidden sensitive magnitudes in one line pay for it (one more audit per such cell).

The handbook's other insufficient case: one respondent contributing to several hidden cells
knows its own contribution to each of them at once. When the evidence names the contributors
of each cell's largest contributions (``top_ids`` in the sidecar), each respondent found in two
hidden cells or more gets one audit with all its cells bounded below by its contributions
jointly, for the hidden sensitive cells of their lines it is not the largest contributor of
(its own share of a cell it only adds to is what the p% level already grants it): two cells a
firm dominates, hidden together beside a third, pin that third cell where neither cell's
largest contributor alone could. Identifiers only add bounds, so they can only narrow an
interval (a wrong one can add a finding, never remove one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.rules.protection_levels import DominanceLevels, needs_protection
from sdc.table import DataCell, Role
from sdc.tolerance import float_slack

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
    also: tuple[int, ...] = ()  # the respondent's other hidden cells, bounded with ``insider``


def insider_bounds(cell: DataCell) -> tuple[float, float] | None:
    """What the largest contributor of a hidden magnitude knows of it: exactly its value when
    it is the only contributor, at least its own contribution otherwise; None without
    evidence of positive contributions. Its own contribution is all it needs, so a cell whose
    evidence gives its tops but not its total (τ-ARGUS columns beside a hidden cell) is
    bounded too (a sole contributor's cell is its ``top1``)."""
    import math

    evidence = cell.evidence or {}
    top = evidence.get("top")
    if (cell.measure.role is not Role.MAGNITUDE or not top
            or evidence.get("n_negative") or not float(top[0]) > 0):
        return None
    if evidence.get("n_units") == 1:
        return _whole(cell), _whole(cell)
    return float(top[0]), math.inf


def _whole(cell: DataCell) -> float:
    """A sole contributor's cell: its total, else (not given) its one contribution."""
    evidence = cell.evidence or {}
    total = evidence.get("total")
    return float(total if total is not None else evidence["top"][0])


def respondent_bounds(cell: DataCell) -> dict[str, tuple[float, float]]:
    """Each identified contributor of a hidden magnitude and what it knows of the cell: at
    least its own contribution, exactly the cell when it is the only contributor (``top_ids``
    beside ``top``; nothing without them or with negative values)."""
    import math

    evidence = cell.evidence or {}
    ids, top = evidence.get("top_ids"), evidence.get("top") or []
    if insider_bounds(cell) is None or not isinstance(ids, list):
        return {}
    known: dict[str, tuple[float, float]] = {}
    for rank, (who, value) in enumerate(zip(ids, top, strict=False)):
        if who is None or not float(value) > 0:
            continue
        if rank == 0 and evidence.get("n_units") == 1:
            known[str(who)] = (_whole(cell), _whole(cell))
        else:
            low, high = known.get(str(who), (0.0, math.inf))
            known[str(who)] = (max(low, float(value)), high)
    return known


def _largest(cell: DataCell) -> str | None:
    """The identified largest contributor of a cell, if the evidence names it."""
    ids = (cell.evidence or {}).get("top_ids")
    return str(ids[0]) if isinstance(ids, list) and ids and ids[0] is not None else None


def _leads_its_margin(margin: DataCell, cell: DataCell, levels: DominanceLevels) -> bool:
    """Whether the largest contributor of ``cell`` is, by the contributions alone, the sole
    largest contributor of ``margin``, a margin of it, and the margin's value, were that
    contributor to learn it exactly, would still not disclose the margin's second largest
    contribution to it. The margin's protection level protects its largest contributor from
    the second; the largest attacking the second is the other way round: knowing ``X`` it
    estimates ``x2`` as ``X - x1``, off by ``X - x1 - x2``, which the p% rule (with prior
    knowledge ``q``) asks to be at least ``(p/q) x2``. Only then is the insider no threat to
    the margin (round 31: a hidden row margin under the (p,q) rule was SDC502 where the
    handbook calls it protected). Fail closed: the (n,k) rules or a coalition (``c`` > 1)
    have no such reading, and a margin whose total or second contribution is not listed
    keeps the finding."""
    if (levels.p is None or levels.nk or levels.c != 1 or levels.q <= 0
            or not _contains(margin, cell)):
        return False
    mine = (cell.evidence or {}).get("top") or []
    evidence = margin.evidence or {}
    theirs, total = evidence.get("top") or [], evidence.get("total")
    if not mine or not theirs or total is None or evidence.get("n_negative"):
        return False
    if len(theirs) > 1:
        second = float(theirs[1])
    elif evidence.get("n_units") == 1:
        second = 0.0
    else:
        return False  # the margin's second contribution is not listed: it may be as large
    x = float(mine[0])
    if not (abs(float(theirs[0]) - x) <= float_slack(x) and second < x):
        return False
    rest = float(total) - x - second
    return rest >= levels.p / levels.q * second


def _contains(outer: DataCell, inner: DataCell) -> bool:
    """Whether ``outer`` is a margin of ``inner`` in one table: the same measure, a total
    at every dimension ``inner`` is a total at and at least one more, and the same label
    at every other dimension."""
    if outer is inner or outer.measure is not inner.measure \
            or not inner.total_dims < outer.total_dims:
        return False
    a, b = outer.coords, inner.coords
    return a.keys() == b.keys() and all(a[dim] == b[dim] for dim in a
                                        if dim not in outer.total_dims)


def _equal_variables(a: sp.csr_matrix, rhs: np.ndarray) -> dict[int, int]:
    """Block variable -> one representative of the variables that lines of two terms make
    equal (``x − y = 0``: a table's only category beside its margin, one margin published in
    two linked tables); variables in no such line are left out."""
    import numpy as np

    parent: dict[int, int] = {}

    def find(v: int) -> int:
        root = v
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(v, v) != root:  # shorten the path for the next look
            parent[v], v = root, parent[v]
        return root

    for row in np.flatnonzero(np.diff(a.indptr) == 2).tolist():
        lo = a.indptr[row]
        u, w = (int(x) for x in a.indices[lo:lo + 2])
        cu, cw = (float(x) for x in a.data[lo:lo + 2])
        if cu == -cw and rhs[row] == 0:
            parent[find(u)] = find(w)
    return {v: find(v) for v in list(parent)}


def _respondents(hidden: dict[int, DataCell],
                 equal: dict[int, int] | Callable[[], dict[int, int]] | None = None
                 ) -> dict[str, dict[int, tuple[float, float]]]:
    """Respondent id -> what it knows of each hidden cell it contributes to, for those found
    in two hidden cells or more that are not margins of one another (one cell alone is the
    largest-contributor audit's case; every contributor of a hidden cell is also in that
    cell's hidden margins, and a margin of a cell adds no cell of its own). Cells the lines
    make equal (``equal``, :func:`_equal_variables`, or what makes it: worked out only when
    a respondent is in two cells) count as one, and one contains another
    where any of its equals is a margin of any of the other's: a margin copied into a linked
    table, or a table's only category, adds no cell either. Each respondent kept is audited
    with all its cells, margins included."""
    by_id: dict[str, dict[int, tuple[float, float]]] = {}
    for var, cell in hidden.items():
        for who, bounds in respondent_bounds(cell).items():
            by_id.setdefault(who, {})[var] = bounds
    if callable(equal) and any(len(cells) > 1 for cells in by_id.values()):
        equal = equal()
    same: dict[int, int] = equal if isinstance(equal, dict) else {}

    def several(cells: dict[int, tuple[float, float]]) -> bool:
        classes: dict[int, list[int]] = {}
        for v in cells:
            classes.setdefault(same.get(v, v), []).append(v)
        if len(classes) < 2:
            return False
        groups = list(classes.values())
        innermost = [g for g in groups
                     if not any(_contains(hidden[v], hidden[w])
                                for other in groups if other is not g
                                for v in g for w in other)]
        # a cycle of containments (none innermost) is not read: audited as several
        return len(innermost) > 1 or not innermost

    return {who: cells for who, cells in sorted(by_id.items())
            if len(cells) > 1 and several(cells)}


def _lines_near(a: sp.csr_matrix, by_column: sp.csc_matrix, variables: list[int]) -> set[int]:
    """The variables sharing an equation with any of ``variables``."""
    import numpy as np

    lines = np.unique(by_column[:, variables].nonzero()[0])
    return set(np.unique(a[lines].nonzero()[1]).tolist()) if len(lines) else set()


class _LocalAudit:
    """The audit of a few hidden cells' own part of a system: the variables free to move
    (``lower < upper``: the hidden cells, rounded counts) joined by the equations they share,
    every fixed (published) value moved to the right-hand side. The linear program of a
    free variable involves only its part, so each part's audit gives the whole system's
    intervals exactly, at the cost of the part: one audit per insider over the whole
    component was quadratic in the hidden cells (a τ-ARGUS table of 100 regions, two
    districts hidden in each, every one an insider: 52 s of insider audits)."""

    def __init__(self, a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray,
                 upper: np.ndarray) -> None:
        import numpy as np
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components

        self.a, self.lower, self.upper = a.tocsr(), lower, upper
        free = ~(lower == upper)
        fixed_values = np.where(free, 0.0, lower)
        self.rhs = rhs - self.a @ fixed_values  # published values moved over
        self.free = free
        touched = self.a[:, np.flatnonzero(free)]
        # free variables sharing an equation: one part
        link = (touched.T @ touched).tocsr() if touched.shape[1] else sp.csr_matrix((0, 0))
        _, labels = connected_components(link, directed=False) if link.shape[0] else (0, [])
        self.part = np.full(a.shape[1], -1)
        self.part[np.flatnonzero(free)] = labels

    def intervals(self, low: np.ndarray, high: np.ndarray, own: list[int],
                  targets: list[int]) -> dict[int, Interval]:
        """The intervals of ``targets`` under the bounds ``low``/``high`` (the system's, a
        cell an insider knows bounded more), each over its own part and those of ``own``
        (the insider's cells: fixed by it, they leave the free variables' parts as they
        are); raises as the audit does when they do not fit."""
        import numpy as np

        from sdc.audit import Interval, audit_matrix

        parts = {int(self.part[v]) for v in [*own, *targets] if self.part[v] >= 0}
        columns = np.flatnonzero(np.isin(self.part, list(parts)))
        # an insider pinned exactly (a singleton) stays a column: its value enters the lines
        columns = np.union1d(columns, np.asarray(own, dtype=int))
        sub = self.a[:, columns]
        rows = np.flatnonzero(np.diff(sub.tocsr().indptr) > 0)
        extra = np.setdiff1d(np.asarray(own, dtype=int), np.flatnonzero(self.free))
        rhs = self.rhs[rows] + (self.a[rows][:, extra] @ self.lower[extra]
                                if len(extra) else 0.0)
        where = {int(v): k for k, v in enumerate(columns.tolist())}
        found = audit_matrix(sub[rows].tocsr(), rhs, low[columns], high[columns],
                             [where[t] for t in targets])
        # lo and hi only: a derivation would name the part's equations, not the system's
        return {int(columns[j]): Interval(iv.lo, iv.hi, iv.exact) for j, iv in found.items()}


def insider_intervals(a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, hidden: dict[int, DataCell],
                      levels: DominanceLevels) -> list[InsiderInterval]:
    """For every hidden sensitive cell, the intervals its largest contributor derives for the
    other hidden sensitive cells of its lines (``hidden``: block variable -> cell)."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError

    sensitive = {var: cell for var, cell in hidden.items() if needs_protection(cell, levels)}
    respondents = _respondents(hidden, lambda: _equal_variables(a, rhs))
    if not sensitive or (len(sensitive) < 2 and not respondents):
        return []
    by_column = a.tocsc()
    local = _LocalAudit(a, rhs, lower, upper)
    found: list[InsiderInterval] = []
    for insider, cell in sensitive.items():
        knows = insider_bounds(cell)
        if knows is None:
            continue
        lines = by_column[:, insider].nonzero()[0]
        near = set(np.unique(a[lines].nonzero()[1]).tolist()) if len(lines) else set()
        targets = [var for var in sensitive if var != insider and var in near
                   and not _leads_its_margin(sensitive[var], cell, levels)]
        if not targets:
            continue
        low, high = lower.copy(), upper.copy()
        low[insider] = max(low[insider], knows[0])
        high[insider] = min(high[insider], knows[1])
        try:
            intervals = local.intervals(low, high, [insider], targets)
        except InfeasibleSystemError:  # the evidence does not fit the published table
            continue
        found.extend(InsiderInterval(insider, var, interval)
                     for var, interval in intervals.items())
    for who, cells in respondents.items():
        found.extend(_respondent_intervals(local, lower, upper, cells, {
            var: cell for var, cell in sensitive.items() if _largest(cell) != who}, by_column))
    return found


def _respondent_intervals(local: _LocalAudit, lower: np.ndarray, upper: np.ndarray,
                          cells: dict[int, tuple[float, float]],
                          sensitive: dict[int, DataCell], by_column: sp.csc_matrix
                          ) -> list[InsiderInterval]:
    """What one respondent derives for the hidden sensitive cells of its cells' lines
    (``sensitive``: those it is not the largest contributor of; a cell it only adds to is
    the one whose largest contribution it may estimate), its own contributions to all its
    hidden cells bounding them jointly."""
    from sdc.audit import InfeasibleSystemError

    own = sorted(cells)
    near = _lines_near(local.a, by_column, own)
    targets = [var for var in sensitive if var in near]
    if not targets:
        return []
    low, high = lower.copy(), upper.copy()
    for var, (at_least, at_most) in cells.items():
        low[var] = max(low[var], at_least)
        high[var] = min(high[var], at_most)
    try:
        intervals = local.intervals(low, high, own, targets)
    except InfeasibleSystemError:  # the evidence does not fit the published table
        return []
    found = []
    for var, interval in intervals.items():  # named by a cell sharing a line with the target
        lines = set(by_column[:, var].nonzero()[0].tolist())
        lead = next((v for v in own if lines & set(by_column[:, v].nonzero()[0].tolist())),
                    own[0])
        found.append(InsiderInterval(lead, var, interval, tuple(v for v in own if v != lead)))
    return found
