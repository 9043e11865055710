"""Part tables split over files beside an age x sex whole: the shapes round 44 left (round 45).

Round 44 (``tests/test_union_split_bands.py``) reads an ``age,F,M,Total`` whole per band
where ``a.csv`` prints North (hidden) and South of both bands and ``b.csv`` East and West,
each along a third dimension of one name (``region``). On base45 (6d9a781) each of these
passed, North's women being 111 - 51 - 36 - 20 = 4 (or 91 - 51 - 36 beside a whole of North,
South and East):

- a fourth dimension constant over the parts (``country`` ``England``), the whole with or
  without it;
- the third named differently (``area``) or not at all (a blank header): read, but weak (the
  names do not say the parts are one split): SDC501 ``review``, never silence;
- a padded ``All,,`` total row in each part (its blank region read as a label both print);
- regions overlapping between the files (``South`` in both, printed alike).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings; twins that
pass beside a national whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "age,region,F,M,Total\n"
A_ROWS = ("18-64,North,*,*,40\n18-64,South,51,49,100\n"
          "65+,North,30,31,61\n65+,South,40,41,81\n")
B_ROWS = ("18-64,East,36,30,66\n18-64,West,20,17,37\n"
          "65+,East,25,26,51\n65+,West,20,22,42\n")
WHOLE = "age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n"
NATIONAL = "age,F,M,Total\n18-64,5000,5200,10200\n65+,4800,5100,9900\n"


def _england(rows: str) -> str:
    return "".join(f"England,{line}\n" for line in rows.splitlines())


FOUR_HEAD = "country,age,region,F,M,Total\n"
OVERLAP_B = HEAD + ("18-64,South,51,49,100\n18-64,East,36,30,66\n"
                    "65+,South,40,41,81\n65+,East,25,26,51\n")
# North, South and East only: 4 + 51 + 36 women of 18-64
OVERLAP_WHOLE = "age,F,M,Total\n18-64,91,115,206\n65+,95,98,193\n"

CASES = {
    "four-dimensions": (FOUR_HEAD + _england(A_ROWS), FOUR_HEAD + _england(B_ROWS), WHOLE),
    "four-dimensions-whole-too": (
        FOUR_HEAD + _england(A_ROWS), FOUR_HEAD + _england(B_ROWS),
        "country,age,F,M,Total\nEngland,18-64,111,132,243\nEngland,65+,115,120,235\n"),
    "area": (HEAD + A_ROWS, "age,area,F,M,Total\n" + B_ROWS, WHOLE),
    "blank-header": (HEAD + A_ROWS, "age,,F,M,Total\n" + B_ROWS, WHOLE),
    "padded-all": (HEAD + A_ROWS + "All,,*,*,282\n", HEAD + B_ROWS + "All,,101,95,196\n",
                   WHOLE),
    "overlap": (HEAD + A_ROWS, OVERLAP_B, OVERLAP_WHOLE),
}
EXPECTED = {
    "four-dimensions": ("fail", ("D2", "E2")),
    "four-dimensions-whole-too": ("fail", ("D2", "E2")),
    "area": ("review", ("C2", "D2")),
    "blank-header": ("review", ("C2", "D2")),
    "padded-all": ("fail", ("C2", "D2", "C6", "D6")),
    "overlap": ("fail", ("C2", "D2")),
}


def _release(root: Path, a: str, b: str, whole: str) -> dict[str, str]:
    (root / "a.csv").write_text(a)
    (root / "b.csv").write_text(b)
    (root / "c.csv").write_text(whole)
    return {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_split_parts_beside_the_whole(tmp_path: Path, jobs: int, case: str) -> None:
    # base45: every output passed
    status, cells = EXPECTED[case]
    statuses = _release(tmp_path, *CASES[case])
    assert _found(tmp_path, jobs) == (
        status, statuses | {"a.csv": status},
        {("a.csv", "SDC501", status, cell) for cell in cells})


@pytest.mark.parametrize("case", ["four-dimensions", "area", "padded-all", "overlap"])
def test_beside_a_national_whole_passes(tmp_path: Path, jobs: int, case: str) -> None:
    a, b, _ = CASES[case]
    statuses = _release(tmp_path, a, b, NATIONAL)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_a_subset_of_the_regions_discloses_nothing_here(tmp_path: Path, jobs: int) -> None:
    # b.csv prints South alone (a.csv's South again): read as a split since round 46 (the
    # union is a.csv's rows and a remainder: ``tests/test_union_split_columns.py``), and
    # nothing is disclosed: North's women are 111 - 51 = 60 at most
    b = HEAD + "18-64,South,51,49,100\n65+,South,40,41,81\n"
    statuses = _release(tmp_path, HEAD + A_ROWS, b, WHOLE)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


URBAN_RURAL = "age,area,F,M,Total\n" + (
    "18-64,Urban,80,90,170\n18-64,Rural,31,42,73\n65+,Urban,85,80,165\n65+,Rural,30,40,70\n")


def test_an_area_table_of_the_whole_population_beside_the_split(tmp_path: Path,
                                                                  jobs: int) -> None:
    # d.csv prints the whole again by urban and rural: no split with the regions (it would
    # only contradict: SDC402 on every table), and round 44's split still fails
    statuses = _release(tmp_path, HEAD + A_ROWS, HEAD + B_ROWS, WHOLE)
    (tmp_path / "d.csv").write_text(URBAN_RURAL)
    assert _found(tmp_path, jobs) == (
        "fail", statuses | {"a.csv": "fail", "d.csv": "pass"},
        {("a.csv", "SDC501", "fail", "C2"), ("a.csv", "SDC501", "fail", "D2")})


def test_a_region_table_and_an_area_table_of_one_population_pass(tmp_path: Path,
                                                                 jobs: int) -> None:
    # nothing hidden: a region table and an urban/rural table, each of the whole
    a = HEAD + ("18-64,North,60,83,143\n18-64,South,51,49,100\n"
                "65+,North,75,79,154\n65+,South,40,41,81\n")
    statuses = _release(tmp_path, a, URBAN_RURAL, WHOLE)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())
