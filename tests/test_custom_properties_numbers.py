"""Hunt round 12: a count in a workbook's or a Word document's custom properties.

``docProps/custom.xml`` (File > Properties > Custom, or ``openpyxl``'s ``custom_doc_props``)
was searched for identifiers only, so ``north_deaths = 3`` passed. A custom property whose
value is a number, or text a title would not explain, is now SDC605 ``review`` (XLSX, on the
first sheet) or SDC605 through the document's flags (DOCX); the finding never quotes the
property. What Office itself writes says no number and still passes: a sensitivity label's
GUIDs, date, flags and ContentBits (0-15), SharePoint's Order (a multiple of 100), a date or a
yes/no property.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.packaging.custom import (
    BoolProperty,
    DateTimeProperty,
    FloatProperty,
    IntProperty,
    StringProperty,
)

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status

GUID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
LABEL = [(f"MSIP_Label_{GUID}_Enabled", "lpwstr", "true"),
         (f"MSIP_Label_{GUID}_SetDate", "lpwstr", "2024-03-01T10:22:33Z"),
         (f"MSIP_Label_{GUID}_Method", "lpwstr", "Standard"),
         (f"MSIP_Label_{GUID}_Name", "lpwstr", "Official Sensitive"),
         (f"MSIP_Label_{GUID}_SiteId", "lpwstr", GUID),
         (f"MSIP_Label_{GUID}_ActionId", "lpwstr", "a1b2c3d4-0000-4000-8000-0123456789ab"),
         (f"MSIP_Label_{GUID}_ContentBits", "lpwstr", "0"),
         ("ContentTypeId", "lpwstr", "0x010100A1B2C3D4E5F60718293A4B5C6D7E8F")]


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


def _workbook(folder: Path, props: list) -> Path:
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "T1"
    for row in [("region", "count"), ("East", 120), ("West", 85), ("South", 64)]:
        ws.append(row)
    for prop in props:
        wb.custom_doc_props.append(prop)
    wb.save(folder / "t.xlsx")
    return folder


@pytest.mark.parametrize("prop", [
    IntProperty(name="north_deaths", value=3),
    StringProperty(name="note", value="North deaths 3"),
    StringProperty(name="North 3", value="yes"),
    StringProperty(name=f"MSIP_Label_{GUID}_ContentBits", value="37"),
    FloatProperty(name="Order", value=1203.0),
], ids=["int", "text", "name", "label-bits-not-a-mask", "order-not-hundreds"])
def test_a_number_in_a_workbook_custom_property_is_review(tmp_path: Path, prop) -> None:
    result = _check(_workbook(tmp_path / "r", [prop]))
    assert found_with_status(result) == {("SDC605", None, "review")}
    [finding] = result.findings
    assert finding.location.sheet == "T1"
    assert "1 custom property" in finding.message
    assert "North" not in finding.message and "north_deaths" not in finding.message


def test_what_office_writes_in_a_workbook_passes(tmp_path: Path) -> None:
    props = [StringProperty(name=n, value=v) for n, _, v in LABEL]
    props += [FloatProperty(name="Order", value=1200.0), BoolProperty(name="Checked", value=True),
              DateTimeProperty(name="Reviewed", value=datetime.datetime(2024, 3, 1, 10, 0))]
    result = _check(_workbook(tmp_path / "r", props))
    assert found_with_status(result) == set()
    assert result.status.value == "pass"


def _document(folder: Path, props: list[tuple[str, str, str]]) -> Path:
    """A Word document with ``props`` as its custom properties, as Word writes them."""
    folder.mkdir()
    plain = folder.parent / "plain.docx"
    document = docx.Document()
    document.add_paragraph("Table 1: admissions by region")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("region", "count"), ("East", "120"), ("West", "85")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.save(plain)
    body = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
                   f'name="{n}"><vt:{k}>{v}</vt:{k}></property>'
                   for i, (n, k, v) in enumerate(props))
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(folder / "t.docx", "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" '
                                    b'ContentType="application/vnd.openxmlformats-'
                                    b'officedocument.custom-properties+xml"/></Types>')
            if item.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdC" Type="http:'
                                    b'//schemas.openxmlformats.org/officeDocument/2006/'
                                    b'relationships/custom-properties" Target="docProps/'
                                    b'custom.xml"/></Relationships>')
            zout.writestr(item, data)
        zout.writestr("docProps/custom.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://'
            'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http:'
            f'//schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{body}'
            '</Properties>'))
    return folder


def test_a_count_in_a_document_custom_property_is_review(tmp_path: Path) -> None:
    result = _check(_document(tmp_path / "r", [("north_deaths", "i4", "3")]))
    assert found_with_status(result) == {("SDC605", None, "review")}
    assert "north_deaths" not in result.findings[0].message


def test_what_office_writes_in_a_document_passes(tmp_path: Path) -> None:
    result = _check(_document(tmp_path / "r", [*LABEL, ("Order", "r8", "1200")]))
    assert found_with_status(result) == set()
    assert result.status.value == "pass"
