"""``Table.lines`` kept flat (issue 14 §3: the lines of a 1 MiB long table were 6.5 MiB held
as tuples of lists for the whole check) gives exactly the lines of the former tuple cache,
in the same order, with the same members and totals, call after call."""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.table import DataCell, Measure, RawCell, Role, Table
from tests.test_columnar_equivalence import _table, long_tables, small_tables


def _plain(table: Table, role: Role, min_members: int) -> list:
    """The lines by their definition, cell against cell (not the grouping ``Table.lines``
    uses): along each dimension, a line is the cells of one measure that hold that dimension
    and agree on every other one (held or not); its inner cells are those that are no margin
    in it, in table order, and its total the last one that is. Lines come in the order of
    their first inner cell, as the former tuple cache gave them. A margin's blank label after
    a dimension it is a margin in, on the same axis, pads it (``All,,``): it agrees only with
    another pad there (round 31: it is no missing key's total)."""
    cells = [c for c in table.cells if c.measure.role == role]
    out = []
    for dim in table.dimensions:
        others = [d for d in table.dimensions if d != dim]
        done: set[int] = set()  # ids of the lines' first inner cells
        for cell in cells:
            if dim not in cell.coords or dim in cell.total_dims:
                continue
            same = [c for c in cells if c.measure is cell.measure and dim in c.coords
                    and all(_label(table, c, d) == _label(table, cell, d) for d in others)]
            if any(id(c) in done for c in same):
                continue
            done.add(id(cell))
            members = [c for c in same if dim not in c.total_dims]
            totals = [c for c in same if dim in c.total_dims]
            if len(members) >= min_members:
                out.append((dim, members, totals[-1] if totals else None))
    return out


PAD = ("pad",)  # no label a file can hold


def _label(table: Table, cell: DataCell, dim: str) -> object:
    """The cell's label at ``dim`` as lines compare it: a margin's padded blank is ``PAD``."""
    label = cell.coords.get(dim)
    if label is None or label.strip() or not cell.total_dims or dim in cell.total_dims:
        return label
    for axis in (table.row_dimensions, table.column_dimensions):
        if dim in axis:
            before = axis[: axis.index(dim)]
            return PAD if any(t in before for t in cell.total_dims) else label
    return PAD


def _ids(lines: list) -> list:
    return [(dim, [id(m) for m in members], id(total) if total is not None else None)
            for dim, members, total in lines]


LABELS = ["a", "b", "c", "", "Total"]


@st.composite
def cell_tables(draw: st.DrawFn) -> Table:
    """Tables made cell by cell: two measures of one or two roles, labels that repeat, cells
    without some dimension, margins in one or several dimensions, a total given twice."""
    dims = ["d0", "d1", "d2"][:draw(st.integers(1, 3))]
    measures = [Measure("n", Role.COUNT, col=1),
                Measure("m", draw(st.sampled_from([Role.COUNT, Role.MAGNITUDE])), col=2)]
    cells = []
    for row in range(1, draw(st.integers(0, 30)) + 1):
        coords = {d: draw(st.sampled_from(LABELS)) for d in dims
                  if draw(st.integers(0, 9)) > 0}
        margins = frozenset(d for d in coords if draw(st.integers(0, 5)) == 0)
        cells.append(DataCell(measure=draw(st.sampled_from(measures)), coords=coords,
                              source=RawCell(row, 1, "3", 3.0), total_dims=margins))
    return Table(path="t.csv", sheet=None, dimensions=dims, row_dimensions=dims,
                 column_dimensions=[], measures=measures, cells=cells, layout="long")


def _same_as_before(table: Table) -> None:
    for role in (Role.COUNT, Role.MAGNITUDE, Role.PERCENT):
        for min_members in (2, 1, 3, 2):  # asked again: from the kept lines
            got = list(table.lines(role, min_members=min_members))
            assert _ids(got) == _ids(_plain(table, role, min_members))
            for _dim, members, _total in got:
                members.clear()  # a caller's list is its own: the next call is unchanged
    assert _ids(list(table.lines())) == _ids(_plain(table, Role.COUNT, 2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell_tables())
def test_lines_of_cell_tables_are_the_former_lines(table: Table) -> None:
    _same_as_before(table)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables()))
def test_lines_of_read_tables_are_the_former_lines(text: str) -> None:
    table = _table(text)
    if table is not None:
        _same_as_before(table)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell_tables())
def test_kept_lines_survive_pickling(table: Table) -> None:
    """A ``-j`` worker sends the table back pickled without its kept lines (a cache: made
    again where read); made again, they name the table's own cells, as before."""
    list(table.lines(Role.COUNT, min_members=1))
    back = pickle.loads(pickle.dumps(table))
    at = {id(c): i for i, c in enumerate(back.cells)}
    before = {id(c): i for i, c in enumerate(table.cells)}

    def positions(lines: list, index: dict[int, int]) -> list:
        return [(dim, [index[id(m)] for m in members],
                 index[id(total)] if total is not None else None)
                for dim, members, total in lines]

    assert Role.COUNT in table._lines_cache
    assert not back._lines_cache
    assert positions(list(back.lines(Role.COUNT, min_members=1)), at) == positions(
        _plain(table, Role.COUNT, 1), before)
