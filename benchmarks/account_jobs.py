"""Account: where ``sdc check -j N``'s CPU beyond ``-j 1``'s goes, by process (issue 14 §4).

Why: ``-j 2`` spends more CPU than ``-j 1`` (round 45: +12-15 %), which bounds the speed-up
more than the parent's serial part does. This runs one check of ``bench_scale``'s 1,000 small
tables as the command does and reports, for each kind of forked process (a pool's
``_run_range`` by the function it maps, an ``Apart``'s ``_run_apart``): its chunks, items, the
CPU of computing them and of pickling the results, the bytes sent, the modules it imported
after its fork (work the parent did or does too); and for the parent: its CPU (user, system),
the results' loads (CPU, bytes), its minor faults (each page either process writes after a
fork is copied) and the forks. CPU figures are the process's own (``process_time``, ``os.times``,
``RUSAGE_CHILDREN`` once the workers are reaped), so a loaded machine inflates them but they
stay comparable between trees run alternately.

Run on demand: ``python -m benchmarks.account_jobs [--tree DIR] [--jobs 2] [--n 1000]``; one
JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


_LOG: list[Path] = []  # where the workers append their chunks (one JSON line each)
_AT_FORK: dict[str, set[str]] = {}  # the modules a forked process had at its fork
_LOADS: list[tuple[int, float]] = []  # the parent's loads: bytes, thread CPU
_FORKS = [0]
_FAULTS_AT_FORK: list[int] = []  # the parent's minor faults at each of its forks


def _record(kind: str, n: int, compute: float, dumps: float, blob: bytes) -> None:
    user, system = os.times()[:2]
    new = sorted(set(sys.modules) - _AT_FORK.get("mods", set(sys.modules)))
    with _LOG[0].open("a") as fh:
        fh.write(json.dumps({"pid": os.getpid(), "kind": kind, "n": n, "compute": compute,
                             "dumps": dumps, "bytes": len(blob), "cpu": user + system,
                             "imported": new}) + "\n")


def _run_range(func: Any, start: int, stop: int) -> bytes:
    """``sdc.pool._run_range``, timed (module level: a pool's task is pickled by name)."""
    from sdc import pool

    t0 = time.process_time()
    results = [func(i) for i in range(start, stop)]
    t1 = time.process_time()
    pool._SENDING.on = True
    try:
        blob = pool._dumps(results)
    finally:
        pool._SENDING.on = False
    kind = getattr(func, "__name__", "?")
    if func is pool._call_one:
        kind = "ordered_map " + getattr(pool.TASK.get("func"), "__qualname__", "?")
    _record(kind, stop - start, t1 - t0, time.process_time() - t1, blob)
    return blob


def _run_apart(key: int) -> bytes:
    """``sdc.pool._run_apart``, timed."""
    from sdc import pool

    t0 = time.process_time()
    value = pool._APART[key]()
    t1 = time.process_time()
    blob = pool._dumps(value)
    _record("Apart", 1, t1 - t0, time.process_time() - t1, blob)
    return blob


def _instrument(log: Path) -> None:
    """``sdc.pool``'s sending and loading wrapped: each worker's chunk appended to ``log``,
    the parent's loads and forks counted."""
    from sdc import pool

    _LOG[:] = [log]
    parent = os.getpid()

    def at_fork() -> None:
        if os.getpid() == parent:
            _FORKS[0] += 1
            _FAULTS_AT_FORK.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt)

    os.register_at_fork(before=at_fork,
                        after_in_child=lambda: _AT_FORK.__setitem__("mods", set(sys.modules)))
    real_loads = pool.loads

    def timed_loads(blob: bytes) -> Any:
        t0 = time.thread_time()
        got = real_loads(blob)
        _LOADS.append((len(blob), time.thread_time() - t0))
        return got

    pool._run_range, pool._run_apart, pool.loads = _run_range, _run_apart, timed_loads


def account(n: int, jobs: int) -> dict[str, Any]:
    """One check of ``n`` small tables at ``jobs``, accounted (run in a fresh process)."""
    from benchmarks.bench_scale import _digest, _reap_workers, make_small_release

    log = Path(tempfile.mkstemp(prefix="account_jobs")[1])
    _instrument(log)
    loads, forks = _LOADS, _FORKS
    import sdc
    from sdc.policy import build_policy

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_small_release(root, n)
        policy = build_policy({})
        start = resource.getrusage(resource.RUSAGE_SELF)
        result = sdc.check(root, policy, jobs=jobs, in_release=True, keep_models=False)
        end = resource.getrusage(resource.RUSAGE_SELF)
    # the parent's faults from the check's start to its first fork, between its forks, and
    # from the last to the end: each page it writes after a fork is a copy while the child
    # lives (round 48)
    marks = [start.ru_minflt, *_FAULTS_AT_FORK, end.ru_minflt]
    unreaped = _reap_workers()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    kinds: dict[str, dict[str, Any]] = {}
    for line in log.read_text().splitlines():
        chunk = json.loads(line)
        kind = kinds.setdefault(chunk["kind"], {"chunks": 0, "items": 0, "compute": 0.0,
                                                "dumps": 0.0, "bytes": 0, "imported": set()})
        kind["chunks"] += 1
        kind["items"] += chunk["n"]
        kind["compute"] += chunk["compute"]
        kind["dumps"] += chunk["dumps"]
        kind["bytes"] += chunk["bytes"]
        kind["imported"].update(chunk["imported"])
    log.unlink()
    for kind in kinds.values():
        kind["imported"] = len(kind["imported"])
    return {"jobs": jobs, "findings": result.summary()["findings"], "digest": _digest(result),
            "parent_user": end.ru_utime - start.ru_utime,
            "parent_sys": end.ru_stime - start.ru_stime,
            "parent_minflt": end.ru_minflt - start.ru_minflt,
            "parent_minflt_by_fork": [b - a for a, b in itertools.pairwise(marks)],
            "children_user": children.ru_utime, "children_sys": children.ru_stime,
            "children_minflt": children.ru_minflt, "forks": forks[0], "unreaped": unreaped,
            "loads": len(loads), "loads_bytes": sum(b for b, _ in loads),
            "loads_cpu": sum(t for _, t in loads), "by_kind": kinds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", default=str(REPO), help="the sdc tree to run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    sys.path.insert(0, args.tree)
    sys.path.insert(1, str(REPO))
    print(json.dumps(account(args.n, args.jobs)))


if __name__ == "__main__":
    main()
