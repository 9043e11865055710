"""A worker forked while its parent loads a result must be able to load results itself.

par39 (round 39) noticed that the per-output stage forks its worker while SDC503's result
loads in a thread of the parent, under ``sdc.pool._LOADING``: the child inherited the lock
held by a thread it does not have, so a ``loads`` in the child would wait for ever.
"""

from __future__ import annotations

import os
import pickle
import signal
import time

from sdc import pool


def _exit_status_within(pid: int, seconds: float) -> int | None:
    """The child's exit code, or None (and the child killed) if it has not ended in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def test_a_child_forked_while_a_load_holds_the_lock_loads_results() -> None:
    blob = pickle.dumps({"findings": [1, 2, 3]})
    with pool._LOADING:  # as a thread of the parent loading SDC503's result
        pid = os.fork()
        if pid == 0:  # the child: one thread, which never took the lock
            ok = False
            try:
                ok = pool.loads(blob) == {"findings": [1, 2, 3]}
            finally:  # never back into the test runner from the child
                os._exit(0 if ok else 1)
    assert _exit_status_within(pid, 20.0) == 0


def test_the_parent_keeps_its_own_lock() -> None:
    lock = pool._LOADING
    assert pool.loads(pickle.dumps(5)) == 5
    assert pool._LOADING is lock and not lock.locked()
