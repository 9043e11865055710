"""A regression table saved to a workbook (Stata ``etable, export(.xlsx)``/``collect export``,
``esttab using .xlsx`` through putexcel): read as the same table in a CSV or a document is
(``sdc.readers.esttab.model_table``), from the cells' shown text. The sheet's grid starts at
A1, so the reading's cells are the sheet's. A sheet of any other shape is left to the layout;
so is one whose bracketed statistics are numbers under a ``(0.000)`` number format (the brackets
are not in the cell), which stays numbers not understood (``review``)."""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.esttab import model_table, prints_observations
from sdc.readers.parts import TextPart, words_outputs
from sdc.table import RawCell


def sheet_model(out: Output, grid: list[list[RawCell]]) -> list[Output] | None:
    """``out`` made the sheet's model (its dof, its ``N`` ceiling, its names holding a count)
    with its names and notes as words for the identifier rule, or None when the sheet is no
    regression table."""
    if not prints_observations(row[0].raw for row in grid if row):
        return None  # most sheets: one look at the first column, no copy of the grid
    model = model_table([[cell.raw for cell in row] for row in grid])
    if model is None:
        return None
    model.apply(out)
    return words_outputs(out, [TextPart("names and notes in the regression table",
                                        model.names_text())])
