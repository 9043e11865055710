"""Dominance a mean's count and standard deviation rule out (``sdc/magnitude_bounds.py``;
issue 11, false positives): describe() without min and max. No contribution exceeds
mean + std * sqrt(n); when that bound proves every (n, k) and the p% rule of the policy, the
means are not SDC203. Written by pandas ``describe()``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.magnitude_bounds import rules_out_dominance
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path, policy=POLICY) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, policy)
    return findings_of(result), result.status.value


def _people(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({"age": rng.integers(18, 95, n).astype(float),
                         "income": rng.lognormal(10, 0.6, n).round(0)})


def test_describe_without_extremes_passes(tmp_path: Path) -> None:
    # before: SDC203 review ('value' is a magnitude with no contribution evidence)
    _people(5000).describe().drop(["min", "max"]).round(2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_describe_with_extremes_still_fails_on_them(tmp_path: Path) -> None:
    _people(5000).describe().round(2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == ({("SDC302", "d.csv", c) for c in ("B5", "C5", "B9", "C9")},
                                "fail")


def test_a_dominated_mean_stays_unassessable(tmp_path: Path) -> None:
    # eleven costs near 100 and one of 50,000: mean 4,241, std 14,404, n 12: the bound
    # (about 54,150 against a total of 50,890) rules nothing out
    costs = pd.DataFrame({"cost": [95.0, 98, 100, 101, 99, 102, 97, 100, 103, 96, 104, 50000]})
    costs.describe().drop(["min", "max"]).round(2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == ({("SDC203", "d.csv", None)}, "review")


def test_a_stricter_policy_rule_keeps_the_review(tmp_path: Path) -> None:
    # (1, 0.1%): no one of 5,000 may hold 0.1% of the total; the bound cannot prove that
    _people(5000).describe().drop(["min", "max"]).round(2).to_csv(tmp_path / "d.csv")
    strict = build_policy({"rules": {"nk-dominance": {"rules": [{"n": 1, "k": 0.001}]}}})
    assert _check(tmp_path, strict) == ({("SDC203", "d.csv", None)}, "review")


def test_a_mean_without_its_std_stays_unassessable(tmp_path: Path) -> None:
    people = _people(5000)
    people.describe().drop(["min", "max", "std"]).round(2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == ({("SDC203", "d.csv", None)}, "review")


def test_rules_out_dominance_bounds() -> None:
    # B = 100, T = 1,000: two largest at most 20% (< 90%); after the two largest 800 >= 10
    assert rules_out_dominance((100.0, 1000.0), [(2, 0.9)], (0.1, 1))
    assert not rules_out_dominance((500.0, 1000.0), [(2, 0.9)], None)  # 2 x 500 >= 900
    assert not rules_out_dominance((100.0, 205.0), None, (0.1, 1))  # 205 - 200 < 10


# --- one group a row: groupby(g)[x].agg(["count", "mean", "std"]) and groupby(g)[x].describe()

def _costs_by_area(dominated: str | None = None, small: str | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame({"area": rng.choice(["Ashby", "Brent", "Crewe"], 3000),
                          "cost": rng.lognormal(6, 0.5, 3000).round(0)})
    if dominated is not None:  # one area's twelve costs, one of them 50,000
        frame = pd.concat([frame[frame.area != dominated], pd.DataFrame(
            {"area": dominated, "cost": [95.0, 98, 100, 101, 99, 102, 97, 100, 103, 96, 104,
                                         50000]})])
    if small is not None:  # one area of 3 people
        frame = pd.concat([frame[frame.area != small],
                           pd.DataFrame({"area": small, "cost": [410.0, 388, 402]})])
    return frame


def test_groupby_agg_count_mean_std_passes(tmp_path: Path) -> None:
    # before: SDC203 review ('mean' is a magnitude with no contribution evidence for 3 cells)
    _costs_by_area().groupby("area")["cost"].agg(["count", "mean", "std", "median"]).round(
        2).to_csv(tmp_path / "a.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_groupby_agg_with_a_dominated_area_stays_unassessable(tmp_path: Path) -> None:
    _costs_by_area(dominated="Brent").groupby("area")["cost"].agg(
        ["count", "mean", "std"]).round(2).to_csv(tmp_path / "a.csv")
    assert _check(tmp_path) == ({("SDC203", "a.csv", None)}, "review")


def test_groupby_agg_with_a_small_area_fails_at_its_count(tmp_path: Path) -> None:
    _costs_by_area(small="Crewe").groupby("area")["cost"].agg(
        ["count", "mean", "std"]).round(2).to_csv(tmp_path / "a.csv")
    found, status = _check(tmp_path)
    assert ("SDC101", "a.csv", "B4") in found and status == "fail"


def test_groupby_describe_without_extremes_passes(tmp_path: Path) -> None:
    _costs_by_area().groupby("area")["cost"].describe().drop(columns=["min", "max"]).round(
        2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_two_columns_agg_pairs_each_mean_with_its_own_count(tmp_path: Path) -> None:
    # bmi / mean pairs with bmi / count, never with cost's: a dominated cost stays review
    frame = _costs_by_area(dominated="Ashby")
    frame["bmi"] = np.random.default_rng(2).normal(27, 4, len(frame)).round(1)
    frame.groupby("area")[["cost", "bmi"]].agg(["count", "mean", "std"]).round(2).to_csv(
        tmp_path / "a.csv")
    assert _check(tmp_path) == ({("SDC203", "a.csv", None)}, "review")
    result = sdc.check(tmp_path, POLICY)
    assert [f.evidence.get("measure") for f in result.findings] == ["cost / mean"]


def test_named_aggregations_are_not_the_means_count(tmp_path: Path) -> None:
    # agg(n=("cost", "size"), ...) counts rows, missing costs included: no bound
    _costs_by_area().groupby("area").agg(n=("cost", "size"), mean_cost=("cost", "mean"),
                                         sd_cost=("cost", "std")).round(2).to_csv(
        tmp_path / "a.csv")
    assert _check(tmp_path) == ({("SDC203", "a.csv", None)}, "review")
