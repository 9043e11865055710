"""Bound a sheet's cells before openpyxl loads the workbook (issue 12 channel 12).

openpyxl's full load keeps an object for every cell it places, and the reader then walks the
sheet's whole used rectangle (``max_row`` × ``max_column``), creating the cells it has not
got. Both are fixed by the sheet's XML, not by what the sheet's ``<dimension>`` claims (the
insider writes it), so the XML is streamed here with expat and every element is placed as
openpyxl places it: each child of a ``<row>`` is a cell, at its ``r`` reference or one column
after the cell before it. Merged ranges and ranged hyperlinks add the cells openpyxl makes for
them. The count stops as soon as a limit is passed, so refusing costs what was read so far.
A sheet wholly in the plain form legal tools write (rows of ``<c r="B12">`` cells and nothing
else) is counted from its bytes by regular expressions (``_plain_count``), a third of expat's
CPU; any other is counted by expat from its start.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, range_boundaries

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = _MAIN + "row"
_DIMENSION = _MAIN + "dimension"
# elements whose ``ref`` openpyxl makes cells at: merged ranges, links, comments (in the
# sheet's comments part)
_RANGED = frozenset({_MAIN + "mergeCell", _MAIN + "hyperlink", _MAIN + "comment"})
_COMMENTS_TYPE = "/relationships/comments"


@dataclass
class CellCount:
    """What openpyxl would hold of one sheet: its used rectangle and the cells it places."""

    rows: int = 0  # the highest row a cell is placed in
    columns: int = 0  # the highest column
    placed: int = 0  # cells placed: a row's children, then each merged or linked range's cells
    declared: tuple[int, int] = (0, 0)  # rows and columns its <dimension> claims
    # why the XML could not be followed to its end (malformed: openpyxl refuses it too)
    malformed: str | None = None

    @property
    def extent(self) -> tuple[int, int]:
        """Rows and columns: the larger of what the cells span and what ``<dimension>``
        claims (the read-only readers trust the claim; the full load, the cells)."""
        return max(self.rows, self.declared[0]), max(self.columns, self.declared[1])

    @property
    def cells(self) -> int:
        """The cells the sheet costs: its rectangle, or the cells placed when more."""
        rows, columns = self.extent
        return max(rows * columns, self.placed)


class Refused(Exception):
    """The sheet passed a limit (the message says which) or cannot be counted."""


class _Uncountable(Exception):
    """Why the sheet's cells cannot be placed before the load."""


@dataclass
class _Open:
    """An element being read: a row keeps its ``r`` and each child's ``r`` (None: absent)."""

    row: bool
    r: str | None = None
    children: list[str | None] = field(default_factory=list)


_OTHER = _Open(row=False)


class _Counter:
    """expat handlers that place cells as openpyxl's ``WorkSheetParser`` does."""

    def __init__(self, name: str, max_rows: int, max_columns: int, max_cells: int,
                 before: int) -> None:
        self.name, self.max_rows, self.max_columns = name, max_rows, max_columns
        self.max_cells, self.before = max_cells, before  # before: the earlier sheets' cells
        self.count = CellCount()
        self.stack: list[_Open] = []
        self.row_counter = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.stack and self.stack[-1].row:  # any child of a row is a cell to openpyxl
            children = self.stack[-1].children
            children.append(attrs.get("r"))
            if len(children) > self.max_columns:
                raise Refused(f"{self.name} has a row of more than {self.max_columns:,} cells "
                              f"(limit {self.max_columns:,} columns); not loaded")
        if tag == _ROW:
            self.stack.append(_Open(row=True, r=attrs.get("r")))
            return
        self.stack.append(_OTHER)
        if tag == _DIMENSION:
            self.count.declared = _extent(attrs.get("ref", ""))
            self._check()
        elif tag in _RANGED and (ref := attrs.get("ref", "")):
            self._range(ref)

    def end(self, tag: str) -> None:
        done = self.stack.pop()
        if done.row:
            self._row(done)

    def _row(self, row: _Open) -> None:
        """The row's cells placed as openpyxl's ``parse_row`` places them (the row number
        from ``r`` or one past the last; each cell at its reference or one column past the
        last), never short of it: a cell is put at least one column past the last and no
        higher than the row (openpyxl clears a nested element's ``r`` before the row is
        read; a row written in order is placed exactly)."""
        self.row_counter = _row_number(row.r) if row.r is not None else self.row_counter + 1
        column = 0
        count = self.count
        for ref in row.children:
            at = self.row_counter
            if ref:
                ref_row, ref_column = _cell(ref)
                at, column = max(at, ref_row), max(column + 1, ref_column)
            else:
                column += 1
            count.rows, count.columns = max(count.rows, at), max(count.columns, column)
        count.placed += len(row.children)
        self._check()

    def _range(self, ref: str) -> None:
        """A merged range (openpyxl makes a cell for each of its cells), or a link or comment
        on a cell or range (it makes the cells it is put on)."""
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            return  # openpyxl cannot read it either: the load fails
        count = self.count
        if min_col is None and min_row is None:
            return  # neither rows nor columns: openpyxl cannot index it either
        if min_row is None or min_col is None:
            # whole columns (``A:XFD``) over the rows it has, or whole rows (``1:1048576``,
            # ``5``) across its columns: openpyxl makes every cell of them (hunt16)
            if min_row is None:
                rows, columns = (1, count.rows), (min_col, max_col)
            else:
                rows, columns = (min_row, max_row), (1, count.columns)
            count.rows, count.columns = max(count.rows, rows[1]), max(count.columns, columns[1])
            count.placed += (max(rows[1] - rows[0] + 1, 0)
                             * max(columns[1] - columns[0] + 1, 0))
            self._check()
            return
        count.rows, count.columns = max(count.rows, max_row), max(count.columns, max_col)
        count.placed += (max_row - min_row + 1) * (max_col - min_col + 1)
        self._check()

    def _check(self) -> None:
        count = self.count
        rows, columns = count.extent
        if columns > self.max_columns:
            raise Refused(f"{self.name} spans {columns:,} columns "
                          f"(limit {self.max_columns:,} columns); not loaded")
        if rows > self.max_rows:
            raise Refused(f"{self.name} spans {rows:,} rows "
                          f"(limit {self.max_rows:,} rows); not loaded")
        if count.cells > self.max_cells:
            raise Refused(f"{self.name} spans {rows:,} rows × {columns:,} columns, "
                          f"{count.cells:,} cells (limit {self.max_cells:,} cells); not loaded")
        if self.before + count.cells > self.max_cells:
            raise Refused(f"{self.name} brings the workbook's sheets to "
                          f"{self.before + count.cells:,} cells "
                          f"(limit {self.max_cells:,} cells); not loaded")


def _row_number(r: str) -> int:
    """A row's ``r`` as openpyxl reads it: an integer, or a float that is one."""
    try:
        return int(r)
    except ValueError:
        number = float(r)
        if not number.is_integer():
            raise _Uncountable(f"has a row number {r[:20]!r}") from None
        return int(number)


def _cell(ref: str) -> tuple[int, int]:
    try:
        return coordinate_to_tuple(ref)
    except (ValueError, TypeError):
        raise _Uncountable(f"has a cell reference {ref[:20]!r}") from None


def _extent(ref: str) -> tuple[int, int]:
    """Rows and columns a ``<dimension ref="A1:D20">`` claims ((0, 0) when unreadable)."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0, 0
    return max_row or min_row or 0, max_col or min_col or 0


def _no_entities(*args: object) -> None:
    raise _Uncountable("declares XML entities")


# The plain form every tool that writes legal workbooks uses, read from the bytes without a
# Python step per cell: rows whose only children are <c> elements with a plain reference
# (r="B12"), holding no comment, CDATA, processing instruction, nested <c> or row. A sheet
# not wholly in this form is counted by expat (``_Counter``), which places anything.
_ATTR = rb"""[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*')"""
_CONTENT = rb"(?:[^<]++|<(?!/?c[\s>/]|/?row[\s>/]|!|\?))*+"
_CELL = (rb"<c(?:\s+" + _ATTR + rb")*?\s+r\s*=\s*([\"'])[A-Za-z]{1,3}[0-9]+\1(?:\s+" + _ATTR
         + rb")*+\s*(?:/>|>" + _CONTENT + rb"</c\s*>)")
_PLAIN_ROW = re.compile(rb"<row(?:\s+" + _ATTR + rb")*+\s*(?:/>|>(?:\s*+" + _CELL
                        + rb")*+\s*</row\s*>)")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# a <c> start tag's reference, its attributes read in order (never text inside a value)
_REF = re.compile(rb"<c(?:\s+" + _ATTR + rb")*?\s+r\s*=\s*[\"']([A-Za-z]{1,3})([0-9]+)[\"']")
_REFERRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:dimension|mergeCell|hyperlink)[\s>/]")
_REFERRING = re.compile(rb"<(dimension|mergeCell|hyperlink)(?:\s+" + _ATTR
                        + rb")*?\s+ref\s*=\s*[\"']([A-Za-z0-9:$]{1,30})[\"']")
_REFERRING_NAMES = (b"dimension", b"mergeCell", b"hyperlink")
_CELL_STARTS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
_MAX_ROW_BYTES = 4 << 20  # a row longer than this is counted by expat


def _plain_count(stream: IO[bytes], counter: _Counter) -> bool:
    """Count the sheet in ``stream`` into ``counter`` from its bytes when it is wholly in the
    plain form (True), or say it is not (False: count it with expat from the start)."""
    count = counter.count
    carry = b""
    letters: set[bytes] = set()
    numbers: set[bytes] = set()
    while True:
        block = stream.read(1 << 20)
        data = carry + block
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return False  # declared defaults or entities: only a parser sees what they add
        cut = data.rfind(b"<row") if block else len(data)  # the last row may go on
        if cut <= 0:
            cut = 0
        part, carry = data[:cut], data[cut:]
        if len(carry) > _MAX_ROW_BYTES:
            return False
        rows = list(_PLAIN_ROW.finditer(part))
        if len(rows) != len(_ROW_TAG.findall(part)):
            return False  # a row not in the plain form
        refs = _REF.findall(part)
        count.placed += len(refs)
        letters.update(c for c, _ in refs)
        numbers.update(r for _, r in refs)
        referring: list[tuple[bytes, bytes]] = []
        if any(t in part for t in _REFERRING_NAMES):
            referring = _REFERRING.findall(part)
            if len(referring) != len(_REFERRING_TAG.findall(part)):
                return False  # a <dimension>, merged range or link not in the plain form
        for tag, ref in referring:
            if tag == b"dimension":
                count.declared = _extent(ref.decode("ascii"))
            else:
                counter._range(ref.decode("ascii"))
        if letters:
            count.columns = max(count.columns,
                                max(column_index_from_string(c.decode()) for c in letters))
            count.rows = max(count.rows, max(int(n) for n in numbers))
            letters.clear()
            numbers.clear()
        counter._check()
        # a row of more cells than columns repeats references: openpyxl reads each one
        shortest = 11 * counter.max_columns  # <c r="A1"/> is 11 bytes: a row no longer
        # than this holds fewer cells than the limit
        for row in (r for r in rows if r.end() - r.start() > shortest):
            cells = sum(part.count(t, row.start(), row.end()) for t in _CELL_STARTS)
            if cells > counter.max_columns:
                raise Refused(f"{counter.name} has a row of more than "
                              f"{counter.max_columns:,} cells (limit "
                              f"{counter.max_columns:,} columns); not loaded")
        if not block:
            return True


def count_cells(stream: IO[bytes], name: str, *, max_rows: int, max_columns: int,
                max_cells: int, before: int = 0, reopen: Callable[[], IO[bytes]] | None = None,
                comments: list[IO[bytes]] | None = None) -> CellCount:
    """The cells openpyxl would hold of the sheet XML in ``stream``, streamed in 1 MiB blocks.
    Raises ``Refused`` (naming the limit) as soon as a limit is passed (``before``: the cells
    of the workbook's sheets counted already, held against ``max_cells`` with this one's), or
    when the sheet cannot be counted (XML entities, which openpyxl's parser forbids and which
    could hide cells here; a row number or reference openpyxl cannot read either).
    ``reopen``: the sheet again, from its start: the plain form is tried first from the
    bytes, and a sheet not wholly in it is counted again with expat. ``comments``: the
    sheet's comments parts (openpyxl makes a cell where each comment is)."""
    counter = _Counter(name, max_rows, max_columns, max_cells, before)
    if reopen is None or not _plain_count(stream, counter):
        if reopen is not None:
            counter = _Counter(name, max_rows, max_columns, max_cells, before)
            stream = reopen()
        _expat_count(stream, counter)
    for part in comments or []:
        counter.stack.clear()
        _expat_count(part, counter)
    return counter.count


def _expat_count(stream: IO[bytes], counter: _Counter) -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.EntityDeclHandler = _no_entities
    parser.ExternalEntityRefHandler = _no_entities  # type: ignore[assignment]
    try:
        while block := stream.read(1 << 20):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        counter.count.malformed = str(exc)  # the load fails on it: the count so far stands
    except _Uncountable as exc:
        raise Refused(f"{counter.name} {exc}, whose cells sdc cannot count before loading "
                      "it; not loaded") from None


def comment_parts(zf: zipfile.ZipFile, sheet: str, names: set[str]) -> list[str]:
    """The comments parts the sheet's relationships name, as openpyxl finds them."""
    import posixpath
    import xml.etree.ElementTree as ET

    folder, base = posixpath.split(sheet)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in names:
        return []
    try:
        root = ET.fromstring(zf.read(rels))
    except (ET.ParseError, ValueError, OSError, zipfile.BadZipFile):
        return []  # openpyxl cannot read them either: the load fails
    found = []
    for rel in root.iter():
        target = rel.get("Target", "")
        if rel.tag.endswith("Relationship") and rel.get("Type", "").endswith(_COMMENTS_TYPE):
            part = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            if part in names:
                found.append(part)
    return found


def sheet_cells(zf: zipfile.ZipFile, sheets: list[str], *, max_rows: int, max_columns: int,
                max_cells: int) -> str | None:
    """Why the workbook is not loaded (a sheet, or its sheets together, over the column, row
    or cell limit; a sheet that cannot be counted), or None."""
    total = 0
    names = set(zf.namelist())
    try:
        for name in sheets:
            with zf.open(name) as fh, contextlib.ExitStack() as again:
                def reopen(part: str = name, stack: contextlib.ExitStack = again
                           ) -> IO[bytes]:
                    return stack.enter_context(zf.open(part))

                notes = [again.enter_context(zf.open(c)) for c in comment_parts(zf, name, names)]
                total += count_cells(fh, name, max_rows=max_rows, max_columns=max_columns,
                                     max_cells=max_cells, before=total, reopen=reopen,
                                     comments=notes).cells
    except Refused as exc:
        return str(exc)
    return None
