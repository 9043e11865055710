"""``sdc check``: read the outputs, run the rules, write the report, exit with the verdict.

Thin on purpose: verdicts come from ``sdc.engine``, formatting from ``sdc.reports``.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from sdc.cli.common import color_from_env, err, escape, stderr_is_terminal, usage_error, warn
from sdc.cli.options import FailOn, FailOnOpt, ProfileOpt, RulesOpt
from sdc.cli.progress import DelayedProgress
from sdc.excludes import DEFAULT_EXCLUDES, Excludes
from sdc.reports import BINARY_FORMATS, EXTENSIONS, FOLDER_FORMATS, FORMATS

Format = StrEnum("Format", {name: name for name in FORMATS})  # type: ignore[misc]


def _report_format(fmt: str | None, raw_output: str | None) -> str:
    """The format asked for, or the one ``-o``'s extension names; a guess is a usage error."""
    from sdc.reports import format_for_path

    if raw_output is None:
        return fmt or "text"
    output = Path(raw_output)
    names_folder = output.is_dir() or raw_output.endswith(("/", os.sep))
    if names_folder and fmt not in FOLDER_FORMATS:
        raise usage_error(f"-o {raw_output} is a folder; only --format "
                          f"{'/'.join(sorted(FOLDER_FORMATS))} writes a folder")
    if fmt is not None:
        return fmt
    inferred = format_for_path(output)
    if inferred is None:
        raise usage_error(f"cannot tell the report format of -o {output}: give --format, or an "
                          f"extension sdc writes ({' '.join(sorted(EXTENSIONS))})")
    return inferred


def check(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Files or folders of outputs (folders are searched).")],
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help=f"Report format: {', '.join(FORMATS)} (default: from -o's extension, else text).")]
    = None,
    raw_output: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="FILE", help="Write the report to FILE instead of stdout.")]
    = None,
    fail_on: FailOnOpt = FailOn.review,
    show_values: Annotated[bool, typer.Option(
        "--show-values", help="Put cell values in formats meant to leave the TRE.")] = False,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="PATTERN", help="Skip paths matching these gitignore-style "
        "patterns instead of the policy's exclude or the defaults ("
        + ", ".join(DEFAULT_EXCLUDES) + "); repeat or comma-separate. Skipped paths are "
        "listed in the report.")] = None,
    extend_exclude: Annotated[list[str] | None, typer.Option(
        "--extend-exclude", metavar="PATTERN", help="Skip these patterns as well.")] = None,
    respect_gitignore: Annotated[bool | None, typer.Option(
        "--respect-gitignore/--no-respect-gitignore", help="In a git repository, skip what "
        ".gitignore ignores (never inside a release request: a folder with request.toml). "
        "Default: the policy's respect_gitignore, else on.", show_default=False)] = None,
    ledger: Annotated[str | None, typer.Option(
        "--ledger", metavar="PATH|URL", help="Ledger of released outputs (path or "
        "postgresql:// URL) for prior-release differencing; default $SDC_LEDGER.")] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="RULES", help="Rules to enable (codes, prefixes or names; "
        "comma-separated), replacing the policy's selection.")] = None,
    extend_select: Annotated[list[str] | None, typer.Option(
        "--extend-select", metavar="RULES",
        help="Rules to enable in addition to the policy's selection.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="RULES",
        help="Rules to disable (added to the policy's ignore list).")] = None,
    show_policy: Annotated[bool, typer.Option(
        "--show-policy", help="Print which policy file applies and why, then exit.")] = False,
    jobs: Annotated[int | None, typer.Option(
        "-j", "--jobs", min=1, metavar="N", help="Processes that read and check outputs "
        "(default: the number of cores; 1: no pool). Results are the same.")] = None,
) -> None:
    """Check outputs and report findings."""
    from sdc.policy import PolicyError, load_policy
    from sdc.reports import ReportOptions, get_reporter
    from sdc.results import Status

    fmt_name = _report_format(fmt.value if fmt is not None else None, raw_output)
    output = Path(raw_output) if raw_output is not None else None
    if output is None and fmt_name in BINARY_FORMATS:
        raise usage_error(f"--format {fmt_name} needs -o FILE")
    for path in paths:
        if not path.exists():
            raise usage_error(f"no such file or folder: {path}")
    try:
        policy = load_policy(rules, profile=profile, checked=list(paths),
                             select=_split(select), extend_select=_split(extend_select),
                             ignore=_split(ignore))
    except PolicyError as exc:
        raise usage_error(f"invalid policy: {exc}") from None
    if show_policy:
        from sdc.policy import describe_policy

        typer.echo(describe_policy(policy))
        raise typer.Exit(0)

    if not policy.model.allow_excludes and (exclude or extend_exclude):
        raise usage_error(f"the policy ({policy.source}) forbids excludes (allow_excludes = "
                          "false): every file is checked; drop --exclude/--extend-exclude")
    excludes = Excludes.for_check(policy, _split(exclude), _split(extend_exclude),
                                  respect_gitignore)
    # only reported from here: each table's model let go for what the reports read of it
    result = _run(paths, policy, ledger, excludes, jobs).for_reports()
    _tell_what_was_left(result, paths, excludes)
    color = color_from_env() if output is None else False
    options = ReportOptions(show_values=show_values, ci=bool(os.environ.get("CI")),
                            color=color, output_path=output, inputs=list(paths),
                            fail_on=Status(fail_on.value))
    from sdc.gc_pacing import fewer_collections

    # paced as the check is: a report's many short-lived objects made the collector walk every
    # table the result holds again and again (html, sarif on 20 x 1 MiB tables: 0.5-0.8 s of
    # collections, 0.1-0.2 s paced; round 24, lean)
    with fewer_collections():
        _write_report(result, fmt_name, output, options, get_reporter(fmt_name))
    from sdc.gc_pacing import no_walk_at_exit

    no_walk_at_exit()  # the report is written: the exit need not walk the result (round 31)
    raise typer.Exit(result.exit_code(Status(fail_on.value)))


def _run(paths: list[Path], policy: Any, ledger: str | None, excludes: Excludes | None,
         jobs: int | None) -> Any:
    """The check, with a progress bar on a terminal and the ledger open while it runs."""
    from sdc.engine import check as run_check
    from sdc.parallel import default_jobs

    opened = _open_ledger(ledger)
    progress = DelayedProgress(err.console()) if stderr_is_terminal() else None
    try:
        return run_check(paths, policy, progress=progress, ledger=opened, excludes=excludes,
                         in_release=True, jobs=jobs or default_jobs(), keep_models=False)
    finally:
        if progress is not None:
            progress.stop()
        if opened is not None:
            opened.close()


def _tell_what_was_left(result: Any, paths: list[Path], excludes: Excludes | None) -> None:
    """On stderr: the paths excluded, the waivers no finding used; no output at all is a
    usage error (an empty folder is not a safe release)."""
    if excludes is not None and excludes.skipped:
        shown = ", ".join(excludes.skipped[:5]) + (", …" if len(excludes.skipped) > 5 else "")
        err.print(f"excluded {len(excludes.skipped)} path(s) from the check (listed in the "
                  f"report): {escape(shown)}", highlight=False)
    if not result.outputs:
        raise usage_error("no outputs found under " + ", ".join(str(p) for p in paths)
                          + " (nothing to check: an empty folder is not a safe release)")
    for waiver in result.unused_waivers:
        where = f"{waiver['path']}" + (f" cell {waiver['cell']}" if waiver.get("cell") else "")
        warn(f"unused waiver ({waiver['source']}): rule {waiver['rule']} at {where}")


def _split(patterns: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated values as one list, like ruff (``--select A,B --select C``
    -> ``[A, B, C]``; None: the option was not given)."""
    if patterns is None:
        return None
    return [p.strip() for item in patterns for p in item.split(",") if p.strip()]


def _open_ledger(ledger: str | None) -> Any:
    if ledger is None and not os.environ.get("SDC_LEDGER"):
        return None
    from sdc.ledger.db import open_ledger
    from sdc.ledger.errors import LedgerError

    try:
        return open_ledger(ledger, create=False)
    except LedgerError as exc:
        raise usage_error(f"ledger: {exc}") from None


def _write_report(result: Any, fmt: str, output: Path | None, options: Any,
                  reporter: Any) -> None:
    if output is None:
        reporter(result, sys.stdout, options)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt in FOLDER_FORMATS:
            reporter(result, sys.stdout, options)  # writes the folder named by -o
        elif fmt in BINARY_FORMATS:
            with output.open("wb") as bstream:
                reporter(result, bstream, options)
        else:
            with output.open("w", encoding="utf-8", newline="\n") as stream:
                reporter(result, stream, options)
    except OSError as exc:
        raise usage_error(f"cannot write {output}: {exc.strerror or exc}") from None
    err.print(f"{result.status.value}: report written to {escape(str(output))}")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
