"""A result sent back loads with the interpreter passing between threads every
``pool.LOAD_SWITCH`` (round 39, par39): SDC503's result loads in a thread of its own while
the main thread forks the next pool's worker and the pool's threads feed it, each of them
waiting for the loading thread to let go of the interpreter (up to 5 ms a time by default).

Counted, not timed: the interval an object sees while it is unpickled, and the interval after
the load."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator

import pytest

from sdc import pool

_seen: list[float] = []


class _Seen:
    """Records the switch interval when it is unpickled (and may set one: ``sets``)."""

    def __init__(self, sets: float | None = None) -> None:
        self.sets = sets

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        _seen.append(sys.getswitchinterval())
        if self.sets is not None:
            sys.setswitchinterval(self.sets)


@pytest.fixture
def interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    _seen.clear()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_a_load_switches_every_load_switch_then_as_it_was(interval) -> None:
    got = pool.loads(pickle.dumps([_Seen(), _Seen()]))
    assert len(got) == 2
    assert _seen == pytest.approx([pool.LOAD_SWITCH] * 2) and pool.LOAD_SWITCH < 0.005
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_a_lower_interval_is_kept(interval) -> None:
    sys.setswitchinterval(0.0001)
    pool.loads(pickle.dumps(_Seen()))
    assert _seen == pytest.approx([0.0001])
    assert sys.getswitchinterval() == pytest.approx(0.0001)


def test_an_interval_set_during_the_load_is_not_undone(interval) -> None:
    pool.loads(pickle.dumps(_Seen(sets=0.002)))
    assert _seen == pytest.approx([pool.LOAD_SWITCH])
    assert sys.getswitchinterval() == pytest.approx(0.002)


def test_a_load_that_raises_restores_the_interval(interval) -> None:
    with pytest.raises(pickle.UnpicklingError):
        pool.loads(b"not a pickle")
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_an_aparts_result_loads_with_quick_switches(interval) -> None:
    # its result loads in the pool's thread as soon as it is back (``Apart._load``)
    apart = pool.Apart(lambda: [_Seen(), _Seen()])
    try:
        assert len(apart.result()) == 2
    finally:
        apart.close()
    assert _seen == pytest.approx([pool.LOAD_SWITCH] * 2)
    assert sys.getswitchinterval() == pytest.approx(0.005)
