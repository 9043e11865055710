"""A header the CSV's own quoting proves: R's ``write.csv`` quotes every column name and every
character field and never a number, so a first line whose fields are all quoted, with a quoted
number (``"0"``, ``"2019"``) over a column whose every field below is an unquoted number, was
written as names, not as data (``write.csv(tapply(...))`` writes ``"","0","1"`` over
``"2019",881,389``; ``pivot_wider`` then ``write.csv(row.names = FALSE)`` writes
``"year","0","1"`` over ``2019,881,389``). The parsed grid has lost the quotes, so the raw lines
are split again, only when the file starts with a quote and its first line holds a quoted
number (the rare case): anything that does not split cleanly proves nothing (docs/reading.md).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence

from sdc.readers.roles import is_year, numeric_labels_understood
from sdc.table import RawCell

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _fields(line: str, delimiter: str, width: int) -> list[str]:
    """A physical line's fields with their quotes kept. Split at every delimiter first (C
    speed: every line R writes of numbers and plain words); a line that then holds more
    fields than the grid's ``width`` has a delimiter inside quotes, which is text (R's
    ``cut()`` names its bands ``"(0,15]"``), and is split again by its quotes. A line that is
    no clean run of quoted and bare fields keeps the first split: it then differs from the
    grid's and proves nothing."""
    split = next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    if len(split) <= width:
        return split
    fields, i, end = [], 0, len(line)
    while True:
        if line.startswith('"', i):
            close = i + 1
            while (close := line.find('"', close)) >= 0 and line.startswith('"', close + 1):
                close += 2  # a doubled quote is a quote inside the field
            if close < 0 or (close + 1 < end and line[close + 1] != delimiter):
                return split
            fields.append(line[i:close + 1])
            i = close + 1
        else:
            stop = line.find(delimiter, i)
            stop = end if stop < 0 else stop
            fields.append(line[i:stop])
            i = stop
        if i >= end:
            return fields
        i += 1  # the delimiter


def _quoted(field: str) -> bool:
    return len(field) >= 2 and field[0] == field[-1] == '"'


MAX_LINES = 20_000  # a larger file is split once only (the layout guesses, as before)


def quoted_header(text: str, delimiter: str, grid: Sequence[Sequence[RawCell]]
                  ) -> tuple[bool, int] | None:
    """``(True, label_columns)`` when the quoting proves the first line a header: every field
    of it quoted over at least one column of unquoted numbers only (a data line would leave
    that field unquoted), every line below splitting into the fields the grid holds.
    ``label_columns``: the leading columns whose every field below is quoted (text to the
    writer), as far as each quoted column of numbers is R's row names (``""`` over 1..n) or
    a factor's levels (a recognisable code or year list whose values repeat), and the labels
    tell the rows apart. None otherwise (the layout then guesses, as before)."""
    if not text.startswith('"') or not 2 <= len(grid) <= MAX_LINES:
        return None
    head = _fields(text.split("\n", 1)[0].rstrip("\r"), delimiter, len(grid[0]))
    if len(head) != len(grid[0]) or len(head) < 2 or not all(_quoted(f) for f in head):
        return None
    lines = text.splitlines()
    if len(lines) != len(grid):
        return None  # a field spans lines: the raw lines are not the grid's rows
    body = [_fields(line, delimiter, len(head)) for line in lines[1:]]
    if any(len(f) != len(head) for f in body):
        return None
    numeric = [j for j in range(len(head))
               if all(f[j] and not _quoted(f[j]) and _NUMBER.fullmatch(f[j]) for f in body)]
    numbered = [j for j, f in enumerate(head) if _NUMBER.fullmatch(f[1:-1].strip())]
    if not numeric or any(j not in numeric for j in numbered):
        return None  # a quoted number over anything but unquoted numbers proves nothing
    return True, _quoted_labels(head, body)


def _quoted_labels(head: list[str], body: list[list[str]]) -> int:
    """How many leading columns are labels by their quotes: R's row names (``""`` over
    quoted 1..n) and the quoted columns right of them, each a factor: text, or numbers that
    form a recognisable code or year list. Numbers count only as ``as.data.frame(table())``
    writes them: the labels right of the row names tell the rows apart and hold every
    combination of their values once (a table's full crossing); one such column alone must
    hold years. Anything else: the row names only, or none (the layout guesses as before)."""
    rows = len(body)
    if rows < 2 or head[0] != '""' or [f[0] for f in body] != [
            f'"{i}"' for i in range(1, rows + 1)]:
        return 0  # (one row's "1" is read as before: glance()'s row name, a model fact)
    count, coded = 1, []
    for j in range(1, len(head)):
        if not all(_quoted(f[j]) for f in body):
            break
        texts = [f[j][1:-1].strip() for f in body]
        if all(_NUMBER.fullmatch(t) for t in texts):
            levels = sorted({float(t) for t in texts})
            if not numeric_labels_understood(levels):
                break
            coded.append(levels)
        count = j + 1
    if count == 1 or not coded:
        return count
    keys = [tuple(f[1:count]) for f in body]
    distinct = [len({k[i] for k in keys}) for i in range(count - 1)]
    if len(set(keys)) != rows or math.prod(distinct) != rows:
        return 1  # not a table's full crossing: the quoted numbers may be anything
    if count == 2 and not all(is_year(v) for v in coded[0]):
        return 1
    return count
