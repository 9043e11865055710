"""Rows and columns too small to show their text (round 48, the lead): a sheet whose rows are
hidden by default (``sheetFormatPr zeroHeight``), a row of height 0 or a column of width 0 that
is not marked hidden. Excel draws those cells with no room, so a reviewer reading the sheet
does not see them; sdc checks their numbers still, and the sheet is flagged (SDC605 `review`)
so a person looks. Each is read with the one pass (``xlsx_plain``) and without it, alike."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sdc.engine import check
from sdc.readers import xlsx_package
from tests.test_xlsx_plain import _both


def _book(path: Path, edit: str, formula: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["region", "count"])
    for region, n in [("North", 25), ("South", 30), ("East", 41), ("West", 52)]:
        ws.append([region, n])
    if formula:  # a formula whose cached value is not written: not the plain form
        ws["D1"] = "=1+1"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    if edit == "zero_height":
        sheet = sheet.replace("<sheetFormatPr ", '<sheetFormatPr zeroHeight="1" ', 1)
    elif edit == "row_height_0":
        sheet = re.sub(r'<row r="3"( [^>]*)?>', '<row r="3" ht="0" customHeight="1">', sheet)
    elif edit == "row_height_2":
        sheet = re.sub(r'<row r="3"( [^>]*)?>', '<row r="3" ht="2.5" customHeight="1">', sheet)
    elif edit == "row_height_15":
        sheet = re.sub(r'<row r="3"( [^>]*)?>', '<row r="3" ht="15" customHeight="1">', sheet)
    elif edit == "column_width_0":
        sheet = sheet.replace("<sheetData>", '<cols><col min="2" max="2" width="0" '
                              'customWidth="1"/></cols><sheetData>', 1)
    elif edit == "column_width_12":
        sheet = sheet.replace("<sheetData>", '<cols><col min="2" max="2" width="12" '
                              'customWidth="1"/></cols><sheetData>', 1)
    elif edit == "default_row_height_0":
        sheet = re.sub(r'defaultRowHeight="[^"]*"', 'defaultRowHeight="0"', sheet, count=1)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _findings(path: Path) -> list[tuple[str, str | None, str]]:
    result = check(path)
    return [(f.rule, f.location.cell, f.status.value)
            for out in result.outputs for f in out.findings]


HIDING = ["zero_height", "row_height_0", "row_height_2", "column_width_0",
          "default_row_height_0"]
SHOWN = ["none", "row_height_15", "column_width_12"]


@pytest.mark.parametrize("formula", [False, True], ids=["plain", "formula"])
@pytest.mark.parametrize("edit", HIDING)
def test_a_line_too_small_to_show_is_reviewed(tmp_path: Path, edit: str, formula: bool) -> None:
    path = _book(tmp_path / "t.xlsx", edit, formula)
    found = _findings(path)
    sheet_wide = [("SDC605", None, "review")]
    formula_cell = [("SDC605", "D1", "review")] if formula else []  # the formula's own
    assert sorted((f for f in found if f[0] == "SDC605"), key=str) == sorted(
        sheet_wide + formula_cell, key=str)
    walked = xlsx_package.walk_package(path, None)
    details = [h.detail for h in walked.hidden if h.what == "cell data not shown"]
    assert len(details) == 1
    assert ("zeroHeight" in details[0]) is (edit == "zero_height")
    _both(path)  # the one pass and the old path read it alike


@pytest.mark.parametrize("formula", [False, True], ids=["plain", "formula"])
@pytest.mark.parametrize("edit", SHOWN)
def test_lines_of_ordinary_size_are_not_flagged(tmp_path: Path, edit: str, formula: bool) -> None:
    path = _book(tmp_path / "t.xlsx", edit, formula)
    assert not [h for h in xlsx_package.walk_package(path, None).hidden
                if h.what == "cell data not shown"]
    if not formula:
        assert _findings(path) == []
    _both(path)


def test_a_row_of_zero_height_in_a_hidden_row_is_counted_once_per_row(tmp_path: Path) -> None:
    """Two rows of height 0: the detail counts both (the one pass reads their heights from the
    bytes, the old path from the rows' events: equal)."""
    path = _book(tmp_path / "t.xlsx", "none")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for r in (2, 4):
        sheet = re.sub(rf'<row r="{r}"( [^>]*)?>', f'<row r="{r}" ht="0" customHeight="1">',
                       sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    details = [h.detail for h in xlsx_package.walk_package(path, None).hidden]
    assert any("2 rows too low to show their text" in d for d in details), details
    _both(path)
