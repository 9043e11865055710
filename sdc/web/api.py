"""The JSON API under ``/api/``: everything the pages do, for a TRE's own tools (docs/api.md).

Same login and rules as the pages: a bearer token (``sdc users token NAME``) or the session
cookie with its CSRF token in ``X-CSRF-Token``; 401 when anonymous, 403 for a wrong role or a
refused CSRF token, 404 for a request the caller may not see, 400 with the ledger's message
when the workflow refuses.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sdc.ledger import lifecycle
from sdc.ledger.users import ADMIN, RESEARCHER, add_user, list_users, set_disabled
from sdc.web import service
from sdc.web.actions import perform
from sdc.web.auth import Caller
from sdc.web.guard import call, guarded
from sdc.web.outputs import PRERENDER_AFTER, warm
from sdc.web.pin import policy_in_force
from sdc.web.workspaces import list_workspaces, resolve_workspace


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body:
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        raise service.Forbidden("the body is not JSON") from None
    if not isinstance(data, dict):
        raise service.Forbidden("the body must be a JSON object")
    return data


@guarded(api=True)
async def me(request: Request, caller: Caller) -> Response:
    return JSONResponse({**caller.user.to_dict(), "csrf": caller.csrf})


@guarded(api=True)
async def requests_(request: Request, caller: Caller) -> Response:
    ledger, config = request.app.state.ledger, request.app.state.config
    if request.method == "POST":
        service.require_role(caller.user, RESEARCHER)
        data = await _json(request)
        name = str(data.get("workspace", ""))
        folder = resolve_workspace(config.workspaces, name)
        policy = await call(policy_in_force, ledger)
        result = await call(lifecycle.create, ledger, folder, author=caller.user.name,
                            policy=policy, workspace=name)
        return JSONResponse(vars(result), status_code=201)  # pages drawn (requests.submit)
    rows = await call(service.request_list, ledger, caller.user,
                      request.query_params.get("state") or None)
    return JSONResponse(rows)


@guarded(api=True)
async def request_(request: Request, caller: Caller) -> Response:
    data = await call(service.request_detail, request.app.state.ledger, caller.user,
                      request.path_params["rid"])
    return JSONResponse(data)


@guarded(api=True)
async def action(request: Request, caller: Caller) -> Response:
    data = await _json(request)
    done = await call(perform, request.app.state.ledger, request.app.state.config,
                      caller.user, request.path_params["rid"], request.path_params["action"],
                      data)
    rid = str(done.get("request", ""))
    return JSONResponse(done, background=warm(request, rid) if rid and
                        request.path_params["action"] in PRERENDER_AFTER else None)


@guarded(api=True)
async def file_(request: Request, caller: Caller) -> Response:
    data = await call(service.download, request.app.state.ledger, caller.user,
                      request.path_params["rid"], request.query_params.get("path", ""))
    return Response(data, media_type="application/octet-stream")


@guarded(RESEARCHER, api=True)
async def workspaces(request: Request, caller: Caller) -> Response:
    return JSONResponse(list_workspaces(request.app.state.config.workspaces))


@guarded(ADMIN, api=True)
async def users(request: Request, caller: Caller) -> Response:
    ledger = request.app.state.ledger
    if request.method == "POST":
        data = await _json(request)
        user = await call(add_user, ledger, str(data.get("name", "")), str(data.get("role", "")),
                          str(data.get("password", "")), actor=caller.user.name,
                          granted_by=caller.user)
        return JSONResponse(user.to_dict(), status_code=201)
    found = await call(list_users, ledger)
    return JSONResponse([u.to_dict() for u in found])


@guarded(ADMIN, api=True)
async def user_disabled(request: Request, caller: Caller) -> Response:
    data = await _json(request)
    user = await call(set_disabled, request.app.state.ledger, request.path_params["name"],
                      bool(data.get("disabled", True)), actor=caller.user.name)
    return JSONResponse(user.to_dict())


@guarded(ADMIN, api=True)
async def audit(request: Request, caller: Caller) -> Response:
    from sdc.web.pages import audit_data

    data = await call(audit_data, request.app.state.ledger,
                      request.query_params.get("request") or None)
    return JSONResponse(data)


@guarded(ADMIN, api=True)
async def policy(request: Request, caller: Caller) -> Response:
    p = await call(policy_in_force, request.app.state.ledger)
    return JSONResponse({"source": p.source, "profile": p.profile, "sha256": p.sha256,
                         "params": json.loads(json.dumps(p.effective_params(), default=str))})


def routes() -> list[Route]:
    return [
        Route("/api/me", me),
        Route("/api/workspaces", workspaces),
        Route("/api/requests", requests_, methods=["GET", "POST"]),
        Route("/api/requests/{rid}", request_),
        Route("/api/requests/{rid}/file", file_),
        Route("/api/requests/{rid}/{action}", action, methods=["POST"]),
        Route("/api/users", users, methods=["GET", "POST"]),
        Route("/api/users/{name}/disabled", user_disabled, methods=["POST"]),
        Route("/api/audit", audit),
        Route("/api/policy", policy),
    ]
