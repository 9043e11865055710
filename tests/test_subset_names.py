"""A part of the population named only in a file, sheet, title or count header (``adults``,
``excluding under 18s``, ``aged 65+``) beside an output of the whole: their difference is a
count (SDC503, ``review``: the nesting is read from the names), and survival tables' people
at risk are counts (issue 11 hunt: each passed, or was review for want of a role)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _patients(path: Path, counts: list[int], name: str = "patients") -> None:
    pd.Series(counts, index=pd.Index(["North", "South", "East"], name="region"),
              name=name).to_csv(path)


def test_a_part_named_in_a_file_name_beside_the_whole(tmp_path: Path) -> None:
    # 140 patients in North, 137 adults: 3 children, printed nowhere
    _patients(tmp_path / "patients_all.csv", [140, 161, 95])
    _patients(tmp_path / "patients_adults.csv", [137, 150, 80])
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == {("SDC503", "patients_adults.csv", "B2")}
    assert result.status.value == "review"


def test_a_part_named_in_a_sheet_or_a_count_header(tmp_path: Path) -> None:
    book = tmp_path / "patients.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"region": ["North", "South"], "patients": [140, 161]}).to_excel(
            writer, sheet_name="All patients", index=False)
        pd.DataFrame({"region": ["North", "South"], "patients": [137, 150]}).to_excel(
            writer, sheet_name="Excluding under 18s", index=False)
    assert findings_of(sdc.check(book, POLICY)) == {
        ("SDC503", "patients.xlsx[Excluding under 18s]", "B2")}
    other = tmp_path / "headers"
    other.mkdir()
    _patients(other / "a.csv", [140, 161, 95])
    _patients(other / "b.csv", [137, 150, 80], name="patients (excluding under 18s)")
    assert findings_of(sdc.check(other, POLICY)) == {("SDC503", "b.csv", "B2")}


def test_a_part_far_from_the_whole_or_another_count_passes(tmp_path: Path) -> None:
    _patients(tmp_path / "patients_all.csv", [140, 161, 95])
    _patients(tmp_path / "patients_adults.csv", [120, 150, 80])
    assert sdc.check(tmp_path, POLICY).status.value == "pass"
    # admissions of adults beside all patients: not the same count, no whole of it
    other = tmp_path / "other"
    other.mkdir()
    _patients(other / "patients.csv", [140, 161, 95])
    _patients(other / "admissions_adults.csv", [137, 150, 80], name="admissions")
    assert sdc.check(other, POLICY).status.value == "pass"


def test_people_at_risk_in_a_survival_table_are_counts(tmp_path: Path) -> None:
    # `time,at_risk,survival`: neither header named a role, so the table was unreadable
    # (review); 4 people at risk at 90 days is a small count
    path = tmp_path / "km.csv"
    pd.DataFrame({"time": [0, 30, 60, 90], "at_risk": [40, 31, 17, 4],
                  "survival": [1.0, 0.85, 0.71, 0.62]}).to_csv(path, index=False)
    result = sdc.check(path, POLICY)
    assert result.status.value == "fail"
    assert ("SDC101", "km.csv", "B5") in findings_of(result)


def test_risk_alone_names_no_count(tmp_path: Path) -> None:
    path = tmp_path / "rr.csv"
    pd.DataFrame({"exposure": ["smoker", "ex-smoker"], "n": [140, 161],
                  "relative risk": [2.1, 1.3], "% at risk": [12.5, 8.1]}).to_csv(path, index=False)
    assert not findings_of(sdc.check(path, POLICY), {"SDC101"})


def test_nobs_by_group_is_a_count(tmp_path: Path) -> None:
    # statsmodels' and broom's `nobs` beside each group's R-squared: 6 observations passed
    # unchecked (the column was named as not understood, review); it is a count
    path = tmp_path / "fits.csv"
    pd.DataFrame({"group": ["A", "B"], "r_squared": [0.41, 0.38],
                  "nobs": [6, 120]}).to_csv(path, index=False)
    result = sdc.check(path, POLICY)
    assert result.status.value == "fail"
    assert ("SDC101", "fits.csv", "C2") in findings_of(result)
