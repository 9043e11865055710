"""What ``sdc request show`` prints: a request's state and history as one person may see it.

Until the required number of reviewers have voted on an output, each reviewer sees only their
own vote on it (decision, comment and overrides of the others are masked, in the state and in
the history alike); afterwards everyone sees every vote, and disagreements are flagged. Once a
version is returned to its researcher, they (and no checker) also see its ``request-changes``
votes and per-output comments: what to change.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from sdc.ledger import events, schema
from sdc.ledger.db import Ledger
from sdc.ledger.lifecycle import RETURN
from sdc.ledger.pinned import pinned
from sdc.ledger.release import settle_pending
from sdc.ledger.requests import same_person
from sdc.ledger.reviews import comments_of
from sdc.ledger.state import CHANGES, CONFLICT, load_state

MASKED = ("decision", "comment", "overrides", "rule", "cell")


def show(ledger: Ledger, request_id: str, viewer: str | None = None) -> dict[str, Any]:
    """The request as ``viewer`` may see it (JSON-ready)."""
    settle_pending(ledger, request_id, viewer or "sdc")
    with ledger.read() as conn:
        state = load_state(conn, request_id)
        r, v = schema.reviews, schema.versions
        votes = Counter({(row.version, row.path): row.n for row in conn.execute(
            select(r.c.version, r.c.path, func.count().label("n"))
            .where(r.c.request_id == state.request_id).group_by(r.c.version, r.c.path))})
        required = dict(conn.execute(select(v.c.version, v.c.reviewers_required)
                                     .where(v.c.request_id == state.request_id)).all())
        entries = list(events.entries(conn, state.request_id))
        policy = conn.execute(select(v.c.policy_source, v.c.policy_profile)
                              .where(v.c.request_id == state.request_id,
                                     v.c.version == state.version)).one()
        pin = pinned(conn)
        is_author = viewer is not None and same_person(viewer) in state.authors
        # returning a version ends its independent phase for the researcher (docs/workflow.md)
        returned = frozenset(int(e.data["version"]) for e in entries
                             if e.event == RETURN and e.data.get("version") is not None
                             ) if is_author else frozenset()
        history = [_visible(e, votes, required, viewer, returned) for e in entries]
        rel = schema.releases
        releases = [{"id": row.id, "version": row.version, "by": row.released_by,
                     "target": row.target, "state": row.state, "started_at": row.started_at,
                     "finished_at": row.finished_at}
                    for row in conn.execute(select(rel).where(rel.c.request_id ==
                                                              state.request_id)
                                            .order_by(rel.c.id))]
        comments = [c for c in comments_of(conn, state.request_id)
                    if _comment_visible(c["version"], c["path"], c["actor"], votes, required,
                                        viewer, returned)]
    return {
        "id": state.request_id, "title": state.title, "author": state.author,
        "version": state.version, "state": state.state, "check": state.check,
        "reviewers_required": state.required, "policy_sha256": state.policy_sha256,
        # the policy the version was checked under, and whether it is the ledger's pinned
        # one (sdc.ledger.pinned): a version checked under another is never voted on nor
        # released
        "policy": {"source": policy.policy_source, "profile": policy.policy_profile,
                   "sha256": state.policy_sha256,
                   "in_force": pin.matches(state.policy_sha256, policy.policy_profile)},
        "policy_in_force": pin.to_dict(),
        "viewer": viewer,
        "outputs": [o.to_dict(viewer, returned, state.version) for o in state.outputs],
        "conflicts": [o.path for o in state.outputs if o.state == CONFLICT],
        "releases": releases, "comments": comments, "history": history,
        # every verdict a researcher's claim changed, per output (as every report lists them)
        "declarations": _declarations(state.result),
        # the researcher's justification per output, from request.toml as checked
        "justifications": {o["path"]: o["justification"]
                           for o in state.result.get("outputs", []) if o.get("justification")},
    }


def _declarations(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each output's findings that a request.toml (or sidecar) declaration changed: cell,
    rule, the status before and after, the kind of claim."""
    found: dict[str, list[dict[str, Any]]] = {}
    for out in result.get("outputs", []):
        for f in out.get("findings", []):
            declared = f.get("declaration")
            if declared:
                found.setdefault(out["path"], []).append({
                    "sheet": f["location"].get("sheet"), "cell": f["location"].get("cell"),
                    "rule": f["rule"], "kind": declared.get("kind"),
                    "from": declared.get("from"), "to": declared.get("to")})
    return found


def _comment_visible(version: Any, path: str | None, actor: str, votes: Counter,
                     required: dict[Any, int], viewer: str | None,
                     returned: frozenset[Any] = frozenset()) -> bool:
    """A reviewer's comment on one output is private, like a vote, until the output has all its
    votes: the independent phase hides the other checker's comments as well as their votes.
    Request-level comments (a return, a rejection, the researcher's reply) are for everyone,
    and the researcher sees the per-output comments of a version returned to them
    (``returned``, empty for anyone but an author)."""
    if path is None or votes[(version, path)] >= required.get(version, 1) or version in returned:
        return True
    return viewer is not None and same_person(viewer) == same_person(actor)


def _visible(entry: events.Entry, votes: Counter, required: dict[Any, int],
             viewer: str | None, returned: frozenset[Any] = frozenset()) -> dict[str, Any]:
    item = {"seq": entry.seq, "at": entry.at, "actor": entry.actor, "event": entry.event,
            "data": dict(entry.data)}
    if entry.event == events.COMMENT and not _comment_visible(
            entry.data.get("version"), entry.data.get("path"), entry.actor, votes, required,
            viewer, returned):
        item["data"] = {k: ("(hidden until every reviewer has voted)" if k == "text" else v)
                        for k, v in entry.data.items()}
        return item
    if entry.event not in (events.REVIEW, events.OVERRIDE):
        return item
    version, path = entry.data.get("version"), entry.data.get("path")
    complete = votes[(version, path)] >= required.get(version, 1)
    own = viewer is not None and same_person(viewer) == same_person(entry.actor)
    told = (entry.event == events.REVIEW and entry.data.get("decision") == CHANGES
            and version in returned)  # what to change, shown to the researcher on a return
    if not complete and not own and not told:
        item["data"] = {k: ("(hidden until every reviewer has voted)" if k in MASKED else v)
                        for k, v in entry.data.items()}
    return item
