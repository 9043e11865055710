"""``band_algebra.worlds`` parts one context's tables into systems of one population: round
42 compared each table with every system so far (363 systems under ``Male`` on bench_scale's
1,000 tables); round 43 (bands43) finds the systems a table differs from by an index of each
interval's counts. On random tables (NaN, -0.0, hidden counts, duplicated intervals) it must
part them exactly as the loop did, the limit's "not read" included."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import band_algebra
from sdc.band_algebra import NotRead, Printed, worlds

SPANS = [(0.0, 18.0), (18.0, 65.0), (65.0, math.inf), (0.0, 65.0), (-math.inf, math.inf)]
VALUES = st.sampled_from([None, 0.0, -0.0, 1.0, 1.0, 2.0, 2.0, 3.0, math.nan])


def _loop(items_by_table):
    """Round 42's reading: each table against every system so far, in order."""
    found = []
    for items in items_by_table:
        own = {(p.lo, p.hi): p.value for p in items if p.value is not None}
        tables = {p.table for p in items}
        for printed, members, held in found:
            if all(printed.get(k, v) == v for k, v in own.items()):
                printed.update(own)
                members.extend(items)
                held.update(tables)
                break
        else:
            found.append((dict(own), list(items), tables))
    several = [(members, held) for _, members, held in found if len(held) > 1]
    past = [t for _, held in several[band_algebra.MAX_WORLDS:] for t in held]
    unread = NotRead(f"too many populations under one context ({len(several)} systems of "
                     f"tables, more than {band_algebra.MAX_WORLDS})", past) if past else None
    return [members for members, _ in several[:band_algebra.MAX_WORLDS]], unread


# one table: 1-4 intervals, each with its count. Drawn as one list of (span, value) pairs
# (round 42 drew the spans, then each value on its own: the same tables at twice the CPU of
# hypothesis's drawing, which is nearly all of these tests' time)
TABLE = st.lists(st.tuples(st.sampled_from(SPANS), VALUES), min_size=1, max_size=4)


@st.composite
def tables(draw: st.DrawFn) -> list[list[Printed]]:
    n = draw(st.integers(0, 14))
    return [[Printed(lo, hi, value, t, place, f"{lo}-{hi}")
             for place, ((lo, hi), value) in enumerate(table)]
            for t, table in enumerate(draw(st.lists(TABLE, min_size=n, max_size=n)))]


def _same(got, want) -> None:
    assert [[id(p) for p in world] for world in got[0]] == \
        [[id(p) for p in world] for world in want[0]]
    assert (got[1] is None) == (want[1] is None)
    if got[1] is not None:
        assert (got[1].reason, got[1].tables) == (want[1].reason, want[1].tables)


@settings(max_examples=3000, deadline=None)
@given(tables())
def test_the_index_parts_tables_as_the_loop_did(items: list[list[Printed]]) -> None:
    """Each drawn release read at the real limit and past a limit of 2 (the past-the-limit
    test drew 1,000 releases of its own before round 53; these 3,000 are both)."""
    _same(worlds(items), _loop(items))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(band_algebra, "MAX_WORLDS", 2)
        _same(worlds(items), _loop(items))  # past the limit the same tables are not read


def test_past_the_limit_the_same_tables_are_not_read() -> None:
    """The drawn releases reach the lowered limit: three systems of two tables each, the
    third's tables not read (the loop's answer, which the property test compares)."""
    items = [[Printed(0.0, 18.0, float(v), t, 0, "0-17")] for t, v in
             enumerate([1, 1, 2, 2, 3, 3])]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(band_algebra, "MAX_WORLDS", 2)
        got, unread = worlds(items)
        _same((got, unread), _loop(items))
    assert [[p.table for p in w] for w in got] == [[0, 1], [2, 3]]
    assert unread is not None and list(unread.tables) == [4, 5]


def test_a_table_with_a_nan_count_is_a_system_of_its_own() -> None:
    a = [Printed(0.0, 18.0, 4.0, 0, 0, "0-17")]
    b = [Printed(18.0, 65.0, math.nan, 1, 0, "18-64")]  # prints nothing a prints
    c = [Printed(0.0, 18.0, 4.0, 2, 0, "0-17")]
    got, unread = worlds([a, b, c])
    assert unread is None
    assert [[p.table for p in w] for w in got] == [[0, 2]]
