"""A workbook's cells are bounded before openpyxl loads it (issue 12 channel 12): the column
limit and the cell budget (``max_cells``: each sheet's rows × highest column, all sheets
together) from the sheet XML as openpyxl would place its cells, never from ``<dimension>``
alone; the shared strings and styles by their unpacked size (``max_part_bytes``). A refusal
is SDC606 (with SDC602) on that file, the rest of the release still checked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SMALL_CSV = "grp,n\na,3\nb,40\nc,45\n"


def _policy(**limits: int) -> sdc.Policy:
    return build_policy({"rules": {"file-too-large": limits}})


def _grid(rows: int, columns: int) -> Workbook:
    """A count table: a header of ``columns`` names, then ``rows`` rows of counts ≥ 1,000,
    any two of them at least 20 apart (no difference below the threshold)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["group", *(f"area {j}" for j in range(1, columns))])
    for i in range(rows):
        ws.append([f"g{i}", *(1_000 + 50 * j + 20 * i for j in range(1, columns))])
    return wb


def _saved(wb: Workbook, folder: Path, name: str = "book.xlsx",
           edit: Callable[[str, bytes], tuple[str, bytes]] | None = None) -> Path:
    """``wb`` saved in ``folder``, each part passed through ``edit`` (to rename or rewrite)."""
    plain = folder.parent / f"plain-{name}"
    wb.save(plain)
    out = folder / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part, data = item.filename, src.read(item.filename)
            dst.writestr(*(edit(part, data) if edit else (part, data)))
    return out


def _sheet_xml(body: str, dimension: str = "A1") -> Callable[[str, bytes], tuple[str, bytes]]:
    """An edit that writes the first sheet's XML as ``body`` (its ``sheetData``)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
           f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>')
    return lambda name, data: (name, xml.encode() if name == SHEET else data)


def _refused(folder: Path, policy: sdc.Policy, monkeypatch: pytest.MonkeyPatch,
             name: str = "book.xlsx") -> str:
    """Check ``folder`` (openpyxl never loading a workbook); ``name`` must be refused, the CSV
    beside it still checked. Returns the refusal."""
    (folder / "small.csv").write_text(SMALL_CSV)

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded the workbook")

    with monkeypatch.context() as patched:
        patched.setattr(openpyxl, "load_workbook", no_load)
        result = sdc.check(folder, policy)
    assert findings_of(result) == {("SDC602", name, None), ("SDC606", name, None),
                                   ("SDC101", "small.csv", "B2")}
    (book,) = [o for o in result.outputs if o.path == name]
    assert book.status.value == "fail" and book.table is None
    (too_large,) = [f.message for f in book.findings if f.rule == "SDC606"]
    assert too_large.startswith("too large: ")
    return too_large.removeprefix("too large: ")


def _passes(path: Path, policy: sdc.Policy) -> None:
    result = sdc.check(path, policy)
    assert findings_of(result) == set()
    assert [o.status.value for o in result.outputs] == ["pass"]


def test_a_wide_sheet_is_refused_before_the_load(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # round 25: the column limit was applied after openpyxl had loaded every cell
    _saved(_grid(3, 16), tmp_path)
    assert _refused(tmp_path, _policy(max_columns=15), monkeypatch) == \
        f"{SHEET} spans 16 columns (limit 15 columns); not loaded"


def test_a_legal_wide_but_small_workbook_still_passes(tmp_path: Path) -> None:
    path = _saved(_grid(4, 15), tmp_path)  # 5 rows × 15 columns: 75 cells
    _passes(path, _policy(max_columns=15, max_cells=75))


def test_the_cell_budget_is_the_sheets_rectangle(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _saved(_grid(4, 15), tmp_path)
    assert _refused(tmp_path, _policy(max_cells=74), monkeypatch) == \
        f"{SHEET} spans 5 rows × 15 columns, 75 cells (limit 74 cells); not loaded"


def test_two_far_apart_cells_are_counted_as_the_rectangle_they_span(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the reader walks max_row × max_column: on main a 5 KB workbook with cells at A1 and
    # ALL3000 took 14 s and 1.1 GB under the default limits
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["T100"] = 4
    _saved(wb, tmp_path)
    assert _refused(tmp_path, _policy(max_cells=1_000), monkeypatch) == \
        f"{SHEET} spans 100 rows × 20 columns, 2,000 cells (limit 1,000 cells); not loaded"


def test_a_merged_range_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl makes a cell for every cell of a merged range (48 s and 1.6 GB for C3:ALL3000)
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active.merge_cells("C3:T100")
    _saved(wb, tmp_path)
    assert _refused(tmp_path, _policy(max_cells=1_000), monkeypatch) == \
        f"{SHEET} spans 100 rows × 20 columns, 2,000 cells (limit 1,000 cells); not loaded"


def test_the_sheets_together_are_bounded(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    wb = _grid(9, 10)  # 10 × 10 = 100 cells a sheet
    for k in (2, 3):
        ws = wb.create_sheet(f"s{k}")
        for row in wb.worksheets[0].iter_rows(values_only=True):
            ws.append(row)
    _saved(wb, tmp_path)
    assert _refused(tmp_path, _policy(max_cells=250), monkeypatch) == \
        ("xl/worksheets/sheet3.xml brings the workbook's sheets to 300 cells "
         "(limit 250 cells); not loaded")
    result = sdc.check(tmp_path / "book.xlsx", _policy(max_cells=300))
    assert ("SDC606", "book.xlsx", None) not in findings_of(result)


@pytest.mark.parametrize(("dimension", "body", "refusal"), [
    # <dimension> claims three columns; the cells reach column 60
    ("A1:C1", "<row r='1'><c r='A1'><v>1</v></c><c r='B1'><v>2</v></c><c r='BH1'><v>3</v>"
              "</c></row>",
     f"{SHEET} spans 60 columns (limit 50 columns); not loaded"),
    # <dimension> claims 78 columns; the cells hold three: the claim is refused too (the
    # read-only readers pad every row to it)
    ("A1:BZ1", "<row r='1'><c r='A1'><v>1</v></c><c r='B1'><v>2</v></c></row>",
     f"{SHEET} spans 78 columns (limit 50 columns); not loaded"),
    # cells without a reference: openpyxl puts each one column past the last
    ("A1", "<row>" + "<c><v>1</v></c>" * 60 + "</row>",
     f"{SHEET} has a row of more than 50 cells (limit 50 columns); not loaded"),
    # any child of a row is a cell to openpyxl, whatever its name
    ("A1", "<row r='1'><c r='AV1'><v>1</v></c><x/><x/><x/><x/><x/></row>",
     f"{SHEET} spans 53 columns (limit 50 columns); not loaded"),
    # one cell written 60 times: openpyxl reads each (its row's list), one column
    ("A1", "<row r='1'>" + "<c r='A1'><v>1</v></c>" * 60 + "</row>",
     f"{SHEET} has a row of more than 50 cells (limit 50 columns); not loaded"),
    # a cell placed by its reference far below its row
    ("A1", "<row r='1'><c r='A60'><v>1</v></c></row>",
     f"{SHEET} spans 60 rows (limit 50 rows); not loaded"),
])
def test_a_sheet_is_counted_as_openpyxl_places_its_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dimension: str, body: str,
        refusal: str) -> None:
    path = _saved(Workbook(), tmp_path, edit=_sheet_xml(body, dimension))
    assert _refused(tmp_path, _policy(max_columns=50, max_rows=50), monkeypatch) == refusal
    if "BZ1" not in dimension and "'A1'>" not in body:  # what openpyxl makes of it, loaded
        ws = openpyxl.load_workbook(path).active
        assert max(ws.max_row, ws.max_column) > 50


def test_xml_entities_refuse_the_count(tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # an entity could carry cells a count of the bytes does not see
    xml = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY w "<c r=\'ZZ1\'/>">]>'
           f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">&w;</row></sheetData></worksheet>')
    _saved(Workbook(), tmp_path, edit=lambda n, d: (n, xml.encode() if n == SHEET else d))
    assert _refused(tmp_path, _policy(), monkeypatch) == \
        (f"{SHEET} declares XML entities, whose cells sdc cannot count before loading it; "
         "not loaded")


def _strings_book(folder: Path, part: str, padded: str) -> Path:
    """A count table whose labels are shared strings, kept in ``part``: where openpyxl finds
    them (the content types name it) wherever it lies. The part ``padded`` gets 8,000 spaces
    after its XML (the largest part read whole)."""
    rows = "<row r='1'>" + "".join(f"<c r='{col}1' t='s'><v>{k}</v></c>"
                                   for k, col in enumerate("ABC")) + "</row>"
    rows += "".join(f"<row r='{r}'><c r='A{r}' t='s'><v>{r + 1}</v></c><c r='B{r}'>"
                     f"<v>{1_000 + 50 * r}</v></c><c r='C{r}'><v>{2_000 + 50 * r}</v></c></row>"
                     for r in (2, 3))
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="5" '
               'uniqueCount="5">' + "".join(f"<si><t>{t}</t></si>" for t in
                                            ("group", "men", "women", "north", "south"))
               + "</sst>").encode()
    override = (f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
    rel = (f'<Relationship Id="rIdS" Target="/{part}" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/sharedStrings"/></Relationships>').encode()
    sheet = _sheet_xml(rows, "A1:C3")

    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        if name == padded:  # the largest part read whole
            data += b" " * 8_000
        if name == "[Content_Types].xml":
            return name, data.replace(b"</Types>", override)
        if name == "xl/_rels/workbook.xml.rels":
            return name, data.replace(b"</Relationships>", rel)
        return sheet(name, data)

    book = _saved(Workbook(), folder, edit=edit)
    with zipfile.ZipFile(book, "a") as zf:
        zf.writestr(part, strings + (b" " * 8_000 if padded == part else b""))
    return book


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/strs.xml", "xl/styles.xml"])
def test_shared_strings_and_styles_are_bounded(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               part: str) -> None:
    strings = part if part != "xl/styles.xml" else "xl/sharedStrings.xml"
    path = _strings_book(tmp_path, strings, part)
    loaded = openpyxl.load_workbook(path).active
    assert [c.value for c in loaded[1]] == ["group", "men", "women"]  # read from there
    with zipfile.ZipFile(path) as zf:
        size = zf.getinfo(part).file_size
    # at the limit: read (a part sdc does not know as a workbook's is flagged as an extra file)
    moved = {("SDC605", "book.xlsx[Sheet]", None)} if part == "xl/strs.xml" else set()
    assert findings_of(sdc.check(path, _policy(max_part_bytes=size))) == moved
    assert _refused(tmp_path, _policy(max_part_bytes=size - 1), monkeypatch) == \
        (f"{part} expands to {size:,} bytes when unpacked (limit {size - 1:,} for a part "
         "read whole); not loaded")


def test_a_hidden_column_range_is_taken_within_the_used_range(tmp_path: Path) -> None:
    # `<col min="1" max="300000000" hidden="1"/>` in an 8 KB workbook: each hidden column was
    # put in a set, 15 GB in a minute on main; only the used range's columns can be hidden
    from sdc.outputs import Output
    from sdc.readers.xlsx_reader import _hidden_lines

    wide = b'<cols><col min="1" max="5000000" hidden="1" width="9"/></cols><sheetData>'
    path = _saved(_grid(1, 2), tmp_path, edit=lambda n, d: (
        n, d.replace(b"<sheetData>", wide) if n == SHEET else d))
    ws = openpyxl.load_workbook(path).active
    out = Output(path="book.xlsx", file=path, extension="xlsx", size=0, sha256="")
    assert _hidden_lines(out, ws, 2, 2) == (set(), {1, 2})
    assert [(h.what, h.cell) for h in out.hidden] == [("hidden column", "A1"),
                                                      ("hidden column", "B1")]


@pytest.mark.parametrize("body", [
    "<row r='1'><c r='A1' t='s'><v>0</v></c><c r='C1'><f>A1</f><v>2</v></c></row>"
    "<row r='2'/><row r='3'><c r='B3' t='inlineStr'><is><t>x</t></is></c></row>",
    # a reference written inside another attribute's value is not the cell's
    "<row r='1'><c t=' r=\"A1\"' r='BH1'><v>1</v></c></row>",
    "<row r='1'><c r='A1'><v>1</v></c><!-- <c r='ZZ1'/> --></row>",  # not plain: expat
    "<row r='1'><c r='&#66;H1'><v>1</v></c></row>",  # a character reference: expat
    "<row r='2'><c><v>1</v></c><c r='C2'/><c/></row>",  # cells without a reference
])
def test_the_plain_form_read_from_bytes_is_expats_count(body: str) -> None:
    from sdc.readers.xlsx_cells import _Counter, _plain_count, count_cells

    xml = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/>'
           f'<sheetData>{body}</sheetData><mergeCells count="1"><mergeCell ref="D4:E5"/>'
           "</mergeCells></worksheet>").encode()
    limits = {"max_rows": 100, "max_columns": 100, "max_cells": 10_000}
    plain = count_cells(io.BytesIO(xml), "s", **limits, reopen=lambda: io.BytesIO(xml))
    assert plain == count_cells(io.BytesIO(xml), "s", **limits)  # expat's
    in_plain_form = _plain_count(io.BytesIO(xml), _Counter("s", 100, 100, 10_000, 0))
    assert in_plain_form == ("<!--" not in body and "&#" not in body and "<c>" not in body)
    assert plain.columns >= 5 and plain.rows >= 5  # the merged range counted


@pytest.mark.parametrize("kind", ["hyperlink", "comment"])
def test_a_link_or_comment_far_from_the_cells_is_counted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    # openpyxl makes the cell a link or comment is on: a link's ref in the sheet, a comment's
    # in the comments part the sheet's relationships name
    from openpyxl.comments import Comment

    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["B2"] = 5
    if kind == "comment":
        wb.active["B2"].comment = Comment("a note", "me")
    else:
        wb.active["B2"].hyperlink = "https://example.org/"
    path = _saved(wb, tmp_path, edit=lambda n, d: (n, d.replace(b'ref="B2"', b'ref="T100"')
                                                   if n.endswith(".xml") else d))
    ws = openpyxl.load_workbook(path).active
    assert (ws.max_row, ws.max_column) == (100, 20)  # the cell openpyxl made there
    assert _refused(tmp_path, _policy(max_cells=1_000), monkeypatch) == \
        f"{SHEET} spans 100 rows × 20 columns, 2,000 cells (limit 1,000 cells); not loaded"


@pytest.mark.parametrize(("ref", "refusal"), [
    ("1:2000", "spans 2,000 rows × 2 columns, 4,000 cells"),
    ("A:ALL", "spans 2 rows × 1,000 columns, 2,000 cells"),
])
def test_a_link_on_whole_rows_or_columns_is_counted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref: str, refusal: str) -> None:
    # hunt16: openpyxl makes every cell of a link's whole rows (up to the last it names,
    # across the sheet's columns) or whole columns (over its rows); they were not counted
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["B2"] = 5
    wb.active["B2"].hyperlink = "https://example.org/"
    path = _saved(wb, tmp_path, edit=lambda n, d: (
        n, d.replace(b'ref="B2"', f'ref="{ref}"'.encode()) if n.endswith(".xml") else d))
    ws = openpyxl.load_workbook(path).active
    assert len(ws._cells) == int(refusal.split(", ")[1].split()[0].replace(",", ""))
    assert _refused(tmp_path, _policy(max_cells=1_000), monkeypatch) == \
        f"{SHEET} {refusal} (limit 1,000 cells); not loaded"
