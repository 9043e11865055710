"""Who is asking: a session cookie (pages), a bearer token (scripts) or, when the server was
told to trust one, an authenticating reverse proxy's header; CSRF and login throttling.

- The session cookie is a random id (HttpOnly, SameSite=Strict, Path=/); the session lives in
  the ledger, so logout and disabling an account end it at once (a replayed cookie is refused).
- Every state-changing request made with a cookie (or the proxy header) carries the session's
  CSRF token, as the ``csrf`` form field or the ``X-CSRF-Token`` header. A bearer token is not
  sent by the browser on its own, so API calls with one need no CSRF token.
- Login throttling: after ``MAX_FAILURES`` failed logins for one name or from one address within
  ``WINDOW`` seconds, further attempts are refused (HTTP 429) until the window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from starlette.requests import Request

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
    """Failed logins per name and per client address in a sliding window (one process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        items = self._failures[key]
        while items and items[0] <= now - self.window:
            items.popleft()
        return items

    def blocked(self, name: str, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.limit
                       for k in (f"n:{identity_key(name)}", f"a:{address}"))

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"n:{identity_key(name)}", f"a:{address}"):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"n:{identity_key(name)}", None)


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
