"""Optimal secondary suppression: a MILP (HiGHS through ``scipy.optimize.milp``) with cuts from
the attacker's linear programs, checked by ``sdc.audit`` at every round.

Variables are one binary ``y_j`` per cell (suppressed or not). The master problem minimises the
cost of the secondary suppressions subject to

* cover constraints: a suppressed cell is never alone in a line (``2 y_i <= sum_line y``), or
  it would be the total minus the others (only in lines whose other cells are published
  exactly: a rounded cell's interval leaves room);
* line capacity: a cell that must reach ``R`` needs, in each of its lines, suppressed partners
  that can absorb ``R`` (inner cells moving against it down to zero, totals moving with it);
* Benders cuts: after each solution the pattern is audited; for every cell whose interval is
  too narrow, the dual of its attacker program (``problem.benders_cut``) gives a linear
  inequality that this pattern violates and every safe pattern satisfies.

A cell that only needs to be "not exact" may move either way: a binary ``d_i`` picks the
direction whose cuts apply, so the model stays exact. The loop stops when the audit finds
nothing (the pattern is optimal when HiGHS proved each master optimal) or at the time limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from sdc.protect.deadline import Deadline, OutOfTime
from sdc.protect.pattern import Pattern, needs, pattern_cost
from sdc.protect.problem import Cut, Reacher, SuppressionProblem, benders_cut, shortfalls
from sdc.protect.reach_model import PatternReach

MAX_ROUNDS = 500


@dataclass
class _Rows:
    """Constraint rows over a growing set of columns."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)

    def add(self, coef: dict[int, float], lb: float, ub: float = np.inf) -> None:
        r = len(self.lb)
        for c, v in coef.items():
            if v != 0:
                self.rows.append(r)
                self.cols.append(c)
                self.vals.append(v)
        self.lb.append(lb)
        self.ub.append(ub)

    def constraint(self, n_cols: int) -> LinearConstraint:
        a = sp.csr_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.lb), n_cols))
        return LinearConstraint(a, np.array(self.lb), np.array(self.ub))


class _Master:
    """The master MILP: columns are y (cells), s (line sums), d (directions, added lazily)."""

    def __init__(self, problem: SuppressionProblem) -> None:
        self.problem = problem
        self.n = problem.n
        self.m = len(problem.equations)
        self.direction: dict[int, int] = {}  # cell -> column of its direction binary
        self.rows = _Rows()
        self.cuts = 0
        self._static()

    @property
    def n_cols(self) -> int:
        return self.n + self.m + len(self.direction)

    def _can_hide(self, j: int) -> bool:
        return bool(self.problem.fixed[j] or self.problem.allowed[j])

    def _static(self) -> None:
        p = self.problem
        loose = (p.pub_lo < 0) | (p.pub_hi > 0)  # published as an interval (rounding)
        for r, (coefs, _) in enumerate(p.equations):
            members = [j for j in coefs if self._can_hide(j)]
            row = {self.n + r: 1.0}
            for j in members:
                row[j] = -1.0
            self.rows.add(row, 0.0, 0.0)
            looser = [j for j in coefs if loose[j]]
            for j in members:
                # alone in a line of exact cells, a hidden cell is exact; where another cell
                # of the line is published as an interval it is not, and the row would forbid
                # safe patterns (the cuts say what that line leaves)
                if (p.exact_req[j] > 0 or p.has_requirement(j)) and not set(looser) - {j}:
                    self.rows.add({j: 2.0, self.n + r: -1.0}, -np.inf, 0.0)
        lines: dict[int, list[int]] = {}  # cell -> the equations it is in
        for r, (coefs, _) in enumerate(p.equations):
            for j in coefs:
                lines.setdefault(j, []).append(r)
        for i in np.flatnonzero(p.fixed | p.allowed):
            for direction, need in needs(p, int(i)):
                if direction == 0:
                    continue
                for r in lines.get(int(i), []):
                    self._line_cut(int(i), p.equations[r][0], direction, need)

    def _line_cut(self, i: int, coefs: dict[int, float], direction: int, need: float) -> None:
        """In one line, the partners of ``i`` must be able to absorb its movement."""
        p = self.problem
        const = 0.0
        coef: dict[int, float] = {}
        for j, cj in coefs.items():
            if j == i:
                continue
            ratio = cj / coefs[i]
            # z_j = -ratio * z_i when only i and j move: a part moves against another part,
            # a total with its part
            goes_up = -direction * ratio > 0
            if goes_up:
                pub = float(p.pub_hi[j])
                room = float(min(p.upper[j] - p.values[j], p.big))
            else:
                pub = float(-p.pub_lo[j])
                room = float(p.values[j] - p.lower[j])
            const += abs(ratio) * pub
            if self._can_hide(j):
                coef[j] = abs(ratio) * (room - pub)
        self._add_cut(Cut(var=i, direction=direction, need=need, const=const, coef=coef),
                      either=False)

    def _add_cut(self, cut: Cut, *, either: bool) -> None:
        """``const + sum(coef y) >= need * [cell hidden and this direction chosen]``."""
        cap = cut.need - cut.const
        row = {j: min(v, cap) if cap > 0 else v for j, v in cut.coef.items()
               if v > 1e-9 and self._can_hide(j)}
        row[cut.var] = row.get(cut.var, 0.0) - cut.need
        lb = -cut.const
        if either:
            if cut.var not in self.direction:
                self.direction[cut.var] = self.n_cols
            d = self.direction[cut.var]
            if cut.direction > 0:  # applies when d = 0
                row[d] = cut.need
            else:  # applies when d = 1
                row[d] = -cut.need
                lb -= cut.need
        self.rows.add(row, lb)
        self.cuts += 1

    def add_benders(self, suppressed: np.ndarray, var: int, direction: int, need: float,
                    reacher: Reacher | None = None) -> int:
        added = 0
        for sign in ((+1, -1) if direction == 0 else (direction,)):
            cut = benders_cut(self.problem, suppressed, var, sign, need, reacher)
            if cut is not None:
                self._add_cut(cut, either=direction == 0)
                added += 1
        return added

    def add_no_good(self, suppressed: np.ndarray) -> None:
        """Fallback when no cut explains a shortfall: hide at least one more cell."""
        free = np.flatnonzero(self.problem.allowed & ~suppressed)
        self.rows.add({int(j): 1.0 for j in free}, 1.0)
        self.cuts += 1

    def solve(self, time_limit: float) -> tuple[np.ndarray | None, float | None, bool]:
        """(pattern, proven lower bound on the cheapest safe pattern, solved to optimality)."""
        p = self.problem
        n_cols = self.n_cols
        c = np.zeros(n_cols)
        c[: self.n] = np.where(p.fixed, 0.0, p.cost)
        lb = np.zeros(n_cols)
        ub = np.ones(n_cols)
        lb[: self.n] = p.fixed.astype(float)
        ub[: self.n] = (p.fixed | p.allowed).astype(float)
        ub[self.n: self.n + self.m] = np.inf
        integrality = np.ones(n_cols)
        integrality[self.n: self.n + self.m] = 0
        res = milp(c, integrality=integrality, bounds=Bounds(lb, ub),
                   constraints=self.rows.constraint(n_cols),
                   options={"time_limit": max(time_limit, 0.1), "disp": False,
                            "mip_rel_gap": 1e-9})
        optimal = res.status == 0
        bound = getattr(res, "mip_dual_bound", None)
        if optimal and res.fun is not None:
            bound = float(res.fun)
        if bound is not None and not np.isfinite(bound):
            bound = None
        if res.x is None:
            return None, bound, False
        return res.x[: self.n] > 0.5, bound, optimal


@dataclass
class MilpResult:
    """The MILP's safe pattern (``None`` when none was proven safe in time) and the best lower
    bound it proved on the cost of any safe pattern."""

    pattern: Pattern | None
    lower_bound: float | None
    rounds: int
    seconds: float
    timed_out: bool
    last: np.ndarray | None = None  # the last master's pattern (unsafe): a start for a repair


def solve_milp(problem: SuppressionProblem, *, time_limit: float = 60.0,
               deadline: Deadline | None = None) -> MilpResult:
    """Cut-and-audit loop; see the module docstring. It stops at ``time_limit`` seconds or at
    ``deadline``, whichever comes first."""
    start = time.perf_counter()
    clock = deadline or Deadline(None)
    master = _Master(problem)
    best_bound: float | None = None
    last: np.ndarray | None = None
    rounds = 0

    def elapsed() -> float:
        return time.perf_counter() - start

    for rounds in range(1, MAX_ROUNDS + 1):
        left = min(time_limit - elapsed(), clock.left())
        if left <= 0 or clock.expired():
            break
        suppressed, bound, optimal = master.solve(left)
        if bound is not None:
            best_bound = bound if best_bound is None else max(best_bound, bound)
        if suppressed is not None:
            last = suppressed
        if suppressed is None or not optimal:
            break  # out of time (or infeasible) inside the master: no safe pattern proven
        if clock.expired():
            break  # no time to audit this master: not proven safe
        try:
            missing, _ = shortfalls(problem, suppressed, clock)
        except OutOfTime:
            break  # the audit was cut off: not proven safe
        if not missing:
            cost = pattern_cost(problem, suppressed)
            pattern = Pattern(
                suppressed=suppressed, method="milp", cost=cost, optimal=True,
                lower_bound=cost,
                stats={"seconds": elapsed(), "rounds": rounds, "cuts": master.cuts,
                       "variables": master.n_cols})
            return MilpResult(pattern, cost, rounds, elapsed(), False)
        reacher = PatternReach(problem, suppressed, clock).reach  # one model per component
        try:
            added = sum(master.add_benders(suppressed, s.var, s.direction, s.need, reacher)
                        for s in missing)
        except OutOfTime:
            break
        if not added:
            master.add_no_good(suppressed)
    return MilpResult(None, best_bound, rounds, elapsed(), True, last)
