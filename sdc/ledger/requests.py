"""Release requests: submit a folder (a new request or a new version of one) and look them up.

A version is a snapshot (every file's bytes and SHA-256), the check result of exactly those
bytes, the policy's hash and the number of reviewers it needs. A new version keeps the votes
on an output whose bytes and findings did not change and resets the others.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from sdc.ledger import events, schema
from sdc.ledger.checking import check_folder
from sdc.ledger.clock import now
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.index import describe
from sdc.ledger.people import check_name, identity_key
from sdc.ledger.pinned import require_pinned, reviewers_of
from sdc.ledger.settings import reviewers_in_force
from sdc.ledger.snapshot import OUTPUT, StagedFile, stage
from sdc.policy import Policy
from sdc.results import OutputResult, RunResult, Status

UNDER = "this submission would be checked under"


@dataclass
class SubmitResult:
    request_id: str
    version: int
    status: str
    outputs: list[str]
    reviewers_required: int
    carried: list[str] = field(default_factory=list)  # outputs whose votes were kept
    reset: list[str] = field(default_factory=list)  # outputs whose earlier votes were dropped


def normalise_id(request_id: str) -> str:
    return request_id.strip().upper()


def format_id(number: int) -> str:
    return f"R-{number:04d}"


def get_request(conn: Connection, request_id: str) -> Any:
    """The request row, or a LedgerError naming the unknown id."""
    row = conn.execute(select(schema.requests)
                       .where(schema.requests.c.id == normalise_id(request_id))).first()
    if row is None:
        raise LedgerError(f"no request {request_id!r} in this ledger (`sdc request list` "
                          "shows them)")
    return row


def get_version(conn: Connection, request_id: str, version: int) -> Any:
    v = schema.versions
    return conn.execute(select(v).where(v.c.request_id == request_id,
                                        v.c.version == version)).one()


def version_files(conn: Connection, request_id: str, version: int) -> list[Any]:
    f = schema.files
    return list(conn.execute(select(f).where(f.c.request_id == request_id, f.c.version == version)
                             .order_by(f.c.path)))


def authors(conn: Connection, request_id: str) -> set[str]:
    """Everyone who wrote the request: its author, each submitter, request.toml's author."""
    names = {conn.execute(select(schema.requests.c.author)
                          .where(schema.requests.c.id == request_id)).scalar_one()}
    v = schema.versions
    for submitted_by, declared in conn.execute(
            select(v.c.submitted_by, v.c.declared_author).where(v.c.request_id == request_id)):
        names.add(submitted_by)
        if declared:
            names.add(declared)
    return {same_person(n) for n in names if n}


def same_person(name: str) -> str:
    """The identity key of a name (``sdc.ledger.people``): compare people only through it."""
    return identity_key(name)


def known_names(conn: Connection) -> set[str]:
    """Every name the ledger has seen: actors of the log, authors, declared authors."""
    names = set(conn.execute(select(schema.audit_log.c.actor).distinct()).scalars())
    names |= set(conn.execute(select(schema.requests.c.author)).scalars())
    v = schema.versions
    names |= {n for n in conn.execute(select(v.c.declared_author)).scalars() if n}
    return names


def _file_results(result: RunResult) -> dict[str, list[OutputResult]]:
    by_path: dict[str, list[OutputResult]] = {}
    for out in result.outputs:
        by_path.setdefault(out.path, []).append(out)
    return by_path


def findings_digest(results: list[OutputResult]) -> str:
    """What the check said about one file, in a stable order: each finding's rule, status and
    cell, its full message (with its numbers: the value-free one CI logs show reads the same
    for a sliver of 8 and one of 1, and an approval given to one is not one given to the
    other), the cells it names elsewhere, and any waiver or declaration that changed it."""
    found = sorted((f.rule, f.status.value, f.location.sheet or "", f.location.cell or "",
                    f.message, sorted(loc.display() for loc in f.related), f.waiver or "",
                    f.declaration_kind or "", f.declaration or "")
                   for out in results for f in out.findings)
    return hashlib.sha256(json.dumps(found).encode()).hexdigest()


def _file_status(results: list[OutputResult]) -> str:
    return Status.worst(r.status for r in results).value


def _exclusions(ledger: Ledger) -> list[Path]:
    paths = []
    if ledger.location.sqlite_path is not None:
        db = ledger.location.sqlite_path
        paths += [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                  db.with_name(db.name + "-journal")]
    if ledger.store.directory is not None:
        paths.append(ledger.store.directory)
    return paths


def submit(ledger: Ledger, folder: Path, *, author: str, policy: Policy,
           update: str | None = None,
           before: Callable[[Connection], None] | None = None,
           after: Callable[[Connection, SubmitResult], None] | None = None) -> SubmitResult:
    """Snapshot and check ``folder``; record it as a new request or (``update``) a new version.

    ``before`` and ``after`` run inside the same write transaction, before and after the
    recording (``lifecycle`` checks the request's state and records a draft there, atomically).
    ``policy`` must be the ledger's pinned policy (``sdc.ledger.pinned``), which also says how
    many reviewers each output needs (its ``[workflow] reviewers``, else the ledger's setting,
    read from the audit log: ``sdc.ledger.settings``).
    Then every output's page is drawn from the tables the check read (``drawing.draw_all``),
    whichever face submitted it, so a checker's first view of it is a lookup."""
    author = check_name(author, role="author")
    with ledger.read() as conn:  # fail fast, before copying anything
        if update is not None:
            get_request(conn, update)
        require_pinned(conn, policy.sha256, policy.profile, UNDER)
        required = _reviewers(conn, policy)
    if required < 1:
        raise LedgerError(f"reviewers required must be at least 1 (got {required})")
    workdir = Path(tempfile.mkdtemp(prefix="sdc-snapshot-"))
    staging = workdir / "snapshot"
    try:
        staging.mkdir()
        staged = stage(folder, staging, _exclusions(ledger))
        result, outputs = check_folder(staging, policy, ledger)
        for item in staged:
            ledger.store.prepare(item.staged, item.sha256)
        with ledger.write() as conn:
            known = known_names(conn)
            check_name(author, known, role="author")
            declared = result.request.get("author")
            if declared:  # the submitter's own spellings are not someone else's name
                me = identity_key(author)
                check_name(declared, {n for n in known if identity_key(n) != me},
                           role="request.toml's author")
            require_pinned(conn, policy.sha256, policy.profile, UNDER)
            if _reviewers(conn, policy) != required:
                raise LedgerError("the ledger's reviewers setting changed during the check: "
                                  "submit again")
            if before is not None:
                before(conn)
            recorded = _record(conn, ledger, folder, staged, result, outputs, author,
                               policy, required, update)
            if after is not None:
                after(conn, recorded)
        from sdc.ledger.drawing import checked_tables, draw_all

        # the pages from the reports' views of the tables; the check's outputs and result
        # (each holding every table's model) let go before the drawing (issue 14 §3)
        tables = checked_tables(outputs)
        del result, outputs
        draw_all(ledger, recorded.request_id, policy, tables)
        return recorded
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _describe(output: Any) -> Any:
    """``output``'s index entry (``sdc.ledger.index``), read from its compact form where it
    has one (its model may be gone: ``sdc.table_standin``), else from its table: the same
    entry (``describe_form``)."""
    from sdc.ledger.index import describe_form
    from sdc.release_form import form_of

    form = form_of(output)
    population = output.request.get("population")
    if form is not None:
        return describe_form(form, population)
    return describe(output.table, population)


def _reviewers(conn: Connection, policy: Policy) -> int:
    """Reviewers per output: the policy's ``[workflow] reviewers``, else the ledger's number
    from its audit log (``sdc.ledger.settings``; an edited settings row is refused)."""
    return reviewers_of(policy) or reviewers_in_force(conn)


def _record(conn: Connection, ledger: Ledger, folder: Path, staged: list[StagedFile],
            result: RunResult, outputs: list[Any], author: str, policy: Policy, required: int,
            update: str | None) -> SubmitResult:
    declared = result.request.get("author")
    title = result.request.get("title")
    if update is not None:
        req = get_request(conn, update)
        request_id, version = req.id, req.current_version + 1
    else:
        number = (conn.execute(select(func.max(schema.requests.c.number))).scalar() or 0) + 1
        request_id, version = format_id(number), 1
        conn.execute(schema.requests.insert().values(
            id=request_id, number=number, title=title, author=author, created_at=now(),
            current_version=0))
    for item in staged:
        ledger.store.record(conn, item.staged, item.sha256, item.size)

    by_path = _file_results(result)
    carried, reset = _carry_plan(conn, request_id, version, staged, by_path)
    submit_entry = events.append(conn, author, events.SUBMIT, request_id, {
        "version": version, "title": title, "declared_author": declared,
        "source": str(folder.resolve()), "reviewers_required": required,
        "policy": {"source": policy.source, "profile": policy.profile, "sha256": policy.sha256},
        "files": {f.path: f.sha256 for f in staged},
        "carried": sorted(carried), "reset": sorted(reset),
    })
    result_json = json.dumps(result.to_dict(with_evidence=True), ensure_ascii=False)
    events.append(conn, author, events.CHECK, request_id, {
        "version": version, "status": result.status.value, "summary": result.summary(),
        "result_sha256": hashlib.sha256(result_json.encode()).hexdigest(),
        "outputs": {p: _file_status(r) for p, r in sorted(by_path.items())},
    })
    conn.execute(schema.versions.insert().values(
        request_id=request_id, version=version, submitted_by=author, declared_author=declared,
        submitted_at=submit_entry.at, source=str(folder.resolve()), policy_source=policy.source,
        policy_profile=policy.profile, policy_sha256=policy.sha256, reviewers_required=required,
        status=result.status.value, result_json=result_json, audit_seq=submit_entry.seq))
    conn.execute(schema.files.insert(), [
        {"request_id": request_id, "version": version, "path": f.path, "role": f.role,
         "sha256": f.sha256, "size": f.size,
         "status": _file_status(by_path[f.path]) if f.path in by_path else None,
         "findings_digest": findings_digest(by_path.get(f.path, []))}
        for f in staged])
    rows = []
    for output in outputs:
        if output.table is None:
            continue
        desc = _describe(output)
        if desc is not None:
            rows.append({"request_id": request_id, "version": version, "path": output.path,
                         "sheet": output.sheet, "dim_sig": desc.dim_sig,
                         "label_sig": desc.label_sig, "grand_total": desc.grand_total,
                         "table_json": desc.to_json()})
    if rows:
        conn.execute(schema.output_tables.insert(), rows)
    _carry_votes(conn, request_id, version, carried)
    conn.execute(schema.requests.update().where(schema.requests.c.id == request_id)
                 .values(current_version=version))
    return SubmitResult(request_id, version, result.status.value,
                        [f.path for f in staged if f.role == OUTPUT], required,
                        sorted(carried), sorted(reset))


def _carry_plan(conn: Connection, request_id: str, version: int, staged: list[StagedFile],
                by_path: dict[str, list[OutputResult]]) -> tuple[list[str], list[str]]:
    """Outputs whose votes carry over (same bytes, same findings) and those reset."""
    if version == 1:
        return [], []
    previous = {row.path: row for row in version_files(conn, request_id, version - 1)}
    r = schema.reviews
    voted = set(conn.execute(select(r.c.path).where(r.c.request_id == request_id,
                                                    r.c.version == version - 1)).scalars())
    carried, reset = [], []
    for item in staged:
        if item.role != OUTPUT or item.path not in voted:
            continue
        old = previous.get(item.path)
        if (old is not None and old.sha256 == item.sha256
                and old.findings_digest == findings_digest(by_path.get(item.path, []))):
            carried.append(item.path)
        else:
            reset.append(item.path)
    reset += sorted(voted - {f.path for f in staged})  # outputs removed from the request
    return carried, reset


def _carry_votes(conn: Connection, request_id: str, version: int, carried: list[str]) -> None:
    if not carried:
        return
    r = schema.reviews
    rows = conn.execute(select(r).where(r.c.request_id == request_id, r.c.version == version - 1,
                                        r.c.path.in_(carried)))
    conn.execute(r.insert(), [
        {"request_id": request_id, "version": version, "path": row.path,
         "reviewer": row.reviewer, "decision": row.decision, "comment": row.comment,
         "overrides": row.overrides, "created_at": row.created_at,
         "carried_from": row.carried_from or row.version, "audit_seq": row.audit_seq}
        for row in rows])


def list_requests(ledger: Ledger) -> list[dict[str, Any]]:
    req, v = schema.requests, schema.versions
    with ledger.read() as conn:
        rows = conn.execute(
            select(req.c.id, req.c.title, req.c.author, req.c.created_at, req.c.current_version,
                   v.c.status)
            .join(v, (v.c.request_id == req.c.id) & (v.c.version == req.c.current_version))
            .order_by(req.c.number))
        return [{"id": r.id, "title": r.title, "author": r.author, "created_at": r.created_at,
                 "version": r.current_version, "check": r.status} for r in rows]
