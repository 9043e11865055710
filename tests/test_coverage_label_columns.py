"""``coverage._numeric_label_columns`` (are a label column's plain numbers labels?) asks a
regular grid's rows once each whether they are data rows, and keeps one list per column's
ends (issue 14 §3): its answers are those of the loop it replaced (below, as it was), on
generated long tables whose label columns hold codes, years, bands, margins, markers,
blanks and short rows, and on grids that are not regular."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sdc import coverage
from sdc.readers.layout_header import MARGIN_LABEL
from sdc.readers.roles import is_year, numeric_labels_understood, ordinal_codes
from sdc.table import Grid, RawCell, Table
from tests.test_columnar_equivalence import _table

LABELS = ["North", "South", "0-4", "65+", "2019", "2020", "1", "2", "3", "4", "10", "0",
          "n=3", "", " ", "[c]", "Total", "All", "Stage 3", "40", "2.5", "Lowest", "Highest"]
VALUES = ["12", "3", "[c]", "", "text", "0.5", "120"]


def _numeric_label_columns_plain(table: Table | SimpleNamespace, label_cols: set[int],
                                 data_rows: set[int]) -> dict[int, bool]:
    """The loop as it was: every cell asked its column and its row."""
    values: dict[int, list[float]] = {c: [] for c in label_cols}
    mixed: set[int] = set()
    ends: dict[int, list[str]] = {}
    for row in table.grid:
        for cell in row:
            col = cell.col
            if col in values and cell.row in data_rows:
                if cell.value is not None:
                    kind = "num"
                    values[col].append(cell.value)
                elif cell.marker:
                    kind = "marker"
                elif not cell.raw or cell.raw.isspace():
                    continue
                else:
                    kind = "text"
                    if MARGIN_LABEL.match(cell.raw.strip()):
                        continue
                    mixed.add(col)
                seen = ends.setdefault(col, [kind, kind])
                seen[1] = kind
    return {col: all(is_year(v) for v in vals) or (ends.get(col) == ["text", "text"]
                                                   and ordinal_codes(vals))
            if col in mixed else numeric_labels_understood(vals)
            for col, vals in values.items() if vals}


@st.composite
def long_tables(draw: st.DrawFn) -> str:
    n_labels = draw(st.integers(1, 4))
    pools = [draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=5))
             for _ in range(n_labels)]
    rows = [[f"d{k}" for k in range(n_labels)] + ["n"]]
    for _ in range(draw(st.integers(1, 30))):
        row = [draw(st.sampled_from(pool)) for pool in pools] + [draw(st.sampled_from(VALUES))]
        if draw(st.integers(0, 9)) == 0:
            row = row[:draw(st.integers(1, len(row)))]  # a short row
        rows.append(row)
    if draw(st.booleans()):
        rows.insert(0, ["Table 1: counts"])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_tables())
@example("g,n\nLowest,3\n2,4\n3,5\nHighest,6\n")  # an ordinal scale with named ends
@example("year,n\n2019,3\n2020,4\nTotal,5\n")  # years closed by a margin
def test_label_columns_judged_as_the_plain_loop_did(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    label_cols, data_rows = set(table.label_columns), set(table.data_rows)
    assert coverage._numeric_label_columns(table, label_cols, data_rows) == \
        _numeric_label_columns_plain(table, label_cols, data_rows)
    # every data row and column asked, whatever the layout read
    every_col = {c.col for row in table.grid for c in row}
    every_row = {c.row for row in table.grid for c in row}
    assert coverage._numeric_label_columns(table, every_col, every_row) == \
        _numeric_label_columns_plain(table, every_col, every_row)


def test_a_grid_that_is_not_regular_is_asked_cell_by_cell() -> None:
    """A row whose cells run onto the next line (a wrapped cell of a sheet): each cell's own
    line says whether it is a data row's."""
    grid = Grid([[RawCell(2, 1, "1", 1.0), RawCell(3, 2, "North")],
                 [RawCell(3, 1, "2", 2.0), RawCell(3, 2, "South")],
                 [RawCell(4, 1, "3", 3.0), RawCell(4, 2, "40", 40.0)]])
    assert not grid.is_regular()
    table = SimpleNamespace(grid=grid, margin_name=None)  # all the judgement reads of a table
    for data_rows in ({2, 3, 4}, {3, 4}, {2}, {4}):
        got = coverage._numeric_label_columns(table, {1, 2}, data_rows)
        assert got == _numeric_label_columns_plain(table, {1, 2}, data_rows)
    assert coverage._numeric_label_columns(table, {1, 2}, {3, 4}) == {1: False, 2: False}
    assert coverage._numeric_label_columns(table, {1, 2}, {2, 3, 4}) == {1: True, 2: False}
