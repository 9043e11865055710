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
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations, product

from sdc.change_chains import chain_changes
from sdc.derived_counts import (
    change_cells,
    change_readings,
    count_change_cells,
    count_change_readings,
    implied_counts,
    is_a_change,
)
from sdc.formatting import fmt_number
from sdc.table import DataCell, RawCell, Role, Table

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def use_release_changes(tables: list[tuple[str, Table]], threshold: float = 10.0) -> None:
    """Add to each table's implied counts the other period's counts its change columns give
    beside a count printed in another output (``tables``: each output's path and table;
    ``threshold``: the policy's count threshold, how narrow a chain's range is read low)."""
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
    summed: set[int] = set()  # the sums made below: no trusted units for SDC303
    loosened: dict[tuple, tuple] = {}

    def loose(key: tuple[str, ...]) -> tuple[str, ...]:
        found = loosened.get(key)
        if found is None:
            found = loosened[key] = _loose(key)
        return found

    keys.of([cell for _, _, cell, _ in wanting])
    wanted = {len(cell.labels_key) for _, _, cell, _ in wanting}  # a sum must meet a change
    for path, table in tables:
        counts = {id(m) for m in table.measures
                  if m.role is Role.COUNT and not is_a_change(m)}
        cells = [c for c in table.cells if id(c.measure) in counts and c.value is not None
                 and not c.suppressed]
        keys.of(cells)
        for cell in cells:
            index[loose(cell.labels_key)].append((cell, path))
            year_less = year_less_of.get(cell.labels_key)
            if year_less is None:
                year_less = year_less_of[cell.labels_key] = loose(_year_less(cell.labels_key))
            if year_less:  # ``Region`` by year columns (2023, 2024): each year's count
                index[year_less].append((cell, path))
        if not any(len(c.labels_key) - k in wanted for c in cells for k in _SUMMED):
            continue  # no change has labels one or two fewer than these counts'
        for key, total, _dim, _members in _sums_over_dimensions(cells):
            summed.add(id(total))  # by region and sex: each region's count (hunt16)
            index[loose(key)].append((total, path))
    categories = _categories([cell for _, _, cell, _ in wanting])
    for path, table, cell, a_ratio in wanting:
        others = [(count, where) for count, where in index.get(loose(cell.labels_key), ())
                  if where != path]
        if not others:
            others = _by_difference(cell, categories, index, loose, path)
            summed.update(id(count) for count, _ in others)
        if not others:
            continue
        implied = implied_counts(table)
        for count, where in ([] if cell.is_margin else others):  # as in one file
            implied += (count_change_readings(cell, count, where) if a_ratio is None
                        else change_readings(cell, count, a_ratio, where))
        if a_ratio is not None and cell.measure.role is Role.PERCENT and len(others) == 1:
            count = others[0][0]
            if id(count) not in summed and count.value is not None \
                    and count.labels_key == cell.labels_key and _names(count) == _names(cell) \
                    and _YEAR.search(cell.measure.name) and _YEAR.search(count.measure.name):
                # SDC303's units, as the count beside it is in one file
                table.__dict__.setdefault("_sdc_percent_bases", {}).setdefault(
                    id(cell), count.value)
    _summed_changes(tables, index, {len(key) for key in index})
    chain_changes(tables, index, _loose, threshold)  # hunt16, hunt18: sdc.change_chains


def _categories(cells: list[DataCell]) -> dict[tuple[int, str, tuple[str, ...]], set[str]]:
    """Each change measure's categories of each dimension, by the group's other labels."""
    found: dict[tuple[int, str, tuple[str, ...]], set[str]] = defaultdict(set)
    for cell in cells:
        if len(cell.coords) < 2 or cell.is_margin:
            continue
        for dim, label in cell.coords.items():
            found[(id(cell.measure), dim, _others(cell, dim))].add(label.strip())
    return found


def _others(cell: DataCell, dim: str) -> tuple[str, ...]:
    return tuple(sorted(lab.strip() for d, lab in cell.coords.items() if d != dim))


def _by_difference(cell: DataCell,
                   categories: dict[tuple[int, str, tuple[str, ...]], set[str]],
                   index: dict[tuple, list[tuple[DataCell, str]]],
                   loose: Callable[[tuple[str, ...]], tuple[str, ...]], path: str
                   ) -> list[tuple[DataCell, str]]:
    """A change's own count printed nowhere but given by a difference: ``Deaths 2023`` North
    30 in one output, the North's males 20 in another, so the North's females had 10, read
    against their ``% change since 2022`` of +100% (5 in 2022; hunt18). The group's count
    less every other category's, all under one measure name (spelt loosely: ``Deaths
    2023``, ``Deaths (2023)``, ``deaths_2023``; hunt20), each the one printed. One category
    unprinted is left in (hunt20): the rest is then no less than the change's own count, so
    a count it leaves under the threshold is one the change's own leaves too."""
    found: list[tuple[DataCell, str]] = []
    for dim, label in cell.coords.items():
        rest = _others(cell, dim)
        siblings = categories.get((id(cell.measure), dim, rest), set()) - {label.strip()}
        if not rest or not siblings:
            continue
        for group, where in index.get(loose(rest), ()):
            if where == path or group.value is None:
                continue
            name = _loose_name(group.measure.name)
            parts: list[float] = []
            unprinted = 0
            for sibling in sorted(siblings):
                printed = [c for c, w in index.get(loose((*rest, sibling)), ())
                           if w != path and _loose_name(c.measure.name) == name
                           and c.value is not None]
                unprinted += not printed
                if len(printed) > 1 or unprinted > 1:
                    break
                parts += [printed[0].value or 0.0] if printed else []
            else:
                # one sibling unprinted: the rest is the change's count and that sibling's,
                # no less than the change's own (every reading from it an upper bound)
                left = group.value - sum(parts)
                if left > 0 and parts:
                    measure = replace(group.measure, name=f"{group.measure.name} less "
                                                          f"the other {dim} printed")
                    found.append((DataCell(measure, dict(cell.coords), RawCell(
                        group.source.row, group.source.col, fmt_number(left), left)), where))
    return found


def _summed_changes(tables: list[tuple[str, Table]],
                    index: dict[tuple, list[tuple[DataCell, str]]], lengths: set[int]) -> None:
    """Changes in counts by region and sex summed over sex are each region's change: read
    against the region's count another output prints (``Deaths 2023`` North 30 beside
    +15 and +12: 2022 had 3), at the group's first cell, capped at review as each is."""
    for path, table in tables:
        changes = count_change_cells(table)
        if not any(len(c.labels_key) - k in lengths for c in changes for k in _SUMMED):
            continue  # no count has labels one or two fewer than these changes'
        implied = implied_counts(table)
        for measure in {id(c.measure): c.measure for c in changes}.values():
            cells = [c for c in changes if c.measure is measure]
            for key, total, _dim, members in _sums_over_dimensions(cells):
                for count, where in index.get(_loose(key), ()):
                    if where == path:
                        continue
                    implied += [replace(found, cell=members[0])
                                for found in count_change_readings(total, count, where)]


# how many dimensions a sum is made over at once (hunt16: one; hunt18: two; hunt20: three)
_SUMMED = (1, 2, 3)


def _sums_over_dimensions(cells: list[DataCell]
                          ) -> list[tuple[tuple[str, ...], DataCell, str, list[DataCell]]]:
    """Each measure's cells of a table without margins summed over one, two or three
    dimensions at once, where every combination of their categories is printed once in the
    group: the group's labels key, the sum (a cell made for its value), the dimensions and
    the group's cells. Why more than one: counts by region, sex and age beside a change by
    region (hunt18; by region, sex, age and ethnicity: hunt20). A table of that many
    dimensions only, or a group missing a combination (a suppressed cell), gives none."""
    found: list[tuple[tuple[str, ...], DataCell, str, list[DataCell]]] = []
    by_measure: dict[int, list[DataCell]] = defaultdict(list)
    for cell in cells:
        if not cell.is_margin and cell.value is not None and not cell.suppressed:
            by_measure[id(cell.measure)].append(cell)
    for group in by_measure.values():
        dims = {d for c in group for d in c.coords}
        if len(dims) < 2 or any(set(c.coords) != dims for c in group):
            continue
        categories = {d: {c.coords[d].strip() for c in group} for d in dims}
        for summed in _dimension_sets(sorted(dims)):
            if any(len(categories[d]) < 2 for d in summed):
                continue
            every = set(product(*(sorted(categories[d]) for d in summed)))
            parts: dict[tuple[str, ...], list[DataCell]] = defaultdict(list)
            for c in group:
                parts[tuple(sorted({label.strip() for d, label in c.coords.items()
                                    if d not in summed and label.strip()}))].append(c)
            for key, members in parts.items():
                labels = [tuple(c.coords[d].strip() for d in summed) for c in members]
                if not key or len(labels) != len(set(labels)) or set(labels) != every:
                    continue
                total = sum(c.value or 0.0 for c in members)
                first = members[0]
                over = " and ".join(summed)
                measure = replace(first.measure, name=f"{first.measure.name} summed over {over}")
                made = DataCell(measure, {d: lab for d, lab in first.coords.items()
                                          if d not in summed},
                                RawCell(first.source.row, first.source.col, fmt_number(total),
                                        total))
                found.append((key, made, over, members))
    return found


def _dimension_sets(dims: list[str]) -> list[tuple[str, ...]]:
    """Each dimension, then each pair, then each three, that leaves one or more unsummed."""
    return [s for k in _SUMMED if k < len(dims) for s in combinations(dims, k)]


_A_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT_A_WORD = re.compile(r"[\W_]+")


def _loose(key: tuple[str, ...]) -> tuple[str, ...]:
    """``key`` with its labels spelt loosely: case, spacing and signs between words set aside
    (``North East``, ``NORTH  EAST``, ``north-east``: one region; hunt16). Readings only add
    checks, each capped at review, so a looser match never passes anything."""
    return tuple(sorted({_NOT_A_WORD.sub(" ", label).strip().casefold() for label in key}
                        - {""}))


def _loose_name(name: str) -> str:
    """A measure's name spelt loosely, as ``_loose`` spells labels (``Deaths (2023)``)."""
    return _NOT_A_WORD.sub(" ", name).strip().casefold()


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
