"""Build a :class:`SuppressionProblem` from a parsed table (the check's own linear system) or
from an array with margins (benchmarks, the Python API).

Building from ``sdc.linking.build_table_system`` means the problem has exactly the equations
``sdc check`` will write down for the protected file: 2-D and 3-D tables with margins, long
tables, and nested hierarchies (a sparse outer label with ``Total`` subtotal rows) alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from sdc.audit import margin_equations
from sdc.exponent_bounds import widen_contradicted_exponents
from sdc.linking import TableSystem, printed_tops_bounds, rounding_slack
from sdc.policy import Policy
from sdc.protect.problem import Grid, SuppressionProblem, lp_completion
from sdc.rules import REGISTRY
from sdc.rules.protection_levels import (
    DominanceLevels,
    hidden_total_target,
    magnitude_protection_bound,
)
from sdc.table import DataCell, Role, Table

COST_KINDS = ("cells", "value")


def requirement_switches(policy: Policy) -> tuple[bool, bool]:
    """(exactness checked, interval width checked): SDC501 and SDC502 as the policy runs them."""
    return (policy.is_enabled(REGISTRY["SDC501"]), policy.is_enabled(REGISTRY["SDC502"]))


MARGIN_TIE_BREAK = 1e-3  # per margin dimension: among equally many cells, hide inner ones


def make_costs(kind: str | np.ndarray, values: np.ndarray,
               margin_level: np.ndarray | None = None) -> np.ndarray:
    """Cost of suppressing each cell: one per cell, its value, or given numbers.

    A small positive floor keeps zero-valued cells from being free; with ``cells``, a margin
    costs a thousandth more per margin dimension, so that of two patterns with as many cells
    the one hiding inner cells wins (totals are what readers use most).
    """
    if isinstance(kind, np.ndarray):
        base = np.abs(np.nan_to_num(kind.astype(float), nan=0.0))
    elif kind == "cells":
        level = np.zeros(values.size) if margin_level is None else margin_level
        return 1.0 + MARGIN_TIE_BREAK * level
    elif kind == "value":
        base = np.abs(values.astype(float))
    else:
        raise ValueError(f"unknown cost {kind!r} (cells, value or a column)")
    floor = 1e-4 * max(1.0, float(base.max()) if base.size else 1.0)
    return base + floor


def detect_grid(table: Table, cells: Sequence[DataCell], n_equations: int) -> Grid | None:
    """The cells as a full N-D grid with one total per dimension, if they are one.

    Nested hierarchies, partial margins and ragged long tables are not grids; they are solved
    with the general methods instead.
    """
    dims = [d for d in table.dimensions if all(d in c.coords for c in cells)]
    if not dims or any(set(c.coords) - set(dims) for c in cells):
        return None
    categories = _grid_categories(cells, dims)
    if categories is None:
        return None
    cats, total = categories
    shape = tuple(len(cats[d]) + (total[d] is not None) for d in dims)
    var_at = _grid_positions(cells, dims, cats, shape)
    if var_at is None:
        return None
    totals = tuple(len(cats[d]) if total[d] is not None else None for d in dims)
    expected = sum(int(np.prod(shape)) // shape[k] for k, t in enumerate(totals) if t is not None)
    if expected != n_equations:
        return None
    return Grid(shape=shape, totals=totals, var_at=var_at)


def _grid_categories(cells: Sequence[DataCell], dims: list[str]
                     ) -> tuple[dict[str, dict[str, int]], dict[str, str | None]] | None:
    """Each dimension's categories (label -> position, in order of appearance) and its one
    total label (None without); None when a dimension has two total labels or a label that
    is both."""
    cats: dict[str, dict[str, int]] = {d: {} for d in dims}
    total: dict[str, str | None] = {d: None for d in dims}
    for cell in cells:
        for d in dims:
            label = cell.coords[d]
            if d in cell.total_dims:
                if total[d] not in (None, label):
                    return None
                total[d] = label
            else:
                cats[d].setdefault(label, len(cats[d]))
    if any(total[d] is not None and total[d] in cats[d] for d in dims):
        return None
    return cats, total


def _grid_positions(cells: Sequence[DataCell], dims: list[str], cats: dict[str, dict[str, int]],
                    shape: tuple[int, ...]) -> np.ndarray | None:
    """Each grid position's cell index (totals last on their axis); None when two cells share
    a position or one is empty."""
    var_at = np.full(shape, -1, dtype=np.int64)
    for i, cell in enumerate(cells):
        index = tuple(len(cats[d]) if d in cell.total_dims else cats[d][cell.coords[d]]
                      for d in dims)
        if var_at[index] != -1:
            return None
        var_at[index] = i
    if (var_at < 0).any():
        return None
    return var_at


def problem_from_table(
    ts: TableSystem, *, policy: Policy, primary: set[int], cost: str | np.ndarray = "cells",
    written_hidden: set[tuple[int, int]] | None = None,
) -> SuppressionProblem:
    """The problem of one measure; ``primary`` holds variable indices of ``ts``.

    Cells already suppressed on input stay suppressed; their values are completed from the
    published totals. ``written_hidden``: the other cells (``(row, col)``) the protected file
    will hide, the primaries of every measure: a cell hidden beside contributions the file
    still prints (τ-ARGUS' ``freq``, ``top1``, ``top2``) lies within what they print, as the
    check of the written file reads it (``sdc.linking.printed_tops_bounds``).
    """
    # a total printed 2.17e+03 over parts adding to 2,168 is read as the interval it prints,
    # as sdc check reads it: taken exactly, no table completed it (ProtectionError)
    widened = widen_contradicted_exponents(ts)
    system = ts.system
    cells = ts.cells
    n = len(cells)
    hidden = np.zeros(n, dtype=bool)
    hidden[system.suppressed] = True
    values = np.array([c.value if c.value is not None else 0.0 for c in cells], dtype=float)
    lower = np.zeros(n)
    upper = np.full(n, np.inf)
    neg = values < 0
    lower[neg] = values[neg]  # a published negative bounds nothing below (as the audit)
    bounded = _printed_tops_domain(ts, hidden, values, lower, upper, written_hidden or set())
    equations = list(system.equations)
    printed = np.zeros(n, dtype=bool)
    printed[widened] = True
    bounds_lo, bounds_hi = (b[:n] for b in ts.bounds())
    values = lp_completion(values, hidden, equations, lower, upper,
                           (printed, bounds_lo, bounds_hi) if widened else None)
    base = policy.shared.rounding_base
    counts = np.array([c.measure.role is Role.COUNT for c in cells])
    pub_lo = np.zeros(n)
    pub_hi = np.zeros(n)
    if base and counts.any():
        slack = rounding_slack(base, policy.shared.rounding_scheme)  # as sdc check reads them
        pub_lo[counts] = np.maximum(values[counts] - slack, 0.0) - values[counts]
        pub_hi[counts] = float(slack)
    pub_lo[printed] = bounds_lo[printed] - values[printed]  # within what it prints
    pub_hi[printed] = bounds_hi[printed] - values[printed]
    threshold = float(policy.shared.threshold)
    levels = DominanceLevels.of(policy)  # as SDC502 asks of each hidden magnitude
    check_exact, check_width = requirement_switches(policy)
    up_req = np.zeros(n)
    down_req = np.zeros(n)
    down_clear = np.full(n, np.inf)
    unreachable = np.zeros(n, dtype=bool)
    small = counts & (values < threshold)
    if check_width:
        up_req[small] = threshold - values[small]
        for i, cell in enumerate(cells):
            # missing contributions as large as they can be: SDC502 reviews a cell short
            # of that bound, so a plan short of it would not pass its own check
            level = magnitude_protection_bound(cell, levels)
            if level > 0:
                true = float((cell.evidence or {})["total"])
                up_req[i] = true + level - values[i]
                down_req[i] = values[i] - (true - level)
            if hidden[i] or bounded[i]:
                # hidden beside the contributions it prints, the written file gives no total:
                # its check asks the reach at every total they allow, so the plan does too
                # (a secondary N3 of 8 beside 5, 2 and 3 companies lies in [7, 9], where it
                # may be sensitive; asked nothing, the written file's check reviewed it)
                alone = cell if hidden[i] else _without_total(cell)
                up, down = _reach_requirements(alone, levels, values[i], float(lower[i]))
                target = hidden_total_target(alone, levels)[0]
                if bounded[i] and down > values[i] - lower[i] + 1e-9 and values[i] < target:
                    # below the floor its own tops print, and it cannot lie wholly above
                    # its reach (its value is below): no pattern meets it, SDC502 will
                    # review the cell whatever is hidden. The plan asks it only not to be
                    # exact (chasing the floor hid the whole table, each partner unreachable
                    # in turn) and says it is unresolved
                    up_req[i] = down_req[i] = 0.0
                    unreachable[i] = True
                    continue
                up_req[i], down_req[i] = max(up_req[i], up), max(down_req[i], down)
                if down and level <= 0:
                    down_clear[i] = target
    exact_req = np.where(counts, 1.0, np.maximum(1e-4 * np.abs(values), 1e-3))
    if not check_exact:
        exact_req[:] = 0.0
    is_primary = np.zeros(n, dtype=bool)
    is_primary[list(primary)] = True
    fixed = is_primary | hidden
    costs = make_costs(cost, values, np.array([len(c.total_dims) for c in cells], dtype=float))
    return SuppressionProblem(
        values=values, equations=equations, lower=lower, upper=upper, pub_lo=pub_lo,
        pub_hi=pub_hi, fixed=fixed, primary=is_primary, allowed=~fixed, up_req=up_req,
        down_req=down_req, exact_req=exact_req, small=small & ~fixed, cost=costs,
        labels=[c.ref for c in cells],
        grid=None if ts.inconsistent else detect_grid(ts.output.table, cells,  # type: ignore[arg-type]
                                                      len(equations)),
        down_clear=down_clear if np.isfinite(down_clear).any() else None,
        unreachable=unreachable if unreachable.any() else None,
    )


def _without_total(cell: DataCell) -> DataCell:
    """``cell`` as the written file gives it once hidden: its contributions, not its total."""
    return DataCell(measure=cell.measure, coords=cell.coords, source=cell.source,
                    total_dims=cell.total_dims,
                    evidence={**(cell.evidence or {}), "total": None})


def _printed_tops_domain(ts: TableSystem, hidden: np.ndarray, values: np.ndarray,
                         lower: np.ndarray, upper: np.ndarray,
                         written_hidden: set[tuple[int, int]]) -> np.ndarray:
    """Narrow ``lower``/``upper`` (a hidden cell's domain) to what the contributions printed
    beside each cell tell a reader of the written file. Planned without them, N1 (500 and 60
    of 3 companies: at most 620) hidden beside a partner looked protected to 622.2 and the
    written file's own check failed it (audit4, issue 12). A published value outside them
    (contributions that contradict their own total) is left as before: the check of the
    written file reads the contradiction (SDC402). Returns which cells they bound."""
    bounded = np.zeros(len(ts.cells), dtype=bool)
    table = ts.output.table
    if table is None or not table.printed_tops:
        return bounded
    for i, cell in enumerate(ts.cells):
        shown = table.printed_tops.get((cell.source.row, cell.source.col))
        if shown is None:
            continue
        lo, hi = printed_tops_bounds(shown, written_hidden)
        if not hidden[i] and not lo - 1e-9 <= values[i] <= hi + 1e-9:
            continue
        lower[i], upper[i] = max(lower[i], lo), min(upper[i], hi)
        bounded[i] = lo > 0 or hi < math.inf
    return bounded


def _reach_requirements(cell: DataCell, levels: DominanceLevels, value: float,
                        floor: float = 0.0) -> tuple[float, float]:
    """How far above and below its completed ``value`` a hidden magnitude whose total is not
    given (τ-ARGUS columns: ``freq``, ``top1``, ``top2`` beside ``[c]``) must be able to lie
    for SDC502 to pass it (``protection_shortfall``): up to ``X + level`` (the same for every
    total), down to ``2 S - (X + level)`` with ``S`` its listed tops (the smallest total it can
    hold). Asked nothing, a plan left it short and its own check failed it. Below zero the
    second cannot be reached: the cell stays unresolved, as SDC502 then says. ``floor``: the
    lowest value the file lets it hold (its printed tops, :func:`_printed_tops_domain`): the
    check reads the smallest total from it too, and a cell that cannot lie below its reach
    is sensitive at no total it can hold (asked nothing below; as ``protection_shortfall``,
    never less strict: its interval's lower end is at least ``floor``)."""
    target, _ = hidden_total_target(cell, levels)
    if target <= 0:
        return 0.0, 0.0
    listed = float(sum(float(t) for t in (cell.evidence or {}).get("top") or []))
    if floor >= target:
        return max(target - value, 0.0), 0.0
    lowest = max(listed, floor)
    return max(target - value, 0.0), max(value - (2 * lowest - target), 0.0)


def problem_from_array(
    values: np.ndarray, primary: np.ndarray, *, threshold: float, margins: bool = True,
    cost: str | np.ndarray = "cells",
    hierarchies: Mapping[int, Mapping[int, Sequence[int]]] | None = None,
) -> SuppressionProblem:
    """A count table as an array (the last index of each axis is its total when ``margins``);
    ``primary`` is a boolean array of the same shape."""
    arr = np.asarray(values, dtype=float)
    flat = arr.ravel()
    n = flat.size
    equations = margin_equations(arr.shape, hierarchies, default=margins)
    prim = np.asarray(primary, dtype=bool).ravel()
    small = flat < threshold
    up_req = np.where(small, threshold - flat, 0.0)
    labels = [",".join(map(str, idx)) for idx in np.ndindex(*arr.shape)]
    grid = None
    if margins and not hierarchies:
        grid = Grid(shape=arr.shape, totals=tuple(s - 1 for s in arr.shape),
                    var_at=np.arange(n).reshape(arr.shape))
    cost_values = np.asarray(cost, dtype=float).ravel() if not isinstance(cost, str) else cost
    level = np.zeros(n)
    if margins:
        for axis, size in enumerate(arr.shape):
            index = np.indices(arr.shape)[axis].ravel()
            level += index == size - 1
    return SuppressionProblem(
        values=flat.copy(), equations=equations, lower=np.zeros(n), upper=np.full(n, np.inf),
        pub_lo=np.zeros(n), pub_hi=np.zeros(n), fixed=prim.copy(), primary=prim.copy(),
        allowed=~prim, up_req=up_req, down_req=np.zeros(n), exact_req=np.ones(n),
        small=small & ~prim, cost=make_costs(cost_values, flat, level), labels=labels, grid=grid,
    )
