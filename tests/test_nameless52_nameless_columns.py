"""Whole numbers under a header that says nothing: not passed as counts on the guess (round 52,
nameless52; ``sdc.readers.layout_magnitude._read_nameless_column``).

``area,foo`` over 29..61 (one patient's age a row) or 165..181 (heights), ``n1``, ``bar``,
``q``, no header at all (``to_csv(header=False)``) were read as counts of ten or more and
passed: microdata released as if it were counts. Now SDC602 ``review`` (the table is not fully
understood, the column named by its letter, never by its header's text), the count reading kept
whole (a 3 still fails SDC101). What names counts still passes: a count word anywhere, a header
of pandas' or R's own making for a count (``0``, ``size``, ``count``, ``n``, ``Freq``), a
category of a dimension (``female``, ``all``, ``Other``, ``2019``, ``65+``: what
``df[df.sex == "female"].groupby("region").size()`` writes), a plural of units counted.
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
NAMELESS_B = ("table not fully understood: column B is headed by no name of a quantity or of "
              "what is counted: whether its whole numbers are counts or each one unit's value "
              "(an age, a sum) a person must tell")


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sdc.check(path, POLICY)


def _messages(result: sdc.RunResult, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


# -- the insider's shape: review -----------------------------------------------------------

@pytest.mark.parametrize("header", ["foo", "n1", "bar", "q", "ages", "months", "years"])
@pytest.mark.parametrize("rows", [AGES, HEIGHTS], ids=["ages", "heights"])
def test_a_header_that_says_nothing_is_review(tmp_path: Path, header: str, rows: str) -> None:
    """base52: pass, nothing found."""
    result = _check(tmp_path, f"area,{header}\n{rows}")
    assert (result.status, findings_of(result)) == ("review", {("SDC602", "t.csv", None)})
    # the column by its letter, in a fixed sentence: the header's text is not repeated
    assert _messages(result, "SDC602") == [NAMELESS_B]


def test_no_header_at_all_is_review(tmp_path: Path) -> None:
    """``to_csv(header=False)`` of ages: the layout's made-up ``column B``."""
    result = _check(tmp_path, AGES)
    assert (result.status, findings_of(result)) == ("review", {("SDC602", "t.csv", None)})


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
    result = _check(tmp_path, "area,foo\nNorth,3\nSouth,45\nEast,61\n")
    assert findings_of(result) == {("SDC101", "t.csv", "B2"), ("SDC602", "t.csv", None)}
    assert result.status == "fail"


# -- what names counts: pass as before -----------------------------------------------------

@pytest.mark.parametrize("header", [
    "n", "count", "Freq", "size", "0",  # count words; pandas' and R's own names for a count
    "Enterprises", "smokers",  # a plural of units counted
    "female", "Men", "all", "Other", "Unknown", "2019", "65+", "Yes",  # a category
    "nunique",  # a distinct count of what is not said: a count
    "ward", "practice", "region",  # a grouping variable: a count of it (nunique, count)
    "previous", "current",  # a period by its place (a change table's columns, one a file)
    "Change on previous year", "diff",  # a change between counts
    "Q4", "Stage III", "All ages", "Vaccinated", "non-smoker",  # a category of a variable
])
def test_what_names_counts_still_passes(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, f"region,{header}\nNorth,40\nSouth,121\nEast,66\n")
    assert (result.status, findings_of(result)) == ("pass", set())


@pytest.mark.parametrize("header", ["female", "all", "other", "0"])
def test_a_category_headed_small_count_still_fails(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, f"region,{header}\nNorth,40\nSouth,3\nEast,66\n")
    assert (result.status, findings_of(result)) == ("fail", {("SDC101", "t.csv", "B3")})


def test_a_cross_tab_of_two_categories_still_passes(tmp_path: Path) -> None:
    result = _check(tmp_path, "area,foo,bar\nNorth,29,31\nSouth,45,40\nEast,61,52\n")
    assert result.status == "pass", findings_of(result)


def test_a_title_naming_counts_passes(tmp_path: Path) -> None:
    result = _check(tmp_path, "Number of patients by area\narea,foo\n" + AGES)
    assert result.status == "pass", findings_of(result)


# -- the values: value_counts()' order ---------------------------------------------------------

FALLING = "West,110\nEast,103\nNorth,98\nSouth,89\n"


def test_no_header_in_value_counts_order_passes(tmp_path: Path) -> None:
    """``value_counts().to_csv(header=False)``: falling counts, labels in no order of their
    own: pandas' order for counts."""
    result = _check(tmp_path, FALLING)
    assert (result.status, findings_of(result)) == ("pass", set())


def test_value_counts_order_keeps_the_count_check(tmp_path: Path) -> None:
    result = _check(tmp_path, "West,110\nEast,103\nNorth,98\nSouth,4\n")
    assert (result.status, findings_of(result)) == ("fail", {("SDC101", "t.csv", "B4")})


@pytest.mark.parametrize("rows", [
    "East,103\nNorth,98\nSouth,89\nWest,110\n",  # the labels' order
    "East,110\nNorth,103\nSouth,98\nWest,89\n",  # falling, but so do the labels sorted
    "West,110\nEast,103\nNorth,98\n",  # three rows: falling by chance as readily
], ids=["labels-order", "labels-sorted", "three-rows"])
def test_no_header_in_any_other_order_is_review(tmp_path: Path, rows: str) -> None:
    result = _check(tmp_path, rows)
    assert (result.status, findings_of(result)) == ("review", {("SDC602", "t.csv", None)})


@pytest.mark.parametrize("header", ["pid", "mrn"])
def test_an_identifier_is_left_to_sdc604(tmp_path: Path, header: str) -> None:
    """The identifier's name fails the column already (SDC604): no second finding."""
    result = _check(tmp_path, f"region,{header}\nNorth,40\nSouth,121\nEast,66\n")
    assert (result.status, findings_of(result)) == ("fail", {("SDC604", "t.csv", "B1")})
