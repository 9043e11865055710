"""Safe outputs read as the tools write them (issue 11, false positives, second round): a
numeric row label list closed by a margin the numbers prove (``pd.crosstab(df.year, df.sex,
margins=True)``). Each safe table passes with no finding; its twin (one small cell, or the
margin's proof broken) still fails or is reviewed at the exact cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.corpus.outputs import (
    _admission_years,
    alive_died_percent,
    pandas_crosstab_year_margins_small,
)

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


# -- a year list closed by its margin -----------------------------------------------------------

@pytest.mark.parametrize("margins_name", ["All", "Total"])
def test_crosstab_by_year_with_margins_passes(tmp_path: Path, margins_name: str) -> None:
    # year,Female,Male,All over 2019..2022 and All: the years are the rows' labels, as they are
    # without the margin (before: the year column was read as counts, its All named: review)
    df = _admission_years()
    pd.crosstab(df.year, df.sex, margins=True, margins_name=margins_name).to_csv(
        tmp_path / "t.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_crosstab_by_year_and_region_with_margins_passes(tmp_path: Path) -> None:
    df = _admission_years()
    pd.crosstab([df.year, df.region], df.sex, margins=True).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_crosstab_by_year_with_margins_small_cell_fails_at_it(tmp_path: Path) -> None:
    pandas_crosstab_year_margins_small(tmp_path)  # years.csv: 7 men in 2021
    # 2021: 681 women and 7 men (C4); the women are 99% of the year (B4, group disclosure)
    assert _check(tmp_path) == ({("SDC101", "years.csv", "C4"), ("SDC103", "years.csv", "B4")},
                                "fail")


def test_a_total_row_that_does_not_add_up_keeps_the_year_column_a_measure(
        tmp_path: Path) -> None:
    # the last column's margin is not the sum above it: nothing but the word says the last
    # row is a margin, so the year column stays counts and its word is named (review). With
    # no label column each row is a line of its own (a66d647): its All is not the sum of the
    # year and the two counts (SDC402), and a year above the All is no share of it: the line's
    # total is then its counts' sum (2019 of 3289 is no group disclosure; was SDC103 fail)
    (tmp_path / "t.csv").write_text("year,Female,Male,All\n2019,634,636,1270\n"
                                    "2020,634,620,1254\n2021,607,580,1187\n"
                                    "All,1875,1836,3700\n", encoding="utf-8")
    assert _check(tmp_path) == ({("SDC602", "t.csv", "A5"), ("SDC402", "t.csv", "D2"),
                                 ("SDC402", "t.csv", "D3"), ("SDC402", "t.csv", "D4")},
                                "review")


def test_a_count_above_its_lines_printed_total_is_judged_against_the_counts_sum(
        tmp_path: Path) -> None:
    # North: 95 and 3 under a Total of 90 (the Total is not theirs: SDC402); 95 of the counts'
    # 98 still dominates (SDC103 at B2). South's 200 above its Total of 100 is 57% of 350:
    # no group disclosure along its row, only the Total named (the No column's 150 of 153
    # is, at C3)
    (tmp_path / "t.csv").write_text("region,Yes,No,Total\nNorth,95,3,90\n"
                                    "South,200,150,100\n", encoding="utf-8")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert {f for f in found if f[0] == "SDC103"} == {("SDC103", "t.csv", "B2"),
                                                      ("SDC103", "t.csv", "C3")}
    assert ("SDC402", "t.csv", "D3") in found


# -- a percentage beside counts no header names ---------------------------------------------

def test_percent_beside_unnamed_counts_passes(tmp_path: Path) -> None:
    # region,alive,died,pct_died: one named role (a percentage) among three columns was read
    # as one wide block of unknown values (SDC602 on every number: review)
    alive_died_percent().to_excel(tmp_path / "t.xlsx", sheet_name="Deaths")
    assert _check(tmp_path) == (set(), "pass")


def test_percent_beside_unnamed_counts_small_count_fails_at_it(tmp_path: Path) -> None:
    alive_died_percent(west_died=3).to_csv(tmp_path / "t.csv")
    # West's 3 deaths (C5) and the 0.2% that gives them away again (D5); alive/died are the
    # two answers of one question, so West's alive (B5) hold all but 3 of its line (SDC103)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "C5"), ("SDC101", "t.csv", "D5"),
                                 ("SDC103", "t.csv", "B5"), ("SDC103", "t.csv", "D5")}, "fail")


def test_percent_beside_decimal_columns_stays_unknown(tmp_path: Path) -> None:
    # the other columns hold decimals: nothing says what they are, the block stays unknown
    (tmp_path / "t.csv").write_text("region,a,b,pct\nEast,10.5,20.25,30.3\nWest,11.5,21.75,"
                                    "29.6\n", encoding="utf-8")
    found, status = _check(tmp_path)
    assert status == "review" and ("SDC602", "t.csv", None) in found
