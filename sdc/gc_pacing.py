"""Fewer young-generation garbage collections while a large table is built and checked.

A 100,000-row table is a few hundred thousand small objects (cells, their texts, coordinates)
that live as long as the check; with CPython's default threshold (700 allocations) the
collector walks them again and again, a fifth of a large check's CPU time. Raising the first
generation's threshold for the duration keeps the collector (cycles are still collected) and
restores the setting after, also when checks nest or run in threads.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000  # past this the gain flattens (benchmarks/RESULTS.md)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the young generation collected every ``YOUNG_THRESHOLD``
    allocations (or less often if the process asked for that already)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
