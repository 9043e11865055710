"""A standard deviation (or variance, or standard error) of 0 says every unit behind it has the
same value: the mean or median published beside it is then each unit's value (SDC303, "all
units share one value"), however many units there are. Outputs written from scratch as pandas,
dplyr and Stata's tabstat write them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.rules.statistics import names_a_spread
from tests.conftest import findings_of

POLICY = build_policy({})


def _stays() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"ward": rng.choice(["A", "B", "C"], 300), "los": rng.integers(1, 20, 300)})
    df.loc[df.ward == "C", "los"] = 4  # every stay on ward C lasted 4 days
    return df


def test_spread_names() -> None:
    assert all(names_a_spread(n) for n in ("std", "sd", "Std. Dev.", "variance", "sem",
                                           "los_sd"))
    assert not any(names_a_spread(n) for n in ("iqr", "median", "mad", "mean", "n"))


def test_groupby_agg_count_mean_std_with_a_zero_sd(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _stays().groupby("ward")["los"].agg(["count", "mean", "std"]).to_csv(path)
    # the means' dominance is ruled out by their own count and std, one ward a row
    # (sdc/magnitude_bounds.py), so no SDC203
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC303", "t.csv", "D4")}  # ward C's std 0.0: its mean 4.0 is every stay


def test_dplyr_summarise_tidy_sd_zero(tmp_path: Path) -> None:
    # summarise(n = n(), mean = mean(los), sd = sd(los)) |> pivot_longer(-ward)
    path = tmp_path / "t.csv"
    rows = ['"ward","statistic","value"']
    for ward, g in _stays().groupby("ward"):
        rows += [f'"{ward}","n",{len(g)}', f'"{ward}","mean",{g.los.mean():.2f}',
                 f'"{ward}","sd",{g.los.std():.2f}']
    path.write_text("\n".join(rows) + "\n")
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC203", "t.csv", None), ("SDC303", "t.csv", "C10")}


def test_describe_of_a_constant_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _stays().query("ward == 'C'")[["los"]].describe().to_csv(path)
    # std 0 (B4); min and max are the single value too. The mean's dominance is ruled out
    # by its count and std (every value is the mean: sdc/magnitude_bounds.py), so no
    # SDC203
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC303", "t.csv", "B4"), ("SDC302", "t.csv", "B5"), ("SDC302", "t.csv", "B9")}


def test_a_positive_sd_and_an_iqr_of_zero_are_not_all_same(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ward,n,median,iqr,sd\nA,120,4,0,2.5\nB,98,6,2,3.1\n")
    assert findings_of(sdc.check(path, POLICY)) == set()
