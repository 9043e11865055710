"""Round 53 (diff53): differencing (SDC503) that round 52 left ``pass``.

1. A cumulative twin (``sdc.derived_reruns``): ``year,n`` 120 / 250 / 130 beside its
   cumulative column 120 / 373 / 503: the step 253 is 3 off the count 250 (a re-run); and a
   column named ``cumsum`` alone, whose step below the threshold is SDC101's.
2. A merged category re-run: ``North, South, East`` (111, 60, 80) beside ``North and South,
   East`` (174, 80): the merged count is 3 off its parts' sum.
3. Band re-runs (``sdc.band_reruns``) with a gap (``18-64``, ``66+`` in both), past
   ``renamed_reruns.MAX_COUNTS`` (three bands by 70 practices), and over three tables.
4. A two-way renamed re-run with one count alike (``region,F,M``, every region renamed,
   ``Thames`` women alike and the seven other cells a unit off): read through
   ``renamed_reruns._unlikely``, its chance weighed over the counts' spread.
5. Nations beyond the UK (``sdc.places``, a list kept as data): a whole printing ``United
   States`` (``Canada``, ``Australia``) for everyone beside a part printing a state; a state
   beside a part no listed place names (``Texas`` beside ``Harris County``); a whole titled
   ``in Canada`` beside a part placed by its title.

Each release in-process (``sdc.check``) with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

# the release written and checked in-process, its findings as (path, rule, status, cell)
from tests.test_diff52_parts_reruns import PASS, _found, _review

# 1. the cumulative twin

COUNTS = "year,n\n2019,120\n2020,250\n2021,130\n"


@pytest.mark.parametrize("cumulative,cells", [
    # read from the numbers: steps 120 (alike), 253 (3 off 250), 130 (alike)
    ("year,n\n2019,120\n2020,373\n2021,503\n", ("B3",)),
    # a crosstab: the men's 2020 step 352 - 110 = 242 against 240
    ("year,F,M\n2019,120,110\n2020,370,352\n2021,500,502\n", ("C3",)),
    # named cumulative: a re-run bucket's bar (one alike): steps 121 and 252 off
    ("year,cum_n\n2019,121\n2020,373\n2021,503\n", ("B2", "B3")),
], ids=["numbers", "crosstab", "named"])
def test_cumulative_twin_is_review(tmp_path: Path, cumulative: str,
                                   cells: tuple[str, ...]) -> None:
    counts = COUNTS if "F" not in cumulative else \
        "year,F,M\n2019,120,110\n2020,250,240\n2021,130,150\n"
    assert _found(tmp_path, {"counts.csv": counts, "cum.csv": cumulative}) == \
        _review("cum.csv", *cells)


def test_cumulative_twin_message(tmp_path: Path) -> None:
    (tmp_path / "counts.csv").write_text(COUNTS)
    (tmp_path / "cum.csv").write_text("year,n\n2019,120\n2020,373\n2021,503\n")
    result = sdc.check(tmp_path, build_policy({}))
    (finding,) = [f for o in result.outputs for f in o.findings]
    assert finding.message.startswith(
        "this cumulative count's step at 2020 is 253, and counts.csv prints 250 for it")
    assert finding.evidence["difference"] == 3
    assert {(r.path, r.cell) for r in finding.related} == {("cum.csv", "B2"),
                                                           ("counts.csv", "B3")}


@pytest.mark.parametrize("cumulative", [
    "year,n\n2019,120\n2020,370\n2021,500\n",  # the exact cumulative: nothing new
    "year,n\n2019,131\n2020,390\n2021,530\n",  # another cohort: steps 11, 9, 10 apart
], ids=["exact", "another-cohort"])
def test_cumulative_twin_twins_pass(tmp_path: Path, cumulative: str) -> None:
    assert _found(tmp_path, {"counts.csv": COUNTS, "cum.csv": cumulative}) == PASS


def test_sorted_counts_are_no_cumulative(tmp_path: Path) -> None:
    # 12, 25, 41 rise, but their steps (12, 13, 16) match 13, 12, 16 once: no evidence
    files = {"a.csv": "group,n\nA,12\nB,25\nC,41\n", "b.csv": "group,n\nA,13\nB,12\nC,16\n"}
    assert _found(tmp_path, files) == PASS


def test_cumsum_column_alone_fails_its_small_step(tmp_path: Path) -> None:
    (tmp_path / "cum.csv").write_text("year,cumsum\n2019,120\n2020,124\n2021,503\n")
    result = sdc.check(tmp_path, build_policy({}))
    assert {(f.rule, f.status.value, f.location.cell) for o in result.outputs
            for f in o.findings if f.rule == "SDC101"} == {("SDC101", "fail", "B3")}


# 2. the merged category re-run

PARTS = "region,n\nNorth,111\nSouth,60\nEast,80\n"


@pytest.mark.parametrize("merged", ["North and South", "North+South", "North / South",
                                    "North or South", "North & South"])
def test_merged_category_rerun_is_review(tmp_path: Path, merged: str) -> None:
    files = {"a.csv": PARTS, "b.csv": f"region,n\n{merged},174\nEast,80\n"}
    assert _found(tmp_path, files) == _review("b.csv", "B2")


def test_merged_category_crosstab_is_review(tmp_path: Path) -> None:
    files = {"a.csv": "region,F,M\nNorth,111,90\nSouth,60,70\nEast,80,85\n",
             "b.csv": "region,F,M\nNorth and South,174,160\nEast,80,85\n"}
    assert _found(tmp_path, files) == _review("b.csv", "B2")


@pytest.mark.parametrize("merged", [
    "region,n\nNorth and South,171\nEast,80\n",  # adds up: nothing between
    "region,n\nNorth and South,194\nEast,93\n",  # another year: 23 and 13 apart
    "region,n\nNorth and West,174\nEast,80\n",  # West is no category of a.csv
], ids=["adds-up", "another-year", "not-its-parts"])
def test_merged_category_twins_pass(tmp_path: Path, merged: str) -> None:
    assert _found(tmp_path, {"a.csv": PARTS, "b.csv": merged}) == PASS


# 3. band re-runs: a gap, a table past 200 counts, three tables

def test_bands_with_a_gap_are_review(tmp_path: Path) -> None:
    # [0, 65): 370 beside 369; 66+ alike; the gap [65, 66) in both
    files = {"a.csv": "age,n\n0-17,120\n18-64,250\n66+,130\n",
             "b.csv": "age,n\n0-15,100\n16-64,269\n66+,130\n"}
    assert _found(tmp_path, files) == _review("b.csv", "B2", "B3")


def test_bands_with_other_gaps_pass(tmp_path: Path) -> None:
    # a.csv leaves 65 out, b.csv does not: [18, 66) is no sum of one population in both
    files = {"a.csv": "age,n\n0-17,120\n18-64,250\n66+,130\n",
             "b.csv": "age,n\n0-15,100\n16-65,282\n66+,130\n"}
    assert _found(tmp_path, files) == PASS


def _practices(bands: tuple[str, str, str], rows: list[tuple[int, int, int]]) -> str:
    return f"practice,{','.join(bands)}\n" + "".join(
        f"P{p:02d},{a},{b},{c}\n" for p, (a, b, c) in enumerate(rows, 1))


def test_bands_past_two_hundred_counts_are_review(tmp_path: Path) -> None:
    # 70 practices x 3 bands = 210 counts; practice P05's [0, 65) one apart
    early = [(30 + p % 7, 60 + p % 11, 30 + p % 5) for p in range(70)]
    later = [(a - 15, b + 15 + (p == 4), c) for p, (a, b, c) in enumerate(early)]
    files = {"a.csv": _practices(("0-17", "18-64", "65+"), early),
             "b.csv": _practices(("0-15", "16-64", "65+"), later)}
    assert _found(tmp_path, files) == _review("b.csv", "B6", "C6")


def test_bands_three_tables(tmp_path: Path) -> None:
    # b.csv and c.csv each one apart from a.csv's [0, 65); b and c alike there
    files = {"a.csv": "age,n\n0-17,120\n18-64,250\n65+,130\n",
             "b.csv": "age,n\n0-15,100\n16-64,269\n65+,130\n",
             "c.csv": "age,n\n0-19,140\n20-64,229\n65+,130\n"}
    status, found = _found(tmp_path, files)
    assert (status, found) == ("review", _review("b.csv", "B2", "B3")[1]
                               | _review("c.csv", "B2", "B3")[1])


# 4. a two-way renamed re-run with one count alike

TWO_WAY = "region,F,M\nNorth,40,52\nSouth,31,29\nEast,22,35\nWest,17,44\n"


def test_two_way_one_alike_is_review(tmp_path: Path) -> None:
    later = "region,F,M\nTyne,41,53\nSevern,32,30\nThames,22,36\nTrent,18,45\n"
    assert _found(tmp_path, {"a.csv": TWO_WAY, "b.csv": later}) == _review(
        "b.csv", "B2", "C2", "B3", "C3", "C4", "B5", "C5")


@pytest.mark.parametrize("earlier,later", [
    # small counts (12 to 17): 24 x 1/6 x (3/6)^7 ~ 0.03, likely by chance
    ("region,F,M\nNorth,12,15\nSouth,14,13\nEast,16,12\nWest,17,14\n",
     "region,F,M\nTyne,13,16\nSevern,15,14\nThames,16,13\nTrent,16,15\n"),
    # one alike, the others 3 apart: no re-run's few units
    (TWO_WAY, "region,F,M\nTyne,43,55\nSevern,34,32\nThames,22,38\nTrent,20,47\n"),
], ids=["small-counts", "three-apart"])
def test_two_way_one_alike_twins_pass(tmp_path: Path, earlier: str, later: str) -> None:
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == PASS


# 5. nations beyond the UK

def _one_valued(label: str, rows: tuple[tuple[int, int], ...], dim: str = "region") -> str:
    ages = ("0-17", "18-64", "65+")
    return f"{dim},age,F,M\n" + "".join(
        f"{label},{age},{f},{m}\n" for age, (f, m) in zip(ages, rows, strict=True))


WHOLE_ROWS = ((40, 45), (111, 120), (60, 50))
PART_ROWS = ((35, 30), (108, 100), (55, 45))  # rests 5 15 / 3 20 / 5 5


@pytest.mark.parametrize("whole,part", [
    ("United States", "Texas"),
    ("USA", "California"),
    ("Canada", "Ontario"),
    ("Australia", "New South Wales"),
    ("Texas", "Harris County"),  # a state beside a part no listed place names
], ids=["united-states", "usa", "canada", "australia", "state-county"])
def test_whole_named_a_place(tmp_path: Path, whole: str, part: str) -> None:
    files = {"whole.csv": _one_valued(whole, WHOLE_ROWS),
             "part.csv": _one_valued(part, PART_ROWS)}
    assert _found(tmp_path, files) == _review("part.csv", "C2", "C3", "C4", "D4")


@pytest.mark.parametrize("whole,part", [
    ("Texas", "California"),  # two states: siblings
    ("Ontario", "Texas"),  # a province beside another nation's state
    ("Texas", "Canada"),  # a state is no nation's whole
], ids=["two-states", "province-state", "state-nation"])
def test_sibling_places_pass(tmp_path: Path, whole: str, part: str) -> None:
    files = {"whole.csv": _one_valued(whole, WHOLE_ROWS),
             "part.csv": _one_valued(part, PART_ROWS)}
    assert _found(tmp_path, files) == PASS


WHOLE = "age,F,M\n0-17,40,45\n18-64,111,120\n65+,60,50\n"
PLACED = "age,F,M\n0-17,25,30\n18-64,108,100\n65+,35,45\n"


@pytest.mark.parametrize("whole_name", ["patients_in_canada.csv",
                                        "patients_in_the_united_states.csv"])
def test_part_placed_beside_a_whole_titled_a_nation(tmp_path: Path, whole_name: str) -> None:
    assert _found(tmp_path, {whole_name: WHOLE, "patients_in_ontario.csv": PLACED}) == \
        _review("patients_in_ontario.csv", "B3", "C4")


def test_places_are_data() -> None:
    from sdc.places import is_nation, is_place, is_region
    assert is_nation("United  States") and is_nation("canada") and not is_nation("Texas")
    assert is_region("New South Wales") and is_region("Quebec")
    assert not is_place("Harris County") and not is_place("North")
