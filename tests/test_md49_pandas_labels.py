"""A markdown copy's rows meet a CSV copy's; ``sum / X`` meets ``mean / X`` (round 49, md49).

``to_markdown`` writes a MultiIndex row as one cell, ``('North', 'M')``, and a missing label
as ``nan``, where ``to_csv`` writes a column per level and a blank. Round 48's lead kept the
tuple in one label column (the cells' letters are the file's), so a markdown table beside a
CSV re-run one patient fewer passed again. The rows now take the CSV's labels while every
cell keeps its own letter (``sdc.readers.documents.pandas_labels``). An ACRO pivot of one
value column prints ``sum / 1`` and ``mean / 1``: no variable is named, so
``mean_counts`` never divided one by the other across outputs; it now pairs them by the
column level. Each case at ``-j 1``/``-j 2``, whole and streamed, with exact findings; every
case passed (or lacked its SDC101) on base49; the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.readers.documents.pandas_labels import (
    as_csv_rows,
    printed_rows,
    take_labels,
    worth_a_look,
)
from sdc.table import Role
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

ROWS_CSV = ("area,sex,g1,g2,Total\nNorth,F,30,25,55\nNorth,M,27,22,49\nSouth,F,35,31,66\n"
            "South,M,33,29,62\n")
# the markdown copy re-run with one man fewer in North's g2
ROWS_MD_RERUN = """|               |   g1 |   g2 |   Total |
|:--------------|-----:|-----:|--------:|
| ('North', 'F') |   30 |   25 |      55 |
| ('North', 'M') |   27 |   21 |      48 |
| ('South', 'F') |   35 |   31 |      66 |
| ('South', 'M') |   33 |   29 |      62 |
"""
ROWS_MD = ROWS_MD_RERUN.replace("|   27 |   21 |      48 |", "|   27 |   22 |      49 |")

# a NaN region: blank in the CSV, ``nan`` in the markdown
NAN_MD = """| region   |   g1 |   g2 |   Total |
|:---------|-----:|-----:|--------:|
| North    |   30 |   25 |      55 |
| South    |   27 |   22 |      49 |
| nan      |   35 |   31 |      66 |
"""
NAN_CSV = "region,g1,g2,Total\nNorth,30,25,55\nSouth,27,22,49\n,35,31,66\n"
NAN_RERUN = NAN_CSV.replace(",35,31,66", ",35,30,65")

# a NaN level of a tuple index
NAN_TUPLE_MD = ROWS_MD.replace("('North', 'M')", "('North', nan)")
NAN_TUPLE_RERUN = ROWS_CSV.replace("North,M,27,22,49", "North,,27,21,48")

# ACRO's pivot of one value column by ``died``: sums in one output, means in another; the
# NaN band's died=1 sum 113081 over its mean 28270.25 is 4 people
SUMS_CSV = (",sum,sum\ndied,0,1\nband,,\n16-34,5268569.0,872705.0\n35-64,3867272.0,688926.0\n"
            ",347974.0,113081.0\n")
MEANS_CSV = (",mean,mean\ndied,0,1\nband,,\n16-34,28174.16577540107,19393.444444444445\n"
             "35-64,30450.96062992126,22964.2\n,20469.058823529413,28270.25\n")
SUMS_MD = """| band   |       ('sum', 0) |   ('sum', 1) |
|:-------|-----------------:|-------------:|
| 16-34  |      5.26857e+06 |       872705 |
| 35-64  |      3.86727e+06 |       688926 |
| nan    | 347974           |       113081 |
"""
MEANS_MD = """| band   |   ('mean', 0) |   ('mean', 1) |
|:-------|--------------:|--------------:|
| 16-34  |       28174.2 |       19393.4 |
| 35-64  |       30451   |       22964.2 |
| nan    |       20469.1 |       28270.2 |
"""
# the twin: that group's sum ten times larger, 40 people
SUMS_BIG = SUMS_CSV.replace("113081.0", "1130810.0")
# bare names, no level: which variable each is of is not said (decided: not paired)
BARE_SUMS = "band,sum\n16-34,872705\n35-64,688926\nunknown,113081\n"
BARE_MEANS = "band,mean\n16-34,19393.444444444445\n35-64,22964.2\nunknown,28270.25\n"


def _magnitudes(sums: str, means: str) -> set[tuple[str, str, str, None]]:
    return {(sums, "SDC203", "review", None), (means, "SDC203", "review", None)}


def test_a_markdown_rerun_of_two_row_levels_fails_at_its_own_cells(tmp_path: Path,
                                                                     jobs: int) -> None:
    """SDC503 ``fail`` at the markdown's own C3 and D3 (its one label column: the file's
    letters, not D3/E3 of a split index). base49: pass, nothing found."""
    status, _, found = _found(_write(tmp_path, {"a.csv": ROWS_CSV, "b.md": ROWS_MD_RERUN}),
                              jobs)
    assert status == "fail"
    assert found == {("b.md", "SDC503", "fail", "C3"), ("b.md", "SDC503", "fail", "D3")}


def test_a_markdown_copy_of_two_row_levels_with_the_same_numbers_passes(
        tmp_path: Path, jobs: int) -> None:
    assert _found(_write(tmp_path, {"a.csv": ROWS_CSV, "b.md": ROWS_MD}), jobs)[::2] == (
        "pass", set())


def test_a_nan_label_meets_the_csvs_blank(tmp_path: Path, jobs: int) -> None:
    """SDC503 ``fail`` at the re-run's NaN region (C4, D4). base49: pass."""
    status, _, found = _found(_write(tmp_path, {"a.md": NAN_MD, "b.csv": NAN_RERUN}), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "C4"), ("b.csv", "SDC503", "fail", "D4")}


def test_a_nan_label_with_the_same_numbers_passes(tmp_path: Path, jobs: int) -> None:
    assert _found(_write(tmp_path, {"a.md": NAN_MD, "b.csv": NAN_CSV}), jobs)[::2] == (
        "pass", set())


def test_a_nan_level_of_a_tuple_meets_the_csvs_blank(tmp_path: Path, jobs: int) -> None:
    """SDC503 ``fail`` at North's unknown sex in g2 and its total. base49: pass."""
    status, _, found = _found(
        _write(tmp_path, {"a.md": NAN_TUPLE_MD, "b.csv": NAN_TUPLE_RERUN}), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "D3"), ("b.csv", "SDC503", "fail", "E3")}


@pytest.mark.parametrize("sums,means,cell", [
    ("a.csv", "b.csv", "C6"), ("a.md", "b.md", "C4"), ("a.md", "b.csv", "C6"),
], ids=["csv", "markdown", "markdown-beside-csv"])
def test_a_sum_over_the_mean_of_its_column_level_gives_the_count(
        tmp_path: Path, jobs: int, sums: str, means: str, cell: str) -> None:
    """SDC101 ``fail`` at the NaN band's ``mean / 1`` (113081 / 28270.25 = 4). base49:
    review, SDC203 only. The mixed pair needs the markdown's ``nan`` read as the blank."""
    text = {"a.csv": SUMS_CSV, "a.md": SUMS_MD, "b.csv": MEANS_CSV, "b.md": MEANS_MD}
    status, _, found = _found(_write(tmp_path, {sums: text[sums], means: text[means]}), jobs)
    assert status == "fail"
    assert found == _magnitudes(sums, means) | {(means, "SDC101", "fail", cell)}


# a third output's counts by died with pandas' margin row: its ``All`` row's ``count / 1`` (75)
# has the key of the blank band's group (a blank label is no label), another population
COUNTS_ALL = ",count,count\ndied,0,1\nband,,\n16-34,187,45\n35-64,127,30\nAll,314,75\n"


def test_a_margins_count_under_the_blank_labels_key_does_not_hide_the_quotient(
        tmp_path: Path, jobs: int) -> None:
    """base49 (and round 49 before this): the margin's 75, printed exactly under the same
    key, was taken for the group's count and the 4 left to SDC101 there (where 75 passes)."""
    status, _, found = _found(_write(tmp_path, {"a.csv": SUMS_CSV, "b.csv": MEANS_CSV,
                                                "c.csv": COUNTS_ALL}), jobs)
    assert status == "fail"
    assert ("b.csv", "SDC101", "fail", "C6") in found
    assert {f for f in found if f[1] == "SDC101"} == {("b.csv", "SDC101", "fail", "C6")}


# the sums with pandas' margin row: its ``All`` row's ``sum / 1`` (1674712) has the blank
# band's key too, and 1674712 / 28270.25 is no whole number
SUMS_ALL = SUMS_CSV + "All,9483815.0,1674712.0\n"


def test_a_margins_sum_under_the_blank_labels_key_does_not_hide_the_quotient(
        tmp_path: Path, jobs: int) -> None:
    """base49 (and round 49 before this): two sums under one key that differ were left
    alone; the margin's leaves no whole quotient, so it is another population's."""
    status, _, found = _found(_write(tmp_path, {"a.csv": SUMS_ALL, "b.csv": MEANS_CSV}), jobs)
    assert status == "fail"
    assert {f for f in found if f[1] == "SDC101"} == {("b.csv", "SDC101", "fail", "C6")}


# a table of zeros under the same labels: its 0 is no count of a group with a mean
COUNTS_ZERO = ",count,count\ndied,0,1\nband,,\n16-34,0,0\n35-64,0,0\n,0,0\n"


def test_the_quotient_is_kept_at_the_mean_beside_a_table_of_zeros(tmp_path: Path,
                                                                   jobs: int) -> None:
    """Before the fix the 4 was kept at c.csv's C6 (a 0 of another population)."""
    status, _, found = _found(_write(tmp_path, {"a.csv": SUMS_CSV, "b.csv": MEANS_CSV,
                                                "c.csv": COUNTS_ZERO}), jobs)
    assert status == "fail"
    assert {f for f in found if f[1] == "SDC101"} == {("b.csv", "SDC101", "fail", "C6")}


def test_a_sum_of_forty_over_its_mean_is_no_finding(tmp_path: Path, jobs: int) -> None:
    status, _, found = _found(_write(tmp_path, {"a.csv": SUMS_BIG, "b.csv": MEANS_CSV}), jobs)
    assert status == "review"
    assert found == _magnitudes("a.csv", "b.csv")


def test_a_bare_sum_and_a_bare_mean_are_not_paired(tmp_path: Path) -> None:
    """No level, no variable named: the two could be of any two value columns (decided)."""
    status, _, found = _found(_write(tmp_path, {"a.csv": BARE_SUMS, "b.csv": BARE_MEANS}), 1)
    assert ("b.csv", "SDC101", "fail", "B4") not in found
    assert not any(rule == "SDC101" for _p, rule, _s, _c in found)
    assert status == "review"


def _cells(path: Path) -> list[tuple[str, str, tuple[str, ...], frozenset[str]]]:
    outputs = [o for o in read_output(path, path.name, build_policy({})) if o.table]
    table = outputs[0].table
    assert table is not None
    return [(c.ref, c.measure.name, c.labels_key, c.total_dims) for c in table.cells
            if c.measure.role is Role.COUNT]


def test_the_markdown_cells_keep_their_letters_and_take_the_csv_labels(tmp_path: Path
                                                                       ) -> None:
    (tmp_path / "a.md").write_text(NAN_TUPLE_MD.replace("('South', 'M')", "('All', '')"),
                                   encoding="utf-8")
    cells = _cells(tmp_path / "a.md")
    assert [ref for ref, *_ in cells] == [f"{c}{r}" for r in range(2, 6) for c in "BCD"]
    assert cells[3] == ("B3", "count", ("North", "g1"), frozenset())
    assert cells[0] == ("B2", "count", ("F", "North", "g1"), frozenset())
    # pandas' margin row ``All`` over a blank: the whole, as the CSV reads ``All,``
    assert cells[9][2] == ("g1",) and "row" in cells[9][3]


def test_worth_a_look() -> None:
    assert worth_a_look([["", "n"], ["('a', 'b')", "1"], ["('a', 'c')", "2"]]) == 2
    assert worth_a_look([["r", "n"], ["a", "1"], ["nan", "2"]]) == 1
    assert worth_a_look([["r", "n"], ["a", "1"], ["b", "2"]]) == 0
    assert worth_a_look([["nan", "n"], ["a", "1"]]) == 0  # the header's own text: not a label


def test_as_csv_rows_blanks_missing_labels_in_label_columns_only(tmp_path: Path) -> None:
    text = "| region   |   n | note |\n|:--|--:|:--|\n| nan | 7 | nan |\n| b | 9 | x |\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    table = next(o.table for o in read_output(tmp_path / "a.md", "a.md", build_policy({}))
                 if o.table)
    rows = [["region", "n", "note"], ["nan", "7", "nan"], ["b", "9", "x"]]
    got = as_csv_rows(rows, 1, table)
    assert got is not None and got[1][0] == "" and got[0] == rows[0]
    assert rows[1][0] == "nan"  # the printed rows are not changed
    assert as_csv_rows([["region", "n"], ["a", "1"]], 1, table) is None
    assert printed_rows(table.grid) == rows  # the rows made again from the grid


def test_take_labels_changes_nothing_unless_every_cell_has_its_twin(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ROWS_MD, encoding="utf-8")
    (tmp_path / "b.md").write_text(ROWS_MD_RERUN, encoding="utf-8")
    (tmp_path / "c.csv").write_text(ROWS_CSV, encoding="utf-8")

    def table(name: str):  # type: ignore[no-untyped-def]
        return next(o.table for o in read_output(tmp_path / name, name, build_policy({}))
                    if o.table)

    printed, rerun, csv = table("a.md"), table("b.md"), table("c.csv")
    before = [dict(c.coords) for c in rerun.cells]
    assert not take_labels(rerun, csv, 1)  # 21 against 22: not the same cells' texts
    assert [dict(c.coords) for c in rerun.cells] == before
    assert take_labels(printed, csv, 1)
    assert printed.row_dimensions == ["area", "sex"]
