"""Concurrency and faults, on SQLite and PostgreSQL: simultaneous votes from threads and
processes, and exports that raise or are killed half-way."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sdc.ledger import events, schema
from sdc.ledger.db import open_ledger
from sdc.ledger.release import release, settle_pending
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from tests.test_ledger_support import (
    ALL_CSV,
    BACKENDS,
    ledger_location,
    opened,
    write_request,
)

# a checker proven by the caller (web session or password): sdc.ledger.votes
review = partial(_review, authenticated=True)

REVIEWERS = [f"reviewer{i}" for i in range(6)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


@pytest.fixture
def submitted(url: str, tmp_path: Path) -> str:
    with opened(url) as led:
        submit(led, write_request(tmp_path / "req"), author="alice", policy=build_policy({}))
    return url


def _assert_all_votes_landed(url: str, names: list[str]) -> None:
    with opened(url) as led, led.read() as conn:
        voters = sorted(conn.execute(select(schema.reviews.c.reviewer)).scalars())
        report = verify(conn)
        seqs = [e.seq for e in events.entries(conn)]
    assert voters == sorted(names)
    # submit, check, the two output pages drawn at submission (render), then one per vote
    assert (report.ok, report.entries) == (True, 4 + len(names))
    assert seqs == list(range(1, 5 + len(names)))


def _vote(url: str, name: str, barrier) -> None:  # type: ignore[no-untyped-def]
    with opened(url) as led:
        barrier.wait(timeout=60)
        review(led, "R-0001", reviewer=name, paths=["all.csv"], decision="approve")


def test_threads_voting_at_once_lose_nothing(submitted: str) -> None:
    barrier = threading.Barrier(len(REVIEWERS))
    failures: list[BaseException] = []

    def run(name: str) -> None:
        try:
            _vote(submitted, name, barrier)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in REVIEWERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert failures == []
    _assert_all_votes_landed(submitted, REVIEWERS)


def test_threads_sharing_one_ledger_object(submitted: str) -> None:
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []
    with opened(submitted) as led:
        def run(name: str) -> None:
            try:
                barrier.wait(timeout=60)
                review(led, "R-0001", reviewer=name, paths=["all.csv", "small.csv"],
                       decision="reject", comment="not safe")
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=run, args=(n,)) for n in REVIEWERS[:4]]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert failures == []
    with opened(submitted) as led, led.read() as conn:
        count = conn.execute(select(func.count()).select_from(schema.reviews)).scalar()
        assert count == 8
        assert verify(conn).ok


def test_processes_voting_at_once_lose_nothing(submitted: str) -> None:
    ctx = multiprocessing.get_context("fork")  # each child opens its own ledger connection
    names = REVIEWERS[:4]  # four reviewers, four processes, one moment
    barrier = ctx.Barrier(len(names))
    procs = [ctx.Process(target=_vote, args=(submitted, n, barrier)) for n in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
    assert [p.exitcode for p in procs] == [0] * len(names)
    _assert_all_votes_landed(submitted, names)


# -- exports that fail half-way ----------------------------------------------------------------

def _approve(url: str) -> None:
    with opened(url) as led:
        for name in ("bob", "carol"):
            review(led, "R-0001", reviewer=name, paths=["all.csv"], decision="approve")


def _releases(url: str) -> list[tuple[str, int]]:
    with opened(url) as led, led.read() as conn:
        rel, rt = schema.releases, schema.released_tables
        rows = list(conn.execute(select(rel.c.state, rel.c.id).order_by(rel.c.id)))
        indexed = {r: conn.execute(select(func.count()).select_from(rt)
                                   .where(rt.c.release_id == r)).scalar() for _, r in rows}
    return [(state, indexed[r]) for state, r in rows]


def _partials(tmp_path: Path) -> list[str]:
    return [p.name for p in tmp_path.iterdir() if ".sdc-partial-" in p.name]


def _events(url: str) -> list[str]:
    with opened(url) as led, led.read() as conn:
        return [e.event for e in events.entries(conn)]


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("stage", ["copied", "recorded"])
def test_export_raising_half_way_leaves_nothing(submitted: str, tmp_path: Path,
                                                stage: str) -> None:
    _approve(submitted)
    target = tmp_path / "out"

    def hook(name: str) -> None:
        if name == stage:
            raise Boom(stage)

    with opened(submitted) as led, pytest.raises(Boom):
        release(led, "R-0001", target, actor="dave", hook=hook)
    assert not target.exists()
    assert _partials(tmp_path) == []
    if stage == "copied":  # nothing recorded yet
        assert _releases(submitted) == []
        assert _events(submitted)[-1] == "review"
    else:  # recorded as pending, then failed: no longer indexed as released
        assert _releases(submitted) == [("failed", 0)]
        assert _events(submitted)[-2:] == ["release-started", "release-failed"]
    with opened(submitted) as led:
        done = release(led, "R-0001", target, actor="dave")
    assert done.files == ["all.csv"] and (target / "all.csv").read_text() == ALL_CSV
    assert _releases(submitted)[-1] == ("complete", 1)
    with opened(submitted) as led, led.read() as conn:
        assert verify(conn).ok


def _killed_release(url: str, target: Path, stage: str) -> None:
    """Run the export in a forked process that kills itself (SIGKILL) at ``stage``."""
    pid = os.fork()
    if pid == 0:  # the child: no cleanup of any kind runs after the kill
        try:
            def hook(name: str) -> None:
                if name == stage:
                    os.kill(os.getpid(), signal.SIGKILL)

            release(open_ledger(url), "R-0001", target, actor="dave", hook=hook)
        finally:
            os._exit(3)  # only if the kill did not happen
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize(("stage", "settled", "files"), [
    ("copied", None, None),
    ("recorded", "abandoned", None),
    ("renamed", "complete", ["all.csv"]),
])
def test_killed_export_is_settled_consistently(submitted: str, tmp_path: Path, stage: str,
                                               settled: str | None,
                                               files: list[str] | None) -> None:
    _approve(submitted)
    target = tmp_path / "out"
    _killed_release(submitted, target, stage)
    if files is None:
        assert not target.exists()
    else:
        assert sorted(p.name for p in target.iterdir()) == files
    assert _releases(submitted) == ([] if settled is None else [("pending", 1)])
    with opened(submitted) as led:
        settle_pending(led, "R-0001", "sdc")
    if settled is None:
        assert _releases(submitted) == []
    else:
        assert _releases(submitted) == [(settled, 1 if settled == "complete" else 0)]
        assert _events(submitted)[-1] == ("release" if settled == "complete"
                                          else "release-failed")
    if settled != "complete":
        with opened(submitted) as led:
            release(led, "R-0001", target, actor="dave")  # a retry works, and tidies up
        assert (target / "all.csv").read_text() == ALL_CSV
    assert _partials(tmp_path) == []
    with opened(submitted) as led, led.read() as conn:
        assert verify(conn).ok
        states = [json.loads(r) for r in conn.execute(select(schema.audit_log.c.data)
                                                      .where(schema.audit_log.c.event ==
                                                             "release")).scalars()]
    assert [s["state"] for s in states] == ["complete"]
