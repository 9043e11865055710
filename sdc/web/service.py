"""What a logged-in person may see and do, over the ledger's workflow functions.

Pages (``pages``) and the JSON API (``api``) both call these, and these call ``sdc.ledger``
(``lifecycle``, ``reviews``, ``release``, ``views``), where every business rule lives: who may
vote, what needs a comment, when a request may be released. This module adds only access:
a researcher sees their own requests, checkers see every request that is not a draft, admins
see everything and vote on nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import exists, select

from sdc.errors import AccessError
from sdc.ledger import events, lifecycle, schema
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.people import identity_key
from sdc.ledger.requests import authors, get_request
from sdc.ledger.users import ADMIN, CHECKER, RESEARCHER, User
from sdc.ledger.views import show

DOWNLOAD = "download"


class Forbidden(AccessError):
    """The caller may not see or do this (HTTP 403; 404 where existence must not leak)."""


class NotFound(AccessError):
    """No such request or output, or one the caller may not know of."""


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return identity_key(name)


def _my_requests(conn: Any, user: User) -> Any:
    """A condition on ``requests`` true for those ``user`` wrote (author, submitter or
    request.toml's author, compared by identity key): the distinct names are few, so they
    are keyed here and the requests matched in SQL, row by row (an EXISTS the newest-first
    scan can stop early on, rather than a set of every id to build first)."""
    req, v = schema.requests, schema.versions
    names = set(conn.execute(select(req.c.author).distinct()).scalars())
    names |= set(conn.execute(select(v.c.submitted_by).distinct()).scalars())
    names |= {n for n in conn.execute(select(v.c.declared_author).distinct()).scalars() if n}
    mine = _key(user.name)
    spellings = sorted(n for n in names if _key(n) == mine)
    other = v.alias("mine")
    return req.c.author.in_(spellings) | exists(select(other.c.request_id).where(
        other.c.request_id == req.c.id,
        other.c.submitted_by.in_(spellings) | other.c.declared_author.in_(spellings)))


def display_state(stage: str, derived: str | None = None) -> str:
    """The state people see: the lifecycle's, or while in review the votes' (``state``)."""
    if stage != lifecycle.SUBMITTED:
        return stage
    return derived or "in review"


def request_list(ledger: Ledger, user: User, state: str | None = None,
                 limit: int = 500) -> list[dict[str, Any]]:
    """Requests the user may see, newest first, optionally in one lifecycle state."""
    state = None if state == "all" else state
    req, v, life = schema.requests, schema.versions, schema.request_lifecycle
    with ledger.read() as conn:
        query = (select(req.c.id, req.c.title, req.c.author, req.c.created_at,
                        req.c.current_version, v.c.status, life.c.state)
                 .join(v, (v.c.request_id == req.c.id) & (v.c.version == req.c.current_version))
                 .outerjoin(life, life.c.request_id == req.c.id)
                 .order_by(req.c.number.desc()))
        if state == lifecycle.SUBMITTED:
            query = query.where(life.c.state.is_(None) | (life.c.state == state))
        elif state:
            query = query.where(life.c.state == state)
        if user.role == RESEARCHER:
            query = query.where(_my_requests(conn, user))
        elif user.role == CHECKER:
            query = query.where(life.c.state.is_(None) | (life.c.state != lifecycle.DRAFT))
        rows = conn.execute(query.limit(limit)).all()
    return [{"id": r.id, "title": r.title, "author": r.author, "created_at": r.created_at,
             "version": r.current_version, "check": r.status,
             "state": r.state or lifecycle.SUBMITTED} for r in rows]


def require_view(conn: Any, user: User, request_id: str) -> str:
    """The request's id if ``user`` may see it, else NotFound (researchers never learn that
    another researcher's request exists)."""
    try:
        rid = get_request(conn, request_id).id
    except LedgerError:
        raise NotFound(request_id) from None
    if user.role == ADMIN:
        return rid
    mine = _key(user.name) in authors(conn, rid)
    if user.role == RESEARCHER and not mine:
        raise NotFound(request_id)
    if user.role == CHECKER and not mine and lifecycle.state_of(conn, rid) == lifecycle.DRAFT:
        raise NotFound(request_id)
    return rid


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"this needs the {' or '.join(roles)} role (you are a {user.role})")


def request_detail(ledger: Ledger, user: User, request_id: str) -> dict[str, Any]:
    """The request as ``user`` may see it: ``sdc request show`` plus the lifecycle."""
    with ledger.read() as conn:
        rid = require_view(conn, user, request_id)
        is_author = _key(user.name) in authors(conn, rid)
        stage = lifecycle.state_of(conn, rid)
        row = lifecycle.lifecycle_row(conn, rid)
        notes = lifecycle.notes_of(conn, rid)
        missing = lifecycle.missing_for_review(conn, rid) if stage in lifecycle.EDITABLE else []
    data = show(ledger, rid, user.name)
    data["lifecycle"] = stage
    data["display_state"] = display_state(stage, data["state"])
    data["context"] = row.context if row is not None else None
    data["controls"] = row.controls if row is not None else None
    data["workspace"] = row.workspace if row is not None else None
    data["missing"] = missing
    for out in data["outputs"]:
        note = notes.get(out["path"], {})
        out["description"] = note.get("description")
        out["justification"] = note.get("justification")
        out["supporting"] = bool(note.get("supporting"))
    editable = is_author and stage in lifecycle.EDITABLE
    data["can"] = {
        "edit": editable,
        "submit": editable and not missing,
        "withdraw": is_author and stage in (lifecycle.DRAFT, lifecycle.SUBMITTED,
                                            lifecycle.RETURNED)
        and data["state"] not in ("released", "partly released"),
        "update": editable and data["workspace"] is not None,
        "respond": is_author and stage in (lifecycle.SUBMITTED, lifecycle.RETURNED),
        "vote": user.role == CHECKER and not is_author and stage == lifecycle.SUBMITTED,
        "decide": user.role == CHECKER and not is_author and stage == lifecycle.SUBMITTED,
        "release": user.role == CHECKER and not is_author and stage == lifecycle.SUBMITTED
        and all(o["state"] == "approved" or o["supporting"] for o in data["outputs"])
        and any(not o["supporting"] for o in data["outputs"])
        and data["state"] not in ("released", "partly released"),
    }
    data["is_author"] = is_author
    return data


def download(ledger: Ledger, user: User, request_id: str, path: str) -> bytes:
    """A snapshot file's verified bytes; every download is written to the audit log."""
    with ledger.read() as conn:
        rid = require_view(conn, user, request_id)
        req = get_request(conn, rid)
        f = schema.files
        row = conn.execute(select(f).where(f.c.request_id == rid,
                                           f.c.version == req.current_version,
                                           f.c.path == path)).first()
        if row is None or row.role == "link":
            raise NotFound(path)
        data = ledger.store.read(conn, row.sha256)
    with ledger.write() as conn:
        events.append(conn, user.name, DOWNLOAD, rid, {"version": req.current_version,
                                                       "path": path, "sha256": row.sha256})
    return data
