"""``benchmarks/timeline_jobs``'s idle accounting (round 38, par38): what each sample's states
say about two idle cores, and a parent counted runnable when a thread of its own is."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from types import SimpleNamespace

from benchmarks.timeline_jobs import _threads_runnable, idle_account


def _sampler(rows: list[tuple[float, float, float, bool, int]]) -> SimpleNamespace:
    """(wall, parent CPU, children CPU, parent runnable, children runnable) per sample."""
    return SimpleNamespace(samples=[(w, p, c) for w, p, c, _, _ in rows],
                           states=[(r, n) for *_, r, n in rows])


def test_each_interval_is_counted_by_who_was_runnable() -> None:
    got = idle_account(_sampler([
        (0.0, 0.0, 0.0, True, 0),
        (1.0, 1.0, 0.0, True, 0),   # the parent alone: 1 s of one idle core
        (2.0, 2.0, 1.0, True, 1),   # both: no idle core
        (3.0, 2.0, 2.0, False, 1),  # one child alone
        (4.0, 2.0, 2.0, False, 0),  # nothing runnable: both cores idle
        (5.0, 2.5, 3.0, True, 2),   # the parent and two children: not alone
    ]), 0.0, 10.0)
    assert got["parent"] == 2.5 and got["children"] == 3.0
    assert got["parent_alone"] == 1.0 and got["child_alone"] == 1.0 and got["none"] == 1.0
    assert got["idle"] == 1.0 + 1.0 + 2 * 1.0
    assert got["quiet"] == (2.5 + 3.0 + 2.0) / 2 + 1.0


def test_only_the_samples_inside_the_phase_count() -> None:
    rows = [(float(k), float(k), 0.0, True, 0) for k in range(6)]
    got = idle_account(_sampler(rows), 2.0, 3.0)  # the intervals ending at 2 and 3
    assert got["parent"] == 2.0 and got["parent_alone"] == 2.0 and got["none"] == 0.0


def _sampled(me: int, caller: int) -> list[bool]:
    """Whether the process counts as runnable, 50 times 5 ms apart."""
    found = []
    for _ in range(50):
        found.append(_threads_runnable(me, caller))
        time.sleep(0.005)
    return found


def test_a_thread_of_the_parent_running_makes_it_runnable() -> None:
    # a thread hashing with the GIL released is running (state R) while the calling thread
    # (the process's main thread, left out as /proc/PID/stat's own state) reads; a thread
    # that sleeps is not (a library's own thread may spin for a moment: counted, rarely)
    me, caller = os.getpid(), threading.get_native_id()
    stop = threading.Event()
    sleeper = threading.Thread(target=stop.wait)
    sleeper.start()
    time.sleep(0.05)  # in its wait
    try:
        quiet = _sampled(me, caller)
    finally:
        stop.set()
        sleeper.join()
    data = b"x" * (64 << 20)
    done = threading.Event()

    def hashing() -> None:
        while not done.is_set():
            hashlib.sha256(data).digest()

    worker = threading.Thread(target=hashing)
    worker.start()
    try:
        busy = _sampled(me, caller)
    finally:
        done.set()
        worker.join()
    assert quiet.count(True) <= 5 and busy.count(True) >= 25
