"""Fewer young-generation garbage collections while a large table is built and checked.

A 100,000-row table is a few hundred thousand small objects (cells, their texts, coordinates)
that live as long as the check; with CPython's default threshold (700 allocations) the
collector walks them again and again, a fifth of a large check's CPU time. Raising the first
generation's threshold for the duration keeps the collector (cycles are still collected) and
restores the setting after, also when checks nest or run in threads.

The oldest generation is also walked less often (every ``OLD_THRESHOLD`` collections of the
middle one instead of 10): each full collection walks every cell of the table being read, and a
100,000-row check made two of them, 0.4 s each (benchmarks/RESULTS.md). Young cycles are still
collected by the two younger generations, so only garbage that lived through both waits longer.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000  # past this the gain flattens (benchmarks/RESULTS.md)
OLD_THRESHOLD = 100  # middle-generation collections per full one while a check runs

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the young generation collected every ``YOUNG_THRESHOLD``
    allocations and the oldest after ``OLD_THRESHOLD`` collections of the middle one (or
    less often if the process asked for that already)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), _saved[1],
                             max(OLD_THRESHOLD, _saved[2]))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
