"""A forked process pool that returns results in order (``sdc check -j N``).

Workers are forked where the platform allows, so they inherit the parent's state (files, the
policy, outputs already read, a rule's closures) without pickling it; only results travel
back. Work is handed out by index and gathered in index order, so a pooled run returns what
the serial loop returns, in the same order. A pool that breaks (a worker killed, out of
memory) is not trusted: the rest is redone serially. No sdc module is imported here, so rules
and the engine alike may use it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

__all__ = ["MIN_ITEMS_FOR_POOL", "default_jobs", "map_indices", "ordered_map", "resume_serially"]

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS_FOR_POOL = 32  # below this, starting workers costs more than it saves
TASK: dict[str, Any] = {}  # what forked workers read (set just before the pool starts)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def map_indices(func: Callable[[int], Any], n: int, jobs: int, task: dict[str, Any]
                ) -> Iterator[Any] | None:
    """``func(i)`` for ``i < n`` in the pool, in order; ``None`` when a pool is not worth it.
    ``func`` reads what it needs from :data:`TASK`, which holds ``task`` in the workers."""
    if jobs <= 1 or n < MIN_ITEMS_FOR_POOL:
        return None
    chunk = max(1, min(64, n // (jobs * 8)))
    context = start_context()
    if context.get_start_method() == "fork":
        TASK.clear()
        TASK.update(task)
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    else:  # pragma: no cover - spawn: each worker receives the task once
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=TASK.update, initargs=(task,))

    def gather() -> Iterator[Any]:
        with pool:
            # The first item here, before any worker is forked: the modules and caches it
            # loads (a reader, pandas, the rules' tables) are then inherited by every worker
            # instead of loaded again in each (a third of the workers' CPU on 300 tables).
            yield func(0)
            yield from pool.map(func, range(1, n), chunksize=chunk)

    return gather()


def _call_one(i: int) -> Any:
    return TASK["func"](TASK["items"][i])


def ordered_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``func(item)`` for every item, in order, by ``jobs`` forked processes (serially when a
    pool is not worth it, cannot fork, or breaks: then the rest is redone here).

    ``func`` may be a closure over the parent's state: forked workers inherit it, and only
    its results travel back (they must pickle). An exception ``func`` raises in a worker is
    raised here at that item, as in the serial loop. Release rules use it for their
    independent parts: the audit's linked components, SDC503's pairs of cuttings, subgroups
    and re-run buckets, SDC504's outputs against the ledger.
    """
    items = list(items)
    forks = start_context().get_start_method() == "fork"
    results = map_indices(_call_one, len(items), jobs, {"func": func, "items": items}
                          ) if forks else None
    yield from resume_serially(results, items, func)


def resume_serially(results: Iterator[R] | None, items: Sequence[T], func: Callable[[T], R]
                    ) -> Iterator[R]:
    """The pool's ``results`` in order, then ``func(item)`` here for the items a missing or
    broken pool did not return (a broken pool is not trusted); :data:`TASK` is cleared after."""
    done = 0
    try:
        if results is not None:
            try:
                for result in results:
                    done += 1
                    yield result
                return
            except BrokenProcessPool:
                pass  # not trusted: redo the rest in this process
        for item in items[done:]:
            yield func(item)
    finally:
        TASK.clear()
