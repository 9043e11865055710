"""``sdc.crosstab`` and ``sdc.pivot_table``: pandas' functions, checked as they are computed.

The arguments and the result mirror ``pandas.crosstab`` / ``pandas.pivot_table``; the extras
say what disclosure control needs to know: ``contributor=`` (the unit that owns records: a
business, a practice; its records are summed before dominance is judged, and frequency counts
count distinct contributors), ``weights=`` (survey weights scale sums, means and frequency
counts, never the unit counts thresholds read), ``where=``/``population=`` (the filter that
defined the data, recorded in the sidecar so differencing can be reviewed) and ``policy=``.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from sdc.api.aggfuncs import UnsupportedAggregation, resolve
from sdc.api.args import check_population, data_column, given_name, series_name
from sdc.api.sdc_table import SDCTable, resolve_policy
from sdc.api.sources import bind_data
from sdc.api.tabulate import CONTRIBUTOR, VALUE, WEIGHT, TableSpec, tabulate
from sdc.policy import Policy

__all__ = ["crosstab", "pivot_table"]

PolicyArg = Policy | str | os.PathLike[str] | Mapping[str, Any] | None


def _as_arrays(axis: Any) -> list[Any]:
    """pandas' rule: a list of array-likes is several keys, anything else is one."""
    if isinstance(axis, list | tuple) and axis and all(
            pd.api.types.is_list_like(a) and not isinstance(a, str | bytes) for a in axis):
        return list(axis)
    return [axis]


def _names(arrays: list[Any], given: Sequence[Hashable] | None, prefix: str) -> list[Hashable]:
    if given is not None:
        if len(given) != len(arrays):
            raise AssertionError("arrays and names must have the same length")
        return list(given)
    return [a.name if isinstance(a, pd.Series) and a.name is not None else f"{prefix}_{i}"
            for i, a in enumerate(arrays)]


def _common_index(objs: list[Any]) -> pd.Index | None:
    """The rows every Series key shares (pandas intersects their indexes, unsorted)."""
    series = [o for o in objs if isinstance(o, pd.Series)]
    if not series:
        return None
    index = series[0].index
    for other in series[1:]:
        if not other.index.equals(index):
            index = index.intersection(other.index, sort=False)
    return index


def crosstab(
    index: Any,
    columns: Any,
    values: Any = None,
    rownames: Sequence[Hashable] | None = None,
    colnames: Sequence[Hashable] | None = None,
    aggfunc: Any = None,
    margins: bool = False,
    margins_name: str = "All",
    dropna: bool = True,
    normalize: bool | str | int = False,
    *,
    contributor: Any = None,
    weights: Any = None,
    where: str | None = None,
    population: Mapping[str, Any] | None = None,
    policy: PolicyArg = None,
    data: Any = None,
    top_ids: bool = True,
) -> SDCTable:
    """``pandas.crosstab`` with disclosure evidence and findings; returns an :class:`SDCTable`.

    ``aggfunc`` is one of count, size, sum, mean, median, std, var, min, max, mode, a
    percentile (``"p90"``, ``"q25"``, ``sdc.quantile(0.9)``); numpy's mean/sum/median/min/max
    (and their nan- forms) and builtin sum/min/max/len are read as those names (missing values
    skipped, as pandas skips them for the names). Anything else raises
    :class:`~sdc.api.aggfuncs.UnsupportedAggregation`. With ``contributor=`` the frequency
    table and ``count`` count distinct contributors; ``size`` always counts records. With
    ``weights=`` the frequency table, sums and means are weighted; counts are not.

    With ``data=`` (a pandas DataFrame, a DuckDB relation, a Polars DataFrame/LazyFrame or a
    Parquet/CSV path) ``index``, ``columns``, ``values``, ``contributor`` and ``weights`` name
    its columns, and an engine's data is tabulated inside the engine.

    With ``contributor=``, the table also records who made each cell's largest contributions
    (the sidecar's ``top_ids``; ``top_ids=False`` leaves them out), so SDC502 audits a
    contributor found in several hidden cells with all its contributions at once
    (docs/decisions.md).
    """
    if data is not None:
        return _crosstab_of(data, index, columns, values, rownames, colnames, aggfunc, margins,
                            margins_name, dropna, normalize, contributor, weights, where,
                            population, policy, top_ids)
    _check_pairing(values, aggfunc, margins_name)
    stat = resolve(aggfunc) if aggfunc is not None else None
    rows, cols = _as_arrays(index), _as_arrays(columns)
    index_names, column_names = _names(rows, rownames, "row"), _names(cols, colnames, "col")
    common = _common_index(rows + cols)
    keys = [f"__sdc_key{i}__" for i in range(len(rows) + len(cols))]
    data = pd.DataFrame(dict(zip(keys, rows + cols, strict=True)), index=common)
    extras = {VALUE: values, CONTRIBUTOR: contributor, WEIGHT: weights}
    for column, given in extras.items():
        if given is None:
            continue
        if not pd.api.types.is_list_like(given):
            what = {VALUE: "values", CONTRIBUTOR: "contributor", WEIGHT: "weights"}[column]
            raise TypeError(f"crosstab's {what}= must be a Series or an array, not {given!r} "
                            "(column names are for pivot_table and aggregate)")
        data[column] = given
    spec = TableSpec(
        data=data, index_keys=keys[: len(rows)], column_keys=keys[len(rows):],
        index_names=index_names, column_names=column_names, stat=stat,
        value_name=series_name(values, "values"), contributor_name=series_name(
            contributor, "contributor"), weights_name=series_name(weights, "weights"),
        margins=margins, margins_name=margins_name, dropna=dropna, observed=dropna,
        normalize=normalize, where=where, population=check_population(population),
        function="crosstab", top_ids=top_ids,
    )
    return tabulate(spec, resolve_policy(policy))


def _column_list(keys: Any, what: str) -> list[Hashable]:
    if keys is None:
        return []
    if isinstance(keys, list | tuple):
        return list(keys)
    if pd.api.types.is_list_like(keys):
        raise TypeError(f"{what} must name columns of the data (a name or a list of names)")
    return [keys]


def _crosstab_of(data: Any, index: Any, columns: Any, values: Any,
                 rownames: Sequence[Hashable] | None, colnames: Sequence[Hashable] | None,
                 aggfunc: Any, margins: bool, margins_name: str, dropna: bool,
                 normalize: bool | str | int, contributor: Any, weights: Any,
                 where: str | None, population: Mapping[str, Any] | None,
                 policy: PolicyArg, top_ids: bool) -> SDCTable:
    """``crosstab(data=...)``: the same table from the columns of ``data`` named by the
    arguments."""
    rows, cols = _column_list(index, "index"), _column_list(columns, "columns")
    if not rows or not cols:
        raise ValueError("crosstab(data=...) needs index= and columns= (column names)")
    if isinstance(data, pd.DataFrame):
        for name in [*rows, *cols, *([values] if values is not None else [])]:
            if name not in data.columns:
                raise KeyError(name)
        return crosstab(
            [data[r] for r in rows], [data[c] for c in cols],
            values=data[values] if values is not None else None, rownames=rownames,
            colnames=colnames, aggfunc=aggfunc, margins=margins, margins_name=margins_name,
            dropna=dropna, normalize=normalize,
            contributor=data_column(data, contributor, "contributor"),
            weights=data_column(data, weights, "weights"), where=where,
            population=population, policy=policy, top_ids=top_ids)
    _check_pairing(values, aggfunc, margins_name)
    keys = [f"__sdc_key{i}__" for i in range(len(rows) + len(cols))]
    backend = bind_data(data, dict(zip(keys, [*rows, *cols], strict=True)), values, contributor,
                    weights)
    spec = TableSpec(
        data=backend, index_keys=keys[: len(rows)], column_keys=keys[len(rows):],
        index_names=list(rownames) if rownames is not None else rows,
        column_names=list(colnames) if colnames is not None else cols,
        stat=resolve(aggfunc) if aggfunc is not None else None, value_name=values,
        contributor_name=contributor, weights_name=weights, margins=margins,
        margins_name=margins_name, dropna=dropna, observed=dropna, normalize=normalize,
        where=where, population=check_population(population), function="crosstab",
        top_ids=top_ids,
    )
    return tabulate(spec, resolve_policy(policy))


def pivot_table(
    data: Any,
    values: Any = None,
    index: Any = None,
    columns: Any = None,
    aggfunc: Any = "mean",
    fill_value: Any = None,
    margins: bool = False,
    dropna: bool = True,
    margins_name: str = "All",
    observed: bool = True,
    sort: bool = True,
    *,
    contributor: Any = None,
    weights: Any = None,
    where: str | None = None,
    population: Mapping[str, Any] | None = None,
    policy: PolicyArg = None,
    top_ids: bool = True,
) -> SDCTable:
    """``pandas.pivot_table`` of one values column with one aggregation, checked.

    ``data`` is a pandas DataFrame, a DuckDB relation, a Polars DataFrame or LazyFrame, or a
    path to a Parquet/CSV file (read by DuckDB); an engine computes the table and its evidence
    where the data lives and only per-cell aggregates come back. ``index`` and ``columns`` name
    columns of ``data``; ``contributor`` and ``weights`` name columns too (or, for pandas data,
    are Series). Several values columns or aggregations in one table are not
    supported: make one table each, or use :func:`sdc.aggregate` for several statistics.
    ``top_ids`` (on by default) records who made each cell's largest contributions, as for
    :func:`crosstab`.
    """
    if not sort:
        raise ValueError("sort=False is not supported: sdc tables are sorted by their labels")
    if not isinstance(margins_name, str):
        raise ValueError("margins_name argument must be a string")
    stat = resolve(aggfunc)
    index_cols, column_cols = _column_list(index, "index"), _column_list(columns, "columns")
    if not index_cols:
        raise ValueError("pivot_table needs index= (the row dimensions)")
    values_level: Hashable | None = None
    if isinstance(values, list | tuple):
        if len(values) != 1:
            raise UnsupportedAggregation(aggfunc, "one values column per table; make one table "
                                         "per column or use sdc.aggregate")
        values = values[0]
        values_level = values
    if values is None and stat.name != "size":
        raise ValueError("pivot_table needs values= (one column) unless aggfunc='size'")
    keys = [f"__sdc_key{i}__" for i in range(len(index_cols) + len(column_cols))]
    frame = bind_data(data, dict(zip(keys, [*index_cols, *column_cols], strict=True)), values,
                  contributor, weights)
    spec = TableSpec(
        data=frame, index_keys=keys[: len(index_cols)], column_keys=keys[len(index_cols):],
        index_names=index_cols, column_names=column_cols, stat=stat,
        value_name=values, contributor_name=given_name(contributor, "contributor"),
        weights_name=given_name(weights, "weights"),
        margins=margins, margins_name=margins_name, dropna=dropna, observed=observed,
        fill_value=fill_value, values_level=values_level if column_cols else None,
        where=where, population=check_population(population), function="pivot_table",
        top_ids=top_ids,
    )
    if values is None:  # aggfunc="size" over the rows: pandas gives record counts
        spec.stat = resolve("size")
    return tabulate(spec, resolve_policy(policy))


def _check_pairing(values: Any, aggfunc: Any, margins_name: Any) -> None:
    """pandas' own checks of ``crosstab``'s arguments, with its messages."""
    if values is None and aggfunc is not None:
        raise ValueError("aggfunc cannot be used without values.")
    if values is not None and aggfunc is None:
        raise ValueError("values cannot be used without an aggfunc.")
    if not isinstance(margins_name, str):
        raise ValueError("margins_name argument must be a string")
