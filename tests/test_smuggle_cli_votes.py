"""A command-line vote is an account's (issue 12, channel 9; round 21).

``sdc review --reviewer NAME`` took free text: anyone at the terminal voted as anyone, so one
person gave both approvals of a failing output by typing two names. Now the name must be an
enabled checker (or admin) account and the vote gives its password (a prompt, or the first line
of piped stdin), checked as the web's login checks it; the review entry records
``"authenticated": true``. A wrong password, a researcher's account, a disabled checker and a
name with no account are refused with one message, and nothing is recorded. The free-text path
stays where the pinned policy says ``[workflow] cli_votes = "named"`` (entry:
``"authenticated": false``). The key is out of the built-in policy's hash.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.policy import build_policy
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    BACKENDS,
    CHECKER_PASSWORD,
    add_checkers,
    cheap_argon2,
    ledger_with_admin,
    pin_named_votes,
    write_request,
)

pytest.importorskip("argon2", reason="accounts need argon2: pip install 'sdc[server]'")

runner = CliRunner()
# the built-in policy's sha256 before the key existed (round 20's main): versions checked under
# it stay under the policy in force. A change of a built-in default changes it on purpose
# (round 26: the workbook limits `max_cells` and `max_part_bytes` were added).
BUILT_IN_SHA256 = "7f00632c8831e16c21fc42c769378acb479bc9ae68423ff98ca73b6d2cdb76f4"


def refused(name: str) -> str:
    return (f"error: --reviewer {name}: not an enabled checker account of this ledger, or the "
            "password is wrong\n")


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """root (admin) and bob (checker) with ADMIN_PASSWORD; carol and dave with
    CHECKER_PASSWORD; rita a researcher; R-0001 by alice (small.csv fails SDC101)."""
    with ledger_with_admin(request.param, tmp_path, monkeypatch) as location:
        add_checkers(location, ("carol", "dave"))
        sdc(location, "users", "add", "rita", "--role", "researcher", "--by", "root",
            stdin=f"{CHECKER_PASSWORD}\n{ADMIN_PASSWORD}\n")
        sdc(location, "request", "submit", str(write_request(tmp_path / "req")), "--author",
            "alice")
        yield location


def sdc(url: str, *args: str, code: int = 0, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--ledger", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def approve(url: str, who: str, password: str, code: int = 0):  # type: ignore[no-untyped-def]
    return sdc(url, "review", "R-0001", "--reviewer", who, "--output", "small.csv",
               "--decision", "approve", "--comment", "fine", code=code, stdin=password + "\n")


def votes(url: str) -> list[tuple[str, bool]]:
    lines = sdc(url, "audit", "export").stdout.splitlines()
    return [(e["actor"], e["data"]["authenticated"]) for e in map(json.loads, lines)
            if e["event"] == "review"]


def test_a_vote_without_the_accounts_password_is_refused(url: str, tmp_path: Path) -> None:
    """Before: ``--reviewer bob`` and ``--reviewer carol`` from one terminal released
    small.csv (SDC101 fail). Now each needs its own password."""
    assert approve(url, "bob", CHECKER_PASSWORD, code=2).stderr == refused("bob")
    assert approve(url, "bob", "", code=2).stderr == refused("bob")
    assert approve(url, "rita", CHECKER_PASSWORD, code=2).stderr == refused("rita")  # researcher
    assert approve(url, "mallory", CHECKER_PASSWORD, code=2).stderr == refused("mallory")
    sdc(url, "users", "disable", "dave", "--by", "root", stdin=ADMIN_PASSWORD + "\n")
    assert approve(url, "dave", CHECKER_PASSWORD, code=2).stderr == refused("dave")
    assert votes(url) == []
    target = tmp_path / "out"
    nothing = sdc(url, "release", "R-0001", "--to", str(target), code=1)
    assert "nothing to release" in nothing.stderr and not target.exists()
    # the twin: each checker with their own password
    approve(url, "bob", ADMIN_PASSWORD)
    assert approve(url, "carol", CHECKER_PASSWORD).stdout == (
        "small.csv: approved (bob approve, carol approve)\n")
    assert votes(url) == [("bob", True), ("carol", True)]
    assert sdc(url, "release", "R-0001", "--to", str(target)).stdout == "released small.csv\n"
    assert sdc(url, "audit", "verify").stdout.startswith("audit log intact")


def test_named_votes_where_the_policy_says_so(tmp_path: Path) -> None:
    """cli_votes = "named": a name with no account votes, and its entry says so."""
    location = str(tmp_path / "ledger.sqlite")
    pin_named_votes(location)
    sdc(location, "request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
    for who in ("bob", "carol"):
        sdc(location, "review", "R-0001", "--reviewer", who, "--output", "all.csv",
            "--decision", "approve")
    assert votes(location) == [("bob", False), ("carol", False)]
    shown = json.loads(sdc(location, "request", "show", "R-0001", "--format", "json").stdout)
    assert shown["outputs"][0]["state"] == "approved"


def test_the_key_is_validated_and_out_of_the_built_in_hash(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    assert build_policy({}).sha256 == BUILT_IN_SHA256
    assert build_policy({"workflow": {"cli_votes": "account"}}).sha256 == BUILT_IN_SHA256
    named = build_policy({"workflow": {"cli_votes": "named"}})
    assert named.sha256 != BUILT_IN_SHA256 and named.model.workflow.cli_votes == "named"
    bad = tmp_path / "rules.toml"
    bad.write_text('[workflow]\ncli_votes = "anyone"\n', encoding="utf-8")
    with ledger_with_admin("sqlite", tmp_path, monkeypatch) as location:
        result = sdc(location, "ledger", "policy", "set", str(bad), "--by", "root", code=2,
                     stdin=ADMIN_PASSWORD + "\n")
    assert "workflow.cli_votes: Input should be 'account' or 'named'" in result.stderr
