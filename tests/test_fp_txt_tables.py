"""A table saved as ``.txt`` is read as a log without commands reads it (issue 12, false
positives round 4; docs/reading.md "Plain text"): pandas ``to_string()``, R's printed
``table()`` (``capture.output(print(table(region, sex)))``) and a Stata ``tabulate`` pasted
without its log header are checked like the same table in a ``.log``. Every line holding a
number that no table accounts for is still named (SDC602), and a ``.txt`` with no table in it
stays a document a person reads. pandas tables are written by pandas; R and Stata text is
written as those packages print it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _patients(small_west: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 900),
                          "sex": rng.choice(["F", "M"], 900)})
    if small_west:  # West keeps 3 people: 1 F and 2 M
        west = frame[frame.region == "West"]
        frame = pd.concat([frame[frame.region != "West"], west[west.sex == "F"].head(1),
                           west[west.sex == "M"].head(2)])
    return frame


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _crosstab_txt(root: Path, rows: pd.Series, columns: pd.Series) -> None:
    """``crosstab(rows, columns, margins=True)`` as pandas prints it, saved as t.txt."""
    (root / "t.txt").write_text(pd.crosstab(rows, columns, margins=True).to_string() + "\n")


# West on row 5 of a two-column crosstab with margins (the header, East, North, South before
# it), its cells and margin small (B5, C5, D5), each leaving fewer than 10 of its row to the
# other column (SDC103 at B5, C5)
SMALL_WEST = ({("SDC101", "t.txt#table1", c) for c in ("B5", "C5", "D5")}
              | {("SDC103", "t.txt#table1", c) for c in ("B5", "C5")}, "fail")


def test_pandas_crosstab_with_margins_passes(tmp_path: Path) -> None:
    # before: SDC602 review ("a .txt document: its content is not checked automatically")
    frame = _patients()
    _crosstab_txt(tmp_path, frame.region, frame.sex)
    assert _check(tmp_path) == (set(), "pass")


def test_pandas_crosstab_with_a_small_region_fails_at_its_cells(tmp_path: Path) -> None:
    frame = _patients(small_west=True)
    _crosstab_txt(tmp_path, frame.region, frame.sex)
    # West: F 1 (B5), M 2 (C5), All 3 (D5)
    assert _check(tmp_path) == SMALL_WEST


def test_pandas_value_counts_and_size_pass(tmp_path: Path) -> None:
    frame = _patients()
    (tmp_path / "vc.txt").write_text(frame.region.value_counts().to_string() + "\n")
    (tmp_path / "n.txt").write_text(
        frame.groupby("region").size().rename("n").reset_index().to_string(index=False) + "\n")
    assert _check(tmp_path) == (set(), "pass")


_R_TABLE = """\
       sex
region    F   M
  East  104 113
  North 117 128
  South 101 106
  West  {f:>3} 125
"""


def test_r_table_printed_to_text_passes_and_its_small_twin_fails(tmp_path: Path) -> None:
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    (safe / "r.txt").write_text(_R_TABLE.format(f=106))
    (small / "r.txt").write_text(_R_TABLE.format(f=2))
    assert _check(safe) == (set(), "pass")
    # West / F is 2 (B5) and West / M then holds 125 of West's 127 (SDC103)
    assert _check(small) == (
        {("SDC101", "r.txt#table1", "B5"), ("SDC103", "r.txt#table1", "C5")}, "fail")


_STATA_TAB = """\

           |          sex
    region |         F          M |     Total
-----------+----------------------+----------
      East |       104        113 |       217
     North |       117        128 |       245
     South |       101        106 |       207
      West |       {f:>3}        125 |       {t:>3}
-----------+----------------------+----------
     Total |       {ft:>3}        472 |       {tt:>3}
"""


def test_stata_tabulate_pasted_as_text_passes_and_its_small_twin_fails(tmp_path: Path) -> None:
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    (safe / "tab.txt").write_text(_STATA_TAB.format(f=106, t=231, ft=428, tt=900))
    (small / "tab.txt").write_text(_STATA_TAB.format(f=3, t=128, ft=325, tt=797))
    assert _check(safe) == (set(), "pass")
    assert _check(small) == (
        {("SDC101", "tab.txt#table1", "B5"), ("SDC103", "tab.txt#table1", "C5")}, "fail")


def test_a_number_in_prose_beside_a_table_stays_review(tmp_path: Path) -> None:
    frame = _patients()
    table = pd.crosstab(frame.region, frame.sex, margins=True).to_string()
    (tmp_path / "t.txt").write_text(
        f"Admissions by region and sex\n\n{table}\n\nOf those readmitted, 4 were from West.\n")
    # the table passes; the sentence's 4 is no table's, so its line (11) goes to a person
    assert _check(tmp_path) == ({("SDC602", "t.txt", None)}, "review")
    (tmp_path / "t.txt").write_text(
        f"Admissions by region and sex\n\n{table}\n\nCounts are of admissions.\n")
    assert _check(tmp_path) == (set(), "pass")


def test_prose_without_a_table_stays_a_document(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text(
        "Notes on the outputs\n\nThree wards were merged.\n"
        "In ward 7 only 3 patients were readmitted within the year.\n")
    assert _check(tmp_path) == ({("SDC602", "notes.txt", None)}, "review")
    (tmp_path / "notes.txt").write_text("Notes\n\nThe cohort is every admission.\n")
    assert _check(tmp_path) == ({("SDC602", "notes.txt", None)}, "review")


def test_an_identifier_beside_a_table_still_fails(tmp_path: Path) -> None:
    frame = _patients()
    table = pd.crosstab(frame.region, frame.sex).to_string()
    (tmp_path / "t.txt").write_text(f"{table}\n\nchecked against patient 943 476 5919\n")
    # the NHS number's line (8) is SDC604's, and its numbers are no table's (SDC602)
    assert _check(tmp_path) == ({("SDC604", "t.txt", None), ("SDC602", "t.txt", None)}, "fail")


def _admissions(small: str | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 2000),
                          "agegrp": rng.choice(["18-39", "40-64", "65+"], 2000),
                          "died": rng.choice([0, 1], 2000, p=[.8, .2]),
                          "sbp": rng.normal(130, 15, 2000).round(0)})
    if small == "West":  # West keeps 3 patients
        frame = pd.concat([frame[frame.region != "West"], frame[frame.region == "West"].head(3)])
    if small == "65+":  # 65+ keeps 4 patients
        frame = pd.concat([frame[frame.agegrp != "65+"], frame[frame.agegrp == "65+"].head(4)])
    return frame


def test_numbered_column_labels_over_the_index_name_are_a_header(tmp_path: Path) -> None:
    # crosstab(region, died): pandas writes 'died 0 1 All' over 'region'; before: no table
    frame = _admissions()
    _crosstab_txt(tmp_path, frame.region, frame.died)
    assert _check(tmp_path) == (set(), "pass")


def test_numbered_column_labels_with_a_small_region_fail(tmp_path: Path) -> None:
    frame = _admissions("West")
    _crosstab_txt(tmp_path, frame.region, frame.died)
    # West: 2 alive (B5), 1 died (C5), 3 in all (D5)
    assert _check(tmp_path) == SMALL_WEST


def test_describe_percentile_columns_are_a_header(tmp_path: Path) -> None:
    def describe(frame: pd.DataFrame) -> str:
        return frame.groupby("region").sbp.describe().drop(
            columns=["min", "max"]).round(1).to_string() + "\n"

    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    (safe / "d.txt").write_text(describe(_admissions()))
    (small / "d.txt").write_text(describe(_admissions("West")))
    assert _check(safe) == (set(), "pass")
    # West's count of 3 (B5), the mean (C5), std and quartiles resting on it (D5..G5)
    assert _check(small) == (
        {("SDC101", "d.txt#table1", "B5"), ("SDC101", "d.txt#table1", "C5")}
        | {("SDC303", "d.txt#table1", f"{c}5") for c in "DEFG"}, "fail")


def test_age_band_row_labels_are_labels(tmp_path: Path) -> None:
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    frame, few = _admissions(), _admissions("65+")
    (safe / "a.txt").write_text(pd.crosstab(frame.agegrp, frame.died).to_string() + "\n")
    (small / "a.txt").write_text(pd.crosstab(few.agegrp, few.died).to_string() + "\n")
    assert _check(safe) == (set(), "pass")
    # 65+ (row 4): 4 alive (B4), none died (C4, a zero: SDC102), 4 leaves 0 (SDC103)
    assert _check(small) == ({("SDC101", "a.txt#table1", "B4"), ("SDC103", "a.txt#table1", "B4"),
                              ("SDC102", "a.txt#table1", "C4")}, "fail")


def test_an_open_band_is_a_label_only_beside_ranges(tmp_path: Path) -> None:
    bands, alone = tmp_path / "bands", tmp_path / "alone"
    bands.mkdir()
    alone.mkdir()
    frame = pd.DataFrame({"agegrp": ["<18"] * 40 + ["18-64"] * 50 + ["65+"] * 60,
                          "sex": ["F", "M"] * 75})
    (bands / "a.txt").write_text(pd.crosstab(frame.agegrp, frame.sex).to_string() + "\n")
    assert _check(bands) == (set(), "pass")
    # '<5' with no range beside it is how a suppressed count is written: never a label, so
    # the block is no table and its numbers go to a person
    (alone / "a.txt").write_text("region   F   M\nEast    40  50\n<5      60  70\n")
    assert _check(alone) == ({("SDC602", "a.txt", None)}, "review")


def test_titles_with_a_table_number_or_years_are_no_statistics(tmp_path: Path) -> None:
    frame = _patients()
    table = pd.crosstab(frame.region, frame.sex).to_string()
    (tmp_path / "t.txt").write_text(
        f"Table 2. Admissions by region and sex, 2019-2021\n\n{table}\n")
    assert _check(tmp_path) == (set(), "pass")
    # a line standing alone with a count in it is still a person's to read
    (tmp_path / "t.txt").write_text(f"Table 2. 3 patients excluded\n\n{table}\n")
    assert _check(tmp_path) == ({("SDC602", "t.txt", None)}, "review")


def _two_way(frame: pd.DataFrame, rows: list[str], columns: list[str]) -> str:
    return pd.crosstab([frame[r] for r in rows], [frame[c] for c in columns],
                       margins=True).to_string() + "\n"


def _by_sex(small: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 2000),
                          "sex": rng.choice(["F", "M"], 2000),
                          "agegrp": rng.choice(["18-39", "40-64", "65+"], 2000)})
    if small:  # West's women aged 65+: 2
        cell = frame.index[(frame.region == "West") & (frame.sex == "F")
                           & (frame.agegrp == "65+")]
        frame = frame.drop(cell[2:])
    return frame


def test_multiindex_rows_are_one_label_column_per_level(tmp_path: Path) -> None:
    # 'East   F' then '       M': pandas leaves the outer label blank where it repeats
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    (safe / "m.txt").write_text(_two_way(_by_sex(), ["region", "sex"], ["agegrp"]))
    (small / "m.txt").write_text(_two_way(_by_sex(True), ["region", "sex"], ["agegrp"]))
    assert _check(safe) == (set(), "pass")
    # West / F is row 8 (the header, then East F ... West F; region A, sex B, 65+ E), and
    # West / M then holds all of West's 65+ but 2 (E9)
    assert _check(small) == ({("SDC101", "m.txt#table1", "E8"),
                              ("SDC103", "m.txt#table1", "E9")}, "fail")


def test_multiindex_columns_are_read_as_to_csv_writes_them(tmp_path: Path) -> None:
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    (safe / "m.txt").write_text(_two_way(_by_sex(), ["region"], ["sex", "agegrp"]))
    (small / "m.txt").write_text(_two_way(_by_sex(True), ["region"], ["sex", "agegrp"]))
    assert _check(safe) == (set(), "pass")
    # West is row 7 (two column levels, the index-name row, East..South); F / 65+ is D,
    # and M / 65+ (G) then holds all of West's 65+ but 2
    assert _check(small) == ({("SDC101", "m.txt#table1", "D7"),
                              ("SDC103", "m.txt#table1", "G7")}, "fail")


def _coded(small: str | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(21)
    frame = pd.DataFrame({"imd": rng.integers(1, 6, 3000),
                          "year": rng.choice([2019, 2020, 2021], 3000),
                          "health": rng.choice(["1. Very good", "2. Good", "3. Fair"], 3000),
                          "sex": rng.choice(["F", "M"], 3000)})
    if small is not None:  # the last row (IMD 5, 2021 or '3. Fair') keeps 3 women
        value = {"imd": 5, "year": 2021, "health": "3. Fair"}[small]
        cell = frame.index[(frame[small] == value) & (frame.sex == "F")]
        frame = frame.drop(cell[3:])
    return frame


@pytest.mark.parametrize("column, row", [("imd", 6), ("year", 4), ("health", 4)])
def test_coded_and_numbered_row_labels_under_the_index_name(tmp_path: Path, column: str,
                                                            row: int) -> None:
    # 'imd' over 1..5, 'year' over 2019..2021, 'health' over '1. Very good': labels, not
    # numbers in the label column (before: no table, SDC602 review)
    safe, small = tmp_path / "safe", tmp_path / "small"
    safe.mkdir()
    small.mkdir()
    frame, few = _coded(), _coded(small=column)
    (safe / "t.txt").write_text(pd.crosstab(frame[column], frame.sex).to_string() + "\n")
    (small / "t.txt").write_text(pd.crosstab(few[column], few.sex).to_string() + "\n")
    assert _check(safe) == (set(), "pass")
    # the last row (3 women, B) fails, and its men (C) hold nearly all of it
    assert _check(small) == ({("SDC101", "t.txt#table1", f"B{row}"),
                              ("SDC103", "t.txt#table1", f"C{row}")}, "fail")


def test_a_stata_list_numbers_its_records_without_an_index_name(tmp_path: Path) -> None:
    # '1.  East  34  1200': records numbered by Stata's list are no value labels
    (tmp_path / "list.txt").write_text(
        "       region   age   cost\n  1.     East    34   1200\n  2.    North    56   3400\n"
        "  3.    South    71    560\n")
    assert _check(tmp_path) == ({("SDC602", "list.txt", None)}, "review")
