"""Weighted counts (survey-grossed, estimated, fractional) are not counts of units: the
threshold applies to the unweighted units behind them (sdc.weighted_counts). Before, a table
of weighted counts only passed whenever its values were 10 or more, although 812.7 may rest
on 3 respondents. Files on disk, as researchers write them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

POLICY = build_policy({})


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    return sdc.check(folder, POLICY)


def test_counts_that_are_not_whole_numbers_are_weighted(tmp_path: Path) -> None:
    # svytable() / weighted value_counts() written as they come (was: pass)
    result = _check(tmp_path, "region,n\nNorth,15234.2\nSouth,812.7\nEast,5678.1\n")
    assert _found(result) == {("SDC101", c, "review") for c in ("B2", "B3", "B4")}
    finding = next(f for f in result.findings if f.location.cell == "B3")
    assert "not a whole number" in finding.message and "812.7" in finding.message
    assert "812" not in (finding.public_message or "")
    assert result.status.value == "review"


def test_whole_counts_under_a_plain_header_still_pass(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,n\nNorth,15234\nSouth,812\nEast,5678\n")
    assert result.findings == [] and result.status.value == "pass"


def test_a_small_weighted_count_still_fails(tmp_path: Path) -> None:
    # below the threshold the value itself fails, as before; 15.2 at or above it is review
    result = _check(tmp_path, "region,Freq\nNorth,15.2\nSouth,8.7\nEast,5.1\n")
    assert _found(result) == {("SDC101", "B2", "review"), ("SDC101", "B3", "fail"),
                              ("SDC101", "B4", "fail")}


def test_a_header_saying_weighted(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,weighted_n\nNorth,15234\nSouth,812\nEast,5678\n")
    assert _found(result) == {("SDC101", c, "review") for c in ("B2", "B3", "B4")}


def test_an_estimated_population(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,estimated population\nNorth,15234\nSouth,812\n"
                              "East,5678\n")
    assert _found(result) == {("SDC101", c, "review") for c in ("B2", "B3", "B4")}


def test_a_title_saying_weighted(tmp_path: Path) -> None:
    result = _check(tmp_path, "Weighted counts of smokers by region\n"
                              "region,smoker,non-smoker\nNorth,15234,20111\n"
                              "South,812,1200\nEast,5678,9000\n")
    assert _found(result) == {("SDC101", f"{c}{r}", "review") for c in "BC" for r in (3, 4, 5)}


def test_the_unweighted_count_beside_it_carries_its_units(tmp_path: Path) -> None:
    # n is the unweighted count of the same region: checked there (16: safe)
    safe = _check(tmp_path / "a", "region,n,weighted_n\nNorth,120,15234\nSouth,16,812\n"
                                  "East,45,5678\n")
    assert safe.findings == [] and safe.status.value == "pass"
    # 6 respondents behind South's 812: the unweighted count fails at its own cell
    small = _check(tmp_path / "b", "region,unweighted n,weighted n\nNorth,120,15234\n"
                                   "South,6,812\nEast,45,5678\n")
    assert _found(small) == {("SDC101", "B3", "fail")}


def test_an_unweighted_base_line_does_not_carry_the_cells_units(tmp_path: Path) -> None:
    # the base is the column's units, not each cell's: the weighted cells stay review
    result = _check(tmp_path, "Weighted counts of smokers by region\n"
                              "region,smoker,non-smoker\nNorth,15234,20111\nSouth,812,1200\n"
                              "Unweighted base,410,530\n")
    assert {(rule, cell) for rule, cell, status in _found(result) if status == "review"} >= {
        ("SDC101", f"{c}{r}") for c in "BC" for r in (3, 4)}
    assert result.status.value != "pass"


def test_an_xlsx_of_weighted_counts(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "r"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["region", "n"], ["North", 15234.2], ["South", 812.7],
                ["East", 5678.1]):
        sheet.append(row)
    book.save(folder / "t.xlsx")
    result = sdc.check(folder, POLICY)
    assert _found(result) == {("SDC101", c, "review") for c in ("B2", "B3", "B4")}
