"""scikit-learn's ``classification_report`` saved as a table: one row per class with its
``precision, recall, f1-score, support``, then ``accuracy`` (or ``micro avg``), ``macro avg``
and ``weighted avg``.

``pd.DataFrame(classification_report(..., output_dict=True)).T.to_csv()`` writes it with the
class labels (often ``0`` and ``1``) in an unnamed first column and the accuracy repeated in
every column of its row. Read as a plain grid, nobody could tell what the columns were
(``review``) although a class's ``support`` is the number of people in it: 9 cases among 421
records went unchecked.

Here ``support`` is a count (the class's units; the averages' support is their total) and is
checked as one. Precision, recall and f1 are shares of counts the report does not print (true
and false positives: recall times support is the class's true positives): their measures are
marked as a report's (``sdc.classification_counts.REPORT``), which works those counts out as
intervals that SDC101 checks against the policy's threshold (hunt2, round 14; they were for a
person, so a safe report was ``review``). The first column is the class labels whatever they
look like. Anything else (another column, a number above the header, no
average rows) leaves the grid to the general reading. docs/reading.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sdc.classification_counts import REPORT
from sdc.coords import maker
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_COLUMNS = ("precision", "recall", "f1-score", "support")
_AVERAGES = {"macro avg", "weighted avg", "micro avg", "samples avg"}
_ACCURACY = "accuracy"
_DIMENSION = "class"
_TOP = 4  # a title line or two above the header


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _header_at(grid: Sequence[list[RawCell]]) -> tuple[int, list[int]] | None:
    """The header line (index) and its four columns, when one of the first lines names
    exactly the report's columns right of its first (label) cell."""
    for at in range(min(len(grid), _TOP)):
        row = [c for c in grid[at] if c.raw.strip()]
        names = tuple(_norm(c.raw) for c in row)
        if names[-4:] == _COLUMNS and len(names) <= 5:
            cols = [c.col for c in row[-4:]]
            first = min(c.col for c in grid[at]) if grid[at] else 1
            if len(names) == 5 and row[0].col != first:
                return None
            if cols[0] <= first:
                return None
            return at, cols
        if any(c.value is not None for c in row):
            return None  # numbers above the header: not this layout
    return None


def read_classification_report(grid: Grid | list[list[RawCell]], path: str,
                               sheet: str | None, options: LayoutOptions,
                               context: Sequence[str] = ()) -> Table | None:
    """The table a saved classification report holds, or None when the grid is not one (the
    module docstring): the general reading then reads it as before."""
    found = _header_at(grid)
    if found is None:
        return None
    at, cols = found
    label_col = min((c.col for c in grid[at]), default=1)
    lines = [r for r in grid[at + 1:] if any(c.raw.strip() for c in r)]
    if not lines:
        return None
    rows: list[tuple[str, dict[int, RawCell]]] = []
    for line in lines:
        cells = {c.col: c for c in line if c.raw.strip()}
        if set(cells) - {label_col, *cols}:
            return None  # a cell outside the report's columns
        label_cell = cells.get(label_col)
        if label_cell is None or any(cells.get(c) is not None and cells[c].value is None
                                and not cells[c].marker for c in cols):
            return None
        rows.append((label_cell.raw.strip(), cells))
    names = [_norm(label) for label, _ in rows]
    if not {"macro avg", "weighted avg"} <= set(names) or len(set(names)) != len(names):
        return None
    title = [c.raw.strip() for r in grid[:at] for c in r if c.raw.strip()]
    measures = {name: Measure(name=name, role=Role.COUNT, col=col) if name == "support"
                else Measure(name=name, role=Role.UNKNOWN, col=col, role_from=REPORT)
                for name, col in zip(_COLUMNS, cols, strict=True)}
    accuracy = Measure(name=_ACCURACY, role=Role.UNKNOWN, role_from=REPORT)
    table = Table(path=path, sheet=sheet, dimensions=[_DIMENSION],
                  row_dimensions=[_DIMENSION], column_dimensions=[], measures=[],
                  cells=[], layout="long", title=[*context, *title], notes=[],
                  header_rows=[grid[at][0].row] if grid[at] else [],
                  label_columns=[label_col],
                  grid=grid if isinstance(grid, Grid) else Grid(grid),
                  column_headers=dict(zip(cols, _COLUMNS, strict=True)), data_rows=[])
    make = maker([_DIMENSION])
    if all(name in _AVERAGES or name == _ACCURACY for name in names):
        return None  # no class
    supports: list[float] = []
    used_accuracy = False
    for (label, cells), name in zip(rows, names, strict=True):
        table.data_rows.append(cells[label_col].row)
        for measure_name, col in zip(_COLUMNS, cols, strict=True):
            source = cells.get(col)
            if source is None:
                continue  # the text report leaves accuracy's precision and recall blank
            measure = measures[measure_name]
            total = name in _AVERAGES
            if name == _ACCURACY and measure_name == "support" and not (
                    source.value is not None and source.value == sum(supports)
                    and supports):
                measure, used_accuracy = accuracy, True  # pandas repeats the accuracy
            if measure is measures["support"] and not total and name != _ACCURACY \
                    and source.value is not None:
                supports.append(source.value)
            table.cells.append(DataCell(
                measure=measure, coords=make((label,)), source=source,
                total_dims=frozenset({_DIMENSION} if total or name == _ACCURACY else ())))
    table.measures = [*measures.values(), *([accuracy] if used_accuracy else [])]
    return table
