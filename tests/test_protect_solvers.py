"""Secondary-suppression solvers against exhaustive search, and the time limit's fallback."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sdc.protect import protect_array
from sdc.protect.build import problem_from_array
from sdc.protect.problem import SuppressionProblem, shortfalls
from sdc.protect.protection import solve_pattern
from sdc.protect.secondary_milp import solve_milp


def with_margins(inner: np.ndarray) -> np.ndarray:
    rows = np.vstack([inner, inner.sum(0)])
    return np.hstack([rows, rows.sum(1, keepdims=True)])


def safe(problem: SuppressionProblem, suppressed: np.ndarray) -> bool:
    missing, _ = shortfalls(problem, suppressed)
    return not missing


def fewest_secondaries(problem: SuppressionProblem) -> int:
    """The optimum by trying every pattern, audited by sdc.audit as sdc check runs it."""
    free = np.flatnonzero(~problem.fixed)
    for size in range(free.size + 1):
        for extra in itertools.combinations(free, size):
            pattern = problem.fixed.copy()
            pattern[list(extra)] = True
            if safe(problem, pattern):
                return size
    raise AssertionError("no safe pattern")


# A small row total whose parts are small too: the total must be able to rise to the threshold,
# which its parts can follow (a total moves with its parts). The MILP's line-capacity rows once
# had the direction of partners reversed, asked the parts to fall instead and found the master
# infeasible, so `milp` silently returned the heuristic's pattern.
SMALL_TOTAL = with_margins(np.array([[0.0, 4.0], [20.0, 30.0]]))


def test_milp_is_optimal_when_a_small_total_must_rise():
    problem = problem_from_array(SMALL_TOTAL, (SMALL_TOTAL > 0) & (SMALL_TOTAL < 10),
                                 threshold=10)
    outcome = solve_milp(problem, time_limit=30)
    assert outcome.pattern is not None and outcome.pattern.optimal
    secondary = outcome.pattern.suppressed & ~problem.fixed
    assert safe(problem, outcome.pattern.suppressed)
    assert int(secondary.sum()) == fewest_secondaries(problem) == 2
    assert sorted(np.flatnonzero(secondary)) == [4, 5]  # the second row's 30 and its total 50


@pytest.mark.parametrize("seed", range(6))
def test_milp_matches_exhaustive_search(seed):
    rng = np.random.default_rng(seed)
    inner = rng.poisson(np.exp(rng.normal(2.3, 0.9, size=(2, 3)))).astype(float)
    table = with_margins(inner)
    primary = (table > 0) & (table < 10)
    if not primary.any():
        primary[0, 0], table = True, with_margins(np.where(np.eye(2, 3) > 0, 3.0, inner))
    problem = problem_from_array(table, primary, threshold=10)
    outcome = solve_milp(problem, time_limit=30)
    assert outcome.pattern is not None
    assert safe(problem, outcome.pattern.suppressed)
    found = int((outcome.pattern.suppressed & ~problem.fixed).sum())
    assert found == fewest_secondaries(problem)


def hierarchical_table(seed: int) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Two regions of three districts, subtotal rows and a grand total; four categories."""
    rng = np.random.default_rng(seed)
    inner = rng.poisson(np.exp(rng.normal(3.0, 0.9, size=(2, 3, 4)))).astype(float)
    rows = [*inner[0], inner[0].sum(0), *inner[1], inner[1].sum(0), inner.sum((0, 1))]
    body = np.array(rows)
    return np.hstack([body, body.sum(1, keepdims=True)]), {3: [0, 1, 2], 7: [4, 5, 6],
                                                           8: [3, 7]}


@pytest.mark.parametrize("secondary", ["auto", "milp", "heuristic", "gauss"])
@pytest.mark.parametrize("seed", range(3))
def test_hierarchical_tables_pass_the_audit_in_every_mode(secondary, seed):
    table, tree = hierarchical_table(seed)
    out = protect_array(table, threshold=10, secondary=secondary, hierarchies={0: tree})
    assert out.primary.any()
    assert out.suppressed[out.primary].all()
    assert safe(out.problem, out.pattern.suppressed)


def test_a_short_milp_is_completed_by_the_repair_into_a_safe_pattern():
    """The MILP's share of the time is too short for a proof: the heuristic completes whatever
    it had, and says so."""
    table, tree = hierarchical_table(1)
    primary = (table > 0) & (table < 10)
    problem = problem_from_array(table, primary, threshold=10, hierarchies={0: tree})
    outcome = solve_milp(problem, time_limit=0.0)
    assert outcome.pattern is None and outcome.timed_out
    pattern = solve_pattern(problem, secondary="milp", time_limit=60.0)
    assert safe(problem, pattern.suppressed) and not pattern.unresolved


@pytest.mark.parametrize("secondary", ["auto", "milp", "heuristic", "gauss"])
@pytest.mark.parametrize("limit", [0.0, 0.05])
def test_the_time_limit_fails_closed(secondary, limit):
    """Stopped early, every cell the audit finds short is reported unresolved: a pattern cut
    short is never taken for safe (with no time at all, every primary is unresolved)."""
    table, tree = hierarchical_table(2)
    primary = (table > 0) & (table < 10)
    problem = problem_from_array(table, primary, threshold=10, hierarchies={0: tree})
    pattern = solve_pattern(problem, secondary=secondary, time_limit=limit)
    missing, _ = shortfalls(problem, pattern.suppressed)
    assert {s.var for s in missing} <= set(pattern.unresolved)
    if limit == 0.0:
        assert set(np.flatnonzero(problem.fixed).tolist()) <= set(pattern.unresolved)
        assert missing  # the primaries alone are not safe here: the guard above is tested


def rounded(problem: SuppressionProblem, slack: float) -> SuppressionProblem:
    """The same table published rounded: a published count v lies in [max(v - slack, 0), v +
    slack] for the attacker (as build.problem_from_table reads a rounding policy)."""
    problem.pub_lo = np.maximum(problem.values - slack, 0.0) - problem.values
    problem.pub_hi = np.full(problem.n, slack)
    return problem


def test_milp_hides_no_partner_where_rounding_already_protects():
    """A 3 in a line of rounded cells (each within 4 of what is published) can already be
    anything from 0 to 11: no secondary is needed. The MILP's cover row (never alone in a
    line) once asked for one anyway."""
    line = np.array([3.0, 40.0, 50.0, 93.0])
    problem = rounded(problem_from_array(line, line == 3, threshold=10), 4.0)
    assert safe(problem, problem.fixed)
    outcome = solve_milp(problem, time_limit=30)
    assert outcome.pattern is not None and outcome.pattern.optimal
    assert not (outcome.pattern.suppressed & ~problem.fixed).any()


@pytest.mark.parametrize("seed", range(4))
def test_milp_matches_exhaustive_search_when_published_rounded(seed):
    rng = np.random.default_rng(100 + seed)
    inner = rng.poisson(np.exp(rng.normal(2.3, 0.9, size=(2, 3)))).astype(float)
    table = with_margins(inner)
    problem = rounded(problem_from_array(table, (table > 0) & (table < 10), threshold=10), 2.0)
    outcome = solve_milp(problem, time_limit=30)
    assert outcome.pattern is not None and outcome.pattern.optimal
    assert safe(problem, outcome.pattern.suppressed)
    secondary = int((outcome.pattern.suppressed & ~problem.fixed).sum())
    assert secondary == fewest_secondaries(problem)
