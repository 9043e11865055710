"""Issue 16 / channel 10: a forged rewrite of the whole hash chain, caught by checkpoints kept
outside the ledger (``sdc.ledger.witness``), on SQLite and PostgreSQL.

Someone who can write the database turns bob's ``reject`` of the failing small.csv into an
``approve`` — the vote row and its log entry — and recomputes the hash of that entry and of
every one after it, and the recorded head. The chain verifies again: without a witness this
is the residual risk the threat model names. With ``$SDC_AUDIT_WITNESS`` in force (a file the
forger cannot rewrite), ``sdc audit verify`` and ``sdc release`` see it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from sdc.ledger import events, schema
from tests.test_ledger_support import (
    BACKENDS,
    CHECKERS,
    ledger_with_checkers,
    opened,
    write_request,
)
from tests.test_smuggle_ledger import release_is_blocked
from tests.test_workflow import Cli


@pytest.fixture(params=BACKENDS)
def cli(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if "witness" in request.fixturenames:
        request.getfixturevalue("witness")  # the witness sees the accounts' entries too
    with ledger_with_checkers(request.param, tmp_path) as location:
        yield Cli(location)


@pytest.fixture
def witness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "outside" / "audit.witness"
    path.parent.mkdir()
    monkeypatch.setenv("SDC_AUDIT_WITNESS", str(path))
    return path


def _reviewed(cli: Cli, tmp_path: Path) -> None:
    """small.csv (SDC101 fail) rejected by bob, approved by carol and dave."""
    cli("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
    for who, decision in (("bob", "reject"), ("carol", "approve"), ("dave", "approve")):
        cli("review", "R-0001", "--reviewer", who, "--output", "small.csv", "--decision",
            decision, "--comment", "checked")


def _rewrite_bobs_vote(cli: Cli) -> int:
    """Bob's reject becomes an approve, row and entry; every hash from it on is recomputed,
    and the head. The seq of the forged entry."""
    log, r = schema.audit_log, schema.reviews
    with opened(cli.url) as led, led.write() as conn:
        rows = conn.execute(select(log).order_by(log.c.seq)).all()
        target = next(row.seq for row in rows
                      if row.event == events.REVIEW and row.actor == "bob")
        prev = events.GENESIS
        for row in rows:
            data = json.loads(row.data)
            if row.seq == target:
                data["decision"] = "approve"
            if row.seq >= target:
                body = {"seq": row.seq, "at": row.at, "actor": row.actor, "event": row.event,
                        "request": row.request_id, "data": data}
                digest = events.entry_hash(prev, body)
                conn.execute(update(log).where(log.c.seq == row.seq).values(
                    data=events.canonical(data), prev_hash=prev, hash=digest))
                prev = digest
            else:
                prev = row.hash
        conn.execute(update(schema.audit_head).where(schema.audit_head.c.id == 1)
                     .values(hash=prev))
        assert conn.execute(update(r).where(r.c.reviewer == "bob")
                            .values(decision="approve")).rowcount == 1
    return target


def test_without_a_witness_a_rewritten_chain_verifies(cli: Cli, tmp_path: Path) -> None:
    """The gap the witness closes (kept as a test so the threat model's words stay true)."""
    _reviewed(cli, tmp_path)
    _rewrite_bobs_vote(cli)
    assert cli("audit", "verify").stdout.startswith("audit log intact")


def test_a_rewritten_chain_is_caught_by_the_witness(cli: Cli, tmp_path: Path,
                                                   witness: Path) -> None:
    _reviewed(cli, tmp_path)
    lines = witness.read_text().splitlines()
    assert len(lines) == len(cli.events())  # one checkpoint per entry, in order
    seq = _rewrite_bobs_vote(cli)
    reason = (f"entry {seq} differs from its checkpoint in the audit witness {witness} (line "
              f"{seq}): the chain was rewritten")
    release_is_blocked(cli, tmp_path, reason, by="erin")


def test_checkpoints_appended_for_the_forgery_do_not_hide_it(cli: Cli, tmp_path: Path,
                                                            witness: Path) -> None:
    """The file is append-only: the forger can add the new hashes, not remove the old."""
    _reviewed(cli, tmp_path)
    seq = _rewrite_bobs_vote(cli)
    with opened(cli.url) as led, led.read() as conn:
        forged = [f"{e.seq} {e.hash}\n" for e in events.entries(conn) if e.seq >= seq]
    with witness.open("a") as handle:
        handle.writelines(forged)
    verify = cli("audit", "verify", code=1)
    assert f"entry {seq} differs from its checkpoint" in verify.stderr


def test_deleting_the_newest_entries_is_caught_by_the_witness(cli: Cli, tmp_path: Path,
                                                              witness: Path) -> None:
    """Dave's approve (the last entry) and its row deleted, the head moved back."""
    _reviewed(cli, tmp_path)
    log = schema.audit_log
    with opened(cli.url) as led, led.write() as conn:
        last = conn.execute(select(log).order_by(log.c.seq.desc())).first()
        before = conn.execute(select(log.c.hash).where(log.c.seq == last.seq - 1)).scalar()
        conn.execute(delete(schema.reviews).where(schema.reviews.c.audit_seq == last.seq))
        conn.execute(delete(log).where(log.c.seq == last.seq))
        conn.execute(update(schema.audit_head).where(schema.audit_head.c.id == 1)
                     .values(seq=last.seq - 1, hash=before))
    empty = tmp_path / "empty.witness"
    empty.touch()
    assert cli("audit", "verify", "--witness", str(empty)).stdout.startswith(
        "audit log intact")  # an empty witness holds nothing to compare
    missing = cli("audit", "verify", "--witness", str(tmp_path / "gone"), code=1)
    assert "the audit witness" in missing.stderr and "is missing" in missing.stderr
    verify = cli("audit", "verify", code=1)
    assert (f"recorded entry {last.seq} (line {last.seq}) but the log ends at entry "
            f"{last.seq - 1}: entries were deleted") in verify.stderr


def test_an_untouched_ledger_with_a_witness_verifies_and_releases(cli: Cli, tmp_path: Path,
                                                                  witness: Path) -> None:
    cli("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
    for who in ("bob", "carol"):
        cli("review", "R-0001", "--reviewer", who, "--output", "all.csv", "--decision",
            "approve", "--comment", "checked")
    assert cli("audit", "verify").stdout.startswith("audit log intact")
    assert cli("release", "R-0001", "--to", str(tmp_path / "o")).stdout == "released all.csv\n"
    assert cli("audit", "verify").stdout.startswith("audit log intact")
    assert len(witness.read_text().splitlines()) == len(cli.events())


def test_a_witness_that_cannot_be_written_stops_the_action(cli: Cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Nothing is logged that the witness missed: the submit is refused, the log empty."""
    monkeypatch.setenv("SDC_AUDIT_WITNESS", str(tmp_path / "no such folder" / "w"))
    result = cli("request", "submit", str(write_request(tmp_path / "req")), "--author",
                 "alice", code=2)
    assert "cannot append to the audit witness" in result.stderr
    monkeypatch.delenv("SDC_AUDIT_WITNESS")
    assert cli.events() == [("user-add", "ops")] * len(CHECKERS)  # the accounts only


def test_a_line_that_is_not_a_checkpoint_is_a_problem(cli: Cli, tmp_path: Path,
                                                      witness: Path) -> None:
    _reviewed(cli, tmp_path)
    with witness.open("a") as handle:
        handle.write("all fine, nothing to see\n")
    verify = cli("audit", "verify", code=1)
    assert "is not a checkpoint" in verify.stderr
