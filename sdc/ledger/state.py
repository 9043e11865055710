"""Where a request stands: each output's votes, whether it may be released, and what a given
person may see.

An output of the current version is *approved* once it has at least the required number of
votes, every one of them ``approve``; any ``reject`` or ``request-changes`` vote keeps it out of
a release (votes are final, so that takes a new version with a changed file, or a rejection
stands). Votes are hidden from everyone but their own reviewer until the required number of
reviewers have voted: reviewers decide independently. Returning a request ends that round's
independent phase for its researcher only: they see the ``request-changes`` votes and the
per-output comments of a returned version (what to change); checkers still see only their own.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import schema
from sdc.ledger.requests import authors, get_request, get_version, same_person, version_files
from sdc.ledger.snapshot import LINK, OUTPUT

APPROVE, CHANGES, REJECT = "approve", "request-changes", "reject"
DECISIONS = (APPROVE, CHANGES, REJECT)

PENDING, APPROVED, REJECTED, CHANGES_REQUESTED, CONFLICT = (
    "pending", "approved", "rejected", "changes-requested", "conflict")


@dataclass
class Vote:
    reviewer: str
    decision: str
    comment: str | None
    overrides: list[dict[str, str | None]]
    at: str
    carried_from: int | None
    # what its review entry says: proven by the account's password (True), a name the policy
    # allowed (False), or not recorded (None: a vote of before round 21)
    authenticated: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "decision": self.decision, "comment": self.comment,
                "overrides": self.overrides, "at": self.at, "carried_from": self.carried_from,
                "authenticated": self.authenticated}


@dataclass
class OutputState:
    path: str
    sha256: str
    size: int
    check: str | None  # the check's verdict
    required: int
    votes: list[Vote] = field(default_factory=list)
    released: bool = False
    role: str = OUTPUT  # ``link``: a symbolic link leaving the folder, shown but never exported

    @property
    def complete(self) -> bool:
        return len(self.votes) >= self.required

    @property
    def state(self) -> str:
        if not self.complete:
            return PENDING
        decisions = {v.decision for v in self.votes}
        if decisions == {APPROVE}:
            return APPROVED
        if decisions == {REJECT}:
            return REJECTED
        if decisions == {CHANGES}:
            return CHANGES_REQUESTED
        return CONFLICT

    @property
    def releasable(self) -> bool:
        # an output sdc did not check (no status) is never released, whatever the votes
        return self.state == APPROVED and self.check is not None

    def visible_votes(self, viewer: str | None, returned: Collection[int] = (),
                      version: int = 0) -> list[Vote]:
        """What ``viewer`` may see: every vote once complete, else only their own, and the
        ``request-changes`` votes of a round returned to its researcher (``returned``: the
        versions returned, given only when the viewer is an author; ``version``: this one)."""
        if self.complete:
            return list(self.votes)
        me = same_person(viewer) if viewer else None
        return [v for v in self.votes
                if (me is not None and same_person(v.reviewer) == me)
                or (v.decision == CHANGES and (v.carried_from or version) in returned)]

    def to_dict(self, viewer: str | None, returned: Collection[int] = (),
                version: int = 0) -> dict[str, Any]:
        shown = self.visible_votes(viewer, returned, version)
        return {
            "path": self.path, "sha256": self.sha256, "size": self.size, "check": self.check,
            "state": self.state, "votes": len(self.votes), "required": self.required,
            "hidden_votes": len(self.votes) - len(shown), "released": self.released,
            "conflict": self.state == CONFLICT,
            "decisions": [v.to_dict() for v in shown],
        }


@dataclass
class RequestState:
    request_id: str
    title: str | None
    author: str
    version: int
    check: str
    required: int
    policy_sha256: str
    outputs: list[OutputState]
    result: dict[str, Any]
    authors: set[str]

    def output(self, path: str) -> OutputState | None:
        return next((o for o in self.outputs if o.path == path), None)

    @property
    def state(self) -> str:
        states = {o.state for o in self.outputs}
        if self.outputs and all(o.released for o in self.outputs):
            return "released"
        if any(o.released for o in self.outputs):
            return "partly released"
        if states == {APPROVED}:
            return "approved"
        if PENDING in states:
            return "in review"
        if CONFLICT in states:
            return "conflict"
        if states == {REJECTED}:
            return "rejected"
        return "decided"  # a mix of approved, rejected and changes requested

    def findings(self, path: str) -> list[dict[str, Any]]:
        return [f for out in self.result.get("outputs", []) if out["path"] == path
                for f in out["findings"]]


def _authenticated(entry_data: str | None) -> bool | None:
    """The ``authenticated`` of a vote's review entry (None when it has none: before round
    21, or an entry that is not JSON, which ``audit verify`` names)."""
    try:
        value = json.loads(entry_data).get("authenticated") if entry_data else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, bool) else None


def load_state(conn: Connection, request_id: str) -> RequestState:
    req = get_request(conn, request_id)
    version = get_version(conn, req.id, req.current_version)
    outputs = [OutputState(f.path, f.sha256, f.size, f.status, version.reviewers_required,
                           role=f.role)
               for f in version_files(conn, req.id, req.current_version)
               if f.role in (OUTPUT, LINK)]
    by_path = {o.path: o for o in outputs}
    r, log = schema.reviews, schema.audit_log
    for row in conn.execute(select(r, log.c.data.label("entry_data"))
                            .outerjoin(log, log.c.seq == r.c.audit_seq)
                            .where(r.c.request_id == req.id,
                                   r.c.version == req.current_version)
                            .order_by(r.c.id)):
        if row.path in by_path:
            by_path[row.path].votes.append(Vote(row.reviewer, row.decision, row.comment,
                                                json.loads(row.overrides), row.created_at,
                                                row.carried_from,
                                                _authenticated(row.entry_data)))
    rel, rf = schema.releases, schema.released_files
    released = conn.execute(
        select(rf.c.path, rf.c.sha256).join(rel, rel.c.id == rf.c.release_id)
        .where(rel.c.request_id == req.id, rel.c.state == "complete"))
    for path, sha in released:
        out = by_path.get(path)
        if out is not None and out.sha256 == sha:
            out.released = True
    return RequestState(req.id, req.title, req.author, req.current_version, version.status,
                        version.reviewers_required, version.policy_sha256, outputs,
                        json.loads(version.result_json), authors(conn, req.id))
