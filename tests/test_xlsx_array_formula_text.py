"""An array formula's text is read (round 25). openpyxl gives an array formula as an object
whose ``str`` is its repr, so an uncached array formula's cell was read as
``<openpyxl...ArrayFormula object at 0x...>``: the formula itself (an NHS number in a literal)
was not checked at its cell, and the finding's text changed from run to run. Files on disk,
written by openpyxl (which stores no cached value)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

import sdc
from sdc.policy import build_policy
from sdc.readers.xlsx_reader import formula_text


def _book(folder: Path, formula: object) -> Path:
    folder.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "n"])
    ws.append(["North", 40])
    ws.append(["South", 55])
    ws["C1"] = formula
    wb.save(folder / "t.xlsx")
    return folder


@pytest.mark.parametrize("array", [True, False])
def test_an_identifier_in_a_formula_is_found_at_its_cell(tmp_path: Path, array: bool) -> None:
    text = '={"943 476 5919"}'
    folder = _book(tmp_path / "r", ArrayFormula("C1", text) if array else text)
    result = sdc.check(folder, build_policy({}))
    found = {(f.rule, f.location.cell if f.location else None) for f in result.findings}
    assert ("SDC604", "C1") in found  # was missing for the array formula
    assert not any("object at 0x" in f.message for f in result.findings)


def test_formula_text_of_openpyxl_objects() -> None:
    assert formula_text("=A1+A2") == "=A1+A2"
    assert formula_text(ArrayFormula("C1:C3", "=A1:A3*B1:B3")) == "=A1:A3*B1:B3"
    assert formula_text(DataTableFormula("B2:C4", r1="A1", r2="A2")) == "=TABLE(A1,A2)"
    assert formula_text(ArrayFormula("C1")) == ""
