"""The numeric levels of a "Table 1" of ``n (%)`` strings, read as labels by the coverage.

A gtsummary table of several numeric categoricals writes each variable's name over its levels
in one column (``cyl`` over ``4, 6, 8``, then ``am`` over ``0, 1``), each level beside its ``n
(%)`` strings. The column mixes text and numbers, so the coverage's column test (a list of
codes, or an ordinal scale with both ends named) named every level for review (SDC602). Here
each run of numbers under a name is judged on its own: a list of codes (``numeric_labels_
understood``, two values at least), every level's row holding an ``n (%)`` string (its count,
checked by ``sdc.derived_counts``). Only a table read with no measure at all (its strings are
its measures) is looked at; any other number in the column keeps the column named."""

from __future__ import annotations

from collections.abc import Container

from sdc.derived_counts import parse_n_percent, percent_rows
from sdc.readers.roles import numeric_labels_understood
from sdc.table import RawCell, Table

MAX_ROWS = 2_000  # a Table 1 is short; a long table without a measure is left as it was


def level_columns(table: Table, label_ok: dict[int, bool], data_rows: Container[int]
                  ) -> dict[int, bool]:
    """The label columns the coverage named (``label_ok`` False) whose numbers are all levels
    of ``n (%)`` variables, as True; nothing for any other table."""
    failing = [c for c, ok in label_ok.items() if not ok]
    if table.measures or not failing or len(table.data_rows) > MAX_ROWS:
        return {}
    rows = [row for row in table.grid if row and row[0].row in data_rows]
    return {col: True for col in failing if _levels_only(rows, col, table)}


def _levels_only(rows: list[list[RawCell]], col: int, table: Table) -> bool:
    runs: list[list[float]] = [[]]
    said: set[int] | None = None  # tableone's rows whose label (or its variable's) says (%)
    for row in rows:
        cell = next((c for c in row if c.col == col), None)
        if cell is None or cell.marker or not cell.raw or cell.raw.isspace():
            return False  # a blank or hidden level: not a variable's list
        if cell.value is None:
            if runs[-1]:
                runs.append([])  # a variable's name closes the run above it
            continue
        context = "%" in table.column_headers.get(col, "")
        if not context:
            said = percent_rows(table) if said is None else said
            context = cell.row in said
        if not any(c.col != col and c.kind == "text"
                   and parse_n_percent(c.raw, context or "%" in table.column_headers.get(
                       c.col, "")) is not None for c in row):
            return False  # a number with no n (%) string beside it is no level
        runs[-1].append(float(cell.value))
    runs = [r for r in runs if r]
    return bool(runs) and all(len(r) >= 2 and numeric_labels_understood(r) for r in runs)
