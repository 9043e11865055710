"""Per-cell evidence: exact values on hand-built frames, agreement with pandas and with a naive
per-group loop, and the sidecar round trip and validation."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.evidence import compute
from sdc.evidence.compute import cell_evidence, evidence_table
from sdc.evidence.dominance import nk_dominance, p_percent
from sdc.evidence.sidecar import SidecarError, read_sidecar, sidecar_path, write_sidecar


def row(ev: pd.DataFrame, *key: object) -> pd.Series:
    return ev.loc[tuple(key)]


# --- exact values on small frames -------------------------------------------------------------


def test_counts_totals_and_top_without_contributor() -> None:
    df = pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b"],
            "v": [10.0, 6.0, 5.0, 2.0, 2.0],
        }
    )
    ev = cell_evidence(df, ["g"], "v")
    assert list(ev.index) == [("a",), ("b",)]
    a, b = row(ev, "a"), row(ev, "b")
    assert (a.n_records, a.n_units, a.n_values, a.n_missing, a.n_negative) == (3, 3, 3, 0, 0)
    assert (a.total, a.top1, a.top2, a.top3) == (21.0, 10.0, 6.0, 5.0)
    assert (a["min"], a["max"], a.all_same) == (5.0, 10.0, False)
    assert (b.total, b.top1, b.top2, b.top3) == (4.0, 2.0, 2.0, 0.0)  # ties kept, zero-padded
    assert b.all_same


def test_contributor_rows_are_summed_before_ranking() -> None:
    df = pd.DataFrame({"g": ["a"] * 4, "firm": ["A", "A", "B", "C"], "v": [5.0, 6.0, 10.0, 1.0]})
    per_record = row(cell_evidence(df, ["g"], "v"), "a")
    assert (per_record.n_units, per_record.top1, per_record.top2) == (4, 10.0, 6.0)
    per_firm = row(cell_evidence(df, ["g"], "v", contributor="firm"), "a")
    assert (per_firm.n_records, per_firm.n_units) == (4, 3)
    assert (per_firm.top1, per_firm.top2, per_firm.top3) == (11.0, 10.0, 1.0)
    # the dominance verdict changes: firm A + B hold 21 of 22
    top = cell_evidence(df, ["g"], "v", contributor="firm")[["top1", "top2"]].to_numpy()
    assert nk_dominance(top, np.array([22.0]), 2, 0.95)[0]


def test_missing_values_are_not_units() -> None:
    df = pd.DataFrame({"g": ["a"] * 10, "v": [7.0] + [np.nan] * 9})
    a = row(cell_evidence(df, ["g"], "v"), "a")
    assert (a.n_records, a.n_units, a.n_values, a.n_missing) == (10, 1, 1, 9)
    assert (a.total, a.top1, a["min"], a["max"], a.all_same) == (7.0, 7.0, 7.0, 7.0, True)
    # a contributor whose values are all missing is not a unit either
    df["firm"] = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    a = row(cell_evidence(df, ["g"], "v", contributor="firm"), "a")
    assert (a.n_records, a.n_units) == (10, 1)


def test_nullable_dtypes_and_missing_contributor_ids() -> None:
    df = pd.DataFrame(
        {
            "g": pd.array(["a", "a", "a", "a", pd.NA], dtype="string"),
            "firm": pd.array([1, 1, pd.NA, pd.NA, 2], dtype="Int64"),
            "v": pd.array([4, 5, 1, 2, 9], dtype="Int64"),
        }
    )
    a = row(cell_evidence(df, ["g"], "v", contributor="firm"), "a")
    # rows without a firm id are lumped into one unknown contributor of the cell
    assert (a.n_records, a.n_units, a.total, a.top1, a.top2) == (4, 2, 12.0, 9.0, 3.0)


def test_cell_without_values() -> None:
    df = pd.DataFrame({"g": ["a", "a"], "v": [np.nan, np.nan]})
    a = row(cell_evidence(df, ["g"], "v"), "a")
    assert (a.n_units, a.total, a.top1, a.all_same) == (0, 0.0, 0.0, False)
    assert np.isnan(a["min"]) and np.isnan(a["max"])


def test_weights_scale_totals_not_units() -> None:
    df = pd.DataFrame(
        {"g": ["a", "a", "a"], "id": [1, 1, 2], "v": [1.0, 2.0, np.nan], "w": [10.0, 5.0, 3.0]}
    )
    plain = row(cell_evidence(df, ["g"], "v", contributor="id"), "a")
    weighted = row(cell_evidence(df, ["g"], "v", contributor="id", weights="w"), "a")
    for name in ("n_records", "n_units", "n_values", "n_missing"):
        assert plain[name] == weighted[name]
    assert (plain.total, weighted.total) == (3.0, 20.0)
    assert (weighted.top1, weighted.top2) == (20.0, 0.0)
    assert (weighted.weighted_count, weighted.weighted_n_values) == (18.0, 15.0)
    assert (weighted["min"], weighted["max"]) == (1.0, 2.0)  # raw values, unweighted
    assert "weighted_count" not in cell_evidence(df, ["g"], "v").columns


def test_negative_values_are_counted_and_never_ranked() -> None:
    df = pd.DataFrame({"g": ["a"] * 4, "v": [-5.0, 3.0, 2.0, 0.0]})
    a = row(cell_evidence(df, ["g"], "v"), "a")
    assert (a.n_negative, a.total, a["min"]) == (1, 0.0, -5.0)
    assert (a.top1, a.top2, a.top3) == (3.0, 2.0, 0.0)
    # a contributor whose records net to a negative contribution is not ranked either
    df["firm"] = ["A", "A", "B", "B"]
    a = row(cell_evidence(df, ["g"], "v", contributor="firm"), "a")
    assert (a.n_negative, a.n_units, a.top1, a.top2) == (1, 2, 2.0, 0.0)


def test_frequency_table() -> None:
    df = pd.DataFrame({"g": ["a", "a", "a", "b"], "id": [1, 1, 2, 3], "w": [1.0, 2.0, 3.0, 4.0]})
    ev = cell_evidence(df, ["g"], None)
    a = row(ev, "a")
    assert (a.n_records, a.n_units, a.total, a.top1, a.top2) == (3, 3, 3.0, 1.0, 1.0)
    assert not ev.all_same.any() and ev["min"].isna().all()
    a = row(cell_evidence(df, ["g"], None, contributor="id", weights="w"), "a")
    assert (a.n_records, a.n_units, a.total, a.top1, a.top2) == (3, 2, 6.0, 3.0, 3.0)


def test_margins_come_from_the_microdata() -> None:
    df = pd.DataFrame(
        {
            "r": ["x", "x", "x", "y"],
            "c": ["p", "q", "q", "p"],
            "firm": ["A", "A", "B", "B"],
            "v": [5.0, 6.0, 1.0, 4.0],
        }
    )
    ev = cell_evidence(df, ["r", "c"], "v", contributor="firm", margins=True)
    assert list(ev.index) == [
        ("x", "p"),
        ("x", "q"),
        ("x", "All"),
        ("y", "p"),
        ("y", "All"),
        ("All", "p"),
        ("All", "q"),
        ("All", "All"),
    ]
    x_all = row(ev, "x", "All")
    # firm A is one unit in the row margin although it sits in two cells
    assert row(ev, "x", "p").n_units + row(ev, "x", "q").n_units == 3
    assert (x_all.n_records, x_all.n_units, x_all.total) == (3, 2, 12.0)
    assert (x_all.top1, x_all.top2) == (11.0, 1.0)  # A's 5 + 6, summed across cells
    grand = row(ev, "All", "All")
    assert (grand.n_records, grand.n_units, grand.total, grand.top1, grand.top2) == (
        4,
        2,
        16.0,
        11.0,
        5.0,
    )
    only_rows = cell_evidence(df, ["r", "c"], "v", margins=[["r"]])
    assert ("x", "All") in only_rows.index and ("All", "p") not in only_rows.index


def test_missing_keys_are_dropped_like_crosstab() -> None:
    df = pd.DataFrame(
        {
            "r": ["x", None, "y", "x", np.nan],
            "c": ["p", "p", None, "q", "q"],
            "v": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    ev = cell_evidence(df, ["r", "c"], "v")
    counts = ev.n_records.unstack("c").fillna(0).astype(int)
    expected = pd.crosstab(df.r, df.c)
    pd.testing.assert_frame_equal(counts, expected, check_names=False, check_dtype=False)


def test_categoricals_observed_and_not() -> None:
    df = pd.DataFrame(
        {
            "r": pd.Categorical(["x", "y", "x"], categories=["z", "y", "x"]),
            "c": [2, 1, 2],
            "v": [1.0, 2.0, 3.0],
        }
    )
    ev = cell_evidence(df, ["r", "c"], "v")
    assert list(ev.index) == [("y", 1), ("x", 2)]  # category order, like groupby
    full = cell_evidence(df, ["r", "c"], "v", observed=False)
    assert len(full) == 6
    empty = row(full, "z", 1)
    assert (empty.n_records, empty.n_units, empty.total, empty.all_same) == (0, 0, 0.0, False)


def test_margins_name_collision_and_bad_arguments() -> None:
    df = pd.DataFrame({"r": ["All", "x"], "v": [1.0, 2.0], "t": ["a", "b"], "w": [1.0, -1.0]})
    with pytest.raises(ValueError, match="margins_name"):
        cell_evidence(df, ["r"], "v", margins=True)
    with pytest.raises(ValueError, match="not in the data frame"):
        cell_evidence(df, ["nope"], "v")
    with pytest.raises(TypeError, match="numeric"):
        cell_evidence(df, ["r"], "t")
    with pytest.raises(ValueError, match="negative weights"):
        cell_evidence(df, ["r"], "v", weights="w")
    with pytest.raises(ValueError, match="top_n"):
        cell_evidence(df, ["r"], "v", top_n=-1)
    with pytest.raises(ValueError, match="at least one"):
        cell_evidence(df, [], "v")


def test_top_n_zero_and_empty_frame() -> None:
    df = pd.DataFrame({"r": ["x"], "v": [1.0]})
    assert "top1" not in cell_evidence(df, ["r"], "v", top_n=0).columns
    empty = cell_evidence(df.iloc[:0], ["r"], "v")
    assert len(empty) == 0 and "n_units" in empty.columns


def test_high_cardinality_keys_use_the_compressing_path() -> None:
    rng = np.random.default_rng(1)
    n = 3000
    df = pd.DataFrame({f"k{i}": rng.integers(0, 10**6, n) for i in range(4)})
    df["v"] = rng.normal(size=n)
    df["id"] = rng.integers(0, 10**6, n)
    by = [f"k{i}" for i in range(4)]
    ev = cell_evidence(df, by, "v", contributor="id")  # 10**24 combinations > int64
    grouped = df.groupby(by)
    pd.testing.assert_series_equal(
        ev.n_records, grouped.size(), check_names=False, check_index_type=False
    )
    pd.testing.assert_series_equal(
        ev.n_units, grouped.id.nunique(), check_names=False, check_index_type=False
    )


# --- agreement with pandas --------------------------------------------------------------------


@pytest.fixture(scope="module")
def random_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 2000
    df = pd.DataFrame(
        {
            "a": pd.Categorical(rng.choice(list("pqrs"), n)),
            "b": rng.choice(["u", "v", "w", None], n),
            "c": rng.integers(0, 3, n),
            "v": rng.lognormal(2, 1, n),
        }
    )
    df.loc[rng.random(n) < 0.05, "v"] = np.nan
    return df


def test_table_matches_crosstab(random_frame: pd.DataFrame) -> None:
    df = random_frame
    for aggfunc in ("mean", "sum", "count", "min", "max"):
        ours = evidence_table(cell_evidence(df, ["a", "b"], "v"), aggfunc, ["b"])
        theirs = pd.crosstab(df.a, df.b, values=df.v, aggfunc=aggfunc)
        pd.testing.assert_frame_equal(
            ours, theirs, check_names=False, check_dtype=False, check_index_type=False,
            check_column_type=False, check_categorical=False,
        )  # fmt: skip
    ours = evidence_table(cell_evidence(df, ["a", "b", "c"], "v"), "mean", ["c"])
    theirs = pd.crosstab([df.a, df.b], df.c, values=df.v, aggfunc="mean")
    pd.testing.assert_frame_equal(
        ours, theirs, check_names=False, check_index_type=False, check_column_type=False,
        check_categorical=False,
    )  # fmt: skip


def test_margins_match_crosstab(random_frame: pd.DataFrame) -> None:
    df = random_frame.dropna(subset=["b"])
    ours = evidence_table(cell_evidence(df, ["a", "b"], "v", margins=True), "mean", ["b"])
    theirs = pd.crosstab(df.a, df.b, values=df.v, aggfunc="mean", margins=True)
    ours.index, ours.columns = ours.index.astype(str), ours.columns.astype(str)
    theirs.index, theirs.columns = theirs.index.astype(str), theirs.columns.astype(str)
    pd.testing.assert_frame_equal(ours, theirs, check_names=False)
    counts = evidence_table(cell_evidence(df, ["a", "b"], None, margins=True), "size", ["b"])
    theirs = pd.crosstab(df.a, df.b, margins=True)
    np.testing.assert_array_equal(counts.to_numpy(), theirs.to_numpy())


# --- agreement with a naive per-group loop ----------------------------------------------------

MARGIN = "All"


def naive_evidence(
    df: pd.DataFrame,
    by: list[str],
    value: str | None,
    contributor: str | None,
    weights: str | None,
    top_n: int,
    margins: bool,
) -> dict[tuple, dict]:
    """Evidence the slow, obvious way: group row numbers in dicts and loop over each cell."""
    kept_sets = [tuple(by)]
    if margins:
        kept_sets += [c for size in range(len(by)) for c in combinations(by, size)]
    records = df.to_dict("records")
    out: dict[tuple, dict] = {}
    for kept in kept_sets:
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for rec in records:
            if any(pd.isna(rec[d]) for d in by):
                continue
            groups[tuple(rec[d] if d in kept else MARGIN for d in by)].append(rec)
        for key, recs in groups.items():
            w = [rec[weights] if weights else 1.0 for rec in recs]
            if value is None:
                has = [True] * len(recs)
                amount = list(w)
                vals: list[float] = []
            else:
                has = [not pd.isna(rec[value]) for rec in recs]
                amount = [
                    rec[value] * wi if h else 0.0 for rec, wi, h in zip(recs, w, has, strict=True)
                ]
                vals = [rec[value] for rec, h in zip(recs, has, strict=True) if h]
            if contributor is None:
                contributions = [a for a, h in zip(amount, has, strict=True) if h]
            else:
                per: dict[object, float] = defaultdict(float)
                for rec, a, h in zip(recs, amount, has, strict=True):
                    if h:
                        cid = rec[contributor]
                        per["<unknown>" if pd.isna(cid) else cid] += a
                contributions = list(per.values())
            top = sorted((c for c in contributions if c > 0), reverse=True)[:top_n]
            out[key] = {
                "n_records": len(recs),
                "n_units": len(contributions),
                "n_values": sum(has),
                "n_missing": len(recs) - sum(has),
                "n_negative": sum(1 for x in vals if x < 0),
                "total": math.fsum(a for a, h in zip(amount, has, strict=True) if h),
                "top": top + [0.0] * (top_n - len(top)),
                "min": min(vals) if vals else None,
                "max": max(vals) if vals else None,
                "all_same": bool(vals) and min(vals) == max(vals),
                "weighted_count": math.fsum(w),
                "weighted_n_values": math.fsum(wi for wi, h in zip(w, has, strict=True) if h),
            }
    return out


keys = st.sampled_from(["a", "b", "c", None])
numbers = st.one_of(st.none(), st.integers(-3, 12).map(float), st.floats(-100, 1e4))


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 30))
    df = pd.DataFrame(
        {
            "k1": draw(st.lists(keys, min_size=n, max_size=n)),
            "k2": draw(st.lists(st.sampled_from([1, 2, 3]), min_size=n, max_size=n)),
            "v": draw(st.lists(numbers, min_size=n, max_size=n)),
            "w": draw(st.lists(st.floats(0, 5), min_size=n, max_size=n)),
        }
    ).astype({"v": float, "w": float, "k1": object})
    if draw(st.booleans()):
        df["id"] = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    else:
        df["id"] = draw(st.lists(st.sampled_from(["f", "g", "h", None]), min_size=n, max_size=n))
    if draw(st.booleans()):
        df["k1"] = pd.Categorical(df["k1"], categories=["c", "a", "b", "unused"])
    return df


def _compare(ev: pd.DataFrame, expected: dict[tuple, dict], top_n: int, weighted: bool) -> None:
    assert len(ev) == len(expected)
    for key, cell in zip(ev.index, ev.to_dict("records"), strict=True):
        exp = expected[tuple(key)]
        for name in ("n_records", "n_units", "n_values", "n_missing", "n_negative", "all_same"):
            assert cell[name] == exp[name], (key, name)
        assert cell["total"] == pytest.approx(exp["total"], rel=1e-9, abs=1e-6), key
        got_top = [cell[f"top{i}"] for i in range(1, top_n + 1)]
        assert got_top == pytest.approx(exp["top"], rel=1e-9, abs=1e-6), key
        for name in ("min", "max"):
            if exp[name] is None:
                assert np.isnan(cell[name])
            else:
                assert cell[name] == exp[name]
        if weighted:
            for name in ("weighted_count", "weighted_n_values"):
                assert cell[name] == pytest.approx(exp[name], rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    frames(),
    st.sampled_from(["v", None]),
    st.booleans(),
    st.booleans(),
    st.integers(0, 4),
    st.booleans(),
    st.sampled_from(["default", "sparse", "compress"]),
)
def test_matches_naive_loop(
    df: pd.DataFrame,
    value: str | None,
    use_contributor: bool,
    use_weights: bool,
    top_n: int,
    margins: bool,
    path: str,
) -> None:
    contributor = "id" if use_contributor else None
    weights = "w" if use_weights else None
    by = ["k1", "k2"]
    # "sparse" forces the sort-based numbering, "compress" the int64-overflow fallback
    limits = {
        "default": {"_DENSE_LIMIT": compute._DENSE_LIMIT},
        "sparse": {"_DENSE_LIMIT": 0},
        "compress": {"_ID_LIMIT": 2},
    }[path]
    with mock.patch.multiple(compute, **limits):
        ev = cell_evidence(df, by, value, contributor, weights, top_n, margins=margins)
    expected = naive_evidence(df, by, value, contributor, weights, top_n, margins)
    _compare(ev, expected, top_n, use_weights)


# --- the sidecar ------------------------------------------------------------------------------


@pytest.fixture
def evidence() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "sex": ["F", "F", "M", "M", "M"],
            "region": ["N", "S", "N", "N", None],
            "firm": [1, 2, 3, 3, 4],
            "v": [10.0, np.nan, 4.0, 6.0, 1.0],
        }
    )
    return cell_evidence(df, ["sex", "region"], "v", contributor="firm", margins=True)


def test_sidecar_round_trip(tmp_path: Path, evidence: pd.DataFrame) -> None:
    path = sidecar_path(tmp_path / "t1.csv")
    assert path.name == "t1.csv.sdc.json"
    meta_in = {"index": ["region"], "columns": ["sex"], "aggfunc": "sum", "population": None}
    write_sidecar(path, meta_in, evidence)
    json.loads(path.read_text(), parse_constant=lambda c: pytest.fail(f"non-JSON {c}"))
    meta, cells = read_sidecar(path)
    assert meta["dimensions"] == ["region", "sex"]
    assert (meta["values"], meta["contributor"], meta["weighted"]) == ("v", "firm", False)
    assert (meta["margins_name"], meta["top_n"], meta["aggfunc"]) == ("All", 3, "sum")
    assert len(cells) == len(evidence)
    north_m = cells[("N", "M")]  # (region, sex): the order of index + columns
    assert north_m["coords"] == {"region": "N", "sex": "M"}
    assert (north_m["n_records"], north_m["n_units"], north_m["total"]) == (2, 1, 10.0)
    assert north_m["top"] == [10.0, 0.0, 0.0]
    south_f = cells[("S", "F")]
    assert (south_f["n_missing"], south_f["min"], south_f["max"]) == (1, None, None)
    assert cells[("All", "All")]["n_units"] == 2  # firm 2 has no value, firm 4 no region


def test_sidecar_rejects_dimensions_that_do_not_match(tmp_path: Path, evidence) -> None:
    with pytest.raises(SidecarError, match="exactly once"):
        write_sidecar(tmp_path / "x.sdc.json", {"index": ["sex"]}, evidence)
    with pytest.raises(SidecarError, match="JSON-safe"):
        meta = {"index": ["sex"], "columns": ["region"], "note": object()}
        write_sidecar(tmp_path / "x.sdc.json", meta, evidence)
    broken = evidence.astype({"n_records": float})
    broken.iloc[0, broken.columns.get_loc("n_records")] = np.nan
    with pytest.raises(SidecarError, match="whole number"):
        write_sidecar(tmp_path / "x.sdc.json", {"index": ["sex", "region"]}, broken)
    assert not list(tmp_path.iterdir())  # nothing half-written


def _valid_document() -> dict:
    return {
        "schema": "sdc.evidence/1",
        "table": {"index": ["r"], "columns": ["c"], "values": "v", "top_n": 2},
        "cells": [
            {
                "coords": {"r": "x", "c": "p"},
                "n_records": 3,
                "n_units": 2,
                "n_values": 3,
                "n_missing": 0,
                "n_negative": 0,
                "total": 9.0,
                "top": [5.0, 4.0],
                "min": 1.0,
                "max": 4.0,
                "all_same": False,
                "dof": None,
            }
        ],
    }


def _broken(change) -> dict:
    doc = _valid_document()
    change(doc)
    return doc


BROKEN = {
    "top-level list": [],
    "wrong schema": _broken(lambda d: d.update(schema="sdc.evidence/9")),
    "no table": _broken(lambda d: d.pop("table")),
    "no index": _broken(lambda d: d["table"].pop("index")),
    "index not list": _broken(lambda d: d["table"].update(index="r")),
    "weighted not bool": _broken(lambda d: d["table"].update(weighted="yes")),
    "no cells": _broken(lambda d: d.pop("cells")),
    "cell not object": _broken(lambda d: d["cells"].append(3)),
    "missing n_units": _broken(lambda d: d["cells"][0].pop("n_units")),
    "n_units text": _broken(lambda d: d["cells"][0].update(n_units="2")),
    "n_records bool": _broken(lambda d: d["cells"][0].update(n_records=True)),
    "negative count": _broken(lambda d: d["cells"][0].update(n_negative=-1)),
    "inconsistent counts": _broken(lambda d: d["cells"][0].update(n_missing=1)),
    "units exceed records": _broken(lambda d: d["cells"][0].update(n_units=4)),
    "missing total": _broken(lambda d: d["cells"][0].pop("total")),
    "total text": _broken(lambda d: d["cells"][0].update(total="9")),
    "coords missing dim": _broken(lambda d: d["cells"][0]["coords"].pop("c")),
    "coords number": _broken(lambda d: d["cells"][0]["coords"].update(c=1)),
    "no coords": _broken(lambda d: d["cells"][0].pop("coords")),
    "top wrong length": _broken(lambda d: d["cells"][0].update(top=[5.0])),
    "top ascending": _broken(lambda d: d["cells"][0].update(top=[4.0, 5.0])),
    "top null": _broken(lambda d: d["cells"][0].update(top=[5.0, None])),
    "dof float": _broken(lambda d: d["cells"][0].update(dof=1.5)),
    "duplicate cell": _broken(lambda d: d["cells"].append(dict(d["cells"][0]))),
}


def test_valid_document_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.sdc.json"
    path.write_text(json.dumps(_valid_document()))
    meta, cells = read_sidecar(path)
    assert meta["population"] is None and list(cells) == [("x", "p")]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_sidecars_raise_sidecar_error(tmp_path: Path, case: str) -> None:
    path = tmp_path / "bad.sdc.json"
    path.write_text(json.dumps(BROKEN[case]))
    with pytest.raises(SidecarError, match=r"bad\.sdc\.json"):
        read_sidecar(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps(_valid_document()).replace('"total": 9.0', '"total": NaN'), "total"),
        (b"\xff\xfe\x00", "cannot read"),
    ],
)
def test_unreadable_sidecars_raise_sidecar_error(tmp_path: Path, text, message: str) -> None:
    path = tmp_path / "bad.sdc.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    with pytest.raises(SidecarError, match=message):
        read_sidecar(path)
    with pytest.raises(SidecarError, match="cannot read"):
        read_sidecar(tmp_path / "absent.sdc.json")


def test_evidence_feeds_dominance(evidence: pd.DataFrame) -> None:
    inner = evidence.drop(index="All", level="sex")
    top = inner[["top1", "top2", "top3"]].to_numpy()
    flagged = p_percent(top, inner.total.to_numpy(), 0.1)
    # every cell with values has a single firm; (F, S) has no values at all
    assert flagged.tolist() == [True, False, True, True, True]


@st.composite
def skewed_groups(draw: st.DrawFn) -> pd.DataFrame:
    """Cells of very different sizes (one to a few hundred rows), repeated values and ties,
    negatives and missing values: the size classes of the group-wise sort all occur."""
    sizes = draw(st.lists(st.integers(1, 300), min_size=1, max_size=12))
    pool = draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=6))
    values = st.one_of(st.sampled_from(pool), st.floats(-1e9, 1e9, allow_nan=False),
                       st.just(float("nan")))
    keys_, vals = [], []
    for g, size in enumerate(sizes):
        keys_ += [f"g{g}"] * size
        vals += draw(st.lists(values, min_size=size, max_size=size))
    order = draw(st.permutations(range(len(keys_))))
    return pd.DataFrame({"k": [keys_[i] for i in order], "v": [vals[i] for i in order]})


@settings(max_examples=60, deadline=None)
@given(skewed_groups())
def test_quantiles_median_and_mode_equal_pandas(df: pd.DataFrame) -> None:
    quantiles = [0.0, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0]
    ev = cell_evidence(df, ["k"], "v", quantiles=quantiles, mode=True)
    grouped = df.groupby("k")["v"]
    for q in quantiles:
        expected = grouped.quantile(q)
        got = pd.Series(ev[compute.quantile_column(q)].to_numpy(),
                        index=[k[0] for k in ev.index])
        pd.testing.assert_series_equal(got, expected.reindex(got.index), check_names=False,
                                       rtol=1e-12, atol=0)
    modes = {k: (sorted(s.dropna().mode())[0] if s.notna().any() else np.nan)
             for k, s in grouped}
    got_mode = dict(zip([k[0] for k in ev.index], ev["mode"], strict=True))
    assert got_mode.keys() == modes.keys()
    for k, m in modes.items():
        assert (np.isnan(m) and np.isnan(got_mode[k])) or got_mode[k] == m, k
    assert ev["q0.5"].tolist() == pytest.approx(grouped.median().reindex(
        [k[0] for k in ev.index]).tolist(), nan_ok=True, rel=1e-12)
