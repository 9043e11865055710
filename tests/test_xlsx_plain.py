"""A plain sheet's cells read in one pass (round 47, issue 14 §3) read exactly as before.

``sdc.readers.xlsx_plain`` reads a sheet's cell data by regex tokens when it is in the plain
form (rows and cells in order, numbers, shared strings, inline texts without markup, simple
formulas), and openpyxl loads the workbook with that cell data cut out; the package walk
parses only the part without it. Every workbook here is read both ways — now, and with the
one pass off (the former read) — and the outputs must be equal (generated workbooks, and
sheets edited byte by byte into forms the one pass must refuse); the one pass is also shown
to be taken, and what it finds is given exactly.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment

from sdc.policy import build_policy
from sdc.readers import read_output, xlsx_package, xlsx_plain, xlsx_reader
from sdc.readers.xlsx_plain import NotPlain, plain_cells, plain_sheet

SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _summary(path: Path) -> list[tuple[Any, ...]]:
    """Every output of the workbook: its sheet, kind, why unreadable, what it hides, its
    cells as read (text, number, marker, hidden) and its text parts."""
    found = []
    for out in read_output(path, path.name, build_policy({})):
        grid = [[(c.raw, c.value, c.marker, c.hidden) for c in row]
                for row in out.table.grid] if out.table is not None else None
        found.append((out.path, out.sheet, out.kind, out.unreadable, out.too_large,
                      [(h.what, h.cell, h.detail) for h in out.hidden], grid,
                      [(t.name, t.text, t.words_only) for t in out.text]))
    return found


def _both(path: Path) -> tuple[list[tuple[Any, ...]], int]:
    """The workbook's summary read now and read as before (equal), and how many of its
    sheets the one pass read."""
    taken: list[str] = []
    books = xlsx_reader._plain_books

    def counted(*args: Any) -> Any:
        found = books(*args)
        taken.extend(found)
        return found

    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_reader, "_plain_books", counted)
        now = _summary(path)
    walks = _walks(path, now)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_reader, "plain_sheet", lambda data: None)
        m.setattr(xlsx_package, "plain_sheet", lambda data: None)
        before = _summary(path)
        assert _walks(path, now) == walks
    assert now == before
    return now, len(taken)


def _walks(path: Path, summary: list[tuple[Any, ...]]) -> list[Any]:
    """The package walk's findings and text parts, given the cells' text the sheets showed
    and given none (every cell's text searched), and given a set missing one text."""
    shown = {text for *_f, grid, _t in summary if grid for row in grid for cell in row
             for text in (cell[0], cell[0].lstrip(" "))}
    found = []
    for strings in (shown, None, set(sorted(shown)[1:])):
        walked = xlsx_package.walk_package(path, strings)
        found.append(([(h.what, h.cell, h.detail) for h in walked.hidden],
                      [(p.name, p.text, p.words_only) for p in walked.parts]))
    return found


def _hidden(summary: list[tuple[Any, ...]]) -> list[tuple[str | None, str, str | None]]:
    return [(sheet, what, cell) for _p, sheet, *_k, hidden, _g, _t in summary
            for what, cell, _d in hidden]


def _rewritten(path: Path, out: Path, edit: Any) -> None:
    """``path`` with its first sheet's XML passed through ``edit`` (bytes to bytes)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, edit(data) if item.filename == SHEET else data)


def _table_book(path: Path, rows: int = 12) -> None:
    """A small long table written by openpyxl (inline strings, numbers)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "year", "n"])
    for i in range(rows):
        ws.append([f"Area {i % 3}", 2016 + i % 4, 40 + i])
    wb.save(path)


# --- generated workbooks: read alike both ways --------------------------------------------

_TEXTS = st.sampled_from(["North", " East", "0-17", "[c]", "x", ".", "=A1*2", "12", "3.5",
                          "é ü", "a&b", "<5", "tab\there", "line\nbreak", "", "  ", "*",
                          "N/A", "1,234", "45%"])
_VALUES = st.one_of(st.none(), st.integers(-10_000, 2_000_000), _TEXTS,
                    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.25, 0.5, 1.0, -0.0, 1e-7, 12345678901234.0]),
                    st.sampled_from([dt.datetime(2020, 1, 31), dt.date(2019, 5, 1)]))
_FORMATS = st.sampled_from(["General", "General", "0%", "0.0%", '0"%"', '0;;;"3"', "0.00",
                            "yyyy-mm-dd", "[$3-809]#,##0"])


@st.composite
def _books(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.integers(1, 7))
    cols = draw(st.integers(1, 4))
    return {
        "cells": draw(st.lists(st.lists(_VALUES, min_size=cols, max_size=cols),
                               min_size=rows, max_size=rows)),
        "formats": draw(st.lists(_FORMATS, min_size=cols, max_size=cols)),
        "indent": draw(st.integers(0, 2)),
        "hidden_row": draw(st.one_of(st.none(), st.integers(1, rows + 1))),
        "hidden_col": draw(st.one_of(st.none(), st.sampled_from("ABCE"))),
        "height": draw(st.one_of(st.none(), st.integers(1, rows))),
        "comment": draw(st.one_of(st.none(), st.tuples(st.integers(1, rows + 2),
                                                       st.integers(1, cols + 1)))),
        "formula": draw(st.one_of(st.none(), st.sampled_from(["=A1+1", "=SUM(A1:B2)",
                                                              '=IF(A1>2,"y","n")']))),
        "extra": draw(st.sampled_from(["", "", "merge", "link", "hidden sheet", "names"])),
        "writer": draw(st.sampled_from(["openpyxl", "xlsxwriter"])),
    }


def _write(spec: dict[str, Any], path: Path) -> None:
    if spec["writer"] == "xlsxwriter":
        _write_xlsxwriter(spec, path)
        return
    wb = Workbook()
    ws = wb.active
    for r, line in enumerate(spec["cells"], start=1):
        for c, value in enumerate(line, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.number_format = spec["formats"][c - 1]
            if c == 1 and spec["indent"]:
                cell.alignment = Alignment(indent=spec["indent"])
    if spec["hidden_row"]:
        ws.row_dimensions[spec["hidden_row"]].hidden = True
    if spec["hidden_col"]:
        ws.column_dimensions[spec["hidden_col"]].hidden = True
    if spec["height"]:
        ws.row_dimensions[spec["height"]].height = 30
    if spec["comment"]:
        ws.cell(row=spec["comment"][0], column=spec["comment"][1]).comment = Comment("7", "me")
    if spec["formula"]:
        ws.cell(row=len(spec["cells"]) + 1, column=1).value = spec["formula"]
    if spec["extra"] == "merge":
        ws.merge_cells("A1:B1")
    elif spec["extra"] == "link":
        ws.cell(row=1, column=1).hyperlink = "https://example.org/12"
    elif spec["extra"] == "hidden sheet":
        other = wb.create_sheet("hid")
        other.sheet_state = "hidden"
        other["A1"] = "secret"
        other["B2"] = 17
    elif spec["extra"] == "names":
        other = wb.create_sheet("two")
        other.append(["a", "b"])
        other.append([1, 2])
    wb.save(path)


def _write_xlsxwriter(spec: dict[str, Any], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    formats = [book.add_format({"num_format": f}) for f in spec["formats"]]
    for r, line in enumerate(spec["cells"]):
        for c, value in enumerate(line):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, value, formats[c])
            elif isinstance(value, str):
                ws.write_string(r, c, value, formats[c])
            elif value is None:
                ws.write_blank(r, c, None, formats[c])
            else:
                ws.write_number(r, c, value, formats[c])
    if spec["hidden_row"]:
        ws.set_row(spec["hidden_row"] - 1, None, None, {"hidden": True})
    if spec["hidden_col"]:
        ws.set_column(f"{spec['hidden_col']}:{spec['hidden_col']}", None, None,
                      {"hidden": True})
    if spec["comment"]:
        ws.write_comment(spec["comment"][0] - 1, spec["comment"][1] - 1, "7")
    if spec["formula"]:
        ws.write_formula(len(spec["cells"]), 0, spec["formula"])
    if spec["extra"] == "merge":
        ws.merge_range("C9:D9", "merged 4")
    book.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=_books())
def test_generated_workbooks_read_alike_with_and_without_the_one_pass(
        tmp_path: Path, spec: dict[str, Any]) -> None:
    path = tmp_path / "g.xlsx"
    _write(spec, path)
    _both(path)


def test_the_generated_workbooks_mostly_take_the_one_pass(tmp_path: Path) -> None:
    """Not a vacuous comparison: most plain books above are read by the one pass."""
    taken = 0
    for i in range(12):
        spec = {"cells": [[f"L{i}", i, 2.5], ["M", None, 7]], "formats": ["General"] * 3,
                "indent": i % 2, "hidden_row": 2 if i % 3 == 0 else None,
                "hidden_col": "B" if i % 4 == 0 else None, "height": 1 if i % 5 == 0 else None,
                "comment": (1, 2) if i % 2 else None, "formula": "=A1+1" if i % 3 else None,
                "extra": "", "writer": ["openpyxl", "xlsxwriter"][i % 2]}
        path = tmp_path / f"m{i}.xlsx"
        _write(spec, path)
        taken += _both(path)[1]
    assert taken == 12


# --- sheets edited into forms the one pass must refuse (each read alike) -----------------

_EDITS: list[tuple[str, Any, bool]] = [
    ("as written", lambda d: d, True),
    ("whitespace between rows", lambda d: d.replace(b"</row>", b"</row>\n  "), True),
    ("a row with spans and a height", lambda d: d.replace(
        b'<row r="2">', b'<row r="2" spans="1:3" ht="30" customHeight="1">'), True),
    ("a hidden row", lambda d: d.replace(b'<row r="3">', b'<row r="3" hidden="1">'), True),
    ("attributes in another order", lambda d: d.replace(
        b'<c r="B2" t="n">', b'<c t="n" r="B2">'), False),
    ("an entity in a text", lambda d: d.replace(b">Area 1<", b">Area&#32;1<"), False),
    ("a carriage return in a text", lambda d: d.replace(b">Area 1<", b">Area\r1<"), False),
    ("rows out of order", lambda d: d.replace(b'<row r="3">', b'<row r="2">', 1)
     .replace(b'<row r="2">', b'<row r="3">', 1), False),
    ("a cell outside its row", lambda d: d.replace(b'<c r="A3"', b'<c r="A4"', 1), False),
    ("a cell given twice", lambda d: d.replace(b'<c r="B2"', b'<c r="A2"', 1), False),
    ("a boolean", lambda d: d.replace(b'<c r="B2" t="n"><v>2016</v>',
                                      b'<c r="B2" t="b"><v>1</v>'), True),  # round 48
    ("a text number in a number cell", lambda d: d.replace(b"<v>2016</v>", b"<v>2016 </v>",
                                                           1), False),
    ("a shared formula", lambda d: d.replace(b'<c r="C2" t="n"><v>40</v>',
                                             b'<c r="C2"><f t="shared" si="0">B2</f><v>1</v>'),
     True),  # round 48: Excel's shared formulas are plain
    ("a row attribute under an undeclared prefix", lambda d: d.replace(
        b'<row r="2">', b'<row r="2" x14ac:dyDescent="0.25">'), False),
    ("a row attribute under a declared prefix", lambda d: d.replace(
        b"<worksheet ", b'<worksheet xmlns:x14ac="urn:x" ').replace(
        b'<row r="2">', b'<row r="2" x14ac:dyDescent="0.25">'), True),
    ("a row attribute given twice", lambda d: d.replace(
        b'<row r="2">', b'<row r="2" ht="3" ht="4">'), False),
    ("another default namespace on the cells", lambda d: d.replace(
        b"<sheetData>", b'<sheetData xmlns="urn:other">'), False),
    ("a prefixed sheetData", lambda d: d.replace(b"sheetData", b"x:sheetData").replace(
        b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main" '), False),
    ("a comment naming sheetData", lambda d: d.replace(
        b"<sheetData>", b"<!-- <sheetData> --><sheetData>"), False),
    ("a doctype", lambda d: d.replace(b"<worksheet ", b"<!DOCTYPE worksheet><worksheet "),
     False),
    ("a latin-1 declaration", lambda d: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + d,
     False),
    ("a UTF-8 declaration", lambda d: b'<?xml version="1.0" encoding="UTF-8"?>\n' + d, True),
    ("invalid UTF-8 in a text", lambda d: d.replace(b">Area 1<", b">Area \xff<"), False),
    ("a shared string index past the strings", lambda d: d.replace(
        b'<c r="A2" t="inlineStr"><is><t>Area 0</t></is></c>',
        b'<c r="A2" t="s"><v>999</v></c>'), True),
    ("a row outside the cell data", lambda d: d.replace(
        b"</sheetData>", b'</sheetData><row r="40" hidden="1"/>'), True),
]


@pytest.mark.parametrize(("edit", "plain"), [(e, p) for _n, e, p in _EDITS],
                         ids=[n for n, _e, _p in _EDITS])
def test_an_edited_sheet_reads_alike_and_only_the_plain_form_is_one_pass(
        tmp_path: Path, edit: Any, plain: bool) -> None:
    source, path = tmp_path / "s.xlsx", tmp_path / "e.xlsx"
    _table_book(source)
    _rewritten(source, path, edit)
    with zipfile.ZipFile(path) as zf:
        data = zf.read(SHEET)
    sheet = plain_sheet(data)
    try:
        cells = None if sheet is None else list(plain_cells(sheet))
    except NotPlain:
        cells = None
    assert (cells is not None) is plain
    _both(path)


# --- what the one pass finds, exactly --------------------------------------------------

def test_a_plain_book_with_what_an_insider_hides_is_read_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "ex.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "year", "n"])
    for i in range(8):
        ws.append([f"Area {i}", 2016 + i % 3, 40 + i])
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["B"].hidden = True
    ws["D2"] = "=C2+C3"
    ws["D3"] = "=SUM(C2:C4)"
    ws["A7"].comment = Comment("note 17", "me")
    wb.save(path)
    summary, taken = _both(path)
    assert taken == 1
    assert _hidden(summary) == [("Sheet", "hidden row", "A5"),
                                ("Sheet", "hidden column", "B1"),
                                ("Sheet", "formula", "D2"),
                                ("Sheet", "comment", "A7")]
    grid = summary[0][6]
    assert grid[4][0] == ("Area 3", None, None, True)  # row 5: hidden, still read
    assert grid[1][3][0] == "=C2+C3"  # never calculated: its formula stands for it
    parts = {p[0]: p[1] for p in _walks(path, summary)[0][1]}
    assert parts["xl/worksheets/sheet1.xml (formulas and cells)"] == "C2+C3\nSUM(C2:C4)"


def test_a_plain_cell_under_a_number_format_with_its_own_digits_is_found(
        tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["area", "n"])
    ws.append(["North", 30])
    ws.append(["South", 45])
    ws["B3"].number_format = '0;;;"3"'
    ws["B2"].number_format = "0%"
    wb.save(path)
    summary, taken = _both(path)
    assert taken == 1
    assert [(w, c) for _s, w, c in _hidden(summary)] == [("number format", "B3")]
    assert summary[0][6][1][1][0] == "3000%"


def test_a_hyperlinked_or_merged_sheet_is_read_as_before(tmp_path: Path) -> None:
    """openpyxl gives an empty hyperlinked cell its target, and drops a merged range's
    hidden values: the one pass is given up for the whole workbook."""
    for extra in ("link", "merge"):
        path = tmp_path / f"{extra}.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.append(["area", "n", None])
        ws.append(["North", 30, "hid 99"])
        if extra == "link":
            ws["C1"].hyperlink = "https://example.org/77"
        else:
            ws.merge_cells("B2:C2")
        wb.save(path)
        assert _both(path)[1] == 0


def test_the_package_walk_parses_only_the_part_without_plain_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _table_book(path, rows=30)
    parsed: list[int] = []
    extras = xlsx_package.sheet_extras

    def sized(stream: Any, cell_strings: Any = None) -> Any:
        data = stream.read()
        parsed.append(len(data))
        import io

        return extras(io.BytesIO(data), cell_strings)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_package, "sheet_extras", sized)
        _summary(path)
    with zipfile.ZipFile(path) as zf:
        whole = len(zf.read(SHEET))
    assert parsed and all(n < 600 < whole for n in parsed)


def test_an_inline_text_no_cell_shows_sends_the_walk_to_the_whole_part() -> None:
    data = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + MAIN + b"><sheetData>"
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>hidden 12</t></is></c>'
            b'<c r="B1"><f>A1</f><v></v></c></row></sheetData></worksheet>')
    sheet = plain_sheet(data)
    assert sheet is not None
    assert xlsx_package._kept_texts(sheet, {"shown"}) is None
    assert xlsx_package._kept_texts(plain_sheet(data), {"hidden 12"}) == ["A1"]  # type: ignore[arg-type]
    assert xlsx_package._kept_texts(plain_sheet(data), None) == ["hidden 12", "A1"]  # type: ignore[arg-type]


def test_the_tokens_give_places_styles_types_values_and_formulas() -> None:
    data = (b"<worksheet " + MAIN + b"><sheetData>"
            b'<row r="2" spans="1:3"><c r="A2" s="3" t="s"><v>4</v></c><c r="B2"/>'
            b'<c r="C2" t="n"><f>A2*2</f><v>1.5E3</v></c></row>\n'
            b'<row r="4" hidden="1"><c r="AB4" t="inlineStr"><is><t xml:space="preserve"> x'
            b" </t></is></c></row></sheetData></worksheet>")
    sheet = plain_sheet(data)
    assert sheet is not None
    assert list(plain_cells(sheet)) == [(2, 1, 3, "s", "4", None, None),
                                        (2, 2, 0, "n", None, None, None),
                                        (2, 3, 0, "n", "1.5E3", "A2*2", None),
                                        (4, 28, 0, "inlineStr", " x ", None, None)]
    assert sheet.rows == {4: {"r": "4", "hidden": "1"}}
    assert sheet.emptied == b"<worksheet " + MAIN + b"><sheetData/></worksheet>"


def test_the_part_bounds_are_held(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    _table_book(path)
    assert _both(path)[1] == 1
    monkeypatch.setattr(xlsx_reader, "_PLAIN_PART_BYTES", 100)
    assert _both(path)[1] == 0
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_reader, "_PLAIN_REST_BYTES", 100)
    assert _both(path)[1] == 0
    assert xlsx_plain._CHUNK > 0


def test_the_walk_takes_the_readers_tokens_of_the_same_bytes_only(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _table_book(path, rows=20)
    passes: list[int] = []
    cells = xlsx_plain.plain_cells

    def counted(sheet: Any) -> Any:
        passes.append(len(sheet.data))
        return cells(sheet)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_reader, "plain_cells", counted)
        m.setattr(xlsx_package, "plain_cells", counted)
        _summary(path)
    assert len(passes) == 1  # the reader's; the walk recalled its texts
    texts = xlsx_plain.PlainTexts(("A1",), frozenset({("inlineStr", "x")}))
    xlsx_plain.remember(b"<a/>", texts)
    assert xlsx_plain.recall(b"<b/>") is None
    assert xlsx_plain.recall(b"<a/>") is texts
    assert xlsx_plain.recall(b"<a/>") is None  # forgotten once recalled
