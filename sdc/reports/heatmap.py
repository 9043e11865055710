"""A heat-map of a table's count cells against the small-count threshold, as a PNG data URI.

A reviewer sees at a glance where the small cells cluster (one sparse row, one rare category),
which a list of findings does not show. Drawn with matplotlib's Agg canvas (no pyplot global
state) and only for small tables, so a report of hundreds of outputs stays fast.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from typing import Any

from sdc.reports.common import findings_by_cell
from sdc.reports.table_view import HEATMAP_CELLS, ReportTable, count_cells
from sdc.results import OutputResult
from sdc.table import Table, column_letters

MAX_CELLS = HEATMAP_CELLS  # the view keeps the count cells of a table it may draw
ANNOTATE_MAX = 120
LABEL_MAX_ROWS = 40  # taller tables get file row numbers every few rows, not labels
ZERO = (0.82, 0.84, 0.87)
EMPTY = (1.0, 1.0, 1.0)


def _colour(value: float | None, threshold: float) -> tuple[float, float, float]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    if value == 0:
        return ZERO
    if value < threshold:  # red, darker the smaller
        strength = 1 - value / threshold
        return (0.95, 0.55 - 0.35 * strength, 0.52 - 0.35 * strength)
    # green, lighter as the count grows past the threshold
    strength = min(1.0, math.log10(value / threshold + 1) / 2)
    return (0.80 - 0.45 * strength, 0.92 - 0.25 * strength, 0.80 - 0.45 * strength)


def _label(text: str, width: int = 18) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def count_heatmap(out: OutputResult, threshold: Any) -> str | None:
    """A data URI of the heat-map, or None when it would not help (no/too many counts)."""
    table = out.table
    if table is None or not isinstance(threshold, int | float) or threshold <= 0:
        return None
    n, cells = count_cells(table)
    if n < 2 or n > MAX_CELLS or cells is None:
        return None
    rows = sorted({row for row, _, _ in cells})
    cols = sorted({col for _, col, _ in cells})
    if len(rows) * len(cols) > MAX_CELLS:
        return None
    grid = _HeatGrid.of(table, cells, rows, cols, float(threshold))
    return "data:image/png;base64," + base64.b64encode(_draw(grid, out)).decode()


@dataclass
class _HeatGrid:
    """The count cells laid out by file row and column: colours, values and axis labels."""

    rows: list[int]  # file rows and columns, in order
    cols: list[int]
    image: list[list[tuple[float, float, float]]]
    values: dict[tuple[int, int], float]  # by (image row, image column)
    row_labels: list[str]
    col_labels: list[str]

    @classmethod
    def of(cls, table: Table | ReportTable, cells: list[tuple[int, int, float | None]],
           rows: list[int], cols: list[int], threshold: float) -> _HeatGrid:
        r_index = {r: i for i, r in enumerate(rows)}
        c_index = {c: j for j, c in enumerate(cols)}
        image = [[EMPTY for _ in cols] for _ in rows]
        values: dict[tuple[int, int], float] = {}
        for row, col, value in cells:
            i, j = r_index[row], c_index[col]
            image[i][j] = _colour(value, threshold)
            if value is not None:
                values[(i, j)] = value
        by_row = {row[0].row: row for row in table.grid if row}
        labels_cols = set(table.label_columns)
        row_labels = []
        for r in rows:
            texts = [c.raw for c in by_row.get(r, []) if c.col in labels_cols and c.raw.strip()]
            row_labels.append(_label(" / ".join(texts) or str(r)))
        col_labels = [_label(table.column_headers.get(c) or column_letters(c)) for c in cols]
        return cls(rows, cols, image, values, row_labels, col_labels)


def _draw(grid: _HeatGrid, out: OutputResult) -> bytes:
    """The heat-map as PNG bytes, the cells with findings outlined."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    rows, cols = grid.rows, grid.cols
    label_rows = len(rows) <= LABEL_MAX_ROWS
    left = (0.3 + 0.075 * max((len(x) for x in grid.row_labels), default=4) if label_rows
            else 0.4)
    width, height = min(10.0, left + 0.6 + 0.7 * len(cols)), min(8.0, 1.4 + 0.22 * len(rows))
    fig = Figure(figsize=(width, height), dpi=72)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=min(0.6, left / width), right=0.97, top=0.97,
                        bottom=min(0.5, 1.1 / height))
    ax = fig.add_subplot()
    ax.imshow(grid.image, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), grid.col_labels, rotation=30, ha="right", fontsize=8,
                  parse_math=False)
    if label_rows:
        ax.set_yticks(range(len(rows)), grid.row_labels, fontsize=8, parse_math=False)
    else:  # a tall table: row numbers of the file every few rows
        step = max(1, len(rows) // 20)
        ax.set_yticks(range(0, len(rows), step), [str(rows[i]) for i in range(0, len(rows), step)],
                      fontsize=7)
    if len(grid.values) <= ANNOTATE_MAX:
        for (i, j), value in grid.values.items():
            text = f"{value:g}" if abs(value) < 1e6 else f"{value:.2e}"
            ax.text(j, i, text, ha="center", va="center", fontsize=7, parse_math=False)
    r_index = {r: i for i, r in enumerate(rows)}
    c_index = {c: j for j, c in enumerate(cols)}
    for row, col in findings_by_cell(out):
        if row in r_index and col in c_index:
            ax.add_patch(Rectangle((c_index[col] - 0.5, r_index[row] - 0.5), 1, 1, fill=False,
                                   edgecolor="black", linewidth=1.5))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
