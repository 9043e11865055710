"""A number beside a place word, with no count word (`region,West 3,East 40`, a label `West 3`),
passed (issue 12): letters beside a number made any label a category's name (`Stage 3`). The
text alone cannot tell `West 3` from `Wave 2`; the label's neighbours can: a name with a number
is a name when another label of its header row or label column is the same name with another
number (`Wave 1`, `Wave 2`). Alone or beside other names its number is not understood (SDC602
review). Safe twins: series, years, quarters, bands and codes pass as before. Files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.coverage import ordinal_run
from sdc.policy import build_policy
from sdc.readers.numbered_names import name_then_number
from tests.conftest import findings_of


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def _named(result: sdc.RunResult) -> list[str]:
    (finding,) = result.findings
    return [loc.cell for loc in finding.related]


def test_a_count_beside_each_place_in_the_header_is_named(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,West 3,East 40\ncount,50,60\n")
    # was: pass (3 and 40 read as parts of the columns' names)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"
    assert _named(result) == ["B1", "C1"]


def test_a_count_beside_each_place_in_a_label_column_is_named(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,deaths\nWest 3,50\nEast 40,60\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == ["A2", "A3"]


def test_one_place_with_a_number_among_plain_names_is_named(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,deaths\nNorth,50\nSouth,70\nWest 3,60\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == ["A4"]


@pytest.mark.parametrize("text", [
    "region,Wave 1,Wave 2\nNorth,50,60\nSouth,70,80\n",
    "stage,patients\nStage 1,50\nStage 2,60\nStage 3,70\n",
    "ward,patients\nWard 12,50\nWard 11,60\n",
    "wave,patients\nWave 1,50\nWave 2,60\nWave 3,65\nWave 4,70\nWave 5,75\n",
    "arm,patients\nArm 0,50\nArm 1,60\n",
    "year,pupils\nYear 10,50\nYear 11,60\nYear 13,70\n",
    "wave,region,patients\nWave 1,North,50\nWave 1,South,60\nWave 2,North,70\nWave 2,South,80\n",
    "region,2019,2020\nNorth,50,60\nSouth,70,80\n",
    "region,Q3,Q4\nNorth,50,60\nSouth,70,80\n",
    "age,patients\nAge 18-64,50\nAge 65+,60\n",
    "code,patients\nICD-10 A00,50\nICD-10 B00,60\n",
    "age,patients\nUnder 5,50\nAged 65,60\n",
    "diabetes,patients\nType 1 diabetes,50\nType 2 diabetes,60\n",
    "area,Population,Deaths,Rate per 1000\nArea A,12040,48,3.99\nArea B,9875,37,3.75\n",
])
def test_series_years_quarters_bands_and_codes_pass(tmp_path: Path, text: str) -> None:
    result = _check(tmp_path, text)
    assert result.findings == [] and result.status.value == "pass"


def test_places_that_only_end_alike_are_not_a_series(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,deaths\nNorth West 3,50\nSouth West 40,60\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == ["A2", "A3"]


def test_a_name_and_the_same_name_with_more_words_are_a_series(tmp_path: Path) -> None:
    result = _check(tmp_path, "stage,pupils\nStage 1,40\nStage 3,50\nKey Stage 2,60\n"
                    "Key Stage 4,70\n")
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize(("text", "cells"), [
    ("region,West 3,West 40\ncount,50,60\n", ["B1", "C1"]),
    ("region,deaths\nWest 3,50\nWest 40,60\n", ["A2", "A3"]),
    ("region,deaths\nWest 3,50\nEast 9,55\nWest 40,60\n", ["A2", "A3", "A4"]),
    # a series is its numbers' run: Ward 7 and Ward 12 cannot be told from counts (cost)
    ("ward,patients\nWard 12,50\nWard 7,60\n", ["A2", "A3"]),
    ("wave,patients\nWave 1,50\nWave 2,60\nWave 9,70\n", ["A2", "A3", "A4"]),
    # a run of small numbers is a series only from its start, none left out (hunt8, cost)
    ("stage,pupils\nStage 3,50\nKey Stage 2,60\nKey Stage 4,70\n", ["A2", "A3", "A4"]),
    ("wave,patients\nWave 1,50\nWave 2,60\nWave 4,70\n", ["A2", "A3", "A4"]),
])
def test_one_name_with_numbers_far_apart_is_named(tmp_path: Path, text: str,
                                                   cells: list[str]) -> None:
    # was: pass (the same name with two numbers read as a series, round 16's Left)
    result = _check(tmp_path, text)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"
    assert _named(result) == cells


def test_ordinal_run() -> None:
    numbers = ("1 2", "3 40", "7 12", "1 2 4", "1 2 5", "1 2 3 5 7", "5", "2 3 4", "0 1",
               "3 4", "10 11", "10 11 13", "10 11 15")
    assert [ordinal_run(set(n.split()), name="wave") for n in numbers] == [
        True, False, False, False, False, False, False, False, True,
        False, False, False, False]
    assert [ordinal_run(set(n.split()), 10, "wave") for n in numbers] == [
        True, False, False, False, False, False, False, False, True,
        False, True, True, False]
    # a complete run of small numbers numbers its members only under a name that numbers
    # things (series, round 19): West 1, West 2 may be made up below a real West 3
    assert [ordinal_run(set(n.split()), 10, "west") for n in numbers] == [
        False, False, False, False, False, False, False, False, False,
        False, True, True, False]
    assert ordinal_run({str(i) for i in range(1, 11)}, 10, "west")


@pytest.mark.parametrize(("text", "cells"), [
    # round 17's Left (hunt7): close counts read as ordinals passed with 3 and 4 unchecked
    ("region,n\nWest 3,40\nWest 4,55\nEast,60\n", ["A2", "A3"]),
    ("sex,West 3,West 4,East\nF,40,55,60\nM,30,20,70\n", ["B1", "C1"]),
    ("region,n\nWest 3,40\nWest 4,55\nWest 5,50\n", ["A2", "A3", "A4"]),
])
def test_close_small_numbers_beside_one_name_are_named(tmp_path: Path, text: str,
                                                      cells: list[str]) -> None:
    result = _check(tmp_path, text)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"
    assert _named(result) == cells


def test_a_run_from_the_threshold_is_a_series_under_that_policy_only(tmp_path: Path) -> None:
    text = "ward,patients\nWard 11,50\nWard 12,60\n"
    assert _check(tmp_path, text).status.value == "pass"
    folder = tmp_path / "r"
    stricter = sdc.check(folder, build_policy({"rules": {"small-count": {"threshold": 20}}}))
    assert findings_of(stricter) == {("SDC602", "t.csv", None)}
    assert _named(stricter) == ["A2", "A3"]


def test_a_name_then_a_number() -> None:
    assert name_then_number("West 3") == ("west", "3")
    assert name_then_number("Key  Stage 07") == ("key stage", "7")
    assert [name_then_number(t) for t in ("Deaths 2019", "Q3", "ICD-10", "Age 18-64",
                                          "under 5", "Type 2 diabetes",
                                          "Rate per 1000", "Patients over 65", "Age 40")
            ] == [None] * 9
    assert name_then_number("3 West") == ("west", "3")  # round 19: every spelling


_ONE_WAY = '"",{},"Freq"\n"1","East",617\n"2","North",{}\n"3","South",584\n"4","West",585\n'


def test_r_one_way_table_header_var1_is_where_r_starts_numbering(tmp_path: Path) -> None:
    """write.csv(table(x)): R names the one factor's column ``Var1``, alone in its header. A
    series of one is no run (``West 1`` alone stays named), but a program's own name for its
    first column (``Var1``, ``Var0``) says where it starts numbering (fp26)."""
    result = _check(tmp_path, _ONE_WAY.format('"Var1"', 614))
    assert findings_of(result) == set()  # was: SDC602 review at B1
    assert result.status.value == "pass"


def test_r_one_way_table_still_checks_its_counts(tmp_path: Path) -> None:
    result = _check(tmp_path, _ONE_WAY.format('"Var1"', 3))
    assert findings_of(result) == {("SDC101", "t.csv", "C3")}


@pytest.mark.parametrize("header", ['"Var2"', '"Var3"', '"West 1"', '"Var1","Var3"'])
def test_lone_numbered_headers_other_than_a_programs_first_stay_named(
        tmp_path: Path, header: str) -> None:
    text = _ONE_WAY.format(header, 614)
    if header.count(",") == 1:  # two factors, Var1 and Var3: no run from the start
        text = text.replace('"East",', '"East","F",').replace('"North",', '"North","F",') \
            .replace('"South",', '"South","M",').replace('"West",', '"West","M",')
    result = _check(tmp_path, text)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == (["B1", "C1"] if header.count(",") else ["B1"])
