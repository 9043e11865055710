"""Part tables split over files beside an age x sex whole: the shapes round 45 left (round 46).

Rounds 44-45 (``tests/test_union_split_bands.py``, ``tests/test_union_split_shapes.py``) read
an ``age,F,M,Total`` whole per band where ``a.csv`` prints North (hidden) and South of both
bands and ``b.csv`` East and West, each along a third **row** dimension. On base46 (6884d51)
each of these passed:

- the regions printed **along the columns** of one file or both (``age,sex,North,South``):
  a third named by no header, so the split is weak (SDC501/SDC502 ``review``, never
  silence); North's 18-64 women, 111 - 51 - 36 - 20 = 4, are read as at most 4 (the parts
  print no total, so the whole's remainder is not known to be 0);
- one file's regions **inside** the other's (``b.csv`` South alone, or South and East beside
  North, South and East): the union is ``a.csv`` and a remainder, so a whole with few people
  outside ``a.csv``'s regions bounds North below the threshold (``[1, 7]``, ``[2, 6]``).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings; twins that
pass beside a national whole, and a third along the columns that is another variable
(urban/rural, each table the whole again) read as no split (no SDC402 on every table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.test_union_split_shapes import _release

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "age,region,F,M,Total\n"
A_ROWS = HEAD + ("18-64,North,*,*,40\n18-64,South,51,49,100\n"
                 "65+,North,30,31,61\n65+,South,40,41,81\n")
B_ROWS = HEAD + ("18-64,East,36,30,66\n18-64,West,20,17,37\n"
                 "65+,East,25,26,51\n65+,West,20,22,42\n")
A_COLUMNS = "age,sex,North,South\n18-64,F,*,51\n18-64,M,*,49\n65+,F,30,40\n65+,M,31,41\n"
B_COLUMNS = "age,sex,East,West\n18-64,F,36,20\n18-64,M,30,17\n65+,F,25,20\n65+,M,26,22\n"
WHOLE = "age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n"
NATIONAL = "age,F,M,Total\n18-64,5000,5200,10200\n65+,4800,5100,9900\n"

SOUTH = HEAD + "18-64,South,51,49,100\n65+,South,40,41,81\n"
# North and South and 3 women, 39 men elsewhere: North's 18-64 women in [1, 7]
FEW_ELSEWHERE = "age,F,M,Total\n18-64,58,88,146\n65+,75,80,155\n"
A_THREE = HEAD + ("18-64,North,*,*,40\n18-64,South,51,49,100\n18-64,East,36,30,66\n"
                  "65+,North,30,31,61\n65+,South,40,41,81\n65+,East,25,26,51\n")
SOUTH_EAST = HEAD + ("18-64,South,51,49,100\n18-64,East,36,30,66\n"
                     "65+,South,40,41,81\n65+,East,25,26,51\n")
# North, South, East and 2 women, 8 men elsewhere: North's 18-64 women in [2, 6]
FEW_ELSEWHERE_3 = "age,F,M,Total\n18-64,93,117,210\n65+,97,100,197\n"

CASES = {
    "columns-and-rows": (A_COLUMNS, B_ROWS, WHOLE),
    "columns-both": (A_COLUMNS, B_COLUMNS, WHOLE),
    "rows-and-columns": (A_ROWS, B_COLUMNS, WHOLE),
    "subset": (A_ROWS, SOUTH, FEW_ELSEWHERE),
    "subset-of-three": (A_THREE, SOUTH_EAST, FEW_ELSEWHERE_3),
}
EXPECTED = {
    "columns-and-rows": ("review", {("SDC502", "review", "C2")}),
    "columns-both": ("review", {("SDC502", "review", "C2")}),
    "rows-and-columns": ("review", {("SDC501", "review", "C2"), ("SDC501", "review", "D2")}),
    "subset": ("fail", {("SDC502", "fail", "C2")}),
    "subset-of-three": ("fail", {("SDC502", "fail", "C2")}),
}




@pytest.mark.parametrize("case", sorted(CASES))
def test_split_parts_beside_the_whole(tmp_path: Path, jobs: int, case: str) -> None:
    # base46: every output passed
    status, found = EXPECTED[case]
    statuses = _release(tmp_path, *CASES[case])
    # round 51 (sdc.single_part): South alone beside the whole leaves 58 − 51 = 7 women aged
    # 18-64 outside South, a review at b.csv C2 (a.csv's fail kept)
    part = {("b.csv", "SDC503", "review", "C2")} if case == "subset" else set()
    assert _found(tmp_path, jobs) == (
        status, statuses | {"a.csv": status} | ({"b.csv": "review"} if part else {}),
        {("a.csv", rule, at, cell) for rule, at, cell in found} | part)


@pytest.mark.parametrize("case", ["columns-and-rows", "columns-both", "rows-and-columns",
                                  "subset-of-three"])
def test_beside_a_national_whole_passes(tmp_path: Path, jobs: int, case: str) -> None:
    a, b, _ = CASES[case]
    statuses = _release(tmp_path, a, b, NATIONAL)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


URBAN_RURAL_COLUMNS = ("age,sex,Urban,Rural\n18-64,F,80,31\n18-64,M,90,42\n"
                       "65+,F,85,30\n65+,M,80,40\n")


def test_an_urban_rural_table_along_the_columns_beside_the_split(tmp_path: Path,
                                                                  jobs: int) -> None:
    # d.csv prints the whole again by urban and rural along its columns: no split with the
    # regions (read, every table would get SDC402 ``review``), and round 44's split fails
    statuses = _release(tmp_path, A_ROWS, B_ROWS, WHOLE)
    (tmp_path / "d.csv").write_text(URBAN_RURAL_COLUMNS)
    assert _found(tmp_path, jobs) == (
        "fail", statuses | {"a.csv": "fail", "d.csv": "pass"},
        {("a.csv", "SDC501", "fail", "C2"), ("a.csv", "SDC501", "fail", "D2")})


def test_another_variable_along_the_columns_beside_a_whole_with_a_hidden_cell(
        tmp_path: Path, jobs: int) -> None:
    # a.csv (North, South) and b.csv (urban, rural along the columns) each print the whole
    # again; the whole hides a cell, so their sum against it cannot be told, but each printed
    # cell of it is exceeded (ACRO's ``area,band x F,M`` beside ``area,band,grp``): no split,
    # and c.csv's hidden cell is its own total's difference, nothing more
    a = HEAD + ("18-64,North,60,83,143\n18-64,South,51,49,100\n"
                "65+,North,75,79,154\n65+,South,40,41,81\n")
    statuses = _release(tmp_path, a, URBAN_RURAL_COLUMNS,
                        "age,F,M,Total\n18-64,111,132,243\n65+,*,120,235\n")
    assert _found(tmp_path, jobs) == (
        "fail", statuses | {"c.csv": "fail"}, {("c.csv", "SDC501", "fail", "B3")})
