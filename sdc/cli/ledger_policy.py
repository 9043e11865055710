"""``sdc ledger policy set|show``: the policy in force for a ledger (``sdc.ledger.pinned``).

Setting it is an admin's act: the command names an enabled admin account (``--by``) and asks
for its password (a prompt, or the first line of piped stdin, as ``sdc users``). The command
line cannot tell who runs it; the password is what ties the change to the person who holds
the admin account, and the ``policy-set`` entry of the audit log records it.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from sdc.cli.workflow import Format, LedgerOpt, _errors, _open

if TYPE_CHECKING:
    from sqlalchemy import Connection


def set_(
    rules: Annotated[Path | None, typer.Argument(
        help="The checkers' policy file (rules.toml, sdc.toml or a pyproject.toml with "
             "[tool.sdc]); omit with --built-in.")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="Policy profile.")] = None,
    built_in: Annotated[bool, typer.Option(
        "--built-in", help="Pin sdc's built-in policy (with --profile, one of its profiles).")]
    = False,
    by: Annotated[str, typer.Option("--by", help="An admin account of this ledger (sdc users "
                                                 "add NAME --role admin).")] = "",
    ledger: LedgerOpt = None,
) -> None:
    """Pin the policy every submission to this ledger is checked under (an admin's act)."""
    from sdc.cli.users import admin_by_password
    from sdc.ledger.errors import LedgerError
    from sdc.ledger.pinned import set_policy
    from sdc.policy import build_policy, discover_policy, load_policy

    with _errors():
        if (rules is None) == (not built_in):
            raise LedgerError("give the policy FILE, or --built-in (not both)")
        if not by.strip():
            raise LedgerError("--by: name the admin account that sets the policy")
        if rules is not None:
            rules = rules.expanduser().absolute()
            source = discover_policy(None, rules=rules)
            policy = load_policy(rules, profile=profile)
            try:
                data: bytes | None = rules.read_bytes()
            except OSError as exc:
                raise LedgerError(f"cannot read {rules}: {exc.strerror or exc}") from None
            table = source.table
        else:
            policy, data, table = build_policy({}, profile=profile), None, ()
        with closing(_open(ledger, None)) as led:
            user = admin_by_password(led, by)
            pin = set_policy(led, policy, data, table, actor=user.name)
    typer.echo(f"policy in force: {escape(pin.describe())}")


def show(
    ledger: LedgerOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Show the policy in force for this ledger."""
    from sdc.cli.ledger_show import Shown, show_setting
    from sdc.ledger.pinned import pinned

    def read(conn: Connection) -> Shown:
        pin = pinned(conn)
        return Shown(pin.to_dict(), f"policy in force: {pin.describe()}", pin.text)

    show_setting(ledger, fmt, read)


def register(app: typer.Typer) -> None:
    ledger_app = typer.Typer(no_args_is_help=True, help="The ledger's own settings.")
    policy_app = typer.Typer(no_args_is_help=True,
                             help="The policy in force: the checkers', pinned by an admin.")
    policy_app.command("set")(set_)
    policy_app.command("show")(show)
    ledger_app.add_typer(policy_app, name="policy")
    from sdc.cli import ledger_reviewers

    ledger_reviewers.register(ledger_app)
    app.add_typer(ledger_app, name="ledger")
