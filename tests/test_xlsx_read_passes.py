"""The XLSX read's cheaper passes (round 46, issue 14 §3) find exactly what the former ones did.

Two cuts are held here: a sheet whose bytes hold no ``f`` element and no merged range has its
formulas read off the values' load (``SheetScan.no_formulas``) instead of a second parse; and
a sheet's XML is parsed with the C parser (openpyxl's load and the package walk) unless a
``<!DOCTYPE`` may be in it (``xml_stream.Watched``), when it is read again with defusedxml.
Each workbook below is read both ways — as now, and with both cuts turned off (the former
read) — and the outputs must be equal; the smuggling checks' findings are also given exactly.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from sdc.policy import build_policy
from sdc.readers import read_output, xlsx_reader, xml_stream
from sdc.readers.xlsx_reader import scan_sheet
from sdc.readers.xml_stream import Unwatched, Watched, openpyxl_watched

SHEET = "xl/worksheets/sheet1.xml"


def _summary(path: Path) -> list[tuple[Any, ...]]:
    """Every output of the workbook: its sheet, kind, why unreadable, what it hides (what,
    cell, detail), its cells as read (text, hidden) and its text parts."""
    found = []
    for out in read_output(path, path.name, build_policy({})):
        grid = [[(c.raw, c.hidden) for c in row] for row in out.table.grid] \
            if out.table is not None else None
        found.append((out.path, out.sheet, out.kind, out.unreadable, out.too_large,
                      [(h.what, h.cell, h.detail) for h in out.hidden], grid,
                      [(t.name, t.text, t.words_only) for t in out.text]))
    return found


def _former(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both cuts off: every sheet's formulas parsed, every sheet read by defusedxml (and
    round 47's one pass over plain cells off: ``tests/test_xlsx_plain.py``)."""
    monkeypatch.setattr(xlsx_reader, "_FORMULA_OR_MERGE", re.compile(rb""))
    monkeypatch.setattr(xlsx_reader, "plain_sheet", lambda data: None)
    monkeypatch.setattr("sdc.readers.xlsx_package.plain_sheet", lambda data: None)

    def refuse(self: Watched, size: int = -1) -> bytes:
        raise Unwatched("the former read")

    monkeypatch.setattr(xml_stream.Watched, "read", refuse)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    now = _summary(path)
    with monkeypatch.context() as m:
        _former(m)
        before = _summary(path)
    assert now == before
    return now


def _hidden(summary: list[tuple[Any, ...]]) -> list[tuple[str | None, str, str | None]]:
    return [(sheet, what, cell) for _p, sheet, *_k, hidden, _g, _t in summary
            for what, cell, _d in hidden]


def _long(rows: int = 60) -> pd.DataFrame:
    return pd.DataFrame({"region": [f"R{i % 7}" for i in range(rows)],
                         "year": [2016 + i % 5 for i in range(rows)],
                         "n": [40 + i for i in range(rows)]})


def _rewritten(path: Path, out: Path, edit: Any) -> None:
    """``path`` with its first sheet's XML passed through ``edit`` (bytes to bytes)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, edit(data) if item.filename == SHEET else data)


# --- the byte scan ---------------------------------------------------------------------

@pytest.mark.parametrize(("xml", "free"), [
    (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
     True),
    (b'<worksheet><sheetData><row r="1"><c r="A1"><f>B1</f><v>1</v></c></row>'
     b'</sheetData></worksheet>', False),
    (b'<x:worksheet><x:sheetData><x:row><x:c><x:f>B1</x:f></x:c></x:row></x:sheetData>'
     b'</x:worksheet>', False),
    ('<\u00e9:worksheet><\u00e9:c><\u00e9:f>B1</\u00e9:f></\u00e9:c></\u00e9:worksheet>'
     .encode(), False),  # a non-ASCII prefix
    (b'<worksheet><f/></worksheet>', False),
    (b'<worksheet><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>', False),
    (b'<worksheet><c t="inlineStr"><is><t>a:f b</t></is></c></worksheet>', False),  # unsure
    (b'<worksheet><sheetData><row><c><v>1</v></c></row></sheetData><fx/></worksheet>', True),
])
def test_the_scan_proves_no_formula_or_merge_only_when_no_byte_could_start_one(
        xml: bytes, free: bool) -> None:
    assert scan_sheet(io.BytesIO(xml), 100).no_formulas is free


def test_a_scan_stopped_at_the_row_limit_proves_nothing() -> None:
    xml = b"<worksheet><sheetData>" + b'<row><c><v>1</v></c></row>' * 5 + b"</sheetData>"
    assert scan_sheet(io.BytesIO(xml), 2).no_formulas is False
    assert scan_sheet(io.BytesIO(xml), 9).no_formulas is True


# --- the watched stream ------------------------------------------------------------------

class _Chunks(io.RawIOBase):
    """A stream that gives at most ``size`` bytes a read (a DOCTYPE split over reads)."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data, self._size, self._at = data, size, 0

    def read(self, n: int = -1) -> bytes:  # type: ignore[override]
        piece = self._data[self._at:self._at + self._size]
        self._at += len(piece)
        return piece


@pytest.mark.parametrize("size", [1, 3, 5, 8, 16 * 1024])
def test_a_doctype_is_seen_however_the_reads_split_it(size: int) -> None:
    xml = b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY e "x">]><w>&e;</w>'
    with pytest.raises(Unwatched):
        list(xml_stream.iterparse(Watched(_Chunks(xml, size)), ("end",)))  # type: ignore[arg-type]


def test_markup_not_in_ascii_bytes_is_not_watched() -> None:
    xml = '<?xml version="1.0" encoding="UTF-16"?><w/>'.encode("utf-16")
    with pytest.raises(Unwatched):
        Watched(io.BytesIO(xml)).read(100)
    ebcdic = b'<?xml version="1.0" encoding="cp500"?>' + "<w/>".encode("cp500")
    with pytest.raises(Unwatched):
        Watched(io.BytesIO(ebcdic)).read(100)


def test_a_plain_part_parses_alike_both_ways() -> None:
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w xmlns="u"><a k="1">t&amp;&#51;</a>'
           b"<!-- c --><b><![CDATA[<x>]]></b></w>")
    watched = [(e, el.tag, el.text) for e, el in
               xml_stream.iterparse(Watched(io.BytesIO(xml)), ("start", "end"))]
    defused = [(e, el.tag, el.text) for e, el in
               xml_stream.iterparse(io.BytesIO(xml), ("start", "end"))]
    assert watched == defused
    assert ("end", "{u}a", "t&3") in watched


def test_openpyxls_parser_is_put_back_however_the_block_ends() -> None:
    from openpyxl.worksheet import _reader

    before = _reader.iterparse
    with pytest.raises(RuntimeError), openpyxl_watched():
        assert _reader.iterparse is not before
        raise RuntimeError
    assert _reader.iterparse is before


# --- workbooks read both ways: equal, with exact findings ------------------------------

def test_pandas_long_table_reads_as_before(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pd.xlsx"
    _long().to_excel(path, index=False)
    summary = _both(path, monkeypatch)
    assert _hidden(summary) == []
    assert summary[0][6][1] == [("R0", False), ("2016", False), ("40", False)]


def _smuggling_book(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "counts"
    ws.append(["region", "year", "n"])
    for i in range(30):
        ws.append([f"R{i % 7}", 2016 + i % 5, 40 + i])
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws["D2"] = "=C2+C3"
    ws["D3"] = "=SUM(C2:C4)"
    ws["B7"].comment = Comment("note 17", "me")
    hidden = wb.create_sheet("hid")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "secret"
    hidden["A2"] = 3
    wb.defined_names["k"] = DefinedName("k", attr_text="42")
    wb.save(path)


def test_openpyxl_book_with_everything_hidden_reads_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ex.xlsx"
    _smuggling_book(path)
    hidden = _hidden(_both(path, monkeypatch))
    assert ("counts", "hidden row", "A5") in hidden
    assert ("counts", "hidden column", "C1") in hidden
    assert ("counts", "formula", "D2") in hidden
    assert ("counts", "comment", "B7") in hidden
    assert ("hid", "hidden sheet", None) in hidden
    assert ("counts", "defined name", None) in hidden
    assert hidden == [("counts", "hidden row", "A5"), ("counts", "hidden column", "C1"),
                      ("counts", "formula", "D2"), ("counts", "comment", "B7"),
                      ("counts", "defined name", None), ("hid", "hidden sheet", None)]


def test_a_text_starting_equals_is_a_formula_without_an_f_element(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "eq.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "year", "n", "note"])
    for i in range(20):
        ws.append([f"R{i % 7}", 2016 + i % 5, 40 + i])
    ws["D6"] = "=C6*2"
    ws["D6"].data_type = "s"  # written as a shared string: no <f> in the sheet
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert b"<f>" not in zf.read(SHEET)
        assert scan_sheet(zf.open(SHEET), 1000).no_formulas
    hidden = _both(path, monkeypatch)[0][5]
    assert [(w, c) for w, c, _ in hidden] == [("formula", "D6")]
    assert "1 formula cell(s)" in hidden[0][2]


def test_a_formula_under_a_non_ascii_prefix_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "p.xlsx"
    wb = Workbook()
    wb.active.append(["area", "n"])
    wb.active.append(["North", 40])
    wb.active["B3"] = "=B2*2"
    wb.save(plain)
    path = tmp_path / "prefix.xlsx"
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    def prefixed(data: bytes) -> bytes:
        data = data.replace(main, main + b" " + main.replace(b"xmlns", "xmlns:\u00e9".encode()))
        return data.replace(b"<f>", "<\u00e9:f>".encode()).replace(b"</f>", "</\u00e9:f>".encode())

    _rewritten(plain, path, prefixed)
    assert "\u00e9:f".encode() in zipfile.ZipFile(path).read(SHEET)
    assert load_workbook(path).active["B3"].value == "=B2*2"  # openpyxl reads it so
    hidden = _both(path, monkeypatch)[0][5]
    assert [(w, c) for w, c, _ in hidden] == [("formula", "B3")]


def test_a_text_starting_equals_under_a_merged_range_is_found_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "merge.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["area", "n", "m"])
    ws.append(["North", 40, 41])
    ws.append(["South", 50, "=B3"])
    ws.merge_cells("B3:C3")  # openpyxl's values load drops C3; the parse of the sheet has it
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert not scan_sheet(zf.open(SHEET), 100).no_formulas
    _both(path, monkeypatch)


@pytest.mark.parametrize("where", ["prolog", "comment"])
def test_a_sheet_with_a_doctype_is_read_by_defusedxml_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    plain = tmp_path / "plain.xlsx"
    _smuggling_book(plain)
    path = tmp_path / "doctype.xlsx"

    def with_doctype(data: bytes) -> bytes:
        if where == "prolog":  # a declaration without entities: defusedxml reads it
            return data.replace(b"<worksheet", b"<!DOCTYPE worksheet>\n<worksheet", 1)
        return data.replace(b"</worksheet>", b"<!-- <!DOCTYPE x> --></worksheet>")

    _rewritten(plain, path, with_doctype)
    calls = []
    real = xml_stream.read_part

    def counted(zf: zipfile.ZipFile, name: str, read: Any) -> Any:
        calls.append(name)
        return real(zf, name, read)

    monkeypatch.setattr("sdc.readers.xlsx_package.read_part", counted)
    summary = _both(path, monkeypatch)
    assert SHEET in calls
    with zipfile.ZipFile(path) as zf, zf.open(SHEET) as fh, pytest.raises(Unwatched):
        while Watched(fh).read(1 << 14):
            pass
    plain_summary = _summary(plain)
    assert _hidden(summary) == _hidden(plain_summary)
    assert summary[0][6] == plain_summary[0][6]


def test_a_sheet_declaring_an_entity_is_refused_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain.xlsx"
    _long(10).to_excel(plain, index=False)
    path = tmp_path / "entity.xlsx"
    _rewritten(plain, path, lambda d: d.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY big "12345">]>\n<worksheet', 1))
    summary = _both(path, monkeypatch)
    assert summary[0][3] is not None  # not read: as defusedxml refused it before


def test_a_cells_style_is_read_once_per_format_and_alignment_as_openpyxl_gives_it(
        tmp_path: Path) -> None:
    from openpyxl.styles import Alignment

    path = tmp_path / "styles.xlsx"
    wb = Workbook()
    ws = wb.active
    formats = ["General", "0%", '0" cases"', "0.0", '[$3-809]0']
    for r in range(1, 31):
        for c in range(1, 5):
            cell = ws.cell(r, c, f"label {r}" if c == 1 else r * c)
            cell.number_format = formats[(r + c) % len(formats)]
            cell.alignment = Alignment(indent=(r * c) % 4)
    wb.save(path)
    sheet = load_workbook(path).active
    styles = xlsx_reader._CellStyles()
    for row in sheet.iter_rows():
        for cell in row:
            assert styles.of(cell) == (cell.number_format or "",
                                       xlsx_reader._shown_indent(cell))
    assert len(styles._seen) <= len(formats) * 4


def test_a_process_forked_inside_the_block_gets_openpyxls_parser_and_a_free_lock() -> None:
    import os
    import threading

    from openpyxl.worksheet import _reader
    from openpyxl.xml import functions

    result: list[int] = []

    def fork() -> None:
        pid = os.fork()
        if pid == 0:  # the child: the parser put back, the lock takeable
            ok = _reader.iterparse is functions.iterparse and \
                xml_stream._SWAPPED.acquire(timeout=5)
            os._exit(0 if ok else 1)
        result.append(os.waitpid(pid, 0)[1])

    with openpyxl_watched():
        assert _reader.iterparse is not functions.iterparse
        thread = threading.Thread(target=fork)
        thread.start()
        thread.join()
    assert result == [0]
