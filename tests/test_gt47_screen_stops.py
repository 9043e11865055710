"""The row-level screen's stops (``xlsx_reader._SCREEN_STOPS``; round 47, gt47).

The screen (``sdc.readers.xlsx_screen``) reads a large one-sheet workbook's values only, and
must decline where the sheet holds what the full path reads cell by cell: a formula, a merged
range, a hidden row or column. Its formula stop spelt a namespace prefix in ASCII, and its
hidden stop knew only ``1`` and ``true``; openpyxl reads a formula under any prefix (by its
namespace) and a ``hidden`` of any text but ``false``, ``f``, ``0`` and an empty one as true.

What a miss costs: the screen only ever *fails* a sheet (row-level data), so a missed stop
never gave a ``pass`` (asserted below: the workbook is ``fail`` both ways), but the sheet's
formula or hidden row went unreported (SDC605). Now the screen declines and the full path's
findings are given, exactly.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

import sdc
from sdc.policy import build_policy
from sdc.readers.xlsx_reader import _SCREEN_STOPS, scan_sheet
from sdc.results import Status
from tests.test_row_screen import small_chunks  # noqa: F401 (autouse: its chunks here too)
from tests.test_xlsx_screen import OFF, SMALL, _cohort, _found, _screened

SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _edited(path: Path, edit: Callable[[bytes], bytes]) -> None:
    """The sheet's XML rewritten by ``edit`` (what openpyxl does not write)."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, edit(data) if info.filename == SHEET else data)


def _prefixed_formula(path: Path) -> None:
    """``D3`` a formula under the non-ASCII prefix ``é`` bound to the sheet's namespace."""
    wb = load_workbook(path)
    wb.active["D3"] = "=D2+1"
    wb.save(path)

    def edit(data: bytes) -> bytes:
        data = data.replace(MAIN, MAIN + b" " + MAIN.replace(b"xmlns", "xmlns:\u00e9".encode()),
                            1)
        return data.replace(b"<f>", "<\u00e9:f>".encode()).replace(
            b"</f>", "</\u00e9:f>".encode())

    _edited(path, edit)
    assert "<\u00e9:f>".encode() in zipfile.ZipFile(path).read(SHEET)
    assert load_workbook(path).active["D3"].value == "=D2+1"  # openpyxl reads it so


def _hidden_as(text: str) -> Callable[[Path], None]:
    """Row 9 hidden, its attribute's text ``text`` (openpyxl writes ``1``)."""
    def change(path: Path) -> None:
        wb = load_workbook(path)
        wb.active.row_dimensions[9].hidden = True
        wb.save(path)
        _edited(path, lambda data: data.replace(b'hidden="1"', f'hidden="{text}"'.encode()))
        assert f'hidden="{text}"'.encode() in zipfile.ZipFile(path).read(SHEET)
        assert load_workbook(path).active.row_dimensions[9].hidden  # openpyxl reads it so
    change.__name__ = f"hidden_{text}"
    return change


@pytest.mark.parametrize("change", [
    _prefixed_formula, _hidden_as("True"), _hidden_as("&#49;"), _hidden_as(" 1"),
], ids=lambda f: f.__name__.strip("_"))
def test_the_screen_declines_what_openpyxl_reads_cell_by_cell(tmp_path: Path,
                                                              change: Callable) -> None:
    """base47: the screen fired (its findings lack the formula's or hidden row's SDC605),
    though the workbook was ``fail`` there too; now the full path reads it."""
    _cohort(60).to_excel(path := tmp_path / "w.xlsx", index=False)
    assert _screened(path, SMALL)
    change(path)
    assert not _screened(path, SMALL)
    screened, full = sdc.check(path, build_policy(SMALL)), sdc.check(path, build_policy(OFF))
    assert _found(screened) == _found(full)
    assert screened.status is full.status is Status.FAIL
    assert {(f.rule, f.location.cell) for f in full.findings if f.rule == "SDC605"} == (
        {("SDC605", "D3")} if change is _prefixed_formula else {("SDC605", "A9")})


def test_a_false_hidden_is_no_stop(tmp_path: Path) -> None:
    """The twin: ``hidden="0"`` (openpyxl: not hidden) leaves the screen to fire, with the
    plain sheet's findings."""
    _cohort(60).to_excel(path := tmp_path / "w.xlsx", index=False)
    plain = _found(sdc.check(path, build_policy(SMALL)))
    wb = load_workbook(path)
    wb.active.row_dimensions[9].height = 20  # a row element with attributes of its own
    wb.save(path)
    _edited(path, lambda data: data.replace(b'<row r="9"', b'<row r="9" hidden="0"'))
    assert not load_workbook(path).active.row_dimensions[9].hidden
    assert _screened(path, SMALL)
    assert _found(sdc.check(path, build_policy(SMALL))) == plain


@pytest.mark.parametrize(("xml", "plain"), [
    (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
     True),
    (b'<c><f>B1</f></c>', False),
    (b'<x:c><x:f>B1</x:f></x:c>', False),
    ('<\u00e9:c><\u00e9:f>B1</\u00e9:f></\u00e9:c>'.encode(), False),
    ('<a\u00e9:mergeCell ref="A1:B1"/>'.encode(), False),
    ('<_\u4e2d.x-1:f/>'.encode(), False),
    (b'<worksheet><fx/><x:fx/></worksheet>', True),
    (b'<row r="2" hidden="1">', False),
    (b"<row r='2' hidden='true'>", False),
    (b'<row r="2" hidden="True">', False),
    (b'<col min="1" max="1" hidden = "&#49;"/>', False),
    (b'<row r="2" hidden="0">', True),
    (b'<row r="2" hidden="false">', True),
    (b'<row r="2" hidden="">', True),
])
def test_the_stops(xml: bytes, plain: bool) -> None:
    assert (not any(p.search(xml) for p in _SCREEN_STOPS)) == plain
    from io import BytesIO

    assert scan_sheet(BytesIO(xml), 1000, plain=True).plain is plain
