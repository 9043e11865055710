"""A re-run read through a derived count: a cumulative column's steps, a merged category's
parts (SDC503's reading; round 53, diff53).

Two tables over one variable's categories, one printing a count derived from the other's:

- *cumulative*: ``year,n`` 120 / 250 / 130 beside ``year,cumulative`` 120 / 373 / 503. The
  steps of the cumulative column (120, 253, 130) are counts of the same categories; where
  they are the printed counts but one a few units off (253 against 250), the two runs do not
  share those 3 people, as a re-run bucket's difference is (``Differencing._rerun_bucket``).
  SDC101 fails a step below the threshold; the step's difference from a twin was not read.
- *merged*: ``North, South, East`` (111, 60, 80) beside ``North and South, East`` (174, 80):
  a merged category (``A+B``, ``A & B``, ``A/B``, ``A or B``, ``A and B``: every part a
  category the other table prints) is the sum of its parts; 174 against 171 is 3 people one
  run holds and the other does not. ``sdc.named_unions`` reads a merge that adds up (a
  suppressed part given back), not one a few units off.

Read over ``renamed_reruns.grid`` tables (one or two dimensions, at most ``MAX_COUNTS``
counts): the same categories along one dimension (the other's labels the same), no derived
count the threshold or more from its twin, some apart. A cumulative column is read from the
numbers (every line non-decreasing down the categories), so its steps must be evidence of
one population: ``MIN_AGREEING`` non-zero steps alike, and as many alike as apart; a column
whose name says it is cumulative (``differencing._CUMULATIVE``) needs no more than a re-run
bucket does. A merged category's name is its evidence, as a re-run bucket's shared labels
are. ``review`` at the derived table's cells apart: the re-run is the numbers', not proved.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.column_cells import fold
from sdc.renamed_reruns import MARGIN, MIN_AGREEING

if TYPE_CHECKING:
    from sdc.renamed_reruns import Grid

MIN_CATEGORIES = 3  # a cumulative column's categories read: two steps alike and one apart
MAX_PARTS = 6  # a merged category's parts read
# what joins a merged category's parts: "A+B", "A & B", "A/B", "A or B", "A and B", "A, B"
_JOIN = re.compile(r"\s*(?:[+&/,]|\band\b|\bor\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class DerivedRerun:
    """``later``'s count derived at ``cells`` (a cumulative step: the previous and this
    cell; a merged category: its cell) is ``derived`` where ``earlier`` prints ``printed``
    at ``there`` (the category's count; the parts' counts, summed), under category
    ``label`` and other label ``other`` ("" one-way); ``agree`` and ``differ`` as the
    pair's derived counts compare."""

    kind: str  # "cumulative" or "merged"
    earlier: Grid
    later: Grid
    dim: str
    label: str
    other: str
    derived: float
    printed: float
    cells: tuple[int, ...]
    there: tuple[int, ...]
    agree: int
    differ: int


_Cell = tuple[float | None, int]
_Compared = tuple[str, str, float, float, tuple[int, ...], tuple[int, ...]]


def _categories(table: Grid, n: int) -> list[str]:
    return [label for label in table.rows[n] if label != MARGIN]


def _others(table: Grid, n: int) -> frozenset[str] | None:
    return frozenset(table.names[1 - n]) if len(table.dims) == 2 else None


def _known(cell: _Cell | None) -> float | None:
    if cell is None or cell[0] is None or cell[0] != cell[0]:
        return None
    return cell[0]


def _lines(table: Grid, n: int) -> list[tuple[str, list[tuple[str, float, int]]]] | None:
    """Each line down dimension ``n``'s categories (per other label, margins aside) whose
    every count is printed, None where one such line falls (no cumulative column)."""
    order = _categories(table, n)
    rows = table.rows[n]
    others = sorted({o for label in order for o in rows[label]} - {MARGIN})
    lines = []
    for other in others:
        line = []
        for label in order:
            value = _known(rows[label].get(other))
            if value is None:
                break
            line.append((label, value, rows[label][other][1]))
        else:
            if any(b[1] < a[1] for a, b in itertools.pairwise(line)):
                return None
            lines.append((other, line))
    return lines or None


def cumulative_twins(grids: list[Grid], threshold: float,
                     named: Callable[[Grid], bool]) -> Iterator[DerivedRerun]:
    """Every pair of a table and another whose column cumulates its counts down the same
    categories (``named``: the column's name says it is cumulative), a step or more apart."""
    groups: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for g, table in enumerate(grids):
        for n in range(len(table.dims)):
            order = _categories(table, n)
            if len(order) >= MIN_CATEGORIES:
                groups[(len(table.dims), frozenset(order), _others(table, n))].append((g, n))
    for members in groups.values():
        if len(members) < 2:
            continue
        for c, nc in members:
            lines = _lines(grids[c], nc)
            if lines is None:
                continue
            for t, nt in members:
                if grids[t].output is not grids[c].output:
                    yield from _cumulative(grids[t], nt, grids[c], nc, lines, threshold,
                                           named(grids[c]))


def _cumulative(twin: Grid, nt: int, cum: Grid, nc: int,
                lines: list[tuple[str, list[tuple[str, float, int]]]], threshold: float,
                named: bool) -> Iterator[DerivedRerun]:
    rows = twin.rows[nt]
    alike = 0
    apart: list[_Compared] = []
    for other, line in lines:
        before: tuple[str, float, int] | None = None
        for label, value, place in line:
            step = value - (before[1] if before else 0.0)
            count = _known(rows[label].get(other))
            if count is not None:
                if abs(step - count) >= threshold:
                    return  # not the cumulative of these counts
                if step != count:
                    cells = (before[2], place) if before else (place,)
                    apart.append((label, other, step, count, cells,
                                  (rows[label][other][1],)))
                elif count:
                    alike += 1
            before = (label, value, place)
    if not apart or (not named and (alike < MIN_AGREEING or alike < len(apart))):
        return
    yield from _found("cumulative", twin, cum, nc, apart, alike)


def _found(kind: str, earlier: Grid, later: Grid, n: int, apart: list[_Compared],
           alike: int) -> Iterator[DerivedRerun]:
    names = later.names[1 - n] if len(later.dims) == 2 else {}
    for label, other, derived, printed, cells, there in apart:
        yield DerivedRerun(kind, earlier, later, later.dims[n], later.names[n][label],
                           names.get(other, ""), derived, printed, cells, there, alike,
                           len(apart))


def _parts(label: str) -> list[str] | None:
    """A category's parts where its printed name joins two or more (folded), else None."""
    pieces = [p for p in _JOIN.split(label) if p.strip()]
    if not 2 <= len(pieces) <= MAX_PARTS:
        return None
    return [fold(p.strip()) for p in pieces]


def merged_reruns(grids: list[Grid], threshold: float) -> Iterator[DerivedRerun]:
    """Every pair of tables one of which prints the other's categories with some merged, a
    merged count a few units from its parts' sum (and none the threshold or more)."""
    posting: dict[str, list[tuple[int, int]]] = defaultdict(list)
    merging: list[tuple[int, int, dict[str, list[str]]]] = []
    for g, table in enumerate(grids):
        for n in range(len(table.dims)):
            merges = {}
            for label in _categories(table, n):
                posting[label].append((g, n))
                parts = _parts(table.names[n][label])
                if parts is not None:
                    merges[label] = parts
            if merges:
                merging.append((g, n, merges))
    for b, nb, merges in merging:
        later = grids[b]
        found = None
        for parts in merges.values():
            holding = set.intersection(*(set(posting.get(p, ())) for p in parts))
            found = holding if found is None else found & holding
        for a, na in sorted(found or ()):
            earlier = grids[a]
            if earlier.output is not later.output and _others(earlier, na) == \
                    _others(later, nb):
                yield from _merged(earlier, na, later, nb, merges, threshold)


def _merged(earlier: Grid, na: int, later: Grid, nb: int, merges: dict[str, list[str]],
            threshold: float) -> Iterator[DerivedRerun]:
    mine, theirs = later.rows[nb], earlier.rows[na]
    kept = [label for label in _categories(later, nb) if label not in merges]
    merged_parts = {p for parts in merges.values() for p in parts}
    if any(label in theirs for label in merges) or set(kept) & merged_parts or \
            set(_categories(earlier, na)) != set(kept) | merged_parts:
        return  # not the same categories, some merged
    alike = 0
    apart: list[_Compared] = []
    others = sorted({o for label in mine for o in mine[label]} - {MARGIN})
    for other in others:
        for label in kept:
            now, then = _known(mine[label].get(other)), _known(theirs[label].get(other))
            if now is None or then is None:
                continue
            if abs(now - then) >= threshold:
                return
            alike += bool(now) and now == then
        for label, parts in merges.items():
            now = _known(mine[label].get(other))
            values = [_known(theirs[p].get(other)) for p in parts]
            if now is None or any(v is None for v in values):
                continue
            then = sum(v for v in values if v is not None)
            if abs(now - then) >= threshold:
                return
            if now != then:
                apart.append((label, other, now, then, (mine[label][other][1],),
                              tuple(theirs[p][other][1] for p in parts)))
            elif now:
                alike += 1
    if apart:
        yield from _found("merged", earlier, later, nb, apart, alike)
