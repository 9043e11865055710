"""A workbook's formulas are streamed from a read-only workbook, not read from a second whole
workbook of cells (issue 12 channel 12: that second load was half a workbook's read memory),
and are exactly the whole workbook's: plain, shared and array formulas, a text cell starting
with "=", a cell written twice (the last stands) and a row out of order (never skipped)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from sdc.readers.xlsx_reader import _formula_cells, _loaded_formula_cells


def _plain(formulas: dict) -> dict:
    """The formulas as texts (an array formula's is its text since round 25: no address)."""
    return {at: re.sub(r" at 0x[0-9a-f]+", "", text) for at, text in formulas.items()}


def _both(path: Path, n_rows: int = 20, n_cols: int = 6) -> tuple[dict, dict]:
    whole = load_workbook(path, data_only=False)
    with path.open("rb") as fh:
        streamed = load_workbook(fh, read_only=True, data_only=False)
        try:
            got = _formula_cells(streamed[whole.worksheets[0].title], n_rows, n_cols)
        finally:
            streamed.close()
    want = _loaded_formula_cells(whole.worksheets[0], n_rows, n_cols)
    return _plain(got), _plain(want)


def test_streamed_formulas_are_the_whole_workbooks(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for r in range(1, 8):
        ws.cell(r, 1, r * 10)
        ws.cell(r, 2, f"=A{r}*2")
    ws["C1"] = "=not a formula, a text"
    ws["C2"].value = "plain"
    ws["D1"] = ArrayFormula("D1:D3", "=A1:A3*3")
    ws["E9"] = "=SUM(A1:A7)"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    got, want = _both(path)
    assert got == want
    assert list(got) == list(want)  # in row order
    assert (1, 2) in got and (9, 5) in got and (1, 4) in got and (1, 3) in got
    assert (2, 3) not in got
    # a sheet smaller than the cells: only those inside are formulas
    got_small, want_small = _both(path, n_rows=3, n_cols=2)
    assert got_small == want_small == {(r, 2): f"=A{r}*2" for r in range(1, 4)}


def _rewritten(path: Path, out: Path, sheet_xml: bytes) -> None:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            dst.writestr(item, data)


def test_a_cell_twice_and_a_row_out_of_order_read_as_the_whole_workbook(tmp_path: Path
                                                                        ) -> None:
    wb = Workbook()
    wb.active["A1"] = 1
    path = tmp_path / "base.xlsx"
    wb.save(path)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = (
        '<row r="3"><c r="A3"><f>1+1</f><v>2</v></c><c r="B3"><v>5</v></c></row>'
        '<row r="1"><c r="A1"><f>2+2</f><v>4</v></c></row>'  # out of order
        '<row r="3"><c r="B3"><f>3+3</f><v>6</v></c><c r="A3"><v>7</v></c></row>'  # twice
    )
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">'
           f"<sheetData>{rows}</sheetData></worksheet>").encode()
    crafted = tmp_path / "crafted.xlsx"
    _rewritten(path, crafted, xml)
    got, want = _both(crafted, n_rows=3, n_cols=2)
    assert got == want == {(1, 1): "=2+2", (3, 2): "=3+3"}


def test_a_workbook_with_formulas_is_flagged_as_before(tmp_path: Path) -> None:
    """Through the reader: the formula item and the formula text of an uncached cell."""
    from sdc.policy import build_policy
    from sdc.readers import read_output

    wb = Workbook()
    ws = wb.active
    ws.append(["group", "n"])
    for k in range(6):
        ws.append([f"g{k}", 20 + k])
    ws.append(["total", "=SUM(B2:B7)"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "t.xlsx"
    path.write_bytes(buf.getvalue())
    out = read_output(path, path.name, build_policy({}))[0]
    formulas = [h for h in out.hidden if h.what == "formula"]
    assert len(formulas) == 1 and formulas[0].cell == "B8"
    assert "1 formula cell(s)" in formulas[0].detail
