"""Issue 14 §1 for the audit's links: ``shared_cells`` compares only candidate pairs (blocked by
value and by each population's hub); on random releases it must give exactly the links, in the
same order, of comparing every pair of cells that share a label combination."""

from __future__ import annotations

import math
from collections import defaultdict
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc.linking import MIN_SHARED_FOR_LINK, population_key, shared_cells
from sdc.table import Role

LABELS = ["", "a", "b", "c", "a|b", "a|c", "b|c"]
VALUES = st.sampled_from([None, None, 0.0, 1.0, 2.0, 3.0, 5.0, math.nan, -0.0])
COMMON = st.sampled_from([None, 1.0, 1.0, 2.0])  # values that often agree


def _all_pairs(systems, offsets):
    """The former shared_cells: every pair of cells under one label combination compared."""
    by_key = defaultdict(list)
    for k, ts in enumerate(systems):
        if not ts.count:  # audited as counts (linking.audited_as_count)
            continue
        pop = population_key(ts.output)
        for i, key in enumerate(ts.keys):
            by_key[(pop, key)].append((k, i))
    agree = defaultdict(int)
    conflict = set()
    candidates = defaultdict(list)
    for members in by_key.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                (ka, ia), (kb, ib) = members[a], members[b]
                if ka == kb:
                    continue
                pair = (min(ka, kb), max(ka, kb))
                va, vb = systems[ka].values[ia], systems[kb].values[ib]
                if va is not None and vb is not None:
                    if va == vb:
                        agree[pair] += 1
                    else:
                        conflict.add(pair)
                candidates[pair].append((offsets[ka] + ia, offsets[kb] + ib))
    strong, weak = [], []
    for pair, pairs in candidates.items():
        if pair in conflict:
            continue
        panels = linking._panels_of_one_table(systems[pair[0]].output, systems[pair[1]].output)
        (strong if agree[pair] >= MIN_SHARED_FOR_LINK or panels else weak).extend(pairs)
    return strong, weak


@st.composite
def systems(draw: st.DrawFn, own_hubs: bool = False) -> list[SimpleNamespace]:
    """A random release; ``own_hubs``: each table's grand total drawn for it alone (a release
    of unrelated tables, most of whose hubs differ), and then mostly published."""
    tables = []
    hub = draw(VALUES)  # most tables publish the same grand total: a realistic linked release
    for _ in range(draw(st.integers(1, 12))):
        if own_hubs:
            hub = draw(st.sampled_from([None, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]))
        n = draw(st.integers(0, 8))
        keys = [frozenset(x for x in draw(st.sampled_from(LABELS)).split("|") if x)
                for _ in range(n)]
        values = [draw(COMMON if draw(st.booleans()) else VALUES) for _ in range(n)]
        if draw(st.integers(0, 2)):
            keys.append(frozenset())
            values.append(hub if draw(st.integers(0, 3)) else draw(VALUES))
        role = Role.COUNT if draw(st.integers(0, 5)) else Role.MAGNITUDE
        population = draw(st.sampled_from([None, None, {"cohort": "x"}]))
        tables.append(SimpleNamespace(
            measure=SimpleNamespace(role=role), count=role is Role.COUNT, keys=keys, values=values,
            output=SimpleNamespace(request={"population": population} if population else {},
                                   path=f"t{len(tables)}.csv", sheet=None, table_number=None,
                                   table=None)))
    return tables


@settings(max_examples=250, deadline=None)
@given(systems())
def test_blocked_links_match_all_pairs(tables: list[SimpleNamespace]) -> None:
    offsets = []
    total = 0
    for ts in tables:
        offsets.append(total)
        total += len(ts.keys) + 3  # gaps, as virtual totals leave
    assert shared_cells(tables, offsets) == _all_pairs(tables, offsets)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(systems())
def test_blocked_links_match_all_pairs_in_small_slices(tables: list[SimpleNamespace]) -> None:
    """The same links when candidate pairs are formed and compared a few at a time (the
    slices a large release is cut into to bound the memory)."""
    offsets = list(range(0, 100 * len(tables), 100))
    chunk = linking._PAIR_CHUNK
    linking._PAIR_CHUNK = 3
    try:
        got = shared_cells(tables, offsets)  # type: ignore[arg-type]
    finally:
        linking._PAIR_CHUNK = chunk
    assert got == _all_pairs(tables, offsets)


@settings(max_examples=150, deadline=None)
@given(systems(own_hubs=True))
def test_blocked_links_match_all_pairs_when_hubs_differ(tables: list[SimpleNamespace]) -> None:
    """Tables whose hub values no other table shares are left out of the blocking when no
    table lacks a hub value (``_pairable``): the links are still every pair's."""
    offsets = list(range(0, 100 * len(tables), 100))
    assert shared_cells(tables, offsets) == _all_pairs(tables, offsets)  # type: ignore[arg-type]


def test_pairable_tables_by_their_hubs() -> None:
    wild = linking._WILD
    assert linking._pairable([1.0, 2.0, 1.0, 3.0], [0, 1, 2, 3]) == [0, 2]
    assert linking._pairable([1.0, 2.0, 3.0], [0, 1, 2]) == []
    assert linking._pairable([1.0, wild, 3.0], [0, 1, 2]) == [0, 1, 2]  # no hub: any table
    assert linking._pairable([wild, 2.0, 2.0], [1, 2]) == [1, 2]  # only count tables count


def _candidates(tables: list[SimpleNamespace], entry_chunk: int) -> list[tuple[int, int]]:
    """``_candidate_tables`` as ``shared_cells`` calls it, blocking ``entry_chunk`` entries
    (whole combinations) at a time."""
    counts = [k for k, ts in enumerate(tables) if ts.count]
    pops = {k: population_key(tables[k].output) for k in counts}  # type: ignore[arg-type]
    cells = linking._SharedCells.of(tables, counts, pops)  # type: ignore[arg-type]
    signature = linking._hub_signatures(tables, cells, pops)  # type: ignore[arg-type]
    chunk = linking._ENTRY_CHUNK
    linking._ENTRY_CHUNK = entry_chunk
    try:
        return linking._candidate_tables(tables, cells, signature)  # type: ignore[arg-type]
    finally:
        linking._ENTRY_CHUNK = chunk


@settings(max_examples=150, deadline=None)
@given(systems(), st.integers(1, 6))
def test_candidates_blocked_in_slices_of_combinations_are_the_same(
        tables: list[SimpleNamespace], entry_chunk: int) -> None:
    """Blocking a few combinations' entries at a time (``_ENTRY_CHUNK``, to bound the memory
    on large releases) keeps exactly the candidate pairs of blocking every entry at once, and
    the links are still every pair's."""
    if sum(ts.count for ts in tables) < 2:
        return
    assert _candidates(tables, entry_chunk) == _candidates(tables, 1 << 30)
    offsets = list(range(0, 100 * len(tables), 100))
    chunk = linking._ENTRY_CHUNK
    linking._ENTRY_CHUNK = entry_chunk
    try:
        got = shared_cells(tables, offsets)  # type: ignore[arg-type]
    finally:
        linking._ENTRY_CHUNK = chunk
    assert got == _all_pairs(tables, offsets)


def test_combination_slices_end_where_a_combination_ends() -> None:
    import numpy as np

    S = np.array([0, 0, 0, 1, 2, 2, 3, 3, 3, 3, 4], dtype=np.int32)
    assert linking._combination_slices(np, S, 4) == [(0, 4), (4, 6), (6, 10), (10, 11)]
    assert linking._combination_slices(np, S, 2) == [(0, 3), (3, 4), (4, 6), (6, 10),
                                                     (10, 11)]  # a larger one alone
    assert linking._combination_slices(np, S, 11) == [(0, 11)]
    assert linking._combination_slices(np, S, 100) == [(0, 11)]
    assert linking._combination_slices(np, S[:0], 2) == [(0, 0)]
    # entries not in their combinations' order: blocked at once
    assert linking._combination_slices(np, np.array([1, 0, 0, 1]), 1) == [(0, 4)]
