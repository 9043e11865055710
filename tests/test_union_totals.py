"""A totals-only table gives back hidden cells of tables that print its rows between them
(round 38, union38; found by hunt37).

``a.csv`` (North, South), ``b.csv`` (East, West) print disjoint rows of one dimension under
the same columns; ``c.csv`` prints only the totals row. North/F = 111 − 51 − 36 − 20 = 4, yet
the release passed: no table prints a line adding up to ``c.csv``'s numbers. Now a totals
line is the sum of the rows the release prints of that dimension plus an unknown
non-negative remainder (``sdc.union_totals``): North/F ∈ [0, 4], SDC502 ``fail``. Each case
at ``-j 1`` and ``-j 2``, read whole and streamed; each with a safe twin or an edge that
must not link."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests import release_modes
from tests.release_modes import found as _found
from tests.test_hunt35_link_spellings import checked

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEADER = "region,F,M,Total\n"
NORTH_HIDDEN = "North,*,59,*\nSouth,51,33,84\n"  # North/F = 4 (and its total 63) hidden
EAST_WEST = "East,36,15,51\nWest,20,25,45\n"
TOTALS = "Total,111,132,243\n"
A_FAILS = {("a.csv", "SDC502", "fail", "B2")}  # North/F in [0, 4], below the threshold 10


def _write(root: Path, **files: str) -> None:
    for name, text in files.items():
        (root / name).write_text(text)


def test_rows_in_two_files_and_a_totals_table_give_the_hidden_cell_back(
        tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": HEADER + TOTALS})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"}, A_FAILS)


def test_the_finding_names_the_tables_that_give_it_back(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": HEADER + TOTALS})
    report, _ = checked(tmp_path, jobs)
    (finding,) = [f for o in report["outputs"] for f in o.get("findings", [])]
    named = {(r["path"], r["cell"]) for r in finding["related"]}
    # c.csv's totals, then the rows printed: a.csv's North/M and South, b.csv's East and
    # West (a.csv's hidden B2 and D2 not named)
    assert named == {("c.csv", c) for c in ("B2", "C2", "D2")} | {
        ("a.csv", c) for c in ("C2", "B3", "C3", "D3")} | {
        ("b.csv", c) for c in ("B2", "C2", "D2", "B3", "C3", "D3")}
    assert finding["related"][0] == {**finding["related"][0], "path": "c.csv", "cell": "B2"}


def test_the_twin_hiding_two_cells_a_row_and_a_column_passes(tmp_path: Path,
                                                             jobs: int) -> None:
    # North/F in [0, 55], North/M in [8, 63]: nothing pinned below the threshold
    _write(tmp_path, **{"a.csv": HEADER + "North,*,*,63\nSouth,*,*,84\n",
                        "b.csv": HEADER + EAST_WEST, "c.csv": HEADER + TOTALS})
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


def test_rows_in_three_files_one_row_each(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b1.csv": HEADER + "East,36,15,51\n",
                        "b2.csv": HEADER + "West,20,25,45\n", "c.csv": HEADER + TOTALS})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b1.csv": "pass", "b2.csv": "pass", "c.csv": "pass"},
        A_FAILS)


def test_the_twin_whose_remainder_is_wide_passes(tmp_path: Path, jobs: int) -> None:
    # the totals count 20 more women than the rows printed: North/F in [0, 24]
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": HEADER + "Total,131,132,263\n"})
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


def test_a_totals_row_under_other_rows_it_does_not_add_up(tmp_path: Path, jobs: int) -> None:
    # b.csv's totals row is the whole release's (its own rows' sums are not it: SDC402)
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST + TOTALS})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "review"},
        A_FAILS | {("b.csv", "SDC402", "review", cell) for cell in ("B4", "C4", "D4")})


def test_a_totals_row_in_a_third_table_under_its_own_rows(tmp_path: Path, jobs: int) -> None:
    # c.csv prints Central and the release's totals row (Central's sums are not it: SDC402):
    # 121 - 51 - 36 - 20 - 10 leaves North/F at most 4
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": HEADER + "Central,10,12,22\nTotal,121,144,265\n"})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "review"},
        A_FAILS | {("c.csv", "SDC402", "review", cell) for cell in ("B3", "C3", "D3")})


def test_labels_spelled_otherwise_are_the_same_categories(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN,
                        "b.csv": "Region,female,male,total\n" + EAST_WEST,
                        "c.csv": "REGION,Female,Male,Total\nTOTAL,111,132,243\n"})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"}, A_FAILS)


def test_a_sheet_and_a_csv(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "c.csv": HEADER + TOTALS})
    pd.DataFrame({"F": [36, 20], "M": [15, 25], "Total": [51, 45]},
                 index=pd.Index(["East", "West"], name="region")).to_excel(
        tmp_path / "b.xlsx", sheet_name="rows")
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.xlsx": "pass", "c.csv": "pass"}, A_FAILS)


def test_a_part_printed_twice_alike_is_one_part(tmp_path: Path, jobs: int) -> None:
    # b.csv and its copy b.xlsx print the same rows with the same numbers: one part
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": HEADER + TOTALS})
    pd.DataFrame({"F": [36, 20], "M": [15, 25], "Total": [51, 45]},
                 index=pd.Index(["East", "West"], name="region")).to_excel(tmp_path / "b.xlsx")
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "b.xlsx": "pass", "c.csv": "pass"}, A_FAILS)


def test_two_years_under_the_same_labels(tmp_path: Path, jobs: int) -> None:
    # 2020's and 2021's rows and totals under the same labels: a20.csv and a21.csv print
    # South with other numbers, so no union adds 2020's rows to 2021's (round 39, union39):
    # each totals table is read over each set of tables that agree (a20+b20, a21+b21, and
    # the mixed a20+b21, a21+b20); those a whole contradicts alone are dropped. c20.csv gives
    # a20.csv's North/F (4) back, c21.csv a21.csv's (130 - 60 - 40 - 25 = 5): round 38 read
    # 2020's rows under both totals and missed 2021's
    _write(tmp_path, **{"a20.csv": HEADER + NORTH_HIDDEN, "b20.csv": HEADER + EAST_WEST,
                        "c20.csv": HEADER + TOTALS,
                        "a21.csv": HEADER + "North,*,70,*\nSouth,60,40,100\n",
                        "b21.csv": HEADER + "East,40,20,60\nWest,25,30,55\n",
                        "c21.csv": HEADER + "Total,130,160,290\n"})
    assert _found(tmp_path, jobs) == (
        "fail", {"a20.csv": "fail", "b20.csv": "pass", "c20.csv": "pass", "a21.csv": "fail",
                 "b21.csv": "pass", "c21.csv": "pass"},
        {("a20.csv", "SDC502", "fail", "B2"), ("a21.csv", "SDC502", "fail", "B2")})


def test_a_totals_table_of_other_columns_is_not_linked(tmp_path: Path, jobs: int) -> None:
    # c.csv counts a third column the parts do not print: another population's totals
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                        "c.csv": "region,F,M,X,Total\nTotal,111,132,15,258\n"})
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


def test_a_union_the_totals_contradict_leaves_a_tables_own_findings(tmp_path: Path,
                                                                    jobs: int) -> None:
    # a.csv gives North/F back by itself (63 - 59); c.csv's totals are fewer than the
    # rows printed, so no remainder fits: the union is left out, a.csv keeps its own
    own = HEADER + "North,*,59,63\nSouth,51,33,84\n"
    _write(tmp_path, **{"a.csv": own})
    alone = _found(tmp_path, jobs)[2]
    assert ("a.csv", "SDC501", "fail", "B2") in alone
    _write(tmp_path, **{"b.csv": HEADER + EAST_WEST, "c.csv": HEADER + "Total,100,132,232\n"})
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"}, alone)


def test_a_union_the_totals_contradict_keeps_a_link_that_gives_a_cell_back(
        tmp_path: Path, jobs: int) -> None:
    # d.csv prints a.csv's rows (North too: a.csv's hidden cells given back through it);
    # the union with b.csv is contradicted by c.csv (100 women, 107 printed): the union is
    # left out and the link to d.csv kept, so the release's findings are those without b, c
    _write(tmp_path, **{"a.csv": HEADER + NORTH_HIDDEN,
                        "d.csv": HEADER + "North,4,59,63\nSouth,51,33,84\n"})
    without = _found(tmp_path, jobs)
    assert ("a.csv", "SDC501", "fail", "B2") in without[2]
    _write(tmp_path, **{"b.csv": HEADER + EAST_WEST, "c.csv": HEADER + "Total,100,132,232\n"})
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, found) == (without[0], without[2])
    assert statuses == {**without[1], "b.csv": "pass", "c.csv": "pass"}
