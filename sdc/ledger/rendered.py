"""Rendered output pages, kept in the ledger and tamper-evident through the audit chain.

A page is what a checker reads before voting, so it must be what sdc drew. Each page stored
is logged in the hash-chained audit log (a ``render`` entry holding its key and SHA-256, in
the same transaction), and every read checks, before the page is shown:

- the entry the row names is a ``render`` entry for this key and this page's SHA-256;
- the entry's own hash recomputes from its content and the hash before it;
- the entry is linked into the chain: the next entry names its hash (or it is the recorded
  head).

Editing a page therefore means editing its entry, which breaks that entry's hash or its link
with the next one, as editing a vote does; only rewriting the rest of the chain (the residual
risk of docs/threat-model.md, answered by exported heads) hides it. A page that fails is
never shown: the caller draws it again from the stored check result and replaces the row,
and the new entry records that the old page did not verify. The stored check result itself is
checked against the ``check`` entry that logged its hash (``result_problem``) before any page
is shown or drawn: an edited result shows an error, never a page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, schema
from sdc.ledger.clock import now

ACTOR = "sdc"  # pages are drawn by the server, not by the person who first opens them


@dataclass(frozen=True)
class CachedPage:
    """A row of ``rendered_outputs`` and what its check found."""

    html: str | None  # the page, when it verified
    problem: str | None  # why the stored page is not shown (None: verified, or none stored)


def page_sha256(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def load_page(conn: Connection, key: str) -> CachedPage:
    """The stored page for ``key`` if it verifies against the audit chain (module doc)."""
    t = schema.rendered_outputs
    row = conn.execute(select(t.c.html, t.c.audit_seq).where(t.c.key == key)).first()
    if row is None:
        return CachedPage(None, None)
    problem = _entry_problem(conn, row.audit_seq, key, page_sha256(row.html))
    return CachedPage(None, problem) if problem else CachedPage(row.html, None)


def _entry_problem(conn: Connection, seq: int | None, key: str, digest: str) -> str | None:
    log = schema.audit_log
    if seq is None:
        return "the stored page names no audit entry"
    entry = conn.execute(select(log).where(log.c.seq == seq)).first()
    if entry is None:
        return f"the audit entry {seq} of the stored page is missing"
    try:
        data = json.loads(entry.data)
    except ValueError:
        return f"the audit entry {seq} of the stored page is not JSON"
    if entry.event != events.RENDER or data.get("key") != key:
        return f"the audit entry {seq} did not log this page"
    if data.get("sha256") != digest:
        return f"the stored page does not match the hash logged in audit entry {seq}"
    return _chained(conn, entry, data, "of the stored page")


def _chained(conn: Connection, entry: Any, data: dict[str, Any], what: str) -> str | None:
    """Why an audit row is not an intact link of the chain (its hash recomputes, the next
    entry or the recorded head names it), or None."""
    log, seq = schema.audit_log, entry.seq
    body = {"seq": entry.seq, "at": entry.at, "actor": entry.actor, "event": entry.event,
            "request": entry.request_id, "data": data}
    if events.entry_hash(entry.prev_hash, body) != entry.hash:
        return f"the audit entry {seq} {what} was edited"
    after = conn.execute(select(log.c.prev_hash).where(log.c.seq == seq + 1)).scalar()
    if after is None:
        head = conn.execute(select(schema.audit_head.c.seq, schema.audit_head.c.hash)
                            .where(schema.audit_head.c.id == 1)).first()
        if head is None or (head.seq, head.hash) != (seq, entry.hash):
            return f"the audit entry {seq} {what} is not in the chain"
    elif after != entry.hash:
        return f"the audit entry {seq} {what} is not in the chain"
    return None


def result_problem(conn: Connection, request_id: str, version: int, result_json: str
                   ) -> str | None:
    """Why a version's stored check result (what every page is drawn from) is not the one its
    ``check`` entry logged, or None: a page is never drawn from an edited result."""
    log = schema.audit_log
    digest = hashlib.sha256(result_json.encode()).hexdigest()
    for entry in conn.execute(select(log).where(log.c.request_id == request_id,
                                                log.c.event == events.CHECK)
                              .order_by(log.c.seq.desc())):
        try:
            data = json.loads(entry.data)
        except ValueError:
            continue
        if data.get("version") != version:
            continue
        if data.get("result_sha256") != digest:
            return f"the stored check result differs from the one audit entry {entry.seq} logged"
        return _chained(conn, entry, data, "that logged the check")
    return "no audit entry logged the check result"


def store_page(conn: Connection, key: str, html: str, replaces: str | None = None) -> None:
    """Keep ``html`` for ``key`` and log its hash (inside ``Ledger.write()``); ``replaces``
    is why a stored page for the key did not verify (it is deleted, the reason logged)."""
    t = schema.rendered_outputs
    data = {"key": key, "sha256": page_sha256(html)}
    if replaces is not None:
        data["replaced"] = replaces
        conn.execute(t.delete().where(t.c.key == key))
    elif conn.execute(select(t.c.key).where(t.c.key == key)).first() is not None:
        return  # another process drew it first
    entry = events.append(conn, ACTOR, events.RENDER, None, data)
    conn.execute(t.insert().values(key=key, html=html, created_at=now(), audit_seq=entry.seq))
