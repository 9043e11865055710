"""A regular row's cells by column without a dict per row (issue 12 channel 12, issue 14 §3).

The layout reads each row as a column -> cell map (``_Header.by_col``). Built as a dict per
row, those maps were a quarter of the reading's peak on a long table (8.5 of 34.0 MiB on the
1 MiB long table of ``bench_table_model``; a dict of seven cells is 360 bytes, this view 56).
On a regular row (a CSV's: its cells are columns 1, 2, ... in order) the cell of column ``c``
is ``row[c - 1]``, so the map can read the row itself. A cell the layout sets (a label carried
down a hierarchical table) goes into the view's own overlay, never into the grid's row: as a
dict built from the row, setting it changes nothing the grid holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any, Protocol, cast

from sdc.code_rows import CodeMaps, CodeRowList, CodeRowMap, tell_changes
from sdc.row_view import RowView
from sdc.table import RawCell


class CellFacts(Protocol):
    """What a cell says, without where it is or which object it is: its text, number, marker
    and whether it is hidden. A ``RawCell`` is one; so is a code's shared meaning (a packed
    grid's, ``sdc.grid_columns``)."""

    @property
    def raw(self) -> str: ...

    @property
    def value(self) -> float | None: ...

    @property
    def marker(self) -> str | None: ...

    @property
    def hidden(self) -> bool: ...


_EXTRA = attrgetter("_extra")
_ROW = attrgetter("_row")


class RowMap(RowView):
    """``{c.col: c for c in row}`` for a regular ``row``, equal to that dict and read the
    same way (``get``, ``[]``, ``in``, iteration in column order), kept as the row itself."""

    __slots__ = ("_row",)

    def __init__(self, row: list[RawCell], set_flag: list[bool] | None = None) -> None:
        super().__init__(set_flag)  # set_flag: shared by the views of one ``row_maps`` call
        self._row = row

    def _width(self) -> int:
        return len(self._row)

    def get(self, col: int, default: Any = None) -> Any:
        extra = self._extra
        if extra is not None and col in extra:
            return extra[col]
        if 0 < col <= len(self._row):
            return self._row[col - 1]
        return default

    def values(self) -> Any:
        if self._extra is None:
            return list(self._row)
        return super().values()

    def items(self) -> Any:
        if self._extra is None:
            return list(enumerate(self._row, 1))
        return super().items()


class _Views(list[RowMap]):
    """``row_maps``' list of the views of regular rows, which also keeps the rows they view
    (``_rows``, in the same order): while no cell is set on any of the views (``_set``) and
    the list is not changed, ``column_cells`` reads a column straight from the rows. A slice
    is a ``_Views`` of the same rows' slice (the layout reads its data rows as a slice);
    any change of the list itself lets go of the rows (it is then read view by view)."""

    __slots__ = ("_rows", "_set")

    def __init__(self, views: list[RowMap], rows: list[list[RawCell]] | None,
                 set_flag: list[bool]) -> None:
        super().__init__(views)
        self._rows = rows
        self._set = set_flag

    def __getitem__(self, index: Any) -> Any:
        got = super().__getitem__(index)
        if isinstance(index, slice):
            return _Views(got, None if self._rows is None else self._rows[index], self._set)
        return got

    def _changed(self) -> None:
        self._rows = None


tell_changes(_Views)


def row_maps(rows: list[list[RawCell]], regular: bool) -> list[dict[int, RawCell]]:
    """Each row as a column -> cell map: a view of a regular row, else a dict. (Typed as the
    dicts the layout reads: a ``RowMap`` answers every dict method the layout calls, and the
    equivalence tests compare the tables read both ways.)"""
    if type(rows) is CodeRowList:  # a grid's codes (sdc.code_rows): maps of its code rows
        return cast("list[dict[int, RawCell]]", rows.maps())
    if regular:
        set_flag = [False]
        views = _Views([RowMap(row, set_flag) for row in rows], list(rows), set_flag)
        return cast("list[dict[int, RawCell]]", views)
    return [{c.col: c for c in row} for row in rows]


def column_cells(maps: Sequence[Mapping[int, RawCell]], col: int) -> list[RawCell | None]:
    """``[m.get(col) for m in maps]``, a view's cell read from its row without a method call
    (the layout's passes down a column of every row: 766,000 calls on the 1 MiB long table
    were a quarter of its reading's time). When every map is a view with nothing set and
    every row reaches ``col`` (a CSV's rows, the usual case), the cells are gathered by
    ``map`` steps in C, ~40% less time than the comprehension; else, the comprehension."""
    at = col - 1
    if at < 0:
        return [m.get(col) for m in maps]
    if type(maps) is CodeMaps and (found := maps.columns_from()) is not None:
        return found[0].column_cells(col, found[1])  # each made once, kept by the rows
    if type(maps) is _Views and maps._rows is not None and not maps._set[0]:
        rows = maps._rows  # no view changed: each view's cell of ``col`` is its row's
        try:
            return list(map(itemgetter(at), rows))
        except IndexError:  # a shorter row: no cell there
            return [row[at] if len(row) > at else None for row in rows]
    try:
        if not any(map(_EXTRA, maps)):  # a dict has no ``_extra``: AttributeError
            return list(map(itemgetter(at), map(_ROW, maps)))  # a short row: IndexError
    except (AttributeError, IndexError):
        pass
    return [(row[at] if len(row := m._row) > at else None)
            if type(m) is RowMap and m._extra is None else m.get(col) for m in maps]


def column_facts(maps: Sequence[Mapping[int, RawCell]], col: int
                 ) -> Sequence[CellFacts | None]:
    """What each row's cell in ``col`` says (``column_cells``), for the passes that read only
    a cell's text, number, marker or flag: never its place, never which object it is, never
    kept and never changed. Those passes may then be answered from codes, without a cell per
    field (issue 14 §3: the layout's column passes moved here one at a time). For maps of
    cells, the cells themselves; for the maps of code rows (``sdc.code_rows``), their codes'
    shared facts, no cell made (a cell set on a map is read as itself)."""
    if type(maps) is CodeMaps and (found := maps.columns_from()) is not None:
        return found[0].column_facts(col, found[1])
    if maps and type(maps[0]) is CodeRowMap:  # a list of code maps: each its own
        return [m.facts(col) if type(m) is CodeRowMap else m.get(col) for m in maps]
    return column_cells(maps, col)
