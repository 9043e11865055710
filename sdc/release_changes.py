"""Changes between two periods read against the counts another output of the release prints.

Why: ``Deaths 2023`` by region in one file and ``% change since 2022`` (900) or ``Change in
deaths since 2022`` (+27) by the same regions in another say that 2022 had 3 deaths in the
North, as the two columns in one file do (``_percent_changes``,
``_count_changes`` in ``sdc.derived_counts``); split over two outputs the change passed or
stayed SDC303 ``review`` (pct2, issue 12). Each change cell is now read against every count
the release's other outputs print at the same labels (its ``labels_key``: a margin's label
left out), both ways, as in one file: SDC101 ``review`` at the change's cell when a count
under the threshold is left. The dimension's name is not asked for these readings (``Area``
here, ``Region`` there: they only add checks, each capped at review). A percentage change
keeps SDC303's ``review`` (units unknown) unless the match is one count only, under the same
dimension names, and both headers name a year (``Deaths 2023``, ``% change since 2022``):
then that count is its units, as the count beside it is in one file. A count whose labels hold
one year (a wide table by region with year columns) is matched by its other labels as well:
each year's count is read against the change. Runs once per release,
before the rules, after ``use_release_bases``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sdc.derived_counts import (
    change_cells,
    change_readings,
    count_change_cells,
    count_change_readings,
    implied_counts,
    is_a_change,
)
from sdc.table import DataCell, Role, Table

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def use_release_changes(tables: list[tuple[str, Table]]) -> None:
    """Add to each table's implied counts the other period's counts its change columns give
    beside a count printed in another output (``tables``: each output's path and table)."""
    wanting: list[tuple[str, Table, DataCell, bool | None]] = [
        (path, table, cell, kind) for path, table in tables
        for cell, kind in [*change_cells(table, margins=True),
                           *((c, None) for c in count_change_cells(table))]]
    if not wanting:  # no change column: no index of every count (serial work)
        return
    from sdc.labels_keys import LabelsKeys  # numpy: only for a release with a change

    keys = LabelsKeys()  # each cell's labels_key made a table at a time (numpy), kept on it
    year_less_of: dict[tuple, tuple] = {}  # each labels key less its one year, or ()
    index: dict[tuple, list[tuple[DataCell, str]]] = defaultdict(list)
    for path, table in tables:
        counts = {id(m) for m in table.measures
                  if m.role is Role.COUNT and not is_a_change(m)}
        cells = [c for c in table.cells if id(c.measure) in counts and c.value is not None
                 and not c.suppressed]
        keys.of(cells)
        for cell in cells:
            index[cell.labels_key].append((cell, path))
            year_less = year_less_of.get(cell.labels_key)
            if year_less is None:
                year_less = year_less_of[cell.labels_key] = _year_less(cell.labels_key)
            if year_less:  # ``Region`` by year columns (2023, 2024): each year's count
                index[year_less].append((cell, path))
    keys.of([cell for _, _, cell, _ in wanting])
    for path, table, cell, a_ratio in wanting:
        others = [(count, where) for count, where in index.get(cell.labels_key, ())
                  if where != path]
        if not others:
            continue
        implied = implied_counts(table)
        for count, where in ([] if cell.is_margin else others):  # as in one file
            implied += (count_change_readings(cell, count, where) if a_ratio is None
                        else change_readings(cell, count, a_ratio, where))
        if a_ratio is not None and cell.measure.role is Role.PERCENT and len(others) == 1:
            count = others[0][0]
            if count.value is not None and _names(count) == _names(cell) \
                    and _YEAR.search(cell.measure.name) and _YEAR.search(count.measure.name):
                # SDC303's units, as the count beside it is in one file
                table.__dict__.setdefault("_sdc_percent_bases", {}).setdefault(
                    id(cell), count.value)


_A_YEAR = re.compile(r"(?:19|20)\d\d")


def _year_less(key: tuple[str, ...]) -> tuple[str, ...]:
    """``key`` less its one label that is a year (``2023``), or () when none is (or two are):
    a count by region and year is matched to a change by region, its year's count."""
    years = [label for label in key if _A_YEAR.fullmatch(label)]
    if len(years) != 1 or len(key) < 2:
        return ()
    return tuple(label for label in key if label != years[0])


def _names(cell: DataCell) -> tuple[str, ...]:
    """The cell's dimension names: with its labels, the population two outputs share."""
    return tuple(sorted(cell.coords))
