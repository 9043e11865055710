"""The audit's held structures in compact forms (issue 14 §3, round 46): a count system's
link columns (``sdc.link_columns.LinkColumns``: numbers as runs, values as the known ones
only), a long table's line equations (``sdc.packed_equations.Lines``), each variable's table
(``suppression._table_dtype``) and the audited cells' order (``suppression._CellOrder``).
Each read gives back exactly what the plain form held."""

from __future__ import annotations

import math
import random
import struct
from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import line_systems
from sdc.link_columns import LinkColumns, LinkNumbers, _Runs
from sdc.packed_equations import PackedEquations
from sdc.rules.suppression import _CellOrder, _link_components, _places, _table_dtype


def _bits(a: np.ndarray) -> list[int]:
    return a.view(np.int64).tolist()


def _column(ids: np.ndarray, floats: np.ndarray | None, known: np.ndarray | None,
            objects: list[float | None] | None = None) -> LinkColumns:
    return LinkColumns(LinkNumbers(), "p", ids, floats, known, objects)


# ---- link numbers as runs


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_numbers_in_a_few_runs_are_held_as_runs_and_read_back_equal(dtype: type) -> None:
    ids = np.concatenate([np.arange(0, 5000), np.arange(7, 300), [3, 3, 3],
                          np.arange(5000, 9000)]).astype(dtype)
    column = _column(ids, None, None, [1.0] * len(ids))
    assert isinstance(column._ids, _Runs)
    got = column.ids
    assert got.dtype == ids.dtype and got.tolist() == ids.tolist()
    assert column._ids.offsets.nbytes + column._ids.lengths.nbytes < ids.nbytes // 100


def test_numbers_of_many_runs_are_held_as_they_are() -> None:
    ids = np.array(random.Random(4).sample(range(10_000), 2_000), dtype=np.int32)
    column = _column(ids, None, None, [1.0] * len(ids))
    assert column._ids is ids and column.ids is ids


def test_few_numbers_and_let_go_numbers_are_held_as_they_are() -> None:
    short = np.arange(10, dtype=np.int32)
    column = _column(short, None, None, [1.0] * 10)
    assert column._ids is short
    column.ids = None  # the linking lets them go once read
    assert column.ids is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-2**40, 2**40), st.integers(1, 300)), max_size=40),
       st.sampled_from([np.int32, np.int64]))
def test_runs_give_back_every_number(runs: list[tuple[int, int]], dtype: type) -> None:
    if dtype is np.int32:
        runs = [(start % 2**30, n) for start, n in runs]
    ids = (np.concatenate([np.arange(start, start + n) for start, n in runs])
           if runs else np.zeros(0)).astype(dtype)
    got = _column(ids, None, None, [1.0] * len(ids)).ids
    assert got.dtype == ids.dtype and got.tolist() == ids.tolist()


# ---- values as the known ones only


def test_values_are_held_as_the_known_ones_and_read_back_bit_for_bit() -> None:
    n = 1000
    known = np.zeros(n, dtype=bool)
    known[::3] = True
    floats = np.full(n, math.nan)
    floats[known] = np.arange(known.sum()) * 1.5
    odd_nan = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000123))[0]
    floats[3], floats[6] = -0.0, odd_nan  # published: a negative zero, a NaN of other bits
    column = _column(np.arange(n, dtype=np.int32), floats.copy(), known)
    assert column._packed and len(column._floats) == int(known.sum())
    got = column.floats
    assert got.dtype == np.float64 and _bits(got) == _bits(floats)
    assert column.floats is got  # the last made is kept: a reader indexes it per entry
    expected = [float(v) if k else None
                for v, k in zip(floats.tolist(), known.tolist(), strict=True)]
    assert [None if v is None else struct.pack("<d", v) for v in column.values()] == \
        [None if v is None else struct.pack("<d", v) for v in expected]


def test_only_the_last_column_read_is_kept_whole() -> None:
    known = np.array([True, False] * 50)
    floats = np.where(known, 2.0, math.nan)
    first = _column(np.arange(100, dtype=np.int32), floats.copy(), known)
    second = _column(np.arange(100, dtype=np.int32), floats * 3, known)
    a = first.floats
    b = second.floats
    assert first.floats is not a  # made again: only ``second``'s is kept
    assert _bits(first.floats) == _bits(a) and _bits(b) == _bits(floats * 3)


def test_values_not_nan_where_unknown_are_held_as_they_are() -> None:
    known = np.array([True, False, True, False] * 10)
    floats = np.where(known, 1.0, 7.0)  # not how a build makes them: kept whole
    column = _column(np.arange(40, dtype=np.int32), floats, known)
    assert not column._packed and column.floats is floats


def test_every_value_known_or_objects_are_held_as_they_are() -> None:
    floats = np.arange(10.0)
    column = _column(np.arange(10, dtype=np.int32), floats, np.ones(10, dtype=bool))
    assert column.floats is floats
    objects: list[float | None] = [1, None, 2]
    column = _column(np.arange(3, dtype=np.int32), None, None, objects)
    assert column.floats is None and column.values() is objects


def test_values_let_go_as_the_linking_does() -> None:
    known = np.array([True, False] * 5)
    column = _column(np.arange(10, dtype=np.int32), np.where(known, 1.0, math.nan), known)
    column.floats = column.known = None  # as ``_SharedCells._gathered`` consumes them
    assert column.floats is None and column.known is None


def test_values_whose_mask_went_first_are_never_read_as_others() -> None:
    known = np.array([True, False] * 5)
    column = _column(np.arange(10, dtype=np.int32), np.where(known, 1.0, math.nan), known)
    column.known = None
    with pytest.raises(ValueError):
        column.floats  # noqa: B018


def test_a_build_s_columns_are_those_of_its_keys_and_values() -> None:
    """``LinkNumbers.columns`` as a build calls it: numbers and values read back as the
    plain columns (each key numbered in order first met, NaN where unknown)."""
    rng = random.Random(46)
    numbers = LinkNumbers()
    seen: dict[tuple[int, ...], int] = {}
    for _ in range(3):
        keys = [(rng.randrange(40), rng.randrange(3000)) for _ in range(2000)]
        values = [None if rng.random() < 0.6 else float(rng.randrange(100))
                  for _ in keys]
        column = numbers.columns("pop", keys, values)
        assert column.ids.tolist() == [seen.setdefault(key, len(seen)) for key in keys]
        assert column.known.tolist() == [v is not None for v in values]
        assert [None if math.isnan(v) else v for v in column.floats.tolist()] == values
        assert column._packed


# ---- each variable's table, narrowed


@pytest.mark.parametrize(("n", "dtype"), [(1, np.int16), (32_767, np.int16),
                                          (32_768, np.int32), (2**31 - 1, np.int32),
                                          (2**31, np.int64)])
def test_the_table_type_is_the_smallest_that_numbers_every_table(n: int, dtype: type) -> None:
    assert _table_dtype(n) is dtype


def test_components_of_narrow_owners_are_those_of_wide_ones() -> None:
    rng = random.Random(7)
    sizes = [rng.randrange(1, 50) for _ in range(300)]
    wide = np.repeat(np.arange(300), sizes)
    narrow = np.repeat(np.arange(300, dtype=_table_dtype(300)), sizes)
    assert narrow.dtype == np.int16 and narrow.tolist() == wide.tolist()
    links = [(rng.randrange(len(wide)), rng.randrange(len(wide))) for _ in range(200)]
    assert _link_components(300, narrow, links).tolist() == \
        _link_components(300, wide, links).tolist()


# ---- the audited cells' order


def _sorted(keys: list[tuple[int, ...]]) -> list[int]:
    return sorted(range(len(keys)), key=keys.__getitem__)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 30),
                                   st.integers(0, 4)), max_size=30), max_size=6))
def test_the_cells_order_is_the_tuples_stable_order(
        components: list[list[tuple[int, int, int]]]) -> None:
    order = _CellOrder()
    keys: list[tuple[int, ...]] = []
    for cells in components:
        places = _places((row, col) for _, row, col in cells)
        assert isinstance(places, array) and places.typecode == "q"
        order.add([k for k, _, _ in cells], places)
        keys.extend(cells)
    assert order.flat is not None
    assert order.ranked() == _sorted(keys)


def test_places_that_are_not_ints_are_ordered_as_tuples() -> None:
    order = _CellOrder()
    first = [(1, 5, 2), (0, 9, 9), (1, 5, 1)]
    order.add([k for k, *_ in first], _places((r, c) for _, r, c in first))
    late = _places([(2**70, 1), (3, 0)])  # past 64 bits: kept as the pairs
    assert isinstance(late, list)
    order.add([0, 1], late)
    keys = [*first, (0, 2**70, 1), (1, 3, 0)]
    assert order.flat is None and order.ranked() == _sorted(keys)


def test_a_component_with_a_place_missing_is_refused() -> None:
    with pytest.raises(ValueError):
        _CellOrder().add([0, 1], _places([(1, 2)]))



# ---- a long table's line equations held as lines


def _flat_and_lines(members: np.ndarray, sizes: np.ndarray, totals: np.ndarray,
                    monkeypatch: pytest.MonkeyPatch) -> tuple[PackedEquations, PackedEquations]:
    lines = line_systems._packed(members, sizes, totals)
    with monkeypatch.context() as m:
        m.setattr(line_systems.Lines, "of", classmethod(lambda cls, *a: None))
        flat = line_systems._packed(members, sizes, totals)
    return flat, lines


def _lines_of(spec: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    members = np.concatenate([first + step * np.arange(size) for first, step, size in spec])
    return members.astype(np.int64), np.array([size for *_, size in spec], dtype=np.int64)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 70_000), st.integers(-9000, 9000),
                          st.integers(1, 12)), min_size=1, max_size=40),
       st.integers(0, 200_000))
def test_lines_read_as_the_flat_equations(spec: list[tuple[int, int, int]], total: int
                                          ) -> None:
    spec = [(first + abs(step) * size, step, size) for first, step, size in spec]  # >= 0
    members, sizes = _lines_of(spec)
    totals = np.arange(total, total + len(sizes))
    with pytest.MonkeyPatch.context() as mp:
        flat, lines = _flat_and_lines(members, sizes, totals, mp)
    assert lines._lines is not None and flat._lines is None
    assert len(lines) == len(flat) and lines == flat and flat == lines
    assert [(e.typecode, e.tolist()) for e in lines] == [(e.typecode, e.tolist()) for e in flat]
    assert [lines[i].tolist() for i in range(-len(flat), len(flat))] == \
        [flat[i].tolist() for i in range(-len(flat), len(flat))]
    assert [e.tolist() for e in lines[1::2]] == [e.tolist() for e in flat[1::2]]
    for mine, theirs in zip(lines.arrays(), flat.arrays(), strict=True):
        assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()
    with pytest.raises(IndexError):
        lines[len(flat)]


def test_a_long_table_s_lines_are_held_as_lines_in_a_third_of_the_room(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(46)
    spec = [(rng.randrange(0, 20_000), rng.choice([1, 5, 10, 100, 1000, 3000]),
             rng.randrange(3, 12)) for _ in range(30_000)]
    members, sizes = _lines_of(spec)
    totals = np.arange(30_000, 30_000 + len(sizes))  # every variable below 65,536
    flat, lines = _flat_and_lines(members, sizes, totals, monkeypatch)
    held = lines._lines
    assert held is not None and held.typecode == "H" == flat._vars.typecode
    room = held.first.nbytes + held.step.nbytes + held.size.nbytes
    assert 3 * room < flat._vars.itemsize * len(flat._vars) + 4 * len(flat._ends)
    assert lines == flat


@pytest.mark.parametrize("case", ["uneven", "totals apart", "too long", "negative"])
def test_lines_that_do_not_step_evenly_are_held_flat(case: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    members, sizes = _lines_of([(10, 2, 3), (40, 1, 4)])
    totals = np.arange(100, 102)
    if case == "uneven":
        members[1] += 1
    elif case == "totals apart":
        totals = np.array([100, 102])
    elif case == "too long":
        members, sizes = _lines_of([(10, 1, 256)])
        totals = np.array([400])
    else:
        members[0] = -1
        members[1:3] = [1, 3]
    flat, lines = _flat_and_lines(members, sizes, totals, monkeypatch)
    assert lines._lines is None and lines == flat


def test_lines_appended_to_are_held_flat_from_then_on(monkeypatch: pytest.MonkeyPatch) -> None:
    members, sizes = _lines_of([(0, 3, 4), (1, 3, 4)])
    flat, lines = _flat_and_lines(members, sizes, np.arange(20, 22), monkeypatch)
    flat.append([1, 2, 30])
    lines.append([1, 2, 30])
    assert lines._lines is None and list(map(list, lines)) == list(map(list, flat))
    assert lines._vars == flat._vars and lines._ends == flat._ends
