"""The counts a chart shows, as a ``Table`` the ordinary rules read.

Bar heights and histogram bins become one measure (a count when the heights are whole numbers
or the axis label says so), events read off survival curves another. Each value cell is a
``ChartCell`` whose reference is a handle a person can find on the picture (``bar 3``,
``step 2``) rather than a spreadsheet address, so a finding reads "fig.svg!bar 2 (b / count)".
Lines and scatter points are not cells: they are coordinates, not statistics, and are covered
by SDC702 (recoverable values) and SDC703 (individual points).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.charts.data_labels import label_values
from sdc.charts.scale import fmt_value
from sdc.formatting import fmt_number
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.charts.interpret import ChartData


@dataclass
class ChartCell(RawCell):
    """A cell of a chart's table: ``ref`` is its handle on the figure (``bar 2``)."""

    handle: str = ""

    @property
    def ref(self) -> str:
        return self.handle or super().ref


_Value = tuple[Measure, float, str]  # measure, value, handle
_Row = tuple[dict[str, str], list[_Value]]  # labels, the values in the row


def _chart_rows(chart: ChartData) -> tuple[list[_Row], dict[tuple[str, Role], Measure]]:
    """One row a bar (its value, and any data label showing another number in a column of
    its own) and a survival step, across the panels (named when there are several), and
    one measure per (name, role)."""
    multi = len(chart.panels) > 1
    rows: list[_Row] = []
    measures: dict[tuple[str, Role], Measure] = {}
    n_bar = n_step = 0
    for p_index, panel in enumerate(chart.panels, 1):
        panel_name = panel.title or f"panel {p_index}"
        for bar in panel.bars:
            n_bar += 1
            coords = {"panel": panel_name} if multi else {}
            if bar.series:
                coords["series"] = bar.series
            coords[panel.bar_dimension] = bar.label
            values: list[_Value] = []
            if bar.value == bar.value:  # unmapped bars are NaN
                values.append((_measure(measures, panel.bar_measure, panel.bar_role),
                               bar.value, f"bar {n_bar}"))
            for k, value in enumerate(label_values(bar.shown, bar.value), 1):
                role = Role.COUNT if value >= 0 and value == int(value) else Role.UNKNOWN
                nth = f" {k}" if k > 1 else ""
                values.append((_measure(measures, f"{panel.bar_measure} (data label{nth})",
                                        role), value, f"bar {n_bar} data label{nth}"))
            if values:
                rows.append((coords, values))
        for events in panel.events:
            m = _measure(measures, "events", Role.COUNT)
            dimension = panel.xlabel or "time"
            for time, count in events.steps:
                n_step += 1
                coords = {"panel": panel_name} if multi else {}
                coords["curve"] = events.curve
                coords[dimension] = fmt_value(time, 1e-9)
                rows.append((coords, [(m, float(count), f"step {n_step}")]))
    return rows, measures


def _measure(measures: dict[tuple[str, Role], Measure], name: str, role: Role) -> Measure:
    """The measure of this name and role, made on first use."""
    key = (name, role)
    if key not in measures:
        measures[key] = Measure(name=name, role=role)
    return measures[key]


def chart_table(path: str, chart: ChartData) -> Table:
    """A long table of the chart's bars and inferred survival events (the full ``ChartData``,
    with lines, points and notes, goes on ``Output.chart`` for the chart rules)."""
    rows, measures = _chart_rows(chart)
    dims: list[str] = list(dict.fromkeys(dim for coords, _ in rows for dim in coords))
    measure_list = list(measures.values())
    header: list[RawCell] = [ChartCell(row=1, col=i + 1, raw=name, handle=f"header {name}")
              for i, name in enumerate(dims + [m.name for m in measure_list])]
    table = Table(path=path, sheet=None, dimensions=dims, row_dimensions=list(dims),
                  column_dimensions=[], measures=measure_list, cells=[], layout="long",
                  title=[t for p in chart.panels if (t := p.title)], header_rows=[1],
                  label_columns=list(range(1, len(dims) + 1)), grid=Grid([header]),
                  column_headers={c.col: c.raw for c in header})
    for r, (coords, values) in enumerate(rows, 2):
        line: list[RawCell] = [ChartCell(row=r, col=i + 1, raw=coords.get(d, ""),
                                         handle=f"{values[0][2]} label")
                               for i, d in enumerate(dims)]
        for m, value, handle in sorted(values, key=lambda v: measure_list.index(v[0])):
            col = len(dims) + 1 + measure_list.index(m)
            m.col = col
            cell = ChartCell(row=r, col=col, raw=fmt_number(value), value=value, handle=handle)
            line.append(cell)
            table.cells.append(DataCell(measure=m, coords=dict(coords), source=cell))
        table.grid.append(line)
        table.data_rows.append(r)
    _note_lines(table, chart, len(rows) + 2)
    return table


def _note_lines(table: Table, chart: ChartData, first_row: int) -> None:
    """The chart's free text (titles, annotations, a figure's own text) as note lines under
    the table, as a CSV's title and note lines are: the coverage check names the numbers a
    title would not explain (``North: 3 deaths``), a base printed there (``n=3``) is checked as
    a count (hunt round 27: such text was read for the panel's title only, and its numbers
    were named nowhere). Text the grid holds already (a legend read as series) is left."""
    in_grid = {cell.raw.strip() for row in table.grid for cell in row}
    titles = {p.title for p in chart.panels if p.title}
    row = first_row
    for k, text in enumerate(chart.free_text, 1):
        if text in in_grid:
            continue
        handle = "title" if text in titles else f"text {k}"
        table.grid.append([ChartCell(row=row, col=1, raw=text, handle=handle)])
        table.notes.append(text)
        row += 1
    for panel in chart.panels:  # tick labels no scale explains (hunt round 28)
        for handle, text in panel.unread_ticks:
            table.grid.append([ChartCell(row=row, col=1, raw=text, handle=handle)])
            table.notes.append(text)
            row += 1
