"""Round 50 (blobs50): the release's search for smuggled pieces reads each reading order a
window at a time (``release_blobs.search_order``), never its text whole, and finds exactly
what the search of the whole text found (issue 14 §3)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.readers import cell_text, release_blobs
from sdc.readers.cell_text import TextCells, _Order, reading_orders
from sdc.readers.release_blobs import (
    _NOT_PIECE,
    _NOT_SMALL,
    _char_codes,
    _Found,
    _interleaved,
    each_line_subs,
    search_order,
)
from sdc.table import Grid, RawCell, Table

SECRET = "Jane Smith, 12 Acacia Avenue; John Brown, 3 High Street; Ann Lee, 9 Mill Lane"
BLOB = base64.b64encode(SECRET.encode()).decode()
PIECES = [BLOB[i:i + 8] for i in range(0, len(BLOB), 8)]
CODES = [str(ord(c)) for c in "Ann Lee, Bob Ray, Cat Doe, Dan Fox"]
HEXES = [f"{ord(c):02x}" for c in "Ann Lee; Bob Ray; Cat Doe; Dan Fox"]
WORDS = ["", "", " ", "12", "3", "7", "1234", "North", "North East", "Asthma", "Female",
         "a\nb", "x\r", "\r", "Zoë", "ff", "0A", "total", "0-17", "18-64", "[c]", "\t42\t",
         "\x00", "QUJD", "aGVs"]


def _table(grid: Grid, path: str) -> Table:
    return Table(path=path, sheet=None, dimensions=[], row_dimensions=[],
                 column_dimensions=[], measures=[], cells=[], layout="long", grid=grid)


@dataclass
class _Screened:
    """A file read column by column (``cell_text.ReadAsText``): its texts one a line."""

    rows: list[list[str]]

    @property
    def across(self) -> TextCells:
        texts = [t for row in self.rows for t in row]
        return TextCells("".join(t + "\n" for t in texts), len(texts), len(self.rows[0]))

    @property
    def down(self) -> list[TextCells]:
        return [TextCells("".join(row[c] + "\n" for row in self.rows), len(self.rows), 1, c + 1)
                for c in range(len(self.rows[0]))]

    @property
    def first(self) -> RawCell:
        return RawCell(1, 1, self.rows[0][0])


@st.composite
def columns(draw: st.DrawFn) -> list[str]:
    """A column of labels, counts, markers and blanks, now and then with a smuggled run in
    it (base64 pieces, character codes, hex pairs: the search's three kinds)."""
    texts = draw(st.lists(st.sampled_from(WORDS), max_size=40))
    if draw(st.booleans()):
        run = draw(st.sampled_from([PIECES, CODES, HEXES]))
        at = draw(st.integers(0, len(texts)))
        step = draw(st.integers(1, 3))  # interleaved with the column's other cells
        for k, piece in enumerate(run):
            texts.insert(min(at + k * step, len(texts)), piece)
    return texts


@st.composite
def releases(draw: st.DrawFn) -> list[Table | _Screened]:
    """One to four tables of one to three columns; some read column by column."""
    tables: list[Table | _Screened] = []
    for k in range(draw(st.integers(1, 4))):
        cols = draw(st.lists(columns(), min_size=1, max_size=3))
        rows = max(1, max(map(len, cols)))
        texts = [[col[r] if r < len(col) else "" for col in cols] for r in range(rows)]
        if draw(st.booleans()) and not any("\n" in t or "\r" in t for row in texts for t in row):
            tables.append(_Screened(texts))
        else:
            grid = Grid([[RawCell(r + 1, c + 1, t) for c, t in enumerate(row)]
                         for r, row in enumerate(texts)])
            tables.append(_table(grid, f"p{k}.csv"))
    return tables


def _whole(order: _Order, paths: list[str]) -> list[_Found]:
    """The search as it was before round 50: the order's text whole, blanked whole."""
    text = order.text()
    pieces_only, skipped = each_line_subs((_NOT_PIECE, _NOT_SMALL), text)
    return [*_interleaved(order, text, paths, pieces_only), *_char_codes(order, text, skipped)]


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of two rows, blanked a few characters at a time: every run crosses windows."""
    monkeypatch.setattr(cell_text, "TEXT_CHUNK", 2)
    monkeypatch.setattr(release_blobs, "CHUNK", 3)
    monkeypatch.setattr(release_blobs, "LINES_FROM", 8)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=releases())
def test_the_streamed_search_finds_what_the_whole_text_search_found(
        small_windows: None, tables: list[Table | _Screened]) -> None:
    paths = [f"p{k}.csv" for k in range(len(tables))]
    for order in reading_orders(tables):  # type: ignore[arg-type]
        assert search_order(order, paths) == _whole(order, paths)


def _grid(texts: list[list[str]]) -> Grid:
    return Grid([[RawCell(r + 1, c + 1, t) for c, t in enumerate(row)]
                 for r, row in enumerate(texts)])


def test_codes_spread_over_two_files_are_found_across_windows(small_windows: None) -> None:
    half = len(CODES) // 2
    first = _table(_grid([["n"], *([c] for c in CODES[:half])]), "p1.csv")
    second = _table(_grid([["n"], *([c] for c in CODES[half:])]), "p2.csv")
    paths = ["p1.csv", "p2.csv"]
    across = reading_orders([first, second])[0]
    found = search_order(across, paths)
    assert found == _whole(across, paths)
    # the headings end the runs in the text; with every other cell skipped, one run over both
    whole = [f for f in found if f.text == "Ann Lee, Bob Ray, Cat Doe, Dan Fox"]
    assert [(f.what, f.cells[0][0], f.cells[0][1].ref, f.cells[-1][0], f.cells[-1][1].ref,
             len(f.cells)) for f in whole] == [
        ("character codes", 0, "A2", 1, f"A{len(CODES) - half + 1}", len(CODES))]


def test_pieces_between_labels_are_found_and_a_multi_line_cell_after_a_return(
        small_windows: None) -> None:
    rows = [["region", "x"]] + [["North East", p] for p in PIECES]
    rows[3][0] = "x\r"  # a carriage return first, then a cell of several lines: flat text
    rows[-2][0] = "a\nb"
    table = _table(_grid(rows), "p1.csv")
    across = reading_orders([table])[0]
    found = search_order(across, ["p1.csv"])
    assert found == _whole(across, ["p1.csv"])
    assert [(f.what, f.text, f.cells[0][1].ref, len(f.cells)) for f in found] == [
        ("encoded text", SECRET, "B2", len(PIECES))]


def test_counts_alone_spell_nothing(small_windows: None) -> None:
    rows = [["n"]] + [[str(v)] for v in range(5, 400, 7)]
    order = reading_orders([_table(_grid(rows), "p1.csv")])[1]
    assert search_order(order, ["p1.csv"]) == [] == _whole(order, ["p1.csv"])
