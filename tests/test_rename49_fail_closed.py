"""Round 49 (rename49): three wrong ``pass``es of renamed categories round 48 left.

1. The heading renamed too (``area`` for ``region``), or the renamed table printing no
   total: ``b.csv`` by ``Region 1`` .. ``Region 4`` beside ``a.csv``'s four regions. base49:
   ``pass``. Names that are codes (one stem, a run of numbers or letters) now pair with any
   variable of as many categories (``renamed_categories._coded``): SDC503 ``review`` at each
   hidden cell, every value the pairings allow given.
2. A rounded release (``unrounded-count`` base 5): the renamed reading compared numbers
   exactly, so a pair whose numbers differ by the rounding passed. Now within the rounding's
   reach (``renamed_categories.reach``), each value said with it.
3. A dimension renamed between releases (``--ledger``): a released ``region`` table and a new
   ``area`` table of the same categories, one patient fewer. base49: ``pass`` (``completes``
   wanted a hidden cell); now SDC504 ``review`` (``margins.differing``).

Each release at ``-j 1``/``-j 2``, read whole and streamed (the ledger's on SQLite and
PostgreSQL), with exact findings; twins pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sdc.engine import run
from sdc.ledger.margins import differing, margins
from sdc.policy import build_policy
from sdc.renamed_categories import _coded, reach
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write
from tests.test_ledger41_released_audit import _found as _ledger_found
from tests.test_ledger41_released_audit import _report as _ledger_report
from tests.test_ledger41_released_audit import ledger  # noqa: F401
from tests.test_ledger_support import approve_and_release, write_request

jobs = release_modes.jobs

BY_REGION = "region,n\nNorth East,50\nSouth West,57\nMidlands,44\nLondon,61\nTotal,212\n"
ALL_HIDE = ("region,F,M\nRegion 1,*,30\nRegion 2,*,33\nRegion 3,*,24\nRegion 4,*,31\n"
            "Total,94,118\n")
AREA = ALL_HIDE.replace("region,", "area,")
NO_TOTAL = ALL_HIDE.replace("Total,94,118\n", "")
AREA_NO_TOTAL = AREA.replace("Total,94,118\n", "")
LETTERS = (AREA.replace("Region 1", "Area A").replace("Region 2", "Area B")
           .replace("Region 3", "Area C").replace("Region 4", "Area D"))
# the publisher coded, the hider named
CODED_MARGINS = ("area,n\nRegion 1,50\nRegion 2,57\nRegion 3,44\nRegion 4,61\nTotal,212\n")
NAMED_HIDING = ("region,F,M\nNorth East,*,30\nSouth West,*,33\nMidlands,*,24\nLondon,*,31\n")


def _review(path: str, *cells: str) -> set[tuple[str, str, str, str]]:
    return {(path, "SDC503", "review", cell) for cell in cells}


# 1. the heading renamed, or no total

@pytest.mark.parametrize("renamed", [AREA, NO_TOTAL, AREA_NO_TOTAL, LETTERS],
                         ids=["area", "no-total", "area-no-total", "letters"])
def test_coded_categories_are_review(tmp_path: Path, jobs: int, renamed: str) -> None:
    """base49: pass, nothing found."""
    assert _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": renamed}), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"},
        _review("b.csv", "B2", "B3", "B4", "B5"))


def test_the_publisher_coded(tmp_path: Path, jobs: int) -> None:
    """The margins under codes, the hider named and printing no total. base49: pass."""
    assert _found(_write(tmp_path, {"a.csv": CODED_MARGINS, "b.csv": NAMED_HIDING}),
                  jobs) == ("review", {"a.csv": "pass", "b.csv": "review"},
                            _review("b.csv", "B2", "B3", "B4", "B5"))


@pytest.mark.parametrize("renamed", [
    # another variable named: no evidence of one (as round 48)
    AREA.replace("Region 1", "0-17").replace("Region 2", "18-39")
    .replace("Region 3", "40-64").replace("Region 4", "65+"),
    # no total, named otherwise: nothing pairs them
    AREA_NO_TOTAL.replace("Region 1", "0-17").replace("Region 2", "18-39")
    .replace("Region 3", "40-64").replace("Region 4", "65+"),
    # codes, but every row's men more than any region's total: no pairing stands
    "area,F,M\nRegion 1,*,70\nRegion 2,*,73\nRegion 3,*,74\nRegion 4,*,71\n",
    # five codes beside four regions
    AREA_NO_TOTAL + "Region 5,*,30\n",
    # (``Other`` beside three codes: review since round 50, tests/test_names50_fail_closed)
], ids=["named-otherwise", "named-no-total", "too-many", "five"])
def test_coded_twins_pass(tmp_path: Path, jobs: int, renamed: str) -> None:
    """Pass on base49 and here."""
    assert _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": renamed}), jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_two_codes_and_no_total_pass(tmp_path: Path, jobs: int) -> None:
    """``g1``, ``g2`` beside ``F``, ``M`` hiding, no total: any two categories of a cohort
    (the acro-3 ``suppress`` recordings' false reviews of a first version); pass."""
    assert _found(_write(tmp_path, {
        "a.csv": "group,n\ng1,50\ng2,57\nTotal,107\n",
        "b.csv": "age,F,M\n0-39,*,30\n40+,12,27\n"}), jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def _checked(root: Path, jobs: int, policy: dict[str, Any]) -> dict[str, Any]:
    result = run([root], build_policy(policy), keep_models=False, jobs=jobs).result
    return json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))


def test_coded_message_and_evidence(tmp_path: Path) -> None:
    report = _checked(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": AREA_NO_TOTAL}), 1, {})
    (b2,) = [f for o in report["outputs"] for f in o["findings"]
             if f["location"]["cell"] == "B2"]
    assert "this table prints no total, but its categories are codes, not names" in \
        b2["message"]
    assert b2["evidence"]["values"] == [14.0, 20.0, 27.0, 31.0]
    assert b2["evidence"]["coded"] is True
    assert "within" not in b2["evidence"]
    report = _checked(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": AREA}), 1, {})
    (b2,) = [f for o in report["outputs"] for f in o["findings"]
             if f["location"]["cell"] == "B2"]
    assert ("both tables count 212 over as many categories and one table's categories are "
            "codes, not names") in b2["message"]


@pytest.mark.parametrize("names,coded", [
    (["Region 1", "Region 2", "Region 3"], True), (["Area A", "Area B"], True),
    (["R1", "R2"], True), (["Area C", "Area D"], True), (["1", "2", "3"], True),
    (["A", "B", "C"], True), (["Stage 3", "Stage 4"], True),
    (["North East", "South West"], False), (["0", "1"], False), (["F", "M"], False),
    (["18-24", "25-34"], False), (["Region 1", "Region 3"], True),  # round 50: no run
    (["Region 1", "Area 2"], False), (["Region 1"], False), (["3", "4", "5"], False),
    (["Area A", "Area 2"], False), (["East", "West"], False),
])
def test_coded(names: list[str], coded: bool) -> None:
    assert _coded(names) is coded


# 2. rounding

ROUNDED = {"rules": {"unrounded-count": {"base": 5, "scheme": "nearest"}}}
ROUNDED_REGIONS = "region,n\nNorth East,35\nSouth West,40\nMidlands,45\nLondon,40\nTotal,160\n"
# Midlands' 20 + 20 against a.csv's 45: apart by the rounding
ROUNDED_RENAMED = ("region,F,M\nArea A,*,30\nArea B,*,35\nMidlands,20,20\nArea D,*,35\n"
                   "Total,35,125\n")


def _found_with(root: Path, jobs: int, policy: dict[str, Any]) -> tuple[str, set]:
    report = _checked(root, jobs, policy)
    return report["status"], {
        (o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
        for o in report["outputs"] for f in o.get("findings", [])}


def test_rounded_renamed_pair_is_review(tmp_path: Path, jobs: int) -> None:
    """Rounded to 5: base49 pass (40 is not 45)."""
    root = _write(tmp_path, {"a.csv": ROUNDED_REGIONS, "b.csv": ROUNDED_RENAMED})
    assert _found_with(root, jobs, ROUNDED) == ("review", _review("b.csv", "B2", "B3", "B5"))


def test_rounded_values_said_with_their_reach(tmp_path: Path) -> None:
    root = _write(tmp_path, {"a.csv": ROUNDED_REGIONS, "b.csv": ROUNDED_RENAMED})
    report = _checked(root, 1, ROUNDED)
    (b2,) = [f for o in report["outputs"] for f in o["findings"]
             if f["location"]["cell"] == "B2"]
    assert b2["evidence"]["values"] == [5.0, 10.0]  # 35 or 40 less 30
    assert b2["evidence"]["within"] == 7.5  # 2.5 for each of 30, 20 and the margin
    assert "(each within 7.5, the rounding's reach)" in b2["message"]


def test_unrounded_twin_passes(tmp_path: Path, jobs: int) -> None:
    """No rounding policy: 40 is not 45, so Midlands says the tables are not one variable
    (nothing of SDC503's; the men's 125 is no sum of 120 unrounded: SDC402)."""
    root = _write(tmp_path, {"a.csv": ROUNDED_REGIONS, "b.csv": ROUNDED_RENAMED})
    assert _found_with(root, jobs, {}) == ("review", {("b.csv", "SDC402", "review", "C6")})


@pytest.mark.parametrize("base,scheme,got", [
    (None, "any", 0.0), (5, "nearest", 2.5), (5, "any", 4.0), (10, "nearest", 5.0)])
def test_reach(base: int | None, scheme: str, got: float) -> None:
    assert reach(base, scheme) == got


# 3. a dimension renamed between releases (--ledger)

ONE_FEWER = "area,n\nNorth East,50\nSouth West,56\nMidlands,44\nLondon,61\nTotal,211\n"


@pytest.mark.parametrize("new,cell", [
    (ONE_FEWER, "B6"), (ONE_FEWER.replace("Total,211\n", ""), None),
    # each within the threshold: 51 and 52 against 50 and 61
    ("area,n\nNorth East,51\nSouth West,57\nMidlands,44\nLondon,52\nTotal,204\n", "B6"),
], ids=["one-fewer", "no-total", "two-apart"])
def test_a_rerun_under_a_renamed_dimension(ledger, tmp_path: Path, jobs: int,  # noqa: F811
                                           new: str, cell: str | None) -> None:
    """base49: pass, nothing found."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": BY_REGION})
    root = write_request(tmp_path / "new", {"n.csv": new})
    assert _ledger_found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC504", "review", cell, None)})


def test_the_rerun_finding_says_so(ledger, tmp_path: Path) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": BY_REGION})
    root = write_request(tmp_path / "new", {"n.csv": ONE_FEWER})
    (finding,) = [f for o in _ledger_report(ledger, root, 1)["outputs"]
                  for f in o["findings"]]
    assert finding["evidence"]["differing"] == 1  # South West's 56 (the total not counted)
    assert "the same table re-run, whatever its dimensions are called" in finding["message"]


@pytest.mark.parametrize("new", [
    ONE_FEWER.replace("area,", "region,"),  # named alike: the re-run's own fail (as base49)
    BY_REGION.replace("region,", "area,"),  # the same numbers: nothing apart
    # a cell 20 apart: another table of the same labels, not a re-run
    "area,n\nNorth East,69\nSouth West,57\nMidlands,44\nLondon,41\nTotal,211\n",
    # every region a few apart, none alike: as likely another cohort's (ledger44; left)
    "area,n\nNorth East,51\nSouth West,58\nMidlands,45\nLondon,60\nTotal,214\n",
], ids=["named-alike", "same", "far-apart", "none-alike"])
def test_rerun_twins(ledger, tmp_path: Path, jobs: int, new: str) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": BY_REGION})
    root = write_request(tmp_path / "new", {"n.csv": new})
    status, found = _ledger_found(ledger, root, jobs)
    assert not any(f[1] == "SDC504" and f[2] == "review" for f in found)
    assert (status, found) == (
        ("fail", {("n.csv", "SDC504", "fail", "B3", None)}) if new.startswith("region")
        else ("pass", set()))


def test_differing_counts_only_margins_of_one_signature() -> None:
    def payload(text: str) -> list:
        rows = [line.split(",") for line in text.strip().splitlines()[1:]]
        return margins({"cells": [
            ["n", {"region": label}, ["region"] if label == "Total" else [], float(v)]
            for label, v in rows]})

    old = payload(BY_REGION)
    assert differing(payload(ONE_FEWER), old, 10) == 1
    assert differing(payload(BY_REGION), old, 10) == 0
    none_alike = "area,n\nNorth East,51\nSouth West,58\nMidlands,45\nLondon,60\nTotal,214\n"
    assert differing(payload(none_alike), old, 10) == 0
    assert differing(payload(ONE_FEWER.replace("56", "36").replace("211", "191")), old, 10) == 0
