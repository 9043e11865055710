"""Who is asking: a session cookie (pages), a bearer token (scripts) or, when the server was
told to trust one, an authenticating reverse proxy's header; CSRF and login throttling.

- The session cookie is a random id (HttpOnly, SameSite=Strict, Path=/); the session lives in
  the ledger, so logout and disabling an account end it at once (a replayed cookie is refused).
- Every state-changing request made with a cookie (or the proxy header) carries the session's
  CSRF token, as the ``csrf`` form field or the ``X-CSRF-Token`` header. A bearer token is not
  sent by the browser on its own, so API calls with one need no CSRF token.
- Login throttling: after ``MAX_FAILURES`` failed logins for one name or from one address within
  ``WINDOW`` seconds, further attempts are refused (HTTP 429) until the window has passed;
  the failures are kept in the ledger, shared by every server process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from starlette.requests import Request

from sdc.ledger import schema
from sdc.ledger.db import Ledger
from sdc.ledger.people import identity_key
from sdc.ledger.users import User, get_user, session_user, user_for_token

COOKIE = "sdc_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_FAILURES = 5
WINDOW = 15 * 60.0
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Caller:
    user: User
    csrf: str | None  # None for a bearer token (no ambient credential, no CSRF)
    session: str | None = None


class Throttle:
    """Failed logins per name and per client address in a sliding window, kept in the ledger
    (``login_failures``) so that every ``sdc serve`` process behind a load balancer, and a
    restarted one, counts the same attempts."""

    def __init__(self, ledger: Ledger, limit: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.time) -> None:
        self.ledger, self.limit, self.window, self.clock = ledger, limit, window, clock

    @staticmethod
    def _keys(name: str, address: str) -> list[str]:
        return [f"n:{identity_key(name)}"[:300], f"a:{address}"[:300]]

    def blocked(self, name: str, address: str) -> bool:
        t = schema.login_failures
        since = self.clock() - self.window
        with self.ledger.read() as conn:
            counts = conn.execute(select(t.c.key, func.count()).where(
                t.c.key.in_(self._keys(name, address)), t.c.at > since).group_by(t.c.key))
            return any(n >= self.limit for _, n in counts)

    def failed(self, name: str, address: str) -> None:
        t, at = schema.login_failures, self.clock()
        with self.ledger.write() as conn:
            conn.execute(t.insert(), [{"key": k, "at": at} for k in self._keys(name, address)])
            conn.execute(t.delete().where(t.c.at <= at - self.window))  # keep the table small

    def succeeded(self, name: str) -> None:
        t = schema.login_failures
        with self.ledger.write() as conn:
            conn.execute(t.delete().where(t.c.key == self._keys(name, "")[0]))


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "?"


def identify(request: Request) -> Caller | None:
    """The caller of ``request``, or None (anonymous)."""
    config = request.app.state.config
    ledger = request.app.state.ledger
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(ledger, header[7:].strip())
        return Caller(user, None) if user is not None else None
    if config.auth_header:
        name = request.headers.get(config.auth_header, "").strip()
        if not name:
            return None
        user = get_user(ledger, name)
        if user is None or user.disabled:
            return None
        csrf = hmac.new(config.secret, user.name.encode(), hashlib.sha256).hexdigest()
        return Caller(user, csrf)
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    found = session_user(ledger, token)
    if found is None:
        return None
    return Caller(found[0], found[1], token)


async def csrf_ok(request: Request, caller: Caller) -> bool:
    """Whether a state-changing request carries the caller's CSRF token."""
    if request.method in SAFE_METHODS or caller.csrf is None:
        return True
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    return sent is not None and secrets.compare_digest(sent, caller.csrf)
