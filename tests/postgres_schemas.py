"""PostgreSQL schemas for the ledger tests, emptied and handed to the next test (CI time).

Each ledger test on PostgreSQL used a new schema: created, migrated by the ledger when it
first opened it (two dozen tables) and dropped afterwards, ~1 s of a test's time. A schema a
test is done with is instead emptied (its rows deleted, its sequences reset) and given to the
next test of the same process, which finds what a new schema becomes once the ledger has
migrated it. It is only given again when its catalogue is exactly that of a freshly migrated
ledger (every table, column, index, constraint and sequence, and the migrations' versions):
a test that altered it, made an older ledger in it or never migrated it has its schema
dropped as before. Tests about migrations ask for a ``fresh`` schema: nothing in it at all.
"""

from __future__ import annotations

import atexit
import secrets
from typing import Any

# this process's emptied schemas, ready for the next test
_emptied: list[str] = []
# a freshly migrated ledger's catalogue and its tables in an order rows can be deleted in
# (a table's referrers before it); read once from a schema migrated for the purpose
_reference: tuple[Any, list[str]] | None = None

_CATALOGUE = """
SELECT 'c', c.relname, a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE n.nspname = %(s)s AND c.relkind IN ('r', 'p')
UNION ALL
SELECT 'i', tablename, indexdef FROM pg_indexes WHERE schemaname = %(s)s
UNION ALL
SELECT 'k', r.relname, pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = %(s)s
UNION ALL
SELECT 't', r.relname, t.tgname
  FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = %(s)s AND NOT t.tgisinternal
UNION ALL
SELECT 'q', sequencename, '' FROM pg_sequences WHERE schemaname = %(s)s
UNION ALL
SELECT 'f', p.proname, '' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = %(s)s
UNION ALL
SELECT 'v', viewname, '' FROM pg_views WHERE schemaname = %(s)s
"""


def url_of(base: str, name: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{name}"


def _catalogue(conn: Any, name: str) -> tuple[Any, ...]:
    """What the schema holds but rows, its own name written ``~`` (index definitions and
    defaults name it), and the versions its ``schema_version`` lists (None: no such table)."""
    rows = sorted(tuple(str(v).replace(name, "~") for v in row)
                  for row in conn.execute(_CATALOGUE, {"s": name}).fetchall())
    try:
        versions = [r[0] for r in conn.execute(
            f"SELECT version FROM {name}.schema_version ORDER BY version").fetchall()]
    except Exception:  # no such table (autocommit: nothing to roll back): no migrated ledger
        versions = None
    return tuple(rows), versions


def _deletion_order(conn: Any, name: str) -> list[str]:
    """The schema's tables but ``schema_version``, each after every table referring to it."""
    tables = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", (name,))]
    refers = conn.execute(
        """SELECT r.relname, f.relname FROM pg_constraint k
             JOIN pg_class r ON r.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = r.relnamespace
            WHERE k.contype = 'f' AND n.nspname = %s AND r.relname <> f.relname""",
        (name,)).fetchall()
    referrers: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in refers:
        referrers[parent].add(child)
    order: list[str] = []
    while len(order) < len(tables):
        ready = [t for t in tables if t not in order and referrers[t] <= set(order)]
        if not ready:  # a cycle: no order deletes its rows one table at a time
            raise RuntimeError(f"foreign keys in a cycle among {sorted(set(tables) - set(order))}")
        order.extend(ready)
    return [t for t in order if t != "schema_version"]


def _reference_for(base: str, conn: Any) -> tuple[Any, list[str]]:
    """The catalogue a new schema has once the ledger migrated it (made here, then emptied
    and kept as this process's first recycled schema)."""
    global _reference
    if _reference is None:
        from sdc.ledger.db import open_ledger

        name = "sdc_t_" + secrets.token_hex(6)
        conn.execute(f"CREATE SCHEMA {name}")
        open_ledger(url_of(base, name)).close()
        _reference = (_catalogue(conn, name), _deletion_order(conn, name))
        _emptied.append(name)
        atexit.register(_drop_emptied, base)
    return _reference


def _drop_emptied(base: str) -> None:
    """At the process's end: drop the schemas kept for a next test (none comes)."""
    import psycopg

    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            for name in _emptied:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    except psycopg.Error:
        pass  # the server went first: a test database's leftover schema, harmless


def take(base: str, conn: Any, *, fresh: bool) -> str:
    """A schema for the next test: an emptied, migrated one (or a new one when ``fresh``)."""
    if not fresh:
        _reference_for(base, conn)
        if _emptied:
            return _emptied.pop()
    name = "sdc_t_" + secrets.token_hex(6)
    conn.execute(f"CREATE SCHEMA {name}")
    return name


def _versions_in_order(conn: Any, name: str) -> None:
    """``schema_version``'s rows written again in order when a test left them out of it (a
    migration run again adds its row at the end): a new ledger's table is scanned in order,
    and a test reading it without ``ORDER BY`` may rely on that."""
    table = f"{name}.schema_version"
    versions = [r[0] for r in conn.execute(f"SELECT version FROM {table}").fetchall()]
    if versions != sorted(versions):
        conn.execute(f"CREATE TEMP TABLE kept_versions ON COMMIT DROP AS SELECT * FROM {table}")
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} SELECT * FROM kept_versions ORDER BY version")


def give_back(base: str, conn: Any, name: str) -> None:
    """Empty ``name`` for the next test if it is a migrated ledger as the ledger made it;
    drop it otherwise (or when a lock held by a connection left open keeps it from
    emptying)."""
    catalogue, order = _reference_for(base, conn)
    if _catalogue(conn, name) == catalogue:
        try:
            with conn.transaction():
                conn.execute("SET LOCAL lock_timeout = '2s'")
                for table in order:
                    conn.execute(f'DELETE FROM {name}."{table}"')
                _versions_in_order(conn, name)
                for (sequence,) in conn.execute(
                        "SELECT sequencename FROM pg_sequences WHERE schemaname = %s",
                        (name,)).fetchall():
                    conn.execute(f"ALTER SEQUENCE {name}.\"{sequence}\" RESTART")
        except Exception:
            pass
        else:
            _emptied.append(name)
            return
    conn.execute(f"DROP SCHEMA {name} CASCADE")
