"""Header and label detection that does not swallow data (issue 11 §2). Each class of layout that
used to pass a disclosive table is written here from scratch, with the exact findings expected,
and a safe twin that must pass (safety is not bought with noise)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(path: Path) -> sdc.RunResult:
    return sdc.check(path, POLICY)


def _csv(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the first data row taken as the header ----------------------------------------------------

def test_series_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "deaths.csv"
    pd.Series([3, 40, 50], index=pd.Index(["North", "South", "East"]), name="deaths").to_csv(path)
    assert path.read_text().startswith(",deaths\nNorth,3\n")
    result = _check(path)
    assert findings_of(result) == {("SDC101", "deaths.csv", "B2")}


def test_series_to_csv_safe_passes(tmp_path: Path) -> None:
    path = tmp_path / "deaths.csv"
    pd.Series([30, 40, 50], index=pd.Index(["North", "South", "East"]), name="deaths").to_csv(path)
    assert _check(path).findings == []


def test_r_write_csv_with_row_names(tmp_path: Path) -> None:
    # R: write.csv(data.frame(x = c(3, 40, 50))) writes quoted row names under a "" header
    path = _csv(tmp_path, '"","x"\n"1",3\n"2",40\n"3",50\n')
    result = _check(path)
    # ``x`` names no quantity and no word says what is counted: a sum too (SDC203 review)
    assert findings_of(result) == {("SDC101", "t.csv", "B2"), ("SDC203", "t.csv", None)}


def test_r_write_csv_row_names_with_a_label_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, '"","region","n"\n"1","North",3\n"2","South",40\n"3","East",50\n')
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "C2")}


def test_pandas_default_index_is_a_row_index(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["North", "South", "East"], "n": [30, 40, 50]}).to_csv(path)
    assert path.read_text().startswith(",region,n\n0,North,30\n")
    assert _check(path).findings == []


def test_headerless_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"r": ["North", "South", "East"], "n": [3, 40, 50]}).to_csv(
        path, header=False, index=False)
    # no header: nothing names the numbers counts (SDC602 beside the count's fail, round 52)
    assert findings_of(_check(path)) == {("SDC101", "t.csv", "B1"), ("SDC602", "t.csv", None)}


def test_numbers_only_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame([[3, 40, 50], [60, 70, 80]]).to_csv(path, header=False, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "A1")}


def test_numbers_only_safe_passes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame([[30, 40, 50], [60, 70, 80]]).to_csv(path, header=False, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == set()


def test_blank_first_label(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": [None, "South", "East"], "deaths": [3, 40, 50]}).to_csv(
        path, index=False)
    assert path.read_text().startswith("region,deaths\n,3\n")
    assert findings_of(_check(path)) == {("SDC101", "t.csv", "B2")}


# -- count columns turned into labels or model terms by their header --------------------------

@pytest.mark.parametrize("word", ["condition", "outcome", "status", "or", "lower", "upper",
                                  "estimate"])
def test_vocabulary_header_over_counts(tmp_path: Path, word: str) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["North", "South", "East"], word: [3, 40, 50],
                  "deaths": [20, 30, 40]}).to_csv(path, index=False)
    assert findings_of(_check(path), {"SDC101"}) == {("SDC101", "t.csv", "B2")}
    assert _check(path).status.value == "fail"


@pytest.mark.parametrize("header", ["Type 1 diabetes", "Stage 3", "Age 0-17", "Year 2019",
                                    "Group A"])
def test_category_like_header_over_counts(tmp_path: Path, header: str) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["North", "South", "East"], header: [3, 40, 50],
                  "Other": [20, 30, 40]}).to_csv(path, index=False)
    assert findings_of(_check(path), {"SDC101"}) == {("SDC101", "t.csv", "B2")}


def test_category_headers_safe_pass(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["North", "South", "East"], "Type 1 diabetes": [30, 40, 50],
                  "Type 2 diabetes": [200, 300, 400]}).to_csv(path, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == set()


# -- numeric columns beside text, tables side by side or stacked --------------------------------

def test_numeric_column_left_of_a_text_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"n": [3, 40, 50], "region": ["North", "South", "East"]}).to_csv(
        path, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "A2")}


def test_two_tables_side_by_side(tmp_path: Path) -> None:
    path = _csv(tmp_path, "region,deaths,,sex,admissions\nNorth,30,,F,40\nSouth,45,,M,4\n")
    assert findings_of(_check(path), {"SDC101"}) == {("SDC101", "t.csv", "E3")}
    assert _check(path).status.value == "fail"


def test_two_tables_stacked(tmp_path: Path) -> None:
    path = _csv(tmp_path, "region,deaths\nNorth,30\nSouth,45\n\nsex,admissions\nF,40\nM,4\n")
    result = _check(path)
    # each block a table of its own since round 16 (sdc.readers.csv_blocks): the second header
    # is no longer SDC602 text in the first's count column, and M's 4 leaves F's 40 a group
    # disclosure
    assert findings_of(result) == {("SDC101", "t.csv#table2", "B7"),
                                   ("SDC103", "t.csv#table2", "B6")}


# -- numeric row labels under names outside the vocabulary -------------------------------------

def test_years_and_groups_named_yr_grp(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"yr": [2019, 2019, 2020, 2020], "grp": [1, 2, 1, 2],
                  "n": [3, 40, 50, 60]}).to_csv(path, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "C2")}


def test_years_and_groups_safe_pass(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"yr": [2019, 2019, 2020, 2020], "grp": [1, 2, 1, 2],
                  "n": [30, 40, 50, 60]}).to_csv(path, index=False)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == set()


def test_single_year_of_age_wide_table_passes(tmp_path: Path) -> None:
    ages = list(range(0, 5))
    frame = pd.DataFrame({"F": [20 + a for a in ages], "M": [30 + a for a in ages]},
                         index=pd.Index(ages, name="age"))
    path = tmp_path / "t.csv"
    frame.to_csv(path)
    assert findings_of(_check(path), {"SDC101", "SDC602"}) == set()


# -- wrong guesses still end in review or fail -------------------------------------------------

def test_a_count_column_that_looks_like_a_key_is_still_checked(tmp_path: Path) -> None:
    """``sex`` repeats, so the labels do not tell rows apart; ``n`` would, but it does not cross
    the sexes (different values in each), so it is read as counts, not as a label."""
    path = _csv(tmp_path, "sex,n,mean_age\nM,3,40.5\nM,40,41.2\nF,50,39.9\nF,60,40.1\n")
    assert ("SDC101", "t.csv", "B2") in findings_of(_check(path))


def test_numbers_in_a_label_column_that_are_no_code_list_are_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "grp,n\nNorth,30\n3,40\nSouth,50\n")
    result = _check(path)
    assert result.status.value != "pass"
    assert "A3" in [loc.cell for f in result.findings for loc in f.related]


# -- whole numbers written as floats: counts or sums ------------------------------------------

def test_float_written_wholes_under_categories_are_counts_and_magnitudes(tmp_path: Path) -> None:
    # pandas writes a sum of whole incomes as 171805.0: checked as a sum (SDC203 review without
    # contributions) and still as counts (the small 4.0 fails SDC101)
    path = _csv(tmp_path, "region,Female,Male\nNorth,171805.0,206367.0\nSouth,4.0,1491672.0\n")
    found = findings_of(_check(path))
    assert ("SDC203", "t.csv", None) in found and ("SDC101", "t.csv", "B3") in found


def test_float_written_counts_under_a_count_header_stay_counts(tmp_path: Path) -> None:
    path = _csv(tmp_path, "region,n\nNorth,120.0\nSouth,96.0\n")
    assert _check(path).findings == []


# -- pandas' name for an unnamed Series: groupby().size().to_csv() writes region,sex,0 ---------

def test_groupby_size_header_is_a_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    df = pd.DataFrame({"region": ["East"] * 60 + ["North"] * 33,
                       "sex": ["F"] * 30 + ["M"] * 30 + ["F"] * 30 + ["M"] * 3})
    df.groupby(["region", "sex"]).size().to_csv(path)
    assert path.read_text().startswith("region,sex,0\n")
    assert findings_of(_check(path), {"SDC101", "SDC102", "SDC602"}) == {
        ("SDC101", "t.csv", "C5")}


def test_groupby_size_safe_passes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    df = pd.DataFrame({"region": ["East"] * 60 + ["North"] * 60, "sex": ["F", "M"] * 60})
    df.groupby(["region", "sex"]).size().to_csv(path)
    assert _check(path).findings == []


def test_wrong_guess_a_first_data_line_ending_in_0_stays_data(tmp_path: Path) -> None:
    # 'North' appears again below: the line is data, and its 0 a zero count
    path = _csv(tmp_path, "North,F,0\nEast,F,61\nEast,M,58\nNorth,M,70\n")
    assert ("SDC102", "t.csv", "C1") in findings_of(_check(path))
    path = _csv(tmp_path, "North,0\nEast,61\nSouth,70\n", name="u.csv")
    assert findings_of(_check(path), {"SDC102"}) == {("SDC102", "u.csv", "B1")}


def test_a_percent_header_over_whole_numbers_above_100_reads_counts(tmp_path: Path) -> None:
    # ``%`` over 397, 1, 433 is no share of anything: counts (the 1 fails), where the percent
    # reading passed it (found by a fuzzer); a rate per 1,000 may exceed 100 and stays a rate
    result = _check(_csv(tmp_path, ",%,Female\n2019,,\nNorth,397,342\nSouth,1,180\n"
                                   "East,433,279\n"))
    assert findings_of(result) == {("SDC101", "t.csv", "B4")}
    rate = tmp_path / "rate"
    rate.mkdir()
    result = _check(_csv(rate, "region,n,rate per 1000\nNorth,4000,250\nSouth,3000,120\n"))
    assert findings_of(result, {"SDC101"}) == set()
