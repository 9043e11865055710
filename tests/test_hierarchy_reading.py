"""Hierarchies read from a workbook's indent format and from SIC numbers without dots (issue 11:
both passed with a suppressed child recoverable from its parent's row)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of


def _areas(path: Path, rows: list[tuple[str, int, object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Area", "Admissions"])
    for name, level, value in rows:
        ws.append([name, value])
        ws.cell(ws.max_row, 1).alignment = Alignment(indent=level)
    wb.save(path)


def test_indent_format_nests_areas_under_their_region(tmp_path: Path) -> None:
    _areas(tmp_path / "areas.xlsx", [("North East", 0, 120), ("Newcastle", 1, 60),
                                     ("Sunderland", 1, "[c]"), ("Durham", 1, 55),
                                     ("North West", 0, 200), ("Manchester", 1, 120),
                                     ("Liverpool", 1, 80)])
    result = sdc.check(tmp_path, build_policy({}))
    # the indent read as leading spaces is no cell data the sheet hides (SDC605)
    assert findings_of(result) == {("SDC501", "areas.xlsx[Sheet]", "B4")}


def test_indent_format_with_children_above_the_parent_is_no_hierarchy(tmp_path: Path) -> None:
    # the published children (60 + 55) exceed the row above (100): not its parts
    _areas(tmp_path / "areas.xlsx", [("North East", 0, 100), ("Newcastle", 1, 60),
                                     ("Sunderland", 1, "[c]"), ("Durham", 1, 55)])
    assert findings_of(sdc.check(tmp_path, build_policy({})), {"SDC501", "SDC605"}) == set()
