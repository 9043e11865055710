"""The lifecycle steps of the web app on the command line (``sdc request draft``, ``context``,
``notes``, ``submit-for-review``, ``update``, ``respond``, ``withdraw``, ``return``,
``reject``): the same ``sdc.ledger.lifecycle`` functions, so the same refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_ledger_support import (
    ALL_CSV,
    SMALL_CSV,
    VOTE_INPUT,
    add_checkers,
    workflow_app,
    write_request,
)

APP = workflow_app()
runner = CliRunner()


class Cli:
    def __init__(self, ledger: Path) -> None:
        self.ledger = str(ledger)

    def __call__(self, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
        result = runner.invoke(APP, [*args, "--ledger", self.ledger], input=VOTE_INPUT)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def events(self) -> list[tuple[str, str]]:
        lines = self("audit", "export").stdout.splitlines()
        return [(e["event"], e["actor"]) for e in map(json.loads, lines)]

    def lifecycle(self, rid: str) -> str:
        from sdc.ledger import lifecycle
        from sdc.ledger.db import open_ledger

        led = open_ledger(self.ledger)
        try:
            with led.read() as conn:
                return lifecycle.state_of(conn, rid)
        finally:
            led.close()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    add_checkers(str(tmp_path / "ledger.sqlite"))  # votes are the checkers' accounts'
    return Cli(tmp_path / "ledger.sqlite")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_request(tmp_path / "req", {"all.csv": ALL_CSV, "small.csv": SMALL_CSV})


def test_draft_to_return_update_and_review(cli: Cli, folder: Path) -> None:
    rid = cli("request", "draft", str(folder), "--by", "alice").stdout.strip()
    assert rid == "R-0001" and cli.lifecycle(rid) == "draft"
    refused = cli("request", "submit-for-review", rid, "--by", "alice", code=2)
    assert ("add the request's context; the disclosure controls applied; a justification "
            "for all.csv") in refused.stderr
    cli("request", "context", rid, "--by", "bob", "--context", "x", "--controls", "y", code=2)
    cli("request", "context", rid, "--by", "alice", "--context", "heart study",
        "--controls", "small counts suppressed")
    cli("request", "notes", rid, "--by", "alice", "--output", "all.csv",
        "--justification", "counts of 12 and more")
    cli("request", "notes", rid, "--by", "alice", "--output", "small.csv", "--supporting")
    cli("review", rid, "--reviewer", "bob", "--output", "all.csv", "--decision", "approve",
        code=2)  # a draft takes no votes
    cli("request", "submit-for-review", rid, "--by", "alice")
    assert cli.lifecycle(rid) == "submitted"
    voted = cli("review", rid, "--reviewer", "bob", "--output", "small.csv", "--decision",
                "approve", "--comment", "fine", code=2)
    assert "supporting file" in voted.stderr
    cli("request", "return", rid, "--by", "alice", "--comment", "mine", code=2)  # the author
    cli("request", "return", rid, "--by", "bob", code=2)  # --comment is required
    cli("request", "return", rid, "--by", "bob", "--comment", "   ", code=2)
    cli("request", "return", rid, "--by", "bob", "--comment", "explain all.csv's totals")
    assert cli.lifecycle(rid) == "returned"
    cli("request", "respond", rid, "--by", "alice", "--comment", "totals are sums")
    (folder / "all.csv").write_text(ALL_CSV.replace("27", "28"), encoding="utf-8")
    cli("request", "update", rid, str(folder), "--by", "bob", code=2)  # not an author
    updated = cli("request", "update", rid, str(folder), "--by", "alice")
    assert updated.stdout.startswith(f"{rid} version 2")
    cli("request", "submit-for-review", rid, "--by", "alice")
    cli("request", "withdraw", rid, "--by", "bob", code=2)
    assert [e for e, _ in cli.events() if e != "user-add"] == [
        "submit", "check", "lifecycle-create", "render", "render", "request-context",
        "output-notes", "output-notes", "submit-for-review", "return", "comment", "submit",
        "check", "render", "submit-for-review"]  # render: the pages drawn (changed ones again)


def test_reject_and_withdraw(cli: Cli, folder: Path, tmp_path: Path) -> None:
    rid = cli("request", "submit", str(folder), "--author", "alice").stdout.strip()
    cli("request", "reject", rid, "--by", "bob", code=2)  # --comment is required
    cli("request", "reject", rid, "--by", "bob", "--comment", "identifiable")
    assert cli.lifecycle(rid) == "rejected"
    cli("request", "withdraw", rid, "--by", "alice", code=2)  # rejected: too late
    other = write_request(tmp_path / "other", {"all.csv": ALL_CSV})
    second = cli("request", "draft", str(other), "--by", "alice").stdout.strip()
    cli("request", "withdraw", second, "--by", "alice")
    assert cli.lifecycle(second) == "withdrawn"
    cli("request", "context", second, "--by", "alice", "--context", "a", "--controls", "b",
        code=2)  # withdrawn: no more edits
    assert cli("audit", "verify").exit_code == 0
