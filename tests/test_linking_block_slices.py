"""Issue 14 §3, round 48: the blocking of the pairable tables only (``_candidate_tables``'
``tables``) reads their entries a slice at a time out of the shared cells
(``linking._BlockSlices``, ``_kept_slices``) instead of a copy of them all
(``_SharedCells.only``), which was the blocking's peak on a release of long tables. The
slices must hold exactly the entries of the slices the copy was cut into, dtypes and values'
bits included, the candidates must be the copy's, and no copy of every kept entry is made."""

from __future__ import annotations

import itertools
import math
import tracemalloc
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc.linking import _SharedCells, population_key
from tests.test_linking_blocking import systems


@st.composite
def entries(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Combinations' numbers, sorted as ``_SharedCells`` makes them, which are kept, and a
    chunk; some combinations with no kept entry (a run of them at the end, too)."""
    sizes = draw(st.lists(st.integers(1, 9), min_size=0, max_size=30))
    S = np.repeat(np.arange(len(sizes)), sizes).astype(draw(st.sampled_from([np.int32,
                                                                             np.int64])))
    keep = np.array(draw(st.lists(st.booleans(), min_size=len(S), max_size=len(S))),
                    dtype=bool)
    return S, keep, len(sizes), draw(st.integers(1, 12))


@settings(max_examples=400, deadline=None)
@given(entries())
def test_kept_slices_hold_the_copys_slices(case: tuple[np.ndarray, np.ndarray, int, int]
                                           ) -> None:
    S, keep, n_shared, chunk = case
    kept = np.flatnonzero(keep)
    want = [kept[lo:hi].tolist()
            for lo, hi in linking._combination_slices(np, S[keep], chunk)]
    got = [(lo + np.flatnonzero(keep[lo:hi])).tolist()
           for lo, hi in linking._kept_slices(np, S, keep, n_shared, chunk)]
    assert got == want
    bounds = linking._kept_slices(np, S, keep, n_shared, chunk)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))


def test_kept_slices_written_out() -> None:
    S = np.array([0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 4, 4], dtype=np.int32)
    keep = np.array([1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0], dtype=bool)
    # the kept entries' combinations: [0, 0, 2, 2, 3, 3, 3], cut at 2 as the copy was: the
    # combination 3, larger than 2, alone; the last with no kept entry in none
    assert linking._combination_slices(np, S[keep], 2) == [(0, 2), (2, 4), (4, 7)]
    assert linking._kept_slices(np, S, keep, 5, 2) == [(0, 5), (5, 7), (7, 10)]
    assert linking._kept_slices(np, S, keep, 5, 7) == [(0, 12)]  # all at once


def _cells_of(tables: list[SimpleNamespace]) -> tuple[_SharedCells, list[int], list[object]]:
    counts = [k for k, ts in enumerate(tables) if ts.count]
    pops = {k: population_key(tables[k].output) for k in counts}  # type: ignore[arg-type]
    cells = _SharedCells.of(tables, counts, pops)  # type: ignore[arg-type]
    signature = linking._hub_signatures(tables, cells, pops)  # type: ignore[arg-type]
    return cells, counts, signature


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype == object:
        return all((x is None and y is None) or (x is not None and y is not None and (
            x == y or (x != x and y != y)) and math.copysign(1, x) == math.copysign(1, y))
            for x, y in zip(a.tolist(), b.tolist(), strict=True))
    return a.tobytes() == b.tobytes()


@settings(max_examples=200, deadline=None)
@given(systems(), st.integers(1, 6), st.data())
def test_block_slices_are_the_copys(tables: list[SimpleNamespace], entry_chunk: int,
                                    data: st.DataObject) -> None:
    cells, counts, signature = _cells_of(tables)
    if len(counts) < 2:
        return
    chosen = sorted(data.draw(st.sets(st.sampled_from(counts), min_size=1)))
    copy = cells.only(chosen, counts)
    was = linking._ENTRY_CHUNK
    linking._ENTRY_CHUNK = entry_chunk
    try:
        want = [(copy, lo, hi) for lo, hi in linking._combination_slices(np, copy.S,
                                                                           entry_chunk)]
        got = list(linking._BlockSlices(np, cells, len(tables), chosen))
        assert len(got) == len(want)
        for (g, glo, ghi), (w, wlo, whi) in zip(got, want, strict=True):
            assert g.n_shared == w.n_shared and g.floats == w.floats
            for name in ("S", "K", "var", "values", "known", "virtual"):
                assert _same(getattr(g, name)[glo:ghi], getattr(w, name)[wlo:whi]), name
            assert _same(g.floats_or_nan(glo, ghi), w.floats_or_nan(wlo, whi))
        assert linking._candidate_tables(tables, cells, signature, chosen) == \
            linking._candidate_tables(tables, copy, signature)  # type: ignore[arg-type]
    finally:
        linking._ENTRY_CHUNK = was


def test_block_slices_make_no_copy_of_every_kept_entry() -> None:
    n_tables, n_shared = 50, 40_000  # 2 M entries, every table under every combination
    S = np.repeat(np.arange(n_shared, dtype=np.int32), n_tables)
    K = np.tile(np.arange(n_tables, dtype=np.int32), n_shared)
    cells = _SharedCells(n_shared=n_shared, S=S, K=K, var=S.copy(),
                         values=np.ones(len(S)), known=np.ones(len(S), dtype=bool),
                         start=np.arange(0, len(S), n_tables, dtype=np.int32), floats=True)
    chosen = list(range(0, n_tables, 2))  # half the tables: a million kept entries
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        seen = 0
        for part, lo, hi in linking._BlockSlices(np, cells, n_tables, chosen):
            seen += hi - lo
            del part
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert seen == len(S) // 2
    # a byte an entry (which are kept) and one slice's copy (~30 bytes a kept entry, of
    # ``_ENTRY_CHUNK``): the copy of every kept entry alone was 30 MB here
    assert peak < len(S) * 1.2 + 40 * linking._ENTRY_CHUNK, peak / len(S)
