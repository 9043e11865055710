"""Whole numbers under a header that says nothing, or under a percentage's header with one
value above 100: not passed as counts on the guess (round 51, unnamed51;
``sdc.readers.layout_magnitude._read_nameless_column``, ``_read_percent_headed_counts``).

1. ``area,foo`` over 29..61 (one patient's age a row) or 165..181 (heights) was read as counts
   of ten or more and passed: the header names no quantity, nothing in the file says what is
   counted. Now SDC602 ``review`` (the table is not fully understood), the count reading kept
   whole (a 3 still fails SDC101). A bare-number header (``0``: pandas' ``size()``), a plural
   of units (``Enterprises``), a count word anywhere and several measure columns (a cross-tab's
   categories) still pass.
2. ``area,pct`` over 12, 45, 152 was read as counts (one value above 100 is no share) and
   passed, while 12, 45, 52 is a percentage of an unknown base (SDC303 ``review``). Now
   SDC602 ``review``, the count reading kept.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
AGES = "North,29\nSouth,45\nEast,61\nWest,38\n"
HEIGHTS = "North,165\nSouth,181\nEast,172\nWest,169\n"


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sdc.check(path, POLICY)


def _messages(result: sdc.RunResult, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


# -- 1. a header that says nothing ---------------------------------------------------------

@pytest.mark.parametrize("header", ["foo", "n1", "bar", "q"])
@pytest.mark.parametrize("rows", [AGES, HEIGHTS], ids=["ages", "heights"])
def test_a_header_that_says_nothing_is_review(tmp_path: Path, header: str, rows: str) -> None:
    """base51: pass, nothing found."""
    result = _check(tmp_path, f"area,{header}\n{rows}")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert any("column B is headed by no name" in m for m in _messages(result, "SDC602"))


def test_no_header_at_all_is_review(tmp_path: Path) -> None:
    """``to_csv(header=False)`` of ages: the layout names the column ``column B``."""
    assert findings_of(_check(tmp_path, AGES)) == {("SDC602", "t.csv", None)}


def test_a_long_table_by_two_labels_is_review(tmp_path: Path) -> None:
    result = _check(tmp_path, "area,sex,foo\nNorth,F,29\nNorth,M,45\nSouth,F,61\nSouth,M,38\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert any("column C is headed" in m for m in _messages(result, "SDC602"))


def test_a_total_that_sums_does_not_make_counts(tmp_path: Path) -> None:
    """Sums of ages add up to their total as well."""
    result = _check(tmp_path, "area,foo\nNorth,29\nSouth,45\nTotal,74\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}


def test_xlsx_is_review(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"area": ["North", "South", "East"], "foo": [29, 45, 61]}).to_excel(
        path, index=False)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC602", "t.xlsx[Sheet1]", None)}


def test_a_small_value_still_fails_as_a_count(tmp_path: Path) -> None:
    """The count reading is kept whole: no fail lost to the new review."""
    assert findings_of(_check(tmp_path, "area,foo\nNorth,3\nSouth,45\nEast,61\n")) == {
        ("SDC101", "t.csv", "B2"), ("SDC602", "t.csv", None)}


@pytest.mark.parametrize("text", [
    "area,n\n" + AGES,  # a count word
    "area,0\n" + AGES,  # pandas' groupby().size(): the Series' name 0
    "area,Enterprises\n" + AGES,  # a plural of units counted
    "area,smokers\n" + AGES,
    "area,foo,bar\nNorth,29,31\nSouth,45,40\nEast,61,52\n",  # a cross-tab's categories
], ids=["n", "size", "enterprises", "smokers", "categories"])
def test_what_says_counts_still_passes(tmp_path: Path, text: str) -> None:
    result = _check(tmp_path, text)
    assert result.status == "pass", findings_of(result)


# -- 2. a percentage's header over whole numbers, one above 100 -----------------------------

@pytest.mark.parametrize("header", ["pct", "percent", "Deaths 2023 as % of 2022"])
def test_a_percentage_above_100_is_not_passed_as_counts(tmp_path: Path, header: str) -> None:
    """base51: pass, nothing found."""
    result = _check(tmp_path, f"area,{header}\nNorth,12\nSouth,45\nEast,152\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert any("headed as a percentage" in m for m in _messages(result, "SDC602"))


def test_a_small_percentage_headed_count_still_fails(tmp_path: Path) -> None:
    assert findings_of(_check(tmp_path, "area,%\nNorth,3\nSouth,45\nEast,152\n")) == {
        ("SDC101", "t.csv", "B2"), ("SDC602", "t.csv", None)}


@pytest.mark.parametrize(("header", "rows"), [
    ("pct", "North,12\nSouth,45\nEast,43\n"),  # a share: a percentage (SDC303), as before
    ("pct_change", "North,12\nSouth,45\nEast,152\n"),  # a change may exceed 100
])
def test_percentages_read_as_percentages_are_left(tmp_path: Path, header: str,
                                                   rows: str) -> None:
    assert findings_of(_check(tmp_path, f"area,{header}\n{rows}")) == {
        ("SDC303", "t.csv", None)}
