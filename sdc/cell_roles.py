"""Roles named by a cell's labels rather than by its column: tidy and ``describe()`` tables.

A tidy table keeps the statistic in a label column (``group, statistic, value`` with rows
``a, min, 18``) and ``DataFrame.describe()`` puts ``count, mean, std, min, 25%...`` in the row
labels. The measure column then says nothing (``value``, ``age``) and each cell's role is the
label beside it. Only labels that are *exactly* a statistic's name count (``min``, ``median``,
``age_max``, ``25%``), so an ordinary category such as ``Highest IMD quintile`` or ``Upper GI``
never changes how a number is checked. Every role a label can give is checked by some rule
(SDC302 fails an extreme; SDC303 checks or reviews a statistic; SDC203 reviews a mean), so a
wrong guess still ends in ``review`` or ``fail``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdc.code_series import counted_series
from sdc.table import DataCell, Role, Table

_EXTREME = {"min", "max", "minimum", "maximum", "range", "youngest", "oldest", "earliest",
            "latest", "lowest", "highest", "smallest", "largest", "longest", "shortest"}
_STATISTIC = {"median", "sd", "std", "stdev", "stddev", "std_dev", "standard_deviation",
              "mode", "iqr", "q1", "q3", "variance", "var", "lower_quartile", "upper_quartile",
              "interquartile_range", "se", "sem", "std_err", "standard_error",
              "1st_qu", "3rd_qu",  # R's summary() names its quartiles 1st Qu. and 3rd Qu.
              "skewness", "kurtosis"}  # Stata's summarize, detail
_MAGNITUDE = {"mean", "average", "avg", "sum"}
_COUNT = {"n", "count", "freq", "frequency", "number", "n_obs", "nobs", "obs", "observations"}
_PERCENTILE = re.compile(r"^(p|pc|pct|percentile_?)?\d{1,2}(\.\d+)?(%|th|_?percentile)?$")
_EXTREME_PART = re.compile(r"^(min|max|minimum|maximum)_[a-z]+$|^[a-z]+_(min|max|minimum|maximum)$"
                           r"|^(smallest|largest)_\d{1,2}$")  # Stata's summarize, detail


@lru_cache(maxsize=8192)
def role_named_by_label(label: str) -> Role | None:
    """The role a label names outright (``min``, ``Median``, ``25%``, ``age_max``), or None."""
    key = re.sub(r"[^a-z0-9%.]+", "_", label.strip().lower())
    # a dot that is no decimal point is punctuation: R's ``Min.``/``1st Qu.``, ``Std. Dev.``
    key = re.sub(r"_+", "_", re.sub(r"(?<![0-9])\.|\.(?![0-9])", "_", key)).strip("_")
    if not key:
        return None
    if key in _COUNT:
        return Role.COUNT
    if key in _EXTREME or _EXTREME_PART.match(key):
        return Role.EXTREME
    if key in _MAGNITUDE:
        return Role.MAGNITUDE
    if key in _STATISTIC:
        return Role.STATISTIC
    if key in ("0%", "100%", "p0", "p100", "0.0%", "100.0%"):
        return Role.EXTREME  # quantile()'s 0% and 100%: the minimum and the maximum
    if ("%" in key or key[0] == "p" or "percentile" in key) and _PERCENTILE.match(key):
        return Role.STATISTIC  # 25%, p90, q1, 75th_percentile: describe() and quantile rows
    return _named_with_a_subject(key)


# ``youngest patient``, ``oldest age``, ``mean age``, ``median los``: a statistic's name with its
# subject. Not ``highest``/``lowest`` (``Highest IMD quintile`` is a category).
_WITH_SUBJECT: dict[str, Role] = {
    **dict.fromkeys(("min", "max", "minimum", "maximum", "youngest", "oldest", "earliest",
                     "latest", "longest", "shortest"), Role.EXTREME),
    **dict.fromkeys(("mean", "average", "avg"), Role.MAGNITUDE),
    **dict.fromkeys(("median", "sd", "std", "mode", "iqr"), Role.STATISTIC),
}


def _named_with_a_subject(key: str) -> Role | None:
    parts = key.split("_")
    if not 2 <= len(parts) <= 3:
        return None
    return _WITH_SUBJECT.get(parts[0]) or _WITH_SUBJECT.get(parts[-1])


def statistic_dimensions(table: Table) -> frozenset[str]:
    """Dimensions whose every (non-margin) label names a statistic: a tidy ``statistic``
    column or the row labels of ``describe()``. One ordinary label among them (``Q2`` beside
    ``Q1``, ``North`` beside ``max``) and the dimension is a category, read as before."""
    cached = table.__dict__.get("_sdc_statistic_dims")
    if cached is None:
        # each label asked once, and a dimension out at its first ordinary label: the cells
        # are read only while some dimension may still be a statistic's (a long table of
        # categories is decided at its first cell, not after 150,000 labels)
        named: dict[str, set[str]] = {d: set() for d in table.dimensions}
        open_dims = set(table.dimensions)
        done: set[tuple[int, frozenset[str]]] = set()  # the cells of a row share their
        # coordinates (and mostly their margins): each combination once
        for cell in table.cells:
            if not open_dims:
                break
            combination = (id(cell.coords), cell.total_dims)
            if combination in done:
                continue
            done.add(combination)
            for dim, label in cell.coords.items():
                if dim in open_dims and dim not in cell.total_dims and label.strip() \
                        and label not in named[dim]:
                    if role_named_by_label(label) is None:
                        open_dims.discard(dim)
                    else:
                        named[dim].add(label)
        # P1, P2, P3 are percentiles' names and priorities' too: the numbers decide
        cached = frozenset(dim for dim in open_dims if named[dim]
                           and not counted_series(table, dim, named[dim]))
        table.__dict__["_sdc_statistic_dims"] = cached
    return cached


def label_dimension(table: Table, cell: DataCell) -> tuple[str, Role] | None:
    """The (dimension, role) of the cell's label in a statistic dimension, if any."""
    for dim in statistic_dimensions(table):
        label = cell.coords.get(dim)
        if label is None or dim in cell.total_dims:
            continue
        role = role_named_by_label(label)
        if role is not None:
            return dim, role
    return None


def effective_role(table: Table, cell: DataCell) -> Role:
    """The cell's role: what its label names in a statistic dimension, else its measure's.
    (``count`` in ``describe()`` is a count even under a column named ``los``: the stricter
    reading, since a count below the threshold fails where a magnitude is only reviewed.)"""
    if not statistic_dimensions(table):
        return cell.measure.role  # the usual case, kept cheap: no label names a statistic
    named = label_dimension(table, cell)
    return cell.measure.role if named is None else named[1]


def cells_maybe(table: Table, roles: tuple[Role, ...]) -> list[DataCell]:
    """The cells whose ``effective_role`` may be one of ``roles``, in ``table.cells``' order,
    for a rule to ask one by one: every cell when a label names a statistic (it may give any
    cell its role), else the cells whose measure has one (the usual table: its role is its
    measure's, so a long table's 25,000 count cells are not asked one by one by the rules
    of extremes and statistics, issue 14 §3)."""
    if statistic_dimensions(table):
        return table.cells
    return [c for c in table.cells if c.measure.role in roles]


def counted_role(table: Table, cell: DataCell) -> Role:
    """The role the count rules (zeros, group disclosure) give a cell: its effective role, but
    ``COUNT`` for a whole number in a column the reader read as counts that evidence (a
    sidecar) relabelled: a sidecar adds checks, it never removes those of counts."""
    role = effective_role(table, cell)
    if (role is not Role.COUNT and cell.measure.read_as is Role.COUNT
            and cell.value is not None and float(cell.value).is_integer()):
        return Role.COUNT
    return role


def counted_cells(table: Table, cells: list[DataCell]) -> list[DataCell]:
    """The cells of ``cells`` whose ``counted_role`` is ``COUNT``, in order. In the usual
    table, where no label names a statistic, that is decided by each cell's measure (and its
    value, for a column a sidecar relabelled) without a call per cell: the count rules ask it
    of every line of a large table."""
    if statistic_dimensions(table):
        return [c for c in cells if counted_role(table, c) is Role.COUNT]
    return [c for c in cells if c.measure.role is Role.COUNT or (
        c.measure.read_as is Role.COUNT and (value := c.source.value) is not None
        and float(value).is_integer())]


def is_thin_statistic(table: Table, cell: DataCell) -> bool:
    """A median, percentile, mode, sd or percentage: SDC303 checks the units behind it, and
    SDC101 leaves it alone (one finding per cause). A weighted count is a statistic to the
    API, but its units are a count's: SDC101 reports those."""
    named = statistic_dimensions(table)  # none in the usual table: no label to look up
    role = effective_role(table, cell) if named else cell.measure.role
    if role not in (Role.STATISTIC, Role.PERCENT):
        return False
    if named and label_dimension(table, cell) is not None:
        return True
    from sdc.readers.roles import role_from_text  # on first use: `sdc rules` starts without it

    # a share under a count's name (R's ``Freq`` of prop.table, ``per`` set by the numbers)
    # is a share: its units are SDC303's, SDC101 leaves it alone
    return not ((role_from_text(cell.measure.name) is Role.COUNT and cell.measure.per is None)
                or _is_weighted_count(cell))


def _is_weighted_count(cell: DataCell) -> bool:
    """The cell publishes its evidence's weighted count (the sidecar keeps no measure name)."""
    weighted = (cell.evidence or {}).get("weighted_count")
    if weighted is None or cell.value is None:
        return False
    return abs(float(weighted) - cell.value) <= 1e-6 * max(1.0, abs(cell.value))


def units_behind(table: Table, cell: DataCell) -> float | None:
    """The number of units behind a statistic: its evidence, the count published on the same
    coordinates (``age, n, median``), or the ``n``/``count`` row of a tidy or ``describe()``
    table (same coordinates but the statistic label)."""
    evidence = cell.evidence or {}
    if evidence.get("n_units") is not None:
        return float(evidence["n_units"])
    count = table.unit_count_cell(cell)
    # not the statistic itself, nor another statistic, when labels name the roles in a column
    # read as counts (``N, Mean, Std Dev, Median`` under ``Freq``: the sd is no count of units)
    if (count is not None and count is not cell and count.value is not None
            and (not statistic_dimensions(table) or counted_role(table, count) is Role.COUNT)
            and _names_units(count)):
        return count.value
    named = label_dimension(table, cell)
    if named is None:
        return None
    sibling = _count_rows(table).get(_key_without(cell, named[0]))
    if sibling is not None and sibling.value is not None:
        return sibling.value
    return None


def _names_units(count: DataCell) -> bool:
    """A count beside a statistic is its units only when its column says it counts (``n``,
    ``count``, ``patients``): a column that is counts only by its whole numbers (``Q2`` beside
    ``Q1`` and ``Q3`` read as quartiles) is no n of anything."""
    from sdc.readers.roles import role_from_text  # on first use: `sdc rules` starts without it

    return (count.measure.read_as is Role.COUNT
            or role_from_text(count.measure.name) is Role.COUNT)


def _key_without(cell: DataCell, dim: str) -> tuple:
    return (cell.measure.name, dim,
            tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim)))


def _count_rows(table: Table) -> dict[tuple, DataCell]:
    """Cells labelled ``n``/``count``, keyed by everything but that label."""
    cached = table.__dict__.get("_sdc_count_rows")
    if cached is None:
        cached = {}
        for other in table.cells:
            named = label_dimension(table, other)
            if named is not None and named[1] is Role.COUNT:
                cached.setdefault(_key_without(other, named[0]), other)
        table.__dict__["_sdc_count_rows"] = cached
    return cached
