"""The heuristic's kept HiGHS models against the fresh linear programs they replaced."""

from __future__ import annotations

import numpy as np
import pytest

from sdc.protect.build import problem_from_array
from sdc.protect.problem import REACH_TOL, reach
from sdc.protect.secondary_heuristic import cheapest_cycle, heuristic
from sdc.protect.table_models import CycleModel, ReachModel
from tests.test_protect_solvers import hierarchical_table, safe


def problem_for(seed: int):
    table, tree = hierarchical_table(seed)
    return problem_from_array(table, (table > 0) & (table < 10), threshold=10,
                              hierarchies={0: tree})


@pytest.mark.parametrize("seed", range(3))
def test_kept_reach_model_agrees_with_a_fresh_program_as_the_pattern_grows(seed):
    problem = problem_for(seed)
    rng = np.random.default_rng(seed)
    model = ReachModel(problem)
    suppressed = problem.fixed.copy()
    for _ in range(4):  # the same model, asked again after cells are hidden
        hidden = np.flatnonzero(suppressed)  # what the heuristic asks about
        for var in rng.choice(hidden, size=min(6, hidden.size), replace=False):
            for sign in (1, -1):
                expected = reach(problem, suppressed, int(var), sign)[0]
                assert model.reach(suppressed, int(var), sign) == pytest.approx(
                    expected, rel=1e-7, abs=1e-7)
        suppressed[rng.choice(problem.n, size=5, replace=False)] = True


@pytest.mark.parametrize("seed", range(3))
def test_kept_cycle_model_finds_a_protecting_set_whenever_the_fresh_program_does(seed):
    """Its cells, hidden, let the cell reach what it needs (checked by the fresh attacker
    program); where linprog finds no set, neither does it."""
    problem = problem_for(seed)
    model = CycleModel(problem)
    suppressed = problem.fixed.copy()
    for var in np.flatnonzero(problem.fixed):
        need = float(problem.up_req[var])
        if need <= 0:
            continue
        found = model.cheapest(suppressed, int(var), +1, need, allow_small=False)
        before = cheapest_cycle(problem, suppressed, int(var), +1, need)
        assert (found is None) == (before is None)
        if found is None:
            continue
        suppressed[found[1]] = True
        assert reach(problem, suppressed, int(var), +1)[0] >= need - REACH_TOL * need


@pytest.mark.parametrize("seed", range(3))
def test_heuristic_with_kept_models_is_safe_and_as_good_as_before(seed):
    problem = problem_for(seed)
    now = heuristic(problem, verify=False)
    before = heuristic(problem, verify=False, cycles="linprog")
    assert safe(problem, now.suppressed) and not now.unresolved
    assert safe(problem, before.suppressed)
    secondary = int((now.suppressed & ~problem.fixed).sum())
    assert secondary <= 1.25 * int((before.suppressed & ~problem.fixed).sum()) + 1
