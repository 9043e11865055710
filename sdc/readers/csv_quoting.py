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
import re

from sdc.table import RawCell

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _fields(line: str, delimiter: str) -> list[str]:
    """A physical line's fields with their quotes kept (no delimiter inside quotes)."""
    return next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


def _quoted(field: str) -> bool:
    return len(field) >= 2 and field[0] == field[-1] == '"'


def quoted_header(text: str, delimiter: str, grid: list[list[RawCell]]
                  ) -> tuple[bool, int] | None:
    """``(True, label_columns)`` when the quoting proves the first line a header: every field
    of it quoted, at least one a quoted number over a column of unquoted numbers only, every
    line below splitting into the fields the grid holds. ``label_columns`` is 1 when the first
    column is R's row names (a ``""`` header over quoted fields only), else 0. None otherwise
    (the layout then guesses, as before)."""
    if not text.startswith('"') or len(grid) < 2:
        return None
    head = _fields(text.split("\n", 1)[0].rstrip("\r"), delimiter)
    if len(head) != len(grid[0]) or len(head) < 2 or not all(_quoted(f) for f in head):
        return None
    numbered = [j for j, f in enumerate(head) if _NUMBER.fullmatch(f[1:-1].strip())]
    if not numbered:
        return None  # the common case ends here, before the file is split again
    lines = text.splitlines()
    if len(lines) != len(grid):
        return None  # a field spans lines: the raw lines are not the grid's rows
    body = [_fields(line, delimiter) for line in lines[1:]]
    if any(len(f) != len(head) for f in body):
        return None
    for j in numbered:  # a quoted number over unquoted numbers only: a name over data
        if not all(f[j] and not _quoted(f[j]) and _NUMBER.fullmatch(f[j]) for f in body):
            return None
    row_names = head[0] == '""' and all(_quoted(f[0]) for f in body)
    return True, int(row_names)
