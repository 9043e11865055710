"""A percent sign on some cells of a count column (hunt round 20, issue 12). A count is never
printed with a percent sign, yet ``10%`` in a ``Deaths`` column of counts was read as a count
of 10 and passed, where it is 10% of the 30 patients beside it: 3 deaths. The same for a row
of ``60%``, ``90%`` in a transposed table whose label names no share (``Vaccinated``), and for a
count formatted ``0%`` in Excel (``300%``), which no share reading covers (SDC602 review).
Files written by openpyxl (number formats as Excel stores them) and pandas, checked
in-process, each with a twin of large groups that passes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

_ROWS = [("North", 120, 40), ("South", 95, 30), ("East", 30, 0.1), ("West", 88, 20)]


def _workbook(folder: Path, rows: list[tuple[str, int, float]]) -> sdc.RunResult:
    """Patients and deaths by region, one death figure a share formatted ``0%`` in Excel (the
    cell holds 0.1 and shows 10%)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Region", "Patients", "Deaths"])
    for row in rows:
        ws.append(list(row))
        if not float(row[2]).is_integer():
            ws.cell(ws.max_row, 3).number_format = "0%"
    wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


def test_a_share_among_counts_gives_its_count_back(tmp_path: Path) -> None:
    # East: 10% of 30 patients is 3 deaths (read as a count of 10, it passed)
    result = _workbook(tmp_path, _ROWS)
    assert findings_of(result) == {("SDC101", "t.xlsx[Sheet]", "C4")}
    assert result.status.value == "fail"


def test_a_share_among_counts_of_a_large_group_passes(tmp_path: Path) -> None:
    # East: 20% of 300 is 60 deaths
    rows = [*_ROWS[:2], ("East", 300, 0.2), _ROWS[3]]
    result = _workbook(tmp_path, rows)
    assert result.status.value == "pass", findings_of(result)


def test_a_count_formatted_as_a_percentage_is_reviewed(tmp_path: Path) -> None:
    # a count of 3 formatted 0% shows 300%: no share of anything, no count sdc can check
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [("Region", "Patients"), ("North", 120), ("South", 95), ("East", 3),
                ("West", 88)]:
        ws.append(row)
    ws["B4"].number_format = "0%"
    wb.save(tmp_path / "t.xlsx")
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == {("SDC602", "t.xlsx[Sheet]", "B4")}
    assert result.status.value == "review"


def _transposed(folder: Path, people: list[int], with_it: list[int]) -> sdc.RunResult:
    """Per region, patients and the share vaccinated printed as ``90%`` strings, transposed
    by pandas (``.T.to_csv``): a row of counts and a row of percentages labelled
    ``Vaccinated``, a word that names no share."""
    out = pd.DataFrame({"Patients": people,
                        "Vaccinated": [f"{100 * k / n:.0f}%" for n, k in
                                       zip(people, with_it, strict=True)]},
                       index=["North", "South", "East"])
    out.astype(object).T.to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_a_row_of_signed_percentages_gives_the_rest_back(tmp_path: Path) -> None:
    # South: 90% of 30 (3 not vaccinated), East: 85% of 20 (3); North 60% of 30 is safe
    result = _transposed(tmp_path, [30, 30, 20], [18, 27, 17])
    assert findings_of(result) == {("SDC103", "t.csv", "C3"), ("SDC103", "t.csv", "D3")}
    assert result.status.value == "fail"


@pytest.mark.parametrize("people", [[300, 300, 200]])
def test_a_row_of_signed_percentages_of_large_groups_passes(tmp_path: Path,
                                                            people: list[int]) -> None:
    result = _transposed(tmp_path, people, [180, 240, 170])
    assert result.status.value == "pass", findings_of(result)


def _literal_percent(folder: Path, fmt: str, people: list[int], shares: list[int]
                     ) -> sdc.RunResult:
    """Patients and the percentage vaccinated typed as whole numbers (90) with a number format
    that writes a percent sign as text (``0"%"``, ``0\\%``): Excel shows 90%, not 9000%."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Region", "Patients", "Vaccinated"])
    for region, n, pct in zip(["North", "South", "East"], people, shares, strict=True):
        ws.append([region, n, pct])
        ws.cell(ws.max_row, 3).number_format = fmt
    wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("fmt", ['0"%"', "0\\%", '0.0" %"'])
def test_a_literal_percent_sign_shows_the_value_itself(tmp_path: Path, fmt: str) -> None:
    # read as 9000% (a bare % scales by 100), no share: it passed; 90% of 30 leaves 3
    result = _literal_percent(tmp_path, fmt, [30, 30, 20], [60, 90, 85])
    assert findings_of(result) == {("SDC103", "t.xlsx[Sheet]", "C3"),
                                   ("SDC103", "t.xlsx[Sheet]", "C4")}
    assert result.status.value == "fail"


def test_a_literal_percent_sign_over_large_groups_passes(tmp_path: Path) -> None:
    result = _literal_percent(tmp_path, '0"%"', [300, 300, 200], [60, 80, 85])
    assert result.status.value == "pass", findings_of(result)
