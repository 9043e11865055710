"""A hidden cell's interval from its bounds and the solver's end points, without scipy or HiGHS.

The audit (:mod:`sdc.audit.solve`) turns each end point it finds into an :class:`Interval`
here. A system with **no equation** (a long table with no totals, linked to nothing) is
audited here too (:func:`bounds_audit`): every hidden cell is bounded only by its own bounds,
which is what :func:`sdc.audit.solve.audit_matrix` concludes for it, but without building a
sparse matrix, so a release with no equation never imports ``scipy.sparse`` (~0.08 s of a
1 MiB long table's first check, issue 14 §3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sdc.audit.system import AuditError, InfeasibleSystemError, Interval

EQ_TOL = 1e-9  # relative to the system's scale: equations that must hold exactly
LP_TOL = 1e-7  # relative to a value: the accuracy of HiGHS's answers (its default tolerance)

# The interval of a hidden count that nothing bounds but zero, the commonest by far (a long
# table's hidden cells, in lines without totals): one object for all of them (frozen, with no
# derivation), not an interval and two floats each, held through every release rule
OPEN = Interval(0.0, np.inf, exact=False)


def scale(lower: np.ndarray, upper: np.ndarray, rhs: np.ndarray) -> float:
    """A magnitude for absolute tolerances: the largest finite number in the system."""
    finite = [np.abs(x[np.isfinite(x)]) for x in (lower, upper, rhs)]
    return max([1.0] + [float(f.max()) for f in finite if f.size])


def snap(v: float) -> float:
    """Remove solver noise from a value that is an integer up to the LP's accuracy.

    The window is the solver's absolute tolerance, widening to 1e-10 relative for large values.
    """
    if not np.isfinite(v):
        return float(v)
    r = round(v)
    return float(r) if abs(v - r) <= max(LP_TOL, 1e-10 * abs(v)) else float(v)


def lp_interval(lo: float, hi: float) -> Interval:
    """The interval between two end points found for a cell (snapped; zero width is exact)."""
    if np.isnan(lo) or np.isnan(hi):  # an end no step settled: nothing may be concluded
        raise AuditError("the audit found no end point for a cell")
    lo, hi = snap(lo), snap(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        # an infinite end (a cell in no equation with no bound, or a ray): never exact; the
        # width test below would read inf <= inf as zero width, and (-inf + inf) / 2 is NaN
        if hi == np.inf and lo == 0.0 and not np.signbit(lo):  # +0.0 only: -0.0 is its own
            return OPEN
        return Interval(lo, hi, exact=False)
    width_tol = LP_TOL * max(1.0, abs(lo), abs(hi))
    if hi - lo <= width_tol:
        mid = snap((lo + hi) / 2)
        return Interval(mid, mid, exact=True)
    return Interval(lo, hi, exact=False)


def checked_inputs(lower: np.ndarray, upper: np.ndarray, rhs: np.ndarray,
                   shape: tuple[int, int], targets: Sequence[int]) -> list[int]:
    """The audit's inputs checked alike wherever it starts (``audit_matrix``, ``bounds_audit``):
    bounds and right-hand side of the matrix's ``shape``, no NaN bound, every target a
    variable; the targets returned once each, in order."""
    n_vars = shape[1]
    if lower.shape != (n_vars,) or upper.shape != (n_vars,) or rhs.shape != (shape[0],):
        raise ValueError(f"bounds of shape {lower.shape} and {upper.shape}, rhs {rhs.shape}, "
                         f"for a matrix of shape {shape}")
    if np.isnan(lower).any() or np.isnan(upper).any():
        raise ValueError("bounds must not be NaN (use -inf / inf for no bound)")
    tlist = list(dict.fromkeys(int(t) for t in targets))
    for t in tlist:
        if not 0 <= t < n_vars:
            raise ValueError(f"target {t} is not a variable of a system of {n_vars}")
    return tlist


def bounds_audit(lower: np.ndarray, upper: np.ndarray, targets: Sequence[int]
                 ) -> dict[int, Interval]:
    """``audit_matrix`` of a system with no equation: the same checks (bounds of one shape,
    no NaN, targets in range, no lower bound above its upper), a published target exact at
    its value, every other one its own bounds. Tested equal to ``audit_matrix`` on an empty
    matrix (``tests/test_audit_bounds_only.py``)."""
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    tlist = checked_inputs(lower, upper, np.zeros(0), (0, len(lower)), targets)
    tol = EQ_TOL * scale(lower, upper, np.zeros(0))
    if np.any(lower > upper + tol):  # as the elimination finds it
        bad = np.flatnonzero(lower > upper + tol)
        raise InfeasibleSystemError(
            f"{len(bad)} variable(s) have a lower bound above the upper bound",
            variables=bad.tolist(),
        )
    published = (lower >= upper).tolist()
    # [+0, inf): what ``lp_interval`` makes OPEN, found at once (a long table's hidden counts)
    is_open = ((lower == 0.0) & ~np.signbit(lower) & (upper == np.inf)).tolist()
    out: dict[int, Interval] = {}
    for t in tlist:
        if published[t]:
            v = float(lower[t])
            out[t] = Interval(v, v, exact=True, derivation=[], combination={})
        else:
            out[t] = OPEN if is_open[t] else lp_interval(float(lower[t]), float(upper[t]))
    return out
