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
from sdc.table import Grid, RawCell, Table

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


def _printed_cell(grid: Grid, row: int, col: int, rows: dict[int, list[RawCell] | None]
                  ) -> RawCell | None:
    """The printed grid's own cell at file row ``row`` and column ``col``, or None."""
    if row not in rows:
        rows[row] = grid.row_at(row)
    line = rows[row]
    if line is None or not 0 < col <= len(line) or line[col - 1].col != col:
        return None
    return line[col - 1]


def mapped_back(table: Table, other: Table, k: int) -> bool:
    """Put ``other`` (``table``'s rows read with the first column's tuple spread over ``k``
    columns) in the file's own letters, where ``table`` (the printed reading) has its cells:
    each cell's source the printed grid's cell at its row, ``k - 1`` columns left, with the
    same text (or ``nan`` where ``as_csv_rows`` blanked it, as ``to_csv`` writes NaN; the
    value and marker the layout gave it); every column right of the labels ``k - 1`` left,
    the ``k`` label columns the file's one; the printed grid. False (``other`` unusable)
    when a cell or column of ``other`` lies in the spread labels or its text is not the
    file's there."""
    shift = k - 1

    def back(col: int) -> int | None:
        return col - shift if col > k else (1 if shift == 0 or col == 1 else None)

    rows: dict[int, list[RawCell] | None] = {}
    pairs: dict[int, tuple[RawCell, RawCell]] = {}  # id of other's cell: (it, the file's)

    def own(cell: RawCell) -> bool:
        col = back(cell.col)
        mine = None if col is None else _printed_cell(table.grid, cell.row, col, rows)
        if mine is None or (mine.raw != cell.raw and (
                cell.raw or mine.raw.strip() not in MISSING_LABELS)):
            return False
        pairs[id(cell)] = (cell, mine)
        return True

    if other.printed_tops or not (
            all(own(cell.source) for cell in other.cells)
            and all(own(cell) for cell in other.unparsed)
            and all(back(c) is not None for c in other.evidence_columns)
            and all(back(m.col) is not None for m in other.measures if m.col is not None)):
        return False  # nothing changed yet
    for cell, mine in pairs.values():
        # as the layout read it (a blank inside the table a hidden cell: ``marker`` "")
        mine.value, mine.marker = cell.value, cell.marker
    for data in other.cells:
        data.source = pairs[id(data.source)][1]
        data._labels_key = None
    other.unparsed = [pairs[id(cell)][1] for cell in other.unparsed]
    other.evidence_columns = [c - shift for c in other.evidence_columns]
    for measure in other.measures:
        if measure.col is not None:
            measure.col -= shift
    other.label_columns = sorted({c for c in map(back, other.label_columns) if c is not None})
    other.column_headers = {c: text for c, text in table.column_headers.items()
                            if c in other.label_columns} | {
        c - shift: text for c, text in other.column_headers.items() if c > k}
    other.grid = table.grid
    other.title = list(table.title)
    return True


def better_reading(table: Table, other: Table, shift: int) -> bool:
    """Whether ``other`` (the rows read as the CSV prints them) may stand for ``table`` whole
    where the printed reading understood less (md49's *noticed* 1: ACRO's suppressed crosstab
    read as printed finds no numeric column, or takes the rows after its last number for
    notes): every cell of ``table`` has its twin in ``other`` (at its row, ``shift`` columns
    on, under the measure of the same name and role, with the same text), ``other`` holds more
    cells and has no layout doubt ``table`` lacks. A table of no cell may change its layout."""
    if (len(other.cells) <= len(table.cells) or not set(other.problems) <= set(table.problems)
            or (table.cells and table.layout != other.layout)):
        return False
    twins = {(c.source.row, c.source.col - shift): c for c in other.cells}
    for cell in table.cells:
        twin = twins.get((cell.source.row, cell.source.col))
        if (twin is None or (twin.measure.name, twin.measure.role)
                != (cell.measure.name, cell.measure.role)
                or twin.source.raw != cell.source.raw):
            return False
    return True


def read_as_csv(table: Table, k: int, infer: Infer) -> Table:
    """``table`` (``k``: ``worth_a_look``'s) given the coordinates its rows have as pandas'
    CSV prints them (module docstring): ``table`` itself, its cells' coordinates taken when
    both readings hold the same cells; the second reading in the file's letters
    (``mapped_back``) when it understands more (``better_reading``); else ``table`` as read."""
    if k < 2 and not label_missing(table):
        return table
    csv_rows = as_csv_rows(printed_rows(table.grid), k, table)
    if csv_rows is None:
        return table
    try:
        other = infer(csv_rows, k if k > 1 else 0)
    except LayoutError:  # the printed reading stands, as before (any other error is raised)
        return table
    if take_labels(table, other, k - 1):
        return table
    if better_reading(table, other, k - 1) and mapped_back(table, other, max(k, 1)):
        if not any(cell.value is not None for cell in other.cells):
            # not one number: nothing shows the measures are numbers (a CSV copy of every
            # cell ``nan``, blank, finds no numeric column): the printed doubt stays
            other.problems = list(dict.fromkeys([*other.problems, *table.problems]))
        return other
    return table
