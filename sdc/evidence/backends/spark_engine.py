"""The PySpark backend: evidence computed by Spark where the DataFrame lives (a cluster, or local
mode); only per-cell rows are collected.

Each grouping is a ``groupBy`` for the cell aggregates (counts, sums, extremes, ``var_samp``,
the exact ``percentile`` with linear interpolation), a ``groupBy`` over (cell, contributor) for
the per-contributor sums, a ``row_number()`` window per cell for the top contributions, and one
over (cell, value) counts for the mode (most frequent, smallest on ties).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from sdc.evidence.backends.base import TEXT, EvidenceRequest, GroupedBackend
from sdc.evidence.compute import quantile_column

__all__ = ["SparkBackend"]

_INTEGER = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_FLOAT = (T.FloatType, T.DoubleType)


def _name(column: str) -> str:
    return "`" + str(column).replace("`", "``") + "`"


def _pandas_dtype(dtype: Any) -> Any:
    if isinstance(dtype, _INTEGER):
        return np.dtype(np.int64)
    if isinstance(dtype, (*_FLOAT, T.DecimalType)):
        return np.dtype(np.float64)
    if isinstance(dtype, T.BooleanType):
        return np.dtype(bool)
    if isinstance(dtype, T.DateType | T.TimestampType):
        return np.dtype("datetime64[ns]")
    if isinstance(dtype, T.StringType):
        return TEXT
    return np.dtype(object)


def _to_pandas(frame: DataFrame) -> pd.DataFrame:
    """Collected per-cell rows as pandas (rows, not Arrow: no pyarrow needed)."""
    rows = frame.collect()
    return pd.DataFrame({name: pd.Series([r[name] for r in rows], dtype=object)
                         if name in ("top", "who", "who_amount")
                         else pd.Series([r[name] for r in rows])
                         for name in frame.columns})


class SparkBackend(GroupedBackend):
    """A Spark DataFrame, projected to sdc's internal column names."""

    engine = "spark"

    def __init__(self, data: DataFrame, columns: Mapping[str, str]) -> None:
        absent = [src for src in columns.values() if src not in data.columns]
        if absent:
            raise KeyError(absent[0])
        self.frame = data.select([F.col(_name(src)).alias(name)
                                  for name, src in columns.items()])
        self._types = {f.name: f.dataType for f in self.frame.schema.fields}

    @property
    def columns(self) -> list[str]:
        return list(self._types)

    def dtype(self, column: str) -> Any:
        return _pandas_dtype(self._types[column])

    def _is_float(self, column: str) -> bool:
        return isinstance(self._types[column], _FLOAT)

    def _clean(self, column: str) -> Column:
        """The column with NaN read as missing, as pandas reads it."""
        col = F.col(column)
        return F.when(F.isnan(col), F.lit(None)).otherwise(col) if self._is_float(column) \
            else col

    def _present(self, column: str) -> Column:
        col = F.col(column)
        return col.isNotNull() & ~F.isnan(col) if self._is_float(column) else col.isNotNull()

    def has_missing(self, column: str) -> bool:
        return bool(self.frame.filter(~self._present(column)).limit(1).count())

    def _kept(self, request: EvidenceRequest) -> DataFrame:
        condition = F.lit(True)
        for key in request.by:
            condition = condition & self._present(key)
        return self.frame.filter(condition)

    def _bad_weights(self, request: EvidenceRequest) -> bool:
        assert request.weights is not None
        w = F.col(request.weights)
        bad = w.isNull() | (w < 0)
        if self._is_float(request.weights):
            bad = bad | F.isnan(w)
        return bool(self._kept(request).filter(bad).limit(1).count())

    def _labels(self, key: str) -> pd.Series:
        rows = self.frame.select(key).filter(self._present(key)).distinct().collect()
        return pd.Series([r[0] for r in rows])

    def _group(self, keys: list[str], request: EvidenceRequest) -> pd.DataFrame:
        has_value = request.value is not None
        select = [F.col(k) for k in request.by]
        if request.value is not None:
            select.append(self._clean(request.value).cast("double").alias("__v"))
        if request.contributor is not None:
            select.append(self._clean(request.contributor).alias("__c"))
        if request.weights is not None:
            select.append(F.col(request.weights).cast("double").alias("__w"))
        else:
            select.append(F.lit(1.0).alias("__w"))
        base = self._kept(request).select(select)
        weighted = request.weights is not None
        v, w = F.col("__v"), F.col("__w")
        if has_value:
            amount = v * w if weighted else v
            ok = v.isNotNull()
        else:
            amount, ok = w, F.lit(True)
        top_n = request.top_n
        one = F.lit(1)

        cell = [F.count(one).alias("n_records")]
        if has_value:
            cell += [F.count(v).alias("n_values"),
                     F.count(F.when(v < 0, one)).alias("n_negative"),
                     F.sum(amount).alias("total")]
            if request.stats or request.variance:
                cell += [F.min(v).alias("min"), F.max(v).alias("max")]
            if request.variance:
                cell.append(F.var_samp(v).alias("var"))
            cell += [F.expr(f"percentile(__v, {q!r})").alias(quantile_column(q))
                     for q in request.quantiles]
        else:
            cell += [F.count(one).alias("n_values"), F.lit(0).alias("n_negative"),
                     F.sum(amount).alias("total")]
        if weighted:
            cell += [F.sum(w).alias("weighted_count"),
                     F.sum(F.when(ok, w)).alias("weighted_n_values")]
        if request.contributor is None:
            cell.append(F.count(F.when(ok, one)).alias("n_units"))

        def grouped(frame: DataFrame, aggs: list[Column]) -> DataFrame:
            return frame.groupBy(*keys).agg(*aggs)

        def joined(left: DataFrame, right: DataFrame) -> DataFrame:
            return left.join(right, on=keys, how="left") if keys else left.crossJoin(right)

        def largest(frame: DataFrame, column: str) -> DataFrame:
            """The ``top_n`` largest positive values of ``column`` per cell, as a list."""
            order = Window.partitionBy(*keys).orderBy(F.col(column).desc())
            ranked = frame.filter(F.col(column) > 0).withColumn(
                "__rank", F.row_number().over(order)).filter(F.col("__rank") <= top_n)
            return grouped(ranked, [F.collect_list(column).alias("top")])

        result = grouped(base, cell)
        if request.contributor is not None:
            sums = base.filter(ok).groupBy(*keys, "__c").agg(F.sum(amount).alias("__a"))
            result = joined(result, grouped(sums, [F.count(one).alias("n_units")]))
            if top_n:
                result = joined(result, largest(sums, "__a"))
            if request.with_ids:  # the top_n + 1 largest with their contributors, in order
                order = Window.partitionBy(*keys).orderBy(F.col("__a").desc())
                ranked = sums.filter(F.col("__a") > 0).withColumn(
                    "__rank", F.row_number().over(order)).filter(F.col("__rank") <= top_n + 1)
                pairs = F.sort_array(F.collect_list(F.struct(
                    F.col("__rank").alias("r"), F.col("__a").alias("a"), F.col("__c").alias("c"))))
                result = joined(result, grouped(ranked, [pairs.alias("__pairs")]).select(
                    *keys, F.col("__pairs.c").alias("who"), F.col("__pairs.a").alias("who_amount")))
        elif top_n:
            result = joined(result, largest(base.filter(ok).withColumn("__a", amount), "__a"))
        if request.mode and has_value:
            counts = base.filter(ok).groupBy(*keys, "__v").agg(F.count(one).alias("__n"))
            order = Window.partitionBy(*keys).orderBy(F.col("__n").desc(), v.asc())
            modes = counts.withColumn("__rank", F.row_number().over(order)).filter(
                F.col("__rank") == 1).select(*keys, v.alias("mode"))
            result = joined(result, modes)
        return _to_pandas(result)
