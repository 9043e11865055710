"""The units behind a mean (or sum) are the count published beside it
(``pivot_table(aggfunc=["mean", "count"])``): a mean of West's 5 people is flagged at its own
cell (SDC101), as ACRO flags it, not only the count beside it. Under column levels each
statistic's units are the count under the same levels (``count / M`` for ``median / M``):
the first count of the row was taken, so a median of 3 men beside 40 women was not flagged at
its cell (found side by side with ACRO, hunt round 6). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _people(sizes: list[tuple[str, int, int]]) -> pd.DataFrame:
    rows = [(area, sex) for area, f, m in sizes for sex, n in (("F", f), ("M", m))
            for _ in range(n)]
    df = pd.DataFrame(rows, columns=["area", "sex"])
    df["age"] = np.random.default_rng(3).integers(18, 90, len(df))
    return df


SIZES = [("North", 30, 30), ("South", 25, 25), ("East", 20, 20)]


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_mean_of_few_units_flagged_at_its_cell(tmp_path: Path) -> None:
    df = _people([*SIZES, ("West", 2, 3)])
    df.pivot_table(index="area", values="age", aggfunc=["mean", "count"]).to_csv(
        tmp_path / "ages.csv")
    assert _check(tmp_path) == ({("SDC101", "ages.csv", "B7"), ("SDC101", "ages.csv", "C7"),
                                 ("SDC203", "ages.csv", None)}, "fail")


def test_named_mean_beside_n(tmp_path: Path) -> None:
    df = _people([*SIZES, ("West", 2, 3)])
    df.groupby("area").agg(mean_age=("age", "mean"), n=("age", "size")).to_csv(
        tmp_path / "ages.csv")
    assert _check(tmp_path) == ({("SDC101", "ages.csv", "B5"), ("SDC101", "ages.csv", "C5"),
                                 ("SDC203", "ages.csv", None)}, "fail")


def test_each_mean_takes_the_count_under_its_own_column(tmp_path: Path) -> None:
    # West: 40 women, 3 men; the mean of the women rests on 40 (not flagged)
    df = _people([*SIZES, ("West", 40, 3)])
    df.pivot_table(index="area", columns="sex", values="age",
                   aggfunc=["mean", "count"]).to_csv(tmp_path / "ages.csv")
    assert _check(tmp_path) == ({("SDC101", "ages.csv", "C7"), ("SDC101", "ages.csv", "E7"),
                                 ("SDC203", "ages.csv", None)}, "fail")


def test_median_takes_the_count_under_its_own_column(tmp_path: Path) -> None:
    # before: median / M took count / F (40) and was not flagged; its 3 men went unnamed there
    df = _people([*SIZES, ("West", 40, 3)])
    df.pivot_table(index="area", columns="sex", values="age",
                   aggfunc=["median", "count"]).to_csv(tmp_path / "ages.csv")
    assert _check(tmp_path) == ({("SDC303", "ages.csv", "C7"),
                                 ("SDC101", "ages.csv", "E7")}, "fail")


def test_a_distinct_count_is_no_unit_count(tmp_path: Path) -> None:
    # ``nunique`` beside ``size`` counts wards: the sizes are not flagged for it
    df = _people([*SIZES, ("West", 40, 30)])
    df["ward"] = np.arange(len(df)) % 3
    df.groupby("area")["ward"].agg(["size", "nunique"]).to_csv(tmp_path / "wards.csv")
    found, _ = _check(tmp_path)
    assert not {cell for rule, _, cell in found if rule == "SDC101"} & {"B2", "B3", "B4", "B5"}
