"""pandas 3 writes ``pd.crosstab(df.yr, df.g).to_csv()`` as ``yr,1,2``: the codes on the first
line are the column variable's labels, the counts below are checked (issue 11 item 2: numeric
row labels with dimension names outside the vocabulary). The header reading is taken only where
the data reading is implausible; otherwise the first line stays data (stricter). Even then the
codes on the line are understood only when something confirms the header (a margin name after
them, totals that add up without them, a matched sidecar): otherwise SDC602 names them, as a
headerless table's first row could hold the same numbers as counts (issue 11, reading
leftovers 1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _coded(seed: int = 5, small_year: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = [2019, 2020, 2021]
    p = [.49, .49, .02] if small_year else [.34, .33, .33]
    return pd.DataFrame({"yr": rng.choice(years, 600, p=p), "g": rng.choice([1, 2], 600),
                         "sex": rng.choice([1, 2], 600)})


def _check(tmp_path: Path, write) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir()
    write(root)
    return sdc.check(root, POLICY)


def _check_csv(tmp_path: Path, text: str) -> sdc.RunResult:
    """A release of one file, ``t.csv``, holding ``text``, checked."""
    return _check(tmp_path, lambda root: (root / "t.csv").write_text(text, encoding="utf-8"))


def test_pandas3_crosstab_of_codes_with_margins_passes(tmp_path: Path) -> None:
    df = _coded(small_year=False)

    def write(root: Path) -> None:
        pd.crosstab(df.yr, df.g, margins=True).to_csv(root / "a.csv")
        pd.crosstab(df.sex, df.g, margins=True).to_csv(root / "c.csv")
    result = _check(tmp_path, write)
    assert (tmp_path / "release" / "a.csv").read_text().startswith("yr,1,2,All\n")
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_pandas3_crosstab_of_codes_without_margins_names_the_codes(tmp_path: Path) -> None:
    # nothing but the guess says ``yr,1,2`` is a header: read so (the counts below are
    # checked), but its 1 and 2 could be a headerless first row's counts: named for review
    df = _coded(small_year=False)

    def write(root: Path) -> None:
        pd.crosstab(df.yr, df.g).to_csv(root / "a.csv")
        pd.crosstab(df.g, df.sex).to_csv(root / "b.csv")
        pd.crosstab([df.yr, df.g], df.sex).to_csv(root / "d.csv")
    result = _check(tmp_path, write)
    assert (tmp_path / "release" / "a.csv").read_text().startswith("yr,1,2\n")
    assert findings_of(result) == {("SDC602", name, None) for name in ("a.csv", "b.csv", "d.csv")}
    messages = {f.location.path: f.message for f in result.findings}
    assert messages["a.csv"].startswith("2 numbers not understood") and "B1, C1" in \
        messages["a.csv"]
    assert "C1, D1" in messages["d.csv"]
    assert result.status.value == "review"


def test_a_headerless_first_row_of_small_counts_is_never_passed(tmp_path: Path) -> None:
    # the wrong guess: ``deaths,1,2`` is a data row (1 and 2 deaths) over the years; the
    # header reading takes it for codes, and with no margin to confirm it they are named
    result = _check_csv(tmp_path, "deaths,1,2\n2019,40,50\n2020,45,51\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert "B1, C1" in result.findings[0].message
    assert result.status.value == "review"
    # three codes and a text label (``age,0,1,2``): the same
    (tmp_path / "second").mkdir()
    result = _check_csv(tmp_path / "second", "North,1,2,3\nSouth,40,50,60\nEast,45,51,62\n")
    assert findings_of(result) - {("SDC101", "t.csv", c) for c in ("B1", "C1", "D1")} <= {
        ("SDC602", "t.csv", None)}
    assert result.status.value != "pass"


def test_a_total_row_that_adds_up_without_the_first_line_confirms_it(tmp_path: Path) -> None:
    # Stata/R style: a Total row and no Total column; the totals leave the 1 and 2 out
    root = tmp_path / "release"
    root.mkdir()
    (root / "t.csv").write_text("yr,1,2\n2019,40,50\n2020,45,51\nTotal,85,101\n",
                                encoding="utf-8")
    assert findings_of(sdc.check(root, POLICY)) == set()
    # totals that include the first line's numbers: it was data (a headerless table)
    (root / "t.csv").write_text("yr,1,2\n2019,40,50\n2020,45,51\nTotal,86,103\n",
                                encoding="utf-8")
    result = sdc.check(root, POLICY)
    assert result.status.value != "pass"
    assert ("SDC602", "t.csv", None) in findings_of(result) or \
        ("SDC101", "t.csv", "B1") in findings_of(result)


def test_pandas3_crosstab_of_codes_small_counts_below_fail(tmp_path: Path) -> None:
    df = _coded()
    result = _check(tmp_path, lambda root: pd.crosstab(df.yr, df.g).to_csv(root / "a.csv"))
    text = (tmp_path / "release" / "a.csv").read_text().splitlines()
    assert text[0] == "yr,1,2" and text[3].startswith("2021,")
    assert findings_of(result, {"SDC101", "SDC602"}) == {("SDC101", "a.csv", "B4"),
                                                         ("SDC101", "a.csv", "C4"),
                                                         ("SDC602", "a.csv", None)}
    assert result.status.value == "fail"


def test_two_coded_row_labels_and_a_0_1_column_variable(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"yr": rng.choice([2019, 2020], 400), "g": rng.choice([1, 2], 400),
                       "died": rng.choice([0, 1], 400, p=[.98, .02])})
    result = _check(tmp_path,
                    lambda root: pd.crosstab([df.yr, df.g], df.died).to_csv(root / "d.csv"))
    lines = (tmp_path / "release" / "d.csv").read_text().splitlines()
    assert lines[0] == "yr,g,0,1"
    small = {f"D{i}" for i, line in enumerate(lines[1:], start=2)
             if 0 < int(line.split(",")[3]) < 10}
    assert small and findings_of(result, {"SDC101"}) == {("SDC101", "d.csv", c) for c in small}
    # no margin confirms the header: its 0 and 1 are named (a first data row could hold them)
    assert findings_of(result, {"SDC602"}) == {("SDC602", "d.csv", None)}
    assert "C1, D1" in next(f.message for f in result.findings if f.rule == "SDC602")


def _csv(tmp_path: Path, text: str) -> set:
    return findings_of(_check_csv(tmp_path, text), {"SDC101"})


def test_a_category_word_over_years_is_a_data_row(tmp_path: Path) -> None:
    # headerless: the first row is the Unknown year with counts 1 and 2
    found = _csv(tmp_path, "Unknown,1,2\n2019,40,50\n2020,45,51\n")
    assert found == {("SDC101", "t.csv", "B1"), ("SDC101", "t.csv", "C1"),
                     *_made_up_columns_nested([(1, 2), (40, 50), (45, 51)])}


def test_a_word_over_text_labels_is_read_as_a_header_whose_codes_are_named(
        tmp_path: Path) -> None:
    # ``region,1,2`` over North/South: pandas 3's ``pd.crosstab(df.region, df.g)``, or a
    # headerless table whose first row is labelled ``region``. The header reading checks the
    # counts below; nothing confirms the codes, so SDC602 names them (review, never pass)
    result = _check_csv(tmp_path, "region,1,2\nNorth,40,50\nSouth,45,51\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert [loc.cell for loc in result.findings[0].related] == ["B1", "C1"]
    # a headerless table opening with a word among words: its small counts are named too
    for sub in ("w", "m", "s"):
        (tmp_path / sub).mkdir()
    result = _check_csv(tmp_path / "w", "Wales,1,2\nEngland,40,50\nScotland,45,51\n")
    # and its two data rows of unknown names, England never above Scotland, are paired by
    # their numbers (rows3, round 21: a wide table of two rows without a total line): the
    # differences 5 and 1 are reviewed at England's cells
    assert findings_of(result) == {("SDC602", "t.csv", None), ("SDC101", "t.csv", "B2"),
                                   ("SDC101", "t.csv", "C2")}
    # confirmed by a margin, it passes; a small count below still fails
    assert findings_of(_check_csv(tmp_path / "m", "region,0,1,All\nNorth,40,50,90\n"
                                                  "South,45,51,96\nAll,85,101,186\n")) == set()
    assert _csv(tmp_path / "s", "region,0,1\nNorth,40,3\nSouth,45,51\n") == {
        ("SDC101", "t.csv", "C2")}


def test_numbers_that_are_no_code_run_keep_the_data_reading(tmp_path: Path) -> None:
    found = _csv(tmp_path, "yr,3,5\n2019,40,50\n2020,45,51\n")
    assert found == {("SDC101", "t.csv", "B1"), ("SDC101", "t.csv", "C1"),
                     *_made_up_columns_nested([(3, 5), (40, 50), (45, 51)])}


def _made_up_columns_nested(lines: list[tuple[int, int]]) -> set[tuple[str, str, str]]:
    """A headerless grid's made-up columns B and C, C never below B on three lines (a pair of
    two labels nesting on three lines: 1 in 4 by chance, under the pairing's floor of 1 in 2;
    round 22, flat2), are read as a whole and its part: C less B below the threshold 10 and
    above 0 is SDC101 review at B's cell (row 1 is also its own small count)."""
    assert all(c >= b for b, c in lines)
    return {("SDC101", "t.csv", f"B{row}") for row, (b, c) in enumerate(lines, start=1)
            if 0 < c - b < 10}


def test_a_wrong_header_guess_still_checks_the_labels_below(tmp_path: Path) -> None:
    # read as a header, the word names column A: numbers there that are no labels (3, 40, 7
    # are neither years nor a code run) are named not understood, never passed
    result = _check_csv(tmp_path, "grp,1,2\n3,40,50\n40,45,51\n7,60,61\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"
    assert "A2, A3, A4" in result.findings[0].message


def test_a_leading_code_column_is_labels_only_when_confirmed(tmp_path: Path) -> None:
    # ``df.died.value_counts()``: the other column is named a count, so 0 and 1 are labels
    for sub in ("vc", "margin", "guess", "counted"):
        (tmp_path / sub).mkdir()
    assert findings_of(_check_csv(tmp_path / "vc", "died,count\n0,420\n1,180\n")) == set()
    # pandas 3 ``pd.crosstab(df.died, df.region, margins=True)``: the margin closes the list
    assert findings_of(_check_csv(tmp_path / "margin", "died,East,North,All\n0,40,41,81\n"
                                                       "1,33,35,68\nAll,73,76,149\n")) == set()
    # nothing confirms it: the stricter reading, 0 and 1 are counts
    assert _csv(tmp_path / "guess", "died,East,North\n0,40,41\n1,33,35\n") == {
        ("SDC101", "t.csv", "A3")}
    # a column whose header names counts is never taken for labels
    assert _csv(tmp_path / "counted", "deaths,count\n0,420\n1,180\n") == {
        ("SDC101", "t.csv", "A3")}


def test_a_row_labelled_c_among_letters_does_not_undo_the_header(tmp_path: Path) -> None:
    """``ward,0,1`` over wards A..D: ``C`` is a default suppression marker, and the word over
    the labels was no longer taken to name them, so the header line was read as a headerless
    first row and its 0 and 1 failed as counts. The letter is a label among labels: the codes
    are named for review as for any unconfirmed coded header, and a small count below fails."""
    safe = "ward,0,1\nA,52,40\nB,46,40\nC,59,53\nD,46,46\n"
    result = _check_csv(tmp_path, safe)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert "B1, C1" in result.findings[0].message
    (tmp_path / "twin").mkdir()
    result = _check_csv(tmp_path / "twin", safe.replace("59,53", "59,3"))
    assert ("SDC101", "t.csv", "C4") in findings_of(result)
