"""The ledger tests' PostgreSQL schemas given again (tests/postgres_schemas.py): a schema is
handed to the next test only empty and as a freshly migrated ledger is; anything else is
dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from sdc.ledger import schema
from tests import postgres_schemas
from tests.test_ledger_support import approve_and_release, opened, postgres_url

BASE = postgres_url()
pytestmark = pytest.mark.skipif(not BASE, reason="PostgreSQL NOT AVAILABLE (see "
                                "tests/test_ledger_support.py)")


@pytest.fixture
def conn():
    import psycopg

    with psycopg.connect(BASE, autocommit=True) as connection:
        yield connection


def _exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                        (name,)).fetchone() is not None


def test_a_used_ledger_comes_back_empty_and_migrated(conn, tmp_path: Path) -> None:
    name = postgres_schemas.take(BASE, conn, fresh=False)
    url = postgres_schemas.url_of(BASE, name)
    with opened(url) as led:
        approve_and_release(led, tmp_path / "req", {"r.csv": "a,n\nx,20\ny,30\n"})
    postgres_schemas.give_back(BASE, conn, name)
    assert postgres_schemas.take(BASE, conn, fresh=False) == name
    with opened(url) as led, led.read() as c:
        assert c.execute(select(func.count()).select_from(schema.requests)).scalar() == 0
        assert c.execute(select(func.count()).select_from(schema.audit_log)).scalar() == 0
    with opened(url) as led:  # sequences start again: the first review's id is 1 again
        approve_and_release(led, tmp_path / "again", {"r.csv": "a,n\nx,20\ny,30\n"})
        with led.read() as c:
            assert c.execute(select(func.min(schema.reviews.c.id))).scalar() == 1
    postgres_schemas.give_back(BASE, conn, name)


@pytest.mark.parametrize("change", [
    "DROP TABLE {s}.released_margins",
    "ALTER TABLE {s}.requests ADD COLUMN extra integer",
    "INSERT INTO {s}.schema_version (version, applied_at) VALUES (999, 'now')",
], ids=["a-table-gone", "a-column-more", "a-newer-version"])
def test_a_changed_ledger_is_dropped_not_given_again(conn, change: str) -> None:
    name = postgres_schemas.take(BASE, conn, fresh=False)
    opened(postgres_schemas.url_of(BASE, name)).__enter__().close()
    conn.execute(change.format(s=name))
    postgres_schemas.give_back(BASE, conn, name)
    assert not _exists(conn, name)


def test_a_fresh_schema_is_new_and_empty_and_an_unmigrated_one_is_dropped(conn) -> None:
    name = postgres_schemas.take(BASE, conn, fresh=True)
    assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s",
                        (name,)).fetchone()[0] == 0
    postgres_schemas.give_back(BASE, conn, name)
    assert not _exists(conn, name)
