"""SDC103 along the rows of count columns that are categories of one variable.

A long table whose count columns add up, row by row, to another of its columns (``Full
time`` + ``Part time`` = ``Total``) is a cross-tabulation written as measures: each row is a
line of the group-disclosure rule, with that column as its total. Columns that add up to no
column are different counts and give no line. The expected findings are computed here from
the rule's definition (a cell of at least ``share`` of its line, or leaving fewer than
``threshold`` units to the rest of it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

SHARE = 0.9


def _check(tmp_path: Path, table: pd.DataFrame, threshold: int) -> sdc.RunResult:
    folder = tmp_path / "release"
    folder.mkdir()
    table.to_csv(folder / "table.csv")
    policy = {"rules": {"small-count": {"threshold": threshold},
                        "group-disclosure": {"share": SHARE}}}
    return sdc.check(folder, build_policy(policy))


def _row_lines_expected(table: pd.DataFrame, parts: list[str], total: str,
                        threshold: int) -> set[str]:
    """The cells of ``parts`` dominating their row (its ``total`` column's cell)."""
    found = set()
    for r, (_, row) in enumerate(table.iterrows()):
        for part in parts:
            value, line = row[part], row[total]
            if value > 0 and line > 0 and (value / line >= SHARE or line - value < threshold):
                found.add(f"{chr(ord('B') + list(table.columns).index(part))}{r + 2}")
    return found


def _sdc103(result: sdc.RunResult) -> set[str]:
    return {f.location.cell for f in result.findings if f.rule == "SDC103"}


@pytest.mark.parametrize("threshold", [3, 10])
def test_rows_of_columns_adding_up_to_a_total_are_lines(tmp_path: Path, threshold: int) -> None:
    table = pd.DataFrame({"Day shift": [40, 25, 31], "Night shift": [30, 1, 29]},
                         index=pd.Index(["North", "South", "East"], name="region"))
    table["Total"] = table.sum(axis=1)
    result = _check(tmp_path, table, threshold)
    want = _row_lines_expected(table, ["Day shift", "Night shift"], "Total", threshold)
    assert want  # South: 25 of 26 (and 1 leaves 25: no)
    assert _sdc103(result) >= want
    assert result.status.value == "fail"


def test_columns_adding_up_to_nothing_are_no_line(tmp_path: Path) -> None:
    """``deaths``, ``admissions`` and ``beds`` are different counts: a row where admissions
    are most of the row's sum is no group disclosure, and the table passes."""
    table = pd.DataFrame({"deaths": [12, 15, 20], "admissions": [900, 850, 700],
                          "beds": [40, 41, 39]},
                         index=pd.Index(["North", "South", "East"], name="region"))
    result = _check(tmp_path, table, 10)
    assert _sdc103(result) == set()
    assert result.status.value == "pass"


def test_a_partition_without_its_total_is_still_checked_cell_by_cell(tmp_path: Path) -> None:
    """When the guess misses (no Total column, so no row lines, and the word ``time`` makes
    the columns amounts), the zero and the small count are not passed: the table is review
    (amounts with no contribution evidence)."""
    table = pd.DataFrame({"Full time": [60, 50, 20], "Part time": [0, 3, 20]},
                         index=pd.Index(["Married", "Divorced", "Single"], name="marital"))
    result = _check(tmp_path, table, 10)
    assert {f.rule for f in result.findings if f.status.value == "review"} >= {"SDC203"}
    assert result.status.value != "pass"


def test_a_suppressed_part_leaves_the_line_to_its_total(tmp_path: Path) -> None:
    """A part withheld (``[c]``) beside a published total: the cell shown still holds 95% of
    the row."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "table.csv").write_text(
        "region,Full time,Part time,Total\nNorth,95,[c],100\nSouth,60,40,100\n"
        "East,55,45,100\n", encoding="utf-8")
    result = sdc.check(folder, build_policy({}))
    assert "B2" in _sdc103(result)
    assert result.status.value != "pass"
