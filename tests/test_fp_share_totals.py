"""A total column beside columns that add up to 100 on every row (false positives, ninth
round): ``group,pos,neg,total`` over ``A,30,70,100`` is counts whose rows happen to total
100, or row percentages with their 100% total. The share reading took the ``total`` column for
one more share, so its 100 on every row was a whole group in one category (SDC103 fail at every
total cell); with one row at 101 the share reading fails and the table passed.

The column is each row's whole when the numbers prove it (it reads 100 on every row and the
other share columns add up to 100 on two rows or more) and its header names a total (``total``,
``All``, as the policy's total labels): no part of the row. A column of 100s headed as anything
else stays a share (100% of every group in it, SDC103), and the parts are checked both ways as
before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "t.csv").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_counts_whose_rows_total_100_pass(tmp_path: Path) -> None:
    text = "group,pos,neg,total\nA,30,70,100\nB,40,60,100\nC,55,45,100\n"
    assert _check(tmp_path, text) == (set(), "pass")


def test_the_same_counts_with_a_row_at_101_still_pass(tmp_path: Path) -> None:
    text = "group,pos,neg,total\nA,30,70,100\nB,40,60,100\nC,55,46,101\n"
    assert _check(tmp_path, text) == (set(), "pass")


def test_a_small_count_among_them_fails_at_its_cell(tmp_path: Path) -> None:
    # 5 is a small count, and 95 of 100 dominates its row, whichever reading wins
    text = "group,pos,neg,total\nA,95,5,100\nB,40,60,100\nC,55,45,100\n"
    assert _check(tmp_path, text) == (
        {("SDC101", "t.csv", "C2"), ("SDC103", "t.csv", "B2")}, "fail")


def test_a_whole_group_in_one_category_fails_beside_its_all_column(tmp_path: Path) -> None:
    text = "group,pos,neg,All\nA,100,0,100\nB,40,60,100\nC,55,45,100\n"
    assert _check(tmp_path, text) == (
        {("SDC102", "t.csv", "C2"), ("SDC103", "t.csv", "B2"), ("SDC103", "t.csv", "C2")},
        "fail")


def test_row_percentages_with_their_total_column_need_only_their_units(tmp_path: Path
                                                                        ) -> None:
    # (pd.crosstab(g, y, normalize="index") * 100).round(1) with a Total column of 100
    df = pd.DataFrame({"g": ["A"] * 61 + ["B"] * 47 + ["C"] * 80,
                       "y": ["pos"] * 20 + ["neg"] * 41 + ["pos"] * 30 + ["neg"] * 17
                       + ["pos"] * 44 + ["neg"] * 36})
    table = (pd.crosstab(df.g, df.y, normalize="index") * 100).round(1)
    table["Total"] = 100
    table.to_csv(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text().splitlines()[1] == "A,67.2,32.8,100"
    result = sdc.check(tmp_path, POLICY)
    # was: SDC103 fail at D2..D4 (100%: the whole group is in one category)
    assert findings_of(result) == {("SDC303", "t.csv", None)}
    assert result.status.value == "review"


def test_a_hundred_percent_share_beside_the_total_column_still_fails(tmp_path: Path) -> None:
    text = "group,pos,neg,Total\nA,100.0,0.0,100\nB,40.5,59.5,100\nC,55,45,100\n"
    found, status = _check(tmp_path, text)
    assert {f for f in found if f[0] != "SDC303"} == {
        ("SDC103", "t.csv", "B2"), ("SDC103", "t.csv", "C2")}
    assert status == "fail"


def test_proportions_with_their_total_column_need_only_their_units(tmp_path: Path) -> None:
    text = "group,pos,neg,total\nA,0.3,0.7,1\nB,0.4,0.6,1\nC,0.55,0.45,1\n"
    assert _check(tmp_path, text) == ({("SDC303", "t.csv", None)}, "review")


def test_a_column_of_100_not_headed_as_a_total_stays_a_share(tmp_path: Path) -> None:
    # the numbers alone cannot tell a total from 100% of every group having something
    text = "group,pos,neg,vaccinated\nA,30,70,100\nB,40,60,100\nC,55,45,100\n"
    assert _check(tmp_path, text) == (
        {("SDC103", "t.csv", c) for c in ("D2", "D3", "D4")}, "fail")


def test_a_total_header_over_numbers_that_are_no_total_is_not_a_whole(tmp_path: Path) -> None:
    # A's parts do not add up to 100: no share reading, and a total A's parts do not make
    text = "group,pos,neg,total\nA,30,60,100\nB,40,60,100\nC,55,45,100\n"
    assert _check(tmp_path, text) == ({("SDC402", "t.csv", "D2")}, "review")
