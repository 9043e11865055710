"""Who a command-line vote is: an account proven by its password, unless the policy says names.

The web's votes are its logged-in checkers. A command line cannot tell who runs it, so a vote
there (``sdc review --reviewer NAME``) names an enabled checker (or admin) account and gives
its password, checked as the web's login checks it (argon2, the row a copy of its log entry).
The pinned policy's ``[workflow] cli_votes = "named"`` keeps the free-text name of before
round 21 (a TRE whose terminal is one checker's); each review entry records which it was
(``"authenticated"``).
"""

from __future__ import annotations

from sqlalchemy import Connection

from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.pinned import pinned
from sdc.ledger.users import ADMIN, CHECKER, User, authenticate

ACCOUNT, NAMED = "account", "named"
VOTERS = (CHECKER, ADMIN)


def cli_votes(conn: Connection) -> str:
    """``[workflow] cli_votes`` of the policy in force ("account" unless it says "named")."""
    workflow = getattr(pinned(conn).policy().model, "workflow", None)
    mode = getattr(workflow, "cli_votes", ACCOUNT)
    return NAMED if mode == NAMED else ACCOUNT


def require_account_votes_off(conn: Connection, option: str) -> None:
    """Refuse a vote by a bare name unless the policy in force allows it."""
    if cli_votes(conn) != NAMED:
        raise LedgerError(f"{option}: a vote on this ledger is an account's: give the "
                          "checker's password (the policy's [workflow] cli_votes is "
                          '"account")')


def voter(ledger: Ledger, name: str, password: str, option: str = "--reviewer") -> User:
    """The enabled checker or admin account ``name``, proven by ``password``."""
    user = authenticate(ledger, name, password)
    if user is None or user.role not in VOTERS:
        raise LedgerError(f"{option} {name}: not an enabled checker account of this ledger, "
                          "or the password is wrong")
    return user
