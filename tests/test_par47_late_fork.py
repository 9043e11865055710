"""A pool's late worker: forked once an Apart's process is done only when the items left pay
for it (round 47, par47; issue 14 §4).

``sdc check -j 2``: the per-output stage's items are done here while SDC503's process holds
the other core; when that process ends with a few items left, forking a worker for them cost
more (a fork of the whole process, its page faults until the audit's fork, the packing and
loading of their results) than the few hundredths of a second it took off this process. The
pace of the items done so far (CPU, with the caller's work on them) decides
(``pool.worth_forking``). Only who computes them changes: the results and their order do not.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import sdc
from sdc import parallel, pool
from sdc.policy import build_policy

_PARENT = os.getpid()
_GATE: list[Path] = []
# the per-output stage's forks, counted while a test turns the count on (its first element)
_FORKS: list[int] = []


def _count_fork() -> None:
    if _FORKS and pool.TASK.get("prebuild") is not None:  # the per-output stage's
        _FORKS[0] += 1


os.register_at_fork(before=_count_fork)


@pytest.fixture(autouse=True)
def _no_apart_of_another_test_still_running():
    deadline = time.monotonic() + 30
    while pool.busy() and time.monotonic() < deadline:
        time.sleep(0.01)
    yield


def _needs_fork() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")


def _burn(seconds: float) -> None:
    """``seconds`` of this process's CPU spent (a pool measures CPU, not sleep)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def _waits_for_the_gate() -> int:
    """An Apart's work that holds its core until the test opens :data:`_GATE`."""
    deadline = time.monotonic() + 60
    while not _GATE[0].exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    return os.getpid()


class _gated:
    """Items costing ``cost`` s of CPU each; item ``at`` lets the Apart finish and waits
    until its result is back (the process is then done: a worker may be forked). A
    module-level class: the pool pickles it for its worker."""

    def __init__(self, cost: float, at: int) -> None:
        self.cost, self.at = cost, at

    def __call__(self, i: int) -> tuple[int, int]:
        if i == self.at:
            _GATE[0].touch()
            deadline = time.monotonic() + 60
            while pool.busy() and time.monotonic() < deadline:
                time.sleep(0.005)
        _burn(self.cost)
        return i, os.getpid()


def test_worth_forking_by_the_pace_measured() -> None:
    assert pool.worth_forking(0.0, 0, 500)  # nothing measured: forked, as before
    assert pool.worth_forking(0.0, 0, 1)
    assert not pool.worth_forking(0.1, 100, 100)  # 0.1 s left
    assert not pool.worth_forking(1.8, 936, 63)  # round 47's run: 0.12 s left
    assert pool.worth_forking(0.1, 100, 300)  # 0.3 s left
    assert pool.worth_forking(pool.HERE_FORK_CPU, 10, 10)  # at the least: forked
    assert not pool.worth_forking(0.0, 200, 10_000)  # items that cost nothing here


def _gated_map(tmp_path: Path, monkeypatch, cost: float, at: int, n: int
               ) -> list[tuple[int, int]]:
    monkeypatch.setattr(sys.modules[__name__], "_GATE", [tmp_path / "open"])
    handle = pool.Apart(_waits_for_the_gate)
    try:
        assert pool.busy() == 1
        got = list(pool.map_indices(_gated(cost, at), n, 2, {}))
    finally:
        _GATE[0].touch()
    assert handle.result() != _PARENT
    return got


def test_few_cheap_items_left_once_the_apart_is_done_are_done_here(tmp_path: Path,
                                                                   monkeypatch) -> None:
    # the Apart ends at item 200 of 240; 39 items at ~0.5 ms left (~0.02 s): no worker,
    # every item here, in order (base47 forked one for them)
    _needs_fork()
    got = _gated_map(tmp_path, monkeypatch, 0.0005, 200, 240)
    assert got == [(i, _PARENT) for i in range(240)]


def test_costly_items_left_once_the_apart_is_done_fork_a_worker(tmp_path: Path,
                                                                monkeypatch) -> None:
    # the same place, items at ~10 ms (39 left: ~0.39 s): a worker shares them
    _needs_fork()
    got = _gated_map(tmp_path, monkeypatch, 0.01, 200, 240)
    assert [i for i, _ in got] == list(range(240))
    assert all(pid == _PARENT for i, pid in got if i <= 200)
    assert len({pid for _, pid in got}) == 2


def test_nothing_measured_forks_as_before(tmp_path: Path, monkeypatch) -> None:
    # no Apart: no item was done beside one, nothing measured, the worker forked at once
    _needs_fork()
    got = list(pool.map_indices(_gated(0.0, -1), 240, 2, {}))
    assert [i for i, _ in got] == list(range(240))
    assert len({pid for _, pid in got}) == 2


def _release(root: Path) -> Path:
    for i in range(pool.MIN_ITEMS_FOR_POOL + 24):
        small = i % 7
        (root / f"t{i:02d}.csv").write_text(
            f"Table {i}\nage,Female,Male,Total\n18-24,{small},{20 + i},{20 + i + small}\n"
            f"25-34,[c],{30 + i},{40 + i}\nTotal,{small + 10 - i % 3},{50 + 2 * i},"
            f"{60 + 3 * i}\n")
    (root / "a.csv").write_text("age,n\n<20,12\n20-39,30\n")
    (root / "b.csv").write_text("age,n\n<25,13\n25-39,29\n")
    return root


def _as_command(root: Path, jobs: int) -> dict:
    got = sdc.check(root, build_policy({}), jobs=jobs, in_release=True,
                    keep_models=False).to_dict()
    for key in ("started", "finished", "duration_seconds", "run"):
        got.pop(key, None)
    return got


@pytest.mark.parametrize("fork_late", [False, True])
def test_the_per_output_stage_gives_the_serial_findings_either_way(
        tmp_path: Path, monkeypatch, fork_late: bool) -> None:
    # ``sdc check -j 2`` as the command runs it (each output's audit systems built where its
    # rules ran): the Apart's process taken as done after 40 items of the per-output stage,
    # whose rest is done here (not worth a fork) or shared with a late worker (worth it);
    # the report is ``-j 1``'s, findings and order
    _needs_fork()
    root = _release(tmp_path)
    serial = _as_command(root, 1)
    done: list[int] = []
    real_here, real_busy = parallel._check_here, pool.busy
    asked: list[bool] = []
    real_worth = pool.worth_forking

    def counted_here(i: int):
        done.append(i)
        return real_here(i)

    def busy() -> int:  # the per-output stage: "busy" for its first 40 items
        if pool.TASK.get("prebuild") is not None and 0 < len(done) < 40:
            return 1
        return 0 if pool.TASK.get("prebuild") is not None else real_busy()

    def worth(spent: float, n: int, left: int) -> bool:
        if pool.TASK.get("prebuild") is None:
            return real_worth(spent, n, left)
        asked.append(real_worth(spent, n, left))
        return fork_late

    monkeypatch.setattr(parallel, "_check_here", counted_here)
    monkeypatch.setattr(pool, "busy", busy)
    monkeypatch.setattr(pool, "worth_forking", worth)
    _FORKS[:] = [0]
    try:
        pooled = _as_command(root, 2)
        forks = _FORKS[0]
    finally:
        _FORKS.clear()
    assert pooled == serial
    assert serial["summary"]["findings"] > 40
    assert asked == [False]  # asked once, at item 40: ~20 cheap outputs left
    assert done[:40] == list(range(40))
    if fork_late:
        assert len(done) < len(serial["outputs"])  # a worker took some
    else:
        assert done == list(range(len(done))) and len(done) == len(serial["outputs"])
    assert forks == (1 if fork_late else 0)
