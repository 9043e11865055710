"""A delimited text read straight into codes per column (``sdc.grid_columns.Columns``),
without a cell object per field (issue 12 channel 12, issue 14 §3).

A long table repeats a few dozen texts down each column: each distinct text's meaning is
worked out once and every field is a code into those meanings. ``plain_columns`` reads a
text the ``csv`` module would split exactly as ``str.split`` does: no quote character, no
carriage return, no NUL, no byte-order mark, no blank line, every line the same number (two
or more) of fields, no line longer than the ``csv`` module's field limit, and not more lines
than the row limit. Anything else is ``None``, and ``reader_columns`` codes ``csv.reader``'s
records instead (quoted fields, fields across lines, blank and ragged lines, the rows up to
the row limit), with the same verdicts as the cell-per-field loop it replaced
(``csv_reader._cells``, still the way of a text of more than ``MAX_MEANINGS`` distinct texts).
All give equal cells (tested on random texts of every kind).
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Callable, Iterator
from itertools import repeat, zip_longest
from typing import NamedTuple, Protocol

from sdc.grid_columns import ABSENT, FIRST_MEANING, Columns, Meaning

Meanings = Callable[[str], tuple[str, float | None, str | None]]

CHUNK = 4096  # lines split at a time: the fields of the whole file are never all held
MAX_MEANINGS = 100_000  # distinct texts (a row-level file's ids): beyond, the cells' way
REFUSED = ('"', "\r", "\x00", "\ufeff")


def plain_columns(text: str, delimiter: str, meaning: Meanings, *, max_rows: int,
                  max_columns: int) -> Columns | None:
    """The fields of ``text`` as codes per column, or None when it is not a plain text (see
    the module's docstring) or holds more than ``MAX_MEANINGS`` distinct texts.
    ``meaning``: a text's ``(text, value, marker)`` (``csv_reader._CellParser.meaning``)."""
    if any(c in text for c in REFUSED):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line
    n = len(lines)
    if not n or n > max_rows or "" in lines:
        return None
    if max(map(len, lines)) > csv.field_size_limit():
        return None  # csv.reader refuses such a field: its error is the slow path's
    width = lines[0].count(delimiter) + 1
    if width < 2 or width > max_columns:
        return None
    codes: list[array[int]] = [array("I") for _ in range(width)]
    code_of = _Codes(meaning)
    for start in range(0, n, CHUNK):
        records = list(map(str.split, lines[start:start + CHUNK], repeat(delimiter)))
        if any(map(width.__ne__, map(len, records))):  # (in C: a step a line was 1%)
            return None  # ragged: the cells' way keeps each line's own width
        for j, column in enumerate(zip(*records, strict=True)):
            codes[j].extend(map(code_of.__getitem__, column))
        if len(code_of.meanings) - FIRST_MEANING > MAX_MEANINGS:
            return None
    return _packed(codes, code_of.meanings, n, width)


def text_columns(rows: list[list[str]], meaning: Meanings, max_meanings: int = MAX_MEANINGS
                 ) -> Columns | None:
    """A document's text grid (``documents.model.TextTable.rows``: row ``r`` of the table
    its line ``r``, cell ``c`` its column ``c``) as codes per column, the cells
    ``documents.reading``'s cell per text made (``raw_cell(r, c, text, ...)``), so a long
    HTML or Markdown table is read by the layout as a long CSV's codes are (round 36,
    mem36). None when its rows are not all one width of one or more cells, or it holds
    more than ``MAX_MEANINGS`` distinct texts: then the cells' way."""
    n = len(rows)
    if not n or n > 2**32 - 1:
        return None
    width = len(rows[0])
    if not width or any(len(row) != width for row in rows):
        return None
    code_of = _Codes(meaning)
    codes: list[array[int]] = [array("I") for _ in range(width)]
    for start in range(0, n, CHUNK):
        for j, column in enumerate(zip(*rows[start:start + CHUNK], strict=True)):
            codes[j].extend(map(code_of.__getitem__, column))
        if len(code_of.meanings) - FIRST_MEANING > max_meanings:
            return None
    return _packed(codes, code_of.meanings, n, width)


def _packed(codes: list[array[int]], meanings: list[Meaning | None], n: int, width: int
            ) -> Columns:
    """``n`` lines of ``width`` cells, coded per column, in the narrowest arrays that hold
    them (a table of few texts: a byte a cell)."""
    typecode = "B" if len(meanings) < 2**8 else "H" if len(meanings) < 2**16 else "I"
    line_code = "B" if n < 2**8 else "H" if n < 2**16 else "I"
    return Columns(array(line_code, range(1, n + 1)),
                   array("B" if width < 2**8 else "I", [width]) * n,
                   [array(typecode, c) for c in codes], meanings, {}, {}, True)

class Read(NamedTuple):
    """What ``reader_columns`` read: the codes (None when the file is refused, or when it
    holds too many distinct texts: then read it the cells' way), why it is too large (the
    rows read up to the row limit are the codes) and why it is malformed."""

    columns: Columns | None
    too_large: str | None = None
    malformed: str | None = None


class Records(Protocol):
    """A ``csv.reader``: its records and the physical line it has read up to."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def reader_columns(reader: Records, meaning: Meanings, *, max_rows: int, max_columns: int
                   ) -> Read:
    """The records of ``reader`` (quoted fields, blank and ragged lines, fields across lines:
    any text ``csv.reader`` reads) as codes per column, the cells ``csv_reader._parse``'s
    cell loop makes: per row the file line its record starts on (0 for a blank line, which
    has no cell) and its width, a short row ``ABSENT`` in the columns it lacks. The same
    limits and verdicts as that loop: at most ``max_rows`` rows (``too_large``, the rows
    read kept), a record wider than ``max_columns`` refuses the file, a ``csv.Error`` makes
    it malformed. ``MAX_MEANINGS`` distinct texts: ``Read(None)``."""
    code_of = _Codes(meaning)
    code_of[None] = ABSENT  # type: ignore[index]  # a short record's missing fields
    codes: list[array[int]] = []
    lines = array("I")
    widths = array("I")
    chunk: list[list[str]] = []
    done = 0  # rows coded

    def flush() -> bool:
        nonlocal done
        for j, column in enumerate(zip_longest(*chunk)):
            if j == len(codes):  # a column no record had: absent from the rows before
                codes.append(array("I", [ABSENT]) * done)
            codes[j].extend(map(code_of.__getitem__, column))
        for j in range(max(map(len, chunk), default=0), len(codes)):
            codes[j].extend(array("I", [ABSENT]) * len(chunk))
        done += len(chunk)
        chunk.clear()
        return len(code_of.meanings) - FIRST_MEANING <= MAX_MEANINGS

    too_large = None
    line = 0
    try:
        for record in reader:
            start = line + 1
            line = reader.line_num
            if len(lines) >= max_rows:
                too_large = f"more than {max_rows:,} rows"
                break
            if len(record) > max_columns:
                return Read(None, f"{len(record):,} columns (limit {max_columns:,})")
            lines.append(start if record else 0)
            widths.append(len(record))
            chunk.append(record)
            if len(chunk) == CHUNK and not flush():
                return Read(None)
    except csv.Error as exc:
        return Read(None, None, f"the CSV is malformed near line {line + 1}: {exc}")
    if not flush():
        return Read(None)
    meanings = code_of.meanings
    typecode = "B" if len(meanings) < 2**8 else "H" if len(meanings) < 2**16 else "I"
    top = max(lines, default=0)
    line_code = "B" if top < 2**8 else "H" if top < 2**16 else "I"
    return Read(Columns(array(line_code, lines),
                        array("B" if max(widths, default=0) < 2**8 else "I", widths),
                        [array(typecode, c) for c in codes], meanings, {}, {}, True),
                too_large)


class _Codes(dict[str, int]):
    """A text's code, its meaning worked out the first time the text is met (``__missing__``:
    a text met before costs one look-up in C)."""

    def __init__(self, meaning: Meanings) -> None:
        super().__init__()
        self.meaning = meaning
        self.meanings: list[Meaning | None] = [None, None]  # ABSENT, PINNED

    def __missing__(self, raw: str) -> int:
        code = self[raw] = len(self.meanings)
        self.meanings.append((*self.meaning(raw), False))
        return code
