"""Evidence computed inside DuckDB and Polars: exact values on hand-built data, the same
evidence frame as the pandas backend, the data-first API on each engine's own objects and
paths, and the errors for what cannot be used."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.evidence.backends import EvidenceRequest, MissingEngine, engine_of, open_backend
from sdc.evidence.backends.pandas_engine import PandasBackend
from sdc.evidence.compute import quantile_column
from sdc.evidence.sidecar import read_sidecar, sidecar_document, sidecar_path

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")

# region, practice (contributor), cost; practice P1 has three records in north
RAW: dict[str, list[Any]] = {
    "region": ["north", "north", "north", "north", "north", "south", "south", None, "south"],
    "sex": ["F", "F", "M", "F", "M", "F", "M", "F", "F"],
    "practice": ["P1", "P1", "P1", "P2", None, "P3", "P3", "P4", "P5"],
    "cost": [10.0, 5.0, None, 3.0, 2.0, -4.0, 0.0, 99.0, float("nan")],
    "w": [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0],
}


def _pandas() -> pd.DataFrame:
    return pd.DataFrame(RAW)


def engines(raw: dict[str, list[Any]]) -> dict[str, Any]:
    """The same microdata as each engine holds it (pandas' NaN is Polars' null)."""
    frame = pd.DataFrame(raw)
    clean = {k: [None if isinstance(x, float) and np.isnan(x) else x for x in v]
             for k, v in raw.items()}
    return {
        "duckdb": duckdb.from_df(frame),
        "polars": pl.DataFrame(clean, strict=False),
        "polars-lazy": pl.DataFrame(clean, strict=False).lazy(),
    }


def sidecar_json(table: sdc.SDCTable) -> str:
    """The sidecar document ``to_csv`` writes beside the table, as text."""
    return json.dumps(sidecar_document(table._sidecar_meta(), table._sidecar_evidence()),
                      sort_keys=True)


def _backend(data: Any) -> Any:
    return open_backend(data, {c: c for c in RAW})


@pytest.mark.parametrize("engine", ["duckdb", "polars", "polars-lazy"])
def test_exact_evidence_inside_each_engine(engine: str) -> None:
    backend = _backend(engines(RAW)[engine])
    ev = backend.cell_evidence(EvidenceRequest(by=("region",), value="cost",
                                               contributor="practice"))
    assert list(ev.index) == [("north",), ("south",)]  # the row with no region is dropped
    north, south = ev.loc[("north",)], ev.loc[("south",)]
    # P1 sums 10 + 5 (its missing third record is no value); P2 3; unknown practice 2
    assert (north.n_records, north.n_values, north.n_missing, north.n_units) == (5, 4, 1, 3)
    assert (north.total, north.top1, north.top2, north.top3) == (20.0, 15.0, 3.0, 2.0)
    assert (north["min"], north["max"], north.all_same) == (2.0, 10.0, False)
    # NaN is a missing value; a negative is counted and never ranked; P3's net is -4
    assert (south.n_records, south.n_values, south.n_units, south.n_negative) == (3, 2, 1, 1)
    assert (south.total, south.top1) == (-4.0, 0.0)


@pytest.mark.parametrize("engine", ["duckdb", "polars", "polars-lazy"])
@pytest.mark.parametrize("request_", [
    EvidenceRequest(by=("region", "sex"), value="cost"),
    EvidenceRequest(by=("region", "sex"), value="cost", contributor="practice", weights="w",
                    margins=True),
    EvidenceRequest(by=("region", "sex"), value=None, contributor="practice", margins=True),
    EvidenceRequest(by=("sex",), value=None, weights="w", top_n=0),
    EvidenceRequest(by=("region", "sex"), value="cost", contributor="practice",
                    quantiles=(0.5, 0.9), variance=True, mode=True, observed=False),
    EvidenceRequest(by=("sex", "region"), value="cost", margins=(("sex",),), stats=False,
                    quantiles=(0.25,), mode=True),
], ids=["plain", "margins-weights", "frequency", "weighted-count", "statistics-full",
        "one-margin"])
def test_engines_give_the_pandas_evidence_frame(engine: str, request_: EvidenceRequest) -> None:
    expected = PandasBackend(_pandas()).cell_evidence(request_)
    got = _backend(engines(RAW)[engine]).cell_evidence(request_)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs


def test_no_rows_and_empty_grand_total() -> None:
    raw = {k: v[:0] for k, v in RAW.items()}
    request = EvidenceRequest(by=("region", "sex"), value="cost", margins=True)
    for name, data in engines(raw).items():
        if name == "duckdb":  # an empty pandas frame has no column types: give them
            data = duckdb.sql("SELECT 'a' AS region, 'F' AS sex, 'P' AS practice, "
                              "1.0 AS cost, 1.0 AS w WHERE false")
        if name.startswith("polars"):
            data = pl.DataFrame(schema={"region": pl.String, "sex": pl.String,
                                        "practice": pl.String, "cost": pl.Float64,
                                        "w": pl.Float64})
        ev = _backend(data).cell_evidence(request)
        assert len(ev) == 0, name


# --- the data-first API on each engine's objects ---------------------------------------------


def _same(got: sdc.SDCTable, expected: sdc.SDCTable) -> None:
    pd.testing.assert_frame_equal(got.df, expected.df)
    assert sidecar_json(got) == sidecar_json(expected)
    assert [f.to_dict() for f in got.findings] == [f.to_dict() for f in expected.findings]


@pytest.mark.parametrize("engine", ["duckdb", "polars", "polars-lazy"])
@pytest.mark.parametrize("aggfunc", ["mean", "sum", "median", "std", "mode", "p90", "count",
                                     "max"])
def test_pivot_table_on_an_engine_is_the_pandas_table(engine: str, aggfunc: str) -> None:
    expected = sdc.pivot_table(_pandas(), index="region", columns="sex", values="cost",
                               aggfunc=aggfunc, contributor="practice", margins=True)
    got = sdc.pivot_table(engines(RAW)[engine], index="region", columns="sex", values="cost",
                          aggfunc=aggfunc, contributor="practice", margins=True)
    _same(got, expected)
    assert got.status == expected.status


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_crosstab_and_aggregate_take_data_and_names(engine: str) -> None:
    df = _pandas()
    data = engines(RAW)[engine]
    _same(sdc.crosstab(data=data, index="region", columns="sex", contributor="practice"),
          sdc.crosstab(df.region, df.sex, contributor=df.practice))
    _same(sdc.crosstab(data=data, index="region", columns="sex", values="cost",
                       aggfunc="sum", weights="w", margins=True),
          sdc.crosstab(df.region, df.sex, values=df.cost, aggfunc="sum", weights=df.w,
                       margins=True))
    _same(sdc.crosstab(data=df, index="region", columns="sex"),  # pandas data= too
          sdc.crosstab(df.region, df.sex))
    stats = ["count", "size", "mean", "median", "p25", "std", "min", "max", "mode"]
    _same(sdc.aggregate(data, by=["region", "sex"], values="cost", stats=stats,
                        contributor="practice"),
          sdc.aggregate(df, by=["region", "sex"], values="cost", stats=stats,
                        contributor="practice"))


def test_integer_values_stay_integers_and_labels_sort_like_pandas() -> None:
    raw = {"g": [3, 1, 2, 1, 10], "v": [4, 5, 6, 7, 8]}
    df = pd.DataFrame(raw)
    for data in (duckdb.from_df(df), pl.DataFrame(raw)):
        for aggfunc in ("sum", "max", "mean"):
            _same(sdc.pivot_table(data, index="g", values="v", aggfunc=aggfunc),
                  sdc.pivot_table(df, index="g", values="v", aggfunc=aggfunc))


def test_parquet_and_csv_paths_are_read_by_duckdb(tmp_path: Path) -> None:
    df = _pandas()
    parquet, csv = tmp_path / "cohort.parquet", tmp_path / "cohort.csv"
    duckdb.from_df(df).write_parquet(str(parquet))
    df.to_csv(csv, index=False)
    expected = sdc.pivot_table(df, index="region", columns="sex", values="cost",
                               aggfunc="mean", contributor="practice")
    for path in (parquet, str(csv)):
        got = sdc.pivot_table(path, index="region", columns="sex", values="cost",
                              aggfunc="mean", contributor="practice")
        _same(got, expected)
    saved = got.to_csv(tmp_path / "table.csv")  # the sidecar sdc check reads
    meta, cells = read_sidecar(sidecar_path(saved))
    assert meta["contributor"] == "practice"
    assert cells[("north", "F")]["n_units"] == 2  # P1 and P2
    with pytest.raises(FileNotFoundError):
        sdc.pivot_table(tmp_path / "absent.parquet", index="region", values="cost")


def test_dropna_false_fills_every_combination() -> None:
    raw = {"a": ["x", "x", "y"], "b": ["p", "q", "q"], "v": [1.0, 0.0, 0.0]}
    df = pd.DataFrame(raw)
    for data in engines(raw).values():
        _same(sdc.crosstab(data=data, index="a", columns="b", values="v", aggfunc="sum",
                           dropna=False),
              sdc.crosstab(df.a, df.b, values=df.v, aggfunc="sum", dropna=False))
        with pytest.raises(ValueError, match="dropna=False with missing"):
            sdc.crosstab(data=engines(RAW)["duckdb"], index="region", columns="sex",
                         dropna=False)


# --- what cannot be used fails with a clear error -------------------------------------------


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_bad_input_is_refused_not_guessed(engine: str) -> None:
    data = engines(RAW)[engine]
    with pytest.raises(TypeError, match="must be numeric"):
        sdc.pivot_table(data, index="sex", values="region", aggfunc="mean")
    with pytest.raises(KeyError):
        sdc.pivot_table(data, index="nope", values="cost")
    with pytest.raises(TypeError, match="must name a column"):
        sdc.pivot_table(data, index="sex", values="cost", contributor=_pandas().practice)
    negative = {**RAW, "w": [-1.0, *RAW["w"][1:]]}
    with pytest.raises(ValueError, match="missing or negative weights"):
        sdc.pivot_table(engines(negative)[engine], index="sex", values="cost",
                        aggfunc="sum", weights="w")


def test_a_missing_engine_names_its_extra(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # what an install without it sees
    with pytest.raises(MissingEngine, match=r"pip install 'sdc\[duckdb\]'"):
        sdc.pivot_table(tmp_path / "cohort.parquet", index="region", values="cost")


def test_unknown_data_and_a_missing_spark_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class SparkLike:  # a stand-in with pyspark's module name, on an install without pyspark
        pass

    SparkLike.__module__ = "pyspark.sql.dataframe"
    assert engine_of(SparkLike()) == "spark"
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(MissingEngine, match=r"pip install 'sdc\[spark\]'"):
        sdc.pivot_table(SparkLike(), index="region", values="cost")
    with pytest.raises(TypeError, match="data must be"):
        sdc.pivot_table([1, 2, 3], index="region", values="cost")


def test_quantile_column_names_are_shared() -> None:
    ev = _backend(engines(RAW)["duckdb"]).cell_evidence(
        EvidenceRequest(by=("sex",), value="cost", quantiles=(0.9,)))
    assert quantile_column(0.9) in ev.columns


# --- what the cross-engine property test found in the pandas path -----------------------------


def test_columns_keep_their_sort_order_when_a_label_only_has_dropped_rows() -> None:
    # "M" occurs only on a row whose region is missing: pandas 3.1's remove_unused_levels
    # reorders the remaining labels by first appearance (X before F)
    df = pd.DataFrame({"region": ["a", "a", "b", None], "sex": ["X", "X", "F", "M"],
                       "w": [0.5, 1.0, 4.0, 4.0]})
    expected = pd.crosstab(df.region, df.sex)
    table = sdc.crosstab(df.region, df.sex)
    assert list(table.df.columns) == list(expected.columns) == ["F", "X"]
    assert list(sdc.crosstab(df.region, df.sex, weights=df.w).df.columns) == ["F", "X"]


def test_a_sum_of_no_values_is_a_float_zero_like_pandas() -> None:
    df = pd.DataFrame({"g": ["b"], "v": [np.nan]})
    expected = pd.pivot_table(df, index="g", values="v", aggfunc="sum", dropna=False)
    got = sdc.pivot_table(df, index="g", values="v", aggfunc="sum")
    assert got.df["v"].dtype == expected["v"].dtype == np.float64
    assert got.df.loc["b", "v"] == 0.0
