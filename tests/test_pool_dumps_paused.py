"""``sdc.pool._dumps`` pickles a worker's results with the collector paused, and restores it.

Why: the pickle makes no cyclic garbage, yet its allocations set off young and middle
collections that walk every result the process holds (SDC503's process on 1,000 tables: a
middle collection of 26-34 ms during its result's pickle, round 51)."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from sdc import pool
from sdc.results import Finding, Location


class _Seen:
    """Records whether the collector was on when it was pickled."""

    seen: ClassVar[list[bool]] = []

    def __reduce__(self) -> tuple[Any, ...]:
        _Seen.seen.append(gc.isenabled())
        return (_Seen, ())


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    _Seen.seen = []
    try:
        yield
    finally:  # as it was found: a test that turned it off must not leave it off for the next
        if was:  # test in this process (xdist: test_pool_load_generations began with it off)
            gc.enable()
        else:
            gc.disable()


def test_collector_paused_while_pickling_and_back_after(collector_on: None) -> None:
    pool._dumps([_Seen(), _Seen()])
    assert _Seen.seen == [False, False]
    assert gc.isenabled()


def test_no_collection_while_pickling(collector_on: None) -> None:
    many = [[i, str(i)] for i in range(20_000)]  # young objects a collection would walk
    found = [Finding("SDC503", "differencing", f"m{i}", Location(f"t{i}.csv", cell="B2"))
             for i in range(300)]
    value = [found, many]
    runs: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    saved = gc.get_threshold()
    gc.collect()  # counts back to zero: the next collection is the dump's
    gc.set_threshold(100, 1, 1)  # a collection every 100 allocations, were it on
    gc.callbacks.append(count)
    try:
        pool._dumps(value)
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*saved)
    assert runs == []


def test_collector_left_off_when_it_was_off(collector_on: None) -> None:
    gc.disable()
    pool._dumps([_Seen()])
    assert _Seen.seen == [False]
    assert not gc.isenabled()


def test_collector_back_when_pickling_fails(collector_on: None) -> None:
    with pytest.raises((pickle.PicklingError, AttributeError)):  # a lambda does not pickle
        pool._dumps(lambda: None)
    assert gc.isenabled()


def test_same_findings_back(collector_on: None) -> None:
    found = [Finding("SDC503", "differencing", "a = b − c = 1, below 10",
                     Location("t1.csv", cell="B9", row_label="65-74"),
                     evidence={"derived": 1.0, "threshold": 10},
                     related=[Location("t0.csv", cell="B7")])]
    assert pool.loads(pool._dumps(found)) == found
