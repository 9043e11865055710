"""Outputs whose reading is certain although no header names their values: Stata's
``tabulate`` ``Cum.`` column (the running sum of ``Percent``), and column percentages over a
row of their bases (``crosstab(normalize="columns") * 100`` with an ``n`` row, written as
floats). Read, they pass when safe and fail where a count is small; when the numbers do not fit
the reading, they stay ``review``. Written from scratch as Stata and pandas write them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.corpus.outputs import _tabulate

POLICY = build_policy({})
NOT_UNDERSTOOD = ("SDC602", "t.csv", None)


def test_stata_tabulate_cum_column_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_tabulate({"East": 89, "North": 86, "South": 109, "West": 116}))
    assert findings_of(sdc.check(path, POLICY)) == set()


def test_stata_tabulate_with_a_small_count(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_tabulate({"East": 89, "North": 86, "South": 132, "West": 3}))
    # West's 3, its percentage and its cumulative percentage (checked against its row's 3)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC101", "t.csv", "B5"), ("SDC303", "t.csv", "C5"), ("SDC303", "t.csv", "D5")}


def test_a_cum_column_that_is_no_running_sum_stays_review(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_tabulate({"East": 89, "North": 86, "South": 109, "West": 116})
                    .replace("71.00", "75.00"))
    assert findings_of(sdc.check(path, POLICY)) == {NOT_UNDERSTOOD}


def _column_percentages(west: tuple[float, float, int] | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 400),
                       "sex": rng.choice(["Female", "Male"], 400)})
    table = pd.crosstab(df.sex, df.region, normalize="columns").mul(100).round(1)
    table.loc["n"] = df.region.value_counts()  # pandas writes the row as 89.0, 86.0...
    if west is not None:
        table["West"] = list(west)
    return table


def test_column_percentages_over_an_n_row_are_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _column_percentages().to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == set()


def test_column_percentages_over_a_small_base(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _column_percentages(west=(25.0, 75.0, 12)).to_csv(path)
    # 25% of 12 is 3 and 75% is 9: both small, and each leaves the other few
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC101", "t.csv", "E2"), ("SDC101", "t.csv", "E3"),
        ("SDC103", "t.csv", "E2"), ("SDC103", "t.csv", "E3")}


def test_percentages_that_do_not_add_up_stay_review(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _column_percentages(west=(55.2, 40.8, 116)).to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {NOT_UNDERSTOOD}
