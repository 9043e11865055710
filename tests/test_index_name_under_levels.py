"""pandas' index-name line under a header of several lines whose first does not repeat:
``pivot_table(index="area", values="age", aggfunc=["median", "count"])`` writes
``,median,count`` / ``,age,age`` / ``area,,``. The ``area,,`` line was read as a data row with
blank (suppressed) cells, and beside any table with the same total (ACRO's
``crosstab(margins=True)`` in the same folder) SDC501 failed the safe output at C3: "the
suppressed cell can be recomputed exactly: it is 0" (found side by side with ACRO, round 5;
docs/reading.md, Header rows). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _people(west: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = [("East", 70), ("North", 80), ("South", 65), ("West", west)]
    area = [a for a, n in rows for _ in range(n)]
    return pd.DataFrame({"area": area, "sex": rng.choice(["F", "M"], len(area)),
                         "age": rng.integers(18, 90, len(area))})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


@pytest.mark.parametrize("aggs", [["median", "count"], ["count", "median"], ["count"]])
def test_index_name_line_under_two_levels_is_no_row(tmp_path: Path, aggs: list[str]) -> None:
    people = _people()
    people.pivot_table(index="area", values="age", aggfunc=aggs).to_csv(tmp_path / "a.csv")
    pd.crosstab(people.area, people.sex, margins=True).to_csv(tmp_path / "counts.csv")
    assert (tmp_path / "a.csv").read_text().splitlines()[2] == "area" + "," * len(aggs)
    # before: SDC501 fail at the index-name line's blank under 'count' (C3, or B3)
    assert _check(tmp_path) == (set(), "pass")


def test_small_area_still_fails_under_two_levels(tmp_path: Path) -> None:
    people = _people(west=4)
    people.pivot_table(index="area", values="age", aggfunc=["median", "count"]).to_csv(
        tmp_path / "a.csv")
    # West (row 7) has 4 people: its count C7, its median B7 rests on 4
    found, status = _check(tmp_path)
    assert status == "fail"
    assert {("SDC101", "a.csv", "C7"), ("SDC303", "a.csv", "B7")} <= found
    assert all(cell is None or cell.endswith("7") for _, _, cell in found)


def test_a_blank_first_row_named_like_the_rows_below_stays_a_row(tmp_path: Path) -> None:
    # no index name (pandas then writes no index-name line): the first data row, 'Stage 1',
    # had every value suppressed with an empty marker, and the total row recovers it
    (tmp_path / "t.csv").write_text(
        ",deaths,admissions\n,n,n\nStage 1,,\nStage 2,40,50\nStage 3,35,45\n"
        "Total,79,101\n")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert {("SDC501", "t.csv", "B3"), ("SDC501", "t.csv", "C3")} <= found
