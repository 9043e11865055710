"""The same table re-run under its categories renamed to other meaningful names, paired by
their numbers (SDC503's reading; round 50, names50).

A re-run one patient fewer is SDC503 where the two tables print the same labels (the re-run
buckets), or one abbreviates the other's (``North`` / ``N``: ``abbreviated_labels``). An
insider renaming the categories to names no abbreviation reads (``North`` .. ``West`` as
``Tyne`` .. ``Trent``, ``Norte`` .. ``Oeste``, or the ONS codes ``E12000001`` ..) left the two
tables unlinked, and the one patient readable: base50 passed them.

The numbers pair them: where two tables count one measure over the same other dimension
(the same labels, or none) and as many categories of a dimension named otherwise, a pairing
of the renamed categories under which every cell printed in both lies below the threshold
apart, most are printed alike (at least ``MIN_AGREEING``, and ``AGREEING_PER_APART`` for
each apart; the renamed dimension's margin, alike in any two tables of one cohort, not
counted), and every renamed category but one prints a number alike with its partner, makes
the two one table re-run. Fail closed: every pairing the numbers allow is tried
and the one agreeing most is read; the renaming is not proved, so the finding is ``review``,
naming both tables' cells. Names that are provably other populations cannot be told from the
labels, so none is excused: a person decides.

Round 52 (diff52): a one-way re-run with one count alike (three of four changed) is read
where ``_unlikely`` holds (``ONE_WAY_AGREEING``); two-way tables still need
``MIN_AGREEING``. Round 53 (diff53): a two-way one too (``region,F,M``, one cell alike and
the seven others a unit off), a renamed row pinned where each of its cells is ``NEAR`` its
partner's, its chance weighed over the counts' spread (``_reach``: smallest to largest, so
a crosstab of counts 12 to 17 is not read from its many cells a few units off).

Read only: tables of one count measure and one or two dimensions, at most ``MAX_COUNTS``
counts, between two and ``MAX_UNMATCHED`` categories renamed; tables are compared only
within a group of one shape (the renamed dimension's size and the other's labels), and only
where they print at least ``ONE_WAY_AGREEING`` non-zero number alike.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.column_cells import fold

if TYPE_CHECKING:
    from sdc.count_index import CountIndex
    from sdc.outputs import Output

MAX_COUNTS = 200  # counts of a table read: a larger one is no list of named categories
MAX_UNMATCHED = 6  # categories renamed (every pairing of them tried: 720 at most)
MIN_AGREEING = 2  # non-zero counts printed alike, as ``differencing.MIN_AGREEING``
ONE_WAY_AGREEING = 1  # a one-way re-run's, where ``_unlikely`` also holds (round 52)
AGREEING_PER_APART = 2  # counts printed alike for each apart: a re-run changes a few
NEAR = 2  # a one-way cell this close to its partner is pinned to it (round 51)
CHANCE = 1e-3  # the largest chance of a one-way pairing as close that is read (round 51)
MAX_ASSIGNED = 60  # renamed categories read beyond MAX_UNMATCHED (``_candidates``)
MAX_TRIED = 5_040  # pairings enumerated beyond MAX_UNMATCHED before a linear assignment
MAX_STEPS = 20_000  # partial pairings tried for them (``renamed_categories._pairings``)
MARGIN = "\0margin"  # a margin's label (``Total``, ``All``): one place in every table


_Row = dict[str, tuple[float | None, int]]  # a category's cells by the other dimension's label


@dataclass
class Grid:
    """A table's counts as each dimension's rows: per folded category (``MARGIN`` for a
    margin), its cells by the other dimension's folded label (``""`` one-way), each the
    value (None hidden) and place; each dimension's labels as printed."""

    output: Output
    index: CountIndex
    dims: list[str]
    rows: list[dict[str, _Row]]
    names: list[dict[str, str]]  # per dimension: folded label -> as printed (file order)
    values: frozenset[float]  # the non-zero numbers printed
    tally: Counter[float]  # how many times each is printed (round 51)


@dataclass(frozen=True)
class RenamedRerun:
    """``later`` re-runs ``earlier`` with dimension ``dim`` renamed (``paired``: later's
    name -> earlier's): ``apart`` holds (later's place, earlier's place, difference) of each
    renamed category's cell printed apart; ``agree`` cells printed alike, ``differ`` apart."""

    earlier: Grid
    later: Grid
    dim: str
    paired: tuple[tuple[str, str], ...]
    apart: tuple[tuple[int, int, float], ...]
    agree: int
    differ: int


def grid(output: Output, index: CountIndex, max_counts: int = MAX_COUNTS) -> Grid | None:
    """The table as a grid of labelled counts, or None where the reading does not apply
    (``max_counts``: larger for ``band_reruns``' banded tables, round 53)."""
    table = output.table
    if table is None or not 2 <= index.n_counts <= max_counts or \
            len(index) < index.n_counts or len(index.names) != 1:
        return None
    dims = list(table.dimensions)
    if len(dims) not in (1, 2):
        return None
    read = index.read
    places = index.places()
    labels = [read.labels_along(places, d) for d in dims]
    rows: list[dict[str, _Row]] = [defaultdict(dict) for _ in dims]
    names: list[dict[str, str]] = [{} for _ in dims]
    seen: set[tuple[str, ...]] = set()
    values: set[float] = set()
    tally: Counter[float] = Counter()
    # each dimension's labels folded once (a label repeats along the other's)
    memo: list[dict[object, str]] = [{} for _ in dims]
    for k, i in enumerate(places):
        margins = read.margins(i)
        key: list[str] = []
        for n, dim in enumerate(dims):
            label = labels[n][k]
            if dim in margins:
                key.append(MARGIN)
                continue
            folded = memo[n].get(label)
            if folded is None:
                if not isinstance(label, str) or not label.strip():
                    return None
                folded = memo[n][label] = fold(label.strip())
                names[n].setdefault(folded, label.strip())
            key.append(folded)
        if tuple(key) in seen:
            return None  # two counts under one combination: which is which is unknown
        seen.add(tuple(key))
        value = None if read.suppressed(i) else read.value(i)
        if value is not None and value == value and value != 0:
            values.add(value)
            tally[value] += 1
        if len(key) == 1:
            rows[0][key[0]][""] = (value, i)
        else:
            rows[0][key[0]][key[1]] = rows[1][key[1]][key[0]] = (value, i)
    return Grid(output, index, dims, rows, names, frozenset(values), tally)


def renamed_reruns(grids: list[Grid], threshold: float) -> Iterator[RenamedRerun]:
    """Every pair of tables (file order) that is one table re-run under a dimension's
    categories renamed, the later of each pair its ``later``."""
    groups: dict[tuple, list[tuple[int, int, frozenset[str]]]] = defaultdict(list)
    for g, table in enumerate(grids):
        for n in range(len(table.dims)):
            other = frozenset(table.names[1 - n]) if len(table.dims) == 2 else None
            groups[(len(table.dims), len(table.names[n]), other)].append(
                (g, n, frozenset(table.names[n])))
    seen: set[tuple[int, int]] = set()
    for members in groups.values():
        for j, (b, nb, mine) in enumerate(members):
            for a, na, theirs in members[:j]:
                # the same categories: the re-run buckets' to compare, not a renaming
                # one count alike, one-way or (round 53) two-way: ``_unlikely`` weighs it
                if a == b or mine == theirs or (a, b) in seen or \
                        len(grids[a].values & grids[b].values) < ONE_WAY_AGREEING:
                    continue
                found = _rerun(grids[a], na, grids[b], nb, threshold)
                if found is not None:
                    seen.add((a, b))
                    yield found


def _rerun(earlier: Grid, na: int, later: Grid, nb: int, threshold: float
           ) -> RenamedRerun | None:
    """``later`` as ``earlier`` re-run with dimension ``nb`` (``na`` there) renamed, under
    the pairing of its renamed categories that agrees most; None where no pairing makes
    them one table."""
    mine = [name for name in later.names[nb] if name not in earlier.names[na]]
    theirs = [name for name in earlier.names[na] if name not in later.names[nb]]
    if not MIN_AGREEING <= len(mine) == len(theirs) <= MAX_ASSIGNED:
        return None
    if len(mine) > MAX_UNMATCHED and \
            (later.tally & earlier.tally).total() < len(mine) - 1:
        return None  # every renamed category but one is pinned by a count printed alike
    rows_b, rows_a = later.rows[nb], earlier.rows[na]
    # a margin one table prints and the other does not is left out (round 51: a re-run
    # printing no total beside one that does is still the same table); before the column
    # bound below, which reads every count of both (both end the pair alike)
    if ((set(rows_b) - set(mine)) ^ (set(rows_a) - set(theirs))) - {MARGIN}:
        return None
    if len(mine) > MAX_UNMATCHED and len(later.dims) == 2 and \
            not _may_span_columns(rows_b, rows_a):
        return None  # ``_across_columns`` cannot hold: no assignment (nor its import)
    agree = differ = 0
    spread: list[float] = []  # the differences of the cells apart
    for name in (set(rows_b) - set(mine)) & (set(rows_a) - set(theirs)):
        got = _compared(rows_b[name], rows_a[name], threshold)
        if got is None:
            return None
        if name != MARGIN:  # the margin is the other variable's count in the cohort, alike
            # in every table of one cohort whatever the renamed variable (bench_scale's
            # ``age`` x condition beside ``age`` x region): no evidence of one table
            agree, differ = agree + got[0], differ + got[1]
            spread += got[2]
    allowed: list[list[str]] = []
    scores: dict[tuple[str, str], tuple[int, int, list[float]]] = {}
    for name in mine:
        allowed.append([])
        for to in theirs:
            got = _compared(rows_b[name], rows_a[to], threshold)
            if got is not None:
                allowed[-1].append(to)
                scores[(name, to)] = got
    one_way = len(later.dims) == 1
    best: tuple[int, int, float, tuple[str, ...], list[float], int] | None = None
    for pairing in _candidates(mine, allowed, scores, one_way):
        each = [scores[(m, t)] for m, t in zip(mine, pairing, strict=True)]
        alike = agree + sum(a for a, _, _ in each)
        apart = differ + sum(d for _, d, _ in each)
        gaps = spread + [g for _, _, got in each for g in got]
        # every renamed category but one pinned to its partner by a number printed alike
        # (in a one-way table the category that changed is pinned by the others; round 51:
        # or by a number a few units off, ``_near``)
        unpinned = sum(1 for a, _, _ in each if not a)
        # (round 53: a two-way row too, two cells or more apart and each a few units: a
        # row printing one count, its margin, pins nothing — bench_scale's suppressed pair)
        loose = sum(1 for a, _, got in each
                    if not a and not (_near(got) and (one_way or len(got) >= 2)))
        if loose <= 1 and (best is None or (alike, -apart, -sum(gaps)) >
                           (best[0], -best[1], -best[2])):
            best = (alike, apart, sum(gaps), pairing, gaps, unpinned)
    if best is None:
        return None
    alike, apart, _, pairing, gaps, unpinned = best
    # a re-run differs in a few cells, most printed alike; the pairing agreeing most read
    # (not another that swaps two alike categories: the same numbers renamed are no re-run);
    # a one-way pairing read only through ``_near`` (two categories or more pinned by no
    # count alike, or as many apart as alike) must also be unlikely by chance
    # a one-way re-run with one count alike (three of four changed; round 52) is read
    # through ``_unlikely`` alone: the one count alike and the others a few units apart
    # and a two-way one (round 53), its chance weighed over the values' spread, not from 0:
    # a crosstab's cells are many, each a few units off adding little where they cluster
    if not apart or alike < ONE_WAY_AGREEING:
        return None
    if (unpinned > 1 or alike < max(MIN_AGREEING, AGREEING_PER_APART * apart)) and (
            not (one_way or not _margins_alike(rows_b, rows_a))
            or not _unlikely(_reach(later.values | earlier.values, one_way), alike, gaps,
                             len(mine))):
        return None
    if len(mine) > MAX_UNMATCHED and not one_way and not _across_columns(
            rows_b, rows_a, [*zip(mine, pairing, strict=True),
                             *((n, n) for n in set(rows_b) - set(mine) - {MARGIN}
                               if n in rows_a)]):
        return None
    moved: list[tuple[int, int, float]] = []
    for name, to in zip(mine, pairing, strict=True):
        for other, (value, place) in rows_b[name].items():
            if other not in rows_a[to]:
                continue  # a margin the earlier table does not print
            then, there = rows_a[to][other]
            if value is not None and then is not None and value != then:
                moved.append((place, there, abs(value - then)))
    if not moved:
        return None  # the renamed categories agree: what differs is the linking's to read
    paired = tuple((later.names[nb][m], earlier.names[na][t])
                   for m, t in zip(mine, pairing, strict=True))
    return RenamedRerun(earlier, later, later.dims[nb], paired,
                        tuple(sorted(moved)), alike, apart)


def _candidates(mine: list[str], allowed: list[list[str]],
                scores: dict[tuple[str, str], tuple[int, int, list[float]]],
                one_way: bool = False) -> Iterator[tuple[str, ...]]:
    """The pairings to weigh: every one up to ``MAX_UNMATCHED`` renamed categories; beyond
    (round 51), every one ``_rerun`` can read — each category paired with a partner that
    pins it (a count alike; one-way, or ``_near``), all but at most one — while they are at
    most ``MAX_TRIED``; past that, the one a linear assignment finds agreeing most (alike,
    then fewest apart, then the smallest differences: additive per pair, so its optimum is
    the order ``_rerun`` reads by). Enumerated first because scipy.optimize costs ~0.35 s
    CPU and ~10 MiB to import (bands43): bench_scale's 1,000 tables reach here 18 times."""
    from sdc.renamed_categories import _pairings

    if len(mine) <= MAX_UNMATCHED:
        yield from _pairings(allowed, ())
        return
    pinned = [[to for to in allowed[m] if scores[(name, to)][0] or (
        one_way and _near(scores[(name, to)][2]))] for m, name in enumerate(mine)]
    seen: set[tuple[str, ...]] = set()
    steps = [MAX_STEPS]
    for loose in range(-1, len(mine)):  # none loose, or category ``loose``
        lists = pinned if loose < 0 else [*pinned[:loose], allowed[loose],
                                          *pinned[loose + 1:]]
        for pairing in _pairings(lists, (), steps):
            if pairing not in seen:
                if len(seen) >= MAX_TRIED:
                    break
                seen.add(pairing)
                yield pairing
        if len(seen) >= MAX_TRIED or steps[0] <= 0:
            yield from _assigned(mine, allowed, scores)
            return


def _assigned(mine: list[str], allowed: list[list[str]],
              scores: dict[tuple[str, str], tuple[int, int, list[float]]]
              ) -> Iterator[tuple[str, ...]]:
    """The pairing a linear assignment finds agreeing most (``_candidates``)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    theirs = sorted({to for choices in allowed for to in choices})
    if len(theirs) < len(mine):
        return
    gap = 1.0 + sum(sum(got[2]) for got in scores.values())
    step = gap * (1.0 + sum(got[1] for got in scores.values()))
    cost = np.full((len(mine), len(theirs)), step * (2.0 + len(scores) * MAX_COUNTS))
    for m, name in enumerate(mine):
        for to in allowed[m]:
            a, d, gaps = scores[(name, to)]
            cost[m, theirs.index(to)] = -a * step + d * gap + sum(gaps)
    rows, cols = linear_sum_assignment(cost)
    pairing = tuple(theirs[c] for c in cols[np.argsort(rows)])
    if all(to in allowed[m] for m, to in enumerate(pairing)):
        yield pairing


def _across_columns(rows_b: dict[str, _Row], rows_a: dict[str, _Row],
                    pairs: list[tuple[str, str]]) -> bool:
    """Whether the counts printed alike lie in more than one column: at least
    ``MIN_AGREEING`` outside the column holding most. One column alike row by row is what a
    column of years or identifiers read as counts prints in any two tables of as many rows
    (bench_scale: two random tables by ``year`` with no label column, their rows the reader's
    ``line N (tag)``, paired line by line by the years alone; round 51, beyond
    ``MAX_UNMATCHED`` renamed categories)."""
    by_column: Counter[str] = Counter()
    for mine, theirs in pairs:
        for other, (value, _) in rows_b[mine].items():
            then = rows_a[theirs].get(other, (None, 0))[0]
            if value is not None and value == then and value:
                by_column[other] += 1
    return by_column.total() - max(by_column.values(), default=0) >= MIN_AGREEING


def _may_span_columns(rows_b: dict[str, _Row], rows_a: dict[str, _Row]) -> bool:
    """Whether ``_across_columns`` may hold under some pairing: each column's counts
    printed in both (as multisets) bound what it can hold alike, and the columns but the
    largest bound what lies outside the column holding most."""
    columns: dict[str, tuple[Counter[float], Counter[float]]] = {}
    for rows, side in ((rows_b, 0), (rows_a, 1)):
        for row in rows.values():
            for other, (value, _) in row.items():
                if value is not None and value == value and value:
                    columns.setdefault(other, (Counter(), Counter()))[side][value] += 1
    bounds = [(b & a).total() for b, a in columns.values()]
    return sum(bounds) - max(bounds, default=0) >= MIN_AGREEING


def _near(gaps: list[float]) -> bool:
    """Whether a one-way row's cell lies at most ``NEAR`` from its partner: a re-run's few
    units (one patient moved, two left), not another variable's count."""
    return all(g <= NEAR for g in gaps)


def _margins_alike(rows_b: dict[str, _Row], rows_a: dict[str, _Row]) -> bool:
    """Whether both tables print the renamed dimension's margin, alike: two tables of one
    cohort by another variable (names50's ``Total`` column by age), whose cells each row
    holds to one sum lie a few units apart by chance; a two-way re-run is not read from
    them by ``_unlikely`` (round 53)."""
    mine, theirs = rows_b.get(MARGIN), rows_a.get(MARGIN)
    if not mine or not theirs:
        return False
    shared = [o for o in mine if o in theirs]
    return bool(shared) and all(mine[o][0] == theirs[o][0] for o in shared)


def _reach(values: frozenset[float], one_way: bool) -> float:
    """The range a count is weighed over by ``_unlikely``: one-way 0 to the largest (round
    51); two-way (round 53) the smallest to the largest, so a crosstab of counts 12 to 17
    is not read from its many cells a few units off."""
    return 1.0 + max(values) - (0.0 if one_way else min(values))


def _unlikely(reach: float, alike: int, gaps: list[float], renamed: int) -> bool:
    """A one-way re-run with as many counts apart as alike (``Tyne 51, Severn 56`` beside
    ``North 50, South 57``; round 51): read where every difference is at most ``NEAR`` and
    the chance that another variable of one cohort printed counts as close, under any of
    the pairings tried, is at most ``CHANCE`` — each count alike a 1 in ``reach`` chance
    (the largest count printed), each ``d`` apart ``2d + 1`` in ``reach``, times the
    renamed categories' orders. Small counts (a 40-patient cohort's four groups) agree by
    chance too often to be read so."""
    if not _near(gaps):
        return False
    chance = math.factorial(renamed) * (1.0 / reach) ** alike
    for g in gaps:
        chance *= (2.0 * g + 1.0) / reach
    return chance <= CHANCE


def _compared(mine: _Row, theirs: _Row, threshold: float
              ) -> tuple[int, int, list[float]] | None:
    """(non-zero cells printed alike, cells apart, their differences) of two rows over the
    same other labels (a margin only one prints left out), None where they are not one row
    re-run: other labels, a difference at or above the threshold, or no cell printed in
    both."""
    if (mine.keys() ^ theirs.keys()) - {MARGIN}:
        return None
    alike = apart = both = 0
    gaps: list[float] = []
    for other, (value, _) in mine.items():
        if other not in theirs:
            continue
        then = theirs[other][0]
        if value is None or then is None or value != value or then != then:
            continue
        both += 1
        if abs(value - then) >= threshold:
            return None
        if value != then:
            apart += 1
            gaps.append(abs(value - then))
        elif value:
            alike += 1
    return (alike, apart, gaps) if both else None
