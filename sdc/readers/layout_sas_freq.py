"""SAS ``PROC FREQ``'s two-way table saved as data: ``ods output CrossTabFreqs=ct;`` then
``proc export data=ct dbms=csv``.

The data set has one line per cell and per margin: ``Table`` (``Table region * sex``), the two
variables, ``_TYPE_`` (``11`` a cell, ``10`` a row's total, ``01`` a column's, ``00`` the whole
table's: a 1 where the variable has a value), ``_TABLE_`` (the request's number),
``Frequency``, ``Percent``, ``RowPercent``, ``ColPercent`` and ``Missing`` (the number of
lines with a variable missing, on the whole table's line; blank when none). Read as a plain
grid its blank margins and its bookkeeping codes made the numbers a table nobody understood
(``review``) although a count of 3 sat in it.

Read here only where every line proves the shape: each ``_TYPE_`` is exactly the pattern of
the line's filled variables (so it says nothing the labels do not), ``_TABLE_`` is 1 on every
line (one request: another number is no code and would go unchecked), ``Table`` names the two
variables, every combination has its line (one left out would be a zero printed nowhere),
each margin's frequency is the sum of its cells and each percentage is its
frequency over the table's, its row's or its column's total as printed (so none says anything
the counts do not). A blank variable is then the margin (``Total``) and the codes are dropped
from the grid the table is read from; the counts are checked as counts and the percentages as
shares of them. A ``Missing`` that holds a number is not read here (review). Anything else
leaves the grid to the general reading (review, as before). docs/decisions.md, Round 27
(fp28).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sdc.printed_precision import decimals_half_unit
from sdc.table import Grid, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_BOOK = ("Table", "_TYPE_", "_TABLE_")
# the measures SAS writes, with the total each percentage is of (None: a count)
_MEASURES: dict[str, str | None] = {"Frequency": None, "Percent": "table",
                                    "RowPercent": "row", "ColPercent": "column",
                                    "Missing": None}
_TOTAL = "Total"

Infer = Callable[..., Table]


def read_sas_crosstab_freqs(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
                            options: LayoutOptions, infer: Infer,
                            context: Sequence[str] = ()) -> Table | None:
    """The table a ``CrossTabFreqs`` data set holds, or None when the grid is not one (see the
    module docstring). ``infer`` is ``sdc.readers.layout.infer_table`` (read with the header
    and label columns known)."""
    if not len(grid):
        return None
    header = [c.raw.strip() for c in grid[0]]
    if len(header) < 7 or header[0] != "Table" or "_TYPE_" not in header:
        return None  # every other table: one line looked at
    at_type = header.index("_TYPE_")
    dims = header[1:at_type]
    if len(dims) != 2 or header[at_type + 1:at_type + 2] != ["_TABLE_"] or \
            len(set(dims)) != 2 or any(not d or d in _MEASURES or d in _BOOK for d in dims):
        return None
    names = header[at_type + 2:]
    if "Frequency" not in names or len(set(names)) != len(names) or \
            any(n not in _MEASURES for n in names):
        return None
    lines = [row for row in grid[1:] if any(c.raw.strip() for c in row)]
    if len(lines) < 4 or any(len(row) != len(header) for row in lines):
        return None
    facts = _lines(lines, dims, at_type, names)
    if facts is None:
        return None
    # a ``Missing`` blank on every line (none missing) is no column of the table
    drop = {at_type, at_type + 1} | {at_type + 2 + k for k, n in enumerate(names)
                                     if n == "Missing"}
    body = [_relabelled(row, at_type, drop) for row in (grid[0], *lines)]
    table = infer(Grid(body), path, sheet, options, context, header_known=True,
                  label_columns=1 + len(dims))
    if [m.name for m in table.measures] != [n for n in names if n != "Missing"] or \
            table.problems:
        return None
    table.proven_texts = frozenset(grid[0][k].raw.strip() for k in drop) | frozenset(
        row[k].raw.strip() for row in lines for k in drop)
    for measure in table.measures:
        if _MEASURES[measure.name] is None:
            if measure.role is not Role.COUNT:
                return None
        else:
            measure.role, measure.per = Role.PERCENT, 100.0
    return table


Key = tuple[str, str]


def _lines(lines: list[list[RawCell]], dims: list[str], at_type: int, names: list[str]
           ) -> dict[Key, dict[str, RawCell]] | None:
    """Each line's measures by its (row, column) label, "" at a margin, when every line is
    what SAS writes (see the module docstring); None otherwise."""
    title = "Table " + " * ".join(dims)
    # one request exported: _TABLE_ 1 on every line (any other number would be one the
    # table's checks never see)
    if any(row[at_type + 1].raw.strip() != "1" for row in lines):
        return None
    found: dict[Key, dict[str, RawCell]] = {}
    for row in lines:
        if row[0].raw.strip() != title:
            return None
        labels = tuple(c.raw.strip() for c in row[1:at_type])
        if any(c.value is not None for c in row[1:at_type]) and not all(labels):
            return None  # a number as a label beside a blank: not SAS's margin
        pattern = "".join("1" if label else "0" for label in labels)
        if row[at_type].raw.strip() != pattern:
            return None
        key = (labels[0], labels[1])
        if key in found or any(label.lower() == _TOTAL.lower() for label in labels):
            return None
        cells = dict(zip(names, row[at_type + 2:], strict=True))
        for name, cell in cells.items():
            if cell.raw.strip() and cell.value is None:
                return None  # text or a marker: the general reading
            must = name == "Frequency" or name == "Percent" or (
                _MEASURES[name] in ("row", "column") and pattern == "11")
            if must != (cell.value is not None):
                return None
        found[key] = cells
    return found if _adds_up(found, names) else None


def _adds_up(found: dict[Key, dict[str, RawCell]], names: list[str]) -> bool:
    """Every margin the sum of its cells, every percentage its frequency over its total."""
    def freq(key: Key) -> float | None:
        cells = found.get(key)
        return None if cells is None else cells["Frequency"].value

    inner = [k for k in found if k[0] and k[1]]
    rows = {k[0] for k in inner}
    cols = {k[1] for k in inner}
    # every combination on a line of its own: one left out is a zero nothing would check
    if len(rows) < 2 or len(cols) < 2 or len(inner) != len(rows) * len(cols) or \
            len(found) != len(inner) + len(rows) + len(cols) + 1:
        return False
    grand = freq(("", ""))
    margins = [(r, "") for r in rows] + [("", c) for c in cols]
    for key in margins:
        parts = [freq(k) for k in inner if (k[0] if key[0] else k[1]) == (key[0] or key[1])]
        if freq(key) is None or any(p is None for p in parts) or \
                sum(p for p in parts if p is not None) != freq(key):
            return False
    if grand is None or sum(freq((r, "")) or 0 for r in rows) != grand or grand <= 0:
        return False
    for key, cells in found.items():
        count = freq(key)
        assert count is not None
        for name in names:
            of = _MEASURES[name]
            cell = cells[name]
            if of is None or cell.value is None:
                continue
            whole = grand if of == "table" else freq((key[0], "")) if of == "row" \
                else freq(("", key[1]))
            if not whole or abs(cell.value - 100 * count / whole) > \
                    decimals_half_unit(cell.raw.strip()) + 1e-9:
                return False
    return True


def _relabelled(row: list[RawCell], at_type: int, drop: set[int]) -> list[RawCell]:
    """The line without its codes (and blank ``Missing``), a blank variable named ``Total``
    (the margin it is)."""
    labels = [c if c.raw.strip() else RawCell(row=c.row, col=c.col, raw=_TOTAL)
              for c in row[1:at_type]]
    return [row[0], *labels, *(c for k, c in enumerate(row) if k > at_type and k not in drop)]
