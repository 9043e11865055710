"""Years written ``2015/16`` beside bare years (round 43, bands43). ``2015/16`` names no
months (a financial year, April to March; an academic year; a tax year) and a year alone is
a category, so neither is read as a band and round 42 passed both tables in silence, though
a table by calendar year and one by financial year of one population may give a part of a
year away. Now the tables are SDC503 ``review``, "not read together", at the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.band_algebra import _split_year
from tests import release_modes
from tests.test_bands41_bands_together import _findings, _release

jobs = release_modes.jobs

HEAD = "year,North,South,Total\n"
CALENDAR = {"cal.csv": HEAD + "2015,120,130,250\n2016,125,128,253\nTotal,245,258,503\n"}
# the financial years' rows add to 488, at least the threshold from the calendar's 503 (round 46,
# total46: 252 + 246 = 498 was SDC503's totals-apart review, which this test is not about)
FINANCIAL = {"fy.csv": HEAD + "2015/16,121,131,252\n2016/17,109,127,236\n"}
NOT_READ = ("bands of several tables not read together: a year written 2015/16 beside the "
            "year 2015 under year: how they overlap is not known")


def test_a_split_year_beside_bare_years_is_review(tmp_path: Path, jobs: int) -> None:
    status, _, found = release_modes.found(_release(tmp_path / "r", CALENDAR | FINANCIAL),
                                           jobs)
    assert (status, found) == ("review", {("cal.csv", "SDC503", "review", None),
                                          ("fy.csv", "SDC503", "review", None)})


def test_the_finding_says_why(tmp_path: Path) -> None:
    got = {(f["path"], f["message"]) for f in
           _findings(_release(tmp_path / "r", CALENDAR | FINANCIAL))}
    assert got == {("cal.csv", NOT_READ), ("fy.csv", NOT_READ)}


TWINS = {  # nothing to read together: pass, as on base43
    "years that do not overlap": CALENDAR | {
        "fy.csv": HEAD + "2019/20,121,131,252\n2020/21,109,127,236\n"},
    "other dimensions": CALENDAR | {
        "fy.csv": "period,North,South,Total\n2015/16,121,131,252\n2016/17,109,127,236\n"},
    "split years alone": FINANCIAL,
    "bare years alone": CALENDAR,
}


@pytest.mark.parametrize("case", list(TWINS))
def test_nothing_to_read_together_passes(tmp_path: Path, case: str) -> None:
    status, _, found = release_modes.found(_release(tmp_path / "r", TWINS[case]), 1)
    assert (status, found) == ("pass", set())


@pytest.mark.parametrize(("label", "first"), [
    ("2015/16", 2015), ("2015/2016", 2015), ("2015 / 16", 2015), ("1999/00", None),
    ("1999/2000", 1999), ("2015/17", None), ("2015", None), ("15/16", None)])
def test_split_years_read(label: str, first: int | None) -> None:
    assert _split_year(label) == first
