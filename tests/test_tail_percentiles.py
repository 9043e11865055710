"""Tail percentiles with few units beyond them are near-extremes (SDC303; issue 11 hunt: a
``p99`` over 40 patients passed)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import percentile_level
from tests.conftest import findings_of


@pytest.mark.parametrize(("name", "level"), [
    ("99th percentile", 0.99), ("p99", 0.99), ("P1", 0.01), ("los_p95", 0.95),
    ("pctl_1", 0.01), ("97.5%", 0.975), ("5th centile", 0.05), ("Q3", 0.75),
    ("median", None), ("p-value", None), ("p100", None), ("group1", None), ("top10", None)])
def test_the_level_a_name_gives(name: str, level: float | None) -> None:
    assert percentile_level(name) == level


def _check(tmp_path: Path, text: str, rules: dict | None = None) -> set:
    (tmp_path / "t.csv").write_text(text)
    return findings_of(sdc.check(tmp_path, build_policy(rules or {})))


def test_a_99th_percentile_of_40_is_flagged(tmp_path: Path) -> None:
    found = _check(tmp_path, "group,n,median_los,p99_los\nA,40,4,31\nB,1200,5,28\n"
                             "C,1100,5,29\n")
    assert found == {("SDC303", "t.csv", "D2")}  # 0.4 units above A's; 12 and 11 above B's, C's


def test_the_lower_tail_counts_too(tmp_path: Path) -> None:
    found = _check(tmp_path, "group,n,5th centile,median\nA,150,2,9\nB,300,3,8\n")
    assert found == {("SDC303", "t.csv", "C2")}  # 7.5 units below A's, 15 below B's


def test_quartiles_and_medians_need_only_their_units(tmp_path: Path) -> None:
    assert _check(tmp_path, "group,n,q1,median,q3\nA,12,2,4,9\nB,14,3,5,8\n") == set()


def test_the_policy_sets_how_many_units_a_tail_needs(tmp_path: Path) -> None:
    text = "group,n,p90\nA,60,31\nB,200,28\n"  # 6 and 20 units above
    assert _check(tmp_path, text) == {("SDC303", "t.csv", "C2")}
    lax = {"rules": {"thin-statistic": {"tail_units": 5}}}
    assert _check(tmp_path, text, lax) == set()


def test_the_0th_and_100th_percentile_are_the_extremes(tmp_path: Path) -> None:
    found = _check(tmp_path, "group,n,median,100th centile,p0\nA,400,4,31,1\nB,300,5,28,1\n")
    assert found == {("SDC302", "t.csv", c) for c in ("D2", "D3", "E2", "E3")}
