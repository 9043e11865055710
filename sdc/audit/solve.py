"""Feasible intervals of suppressed cells: elimination first, linear programs for what is left.

The audit is the *LP relaxation*, the standard attacker model of cell-suppression audits (as in
tau-Argus and sdcTable): cells are real numbers between their bounds, not integers. The interval it
returns contains every integer solution, so it never understates what an attacker learns from
the linear relations alone; for counts the integer interval can only be narrower (the end points
rounded inwards), and for the ±1 systems of tables with margins the vertices of the relaxation are
integral anyway, so the two agree.

:func:`audit` is the fast path:

1. substitute published values; solve equations left with one unknown, repeatedly (exact cells with
   a derivation ``X = total - a - b``);
2. split the remaining unknowns into components that share no equation and, per component, find
   by a rank check the unknowns a combination of equations isolates (exact, with the weights);
3. per component, propagate bounds through the equations (valid outer bounds), then solve linear
   programs only on that component. An end point is settled as soon as any feasible solution
   reaches its outer bound. Programs maximising (minimising) the sum of the unsettled targets come
   first, repeated while they settle many; then programs pushing targets that share no equation
   to their outer bounds together (a cell's end point is usually the bound propagation gave
   it); then one program per end point left, whose optimum
   also tightens that bound, and every few of them bounds are propagated again so that earlier
   solutions can settle more.

Counted on the benchmark (``benchmarks/bench_audit.py``), this solves about one program per five
cells instead of two per cell, each on a component instead of the whole table.

:func:`audit_naive` is the reference: two linear programs per target on the whole system. Both raise
:class:`~sdc.audit.system.InfeasibleSystemError` when the published numbers contradict each other.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from sdc.audit.intervals import (
    EQ_TOL,
    LP_TOL,
    OPEN,
    checked_inputs,
    lp_interval,
    scale,
    snap,
)
from sdc.audit.presolve import Elimination, components, stored_entries, tighten_bounds
from sdc.audit.rank import Neighbourhoods, isolating_weights
from sdc.audit.solved_once import (
    by_pieces,
    kept_weights,
    memo_key,
    remember,
    solved_before,
    weights_key,
)
from sdc.audit.system import AuditError, InfeasibleSystemError, Interval, LinearSystem
from sdc.blas import one_blas_thread
from sdc.highs import quiet_highs

__all__ = ["AuditStats", "AuditTimeout", "audit", "audit_matrix", "audit_naive"]

# the tolerances and the interval of two end points are shared with the audit of a system
# with no equation (``sdc.audit.intervals``), which loads neither scipy nor HiGHS
_scale, _snap, _OPEN, _lp_interval = scale, snap, OPEN, lp_interval


class AuditTimeout(AuditError):
    """The audit's time limit ran out before every interval was known (none is returned)."""


@dataclass
class AuditStats:
    """What the audit did, for benchmarks and logs."""

    targets: int = 0
    published: int = 0  # targets that were not suppressed at all
    by_elimination: int = 0  # targets exact from single-unknown equations
    by_rank: int = 0  # targets exact through a combination of equations (possibly via a chain)
    rank_steps: int = 0  # unknowns the rank check fixed (propagation fixed the rest of a chain)
    without_derivation: int = 0  # exact targets whose derivation is too long to write out
    components: int = 0  # components that needed a linear program
    largest_component: int = 0  # unknowns in the largest of them
    linear_programs: int = 0
    by_witness: int = 0  # end points settled by a solution reaching their outer bound
    by_ray: int = 0  # end points infinite by a private unbounded partner in each equation


def _targets(system: LinearSystem, targets: Sequence[int] | None) -> list[int]:
    out = [int(t) for t in (system.suppressed if targets is None else targets)]
    for t in out:
        if not 0 <= t < system.n_vars:
            raise ValueError(f"target {t} is not a variable of a system of {system.n_vars}")
    return list(dict.fromkeys(out))


_SETTLED = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnbounded)


class _Solver:
    """Linear programs over one equality system, counted, with statuses turned into errors.

    One HiGHS model is built per system (``highspy``, the column-wise sparse matrix passed
    once); each program changes only the objective coefficients that differ from the last
    one (and the bounds, if they change), so HiGHS re-solves from the previous basis instead
    of starting over as ``linprog`` does for every bound.
    """

    def __init__(self, a: sp.csr_matrix, rhs: np.ndarray, stats: AuditStats,
                 end: float = np.inf) -> None:
        self.a, self.rhs, self.stats = a, rhs, stats
        self.end = end  # time.perf_counter() at which the audit's time limit runs out
        self.n = a.shape[1]
        self._highs: highspy.Highs | None = None
        self._cost = np.zeros(self.n)
        self._bounds: tuple[np.ndarray, np.ndarray] | None = None
        self._warm = False

    def _model(self, lower: np.ndarray, upper: np.ndarray) -> highspy.Highs:
        if self._highs is None:
            h = quiet_highs()
            csc = sp.csc_matrix(self.a)
            csc.sort_indices()
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = self.n, self.a.shape[0]
            lp.col_cost_ = np.zeros(self.n)
            lp.col_lower_ = np.asarray(lower, dtype=float)
            lp.col_upper_ = np.asarray(upper, dtype=float)
            lp.row_lower_ = lp.row_upper_ = np.asarray(self.rhs, dtype=float)
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
            lp.a_matrix_.index_ = csc.indices.astype(np.int32)
            lp.a_matrix_.value_ = csc.data.astype(float)
            h.passModel(lp)
            self._highs, self._bounds = h, (lower.copy(), upper.copy())
        elif self._bounds is None or not (np.array_equal(self._bounds[0], lower)
                                          and np.array_equal(self._bounds[1], upper)):
            idx = np.arange(self.n, dtype=np.int32)
            self._highs.changeColsBounds(self.n, idx, np.asarray(lower, dtype=float),
                                         np.asarray(upper, dtype=float))
            self._bounds = (lower.copy(), upper.copy())
        return self._highs

    def solve(
        self, c: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> tuple[float, np.ndarray] | None:
        """Minimise ``c @ x``; ``None`` when unbounded; raise when infeasible or failed."""
        self.stats.linear_programs += 1
        h = self._model(lower, upper)
        changed = np.flatnonzero(c != self._cost).astype(np.int32)
        if changed.size:
            h.changeColsCost(changed.size, changed, np.asarray(c[changed], dtype=float))
            self._cost = np.array(c, dtype=float)
        self._run(h)
        status = h.getModelStatus()
        if self._warm and status not in _SETTLED:  # a warm start that went nowhere: afresh
            h.clearSolver()
            h.setOptionValue("presolve", "on")
            self._run(h)
            status = h.getModelStatus()
            h.setOptionValue("presolve", "off")
        if not self._warm:  # later programs start from this basis: presolve would discard it
            h.setOptionValue("presolve", "off")
            h.setOptionValue("simplex_strategy", 4)  # primal: the basis stays feasible
            self._warm = True
        if status == highspy.HighsModelStatus.kOptimal:
            x = np.asarray(h.getSolution().col_value, dtype=float)
            return float(c @ x), x
        if status == highspy.HighsModelStatus.kInfeasible:
            raise InfeasibleSystemError(
                "the published values are inconsistent: no table satisfies every relation "
                "and bound (HiGHS: infeasible)"
            )
        if status == highspy.HighsModelStatus.kUnbounded:
            return None
        if (status == highspy.HighsModelStatus.kUnboundedOrInfeasible and c.any()
                and self.solve(np.zeros(self.n), lower, upper) is not None):
            return None  # feasible, so unbounded
        raise AuditError(f"the linear program failed: {h.modelStatusToString(status)}")


    def _run(self, h: highspy.Highs) -> None:
        """One run within the time left (HiGHS's own limit, so a long program stops too)."""
        if self.end != np.inf:
            left = self.end - time.perf_counter()
            if left <= 0:
                raise AuditTimeout("the audit's time limit ran out")
            # HiGHS counts its limit against the instance's run time over every run so far
            h.setOptionValue("time_limit", h.getRunTime() + left)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit:
            raise AuditTimeout("the audit's time limit ran out")


class _LinprogSolver:
    """The reference solver of :func:`audit_naive`: one ``scipy.optimize.linprog`` call (HiGHS,
    a fresh model) per program, independent of the reused model of :class:`_Solver`."""

    def __init__(self, a: sp.csr_matrix, rhs: np.ndarray, stats: AuditStats) -> None:
        self.a, self.rhs, self.stats = a, rhs, stats
        self.n = a.shape[1]

    def solve(
        self, c: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> tuple[float, np.ndarray] | None:
        """Minimise ``c @ x``; ``None`` when unbounded; raise when infeasible or failed."""
        self.stats.linear_programs += 1
        a_eq = self.a if self.a.shape[0] else None
        b_eq = self.rhs if self.a.shape[0] else None
        bounds = np.column_stack([lower, upper])
        from scipy.optimize import linprog  # the reference only: importing it costs 0.5 s

        res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status == 0:
            return float(res.fun), np.asarray(res.x)
        if res.status == 2:
            raise InfeasibleSystemError(
                "the published values are inconsistent: no table satisfies every relation "
                f"and bound (HiGHS: {res.message.strip()})"
            )
        if res.status == 3:
            return None
        ambiguous = res.status == 4 and "unbounded or infeasible" in res.message.lower()
        if ambiguous and c.any() and self.solve(np.zeros(self.n), lower, upper) is not None:
            return None  # feasible, so unbounded
        raise AuditError(f"the linear program failed: {res.message.strip()}")


def audit_naive(
    system: LinearSystem, targets: Sequence[int] | None = None
) -> dict[int, Interval]:
    """Two linear programs per target on the whole system, nothing else: the reference result."""
    tlist = _targets(system, targets)
    a, rhs = system.matrix()
    if np.any(system.lower > system.upper):
        raise InfeasibleSystemError("a lower bound is above its upper bound")
    solver = _LinprogSolver(a, rhs, AuditStats())
    if not tlist:  # still say whether the published numbers are consistent
        solver.solve(np.zeros(system.n_vars), system.lower, system.upper)
    out: dict[int, Interval] = {}
    for t in tlist:
        c = np.zeros(system.n_vars)
        c[t] = 1.0
        lo = solver.solve(c, system.lower, system.upper)
        hi = solver.solve(-c, system.lower, system.upper)
        out[t] = _lp_interval(
            -np.inf if lo is None else lo[0], np.inf if hi is None else -hi[0]
        )
    return out


def _attains(x: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Where a feasible point reaches a (finite) outer bound, up to the LP's accuracy."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(bound) & (np.abs(x - bound) <= LP_TOL * np.maximum(1.0, np.abs(bound)))


REPROPAGATE_EVERY = 5  # single-target programs between two rounds of bound propagation


class _Component:
    """The linear programs of one component; see the module docstring for the strategy.

    ``lo``/``hi`` are outer bounds of every unknown, tightened as end points become known; an end
    point is settled when a feasible solution found by any program reaches its outer bound
    (nothing can lie beyond a valid outer bound, and a feasible point shows it is attained).
    The programs themselves keep the published bounds: tightened bounds can pin a variable
    within 1e-7, and HiGHS, within its feasibility tolerance, then returns a point that far off
    instead of the vertex it finds on the original problem.
    """

    def __init__(
        self, solver: _Solver, bounds: tuple[np.ndarray, np.ndarray],
        outer: tuple[np.ndarray, np.ndarray], targets: np.ndarray, tol: float,
        stats: AuditStats,
    ) -> None:
        self.solver, self.targets, self.tol, self.stats = solver, targets, tol, stats
        self.bounds = bounds
        self.lo, self.hi = outer[0].copy(), outer[1].copy()
        m = len(targets)
        self.out_lo = np.full(m, np.nan)
        self.out_hi = np.full(m, np.nan)
        self.need_lo = np.ones(m, dtype=bool)
        self.need_hi = np.ones(m, dtype=bool)
        self.witnesses: list[np.ndarray] = []
        self.feasible = False

    def _lp(self, c: np.ndarray) -> tuple[float, np.ndarray] | None:
        res = self.solver.solve(c, *self.bounds)
        if res is not None:
            self.feasible = True
            self.witnesses.append(res[1][self.targets])
            self._absorb(res[1][self.targets][np.newaxis, :])
        return res

    def _absorb(self, xt: np.ndarray) -> int:
        """Settle every end point a row of ``xt`` (solutions at the targets) attains.

        The value recorded is the solutions' extreme value, not the outer bound: the two agree
        within the solver's tolerance, and bound propagation can stall just short of a point
        (``x = 7 ± 6e-7`` after geometric convergence) where the solution sits on it.
        """
        hi_t, lo_t = self.hi[self.targets], self.lo[self.targets]
        got_hi = self.need_hi & _attains(xt, hi_t).any(axis=0)
        got_lo = self.need_lo & _attains(xt, lo_t).any(axis=0)
        self.out_hi[got_hi] = np.clip(xt.max(axis=0), lo_t, hi_t)[got_hi]
        self.out_lo[got_lo] = np.clip(xt.min(axis=0), lo_t, hi_t)[got_lo]
        self.need_hi &= ~got_hi
        self.need_lo &= ~got_lo
        got = int(got_hi.sum() + got_lo.sum())
        self.stats.by_witness += got
        return got

    def _sum_rounds(self) -> None:
        """Maximise (minimise) the sum of the unsettled targets while that settles many."""
        while True:
            before = int(self.need_hi.sum() + self.need_lo.sum())
            if before == 0:
                return
            settled = 0
            for sign, need in ((-1.0, self.need_hi), (1.0, self.need_lo)):
                if need.any():
                    c = np.zeros(self.solver.n)
                    c[self.targets[need]] = sign
                    left = int(need.sum())
                    if self._lp(c) is not None:
                        settled += left - int(need.sum())
            if settled < max(2, 0.02 * before):
                return

    def _apart(self, need: np.ndarray, bound: np.ndarray) -> list[int]:
        """Unsettled targets (positions) with a finite outer ``bound``, no two in one equation.

        Greedy, in target order; stops when every equation holds a chosen target."""
        used = bytearray(self.solver.a.shape[0])
        left = len(used)
        pick = []
        for i in np.flatnonzero(need & np.isfinite(bound[self.targets])).tolist():
            rows = self._rows_of[i]
            for r in rows:
                if used[r]:
                    break
            else:
                for r in rows:
                    used[r] = 1
                pick.append(i)
                left -= len(rows)
                if left <= 0:
                    break
        return pick

    def _apart_rounds(self) -> None:
        """Push targets that share no equation towards their outer bounds together.

        The sum of the unsettled targets is often fixed by the totals (a table's cells add up
        to its grand total), so its programs reach few end points; but a cell's end point is
        usually its propagated bound (all of its line's remainder in it), and cells in
        different lines can reach theirs in one solution. Each program maximises (minimises)
        such a set's cells scaled by their outer widths; the witnesses settle whichever
        reached their bounds. Repeated while a round settles at least two end points: on a
        70 x 70 table with a fifth of its cells hidden, 64 programs instead of about 1,000.
        """
        csc = self.solver.a.tocsc()
        self._rows_of = [csc.indices[csc.indptr[t]:csc.indptr[t + 1]].tolist()
                         for t in self.targets.tolist()]
        while self.need_hi.any() or self.need_lo.any():
            settled = 0
            for sign, need, bound in ((-1.0, self.need_hi, self.hi), (1.0, self.need_lo, self.lo)):
                pick = self._apart(need, bound)
                if len(pick) < 2:
                    continue
                t = self.targets[np.asarray(pick, dtype=np.int64)]
                c = np.zeros(self.solver.n)
                with np.errstate(invalid="ignore"):
                    width = self.hi[t] - self.lo[t]
                width = np.where(np.isfinite(width), width, np.abs(bound[t]))
                c[t] = sign / np.maximum(1.0, width)
                left = int(need.sum())
                self._lp(c)
                settled += left - int(need.sum())
            if settled < 2:
                return

    def _repropagate(self) -> None:
        try:
            self.lo, self.hi = tighten_bounds(
                self.solver.a, self.solver.rhs, self.lo, self.hi, self.tol
            )
        except InfeasibleSystemError:  # pragma: no cover - noise on a system shown feasible
            return
        if self.witnesses:
            self._absorb(np.vstack(self.witnesses))

    use_rays = True  # tests switch it off to hold the shortcut to the programs' answers

    def _rays(self, sign: float) -> np.ndarray:
        """Targets whose end point (``sign`` -1: the maximum, +1: the minimum) is infinite
        because every equation holding the target also holds a variable of its own (in no
        other equation) that can move without bound to balance it: a line without a
        published total, whose virtual total takes up any increase. The direction moving the
        target and those partners keeps every equation and bound, so from any feasible point
        the target goes on for ever; the program would only report it unbounded, at the cost
        of one solve per cell (quadratic on a long table of thousands of cells)."""
        a = self.solver.a.tocsr()
        lower, upper = self.bounds
        step = -sign  # the target's move: +1 towards its maximum
        if a.shape[0] == 0:
            return np.zeros(len(self.targets), dtype=bool)
        private = np.diff(a.tocsc().indptr) == 1
        rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
        cols, coef = a.indices, a.data
        free_up, free_down = np.isinf(upper) & (upper > 0), np.isinf(lower) & (lower < 0)
        # partner p balances a move of +1 (or -1) of a target with coefficient of sign s by
        # moving -s * step / coef_p: it must be free that way
        ok_for_pos = private[cols] & np.where(coef * step < 0, free_up[cols], free_down[cols])
        ok_for_neg = private[cols] & np.where(coef * step > 0, free_up[cols], free_down[cols])
        n_pos = np.bincount(rows, weights=ok_for_pos, minlength=a.shape[0])
        n_neg = np.bincount(rows, weights=ok_for_neg, minlength=a.shape[0])
        # a target is never its own partner
        own = np.where(coef > 0, ok_for_pos, ok_for_neg)
        avail = np.where(coef > 0, n_pos[rows], n_neg[rows]) - own
        target_free = free_up if step > 0 else free_down
        blocked = np.bincount(cols[avail < 1], minlength=a.shape[1]) > 0
        in_rows = np.bincount(cols, minlength=a.shape[1]) > 0
        has_ray = target_free & in_rows & ~blocked
        return has_ray[self.targets]

    def run(self) -> tuple[np.ndarray, np.ndarray]:
        n = self.solver.n
        if len(self.targets) == 0:
            self._lp(np.zeros(n))
            return self.out_lo, self.out_hi
        if self.use_rays:  # before any program: the sums of rays are unbounded programs too
            for sign, need, out in ((-1.0, self.need_hi, self.out_hi),
                                    (1.0, self.need_lo, self.out_lo)):
                ray = need & self._rays(sign)
                out[ray] = -sign * np.inf
                need &= ~ray
                self.stats.by_ray += int(ray.sum())
        self._sum_rounds()
        self._apart_rounds()
        if not self.feasible:
            self._lp(np.zeros(n))  # raises when infeasible
        solved = 0
        ends = ((-1.0, self.need_hi, self.out_hi), (1.0, self.need_lo, self.out_lo))
        for sign, need, out in ends:
            for i in range(len(self.targets)):
                if not need[i]:
                    continue
                t = self.targets[i]
                c = np.zeros(n)
                c[t] = sign
                res = self._lp(c)
                if not need[i]:  # its own solution attained the outer bound
                    continue
                need[i] = False
                if res is None:
                    out[i] = -sign * np.inf
                    continue
                value = min(max(sign * res[0], self.lo[t]), self.hi[t])
                out[i] = value
                # a valid outer bound from now on, loosened by the solver's accuracy so that
                # propagating it never cuts off the true end point
                margin = 0.5 * LP_TOL * max(1.0, abs(value))
                if sign < 0:
                    self.hi[t] = min(self.hi[t], value + margin)
                else:
                    self.lo[t] = max(self.lo[t], value - margin)
                solved += 1
                if solved % REPROPAGATE_EVERY == 0:
                    self._repropagate()
        return self.out_lo, self.out_hi


def _explain(a: sp.csr_matrix, eqs: np.ndarray, loc: int,
             seen: dict[int, Neighbourhoods]) -> dict[int, float] | None:
    """Weights over ``eqs`` isolating unknown ``loc`` of ``a``, if any combination does
    (``seen``: each component's neighbourhoods factorised so far, by its matrix's id)."""
    if a.shape[0] == 0:
        return None
    near = seen.get(id(a))
    if near is None:
        near = seen[id(a)] = Neighbourhoods(a)
        near.key = weights_key(a)  # one digest per component matrix
    # a component equal in every number to one explained before in the run (a copy's, or the
    # same one in another try's system) takes its weights: the same matrix, the same weights
    weights = kept_weights(near.key, loc, lambda: _nonzero_weights(a, loc, near))
    if weights is None:
        return None
    nz, y = weights
    return {int(eqs[i]): w for i, w in zip(nz.tolist(), y.tolist(), strict=True)}


def _nonzero_weights(a: sp.csr_matrix, loc: int, near: Neighbourhoods
                     ) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows of ``a`` weighted to isolate unknown ``loc``, and their weights (None: no
    combination does); only those, as they are kept for the run (a row per equation of a
    6,600-row component is ~50 KiB a cell)."""
    y = isolating_weights(a, loc, seen=near)
    if y is None:
        return None
    nz = np.flatnonzero(np.abs(y) > 1e-12)
    return nz, y[nz]


def audit(
    system: LinearSystem,
    targets: Sequence[int] | None = None,
    *,
    rank_check: bool = True,
    stats: AuditStats | None = None,
    time_limit: float | None = None,
) -> dict[int, Interval]:
    """Feasible interval of every target (default: ``system.suppressed``), LP relaxation.

    Raises :class:`~sdc.audit.system.InfeasibleSystemError` when the system has no solution and
    :class:`~sdc.audit.system.AuditError` when a solver fails; never returns partial intervals.
    ``time_limit`` (seconds) bounds it, each program included: :class:`AuditTimeout` when it
    runs out (``sdc protect --time-limit``).
    """
    tlist = _targets(system, targets)
    a, rhs = system.matrix()
    return audit_matrix(a, rhs, system.lower, system.upper, tlist, rank_check=rank_check,
                        stats=stats, time_limit=time_limit)


def audit_matrix(
    a: sp.csr_matrix,
    rhs: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    targets: Sequence[int],
    *,
    rank_check: bool = True,
    stats: AuditStats | None = None,
    time_limit: float | None = None,
) -> dict[int, Interval]:
    """:func:`audit` of the system ``a @ x = rhs``, ``lower <= x <= upper`` given as a sparse
    matrix: what a caller uses that assembles a large system from blocks (a linked release's
    tables and links, ``scipy.sparse.block_diag`` and ``vstack``) without writing an equation
    as a dictionary. Equation ``e`` (in derivations) is row ``e`` of ``a``. ``time_limit`` as
    in :func:`audit`."""
    with one_blas_thread():
        if time_limit is None:  # within ``solved_once``: each piece of it solved once
            lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
            rhs, a = np.asarray(rhs, dtype=float), sp.csr_matrix(a)
            tlist = checked_inputs(lower, upper, rhs, a.shape, targets)
            return by_pieces(a, rhs, lower, upper, tlist, EQ_TOL * _scale(lower, upper, rhs),
                             _audit_matrix, rank_check=rank_check, stats=stats,
                             time_limit=None)
        return _audit_matrix(a, rhs, lower, upper, targets, rank_check=rank_check, stats=stats,
                             time_limit=time_limit)


def _audit_matrix(
    a: sp.csr_matrix,
    rhs: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    targets: Sequence[int],
    *,
    rank_check: bool,
    stats: AuditStats | None,
    time_limit: float | None,
    tol: float | None = None,
) -> dict[int, Interval]:
    end = np.inf if time_limit is None else time.perf_counter() + max(time_limit, 0.0)

    def check_clock() -> None:
        if time.perf_counter() >= end:
            raise AuditTimeout("the audit's time limit ran out")

    stats = stats if stats is not None else AuditStats()
    a = sp.csr_matrix(a)
    n_vars = a.shape[1]
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    rhs = np.asarray(rhs, dtype=float)
    tlist = checked_inputs(lower, upper, rhs, a.shape, targets)
    stats.targets = len(tlist)
    # (a piece of a larger system: that system's, ``sdc.audit.solved_once.by_pieces``)
    eq_tol = EQ_TOL * _scale(lower, upper, rhs) if tol is None else tol
    elim = Elimination(a, rhs, lower, upper, eq_tol)
    published = elim.known.copy()
    is_target = np.zeros(n_vars, dtype=bool)
    is_target[tlist] = True

    elim.propagate()
    active = np.flatnonzero(elim.n_unknown > 0)
    alone, unknown = _in_no_equation(a, active, np.flatnonzero(~elim.known))
    groups = components(a, active, unknown)
    if rank_check:  # an unknown in no equation is a component alone with nothing to combine
        fixed = 0
        for eqs, vs in groups:
            check_clock()
            if is_target[vs].any():
                steps = elim.rank_check(eqs, vs)
                stats.rank_steps += steps
                fixed += steps
        if fixed:  # only a fixed unknown (and what propagation fixed after it) moves them
            active = np.flatnonzero(elim.n_unknown > 0)
            alone, unknown = _in_no_equation(a, active, np.flatnonzero(~elim.known))
            groups = components(a, active, unknown)

    lp_result: dict[int, tuple[float, float]] = {}
    owner: dict[int, tuple[sp.csr_matrix, np.ndarray, int]] = {}
    for t in alone[is_target[alone]]:  # in no equation: only its bounds constrain it
        lp_result[int(t)] = (float(lower[t]), float(upper[t]))
    for eqs, vs in groups:
        check_clock()
        local = np.flatnonzero(is_target[vs])
        if eqs.size == 0:  # in no equation: only its bounds constrain it
            for t in vs[local]:
                lp_result[int(t)] = (float(lower[t]), float(upper[t]))
            continue
        sub = a[eqs][:, vs].tocsr()
        res_rhs = elim.residual[eqs]
        bounds = (lower[vs], upper[vs])
        key = memo_key(sub, res_rhs, bounds, local, eq_tol)
        ends = solved_before(key)
        if ends is None:
            stats.components += 1
            stats.largest_component = max(stats.largest_component, len(vs))
            try:
                lo, hi = tighten_bounds(sub, res_rhs, *bounds, eq_tol)
                solver = _Solver(sub, res_rhs, stats, end)
                ends = _Component(solver, bounds, (lo, hi), local, eq_tol, stats).run()
            except InfeasibleSystemError as exc:  # as much a function of the numbers
                remember(key, exc)
                raise
            remember(key, ends)
        t_lo, t_hi = ends
        for i, loc in enumerate(local):
            t = int(vs[loc])
            lp_result[t] = (float(t_lo[i]), float(t_hi[i]))
            owner[t] = (sub, eqs, int(loc))

    out: dict[int, Interval] = {}
    seen: dict[int, Neighbourhoods] = {}  # ids of matrices ``owner`` holds alive till the end
    for t in tlist:
        out[t] = _result(t, lower, elim, published, lp_result, owner, stats, seen)
        if out[t].exact and out[t].derivation is None and not published[t]:
            stats.without_derivation += 1
    return out


def _in_no_equation(a: sp.csr_matrix, eqs: np.ndarray, unknowns: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``unknowns`` split into those in no equation of ``eqs`` and the others, both in
    order: :func:`~sdc.audit.presolve.components` makes each of the first a group of its own,
    one Python step apiece (a long table's 60,000 unlinked line totals and cells took
    seconds), where the audit settles them all at once from their bounds."""
    if len(unknowns) == 0:
        return unknowns, unknowns
    if len(eqs) == 0:
        return unknowns, unknowns[:0]
    # stored entries, as ``components`` reads the pattern of the same sub-matrix
    in_eqs = np.zeros(a.shape[1], dtype=bool)
    in_eqs[stored_entries(a, eqs)[1]] = True
    held = in_eqs[unknowns]
    return unknowns[~held], unknowns[held]


def _result(
    t: int,
    lower: np.ndarray,
    elim: Elimination,
    published: np.ndarray,
    lp_result: dict[int, tuple[float, float]],
    owner: dict[int, tuple[sp.csr_matrix, np.ndarray, int]],
    stats: AuditStats,
    seen: dict[int, Neighbourhoods],
) -> Interval:
    """The interval of target ``t`` from whichever step settled it."""
    if published[t]:
        stats.published += 1
        v = float(lower[t])
        return Interval(v, v, exact=True, derivation=[], combination={})
    if t in elim.sources:
        if elim.by_rank(t):
            stats.by_rank += 1
        else:
            stats.by_elimination += 1
        v = _snap(float(elim.value[t]))
        expl = elim.explanation(t)
        if expl is None:
            return Interval(v, v, exact=True)
        return Interval(v, v, exact=True, derivation=expl[1], combination=expl[0])
    iv = _lp_interval(*lp_result[t])
    if not (iv.exact and t in owner):
        return iv
    # zero width found by the programs: bounds pin it, or a combination the rank check missed
    y = _explain(*owner[t], seen)
    if y is None:
        return iv
    v = float(sum(w * elim.residual[e] for e, w in y.items()))
    if abs(v - iv.lo) <= 10 * LP_TOL * max(1.0, abs(v)):
        v = _snap(v)  # the weights give the value more accurately than the solver's tolerance
        iv = Interval(v, v, exact=True)
    elim.explain(t, y)
    expl = elim.explanation(t)
    if expl is None:
        return iv
    return Interval(iv.lo, iv.hi, exact=True, derivation=expl[1], combination=expl[0])
