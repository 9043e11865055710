"""``_agreements``' numpy way with each (key, value) group as one number, its sorted keys and
values let go before the pairs are made (round 46, child46): the same pairs and counts as
round 45's numpy way (copied below as it was) and as the dictionaries, on random postings."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.rules import differencing


def _agreements_round45(postings: list[tuple[int, float, int]], n_tables: int
                        ) -> list[tuple[tuple[int, int], int]]:
    """Round 45's numpy way: every column sorted, both compared at each step."""
    at_key = np.array([p[0] for p in postings], dtype=np.int64)
    at_value = np.array([p[1] for p in postings], dtype=np.float64)
    at_table = np.array([p[2] for p in postings], dtype=np.int64)
    order = np.lexsort((at_table, at_value, at_key))
    at_key, at_value, at_table = at_key[order], at_value[order], at_table[order]
    pair_codes = []
    step = 1
    while step < len(at_key):
        same = (at_key[step:] == at_key[:-step]) & (at_value[step:] == at_value[:-step])
        if not same.any():
            break
        at = np.flatnonzero(same)
        pair_codes.append(at_table[at].astype(np.int64) * n_tables + at_table[at + step])
        step += 1
    if not pair_codes:
        return []
    codes, counts = np.unique(np.concatenate(pair_codes), return_counts=True)
    return [((code // n_tables, code % n_tables), count)
            for code, count in zip(codes.tolist(), counts.tolist(), strict=True)]


def _counted(postings: list[tuple[int, float, int]]) -> list[tuple[tuple[int, int], int]]:
    """Every two tables of one (key, value), counted pair by pair."""
    together: Counter[tuple[int, int]] = Counter()
    for i, (key, value, a) in enumerate(postings):
        for other, v, b in postings[i + 1:]:
            if other == key and v == value:
                together[(a, b)] += 1
    return sorted(together.items())


@st.composite
def postings(draw: st.DrawFn) -> tuple[list[tuple[int, float, int]], int]:
    """Each table's (key, value) once, tables in order; few keys and values, so many agree;
    keys past int32 sometimes (the columns widen)."""
    n_tables = draw(st.integers(1, 12))
    keys = draw(st.lists(st.sampled_from([0, 1, 2, 5, 9, 2**31 + 3]), min_size=1,
                         max_size=6, unique=True))
    found = []
    for table in range(n_tables):
        for key in draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True)):
            found.append((key, draw(st.sampled_from([1.0, 2.0, 3.5, -4.0, 1e300])), table))
    return found, n_tables


@settings(max_examples=300, deadline=None)
@given(postings())
def test_groups_as_numbers_count_what_round_45_counted(drawn: tuple[list, int]) -> None:
    given_postings, n_tables = drawn
    columns = differencing._Postings()
    for table in range(n_tables):
        columns.add([(k, v) for k, v, t in given_postings if t == table], table)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
        got = differencing._agreements(columns, n_tables)
        from_tuples = differencing._agreements(given_postings, n_tables)
    assert got == from_tuples == _agreements_round45(given_postings, n_tables)
    assert sorted(got) == _counted(given_postings)


def test_agreements_of_three_tables() -> None:
    """Exact pairs: a value shared by three tables, one by two, a key with two values."""
    given_postings = [(1, 5.0, 0), (2, 6.0, 0), (1, 5.0, 1), (2, 7.0, 1), (1, 5.0, 2),
                      (2, 6.0, 2), (3, 1.0, 2)]
    columns = differencing._Postings()
    for table in range(3):
        columns.add([(k, v) for k, v, t in given_postings if t == table], table)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
        assert differencing._agreements(columns, 3) == [((0, 1), 1), ((0, 2), 2), ((1, 2), 1)]
        assert differencing._agreements(differencing._Postings(), 3) == []
