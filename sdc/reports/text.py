"""``--format text``: a terminal report with rich — a summary table, then findings by output.

Unused waivers are warnings: the CLI prints them on stderr, not in the report. In CI (``CI``
set in the environment) messages lose their values unless ``--show-values``:
terminal logs leave the TRE.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from sdc.reports.common import count_of, declaration_lines, display_name, excluded_lines
from sdc.results import RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

STYLE = {Status.PASS: "green", Status.REVIEW: "yellow", Status.FAIL: "bold red"}


def write_text(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    show_values = options.show_values or not options.ci
    # color None: rich decides from the stream and NO_COLOR / FORCE_COLOR
    console = Console(file=stream, force_terminal=options.color,
                      no_color=True if options.color is False else None,
                      width=120 if not stream.isatty() else None, highlight=False)
    policy = result.policy
    console.print(f"[bold]sdc {result.tool_version}[/] — policy {escape(policy.source)} "
                  f"(profile {escape(policy.profile)}, sha256 {policy.sha256[:12]})")
    summary = RichTable(title="Outputs", show_lines=False, expand=False)
    summary.add_column("status")
    summary.add_column("output")
    summary.add_column("kind")
    summary.add_column("findings", justify="right")
    for out in result.outputs:
        name = display_name(out)
        summary.add_row(f"[{STYLE[out.status]}]{out.status.value}[/]", escape(name), out.kind,
                        str(len(out.findings)))
    console.print(summary)
    for out in result.outputs:
        if not out.findings:
            continue
        name = display_name(out)
        console.print(f"\n[{STYLE[out.status]}]{out.status.value.upper()}[/] {escape(name)}")
        for f in out.findings:
            where = f.location.cell or "-"
            label = " / ".join(x for x in (f.location.row_label, f.location.column_label) if x)
            label_text = f" ({escape(label)})" if label else ""
            console.print(
                f"  [{STYLE[f.status]}]{f.status.value:6}[/] {f.rule} {f.name:24} "
                f"{where:>6}{label_text}  {escape(f.text(show_values=show_values))}")
            if f.waiver:
                console.print(f"         waived: {escape(f.waiver)}")
    for line in declaration_lines(result, with_claim=show_values):
        console.print(escape(line), soft_wrap=True)
    for line in excluded_lines(result):
        console.print(escape(line), soft_wrap=True)
    counts = result.summary()
    console.print(
        f"\n[bold]{result.status.value.upper()}[/]: {count_of(counts['outputs'], 'output')} — "
        f"{counts['pass']} pass, {counts['review']} review, {counts['fail']} fail; "
        f"{count_of(counts['findings'], 'finding')}")


