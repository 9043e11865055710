"""The ``sdc protect`` command: thin wrapper over :func:`sdc.protect.protect`.

Exit codes and ``--fail-on`` are those of ``sdc check``: 0 the protected table was written and
its check finds nothing at or above ``--fail-on`` (default ``review``: doubt is not safe), 1 it
was written but the check still finds something at or above it, or a hidden cell is not proven
protected (``--time-limit`` reached): the log says what; 2 bad input or options (a message, no
traceback). ``--format json`` prints a summary as JSON on stdout (messages stay on stderr), with
cell references and rule codes but no values or labels.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from sdc.cli.options import FailOn, FailOnOpt, ProfileOpt, RulesOpt

if TYPE_CHECKING:
    from sdc.protect import ProtectResult

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
    gauss = "gauss"


class Format(StrEnum):
    text = "text"
    json = "json"


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
        rules: RulesOpt = None,
        profile: ProfileOpt = None,
        marker: Annotated[str | None, typer.Option(
            "--marker", help="Text of a hidden cell (default [c]; REDACTED for opensafely).")]
        = None,
        base: Annotated[int | None, typer.Option(
            "--base", help="Rounding base (default: the policy's, else 5).")] = None,
        secondary: Annotated[Secondary, typer.Option(
            "--secondary", help="Secondary suppression: milp (optimal, time-limited), "
            "heuristic (fast), gauss (Gaussian elimination, then a repair) or auto.")]
        = Secondary.auto,
        time_limit: Annotated[float | None, typer.Option(
            "--time-limit", help="Seconds for the whole secondary suppression (every measure): "
            "cells not proven protected by then are reported and the exit is 1. Default: by "
            "the table's size, 30 s or 2.5 ms per cell if more (250 s at 100,000 cells), at "
            "most 1800 s.", show_default=False)] = None,
        log: Annotated[str | None, typer.Option(
            "--log", help="Log file (default: OUTPUT.log.txt; '-' prints it).")] = None,
        fail_on: FailOnOpt = FailOn.review,
        fmt: Annotated[Format, typer.Option(
            "--format", help="text (messages on stderr) or json (a summary on stdout).")]
        = Format.text,
        jobs: Annotated[int, typer.Option(
            "-j", "--jobs", min=1, help="Solve independent parts of a table in this many "
            "processes.")] = 1,
    ) -> None:
        """Make a failing table safe: suppression or rounding that passes sdc check."""
        from sdc.protect import ProtectError, ProtectionError, protect
        from sdc.results import Status

        if not table.is_file():
            raise _usage(f"no such file: {table}")
        try:
            result = protect(table, method=method.value, cost=cost, policy=rules,
                             profile=profile, marker=marker, base=base,
                             secondary=secondary.value,
                             time_limit="auto" if time_limit is None else time_limit, jobs=jobs)
            verification = result.write(output, log=False if log == "-" else
                                        (Path(log) if log else True))
        except (ProtectError, ProtectionError) as exc:
            raise _usage(str(exc)) from None
        except OSError as exc:
            raise _usage(f"cannot write {output}: {exc.strerror or exc}") from None
        if log == "-" and fmt is Format.text:
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
        if result.unprotected:
            err.print(f"[bold red]not protected[/]: {escape(', '.join(result.unprotected))}")
        code = verification.exit_code(Status(fail_on.value))
        if result.unprotected:
            code = max(code, 1)  # fail closed: a table stopped half-way is never safe
        if fmt is Format.json:
            sys.stdout.write(json_summary(result, output, code))
        raise typer.Exit(code)


def json_summary(result: ProtectResult, output: Path, code: int) -> str:
    """What ``--format json`` prints: references and codes, never values or labels."""
    import json

    assert result.verification is not None
    status = result.status
    data: dict[str, Any] = {
        "output": str(output),
        "method": result.method,
        "status": status.value if status is not None else None,
        "exit_code": code,
        "timed_out": result.timed_out,
        "time_limit": result.time_limit,
        "unprotected": result.unprotected,
        "decisions": [{"cell": d.ref, "action": d.action} for d in result.decisions],
        "measures": [{"sheet": m.sheet, "cells": m.cells, "primaries": m.primaries,
                      "secondaries": m.secondaries, "method": m.method, "optimal": m.optimal,
                      "cost": m.cost, "lower_bound": m.lower_bound,
                      "seconds": round(m.seconds, 3), "unresolved": m.unresolved}
                     for m in result.measures],
        "findings": [{"rule": f.rule, "status": f.status.value, "sheet": f.location.sheet,
                      "cell": f.location.cell}
                     for out in result.verification.outputs for f in out.findings],
    }
    return json.dumps(data, indent=2) + "\n"


def _usage(message: str) -> typer.Exit:
    err.print(f"[bold red]error[/]: {escape(message)}")
    return typer.Exit(2)
