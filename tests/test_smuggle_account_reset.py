"""Accounts of before round 20 are reset by an admin (issue 12, channel 10; round 22).

An account added before round 20 has no ``password_sha256`` in its ``user-add`` entry, so its
hash row is not compared with the log: a database writer puts their own hash on such a
checker's row and votes as the checker. ``sdc users reset NAME --by ADMIN`` (an admin whose
entry has a digest, proven by its password) logs a ``user-reset`` entry with the new password's
digest; the row's old hash is dropped. After it, a replaced hash is refused, and so is a row
pointed back at the replaced entry. ``audit verify`` names the accounts not reset (a warning).
A ledger whose admins are all of before round 20 adds an admin without ``--by`` again (the
bootstrap), until one admin has a digest. ``request show`` says how each vote was cast.

The old accounts are written as the code of before round 20 wrote them (an entry with name and
role only): no production path creates one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from sdc.cli import app
from sdc.ledger import events, schema
from sdc.ledger.errors import LedgerError
from sdc.ledger.users import add_user
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    BACKENDS,
    SMALL_CSV,
    add_checkers,
    cheap_argon2,
    ledger_location,
    opened,
    pin_named_votes,
    write_request,
)

pytest.importorskip("argon2", reason="accounts need argon2: pip install 'sdc[server]'")

runner = CliRunner()
USERS = schema.users
OLD = "an old password 19"  # the holders' passwords of before round 20
NEW = "a new password 22"
MINE = "mallory's own secret"


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


def _hash(password: str) -> str:
    from sdc.ledger.users import _hasher

    return str(_hasher().hash(password))


def old_account(url: str, name: str, role: str, password: str = OLD) -> None:
    """An account as ``add_user`` wrote it before round 20: no digest in its entry."""
    from sdc.ledger.people import identity_key

    with opened(url) as led, led.write() as conn:
        entry = events.append(conn, "ops", "user-add", None, {"name": name, "role": role})
        conn.execute(USERS.insert().values(
            name=name, identity=identity_key(name), role=role, password_hash=_hash(password),
            disabled=0, created_at=entry.at, audit_seq=entry.seq))


@pytest.fixture(params=BACKENDS)
def old(request: pytest.FixtureRequest, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A ledger of before round 20: olga (admin), oscar and otto (checkers), all with OLD;
    R-0001 by alice (all.csv passes, small.csv fails SDC101)."""
    monkeypatch.delenv("SDC_POLICY", raising=False)
    with ledger_location(request.param, tmp_path) as location:
        old_account(location, "olga", "admin")
        old_account(location, "oscar", "checker")
        old_account(location, "otto", "checker")
        sdc(location, "request", "submit", str(write_request(tmp_path / "req")), "--author",
            "alice")
        yield location


def sdc(url: str, *args: str, code: int = 0, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--ledger", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def refused(url: str, *args: str, stdin: str) -> str:
    """stderr of a command refused with exit 2 and one message (no traceback)."""
    result = sdc(url, *args, code=2, stdin=stdin)
    assert isinstance(result.exception, SystemExit), result.exception
    return str(result.stderr)


def vote(url: str, who: str, password: str, path: str = "all.csv", code: int = 0):  # type: ignore[no-untyped-def]
    return sdc(url, "review", "R-0001", "--reviewer", who, "--output", path, "--decision",
               "approve", "--comment", "fine", code=code, stdin=password + "\n")


def not_a_checker(name: str) -> str:
    return (f"error: --reviewer {name}: not an enabled checker account of this ledger, or the "
            "password is wrong\n")


def not_an_admin(name: str) -> str:
    return (f"error: --by {name}: not an enabled admin account of this ledger, or the "
            "password is wrong\n")


def log(url: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in sdc(url, "audit", "export").stdout.splitlines()]


def entry_seq(url: str, event: str, name: str) -> int:
    return next(e["seq"] for e in log(url) if e["event"] == event
                and e["data"].get("name") == name)


def bootstrap_root(url: str) -> None:
    assert sdc(url, "users", "add", "root", "--role", "admin",
               stdin=ADMIN_PASSWORD + "\n").stdout == "added root (admin)\n"


def reset(url: str, name: str, by: str = "root", password: str = NEW,
          by_password: str = ADMIN_PASSWORD) -> str:
    return str(sdc(url, "users", "reset", name, "--by", by,
                   stdin=f"{password}\n{by_password}\n").stdout)


def warning(names: str, *, digest_admin: bool) -> str:
    count = names.count("(")
    first = "" if digest_admin else (
        "; no admin has a digest yet: add one first (sdc users add NAME --role admin)")
    return (f"warning: {count} account(s) added before round 20 have no password digest in "
            f"the audit log, so their password is not checked against it: {names}; reset "
            f"each: sdc users reset NAME --by ADMIN{first}\n")


def _tamper(url: str, statement) -> None:  # type: ignore[no-untyped-def]
    with opened(url) as led, led.write() as conn:
        assert conn.execute(statement).rowcount != 0


def _row(url: str, name: str):  # type: ignore[no-untyped-def]
    with opened(url) as led, led.read() as conn:
        return conn.execute(USERS.select().where(USERS.c.name == name)).first()


def test_a_replaced_hash_votes_before_the_reset_and_not_after(old: str) -> None:
    # before: the writer's hash on oscar's row is accepted (nothing in the log to compare)
    _tamper(old, update(USERS).where(USERS.c.name == "oscar").values(password_hash=_hash(MINE)))
    vote(old, "oscar", MINE)
    assert [(e["actor"], e["data"]["authenticated"]) for e in log(old)
            if e["event"] == "review"] == [("oscar", True)]
    bootstrap_root(old)
    assert reset(old, "oscar") == "reset oscar (checker): its password is now in the audit log\n"
    reset_seq = entry_seq(old, "user-reset", "oscar")
    entry = next(e for e in log(old) if e["seq"] == reset_seq)
    assert entry["actor"] == "root" and entry["data"]["role"] == "checker"
    row = _row(old, "oscar")
    assert entry["data"]["password_sha256"] == hashlib.sha256(
        row.password_hash.encode()).hexdigest()
    assert row.audit_seq == reset_seq
    # the replaced hash was dropped, not vouched for
    assert vote(old, "oscar", MINE, "small.csv", code=2).stderr == not_a_checker("oscar")
    # after: the writer replaces the hash again: refused, and audit verify names it
    _tamper(old, update(USERS).where(USERS.c.name == "oscar").values(password_hash=_hash(MINE)))
    assert vote(old, "oscar", MINE, "small.csv", code=2).stderr == not_a_checker("oscar")
    named = sdc(old, "audit", "verify", code=1).stderr
    assert (f"the password of the account 'oscar' (checker) differs from its user-reset entry "
            f"{reset_seq}") in named, named
    # or points the row back at its old entry (no digest there) with the writer's hash
    add_seq = entry_seq(old, "user-add", "oscar")
    _tamper(old, update(USERS).where(USERS.c.name == "oscar").values(audit_seq=add_seq))
    assert vote(old, "oscar", MINE, "small.csv", code=2).stderr == not_a_checker("oscar")
    named = sdc(old, "audit", "verify", code=1).stderr
    assert (f"the account 'oscar' (checker) points at its user-add entry {add_seq}, but entry "
            f"{reset_seq} reset its password") in named, named
    # the twin: the row as the reset wrote it; the holder votes with the new password
    _tamper(old, update(USERS).where(USERS.c.name == "oscar").values(
        password_hash=row.password_hash, audit_seq=reset_seq))
    vote(old, "oscar", NEW, "small.csv")
    verified = sdc(old, "audit", "verify")
    assert verified.stdout.startswith("audit log intact")
    assert verified.stderr == warning("olga (admin), otto (checker)", digest_admin=True)


def test_a_reset_needs_an_admin_with_a_digest_and_its_password(old: str) -> None:
    bootstrap_root(old)
    sdc(old, "users", "add", "ada", "--role", "admin", "--by", "root",
        stdin=f"{NEW}\n{ADMIN_PASSWORD}\n")
    sdc(old, "users", "disable", "ada", "--by", "root", stdin=ADMIN_PASSWORD + "\n")
    sdc(old, "users", "add", "bea", "--role", "checker", "--by", "root",
        stdin=f"{NEW}\n{ADMIN_PASSWORD}\n")
    args = ("users", "reset", "oscar", "--by")
    assert refused(old, *args, "root", stdin=f"{NEW}\nwrong password\n") == not_an_admin("root")
    assert refused(old, *args, "bea", stdin=f"{NEW}\n{NEW}\n") == not_an_admin("bea")
    assert refused(old, *args, "ada", stdin=f"{NEW}\n{NEW}\n") == not_an_admin("ada")
    assert refused(old, *args, "olga", stdin=f"{NEW}\n{OLD}\n") == (
        "error: --by olga: an admin added before round 20 (no password digest in the audit "
        "log) cannot reset an account: an admin added since does (while no admin has one, add "
        "one: sdc users add NAME --role admin)\n")
    assert refused(old, "users", "reset", "oscar", stdin=f"{NEW}\n") == (
        "error: resetting oscar: --by: name the admin account that does it (its password is "
        "asked)\n")
    assert refused(old, "users", "reset", "nobody", "--by", "root",
                   stdin=f"{NEW}\n{ADMIN_PASSWORD}\n") == "error: no account 'nobody'\n"
    assert refused(old, "users", "reset", "bea", "--by", "root",
                   stdin=f"{NEW}\n{ADMIN_PASSWORD}\n") == (
        "error: the account 'bea' has its password digest in the audit log already (added "
        "since round 20): reset is for accounts added before\n")
    assert refused(old, "users", "reset", "oscar", "--by", "root",
                   stdin=f"short\n{ADMIN_PASSWORD}\n") == (
        "error: the password is too short (at least 10 characters)\n")
    assert not [e for e in log(old) if e["event"] == "user-reset"]
    vote(old, "oscar", OLD)  # nothing changed: the old password still holds
    # the twin: root's password
    assert reset(old, "oscar").startswith("reset oscar")


def test_the_bootstrap_again_while_no_admin_has_a_digest(old: str) -> None:
    verified = sdc(old, "audit", "verify")
    assert verified.stdout.startswith("audit log intact")  # a warning, not a failure
    assert verified.stderr == warning("olga (admin), oscar (checker), otto (checker)",
                                      digest_admin=False)
    assert refused(old, "users", "reset", "oscar", "--by", "olga",
                   stdin=f"{NEW}\n{OLD}\n").startswith("error: --by olga: an admin added "
                                                       "before round 20")
    bootstrap_root(old)
    added = next(e for e in log(old) if e["event"] == "user-add"
                 and e["data"]["name"] == "root")
    assert "granted_by" not in added["data"] and added["data"]["password_sha256"]
    assert sdc(old, "audit", "verify").stderr == warning(
        "olga (admin), oscar (checker), otto (checker)", digest_admin=True)
    # refused once an admin has a digest
    assert refused(old, "users", "add", "mallory", "--role", "admin",
                   stdin=MINE + "\n") == (
        "error: adding mallory: --by: name the admin account that does it (its password is "
        "asked)\n")
    with opened(old) as led, pytest.raises(LedgerError) as caught:  # the library, too
        add_user(led, "mallory", "admin", MINE, actor="mallory")
    assert str(caught.value) == ("mallory: only an admin of this ledger grants the admin role "
                                 "(sdc users add NAME --role admin --by ADMIN)")
    for name in ("olga", "oscar", "otto"):
        reset(old, name)
    verified = sdc(old, "audit", "verify")
    assert verified.stdout.startswith("audit log intact") and verified.stderr == ""
    # olga's old password no longer makes her an admin; her new one does
    assert refused(old, "users", "disable", "otto", "--by", "olga",
                   stdin=OLD + "\n") == not_an_admin("olga")
    sdc(old, "users", "disable", "otto", "--by", "olga", stdin=NEW + "\n")
    # and a reset admin resets no longer-old accounts: nothing is left to reset
    assert refused(old, "users", "reset", "otto", "--by", "olga",
                   stdin=f"{NEW}\n{NEW}\n").startswith("error: the account 'otto' has its "
                                                       "password digest")


def test_a_reset_keeps_the_account_disabled(old: str) -> None:
    bootstrap_root(old)
    sdc(old, "users", "disable", "oscar", "--by", "root", stdin=ADMIN_PASSWORD + "\n")
    reset(old, "oscar")
    assert "oscar\tchecker\tdisabled\n" in sdc(old, "users", "list").stdout
    assert vote(old, "oscar", NEW, code=2).stderr == not_a_checker("oscar")
    assert sdc(old, "audit", "verify").stdout.startswith("audit log intact")
    sdc(old, "users", "enable", "oscar", "--by", "root", stdin=ADMIN_PASSWORD + "\n")
    vote(old, "oscar", NEW)


def _vote_of_before_round_21(url: str, who: str, path: str, decision: str) -> None:
    """A review entry as written before round 21: no ``authenticated``."""
    sha = hashlib.sha256(SMALL_CSV.encode()).hexdigest()
    with opened(url) as led, led.write() as conn:
        entry = events.append(conn, who, events.REVIEW, "R-0001", {
            "version": 1, "path": path, "sha256": sha, "decision": decision,
            "comment": None, "overrides": []})
        conn.execute(schema.reviews.insert().values(
            request_id="R-0001", version=1, path=path, reviewer=who, decision=decision,
            comment=None, overrides="[]", created_at=entry.at, carried_from=None,
            audit_seq=entry.seq))


@pytest.mark.parametrize("backend", BACKENDS)
def test_request_show_says_how_each_vote_was_cast(backend: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from sdc.ledger.reviews import review

    monkeypatch.delenv("SDC_POLICY", raising=False)
    with ledger_location(backend, tmp_path) as url:
        add_checkers(url, ("carol",))
        pin_named_votes(url)
        sdc(url, "request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
        sdc(url, "review", "R-0001", "--reviewer", "bob", "--output", "all.csv",
            "--decision", "approve")  # a name (the policy allows it)
        with opened(url) as led:  # the web's logged-in checker
            review(led, "R-0001", reviewer="carol", paths=["all.csv"], decision="approve",
                   authenticated=True)
            review(led, "R-0001", reviewer="carol", paths=["small.csv"], decision="reject",
                   authenticated=True)
        _vote_of_before_round_21(url, "dave", "small.csv", "reject")
        shown = json.loads(sdc(url, "request", "show", "R-0001", "--format", "json").stdout)
        text = sdc(url, "request", "show", "R-0001").stdout
    how = {o["path"]: [(d["reviewer"], d["authenticated"]) for d in o["decisions"]]
           for o in shown["outputs"]}
    assert how == {"all.csv": [("bob", False), ("carol", True)],
                   "small.csv": [("carol", True), ("dave", None)]}
    lines = [line.strip() for line in text.splitlines()
             if line.startswith("      ") and (": approve" in line or ": reject" in line)]
    assert lines == ["bob: approve (not authenticated: a name, as the policy allows)",
                     "carol: approve (authenticated)",
                     "carol: reject (authenticated)",
                     "dave: reject (authentication not recorded: before round 21)"]
