"""The HTML of one output's table, as the file shows it, with flagged cells marked.

Rendered in Python rather than a jinja loop: a release of 100k cells would otherwise spend most
of its report time in per-cell template overhead. Every piece of text goes through markupsafe's
``escape`` (the function jinja's autoescape calls), including tooltips; only the tag skeleton
and our own ids/classes are literal. ``tests/test_reports_html.py`` feeds it payloads.

A table over ``MAX_TABLE_CELLS`` shows its header, the rows holding findings, then its first
rows up to the budget, with "rows not shown" markers in the gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from sdc.reports.common import format_evidence, worst
from sdc.results import Finding, OutputResult
from sdc.table import RawCell, column_letters

MAX_TABLE_CELLS = 2000  # a table bigger than this is truncated (flagged rows kept)
MAX_FLAGGED_ROW_CELLS = 6000  # flagged rows shown from a big table, at most
_NEEDS_ESCAPE = re.compile(r"[<>&\"']")
CLASS = {"text": "t", "marker": "marker"}  # numbers (most cells) need no class: small pages


@dataclass
class GridView:
    letters: list[str]
    body: Markup
    note: str | None = None
    cells: int = 0
    anchors: set[str] = field(default_factory=set)  # ids of the flagged cells rendered


def _e(text: Any) -> str:
    text = str(text)
    return str(escape(text)) if _NEEDS_ESCAPE.search(text) else text


def tooltip(findings: list[tuple[int, Finding]]) -> str:
    """The ``title`` of a flagged cell: each finding's rule, message, evidence and waiver."""
    lines = []
    for num, f in findings:
        line = f"[{num}] {f.rule} {f.name} ({f.status.value}): {f.text(show_values=True)}"
        if f.evidence:
            line += f" | evidence: {format_evidence(f.evidence)}"
        if f.waiver:
            line += f" | waived: {f.waiver}"
        lines.append(line)
    return "\n".join(lines)


def select_rows(grid: list[list[Any]], header: set[int], flagged: set[int],
                budget: int) -> tuple[list[int], str | None]:
    """Indexes of grid rows to render: all, or header + flagged + first rows within budget."""
    sizes = [len(row) for row in grid]
    total = sum(sizes)
    limit = min(MAX_TABLE_CELLS, budget)
    if total <= limit:
        return list(range(len(grid))), None
    keep: set[int] = {i for i, row in enumerate(grid) if row and row[0].row in header}
    used = sum(sizes[i] for i in keep)
    flagged_rows = [i for i, row in enumerate(grid) if row and row[0].row in flagged]
    flagged_used = 0
    for i in flagged_rows:
        if flagged_used >= MAX_FLAGGED_ROW_CELLS:
            break
        if i not in keep:
            keep.add(i)
            flagged_used += sizes[i]
    used += flagged_used
    for i in range(len(grid)):
        if used >= limit:
            break
        if i not in keep:
            keep.add(i)
            used += sizes[i]
    shown = sorted(keep)
    flagged_shown = len(keep.intersection(flagged_rows))
    note = (f"Large table ({total:,} cells, {len(grid):,} rows): showing {len(shown):,} rows — "
            f"the header, {flagged_shown:,} of {len(flagged_rows):,} rows with findings, then "
            "the first rows. The XLSX report or the file itself has every row.")
    return shown, note


def render_grid(out: OutputResult, idx: int, budget: int,
                notes_by_cell: dict[tuple[int, int], list[tuple[int, Finding]]]
                ) -> GridView | None:
    """The table body of output number ``idx`` (anchors ``o{idx}-C4``, notes ``o{idx}-f{n}``)."""
    table = out.table
    grid = getattr(table, "grid", None) if table is not None else None
    if not grid:
        return None
    header = set(table.header_rows) | set(range(1, min(table.data_rows or [1])))
    shown, note = select_rows(grid, header, {row for row, _ in notes_by_cell}, budget)
    max_col = max((cell.col for row in grid for cell in row), default=0)
    gap = f'<tr class="gap"><td colspan="{max_col + 1}">… {{}} rows not shown …</td></tr>'
    parts: list[str] = []
    anchors: set[str] = set()
    prev = -1
    rendered = 0
    for i in shown:
        row = grid[i]
        if not row:
            continue
        if prev >= 0 and i > prev + 1:
            parts.append(gap.format(f"{i - prev - 1:,}"))
        prev = i
        number = row[0].row
        parts.append('<tr class="hdr">' if number in header else "<tr>")
        parts.append(f"<th>{number}</th>")
        by_col = {cell.col: cell for cell in row}
        parts += [_cell_html(by_col.get(col), idx, notes_by_cell, anchors)
                  for col in range(1, max_col + 1)]
        parts.append("</tr>\n")
        rendered += len(row)
    if shown and shown[-1] < len(grid) - 1:
        parts.append(gap.format(f"{len(grid) - 1 - shown[-1]:,}"))
    return GridView(letters=[column_letters(c) for c in range(1, max_col + 1)],
                    body=Markup("".join(parts)), note=note, cells=rendered, anchors=anchors)


def _cell_html(cell: RawCell | None, idx: int,
               notes_by_cell: dict[tuple[int, int], list[tuple[int, Finding]]],
               anchors: set[str]) -> str:
    """One ``<td>``: its kind and hidden-ness as classes; with findings, an anchor (added to
    ``anchors``), the worst status, the notes' numbers and a tooltip."""
    if cell is None:
        return "<td></td>"
    cls = CLASS.get(cell.kind, "")
    if cell.hidden:
        cls = f"{cls} hid".strip()
    found = notes_by_cell.get((cell.row, cell.col))
    if found:
        cid = f"o{idx}-{cell.ref}"
        anchors.add(cid)
        cls = f"{cls} f-{worst([f for _, f in found]).value}".strip()
        notes = "".join(f'<sup><a href="#o{idx}-f{num}">{num}</a></sup>' for num, _ in found)
        return (f'<td id="{cid}" class="{cls}" title="{_e(tooltip(found))}">'
                f"{_e(cell.raw)}{notes}</td>")
    if cls:
        return f'<td class="{cls}">{_e(cell.raw)}</td>'
    return f"<td>{_e(cell.raw)}</td>"
