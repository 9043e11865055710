"""What the ``sdc ledger ... show`` commands share: read one setting from the ledger's log and
print it as text or JSON (``sdc ledger policy show``, ``sdc ledger reviewers show``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from sdc.cli.workflow import Format, _echo_json, _errors, _open, err

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class Shown:
    """A setting as shown: its JSON, its line of text, and any text for standard error."""

    json: dict[str, Any]
    line: str
    detail: str | None = None


def show_setting(ledger: str | None, fmt: Format, read: Callable[[Connection], Shown]) -> None:
    """Open the ledger, read the setting in one read transaction, print it."""
    with _errors(), closing(_open(ledger, None)) as led, led.read() as conn:
        shown = read(conn)
    if fmt is Format.json:
        _echo_json(shown.json)
        return
    typer.echo(shown.line)
    if shown.detail is not None:
        err.print(escape(shown.detail))
