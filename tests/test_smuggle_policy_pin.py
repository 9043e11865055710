"""The policy is the checkers', never the submitter's (issue 12, general rule 3; hunt round 18).

``sdc request submit --rules FILE``, ``$SDC_POLICY`` or a rules.toml above the submitter's
working directory checked the version under the submitter's policy, ``[workflow] reviewers``
included: a lenient file (threshold 2, one reviewer) let North's 3 through SDC101 with one
approval, and the release wrote it out. Now a ledger has a pinned policy (``sdc.ledger.pinned``,
the built-in default until an admin runs ``sdc ledger policy set``): submissions are checked
under it and naming another is refused; votes and releases refuse a version checked under any
other. The twin: the same lenient file pinned by an admin releases after one approval.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from sdc.ledger import schema
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    BACKENDS,
    CHECKER_PASSWORD,
    VOTE_INPUT,
    add_checkers,
    cheap_argon2,
    ledger_with_admin,
    opened,
    workflow_app,
)

pytest.importorskip("argon2", reason="the admin's password needs argon2: pip install "
                                     "'sdc[server]'")

runner = CliRunner()
APP = workflow_app()
TABLE = "region,count\nNorth,3\nSouth,30\nEast,25\nWest,20\nTotal,78\n"  # 3 < 10: SDC101 B2
LENIENT = "[rules.small-count]\nthreshold = 2\n\n[workflow]\nreviewers = 1\n"
PASSWORD = ADMIN_PASSWORD


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


def _ledger(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with ledger_with_admin(backend, tmp_path, monkeypatch) as location:
        yield location


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The attacks and their twin run on both backends."""
    yield from _ledger(request.param, tmp_path, monkeypatch)


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Who may pin, and the chain over the pin: the same code on either backend."""
    yield from _ledger("sqlite", tmp_path, monkeypatch)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The submitter's home, outside the request folder, with a lenient rules.toml."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "rules.toml").write_text(LENIENT)
    (folder / "req").mkdir()
    (folder / "req" / "t.csv").write_text(TABLE)
    return folder


def sdc(url: str, *args: str, code: int = 0, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(APP, [*args, "--ledger", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def findings(url: str, request_id: str) -> list[tuple[str, str, str]]:
    with opened(url) as led, led.read() as conn:
        v = schema.versions
        stored = conn.execute(select(v.c.result_json).where(v.c.request_id == request_id)
                              .order_by(v.c.version.desc())).scalars().first()
    return [(f["rule"], f["status"], f["location"]["cell"])
            for o in json.loads(stored)["outputs"] for f in o["findings"]]


def approve_and_release(url: str, tmp_path: Path, request_id: str, *, code: int) -> Path:
    sdc(url, "review", request_id, "--reviewer", "bob", "--output", "t.csv", "--decision",
        "approve", "--comment", "looks fine", stdin=PASSWORD + "\n")  # bob's account
    target = tmp_path / f"out-{request_id}"
    sdc(url, "release", request_id, "--to", str(target), "--by", "dave", code=code)
    return target


def test_the_submitters_policy_is_refused(url: str, home: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """--rules and $SDC_POLICY naming a lenient file are refused, nothing is recorded; a
    rules.toml above the working directory is not used: the built-in policy checks the
    version, SDC101 fails North's 3 at B2, and one approval releases nothing."""
    req = str(home / "req")
    refused = sdc(url, "request", "submit", req, "--author", "alice", "--rules",
                  str(home / "rules.toml"), code=2)
    assert "this ledger checks every submission under its own policy" in refused.stderr
    monkeypatch.setenv("SDC_POLICY", str(home / "rules.toml"))
    assert "$SDC_POLICY asks for" in sdc(url, "request", "submit", req, "--author", "alice",
                                         code=2).stderr
    monkeypatch.delenv("SDC_POLICY")
    assert "--profile asks for" in sdc(url, "request", "submit", req, "--author", "alice",
                                       "--profile", "acro", code=2).stderr
    assert sdc(url, "request", "list").stdout == ""  # nothing was recorded
    monkeypatch.chdir(home)  # rules.toml is in the working directory
    assert sdc(url, "request", "submit", "req", "--author", "alice").stdout == "R-0001\n"
    assert findings(url, "R-0001") == [("SDC101", "fail", "B2")]
    target = approve_and_release(url, tmp_path, "R-0001", code=1)
    assert not target.exists()
    shown = json.loads(sdc(url, "request", "show", "R-0001", "--format", "json").stdout)
    assert shown["reviewers_required"] == 2 and shown["policy"]["source"] == "built-in"


def test_the_pinned_lenient_policy_releases(url: str, home: Path, tmp_path: Path) -> None:
    """The twin: the same lenient file, pinned by the admin, checks the version (North's 3
    passes at threshold 2) and its one reviewer releases it; --rules naming it is accepted."""
    rules = str(home / "rules.toml")
    pinned = sdc(url, "ledger", "policy", "set", rules, "--by", "root", stdin=PASSWORD + "\n")
    assert f"policy in force: {rules} (profile default" in pinned.stdout
    sdc(url, "request", "submit", str(home / "req"), "--author", "alice", "--rules", rules)
    assert findings(url, "R-0001") == []
    target = approve_and_release(url, tmp_path, "R-0001", code=0)
    assert (target / "t.csv").read_text() == TABLE
    assert sdc(url, "audit", "verify").exit_code == 0


def test_a_version_checked_before_the_pin_moved_is_neither_voted_on_nor_released(
        url: str, home: Path, tmp_path: Path) -> None:
    """Approved under the built-in policy, then the admin pins another: the release is
    refused and so is a vote; submitted again, the version is checked under the new pin."""
    add_checkers(url, ("carol", "erin"))
    sdc(url, "request", "submit", str(home / "req"), "--author", "alice")
    for reviewer, password in (("bob", PASSWORD), ("carol", CHECKER_PASSWORD)):
        sdc(url, "review", "R-0001", "--reviewer", reviewer, "--output", "t.csv",
            "--decision", "approve", "--comment", "agreed with the data owner",
            stdin=password + "\n")
    sdc(url, "ledger", "policy", "set", str(home / "rules.toml"), "--by", "root",
        stdin=PASSWORD + "\n")
    refused = sdc(url, "release", "R-0001", "--to", str(tmp_path / "o"), "--by", "dave",
                  code=1)
    assert "R-0001 version 1 cannot be released" in refused.stderr
    assert not (tmp_path / "o").exists()
    vote = sdc(url, "review", "R-0001", "--reviewer", "erin", "--output", "t.csv",
               "--decision", "reject", "--comment", "no", code=2, stdin=VOTE_INPUT)
    assert "cannot be reviewed" in vote.stderr
    assert "not the policy in force" in sdc(url, "request", "show", "R-0001").stdout
    sdc(url, "request", "submit", str(home / "req"), "--author", "alice", "--update", "R-0001")
    assert findings(url, "R-0001") == []  # checked under the pinned policy now


def test_only_an_admin_pins_the_policy(sqlite_url: str, home: Path) -> None:
    """A checker, a wrong password and an unknown name are refused; nothing is pinned."""
    url = sqlite_url
    for who, password in (("bob", PASSWORD), ("root", "not the one!!"), ("nobody", PASSWORD)):
        refused = sdc(url, "ledger", "policy", "set", str(home / "rules.toml"), "--by", who,
                      stdin=password + "\n", code=2)
        assert "not an enabled admin account" in refused.stderr
    shown = json.loads(sdc(url, "ledger", "policy", "show", "--format", "json").stdout)
    assert shown["source"] == "built-in" and not shown["pinned"]


def test_an_edited_pin_breaks_the_audit_chain(sqlite_url: str, home: Path) -> None:
    """The pin is an entry of the hash-chained log: making it more lenient behind the log's
    back is caught by audit verify (and so by every release)."""
    url = sqlite_url
    sdc(url, "ledger", "policy", "set", "--built-in", "--by", "root", stdin=PASSWORD + "\n")
    log = schema.audit_log
    with opened(url) as led, led.write() as conn:
        seq, data = conn.execute(select(log.c.seq, log.c.data)
                                 .where(log.c.event == "policy-set")).one()
        edited = {**json.loads(data), "text": LENIENT, "source": "rules.toml"}
        conn.execute(update(log).where(log.c.seq == seq).values(data=json.dumps(edited)))
    sdc(url, "audit", "verify", code=1)


def test_the_web_server_refuses_another_policy(sqlite_url: str, home: Path) -> None:
    """``sdc serve --rules`` naming a policy the ledger is not pinned to does not start."""
    pytest.importorskip("uvicorn")
    from sdc.cli import app

    refused = runner.invoke(app, ["serve", "--rules", str(home / "rules.toml"), "--ledger",
                                  sqlite_url])
    assert refused.exit_code == 2 and "only an admin changes it" in refused.stderr
