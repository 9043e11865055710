"""Part tables split over files beside a whole, with a varying fourth dimension (round 47).

Rounds 44-46 read an ``age,F,M,Total`` whole per band where ``a.csv`` prints North (hidden)
and South of both bands and ``b.csv`` East and West. With a ``year`` that varies in each part
(``year,age,region,F,M,Total``, 2020 and 2021 in each file) every output passed on base47
(825bd00), whatever the whole:

- **per year** (``year,age,F,M,Total``, long ``year,age,sex,n``, or the years along the
  columns, ``age,sex,2020,2021``): a whole of three varying
  dimensions, now read per combination of two (``2020`` x ``18-64``) by the third;
- **over both years** (``age,F,M,Total`` of 2020 + 2021): the parts print ``year`` alike, so
  the whole is read as their sum over it;
- **of 2020 alone**, not saying so (``age,F,M,Total`` of 2020's numbers): besides the sum,
  each year's parts alone; the sum and 2021's contradict it and are left out by the audit.

A reader gets 2020's North women aged 18-64 as 111 - 51 - 36 - 20 = 4 (men 36) in each.
A region split named differently in ``b.csv`` (``area``) is a weak split: ``review``, never
silence. Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings;
twins that pass: a national whole (per year, over both years), years apart in the two files,
nothing hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

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
PER_YEAR = ("year,age,F,M,Total\n2020,18-64,111,132,243\n2020,65+,115,120,235\n"
            "2021,18-64,125,111,236\n2021,65+,123,118,241\n")
LONG = ("year,age,sex,n\n2020,18-64,F,111\n2020,18-64,M,132\n2020,65+,F,115\n2020,65+,M,120\n"
        "2021,18-64,F,125\n2021,18-64,M,111\n2021,65+,F,123\n2021,65+,M,118\n")
YEARS_ALONG = ("age,sex,2020,2021\n18-64,F,111,125\n18-64,M,132,111\n65+,F,115,123\n"
               "65+,M,120,118\n")
BOTH_YEARS = "age,F,M,Total\n18-64,236,243,479\n65+,238,238,476\n"
ONLY_2020 = "age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n"
NATIONAL_PER_YEAR = ("year,age,F,M,Total\n2020,18-64,5000,5200,10200\n2020,65+,4800,5100,9900\n"
                     "2021,18-64,5100,5300,10400\n2021,65+,4900,5000,9900\n")
NATIONAL = "age,F,M,Total\n18-64,5000,5200,10200\n65+,4800,5100,9900\n"

CASES = {
    "per-year": (A, B, PER_YEAR),
    "per-year-long": (A, B, LONG),
    "years-along-the-columns": (A, B, YEARS_ALONG),
    "over-both-years": (A, B, BOTH_YEARS),
    "2020-alone": (A, B, ONLY_2020),
    "area-per-year": (A, B.replace("region", "area"), PER_YEAR),
    "area-over-both-years": (A, B.replace("region", "area"), BOTH_YEARS),
}
EXPECTED = {
    "per-year": "fail",
    "per-year-long": "fail",
    "years-along-the-columns": "fail",
    "over-both-years": "fail",
    "2020-alone": "fail",
    "area-per-year": "review",
    "area-over-both-years": "review",
}


def _release(root: Path, a: str, b: str, whole: str) -> dict[str, str]:
    written(root, {"a.csv": a, "b.csv": b, "c.csv": whole})
    return {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_parts_of_two_years_beside_the_whole(tmp_path: Path, jobs: int, case: str) -> None:
    # base47: every output passed
    status = EXPECTED[case]
    statuses = _release(tmp_path, *CASES[case])
    assert _found(tmp_path, jobs) == (
        status, statuses | {"a.csv": status},
        {("a.csv", "SDC501", status, "D2"), ("a.csv", "SDC501", status, "E2")})


@pytest.mark.parametrize("whole", [NATIONAL_PER_YEAR, NATIONAL])
def test_beside_a_national_whole_passes(tmp_path: Path, jobs: int, whole: str) -> None:
    statuses = _release(tmp_path, A, B, whole)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_years_apart_in_the_two_files_pass(tmp_path: Path, jobs: int) -> None:
    # b.csv counts 2022 and 2023: no year's whole has both files' regions, so 2020's
    # North women are only known to be at most 111 - 51 = 60
    b = B.replace("2020,", "2022,").replace("2021,", "2023,")
    whole = PER_YEAR + ("2022,18-64,130,120,250\n2022,65+,120,125,245\n"
                        "2023,18-64,131,119,250\n2023,65+,121,124,245\n")
    statuses = _release(tmp_path, A, b, whole)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_nothing_hidden_passes(tmp_path: Path, jobs: int) -> None:
    a = A.replace("2020,18-64,North,*,*,40", "2020,18-64,North,14,26,40")
    whole = PER_YEAR.replace("2020,18-64,111,132,243", "2020,18-64,121,122,243")
    statuses = _release(tmp_path, a, B, whole)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


# the parts with the years along their columns (``age,region,sex,2020,2021``): 2020's North
# women and men of 18-64 hidden (D2, D3)
A_YEARS_ALONG = ("age,region,sex,2020,2021\n18-64,North,F,*,10\n18-64,North,M,*,12\n"
                 "18-64,South,F,51,55\n18-64,South,M,49,50\n65+,North,F,30,33\n65+,North,M,31,30\n"
                 "65+,South,F,40,42\n65+,South,M,41,40\n")
B_YEARS_ALONG = ("age,region,sex,2020,2021\n18-64,East,F,36,38\n18-64,East,M,30,31\n"
                 "18-64,West,F,20,22\n18-64,West,M,17,18\n65+,East,F,25,27\n65+,East,M,26,25\n"
                 "65+,West,F,20,21\n65+,West,M,22,23\n")


def test_parts_with_the_years_along_their_columns(tmp_path: Path, jobs: int) -> None:
    # base47: every output passed. No part prints North's total (40), so the men (at most
    # 132 - 49 - 30 - 17 = 36) are not pinned; the women are at most 4
    statuses = _release(tmp_path, A_YEARS_ALONG, B_YEARS_ALONG, PER_YEAR)
    assert _found(tmp_path, jobs) == (
        "fail", statuses | {"a.csv": "fail"}, {("a.csv", "SDC502", "fail", "D2")})
