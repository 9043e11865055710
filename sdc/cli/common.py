"""What every command shares: the stderr console and usage errors (exit 2, no traceback).

The console is made, and rich imported, the first time a command writes to it (round 50,
tail50): ``sdc check -f json`` in a CI gate writes nothing to stderr but its report's path,
and rich's console and markup were ~0.05 s CPU of every run's start.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console


class _Stderr:
    """The stderr console (rich's ``Console``), made when first used."""

    def __init__(self) -> None:
        self._console: Console | None = None

    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            # rich reads NO_COLOR and FORCE_COLOR itself; nothing here overrides them.
            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console(), name)


err: Any = _Stderr()


def escape(text: str) -> str:
    """``rich.markup.escape``: ``text`` printed as it is by the console, not read as markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def stderr_is_terminal() -> bool:
    """``err.is_terminal``, without making the console where rich's answer cannot be True:
    stderr not a terminal and neither ``TTY_COMPATIBLE=1`` nor a non-empty ``FORCE_COLOR``
    set (``rich.console.Console.is_terminal``: the other cases it tells apart only say
    False)."""
    if os.environ.get("TTY_COMPATIBLE", "") != "1" and not os.environ.get("FORCE_COLOR"):
        try:
            if not sys.stderr.isatty():
                return False
        except (AttributeError, ValueError):  # no stream, or a closed one: not a terminal
            return False
    return bool(err.is_terminal)


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
