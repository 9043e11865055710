"""Periods of dates and numbered units read together with a whole (round 42, bands42).

bands41 left the contexts of periods (`` dates``) and numbered units (`` … numbers``) out of
the band algebra, and a ``Total`` never joined them (its context is the declared population
alone). ``Q2 2020``, ``Q3 2020`` and ``Q4 2020`` beside a ``Total`` give the days outside them
(Q1 2020, if the total is the year's); ``Ward 1-3`` and ``Ward 4-6`` beside a ``Total`` the
other wards; year ranges (read as numbers) ``2016-2019``, ``2020-2023`` beside ``Total
2015-2023`` 2015's count. Every output passed on main.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.test_bands41_bands_together import _findings, _release

jobs = release_modes.jobs


def _three(dim: str, a: str, b: str, whole: str, north: int) -> dict[str, str]:
    head = f"{dim},North,South,Total\n"
    return {"a.csv": head + a, "b.csv": head + b,
            "t.csv": head + f"{whole},{north},125,{north + 125}\n"}


QUARTERS = ("quarter", "Q2 2020,55,40,95\nQ3 2020,40,55,95\n", "Q4 2020,30,10,40\n", "Total")
WARDS = ("ward", "Ward 1-3,55,60,115\n", "Ward 4-6,40,35,75\n", "Total")
YEARS = ("period", "2016-2019,55,60,115\n", "2020-2023,40,35,75\n", "Total 2015-2023")
CASES = {  # North leaves 2; South 125 − 105 (quarters) or 125 − 95: 20 and 30
    "quarters": (QUARTERS, 127, "quarter before 2020-04-01 ∪ from 2021-01-01 = (Total) − "
                 "(Q2 2020) − (Q3 2020) − (Q4 2020) = 2"),
    "wards": (WARDS, 97, "ward ward 0 ∪ ward [7, inf) = (Total) − (Ward 1-3) − (Ward 4-6) = 2"),
    "year ranges": (YEARS, 97, "period [0, 2016) ∪ [2024, inf) = (Total 2015-2023) − "
                    "(2016-2019) − (2020-2023) = 2"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_periods_and_units_beside_a_whole_give_a_count_away(tmp_path: Path, case: str,
                                                             jobs: int) -> None:
    shape, north, _ = CASES[case]
    status, _, found = release_modes.found(_release(tmp_path / "r", _three(*shape, north)),
                                           jobs)
    assert (status, found) == ("fail", {("t.csv", "SDC503", "fail", "B2")})


@pytest.mark.parametrize("case", list(CASES))
def test_the_same_leaving_ten_passes(tmp_path: Path, case: str, jobs: int) -> None:
    shape, north, _ = CASES[case]
    status, _, found = release_modes.found(
        _release(tmp_path / "r", _three(*shape, north + 8)), jobs)
    assert (status, found) == ("pass", set())


@pytest.mark.parametrize("case", list(CASES))
def test_the_finding_names_the_periods(tmp_path: Path, case: str) -> None:
    shape, north, message = CASES[case]
    (got,) = _findings(_release(tmp_path / "r", _three(*shape, north)))
    assert got["message"].startswith(message + ", below the threshold 10")
