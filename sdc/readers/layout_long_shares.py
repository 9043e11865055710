"""Proportions in a long table under a count's name (R's ``Freq``).

R's ``write.csv(prop.table(table(area, sex), 1))`` writes the table long, as
``as.data.frame`` does: ``"","area","sex","Freq"`` over ``"1","East","F",0.496894409937888``.
``Freq`` names a count, so the shares were read as counts of less than one unit and failed
SDC101 on every cell of a safe output. A count is a whole number: a count-named measure of a
long table whose values are all between 0 and 1, not all whole, and add up to 1 in every line
along one of its dimensions (or over the whole table: ``prop.table(t)``) is read as
proportions (``Measure.per = 1``), whose units SDC303 asks for (``review`` when no base is
published). A weighted count adding up to exactly 1 in every line is not a case to fear.
Kept as counts: any hidden or margin cell (the lines cannot be proved), whole numbers
(0/1 indicators), and lines that do not add up. docs/reading.md.
"""

from __future__ import annotations

from sdc.printed_precision import half_unit_or
from sdc.table import DataCell, Role, Table


def read_long_proportions(table: Table) -> None:
    """Give each count-named measure of a long table that the numbers prove to be proportions
    the share reading instead (see the module docstring)."""
    if table.layout != "long":
        return
    for measure in table.measures:
        if measure.role is not Role.COUNT or measure.read_as is not None \
                or measure.per is not None:
            continue
        cells = [c for c in table.cells if c.measure is measure]
        values = [c.value for c in cells]
        if len(cells) < 2 or any(v is None or not 0 <= v <= 1 for v in values) \
                or any(c.is_margin for c in cells) \
                or all(float(v or 0).is_integer() for v in values):
            continue
        if _lines_add_up_to_one(table, cells):
            measure.role, measure.per = Role.PERCENT, 1.0


def _lines_add_up_to_one(table: Table, cells: list[DataCell]) -> bool:
    """Every line along some dimension (or the whole table as one line) holds two cells at
    least and adds up to 1 within the printed rounding. A dimension whose label differs in
    every cell (R's row numbers) groups nothing and is left out of the lines' keys."""
    grouping = [d for d in table.dimensions
                if len({c.coords.get(d) for c in cells}) < len(cells)]
    for along in ("", *grouping):  # "": the whole table, one line
        lines: dict[tuple, list[DataCell]] = {}
        for cell in cells:
            key = tuple(cell.coords.get(d) for d in grouping if along and d != along)
            lines.setdefault(key, []).append(cell)
        if all(len(line) >= 2 and abs(sum(c.value or 0 for c in line) - 1)
               <= sum(half_unit_or(c.source.raw, 0.0) for c in line) + 1e-9
               for line in lines.values()):
            return True
    return False
