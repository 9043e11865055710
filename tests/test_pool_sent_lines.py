"""A pool's worker sends a small table back with the lines it made reading it (round 33):
the same lines, over the table's own cells as loaded, as the parent would make again; a
large table, a copy or any other pickle never carries them."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import HealthCheck, given, settings

from sdc import pool
from sdc.table import LINES_WITH_NUMPY_FROM, DataCell, Measure, RawCell, Role, Table
from tests.test_table_lines import _plain, cell_tables


def _positions(lines: list, table: Table) -> list:
    index = {id(c): i for i, c in enumerate(table.cells)}
    return [(dim, [index[id(m)] for m in members],
             index[id(total)] if total is not None else None)
            for dim, members, total in lines]


def _sent(table: Table) -> Table:
    """``table`` as a pool's worker sends it and its parent loads it."""
    back: Table = pool.loads(pool._run_range(lambda _i: table, 0, 1))[0]
    return back


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell_tables())
def test_a_small_tables_lines_travel_with_it_from_a_worker(table: Table) -> None:
    list(table.lines(Role.COUNT, min_members=1))
    back = _sent(table)
    assert not pool.sending()  # only while the chunk was pickled
    assert set(back._lines_cache) == {Role.COUNT}
    got = list(back.lines(Role.COUNT, min_members=1))
    for _dim, members, total in got:  # the loaded table's own cells, not copies
        assert all(any(m is c for c in back.cells) for m in members)
        assert total is None or any(total is c for c in back.cells)
    assert _positions(got, back) == _positions(_plain(table, Role.COUNT, 1), table)
    # and the roles it had not made are made there, as before
    assert _positions(list(back.lines(Role.MAGNITUDE)), back) == _positions(
        _plain(table, Role.MAGNITUDE, 2), table)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell_tables())
def test_copies_and_other_pickles_make_their_own(table: Table) -> None:
    list(table.lines(Role.COUNT))
    assert Role.COUNT in table._lines_cache
    assert not copy.deepcopy(table)._lines_cache
    assert not pickle.loads(pickle.dumps(table))._lines_cache


def _large() -> Table:
    measure = Measure("n", Role.COUNT, col=1)
    cells = [DataCell(measure=measure, coords={"d": f"r{i}"}, source=RawCell(i + 1, 1, "3", 3.0))
             for i in range(LINES_WITH_NUMPY_FROM)]
    return Table(path="t.csv", sheet=None, dimensions=["d"], row_dimensions=["d"],
                 column_dimensions=[], measures=[measure], cells=cells, layout="long")


def test_a_large_table_is_sent_without_its_lines() -> None:
    table = _large()
    list(table.lines(Role.COUNT))
    back = _sent(table)
    assert not back._lines_cache
    assert _positions(list(back.lines(Role.COUNT)), back) == _positions(
        list(table.lines(Role.COUNT)), table)


def test_the_flag_is_down_after_a_pickle_that_fails() -> None:
    with pytest.raises(Exception):  # noqa: B017 - a lambda does not pickle
        pool._run_range(lambda _i: lambda: None, 0, 1)
    assert not pool.sending()
