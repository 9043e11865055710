"""``-j 2``'s per-output stage: once a worker shares the outputs, this process checks its own
chunks from the front, in place (``parallel._check_here``), never packing an output's audit
systems only to unpack them itself (round 38, par38).

Cut from the back (before), this process's outputs were checked by the workers' function,
their systems packed, and taken (unpacked, one by one) only after the worker's last chunk:
work done twice, and done with the other core idle."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from sdc import pool
from sdc.audit_prebuild import AuditPrebuild
from sdc.engine import run
from sdc.policy import build_policy
from tests.test_audit_prebuild import _pooled_release, _report

_PARENT = os.getpid()


def _needs_fork() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")


def _by_func(i: int) -> tuple[int, int, str]:
    time.sleep(0.002)
    return i, os.getpid(), "func"


def test_with_here_this_process_takes_its_chunks_from_the_front_by_here() -> None:
    # every item once, in order; this process's items (after the first too) by ``here``,
    # taken from the front in order; a worker did the others by ``func``
    _needs_fork()
    calls: list[int] = []

    def here(i: int) -> tuple[int, int, str]:
        calls.append(i)
        time.sleep(0.002)
        return i, os.getpid(), "here"

    got = list(pool.map_indices(_by_func, 240, 2, {}, here=here))
    assert [i for i, _, _ in got] == list(range(240))
    mine = [(i, how) for i, pid, how in got if pid == _PARENT]
    assert {how for _, how in mine} == {"here"}  # main: its back chunks by func
    assert [i for i, _ in mine] == calls == sorted(calls) and len(calls) > 1
    theirs = [how for _, pid, how in got if pid != _PARENT]
    assert theirs and set(theirs) == {"func"}


def test_without_here_this_process_still_takes_from_the_back() -> None:
    # the other pools (the read, the audit's components): unchanged
    _needs_fork()
    got = list(pool.map_indices(_by_func, 240, 2, {}))
    assert [i for i, _, _ in got] == list(range(240))
    here = [i for i, pid, _ in got if pid == _PARENT]
    assert here[0] == 0 and here[-1] == 239


def test_under_j2_this_process_packs_no_systems_of_its_own_and_finds_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sdc check -j 2`` (models let go) with no SDC503 process (so a worker shares the
    per-output stage from the second output on): every output this process checks has its
    systems built in place when taken (``here``), none packed here; the worker's come
    packed; the report is ``-j 1``'s holding every model, byte for byte."""
    from sdc import engine

    _needs_fork()
    monkeypatch.setattr(engine, "_apart_wanted", lambda *args: False)
    root = _pooled_release(tmp_path)
    policy = build_policy({})
    held = run([root], policy).result
    packed_here: list[str] = []
    ways: list[str] = []
    sent, add = AuditPrebuild.sent, AuditPrebuild.add

    def watched_sent(prebuild: AuditPrebuild, output: Any) -> Any:
        if os.getpid() == _PARENT:
            packed_here.append(output.path)
        return sent(prebuild, output)

    def watched_add(prebuild: AuditPrebuild, output: Any, got: Any = None) -> None:
        ways.append("packed" if got is not None and got[1] is not None
                    else "none" if got is not None else "here")
        add(prebuild, output, got)

    monkeypatch.setattr(AuditPrebuild, "sent", watched_sent)
    monkeypatch.setattr(AuditPrebuild, "add", watched_add)
    let_go = run([root], policy, jobs=2, keep_models=False).result
    assert packed_here == []  # main: this process's back chunks, packed and unpacked
    assert ways[0] == "here" and ways.count("here") > 1 and "packed" in ways
    assert _report(let_go) == _report(held)
