"""A one-column header that is a band (round 43, union43).

``sex,18-64 / F,111 / M,132 / Total,243`` (one band as the only value column) beside union41's
p11 ``a.csv`` (``age,region,F,M,Total``, both bands' four regions in one file, North's 18-64
hidden): on base43 every output passed, the header read as the measure's name (cells ``F``,
``M``, ``Total``: a whole of no band, and a.csv's rows under two labels no part). North's
women = 111 - 51 - 36 - 20 = 4. The header is now read as the table's constant label, as
``age,F,M,Total / 18-64`` prints it; a bare year (``2020``), which may be a measure's name
too, is read both ways, the header's reading weak (``review``).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins (a national whole of much larger numbers; a whole of fewer women than the rows print;
a header of a band no table prints)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "age,region,F,M,Total\n"
NORTH_SOUTH = ("18-64,North,*,*,40\n18-64,South,51,49,100\n"
               "65+,North,30,31,61\n65+,South,40,41,81\n")
TRUE = ("111,132,243",)  # 18-64's F, M, Total over the four regions
NATIONAL = ("5000,5200,10200",)  # the remainder absorbs them
FEWER = ("100,132,232",)  # fewer women than South, East and West print (107)


def _fail(*cells: str, status: str = "fail") -> set[tuple[str, str, str, str]]:
    return {("a.csv", "SDC501", status, cell) for cell in cells}


ONE_FILE = HEAD + NORTH_SOUTH.replace("65+,North", "18-64,East,36,30,66\n18-64,West,20,17,37\n"
                                      "65+,North") + "65+,East,25,26,51\n65+,West,20,22,42\n"
HEADED = "sex,{}\nF,{}\nM,{}\nTotal,{}\n"


def _headed(band: str, cells: str) -> str:
    return HEADED.format(band, *cells.split(","))


def _one_file(root: Path, *wholes: str) -> dict[str, str]:
    (root / "a.csv").write_text(ONE_FILE)
    statuses = {"a.csv": "pass"}
    for name, whole in zip(("c.csv", "e.csv"), wholes, strict=False):
        (root / name).write_text(whole)
        statuses[name] = "pass"
    return statuses


def test_a_band_as_the_only_value_column_is_the_tables_band(tmp_path: Path,
                                                            jobs: int) -> None:
    # base43: every output passed (the header read as the measure's name: cells F, M)
    statuses = _one_file(tmp_path, _headed("18-64", TRUE[0]))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


def test_a_band_header_without_a_total_row(tmp_path: Path, jobs: int) -> None:
    # base43: every output passed
    statuses = _one_file(tmp_path, "sex,18-64\nF,111\nM,132\n")
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


@pytest.mark.parametrize("whole", [NATIONAL[0], FEWER[0]], ids=["national", "fewer"])
def test_a_band_header_of_other_numbers_passes(tmp_path: Path, jobs: int, whole: str) -> None:
    statuses = _one_file(tmp_path, _headed("18-64", whole))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_a_band_header_no_table_prints_passes(tmp_path: Path, jobs: int) -> None:
    # 30-44 is no band a.csv prints: its numbers are no whole of a.csv's rows
    statuses = _one_file(tmp_path, _headed("30-44", TRUE[0]))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


YEARS = ("year,region,F,M,Total\n2020,North,*,*,40\n2020,South,51,49,100\n"
         "2020,East,36,30,66\n2020,West,20,17,37\n2021,North,30,31,61\n2021,South,40,41,81\n"
         "2021,East,25,26,51\n2021,West,20,22,42\n")


def test_a_year_header_may_be_a_measures_name_and_is_review(tmp_path: Path,
                                                            jobs: int) -> None:
    # base43: every output passed. ``2020`` may be a year or a measure's name (a code):
    # read both ways, the year's reading weak
    (tmp_path / "a.csv").write_text(YEARS)
    (tmp_path / "c.csv").write_text(_headed("2020", TRUE[0]))
    assert _found(tmp_path, jobs) == ("review", {"a.csv": "review", "c.csv": "pass"},
                                      _fail("C2", "D2", status="review"))
