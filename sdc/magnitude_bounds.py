"""Dominance a mean's published count and standard deviation rule out (issue 11, false
positives: pandas ``describe()`` without min and max).

No value of a sample lies further from its mean than ``s * (n - 1) / sqrt(n)`` (Samuelson's
inequality with the sample standard deviation ``s``), so no contribution exceeds
``B = mean + s * sqrt(n)``, and the total is ``T = n * mean``. With the printed numbers'
rounding taken against safety (the mean and the spread half a unit up for B, the mean half a
unit down for T), every (n, k) rule holds when ``n * B < k * T`` (the n largest are at most
``n * B``), and the p% rule (coalition c) when ``T - (c + 1) * B >= p * B`` (what is left
after the c + 1 largest is at least that, the largest at most B). Signs need not be known:
both bounds hold for any real values. The numbers must be the column's own, under
describe()'s row names only (``count``, ``mean``, ``std``, quartiles, ``min``/``max``); a
bound that does not prove safety proves nothing (SDC203 stays ``review``). The same holds
transposed, one group a row: ``groupby(g)[x].agg(["count", "mean", "std"])`` and
``groupby(g)[x].describe()`` write those bare names as the measures, which only one column's
aggregation writes; several columns' write the column above each name (``bmi / mean``), and
a statistic pairs only with its own column's. ``pivot_table(values=x, aggfunc=["mean", "std",
"count"])`` writes the names over the column (``mean / x``), paired the same way. ``size``
(rows, missing values included) and named aggregations (``mean_bmi``) are not a count of the
mean's values.
docs/reading.md.
"""

from __future__ import annotations

import math

from sdc.coords import distinct_labels_by_dim, one_layout
from sdc.printed_precision import half_unit_or
from sdc.table import DataCell, Table

DESCRIBE_ROWS = {"count", "mean", "std", "min", "25%", "50%", "75%", "max"}
AGG_MEASURES = DESCRIBE_ROWS | {"median", "sum", "var", "sem"}  # pandas' own aggregation names
NEEDED = {"count", "mean", "std"}


def _name(table: Table, label: str) -> str:
    """A statistic's label as pandas names it: the label itself, or the describe() name the
    program that wrote the table defines it as (Stata tabstat's ``N`` is ``count``)."""
    text = label.strip()
    return table.statistic_names.get(text, text).lower()


def _describe_dimension(table: Table) -> str | None:
    """The dimension whose labels are describe()'s row names, count, mean and std among them.
    Each dimension's distinct labels are named one at a time, and a dimension is left at its
    first label that is no describe() row (a bare table's ``line N`` labels: their lists and
    names were 17 MiB at the coverage's peak on 50,000 rows)."""
    coords = [cell.coords for cell in table.cells]
    layout = one_layout(coords)
    if layout is not None:  # every cell the same dimensions, in this order: each label once
        by_dim = distinct_labels_by_dim(coords, layout)
    else:
        by_dim = {}
        for cell in table.cells:
            for dim, label in cell.coords.items():
                by_dim.setdefault(dim, set()).add(label)
    del coords
    for dim, labels in by_dim.items():
        names: set[str] = set()
        for label in labels:
            name = _name(table, label)
            if name not in DESCRIBE_ROWS:
                break
            names.add(name)
        else:
            if names >= NEEDED:
                return dim
    return None


def statistic_groups(table: Table) -> list[dict[str, DataCell]]:
    """Each variable's (or group's) cells by statistic name: describe()'s row names, or one
    column's aggregation names as the measures (a group a row); none in any other layout."""
    by_key: dict[tuple, dict[str, DataCell]] = {}
    dim = _describe_dimension(table)
    if dim is not None:
        for cell in table.cells:
            rest = tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim))
            by_key.setdefault((cell.measure.name, rest), {})[
                _name(table, cell.coords[dim])] = cell
        return list(by_key.values())
    # a cell's statistic is read from its measure's name: each measure once (a long count
    # table's 25,000 cells have one, ``n``, a count)
    measures = {id(cell.measure): cell.measure for cell in table.cells}
    split = {key: _column_and_statistic(m.name, table) for key, m in measures.items()}
    if any(stat not in AGG_MEASURES for _, stat in split.values()):
        split = {key: _statistic_over_column(m.name) for key, m in measures.items()}
    if not table.cells or any(stat not in AGG_MEASURES for _, stat in split.values()):
        return []
    if not {stat for _, stat in split.values()} >= NEEDED:
        return []  # no group can hold the three: not one grouped by its cells' coordinates
    clashes: set[tuple] = set()
    for cell in table.cells:
        column, name = split[id(cell.measure)]
        key = (column, tuple(sorted(cell.coords.items())))
        stats = by_key.setdefault(key, {})
        if name in stats:  # two variables' statistics under one name: whose count is whose?
            clashes.add(key)
        stats[name] = cell
    return [stats for key, stats in by_key.items() if key not in clashes and set(stats) >= NEEDED]


def _column_and_statistic(measure: str, table: Table) -> tuple[str, str]:
    """``bmi / mean`` (two header rows: the column over pandas' name) or a bare ``mean``
    (or a name its program defines as one: Stata tabstat's ``N``)."""
    column, _, stat = measure.rpartition(" / ")
    return column.strip().lower(), _name(table, stat)


def _statistic_over_column(measure: str) -> tuple[str, str]:
    """``mean / cost``: pivot_table(values="cost", aggfunc=["mean", "std", "count"]) writes
    pandas' name over the column (or over the column variable's label, ``mean / F``). Only
    when the rest names no aggregation (``mean / std`` could be read either way)."""
    stat, _, column = measure.partition(" / ")
    stat, column = stat.strip().lower(), column.strip().lower()
    if not column or any(part.strip() in AGG_MEASURES for part in column.split(" / ")):
        return "", ""  # not this layout: no statistic
    return column, stat


def spread_bounds(table: Table) -> dict[int, tuple[float, float]]:
    """For each mean cell of a describe() or single-column agg() table (by id): (B, T), an
    upper bound on any one contribution and a lower bound on the total, from its count and
    std."""
    bounds: dict[int, tuple[float, float]] = {}
    for stats in statistic_groups(table):
        mean, count, std = stats.get("mean"), stats.get("count"), stats.get("std")
        if mean is None or count is None or std is None or any(
                c.suppressed or c.value is None for c in (mean, count, std)):
            continue
        n, m, s = float(count.value), float(mean.value), float(std.value)  # type: ignore[arg-type]
        if not n.is_integer() or n < 2 or s < 0:
            continue
        # exponent notation: no rounding to rely on
        dm, ds = half_unit_or(mean.source.raw, math.inf), half_unit_or(std.source.raw, math.inf)
        high = (m + dm) + (s + ds) * math.sqrt(n)
        total = n * (m - dm)
        if math.isfinite(high) and total > 0:
            bounds[id(mean)] = (high, total)
    return bounds


def rules_out_dominance(bound: tuple[float, float], nk: list[tuple[int, float]] | None,
                        p_percent: tuple[float, int] | None) -> bool:
    """Whether ``bound`` (B, T) proves every enabled (n, k) rule and the p% rule (ratio p/q,
    coalition c) hold; a rule that is disabled is None."""
    high, total = bound
    if nk is not None and any(n * high >= k * total for n, k in nk):
        return False
    if p_percent is not None:
        ratio, coalition = p_percent
        if total - (coalition + 1) * high < ratio * high:
            return False
    return True
