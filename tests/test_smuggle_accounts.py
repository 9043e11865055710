"""Accounts are copies of the hash-chained log (issue 12, channel 10; round 20).

The ``users`` table was outside the chain: with database access, an insider could insert an
admin row with their own argon2 hash, raise their checker account to admin, or put their hash
on the admin's account, then pin a lenient policy or one reviewer with ``sdc ledger ... --by``;
and ``sdc users add NAME --role admin`` asked nobody. Now a row must match its ``user-add``
entry (name, role, SHA-256 of the hash) and the disable/enable entries after it: the admin
check refuses, and ``audit verify`` (so every release) names the row. A second admin is granted
by an admin's password (``--by``). The twin: an admin granted that way sets the number.

And a submit entry's number of reviewers is recomputed from the log (the pin and the
``reviewers-set`` entry before it): a submit written by a patched sdc with one reviewer is
named by ``audit verify`` and its one-approval release refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from sdc.cli import app
from sdc.ledger import schema
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    BACKENDS,
    cheap_argon2,
    ledger_with_admin,
    opened,
    write_request,
)

pytest.importorskip("argon2", reason="accounts need argon2: pip install 'sdc[server]'")

runner = CliRunner()
USERS = schema.users
MINE = "mallory's own secret"


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with ledger_with_admin(request.param, tmp_path, monkeypatch) as location:
        yield location


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with ledger_with_admin("sqlite", tmp_path, monkeypatch) as location:
        yield location


def sdc(url: str, *args: str, code: int = 0, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--ledger", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def _hash(password: str) -> str:
    from sdc.ledger.users import _hasher

    return str(_hasher().hash(password))


def _tamper(url: str, statement) -> None:  # type: ignore[no-untyped-def]
    with opened(url) as led, led.write() as conn:
        assert conn.execute(statement).rowcount != 0  # an insert on PostgreSQL says -1


def _set_one(url: str, by: str, password: str, code: int):  # type: ignore[no-untyped-def]
    return sdc(url, "ledger", "reviewers", "set", "1", "--by", by, code=code,
               stdin=password + "\n")


def _refused_and_named(url: str, by: str, password: str, reason: str) -> None:
    refused = _set_one(url, by, password, code=2)
    assert f"--by {by}: not an enabled admin account" in refused.stderr, refused.stderr
    verify = sdc(url, "audit", "verify", code=1)
    assert reason in verify.stderr, verify.stderr
    shown = sdc(url, "ledger", "reviewers", "show").stdout
    assert shown == "reviewers per output: 2 (the default)\n"


def test_an_admin_row_written_behind_the_log(url: str) -> None:
    _tamper(url, USERS.insert().values(
        name="mallory", identity="mallory", role="admin", password_hash=_hash(MINE),
        disabled=0, created_at="2026-12-03T22:00:00+00:00", audit_seq=2))
    _refused_and_named(url, "mallory", MINE, "the account 'mallory' (admin) differs from its "
                       "user-add entry 2 ('bob', checker)")


def test_a_checker_raised_to_admin(url: str) -> None:
    _tamper(url, update(USERS).where(USERS.c.name == "bob").values(role="admin"))
    _refused_and_named(url, "bob", ADMIN_PASSWORD, "the account 'bob' (admin) differs from "
                       "its user-add entry 2 ('bob', checker)")


def test_the_admins_password_replaced(sqlite_url: str) -> None:
    _tamper(sqlite_url, update(USERS).where(USERS.c.name == "root")
            .values(password_hash=_hash(MINE)))
    _refused_and_named(sqlite_url, "root", MINE, "the password of the account 'root' (admin) "
                       "differs from its user-add entry 1")


def test_a_row_with_no_entry_and_a_disabled_admin_enabled(sqlite_url: str) -> None:
    sdc(sqlite_url, "users", "disable", "root", "--by", "root", stdin=ADMIN_PASSWORD + "\n")
    _tamper(sqlite_url, update(USERS).where(USERS.c.name == "root").values(disabled=0))
    _refused_and_named(sqlite_url, "root", ADMIN_PASSWORD, "the account 'root' (admin) is "
                       "enabled but its audit entries say the opposite")
    _tamper(sqlite_url, USERS.insert().values(
        name="eve", identity="eve", role="admin", password_hash=_hash(MINE), disabled=0,
        created_at="2026-12-03T22:00:00+00:00", audit_seq=99))
    verify = sdc(sqlite_url, "audit", "verify", code=1)
    assert "the account 'eve' (admin) has no user-add entry in the audit log" in verify.stderr


def test_a_second_admin_is_granted_by_an_admin(url: str) -> None:
    alone = sdc(url, "users", "add", "mallory", "--role", "admin", code=2, stdin=MINE + "\n")
    assert "adding mallory: --by: name the admin account that does it" in alone.stderr
    wrong = sdc(url, "users", "add", "mallory", "--role", "admin", "--by", "bob", code=2,
                stdin=f"{MINE}\n{ADMIN_PASSWORD}\n")
    assert "--by bob: not an enabled admin account" in wrong.stderr
    # the twin: root grants it with root's password; the new admin acts, the log is intact
    sdc(url, "users", "add", "carol", "--role", "admin", "--by", "root",
        stdin=f"{MINE}\n{ADMIN_PASSWORD}\n")
    _set_one(url, "carol", MINE, code=0)
    sdc(url, "audit", "verify")
    assert sdc(url, "ledger", "reviewers", "show").stdout.startswith(
        "reviewers per output: 1 (set by carol")


def test_a_submit_entry_with_too_few_reviewers(sqlite_url: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from sdc.ledger import requests

    folder = write_request(tmp_path / "req", {"all.csv": "age,n\n18-24,27\n25-34,42\n"})
    monkeypatch.setattr(requests, "_reviewers", lambda conn, policy: 1)  # a patched sdc
    sdc(sqlite_url, "request", "submit", str(folder), "--author", "alice")
    sdc(sqlite_url, "review", "R-0001", "--reviewer", "bob", "--output", "all.csv",
        "--decision", "approve", stdin=ADMIN_PASSWORD + "\n")  # bob's password
    reason = ("the submit entry of R-0001 version 1 says 1 reviewer(s) but the policy and "
              "reviewers-set entries before it say 2")
    assert reason in sdc(sqlite_url, "audit", "verify", code=1).stderr
    target = tmp_path / "released"
    refused = sdc(sqlite_url, "release", "R-0001", "--to", str(target), "--by", "dave",
                  code=1)
    assert reason in refused.stderr, refused.stderr
    assert not target.exists()
    # the honest path (one reviewer set by the admin, then submitted) releases after one
    # approval with verify ok: tests/test_smuggle_reviewers_setting.py
