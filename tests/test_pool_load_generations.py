"""What a worker sends back is put in the collector's oldest generation as it loads
(``pool.loads``, round 40, par40): it lives until taken, and the first young collection after
each load walked all of it again (the worker that made it walked it already). And a worker
forked while a load has the collector paused starts with it on (round 39 left it off for the
worker's life).

Counted, not timed: which generation holds the loaded objects, the freeze count, and the
collector's state in a child forked in the middle of a load."""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator

import pytest

from sdc import pool


@pytest.fixture
def no_automatic_collections() -> Iterator[None]:
    """No collection runs by itself during the test: the loaded objects stay in the
    generation the load leaves them in."""
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(10**9, 10**9, 10**9)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not enabled:
            gc.disable()


def _ids(generation: int) -> set[int]:
    return {id(o) for o in gc.get_objects(generation)}


def _rows() -> bytes:
    return pickle.dumps([{"row": i, "cells": [i, i + 1]} for i in range(2_000)])


def test_loaded_objects_go_to_the_oldest_generation_unwalked(no_automatic_collections) -> None:
    got = pool.loads(_rows())
    young = _ids(0) | _ids(1)
    assert not any(id(o) in young for o in [got, *got, *(row["cells"] for row in got)])
    old = _ids(2)
    assert id(got) in old and all(id(row) in old for row in got)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert got[1_999] == {"row": 1_999, "cells": [1_999, 2_000]}


def test_a_process_that_froze_objects_keeps_its_freeze(no_automatic_collections) -> None:
    gc.freeze()
    try:
        got = pool.loads(_rows())
        # not unfrozen by the load (the count itself may fall: a frozen object freed by
        # another thread, or by the load's own cleanup, leaves the permanent generation)
        assert gc.get_freeze_count() > 0
        assert id(got) in _ids(0)  # left where it was made
    finally:
        gc.unfreeze()


class _Forks:
    """Unpickled, forks: the child writes whether its collector is on, and exits."""

    def __init__(self) -> None:
        self.child_collects = b""  # a state, so that unpickling calls ``__setstate__``

    def __setstate__(self, state: dict) -> None:
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's side
            try:
                os.write(write, b"1" if gc.isenabled() else b"0")
            finally:
                os._exit(0)
        os.close(write)
        self.child_collects = os.read(read, 1)
        os.close(read)
        os.waitpid(child, 0)


def test_a_worker_forked_during_a_load_collects() -> None:
    assert gc.isenabled()
    got = pool.loads(pickle.dumps(_Forks()))
    assert got.child_collects == b"1"
    assert gc.isenabled()


def test_a_collector_the_process_turned_off_stays_off_in_the_child() -> None:
    gc.disable()
    try:
        got = pool.loads(pickle.dumps(_Forks()))
        assert got.child_collects == b"0"
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_load_that_raises_leaves_the_collector_on() -> None:
    with pytest.raises(pickle.UnpicklingError):
        pool.loads(b"not a pickle")
    assert gc.isenabled() and not pool._PAUSED
