"""``n (%)`` tables ("Table 1": ``85 (41.5%)``) take part in the release rules as the count
tables they are (sdc.n_percent_view): linked to the tables they share a margin with, audited
for hidden cells their totals give away, compared for differencing. Before, their counts were
checked one by one only, and a disclosive pair passed. Files on disk, as researchers write
them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _found(result: sdc.RunResult, rule: str) -> set[tuple[str, str | None, str]]:
    return {(f.location.path, f.location.cell, f.status.value) for f in result.findings
            if f.rule == rule}


# ACRO's crosstab with West/B suppressed and its margins recomputed without it (West 12)
CROSSTAB = "region,A,B,All\nNorth,40,45,85\nSouth,50,54,104\nWest,12,,12\nAll,102,99,201\n"


def test_a_table_1_with_the_true_total_beside_recomputed_margins(tmp_path: Path) -> None:
    # West 16 here, 12 there: the 4 hidden units (was: no SDC503, the strings unlinked)
    result = sdc.check(_write(tmp_path / "r", {
        "crosstab.csv": CROSSTAB,
        "table1.csv": "region,n (%)\nNorth,85 (41.5%)\nSouth,104 (50.7%)\nWest,16 (7.8%)\n"
                      "Total,205 (100%)\n"}), POLICY)
    assert _found(result, "SDC503") == {("table1.csv", "B4", "fail"),
                                        ("table1.csv", "B5", "fail")}
    west = next(f for f in result.findings if f.rule == "SDC503" and f.location.cell == "B4")
    assert "16 here against 12 there" in west.message
    assert "16" not in west.public_message and "12" not in west.public_message


def test_a_suppressed_crosstab_beside_a_table_1_of_its_margin(tmp_path: Path) -> None:
    # Female 94 in the one-way table less North's 40 and South's 50: the hidden West/Female
    # is 4. Was: both pass. As with the same margin printed as plain counts: a review (the
    # tables are linked by their labels only)
    crosstab = "region,Female,Male\nNorth,40,45\nSouth,50,54\nWest,[c],12\n"
    n_pct = sdc.check(_write(tmp_path / "a", {
        "crosstab.csv": crosstab, "sex.csv": "sex,n (%)\nFemale,94 (45.9%)\nMale,111 (54.1%)\n"}),
        POLICY)
    plain = sdc.check(_write(tmp_path / "b", {
        "crosstab.csv": crosstab, "sex.csv": "sex,n\nFemale,94\nMale,111\n"}), POLICY)
    assert _found(n_pct, "SDC501") == _found(plain, "SDC501") == {
        ("crosstab.csv", "B4", "review")}
    assert "sex.csv!B2" in next(f for f in n_pct.findings if f.rule == "SDC501").message


def test_a_hidden_n_percent_cell_recomputed_from_its_row_total(tmp_path: Path) -> None:
    # West's total 16 less its 12 men: the hidden women are 4 (the audit now sees the row)
    result = sdc.check(_write(tmp_path / "r", {
        "table1.csv": "region,Female n (%),Male n (%),Total n (%)\n"
                      "North,40 (42.6%),45 (40.5%),85 (41.5%)\n"
                      "South,50 (53.2%),54 (48.6%),104 (50.7%)\n"
                      "West,[c],12 (10.8%),16 (7.8%)\n"}), POLICY)
    assert _found(result, "SDC501") == {("table1.csv", "B4", "fail")}
    finding = next(f for f in result.findings if f.rule == "SDC501")
    assert finding.location.row_label == "West" and finding.location.column_label == "Female"


def test_a_safe_table_1_of_several_variables_gains_nothing(tmp_path: Path) -> None:
    # variables' own lines (``Sex,,,``) and printed bases in the header are not counts of
    # the view; the overall column is its arms' sum: nothing to flag
    result = sdc.check(_write(tmp_path / "r", {
        "table1.csv": "Characteristic,Overall N = 400,Treated N = 180,Control N = 220\n"
                      "Sex,,,\nFemale,210 (52.5%),95 (52.8%),115 (52.3%)\n"
                      "Male,190 (47.5%),85 (47.2%),105 (47.7%)\nAge group,,,\n"
                      "18-39,120 (30.0%),50 (27.8%),70 (31.8%)\n"
                      "40-64,180 (45.0%),80 (44.4%),100 (45.5%)\n"
                      "65+,100 (25.0%),50 (27.8%),50 (22.7%)\n",
        "smoking.csv": "group,n (%)\nSmoker,120 (30.0%)\nEx-smoker,80 (20.0%)\n"
                       "Never,200 (50.0%)\n"}), POLICY)
    assert result.findings == []
    assert [o.status.value for o in result.outputs] == ["pass", "pass"]


def test_re_banded_table_1s_give_the_sliver_away(tmp_path: Path) -> None:
    # 0-17 beside 0-15: the 16 and 17 year olds are 250 - 246 = 4 (was: both pass)
    result = sdc.check(_write(tmp_path / "r", {
        "c.csv": "age group,n (%)\n0-17,250 (25.0%)\n18-64,600 (60.0%)\n65+,150 (15.0%)\n",
        "d.csv": "age group,n (%)\n0-15,246 (24.6%)\n16-64,604 (60.4%)\n65+,150 (15.0%)\n"}),
        POLICY)
    assert _found(result, "SDC503") == {("d.csv", "B2", "fail")}
