"""Who holds which account, read from the hash-chained log (issue 12, channel 10: accounts).

The ``users`` table is what logins and admin checks read, and anyone who can write the
database could insert an admin row, raise a checker to admin, enable a disabled account, or put
their own password hash on an admin's account. So a row is only a copy: of its ``user-add``
entry (name, role and the SHA-256 of the argon2 hash) and of the newest ``user-disable`` /
``user-enable`` entry for it. Every login, token, session and admin act reads the row against
those entries (:func:`account_problem`) and refuses one that differs; ``audit verify`` names it.

Admin grants: a ledger's first admin account is its bootstrap (no admin ``user-add`` entry in
the log yet); every later one is granted by an enabled admin proven by its password, and the
entry records who (``granted_by``).

Accounts added before round 20 have no ``password_sha256`` in their ``user-add`` entry, so their
hash row is not compared with the log. An admin whose entry has one resets such an account
(``user-reset``: name, role and the new hash's digest; round 22): the row then points at the
reset entry and is checked like any other, and a row pointing back at the replaced entry is
refused. While no admin has a digest, an admin may be added without ``--by`` again (the
bootstrap), so that a ledger whose admins are all of before round 20 can reset them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, schema

USER_ADD, USER_DISABLE, USER_ENABLE, TOKEN_ISSUED = (
    "user-add", "user-disable", "user-enable", "token-issued")
USER_RESET = "user-reset"
ACCOUNT_EVENTS = (USER_ADD, USER_RESET, USER_DISABLE, USER_ENABLE)
ADDED = (USER_ADD, USER_RESET)  # the entries a users row is a copy of
ADMIN = "admin"


def password_digest(password_hash: str) -> str:
    """The SHA-256 of an argon2 hash (salted: it tells nothing about the password)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def _account_entries(conn: Connection) -> list[events.Entry]:
    """The log's account entries, oldest first (they belong to no request: the request index
    finds them without reading the log)."""
    log = schema.audit_log
    rows = conn.execute(select(log).where(log.c.request_id.is_(None),
                                          log.c.event.in_(ACCOUNT_EVENTS))
                        .order_by(log.c.seq))
    return [events._row_entry(r) for r in rows]


def admin_granted(conn: Connection) -> bool:
    """Whether the log already has an admin account (after that, only an admin grants one)."""
    return any(e.event == USER_ADD and e.data.get("role") == ADMIN
               for e in _account_entries(conn))


def newest_added(entries: Iterable[events.Entry]) -> dict[str, events.Entry]:
    """Each account name's newest ``user-add`` or ``user-reset`` entry (the one its row must
    copy)."""
    newest: dict[str, events.Entry] = {}
    for e in sorted(entries, key=lambda e: e.seq):
        if e.event in ADDED and isinstance(e.data.get("name"), str):
            newest[e.data["name"]] = e
    return newest


def admin_with_digest(conn: Connection) -> bool:
    """Whether an admin account's current entry carries its password's digest (added since
    round 20, or reset): after that, an admin is never added without ``--by`` again."""
    return any(e.data.get("role") == ADMIN and e.data.get("password_sha256")
               for e in newest_added(_account_entries(conn)).values())


def has_digest(conn: Connection, name: str) -> bool:
    """Whether the account ``name``'s current entry carries its password's digest."""
    entry = newest_added(_account_entries(conn)).get(name)
    return entry is not None and bool(entry.data.get("password_sha256"))


def without_digest(conn: Connection) -> list[tuple[str, str]]:
    """(name, role) of every account whose current entry has no password digest (added before
    round 20 and not reset): its hash row is not checked against the log."""
    return sorted((name, str(e.data.get("role")))
                  for name, e in newest_added(_account_entries(conn)).items()
                  if not e.data.get("password_sha256"))


def row_problem(row: Any, added: events.Entry | None,
                entries: Iterable[events.Entry]) -> str | None:
    """Why the users ``row`` is not the copy of its ``user-add`` (or ``user-reset``) entry
    ``added`` and of the log's other account entries (``entries``), or None."""
    what = f"the account {row.name!r} ({row.role})"
    if added is None or added.event not in ADDED:
        return (f"{what} has no user-add entry in the audit log: it was written behind the "
                "log")
    data = added.data
    if data.get("name") != row.name or data.get("role") != row.role:
        return (f"{what} differs from its {added.event} entry {added.seq} "
                f"({data.get('name')!r}, {data.get('role')})")
    mine = [e for e in entries if e.data.get("name") == row.name]
    newer = [e.seq for e in mine if e.event in ADDED and e.seq > added.seq]
    if newer:
        return (f"{what} points at its {added.event} entry {added.seq}, but entry {newer[-1]} "
                "reset its password")
    digest = data.get("password_sha256")
    if digest is not None and digest != password_digest(row.password_hash):
        return f"the password of {what} differs from its {added.event} entry {added.seq}"
    # a reset keeps the account's disabled state: the status entries count from its first add
    first = min((e.seq for e in mine if e.event == USER_ADD), default=added.seq)
    status = [e for e in mine if e.seq > first and e.event in (USER_DISABLE, USER_ENABLE)]
    logged = bool(status) and status[-1].event == USER_DISABLE
    if bool(row.disabled) != logged:
        state = "disabled" if row.disabled else "enabled"
        return f"{what} is {state} but its audit entries say the opposite"
    return None


def account_problem(conn: Connection, row: Any) -> str | None:
    """:func:`row_problem` for one row, its entry's own hash checked (an edited entry is not
    the log's word); ``audit verify`` checks the whole chain."""
    found = conn.execute(select(schema.audit_log)
                         .where(schema.audit_log.c.seq == row.audit_seq)).first()
    added = None if found is None else events._row_entry(found)
    if added is not None and events.entry_hash(added.prev_hash, added.body()) != added.hash:
        return f"the user-add entry {added.seq} of the account {row.name!r} was edited"
    return row_problem(row, added, _account_entries(conn))


def account_problems(conn: Connection, seen: dict[int, events.Entry]
                     ) -> list[tuple[int, str]]:
    """(seq, reason) for every users row that is not the copy of its entries (``seen``: the
    verified log)."""
    entries = sorted((e for e in seen.values() if e.request is None
                      and e.event in ACCOUNT_EVENTS), key=lambda e: e.seq)
    problems = []
    for row in conn.execute(select(schema.users)):
        reason = row_problem(row, seen.get(row.audit_seq), entries)
        if reason is not None:
            problems.append((row.audit_seq if row.audit_seq in seen else 0, reason))
    return problems
