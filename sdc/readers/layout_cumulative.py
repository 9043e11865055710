"""Cumulative columns: Stata's ``tabulate`` writes ``Freq.  Percent  Cum.``, where ``Cum.`` is
the running sum of ``Percent``. Its header names no role and its values are decimals, so it
would stay ``unknown`` (review). When every value is the running sum, in file order, of a
percentage column of the same table (within the rounding of the printed values), the column is
a cumulative percentage: each step is the percentage beside it, which is checked already, so
the column is read as percentages of the same base. Any other cumulative column keeps the role
it had (a cumulative count's steps are checked by ``sdc.derived_counts``); anything not
certain stays ``unknown``. SDC303 then checks each cumulative percentage against the count on
its row (the units of its step: fewer than the cumulative share rests on, the stricter reading).
"""

from __future__ import annotations

import re

from sdc.printed_precision import decimals_half_unit
from sdc.table import DataCell, Role, Table

CUMULATIVE_HEADER = re.compile(r"^\s*(cum\.?|cumulative(\s*(%|percent|percentage|pct))?|"
                               r"cum\.?\s*(%|percent|pct)|cum_?pct|cum_?percent)\s*$", re.I)


def read_cumulative_shares(table: Table) -> None:
    """Give an unknown cumulative column the percentage role when its values are the running
    sum of a percentage column."""
    unknown = [m for m in table.measures
               if m.role is Role.UNKNOWN and CUMULATIVE_HEADER.match(m.name)]
    if not unknown or table.layout != "long":
        return
    by_measure: dict[int, list[DataCell]] = {}
    for cell in table.cells:
        if not cell.is_margin:
            by_measure.setdefault(id(cell.measure), []).append(cell)
    percents = [m for m in table.measures if m.role is Role.PERCENT]
    for measure in unknown:
        running = by_measure.get(id(measure), [])
        if any(_running_sum_of(running, by_measure.get(id(p), [])) for p in percents):
            measure.role = Role.PERCENT
            measure.per = None


def _running_sum_of(running: list[DataCell], steps: list[DataCell]) -> bool:
    """``running`` is, row by row, the sum of ``steps`` so far (two rows at least, none
    blank), ending at 100 (every unit counted)."""
    if len(running) < 2 or len(steps) != len(running):
        return False
    running = sorted(running, key=lambda c: c.source.row)
    steps = sorted(steps, key=lambda c: c.source.row)
    total = slack = 0.0
    for cum, step in zip(running, steps, strict=True):
        if cum.source.row != step.source.row or cum.value is None or step.value is None:
            return False
        total += step.value
        slack += _tolerance(step)  # each printed step rounds on its own
        if abs(cum.value - total) > _tolerance(cum) + slack:
            return False
    last = running[-1].value
    return last is not None and abs(last - 100) <= _tolerance(running[-1])


def _tolerance(cell: DataCell) -> float:
    """Half a unit of the last printed digit."""
    return decimals_half_unit(cell.source.raw.strip().rstrip("%")) + 1e-9
