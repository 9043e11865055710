"""``Series.to_csv()``/``to_excel()`` of a Series with no name writes a ``0`` header: ``,0`` when
the index has no name either, ``yr,0`` when it is named outside the dimension vocabulary. The 0
was read as a zero count (a false ``fail``) while the counts below are what must be checked
(issue 11 item 2; found hunting). A first line that could be data stays data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _run(tmp_path: Path, write) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir(parents=True)
    write(root)
    return sdc.check(root, POLICY)


def _series(values: list[int], index: list, name: str | None = None) -> pd.Series:
    return pd.Series(values, index=pd.Index(index, name=name))


def test_unnamed_series_to_csv(tmp_path: Path) -> None:
    series = _series([3, 120, 98], ["North", "South", "East"])
    result = _run(tmp_path / "a", lambda root: series.to_csv(root / "t.csv"))
    assert (tmp_path / "a" / "release" / "t.csv").read_text().startswith(",0\n")
    assert findings_of(result) == {("SDC101", "t.csv", "B2")}
    safe = _series([30, 120, 98], ["North", "South", "East"])
    assert findings_of(_run(tmp_path / "b", lambda root: safe.to_csv(root / "t.csv"))) == set()


def test_unnamed_series_of_years_to_excel(tmp_path: Path) -> None:
    series = _series([120, 98, 3], [2019, 2020, 2021])
    result = _run(tmp_path, lambda root: series.to_excel(root / "t.xlsx"))
    assert findings_of(result) == {("SDC101", "t.xlsx[Sheet1]", "B4")}


def test_series_indexed_by_a_name_outside_the_vocabulary(tmp_path: Path) -> None:
    series = _series([120, 98, 3], [2019, 2020, 2021], name="yr")
    result = _run(tmp_path, lambda root: series.to_csv(root / "t.csv"))
    assert (tmp_path / "release" / "t.csv").read_text().startswith("yr,0\n")
    assert findings_of(result) == {("SDC101", "t.csv", "B4")}


def test_a_blank_label_among_the_rows_keeps_the_first_line_data(tmp_path: Path) -> None:
    # ``,0`` over a column with another blank label: the first line is a blank-labelled row
    result = _run(tmp_path, lambda root: (root / "t.csv").write_text(
        ",0\n,40\nNorth,50\nSouth,60\n"))
    assert ("SDC102", "t.csv", "B1") in findings_of(result)


def test_a_category_word_over_years_keeps_the_zero_count(tmp_path: Path) -> None:
    result = _run(tmp_path, lambda root: (root / "t.csv").write_text(
        "Unknown,0\n2019,40\n2020,50\n"))
    assert ("SDC102", "t.csv", "B1") in findings_of(result)


def test_a_word_over_years_names_the_zero_only_when_it_names_a_dimension(
        tmp_path: Path) -> None:
    # ``baseline,0`` over years: a headerless table's first row (the baseline had no deaths)
    # reads exactly like ``yr,0``. The header reading is kept for the rest, but the 0 goes
    # unchecked only when the word names a dimension (``yr``, ``year``); otherwise SDC602
    for n, word in enumerate(("baseline", "wave")):
        result = _run(tmp_path / str(n), lambda root, w=word: (root / "t.csv").write_text(
            f"{w},0\n2019,40\n2020,50\n2021,45\n"))
        assert findings_of(result) == {("SDC602", "t.csv", None)}
        assert [loc.cell for loc in result.findings[0].related] == ["B1"]
    series = _series([40, 50, 45], [2019, 2020, 2021], name="year")
    assert findings_of(_run(tmp_path / "year", lambda root: series.to_csv(
        root / "t.csv"))) == set()


def test_a_first_row_labelled_like_the_rows_below_keeps_its_zero(tmp_path: Path) -> None:
    # headerless: ``Stage 1,0`` over ``Stage 2,70`` is stage 1's zero count, not pandas' name
    # for an unnamed Series under an index named ``Stage 1`` (found by a fuzzer: it passed)
    for n, text in enumerate(("Stage 1,0\nStage 2,70\nStage 3,50\n",
                              "Group A,0\nGroup B,70\nGroup C,50\n")):
        result = _run(tmp_path / str(n), lambda root, t=text: (root / "t.csv").write_text(t))
        assert ("SDC102", "t.csv", "B1") in findings_of(result)
