"""SPSS CROSSTABS exported to CSV or XLSX: a stack of statistic rows per row category.

``CROSSTABS /TABLES=region BY treat /CELLS=COUNT ROW COLUMN TOTAL`` exported from the
Viewer writes the title (``region * treat Crosstabulation``), two header lines (the column
variable's name over its categories, ``Total`` last) and, for each row category, one line
per statistic: the row variable's name and the category left of a column of statistic names
(``Count``, ``% within region``, ``% within treat``, ``% of Total``), the label cells SPSS
merged left blank under them, and a ``Total`` group last. Read as a plain grid, the label
column of statistic names made the numbers a table nobody understood (``review``) although
a count of 3 sat in it.

Here the ``Count`` lines are the count crosstab (the row variable's categories × the column
variable's, with their totals as margins) and each ``%`` line a measure of percentages
(``per = 100``) on the same coordinates, so a share rests on the count printed beside it
(SDC303) and the counts are checked as counts. A statistic line this module does not know
(``Expected Count``, the residuals) is not read: its numbers stay unread and the table
``review`` with a problem naming the statistic. Anything else that does not fit the shape
(layers, a second table, a number outside the block) leaves the grid to the general reading.
docs/reading.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sdc.coords import maker
from sdc.printed_precision import decimals_half_unit
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_COUNT = "count"
_PERCENT = re.compile(r"^%\s*(within\s+\S.*|of\s+total)$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*(.+?)\s*\*\s*(.+?)\s+crosstabulation\s*$", re.IGNORECASE)


def filled(row: Sequence[RawCell]) -> dict[int, RawCell]:
    """A row's cells that hold a number, a marker or text, by column."""
    return {c.col: c for c in row
            if c.value is not None or c.marker or (c.raw and not c.raw.isspace())}


def numeric(cell: RawCell) -> bool:
    """A number or a suppression marker: a statistic line's cell."""
    return cell.value is not None or bool(cell.marker)


def add_statistic_line(table: Table, measure: Measure, row: dict[int, RawCell], line: int,
                       measure_cols: Sequence[int], category: str,
                       column_labels: dict[int, str], names: tuple[str, str],
                       make: Callable[[tuple[str, str]], Any], options: LayoutOptions) -> None:
    """The cells of one statistic line under its category (SPSS's ``Count``, Stata's
    ``Frequency``, their percentages), one per column label: a missing cell is blank (a
    marker where the policy reads blanks as ones), a cell that is no number is not
    understood, a ``Total`` row or column label makes the cell a margin of that dimension."""
    row_name, col_name = names
    table.data_rows.append(line)
    for col in measure_cols:
        source = row.get(col)
        if source is None:
            source = RawCell(row=line, col=col, raw="")
            if options.markers.empty_is_marker:
                source.marker = ""
        elif not numeric(source):
            table.unparsed.append(source)
        totals = {d for d, label in ((row_name, category), (col_name, column_labels[col]))
                  if options.is_total(label)}
        table.cells.append(DataCell(measure=measure, coords=make((category, column_labels[col])),
                                    source=source, total_dims=frozenset(totals)))


_TOP = 12  # title, two header lines and the first Count line, with room for notes above


def _count_line_near_the_top(grid: Sequence[list[RawCell]]) -> bool:
    """A ``Count`` label with a number right of it within the first lines: the only grids
    worth mapping line by line (a 100k-row table is not copied into maps to find it is not
    an SPSS export)."""
    for at in range(min(len(grid), _TOP)):
        row = grid[at]
        for k, cell in enumerate(row):
            if cell.value is None and cell.raw.strip().lower() == _COUNT \
                    and any(numeric(c) for c in row[k + 1:]):
                return True
    return False


def _stat_column(rows: list[dict[int, RawCell]]) -> int | None:
    """The column of ``Count`` labels: text ``Count`` with numbers only right of it."""
    found: set[int] = set()
    for row in rows:
        for col, cell in row.items():
            if not numeric(cell) and cell.raw.strip().lower() == _COUNT \
                    and any(numeric(c) for k, c in row.items() if k > col) \
                    and not any(numeric(c) for k, c in row.items() if k <= col):
                found.add(col)
    return found.pop() if len(found) == 1 else None


def read_spss_crosstab(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
                       options: LayoutOptions, context: Sequence[str] = ()) -> Table | None:
    """The table an SPSS crosstabulation export holds, or None when the grid is not one (see
    the module docstring): the general reading then reads it as before."""
    if not _count_line_near_the_top(grid):
        return None  # every other table: a dozen lines looked at, nothing kept
    rows = [filled(r) for r in grid]
    stat = _stat_column(rows)
    if stat is None or stat < 2:
        return None
    counts_at = [i for i, r in enumerate(rows)
                 if (c := r.get(stat)) is not None and c.raw.strip().lower() == _COUNT]
    if len(counts_at) < 2:
        return None
    first = counts_at[0]
    numbers_at = [i for i, r in enumerate(rows) if any(numeric(c) for c in r.values())]
    last = numbers_at[-1]
    if numbers_at[0] < first:
        return None  # a number above the block: not this layout
    measure_cols = sorted({k for i in range(first, last + 1) for k, c in rows[i].items()
                           if k > stat and numeric(c)})
    if not measure_cols:
        return None

    # the header: the lines above the block that name the columns
    head = [i for i in range(first) if any(k > stat for k in rows[i]) and not _merged_title(
        rows[i], stat)]
    if not head or len(head) > 2:
        return None  # nested column variables: the general reading (review)
    title_rows = [i for i in range(first) if i not in head and rows[i]]
    if any(i > head[0] for i in title_rows):
        return None
    column_labels: dict[int, str] = {}
    for col in measure_cols:
        label = ""
        for i in reversed(head):  # the lowest filled header line (SPSS merges Total down)
            cell = rows[i].get(col)
            if cell is not None and not numeric(cell) and cell.raw.strip():
                label = cell.raw.strip()
                break
        if not label:
            return None
        column_labels[col] = label
    title_text = [rows[i][k].raw.strip() for i in title_rows for k in sorted(rows[i])]
    named = next((m for t in title_text if (m := _TITLE.match(t))), None)
    col_name = ""
    if len(head) == 2:
        spanning = list(dict.fromkeys(c.raw.strip() for k, c in sorted(rows[head[0]].items())
                                      if k > stat and not options.is_total(c.raw)))
        col_name = spanning[0] if len(spanning) == 1 else ""
    if not col_name:
        col_name = named.group(2) if named else "column"
    named_row = rows[first].get(stat - 2)
    row_name = named_row.raw.strip() if named_row is not None else (
        named.group(1) if named else "row")
    if row_name == col_name:
        return None

    # the block: every line a statistic of the current row category
    table = Table(path=path, sheet=sheet, dimensions=[row_name, col_name],
                  row_dimensions=[row_name], column_dimensions=[col_name], measures=[],
                  cells=[], layout="wide", title=[*context, *title_text], notes=[],
                  header_rows=[rows[i][min(rows[i])].row for i in head],
                  label_columns=list(range(max(1, stat - 2), stat + 1)),
                  grid=grid if isinstance(grid, Grid) else Grid(grid),
                  column_headers=column_labels, data_rows=[])
    make = maker([row_name, col_name])
    measures: dict[str, Measure] = {}
    unknown: dict[str, None] = {}
    category = ""
    group: tuple[str, str] = ("", "")
    for i in range(first, last + 1):
        row = rows[i]
        if not row:
            continue
        if any(numeric(c) for k, c in row.items() if k <= stat) or any(
                k > stat and k not in column_labels for k in row):
            return None
        if min(row) < stat - 2:
            return None  # layers (a third variable left of the categories)
        stat_cell = row.get(stat)
        if stat_cell is None:
            return None
        name = stat_cell.raw.strip()
        is_count = name.lower() == _COUNT
        outer, inner = row.get(stat - 2), row.get(stat - 1)
        labels = (outer.raw.strip() if outer else "", inner.raw.strip() if inner else "")
        if is_count:
            group = labels
            found = _category(labels, row_name, options)
            if found is None:
                return None
            category = found
        elif not category or any(label and label != of_group
                                 for label, of_group in zip(labels, group, strict=True)):
            return None  # a line outside its category's group (a label is the merge's fill)
        if not is_count and not _PERCENT.match(name):
            unknown.setdefault(name, None)
            continue
        measure = measures.get(name)
        if measure is None:
            measure = measures[name] = Measure(
                name=name, role=Role.COUNT if is_count else Role.PERCENT,
                per=None if is_count else 100.0)
        add_statistic_line(table, measure, row, stat_cell.row, measure_cols, category,
                           column_labels, (row_name, col_name), make, options)
    if "count" not in {m.lower() for m in measures}:
        return None
    table.measures = list(measures.values())
    table.problems.extend(_shares_off_their_counts(table, row_name, col_name))
    for name in unknown:
        table.problems.append(f"the SPSS statistic line '{name}' is not read: a person must "
                              "check its numbers")
    table.notes = [c.raw.strip() for i in range(last + 1, len(rows))
                   for k, c in sorted(rows[i].items())]
    return table


def _merged_title(row: dict[int, RawCell], stat: int) -> bool:
    """A title line as a workbook merges it across the table: one text in every cell, from the
    labels' columns on."""
    texts = {c.raw.strip() for c in row.values()}
    return min(row) <= stat and len(texts) == 1 and not any(numeric(c) for c in row.values())


def _category(labels: tuple[str, str], row_name: str, options: LayoutOptions) -> str | None:
    """The row category a ``Count`` line starts: the label left of it, or the ``Total`` the
    export wrote (or merged) across both label columns; None when the outer label is neither
    the row variable's name nor a total (a layer)."""
    outer, inner = labels
    if options.is_total(outer):
        return outer if inner in ("", outer) else None
    if outer not in ("", row_name) or not inner:
        return None
    return inner


def _half_unit(raw: str) -> float:
    return decimals_half_unit(raw.strip().rstrip("%"))


def _shares_off_their_counts(table: Table, row_name: str, col_name: str) -> list[str]:
    """Each percentage line against the counts: ``% within <row variable>`` is the count over
    its row's total, ``% within <column variable>`` over its column's, ``% of Total`` over the
    grand total. A share whose base the table does not print, or that its count and base do
    not give within the printed rounding, is a problem (``review``): the share, not the
    count beside it, may be what the data say, and a count checked instead of it would pass
    what the share gives away."""
    counts: dict[tuple[str | None, str | None], DataCell] = {
        (c.coords[row_name], c.coords[col_name]): c for c in table.cells
        if c.measure.role is Role.COUNT}
    row_total = next((c.coords[row_name] for c in counts.values()
                      if row_name in c.total_dims), None)
    col_total = next((c.coords[col_name] for c in counts.values()
                      if col_name in c.total_dims), None)
    problems: list[str] = []
    for measure in table.measures:
        if measure.role is not Role.PERCENT:
            continue
        within = measure.name.split("within", 1)[1].strip() if "within" in measure.name \
            else None
        off = 0
        for cell in (c for c in table.cells if c.measure is measure):
            if cell.value is None:
                continue
            row, col = cell.coords[row_name], cell.coords[col_name]
            key: tuple[str | None, str | None]
            if within is None:
                key = (row_total, col_total)
            elif within == row_name:
                key = (row, col_total)
            elif within == col_name:
                key = (row_total, col)
            else:
                key = (None, None)
            count, base = counts.get((row, col)), counts.get(key)
            if count is None or base is None or count.value is None or not base.value:
                off += 1
                continue
            if abs(cell.value - 100.0 * count.value / base.value) > \
                    _half_unit(cell.source.raw) + 1e-9:
                off += 1
        if off:
            problems.append(f"{off} SPSS '{measure.name}' share(s) are not their count over "
                            "its total within the printed rounding: a person must check them")
    return problems
