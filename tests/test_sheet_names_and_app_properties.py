"""Hunt round 12: a count in a sheet's name or in the company or manager of ``app.xml``.

Both were searched for identifiers only, so a workbook whose tab says ``West deaths 3``, or
whose Company (File > Properties) says ``West: 3 deaths``, passed. A number a title would not
explain is now SDC605 ``review``, never quoted; ``Table 2 2019-2022``, ``Sheet1`` and Excel's
copy of a sheet (``Results (2)`` beside ``Results``) still pass, as an organisation's name does.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


def _workbook(path: Path, names: list[str]) -> None:
    wb = openpyxl.Workbook()
    for i, name in enumerate(names):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        for row in [("region", "count"), ("East", 120), ("West", 85), ("South", 64)]:
            ws.append(row)
    wb.save(path)


def _with_app(source: Path, target: Path, fields: str) -> None:
    """``source`` with ``fields`` added to docProps/app.xml, as Office writes them."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>", fields.encode() + b"</Properties>")
            zout.writestr(item, data)


@pytest.mark.parametrize("names", [["West deaths 3"], ["Results", "West (3)"]],
                         ids=["count", "copy-mark-without-its-sheet"])
def test_a_number_in_a_sheet_name_is_review(tmp_path: Path, names: list[str]) -> None:
    (tmp_path / "r").mkdir()
    _workbook(tmp_path / "r" / "t.xlsx", names)
    result = _check(tmp_path / "r")
    assert found_with_status(result) == {("SDC605", None, "review")}
    [finding] = result.findings
    assert "1 sheet name hold(s) a number" in finding.message


@pytest.mark.parametrize("names", [["Table 2 2019-2022"], ["Sheet1", "Sheet2"],
                                   ["Results", "Results (2)"], ["output_0", "output_1"],
                                   ["Excluding under 18s", "65 and over"]],
                         ids=["table-years", "excel-default", "excel-copy", "acro", "ages"])
def test_sheet_names_without_a_statistic_pass(tmp_path: Path, names: list[str]) -> None:
    (tmp_path / "r").mkdir()
    _workbook(tmp_path / "r" / "t.xlsx", names)
    result = _check(tmp_path / "r")
    assert found_with_status(result) == set()


@pytest.mark.parametrize("fields, status", [
    ("<Company>West: 3 deaths</Company>", "review"), ("<Manager>3</Manager>", "review"),
    ("<Company>NHS England</Company><Manager>Data team</Manager>", "pass")],
    ids=["company", "manager", "names"])
def test_the_company_and_manager_of_a_workbook(tmp_path: Path, fields: str,
                                               status: str) -> None:
    (tmp_path / "r").mkdir()
    _workbook(tmp_path / "plain.xlsx", ["T1"])
    _with_app(tmp_path / "plain.xlsx", tmp_path / "r" / "t.xlsx", fields)
    result = _check(tmp_path / "r")
    expected = {("SDC605", None, "review")} if status == "review" else set()
    assert found_with_status(result) == expected
    assert all("West" not in f.message for f in result.findings)


@pytest.mark.parametrize("fields, status", [
    ("<Company>West: 3 deaths</Company>", "review"), ("<Company>NHS England</Company>", "pass")],
    ids=["company", "name"])
def test_the_company_of_a_word_document(tmp_path: Path, fields: str, status: str) -> None:
    (tmp_path / "r").mkdir()
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("region", "count"), ("East", "120"), ("West", "85")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.save(tmp_path / "plain.docx")
    _with_app(tmp_path / "plain.docx", tmp_path / "r" / "t.docx", fields)
    result = _check(tmp_path / "r")
    expected = {("SDC605", None, "review")} if status == "review" else set()
    assert found_with_status(result) == expected
