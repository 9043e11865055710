"""Round 52 (diff52): differencing (SDC503) that round 51 left ``pass``.

1. A one-way re-run with its categories renamed and one count alike (three of four changed):
   ``North 40, South 31, East 22, West 17`` beside ``Tyne 41, Severn 32, Thames 22, Trent 18``.
2. Two tables banding one variable otherwise whose bands contradict (``0-17, 18-64, 65+``
   beside ``0-15, 16-64, 65+``, one person fewer): summed to the bands both print, a re-run.
3. A single part beside its whole: the whole's region a nation for everyone (``England``
   beside ``North``); a part placed only by its title (``Patients in the North``); a rounded
   release, whose rest is an interval (reviewed only where all of it is 1..threshold − 1).

Each release in-process (``sdc.check``) with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy

Found = tuple[str, set[tuple[str, str, str, str | None]]]


def _found(tmp_path: Path, files: dict[str, str], policy: dict[str, Any] | None = None
           ) -> Found:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = sdc.check(tmp_path, build_policy(policy or {}))
    return result.status.value, {
        (o.path, f.rule, f.status.value, f.location.cell)
        for o in result.outputs for f in o.findings}


def _review(path: str, *cells: str) -> Found:
    return "review", {(path, "SDC503", "review", cell) for cell in cells}


PASS: Found = ("pass", set())


# 1. a one-way renamed re-run with one count alike

ONE_WAY = "region,n\nNorth,40\nSouth,31\nEast,22\nWest,17\n"


@pytest.mark.parametrize("earlier,later,cells", [
    # the brief's: three of four one more, East alike (24 x 1/42 x (3/42)^3 ~ 2e-4)
    (ONE_WAY, "region,n\nTyne,41\nSevern,32\nThames,22\nTrent,18\n", ("B2", "B3", "B5")),
    # names51's "left" twin: one moved, one joined, West alike
    ("region,n\nNorth,50\nSouth,57\nEast,44\nWest,61\n",
     "region,n\nTyne,51\nSevern,56\nThames,45\nTrent,61\n", ("B2", "B3", "B4")),
], ids=["brief", "names51-left"])
def test_one_way_one_alike_is_review(tmp_path: Path, earlier: str, later: str,
                                     cells: tuple[str, ...]) -> None:
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == _review("b.csv", *cells)


@pytest.mark.parametrize("earlier,later", [
    # small counts: one alike and three a unit off is likely by chance (24/17 x (3/17)^3)
    ("region,n\nNorth,12\nSouth,15\nEast,11\nWest,14\n",
     "age,n\n0-17,13\n18-39,16\n40-64,11\n65+,15\n"),
    # one alike, the others 3 apart: no re-run's few units
    (ONE_WAY, "region,n\nTyne,43\nSevern,28\nThames,22\nTrent,20\n"),
    # none alike, each a unit off: nothing anchors the pairing
    (ONE_WAY, "region,n\nTyne,41\nSevern,32\nThames,23\nTrent,18\n"),
], ids=["small-counts", "three-apart", "none-alike"])
def test_one_way_one_alike_twins_pass(tmp_path: Path, earlier: str, later: str) -> None:
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == PASS


# 2. bands that contradict, read as a re-run

BANDS = "age,n\n0-17,120\n18-64,250\n65+,130\n"


def test_contradicting_bands_one_way_is_review(tmp_path: Path) -> None:
    # [0, 65): 370 beside 369; 65+ 130 alike
    later = "age,n\n0-15,100\n16-64,269\n65+,130\n"
    assert _found(tmp_path, {"a.csv": BANDS, "b.csv": later}) == _review("b.csv", "B2", "B3")


def test_contradicting_bands_crosstab_is_review(tmp_path: Path) -> None:
    earlier = "age,F,M\n0-17,120,110\n18-64,250,240\n65+,130,90\n"
    later = "age,F,M\n0-15,100,95\n16-64,269,255\n65+,130,90\n"
    assert _found(tmp_path, {"a.csv": earlier, "b.csv": later}) == _review(
        "b.csv", "B2", "B3")


def test_contradicting_bands_message(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(BANDS)
    (tmp_path / "b.csv").write_text("age,n\n0-15,100\n16-64,269\n65+,130\n")
    result = sdc.check(tmp_path, build_policy({}))
    found = [f for o in result.outputs for f in o.findings]
    assert [f.location.cell for f in found] == ["B2", "B3"]
    assert all(f.evidence == {"difference": 1.0, "agreeing": 1, "differing": 1,
                              "run": "[0, 65)"} for f in found)
    assert sorted(r.cell for r in found[0].related) == ["B2", "B3"]


@pytest.mark.parametrize("later", [
    # another year: [0, 65) 20 apart
    "age,n\n0-15,100\n16-64,290\n65+,141\n",
    # one population, consistent: 16-17 is 20 by either pair (the band algebra's; not small)
    "age,n\n0-15,100\n16-64,270\n65+,130\n",
    # small counts: one run alike and one a unit off is likely by chance
    None,
], ids=["another-year", "consistent", "small-counts"])
def test_contradicting_bands_twins_pass(tmp_path: Path, later: str | None) -> None:
    if later is None:
        # [0, 65) 36 beside 35, 65+ 13 alike: 1/26 x 3/26 (no sliver below 10)
        files = {"a.csv": "age,n\n0-17,11\n18-64,25\n65+,13\n",
                 "b.csv": "age,n\n0-29,22\n30-64,13\n65+,13\n"}
    else:
        files = {"a.csv": BANDS, "b.csv": later}
    assert _found(tmp_path, files) == PASS


# 3. a single part beside its whole

PART = "region,age,F,M\nNorth,0-17,35,30\nNorth,18-64,108,100\nNorth,65+,55,45\n"


@pytest.mark.parametrize("nation", ["England", "United Kingdom"])
def test_whole_named_a_nation(tmp_path: Path, nation: str) -> None:
    whole = (f"region,age,F,M\n{nation},0-17,40,45\n{nation},18-64,111,120\n"
             f"{nation},65+,60,50\n")
    assert _found(tmp_path, {"whole.csv": whole, "north.csv": PART}) == _review(
        "north.csv", "C2", "C3", "C4", "D4")


def test_whole_a_sibling_region_passes(tmp_path: Path) -> None:
    whole = "region,age,F,M\nSouth,0-17,40,45\nSouth,18-64,111,120\nSouth,65+,60,50\n"
    assert _found(tmp_path, {"whole.csv": whole, "north.csv": PART}) == PASS


WHOLE = "age,F,M\n0-17,40,45\n18-64,111,120\n65+,60,50\n"
NORTH = "age,F,M\n0-17,25,30\n18-64,108,100\n65+,35,45\n"


@pytest.mark.parametrize("whole_name", ["whole.csv", "patients_in_england.csv"])
def test_part_placed_by_its_title(tmp_path: Path, whole_name: str) -> None:
    assert _found(tmp_path, {whole_name: WHOLE, "patients_in_the_north.csv": NORTH}) == \
        _review("patients_in_the_north.csv", "B3", "C4")


@pytest.mark.parametrize("whole_name,part_name", [
    # two places side by side: siblings
    ("patients_in_the_south.csv", "patients_in_the_north.csv"),
    # a unit, not a place
    ("admissions.csv", "admissions_in_thousands.csv"),
], ids=["siblings", "units"])
def test_placed_twins_pass(tmp_path: Path, whole_name: str, part_name: str) -> None:
    assert _found(tmp_path, {whole_name: WHOLE, part_name: NORTH}) == PASS


def _rounded(base: int, scheme: str) -> dict[str, Any]:
    return {"rules": {"unrounded-count": {"base": base, "scheme": scheme}}}


def test_rounded_part_base_three(tmp_path: Path) -> None:
    # rests 9 (7..11 within two roundings: not surely small), 6, 6 (4..8): C3 and D4
    whole = "region,age,F,M\nAll,0-17,42,45\nAll,18-64,111,120\nAll,65+,60,51\n"
    part = "region,age,F,M\nNorth,0-17,33,24\nNorth,18-64,105,102\nNorth,65+,42,45\n"
    assert _found(tmp_path, {"whole.csv": whole, "north.csv": part},
                  _rounded(3, "nearest")) == _review("north.csv", "C3", "D4")


ROUNDED_WHOLE = "region,age,F,M\nAll,0-17,40,45\nAll,18-64,110,120\nAll,65+,60,50\n"
ROUNDED_PART = "region,age,F,M\nNorth,0-17,35,20\nNorth,18-64,105,100\nNorth,65+,40,45\n"


def test_rounded_part_base_five_any_passes(tmp_path: Path) -> None:
    # any rounding to 5: each count within 4, a rest of 5 is -3..13: no sure small count
    assert _found(tmp_path, {"whole.csv": ROUNDED_WHOLE, "north.csv": ROUNDED_PART},
                  _rounded(5, "any")) == PASS


def test_rounded_part_base_five_nearest_kept(tmp_path: Path) -> None:
    # to the nearest 5: each whole count within 2, a rest of 5 is 1..9: still reviewed
    assert _found(tmp_path, {"whole.csv": ROUNDED_WHOLE, "north.csv": ROUNDED_PART},
                  _rounded(5, "nearest")) == _review("north.csv", "C2", "C3", "D4")
