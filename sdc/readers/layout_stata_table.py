"""Stata's ``table`` with ``statistic(frequency) statistic(percent)`` exported by ``collect
export`` to a workbook: each row category on a line of its own, followed by one line per
statistic (``Frequency``, ``Percent``), indented under it; the column variable's name and its
categories (``Total`` last) on the header lines above.

Read as a plain grid, the first column of category names and statistic names made every
number one nobody understood (SDC602 ``review``), with a count of 3 as with none (hunt2,
round 14). Here the ``Frequency`` lines are the count crosstab (row categories × column
categories, ``Total`` a margin in each) and the ``Percent`` lines a measure of percentages
(``per = 100``) on the same coordinates: Stata's percent is of the table's whole, so a share
that is not its count over the grand total within the printed rounding is a problem
(``review``), as ``layout_spss`` does. Anything else (another statistic, a number outside the
block, a second column variable) leaves the grid to the general reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sdc.coords import maker
from sdc.readers.layout_spss import add_statistic_line, filled, numeric
from sdc.table import Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_FREQUENCY = "frequency"
_PERCENT = "percent"
_STATISTICS = (_FREQUENCY, _PERCENT)
_TOP = 12  # header lines, the row variable's name and a first category above a statistic


def _statistic(row: dict[int, RawCell], first: int) -> str | None:
    cell = row.get(first)
    if cell is None or numeric(cell):
        return None
    name = cell.raw.strip().lower()
    return name if name in _STATISTICS else None


def _label_only(row: dict[int, RawCell], first: int) -> str | None:
    """The text of a line with nothing but its first cell: a category or a variable's name."""
    if set(row) != {first} or numeric(row[first]):
        return None
    return row[first].raw.strip() or None


def read_stata_table(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
                     options: LayoutOptions, context: Sequence[str] = ()) -> Table | None:
    """The table a Stata ``table ..., statistic(frequency) statistic(percent)`` export holds,
    or None when the grid is not one (the module docstring)."""
    top = [filled(r) for r in grid[:_TOP]]
    if not any(len(r) > 1 and r.get(min(r)) is not None and _statistic(r, min(r)) ==
               _FREQUENCY and any(numeric(c) for c in r.values()) for r in top if r):
        return None  # every other table: a dozen lines looked at
    rows = [filled(r) for r in grid]
    nonempty = [r for r in rows if r]
    first = min(min(r) for r in nonempty)
    stat_at = [i for i, r in enumerate(rows) if r and _statistic(r, first) is not None]
    if not stat_at:
        return None
    numbers_at = [i for i, r in enumerate(rows) if any(numeric(c) for c in r.values())]
    if numbers_at[0] < stat_at[0] or any(i not in stat_at for i in numbers_at):
        return None  # a number outside a statistic line
    measure_cols = sorted({k for i in stat_at for k in rows[i] if k > first})
    block_start = stat_at[0] - 1  # the first category's line
    if block_start < 1 or _label_only(rows[block_start], first) is None:
        return None
    above = [i for i in range(block_start) if rows[i]]
    head = [i for i in above if any(k > first for k in rows[i])]
    names = [i for i in above if i not in head]
    if not head or len(head) > 2 or any(i < head[-1] for i in names) or len(names) > 1:
        return None  # a title above, or nested column variables: the general reading
    column_labels: dict[int, str] = {}
    for col in measure_cols:
        cell = rows[head[-1]].get(col)
        if cell is None or numeric(cell) or not cell.raw.strip():
            return None
        column_labels[col] = cell.raw.strip()
    col_name = "column"
    if len(head) == 2:
        spanning = {c.raw.strip() for k, c in rows[head[0]].items() if k > first}
        if len(spanning) != 1:
            return None
        col_name = spanning.pop()
    row_name = rows[names[0]][first].raw.strip() if names else "row"
    if row_name == col_name:
        return None
    table = Table(path=path, sheet=sheet, dimensions=[row_name, col_name],
                  row_dimensions=[row_name], column_dimensions=[col_name], measures=[],
                  cells=[], layout="wide", title=list(context), notes=[],
                  header_rows=[rows[i][min(rows[i])].row for i in head],
                  label_columns=[first], grid=grid if isinstance(grid, Grid) else Grid(grid),
                  column_headers=column_labels, data_rows=[])
    make = maker([row_name, col_name])
    measures: dict[str, Measure] = {}
    category = ""
    seen: set[str] = set()
    for i in range(block_start, len(rows)):
        row = rows[i]
        if not row:
            continue
        statistic = _statistic(row, first)
        if statistic is None:
            label = _label_only(row, first)
            if label is None or label in seen:
                return None
            category, stats_seen = label, set()
            seen.add(label)
            continue
        if not category or statistic in stats_seen or any(k not in column_labels
                                                             for k in row if k > first):
            return None
        stats_seen.add(statistic)
        measure = measures.get(statistic)
        if measure is None:
            measure = measures[statistic] = Measure(
                name=row[first].raw.strip(),
                role=Role.COUNT if statistic == _FREQUENCY else Role.PERCENT,
                per=None if statistic == _FREQUENCY else 100.0)
        add_statistic_line(table, measure, row, row[first].row, measure_cols, category,
                           column_labels, (row_name, col_name), make, options)
    if _FREQUENCY not in measures:
        return None
    table.measures = list(measures.values())
    if _PERCENT in measures and not _shares_of_the_whole(table, row_name, col_name):
        table.problems.append("the Stata 'Percent' lines are not their counts over the "
                              "table's total within the printed rounding: a person must "
                              "check them")
    return table


def _shares_of_the_whole(table: Table, row_name: str, col_name: str) -> bool:
    """Every ``Percent`` cell its ``Frequency`` over the grand total (both dimensions' total)
    within half a unit of its last printed digit."""
    counts = {(c.coords[row_name], c.coords[col_name]): c for c in table.cells
              if c.measure.role is Role.COUNT}
    whole = next((c for c in counts.values() if c.total_dims == {row_name, col_name}), None)
    if whole is None or not whole.value:
        return False
    for cell in table.cells:
        if cell.measure.role is not Role.PERCENT:
            continue
        count = counts.get((cell.coords[row_name], cell.coords[col_name]))
        if count is None or count.value is None or cell.value is None:
            return False
        text = cell.source.raw.strip()
        half = 0.5 * 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)
        if abs(cell.value - 100.0 * count.value / whole.value) > half + 1e-9:
            return False
    return True
