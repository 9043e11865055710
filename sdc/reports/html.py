"""``--format html``: one self-contained page for the person who reviews a release in the TRE.

Air-gapped TREs cannot fetch anything, so CSS, JS and images are inline (figures and charts as
``data:`` URIs) and a Content-Security-Policy forbids every network request. The page stays in
the TRE, so values and evidence are shown. Everything a researcher controls (file names,
headers, labels, sheet names, justifications, messages) goes through jinja2's autoescaping; the
CSP only allows our own script (by hash), so even a missed escape could not run a payload.

Large releases stay usable: passing outputs are collapsed, and a table over ``MAX_TABLE_CELLS``
shows its header, the rows holding findings, then its first rows up to the budget
(``html_grid``, which renders table bodies with markupsafe's escape for speed).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import mimetypes
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from sdc.reports.common import (
    declaration_source,
    display_name,
    findings_by_cell,
    flatten_params,
    format_evidence,
    label_text,
    plain_text,
    policy_param,
    rule_meta,
    source_file,
)
from sdc.reports.heatmap import count_heatmap
from sdc.reports.html_grid import GridView, render_grid
from sdc.results import Finding, OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

TEMPLATES = Path(__file__).with_name("templates")
TOTAL_CELL_BUDGET = 250_000  # over the whole page; later tables show flagged rows only
MAX_FIGURES = 12  # matplotlib heat-maps per report (each costs 50-150 ms)
FIGURE_SECONDS = 1.0  # and no new heat-map once they have taken this long in all
MAX_IMAGE_BYTES = 2_000_000  # released images embedded up to this size
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


@dataclass
class FindingView:
    num: int
    anchor: str
    status: str
    rule: str
    name: str
    summary: str
    cell: str | None
    cell_anchor: str | None
    labels: str
    message: str
    evidence: str
    waiver: str | None
    related: list[str]


@dataclass
class OutputView:
    anchor: str
    name: str
    path: str
    sheet: str | None
    kind: str
    status: str
    sha256: str
    description: str | None
    justification: str | None
    open: bool
    findings: list[FindingView] = field(default_factory=list)
    table: GridView | None = None
    no_table: str | None = None
    figure: str | None = None
    image: str | None = None
    threshold: Any = None


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The report's templates (also the ledger's output pages, sdc.ledger.drawing)."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       trim_blocks=False, lstrip_blocks=False)


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    return css, js


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(css: str, js: str) -> str:
    """Nothing may load but our own style and script; images only from data: URIs."""
    return ("default-src 'none'; img-src data:; "
            f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
            "base-uri 'none'; form-action 'none'")


def _finding_view(result: RunResult, f: Finding, num: int, anchor: str, cell_anchor: str | None
                  ) -> FindingView:
    return FindingView(
        num=num, anchor=anchor, status=f.status.value, rule=f.rule, name=f.name,
        summary=rule_meta(result, f.rule)["summary"], cell=f.location.cell, cell_anchor=cell_anchor,
        labels=label_text(f.location), message=f.text(show_values=True),
        evidence=format_evidence(f.evidence), waiver=f.waiver,
        related=[display_name(loc) + (f"!{loc.cell}" if loc.cell else "") for loc in f.related])


def _image(result: RunResult, out: OutputResult, options: ReportOptions) -> str | None:
    """A released image as a data URI, so the reviewer sees the chart beside its findings."""
    if out.kind != "chart":
        return None
    path = source_file(result, out, options)
    if path is None or path.suffix.lower() not in IMAGE_TYPES:
        return None
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def build_context(result: RunResult, options: ReportOptions,
                  first_index: int = 0) -> dict[str, Any]:
    """Everything the template shows, with researcher strings left raw (jinja escapes them).

    Outputs are numbered from ``first_index`` (anchors ``o{n}``, ``o{n}-C4``, ``o{n}-f1``), so a
    page that joins the views of several results (a chart and the data it plots) keeps its ids
    unique."""
    css, js = _assets()
    threshold = policy_param(result, "small-count", "threshold", 10)
    budget = TOTAL_CELL_BUDGET
    figures, figure_time = 0, 0.0
    views = []
    rule_counts: dict[str, Counter[str]] = {}
    for idx, out in enumerate(result.outputs, start=first_index):
        anchor = f"o{idx}"
        by_cell = findings_by_cell(out)
        numbered = {id(f): n for n, f in enumerate(out.findings, start=1)}
        notes_by_cell = {pos: [(numbered[id(f)], f) for f in fs] for pos, fs in by_cell.items()}
        view = OutputView(
            anchor=anchor, name=display_name(out), path=out.path, sheet=out.sheet,
            kind=out.kind, status=out.status.value, sha256=out.sha256,
            description=out.description, justification=out.justification,
            open=out.status is not Status.PASS, threshold=threshold)
        view.table = render_grid(out, idx, budget, notes_by_cell)
        if view.table is not None:
            budget = max(0, budget - view.table.cells)
        else:
            view.no_table = "No table was read from this output."
        rendered = view.table.anchors if view.table is not None else set()
        for f in out.findings:
            num = numbered[id(f)]
            cell_anchor = f"{anchor}-{f.location.cell}" if f.location.cell else None
            view.findings.append(_finding_view(result,
                f, num, f"{anchor}-f{num}", cell_anchor if cell_anchor in rendered else None))
            rule_counts.setdefault(f.rule, Counter())[f.status.value] += 1
        if (figures < MAX_FIGURES and figure_time < FIGURE_SECONDS
                and out.status is not Status.PASS and out.table is not None):
            started = time.perf_counter()
            view.figure = count_heatmap(out, threshold)
            figure_time += time.perf_counter() - started
            figures += view.figure is not None
        view.image = _image(result, out, options)
        views.append(view)
    request_items = [(str(k), plain_text(v)) for k, v in (result.request or {}).items()]
    return {
        "csp": content_security_policy(css, js),
        "css": Markup(css),  # our static file, hashed in the CSP
        "js": Markup(js),
        "status": result.status.value,
        "counts": result.summary(),
        "tool_version": result.tool_version,
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "root": result.root,
        "policy": result.policy,
        "params": flatten_params(result.policy.params or {}),
        "request": result.request or {},
        "request_items": request_items,
        "rule_counts": [
            {"code": code, "name": rule_meta(result, code)["name"],
             "summary": rule_meta(result, code)["summary"],
             "fail": counts["fail"], "review": counts["review"]}
            for code, counts in sorted(rule_counts.items())],
        "unused_waivers": result.unused_waivers,
        "excluded": result.excluded,
        "declarations": result.declared_changes(),
        "declaration_source": declaration_source(result.declared_changes()),
        "outputs": views,
    }


def render_html(result: RunResult, options: ReportOptions) -> str:
    template = environment().get_template("report.html.j2")
    return template.render(**build_context(result, options))


def write_html(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    stream.write(render_html(result, options))
