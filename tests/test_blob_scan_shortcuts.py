"""The blob searches' shortcuts read exactly what the plain code read (issue 14 §3, issue 12
channel 12): runs searched from the newline before a line (``line_runs``) are the runs of
the ``^`` patterns; reading orders read from the grid when asked (``_Across``, ``_Down``)
have the texts and cells of the lists ``zip_longest`` made; ``cell_text``'s screen of the
whole grid lets go only of tables in which its loop reads no cell. Each is held to the plain
code (copied below as it was) on random inputs."""

from __future__ import annotations

import random
import re
from itertools import zip_longest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.outputs import HiddenItem
from sdc.readers import cell_text, release_blobs
from sdc.readers.cell_text import (
    INVISIBLE,
    MIN_ENCODED,
    line_runs,
    one_cell_text,
    reading_orders,
    split_blobs,
)
from sdc.readers.parts import TextPart
from sdc.table import Grid, RawCell, Table

# cells as lines: base64/hex pieces, small and long numbers, words, padding, blanks, spaces
# and tabs around them, a cell of several lines' stand-in, markers
LINES = ["", "", " ", "\t", "aGVsbG8gd29y", "bGQ=", "QUJD", "12", "1234", "100001", "3", "7",
         "255", "ff", "0A", "2021-12-10", "F", "M", "North East", "  ab+/", "x_y-z", "==",
         "12=", "00ff", "\x00", "Total", " 4567 ", "a b", "[c]", " 42 "]
PATTERNS = [cell_text._RUN_LINES, release_blobs._STRONG_RUN, release_blobs._SMALL_RUN]


@st.composite
def order_texts(draw: st.DrawFn) -> str:
    """An order's text (every line ended, as ``_Order.text`` writes it), with long runs of
    one kind of line now and then (a column of small numbers, of pieces)."""
    lines = draw(st.lists(st.sampled_from(LINES), max_size=80))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = [draw(st.sampled_from(LINES))] * draw(st.integers(1, 30))
    return "".join(f"{line}\n" for line in lines)


@settings(max_examples=300, deadline=None)
@given(order_texts(), st.sampled_from(PATTERNS))
def test_runs_led_by_a_newline_are_the_anchored_patterns(text: str,
                                                         pattern: re.Pattern[str]) -> None:
    plain = [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    assert list(line_runs(pattern, text)) == plain
    # as release_blobs reads its texts: cells that are not pieces, not small numbers blanked
    for blanked in (release_blobs._NOT_PIECE.sub("", text),
                    release_blobs._NOT_SMALL.sub("", text)):
        assert list(line_runs(pattern, blanked)) == [
            (m.start(), m.group(0)) for m in pattern.finditer(blanked)]


@settings(max_examples=200, deadline=None)
@given(order_texts(), st.sampled_from(PATTERNS), st.sampled_from([0, 1, 5, MIN_ENCODED, 60]))
def test_led_runs_of_a_least_length_are_the_runs_that_long(text: str,
                                                           pattern: re.Pattern[str],
                                                           least: int) -> None:
    """``led_runs(..., min_chars)`` (what ``_Order.runs`` reads) leaves out exactly the
    shorter runs, at the same places (round 24, long5)."""
    plain = [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    got = list(cell_text.led_runs(pattern, "\n" + text, least))
    assert got == [(start, block) for start, block in plain if len(block) >= least]
    if least == 0:
        assert got == plain


def test_a_long_column_of_small_numbers_is_one_run_either_way() -> None:
    rng = random.Random(3)
    text = "imd\n" + "".join(f"{rng.randint(1, 10)}\n" for _ in range(5000)) + "Total\n"
    plain = [(m.start(), m.group(0)) for m in release_blobs._SMALL_RUN.finditer(text)]
    assert list(line_runs(release_blobs._SMALL_RUN, text)) == plain
    assert len(plain) == 1 and plain[0][0] == 4


def _table(grid: Grid) -> Table:
    return Table(path="t.csv", sheet=None, dimensions=[], row_dimensions=[],
                 column_dimensions=[], measures=[], cells=[], layout="long", grid=grid)


# --- reading orders read from the grid -------------------------------------------------------

def _plain_orders(tables: list[Table]) -> list[tuple[list[RawCell | None], list[int]]]:
    """``reading_orders`` as it was: every order a list of cells (None where a row is short),
    with the table of each cell."""
    across: list[RawCell | None] = []
    across_of: list[int] = []
    columns: dict[int, tuple[list[RawCell | None], list[int]]] = {}
    titles: list[RawCell | None] = []
    titles_of: list[int] = []
    for index, table in enumerate(tables):
        cells = [c for row in table.grid for c in row]
        across += cells
        across_of += [index] * len(cells)
        titles.append(next((c for row in table.grid for c in row if c.raw), None))
        titles_of.append(index)
        for position, column in enumerate(zip_longest(*table.grid)):
            got = columns.setdefault(position, ([], []))
            got[0].extend(column)
            got[1].extend([index] * len(column))
    return [(across, across_of), *columns.values()] + (
        [(titles, titles_of)] if len(tables) > 1 else [])


def _plain_text(cells: list[RawCell | None]) -> str:
    raws = [c.raw if c is not None else "" for c in cells]
    text = "\n".join(raws) + "\n"
    if text.count("\n") != len(raws):
        text = "\n".join(r if "\n" not in r and "\r" not in r else "\x00" for r in raws) + "\n"
    return text


TEXTS = ["", "", " ", "12", "3", "North", "aGVsbG8gd29y", "bGQ=", "[c]", "a\nb", "x\r", "Zoë",
         "ff", "total", "\u200bx", "A" * 30]


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """A grid as a reader makes it: rows of cells in columns 1, 2, ..., ragged, some empty."""
    rows = []
    for r in range(draw(st.integers(0, 8))):
        width = draw(st.integers(0, 5))
        rows.append([RawCell(r + 1, c + 1, draw(st.sampled_from(TEXTS)))
                     for c in range(width)])
    return Grid(rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(grids(), min_size=1, max_size=3))
def test_orders_read_from_the_grid_are_the_lists(grids_: list[Grid]) -> None:
    tables = [_table(g) for g in grids_]
    orders = reading_orders(tables)
    plain = _plain_orders(tables)
    assert len(orders) == len(plain)
    for order, (cells, table_of) in zip(orders, plain, strict=True):
        assert order.size == len(cells)
        # the one-table text (each file's search) is the list's, "\n" for no cells at all
        expected = _plain_text(cells) if len(order.segments) == 1 or cells else "\n"
        assert order.text() == expected
        for k, cell in enumerate(cells):
            assert order.at(k) == (table_of[k], cell)


# --- cell_text's screen ------------------------------------------------------------------------

def _plain_cell_text(table: Table) -> tuple[list[HiddenItem], list[TextPart]]:
    """``cell_text`` as it was: every cell looked at."""
    hidden: list[HiddenItem] = []
    parts: list[TextPart] = []
    for row in table.grid:
        for cell in row:
            if len(cell.raw) >= MIN_ENCODED or INVISIBLE.search(cell.raw):
                one_cell_text(cell.ref, cell.raw, hidden, parts)
    return hidden, parts


BLOB = "SGVsbG8sIHRoaXMgaXMgYSBoaWRkZW4gbGlzdCBvZiBuYW1lcw=="
CELL_TEXTS = ["", "12", "North East", "a\nb", "\u200b", "x\u00ady", BLOB, "A" * 23, "A" * 24,
              "line one\nline two and some more text", "0a" * 13]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CELL_TEXTS), max_size=4), max_size=6))
def test_the_screen_lets_go_only_of_tables_the_loop_finds_nothing_in(
        rows: list[list[str]]) -> None:
    table = _table(Grid([[RawCell(r + 1, c + 1, raw) for c, raw in enumerate(row)]
                             for r, row in enumerate(rows)]))
    assert cell_text.cell_text(table) == _plain_cell_text(table)


def test_a_blob_split_down_a_grid_read_when_asked_is_still_found() -> None:
    # the runs' cells are taken from the grid where the run is found (``_Across``, ``_Down``)
    pieces = [BLOB[i:i + 8] for i in range(0, len(BLOB), 8)]
    grid = Grid([[RawCell(1, 1, "id"), RawCell(1, 2, "code")]] + [
        [RawCell(r + 2, 1, str(r + 1)), RawCell(r + 2, 2, piece)]
        for r, piece in enumerate(pieces)])
    found = split_blobs([_table(grid)])
    assert [(index, [h.cell for h in hidden]) for index, hidden, _ in found] == [(0, ["B2"])]
    assert "hidden list of names" in found[0][2][0].text


@pytest.mark.parametrize("odd", [None, "North\u200bEast", "x\u00ady", BLOB, "A" * 24])
def test_a_grid_read_as_codes_is_screened_by_its_distinct_texts(tmp_path: Path,
                                                                odd: str | None) -> None:
    """A CSV's grid read as codes is screened by its distinct texts (from its codes): one
    label among 3,000 rows holding an invisible character or an encoded run is still read,
    as the loop over every cell reads it; a twin of plain labels gives nothing."""
    from sdc.policy import build_policy
    from sdc.readers import read_file

    rows = [f"{region},{sex},{k % 7 + 3}" for k in range(3000)
            for region, sex in [(("North East", "South West")[k % 2], ("F", "M")[k % 3 == 0])]]
    if odd is not None:
        rows[1717] = f"{odd},F,4"
    path = tmp_path / "long.csv"
    path.write_text("region,sex,n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table = read_file(path, "long.csv", build_policy({}).read_options())[0].table
    assert table is not None
    plain = _plain_cell_text(table)  # every cell looked at
    assert table.grid.pack() and cell_text._as_texts(table.grid)  # as the reader screens it
    found = cell_text.cell_text(table)
    assert found == plain
    # 24 A's are read (24 characters) but decode to a few bytes: nothing to say
    assert {h.cell for h in found[0]} == (set() if odd in (None, "A" * 24) else {"A1719"})
