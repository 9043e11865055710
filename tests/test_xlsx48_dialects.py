"""The one pass over a sheet's cells (``xlsx_plain``) for the workbooks people send (round 48).

Excel writes rows with ``spans`` and ``x14ac:dyDescent`` under a prefix its root declares,
shared strings (rich text among them), shared formulas (``<f t="shared" si>``), formulas'
text results (``t="str"``), booleans and errors, and escapes ``&``, ``<`` and ``>`` in texts;
LibreOffice writes every row's attributes, ``t="n"`` on numbers and ``<f aca="false">``. No
Excel was at hand: the sheet parts are written here after ECMA-376's published form, into a
package xlsxwriter made (its styles and content types). Every workbook is read with the one
pass and with it off (``test_xlsx_plain._both``): equal outputs and package walks; the forms
above are shown to take the one pass, what they hide is found at exact cells, and the forms
it does not cover (array formulas, character references, dates as ``t="d"``, a text in a
boolean) are shown not to.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.readers.xlsx_plain import NotPlain, plain_cells, plain_sheet
from tests.test_xlsx_plain import _both, _hidden

SHEET = "xl/worksheets/sheet1.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
EXCEL_ROOT = (f'<worksheet {MAIN} {REL} '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'mc:Ignorable="x14ac xr xr2 xr3" '
              'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
              'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
              'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
              'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
              'xr:uid="{4B1C7D2E-0000-4000-8000-00000000A001}">')
LIBRE_ROOT = (f'<worksheet {MAIN} {REL} '
              'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">')
# the shared strings (index: text); 3 is rich text, its second run white (a faint digit)
STRINGS = ["region", "North & East", "n", None, "<5", "x"]
RICH = ('<si><r><t xml:space="preserve">Total </t></r><r><rPr><color rgb="FFFFFFFF"/>'
        '<sz val="11"/></rPr><t>7</t></r></si>')


def _package(path: Path) -> None:
    """A package of one sheet whose styles have ids 1-3: ``0%``, ``0;;;"3"``, ``0.00``."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    ws.write_string(0, 0, "placeholder")
    for i, form in enumerate(["0%", '0;;;"3"', "0.00"]):
        ws.write_number(1, i, 1, book.add_format({"num_format": form}))
    book.close()


def _sst() -> str:
    items = "".join(RICH if s is None else f"<si><t>{escape(s)}</t></si>" for s in STRINGS)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst {MAIN} '
            f'count="{len(STRINGS)}" uniqueCount="{len(STRINGS)}">{items}</sst>')


def _book(path: Path, sheet: str) -> None:
    """The package with ``sheet`` as its sheet part and ``STRINGS`` as its shared strings."""
    source = path.with_suffix(".src.xlsx")
    _package(source)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == SHEET:
                data = sheet.encode("utf-8")
            elif item.filename == "xl/sharedStrings.xml":
                data = _sst().encode("utf-8")
            dst.writestr(item.filename, data)
    source.unlink()


def _sheet(rows: list[str], dialect: str = "excel", *, before: str = "", after: str = "",
           hidden: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    """A sheet part as ``dialect`` writes it: ``rows`` are each row's cells' XML."""
    lines = []
    for r, cells in enumerate(rows, start=1):
        if dialect == "excel":
            extra = ' hidden="1"' if r in hidden else ""
            lines.append(f'<row r="{r}" spans="1:5"{extra} x14ac:dyDescent="0.25">{cells}</row>')
        else:
            flag = "true" if r in hidden else "false"
            lines.append(f'<row r="{r}" customFormat="false" ht="12.8" hidden="{flag}" '
                         f'customHeight="false" outlineLevel="0" collapsed="false">{cells}</row>')
    root = EXCEL_ROOT if dialect == "excel" else LIBRE_ROOT
    form = ('<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>' if dialect == "excel"
            else '<sheetFormatPr defaultRowHeight="12.8" zeroHeight="false"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + root +
            f'<dimension ref="A1:E{len(rows)}"/><sheetViews><sheetView workbookViewId="0"/>'
            f'</sheetViews>{form}{before}<sheetData>{"".join(lines)}</sheetData>{after}'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>')


def _taken(path: Path) -> tuple[list[tuple[Any, ...]], int]:
    """The book's outputs (equal with the one pass and without) and the sheets it took."""
    return _both(path)


# --- the forms, one by one ---------------------------------------------------------------

_EXCEL_ROWS = [
    '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>5</v></c>',
    '<c r="A2" t="s"><v>1</v></c><c r="B2"><v>12</v></c><c r="C2" s="3"><v>0.25</v></c>',
    '<c r="A3" t="s"><v>3</v></c><c r="B3"><v>30</v></c><c r="C3"><v>1.2345678901234E-2</v></c>',
]
# (name, a row's cells (row 4) in Excel's form, whether the one pass takes it)
_CELLS: list[tuple[str, str, bool]] = [
    ("a number, a style, a blank styled cell", '<c r="A4" s="1"><v>0.5</v></c><c r="B4" s="2"/>',
     True),
    ("a formula with its value", '<c r="A4"><f>B2+B3</f><v>42</v></c>', True),
    ("a formula never calculated", '<c r="A4"><f>B2+B3</f></c>', True),
    ("a formula with escaped text", '<c r="A4" t="str"><f>IF(B2&gt;3,"a&amp;b","&lt;")</f>'
     '<v>a&amp;b</v></c>', True),
    ("a formula's text result", '<c r="A4" t="str"><f>"N"&amp;"E"</f><v>NE</v></c>', True),
    ("a formula's number as text", '<c r="A4" t="str"><f>TEXT(B2,"0")</f><v>12</v></c>', True),
    ("a boolean", '<c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><f>B2&gt;B3</f><v>0</v></c>',
     True),
    ("an error", '<c r="A4" t="e"><f>B2/0</f><v>#DIV/0!</v></c><c r="B4" t="e"><v>#N/A</v></c>',
     True),
    ("shared formulas", '<c r="A4"><f t="shared" ref="A4:C4" si="0">B2+B3</f><v>42</v></c>'
     '<c r="B4"><f t="shared" si="0"/><v>7</v></c><c r="C4"><f t="shared" si="0"/></c>', True),
    ("a shared formula's dependent first", '<c r="A4"><f t="shared" si="3"/><v>1</v></c>'
     '<c r="B4"><f t="shared" ref="B4:C4" si="3">A1</f><v>2</v></c>'
     '<c r="C4"><f t="shared" si="3"/><v>3</v></c>', True),
    ("a volatile formula", '<c r="A4"><f ca="1">RAND()</f><v>0.5</v></c>', True),
    ("an inline text with entities", '<c r="A4" t="inlineStr"><is><t>a&amp;b &lt;5&gt;</t></is>'
     '</c>', True),
    ("quotes as entities", '<c r="A4" t="inlineStr"><is><t>&quot;q&quot; it&apos;s</t></is>'
     '</c><c r="B4" t="inlineStr"><is><t>a&amp;lt;b</t></is></c>', True),
    ("a long text result", '<c r="A4" t="str"><f>B2</f><v>' + "x" * 40_000 + "</v></c>", True),
    ("an empty inline text", '<c r="A4" t="inlineStr"><is><t></t></is></c>', False),
    ("an empty formula", '<c r="A4"><f></f><v>3</v></c><c r="B4"><f/></c>', True),
    ("an array formula", '<c r="A4"><f t="array" ref="A4">SUM(B2:B3*C2:C3)</f><v>1</v></c>',
     True),  # plain since round 49 (xlsx49)
    ("a data table", '<c r="A4"><f t="dataTable" ref="A4" dt2D="0" dtr="0" r1="B2"/><v>1</v></c>',
     False),
    ("a shared formula without its index", '<c r="A4"><f t="shared">B2</f><v>1</v></c>', False),
    ("a character reference", '<c r="A4" t="str"><f>B2</f><v>a&#49;</v></c>', False),
    ("a date cell", '<c r="A4" t="d"><v>2020-01-31T00:00:00</v></c>', True),  # round 49
    ("a text in a boolean", '<c r="A4" t="b"><v>true</v></c>', False),
    ("a boolean of 2", '<c r="A4" t="b"><v>2</v></c>', False),
    ("a text in a number", '<c r="A4"><v>12a</v></c>', False),
    ("a value in an inline text's cell", '<c r="A4" t="inlineStr"><v>3</v></c>', False),
    ("an inline text in a text result", '<c r="A4" t="str"><is><t>3</t></is></c>', False),
    ("a formula in a shared string's cell", '<c r="A4" t="s"><f>B2</f><v>0</v></c>', False),
    ("a dynamic array's metadata", '<c r="A4" cm="1"><f>B2</f><v>1</v></c>', False),
    ("rich inline text", '<c r="A4" t="inlineStr"><is><r><t>1</t></r></is></c>', False),
    ("a formula's other attribute", '<c r="A4"><f bx="1">B2</f><v>1</v></c>', False),
    ("a mistyped formula element", '<c r="A4"><fx>B2</f><v>1</v></c>', False),
]


def _plain(sheet: str) -> bool:
    found = plain_sheet(sheet.encode("utf-8"))
    if found is None:
        return False
    try:
        list(plain_cells(found))
    except NotPlain:
        return False
    return True


@pytest.mark.parametrize(("cells", "plain"), [(c, p) for _n, c, p in _CELLS],
                         ids=[n for n, _c, _p in _CELLS])
@pytest.mark.parametrize("dialect", ["excel", "libre"])
def test_each_form_reads_alike_and_is_plain_or_not(tmp_path: Path, cells: str, plain: bool,
                                                    dialect: str) -> None:
    if dialect == "libre":  # LibreOffice: every number typed, formulas ``aca``
        cells = cells.replace("<f>", '<f aca="false">').replace('"><v>', '" t="n"><v>', 1) \
            if 't="' not in cells.split(">", 1)[0] else cells.replace("<f>", '<f aca="false">')
    sheet = _sheet([*_EXCEL_ROWS, cells], dialect)
    assert _plain(sheet) is plain
    path = tmp_path / "f.xlsx"
    _book(path, sheet)
    if "mistyped" in cells or "<fx>" in cells:  # not XML: no read to compare
        return
    summary, taken = _taken(path)
    assert taken == (1 if plain else 0)
    if plain:
        assert summary[0][3] is None  # read (a form not plain may be read as unreadable)


def test_an_excel_book_takes_the_one_pass_and_its_findings_are_exact(tmp_path: Path) -> None:
    rows = [*_EXCEL_ROWS,
            '<c r="A4" t="s"><v>4</v></c><c r="B4"><f t="shared" ref="B4:B5" si="0">B2+B3</f>'
            '<v>42</v></c><c r="C4" s="2"><v>9</v></c>',
            '<c r="A5" t="str"><f>"N"&amp;"E"</f><v>NE</v></c><c r="B5"><f t="shared" si="0"/>'
            '</c><c r="C5" t="e"><v>#N/A</v></c>',
            '<c r="A6" t="b"><v>1</v></c><c r="B6"><v>5</v></c>']
    cols = '<cols><col min="3" max="3" width="9" hidden="1" customWidth="1"/></cols>'
    valid = ('<dataValidations count="1"><dataValidation type="list" allowBlank="1" '
             'sqref="B6"><formula1>"17,18"</formula1></dataValidation></dataValidations>')
    path = tmp_path / "excel.xlsx"
    _book(path, _sheet(rows, "excel", before=cols, after=valid, hidden={3}))
    summary, taken = _taken(path)
    assert taken == 1
    assert _hidden(summary) == [
        ("Sheet1", "hidden row", "A3"), ("Sheet1", "hidden column", "C1"),
        ("Sheet1", "formula", "B4"), ("Sheet1", "number format", "C4"),
        ("Sheet1", "number outside the cells", None),  # the validation list's 17, 18
        ("Sheet1", "cell data not shown", None)]  # the white run of ``Total 7``
    assert summary[0][5][2][2].startswith("3 formula cell(s)")  # B4, A5, B5
    assert "white" in summary[0][5][5][2]
    grid = summary[0][6]
    assert [[c[0] for c in row] for row in grid] == [
        ["region", "n", "x"], ["North & East", "12", "0.25"],
        ["Total 7", "30", "0.012345678901234"], ["<5", "42", "9"],
        ["NE", "=B3+B4", "#N/A"], ["True", "5", ""]]  # B5: the shared formula translated
    assert [c[3] for c in grid[2]] == [True, True, True]  # the hidden row
    assert [row[2][3] for row in grid] == [True] * 6  # the hidden column
    walked = [p for p in summary[0][7] if "formulas" in p[0]]
    assert walked == []  # the package walk's text parts are not the sheet's: below
    from sdc.readers import xlsx_package

    parts = {p.name: p.text for p in xlsx_package.walk_package(path, {"x"}).parts}
    assert parts[f"{SHEET} (formulas and cells)"] == 'B2+B3\n"N"&"E"'  # the masters' texts


def test_a_libreoffice_book_takes_the_one_pass(tmp_path: Path) -> None:
    rows = list(_EXCEL_ROWS)
    rows.append('<c r="A4" s="0" t="n"><f aca="false">B2+B3</f><v>42</v></c>'
                '<c r="B4" s="0" t="str"><f aca="false">A1&amp;"x"</f><v>regionx</v></c>')
    path = tmp_path / "libre.xlsx"
    _book(path, _sheet(rows, "libre", hidden={2}))
    summary, taken = _taken(path)
    assert taken == 1
    assert ("Sheet1", "hidden row", "A2") in _hidden(summary)
    assert ("Sheet1", "formula", "A4") in _hidden(summary)


# --- generated sheets: read alike both ways -----------------------------------------------

_TEXT = st.sampled_from(["North", "a&b", "<5", "x>2", '"q"', "it's", " pad ", "12", "3.5",
                         "é", ".", "=A1", "N/A"])


@st.composite
def _cell(draw: st.DrawFn, ref: str, libre: bool) -> str:
    kind = draw(st.sampled_from(["n", "n", "s", "inline", "str", "b", "e", "f", "blank"]))
    style = draw(st.sampled_from(["", "", ' s="1"', ' s="2"', ' s="3"']))
    n = ' t="n"' if libre else ""
    f = '<f aca="false">' if libre else "<f>"
    text = escape(draw(_TEXT))
    if kind == "n":
        number = draw(st.sampled_from(["0", "7", "-2.5", "1E3", "0.1"]))
        return f'<c r="{ref}"{style}{n}><v>{number}</v></c>'
    if kind == "s":
        return f'<c r="{ref}"{style} t="s"><v>{draw(st.integers(0, len(STRINGS) - 1))}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
    if kind == "str":
        return f'<c r="{ref}"{style} t="str">{f}A1&amp;"{text}"</f><v>{text}</v></c>'
    if kind == "b":
        return f'<c r="{ref}"{style} t="b"><v>{draw(st.sampled_from(["0", "1"]))}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e">{f}1/0</f><v>#DIV/0!</v></c>'
    if kind == "f":
        value = draw(st.sampled_from(["", "<v>5</v>", "<v></v>"]))
        return f'<c r="{ref}"{style}{n}>{f}SUM(A1:A2)&gt;1</f>{value}</c>'
    return f'<c r="{ref}"{style}/>'


@st.composite
def _sheets(draw: st.DrawFn) -> str:
    libre = draw(st.booleans())
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    rows = []
    shared = draw(st.booleans())
    for r in range(1, n_rows + 1):
        cells = [draw(_cell(f"{'ABCD'[c]}{r}", libre)) for c in range(n_cols)]
        if shared and not libre:  # column E: one shared formula down the rows
            head = f't="shared" ref="E1:E{n_rows}" si="0">A1*2</f>' if r == 1 \
                else 't="shared" si="0"/>'
            value = draw(st.sampled_from(["<v>4</v>", ""]))
            cells.append(f'<c r="E{r}"><f {head}{value}</c>')
        rows.append("".join(cells))
    hidden = set(draw(st.lists(st.integers(1, n_rows), max_size=2)))
    cols = draw(st.sampled_from(["", '<cols><col min="2" max="2" width="3" hidden="1"/></cols>']))
    return _sheet(rows, "libre" if libre else "excel", before=cols, hidden=hidden)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sheet=_sheets())
def test_generated_excel_and_libreoffice_sheets_read_alike(tmp_path: Path, sheet: str) -> None:
    path = tmp_path / "g.xlsx"
    _book(path, sheet)
    _summary_now, taken = _taken(path)
    assert taken == 1  # every generated form is plain


def test_the_tokens_of_excels_forms_are_exact() -> None:
    rows = ['<c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><f ca="1">1/0</f><v>#DIV/0!</v></c>'
            '<c r="C1" t="str"><f>A1&amp;"&lt;"</f><v>TRUE&lt;</v></c>',
            '<c r="A2"><f t="shared" ref="A2:B2" si="7">A1+1</f><v>2</v></c>'
            '<c r="B2"><f t="shared" si="7"/></c><c r="C2" s="2"><f></f></c>']
    sheet = plain_sheet(_sheet(rows).encode())
    assert sheet is not None
    assert list(plain_cells(sheet)) == [
        (1, 1, 0, "b", "1", None, None), (1, 2, 0, "e", "#DIV/0!", "1/0", None),
        (1, 3, 0, "str", "TRUE<", 'A1&"<"', None), (2, 1, 0, "n", "2", "A1+1", "7"),
        (2, 2, 0, "n", None, "", "7"), (2, 3, 2, "n", None, "", None)]
    assert sheet.rows == {}  # ``spans`` and ``x14ac:dyDescent`` make no row dimension


def test_only_hidden_rows_are_bound_and_bad_attributes_still_raise() -> None:
    from openpyxl import Workbook

    from sdc.readers.xlsx_reader import _bind_hidden_rows

    ws = Workbook().active
    shown = {"ht": "12.8", "hidden": "false", "customHeight": "false"}
    _bind_hidden_rows(ws, {2: {"r": "2", **shown}, 3: {"r": "3", **shown, "hidden": "true"},
                           4: {"r": "4", **shown}, 5: {"r": "5", "hidden": "1"}})
    assert sorted(ws.row_dimensions) == [3, 5]
    assert ws.row_dimensions[3].hidden and ws.row_dimensions[5].hidden
    with pytest.raises(IndexError):  # a style past the styles: openpyxl's load raises so
        _bind_hidden_rows(ws, {6: {"r": "6", "s": "99", "customFormat": "1"}})
