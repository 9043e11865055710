"""The audit of a system with no equation (``sdc.audit.intervals.bounds_audit``, which loads
neither scipy nor HiGHS) gives what the solver's audit gives on an empty matrix: the same
intervals (exact where published, the shared open interval where only zero bounds a cell)
and the same errors."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from sdc.audit import InfeasibleSystemError, audit_matrix
from sdc.audit.intervals import OPEN, bounds_audit

LOWER = [0.0, 5.0, 0.0, -3.0, 2.0, 0.0, -np.inf, 7.0, 1e-12, 0.0, -0.0]
UPPER = [np.inf, 5.0, 9.0, 4.0, 2.0 + 1e-9, np.inf, np.inf, 7.0, np.inf, 1.0, np.inf]


def _solver(lower: list[float], upper: list[float], targets: list[int]) -> dict:
    empty = sp.csr_matrix((0, len(lower)))
    return audit_matrix(empty, np.zeros(0), np.array(lower), np.array(upper), targets)


def test_every_kind_of_bound_as_the_solver_reads_it() -> None:
    targets = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2]  # a repeat is read once
    got = bounds_audit(np.array(LOWER), np.array(UPPER), targets)
    want = _solver(LOWER, UPPER, targets)
    assert list(got) == list(want) == list(range(11))
    assert got == want
    assert got[0] is OPEN and want[0] is OPEN  # one shared object, as the solver's
    assert got[8] is OPEN and got[10] is OPEN  # 1e-12 and -0.0 snapped to +0.0
    assert got[1].exact and got[1].derivation == [] and got[1].combination == {}
    assert got[4].exact and got[4].lo == 2.0  # a width within the solver's tolerance
    assert not got[2].exact and (got[2].lo, got[2].hi) == (0.0, 9.0)


def test_the_same_errors() -> None:
    with pytest.raises(InfeasibleSystemError):
        bounds_audit(np.array([0.0, 5.0]), np.array([1.0, 4.0]), [0])
    with pytest.raises(InfeasibleSystemError):
        _solver([0.0, 5.0], [1.0, 4.0], [0])
    for call in (bounds_audit, lambda lo, hi, t: _solver(list(lo), list(hi), t)):
        with pytest.raises(ValueError, match="NaN"):
            call(np.array([np.nan]), np.array([1.0]), [0])
        with pytest.raises(ValueError, match="target 3"):
            call(np.array([0.0]), np.array([1.0]), [3])
