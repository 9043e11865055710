"""The Polars backend: evidence computed by a lazy Polars query; only per-cell rows come back.

A DataFrame is made lazy, so the same plan serves both; each grouping is one ``group_by``
(counts, sums, extremes, ``var(ddof=1)``, linear quantiles), a second over (cell, contributor)
for the units and ``top_k`` contributions, and one over (cell, value) for the mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from sdc.evidence.backends.base import TEXT, EvidenceRequest, GroupedBackend
from sdc.evidence.compute import quantile_column

__all__ = ["PolarsBackend"]


def _pandas_dtype(dtype: Any) -> Any:
    if dtype.is_integer():
        return np.dtype(np.int64)
    if dtype.is_float() or dtype.is_decimal():
        return np.dtype(np.float64)
    if dtype == pl.Boolean:
        return np.dtype(bool)
    if dtype.is_temporal():
        return np.dtype("datetime64[ns]")
    if isinstance(dtype, pl.Enum):  # its declared order, as a pandas Categorical keeps it
        return pd.CategoricalDtype(dtype.categories.to_list(), ordered=False)
    if dtype in (pl.String, pl.Categorical):  # Categorical: no declared order, labels sort
        return TEXT
    return np.dtype(object)


def _to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Per-cell rows as pandas, without needing pyarrow (a few thousand rows at most)."""
    return pd.DataFrame({name: pd.Series(frame[name].to_list(), dtype=object
                                         if frame[name].dtype == pl.List else None)
                         for name in frame.columns})


class PolarsBackend(GroupedBackend):
    """A Polars DataFrame or LazyFrame, projected to sdc's internal column names."""

    engine = "polars"

    def __init__(self, data: pl.DataFrame | pl.LazyFrame, columns: Mapping[str, str]) -> None:
        lazy = data.lazy() if isinstance(data, pl.DataFrame) else data
        schema = lazy.collect_schema()
        absent = [src for src in columns.values() if src not in schema]
        if absent:
            raise KeyError(absent[0])
        self.frame = lazy.select([pl.col(src).alias(name) for name, src in columns.items()])
        self._schema = {name: schema[src] for name, src in columns.items()}

    @property
    def columns(self) -> list[str]:
        return list(self._schema)

    def dtype(self, column: str) -> Any:
        return _pandas_dtype(self._schema[column])

    def _is_float(self, column: str) -> bool:
        return bool(self._schema[column].is_float())

    def _clean(self, column: str) -> pl.Expr:
        """The column with NaN read as missing, as pandas reads it."""
        col = pl.col(column)
        return col.fill_nan(None) if self._is_float(column) else col

    def _present(self, column: str) -> pl.Expr:
        col = pl.col(column)
        return col.is_not_null() & col.is_not_nan() if self._is_float(column) else \
            col.is_not_null()

    def has_missing(self, column: str) -> bool:
        return bool(self.frame.select((~self._present(column)).any()).collect().item())

    def _kept(self, request: EvidenceRequest) -> pl.LazyFrame:
        condition = pl.lit(True)
        for key in request.by:
            condition = condition & self._present(key)
        return self.frame.filter(condition)

    def _bad_weights(self, request: EvidenceRequest) -> bool:
        assert request.weights is not None
        w = pl.col(request.weights)
        bad = w.is_null() | (w < 0)
        if self._is_float(request.weights):
            bad = bad | w.is_nan()
        return bool(self._kept(request).select(bad.any()).collect().item())

    def _labels(self, key: str) -> pd.Series:
        found = self.frame.select(pl.col(key)).filter(self._present(key)).unique().collect()
        return pd.Series(found[key].to_list())

    def _group(self, keys: list[str], request: EvidenceRequest) -> pd.DataFrame:
        select = [pl.col(k) for k in request.by]
        has_value = request.value is not None
        weighted = request.weights is not None
        if request.value is not None:
            select.append(self._clean(request.value).cast(pl.Float64).alias("__v"))
        if request.contributor is not None:
            select.append(self._clean(request.contributor).alias("__c"))
        if request.weights is not None:
            select.append(pl.col(request.weights).cast(pl.Float64).alias("__w"))
        if not has_value and not weighted:
            select.append(pl.lit(1.0, dtype=pl.Float64).alias("__one"))
        base = self._kept(request).select(select)
        v, w = pl.col("__v"), pl.col("__w")
        if has_value:
            amount = v * w if weighted else v
            ok = v.is_not_null()
        else:
            amount = w if weighted else pl.col("__one")
            ok = pl.lit(True)
        top_n = request.top_n

        cell = [pl.len().alias("n_records")]
        if has_value:
            cell += [v.count().alias("n_values"), (v < 0).sum().alias("n_negative"),
                     amount.sum().alias("total")]
            if request.stats or request.variance:
                cell += [v.min().alias("min"), v.max().alias("max")]
            if request.variance:
                cell.append(v.var(ddof=1).alias("var"))
            cell += [v.quantile(q, interpolation="linear").alias(quantile_column(q))
                     for q in request.quantiles]
        else:
            cell += [pl.len().alias("n_values"), pl.lit(0).alias("n_negative"),
                     amount.sum().alias("total")]
        if weighted:
            cell += [w.sum().alias("weighted_count"),
                     (w.filter(ok) if has_value else w).sum().alias("weighted_n_values")]
        if request.contributor is None:
            cell.append((v.count() if has_value else pl.len()).alias("n_units"))
            if top_n:
                a = amount.filter(ok & (amount > 0))
                cell.append(a.top_k(top_n).alias("top"))

        if not keys:  # the grand total: one group (none when there are no rows)
            base, keys = base.with_columns(pl.lit(0).alias("__g")), ["__g"]

        def grouped(frame: pl.LazyFrame, by: list[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
            return frame.group_by(by).agg(aggs)

        def joined(left: pl.LazyFrame, right: pl.LazyFrame) -> pl.LazyFrame:
            return left.join(right, on=keys, how="left")

        result = grouped(base, keys, cell)
        if request.contributor is not None:
            sums = base.filter(ok).group_by([*keys, "__c"]).agg(amount.sum().alias("__a"))
            a = pl.col("__a")
            units = [pl.len().alias("n_units")]
            if top_n:
                units.append(a.filter(a > 0).top_k(top_n).alias("top"))
            if request.with_ids:
                units += [pl.col("__c").filter(a > 0).sort_by(a.filter(a > 0), descending=True)
                          .head(top_n + 1).alias("who"),
                          a.filter(a > 0).sort(descending=True).head(top_n + 1)
                          .alias("who_amount")]
            result = joined(result, grouped(sums, keys, units))
        if request.mode and has_value:
            counts = base.filter(ok).group_by([*keys, "__v"]).agg(pl.len().alias("__n"))
            modes = grouped(counts, keys, [v.sort_by([pl.col("__n"), v], descending=[True, False])
                                           .first().alias("mode")])
            result = joined(result, modes)
        return _to_pandas(result.collect())
