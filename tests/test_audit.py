"""The suppression audit: exact intervals worked out by hand, and agreement with the naive LPs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.audit import (
    AuditStats,
    InfeasibleSystemError,
    Interval,
    LinearSystem,
    audit,
    audit_naive,
    margin_equations,
    system_from_array,
)

NAN = np.nan


def with_margins(inner: np.ndarray) -> np.ndarray:
    """Append the total along every axis (last index), like ``pandas.crosstab(margins=True)``."""
    out = np.asarray(inner, dtype=float)
    for axis in range(out.ndim):
        out = np.concatenate([out, out.sum(axis=axis, keepdims=True)], axis=axis)
    return out


def suppress(table: np.ndarray, cells: list[tuple[int, ...]]) -> np.ndarray:
    out = table.copy()
    for c in cells:
        out[c] = NAN
    return out


def ends(result: dict) -> dict:
    """``(lo, hi, exact)`` per key: what the naive path can be compared on (it has no
    derivations)."""
    return {k: (v.lo, v.hi, v.exact) for k, v in result.items()}


def by_cell(system_shape: tuple[int, ...], result: dict[int, Interval]) -> dict:
    return {tuple(int(i) for i in np.unravel_index(k, system_shape)): v for k, v in result.items()}


def replay(system: LinearSystem, target: int, iv: Interval) -> float:
    """Evaluate an exact interval's explanation from published values only, checking that the
    weighted equations isolate the target (every other unpublished variable cancels)."""
    assert iv.combination is not None
    published = system.lower == system.upper
    total = 0.0
    coef_sum: dict[int, float] = {}
    for e, w in iv.combination.items():
        coefs, rhs = system.equations[e]
        known = sum(c * system.lower[k] for k, c in coefs.items() if published[k])
        total += w * (rhs - known)
        for k, c in coefs.items():
            if not published[k]:
                coef_sum[k] = coef_sum.get(k, 0.0) + w * c
    coef_sum = {k: c for k, c in coef_sum.items() if abs(c) > 1e-9}
    assert coef_sum == pytest.approx({target: 1.0})
    return total


# -- the SDC Handbook's 3 × 2 table ---------------------------------------------------------------


@pytest.mark.parametrize("p", [0, 1, 2, 3])
def test_handbook_3x2_four_suppressions(p: int) -> None:
    # Row totals 7, 3, 6; column totals 9, 7; grand total 16. Row 2 is published as (p, 3 - p);
    # rows 1 and 3 are suppressed. Writing t = X11:
    #   row 1:     X12 = 7 - t
    #   column 1:  X31 = (9 - p) - t
    #   row 3:     X32 = 6 - X31 = t + p - 3        (column 2 then holds: 7 - t + 3 - p + t + p - 3)
    # X12 >= 0 -> t <= 7;  X31 >= 0 -> t <= 9 - p;  X32 >= 0 -> t >= 3 - p;  t >= 0.
    # So X11 in [max(0, 3 - p), min(7, 9 - p)]: p = 2 (row 2 = (2, 1)) gives [1, 7]. No split of
    # row 2 gives [3, 6]: the lower end 3 needs p = 0, and then the upper end is 7.
    x31 = 4 if p < 3 else 3  # any inner values with these margins and X11 inside its range
    inner = np.array([[9 - p - x31, 7 - (9 - p - x31)], [p, 3 - p], [x31, 6 - x31]])
    table = with_margins(inner)
    assert table[:, 2].tolist() == [7, 3, 6, 16] and table[3].tolist() == [9, 7, 16]
    system = system_from_array(suppress(table, [(0, 0), (0, 1), (2, 0), (2, 1)]))
    got = by_cell(table.shape, audit(system))
    lo, hi = max(0, 3 - p), min(7, 9 - p)
    assert (got[(0, 0)].lo, got[(0, 0)].hi) == (lo, hi)
    assert (got[(0, 1)].lo, got[(0, 1)].hi) == (7 - hi, 7 - lo)
    assert (got[(2, 0)].lo, got[(2, 0)].hi) == (9 - p - hi, 9 - p - lo)
    assert (got[(2, 1)].lo, got[(2, 1)].hi) == (lo + p - 3, hi + p - 3)
    assert not any(iv.exact for iv in got.values())
    assert ends(got) == ends(by_cell(table.shape, audit_naive(system)))


# -- a 4 × 4 table where a cell with two suppressed partners in its row and column is exact ------

INNER_4X4 = np.array([[5, 6, 7, 8], [4, 3, 6, 2], [7, 8, 5, 6], [2, 9, 4, 3]], dtype=float)
# Two 2 × 2 blocks of suppressions, rows {0, 1} × columns {0, 1} and rows {2, 3} × columns {2, 3},
# joined by (1, 2). Every row and column holding a suppression holds at least two.
PATTERN_4X4 = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]


def test_4x4_bridge_cell_is_exact() -> None:
    # Adding the row equations of rows 0 and 1 and subtracting the column equations of columns 0
    # and 1 cancels the whole upper-left block and leaves X(1,2) alone:
    #   rows 0, 1:    block + X12 = (26 + 15) - (7 + 8 + 2) = 24
    #   columns 0, 1: block       = (18 + 26) - (7 + 2 + 8 + 9) = 18
    #   so X12 = 24 - 18 = 6, although each of those equations has two or more unknowns.
    # The blocks themselves have one free parameter each; upper-left with t = X00:
    #   X01 = 11 - t, X10 = 9 - t, X11 = t - 2  ->  t in [2, 9].
    table = with_margins(INNER_4X4)
    system = system_from_array(suppress(table, PATTERN_4X4))
    stats = AuditStats()
    result = audit(system, stats=stats)
    got = by_cell(table.shape, result)
    x12 = got[(1, 2)]
    assert x12.exact and x12.lo == x12.hi == 6
    assert x12.derivation is not None and len(x12.derivation) == 4
    assert replay(system, int(np.ravel_multi_index((1, 2), table.shape)), x12) == 6
    assert (got[(0, 0)].lo, got[(0, 0)].hi) == (2, 9)
    assert (got[(0, 1)].lo, got[(0, 1)].hi) == (2, 9)
    assert (got[(1, 0)].lo, got[(1, 0)].hi) == (0, 7)
    assert (got[(1, 1)].lo, got[(1, 1)].hi) == (0, 7)
    assert [c for c, iv in got.items() if iv.exact] == [(1, 2)]
    assert stats.by_rank == 1 and stats.by_elimination == 0
    assert ends(got) == ends(by_cell(table.shape, audit_naive(system)))


def test_4x4_one_more_suppression_protects_the_bridge() -> None:
    # Suppressing X20 (= 7) closes the cycle X12 -> X22 -> X20 -> X10. With the remaining
    # published values the equations are
    #   a + b = 11, c + d + e = 13, f + g + h = 18, i + j = 7       (rows)
    #   a + c + f = 16, b + d = 9, e + g + i = 15, h + j = 9         (columns)
    # for a..d the upper-left block, e = X12, f = X20, g = X22, h = X23, i = X32, j = X33.
    # With s = a, u = c, w = i: b = 11 - s, d = s - 2, e = 15 - s - u, f = 16 - s - u,
    # g = s + u - w, h = 2 + w, j = 7 - w. Non-negativity gives s in [2, 11], 0 <= w <= s + u and
    # s + u <= 15, so s + u ranges over [2, 15] and X12 = 15 - (s + u) over [0, 13].
    table = with_margins(INNER_4X4)
    system = system_from_array(suppress(table, [*PATTERN_4X4, (2, 0)]))
    got = by_cell(table.shape, audit(system))
    assert (got[(1, 2)].lo, got[(1, 2)].hi, got[(1, 2)].exact) == (0, 13, False)
    assert not any(iv.exact for iv in got.values())
    assert ends(got) == ends(by_cell(table.shape, audit_naive(system)))


# -- single unknowns ------------------------------------------------------------------------------


def test_single_suppression_in_a_row_is_exact_with_derivation() -> None:
    table = with_margins(np.array([[3, 7], [4, 5]]))
    system = system_from_array(suppress(table, [(0, 1)]))
    target = int(np.ravel_multi_index((0, 1), table.shape))
    iv = audit(system)[target]
    assert iv.exact and iv.value == 7
    assert iv.derivation is not None and len(iv.derivation) == 1
    (eq,) = iv.derivation
    assert target in system.equations[eq][0]
    assert replay(system, target, iv) == 7


def test_chain_of_single_unknowns_lists_both_equations_in_order() -> None:
    # x0 = 2 published; eq 0: x0 + x1 = 5 gives x1 = 3; eq 1: x1 + x2 = 7 then gives x2 = 4,
    # i.e. x2 = 7 - (5 - 2): weights +1 on eq 1 and -1 on eq 0.
    system = LinearSystem(
        3, [({0: 1.0, 1: 1.0}, 5.0), ({1: 1.0, 2: 1.0}, 7.0)], lower=[2, 0, 0],
        upper=[2, np.inf, np.inf], suppressed=[1, 2],
    )
    got = audit(system)
    assert got[1] == Interval(3, 3, True, [0], {0: 1.0})
    assert got[2] == Interval(4, 4, True, [0, 1], {0: -1.0, 1: 1.0})
    assert replay(system, 2, got[2]) == 4


def test_chain_in_a_table_reproduces_every_value() -> None:
    table = with_margins(np.array([[3, 7], [4, 5]]))
    cells = [(0, 1), (1, 1), (1, 0), (1, 2)]
    system = system_from_array(suppress(table, cells))
    got = by_cell(table.shape, audit(system))
    for c in cells:
        assert got[c].exact and got[c].value == table[c]
        assert replay(system, int(np.ravel_multi_index(c, table.shape)), got[c]) == table[c]


def test_published_target_and_unconstrained_target() -> None:
    system = LinearSystem(3, lower=[0, 4, 0], upper=[np.inf, 4, 10])
    got = audit(system, [0, 1, 2])
    assert (got[0].lo, got[0].hi, got[0].exact) == (0, np.inf, False)
    assert got[1] == Interval(4, 4, exact=True, derivation=[], combination={})
    assert (got[2].lo, got[2].hi) == (0, 10)


def test_zero_width_from_bounds_has_no_derivation() -> None:
    # x + y = 0 with x, y >= 0: both are 0, yet no combination of equations isolates either.
    system = LinearSystem(2, [({0: 1.0, 1: 1.0}, 0.0)], suppressed=[0, 1])
    got = audit(system)
    assert got[0].exact and got[0].value == 0 and got[0].derivation is None
    assert ends(got) == ends(audit_naive(system))


def test_unbounded_cells_and_bad_targets() -> None:
    # x0 - x1 = 0 with no upper bounds: both can be anything from 0 up
    system = LinearSystem(2, [({0: 1.0, 1: -1.0}, 0.0)], suppressed=[0, 1])
    got = audit(system)
    assert (got[0].lo, got[0].hi, got[0].exact) == (0, np.inf, False)
    assert ends(got) == ends(audit_naive(system))
    assert 5 in got[0] and -1 not in got[0] and got[0].value is None
    with pytest.raises(ValueError):
        audit(system, [2])


def test_propagated_bounds_stay_valid_with_non_unit_coefficients() -> None:
    # A system whose interval propagation converges geometrically through a coefficient 3: without
    # outward rounding a one-ulp error grew until it cut off the only solution
    # x = (x0, x2, x3, x6, x8) = (0, 4, 0, 5, 1) and the system was wrongly called infeasible.
    inf = np.inf
    eqs = [
        ({6: 1.0, 0: -1.0, 8: 1.0, 2: 1.0}, 10.0),
        ({8: 1.0, 2: 1.0, 1: -1.0}, 5.0),
        ({7: 1.0, 6: 1.0, 0: 1.0, 1: -2.0}, 12.0),
        ({3: 1.0, 2: 3.0, 5: 1.0, 6: 1.0}, 22.0),
        ({0: -1.0, 2: 1.0}, 4.0),
    ]
    lower = [0, 0, 0, 0, 3, 5, 0, 7, 0]
    upper = [inf, 0, inf, inf, 3, 5, inf, 7, inf]
    system = LinearSystem(9, eqs, lower, upper, suppressed=[0, 2, 3, 6, 8])
    expected = {0: 0, 2: 4, 3: 0, 6: 5, 8: 1}
    for rank_check in (True, False):
        got = audit(system, rank_check=rank_check)
        assert {t: iv.value for t, iv in got.items()} == expected
    # found by the rank check, x0 = (eq2 + eq1 - eq0) / 2 after substituting the published cells
    assert audit(system)[0].combination == {0: -0.5, 1: 0.5, 2: 0.5}


# -- rounding -------------------------------------------------------------------------------------


def test_rounded_base5_cells_give_intervals() -> None:
    # True inner [[3, 7], [6, 9]]: rows 10, 15, columns 9, 16, total 25. Published rounded to 5:
    # inner [[5, 5], [5, 10]], rows 10, 15, columns 10, 15, total 25; X00 suppressed. Each
    # published a means [a - 4, a + 4] (clipped at 0).
    # Upper end: X00 = row0 - X01 <= 14 - 1 = 13, reached with X01 = 1, X10 = 1 (column 0 = 14),
    # X11 = 10 (row 1 = 11, column 1 = 11, total 25). Lower end 0: X01 = X10 = 6, X11 = 9
    # (rows 6, 15; columns 6, 15; total 21) is feasible.
    published = np.array([[NAN, 5, 10], [5, 10, 15], [10, 15, 25]])
    system = system_from_array(published, rounding_base=5)
    assert system.lower[1] == 1 and system.upper[1] == 9
    got = audit(system)
    assert (got[0].lo, got[0].hi, got[0].exact) == (0, 13, False)
    assert ends(got) == ends(audit_naive(system))
    # unrounded, the same cell is disclosed: 10 - 5
    exact = audit(system_from_array(published))[0]
    assert exact.exact and exact.value == 5


# -- inconsistent systems --------------------------------------------------------------------------


def test_published_totals_that_do_not_add_up() -> None:
    table = np.array([[3, NAN, 10], [4, 5, 8], [7, 9, 18]])  # row 1: 4 + 5 != 8
    system = system_from_array(table)
    with pytest.raises(InfeasibleSystemError) as err:
        audit(system)
    assert err.value.equations
    with pytest.raises(InfeasibleSystemError):
        audit_naive(system)


def test_suppressed_cells_cannot_be_negative() -> None:
    # row 0: 5 + X01 + X02 = 3 needs X01 + X02 = -2
    table = np.array([[5, NAN, NAN, 3], [1, NAN, NAN, 4], [6, 2, 3, 7]])
    table[2, 3] = table[2, :3].sum()
    system = system_from_array(table)
    with pytest.raises(InfeasibleSystemError):
        audit(system)
    with pytest.raises(InfeasibleSystemError):
        audit_naive(system)


def test_determined_value_outside_bounds() -> None:
    # X01 = 2 - 5 = -3 < 0
    table = np.array([[5, NAN, 2], [1, 1, 2], [6, 1, 4]])
    with pytest.raises(InfeasibleSystemError):
        audit(system_from_array(table))


def test_inconsistency_only_a_linear_program_sees() -> None:
    # x + y = 1, x - y = 3 has the single solution x = 2, y = -1 < 0 -- the rank check finds it;
    # without the rank check, the linear programs must report it.
    system = LinearSystem(2, [({0: 1.0, 1: 1.0}, 1.0), ({0: 1.0, 1: -1.0}, 3.0)], suppressed=[0])
    with pytest.raises(InfeasibleSystemError):
        audit(system)
    system.lower[:] = 0
    system.upper[:] = 1
    with pytest.raises(InfeasibleSystemError):
        audit(system, rank_check=False)


# -- three dimensions, hierarchies, linked tables ----------------------------------------------


def test_3d_table_with_all_inner_cells_suppressed() -> None:
    # With every 2-way margin published, a 2 × 2 × 2 block has one degree of freedom:
    # X_ijk = v_ijk + (-1)^(i+j+k) t. Even cells v = 1, 4, 6, 7 need t >= -1; odd cells
    # v = 2, 3, 5, 8 need t <= 2. So X_ijk in v + [-1, 2] for even and v - [-1, 2] for odd cells.
    v = np.arange(1, 9, dtype=float).reshape(2, 2, 2)
    table = with_margins(v)
    assert table.shape == (3, 3, 3)
    cells = [(i, j, k) for i in range(2) for j in range(2) for k in range(2)]
    system = system_from_array(suppress(table, cells))
    assert len(system.equations) == 27  # 9 lines along each of 3 axes
    got = by_cell(table.shape, audit(system))
    for c in cells:
        even = sum(c) % 2 == 0
        lo, hi = (v[c] - 1, v[c] + 2) if even else (v[c] - 2, v[c] + 1)
        assert (got[c].lo, got[c].hi, got[c].exact) == (lo, hi, False)
    assert ends(got) == ends(by_cell(table.shape, audit_naive(system)))


def test_3d_single_inner_suppression_and_suppressed_margin() -> None:
    v = np.arange(1, 13, dtype=float).reshape(2, 3, 2)
    table = with_margins(v)
    # one inner cell and one 1-way margin (the (0, all, all) total) suppressed: both exact
    cells = [(1, 2, 0), (0, 3, 2)]
    system = system_from_array(suppress(table, cells))
    got = by_cell(table.shape, audit(system))
    assert got[(1, 2, 0)].exact and got[(1, 2, 0)].value == v[1, 2, 0]
    assert got[(0, 3, 2)].exact and got[(0, 3, 2)].value == v[0].sum()


def test_hierarchy_with_extra_equations() -> None:
    # regions A = a1 + a2, B = b1 + b2, total = A + B; cells 0..6 = a1, a2, b1, b2, A, B, total
    values = [3.0, 4.0, 2.0, 6.0, 7.0, 8.0, 15.0]
    system = LinearSystem(7, lower=values, upper=values)
    system.add_sum(4, [0, 1])
    system.add_sum(5, [2, 3])
    system.add_sum(6, [4, 5])
    for v in (0, 2, 4, 5):  # a1, b1 and both regions suppressed
        system.lower[v], system.upper[v] = 0, np.inf
    system.suppressed = [0, 2, 4, 5]
    got = audit(system)
    # a1 = A - 4, b1 = B - 6, A + B = 15: with t = A, a1 = t - 4 >= 0 and b1 = 9 - t >= 0,
    # so t in [4, 9]
    assert (got[4].lo, got[4].hi) == (4, 9)
    assert (got[0].lo, got[0].hi) == (0, 5)
    assert (got[2].lo, got[2].hi) == (0, 5)
    assert ends(got) == ends(audit_naive(system))


def test_hierarchical_rows_in_an_array() -> None:
    # rows A1, A2, A (= A1 + A2), B1, B2, B (= B1 + B2), Total (= A + B); columns c0, c1, total.
    inner = np.array([[3, 5], [4, 6], [7, 11], [2, 8], [6, 1], [8, 9], [15, 20]], dtype=float)
    table = np.column_stack([inner, inner.sum(axis=1)])
    tree = {2: [0, 1], 5: [3, 4], 6: [2, 5]}
    cells = [(0, 0), (0, 1), (1, 0), (1, 1)]  # the whole A block below its subtotal
    system = system_from_array(suppress(table, cells), hierarchies={0: tree})
    # t = A1c0: A2c0 = 7 - t, A1c1 = 8 - t, A2c1 = 11 - (8 - t) = 3 + t (row A2: 10 ✓);
    # t >= 0, 7 - t >= 0, 8 - t >= 0  ->  t in [0, 7], so A2c1 in [3, 10].
    got = by_cell(table.shape, audit(system))
    assert (got[(0, 0)].lo, got[(0, 0)].hi) == (0, 7)
    assert (got[(1, 1)].lo, got[(1, 1)].hi) == (3, 10)
    assert ends(got) == ends(by_cell(table.shape, audit_naive(system)))
    # read as flat margins (last row = sum of all others) the subtotals count twice
    with pytest.raises(InfeasibleSystemError):
        audit(system_from_array(suppress(table, cells)))


def test_linked_tables_share_a_total() -> None:
    # Table 1 (by sex): male, female, total. Table 2 (by age): young, old, total. One population:
    # the totals are the same cell. Table 1 suppresses male and its total, so alone male is free;
    # table 2 publishes its total, and linked the male count is 20 - 12 = 8.
    t1 = system_from_array(np.array([NAN, 12.0, NAN]))
    t2 = system_from_array(np.array([9.0, 11.0, 20.0]))
    alone = audit(t1)
    assert (alone[0].lo, alone[0].hi) == (0, np.inf)
    linked, offsets = LinearSystem.combine([t1, t2])
    linked.add_equation({offsets[0] + 2: 1.0, offsets[1] + 2: -1.0})
    got = audit(linked)
    assert got[0].exact and got[0].value == 8
    assert got[2].exact and got[2].value == 20
    assert replay(linked, 0, got[0]) == 8


def test_margin_equations_shape() -> None:
    eqs = margin_equations((3, 4))
    # 4 columns (3 entries each, the last is the total) and 3 rows of 4
    assert len(eqs) == 7
    assert eqs[0] == ({0: 1.0, 4: 1.0, 8: -1.0}, 0.0)
    assert eqs[4] == ({0: 1.0, 1: 1.0, 2: 1.0, 3: -1.0}, 0.0)


def test_components_are_solved_apart() -> None:
    # two independent 2 × 2 cycles in a 4 × 4 table plus a lone exact cell
    table = with_margins(INNER_4X4)
    cells = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)]
    stats = AuditStats()
    got = audit(system_from_array(suppress(table, cells)), stats=stats)
    assert stats.components == 2 and stats.largest_component == 4
    assert not any(iv.exact for iv in got.values())


# -- property: the fast path is right and agrees with the reference -------------------------------


@st.composite
def random_tables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int | None]:
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(2, 4))
    inner = np.array(
        draw(st.lists(st.integers(0, 12), min_size=rows * cols, max_size=rows * cols)),
        dtype=float,
    ).reshape(rows, cols)
    table = with_margins(inner)
    mask = np.array(
        draw(st.lists(st.booleans(), min_size=table.size, max_size=table.size))
    ).reshape(table.shape)
    base = draw(st.sampled_from([None, None, None, 3]))
    return table, mask, base


def _rounded(table: np.ndarray, base: int, seed: int) -> np.ndarray:
    """Round every value up or down to a multiple of ``base`` (random rounding)."""
    rng = np.random.default_rng(seed)
    down = np.floor(table / base) * base
    up = np.where(down == table, table, down + base)
    return np.where(rng.random(table.shape) < 0.5, down, up)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tables(), st.integers(0, 1000))
def test_audit_contains_truth_and_matches_naive(case, seed) -> None:
    table, mask, base = case
    published = _rounded(table, base, seed) if base else table.copy()
    published[mask] = NAN
    system = system_from_array(published, rounding_base=base)
    fast = audit(system)
    naive = audit_naive(system)
    assert fast.keys() == naive.keys() == set(system.suppressed)
    flat = table.ravel()
    for t, iv in fast.items():
        assert iv.lo - 1e-9 <= flat[t] <= iv.hi + 1e-9
        ref = naive[t]
        assert iv.exact == ref.exact
        assert iv.lo == pytest.approx(ref.lo, abs=1e-6)
        assert iv.hi == pytest.approx(ref.hi, abs=1e-6)
        if iv.exact:
            assert iv.value == pytest.approx(flat[t], abs=1e-9)
            if iv.combination is not None:
                assert replay(system, t, iv) == pytest.approx(flat[t], abs=1e-9)


def test_a_free_cell_in_no_equation_is_unbounded_both_ways() -> None:
    # x0 has no bound and appears in no equation: any real value fits, so it is protected;
    # the interval is (-inf, inf), not NaN ((-inf + inf) / 2) and not "exact"
    system = LinearSystem(3, [({1: 1.0, 2: -1.0}, 0.0)], lower=[-np.inf, 0, 0],
                          upper=[np.inf, np.inf, 7], suppressed=[0, 1])
    got = audit(system)
    assert got[0] == Interval(-np.inf, np.inf, exact=False)
    assert got[1] == Interval(0.0, 7.0, exact=False)
    assert ends(got) == ends(audit_naive(system))
    assert got[0].value is None and 0 in got[0] and -1e300 in got[0]


def test_a_cell_unbounded_below_only_is_not_exact() -> None:
    # (-inf, 5] in no equation: the width test must not read inf <= inf as zero width
    system = LinearSystem(2, lower=[-np.inf, -np.inf], upper=[5.0, np.inf], suppressed=[0, 1])
    got = audit(system)
    assert got[0] == Interval(-np.inf, 5.0, exact=False)
    assert got[1] == Interval(-np.inf, np.inf, exact=False)
    assert ends(got) == ends(audit_naive(system))


def test_free_cells_tied_by_an_equation_are_unbounded_both_ways() -> None:
    # x0 - x1 = 0, both free: each can be any real number, through the programs (or rays)
    system = LinearSystem(2, [({0: 1.0, 1: -1.0}, 0.0)], lower=[-np.inf, -np.inf],
                          upper=[np.inf, np.inf], suppressed=[0, 1])
    got = audit(system)
    assert got == {0: Interval(-np.inf, np.inf), 1: Interval(-np.inf, np.inf)}
    assert ends(got) == ends(audit_naive(system))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(random_tables(), min_size=1, max_size=3), st.data())
def test_sparse_blocks_audit_as_the_combined_system(cases, data) -> None:
    # linked tables assembled as sparse blocks (block_diag of each table, link rows stacked
    # below), the release audit's way, give the intervals and derivations of the same system
    # written equation by equation
    import scipy.sparse as sp

    from sdc.audit import audit_matrix

    systems = []
    for table, mask, _base in cases:
        published = table.copy()
        published[mask] = NAN
        systems.append(system_from_array(published))
    combined, offsets = LinearSystem.combine(systems)
    links = []
    for k in range(1, len(systems)):  # the grand totals are one population count
        a, b = offsets[k - 1] + systems[k - 1].n_vars - 1, offsets[k] + systems[k].n_vars - 1
        if data.draw(st.booleans()):
            links.append((a, b))
    for a, b in links:
        combined.add_equation({a: 1.0, b: -1.0})
    try:
        expected = audit(combined)
    except InfeasibleSystemError:
        with pytest.raises(InfeasibleSystemError):
            _block_audit(systems, offsets, links, sp, audit_matrix)
        return
    assert _block_audit(systems, offsets, links, sp, audit_matrix) == expected


def _block_audit(systems, offsets, links, sp, audit_matrix):
    blocks = [s.matrix() for s in systems]
    n = sum(s.n_vars for s in systems)
    link_rows = sp.csr_matrix(
        (np.tile([1.0, -1.0], len(links)),
         (np.repeat(np.arange(len(links)), 2), np.asarray(links, dtype=np.int64).ravel())),
        shape=(len(links), n))
    a = sp.vstack([sp.block_diag([m for m, _ in blocks], format="csr"), link_rows], format="csr")
    rhs = np.concatenate([r for _, r in blocks] + [np.zeros(len(links))])
    targets = [v + off for s, off in zip(systems, offsets, strict=True) for v in s.suppressed]
    return audit_matrix(a, rhs, np.concatenate([s.lower for s in systems]),
                        np.concatenate([s.upper for s in systems]), targets)
