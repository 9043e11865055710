"""A tidy table whose label names a statistic with its subject (``mean age``, ``youngest``,
``oldest patient``): each cell is checked for what its label says (sdc/cell_roles.py), and the
coverage check and SDC602 follow the same role."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.cell_roles import role_named_by_label
from sdc.policy import build_policy
from sdc.table import Role
from tests.conftest import findings_of

POLICY = build_policy({})


def test_extremes_named_with_their_subject_are_extremes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"measure": ["mean age", "youngest", "oldest patient"],
                  "value": [45.2, 18, 97]}).to_csv(path, index=False)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC203", "t.csv", None), ("SDC302", "t.csv", "B3"), ("SDC302", "t.csv", "B4")}


def test_tidy_statistic_column_is_understood(tmp_path: Path) -> None:
    # the cells' roles come from the labels: no "numbers not understood" beside SDC302
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["North"] * 3, "statistic": ["mean", "min", "max"],
                  "value": [45.2, 18, 97]}).to_csv(path, index=False)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC203", "t.csv", None), ("SDC302", "t.csv", "C3"), ("SDC302", "t.csv", "C4")}


def test_wrong_guess_category_names_are_not_statistics(tmp_path: Path) -> None:
    # Highest/Lowest IMD quintile are categories: the counts are checked as counts
    assert role_named_by_label("Highest IMD quintile") is None
    assert role_named_by_label("youngest patient") is Role.EXTREME
    assert role_named_by_label("median los") is Role.STATISTIC
    path = tmp_path / "t.csv"
    path.write_text("imd,n\nLowest IMD quintile,40\nHighest IMD quintile,3\n")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC101", "t.csv", "B3"),
                                                    ("SDC103", "t.csv", "B2")}


R_SUMMARY_NAMES = ["Min.", "1st Qu.", "Median", "Mean", "3rd Qu.", "Max."]


def test_r_summary_names_are_statistics(tmp_path: Path) -> None:
    """R's ``summary(x)`` names its six numbers ``Min.``, ``1st Qu.``, ``Median``, ``Mean``,
    ``3rd Qu.``, ``Max.``: the dot is punctuation. Written by ``write.csv`` beside a column
    headed ``Freq`` (``as.data.frame(table())``'s name), the minimum and maximum passed as
    counts of 19 and 97."""
    path = tmp_path / "summary.csv"
    rows = "\n".join(f'"{i}","{name}",{v}' for i, (name, v) in enumerate(
        zip(R_SUMMARY_NAMES, ["19.00", "44.00", "55.00", "54.12", "64.00", "97.00"],
            strict=True), start=1))
    path.write_text(f'"","Var1","Freq"\n{rows}\n', encoding="utf-8")
    found = findings_of(sdc.check(path, POLICY), {"SDC302"})
    assert found == {("SDC302", "summary.csv", "C2"), ("SDC302", "summary.csv", "C7")}
    assert [role_named_by_label(n) for n in R_SUMMARY_NAMES] == [
        Role.EXTREME, Role.STATISTIC, Role.STATISTIC, Role.MAGNITUDE, Role.STATISTIC,
        Role.EXTREME]


def test_labels_ending_in_a_dot_stay_categories(tmp_path: Path) -> None:
    """The safe twin: categories that end in a dot (``St.``, ``Misc.``, ``No.``) are no
    statistics; their counts are checked as counts."""
    path = tmp_path / "t.csv"
    pd.DataFrame({"site": ["St. Albans", "Misc.", "No.", "Oth."], "n": [40, 55, 21, 3]}
                 ).to_csv(path, index=False)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC101", "t.csv", "B5")}
    assert {role_named_by_label(n) for n in ["St. Albans", "Misc.", "No.", "Oth."]} == {None}


def test_a_statistic_is_not_its_own_count_of_units(tmp_path: Path) -> None:
    """Labels naming statistics in a column read as counts (SAS ``PROC MEANS`` printed as
    labels over numbers, a one-way table headed ``Freq``): each statistic's units are the
    ``N`` row's, never its own value (a median of 29 'rested on 29 units' and passed)."""
    path = tmp_path / "m.csv"
    path.write_text("stat,Freq\nN,4\nMean,30.2\nStd Dev,12.3\nMedian,29\n", encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY), {"SDC303"}) == {
        ("SDC303", "m.csv", "B4"), ("SDC303", "m.csv", "B5")}
    path.write_text("stat,Freq\nMedian,29\np90,45\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC303", "m.csv", None)}
    assert {f.status.value for f in result.findings} == {"review"}
