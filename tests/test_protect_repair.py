"""The repair after an audit (issue 18): boxes first on grids, small cells as corners where
nothing else fits, and audits limited to what changed. Oracles are computed here, with
``scipy.optimize.linprog`` on equations written from the array, not with sdc's matrices."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sdc.audit import audit, system_from_array
from sdc.protect import protect_array
from sdc.protect.build import problem_from_array
from sdc.protect.deadline import Deadline
from sdc.protect.problem import SuppressionProblem, shortfalls
from sdc.protect.secondary_gauss import gauss, gauss_start
from sdc.protect.secondary_heuristic import (
    IncrementalAudit,
    _GridArrays,
    _hypercube,
    heuristic,
)


def with_all_margins(inner: np.ndarray) -> np.ndarray:
    full = np.zeros(tuple(s + 1 for s in inner.shape))
    full[tuple(slice(0, s) for s in inner.shape)] = inner
    for axis in range(inner.ndim):
        index = [slice(None)] * inner.ndim
        index[axis] = -1
        full[tuple(index)] = np.take(full, range(inner.shape[axis]), axis=axis).sum(axis=axis)
    return full


def margin_rows(shape: tuple[int, ...]) -> np.ndarray:
    """Every line's equation (its parts minus its total = 0), written from the shape alone."""
    index = np.arange(int(np.prod(shape))).reshape(shape)
    rows = []
    for axis, size in enumerate(shape):
        moved = np.moveaxis(index, axis, -1).reshape(-1, size)
        for line in moved:
            row = np.zeros(index.size)
            row[line[:-1]] = 1.0
            row[line[-1]] = -1.0
            rows.append(row)
    return np.array(rows)


def lp_reach(table: np.ndarray, hidden: np.ndarray, var: int, sign: int) -> float:
    """How far cell ``var`` can move in direction ``sign`` when the ``hidden`` cells are free
    in [0, inf) and the rest published (linprog, independent of sdc)."""
    a = margin_rows(table.shape)
    flat = table.ravel()
    hid = hidden.ravel()
    bounds = [(0.0, None) if hid[j] else (flat[j], flat[j]) for j in range(flat.size)]
    c = np.zeros(flat.size)
    c[var] = -float(sign)
    res = linprog(c, A_eq=a, b_eq=np.zeros(len(a)), bounds=bounds, method="highs")
    assert res.status in (0, 3)
    if res.status == 3:
        return np.inf
    return float(sign * (res.x[var] - flat[var]))


# cell (0, 0, 0) = 9 needs to reach 10; its sex partner (0, 1, 0) is 0 and the sex total
# (0, 2, 0) is 9: both small, so every box through it has a small corner
INNER = np.array([[[9.0, 30.0, 25.0], [0.0, 12.0, 40.0]],
                  [[20.0, 14.0, 33.0], [16.0, 27.0, 11.0]],
                  [[22.0, 18.0, 35.0], [19.0, 24.0, 28.0]]])
TABLE = with_all_margins(INNER)


def box_problem() -> tuple[SuppressionProblem, int]:
    primary = np.zeros(TABLE.shape, dtype=bool)
    primary[0, 0, 0] = True
    problem = problem_from_array(TABLE, primary, threshold=10)
    return problem, int(np.ravel_multi_index((0, 0, 0), TABLE.shape))


def cheapest_box_by_lp(problem: SuppressionProblem, var: int, need: float
                       ) -> tuple[float, list[list[int]]]:
    """The oracle: every partner choice's box (the 7 cells differing from the primary in a
    non-empty set of axes), kept when linprog says the primary then reaches ``need``;
    (the least cost of the cells added, the boxes that achieve it)."""
    p = np.unravel_index(var, TABLE.shape)
    best, boxes = None, []
    for partner in itertools.product(*[range(s) for s in TABLE.shape]):
        if any(q == own for q, own in zip(partner, p, strict=True)):
            continue
        cells = []
        for size in (1, 2, 3):
            for axes in itertools.combinations(range(3), size):
                pos = list(p)
                for k in axes:
                    pos[k] = partner[k]
                cells.append(int(np.ravel_multi_index(pos, TABLE.shape)))
        if not problem.allowed[cells].all():
            continue
        hidden = problem.fixed.copy()
        hidden[cells] = True
        if lp_reach(TABLE, hidden.reshape(TABLE.shape), var, +1) < need - 1e-9:
            continue
        cost = float(problem.cost[cells][~problem.fixed[cells]].sum())
        if best is None or cost < best - 1e-9:
            best, boxes = cost, [sorted(cells)]
        elif abs(cost - best) <= 1e-9:
            boxes.append(sorted(cells))
    assert best is not None
    return best, boxes


def test_a_box_needs_a_small_corner_when_every_partner_is_small():
    problem, var = box_problem()
    arrays = _GridArrays(problem, problem.fixed)
    assert _hypercube(problem, arrays, var, +1, 1.0) is None  # small cells avoided: no box
    found = _hypercube(problem, arrays, var, +1, 1.0, allow_small=True)
    assert found is not None
    cost, corners = found
    best, boxes = cheapest_box_by_lp(problem, var, 1.0)
    assert cost == pytest.approx(best)
    assert len(corners) == 7 and sorted(corners) in boxes
    # the sex total (0, 2, 0), a small count, is a corner: the box moves it up with the cell
    assert int(np.ravel_multi_index((0, 2, 0), TABLE.shape)) in corners


def test_the_repair_protects_the_small_corner_too():
    """The heuristic's audit-and-repair from the primaries alone, boxes first: the small
    corner is queued for its own box, and every hidden cell reaches 10 (linprog)."""
    problem, _ = box_problem()
    pattern = heuristic(problem, start=problem.fixed.copy(), audit_start=True)
    assert not pattern.unresolved
    hidden = pattern.suppressed.reshape(TABLE.shape)
    flat = TABLE.ravel()
    for j in np.flatnonzero(pattern.suppressed):
        up = lp_reach(TABLE, hidden, int(j), +1)
        down = lp_reach(TABLE, hidden, int(j), -1)
        assert up + down > 1e-9, f"cell {np.unravel_index(j, TABLE.shape)} is exact"
        if flat[j] < 10:
            assert flat[j] + up >= 10 - 1e-9
    assert pattern.stats["hypercubes"] >= 2  # the primary's box and the small total's


def cube_problem(seed: int, shape: tuple[int, int, int] = (5, 2, 6)) -> SuppressionProblem:
    rng = np.random.default_rng(seed)
    inner = rng.poisson(np.exp(rng.normal(2.6, 0.9, size=shape))).astype(float)
    table = with_all_margins(inner)
    primary = (table > 0) & (table < 10)
    return problem_from_array(table, primary, threshold=10)


@pytest.mark.parametrize("seed", range(4))
def test_an_incremental_audit_finds_what_the_whole_audit_finds(seed):
    problem = cube_problem(seed)
    rng = np.random.default_rng(100 + seed)
    audits = IncrementalAudit(problem)
    pattern = gauss_start(problem)
    for _ in range(3):
        got = {(s.var, s.direction) for s in audits.shortfalls(pattern)}
        whole, _ = shortfalls(problem, pattern)
        assert got == {(s.var, s.direction) for s in whole}
        pattern = pattern.copy()
        pattern[rng.choice(problem.n, size=4, replace=False)] = True
    assert audits.audited[0] == int(gauss_start(problem).sum())
    assert all(n < int(pattern.sum()) for n in audits.audited[1:])


def test_an_audit_after_a_pattern_shrank_is_whole_again():
    problem = cube_problem(1)
    audits = IncrementalAudit(problem)
    pattern = gauss_start(problem)
    audits.shortfalls(pattern)
    smaller = pattern & problem.fixed
    assert audits.targets(smaller) is None
    missing = audits.shortfalls(smaller)
    whole, _ = shortfalls(problem, smaller)
    assert {(s.var, s.direction) for s in missing} == {(s.var, s.direction) for s in whole}
    assert audits.audited[-1] == int(smaller.sum())


def test_a_published_interval_outside_the_domain_makes_the_audit_whole():
    """Monotonicity needs a newly hidden cell's published interval inside its domain; a
    rounding interval reaching below 0 breaks it, and the audit must not trust the last one."""
    problem = cube_problem(2)
    audits = IncrementalAudit(problem)
    pattern = gauss_start(problem)
    audits.shortfalls(pattern)
    cell = int(np.flatnonzero(~pattern)[0])
    problem.pub_lo[cell] = -problem.values[cell] - 1.0
    grown = pattern.copy()
    grown[cell] = True
    assert audits.targets(grown) is None


@pytest.mark.parametrize("seed", range(3))
def test_gauss_with_box_repair_on_a_3d_table_passes_the_linprog_audit(seed):
    problem = cube_problem(seed, (6, 2, 7))
    pattern = gauss(problem)
    assert not pattern.unresolved
    table = problem.values.reshape(problem.grid.shape)
    hidden = pattern.suppressed.reshape(table.shape)
    for j in np.flatnonzero(pattern.suppressed):
        up = lp_reach(table, hidden, int(j), +1)
        down = lp_reach(table, hidden, int(j), -1)
        assert up + down > 1e-9
        if 0 <= problem.values[j] < 10:
            assert problem.values[j] + up >= 10 - 1e-9


counts = st.one_of(st.integers(0, 9), st.integers(10, 60))


@st.composite
def hierarchies(draw: st.DrawFn) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Regions of districts with subtotal rows and a grand total, categories with a total."""
    sizes = draw(st.lists(st.integers(2, 3), min_size=2, max_size=3))
    cats = draw(st.integers(2, 4))
    rows: list[np.ndarray] = []
    tree: dict[int, list[int]] = {}
    subtotals = []
    for size in sizes:
        districts = [np.array(draw(st.lists(counts, min_size=cats, max_size=cats)),
                              dtype=float) for _ in range(size)]
        first = len(rows)
        rows.extend(districts)
        tree[len(rows)] = list(range(first, first + size))
        subtotals.append(len(rows))
        rows.append(np.sum(districts, axis=0))
    tree[len(rows)] = subtotals
    rows.append(np.sum([rows[s] for s in subtotals], axis=0))
    body = np.array(rows)
    return np.hstack([body, body.sum(1, keepdims=True)]), tree


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hierarchies(), secondary=st.sampled_from(["auto", "milp", "heuristic", "gauss"]))
def test_protected_hierarchical_tables_pass_the_audit(case, secondary):
    table, tree = case
    out = protect_array(table, threshold=10, secondary=secondary, hierarchies={0: tree})
    assert out.suppressed[out.primary].all()
    assert not out.pattern.unresolved
    missing, _ = shortfalls(out.problem, out.pattern.suppressed)
    assert missing == []


@st.composite
def sex_cubes(draw: st.DrawFn) -> np.ndarray:
    """3-D tables shaped like the benchmark's (two sexes: the sex total is often small)."""
    shape = (draw(st.integers(2, 4)), 2, draw(st.integers(2, 4)))
    flat = draw(st.lists(counts, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return with_all_margins(np.array(flat, dtype=float).reshape(shape))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=sex_cubes(), secondary=st.sampled_from(["gauss", "heuristic", "milp"]))
def test_protected_two_sex_cubes_pass_the_audit(table, secondary):
    out = protect_array(table, threshold=10, secondary=secondary)
    assert not out.pattern.unresolved
    intervals = audit(system_from_array(out.published(), margins=True))
    values = table.ravel()
    for var, iv in intervals.items():
        assert not iv.exact
        if values[var] < 10:
            assert iv.hi >= 10 - 1e-9


def test_auto_eliminates_on_a_3d_grid_above_the_cube_size(monkeypatch):
    """``auto`` on a full 3-D grid above ``CUBE_AUTO_CELLS`` runs elimination and the box
    repair; below it, and on a 2-D grid of any size up to ``MILP_AUTO_CELLS``, the MILP."""
    import sdc.protect.protection as protection

    problem = cube_problem(0)
    monkeypatch.setattr(protection, "CUBE_AUTO_CELLS", problem.n - 1)
    assert protection.auto_gauss(problem)
    pattern = protection.solve_pattern(problem, secondary="auto", time_limit=None)
    assert pattern.method.startswith("gauss")
    assert not pattern.unresolved and not shortfalls(problem, pattern.suppressed)[0]
    monkeypatch.setattr(protection, "CUBE_AUTO_CELLS", problem.n)
    assert not protection.auto_gauss(problem)
    flat = with_all_margins(np.arange(1.0, 2 * problem.n + 1).reshape(-1, 2))
    wide = problem_from_array(flat, flat < 10, threshold=10)
    assert wide.n > problem.n and not protection.auto_gauss(wide)


class _StopsAfter(Deadline):
    """A clock that runs out after ``checks`` looks at it (a limit reached mid-repair, on any
    machine)."""

    def __init__(self, checks: int) -> None:
        super().__init__(None)
        self.checks = checks

    def expired(self) -> bool:
        self.checks -= 1
        if self.checks < 0:
            self.reached = True
        return self.reached


@pytest.mark.parametrize("checks", [1, 3, 6, 9])
def test_a_box_repair_stopped_by_the_clock_fails_closed(checks):
    """Stopped at any point of the audit-and-repair, every cell the whole audit finds short
    is among the cells reported unprotected (none is taken for safe)."""
    problem = cube_problem(6, (8, 2, 9))
    start = gauss_start(problem)
    assert len(shortfalls(problem, start)[0]) == 13  # the repair has work to do
    pattern = heuristic(problem, start=start, audit_start=True, deadline=_StopsAfter(checks))
    assert pattern.stats["timed_out"] == 1.0
    missing, _ = shortfalls(problem, pattern.suppressed)
    if checks <= 6:  # stopped mid-repair: cells are still short, and each is reported
        assert missing
    assert {s.var for s in missing} <= set(pattern.unresolved)
