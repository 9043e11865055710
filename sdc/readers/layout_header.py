"""A first line whose numbers are the codes of a column variable, not counts.

pandas 3 writes ``pd.crosstab(df.yr, df.g).to_csv()`` as ``yr,1,2`` over ``2019,61,42``: the
index name and the column variable's codes (1/2, 0/1, years) on one line, with no line for the
column variable's name. Read as data, the 1 and 2 are small counts (a false ``fail``); read as a
header, they are labels and the counts below are checked as usual.

The header reading is taken only when the data reading is implausible: every word on the line
names a label column whose values below are all numbers (a headerless table does not label one
row with a word among years or codes), the word is no category of its own (``Unknown``,
``Missing``, ``Other``, a total: a headerless table's first row could be one), and the numbers
are a recognisable code run in order (0/1-based steps of 1, or years) with at most margin names
after them. Anything else keeps the stricter data reading.
"""

from __future__ import annotations

import itertools
import re

from sdc.readers.roles import is_year
from sdc.table import RawCell

# labels a row of a headerless table may carry: never taken as a variable's name
_CATEGORY_WORD = re.compile(
    r"^(unknown|missing|not\b|n/?a|nan|none|null|other|others|blank|\(blank\)|<na>|"
    r"unrecorded|unclassified|unspecified|refused|prefer|no\b|invalid|all|total|totals|"
    r"overall|sum|grand total|elsewhere|rest)", re.I)
MARGIN_LABEL = re.compile(r"^(all|total|overall|grand total)$", re.I)


def coded_column_header(first: dict[int, RawCell], rest: list[dict[int, RawCell]]) -> bool:
    """Whether ``first`` (a line, column -> cell) is a header of label names and column codes
    over ``rest`` (the lines below): see the module docstring."""
    cells = sorted((c for c in first.values() if c.kind != "empty"), key=lambda c: c.col)
    numbers = [c for c in cells if c.kind == "num"]
    if len(numbers) < 2 or not rest:
        return False
    names = [c for c in cells if c.col < numbers[0].col]
    after = [c for c in cells if c.col > numbers[-1].col]
    between = [c for c in cells if numbers[0].col < c.col < numbers[-1].col and c.kind != "num"]
    if not names or between or any(not MARGIN_LABEL.match(c.raw.strip()) for c in after):
        return False
    if any(c.kind != "text" or _CATEGORY_WORD.match(c.raw.strip()) or re.search(r"\d", c.raw)
           for c in names):
        return False
    if not _codes([c.value for c in numbers if c.value is not None]):
        return False
    return all(_numeric_labels_below(c.col, rest) for c in names) and all(
        _numbers_below(c.col, rest) for c in numbers)


def _codes(values: list[float]) -> bool:
    """Whole numbers in increasing order: years, or a run from 0 or 1 in steps of 1."""
    if len(values) < 2 or not all(float(v).is_integer() for v in values):
        return False
    if any(b <= a for a, b in itertools.pairwise(values)):
        return False
    if all(is_year(v) for v in values):
        return True
    return values[0] in (0, 1) and all(b - a == 1 for a, b in itertools.pairwise(values))


def _numeric_labels_below(col: int, rest: list[dict[int, RawCell]]) -> bool:
    """Every value below is a number (a year or a code) or a margin name, at least one a
    number: the word above names this label column."""
    seen = False
    for row in rest:
        cell = row.get(col)
        if cell is None or cell.kind == "empty":
            continue
        if cell.kind == "num" and cell.value is not None and float(cell.value).is_integer():
            seen = True
        elif not (cell.kind == "text" and MARGIN_LABEL.match(cell.raw.strip())):
            return False
    return seen


def _numbers_below(col: int, rest: list[dict[int, RawCell]]) -> bool:
    """The column holds numbers (or suppression markers) below: the counts the codes head."""
    kinds = [cell.kind for row in rest if (cell := row.get(col)) is not None]
    return any(k == "num" for k in kinds) and all(k in ("num", "marker", "empty")
                                                  for k in kinds)


def names_numeric_labels(cell: RawCell, rest: list[dict[int, RawCell]]) -> bool:
    """A word that names the numeric label column below it (``yr`` over 2019, 2020): no
    category of its own, no digit, whole numbers (or margins) below."""
    text = cell.raw.strip()
    return (cell.kind == "text" and not _CATEGORY_WORD.match(text) and not re.search(r"\d", text)
            and _numeric_labels_below(cell.col, rest))
