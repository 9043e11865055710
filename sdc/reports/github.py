"""``--format github``: GitHub Actions workflow commands (annotations) plus a step summary.

GitHub shows at most 10 error and 10 warning annotations per step, so only the first 10 of each
are printed (fail findings first) and a final ``::notice`` says how many were left out; the
Markdown summary appended to ``$GITHUB_STEP_SUMMARY`` lists them all (up to its own cap).
CI logs leave the TRE: value-free messages, no evidence or labels unless ``--show-values``.
Every researcher string is escaped as GitHub specifies (``%25``, ``%0D``, ``%0A``, and in
properties ``%3A``, ``%2C``), so a file name cannot inject a workflow command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sdc.reports.common import (
    clean_text,
    count_of,
    declaration_lines,
    declaration_source,
    display_name,
    excluded_lines,
    finding_notes,
    label_text,
    parse_ref,
    repository_path,
    source_file,
)
from sdc.reports.markdown import render_markdown
from sdc.results import Finding, OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

ANNOTATION_LIMIT = 10  # per type (error, warning) per step, as GitHub displays them
LEVEL = {Status.FAIL: "error", Status.REVIEW: "warning"}
LINE_FORMATS = {"csv", "tsv", "tab"}  # one table row per line: cell rows are file lines


def escape_data(text: str) -> str:
    return (clean_text(text).replace("%", "%25").replace("\r", "%0D")
            .replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **props: object) -> str:
    """One ``::level key=value,...::message`` line; properties that are None are left out."""
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items()
                      if v is not None)
    return f"::{level}{' ' + fields if fields else ''}::{escape_data(message)}\n"


def _workspace_path(result: RunResult, out: OutputResult, options: ReportOptions) -> str:
    """The output's path from the repository root (GitHub resolves ``file=`` from there; the
    same paths as the SARIF report), else from the working directory, else the report path."""
    src = source_file(result, out, options)
    if src is None:
        return out.path
    in_repository = repository_path(src)
    if in_repository is not None:
        return in_repository
    base = Path(os.getcwd()).resolve()
    try:
        return src.resolve().relative_to(base).as_posix()
    except ValueError:
        return out.path


def write_github(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    show = options.show_values
    pairs = [(out, f) for out in result.outputs for f in out.findings
             if f.status in LEVEL]
    pairs.sort(key=lambda pair: -pair[1].status.rank)  # stable: fail first, then file order
    shown = {level: 0 for level in LEVEL.values()}
    omitted = 0
    paths: dict[int, str] = {}
    for out, f in pairs:
        level = LEVEL[f.status]
        if shown[level] >= ANNOTATION_LIMIT:
            omitted += 1
            continue
        shown[level] += 1
        if id(out) not in paths:
            paths[id(out)] = _workspace_path(result, out, options)
        stream.write(_finding_annotation(out, f, level, paths[id(out)], show))
    stream.write(_notices(result, omitted, show))
    counts = result.summary()
    stream.write(f"sdc {result.status.value.upper()}: {count_of(counts['outputs'], 'output')}, "
                 f"{counts['pass']} pass, {counts['review']} review, {counts['fail']} fail; "
                 f"{count_of(counts['findings'], 'finding')}\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(render_markdown(result, options))


def _finding_annotation(out: OutputResult, f: Finding, level: str, file: str,
                        show: bool) -> str:
    """One finding as an annotation on its file (on its line for line formats: CSV, text)."""
    pos = parse_ref(f.location.cell)
    by_line = (pos is not None and out.sheet is None
               and out.path.rsplit(".", 1)[-1].lower() in LINE_FORMATS)
    where = display_name(out) + (f"!{f.location.cell}" if f.location.cell else "")
    if show and label_text(f.location):
        where += f" ({label_text(f.location)})"
    message = f"{where}: {f.text(show_values=show)}{finding_notes(f, show)}"
    return annotation(level, message, file=file,
                      line=pos[0] if by_line and pos else None,
                      col=pos[1] if by_line and pos else None,
                      title=f"{f.rule} {f.name}")


def _notices(result: RunResult, omitted: int, show: bool) -> str:
    """The notices after the findings: annotations omitted over GitHub's limit, findings a
    declaration changed, paths excluded."""
    text = ""
    if omitted:
        text += annotation(
            "notice", f"{omitted} more findings were not annotated: GitHub shows at most "
            f"{ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings per step. "
            "The step summary and the HTML or XLSX report list every finding.",
            title="sdc: annotations omitted")
    changes = result.declared_changes(with_claim=show)
    if changes:
        text += annotation(
            "notice", "\n".join(declaration_lines(result, with_claim=show)).strip(),
            title=f"sdc: {len(changes)} finding(s) changed by a declaration in "
                  f"{declaration_source(changes)}")
    if result.excluded:  # paths only, like the SARIF run's properties
        text += annotation(
            "notice", "\n".join(line.strip() for line in excluded_lines(result)[1:]),
            title=f"sdc: {len(result.excluded)} path(s) not checked (excluded)")
    return text
