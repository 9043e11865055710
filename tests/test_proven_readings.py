"""Safer readings the numbers prove (issue 11, false positives): a table rounded before
release whose totals were rounded on their own, a margin no label names that the sums prove,
a date written out in a note. Each safe table passes with no finding; its twin (one small
cell, or the proof broken) still fails or is reviewed at the exact cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import prose_numbers_not_understood
from tests.conftest import findings_of
from tests.corpus.outputs import write_r_addmargins

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


# -- rounded tables ---------------------------------------------------------------------------

# counts rounded to 5 and their totals rounded on their own: North's 15 + 20 + 30 = 65 but the
# total (of 12 + 22 + 28 = 62... rounded) is 60; the 65+ column adds to 75, its total is 80
_ROUNDED = pd.DataFrame({"18-39": [15, 40, 25], "40-64": [20, 35, 30], "65+": [30, 20, 25]},
                        index=pd.Index(["North", "South", "East"], name="region"))


def _with_totals(table: pd.DataFrame, row_totals: list[int], col_totals: list[int]
                 ) -> pd.DataFrame:
    out = table.copy()
    out["Total"] = row_totals
    out.loc["Total"] = col_totals
    return out


def test_rounded_table_with_independently_rounded_totals_passes(tmp_path: Path) -> None:
    _with_totals(_ROUNDED, [60, 95, 80], [80, 85, 80, 235]).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_rounded_table_one_small_cell_fails_at_it(tmp_path: Path) -> None:
    small = _ROUNDED.copy()
    small.loc["East", "65+"] = 5
    _with_totals(small, [60, 95, 60], [80, 85, 55, 215]).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == ({("SDC101", "t.csv", "D4")}, "fail")


def test_an_unrounded_total_in_a_rounded_table_is_still_inconsistent(tmp_path: Path) -> None:
    # 63 is no multiple of 5: the table is not shown rounded, every gap is exact again (and
    # the 65+ total 5 above its parts is an unpublished category of 5)
    _with_totals(_ROUNDED, [63, 95, 80], [80, 85, 80, 235]).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == ({("SDC402", "t.csv", "E2"), ("SDC402", "t.csv", "D5"),
                                 ("SDC402", "t.csv", "E5"), ("SDC101", "t.csv", "D5")}, "fail")


def test_a_gap_beyond_rounding_is_still_inconsistent(tmp_path: Path) -> None:
    # 15 + 20 + 30 = 65 against 90: four numbers rounded to 5 move it by 10 at most (and the
    # total column, 90 + 95 + 80 = 265 against 235, by 10 too)
    _with_totals(_ROUNDED, [90, 95, 80], [80, 85, 80, 235]).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == ({("SDC402", "t.csv", "E2"), ("SDC402", "t.csv", "E5")},
                                "review")


def test_few_multiples_of_five_prove_no_rounding(tmp_path: Path) -> None:
    # four non-zero counts, all multiples of 5, may be chance: the gap stays SDC402
    table = pd.DataFrame({"Female": [15, 20], "Male": [30, 40]},
                         index=pd.Index(["North", "South"], name="region"))
    table["Total"] = [50, 60]
    table.to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == ({("SDC402", "t.csv", "D2")}, "review")


# -- margins the sums prove -------------------------------------------------------------------

def _addmargins(root: Path, female_old: int, grand: int | None = None) -> None:
    # R's write.csv(addmargins(table(sex, agegrp))): margins named Sum, cells under 10,000,
    # margins above it
    table = pd.DataFrame({"18-39": [3953, 3973], "40-64": [3996, 3999],
                          "65+": [female_old, 2059]}, index=["Female", "Male"])
    table["Sum"] = table.sum(axis=1)
    table.loc["Sum"] = table.sum()
    if grand is not None:
        table.loc["Sum", "Sum"] = grand
    write_r_addmargins(root, table)


def test_margins_no_label_names_but_the_sums_prove_pass(tmp_path: Path) -> None:
    _addmargins(tmp_path, 2020)
    assert _check(tmp_path) == (set(), "pass")


def test_margins_the_sums_prove_one_small_cell_fails_at_it(tmp_path: Path) -> None:
    _addmargins(tmp_path, 4)
    # the 65+ column is 2,059 men of 2,063: group disclosure, as under R's margins named All
    # (acro52: a table's own margin name is learned, so `Sum` reads as `All` does)
    assert _check(tmp_path) == ({("SDC101", "addmargins.csv", "D2"),
                                 ("SDC103", "addmargins.csv", "D3")}, "fail")


def test_a_margin_that_does_not_add_up_keeps_the_magnitude_reading(tmp_path: Path) -> None:
    # the grand total one off: no margin is proved, 20,001 is an inner cell of 10,000 or more
    _addmargins(tmp_path, 2020, grand=20001)
    found, status = _check(tmp_path)
    assert ("SDC203", "addmargins.csv", None) in found
    assert status == "review"


# -- dates written out ------------------------------------------------------------------------

def test_dates_written_out_in_a_note_are_dates() -> None:
    assert prose_numbers_not_understood("Source: cohort extract of 1 March 2024.") == []
    assert prose_numbers_not_understood("as at March 1, 2024") == []
    assert prose_numbers_not_understood("data to 31st Dec. 2023") == []


def test_a_count_beside_a_written_date_is_still_named() -> None:
    assert prose_numbers_not_understood("3 patients excluded, March 2024") == ["3"]
    assert prose_numbers_not_understood("extract of 12 May") == ["12"]  # no year: no date
    assert prose_numbers_not_understood("1 Mayor 2020") == ["1"]


def test_a_note_with_a_count_and_a_written_date_is_reviewed(tmp_path: Path) -> None:
    pd.DataFrame({"region": ["North", "South"], "Female": [120, 140], "Male": [130, 150]}
                 ).to_csv(tmp_path / "t.csv", index=False)
    text = (tmp_path / "t.csv").read_text()
    (tmp_path / "t.csv").write_text(text + "Note: 3 patients excluded on 1 March 2024\n")
    found, status = _check(tmp_path)
    assert ("SDC602", "t.csv", None) in found
    assert status == "review"
