"""Issue 12: bytes a parser drops before any rule sees them (tried from the outside).

- XLSX cell data openpyxl does not show: a second cell at the same place (openpyxl keeps the
  last), values under a merged range, a boolean holding other digits, phonetic guides
  (``<rPh>``) of a string, and string literals in formulas.
- HTML after ``</html>``: lxml stops there and drops the rest (a whole second table), while a
  browser shows it; a DOCTYPE's identifiers.

Each attack is written on disk (openpyxl's own workbook with its sheet XML edited, the HTML
pandas writes) and checked with the CLI; a pandas/openpyxl workbook with merged headers,
dates, booleans and formulas stays clean.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.test_smuggling_files import findings, run_check

NHS = "9434765919"  # passes the modulus-11 check
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, edit: Callable[[str], str]) -> None:
    """A workbook openpyxl writes (grp/n, three rows), its first sheet's XML edited."""
    wb = openpyxl.Workbook()
    for row in (["grp", "n"], ["a", 12], ["b", 25], ["c", 30]):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == SHEET:
                edited = edit(data.decode())
                assert edited != data.decode()
                data = edited.encode()
            dst.writestr(info, data)


def _messages(report: dict) -> list[str]:
    return [f["message"] for o in report["outputs"] for f in o["findings"]]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _second_cell(xml: str) -> str:  # the first B2 is dropped: openpyxl keeps the last
    return xml.replace('<c r="B2"', _inline("B2", NHS) + '<c r="B2"', 1)


def _under_merge(xml: str) -> str:
    row = f'<row r="6">{_inline("A6", "note")}{_inline("B6", NHS)}<c r="C6"><v>3</v></c></row>'
    return xml.replace("</sheetData>", row + "</sheetData>").replace(
        "<pageMargins", '<mergeCells count="1"><mergeCell ref="A6:C6"/></mergeCells><pageMargins')


def _boolean(xml: str) -> str:  # shown as TRUE, holds the number
    return xml.replace("</sheetData>", f'<row r="6"><c r="A6" t="b"><v>{NHS}</v></c></row>'
                       "</sheetData>")


def _phonetic(xml: str) -> str:
    return xml.replace("<t>a</t></is>", f'<t>a</t><rPh sb="0" eb="1"><t>{NHS}</t></rPh></is>', 1)


def _formula(xml: str) -> str:  # the cached value is 12; the formula holds the number
    return re.sub(r'<c r="B2"[^>]*><v>12</v></c>',
                  f'<c r="B2"><f>IF(FALSE,"{NHS}",12)</f><v>12</v></c>', xml)


@pytest.mark.parametrize("edit", [_second_cell, _under_merge, _boolean, _phonetic],
                         ids=["second cell", "under merge", "boolean", "phonetic"])
def test_cell_data_no_cell_shows_is_flagged_and_checked(tmp_path: Path,
                                                        edit: Callable[[str], str]) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    _workbook(folder / "t.xlsx", edit)
    report = run_check(folder)
    found = findings(report, {"SDC604", "SDC605"})
    assert ("SDC605", "t.xlsx[Sheet]", None) in found  # the sheet's data hides cells
    # the NHS number is found among the package's text (the workbook unedited has none)
    assert any(rule == "SDC604" and where == "t.xlsx[package]" for rule, where, _ in found)
    assert any("cell data not shown: xl/worksheets/sheet1.xml" in m for m in _messages(report))


def test_the_workbook_unedited_has_no_finding(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    _workbook(folder / "t.xlsx", lambda xml: xml + " ")
    assert findings(run_check(folder)) == set()


def test_formula_text_is_searched(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    _workbook(folder / "t.xlsx", _formula)
    found = findings(run_check(folder), {"SDC604", "SDC605"})
    assert any(rule == "SDC604" and where == "t.xlsx[package]" for rule, where, _ in found)
    assert ("SDC605", "t.xlsx[Sheet]", "B2") in found  # the formula, flagged as before


def test_pandas_workbook_with_merges_dates_and_booleans_stays_clean(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    index = pd.MultiIndex.from_product([["North", "South"], ["F", "M"]], names=["region", "sex"])
    frame = pd.DataFrame({"n": [40, 55, 38, 61], "share": [0.25, 0.5, 0.125, 0.125],
                          "first": [dt.date(2024, 1, d) for d in (1, 2, 3, 4)],
                          "complete": [True, False, True, True]}, index=index)
    frame.to_excel(folder / "t.xlsx")  # writes the region labels as merged cells
    with zipfile.ZipFile(folder / "t.xlsx") as zf:
        assert b"mergeCell " in zf.read(SHEET)
    report = run_check(folder)
    assert not any(where.endswith("[package]") for _, where, _ in findings(report))
    assert not any("cell data" in m for m in _messages(report))


TABLE = ("<table><tr><th>grp</th><th>n</th></tr><tr><td>a</td><td>12</td></tr>"
         "<tr><td>b</td><td>25</td></tr></table>")
SMALL = ("<table><tr><th>grp</th><th>n</th></tr><tr><td>a</td><td>3</td></tr>"
         "<tr><td>b</td><td>25</td></tr></table>")


def _html(tmp_path: Path, page: str) -> dict:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.html").write_text(page, encoding="utf-8")
    return run_check(folder)


def test_a_second_page_after_the_end_of_html_is_read(tmp_path: Path) -> None:
    report = _html(tmp_path, f"<html><body>{TABLE}</body></html>"
                             f"<html><body>{SMALL}</body></html>")
    found = findings(report)
    assert ("SDC101", "t.html", "B2") in {(r, w.split("[")[0], c) for r, w, c in found}
    assert any("content after </html>" in m for m in _messages(report))


def test_text_after_the_end_and_doctype_ids_are_searched(tmp_path: Path) -> None:
    report = _html(tmp_path, f"<!DOCTYPE html SYSTEM 'x{NHS}.dtd'><html><body>{TABLE}</body>"
                             f"</html>\n<p>{NHS}</p>")
    assert {r for r, _, _ in findings(report)} >= {"SDC604", "SDC605"}


def test_pandas_html_page_stays_clean(tmp_path: Path) -> None:
    frame = pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]})
    page = f"<!DOCTYPE html>\n<html><body>{frame.to_html(index=False)}</body></html>\n"
    report = _html(tmp_path, page)
    assert findings(report) == set()


def _json(tmp_path: Path, text: str) -> dict:
    folder = tmp_path / "req"
    folder.mkdir(parents=True)
    (folder / "t.json").write_text(text, encoding="utf-8")
    return run_check(folder)


def test_a_json_key_given_twice_keeps_its_dropped_value_checked(tmp_path: Path) -> None:
    """``json`` keeps the last of two values of one key: the first (a small count, an NHS
    number) was never read."""
    report = _json(tmp_path, '[{"grp": "a", "n": 3, "n": 30}, {"grp": "b", "n": 25}]')
    assert any("duplicate key: 1 value(s) of keys given twice in one object (first 'n')" in m
               for m in _messages(report))
    assert report["status"] == "review"  # the dropped 3 is named for a person (SDC602)
    report = _json(tmp_path / "2", f'{{"note": "{NHS}", "note": "ok"}}')
    assert "SDC604" in {r for r, _, _ in findings(report)}


def test_acro_results_with_a_key_given_twice_are_not_taken_for_acros(tmp_path: Path) -> None:
    from sdc.readers.documents.json_tables import DuplicateKeys, strict_loads

    with pytest.raises(DuplicateKeys):
        strict_loads('{"version": "1", "version": "2"}')
    assert strict_loads('{"version": "1"}') == {"version": "1"}


def _summary() -> list[str]:
    import numpy as np
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    x = sm.add_constant(rng.normal(size=(200, 2)))
    y = x @ [1, 2, 3] + rng.normal(size=200)
    return str(sm.OLS(y, x).fit().summary()).split("\n")


@pytest.mark.parametrize("where", ["coefficient row", "method"])
def test_an_nhs_number_inside_a_model_summarys_blocks_is_found(tmp_path: Path,
                                                               where: str) -> None:
    """One number too many on a coefficient row, or a named fact's value: the lines still
    parse as the summary's blocks, so only the identifier check on them finds it."""
    lines = _summary()
    if where == "coefficient row":
        i = next(k for k, line in enumerate(lines) if line.startswith("x1"))
        lines[i] += f"   {NHS}"
    else:
        i = next(k for k, line in enumerate(lines) if "Method:" in line)
        lines[i] = re.sub(r"Method:(\s+)Least Squares", rf"Method:\g<1>{NHS}   ", lines[i])
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "model.txt").write_text("\n".join(lines), encoding="utf-8")
    found = findings(run_check(folder))
    assert {(r, w) for r, w, _ in found} == {("SDC604", "model.txt[text]")}
    (folder / "model.txt").write_text("\n".join(_summary()), encoding="utf-8")
    assert findings(run_check(folder)) == set()  # the summary as statsmodels wrote it


SMALL_SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>grp</t></is></c>'
               '<c r="B1" t="inlineStr"><is><t>n</t></is></c></row>'
               '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2"><v>3</v></c>'
               '</row><row r="3"><c r="A3" t="inlineStr"><is><t>b</t></is></c><c r="B3">'
               '<v>25</v></c></row></sheetData></worksheet>')


@pytest.mark.parametrize("member", ["xl/worksheets/sheet9.xml", "xl/macrosheets/sheet1.xml"])
def test_a_sheet_openpyxl_does_not_read_is_flagged_and_read(tmp_path: Path, member: str) -> None:
    """A worksheet part the workbook does not list (or a macro sheet) travels with the file,
    but openpyxl never opens it: its small count passed."""
    folder = tmp_path / "req"
    folder.mkdir()
    _workbook(folder / "t.xlsx", lambda xml: xml + " ")
    with zipfile.ZipFile(folder / "t.xlsx", "a") as zf:
        zf.writestr(member, SMALL_SHEET)
    report = run_check(folder)
    found = findings(report)
    assert ("SDC101", f"t.xlsx[{member} (a sheet openpyxl does not read)]", "B2") in found
    assert any(m.startswith("extra file: a file that is not part of a workbook") and member in m
               for m in _messages(report))


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "TIFF", "WEBP"])
def test_a_second_frame_of_an_image_is_flagged(tmp_path: Path, fmt: str) -> None:
    """An animated PNG/GIF/WebP or a multi-page TIFF: a viewer may show only the first frame,
    and a table drawn in the second passed wherever raster charts pass."""
    from PIL import Image

    folder = tmp_path / "req"
    folder.mkdir()
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("white", "navy")]
    path = folder / f"fig.{fmt.lower()}"
    frames[0].save(path, format=fmt, save_all=True, append_images=frames[1:])
    assert any(m.startswith("more frames: 2 frames or pages") for m in _messages(
        run_check(folder)))
    frames[0].save(path, format=fmt)  # one frame: nothing to say
    assert not any(m.startswith("more frames") for m in _messages(run_check(folder)))


def test_default_excludes_skip_nothing_in_a_release_request(tmp_path: Path) -> None:
    """``sdc check`` skips node_modules/, __pycache__/... by default (repositories); in a
    release request every file leaves through ``sdc release``, so none is skipped unless the
    checker's own patterns say so."""
    folder = tmp_path / "req"
    (folder / "node_modules").mkdir(parents=True)
    (folder / "node_modules" / "p.csv").write_text(f"nhs,age\n{NHS},30\n{NHS},31\n")
    (folder / "t.csv").write_text("grp,n\na,12\nb,25\n")
    assert run_check(folder)["status"] == "pass"  # a plain folder: skipped, and listed
    (folder / "request.toml").write_text("")
    found = findings(run_check(folder))
    assert ("SDC604", "node_modules/p.csv", "A2") in found
    assert not any(w == "node_modules/p.csv" for _, w, _ in findings(run_check(
        folder, "--extend-exclude", "node_modules/")))


@pytest.mark.parametrize("fmt", ['"3"', "\\3", '[<100]"3";0'])
def test_a_number_format_that_shows_its_own_digits_is_flagged(tmp_path: Path, fmt: str) -> None:
    """30 formatted '"3"' shows 3 in Excel: the count a reader sees is not the one checked."""
    folder = tmp_path / "req"
    folder.mkdir()
    wb = openpyxl.Workbook()
    for row in (["grp", "n"], ["a", 30], ["b", 25], ["c", 30]):
        wb.active.append(row)
    wb.active["B2"].number_format = fmt
    wb.save(folder / "t.xlsx")
    report = run_check(folder)
    assert findings(report) == {("SDC605", "t.xlsx[Sheet]", "B2")}
    assert report["status"] == "review"


def test_a_conditional_number_format_that_shows_its_own_digits_is_flagged(tmp_path: Path) -> None:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import numbers
    from openpyxl.styles.differential import DifferentialStyle

    folder = tmp_path / "req"
    folder.mkdir()
    wb = openpyxl.Workbook()
    for row in (["grp", "n"], ["a", 30], ["b", 25], ["c", 30]):
        wb.active.append(row)
    dxf = DifferentialStyle(numFmt=numbers.NumberFormat(numFmtId=200, formatCode='"3"'))
    wb.active.conditional_formatting.add("B2", Rule(type="cellIs", operator="lessThan",
                                                     formula=["100"], dxf=dxf))
    wb.save(folder / "t.xlsx")
    report = run_check(folder)
    assert findings(report) == {("SDC605", "t.xlsx[Sheet]", None)}
    assert any("a conditional format's number format" in m for m in _messages(report))


def test_css_that_writes_text_into_a_page_is_flagged(tmp_path: Path) -> None:
    """``td.n::after { content: "3" }`` shows a count no cell holds."""
    report = _html(tmp_path, "<html><head><style>td.n::after { content: '3' }</style></head>"
                             f"<body>{TABLE}</body></html>")
    assert any("generated text: CSS on <style> writes text of its own" in m
               for m in _messages(report))
    assert report["status"] == "review"
