"""Record a reviewer's decision on outputs of a request.

Rules enforced here (all inside the ledger's write lock, so they hold under concurrency):
the author never reviews their own request; one final vote per reviewer per output and version;
approving an output with ``fail`` findings, or overriding any finding, needs a comment; an
override must name a finding the check actually reported; a vote is refused on a version
checked under another policy than the ledger's (``sdc.ledger.pinned``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, schema
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.lifecycle import SUBMITTED, require_state, supporting_paths
from sdc.ledger.people import check_name, display_name
from sdc.ledger.pinned import require_version_pinned
from sdc.ledger.requests import known_names, same_person
from sdc.ledger.state import APPROVE, DECISIONS, OutputState, RequestState, load_state
from sdc.ledger.votes import require_account_votes_off


@dataclass(frozen=True)
class Override:
    """``RULE@CELL`` (cell ``C4`` or ``Sheet!C4``) or ``RULE`` for every finding of a rule."""

    rule: str
    cell: str | None

    @classmethod
    def parse(cls, spec: str) -> Override:
        rule, _, cell = spec.strip().partition("@")
        if not rule.strip() or (_ and not cell.strip()):
            raise LedgerError(f"--override {spec!r}: expected RULE@CELL (e.g. SDC101@C4) "
                              "or RULE")
        return cls(rule.strip(), cell.strip() or None)

    def matches(self, finding: dict[str, Any]) -> bool:
        if self.rule.upper() != finding["rule"] and self.rule.lower() != finding["name"]:
            return False
        if self.cell is None:
            return True
        loc = finding["location"]
        sheet, bang, cell = self.cell.rpartition("!")
        if bang and (loc.get("sheet") or "") != sheet.strip("'"):
            return False
        return (loc.get("cell") or "").upper() == cell.upper()

    def to_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "cell": self.cell}


@dataclass
class ReviewResult:
    request_id: str
    version: int
    outputs: list[OutputState]  # after the vote


def _check_override(state: RequestState, path: str, override: Override) -> None:
    if not any(override.matches(f) for f in state.findings(path)):
        where = f" at {override.cell}" if override.cell else ""
        spec = override.rule + (f"@{override.cell}" if override.cell else "")
        raise LedgerError(f"--override {spec}: {path} has no {override.rule} finding{where}")


def review(ledger: Ledger, request_id: str, *, reviewer: str, paths: list[str],
           decision: str | None, comment: str | None = None,
           overrides: list[str] | None = None, authenticated: bool = False) -> ReviewResult:
    """Vote ``decision`` on each of ``paths`` (or, with no decision, only comment on them).

    ``authenticated``: the caller proved ``reviewer`` is an enabled checker account (its
    password, or its web session); a bare name is refused unless the policy in force says
    ``[workflow] cli_votes = "named"`` (``sdc.ledger.votes``)."""
    reviewer = display_name(reviewer)
    comment = comment.strip() if comment and comment.strip() else None
    parsed = [Override.parse(o) for o in overrides or []]
    _check_arguments(reviewer, paths, decision, comment, parsed)
    with ledger.write() as conn:
        if not authenticated:
            require_account_votes_off(conn, "--reviewer")
        state = load_state(conn, request_id)
        if same_person(reviewer) in state.authors:
            raise LedgerError(f"{reviewer} is an author of {state.request_id} and cannot "
                              "review it")
        # after the author check (``ALICE`` is told she is the author), before any vote:
        # a name that is empty once normalised or a look-alike of someone else's is refused
        check_name(reviewer, known_names(conn), role="--reviewer")
        if decision is not None:
            require_state(conn, state.request_id, (SUBMITTED,), "reviewed")
            require_version_pinned(conn, state.request_id, state.version, "reviewed")
        targets = _targets(state, paths, decision is not None,
                           supporting_paths(conn, state.request_id))
        if decision is None:
            _comment(conn, state, reviewer, targets, comment or "")
        else:
            _vote(conn, state, reviewer, targets, decision, comment, parsed, authenticated)
        after = load_state(conn, state.request_id)
    return ReviewResult(after.request_id, after.version,
                        [o for o in after.outputs if o.path in {t.path for t in targets}])


def _check_arguments(reviewer: str, paths: list[str], decision: str | None,
                     comment: str | None, overrides: list[Override]) -> None:
    """Refuse a review the options do not make sense for, before opening the ledger."""
    if not reviewer:
        raise LedgerError("--reviewer: the name is empty")
    if not paths:
        raise LedgerError("name at least one output with --output PATH")
    if decision is not None and decision not in DECISIONS:
        raise LedgerError(f"--decision {decision!r}: choose one of {', '.join(DECISIONS)}")
    if decision is None and comment is None:
        raise LedgerError("give a --decision, or a --comment to comment without voting")
    if overrides and decision is None:
        raise LedgerError("--override needs a --decision")
    if overrides and len(paths) != 1:
        raise LedgerError("--override applies to one output: give exactly one --output")
    if overrides and comment is None:
        raise LedgerError("overriding a finding needs a --comment saying why")


def _targets(state: RequestState, paths: list[str], voting: bool,
             supporting: set[str]) -> list[OutputState]:
    """The outputs named (each once), all of the current version; a supporting file cannot
    be voted on."""
    targets = []
    for path in dict.fromkeys(paths):
        out = state.output(path)
        if out is None:
            known = ", ".join(o.path for o in state.outputs)
            raise LedgerError(f"{state.request_id} (version {state.version}) has no output "
                              f"{path!r} (outputs: {known})")
        if voting and path in supporting:
            raise LedgerError(f"{path} is a supporting file: it is viewed, never voted on "
                              "nor released")
        targets.append(out)
    return targets


def _comment(conn: Connection, state: RequestState, actor: str, targets: list[OutputState],
             text: str) -> None:
    for out in targets:
        entry = events.append(conn, actor, events.COMMENT, state.request_id,
                              {"version": state.version, "path": out.path, "text": text})
        conn.execute(schema.comments.insert().values(
            request_id=state.request_id, version=state.version, path=out.path, actor=actor,
            text=text, created_at=entry.at, audit_seq=entry.seq))


def _vote(conn: Connection, state: RequestState, reviewer: str, targets: list[OutputState],
          decision: str, comment: str | None, overrides: list[Override],
          authenticated: bool) -> None:
    me = same_person(reviewer)
    for out in targets:
        if any(same_person(v.reviewer) == me for v in out.votes):
            raise LedgerError(f"{reviewer} has already reviewed {out.path} in "
                              f"{state.request_id} version {state.version}; votes are final")
        if decision == APPROVE and out.check is None:
            raise LedgerError(f"{out.path} has no check result: sdc did not check it, so it "
                              "cannot be approved")
        if decision == APPROVE and out.check == "fail" and comment is None:
            raise LedgerError(f"{out.path} has fail findings: approving it needs a --comment "
                              "saying why it is safe")
        if decision != APPROVE and out.check == "pass" and comment is None:
            # SACRO-Viewer's rule: overriding the automatic verdict always says why
            raise LedgerError(f"{out.path} passed the automatic check: a {decision} vote "
                              "needs a --comment saying what is wrong with it")
        for override in overrides:
            _check_override(state, out.path, override)
    for out in targets:
        data = {"version": state.version, "path": out.path, "sha256": out.sha256,
                "decision": decision, "comment": comment,
                "overrides": [o.to_dict() for o in overrides], "authenticated": authenticated}
        entry = events.append(conn, reviewer, events.REVIEW, state.request_id, data)
        conn.execute(schema.reviews.insert().values(
            request_id=state.request_id, version=state.version, path=out.path,
            reviewer=reviewer, decision=decision, comment=comment,
            overrides=json.dumps(data["overrides"]), created_at=entry.at, carried_from=None,
            audit_seq=entry.seq))
        for override in overrides:
            events.append(conn, reviewer, events.OVERRIDE, state.request_id,
                          {"version": state.version, "path": out.path, **override.to_dict(),
                           "comment": comment, "review_seq": entry.seq})


def comments_of(conn: Connection, request_id: str) -> list[dict[str, Any]]:
    c = schema.comments
    return [{"version": r.version, "path": r.path, "actor": r.actor, "text": r.text,
             "at": r.created_at}
            for r in conn.execute(select(c).where(c.c.request_id == request_id)
                                  .order_by(c.c.id))]
