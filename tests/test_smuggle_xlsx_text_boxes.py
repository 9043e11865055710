"""A count in a text box drawn over a sheet (issue 12, hunt17).

A text box or shape Excel draws over the cells (``xl/drawings/drawing1.xml``, DrawingML
``txBody``) shows its text to anyone who opens the workbook, yet no cell holds it: its text
was searched for identifiers only (a table in it read as one), so ``North deaths: 3`` in a text
box beside a safe table passed. Its numbers are now read as a header's or a note's are
(``xlsx_free_text.text_has_number``): SDC605 ``review``, "number outside the cells"; a title,
a year or a policy statement in a text box passes. Workbooks written by openpyxl with the
drawing Excel writes for an inserted text box, through ``sdc check``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()

DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>'
    "<xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>6</xdr:col><xdr:colOff>0"
    "</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro=\"\""
    ' textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/>'
    '</xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB" sz="1100"/>'
    "<a:t>%s</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    "</xdr:wsDr>")


def _workbook(folder: Path, text: str) -> None:
    """A safe table (30, 45, 60 patients) with a text box drawn over the sheet: openpyxl
    writes the sheet and a chart's drawing, the chart's anchor is replaced by the text box."""
    from openpyxl.chart import BarChart, Reference

    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [("Region", "Patients"), ("North", 30), ("South", 45), ("East", 60)]:
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "D2")
    wb.save(folder / "made.xlsx")
    with zipfile.ZipFile(folder / "made.xlsx") as src, \
            zipfile.ZipFile(folder / "t.xlsx", "w") as out:
        for item in src.infolist():
            if item.filename.startswith("xl/charts/") or \
                    item.filename == "xl/drawings/_rels/drawing1.xml.rels":
                continue
            data = src.read(item.filename)
            if item.filename == "xl/drawings/drawing1.xml":
                data = (DRAWING % text).encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b'<Override PartName="/xl/charts/chart1.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.'
                                    b'drawingml.chart+xml"/>', b"")
            out.writestr(item, data)
    (folder / "made.xlsx").unlink()


def _findings(folder: Path) -> list[tuple[str, str, str]]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["status"], f["message"])
            for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


@pytest.mark.parametrize("text", ["North deaths: 3", "3 died in the North",
                                  "North: three deaths, suppressed"])
def test_a_count_in_a_text_box_is_named(tmp_path: Path, text: str) -> None:
    _workbook(tmp_path / "r", text)
    # was: pass
    assert _findings(tmp_path / "r") == [(
        "SDC605", "review", "number outside the cells: xl/drawings/drawing1.xml: 1 text "
        "box(es) or shape(s) on the sheet hold a number no cell shows: a person must read it")]


@pytest.mark.parametrize("text", ["Table 2: patients by region, 2019-2023",
                                  "Counts below 10 are suppressed", "Source: CPRD GOLD"])
def test_a_text_box_s_title_or_note_passes(tmp_path: Path, text: str) -> None:
    _workbook(tmp_path / "r", text)
    assert _findings(tmp_path / "r") == []
