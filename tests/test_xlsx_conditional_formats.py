"""A number in a workbook's conditional formatting, which no cell shows: a rule's threshold
(``cell value < 3``), a quoted text in its formula (``"West deaths 3"``), a contains-text rule's
text or a colour scale's point given as a number. The rules were searched for identifiers only,
so the workbook passed with the number unread (hunt round 13). Now each is hidden content for a
person: SDC605 review on the sheet, the rule's text kept out of the finding. What Excel and
openpyxl write for banding (``MOD(ROW(),2)=0``), a default colour scale (min, 50th percentile,
max), a data bar and a contains-text rule on a label still pass. Files written by openpyxl."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl.formatting.rule import (
    CellIsRule,
    ColorScaleRule,
    DataBarRule,
    FormulaRule,
    Rule,
)
from openpyxl.styles import PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.worksheet import Worksheet

import sdc
from tests.conftest import found_with_status as _found
from tests.test_xlsx_free_text_numbers import check_regions_workbook

_RED = PatternFill(bgColor="FFC7CE", fill_type="solid")


def _check(tmp_path: Path, build: Callable[[Worksheet], None]) -> sdc.RunResult:
    """The free-text tests' regions workbook, ``build`` given its sheet, checked."""
    return check_regions_workbook(tmp_path, lambda _, ws: build(ws))


def _a_number_in_a_rule(result: sdc.RunResult) -> None:
    # was: pass (the rule's formula and text were searched for identifiers only)
    assert _found(result) == {("SDC605", None, "review")}
    (finding,) = result.findings
    assert finding.message == ("number outside the cells: xl/worksheets/sheet1.xml: a "
                               "conditional format rule hold(s) a number no cell shows: a "
                               "person must read it")
    assert finding.location.path == "by_region.xlsx"


def test_a_threshold_in_a_cell_value_rule(tmp_path: Path) -> None:
    def build(ws: Worksheet) -> None:
        ws.conditional_formatting.add("B2:B4", CellIsRule(operator="lessThan", formula=["3"],
                                                          fill=_RED))
    _a_number_in_a_rule(_check(tmp_path, build))


def test_a_count_quoted_in_a_formula(tmp_path: Path) -> None:
    def build(ws: Worksheet) -> None:
        ws.conditional_formatting.add("A2:A4", FormulaRule(formula=['A2="West deaths 3"'],
                                                           fill=_RED))
    _a_number_in_a_rule(_check(tmp_path, build))


def test_a_count_in_a_contains_text_rule(tmp_path: Path) -> None:
    def build(ws: Worksheet) -> None:
        rule = Rule(type="containsText", operator="containsText", text="West 3",
                    dxf=DifferentialStyle(fill=_RED))
        rule.formula = ['NOT(ISERROR(SEARCH("West",A2)))']
        ws.conditional_formatting.add("A2:A4", rule)
    _a_number_in_a_rule(_check(tmp_path, build))


def test_a_number_as_a_colour_scale_point(tmp_path: Path) -> None:
    def build(ws: Worksheet) -> None:
        ws.conditional_formatting.add("B2:B4", ColorScaleRule(
            start_type="num", start_value=3, start_color="FFFFFF",
            end_type="max", end_color="FF0000"))
    _a_number_in_a_rule(_check(tmp_path, build))


def test_what_excel_writes_without_a_number_of_its_own_passes(tmp_path: Path) -> None:
    def build(ws: Worksheet) -> None:
        ws.conditional_formatting.add("A2:B4", FormulaRule(formula=["MOD(ROW(),2)=0"],
                                                           fill=_RED))
        ws.conditional_formatting.add("B2:B4", ColorScaleRule(
            start_type="min", start_color="FFFFFF", mid_type="percentile", mid_value=50,
            mid_color="FFFF00", end_type="max", end_color="FF0000"))
        ws.conditional_formatting.add("B2:B4", DataBarRule(
            start_type="min", end_type="max", color="638EC6"))
        ws.conditional_formatting.add("B2:B4", FormulaRule(formula=["$B2=MAX($B$2:$B$4)"],
                                                           fill=_RED))
        rule = Rule(type="containsText", operator="containsText", text="North",
                    dxf=DifferentialStyle(fill=_RED))
        rule.formula = ['NOT(ISERROR(SEARCH("North",A2)))']
        ws.conditional_formatting.add("A2:A4", rule)
    result = _check(tmp_path, build)
    assert result.findings == [] and result.status.value == "pass"
