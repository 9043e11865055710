"""A request's lifecycle, as researchers and checkers live it (Airlock's states).

``draft`` (created from a workspace folder, checked at once; the researcher adds the context,
the disclosure controls and a justification per output, marks supporting files) →
``submitted`` (in review: checkers vote) → ``returned`` (a checker asks for changes; the
researcher updates files — a new version, changed outputs lose their votes — and submits
again) or ``rejected``; the researcher may ``withdraw`` until it is released. A request
submitted with ``sdc request submit`` has no lifecycle row and is ``submitted`` from the start,
so the command-line workflow is unchanged.

Every transition is a function here, run inside the ledger's write lock and logged in the
audit chain; the CLI and the web app call these, so no rule exists twice. Supporting files are
shown to checkers but never voted on nor released.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, schema
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.people import check_name
from sdc.ledger.requests import SubmitResult, authors, get_request, same_person, submit
from sdc.ledger.snapshot import OUTPUT
from sdc.policy import Policy

DRAFT, SUBMITTED, RETURNED, WITHDRAWN, REJECTED = (
    "draft", "submitted", "returned", "withdrawn", "rejected")
EDITABLE = (DRAFT, RETURNED)

CREATE, NOTES, CONTEXT, FOR_REVIEW, WITHDRAW, RETURN, REJECT_REQUEST = (
    "lifecycle-create", "output-notes", "request-context", "submit-for-review", "withdraw",
    "return", "reject-request")


def state_of(conn: Connection, request_id: str) -> str:
    row = conn.execute(select(schema.request_lifecycle.c.state)
                       .where(schema.request_lifecycle.c.request_id == request_id)).first()
    return SUBMITTED if row is None else row[0]


def lifecycle_row(conn: Connection, request_id: str) -> Any:
    return conn.execute(select(schema.request_lifecycle)
                        .where(schema.request_lifecycle.c.request_id == request_id)).first()


def require_state(conn: Connection, request_id: str, allowed: tuple[str, ...], doing: str) -> str:
    state = state_of(conn, request_id)
    if state not in allowed:
        raise LedgerError(f"{request_id} is {state}: it cannot be {doing} now")
    return state


def notes_of(conn: Connection, request_id: str) -> dict[str, dict[str, Any]]:
    n = schema.output_notes
    return {r.path: {"description": r.description, "justification": r.justification,
                     "supporting": bool(r.supporting)}
            for r in conn.execute(select(n).where(n.c.request_id == request_id))}


def supporting_paths(conn: Connection, request_id: str) -> set[str]:
    return {p for p, note in notes_of(conn, request_id).items() if note["supporting"]}


def _require_author(conn: Connection, request_id: str, actor: str) -> None:
    if same_person(actor) not in authors(conn, request_id):
        raise LedgerError(f"{actor} is not an author of {request_id}")


def _set_state(conn: Connection, request_id: str, state: str, seq: int) -> None:
    t = schema.request_lifecycle
    conn.execute(t.update().where(t.c.request_id == request_id).values(state=state,
                                                                       audit_seq=seq))


def _ensure_row(conn: Connection, request_id: str, seq: int) -> None:
    if lifecycle_row(conn, request_id) is None:  # a CLI request joining the web workflow
        conn.execute(schema.request_lifecycle.insert().values(
            request_id=request_id, state=SUBMITTED, audit_seq=seq))


def create(ledger: Ledger, folder: Path, *, author: str, policy: Policy, workspace: str
           ) -> SubmitResult:
    """A new draft request from ``folder`` (snapshot and check, as ``sdc request submit``)."""

    def record_draft(conn: Connection, result: SubmitResult) -> None:
        entry = events.append(conn, author, CREATE, result.request_id,
                              {"state": DRAFT, "workspace": workspace})
        conn.execute(schema.request_lifecycle.insert().values(
            request_id=result.request_id, state=DRAFT, workspace=workspace,
            audit_seq=entry.seq))

    return submit(ledger, folder, author=author, policy=policy, after=record_draft)


def update_files(ledger: Ledger, request_id: str, folder: Path, *, author: str,
                 policy: Policy) -> SubmitResult:
    """A new version from the (changed) workspace folder; only while draft or returned.
    Outputs whose bytes or findings changed lose their votes (``requests._carry_plan``)."""

    def check(conn: Connection) -> None:
        rid = get_request(conn, request_id).id
        _require_author(conn, rid, author)
        require_state(conn, rid, EDITABLE, "updated")

    return submit(ledger, folder, author=author, policy=policy, update=request_id, before=check)


def set_context(ledger: Ledger, request_id: str, *, actor: str, context: str,
                controls: str) -> None:
    """The request's context and disclosure controls (both required to submit)."""
    with ledger.write() as conn:
        rid = get_request(conn, request_id).id
        _require_author(conn, rid, actor)
        require_state(conn, rid, EDITABLE, "edited")
        entry = events.append(conn, actor, CONTEXT, rid,
                              {"context": context.strip(), "controls": controls.strip()})
        t = schema.request_lifecycle
        del entry  # the row's audit_seq names the entry of its current state
        conn.execute(t.update().where(t.c.request_id == rid).values(
            context=context.strip() or None, controls=controls.strip() or None))


def set_notes(ledger: Ledger, request_id: str, path: str, *, actor: str, description: str,
              justification: str, supporting: bool) -> None:
    """An output's description and justification, and whether it only supports the others."""
    with ledger.write() as conn:
        req = get_request(conn, request_id)
        _require_author(conn, req.id, actor)
        require_state(conn, req.id, EDITABLE, "edited")
        f = schema.files
        known = set(conn.execute(select(f.c.path).where(
            f.c.request_id == req.id, f.c.version == req.current_version,
            f.c.role == OUTPUT)).scalars())
        if path not in known:
            raise LedgerError(f"{req.id} has no output {path!r}")
        entry = events.append(conn, actor, NOTES, req.id, {
            "path": path, "description": description.strip(),
            "justification": justification.strip(), "supporting": supporting})
        n = schema.output_notes
        conn.execute(n.delete().where(n.c.request_id == req.id, n.c.path == path))
        conn.execute(n.insert().values(
            request_id=req.id, path=path, description=description.strip() or None,
            justification=justification.strip() or None, supporting=int(supporting),
            audit_seq=entry.seq))


def missing_for_review(conn: Connection, request_id: str) -> list[str]:
    """What the researcher still has to write before the request can be submitted."""
    req = get_request(conn, request_id)
    row = lifecycle_row(conn, req.id)
    missing = []
    if row is None or not row.context:
        missing.append("the request's context")
    if row is None or not row.controls:
        missing.append("the disclosure controls applied")
    notes = notes_of(conn, req.id)
    f = schema.files
    paths = list(conn.execute(select(f.c.path).where(
        f.c.request_id == req.id, f.c.version == req.current_version,
        f.c.role == OUTPUT).order_by(f.c.path)).scalars())
    released = [p for p in paths if not notes.get(p, {}).get("supporting")]
    if not released:
        missing.append("at least one output that is not supporting")
    missing += [f"a justification for {p}" for p in released
                if not (notes.get(p) or {}).get("justification")]
    return missing


def submit_for_review(ledger: Ledger, request_id: str, *, actor: str) -> None:
    """Draft or returned → submitted, once context, controls and justifications are there."""
    with ledger.write() as conn:
        rid = get_request(conn, request_id).id
        _require_author(conn, rid, actor)
        require_state(conn, rid, EDITABLE, "submitted")
        missing = missing_for_review(conn, rid)
        if missing:
            raise LedgerError(f"{rid} cannot be submitted yet: add " + "; ".join(missing))
        entry = events.append(conn, actor, FOR_REVIEW, rid, {"state": SUBMITTED})
        _set_state(conn, rid, SUBMITTED, entry.seq)


def respond(ledger: Ledger, request_id: str, *, actor: str, text: str) -> None:
    """The researcher's reply to the checkers (a comment on the request), e.g. on a return."""
    text = text.strip()
    if not text:
        raise LedgerError("the reply is empty")
    with ledger.write() as conn:
        req = get_request(conn, request_id)
        _require_author(conn, req.id, actor)
        require_state(conn, req.id, (SUBMITTED, RETURNED), "answered")
        entry = events.append(conn, actor, events.COMMENT, req.id,
                              {"version": req.current_version, "path": None, "text": text})
        conn.execute(schema.comments.insert().values(
            request_id=req.id, version=req.current_version, path=None, actor=actor,
            text=text, created_at=entry.at, audit_seq=entry.seq))


def withdraw(ledger: Ledger, request_id: str, *, actor: str) -> None:
    with ledger.write() as conn:
        rid = get_request(conn, request_id).id
        _require_author(conn, rid, actor)
        require_state(conn, rid, (DRAFT, SUBMITTED, RETURNED), "withdrawn")
        entry = events.append(conn, actor, WITHDRAW, rid, {"state": WITHDRAWN})
        _ensure_row(conn, rid, entry.seq)
        _set_state(conn, rid, WITHDRAWN, entry.seq)


def _checker_decision(ledger: Ledger, request_id: str, actor: str, comment: str, event: str,
                      state: str, doing: str) -> None:
    comment = comment.strip()
    if not comment:
        raise LedgerError(f"a request is {doing} with a comment saying why")
    with ledger.write() as conn:
        rid = get_request(conn, request_id).id
        if same_person(actor) in authors(conn, rid):
            raise LedgerError(f"{actor} is an author of {rid} and cannot review it")
        from sdc.ledger.requests import known_names

        check_name(actor, known_names(conn), role="the checker's name")
        require_state(conn, rid, (SUBMITTED,), doing)
        version = get_request(conn, rid).current_version
        entry = events.append(conn, actor, event, rid, {"state": state, "comment": comment,
                                                        "version": version})
        conn.execute(schema.comments.insert().values(
            request_id=rid, version=version, path=None, actor=actor, text=comment,
            created_at=entry.at, audit_seq=entry.seq))
        _ensure_row(conn, rid, entry.seq)
        _set_state(conn, rid, state, entry.seq)


def return_request(ledger: Ledger, request_id: str, *, actor: str, comment: str) -> None:
    """Submitted → returned to the researcher for changes (a checker, with a comment)."""
    _checker_decision(ledger, request_id, actor, comment, RETURN, RETURNED, "returned")


def reject_request(ledger: Ledger, request_id: str, *, actor: str, comment: str) -> None:
    """Submitted → rejected (a checker, with a comment); nothing of it is ever released."""
    _checker_decision(ledger, request_id, actor, comment, REJECT_REQUEST, REJECTED, "rejected")
