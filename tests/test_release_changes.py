"""A change between two years split over two outputs (issue 12, hunt14's residual, pct2).

``Deaths 2023`` by region in one file and ``% change since 2022`` (900) or ``Change in deaths
since 2022`` (+27) by the same regions in another say 2022 had 3 deaths in the North, as the
two columns in one file do; split, the change passed or stayed SDC303 ``review``. Each change
cell is now read against the counts the other outputs print at the same dimension and labels
(``sdc.release_changes``): SDC101 ``review`` at the change's cell, as in one file. Safe twins
(whose other year is 10 or more) pass when both headers name a year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
REGIONS = ["North", "South"]


def _check(folder: Path, **frames: pd.DataFrame) -> sdc.RunResult:
    for name, frame in frames.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return sdc.check(folder, POLICY)


def _deaths(header: str, values: list[int], dim: str = "Region") -> pd.DataFrame:
    return pd.DataFrame({dim: REGIONS, header: values})


@pytest.mark.parametrize(("count", "counts", "change", "changes"), [
    ("Deaths 2023", [30, 45], "% change since 2022", [900, -10]),  # 2022 had 3
    ("Deaths 2022", [30, 45], "% change since 2022", [-90.0, 20.0]),  # 2023 had 3
    ("Deaths 2023", [30, 45], "Change in deaths since 2022", ["+27", "+15"]),  # 30 less 27
    ("Deaths 2022", [30, 45], "Change in deaths since 2022", ["-27", "+15"]),  # 30 less 27
])
def test_a_change_in_another_file_gives_the_other_years_count(
        tmp_path: Path, count: str, counts: list[int], change: str, changes: list) -> None:
    result = _check(tmp_path, a=_deaths(count, counts), b=_deaths(change, changes))
    assert findings_of(result) == {("SDC101", "b.csv", "B2")}
    assert result.status.value == "review"


@pytest.mark.parametrize(("count", "counts", "change", "changes"), [
    ("Deaths 2023", [30, 45], "% change since 2022", [900, -10]),
    ("Deaths 2022", [30, 45], "Change in deaths since 2022", ["-27", "+15"]),
])
def test_the_same_columns_in_one_file_give_the_same_finding(
        tmp_path: Path, count: str, counts: list[int], change: str, changes: list) -> None:
    frame = pd.DataFrame({"Region": REGIONS, count: counts, change: changes})
    result = _check(tmp_path, t=frame)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


@pytest.mark.parametrize(("change", "changes"), [
    ("% change since 2022", [20.0, -10.0]),  # 100 and 50 in 2022
    ("Change in deaths since 2022", ["+20", "+15"]),  # 100 and 30 in 2022
])
def test_changes_between_large_counts_in_two_files_pass(
        tmp_path: Path, change: str, changes: list) -> None:
    result = _check(tmp_path, a=_deaths("Deaths 2023", [120, 45]), b=_deaths(change, changes))
    assert findings_of(result) == set()
    assert result.status.value == "pass"


@pytest.mark.parametrize(("change", "changes"), [
    ("% change since 2022", [20.0, -10.0]),
    ("Change in deaths since 2022", ["+20", "+15"]),
])
def test_changes_between_large_counts_in_one_file_pass(
        tmp_path: Path, change: str, changes: list) -> None:
    frame = pd.DataFrame({"Region": REGIONS, "Deaths 2023": [120, 45], change: changes})
    result = _check(tmp_path, t=frame)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_under_another_dimension_name_the_change_is_read_but_its_units_not_taken(
        tmp_path: Path) -> None:
    # the same labels under ``Area``: the readings only add checks (3 is found); the change's
    # units stay unknown (SDC303 review, as before), never a pass
    (tmp_path / "small").mkdir()
    small = _check(tmp_path / "small", a=_deaths("Deaths 2023", [30, 45], dim="Area"),
                   b=_deaths("% change since 2022", [900, -10]))
    assert findings_of(small) == {("SDC101", "b.csv", "B2"), ("SDC303", "b.csv", None)}
    (tmp_path / "abs").mkdir()
    absolute = _check(tmp_path / "abs", a=_deaths("Deaths 2023", [30, 45], dim="Area"),
                      b=_deaths("Change in deaths since 2022", ["+27", "+15"]))
    assert findings_of(absolute) == {("SDC101", "b.csv", "B2")}
    (tmp_path / "safe").mkdir()
    safe = _check(tmp_path / "safe", a=_deaths("Deaths 2023", [120, 45], dim="Area"),
                  b=_deaths("% change since 2022", [20.0, -10.0]))
    assert findings_of(safe) == {("SDC303", "b.csv", None)}


def test_labels_spelt_otherwise_are_not_matched(tmp_path: Path) -> None:
    # ``N`` and ``S`` are not ``North`` and ``South``: nothing links the two outputs; the
    # change's units are unknown (SDC303 review), never a pass
    result = _check(tmp_path, a=pd.DataFrame({"Region": ["N", "S"], "Deaths 2023": [30, 45]}),
                    b=_deaths("% change since 2022", [900, -10]))
    assert findings_of(result) == {("SDC303", "b.csv", None)}


def test_a_count_naming_no_year_is_read_but_is_not_the_changes_units(tmp_path: Path) -> None:
    # ``Deaths`` names no year: the readings are made (3 is found) ...
    (tmp_path / "small").mkdir()
    small = _check(tmp_path / "small", a=_deaths("Deaths", [30, 45]),
                   b=_deaths("% change since 2022", [900, -10]))
    assert findings_of(small) == {("SDC101", "b.csv", "B2"), ("SDC303", "b.csv", None)}
    # ... but the match is not trusted as the change's units: the safe twin stays review
    (tmp_path / "safe").mkdir()
    safe = _check(tmp_path / "safe", a=_deaths("Deaths", [120, 45]),
                  b=_deaths("% change since 2022", [20.0, -10.0]))
    assert findings_of(safe) == {("SDC303", "b.csv", None)}
    assert safe.status.value == "review"


def _workbook(path: Path, counts: list[int], changes: list[float]) -> None:
    """openpyxl: the year's deaths on one sheet, the change on another."""
    book = Workbook()
    deaths = book.active
    deaths.title = "Deaths"
    deaths.append(["Region", "Deaths 2023"])
    change = book.create_sheet("Change")
    change.append(["Region", "% change since 2022"])
    for region, n, p in zip(REGIONS, counts, changes, strict=True):
        deaths.append([region, n])
        change.append([region, p])
    book.save(path)


def test_a_change_on_another_sheet_gives_the_other_years_count(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", [30, 45], [900.0, -10.0])
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == {("SDC101", "t.xlsx[Change]", "B2")}
    assert result.status.value == "review"


def test_a_change_on_another_sheet_between_large_counts_passes(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", [120, 45], [20.0, -10.0])
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_count_by_year_columns_is_matched_by_its_other_labels(tmp_path: Path) -> None:
    # deaths by region with a column a year (a wide table): the 2023 column's 30 after a rise
    # of 900% leaves 3 in 2022; the match is no unit count of the change (another shape):
    # SDC303 stays review
    wide = pd.DataFrame({"Region": REGIONS, "2023": [30, 50], "2024": [120, 130]})
    result = _check(tmp_path, a=wide, b=_deaths("% change since 2022", [900, -10]))
    assert findings_of(result) == {("SDC101", "b.csv", "B2"), ("SDC303", "b.csv", None)}
    (tmp_path / "safe").mkdir()
    safe = _check(tmp_path / "safe",
                  a=pd.DataFrame({"Region": REGIONS, "2023": [120, 45], "2024": [130, 50]}),
                  b=_deaths("% change since 2022", [20.0, -10.0]))
    assert findings_of(safe) == {("SDC303", "b.csv", None)}
    # one year's column alone is a count headed by its year: the change's units (a pass)
    (tmp_path / "one").mkdir()
    one = _check(tmp_path / "one", a=pd.DataFrame({"Region": REGIONS, "2023": [120, 45]}),
                 b=_deaths("% change since 2022", [20.0, -10.0]))
    assert findings_of(one) == set()
