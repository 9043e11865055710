"""Counts that are not counts of units: weighted (survey-grossed, estimated) or fractional.

The threshold applies to unweighted unit counts (ESSnet guidelines, UK Data Service output
checking: a weighted table is checked through the unweighted counts behind its cells). A
weighted count of 812.7 may rest on 3 respondents carrying large weights, so a table that
publishes only weighted counts cannot be cleared by its numbers: its cells at or above the
threshold are ``review`` (SDC101, unassessable), never ``pass``. A count is read as weighted
when it is not a whole number (a count of units is), or when its header or the table's title
says so (``weighted``, ``wtd``, ``grossed``, ``estimated``; ``unweighted`` is the opposite).
A cell whose unweighted count is published on its own line (``n, weighted n``: the same
coordinates under another count measure) has its units checked there, at that cell. Cells
with a sidecar's unit count (``sdc.crosstab(weights=)``) are checked through it by SDC101.
"""

from __future__ import annotations

from collections.abc import Iterator

from sdc.cell_roles import counted_cells
from sdc.table import DataCell, Table

WEIGHTED_WORDS = frozenset({"weighted", "wtd", "grossed", "estimated"})


def _says_weighted(text: str) -> bool:
    from sdc.readers.roles import words  # on first use: `sdc rules` starts without it

    return not WEIGHTED_WORDS.isdisjoint(words(text))


def _fractional(cell: DataCell) -> bool:
    value = cell.value
    return value is not None and not float(value).is_integer()


def weighted_counts(table: Table) -> Iterator[tuple[DataCell, str]]:
    """Each published count cell whose units are not its value, with why (in table order),
    unless an unweighted count at the same coordinates carries its units."""
    titled = any(_says_weighted(line) for line in table.title)
    named = {m.name: _says_weighted(m.name) for m in table.measures}
    if not titled and not any(named.values()) and not any(
            _fractional(c) for c in table.cells if c.source.marker is None):
        return  # the usual table: whole counts under plain headers
    weighted: list[tuple[DataCell, str]] = []
    units_at: set[tuple] = set()  # coordinates whose unweighted count is published
    for cell in counted_cells(table, table.cells):
        if cell.source.marker is not None or cell.value is None:
            continue
        if (cell.evidence or {}).get("n_units") is not None:
            continue  # the sidecar's units: SDC101 checks those
        if _fractional(cell):
            weighted.append((cell, "it is not a whole number"))
        elif named.get(cell.measure.name):
            weighted.append((cell, f"its header '{cell.measure.name}' says it is weighted"))
        elif titled and "unweighted" not in cell.measure.name.lower():
            weighted.append((cell, "the table's title says its counts are weighted"))
        else:
            units_at.add(tuple(sorted(cell.coords.items())))
    for cell, why in weighted:
        if tuple(sorted(cell.coords.items())) not in units_at:
            yield cell, why
