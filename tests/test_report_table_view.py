"""What a report keeps of a checked table (``RunResult.for_reports``, issue 14 §3): no model
(``DataCell``, ``RawCell``, ``Table``) stays reachable, and every report is byte for byte the
one made from the model."""

from __future__ import annotations

import gc
import io
import math
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import sdc
from sdc.grid_columns import Columns
from sdc.policy import build_policy
from sdc.reports import BINARY_FORMATS, FOLDER_FORMATS, FORMATS, ReportOptions, get_reporter
from sdc.reports.table_view import ReportTable
from sdc.table import DataCell, Grid, RawCell, Table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "heart-study"


def _long_csv(path: Path, rows: int, seed: int) -> None:
    """A long count table, counts 1-9 printed as ``[c]``: packed once checked."""
    rng = random.Random(seed)
    lines = ["region,age,sex,n"]
    for k in range(rows):
        v = int(rng.expovariate(1 / 40))
        lines.append(f"R{k % 7},A{k // 7 % 9},{'FM'[k // 63 % 2]},"
                     + ("[c]" if 0 < v < 10 else str(v)))
    path.write_text("\n".join(lines) + "\n")


def _reachable(root: object) -> set[type]:
    """The types of every object reachable from ``root`` (``gc.get_referents``), modules
    and classes not followed."""
    seen: set[int] = set()
    types: set[type] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type | type(io)):
            continue
        seen.add(id(obj))
        types.add(type(obj))
        todo.extend(gc.get_referents(obj))
    return types


GENERATED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")  # "generated ..." (the minute)


def _render(result: sdc.RunResult, fmt: str, show: bool, tmp: Path) -> object:
    """One report's bytes (a workbook's members; a folder's files), but the times it was
    made at."""
    options = dict(show_values=show, color=False, inputs=[str(tmp)])
    if fmt in FOLDER_FORMATS:
        folder = tmp.parent / f"{tmp.name}-{fmt}-{show}"
        get_reporter(fmt)(result, io.StringIO(), ReportOptions(output_path=folder, **options))
        files = {str(p.relative_to(folder)): re.sub(rb'"timestamp": "[^"]*"', b"",
                                                    p.read_bytes())
                 for p in sorted(folder.rglob("*"))
                 if p.is_file() and "checksums" not in p.parts and p.suffix != ".csv"}
        shutil.rmtree(folder)
        return files
    if fmt in BINARY_FORMATS:
        stream = io.BytesIO()
        get_reporter(fmt)(result, stream, ReportOptions(**options))
        book = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
        return {n: GENERATED.sub("", book.read(n).decode()) for n in book.namelist()
                if n != "docProps/core.xml"}
    text = io.StringIO()
    get_reporter(fmt)(result, text, ReportOptions(**options))
    return GENERATED.sub("", text.getvalue())


@pytest.fixture
def long_release(tmp_path: Path) -> Path:
    folder = tmp_path / "long"
    folder.mkdir()
    _long_csv(folder / "a.csv", 1_200, 1)
    _long_csv(folder / "b.csv", 40, 2)  # small: its grid stays rows
    return folder


def test_the_view_holds_no_cell_of_the_model(long_release: Path) -> None:
    result = sdc.check(long_release, build_policy({}))
    big = result.outputs[0]
    assert isinstance(big.table, Table) and big.table.grid.packed
    held = _reachable(big.table)
    assert DataCell in held and RawCell in held  # the model, before
    result.for_reports()
    assert isinstance(big.table, ReportTable)
    held = _reachable(big.table)
    assert not held & {DataCell, RawCell, Table}, held & {DataCell, RawCell, Table}
    assert big.table.grid.packed
    small = result.outputs[1]
    assert isinstance(small.table, ReportTable)
    assert not _reachable(small.table) & {DataCell, Table}


@pytest.mark.parametrize("where", ["long", "examples"])
def test_every_report_is_the_same_from_the_view(where: str, long_release: Path,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sdc.reports.html.FIGURE_SECONDS", math.inf)  # no time budget
    folder = long_release
    if where == "examples":
        folder = tmp_path / "heart-study"
        shutil.copytree(EXAMPLES, folder)
    result = sdc.check(folder, build_policy({}))
    models = [o.table for o in result.outputs]
    before = {(f, s): _render(result, f, s, folder) for f in FORMATS for s in (False, True)}
    del models
    result.for_reports()
    assert sum(isinstance(o.table, ReportTable) for o in result.outputs) >= 2
    after = {(f, s): _render(result, f, s, folder) for f in FORMATS for s in (False, True)}
    assert [k for k in before if before[k] != after[k]] == []
    if where == "examples":  # the heat-map is drawn from the view's count cells
        assert "data:image/png" in after[("html", True)]


def test_for_reports_twice_and_without_tables(long_release: Path) -> None:
    result = sdc.check(long_release, build_policy({}))
    views = [o.table for o in result.for_reports().outputs]
    assert [o.table for o in result.for_reports().outputs] == views  # kept, not remade
    assert all(a is b for a, b in zip(views, [o.table for o in result.outputs], strict=True))


def test_a_view_that_cannot_be_made_keeps_the_model(long_release: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = sdc.check(long_release, build_policy({}))
    model = result.outputs[0].table

    def broken(table: object) -> ReportTable:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ReportTable, "of", staticmethod(broken))
    result.for_reports()
    assert result.outputs[0].table is model


def _cells(grid: Grid) -> list[list[tuple]]:
    """Each cell's fields, with its value's type and its zero's sign (1 and 1.0, 0.0 and -0.0
    print apart)."""
    return [[(c.row, c.col, c.raw, type(c.value), repr(c.value), c.marker, c.hidden)
             for c in row] for row in grid]


def test_unpinned_codes_each_pinned_cell_by_its_own_fields() -> None:
    rows = [[RawCell(i + 1, 1, f"L{i % 3}"), RawCell(i + 1, 2, str(i % 5), float(i % 5))]
            for i in range(600)]
    held = [rows[0][1], rows[1][1], rows[2][1], rows[3][1], rows[4][1], rows[5][1]]
    rows[1][1].value = -0.0  # "1" read as -0.0: its own meaning, not the known 1.0's
    rows[2][1].value = 2  # an int, not the known 2.0
    rows[3][1].raw = "new text"
    rows[4][1].value = math.nan
    rows[5][1].marker = "[c]"
    grid = Grid(rows)
    del rows  # else every row is held from outside: kept whole, not packed
    assert grid.pack()
    packed = grid._packed
    assert packed is not None and packed.pins and not packed.plain  # the held cells are pinned
    expected = _cells(grid)
    unpinned = packed.unpinned()
    assert unpinned is not None and unpinned.pins == {}
    copy = Grid._of_columns(unpinned)
    assert _cells(copy) == expected
    made = {id(c) for row in copy for c in row}
    assert not made & {id(c) for c in held}
    assert held  # held until here


def test_unpinned_refuses_a_pinned_cell_moved_from_its_place() -> None:
    rows = [[RawCell(i + 1, 1, f"L{i % 3}"), RawCell(i + 1, 2, "7", 7.0)] for i in range(600)]
    held = rows[9][1]
    grid = Grid(rows)
    del rows
    assert grid.pack()
    held.row = 99  # a layout moved it after it was packed
    packed = grid._packed
    assert isinstance(packed, Columns)
    assert packed.unpinned() is None
    copy = grid.unheld()  # then its rows copied: the same cells, none of them the grid's
    assert _cells(copy) == _cells(grid)
    assert all(c is not held for row in copy for c in row)
