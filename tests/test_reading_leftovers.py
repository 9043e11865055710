"""Reading leftovers of issue 11, each written with the real tool where it is installed:
pandas' index-name line over a numeric index (years, decimals), ``year,sex,0,1`` (a crosstab
of two row variables, one numeric), and tau-ARGUS-style evidence columns. Each reading has a
test where the guess is wrong and the output still ends in ``review`` or ``fail``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _run(tmp_path: Path, files: dict[str, str]) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return sdc.check(root, POLICY)


def _people(seed: int = 3, n: int = 500) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"yr": rng.choice([2019, 2020], n),
                         "sex": rng.choice(["Female", "Male"], n),
                         "agegrp": rng.choice(["18-39", "40-64"], n, p=[.97, .03]),
                         "score": rng.choice([1.5, 2.5], n),
                         "died": rng.choice([0, 1], n)})


# -- pandas' index-name line over a numeric index ------------------------------------------

def test_index_name_line_over_years_is_a_header(tmp_path: Path) -> None:
    # pd.crosstab(yr, [sex, agegrp]): ``yr,,,,`` under the two column levels; the years are
    # labels (it was a data row with a text cell, and the years a measure)
    df = _people()
    text = pd.crosstab(df.yr, [df.sex, df.agegrp]).to_csv()
    assert text.splitlines()[2] == "yr,,,,"
    result = _run(tmp_path, {"t.csv": text})
    table = result.outputs[0].table
    assert table.label_columns == [1] and table.data_rows == [4, 5]
    small = {f"{col}{row}" for row, line in enumerate(text.splitlines()[3:], start=4)
             for col, value in zip("BCDE", line.split(",")[1:], strict=True) if int(value) < 10}
    assert small
    assert findings_of(result, {"SDC101", "SDC602"}) == {("SDC101", "t.csv", c) for c in small}
    assert result.status.value == "fail"


def test_index_name_line_over_decimals_reads_the_counts_and_names_the_labels(
        tmp_path: Path) -> None:
    # pd.crosstab(score, [sex, died]) with score 1.5/2.5: the counts are read and checked; the
    # decimal labels cannot be told from a statistic's values, so they are named (review)
    df = _people()
    df.loc[df.index[:3], "score"] = 3.5  # three people score 3.5
    text = pd.crosstab(df.score, [df.sex, df.died]).to_csv()
    assert text.splitlines()[2] == "score,,,,"
    result = _run(tmp_path, {"t.csv": text})
    lines = text.splitlines()
    small = {f"{col}{row}" for row, line in enumerate(lines[3:], start=4)
             for col, value in zip("BCDE", line.split(",")[1:], strict=True)
             if 0 < int(value) < 10}
    assert small and findings_of(result, {"SDC101"}) == {("SDC101", "t.csv", c) for c in small}
    (named,) = [f for f in result.findings if f.rule == "SDC602"]
    assert named.message.startswith("3 numbers not understood") and "A4, A5, A6" in named.message
    assert result.status.value == "fail"


def test_a_blank_data_row_taken_for_an_index_name_line_loses_no_number(
        tmp_path: Path) -> None:
    # the wrong guess: ``Other,,,`` is a data row whose cells were all suppressed blank, over
    # rows labelled with years; read as pandas' index-name line it holds no number, and every
    # number below is still checked (the 3 fails)
    result = _run(tmp_path, {"t.csv": "sex,Female,Male,Female\nagegrp,a,a,b\nOther,,,\n"
                                      "2019,40,50,3\n2020,45,51,60\n"})
    assert ("SDC101", "t.csv", "D4") in findings_of(result)
    assert result.status.value == "fail"


# -- two row variables, one numeric: ``year,sex,0,1`` ---------------------------------------

def test_year_and_sex_over_coded_columns(tmp_path: Path) -> None:
    # pd.crosstab([year, sex], died): the header was read as data and the years as a measure
    df = _people()
    keep = ~((df.yr == 2020) & (df.sex == "Male") & (df.died == 1))
    df = pd.concat([df[keep], df[~keep].head(4)])
    text = pd.crosstab([df.yr, df.sex], df.died).to_csv()
    lines = text.splitlines()
    assert lines[0] == "yr,sex,0,1" and lines[4].startswith("2020,Male,")
    result = _run(tmp_path, {"t.csv": text})
    table = result.outputs[0].table
    assert table.label_columns == [1, 2]
    assert ("SDC101", "t.csv", "D5") in findings_of(result)
    # no margin confirms the header: its 0 and 1 are named
    assert findings_of(result, {"SDC602"}) == {("SDC602", "t.csv", None)}
    assert "C1, D1" in next(f.message for f in result.findings if f.rule == "SDC602")


def test_year_and_sex_over_coded_columns_with_margins_passes(tmp_path: Path) -> None:
    df = _people()
    text = pd.crosstab([df.yr, df.sex], df.died, margins=True).to_csv()
    assert text.splitlines()[0] == "yr,sex,0,1,All"
    result = _run(tmp_path, {"t.csv": text})
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_headerless_first_row_labelled_by_a_category_stays_data(tmp_path: Path) -> None:
    # the wrong guess refused: ``2019,Female,...`` below a first line whose second word is a
    # label of its own column (``Female,Male`` rows): a data row, its 1 and 2 checked
    result = _run(tmp_path, {"t.csv": "Earlier,Female,1,2\n2019,Female,40,50\n"
                                      "2019,Male,41,52\n"})
    assert {("SDC101", "t.csv", "C1"), ("SDC101", "t.csv", "D1")} <= findings_of(result)
    assert result.status.value == "fail"


# -- tau-ARGUS-style evidence columns ------------------------------------------------------

ARGUS = ("cell,turnover,freq,top1,top2,top3,n_negative\n"
         "A,1000,12,100,90,80,0\nB,5000,15,300,200,100,1\nC,900,2,600,300,0,0\n")


def test_argus_freq_and_negatives_are_evidence_not_counts(tmp_path: Path) -> None:
    result = _run(tmp_path, {"t.csv": ARGUS})
    found = findings_of(result)
    # C rests on 2 holdings (SDC101 at its total, B4), dominated; B has a negative value
    assert found - {("SDC302", "t.csv", f"{c}{r}") for c in "DEF" for r in (2, 3, 4)} == {
        ("SDC101", "t.csv", "B4"), ("SDC201", "t.csv", "B4"), ("SDC202", "t.csv", "B4"),
        ("SDC204", "t.csv", "B3")}
    assert result.outputs[0].table.evidence_columns == [3, 7]


def test_freq_without_top_contributions_stays_a_count(tmp_path: Path) -> None:
    # nothing says the table is evidence: freq and n_negative are published counts
    result = _run(tmp_path, {"t.csv": "cell,turnover,freq,n_negative\nA,1000,12,0\n"
                                      "B,5000,15,1\nC,900,2,0\n"})
    found = findings_of(result)
    assert {("SDC101", "t.csv", "C4"), ("SDC101", "t.csv", "D3"),
            ("SDC102", "t.csv", "D2")} <= found
    assert result.outputs[0].table.evidence_columns == []


def test_a_freq_that_is_no_whole_count_stays_checked(tmp_path: Path) -> None:
    # the wrong guess refused: 2.5 is no number of holdings; the column keeps its reading
    result = _run(tmp_path, {"t.csv": ARGUS.replace("A,1000,12,", "A,1000,2.5,")})
    assert result.outputs[0].table.evidence_columns == [7]
    assert result.status.value == "fail"
    assert any(f.location.cell == "C2" for f in result.findings)


# -- whole numbers that no word calls counts (issue 11 reading leftovers 3) -----------------

def _bed_days(n: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"region": rng.choice(["North", "South", "East"], n),
                         "sex": rng.choice(["Female", "Male"], n),
                         "los": rng.integers(1, 30, n)})  # int64: sums stay whole, no float


def test_unlabelled_large_whole_sums_in_xlsx_are_not_passed_as_counts(tmp_path: Path) -> None:
    # summed lengths of stay of 6,000 stays (an int column: pandas writes whole sums), to_excel:
    # no word names the amount or a count, no float trace; cells of ~15,000 bed days
    df = _bed_days(6000)
    table = df.pivot_table(index="region", columns="sex", values="los", aggfunc="sum")
    assert table.to_numpy().min() >= 10_000
    root = tmp_path / "release"
    root.mkdir()
    table.to_excel(root / "t.xlsx")
    result = sdc.check(root, POLICY)
    assert findings_of(result) == {("SDC203", "t.xlsx[Sheet1]", None)}
    assert result.status.value == "review"


def test_a_count_word_keeps_large_whole_numbers_counts(tmp_path: Path) -> None:
    # the same numbers under a header that names what is counted: counts only, they pass;
    # a word in the title does the same
    df = _bed_days(6000)
    table = df.pivot_table(index="region", columns="sex", values="los", aggfunc="sum")
    root = tmp_path / "release"
    root.mkdir()
    table.columns = ["Female patients", "Male patients"]
    table.to_excel(root / "t.xlsx")
    assert findings_of(sdc.check(root, POLICY)) == set()


def test_large_counts_with_no_word_are_review_once_not_pass(tmp_path: Path) -> None:
    # the wrong guess, and its cost: a real count table of a large cohort with no word saying
    # what it counts is read as possible sums too (review); its small cell still fails
    root = tmp_path / "release"
    root.mkdir()
    pd.DataFrame({"Female": [14_020, 3], "Male": [13_877, 12_050]},
                 index=pd.Index(["North", "South"], name="region")).to_excel(root / "t.xlsx")
    result = sdc.check(root, POLICY)
    assert ("SDC203", "t.xlsx[Sheet1]", None) in findings_of(result)
    assert ("SDC101", "t.xlsx[Sheet1]", "B3") in findings_of(result)
    assert result.status.value == "fail"


# -- extremes that are dates (issue 11 item 4: min/max under other names) -------------------

def test_earliest_and_latest_admission_dates_are_single_records(tmp_path: Path) -> None:
    # df.groupby("region").agg(earliest=..., latest=..., n=...) with the dates as ISO strings:
    # each is one patient's admission date: an extreme (SDC302), however few
    rng = np.random.default_rng(8)
    day = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 900, 300), unit="D")
    df = pd.DataFrame({"region": rng.choice(["North", "South"], 300), "admitted": day})
    table = df.groupby("region").agg(**{"earliest admission": ("admitted", "min"),
                                        "latest admission": ("admitted", "max"),
                                        "n": ("admitted", "size")})
    for col in ("earliest admission", "latest admission"):
        table[col] = table[col].dt.strftime("%Y-%m-%d")
    result = _run(tmp_path, {"t.csv": table.to_csv()})
    assert findings_of(result) == {("SDC302", "t.csv", c) for c in ("B2", "B3", "C2", "C3")}
    assert result.status.value == "fail"


def test_an_extreme_word_over_dates_of_no_person_still_fails(tmp_path: Path) -> None:
    # the wrong guess: ``latest extract`` dates are the data's refresh dates, not a patient's;
    # read as extremes they fail (a false positive, accepted: fail closed)
    result = _run(tmp_path, {"t.csv": "source,latest extract,n\nGP,2024-03-31,1200\n"
                                      "Hospital,2024-02-29,960\n"})
    assert findings_of(result) == {("SDC302", "t.csv", "B2"), ("SDC302", "t.csv", "B3")}


# -- a title or note split at its unquoted commas -------------------------------------------

def test_a_title_split_at_its_comma_is_a_title_not_the_header(tmp_path: Path) -> None:
    # ``Patients aged 18-64, by region`` has as many cells as the table: it was taken for the
    # header and ``region,n`` for a data row (review for the wrong reason)
    result = _run(tmp_path, {"t.csv": "Patients aged 18-64, by region\nregion,n\nNorth,40\n"
                                      "South,51\nWest,2\n"})
    assert findings_of(result) == {("SDC101", "t.csv", "B5")}


def test_a_short_title_with_a_comma_over_an_unspaced_header(tmp_path: Path) -> None:
    result = _run(tmp_path, {"t.csv": "Source: HES, 2023\nregion,n\nNorth,40\nSouth,51\n"
                                      "West,22\n"})
    assert findings_of(result) == set()


def test_a_note_split_at_its_comma_is_no_total_row(tmp_path: Path) -> None:
    # ``Note: figures are provisional, 2023``: its 2023 was a count (SDC103 over 2,136)
    result = _run(tmp_path, {"t.csv": "region,Female,Male\nNorth,40,38\nSouth,51,47\n"
                                      "West,22,30\nNote: figures are provisional, 2023\n"})
    assert findings_of(result) == set()


def test_a_spaced_header_stays_the_header(tmp_path: Path) -> None:
    # hand-written CSV with a space after every comma: no line is a split sentence
    result = _run(tmp_path, {"t.csv": "region, Female, Male\nNorth, 40, 38\nSouth, 51, 47\n"
                                      "West, 22, 3\n"})
    assert ("SDC101", "t.csv", "C4") in findings_of(result)
