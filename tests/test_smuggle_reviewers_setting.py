"""The ledger's ``reviewers`` setting is in the hash chain (issue 12, channel 10; round 19).

The number of reviewers per output, when the pinned policy sets no ``[workflow] reviewers``,
was a ``settings`` row: with database access, ``UPDATE settings SET value = '1'`` before a
submit and the version was recorded (submit entry included) as needing one approval. Now the
number is the newest ``reviewers-set`` entry, written by ``sdc ledger reviewers set N --by
ADMIN`` with the row: an edited row makes ``submit`` refuse, and ``audit verify`` and
``release`` name it. The twin: the same 1 set through the command releases after one approval.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from sdc.ledger import schema
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    BACKENDS,
    cheap_argon2,
    ledger_with_admin,
    opened,
    workflow_app,
    write_request,
)

pytest.importorskip("argon2", reason="the admin's password needs argon2: pip install "
                                     "'sdc[server]'")

runner = CliRunner()
APP = workflow_app()
PASSWORD = ADMIN_PASSWORD
SETTING = schema.settings


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


def _ledger(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with ledger_with_admin(backend, tmp_path, monkeypatch) as location:
        yield location


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield from _ledger(request.param, tmp_path, monkeypatch)


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield from _ledger("sqlite", tmp_path, monkeypatch)


def sdc(url: str, *args: str, code: int = 0, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(APP, [*args, "--ledger", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def _set(url: str, number: str, by: str = "root", code: int = 0):  # type: ignore[no-untyped-def]
    return sdc(url, "ledger", "reviewers", "set", number, "--by", by, code=code,
               stdin=PASSWORD + "\n")


def _tamper(url: str, statement) -> None:  # type: ignore[no-untyped-def]
    with opened(url) as led, led.write() as conn:
        assert conn.execute(statement).rowcount == 1


def _submit(url: str, folder: Path, code: int = 0):  # type: ignore[no-untyped-def]
    return sdc(url, "request", "submit", str(folder), "--author", "alice", code=code)


def _approve(url: str) -> None:
    sdc(url, "review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision",
        "approve", stdin=PASSWORD + "\n")  # bob's account (ledger_with_admin)


def test_updating_the_setting_row_blocks_submit_and_release(url: str, tmp_path: Path) -> None:
    folder = write_request(tmp_path / "req")
    _set(url, "2")
    _submit(url, folder)  # R-0001 needs two reviewers
    _tamper(url, update(SETTING).where(SETTING.c.key == "reviewers").values(value="1"))
    reason = "the ledger setting reviewers (1) differs from its reviewers-set entry (2)"
    refused = _submit(url, folder, code=2)  # nothing recorded under the edited number
    assert reason in refused.stderr, refused.stderr
    assert [r["id"] for r in json.loads(sdc(url, "request", "list", "--format",
                                            "json").stdout)] == ["R-0001"]
    _approve(url)  # one approval: enough only if the edited number were believed
    verify = sdc(url, "audit", "verify", code=1)
    assert reason in verify.stderr, verify.stderr
    target = tmp_path / "released"
    result = sdc(url, "release", "R-0001", "--to", str(target), "--by", "dave", code=1)
    assert reason in result.stderr, result.stderr
    assert not target.exists()


def test_setting_through_the_command_releases_after_one_approval(url: str, tmp_path: Path
                                                                 ) -> None:
    _set(url, "1")
    assert json.loads(sdc(url, "ledger", "reviewers", "show", "--format", "json").stdout) == {
        "reviewers": 1, "seq": 3, "by": "root"}
    _submit(url, write_request(tmp_path / "req"))
    _approve(url)
    sdc(url, "audit", "verify")
    target = tmp_path / "released"
    result = sdc(url, "release", "R-0001", "--to", str(target), "--by", "dave")
    assert result.stdout == "released all.csv\n"


def test_a_row_written_without_an_entry_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    _tamper(sqlite_url, SETTING.insert().values(key="reviewers", value="1"))
    reason = ("the ledger setting reviewers (1) is not in the audit log (no reviewers-set "
              "entry: the number in force is 2)")
    assert reason in _submit(sqlite_url, write_request(tmp_path / "req"), code=2).stderr
    assert reason in sdc(sqlite_url, "audit", "verify", code=1).stderr
    assert reason in sdc(sqlite_url, "ledger", "reviewers", "show", code=2).stderr


def test_deleting_the_row_is_caught(sqlite_url: str) -> None:
    _set(sqlite_url, "3")
    _tamper(sqlite_url, delete(SETTING).where(SETTING.c.key == "reviewers"))
    verify = sdc(sqlite_url, "audit", "verify", code=1)
    assert "the ledger setting reviewers (missing) differs from its reviewers-set entry (3)" \
        in verify.stderr, verify.stderr


def test_only_an_admin_sets_it(sqlite_url: str) -> None:
    for by in ("bob", "nobody"):
        refused = _set(sqlite_url, "1", by=by, code=2)
        assert f"--by {by}: not an enabled admin account" in refused.stderr
    assert "at least 1" in _set(sqlite_url, "0", code=2).stderr
    assert sdc(sqlite_url, "ledger", "reviewers", "show").stdout == (
        "reviewers per output: 2 (the default)\n")
    assert "reviewers-set" not in sdc(sqlite_url, "audit", "export").stdout
