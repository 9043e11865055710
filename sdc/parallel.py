"""Read and check outputs in a process pool (``sdc check -j N``).

Outputs are independent until the release rules, so reading a file and running the per-output
rules on it are spread over worker processes; the release rules (audit, differencing) then run
once in the parent on every output. Results are identical to the serial run and in the same
order: work is handed out by index and gathered in index order.

Workers are forked where the platform allows, so they see the files, the policy and (in the
second phase) the outputs already read without pickling them; only results travel back. A pool
that breaks (a worker killed, out of memory) is not trusted: the work is redone serially.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from sdc.context import CheckContext
    from sdc.outputs import Output
    from sdc.policy import Policy
    from sdc.results import Finding
    from sdc.rules import Rule

MIN_ITEMS_FOR_POOL = 32  # below this, starting workers costs more than it saves
_TASK: dict[str, Any] = {}  # what forked workers read (set just before the pool starts)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _map(func: Callable[[int], Any], n: int, jobs: int, task: dict[str, Any]
         ) -> Iterator[Any] | None:
    """``func(i)`` for ``i < n`` in the pool, in order; ``None`` when a pool is not worth it."""
    if jobs <= 1 or n < MIN_ITEMS_FOR_POOL:
        return None
    chunk = max(1, min(64, n // (jobs * 8)))
    context = _context()
    if context.get_start_method() == "fork":
        _TASK.clear()
        _TASK.update(task)
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    else:  # pragma: no cover - spawn: each worker receives the task once
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_TASK.update, initargs=(task,))

    def gather() -> Iterator[Any]:
        with pool:
            yield from pool.map(func, range(n), chunksize=chunk)

    return gather()


def _read_one(i: int) -> list[Output]:
    from sdc.engine import read_file

    file, rel, root = _TASK["files"][i]
    return read_file(file, rel, root, _TASK["policy"])


def read_outputs(files: Sequence[tuple[Path, str, Path]], policy: Policy, jobs: int
                 ) -> Iterator[list[Output]]:
    """``sdc.engine.read_file`` of each ``(file, rel, root)``, in order, by ``jobs``
    processes."""
    from sdc.engine import read_file

    results = _map(_read_one, len(files), jobs, {"files": list(files), "policy": policy})
    done = 0
    try:
        if results is not None:
            try:
                for read in results:
                    done += 1
                    yield read
                return
            except BrokenProcessPool:
                pass  # not trusted: redo the rest in this process
        for file, rel, root in files[done:]:
            yield read_file(file, rel, root, policy)
    finally:
        _TASK.clear()


def _check_one(i: int) -> list[Finding]:
    from sdc.engine import run_output_rules

    return run_output_rules(_TASK["rules"], _TASK["outputs"][i], _TASK["ctx"])


def check_outputs(outputs: Sequence[Output], rules: Sequence[Rule], ctx: CheckContext,
                  jobs: int) -> list[list[Finding]] | None:
    """Per output, the findings of the per-output ``rules`` computed by ``jobs`` processes;
    ``None`` when the pool is not used or broke (the caller then runs them itself)."""
    results = _map(_check_one, len(outputs), jobs,
                   {"outputs": list(outputs), "rules": list(rules), "ctx": ctx})
    if results is None:
        return None
    try:
        return list(results)
    except BrokenProcessPool:
        return None
    finally:
        _TASK.clear()
