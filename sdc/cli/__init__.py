"""The ``sdc`` command line: parse arguments, call the library, choose a reporter, exit.

One sub-module per command family (``check``, ``rules``, ``workflow``, ``protect``); each adds
its commands with ``register(app)``. Nothing heavy (pandas, scipy, matplotlib, openpyxl) is
imported until a command runs, so ``sdc --help`` starts fast.

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage or configuration
error, or no outputs found (a message naming the problem, never a traceback).
"""

from __future__ import annotations

import os
from typing import Annotated

# pydantic looks for plugins in every installed package's entry points (importlib.metadata)
# the first time a model is built: ~10-20 ms of every command, which uses no plugin. Set here,
# in the application, never in the library; a value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from sdc.cli import check, protect, rules, serve, users, workflow
from sdc.version import __version__

app = typer.Typer(
    name="sdc", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check research outputs for statistical disclosure before they leave a TRE.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sdc {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                         help="Show the version and exit.")] = False,
) -> None:
    """sdc: output disclosure-control checker."""


check.register(app)
rules.register(app)
protect.register(app)
workflow.register(app)
users.register(app)
serve.register(app)

__all__ = ["app"]
