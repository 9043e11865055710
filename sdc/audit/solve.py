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
   programs only on that component: one maximising and one minimising the sum of its targets, whose
   solutions already attain many outer bounds, then one per end point not yet attained, each
   solution again settling every end point it attains.

:func:`audit_naive` is the reference: two linear programs per target on the whole system. Both raise
:class:`~sdc.audit.system.InfeasibleSystemError` when the published numbers contradict each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.linalg import lsqr

from sdc.audit.presolve import Elimination, components, tighten_bounds
from sdc.audit.system import AuditError, InfeasibleSystemError, Interval, LinearSystem

__all__ = ["AuditStats", "audit", "audit_naive"]

EQ_TOL = 1e-9  # relative to the system's scale: equations that must hold exactly
LP_TOL = 1e-7  # relative to a value: the accuracy of HiGHS's answers (its default tolerance)


@dataclass
class AuditStats:
    """What the audit did, for benchmarks and logs."""

    targets: int = 0
    published: int = 0  # targets that were not suppressed at all
    by_elimination: int = 0  # targets exact from single-unknown equations
    by_rank: int = 0  # targets exact from a combination of equations
    components: int = 0  # components that needed a linear program
    largest_component: int = 0  # unknowns in the largest of them
    linear_programs: int = 0
    by_witness: int = 0  # end points settled by another program's solution


def _scale(system: LinearSystem, rhs: np.ndarray) -> float:
    """A magnitude for absolute tolerances: the largest finite number in the system."""
    finite = [np.abs(x[np.isfinite(x)]) for x in (system.lower, system.upper, rhs)]
    return max([1.0] + [float(f.max()) for f in finite if f.size])


def _snap(v: float) -> float:
    """Remove solver noise from a value that is an integer up to the LP's accuracy."""
    if not np.isfinite(v):
        return float(v)
    r = round(v)
    return float(r) if abs(v - r) <= LP_TOL * max(1.0, abs(v)) * 1e-2 else float(v)


def _targets(system: LinearSystem, targets: Sequence[int] | None) -> list[int]:
    out = [int(t) for t in (system.suppressed if targets is None else targets)]
    for t in out:
        if not 0 <= t < system.n_vars:
            raise ValueError(f"target {t} is not a variable of a system of {system.n_vars}")
    return list(dict.fromkeys(out))


def _lp_interval(lo: float, hi: float) -> Interval:
    lo, hi = _snap(lo), _snap(hi)
    width_tol = LP_TOL * max(1.0, abs(lo), abs(hi) if np.isfinite(hi) else 0.0)
    if hi - lo <= width_tol:
        mid = _snap((lo + hi) / 2)
        return Interval(mid, mid, exact=True)
    return Interval(lo, hi, exact=False)


class _Solver:
    """Linear programs over one equality system, counted, with statuses turned into errors."""

    def __init__(
        self, a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray, upper: np.ndarray,
        stats: AuditStats,
    ) -> None:
        self.a, self.rhs, self.stats = a, rhs, stats
        self.bounds = np.column_stack([lower, upper])
        self.n = a.shape[1]

    def solve(self, c: np.ndarray) -> tuple[float, np.ndarray] | None:
        """Minimise ``c @ x``; ``None`` when unbounded; raise when infeasible or failed."""
        self.stats.linear_programs += 1
        a_eq = self.a if self.a.shape[0] else None
        b_eq = self.rhs if self.a.shape[0] else None
        res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=self.bounds, method="highs")
        if res.status == 0:
            return float(res.fun), np.asarray(res.x)
        if res.status == 2:
            raise InfeasibleSystemError(
                "the published values are inconsistent: no table satisfies every relation "
                f"and bound (HiGHS: {res.message.strip()})"
            )
        if res.status == 3:
            return None
        if res.status == 4 and "unbounded or infeasible" in res.message.lower() and c.any():
            if self.solve(np.zeros(self.n)) is not None:
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
    solver = _Solver(a, rhs, system.lower, system.upper, AuditStats())
    out: dict[int, Interval] = {}
    for t in tlist:
        c = np.zeros(system.n_vars)
        c[t] = 1.0
        lo = solver.solve(c)
        hi = solver.solve(-c)
        out[t] = _lp_interval(
            -np.inf if lo is None else lo[0], np.inf if hi is None else -hi[0]
        )
    return out


def _attains(x: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Where a feasible point reaches a (finite) outer bound, up to the LP's accuracy."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(bound) & (np.abs(x - bound) <= LP_TOL * np.maximum(1.0, np.abs(bound)))


def _solve_component(
    solver: _Solver, lo: np.ndarray, hi: np.ndarray, targets: np.ndarray, stats: AuditStats
) -> tuple[np.ndarray, np.ndarray]:
    """End points of the targets (local indices) of one component; see the module docstring."""
    n = solver.n
    out_lo = np.full(len(targets), np.nan)
    out_hi = np.full(len(targets), np.nan)
    need_lo = np.ones(len(targets), dtype=bool)
    need_hi = np.ones(len(targets), dtype=bool)

    def absorb(x: np.ndarray) -> None:
        xt = x[targets]
        got_hi = need_hi & _attains(xt, hi[targets])
        got_lo = need_lo & _attains(xt, lo[targets])
        out_hi[got_hi] = hi[targets][got_hi]
        out_lo[got_lo] = lo[targets][got_lo]
        need_hi[got_hi] = False
        need_lo[got_lo] = False
        stats.by_witness += int(got_hi.sum() + got_lo.sum())

    if len(targets) == 0:
        if solver.solve(np.zeros(n)) is None:  # pragma: no cover - zero objective is bounded
            raise AuditError("a zero objective was reported unbounded")
        return out_lo, out_hi
    feasible = False
    for sign in (-1.0, 1.0):
        c = np.zeros(n)
        c[targets] = sign
        res = solver.solve(c)
        if res is not None:
            feasible = True
            absorb(res[1])
    if not feasible:
        solver.solve(np.zeros(n))  # raises when infeasible; both sums unbounded is fine
    for sign, need, out, bound in ((-1.0, need_hi, out_hi, hi), (1.0, need_lo, out_lo, lo)):
        for i in range(len(targets)):
            if not need[i]:
                continue
            c = np.zeros(n)
            c[targets[i]] = sign
            res = solver.solve(c)
            need[i] = False
            if res is None:
                out[i] = -sign * np.inf
                continue
            value = sign * res[0]
            # the optimum lies within the implied outer bounds up to solver noise
            b_lo, b_hi = lo[targets[i]], hi[targets[i]]
            out[i] = min(max(value, b_lo), b_hi) if np.isfinite(bound[targets[i]]) else value
            absorb(res[1])
    return out_lo, out_hi


def _explain(a: sp.csr_matrix, eqs: np.ndarray, loc: int) -> dict[int, float] | None:
    """Weights ``y`` with ``a.T @ y = e_loc`` if there are any (sparse least squares)."""
    if a.shape[0] == 0:
        return None
    e = np.zeros(a.shape[1])
    e[loc] = 1.0
    y = lsqr(a.T.tocsr(), e, atol=1e-14, btol=1e-14, iter_lim=10 * sum(a.shape))[0]
    if np.max(np.abs(a.T @ y - e)) > 1e-8:
        return None
    nz = np.flatnonzero(np.abs(y) > 1e-10)
    return {int(eqs[i]): float(y[i]) for i in nz}


def audit(
    system: LinearSystem,
    targets: Sequence[int] | None = None,
    *,
    rank_check: bool = True,
    stats: AuditStats | None = None,
) -> dict[int, Interval]:
    """Feasible interval of every target (default: ``system.suppressed``), LP relaxation.

    Raises :class:`~sdc.audit.system.InfeasibleSystemError` when the system has no solution and
    :class:`~sdc.audit.system.AuditError` when a solver fails; never returns partial intervals.
    """
    stats = stats if stats is not None else AuditStats()
    tlist = _targets(system, targets)
    stats.targets = len(tlist)
    a, rhs = system.matrix()
    eq_tol = EQ_TOL * _scale(system, rhs)
    elim = Elimination(a, rhs, system.lower, system.upper, eq_tol)
    published = elim.known.copy()
    is_target = np.zeros(system.n_vars, dtype=bool)
    is_target[tlist] = True

    elim.propagate()
    by_propagation = set(elim.sources)
    if rank_check:
        unknown = np.flatnonzero(~elim.known)
        active = np.flatnonzero(elim.n_unknown > 0)
        for eqs, vs in components(a, active, unknown):
            if is_target[vs].any() and elim.rank_check(eqs, vs):
                elim.propagate()

    lp_result: dict[int, tuple[float, float]] = {}
    owner: dict[int, tuple[sp.csr_matrix, np.ndarray, int]] = {}
    unknown = np.flatnonzero(~elim.known)
    active = np.flatnonzero(elim.n_unknown > 0)
    for eqs, vs in components(a, active, unknown):
        local = np.flatnonzero(is_target[vs])
        if eqs.size == 0:  # in no equation: only its bounds constrain it
            for t in vs[local]:
                lp_result[int(t)] = (float(system.lower[t]), float(system.upper[t]))
            continue
        sub = a[eqs][:, vs].tocsr()
        res_rhs = elim.residual[eqs]
        lo, hi = tighten_bounds(sub, res_rhs, system.lower[vs], system.upper[vs], eq_tol)
        stats.components += 1
        stats.largest_component = max(stats.largest_component, len(vs))
        solver = _Solver(sub, res_rhs, lo, hi, stats)
        t_lo, t_hi = _solve_component(solver, lo, hi, local, stats)
        for i, loc in enumerate(local):
            t = int(vs[loc])
            lp_result[t] = (float(t_lo[i]), float(t_hi[i]))
            owner[t] = (sub, eqs, int(loc))

    out: dict[int, Interval] = {}
    for t in tlist:
        if published[t]:
            stats.published += 1
            v = float(system.lower[t])
            out[t] = Interval(v, v, exact=True, derivation=[], combination={})
        elif t in elim.sources:
            if t in by_propagation:
                stats.by_elimination += 1
            else:
                stats.by_rank += 1
            v = _snap(float(elim.value[t]))
            out[t] = Interval(
                v, v, exact=True, derivation=elim.derivation(t), combination=elim.combination(t)
            )
        else:
            iv = _lp_interval(*lp_result[t])
            if iv.exact and t in owner:
                y = _explain(*owner[t])
                if y is not None:
                    elim.explain(t, y)
                    iv = Interval(
                        iv.lo, iv.hi, True, elim.derivation(t), elim.combination(t)
                    )
            out[t] = iv
    return out
