"""Secondary suppression by Gaussian elimination (the idea of Langsrud's GaussSuppression, as
Statistics Norway uses it), then the heuristic's repair for what elimination cannot see.

Every cell is a linear function of the free "leaf" cells (those that are no equation's total):
its column ``x_j`` over the leaves. A hidden cell ``p`` is exactly determined by the published
cells when ``x_p`` lies in their span. Candidates are taken in order of preference to publish
(the costliest first: margins before inner cells, larger before smaller): each is reduced by the
published ones (Gaussian elimination); if it is already in their span it is published for free,
and if publishing it would leave some hidden cell's reduced column at zero it is suppressed
instead. The pattern leaves no hidden cell linearly determined, in one pass and without solving
any program.

Elimination ignores bounds (a count cannot go below 0) and intervals (a small count must be
able to reach the threshold), which the audit's attacker uses: the pattern is handed to the
heuristic as a start (as a stopped MILP's master is), which checks every hidden cell's reach and
adds cells where it falls short. So the result is safe by the same construction as the
heuristic's; elimination only chooses a good start cheaply.
"""

from __future__ import annotations

import heapq
import time

import numpy as np

from sdc.errors import InputError
from sdc.protect.deadline import Deadline
from sdc.protect.pattern import Pattern
from sdc.protect.problem import SuppressionProblem
from sdc.protect.secondary_heuristic import heuristic

TOL = 1e-9
Vector = dict[int, float]


class NotAHierarchy(InputError, ValueError):
    """The equations are not "total = sum of parts" all the way down to free leaf cells."""


def leaf_columns(problem: SuppressionProblem) -> list[Vector]:
    """``x_j`` for every cell: its expansion over the leaf cells (checked against every
    equation, so the leaves are free and span all the table's movements)."""
    defining = _defining_equations(problem)
    columns: list[Vector | None] = [None] * problem.n
    state = np.zeros(problem.n, dtype=np.int8)  # 0 new, 1 expanding, 2 done
    for j in range(problem.n):
        _expand(j, defining, columns, state)
    out = [c if c is not None else {} for c in columns]
    _check_leaves(problem, out)
    return out


def _defining_equations(problem: SuppressionProblem) -> dict[int, dict[int, float]]:
    """Each total's parts with their weights, from the first equation it is the total of."""
    defining: dict[int, dict[int, float]] = {}
    for coefs, _ in problem.equations:
        signs = {j: np.sign(c) for j, c in coefs.items() if c != 0}
        neg = [j for j, s in signs.items() if s < 0]
        pos = [j for j, s in signs.items() if s > 0]
        total = neg[0] if len(neg) == 1 else pos[0] if len(pos) == 1 and len(neg) > 1 else None
        if total is None:
            raise NotAHierarchy("an equation without a single total")
        if total not in defining:
            defining[total] = {j: -c / coefs[total] for j, c in coefs.items() if j != total}
    return defining


def _expand(j: int, defining: dict[int, dict[int, float]], columns: list[Vector | None],
            state: np.ndarray) -> None:
    """Fill ``columns[j]`` (and those of the totals below it), depth first without recursion;
    a total reached again while it is being expanded is a circle."""
    stack = [j]
    while stack:
        k = stack[-1]
        if state[k] == 2:
            stack.pop()
            continue
        parts = defining.get(k)
        if parts is None:
            columns[k] = {k: 1.0}
            state[k] = 2
            stack.pop()
            continue
        todo = [i for i in parts if state[i] != 2]
        if todo:
            if state[k] == 1 and any(state[i] == 1 for i in todo):
                raise NotAHierarchy("totals defined in a circle")
            state[k] = 1
            stack.extend(todo)
            continue
        acc: Vector = {}
        for i, c in parts.items():
            for leaf, v in (columns[i] or {}).items():
                acc[leaf] = acc.get(leaf, 0.0) + c * v
        columns[k] = {leaf: v for leaf, v in acc.items() if abs(v) > TOL}
        state[k] = 2
        stack.pop()


def _check_leaves(problem: SuppressionProblem, columns: list[Vector]) -> None:
    """Every equation must hold on the leaves, else they are not free."""
    for coefs, _ in problem.equations:
        acc: Vector = {}
        for j, c in coefs.items():
            for leaf, v in columns[j].items():
                acc[leaf] = acc.get(leaf, 0.0) + c * v
        if any(abs(v) > 1e-7 for v in acc.values()):
            raise NotAHierarchy("an equation does not follow from the leaves")


class _Elimination:
    """Published columns in echelon form; the hidden cells' columns kept reduced by them."""

    def __init__(self, hidden: dict[int, Vector]) -> None:
        self.pivots: list[tuple[int, Vector]] = []  # (leaf, column), in insertion order
        self.order_of: dict[int, int] = {}  # leaf -> its pivot's position
        self.hidden = hidden
        self.holding: dict[int, set[int]] = {}  # leaf -> hidden cells whose column has it
        for cell, col in hidden.items():
            for leaf in col:
                self.holding.setdefault(leaf, set()).add(cell)

    def reduce(self, column: Vector) -> Vector:
        v = dict(column)
        heap = [self.order_of[leaf] for leaf in v if leaf in self.order_of]
        heapq.heapify(heap)
        seen = set(heap)
        while heap:
            k = heapq.heappop(heap)
            leaf, piv = self.pivots[k]
            factor = v.get(leaf, 0.0)
            if abs(factor) <= TOL:
                continue
            for i, c in piv.items():
                new = v.get(i, 0.0) - factor * c
                if abs(new) <= TOL:
                    v.pop(i, None)
                else:
                    v[i] = new
                    o = self.order_of.get(i)
                    if o is not None and o not in seen:
                        seen.add(o)
                        heapq.heappush(heap, o)
        return v

    def publish(self, v: Vector) -> bool:
        """Add the reduced column ``v`` unless that pins a hidden cell; ``False`` if it would."""
        leaf = min(v, key=lambda i: len(self.holding.get(i, ())))
        scale = v[leaf]
        piv = {i: c / scale for i, c in v.items()}
        touched = list(self.holding.get(leaf, ()))
        updated: dict[int, Vector] = {}
        for cell in touched:
            u = self.hidden[cell]
            factor = u[leaf]
            if len(u) == len(piv) and all(
                    abs(u.get(i, 0.0) - factor * c) <= TOL * max(1.0, abs(factor))
                    for i, c in piv.items()):
                return False  # u is a multiple of v: publishing v would pin this cell
            new = dict(u)
            for i, c in piv.items():
                val = new.get(i, 0.0) - factor * c
                if abs(val) <= TOL:
                    new.pop(i, None)
                else:
                    new[i] = val
            updated[cell] = new
        for cell, new in updated.items():
            old = self.hidden[cell]
            for i in old.keys() - new.keys():
                self.holding[i].discard(cell)
            for i in new.keys() - old.keys():
                self.holding.setdefault(i, set()).add(cell)
            self.hidden[cell] = new
        self.order_of[leaf] = len(self.pivots)
        self.pivots.append((leaf, piv))
        return True

    def hide(self, cell: int, v: Vector) -> None:
        """A suppressed candidate becomes a hidden cell to keep undetermined too."""
        self.hidden[cell] = v
        for i in v:
            self.holding.setdefault(i, set()).add(cell)


def gauss_start(problem: SuppressionProblem, deadline: Deadline | None = None
                ) -> np.ndarray | None:
    """The elimination pattern (no hidden cell linearly determined); see the module doc.
    ``None`` when ``deadline`` stops it."""
    columns = leaf_columns(problem)
    suppressed = problem.fixed.copy()
    elim = _Elimination({int(j): dict(columns[j]) for j in np.flatnonzero(problem.fixed)})
    forced = np.flatnonzero(~problem.fixed & ~problem.allowed)
    candidates = np.flatnonzero(~problem.fixed & problem.allowed)
    sizes = np.array([len(c) for c in columns])
    key = np.lexsort((-sizes[candidates], -np.abs(problem.values[candidates]),
                      -problem.cost[candidates]))
    for step, j in enumerate([*forced.tolist(), *candidates[key].tolist()]):
        if step % 16 == 0 and deadline is not None and deadline.expired():
            return None
        v = elim.reduce(columns[j])
        if not v:
            continue  # already fixed by what is published
        if elim.publish(v) or not problem.allowed[j]:
            continue  # (a cell that may not be hidden is published whatever it pins)
        suppressed[j] = True
        elim.hide(int(j), v)
    return suppressed


def gauss(problem: SuppressionProblem, deadline: Deadline | None = None) -> Pattern:
    """Elimination, then the heuristic's check and repair (safe by construction)."""
    began = time.perf_counter()
    try:
        start = gauss_start(problem, deadline)
    except NotAHierarchy:
        pattern = heuristic(problem, deadline=deadline)
        pattern.stats["gauss_applies"] = 0.0
        return pattern
    eliminated = time.perf_counter() - began
    if start is None:  # out of time: nothing is proven
        unproven = [int(v) for v in np.flatnonzero(problem.fixed)]
        return Pattern(suppressed=problem.fixed.copy(), method="gauss", cost=0.0,
                       unresolved=unproven, stats={"timed_out": 1.0, "gauss_applies": 1.0})
    pattern = heuristic(problem, start=start, deadline=deadline, audit_start=True)
    added = int((pattern.suppressed & ~start).sum())
    pattern.method = "gauss" if added == 0 else "gauss+repair"
    pattern.stats.update({"gauss_seconds": eliminated, "gauss_cells": float(start.sum()),
                          "repair_cells": float(added), "gauss_applies": 1.0})
    return pattern
