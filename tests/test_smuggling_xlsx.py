"""Issue 12, channel 5: every part of an XLSX package is checked as text or flagged.

The workbook is written with openpyxl (the parts it can write) and the other parts a tool could
leave in the package are added with zipfile, as Excel would store them.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()
NHS = "943 476 5919"


def check_json(path: Path) -> dict:
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def by_output(report: dict) -> dict[str, set[tuple[str, str | None]]]:
    found: dict[str, set[tuple[str, str | None]]] = {}
    for out in report["outputs"]:
        key = out["path"] + (f"[{out['sheet']}]" if out["sheet"] else "")
        found[key] = {(f["rule"], f["location"]["cell"]) for f in out["findings"]}
    return found


def safe_workbook(path: Path) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    for row in (["grp", "n"], ["a", 12], ["b", 25]):
        ws.append(row)
    return wb




def test_a_plain_workbook_passes_with_its_package_read(tmp_path: Path) -> None:
    wb = safe_workbook(tmp_path / "t.xlsx")
    wb.save(tmp_path / "t.xlsx")
    found = by_output(check_json(tmp_path / "t.xlsx"))
    assert found == {"t.xlsx[T]": set()}


def test_identifiers_in_every_text_part_are_found(tmp_path: Path) -> None:
    wb = safe_workbook(tmp_path / "t.xlsx")
    ws = wb["T"]
    wb.properties.title = f"cohort {NHS}"  # core properties
    wb.custom_doc_props.append(StringProperty(name="contact", value="someone@example.org"))
    ws.oddFooter.center.text = f"patient {NHS}"  # header/footer
    ws["A2"].hyperlink = "mailto:other@example.org"  # hyperlink target
    validation = DataValidation(type="list", formula1=f'"{NHS},x"')  # validation list
    ws.add_data_validation(validation)
    validation.add("C1")
    ws["B3"].comment = Comment(f"the 25 includes {NHS}", "bob")  # cell comment
    wb.save(tmp_path / "t.xlsx")
    found = by_output(check_json(tmp_path / "t.xlsx"))
    # the comment is flagged on its cell; the numbers of the footer, the validation list and
    # the title (the NHS number's digits) are numbers no cell shows (tests/test_xlsx_free_text_
    # numbers.py)
    assert found["t.xlsx[T]"] == {("SDC605", "B3"), ("SDC605", None)}
    identifiers = {c for r, c in found["t.xlsx[package]"] if r == "SDC604"}
    # title, custom property, footer, validation list, hyperlink target, comment text
    assert len(identifiers) == 6
    assert all(r == "SDC604" for r, _ in found["t.xlsx[package]"])


def test_defined_name_constants_are_flagged_and_read(tmp_path: Path) -> None:
    wb = safe_workbook(tmp_path / "t.xlsx")
    wb.defined_names["raw_count"] = DefinedName("raw_count", attr_text="3")
    wb.defined_names["area"] = DefinedName("area", attr_text="T!$A$1:$B$3")
    wb.save(tmp_path / "t.xlsx")
    report = check_json(tmp_path / "t.xlsx")
    found = by_output(report)
    assert found["t.xlsx[T]"] == {("SDC605", None)}
    message = next(f["message"] for o in report["outputs"] for f in o["findings"])
    assert "'raw_count' holds a constant" in message


def add_members(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "a") as zf:
        for name, text in members.items():
            zf.writestr(name, text)


PIVOT_DEFINITION = """<?xml version="1.0" encoding="UTF-8"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<cacheFields count="3"><cacheField name="patient_id"><sharedItems/></cacheField>
<cacheField name="sex"><sharedItems><s v="F"/><s v="M"/></sharedItems></cacheField>
<cacheField name="age"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>"""


def pivot_records(n: int) -> str:
    rows = "".join(f'<r><s v="P{i:04d}"/><x v="{i % 2}"/><n v="{30 + i % 40}"/></r>'
                   for i in range(n))
    return ('<?xml version="1.0" encoding="UTF-8"?><pivotCacheRecords xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main" count="{n}">{rows}</pivotCacheRecords>')


def test_extra_members_pivot_caches_threaded_comments_and_links(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    safe_workbook(path).save(path)
    add_members(path, {
        "xl/patients.csv": "nhs_number,age\n" + "".join(f"{9434765919},{i}\n" for i in range(5)),
        "xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_DEFINITION,
        "xl/pivotCache/pivotCacheRecords1.xml": pivot_records(40),
        "xl/threadedComments/threadedComment1.xml":
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
            f'threadedcomments"><threadedComment ref="B2"><text>{NHS}</text></threadedComment>'
            "</ThreadedComments>",
        "xl/externalLinks/externalLink1.xml":
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<externalBook><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1">'
            f"<v>{NHS}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>",
        "xl/embeddings/oleObject1.bin": "\x00\x01binary\x00",
    })
    report = check_json(path)
    found = by_output(report)
    flags = {f["evidence"]["what"] for o in report["outputs"] if o["sheet"] == "T"
             for f in o["findings"] if f["rule"] == "SDC605"}
    assert flags == {"extra file", "pivot cache", "threaded comment", "external link",
                     "embedded object"}
    # the extra CSV and the pivot records are read as tables: identifiers and row-level data
    assert ("SDC604", "A1") in found["t.xlsx[xl/patients.csv]"]
    assert ("SDC603", None) in found["t.xlsx[xl/pivotCache/pivotCacheRecords1.xml (records)]"]
    assert ("SDC604", "A1") in found["t.xlsx[xl/pivotCache/pivotCacheRecords1.xml (records)]"]
    # the threaded comment and the external link's cached value: identifiers in the words
    assert len({c for r, c in found["t.xlsx[package]"] if r == "SDC604"}) == 2
    # binary content that cannot be read is review, never pass
    assert ("SDC602", None) in found["t.xlsx[xl/embeddings/oleObject1.bin]"]
