"""The HTML pages of ``sdc serve``: plain forms and links that work without JavaScript; htmx
(vendored, ``hx-boost``) only makes them swap the page body without a full reload.

Every action calls ``sdc.ledger`` through ``service`` or the ledger's workflow functions, so the
web app and the command line enforce the same rules; a refusal is shown as the ledger's message.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sdc.ledger import events, lifecycle
from sdc.ledger.users import (
    ADMIN,
    CHECKER,
    RESEARCHER,
    ROLES,
    add_user,
    authenticate,
    end_session,
    list_users,
    set_disabled,
    start_session,
)
from sdc.ledger.verify import verify
from sdc.web import service
from sdc.web.actions import perform
from sdc.web.auth import COOKIE, Caller, client_address
from sdc.web.guard import call, error_response, guarded
from sdc.web.outputs import PRERENDER_AFTER, output_html, warm
from sdc.web.pin import policy_in_force
from sdc.web.workspaces import list_workspaces, resolve_workspace

QUEUE_STATES = ["submitted", "returned", "draft", "rejected", "withdrawn"]


def render(request: Request, template: str, context: dict[str, Any],
           status: int = 200) -> Response:
    caller = getattr(request.state, "caller", None)
    html = request.app.state.templates.get_template(template).render(
        user=caller.user if caller else None, csrf=caller.csrf if caller else None,
        **context)
    return HTMLResponse(html, status_code=status)


def _see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def request_url(rid: str, path: str | None = None) -> str:
    if path is None:
        return f"/requests/{quote(rid)}"
    return f"/requests/{quote(rid)}/output?{urlencode({'path': path})}"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


# -- login -----------------------------------------------------------------------------------

LOGIN_CSRF = "sdc_login_csrf"


def _login_form(request: Request, target: str, error: str | None, status: int = 200
                ) -> Response:
    """The login form with a double-submit CSRF token (a cookie and the same form field)."""
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", {"next": target, "error": error,
                                                 "login_csrf": token}, status=status)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", path="/login",
                        secure=request.app.state.config.secure_cookies)
    return response


async def login_page(request: Request) -> Response:
    if request.method == "GET":
        return _login_form(request, request.query_params.get("next", "/"), None)
    form = await _form(request)
    name, password = form.get("name", ""), form.get("password", "")
    target = form.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"  # never an open redirect
    sent, expected = form.get("csrf", ""), request.cookies.get(LOGIN_CSRF, "")
    if not expected or not secrets.compare_digest(sent, expected):
        return _login_form(request, target, "the login form expired: try again", 403)
    throttle = request.app.state.throttle
    address = client_address(request)
    if await call(throttle.blocked, name, address):
        return _login_form(request, target, "too many failed logins: try again later", 429)
    ledger = request.app.state.ledger
    user = await call(authenticate, ledger, name, password)
    if user is None:
        await call(throttle.failed, name, address)
        return _login_form(request, target, "wrong name or password", 401)
    await call(throttle.succeeded, name)
    token, _csrf = await call(start_session, ledger, user)
    response = _see_other(target)
    response.delete_cookie(LOGIN_CSRF, path="/login")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.app.state.config.secure_cookies)
    return response


@guarded()
async def logout(request: Request, caller: Caller) -> Response:
    if caller.session:
        await call(end_session, request.app.state.ledger, caller.session)
    response = _see_other("/login")
    response.delete_cookie(COOKIE, path="/")
    return response


@guarded()
async def home(request: Request, caller: Caller) -> Response:
    if caller.user.role == ADMIN:
        return _see_other("/admin")
    return _see_other("/requests")


# -- requests --------------------------------------------------------------------------------

@guarded()
async def requests_page(request: Request, caller: Caller) -> Response:
    state = request.query_params.get("state") or None
    if state is None and caller.user.role == CHECKER:
        state = lifecycle.SUBMITTED
    if state == "all":
        state = None
    rows = await call(service.request_list, request.app.state.ledger, caller.user, state)
    return render(request, "requests.html.j2", {"rows": rows, "state": state or "all",
                                                "states": QUEUE_STATES})


@guarded(RESEARCHER)
async def new_request(request: Request, caller: Caller) -> Response:
    config = request.app.state.config
    if request.method == "GET":
        return render(request, "new.html.j2", {"workspaces": list_workspaces(config.workspaces)})
    form = await _form(request)
    name = form.get("workspace", "")
    folder = resolve_workspace(config.workspaces, name)
    ledger = request.app.state.ledger
    policy = await call(policy_in_force, ledger)
    result = await call(lifecycle.create, ledger, folder, author=caller.user.name,
                        policy=policy, workspace=name)
    return _see_other(request_url(result.request_id))  # its pages drawn (requests.submit)


@guarded()
async def request_page(request: Request, caller: Caller) -> Response:
    rid = request.path_params["rid"]
    data = await call(service.request_detail, request.app.state.ledger, caller.user, rid)
    return render(request, "request.html.j2", {"r": data, "request_url": request_url})


@guarded()
async def output_page(request: Request, caller: Caller) -> Response:
    rid = request.path_params["rid"]
    path = request.query_params.get("path", "")
    ledger = request.app.state.ledger
    data = await call(service.request_detail, ledger, caller.user, rid)
    out = next((o for o in data["outputs"] if o["path"] == path), None)
    if out is None:
        raise service.NotFound(path)
    found = await call(output_html, ledger, data["id"], path,
                       await call(policy_in_force, ledger))
    comments = [c for c in data["comments"] if c["path"] == path or c["path"] is None]
    return render(request, "output.html.j2", {"r": data, "o": out, "found": found,
                                              "comments": comments, "request_url": request_url})


@guarded()
async def request_action(request: Request, caller: Caller) -> Response:
    """One form per step of the workflow (``actions.perform``)."""
    rid, action = request.path_params["rid"], request.path_params["action"]
    form = await _form(request)
    await call(perform, request.app.state.ledger, request.app.state.config, caller.user, rid,
               action, form)
    if action in ("notes", "vote"):
        return _see_other(request_url(rid, form.get("path", "")))
    response = _see_other(request_url(rid))
    if action in PRERENDER_AFTER:
        response.background = warm(request, rid)
    return response


@guarded()
async def download(request: Request, caller: Caller) -> Response:
    rid = request.path_params["rid"]
    path = request.query_params.get("path", "")
    data = await call(service.download, request.app.state.ledger, caller.user, rid, path)
    name = path.rsplit("/", 1)[-1]
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


# -- admin -----------------------------------------------------------------------------------

@guarded(ADMIN)
async def admin_page(request: Request, caller: Caller) -> Response:
    ledger = request.app.state.ledger
    if request.method == "POST":
        form = await _form(request)
        if form.get("action") == "disable":
            await call(set_disabled, ledger, form.get("name", ""), True, actor=caller.user.name)
        else:
            await call(add_user, ledger, form.get("name", ""), form.get("role", ""),
                       form.get("password", ""), actor=caller.user.name,
                       granted_by=caller.user)
        return _see_other("/admin")
    users = await call(list_users, ledger)
    policy = await call(policy_in_force, ledger)
    return render(request, "admin.html.j2", {
        "users": users, "roles": ROLES,
        "policy": {"source": policy.source, "profile": policy.profile, "sha256": policy.sha256,
                   "text": _policy_text(policy)} if policy else None})


def _policy_text(policy: Any) -> str:
    try:
        return json.dumps(policy.effective_params(), indent=2, sort_keys=True, default=str)
    except (AttributeError, TypeError):
        return ""


def audit_data(ledger: Any, request_id: str | None = None, limit: int = 500) -> dict[str, Any]:
    with ledger.read() as conn:
        report = verify(conn)
        entries = list(events.entries(conn, request_id))
    return {"ok": report.ok, "message": report.message(),
            "entries": [e.to_dict() for e in entries[-limit:]]}


@guarded(ADMIN)
async def audit_page(request: Request, caller: Caller) -> Response:
    data = await call(audit_data, request.app.state.ledger,
                      request.query_params.get("request") or None)
    return render(request, "audit.html.j2", data)


def exception_handlers() -> dict[Any, Any]:
    async def not_found(request: Request, exc: Exception) -> Response:
        api = request.url.path.startswith("/api/")
        return error_response(request, getattr(exc, "status_code", 404), "not found", api)

    return {404: not_found, 405: not_found}


def routes() -> list[Route]:
    return [
        Route("/login", login_page, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", home),
        Route("/requests", requests_page),
        Route("/requests/new", new_request, methods=["GET", "POST"]),
        Route("/requests/{rid}", request_page),
        Route("/requests/{rid}/output", output_page),
        Route("/requests/{rid}/file", download),
        Route("/requests/{rid}/{action}", request_action, methods=["POST"]),
        Route("/admin", admin_page, methods=["GET", "POST"]),
        Route("/admin/audit", audit_page),
    ]
