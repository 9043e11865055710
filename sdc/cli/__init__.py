"""The ``sdc`` command line: parse arguments, call the library, choose a reporter, exit.

One sub-module per command family (``check``, ``rules``, ``workflow``, ``protect``...); each adds
its commands with ``register(app)``. Nothing heavy (pandas, scipy, matplotlib, openpyxl) is
imported until a command runs, so ``sdc --help`` starts fast; and run for one command, the
command line imports and builds only that command's family (``sdc rules`` needs neither the
readers and reporters ``sdc check`` declares its options with, nor the ledger's commands).

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage or configuration
error, or no outputs found (a message naming the problem, never a traceback).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Annotated, Any

# pydantic looks for plugins in every installed package's entry points (importlib.metadata)
# the first time a model is built: ~10-20 ms of every command, which uses no plugin. Set here,
# in the application, never in the library; a value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from sdc.version import __version__

# The command families (modules of this package) and the top-level commands and groups each
# registers; tests/test_cli_families.py checks this against what they register.
FAMILIES: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "rules": ("rules",),
    "protect": ("protect",),
    "workflow": ("request", "review", "release", "audit", "ledger"),
    "users": ("users",),
    "serve": ("serve",),
}
_FAMILY_OF = {command: family for family, commands in FAMILIES.items() for command in commands}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sdc {__version__}")
        raise typer.Exit(0)


def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                         help="Show the version and exit.")] = False,
) -> None:
    """sdc: output disclosure-control checker."""


def _application(cls: type[typer.Typer]) -> typer.Typer:
    app = cls(
        name="sdc", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
        rich_markup_mode=None,
        help="Check research outputs for statistical disclosure before they leave a TRE.",
    )
    app.callback()(main)
    return app


def register(app: typer.Typer, family: str) -> None:
    """Add one family's commands to ``app``."""
    import_module(f"sdc.cli.{family}").register(app)


class _Registered:
    """One of the application's lists of registrations, filled with every family the first
    time it is read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, app: _Sdc, owner: type | None = None) -> list[Any]:
        app._load()
        return getattr(app, self.slot)

    def __set__(self, app: _Sdc, value: list[Any]) -> None:
        setattr(app, self.slot, value)


class _Sdc(typer.Typer):
    """The application. Its commands are registered, every family at once, the first time
    anything asks for them (typer building the command, a test's runner); called for one known
    command (``sdc rules ...``), it builds a copy with that command's family only. The copy's
    help, options and errors are those of the whole (tests/test_cli_families.py)."""

    _loaded = False
    registered_commands = _Registered()
    registered_groups = _Registered()

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True  # first: registering reads these lists again
            for family in FAMILIES:
                register(self, family)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        words = kwargs.get("args", args[0] if args else None)
        words = sys.argv[1:] if words is None else list(words)
        family = _FAMILY_OF.get(words[0]) if words else None
        if family is None or self._loaded:  # --help, --version, a mistyped command
            return super().__call__(*args, **kwargs)
        one = _application(typer.Typer)
        register(one, family)
        return one(*args, **kwargs)


app = _application(_Sdc)

__all__ = ["FAMILIES", "app", "register"]
