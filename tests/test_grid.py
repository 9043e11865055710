"""``Table.grid`` (``sdc.table.Grid``) hands out the file's cells as read, whatever keeps them
(issue 14 §3, issue 12 channel 12).

Seeded random tables are written with the real tools (the csv module, openpyxl), read by sdc,
and the grid is checked against what the file holds and against itself: rows in file order,
every field of every cell, the same cell object for a data cell's source however it is reached
(iteration, index, ``cells()``, ``row_at``), and a pickle / deepcopy round trip keeping both.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import math
import pickle
import random
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from sdc.engine import read_file
from sdc.policy import build_policy
from sdc.table import Grid, RawCell, Table

OPTIONS = build_policy({}).read_options()
FIELDS = [f.name for f in dataclasses.fields(RawCell)]


def _fields(cell: RawCell) -> tuple:
    return tuple(getattr(cell, name) for name in FIELDS)


def _random_rows(rng: random.Random, shape: str) -> list[list[str]]:
    """A table as text fields: wide or long, counts, ``[c]``/``x`` markers, ``n (%)``,
    decimals, quoted-looking labels with commas, a title above and a note below."""
    def count() -> str:
        v = int(rng.expovariate(1 / 30))
        roll = rng.random()
        if v < 10 and roll < 0.5:
            return rng.choice(["[c]", "x", "*"])
        if roll > 0.9:
            return f"{v} ({rng.uniform(0, 100):.1f}%)"
        return str(v)

    rows: list[list[str]] = []
    if rng.random() < 0.5:
        rows += [["Table 1: admissions, by area"], []]
    areas = [f"Area, {i}" if rng.random() < 0.3 else f"Area {i}" for i in range(rng.randint(2, 9))]
    if shape == "wide":
        cols = [str(2015 + i) for i in range(rng.randint(2, 6))]
        rows.append(["area", *cols, "Total"])
        for area in areas:
            rows.append([area, *(count() for _ in cols), str(rng.randint(50, 500))])
        rows.append(["Total", *(str(rng.randint(100, 900)) for _ in cols),
                     str(rng.randint(900, 3000))])
    else:
        rows.append(["area", "sex", "year", "n", "mean_los"])
        for area in areas:
            for sex in ("F", "M"):
                for year in range(2019, 2019 + rng.randint(1, 4)):
                    rows.append([area, sex, str(year), count(), f"{rng.uniform(1, 20):.2f}"])
    if rng.random() < 0.5:
        rows += [[], ["Note: counts below 10 are suppressed."]]
    return rows


def _write_csv(path: Path, rows: list[list[str]], rng: random.Random) -> None:
    quoting = csv.QUOTE_ALL if rng.random() < 0.3 else csv.QUOTE_MINIMAL
    with path.open("w", newline="") as f:
        csv.writer(f, quoting=quoting).writerows(rows)


def _write_xlsx(path: Path, rows: list[list[str]], rng: random.Random) -> None:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            ws.cell(r, c, int(text) if text.isdigit() else text)
    for r in rng.sample(range(2, len(rows) + 1), k=min(2, len(rows) - 1)):
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["B"].hidden = rng.random() < 0.5
    wb.save(path)


def _tables(tmp_path: Path, seed: int) -> list[tuple[Table, list[list[str]]]]:
    rng = random.Random(seed)
    out = []
    for shape in ("wide", "long"):
        rows = _random_rows(rng, shape)
        for ext in ("csv", "xlsx"):
            path = tmp_path / f"t{seed}_{shape}.{ext}"
            (_write_csv if ext == "csv" else _write_xlsx)(path, rows, rng)
            for output in read_file(path, path.name, tmp_path, OPTIONS):
                if output.table is not None:
                    out.append((output.table, rows))
    return out


def _check_grid(table: Table, rows: list[list[str]], csv_file: bool) -> None:
    grid = table.grid
    assert isinstance(grid, Grid)
    listed = list(grid)
    assert len(grid) == len(listed) and bool(grid) == bool(listed)
    assert [grid[i] for i in range(len(grid))] == listed
    assert grid[1:3] == listed[1:3] and grid == listed
    flat = list(grid.cells())
    assert [_fields(c) for c in flat] == [_fields(c) for row in listed for c in row]
    for i, row in enumerate(listed):
        for j, cell in enumerate(row):
            assert grid[i][j] is cell is flat[sum(len(r) for r in listed[:i]) + j]
    lines = [row[0].row for row in listed if row]
    assert lines == sorted(lines)
    for row in listed:
        if row:
            assert grid.row_at(row[0].row) is next(r for r in listed if r and r[0].row
                                                   == row[0].row)
    assert grid.row_at(10**9) is None
    at = {(c.row, c.col): c for c in flat}
    for data in table.cells:
        assert at[(data.source.row, data.source.col)] is data.source
    if csv_file:  # a CSV line's fields are its cells, in order
        texts = [[c.raw for c in row] for row in listed]
        assert [t for t in texts if any(t)] == [r for r in rows if any(r)]


@pytest.mark.parametrize("seed", range(12))
def test_grid_holds_the_file_cells(tmp_path: Path, seed: int) -> None:
    tables = _tables(tmp_path, seed)
    assert len(tables) == 4
    for table, rows in tables:
        _check_grid(table, rows, csv_file=table.path.endswith(".csv"))
        for again in (pickle.loads(pickle.dumps(table, 5)), copy.deepcopy(table)):
            assert isinstance(again.grid, Grid)
            assert [_fields(c) for c in again.grid.cells()] == \
                [_fields(c) for c in table.grid.cells()]
            at = {(c.row, c.col): c for c in again.grid.cells()}
            for data in again.cells:
                assert at[(data.source.row, data.source.col)] is data.source


def test_hidden_cells_of_a_workbook_are_marked(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in (["area", "n"], ["North", 12], ["South", 3], ["Total", 15]):
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    wb.save(tmp_path / "h.xlsx")
    (output,) = read_file(tmp_path / "h.xlsx", "h.xlsx", tmp_path, OPTIONS)
    hidden = sorted(c.ref for c in output.table.grid.cells() if c.hidden)
    assert hidden == ["A3", "B3"]


def test_a_grid_is_built_and_grown_like_a_list() -> None:
    a, b = [RawCell(1, 1, "x")], [RawCell(2, 1, "3", value=3.0)]
    grid = Grid([a])
    grid.append(b)
    assert grid == [a, b] and grid == Grid([a, b]) and grid != [a]
    assert grid[-1] is b and list(grid.cells()) == [a[0], b[0]]
    assert not Grid() and Grid() == []


def _plain_column(rows: list[list[RawCell]], col: int) -> list[RawCell]:
    return [c for row in rows for c in row if c.col == col]


def _plain_rows_on(rows: list[list[RawCell]], lines: set[int]) -> list[list[RawCell]]:
    return [r for r in ([c for c in row if c.row in lines] for row in rows) if r]


@pytest.mark.parametrize("seed", range(40))
def test_column_and_rows_on_read_what_a_scan_of_every_cell_reads(seed: int) -> None:
    """``Grid.column`` / ``rows_on`` against a scan of every cell, on regular grids (a CSV's:
    columns 1, 2, ... on one line a row, ragged, empty rows) and irregular ones (a skipped or
    repeated column, a row across two lines), where the index shortcut must not be taken."""
    rng = random.Random(seed)
    rows: list[list[RawCell]] = []
    for line in range(1, rng.randint(1, 30)):
        width = rng.choice([0, 1, 3, 5, 5, 5])
        rows.append([RawCell(line, j, f"{line}.{j}") for j in range(1, width + 1)])
    regular = seed % 2 == 0
    if not regular and rows:
        row = rng.choice([r for r in rows if r] or [[]])
        if row:
            kind = rng.choice(["skip", "repeat", "line"])
            cell = row[-1]
            if kind == "skip":
                row[-1] = RawCell(cell.row, cell.col + 1, cell.raw)
            elif kind == "repeat":
                row.append(RawCell(cell.row, cell.col, "again"))
            else:
                row[-1] = RawCell(cell.row + 1, cell.col, cell.raw)
    grid = Grid(rows)
    for col in range(0, 8):
        assert grid.column(col) == _plain_column(rows, col)
        assert all(a is b for a, b in zip(grid.column(col), _plain_column(rows, col),
                                          strict=True))
    for lines in ({1}, {2, 5}, set(range(1, 40, 3)), set()):
        assert grid.rows_on(lines) == _plain_rows_on(rows, lines)
    grid.append([RawCell(99, 2, "late")])  # after an append the shortcut is worked out again
    assert grid.column(2) == _plain_column([*rows, [RawCell(99, 2, "late")]], 2)


def _fields_typed(cell: RawCell) -> tuple:
    """Every field, with the value's type and the sign of a zero (1 and 1.0, 0.0 and -0.0
    are equal but not the same field)."""
    value = cell.value
    sign = None if value is None or value != 0 else math.copysign(1.0, value)
    nan = isinstance(value, float) and math.isnan(value)  # NaN equals no NaN: compare a name
    return (type(cell), *("nan" if nan and f is value else f for f in _fields(cell)),
            type(value), sign)


def _mixed_grid(rng: random.Random) -> tuple[Grid, list[RawCell], list[RawCell]]:
    """Rows of a long table with awkward fields, empty rows, irregular rows, a chart's cell;
    some cells and one row held from outside the grid."""
    from sdc.charts.chart_table import ChartCell

    odd: list[tuple] = [("1", 1, None, False), ("1", 1.0, None, False), ("0", 0.0, None, False),
                        ("0", -0.0, None, False), ("nan", float("nan"), None, False),
                        ("", None, "", False), ("", None, None, False),
                        ("[c]", None, "[c]", False), ("[c]", None, "[c]", True),
                        ("7", 7.0, None, True), ("North", None, None, False)]
    rows: list[list[RawCell]] = []
    for line in range(1, 260):
        kind = rng.random()
        if kind < 0.05:
            rows.append([])
            continue
        row = [RawCell(line, j, *rng.choice(odd)) for j in range(1, rng.randint(1, 7))]
        if kind > 0.97 and len(row) > 1:
            row[-1] = RawCell(line, row[-1].col + 2, "skipped a column")
        elif kind > 0.94:
            row.append(RawCell(line + 1, len(row) + 1, "next line"))
        elif kind > 0.92:
            row.append(ChartCell(row=line, col=len(row) + 1, raw="3", value=3.0, handle="bar"))
        rows.append(row)
    cells = [c for row in rows for c in row]
    held = rng.sample(cells, k=40)
    return Grid(rows), held, rng.choice([r for r in rows if r])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("encoded_from", [0, 10**9])
def test_a_grid_pickles_and_copies_to_the_same_cells(seed: int, encoded_from: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """As codes (a large grid) and as rows (a small one): every field of every cell comes
    back, and a cell or row something else holds comes back as the object it holds."""
    import sdc.table

    monkeypatch.setattr(sdc.table, "ENCODED_FROM", encoded_from)
    grid, held, held_row = _mixed_grid(random.Random(seed))
    before = [[_fields_typed(c) for c in row] for row in grid]
    for grid2, held2, row2 in (pickle.loads(pickle.dumps((grid, held, held_row), 5)),
                               copy.deepcopy((grid, held, held_row))):
        assert [[_fields_typed(c) for c in row] for row in grid2] == before
        at = {id(c): (i, j) for i, row in enumerate(grid2) for j, c in enumerate(row)}
        for old, new in zip(held, held2, strict=True):
            i, j = at[id(new)]  # the held cell is the grid's own cell
            assert grid[i][j] is old
        assert any(r is row2 for r in grid2)


def test_a_read_table_travels_with_only_its_held_cells_as_objects(tmp_path: Path) -> None:
    """A 2,000-row long CSV (``csv.writer``'s CR LF lines): its grid, turned into rows, pickles
    as codes with the data cells' sources (and only those) kept as objects, which stay the data
    cells' sources after loading. Since every CSV is read as codes (d6280db) the grid has no
    rows until something asks for them: ``_list`` makes them, as a rule reading rows would."""
    import sdc.table

    rng = random.Random(3)
    path = tmp_path / "long.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["region", "sex", "year", "n"])
        for i in range(2000):
            w.writerow([f"R{i % 40}", "FM"[i % 2], 2000 + i % 20, rng.randint(10, 99)])
    (output,) = read_file(path, path.name, tmp_path, OPTIONS)
    table = output.table
    _lines, _widths, codes, meanings, pinned, plain = sdc.table._encoded(table.grid._list())
    assert not plain and len(codes) == 4 * 2001
    assert sorted(id(c) for c in pinned) == sorted(id(d.source) for d in table.cells)
    assert len(meanings) < 200
    again = pickle.loads(pickle.dumps(table, 5))
    assert [_fields_typed(c) for c in again.grid.cells()] == \
        [_fields_typed(c) for c in table.grid.cells()]
    for data in again.cells:
        assert again.grid.row_at(data.source.row)[data.source.col - 1] is data.source


def test_without_reference_counts_every_cell_travels_as_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An interpreter without ``sys.getrefcount``: nothing can be known unheld, so every row
    is kept as it is; the grid still comes back whole, a held cell still the grid's."""
    import sdc.table

    monkeypatch.delattr(sys, "getrefcount")
    monkeypatch.setattr(sdc.table, "_BASE_REFS", sdc.table._base_refs())
    monkeypatch.setattr(sdc.table, "ENCODED_FROM", 0)
    grid, held, _row = _mixed_grid(random.Random(1))
    *_, codes, _meanings, _pinned, plain = sdc.table._encoded(list(grid))
    assert len(plain) == len(grid) and not codes
    grid2, held2 = pickle.loads(pickle.dumps((grid, held), 5))
    assert [[_fields_typed(c) for c in row] for row in grid2] == \
        [[_fields_typed(c) for c in row] for row in grid]
    ids = {id(c) for c in grid2.cells()}
    assert all(id(c) in ids for c in held2)
