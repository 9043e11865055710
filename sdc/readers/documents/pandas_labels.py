"""A pipe table's row labels read as pandas' CSV writes them, its cells kept in their places.

``to_markdown`` writes a frame's index of several levels as one cell a row, the tuple
``('North', 'F')``, and a missing label as ``nan`` (``<NA>``, ``NaT``), where ``to_csv``
writes a column per level and a blank. Read as printed, a markdown copy's rows never met
the CSV copy's: a re-run CSV one patient fewer beside the markdown original passed (round
48, md48: the CSVs fail SDC503). Spreading the tuple over ``k`` columns in the grid (md48)
moved every cell right of it ``k - 1`` letters off the file's own column, which ACRO and a
reviewer name (round 48, the lead). So the table is read twice: as printed, which gives
every cell, letter and header; and with its labels as the CSV writes them, whose cells'
coordinates (labels, margins, dimension names) the printed reading then takes, cell by cell,
only when both readings hold the same cells under the same measures. Where they do not, the
printed reading stands whole (as before round 49).
"""

from __future__ import annotations

from collections.abc import Callable

from sdc.readers.column_names import MISSING_LABELS, index_levels, split_index
from sdc.readers.layout import LayoutError
from sdc.table import Grid, Table

# reads rows as a table, the first ``label_columns`` columns labels (0: the layout decides)
Infer = Callable[[list[list[str]], int], Table]


def worth_a_look(rows: list[list[str]]) -> int:
    """How many levels the first column's tuples hold (``index_levels``; 1: none), or 0 when
    nothing of the rows could be read otherwise (no tuple index, no missing label's text):
    asked before the rows are let go (``reading._grid``); the rows are made again from the
    table's grid only where the labels do read otherwise (``printed_rows``)."""
    k = index_levels(rows)
    if k > 1 or any(text.strip() in MISSING_LABELS for row in rows[1:] for text in row):
        return k
    return 0


def printed_rows(grid: Grid) -> list[list[str]]:
    """The table's rows of texts again, from its grid (each cell's text, at its column)."""
    rows: list[list[str]] = []
    for line in grid:
        row = [""] * max((c.col for c in line), default=0)
        for cell in line:
            row[cell.col - 1] = cell.raw
        rows.append(row)
    return rows


def label_missing(table: Table) -> bool:
    """Whether a label column of ``table`` holds a missing value's text on a data row."""
    data = set(table.data_rows)
    for col in table.label_columns:
        for cell in table.grid.column(col):
            if cell.row in data and cell.raw.strip() in MISSING_LABELS:
                return True
    return False


def as_csv_rows(rows: list[list[str]], k: int, table: Table) -> list[list[str]] | None:
    """``rows`` as ``to_csv`` would print them: the first column's tuples spread over ``k``
    columns, a missing label's text blank in the label columns of the data rows (read as
    ``table``, the printed reading); None when that changes nothing."""
    split = split_index(rows)[0] if k > 1 else [list(row) for row in rows]
    shift = k - 1
    label_cols = {c + shift if c > 1 else c for c in table.label_columns}
    if k > 1:
        label_cols.update(range(1, k + 1))
    header = set(table.header_rows)
    changed = k > 1
    for r, row in enumerate(split, start=1):
        if r in header:
            continue
        for c in label_cols:
            if c <= len(row) and row[c - 1].strip() in MISSING_LABELS:
                row[c - 1] = ""
                changed = True
    return split if changed else None


def take_labels(table: Table, other: Table, shift: int) -> bool:
    """Give ``table``'s cells the coordinates of ``other``'s (the same rows read with the
    labels spread over ``shift`` more columns): each cell that of ``other`` at its row and
    column ``shift`` on, under the measure of the same name and role, with the same text.
    Nothing changes unless every cell of each has its twin, the measures are the same and
    ``other`` has no layout doubt ``table`` lacks. True when taken."""
    if (table.layout != other.layout or len(table.cells) != len(other.cells)
            or [(m.name, m.role) for m in table.measures]
            != [(m.name, m.role) for m in other.measures]
            or not set(other.problems) <= set(table.problems)):
        return False
    twins = {(c.source.row, c.source.col - shift): c for c in other.cells}
    pairs = []
    for cell in table.cells:
        twin = twins.get((cell.source.row, cell.source.col))
        if (twin is None or twin.measure.name != cell.measure.name
                or twin.source.raw != cell.source.raw):
            return False
        pairs.append((cell, twin))
    for cell, twin in pairs:
        cell.coords = twin.coords
        cell.total_dims = twin.total_dims
        cell._labels_key = None
    table.dimensions = list(other.dimensions)
    table.row_dimensions = list(other.row_dimensions)
    table.column_dimensions = list(other.column_dimensions)
    table._count_index = None
    table._lines_cache.clear()
    return True


def read_as_csv(table: Table, k: int, infer: Infer) -> bool:
    """``table`` (``k``: ``worth_a_look``'s) given the coordinates its rows have as pandas'
    CSV prints them (module docstring); True when they were taken."""
    if k < 2 and not label_missing(table):
        return False
    csv_rows = as_csv_rows(printed_rows(table.grid), k, table)
    if csv_rows is None:
        return False
    try:
        other = infer(csv_rows, k if k > 1 else 0)
    except LayoutError:  # the printed reading stands, as before (any other error is raised)
        return False
    return take_labels(table, other, k - 1)
