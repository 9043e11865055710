"""The ``sdc protect`` command: thin wrapper over :func:`sdc.protect.protect`.

Exit codes follow ``sdc check``: 0 the protected table was written and passes the check (below
``--fail-on``), 1 it was written but the check still finds something (the log says what), 2 bad
input or options (a message, no traceback).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True, highlight=False)


class Method(StrEnum):
    suppress = "suppress"
    round = "round"
    opensafely = "opensafely"
    midpoint6 = "midpoint6"


class Secondary(StrEnum):
    auto = "auto"
    milp = "milp"
    heuristic = "heuristic"


class FailOn(StrEnum):
    fail = "fail"
    review = "review"


def register(app: typer.Typer) -> None:
    """Add ``protect`` to the ``sdc`` app."""

    @app.command("protect")
    def protect_cmd(
        table: Annotated[Path, typer.Argument(help="The table to protect (CSV/TSV or XLSX).")],
        output: Annotated[Path, typer.Option("-o", "--output",
                                             help="Where to write the protected table.")],
        method: Annotated[Method, typer.Option(
            "--method", help="suppress, round (to --base), opensafely (redact <= threshold-1, "
            "round to 5, recompute totals) or midpoint6.")] = Method.suppress,
        cost: Annotated[str, typer.Option(
            "--cost", help="What secondary suppression minimises: cells, value, or a column "
            "of the table holding each row's cost.")] = "cells",
        rules: Annotated[Path | None, typer.Option("--rules", help="Policy file.")] = None,
        profile: Annotated[str | None, typer.Option("--profile", help="Policy profile.")] = None,
        marker: Annotated[str | None, typer.Option(
            "--marker", help="Text of a hidden cell (default [c]; REDACTED for opensafely).")]
        = None,
        base: Annotated[int | None, typer.Option(
            "--base", help="Rounding base (default: the policy's, else 5).")] = None,
        secondary: Annotated[Secondary, typer.Option(
            "--secondary", help="Secondary suppression: milp (optimal, time-limited), "
            "heuristic (fast) or auto.")] = Secondary.auto,
        time_limit: Annotated[float, typer.Option(
            "--time-limit", help="Seconds the MILP may run per measure.")] = 30.0,
        log: Annotated[str | None, typer.Option(
            "--log", help="Log file (default: OUTPUT.log.txt; '-' prints it).")] = None,
        fail_on: Annotated[FailOn, typer.Option(
            "--fail-on", help="Lowest status of the protected table's check that exits 1.")]
        = FailOn.fail,
    ) -> None:
        """Make a failing table safe: suppression or rounding that passes sdc check."""
        from sdc.protect import ProtectError, ProtectionError, protect
        from sdc.results import Status

        if not table.is_file():
            raise _usage(f"no such file: {table}")
        try:
            result = protect(table, method=method.value, cost=cost, policy=rules,
                             profile=profile, marker=marker, base=base,
                             secondary=secondary.value, time_limit=time_limit)
            verification = result.write(output, log=False if log == "-" else
                                        (Path(log) if log else True))
        except (ProtectError, ProtectionError) as exc:
            raise _usage(str(exc)) from None
        except OSError as exc:
            raise _usage(f"cannot write {output}: {exc.strerror or exc}") from None
        if log == "-":
            sys.stdout.write(result.log_text())
        hidden = sum(d.action in ("primary", "secondary", "redacted") for d in result.decisions)
        primary = sum(d.action == "primary" for d in result.decisions)
        what = (f"{primary} primary and {hidden - primary} secondary suppression(s)"
                if result.method == "suppress" else
                f"{len(result.decisions)} cell(s) changed, {hidden} redacted")
        err.print(f"{escape(str(output))}: {what}; sdc check: {verification.status.value}")
        if result.log_path is not None:
            err.print(f"log: {escape(str(result.log_path))}")
        for note in result.notes:
            err.print(f"[yellow]note[/]: {escape(note)}")
        for out in verification.outputs:
            for finding in out.findings:
                if finding.status.rank >= Status(fail_on.value).rank:
                    err.print(f"  {finding.status.value}: {finding.rule} at "
                              f"{escape(finding.location.display())}: "
                              f"{escape(finding.text(show_values=False))}")
        raise typer.Exit(verification.exit_code(Status(fail_on.value)))


def _usage(message: str) -> typer.Exit:
    err.print(f"[bold red]error[/]: {escape(message)}")
    return typer.Exit(2)
