"""The report view's grid held compressed (issue 14 §3, round 47, parent47): a large grid is
held as its pickle zlib'd and made again each time it is read, equal cell by cell (fields
and their types) to the grid the view was given; a small one, or one that does not pickle,
is held as itself. The reports written from such views are the same bytes as from views
holding their grids."""

from __future__ import annotations

import copy
import io
import math
import pickle
import re
import zipfile
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import FORMATS_BY_NAME, ReportOptions, get_reporter, table_view
from sdc.reports.table_view import PACKED_FROM, ReportTable, _held, _Packed
from sdc.table import Grid, RawCell
from sdc.table_standin import TableStandIn
from tests.conftest import write_files
from tests.test_columnar_equivalence import _table


def _fields(grid: Grid) -> list[list[tuple[object, ...]]]:
    """Every cell's fields with their types (``-0.0`` and NaN told apart by their bits)."""
    def field(v: object) -> object:
        if type(v) is float:
            return ("float", math.copysign(1.0, v), "nan" if math.isnan(v) else v)
        return (type(v).__name__, v)
    return [[(type(c).__name__, *(field(getattr(c, k)) for k in
                                  ("row", "col", "raw", "value", "marker", "hidden")))
             for c in row] for row in grid]


def _long_csv(rows: int) -> str:
    areas = ["North East", "North West", "Yorkshire", "London", "South West"]
    body = "".join(f"{areas[i % 5]},{i % 9},{(i * 37) % 1000 if i % 11 else '[c]'}\n"
                   for i in range(rows))
    return "area,band,n\n" + body


def test_a_large_grid_is_held_compressed_and_read_back_equal() -> None:
    table = _table(_long_csv(3_000))
    assert table is not None
    view = ReportTable.of(table)
    held = view._grid
    assert type(held) is _Packed
    given = table.grid.unheld()
    assert len(held.blob) < len(pickle.dumps(given, protocol=pickle.HIGHEST_PROTOCOL)) / 2
    first, second = view.grid, view.grid
    assert type(first) is Grid and first is not second  # made again at each read
    assert _fields(first) == _fields(second) == _fields(table.grid)
    assert len(first) == len(table.grid) == 3_001


def test_a_small_grid_is_held_as_itself() -> None:
    table = _table("area,n\nNorth,12\nSouth,40\n")
    assert table is not None
    view = ReportTable.of(table)
    assert type(view._grid) is Grid
    assert view.grid is view.grid  # the same object each read
    assert _fields(view.grid) == _fields(table.grid)


def _odd_grid() -> Grid:
    """Cells a reader can give: markers, hidden cells, -0.0, NaN, infinities, surrogates and
    controls in texts, ragged and empty rows, a float subclass's value kept as float."""
    return Grid([
        [RawCell(1, 1, "a\x00b"), RawCell(1, 2, "\ud800x")],
        [],
        [RawCell(3, 1, "-0", -0.0), RawCell(3, 2, "nan", math.nan),
         RawCell(3, 3, "inf", math.inf), RawCell(3, 4, "[c]", None, "[c]"),
         RawCell(3, 5, "7", 7.0, None, True)],
        [RawCell(4, 2, "x")],
        [RawCell(6, 1, " 1e308 ", 1e308), RawCell(6, 2, "", None)],
    ])


@pytest.mark.parametrize("packed", [False, True])
def test_odd_cells_come_back_equal(monkeypatch: pytest.MonkeyPatch, packed: bool) -> None:
    if packed:
        monkeypatch.setattr(table_view, "PACKED_FROM", 0)
    grid = _odd_grid()
    held = _held(grid)
    assert (type(held) is _Packed) is packed
    back = held.grid() if isinstance(held, _Packed) else held
    assert _fields(back) == _fields(grid)


def test_a_grid_that_does_not_pickle_is_held_as_itself(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    monkeypatch.setattr(table_view, "PACKED_FROM", 0)
    grid = Grid([[RawCell(1, 1, "x", None, None, False)]])
    unpicklable = Grid([[_Unpicklable(1, 1, "x")]])
    assert _held(unpicklable) is unpicklable
    assert type(_held(grid)) is _Packed


class _Unpicklable(RawCell):
    __slots__ = ()

    def __reduce_ex__(self, protocol: object) -> tuple[object, ...]:
        raise TypeError("not this one")


def test_a_view_pickles_with_its_compressed_grid() -> None:
    """A stream's reading worker sends the stand-in (with its view) back pickled."""
    table = _table(_long_csv(2_000))
    assert table is not None
    view = ReportTable.of(table)
    back = pickle.loads(pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back._grid) is _Packed and back._grid.blob == view._grid.blob
    assert _fields(back.grid) == _fields(table.grid)
    assert (back.header_rows, list(back.data_rows), back.label_columns, back.n_cells) == (
        view.header_rows, list(view.data_rows), view.label_columns, view.n_cells)


def test_the_stand_ins_grid_is_the_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """The linking's header texts and SDC701 read a let-go table's grid through its
    stand-in: the view's, made again."""
    table = _table(_long_csv(2_000))
    assert table is not None
    view = ReportTable.of(table)
    stand_in = TableStandIn.__new__(TableStandIn)
    stand_in.view = view
    assert _fields(stand_in.grid) == _fields(table.grid)
    assert stand_in.header_rows == [1]


FORMATS = ["json", "html", "xlsx", "sarif", "junit", "github", "text", "markdown"]


# the time a report was written (XLSX's summary "generated", to the minute), masked
_TIME = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?( ?UTC|Z|[+-]\d\d:\d\d)?")


def _render(fmt: str, result: sdc.RunResult) -> bytes:
    return _TIME.sub(b"<time>", _rendered(fmt, result))


def _rendered(fmt: str, result: sdc.RunResult) -> bytes:
    options = ReportOptions(show_values=True)
    if FORMATS_BY_NAME[fmt].binary:
        stream: io.BytesIO | io.StringIO = io.BytesIO()
        get_reporter(fmt)(result, stream, options)
        data = stream.getvalue()
        with zipfile.ZipFile(io.BytesIO(data)) as book:  # its parts, not the time it was made
            return b"".join(name.encode() + book.read(name) for name in sorted(book.namelist())
                            if name != "docProps/core.xml")
    text = io.StringIO()
    get_reporter(fmt)(result, text, options)
    return text.getvalue().encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> sdc.RunResult:
    root = write_files(tmp_path_factory.mktemp("packedview") / "rel", {
        "long.csv": _long_csv(1_500),
        "small.csv": "area,n\nNorth,3\nSouth,40\n",
    })
    return sdc.check(root, build_policy({}))


@pytest.mark.parametrize("fmt", FORMATS)
def test_reports_are_the_same_bytes_as_from_held_grids(
        monkeypatch: pytest.MonkeyPatch, checked: sdc.RunResult, fmt: str) -> None:
    held = copy.deepcopy(checked)
    monkeypatch.setattr(table_view, "PACKED_FROM", 10**12)
    held.for_reports()
    packed = copy.deepcopy(checked)
    monkeypatch.setattr(table_view, "PACKED_FROM", 0)
    packed.for_reports()
    kinds = [type(o.table._grid).__name__ for o in packed.outputs if o.table is not None]
    assert kinds == ["_Packed", "_Packed"]
    assert all(type(o.table._grid) is Grid for o in held.outputs if o.table is not None)
    rendered = _render(fmt, packed)
    assert rendered == _render(fmt, held)
    if fmt in ("html", "xlsx"):  # they print the grid: its label texts are there
        assert rendered.count(b"Yorkshire") >= 20


def test_the_default_threshold_packs_the_long_table_only(checked: sdc.RunResult) -> None:
    result = copy.deepcopy(checked).for_reports()
    kinds = {Path(o.path).name: type(o.table._grid).__name__ for o in result.outputs}
    assert kinds == {"long.csv": "_Packed", "small.csv": "Grid"}
    assert PACKED_FROM == 16_384
