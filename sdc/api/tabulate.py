"""The engine behind ``sdc.crosstab`` and ``sdc.pivot_table``: one evidence pass, then the table.

``cell_evidence`` groups the microdata once (with the margins pandas would add) and yields, per
cell, both what the rules need and the sufficient statistics of the published value; the table
is then reshaped from it the way pandas reshapes its own aggregation (same labels, order,
margins, fill values, dropped empty rows and columns, dtypes). No per-group Python code runs.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sdc.api.aggfuncs import Stat
from sdc.api.sdc_table import SDCTable
from sdc.evidence.backends import EvidenceBackend, EvidenceRequest
from sdc.evidence.backends.pandas_engine import PandasBackend
from sdc.evidence.compute import (
    COUNT_COLUMNS,
    drop_unused_levels,
    evidence_table,
    quantile_column,
)
from sdc.policy import Policy
from sdc.table import Measure, Role

__all__ = ["TableSpec", "tabulate", "top_n_for"]

VALUE, CONTRIBUTOR, WEIGHT = "__sdc_value__", "__sdc_contributor__", "__sdc_weight__"


@dataclass
class TableSpec:
    """What to tabulate, over internal data whose key columns have unique internal names: a
    pandas frame, or an engine's backend (DuckDB, Polars) that computes the evidence in place."""

    data: pd.DataFrame | EvidenceBackend
    index_keys: list[str]
    column_keys: list[str]
    index_names: list[Hashable]  # the names the result's axes carry
    column_names: list[Hashable]
    stat: Stat | None  # None: a frequency table
    value_name: Hashable | None = None
    contributor_name: Hashable | None = None
    weights_name: Hashable | None = None
    margins: bool = False
    margins_name: str = "All"
    dropna: bool = True
    observed: bool = True
    normalize: bool | str | int = False
    fill_value: Any = None
    values_level: Hashable | None = None  # pivot_table(values=[v], columns=...) keeps "v" on top
    where: str | None = None
    population: Mapping[str, Any] | None = None
    function: str = "crosstab"
    extra_meta: dict[str, Any] = field(default_factory=dict)
    top_ids: bool = True  # record who made each top contribution (the sidecar's top_ids)

    @property
    def backend(self) -> EvidenceBackend:
        if isinstance(self.data, pd.DataFrame):
            return PandasBackend(self.data)
        return self.data

    @property
    def keys(self) -> list[str]:
        return [*self.index_keys, *self.column_keys]

    @property
    def has_value(self) -> bool:
        return VALUE in self.backend.columns

    @property
    def weighted(self) -> bool:
        return WEIGHT in self.backend.columns

    @property
    def by_contributor(self) -> bool:
        return CONTRIBUTOR in self.backend.columns


def top_n_for(policy: Policy) -> int:
    """How many largest contributions the policy's dominance rules read (at least 3)."""
    from sdc.rules.magnitude import NKDominance, PPercent

    nk = policy.params(NKDominance)
    pp = policy.params(PPercent)
    return max(3, *(rule.n for rule in nk.rules), pp.c + 1)


def unique_names(names: Sequence[Hashable]) -> list[str]:
    """Text dimension names, made unique (``a``, ``a_2``) for the evidence sidecar."""
    out: list[str] = []
    for name in names:
        text = str(name)
        candidate, k = text, 1
        while candidate in out:
            k += 1
            candidate = f"{text}_{k}"
        out.append(candidate)
    return out


# --- the published statistic ----------------------------------------------------------------


def _needs_stats(stat: Stat | None) -> bool:
    """min/max/all_same: the published value of extremes, and what SDC303 reads for
    statistics; sums, means and counts need neither (their sidecar leaves them null)."""
    return stat is None or stat.name not in ("count", "size", "sum", "mean")


def _stat_values(ev: pd.DataFrame, spec: TableSpec) -> pd.Series:
    """The published value of each evidence cell."""
    stat = spec.stat
    if stat is None:  # frequency: records, distinct contributors, or the weighted count
        if spec.weighted:
            return ev["weighted_count"]
        return ev["n_units"] if spec.by_contributor else ev["n_records"]
    if stat.name == "count":  # non-missing values, or distinct contributors with one
        return ev["n_units"] if spec.by_contributor else ev["n_values"]
    if stat.name == "size":
        return ev["n_records"]
    if stat.name == "mean":
        denom = ev["weighted_n_values"] if spec.weighted else ev["n_values"]
        return ev["total"] / denom.where(denom > 0)
    if stat.name == "sum":
        return ev["total"]
    if stat.is_quantile:
        return ev[quantile_column(stat.q)]  # type: ignore[arg-type]
    return evidence_table(ev, stat.name)


def _pandas_dtype(values: pd.Series, spec: TableSpec) -> pd.Series:
    """Integers where pandas keeps integers (sums, extremes and modes of integer data)."""
    if spec.stat is None or not spec.has_value or spec.weighted:
        return values
    source = spec.backend.dtype(VALUE)
    integral = pd.api.types.is_integer_dtype(source) or pd.api.types.is_bool_dtype(source)
    keeps = ("sum",) if pd.api.types.is_bool_dtype(source) else ("sum", "min", "max", "mode")
    if integral and spec.stat.name in keeps and values.notna().all():
        return values.astype(np.int64)
    return values


# --- reshaping ------------------------------------------------------------------------------


def _margin_sets(spec: TableSpec) -> list[list[str]] | bool:
    """The margins pandas adds: the column margin, the row margin and the grand total."""
    if not spec.margins:
        return False
    sets = [list(spec.index_keys)]
    if spec.column_keys:
        sets.append(list(spec.column_keys))
    sets.append([])
    return [s for s in sets if len(s) < len(spec.keys)]


def _pandas_margin_labels(index: pd.MultiIndex, groups: list[list[int]],
                          margins_name: str) -> pd.MultiIndex:
    """pandas labels a margin ``("All", "")`` on a multi-level axis, not ``("All", "All")``."""
    levels = list(index.levels)
    codes = [np.asarray(c).copy() for c in index.codes]
    for group in groups:
        if len(group) < 2:
            continue
        first = group[0]
        at = levels[first].get_indexer([margins_name])[0]
        if at < 0:
            continue
        mask = codes[first] == at
        for lv in group[1:]:
            level = levels[lv]
            if "" in level:
                blank = level.get_loc("")
            else:
                levels[lv] = level.astype(object).append(pd.Index([""], dtype=object))
                blank = len(level)
            codes[lv][mask] = blank
    out = pd.MultiIndex(levels=levels, codes=codes, names=index.names, verify_integrity=False)
    return drop_unused_levels(out)


def _is_margin(labels: pd.Index, spec: TableSpec) -> np.ndarray:
    if not spec.margins:
        return np.zeros(len(labels), dtype=bool)
    first = labels.get_level_values(0) if isinstance(labels, pd.MultiIndex) else labels
    return np.asarray(first == spec.margins_name, dtype=bool)


def _drop_empty(table: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """pandas drops groups whose statistic is missing before pivoting, then all-NaN columns:
    a row or column survives when one of its inner cells has a value."""
    if not spec.dropna or spec.stat is None:
        return table
    row_margin, col_margin = _is_margin(table.index, spec), _is_margin(table.columns, spec)
    inner = table.to_numpy(dtype=float, na_value=np.nan)[~row_margin][:, ~col_margin]
    keep_rows = row_margin.copy()
    keep_rows[~row_margin] = ~np.isnan(inner).all(axis=1) if inner.size else False
    keep_cols = col_margin.copy()
    keep_cols[~col_margin] = ~np.isnan(inner).all(axis=0) if inner.size else False
    if keep_rows.all() and keep_cols.all():
        return table
    return table.iloc[keep_rows, keep_cols]


def _normalize(table: pd.DataFrame, how: bool | str | int, margins: bool) -> pd.DataFrame:
    """Proportions as ``pandas.crosstab(normalize=...)`` gives them, margins included: with
    ``"index"`` the margin row holds the column shares and the margin column goes; with
    ``"columns"`` the reverse; with ``"all"`` both stay and the corner is 1."""
    if how is True:
        how = "all"
    elif not isinstance(how, str | bool):
        how = {0: "index", 1: "columns"}.get(how, how)
    if how not in ("all", "index", "columns"):
        raise ValueError(f"normalize must be True, 'all', 'index', 'columns', 0 or 1, "
                         f"not {how!r}")
    values = table.to_numpy(dtype=float)

    def share(x: np.ndarray, along: str) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            if along == "all":
                out = x / x.sum()
            elif along == "index":
                out = x / x.sum(axis=1, keepdims=True)
            else:
                out = x / x.sum(axis=0, keepdims=True)
        return np.nan_to_num(out, nan=0.0)

    if not margins:
        return pd.DataFrame(share(values, how), index=table.index, columns=table.columns)
    core = share(values[:-1, :-1], how)
    row_totals = share(values[:-1, -1:], "columns")  # the margin column, as shares
    col_totals = share(values[-1:, :-1], "index")  # the margin row, as shares
    if how == "index":
        out = np.vstack([core, col_totals])
        return pd.DataFrame(out, index=table.index, columns=table.columns[:-1])
    if how == "columns":
        out = np.hstack([core, row_totals])
        return pd.DataFrame(out, index=table.index[:-1], columns=table.columns)
    out = np.vstack([np.hstack([core, row_totals]), np.hstack([col_totals, [[1.0]]])])
    return pd.DataFrame(out, index=table.index, columns=table.columns)


def _pandas_axis(axis: pd.Index, sources: list[Any], margins: bool) -> pd.Index:
    """Labels typed as pandas types them: categorical keys give categorical levels unless
    margins add a text label, in which case the level is re-inferred (``str`` or object).
    ``sources`` are the dtypes of the key columns."""

    def fix(level: pd.Index, source: Any) -> pd.Index:
        if margins:
            return pd.Index(level.tolist(), name=level.name)
        if isinstance(source, pd.CategoricalDtype):
            return pd.CategoricalIndex(level, dtype=source, name=level.name)
        return level

    if isinstance(axis, pd.MultiIndex):
        levels = [fix(axis.levels[i], s) for i, s in enumerate(sources)]
        return axis.set_levels(levels, verify_integrity=False)
    if sources:
        return fix(axis, sources[0])
    return axis


# --- evidence per published cell -----------------------------------------------------------


def _fill_empty(aligned: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
    """Evidence for cells with no records (fill values, full products): zero counts. The
    ``top*_id`` columns stay as they are (a missing id names nobody)."""
    filled = [c for c in columns if not (isinstance(c, str) and c.endswith("_id"))]
    if not aligned[filled].isna().any().any():
        return aligned[columns]
    out = aligned[columns].copy()
    for name in filled:
        if name in COUNT_COLUMNS:
            out[name] = out[name].fillna(0).astype(np.int64)
        elif name == "total" or name.startswith("top") or name.startswith("weighted_"):
            out[name] = out[name].fillna(0.0)
        elif name == "all_same":
            out[name] = out[name].astype("boolean").fillna(False).astype(bool)
    return out


def _cell_keys(table: pd.DataFrame, spec: TableSpec, wide: bool) -> pd.MultiIndex:
    """The evidence key of every published cell, row-major (or of every row of a long table)."""
    rows = table.index if isinstance(table.index, pd.MultiIndex) else pd.MultiIndex.from_arrays(
        [table.index])
    if not wide:
        return pd.MultiIndex.from_arrays(
            [rows.get_level_values(i) for i in range(rows.nlevels)], names=spec.index_keys)
    cols = table.columns if isinstance(table.columns, pd.MultiIndex) else \
        pd.MultiIndex.from_arrays([table.columns])
    skip = 1 if spec.values_level is not None else 0
    n_rows, n_cols = len(rows), len(cols)
    row_pos = np.repeat(np.arange(n_rows), n_cols)
    col_pos = np.tile(np.arange(n_cols), n_rows)
    arrays = [rows.get_level_values(i)[row_pos] for i in range(rows.nlevels)]
    arrays += [cols.get_level_values(i)[col_pos] for i in range(skip, cols.nlevels)]
    return pd.MultiIndex.from_arrays(arrays, names=spec.keys)


# --- the whole thing ------------------------------------------------------------------------


def tabulate(spec: TableSpec, policy: Policy) -> SDCTable:
    """Compute the table and its per-cell evidence in one pass over ``spec.data``."""
    _check_spec(spec)
    ev = _evidence(spec, policy)
    wide = bool(spec.column_keys)
    table = _published_table(ev, spec, wide)
    aligned = ev.reindex(_cell_keys(table, spec, wide))
    aligned = _fill_empty(aligned, ev.columns)
    aligned.attrs = dict(ev.attrs)
    _type_axes(table, spec, wide)
    row_dims, col_dims = _dimension_names(spec, wide)
    role, label = _role_and_label(spec)
    return SDCTable(table, evidence=aligned, meta=_meta(spec), policy=policy, row_dims=row_dims,
                    col_dims=col_dims, measures=[Measure(name=label, role=role)],
                    margins_name=spec.margins_name if spec.margins else None, name=spec.function)


def _check_spec(spec: TableSpec) -> None:
    """Refuse what pandas would compute differently or what has no single definition."""
    stat = spec.stat
    if spec.weighted and stat is not None and not stat.weightable:
        raise ValueError(f"weights= cannot be used with {stat.name!r}: a weighted "
                         f"{stat.name} has no single definition; weights apply to frequency "
                         "tables, sums and means")
    if not spec.dropna:
        backend = spec.backend
        missing = [n for k, n in zip(spec.keys, [*spec.index_names, *spec.column_names],
                                     strict=True) if backend.has_missing(k)]
        if missing:
            raise ValueError(f"dropna=False with missing values in {missing}: pandas would make "
                             "them a category; fill them with a label first")


def _evidence_request(spec: TableSpec, policy: Policy) -> EvidenceRequest:
    """What the backend must compute per cell for this table and this policy's rules."""
    stat = spec.stat
    margins = _margin_sets(spec)
    return EvidenceRequest(
        by=tuple(spec.keys), value=VALUE if spec.has_value else None,
        contributor=CONTRIBUTOR if spec.by_contributor else None,
        weights=WEIGHT if spec.weighted else None,
        top_n=top_n_for(policy), stats=_needs_stats(stat),
        margins=margins if isinstance(margins, bool) else tuple(tuple(m) for m in margins),
        margins_name=spec.margins_name, observed=spec.dropna,
        quantiles=(stat.q,) if stat is not None and stat.q is not None else (),
        variance=stat is not None and stat.name in ("std", "var"),
        mode=stat is not None and stat.name == "mode",
        # every combination of the labels that occur: pandas' dropna=False, observed=True
        used_categories_only=not spec.dropna and spec.observed,
        top_ids=spec.top_ids,  # who made each top contribution: SDC502's respondent audit
    )


def _evidence(spec: TableSpec, policy: Policy) -> pd.DataFrame:
    """The per-cell evidence, margins labelled the way pandas labels them."""
    ev = spec.backend.cell_evidence(_evidence_request(spec, policy))
    if spec.margins:
        n_index = len(spec.index_keys)
        groups = [list(range(n_index)), list(range(n_index, len(spec.keys)))]
        ev.index = _pandas_margin_labels(ev.index, groups, spec.margins_name)
    return ev


def _published_table(ev: pd.DataFrame, spec: TableSpec, wide: bool) -> pd.DataFrame:
    """The published values reshaped as pandas would: wide or long, filled, empty rows and
    columns dropped, normalised."""
    values = _pandas_dtype(_stat_values(ev, spec), spec)
    fill = 0 if spec.stat is None else spec.fill_value
    if wide:
        table = values.unstack(spec.column_keys, fill_value=fill)
        if spec.values_level is not None:
            table = pd.concat({spec.values_level: table}, axis=1)
    else:
        index = ev.index
        if index.nlevels == 1:
            index = index.get_level_values(0)
        table = pd.DataFrame({spec.values_level if spec.values_level is not None
                              else spec.value_name: values.to_numpy()}, index=index)
        if fill is not None:
            table = table.fillna(fill)
    table = _drop_empty(table, spec)
    if spec.normalize is not False:
        table = _normalize(table, spec.normalize, spec.margins)
    return table


def _type_axes(table: pd.DataFrame, spec: TableSpec, wide: bool) -> None:
    """Name and type the table's axes as pandas would (in place)."""
    backend = spec.backend
    sources_rows = [backend.dtype(k) for k in spec.index_keys]
    sources_cols = [backend.dtype(k) for k in spec.column_keys]
    table.index = _pandas_axis(table.index, sources_rows, spec.margins).set_names(
        spec.index_names if table.index.nlevels == len(spec.index_names) else None)
    if wide:
        col_names = ([None] if spec.values_level is not None else []) + spec.column_names
        values_source = [np.dtype(object)] if spec.values_level is not None else []
        table.columns = _pandas_axis(table.columns, values_source + sources_cols,
                                     spec.margins).set_names(col_names)
    else:
        table.columns.name = None


def _dimension_names(spec: TableSpec, wide: bool) -> tuple[list[str], list[str | None] | None]:
    """The row and column dimension names the sidecar records (text, unique)."""
    dim_names = unique_names([*spec.index_names, *spec.column_names])
    row_dims = dim_names[: len(spec.index_names)]
    col_dims: list[str | None] | None = None
    if wide:
        col_dims = ([None] if spec.values_level is not None else []) + dim_names[
            len(spec.index_names):]
    return row_dims, col_dims


def _meta(spec: TableSpec) -> dict[str, Any]:
    """How the table was made, as the sidecar records it."""
    values = None
    if spec.value_name is not None or spec.weighted:
        values = str(spec.value_name if spec.value_name is not None else spec.weights_name)
    return {
        "values": values,
        "aggfunc": _recorded_aggfunc(spec),
        "population": dict(spec.population) if spec.population is not None else None,
        "where": spec.where,
        "contributor": None if spec.contributor_name is None else str(spec.contributor_name),
        "weighted": spec.weighted,
        "margins_name": spec.margins_name if spec.margins else None,
        "normalize": spec.normalize if spec.normalize is not False else None,
        "function": f"sdc.{spec.function}",
        **spec.extra_meta,
    }


def _role_and_label(spec: TableSpec) -> tuple[Role, str]:
    stat = spec.stat
    if spec.normalize is not False:
        return Role.PERCENT, "proportion"
    if stat is None:
        if spec.weighted:  # an estimate: thresholds still read the unweighted units
            return Role.STATISTIC, "weighted count"
        return Role.COUNT, "count"
    label = stat.name if spec.value_name is None else f"{stat.name} of {spec.value_name}"
    return stat.role, label


def _recorded_aggfunc(spec: TableSpec) -> str:
    """The statistic as the sidecar records it; ``sdc check`` derives the cells' role from it."""
    if spec.stat is None:
        return "weighted_count" if spec.weighted else "count"
    return spec.stat.name
