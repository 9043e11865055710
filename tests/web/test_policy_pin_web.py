"""The web app refuses what the command line refuses (sdc.ledger.pinned; tests/test_smuggle_
policy_pin.py): a version checked under another policy than the ledger's pinned one is not
released, and a running server follows a re-pin (it reads the pin per request)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sdc.ledger import schema
from sdc.ledger.db import Ledger
from sdc.ledger.pinned import set_policy
from sdc.policy import load_policy
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


def test_a_running_server_follows_a_re_pin(app, ledger: Ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Round 20: the server reads the pin per request. Started under the built-in policy, it
    checks a submission made after the admin pins the lenient one under the lenient one (no
    restart; before, the submission was refused as 'not the policy in force' until one), and
    says so on /api/policy."""
    alice, root = Browser(app, "alice"), Browser(app, "root")
    rules = _lenient(tmp_path)
    lenient = load_policy(rules)
    set_policy(ledger, lenient, rules.read_bytes(), (), actor="root")
    created = alice.post("/requests/new", {"workspace": "heart"})
    assert created.status_code == 303, created.text
    with ledger.read() as conn:
        recorded = conn.execute(select(schema.versions.c.policy_sha256)).scalars().all()
    assert recorded == [lenient.sha256]
    assert root.get("/api/policy").json()["sha256"] == lenient.sha256
