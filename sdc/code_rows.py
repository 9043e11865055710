"""A parser's codes read as rows, each cell made the first time it is asked for and kept
(issue 12 channel 12, issue 14 §3: step 2 of the plan in docs/decisions.md).

``sdc.readers.csv_columns`` reads a plain CSV into codes per column (``Columns``), and today
every cell is made from them at once (``Grid.of_columns(..., unpacked=True)``): on a long
table 600,000 label cells that the layout reads only as texts. Here a pass asks either what a
cell says (``text``, ``facts``: from the codes, one shared ``Fact`` per distinct text, no cell
made) or for the cell itself (``cell``: made once and kept). So there is one object per
(row, column) for every later reader, as a grid of rows has: a ``DataCell.source``, coverage's
``id()`` keys and the excused cells can never meet a second object for the same place, nor a
new object that took the id of a freed one (nothing made here is freed while the rows live).
Which cells were never made is known (``made``): no holder can have seen them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Container, Iterator, Sequence
from itertools import repeat
from operator import is_not, itemgetter
from typing import Any, TypeVar, cast, overload

from sdc.grid_columns import ABSENT, PINNED, Columns, Meaning, Pins, pinned_cells
from sdc.row_view import RowView
from sdc.table import RawCell

ROWS_CHUNK = 4096  # rows made at a time by ``CodeRows.all_rows``
_Made = dict[int, RawCell] | list[RawCell | None]
T = TypeVar("T")


class Fact:
    """What the cells of one code say (``row_maps.CellFacts``): shared by all of them, so it
    has no place; read, never kept as a cell, never changed."""

    __slots__ = ("hidden", "marker", "raw", "value")

    def __init__(self, raw: str, value: float | None, marker: str | None, hidden: bool
                 ) -> None:
        self.raw = raw
        self.value = value
        self.marker = marker
        self.hidden = hidden

    @property
    def kind(self) -> str:
        """As ``RawCell.kind``."""
        if self.value is not None:
            return "num"
        if self.marker:
            return "marker"
        if not self.raw or self.raw.isspace():
            return "empty"
        return "text"

    def __repr__(self) -> str:
        return f"Fact({self.raw!r}, {self.value!r}, {self.marker!r}, {self.hidden!r})"


class CodeRows:
    """The rows of a reader's own ``Columns`` (no pinned cell, no row kept whole, every row
    columns 1, 2, ... of one line: a CSV parser's), read by cell or by what a cell says."""

    __slots__ = ("_dense", "_facts", "_lines", "_made", "_rows", "_texts", "packed")

    def __init__(self, packed: Columns) -> None:
        if packed.pins or packed.plain or not packed.regular:
            raise ValueError("only a reader's own regular codes are read as code rows")
        self.packed = packed
        # per column (0-based), once a cell of it was made: the cells made by row, a dict
        # while few are (a long table's labels: a dozen rows), a list per row once more
        # than an eighth are (its measure column: every row's source)
        self._made: list[_Made | None] = [None] * len(packed.codes)
        self._dense = max(16, len(packed.lines) // 8)
        self._rows: list[list[RawCell]] | None = None  # every row made (``all_rows``)
        self._lines: list[int] | None = None  # see ``lines``
        self._facts: list[Fact | None] = [
            None if m is None else Fact(*m) for m in packed.meanings]
        self._texts: list[str | None] = [None if m is None else m[0] for m in packed.meanings]

    def __len__(self) -> int:
        return len(self.packed.lines)

    def width(self, i: int) -> int:
        """Row ``i``'s number of cells."""
        return self.packed.widths[i]

    def line(self, i: int) -> int:
        """Row ``i``'s file line (0 for an empty row)."""
        return self.lines()[i]

    def lines(self) -> list[int]:
        """Each row's file line, one int object a row shared by every cell of the row and
        every list of lines (as a parser's cells share theirs: an int per cell or per
        ``Table.data_rows`` entry was 1.5 MiB on the 1 MiB long table)."""
        if self._lines is None:
            self._lines = list(self.packed.lines)
        return self._lines

    def _code(self, i: int, col: int) -> int:
        at = col - 1
        if at < 0 or at >= len(self.packed.codes):
            return ABSENT
        code = self.packed.codes[at][i]
        assert code != PINNED  # refused in __init__
        return code

    def cell(self, i: int, col: int) -> RawCell | None:
        """Row ``i``'s cell in file column ``col`` (None where it has none), the same object
        every time it is asked for."""
        code = self._code(i, col)
        if code == ABSENT:
            return None
        if self._rows is not None:  # every cell made: the rows hold them
            return self._rows[i][col - 1]
        made = self._made[col - 1]
        if made is None:
            made = self._made[col - 1] = {}
        found = made.get(i) if isinstance(made, dict) else made[i]
        if found is None:
            meaning = self.packed.meanings[code]
            assert meaning is not None
            found = made[i] = RawCell(self.lines()[i], col, *meaning)
            if isinstance(made, dict) and len(made) > self._dense:
                dense: list[RawCell | None] = [None] * len(self)
                for k, cell in made.items():
                    dense[k] = cell
                self._made[col - 1] = dense
        return found

    def made(self, i: int, col: int) -> RawCell | None:
        """The cell of row ``i`` in ``col`` if it was made (``cell``), else None: a cell never
        made was never seen by anything, so no holder keeps it or its id."""
        if self._code(i, col) == ABSENT:
            return None
        if self._rows is not None:
            return self._rows[i][col - 1]
        made = self._made[col - 1]
        if made is None:
            return None
        return made.get(i) if isinstance(made, dict) else made[i]

    def made_mask(self, col: int, among: Container[int] | None = None) -> bytearray | None:
        """Per row, 1 where its cell in ``col`` was made, else 0 (None: every cell was,
        ``all_rows``): a byte a row, not a list of ints (a long table's measure column has a
        made cell a row: its rows as a list and a set were 7 MiB of the 100,000-row table's
        check, issue 12 channel 12). ``among``: only the made cells whose ``id`` it holds."""
        if self._rows is not None:
            return None
        made = self._made[col - 1] if 0 < col <= len(self._made) else None
        if made is None:
            return bytearray(len(self))
        if isinstance(made, dict):
            mask = bytearray(len(self))
            for i, cell in made.items():
                if among is None or id(cell) in among:
                    mask[i] = 1
            return mask
        if among is not None:  # None's id is no made cell's
            return bytearray(map(among.__contains__, map(id, made)))
        return bytearray(map(is_not, made, repeat(None)))

    def code(self, i: int, col: int) -> int:
        """Row ``i``'s code in ``col`` (``ABSENT`` where it has no cell): cells of one code in
        one column say the same, whatever their row."""
        return self._code(i, col)

    def read(self, i: int, col: int) -> RawCell | Fact | None:
        """Row ``i``'s cell in ``col`` if it was made (a pass may have changed it since: a
        layout sets an empty data cell's marker), else what its code says; no cell made."""
        found = self.made(i, col)
        return found if found is not None else self.facts(i, col)

    def column_read(self, col: int, rows: Sequence[int]) -> list[RawCell | Fact | None]:
        """``read`` of ``col`` on each of ``rows``: the made cells where they were made."""
        got: list[Any] = self.column_facts(col, rows)
        if self._rows is not None:
            return [self._rows[i][col - 1] if got[k] is not None else None
                    for k, i in enumerate(rows)]
        made = self._made[col - 1] if 0 < col <= len(self._made) else None
        if made is None:
            return got
        if isinstance(made, dict):
            return [made.get(i, fact) for i, fact in zip(rows, got, strict=True)]
        return [fact if (cell := made[i]) is None else cell
                for i, fact in zip(rows, got, strict=True)]

    def facts(self, i: int, col: int) -> Fact | None:
        """What row ``i``'s cell in ``col`` says (None where it has none): no cell made."""
        return self._facts[self._code(i, col)]

    def text(self, i: int, col: int) -> str | None:
        """Row ``i``'s text in ``col`` (None where it has no cell): no cell made."""
        return self._texts[self._code(i, col)]

    def row(self, i: int) -> list[RawCell]:
        """Row ``i``'s cells (a new list each time, of the cells ``cell`` keeps)."""
        return [self.cell(i, col) for col in range(1, self.width(i) + 1)]  # type: ignore[misc]

    def all_rows(self) -> list[list[RawCell]]:
        """Every row, of the cells made once (those already made, the others now), kept from
        then on in place of the cells made one by one: a grid's rows when it stops being
        read as codes (``Grid._as_rows``). Rows of one width (a CSV's) ``ROWS_CHUNK`` at a
        time, a column at a time, the missing cells made by ``map`` steps in C (no list of a
        whole column beside the rows)."""
        if self._rows is not None:
            return self._rows
        n = len(self)
        widths = self.packed.widths
        width = widths[0] if n else 0
        if not width or widths.count(width) != n:
            rows = [self.row(i) for i in range(n)]
        else:
            lines = self.lines()
            meanings = [m if m is not None else ("", None, None, False)
                        for m in self.packed.meanings]
            fields = [list(map(itemgetter(k), meanings)) for k in range(4)]
            rows = []
            for start in range(0, n, ROWS_CHUNK):
                stop = min(n, start + ROWS_CHUNK)
                columns = []
                for j in range(width):
                    codes = self.packed.codes[j][start:stop]
                    new = list(map(RawCell, lines[start:stop], repeat(j + 1, stop - start),
                                   *(map(field.__getitem__, codes) for field in fields)))
                    made = self._made[j]
                    if isinstance(made, dict):  # the cells already handed out stay those
                        for k, cell in made.items():
                            if start <= k < stop:
                                new[k - start] = cell
                    elif made is not None:
                        new = [old if old is not None else cell
                               for old, cell in zip(made[start:stop], new, strict=True)]
                    columns.append(new)
                rows.extend(map(list, zip(*columns, strict=True)))
        self._rows = rows
        self._made = [None] * len(self._made)  # the rows hold every cell now
        return rows

    def pinned(self) -> Columns:
        """The codes with every cell made so far pinned as itself (``Columns.pins``): what
        ``Grid.pack`` keeps of a grid never turned into rows. Pinning every made cell, held
        elsewhere or not, keeps each one object for good (a data cell's ``source``, a cell a
        layout changed since it was made); the cells never made are made anew from their
        codes when asked for, as a packed grid's unpinned cells are (nothing held them). The
        code rows are not read after this (their columns with pins are copies)."""
        packed = self.packed
        if self._rows is not None:
            raise ValueError("every cell made: pack the rows")
        codes = list(packed.codes)
        pins: dict[int, Pins] = {}
        for j, made in enumerate(self._made):
            if not made:
                continue
            column = codes[j] = array(packed.codes[j].typecode, packed.codes[j])
            # a few made cells (a long table's labels: a dozen rows) stay a dict, not a list
            # of a slot per row (200 KiB a column of 25,000 rows, kept for the release)
            kept: Pins = dict(made) if isinstance(made, dict) else made
            for i, _ in pinned_cells(kept):
                column[i] = PINNED
            pins[j] = kept
        return Columns(packed.lines, packed.widths, codes, packed.meanings, pins, {}, True)

    def column_cells(self, col: int, rows: range | None = None) -> list[RawCell | None]:
        """The cells of ``col`` on ``rows`` (default all), each made once. Many rows of a
        column (a long table's measure: every row) are made at once into its list of made
        cells, as ``cell`` would make them one by one (issue 14 §3: a call per cell)."""
        chosen = rows if rows is not None else range(len(self))
        at = col - 1
        if self._rows is not None or not 0 <= at < len(self._made) or chosen.step != 1 \
                or len(chosen) <= self._dense:
            return [self.cell(i, col) for i in chosen]
        made = self._made[at]
        if not isinstance(made, list):  # a dict of a few made cells, or none: a list now
            dense: list[RawCell | None] = [None] * len(self)
            for k, cell in (made or {}).items():
                dense[k] = cell
            made = self._made[at] = dense
        start, stop = chosen.start, chosen.stop
        out = made[start:stop]
        codes, meanings, lines = self.packed.codes[at], self.packed.meanings, self.lines()
        # every cell not made yet made by ``map`` steps (a long table's measure: all but the
        # dozen rows the layout looked at), the made ones kept as themselves
        fresh = _fresh_cells(codes[start:stop], meanings, lines[start:stop], col)
        if fresh is not None:
            out = [old if old is not None else new for old, new in zip(out, fresh, strict=True)]
            made[start:stop] = out
            return out
        for k in [k for k, cell in enumerate(out) if cell is None]:
            i = start + k
            code = codes[i]
            if code == ABSENT:
                continue
            assert code != PINNED  # refused in __init__
            meaning = meanings[code]
            assert meaning is not None
            out[k] = made[i] = RawCell(lines[i], col, *meaning)
        return out

    def column_facts(self, col: int, rows: Sequence[int] | None = None
                     ) -> list[Fact | None]:
        """What the cells of ``col`` on ``rows`` (default all) say, no cell made: one look-up
        in C per row."""
        chosen = rows if rows is not None else range(len(self))
        picked = self._column_codes(col, chosen)
        if picked is None:
            return [None] * len(chosen)
        return list(map(self._facts.__getitem__, picked))

    def facts_map(self, col: int, rows: Sequence[int], func: Callable[[Fact], T], absent: T
                  ) -> list[T]:
        """``[absent if f is None else func(f) for f in self.column_facts(col, rows)]`` with
        ``func`` asked once per distinct code, made cells never read (as ``column_facts``):
        a long table's label column is 25,000 rows of a few dozen codes, and the list of
        their facts, of their texts and the set of those were made for each label column
        (issue 14 §3). ``func`` must read what a fact says only."""
        picked = self._column_codes(col, rows)
        if picked is None:
            return [absent] * len(rows)
        facts = self._facts
        by_code = {c: absent if (fact := facts[c]) is None else func(fact)
                   for c in set(picked)}
        return list(map(by_code.__getitem__, picked))

    def _column_codes(self, col: int, chosen: Sequence[int]) -> Sequence[int] | None:
        """The codes of ``col`` on rows ``chosen`` (None: no such column), a slice of the
        column when the rows run on unbroken."""
        at = col - 1
        if at < 0 or at >= len(self.packed.codes):
            return None
        codes = self.packed.codes[at]
        if isinstance(chosen, range) and chosen.step == 1:
            return codes[chosen.start:chosen.stop]
        if _consecutive(chosen, len(codes)):  # a slice of lines, as most callers give
            return codes[chosen[0]:chosen[0] + len(chosen)]
        return [codes[i] for i in chosen]

    def widest(self, rows: Sequence[int]) -> int:
        """``max(map(self.width, rows), default=0)``: the widths read in C when the rows run
        on unbroken (a long table's data rows), not by a call a row."""
        widths = self.packed.widths
        if isinstance(rows, range) and rows.step == 1:
            return max(widths[rows.start:rows.stop], default=0)
        if _consecutive(rows, len(widths)):
            return max(widths[rows[0]:rows[0] + len(rows)], default=0)
        return max(map(widths.__getitem__, rows), default=0)

    def column_any(self, col: int, rows: Sequence[int], test: Callable[[Fact], bool]
                   ) -> bool:
        """``any(f is not None and test(f) for f in self.column_facts(col, rows))``, ``test``
        asked once per distinct code (a test of what a cell says), no list of the rows."""
        picked = self._column_codes(col, rows)
        if picked is None:
            return False
        facts = self._facts
        return any(fact is not None and test(fact) for fact in map(facts.__getitem__,
                                                                   set(picked)))

    def column_map(self, col: int, rows: Sequence[int], func: Callable[[RawCell | Fact], T],
                   absent: T) -> list[T]:
        """``[absent if o is None else func(o) for o in self.column_read(col, rows)]`` with
        ``func`` asked once per distinct code (its cells' shared ``Fact``) and once per made
        cell (a pass may have changed it), not once per row: a long table's label column is
        25,000 rows of a few dozen codes (issue 14 §3). ``func`` must say the same of any
        two objects that say the same (it reads what a cell says, not where it is)."""
        picked = self._column_codes(col, rows)
        if picked is None:
            return [absent] * len(rows)
        made = self._made[col - 1]
        first = rows.start if isinstance(rows, range) and rows.step == 1 else (
            rows[0] if rows and type(picked) is not list else None)
        if self._rows is not None or (made and first is None):  # every cell made, or
            # made cells on rows that do not run on unbroken: read row by row
            return [absent if o is None else func(o) for o in self.column_read(col, rows)]
        facts = self._facts
        by_code = {c: absent if (fact := facts[c]) is None else func(fact)
                   for c in set(picked)}
        out = list(map(by_code.__getitem__, picked))
        if made:
            assert first is not None
            stop = first + len(out)
            items = made.items() if isinstance(made, dict) else enumerate(made)
            for i, cell in items:
                if cell is not None and first <= i < stop:
                    out[i - first] = func(cell)
        return out


def _consecutive(rows: Sequence[int], size: int) -> bool:
    """Whether ``rows`` are ``range(rows[0], rows[0] + len(rows))`` within ``size`` places (a
    list compared in C: a Python step per row is what the slice saves, issue 14 §3)."""
    if not rows or type(rows) is not list or type(rows[0]) is not int:
        return False
    first = rows[0]
    return first >= 0 and first + len(rows) <= size and rows == list(
        range(first, first + len(rows)))


def _fresh_cells(codes: Sequence[int], meanings: Sequence[Meaning | None],
                 lines: Sequence[int], col: int) -> list[RawCell | None] | None:
    """``[RawCell(line, col, *meanings[code]) ...]`` of a column's rows none of whose cells
    was made, by ``map`` steps in C (``CodeRows.column_cells``: a call a cell was ~2% of a
    1 MiB long table's check); None when a row has no cell there (``ABSENT``), or a code is
    pinned or without a meaning (the cell-by-cell loop says what then)."""
    used = set(codes)
    if ABSENT in used or PINNED in used or any(meanings[code] is None for code in used):
        return None
    known = {code: cast(Meaning, meanings[code]) for code in used}
    if any(len(meaning) != 4 for meaning in known.values()):
        return None  # a meaning of other fields: as the loop makes it
    fields = [{code: meaning[k] for code, meaning in known.items()} for k in range(4)]
    return list(map(RawCell, lines, repeat(col, len(codes)),
                    *(map(field.__getitem__, codes) for field in fields)))


class CodeRowMap(RowView):
    """Row ``i`` of ``CodeRows`` as a column -> cell map, equal to ``{c.col: c for c in
    rows.row(i)}`` and read the same way (as ``row_maps.RowMap`` reads a row of cells); a
    cell the layout sets goes into the map's own overlay, never into the codes. ``text`` and
    ``facts`` say what a cell holds without making it."""

    __slots__ = ("_codes", "_i")

    def __init__(self, rows: CodeRows, i: int, set_flag: list[bool] | None = None) -> None:
        # ``RowView.__init__``'s fields set here, not by a call to it: a long table makes a
        # map a data row (25,000 on the 1 MiB long table: the call was half their making)
        self._extra = None  # cells set after it was made
        self._set = set_flag  # shared by the maps of one ``code_maps`` call
        self._codes = rows
        self._i = i

    def _width(self) -> int:
        return self._codes.width(self._i)

    def get(self, col: int, default: Any = None) -> Any:
        extra = self._extra
        if extra is not None and col in extra:
            return extra[col]
        found = self._codes.cell(self._i, col) if type(col) is int else None
        return default if found is None else found

    def facts(self, col: int) -> Any:
        """What the cell of ``col`` says (the set cell itself when one was set), or None."""
        extra = self._extra
        if extra is not None and col in extra:
            return extra[col]
        return self._codes.facts(self._i, col)

    def text(self, col: int) -> str | None:
        """The text of the cell of ``col``, or None where there is none."""
        found = self.facts(col)
        return None if found is None else found.raw


class CodeMaps(list[CodeRowMap]):
    """The maps of consecutive rows of one ``CodeRows`` (``code_maps``): while no cell is set
    on any and the list is unchanged, a column is read straight from the codes
    (``row_maps.column_cells`` / ``column_facts``). A slice is the same rows' slice; any
    change of the list itself lets go of the rows (then read map by map)."""

    __slots__ = ("_at", "_rows", "_set")

    def __init__(self, maps: list[CodeRowMap], rows: CodeRows | None, at: range,
                 set_flag: list[bool]) -> None:
        super().__init__(maps)
        self._rows = rows
        self._at = at
        self._set = set_flag

    def __getitem__(self, index: Any) -> Any:
        got = super().__getitem__(index)
        if isinstance(index, slice):
            return CodeMaps(got, self._rows, self._at[index], self._set)
        return got

    def columns_from(self) -> tuple[CodeRows, range] | None:
        """The rows and their indices to read a column from, or None (map by map)."""
        if self._rows is None or self._set[0]:
            return None
        return self._rows, self._at

    def any_set(self) -> bool:
        """Whether a cell was set on any map of these rows (then read map by map)."""
        return self._set[0]

    def _changed(self) -> None:
        self._rows = None


def tell_changes(cls: type[list[Any]]) -> None:
    """Every method that changes a list calls ``self._changed()`` first on ``cls`` (a list of
    row maps that reads columns from its rows while the list is as it was made)."""
    def changing(name: str) -> Any:
        method = getattr(list, name)

        def changed(self: Any, *args: Any) -> Any:
            self._changed()
            return method(self, *args)

        changed.__name__ = name
        return changed

    for name in ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend",
                 "insert", "pop", "remove", "clear", "sort", "reverse"):
        setattr(cls, name, changing(name))


tell_changes(CodeMaps)


def code_maps(rows: CodeRows, at: range | None = None) -> CodeMaps:
    """The maps of rows ``at`` (default all) of ``rows``."""
    chosen = at if at is not None else range(len(rows))
    set_flag = [False]
    return CodeMaps(list(map(CodeRowMap, repeat(rows), chosen, repeat(set_flag))), rows,
                    chosen, set_flag)


class CodeRowList(Sequence[list[RawCell]]):
    """Some rows of ``CodeRows`` (by index) where the layout holds a list of rows: a row
    asked for is made of the cells made once (a new list each time); ``maps`` gives the
    rows' column maps (``code_maps``) and ``lines`` their file lines, neither making a cell.
    A slice is the same rows' slice."""

    __slots__ = ("at", "code")

    def __init__(self, code: CodeRows, at: Sequence[int]) -> None:
        self.code = code
        self.at = at

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, index: int) -> list[RawCell]: ...

    @overload
    def __getitem__(self, index: slice) -> CodeRowList: ...

    def __getitem__(self, index: int | slice) -> list[RawCell] | CodeRowList:
        if isinstance(index, slice):
            return CodeRowList(self.code, self.at[index])
        return self.code.row(self.at[index])

    def __iter__(self) -> Iterator[list[RawCell]]:
        return map(self.code.row, self.at)

    def maps(self) -> list[CodeRowMap]:
        """The rows' column maps (``CodeMaps`` when they are consecutive rows)."""
        if isinstance(self.at, range) and self.at.step == 1:
            return code_maps(self.code, self.at)
        set_flag = [False]
        return [CodeRowMap(self.code, i, set_flag) for i in self.at]

    def lines(self) -> list[int]:
        """Each row's file line (its first cell's), no cell made."""
        lines = self.code.lines()
        at = self.at
        if isinstance(at, range) and at.step == 1:
            return lines[at.start:at.stop]
        return [lines[i] for i in at]
