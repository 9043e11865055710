"""A count written in a workbook's free text that no cell shows: a printed header or footer
(``West had 3 deaths``), a validation dropdown (``"3,4,5"``), a hyperlink's tooltip or the
document's description. These were searched for identifiers only, so the workbook passed with
the count unread. Now a number there that a CSV title or note would not explain (``Table 2``, a
year, ``counts below 10 suppressed`` are explained) is hidden content for a person: SDC605
review on the first sheet, the text kept out of the finding. Files written by openpyxl."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def check_regions_workbook(tmp_path: Path, build: Callable[[openpyxl.Workbook, Worksheet], None]
           ) -> sdc.RunResult:
    """A workbook of three regions' counts, ``build`` given it and its sheet, checked."""
    folder = tmp_path / "r"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["region", "count"], ["North", 120], ["South", 105], ["East", 60]]:
        ws.append(row)
    build(wb, ws)
    wb.save(folder / "by_region.xlsx")
    return sdc.check(folder, build_policy({}))


def _only_a_number_outside(result: sdc.RunResult, where: str) -> None:
    # was: pass (the text was searched for identifiers only)
    assert _found(result) == {("SDC605", None, "review")}
    (finding,) = result.findings
    assert finding.message.startswith("number outside the cells: ")
    assert where in finding.message
    assert "West" not in finding.message and "3" not in finding.message.split(": ", 2)[2]


def test_a_count_in_the_footer(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        ws.oddFooter.center.text = "West had 3 deaths"
    _only_a_number_outside(check_regions_workbook(tmp_path, build), "the header or footer")


def test_a_count_in_the_first_page_header(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        ws.firstHeader.left.text = "West: 3"
    _only_a_number_outside(check_regions_workbook(tmp_path, build), "the header or footer")


def test_a_validation_list_of_numbers(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        validation = DataValidation(type="list", formula1='"3,4,5"')
        ws.add_data_validation(validation)
        validation.add("C2")
    _only_a_number_outside(check_regions_workbook(tmp_path, build), "a validation list or bound")


def test_a_count_in_the_document_description(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        wb.properties.description = "West had 3 deaths"
    _only_a_number_outside(check_regions_workbook(tmp_path, build),
                           "docProps/core.xml: the document's description")


def test_a_count_in_a_hyperlink_tooltip(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        ws["A2"].hyperlink = "#Sheet!A1"
        ws["A2"].hyperlink.tooltip = "3 patients from West"
    _only_a_number_outside(check_regions_workbook(tmp_path, build), "a hyperlink tooltip")


def test_the_safe_twins_still_pass(tmp_path: Path) -> None:
    # Excel's codes (page, pages, font size, colour, date), a table's number, a year range, a
    # policy statement, a title without numbers and a list drawn from cells are no count
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        ws.oddFooter.center.text = "Page &P of &N"
        ws.oddFooter.center.size = 12
        ws.oddFooter.center.font = "Arial,Bold"
        ws.oddFooter.center.color = "FF0000"
        ws.oddHeader.right.text = "&D &T &F"
        ws.oddHeader.left.text = ("Table 2: admissions by region, 2019-2022. Counts below 10 "
                                  "suppressed")
        wb.properties.title = "Table 2"
        wb.properties.description = "Admissions by region"
        for n, formula in enumerate(['$A$2:$A$4', '"Yes,No"']):
            validation = DataValidation(type="list", formula1=formula)
            ws.add_data_validation(validation)
            validation.add(f"{'CD'[n]}2")
    result = check_regions_workbook(tmp_path, build)
    assert result.findings == [] and result.status.value == "pass"
