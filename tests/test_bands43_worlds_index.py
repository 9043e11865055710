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


@st.composite
def tables(draw: st.DrawFn) -> list[list[Printed]]:
    out = []
    for t in range(draw(st.integers(0, 14))):
        spans = draw(st.lists(st.sampled_from(SPANS), min_size=1, max_size=4))
        out.append([Printed(lo, hi, draw(VALUES), t, place, f"{lo}-{hi}")
                    for place, (lo, hi) in enumerate(spans)])
    return out


def _same(got, want) -> None:
    assert [[id(p) for p in world] for world in got[0]] == \
        [[id(p) for p in world] for world in want[0]]
    assert (got[1] is None) == (want[1] is None)
    if got[1] is not None:
        assert (got[1].reason, got[1].tables) == (want[1].reason, want[1].tables)


@settings(max_examples=3000, deadline=None)
@given(tables())
def test_the_index_parts_tables_as_the_loop_did(items: list[list[Printed]]) -> None:
    _same(worlds(items), _loop(items))


@settings(max_examples=1000, deadline=None)
@given(tables())
def test_past_the_limit_the_same_tables_are_not_read(items: list[list[Printed]]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(band_algebra, "MAX_WORLDS", 2)
        _same(worlds(items), _loop(items))


def test_a_table_with_a_nan_count_is_a_system_of_its_own() -> None:
    a = [Printed(0.0, 18.0, 4.0, 0, 0, "0-17")]
    b = [Printed(18.0, 65.0, math.nan, 1, 0, "18-64")]  # prints nothing a prints
    c = [Printed(0.0, 18.0, 4.0, 2, 0, "0-17")]
    got, unread = worlds([a, b, c])
    assert unread is None
    assert [[p.table for p in w] for w in got] == [[0, 2]]
