"""Dominance rules: handbook oracles, boundaries, conventions and protection levels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sdc.evidence.dominance import (
    nk_dominance,
    nk_protection,
    p_percent,
    p_percent_protection,
    pq_protection,
    pq_rule,
    protection_interval,
)


def cell(contributions: list[float], width: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """One cell's (top, total) from its contributions: sorted descending, zero-padded."""
    ranked = sorted((c for c in contributions if c > 0), reverse=True)[:width]
    top = np.zeros((1, width))
    top[0, : len(ranked)] = ranked
    return top, np.array([float(sum(contributions))])


def cells(*contribution_lists: list[float], width: int = 4) -> tuple[np.ndarray, np.ndarray]:
    parts = [cell(c, width) for c in contribution_lists]
    return np.vstack([t for t, _ in parts]), np.concatenate([x for _, x in parts])


# --- SDC Handbook oracles (Hundepool et al. 2012) -----------------------------------------------

HANDBOOK_A = [50_000, 49_000, 600, 400]  # X = 100,000, largest two 50,000 and 49,000
HANDBOOK_B = [52_000, 50_000, 5_000, 3_000]  # X = 110,000, largest two 52,000 and 50,000
HANDBOOK_C = [300, 20, 10]  # X = 330


def test_handbook_totals_are_as_stated() -> None:
    assert cell(HANDBOOK_A)[1][0] == 100_000
    assert cell(HANDBOOK_B)[1][0] == 110_000
    assert cell(HANDBOOK_C)[1][0] == 330


def test_handbook_a_safe_under_1_90_but_unsafe_under_p10() -> None:
    top, total = cell(HANDBOOK_A)
    assert not nk_dominance(top, total, n=1, k=0.90)[0]  # 50,000 < 90,000
    assert p_percent(top, total, p=0.10)[0]  # 100,000 − 99,000 = 1,000 < 5,000


def test_handbook_b_unsafe_under_2_909_but_safe_under_p10() -> None:
    top, total = cell(HANDBOOK_B)
    assert nk_dominance(top, total, n=2, k=0.909)[0]  # 102,000 >= 99,990
    assert not p_percent(top, total, p=0.10)[0]  # 8,000 >= 5,200


def test_handbook_c_unsafe_under_1_85() -> None:
    top, total = cell(HANDBOOK_C)
    assert nk_dominance(top, total, n=1, k=0.85)[0]  # 300 >= 280.5


def test_vectorised_over_cells() -> None:
    top, total = cells(HANDBOOK_A, HANDBOOK_B, HANDBOOK_C)
    np.testing.assert_array_equal(nk_dominance(top, total, 1, 0.85), [False, False, True])
    np.testing.assert_array_equal(nk_dominance(top, total, 2, 0.909), [True, True, True])
    np.testing.assert_array_equal(p_percent(top, total, 0.10), [True, False, True])


# --- boundaries and conventions ---------------------------------------------------------------


def test_nk_comparator_inclusive_matches_acro_and_strict_is_optional() -> None:
    top, total = cell([75, 15, 10])  # top1 is exactly 0.75 of the total
    assert nk_dominance(top, total, 1, 0.75)[0]
    assert not nk_dominance(top, total, 1, 0.75, inclusive=False)[0]


def test_p_percent_is_strict_at_the_boundary() -> None:
    top, total = cell([50, 45, 5])  # remainder 5 == 0.1 × 50
    assert not p_percent(top, total, 0.10)[0]
    top, total = cell([50, 45.5, 4.5])
    assert p_percent(top, total, 0.10)[0]


def test_fewer_contributors_than_n_is_dominated() -> None:
    top, total = cell([10.0])
    assert nk_dominance(top, total, n=2, k=0.9)[0]
    assert p_percent(top, total, p=0.1)[0]  # remainder 0 < 1


def test_zero_negative_and_missing_totals_are_never_flagged() -> None:
    top = np.zeros((3, 3))
    total = np.array([0.0, -5.0, np.nan])
    for mask in (
        nk_dominance(top, total, 2, 0.9),
        p_percent(top, total, 0.1),
        pq_rule(top, total, 0.1, 0.5),
    ):
        np.testing.assert_array_equal(mask, [False, False, False])
    np.testing.assert_array_equal(p_percent_protection(top, total, 0.1), [0, 0, 0])
    np.testing.assert_array_equal(nk_protection(top, total, 2, 0.9), [0, 0, 0])


def test_nan_contributions_are_treated_as_absent() -> None:
    top = np.array([[60.0, np.nan, np.nan]])
    assert nk_dominance(top, np.array([100.0]), 2, 0.6)[0]


def test_p_percent_coalitions() -> None:
    top, total = cell([50, 30, 15, 5])
    assert not p_percent(top, total, 0.10, c=1)[0]  # 20 >= 5
    assert not p_percent(top, total, 0.10, c=2)[0]  # 5 >= 5
    assert p_percent(top, total, 0.20, c=2)[0]  # 5 < 10
    assert not p_percent(top, total, 0.20, c=1)[0]  # 20 >= 10


def test_pq_rule_uses_prior_uncertainty() -> None:
    top, total = cell([60, 30, 10])  # remainder 10
    assert not p_percent(top, total, 0.10)[0]  # 10 >= 6
    assert pq_rule(top, total, 0.10, 0.5)[0]  # 0.5 × 10 = 5 < 6
    assert not pq_rule(top, total, 0.10, 0.9)[0]  # 9 >= 6


def test_single_cell_may_be_one_dimensional() -> None:
    assert nk_dominance(np.array([95.0, 5.0]), np.array(100.0), 1, 0.9).tolist() == [True]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t, x: nk_dominance(t, x, 2, 90), "fraction"),
        (lambda t, x: nk_dominance(t, x, 0, 0.9), "positive integer"),
        (lambda t, x: nk_dominance(t, x, 1.5, 0.9), "positive integer"),
        (lambda t, x: nk_dominance(t, x, 5, 0.9), "top_n >= 5"),
        (lambda t, x: p_percent(t, x, 10), "fraction"),
        (lambda t, x: p_percent(t, x, 0.1, c=3), "top_n >= 4"),
        (lambda t, x: pq_rule(t, x, 0.5, 0.5), "p < q"),
        (lambda t, x: pq_protection(t, x, 0.6, 0.5), "p < q"),
        (lambda t, x: p_percent(t, x[:1], 0.1), "cells"),
        (lambda t, x: protection_interval(t, x, "z"), "unknown rule"),
        (lambda t, x: protection_interval(t, x, "p"), "needs p"),
        (lambda t, x: protection_interval(t, x, "pq", p=0.1), "needs p and q"),
        (lambda t, x: protection_interval(t, x, "nk", n=2), "needs n and k"),
    ],
)
def test_bad_parameters_raise(call, message: str) -> None:
    top, total = cells([5, 4], [3, 2], width=3)
    with pytest.raises(ValueError, match=message):
        call(top, total)


# --- protection levels --------------------------------------------------------------------------


def test_protection_levels_on_handbook_cells() -> None:
    top, total = cell(HANDBOOK_A)
    x1, x2 = HANDBOOK_A[0], HANDBOOK_A[1]
    remainder = total[0] - x1 - x2
    assert p_percent_protection(top, total, 0.10)[0] == pytest.approx(0.10 * x1 - remainder)
    assert protection_interval(top, total, "p", p=0.10)[0] == pytest.approx(0.10 * x1 - remainder)
    assert protection_interval(top, total, "pq", p=0.10, q=0.5)[0] == pytest.approx(
        0.10 / 0.5 * x1 - remainder
    )
    top, total = cell(HANDBOOK_C)
    assert nk_protection(top, total, 1, 0.85)[0] == pytest.approx(300 / 0.85 - 330)
    assert protection_interval(top, total, "nk", n=1, k=0.85)[0] == pytest.approx(300 / 0.85 - 330)
    top, total = cell(HANDBOOK_B)
    assert p_percent_protection(top, total, 0.10)[0] == 0.0  # safe cells need nothing


contributions = hnp.arrays(
    float,
    st.tuples(st.integers(1, 20), st.integers(1, 6)),
    elements=st.one_of(st.just(0.0), st.floats(0.5, 1e6)),
)


def _top_total(arr: np.ndarray, width: int = 4) -> tuple[np.ndarray, np.ndarray]:
    ordered = -np.sort(-arr, axis=1)
    top = np.zeros((arr.shape[0], width))
    m = min(width, arr.shape[1])
    top[:, :m] = ordered[:, :m]
    return top, arr.sum(axis=1)


@settings(max_examples=60, deadline=None)
@given(contributions, st.floats(0.01, 0.5), st.floats(0.51, 1.0))
def test_pq_with_q_one_is_p_percent(arr: np.ndarray, p: float, q: float) -> None:
    top, total = _top_total(arr)
    np.testing.assert_array_equal(pq_rule(top, total, p, 1.0), p_percent(top, total, p))
    # a wider prior (smaller q) never makes a cell safer
    assert not (pq_rule(top, total, p, 1.0) & ~pq_rule(top, total, p, q)).any()


@settings(max_examples=60, deadline=None)
@given(contributions, st.floats(0.01, 0.5), st.integers(1, 2))
def test_p_protection_is_positive_exactly_when_flagged_and_sufficient(
    arr: np.ndarray, p: float, c: int
) -> None:
    top, total = _top_total(arr)
    flagged = p_percent(top, total, p, c=c)
    level = p_percent_protection(top, total, p, c=c)
    assert (level >= 0).all()
    np.testing.assert_array_equal(level > 0, flagged)
    # hiding the cell behind ``level`` more of "rest" puts it (just) on the safe side
    bumped = total + level * (1 + 1e-9) + 1e-9
    assert not p_percent(top, bumped, p, c=c).any()


@settings(max_examples=60, deadline=None)
@given(contributions, st.integers(1, 3), st.floats(0.3, 0.99))
def test_nk_protection_is_sufficient(arr: np.ndarray, n: int, k: float) -> None:
    top, total = _top_total(arr)
    level = nk_protection(top, total, n, k)
    assert (level >= 0).all()
    assert not (level > 0)[~nk_dominance(top, total, n, k)].any()
    bumped = total + level * (1 + 1e-9) + 1e-9
    assert not nk_dominance(top, bumped, n, k).any()
