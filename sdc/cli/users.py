"""``sdc users``: accounts of the web app (``sdc serve``) in the ledger.

Passwords are read from a prompt (twice, hidden) or, when standard input is not a terminal,
from its first line, so that a TRE's provisioning script can pipe one in; they are never
arguments (which other users could read in the process list).
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


def add(
    name: Annotated[str, typer.Argument(help="The person's name (their login).")],
    role: Annotated[Role, typer.Option("--role", help="researcher, checker or admin.")],
    by: Annotated[str, typer.Option(
        "--by", help="An admin account granting the admin role (its password is asked "
                     "after the new one; piped: the second line). Not needed for a ledger's "
                     "first admin.")] = "",
    ledger: LedgerOpt = None,
) -> None:
    """Add an account (password from a prompt, or the first line of piped stdin)."""
    from sdc.ledger.users import add_user

    password = read_password()
    with _errors():
        led = _open(ledger, None, create=True)
        try:
            granted_by = admin_by_password(led, by) if by.strip() else None
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


def disable(name: Annotated[str, typer.Argument(help="The account.")],
            ledger: LedgerOpt = None) -> None:
    """Disable an account: its sessions end and its API tokens stop working at once."""
    from sdc.ledger.users import set_disabled

    with _errors():
        led = _open(ledger, None)
        try:
            user = set_disabled(led, name, True, actor=default_user())
        finally:
            led.close()
    typer.echo(f"disabled {user.name}")


def enable(name: Annotated[str, typer.Argument(help="The account.")],
           ledger: LedgerOpt = None) -> None:
    """Enable a disabled account again."""
    from sdc.ledger.users import set_disabled

    with _errors():
        led = _open(ledger, None)
        try:
            user = set_disabled(led, name, False, actor=default_user())
        finally:
            led.close()
    typer.echo(f"enabled {user.name}")


def token(name: Annotated[str, typer.Argument(help="The account.")],
          ledger: LedgerOpt = None) -> None:
    """Print a new API token for NAME (shown once; send it as `Authorization: Bearer …`)."""
    from sdc.ledger.users import issue_token

    with _errors():
        led = _open(ledger, None)
        try:
            value = issue_token(led, name, actor=default_user())
        finally:
            led.close()
    typer.echo(value)


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(no_args_is_help=True, help="Accounts of the web app (sdc serve).")
    users_app.command("add")(add)
    users_app.command("list")(list_)
    users_app.command("disable")(disable)
    users_app.command("enable")(enable)
    users_app.command("token")(token)
    app.add_typer(users_app, name="users")
