"""Issue 14 §3, round 47: the linking's shared cells (``linking._SharedCells.of``) made a table
at a time, and the hub signatures' one-cell test made a slice of entries at a time. The arrays
must be exactly those of the definition (a stable sort of every table's variables by their
combination, the combinations in the order they first occur), dtypes included, through both
the lists' path (tables' ``keys``/``values``) and the compact one (``LinkColumns``), and the
step's traced peak must stay near what it keeps (it was ~1.6 times that, and more)."""

from __future__ import annotations

import math
import tracemalloc
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc.link_columns import LinkNumbers
from sdc.linking import _SharedCells, population_key

KEYS = [(), (1,), (2,), (3,), (1, 2), (1, 3), (2, 3)]
VALUES = st.sampled_from([None, None, 0.0, 1.0, 2.0, 5.0, math.nan, -0.0])
POPULATIONS = st.sampled_from([None, None, {"cohort": "x"}, {"cohort": "y"}])


@st.composite
def releases(draw: st.DrawFn) -> list[SimpleNamespace]:
    """Count tables (and a few that are not) of one to three populations, some with fewer
    cells than variables (the rest: lines' unpublished totals)."""
    tables = []
    for _ in range(draw(st.integers(2, 7))):
        n = draw(st.integers(0, 9))
        keys = [draw(st.sampled_from(KEYS)) for _ in range(n)]
        values = [draw(VALUES) for _ in range(n)]
        population = draw(POPULATIONS)
        cells = list(range(draw(st.integers(0, n)))) if draw(st.booleans()) else None
        table = SimpleNamespace(
            count=draw(st.integers(0, 5)) > 0, keys=keys, values=values, links=None,
            output=SimpleNamespace(request={"population": population} if population else {}))
        if cells is not None:
            table.cells = cells
        tables.append(table)
    return tables


def _expected(tables: list[SimpleNamespace], counts: list[int]) -> dict[str, Any]:
    """The shared cells by their definition: every count table's variables under a
    combination (population, key) that two or more have, the combinations in the order they
    first occur over the tables and their variables, each one's entries in that order too."""
    entries: dict[tuple[str, Any], list[tuple[int, int]]] = {}
    for k in counts:
        pop = population_key(tables[k].output)
        for i, key in enumerate(tables[k].keys):
            entries.setdefault((pop, key), []).append((k, i))
    shared = [members for members in entries.values() if len(members) >= 2]
    S = [s for s, members in enumerate(shared) for _ in members]
    K = [k for members in shared for k, _ in members]
    var = [i for members in shared for _, i in members]
    start = list(np.cumsum([0] + [len(m) for m in shared[:-1]])) if shared else []
    values = [tables[k].values[i] for k, i in zip(K, var, strict=True)]
    virtual = [i >= len(getattr(tables[k], "cells", range(1 << 20)))
               for k, i in zip(K, var, strict=True)]
    return {"n_shared": len(shared), "S": S, "K": K, "var": var, "start": start,
            "values": values, "virtual": virtual}


def _same_value(got: Any, want: float | None) -> bool:
    if want is None:
        return got is None
    return got is not None and (got == want or (got != got and want != want)) \
        and math.copysign(1.0, got) == math.copysign(1.0, want)


def _check(cells: _SharedCells, want: dict[str, Any], idx: Any) -> None:
    assert cells.n_shared == want["n_shared"]
    for name in ("S", "K", "var", "start"):
        array = getattr(cells, name)
        assert array.dtype == idx, name
        assert array.tolist() == [int(v) for v in want[name]], name
    assert cells.virtual.dtype == bool and cells.known.dtype == bool
    assert cells.virtual.tolist() == want["virtual"]
    assert cells.known.tolist() == [v is not None for v in want["values"]]
    got = [cells.value(e) for e in range(len(cells.S))]
    assert all(_same_value(g, w) for g, w in zip(got, want["values"], strict=True))


def _pops(tables: list[SimpleNamespace], counts: list[int]) -> dict[int, str]:
    return {k: population_key(tables[k].output) for k in counts}  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(releases(), st.booleans())
def test_shared_cells_from_lists_are_the_definitions(tables: list[SimpleNamespace],
                                                     every: bool) -> None:
    counts = [k for k, ts in enumerate(tables) if ts.count]
    if len(counts) < 2:
        return
    cells = _SharedCells.of(tables, counts, _pops(tables, counts),  # type: ignore[arg-type]
                            every_combo=every)
    _check(cells, _expected(tables, counts), np.int32)
    assert not cells.floats and cells.values.dtype == object
    virtual = any(len(tables[k].keys) > len(getattr(tables[k], "cells", range(1 << 20)))
                  for k in counts)
    assert (cells.combos is not None) == virtual
    assert (cells.union_combos is not None) == (virtual or every)
    if cells.union_combos is not None:  # each table's variables' combination numbers
        by_pop: dict[str, list[Any]] = {}  # the populations in the order met, each one's
        for k in counts:                    # keys in the order met
            met = by_pop.setdefault(population_key(tables[k].output), [])
            met.extend(key for key in dict.fromkeys(tables[k].keys) if key not in met)
        flat = [(pop, key) for pop, keys in by_pop.items() for key in keys]
        number = {combo: n for n, combo in enumerate(flat)}
        assert list(cells.union_combos) == counts
        for k in counts:
            pop = population_key(tables[k].output)
            assert cells.union_combos[k].dtype == np.int32
            assert cells.union_combos[k].tolist() == [number[pop, key] for key in tables[k].keys]


def _compact(tables: list[SimpleNamespace], counts: list[int]) -> LinkNumbers:
    """The count tables' keys and values as one build's ``LinkColumns`` (their lists kept
    aside as ``was_keys``/``was_values`` for the expected arrays)."""
    numbers = LinkNumbers()
    for k in counts:
        ts = tables[k]
        ts.links = numbers.columns(population_key(ts.output), ts.keys, ts.values)
        ts.was_keys, ts.was_values = ts.keys, ts.values
    return numbers


@settings(max_examples=200, deadline=None)
@given(releases(), st.booleans())
def test_shared_cells_from_link_columns_are_the_definitions(tables: list[SimpleNamespace],
                                                            consume: bool) -> None:
    """The compact path: link numbers (as runs or not) and float values, taken from the
    tables when ``consume``; the same entries, values by their bits."""
    counts = [k for k, ts in enumerate(tables) if ts.count]
    if len(counts) < 2:
        return
    want = _expected(tables, counts)
    _compact(tables, counts)
    for k in counts:
        tables[k].keys, tables[k].values = [], []
    cells = _SharedCells.of(tables, counts, _pops(tables, counts),  # type: ignore[arg-type]
                            consume=consume)
    _check(cells, want, np.int32)
    assert cells.floats and cells.values.dtype == np.float64
    if consume:
        assert all(tables[k].links is None for k in counts)


def test_shared_cells_of_long_tables_by_bits() -> None:
    """Tables of several thousand variables numbered in runs (as a long table's are), a
    NaN, a negative zero and unknown values among them, two populations: the arrays equal
    the definition's, values compared by their bits."""
    rng = np.random.default_rng(47)
    tables = []
    for t in range(6):
        n = 3000 + 97 * t
        keys = [(i,) for i in range(n)] if t != 3 else [(i,) for i in range(n)][::-1]
        values: list[float | None] = [None if v < 10 else float(v)
                                      for v in rng.integers(0, 60, n).tolist()]
        values[5], values[7] = math.nan, -0.0
        population = {"cohort": "x"} if t % 3 == 2 else None
        tables.append(SimpleNamespace(
            count=True, keys=keys, values=values, links=None, cells=range(n - 1000),
            output=SimpleNamespace(request={"population": population} if population else {})))
    counts = list(range(len(tables)))
    want = _expected(tables, counts)
    _compact(tables, counts)
    cells = _SharedCells.of(tables, counts, _pops(tables, counts),  # type: ignore[arg-type]
                            consume=True)
    _check(cells, want, np.int32)
    expected = np.array([math.nan if v is None else v for v in want["values"]])
    got = np.where(cells.known, cells.values, np.nan)
    assert got.view(np.int64).tolist() == expected.view(np.int64).tolist()


@settings(max_examples=100, deadline=None)
@given(releases())
def test_shared_cells_int64_when_told(tables: list[SimpleNamespace]) -> None:
    """With the index type int64 (a release past 2**31 entries), the same numbers in it."""
    counts = [k for k, ts in enumerate(tables) if ts.count]
    if len(counts) < 2:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linking, "_index_dtype", lambda np, *sizes: np.int64)
        cells = _SharedCells.of(tables, counts, _pops(tables, counts))  # type: ignore[arg-type]
    _check(cells, _expected(tables, counts), np.int64)


def test_keys_and_values_of_different_numbers_raise() -> None:
    """As before: a table with more values than keys (or fewer) is not linked by guess (the
    audit then checks each table alone and says so)."""
    tables = [SimpleNamespace(count=True, keys=[(), (1,)], values=[5.0, 2.0, 1.0], links=None,
                              output=SimpleNamespace(request={})) for _ in range(2)]
    with pytest.raises(ValueError):
        _SharedCells.of(tables, [0, 1], _pops(tables, [0, 1]))  # type: ignore[arg-type]


def _once_whole(cells: _SharedCells) -> list[bool]:
    """A table's one published cell under a combination, over every entry at once."""
    S, K = cells.S, cells.K
    same = np.zeros(len(S) + 1, dtype=bool)
    same[1:-1] = (S[1:] == S[:-1]) & (K[1:] == K[:-1])
    return (~same[:-1] & ~same[1:] & cells.known).tolist()


@settings(max_examples=200, deadline=None)
@given(releases(), st.integers(1, 7))
def test_hubs_found_a_slice_at_a_time_are_the_same(tables: list[SimpleNamespace],
                                                   chunk: int) -> None:
    """``_once`` and the hub signatures (with the tables whose hub value is an unpublished
    total) read in slices of a few entries equal those read at once."""
    counts = [k for k, ts in enumerate(tables) if ts.count]
    if len(counts) < 2:
        return
    pops = _pops(tables, counts)
    cells = _SharedCells.of(tables, counts, pops)  # type: ignore[arg-type]
    whole: set[int] = set()
    signature = linking._hub_signatures(tables, cells, pops, whole)  # type: ignore[arg-type]
    assert linking._once(np, cells).tolist() == _once_whole(cells)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linking, "_ENTRY_CHUNK", chunk)
        assert linking._once(np, cells).tolist() == _once_whole(cells)
        sliced: set[int] = set()
        again = linking._hub_signatures(tables, cells, pops, sliced)  # type: ignore[arg-type]
    assert sliced == whole
    assert [s if s is linking._WILD else repr(s) for s in again] == \
        [s if s is linking._WILD else repr(s) for s in signature]


def test_shared_cells_peak_near_what_they_keep() -> None:
    """The step's traced peak over what it returns: 40 long tables' worth of entries, all
    shared. Before (every entry's sort order, table and place held beside the result, then
    a table index per entry as int64 twice) it was ~1.6 times the result; now the result and
    one table's working arrays."""
    n, n_tables = 20_000, 40
    numbers = LinkNumbers()
    tables = []
    rng = np.random.default_rng(3)
    for _ in range(n_tables):
        keys = [(i,) for i in range(n)]
        values = [None if v < 10 else float(v) for v in rng.integers(0, 60, n).tolist()]
        table = SimpleNamespace(count=True, keys=[], values=[], cells=range(n // 2),
                                output=SimpleNamespace(request={}))
        table.links = numbers.columns(population_key(table.output), keys, values)
        tables.append(table)
    counts = list(range(n_tables))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        cells = _SharedCells.of(tables, counts, _pops(tables, counts),  # type: ignore[arg-type]
                                consume=True, every_combo=True)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    kept = sum(getattr(cells, name).nbytes
               for name in ("S", "K", "var", "values", "known", "start", "virtual"))
    kept += 4 * n * n_tables  # the combinations' numbers (``union_combos``, views of one array)
    assert len(cells.S) == n * n_tables
    assert peak < 1.15 * kept, (peak, kept)
