"""`sdc protect --time-limit` is a hard limit: a solve, an audit or a reach check in progress stops
at it (issue 18), and what it stops is reported unprotected, never taken for safe."""

from __future__ import annotations

import time

import numpy as np
import pytest

from sdc.audit import AuditTimeout, audit
from sdc.protect.build import problem_from_array
from sdc.protect.deadline import Deadline, OutOfTime
from sdc.protect.problem import SuppressionProblem, shortfalls
from sdc.protect.protection import solve_pattern
from sdc.protect.secondary_gauss import gauss_start
from sdc.protect.table_models import ReachModel

MARGIN = 5.0  # seconds: generous, for a loaded machine; the steps cut off take far longer


def cube(regions: int = 30, sexes: int = 2, ages: int = 40, seed: int = 3
         ) -> SuppressionProblem:
    """A 3-D count table with every margin (3,813 cells): its MILP takes seconds, its audit
    hundreds of programs."""
    rng = np.random.default_rng(seed)
    inner = rng.poisson(np.exp(rng.normal(3.3, 0.9, size=(regions, sexes, ages)))).astype(float)
    full = np.zeros((regions + 1, sexes + 1, ages + 1))
    full[:regions, :sexes, :ages] = inner
    full[regions] = full[:regions].sum(0)
    full[:, sexes] = full[:, :sexes].sum(1)
    full[:, :, ages] = full[:, :, :ages].sum(2)
    primary = np.zeros(full.shape, dtype=bool)
    primary[:regions, :sexes, :ages] = (inner > 0) & (inner < 10)
    return problem_from_array(full, primary, threshold=10)


@pytest.fixture(scope="module")
def problem() -> SuppressionProblem:
    return cube()


def test_the_audit_stops_at_its_time_limit(problem):
    """An audit given a time limit raises instead of returning (it never returns partial
    intervals); without one the same audit completes."""
    system = problem.system(gauss_start(problem))
    began = time.perf_counter()
    with pytest.raises(AuditTimeout):
        audit(system, time_limit=0.01)
    assert time.perf_counter() - began < 0.01 + MARGIN
    assert len(audit(system)) == len(system.suppressed)


def test_shortfalls_and_reach_models_raise_out_of_time(problem):
    suppressed = gauss_start(problem)
    with pytest.raises(OutOfTime):
        shortfalls(problem, suppressed, Deadline(0.0))
    model = ReachModel(problem, Deadline(0.0))
    with pytest.raises(OutOfTime):
        model.reach(suppressed, int(np.flatnonzero(problem.fixed)[0]), +1)
    # the same question without a limit is answered
    assert ReachModel(problem).reach(suppressed, int(np.flatnonzero(problem.fixed)[0]), +1) >= 0


@pytest.mark.parametrize("secondary", ["milp", "auto", "gauss", "heuristic"])
def test_a_tiny_limit_is_honoured_and_fails_closed(problem, secondary):
    """Every mode returns within the limit (plus a generous margin); whatever it had not proven
    is unresolved, and that includes every shortfall the audit finds."""
    # gauss with the box repair protects this table in about 0.2 s on a quiet machine, so it
    # gets less (a repair stopped mid-way: tests/test_protect_repair.py, on a clock that counts)
    limit = 0.05 if secondary == "gauss" else 0.3
    began = time.perf_counter()
    pattern = solve_pattern(problem, secondary=secondary, time_limit=limit)
    elapsed = time.perf_counter() - began
    assert elapsed < limit + MARGIN
    missing, _ = shortfalls(problem, pattern.suppressed)
    # whatever the machine's speed: every shortfall is among the cells reported unprotected
    # (a machine fast enough to finish inside the limit must then return a safe pattern; the
    # cut-off path itself is tested on a counting clock in tests/test_protect_repair.py)
    assert {s.var for s in missing} <= set(pattern.unresolved)


def test_a_kept_model_is_not_stopped_by_its_earlier_runs(problem):
    """HiGHS adds up the run time of every run of an instance: a model that has already run
    longer than the time left still answers within that time (the limit passed is its run time
    so far plus the time left, not the time left alone)."""
    suppressed = gauss_start(problem)
    model = ReachModel(problem)
    cells = [int(v) for v in np.flatnonzero(problem.fixed)]
    for i in range(5000):  # questions without a limit until the instance has run 0.3 s
        model.reach(suppressed, cells[i % len(cells)], (+1, -1)[i % 2])
        if model.highs.getRunTime() >= 0.3:
            break
    used = model.highs.getRunTime()
    assert used >= 0.3
    model.deadline = Deadline(used / 2)  # less time left than the instance has run
    # the limit HiGHS is given counts from the instance's run time so far (with the time left
    # alone it would stop at once); whether the question is then answered inside used / 2
    # seconds of wall time depends on the machine's load, so that is asserted only when it is
    try:
        answered = model.reach(suppressed, cells[0], +1)
    except OutOfTime:
        answered = None
    assert model.highs.getOptionValue("time_limit")[1] > used
    assert answered is None or answered >= 0
    model.deadline = Deadline(60.0)
    assert all(model.reach(suppressed, v, +1) >= 0 for v in cells[:3])


def test_auto_above_the_milp_size_eliminates(problem, monkeypatch):
    """``auto`` on a measure above ``MILP_AUTO_CELLS`` runs Gaussian elimination (then its
    audit and repair), and its pattern passes the audit."""
    import sdc.protect.protection as protection

    monkeypatch.setattr(protection, "MILP_AUTO_CELLS", problem.n - 1)
    pattern = solve_pattern(problem, secondary="auto", time_limit=None)
    assert pattern.method.startswith("gauss")
    assert not pattern.unresolved and not shortfalls(problem, pattern.suppressed)[0]


# What protecting the benchmark's largest tables took on the shared 2-core machine (wall
# seconds, benchmarks/RESULTS.md "Protect at scale"), by cells: 3-D 200x2x165 by gauss with
# its repair (46-47 s at a load of 3.5; about 120 s at a load of 9), and hierarchical 60x70x23
# by the MILP (38 s at a load of 5; `auto` gives the MILP MILP_SHARE of the limit).
NEEDED = {100_098: 120.0, 102_264: 38.0 / 0.6}


def test_the_default_limit_grows_with_the_table():
    """No limit given: 30 s for small tables, enough for what the 100k-cell tables needed, and
    no more than the issue's 5 minutes at 100,000 cells (protected or failed closed by then)."""
    from sdc.protect.deadline import MAX_LIMIT, default_time_limit, resolve_limit
    from sdc.protect.protection import MILP_SHARE

    assert default_time_limit(0) == default_time_limit(10_000) == 30.0
    assert default_time_limit(100_000) == 250.0
    for cells, needed in NEEDED.items():
        assert default_time_limit(cells) >= needed
        assert default_time_limit(cells) * MILP_SHARE >= 38.0
    assert default_time_limit(100_000) <= 300.0
    assert default_time_limit(10**8) == MAX_LIMIT == 1800.0
    sizes = [0, 5_000, 12_000, 12_001, 50_000, 10**6]
    assert [default_time_limit(n) for n in sizes] == sorted(default_time_limit(n) for n in sizes)
    assert resolve_limit("auto", 40_000) == 100.0
    assert resolve_limit(None, 40_000) is None and resolve_limit(7.5, 40_000) == 7.5
    with pytest.raises(ValueError, match="give seconds"):
        resolve_limit("soon", 10)


def test_protect_takes_the_default_from_the_tables_size(tmp_path):
    """``protect`` without a time limit counts the cells of the table it read (13,741 here:
    150 rows and a total row, 90 columns and a total column) and logs the limit it used."""
    from sdc.protect import protect
    from sdc.protect.deadline import default_time_limit

    rng = np.random.default_rng(1)
    inner = rng.integers(10, 200, size=(150, 90))
    inner[3, 4] = 5
    lines = ["region," + ",".join(f"c{j}" for j in range(90)) + ",Total"]
    lines += [f"r{i}," + ",".join(map(str, row)) + f",{row.sum()}" for i, row in enumerate(inner)]
    lines.append("Total," + ",".join(map(str, inner.sum(0))) + f",{inner.sum()}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = protect(path)
    assert result.measures[0].cells == 151 * 91 == 13_741
    assert result.time_limit == default_time_limit(13_741) == pytest.approx(34.3525)
    assert not result.unprotected and result.measures[0].secondaries == 3
    assert "time limit: 34.3525 s" in result.log_text()
    assert protect(path, time_limit=None).time_limit is None
