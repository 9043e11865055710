"""Hidden ``n (%)`` cells recovered from the shares around them (sdc.derived_counts): the
percentages say whether a block runs down a column (column percentages, a "Table 1") or
across a row (row percentages), and a total line's ``100%`` is the block's base, not a
category holding the whole group. Files on disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "t.csv", text)


def _found(result: sdc.RunResult, rules: set[str]) -> set[tuple[str, str | None]]:
    return {(f.rule, f.location.cell) for f in result.findings if f.rule in rules}


def test_row_percentages_recover_the_hidden_cell_of_their_row(tmp_path: Path) -> None:
    # West: 21 men are 75% of the row, so the hidden women are 7. Read down the columns
    # (bases 85 and 104 from one column: not shares of one base) it was "94 - 90 = 4"
    result = _check(tmp_path, "region,Female n (%),Male n (%)\n"
                              "North,40 (47.1%),45 (52.9%)\nSouth,50 (48.1%),54 (51.9%)\n"
                              "West,[c],21 (75.0%)\n")
    hidden = [f for f in result.findings if f.rule == "SDC101" and f.location.cell == "B4"]
    assert len(hidden) == 1
    assert hidden[0].evidence["count"] == 7 and hidden[0].evidence["base"] == 28


def test_a_total_line_is_the_base_of_its_block(tmp_path: Path) -> None:
    # Ex-smokers hidden: 400 in the total row less 196 and 200 is 4 (was: the total's 100%
    # made the block's shares add up to 200%, so nothing was recovered)
    result = _check(tmp_path, "group,n (%)\nSmoker,196 (49.0%)\nEx-smoker,[c]\n"
                              "Never,200 (50.0%)\nTotal,400 (100%)\n")
    assert ("SDC101", "B3") in _found(result, {"SDC101"})
    assert next(f for f in result.findings if f.rule == "SDC101").evidence["count"] == 4


def test_a_total_line_holding_100_percent_is_no_group_disclosure(tmp_path: Path) -> None:
    # Total 205 (100%) is the base of the column's shares (was: SDC103 fail at B5); a real
    # category holding 100% of its group still fails
    safe = _check(tmp_path, "region,n (%)\nNorth,85 (41.5%)\nSouth,104 (50.7%)\n"
                            "West,16 (7.8%)\nTotal,205 (100%)\n")
    assert safe.findings == [] and safe.status.value == "pass"
    whole = _check(tmp_path / "w", "region,n (%)\nNorth,205 (100%)\nSouth,0 (0%)\n"
                                   "Total,205 (100%)\n")
    assert _found(whole, {"SDC102", "SDC103"}) == {("SDC103", "B2"), ("SDC102", "B3")}


def test_a_total_column_of_row_percentages(tmp_path: Path) -> None:
    # each row's total 100% is its base: a safe table passes (was: SDC103 at D2, D3, D4)
    result = _check(tmp_path, "region,Female n (%),Male n (%),Total n (%)\n"
                              "North,40 (47.1%),45 (52.9%),85 (100%)\n"
                              "South,50 (48.1%),54 (51.9%),104 (100%)\n"
                              "West,14 (46.7%),16 (53.3%),30 (100%)\n")
    assert result.findings == []


def test_a_total_above_its_block_leaves_a_category_not_shown(tmp_path: Path) -> None:
    # 200 less 85, 100 and 12: 3 units whose region is not shown, as with plain counts
    # (was: SDC402 review only; the plain-count twin fails SDC101 at the total)
    result = _check(tmp_path, "region,n (%)\nNorth,85 (42.5%)\nSouth,100 (50.0%)\n"
                              "West,12 (6.0%)\nTotal,200 (100%)\n")
    assert _found(result, {"SDC101"}) == {("SDC101", "B5")}
    assert next(f for f in result.findings if f.rule == "SDC101").evidence["count"] == 3


def test_a_printed_base_above_a_variable_s_categories(tmp_path: Path) -> None:
    # N = 400, but the sexes add up to 398: 2 with sex unknown, named at the header's base;
    # smoking adds up, so nothing more
    result = _check(tmp_path, "Characteristic,Overall N = 400\nSex,\nFemale,210 (52.8%)\n"
                              "Male,188 (47.2%)\nSmoker,\nYes,120 (30.0%)\nNo,280 (70.0%)\n")
    assert _found(result, {"SDC101", "SDC102", "SDC103"}) == {("SDC101", "B1")}
    assert next(f for f in result.findings if f.rule == "SDC101").evidence["count"] == 2


def test_a_rounded_table_1_leaves_its_rest_to_rounding(tmp_path: Path) -> None:
    result = _check(tmp_path, "Characteristic,Overall N = 400\nFemale,210 (52.5%)\n"
                              "Male,185 (46.3%)\n")
    assert _found(result, {"SDC101"}) == set()
