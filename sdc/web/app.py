"""``sdc serve``: the Starlette application, its configuration and security headers.

Every page and API call needs a logged-in caller (``auth``) except ``/login``, ``/healthz``
and the static files; pages answer an anonymous caller with a redirect to the login page, the
API with 401. Every response carries a strict Content-Security-Policy: scripts, styles and
requests only from this server (htmx and the report's stylesheet are served from here), images
only from here or ``data:`` URIs, no frames, no plugins, no form posted elsewhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sdc.ledger.db import Ledger
from sdc.policy import Policy
from sdc.web.auth import Throttle

HERE = Path(__file__).resolve().parent
REPORT_TEMPLATES = HERE.parent / "reports" / "templates"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Config:
    """What ``sdc serve`` was given."""

    workspaces: Path | None = None
    releases: Path = Path("released")
    policy: Policy | None = None  # the pin at start (its line); requests read the pin again
    rules: Path | None = None
    profile: str | None = None
    auth_header: str | None = None  # trust this header's user name (an authenticating proxy)
    secure_cookies: bool = False  # set when served over HTTPS
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of the pages and of the HTML report (one environment per process)."""
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(HERE / "templates")),
                                           FileSystemLoader(str(REPORT_TEMPLATES))]),
                      autoescape=True)
    return env


def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


def report_css(_request: Request) -> Response:
    css = (REPORT_TEMPLATES / "report.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css")


def create_app(ledger: Ledger, config: Config) -> Starlette:
    from sdc.web import api, pages

    routes = [
        Route("/healthz", healthz),
        Route("/static/report.css", report_css),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
        *api.routes(),
        *pages.routes(),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers=pages.exception_handlers())
    app.state.ledger = ledger
    app.state.config = config
    app.state.throttle = Throttle(ledger)
    app.state.templates = environment()
    return app
