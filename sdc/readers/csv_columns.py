"""A plain delimited text read straight into codes per column (``sdc.grid_columns.Columns``),
without a cell object per field (issue 12 channel 12, issue 14 §3).

A long table repeats a few dozen texts down each column: each distinct text's meaning is
worked out once and every field is a code into those meanings. Only a text the ``csv`` module
would split exactly as ``str.split`` does is read here: no quote character, no carriage return,
no NUL, no byte-order mark, no blank line, every line the same number (two or more) of fields,
no line longer than the ``csv`` module's field limit, and not more lines than the row limit.
Anything else is ``None``: the caller reads it with ``csv.reader`` (``csv_reader._parse``),
which also says why a file is malformed or too large. Both give equal cells (tested on random
texts of every kind refused here).
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Callable
from itertools import repeat

from sdc.grid_columns import FIRST_MEANING, Columns, Meaning

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
        if any(len(r) != width for r in records):
            return None  # ragged: the cells' way keeps each line's own width
        for j, column in enumerate(zip(*records, strict=True)):
            codes[j].extend(map(code_of.__getitem__, column))
        if len(code_of.meanings) - FIRST_MEANING > MAX_MEANINGS:
            return None
    meanings = code_of.meanings
    typecode = "B" if len(meanings) < 2**8 else "H" if len(meanings) < 2**16 else "I"
    line_code = "B" if n < 2**8 else "H" if n < 2**16 else "I"
    return Columns(array(line_code, range(1, n + 1)),
                   array("B" if width < 2**8 else "I", [width]) * n,
                   [array(typecode, c) for c in codes], meanings, {}, {}, True)


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
