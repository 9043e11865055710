"""``sdc ledger reviewers set|show``: the ledger's number of reviewers per output
(``sdc.ledger.settings``), used when the pinned policy sets no ``[workflow] reviewers``.

Setting it is an admin's act, like pinning the policy (``sdc ledger policy set``): ``--by``
names an enabled admin account and its password is asked for. The number is written as a
``reviewers-set`` entry of the hash-chained log, so an edit of the settings row is caught.
"""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Annotated

import typer

from sdc.cli.workflow import Format, LedgerOpt, _errors, _open

if TYPE_CHECKING:
    from sqlalchemy import Connection


def set_(
    number: Annotated[int, typer.Argument(help="Independent reviewers each output needs (≥1).")],
    by: Annotated[str, typer.Option("--by", help="An admin account of this ledger (sdc users "
                                                 "add NAME --role admin).")] = "",
    ledger: LedgerOpt = None,
) -> None:
    """Set how many reviewers each output needs when the policy does not say (an admin's act)."""
    from sdc.cli.users import admin_by_password
    from sdc.ledger.errors import LedgerError
    from sdc.ledger.settings import set_reviewers

    with _errors():
        if number < 1:
            raise LedgerError(f"reviewers: must be at least 1 (got {number})")
        if not by.strip():
            raise LedgerError("--by: name the admin account that sets the number of reviewers")
        with closing(_open(ledger, None)) as led:
            user = admin_by_password(led, by)
            entry = set_reviewers(led, number, actor=user.name)
    typer.echo(f"reviewers per output: {number} (set by {user.name}, audit entry {entry.seq}; "
               "a policy's [workflow] reviewers comes first)")


def show(
    ledger: LedgerOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Show the ledger's number of reviewers per output (from its audit log)."""
    from sdc.cli.ledger_show import Shown, show_setting
    from sdc.ledger.settings import reviewers_entry, reviewers_in_force

    def read(conn: Connection) -> Shown:
        number, entry = reviewers_in_force(conn), reviewers_entry(conn)
        seq = None if entry is None else entry.seq
        by = None if entry is None else entry.actor
        how = "the default" if entry is None else f"set by {by}, audit entry {seq}"
        return Shown({"reviewers": number, "seq": seq, "by": by},
                     f"reviewers per output: {number} ({how})")

    show_setting(ledger, fmt, read)


def register(ledger_app: typer.Typer) -> None:
    app = typer.Typer(no_args_is_help=True,
                      help="Reviewers per output when the policy sets none (an admin sets it).")
    app.command("set")(set_)
    app.command("show")(show)
    ledger_app.add_typer(app, name="reviewers")
