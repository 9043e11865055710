"""Verify the audit log: the hash chain, its recorded head, the checkpoints written outside the
ledger (``sdc.ledger.witness``), and that the rows a release relies on (snapshot hashes, votes,
releases, the ledger's reviewers setting, each submit's number of reviewers, the accounts) and
the output pages checkers read (``sdc.ledger.rendered``) agree with the entries that logged
them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, grants, schema, settings, witness
from sdc.ledger.rendered import page_sha256
from sdc.ledger.required import reviewers_problems


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    head: str | None
    bad_seq: int | None = None
    reason: str | None = None

    def message(self) -> str:
        if self.ok:
            return f"audit log intact: {self.entries} entries, head {self.head or '-'}"
        return f"audit log broken at entry {self.bad_seq}: {self.reason}"


def _bad(count: int, head: str | None, seq: int, reason: str) -> AuditReport:
    return AuditReport(False, count, head, seq, reason)


def verify_chain(conn: Connection) -> tuple[AuditReport, dict[int, events.Entry]]:
    """Walk the chain in order; the report and every entry by seq."""
    prev, expected = events.GENESIS, 1
    seen: dict[int, events.Entry] = {}
    for row in conn.execute(select(schema.audit_log).order_by(schema.audit_log.c.seq)):
        if row.seq != expected:
            return _bad(expected - 1, prev, expected,
                        f"entry {expected} is missing (the next entry is {row.seq})"), seen
        if row.prev_hash != prev:
            return _bad(expected - 1, prev, row.seq,
                        "it does not link to the entry before it"), seen
        try:
            data = json.loads(row.data)
        except ValueError:
            return _bad(expected - 1, prev, row.seq, "its data is not JSON"), seen
        entry = events.Entry(row.seq, row.at, row.actor, row.event, row.request_id, data,
                             row.prev_hash, row.hash)
        if events.entry_hash(prev, entry.body()) != row.hash:
            return _bad(expected - 1, prev, row.seq,
                        "its content does not match its hash (the entry was edited)"), seen
        seen[row.seq] = entry
        prev, expected = row.hash, expected + 1
    count = expected - 1
    head = conn.execute(select(schema.audit_head.c.seq, schema.audit_head.c.hash)
                        .where(schema.audit_head.c.id == 1)).first()
    if head is None and count:
        return _bad(count, prev, count, "the recorded head of the log is missing"), seen
    if head is not None and (head[0] != count or head[1] != prev):
        if head[0] > count:
            return _bad(count, prev, count + 1,
                        f"the log ends at entry {count} but entry {head[0]} was written: "
                        f"entries {count + 1}..{head[0]} were deleted"), seen
        return _bad(count, prev, min(head[0], count),
                    "the recorded head does not match the last entry"), seen
    return AuditReport(True, count, prev if count else None), seen


def _state_problems(conn: Connection, seen: dict[int, events.Entry]) -> list[tuple[int, str]]:
    """(seq, reason) for rows that disagree with the entry that logged them."""
    return (_submit_problems(conn, seen) + _decision_problems(conn, seen)
            + _review_problems(conn, seen) + _lifecycle_problems(conn, seen)
            + _release_problems(conn, seen) + _rendered_problems(conn, seen)
            + _setting_problems(conn, seen) + grants.account_problems(conn, seen)
            + reviewers_problems(seen))


def _setting_problems(conn: Connection, seen: dict[int, events.Entry]
                      ) -> list[tuple[int, str]]:
    """The ledger's ``reviewers`` row against its newest ``reviewers-set`` entry."""
    entry = max((e for e in seen.values() if e.event == settings.REVIEWERS_SET
                 and e.request is None), key=lambda e: e.seq, default=None)
    problem = settings.setting_problem(conn, entry)
    return [] if problem is None else [problem]


def _logged(seen: dict[int, events.Entry], seq: int, kind: str, what: str,
            problems: list[tuple[int, str]]) -> events.Entry | None:
    """The entry a row points at, if it is of the kind that writes such rows; else a problem."""
    found = seen.get(seq)
    if found is None or found.event != kind:
        problems.append((seq, f"{what} points at entry {seq}, which is not a {kind} entry"))
        return None
    return found


def _submit_problems(conn: Connection, seen: dict[int, events.Entry]) -> list[tuple[int, str]]:
    """Each version against its submit entry: request, version and the snapshot's files."""
    problems: list[tuple[int, str]] = []
    v, f = schema.versions, schema.files
    files: dict[tuple[str, int], dict[str, str]] = {}
    for file_row in conn.execute(select(f.c.request_id, f.c.version, f.c.path, f.c.sha256)):
        files.setdefault((file_row.request_id, file_row.version), {})[file_row.path] = \
            file_row.sha256
    for row in conn.execute(select(v.c.request_id, v.c.version, v.c.audit_seq)):
        e = _logged(seen, row.audit_seq, events.SUBMIT,
                    f"{row.request_id} version {row.version}", problems)
        if e is None:
            continue
        if e.request != row.request_id or e.data.get("version") != row.version:
            problems.append((e.seq, f"{row.request_id} version {row.version} does not match "
                                    "its submit entry"))
        elif e.data.get("files") != files.get((row.request_id, row.version), {}):
            problems.append((e.seq, f"the snapshot of {row.request_id} version {row.version} "
                                    "differs from what its submit entry recorded"))
    return problems


def _review_problems(conn: Connection, seen: dict[int, events.Entry]) -> list[tuple[int, str]]:
    """Each vote row against its review entry."""
    problems: list[tuple[int, str]] = []
    for row in conn.execute(select(schema.reviews)):
        what = f"the vote of {row.reviewer} on {row.request_id}/{row.path}"
        e = _logged(seen, row.audit_seq, events.REVIEW, what, problems)
        if e is None:
            continue
        expected: dict[str, Any] = {"version": row.carried_from or row.version,
                                    "path": row.path, "decision": row.decision,
                                    "comment": row.comment,
                                    "overrides": json.loads(row.overrides)}
        actual = {k: e.data.get(k) for k in expected}
        if e.request != row.request_id or e.actor != row.reviewer or actual != expected:
            problems.append((e.seq, f"{what} differs from its review entry"))
    return problems


def _lifecycle_problems(conn: Connection, seen: dict[int, events.Entry]
                        ) -> list[tuple[int, str]]:
    """Each request's state against the entry that set it."""
    problems: list[tuple[int, str]] = []
    life = schema.request_lifecycle
    for row in conn.execute(select(life.c.request_id, life.c.state, life.c.audit_seq)):
        found = seen.get(row.audit_seq)
        if found is None or found.request != row.request_id \
                or found.data.get("state") != row.state:
            problems.append((row.audit_seq, f"the state of {row.request_id} ({row.state}) "
                                            "differs from the entry that set it"))
    return problems


def _release_problems(conn: Connection, seen: dict[int, events.Entry]
                      ) -> list[tuple[int, str]]:
    """Each release row against its release-started entry."""
    problems: list[tuple[int, str]] = []
    for row in conn.execute(select(schema.releases)):
        e = _logged(seen, row.audit_seq, events.RELEASE_STARTED, f"release {row.id}", problems)
        if e is not None and (e.request != row.request_id
                              or e.data.get("release_id") != row.id
                              or e.data.get("target") != row.target):
            problems.append((e.seq, f"release {row.id} differs from its entry"))
    return problems


def _rendered_problems(conn: Connection, seen: dict[int, events.Entry]
                       ) -> list[tuple[int, str]]:
    """Each output page kept for checkers against the ``render`` entry that logged it (its
    key and SHA-256): an edited page is an edited ledger, even before anyone opens it."""
    problems: list[tuple[int, str]] = []
    t = schema.rendered_outputs
    for row in conn.execute(select(t.c.key, t.c.html, t.c.audit_seq)):
        what = f"the stored page {row.key}"
        if row.audit_seq is None:
            problems.append((0, f"{what} names no audit entry"))
            continue
        e = _logged(seen, row.audit_seq, events.RENDER, what, problems)
        if e is not None and (e.data.get("key") != row.key
                              or e.data.get("sha256") != page_sha256(row.html)):
            problems.append((e.seq, f"{what} differs from its render entry"))
    return problems


def _decision_problems(conn: Connection, seen: dict[int, events.Entry]
                       ) -> list[tuple[int, str]]:
    """What a release decision rests on, against the entries: each version's reviewers
    required, policy and check verdict (and the hash of its full result), each file's check
    status, and every vote the log recorded (a deleted vote row — a reviewer's reject — is as
    much an edit as a changed one)."""
    submits: dict[tuple[str | None, Any], events.Entry] = {
        (e.request, e.data.get("version")): e for e in seen.values()
        if e.event == events.SUBMIT}
    return _version_problems(conn, seen, submits) + _vote_problems(conn, seen, submits)


def _version_problems(conn: Connection, seen: dict[int, events.Entry],
                      submits: dict[tuple[str | None, Any], events.Entry]
                      ) -> list[tuple[int, str]]:
    """Each version's reviewers required and policy against its submit entry, its verdict
    (and the hash of its full result) and its files' statuses against its check entry."""
    problems: list[tuple[int, str]] = []
    checks = {(e.request, e.data.get("version")): e for e in seen.values()
              if e.event == events.CHECK}
    v, f = schema.versions, schema.files
    statuses: dict[tuple[str, int], dict[str, str | None]] = {}
    for row in conn.execute(select(f.c.request_id, f.c.version, f.c.path, f.c.status)):
        statuses.setdefault((row.request_id, row.version), {})[row.path] = row.status
    for row in conn.execute(select(v)):
        key = (row.request_id, row.version)
        what = f"{row.request_id} version {row.version}"
        submit = submits.get(key)
        if submit is not None:
            if submit.data.get("reviewers_required") != row.reviewers_required:
                problems.append((submit.seq, f"{what} needs {row.reviewers_required} "
                                 "reviewer(s) but its submit entry recorded "
                                 f"{submit.data.get('reviewers_required')}"))
            if (submit.data.get("policy") or {}).get("sha256") != row.policy_sha256:
                problems.append((submit.seq, f"the policy of {what} differs from its submit "
                                 "entry"))
        check = checks.get(key)
        if check is None:
            problems.append((row.audit_seq, f"{what} has no check entry in the log"))
            continue
        digest = hashlib.sha256(row.result_json.encode()).hexdigest()
        if check.data.get("status") != row.status or check.data.get("result_sha256") != digest:
            problems.append((check.seq, f"the check result of {what} differs from its check "
                             "entry"))
        logged_status = check.data.get("outputs") or {}
        stored = statuses.get(key, {})
        if stored != {path: logged_status.get(path) for path in stored}:
            problems.append((check.seq, f"the check status of a file of {what} differs from "
                             "its check entry"))
    return problems


def _vote_problems(conn: Connection, seen: dict[int, events.Entry],
                   submits: dict[tuple[str | None, Any], events.Entry]
                   ) -> list[tuple[int, str]]:
    """Every vote the log recorded is a row (a deleted vote row is an edit), and the votes
    carried to a new version are exactly those of the version before."""
    problems: list[tuple[int, str]] = []
    r = schema.reviews
    rows = list(conn.execute(select(r.c.request_id, r.c.version, r.c.path, r.c.reviewer,
                                    r.c.audit_seq, r.c.carried_from)))
    logged = {row.audit_seq for row in rows if row.carried_from is None}
    for entry in seen.values():
        if entry.event == events.REVIEW and entry.seq not in logged:
            problems.append((entry.seq, f"the vote of {entry.actor} on {entry.request}/"
                             f"{entry.data.get('path')} is in the log but not in the ledger"))
    votes: dict[tuple[str | None, int, str], set[tuple[str, int]]] = {}
    carried: dict[tuple[str | None, int, str], set[tuple[str, int]]] = {}
    for vote in rows:
        votes.setdefault((vote.request_id, vote.version, vote.path), set()).add(
            (vote.reviewer, vote.audit_seq))
        if vote.carried_from is not None:  # a vote cast on the new version is not carried
            carried.setdefault((vote.request_id, vote.version, vote.path), set()).add(
                (vote.reviewer, vote.audit_seq))
    for (request, version), submit in submits.items():
        for path in submit.data.get("carried") or []:
            before = votes.get((request, version - 1, path), set())
            if carried.get((request, version, path), set()) != before:
                problems.append((submit.seq, f"the votes carried to {request} version "
                                 f"{version} on {path} differ from those of version "
                                 f"{version - 1}"))
    return problems


_FROM_ENV = Path()  # ``verify``'s default: the witness ``$SDC_AUDIT_WITNESS`` names


def verify(conn: Connection, witness_file: Path | None = _FROM_ENV) -> AuditReport:
    """The chain, then the checkpoints of ``witness_file`` (by default the one in force, see
    ``sdc.ledger.witness``; None: none) and the state rows against it; the first problem
    wins."""
    report, seen = verify_chain(conn)
    if not report.ok:
        return report
    path = witness.witness_path() if witness_file is _FROM_ENV else witness_file
    problems = (witness.problems(path, {s: e.hash for s, e in seen.items()})
                if path is not None else [])
    problems += _state_problems(conn, seen)
    if problems:
        seq, reason = min(problems)
        return _bad(report.entries, report.head, seq, reason)
    return report
