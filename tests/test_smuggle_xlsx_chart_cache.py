"""A count in a workbook chart's cached values (issue 12, hunt19).

A chart part names the cells it plots (``c:f``) and keeps a copy of their values
(``c:numCache``), or holds literal values with no cells (``c:numLit``); Excel draws the copy
until it recalculates. The copy was flagged as a chart (SDC605 ``review``) but never read, so
a 3 in it beside safe cells passed any policy that lets charts through (``--ignore SDC605``).
The copy is now read as a table (categories down, a column a series: ``xl/charts/chart1.xml
(cached series)``) for the table rules, and a copy that differs from its cells is named.
Workbooks written by openpyxl with the cache Excel writes, through ``sdc check``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.readers.xlsx_charts import cache_tables, read_chart, reference_cells

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()
CACHE = "xl/charts/chart1.xml (cached series)"
CHART = ("SDC605", "review", "Sheet", None, "chart: an embedded chart (1 part(s))")


def _workbook(path: Path, cached: list[str] | None, literal: bool = False) -> None:
    """30, 40, 25 deaths by region in the cells, a bar chart of them whose cache holds
    ``cached`` (None: no cache, as openpyxl writes it; ``literal``: values with no cells)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import (
        NumData,
        NumDataSource,
        NumVal,
        StrData,
        StrRef,
        StrVal,
    )

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [("Region", "Deaths"), ("North", 30), ("South", 40), ("East", 25)]:
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=4))
    series = chart.series[0]
    if cached is not None:
        data = NumData(formatCode="General", ptCount=len(cached),
                       pt=[NumVal(idx=i, v=v) for i, v in enumerate(cached)])
        if literal:
            series.val = NumDataSource(numLit=data)
        else:
            series.val.numRef.numCache = data
        series.cat.strRef = StrRef(f=series.cat.numRef.f, strCache=StrData(
            ptCount=3, pt=[StrVal(idx=i, v=n) for i, n in enumerate(["North", "South", "East"])]))
        series.cat.numRef = None
        series.tx.strRef.strCache = StrData(ptCount=1, pt=[StrVal(idx=0, v="Deaths")])
    ws.add_chart(chart, "D2")
    wb.save(path)


def _findings(path: Path, *extra: str) -> list[tuple[str, str, str, str | None, str]]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["status"], f["location"]["sheet"], f["location"]["cell"],
             f["message"]) for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


def test_a_count_in_the_cache_fails_at_its_series_and_category(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", ["3", "40", "25"])
    assert _findings(tmp_path / "t.xlsx") == [
        CHART,
        ("SDC605", "review", "Sheet", None, "chart cache differs from its cells: "
         "xl/charts/chart1.xml: the chart shows cached values its cells do not hold (series "
         "'Deaths', category 'North'); Excel draws these until it recalculates"),
        ("SDC101", "fail", CACHE, "B2", "count 3 is below the threshold 10")]
    # was: pass when charts are let through
    assert [f[:4] for f in _findings(tmp_path / "t.xlsx", "--ignore", "SDC605")] == [
        ("SDC101", "fail", CACHE, "B2")]


def test_literal_values_with_no_cells_are_read(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", ["30", "4", "25"], literal=True)
    assert _findings(tmp_path / "t.xlsx") == [
        CHART, ("SDC101", "fail", CACHE, "B3", "count 4 is below the threshold 10")]


def test_a_cache_of_safe_counts_apart_from_its_cells_is_named(tmp_path: Path) -> None:
    """43 in the chart, 40 in the cell: both are checked, and together they publish a
    difference of 3 (a re-run, SDC503)."""
    _workbook(tmp_path / "t.xlsx", ["30", "43", "25"])
    found = _findings(tmp_path / "t.xlsx")
    assert found[:2] == [
        CHART,
        ("SDC605", "review", "Sheet", None, "chart cache differs from its cells: "
         "xl/charts/chart1.xml: the chart shows cached values its cells do not hold (series "
         "'Deaths', category 'South'); Excel draws these until it recalculates")]
    assert [f[:4] for f in found[2:]] == [("SDC503", "fail", CACHE, "B3")]


@pytest.mark.parametrize("cached", [None, ["30", "40", "25"]])
def test_the_safe_twin_is_review_for_the_chart_only(tmp_path: Path,
                                                    cached: list[str] | None) -> None:
    _workbook(tmp_path / "t.xlsx", cached)
    assert _findings(tmp_path / "t.xlsx") == [CHART]
    assert _findings(tmp_path / "t.xlsx", "--ignore", "SDC605") == []


def test_a_cache_that_is_not_numbers_is_review(tmp_path: Path) -> None:
    _workbook(tmp_path / "m.xlsx", ["30", "999", "25"], literal=True)
    with zipfile.ZipFile(tmp_path / "m.xlsx") as src, \
            zipfile.ZipFile(tmp_path / "t.xlsx", "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/charts/chart1.xml":
                assert b"<v>999</v>" in data
                data = data.replace(b"<v>999</v>", b"<v>three</v>")
            out.writestr(item, data)
    (tmp_path / "m.xlsx").unlink()
    found = _findings(tmp_path / "t.xlsx")
    assert ("SDC605", "review", "Sheet", None, "chart cache: xl/charts/chart1.xml: series "
            "'Deaths' caches values that are not numbers") in found


def test_series_on_other_categories_make_their_own_table() -> None:
    part = (b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            b"<c:chart><c:plotArea><c:barChart>"
            b"<c:ser><c:tx><c:v>Men</c:v></c:tx><c:cat><c:strLit><c:pt idx=\"0\"><c:v>A</c:v>"
            b"</c:pt></c:strLit></c:cat><c:val><c:numLit><c:pt idx=\"0\"><c:v>12</c:v></c:pt>"
            b"</c:numLit></c:val></c:ser>"
            b"<c:ser><c:tx><c:v>Women</c:v></c:tx><c:cat><c:strLit><c:pt idx=\"0\"><c:v>B</c:v>"
            b"</c:pt></c:strLit></c:cat><c:val><c:numLit><c:pt idx=\"0\"><c:v>2</c:v></c:pt>"
            b"</c:numLit></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>")
    assert cache_tables(read_chart(part)) == ["Category,Men\r\nA,12\r\n",
                                              "Category,Women\r\nB,2\r\n"]


def test_a_reference_names_its_sheet_and_cells() -> None:
    assert reference_cells("'Deaths ''23'!$B$2:$C$3") == (
        "Deaths '23", [(2, 2), (2, 3), (3, 2), (3, 3)])
    assert reference_cells("Sheet1!A1") == ("Sheet1", [(1, 1)])
    assert reference_cells("(Sheet1!A1,Sheet1!A3)") is None


def test_a_cache_that_is_its_cells_is_not_read_again(tmp_path: Path) -> None:
    """Excel's own cache of an unchanged workbook shows nothing the checked cells do not."""
    _workbook(tmp_path / "same.xlsx", ["30", "40", "25"])
    _workbook(tmp_path / "other.xlsx", ["30", "40", "26"])
    sheets = {}
    for name in ("same", "other"):
        result = runner.invoke(app, ["check", str(tmp_path / f"{name}.xlsx"), "--format",
                                     "json"])
        sheets[name] = [o["sheet"] for o in json.loads(result.stdout)["outputs"]]
    assert sheets == {"same": ["Sheet"], "other": ["Sheet", CACHE]}
