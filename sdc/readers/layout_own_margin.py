"""A table's own margin name: pandas' ``margins_name`` when the policy lists no such word.

``pd.crosstab(..., margins=True, margins_name="Everyone")`` (ACRO's ``crosstab`` passes it
through) writes ``Everyone`` as the last header word and as the first label of the last line,
the line's other labels blank (``Everyone,,`` under three index levels). Read with only the
policy's total labels, that line is data and the column a category: a table of maxima then
has no margin to tell SDC302 it holds extremes, and with codes in the header (``area,0,1,
Everyone``) the header itself is read as a line of counts (round 51, acro51's *Left* (1)).

The word is learned only where the position says so and the arithmetic agrees: the same text
closes the first line and alone labels the last line (no other line carries it, nor any
header word: a correlation or confusion matrix labels its lines as its columns), and every
number of the last line and of the last column is what a margin of the numbers it spans can
be: their sum, or a value between their least and greatest (a mean, a median, an extreme).
Learning it adds a reading (the line and the column are margins, checked as margins are);
a table it does not fit is read as before, so no check is lost by a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sdc.table import RawCell
from sdc.tolerance import float_slack

Line = Mapping[int, RawCell]


def own_margin_name(first: Line, rest: Sequence[Line]) -> str | None:
    """The margin name ``first`` (the header's first line, column -> cell) and ``rest`` (the
    data lines) show by position and arithmetic, or None (see the module docstring)."""
    if len(rest) < 2:
        return None
    word, column = _last_word(first)
    if word is None:
        return None
    last = rest[-1]
    numbers = _numbers(last)
    if not numbers or column not in numbers:
        return None
    left = [c for c in last.values() if c.kind != "empty" and c.col < min(numbers)]
    if len(left) != 1 or left[0].kind != "text" or left[0].raw.strip() != word:
        return None
    label_col = left[0].col
    body = rest[:-1]
    heads = {c.raw.strip() for c in first.values() if c.kind == "text"}
    if any((cell := line.get(label_col)) is not None and cell.raw.strip() in heads
           for line in body):
        return None  # the word on another line; a square matrix (``a,b,c`` over ``a``..``c``)
    if not _column_margins(numbers, body) or not _row_margins(column, min(numbers), rest):
        return None
    return word


def _last_word(first: Line) -> tuple[str | None, int]:
    """The text of the line's last non-empty cell and its column, if it is text."""
    cells = [c for c in first.values() if c.kind != "empty"]
    if not cells:
        return None, -1
    end = max(cells, key=lambda c: c.col)
    text = end.raw.strip()
    if end.kind != "text" or not text or text.startswith("column "):
        return None, -1  # ``column B``: a made-up header's name, no file's word
    return text, end.col


def _numbers(line: Line) -> dict[int, float]:
    return {c.col: float(c.value) for c in line.values() if c.kind == "num"
            and c.value is not None}


def _spans(value: float, parts: list[float]) -> bool:
    """Whether ``value`` may be a margin of ``parts``: their sum, or between their ends (of
    one part, the part itself: a group whose other cells are empty)."""
    if not parts:
        return False
    total = sum(parts)
    if abs(value - total) <= float_slack(value, total):
        return True
    low, high = min(parts), max(parts)
    return low - float_slack(low) <= value <= high + float_slack(high)


def _column_margins(numbers: dict[int, float], body: Sequence[Line]) -> bool:
    """Each number of the last line is a margin of the numbers above it."""
    for col, value in numbers.items():
        parts = [float(c.value) for line in body if (c := line.get(col)) is not None
                 and c.kind == "num" and c.value is not None]
        if not _spans(value, parts):
            return False
    return True


def _row_margins(column: int, start: int, lines: Sequence[Line]) -> bool:
    """Each line's number under the word is a margin of the line's numbers before it."""
    seen = False
    for line in lines:
        cell = line.get(column)
        if cell is None or cell.kind != "num" or cell.value is None:
            continue
        parts = [v for col, v in _numbers(line).items() if start <= col < column]
        if not _spans(float(cell.value), parts):
            return False
        seen = True
    return seen
