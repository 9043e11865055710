"""The audit log: append-only entries chained by SHA-256.

Each entry's hash is ``sha256(previous hash + canonical JSON of the entry)``, where the entry is
``{"seq", "at", "actor", "event", "request", "data"}`` and canonical JSON has sorted keys and no
spaces. Editing an entry breaks its own hash; deleting one breaks the chain (or, for the newest,
the recorded head); rows of the state tables name the entry that logged them, so a vote changed
behind the log's back is caught too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import schema, witness
from sdc.ledger.clock import now

GENESIS = "0" * 64

SUBMIT = "submit"
CHECK = "check"
REVIEW = "review"
COMMENT = "comment"
OVERRIDE = "override"
RELEASE_STARTED = "release-started"
RELEASE = "release"
RELEASE_FAILED = "release-failed"
VERIFICATION_FAILED = "verification-failed"
RENDER = "render"  # an output page drawn for checkers: its key and SHA-256 (sdc.ledger.rendered)


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    event: str
    request: str | None
    data: dict[str, Any]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """What the hash covers."""
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "event": self.event,
                "request": self.request, "data": self.data}

    def to_dict(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "hash": self.hash}


def append(conn: Connection, actor: str, event: str, request: str | None,
           data: dict[str, Any]) -> Entry:
    """Append one entry. Call inside ``Ledger.write()``: the lock keeps the chain linear."""
    head = conn.execute(select(schema.audit_head.c.seq, schema.audit_head.c.hash)
                        .where(schema.audit_head.c.id == 1)).first()
    seq, prev = (head[0] + 1, head[1]) if head is not None else (1, GENESIS)
    body = {"seq": seq, "at": now(), "actor": actor, "event": event, "request": request,
            "data": json.loads(canonical(data))}
    digest = entry_hash(prev, body)
    conn.execute(schema.audit_log.insert().values(
        seq=seq, at=body["at"], actor=actor, event=event, request_id=request,
        data=canonical(body["data"]), prev_hash=prev, hash=digest))
    if head is None:
        conn.execute(schema.audit_head.insert().values(id=1, seq=seq, hash=digest))
    else:
        conn.execute(schema.audit_head.update().where(schema.audit_head.c.id == 1)
                     .values(seq=seq, hash=digest))
    witness.note(conn, seq, digest)
    return Entry(seq, body["at"], actor, event, request, body["data"], prev, digest)


def _row_entry(row: Any) -> Entry:
    return Entry(row.seq, row.at, row.actor, row.event, row.request_id, json.loads(row.data),
                 row.prev_hash, row.hash)


def entries(conn: Connection, request: str | None = None) -> Iterator[Entry]:
    """Entries in order, optionally those of one request."""
    query = select(schema.audit_log).order_by(schema.audit_log.c.seq)
    if request is not None:
        query = query.where(schema.audit_log.c.request_id == request)
    for row in conn.execute(query):
        yield _row_entry(row)
