"""Transposed and one-dimension tables (round 21, rows3, issue 12). A table with the measures
as rows (``Patients`` over ``Vaccinated``, one column per region: pandas ``.T.to_csv()``, R
``write.csv(t(x))``, a sheet laid out so) reads like a crosstab, its rows as categories of one
variable, so the 3 unvaccinated patients in the North passed. Rows are now paired by their
numbers (one never above the other on any column: SDC101 review at the part's cell) when the
rows read as measures (a label names a count, the dimension is named ``measure``, or there are
only two rows) and are not recognisably categories of one variable. A ``Deaths,10%`` line
under ``Patients,30`` (one dimension) is 3 deaths (SDC101 fail) where the arithmetic says so,
with its SDC602 review kept; a row mixing ``%`` and bare numbers stays under review. Files
written as pandas, R and openpyxl write them, checked in-process, each with a twin."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

import sdc
from sdc.policy import build_policy

_REGIONS = ["East", "North", "South"]


def _found(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


def _transposed(folder: Path, left_over: list[int], *, part: str = "Vaccinated") -> Path:
    """Per region, patients and those vaccinated (35 to 45 of them), ``left_over`` not,
    aggregated from person rows and written transposed by pandas (measures as rows)."""
    rows = []
    for i, (region, without) in enumerate(zip(_REGIONS, left_over, strict=True)):
        rows += [(region, 1)] * (35 + 5 * i) + [(region, 0)] * without
    df = pd.DataFrame(rows, columns=["region", "vaccinated"])
    table = df.groupby("region").vaccinated.agg(**{"Patients": "size", part: "sum"})
    path = folder / "t.csv"
    table.T.to_csv(path)
    return path


def test_a_transposed_count_row_over_its_part_gives_the_rest_back(tmp_path: Path) -> None:
    _transposed(tmp_path, [12, 3, 15])  # North: 40 patients, 37 vaccinated, 3 not (passed)
    assert _found(_check(tmp_path)) == {("SDC101", "C3", "review")}


def test_a_transposed_table_of_large_rests_passes(tmp_path: Path) -> None:
    _transposed(tmp_path, [12, 20, 15])
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


def test_two_rows_naming_no_count_are_paired_by_their_numbers(tmp_path: Path) -> None:
    # R write.csv(t(x)) of residents and vaccinated residents: neither label names a count
    (tmp_path / "t.csv").write_text('"","East","North","South"\n"Residents",52,40,55\n'
                                    '"Vaccinated",40,37,40\n')
    assert _found(_check(tmp_path)) == {("SDC101", "C3", "review")}


def test_a_sheet_of_measures_as_rows_pairs_them(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [("Measure", "East", "North", "South"), ("Patients", 52, 40, 55),
                ("Admitted", 31, 25, 45), ("Vaccinated", 40, 37, 40)]:
        ws.append(row)
    wb.save(tmp_path / "t.xlsx")
    # North: 40 patients less 37 vaccinated leaves 3; the admitted are above the vaccinated
    # in the South, below them in the East (not nested), and 10 or more below the patients
    assert _found(_check(tmp_path)) == {("SDC101", "C4", "review")}


def test_rows_of_categories_are_not_paired(tmp_path: Path) -> None:
    # two sexes and the count of both: N less Female is Male, printed; Male is never above
    # Female (0, 2, 5 apart) but a sex is no part of the other
    (tmp_path / "t.csv").write_text("measure,East,North,South\nN,52,40,55\n"
                                    "Female,26,21,30\nMale,26,19,25\n")
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)
    (tmp_path / "t.csv").write_text("sex,East,North,South\nFemale,52,40,55\nMale,45,37,50\n")
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


def test_a_share_under_a_count_in_one_dimension_gives_its_count_back(tmp_path: Path) -> None:
    pd.DataFrame({"measure": ["Patients", "Deaths"], "count": ["30", "10%"]}).to_csv(
        tmp_path / "t.csv", index=False)  # 10% of 30 patients: 3 deaths
    assert _found(_check(tmp_path)) == {("SDC101", "B3", "fail"), ("SDC602", "B3", "review")}


def test_a_share_no_whole_number_of_the_count_above_stays_unread(tmp_path: Path) -> None:
    # 10% of 37 is 3.7: no whole number of deaths, so not its share; SDC602 review alone
    pd.DataFrame({"measure": ["Patients", "Deaths"], "count": ["37", "10%"]}).to_csv(
        tmp_path / "t.csv", index=False)
    assert _found(_check(tmp_path)) == {("SDC602", "B3", "review")}


def test_a_row_mixing_signed_and_bare_numbers_is_reviewed(tmp_path: Path) -> None:
    # not a share row (not every cell signed): its signed cells are SDC602 review, its bare
    # cell a count paired with the row above (East: 20 patients less 17 leaves 3)
    table = pd.DataFrame({"North": ["30", "60%"], "South": ["40", "50%"], "East": ["20", "17"]},
                         index=["Patients", "Vaccinated"])
    table.to_csv(tmp_path / "t.csv")
    assert _found(_check(tmp_path)) == {("SDC101", "D3", "review"), ("SDC602", "B3", "review"),
                                        ("SDC602", "C3", "review")}
    table["East"] = ["20", "85"]  # above the 20: a share or a count, a person decides
    table.to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert _found(result) == {("SDC602", "B3", "review"), ("SDC602", "C3", "review")}
    assert result.status.value == "review"
