"""``coverage.row_set``: a table's data rows as a ``range`` when they run on unbroken, else a
set, answering ``in`` exactly as ``set(rows)`` does (coverage asks it for every cell)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sdc.coverage import row_set


@given(st.lists(st.integers(-3, 40), max_size=30))
def test_membership_is_the_sets(rows: list[int]) -> None:
    got = row_set(rows)
    for probe in [*range(-6, 45), 2.0, 2.5, True, False, None, "3"]:
        assert (probe in got) == (probe in set(rows)), probe


@given(st.integers(-5, 50), st.integers(1, 60))
def test_unbroken_rows_are_a_range(first: int, n: int) -> None:
    rows = list(range(first, first + n))
    assert row_set(rows) == range(first, first + n)


def test_gaps_repeats_and_order_keep_a_set() -> None:
    assert row_set([2, 3, 5]) == {2, 3, 5}  # a gap
    assert row_set([2, 3, 3]) == {2, 3}  # a repeat the same length as 2..4
    assert row_set([3, 2, 4]) == {2, 3, 4}  # out of order
    assert row_set([2, 4, 3]) == {2, 3, 4}  # right ends, wrong middle
    assert isinstance(row_set([2, 4, 3]), set)
    assert row_set([]) == set()
