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


QUARTERS = "yr,Q1,Q2,Q3,Q4\n2019,69,89,150,314\n2020,63,360,69,300\n2021,384,69,{c},369\n"


def test_quarters_are_no_quartiles(tmp_path: Path) -> None:
    """``Q1``..``Q4`` over counts by year are quarters: Q1 and Q3 were read as quartiles whose
    units were the Q2/Q4 count beside them, and a 7 under Q3 passed."""
    path = tmp_path / "q.csv"
    path.write_text(QUARTERS.format(c=7), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC101", "q.csv", "D4")}
    path.write_text(QUARTERS.format(c=70), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == set()


def test_quartiles_rest_on_a_named_count(tmp_path: Path) -> None:
    """Q1 and Q3 without a Q4 stay quartiles; a count column named as no count (``Q2``,
    ``total``) is not their units: SDC303 review. With ``n`` it is."""
    path = tmp_path / "q.csv"
    path.write_text("ward,q1,median,q3,total\nA,34,45,61,120\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert ("SDC303", "q.csv", None) in findings_of(result)
    path.write_text("ward,q1,median,q3,n\nA,34,45,61,120\nB,30,41,58,7\n", encoding="utf-8")
    found = findings_of(sdc.check(path, POLICY), {"SDC303"})
    assert found == {("SDC303", "q.csv", c) for c in ("B3", "C3", "D3")}


def test_yes_and_no_columns_are_answers(tmp_path: Path) -> None:
    """``No``/``Yes`` columns: ``No`` is the answer, not ``No.`` (a number), so ``Yes`` above
    it was taken for a sum exceeding its count (SDC203 review of a safe table)."""
    path = tmp_path / "t.csv"
    path.write_text("grp,No,Yes\nA,160,279\nB,50,124\n", encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == set()
    path.write_text("grp,No,Yes\nA,160,279\nB,50,4\n", encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY), {"SDC101", "SDC203"}) == {
        ("SDC101", "t.csv", "C3")}
