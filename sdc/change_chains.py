"""Changes between years chained from a count of one year, across a release's outputs.

Why: ``Deaths 2023`` North 30 here, ``Change in deaths 2022 to 2023`` +12 and ``Change in
deaths 2021 to 2022`` +15 in two other outputs say 2021 had 3, though each change beside the
count leaves 18 or 15 (hunt16). A change naming one year (``since 2022``: from 2022 to the
count's year) or none but the year before (``on previous year``) is a link as well, and so is
a percentage change (+50% to 2023, +300% to 2022: 30 leaves 20, then 5) or an ``as % of``
ratio, read within its printed rounding (hunt18, issue 12). A change naming no period at all
(``Change in deaths``) is read as the year before the count's, the one pairing its labels
allow; a count naming two years (``Deaths 2023 (2022 boundaries)``) starts a chain from
each; chains run to eight links; a range the printed figures leave narrow is read at its
smallest whole count instead (4..12: 4; hunt20). Each link's years are only read from its
header, so a chain is a guess: every reading is capped at review (SDC101 at the last link's
cell), and only adds checks.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable

from sdc.derived_counts import ImpliedCount, change_cells, count_change_cells, implied_counts
from sdc.formatting import fmt_number
from sdc.printed_precision import share_half_unit
from sdc.table import DataCell, Table

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_A_YEAR = re.compile(r"(?:19|20)\d\d")
_MOST_LINKS = 8  # hunt18: four; hunt20: eight (one link a year, 2015 to 2023)
# links stepped along past the fourth from one count: parallel links (several outputs'
# changes between the same years) multiply the paths; chains of up to four are all read (as
# in hunt18), longer ones until this many steps (residual)
_MOST_DEEP_STEPS = 100
_ALL_READ = 4
# a range of counts no wider than the policy's count threshold says the count is near its
# low end: read there (hunt20; the threshold is ``chain_changes``' ``narrow``)

# a link: its years as named (None: the count's year; ``_BEFORE``: the year before it),
# the change's cell, its output, and how it is read (``count``, ``pct`` or ``ratio``)
_BEFORE = -1
Link = tuple[int | None, int | None, DataCell, str, str]


def chain_changes(tables: list[tuple[str, Table]],
                  index: dict[tuple, list[tuple[DataCell, str]]],
                  loose: Callable[[tuple[str, ...]], tuple[str, ...]], narrow: float) -> None:
    """Read every chain of two to eight changes at one set of labels from each count naming
    a year at those labels (``index``: the release's counts by loose labels key); a range no
    wider than ``narrow`` (the policy's count threshold) is read at its low end."""
    links: dict[tuple, list[Link]] = defaultdict(list)
    for path, table in tables:
        read: list[tuple[DataCell, str]] = [(c, "count") for c in count_change_cells(table)]
        read += [(c, "ratio" if a_ratio else "pct") for c, a_ratio in change_cells(table)]
        for cell, kind in read:
            years = _years_of(cell.measure.name)
            if years is not None and cell.value is not None:
                links[loose(cell.labels_key)].append((*years, cell, path, kind))
    tables_of = dict(tables)
    for key, found in links.items():
        if len(found) < 2:
            continue
        for count, where in index.get(key, ()):
            if count.value is None or count.value <= 0:
                continue
            for year in _years_of_count(count):  # two named: either may be the count's
                _walk(year, count, where, _at_year(found, year), tables_of, narrow)


def _years_of(name: str) -> tuple[int | None, int | None] | None:
    """A change's years from its header: both named (``2021 to 2022``), one (``since
    2022``: to the count's year) or none (``on previous year``, or no period at all:
    ``Change in deaths``, hunt20): the year before the count's, the one pairing left."""
    years = sorted({int(y) for y in _YEAR.findall(name)})
    if len(years) == 2:
        return years[0], years[1]
    if len(years) == 1:
        return years[0], None
    if not years:
        return _BEFORE, None
    return None  # three years or more: no one period


def _at_year(found: list[Link], year: int) -> list[tuple[int, int, DataCell, str, str]]:
    """The links with the count's year put in for the years they leave unnamed."""
    placed: list[tuple[int, int, DataCell, str, str]] = []
    for a, b, cell, path, kind in found:
        if b is None:
            if a in (_BEFORE, year):  # ``Change in 2023``: the year before to 2023
                a = year - 1
            if a is None or a >= year:
                continue
            b = year
        assert a is not None
        placed.append((a, b, cell, path, kind))
    return placed


def _years_of_count(count: DataCell) -> list[int]:
    """The years a count may be of: the one or two its header names (``Deaths 2023 (2022
    boundaries)``: either, hunt20), or else the one its labels hold (a ``Year`` column)."""
    years = {int(y) for y in _YEAR.findall(count.measure.name)}
    if not years:
        years = {int(label) for label in count.labels_key if _A_YEAR.fullmatch(label.strip())}
    return sorted(years) if len(years) in (1, 2) else []


def _factor(kind: str, cell: DataCell) -> tuple[float, float] | None:
    """The least and greatest later-over-earlier factor a printed percentage allows."""
    p, tol = cell.value or 0.0, share_half_unit(cell.source.raw) + 1e-9
    low, high = ((1 + (p - tol) / 100, 1 + (p + tol) / 100) if kind == "pct"
                 else ((p - tol) / 100, (p + tol) / 100))
    return (low, high) if low > 0 else None


def _step(kind: str, cell: DataCell, lo: float, hi: float, backwards: bool
          ) -> tuple[float, float] | None:
    """The other year's count range one link gives from ``lo``..``hi``."""
    if kind == "count":
        d = cell.value or 0.0
        return (lo - d, hi - d) if backwards else (lo + d, hi + d)
    factor = _factor(kind, cell)
    if factor is None:
        return None
    low, high = factor
    return (lo / high, hi / low) if backwards else (lo * low, hi * high)


def _walk(year: int, count: DataCell, where: str,
          links: list[tuple[int, int, DataCell, str, str]], tables_of: dict[str, Table],
          narrow: float) -> None:
    """Each year reached from ``count``'s by two or more links (up to eight, no year passed
    twice: a link back to a year passed says nothing of a new one): the largest whole count
    its range allows, or its smallest when the range is narrow (4..12: no one count is
    pinned, but all are near the threshold), read at the last link's cell."""
    value = count.value or 0.0
    touching: dict[int, list[tuple[int, int, DataCell, str, str]]] = defaultdict(list)
    for link in links:
        if link[0] != link[1]:
            touching[link[0]].append(link)
            touching[link[1]].append(link)
    frontier: list[tuple[int, float, float, list[DataCell], frozenset[int]]] = [
        (year, value, value, [], frozenset({year}))]
    seen: set[tuple[int, float, float, frozenset[int]]] = set()  # parallel links alike
    deep = 0
    while frontier:
        at, lo, hi, used, passed = frontier.pop()
        if len(used) >= _ALL_READ:
            if deep >= _MOST_DEEP_STEPS:
                continue
            deep += 1
        for a, b, cell, path, kind in touching.get(at, ()):
            if (a if at == b else b) in passed:
                continue
            stepped = _step(kind, cell, lo, hi, backwards=at == b)
            if stepped is None or stepped[1] < 1:
                continue
            reached = a if at == b else b
            state = (reached, round(stepped[0], 9), round(stepped[1], 9), passed)
            if state in seen:
                continue
            seen.add(state)
            chain = [*used, cell]
            whole = math.floor(stepped[1] + 1e-9)
            if len(chain) >= 2 and whole >= max(1.0, stepped[0] - 1e-9):
                if stepped[1] - stepped[0] <= narrow:  # 4..12: read at 4
                    whole = max(1, math.ceil(stepped[0] - 1e-9))
                implied_counts(tables_of[path]).append(ImpliedCount(
                    cell=cell, count=float(whole), base=None, share=None, split=False,
                    alternative=True,
                    how=f"{fmt_number(value)} ({count.measure.name} in {where}) through the "
                        f"changes {', '.join(c.measure.name for c in chain)} leaves "
                        f"{fmt_number(whole)} in {reached}",
                    public="changes chained from a published count give another year's "
                           "count"))
            if len(chain) < _MOST_LINKS:
                frontier.append((reached, stepped[0], stepped[1], chain, passed | {reached}))
