"""The audit's HiGHS model (highspy): reused between programs, silent on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from sdc.audit.solve import AuditStats, _LinprogSolver, _Solver

HANDBOOK = "r,C1,C2,Total\nR1,[c],[c],7\nR2,[c],[c],3\nR3,3,3,6\nTotal,9,7,16\n"


def test_json_on_stdout_stays_json_when_the_audit_solves_programs(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(HANDBOOK)
    done = subprocess.run([sys.executable, "-m", "sdc", "check", str(tmp_path), "--format",
                           "json"], capture_output=True, text=True, check=False)
    data = json.loads(done.stdout)  # a HiGHS banner on descriptor 1 would break this
    rules = {(f["rule"], f["location"]["cell"]) for o in data["outputs"] for f in o["findings"]}
    assert {("SDC502", "B2"), ("SDC502", "C2"), ("SDC502", "B3"), ("SDC502", "C3")} <= rules


def test_reused_model_agrees_with_a_fresh_linprog_per_objective() -> None:
    """x0 + x1 = 7, x2 + x3 = 3, x0 + x2 = 6, x1 + x3 = 4 (the handbook table less its published
    row), x >= 0: every
    objective, solved on one model one after the other, matches linprog on a fresh model."""
    a = sp.csr_matrix(np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]],
                               dtype=float))
    rhs = np.array([7.0, 3.0, 6.0, 4.0])
    lower, upper = np.zeros(4), np.full(4, np.inf)
    reused = _Solver(a, rhs, AuditStats())
    fresh = _LinprogSolver(a, rhs, AuditStats())
    rng = np.random.default_rng(5)
    for c in [np.eye(4)[i] * s for i in range(4) for s in (1, -1)] + list(
            rng.normal(size=(6, 4))):
        got, want = reused.solve(c, lower, upper), fresh.solve(c, lower, upper)
        assert got is not None and want is not None
        assert abs(got[0] - want[0]) < 1e-7
    # the handbook's interval of X11: [3, 6]
    assert reused.solve(np.eye(4)[0], lower, upper)[0] == 3.0  # type: ignore[index]
    assert -reused.solve(-np.eye(4)[0], lower, upper)[0] == 6.0  # type: ignore[index]


def test_unbounded_programs_on_a_reused_model() -> None:
    """x0 - x1 = 0, x >= 0: x0 has no upper bound (None), its minimum is 0, whatever order."""
    a = sp.csr_matrix(np.array([[1.0, -1.0]]))
    solver = _Solver(a, np.array([0.0]), AuditStats())
    lower, upper = np.zeros(2), np.full(2, np.inf)
    for _ in range(2):
        assert solver.solve(np.array([-1.0, 0.0]), lower, upper) is None
        low = solver.solve(np.array([1.0, 0.0]), lower, upper)
        assert low is not None and low[0] == 0.0
