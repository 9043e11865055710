"""`--secondary gauss`: Gaussian elimination, checked against an independent rank test, and the
repair that makes what elimination cannot see safe."""

from __future__ import annotations

import numpy as np
import pytest

from sdc.protect import protect_array
from sdc.protect.build import problem_from_array
from sdc.protect.problem import SuppressionProblem, shortfalls
from sdc.protect.secondary_gauss import NotAHierarchy, gauss, gauss_start, leaf_columns
from tests.test_protect_solvers import hierarchical_table, safe, with_margins


def hier_problem(seed: int) -> SuppressionProblem:
    table, tree = hierarchical_table(seed)
    return problem_from_array(table, (table > 0) & (table < 10), threshold=10,
                              hierarchies={0: tree})


def linearly_determined(problem: SuppressionProblem, suppressed: np.ndarray) -> list[int]:
    """Hidden cells that the equations and the published cells pin, by rank (numpy): ``e_p``
    in the row space of [A; e_published]."""
    a = problem.matrix.toarray()
    published = np.eye(problem.n)[~suppressed]
    base = np.vstack([a, published])
    rank = np.linalg.matrix_rank(base)
    return [int(p) for p in np.flatnonzero(suppressed)
            if np.linalg.matrix_rank(np.vstack([base, np.eye(problem.n)[p]])) == rank]


@pytest.mark.parametrize("seed", range(6))
def test_elimination_leaves_no_hidden_cell_determined(seed):
    problem = hier_problem(seed)
    start = gauss_start(problem)
    assert start[problem.fixed].all()
    assert linearly_determined(problem, start) == []
    # and it is not the trivial answer: most cells stay published
    assert start.sum() < problem.n / 2


def test_a_cell_elimination_would_publish_pins_a_primary():
    """2x2 with margins, one small primary: a rectangle of 4 hidden cells is the minimum, and
    elimination finds exactly that many."""
    table = with_margins(np.array([[3.0, 20.0], [30.0, 40.0]]))
    problem = problem_from_array(table, (table > 0) & (table < 10), threshold=10)
    start = gauss_start(problem)
    assert int(start.sum()) == 4
    assert linearly_determined(problem, start) == []


def test_the_repair_makes_safe_what_elimination_cannot_see():
    """Seed 8: elimination leaves no cell determined, but two small counts cannot reach the
    threshold within the bounds (counts are not negative); the repair hides more."""
    problem = hier_problem(8)
    start = gauss_start(problem)
    missing, _ = shortfalls(problem, start)
    assert sorted((s.var, s.direction) for s in missing) == [(0, 1), (5, 1)]
    pattern = gauss(problem)
    assert pattern.method == "gauss+repair" and not pattern.unresolved
    assert (pattern.suppressed & start).sum() == start.sum()
    assert safe(problem, pattern.suppressed)


@pytest.mark.parametrize("seed", range(4))
def test_gauss_on_a_3d_table_passes_the_audit(seed):
    rng = np.random.default_rng(seed)
    inner = rng.poisson(np.exp(rng.normal(2.8, 0.9, size=(5, 2, 6)))).astype(float)
    full = np.zeros((6, 3, 7))
    full[:5, :2, :6] = inner
    full[5] = full[:5].sum(0)
    full[:, 2] = full[:, :2].sum(1)
    full[:, :, 6] = full[:, :, :6].sum(2)
    out = protect_array(full, threshold=10, secondary="gauss")
    assert out.suppressed[out.primary].all()
    assert safe(out.problem, out.pattern.suppressed)
    assert out.pattern.method in ("gauss", "gauss+repair")


def test_without_single_totals_gauss_falls_back_to_the_heuristic():
    """The sum of two line equations (parts of both = both totals) has two totals: no leaves
    to eliminate over (the audit accepts it: it holds)."""
    problem = hier_problem(0)
    (first, _), (second, _) = problem.equations[:2]
    both = dict(first)
    for j, c in second.items():
        both[j] = both.get(j, 0.0) + c
    assert sum(c < 0 for c in both.values()) == 2
    problem.equations = [(both, 0.0), *problem.equations[2:]]
    problem._cache.clear()
    with pytest.raises(NotAHierarchy):
        leaf_columns(problem)
    pattern = gauss(problem)
    assert pattern.method == "heuristic" and pattern.stats["gauss_applies"] == 0.0
