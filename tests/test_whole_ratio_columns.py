"""A year's count as a whole-number percentage of another year's (issue 12, hunt14, pct2).

``Deaths 2023 as % of 2022`` over 1000, 90, 80 (whole numbers, one above 100) was read as a
count column (``_whole_above_100``) whose values are all 10 or more: it passed, while 30 at
1,000% of 2022 says 2022 had 3. Both readings are now kept, the stricter at each cell: the
cells stay counts (3 and 5 under such a header are SDC101 ``fail``) and are read as a ratio
against the counts on their row as well (SDC101 ``review`` at the cell). The header ``2023
as % of 2022`` over whole numbers (a magnitude: SDC203 ``review``) gets the ratio reading."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
REGIONS = ["North", "South", "East", "West"]


def _check(folder: Path, ratio: str, deaths: list[int], ratios: list[int]) -> sdc.RunResult:
    pd.DataFrame({"Region": REGIONS, "Deaths 2023": deaths, ratio: ratios}).to_csv(
        folder / "t.csv", index=False)
    return sdc.check(folder, POLICY)


def test_whole_percentages_of_last_year_give_last_years_three(tmp_path: Path) -> None:
    # 30 is 1,000% of 3; 450, 400, 500 are 90%, 80%, 100% of 500, 500, 500
    result = _check(tmp_path, "Deaths 2023 as % of 2022", [30, 450, 400, 500],
                    [1000, 90, 80, 100])
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


def test_small_whole_numbers_under_the_header_stay_failing_counts(tmp_path: Path) -> None:
    # read as counts, 3 and 5 fail; the ratio reading may not soften that
    result = _check(tmp_path, "Deaths 2023 as % of 2022", [30, 450, 400, 500],
                    [3, 5, 200, 100])
    assert findings_of(result) == {("SDC101", "t.csv", "C2"), ("SDC101", "t.csv", "C3")}
    assert result.status.value == "fail"


def test_a_header_naming_no_count_gets_the_ratio_reading(tmp_path: Path) -> None:
    result = _check(tmp_path, "2023 as % of 2022", [30, 450, 400, 500], [1000, 90, 80, 100])
    assert findings_of(result) == {("SDC101", "t.csv", "C2"), ("SDC203", "t.csv", None)}


@pytest.mark.parametrize("ratio", ["Deaths 2023 as % of 2022", "2023 as % of 2022"])
def test_whole_ratios_of_large_counts_pass(tmp_path: Path, ratio: str) -> None:
    # 300 is 120% of 250; the others as above
    result = _check(tmp_path, ratio, [300, 450, 400, 500], [120, 90, 80, 100])
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def _workbook(path: Path, deaths: list[int], ratios: list[int]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Deaths"
    sheet.append(["Region", "Deaths 2023", "Deaths 2023 as % of 2022"])
    for row in zip(REGIONS, deaths, ratios, strict=True):
        sheet.append(list(row))
    book.save(path)


def test_a_workbooks_whole_ratio_column_is_read_as_a_ratio(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", [30, 450, 400, 500], [1000, 90, 80, 100])
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == {("SDC101", "t.xlsx[Deaths]", "C2")}


def test_a_workbooks_whole_ratios_of_large_counts_pass(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", [300, 450, 400, 500], [120, 90, 80, 100])
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == set()
    assert result.status.value == "pass"
