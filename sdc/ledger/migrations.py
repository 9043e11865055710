"""Schema migrations: a ``schema_version`` table and ordered migration functions.

Each migration runs once, in order, inside the ledger's write lock, so two processes opening a
new ledger at the same time cannot both create it. Add a function and a line to ``MIGRATIONS``
to change the schema; never edit a migration that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, inspect, select

from sdc.ledger import schema
from sdc.ledger.clock import now
from sdc.ledger.errors import LedgerError

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger


def _v1_initial(conn: Connection) -> None:
    """The first schema: requests, snapshots, reviews, releases, the index and the audit log."""
    schema.metadata.create_all(conn, tables=schema.V1_TABLES)


def _v2_people_and_lifecycle(conn: Connection) -> None:
    """Users (``sdc users``), API tokens, web sessions, the request lifecycle and per-output
    notes (description, justification, supporting) of ``sdc serve``."""
    schema.metadata.create_all(conn, tables=schema.V2_TABLES)


def _v3_web_shared_state(conn: Connection) -> None:
    """Rendered output pages and failed logins, shared by every ``sdc serve`` process."""
    schema.metadata.create_all(conn, tables=schema.V3_TABLES)


def _v4_rendered_pages_in_the_chain(conn: Connection) -> None:
    """Rendered pages carry the audit entry that logged their hash (``audit_seq``). The table
    is a cache: the pages drawn before are dropped and drawn again when next opened (none of
    them was logged, so none could be shown)."""
    schema.rendered_outputs.drop(conn, checkfirst=True)
    schema.rendered_outputs.create(conn)


def _v5_margins_of_released_tables(conn: Connection) -> None:
    """Released tables by their margins, whatever their dimensions are called
    (``sdc.ledger.margins``; round 43, ledger43). The tables released before are indexed
    from the entries they hold (``output_tables.table_json``); one that cannot be read is
    stored as unread, and a check with the ledger says so. Harmless when run again (the
    tables indexed already are skipped)."""
    from sdc.ledger.margins import backfill

    schema.released_margins.create(conn, checkfirst=True)
    backfill(conn)


def _v6_margins_spelt_as_linked(conn: Connection) -> None:
    """The margin signatures again, their labels spelt as the linking reads them (``F`` and
    ``Female`` one label; round 44, ledger44): the rows version 5 wrote compared case and
    spacing alone, so a new table spelt otherwise missed them. Every row is dropped and the
    released tables indexed again from their entries (an unreadable one stored as unread)."""
    from sdc.ledger.margins import backfill

    conn.execute(delete(schema.released_margins))
    backfill(conn)


def _v7_margins_by_initials(conn: Connection) -> None:
    """The margin signatures again, with those of each margin's labels read as their first
    letters (``sdc.ledger.margins.initials_sigs``; round 45, ledger45): a new table
    abbreviating a released one's labels (``NE`` for ``North East``), or spelling out the
    ones it abbreviates, found it under none of version 6's. Every row is dropped and the
    released tables indexed again from their entries (an unreadable one stored as unread)."""
    from sdc.ledger.margins import backfill

    conn.execute(delete(schema.released_margins))
    backfill(conn)


def _v8_grand_totals_by_folded_measure(conn: Connection) -> None:
    """The grand totals again, of the first count measure by its folded name
    (``sdc.ledger.index.first_measure``; round 47, gt47): versions before took the first
    by the name as printed, so a table of ``Deaths, admissions`` stored deaths' total where a
    new one computes admissions', and the lookup by total missed it. Each stored table's total
    is computed again from its entry (an unreadable entry keeps its total), and the margins'
    rows are indexed again (an unreadable one stored as unread)."""
    import json

    from sdc.ledger.index import grand_total_of
    from sdc.ledger.margins import backfill

    ot, rt = schema.output_tables, schema.released_tables
    for table_id, text, stored in conn.execute(
            select(ot.c.id, ot.c.table_json, ot.c.grand_total)).all():
        try:
            total = grand_total_of(json.loads(text))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            continue
        if total != stored:
            conn.execute(ot.update().where(ot.c.id == table_id).values(grand_total=total))
            conn.execute(rt.update().where(rt.c.table_id == table_id)
                         .values(grand_total=total))
    conn.execute(delete(schema.released_margins))
    backfill(conn)


def _v9_released_measures(conn: Connection) -> None:
    """Released tables by each count measure (``sdc.ledger.measures``; round 48, md48): a
    table was found by all its measures together and the first one's total, so a released
    ``admissions, deaths`` was found by no new ``deaths`` alone. The tables released before
    are indexed from their entries (an unreadable one has no row; ``released_margins`` marks
    it unread). Harmless when run again (the tables indexed already are skipped)."""
    from sdc.ledger.measures import backfill

    schema.released_measures.create(conn, checkfirst=True)
    backfill(conn)


def _v10_margins_of_any_count(conn: Connection) -> None:
    """The margin signatures again, a one-measure table's count under no name
    (``sdc.ledger.margins.ANY_MEASURE``; round 50, part50): a released ``area,n`` was found
    by no new ``area × sex`` of unheaded counts (``count``), nor by a re-run whose count was
    renamed. Every row is dropped and the released tables indexed again from their entries
    (an unreadable one stored as unread)."""
    from sdc.ledger.margins import backfill

    conn.execute(delete(schema.released_margins))
    backfill(conn)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _v1_initial),
    (2, "users, sessions and the request lifecycle", _v2_people_and_lifecycle),
    (3, "rendered outputs and login failures of the web app", _v3_web_shared_state),
    (4, "rendered output pages logged in the audit chain", _v4_rendered_pages_in_the_chain),
    (5, "released tables by their margins", _v5_margins_of_released_tables),
    (6, "margins' labels spelt as the linking reads them", _v6_margins_spelt_as_linked),
    (7, "margins' labels by their initials", _v7_margins_by_initials),
    (8, "grand totals of the first count measure by its folded name",
     _v8_grand_totals_by_folded_measure),
    (9, "released tables by each count measure", _v9_released_measures),
    (10, "margins of a one-measure table under no measure name", _v10_margins_of_any_count),
]
LATEST = MIGRATIONS[-1][0]


def applied_versions(conn: Connection) -> set[int]:
    if not inspect(conn).has_table(schema.schema_version.name):
        return set()
    return set(conn.execute(select(schema.schema_version.c.version)).scalars())


def _check_not_newer(done: set[int]) -> None:
    if done and max(done) > LATEST:
        raise LedgerError(f"the ledger's schema version {max(done)} is newer than this sdc "
                          f"supports ({LATEST}); upgrade sdc")


def migrate(ledger: Ledger) -> list[int]:
    """Bring the ledger's schema up to date; the versions applied now."""
    with ledger.read() as conn:
        done = applied_versions(conn)
    _check_not_newer(done)
    if all(version in done for version, _, _ in MIGRATIONS):
        return []
    applied = []
    with ledger.write() as conn:
        schema.schema_version.create(conn, checkfirst=True)
        done = applied_versions(conn)  # again, under the lock: another process may have won
        _check_not_newer(done)
        for version, _, run in MIGRATIONS:
            if version in done:
                continue
            run(conn)
            conn.execute(schema.schema_version.insert().values(version=version, applied_at=now()))
            applied.append(version)
    return applied
