"""A percentage change beside this year's counts (issue 12, hunt14, round 25).

``Region,Deaths 2023,% change`` over ``North,30,900`` (pandas ``pct_change() * 100`` beside
the year's counts): a change word made the column no part of anything, so the table passed,
while 30 after a rise of 900% says 2022 had 3 deaths. The other period's count is now read
both ways (the count as the later period, and as the earlier) and kept when a whole count
prints back as the same percentage (``_percent_changes`` in ``sdc/derived_counts.py``):
SDC101 ``review`` at the change's cell; so is ``Deaths 2023 as % of 2022`` (a ratio of the two
periods). Safe twins: changes and ratios whose other year is 10 or more."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(folder: Path, frame: pd.DataFrame) -> sdc.RunResult:
    frame.to_csv(folder / "t.csv", index=False)
    return sdc.check(folder, POLICY)


def test_a_rise_of_900_percent_gives_last_years_three(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Region": ["North", "South"], "Deaths 2023": [30, 45],
                          "% change": [900, -10]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


def test_a_fall_beside_last_years_count_gives_this_years(tmp_path: Path) -> None:
    # 30 in 2022 and a fall of 90% leave 3 in 2023
    frame = pd.DataFrame({"Region": ["North", "South"], "Deaths 2022": [30, 45],
                          "Change from 2022 (%)": [-90.0, 11.1]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}


def test_changes_between_large_counts_pass(tmp_path: Path) -> None:
    # 120 after +20% (100 before); 45 after -10% (50 before)
    frame = pd.DataFrame({"Region": ["North", "South"], "Deaths 2023": [120, 45],
                          "% change": [20.0, -10.0]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_change_named_by_no_change_word_is_read_by_its_range(tmp_path: Path) -> None:
    # ``YoY %`` names no change word; 900 and -10 are no shares, so it is read as a change
    frame = pd.DataFrame({"Region": ["North", "South"], "Deaths 2023": [30, 45],
                          "YoY %": [900.0, -10.0]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}


def test_this_year_as_a_percentage_of_last_year_is_a_ratio(tmp_path: Path) -> None:
    # 30 is 1,000% of 2022's 3; the other regions pass (450 is 90% of 500)
    frame = pd.DataFrame({"Region": ["North", "South", "East", "West"],
                          "Deaths 2023": [30, 450, 400, 500],
                          "Deaths 2023 as % of 2022": [1000.0, 90.0, 95.2, 100.0]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}


def test_a_ratio_between_large_counts_passes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Region": ["North", "South", "East", "West"],
                          "Deaths 2023": [300, 450, 400, 500],
                          "Deaths 2023 as % of 2022": [120.0, 90.0, 95.2, 100.0]})
    result = _check(tmp_path, frame)
    assert findings_of(result) == set()
    assert result.status.value == "pass"
