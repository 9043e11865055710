"""The ledger's ``reviewers`` setting, kept in the hash-chained log (issue 12, channel 10).

The number of independent reviewers each output needs, when the pinned policy sets no
``[workflow] reviewers``. A ``settings`` row alone could be edited by anyone who can write the
database (``reviewers = 1`` before a submit, recorded as legitimate in the submit entry), so
the number in force is the newest ``reviewers-set`` entry of the audit log (else the default,
2), written by ``sdc ledger reviewers set N --by ADMIN`` together with the row. The row is a
copy: a row that differs from the entry (or is there without one, or is gone while one is) is
an edit behind the log; ``submit`` refuses to use it and ``audit verify`` and ``release``
report it.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from sdc.ledger import events, schema
from sdc.ledger.db import DEFAULT_REVIEWERS, Ledger
from sdc.ledger.errors import LedgerError

REVIEWERS_SET = "reviewers-set"
KEY = "reviewers"


def reviewers_entry(conn: Connection) -> events.Entry | None:
    """The newest ``reviewers-set`` entry (it belongs to no request: the request index finds
    it without scanning the log)."""
    log = schema.audit_log
    row = conn.execute(select(log).where(log.c.request_id.is_(None),
                                         log.c.event == REVIEWERS_SET)
                       .order_by(log.c.seq.desc()).limit(1)).first()
    return None if row is None else events._row_entry(row)


def setting_problem(conn: Connection, entry: events.Entry | None) -> tuple[int, str] | None:
    """(seq, reason) when the ``reviewers`` row is not the copy of ``entry`` (the newest
    ``reviewers-set`` entry, or None)."""
    row = conn.execute(select(schema.settings.c.value)
                       .where(schema.settings.c.key == KEY)).scalar()
    if entry is None:
        if row is None or row == str(DEFAULT_REVIEWERS):
            return None
        head = conn.execute(select(schema.audit_head.c.seq)).scalar() or 0
        return (head, f"the ledger setting reviewers ({row}) is not in the audit log (no "
                f"reviewers-set entry: the number in force is {DEFAULT_REVIEWERS}); an admin "
                "sets it with sdc ledger reviewers set")
    logged = entry.data.get("reviewers")
    if row != str(logged):
        shown = "missing" if row is None else row
        return (entry.seq, f"the ledger setting reviewers ({shown}) differs from its "
                f"reviewers-set entry ({logged})")
    return None


def reviewers_in_force(conn: Connection) -> int:
    """The ledger's number of reviewers per output, from the log; refused (LedgerError) when
    the settings row was edited behind it."""
    entry = reviewers_entry(conn)
    problem = setting_problem(conn, entry)
    if problem is not None:
        raise LedgerError(f"{problem[1]}: run sdc audit verify")
    if entry is None:
        return DEFAULT_REVIEWERS
    number = entry.data.get("reviewers")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise LedgerError(f"the reviewers-set entry {entry.seq} is not a number of at least 1 "
                          f"({number!r})")
    return number


def set_reviewers(ledger: Ledger, number: int, *, actor: str) -> events.Entry:
    """Set the ledger's number of reviewers per output: a ``reviewers-set`` entry and its copy
    in ``settings``, in one transaction. Who may call this is the caller's to decide (``sdc
    ledger reviewers set`` asks for an admin account's password)."""
    if isinstance(number, bool) or number < 1:
        raise LedgerError(f"reviewers: must be at least 1 (got {number})")
    with ledger.write() as conn:
        entry = events.append(conn, actor, REVIEWERS_SET, None, {"reviewers": number})
        table = schema.settings
        conn.execute(table.delete().where(table.c.key == KEY))
        conn.execute(table.insert().values(key=KEY, value=str(number)))
    return entry
