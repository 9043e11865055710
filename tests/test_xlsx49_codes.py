"""A long plain sheet read as codes per column (round 49, issue 14 §3), exactly as before.

``xlsx_codes.plain_codes`` gives the layout a plain sheet of 1,000 cells or more as a long
CSV's codes (no ``RawCell`` per cell), ``_plain_grid`` makes a smaller one's cells from its
shared entries, and array formulas and ISO date cells now take the one pass. Every workbook
here is read now and as before (the one pass off: openpyxl's whole load) by
``test_xlsx_plain._both``: equal sheets, cells (text, number, marker, hidden), what they hide
and text parts, and equal package walks; the codes are shown to be taken, and what a long
insider's book hides is given exactly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment

from sdc.readers import xlsx_codes, xlsx_reader
from sdc.readers.xlsx_plain import NotPlain, plain_cells, plain_sheet
from tests.test_xlsx_plain import _both, _hidden

_LABELS = ["North", "South", " East", "0-17", "12", "x", "[c]", ".", "N/A", "é", "=A1"]


def _coded(path: Path) -> tuple[list[tuple[Any, ...]], int, int]:
    """``_both`` of the book, with how many sheets were read as codes."""
    made: list[Any] = []
    codes = xlsx_reader._coded_grid

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = codes(*args, **kwargs)
        if found is not None:
            made.append(found)
        return found

    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_reader, "_coded_grid", counted)
        summary, taken = _both(path)
    return summary, taken, len(made)


@st.composite
def _long_books(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.integers(250, 320))
    return {
        "rows": rows,
        "labels": draw(st.lists(st.sampled_from(_LABELS), min_size=3, max_size=6)),
        "counts": draw(st.lists(st.one_of(st.integers(0, 60), st.just(-0.0), st.just(2.5)),
                                min_size=3, max_size=8)),
        "hidden_rows": draw(st.lists(st.integers(1, rows + 2), max_size=3)),
        "hidden_col": draw(st.sampled_from([None, "B", "C", "F"])),
        "comments": draw(st.lists(st.tuples(st.integers(1, rows + 2), st.integers(1, 5)),
                                  max_size=2)),
        "formulas": draw(st.lists(st.integers(2, rows), max_size=3)),
        "format": draw(st.sampled_from(["General", "0%", '0;;;"3"', "0.0", "yyyy-mm-dd"])),
        "indent": draw(st.integers(0, 1)),
        "blank_row": draw(st.one_of(st.none(), st.integers(3, rows - 3))),
        "text_number": draw(st.booleans()),
        "model": draw(st.booleans()),
        "date": draw(st.booleans()),
    }


def _write_long(spec: dict[str, Any], path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["N" if spec["model"] else "region", "year", "n", "share"])
    labels, counts = spec["labels"], spec["counts"]
    for i in range(spec["rows"]):
        if spec["blank_row"] == i + 2:
            ws.append([])
            continue
        year: Any = dt.date(2016 + i % 4, 1, 1) if spec["date"] else 2016 + i % 4
        ws.append([labels[i % len(labels)], year, counts[i % len(counts)],
                   f"{i % 7}" if spec["text_number"] and i % 50 == 3 else i % 5 / 10])
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=4).number_format = spec["format"]
        if spec["indent"] and r % 9 == 0:
            ws.cell(row=r, column=1).alignment = Alignment(indent=1)
    for r in spec["hidden_rows"]:
        ws.row_dimensions[r].hidden = True
    if spec["hidden_col"]:
        ws.column_dimensions[spec["hidden_col"]].hidden = True
    for r, c in spec["comments"]:
        ws.cell(row=r, column=c).comment = Comment("note 7", "me")
    for r in spec["formulas"]:
        ws.cell(row=r, column=3).value = f"=C{r - 1}+1"
    wb.save(path)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=_long_books())
def test_generated_long_books_read_alike_as_codes(tmp_path: Path, spec: dict[str, Any]
                                                  ) -> None:
    path = tmp_path / "long.xlsx"
    _write_long(spec, path)
    _coded(path)


_PLAIN_SPEC: dict[str, Any] = {
    "rows": 300, "labels": ["North", "South", "East"], "counts": [3, 14, 0, 27],
    "hidden_rows": [], "hidden_col": None, "comments": [], "formulas": [],
    "format": "General", "indent": 0, "blank_row": None, "text_number": False,
    "model": False, "date": False}


@pytest.mark.parametrize(("change", "codes"), [
    ({}, 1),
    ({"hidden_rows": [5, 40], "hidden_col": "B", "formulas": [7], "comments": [(3, 2)],
      "format": '0;;;"3"', "indent": 1, "text_number": True, "date": True}, 1),
    ({"comments": [(305, 5)]}, 0),  # a comment where no cell is: read as rows
    ({"blank_row": 100}, 0),  # tables parted by a blank row: read as rows
    ({"model": True}, 0),  # a first column naming observations: read as rows
    ({"rows": 200}, 0),  # under 1,000 cells: read as rows
])
def test_which_long_books_are_read_as_codes(tmp_path: Path, change: dict[str, Any],
                                            codes: int) -> None:
    path = tmp_path / "b.xlsx"
    _write_long({**_PLAIN_SPEC, **change}, path)
    _summary, taken, coded = _coded(path)
    assert taken == 1 and coded == codes


def test_a_long_insiders_book_read_as_codes_finds_exactly_what_it_hides(tmp_path: Path
                                                                       ) -> None:
    path = tmp_path / "i.xlsx"
    _write_long({**_PLAIN_SPEC, "hidden_rows": [5], "hidden_col": "B", "formulas": [9],
                 "comments": [(4, 3)], "format": '0;;;"3"'}, path)
    summary, taken, coded = _coded(path)
    assert (taken, coded) == (1, 1)
    hidden = _hidden(summary)
    assert ("Sheet", "hidden row", "A5") in hidden
    assert ("Sheet", "hidden column", "B1") in hidden
    assert ("Sheet", "formula", "C9") in hidden
    assert ("Sheet", "comment", "C4") in hidden
    formats = [cell for _s, what, cell in hidden if what == "number format"]
    assert formats == [f"D{r}" for r in range(2, 302)]  # every D cell shows "3"
    grid = summary[0][6]
    assert grid[4][0] == ("North", None, None, True)  # row 5: hidden
    assert grid[8][2] == ("=C8+1", None, None, False)  # never calculated: its formula
    assert grid[1][1] == ("2016", 2016.0, None, True)  # column B: hidden


def test_array_formulas_and_iso_dates_take_the_one_pass_exactly(tmp_path: Path) -> None:
    from tests.test_xlsx48_dialects import _EXCEL_ROWS, _book, _sheet

    sheet = _sheet([*_EXCEL_ROWS,
                    '<c r="A4"><f t="array" ref="A4">SUM(B2:B3*C2:C3)</f><v>7</v></c>'
                    '<c r="B4" t="d"><v>2020-01-31T00:00:00</v></c>'
                    '<c r="C4" t="d"><v>2021-02-03</v></c>',
                    '<c r="A5"><f t="array" ref="A5:A6"/></c><c r="B5" t="d"><v>12:30:00</v>'
                    '</c>'], "excel")
    path = tmp_path / "a.xlsx"
    _book(path, sheet)
    summary, taken = _both(path)
    assert taken == 1
    grid = summary[0][6]
    assert [c[0] for c in grid[3]] == ["7", "2020-01-31", "2021-02-03"]
    assert [c[0] for c in grid[4]][:2] == ["=", "12:30:00"]
    assert ("Sheet1", "formula", "A4") in _hidden(summary)
    found = plain_sheet(sheet.encode())
    assert found is not None
    cells = list(plain_cells(found))
    assert cells[-5:] == [(4, 1, 0, "n", "7", "SUM(B2:B3*C2:C3)", None),
                          (4, 2, 0, "d", "2020-01-31T00:00:00", None, None),
                          (4, 3, 0, "d", "2021-02-03", None, None),
                          (5, 1, 0, "n", None, "", None), (5, 2, 0, "d", "12:30:00", None, None)]


@pytest.mark.parametrize("cells", [
    '<c r="A4" t="d"><f>B2</f><v>2020-01-31</v></c>',  # a formula in a date cell
    '<c r="A4"><f t="dataTable" ref="A4" dt2D="0" dtr="0" r1="B2"/><v>1</v></c>',
    '<c r="A4"><f t="array" ref="A4" bx="1">B2</f><v>1</v></c>',  # another attribute
    '<c r="A4" t="d"><is><t>2020</t></is></c>',  # an inline text in a date cell
])
def test_forms_still_refused(cells: str) -> None:
    from tests.test_xlsx48_dialects import _EXCEL_ROWS, _sheet

    found = plain_sheet(_sheet([*_EXCEL_ROWS, cells], "excel").encode())
    assert found is not None
    with pytest.raises(NotPlain):
        list(plain_cells(found))


@pytest.mark.parametrize(("junk", "where"), [
    (b"x", b"</row>"), (b"<!-- 5 -->", b"</row>"), (b"<c r=\"Z9\"/>", b"</row>")])
def test_one_findall_refuses_what_the_tokens_leave(junk: bytes, where: bytes) -> None:
    """What a ``sub`` of the tokens would have left (a byte, a comment, a cell outside a
    row) raises where the one ``findall`` meets it."""
    from tests.test_xlsx48_dialects import _EXCEL_ROWS, _sheet

    data = _sheet(_EXCEL_ROWS, "excel").encode()
    found = plain_sheet(data.replace(where, where + junk, 1))
    assert found is not None
    with pytest.raises(NotPlain):
        list(plain_cells(found))
    assert len(list(plain_cells(plain_sheet(data)))) == 9  # type: ignore[arg-type]


def test_codes_module_gives_none_below_its_size() -> None:
    assert xlsx_codes.plain_codes([(1, 1, 0)], [("a", ("", ""))], 1, 1, lambda e: (
        "a", None, None, False, ()), lambda *a: None, set(), set(), set(), set()) is None  # type: ignore[arg-type, return-value]
