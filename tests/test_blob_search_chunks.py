"""The blob search reads a grid's texts in chunks and remembers long texts by digest (issue 12
channel 12, issue 14 §3: the lists, joins and sets of a 100,000-row table's search were the
reading's peak) and finds exactly what it found before: an order's text joined from chunks
is the text of one list (a cell of several lines anywhere makes every such cell ``\\x00``,
as before), the led text is that text after a newline, a run's pieces are ``split()``'s,
and ``split_blobs`` gives the same items and text as the plain search (copied below as it
was) on random grids, with the chunks as small as one row."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from itertools import zip_longest

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.outputs import HiddenItem
from sdc.readers import cell_text
from sdc.readers.cell_text import (
    _LETTER,
    _RUN_LINES,
    MAX_RUN_CHARS,
    MIN_ENCODED,
    _as_text,
    _candidates,
    _decode_joined,
    _opaque,
    _pieces,
    line_runs,
    memo_key,
    reading_orders,
    split_blobs,
)
from sdc.readers.parts import TextPart
from sdc.table import Grid, RawCell, Table


@contextlib.contextmanager
def chunks(text_rows: int, piece_chars: int, digest_from: int) -> Iterator[None]:
    """The search with chunks of ``text_rows`` rows and ``piece_chars`` characters, texts
    from ``digest_from`` characters remembered by digest."""
    saved = (cell_text.TEXT_CHUNK, cell_text.PIECES_CHUNK, cell_text.MEMO_DIGEST_FROM)
    cell_text.TEXT_CHUNK, cell_text.PIECES_CHUNK, cell_text.MEMO_DIGEST_FROM = (
        text_rows, piece_chars, digest_from)
    try:
        yield
    finally:
        cell_text.TEXT_CHUNK, cell_text.PIECES_CHUNK, cell_text.MEMO_DIGEST_FROM = saved


def _table(grid: Grid) -> Table:
    return Table(path="t.csv", sheet=None, dimensions=[], row_dimensions=[],
                 column_dimensions=[], measures=[], cells=[], layout="long", grid=grid)


BLOB = "SGVsbG8sIHRoaXMgaXMgYSBoaWRkZW4gbGlzdCBvZiBuYW1lcw=="
PIECES = [BLOB[i:i + 8] for i in range(0, len(BLOB), 8)]
TEXTS = ["", "", " ", "12", "3", "1234", "North", "North East", "Asthma", "Female", "a\nb",
         "x\r", "Zoë", "ff", "total", "\u200bx", "A" * 30, "0a" * 13, *PIECES]


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """A grid as a reader makes it: rows of cells in columns 1, 2, ..., ragged, some empty,
    with a blob's pieces down a column now and then."""
    rows = []
    for r in range(draw(st.integers(0, 14))):
        width = draw(st.integers(0, 5))
        rows.append([RawCell(r + 1, c + 1, draw(st.sampled_from(TEXTS)))
                     for c in range(width)])
    if rows and draw(st.booleans()):
        col = draw(st.integers(0, 3))
        at = draw(st.integers(0, len(rows) - 1))
        for k, piece in enumerate(PIECES[:draw(st.integers(2, len(PIECES)))]):
            if at + k < len(rows):
                row = rows[at + k]
                while len(row) <= col:
                    row.append(RawCell(at + k + 1, len(row) + 1, ""))
                row[col] = RawCell(at + k + 1, col + 1, piece)
    return Grid(rows)


def _plain_text(cells: list[RawCell | None]) -> str:
    """``_Order.text`` as it was: one list of every cell's text, joined."""
    raws = [c.raw if c is not None else "" for c in cells]
    text = "\n".join(raws) + "\n"
    if text.count("\n") != len(raws):
        text = "\n".join(r if "\n" not in r and "\r" not in r else "\x00" for r in raws) + "\n"
    return text


def _order_cells(tables: list[Table]) -> list[list[RawCell | None]]:
    """Each reading order's cells as lists (as ``zip_longest`` made them)."""
    across = [c for t in tables for row in t.grid for c in row]
    columns: dict[int, list[RawCell | None]] = {}
    for t in tables:
        for position, column in enumerate(zip_longest(*t.grid)):
            columns.setdefault(position, []).extend(column)
    titles = [next((c for row in t.grid for c in row if c.raw), None) for t in tables]
    return [across, *columns.values()] + ([titles] if len(tables) > 1 else [])


@settings(max_examples=150, deadline=None)
@given(st.lists(grids(), min_size=1, max_size=3), st.integers(1, 4))
def test_an_orders_text_joined_from_chunks_is_the_one_lists(grids_: list[Grid],
                                                             rows: int) -> None:
    tables = [_table(g) for g in grids_]
    with chunks(rows, 16, 8):
        orders = reading_orders(tables)
        for order, cells in zip(orders, _order_cells(tables), strict=True):
            expected = _plain_text(cells)
            assert order.text() == expected
            assert order.text(lead="\n") == "\n" + expected


def test_a_cell_of_several_lines_in_a_later_chunk_flattens_the_earlier_ones() -> None:
    # as one list: "x\r" is "\x00" only because a cell of two lines is in the same order
    grid = Grid([[RawCell(1, 1, "x\r")], [RawCell(2, 1, "ok")], [RawCell(3, 1, "a\nb")]])
    with chunks(1, 16, 8):
        assert reading_orders([_table(grid)])[0].text() == "\x00\nok\n\x00\n"
    alone = Grid([[RawCell(1, 1, "x\r")], [RawCell(2, 1, "ok")]])
    with chunks(1, 16, 8):
        assert reading_orders([_table(alone)])[0].text() == "x\r\nok\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "ab", "Asthma", "  x1 ", "QUJD=", "7"]),
                max_size=60), st.integers(1, 12))
def test_a_runs_pieces_are_split_s(lines: list[str], size: int) -> None:
    block = "".join(f"{line}\n" for line in lines)
    with chunks(4096, size, 8):
        assert _pieces(block) == block.split()


def test_long_texts_are_remembered_by_a_digest_that_tells_them_apart() -> None:
    rng = random.Random(7)
    long = "".join(rng.choice("ab") for _ in range(5000))
    other = long[:-1] + ("a" if long[-1] == "b" else "b")
    assert memo_key(long) == memo_key(long[:]) != memo_key(other)
    assert isinstance(memo_key(long), bytes) and memo_key("short") == "short"
    assert memo_key("\ud800" * 5000) != memo_key("\ud801" * 5000)  # lone surrogates too


def _plain_split_blobs(tables: list[Table]
                       ) -> list[tuple[int, list[HiddenItem], list[TextPart]]]:
    """``split_blobs`` as it was: every order's text as one list's, every run made, the
    texts remembered as themselves."""
    found = []
    tried: set[str] = set()
    runs: set[str] = set()
    for order in reading_orders(tables):
        text = _plain_text([order.at(k)[1] for k in range(order.size)])
        line = at = 0
        for start, block in line_runs(_RUN_LINES, text):
            if len(block) < MIN_ENCODED:
                continue
            if len(block) - block.count("\n") < MIN_ENCODED or not _LETTER.search(block):
                continue
            line += text.count("\n", at, start)
            at = start
            run = cell_text._Run(order, line, block)
            assert run.texts == block.split()
            key = "\n".join(run.texts)
            if key in runs:
                continue
            runs.add(key)
            for begin, stop in _candidates(run):
                joined = "".join(run.texts[begin:stop])[:MAX_RUN_CHARS]
                if len(joined) < MIN_ENCODED or joined in tried:
                    continue
                tried.add(joined)
                data = _decode_joined(joined)
                decoded = _as_text(data) if data is not None else None
                if decoded is not None:
                    found.append(cell_text._split_found(run, begin, stop, "encoded text",
                                                        decoded))
                    break
            else:
                span = next((s for s in _candidates(run) if _opaque(run.texts[s[0]:s[1]])),
                            None)
                if span is not None:
                    found.append(cell_text._split_found(run, *span, "encoded data", None))
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(grids(), min_size=1, max_size=3), st.integers(1, 4),
       st.sampled_from([8, 24, 4096]))
def test_split_blobs_in_chunks_finds_what_the_plain_search_found(
        grids_: list[Grid], rows: int, digest_from: int) -> None:
    tables = [_table(g) for g in grids_]
    expected = _plain_split_blobs(tables)
    with chunks(rows, 16, digest_from):
        assert split_blobs(tables) == expected


def test_a_long_column_of_labels_and_a_blob_beside_it() -> None:
    # 20,000 rows: the label column is one run of 20,000 pieces (split in chunks, kept by
    # digest); the blob down the next column is still found, at its cell
    rows = [[RawCell(1, 1, "condition"), RawCell(1, 2, "note")]]
    for r in range(2, 20_002):
        note = PIECES[r - 100] if 100 <= r < 100 + len(PIECES) else ""
        rows.append([RawCell(r, 1, "Asthma"), RawCell(r, 2, note)])
    tables = [_table(Grid(rows))]
    found = split_blobs(tables)
    assert found == _plain_split_blobs(tables)
    cells = [h.cell for _, hidden, _ in found for h in hidden]
    assert "B100" in cells
    assert any("hidden list of names" in p.text for _, _, parts in found for p in parts)
