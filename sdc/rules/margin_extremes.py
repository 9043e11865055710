"""Margins that are their blocks' minima or maxima, not their sums: a table of extremes.

A ``pivot_table(aggfunc="min")`` (or ``"max"``) written without its header (``to_excel`` of
whole values, a header of categories only) reads exactly like a table of counts: nothing names
the statistic. Its margins give it away: pandas' ``All`` of a minimum is the minimum of the
cells it spans, where a count's total is their sum (round 29, oracle29; round 30, oracle30).
Every published number of such a table is one record's value (SDC302).

A margin spans the inner cells that agree with it on every dimension where it holds a label
and is no margin: its row or column in a two-way table, every cell of the table for the grand
total, and, where a margin's levels after ``All`` are padded blank (``All,,`` under two index
levels, an ``All`` column over two column levels), every cell under it whatever those levels.

The signal only adds findings: a table it does not fit is checked as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sdc.table import DataCell, Role, Table
from sdc.tolerance import same_float

# roles whose margins may be read here: an extreme is flagged by its name already, and a
# model's terms have no margins
_READ = (Role.COUNT, Role.MAGNITUDE, Role.STATISTIC, Role.PERCENT, Role.UNKNOWN)
# margins that are the extreme and not the sum, needed for a ``fail``; one is ``review``
CERTAIN_MARGINS = 2
_Key = tuple[str | None, ...]


@dataclass(frozen=True)
class MarginExtremes:
    """What the margins of one measure are: ``minimum`` or ``maximum``."""

    extreme: str
    cells: list[DataCell]  # every published cell of the measure, margins included
    telling: int  # margins that are the extreme and could be neither sum nor other end


def margin_extremes(table: Table) -> list[MarginExtremes]:
    """Per measure whose every margin equals the minimum (or every one the maximum) of the
    published cells it spans, at one margin at least where the sum would differ and those
    cells are not all equal: the measure's published cells. A margin over a hidden cell is
    left out (its extreme is not known); one that is neither end is no extreme's, and then the
    measure is not read as one at all, unless a blank label of its own (a missing key, not a
    pad after ``All``) may have widened what it spans: then it says nothing."""
    if not any(c.total_dims for c in table.cells):
        return []  # no margin: nothing to read (the usual long table, asked once)
    from sdc.readers.roles import is_distinct_count  # where checked (`sdc rules`' startup)

    readable: dict[int, bool] = {}  # per measure, asked once
    by_measure: dict[int, list[DataCell]] = {}
    for cell in table.cells:
        key = id(cell.measure)
        keep = readable.get(key)
        if keep is None:  # a distinct count's margin is a union: its largest cell or more
            keep = readable[key] = (cell.measure.role in _READ
                                    and not is_distinct_count(cell.measure.name))
        if keep:
            by_measure.setdefault(key, []).append(cell)
    found: list[MarginExtremes] = []
    for cells in by_measure.values():
        read = _read_measure(table.dimensions, cells)
        if read is not None:
            published = [c for c in cells if not c.suppressed and c.value is not None]
            found.append(MarginExtremes(read[0], published, read[1]))
    return found


def _read_measure(dims: Sequence[str], cells: list[DataCell]) -> tuple[str, int] | None:
    """(extreme, telling margins) of one measure's cells, or None."""
    inner = [c for c in cells if not c.total_dims]
    spans = _Spans(inner)
    ends = {"minimum", "maximum"}
    telling = {"minimum": 0, "maximum": 0}
    for margin in cells:
        if not margin.total_dims or margin.suppressed or margin.value is None:
            continue
        fixed = tuple(d for d in dims if d not in margin.total_dims
                      and (margin.coords.get(d) or "").strip())
        members = spans.of(fixed, tuple(margin.coords.get(d) for d in fixed))
        read = _margin_ends(members, float(margin.value), dims)
        if read is None:
            continue
        fits, tells = read
        if not fits and _own_blank(margin, dims):
            continue  # its own missing key widened its span: no evidence either way
        ends &= fits
        if not ends:
            return None  # the usual table: its first margin is a sum
        if tells:
            telling[tells] += 1
    for end in sorted(ends):
        if telling[end]:
            return end, telling[end]
    return None


def _own_blank(margin: DataCell, dims: Sequence[str]) -> bool:
    """Whether the margin has a blank label that is a missing key of its own, not a pad after
    a level at which it is a margin (``All,,``: the levels after ``All`` padded blank)."""
    at_margin = False
    for d in dims:
        if d in margin.total_dims:
            at_margin = True
        elif d in margin.coords and not margin.coords[d].strip() and not at_margin:
            return True
    return False


class _Spans:
    """The inner cells each margin spans, grouped by the dimensions it fixes: the first margin
    of a pattern is answered by one scan (a count table stops there), the second groups all."""

    def __init__(self, inner: list[DataCell]) -> None:
        self._inner = inner
        self._groups: dict[tuple[str, ...], dict[_Key, list[DataCell]]] = {}
        self._asked: set[tuple[str, ...]] = set()

    def of(self, fixed: tuple[str, ...], key: _Key) -> list[DataCell]:
        groups = self._groups.get(fixed)
        if groups is not None:
            return groups.get(key, [])
        if fixed not in self._asked:
            self._asked.add(fixed)
            return [c for c in self._inner if tuple(c.coords.get(d) for d in fixed) == key]
        made: dict[_Key, list[DataCell]] = defaultdict(list)
        for c in self._inner:
            made[tuple(c.coords.get(d) for d in fixed)].append(c)
        self._groups[fixed] = made
        return made.get(key, [])


def _margin_ends(members: list[DataCell], margin: float, dims: Sequence[str]
                 ) -> tuple[set[str], str] | None:
    """Which ends of its cells the margin is (an empty set: neither) and the end it tells
    (``""``: none, as when every cell is equal or the sum is the same number); None when the
    span says nothing (a hidden cell, fewer than two published cells)."""
    if any(m.suppressed for m in members):
        return None
    published = [m for m in members if m.value is not None]
    if len(published) < 2:
        return None
    values = [float(m.value) for m in published if m.value is not None]
    lo, hi = min(values), max(values)
    ends = {name for name, end in (("minimum", lo), ("maximum", hi)) if _same(margin, end)}
    if len(ends) != 1 or _same(margin, sum(values)) or _running(published, values, ends, dims):
        return ends, ""
    return ends, next(iter(ends))


def _running(cells: list[DataCell], values: list[float], ends: set[str],
             dims: Sequence[str]) -> bool:
    """A cumulative line (counts to date, a running minimum: three or more cells along one
    dimension) ends at its extreme, and a ``Total`` of it prints that last value: no sign of
    extremes there."""
    if len(values) < 3 or sum(len({c.coords.get(d) for c in cells}) > 1 for d in dims) != 1:
        return False
    steps = list(pairwise(values))
    if "maximum" in ends:
        return all(a <= b for a, b in steps)
    return all(a >= b for a, b in steps)


def _same(a: float, b: float) -> bool:
    """Equal as printed numbers are (an extreme is printed as its record's value)."""
    return same_float(a, b)
