"""Row labels ``P1``, ``P2``, ... ``Pk`` that name categories, not percentiles.

``P1``/``P2``/``P3`` are percentiles' short names, and also priorities, phases and pay bands.
A dimension labelled with them is read as percentiles (SDC303 asks for the units behind each)
unless its own numbers prove otherwise. Each proof below is one percentiles cannot give:

- **the series is not ordered**: percentiles of one measure never fall as the level rises, so
  a column whose value drops from ``Pi`` to ``Pi+1`` holds no percentiles;
- **it adds up**: a margin equal to the sum of its parts (the ``All`` row of the ``P`` rows,
  or each ``P`` row's ``All`` column), for every margin the table has; percentiles add to
  nothing;
- **a count's column**: a long table's column whose header names a count (``patients``,
  ``n``), whole numbers only, and a short series (``P1``..``P9``): a percentile table lists
  levels such as P10/P50/P90 or the whole P1..P99, never the first few alone.

The labels must be exactly ``P1``..``Pk`` (each once, ``k`` >= 2). A proof makes the dimension
an ordinary category: its cells take their measure's role, so counts are checked as counts
(SDC101, SDC103). Without a proof the percentile reading stays (``review``).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from sdc.table import DataCell, Role, Table
from sdc.tolerance import float_slack

_CODE = re.compile(r"^\s*[pP](\d{1,2})\s*$")
_SHORT = 9  # the longest series a count's header alone settles


def series_length(labels: set[str]) -> int | None:
    """``k`` when the labels are exactly P1..Pk (k >= 2), else None."""
    levels = sorted(int(m.group(1)) for label in labels if (m := _CODE.match(label)))
    if len(levels) != len(labels) or len(levels) < 2:
        return None
    return len(levels) if levels == list(range(1, len(levels) + 1)) else None


def counted_series(table: Table, dim: str, labels: set[str]) -> bool:
    """The dimension's labels are P1..Pk and the table's numbers prove they are categories."""
    k = series_length(labels)
    if k is None:
        return False
    cells = [c for c in table.cells if c.value is not None and dim in c.coords]
    return _falls(cells, dim) or _adds_up(cells, dim) or (k <= _SHORT and _count_column(cells))


def _level(cell: DataCell, dim: str) -> int | None:
    if dim in cell.total_dims:
        return None
    m = _CODE.match(cell.coords[dim])
    return int(m.group(1)) if m else None


def _falls(cells: list[DataCell], dim: str) -> bool:
    """Some column's value drops as the level rises (the same measure and other labels)."""
    columns: dict[tuple[object, ...], list[tuple[int, float]]] = defaultdict(list)
    for cell in cells:
        if (level := _level(cell, dim)) is not None and cell.value is not None:
            key = (id(cell.measure), *sorted((d, v) for d, v in cell.coords.items() if d != dim))
            columns[key].append((level, float(cell.value)))
    for column in columns.values():
        values = [v for _, v in sorted(column)]
        if any(b < a for a, b in itertools.pairwise(values)):
            return True
    return False


def _adds_up(cells: list[DataCell], dim: str) -> bool:
    """Every margin over the series or of one of its rows equals the sum of its parts, and
    there is at least one such margin."""
    checked = 0
    for total_dim in {d for c in cells for d in c.total_dims}:
        sums: dict[tuple[object, ...], tuple[float, int]] = {}
        for cell in cells:
            if total_dim not in cell.total_dims and cell.value is not None:
                key = _without(cell, total_dim)
                whole, parts = sums.get(key, (0.0, 0))
                sums[key] = (whole + float(cell.value), parts + 1)
        for margin in cells:
            if total_dim not in margin.total_dims or margin.value is None or (
                    total_dim != dim and _level(margin, dim) is None):
                continue  # a margin neither over the P rows nor of one of them
            whole, parts = sums.get(_without(margin, total_dim), (0.0, 0))
            if parts < 2:
                continue
            if abs(whole - float(margin.value)) > float_slack(whole):
                return False
            checked += 1
    return checked > 0


def _without(cell: DataCell, dim: str) -> tuple[object, ...]:
    return (id(cell.measure), *sorted((d, v) for d, v in cell.coords.items() if d != dim))


def _count_column(cells: list[DataCell]) -> bool:
    """A long table's column named a count by its header, holding whole numbers only."""
    from sdc.readers.roles import role_from_text  # on first use (startup)

    measures = {id(c.measure): c.measure for c in cells}
    return bool(measures) and all(
        m.col is not None and m.role is Role.COUNT and m.read_as is None
        and role_from_text(m.name) is Role.COUNT for m in measures.values()) and all(
        c.value is not None and float(c.value).is_integer() for c in cells)
