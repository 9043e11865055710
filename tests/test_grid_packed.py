"""A packed grid (``Grid.pack``: codes per column, ``sdc.grid_columns``) answers every ``Grid``
question exactly as the grid of rows it was packed from, and keeps as themselves the cells and
rows something else held when it was packed (issue 14 §3, issue 12 channel 12).

Random grids are built twice from one seeded description (the same fields, separate objects):
one stays rows, the other is packed; every method is asked of both and the answers compared
field by field (a value's type and a zero's sign too)."""

from __future__ import annotations

import copy
import csv
import math
import pickle
import random
from pathlib import Path

import pytest

import sdc.table
from sdc.charts.chart_table import ChartCell
from sdc.engine import run
from sdc.policy import build_policy
from sdc.table import Grid, RawCell

ODD: list[tuple] = [("1", 1, None, False), ("1", 1.0, None, False), ("0", 0.0, None, False),
                    ("0", -0.0, None, False), ("nan", float("nan"), None, False),
                    ("", None, "", False), ("", None, None, False), (" ", None, None, False),
                    ("[c]", None, "[c]", False), ("[c]", None, "[c]", True),
                    ("7", 7.0, None, True), ("North", None, None, False),
                    ("South", None, None, False), ("12", 12.0, None, False)]


def _spec(rng: random.Random, regular: bool) -> list[list[tuple]]:
    """Rows of cell fields ``(kind, row, col, raw, value, marker, hidden)``; ``regular``:
    every row columns 1, 2, ... of one line (a CSV's), else some rows skip or repeat a column
    or run onto the next line."""
    shared = [rng.choice(ODD) for _ in range(4)]  # labels that repeat down a column
    rows: list[list[tuple]] = []
    for line in range(1, rng.randint(2, 120)):
        roll = rng.random()
        if roll < 0.05:
            rows.append([])
            continue
        width = rng.choice([1, 3, 5, 5, 5, 6])
        row = [("raw", line, j, *(shared[j % 4] if rng.random() < 0.6 else rng.choice(ODD)))
               for j in range(1, width + 1)]
        if rng.random() < 0.05:
            row[-1] = ("chart", line, width, "3", 3.0, None, False)
        if not regular and roll > 0.9 and len(row) > 1:
            kind, ln, col, *fields = row[-1]
            row[-1] = (kind, ln, col + 2, *fields) if roll > 0.95 else (kind, ln + 1, col,
                                                                        *fields)
        rows.append(row)
    return rows


def _built(spec: list[list[tuple]]) -> list[list[RawCell]]:
    out = []
    for row in spec:
        cells: list[RawCell] = []
        for kind, line, col, raw, value, marker, hidden in row:
            if kind == "chart":
                cells.append(ChartCell(row=line, col=col, raw=raw, value=value, handle="bar"))
            else:
                cells.append(RawCell(line, col, raw, value, marker, hidden))
        out.append(cells)
    return out


def _typed(cell: RawCell) -> tuple:
    value = cell.value
    sign = None if value is None or value != 0 else math.copysign(1.0, value)
    nan = isinstance(value, float) and math.isnan(value)
    return (type(cell), cell.row, cell.col, cell.raw, "nan" if nan else value, cell.marker,
            cell.hidden, type(value), sign)


def _rows(rows: list[list[RawCell]]) -> list[list[tuple]]:
    return [[_typed(c) for c in row] for row in rows]


def _same_answers(plain: Grid, packed: Grid, equal: bool = True) -> None:
    """Every ``Grid`` question, asked of both: the same cells (by their fields). ``equal``:
    the grids compare equal too (not after a pickle: a NaN equals only itself)."""
    n = len(plain)
    assert len(packed) == n and bool(packed) == bool(plain)
    assert _rows(list(packed)) == _rows(list(plain))
    for i in [*range(n), -1, -n] if n else []:
        assert _rows([packed[i]]) == _rows([plain[i]])
    for piece in (slice(None), slice(1, 4), slice(-3, None), slice(None, None, 2)):
        assert _rows(packed[piece]) == _rows(plain[piece])
    with pytest.raises(IndexError):
        packed[n]
    assert [_typed(c) for c in packed.cells()] == [_typed(c) for c in plain.cells()]
    assert packed.is_regular() == plain.is_regular()
    for col in range(-1, 10):
        assert [_typed(c) for c in packed.column(col)] == [_typed(c) for c in plain.column(col)]
        assert packed.column_texts(col) == plain.column_texts(col) == \
            {c.raw for c in plain.column(col)}
    assert packed.first_lines() == plain.first_lines()
    assert packed.fewest_cells() == plain.fewest_cells()
    assert packed.widths_of_rows() == plain.widths_of_rows() == [len(r) for r in plain]
    assert packed.texts_across() == plain.texts_across() == [c.raw for c in plain.cells()]
    for start, stop in ((0, 1), (1, 4), (2, n + 3), (n - 1, n), (n, n + 1), (3, 2)):
        assert packed.texts_across(start, stop) == plain.texts_across(start, stop) == [
            c.raw for row in list(plain)[max(0, start):stop] for c in row]
    assert packed.distinct_texts() == plain.distinct_texts() == {c.raw for c in plain.cells()}
    for k in (0, 1, 3, 50, n + 5):
        assert _rows(packed.head(k)) == _rows(plain.head(k)) == _rows(plain[:k])
    for at in range(-1, 9):
        assert packed.position_texts(at) == plain.position_texts(at) == [
            r[at].raw if 0 <= at < len(r) else "" for r in plain]
    lines = [r[0].row for r in plain if r]
    for on in ({1}, set(lines[:3]), set(range(1, 200, 3)), set(), {10**6}):
        assert _rows(packed.rows_on(on)) == _rows(plain.rows_on(on))
        assert _rows(packed.rows_on(dict.fromkeys(on))) == _rows(plain.rows_on(on))
    for line in [*lines, 0, 10**6]:
        a, b = packed.row_at(line), plain.row_at(line)
        assert (a is None) == (b is None) and (a is None or _rows([a]) == _rows([b]))
    if equal:
        assert packed == plain and plain == packed and packed == list(plain)


@pytest.mark.parametrize("seed", range(60))
def test_a_packed_grid_answers_as_its_rows(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sdc.table, "ENCODED_FROM", 0)  # small grids packed too
    rng = random.Random(seed)
    regular = seed % 3 != 0
    spec = _spec(rng, regular)
    plain = Grid(_built(spec))
    rows = _built(spec)
    packed = Grid(rows, regular=True if regular and seed % 2 else None)
    cells = [c for row in rows for c in row]
    held = rng.sample(cells, k=min(len(cells), rng.randint(0, 12)))
    held_row = rng.choice(rows)
    del rows, cells
    if not packed.pack():
        pytest.skip("not packed: the texts barely repeat")
    assert packed.packed
    _same_answers(plain, packed)
    # the held cells and row are the grid's, however reached
    for cell in held:
        assert any(c is cell for c in packed.cells())
        assert any(c is cell for c in packed.column(cell.col))
        row = packed.row_at(cell.row)
        assert row is None or row[0].row != cell.row or any(c is cell for c in packed.cells())
    assert any(r is held_row for r in packed)
    # as rows again for a pass (engine._rows_while), the held cells and row still its own
    assert packed.unpack() and not packed.packed and not packed.unpack()
    _same_answers(plain, packed)
    assert all(any(c is cell for c in packed.cells()) for cell in held)
    assert any(r is held_row for r in packed)
    assert packed.pack()
    for again in (pickle.loads(pickle.dumps((packed, held, held_row), 5)),
                  copy.deepcopy((packed, held, held_row))):
        grid2, held2, row2 = again
        assert grid2.packed
        _same_answers(plain, grid2, equal=False)
        ids = {id(c) for c in grid2.cells()}
        assert all(id(c) in ids for c in held2)
        assert any(r is row2 for r in grid2)


# each way a pass can be handed a grid's cells (``Grid.unpack_on_use`` unpacks before any)
HAND_OUT = {
    "iter": lambda g: [c for row in g for c in row],
    "getitem": lambda g: g[0] + [c for row in g[1:] for c in row],
    "cells": lambda g: list(g.cells()),
    "column": lambda g: [c for col in range(10) for c in g.column(col)],
    "rows_on": lambda g: [c for row in g.rows_on(set(range(200))) for c in row],
    "row_at": lambda g: [c for line in range(200) for c in (g.row_at(line) or [])],
}


@pytest.mark.parametrize("way", sorted(HAND_OUT))
@pytest.mark.parametrize("seed", range(12))
def test_a_grid_unpacked_on_use_hands_out_its_own_cells(seed: int, way: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Under ``unpack_on_use`` (``engine._rows_while``) a packed grid answers texts from its
    codes, and is unpacked before it hands out its first cell: every cell a pass reads is
    then one object however often it is read, as on a grid unpacked before the pass, so a
    pass keying cells by ``id()`` cannot meet a made-again cell whose id was reused."""
    monkeypatch.setattr(sdc.table, "ENCODED_FROM", 0)
    rng = random.Random(seed)
    spec = _spec(rng, seed % 3 != 0)
    plain = Grid(_built(spec))
    packed = Grid(_built(spec))
    if not packed.pack():
        pytest.skip("not packed: the texts barely repeat")
    assert packed.unpack_on_use()
    # texts, widths and lines are read from the codes: still packed
    _texts_only(plain, packed)
    assert packed.packed
    first = HAND_OUT[way](packed)
    assert not packed.packed  # unpacked before the first cell was handed out
    again = HAND_OUT[way](packed)
    assert len(first) == len(again) and all(a is b for a, b in zip(first, again, strict=True))
    assert all(any(c is cell for c in packed.cells()) for cell in first)
    _same_answers(plain, packed)
    assert packed.end_unpack_on_use()  # unpacked meanwhile: the caller packs it again
    assert packed.pack()
    # no longer marked: a packed grid hands out cells made again, and stays packed
    assert [c.raw for c in packed.column(1)] == [c.raw for c in plain.column(1)]
    assert packed.packed
    # a grid never asked for a cell stays packed, and says so
    assert packed.unpack_on_use()
    _texts_only(plain, packed)
    assert not packed.end_unpack_on_use() and packed.packed
    # a grid of rows is not marked
    assert not plain.unpack_on_use() and not plain.end_unpack_on_use()


def _texts_only(plain: Grid, packed: Grid) -> None:
    """The questions answered without a cell, asked of both."""
    assert len(packed) == len(plain)
    assert packed.distinct_texts() == plain.distinct_texts()
    assert packed.texts_across() == plain.texts_across()
    for start in range(0, len(plain) + 1, 3):  # chunks of rows, from the codes
        assert packed.texts_across(start, start + 3) == plain.texts_across(start, start + 3)
    assert packed.first_lines() == plain.first_lines()
    assert packed.widths_of_rows() == plain.widths_of_rows()
    assert packed.fewest_cells() == plain.fewest_cells()
    assert packed.is_regular() == plain.is_regular()
    for col in range(-1, 10):
        assert packed.column_texts(col) == plain.column_texts(col)
    for at in range(-1, 9):
        assert packed.position_texts(at) == plain.position_texts(at)
    assert _rows(packed.head(50)) == _rows(plain.head(50))


def test_unheld_cells_are_packed_and_held_ones_pinned(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """Only what something else holds is kept as an object: a long table's label cells go,
    the cells held (as a data cell holds its source) stay, one object with their holder."""
    rows = [[RawCell(line, 1, f"R{line % 5}"), RawCell(line, 2, "F" if line % 2 else "M"),
             RawCell(line, 3, str(line), float(line))] for line in range(1, 1001)]
    sources = [row[2] for row in rows]
    grid = Grid(rows, regular=True)
    del rows
    assert grid.pack()
    packed = grid._packed
    assert packed is not None and not packed.plain
    assert set(packed.pins) == {2} and packed.pins[2] == sources
    assert len(packed.meanings) == 2 + 5 + 2  # the codes' meanings: the labels only
    assert all(a is b for a, b in zip(grid.column(3), sources, strict=True))
    first = grid.column(1)
    assert [c.raw for c in first] == [f"R{line % 5}" for line in range(1, 1001)]
    assert grid.column(1)[0] is not first[0]  # made again: nothing held the first one


def test_a_grid_not_worth_packing_stays_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    distinct = Grid([[RawCell(line, 1, f"id{line}"), RawCell(line, 2, "3", 3.0)]
                     for line in range(1, 2001)])
    assert not distinct.pack() and not distinct.packed  # a code and a meaning per cell
    small = Grid([[RawCell(1, 1, "a")]])
    assert not small.pack() and not small.packed
    monkeypatch.setattr(sdc.table, "_BASE_REFS", (-1, -1))  # no reference counts
    counted = Grid([[RawCell(line, 1, "a")] for line in range(1, 2001)])
    assert not counted.pack() and not counted.packed


def test_a_packed_grid_grows_as_rows() -> None:
    grid = Grid([[RawCell(line, 1, "a"), RawCell(line, 2, "b")] for line in range(1, 1001)])
    assert grid.pack()
    late = [RawCell(5000, 1, "late")]
    grid.append(late)
    assert not grid.packed and grid[-1] is late and len(grid) == 1001
    assert [c.raw for c in grid.column(2)] == ["b"] * 1000


def test_a_checked_table_keeps_its_grid_packed_with_its_sources(tmp_path: Path) -> None:
    """After a check the table's grid is packed; each data cell's source is still the grid's
    cell at its place, and the grid holds what the file holds."""
    rng = random.Random(7)
    path = tmp_path / "long.csv"
    lines = [["region", "sex", "year", "n"]]
    lines += [[f"R{i % 40}", "FM"[i % 2], str(2000 + i % 20), str(rng.randint(10, 99))]
              for i in range(2000)]
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(lines)
    checked = run([path], build_policy({}))
    (output,) = checked.outputs
    table = output.table
    assert table is not None and table.grid.packed
    assert [[c.raw for c in row] for row in table.grid] == lines
    for data in table.cells:
        assert table.grid.row_at(data.source.row)[data.source.col - 1] is data.source
