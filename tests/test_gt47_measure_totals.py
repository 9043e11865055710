"""SDC503's totals apart: every count measure's grand total, not the first one's only
(round 47, gt47).

``_close_totals`` compares tables' grand totals a few units apart. A table of several count
measures (``admissions, deaths`` by region) is indexed with its first measure's counts under
bare keys and each other's under keys naming it (``_count_index``), and ``_grand_total`` read
the bare key ``()`` only: admissions' total. So ``a.csv`` printing deaths' total 50 beside
``b.csv``'s 49 deaths passed on base47, where a.csv printing deaths alone is ``review``: if
both count one population the difference is a group of one. Now each count measure's grand
total (``_table_totals``), or the one its margins add to (``_implied_totals``), is compared.
Where one file gives one number twice (a table and its ``n_percent_view``, ACRO's ``count /
Total``), the pair is reported once; a table's measures are never compared with each other.

Each case at ``-j 1``/``-j 2``, whole and streamed, with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.rules.differencing import _count_index, _table_totals
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

TWO_MEASURES = "region,admissions,deaths\nNorth,50,20\nSouth,57,30\nTotal,107,50\n"
DEATHS_BY_SEX = "sex,deaths\nF,25\nM,24\nTotal,49\n"
# two dimensions, margins per sex, no grand total: deaths' margins add to 46 + 44 = 90
LONG_NO_TOTAL = ("region,sex,admissions,deaths\nNorth,F,40,22\nNorth,M,35,18\n"
                 "South,F,47,24\nSouth,M,50,26\nTotal,F,87,46\nTotal,M,85,44\n")
# ACRO's crosstab of one count split by a group: count / g1, g2, Total (479)
ACRO_COUNTS = (",count,count,count\ngrp,g1,g2,Total\nyear,,,\n2019,57,59,116\n2020,58,60,118\n"
               "2021,56,72,128\n2022,64,53,117\nTotal,235,244,479\n")


@pytest.mark.parametrize("files,where", [
    # the second measure's printed total one from another table's
    ({"a.csv": TWO_MEASURES, "b.csv": DEATHS_BY_SEX}, ("b.csv", "B4")),
    # the other table's count called n: totals are compared whatever their names
    ({"a.csv": TWO_MEASURES, "b.csv": DEATHS_BY_SEX.replace("deaths", "n")}, ("b.csv", "B4")),
    # the table of two measures later in path order: reported at its deaths total
    ({"a.csv": DEATHS_BY_SEX, "b.csv": TWO_MEASURES}, ("b.csv", "C4")),
    # a one-row table of two measures: each count its measure's total
    ({"a.csv": "admissions,deaths\n107,50\n", "b.csv": "F,M,Total\n25,24,49\n"},
     ("b.csv", "C2")),
    # deaths' margins adding to 90 (no grand total printed) beside 89
    ({"a.csv": LONG_NO_TOTAL, "b.csv": "age,n\n0-64,40\n65+,49\nTotal,89\n"},
     ("b.csv", "B4")),
    # two tables of the same two measures: deaths' totals one apart
    ({"a.csv": TWO_MEASURES, "b.csv": "sex,admissions,deaths\nF,60,25\nM,47,24\nTotal,107,49\n"},
     ("b.csv", "C4")),
], ids=["second-measure", "named-n", "other-way", "one-row", "implied", "same-measures"])
def test_a_later_measures_total_near_another_is_review(tmp_path: Path, jobs: int,
                                                       files: dict[str, str],
                                                       where: tuple[str, str]) -> None:
    """SDC503 ``review`` at the later table's total, nothing else (base47: pass, no
    finding)."""
    path, cell = where
    other = "a.csv" if path == "b.csv" else "b.csv"
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {other: "pass", path: "review"}, {(path, "SDC503", "review", cell)})


@pytest.mark.parametrize("files", [
    # ten apart (50 against 40): the threshold is 10
    {"a.csv": TWO_MEASURES, "b.csv": "sex,deaths\nF,20\nM,20\nTotal,40\n"},
    # a table's own measures two apart: never compared with each other
    {"a.csv": "region,admissions,deaths\nNorth,25,20\nSouth,27,30\nTotal,52,50\n"},
    # the implied total ten apart (90 against 80)
    {"a.csv": LONG_NO_TOTAL, "b.csv": "age,n\n0-64,40\n65+,40\nTotal,80\n"},
    # two tables of several measures: admissions' 52 is no total beside deaths' 50
    {"a.csv": TWO_MEASURES, "b.csv": "sex,admissions,deaths\nF,30,12\nM,22,12\nTotal,52,24\n"},
], ids=["ten-apart", "own-measures", "implied-ten-apart", "other-measures"])
def test_twins_pass(tmp_path: Path, jobs: int, files: dict[str, str]) -> None:
    assert _found(_write(tmp_path, files), jobs) == (
        "pass", dict.fromkeys(files, "pass"), set())


def test_one_number_of_one_file_is_reported_once(tmp_path: Path, jobs: int) -> None:
    """ACRO's ``count / Total`` 479 is both a measure's total here and its level view's grand
    total: 478 beside it is one finding, as on base47 (which found it through the view)."""
    files = {"a.csv": ACRO_COUNTS, "b.csv": "sex,n\nF,240\nM,238\nTotal,478\n"}
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"}, {("b.csv", "SDC503", "review", "B4")})


def _totals(tmp_path: Path, text: str) -> list[tuple[float, tuple[str, ...], str, bool]]:
    (tmp_path / "t.csv").write_text(text)
    (output,) = read_output(tmp_path / "t.csv", "t.csv", build_policy({}))
    index = _count_index(output)
    return [(value, key, index[at].measure.name, implied)
            for _, _, value, key, at, implied in _table_totals(output, index)]


@pytest.mark.parametrize("text,totals", [
    (TWO_MEASURES, [(107.0, (), "admissions", False), (50.0, (), "deaths", False)]),
    ("region,deaths\nNorth,20\nSouth,30\nTotal,50\n", [(50.0, (), "deaths", False)]),
    (LONG_NO_TOTAL, [(172.0, (), "admissions", True), (90.0, (), "deaths", True)]),
    ("admissions,deaths\n107,50\n", [(107.0, (), "admissions", False),
                                     (50.0, (), "deaths", False)]),
    # a measure's margin hidden: it adds up to nothing
    (LONG_NO_TOTAL.replace("Total,M,85,44", "Total,M,85,*"),
     [(172.0, (), "admissions", True)]),
    # a two-dimensional table with its grand total: each measure's, and its one-label margins
    (LONG_NO_TOTAL + "Total,Total,172,90\n",
     [(172.0, (), "admissions", False), (87.0, ("F",), "admissions", False),
      (85.0, ("M",), "admissions", False), (90.0, (), "deaths", False),
      (46.0, ("F",), "deaths", False), (44.0, ("M",), "deaths", False)]),
    (ACRO_COUNTS, [(235.0, (), "count / g1", False), (244.0, (), "count / g2", False),
                   (479.0, (), "count / Total", False)]),
], ids=["two-measures", "one-measure", "implied", "one-row", "hidden-margin", "margins",
        "acro"])
def test_table_totals(tmp_path: Path, text: str,
                      totals: list[tuple[float, tuple[str, ...], str, bool]]) -> None:
    assert _totals(tmp_path, text) == totals
