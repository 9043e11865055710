"""Export the approved outputs of a request: verify, copy to a temporary folder, rename.

Order, so that a crash at any point leaves the target and the ledger consistent:

1. verify the audit log and every snapshot blob to be exported (a mismatch is audited as
   ``verification-failed`` and nothing is written);
2. write the files into ``.NAME.sdc-partial-PID-RANDOM`` beside the target (same file system)
   and hash them again;
3. record the release as ``pending`` (with the released tables, so SDC504 already counts it);
4. rename the folder to the target (atomic: the target is absent or empty before, complete
   after);
5. mark the release ``complete``.

A process killed between 3 and 5 leaves a ``pending`` release; the next ``sdc release`` or
``sdc request show`` of that request settles it: ``complete`` if the target holds exactly the
released bytes, else ``abandoned``. Only outputs (never ``request.toml`` or ``*.sdc.json``
evidence sidecars) are written.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Row, select

from sdc.errors import SdcError
from sdc.ledger import events, schema
from sdc.ledger.clock import now
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError, VerificationError
from sdc.ledger.lifecycle import SUBMITTED, state_of, supporting_paths
from sdc.ledger.margins import index_margins
from sdc.ledger.measures import index_measures
from sdc.ledger.people import check_name
from sdc.ledger.pinned import PolicyMismatch, require_version_pinned
from sdc.ledger.requests import get_request, known_names
from sdc.ledger.snapshot import OUTPUT, role_of
from sdc.ledger.state import OutputState, load_state
from sdc.ledger.verify import verify

PARTIAL = ".sdc-partial-"
PENDING, COMPLETE, FAILED, ABANDONED = "pending", "complete", "failed", "abandoned"


class ReleaseRefused(SdcError):
    """Nothing may be released (no approved output, or the request changed meanwhile)."""


@dataclass
class ReleaseResult:
    release_id: int
    request_id: str
    version: int
    target: Path
    files: list[str]
    withheld: list[str]


# Test seam: called with a stage name ("copied", "recorded", "renamed") between the steps.
Hook = Callable[[str], None]


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _partial_name(target: Path) -> str:
    return f".{target.name}{PARTIAL}{os.getpid()}-{secrets.token_hex(4)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale_partials(target: Path) -> None:
    """Remove partial folders of this target left by killed processes on this machine."""
    if not target.parent.is_dir():
        return
    prefix = f".{target.name}{PARTIAL}"
    for item in target.parent.iterdir():
        if not item.name.startswith(prefix) or not item.is_dir():
            continue
        pid = item.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(item, ignore_errors=True)


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise LedgerError(f"--to {target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise LedgerError(f"--to {target}: the folder is not empty; release into a new or "
                          "empty folder")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _under_pinned(conn: Connection, request_id: str, version: int) -> str | None:
    """Why the version cannot be released: it was checked under another policy than the
    ledger's (``sdc.ledger.pinned``); None when it was not."""
    try:
        require_version_pinned(conn, request_id, version, "released")
    except PolicyMismatch as exc:
        return str(exc)
    return None


def _exportable(out: OutputState) -> bool:
    return out.releasable and out.role == OUTPUT and role_of(out.path) == OUTPUT


def _fail_verification(ledger: Ledger, actor: str, request_id: str, data: dict[str, Any]) -> None:
    with ledger.write() as conn:
        events.append(conn, actor, events.VERIFICATION_FAILED, request_id, data)


def release(ledger: Ledger, request_id: str, target: Path, *, actor: str,
            hook: Hook | None = None, complete: bool = False) -> ReleaseResult:
    """Export the approved outputs of ``request_id`` into ``target`` (see the module doc).

    Only a request in review (``lifecycle``: not a draft, returned, withdrawn or rejected one)
    and checked under the ledger's pinned policy (``pinned``) is released, never its supporting
    files; ``complete`` (the web app) refuses unless every
    output but the supporting ones is approved."""
    target = target.expanduser().absolute()
    actor = check_name(actor, role="the releaser's name")
    with ledger.read() as conn:
        check_name(actor, known_names(conn), role="the releaser's name")
    settle_pending(ledger, request_id, actor)
    _check_target(target)
    with ledger.read() as conn:
        state = load_state(conn, request_id)
        stage = state_of(conn, state.request_id)
        supporting = supporting_paths(conn, state.request_id)
        report = verify(conn)
        pinned = _under_pinned(conn, state.request_id, state.version)
    if stage != SUBMITTED:
        raise ReleaseRefused(f"{state.request_id} is {stage}: only a request in review is "
                             "released")
    if pinned is not None:
        raise ReleaseRefused(pinned)
    if not report.ok:
        _fail_verification(ledger, actor, state.request_id,
                           {"version": state.version, "what": "audit log",
                            "reason": report.message()})
        raise VerificationError(report.message())
    approved = [o for o in state.outputs if _exportable(o) and o.path not in supporting]
    withheld = [o.path for o in state.outputs if o not in approved]
    pending = [p for p in withheld if p not in supporting]
    if complete and pending:
        raise ReleaseRefused(f"{state.request_id} version {state.version}: not every output is "
                             f"approved by {state.required} reviewer(s) ({', '.join(pending)})")
    if not approved:
        raise ReleaseRefused(f"nothing to release: no output of {state.request_id} version "
                             f"{state.version} is approved by {state.required} reviewer(s)")
    contents: dict[str, bytes] = {}
    with ledger.read() as conn:
        for out in approved:
            try:
                contents[out.path] = ledger.store.read(conn, out.sha256)
            except VerificationError as exc:
                _fail_verification(ledger, actor, state.request_id,
                                   {"version": state.version, "path": out.path,
                                    "sha256": out.sha256, "reason": str(exc)})
                raise VerificationError(f"{out.path}: {exc}") from None

    _clean_stale_partials(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / _partial_name(target)
    release_id: int | None = None
    renamed = False
    try:
        _write_partial(partial, approved, contents)
        if hook:
            hook("copied")
        release_id = _record_pending(ledger, state.request_id, state.version, approved, target,
                                     actor)
        if hook:
            hook("recorded")
        if target.is_dir():
            target.rmdir()  # empty (checked above); rename needs it gone or empty
        os.rename(partial, target)
        renamed = True
        _fsync_dir(target.parent)
        if hook:
            hook("renamed")
        _finish(ledger, release_id, COMPLETE, actor, state.request_id,
                {"release_id": release_id, "version": state.version, "target": str(target),
                 "files": {o.path: o.sha256 for o in approved}, "withheld": withheld})
    except Exception as exc:
        if not renamed:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(exc, VerificationError):
                _fail_verification(ledger, actor, state.request_id,
                                   {"version": state.version, "what": "written copy",
                                    "reason": str(exc)})
            if release_id is not None:
                _finish(ledger, release_id, FAILED, actor, state.request_id,
                        {"release_id": release_id, "reason": f"{type(exc).__name__}: {exc}"})
        raise
    return ReleaseResult(release_id, state.request_id, state.version, target,
                         [o.path for o in approved], withheld)


def _write_partial(partial: Path, approved: list[OutputState], contents: dict[str, bytes]
                   ) -> None:
    partial.mkdir()
    for out in approved:
        rel = Path(out.path)
        if rel.is_absolute() or ".." in rel.parts:
            raise VerificationError(f"{out.path}: not a path inside the release")
        dest = partial / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        with dest.open("wb") as fh:
            fh.write(contents[out.path])
            fh.flush()
            os.fsync(fh.fileno())
    for out in approved:  # read back what the disk holds
        if hashlib.sha256((partial / out.path).read_bytes()).hexdigest() != out.sha256:
            raise VerificationError(f"{out.path}: the written copy does not match its snapshot")


def _record_pending(ledger: Ledger, request_id: str, version: int, approved: list[OutputState],
                    target: Path, actor: str) -> int:
    with ledger.write() as conn:
        state = load_state(conn, request_id)  # again, under the lock
        now_ok = {o.path: o.sha256 for o in state.outputs if _exportable(o)}
        if state.version != version or any(now_ok.get(o.path) != o.sha256 for o in approved):
            raise ReleaseRefused(f"{request_id} changed while it was being released; "
                                 "run sdc release again")
        refused = _under_pinned(conn, request_id, version)  # the pin may have moved meanwhile
        if refused is not None:
            raise ReleaseRefused(refused)
        rel = schema.releases
        inserted = conn.execute(rel.insert().values(
            request_id=request_id, version=version, released_by=actor, target=str(target),
            state=PENDING, started_at=now(), audit_seq=0))
        release_id = cast("Row[Any]", inserted.inserted_primary_key)[0]  # one row: never None
        entry = events.append(conn, actor, events.RELEASE_STARTED, request_id, {
            "release_id": release_id, "version": version, "target": str(target),
            "owner": _owner(), "files": {o.path: o.sha256 for o in approved}})
        conn.execute(rel.update().where(rel.c.id == release_id)
                     .values(audit_seq=entry.seq, started_at=entry.at))
        conn.execute(schema.released_files.insert(), [
            {"release_id": release_id, "path": o.path, "sha256": o.sha256, "size": o.size}
            for o in approved])
        _index_tables(conn, release_id, request_id, version, [o.path for o in approved])
        return int(release_id)


def _index_tables(conn: Connection, release_id: int, request_id: str, version: int,
                  paths: list[str]) -> None:
    ot, rt = schema.output_tables, schema.released_tables
    already = set(conn.execute(select(rt.c.table_id).join(ot, ot.c.id == rt.c.table_id)
                               .where(ot.c.request_id == request_id, ot.c.version == version))
                  .scalars())
    rows = conn.execute(select(ot.c.id, ot.c.dim_sig, ot.c.label_sig, ot.c.grand_total)
                        .where(ot.c.request_id == request_id, ot.c.version == version,
                               ot.c.path.in_(paths)))
    new = [{"table_id": r.id, "release_id": release_id, "dim_sig": r.dim_sig,
            "label_sig": r.label_sig, "grand_total": r.grand_total}
           for r in rows if r.id not in already]
    if new:
        conn.execute(rt.insert(), new)
        index_margins(conn, [row["table_id"] for row in new])
        index_measures(conn, [row["table_id"] for row in new])


def _finish(ledger: Ledger, release_id: int, state: str, actor: str, request_id: str,
            data: dict[str, Any]) -> None:
    rel = schema.releases
    with ledger.write() as conn:
        current = conn.execute(select(rel.c.state).where(rel.c.id == release_id)).scalar_one()
        if current != PENDING:
            return
        conn.execute(rel.update().where(rel.c.id == release_id)
                     .values(state=state, finished_at=now()))
        if state != COMPLETE:
            rt = schema.released_tables
            for rm in (schema.released_margins, schema.released_measures):
                conn.execute(rm.delete().where(rm.c.table_id.in_(
                    select(rt.c.table_id).where(rt.c.release_id == release_id))))
            conn.execute(schema.released_tables.delete()
                         .where(schema.released_tables.c.release_id == release_id))
        kind = events.RELEASE if state == COMPLETE else events.RELEASE_FAILED
        events.append(conn, actor, kind, request_id, {**data, "state": state})


def _holds_release(target: Path, files: dict[str, str]) -> bool:
    if not target.is_dir():
        return False
    present = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    if present != set(files):
        return False
    return all(hashlib.sha256((target / p).read_bytes()).hexdigest() == sha
               for p, sha in files.items())


def settle_pending(ledger: Ledger, request_id: str, actor: str) -> list[int]:
    """Settle releases left ``pending`` by a process that died (see the module doc); those of
    a live process are left alone. The ids settled."""
    rel, rf = schema.releases, schema.released_files
    with ledger.read() as conn:
        req = get_request(conn, request_id)
        pending = list(conn.execute(select(rel.c.id, rel.c.target, rel.c.audit_seq)
                                    .where(rel.c.request_id == req.id, rel.c.state == PENDING)))
        info = {}
        for row in pending:
            started = conn.execute(select(schema.audit_log.c.data)
                                   .where(schema.audit_log.c.seq == row.audit_seq)).scalar()
            owner = json.loads(started).get("owner", "") if started else ""
            files = dict(conn.execute(select(rf.c.path, rf.c.sha256)
                                      .where(rf.c.release_id == row.id)).all())
            info[row.id] = (row.target, owner, files)
    settled = []
    for release_id, (target, owner, files) in info.items():
        host, _, pid = owner.rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and _pid_alive(int(pid)):
            continue  # still running
        if host and host != socket.gethostname():
            continue  # another machine's; it settles its own
        done = _holds_release(Path(target), files)
        _finish(ledger, release_id, COMPLETE if done else ABANDONED, actor, req.id,
                {"release_id": release_id, "target": target, "settled": True,
                 "files": files if done else {}})
        settled.append(release_id)
    return settled
