"""A per-year whole whose one-valued year stands right of its labels under a name that is no
dimension's (round 49, year49).

Round 47's split (``a.csv`` North, with 2020's 18-64 women and men hidden, and South; ``b.csv``
East and West; ``year,age,region,F,M,Total`` of 2020 and 2021 in each) beside the whole of
2020 printed as ``age,wave,F,M,Total`` with ``2020`` on every row (or a blank header, no
``Total`` column, the total first): round 48 read a one-valued year as the table's constant
label under a dimension's name or left of a text label only, so here the CSV reader read it as
a count summed with the sexes; ``c.csv`` got SDC402 ``review`` (243 is not 2020 + 111 + 132),
or with no total nothing, and **a.csv passed** on base49 (bdb09f9): a reader gets 2020's North
women as 111 - 51 - 36 - 20 = 4 (men 36). Such a column beside two numeric columns or more is
now the table's constant label unless a column right of it adds it in on every row
(``sdc.readers.layout._outside_totals``): a year is never a small count, and a wrong label
reading makes the table's own totals contradict.

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings; twins: a
national whole, a whole of another year, nothing hidden (``pass``), and a year the total
counts (a measure, as before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written
from tests.test_union_year_column import A_2020, B_2020, HEAD, OPEN_2020, A, B

jobs = release_modes.jobs  # the fixture its tests take: each mode

RIGHT = "age,wave,F,M,Total\n18-64,2020,111,132,243\n65+,2020,115,120,235\n"
NO_TOTAL = "age,wave,F,M\n18-64,2020,111,132\n65+,2020,115,120\n"
TOTAL_FIRST = "age,wave,Total,F,M\n18-64,2020,243,111,132\n65+,2020,235,115,120\n"

# case -> the files; the output whose D2 and E2 (2020's North women and men) are recomputed
CASES: dict[str, tuple[dict[str, str], str]] = {
    "wave-right-of-the-age": ({"a.csv": A, "b.csv": B, "c.csv": RIGHT}, "a.csv"),
    "blank-header-right-of-the-age": (
        {"a.csv": A, "b.csv": B, "c.csv": RIGHT.replace("wave", "", 1)}, "a.csv"),
    "no-total-column": ({"a.csv": A, "b.csv": B, "c.csv": NO_TOTAL}, "a.csv"),
    "the-total-first": ({"a.csv": A, "b.csv": B, "c.csv": TOTAL_FIRST}, "a.csv"),
    "part-files-of-one-year": (
        {"a2020.csv": HEAD + A_2020, "b2020.csv": HEAD + B_2020, "c.csv": RIGHT}, "a2020.csv"),
}

TWINS: dict[str, dict[str, str]] = {
    "national-whole": {"a.csv": A, "b.csv": B, "c.csv": (
        "age,wave,F,M,Total\n18-64,2020,5000,5200,10200\n65+,2020,4800,5100,9900\n")},
    "whole-of-another-year": {"a.csv": A, "b.csv": B, "c.csv": RIGHT.replace("2020", "2022")},
    "nothing-hidden": {"a.csv": HEAD + OPEN_2020, "b.csv": HEAD + B_2020,
                       "c.csv": RIGHT.replace("111,132", "121,122")},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_hidden_cell_beside_a_whole_with_its_year_on_the_right(
        tmp_path: Path, jobs: int, case: str) -> None:
    # base49: a.csv passed (c.csv SDC402 review where it prints a total: 243 is not 2263)
    files, hidden = CASES[case]
    written(tmp_path, files)
    statuses = dict.fromkeys(files, "pass") | {hidden: "fail"}
    assert _found(tmp_path, jobs) == (
        "fail", statuses, {(hidden, "SDC501", "fail", "D2"), (hidden, "SDC501", "fail", "E2")})


@pytest.mark.parametrize("case", sorted(TWINS))
def test_twins_pass(tmp_path: Path, jobs: int, case: str) -> None:
    written(tmp_path, TWINS[case])
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(TWINS[case], "pass"), set())


def test_a_year_the_total_counts_stays_a_count(tmp_path: Path, jobs: int) -> None:
    # ``Total`` = ``wave`` + ``F`` + ``M`` on every row: the year is counted, a measure (its
    # table's totals hold, so the union reading finds no whole of 2020: a.csv passes, as the
    # release's numbers say the whole is not the parts')
    files = {"a.csv": A, "b.csv": B,
             "c.csv": "age,wave,F,M,Total\n18-64,2020,111,132,2263\n65+,2020,115,120,2255\n"}
    written(tmp_path, files)
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(files, "pass"), set())


@pytest.mark.parametrize(("text", "dimensions"), [
    (RIGHT, ["age", "wave", "columns"]),
    (NO_TOTAL, ["age", "wave", "columns"]),
    (TOTAL_FIRST, ["age", "wave", "columns"]),
    (RIGHT.replace("wave", "", 1), ["age", "row2", "columns"]),
    # counted by the total; beside one numeric column; a count's name: measures
    (RIGHT.replace("243", "2263").replace("235", "2255"), ["age", "columns"]),
    ("region,visits,beds\nNorth,2020,12\nSouth,2020,15\n", ["region"]),
    (RIGHT.replace("wave", "n", 1), ["age", "columns"]),
])
def test_which_year_right_of_the_labels_is_a_label(tmp_path: Path, text: str,
                                                   dimensions: list[str]) -> None:
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    table = read_output(tmp_path / "t.csv", "t.csv", build_policy({}))[0].table
    assert table is not None
    assert table.dimensions == dimensions
