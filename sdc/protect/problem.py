"""The secondary-suppression problem of one measure of one table, in the attacker's terms.

The attacker is the one ``sdc check`` models (``sdc.audit``, the LP relaxation): every cell is a
variable, each published total an equation, a published cell is fixed (or an interval when the
policy rounds), a suppressed cell only keeps its domain (``[0, inf)`` for counts). Everything here
works in *movements* ``z = x - a`` away from the true table ``a``, so "can cell t be pushed up by R
without breaking any equation?" is one linear program, and its dual is a cut that every safe
suppression pattern must satisfy (Fischetti and Salazar's attacker subproblem).

A suppressed cell needs what SDC501/SDC502 check: it must not be exact, a count below the
small-count threshold must be able to reach it (``up_req``), and a magnitude with contribution
evidence must be able to move by its p% protection level both ways (``up_req``/``down_req``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from sdc.audit import AuditError, AuditTimeout, Interval, LinearSystem, audit
from sdc.errors import SdcError
from sdc.protect.deadline import Deadline, OutOfTime

Equation = tuple[dict[int, float], float]
# (target, sign) -> (reach, movement, duals of the equations), for one pattern
Reacher = Callable[[int, int], tuple[float, np.ndarray, np.ndarray]]

REACH_TOL = 1e-6  # relative slack when comparing a reach with a requirement


class ProtectionError(SdcError, RuntimeError):
    """A table cannot be protected as asked (a solver failed or no pattern exists)."""


@dataclass
class Grid:
    """A full N-dimensional table: every combination of categories (and totals) is one cell.

    ``totals[k]`` is the index of the total along axis ``k`` (``None`` when that axis has no
    margin, so no equation runs along it); ``var_at`` maps grid positions to variables.
    """

    shape: tuple[int, ...]
    totals: tuple[int | None, ...]
    var_at: np.ndarray

    @cached_property
    def position(self) -> np.ndarray:
        """Grid position of each variable (variables × axes)."""
        pos = np.zeros((self.var_at.size, len(self.shape)), dtype=np.int64)
        index = np.unravel_index(np.arange(self.var_at.size), self.shape)
        pos[self.var_at.ravel()] = np.stack(index, axis=1)
        return pos


@dataclass
class SuppressionProblem:
    """Cells, equations, costs and requirements; see the module docstring."""

    values: np.ndarray  # the true table a (a feasible completion for cells already hidden)
    equations: list[Equation]
    lower: np.ndarray  # domain of a suppressed cell (absolute)
    upper: np.ndarray
    pub_lo: np.ndarray  # movement a published cell allows (0 unless the policy rounds)
    pub_hi: np.ndarray
    fixed: np.ndarray  # suppressed whatever happens: primaries and cells hidden on input
    primary: np.ndarray
    allowed: np.ndarray  # may become a secondary suppression
    up_req: np.ndarray  # how far above a its interval must reach when suppressed
    down_req: np.ndarray  # how far below a
    exact_req: np.ndarray  # the movement that proves a cell is not exact
    small: np.ndarray  # a count below the threshold: only suppressed with its own protection
    cost: np.ndarray
    labels: list[str]
    grid: Grid | None = None
    # a hidden magnitude without its total (τ-ARGUS columns) whose interval's lower end is at
    # least this (its reach) is sensitive at no total it can hold: asked nothing below, as
    # SDC502 asks (``protection_shortfall``); inf elsewhere, None: no such cell
    down_clear: np.ndarray | None = None
    # cells whose requirement no pattern meets (below the floor the file's own printed tops
    # set): asked only as far as they can go, reported unresolved whenever hidden
    unreachable: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return int(self.values.size)

    @property
    def matrix(self) -> sp.csr_matrix:
        if "matrix" not in self._cache:
            system = LinearSystem(self.n, list(self.equations))
            self._cache["matrix"] = system.matrix()[0]
        return self._cache["matrix"]

    @property
    def big(self) -> float:
        """A finite stand-in for an unbounded upward movement (larger than any requirement)."""
        if "big" not in self._cache:
            scale = float(np.abs(self.values).sum()) + float(self.up_req.sum()) + 1.0
            self._cache["big"] = 10.0 * scale
        return self._cache["big"]

    def has_requirement(self, var: int) -> bool:
        return bool(self.up_req[var] > 0 or self.down_req[var] > 0)

    # -- the attacker's view -----------------------------------------------------------------

    def z_bounds(self, suppressed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of the movements ``z`` under a suppression pattern."""
        lo = np.where(suppressed, self.lower - self.values, self.pub_lo)
        hi = np.where(suppressed, np.minimum(self.upper - self.values, self.big), self.pub_hi)
        return lo, hi

    def system(self, suppressed: np.ndarray) -> LinearSystem:
        """What ``sdc check`` writes down for this pattern (absolute values)."""
        lower = np.where(suppressed, self.lower, self.values + self.pub_lo)
        upper = np.where(suppressed, self.upper, self.values + self.pub_hi)
        return LinearSystem(self.n, list(self.equations), lower, upper,
                            suppressed=[int(i) for i in np.flatnonzero(suppressed)],
                            labels=list(self.labels))


@dataclass(frozen=True)
class Shortfall:
    """A suppressed cell whose interval is too narrow: it must reach ``need`` in ``direction``
    (``+1`` up, ``-1`` down, ``0`` either way: it is exact and only needs to move)."""

    var: int
    direction: int
    need: float


def shortfalls(problem: SuppressionProblem, suppressed: np.ndarray,
               deadline: Deadline | None = None, targets: np.ndarray | None = None
               ) -> tuple[list[Shortfall], dict[int, Interval]]:
    """Audit a pattern with ``sdc.audit`` and list every requirement it misses; the audit
    stops at ``deadline`` (:class:`OutOfTime`: nothing is known about the pattern).
    ``targets``: audit only these hidden cells (default: every hidden cell)."""
    if not suppressed.any() or (targets is not None and len(targets) == 0):
        return [], {}
    limit = None
    if deadline is not None and deadline.limited():
        deadline.check()
        limit = deadline.left()
    try:
        wanted = None if targets is None else [int(t) for t in targets]
        intervals = audit(problem.system(suppressed), wanted, time_limit=limit)
    except AuditTimeout as exc:
        if deadline is not None:
            deadline.reached = True
        raise OutOfTime(str(exc)) from exc
    except AuditError as exc:
        raise ProtectionError(f"the audit of a suppression pattern failed: {exc}") from exc
    out: list[Shortfall] = []
    for var, iv in intervals.items():
        a = float(problem.values[var])
        up, down = float(problem.up_req[var]), float(problem.down_req[var])
        tol = REACH_TOL * max(1.0, abs(a))
        if up > 0 and iv.hi - a < up - tol:
            out.append(Shortfall(var, +1, up))
        clear = problem.down_clear is not None and iv.lo >= problem.down_clear[var] - tol
        if down > 0 and a - iv.lo < down - tol and not clear:
            out.append(Shortfall(var, -1, down))
        if ((up <= 0 and down <= 0) or clear) and iv.exact:  # cleared above its reach: exact
            out.append(Shortfall(var, 0, float(problem.exact_req[var])))
    return out, intervals


def reach(problem: SuppressionProblem, suppressed: np.ndarray, target: int, sign: int
          ) -> tuple[float, np.ndarray, np.ndarray]:
    """How far ``target`` can move in direction ``sign``; the movement and the equations' duals.

    Solves ``max sign * z_t`` subject to ``A z = 0`` and the pattern's bounds, on the cells that
    can move at all (suppressed, or published with a rounding interval) and the equations that
    hold them: published cells stay at ``z = 0``, so the rest of the table plays no part.
    """
    lo, hi = problem.z_bounds(suppressed)
    cols = np.flatnonzero(suppressed | (lo < hi))
    a = problem.matrix
    sub = a[:, cols].tocsr()
    rows = np.flatnonzero(np.diff(sub.indptr) > 0)
    sub = sub[rows]
    c = np.zeros(cols.size)
    local = np.searchsorted(cols, target)
    c[local] = -float(sign)
    res = linprog(c, A_eq=sub if rows.size else None,
                  b_eq=np.zeros(rows.size) if rows.size else None,
                  bounds=np.column_stack([lo[cols], hi[cols]]), method="highs")
    if res.status != 0:
        raise ProtectionError(f"the attacker's linear program failed: {res.message.strip()}")
    z = np.zeros(problem.n)
    z[cols] = res.x
    duals = np.zeros(a.shape[0])
    if rows.size:
        duals[rows] = np.asarray(res.eqlin.marginals)
    return float(-res.fun), z, duals


@dataclass
class Cut:
    """``const + sum(coef[j] * y[j]) >= need`` whenever the cell must reach ``need``:
    valid for every suppression pattern ``y`` (weak LP duality)."""

    var: int
    direction: int
    need: float
    const: float
    coef: dict[int, float]


def benders_cut(problem: SuppressionProblem, suppressed: np.ndarray, target: int, sign: int,
                need: float, reacher: Reacher | None = None) -> Cut | None:
    """The cut that the current pattern violates for ``target`` moving ``sign`` by ``need``.

    Any equation multipliers ``mu`` give a bound on the attacker's reach as a function of the
    pattern: ``sum_j (-lb_j(y) d_j+ + ub_j(y) d_j-)`` with ``d = c - A' mu``, where
    ``lb_j(y)``/``ub_j(y)`` are the movement bounds of cell j when published or suppressed. The
    multipliers of the current optimum make it tight. ``None`` when the pattern already reaches.
    ``reacher`` answers the reach for ``suppressed`` (a kept model) instead of :func:`reach`.
    """
    if reacher is None:
        value, _, mu = reach(problem, suppressed, target, sign)
    else:
        value, _, mu = reacher(target, sign)
    if value >= need - REACH_TOL * max(1.0, need):
        return None
    c = np.zeros(problem.n)
    c[target] = -float(sign)
    d = c - (problem.matrix.T @ mu if mu.size else np.zeros(problem.n))
    d_pos, d_neg = np.clip(d, 0.0, None), np.clip(-d, 0.0, None)
    pl, pu = problem.pub_lo, problem.pub_hi
    down_room = problem.values - problem.lower  # how far a suppressed cell may fall
    up_room = np.minimum(problem.upper - problem.values, problem.big)
    const = float(np.sum(-pl * d_pos + pu * d_neg))
    coef = (down_room + pl) * d_pos + (up_room - pu) * d_neg
    cap = need - const
    nz = np.flatnonzero(coef > 1e-9)
    return Cut(var=target, direction=sign, need=need, const=const,
               coef={int(j): float(min(coef[j], cap)) if cap > 0 else float(coef[j])
                     for j in nz})


def lp_completion(values: np.ndarray, hidden: np.ndarray, equations: list[Equation],
                  lower: np.ndarray, upper: np.ndarray,
                  printed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
                  ) -> np.ndarray:
    """A table consistent with the published cells, for cells already hidden on input.

    Their true values are unknown; any feasible point works because requirements are stated in
    absolute terms (a hidden count must still reach the threshold) and movements are relative.
    ``printed``: (which published cells, their lower and upper bounds) for numbers read as the
    intervals they print (``sdc.exponent_bounds``): they take a value in it too.
    """
    moves = printed[0] if printed is not None else np.zeros(values.size, dtype=bool)
    if not hidden.any() and not moves.any():
        return values.copy()
    n = values.size
    lo = np.where(hidden, lower, values)
    hi = np.where(hidden, upper, values)
    if printed is not None:
        lo, hi = np.where(moves, printed[1], lo), np.where(moves, printed[2], hi)
    a = LinearSystem(n, list(equations)).matrix()[0]
    res = linprog(np.where(hidden, 1e-9, 0.0), A_eq=a if a.shape[0] else None,
                  b_eq=np.zeros(a.shape[0]) if a.shape[0] else None,
                  bounds=np.column_stack([lo, hi]), method="highs")
    if res.status != 0:
        raise ProtectionError("the cells hidden on input cannot be completed consistently "
                              f"with the published totals ({res.message.strip()})")
    out = values.copy()
    out[hidden] = np.round(res.x[hidden], 9)
    out[moves] = res.x[moves]
    return out
