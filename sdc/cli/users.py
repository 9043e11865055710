"""``sdc users``: accounts of the web app (``sdc serve``) and of command-line votes.

Passwords are read from a prompt (twice, hidden) or, when standard input is not a terminal,
from its first line, so that a TRE's provisioning script can pipe one in; they are never
arguments (which other users could read in the process list).

Account changes are an admin's acts (round 21): the ledger's first account is its admin (the
bootstrap, ``users add NAME --role admin``); after it, ``add``, ``disable``, ``enable`` and
``token`` name an admin with ``--by`` and give its password (after the new account's, when
one is asked: piped, the second line). The admin is the entry's actor.

``reset`` (round 22) gives an account added before round 20, whose log entry has no password
digest, a new password logged with its digest; the admin's own entry must have one. While no
admin has one, ``users add NAME --role admin`` without ``--by`` is the bootstrap again.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sdc.cli.workflow import LedgerOpt, _echo_json, _errors, _open, default_user

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger
    from sdc.ledger.users import User


class Role(StrEnum):
    researcher = "researcher"
    checker = "checker"
    admin = "admin"


def read_password(prompt: str = "Password", *, confirm: bool = True) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)


def admin_by_password(led: Ledger, by: str) -> User:
    """The enabled admin account ``--by`` names, proven by its password (read as
    :func:`read_password` reads one). The ledger's settings are an admin's act and the command
    line cannot tell who runs it: the password ties the change to the account's holder."""
    from sdc.ledger.errors import LedgerError
    from sdc.ledger.users import authenticate_admin

    user = authenticate_admin(led, by, read_password(f"Password of {by}", confirm=False))
    if user is None:
        raise LedgerError(f"--by {by}: not an enabled admin account of this ledger, or the "
                          "password is wrong")
    return user


NO_ADMIN = ("this ledger has no admin yet: add its first admin (sdc users add NAME --role "
            "admin); accounts are then changed by an admin (--by ADMIN)")


def _has_admin(led: Ledger) -> bool:
    from sdc.ledger.grants import admin_granted

    with led.read() as conn:
        return admin_granted(conn)


def _has_admin_with_digest(led: Ledger) -> bool:
    from sdc.ledger.grants import admin_with_digest

    with led.read() as conn:
        return admin_with_digest(conn)


def changing_admin(led: Ledger, by: str, doing: str) -> User:
    """The admin ``--by`` names, proven by its password, for an account change ``doing``;
    refused on a ledger with no admin yet (only its first admin is added without one)."""
    from sdc.ledger.errors import LedgerError

    if not _has_admin(led):
        raise LedgerError(f"{doing}: {NO_ADMIN}")
    if not by.strip():
        raise LedgerError(f"{doing}: --by: name the admin account that does it (its password "
                          "is asked)")
    return admin_by_password(led, by)


ByAdminOpt = Annotated[str, typer.Option(
    "--by", help="The admin account that does it (its password is asked; piped: the line "
                 "after any new password).")]


def add(
    name: Annotated[str, typer.Argument(help="The person's name (their login).")],
    role: Annotated[Role, typer.Option("--role", help="researcher, checker or admin.")],
    by: Annotated[str, typer.Option(
        "--by", help="The admin account that adds it (its password is asked after the new "
                     "one; piped: the second line). Not needed for a ledger's first admin.")]
    = "",
    ledger: LedgerOpt = None,
) -> None:
    """Add an account (password from a prompt, or the first line of piped stdin)."""
    from sdc.ledger.users import add_user

    password = read_password()
    with _errors():
        led = _open(ledger, None, create=True)
        try:
            if role is Role.admin and not _has_admin(led):
                granted_by = None  # the bootstrap: the ledger's first admin
            elif (role is Role.admin and not by.strip()
                  and not _has_admin_with_digest(led)):
                granted_by = None  # again: its admins are all of before round 20 (no digest)
            else:
                granted_by = changing_admin(led, by, f"adding {name}")
            actor = granted_by.name if granted_by is not None else default_user()
            user = add_user(led, name, role.value, password, actor=actor,
                            granted_by=granted_by)
        finally:
            led.close()
    typer.echo(f"added {user.name} ({user.role})")


def list_(
    ledger: LedgerOpt = None,
    json_: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the accounts."""
    from sdc.ledger.users import list_users

    with _errors():
        led = _open(ledger, None)
        try:
            users = list_users(led)
        finally:
            led.close()
    if json_:
        _echo_json([u.to_dict() for u in users])
        return
    for u in users:
        typer.echo(f"{u.name}\t{u.role}\t{'disabled' if u.disabled else 'active'}")


def disable(name: Annotated[str, typer.Argument(help="The account.")], by: ByAdminOpt = "",
            ledger: LedgerOpt = None) -> None:
    """Disable an account: its sessions end and its API tokens stop working at once."""
    from sdc.ledger.users import set_disabled

    with _errors():
        led = _open(ledger, None)
        try:
            admin = changing_admin(led, by, f"disabling {name}")
            user = set_disabled(led, name, True, actor=admin.name)
        finally:
            led.close()
    typer.echo(f"disabled {user.name}")


def enable(name: Annotated[str, typer.Argument(help="The account.")], by: ByAdminOpt = "",
           ledger: LedgerOpt = None) -> None:
    """Enable a disabled account again."""
    from sdc.ledger.users import set_disabled

    with _errors():
        led = _open(ledger, None)
        try:
            admin = changing_admin(led, by, f"enabling {name}")
            user = set_disabled(led, name, False, actor=admin.name)
        finally:
            led.close()
    typer.echo(f"enabled {user.name}")


def token(name: Annotated[str, typer.Argument(help="The account.")], by: ByAdminOpt = "",
          ledger: LedgerOpt = None) -> None:
    """Print a new API token for NAME (shown once; send it as `Authorization: Bearer …`)."""
    from sdc.ledger.users import issue_token

    with _errors():
        led = _open(ledger, None)
        try:
            admin = changing_admin(led, by, f"a token for {name}")
            value = issue_token(led, name, actor=admin.name)
        finally:
            led.close()
    typer.echo(value)


def reset(name: Annotated[str, typer.Argument(help="The account.")], by: ByAdminOpt = "",
          ledger: LedgerOpt = None) -> None:
    """Give an account added before round 20 a new password, logged with its digest (asked
    first; piped: the first line, the admin's the second). Its old password stops working."""
    from sdc.ledger.users import reset_password

    password = read_password()
    with _errors():
        led = _open(ledger, None)
        try:
            admin = changing_admin(led, by, f"resetting {name}")
            user = reset_password(led, name, password, by=admin)
        finally:
            led.close()
    typer.echo(f"reset {user.name} ({user.role}): its password is now in the audit log")


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(no_args_is_help=True, help="Accounts of the web app (sdc serve).")
    users_app.command("add")(add)
    users_app.command("list")(list_)
    users_app.command("disable")(disable)
    users_app.command("enable")(enable)
    users_app.command("token")(token)
    users_app.command("reset")(reset)
    app.add_typer(users_app, name="users")
