"""The ``sdc`` command line: parse arguments, call the library, choose a reporter, exit.

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage or configuration
error (a message naming the problem, never a traceback).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from sdc.policy import PolicyError, load_policy
from sdc.results import Status
from sdc.version import __version__

app = typer.Typer(
    name="sdc", add_completion=False, no_args_is_help=True,
    help="Check research outputs for statistical disclosure before they leave a TRE.",
)
err = Console(stderr=True, highlight=False)


class FailOn(StrEnum):
    fail = "fail"
    review = "review"


def _usage_error(message: str) -> typer.Exit:
    err.print(f"[bold red]error[/]: {escape(message)}")
    return typer.Exit(2)


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


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of outputs.")],
    rules: Annotated[Path | None, typer.Option("--rules", help="Policy file (rules.toml).")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="Policy profile.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="Output format.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest status that exits 1.")]
    = FailOn.fail,
    show_values: Annotated[bool, typer.Option(
        "--show-values", help="Put cell values in formats meant to leave the TRE.")] = False,
    ledger: Annotated[str | None, typer.Option(
        "--ledger", help="Ledger of released outputs (path or postgresql:// URL) for "
        "prior-release differencing; default SDC_LEDGER.")] = None,
) -> None:
    """Check outputs and report findings."""
    from sdc.engine import check as run_check
    from sdc.reports import (
        BINARY_FORMATS,
        FOLDER_FORMATS,
        FORMATS,
        ReportOptions,
        format_for_path,
        get_reporter,
    )

    if fmt is None:
        fmt = (format_for_path(output) or "text") if output is not None else "text"
    if fmt not in FORMATS:
        raise _usage_error(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    for path in paths:
        if not path.exists():
            raise _usage_error(f"no such file or folder: {path}")
    try:
        policy = load_policy(rules, profile=profile)
    except PolicyError as exc:
        raise _usage_error(f"invalid policy: {exc}") from None

    progress_bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        progress_bar = Progress(console=err, transient=True)
        task = progress_bar.add_task("checking", total=None)
        progress_bar.start()

        def progress(done: int, total: int, name: str) -> None:
            progress_bar.update(task, completed=done, total=total, description=name[-40:])
    else:
        progress = None  # type: ignore[assignment]
    opened = None
    if ledger is not None or os.environ.get("SDC_LEDGER"):
        from sdc.ledger.db import open_ledger
        from sdc.ledger.errors import LedgerError

        try:
            opened = open_ledger(ledger, create=False)
        except LedgerError as exc:
            raise _usage_error(f"ledger: {exc}") from None
    try:
        result = run_check(paths, policy, progress=progress, ledger=opened)
    finally:
        if progress_bar is not None:
            progress_bar.stop()
        if opened is not None:
            opened.close()

    if not result.outputs:
        err.print("[yellow]warning[/]: no outputs found under "
                  + escape(", ".join(str(p) for p in paths)))
    options = ReportOptions(show_values=show_values, ci=bool(os.environ.get("CI")),
                            color=None if output is None else False, output_path=output,
                            inputs=list(paths), fail_on=Status(fail_on.value))
    reporter = get_reporter(fmt)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            if fmt in FOLDER_FORMATS:
                reporter(result, sys.stdout, options)  # writes the folder named by -o
            elif fmt in BINARY_FORMATS:
                with output.open("wb") as bstream:
                    reporter(result, bstream, options)  # type: ignore[arg-type]
            else:
                with output.open("w", encoding="utf-8", newline="\n") as stream:
                    reporter(result, stream, options)
        except OSError as exc:
            raise _usage_error(f"cannot write {output}: {exc.strerror or exc}") from None
        err.print(f"{result.status.value}: report written to {escape(str(output))}")
    else:
        if fmt in BINARY_FORMATS:
            raise _usage_error(f"--format {fmt} needs -o FILE")
        reporter(result, sys.stdout, options)
    raise typer.Exit(result.exit_code(Status(fail_on.value)))


@app.command("rules")
def rules_cmd(
    key: Annotated[str | None, typer.Argument(help="A rule code or name.")] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Policy file (rules.toml).")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="Policy profile.")] = None,
) -> None:
    """List the rules, or document one (code or name)."""
    from sdc.rules import REGISTRY, find_rule

    try:
        policy = load_policy(rules, profile=profile)
    except PolicyError as exc:
        raise _usage_error(f"invalid policy: {exc}") from None
    out = Console(highlight=False)
    if key is None:
        table = RichTable(title=f"sdc rules (profile {policy.profile})")
        for col in ("code", "name", "status", "summary"):
            table.add_column(col)
        for code, rule in REGISTRY.items():
            status = policy.params(rule).status if policy.is_enabled(rule) else "off"
            table.add_row(code, rule.name, status, escape(rule.summary))
        out.print(table)
        return
    rule = find_rule(key)
    if rule is None:
        raise _usage_error(f"no rule {key!r}; `sdc rules` lists them")
    params = policy.params(rule).model_dump(mode="json")
    out.print(f"[bold]{rule.code} {rule.name}[/]  ({escape(rule.summary)})\n", soft_wrap=True)
    out.print(escape(rule.doc()), soft_wrap=True)
    out.print(f"\n[bold]Parameters[/] (rules.toml: {escape(f'[rules.{rule.name}]')})",
              soft_wrap=True)
    for pname, value in params.items():
        info = rule.Params.model_fields.get(pname)
        desc = f"  — {info.description}" if info is not None and info.description else ""
        out.print(f"  {pname} = {escape(repr(value))}{escape(desc)}", soft_wrap=True)


from sdc.protect_cli import register as _register_protect  # noqa: E402

_register_protect(app)


from sdc.workflow_cli import register as _register_workflow  # noqa: E402

_register_workflow(app)


if __name__ == "__main__":  # pragma: no cover
    app()
