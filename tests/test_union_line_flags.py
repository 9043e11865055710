"""Issue 14 §3, round 48: ``union_totals._line_unions``' two per-combination flags (an entry
that is a line's unpublished total; a printed, known entry) ORed over the booleans
(``logical_or.reduceat``) instead of summed over int64 copies of them, which made two arrays
of 8 bytes an entry at the linking's peak. The flags must be exactly the sums' ``> 0``
(values and dtype) for any entries and starts, and the step must make no int64 array an
entry."""

from __future__ import annotations

import tracemalloc
from types import SimpleNamespace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.union_totals import _virtual_and_printed


def _by_sums(cells: Any) -> tuple[Any, Any]:
    """Round 47's reading, written out: each flag as a sum over int64 copies, above 0."""
    has_virtual = np.add.reduceat(cells.virtual.astype(np.int64), cells.start) > 0
    printed = np.asarray(cells.known, dtype=bool) & ~np.asarray(cells.virtual, dtype=bool)
    has_printed = np.add.reduceat(printed.astype(np.int64), cells.start) > 0
    return has_virtual, has_printed


@st.composite
def entries(draw: st.DrawFn) -> SimpleNamespace:
    """Entries with known/virtual flags and the first entry of each combination: increasing
    as ``_SharedCells`` makes them, and (reduceat's other case) repeated or falling."""
    n = draw(st.integers(1, 60))
    known = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    virtual = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    starts = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n))
    if draw(st.booleans()):
        starts = sorted(set(starts) | {0})
    dtype = draw(st.sampled_from([np.int32, np.int64]))
    return SimpleNamespace(known=known, virtual=virtual, start=np.array(starts, dtype=dtype))


@settings(max_examples=400, deadline=None)
@given(entries())
def test_flags_are_the_sums_above_zero(cells: SimpleNamespace) -> None:
    got_virtual, got_printed = _virtual_and_printed(np, cells)
    want_virtual, want_printed = _by_sums(cells)
    assert got_virtual.dtype == want_virtual.dtype == np.bool_
    assert got_printed.dtype == want_printed.dtype == np.bool_
    assert got_virtual.tolist() == want_virtual.tolist()
    assert got_printed.tolist() == want_printed.tolist()


def test_flags_of_written_out_combinations() -> None:
    # three combinations: [virtual, printed], [unknown, unknown], [virtual and unknown, printed]
    cells = SimpleNamespace(known=np.array([1, 1, 0, 0, 0, 1], dtype=bool),
                            virtual=np.array([1, 0, 0, 0, 1, 0], dtype=bool),
                            start=np.array([0, 2, 4], dtype=np.int32))
    has_virtual, has_printed = _virtual_and_printed(np, cells)
    assert has_virtual.tolist() == [True, False, True]
    assert has_printed.tolist() == [True, False, True]
    # a known entry that is a line's unpublished total is not a printed one
    cells.known[:] = True
    cells.virtual[:] = True
    assert _virtual_and_printed(np, cells)[1].tolist() == [False, False, False]


def test_flags_make_no_wide_array_an_entry() -> None:
    n = 2_000_000
    rng = np.random.default_rng(48)
    cells = SimpleNamespace(known=rng.random(n) < 0.8, virtual=rng.random(n) < 0.1,
                            start=np.arange(0, n, 7, dtype=np.int32))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        _virtual_and_printed(np, cells)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # one bool an entry (``printed``), the flags and reduceat's intp copy of the starts
    # (8 bytes a combination, of 7 entries here): round 47's sums made 2 x 8 bytes an entry
    assert peak < 3.0 * n, peak / n
