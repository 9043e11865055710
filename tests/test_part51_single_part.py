"""A single part table beside its whole (round 51, part51; ``sdc.single_part``).

The whole ``age × sex`` and the same table for one region (a one-valued ``region`` column the
whole lacks), for one age band, or for a subgroup its title names (``among diabetics``,
``North only``): the rest (whole − part) is published implicitly, a count. A rest of 1..9 is
SDC503 ``review`` at the part's cell, the whole's cell related. Twins that stay ``pass``: rests
all 0 or ≥ 10, a part above its whole somewhere, two years' tables, two subgroups side by side,
a whole that prints the part's region itself. Checked in-process at ``-j 1`` (one case at
``-j 2`` too); every exact finding listed.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.release_modes import found, written

WHOLE = "age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n"
NORTH = "age,region,F,M,Total\n18-64,North,108,100,208\n65+,North,80,90,170\n"
W_ROWS = [["age", "F", "M", "Total"], ["18-64", 111, 132, 243], ["65+", 115, 120, 235]]
P_ROWS = [["age", "region", "F", "M", "Total"], ["18-64", "North", 108, 100, 208],
          ["65+", "North", 80, 90, 170]]


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def _review(*where: tuple[str, str]) -> set[tuple[str, str, str, str]]:
    return {(path, "SDC503", "review", cell) for path, cell in where}


CSV_CASES: dict[str, tuple[dict[str, str], set[tuple[str, str, str, str]]]] = {
    # the women aged 18-64 outside North: 111 − 108 = 3
    "a region column": ({"whole.csv": WHOLE, "north.csv": NORTH}, _review(("north.csv", "C2"))),
    # no totals in either
    "no totals": ({"whole.csv": "age,F,M\n18-64,111,132\n65+,115,120\n",
                   "north.csv": "age,region,F,M\n18-64,North,108,100\n65+,North,80,90\n"},
                  _review(("north.csv", "C2"))),
    # the part's columns and rows in another order: 18-64 women at D3
    "labels in another order": ({"whole.csv": WHOLE, "north.csv": "region,age,M,F\n"
                                 "North,65+,90,80\nNorth,18-64,100,108\n"},
                                _review(("north.csv", "D3"))),
    # one age band of the part only, the whole with a Total row the part lacks
    "fewer categories": ({"whole.csv": WHOLE + "Total,226,252,478\n",
                          "north.csv": "age,region,F,M\n18-64,North,108,100\n"},
                         _review(("north.csv", "C2"))),
    # the whole by region, the part one age band: the East's others 1, 2 and 3
    "an age band column": ({"whole.csv": "region,F,M,Total\nNorth,160,170,330\n"
                            "South,90,95,185\nEast,11,17,28\nTotal,261,282,543\n",
                            "young.csv": "age,region,F,M,Total\n18-64,North,58,62,120\n"
                            "18-64,South,37,40,77\n18-64,East,10,15,25\n"
                            "18-64,Total,105,117,222\n"},
                           _review(("young.csv", "C4"), ("young.csv", "D4"),
                                   ("young.csv", "E4"))),
    # the whole's region column says everyone's ("All", "Total"): the part's North read as it
    "a whole of region All": ({"whole.csv": "age,region,F,M\n18-64,All,111,132\n"
                               "65+,All,115,120\n", "north.csv": NORTH},
                              _review(("north.csv", "C2"))),
    "a whole of region Total": ({"whole.csv": "age,region,F,M\n18-64,Total,111,132\n"
                                 "65+,Total,115,120\n", "north.csv": NORTH},
                                _review(("north.csv", "C2"))),
    # the part below the whole in one file
    "lower in the same file": ({"t.csv": WHOLE + "\n\n" + NORTH}, _review(("t.csv", "C7"))),
    # a subgroup named by the file name: Asian patients without diabetes, 31 − 28 = 3
    "among, in a file name": ({"ethnicity.csv": "ethnicity,n\nWhite,120\nAsian,31\nBlack,25\n",
                               "ethnicity_among_diabetics.csv": "ethnicity,n\nWhite,40\n"
                               "Asian,28\nBlack,12\n"},
                              _review(("ethnicity_among_diabetics.csv", "B3"))),
}

TWINS: dict[str, dict[str, str]] = {
    # every rest 30 or more
    "a large rest": {"whole.csv": WHOLE, "north.csv": "age,region,F,M,Total\n"
                     "18-64,North,70,100,170\n65+,North,80,90,170\n"},
    # every rest 0 or 10 and more
    "rests of 0 or ten and more": {"whole.csv": WHOLE, "north.csv": "age,region,F,M,Total\n"
                                   "18-64,North,111,100,211\n65+,North,80,120,200\n"},
    # one count of the "part" above the whole's: not its part
    "a part above its whole": {"whole.csv": WHOLE, "north.csv": "age,region,F,M,Total\n"
                               "18-64,North,108,100,208\n65+,North,80,125,205\n"},
    # two years: the year column's 2020 beside a file of 2019
    "two years": {"outcomes_2019.csv": "age,F,M\n18-64,111,132\n65+,115,120\n",
                  "outcomes_2020.csv": "age,year,F,M\n18-64,2020,108,130\n65+,2020,113,118\n"},
    # the whole prints regions itself (North and South): the part is its North rows
    "a whole by region": {"whole.csv": "age,region,F,M\n18-64,North,108,100\n"
                          "18-64,South,60,70\n65+,North,80,90\n65+,South,40,44\n",
                          "north.csv": NORTH},
    # the "whole" one other region (South): two regions side by side, neither the other's part
    "a sibling region": {"south.csv": "age,region,F,M\n18-64,South,111,132\n"
                         "65+,South,115,120\n", "north.csv": NORTH},
    # two subgroups side by side (smokers, diabetics): neither is the other's part
    "two subgroups": {"ethnicity_among_smokers.csv": "ethnicity,n\nWhite,120\nAsian,31\n"
                      "Black,25\n", "ethnicity_among_diabetics.csv": "ethnicity,n\nWhite,40\n"
                      "Asian,28\nBlack,12\n"},
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_a_small_rest_is_a_review_at_the_parts_cell(tmp_path: Path, case: str) -> None:
    files, want = CSV_CASES[case]
    written(tmp_path, files)
    status, _, got = found(tmp_path, 1)
    assert (status, got) == ("review", want)


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_the_twins_pass(tmp_path: Path, twin: str) -> None:
    written(tmp_path, TWINS[twin])
    assert found(tmp_path, 1) == ("pass", dict.fromkeys(TWINS[twin], "pass"), set())


def test_at_two_jobs_as_at_one(tmp_path: Path) -> None:
    written(tmp_path, {"whole.csv": WHOLE, "north.csv": NORTH})
    assert found(tmp_path, 2)[2] == _review(("north.csv", "C2"))


XLSX_CASES: dict[str, tuple[dict[str, list[list[object]]], str]] = {
    "another sheet": ({"whole": W_ROWS, "north": P_ROWS}, "C2"),
    "lower in the same sheet": ({"s": [*W_ROWS, [], [], *P_ROWS]}, "C7"),
    # the part's region in its title only, the same labels as the whole
    "North only in a title": ({"all": [["Patients by age and sex"], [], *W_ROWS],
                               "n": [["Patients by age and sex, North only"], [], W_ROWS[0],
                                     ["18-64", 108, 100, 208], ["65+", 80, 90, 170]]}, "B4"),
    "among in a title": ({"all": [["Ethnicity of patients"], [], ["ethnicity", "n"],
                                  ["White", 120], ["Asian", 31], ["Black", 25]],
                          "diab": [["Ethnicity among diabetics"], [], ["ethnicity", "n"],
                                   ["White", 40], ["Asian", 28], ["Black", 12]]}, "B5"),
}


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_xlsx_parts(tmp_path: Path, case: str) -> None:
    sheets, cell = XLSX_CASES[case]
    _xlsx(tmp_path / "t.xlsx", sheets)
    status, _, got = found(tmp_path, 1)
    assert (status, got) == ("review", _review(("t.xlsx", cell)))


def test_the_message_names_the_wholes_cell(tmp_path: Path) -> None:
    from tests.test_hunt35_link_spellings import checked

    written(tmp_path, {"whole.csv": WHOLE, "north.csv": NORTH})
    report, _ = checked(tmp_path, 1)
    (finding,) = [f for o in report["outputs"] for f in o["findings"]]
    assert "whole.csv at B2 (111)" in finding["message"]
    assert "region = North" in finding["message"] and "leaves 3" in finding["message"]
    assert [r["cell"] for r in finding["related"]] == ["B2"]
