"""Percentages over a line of their bases: ``crosstab(normalize="columns") * 100`` with the
column sizes appended as a row ``n`` (pandas writes the row as floats, ``89.0``)::

    sex,East,North
    Female,56.2,60.5
    Male,43.8,39.5
    n,89.0,86.0

No header names the values, so the table's one measure stays ``unknown`` (review) although the
reading is certain: every line along one dimension holds parts adding up to 100 (or 1, within
the rounding of the printed values) and one whole, positive base labelled as one (``n``,
``Base``, ``Number``). Then the parts are percentages and the base line is counts: a measure of
its own. Their implied counts (10% of 30 is 3) are checked by ``sdc.derived_counts`` as before;
any line that does not fit leaves the table as it was read.
"""

from __future__ import annotations

from collections import defaultdict

from sdc.printed_precision import decimals_half_unit
from sdc.readers.roles import words
from sdc.table import DataCell, Measure, Role, Table

_BASE_WORDS = {"n", "base", "denominator", "count", "number", "num", "freq"}


def read_shares_over_a_base_line(table: Table) -> None:
    """Split the unknown measure of a wide table of shares into percentages and their bases."""
    if table.layout != "wide" or len(table.measures) != 1:
        return
    measure = table.measures[0]
    if measure.role is not Role.UNKNOWN:
        return
    for dim in table.row_dimensions + table.column_dimensions:
        bases = _fits(table.cells, dim)
        if bases:
            # same name: a line of parts and its base stay one line (sdc.derived_counts)
            counts = Measure(name=measure.name, role=Role.COUNT)
            for cell in bases:
                cell.measure = counts
            measure.role = Role.PERCENT
            table.measures.append(counts)
            return


def _base_label(label: str) -> bool:
    found = words(label)
    return 0 < len(found) <= 4 and bool(set(found) & _BASE_WORDS)


def _fits(cells: list[DataCell], dim: str) -> list[DataCell]:
    """The base cells when every line along ``dim`` is parts of 100 (or 1) and one base."""
    labels = {c.coords.get(dim) for c in cells}
    base_labels = {label for label in labels if label is not None and _base_label(label)}
    if len(base_labels) != 1 or len(labels) < 3:
        return []
    lines: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in cells:
        if dim not in cell.coords or cell.total_dims:
            return []  # margins: another reading (a total row is no base line here)
        lines[tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim))].append(cell)
    bases: list[DataCell] = []
    decimals = False
    for line in lines.values():
        base = [c for c in line if c.coords[dim] in base_labels]
        parts = [c for c in line if c.coords[dim] not in base_labels]
        if len(base) != 1 or len(parts) < 2 or not _whole_positive(base[0]) \
                or not _shares(parts):
            return []
        bases.append(base[0])
        decimals = decimals or any(not float(c.value or 0).is_integer() for c in parts)
    # whole parts adding up to 100 everywhere are as likely counts: not certain
    return bases if len(bases) >= 2 and decimals else []


def _whole_positive(cell: DataCell) -> bool:
    return cell.value is not None and cell.value > 0 and float(cell.value).is_integer()


def _shares(parts: list[DataCell]) -> bool:
    """Published, non-negative, adding up to 100 or 1 within the rounding of each."""
    values = [c.value for c in parts]
    if any(v is None or v < 0 for v in values):
        return False
    shown = [float(v) for v in values if v is not None]
    slack = sum(_tolerance(c) for c in parts)
    return any(max(shown) <= scale and abs(sum(shown) - scale) <= slack for scale in (100.0, 1.0))


def _tolerance(cell: DataCell) -> float:
    return decimals_half_unit(cell.source.raw.strip().rstrip("%")) + 1e-9
