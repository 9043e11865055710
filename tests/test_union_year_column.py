"""A per-year whole whose ``year`` column holds one value (round 48, yearcol48).

Round 47's split (``a.csv`` North, with 2020's 18-64 women and men hidden, and South; ``b.csv``
East and West; ``year,age,region,F,M,Total`` of 2020 and 2021 in each) beside the whole of
2020 printed as ``year,age,F,M,Total`` with ``2020`` on every row: the CSV reader read the
constant ``year`` as a count column summed with the sexes, so ``c.csv`` got SDC402 ``review``
(243 is not 2020 + 111 + 132) and **a.csv passed** on base48 (1434bef); a reader gets 2020's
North women as 111 - 51 - 36 - 20 = 4 (men 36). The same with the parts in files of one year
each (``a2020.csv``: the year constant there too) beside a whole per year passed once the year
was read as a label. A year repeated on every row under a dimension's name (or left of the
labels) is now the table's constant label, as a constant text column is (round 41), and a part
file of one year is a part of the whole's combination of that year (``_third``'s ``one_of``).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings; twins that
pass: a national whole, a whole of another year, nothing hidden (parts of both years, and
part files of one year)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "year,age,region,F,M,Total\n"
A_2020 = ("2020,18-64,North,*,*,40\n2020,18-64,South,51,49,100\n"
          "2020,65+,North,30,31,61\n2020,65+,South,40,41,81\n")
A_2021 = ("2021,18-64,North,10,12,22\n2021,18-64,South,55,50,105\n"
          "2021,65+,North,33,30,63\n2021,65+,South,42,40,82\n")
B_2020 = ("2020,18-64,East,36,30,66\n2020,18-64,West,20,17,37\n"
          "2020,65+,East,25,26,51\n2020,65+,West,20,22,42\n")
B_2021 = ("2021,18-64,East,38,31,69\n2021,18-64,West,22,18,40\n"
          "2021,65+,East,27,25,52\n2021,65+,West,21,23,44\n")
A = HEAD + A_2020 + A_2021
B = HEAD + B_2020 + B_2021
OF_2020 = "year,age,F,M,Total\n2020,18-64,111,132,243\n2020,65+,115,120,235\n"
OF_2021 = "year,age,F,M,Total\n2021,18-64,125,111,236\n2021,65+,123,118,241\n"
PER_YEAR = OF_2020 + OF_2021.split("\n", 1)[1]
LONG_2020 = ("year,age,sex,n\n2020,18-64,F,111\n2020,18-64,M,132\n2020,65+,F,115\n"
             "2020,65+,M,120\n")
YEAR_LAST = "age,year,F,M,Total\n18-64,2020,111,132,243\n65+,2020,115,120,235\n"
OPEN_2020 = A_2020.replace("North,*,*,40", "North,14,26,40")
OPEN_WHOLE = OF_2020.replace("111,132", "121,122")

# case -> the files; the output whose D2 and E2 (2020's North women and men) are recomputed
CASES: dict[str, tuple[dict[str, str], str]] = {
    "whole-of-2020": ({"a.csv": A, "b.csv": B, "c.csv": OF_2020}, "a.csv"),
    "whole-of-2020-long": ({"a.csv": A, "b.csv": B, "c.csv": LONG_2020}, "a.csv"),
    "year-after-the-age": ({"a.csv": A, "b.csv": B, "c.csv": YEAR_LAST}, "a.csv"),
    "header-Year": ({"a.csv": A, "b.csv": B, "c.csv": OF_2020.replace("year", "Year", 1)},
                    "a.csv"),
    "header-wave-left-of-the-age": (
        {"a.csv": A, "b.csv": B, "c.csv": OF_2020.replace("year", "wave", 1)}, "a.csv"),
    "blank-header-left-of-the-age": (
        {"a.csv": A, "b.csv": B, "c.csv": OF_2020.replace("year", "", 1)}, "a.csv"),
    "wholes-of-2020-and-2021": (
        {"a.csv": A, "b.csv": B, "c.csv": OF_2020, "d.csv": OF_2021}, "a.csv"),
    "part-files-of-one-year-beside-the-whole-of-2020": (
        {"a2020.csv": HEAD + A_2020, "b2020.csv": HEAD + B_2020, "c.csv": OF_2020}, "a2020.csv"),
    "part-files-of-one-year-beside-the-whole-per-year": (
        {"a2020.csv": HEAD + A_2020, "a2021.csv": HEAD + A_2021, "b2020.csv": HEAD + B_2020,
         "b2021.csv": HEAD + B_2021, "c.csv": PER_YEAR}, "a2020.csv"),
    "part-files-of-one-year-beside-wholes-of-one-year": (
        {"a2020.csv": HEAD + A_2020, "a2021.csv": HEAD + A_2021, "b2020.csv": HEAD + B_2020,
         "b2021.csv": HEAD + B_2021, "c.csv": OF_2020, "d.csv": OF_2021}, "a2020.csv"),
}

TWINS: dict[str, dict[str, str]] = {
    "national-whole-of-2020": {"a.csv": A, "b.csv": B, "c.csv": (
        "year,age,F,M,Total\n2020,18-64,5000,5200,10200\n2020,65+,4800,5100,9900\n")},
    "whole-of-another-year": {"a.csv": A, "b.csv": B, "c.csv": OF_2020.replace("2020", "2022")},
    "nothing-hidden": {"a.csv": HEAD + OPEN_2020 + A_2021, "b.csv": B, "c.csv": OPEN_WHOLE},
    "part-files-nothing-hidden": {"a2020.csv": HEAD + OPEN_2020, "b2020.csv": HEAD + B_2020,
                                  "c.csv": OPEN_WHOLE},
    "part-files-per-year-nothing-hidden": {
        "a2020.csv": HEAD + OPEN_2020, "a2021.csv": HEAD + A_2021, "b2020.csv": HEAD + B_2020,
        "b2021.csv": HEAD + B_2021, "c.csv": OPEN_WHOLE + OF_2021.split("\n", 1)[1]},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_hidden_cell_beside_a_whole_of_one_year(tmp_path: Path, jobs: int,
                                                    case: str) -> None:
    # base48: every output passed but the whole (SDC402 review, or with part files of one
    # year SDC103/SDC302/SDC402 on every part: the year read as a count)
    files, hidden = CASES[case]
    written(tmp_path, files)
    statuses = dict.fromkeys(files, "pass") | {hidden: "fail"}
    assert _found(tmp_path, jobs) == (
        "fail", statuses, {(hidden, "SDC501", "fail", "D2"), (hidden, "SDC501", "fail", "E2")})


@pytest.mark.parametrize("case", sorted(TWINS))
def test_twins_pass(tmp_path: Path, jobs: int, case: str) -> None:
    written(tmp_path, TWINS[case])
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(TWINS[case], "pass"), set())


@pytest.mark.parametrize(("text", "dimensions", "measures"), [
    (OF_2020, ["year", "age", "columns"], ["count"]),
    (YEAR_LAST, ["age", "year", "columns"], ["count"]),
    (OF_2020.replace("year", "wave", 1), ["wave", "age", "columns"], ["count"]),
    # round 49: right of the labels under no dimension's name, beside two numeric columns
    # or more that do not count it (``Total`` = ``F`` + ``M``, or no total)
    ("age,wave,F,M,Total\n18-64,2020,111,132,243\n65+,2020,115,120,235\n",
     ["age", "wave", "columns"], ["count"]),
    ("age,wave,F,M\n18-64,2020,111,132\n65+,2020,115,120\n", ["age", "wave", "columns"],
     ["count"]),
    # a count's name, a column counted in a total (round 49), one beside a single numeric
    # column, years that vary without crossing the ages, a number that is no year: measures
    (OF_2020.replace("year", "n", 1), ["age", "columns"], ["count"]),
    ("age,wave,F,M,Total\n18-64,2020,111,132,2263\n65+,2020,115,120,2255\n",
     ["age", "columns"], ["count"]),
    ("age,wave,F,M,Total\n18-64,2020,111,*,2263\n65+,2020,115,120,2255\n",
     ["age", "columns"], ["count"]),
    ("year,age,F,M,Total\n2020,18-64,111,132,243\n2021,65+,115,120,235\n",
     ["age", "columns"], ["count"]),
    (OF_2020.replace("2020,", "20,"), ["age", "columns"], ["count"]),
    ("region,n,pct\nNorth,2020,10.5\nSouth,2020,20.5\n", ["region"], ["n", "pct"]),
])
def test_which_constant_column_is_a_label(tmp_path: Path, text: str, dimensions: list[str],
                                          measures: list[str]) -> None:
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    table = read_output(tmp_path / "t.csv", "t.csv", build_policy({}))[0].table
    assert table is not None
    assert (table.dimensions, [m.name for m in table.measures]) == (dimensions, measures)
