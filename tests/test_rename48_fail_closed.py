"""Round 48 (rename48): two wrong ``pass``es round 47 left.

1. A renaming whose renamed rows all hide a cell (``sdc.renamed_categories``): ``b.csv`` by
   ``Region 1`` .. ``Region 4`` beside ``a.csv``'s four regions, both under ``region``. No
   number pairs the renamed rows (each hides a cell, so prints no total), yet a reader who
   pairs them (in order, or any way) takes a.csv's totals less the printed men and has the
   women back. base48: ``pass``. Now the dimension named alike (not ``columns``), or names
   both use printing the same totals, also pair them where both count one total: SDC503
   ``review`` at each hidden cell, every value the pairings allow given.
2. An ambiguous abbreviation's reading that narrows a hidden count below the threshold
   without pinning it (``sdc.ambiguous_readings``): ``NE`` is ``North East`` (35) or
   ``New England`` (80); counts rounded to 5 (nearest), b.csv's ``NE`` men 30 (28..32), so
   under the first reading the women lie in [1, 9]. base48: ``pass`` (only exact cells were
   read). Now SDC502 ``review`` at that cell, the reading and its interval given.

Each release at ``-j 1``/``-j 2``, read whole and streamed, with exact findings; twins pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sdc.engine import run
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.renamed_categories import named_alike, profile, recoveries
from sdc.rules.differencing import _count_index
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

# 1. renamed rows that all hide a cell

BY_REGION = "region,n\nNorth East,50\nSouth West,57\nMidlands,44\nLondon,61\nTotal,212\n"
ALL_HIDE = ("region,F,M\nRegion 1,*,30\nRegion 2,*,33\nRegion 3,*,24\nRegion 4,*,31\n"
            "Total,94,118\n")
NO_TOTAL = ALL_HIDE.replace("Total,94,118\n", "")
TWO_KEPT = ("region,F,M\nRegion 1,*,30\nRegion 2,*,33\nMidlands,20,24\nLondon,30,31\n"
            "Total,94,118\n")
EACH_COLUMN = ("region,F,M\nRegion 1,*,30\nRegion 2,27,*\nRegion 3,*,24\nRegion 4,30,*\n"
               "Total,94,118\n")
ONE_NUMBER = ("region,F,M\nRegion 1,*,30\nRegion 2,*,33\nRegion 3,*,24\nRegion 4,30,31\n"
              "Total,94,118\n")


def _review(path: str, *cells: str) -> set[tuple[str, str, str, str]]:
    return {(path, "SDC503", "review", cell) for cell in cells}


@pytest.mark.parametrize("renamed,found", [
    (ALL_HIDE, _review("b.csv", "B2", "B3", "B4", "B5")),
    (TWO_KEPT, _review("b.csv", "B2", "B3")),  # Midlands, London kept and printed alike
    (EACH_COLUMN, _review("b.csv", "B2", "C3", "B4", "C5")),  # a cell of each column
    (ONE_NUMBER, _review("b.csv", "B2", "B3", "B4")),  # Region 4's 61: one number only
], ids=["all-hide", "two-kept", "each-column", "one-number"])
def test_renamed_rows_all_hiding_are_review(tmp_path: Path, jobs: int, renamed: str,
                                            found: set) -> None:
    """base48: pass, nothing found."""
    assert _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": renamed}), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"}, found)


def test_renamed_rows_the_publisher_second(tmp_path: Path, jobs: int) -> None:
    """The renamed table first in path order; base48: pass."""
    assert _found(_write(tmp_path, {"a.csv": ALL_HIDE, "b.csv": BY_REGION}), jobs) == (
        "review", {"a.csv": "review", "b.csv": "pass"},
        _review("a.csv", "B2", "B3", "B4", "B5"))


# round 49 (rename49): the heading renamed (``area``) and no total ((b)) are now review
# (``Region 1`` .. ``Region 4`` are codes): tests/test_rename49_fail_closed.py
@pytest.mark.parametrize("renamed", [
    ALL_HIDE.replace("Total,94,118", "Total,124,118"),  # 242, not a.csv's 212
    ALL_HIDE.replace("Total,94,118", "Region 5,*,30\nTotal,124,148"),  # five regions
    ALL_HIDE.replace("Region 1,*,30", "Region 1,20,30").replace("Region 2,*,33",
                                                                 "Region 2,24,33")
    .replace("Region 3,*,24", "Region 3,20,24").replace("Region 4,*,31", "Region 4,30,31"),
], ids=["other-total", "five", "nothing-hidden"])
def test_renamed_twins_pass(tmp_path: Path, jobs: int, renamed: str) -> None:
    """Pass on base48 and here."""
    assert _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": renamed}), jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def _profiles(tmp_path: Path, files: dict[str, str]) -> list:
    found = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        (output,) = read_output(tmp_path / name, name, build_policy({}))
        if (read := profile(output, _count_index(output))) is not None:
            found.append(read)
    return found


def test_every_pairing_gives_its_value(tmp_path: Path) -> None:
    """Every men's count is below every a.csv region's total: all 24 pairings stand, so
    each woman's count is one of four (Region 1's 50, 57, 44 or 61 less 30)."""
    found = list(recoveries(_profiles(tmp_path, {"a.csv": BY_REGION, "b.csv": ALL_HIDE})))
    assert [f.values for f in found] == [(14.0, 20.0, 27.0, 31.0), (11.0, 17.0, 24.0, 28.0),
                                         (20.0, 26.0, 33.0, 37.0), (13.0, 19.0, 26.0, 30.0)]
    assert {(f.evidence, f.agreeing, f.named) for f in found} == {(0, 0, True)}
    kept = list(recoveries(_profiles(tmp_path, {"a.csv": BY_REGION, "b.csv": TWO_KEPT})))
    assert [(f.values, f.agreeing) for f in kept] == [((20.0, 27.0), 2), ((17.0, 24.0), 2)]


def test_renamed_message_says_why(tmp_path: Path) -> None:
    report, _ = _checked(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": ALL_HIDE}), 1, {})
    (b2,) = [f for o in report["outputs"] for f in o["findings"]
             if f["location"]["cell"] == "B2"]
    assert "both tables count 212 over as many categories" in b2["message"]
    assert "both name the dimension 'region'" in b2["message"]
    assert b2["evidence"]["values"] == [14.0, 20.0, 27.0, 31.0]
    assert b2["evidence"]["named_alike"] is True


@pytest.mark.parametrize("mine,theirs,alike", [
    ("region", "Region ", True), ("Age band", "age  band", True), ("region", "area", False),
    ("columns", "columns", False), ("columns2", "columns2", False), ("row", "row", False),
    ("Unnamed: 0", "unnamed: 0", False), ("level_0", "level_0", False), ("", "", False),
    ("index", "index", False), ("group", "group", False),
])
def test_named_alike(mine: str, theirs: str, alike: bool) -> None:
    assert named_alike(mine, theirs) is alike


# 2. a reading that narrows a hidden count

ROUNDED = {"rules": {"unrounded-count": {"base": 5, "scheme": "nearest"}}}
SPELT = "region,n\nNorth East,35\nSouth West,55\nTotal,90\n"
ENGLAND = "region,n\nNew England,80\nSouth West,55\nTotal,135\n"
SHORT = "region,F,M\nNE,*,30\nSW,25,30\n"  # NE's women 35 - 30, each rounded: [1, 9]


def _checked(root: Path, jobs: int, policy: dict[str, Any]
             ) -> tuple[dict[str, Any], dict[str, str]]:
    result = run([root], build_policy(policy), keep_models=False, jobs=jobs).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return report, {o["path"]: o["status"] for o in report["outputs"]}


def _found_rounded(root: Path, jobs: int) -> tuple[str, dict[str, str], set]:
    report, statuses = _checked(root, jobs, ROUNDED)
    return report["status"], statuses, {
        (o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
        for o in report["outputs"] for f in o.get("findings", [])}


def test_a_reading_narrowing_a_count_is_review(tmp_path: Path, jobs: int) -> None:
    """``NE`` is North East (35: women in [1, 9]) or New England (80: [46, 54]). base48:
    pass, nothing found."""
    root = _write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT, "c.csv": ENGLAND})
    assert _found_rounded(root, jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review", "c.csv": "pass"},
        {("b.csv", "SDC502", "review", "B2")})
    if jobs == 1:
        report, _ = _checked(root, 1, ROUNDED)
        (finding,) = [f for o in report["outputs"] for f in o["findings"]]
        assert finding["evidence"]["readings"] == [
            {"abbreviations": {"ne": "north east"}, "interval": [1.0, 9.0]}]
        assert "in [1, 9] if 'ne' is 'north east'" in finding["message"]


def test_the_long_side_narrowed(tmp_path: Path, jobs: int) -> None:
    """The table spelling ``North East`` hides its women; ``NE`` prints 35. base48: pass."""
    files = {"a.csv": "region,F,M\nNorth East,*,30\nSouth West,25,30\n",
             "b.csv": "region,n\nNE,35\nSW,55\nTotal,90\n",
             "c.csv": "region,F,M\nNew England,40,40\nSouth West,25,30\n"}
    assert _found_rounded(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "review", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC502", "review", "B2")})


def test_unambiguous_twin_is_the_audits_own(tmp_path: Path, jobs: int) -> None:
    """Without c.csv the release's own audit narrows it (as base48): nothing of a reading."""
    root = _write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT})
    assert _found_rounded(root, jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"}, {("b.csv", "SDC502", "review", "B2")})
    if jobs == 1:
        report, _ = _checked(root, 1, ROUNDED)
        (finding,) = [f for o in report["outputs"] for f in o["findings"]]
        assert "reading" not in finding["message"]


def test_a_reading_leaving_enough_doubt_passes(tmp_path: Path, jobs: int) -> None:
    """North East 65: the women in [31, 39] under that reading, [46, 54] under the other."""
    root = _write(tmp_path, {"a.csv": SPELT.replace("35", "65").replace("90", "120"),
                             "b.csv": SHORT, "c.csv": ENGLAND})
    assert _found_rounded(root, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())
