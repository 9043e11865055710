"""SDC503: categories one table prints under names another does not use, paired by their
numbers (round 47, gt47; ``sdc.renamed_categories``).

``a.csv`` by region (North East 50, South West 57, Midlands 44, London 61; 212) beside
``b.csv`` by region and sex with its regions renamed ``Region 1`` to ``Region 4``, the women
of the first two hidden and no region total printed: base47 ``pass`` (round 37: a renaming
that is no abbreviation is beyond reading labels). Spelt alike it is SDC501 ``fail`` (20 and
24). Both count 212 over four regions, and Region 3 and Region 4 print 44 and 61, the numbers
a.csv prints under Midlands and London only: the two tables print one variable under two
sets of names. Every pairing the numbers allow gives Region 1's women as 50 - 30 or 57 - 30,
and Region 2's as 57 - 33 or 50 - 33: SDC503 ``review`` at B2 and B3, with those values.

Each case at ``-j 1``/``-j 2``, whole and streamed, with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.renamed_categories import profile, recoveries
from sdc.rules.differencing import _count_index
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

BY_REGION = "region,n\nNorth East,50\nSouth West,57\nMidlands,44\nLondon,61\nTotal,212\n"
RENAMED = ("region,F,M\nRegion 1,*,30\nRegion 2,*,33\nRegion 3,20,24\nRegion 4,30,31\n"
           "Total,94,118\n")
SPELT_ALIKE = (RENAMED.replace("Region 1", "North East").replace("Region 2", "South West")
               .replace("Region 3", "Midlands").replace("Region 4", "London"))


@pytest.mark.parametrize("files,found", [
    ({"a.csv": BY_REGION, "b.csv": RENAMED},
     {("b.csv", "SDC503", "review", "B2"), ("b.csv", "SDC503", "review", "B3")}),
    # the renamed table first in path order
    ({"a.csv": RENAMED, "b.csv": BY_REGION},
     {("a.csv", "SDC503", "review", "B2"), ("a.csv", "SDC503", "review", "B3")}),
    # the publisher a crosstab (its region totals a column), no grand total printed
    ({"a.csv": "region,F,M,Total\nNorth East,25,25,50\nSouth West,27,30,57\n"
               "Midlands,20,24,44\nLondon,30,31,61\n".replace("F,M", "young,old"),
      "b.csv": RENAMED},
     {("b.csv", "SDC503", "review", "B2"), ("b.csv", "SDC503", "review", "B3")}),
    # the renamed table's rows along the columns
    ({"a.csv": BY_REGION,
      "b.csv": "sex,Region 1,Region 2,Region 3,Region 4,Total\nF,*,*,20,30,94\n"
               "M,30,33,24,31,118\n"},
     {("b.csv", "SDC503", "review", "B2"), ("b.csv", "SDC503", "review", "C2")}),
], ids=["renamed", "other-way", "publisher-crosstab", "columns"])
def test_renamed_categories_paired_by_numbers_are_review(tmp_path: Path, jobs: int,
                                                         files: dict[str, str],
                                                         found: set) -> None:
    """base47: pass, nothing found."""
    hider = next(iter(found))[0]
    statuses = dict.fromkeys(files, "pass") | {hider: "review"}
    assert _found(_write(tmp_path, files), jobs) == ("review", statuses, found)


def test_spelt_alike_is_the_linked_audits_alone(tmp_path: Path, jobs: int) -> None:
    """The same tables spelt alike: SDC501 ``fail`` (as base47), nothing of this reading."""
    assert _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": SPELT_ALIKE}), jobs) == (
        "fail", {"a.csv": "pass", "b.csv": "fail"},
        {("b.csv", "SDC501", "fail", "B2"), ("b.csv", "SDC501", "fail", "B3")})


# one region's numbers pair it (Region 4's 61): too few to say the names are one variable,
# but both name the dimension ``region``: SDC503 ``review`` since round 48
# (tests/test_rename48_fail_closed.py, ``one-number``)
@pytest.mark.parametrize("renamed", [
    # the regions' numbers are not a.csv's (44 and 61 there, 45 and 60 here)
    RENAMED.replace("Region 3,20,24", "Region 3,21,24").replace("Region 4,30,31",
                                                                 "Region 4,29,31"),
    # nothing hidden
    RENAMED.replace("Region 1,*,30", "Region 1,20,30").replace("Region 2,*,33",
                                                                "Region 2,24,33"),
], ids=["other-numbers", "nothing-hidden"])
def test_twins_find_nothing_of_this_reading(tmp_path: Path, jobs: int, renamed: str) -> None:
    status, _, found = _found(_write(tmp_path, {"a.csv": BY_REGION, "b.csv": renamed}), jobs)
    assert status == "pass" and found == set()


def _profiles(tmp_path: Path, files: dict[str, str]) -> list:
    found = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        (output,) = read_output(tmp_path / name, name, build_policy({}))
        if (read := profile(output, _count_index(output))) is not None:
            found.append(read)
    return found


def test_every_pairing_the_numbers_allow(tmp_path: Path) -> None:
    (first, second) = recoveries(_profiles(tmp_path, {"a.csv": BY_REGION, "b.csv": RENAMED}))
    assert (first.values, second.values) == ((20.0, 27.0), (17.0, 24.0))
    assert first.evidence == second.evidence == 2
    assert first.theirs == ("North East", "South West", "Midlands", "London")
    # a row's known total rules out pairings: Region 1 printing its total 50 leaves
    # Region 2 one partner (South West): 57 - 33
    pinned = RENAMED.replace("region,F,M", "region,F,M,Total").replace(
        "Region 1,*,30", "Region 1,*,30,50").replace("Region 2,*,33", "Region 2,*,33,").replace(
        "Region 3,20,24", "Region 3,20,24,44").replace("Region 4,30,31", "Region 4,30,31,61")
    (only,) = recoveries(_profiles(tmp_path, {"a.csv": BY_REGION, "b.csv": pinned}))
    assert only.values == (24.0,)


def test_what_is_not_read(tmp_path: Path) -> None:
    # two count measures: not read
    assert _profiles(tmp_path, {"m.csv": "region,admissions,deaths\nA,50,20\nB,57,30\n"}) == []
    # three dimensions: not read
    assert _profiles(tmp_path, {"l.csv": "region,sex,age,n\nA,F,young,5\nA,M,young,6\n"
                                         "B,F,old,7\n"}) == []
