"""The mean of a 0/1 variable beside its count and standard deviation is a proportion: it
gives the number of ones (``groupby(ward).died.agg(["count", "mean", "std"])``: 0.04 of 50 is
2 deaths). The sd proves the variable is 0/1 (``sqrt(p (1 - p) n / (n - 1))``). Before, the
mean was a magnitude without contribution evidence (SDC203 review) and the 2 deaths unnamed.
Files on disk, as pandas writes them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from tests.conftest import check_one_file
from tests.conftest import found_with_status as _found


def _wards(died_in_a: int) -> pd.DataFrame:
    return pd.DataFrame({"ward": ["A"] * 50 + ["B"] * 60,
                         "died": [1] * died_in_a + [0] * (50 - died_in_a) + [1, 0] * 30})


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "deaths.csv", text)


def test_count_mean_std_of_a_0_1_variable(tmp_path: Path) -> None:
    # was: review (SDC203 only)
    text = _wards(2).groupby("ward").died.agg(["count", "mean", "std"]).to_csv()
    result = _check(tmp_path, text)
    assert _found(result) == {("SDC101", "C2", "fail"), ("SDC203", None, "review")}
    finding = next(f for f in result.findings if f.rule == "SDC101")
    assert "2 of 50" in finding.message and "0.04" not in (finding.public_message or "")


def test_rounded_to_two_places(tmp_path: Path) -> None:
    text = _wards(3).groupby("ward").died.agg(["count", "mean", "std"]).round(2).to_csv()
    assert ("SDC101", "C2", "fail") in _found(_check(tmp_path, text))


def test_a_0_1_variable_with_ten_or_more_each_way_passes(tmp_path: Path) -> None:
    # the twin: 12 of 50 and 30 of 60
    text = _wards(12).groupby("ward").died.agg(["count", "mean", "std"]).to_csv()
    result = _check(tmp_path, text)
    assert result.findings == [] and result.status.value == "pass"


def test_a_continuous_variable_is_not_read_as_one(tmp_path: Path) -> None:
    # mean 0.04 of 50 with sd 0.31: no 0/1 variable has it (its sd would be 0.198)
    text = "ward,count,mean,std\nA,50,0.04,0.31\nB,60,0.5,0.52\n"
    assert _found(_check(tmp_path, text)) == {("SDC203", None, "review")}


def test_named_columns_as_dplyr_summarise_writes_them(tmp_path: Path) -> None:
    # summarise(n = n(), mean = mean(died), sd = sd(died)); mean_died/sd_died beside mean_age
    frame = _wards(2).assign(age=list(range(50)) + list(range(60)))
    text = frame.groupby("ward").agg(n=("died", "size"), mean=("died", "mean"),
                                     sd=("died", "std")).round(2).to_csv()
    assert ("SDC101", "C2", "fail") in _found(_check(tmp_path / "a", text))
    text = frame.groupby("ward").agg(n=("died", "size"), mean_age=("age", "mean"),
                                     sd_age=("age", "std"), mean_died=("died", "mean"),
                                     sd_died=("died", "std")).round(2).to_csv()
    assert _found(_check(tmp_path / "b", text)) == {("SDC101", "E2", "fail"),
                                                    ("SDC203", None, "review")}


def test_named_columns_with_ten_or_more_each_way_are_as_before(tmp_path: Path) -> None:
    # the twin: 12 of 50; the means stay SDC203 review as before (no count evidence proves
    # their dominance), nothing more
    text = _wards(12).groupby("ward").agg(n=("died", "size"), mean_died=("died", "mean"),
                                          sd_died=("died", "std")).round(3).to_csv()
    assert _found(_check(tmp_path, text)) == {("SDC203", None, "review")}
