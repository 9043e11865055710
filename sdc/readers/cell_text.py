"""Text a table cell carries beyond a label or a number: long text, several lines, encodings.

The table rules read a cell as one value. A cell can hold much more: a patient list pasted
into one quoted CSV field (its lines are one cell, so no column of NHS numbers appears), or
the list encoded as base64 or hex in a label or a title, which no rule can read. Every such
cell's text is read by something that can say no:

- a cell of several lines, or longer than ``LONG_CELL`` characters, is checked as hidden text
  (``sdc.readers.parts``: a table in it is read as a table, identifiers are found);
- a cell holding invisible characters (zero-width spaces and joiners, soft hyphens, bidi
  controls) is SDC605 (review), and its text without them is checked as hidden text: an NHS
  number split by zero-width spaces is still an NHS number;
- a run of base64 or hex in a cell (``MIN_ENCODED`` characters or more) that decodes to text,
  directly or through gzip/zlib, is SDC605 (review) and the decoded text is checked as hidden
  text; a run that decodes to bytes sdc cannot read is SDC605 when it is long enough
  (``MIN_OPAQUE``) to carry data (short ones are hashes and keys);
- a blob split over adjacent cells (``split_blobs``): runs of cells that are base64/hex
  fragments, read across each row and down each column (sheets in order, so a run may go on
  into the next sheet), are joined and decoded the same way.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import itertools
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol

from sdc.outputs import HiddenItem
from sdc.readers.parts import INVISIBLE, TERMINAL_CODES, TextPart, without_invisible
from sdc.table import Grid, RawCell, Table

LONG_CELL = 500
MIN_ENCODED = 24
MIN_OPAQUE = 100
MAX_DECODED = 20_000_000
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])")  # 24+ digits


def _as_text(data: bytes) -> str | None:
    """Bytes as text when they are text (UTF-8, mostly printable), after gzip/zlib."""
    if data[:2] == b"\x1f\x8b" or data[:1] == b"\x78":
        with contextlib.suppress(zlib.error):  # not compressed after all: read as it is
            data = zlib.decompressobj(47).decompress(data, MAX_DECODED)  # gzip or zlib
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return text if len(text) >= 8 and printable >= 0.95 * len(text) else None


def _decode(run: str) -> bytes | None:
    """A base64 (standard or URL-safe) or hex run as bytes, or None."""
    if _HEX.fullmatch(run):
        return bytes.fromhex(run)
    bare = run.rstrip("=")
    padded = bare + "=" * (-len(bare) % 4)
    try:
        if "-" in run or "_" in run:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _encoded_runs(text: str) -> list[str]:
    """Base64/hex runs of a cell that mix letters and digits (not a long plain word)."""
    runs = [m.group(0) for m in _HEX.finditer(text)]
    runs += [m.group(0) for m in _BASE64.finditer(text) if m.group(0) not in runs]
    return [r for r in runs
            if (any(c.isdigit() for c in r) and any(c.isalpha() for c in r))
            or _HEX.fullmatch(r)]


def cell_text(table: Table) -> tuple[list[HiddenItem], list[TextPart]]:
    """SDC605 items and hidden text for the cells of ``table`` (see the module doc)."""
    hidden: list[HiddenItem] = []
    parts: list[TextPart] = []
    grid = table.grid
    # a grid read as codes: its distinct texts, from its codes (no text a cell); else its
    # texts a chunk of rows at a time
    texts = [list(grid.distinct_texts())] if _as_texts(grid) else _Across(grid).raw_chunks()
    if not any(map(_worth_reading, texts)):
        return hidden, parts  # no cell the loop below reads (most tables: in C, not per cell)
    for row in table.grid:
        for cell in row:
            raw = cell.raw
            if len(raw) >= MIN_ENCODED or INVISIBLE.search(raw) or "\x1b" in raw:  # most
                # cells: nothing to read
                one_cell_text(cell.ref, raw, hidden, parts)
    return hidden, parts


def _worth_reading(raws: list[str]) -> bool:
    """Some cell of ``raws`` is long enough to hold an encoded run, or holds an invisible
    character (a chunk of a grid's texts at a time: a list of every text and their join were
    the largest things made while a 100,000-row table was read)."""
    if max(map(len, raws), default=0) >= MIN_ENCODED:
        return True
    joined = "\n".join(raws)
    return INVISIBLE.search(joined) is not None or "\x1b" in joined


def one_cell_text(ref: str, raw: str, hidden: list[HiddenItem], parts: list[TextPart]) -> None:
    """Add the SDC605 items and hidden text of one cell's text (at ``ref``)."""
    if INVISIBLE.search(raw):
        hidden.append(HiddenItem(
            what="invisible characters", cell=ref,
            detail=f"cell {ref} holds characters that render as nothing "
                   "(zero-width or formatting characters)"))
        raw = without_invisible(raw)
        parts.append(TextPart(f"cell {ref} without invisible characters", raw))
    if "\x1b" in raw:  # a terminal's control sequence (hunt50: ``North ESC[8m3`` passed)
        hidden.append(HiddenItem(
            what="terminal control sequences", cell=ref,
            detail=f"cell {ref} holds a terminal's control sequences (ESC ...), which show "
                   "no text and may conceal or move what is printed after them"))
        raw = TERMINAL_CODES.sub("", raw)
        parts.append(TextPart(f"cell {ref} without control sequences", raw))
    if len(raw) < MIN_ENCODED:
        return
    if len(raw) > LONG_CELL or "\n" in raw or "\r" in raw:
        parts.append(TextPart(f"cell {ref}", raw))
    for run in _encoded_runs(raw):
        data = _decode(run)
        if data is None:
            continue
        text = _as_text(data)
        if text is not None:
            hidden.append(HiddenItem(
                what="encoded text", cell=ref,
                detail=f"cell {ref} holds {len(run):,} characters of base64 or "
                       "hex that decode to text no reader of the table sees"))
            parts.append(TextPart(f"cell {ref} decoded", text))
        elif len(run) >= MIN_OPAQUE:
            hidden.append(HiddenItem(
                what="encoded data", cell=ref,
                detail=f"cell {ref} holds {len(run):,} characters of base64 or "
                       "hex that sdc cannot read; a person must check them"))


# -- blobs split across cells -------------------------------------------------------------

_FRAGMENT = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
MAX_RUN_CHARS = 20_000_000  # a joined run longer than this is decoded up to here
MIN_OPAQUE_PIECE = 8  # an opaque run's pieces are this long (codes like E09000001 are not)
# random bytes in base64 compress to ~0.8 of their length; lists of labels and codes (Borough1,
# Borough2, ..., or place names with a year) to 0.3-0.55
OPAQUE_RATIO = 0.7
# base64 of binary data rarely forms a word (a random 20-character piece of it is a word or
# a code about twice in 10,000); a list of labels is mostly words and codes
_LABEL_PIECE = re.compile(
    r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)*[0-9]{0,4}|[A-Z]{1,3}[0-9]+|[0-9]+[A-Za-z]{0,2}")
LABEL_SHARE = 0.5


_LETTER = re.compile(r"[A-Za-z]")
_UPPER, _LOWER, _DIGIT = re.compile("[A-Z]"), re.compile("[a-z]"), re.compile("[0-9]")


# One cell as a line: a piece of a base64/hex blob (a number is one only with four digits or
# more: shorter ones end a run); a run is two pieces or more, empty cells between them skipped.
# The repeat is possessive: nothing follows it, so it matches what the greedy one matches, but
# without a backtracking record per piece (24 MiB for a column of 99,000 ids, issue 12 ch. 12).
_PIECE = (r"[ \t]*+(?:\d*+[A-Za-z+/_-][A-Za-z0-9+/_-]*+|\d{4,}+|\d++(?==))={0,2}[ \t]*+")
_RUN_LINES = re.compile(rf"^{_PIECE}\n(?:\n*+{_PIECE}\n)++", re.M)


def line_runs(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, str]]:
    """Where each match of ``pattern`` begins in ``text`` and what it holds, as
    ``pattern.finditer(text)`` finds them, for a pattern that begins with ``^`` (multiline)
    and ends each match with a line's newline, whose match never starts on the line right
    after another's (``_RUN_LINES``, ``_STRONG_RUN``, ``_SMALL_RUN``: a run takes every line
    it can). Searched as the newline before the line: the regular-expression engine then
    tries only the line starts, not every character (a large table's reading orders are
    megabytes)."""
    return led_runs(pattern, "\n" + text)  # the first line's newline put before it


def led_runs(pattern: re.Pattern[str], led: str, min_chars: int = 0
             ) -> Iterator[tuple[int, str]]:
    """``line_runs(pattern, led[1:])`` for text ``led`` that begins with a newline (made
    so: ``_Order.text(lead="\\n")``, without a copy of megabytes to put it there); only the
    runs of ``min_chars`` characters or more (a shorter one is never cut out of the text:
    a long table's rows are tens of thousands of short label runs, issue 14 §3)."""
    searched = _LED.get(pattern)
    if searched is None:
        assert pattern.pattern.startswith("^")
        searched = _LED[pattern] = re.compile("\n" + pattern.pattern[1:], pattern.flags)
    for match in searched.finditer(led):
        start, end = match.span()  # start: the newline's, where the line starts in led[1:]
        if end - start - 1 >= min_chars:
            yield start, led[start + 1:end]


_LED: dict[re.Pattern[str], re.Pattern[str]] = {}


@dataclass
class TextCells:
    """Cells given as their text one a line (``_Order.text``'s form), never made one by one: a
    file the row-level screen read column by column (``sdc.readers.row_screen``). Cell ``k``
    is made when a run needs its reference: row ``k // width + 1``, column
    ``k % width + col`` (across a table's rows: ``width`` its columns; down a column: 1)."""

    text: str  # with the last cell's newline; a cell of several lines as ``\\x00``
    size: int
    width: int
    col: int = 1

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, k: int) -> RawCell:
        return RawCell(k // self.width + 1, k % self.width + self.col, "")  # text not kept


class ReadAsText(Protocol):
    """A table read column by column (``sdc.readers.row_screen.RowScreen``): its cells in each
    reading order as ``TextCells``, and its first cell."""

    @property
    def across(self) -> TextCells: ...

    @property
    def down(self) -> list[TextCells]: ...

    @property
    def first(self) -> RawCell: ...


@dataclass
class _Order:
    """The cells of the tables in one reading order (None where a row is short), one
    sequence a table (``TextCells`` for a table read column by column), and where each
    table's cells begin."""

    segments: list[_Segment] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    # each segment's table: a column position's order skips the tables too narrow to have it,
    # so a segment's number is not its table's (a run in p7.csv was put on the first file)
    tables: list[int] = field(default_factory=list)
    size: int = 0
    screened: bool = False  # a segment is a screened file's text (TextCells)

    def extend(self, cells: _Segment, table: int) -> None:
        self.starts.append(self.size)
        self.segments.append(cells)
        self.tables.append(table)
        self.size += len(cells)
        self.screened = self.screened or isinstance(cells, TextCells)

    def text(self, lead: str = "") -> str:
        """The cells' text one a line (a cell of several lines as ``\\x00``: never a piece),
        an empty line where a row is short; after ``lead``. Joined from chunks of
        ``TEXT_CHUNK`` rows' texts, never a list of every cell's text (that list, the
        join and a copy with its last newline were 14 of the 20 MiB a 100,000-row
        table's search made at once)."""
        if self.screened:  # each table's cells on their own, a screened file's as read
            return "".join([lead, *(s.text if isinstance(s, TextCells) else _chunked_text([s])
                                    for s in self.segments if len(s))])
        # not screened: every segment is a table's cells (a grid read in this order, or a
        # list), all one text
        return _chunked_text(self.segments, lead)  # type: ignore[arg-type]

    def at(self, position: int) -> tuple[int, RawCell | None]:
        """The table index and the cell at ``position``."""
        segment = bisect_right(self.starts, position) - 1
        return self.tables[segment], self.segments[segment][position - self.starts[segment]]

    def runs(self, seen: set[str | bytes] | None = None,
             quiet: QuietRuns | None = None) -> Iterator[_Run]:
        """Runs of adjacent pieces, found by one regular expression over the cells' text one
        a line (the loop stays in C: this runs on every cell of every table). ``seen``: the
        runs' blocks given before (added to): a block given before is not given again (a
        long table repeats its labels' runs on every row). ``quiet``: blocks known to decode
        to nothing (``QuietRuns``), not given."""
        led = self.text(lead="\n")  # the text at 1 on: line_runs' search without a copy
        if not _LETTER.search(led):
            # no letter in the order's text, so none in a run's block: each would be passed
            # over below (a column of years or counts). Its blocks go unseen: a letterless
            # block is passed over in any order, seen or not
            return
        line = at = 0
        for start, block in led_runs(_RUN_LINES, led, MIN_ENCODED):  # most runs are short
            key = None
            if seen is not None or quiet is not None:
                key = block if len(block) < MEMO_DIGEST_FROM else memo_key(block)
            if seen is not None:
                if key in seen:
                    continue
                seen.add(key)  # type: ignore[arg-type]
            if quiet is not None and key in quiet:
                continue
            if len(block) - block.count("\n") < MIN_ENCODED or not _LETTER.search(block):
                continue
            line += led.count("\n", at + 1, start + 1)  # text.count("\n", at, start)
            at = start
            yield _Run(self, line, block, key)


@dataclass
class _Run:
    """Adjacent piece cells in one reading order: the lines of ``order``'s text from
    ``line`` on (``block``, empty lines for empty cells)."""

    order: _Order
    line: int
    block: str
    key: str | bytes | None = None  # memo_key(block), when the search made it
    texts: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.texts = _pieces(self.block)  # one piece a line, no spaces inside a piece

    def ref(self, i: int) -> tuple[int, str]:
        """The table index and cell reference of piece ``i``."""
        if "\n\n" in self.block:  # empty cells inside the run: count the lines
            lines = [k for k, t in enumerate(self.block.split("\n")) if t]
            position = self.line + lines[i]
        else:
            position = self.line + i
        index, cell = self.order.at(position)
        assert cell is not None
        return index, cell.ref


PIECES_CHUNK = 64 * 1024  # characters of a run split at once (``_pieces``)


def _pieces(block: str) -> list[str]:
    """``block.split()``, equal pieces one string: a column of 100,000 labels is one run, and
    a string per piece was 5.3 MiB at once (split a chunk at a time, at line ends)."""
    if len(block) <= PIECES_CHUNK:
        return block.split()
    shared: dict[str, str] = {}
    out: list[str] = []
    start = 0
    while start < len(block):
        end = block.find("\n", start + PIECES_CHUNK)
        end = len(block) if end < 0 else end
        part = block[start:end].split()
        out += map(shared.setdefault, part, part)
        start = end
    return out


MEMO_DIGEST_FROM = 4096  # characters: a longer text is remembered by its digest


def memo_key(text: str) -> str | bytes:
    """What a set of texts seen before holds for ``text``: itself, or for a long one (a
    column's run is megabytes) a 128-bit digest of it; equal exactly when the texts are
    (but for a collision of BLAKE2b, which nothing can make happen)."""
    if len(text) < MEMO_DIGEST_FROM:
        return text
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _lines(cells: Sequence[RawCell | None]) -> str:
    return _text([c.raw if c is not None else "" for c in cells])


def _text(raws: list[str]) -> str:
    """The cells' texts one a line (a text of several lines as ``\\x00``)."""
    text = "\n".join(raws) + "\n"
    if text.count("\n") != len(raws):
        text = _flat_text(raws)
    return text


def _flat_text(raws: list[str]) -> str:
    """``_text`` where some text has several lines: each text holding a line break (``\\n``
    or ``\\r``) as ``\\x00``."""
    return "\n".join(r if "\n" not in r and "\r" not in r else "\x00" for r in raws) + "\n"


TEXT_CHUNK = 4096  # rows whose texts are listed and joined at once (bounds the lists made)


def _chunked_text(segments: Sequence[_Cells], lead: str = "") -> str:
    """``lead + _text(every segment's raws, one list)``, joined from chunks of texts: as
    ``_text`` does, every text of several lines is ``\\x00`` when one is (then joined
    again)."""
    pieces = [lead]
    for segment in segments:
        for raws in _raw_chunks(segment):
            if not raws:
                continue
            piece = "\n".join(raws) + "\n"
            if piece.count("\n") != len(raws):  # a text of several lines: all as _text
                return lead + "".join(_flat_text(raws) for segment in segments
                                      for raws in _raw_chunks(segment) if raws)
            pieces.append(piece)
    if len(pieces) == 1:
        return lead + "\n"  # no text at all: _text([])
    return "".join(pieces)


def _raw_chunks(cells: _Cells) -> Iterable[list[str]]:
    """``_raws(cells)`` in consecutive chunks."""
    if isinstance(cells, _Across | _Down):
        return cells.raw_chunks()
    return [_raws(cells)]


class _Across:
    """A grid's cells row after row, read from the grid when asked (no list of every cell:
    its texts are all a search reads, and a cell is wanted only where a run is found)."""

    __slots__ = ("_grid", "_size", "_starts")

    def __init__(self, grid: Sequence[list[RawCell]]) -> None:
        self._grid = grid
        self._size = sum(_widths(grid))
        self._starts: list[int] | None = None  # where each row's cells begin

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, k: int) -> RawCell:
        if not 0 <= k < self._size:
            raise IndexError(k)
        if self._starts is None:
            self._starts = list(accumulate(_widths(self._grid), initial=0))
        row = bisect_right(self._starts, k) - 1  # the last row starting at k: empty rows skip
        return self._grid[row][k - self._starts[row]]

    def raws(self) -> list[str]:
        if isinstance(self._grid, Grid):  # a packed grid's texts without its cells
            return self._grid.texts_across()
        return [c.raw for row in self._grid for c in row]

    def raw_chunks(self) -> Iterator[list[str]]:
        """``raws()`` in chunks of ``TEXT_CHUNK`` rows (a packed grid's from its codes)."""
        grid = self._grid
        if isinstance(grid, Grid) and _as_texts(grid):
            for start in range(0, len(grid), TEXT_CHUNK):
                yield grid.texts_across(start, start + TEXT_CHUNK)
            return
        for start in range(0, len(grid), TEXT_CHUNK):
            yield [c.raw for row in grid[start:start + TEXT_CHUNK] for c in row]


class _Down:
    """The cells at one position of a grid's rows, top to bottom (None where a row is
    short), read from the grid when asked: what ``zip_longest(*grid)`` gives."""

    __slots__ = ("_grid", "_position")

    def __init__(self, grid: Sequence[list[RawCell]], position: int) -> None:
        self._grid, self._position = grid, position

    def __len__(self) -> int:
        return len(self._grid)

    def __getitem__(self, k: int) -> RawCell | None:
        row = self._grid[k]
        return row[self._position] if len(row) > self._position else None

    def raws(self) -> list[str]:
        p = self._position
        if isinstance(self._grid, Grid):  # a packed grid's texts without its cells
            return self._grid.position_texts(p)
        return [row[p].raw if len(row) > p else "" for row in self._grid]

    def raw_chunks(self) -> Iterator[list[str]]:
        """``raws()`` in chunks of ``TEXT_CHUNK`` rows (a packed grid's as one)."""
        grid, p = self._grid, self._position
        if isinstance(grid, Grid) and _as_texts(grid):
            yield grid.position_texts(p)
            return
        for start in range(0, len(grid), TEXT_CHUNK):
            yield [row[p].raw if len(row) > p else "" for row in grid[start:start + TEXT_CHUNK]]


def _as_texts(grid: Grid) -> bool:
    """A grid whose texts are read from its codes: packed, or a CSV's read as codes (no cell
    made for its texts: ``sdc.code_rows``)."""
    return grid.packed or grid.code_rows() is not None


def _first_filled(grid: Sequence[list[RawCell]]) -> RawCell | None:
    """The first cell with a text, row by row (rows asked for by index: a grid read as codes
    makes the rows it reads, usually its first, and is not turned into rows for it)."""
    for i in range(len(grid)):
        for cell in grid[i]:
            if cell.raw:
                return cell
    return None


def _widths(grid: Sequence[list[RawCell]]) -> Iterable[int]:
    """Each row's number of cells (a packed ``Grid``'s without making its rows)."""
    return grid.widths_of_rows() if isinstance(grid, Grid) else map(len, grid)


def _raws(cells: Sequence[RawCell | None] | _Across | _Down) -> list[str]:
    """The texts of a segment's cells ("" where there is none)."""
    if isinstance(cells, _Across | _Down):
        return cells.raws()
    return [c.raw if c is not None else "" for c in cells]


# one table's cells in one reading order (a grid's, or a list's); or a screened file's text
_Cells = Sequence[RawCell | None] | _Across | _Down
_Segment = Sequence[RawCell | None] | TextCells | _Across | _Down


def reading_orders(tables: Sequence[Table | ReadAsText | Grid]) -> list[_Order]:
    """The cells of ``tables`` across each row (row after row: a run may wrap), down each
    column position (table after table), and the tables' first cells (their titles) in
    order when there are several tables. A ``Grid`` stands for a table whose model has gone
    (``sdc.table_standin``: its report view's grid, the same cells)."""
    across = _Order()
    columns: dict[int, _Order] = {}
    titles = _Order()
    for index, given in enumerate(tables):
        table = _GridOnly(given) if isinstance(given, Grid) else given
        if not isinstance(table, Table | _GridOnly):  # read column by column: no cells
            across.extend(table.across, index)
            titles.extend([table.first], index)
            for position, down in enumerate(table.down):
                columns.setdefault(position, _Order()).extend(down, index)
            continue
        across.extend(_Across(table.grid), index)
        titles.extend([_first_filled(table.grid)], index)
        for position in range(max(_widths(table.grid), default=0)):
            columns.setdefault(position, _Order()).extend(_Down(table.grid, position), index)
    return [across, *columns.values()] + ([titles] if len(tables) > 1 else [])


@dataclass
class _GridOnly:
    """A grid read as a table's (``reading_orders``)."""

    grid: Grid


def _runs(tables: Sequence[Table | ReadAsText], seen: set[str | bytes] | None = None,
          quiet: QuietRuns | None = None) -> Iterator[_Run]:
    """Runs of two or more adjacent piece cells with a letter among them in each reading
    order; empty cells are skipped, any other cell ends a run. One at a time: a column of
    100,000 ids is a run of as many pieces (issue 12, channel 12). ``seen``, ``quiet``: as
    ``_Order.runs``'s, over every order."""
    return (run for order in reading_orders(tables) for run in order.runs(seen, quiet))


class QuietRuns:
    """Blocks (``memo_key`` of a run's lines) whose every slice ``split_blobs`` decoded and
    found neither text nor opaque data, kept from one file's search to the next in this
    process: a release's tables repeat their label runs (100 long tables of one release
    share their 1,651 runs across the rows), and what a run decodes to is a function of its
    block alone, so a block met again is passed over with the same outcome, nothing. A run
    that found something is never kept (it is decoded again, and found again, wherever it
    is). Bounded: past ``QUIET_BUDGET`` characters of keys the set starts again empty."""

    __slots__ = ("_keys", "_size")

    def __init__(self) -> None:
        self._keys: set[str | bytes] = set()
        self._size = 0

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str | bytes) -> None:
        if key in self._keys:
            return
        if self._size + len(key) > QUIET_BUDGET:
            self._keys.clear()
            self._size = 0
        self._keys.add(key)
        self._size += len(key)

    def clear(self) -> None:
        self._keys.clear()
        self._size = 0


QUIET_BUDGET = 4 * 1024 * 1024  # characters (or digest bytes) of quiet blocks' keys kept
_QUIET = QuietRuns()


def _candidates(run: _Run) -> list[tuple[int, int]]:
    """Slices of a run's pieces to decode: all of it, then without a heading or trailing
    piece (a column's header, a total's label) when there are pieces enough."""
    n = len(run.texts)
    spans = [(0, n)]
    if n >= 3:
        spans += [(1, n), (0, n - 1)]
    if n >= 4:
        spans.append((1, n - 1))
    return spans


def _decode_joined(joined: str) -> bytes | None:
    """A joined run as bytes: hex when it is all hex digits, else base64; only a run with a
    letter (digits alone are numbers, checked as numbers)."""
    if _LETTER.search(joined) is None:
        return None
    return _decode(joined)


def split_blobs(tables: Sequence[Table | ReadAsText], quiet: QuietRuns | None = _QUIET
                ) -> list[tuple[int, list[HiddenItem], list[TextPart]]]:
    """SDC605 items and hidden text for blobs split over adjacent cells of ``tables`` (the
    sheets of one file, in order), as (index of the table the run starts in, items, text).
    ``quiet``: blocks known to hold nothing (``QuietRuns``; None: decode every run)."""
    found: list[tuple[int, list[HiddenItem], list[TextPart]]] = []
    # texts seen before (memo_key: a column's run joined is megabytes; they were kept)
    tried: set[str | bytes] = set()
    decoded: set[str | bytes] = set()  # of those, the ones that decoded to text
    runs: set[str | bytes] = set()  # each run's pieces one a line (a piece holds no space)
    # a run's lines as found: the same lines have the same pieces (a long table's rows
    # repeat their label runs: 31,758 of 34,557 runs on a 100,000-row table)
    blocks: set[str | bytes] = set()
    for run in _runs(tables, blocks, quiet):
        key = memo_key("\n".join(run.texts))
        if key in runs:  # the same pieces in another reading order (one column)
            continue
        runs.add(key)
        # every slice decoded (or tried before here and found nothing): a quiet block
        whole = True
        for start, stop in _candidates(run):
            joined = "".join(run.texts[start:stop])[:MAX_RUN_CHARS]
            joined_key = memo_key(joined)
            if len(joined) < MIN_ENCODED:
                continue
            if joined_key in tried:
                whole = whole and joined_key not in decoded
                continue
            tried.add(joined_key)
            data = _decode_joined(joined)
            text = _as_text(data) if data is not None else None
            if text is not None:
                decoded.add(joined_key)
                found.append(_split_found(run, start, stop, "encoded text", text))
                break
        else:
            span = next((s for s in _candidates(run) if _opaque(run.texts[s[0]:s[1]])), None)
            if span is not None:
                found.append(_split_found(run, *span, "encoded data", None))
            elif whole and quiet is not None and run.key is not None:
                quiet.add(run.key)  # no slice decodes to text, none is opaque: nothing
    return found


def _opaque(pieces: list[str]) -> bool:
    """Pieces that look like one base64 blob cut up (long enough to carry data, every piece
    but the last at least ``MIN_OPAQUE_PIECE`` long, upper and lower case), but that decode
    to bytes sdc cannot read: as incompressible as random bytes in base64 (with digits), or,
    when they compress well (a repetitive binary format: arrays, pickles, databases), not
    mostly words and codes (``_LABEL_PIECE``). Codes (``E09000001``) and lists of labels are
    not."""
    # the pieces' lengths first: a column's run of short labels (25,000 of them) is not
    # joined to find it is not one (issue 14 §3); stopping at the first short piece (a
    # label run's first: its four slices each read every length, 4% of a long table's check)
    if any(map(MIN_OPAQUE_PIECE.__gt__, map(len, itertools.islice(
            pieces, max(len(pieces) - 1, 0))))):
        return False
    joined = "".join(pieces)[:MAX_RUN_CHARS]
    if not (len(joined) >= MIN_OPAQUE
            and _UPPER.search(joined) is not None and _LOWER.search(joined) is not None
            and _decode_joined(joined) is not None):
        return False
    if len(zlib.compress(joined.encode("ascii"))) >= OPAQUE_RATIO * len(joined):
        return _DIGIT.search(joined) is not None
    labels = sum(1 for piece in pieces if _LABEL_PIECE.fullmatch(piece))
    return labels < LABEL_SHARE * len(pieces)


def _split_found(run: _Run, start: int, stop: int, what: str, text: str | None
                 ) -> tuple[int, list[HiddenItem], list[TextPart]]:
    (first_index, first), (last_index, last) = run.ref(start), run.ref(stop - 1)
    span = f"cells {first} to {last}" + (" (across sheets)" if first_index != last_index
                                         else "")
    count = f"{sum(map(len, run.texts[start:stop])):,} characters of base64 or hex"
    if text is None:
        detail = (f"{span} hold {count} split over {stop - start} cells that sdc cannot "
                  "read; a person must check them")
        return first_index, [HiddenItem(what=what, cell=first, detail=detail)], []
    detail = (f"{span} hold {count} split over {stop - start} cells that, joined, decode to "
              "text no reader of the table sees")
    return (first_index, [HiddenItem(what=what, cell=first, detail=detail)],
            [TextPart(f"{span} joined and decoded", text)])
