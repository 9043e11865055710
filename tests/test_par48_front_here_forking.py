"""Every fork of a pool freezes what this process holds (``sdc.pool.forking``), the one
``ordered_map`` with ``here`` makes too (``_front_here``: the linking's table systems). Round
48 (par48): it forked unfrozen, so the worker's young collections walked what it inherited and
this process's walked the objects made since its last ones, writing pages both share."""

from __future__ import annotations

import gc
import os

import pytest

from sdc import pool

pytestmark = pytest.mark.skipif(pool.start_context().get_start_method() != "fork",
                                reason="only a forked worker inherits this process's objects")


def _frozen_in(x: int) -> tuple[str, int, int, int]:
    return "packed", x, os.getpid(), gc.get_freeze_count()


def _here(x: int) -> tuple[str, int, int, int]:
    return "here", x, os.getpid(), gc.get_freeze_count()


def test_the_worker_front_here_forks_keeps_what_it_inherited_frozen(monkeypatch) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)  # any work forks
    got = list(pool.ordered_map(_frozen_in, range(200), 2, here=_here))
    assert [x for _, x, _, _ in got] == list(range(200))
    worker = [row for row in got if row[0] == "packed"]
    mine = [row for row in got if row[0] == "here"]
    assert worker and mine  # both shared the items
    assert os.getpid() not in {pid for _, _, pid, _ in worker}
    assert min(frozen for *_, frozen in worker) > 0  # forked frozen
    assert {frozen for *_, frozen in mine} == {0}  # and nothing stays frozen here
    assert gc.get_freeze_count() == 0


def test_nothing_frozen_here_when_no_worker_is_forked(monkeypatch) -> None:
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 60.0)  # 200 items of ~0 s: never worth it
    got = list(pool.ordered_map(_frozen_in, range(200), 2, here=_here))
    assert [row[0] for row in got] == ["here"] * 200
    assert {row[3] for row in got} == {0}
    assert gc.get_freeze_count() == 0
