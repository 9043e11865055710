"""A totals-only table over parts that are one-row tables, or tables printing a category in
common (round 38, union38b; found by the lead's random-release oracle, seeds 1209, 1102,
1026, 1260).

union38's search read a whole's parts only where some table printed a line with no printed
total, and left out a table that printed a category a part taken printed. Each case here
passed on union38 and on main: every table one row (``t3.csv`` the totals), or ``t1.csv``
printing East as ``t0.csv`` does (then South was missing from the union). Now a totals-only
table's rows are the sum of the one-row tables' rows plus a remainder >= 0, and a line that
overlaps a part adds each category it alone prints. Each case at ``-j 1``/``-j 2``, whole and
streamed, with a safe twin (more people in the totals: nothing pinned)."""

from __future__ import annotations

from pathlib import Path

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEADER = "region,F,M,Total\n"

RELEASES = {
    # every part a one-row table: North/M in [0, 6]
    "1209": {"t0.csv": "North,52,*,*\n", "t1.csv": "East,*,*,35\n",
             "t2.csv": "South,*,*,62\n", "t3.csv": "Total,119,36,155\n"},
    # t1.csv prints East as t0.csv does; South is a part all the same: West/F in [0, 2]
    "1102": {"t0.csv": "East,19,*,*\nWest,*,*,78\nCentral,36,14,50\n",
             "t1.csv": "South,31,68,99\nEast,19,*,*\n", "t2.csv": "North,76,*,*\n",
             "t3.csv": "Total,164,167,331\n"},
    # South/F = 79, South/M = 9 exactly: the remainders are 0
    "1026": {"t0.csv": "East,67,40,107\n", "t1.csv": "North,44,38,82\n",
             "t2.csv": "South,*,*,88\n", "t3.csv": "Total,190,87,277\n"},
    "1260": {"t0.csv": "North,51,*,*\n", "t1.csv": "South,*,*,56\n",
             "t2.csv": "East,*,*,37\n", "t3.csv": "Total,58,94,152\n"},
}
TWIN_TOTALS = {"1209": "Total,119,56,175\n", "1102": "Total,184,187,371\n",
               "1026": "Total,210,127,337\n", "1260": "Total,78,114,192\n"}
EXPECTED = {
    "1209": ("fail", {"t0.csv": "fail"}, {("t0.csv", "SDC502", "fail", "C2")}),
    "1102": ("review", {"t0.csv": "review", "t1.csv": "review", "t2.csv": "review"},
             {("t0.csv", "SDC502", "review", "C2"), ("t0.csv", "SDC502", "review", "B3"),
              ("t1.csv", "SDC502", "review", "C3"), ("t2.csv", "SDC502", "review", "C2")}),
    "1026": ("fail", {"t2.csv": "fail"}, {("t2.csv", "SDC501", "fail", "B2"),
                                          ("t2.csv", "SDC501", "fail", "C2")}),
    "1260": ("fail", {"t0.csv": "fail", "t1.csv": "fail", "t2.csv": "fail"},
             {("t0.csv", "SDC502", "fail", "C2"), ("t1.csv", "SDC502", "fail", "B2"),
              ("t2.csv", "SDC502", "fail", "B2")}),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(HEADER + text)


def _check(root: Path, seed: str, jobs: int) -> None:
    status, statuses, findings = EXPECTED[seed]
    assert _found(root, jobs) == (
        status, {f"t{i}.csv": statuses.get(f"t{i}.csv", "pass") for i in range(4)}, findings)


def test_one_row_tables_under_a_totals_table(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, RELEASES["1209"])
    _check(tmp_path, "1209", jobs)


def test_a_table_printing_a_category_a_part_prints(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, RELEASES["1102"])
    _check(tmp_path, "1102", jobs)


def test_one_row_tables_whose_remainders_are_nothing(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, RELEASES["1026"])
    _check(tmp_path, "1026", jobs)


def test_one_row_tables_each_a_cell_pinned(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, RELEASES["1260"])
    _check(tmp_path, "1260", jobs)


def test_the_twins_with_more_people_in_the_totals_pass(tmp_path: Path, jobs: int) -> None:
    for seed, release in RELEASES.items():
        root = tmp_path / seed
        root.mkdir()
        _write(root, {**release, "t3.csv": TWIN_TOTALS[seed]})
        assert _found(root, jobs) == (
            "pass", {f"t{i}.csv": "pass" for i in range(4)}, set()), seed


SUBTOTALLED = {"t0.csv": "North,*,*,40\nSouth,*,*,60\nTotal,50,50,100\n",
               "t1.csv": "East,*,*,35\n", "t3.csv": "Total,52,83,135\n"}


def test_a_table_with_its_own_totals_row_under_a_totals_table(tmp_path: Path,
                                                             jobs: int) -> None:
    # t0.csv's rows add up to its own totals row (no line without a printed total anywhere):
    # its North and South are parts of t3.csv's totals all the same, so East/F = 52 - 50 = 2
    # and East/M = 33 exactly. SDC503 also reads t3.csv's women (52) against t0.csv's (50):
    # a totals-only table's margin 2 from another's (the lead's round 38 change)
    _write(tmp_path, SUBTOTALLED)
    assert _found(tmp_path, jobs) == (
        "fail", {"t0.csv": "pass", "t1.csv": "fail", "t3.csv": "review"},
        {("t1.csv", "SDC501", "fail", "B2"), ("t1.csv", "SDC501", "fail", "C2"),
         ("t3.csv", "SDC503", "review", "B2")})


def test_its_twin_with_ten_more_women_passes(tmp_path: Path, jobs: int) -> None:
    # East/F in [2, 12], East/M in [23, 33]: nothing pinned below the threshold
    _write(tmp_path, {**SUBTOTALLED, "t3.csv": "Total,62,83,145\n"})
    assert _found(tmp_path, jobs) == (
        "pass", {"t0.csv": "pass", "t1.csv": "pass", "t3.csv": "pass"}, set())
