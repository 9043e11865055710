"""A row read as a column -> cell map without a dict per row: what such a view does whatever
holds the row (issue 12 channel 12, issue 14 §3).

``row_maps.RowMap`` reads a regular row of cells, ``code_rows.CodeRowMap`` a row of a parser's
codes: each says how wide its row is and which cell a column holds (``_width``, ``get``); the
rest of a dict's reading (``[]``, ``in``, ``len``, iteration in column order) and the overlay
are the same for both, so they are written once here. A cell the layout sets (a label carried
down a hierarchical table) goes into the view's own overlay, never into what holds the row.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

from sdc.table import RawCell

_MISSING: Any = object()


class RowView(MutableMapping[int, RawCell]):
    """``{c.col: c for c in row}`` for a row whose cells are columns 1 to ``_width()``, equal
    to that dict and read the same way; cells set after it was made are kept in ``_extra``."""

    __slots__ = ("_extra", "_set")

    def __init__(self, set_flag: list[bool] | None) -> None:
        self._extra: dict[int, RawCell] | None = None  # cells set after it was made
        # shared by the views of one call that made them: raised when a cell is set on any
        self._set = set_flag

    def _width(self) -> int:
        """How many columns the row has (its cells are columns 1 to this)."""
        raise NotImplementedError

    def get(self, col: int, default: Any = None) -> Any:
        raise NotImplementedError

    def __getitem__(self, col: int) -> RawCell:
        found = self.get(col, _MISSING)
        if found is _MISSING:
            raise KeyError(col)
        return found

    def __contains__(self, col: object) -> bool:
        extra = self._extra
        if extra is not None and col in extra:
            return True
        return type(col) is int and 0 < col <= self._width()

    def __setitem__(self, col: int, cell: RawCell) -> None:
        if self._set is not None:
            self._set[0] = True
        if self._extra is None:
            self._extra = {}
        self._extra[col] = cell

    def __delitem__(self, col: int) -> None:
        raise TypeError("a row's cells are not removed")  # nothing in the layout does

    def __len__(self) -> int:
        width = self._width()
        extra = self._extra
        return width + (0 if extra is None else sum(1 for c in extra if not 0 < c <= width))

    def __iter__(self) -> Iterator[int]:
        # a dict's order: the row's columns, then columns set that it did not have
        width = self._width()
        yield from range(1, width + 1)
        if self._extra is not None:
            yield from (c for c in self._extra if not 0 < c <= width)

    def values(self) -> Any:
        return [self[c] for c in self]

    def items(self) -> Any:
        return [(c, self[c]) for c in self]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"
