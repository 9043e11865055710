"""The state-changing actions on a request, shared by the pages and the JSON API: each calls
the ledger's workflow function of the same name (``sdc.ledger.lifecycle``, ``reviews``,
``release``), so the rules are those of the command line."""

from __future__ import annotations

from typing import Any

from sdc.ledger import lifecycle
from sdc.ledger.db import Ledger
from sdc.ledger.release import release
from sdc.ledger.reviews import review
from sdc.ledger.users import CHECKER, User
from sdc.web import service
from sdc.web.pin import policy_in_force
from sdc.web.workspaces import release_folder, resolve_workspace

RESEARCHER_ACTIONS = ("context", "notes", "submit", "withdraw", "update", "respond")
CHECKER_ACTIONS = ("vote", "return", "reject", "release")
ACTIONS = RESEARCHER_ACTIONS + CHECKER_ACTIONS


def perform(ledger: Ledger, config: Any, user: User, request_id: str, action: str,
            fields: dict[str, Any]) -> dict[str, Any]:
    """Do ``action`` on the request as ``user``; what was done (JSON-ready)."""
    if action not in ACTIONS:
        raise service.NotFound(action)
    with ledger.read() as conn:
        rid = service.require_view(conn, user, request_id)
    text = {k: v if isinstance(v, str) else "" for k, v in fields.items()}
    if action in CHECKER_ACTIONS:
        service.require_role(user, CHECKER)
    if action == "context":
        lifecycle.set_context(ledger, rid, actor=user.name, context=text.get("context", ""),
                              controls=text.get("controls", ""))
    elif action == "notes":
        lifecycle.set_notes(ledger, rid, text.get("path", ""), actor=user.name,
                            description=text.get("description", ""),
                            justification=text.get("justification", ""),
                            supporting=fields.get("supporting") in (True, "on", "true"))
    elif action == "submit":
        lifecycle.submit_for_review(ledger, rid, actor=user.name)
    elif action == "withdraw":
        lifecycle.withdraw(ledger, rid, actor=user.name)
    elif action == "respond":
        lifecycle.respond(ledger, rid, actor=user.name, text=text.get("comment", ""))
    elif action == "update":
        with ledger.read() as conn:
            row = lifecycle.lifecycle_row(conn, rid)
        folder = resolve_workspace(config.workspaces, (row.workspace if row else None) or "")
        result = lifecycle.update_files(ledger, rid, folder, author=user.name,
                                        policy=policy_in_force(ledger))
        return {"request": rid, "action": action, "version": result.version,
                "carried": result.carried, "reset": result.reset}
    elif action == "return":
        lifecycle.return_request(ledger, rid, actor=user.name, comment=text.get("comment", ""))
    elif action == "reject":
        lifecycle.reject_request(ledger, rid, actor=user.name, comment=text.get("comment", ""))
    elif action == "release":
        done = release(ledger, rid, release_folder(config.releases, text.get("folder"), rid),
                       actor=user.name, complete=True)
        return {"request": rid, "action": action, "target": str(done.target),
                "files": done.files, "withheld": done.withheld}
    else:  # vote
        paths = fields.get("paths")
        if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            paths = [text.get("path", "")]
        voted = review(ledger, rid, reviewer=user.name, paths=paths,
                       decision=text.get("decision") or None, comment=text.get("comment") or None,
                       authenticated=True)  # a logged-in checker (require_role above)
        return {"request": rid, "action": action,
                "outputs": [o.to_dict(user.name) for o in voted.outputs]}
    return {"request": rid, "action": action}
