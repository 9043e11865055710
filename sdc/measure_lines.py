"""One measure's lines read from the table's kept lines (``Table.line_parts``) a line at a
time, each with its members' places among the measure's cells, for the audit's build
(``sdc.linking.build_table_system``).

Why (issue 14 §3, round 38): the build made every line's member list at once and a
dictionary of every cell's ``id`` to find each member's place again. On a 5 MiB HTML page
(228,440 cells) that was 23 MiB for the dictionary and 4.5 MiB for the lists, the check's
peak, for a table whose lines need no equation at all. The kept lines already hold each
member's place (``_Lines.orders``); here they are read from there, and a member list is
made only for a line that is read. The same lines in the same order as ``Table.lines``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import compress
from operator import is_
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sdc.table import DataCell, Measure, Table, _Lines

PLACES_WITH_NUMPY_FROM = 2_000  # cells: below, a place by identity is a dictionary's
_INT_SIZE = array("i").itemsize


class CellPlaces:
    """Each cell's place in ``cells`` by identity, worked out when first asked. A large
    table's as its cells' ids sorted with numpy (12 bytes a cell; a dictionary of ``id`` to
    place was about 100, 23 MiB on 228,440 cells). A cell that is not there raises
    ``KeyError``, as the dictionary did."""

    __slots__ = ("_at", "_by_id", "_cells", "_ids")

    def __init__(self, cells: Sequence[DataCell]) -> None:
        self._cells = cells
        self._by_id: dict[int, int] | None = None
        self._ids: Any = None  # the cells' ids, sorted
        self._at: Any = None  # each sorted id's place in ``cells``

    def _ready(self) -> None:
        if self._by_id is not None or self._ids is not None:
            return
        if len(self._cells) < PLACES_WITH_NUMPY_FROM:
            self._by_id = {id(c): i for i, c in enumerate(self._cells)}
            return
        import numpy as np

        ids = np.fromiter(map(id, self._cells), dtype=np.uint64, count=len(self._cells))
        self._at = np.argsort(ids, kind="stable").astype(np.int32)
        self._ids = ids[self._at]

    def of(self, members: Sequence[DataCell]) -> array[int]:
        """The members' places, in their order."""
        self._ready()
        if self._by_id is not None:
            return array("i", map(self._by_id.__getitem__, map(id, members)))
        import numpy as np

        wanted = np.fromiter(map(id, members), dtype=np.uint64, count=len(members))
        at = np.minimum(np.searchsorted(self._ids, wanted), len(self._ids) - 1)
        if len(at) and not bool((self._ids[at] == wanted).all()):
            raise KeyError("a line's member is not one of the measure's cells")
        return array("i", self._at[at].tolist())

    def __getitem__(self, cell: DataCell) -> int:
        return self.of([cell])[0]


class MeasureLines:
    """The lines of ``Table.lines(measure.role, min_members=1)`` whose members are
    ``measure``'s, walked in that order without making them (``walk``), with each member's
    place in ``cells`` (the measure's cells in table order) read from the kept lines' orders.

    The kept lines' cells are the role's in table order; when ``cells`` are exactly those
    (one measure of its role) a kept place is the cell's place, else each is mapped once
    (``_own``). Were the kept cells not ``cells`` in order (a role changed after they were
    kept), places are found by identity (``CellPlaces``), as the dictionary found them."""

    __slots__ = ("_by_identity", "_margins", "_own", "_same", "cells", "kept", "measure")

    def __init__(self, table: Table, measure: Measure, cells: list[DataCell]) -> None:
        self.kept: _Lines = table.line_parts(measure.role)
        self.cells = cells
        self.measure = measure
        self._own: array[int] | None = None  # a kept place -> its place in ``cells``, or -1
        self._by_identity: CellPlaces | None = None
        self._margins: dict[int, int] | None = None
        kept = self.kept.cells
        self._same = len(kept) == len(cells) and all(map(is_, kept, cells))
        if not self._same:
            mine = [c.measure is measure for c in kept]
            if sum(mine) == len(cells) and all(map(is_, compress(kept, mine), cells)):
                own = self._own = array("i", bytes(4 * len(mine)))
                j = 0
                for i, flag in enumerate(mine):
                    if flag:
                        own[i] = j
                        j += 1
                    else:
                        own[i] = -1
            else:
                self._by_identity = CellPlaces(cells)

    def walk(self) -> Iterator[tuple[int, int, str, int, int, DataCell | None]]:
        """``(part, line, dim, start, end, published total)`` of each of the measure's
        lines: its members are ``members(part, start, end)``."""
        for p, (dim, flat, ends, totals) in enumerate(self.kept.parts):
            order = self.kept.orders[p]
            start = 0
            for k, end in enumerate(ends):
                if self._ours(order, flat, start):
                    yield p, k, dim, start, end, totals.get(k)
                start = end

    def __iter__(self) -> Iterator[tuple[str, list[DataCell], DataCell | None]]:
        """``(dim, members, published total)`` of each line, as ``Table.lines`` gives them,
        each list made as it is reached (walk again to read them again)."""
        for p, _k, dim, start, end, total in self.walk():
            yield dim, self.members(p, start, end), total

    def _ours(self, order: Any, flat: Sequence[DataCell], start: int) -> bool:
        if self._same:
            return True
        if self._own is not None:
            return self._own[int(order[start])] >= 0
        return flat[start].measure is self.measure

    def members(self, part: int, start: int, end: int) -> list[DataCell]:
        """A line's members, a new list."""
        return self.kept.parts[part][1][start:end]

    def places(self, part: int, start: int, end: int,
               members: Sequence[DataCell] | None = None) -> array[int]:
        """A line's members' places in ``cells`` (``members``: the line's, when made)."""
        order = self.kept.orders[part][start:end]
        if self._same:
            if isinstance(order, array):
                return array("i", order)
            if order.dtype.kind == "i" and order.dtype.itemsize == _INT_SIZE:  # numpy int32:
                # its bytes are an array('i')'s
                return array("i", order.tobytes())
            return array("i", order.tolist())
        if self._own is not None:
            return array("i", map(self._own.__getitem__, order.tolist()))
        assert self._by_identity is not None
        return self._by_identity.of(self.members(part, start, end) if members is None
                                    else members)

    def place(self, total: DataCell) -> int:
        """A published total's place in ``cells`` (a margin: only margins are looked up by
        identity, not every cell)."""
        if self._by_identity is not None:
            return self._by_identity[total]
        if self._margins is None:
            self._margins = {id(c): i for i, c in enumerate(self.cells) if c.total_dims}
        return self._margins[id(total)]
