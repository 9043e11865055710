"""One wrapper for every page and API endpoint: identify the caller, refuse the anonymous,
check the role and the CSRF token, and turn the workflow's refusals into HTTP answers.

Blocking ledger work runs in Starlette's thread pool, so one slow request does not stall the
others.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from sdc.errors import SdcError
from sdc.ledger.errors import LedgerError
from sdc.web.auth import Caller, csrf_ok, identify
from sdc.web.service import Forbidden, NotFound

Handler = Callable[[Request, Caller], Awaitable[Response]]


async def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return await run_in_threadpool(fn, *args, **kwargs)


def error_response(request: Request, status: int, message: str, api: bool) -> Response:
    if api:
        return JSONResponse({"error": message}, status_code=status)
    from sdc.web.pages import render

    return render(request, "error.html.j2", {"status": status, "message": message},
                  status=status)


def guarded(*roles: str, api: bool = False) -> Callable[[Handler], Callable[[Request],
                                                                             Awaitable[Response]]]:
    """Require a logged-in caller (with one of ``roles``, when given) and a CSRF token on
    state-changing requests."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            caller = await call(identify, request)
            if caller is None:
                if api:
                    return JSONResponse({"error": "log in first"}, status_code=401,
                                        headers={"WWW-Authenticate": "Bearer"})
                target = request.url.path + (f"?{request.url.query}" if request.url.query
                                             else "")
                return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
            request.state.caller = caller
            if not await csrf_ok(request, caller):
                return error_response(request, 403, "missing or wrong CSRF token", api)
            if roles and caller.user.role not in roles:
                return error_response(request, 403, f"this needs the {' or '.join(roles)} "
                                      f"role (you are a {caller.user.role})", api)
            try:
                return await handler(request, caller)
            except NotFound as exc:
                return error_response(request, 404, f"not found: {exc}", api)
            except Forbidden as exc:
                return error_response(request, 403, str(exc), api)
            except (LedgerError, SdcError) as exc:
                return error_response(request, 400, str(exc), api)

        return endpoint

    return wrap
