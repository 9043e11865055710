"""The web app refuses what the command line refuses (sdc.ledger.pinned; tests/test_smuggle_
policy_pin.py): a version checked under another policy than the ledger's pinned one is not
released, and a server whose policy is not the pinned one creates no request."""

from __future__ import annotations

from pathlib import Path

from sdc.ledger.db import Ledger
from sdc.ledger.pinned import set_policy
from sdc.ledger.requests import list_requests
from sdc.policy import load_policy
from sdc.web.app import Config, create_app
from tests.web.conftest import Browser, ready_request

LENIENT = "[rules.small-count]\nthreshold = 1\n\n[workflow]\nreviewers = 1\n"


def _lenient(tmp_path: Path) -> Path:
    path = tmp_path / "checkers" / "rules.toml"
    path.parent.mkdir()
    path.write_text(LENIENT)
    return path


def test_a_version_checked_under_another_policy_is_not_released(
        as_user, ledger: Ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, bob, carol = (as_user(n) for n in ("alice", "bob", "carol"))
    rid = ready_request(alice)
    for checker in (bob, carol):
        for path in ("all.csv", "small.csv"):
            voted = checker.post(f"/requests/{rid}/vote", {
                "path": path, "decision": "approve", "comment": "agreed with the owner"})
            assert voted.status_code == 303, voted.text
    rules = _lenient(tmp_path)
    set_policy(ledger, load_policy(rules), rules.read_bytes(), (), actor="root")
    refused = carol.post(f"/requests/{rid}/release")
    assert refused.status_code == 400 and "cannot be released" in refused.text
    assert not (tmp_path / "released" / rid).exists()


def test_a_server_under_another_policy_creates_no_request(
        ledger: Ledger, workspaces: Path, tmp_path: Path) -> None:
    config = Config(workspaces=workspaces, releases=tmp_path / "released",
                    policy=load_policy(_lenient(tmp_path)))
    alice = Browser(create_app(ledger, config), "alice")
    refused = alice.post("/requests/new", {"workspace": "heart"})
    assert refused.status_code == 400 and "not the policy in force" in refused.text
    assert list_requests(ledger) == []
