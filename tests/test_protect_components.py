"""Independent components of a suppression problem, solved apart and in parallel (-j)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from sdc.protect.build import problem_from_array
from sdc.protect.components import split, subproblem
from sdc.protect.problem import SuppressionProblem
from sdc.protect.protection import solve_pattern
from tests.test_protect_solvers import hierarchical_table, safe


def two_tables(seed_a: int, seed_b: int) -> tuple[SuppressionProblem, int]:
    """Two hierarchical tables side by side in one problem (cells of the second after the
    first's): no equation joins them."""
    problems = []
    for seed in (seed_a, seed_b):
        table, tree = hierarchical_table(seed)
        problems.append(problem_from_array(table, (table > 0) & (table < 10), threshold=10,
                                           hierarchies={0: tree}))
    a, b = problems
    shift = a.n
    eqs = list(a.equations) + [({j + shift: c for j, c in coefs.items()}, rhs)
                               for coefs, rhs in b.equations]

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(a, name), getattr(b, name)])

    joined = SuppressionProblem(
        values=cat("values"), equations=eqs, lower=cat("lower"), upper=cat("upper"),
        pub_lo=cat("pub_lo"), pub_hi=cat("pub_hi"), fixed=cat("fixed"), primary=cat("primary"),
        allowed=cat("allowed"), up_req=cat("up_req"), down_req=cat("down_req"),
        exact_req=cat("exact_req"), small=cat("small"), cost=cat("cost"),
        labels=[*a.labels, *b.labels])
    return joined, shift


def test_split_finds_the_two_tables():
    problem, shift = two_tables(0, 1)
    parts = split(problem)
    assert [p.tolist() for p in parts] == [list(range(shift)), list(range(shift, problem.n))]
    sub = subproblem(problem, parts[1])
    assert sub.n == problem.n - shift and len(sub.equations) == len(problem.equations) // 2


@pytest.mark.parametrize("secondary", ["milp", "heuristic", "gauss"])
def test_components_in_parallel_give_the_serial_pattern_and_it_is_safe(secondary):
    problem, shift = two_tables(3, 4)
    serial = solve_pattern(problem, secondary=secondary, time_limit=None)
    parallel = solve_pattern(problem, secondary=secondary, time_limit=None, jobs=2)
    assert serial.stats["components"] == parallel.stats["components"] == 2
    assert np.array_equal(serial.suppressed, parallel.suppressed)
    assert safe(problem, parallel.suppressed) and not parallel.unresolved
    # each half is what that table alone gets
    alone = solve_pattern(subproblem(problem, np.arange(shift)), secondary=secondary,
                          time_limit=None)
    assert np.array_equal(parallel.suppressed[:shift], alone.suppressed)
    if secondary == "milp":
        assert parallel.optimal and parallel.lower_bound == pytest.approx(parallel.cost)


def test_out_of_time_in_the_workers_fails_closed():
    problem, _ = two_tables(3, 4)
    pattern = solve_pattern(problem, secondary="heuristic", time_limit=0.0, jobs=2)
    assert set(np.flatnonzero(problem.fixed).tolist()) <= set(pattern.unresolved)
    assert pattern.stats["timed_out"] == 1.0


def _freeze_count(problem: SuppressionProblem, deadline) -> object:
    """A solver reporting whether its process had objects frozen (``gc.freeze``)."""
    import gc

    from sdc.protect.pattern import Pattern

    return Pattern(suppressed=problem.fixed.copy(), method="probe", cost=0.0, optimal=True,
                   stats={"frozen": float(gc.get_freeze_count() > 0), "here": float(
                       os.getpid() == _PARENT[0])})


_PARENT = [0]


def test_the_components_pool_forks_with_the_collector_frozen() -> None:
    # its workers fork as the check's pools do (``sdc.pool.forking``): what they inherit is
    # frozen there (no young collection of theirs walks it) and nothing is left frozen here
    import gc

    from sdc import pool
    from sdc.protect.components import solve_components
    from sdc.protect.deadline import Deadline

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("workers inherit frozen objects only where they fork")
    _PARENT[0] = os.getpid()
    problem, _ = two_tables(3, 4)
    pattern = solve_components(problem, _freeze_count, Deadline(None), jobs=2)
    assert pattern is not None
    assert pattern.stats["components"] == 2
    assert pattern.stats["here"] == 0.0  # both solved in the workers
    assert pattern.stats["frozen"] == 2.0  # frozen in both
    assert gc.get_freeze_count() == 0
    serial = solve_components(problem, _freeze_count, Deadline(None), jobs=1)
    assert serial is not None and serial.stats["frozen"] == 0.0 and serial.stats["here"] == 2.0
