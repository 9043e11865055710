"""Tables stacked in one CSV or one sheet, parted by blank lines: each is a table of the
release.

A CSV holding a table, a blank line and a second table (two ``to_csv`` calls appended to one
file, or the same table re-run with one cell changed) was read as one table whose second
header sat in its data columns: SDC602 ``review``, and the two tables were never compared, so
a difference of 1 between them (SDC503, as between two files) was not found (issue 12).

A block is a table when it has a header (its first line holds two texts or more and no number)
and a number under it. Only when two blocks or more are tables is the file split; the lines
before the first table (a title) stay above it, and a block that is not a table (a note, a
total line after a blank) stays with the table before it. Every line goes to some table, so
the split drops no number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sdc.outputs import Output
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.table import Grid, RawCell

# a line with nothing but delimiters and spaces: a blank line of the file
_BLANK_LINE = re.compile(r"\n[ \t,;|]*\r?\n")


def may_stack(text: str) -> bool:
    """Cheap test on the text before the grid is walked: some line is blank."""
    return _BLANK_LINE.search(text) is not None


def row_runs(rows: Iterable[list[RawCell]], filled: Callable[[list[RawCell]], bool]
             ) -> list[list[list[RawCell]]]:
    """The runs of consecutive ``filled`` rows; a row that is not filled parts them."""
    blocks: list[list[list[RawCell]]] = []
    current: list[list[RawCell]] = []
    for row in rows:
        if filled(row):
            current.append(row)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def stacked_tables(grid: Iterable[list[RawCell]]) -> list[list[list[RawCell]]] | None:
    """The grid's rows parted into its tables, or None when it holds fewer than two."""
    blocks = row_runs(grid, lambda row: any(cell.kind != "empty" for cell in row))
    tables = [i for i, block in enumerate(blocks) if _is_table(block)]
    if len(tables) < 2:
        return None
    groups: list[list[list[RawCell]]] = []
    for i, block in enumerate(blocks):
        if not groups or (i in tables and i != tables[0]):
            groups.append([])
        groups[-1].extend(block)
    return groups


def _is_table(block: list[list[RawCell]]) -> bool:
    if len(block) < 2:
        return False
    head = [cell for cell in block[0] if cell.kind != "empty"]
    if len(head) < 2 or any(cell.kind in ("num", "marker") for cell in head):
        return False
    return any(cell.kind == "num" for row in block[1:] for cell in row)


def stacked_outputs(output: Output, blocks: list[list[list[RawCell]]], more: Callable[[], Output],
                    options: LayoutOptions) -> list[Output]:
    """Each table of a file (or sheet) of tables parted by blank lines an output, numbered in
    the file: the first is ``output``, the others made by ``more`` and returned."""
    extra: list[Output] = []
    for number, block in enumerate(blocks, start=1):
        target = output if number == 1 else more()
        if number > 1:
            extra.append(target)
        target.table_number = number
        target.too_large = output.too_large
        try:
            target.table = infer_table(Grid(block, regular=True), target.path, target.sheet,
                                       options)
        except LayoutError as exc:
            target.unreadable = f"the table layout could not be understood: {exc}"
            continue
        if output.too_large:
            target.table.problems.append(f"only part of the file was checked: {output.too_large}")
    return extra
