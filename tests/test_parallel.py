"""``sdc check -j N``: outputs read and checked in a process pool give the serial result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import sdc
from sdc import parallel
from sdc.policy import build_policy


def _release(root: Path) -> Path:
    for i in range(parallel.MIN_ITEMS_FOR_POOL + 8):
        small = i % 7
        (root / f"t{i:02d}.csv").write_text(
            f"age,Female,Male,Total\n18-24,{small},{20 + i},{20 + i + small}\n"
            f"25-34,[c],{30 + i},{40 + i}\nTotal,{small + 10 - i % 3},{50 + 2 * i},"
            f"{60 + 3 * i}\n")
    (root / "broken.csv").write_bytes(b"\xff\xfe\x00garbage,\x00\n1,2\n")
    (root / "notes.txt").write_text("Regression of y on x\n")
    (root / "a.csv").write_text("age,n\n<20,12\n20-39,30\n")
    (root / "b.csv").write_text("age,n\n<25,13\n25-39,29\n")
    return root


def test_pool_gives_the_serial_result(tmp_path: Path) -> None:
    root = _release(tmp_path)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    pooled = sdc.check(root, policy, jobs=2).to_dict()
    assert pooled == serial
    assert serial["summary"]["findings"] > 40  # findings of every kind, not an empty release


def _killed(_: int) -> None:
    os._exit(3)  # a worker dies (out of memory, killed): its results must not be trusted


def test_a_broken_pool_is_redone_serially(tmp_path: Path, monkeypatch) -> None:
    if parallel._context().get_start_method() != "fork":
        pytest.skip("the broken worker is injected by forking a patched parent")
    root = _release(tmp_path)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(parallel, "_read_one", _killed)
    monkeypatch.setattr(parallel, "_check_one", _killed)
    assert sdc.check(root, policy, jobs=2).to_dict() == serial


def test_small_releases_skip_the_pool(tmp_path: Path) -> None:
    assert parallel._map(lambda i: i, parallel.MIN_ITEMS_FOR_POOL - 1, 4, {}) is None
    assert parallel._map(lambda i: i, 100, 1, {}) is None
    assert parallel.default_jobs() >= 1
