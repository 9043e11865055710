"""Bound propagation (``sdc.audit.presolve.tighten_bounds``) with numbers near a float's limit:
the sums overflow to inf, the slack is inf, and a candidate ``inf - inf`` was NaN, carried into
the bound by ``np.maximum.at`` (a NaN bound then failed the linear program; round 22, found by
audit6's absurd exponents). A NaN candidate says nothing: the bound stays where it was."""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp

from sdc.audit.presolve import tighten_bounds


def test_a_sum_past_a_floats_range_leaves_bounds_valid_not_nan() -> None:
    # x0 + x1 + x2 = 1.5e308, x0 and x1 printed at 1e308 (bounds [1e308, 1e308]), x2 hidden
    a = sp.csr_matrix(np.array([[1.0, 1.0, 1.0]]))
    rhs = np.array([1.5e308])
    lower = np.array([1e308, 1e308, 0.0])
    upper = np.array([1e308, 1e308, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lo, hi = tighten_bounds(a, rhs, lower, upper, tol=1e-9)
    assert not np.isnan(lo).any() and not np.isnan(hi).any()
    # every returned bound is implied: the printed cells keep theirs, x2 at least 0
    assert lo[0] <= 1e308 <= hi[0] and lo[1] <= 1e308 <= hi[1] and lo[2] <= 0.0


def test_ordinary_numbers_are_tightened_as_before() -> None:
    # x0 + x1 = 10 with x0 in [0, 3]: x1 in [7, 10]
    a = sp.csr_matrix(np.array([[1.0, 1.0]]))
    lo, hi = tighten_bounds(a, np.array([10.0]), np.array([0.0, 0.0]),
                            np.array([3.0, np.inf]), tol=1e-9)
    assert abs(lo[1] - 7.0) < 1e-6 and abs(hi[1] - 10.0) < 1e-6
