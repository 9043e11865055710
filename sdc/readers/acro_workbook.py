"""Read the workbook ACRO writes with ``acro.finalise(path, "xlsx")``: ``results.xlsx``.

Its ``description`` sheet lists one sheet per output with ACRO's command and summary. Each
output sheet holds, one block under the other: pandas' default column name (``0`` in B1), the
``Command`` and ``Summary`` lines, then (tables) ACRO's per-cell outcome and the table itself,
laid out identically, or (regressions) statsmodels' summary tables. Read generically the stack
is not one table and every sheet ends in ``review``; read as ACRO wrote it:

* the table block is read as the table (its cells keep their places on the sheet);
* the outcome block, cell for cell the table's twin, says which cells ACRO flagged: they are
  recorded risks (:mod:`sdc.readers.acro_records`) exactly as from ``results.json``;
* the summary gives the analysis (the values' role), a std table's smallest dof, a
  regression's residual dof and a chart's count of small bins (its image is not in the
  workbook: the sheet stands for it);
* every other line stays in the table's grid, so the coverage invariant still reads them;
  a sheet not in this shape is read like any other sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sdc.model_facts_agree import grid_disagreement
from sdc.readers.acro_records import acro_sheet_record, sheet_residual_dofs
from sdc.readers.csv_blocks import row_runs
from sdc.readers.layout import LayoutError, infer_table
from sdc.table import Grid, RawCell

if TYPE_CHECKING:
    from sdc.outputs import Output
    from sdc.readers.layout import LayoutOptions

DESCRIPTION = "description"
_HEADER = ["Sheet", "Command", "Summary"]
_OUTCOME = re.compile(r"^(ok|negative|missing|(ok)?([A-Z][A-Za-z]*Check; ?)+)$")


def acro_sheets(workbook: Any) -> dict[str, str]:
    """Sheet name -> ACRO's summary of that output, when ``workbook`` is ACRO's results.xlsx
    (a ``description`` sheet headed Sheet, Command, Summary naming its other sheets); else
    empty."""
    if DESCRIPTION not in workbook.sheetnames:
        return {}
    rows = list(workbook[DESCRIPTION].iter_rows(values_only=True, max_col=3))
    if not rows or [str(v) if v is not None else "" for v in rows[0][:3]] != _HEADER:
        return {}
    found: dict[str, str] = {}
    for row in rows[1:]:
        name, summary = row[0], row[2] if len(row) > 2 else None
        if not isinstance(name, str) or name not in workbook.sheetnames:
            return {}
        found[name] = summary if isinstance(summary, str) else ""
    return found


def acro_heads(workbook: Any, sheets: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each output sheet's Command and Summary as ACRO writes them (B2 and B3, beside the
    words in A2 and A3); a sheet without them is left out."""
    heads: dict[str, tuple[str, str]] = {}
    for name in sheets:
        ws = workbook[name]
        if ws["A2"].value == "Command" and ws["A3"].value == "Summary":
            heads[name] = tuple(  # type: ignore[assignment]
                "" if v is None else str(v) for v in (ws["B2"].value, ws["B3"].value))
    return heads


def read_acro_description(out: Output, grid: list[list[RawCell]],
                          heads: dict[str, tuple[str, str]]) -> bool:
    """Read ACRO's ``description`` sheet as ACRO lays it out, when it is exactly that: the
    header Sheet, Command, Summary and one line per output sheet, each naming its sheet once
    and repeating that sheet's own Command and Summary, nothing else. It is then ACRO's index
    of the workbook, not data: a document whose text is looked at for identifiers, with
    every number in it that is not one ACRO's summaries hold (cell counts, ``dof=``, the
    variable list) named for review (SDC602); the command is the researcher's code, so any
    number in it is. Anything else (an extra column, a line that differs from its sheet, a
    sheet left out): False, and the sheet is read like any other."""
    from sdc.readers.documents.model import TextPart

    rows = [row for row in grid if _texts(row)]
    if not rows or _texts(rows[0]) != list(enumerate(_HEADER, start=1)):
        return False
    listed: set[str] = set()
    parts: list[TextPart] = []
    unknown: list[str] = []
    for row in rows[1:]:
        cells = {c.col: c for c in row if c.raw and not c.raw.isspace()}
        name = cells.get(1)
        if set(cells) - {1, 2, 3} or name is None or name.raw in listed \
                or name.raw not in heads:
            return False
        listed.add(name.raw)
        for col, want in zip((2, 3), heads[name.raw], strict=True):
            cell = cells.get(col)
            if (cell.raw if cell is not None else "") != want:
                return False
            if cell is None:
                continue
            parts.append(TextPart(f"cell {cell.ref}", cell.raw, numbers_accounted=True))
            if re.search(r"\d", _ACRO_NUMBERS.sub("", cell.raw) if col == 3 else cell.raw):
                unknown.append(cell.ref)
    if listed != set(heads):
        return False
    out.table, out.kind, out.text_checked = None, "document", True
    out.text, out.not_understood = parts, unknown
    return True


def _texts(row: list[RawCell]) -> list[tuple[int, str]]:
    return [(c.col, c.raw) for c in row if c.raw and not c.raw.isspace()]


def _acro_head(grid: list[list[RawCell]]) -> bool:
    """Rows 1-4 as ACRO writes them: ``0`` in B1, Command, Summary, an empty line."""
    if len(grid) < 3:
        return False
    first, command, summary = (_texts(r) for r in grid[:3])
    empty = len(grid) < 4 or not _texts(grid[3])
    return (first == [(2, "0")] and command[:1] == [(1, "Command")]
            and summary[:1] == [(1, "Summary")] and len(command) <= 2 and len(summary) <= 2
            and empty)


def _blocks(rows: list[list[RawCell]]) -> list[list[list[RawCell]]]:
    """Runs of rows with some text."""
    return row_runs(rows, lambda row: bool(_texts(row)))


def read_acro_sheet(out: Output, grid: list[list[RawCell]], options: LayoutOptions,
                    summary: str, more: Callable[[], Output]) -> list[Output] | None:
    """Read one output sheet of ACRO's workbook into ``out``; None (nothing done) when the
    sheet is not in ACRO's shape, else the sheet's further tables as outputs of their own (a
    regression's statsmodels tables, stacked: ``more()`` makes one for the sheet)."""
    if not _acro_head(grid):
        return None
    blocks = _blocks(grid[4:])
    record_summary = _texts(grid[2])[1][1] if len(_texts(grid[2])) > 1 else summary
    outcome: list[list[RawCell]] = []
    body: list[list[RawCell]] = []
    if blocks and _regression(record_summary):
        return _model_blocks(out, grid, blocks, options, record_summary, more)
    if blocks:
        is_table = bool(re.match(r"^\w+ : ", record_summary)) and len(blocks) >= 2
        outcome = blocks[0] if is_table else []
        first = blocks[1][0][0].row if is_table else blocks[0][0][0].row
        body = [r for r in grid if r and r[0].row >= first]
    offset = body[0][0].row - outcome[0][0].row if outcome and body else 0
    twins: set[tuple[int, int]] = set()
    if body:
        try:
            out.table = infer_table(list(body), out.path, out.sheet, options)
        except LayoutError:  # a survival table of no event is its header alone: ACRO's
            acro_sheet_record(out, record_summary, {}, sheet_residual_dofs(grid))  # its
            # record still fails it (dof=0)
            raise
        # the lines above the table stay in view of the coverage invariant (B1's 0 is pandas'
        # name for an unnamed column, the outcome block's header the table's header again:
        # ACRO's layout, no number of the output)
        twins = _header_twins(outcome, body, set(out.table.header_rows))
        above = [[c for c in r if not _acro_words(c, record_summary)
                  and (c.row, c.col) not in twins]
                 for r in grid if r and r[0].row < body[0][0].row]
        out.table.grid = Grid([*above, *out.table.grid])
    acro_sheet_record(out, record_summary,
                      {(c.row + offset, c.col): c.raw for row in outcome for c in row},
                      sheet_residual_dofs(grid))
    if outcome and out.table is not None:
        problem = _outcome_problem(outcome, body, set(out.table.label_columns), twins)
        if problem:
            out.table.problems.append(problem)
    return []


def _regression(summary: str) -> bool:
    """ACRO's summary of a regression: its dof check alone, no ``Analysis :`` line."""
    return summary.startswith("MinimumDoFCheck") and not re.match(r"^\w+ : ", summary)


def _model_blocks(out: Output, grid: list[list[RawCell]], blocks: list[list[list[RawCell]]],
                  options: LayoutOptions, summary: str, more: Callable[[], Output]
                  ) -> list[Output]:
    """A regression's sheet: statsmodels' summary tables one under the other (what ACRO writes
    to one CSV each), each read as a table of its own, numbered in the sheet; the lines above
    the first stay in its grid. Each gets the residual dof from ACRO's summary."""
    outputs = [out]
    shown = sheet_residual_dofs(grid)  # what confirms the record's dof (its Df Residuals)
    # what the sheet's blocks print against those dof (its observations, model dof, rows)
    disagreement = grid_disagreement(grid) if shown else None
    for number, block in enumerate(blocks, start=1):
        target = out if number == 1 else more()
        if number > 1:
            outputs.append(target)
        target.table_number = number
        try:
            target.table = infer_table(list(block), target.path, target.sheet, options)
        except LayoutError as exc:
            target.unreadable = f"the table layout could not be understood: {exc}"
            continue
        if number == 1:
            above = [[c for c in r if not _acro_words(c, summary)]
                     for r in grid if r and r[0].row < block[0][0].row]
            target.table.grid = Grid([*above, *target.table.grid])
        acro_sheet_record(target, summary, {}, shown)
        if disagreement is not None and target.kind == "model":
            target.dof_disagreements.append(disagreement)
    return outputs[1:]


# the only numbers ACRO's summaries hold: counts of cells, dof against the threshold, the
# variable list; a summary with any other number is left for the coverage invariant to name
_ACRO_NUMBERS = re.compile(r"fail - \d+ cells may need suppressing|dof=-?\d+(\.\d+)? (<|>=) "
                           r"\d+(\.\d+)?|Variables defining table are: +\[[^\]]*\]")


def _acro_words(cell: RawCell, summary: str) -> bool:
    """B1's ``0`` (pandas' name for an unnamed column) and the Summary cell when its numbers
    are only those ACRO's summaries hold: ACRO's layout, no number of the output."""
    if cell.row == 1 and cell.col == 2:
        return cell.raw == "0"
    if cell.row == 3 and cell.col == 2 and cell.raw == summary:
        return not re.search(r"\d", _ACRO_NUMBERS.sub("", summary))
    return False


def _header_twins(outcome: list[list[RawCell]], body: list[list[RawCell]],
                  header_rows: set[int]) -> set[tuple[int, int]]:
    """The outcome block's cells that repeat, at the same place, a cell of the table's header
    (a crosstab's ``0``/``1`` or years over its columns, ``False``/``True``): ACRO writes its
    outcome with the table's header, and a number there is a label of the table already."""
    if not outcome or not body:
        return set()
    offset = body[0][0].row - outcome[0][0].row
    below = {(c.row, c.col): c for row in body for c in row if c.row in header_rows}
    return {(c.row, c.col) for row in outcome for c in row if c.raw.strip()
            and (twin := below.get((c.row + offset, c.col))) is not None
            and twin.raw.strip() == c.raw.strip()}


def _outcome_problem(outcome: list[list[RawCell]], body: list[list[RawCell]],
                     label_columns: set[int], twins: set[tuple[int, int]]
                     ) -> str | None:
    """Why the outcome block is not the table's twin of check names (None when it is). In the
    table's label columns the twin of a label is the same label, a number too (``2019``: years
    as row labels); so is a cell of its header (``twins``: a crosstab's 0/1 columns)."""
    if not body:
        return "ACRO's outcome block has no table under it"
    offset = body[0][0].row - outcome[0][0].row
    below = {(c.row, c.col): c for row in body for c in row}
    for row in outcome:
        for cell in row:
            if not cell.raw or cell.raw.isspace():
                continue
            twin = below.get((cell.row + offset, cell.col))
            if twin is None:
                return "ACRO's outcome block does not have the table's shape"
            if (cell.col in label_columns and cell.raw.strip() == twin.raw.strip()) or (
                    (cell.row, cell.col) in twins):
                continue
            if twin.value is not None or twin.marker is not None or not twin.raw.strip():
                if not _OUTCOME.match(cell.raw.strip()):
                    return ("ACRO's outcome block holds something other than check names: a "
                            "person must check it")
            elif cell.raw.strip() != twin.raw.strip():
                return "ACRO's outcome block's labels are not the table's"
    return None
