"""A grid's cells kept as codes column by column, each ``RawCell`` made when it is asked for
(issue 14 §3, issue 12 channel 12).

A long table repeats a few dozen texts down each label column, and every cell of it was a
``RawCell`` (88 bytes with its row slot): 73 of the ~113 MiB the 100,000-row table held after
reading. Kept here: per row its file line and width, per column an array of one code a row
into the grid's distinct ``(raw, value, marker, hidden)``. A cell something else holds when
the grid is packed (a data cell's ``source``, ``Table.unparsed``, a finding's cell) is kept
as itself (pinned), so every holder and the grid still share one object; so is a row held
from outside, or one that is not columns 1, 2, ... of one line (kept whole, ``plain``). Any
other cell is made again each time it is read: equal to the one it replaced, not the same
object, which nothing holds any more (``sys.getrefcount`` said so when the grid was packed).
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterator
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

import sdc.table
from sdc.table import RawCell, regular_row

_RAW = attrgetter("raw")

Meaning = tuple[str, float | None, str | None, bool]

ABSENT = 0  # the row has no cell in this column (it is shorter)
PINNED = 1  # the cell is kept as itself (``Columns.pins``)
# a column's pinned cells: per row that cell or None (the rows' pack), or only the pinned ones
# by row (a code grid's pack, where a label column has a dozen made cells among 25,000 rows)
Pins = list[RawCell | None] | dict[int, RawCell]
FIRST_MEANING = 2


class Columns:
    """The storage behind a packed ``sdc.table.Grid`` (``Grid.pack``); read through it."""

    __slots__ = ("codes", "lines", "meanings", "pins", "plain", "regular", "widths")

    def __init__(self, lines: array[int], widths: array[int], codes: list[array[int]],
                 meanings: list[Meaning | None], pins: dict[int, Pins],
                 plain: dict[int, list[RawCell]], regular: bool) -> None:
        self.lines = lines  # per row its file line (0 for an empty or plain row)
        self.widths = widths  # per row its cells (0 for a plain row)
        self.codes = codes  # per column (0-based) per row: ABSENT, PINNED or a meaning
        self.meanings = meanings  # by code from FIRST_MEANING
        self.pins = pins  # per column with a pinned cell: its pinned cells by row (Pins)
        self.plain = plain  # rows kept whole, by position
        self.regular = regular  # every row is columns 1, 2, ... of one line

    def __reduce__(self) -> tuple[Any, ...]:
        # pinned cells and plain rows travel as themselves: the pickler's memo keeps them one
        # object with their other holders (a data cell's source)
        return Columns, (self.lines, self.widths, self.codes, self.meanings, self.pins,
                         self.plain, self.regular)

    def __len__(self) -> int:
        return len(self.lines)

    @classmethod
    def of(cls, rows: list[list[RawCell]], regular: bool | None = None) -> Columns | None:
        """``rows`` packed, or None when that saves nothing: an interpreter without
        reference counts (no cell can be known unheld), or texts that barely repeat (a code
        and a distinct meaning per cell is no smaller than the cells). ``regular``: every
        row is known to be columns 1, 2, ... of one line (a CSV's).

        One loop over the cells (a pipeline of ``map`` steps a column at a time was twice as
        slow): a cell takes its text's first meaning when it holds the same value, marker
        and flag objects (a CSV parser's cells share them per text), else the meaning of
        exactly its fields."""
        row_base, cell_base = sdc.table._BASE_REFS  # read when called: tests set it
        if row_base < 0:
            return None
        getrefcount = sys.getrefcount
        n = len(rows)
        codes = [array("I", [0]) * n for _ in range(max(map(len, rows), default=0))]
        lines = array("I", [0]) * n
        widths = array("I", [0]) * n
        pack = _Packer()
        meanings, by_raw = pack.meanings, pack.by_raw
        pins: dict[int, Pins] = {}
        plain: dict[int, list[RawCell]] = {}
        check_rows = regular is not True
        i = 0
        # the loop's shape is ``sdc.table._base_refs``'s: the counts compared are its own
        for row in rows:
            if getrefcount(row) > row_base or (check_rows and not regular_row(row)):
                plain[i] = row
                i += 1
                continue
            if row:
                lines[i] = row[0].row
                widths[i] = len(row)
            j = 0
            for cell in row:
                if getrefcount(cell) > cell_base or type(cell) is not RawCell:
                    column_pins = pins.get(j)
                    if column_pins is None:
                        column_pins = pins[j] = [None] * n
                    column_pins[i] = cell
                    codes[j][i] = PINNED
                    j += 1
                    continue
                code = by_raw.get(cell.raw)
                if code is None:
                    code = by_raw[cell.raw] = pack.add(cell)
                else:
                    known = meanings[code]
                    if not (known[1] is cell.value and known[2] is cell.marker  # type: ignore[index]
                            and known[3] is cell.hidden):  # type: ignore[index]
                        code = pack.code(cell, code)
                codes[j][i] = code
                j += 1
            i += 1
        if len(meanings) - FIRST_MEANING > max(256, sum(widths) // 4):
            return None
        typecode = _narrowest(len(meanings))
        return cls(_narrow(lines), _narrow(widths),
                   [array(typecode, c) if typecode != "I" else c for c in codes], meanings,
                   pins, plain, regular is True or all(map(regular_row, plain.values())))

    def row(self, i: int) -> list[RawCell]:
        """Row ``i`` (0-based), its unpinned cells made now."""
        kept = self.plain.get(i)
        if kept is not None:
            return kept
        line = self.lines[i]
        meanings = self.meanings
        out: list[RawCell] = []
        for j in range(self.widths[i]):
            code = self.codes[j][i]
            if code == PINNED:
                out.append(self.pins[j][i])  # type: ignore[arg-type]
            else:
                out.append(RawCell(line, j + 1, *meanings[code]))  # type: ignore[misc]
        return out

    def unpinned(self) -> Columns | None:
        """The same cells with none pinned: each pinned cell coded by its fields, each plain
        row's cells copied, so the copy holds no cell anything else holds (what a report
        keeps of a checked table once its model is let go: ``sdc.reports.table_view``).
        None when a pinned cell is not a plain ``RawCell`` at its own line and column."""
        pack = _Packer()
        pack.meanings = list(self.meanings)
        for code in range(FIRST_MEANING, len(pack.meanings)):
            known = pack.meanings[code]
            if known is None:
                continue
            raw, value, marker, hidden = known
            if pack.by_raw.setdefault(raw, code) != code:
                pack.others.setdefault(
                    (raw, value, marker, hidden, type(value), _negative_zero(value)), code)
        codes = list(self.codes)
        for j, column_pins in self.pins.items():
            column = array("I", codes[j])
            for i, cell in pinned_cells(column_pins):
                if type(cell) is not RawCell or cell.row != self.lines[i] or cell.col != j + 1:
                    return None
                first = pack.by_raw.get(cell.raw)
                if first is None:
                    first = pack.by_raw[cell.raw] = pack.add(cell)
                column[i] = pack.code(cell, first)
            codes[j] = column
        typecode = _narrowest(len(pack.meanings))
        codes = [array(typecode, c) if j in self.pins else c for j, c in enumerate(codes)]
        plain = {i: [RawCell(c.row, c.col, c.raw, c.value, c.marker, c.hidden)
                     if type(c) is RawCell else c for c in row]
                 for i, row in self.plain.items()}
        return Columns(self.lines, self.widths, codes, pack.meanings, {}, plain, self.regular)

    def rows(self) -> Iterator[list[RawCell]]:
        for i in range(len(self.lines)):
            yield self.row(i)

    def all_rows(self) -> list[list[RawCell]]:
        """Every row (``list(rows())``): a grid of equal rows with no row kept whole (a CSV's)
        a column at a time, its cells made by ``map`` steps in C and its pinned cells put back
        in their places, then turned into rows; any other grid row by row."""
        n = len(self.lines)
        widths = self.widths
        width = widths[0] if n else 0
        if self.plain or not width or widths.count(width) != n:
            return list(self.rows())
        meanings = [m if m is not None else ("", None, None, False) for m in self.meanings]
        fields = [list(map(itemgetter(k), meanings)) for k in range(4)]
        hidden = any(fields[3])  # else every cell's is False (a CSV's): not looked up
        lines = list(self.lines)  # one int a row, shared by its cells (as a parser's)
        columns = []
        for j in range(width):
            codes = self.codes[j]
            cells = list(map(RawCell, lines, repeat(j + 1, n),
                             *(map(field.__getitem__, codes) for field in fields[:3]),
                             map(fields[3].__getitem__, codes) if hidden
                             else repeat(False, n)))
            column_pins = self.pins.get(j)
            if column_pins is not None:
                for i, cell in pinned_cells(column_pins):
                    cells[i] = cell
            columns.append(cells)
        return list(map(list, zip(*columns, strict=True)))

    def column(self, col: int) -> list[RawCell]:
        """The cells of file column ``col`` in grid order (as ``Grid.column`` reads them)."""
        at = col - 1
        codes = self.codes[at] if 0 <= at < len(self.codes) else None
        if codes is None and not self.plain:
            return []
        pins = self.pins.get(at)
        meanings, lines, plain = self.meanings, self.lines, self.plain
        out: list[RawCell] = []
        for i in range(len(lines)):
            kept = plain.get(i) if plain else None
            if kept is not None:
                out.extend(c for c in kept if c.col == col)
                continue
            code = codes[i] if codes is not None else ABSENT
            if code == ABSENT:
                continue
            if code == PINNED:
                out.append(pins[i])  # type: ignore[index,arg-type]
            else:
                out.append(RawCell(lines[i], col, *meanings[code]))  # type: ignore[misc]
        return out

    def texts(self, col: int) -> set[str]:
        """The distinct texts of column ``col``'s cells (``{c.raw for c in column(col)}``),
        from the column's distinct codes."""
        at = col - 1
        out: set[str] = set()
        if 0 <= at < len(self.codes):
            codes = set(self.codes[at])
            out.update(self.meanings[k][0] for k in codes  # type: ignore[index]
                       if k >= FIRST_MEANING)
            if PINNED in codes:
                out.update(c.raw for _, c in pinned_cells(self.pins[at]))
        for kept in self.plain.values():
            out.update(c.raw for c in kept if c.col == col)
        return out

    def distinct_texts(self) -> set[str]:
        """The distinct texts of every cell: those of the codes in use, the pinned cells'
        and the plain rows'."""
        used: set[int] = set()
        for codes in self.codes:
            used.update(codes)
        meanings = self.meanings
        out = {meanings[k][0] for k in used if k >= FIRST_MEANING}  # type: ignore[index]
        for column_pins in self.pins.values():
            out.update(c.raw for _, c in pinned_cells(column_pins))
        for kept in self.plain.values():
            out.update(c.raw for c in kept)
        return out

    def rows_on(self, lines: set[int] | dict[int, Any]) -> list[list[RawCell]]:
        """As ``Grid.rows_on``: a row of codes is on one line, whole or not at all."""
        out = []
        plain, widths = self.plain, self.widths
        for i, line in enumerate(self.lines):
            kept = plain.get(i) if plain else None
            if kept is not None:
                if regular_row(kept):
                    if kept and kept[0].row in lines:
                        out.append(kept)
                elif on := [c for c in kept if c.row in lines]:
                    out.append(on)
            elif widths[i] and line in lines:
                out.append(self.row(i))
        return out

    def row_at(self, line: int) -> list[RawCell] | None:
        """As ``Grid.row_at``: the first non-empty row whose first cell is on ``line``."""
        plain, widths = self.plain, self.widths
        for i, first in enumerate(self.lines):
            kept = plain.get(i) if plain else None
            if kept is not None:
                if kept and kept[0].row == line:
                    return kept
            elif first == line and widths[i]:
                return self.row(i)
        return None

    def first_lines(self) -> list[int]:
        """Each non-empty row's first cell's line, in grid order."""
        plain, lines, widths = self.plain, self.lines, self.widths
        if not plain:
            return [line for line, width in zip(lines, widths, strict=True) if width]
        out = []
        for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
            kept = plain.get(i)
            if kept is not None:
                if kept:
                    out.append(kept[0].row)
            elif width:
                out.append(line)
        return out

    def widths_of_rows(self) -> list[int]:
        """Each row's number of cells, in grid order."""
        plain = self.plain
        if not plain:
            return list(self.widths)
        return [len(plain[i]) if i in plain else w for i, w in enumerate(self.widths)]

    def position_texts(self, at: int, start: int = 0, stop: int | None = None,
                       texts: list[str] | None = None) -> list[str]:
        """Per row (of rows ``start`` to ``stop``, default all), the text of its cell at
        position ``at`` (0-based), "" where the row is shorter: ``Grid.position_texts``,
        from the codes, without a cell. ``texts``: each code's text (``code_texts``), when
        the caller reads several columns."""
        n = len(self.lines)
        stop = n if stop is None else max(0, min(stop, n))
        start = max(0, min(start, stop))
        if 0 <= at < len(self.codes):
            if texts is None:
                texts = self.code_texts()
            out = list(map(texts.__getitem__, self.codes[at][start:stop]))  # in C: a code a row
            column_pins = self.pins.get(at)
            if isinstance(column_pins, dict):
                for i, cell in column_pins.items():
                    if start <= i < stop:
                        out[i - start] = cell.raw
            elif column_pins is not None:  # only the rows asked for: a search reads a long
                # table's count column (every cell pinned) a chunk of rows at a time, and each
                # chunk went over all 25,000 of them (3% of checking the 1 MiB long table)
                pinned = column_pins[start:stop]
                if len(pinned) == len(out) and not any(map(is_, pinned, repeat(None))):
                    out = list(map(_RAW, pinned))  # every row's cell pinned: their texts
                else:
                    for k, one in enumerate(pinned):
                        if one is not None:
                            out[k] = one.raw
        else:
            out = [""] * (stop - start)
        for i, row in self.plain.items():
            if start <= i < stop:
                out[i - start] = row[at].raw if 0 <= at < len(row) else ""
        return out

    def code_texts(self) -> list[str]:
        """Each code's text ("" for a code without a meaning)."""
        return [m[0] if m is not None else "" for m in self.meanings]

    def texts_across(self, start: int = 0, stop: int | None = None) -> list[str]:
        """Every cell's text, row after row, of rows ``start`` to ``stop`` (default all):
        ``Grid.texts_across``. A search reads a long table's text a chunk of rows at a time
        (``sdc.readers.cell_text``): a list of every cell's text, and one of every column's,
        were 10 MiB of a 100,000-row table's read (issue 12 ch. 12)."""
        n = len(self.lines)
        stop = n if stop is None else max(0, min(stop, n))
        start = max(0, min(start, stop))
        texts = self.code_texts() if self.codes else None
        down = [self.position_texts(at, start, stop, texts) for at in range(len(self.codes))]
        widths, columns = self.widths[start:stop], len(down)
        plain = {i - start: row for i, row in self.plain.items() if start <= i < stop}
        if not plain and columns and widths.count(columns) == len(widths):
            # every row as wide as the grid (a long table's): the columns interleaved by
            # slices, in C (a list a row was 2% of checking linked long tables)
            interleaved = [""] * (len(widths) * columns)
            for at, column in enumerate(down):
                interleaved[at::columns] = column
            return interleaved
        out: list[str] = []
        for i, width in enumerate(widths):
            kept = plain.get(i) if plain else None
            if kept is not None:
                out += [c.raw for c in kept]
            elif width:
                out += [column[i] for column in down[:width]]
        return out

    def fewest_cells(self) -> int:
        """The fewest cells of any non-empty row (0 when there is none)."""
        counts = [w for w in self.widths if w]
        counts += [len(r) for r in self.plain.values() if r]
        return min(counts, default=0)


class _Packer:
    """The distinct ``(raw, value, marker, hidden)`` of a grid's cells, each a code."""

    def __init__(self) -> None:
        self.meanings: list[Meaning | None] = [None, None]
        self.by_raw: dict[str, int] = {}  # a text's first meaning
        self.others: dict[tuple, int] = {}  # a meaning that is not its text's first

    def code(self, cell: RawCell, first: int) -> int:
        """``cell``'s code, given its text's first meaning's (another cell's)."""
        if _same(self.meanings[first], cell):
            return first
        value = cell.value
        key = (cell.raw, value, cell.marker, cell.hidden, type(value), _negative_zero(value))
        found = self.others.get(key)
        if found is None or value != value:  # NaN: a meaning of its own
            found = self.others[key] = self.add(cell)
        return found

    def add(self, cell: RawCell) -> int:
        self.meanings.append((cell.raw, cell.value, cell.marker, cell.hidden))
        return len(self.meanings) - 1


def pinned_cells(pins: Pins) -> Iterator[tuple[int, RawCell]]:
    """A column's pinned cells with their rows, in row order, whichever way they are kept."""
    if isinstance(pins, dict):
        return iter(sorted(pins.items(), key=itemgetter(0)))
    return ((i, cell) for i, cell in enumerate(pins) if cell is not None)


def _same(known: Meaning | None, cell: RawCell) -> bool:
    """``cell`` holds the fields of ``known`` exactly: equal, and the value of the same type
    and, for a zero, the same sign (1 and 1.0, 0.0 and -0.0 are equal but print apart)."""
    assert known is not None
    value = cell.value
    other = known[1]
    return (known[2] == cell.marker and known[3] is cell.hidden and type(other) is type(value)
            and (other is value or (other == value
                                    and _negative_zero(other) == _negative_zero(value))))


def _negative_zero(value: float | None) -> bool:
    return value is not None and value == 0 and math.copysign(1.0, value) < 0


def _narrowest(top: int) -> str:
    return "B" if top < 2**8 else "H" if top < 2**16 else "I"


def _narrow(numbers: array[int]) -> array[int]:
    typecode = _narrowest(max(numbers, default=0) + 1)
    return numbers if typecode == "I" else array(typecode, numbers)
