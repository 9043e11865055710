"""What every command shares: the stderr console and usage errors (exit 2, no traceback)."""

from __future__ import annotations

import os

import typer
from rich.console import Console
from rich.markup import escape

# rich reads NO_COLOR and FORCE_COLOR itself; nothing here overrides them.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def usage_error(message: str) -> typer.Exit:
    """Print ``error: message`` on stderr and return the exit to raise (code 2)."""
    err.print(f"[bold red]error[/]: {escape(message)}")
    return typer.Exit(2)


def warn(message: str) -> None:
    err.print(f"[yellow]warning[/]: {escape(message)}")


def color_from_env() -> bool | None:
    """``NO_COLOR`` (any non-empty value) wins, then ``FORCE_COLOR``; else None (auto)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None
