"""The wide pairing's small-table loops (``_never_above_plain``, ``_one_order``) find what the
numpy arrays find, in the same order (round 22: numpy is imported only past ``_PAIRS_BY_ARRAY_FROM``
cells, so checking one plain CSV loads no numeric library: tests/test_startup.py)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import derived_counts

LABELS = ["a", "b", "c", "d"]
VALUE = st.one_of(st.none(), st.integers(0, 6), st.just(float("nan")))


@st.composite
def lines(draw):
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        row = {}
        for label in LABELS:
            value = draw(st.one_of(st.just("absent"), VALUE))
            if value != "absent":
                row[label] = SimpleNamespace(value=value)
        rows.append(row)
    return rows


@settings(max_examples=300, deadline=None)
@given(lines())
def test_the_loop_finds_the_arrays_pairs(rows) -> None:
    plain = list(derived_counts._never_above_plain(rows, LABELS))
    saved = derived_counts._PAIRS_BY_ARRAY_FROM
    try:
        derived_counts._PAIRS_BY_ARRAY_FROM = 0
        by_array = list(derived_counts._never_above(rows, LABELS))
    finally:
        derived_counts._PAIRS_BY_ARRAY_FROM = saved
    assert plain == by_array


@settings(max_examples=300, deadline=None)
@given(lines())
def test_one_order_by_the_loop_is_one_order_by_the_array(rows) -> None:
    never = list(derived_counts._never_above_plain(rows, LABELS))
    plain = derived_counts._one_order(rows, LABELS, never)
    saved = derived_counts._PAIRS_BY_ARRAY_FROM
    try:
        derived_counts._PAIRS_BY_ARRAY_FROM = 0
        by_array = derived_counts._one_order(rows, LABELS, never)
    finally:
        derived_counts._PAIRS_BY_ARRAY_FROM = saved
    assert plain == by_array


def test_a_pair_never_above_and_one_that_crosses() -> None:
    rows = [{"a": SimpleNamespace(value=5), "b": SimpleNamespace(value=3),
             "c": SimpleNamespace(value=9)},
            {"a": SimpleNamespace(value=4), "b": SimpleNamespace(value=4),
             "c": SimpleNamespace(value=1)}]
    # b is never above a (3 <= 5, 4 <= 4); c crosses both (9 above, 1 below)
    assert list(derived_counts._never_above(rows, ["a", "b", "c"])) == [("a", "b")]
