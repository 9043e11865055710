"""Row percentages no header marks with ``%`` (sdc/readers/layout_shares.py), and R's row names
as the only numeric column beside ``n (%)`` strings (sdc/readers/layout.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sdc.check(path, POLICY)


def _row_percentages(tmp_path: Path, with_n: bool, small: int = 6) -> Path:
    df = pd.DataFrame({"region": ["North"] * 120 + ["West"] * (2 * small + 1),
                       "sex": ["F", "M"] * 60 + ["F"] * small + ["M"] * (small + 1)})
    table = (pd.crosstab(df.region, df.sex, normalize="index") * 100).round(1)
    if with_n:
        table["n"] = df.region.value_counts()
    path = tmp_path / "pct.csv"
    table.to_csv(path)
    return path


def test_row_percentages_beside_n_recover_the_counts(tmp_path: Path) -> None:
    path = _row_percentages(tmp_path, with_n=True)
    assert path.read_text().splitlines()[2] == "West,46.2,53.8,13"
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {(r, "pct.csv", c) for r in ("SDC101", "SDC103")
                                   for c in ("B3", "C3")} | {("SDC103", "pct.csv", "D2")}
    messages = {(f.rule, f.location.cell): f.message for f in result.findings}
    assert messages["SDC101", "B3"].startswith("46.2% of 13 (n) is 6")


def test_row_percentages_beside_a_safe_n_pass(tmp_path: Path) -> None:
    path = _row_percentages(tmp_path, with_n=True, small=30)
    assert sdc.check(path, POLICY).findings == []


def test_row_percentages_without_n_are_percentages_needing_their_units(tmp_path: Path) -> None:
    result = sdc.check(_row_percentages(tmp_path, with_n=False), POLICY)
    assert findings_of(result) == {("SDC303", "pct.csv", None)}
    assert result.status.value == "review"


def test_whole_row_percentages_beside_n_are_checked_both_ways(tmp_path: Path) -> None:
    # .round(0) percentages: 47 and 53 are not small counts, but 47% of 17 is 8
    result = _check(tmp_path, "region,Female,Male,n\nEast,56,44,127\nNorth,57,43,140\n"
                              "West,47,53,17\n")
    assert findings_of(result) == {(r, "t.csv", c) for r in ("SDC101", "SDC103")
                                   for c in ("B4", "C4")}


def test_whole_numbers_adding_to_100_stay_counts(tmp_path: Path) -> None:
    # the count reading is kept: a small one still fails as a count
    result = _check(tmp_path, "region,Female,Male,n\nEast,96,4,127\nNorth,57,43,140\n")
    assert ("SDC101", "t.csv", "C2") in findings_of(result)


def test_wrong_guess_one_row_adding_to_100_is_not_enough(tmp_path: Path) -> None:
    # two means that happen to add up to 100 on one row: no share reading, unknown (review)
    result = _check(tmp_path, "region,a,b,n\nNorth,47.1,52.9,170\n")
    assert ("SDC602", "t.csv", None) in findings_of(result)
    assert result.status.value == "review"


def test_wrong_guess_decimals_not_adding_up_stay_unknown(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,a,b,n\nNorth,47.1,52.9,170\nSouth,41.0,52.9,120\n")
    assert result.status.value == "review"
    assert ("SDC602", "t.csv", None) in findings_of(result)


# -- R row names as the only numeric column ---------------------------------------------------

def test_r_row_names_beside_n_percent_strings_are_labels(tmp_path: Path) -> None:
    result = _check(tmp_path, '"","Characteristic","n (%)"\n"1","Female","151 (49.8%)"\n'
                              '"2","Male","146 (48.2%)"\n"3","Not known","6 (2.0%)"\n')
    assert findings_of(result) == {("SDC101", "t.csv", "C4")}


def test_r_row_names_beside_safe_n_percent_strings_pass(tmp_path: Path) -> None:
    result = _check(tmp_path, '"","Characteristic","n (%)"\n"1","Female","151 (46.7%)"\n'
                              '"2","Male","146 (45.2%)"\n"3","Not known","26 (8.0%)"\n')
    assert result.findings == []


def test_wrong_guess_counts_exactly_one_to_k_left_of_labels(tmp_path: Path) -> None:
    # a count column with no header holding exactly 1, 2, 3 is read as row names: the table
    # then has no measure, which is review (never pass)
    result = _check(tmp_path, '"","region"\n1,"North"\n2,"South"\n3,"East"\n')
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"


# -- column percentages over a line of their bases --------------------------------------------

def _column_percentages(tmp_path: Path, males: int, decimals: int) -> Path:
    df = pd.DataFrame({"sex": ["F"] * 200 + ["M"] * males,
                       "smoker": ["yes"] * 40 + ["no"] * 160 + ["yes"] * (males // 5)
                       + ["no"] * (males - males // 5)})
    table = (pd.crosstab(df.smoker, df.sex, normalize="columns") * 100).round(decimals)
    table.loc["n"] = df.sex.value_counts()
    path = tmp_path / "cols.csv"
    (table.astype(int) if decimals == 0 else table).to_csv(path)
    return path


def test_whole_column_percentages_over_an_n_row_recover_the_counts(tmp_path: Path) -> None:
    # 20% of 30 men is 6: read as counts, 20 and 80 passed
    path = _column_percentages(tmp_path, males=30, decimals=0)
    assert path.read_text() == "smoker,F,M\nno,80,80\nyes,20,20\nn,200,30\n"
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC101", "cols.csv", "C3"), ("SDC103", "cols.csv", "C2")}
    assert "20% of 30 (n) is 6" in {f.location.cell: f.message for f in result.findings}["C3"]


def test_decimal_column_percentages_over_an_n_row_recover_the_counts(tmp_path: Path) -> None:
    path = _column_percentages(tmp_path, males=30, decimals=1)
    found = findings_of(sdc.check(path, POLICY))
    assert {("SDC101", "cols.csv", "C3"), ("SDC103", "cols.csv", "C2")} <= found


def test_column_percentages_over_a_safe_n_row_pass(tmp_path: Path) -> None:
    path = _column_percentages(tmp_path, males=300, decimals=0)
    assert sdc.check(path, POLICY).findings == []


def test_percentages_over_a_total_row_with_a_printed_base(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,% of patients\nNorth,50.0\nSouth,48.0\nWest,2.0\n"
                              "Total (n=200),100.0\n")
    assert findings_of(result) == {("SDC101", "t.csv", "B4")}


def test_wrong_guess_counts_adding_to_100_over_an_n_row_keep_the_count_checks(
        tmp_path: Path) -> None:
    # counts 96 and 4 that add up to 100 above a row called n: checked as counts (4 fails)
    # and as shares of 30 as well; never fewer checks
    result = _check(tmp_path, "group,F,M\nyes,96,60\nno,4,40\nn,100,30\n")
    assert ("SDC101", "t.csv", "B3") in findings_of(result)
    assert result.status.value == "fail"


# -- property: percentages with one small implied count never pass ---------------------------

@st.composite
def shares_with_one_small_count(draw: st.DrawFn) -> str:
    """Row (or, transposed, column) percentages of a published n with no % anywhere, one of
    them implying between 1 and 9 people."""
    parts = draw(st.integers(2, 4))
    n_rows = draw(st.integers(2, 5))
    decimals = draw(st.sampled_from([0, 1]))
    names = draw(st.lists(st.sampled_from(["Female", "Male", "a", "b", "Group A", "yes", "no",
                                           "Stage 1", "Stage 2", "other"]),
                          min_size=parts, max_size=parts, unique=True))
    small_row = draw(st.integers(0, n_rows - 1))
    rows = []
    for r in range(n_rows):
        n = draw(st.integers(12, 60)) if r == small_row else draw(st.integers(200, 900))
        if r == small_row:
            k = draw(st.integers(1, 9))
            first = round(100 * k / n, decimals)
        else:
            first = round(draw(st.floats(20, 60)), decimals)
        rest = [round(draw(st.floats(1, 10)), decimals) for _ in range(parts - 2)]
        last = round(100 - first - sum(rest), decimals)
        values = [first, *rest, last]
        order = draw(st.permutations(range(parts)))
        values = [values[i] for i in order]
        text = [f"{v:.{decimals}f}" for v in values]
        rows.append([f"row{r}", *text, str(n)])
    table = [["group", *names, "n"], *rows]
    if draw(st.booleans()):
        table = [list(col) for col in zip(*table, strict=True)]  # percentages by column
    return "\n".join(",".join(line) for line in table) + "\n"


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shares_with_one_small_count())
def test_unmarked_percentages_with_a_small_implied_count_never_pass(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        assert sdc.check(path, POLICY).status.value != "pass", text


def test_r_prop_table_proportions_beside_n(tmp_path: Path) -> None:
    # write.csv(cbind(prop.table(table(region, sex), 1), n = rowSums(...))): proportions of 1
    result = _check(tmp_path, '"","Female","Male","n"\n"East",0.5590551,0.4409449,127\n'
                              '"North",0.5714286,0.4285714,140\n"West",0.4705882,0.5294118,17\n')
    assert findings_of(result) == {(r, "t.csv", c) for r in ("SDC101", "SDC103")
                                   for c in ("B4", "C4")}


def test_shares_under_count_words_yes_no(tmp_path: Path) -> None:
    # crosstab(region, smoker, normalize="index"): the "no" header is also a count word
    result = _check(tmp_path, "region,yes,no,n\nEast,20,80,200\nWest,17,83,12\n")
    assert ("SDC101", "t.csv", "B3") in findings_of(result)  # 17% of 12 is 2


def test_column_proportions_over_an_n_row(tmp_path: Path) -> None:
    result = _check(tmp_path, "group,F,M\nyes,0.2,0.1\nno,0.8,0.9\nn,200,30\n")
    assert ("SDC101", "t.csv", "C2") in findings_of(result)  # 0.1 of 30 is 3
