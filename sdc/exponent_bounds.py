"""A table whose exponent-notation numbers, taken exactly, contradict its own numbers reads
them as the intervals they print (issue 12).

``2.17e+03`` is 2,170 to the nearest 10: the true total lies in [2,165, 2,175]. The audit took
it exactly, so a line of published parts adding to 2,168 under it made the table's system
infeasible (SDC402 ``review``) and a hidden cell its own line gives back was never reported
(SDC501). Taken always as an interval, it would lose what R's ``write.csv`` prints: R writes
100,000 as ``1e+05`` and means it exactly, and a hidden cell it gives back would pass. So the
exact reading stays wherever it fits; only a table that its exact reading contradicts (it
cannot be exact, so it was rounded) has each such number widened to its half unit
(:func:`sdc.printed_precision.half_unit`), as ``sdc.linking._cell_bounds`` widens a rounded
count: bounds, never an equation. Widening only adds feasible values, so a table the exact
reading contradicts is the only one whose intervals move, and its cells had none before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdc.printed_precision import half_unit, is_exponent_notation

if TYPE_CHECKING:
    from sdc.linking import TableSystem


def exponent_cells(ts: TableSystem) -> list[tuple[int, float, float]]:
    """(variable, value, half unit) of each published cell printed in exponent notation.
    Every table of the release is asked: one scan of its raw texts joined, in C, answers
    for nearly all (a 190,000-cell table in ~30 ms); numpy and the solver load only after.
    A compact system's were read when it was made (``TableSystem.exponents``)."""
    if ts.exponents is not None:
        return list(ts.exponents)
    joined = "".join([cell.source.raw for cell in ts.cells])
    if "e" not in joined and "E" not in joined:
        return []
    found = []
    for var, cell in enumerate(ts.cells):
        source = cell.source
        raw = source.raw
        if ("e" in raw or "E" in raw) and is_exponent_notation(raw):
            value = source.value
            if value is not None:
                found.append((var, value, half_unit(raw)))
    return found


def _solved(a: Any, rhs: Any, lower: Any, upper: Any) -> bool:
    """Whether one linear program without an objective finds the exact reading a solution:
    then it fits, at the cost of one program, not of every hidden cell's two (a large R table
    with a ``1e+05`` in it). Any other answer leaves the decision to the audit."""
    import numpy as np
    from scipy.optimize import linprog

    if a.shape[0] == 0:
        return bool((lower <= upper).all())
    found = linprog(np.zeros(a.shape[1]), A_eq=a, b_eq=rhs,
                    bounds=np.column_stack([lower, upper]), method="highs")
    return bool(found.status == 0)


def widened(lower: Any, upper: Any, printed: list[tuple[int, float, float]],
            offset: int = 0) -> tuple[Any, Any]:
    """Copies of the bounds with each printed cell ``(var, value, half)`` (at ``offset +
    var``) widened to its printed interval."""
    import numpy as np

    wide_lo, wide_hi = np.array(lower, dtype=float), np.array(upper, dtype=float)
    for var, value, half in printed:
        # a non-negative number printed rounded is no negative one (0e+00 is 0 to 0.5); never
        # narrower than its bounds were (a count's rounding interval)
        at = offset + var
        wide_lo[at] = min(wide_lo[at], value - half if value < 0 else max(value - half, 0.0))
        wide_hi[at] = max(wide_hi[at], value + half)
    return wide_lo, wide_hi


def widen_contradicted_exponents(ts: TableSystem) -> list[int]:
    """Widen ``ts``'s exponent-notation cells to their printed intervals when its exact
    reading has no solution and the widened one has; the variables widened (none when it
    was not). A table that contradicts itself either way keeps its exact bounds: SDC402 says
    so, as before."""
    printed = exponent_cells(ts)
    if not printed:
        return []

    from sdc.audit import InfeasibleSystemError, audit_matrix

    a, rhs = ts.matrix()
    lower, upper = ts.bounds()
    targets = list(ts.suppressed)
    if _solved(a, rhs, lower, upper):
        return []  # the exact reading fits: kept (R's 1e+05 is exact)
    try:  # the audit decides (its tolerance is the one SDC402 uses), at the cost of its LPs
        audit_matrix(a, rhs, lower, upper, targets)
        return []
    except InfeasibleSystemError:
        pass
    wide_lo, wide_hi = widened(lower, upper, printed)
    try:
        audit_matrix(a, rhs, wide_lo, wide_hi, targets)
    except InfeasibleSystemError:
        return []
    ts.lower, ts.upper, ts.open_tail = wide_lo.tolist(), wide_hi.tolist(), 0
    ts.__dict__.pop("system", None)
    ts.compact_bounds()
    return [var for var, _, _ in printed]


def printed_halves(ts: TableSystem) -> dict[float, float]:
    """Each value ``ts`` prints in exponent notation, with its half unit (the widest where
    one value is printed more than once): what another table's audit may read as the
    interval a constant published by ``ts`` prints (``sdc.rules.suppression``)."""
    halves: dict[float, float] = {}
    for _, value, half in exponent_cells(ts):
        halves[value] = max(half, halves.get(value, 0.0))
    return halves
