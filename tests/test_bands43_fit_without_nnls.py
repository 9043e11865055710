"""Whether bands' printed counts fit one population with no count below 0 (round 42, the
lead's ``_fits_counts``) is read since round 43 (bands43) as difference constraints on prefix
sums (no negative cycle), not by scipy's ``nnls`` (whose ``optimize`` costs ~0.35 s CPU to
import in a check). On random systems of runs it must answer as ``nnls`` did."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import nnls

from sdc.band_algebra import _TOL, _fits_counts, _runs_of


def _nnls_fits(a: np.ndarray, b: np.ndarray) -> bool:
    """Round 42's reading: scipy's non-negative least squares, then the fit's tolerance."""
    x, _ = nnls(a, b)
    return float(np.max(np.abs(a @ x - b))) <= _TOL * max(1.0, float(np.max(np.abs(b))))


@st.composite
def interval_systems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Runs of ``k`` elementary intervals (some empty: a band below the floor), counts of a
    non-negative population, some of them moved (a table of another population)."""
    k = draw(st.integers(1, 7))
    m = draw(st.integers(1, 9))
    a = np.zeros((m, k))
    for row in range(m):
        s = draw(st.integers(0, k))
        e = draw(st.integers(0, k))
        a[row, s:e] = 1.0
    x = np.array(draw(st.lists(st.integers(0, 30), min_size=k, max_size=k)), dtype=float)
    b = a @ x
    for row in draw(st.lists(st.integers(0, m - 1), max_size=3)):
        b[row] += draw(st.integers(-40, 40))
    return a, b


@settings(max_examples=3000, deadline=None)
@given(interval_systems())
def test_the_fit_answers_as_nnls_did(system: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = system
    assert _fits_counts(a, b) == _nnls_fits(a, b)


def test_rows_that_are_not_runs_fall_back_to_nnls() -> None:
    a = np.array([[1, 0, 1], [0, 1, 0]], dtype=float)  # a row with a hole: no run
    assert _runs_of(a) is None
    assert _fits_counts(a, np.array([5.0, 2.0]))
    assert not _fits_counts(np.array([[1, 0, 1], [1, 0, 1]], dtype=float),
                            np.array([5.0, 4.0]))


def test_a_band_below_the_floor_counts_no_one() -> None:
    a = np.array([[0, 0], [1, 1]], dtype=float)  # an empty run: 0 = b
    assert _fits_counts(a, np.array([0.0, 3.0]))
    assert not _fits_counts(a, np.array([2.0, 3.0]))


def test_a_decoy_larger_than_the_whole_does_not_fit() -> None:
    # [0,18), [18,30), [30,65), [65,inf): Total 97, 30-64 55, 65+ 40, 0-17 3 or 500
    a = np.array([[1, 1, 1, 1], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]], dtype=float)
    assert _fits_counts(a, np.array([97, 55, 40, 2], dtype=float))
    assert _fits_counts(a, np.array([97, 55, 40, 0], dtype=float))  # [18, 30) = 2
    assert not _fits_counts(a, np.array([97, 55, 40, 3], dtype=float))  # [18, 30) = -1
