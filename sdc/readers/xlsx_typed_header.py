"""A header a workbook's cell types prove, as R's quotes prove a CSV's (``csv_quoting``).

pandas ``to_excel``, openpyxl and R's writers store a column's numbers as numbers and its
names as text, so a first line whose every filled cell is text, holding a number stored as text
(``'1'``..``'5'``: ``pd.crosstab(df.sex, df.imd_quintile)`` of codes read as strings) over a
column whose every cell below is a number stored as a number, was written as names: the codes
of the column variable, not a data row of counts. Without the proof the codes are SDC602
``review`` (a headerless table's first row could hold the same numbers as counts:
docs/reading.md). Nothing else is read differently: the counts below are checked as before.
"""

from __future__ import annotations

from sdc.table import RawCell, Table

# number-like text cells remembered per sheet: a sheet with more proves nothing (its numbers
# are text everywhere, and the set would grow with it)
MAX_TEXT_NUMBERS = 10_000


class TextNumbers:
    """Where a sheet stores a number as text (``'1'``), up to ``MAX_TEXT_NUMBERS``."""

    def __init__(self) -> None:
        self.cells: set[tuple[int, int]] = set()
        self.overflow = False

    def add(self, cell: RawCell) -> None:
        if len(self.cells) >= MAX_TEXT_NUMBERS:
            self.overflow = True
        else:
            self.cells.add((cell.row, cell.col))


def header_typed_as_names(table: Table, texts: TextNumbers) -> bool:
    """Whether ``table``'s one header line is proven names by the cells' types: every filled
    cell of it stored as text, at least one a number, and every data cell under each such
    number filled and stored as a number."""
    if texts.overflow or not texts.cells or len(table.header_rows) != 1:
        return False
    row = table.header_rows[0]
    line = next((r for r in table.grid if r and r[0].row == row), None)
    filled = [c for c in line or [] if c.raw.strip()]
    numbered = [c for c in filled if c.value is not None]
    if not numbered or any(c.value is not None and (row, c.col) not in texts.cells
                           for c in filled):
        return False  # no number on the line, or one stored as a number: no proof
    cols = {c.col for c in numbered}
    data_rows = set(table.data_rows)
    seen = dict.fromkeys(cols, 0)
    for cells in table.grid:
        if not cells or cells[0].row not in data_rows:
            continue
        for cell in cells:
            if cell.col in cols:
                if cell.value is None or (cell.row, cell.col) in texts.cells:
                    return False  # text, a marker or a blank under a name: no proof
                seen[cell.col] += 1
    return all(n == len(data_rows) for n in seen.values()) and bool(data_rows)
