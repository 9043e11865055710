"""A number whose digits lie in differently formatted runs of a rich-text cell (issue 12,
hunt13).

Excel formats characters of a text cell one by one: ``3`` then a white ``0`` (or a 1-point,
superscript or struck one) shows 3 while the cell holds the text ``30``, read as a count of
30: the North's 3 deaths passed. A string whose digits lie in two or more runs, inline in a
sheet (openpyxl writes them so) or shared (``xl/sharedStrings.xml``, as Excel writes them), is
now flagged (SDC605 ``review``): what the page shows of it is not computed. A label whose one
run holds its number (``North`` then a bold `` 3rd ward``) and a plain text cell pass as before.
A run of digits white or under 2 points (``Type`` then a white `` 1``) is flagged as well.
Workbooks written by openpyxl (the shared-string form rewritten in the package), checked by
the engine in-process."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _book(path: Path, deaths: object) -> None:
    book = openpyxl.Workbook()
    for row in [["Region", "Patients", "Deaths"], ["North", 30, None], ["South", 40, 12]]:
        book.active.append(row)
    book.active["C2"] = deaths
    book.save(path)


@pytest.mark.parametrize("font", [InlineFont(color="FFFFFFFF"), InlineFont(sz=1),
                                  InlineFont(vertAlign="superscript"), InlineFont(strike=True)])
def test_a_digit_in_a_formatted_run_is_flagged(tmp_path: Path, font: InlineFont) -> None:
    _book(tmp_path / "w.xlsx", CellRichText("3", TextBlock(font, "0")))
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC605", "review")
    assert "xl/worksheets/sheet1.xml: " in finding.message
    assert "1 strings whose digits lie in two or more formatted runs" in finding.message


def _shared(path: Path) -> None:
    """The inline rich string of C2 moved to a shared-strings part, as Excel stores it."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    rich = re.search(r'<c r="C2" t="inlineStr"><is>(.*?)</is></c>', sheet)
    assert rich is not None
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        rich.group(0), '<c r="C2" t="s"><v>0</v></c>').encode()
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    members["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{ns}" count="1" uniqueCount="1"><si>{rich.group(1)}</si></sst>').encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_a_shared_string_split_so_is_flagged(tmp_path: Path) -> None:
    _book(tmp_path / "w.xlsx", CellRichText("3", TextBlock(InlineFont(color="FFFFFFFF"), "0")))
    _shared(tmp_path / "w.xlsx")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC605", "review")
    assert "xl/sharedStrings.xml: 1 runs of text whose digits are white" in finding.message
    assert "1 strings whose digits lie in two or more formatted runs" in finding.message


def test_a_number_in_one_run_passes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in [["Ward", "Patients"], [None, 30], ["South", 40]]:
        book.active.append(row)
    book.active["A2"] = CellRichText("North", TextBlock(InlineFont(b=True), " 3rd ward"))
    book.save(tmp_path / "w.xlsx")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_white_run_of_digits_in_a_label_is_flagged(tmp_path: Path) -> None:
    """``Type`` then a white `` 1`` (`` 2``) under ``Diabetes``: the page shows Type twice,
    the cells name type 1 and type 2 diabetes (names, which passed)."""
    book = openpyxl.Workbook()
    for row in [["Diabetes", "Patients"], [None, 30], [None, 40]]:
        book.active.append(row)
    white = InlineFont(color="FFFFFFFF")
    book.active["A2"] = CellRichText("Type", TextBlock(white, " 1"))
    book.active["A3"] = CellRichText("Type", TextBlock(white, " 2"))
    book.save(tmp_path / "w.xlsx")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC605", "review")
    assert "2 runs of text whose digits are white or under 2 points" in finding.message
