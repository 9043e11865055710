"""The counts of an ``n (%)`` table as a table of counts, for the release rules.

A "Table 1" of ``85 (41.5%)`` strings is read as labels and text: its counts are checked one
by one (``sdc.derived_counts``: SDC101, SDC102, SDC103), but a table without count cells takes
no part in what the release rules do with counts: linking tables that share a margin, the
suppression audit (a hidden cell recomputable from its row's total), differencing (a one-way
table's true total beside a suppressed crosstab's recomputed margin). Each string publishes
its count as plainly as a number would, so the release rules see the same grid with every
``n (%)`` string replaced by its count: cells keep their places (a finding names the string's
cell), markers stay markers, and the table is read by the same layout as any count table.

A table read with no cell at all is viewed whole. A table mixing numbers and ``n (%)``
columns (``sex, mean age, n (%)``) keeps its own cells, which take part as they are, and adds
a view of its label columns and the columns whose every data cell is an ``n (%)`` string, a
marker or blank: the counts of those columns are the same count table as the strings alone
would be (before, they took no part: a margin printed beside a mean recovered nothing). A
grid the layout cannot read as a table of counts adds nothing, as before (its strings are
still checked one by one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sdc.derived_counts import parse_n_percent, without_printed_bases
from sdc.outputs import Output
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.table import Grid, RawCell, Role, Table

# "n (%)", "Female n (%)", "N (%)": what is left of a header without its percentage part
_PCT_WORDS = ("(%)", "[%]", "%")


def counted_outputs(outputs: list[Output], options: LayoutOptions,
                    made: Mapping[int, Output | None] | None = None) -> list[Output]:
    """``outputs`` and, after them, each ``n (%)`` table's counts as a table of its own (same
    path and sheet, so its findings are the table's); ``outputs`` itself when there is none.
    ``made``: the views made already, by output (``id``; None: it has none), where its model
    may have gone since (``sdc.audit_prebuild``)."""
    made = made or {}
    views: list[Output] = []
    shares: list[Output] = []
    for o in outputs:
        if id(o) in made:
            view = made[id(o)]
        else:
            view, share = _views(o, options, shares=True)
            if share is not None:
                # the shares printed beside a level view's counts (``North %``): a table of
                # shares of its own, which ``sdc.share_recovery`` reads against the counts'
                # hidden cells
                shares.append(share)
        if view is not None:
            views.append(view)
    views += shares
    return [*outputs, *views] if views else outputs


def counted_output(output: Output, options: LayoutOptions) -> Output | None:
    """The counts of ``output``'s ``n (%)`` strings as a count table, or, where its count
    columns are a dimension's levels split by measure (``North n``, ``North %``), those
    columns as a count table of the levels (``sdc.level_counts_view``); None for neither."""
    return _views(output, options, shares=False)[0]


def _views(output: Output, options: LayoutOptions, shares: bool
           ) -> tuple[Output | None, Output | None]:
    """:func:`counted_output`'s view of ``output`` and, asked for ``shares`` where it is a
    level view, the percentages printed beside its counts as a table of the levels' shares
    (else None): the strings and the level columns read once for both."""
    table = output.table
    if table is None or output.unreadable is not None or not table.data_rows:
        return None, None
    strings = _n_percent_output(output, table, options)
    if strings is not None:
        return strings, None
    levels = _level_output(output, table, options)
    if levels is None:
        return None, None
    return levels, _level_output(output, table, options, shares=True) if shares else None


def _level_output(output: Output, table: Table, options: LayoutOptions, shares: bool = False
                  ) -> Output | None:
    """``sdc.level_counts_view``'s grid of ``table`` read as a count table (``shares``: a
    table of percentages) with a column dimension (a reading that leaves the levels as
    measures again adds nothing)."""
    from sdc.level_counts_view import level_grid

    grid = level_grid(table, shares)
    if grid is None:
        return None
    try:
        counted = infer_table(grid, table.path, table.sheet, options)
    except LayoutError:
        return None
    if shares:
        # a column dimension of the levels, or a measure per level (the layout reads row
        # shares adding up to 100 so): ``sdc.share_recovery`` keys either by its labels
        if not counted.cells or counted.problems or any(
                c.measure.role is Role.COUNT for c in counted.cells):
            return None
        for measure in counted.measures:  # what its header said: shares, no counts
            measure.role = Role.PERCENT
    elif len(counted.measures) != 1 or not counted.column_dimensions or not _all_counts(
            counted):
        return None
    return replace(output, kind="frequency", table=counted, hidden=[], request={},
                   not_understood=[], text=[], listings=[])


def _n_percent_output(output: Output, table: Table, options: LayoutOptions) -> Output | None:
    """The counts of ``output``'s ``n (%)`` strings as a count table, or None."""
    percent_context = "%" in " ".join([*table.title, *table.column_headers.values()])
    data_rows = set(table.data_rows)
    header_rows = set(table.header_rows)
    kept = (None if not table.cells
            else _n_percent_columns(table, percent_context, data_rows))
    if kept is not None and not kept:
        return None  # numbers only: the table's own cells are all there is
    found = False
    rows: list[list[RawCell]] = []
    for row in table.grid:
        cells = []
        for cell in row:
            if kept is not None and cell.col not in kept and cell.col not in table.label_columns:
                continue  # a column of numbers: its own cells take part already
            if cell.row in header_rows and cell.kind == "text":
                cell = replace(cell, raw=_without_percent(cell.raw))
            elif cell.row in data_rows and cell.kind == "text":
                parsed = parse_n_percent(cell.raw, percent_context or "%" in
                                         table.column_headers.get(cell.col, ""))
                if parsed is not None:
                    found = True
                    count = parsed[0]
                    cell = RawCell(row=cell.row, col=cell.col, raw=f"{count:g}", value=count,
                                   hidden=cell.hidden)
            cells.append(cell)
        if row and row[0].row in data_rows and not any(
                c.value is not None or c.marker for c in cells):
            continue  # a variable's own line (``Sex,,,`` above its categories): no count
        rows.append(cells)
    if not found:
        return None
    try:
        counted = infer_table(Grid(rows), table.path, table.sheet, options)
    except LayoutError:
        return None
    if not _all_counts(counted):
        return None
    return replace(output, kind="frequency", table=counted, hidden=[], request={},
                   not_understood=[], text=[], listings=[])


def _n_percent_columns(table: Table, percent_context: bool, data_rows: set[int]
                       ) -> set[int]:
    """The label columns (text to the layout) of a table with cells whose every data cell is
    an ``n (%)`` string, a marker or blank, with at least one string (a column mixing them
    with numbers or other text is not a column of counts). Only a column with such a string
    among its distinct texts is read cell by cell (a packed grid's texts come from its
    codes): a large table's label columns cost no cell."""
    kept: set[int] = set()
    for col in table.label_columns:
        context = percent_context or "%" in table.column_headers.get(col, "")
        if not any(("(" in text or "[" in text) and parse_n_percent(text, context)
                   is not None for text in table.grid.column_texts(col)):
            continue
        strings = False
        for cell in table.grid.column(col):
            if cell.row not in data_rows:
                continue
            kind = cell.kind
            if kind == "text" and parse_n_percent(cell.raw, context) is not None:
                strings = True
            elif kind not in ("marker", "empty"):
                break
        else:
            if strings:
                kept.add(col)
    return kept


def _without_percent(text: str) -> str:
    """``Female n (%)`` -> ``Female`` (a column of the wide table), ``n (%)`` -> ``n``,
    ``Treated N = 180`` -> ``Treated`` (the base is checked as a count where it is printed)."""
    text = without_printed_bases(text)
    for part in _PCT_WORDS:
        text = text.replace(part, " ")
    kept = text.split()
    named = [w for w in kept if w.strip(",;:").casefold() not in ("n", "no", "no.")]
    return " ".join(named or kept) or text


def _all_counts(table: Table) -> bool:
    """A view is kept only where the layout read every cell as a count: any other reading
    (a measure of unknown role, a doubt) is not the table the strings publish."""
    return bool(table.cells) and not table.problems and all(
        c.measure.role is Role.COUNT for c in table.cells)
