"""The ledger library on SQLite and PostgreSQL: locations, migrations, snapshots, the audit
chain and its verification."""

from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from sdc.ledger import events, schema
from sdc.ledger.db import DEFAULT_PATH, ENV_VAR, open_ledger, resolve
from sdc.ledger.errors import LedgerError
from sdc.ledger.migrations import LATEST
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from tests.test_ledger_support import (
    ALL_CSV,
    BACKENDS,
    SMALL_CSV,
    ledger_location,
    opened,
    write_request,
)

# a checker proven by the caller (web session or password): sdc.ledger.votes
review = partial(_review, authenticated=True)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


@pytest.fixture
def ledger(url: str):
    with opened(url) as led:
        yield led


def _submit(ledger, folder: Path, author: str = "alice", update: str | None = None):
    return submit(ledger, folder, author=author, policy=build_policy({}), update=update)


# -- where the ledger is -----------------------------------------------------------------------

def test_resolve_default_env_and_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve(None, {}).sqlite_path == tmp_path / DEFAULT_PATH
    assert resolve(None, {ENV_VAR: "x/l.db"}).sqlite_path == tmp_path / "x" / "l.db"
    assert resolve("o.db", {ENV_VAR: "x/l.db"}).sqlite_path == tmp_path / "o.db"
    assert resolve("sqlite:////abs/l.db", {}).sqlite_path == Path("/abs/l.db")
    pg = resolve("postgresql://u:secret@db.example/ledger", {})
    assert pg.sqlite_path is None
    assert pg.url.drivername == "postgresql+psycopg"
    assert "secret" not in pg.display and pg.display.endswith("@db.example/ledger")


@pytest.mark.parametrize(("value", "message"), [
    ("mysql://u@h/db", "unsupported ledger URL scheme 'mysql'"),
    ("postgresql://u@h", "names no database"),
    ("sqlite://", "needs a file"),
])
def test_bad_locations_are_usage_errors(value: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        resolve(value, {})


def test_unreachable_postgres_is_a_ledger_error() -> None:
    with pytest.raises(LedgerError, match=r"cannot open the ledger at postgresql\+psycopg://u:\*"):
        open_ledger("postgresql://u:pw@127.0.0.1:1/nodb")


def test_missing_sqlite_file_is_refused_without_create(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger at"):
        open_ledger(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


# -- migrations --------------------------------------------------------------------------------

def test_migrations_run_once_and_refuse_a_newer_schema(url: str) -> None:
    with opened(url) as led, led.read() as conn:
        versions = list(conn.execute(select(schema.schema_version.c.version)).scalars())
    assert versions == list(range(1, LATEST + 1))
    from sdc.ledger.migrations import migrate

    with opened(url) as led:
        assert migrate(led) == []
        with led.write() as conn:
            conn.execute(schema.schema_version.insert().values(version=LATEST + 1,
                                                               applied_at="later"))
    with pytest.raises(LedgerError, match=f"schema version {LATEST + 1} is newer"):
        open_ledger(url)


def test_reviewers_setting_defaults_to_two(ledger) -> None:
    from sdc.ledger.settings import reviewers_in_force, set_reviewers

    with ledger.read() as conn:
        assert reviewers_in_force(conn) == 2
    set_reviewers(ledger, 3, actor="root")
    with ledger.read() as conn:
        assert reviewers_in_force(conn) == 3
    with pytest.raises(LedgerError, match="at least 1"):
        set_reviewers(ledger, 0, actor="root")


# -- snapshots ---------------------------------------------------------------------------------

def test_snapshot_is_immune_to_later_edits(ledger, tmp_path: Path) -> None:
    folder = write_request(tmp_path / "req")
    result = _submit(ledger, folder)
    assert (result.request_id, result.version, result.status) == ("R-0001", 1, "fail")
    assert result.outputs == ["all.csv", "small.csv"]
    (folder / "all.csv").write_text("age,count\nx,1\n")
    with ledger.read() as conn:
        rows = {r.path: r for r in conn.execute(select(schema.files))}
        stored = ledger.store.read(conn, rows["all.csv"].sha256)
        version = conn.execute(select(schema.versions)).one()
    assert stored == ALL_CSV.encode()
    assert rows["all.csv"].sha256 == hashlib.sha256(ALL_CSV.encode()).hexdigest()
    assert {p: (r.role, r.status) for p, r in rows.items()} == {
        "all.csv": ("output", "pass"), "small.csv": ("output", "fail"),
        "request.toml": ("request", None), "small.csv.sdc.json": ("sidecar", None)}
    assert version.policy_sha256 == build_policy({}).sha256
    assert version.declared_author == "alice" and version.reviewers_required == 2
    result_json = json.loads(version.result_json)
    assert result_json["schema"] == "sdc.result/1"
    small = next(o for o in result_json["outputs"] if o["path"] == "small.csv")
    assert ("SDC101", "C2") in {(f["rule"], f["location"]["cell"]) for f in small["findings"]}


def test_same_bytes_are_stored_once(ledger, tmp_path: Path) -> None:
    _submit(ledger, write_request(tmp_path / "a"))
    _submit(ledger, write_request(tmp_path / "b"))
    with ledger.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.blobs)).scalar() == 4
        assert conn.execute(select(func.count()).select_from(schema.files)).scalar() == 8


def test_ledger_inside_the_folder_is_not_snapshotted(tmp_path: Path) -> None:
    folder = write_request(tmp_path / "req", {"t.csv": ALL_CSV})
    with opened(str(folder / ".sdc" / "ledger.sqlite")) as led:
        result = _submit(led, folder)
        with led.read() as conn:
            paths = set(conn.execute(select(schema.files.c.path)).scalars())
    assert result.outputs == ["t.csv"] and paths == {"t.csv"}


def test_unknown_request_and_empty_folder(ledger, tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no request 'R-0042'"):
        _submit(ledger, write_request(tmp_path / "a"), update="R-0042")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LedgerError, match="no outputs in"):
        _submit(ledger, tmp_path / "empty")


# -- the audit chain ---------------------------------------------------------------------------

def _entries(ledger) -> list[events.Entry]:
    with ledger.read() as conn:
        return list(events.entries(conn))


def _prepared(ledger, tmp_path: Path) -> None:
    """Submit, two votes: entries 1 submit, 2 check, 3 and 4 the two output pages drawn at
    submission (render), 5 and 6 reviews."""
    _submit(ledger, write_request(tmp_path / "req"))
    review(ledger, "R-0001", reviewer="bob", paths=["all.csv"], decision="approve")
    review(ledger, "R-0001", reviewer="carol", paths=["all.csv"], decision="approve")


def test_chain_links_every_entry(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    entries = _entries(ledger)
    assert [(e.seq, e.event, e.actor) for e in entries] == [
        (1, "submit", "alice"), (2, "check", "alice"), (3, "render", "sdc"), (4, "render", "sdc"),
        (5, "review", "bob"), (6, "review", "carol")]
    prev = events.GENESIS
    for entry in entries:
        assert entry.prev_hash == prev
        assert entry.hash == hashlib.sha256(
            (prev + events.canonical(entry.body())).encode()).hexdigest()
        prev = entry.hash
    with ledger.read() as conn:
        report = verify(conn)
    assert (report.ok, report.entries, report.head) == (True, 6, prev)


def _tamper(ledger, statement) -> tuple[int | None, str | None]:
    with ledger.write() as conn:
        conn.execute(statement)
    with ledger.read() as conn:
        report = verify(conn)
    assert not report.ok
    return report.bad_seq, report.reason


def test_edited_entry_is_found(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    log = schema.audit_log
    data = json.dumps({"version": 1, "path": "all.csv", "decision": "reject"})
    bad, reason = _tamper(ledger, update(log).where(log.c.seq == 5).values(data=data))
    assert bad == 5 and "edited" in reason


def test_edited_actor_is_found(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    log = schema.audit_log
    bad, reason = _tamper(ledger, update(log).where(log.c.seq == 2).values(actor="mallory"))
    assert bad == 2 and "edited" in reason


def test_deleted_entry_is_found(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    bad, reason = _tamper(ledger, delete(schema.audit_log).where(schema.audit_log.c.seq == 2))
    assert bad == 2 and "entry 2 is missing" in reason


def test_deleted_newest_entry_is_found(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    bad, reason = _tamper(ledger, delete(schema.audit_log).where(schema.audit_log.c.seq == 6))
    assert bad == 6 and "were deleted" in reason


def test_rehashed_rewrite_is_found_by_the_state_it_logged(ledger, tmp_path: Path) -> None:
    """Flip a vote in the reviews table: the log (intact) no longer agrees with it."""
    _prepared(ledger, tmp_path)
    r = schema.reviews
    bad, reason = _tamper(ledger, update(r).where(r.c.reviewer == "carol")
                          .values(decision="reject"))
    assert bad == 6 and "differs from its review entry" in reason


def test_swapped_snapshot_hash_is_found(ledger, tmp_path: Path) -> None:
    _prepared(ledger, tmp_path)
    f = schema.files
    other = hashlib.sha256(SMALL_CSV.encode()).hexdigest()
    bad, reason = _tamper(ledger, update(f).where(f.c.path == "all.csv").values(sha256=other))
    assert bad == 1 and "snapshot of R-0001 version 1 differs" in reason
