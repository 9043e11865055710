"""Bands read together where the tables agree on one printed number only (round 42, bands42).

bands41 read every band and whole of a context as one system, tables joined where every
interval both print has the same count. On ``bench_scale``'s 1,000 generated tables two
unrelated tables whose ``Male`` totals agree (14) were read as one population and their bands
gave ``Total − (<20) − (20-29) − (75+) = 4``: SDC503 ``fail``. Round 40's linking makes one
agreeing printed number a *weak* link (``review``); the band reading now does the same. The
finding stays ``fail`` where the evidence is strong: a declared population, or two agreeing
counts (and none differing), or nothing printed in common (bands41's gap: one banding's rows
split over files).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import pool
from tests import release_modes
from tests.test_bands41_bands_together import _findings, _release
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

jobs = release_modes.jobs

# one count each: the totals agree (64), nothing else printed in common
ONE = {"a.csv": "age,n\n0-19,20\n20-29,30\nTotal,64\n", "b.csv": "age,n\n75+,10\nTotal,64\n"}
# two counts each: the women's totals agree, the men's differ (bench_scale's t00083, t00155)
ONE_OF_TWO = {"a.csv": "age,F,M\n0-19,20,22\n20-29,30,31\nTotal,64,70\n",
              "b.csv": "age,F,M\n75+,10,12\nTotal,64,66\n"}
# both totals agree: two agreeing counts, none differing
TWO = {**ONE_OF_TWO, "a.csv": "age,F,M\n0-19,20,22\n20-29,30,31\nTotal,64,66\n"}
DECLARED = {**ONE, "request.toml": '[[outputs]]\npath = "a.csv"\npopulation = { cohort = "C" }\n'
            '[[outputs]]\npath = "b.csv"\npopulation = { cohort = "C" }\n'}
# each table's Total is not the sum of its printed bands: SDC402 review, as on main
SUMS = {("a.csv", "SDC402", "review", "B4"), ("b.csv", "SDC402", "review", "B3")}
SUMS_M = {("a.csv", "SDC402", "review", "C4"), ("b.csv", "SDC402", "review", "C3")}

CASES = {
    # files, status, findings (path, rule, status, cell); main: the SDC503s all fail
    "one agreeing count: review": (
        ONE, "review", SUMS | {("a.csv", "SDC503", "review", "B4"),
                               ("b.csv", "SDC503", "review", "B3")}),
    "one of two counts agrees, one differs: review": (
        ONE_OF_TWO, "review", SUMS | SUMS_M | {
            ("a.csv", "SDC503", "review", "B4"), ("b.csv", "SDC503", "review", "B3"),
            # b.csv's 75+ men under its title's subgroup reading (as on main)
            ("b.csv", "SDC503", "review", "C3")}),
    "two agreeing counts: fail": (
        TWO, "fail", SUMS | SUMS_M | {
            ("a.csv", "SDC503", "fail", "B4"), ("b.csv", "SDC503", "fail", "B3"),
            ("a.csv", "SDC503", "fail", "C4"), ("b.csv", "SDC503", "fail", "C3")}),
    "a declared population: fail": (
        DECLARED, "fail", SUMS | {("a.csv", "SDC503", "fail", "B4"),
                                  ("b.csv", "SDC503", "fail", "B3")}),
}
TWINS = {  # the same shapes leaving 10 or more: no band finding (main: 64 − 20 − 30 − 4,
    # solved as 9.999999999, was "10, below the threshold 10")
    "one agreeing count": {**ONE, "b.csv": "age,n\n75+,4\nTotal,64\n"},
    "two agreeing counts": {**TWO, "b.csv": "age,F,M\n75+,4,2\nTotal,64,66\n"},
}


@pytest.mark.parametrize("case", list(CASES))
def test_one_agreeing_count_is_a_weak_link(tmp_path: Path, case: str, jobs: int) -> None:
    files, status, expected = CASES[case]
    got_status, _, found = release_modes.found(_release(tmp_path / "r", files), jobs)
    assert (got_status, found) == (status, expected)


@pytest.mark.parametrize("case", list(TWINS))
def test_the_twins_leave_nothing_below_the_threshold(tmp_path: Path, case: str, jobs: int
                                                     ) -> None:
    _, _, found = release_modes.found(_release(tmp_path / "r", TWINS[case]), jobs)
    assert {f for f in found if f[1] == "SDC503"} == set()


def test_the_weak_finding_says_why(tmp_path: Path) -> None:
    found = [f for f in _findings(_release(tmp_path / "r", ONE)) if f["rule"] == "SDC503"]
    assert [f["message"] for f in found] == [
        "age [30, 75) = (Total) − (0-19) − (20-29) − (75+) = 4, below the threshold 10 "
        "(bands of several tables read together, if tables agreeing on one printed count "
        "only are one population)"] * 2


# -- against a released table (SDC504) ------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize(("files", "status"), [(ONE, "review"), (TWO, "fail")],
                         ids=["one agreeing count", "two agreeing counts"])
def test_against_a_released_table_one_agreeing_count_is_review(
        ledger, tmp_path: Path, files: dict, status: str, n: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A new ``75+`` and ``Total`` beside a released table of ``0-19``, ``20-29`` and
    ``Total``: the totals agree (main: ``fail``, a band printed alike by both)."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    approve_and_release(ledger, tmp_path / "old", {"a.csv": files["a.csv"]})
    findings = _findings(write_request(tmp_path / "new", {"b.csv": files["b.csv"]}), ledger, n)
    together = {(f["rule"], f["status"], f["location"]["cell"], f["evidence"]["derived"])
                for f in findings if f["evidence"].get("kind") == "bands together"}
    cells = ["B2"] if files is ONE else ["B2", "C2"]  # at the new 75+ (the whole released)
    values = {"B2": 4.0, "C2": 1.0}
    assert together == {("SDC504", status, c, values[c]) for c in cells}
