"""Shared helpers of the ledger and workflow tests: a fresh ledger on each backend, a small
request folder, and a typer app with the workflow commands.

PostgreSQL: the URL comes from ``SDC_TEST_POSTGRES_URL``, else ``.ci/postgres-url`` (written by
``.ci/system-deps``). Each test gets its own schema, dropped afterwards. With no URL the
PostgreSQL cases are skipped with the reason; with a URL that does not connect they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer
from sqlalchemy import select

from sdc.cli.workflow import register
from sdc.ledger import schema
from sdc.ledger.db import Ledger, open_ledger

REPO = Path(__file__).resolve().parents[1]
BACKENDS = ["sqlite", "postgresql"]

ALL_CSV = "age,female,male,Total\n18-24,12,15,27\n25-34,20,22,42\nTotal,32,37,69\n"
SMALL_CSV = "age,sex,count\n<20,F,2\n20-39,F,20\n"  # 2 < 10: SDC101 fail at C2
REQUEST_TOML = '[request]\ntitle = "Heart disease"\nauthor = "alice"\n'
SIDECAR = '{"schema": "sdc.evidence/1", "cells": {}}'


def postgres_url() -> str | None:
    url = os.environ.get("SDC_TEST_POSTGRES_URL")
    if url:
        return url.strip()
    path = REPO / ".ci" / "postgres-url"
    return path.read_text().strip() if path.is_file() else None


NO_POSTGRES = ("PostgreSQL NOT AVAILABLE: set SDC_TEST_POSTGRES_URL or run .ci/system-deps as "
               "root (it writes .ci/postgres-url); the ledger's PostgreSQL tests are skipped")


@contextmanager
def postgres_schema(*, fresh: bool = False) -> Iterator[str]:
    """A ledger URL in an empty schema of the test database: one an earlier test of this
    process used, emptied, as a new one is once the ledger migrated it
    (``tests/postgres_schemas.py``: CI time), or with ``fresh`` a new schema with nothing in
    it, dropped afterwards and given to no other test (for tests that make an older ledger
    in it, and for the web tests whose server threads hold their own connections)."""
    base = postgres_url()
    if not base:
        pytest.skip(NO_POSTGRES)
    import psycopg

    from tests import postgres_schemas

    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
            name = postgres_schemas.take(base, conn, fresh=fresh)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is configured ({base}) but does not answer: {exc}")
    try:
        yield postgres_schemas.url_of(base, name)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            if fresh:
                conn.execute(f"DROP SCHEMA {name} CASCADE")
            else:
                postgres_schemas.give_back(base, conn, name)


@contextmanager
def ledger_location(backend: str, tmp_path: Path, *, fresh: bool = False) -> Iterator[str]:
    """A new ledger's location on ``backend`` (``fresh``: see :func:`postgres_schema`)."""
    if backend == "sqlite":
        yield str(tmp_path / "ledger" / "ledger.sqlite")
    else:
        with postgres_schema(fresh=fresh) as url:
            yield url


@contextmanager
def opened(url: str) -> Iterator[Ledger]:
    ledger = open_ledger(url)
    try:
        yield ledger
    finally:
        ledger.close()


def write_request(root: Path, files: dict[str, str] | None = None) -> Path:
    """A request folder: a passing table, a failing one, request.toml and a sidecar."""
    files = files if files is not None else {
        "all.csv": ALL_CSV, "small.csv": SMALL_CSV, "request.toml": REQUEST_TOML,
        "small.csv.sdc.json": SIDECAR,
    }
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def released_margin_rows(url: str) -> list[tuple]:
    """Every row of the ledger's margins index, sorted (the ledger-margins tests compare them
    before and after a migration)."""
    with opened(url) as led, led.read() as conn:
        rm = schema.released_margins
        return sorted(conn.execute(select(rm.c.table_id, rm.c.margin_sig, rm.c.grand_total)))


def approve_and_release(ledger: Ledger, folder: Path, files: dict[str, str]) -> str:
    """Write ``files`` as a request folder, submit it, have two reviewers approve every
    output and release them (the ledger's prior-release tests' first period)."""
    from sdc.ledger.release import release
    from sdc.ledger.requests import submit
    from sdc.ledger.reviews import review
    from sdc.policy import build_policy

    write_request(folder, files)
    result = submit(ledger, folder, author="alice", policy=build_policy({}))
    for name in ("bob", "carol"):
        review(ledger, result.request_id, reviewer=name, paths=result.outputs,
               decision="approve", comment="fine", authenticated=True)
    release(ledger, result.request_id, folder.with_name(folder.name + "-out"), actor="dave")
    return result.request_id


def workflow_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


ADMIN_PASSWORD = "correct horse battery"


def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its defaults costs ~0.5 s a hash on a busy CI machine; tests about access and
    the ledger's settings are not about the hash's cost (still argon2id, verified the same way)."""
    from sdc.ledger import users

    monkeypatch.setattr(users, "HASHER_PARAMS", {"time_cost": 1, "memory_cost": 1024,
                                                 "parallelism": 1})
    monkeypatch.setattr(users, "_DUMMY", [])


@contextmanager
def ledger_with_admin(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                      ) -> Iterator[str]:
    """A fresh ledger with an admin ``root`` and a checker ``bob`` (both ``ADMIN_PASSWORD``),
    and no ``$SDC_POLICY`` from the machine running the tests."""
    from sdc.ledger.users import add_user

    monkeypatch.delenv("SDC_POLICY", raising=False)
    with ledger_location(backend, tmp_path) as location:
        with opened(location) as led:
            add_user(led, "root", "admin", ADMIN_PASSWORD, actor="ops")
            add_user(led, "bob", "checker", ADMIN_PASSWORD, actor="ops")
        yield location


# Votes on the command line are an account's (sdc.ledger.votes): the workflow tests vote as
# these checker accounts, each with CHECKER_PASSWORD, given on stdin (VOTE_INPUT) as a piped
# `sdc review` reads it. Commands that read no password ignore the line.
CHECKERS = ("bob", "carol", "dave", "erin")
CHECKER_PASSWORD = "checker password 21"
VOTE_INPUT = CHECKER_PASSWORD + "\n"


def add_checkers(location: str, names: tuple[str, ...] = CHECKERS) -> None:
    """Checker accounts ``names`` (password CHECKER_PASSWORD) in the ledger at ``location``,
    hashed at argon2's lowest cost (a hash records its cost, so each vote's check is as cheap;
    the module's cost is put back for the test's own hashes)."""
    from sdc.ledger import users

    saved = users.HASHER_PARAMS
    users.HASHER_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    try:
        with opened(location) as led:
            for name in names:
                users.add_user(led, name, "checker", CHECKER_PASSWORD, actor="ops")
    finally:
        users.HASHER_PARAMS = saved


@contextmanager
def ledger_with_checkers(backend: str, tmp_path: Path,
                         names: tuple[str, ...] = CHECKERS) -> Iterator[str]:
    """A fresh ledger whose checkers ``names`` have accounts."""
    with ledger_location(backend, tmp_path) as location:
        add_checkers(location, names)
        yield location


NAMED_VOTES = b'[workflow]\ncli_votes = "named"\n'


def pin_named_votes(location: str) -> None:
    """Pin a policy saying ``[workflow] cli_votes = "named"`` (the free-text votes of before
    round 21), as ``sdc ledger policy set`` pins one (its admin check aside)."""
    from sdc.ledger.pinned import set_policy
    from sdc.policy import policy_from_bytes

    policy = policy_from_bytes(NAMED_VOTES, (), None, source="named-votes.toml",
                               name="named-votes.toml")
    with opened(location) as led:
        set_policy(led, policy, NAMED_VOTES, (), actor="root")
