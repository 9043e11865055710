"""A sum beside the mean of the same variable gives the number of units (issue 11 §4, hunt:
'a mean beside a sum with a hidden n' was only review)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of


def _counts(tmp_path: Path, text: str) -> set:
    (tmp_path / "t.csv").write_text(text)
    return findings_of(sdc.check(tmp_path, build_policy({})), {"SDC101", "SDC501", "SDC602"})


def test_a_hidden_count_comes_back_from_sum_over_mean(tmp_path: Path) -> None:
    text = ("region,patients,total_cost,mean_cost\nNorth,120,54000,450.00\n"
            "South,[c],1350,450.00\nEast,95,40850,430.00\n")
    assert _counts(tmp_path, text) == {("SDC101", "t.csv", "D3")}  # 1,350 / 450 = 3


def test_an_unprinted_count_too(tmp_path: Path) -> None:
    text = "region,los_sum,los_mean\nNorth,540,4.5\nSouth,13,4.33\nEast,400,4.21\n"
    assert _counts(tmp_path, text) == {("SDC101", "t.csv", "C3")}  # 13 / 4.33 = 3.002


def test_large_quotients_and_inexact_ones_are_not_counts(tmp_path: Path) -> None:
    # 540 / 4.5 = 120; 1000 / 3.7 = 270.3 (a weighted mean: no whole number of units)
    text = "region,los_sum,los_mean\nNorth,540,4.5\nSouth,1000,3.7\n"
    assert _counts(tmp_path, text) == set()


def test_a_published_count_is_not_found_twice(tmp_path: Path) -> None:
    text = "region,n,los_sum,los_mean\nNorth,120,540,4.5\nSouth,3,13,4.33\nEast,95,400,4.21\n"
    # the sum and mean of those 3 at their own cells (hunt round 6), no implied count again
    assert _counts(tmp_path, text) == {("SDC101", "t.csv", "B3"), ("SDC101", "t.csv", "C3"),
                                       ("SDC101", "t.csv", "D3")}


def test_the_pairs_follow_the_variable(tmp_path: Path) -> None:
    # age's sum over los's mean is no count; los over los is (19 / 6.33 = 3)
    text = ("ward,age_sum,los_sum,age_mean,los_mean\nA,4100,540,41.0,5.4\n"
            "B,1300,19,43.33,6.33\n")
    assert _counts(tmp_path, text) == {("SDC101", "t.csv", "E3")}
