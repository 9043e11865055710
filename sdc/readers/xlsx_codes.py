"""A plain sheet's cells as codes per column, read by the layout as a long CSV's are (round 49).

``xlsx_plain`` reads a plain sheet's cells in one pass, and ``xlsx_reader._plain_books`` holds
them as *entries*: cells of one style, type and value text share one (value, style). A long
table has a few hundred of them, and every cell was still made a ``RawCell`` that the layout
then read one by one (half a 1 MiB table's read, round 48). Here each cell is a code into the
grid's distinct meanings ``(text, number, marker, hidden)`` (``sdc.grid_columns``), as
``csv_columns`` codes a CSV and ``csv_columns.text_columns`` a document's table: the layout,
the coverage and the packing read the codes (``sdc.code_rows``), and a cell is made only
when one is asked for, equal to the one the reader made before.

Each code's meaning is what ``xlsx_reader._shown_cell`` makes of the cell: an entry's at a
place neither commented nor a formula's once (``shown``) with its row's or column's hidden
flag; a commented or formula place by ``read`` itself, its meaning its cell's fields. What
``_shown_cell`` records of a cell (a number format's digits, a comment, a number stored as
text) is gathered in place order and handed back, for the caller to keep only when it takes
the codes. ``None`` when the codes would not read as the rows do, or would save nothing: a
row with no filled cell (a sheet of tables parted by blank rows: ``stacked_tables`` reads
rows), a comment where no cell is (its item would not be met in place order), more distinct
meanings than a quarter of the cells, a small sheet.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Container, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from sdc.grid_columns import FIRST_MEANING, Columns, Meaning
from sdc.outputs import HiddenItem
from sdc.readers.csv_columns import MAX_MEANINGS
from sdc.table import ENCODED_FROM, RawCell, cell_ref

# an entry as shown (``xlsx_reader._Shown``): its text, number, marker, whether it is a number
# stored as text, and what it hides (named by the cell's place)
Shown = tuple[str, float | None, str | None, bool, tuple[HiddenItem, ...]]
# ``_shown_cell`` of a place read by itself: (row, column, value, commented, style, what it
# records is added to these, the number-as-text cells to this list) -> its cell
Read = Callable[[int, int, Any, bool, tuple[str, str], list[HiddenItem], list[RawCell]],
                RawCell]


class Coded(NamedTuple):
    """A sheet's codes, and what ``_shown_cell`` recorded of its cells in place order."""

    columns: Columns
    hidden: list[HiddenItem]  # to add to the output's hidden items
    text_numbers: list[RawCell]  # to add, in this order, to the sheet's ``TextNumbers``


def plain_codes(order: Sequence[tuple[int, int, int]],
                entries: Sequence[tuple[Any, tuple[str, str]]], n_rows: int, n_cols: int,
                shown_of: Callable[[tuple[Any, tuple[str, str]]], Shown], read: Read,
                hidden_rows: Container[int], hidden_cols: Container[int],
                commented: Container[tuple[int, int]], own: Collection[tuple[int, int]]
                ) -> Coded | None:
    """The sheet's rectangle of ``n_rows`` × ``n_cols`` cells as codes (the module's doc), or
    None. ``order``: its cells' (row, column, entry) in place order; ``own``: the places
    ``read`` reads itself (commented ones, formulas: every one a cell, else None)."""
    cells = n_rows * n_cols
    if cells < ENCODED_FROM or not order:
        return None
    limit = min(MAX_MEANINGS, max(256, cells // 4))
    meanings: list[Meaning | None] = [None, None]  # ABSENT, PINNED: never used here
    filled: list[bool] = [False, False]
    coded: dict[Any, int] = {}

    def code_of(key: Any, meaning: Meaning) -> int:
        code = coded.get(key)
        if code is None:
            code = coded[key] = len(meanings)
            meanings.append(meaning)
            raw = meaning[0]
            filled.append(meaning[1] is not None or bool(meaning[2])
                          or bool(raw and not raw.isspace()))
        return code

    blank = [code_of(("", flag), ("", None, None, flag)) for flag in (False, True)]
    blank_line = [blank[c in hidden_cols] for c in range(1, n_cols + 1)]
    hidden_line = [blank[True]] * n_cols
    hidden: list[HiddenItem] = []
    numbers: list[RawCell] = []
    shown: dict[tuple[int, bool], tuple[int, Shown]] = {}
    lines: list[list[int]] = []
    r = read_places = 0
    row_hidden = False
    line = blank_line
    for at, col, entry in order:
        if at != r:
            lines.extend((hidden_line if empty in hidden_rows else blank_line)[:]
                         for empty in range(r + 1, at))
            r = at
            row_hidden = r in hidden_rows
            line = (hidden_line if row_hidden else blank_line)[:]
            lines.append(line)
        if own and (r, col) in own:
            read_places += 1
            value, style = entries[entry]
            cell = read(r, col, value, (r, col) in commented, style, hidden, numbers)
            line[col - 1] = code_of(("read", cell.raw, repr(cell.value), cell.marker,
                                     cell.hidden),
                                    (cell.raw, cell.value, cell.marker, cell.hidden))
            continue
        flag = row_hidden or col in hidden_cols
        got = shown.get((entry, flag))
        if got is None:
            seen = shown_of(entries[entry])
            got = shown[(entry, flag)] = (
                code_of((entry, flag), (seen[0], seen[1], seen[2], flag)), seen)
        code, seen = got
        line[col - 1] = code
        if seen[3]:
            numbers.append(RawCell(r, col, seen[0], seen[1], seen[2], flag))
        if seen[4]:
            hidden.extend(replace(item, cell=cell_ref(r, col)) for item in seen[4])
        if len(meanings) - FIRST_MEANING > limit:
            return None
    lines.extend((hidden_line if empty in hidden_rows else blank_line)[:]
                 for empty in range(r + 1, n_rows + 1))
    if read_places != len(own):
        return None  # a comment where no cell is: read as rows, its item in place order
    if not all(any(map(filled.__getitem__, codes)) for codes in lines):
        return None  # a row of no filled cell: tables parted by blank rows are read as rows
    if len(meanings) - FIRST_MEANING > limit:
        return None
    typecode = "B" if len(meanings) < 2**8 else "H" if len(meanings) < 2**16 else "I"
    columns = [array(typecode, column) for column in zip(*lines, strict=True)]
    return Coded(Columns(array("I", range(1, n_rows + 1)), array("I", [n_cols]) * n_rows,
                         columns, meanings, {}, {}, True), hidden, numbers)

