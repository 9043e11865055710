"""What a column's cells are, counted: how many numbers, markers and texts, the kinds of its
first and last non-empty cells, and whether every text names a statistic or is a band. The
layout reads it to tell a numeric column from a label column (``layout._numeric_columns``).

A long table's column read from codes (``sdc.code_rows``) holds a few dozen distinct fact
objects over tens of thousands of rows: ``tally`` then works out each distinct object once and
weighs it by its count (issue 14 §3: the per-cell loop was 3.6% of a 1 MiB long table's
check). The count is the same as the cell-by-cell one (``tally_ordered``) but for the order of
``codes``, which only ``roles.ordinal_codes`` reads (as a multiset). The one order-dependent
count, ``percentiles`` (a number cell like ``50%`` counts as a statistic's name only before a
text that names none), is left to the cell-by-cell loop: a column with such a cell is tallied
in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sdc.bands import parse_band
from sdc.cell_roles import role_named_by_label
from sdc.readers.roles import percentile_name
from sdc.readers.row_maps import CellFacts

# a column is tallied by distinct objects when it has this many cells or more and at most
# this share of them are distinct objects (a grid of cells has a distinct object per cell)
GROUPED_FROM = 256
GROUPED_SHARE = 0.25


@dataclass
class ColumnTally:
    """The counts ``layout._numeric_columns`` decides on."""

    num: int = 0
    text: int = 0
    plain: int = 0
    letters: int = 0
    percentiles: int = 0
    bands: bool = True  # every marker and text cell is a band label (``<20``, ``20-39``)
    stat_names: bool | None = True  # every text cell names a statistic (describe())
    first: str = ""  # the kinds of the column's first and last non-empty cells
    last: str = ""
    codes: list[float] = field(default_factory=list)  # its numbers (order: see module doc)


def _kind(cell: CellFacts) -> str:
    """``cell.kind`` spelt out (a property call per cell of a 100k-row file)."""
    if cell.value is not None:
        return "num"
    if cell.marker:
        return "marker"
    if not cell.raw or cell.raw.isspace():
        return "empty"
    return "text"


def _letter(raw: str) -> bool:
    """A one-letter marker (the handbook's ``x``, Eurostat's ``c``) is also a plausible category
    label: in a column with text and no number it is read as the label it was before it was a
    marker (no number is lost: the column has none)."""
    stripped = raw.strip()
    return len(stripped) == 1 and stripped.isalpha()


def _percentile(cell: CellFacts) -> bool:
    """A number cell that may be a describe() row name (``50%``), as the ordered loop asks."""
    return "%" in cell.raw and bool(percentile_name(cell.raw)) and cell.value is not None


def tally_ordered(facts: Sequence[CellFacts | None]) -> ColumnTally:
    """The column's tally, cell by cell in order."""
    t = ColumnTally()
    codes = t.codes
    for cell in facts:
        if cell is None:
            continue
        kind = _kind(cell)
        if kind != "empty":
            t.first = t.first or kind
            t.last = kind
        if kind == "num" and t.stat_names is not None and _percentile(cell):
            t.percentiles += 1  # a describe() row name, or a percentage: decided by the caller
            codes.append(cell.value)  # type: ignore[arg-type]
        elif kind in ("num", "marker"):
            t.num += 1
            t.plain += kind == "num"
            t.letters += kind == "marker" and _letter(cell.raw)
            if cell.value is not None:
                codes.append(cell.value)
        elif kind == "text":
            t.text += 1
            if t.stat_names is not None and role_named_by_label(cell.raw) is None:
                t.stat_names = None
        # one label that is no band settles it (parse_band is slow on 100k rows)
        if t.bands and kind in ("marker", "text") and parse_band(cell.raw) is None:
            t.bands = False
    return t


def tally(facts: Sequence[CellFacts | None]) -> ColumnTally:
    """``tally_ordered(facts)``, each distinct object worked out once when few are distinct
    (``codes`` then in another order; see the module doc)."""
    if len(facts) < GROUPED_FROM:
        return tally_ordered(facts)
    try:  # a code's shared fact hashes as itself; a grid's cell (a dataclass) does not hash
        counts = Counter(facts)
    except TypeError:
        return tally_ordered(facts)
    if len(counts) > GROUPED_SHARE * len(facts):
        return tally_ordered(facts)
    kinds = {cell: _kind(cell) for cell in counts if cell is not None}
    if any(kind == "num" and _percentile(cell) for cell, kind in kinds.items()):
        return tally_ordered(facts)  # ``percentiles`` depends on the order
    t = ColumnTally()
    for cell, count in counts.items():
        if cell is None:
            continue
        kind = kinds[cell]
        if kind in ("num", "marker"):
            t.num += count
            if kind == "num":
                t.plain += count
            elif _letter(cell.raw):
                t.letters += count
            if cell.value is not None:
                t.codes += [cell.value] * count
        elif kind == "text":
            t.text += count
            if t.stat_names is not None and role_named_by_label(cell.raw) is None:
                t.stat_names = None
        if t.bands and kind in ("marker", "text") and parse_band(cell.raw) is None:
            t.bands = False
    t.first = next((kind for cell in facts
                    if cell is not None and (kind := kinds[cell]) != "empty"), "")
    t.last = next((kind for cell in reversed(facts)
                   if cell is not None and (kind := kinds[cell]) != "empty"), "")
    return t
