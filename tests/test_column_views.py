"""Columns read across tables, round 42 (cols42; ``sdc.column_split``).

Three wrong ``pass`` es on main (e86af91), each through ``sdc check`` at ``-j 1``/``-j 2``,
read whole and streamed, with exact findings and a safe twin:

- ``u2``: ``a.csv region,female / North,* / South,51 / East,36`` beside ``b.csv
  region,male,all`` (36, 40 / 70, 121 / 30, 66): North's women are 40 - 36 = 4. b.csv's own
  reading takes ``all`` as ``male``'s row total, which its rows contradict (SDC402), and a.csv
  passed: a two-way table's columns are now column views as well.
- columns printing different rows: ``region,female`` and ``region,male`` over North-East
  beside ``region,all`` over North-West (or the parts over more rows than the whole): the
  rows all of them print are joined.
- crosstabs per year and their sum: ``sex x imd`` of 2019, 2020 and 2021 (one file each, with
  or without a constant ``year`` column) and of all years: 2019's hidden cell is the sum's
  cell less the other years'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode


def _column(header: str, values: tuple[str, ...],
            rows: tuple[str, ...] = ("North", "South", "East")) -> str:
    return f"region,{header}\n" + "".join(f"{r},{v}\n" for r, v in zip(rows, values,
                                                                        strict=True))


def _two_way(headers: tuple[str, str], values: tuple[tuple[str, str], ...],
             rows: tuple[str, ...] = ("North", "South", "East")) -> str:
    return f"region,{headers[0]},{headers[1]}\n" + "".join(
        f"{r},{a},{b}\n" for r, (a, b) in zip(rows, values, strict=True))


# --- u2: a table of several counts beside another's column --------------------------------------

MALE_ALL = (("36", "40"), ("70", "121"), ("30", "66"))
# b.csv's own reading: ``all`` as ``male``'s row total, contradicted on every printed row
OWN_TOTALS = {("b.csv", "SDC402", "review", c) for c in ("C2", "C3", "C4")}


@pytest.mark.parametrize("whole", ["all", "Total", "persons", "n"])
def test_a_column_beside_a_table_of_two_counts_fails(tmp_path: Path, jobs: int,
                                                     whole: str) -> None:
    # main: a.csv passed; b.csv ``review`` by SDC402 where its last header reads as a total
    # (a two-way table, ``region x columns``), else by SDC101 (two count measures: ``n`` 40
    # less ``male`` 36 leaves 4, if a subgroup), both kept
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("male", whole), MALE_ALL))
    own = OWN_TOTALS if whole in ("all", "Total") else {("b.csv", "SDC101", "review", "B2")}
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "review"}, {("a.csv", "SDC501", "fail", "B2")} | own)


def test_a_large_hidden_cell_beside_a_table_of_two_counts_fails(tmp_path: Path,
                                                                jobs: int) -> None:
    # North/F = 50 - 36 = 14, exactly (no remainder)
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("male", "n"), (("36", "50"), ("70", "121"),
                                                             ("30", "66"))))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass"}, {("a.csv", "SDC501", "fail", "B2")})


def test_the_whole_in_a_table_of_two_counts_and_the_parts_apart(tmp_path: Path,
                                                                jobs: int) -> None:
    # ``region,female,n`` beside ``region,male``: the whole and one part in a two-way
    # table, the hidden part apart; North/M = 40 - 36 = 4 (main: passed)
    (tmp_path / "a.csv").write_text(_two_way(("female", "n"), (("36", "40"), ("51", "121"),
                                                               ("36", "66"))))
    (tmp_path / "b.csv").write_text(_column("male", ("*", "70", "30")))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "review", "b.csv": "fail"},
        {("b.csv", "SDC501", "fail", "B2"), ("a.csv", "SDC101", "review", "B2")})


def test_a_hidden_count_of_a_table_whose_own_total_reading_pins_it_still_fails(
        tmp_path: Path, jobs: int) -> None:
    # ``region,male,all / North,*,40`` beside ``female`` 36: b.csv's own line (kept where a
    # cell is hidden) pins North/M at 40, the columns' union at 4: the union contradicts and
    # is dropped (round 38), b.csv fails as on main (SDC402 at the lines that do not add up)
    (tmp_path / "a.csv").write_text(_column("female", ("36", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("male", "all"), (("*", "40"), ("70", "121"),
                                                               ("30", "66"))))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "pass", "b.csv": "fail"},
        {("b.csv", "SDC501", "fail", "B2"), ("b.csv", "SDC402", "review", "C3"),
         ("b.csv", "SDC402", "review", "C4")})


def test_two_counts_in_one_file_and_their_whole_in_another_still_fails(tmp_path: Path,
                                                                        jobs: int) -> None:
    # ``region,female,male`` beside ``region,all``: failed on main too (kept)
    (tmp_path / "a.csv").write_text(_two_way(("female", "male"), (("*", "36"), ("51", "70"),
                                                                  ("36", "30"))))
    (tmp_path / "b.csv").write_text(_column("all", ("40", "121", "66")))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass"}, {("a.csv", "SDC501", "fail", "B2")})


def test_beside_a_table_of_two_counts_two_hidden_cells_in_a_row_pass(tmp_path: Path,
                                                                     jobs: int) -> None:
    # North/F + North/M = 40, both hidden: each in [0, 40]
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("male", "n"), (("*", "40"), ("70", "121"),
                                                             ("30", "66"))))
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_beside_a_table_of_two_counts_that_do_not_add_up_pass(tmp_path: Path,
                                                              jobs: int) -> None:
    # East: 36 + 30 != 67, so ``n`` is no total of the two columns (b.csv's SDC101 is main's)
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("male", "n"), (("36", "40"), ("70", "121"),
                                                             ("30", "67"))))
    assert _found(tmp_path, jobs) == ("review", {"a.csv": "pass", "b.csv": "review"},
                                      {("b.csv", "SDC101", "review", "B2")})


# --- columns printing different rows --------------------------------------------------------------

FOUR = ("North", "South", "East", "West")


def test_a_whole_over_more_rows_than_its_parts_fails(tmp_path: Path, jobs: int) -> None:
    # ``all`` prints West too; North/F = 40 - 36 = 4 (main: every output passed)
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_column("male", ("36", "70", "30")))
    (tmp_path / "c.csv").write_text(_column("all", ("40", "121", "66", "80"), FOUR))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", "B2")})


def test_parts_over_more_rows_than_their_whole_fail(tmp_path: Path, jobs: int) -> None:
    # the parts print West, the whole does not: joined on North-East (main: passed)
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36", "40"), FOUR))
    (tmp_path / "b.csv").write_text(_column("male", ("36", "70", "30", "45"), FOUR))
    (tmp_path / "c.csv").write_text(_column("all", ("40", "121", "66")))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", "B2")})


def test_totals_rows_over_other_rows_are_not_joined(tmp_path: Path, jobs: int) -> None:
    # the whole's Total counts West, the parts' do not: the Total rows are left out (they do
    # not add up, and would have switched the reading off); North/F = 4 and East/F = 36 from
    # the regions (main: passed; a.csv's own Total leaves each in [0, 40])
    five = ("North", "South", "East", "Mid", "Total")
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "*", "25", "116"), five))
    (tmp_path / "b.csv").write_text(_column("male", ("36", "70", "30", "22", "158"), five))
    (tmp_path / "c.csv").write_text(_column(
        "all", ("40", "121", "66", "47", "80", "354"), ("North", "South", "East", "Mid", "West",
                                                        "Total")))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", "B2"), ("a.csv", "SDC501", "fail", "B4")})


def test_different_rows_that_do_not_add_up_pass(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_column("male", ("36", "70", "30")))
    (tmp_path / "c.csv").write_text(_column("all", ("40", "121", "67", "80"), FOUR))
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


# --- crosstabs per year and their sum -------------------------------------------------------------

YEARS = {
    "2019": (("*", "120", "131"), ("112", "125", "140")),
    "2020": (("55", "150", "100"), ("140", "95", "170")),
    "2021": (("86", "90", "160"), ("80", "160", "110")),
    "All": (("145", "360", "391"), ("332", "380", "420")),
}


def _crosstab(year: str | None, rows: tuple[tuple[str, ...], ...]) -> str:
    head = "year," if year else ""
    lead = f"{year}," if year else ""
    return f"{head}sex,imd1,imd2,imd3\n" + "".join(
        f"{lead}{sex},{','.join(row)}\n" for sex, row in zip(("F", "M"), rows, strict=True))


def _years(root: Path, style: str, years: dict[str, tuple[tuple[str, ...], ...]]) -> None:
    """One file a year and their sum: no year column, a ``year`` column of ``2019`` (read as
    a count column of its own, on main too), or of ``2019-20`` (a label; the sum's ``All``)."""
    for year, rows in years.items():
        name = "all.csv" if year == "All" else f"y{year}.csv"
        label = {"no-year": None, "year": year,
                 "financial-year": year if year == "All" else f"{year}-{int(year) % 100 + 1}"
                 }[style]
        (root / name).write_text(_crosstab(label, rows))


YEAR_FILES = {"all.csv": "pass", "y2019.csv": "pass", "y2020.csv": "pass",
              "y2021.csv": "pass"}


STYLES = ["no-year", "year", "financial-year"]


@pytest.mark.parametrize("style", STYLES)
def test_a_years_hidden_cell_the_sum_over_years_gives_back_fails(tmp_path: Path, jobs: int,
                                                                  style: str) -> None:
    # 2019's F/imd1 = 145 - 55 - 86 = 4 (main: every output passed, but for the financial
    # years: SDC502 in [0, 4] there, the ``All`` row read as a total with a remainder)
    _years(tmp_path, style, YEARS)
    cell = "B2" if style == "no-year" else "C2"
    assert _found(tmp_path, jobs) == (
        "fail", YEAR_FILES | {"y2019.csv": "fail"}, {("y2019.csv", "SDC501", "fail", cell)})


@pytest.mark.parametrize("style", ["no-year"])
def test_years_that_do_not_add_up_on_one_cell_pass(tmp_path: Path, jobs: int,
                                                   style: str) -> None:
    # M/imd3: 140 + 170 + 110 != 419, so the last table is no sum of the years
    _years(tmp_path, style, YEARS | {"All": (("145", "360", "391"), ("332", "380", "419"))})
    assert _found(tmp_path, jobs) == ("pass", YEAR_FILES, set())


@pytest.mark.parametrize("style", ["year", "financial-year"])
def test_years_under_an_all_label_are_read_as_a_total_with_a_remainder(
        tmp_path: Path, jobs: int, style: str) -> None:
    # Where each file's year is a label (``2019-20``; and since round 48's yearcol48 a
    # ``year`` column of one year, a constant label as a text one is), the sum's ``All`` is
    # read as a total of the years shown and a remainder >= 0: F/imd1 in [0, 4] whatever
    # M/imd3 says (SDC502, fail closed: 145 - 55 - 86 bounds it)
    _years(tmp_path, style, YEARS | {"All": (("145", "360", "391"), ("332", "380", "419"))})
    assert _found(tmp_path, jobs) == (
        "fail", YEAR_FILES | {"y2019.csv": "fail"}, {("y2019.csv", "SDC502", "fail", "C2")})


@pytest.mark.parametrize("style", STYLES)
def test_two_years_hidden_in_one_cell_pass(tmp_path: Path, jobs: int, style: str) -> None:
    # 2019's and 2020's F/imd1 hidden: their sum is 59, each in [0, 59]
    _years(tmp_path, style, YEARS | {"2020": (("*", "150", "100"), ("140", "95", "170"))})
    assert _found(tmp_path, jobs) == ("pass", YEAR_FILES, set())


def test_one_sheet_a_year_and_the_sum_in_a_file_apart(tmp_path: Path, jobs: int) -> None:
    # the years as sheets of one workbook, their sum in a CSV: 2019's F/imd1 = 4
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for year in ("2019", "2020", "2021"):
        sheet = book.create_sheet(year)
        sheet.append(["sex", "imd1", "imd2", "imd3"])
        for sex, row in zip(("F", "M"), YEARS[year], strict=True):
            sheet.append([sex, *(cell if cell == "*" else int(cell) for cell in row)])
    book.save(tmp_path / "years.xlsx")
    (tmp_path / "all.csv").write_text(_crosstab(None, YEARS["All"]))
    status, _, findings = _found(tmp_path, jobs)  # (statuses by path: one of three sheets)
    assert (status, findings) == ("fail", {("years.xlsx", "SDC501", "fail", "B2")})


# --- ACRO's tables of several counts (``count / F``, ``count / M``) -------------------------------

def test_acro_counts_of_one_table_beside_a_one_way_whole_fail(tmp_path: Path,
                                                              jobs: int) -> None:
    # ``region,count / F,count / M`` beside ``region,count``: North/F = 40 - 36 = 4 (main:
    # every output passed)
    (tmp_path / "a.csv").write_text(_two_way(("count / F", "count / M"),
                                             (("*", "36"), ("51", "70"), ("36", "30"))))
    (tmp_path / "b.csv").write_text(_column("count", ("40", "121", "66")))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass"}, {("a.csv", "SDC501", "fail", "B2")})


def test_acro_counts_of_one_table_that_do_not_add_up_pass(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "a.csv").write_text(_two_way(("count / F", "count / M"),
                                             (("*", "36"), ("51", "70"), ("36", "30"))))
    (tmp_path / "b.csv").write_text(_column("count", ("40", "121", "67")))
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_acro_count_and_total_beside_a_one_way_part_fail(tmp_path: Path, jobs: int) -> None:
    # ``region,count / M,count / All`` beside ``region,count / F``: main was ``review`` by
    # b.csv's own findings (kept), a.csv's hidden cell not named
    (tmp_path / "a.csv").write_text(_column("count / F", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_two_way(("count / M", "count / All"), MALE_ALL))
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "review"},
        {("a.csv", "SDC501", "fail", "B2"), ("b.csv", "SDC101", "review", "B2")} | OWN_TOTALS)
