"""An Apart's result that comes back while this process works alone is loaded later (round 43).

``sdc check -j 2``: SDC503's process (``pool.Apart``) often ends while the parent links the
audit's tables, alone (no pool's worker beside it): loading its 10,700 findings there (0.05-0.1
s) was alone time on the critical path. It is left (``pool._LATER``) for the next pool's
wait for a worker (beside the worker's items, as an import asked beside), or for
``Apart.result``; while a pool's worker shares the items it is loaded at once in the pool's
thread, as before. The result is the same, loaded once.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import wait

import pytest

from sdc import pool

_PARENT = os.getpid()


def _needs_fork() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")


def _result() -> list[tuple[int, str]]:
    return [(i, f"finding {i}") for i in range(2000)]


def _slow_result() -> list[tuple[int, str]]:
    time.sleep(0.3)
    return _result()


def _slow_pid(i: int) -> tuple[int, int]:
    time.sleep(0.004)
    return i, os.getpid()


def _busy_pid(i: int) -> tuple[int, int]:
    """~2 ms of CPU (not slept): what a pool measures of the items left once an Apart is
    done (``pool.worth_forking``)."""
    end = time.process_time() + 0.002
    while time.process_time() < end:
        pass
    return i, os.getpid()


@pytest.fixture(autouse=True)
def _nothing_left_before() -> None:
    """Each test starts with no result left to load: another test of this worker may have
    left an Apart neither asked nor closed (its entry is that Apart's, not this test's)."""
    with pool._LATER_LOCK:
        pool._LATER.clear()


@pytest.fixture
def loads(monkeypatch) -> list[tuple[str, int]]:
    """Each load of an Apart's result here: its thread, and how many pools shared then."""
    seen: list[tuple[str, int]] = []
    real = pool.loads

    def counted(blob: bytes) -> object:
        got = real(blob)
        if got == _result():
            seen.append((threading.current_thread().name, pool._SHARING[0]))
        return got

    monkeypatch.setattr(pool, "loads", counted)
    return seen


def _back(apart: pool.Apart) -> None:
    assert apart._future is not None
    wait([apart._future], timeout=60)  # (back, or raised there)
    deadline = time.monotonic() + 10
    while pool.busy() and time.monotonic() < deadline:  # its callback, just after
        time.sleep(0.01)


def test_a_result_back_with_no_pool_sharing_waits_and_is_loaded_once_when_asked(
        loads: list[tuple[str, int]]) -> None:
    _needs_fork()
    apart = pool.Apart(_result)
    _back(apart)
    time.sleep(0.05)
    assert apart._loaded is None and not loads  # not loaded by its callback
    assert [key for key, _ in pool._LATER] == [id(apart)]
    assert apart.result() == _result() and apart.result() is apart.result()
    assert loads == [("MainThread", 0)]
    assert not pool._LATER  # asked for: nothing of it left to load


def test_a_result_left_is_loaded_at_the_next_pools_wait_for_its_worker(
        loads: list[tuple[str, int]]) -> None:
    # SDC503's process done during the linking: its result loaded in the audit's pool, by
    # this process while its worker computes, not where this process was alone
    _needs_fork()
    apart = pool.Apart(_result)
    try:
        _back(apart)
        assert apart._loaded is None
        got = list(pool.map_indices(_slow_pid, 240, 2, {}))
        assert [i for i, _ in got] == list(range(240))
        assert len({pid for _, pid in got}) == 2  # a worker shared the items
        assert loads == [("MainThread", 1)]  # inside the pool, its worker forked
        assert apart._loaded is not None and not pool._LATER
        assert apart.result() == _result()
        assert len(loads) == 1
    finally:
        apart.close()


def test_a_result_back_while_a_pool_shares_is_loaded_at_once_in_the_pools_thread(
        loads: list[tuple[str, int]], monkeypatch) -> None:
    _needs_fork()
    monkeypatch.setattr(pool, "_SHARING", [1])
    apart = pool.Apart(_result)
    try:
        _back(apart)
        deadline = time.monotonic() + 10
        while apart._loaded is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert apart._loaded is not None and not pool._LATER
        assert len(loads) == 1 and loads[0][0] != "MainThread"
        assert apart.result() == _result() and len(loads) == 1
    finally:
        apart.close()


def test_a_result_back_during_a_pools_items_done_here_is_loaded_once_the_worker_shares(
        loads: list[tuple[str, int]]) -> None:
    # while the Apart's process holds the other core this process does the pool's items
    # itself (no worker); once it is back, a worker is forked for the rest and the result
    # loads while it computes: in this process's main thread, inside the pool
    _needs_fork()
    apart = pool.Apart(_slow_result)
    try:
        got = list(pool.map_indices(_busy_pid, 400, 2, {}))
        assert [i for i, _ in got] == list(range(400))
        assert got[0][1] == _PARENT
        if len({pid for _, pid in got}) == 1:  # (a loaded machine: the items done first)
            pytest.skip("the Apart's process outlasted the pool's items")
        assert loads == [("MainThread", 1)]
        assert apart.result() == _result() and len(loads) == 1
    finally:
        apart.close()


def test_a_dropped_apart_leaves_nothing_to_load(loads: list[tuple[str, int]]) -> None:
    # the early SDC503's result dropped (the search changed the release): never loaded
    _needs_fork()
    apart = pool.Apart(_result)
    _back(apart)
    assert [key for key, _ in pool._LATER] == [id(apart)]
    apart.drop()
    assert not pool._LATER
    got = list(pool.map_indices(_slow_pid, 120, 2, {}))
    assert [i for i, _ in got] == list(range(120))
    assert not loads and apart._loaded is None


def test_a_failing_result_left_is_computed_here_when_asked() -> None:
    # the fallback is as before: a result that did not come back is computed here
    _needs_fork()
    apart = pool.Apart(_raises)
    _back(apart)
    pool._beside_next()  # its left load finds nothing to load (it raised there)
    assert apart._loaded is None
    assert apart.result(here=_result) == _result()
    assert not pool._LATER


def _raises() -> list[tuple[int, str]]:
    raise ValueError("there")


def _left_here(i: int) -> tuple[int, int, int, int]:
    time.sleep(0.002)
    return i, os.getpid(), len(pool._LATER), pool._SHARING[0]


def test_a_forked_worker_has_none_of_its_parents_loads_left(
        loads: list[tuple[str, int]]) -> None:
    # forked inside the pool while a result waits here: the worker starts with nothing left
    # to load and no pool of its own counted (it would load the parent's result for nothing)
    _needs_fork()
    apart = pool.Apart(_result)
    try:
        _back(apart)
        got = list(pool.map_indices(_left_here, 240, 2, {}))
        assert [i for i, *_ in got] == list(range(240))
        theirs = [(left, sharing) for _, pid, left, sharing in got if pid != _PARENT]
        assert theirs and set(theirs) == {(0, 0)}
        assert loads == [("MainThread", 1)]
    finally:
        apart.close()


def test_a_result_asked_before_its_callback_runs_is_never_left() -> None:
    """``result`` may take the blob from the future before the future's callback runs in the
    pool's thread: the callback then finds the Apart closed and leaves nothing behind (an
    entry would keep the future, and its blob, until some later pool's wait)."""
    _needs_fork()
    apart = pool.Apart(_result)
    assert apart.result() == _result()
    assert apart._future is not None
    apart._load(apart._future)  # the callback, late
    assert all(key != id(apart) for key, _ in pool._LATER)
