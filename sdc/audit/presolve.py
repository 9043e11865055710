"""Cheap steps that settle most cells before any linear program is solved.

* :class:`Elimination` substitutes what is known and determines unknowns exactly: first an equation
  with a single unknown left fixes it (``X = total - a - b``), repeatedly; then a rank check finds
  unknowns whose unit vector lies in the row space of the remaining equations (a combination of
  equations isolates them even though every equation has two or more unknowns). Each determined
  unknown keeps the weights of the equations that gave it, so the caller can explain it.
* :func:`tighten_bounds` propagates intervals through the equations. The result is a valid outer
  bound of every unknown's feasible interval; the solver only has to prove it is attained.
* :func:`components` splits the unknowns into groups that share no equation, to be solved apart.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from sdc.audit.rank import LOCAL_LIMIT, isolating_weights, row_space_members
from sdc.audit.system import InfeasibleSystemError

__all__ = ["MAX_DERIVATION", "Elimination", "components", "stored_entries", "tighten_bounds"]

MAX_DERIVATION = 200  # equations beyond which an exact cell's derivation is not written out
SAFETY = 1e-12  # outward rounding of propagated bounds, relative to an equation's magnitude


def _clean_weights(w: np.ndarray) -> np.ndarray:
    """Snap weights that are simple fractions up to rounding noise (``0.4999999999999998`` is
    ``0.5``; table equations are ±1 sums, so most weights are integers)."""
    out = np.asarray(w, dtype=float).copy()
    todo = np.ones(out.shape, dtype=bool)
    for d in range(1, 13):
        r = np.round(out * d) / d
        hit = todo & (np.abs(out - r) <= 1e-9)
        out[hit] = r[hit]
        todo &= ~hit
        if not todo.any():
            break
    return out


@dataclass
class Elimination:
    """Known values substituted into the equations, and unknowns determined by elimination.

    ``residual[e]`` is ``rhs_e`` minus the known part of equation ``e``; ``n_unknown[e]`` counts
    its unknowns. ``sources[j]`` holds, for an unknown determined here, the weights ``y`` with
    ``x_j = sum(y_e * residual_e)`` at the moment it was determined; :meth:`explanation`
    rewrites them in terms of published values only.
    """

    a: sp.csr_matrix
    rhs: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    tol: float
    known: np.ndarray = field(init=False)
    value: np.ndarray = field(init=False)
    residual: np.ndarray = field(init=False)
    n_unknown: np.ndarray = field(init=False)
    sources: dict[int, dict[int, float]] = field(init=False, default_factory=dict)
    step: dict[int, int] = field(init=False, default_factory=dict)
    _a_csc: sp.csc_matrix = field(init=False)
    _queue: deque[int] = field(init=False, default_factory=deque)
    rank_fixed: set[int] = field(init=False, default_factory=set)
    _deps: dict[int, dict[int, float]] = field(init=False, default_factory=dict)
    _expl: dict[int, tuple[dict[int, float], list[int]] | None] = field(
        init=False, default_factory=dict
    )
    _rank_dep: dict[int, bool] = field(init=False, default_factory=dict)
    _step_of: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        if np.any(self.lower > self.upper + self.tol):
            bad = np.flatnonzero(self.lower > self.upper + self.tol)
            raise InfeasibleSystemError(
                f"{len(bad)} variable(s) have a lower bound above the upper bound",
                variables=bad.tolist(),
            )
        self._a_csc = self.a.tocsc()
        self._step_of = np.full(self.a.shape[1], -1, dtype=np.int64)
        self.known = self.lower >= self.upper
        self.value = np.where(self.known, self.lower, 0.0)
        self.residual = self.rhs - self.a @ self.value
        unknown_cols = (~self.known).astype(np.int64)
        self.n_unknown = (abs(self.a).astype(bool).astype(np.int64) @ unknown_cols).astype(np.int64)
        for e in np.flatnonzero(self.n_unknown == 0):
            self._check_closed(int(e))
        self._queue.extend(int(e) for e in np.flatnonzero(self.n_unknown == 1))

    # -- determining ----------------------------------------------------------------------

    def _check_closed(self, e: int) -> None:
        """An equation without unknowns must hold as published."""
        if abs(self.residual[e]) > self.tol:
            raise InfeasibleSystemError(
                f"equation {e} does not hold: its known terms miss the right-hand side by "
                f"{self.residual[e]:g}",
                equations=[e],
            )

    def fix(self, j: int, v: float, source: dict[int, float]) -> None:
        """Record that unknown ``j`` equals ``v`` (derived through ``source``) and substitute it."""
        if self.known[j]:
            if abs(self.value[j] - v) > self.tol:
                raise InfeasibleSystemError(
                    f"variable {j} is determined as both {self.value[j]:g} and {v:g}",
                    equations=sorted(source),
                    variables=[j],
                )
            return
        if v < self.lower[j] - self.tol or v > self.upper[j] + self.tol:
            raise InfeasibleSystemError(
                f"variable {j} is determined as {v:g}, outside its bounds "
                f"[{self.lower[j]:g}, {self.upper[j]:g}]",
                equations=sorted(source),
                variables=[j],
            )
        v = min(max(v, self.lower[j]), self.upper[j])
        self.known[j] = True
        self.value[j] = v
        self.sources[j] = source
        self.step[j] = len(self.step)
        self._step_of[j] = self.step[j]
        lo, hi = self._a_csc.indptr[j], self._a_csc.indptr[j + 1]
        for e, coef in zip(self._a_csc.indices[lo:hi], self._a_csc.data[lo:hi], strict=True):
            e = int(e)
            self.residual[e] -= coef * v
            self.n_unknown[e] -= 1
            if self.n_unknown[e] == 1:
                self._queue.append(e)
            elif self.n_unknown[e] == 0:
                self._check_closed(e)

    def propagate(self) -> int:
        """Solve every equation left with one unknown, until none is; return how many were."""
        count = 0
        a = self.a
        while self._queue:
            e = self._queue.popleft()
            if self.n_unknown[e] != 1:
                continue
            lo, hi = a.indptr[e], a.indptr[e + 1]
            cols, data = a.indices[lo:hi], a.data[lo:hi]
            pick = np.flatnonzero(~self.known[cols])[0]
            j, coef = int(cols[pick]), float(data[pick])
            self.fix(j, self.residual[e] / coef, {e: 1.0 / coef})
            count += 1
        return count

    def rank_check(self, eqs: np.ndarray, unknowns: np.ndarray) -> int:
        """Fix the unknowns of one component that a combination of ``eqs`` isolates.

        See :mod:`sdc.audit.rank`. They are fixed one at a time, each followed by
        :meth:`propagate`: substituting one often leaves others alone in an equation, which
        then get the short derivation ``X = total - a - b``. Passes with growing neighbourhoods
        prefer the unknowns with the most local combination, so that the chain starts from short
        derivations. Returns how many were fixed here (not counting those propagation fixed).
        """
        if len(eqs) == 0 or len(unknowns) == 0:
            return 0
        rows = self.a[eqs]
        members = np.flatnonzero(row_space_members(rows[:, unknowns].tocsr()))
        count = 0
        for limit, fallback in ((24, False), (LOCAL_LIMIT, True)):
            sub: sp.csr_matrix | None = None
            for loc in members:
                j = int(unknowns[loc])
                if self.known[j]:
                    continue
                if sub is None:
                    live = unknowns[~self.known[unknowns]]
                    sub = rows[:, live].tocsr()
                    csc = sub.tocsc()
                y = isolating_weights(
                    sub, int(np.searchsorted(live, j)), csc, local_limit=limit, fallback=fallback
                )
                if y is None:
                    continue
                nz = np.flatnonzero(np.abs(y) > 1e-12)
                source = dict(zip(eqs[nz].tolist(), _clean_weights(y[nz]).tolist(), strict=True))
                value = float(sum(w * self.residual[eqs[i]]
                                  for i, w in zip(nz, source.values(), strict=True)))
                self.fix(j, value, source)
                self.rank_fixed.add(j)
                count += 1
                self.propagate()
                sub = None
        return count

    def explain(self, j: int, y: dict[int, float]) -> None:
        """Record weights ``y`` found outside elimination for an already-settled unknown ``j``."""
        keys = list(y)
        self.sources[j] = dict(zip(keys, _clean_weights(np.array([y[e] for e in keys])).tolist(),
                                   strict=True))
        self.step.setdefault(j, len(self.step))
        self._step_of[j] = self.step[j]
        self._expl.pop(j, None)
        self._deps.pop(j, None)

    # -- explaining -----------------------------------------------------------------------

    def _direct_dependencies(self, j: int) -> dict[int, float]:
        """Coefficients ``c_k`` of unknowns determined before ``j`` in ``sum(y_e * equation_e)``."""
        if j in self._deps:
            return self._deps[j]
        source = self.sources[j]
        eqs = np.fromiter(source.keys(), dtype=np.int64, count=len(source))
        w = np.fromiter(source.values(), dtype=float, count=len(source))
        # ``self.a[eqs].T @ w`` without the slice: each equation's entries times its weight,
        # added up in the order that product adds them (equation by equation, each row's
        # entries in their stored order), so the same sums to the last bit
        rows, at = _entry_places(self.a, eqs)
        c = np.zeros(self.a.shape[1])
        np.add.at(c, self.a.indices[at], self.a.data[at] * w[rows])
        nz = np.flatnonzero(np.abs(c) > 1e-12)
        steps = self._step_of[nz]
        keep = nz[(steps >= 0) & (steps < self.step[j])]
        self._deps[j] = {int(k): float(c[k]) for k in keep}
        return self._deps[j]

    def _in_step_order(self, j: int, memo: dict) -> list[int]:
        """``j``'s not yet memoised dependencies (transitively) and ``j``, in the order fixed."""
        needed: set[int] = set()
        stack = [j]
        while stack:
            v = stack.pop()
            if v in needed or v in memo:
                continue
            needed.add(v)
            stack.extend(self._direct_dependencies(v))
        return sorted(needed, key=lambda u: self.step[u])

    def explanation(self, j: int) -> tuple[dict[int, float], list[int]] | None:
        """Weights over the original equations with ``x_j = sum(w_e * (rhs_e - published_e))``,
        and those equations in the order elimination used them.

        ``None`` when the combination needs more than ``MAX_DERIVATION`` equations: long chains
        in large tables can involve most of the table, which explains nothing and costs time
        quadratic in the number of cells to write out.
        """
        for v in self._in_step_order(j, self._expl):
            self._expl[v] = self._explain_one(v)
        return self._expl[j]

    def _explain_one(self, v: int) -> tuple[dict[int, float], list[int]] | None:
        source = self.sources[v]
        if len(source) > MAX_DERIVATION:
            return None
        deps = self._direct_dependencies(v)
        total = dict(source)
        order: list[int] = []
        for k in sorted(deps, key=lambda u: self.step[u]):
            sub = self._expl[k]
            if sub is None:
                return None
            comb_k, order_k = sub
            ck = deps[k]
            for e, w in comb_k.items():
                total[e] = total.get(e, 0.0) - ck * w
            order.extend(order_k)
            if len(total) > 4 * MAX_DERIVATION:
                return None
        keys = sorted(e for e, w in total.items() if abs(w) > 1e-12)
        weights = _clean_weights(np.array([total[e] for e in keys]))
        comb = dict(zip(keys, weights.tolist(), strict=True))
        if len(comb) > MAX_DERIVATION:
            return None
        order.extend(source)
        ordered = list(dict.fromkeys(e for e in order if e in comb))  # first occurrences
        seen = set(ordered)
        ordered.extend(e for e in comb if e not in seen)
        return comb, ordered

    def combination(self, j: int) -> dict[int, float] | None:
        """The weights of :meth:`explanation` (``None`` when too long)."""
        expl = self.explanation(j)
        return None if expl is None else expl[0]

    def derivation(self, j: int) -> list[int] | None:
        """The equations of :meth:`explanation` in order of use (``None`` when too long)."""
        expl = self.explanation(j)
        return None if expl is None else expl[1]

    def by_rank(self, j: int) -> bool:
        """Whether ``j``'s derivation needed a combination of equations (not only equations
        with a single unknown)."""
        for v in self._in_step_order(j, self._rank_dep):
            self._rank_dep[v] = v in self.rank_fixed or any(
                self._rank_dep[k] for k in self._direct_dependencies(v)
            )
        return self._rank_dep[j]


def stored_entries(a: sp.csr_matrix, eqs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stored entries (explicit zeros too) of rows ``eqs`` of ``a``: each one's position
    in ``eqs`` and its column, read from the CSR arrays without building ``a[eqs]``."""
    a = a.tocsr()  # (itself when it is one)
    rows, at = _entry_places(a, eqs)
    return rows, a.indices[at].astype(np.int64)


def _entry_places(a: sp.csr_matrix, eqs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``eqs``' stored entries, in ``eqs`` order and each row's stored order: each one's
    position in ``eqs`` and its place in ``a.indices`` / ``a.data``."""
    indptr = a.indptr
    ends = indptr[eqs + 1].astype(np.int64)
    lens = ends - indptr[eqs]
    total = int(lens.sum())
    rows = np.repeat(np.arange(len(eqs), dtype=np.int64), lens)
    at = np.repeat(ends - np.cumsum(lens), lens) + np.arange(total, dtype=np.int64)
    return rows, at


def components(
    a: sp.csr_matrix, eqs: np.ndarray, unknowns: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split unknowns (and the equations ``eqs`` that contain them) into independent groups.

    Two unknowns are in one group when a chain of shared equations links them. Returns
    ``(equations, unknowns)`` index arrays per group; an unknown in no equation is a group alone.
    """
    r, k = len(eqs), len(unknowns)
    if k == 0:
        return []
    if r:
        # the stored entries of ``a[eqs][:, unknowns]`` as edges equation -> r + unknown,
        # gathered from ``a``'s arrays (two fancy slices and ``bmat`` were 70 % of this
        # function on bench_scale's 1,000 tables); undirected, one edge each way is enough
        rows, cols = stored_entries(a, eqs)
        at = np.full(a.shape[1], -1, dtype=np.int64)
        at[unknowns] = np.arange(k)
        at = at[cols]
        held = at >= 0
        graph = sp.csr_matrix((np.ones(int(held.sum())), (rows[held], r + at[held])),
                              shape=(r + k, r + k))
    else:
        graph = sp.csr_matrix((k, k))
    from scipy.sparse.csgraph import connected_components  # at use: it loads scipy.linalg

    n, labels = connected_components(graph, directed=False)
    eq_labels, var_labels = (labels[:r], labels[r:]) if r else (np.zeros(0, int), labels)
    order_e = np.argsort(eq_labels, kind="stable")
    order_v = np.argsort(var_labels, kind="stable")
    bounds_e = np.searchsorted(eq_labels[order_e], np.arange(n + 1))
    bounds_v = np.searchsorted(var_labels[order_v], np.arange(n + 1))
    out = []
    for c in range(n):
        vs = unknowns[order_v[bounds_v[c] : bounds_v[c + 1]]]
        if vs.size == 0:
            continue
        es = eqs[order_e[bounds_e[c] : bounds_e[c + 1]]]
        out.append((es, vs))
    return out


def tighten_bounds(
    a: sp.csr_matrix,
    rhs: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    tol: float,
    max_sweeps: int = 60,
) -> tuple[np.ndarray, np.ndarray]:
    """Interval propagation over ``a @ x = rhs``: valid outer bounds of every feasible ``x_j``.

    For each equation ``sum(a_i x_i) = rhs``, ``a_j x_j = rhs - sum_{i != j} a_i x_i`` and the
    sum over the others lies between their smallest and largest possible activity. Sweeps repeat
    until no bound moves by more than ``tol`` (or ``max_sweeps``); every bound returned is implied
    by the system, so adding it to a linear program changes nothing but speed.
    """
    coo = a.tocoo()
    rows, cols, vals = coo.row, coo.col, coo.data
    n_rows = a.shape[0]
    lo = np.asarray(lower, dtype=float).copy()
    hi = np.asarray(upper, dtype=float).copy()
    if rows.size == 0:
        return lo, hi
    pos = vals > 0
    abs_vals = np.abs(vals)
    rhs_nz = rhs[rows]
    for _ in range(max_sweeps):
        with np.errstate(invalid="ignore"):
            cmin = np.where(pos, vals * lo[cols], vals * hi[cols])
            cmax = np.where(pos, vals * hi[cols], vals * lo[cols])
        inf_min = np.isneginf(cmin)
        inf_max = np.isposinf(cmax)
        n_inf_min = np.bincount(rows, weights=inf_min, minlength=n_rows)[rows]
        n_inf_max = np.bincount(rows, weights=inf_max, minlength=n_rows)[rows]
        sum_min = np.bincount(rows, weights=np.where(inf_min, 0.0, cmin), minlength=n_rows)[rows]
        sum_max = np.bincount(rows, weights=np.where(inf_max, 0.0, cmax), minlength=n_rows)[rows]
        others_min = np.where(
            inf_min,
            np.where(n_inf_min == 1, sum_min, -np.inf),
            np.where(n_inf_min == 0, sum_min - np.where(inf_min, 0.0, cmin), -np.inf),
        )
        others_max = np.where(
            inf_max,
            np.where(n_inf_max == 1, sum_max, np.inf),
            np.where(n_inf_max == 0, sum_max - np.where(inf_max, 0.0, cmax), np.inf),
        )
        t_lo = rhs_nz - others_max  # lower bound of a_j x_j
        t_hi = rhs_nz - others_min
        # round outwards by more than the floating-point error of the sums, so that every bound
        # stays valid: without it an error of one ulp can grow sweep after sweep through
        # coefficients other than ±1 until it cuts off the true value
        # numbers near a float's limit (1e308) overflow the sums to inf: the slack is then inf
        # and a candidate inf - inf is NaN, which says nothing: read as no bound (np.maximum.at
        # would carry a NaN into the bound)
        with np.errstate(over="ignore", invalid="ignore"):
            magnitude = np.abs(np.where(inf_min, 0.0, cmin)) \
                + np.abs(np.where(inf_max, 0.0, cmax))
            slack = (SAFETY * (1.0 + np.abs(rhs) + np.bincount(
                rows, weights=magnitude, minlength=n_rows)))[rows] / abs_vals
            cand_lo = np.where(pos, t_lo / vals, t_hi / vals) - slack
            cand_hi = np.where(pos, t_hi / vals, t_lo / vals) + slack
        cand_lo = np.where(np.isnan(cand_lo), -np.inf, cand_lo)
        cand_hi = np.where(np.isnan(cand_hi), np.inf, cand_hi)
        new_lo = lo.copy()
        new_hi = hi.copy()
        np.maximum.at(new_lo, cols, cand_lo)
        np.minimum.at(new_hi, cols, cand_hi)
        bad = new_lo > new_hi + tol
        if bad.any():
            raise InfeasibleSystemError(
                f"bound propagation leaves {int(bad.sum())} variable(s) with no feasible value",
                variables=np.flatnonzero(bad).tolist(),
            )
        new_hi = np.maximum(new_hi, new_lo)  # a crossing within tolerance is a point
        with np.errstate(invalid="ignore"):
            d_lo = new_lo - lo
            d_hi = hi - new_hi
        moved = max(
            float(np.max(d_lo, initial=0.0, where=np.isfinite(d_lo))),
            float(np.max(d_hi, initial=0.0, where=np.isfinite(d_hi))),
        )
        grew = bool(
            np.any(np.isinf(lo) & np.isfinite(new_lo)) or np.any(np.isinf(hi) & np.isfinite(new_hi))
        )
        lo, hi = new_lo, new_hi
        if moved <= tol and not grew:
            break
    return lo, hi
