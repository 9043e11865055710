"""``--format markdown`` (``-o summary.md``): a value-free summary for pull requests and CI pages.

It leaves the TRE (GitHub step summaries, merge-request comments), so messages are the public
ones and no evidence or cell labels appear unless ``--show-values``. Researcher text is escaped:
Markdown renderers also render inline HTML, so an ``<img>`` in a file name could otherwise call
out to the network.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from sdc.reports.common import (
    clean_text,
    count_of,
    declaration_source,
    display_name,
    excluded_lines,
    label_text,
)
from sdc.results import RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

MAX_FINDING_ROWS = 500  # GitHub caps a step summary at 1 MiB
ICON = {Status.PASS: "✅", Status.REVIEW: "⚠️", Status.FAIL: "❌"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~])")  # inline markup, links, images, cells


def md_escape(text: object) -> str:
    """Researcher text safe inside a Markdown table cell: one line, no markup, no HTML."""
    value = clean_text(str(text)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def render_markdown(result: RunResult, options: ReportOptions) -> str:
    """The summary as Markdown text."""
    show = options.show_values
    counts = result.summary()
    policy = result.policy
    lines = [
        f"# sdc: {ICON[result.status]} {result.status.value.upper()}",
        "",
        f"**{count_of(counts['outputs'], 'output')}**: {counts['pass']} pass, "
        f"{counts['review']} review, {counts['fail']} fail; "
        f"{count_of(counts['findings'], 'finding')}.",
        "",
        f"Policy {md_escape(policy.source)} (profile {md_escape(policy.profile)}, sha256 "
        f"{policy.sha256[:12]}), sdc {md_escape(result.tool_version)}.",
        "",
        "## Outputs",
        "",
        "| status | output | kind | findings |",
        "|---|---|---|---:|",
    ]
    for out in result.outputs:
        lines.append(f"| {ICON[out.status]} {out.status.value} | {md_escape(display_name(out))} | "
                     f"{md_escape(out.kind)} | {len(out.findings)} |")
    findings = [(out, f) for out in result.outputs for f in out.findings]
    if findings:
        findings.sort(key=lambda pair: -pair[1].status.rank)  # stable: fail first, file order
        lines += ["", "## Findings", "", "| status | rule | output | cell | message |",
                  "|---|---|---|---|---|"]
        for out, f in findings[:MAX_FINDING_ROWS]:
            cell = f.location.cell or "-"
            if show and label_text(f.location):
                cell += f" ({label_text(f.location)})"
            message = f.text(show_values=show)
            if f.waiver:
                message += f" (waived: {f.waiver})"
            lines.append(f"| {f.status.value} | {f.rule} {f.name} | "
                         f"{md_escape(display_name(out))} | {md_escape(cell)} | "
                         f"{md_escape(message)} |")
        if len(findings) > MAX_FINDING_ROWS:
            lines += ["", f"{len(findings) - MAX_FINDING_ROWS} more findings not listed; "
                          "see the HTML or XLSX report."]
    lines += _declaration_rows(result, show)
    excluded = excluded_lines(result)
    if excluded:
        lines += ["", "## Not checked (excluded)", "",
                  *(f"- {md_escape(line.strip())}" for line in excluded[1:])]
    if result.unused_waivers:
        lines += ["", f"{len(result.unused_waivers)} waivers matched no finding."]
    return "\n".join(lines) + "\n"


def _declaration_rows(result: RunResult, show: bool) -> list[str]:
    """Every finding a request.toml declaration changed (the claim's text, which can quote
    labels, only with ``--show-values``)."""
    changes = result.declared_changes(with_claim=show)
    if not changes:
        return []
    rows = ["", f"## Changed by a declaration in {declaration_source(changes)}", "",
            "| output | cell | rule | from | to | declaration |" + (" claim |" if show else ""),
            "|---|---|---|---|---|---|" + ("---|" if show else "")]
    for c in changes:
        where = c["path"] + (f" [{c['sheet']}]" if c["sheet"] is not None else "")
        row = (f"| {md_escape(where)} | {md_escape(c['cell'] or '-')} | {c['rule']} | "
               f"{c['from']} | {c['to']} | {md_escape(c['kind'])} |")
        if show:
            row += f" {md_escape(c.get('claim') or '')} |"
        rows.append(row)
    return rows


def write_markdown(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    stream.write(render_markdown(result, options))
