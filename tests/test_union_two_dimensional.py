"""A totals line of a two-dimensional totals-only table (round 40, union40).

``c.csv`` prints the totals over every region by year and sex (``FY20,Total,111,132,243`` and
``FY21,Total,...``); each year's rows are in tables of their own (``a20.csv`` North and South,
``b20.csv`` East and West, ``a21.csv`` every region of FY21). Round 38b's totals-only wholes
took only a part table that prints rows under every one of the whole's columns (both years),
so no union was written and a20.csv's North/F = 111 - 51 - 36 - 20 = 4 passed. Now a part may
print some of the whole's rows (one year), under exactly the whole's columns of each.

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and a safe
twin."""

from __future__ import annotations

from pathlib import Path

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEADER = "year,region,F,M,Total\n"
A20 = "FY20,North,*,59,*\nFY20,South,51,33,84\n"  # North/F = 4 (and its total 63) hidden
B20 = "FY20,East,36,15,51\nFY20,West,20,25,45\n"
A21 = "FY21,North,30,70,100\nFY21,South,60,40,100\nFY21,East,40,20,60\nFY21,West,25,30,55\n"
FY21 = "FY21,Total,155,160,315\n"
ALL_PASS = {"a20.csv": "pass", "b20.csv": "pass", "a21.csv": "pass", "c.csv": "pass"}


def _write(root: Path, **files: str) -> None:
    for name, text in files.items():
        (root / name).write_text(text)


def test_a_year_by_sex_totals_table_over_each_years_tables(tmp_path: Path, jobs: int) -> None:
    # main: every table passed
    _write(tmp_path, **{"a20.csv": HEADER + A20, "b20.csv": HEADER + B20,
                        "a21.csv": HEADER + A21,
                        "c.csv": HEADER + "FY20,Total,111,132,243\n" + FY21})
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"a20.csv": "fail"}, {("a20.csv", "SDC502", "fail", "C2")})


def test_the_year_by_sex_twin_with_a_wide_remainder_passes(tmp_path: Path, jobs: int) -> None:
    # FY20's totals count 20 more women than its rows: North/F in [0, 24]
    _write(tmp_path, **{"a20.csv": HEADER + A20, "b20.csv": HEADER + B20,
                        "a21.csv": HEADER + A21,
                        "c.csv": HEADER + "FY20,Total,131,132,263\n" + FY21})
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


def test_a_part_of_other_columns_is_no_part(tmp_path: Path, jobs: int) -> None:
    # the twin: b20.csv prints F, M and X under FY20 (other columns than the totals'): it is
    # no part, and without East and West nothing pins North/F (b20.csv's SDC203 is main's)
    _write(tmp_path, **{"a20.csv": HEADER + A20,
                        "b20.csv": "year,region,F,M,X,Total\nFY20,East,36,15,10,61\n"
                                   "FY20,West,20,25,10,55\n",
                        "a21.csv": HEADER + A21,
                        "c.csv": HEADER + "FY20,Total,111,132,243\n" + FY21})
    assert _found(tmp_path, jobs) == ("review", ALL_PASS | {"b20.csv": "review"},
                                      {("b20.csv", "SDC203", "review", None)})
