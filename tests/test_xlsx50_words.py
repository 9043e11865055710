"""The words of a file's hidden parts read once per distinct line (round 50, issue 14 §3).

A workbook whose shown cells are not known (a hidden sheet with no table) has every cell's
text searched as words (``parts.words_outputs``): 178,000 texts for a 1 MiB long table. Each
distinct line's words are now found once and the word grid is made only when a word is
identifier-like. The outputs must be exactly what they were: here against the round 49 code
(``_old_words_outputs``, kept below as the reference) over generated parts, and an insider's
workbook whose hidden-sheet cells smuggle an identifier has it found at its exact cell.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sdc.identifiers import value_identifier_kind
from sdc.outputs import Output
from sdc.readers import parts
from sdc.readers.parts import TextPart, words, words_outputs, words_table
from sdc.table import Grid, RawCell, Table


def _old_words_table(found: list[TextPart], path: str, sheet: str) -> Table:
    """Round 49's ``words_table``: a line's words read each time it is met."""
    grid: list[list[RawCell]] = []
    for part in found:
        for line in part.text.splitlines():
            tokens = words(line)
            if not tokens:
                continue
            row = len(grid) + 1
            cells = [RawCell(row=row, col=1, raw=part.name)]
            cells += [RawCell(row=row, col=j + 2, raw=w) for j, w in enumerate(tokens)]
            grid.append(cells)
    return Table(path=path, sheet=sheet, dimensions=[], row_dimensions=[],
                 column_dimensions=[], measures=[], cells=[], layout="text", grid=Grid(grid))


def _old_words_outputs(base: Output, found: list[TextPart], sheet: str) -> list[Output]:
    if not found:
        return []
    table = _old_words_table(found, base.path, sheet)
    if not any(value_identifier_kind(c.raw) for row in table.grid for c in row[1:]):
        return []
    out = parts._derived(base, sheet, "\n".join(p.text for p in found))
    out.table = table
    return [out]


def _base(tmp_path: Path) -> Output:
    file = tmp_path / "b.xlsx"
    file.write_bytes(b"x")
    return Output(path="b.xlsx", file=file, extension=".xlsx", size=1, sha256="0")


def _seen(outs: list[Output]) -> list[tuple[object, ...]]:
    return [(o.path, o.sheet, o.kind, o.size, o.text_checked, o.table.layout,
             [[(c.row, c.col, c.raw, c.value, c.marker) for c in r] for r in o.table.grid])
            for o in outs if o.table is not None] + [len(outs)]


_LINES = ["North 12", "943 476 5919", "a.b@example.org", "SW1A 1AA", "", "  ", "=A1+B2",
          "born 01/02/1990", "x\u200b1", "plain text", "12", "(SW1A 1AA)", "[c]", "N/A",
          "mailto:c.d@nhs.net", "1,2;3|4"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["p (formulas and cells)", "docProps/core.xml", "q"]),
                          st.lists(st.sampled_from(_LINES), max_size=12)), max_size=5))
def test_words_outputs_as_round_49(tmp_path: Path, drawn: list[tuple[str, list[str]]]) -> None:
    found = [TextPart(name, "\n".join(lines)) for name, lines in drawn]
    base = _base(tmp_path)
    assert _seen(words_outputs(base, found, "package")) == \
        _seen(_old_words_outputs(base, found, "package"))
    assert [[(c.row, c.col, c.raw) for c in r] for r in words_table(found, "b", "s").grid] == \
        [[(c.row, c.col, c.raw) for c in r] for r in _old_words_table(found, "b", "s").grid]


def test_each_distinct_line_read_once(tmp_path: Path, monkeypatch) -> None:
    """1,000 lines of three texts: ``words`` asked three times (round 49: 1,000)."""
    asked: list[str] = []

    def counted(line: str) -> list[str]:
        asked.append(line)
        return words(line)

    monkeypatch.setattr(parts, "words", counted)
    text = "\n".join(["North", "12", "c.d@example.org"][k % 3] for k in range(1000))
    outs = words_outputs(_base(tmp_path), [TextPart("p", text)], "package")
    assert sorted(asked) == ["12", "North", "c.d@example.org"]
    grid = outs[0].table.grid
    assert len(grid) == 1000
    assert [(c.row, c.col, c.raw) for c in grid[2]] == [(3, 1, "p"), (3, 2, "c.d@example.org")]
    assert [(c.row, c.col, c.raw) for c in grid[999]] == [(1000, 1, "p"), (1000, 2, "North")]
    assert grid[0][1] is not grid[3][1]  # a cell per place, never shared


def test_no_grid_without_an_identifier(tmp_path: Path, monkeypatch) -> None:
    """Without an identifier-like word no ``RawCell`` is made at all."""
    made = 0
    real = parts.RawCell

    def counted(**kwargs: object) -> RawCell:
        nonlocal made
        made += 1
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parts, "RawCell", counted)
    text = "\n".join(["North 12", "South 7", "=A1+B2"] * 400)
    assert words_outputs(_base(tmp_path), [TextPart("p", text)], "package") == []
    assert made == 0


def _insider_book(path: Path, smuggled: str | None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["region", "n"])
    for k in range(300):
        ws.append([["North", "South", "East"][k % 3], 10 + k % 7])
    if smuggled is not None:
        ws["C150"] = smuggled
    hid = wb.create_sheet("hid")
    hid.sheet_state = "hidden"
    hid["A1"] = "secret"  # no table: the shown cells are not known, every cell is searched
    wb.save(path)


def _package_grid(path: Path) -> list[list[tuple[int, int, str]]] | None:
    from sdc import engine
    from sdc.policy import build_policy

    outs = engine.read_release([path], build_policy({}))[0]
    found = [o for o in outs if o.sheet == "package"]
    if not found:
        return None
    assert len(found) == 1 and found[0].table is not None
    return [[(c.row, c.col, c.raw) for c in r] for r in found[0].table.grid]


def test_insider_identifier_in_a_long_book_found(tmp_path: Path) -> None:
    book = tmp_path / "ex.xlsx"
    _insider_book(book, "ref 943 476 5919")
    grid = _package_grid(book)
    assert grid is not None
    hits = [c for r in grid for c in r[1:] if value_identifier_kind(c[2])]
    assert len(hits) == 1
    row, col, raw = hits[0]
    assert raw == "943 476 5919" and col == 3
    assert grid[row - 1][:2] == [(row, 1, "xl/worksheets/sheet1.xml (formulas and cells)"),
                                 (row, 2, "ref")]
    assert row == 570
    lines = [r[0][2] for r in grid]  # header, 300 rows of two cells, C150; the hidden A1
    assert lines.count("xl/worksheets/sheet1.xml (formulas and cells)") == 2 + 600 + 1
    assert lines.count("xl/worksheets/sheet2.xml (formulas and cells)") == 1


def test_insider_book_without_identifier_has_no_words_output(tmp_path: Path) -> None:
    book = tmp_path / "ex.xlsx"
    _insider_book(book, "ref 943 476")
    assert _package_grid(book) is None
