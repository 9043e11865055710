"""People who log in: accounts with a role, argon2 password hashes, API tokens and web sessions.

One account per person: a name is stored as ``people.display_name`` and compared through
``people.identity_key``, so ``Alice``, ``ａｌｉｃｅ`` and ``alіce`` (Cyrillic і) are one
account, and a look-alike of a name the ledger already knows is refused (``check_name``).

Passwords are hashed with argon2id (``argon2-cffi``, the ``sdc[server]`` extra); tokens and
session ids are random, shown once, and stored only as their SHA-256. Sessions live in the
ledger (not in a signed cookie), so that logging out, or disabling an account, ends them at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, grants, schema
from sdc.ledger.clock import now
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.people import check_name, identity_key
from sdc.ledger.requests import known_names

RESEARCHER, CHECKER, ADMIN = "researcher", "checker", "admin"
ROLES = (RESEARCHER, CHECKER, ADMIN)
MIN_PASSWORD = 10
SESSION_HOURS = 8

USER_ADD, USER_DISABLE, USER_ENABLE, TOKEN_ISSUED, USER_RESET = (
    grants.USER_ADD, grants.USER_DISABLE, grants.USER_ENABLE, grants.TOKEN_ISSUED,
    grants.USER_RESET)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "disabled": self.disabled}


# argon2id with the library's defaults (RFC 9106 low-memory profile); tests lower the cost
# (a hash records its own parameters, so verification follows whichever made it).
HASHER_PARAMS: dict[str, Any] = {}


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise LedgerError("accounts need argon2-cffi: pip install 'sdc[server]'") from None
    return PasswordHasher(**HASHER_PARAMS)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _row_user(row: Any) -> User:
    return User(row.name, row.role, bool(row.disabled))


def find_user(conn: Connection, name: str) -> Any:
    """The users row of ``name`` (any spelling of the same person), or None."""
    key = identity_key(name)
    if not key:
        return None
    return conn.execute(select(schema.users).where(schema.users.c.identity == key)).first()


def add_user(ledger: Ledger, name: str, role: str, password: str, *, actor: str,
             granted_by: User | None = None) -> User:
    """Create an account; the name must not be a look-alike of anyone the ledger knows. An
    admin account needs ``granted_by``, an admin proven by the caller (its password, or its
    web session), unless the ledger has no admin yet, or none whose entry has a password
    digest (the bootstrap again, for a ledger of before round 20: ``sdc.ledger.grants``)."""
    if role not in ROLES:
        raise LedgerError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    hashed = _hash_new(password)
    with ledger.write() as conn:
        if find_user(conn, name) is not None:
            raise LedgerError(f"there is already an account for {name!r}")
        others = known_names(conn) | set(conn.execute(select(schema.users.c.name)).scalars())
        shown = check_name(name, others, role="user name")
        data = {"name": shown, "role": role, "password_sha256": grants.password_digest(hashed)}
        if role == ADMIN and granted_by is not None and granted_by.role == ADMIN:
            data["granted_by"] = granted_by.name
        elif role == ADMIN and grants.admin_with_digest(conn):
            raise LedgerError(f"{shown}: only an admin of this ledger grants the admin "
                              "role (sdc users add NAME --role admin --by ADMIN)")
        entry = events.append(conn, actor, USER_ADD, None, data)
        conn.execute(schema.users.insert().values(
            name=shown, identity=identity_key(shown), role=role, password_hash=hashed,
            disabled=0, created_at=entry.at, audit_seq=entry.seq))
    return User(shown, role, False)


def _hash_new(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise LedgerError(f"the password is too short (at least {MIN_PASSWORD} characters)")
    return str(_hasher().hash(password))


def reset_password(ledger: Ledger, name: str, password: str, *, by: User) -> User:
    """Give an account added before round 20 (no password digest in its ``user-add`` entry) a
    new password, logged with its digest (``user-reset``) by the admin ``by``, proven by the
    caller. The row's old hash is dropped, never vouched for: a database writer may have
    replaced it. ``by``'s own entry must carry a digest (else it is as doubtful). Its sessions
    and tokens end. An account with a digest is not reset (its password is the log's)."""
    hashed = _hash_new(password)
    with ledger.write() as conn:
        if by.role != ADMIN or not grants.has_digest(conn, by.name):
            raise LedgerError(
                f"--by {by.name}: an admin added before round 20 (no password digest in the "
                "audit log) cannot reset an account: an admin added since does (while no "
                "admin has one, add one: sdc users add NAME --role admin)")
        row = find_user(conn, name)
        if row is None:
            raise LedgerError(f"no account {name!r}")
        problem = grants.account_problem(conn, row)
        if problem is not None:
            raise LedgerError(f"{problem}: not reset")
        if grants.has_digest(conn, row.name):
            raise LedgerError(f"the account {row.name!r} has its password digest in the audit "
                              "log already (added since round 20): reset is for accounts "
                              "added before")
        entry = events.append(conn, by.name, USER_RESET, None, {
            "name": row.name, "role": row.role,
            "password_sha256": grants.password_digest(hashed)})
        conn.execute(schema.users.update().where(schema.users.c.name == row.name)
                     .values(password_hash=hashed, audit_seq=entry.seq))
        conn.execute(schema.web_sessions.delete().where(schema.web_sessions.c.name == row.name))
        conn.execute(schema.api_tokens.delete().where(schema.api_tokens.c.name == row.name))
    return _row_user(row)


def list_users(ledger: Ledger) -> list[User]:
    with ledger.read() as conn:
        return [_row_user(r) for r in conn.execute(select(schema.users)
                                                   .order_by(schema.users.c.name))]


def get_user(ledger: Ledger, name: str) -> User | None:
    with ledger.read() as conn:
        row = find_user(conn, name)
    return _row_user(row) if row is not None else None


def set_disabled(ledger: Ledger, name: str, disabled: bool, *, actor: str) -> User:
    """Disable (or enable) an account; disabling ends its sessions and revokes its tokens."""
    with ledger.write() as conn:
        row = find_user(conn, name)
        if row is None:
            raise LedgerError(f"no account {name!r}")
        events.append(conn, actor, USER_DISABLE if disabled else USER_ENABLE, None,
                      {"name": row.name})
        conn.execute(schema.users.update().where(schema.users.c.name == row.name)
                     .values(disabled=int(disabled)))
        if disabled:
            conn.execute(schema.web_sessions.delete()
                         .where(schema.web_sessions.c.name == row.name))
            conn.execute(schema.api_tokens.delete().where(schema.api_tokens.c.name == row.name))
    return User(row.name, row.role, disabled)


_DUMMY: list[str] = []


def authenticate(ledger: Ledger, name: str, password: str) -> User | None:
    """The account if ``password`` is right and the account is enabled, else None (the same
    argon2 work is done for an unknown name, so timing does not tell which names exist)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    with ledger.read() as conn:
        row = find_user(conn, name)
        if row is not None and grants.account_problem(conn, row) is not None:
            row = None  # a row written behind the log is no account
    if row is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash(secrets.token_hex(16)))
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(_DUMMY[0], password)
        return None
    try:
        hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return None if row.disabled else _row_user(row)


def authenticate_admin(ledger: Ledger, name: str, password: str) -> User | None:
    """The enabled admin account ``name`` if ``password`` is right and the log is intact up to
    its head and says it is an admin (its user-add entry, checked by :func:`authenticate`)."""
    from sdc.ledger.verify import verify_chain

    user = authenticate(ledger, name, password)
    if user is None or user.role != ADMIN:
        return None
    with ledger.read() as conn:
        report, _ = verify_chain(conn)
    if not report.ok:
        raise LedgerError(f"an admin act needs an intact audit log: {report.message()}")
    return user


def issue_token(ledger: Ledger, name: str, *, actor: str) -> str:
    """A new API token for ``name`` (printed once; only its hash is kept)."""
    token = "sdc_" + secrets.token_urlsafe(32)
    with ledger.write() as conn:
        row = find_user(conn, name)
        if row is None:
            raise LedgerError(f"no account {name!r} (sdc users add)")
        if row.disabled:
            raise LedgerError(f"the account {row.name!r} is disabled")
        events.append(conn, actor, TOKEN_ISSUED, None, {"name": row.name})
        conn.execute(schema.api_tokens.insert().values(
            token_sha256=_digest(token), name=row.name, created_at=now()))
    return token


def user_for_token(ledger: Ledger, token: str) -> User | None:
    t, u = schema.api_tokens, schema.users
    with ledger.read() as conn:
        row = conn.execute(select(u).join(t, t.c.name == u.c.name)
                           .where(t.c.token_sha256 == _digest(token))).first()
        if row is not None and grants.account_problem(conn, row) is not None:
            return None
    return _row_user(row) if row is not None and not row.disabled else None


# -- sessions ----------------------------------------------------------------------------

def start_session(ledger: Ledger, user: User, *, hours: int = SESSION_HOURS) -> tuple[str, str]:
    """A new session id and its CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="seconds")
    with ledger.write() as conn:
        conn.execute(schema.web_sessions.insert().values(
            token_sha256=_digest(token), name=user.name, csrf=csrf, created_at=now(),
            expires_at=expires))
    return token, csrf


def session_user(ledger: Ledger, token: str) -> tuple[User, str] | None:
    """The session's account and CSRF token, or None (unknown, expired, logged out, disabled)."""
    s, u = schema.web_sessions, schema.users
    with ledger.read() as conn:
        row = conn.execute(select(u, s.c.csrf, s.c.expires_at).join(s, s.c.name == u.c.name)
                           .where(s.c.token_sha256 == _digest(token))).first()
        if row is not None and grants.account_problem(conn, row) is not None:
            return None
    if row is None or row.disabled:
        return None
    if row.expires_at <= datetime.now(UTC).isoformat(timespec="seconds"):
        return None
    return _row_user(row), row.csrf


def end_session(ledger: Ledger, token: str) -> None:
    with ledger.write() as conn:
        conn.execute(schema.web_sessions.delete()
                     .where(schema.web_sessions.c.token_sha256 == _digest(token)))
