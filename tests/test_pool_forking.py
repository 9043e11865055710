"""A pool's fork freezes what this process holds (``sdc.pool.forking``): no young collection
of either process walks the objects made before it, and nothing stays frozen here."""

from __future__ import annotations

import gc

import pytest

from sdc import pool


def _freeze_count(i: int) -> int:
    return gc.get_freeze_count()


def test_objects_made_before_the_fork_are_put_in_the_oldest_generation() -> None:
    gc.disable()  # no collection moves them meanwhile
    try:
        made = [[i] for i in range(50)]
        assert any(x is made for x in gc.get_objects(generation=0))
        with pool.forking():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
        assert any(x is made for x in gc.get_objects(generation=2))
        assert not any(x is made for x in gc.get_objects(generation=0))
    finally:
        gc.enable()


def _tracked(obj: object) -> bool:
    """Whether ``obj`` is in a generation a collection walks (a frozen one is in none)."""
    return any(x is obj for x in gc.get_objects())


def test_what_the_process_froze_itself_stays_frozen() -> None:
    # by an object held here, not by the count: objects another thread lets go (xdist's)
    # leave the frozen generation meanwhile
    gc.disable()
    made = [[i] for i in range(50)]
    gc.freeze()
    try:
        assert not _tracked(made)
        with pool.forking():
            assert not _tracked(made)
        assert not _tracked(made) and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
    assert _tracked(made)


def test_a_worker_keeps_what_it_inherited_frozen_and_this_process_none() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("only a forked worker inherits this process's objects")
    results = pool.map_indices(_freeze_count, 64, 2, {})
    assert results is not None
    counts = list(results)
    assert counts[0] == 0  # the first item is this process's, before the fork
    assert max(counts) > 0  # the worker's items: its inherited objects frozen
    assert gc.get_freeze_count() == 0
