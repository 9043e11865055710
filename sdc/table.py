"""The table model every reader produces and every rule reads.

A table is a set of statistical cells, each indexed by coordinates over dimensions (row labels and
column categories) and carrying one measure (a count, a sum, a median...). Each cell keeps where it
sits in the file so findings point at what a person sees when they open it. Wide cross-tabulations
and long (tidy) tables end up in the same shape, so rules never care which layout the file used.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, SupportsIndex, overload

if TYPE_CHECKING:
    from sdc.code_rows import CodeRows
    from sdc.grid_columns import Columns

from sdc.coords import Coords, WideCoords, labels_along, one_store


class Role(StrEnum):
    """What a measure column holds; decides which rules apply to it."""

    COUNT = "count"
    MAGNITUDE = "magnitude"  # sums, totals of a quantity, means
    STATISTIC = "statistic"  # median, percentiles, sd, mode
    EXTREME = "extreme"  # min, max, range
    PERCENT = "percent"
    MODEL = "model"
    UNKNOWN = "unknown"


KIND_BY_ROLE_PRIORITY = [
    (Role.MODEL, "model"),
    (Role.MAGNITUDE, "magnitude"),
    (Role.EXTREME, "statistics"),
    (Role.STATISTIC, "statistics"),
    (Role.COUNT, "frequency"),
    (Role.PERCENT, "statistics"),
]


@lru_cache(maxsize=4096)
def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA: spreadsheet column letters for a 1-based column index."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """A1-style reference for 1-based row and column."""
    return f"{column_letters(col)}{row}"


@dataclass(slots=True)
class RawCell:
    """One cell of the file as read, before any interpretation of the table's layout."""

    row: int  # 1-based, file coordinates (CSV line / sheet row)
    col: int  # 1-based
    raw: str
    value: float | None = None
    marker: str | None = None  # suppression marker text when the cell is suppressed
    hidden: bool = False  # in a hidden row or column of a workbook

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # A -j worker sends every cell it read back pickled: the fields as arguments are half
        # the bytes and time of the default (a dict of slot names per cell). The same object
        # for every reference (the pickler's memo: a DataCell's ``source`` is its grid cell).
        if type(self) is RawCell:  # a subclass (a chart's cell) has more: the default
            return RawCell, (self.row, self.col, self.raw, self.value, self.marker,
                             self.hidden)
        return object.__reduce_ex__(self, protocol)

    @property
    def ref(self) -> str:
        return cell_ref(self.row, self.col)

    @property
    def kind(self) -> str:
        """``num``, ``marker``, ``empty`` or ``text``."""
        if self.value is not None:
            return "num"
        if self.marker:  # not None and not ""
            return "marker"
        if not self.raw or self.raw.isspace():
            return "empty"
        return "text"


class CellRefs(Sequence[str]):
    """The references of some cells, each made when it is read: SDC602 names the first few of
    the cells nothing checks and counts the rest, and a row-level file has hundreds of
    thousands of them (297,000 strings held through the check were 18 MiB on a 99k-row CSV;
    the cells are the table's own). Equal to a list of the same references."""

    __slots__ = ("_cells",)

    def __init__(self, cells: list[RawCell]) -> None:
        self._cells = cells

    def __len__(self) -> int:
        return len(self._cells)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [cell.ref for cell in self._cells[index]]
        return self._cells[index].ref

    def __iter__(self) -> Iterator[str]:
        return (cell.ref for cell in self._cells)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CellRefs | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which have none

    def __repr__(self) -> str:
        return f"CellRefs({list(self)!r})"


ENCODED_FROM = 1_000  # cells: a grid this large pickles as codes (Grid.__reduce__)


class Grid(Sequence[list[RawCell]]):
    """The file's cells row by row, as read (``Table.grid``): a row is the list of the cells
    of one file line (or sheet row) in column order, possibly empty or ragged.

    One type for every reader of a table's cells, so that how they are kept can change
    without touching the ~45 places that read them (issue 14 §3: a list of ``RawCell`` per
    row is 88 bytes and a string a field, most of a large table's memory). Kept as rows while
    a table is read and checked: a row handed out is then the grid's own list, and changing a
    cell in it changes the grid's cell. Once the per-output passes are done the engine packs
    it (``pack``: codes per column, ``sdc.grid_columns``): a row or column is then made when
    asked for, its cells equal to the ones read; the cells something else held when it was
    packed (a data cell's ``source``) are still those objects, the rest are new ones each
    time, and changing them changes nothing in the grid."""

    __slots__ = ("_code", "_packed", "_regular", "_rows", "_unpack_on_use")

    def __init__(self, rows: Iterable[list[RawCell]] = (), *, regular: bool | None = None
                 ) -> None:
        self._rows: list[list[RawCell]] | None = list(rows)
        self._packed: Columns | None = None
        # see _is_regular; worked out when first asked, or given by a reader whose rows are
        # regular by construction (a CSV's: sdc.readers.csv_reader._parse)
        self._regular: bool | None = regular
        self._unpack_on_use = False  # see ``unpack_on_use``
        self._code: CodeRows | None = None  # see ``of_code_rows``

    @classmethod
    def of_code_rows(cls, code: CodeRows) -> Grid:
        """A grid of a reader's own codes (``sdc.code_rows``) while its table is read: the
        layout reads them as codes (``code_rows``), a row asked for by index is made of
        cells each made once and kept, and anything else (the coverage, a rule, packing)
        first turns the grid into rows of those same cells (``_as_rows``): every cell handed
        out is one object for good, whoever asks (issue 14 §3)."""
        grid = cls(regular=True)
        grid._code = code
        grid._rows = None
        return grid

    def code_rows(self) -> CodeRows | None:
        """The codes the layout may read this grid's cells from, or None (read its rows)."""
        return self._code

    def _as_rows(self) -> list[list[RawCell]]:
        """A grid of code rows turned into rows (the cells already made are those)."""
        code = self._code
        assert code is not None
        self._rows = code.all_rows()
        self._code = None
        return self._rows

    @classmethod
    def _of_columns(cls, packed: Columns) -> Grid:
        grid = cls()
        grid._rows, grid._packed, grid._regular = None, packed, packed.regular
        grid._unpack_on_use = False
        return grid

    @classmethod
    def of_columns(cls, packed: Columns, *, unpacked: bool = False) -> Grid:
        """A grid of the cells ``packed`` holds (a reader's own codes: no cell in them is
        held elsewhere); ``unpacked``: its cells made at once, kept as rows."""
        grid = cls._of_columns(packed)
        if unpacked:
            grid.unpack()
        return grid

    def __reduce__(self) -> tuple[Any, ...]:
        # A -j worker sends every table back pickled: a large grid's cells as codes into its
        # distinct fields (_encoded: half the bytes and two thirds of the dump time on a 1 MiB
        # long table), except those something else holds (a DataCell's source), which travel
        # as themselves and stay one object with their holders. A small grid as its rows: the
        # codes' fixed cost is more than they save below ~100 cells. A packed grid as its
        # columns (the same codes, and its pinned cells as themselves).
        if self._packed is not None:
            return Grid._of_columns, (self._packed,)
        rows = self._list()
        if sum(map(len, rows)) < ENCODED_FROM:
            return Grid, (rows,)
        return _decoded, _encoded(rows)

    def _list(self) -> list[list[RawCell]]:
        """The rows as a list (a packed grid's made now)."""
        if self._rows is not None:
            return self._rows
        if self._code is not None:
            return self._as_rows()
        if self._unpack_on_use:
            self.unpack()
            return self._rows  # type: ignore[return-value]
        assert self._packed is not None
        return self._packed.all_rows()

    def _in_use(self) -> Columns | None:
        """The codes to read cells from, or None to read the rows: a grid marked
        ``unpack_on_use`` is unpacked now, before it hands out its first cell."""
        if self._code is not None:
            self._as_rows()
        packed = self._packed
        if packed is not None and self._unpack_on_use:
            self.unpack()
            return None
        return packed

    @property
    def packed(self) -> bool:
        """Whether the cells are kept as codes (``pack``)."""
        return self._packed is not None

    def pack(self) -> bool:
        """Keep the cells as codes per column from now on (``sdc.grid_columns``): for a grid
        whose passes are done and that is still held (the reports, the release rules read it
        again). Every cell something else holds now stays the object it holds. Whether it
        was packed: a small grid, or one whose texts barely repeat, stays as rows. A grid
        still read as the parser's codes is packed from them, the cells made so far pinned
        (``CodeRows.pinned``): no cell made for it."""
        code = self._code
        if code is not None:
            from sdc.grid_columns import FIRST_MEANING

            cells = sum(code.packed.widths)
            if cells >= ENCODED_FROM and len(code.packed.meanings) - FIRST_MEANING <= max(
                    256, cells // 4):  # what ``Columns.of`` keeps packed
                self._packed, self._code, self._regular = code.pinned(), None, True
                return True
            self._as_rows()
        if self._rows is None:
            return True
        if sum(map(len, self._rows)) < ENCODED_FROM:
            return False
        from sdc.grid_columns import Columns

        packed = Columns.of(self._rows, self._regular)
        if packed is None:
            return False
        self._rows, self._packed, self._regular = None, packed, packed.regular
        return True

    def unheld(self) -> Grid:
        """A grid of cells equal to this one's, none of them this one's objects (a packed
        grid's pinned cells coded, ``Columns.unpinned``; else each cell copied, packed when
        worth it): what a report keeps once the table's model is let go."""
        packed = self._packed
        if packed is not None and not self._unpack_on_use:
            columns = packed.unpinned()
            if columns is not None:
                return Grid._of_columns(columns)
        copy = Grid(_copied_rows(self))
        copy.pack()  # only its rows hold the copies: none pinned
        return copy

    def unpack_on_use(self) -> bool:
        """Keep a packed grid packed while a pass that may compare cells by identity runs,
        until it asks for a cell: then it is unpacked (``unpack``) before it hands out
        that first one, so every cell the pass reads is the grid's own, one object each
        time, as if unpacked before the pass. What reads texts, widths or lines only
        (``column_texts``, ``distinct_texts``, ``position_texts``, ...) is answered from
        the codes. A long table's per-output rules read texts only: its grid is then not
        unpacked and packed again for them (issue 14 §3). Whether it is packed (and
        marked); ``end_unpack_on_use`` stops it."""
        if self._packed is None:
            return False
        self._unpack_on_use = True
        return True

    def end_unpack_on_use(self) -> bool:
        """Stop ``unpack_on_use``: whether the grid was unpacked meanwhile (to be packed
        again by its caller, as after ``unpack``)."""
        marked, self._unpack_on_use = self._unpack_on_use, False
        return marked and self._packed is None

    def unpack(self) -> bool:
        """Keep the cells as rows again, for passes that read every cell several times and
        may compare cells by identity (a per-output rule, the coverage): the pinned cells
        are the objects they were, the others new ones equal to those packed, which nothing
        held (so nothing can tell them apart). Whether it was packed."""
        packed = self._packed
        if packed is None:
            return False
        self._rows, self._packed = packed.all_rows(), None
        return True

    def __len__(self) -> int:
        if self._code is not None:
            return len(self._code)
        if self._rows is None:
            return len(self._packed)  # type: ignore[arg-type]
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> list[RawCell]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[RawCell]]: ...

    def __getitem__(self, index: int | slice) -> list[RawCell] | list[list[RawCell]]:
        if self._rows is not None:
            return self._rows[index]
        code = self._code
        if code is not None:  # a row of the cells made once (a new list each time)
            if isinstance(index, slice):
                return [code.row(i) for i in range(*index.indices(len(code)))]
            return code.row(range(len(code))[index])
        packed = self._in_use()
        if packed is None:
            return self._list()[index]  # unpacked now: its rows
        if isinstance(index, slice):
            return [packed.row(i) for i in range(*index.indices(len(packed)))]
        at = range(len(packed))[index]  # an IndexError as a list's
        return packed.row(at)

    def __iter__(self) -> Iterator[list[RawCell]]:
        if self._rows is not None:
            return iter(self._rows)
        packed = self._in_use()
        if packed is None:
            return iter(self._list())  # unpacked now: its rows
        return packed.rows()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Grid):
            return self._list() == other._list()
        if isinstance(other, list):
            return self._list() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, equal to lists

    def __repr__(self) -> str:
        return f"Grid({self._list()!r})"

    def append(self, row: list[RawCell]) -> None:
        """Add a row below the last (a chart's table is built row by row)."""
        if self._rows is None:  # back to rows: a packed grid is only read
            self._rows, self._packed = self._list(), None
        self._rows.append(row)
        self._regular = None

    def is_regular(self) -> bool:
        """Every row holds columns 1, 2, ... in order, all on one file line (see
        ``_is_regular``): passes may then read a column as ``row[col - 1]``."""
        return self._is_regular()

    def _is_regular(self) -> bool:
        """Every row holds columns 1, 2, ... in order, all on one file line (a CSV's rows, a
        sheet's): the cell of column ``c`` is then ``row[c - 1]``, and a row's line is its
        first cell's. Worked out once (rows are not changed once in a grid)."""
        if self._regular is None:
            self._regular = all(regular_row(row) for row in self._list())
        return self._regular

    def column(self, col: int) -> list[RawCell]:
        """The cells of file column ``col``, in grid order (a large table's passes over one
        column read only that column's cells)."""
        packed = self._in_use()
        if packed is not None:
            return packed.column(col)
        rows = self._list()
        if self._is_regular():
            at = col - 1
            return [row[at] for row in rows if len(row) > at] if at >= 0 else []
        return [c for row in rows for c in row if c.col == col]

    def column_texts(self, col: int) -> set[str]:
        """The distinct texts of file column ``col`` (``{c.raw for c in column(col)}``; a
        packed grid's from its codes, without a cell)."""
        if self._packed is not None:
            return self._packed.texts(col)
        if self._code is not None:  # a reader's own codes: no pinned cell, no kept row
            return self._code.packed.texts(col)
        return {c.raw for c in self.column(col)}

    def first_lines(self) -> list[int]:
        """Each non-empty row's first cell's file line, in grid order."""
        if self._packed is not None:
            return self._packed.first_lines()
        if self._code is not None:
            return self._code.packed.first_lines()
        return [row[0].row for row in self._list() if row]

    def widths_of_rows(self) -> list[int]:
        """Each row's number of cells, in grid order (a packed grid's without its cells)."""
        if self._packed is not None:
            return self._packed.widths_of_rows()
        if self._code is not None:
            return self._code.packed.widths_of_rows()
        return [len(row) for row in self._list()]

    def position_texts(self, at: int) -> list[str]:
        """Per row, the text of its ``at``-th cell (0-based; not its file column), "" where
        the row is shorter: a search down the grid's positions reads texts only."""
        if self._packed is not None:
            return self._packed.position_texts(at)
        if self._code is not None:
            return self._code.packed.position_texts(at)
        return [row[at].raw if 0 <= at < len(row) else "" for row in self._list()]

    def head(self, n: int) -> list[list[RawCell]]:
        """The first ``n`` rows to look at and let go (a quick test before a pass reads the
        grid): a packed grid's made now, equal to its own but not them, even under
        ``unpack_on_use``, so a pass that keeps none of these cells need not unpack it."""
        if self._rows is not None:
            return self._rows[:n]
        if self._code is not None:
            return self[:n]
        packed = self._packed
        assert packed is not None
        return [packed.row(i) for i in range(min(n, len(packed)))]

    def distinct_texts(self) -> set[str]:
        """The distinct texts of every cell (``set(texts_across())``; a packed grid's from
        its codes, without a cell or a text per cell)."""
        if self._packed is not None:
            return self._packed.distinct_texts()
        if self._code is not None:
            return self._code.packed.distinct_texts()
        return set(map(_RAW, chain.from_iterable(self._list())))  # in C: 175,000 cells

    def texts_across(self, start: int = 0, stop: int | None = None) -> list[str]:
        """Every cell's text, row after row, of rows ``start`` to ``stop`` (default all)."""
        if self._packed is not None:
            return self._packed.texts_across(start, stop)
        if self._code is not None:
            return self._code.packed.texts_across(start, stop)
        return [c.raw for row in self._list()[start:stop] for c in row]

    def fewest_cells(self) -> int:
        """The fewest cells any non-empty row holds (0 when no row holds one)."""
        if self._packed is not None:
            return self._packed.fewest_cells()
        if self._code is not None:
            return self._code.packed.fewest_cells()
        return min((len(row) for row in self._list() if row), default=0)

    def rows_on(self, lines: set[int] | dict[int, Any]) -> list[list[RawCell]]:
        """The rows holding a cell on one of file lines ``lines``, each row's cells on those
        lines, in grid order (the header lines of a table, without reading its data rows'
        cells)."""
        code = self._code
        if code is not None:  # a regular grid: the rows on those lines, made by index
            return [code.row(i) for i, line in enumerate(code.lines())
                    if line in lines and code.width(i)]
        packed = self._in_use()
        if packed is not None:
            return packed.rows_on(lines)
        rows = self._list()
        if self._is_regular():
            return [row for row in rows if row and row[0].row in lines]
        picked = ([c for c in row if c.row in lines] for row in rows)
        return [row for row in picked if row]

    def cells(self) -> Iterator[RawCell]:
        """Every cell, row by row in file order."""
        for row in self:
            yield from row

    def row_at(self, line: int) -> list[RawCell] | None:
        """The first non-empty row whose cells are on file line ``line``, or None."""
        packed = self._in_use()
        if packed is not None:
            return packed.row_at(line)
        return next((r for r in self._list() if r and r[0].row == line), None)


def _encoded(rows: list[list[RawCell]]) -> tuple[Any, ...]:
    """``rows`` as arguments of ``_decoded``: per row its file line and width, per cell a code
    into the distinct ``(raw, value, marker, hidden)`` of the grid (labels and counts repeat
    down a long table: the 1 MiB long table of ``bench_table_model`` has 46 of them for
    177,716 cells), or 0 for a cell kept as itself (``pinned``, in grid order).

    A cell is kept when something other than its row refers to it (``sys.getrefcount``: a
    DataCell's source, a cell of ``Table.unparsed`` or of a cache, one a pickler or deepcopy
    has already met), so it stays one object with what holds it; or when it is not a plain
    ``RawCell`` (a chart's cell). A row is kept whole (``plain``) when something else refers to
    it or its cells are not columns 1, 2, ... of one line."""
    row_base, cell_base = _BASE_REFS
    getrefcount = getattr(sys, "getrefcount", lambda _: 0)  # see _base_refs
    lines: list[int] = []
    widths: list[int] = []
    codes: list[int] = []
    meanings: list[tuple[str, float | None, str | None, bool]] = []
    index: dict[tuple, int] = {}
    pinned: list[RawCell] = []
    plain: dict[int, list[RawCell]] = {}
    for row in rows:
        if getrefcount(row) > row_base or not regular_row(row):
            plain[len(lines)] = row
            lines.append(0)
            widths.append(0)
            continue
        lines.append(row[0].row if row else 0)
        widths.append(len(row))
        for cell in row:
            if getrefcount(cell) > cell_base or type(cell) is not RawCell:
                pinned.append(cell)
                codes.append(0)
                continue
            value = cell.value
            # equal keys hold the same fields: not 1 and 1.0, nor 0.0 and -0.0
            key = (cell.raw, value, cell.marker, cell.hidden, type(value),
                   value == 0 and math.copysign(1.0, value) < 0)
            code = index.get(key)
            if code is None:
                meanings.append((cell.raw, value, cell.marker, cell.hidden))
                code = index[key] = len(meanings)
            codes.append(code)
    return (_packed(lines), _packed(widths), _packed(codes), meanings, pinned, plain)


def _packed(numbers: list[int]) -> array[int]:
    """Non-negative ints in the narrowest array that holds them."""
    top = max(numbers, default=0)
    return array("B" if top < 2**8 else "H" if top < 2**16 else "L" if top < 2**32 else "Q",
                 numbers)


def _decoded(lines: array[int], widths: array[int], codes: array[int],
             meanings: list[tuple[str, float | None, str | None, bool]],
             pinned: list[RawCell], plain: dict[int, list[RawCell]]) -> Grid:
    """The grid ``_encoded`` gave the arguments of."""
    rows: list[list[RawCell]] = []
    kept = iter(pinned)
    ahead = [None, *meanings]  # code 0: the next kept cell
    k = 0
    for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
        row = plain.get(i)
        if row is None:
            row = [RawCell(line, j, *m) if (m := ahead[codes[k + j - 1]]) is not None
                   else next(kept) for j in range(1, width + 1)]
            k += width
        rows.append(row)
    return Grid(rows)


def _base_refs() -> tuple[int, int]:
    """What ``sys.getrefcount`` gives, in ``_encoded``'s loops, for a row only its grid holds
    and a cell only its row holds (interpreters differ: 3.14 borrows references on the
    stack). Its loops have this shape. An interpreter without reference counts keeps every
    row and cell as itself (-1: any count is more)."""
    if not hasattr(sys, "getrefcount"):
        return -1, -1
    rows = [[RawCell(1, 1, "")]]
    for row in rows:
        row_refs = sys.getrefcount(row)
        for cell in row:
            return row_refs, sys.getrefcount(cell)
    raise AssertionError


def regular_row(row: list[RawCell]) -> bool:
    """Columns 1, 2, ... of one line (an empty row is)."""
    if not row:
        return True
    line = row[0].row
    return all(c.col == j and c.row == line for j, c in enumerate(row, 1))


def _copied_rows(grid: Grid) -> Iterator[list[RawCell]]:
    """``grid``'s rows of new cells equal to its own (a subclass's cell kept as itself)."""
    for row in grid:
        yield [RawCell(c.row, c.col, c.raw, c.value, c.marker, c.hidden)
               if type(c) is RawCell else c for c in row]


@dataclass
class Measure:
    """A measure column (long layout) or the single measure of a wide table."""

    name: str
    role: Role
    col: int | None = None  # the file column for long tables
    read_as: Role | None = None  # the reader's role when evidence (a sidecar) changed it
    per: float | None = None  # a percentage's scale when the layout shows it (row shares: 100)
    # the row shares' own total: a column headed as a total reading ``per`` on every row, the
    # other share columns adding up to it (sdc.readers.layout_shares): each row's whole, so
    # no part of it (its 100% puts no group in one category)
    row_total: bool = False
    # where the role was read when not from the header (a file or sheet name), for the reports
    role_from: str | None = None
    # the statistic an evidence sidecar says the column publishes (``p90``, ``median``), where
    # the header does not say it: a tail percentile's level for SDC303 (only adds checks)
    declared: str | None = None


@dataclass(frozen=True, slots=True)
class PrintedTops:
    """A hidden magnitude's largest contributions as its own file prints them beside it."""

    listed: float  # the sum of the printed contributions
    k: int  # how many are printed
    units: float | None  # the printed number of contributors (None: not printed)
    smallest: float  # the smallest printed contribution: the rest are no larger
    non_negative: bool  # the file says no contribution is negative (an n_negative of 0)
    # where the file prints them, (row, col): the tops, and the units (None: not printed);
    # ``sdc protect`` asks whether its written file still prints them
    tops_at: tuple[tuple[int, int], ...] = ()
    units_at: tuple[int, int] | None = None


LabelsKey = tuple[str, ...]  # a set of labels as a sorted tuple: see DataCell.labels_key


@dataclass(slots=True)
class DataCell:
    """A statistical cell: one measure at one combination of dimension categories."""

    measure: Measure
    coords: Mapping[str, str]  # a Coords (sdc.coords) from the readers, else a dict
    source: RawCell
    total_dims: frozenset[str] = frozenset()  # dimensions at which this cell is a margin
    evidence: dict[str, Any] | None = None  # per-cell evidence (sidecar or evidence columns)
    _labels_key: LabelsKey | None = field(default=None, repr=False, compare=False)

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # as RawCell's: one per cell sent back from a -j worker
        if type(self) is DataCell:
            return DataCell, (self.measure, self.coords, self.source, self.total_dims,
                              self.evidence, self._labels_key)
        return object.__reduce_ex__(self, protocol)

    @property
    def value(self) -> float | None:
        return self.source.value

    @property
    def labels_key(self) -> LabelsKey:
        """The labels that define the cell's population: non-margin labels, without names,
        each once and sorted, so two keys are equal exactly when their label sets are. A
        tuple, not a frozenset: one is kept per cell of a table (six labels: 104 bytes
        against 472)."""
        key = self._labels_key
        if key is None:
            coords = self.coords
            if not self.total_dims and type(coords) is Coords:  # every label, no dict made
                found = {label.strip() for label in coords._labels}
                found.discard("")
            elif not self.total_dims and type(coords) is WideCoords:  # the row's, the column's
                found = {label.strip() for label in coords._row}
                found.update([label.strip() for label in coords._column])
                found.discard("")
            else:
                found = {label.strip() for dim, label in coords.items()
                         if dim not in self.total_dims and label.strip()}
            key = self._labels_key = tuple(sorted(found))
        return key

    @property
    def suppressed(self) -> bool:
        return self.source.marker is not None

    @property
    def is_margin(self) -> bool:
        return bool(self.total_dims)

    @property
    def ref(self) -> str:
        return self.source.ref


def _levels(name: str) -> str:
    """A measure name's column levels below its first (``mean / M`` -> ``m``; none: ""), also
    as pandas joins them in one header line (``to_excel(merge_cells=False)``: ``std.True``,
    its label padded to the longest, ``count.True ``) or as ``to_markdown`` writes them, a
    tuple (``('std', True)``): else ``std.True`` took the count of ``count.False``, the first
    count on its row."""
    text = name.strip()
    if text.startswith("(") and text.endswith(")") and "," in text:
        parts = [p.strip().strip("'\"") for p in text[1:-1].split(",")]
        if parts[0].isalpha():
            return " / ".join(p for p in parts[1:] if p).casefold()
    head, sep, rest = name.partition(" / ")
    if not sep:
        head, sep, rest = name.partition(".")
        if not (head.strip() and head.strip().isalpha()):
            return ""
    return rest.strip().casefold() if sep else ""


@dataclass
class Table:
    """A parsed table and what was inferred about its layout."""

    path: str
    sheet: str | None
    dimensions: list[str]
    row_dimensions: list[str]
    column_dimensions: list[str]
    measures: list[Measure]
    cells: list[DataCell]
    layout: str  # "wide" or "long"
    title: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the lines of the page around a document's table that open with a footnote's mark
    # (``¹ n (%)`` under a Markdown, HTML, LaTeX or Word table): what a mark in its cells
    # refers to (``sdc.coverage``'s ``_table_marks``), set by the documents' reader
    page_notes: list[str] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    label_columns: list[int] = field(default_factory=list)
    grid: Grid = field(default_factory=Grid)
    unparsed: list[RawCell] = field(default_factory=list)  # text where a number was expected
    column_headers: dict[int, str] = field(default_factory=dict)  # col -> header text
    data_rows: list[int] = field(default_factory=list)  # file row numbers of the data rows
    problems: list[str] = field(default_factory=list)  # layout doubts (lead to review)
    # columns read as evidence of the row's other measures (tau-ARGUS' freq, n_negative):
    # checked through that evidence (sdc.readers.evidence.attach_evidence_columns)
    evidence_columns: list[int] = field(default_factory=list)
    # the header line is known from the file's structure, not guessed (a Stata table's header
    # ruled off by ``---+---``, R's two-way table under its variables' names)
    header_certain: bool = False
    # statistic labels the program that wrote the table defines as pandas' describe() ones
    # (Stata tabstat's ``N`` is ``count``, the values its mean is of): set by a reader that
    # knows the program, never by the table's own text (sdc.magnitude_bounds)
    statistic_names: dict[str, str] = field(default_factory=dict)
    # each column dimension is a variable whose values sdc itself grouped by (the API's
    # crosstab and pivot, sdc.api.rendering): its labels are categories by construction, never
    # a whole and its part (sdc.derived_counts._nested_header_levels); never set from a file
    columns_grouped: bool = False
    # likewise each row dimension (the index of the API's crosstab and pivot): its labels are
    # categories by construction, never measures paired by their numbers
    # (sdc.derived_counts._nested_rows); never set from a file
    rows_grouped: bool = False
    # the table has no label column and its rows are lines of their own, each told by its
    # line number in one row dimension (sdc.readers.layout): those numbers are no labels the
    # file prints, so the row-level tests read the rows as unlabelled measurements
    rows_unlabelled: bool = False
    # the table is a correlation matrix proven by its shape (1 on the diagonal, symmetric, the
    # same names down as across) with its units' counts: set only by
    # ``sdc.readers.layout_correlation``; its coefficients are no quantile levels (SDC302)
    correlation_matrix: bool = False
    # the table's own margin name (``margins_name="Everyone"``), learnt from its place and
    # arithmetic by ``sdc.readers.layout_own_margin`` (set only by ``infer_table``): where it
    # closes a label column of codes or years, that column is closed as by ``All``
    # (sdc.coverage)
    margin_name: str | None = None
    # a magnitude's contributions the file itself prints beside it (tau-ARGUS' freq, top1,
    # top2 on its row), keyed by the cell's (row, col), hidden or not: set only by
    # ``sdc.readers.evidence.attach_evidence_columns`` from the file's own columns, never from
    # a sidecar (which stays in the TRE and may be replaced): what any reader of the file
    # knows, so ``sdc.linking`` bounds a hidden cell by them (and ``sdc protect`` a cell it
    # hides)
    printed_tops: dict[tuple[int, int], PrintedTops] = field(default_factory=dict)
    # the text of cells a reader proved and left out of ``grid`` (a SAS CrossTabFreqs line's
    # ``_TYPE_`` pattern, ``_TABLE_`` 1): shown on the sheet, so a workbook's package check
    # (sdc.readers.xlsx_package) does not take them for data no cell shows
    proven_texts: frozenset[str] = frozenset()
    _count_index: dict[tuple, DataCell] | None = field(default=None, repr=False)
    _lines_cache: dict[Role, _Lines] = field(default_factory=dict, repr=False)
    # Caches other modules keep on a table keyed by ``id()`` of one of its cells or measures
    # (sdc.derived_counts): pickled (a ``-j`` worker sends the table back) and copied by
    # position in the table, as an id does not survive either; a key that is none of the
    # table's is dropped (asked again, the answer is unknown, never another cell's).
    _BY_ID: ClassVar[dict[str, str]] = {"_sdc_percent_bases": "cells",
                                        "_sdc_unscaled_rates": "measures"}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # the lines are a cache made again where read (the per-output rules, the audit): not
        # sent with a large table (a third of a 1 MiB long table's pickle, held by the parent
        # until the per-output rules and inherited by every process it forks meanwhile). A
        # small table's (``array('i')`` orders over its own cells, in the same pickle) are
        # sent back by a pool's worker that made them reading it, as ``-j 1`` keeps them
        # (made again, 0.13 s of the parent's CPU on 1,000 tables: round 33); only then: a
        # deep copy makes its own (``sidecar_bounds`` changes one's roles after copying)
        if not (_pool_sending() and len(self.cells) < LINES_WITH_NUMPY_FROM):
            state["_lines_cache"] = {}
        for name, attr in self._BY_ID.items():
            if state.get(name):
                at = {id(x): i for i, x in enumerate(state[attr])}
                state[name] = {at[k]: v for k, v in state[name].items() if k in at}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, attr in self._BY_ID.items():
            if state.get(name):
                items = state[attr]
                state[name] = {id(items[i]): v for i, v in state[name].items()}
        self.__dict__.update(state)

    @property
    def n_rows(self) -> int:
        return len(self.data_rows)

    def column_cells(self, col: int) -> list[RawCell]:
        """The data-row cells of one file column."""
        rows = set(self.data_rows)
        return [c for c in self.grid.column(col) if c.row in rows]

    @property
    def kind(self) -> str:
        roles = {m.role for m in self.measures}
        for role, kind in KIND_BY_ROLE_PRIORITY:
            if role in roles:
                return kind
        return "unknown"

    def unit_count_cell(self, cell: DataCell) -> DataCell | None:
        """The count published for the same coordinates (``age, n, median`` rows), if any.
        With no label column (``to_csv(index=False)``) the line is the only coordinate a row
        has: the count is the one on the statistic's line, not the first in its column."""
        lined = not self.row_dimensions
        if self._count_index is None:
            self._count_index = {}
            for other in self.cells:
                if other.measure.role is Role.COUNT:
                    key: tuple[Any, ...] = tuple(sorted(other.coords.items()))
                    if lined:
                        key = (*key, other.source.row)
                    self._count_index.setdefault(key, other)
                    # under the same column levels (``count / M`` for ``mean / M``)
                    self._count_index.setdefault((*key, _levels(other.measure.name)), other)
        wanted: tuple[Any, ...] = tuple(sorted(cell.coords.items()))
        if lined:
            wanted = (*wanted, cell.source.row)
        levels = _levels(cell.measure.name)
        if levels:
            same = self._count_index.get((*wanted, levels))
            if same is not None:
                return same
        return self._count_index.get(wanted)

    def cells_with_role(self, role: Role) -> Iterator[DataCell]:
        return (c for c in self.cells if c.measure.role == role)

    def row_label(self, cell: DataCell) -> str | None:
        return row_label(self.row_dimensions, cell)

    def column_label(self, cell: DataCell) -> str | None:
        return column_label(self.layout, self.column_dimensions, cell)

    def lines(
        self, role: Role = Role.COUNT, *, min_members: int = 2
    ) -> Iterator[tuple[str, list[DataCell], DataCell | None]]:
        """Each line of the table along each dimension, for a measure role.

        Yields ``(dimension, inner cells, published total cell or None)``: the inner cells are
        those that vary along ``dimension`` with every other coordinate fixed. Cells that are
        margins in ``dimension`` are the line's total; margins in other dimensions form lines
        of their own (the margin row of a cross-tab is a line too).

        Worked out once per role and kept flat (``_Lines``); each call makes the member lists
        afresh, so a caller may keep or change the lists it is given.
        """
        return self.line_parts(role).lines(min_members)

    def line_parts(self, role: Role = Role.COUNT) -> _Lines:
        """The lines of ``lines(role)`` as they are kept (``_Lines.parts``), for a pass that
        reads them whole (with numpy) instead of line by line; never to be changed."""
        every = self._lines_cache.get(role)
        if every is None:
            every = self._lines_cache[role] = _Lines.of(self, role)
        return every


LINES_WITH_NUMPY_FROM = 2_000  # cells of a role: below, lines are grouped without numpy


def _pool_sending() -> bool:
    """``sdc.pool.sending()``, without importing the pool where none ran (nothing is sent)."""
    pool = sys.modules.get("sdc.pool")
    return pool is not None and bool(pool.sending())
_MEASURE = attrgetter("measure")


class FlatLines(Sequence["DataCell"]):
    """One dimension's cells line after line (``_Lines.parts``), read through its order: a
    list of them per dimension was a pointer a cell a dimension, 1.2 MiB held from SDC103 to
    the audit on a 1 MiB long table (issue 14 §3). Each item or slice is the cell at that
    place of ``order`` (positions into ``cells``); a slice is a new list, as a list's."""

    __slots__ = ("_cells", "_order")

    def __init__(self, cells: list[DataCell], order: Any) -> None:
        self._cells = cells
        self._order = order  # numpy int array or array('i'): both slice and ``tolist``

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: SupportsIndex) -> DataCell: ...

    @overload
    def __getitem__(self, index: slice) -> list[DataCell]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> DataCell | list[DataCell]:
        if isinstance(index, slice):
            return list(map(self._cells.__getitem__, self._order[index].tolist()))
        return self._cells[int(self._order[index])]

    def __iter__(self) -> Iterator[DataCell]:
        return map(self._cells.__getitem__, self._order.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FlatLines | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which have none


class _Lines:
    """A table's lines of one role, kept flat: per dimension, its cells ordered line by line,
    where each line ends, and the published totals by line number. The lines of a long table
    as tuples of lists were 6.5 MiB held for the whole check on a 1 MiB file (35,000 lines);
    flat they are about a quarter of that, and making a line's list again when it is asked
    for costs less than a look-up per member would. ``cells`` are the role's cells in table
    order and ``orders`` each dimension's flat cells as positions in them, so a pass over the
    lines can read every member's number at once (numpy) instead of member by member."""

    __slots__ = ("cells", "orders", "parts")

    def __init__(self, parts: list[tuple[str, FlatLines, array[int], dict[int, DataCell]]],
                 cells: list[DataCell], orders: list[Any]) -> None:
        self.parts = parts
        self.cells = cells
        self.orders = orders

    @classmethod
    def of(cls, table: Table, role: Role) -> _Lines:
        """Along each dimension, the cells of one measure that hold it and agree on every
        other coordinate (held or not) are a line: those that are no margin in it are its
        members in table order, the last that is its total; lines come in the order of their
        first member. Grouped with numpy over the cells' label codes: a dictionary of key
        tuples per dimension was most of the cost on a long table of 100,000 rows."""
        cells = [c for c in table.cells if c.measure.role == role]
        if len(cells) < LINES_WITH_NUMPY_FROM:  # a small table: numpy is not even loaded
            return cls._grouped(table, cells)
        import numpy as np

        n = len(cells)
        dims = table.dimensions
        coords = [c.coords for c in cells]
        absent = object()  # a cell without the dimension; its key holds None, as .get gives
        held: list[Any] = []  # per dimension: which cells hold it
        codes: list[Any] = []  # per dimension: the cells' labels as codes, None as 0
        # codes of under 2**31 labels as int32: half the memory held while every line is
        # grouped (a key combining them is int64, from ``measure``'s)
        small: Any = np.int32 if n < 2**31 - 1 else np.int64
        store = one_store(coords)  # a long table's rows: their labels are codes already
        rows = [co._row for co in coords] if store is not None else []  # type: ignore[attr-defined]
        for dim in dims:
            if store is not None:  # every cell holds every dimension the store has
                at = store.at.get(dim)
                # the same for every cell: one value read as n (no n bytes a dimension)
                held.append(np.broadcast_to(np.bool_(at is not None), (n,)))
                # the store's own codes (a byte or two a row, not four: ``_combined`` widens
                # them into its int64 key), a dimension no cell holds one broadcast 0
                codes.append(np.broadcast_to(np.uint8(0), (n,)) if at is None
                             else store.codes(at, rows))
                continue
            coded: dict[object, int] = {None: 0, absent: -1}
            labels = labels_along(coords, dim, absent)
            for label in dict.fromkeys(labels):  # coded in order of first appearance
                coded.setdefault(label, len(coded) - 1)
            # then looked up in C, not a Python step per cell (issue 14 §3)
            column = np.fromiter(map(coded.__getitem__, labels), dtype=small, count=n)
            del labels
            held.append(column >= 0)
            codes.append(np.maximum(column, 0))
        for i, places in pad_places(table, cells).items():  # a pad is no line's label
            codes[i] = codes[i].astype(np.int64)  # a copy (a store's may be read-only)
            codes[i][places] = int(codes[i].max()) + 1
        del coords, rows  # not held while the lines are grouped (a check's peak: issue 14 §3)
        # each cell's measure numbered in order of first appearance (looked up in C)
        # (the ids read twice, each int let go at once: a list of them was an int object a
        # cell, 9 MiB at SDC402's peak on a table of 228,000 cells)
        by_measure = {m: k for k, m in enumerate(dict.fromkeys(map(id, map(_MEASURE, cells))))}
        measure = np.fromiter(map(by_measure.__getitem__, map(id, map(_MEASURE, cells))),
                              dtype=np.int64, count=n)
        margins = [i for i, c in enumerate(cells) if c.total_dims]
        parts = []
        orders = []
        for i, dim in enumerate(dims):
            key = _combined([measure, *codes[:i], *codes[i + 1:]])
            if len(key) and int(key.max()) < 2**31:  # half the bytes to sort and copy
                key = key.astype(np.int32)
            totals = [j for j in margins if dim in cells[j].total_dims]
            total: np.ndarray | None
            inner: np.ndarray | None
            if totals or not held[i].all():
                total = np.zeros(n, dtype=bool)
                total[totals] = True
                inner = np.flatnonzero(held[i] & ~total)
                found, first, line = _first_groups(key[inner])
            else:  # every cell a member (no margin in it): no copy of the key, no positions
                total = inner = None
                found, first, line = _first_groups(key)
            rank = np.empty(len(found), dtype=line.dtype)
            rank[np.argsort(first, kind="stable")] = np.arange(len(found))
            del first
            line = rank[line]
            order = np.argsort(line, kind="stable")
            if inner is not None:
                order = inner[order]
            ends = array("q")  # from the bytes, not a Python int per line
            ends.frombytes(np.cumsum(np.bincount(line, minlength=len(found)))
                           .astype(np.int64).tobytes())
            del line
            by_line: dict[int, DataCell] = {}
            if total is not None:
                for j in np.flatnonzero(held[i] & total).tolist():  # in table order: the last
                    at = int(np.searchsorted(found, key[j]))  # wins
                    if at < len(found) and found[at] == key[j]:
                        by_line[int(rank[at])] = cells[j]
            kept = order.astype(np.int32) if n < 2**31 else order
            parts.append((dim, FlatLines(cells, kept), ends, by_line))
            orders.append(kept)
            # this dimension's arrays go now, not while the next one's are made
            del key, total, inner, found, rank, order
        return cls(parts, cells, orders)

    @classmethod
    def _grouped(cls, table: Table, cells: list[DataCell]) -> _Lines:
        """``of`` by a dictionary of key tuples per dimension (the same lines)."""
        positions: list[tuple[object, ...]] = [
            tuple(c.coords.get(d) for d in table.dimensions) for c in cells]
        for i, places in pad_places(table, cells).items():  # a pad is no line's label
            for j in places:
                positions[j] = (*positions[j][:i], _PAD, *positions[j][i + 1:])
        parts = []
        orders: list[Any] = []
        for i, dim in enumerate(table.dimensions):
            groups: dict[tuple, list[int]] = defaultdict(list)
            totals: dict[tuple, DataCell] = {}
            for j, (cell, pos) in enumerate(zip(cells, positions, strict=True)):
                if dim not in cell.coords:
                    continue
                key = (id(cell.measure), *pos[:i], *pos[i + 1:])
                if dim in cell.total_dims:
                    totals[key] = cell
                else:
                    groups[key].append(j)
            order = array("i")
            ends = array("q")
            by_line: dict[int, DataCell] = {}
            for k, (key, members) in enumerate(groups.items()):
                order.extend(members)
                ends.append(len(order))
                total = totals.get(key)
                if total is not None:
                    by_line[k] = total
            parts.append((dim, FlatLines(cells, order), ends, by_line))
            orders.append(order)
        return cls(parts, cells, orders)

    def lines(self, min_members: int) -> Iterator[tuple[str, list[DataCell], DataCell | None]]:
        for dim, flat, ends, totals in self.parts:
            start = 0
            for k, end in enumerate(ends):
                if end - start >= min_members:
                    yield dim, flat[start:end], totals.get(k)
                start = end


_PAD = object()  # a margin's padded blank label, in the dictionary path's keys


def pads_a_margin(table: Table, dim: str, totals: frozenset[str] | set[str]) -> bool:
    """Whether a margin's blank label at ``dim`` is padding: pandas pads the levels after a
    margin's ``All`` on its own axis (``('All', '', '')``), so a blank on the other axis, or
    before every total of its axis, is a key of its own (a missing key, ``East,,young``: round
    28). A table whose axes are not known keeps every blank as padding."""
    for axis in (table.row_dimensions, table.column_dimensions):
        if dim in axis:
            at = axis.index(dim)
            return any(t in axis and axis.index(t) < at for t in totals)
    return True


def pad_places(table: Table, cells: Sequence[DataCell]) -> dict[int, list[int]]:
    """Per dimension (its place in ``table.dimensions``), the places in ``cells`` of the
    margins whose blank label there is padding (:func:`pads_a_margin`). ``All,,`` under two
    row levels is a total over every row, not of the rows whose second level is a missing
    key (written blank by pandas' ``dropna=False``): its pad must not pair it with them as
    their line's total (round 31). Margins padded alike still form lines of their own (the
    ``All,,`` row's cells and its ``All`` column)."""
    found: dict[int, list[int]] = {}
    dims = table.dimensions
    for j, cell in enumerate(cells):
        totals = cell.total_dims
        if not totals:
            continue
        coords = cell.coords
        for i, dim in enumerate(dims):
            label = coords.get(dim)
            if (label is not None and not label.strip() and dim not in totals
                    and pads_a_margin(table, dim, totals)):
                found.setdefault(i, []).append(j)
    return found


def _first_groups(key: Any) -> tuple[Any, Any, Any]:
    """``np.unique(key, return_index=True, return_inverse=True)``: the distinct keys sorted,
    each one's first place in ``key`` and each place's number among them; without its copy
    of ``key`` and with one array of places fewer alive at once (the grouping of a long
    table's lines is a check's peak, issue 12 ch. 12)."""
    import numpy as np

    perm = np.argsort(key, kind="stable")  # equal keys in their order: the first leads
    ordered = key[perm]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    found = ordered[new]
    del ordered
    first = perm[new]
    line = np.empty(len(key), dtype=np.int32 if len(key) < 2**31 else np.int64)
    number = np.cumsum(new, dtype=line.dtype)
    number -= 1
    line[perm] = number
    return found, first, line


def _combined(columns: list[Any]) -> Any:
    """One int64 code per row of several columns of codes, equal exactly when the rows are
    (mixed radix, re-coded densely whenever the next column could overflow it)."""
    import numpy as np

    key = columns[0]
    for column in columns[1:]:
        base = int(column.max()) + 1 if len(column) else 1
        if len(key) and (int(key.max()) + 1) * base >= 2**62:
            key = np.unique(key, return_inverse=True)[1].reshape(-1)
        key = key * base + column
    return key


_BASE_REFS = _base_refs()
_RAW = attrgetter("raw")


BLANK_LABEL = "(blank)"


def joined_labels(labels: Sequence[str]) -> str:
    """Labels joined as a finding's location shows them, a blank one named ``(blank)``: the
    file prints nothing there (a CSV's empty field; pandas' ``NaN``/``nan``, read as the blank
    ``to_csv`` writes), where the join alone said ``North /  / g2`` (round 50)."""
    return " / ".join(label if label.strip() else BLANK_LABEL for label in labels)


def row_label(row_dimensions: Sequence[str], cell: DataCell) -> str | None:
    """How a finding's location names the cell's row: its row labels joined."""
    labels = [cell.coords[d] for d in row_dimensions if d in cell.coords]
    return joined_labels(labels) if labels else None


def column_label(layout: str, column_dimensions: Sequence[str], cell: DataCell) -> str | None:
    """How a finding's location names the cell's column: a wide table's column labels, else
    the measure's name."""
    if layout == "wide":
        labels = [cell.coords[d] for d in column_dimensions if d in cell.coords]
        return joined_labels(labels) if labels else cell.measure.name
    return cell.measure.name
