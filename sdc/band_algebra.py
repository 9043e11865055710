"""Counts that bands printed in several tables give away together: a gap or an overlap.

SDC503's slivers are differences of two nested bandings. Three printed counts can give more
(round 41, bands41): tables of ``30-64``, of ``65+`` and of ``Total`` leave
``Total − (30-64) − (65+)``, the ages below 30; ``18-65``, ``65+`` and ``Total`` give
``(18-65) + (65+) − Total``, the 65 year olds. Each passed alone, and SDC503 (whose cuttings
leave totals out) never set them side by side.

The general reading is interval algebra. Per context (the cuttings' own: population, the
other labels; one banded dimension), every printed band and every whole (a margin along the
banded dimension: ``Total``, ``All``) is a set of elementary intervals, those between all the
break points. A whole is read as every value from the floor up (0 for ages): what lies below
the lowest band is an unknown of its own, so the reading holds whether or not the whole
covers those ages (if it does not, their count is 0 and nothing is found). Each printed count
is an equation ``sum of its elementary counts = value``. A run of elementary intervals whose
count the equations determine (its indicator in their row space: ``sdc.audit.rank``, the
audit's own), that is no union of disjoint printed bands (then its count is a plain sum) and
is below the threshold is a disclosure, named with the printed counts that give it.

Tables under one context may count other populations (two years under the same labels):
they are read as one system only where every interval they both print has the same count
(:func:`worlds`); a system that contradicts itself (no solution) is no one population and
gives nothing.
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sdc.release_form import TableCells

if TYPE_CHECKING:
    from sdc.outputs import Output

__all__ = ["Agreement", "Derived", "NotRead", "Printed", "System", "declared", "derive",
           "gather", "holders", "worlds", "years_apart"]

# systems of two tables or more one context's tables are read as (two years under one set of
# labels; on bench_scale's 1,000 tables 26 under ``Male``, among 363 of one table each); past
# it, and past ``MAX_ATOMS``, the tables are ``review``, "not read" (round 42, bands42)
MAX_WORLDS = 64
MAX_ATOMS = 40  # elementary intervals of a context read (runs: ~800 candidates)
# choices of runs taken out of a run tried a system, for unions of three runs or more
# (round 43, bands43); past it the system's tables are ``review``, "not read"
MAX_UNIONS = 20_000
_TOL = 1e-6


@dataclass(frozen=True, slots=True)
class Printed:
    """One printed (or hidden: ``value`` None) count of an interval ``[lo, hi)`` (a whole:
    ``lo = -inf, hi = inf``), at ``place`` of table ``table`` (an index the caller keeps)."""

    lo: float
    hi: float
    value: float | None
    table: int
    place: int
    label: str
    whole: bool = False  # a margin along the banded dimension: every value from the floor


@dataclass(frozen=True)
class Derived:
    """A run ``[lo, hi)`` no table printed, its count, and the printed counts (with their
    weights, +1 or −1 mostly) whose combination gives it."""

    lo: float
    hi: float
    value: float
    terms: tuple[tuple[Printed, float], ...]
    # determined only if the whole counts no one outside every band (review)
    assumed: bool = False
    # a union of two runs (``[0, 18) ∪ [65, inf)``: ``Total − (18-64)``), its runs; () a run
    parts: tuple[tuple[float, float], ...] = ()
    # the system's printed counts fit one population only with some count below 0: its
    # tables cannot all count one population, so what they give is a guess (review)
    apart: bool = False

    @property
    def spans(self) -> tuple[tuple[float, float], ...]:
        """The runs it counts: ``[lo, hi)``, or a union's."""
        return self.parts or ((self.lo, self.hi),)

    @property
    def how(self) -> str:
        """``(Total) − (30-64) − (65+)``: the wholes and positive terms first."""
        ordered = sorted(self.terms, key=lambda t: (t[1] < 0, not t[0].whole))
        out = ""
        for item, w in ordered:
            size = abs(w)
            label = f"({item.label})" if math.isclose(size, 1.0) else \
                f"{size:g}×({item.label})"
            out += (label if not out and w > 0 else (" + " if w > 0 else " − ") + label)
        return out.lstrip(" +") if out.startswith(" +") else out

    @property
    def tables(self) -> set[int]:
        return {item.table for item, _ in self.terms}


class NotRead(Exception):
    """Counts past a limit of the reading: their tables are ``review``, never a silent
    ``pass`` (``reason``: "too many ...")."""

    def __init__(self, reason: str, tables: Iterable[int] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tables = sorted(set(tables))


def worlds(items_by_table: Sequence[Sequence[Printed]]
           ) -> tuple[list[list[Printed]], NotRead | None]:
    """The tables' counts parted into systems of one population each: a table joins the
    first system where every interval both print has the same count (taken in the order
    given), else starts its own. Systems of two tables or more are given, at most
    ``MAX_WORLDS`` (one table's counts are its own rules'); the tables of those past it
    come back as not read."""
    found: list[tuple[list[Printed], set[int]]] = []
    # each interval: the systems printing it, and those by each count (a table joins the
    # first system none of whose counts of its intervals differs: one set difference an
    # interval, not a comparison a system; round 43, bands43 — 363 systems under ``Male``),
    # the sets as bits of an int (system n is bit n: round 44, d503 — a hundred long tables
    # under every one of a few thousand contexts each start their own system, and a set
    # difference of a hundred members per interval and table was quadratic in the tables)
    printing: dict[tuple[float, float], int] = defaultdict(int)
    by_value: dict[tuple[tuple[float, float], float], int] = defaultdict(int)
    for items in items_by_table:
        own = {(p.lo, p.hi): p.value for p in items if p.value is not None}
        tables = {p.table for p in items}
        differing = 0
        for key, value in own.items():
            if value != value:  # NaN equals no count, itself neither: a system of its own
                differing = (1 << len(found)) - 1
                break
            differing |= printing.get(key, 0) & ~by_value.get((key, value), 0)
        # the first system it does not differ from: the lowest bit not set (``len(found)``,
        # a new system, when every one is)
        n = (~differing & (differing + 1)).bit_length() - 1
        if n == len(found):
            found.append(([], set()))
        members, held = found[n]
        members.extend(items)
        held.update(tables)
        bit = 1 << n
        for key, value in own.items():
            printing[key] |= bit
            by_value[(key, value)] |= bit
    several = [(members, held) for members, held in found if len(held) > 1]
    past = [t for _, held in several[MAX_WORLDS:] for t in held]
    unread = NotRead(f"too many populations under one context ({len(several)} systems of "
                     f"tables, more than {MAX_WORLDS})", past) if past else None
    return [members for members, _ in several[:MAX_WORLDS]], unread


def _interesting(printed: list[Printed]) -> bool:
    """Whether these counts can give more than SDC503's nested pairs and the printed ones:
    a whole beside a band, a band strictly inside another (``(18-64) − (30-49)``: the 18-29
    and 50-64 year olds together, no run), or three bands of which two overlap or nest."""
    if len({(p.lo, p.hi) for p in printed}) < 2:
        return False
    if any(p.whole for p in printed):
        return True
    spans = sorted({(p.lo, p.hi) for p in printed})
    if len(spans) > 64 or any(a[0] < b[0] and b[1] < a[1]
                              for a, b in itertools.permutations(spans, 2)):
        return True
    if len(spans) < 3:
        return False
    return any(b[0] < a[1] for a, b in itertools.pairwise(spans))


def derive(items: Iterable[Printed], threshold: float, floor: float,
           known: Mapping[int, Sequence[tuple[float, float]]] | None = None
           ) -> list[Derived]:
    """Runs of elementary intervals that the printed counts of one system determine, below
    the threshold and above 0, given by counts of two tables or more (one table's own are
    the per-table rules' and the audit's), minimal (a run holding a found one, or one
    ``known`` of a table of its derivation, SDC503's slivers there, is never the more
    disclosive), each once. A run that a hidden cell covers is still found: the
    audit fails the hidden cell's table, and the tables left may give the run without it."""
    items = [_clipped(p, floor) for p in items]
    printed: list[Printed] = []
    copies: dict[tuple[float, float], list[Printed]] = {}  # each interval's, by table
    for p in items:
        if p.value is None:
            continue
        same = copies.get((p.lo, p.hi))
        if same is None:
            copies[(p.lo, p.hi)] = [p]
            printed.append(p)
        elif all(c.table != p.table for c in same):
            same.append(p)
    if len({c.table for same in copies.values() for c in same}) < 2:
        # one table's printed counts: every derivation's terms (each a printed count or a
        # copy of it) would be its own, left to the per-table rules (round 42, par42: 261
        # of the 1,000-table release's 344 systems, no equation solved)
        return []
    if not _interesting(printed):
        return []
    points = sorted({x for p in items for x in (p.lo, p.hi)})
    k = len(points) - 1
    if k > MAX_ATOMS:
        raise NotRead(f"too many elementary intervals ({k}, more than {MAX_ATOMS})",
                      (p.table for p in printed))
    if k < 2:
        return []
    import numpy as np

    at = {x: i for i, x in enumerate(points)}
    spans = [(at[p.lo], at[p.hi]) for p in printed]
    m = len(printed)
    b = np.array([p.value for p in printed], dtype=float)
    a = np.zeros((m, k))
    for row, (s, e) in enumerate(spans):
        a[row, s:e] = 1.0
    # one population: the printed counts must have a solution (else they count others)
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    if float(np.max(np.abs(a @ x - b))) > _TOL * max(1.0, float(np.max(np.abs(b)))):
        return []
    # a run that is a union of printed bands is no finer than the tables' own cells
    # (a union of printed bands is given to find unions of runs by: ``Total − (18-64)``)
    runs = [(i, j) for i in range(k) for j in range(i, k)]
    blocked: list[Blocked] = []
    known = known or {}
    found = _determined(a, b, printed, copies, points, runs, threshold, blocked, known, False,
                        spans)
    # what a whole covers below the lowest band (``18-65, 65+`` beside a ``Total`` of adults
    # or of everyone) or above the highest is not known: runs determined only if it holds no
    # one are found too, each ``assumed`` (review), never beside a run found without it (a
    # gap between bands, ``18-64`` and ``66+``, is ages the whole does count)
    ends = [(at[p.lo], at[p.hi]) for p in items if not p.whole]
    covered = np.zeros(k, dtype=bool)
    if ends:
        covered[min(e[0] for e in ends):max(e[1] for e in ends)] = True
    if any(p.whole for p in printed) and not covered.all():
        for d in found:
            for lo, hi in d.spans:
                blocked.extend((((s, e),), None) for s, e in [(lo, hi),
                                                              *_within(lo, hi, points)])
        inside = [(i, j) for i, j in runs if covered[i:j + 1].all()]
        found += _determined(a * covered, b, printed, copies, points, inside, threshold,
                             blocked, known, True, spans)
    # whether the counts fit one population changes only what is found (round 43: asked
    # of the systems that give something, 18 of bench_scale's 180)
    if found and not _fits_counts(a, b):
        return [replace(d, apart=True) for d in found]
    return found


def _fits_counts(a: Any, b: Any) -> bool:
    """Whether the printed counts ``b`` have a solution of elementary counts none below 0
    (people are never fewer than none). Two tables of other bands agreeing on nothing
    (round 37's ``25-34, 35-49, 50-64`` beside ``0-17, 35-49 (hidden), 65+, Total``: 22 +
    30 + 41 + 20 is more than the 69 of ``Total``) fit only with a negative count: they are
    not one population, and what they would give is read as a guess (``Derived.apart``,
    review), never dropped (a decoy table could then hide a gap).

    Each equation counts a run ``[s, e)`` of elementary intervals: with prefix sums ``P``
    it is ``P_e − P_s = b`` and no count below 0 is ``P`` never falling, so the counts fit
    exactly when these differences have no negative cycle (scipy's ``johnson``; each
    equation within the fit's tolerance either way). scipy's ``nnls`` read the same
    (round 42) but its ``optimize`` costs ~0.35 s CPU to import, loaded nowhere else in a
    check of tables (round 43, bands43); it stays for equations that are not runs."""
    import numpy as np

    limit = _TOL * max(1.0, float(np.max(np.abs(b), initial=0.0)))
    runs = _runs_of(a)
    if runs is None:
        from scipy.optimize import nnls

        x, _ = nnls(a, b)
        return float(np.max(np.abs(a @ x - b))) <= limit
    from scipy.sparse.csgraph import NegativeCycleError, csgraph_from_dense, johnson

    k = a.shape[1]
    weight = np.full((k + 1, k + 1), np.inf)  # weight[u, v]: P_v − P_u ≤ weight
    weight[np.arange(1, k + 1), np.arange(k)] = 0.0  # P_j ≤ P_{j+1}
    for (s, e), value in zip(runs, b.tolist(), strict=True):
        if e <= s:  # a band wholly below the floor: it counts no one
            if abs(value) > limit:
                return False
            continue
        weight[s, e] = min(weight[s, e], value + limit)
        weight[e, s] = min(weight[e, s], limit - value)
    try:
        johnson(csgraph_from_dense(weight, null_value=np.inf), directed=True)
    except NegativeCycleError:
        return False
    return True


def _runs_of(a: Any) -> list[tuple[int, int]] | None:
    """Each row of ``a`` as the run ``[s, e)`` of its ones, or None if one is not a run."""
    import numpy as np

    out = []
    for row in a:
        ones = np.flatnonzero(row)
        if not len(ones):
            out.append((0, 0))
            continue
        s, e = int(ones[0]), int(ones[-1]) + 1
        if len(ones) != e - s or not np.all(row[s:e] == 1.0):
            return None
        out.append((s, e))
    return out


# what was found, as its runs, and the tables it is reported at (None: never read again);
# a run holding one is derived without those tables, if it can be (the tables left pass)
Blocked = tuple[tuple[tuple[float, float], ...], "frozenset[int] | None"]


def _fresh(p: Printed, lo: float, hi: float,
           known: Mapping[int, Sequence[tuple[float, float]]]) -> bool:
    """Whether ``p``'s table was reported for no run inside ``[lo, hi)``."""
    return not any(lo <= s and e <= hi for s, e in known.get(p.table, ()))


def _within(lo: float, hi: float, points: list[float]) -> list[tuple[float, float]]:
    """Every run of elementary intervals inside ``[lo, hi)`` (none reported beside it)."""
    ends = [x for x in points if lo <= x <= hi]
    return [(lo, hi) for n, lo in enumerate(ends) for hi in ends[n + 1:]]


def _determined(a: Any, b: Any, printed: list[Printed],
                copies: Mapping[tuple[float, float], list[Printed]], points: list[float],
                runs: list[tuple[int, int]], threshold: float,
                blocked: list[Blocked],
                known: Mapping[int, Sequence[tuple[float, float]]], assumed: bool,
                spans: list[tuple[int, int]]) -> list[Derived]:
    """The ``runs`` whose counts the equations ``a x = b`` determine, each once, smallest
    first, a run holding a ``blocked`` one left out (``blocked`` grows by those found), a
    union of printed bands never; then unions of two runs, then of three or more
    (:func:`_many_runs`).

    A run is determined exactly when its indicator lies in the row space of ``a`` (one QR of
    the equations, ``sdc.audit.rank``'s, for every run at once); its count is then the same
    for every solution, so one least-squares solution gives it. Only a run whose count is
    below the threshold gets a derivation (``isolating_weights``: a few printed counts)."""
    import numpy as np

    from sdc.bands import _untiled_runs

    if not runs:
        return []
    k = a.shape[1]
    bases: dict[tuple[int, ...], Any] = {}  # of ``a`` without some rows, for ``_found``
    untiled = set(_untiled_runs(k, spans))  # a run is tiled: a union of printed bands

    def tiled(i: int, j: int) -> bool:
        return (i, j) not in untiled

    ends = np.array(runs, dtype=int)
    cols = np.arange(k)
    indicators = ((cols >= ends[:, :1]) & (cols <= ends[:, 1:])).astype(float)
    bases[()] = _basis(a)
    members = _members(bases[()], indicators)
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    values = indicators @ x
    # a count of exactly the threshold comes out of the solver a rounding error either side
    # of it (64 − 20 − 30 − 4 as 9.999999999): it is the threshold, not below (bands42)
    below = threshold - _TOL * max(1.0, float(np.max(np.abs(b), initial=0.0)))
    found: list[Derived] = []
    small = np.flatnonzero(members & (values > 1e-6) & (values < below))
    for n in sorted(small.tolist(), key=lambda n: (runs[n][1] - runs[n][0], runs[n])):
        i, j = runs[n]
        if tiled(i, j):  # no finer than the tables' own cells
            continue
        got = _found(a, b, printed, copies, ((points[i], points[j + 1]),), indicators[n],
                     below, blocked, known, assumed, bases)
        if got is not None:
            blocked.append((got.spans, _reported(got, copies)))
            found.append(got)
    # a union of two runs: a determined run less a determined run strictly inside it, not
    # touching its ends (``Total − (18-64)``, the under-18s and the 65+ together); every
    # determined union of two runs that is no sum of two determined runs is one (a count of
    # the printed intervals' ends, below), and a union of printed bands is a plain sum. The
    # pairs are found at once (numpy over every two determined runs; round 43, bands43:
    # up to 820 runs, a Python loop over their pairs was most of this reading's cost)
    chosen = np.flatnonzero(members)
    lo, hi, value = ends[chosen, 0], ends[chosen, 1], values[chosen]
    less = value[:, None] - value[None, :]
    pairs = np.nonzero((lo[:, None] < lo[None, :]) & (hi[None, :] < hi[:, None])
                       & (less > 1e-6) & (less < below))
    unions: list[tuple[float, int, int]] = []
    for h, g in zip(chosen[pairs[0]].tolist(), chosen[pairs[1]].tolist(), strict=True):
        (i, j), (gi, gj) = runs[h], runs[g]
        if not (tiled(i, gi - 1) and tiled(gj + 1, j)):
            unions.append((float(j - i - (gj - gi)), h, g))
    for _, h, g in sorted(unions, key=lambda u: (u[0], runs[u[1]], runs[u[2]])):
        (i, j), (gi, gj) = runs[h], runs[g]
        parts = ((points[i], points[gi]), (points[gj + 1], points[j + 1]))
        got = _found(a, b, printed, copies, parts, indicators[h] - indicators[g], below,
                     blocked, known, assumed, bases)
        if got is not None:
            blocked.append((got.spans, _reported(got, copies)))
            found.append(got)
    # unions of three runs or more: a determined run less two or more determined runs
    # strictly inside it, apart (``Total − (18-29) − (50-64)``: the under-18s, the 30-49
    # and the 65+ together; round 43, bands43)
    try:
        bands = {(s, e - 1) for s, e in spans if s < e}
        many = _many_runs(runs, chosen.tolist(), values, below, tiled, bands)
    except NotRead as error:  # every table of the system: review, never a silent pass
        raise NotRead(error.reason, (p.table for p in printed)) from None
    for pieces, h, inner in many:
        indicator = indicators[h] - indicators[inner].sum(axis=0)
        got = _found(a, b, printed, copies, tuple((points[s], points[e]) for s, e in pieces),
                     indicator, below, blocked, known, assumed, bases)
        if got is not None:
            blocked.append((got.spans, _reported(got, copies)))
            found.append(got)
    return found


def _many_runs(runs: list[tuple[int, int]], chosen: list[int], values: Any, below: float,
               tiled: Callable[[int, int], bool], bands: set[tuple[int, int]]
               ) -> list[tuple[list[tuple[int, int]], int, list[int]]]:
    """Each determined run ``h`` less two or more printed ``bands`` strictly inside it, none
    touching another or ``h``'s ends, whose count is above 0 and below the limit and that is
    no union of printed bands: ``(its runs as [start, end) of elementary intervals, h, the
    bands taken out)``, smallest first. Where every band inside ``h`` counts 0 or more,
    a choice is not taken further once what is left cannot fall below the limit even with
    the most that can still be taken out (a weighted choice of bands apart, one pass from
    the right), or is down to 0; past ``MAX_UNIONS`` choices the system is not read
    (review)."""
    import bisect

    out: list[tuple[int, list[tuple[int, int]], int, list[int]]] = []
    printed = sorted((g for g in chosen if runs[g] in bands), key=lambda g: runs[g])
    tried = 0
    for h in chosen:
        i, j = runs[h]
        inner = [g for g in printed if i < runs[g][0] and runs[g][1] < j]
        if len(inner) < 2:
            continue
        starts = [runs[g][0] for g in inner]
        falls = all(values[g] >= -1e-9 for g in inner)  # taking one out never adds
        most = [0.0] * (len(inner) + 1)  # the most taken out of inner[n:], bands apart
        for n in range(len(inner) - 1, -1, -1):
            nxt = bisect.bisect_right(starts, runs[inner[n]][1] + 1)
            most[n] = max(most[n + 1], max(float(values[inner[n]]), 0.0) + most[nxt])
        stack: list[tuple[float, list[int]]] = [(float(values[h]), [])]
        while stack:
            value, taken = stack.pop()
            tried += 1
            if tried > MAX_UNIONS:
                raise NotRead(f"too many unions of runs (more than {MAX_UNIONS})")
            if len(taken) >= 2 and 1e-6 < value < below:
                ends = [(i, runs[taken[0]][0])]
                ends += [(runs[g][1] + 1, runs[n][0]) for g, n in itertools.pairwise(taken)]
                ends.append((runs[taken[-1]][1] + 1, j + 1))
                if not all(tiled(s, e - 1) for s, e in ends):
                    out.append((sum(e - s for s, e in ends), ends, h, list(taken)))
            after = runs[taken[-1]][1] + 1 if taken else i  # the next starts past a gap
            first = bisect.bisect_right(starts, after)
            if falls and (value <= 1e-6 or value - most[first] >= below):
                continue
            stack.extend((value - float(values[inner[n]]), [*taken, inner[n]])
                         for n in range(first, len(inner)))
    out.sort(key=lambda u: (u[0], u[1]))
    return [(ends, h, taken) for _, ends, h, taken in out]


def _reported(got: Derived, copies: Mapping[tuple[float, float], list[Printed]]
              ) -> frozenset[int]:
    """The tables ``got`` is reported at: its first term's (a whole's, else the first
    table's) and every copy of it (``sdc.rules.differencing``'s ``holders``)."""
    first = min((item for item, _ in got.terms), key=lambda p: (not p.whole, p.table, p.place))
    return frozenset(c.table for c in copies.get((first.lo, first.hi), [first]))


def _found(a: Any, b: Any, printed: list[Printed],
           copies: Mapping[tuple[float, float], list[Printed]],
           parts: tuple[tuple[float, float], ...], indicator: Any, below: float,
           blocked: Sequence[Blocked],
           known: Mapping[int, Sequence[tuple[float, float]]], assumed: bool,
           bases: dict[tuple[int, ...], Any] | None = None) -> Derived | None:
    """The derivation of the count of ``parts`` (a run, or a union of runs) from the printed
    counts of two tables or more, or None (a count not below the limit, one table's own, or
    none without the tables a found or ``known`` run inside it is reported at). ``bases``:
    the row spaces of ``a`` without some printed counts, kept between calls on one ``a``."""
    out: set[int] = set()
    for runs, tables in blocked:
        if all(any(lo <= s and e <= hi for lo, hi in parts) for s, e in runs):
            if tables is None:
                return None
            out |= tables
    m = len(printed)
    # a table already reported for a run inside this one (SDC503's sliver there, or this
    # reading's) is left out of its derivation: the others may still give it (round 42:
    # ``(18-64) + (65+) − (18-65)``, the 66+, reported at the 18-64 tables, and ``Total −
    # (18-65)``, the under-18s and the 66+ together, from the tables that passed)
    chosen = [next((c for c in copies[(p.lo, p.hi)] if c.table not in out and
                    all(_fresh(c, lo, hi, known) for lo, hi in parts)), None)
              for p in printed]
    stale = [q for q in range(m) if chosen[q] is None]
    without = a if not stale else _without(a, stale)
    # the equations left are the same for many runs of a system: one QR each (round 43)
    basis = bases.get(tuple(stale)) if bases is not None else None
    if basis is None:
        basis = _basis(without)
        if bases is not None:
            bases[tuple(stale)] = basis
    y = _weights(without, indicator, basis)
    if y is None:
        return None
    weights = y[:m]
    value = float(weights @ b)
    if not 1e-6 < value < below:
        return None
    terms = tuple((chosen[q] or printed[q], float(round(weights[q], 9)))
                  for q in range(m) if abs(weights[q]) > 1e-9)
    if len({t[0].table for t in terms}) < 2:
        return None
    return Derived(parts[0][0], parts[-1][1], round(value, 9), terms, assumed,
                   parts if len(parts) > 1 else ())


def _without(a: Any, rows: list[int]) -> Any:
    out = a.copy()
    out[rows] = 0.0
    return out


def _in_row_space(a: Any, indicators: Any) -> Any:
    """Which rows of ``indicators`` lie in the row space of ``a`` (the audit's QR)."""
    return _members(_basis(a), indicators)


def _basis(a: Any) -> Any:
    """An orthonormal basis of the row space of ``a`` (columns; the audit's QR)."""
    from sdc.audit.rank import _qr_row_space

    return _qr_row_space(a.T)[0]


def _members(q1: Any, indicators: Any) -> Any:
    """Which rows of ``indicators`` lie in the space of the basis ``q1``."""
    import numpy as np

    if q1.shape[1] == 0:
        return np.zeros(indicators.shape[0], dtype=bool)
    rest = indicators - (indicators @ q1) @ q1.T
    return np.max(np.abs(rest), axis=1) <= 1e-8


def _weights(a: Any, indicator: Any, basis: Any = None) -> Any:
    """Weights ``y`` with ``y @ a = indicator``, few of them nonzero (``isolating_weights``
    over the equations and one unknown ``z − the run = 0``), or None (``basis``: of the row
    space of ``a``, if known)."""
    import numpy as np
    import scipy.sparse as sp

    from sdc.audit.rank import isolating_weights

    m, k = a.shape
    if not _members(_basis(a) if basis is None else basis, indicator[None, :])[0]:
        return None
    aug = np.zeros((m + 1, k + 1))
    aug[:m, :k] = a
    aug[m, :k] = -indicator
    aug[m, k] = 1.0
    return isolating_weights(sp.csr_matrix(aug), k)


def holders(items: Iterable[Printed], term: Printed, floor: float) -> list[Printed]:
    """Every printed count of ``term``'s interval with its value, one a table, ``term``
    first: a finding at each (a copy of a table passing would give the count as well)."""
    found = [term]
    tables = {term.table}
    for p in map(_clipped, items, itertools.repeat(floor)):
        if (p.lo, p.hi, p.value, p.whole) == (term.lo, term.hi, term.value, term.whole) \
                and p.table not in tables:
            tables.add(p.table)
            found.append(p)
    return found


def _clipped(p: Printed, floor: float) -> Printed:
    """A whole as every value from ``floor`` up; an open band's lower end at ``floor``."""
    lo = max(p.lo, floor)
    return p if lo == p.lo else Printed(lo, p.hi, p.value, p.table, p.place, p.label, p.whole)


def floor_of(bands: Iterable[Any]) -> float:
    """0 when every closed band is non-negative (ages, counts), as SDC503's ``_floor``."""
    return 0.0 if all(b.lo >= 0 or math.isinf(b.lo) for b in bands) else -math.inf


@dataclass
class System:
    """One context's counts (population, other labels, the banded dimension), per table."""

    dimension: str
    context: tuple[str, tuple[str, ...]]
    by_table: dict[int, list[Printed]]
    floor: float
    # the declared population (``sdc.linking.population_key``), without the context's
    # `` dates``/`` … numbers``: a ``Total`` of that population is a whole of periods too
    population: str = "{}"
    # ``gather(lazy=True)``: the cuttings whose counts are not made yet (in ``by_table``
    # only the wholes), in the order gathered, as three columns (16 bytes a cutting, where a
    # ``(table, cutting)`` pair each was 64: round 48, child48): each one's table, where it
    # is (a ``Cutting``, or a table's ``CutColumns``) and its number there (-1: a cutting)
    pending_tables: array[int] = field(default_factory=lambda: array("i"))
    pending_from: list[Any] = field(default_factory=list)
    pending_at: array[int] = field(default_factory=lambda: array("i"))

    def pend(self, t: int, source: Any, at: int = -1) -> None:
        """Cutting ``at`` of ``source`` (``source`` itself where -1), of table ``t``: its
        counts made by ``printed``."""
        self.pending_tables.append(t)
        self.pending_from.append(source)
        self.pending_at.append(at)

    def printed(self) -> dict[int, list[Printed]]:
        """Each table's counts: ``by_table``, with those of the pending cuttings made first,
        as ``gather`` makes them (made anew each call, not kept)."""
        if not self.pending_from:
            return self.by_table
        out: dict[int, list[Printed]] = {}
        for t, source, at in zip(self.pending_tables, self.pending_from, self.pending_at,
                                 strict=True):
            out.setdefault(t, []).extend(
                _printed_of(source, t) if at < 0 else _printed_at(source, at, t))
        for t, items in self.by_table.items():
            out.setdefault(t, []).extend(items)
        return out

    def tables(self) -> int:
        """How many tables print counts in it."""
        return len(set(self.pending_tables) | self.by_table.keys())


def _printed_of(cut: Any, t: int) -> list[Printed]:
    """A cutting's counts, one a band, as table ``t``'s."""
    value = cut.read.value
    return [Printed(band.lo, band.hi, value(place), t, place, band.label)
            for band, place in zip(cut.bands, cut.places, strict=True)]


def _printed_at(columns: Any, at: int, t: int) -> list[Printed]:
    """The counts of cutting ``at`` of a table's ``CutColumns``, as ``_printed_of`` makes a
    cutting's."""
    value = columns.read.value
    bands = columns.kinds[columns.kind[at]][1]
    return [Printed(band.lo, band.hi, value(place), t, place, band.label)
            for band, place in zip(bands, columns.span(at), strict=True)]


def gather(cuts: Iterable[Any], outputs: Sequence[Output], lazy: bool = False
           ) -> tuple[list[System], dict[int, TableCells]]:
    """The systems of a release: each cutting's bands (``sdc.rules.differencing.Cutting``:
    numeric bands, periods of dates, numbered units; or a table's cuttings as
    ``CutColumns``, read in their order) and every whole printed under a
    context some cutting has, with each table's reader (tables numbered by their place in
    ``outputs``).

    ``lazy``: the cuttings' counts are not made here but by ``System.printed``, a system at
    a time (the cuttings must be kept meanwhile): a hundred long tables' were 2.5 million
    ``Printed`` held at once, ~7 MiB a 1 MiB table at SDC503's peak (round 44, d503)."""
    from sdc.linking import population_key

    index = {id(o): n for n, o in enumerate(outputs)}
    reads: dict[int, TableCells] = {}
    systems: dict[tuple[Any, str], System] = {}
    floors: dict[tuple[Any, str], float] = {}  # each system's floor, of every band it has
    # each list of bands' floor, by its identity (the list held here: its id is never reused)
    floor_by_list: dict[int, tuple[float, list[Any]]] = {}
    # each system under its declared population, other labels and dimension: where a whole
    # of that population joins (periods' and numbered units' contexts end with their kind)
    by_base: dict[tuple[Any, str], list[System]] = defaultdict(list)
    for item in cuts:
        t = index.get(id(item.output))
        columns = hasattr(item, "kinds")  # a table's ``CutColumns``, else one cutting
        if t is None or (columns and not len(item)):
            continue
        reads.setdefault(t, item.read)
        base = None
        for at in range(len(item)) if columns else (-1,):
            if at < 0:
                dimension, context, bands = item.dimension, item.context, item.bands
            else:
                dimension, bands = item.kinds[item.kind[at]]
                context = item.contexts[at]
            key = (context, dimension)
            system = systems.get(key)
            if system is None:
                base = population_key(item.output) if base is None else base
                system = systems[key] = System(dimension, context, defaultdict(list), 0.0,
                                               base)
                by_base[((base, context[1]), dimension)].append(system)
            if lazy:
                system.pend(t, item, at)
            else:
                system.by_table[t].extend(_printed_of(item, t) if at < 0 else
                                          _printed_at(item, at, t))
            low = floor_by_list.get(id(bands))
            if low is None:
                low = floor_by_list[id(bands)] = (floor_of(bands), bands)
            if low[0] < 0:  # (0 unless some list's is -inf: ``floor_of`` of them all)
                floors[key] = low[0]
    if not systems:
        return [], reads
    dims = {dim for _, dim in systems}
    for t, output in enumerate(outputs):
        _add_wholes(output, t, dims, by_base, reads)
    found = []
    for key, system in systems.items():
        if system.tables() < 2:
            continue
        system.floor = floors.get(key, 0.0)
        found.append(system)
    return found, reads


class Agreement:
    """What makes tables of a release one population, pair by pair: the counts both print
    under one context and interval, across every system (round 42, bands42).

    A pair is **strong** where it agrees on two printed counts or more and differs on none
    (round 40's linking asks the same of a strong link, ``MIN_SHARED_FOR_LINK``). A pair
    that agrees on a single count (``Male`` totals of 14 in two unrelated tables of
    ``bench_scale``), or that differs anywhere (two years under one set of labels), is
    **weak**: read as one population on a coincidence. A pair that prints nothing in common
    is read by its context as bands41 decided (one banding's rows split over files share
    nothing to compare)."""

    def __init__(self, systems: Sequence[System]) -> None:
        # read when a pair is first asked for (most releases of long tables derive nothing:
        # a dict of every printed count was ~7 MiB a 1 MiB long table; round 44, d503)
        self._systems = systems
        self._read: dict[int, dict[tuple[int, float, float, bool], float]] | None = None

    @property
    def _prints(self) -> dict[int, dict[tuple[int, float, float, bool], float]]:
        if self._read is None:
            self._read = defaultdict(dict)
            for n, system in enumerate(self._systems):
                for t, items in system.printed().items():
                    own = self._read[t]
                    for p in items:
                        if p.value is not None:
                            own[(n, p.lo, p.hi, p.whole)] = p.value
        return self._read

    def pair(self, a: int, b: int) -> tuple[int, int]:
        """``(agreeing, differing)`` counts of tables ``a`` and ``b``."""
        prints = self._prints
        first, second = sorted((prints.get(a, {}), prints.get(b, {})), key=len)
        agree = differ = 0
        for key, value in first.items():
            other = second.get(key)
            if other is not None:
                if other == value:
                    agree += 1
                else:
                    differ += 1
        return agree, differ

    def weak(self, tables: Iterable[int]) -> bool:
        """Whether two of ``tables`` print counts in common yet are one population only
        through a weak pair: no chain of strong pairs among ``tables`` joins them."""
        ordered = sorted(set(tables))
        parent = {t: t for t in ordered}

        def root(t: int) -> int:
            while parent[t] != t:
                t = parent[t]
            return t

        weak: list[tuple[int, int]] = []
        for a, b in itertools.combinations(ordered, 2):
            agree, differ = self.pair(a, b)
            if agree >= 2 and not differ:
                parent[root(a)] = root(b)
            elif agree or differ:
                weak.append((a, b))
        return any(root(a) != root(b) for a, b in weak)


def declared(system: System) -> bool:
    """Whether the system's tables declare their population (``request.toml``): one
    population by the researcher's word, not by a coincidence of numbers
    (``sdc.linking.population_key``'s JSON: ``{}`` where none is declared)."""
    return system.population != "{}"


def _add_wholes(output: Output, t: int, dims: set[str],
                systems: Mapping[tuple[Any, str], list[System]],
                reads: dict[int, TableCells]) -> None:
    """The output's counts that are margins along a banded dimension (``Total``), each under
    its context, where a cutting has that context (of bands, periods or numbered units)."""
    from sdc.linking import population_key
    from sdc.table import Role

    table = output.table
    if table is None or not dims & set(table.dimensions):
        return
    read = reads.get(t) or TableCells(output)
    counted = read.places_of((Role.COUNT,))
    pop = population_key(output)
    for dim in dims & set(table.dimensions):
        for place, label in zip(counted, read.labels_along(counted, dim, None), strict=True):
            if label is None:
                continue
            margins = read.margins(place)
            if dim not in margins:
                continue
            others = tuple(sorted({other for d, other in read.pairs(place)
                                   if other and d != dim and d not in margins}))
            for system in systems.get(((pop, others), dim), ()):
                reads.setdefault(t, read)
                system.by_table[t].append(Printed(-math.inf, math.inf, read.value(place), t,
                                                  place, str(label).strip(), True))


_SPLIT_YEAR = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")  # ``2015/16``: April to March?
_YEAR = re.compile(r"\d{4}")
_YEARS = range(1800, 2201)


def _split_year(label: str) -> int | None:
    """The first year of ``2015/16`` or ``2015/2016`` (a financial, academic or tax year:
    which months is not written), else None."""
    m = _SPLIT_YEAR.fullmatch(label)
    if m is None:
        return None
    first, second = int(m[1]), int(m[2])
    if second < 100:
        second += first // 100 * 100
    return first if first in _YEARS and second == first + 1 else None


def _year_like(label: str) -> bool:
    """Whether a label (stripped) is read by :func:`years_apart`: ``2015/16`` or a bare year."""
    return _split_year(label) is not None or (
        _YEAR.fullmatch(label) is not None and int(label) in _YEARS)


def years_apart(outputs: Sequence[Output], reads: Mapping[int, TableCells] | None = None
                ) -> dict[int, str]:
    """Tables (by their place in ``outputs``) of one declared population printing counts by
    a year written as ``2015/16`` under a dimension where a table (that one or another)
    prints counts by a bare year it overlaps (``2015``, ``2016``). Neither is read as a band
    (``2015/16`` names no months; a year alone is a category): how they overlap is not
    known, so what they give together is not read. Each such table is ``review``, "not read
    together", never a silent ``pass`` (round 43, bands43).

    ``reads``: readers of some tables already made (``gather``'s, by place): a table's form
    is not made again for this (round 44, d503: a fifth form of each long table in SDC503's
    process). A dimension none of whose form's labels is such a year is not scanned (the
    labels of its counts are some of them)."""
    from sdc.linking import population_key
    from sdc.table import Role

    reads = reads or {}
    split: dict[tuple[str, str], dict[int, tuple[set[int], str]]] = defaultdict(dict)
    bare: dict[tuple[str, str], dict[int, set[int]]] = defaultdict(dict)
    for t, output in enumerate(outputs):
        table = output.table
        if table is None:
            continue
        read = reads.get(t)
        if read is None:
            read = TableCells(output)
        form = read.form
        counted: list[int] | None = None
        pop: str | None = None
        for dim in table.dimensions:
            if form is not None:
                n = form.names.index(dim) if dim in form.names else None
                if n is None or not any(_year_like(str(x).strip()) for x in form.labels[n]):
                    continue  # no count's label at ``dim`` is a year of either kind
            if counted is None:
                counted = read.places_of((Role.COUNT,))
            if not counted:
                break
            labels = {str(x).strip() for x in set(read.labels_along(counted, dim, None))
                      if x is not None}
            firsts = {label: y for label in labels if (y := _split_year(label)) is not None}
            years = {int(label) for label in labels
                     if _YEAR.fullmatch(label) and int(label) in _YEARS}
            if not firsts and not years:
                continue
            pop = population_key(output) if pop is None else pop
            if firsts:
                split[(pop, dim)][t] = ({y + d for y in firsts.values() for d in (0, 1)},
                                        min(firsts, key=firsts.__getitem__))
            if years:
                bare[(pop, dim)][t] = years
    out: dict[int, str] = {}
    for key, by_table in split.items():
        others = bare.get(key, {})
        for t, (covered, example) in sorted(by_table.items()):
            for u, years in sorted(others.items()):
                if covered & years:
                    reason = (f"a year written {example} beside the year "
                              f"{min(covered & years)} under {key[1]}: how they overlap "
                              f"is not known")
                    out.setdefault(t, reason)
                    out.setdefault(u, reason)
    return out
