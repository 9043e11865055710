"""A number format that shows a digit as a currency symbol or a fill (issue 12, hunt15).

A digit a format writes itself was caught inside quotes (``"3"``) or escaped (``\\3``), not as
the currency symbol of ``[$3]`` or ``[$3-809]`` (the text before the locale) nor as the
character ``*3`` repeats across the cell: 30 formatted ``[$3];[$3];[$3]`` shows 3 in Excel
while sdc read 30, and passed. Nor was a text cell's format read: the marker ``x`` formatted
``0;0;0;"3"`` shows 3. Each is now SDC605 ``review`` at the cell (``LITERAL_DIGIT`` in
``sdc/readers/xlsx_reader.py``), and a conditional format's number format alike. Workbooks
as openpyxl writes them, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _book(path: Path, north: object, number_format: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Region", "Deaths"])
    for region, deaths in [("North", north), ("South", 45), ("East", 60)]:
        ws.append([region, deaths])
    ws["B2"].number_format = number_format
    wb.save(path)


@pytest.mark.parametrize(("north", "number_format"), [
    (30, "[$3];[$3];[$3]"), (30, "[$3-809]0"), (30, "*3;*3;*3"), (30, "0*3"),
    ("x", '0;0;0;"3"'),
])
def test_a_digit_the_format_writes_is_hidden_content(
        tmp_path: Path, north: object, number_format: str) -> None:
    _book(tmp_path / "t.xlsx", north, number_format)
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value, finding.location.cell) == ("SDC605", "review", "B2")


def test_a_conditional_formats_currency_digit_is_hidden_content(tmp_path: Path) -> None:
    _book(tmp_path / "t.xlsx", 30, "General")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    style = DifferentialStyle(font=Font(bold=True),
                              numFmt=NumberFormat(numFmtId=200, formatCode="[$3];;;"))
    rule = FormulaRule(formula=['$A2="North"'])
    rule.dxf = style
    wb.active.conditional_formatting.add("B2:B4", rule)
    wb.save(tmp_path / "t.xlsx")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC605", "review")
    assert "conditional format" in finding.message


@pytest.mark.parametrize(("north", "number_format"), [
    (30, "[$\u00a3-809]#,##0"), (30, "[$-409]0"), (30, '_(* #,##0_);_(* (#,##0);_(* "-"_)'),
    ("x", "0;0;0;@"),
])
def test_a_currency_sign_a_locale_or_a_space_fill_pass(
        tmp_path: Path, north: object, number_format: str) -> None:
    _book(tmp_path / "t.xlsx", north, number_format)
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
