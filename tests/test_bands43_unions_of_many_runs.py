"""Unions of three runs or more (round 43, bands43): a determined run less two or more
printed bands strictly inside it, apart. ``Total − (0-4) − (85+)`` is the run ``[5, 85)``;
less ``18-29`` and ``50-64`` it leaves the 5-17, 30-49 and 65-84 year olds together, printed
nowhere. round 42 read unions of two runs only: every output passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import band_algebra
from tests import release_modes
from tests.test_bands41_bands_together import _findings, _release

jobs = release_modes.jobs

HEAD = "age,North,South,Total\n"
# North: 300 − 100 − 145 − 20 − 30 = 5; South: 325 − 90 − 140 − 25 − 32 = 38
ENDS = {"c.csv": HEAD + "0-4,100,90,190\n85+,145,140,285\n",
        "t.csv": HEAD + "Total,300,325,625\n"}
THREE = ENDS | {"a.csv": HEAD + "18-29,20,25,45\n", "b.csv": HEAD + "50-64,30,32,62\n"}
# a Total of 310 (the three runs 15) and 40-44 (North 12) out of it too: four runs, 3
FOUR = THREE | {"t.csv": HEAD + "Total,310,325,635\n", "d.csv": HEAD + "40-44,12,20,32\n"}

CASES = {
    "three runs": (THREE, {("t.csv", "SDC503", "fail", "B2")}),
    "four runs": (FOUR, {("t.csv", "SDC503", "fail", "B2")}),
}
TWINS = {  # the same tables, the union 10 or more: nothing to find
    "three runs leaving 10": THREE | {"a.csv": HEAD + "18-29,15,25,40\n"},
    "three runs leaving 0": THREE | {"a.csv": HEAD + "18-29,25,25,50\n"},
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_union_of_many_runs_is_read(tmp_path: Path, case: str, jobs: int) -> None:
    files, expected = CASES[case]
    status, _, found = release_modes.found(_release(tmp_path / "r", files), jobs)
    assert (status, found) == ("fail", expected)  # base43: pass, nothing found


@pytest.mark.parametrize("case", list(TWINS))
def test_a_union_not_below_the_threshold_passes(tmp_path: Path, case: str, jobs: int) -> None:
    status, _, found = release_modes.found(_release(tmp_path / "r", TWINS[case]), jobs)
    assert (status, found) == ("pass", set())


def test_the_union_is_named(tmp_path: Path) -> None:
    (got,) = _findings(_release(tmp_path / "r", THREE))
    assert got["message"].startswith(
        "age [5, 18) ∪ [30, 50) ∪ [65, 85) = (Total) − (18-29) − (50-64) − (0-4) − (85+) = 5,"
        " below the threshold 10 (bands of several tables read together)")
    assert got["evidence"]["band"] == "[5, 18) ∪ [30, 50) ∪ [65, 85)"
    assert {(r["path"], r["cell"]) for r in got["related"]} == {
        ("a.csv", "B2"), ("b.csv", "B2"), ("c.csv", "B2"), ("c.csv", "B3")}


def test_the_smallest_union_is_the_one_reported(tmp_path: Path) -> None:
    (got,) = _findings(_release(tmp_path / "r", FOUR))
    assert got["message"].startswith("age [5, 18) ∪ [30, 40) ∪ [45, 50) ∪ [65, 85) = ")
    assert got["evidence"]["derived"] == 3


def test_past_the_limit_the_tables_are_not_read(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(band_algebra, "MAX_UNIONS", 1)
    found = {(f["path"], f["rule"], f["status"], f.get("location", {}).get("cell"),
              f["message"]) for f in _findings(_release(tmp_path / "r", THREE))}
    reason = ("bands of several tables not read together: too many unions of runs (more "
              "than 1)")
    assert found == {(name, "SDC503", "review", None, reason)
                     for name in ("a.csv", "b.csv", "c.csv", "t.csv")}
