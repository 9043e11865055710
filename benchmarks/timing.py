"""Timing and memory helpers shared by the benchmarks (stdlib only: ACRO's interpreter runs it)."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable


def timed(func: Callable[[], object]) -> float:
    """Seconds for one call, after a collection so earlier garbage is not charged to it."""
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def peak_mib(func: Callable[[], object]) -> float:
    """tracemalloc's peak (MiB) during one call."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20

