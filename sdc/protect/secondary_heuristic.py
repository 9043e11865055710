"""Fast secondary suppression: a hypercube per primary cell, a cheapest-cycle LP where no
hypercube fits, then an audit and repair.

Hypercube (Repsilber's method, as in tau-Argus and sdcTable): on a full N-D table a primary cell
``p`` is protected by the 2^d corners of a box ``{p_k, q_k}`` over the axes that carry a total.
Moving ``p`` by ``R`` and every corner by ``±R`` keeps every line's sum, so if the corners that
move down hold at least ``R`` the attacker can push ``p`` up by ``R``; every corner moves, so none
is exact. A corner on a total moves with its part (same sign), an inner one against it. Each
primary takes the cheapest box (already suppressed corners are free), searched over all partner
indices at once with numpy.

Where the table is not a grid (nested hierarchies, ragged long tables), or no box fits, a linear
program finds the cheapest set of cells whose movement carries ``p`` by ``R`` (an LP relaxation of
the single-cell problem); its support is suppressed, which is a feasible attacker movement, so the
cell is protected whatever else is suppressed later. Small cells (counts below the threshold) are
avoided as secondaries and, when they are needed, queued for protection of their own.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict, deque

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from sdc.protect.deadline import Deadline, OutOfTime
from sdc.protect.flow import FlowReach
from sdc.protect.pattern import Pattern, needs, pattern_cost
from sdc.protect.problem import REACH_TOL, Grid, Shortfall, SuppressionProblem, shortfalls
from sdc.protect.reach_model import PatternReach
from sdc.protect.table_models import CycleModel, ReachModel

VERIFY_LIMIT = 20_000  # cells: audit the result above this only when asked (hypercubes are safe)
MAX_REPAIR_ROUNDS = 25


class _GridArrays:
    """Grid-shaped arrays of the problem, and the cost of using each cell as a box corner.

    ``free`` is that cost when the corner moves up (no capacity needed): 0 once suppressed, the
    cell's cost when it may be hidden, ``inf`` when not. It is updated as cells are hidden.
    ``free_small`` is the same with small cells (counts below the threshold) usable as corners,
    for when no box avoids them (each small corner then needs a box of its own).
    """

    def __init__(self, problem: SuppressionProblem, suppressed: np.ndarray) -> None:
        grid = problem.grid
        assert grid is not None
        at = grid.var_at
        self.down_room = (problem.values - problem.lower)[at]
        allowed = problem.allowed[at]
        usable = allowed & ~problem.small[at]
        self.free = np.where(suppressed[at], 0.0, np.where(usable, problem.cost[at], np.inf))
        self.free_small = np.where(suppressed[at], 0.0,
                                   np.where(allowed, problem.cost[at], np.inf))
        self.axes = [k for k, t in enumerate(grid.totals) if t is not None]

    def hide(self, position: tuple[int, ...]) -> None:
        self.free[position] = 0.0
        self.free_small[position] = 0.0


def _hypercube(problem: SuppressionProblem, arrays: _GridArrays, var: int, direction: int,
               need: float, *, allow_small: bool = False) -> tuple[float, list[int]] | None:
    """Cheapest box protecting ``var`` (movement ``direction`` by ``need``): (cost, corners).

    The cost of every partner combination is summed over the corners at once; a corner that
    moves down (against ``direction``) costs ``inf`` where it holds less than ``need``. On the
    full-dimensional corner those are thin blocks (a total row or column), patched in place.
    ``allow_small`` lets small cells be corners (``arrays.free_small``).
    """
    grid = problem.grid
    assert grid is not None
    p = grid.position[var]
    axes = arrays.axes
    if not axes:
        return 0.0, []  # no equation holds the cell: hidden is hidden
    free = arrays.free_small if allow_small else arrays.free
    total = _box_costs(grid, arrays, free, p, direction, need)
    best = int(np.argmin(total))
    value = float(total.flat[best])
    if not np.isfinite(value):
        return None
    partner = np.unravel_index(best, tuple(grid.shape[k] for k in axes))
    return value, _corners(grid, axes, p, partner)


def _axis_signs(grid: Grid, p: np.ndarray, axes: list[int]
                ) -> tuple[dict[int, np.ndarray], dict[int, dict[int, np.ndarray]]]:
    """Per axis: the sign a corner at each index moves with (+1 on a total, with its part;
    -1 inner, against it), and the indices of each sign."""
    signs: dict[int, np.ndarray] = {}
    groups: dict[int, dict[int, np.ndarray]] = {}
    for k in axes:
        idx = np.arange(grid.shape[k])
        is_total = (idx == grid.totals[k]) | (p[k] == grid.totals[k])
        signs[k] = np.where(is_total, 1.0, -1.0)
        groups[k] = {1: np.flatnonzero(is_total), -1: np.flatnonzero(~is_total)}
    return signs, groups


def _box_costs(grid: Grid, arrays: _GridArrays, free: np.ndarray, p: np.ndarray,
               direction: int, need: float) -> np.ndarray:
    """The cost of the box through each partner combination (``inf`` where none fits)."""
    axes = arrays.axes
    d = len(grid.shape)
    signs, groups = _axis_signs(grid, p, axes)
    floor = need - REACH_TOL * max(1.0, need)
    total: np.ndarray | None = None
    for size in range(len(axes), 0, -1):
        for subset in itertools.combinations(axes, size):
            sel = tuple(slice(None) if k in subset else int(p[k]) for k in range(d))
            if size == len(axes):  # the opposite corner: patch the blocks that fall
                total = _opposite_corner(arrays, free, sel, subset, groups, direction, floor)
                continue
            sign = np.ones(tuple(grid.shape[k] for k in subset))
            for pos, k in enumerate(subset):
                shape = [1] * size
                shape[pos] = grid.shape[k]
                sign = sign * signs[k].reshape(shape)
            short = ((direction * sign) < 0) & (arrays.down_room[sel] < floor)
            cost = np.where(short, np.inf, free[sel])
            expand = [pos for pos, k in enumerate(axes) if k not in subset]
            assert total is not None
            total += np.expand_dims(cost, expand)
    assert total is not None
    for pos, k in enumerate(axes):  # a partner must differ from the cell on every axis
        index: list[slice | int] = [slice(None)] * len(axes)
        index[pos] = int(p[k])
        total[tuple(index)] = np.inf
    return total


def _opposite_corner(arrays: _GridArrays, free: np.ndarray, sel: tuple,
                     subset: tuple[int, ...], groups: dict[int, dict[int, np.ndarray]],
                     direction: int, floor: float) -> np.ndarray:
    """The full-dimensional corner's cost: ``inf`` in the blocks that move down without the
    room to."""
    total = free[sel].copy()
    for combo in itertools.product((1, -1), repeat=len(subset)):
        if direction * int(np.prod(combo)) >= 0:
            continue
        block = np.ix_(*[groups[k][g] for k, g in zip(subset, combo, strict=True)])
        if any(ix.size == 0 for ix in block):
            continue
        room = arrays.down_room[sel][block]
        total[block] += np.where(room >= floor, 0.0, np.inf)
    return total


def _corners(grid: Grid, axes: list[int], p: np.ndarray, partner: tuple) -> list[int]:
    """The box's corners other than the cell itself (variables)."""
    corners = []
    for size in range(1, len(axes) + 1):
        for subset in itertools.combinations(axes, size):
            position = list(p)
            for k in subset:
                position[k] = int(partner[axes.index(k)])
            corners.append(int(grid.var_at[tuple(position)]))
    return corners


def cheapest_cycle(problem: SuppressionProblem, suppressed: np.ndarray, var: int,
                   direction: int, need: float, *, allow_small: bool = False
                   ) -> tuple[float, list[int]] | None:
    """Cells to suppress so that ``var`` can move by ``need`` (``direction`` 0: either way).

    LP: minimise ``sum(cost_j w_j)`` over candidate cells, subject to ``A z = 0``, each candidate
    moving at most ``need * w_j`` within its domain, suppressed cells within theirs, published
    cells fixed, and ``sign * z_var >= need``. Returns (cost, cells moved) or ``None``.
    """
    if direction == 0:
        options = [r for s in (+1, -1)
                   if (r := cheapest_cycle(problem, suppressed, var, s, need,
                                           allow_small=allow_small)) is not None]
        return min(options, key=lambda r: r[0]) if options else None
    n = problem.n
    usable = problem.allowed & ~suppressed
    if not allow_small:
        usable &= ~problem.small
    cand = np.flatnonzero(usable)
    k = cand.size
    lo, hi = problem.z_bounds(suppressed)
    lo = lo.copy()
    hi = hi.copy()
    lo[cand] = (problem.lower - problem.values)[cand]
    hi[cand] = np.minimum(problem.upper - problem.values, problem.big)[cand]
    if direction > 0:
        lo[var] = max(lo[var], need)
    else:
        hi[var] = min(hi[var], -need)
    if lo[var] > hi[var]:
        return None
    a = problem.matrix
    m = a.shape[0]
    eye = sp.csr_matrix((np.ones(k), (np.arange(k), cand)), shape=(k, n))
    wcol = sp.identity(k, format="csr") * need
    a_ub = sp.vstack([sp.hstack([eye, -wcol]), sp.hstack([-eye, -wcol])]).tocsr()
    b_ub = np.zeros(2 * k)
    a_eq = sp.hstack([a, sp.csr_matrix((m, k))]).tocsr() if m else None
    cost = np.concatenate([np.zeros(n), problem.cost[cand]])
    bounds = np.vstack([np.column_stack([lo, hi]), np.column_stack([np.zeros(k), np.ones(k)])])
    res = linprog(cost, A_ub=a_ub if k else None, b_ub=b_ub if k else None, A_eq=a_eq,
                  b_eq=np.zeros(m) if m else None, bounds=bounds, method="highs")
    if res.status != 0:
        return None
    z = res.x[:n]
    moved = cand[np.abs(z[cand]) > 1e-7 * max(1.0, need)]
    return float(problem.cost[moved].sum()), [int(j) for j in moved]


class _Builder:
    """Suppresses cells one requirement at a time, remembering why each was added."""

    def __init__(self, problem: SuppressionProblem, start: np.ndarray | None = None,
                 deadline: Deadline | None = None, cycles: str = "highs") -> None:
        self.problem = problem
        self.deadline = deadline or Deadline(None)
        self.cycles = cycles
        self.cycle_model: CycleModel | None = None
        self.reach_model: ReachModel | None = None
        self.sup = problem.fixed.copy() if start is None else (problem.fixed | start)
        self.protects: dict[int, set[int]] = defaultdict(set)
        self.queue: deque[int] = deque()
        self.queued: set[int] = set()
        self.arrays = _GridArrays(problem, self.sup) if problem.grid is not None else None
        self.unresolved: list[int] = []
        self.flow = FlowReach(problem) if FlowReach.applies(problem) else None
        self.flow_stale = True
        self.model: PatternReach | None = None  # the LP reach under the current pattern
        self.model_stale = True
        self.lps = 0
        self.flows = 0
        self.boxes = 0
        self.boxes_first = False  # the repair after an audit (see ``protect``)

    def add(self, cells: list[int], because: int) -> None:
        for j in cells:
            if j == because:
                continue
            if not self.sup[j]:
                self.sup[j] = True
                self.flow_stale = self.model_stale = True
                if self.arrays is not None:
                    grid = self.problem.grid
                    assert grid is not None
                    self.arrays.hide(tuple(grid.position[j]))
                self.protects[j].add(because)
                if self.problem.has_requirement(j) and j not in self.queued:
                    self.queue.append(j)  # a small cell hidden as a secondary needs its own
                    self.queued.add(j)
            elif not self.problem.fixed[j]:
                self.protects[j].add(because)

    def protect(self, var: int, direction: int, need: float) -> bool:
        """Make ``var`` reach ``need``: nothing if it already does, else the cheapest box,
        else the cheapest cycle.

        With ``boxes_first`` (the repair after an audit, on a grid) the box comes first, small
        cells allowed as corners when no other box fits, and the reach check on the whole
        table is skipped: a box of cells already hidden costs nothing and adds nothing, and
        whatever a box adds is a feasible movement, so the cell is protected either way (an
        unneeded box only costs cells; the next audit checks everything it changed)."""
        if self.boxes_first and self.arrays is not None:
            for allow_small in (False, True):
                found = self._box(var, direction, need, allow_small)
                if found is not None:
                    self.boxes += 1
                    self.add(found, var)
                    return True
        if self._reaches(var, direction, need):
            return True
        if self.arrays is not None:
            found = self._box(var, direction, need)
            if found is not None:
                self.boxes += 1
                self.add(found, var)
                return True
        for allow_small in (False, True):
            self.lps += 1
            found_lp = self._cycle(var, direction, need, allow_small)
            if found_lp is not None:
                self.add(found_lp[1], var)
                return True
        return False

    def _cycle(self, var: int, direction: int, need: float, allow_small: bool
               ) -> tuple[float, list[int]] | None:
        """The cheapest cycle: on the kept HiGHS model (``cycles="highs"``) or by a fresh
        ``linprog`` (``"linprog"``, the reference it replaced)."""
        if self.cycles == "linprog":
            return cheapest_cycle(self.problem, self.sup, var, direction, need,
                                  allow_small=allow_small)
        if self.cycle_model is None:
            self.cycle_model = CycleModel(self.problem, self.deadline)
        dirs = (+1, -1) if direction == 0 else (direction,)
        options = [r for s in dirs if (r := self.cycle_model.cheapest(
            self.sup, var, s, need, allow_small)) is not None]
        return min(options, key=lambda r: r[0]) if options else None

    def _lp_reach(self, var: int, sign: int) -> float:
        """The reach by LP: the kept whole-table model, or (``cycles="linprog"``, as before)
        a model per component rebuilt after every change of the pattern."""
        if self.cycles == "linprog":
            if self.model is None or self.model_stale:
                self.model = PatternReach(self.problem, self.sup, self.deadline)
                self.model_stale = False
            return self.model.reach(var, sign)[0]
        if self.reach_model is None:
            self.reach_model = ReachModel(self.problem, self.deadline)
        return self.reach_model.reach(self.sup, var, sign)

    def _box(self, var: int, direction: int, need: float, allow_small: bool = False
             ) -> list[int] | None:
        assert self.arrays is not None
        dirs = (+1, -1) if direction == 0 else (direction,)
        options = [r for s in dirs
                   if (r := _hypercube(self.problem, self.arrays, var, s, need,
                                       allow_small=allow_small)) is not None]
        if not options:
            return None
        return min(options, key=lambda r: r[0])[1]

    def _reaches(self, var: int, direction: int, need: float) -> bool:
        dirs = (+1, -1) if direction == 0 else (direction,)
        for s in dirs:
            if self.flow is not None:
                self.flows += 1
                value = self.flow.reach(self.sup, var, s, fresh=self.flow_stale)
                self.flow_stale = False
            else:
                self.lps += 1
                value = self._lp_reach(var, s)
            if value >= need - REACH_TOL * max(1.0, need):
                return True
        return False

    def run_queue(self) -> None:
        while self.queue:
            if self.deadline.expired():  # what is left is not proven protected
                self.unresolved.extend(self.queue)
                self.queue.clear()
                return
            var = self.queue.popleft()
            try:
                for direction, need in needs(self.problem, var):
                    if not self.protect(var, direction, need):
                        self.unresolved.append(var)
            except OutOfTime:  # cut off inside a solve: this cell and the rest are unproven
                self.unresolved.append(var)
                self.unresolved.extend(self.queue)
                self.queue.clear()
                return


def heuristic(problem: SuppressionProblem, *, verify: bool | None = None,
              start: np.ndarray | None = None, deadline: Deadline | None = None,
              cycles: str = "highs", audit_start: bool = False) -> Pattern:
    """A protected pattern, fast: a reach check (max flow or LP) per cell, hypercubes where the
    table is a grid, cheapest cycles elsewhere; then (``verify``, by default for tables up to
    ``VERIFY_LIMIT`` cells) an audit with ``sdc.audit`` and a repair of whatever it finds short.
    Every step leaves a feasible attacker movement, so the pattern is safe without the audit;
    the audit guards against numerical trouble in the LPs.

    ``start`` is a pattern to complete instead of the primaries alone (the last master of a
    MILP stopped by its time limit): every hidden cell with a requirement is checked and
    protected where it falls short, so the result is safe whatever ``start`` was.

    ``deadline`` stops it, inside a solve or an audit as well as between steps: every cell it
    had not proven protected by then is in ``unresolved`` (and ``stats["timed_out"]`` is 1),
    never taken for safe.

    ``audit_start`` (with ``start``): instead of a reach check per hidden cell, one audit of
    ``start`` finds the cells that fall short, and only those are protected (for a start that
    is mostly safe already, as Gaussian elimination's); it implies ``verify``."""
    began = time.perf_counter()
    b = _Builder(problem, start, deadline, cycles)
    order = _first_order(problem, b.sup, start)
    if audit_start and start is not None:
        verify = True
        b.queued.update(order)
        b.unresolved = list(order)  # unproven until the first audit
    else:
        for var in order:
            b.queue.append(var)
            b.queued.add(var)
        b.run_queue()
    if verify is None:
        verify = problem.n <= VERIFY_LIMIT
    rounds = _audit_and_repair(problem, b) if verify else 0
    return Pattern(
        suppressed=b.sup, method="heuristic", cost=pattern_cost(problem, b.sup),
        protects={j: sorted(v) for j, v in b.protects.items() if not problem.fixed[j]},
        unresolved=sorted(set(b.unresolved)),
        stats={"seconds": time.perf_counter() - began, "hypercubes": b.boxes,
               "linear_programs": b.lps, "max_flows": b.flows, "repair_rounds": rounds,
               "verified": float(verify), "timed_out": float(b.deadline.reached)},
    )


def _first_order(problem: SuppressionProblem, suppressed: np.ndarray,
                 start: np.ndarray | None) -> list[int]:
    """The hidden cells to protect, nearest their requirement first: their boxes are cheap
    and later ones reuse them (with a ``start``, every hidden cell with a requirement)."""
    todo = problem.fixed
    if start is not None:
        todo = suppressed & (problem.fixed | (problem.up_req > 0) | (problem.down_req > 0)
                             | (problem.exact_req > 0))
    return [int(v) for v in sorted(np.flatnonzero(todo),
                                   key=lambda v: (problem.up_req[v] + problem.down_req[v], v))]


def _audit_and_repair(problem: SuppressionProblem, b: _Builder) -> int:
    """Audit the pattern and protect every cell found short, until an audit finds none (or
    ``MAX_REPAIR_ROUNDS``, or the deadline); returns the rounds run. ``b.unresolved`` ends
    as the cells not proven protected."""
    audits = IncrementalAudit(problem)
    for rounds in range(1, MAX_REPAIR_ROUNDS + 1):
        if b.deadline.expired():
            return rounds  # unresolved holds every cell the last round did not prove
        try:
            missing = audits.shortfalls(b.sup, b.deadline)
        except OutOfTime:
            return rounds  # the audit was cut off: unresolved stands as the last round left it
        b.unresolved = []
        if not missing:
            return rounds
        b.boxes_first = True
        _repair(b, missing)
        b.run_queue()
    try:
        b.unresolved = sorted({s.var for s in audits.shortfalls(b.sup, b.deadline)})
    except OutOfTime:
        b.unresolved = [int(v) for v in np.flatnonzero(b.sup)]  # none proven
    return MAX_REPAIR_ROUNDS


def _repair(b: _Builder, missing: list[Shortfall]) -> None:
    """Protect each cell the audit found short; what the deadline stops is unresolved."""
    for at, short in enumerate(missing):
        if b.deadline.expired():
            b.unresolved.extend(s.var for s in missing[at:])
            return
        try:
            if not b.protect(short.var, short.direction, short.need):
                b.unresolved.append(short.var)
        except OutOfTime:
            b.unresolved.extend(s.var for s in missing[at:])
            return


class IncrementalAudit:
    """Audits of one growing pattern, each after the first limited to what may have changed.

    Hiding a cell only relaxes the attacker's program: its bounds widen from the published
    value (or rounding interval) to its domain, and nothing else changes. So every interval
    can only widen as the pattern grows, and a requirement an audit found met stays met. After
    the first (whole) audit, the next one audits only the cells the last found short and the
    cells hidden since, with the same exact programs (``sdc.audit``): together they prove the
    whole pattern. When the pattern did not only grow, or a newly hidden cell's published
    interval is not within its domain, the audit is whole again.
    """

    def __init__(self, problem: SuppressionProblem) -> None:
        self.problem = problem
        self.last: np.ndarray | None = None  # the pattern of the last audit
        self.short: list[int] = []  # the cells it found short
        self.audited: list[int] = []  # how many cells each audit checked (for tests, logs)

    def targets(self, suppressed: np.ndarray) -> np.ndarray | None:
        """The cells the next audit must check (``None``: every hidden cell)."""
        p = self.problem
        if self.last is None or (self.last & ~suppressed).any():
            return None
        new = np.flatnonzero(suppressed & ~self.last)
        inside = ((p.lower[new] <= p.values[new] + p.pub_lo[new])
                  & (p.upper[new] >= p.values[new] + p.pub_hi[new]))
        if not inside.all():
            return None
        return np.union1d(np.asarray(self.short, dtype=np.int64), new)

    def shortfalls(self, suppressed: np.ndarray, deadline: Deadline | None = None
                   ) -> list[Shortfall]:
        """Every requirement the pattern misses (:func:`sdc.protect.problem.shortfalls`)."""
        targets = self.targets(suppressed)
        missing, _ = shortfalls(self.problem, suppressed, deadline, targets=targets)
        self.audited.append(int(suppressed.sum()) if targets is None else int(targets.size))
        self.last = suppressed.copy()
        self.short = sorted({s.var for s in missing})
        return missing
