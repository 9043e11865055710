"""A parser's codes read as rows (``sdc.code_rows``): each cell is made once, on first
use, and is then the same object for every reader (a data cell's source, coverage's ``id()``
keys); what a cell says is read from the codes without making it; and the maps over code
rows read as the dicts (and ``RowMap`` views) of the cells they stand for (issue 12 channel
12, issue 14 §3)."""

from __future__ import annotations

import gc
import random

import pytest
from hypothesis import HealthCheck, given, settings

from sdc.code_rows import CodeMaps, CodeRowMap, CodeRows, Fact, code_maps
from sdc.grid_columns import Columns
from sdc.readers import csv_columns, csv_reader
from sdc.readers.row_maps import column_cells, column_facts
from sdc.table import RawCell
from tests.test_csv_columns import MARKERS, texts
from tests.test_row_maps import reads_and_sets_as_a_dict


def _columns(text: str) -> Columns | None:
    parser = csv_reader._CellParser(MARKERS, False)
    delimiter = csv_reader.sniff_dialect(text[:csv_reader.SNIFF_BYTES]).delimiter
    return csv_columns.plain_columns(text, delimiter, parser.meaning, max_rows=10**6,
                                     max_columns=10**4)


TEXT = "region,age,n\nNorth,0-15,12\nNorth,16-64,[c]\nSouth,0-15,7\nSouth,16-64,\n"


def _fields(cell: RawCell | Fact | None) -> tuple | None:
    if cell is None:
        return None
    return (cell.raw, cell.value, type(cell.value), cell.marker, cell.hidden)


def test_a_cell_is_made_once_and_is_then_the_same_object_everywhere() -> None:
    packed = _columns(TEXT)
    assert packed is not None
    rows = CodeRows(packed)
    assert rows.made(1, 1) is None  # nothing asked: nothing made
    first = rows.cell(1, 1)
    assert first == RawCell(2, 1, "North")
    assert rows.cell(1, 1) is first and rows.made(1, 1) is first
    assert rows.row(1)[0] is first
    assert rows.column_cells(1)[1] is first
    maps = code_maps(rows)
    assert maps[1].get(1) is first and maps[1][1] is first
    assert column_cells(maps, 1)[1] is first
    assert column_cells(maps[1:3], 1)[0] is first
    assert rows.made(1, 2) is rows.cell(1, 2)  # made by ``row`` above, kept


def test_a_freed_id_is_never_met_again_while_the_rows_live() -> None:
    """Coverage keys cells by ``id()``: a cell let go by every reader is still kept by the
    rows, so no cell made later can take its id and be mistaken for it (an excused cell, a
    data cell's source)."""
    packed = _columns("a,b\n" + "".join(f"x{i},{i}\n" for i in range(300)))
    assert packed is not None
    rows = CodeRows(packed)
    kept = id(rows.cell(5, 1))  # the object itself is let go of here
    gc.collect()
    others = [rows.cell(i, c) for i in range(len(rows)) for c in (1, 2) if (i, c) != (5, 1)]
    assert kept not in {id(c) for c in others}
    assert id(rows.cell(5, 1)) == kept  # the same object, asked for again
    assert rows.cell(5, 1) is rows.made(5, 1)


def test_facts_and_texts_make_no_cell() -> None:
    packed = _columns(TEXT)
    assert packed is not None
    rows = CodeRows(packed)
    facts = rows.column_facts(3)
    assert [_fields(f) for f in facts] == [
        ("n", None, type(None), None, False), ("12", 12.0, float, None, False),
        ("[c]", None, type(None), "[c]", False), ("7", 7.0, float, None, False),
        ("", None, type(None), None, False)]
    assert [f.kind for f in facts if f is not None] == ["text", "num", "marker", "num",
                                                        "empty"]
    assert rows.text(1, 1) == "North" and rows.text(1, 9) is None and rows.facts(1, 0) is None
    maps = code_maps(rows)
    assert [m.text(2) for m in maps] == ["age", "0-15", "16-64", "0-15", "16-64"]
    assert column_facts(maps, 1)[2] is column_facts(maps, 1)[1]  # one per distinct text
    assert column_facts(maps[2:], 3) == facts[2:]
    assert all(rows.made(i, c) is None for i in range(len(rows)) for c in (1, 2, 3))


def test_a_cell_set_on_a_map_is_read_as_itself_and_never_reaches_the_codes() -> None:
    packed = _columns(TEXT)
    assert packed is not None
    rows = CodeRows(packed)
    maps = code_maps(rows)
    carried = RawCell(5, 3, "carried")
    maps[4][3] = carried
    assert maps[4].get(3) is carried and maps[4].facts(3) is carried
    assert column_cells(maps, 3)[4] is carried  # read map by map once a cell is set
    assert column_facts(maps, 3)[4] is carried
    assert column_facts(maps, 3)[1].raw == "12"
    assert rows.cell(4, 3) is not carried and rows.cell(4, 3).raw == ""
    assert maps.columns_from() is None


def test_a_changed_list_of_maps_is_read_map_by_map() -> None:
    packed = _columns(TEXT)
    assert packed is not None
    rows = CodeRows(packed)
    maps = code_maps(rows)
    maps.reverse()
    assert maps.columns_from() is None
    assert [c.raw for c in column_cells(maps, 1)] == ["South", "South", "North", "North",
                                                      "region"]
    assert [c.raw for c in column_facts(maps, 1)] == ["South", "South", "North", "North",
                                                      "region"]
    assert column_cells(maps, 1)[0] is rows.cell(4, 1)


def test_only_a_readers_own_regular_codes_are_read_as_rows() -> None:
    packed = Columns.of([[RawCell(1, 1, "a"), RawCell(1, 2, "b")]] * 1, regular=False)
    if packed is None:
        pytest.skip("no reference counts: nothing is packed")
    packed.plain[0] = [RawCell(1, 1, "a")]
    with pytest.raises(ValueError, match="regular"):
        CodeRows(packed)


@pytest.mark.parametrize("seed", range(30))
def test_a_code_row_map_reads_as_the_dict_of_its_cells(seed: int) -> None:
    rng = random.Random(seed)
    packed = _columns("".join(",".join(str(rng.randint(0, 3)) for _ in range(4)) + "\n"
                              for _ in range(6)))
    assert packed is not None
    rows = CodeRows(packed)
    i = rng.randrange(len(rows))
    view = CodeRowMap(rows, i)
    plain = {c.col: c for c in rows.row(i)}
    reads_and_sets_as_a_dict(view, plain, rng, top=7, line=9)
    assert "1" not in view


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_code_rows_hold_the_cells_the_parser_makes(text: str) -> None:
    """Random delimited texts: every row read from the code rows equals the parser's row of
    cells field by field, and what a column's maps say equals their cells' fields."""
    packed = _columns(text)
    if packed is None:
        return  # not a plain text: read cell by cell, as before
    expected = packed.all_rows()
    rows = CodeRows(packed)
    maps = code_maps(rows)
    width = max(map(len, expected))
    for col in range(0, width + 2):
        facts = column_facts(maps, col)
        assert [_fields(f) for f in facts] == [
            _fields(row[col - 1]) if 0 < col <= len(row) else None for row in expected]
        assert all(rows.made(i, col) is None for i in range(len(rows)))
    for i, row in enumerate(expected):
        made = rows.row(i)
        assert [(c.row, c.col, *_fields(c)) for c in made] == [  # type: ignore[misc]
            (c.row, c.col, *_fields(c)) for c in row]  # type: ignore[misc]
        assert all(a is b for a, b in zip(made, rows.row(i), strict=True))
    for col in range(1, width + 1):
        assert all(a is b for a, b in zip(column_cells(maps, col),
                                          [rows.made(i, col) for i in range(len(rows))],
                                          strict=True))
    assert type(maps[1:]) is CodeMaps


def test_the_filled_cells_of_rows_made_for_the_asking_are_each_rows_own() -> None:
    """``layout._Filled`` remembers a row's filled cells by ``id(row)``: rows made for the
    asking (code rows) and let go must not hand their ids, and so their cells, to the next."""
    from sdc.readers.layout import _Filled, _nonempty

    filled = _Filled(regular=True)
    for k in range(400):
        row = [RawCell(k + 1, 1, ""), RawCell(k + 1, 2, "" if k % 2 else f"x{k}")]
        assert filled.of(row) == _nonempty(row)
        assert filled.of(row) is filled.of(row)
        del row  # let go: the next row may be given its memory


def _long_text(rows: int) -> str:
    lines = ["region,sex,age,n"]
    for k in range(rows):
        n = "[c]" if k % 7 == 3 else str(10 + k % 50)
        lines.append(f"R{k % 5},{'FM'[k % 2]},a{k % 9},{n}")
    return "\n".join(lines) + "\n"


def _read(text: str) -> tuple:
    from types import SimpleNamespace

    from sdc.readers.layout import LayoutOptions, infer_table

    out = SimpleNamespace(too_large=None, unreadable=None)
    dialect = csv_reader.sniff_dialect(text)
    grid = csv_reader._parse(out, text, dialect, markers=MARKERS, max_rows=10**6,
                             max_columns=10**4)
    assert grid is not None
    code = grid.code_rows()
    table = infer_table(grid, "t.csv", None, LayoutOptions(markers=MARKERS, total_labels=[]))
    return grid, code, table


def test_a_long_tables_layout_makes_its_measure_cells_and_not_its_labels() -> None:
    """A plain CSV's grid is read as codes: the layout makes the cells it keeps (each data
    cell's source) and a few rows it looks at whole (the first twelve, the last two), not a
    cell per label; the grid then turns into rows of those same cells."""
    grid, code, table = _read(_long_text(300))
    assert code is not None and grid.code_rows() is code
    made = [[code.made(i, col) is not None for i in range(len(code))] for col in (1, 2, 3, 4)]
    assert all(made[3][1:])  # every data row's n: the data cells' sources
    for col in range(3):  # the first lines (an SPSS export's test), the last two: no label
        assert not any(made[col][12:-2]), col
    sources = [c.source for c in table.cells]
    assert all(code.made(c.row - 1, c.col) is c for c in sources)
    assert len(table.cells) == 300 and table.data_rows == list(range(2, 302))
    assert [c.raw for c in table.unparsed] == []
    rows = list(grid)  # any reader of the rows: the grid turns into them
    assert grid.code_rows() is None
    assert all(rows[c.row - 1][c.col - 1] is c for c in sources)
    assert [r[0].raw for r in rows[1:4]] == ["R0", "R1", "R2"]


def test_a_code_grid_reads_as_the_parsers_rows() -> None:
    """Rows asked for by index are the same cells each time and the same the grid later
    holds; equal, field by field, to the cells ``csv.reader`` gives."""
    from sdc.table import Grid

    text = _long_text(40)
    packed = _columns(text)
    assert packed is not None
    grid = Grid.of_code_rows(CodeRows(packed))
    assert len(grid) == 41 and grid.is_regular() and not grid.packed
    first = grid[5]
    assert all(a is b for a, b in zip(first, grid[5], strict=True))
    assert [r[0].raw for r in grid.head(3)] == ["region", "R0", "R1"]
    assert grid.code_rows() is not None  # none of that turned it into rows
    expected = [[RawCell(i, j, *csv_reader._CellParser(MARKERS, False).meaning(raw))
                 for j, raw in enumerate(line.split(","), 1)]
                for i, line in enumerate(text.splitlines(), 1)]
    assert grid == expected  # turned into rows now
    assert grid.code_rows() is None
    assert all(a is b for a, b in zip(first, grid[5], strict=True))
    grid.pack()  # (too small to pack: stays rows)
    assert grid == expected and not grid.packed


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_a_code_grid_answers_texts_from_its_codes(text: str) -> None:
    """What a grid says of its texts, widths and lines, from the codes without turning it
    into rows, equals what the same grid's rows say."""
    from sdc.table import Grid

    packed = _columns(text)
    if packed is None:
        return
    grid = Grid.of_code_rows(CodeRows(packed))
    rows = Grid(packed.all_rows(), regular=True)
    width = max(rows.widths_of_rows())
    assert [grid.column_texts(c) for c in range(width + 2)] == [
        rows.column_texts(c) for c in range(width + 2)]
    assert [grid.position_texts(a) for a in range(-1, width + 1)] == [
        rows.position_texts(a) for a in range(-1, width + 1)]
    assert grid.first_lines() == rows.first_lines()
    assert grid.widths_of_rows() == rows.widths_of_rows()
    assert grid.distinct_texts() == rows.distinct_texts()
    assert grid.texts_across() == rows.texts_across()
    n = len(rows)
    # a chunk of rows' texts (the blob search reads a long table's a chunk at a time)
    for start, stop in ((0, 1), (1, 3), (2, n + 4), (n - 1, n), (n, n + 2), (3, 1)):
        assert grid.texts_across(start, stop) == rows.texts_across(start, stop) == [
            c.raw for row in list(rows)[start:stop] for c in row]
    assert grid.fewest_cells() == rows.fewest_cells()
    assert grid.code_rows() is not None  # never turned into rows for these


def test_model_facts_are_read_from_a_code_grid_only_when_a_text_has_a_colon(tmp_path) -> None:
    from types import SimpleNamespace

    from sdc.policy import build_policy
    from sdc.readers import read_output
    from sdc.readers.evidence import attach_model_facts

    path = tmp_path / "summary.csv"
    path.write_text("Dep. Variable:,y,Df Residuals:,45\nModel:,OLS,Df Model:,2\n")
    (out,) = read_output(path, path.name, build_policy({}))
    assert out.model_dof == [45.0] and out.kind == "model"
    grid, _, table = _read(_long_text(50))
    facts = SimpleNamespace(table=table, model_dof=[], kind="table")
    attach_model_facts(facts)  # type: ignore[arg-type]
    assert facts.model_dof == [] and grid.code_rows() is not None


def test_blobs_and_cell_text_are_read_from_a_code_grid_as_from_its_rows() -> None:
    """A secret split over adjacent cells (base64 down a column) and a long cell: found at
    the same cells whether the grid is read as codes or as rows; the code grid is not turned
    into rows to find the split one (the cells of the runs found are made)."""
    import base64

    from sdc.readers.cell_text import cell_text, split_blobs
    from sdc.readers.layout import LayoutOptions, infer_table
    from sdc.table import Grid

    secret = base64.b64encode(b"patient 4411 born 1957-03-02 in Leeds, HIV+").decode()
    pieces = [secret[k:k + 8] for k in range(0, len(secret), 8)]
    lines = ["region,code,n"] + [f"R{k % 3},{p},{10 + k}" for k, p in enumerate(pieces)]
    lines += [f"R{k % 3},z{k},{k + 20}" for k in range(30)]
    lines.append("R1," + "QUJD" * 30 + ",5")
    text = "\n".join(lines) + "\n"
    grid, code, table = _read(text)
    assert code is not None
    rows = Grid(code.packed.all_rows(), regular=True)
    other = infer_table(rows, "t.csv", None, LayoutOptions(markers=MARKERS, total_labels=[]))
    found, expected = split_blobs([table]), split_blobs([other])
    assert found == expected and found
    assert grid.code_rows() is code  # read from the codes, not turned into rows
    made = sum(code.made(i, 2) is not None for i in range(len(code)))
    assert made <= len(pieces) + 16  # the run's cells (and the layout's few rows)
    assert cell_text(table) == cell_text(other)  # a long cell: read cell by cell, as rows


def test_cells_made_few_then_many_then_all_stay_the_same_objects() -> None:
    """A column's cells are kept in a dict while few are made, in a list once many are, in
    the rows once all are (``all_rows``, chunk by chunk): each switch keeps every cell handed
    out, and each row's cells share one int for their line."""
    from sdc import code_rows

    n = 2 * code_rows.ROWS_CHUNK + 5  # three chunks
    packed = _columns("".join(f"r{i % 7},{i}\n" for i in range(n)))
    assert packed is not None
    rows = CodeRows(packed)
    few = {i: rows.cell(i, 1) for i in (0, 3, n - 1)}
    many = {i: rows.cell(i, 2) for i in range(0, n, 3)}  # past an eighth: a list
    assert isinstance(rows._made[0], dict) and isinstance(rows._made[1], list)
    assert all(rows.cell(i, 1) is c for i, c in few.items())
    assert all(rows.made(i, 2) is c for i, c in many.items())
    assert rows.made(1, 2) is None and rows.made(1, 1) is None
    made = rows.all_rows()
    assert all(made[i][0] is c for i, c in few.items())
    assert all(made[i][1] is c for i, c in many.items())
    assert all(rows.cell(i, 2) is made[i][1] and rows.made(i, 1) is made[i][0]
               for i in range(n))
    assert all(row[0].row is row[1].row is rows.lines()[i] for i, row in enumerate(made))
    assert [[c.raw for c in row] for row in made] == [[f"r{i % 7}", str(i)] for i in range(n)]
    assert rows.all_rows() is made


def test_a_tables_data_rows_share_their_line_ints_with_the_cells() -> None:
    _, code, table = _read(_long_text(300))
    assert code is not None
    assert all(line is cell.source.row for line, cell in zip(table.data_rows, table.cells,
                                                             strict=True))


def test_column_facts_of_a_list_of_rows_as_row_by_row() -> None:
    """Rows given as a list (speed4, round 23): consecutive lines are read as one slice, any
    other list row by row; the facts are the same objects either way, and a row outside the
    codes still fails as an index does."""
    packed = _columns("a,b\n" + "".join(f"x{i % 7},{i}\n" for i in range(300)))
    assert packed is not None
    rows = CodeRows(packed)
    every = rows.column_facts(1)
    for chosen in ([], [0], list(range(5, 200)), list(range(0, 301)), [3, 4, 6], [9, 8, 7],
                   [5, 5, 6], list(range(290, 301)), [-2, -1]):
        got = rows.column_facts(1, chosen)
        assert len(got) == len(chosen)
        assert all(a is every[i] for a, i in zip(got, chosen, strict=True))
    with pytest.raises(IndexError):
        rows.column_facts(1, list(range(299, 305)))
