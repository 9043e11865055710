"""``--format xlsx``: an annotated workbook for reviewers who work in Excel (stays in the TRE).

Always a new workbook, never the researcher's file: a ``Summary`` sheet (verdict, policy,
outputs with links, every finding), a ``Policy`` sheet (every parameter), then one sheet per
output table. Each table is written at the same cells as in the file (``C4`` in the report is
``C4`` in the output), offending cells filled red (fail) or amber (review) with a comment
giving the findings and their evidence. Researcher text is always written as text, never as a
formula (a header ``=HYPERLINK(...)`` stays inert). Written in openpyxl's write-only mode,
which streams rows and keeps 100k-cell releases within a second or two.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from copy import copy
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from sdc.reports.common import (
    clean_text,
    declaration_source,
    findings_by_cell,
    flatten_params,
    format_evidence,
    plain_text,
    worst,
)
from sdc.results import Finding, OutputResult, RunResult, Status
from sdc.table import cell_ref, column_letters

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from sdc.reports import ReportOptions

MAX_SHEET_CELLS = 500_000  # rows beyond this are left out (flagged rows are kept)
TOTAL_CELLS = 2_000_000  # over the workbook: later sheets keep their first and flagged rows
MAX_TEXT = 32_000  # Excel's cell limit is 32,767 characters
FILL = {Status.FAIL: PatternFill("solid", fgColor="FFC7CE"),
        Status.REVIEW: PatternFill("solid", fgColor="FFEB9C"),
        Status.PASS: PatternFill("solid", fgColor="C6EFCE")}
FONT = {Status.FAIL: Font(color="9C0006", bold=True),
        Status.REVIEW: Font(color="9C5700", bold=True),
        Status.PASS: Font(color="006100", bold=True)}
TAB = {Status.FAIL: "C00000", Status.REVIEW: "FFC000", Status.PASS: "00B050"}
BOLD = Font(bold=True)
HEADING = Font(bold=True, size=14)
HIDDEN = Font(color="808080", italic=True)
LINK = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
RESERVED = {"summary", "policy", "history"}


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name: ≤31 characters, none of ``[]:*?/\\``, no edge quote."""
    base = _BAD_SHEET_CHARS.sub("_", clean_text(name)).strip().strip("'") or "output"
    base = base[:31]
    candidate, n = base, 2
    while candidate.casefold() in used or candidate.casefold() in RESERVED:
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Writer:
    """Cell helpers bound to one write-only sheet.

    A styled cell takes its workbook's style ids from the first cell styled the same way:
    openpyxl looks each font and fill up again (hashing it) for every cell, ~2 s of a
    1,000-output report's 300,000 styled cells (round 32, tail32); the ids, so the workbook,
    are the same."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.styles = _STYLES.setdefault(ws.parent, {})

    def cell(self, value: Any, *, font: Font | None = None, fill: PatternFill | None = None,
             link: str | None = None, wrap: bool = False) -> Any:
        value = _safe_value(value)
        plain = font is None and fill is None and link is None and not wrap
        if plain and not (isinstance(value, str) and value.startswith("=")):
            return value  # a bare value: openpyxl's fast path
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text, even when it starts with "="
        key = (id(font), id(fill), link is not None, wrap)
        made = self.styles.get(key)
        if made is not None:
            cell._style = copy(made)
        else:
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if link is not None:
                cell.font = LINK
            if wrap:
                cell.alignment = WRAP
            self.styles[key] = copy(cell._style)
        if link is not None:
            cell.hyperlink = Hyperlink(ref="", location=link)
        return cell


# per workbook being written: (font, fill, link, wrap) -> the style ids of a cell styled so
# (the fonts and fills are this module's constants)
_STYLES: WeakKeyDictionary[Workbook, dict[tuple[int, int, bool, bool], Any]] = (
    WeakKeyDictionary())


def _safe_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    text = clean_text(str(value))
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _widths(ws: WriteOnlyWorksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _summary(wb: Workbook, result: RunResult, titles: dict[int, str],
             notes: dict[int, str]) -> None:
    ws = wb.create_sheet("Summary")
    ws.sheet_properties.tabColor = TAB[result.status]
    _widths(ws, {"A": 10, "B": 16, "C": 22, "D": 34, "E": 12, "F": 10, "G": 16, "H": 18,
                 "I": 60, "J": 40, "K": 30})
    w = _Writer(ws)
    counts = result.summary()
    policy = result.policy
    ws.append([w.cell("sdc output check", font=HEADING)])
    ws.append([w.cell("verdict", font=BOLD),
               w.cell(result.status.value.upper(), font=FONT[result.status],
                      fill=FILL[result.status])])
    for key in ("outputs", "pass", "review", "fail", "findings"):
        ws.append([w.cell(key, font=BOLD), counts[key]])
    ws.append([])
    for key, value in (("policy source", policy.source), ("policy profile", policy.profile),
                       ("policy sha256", policy.sha256), ("sdc version", result.tool_version),
                       ("generated", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))):
        ws.append([w.cell(key, font=BOLD), w.cell(value)])
    ws.append([w.cell("all parameters", font=BOLD),
               w.cell("see the Policy sheet", link="'Policy'!A1")])
    for key, value in (result.request or {}).items():
        ws.append([w.cell(f"request {key}", font=BOLD), w.cell(plain_text(value))])
    ws.append([])
    ws.append([w.cell("Outputs", font=HEADING)])
    ws.append([w.cell(h, font=BOLD) for h in
               ("status", "output", "sheet", "kind", "findings", "report sheet", "sha256",
                "description", "justification")])
    for idx, out in enumerate(result.outputs):
        title = titles.get(idx)
        ws.append([
            w.cell(out.status.value, font=FONT[out.status], fill=FILL[out.status]),
            w.cell(out.path), w.cell(_part(out)), w.cell(out.kind), len(out.findings),
            w.cell(notes.get(idx, title), link=f"{_quote(title)}!A1") if title
            else w.cell("(no table)"),
            w.cell(out.sha256), w.cell(out.description), w.cell(out.justification),
        ])
    ws.append([])
    ws.append([w.cell("Findings", font=HEADING)])
    ws.append([w.cell(h, font=BOLD) for h in
               ("status", "rule", "name", "output", "sheet", "cell", "row label",
                "column label", "message", "evidence", "waiver")])
    for idx, out in enumerate(result.outputs):
        title = titles.get(idx)
        for f in out.findings:
            ref = f.location.cell
            ws.append([
                w.cell(f.status.value, font=FONT[f.status], fill=FILL[f.status]),
                w.cell(f.rule), w.cell(f.name), w.cell(out.path), w.cell(_part(out)),
                w.cell(ref, link=f"{_quote(title)}!{ref}") if ref and title else w.cell(ref),
                w.cell(f.location.row_label), w.cell(f.location.column_label),
                w.cell(f.text(show_values=True), wrap=True),
                w.cell(format_evidence(f.evidence)), w.cell(f.waiver),
            ])
    declared = result.declared_changes()
    if declared:
        ws.append([])
        ws.append([w.cell(f"Changed by a declaration in {declaration_source(declared)}",
                          font=HEADING)])
        ws.append([w.cell(h, font=BOLD) for h in
                   ("output", "sheet", "cell", "rule", "from", "to", "declaration", "claim")])
        for d in declared:
            ws.append([w.cell(str(d.get(k) or "")) for k in
                       ("path", "sheet", "cell", "rule", "from", "to", "kind", "claim")])
    if result.unused_waivers:
        ws.append([])
        ws.append([w.cell("Unused waivers", font=HEADING)])
        for waiver in result.unused_waivers:
            ws.append([w.cell(str(waiver.get(k) or "")) for k in
                       ("source", "rule", "path", "cell", "reason")])
    if result.excluded:  # an exclude is never silent: what was skipped, and by what
        ws.append([])
        ws.append([w.cell("Not checked (excluded)", font=HEADING)])
        ws.append([w.cell(h, font=BOLD) for h in ("path", "excluded by")])
        for skip in result.excluded:
            ws.append([w.cell(skip["path"]), w.cell(skip["by"])])


def _policy(wb: Workbook, result: RunResult) -> None:
    ws = wb.create_sheet("Policy")
    _widths(ws, {"A": 48, "B": 60})
    w = _Writer(ws)
    ws.append([w.cell("parameter", font=BOLD), w.cell("value", font=BOLD)])
    for key, value in flatten_params(result.policy.params or {}):
        ws.append([w.cell(key), w.cell(value)])


def _comment(findings: list[Finding]) -> Comment:
    lines = []
    for f in findings:
        lines.append(f"{f.rule} {f.name} ({f.status.value}): {f.text(show_values=True)}")
        if f.evidence:
            lines.append(f"  evidence: {format_evidence(f.evidence)}")
        if f.waiver:
            lines.append(f"  waived: {f.waiver}")
    text = clean_text("\n".join(lines))[:MAX_TEXT]
    height = min(400, 20 + 15 * sum(1 + len(line) // 55 for line in lines))
    return Comment(text, "sdc", height=height, width=360)


def _rows_to_write(grid: list[list[Any]], keep_always: set[int], cap: int) -> set[int]:
    """Row numbers to write: all, or (over ``cap`` cells) the first rows plus the header and
    every flagged row (``keep_always``), so every finding keeps its cell."""
    total = sum(len(row) for row in grid)
    if total <= cap:
        return {row[0].row for row in grid}
    keep, used = set(), 0
    for row in grid:
        if used < cap or row[0].row in keep_always:
            keep.add(row[0].row)
            used += len(row)
    return keep


def _table_sheet(wb: Workbook, out: OutputResult, title: str, keep: set[int]) -> None:
    table = out.table
    ws = wb.create_sheet(title)
    ws.sheet_properties.tabColor = TAB[out.status]
    w = _Writer(ws)
    by_cell = findings_by_cell(out)
    grid = [row for row in table.grid if row]
    widths: dict[int, int] = {}
    for row in grid[:200]:
        for cell in row:
            widths[cell.col] = max(widths.get(cell.col, 6), min(40, len(cell.raw) + 2))
    for col, width in widths.items():
        ws.column_dimensions[column_letters(col)].width = width
    header = max(table.header_rows, default=0)
    labels = max(table.label_columns, default=0)
    if header or labels:
        ws.freeze_panes = cell_ref(header + 1, labels + 1)
    next_row = 1
    for row in grid:
        number = row[0].row
        if number not in keep:
            continue
        while next_row < number:
            ws.append([])
            next_row += 1
        values: list[Any] = [None] * max(cell.col for cell in row)
        for cell in row:
            found = by_cell.get((cell.row, cell.col)) if by_cell else None
            value = cell.value
            if found is None and not cell.hidden and value is not None:  # the common case
                values[cell.col - 1] = _safe_value(value)
                continue
            if value is None:
                value = cell.raw
            if found:
                status = worst(found)
                item = w.cell(value, font=FONT[status], fill=FILL[status])
                item.comment = _comment(found)
            elif cell.hidden:
                item = w.cell(value, font=HIDDEN)
            elif isinstance(value, str) and value.startswith("="):
                item = w.cell(value)  # forced to text: never a formula
            else:
                item = _safe_value(value)
            values[cell.col - 1] = item
        ws.append(values)
        next_row = number + 1


def _part(out: OutputResult) -> str | None:
    """Which part of its file an output is (the "sheet" column): a workbook's sheet, or a
    document's table N."""
    if out.table_number is not None:
        return f"table {out.table_number}"
    return out.sheet


def write_xlsx(result: RunResult, stream: IO[bytes], options: ReportOptions) -> None:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    titles: dict[int, str] = {}
    plans: dict[int, set[int]] = {}
    notes: dict[int, str] = {}
    budget = TOTAL_CELLS
    for idx, out in enumerate(result.outputs):
        grid = [row for row in getattr(out.table, "grid", None) or [] if row]
        if not grid:
            continue
        name = Path(out.path).name if out.sheet is None else f"{Path(out.path).stem}-{out.sheet}"
        if out.table_number is not None:
            name = f"{Path(out.path).stem}-table{out.table_number}"
        titles[idx] = sheet_title(name, used)
        table = out.table
        always = {row for row, _ in findings_by_cell(out)} | set(table.header_rows)
        always |= set(range(1, min(table.data_rows or [1])))
        plans[idx] = _rows_to_write(grid, always, min(MAX_SHEET_CELLS, budget))
        budget = max(0, budget - sum(len(r) for r in grid if r[0].row in plans[idx]))
        if len(plans[idx]) < len(grid):
            notes[idx] = (f"{titles[idx]} (truncated: {len(plans[idx]):,} of {len(grid):,} "
                          "rows, every row with a finding kept)")
    _summary(wb, result, titles, notes)
    _policy(wb, result)
    for idx, out in enumerate(result.outputs):
        if idx in titles:
            _table_sheet(wb, out, titles[idx], plans[idx])
    wb.save(stream)
