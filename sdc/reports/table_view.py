"""What the reporters read of a checked table, kept without its model (issue 14 §3).

A report renders an output's grid (texts, values, markers, hidden flags at their cells), its
header rows, data rows, label columns and column headers, and of its data cells only where
they are (ACRO's value columns, how many there are) and, for a small table, its count cells'
values (the heat-map). The table model (``DataCell``s, their ``Coords`` and label keys, the
``RawCell``s they hold, the code rows) is what a 1 MiB long table held to the end of a check
only because the reports read it: ~9 MiB a table. ``ReportTable.of`` keeps the rest: the grid
with none of the model's cells (``Grid.unheld``: the packed codes with the pinned cells coded)
and a few small lists. Read-only; made once the rules are done (``RunResult.for_reports``).

A large grid is held compressed (``_Packed``: its pickle, zlib'd) and made again each time
``grid`` is read: the reports read it once an output (the JSON report never), the linking and
SDC701 a few tables' at most, while every view is held from its table's rules to the reports
(a 1 MiB long table's codes 0.48 MiB, compressed 0.08: issue 14 §3, round 47).
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Sequence
from operator import eq
from typing import Any

from sdc.table import Grid, Role

# the heat-map draws at most this many count cells (``sdc.reports.heatmap.MAX_CELLS``): a
# table with more keeps only their number
HEATMAP_CELLS = 400
# a grid whose pickle is at least this long is held compressed (``_Packed``); a smaller one
# (every table of bench_scale's small releases) as itself: little to save, nothing to pay
PACKED_FROM = 16_384


class ReportTable:
    """A checked table as the reporters read it (the attributes they read of a ``Table``)."""

    __slots__ = ("_grid", "cell_columns", "column_headers", "count_cells", "data_rows",
                 "header_rows", "label_columns", "n_cells", "n_count_cells")

    def __init__(self, grid: Grid, header_rows: list[int], data_rows: Sequence[int],
                 label_columns: list[int], column_headers: dict[int, str], n_cells: int,
                 cell_columns: frozenset[int], n_count_cells: int,
                 count_cells: tuple[tuple[int, int, float | None], ...] | None) -> None:
        self._grid: Grid | _Packed = _held(grid)
        self.header_rows = header_rows
        self.data_rows = data_rows
        self.label_columns = label_columns
        self.column_headers = column_headers
        self.n_cells = n_cells
        self.cell_columns = cell_columns  # the file columns of the data cells
        self.n_count_cells = n_count_cells
        # (row, column, value) of each count cell in table order; None above HEATMAP_CELLS
        self.count_cells = count_cells

    @property
    def grid(self) -> Grid:
        """The table's grid: cells equal to the model's (``Grid.unheld``); a held compressed
        grid made again at each read (a new ``Grid`` each time, equal to the one given)."""
        held = self._grid
        return held.grid() if isinstance(held, _Packed) else held

    @classmethod
    def of(cls, table: Any) -> ReportTable:
        """The view of ``table`` (a ``Table``); its grid copied, the table left as it is."""
        counts = [c for c in table.cells if c.measure.role is Role.COUNT]
        kept = (tuple((c.source.row, c.source.col, c.value) for c in counts)
                if len(counts) <= HEATMAP_CELLS else None)
        return cls(table.grid.unheld(), table.header_rows, _rows(table.data_rows),
                   table.label_columns, table.column_headers, len(table.cells),
                   frozenset(c.source.col for c in table.cells), len(counts), kept)


class _Packed:
    """A grid held as its pickle compressed (``zlib``, level 1: a long table's label columns
    are runs), loaded again when read. Exact: the pickle is the one a ``-j`` worker sends a
    grid back in (``Grid.__reduce__``), which gives back equal cells of the same types."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def grid(self) -> Grid:
        grid = pickle.loads(zlib.decompress(self.blob))
        if type(grid) is not Grid:  # (cannot be: made from a Grid) never another object
            raise TypeError(f"a held grid came back as {type(grid).__name__}")
        return grid


def _held(grid: Grid) -> Grid | _Packed:
    """How a view holds ``grid``: compressed when its pickle is ``PACKED_FROM`` bytes or
    more, else (or when it cannot be pickled) as itself."""
    if type(grid) is not Grid:  # a reader's own grid type: as it is
        return grid
    try:
        blob = pickle.dumps(grid, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a cell that does not pickle: held as it is
        return grid
    if len(blob) < PACKED_FROM:
        return grid
    return _Packed(zlib.compress(blob, 1))


def _rows(lines: list[int]) -> Sequence[int]:
    """A table's data rows (file lines) as compactly as they can be read back the same: a
    ``range`` when they are consecutive lines in order (a long table's: nothing held a row,
    where 4-byte numbers held ~0.1 MiB a 1 MiB long table's view, every view until the
    reports are written: issue 14 §3), else 4-byte numbers (a list of them held one ``int``
    object a row). Read as the list is (``in``, ``set``, ``min``, ``enumerate``, ``len``,
    truth, order); kept as a list when a line is not an int that fits."""
    if not all(type(line) is int for line in lines):
        return lines
    run = range(lines[0], lines[0] + len(lines)) if lines else None
    if run is not None and all(map(eq, lines, run)):
        return run
    if min(lines, default=0) >= -2**31 and max(lines, default=0) < 2**31:
        return array("i", lines)
    return lines


def count_cells(table: Any) -> tuple[int, list[tuple[int, int, float | None]] | None]:
    """How many count cells ``table`` (a ``Table`` or a ``ReportTable``) has and, when at most
    ``HEATMAP_CELLS``, each one's (row, column, value) in table order."""
    if isinstance(table, ReportTable):
        kept = table.count_cells
        return table.n_count_cells, list(kept) if kept is not None else None
    counts = [c for c in table.cells if c.measure.role is Role.COUNT]
    return len(counts), ([(c.source.row, c.source.col, c.value) for c in counts]
                         if len(counts) <= HEATMAP_CELLS else None)


def cell_columns(table: Any) -> tuple[int, frozenset[int]]:
    """How many data cells ``table`` has and the file columns they are in."""
    if isinstance(table, ReportTable):
        return table.n_cells, table.cell_columns
    return len(table.cells), frozenset(c.source.col for c in table.cells)
