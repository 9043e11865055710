"""Round 51 (names51): renamed re-runs round 50 left ``pass``.

1. A one-way re-run with two or more categories a few units apart and no printed total
   (``Tyne 51, Severn 56`` beside ``North 50, South 57``): base51 ``pass``. Now SDC503
   ``review`` at each cell apart, where the chance that another variable of one cohort
   prints counts as close is small (``renamed_reruns._unlikely``).
2. A re-run where one table prints a margin the other does not (base51 ``pass``: the rows'
   labels differed by the margin), and a dimension of more than 6 renamed categories
   (base51 ``pass``: not read), now paired by a linear assignment.

Each release in-process (``sdc.check``) with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.renamed_reruns import CHANCE, _unlikely

ONE_WAY = "region,n\nNorth,50\nSouth,57\nEast,44\nWest,61\n"
BY_SEX = "region,F,M\nNorth,20,30\nSouth,27,30\nEast,20,24\nWest,30,31\n"
EIGHT = ("region,F,M\nNE,20,30\nNW,27,30\nYH,20,24\nEM,30,31\nWM,33,41\nEE,25,36\n"
         "LO,44,52\nSE,38,29\n")


def _found(tmp_path: Path, files: dict[str, str]
           ) -> tuple[str, set[tuple[str, str, str, str | None]]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = sdc.check(tmp_path, build_policy({}))
    return result.status.value, {
        (o.path, f.rule, f.status.value, f.location.cell)
        for o in result.outputs for f in o.findings}


def _review(*cells: str) -> tuple[str, set[tuple[str, str, str, str | None]]]:
    return "review", {("b.csv", "SDC503", "review", cell) for cell in cells}


PASS: tuple[str, set[tuple[str, str, str, str | None]]] = ("pass", set())


# 1. a one-way re-run with two or more categories changed

@pytest.mark.parametrize("later,cells", [
    # one patient moved South -> North (the totals alike): base51 pass
    ("region,n\nTyne,51\nSevern,56\nThames,44\nTrent,61\n", ("B2", "B3")),
    # two categories keep their names, two renamed and both changed
    ("region,n\nTyne,51\nSevern,56\nEast,44\nWest,61\n", ("B2", "B3")),
    # two patients left, one each from two regions
    ("region,n\nTyne,49\nSevern,56\nThames,44\nTrent,61\n", ("B2", "B3")),
], ids=["moved", "two-renamed", "two-left"])
def test_one_way_two_changed_is_review(tmp_path: Path, later: str,
                                       cells: tuple[str, ...]) -> None:
    assert _found(tmp_path, {"a.csv": ONE_WAY, "b.csv": later}) == _review(*cells)


def test_one_way_six_categories_three_changed(tmp_path: Path) -> None:
    earlier = "region,n\nNE,50\nNW,57\nYH,44\nEM,61\nWM,72\nLO,83\n"
    later = "area,n\nTyne,51\nMersey,56\nOuse,44\nTrent,61\nSevern,71\nThames,83\n"
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == _review(
        "B2", "B3", "B6")


@pytest.mark.parametrize("earlier,later", [
    # another variable of one cohort: two alike, the others 4 and 9 apart
    (ONE_WAY, "age,n\n0-17,50\n18-39,57\n40-64,40\n65+,70\n"),
    # small counts: two groups of a small cohort agree by chance too often (chance > bar)
    ("region,n\nNorth,12\nSouth,15\nEast,11\nWest,14\n",
     "age,n\n0-17,13\n18-39,14\n40-64,11\n65+,14\n"),
    # an honest relabelling, the same numbers
    (ONE_WAY, "region,n\nTyne,50\nSevern,57\nThames,44\nTrent,61\n"),
    # another year's counts under other names: nothing printed alike
    (ONE_WAY, "region,n\nTyne,58\nSevern,49\nThames,52\nTrent,70\n"),
    # (three of four changed, one count alike, was here: a review since round 52,
    # tests/test_diff52_parts_reruns.py)
], ids=["other-variable", "small-counts", "same-numbers", "another-year"])
def test_one_way_twins_pass(tmp_path: Path, earlier: str, later: str) -> None:
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == PASS


def test_unlikely_bar() -> None:
    # Tyne 51, Severn 56 beside North 50, South 57: 4! x (1/62)^2 x (3/62)^2
    assert _unlikely(62.0, 2, [1.0, 1.0], 4)
    # the same shape over counts of at most 15: 24 x (1/16)^2 x (3/16)^2 > CHANCE
    assert not _unlikely(16.0, 2, [1.0, 1.0], 4)
    # a difference above NEAR is no re-run's few units
    assert not _unlikely(1000.0, 2, [1.0, 3.0], 4)
    assert CHANCE == 1e-3


# 2. a margin printed by one table only

@pytest.mark.parametrize("earlier,later,cells", [
    # one-way, the earlier prints its total, the later one patient fewer does not
    (ONE_WAY + "Total,212\n", "region,n\nTyne,50\nSevern,56\nThames,44\nTrent,61\n",
     ("B3",)),
    # two-way, the later prints both margins
    (BY_SEX, "area,F,M,Total\nNorte,20,30,50\nSur,26,30,56\nEste,20,24,44\nOeste,30,31,61\n"
             "Total,96,115,211\n", ("B3",)),
], ids=["one-way-total", "two-way-margins"])
def test_margin_in_one_table_only_is_review(tmp_path: Path, earlier: str, later: str,
                                            cells: tuple[str, ...]) -> None:
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == _review(*cells)


def test_margin_in_one_table_same_numbers_pass(tmp_path: Path) -> None:
    later = ("area,F,M,Total\nNorte,20,30,50\nSur,27,30,57\nEste,20,24,44\nOeste,30,31,61\n"
             "Total,97,115,212\n")
    assert _found(tmp_path, {"a.csv": BY_SEX, "b.csv": later}) == PASS


# 2. more than 6 renamed categories

def test_eight_renamed_categories_is_review(tmp_path: Path) -> None:
    later = ("area,F,M\nTyne,20,30\nMersey,27,30\nOuse,20,24\nTrent,30,31\nSevern,33,40\n"
             "Cam,25,36\nThames,44,52\nMedway,38,29\n")
    assert _found(tmp_path, {"a.csv": EIGHT, "b.csv": later}) == _review("C6")


def test_eight_renamed_categories_message(tmp_path: Path) -> None:
    later = ("area,F,M\nTyne,20,30\nMersey,27,30\nOuse,20,24\nTrent,30,31\nSevern,33,40\n"
             "Cam,25,36\nThames,44,52\nMedway,38,29\n")
    (tmp_path / "a.csv").write_text(EIGHT)
    (tmp_path / "b.csv").write_text(later)
    result = sdc.check(tmp_path, build_policy({}))
    (finding,) = [f for o in result.outputs for f in o.findings]
    assert finding.evidence["paired"] == {
        "Tyne": "NE", "Mersey": "NW", "Ouse": "YH", "Trent": "EM", "Severn": "WM",
        "Cam": "EE", "Thames": "LO", "Medway": "SE"}
    assert finding.evidence["agreeing"] == 15 and finding.evidence["differing"] == 1
    assert finding.evidence["difference"] == 1


@pytest.mark.parametrize("later", [
    # the same numbers under other names (rows shuffled)
    "area,F,M\nMedway,38,29\nTyne,20,30\nMersey,27,30\nOuse,20,24\nTrent,30,31\n"
    "Severn,33,41\nCam,25,36\nThames,44,52\n",
    # another variable of eight categories: a few numbers alike by chance
    "age,F,M\n0-9,20,31\n10-19,26,30\n20-29,21,24\n30-39,30,35\n40-49,33,44\n50-59,22,36\n"
    "60-69,47,52\n70+,38,25\n",
], ids=["same-numbers", "other-variable"])
def test_eight_renamed_twins_pass(tmp_path: Path, later: str) -> None:
    assert _found(tmp_path, {"a.csv": EIGHT, "b.csv": later}) == PASS


def test_one_way_eight_renamed_one_fewer_is_review(tmp_path: Path) -> None:
    earlier = "region,n\nNE,50\nNW,57\nYH,44\nEM,61\nWM,72\nEE,66\nLO,83\nSE,90\n"
    later = ("area,n\nTyne,50\nMersey,57\nOuse,44\nTrent,61\nSevern,71\nCam,66\nThames,83\n"
             "Medway,90\n")
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == _review("B6")


def test_one_way_eight_other_variable_passes(tmp_path: Path) -> None:
    earlier = "region,n\nNE,50\nNW,57\nYH,44\nEM,61\nWM,72\nEE,66\nLO,83\nSE,90\n"
    later = ("age,n\n0-9,48\n10-19,57\n20-29,40\n30-39,66\n40-49,75\n50-59,62\n60-69,83\n"
             "70+,92\n")
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == PASS


def test_years_read_as_counts_are_no_pairing(tmp_path: Path) -> None:
    """bench_scale's pair (t00426, t00761, seed 14): two random tables by ``year`` with no
    label column (rows ``line N (tag)``), every cell hidden or 0 but the margins: the ten
    years, read as counts, are alike line by line in one column only — no evidence of one
    table (a first version reviewed B13, C13, D13)."""
    earlier = ("year,Female,Male,Total\n2016,0,[c],[c]\n2017,0,0,0\n2018,0,[c],[c]\n"
               "2019,0,0,0\n2020,[c],0,[c]\n2021,[c],0,[c]\n2022,[c],0,[c]\n2023,[c],0,[c]\n"
               "2024,[c],[c],[c]\n2025,[c],10,14\nTotal,22,16,38\n")
    later = ("year,Female,Male,Total\n2016,[c],[c],[c]\n2017,[c],[c],[c]\n2018,[c],0,[c]\n"
             "2019,0,[c],[c]\n2020,[c],[c],[c]\n2021,[c],0,[c]\n2022,[c],[c],14\n"
             "2023,[c],0,[c]\n2024,[c],0,[c]\n2025,[c],[c],[c]\nTotal,30,15,45\n")
    # the tables fail on their own (SDC102 and others): only SDC503's reading is asked of
    _, found = _found(tmp_path, {"a.csv": earlier, "b.csv": later})
    assert not {f for f in found if f[1] == "SDC503"}


def test_eight_renamed_by_the_assignment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """Past ``MAX_TRIED`` enumerated pairings the linear assignment pairs them: the same
    finding."""
    monkeypatch.setattr("sdc.renamed_reruns.MAX_TRIED", 0)
    later = ("area,F,M\nTyne,20,30\nMersey,27,30\nOuse,20,24\nTrent,30,31\nSevern,33,40\n"
             "Cam,25,36\nThames,44,52\nMedway,38,29\n")
    assert _found(tmp_path, {"a.csv": EIGHT, "b.csv": later}) == _review("C6")
