"""Channel 10: the ledger's state tables are verified against the hash-chained log before a
release. Editing reviewers_required, a file's check status or a version's verdict, or deleting
a reviewer's reject row, is detected by ``sdc audit verify`` and blocks ``sdc release`` — on
SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, update

from sdc.ledger import schema
from tests.test_ledger_support import BACKENDS, ledger_with_checkers, opened, write_request
from tests.test_workflow import Cli


@pytest.fixture(params=BACKENDS)
def cli(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    with ledger_with_checkers(request.param, tmp_path) as location:
        yield Cli(location)


def _submit(cli: Cli, tmp_path: Path) -> None:
    cli("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")


def _vote(cli: Cli, who: str, path: str, decision: str) -> None:
    cli("review", "R-0001", "--reviewer", who, "--output", path, "--decision", decision,
        "--comment", "checked")


def _tamper(cli: Cli, statement) -> None:  # type: ignore[no-untyped-def]
    with opened(cli.url) as led, led.write() as conn:
        assert conn.execute(statement).rowcount == 1


def release_is_blocked(cli: Cli, tmp_path: Path, reason: str, by: str = "dave") -> None:
    """``audit verify`` and ``release`` (by ``by``) both refuse with ``reason``; nothing is
    released."""
    verify = cli("audit", "verify", code=1)
    assert reason in verify.stderr, verify.stderr
    target = tmp_path / "released"
    result = cli("release", "R-0001", "--to", str(target), "--by", by, code=1)
    assert reason in result.stderr, result.stderr
    assert not target.exists()


def test_lowering_reviewers_required_is_caught(cli: Cli, tmp_path: Path) -> None:
    _submit(cli, tmp_path)
    _vote(cli, "bob", "small.csv", "approve")  # one of the two reviews it needs
    cli("release", "R-0001", "--to", str(tmp_path / "early"), code=1)  # nothing approved yet
    v = schema.versions
    _tamper(cli, update(v).where(v.c.request_id == "R-0001").values(reviewers_required=1))
    release_is_blocked(cli, tmp_path, "R-0001 version 1 needs 1 reviewer(s) but its submit "
                                       "entry recorded 2")


def test_flipping_a_check_status_to_pass_is_caught(cli: Cli, tmp_path: Path) -> None:
    _submit(cli, tmp_path)
    for who in ("bob", "carol"):
        _vote(cli, who, "all.csv", "approve")
    f = schema.files
    _tamper(cli, update(f).where(f.c.path == "small.csv").values(status="pass"))
    release_is_blocked(cli, tmp_path, "the check status of a file of R-0001 version 1 "
                                       "differs from its check entry")


def test_flipping_the_version_verdict_is_caught(cli: Cli, tmp_path: Path) -> None:
    _submit(cli, tmp_path)
    for who in ("bob", "carol"):
        _vote(cli, who, "all.csv", "approve")
    v = schema.versions
    _tamper(cli, update(v).where(v.c.request_id == "R-0001").values(status="pass"))
    release_is_blocked(cli, tmp_path, "the check result of R-0001 version 1 differs")


def test_deleting_a_reject_row_is_caught(cli: Cli, tmp_path: Path) -> None:
    _submit(cli, tmp_path)
    _vote(cli, "bob", "small.csv", "reject")
    _vote(cli, "carol", "small.csv", "approve")
    r = schema.reviews
    _tamper(cli, delete(r).where(r.c.reviewer == "bob"))
    _vote(cli, "dave", "small.csv", "approve")  # with bob's vote gone, two approvals
    release_is_blocked(cli, tmp_path, "the vote of bob on R-0001/small.csv is in the log but "
                                       "not in the ledger")


def test_deleting_a_carried_vote_is_caught(cli: Cli, tmp_path: Path) -> None:
    folder = write_request(tmp_path / "req")
    cli("request", "submit", str(folder), "--author", "alice")
    _vote(cli, "bob", "all.csv", "reject")
    updated = cli.json("request", "submit", str(folder), "--author", "alice", "--update",
                       "R-0001")
    assert updated["carried"] == ["all.csv"]
    r = schema.reviews
    _tamper(cli, delete(r).where(r.c.reviewer == "bob", r.c.version == 2))
    verify = cli("audit", "verify", code=1)
    assert "the votes carried to R-0001 version 2 on all.csv differ" in verify.stderr


def test_untouched_ledger_verifies_and_releases(cli: Cli, tmp_path: Path) -> None:
    _submit(cli, tmp_path)
    for who in ("bob", "carol"):
        _vote(cli, who, "all.csv", "approve")
    assert cli("audit", "verify").stdout.startswith("audit log intact")
    assert cli("release", "R-0001", "--to", str(tmp_path / "o")).stdout == "released all.csv\n"
