"""The evidence the API adds: quantiles, variance and mode in one vectorised pass, and cell
records that are exactly what ``sdc check`` reads back from the sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.api.sdc_table import evidence_records
from sdc.evidence.compute import cell_evidence, evidence_table, quantile_column
from sdc.evidence.sidecar import sidecar_document, sidecar_path


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 4000
    df = pd.DataFrame({"a": rng.integers(0, 6, n), "b": rng.choice(list("xyz"), n),
                       "v": rng.integers(0, 8, n).astype(float)})
    df.loc[rng.random(n) < 0.1, "v"] = np.nan
    df.loc[df.a == 5, "v"] = 2.5  # cells whose values are all the same
    return df


def test_quantiles_variance_and_mode_match_pandas(data: pd.DataFrame) -> None:
    options = {"quantiles": [0.5, 0.9, 0.25], "variance": True, "mode": True}
    inner = cell_evidence(data, ["a", "b"], "v", **options)
    ev = cell_evidence(data, ["a", "b"], "v", margins=True, **options)
    grouped = data.groupby(["a", "b"])["v"]
    assert list(inner.index) == list(grouped.size().index)
    for q in (0.5, 0.9, 0.25):
        np.testing.assert_allclose(inner[quantile_column(q)].to_numpy(),
                                   grouped.quantile(q).to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(inner["var"].to_numpy(), grouped.var().to_numpy(), rtol=1e-9)
    assert (inner["var"].loc[5] == 0.0).all()  # exactly 0, not a rounding residue
    modes = grouped.agg(lambda s: s.mode().min())
    np.testing.assert_array_equal(inner["mode"].to_numpy(), modes.to_numpy())
    whole = ev.loc[("All", "All")]
    assert whole[quantile_column(0.5)] == data.v.median()
    assert whole["var"] == pytest.approx(data.v.var())
    table = evidence_table(ev, "std", ["b"])
    assert table.loc["All", "All"] == pytest.approx(data.v.std())


def test_statistics_of_a_frequency_table_are_missing() -> None:
    df = pd.DataFrame({"g": list("aab")})
    ev = cell_evidence(df, ["g"], None, quantiles=[0.5], variance=True, mode=True)
    assert ev[[quantile_column(0.5), "var", "mode"]].isna().all().all()
    with pytest.raises(ValueError, match="fraction"):
        cell_evidence(df, ["g"], None, quantiles=[1.5])


def _tables(df: pd.DataFrame) -> list[sdc.SDCTable]:
    w = pd.Series(np.linspace(0.5, 2.0, len(df)), index=df.index, name="w")
    return [
        sdc.crosstab(df.a, df.b),
        sdc.crosstab(df.a, df.b, values=df.v, aggfunc="mean", margins=True),
        sdc.crosstab(df.a, df.b, values=df.v, aggfunc="median"),
        sdc.crosstab(df.a, df.b, weights=w, margins=True),
        sdc.pivot_table(df, values="v", index="a", columns="b", aggfunc="sum", fill_value=0),
        sdc.aggregate(df, by=["a", "b"], values="v", stats=["count", "std", "max"]),
    ]


def test_in_memory_records_are_the_sidecar_records(data: pd.DataFrame, tmp_path: Path) -> None:
    for k, table in enumerate(_tables(data)):
        frame = table.evidence
        fast = evidence_records(frame)
        meta = {**table.meta, "index": list(frame.index.names)[: len(table._row_dims)],
                "columns": list(frame.index.names)[len(table._row_dims):]}
        assert fast == sidecar_document(meta, frame)["cells"], k
        path = table.to_csv(tmp_path / f"t{k}.csv")
        written = json.loads(sidecar_path(path).read_text(encoding="utf-8"))["cells"]
        assert fast == written, k
        attached = [c.evidence for c in table.output.table.cells]
        assert all(record in fast for record in attached), k


def test_tables_are_computed_without_python_loops_over_groups(monkeypatch) -> None:
    """Per-group Python code would call pandas' groupby apply/agg or Series.quantile."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.integers(0, 300, 50_000), "b": rng.integers(0, 4, 50_000),
                       "v": rng.lognormal(size=50_000)})

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("per-group pandas aggregation was called")

    from pandas.core.groupby import generic

    monkeypatch.setattr(generic.SeriesGroupBy, "aggregate", refuse)
    monkeypatch.setattr(generic.DataFrameGroupBy, "aggregate", refuse)
    monkeypatch.setattr(pd.Series, "quantile", refuse)
    for aggfunc in ("mean", "median", "p90", "std", "mode"):
        table = sdc.crosstab(df.a, df.b, values=df.v, aggfunc=aggfunc, margins=True)
        assert table.df.shape == (301, 5)
    assert sdc.aggregate(df, by="a", values="v", stats=["mean", "p25", "var"]).df.shape == (300, 3)


def test_sidecar_table_dof_is_validated(tmp_path: Path) -> None:
    from sdc.evidence.sidecar import SidecarError, read_sidecar

    path = tmp_path / "m.csv.sdc.json"
    for dof, ok in ((12.0, True), (None, True), ("twelve", False), (True, False)):
        document = {"schema": "sdc.evidence/1", "table": {"index": ["term"], "dof": dof},
                    "cells": []}
        path.write_text(json.dumps(document), encoding="utf-8")
        if ok:
            assert read_sidecar(path)[0]["dof"] == dof
        else:
            with pytest.raises(SidecarError, match=r"table\.dof"):
                read_sidecar(path)
