"""The DuckDB backend: evidence computed by SQL inside DuckDB; only per-cell rows come back.

One query per grouping: the cell aggregates (counts, total, extremes, ``var_samp``,
``quantile_cont``), the per-contributor sums of each cell with their count and ``max(x, n)``
(the n largest, for dominance), and the mode (most frequent value, smallest on ties, by a
``row_number()`` window). It reads a DuckDB relation, or a Parquet/CSV path through
``read_parquet``/``read_csv``, without loading the microdata into Python.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sdc.evidence.backends.base import TEXT, EvidenceRequest, GroupedBackend
from sdc.evidence.compute import quantile_column

__all__ = ["DuckDBBackend", "quote"]

_INTEGER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "UHUGEINT")
_FLOAT = ("FLOAT", "DOUBLE", "REAL")


def quote(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + str(name).replace('"', '""') + '"'


def _pandas_dtype(sql_type: str) -> Any:
    if sql_type in _INTEGER:
        return np.dtype(np.int64)
    if sql_type in _FLOAT or sql_type.startswith("DECIMAL"):
        return np.dtype(np.float64)
    if sql_type == "BOOLEAN":
        return np.dtype(bool)
    if sql_type.startswith("TIMESTAMP") or sql_type == "DATE":
        return np.dtype("datetime64[ns]")
    if sql_type == "VARCHAR":
        return TEXT
    return np.dtype(object)


def _enum_dtype(sql_type: Any) -> pd.CategoricalDtype | None:
    """An ENUM's values in their declared order, as pandas types a Categorical of them (labels
    then follow that order, and ``observed=False`` shows every value, as in pandas)."""
    if getattr(sql_type, "id", None) != "enum":
        return None
    values = dict(sql_type.children).get("values")
    return None if values is None else pd.CategoricalDtype(list(values), ordered=False)


class DuckDBBackend(GroupedBackend):
    """A DuckDB relation, projected to sdc's internal column names."""

    engine = "duckdb"

    def __init__(self, relation: Any, columns: Mapping[str, str]) -> None:
        """``columns`` maps each internal name to the relation's column it comes from."""
        absent = [src for src in columns.values() if src not in relation.columns]
        if absent:
            raise KeyError(absent[0])
        select = ", ".join(f"{quote(src)} AS {quote(name)}" for name, src in columns.items())
        self.relation = relation.query("sdc_source", f"SELECT {select} FROM sdc_source")
        self._types = {name: str(t) for name, t in zip(self.relation.columns,
                                                       self.relation.types, strict=True)}
        self._enums = {name: dtype for name, t in zip(self.relation.columns,
                                                      self.relation.types, strict=True)
                       if (dtype := _enum_dtype(t)) is not None}

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], columns: Mapping[str, str]) -> DuckDBBackend:
        """Read a Parquet or CSV file (or a glob of them) where it lies."""
        import duckdb

        text = os.fspath(path)
        con = duckdb.connect()
        lower = text.lower()
        if lower.endswith((".parquet", ".parq", ".pq")):
            relation = con.read_parquet(text)
        elif lower.endswith((".csv", ".csv.gz", ".tsv", ".txt")):
            relation = con.read_csv(text)
        else:
            raise ValueError(f"{text!r} is not a .parquet or .csv file; open it with DuckDB "
                             "and pass the relation")
        return cls(relation, columns)

    # --- what the column types say ---------------------------------------------------------

    @property
    def columns(self) -> list[str]:
        return list(self.relation.columns)

    def dtype(self, column: str) -> Any:
        return self._enums.get(column) or _pandas_dtype(self._types[column])

    def _is_float(self, column: str) -> bool:
        return self._types[column] in _FLOAT

    def _clean(self, column: str) -> str:
        """The column with NaN read as missing, as pandas reads it."""
        name = quote(column)
        return f"nullif({name}, 'NaN'::DOUBLE)" if self._is_float(column) else name

    def _present(self, column: str) -> str:
        name = quote(column)
        return f"({name} IS NOT NULL AND NOT isnan({name}))" if self._is_float(column) else \
            f"{name} IS NOT NULL"

    def _scalar(self, sql: str) -> Any:
        return self.relation.query("sdc_data", sql).fetchall()[0][0]

    def has_missing(self, column: str) -> bool:
        return bool(self._scalar(
            f"SELECT count(*) FILTER (WHERE NOT ({self._present(column)})) > 0 FROM sdc_data"))

    # --- evidence ---------------------------------------------------------------------------

    def _where(self, request: EvidenceRequest) -> str:
        return " AND ".join(self._present(k) for k in request.by)

    def _bad_weights(self, request: EvidenceRequest) -> bool:
        assert request.weights is not None
        w = quote(request.weights)
        bad = f"{w} IS NULL OR {w} < 0" + (f" OR isnan({w})" if self._is_float(
            request.weights) else "")
        return bool(self._scalar(f"SELECT count(*) FILTER (WHERE {bad}) > 0 FROM sdc_data "
                                 f"WHERE {self._where(request)}"))

    def _labels(self, key: str) -> pd.Series:
        frame = self.relation.query(
            "sdc_data", f"SELECT DISTINCT {quote(key)} AS k FROM sdc_data "
            f"WHERE {self._present(key)}").fetchdf()
        return frame["k"]

    def _base(self, request: EvidenceRequest) -> str:
        """The rows with every key present, values and weights as DOUBLE (NaN missing)."""
        select = [quote(k) for k in request.by]
        if request.value is not None:
            select.append(f"CAST({self._clean(request.value)} AS DOUBLE) AS __v")
        if request.contributor is not None:
            select.append(f"{self._clean(request.contributor)} AS __c")
        if request.weights is not None:
            select.append(f"CAST({quote(request.weights)} AS DOUBLE) AS __w")
        return f"SELECT {', '.join(select)} FROM sdc_data WHERE {self._where(request)}"

    def _group(self, keys: list[str], request: EvidenceRequest) -> pd.DataFrame:
        k = [quote(x) for x in keys]
        group_by = f"GROUP BY {', '.join(k)}" if k else ""
        k_sel = "".join(f"{x}, " for x in k)
        has_value = request.value is not None
        weighted = request.weights is not None
        if has_value:
            amount = "__v * __w" if weighted else "__v"
            ok = "__v IS NOT NULL"
        else:
            amount = "__w" if weighted else "1.0"
            ok = "TRUE"
        top_n = request.top_n

        cell = ["count(*) AS n_records"]
        if has_value:
            cell += ["count(__v) AS n_values", "count(*) FILTER (WHERE __v < 0) AS n_negative",
                     f"sum({amount}) AS total"]
            if request.stats or request.variance:
                cell += ["min(__v) AS min", "max(__v) AS max"]
            if request.variance:
                cell.append("var_samp(__v) AS var")
            cell += [f"quantile_cont(__v, {q!r}) AS {quote(quantile_column(q))}"
                     for q in request.quantiles]
        else:
            cell += ["count(*) AS n_values", "0 AS n_negative", f"sum({amount}) AS total"]
        if weighted:
            cell += ["sum(__w) AS weighted_count",
                     f"sum(__w) FILTER (WHERE {ok}) AS weighted_n_values"]
        if request.contributor is None:
            cell.append(f"count(*) FILTER (WHERE {ok}) AS n_units")
            if top_n:
                cell.append(f"max({amount}, {top_n}) FILTER (WHERE {ok} AND {amount} > 0) "
                            "AS top")
        ctes = [f"base AS ({self._base(request)})",
                f"cells AS (SELECT {k_sel}{', '.join(cell)} FROM base {group_by})"]
        joins = []
        using = f"USING ({', '.join(k)})" if k else "ON TRUE"
        if request.contributor is not None:
            top = f", max(__a, {top_n}) FILTER (WHERE __a > 0) AS top" if top_n else ""
            if request.with_ids:
                # wrapped: max_by skips a NULL id (the unknown contributor), max does not
                top += (f", max_by({{'c': __c}}, __a, {top_n + 1}) FILTER (WHERE __a > 0) AS who"
                        f", max(__a, {top_n + 1}) FILTER (WHERE __a > 0) AS who_amount")
            ctes.append(
                f"units AS (SELECT {k_sel}count(*) AS n_units{top} FROM ("
                f"SELECT {k_sel}{'__c, ' if request.with_ids else ''}sum({amount}) AS __a "
                f"FROM base WHERE {ok} "
                f"GROUP BY {k_sel}__c) {group_by})")
            joins.append(f"LEFT JOIN units {using}")
        if request.mode and has_value:
            partition = f"PARTITION BY {', '.join(k)} " if k else ""
            ctes.append(
                f"modes AS (SELECT {k_sel}__v AS mode FROM (SELECT {k_sel}__v, count(*) AS __n "
                f"FROM base WHERE __v IS NOT NULL GROUP BY {k_sel}__v) "
                f"QUALIFY row_number() OVER ({partition}ORDER BY __n DESC, __v) = 1)")
            joins.append(f"LEFT JOIN modes {using}")
        extra = "".join(
            [", units.n_units" + (", units.top" if top_n else "")
             + (", units.who, units.who_amount" if request.with_ids else "")]
            if request.contributor is not None else []) + (
            ", modes.mode" if request.mode and has_value else "")
        sql = (f"WITH {', '.join(ctes)} SELECT cells.*{extra} FROM cells "
               + " ".join(joins))
        return self.relation.query("sdc_data", sql).fetchdf()
