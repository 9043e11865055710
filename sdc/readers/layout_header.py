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

The header reading is still a guess: a headerless table could open with a word over year rows
and counts 1 and 2. So the line's numbers are understood as codes only when something other
than the guess confirms the header (``codes_confirmed``: a margin name after the codes, or a
total row below that adds up without the line); otherwise the coverage check names them for
review (SDC602). The guess decides how the rest of the table is read, never that a small
number on the line goes unchecked.
"""

from __future__ import annotations

import itertools
import re

from sdc.readers.layout_own_margin import own_margin_name
from sdc.readers.roles import is_year
from sdc.table import RawCell

# labels a row of a headerless table may carry: never taken as a variable's name
_CATEGORY_WORD = re.compile(
    r"^(unknown|missing|not\b|n/?a|nan|none|null|other|others|blank|\(blank\)|<na>|"
    r"unrecorded|unclassified|unspecified|refused|prefer|no\b|invalid|all|total|totals|"
    r"overall|sum|grand total|elsewhere|rest)", re.I)
MARGIN_LABEL = re.compile(r"^(all|total|overall|grand total|sum)$", re.I)  # R addmargins: Sum


def coded_column_header(first: dict[int, RawCell], rest: list[dict[int, RawCell]]) -> bool:
    """Whether ``first`` (a line, column -> cell) is a header of label names and column codes
    over ``rest`` (the lines below): see the module docstring."""
    if not rest:
        return False
    own = own_margin_name(first, rest)
    shape = _names_and_codes(first, own)
    if shape is None:
        return False
    names, numbers = shape
    if not _codes([c.value for c in numbers if c.value is not None]):
        return False
    return _name_label_columns(names, rest, own) and all(_numbers_below(c.col, rest)
                                                          for c in numbers)


def is_margin(text: str, own: str | None = None) -> bool:
    """A margin name the policy's words list, or the table's own (``layout_own_margin``)."""
    text = text.strip()
    return bool(MARGIN_LABEL.match(text)) or (own is not None and text == own)


def _names_and_codes(first: dict[int, RawCell], own: str | None = None
                     ) -> tuple[list[RawCell], list[RawCell]] | None:
    """The words before the numbers and the numbers of a line shaped like ``yr,1,2`` or
    ``yr,1,2,All``: two numbers or more, words before them that may name variables, nothing
    but numbers between them and at most margin names after them (``own``: the table's own,
    ``area,0,1,Everyone`` over ``Everyone,5,9,14``); otherwise None."""
    cells = sorted((c for c in first.values() if c.kind != "empty"), key=lambda c: c.col)
    numbers = [c for c in cells if c.kind == "num"]
    if len(numbers) < 2:
        return None
    names = [c for c in cells if c.col < numbers[0].col]
    after = [c for c in cells if c.col > numbers[-1].col]
    between = [c for c in cells if numbers[0].col < c.col < numbers[-1].col and c.kind != "num"]
    if not names or between or any(not is_margin(c.raw, own) for c in after):
        return None
    if not all(_variable_name(c) for c in names):
        return None
    return names, numbers


def _variable_name(cell: RawCell) -> bool:
    """Text that may name a variable: no category of its own (``Unknown``, ``Other``, a
    total: a headerless table's first row could be one) and no digit."""
    text = cell.raw.strip()
    return cell.kind == "text" and not _CATEGORY_WORD.match(text) and not re.search(r"\d", text)


def _name_label_columns(names: list[RawCell], rest: list[dict[int, RawCell]],
                        own: str | None = None) -> bool:
    """Every word names the label column below it: a numeric label column (``yr`` over
    years), or a text label column it is not a label of (``region,0,1``: pandas 3 writes
    ``pd.crosstab(df.region, df.died)`` so; ``year,sex,0,1``). A headerless table may open
    with a row labelled by a word among words (``Wales,1,2`` over ``England,40,50``): the
    header reading then still checks every count below, and its codes are named for review
    unless something confirms the header (``codes_confirmed``)."""
    return all(_numeric_labels_below(c.col, rest, own) or _names_text_labels(c, rest)
               for c in names)


def _codes(values: list[float]) -> bool:
    """Whole numbers in increasing order: years, or a run from 0 or 1 in steps of 1."""
    if len(values) < 2 or not all(float(v).is_integer() for v in values):
        return False
    if any(b <= a for a, b in itertools.pairwise(values)):
        return False
    if all(is_year(v) for v in values):
        return True
    return values[0] in (0, 1) and all(b - a == 1 for a, b in itertools.pairwise(values))


def _numeric_labels_below(col: int, rest: list[dict[int, RawCell]], own: str | None = None
                          ) -> bool:
    """Every value below is a number (a year or a code) or a margin name, at least one a
    number: the word above names this label column."""
    seen = False
    for row in rest:
        cell = row.get(col)
        if cell is None or cell.kind == "empty":
            continue
        if cell.kind == "num" and cell.value is not None and float(cell.value).is_integer():
            seen = True
        elif not (cell.kind == "text" and is_margin(cell.raw, own)):
            return False
    return seen


def _names_text_labels(cell: RawCell, rest: list[dict[int, RawCell]]) -> bool:
    """Text labels below, none of them the word itself (``sex`` over F, M). A one-letter
    marker among text labels is a label too (``C`` between ``B`` and ``D``: the layout keeps
    it one, as a column with text and no number)."""
    below = [c for row in rest if (c := row.get(cell.col)) is not None and c.kind != "empty"]
    word = cell.raw.strip().lower()
    return any(c.kind == "text" for c in below) and all(
        (c.kind == "text" or (c.kind == "marker" and len(c.raw.strip()) == 1))
        and c.raw.strip().lower() != word for c in below)


def _numbers_below(col: int, rest: list[dict[int, RawCell]]) -> bool:
    """The column holds numbers (or suppression markers) below: the counts the codes head."""
    kinds = [cell.kind for row in rest if (cell := row.get(col)) is not None]
    return any(k == "num" for k in kinds) and all(k in ("num", "marker", "empty")
                                                  for k in kinds)


def is_category_word(text: str) -> bool:
    """``Unknown``, ``Missing``, ``Other``, ``Total``: a row's label, never a variable's name."""
    return bool(_CATEGORY_WORD.match(text.strip()))


def names_numeric_labels(cell: RawCell, rest: list[dict[int, RawCell]]) -> bool:
    """A word that names the numeric label column below it (``yr`` over 2019, 2020): no
    category of its own, no digit, whole numbers (or margins) below."""
    return _variable_name(cell) and _numeric_labels_below(cell.col, rest)


def codes_confirmed(first: dict[int, RawCell], rest: list[dict[int, RawCell]]) -> bool:
    """Whether more than the guess says ``first`` is a header of codes, not a data row: a
    margin name after its numbers (``yr,1,2,All``: no data row holds ``All`` among its counts),
    or a total row below (``All``/``Total`` left of the numbers) whose every number under the
    line's numbers adds up without them (were the line data, the totals would include it)."""
    cells = sorted((c for c in first.values() if c.kind != "empty"), key=lambda c: c.col)
    numbers = [c for c in cells if c.kind == "num" and c.value is not None]
    if not numbers:
        return False
    own = own_margin_name(first, rest)
    if any(c.kind == "text" and c.col > numbers[-1].col and is_margin(c.raw, own)
           for c in cells):
        return True
    return _totals_add_up_without(numbers, rest)


def _totals_add_up_without(numbers: list[RawCell], rest: list[dict[int, RawCell]]) -> bool:
    def is_total(row: dict[int, RawCell]) -> bool:
        return any(c.kind == "text" and c.col < numbers[0].col
                   and MARGIN_LABEL.match(c.raw.strip()) for c in row.values())

    totals = [row for row in rest if is_total(row)]
    body = [row for row in rest if not is_total(row)]
    if not totals or not body or not any(c.value for c in numbers):
        return False  # a 0 adds nothing: with only zeros on the line both readings add up
    for number in numbers:
        part = sum(float(cell.value) for row in body
                   if (cell := row.get(number.col)) is not None and cell.kind == "num"
                   and cell.value is not None)
        for row in totals:
            cell = row.get(number.col)
            if cell is None or cell.value is None or \
                    abs(float(cell.value) - part) > 1e-6 * max(1.0, abs(part)):
                return False
    return True
