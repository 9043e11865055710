"""Margins that are their lines' minima or maxima, not their sums: a table of extremes.

A ``pivot_table(aggfunc="min")`` (or ``"max"``) written without its header (``to_excel`` of
whole values, a header of categories only) reads exactly like a table of counts: nothing names
the statistic. Its margins give it away: pandas' ``All`` of a minimum is the minimum of its
line, where a count's total is the line's sum (round 29, oracle29; round 30, oracle30). Every
published number of such a table is one record's value (SDC302).

The signal only adds findings: a table it does not fit is checked as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sdc.readers.roles import is_distinct_count
from sdc.table import DataCell, Role, Table

# roles whose margins may be read here: an extreme is flagged by its name already, and a
# model's terms have no margins
_READ = (Role.COUNT, Role.MAGNITUDE, Role.STATISTIC, Role.PERCENT, Role.UNKNOWN)
# lines whose margin is the extreme and not the sum, needed for a ``fail``; one is ``review``
CERTAIN_LINES = 2


@dataclass(frozen=True)
class MarginExtremes:
    """What the margins of one measure's lines are: ``minimum`` or ``maximum``."""

    extreme: str
    cells: list[DataCell]  # every published cell of the measure, margins included
    telling: int  # lines whose margin is the extreme and could be neither sum nor other end


def margin_extremes(table: Table) -> list[MarginExtremes]:
    """Per measure whose every margin equals the minimum (or every one the maximum) of its
    line's published cells, in at least one line where the sum would differ and the line's
    cells are not all equal: the measure's published cells. A line with a hidden member is
    left out (its extreme is not known); one whose margin is neither end is no extreme's,
    and then the measure is not read as one at all."""
    if not any(c.total_dims for c in table.cells):
        return []  # no margin: nothing to read (the usual long table, asked once)
    found: list[MarginExtremes] = []
    for role in dict.fromkeys(m.role for m in table.measures):
        if role not in _READ:
            continue
        fits: dict[int, set[str]] = {}  # measure id -> the ends every margin so far is
        telling: dict[int, dict[str, int]] = {}
        measures = sum(1 for m in table.measures if m.role is role)
        for _dim, members, total in table.lines(role):
            if total is None or is_distinct_count(total.measure.name):
                continue  # a distinct count's margin is a union: its line's largest or more
            key = id(total.measure)
            ends = fits.setdefault(key, {"minimum", "maximum"})
            if not ends:
                if len(fits) >= measures and not any(fits.values()):
                    break  # every measure's margins ruled out (the usual table: at once)
                continue
            line_ends = _line_ends(members, total)
            if line_ends is None:
                continue
            ends &= line_ends[0]
            if line_ends[1] and line_ends[1] in ends:
                count = telling.setdefault(key, {})
                count[line_ends[1]] = count.get(line_ends[1], 0) + 1
        read = {key: (end, lines) for key, ends in fits.items() for end in sorted(ends)
                if (lines := telling.get(key, {}).get(end, 0))}
        if not read:
            continue  # the usual table: its first line with a margin sums it
        measures: dict[int, list[DataCell]] = {}
        for cell in table.cells:
            if id(cell.measure) in read and not cell.suppressed and cell.value is not None:
                measures.setdefault(id(cell.measure), []).append(cell)
        found.extend(MarginExtremes(end, measures.get(key, []), lines)
                     for key, (end, lines) in read.items())
    return found


def _line_ends(members: list[DataCell], total: DataCell) -> tuple[set[str], str] | None:
    """Which ends of the line the margin is (an empty set: neither) and the end it tells
    (``""``: none, as when every cell is equal or the sum is the same number); None when
    the line says nothing (a hidden or blank margin, a hidden member, fewer than two cells)."""
    if total.suppressed or total.value is None or any(m.suppressed for m in members):
        return None
    values = [float(m.value) for m in members if m.value is not None]
    if len(values) < 2:
        return None
    lo, hi, margin = min(values), max(values), float(total.value)
    ends = {name for name, end in (("minimum", lo), ("maximum", hi)) if _same(margin, end)}
    if len(ends) != 1 or _same(margin, sum(values)) or _running(values, ends):
        return ends, ""
    return ends, next(iter(ends))


def _running(values: list[float], ends: set[str]) -> bool:
    """A cumulative line (counts to date, a running minimum) of three or more cells ends at
    its extreme, and a ``Total`` of it prints that last value: no sign of extremes there."""
    if len(values) < 3:
        return False
    steps = list(pairwise(values))
    if "maximum" in ends:
        return all(a <= b for a, b in steps)
    return all(a >= b for a, b in steps)


def _same(a: float, b: float) -> bool:
    """Equal as printed numbers are (an extreme is printed as its record's value)."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
