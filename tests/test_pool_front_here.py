"""``sdc.pool.ordered_map`` with ``here`` (the audit's table systems): this process takes the
items in order from the front by ``here``, a worker the back by ``func``; a worker is forked
only when the items left are measured to cost enough (round 34, fork34)."""

from __future__ import annotations

import os
import time

import pytest

from sdc import pool

pytestmark = pytest.mark.skipif(pool.start_context().get_start_method() != "fork",
                                reason="the pool runs only where workers fork")


def _packed(x: int) -> tuple[str, int, int]:
    return "packed", x, os.getpid()


def _in_place(x: int) -> tuple[str, int, int]:
    return "here", x, os.getpid()


def _busy_in_place(x: int) -> tuple[str, int, int]:
    end = time.process_time() + 0.002  # CPU, measured per item
    while time.process_time() < end:
        pass
    return "here", x, os.getpid()


def _raises_at_150(x: int) -> tuple[str, int, int]:
    if x == 150:
        raise ValueError("150")
    return _packed(x)


def _dies_at_150(x: int) -> tuple[str, int, int]:
    if x == 150:
        os._exit(1)
    return _packed(x)


def test_a_worker_takes_the_back_and_this_process_the_front_in_place(monkeypatch) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)  # any work forks
    got = list(pool.ordered_map(_packed, range(200), 2, here=_in_place))
    assert [x for _, x, _ in got] == list(range(200))
    kinds = [kind for kind, _, _ in got]
    front = kinds.index("packed")  # the worker's items: every one after this process's
    assert front > 0 and kinds[:front] == ["here"] * front
    assert kinds[front:] == ["packed"] * (200 - front)
    assert {pid for _, _, pid in got[:front]} == {os.getpid()}
    assert os.getpid() not in {pid for _, _, pid in got[front:]}
    assert pool.TASK == {}


def test_no_worker_when_the_items_left_cost_little(monkeypatch) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 60.0)  # more than 200 items of ~0 s
    got = list(pool.ordered_map(_packed, range(200), 2, here=_in_place))
    assert got == [_in_place(x) for x in range(200)]


def test_the_items_cost_is_measured_here_with_the_callers_work(monkeypatch) -> None:
    # 200 items of 2 ms CPU each: 0.4 s left after the first, over a 0.25 s minimum
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.25)
    got = list(pool.ordered_map(_packed, range(200), 2, here=_busy_in_place))
    assert [x for _, x, _ in got] == list(range(200))
    assert {kind for kind, _, _ in got} == {"here", "packed"}
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 1.0)  # 0.4 s left: under it
    got = list(pool.ordered_map(_packed, range(200), 2, here=_busy_in_place))
    assert {kind for kind, _, _ in got} == {"here"}


@pytest.mark.parametrize("func", [_raises_at_150, _dies_at_150])
def test_a_chunk_not_sent_back_is_done_here_in_order(monkeypatch, func) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)
    got = list(pool.ordered_map(func, range(200), 2, here=_in_place))
    assert [x for _, x, _ in got] == list(range(200))
    assert got[150] == _in_place(150)  # its chunk: the serial loop's (``here``)
    assert pool.TASK == {}


def test_no_worker_while_an_apart_holds_the_other_core(monkeypatch) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)
    monkeypatch.setattr(pool, "_BUSY", {1})  # an Apart's process computing
    got = list(pool.ordered_map(_packed, range(100), 2, here=_in_place))
    assert got == [_in_place(x) for x in range(100)]


def test_serial_when_a_pool_is_not_worth_it() -> None:
    assert list(pool.ordered_map(_packed, range(5), 2, here=_in_place)) == [
        _in_place(x) for x in range(5)]
    assert list(pool.ordered_map(_packed, range(50), 1, here=_in_place)) == [
        _in_place(x) for x in range(50)]


def _slow_packed(x: int) -> tuple[str, int, int]:
    end = time.process_time() + 0.003
    while time.process_time() < end:
        pass
    return _packed(x)


def test_imports_while_a_workers_chunk_is_computed_then_its_results(monkeypatch) -> None:
    # this process reaches the worker's chunks before they are back: it imports what it
    # was asked to import beside (none of these exists: each fails, and is left), then
    # takes the same chunk's results
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)
    monkeypatch.setattr(pool, "_BESIDE", [f"sdc_no_such_module_{k}" for k in range(2000)])
    got = list(pool.ordered_map(_slow_packed, range(200), 2, here=_in_place))
    assert [x for _, x, _ in got] == list(range(200))
    assert "packed" in {kind for kind, _, _ in got}
    assert len(pool._BESIDE) < 2000
