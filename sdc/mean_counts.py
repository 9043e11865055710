"""Counts that a table's means give back (the ESSnet *Handbook on SDC*, ch. 5, "publication of
mean values").

A margin's mean is its cells' means weighted by their counts: ``sum(n_i * m_i) = N * M`` with
``N = sum(n_i)``. When the counts are protected by a method that leaves them uncertain
(rounding to a base, or suppression) but the means are printed exactly, that relation is one
more equation on the counts, and it often leaves only one combination: the handbook's cells of
8 and 12 people, published as 10 and 10 beside their exact mean ages, are 8 and 12 again.

This module works the relation out on one line of a table (cells along one dimension with
their margin): every count is known to an interval (published: its value, or its rounding's
interval under the policy's base; hidden: at least 1, since a mean is printed for it), every
mean to half a unit of its last printed digit. The combinations of whole counts that satisfy
every mean's relation are enumerated (two counts of a line may be left to the relations
themselves, so a hidden cell costs nothing to enumerate); a line whose combinations would be
too many to enumerate is left alone (never a pass: the means without evidence are SDC203's
review). A cell whose counts in every combination lie between 1 and the threshold is a small
count the table gives away (SDC101 reports it). The reading is sound for what it claims: the
intervals are wider than the truth, so every true combination is among those found; a mean
over fewer units than the count beside it (missing values) breaks the relation and is a
finding a person clears, never a pass.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sdc.printed_precision import half_unit_or
from sdc.readers.roles import words
from sdc.table import DataCell, Role, Table
from sdc.tolerance import FLOAT_SLACK, float_slack

if TYPE_CHECKING:
    from sdc.policy import Policy
    from sdc.rules.base import SharedParams

_MEAN_WORDS = {"mean", "average", "avg"}
_NOT_A_MEAN = {"sd", "std", "stdev", "stddev", "deviation", "se", "sem", "error", "median",
               "geometric", "weighted", "trimmed", "harmonic", "ci", "lower", "upper", "lcl",
               "ucl", "change", "difference", "diff"}
# combinations tried per line, beyond which the line is left alone (its means stay SDC203's)
MAX_COMBINATIONS = 50_000
# whole numbers a count solved from the means' relation may take (a wider interval: left alone)
_MAX_SOLVED_SPAN = 100_000


@dataclass(frozen=True)
class Bound:
    """What the file says of one count: ``lo <= n <= hi`` (``hi`` may be ``inf``)."""

    lo: int
    hi: float


@dataclass(frozen=True)
class MeanLine:
    """One line's counts and, per variable, each member's and the margin's printed mean with
    half a unit of its last digit: ``means[v] = ([(m_1, h_1), ...], (M, h_M))``."""

    members: tuple[Bound, ...]
    total: Bound
    means: tuple[tuple[tuple[tuple[float, float], ...], tuple[float, float]], ...]


@dataclass(frozen=True)
class RecoveredCount:
    """A count the means pin between ``low`` and ``high`` (equal: given back exactly), at the
    count's cell, with its explanation with and without values."""

    cell: DataCell
    low: int
    high: int
    how: str
    public: str


def solutions(line: MeanLine) -> tuple[list[set[int]], set[int]] | None:
    """Each member's and the margin's counts over every combination the line allows (empty
    sets: none does, the line contradicts itself), or None when they are too many to
    enumerate (or a count is left unbounded)."""
    k = len(line.members)
    bounds = [Bound(b.lo, b.hi) for b in line.members]
    total = line.total
    if math.isfinite(total.hi):  # no member exceeds the margin less the others' least
        floor = sum(b.lo for b in bounds)
        bounds = [Bound(b.lo, min(b.hi, total.hi - (floor - b.lo))) for b in bounds]
    width = [b.hi - b.lo + 1 for b in bounds]
    if math.isfinite(total.hi):  # the widest two follow from the margin and the relations
        solved = sorted(range(k), key=lambda i: -width[i])[:2]
    else:  # the margin follows from its members; one hidden member from the relations
        solved = [i for i in range(k) if not math.isfinite(bounds[i].hi)]
        if len(solved) > 1:
            return None
    rest = [i for i in range(k) if i not in solved]
    work = math.prod(width[i] for i in rest) * (
        int(total.hi - total.lo + 1) if math.isfinite(total.hi) else 1)
    if work > MAX_COMBINATIONS or any(not math.isfinite(bounds[i].hi) for i in rest):
        return None
    found: list[set[int]] = [set() for _ in range(k)]
    totals: set[int] = set()
    values = [0] * k
    budget = [MAX_COMBINATIONS]  # candidates checked, across the line
    try:
        for combo in itertools.product(*(range(bounds[i].lo, int(bounds[i].hi) + 1)
                                         for i in rest)):
            for i, v in zip(rest, combo, strict=True):
                values[i] = v
            fixed = sum(combo)
            for n_total in _totals(total, fixed, solved, bounds):
                for solution in _complete(line, bounds, values, solved, n_total, fixed,
                                          budget):
                    for i, v in enumerate(solution):
                        found[i].add(v)
                    totals.add(sum(solution))
    except _Unbounded:
        return None
    return found, totals


class _Unbounded(Exception):
    """A solved count the relations leave unbounded (or too wide to enumerate): the line
    tells nothing certain, and no combination may be left out."""


def _totals(total: Bound, fixed: int, solved: Sequence[int], bounds: Sequence[Bound]
            ) -> Iterator[int | None]:
    """The margin's counts to try: each of its interval (None: it follows from the members)."""
    if not math.isfinite(total.hi):
        yield None
        return
    least = fixed + sum(bounds[i].lo for i in solved)
    yield from range(max(total.lo, least), int(total.hi) + 1)


def _complete(line: MeanLine, bounds: Sequence[Bound], values: list[int],
              solved: Sequence[int], n_total: int | None, fixed: int, budget: list[int]
              ) -> Iterator[list[int]]:
    """The combinations that give the ``solved`` members counts and satisfy every relation,
    the other members' counts set in ``values`` (summing to ``fixed``); ``budget`` counts
    down the candidates checked (:class:`_Unbounded` when it runs out)."""
    if not solved:
        if (n_total is None or n_total == fixed) and _holds(line, values, fixed):
            yield list(values)
        return
    free = solved[0]
    if n_total is not None and len(solved) == 1:
        candidates: Iterator[int] | range = iter((n_total - fixed,))
    else:
        span = _interval(line, bounds, values, solved, n_total, fixed)
        candidates = range(span[0], span[1] + 1)
        budget[0] -= len(candidates)
        if budget[0] < 0:
            raise _Unbounded
    for v in candidates:
        if not bounds[free].lo <= v <= bounds[free].hi:
            continue
        filled = list(values)
        filled[free] = v
        if len(solved) == 2:
            assert n_total is not None
            other = n_total - fixed - v
            if not bounds[solved[1]].lo <= other <= bounds[solved[1]].hi:
                continue
            filled[solved[1]] = other
        count = sum(filled) if n_total is None else n_total
        if sum(filled) == count and _holds(line, filled, count):
            yield filled


def _interval(line: MeanLine, bounds: Sequence[Bound], values: list[int],
              solved: Sequence[int], n_total: int | None, fixed: int) -> tuple[int, int]:
    """The whole numbers the first solved member may take by every relation and its bounds
    (the second solved member, if any, being the margin's rest): a superset, each candidate is
    checked by :func:`_holds`. Raises :class:`_Unbounded` when that is unbounded or too wide."""
    free = solved[0]
    low, high = float(bounds[free].lo), bounds[free].hi
    for member_means, (big_m, big_h) in line.means:
        # |a n + b| <= c n + e, n the free member's count
        a = b = c = 0.0
        e = 0.0
        for i, (m, h) in enumerate(member_means):
            if i == free:
                a += m - big_m
                c += h + big_h
            elif len(solved) == 2 and i == solved[1]:
                assert n_total is not None
                rest = n_total - fixed  # the other solved member is rest - n
                a -= m - big_m
                b += rest * (m - big_m)
                c -= h + big_h
                e += rest * (h + big_h)
            else:
                b += values[i] * (m - big_m)
                e += values[i] * (h + big_h)
        for coef, rhs in ((a - c, e - b), (-a - c, e + b)):
            if coef > 0:
                high = min(high, rhs / coef)
            elif coef < 0:
                low = max(low, rhs / coef)
    if len(solved) == 2 and n_total is not None:
        high = min(high, n_total - fixed - bounds[solved[1]].lo)
    if not math.isfinite(high):
        raise _Unbounded
    # rounding of the division: a unit either side (every candidate is checked exactly)
    lo, hi = math.ceil(low) - 1, math.floor(high) + 1
    if hi - lo > _MAX_SOLVED_SPAN:
        raise _Unbounded
    return lo, hi


def _holds(line: MeanLine, counts: Sequence[int], n_total: int) -> bool:
    """Every variable's margin mean is its members' means weighted by ``counts``, within the
    printing of the means."""
    for member_means, (big_m, big_h) in line.means:
        gap = sum(n * m for n, (m, _h) in zip(counts, member_means, strict=True)) - n_total * big_m
        slack = sum(n * h for n, (_m, h) in zip(counts, member_means, strict=True)) \
            + n_total * big_h + float_slack(n_total * big_m)
        if abs(gap) > slack:
            return False
    return True


# --- a table's lines ---------------------------------------------------------------------------

def count_doubt(shared: SharedParams) -> tuple[int, int | None, int]:
    """What the policy says of a printed count: the threshold, the rounding base and how far
    a multiple of the base may be from the truth (``linking.rounding_slack``)."""
    from sdc.linking import rounding_slack  # the audit's module: loaded by the rules anyway

    base = shared.rounding_base
    return (shared.threshold, base,
            rounding_slack(base, shared.rounding_scheme) if base else 0)


def mean_counts(table: Table, threshold: int, base: int | None, slack: int, moved: int = 0
                ) -> list[RecoveredCount]:
    """The small counts ``table``'s means give back: counts (hidden, rounded to ``base``
    within ``slack`` of the truth, or perturbed by up to ``moved``) beside the means of one
    variable on every cell of a line and its margin. Only counts the table does not print
    exactly are looked at; each is reported when every combination puts it between 1 and
    ``threshold - 1``."""
    read = _read_table(table, threshold, base, slack, moved)
    if read is None:
        return []
    lines, printed, known, along = read
    found: list[RecoveredCount] = []
    seen: set[int] = set()
    for cells, shared in lines:
        for cell in cells:
            bound, now = printed[id(cell)], known[id(cell)]
            if id(cell) in seen or bound.lo == bound.hi or not math.isfinite(now.hi):
                continue
            low, high = now.lo, int(now.hi)
            if not 1 <= low <= high < threshold:
                continue
            seen.add(id(cell))
            found.append(_recovered(
                cell, low, high, f"the means{_of(shared)} printed beside the counts are their "
                "margins' means only with that count",
                public="the means printed beside the counts give the count back"))
    if any(known[k] != printed[k] for k in printed):
        found += _through_margins(along, printed, known, seen, threshold, base, slack, moved)
    return found


TableRead = tuple[list[tuple[list[DataCell], list[str]]], dict[Hashable, "Bound"],
                  dict[Hashable, "Bound"], list[tuple[list[DataCell], DataCell]]]


def _read_table(table: Table, threshold: int, base: int | None, slack: int, moved: int
                ) -> TableRead | None:
    """``table``'s lines of counts with a printed mean at every cell (and the variables), what
    the file says of each of their counts (``printed``), the counts once the means are read
    (``known``, :func:`_narrowed`) and the table's count lines (members and margin). None:
    no count the means could narrow."""
    if not base and not moved and not any(
            c.value is None for c in table.cells if c.measure.role is Role.COUNT):
        return None  # every count printed as it is: nothing for the means to give back
    means = _means_by_place(table)
    if not means:
        return None
    lines: list[tuple[list[DataCell], list[str]]] = []
    printed: dict[Hashable, Bound] = {}  # what the file says of each count of a line
    along = [(inner, total) for _dim, inner, total in table.lines(Role.COUNT, min_members=2)
             if total is not None]
    along += _level_lines(table)
    for inner, total in along:
        cells = [*inner, total]
        shared = _shared_variables(cells, means)
        if not shared:
            continue
        bounds = [_bound(c, base, slack, moved) for c in cells]
        if any(b is None for b in bounds) or all(b.lo == b.hi for b in bounds if b):
            continue
        lines.append((cells, shared))
        printed.update((id(c), b) for c, b in zip(cells, bounds, strict=True) if b)
    if not lines:
        return None
    keyed: Lines = [([id(c) for c in cells], tuple(
        (tuple(means[_place(c)][v] for c in cells[:-1]), means[_place(cells[-1])][v])
        for v in shared)) for cells, shared in lines]
    return lines, printed, _narrowed(keyed, printed, threshold), along


_MARGIN_ROUNDS = 8  # additivity read over every line at most this many times


def _through_margins(lines: list[tuple[list[DataCell], DataCell]],
                     printed: Mapping[Hashable, Bound], known: Mapping[Hashable, Bound],
                     seen: set[int], threshold: int,
                     base: int | None, slack: int, moved: int) -> list[RecoveredCount]:
    """What the counts the means give back (``known``, even those at or above the threshold,
    which are no small counts themselves) give away through the table's margins: a line's
    members add up to its margin, so a hidden count beside others now known is the margin
    less them (a secondary suppression the means undo no longer protects its primary). Each
    count not printed exactly that the margins put between 1 and the threshold with the
    means' counts, and not without them (that reading is the audit's, SDC501), is reported.
    A count with no mean beside it is at least 0; lines whose bounds contradict each other
    stop the reading (nothing is claimed)."""
    def start(with_means: bool) -> dict[Hashable, Bound]:
        held: dict[Hashable, Bound] = {}
        for inner, total in lines:
            for cell in [*inner, total]:
                got = (known if with_means else printed).get(id(cell)) or _plain_bound(
                    cell, base, slack, moved)
                if got is None:
                    return {}
                held[id(cell)] = got
        return held

    without, with_means = _added_up(lines, start(False)), _added_up(lines, start(True))
    if not without or not with_means:
        return []
    found = []
    for inner, total in lines:
        for cell in [*inner, total]:
            now, before = with_means[id(cell)], without[id(cell)]
            plain = _plain_bound(cell, base, slack, moved)
            if id(cell) in seen or not math.isfinite(now.hi) or plain is None \
                    or plain.lo == plain.hi:
                continue  # printed exactly: SDC101 judges it as printed
            low, high = now.lo, int(now.hi)
            if not 1 <= low <= high < threshold or (
                    math.isfinite(before.hi) and 1 <= before.lo <= before.hi < threshold):
                continue
            seen.add(id(cell))
            found.append(_recovered(
                cell, low, high, "the means printed beside the counts give back the other "
                "counts of its line, and the margin leaves that count",
                public="the counts the means give back leave this count through the margin"))
    return found


def _recovered(cell: DataCell, low: int, high: int, why: str, public: str) -> RecoveredCount:
    """A count found between ``low`` and ``high``, said as what was printed in its place."""
    shown = (f"count published as {cell.value:g}" if cell.value is not None else
             "hidden count" if cell.suppressed else "count left blank")
    return RecoveredCount(cell=cell, low=low, high=high,
                          how=f"the {shown} is {_given(low, high)}: {why}", public=public)


def _given(low: int, high: int) -> str:
    return f"{low}" if low == high else f"between {low} and {high}"


def _added_up(lines: list[tuple[list[DataCell], DataCell]], bounds: dict[Hashable, Bound]
              ) -> dict[Hashable, Bound]:
    """``bounds`` narrowed by additivity (each line's members add up to its margin), a few
    rounds over every line; empty when some line's bounds contradict each other."""
    if not bounds:
        return {}
    for _round in range(_MARGIN_ROUNDS):
        changed = False
        for inner, total in lines:
            got = [bounds[id(c)] for c in inner]
            lo_sum = sum(b.lo for b in got)
            finite = sum(b.hi for b in got if math.isfinite(b.hi))
            open_ended = sum(1 for b in got if not math.isfinite(b.hi))
            margin = bounds[id(total)]
            t = Bound(max(margin.lo, lo_sum),
                      min(margin.hi, finite if not open_ended else math.inf))
            narrowed = [t]
            for b in got:
                # the other members' largest: finite only when none of them is open-ended
                others = open_ended - (0 if math.isfinite(b.hi) else 1)
                others_hi = (finite - (b.hi if math.isfinite(b.hi) else 0)) if not others \
                    else math.inf
                lo = max(b.lo, t.lo - others_hi) if math.isfinite(others_hi) else b.lo
                narrowed.append(Bound(int(lo), min(b.hi, t.hi - (lo_sum - b.lo))))
            for cell, new in zip([total, *inner], narrowed, strict=True):
                if new.lo > new.hi:
                    return {}
                if new != bounds[id(cell)]:
                    bounds[id(cell)] = new
                    changed = True
        if not changed:
            break
    return bounds


def _plain_bound(cell: DataCell, base: int | None, slack: int, moved: int) -> Bound | None:
    """What the file says of a count with no mean beside it: hidden or blank, any count (0
    too); printed, its value within its rounding's (and perturbation's) doubt, at least 0.
    None: no whole count."""
    value = cell.value
    if value is None:
        return Bound(0, math.inf)
    if value < 0 or not float(value).is_integer():
        return None
    n = int(value)
    doubt = moved + (slack if base and n % base == 0 else 0)
    return Bound(max(n - doubt, 0), n + doubt)


_SOLVES_PER_LINE = 4  # a table's lines are read at most this many times each, on average
# the joint reading's work per table: combinations its line readings may try (each reading
# weighs the combinations it may try, ``_weight``), over every branch of every group
_JOINT_WORK = 5_000
_JOINT_DEPTH = 200  # counts tried one within another (recursion), beyond which it gives up

# a line of counts, each named by a key (a cell's ``id``, or a population's labels where no
# output prints its count), members then margin, with each variable's printed means (as
# ``MeanLine.means``)
OneMean = tuple[tuple[tuple[float, float], ...], tuple[float, float]]
LineMeans = tuple[OneMean, ...]
Lines = list[tuple[list[Hashable], LineMeans]]


def _narrowed(lines: Lines, printed: dict[Hashable, Bound], threshold: int
              ) -> dict[Hashable, Bound]:
    """Each count's bounds once every line has been read with what the others found
    (:func:`_propagated`), then once the lines that share counts have been read as one
    system (:func:`_joint`): a two-way table's rows and columns together may single out a
    count that each line alone leaves open. Only groups with a count still open that may be
    below ``threshold`` are read so (no other reading changes what is reported)."""
    known, readable = _propagated(lines, dict(printed), range(len(lines)),
                                  [_SOLVES_PER_LINE * len(lines)], strict=False)
    assert known is not None  # not strict: never a contradiction
    work = [_JOINT_WORK]
    for group in _linked(lines, readable):
        if not any(known[k].lo < min(threshold, known[k].hi)
                   for i in group for k in lines[i][0]):
            continue
        joint = _joint(lines, known, group, work)
        if joint is not None:
            known.update(joint)
    return known


def _propagated(lines: Lines, known: dict[Hashable, Bound], start: Iterable[int],
                budget: list[int], strict: bool
                ) -> tuple[dict[Hashable, Bound] | None, set[int]]:
    """``known`` narrowed by reading the lines ``start`` and, again, every line through a
    count that narrowed: a line's combinations narrow its counts to the least and largest
    they take (a worklist, ``budget[0]`` counts the readings down). Sound: the true counts
    are in every line's combinations, so each narrowing keeps them. A line that cannot be
    read narrows nothing; one that contradicts itself narrows nothing (``strict`` false: the file's
    relation does not hold there, the line says nothing) or makes the whole reading None
    (``strict``: a branch of :func:`_joint` no true table takes). Also the lines read."""
    through: dict[Hashable, list[int]] = defaultdict(list)
    for i, (keys, _means) in enumerate(lines):
        for key in keys:
            through[key].append(i)
    waiting = list(start)
    queued = set(waiting)
    readable: set[int] = set()
    while waiting and budget[0] > 0:
        i = waiting.pop(0)
        queued.discard(i)
        keys, line_means = lines[i]
        line = MeanLine(members=tuple(known[k] for k in keys[:-1]), total=known[keys[-1]],
                        means=line_means)
        budget[0] -= _weight(line) if strict else 1
        answer = solutions(line)
        if answer is None:
            continue
        if not answer[1]:
            if strict:
                return None, readable
            continue
        readable.add(i)
        for key, got in zip(keys, [*answer[0], answer[1]], strict=True):
            old = known[key]
            new = Bound(max(old.lo, min(got)), min(old.hi, max(got)))
            if new == old or new.lo > new.hi:
                continue
            known[key] = new
            for j in through[key]:
                if j != i and j not in queued:
                    waiting.append(j)
                    queued.add(j)
    return known, readable


def _linked(lines: Lines, readable: set[int]) -> list[list[int]]:
    """The groups of two or more readable lines that share counts (directly or through
    others): a row and a column of a two-way table. A line alone is read whole already."""
    parent = list(range(len(lines)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Hashable, int] = {}
    for i in sorted(readable):
        for key in lines[i][0]:
            j = first.setdefault(key, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(readable):
        groups[root(i)].append(i)
    return [group for group in groups.values() if len(group) > 1]


def _weight(line: MeanLine) -> int:
    """About how many combinations :func:`solutions` may try on ``line`` (at most
    ``MAX_COMBINATIONS``; 1 when it will not enumerate): the members' widths but the two
    widest, times the margin's."""
    widths = sorted((b.hi - b.lo + 1 for b in line.members), reverse=True)
    if math.isfinite(line.total.hi):  # two members solved, the margin's interval tried
        rest, times = widths[2:], int(line.total.hi - line.total.lo + 1)
    else:  # one open-ended member solved, the others tried
        rest, times = widths[1:], 1
    if not all(math.isfinite(w) for w in rest):
        return 1  # left unread
    return max(1, min(math.prod(int(w) for w in rest) * times, MAX_COMBINATIONS))


def _joint(lines: Lines, known: dict[Hashable, Bound], group: list[int],
           budget: list[int]) -> dict[Hashable, Bound] | None:
    """The counts of ``group``'s lines read as one system: each uncertain count (a finite
    interval) is tried at each of its values in turn, the lines read again with it
    (:func:`_propagated`, strict), deeper until every count of the group is one value or
    open-ended; a branch where a line has no combination holds no true table. Each count's
    bounds are the least and largest over the branches left (the true table's branch among
    them: sound). None when the system leaves no branch (the relations do not hold: the
    lines one by one say what they say) or the work runs past ``budget[0]`` (shared by the
    table's groups, counted down)."""
    keys = list(dict.fromkeys(k for i in group for k in lines[i][0]))
    through: dict[Hashable, list[int]] = defaultdict(list)
    for i, (line_keys, _means) in enumerate(lines):
        for key in line_keys:
            through[key].append(i)
    hull: dict[Hashable, Bound] = {}

    def branch(state: dict[Hashable, Bound], depth: int) -> bool:
        open_ = [k for k in keys if state[k].lo < state[k].hi and math.isfinite(state[k].hi)]
        if depth > _JOINT_DEPTH:
            return False
        if not open_:
            for k in keys:
                b, h = state[k], hull.get(k)
                hull[k] = b if h is None else Bound(min(b.lo, h.lo), max(b.hi, h.hi))
            return True
        pick = min(open_, key=lambda k: state[k].hi - state[k].lo)
        bound = state[pick]
        for v in range(bound.lo, int(bound.hi) + 1):
            if budget[0] <= 0:
                return False
            tried = dict(state)
            tried[pick] = Bound(v, v)
            narrowed, _read = _propagated(lines, tried, through[pick], budget, strict=True)
            if budget[0] <= 0:  # the reading may have stopped short: the branch is not done
                return False
            if narrowed is not None and not branch(narrowed, depth + 1):
                return False
        return True

    if not branch(dict(known), 0) or not hull:
        return None
    return hull


def _level_lines(table: Table) -> list[tuple[list[DataCell], DataCell]]:
    """Lines across a count's column levels: ``pivot_table(columns=sex, aggfunc=["count",
    "mean"], margins=True)`` writes ``count / F``, ``count / M`` and ``count / All`` as three
    measures on each row (no dimension of the table runs across them). Where one level of a
    count's name reads as a total and two or more do not, each row's cells of the others are
    the members of a line and its cell of the total their margin (used only to solve: a
    level that is no total leaves no combination, and nothing is read)."""
    from sdc.linking import looks_like_total  # the audit's module: loaded by the rules anyway

    by_head: dict[str, list[tuple[Any, bool]]] = defaultdict(list)
    for m in table.measures:
        head, sep, rest = m.name.partition(" / ")
        if m.role is Role.COUNT and sep and " / " not in rest:
            by_head[head].append((m, looks_like_total(rest)))
    groups = []
    for named in by_head.values():
        totals = [m for m, total in named if total]
        if len(totals) == 1 and len(named) >= 3:
            groups.append(([id(m) for m, total in named if not total], id(totals[0])))
    if not groups:
        return []
    at: dict[tuple, dict[int, DataCell]] = defaultdict(dict)
    for cell in table.cells:
        at[tuple(sorted(cell.coords.items()))][id(cell.measure)] = cell
    lines = []
    for members, total in groups:
        for row in at.values():
            if total in row and all(m in row for m in members):
                lines.append(([row[m] for m in members], row[total]))
    return lines


def _of(variables: list[str]) -> str:
    """`` of age, bmi`` for the variables that have a name (a bare ``mean``: none)."""
    named = [v for v in variables if v]
    return f" of {', '.join(named)}" if named else ""


def _place(cell: DataCell) -> tuple:
    """Where a cell sits: its coordinates and the column levels of its measure's name (``n /
    F`` and ``mean / F`` share ``f``)."""
    _head, sep, rest = cell.measure.name.partition(" / ")
    return (tuple(sorted(cell.coords.items())), rest.strip().casefold() if sep else "")


def _variable(name: str) -> str | None:
    """The variable a mean measure is of (``mean_age`` -> ``age``; ``mean`` -> ``""``), or
    None when the name does not say an arithmetic mean."""
    head = name.partition(" / ")[0]
    named = set(words(head))
    if not named & _MEAN_WORDS or named & _NOT_A_MEAN:
        return None
    return " ".join(w for w in words(head) if w not in _MEAN_WORDS)


def _means_by_place(table: Table) -> dict[tuple, dict[str, tuple[float, float]]]:
    """Each place's printed means by variable, with half a unit of their last digit (a mean in
    exponent notation, a hidden one or one of two of a variable at a place is left out)."""
    by_place: dict[tuple, dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list))
    variables = {id(m): _variable(m.name) for m in table.measures
                 if m.role is not Role.COUNT}
    if not any(v is not None for v in variables.values()):
        return {}
    for cell in table.cells:
        variable = variables.get(id(cell.measure))
        if variable is None or cell.value is None or cell.suppressed \
                or not math.isfinite(cell.value):
            continue
        half = half_unit_or(cell.source.raw, math.inf)
        if not math.isfinite(half):
            continue
        by_place[_place(cell)][variable].append((float(cell.value), half))
    return {place: {v: got[0] for v, got in named.items() if len(got) == 1}
            for place, named in by_place.items()}


def _shared_variables(cells: list[DataCell], means: dict[tuple, dict[str, tuple[float, float]]]
                      ) -> list[str]:
    """The variables with a printed mean at every cell of the line."""
    common: set[str] | None = None
    for cell in cells:
        here = set(means.get(_place(cell), {}))
        common = here if common is None else common & here
        if not common:
            return []
    return sorted(common or ())


def _bound(cell: DataCell, base: int | None, slack: int, moved: int = 0) -> Bound | None:
    """What the file says of a count beside a printed mean (so at least 1): its value, the
    interval of its rounding when the policy rounds to ``base`` and it is a multiple of it,
    widened by ``moved`` either way (a perturbation), at least 1 when hidden or blank. None:
    a count that is no whole number (no such count)."""
    value = cell.value
    if value is None:  # hidden or left blank: unknown, at least 1 beside a printed mean
        return Bound(1, math.inf)
    if value < 0 or not float(value).is_integer():
        return None
    n = int(value)
    doubt = moved + (slack if base and n % base == 0 else 0)
    bound = Bound(max(n - doubt, 1), n + doubt)
    return bound if bound.lo <= bound.hi else None


# --- counts in one output, means in another --------------------------------------------------

_RELEASE_KEY = "_sdc_release_mean_counts"  # a table's counts given back by another's means


def release_mean_counts(table: Table) -> list[RecoveredCount]:
    """The counts of ``table`` (or at its means) that :func:`use_release_means` found."""
    found: list[RecoveredCount] = table.__dict__.get(_RELEASE_KEY, [])
    return found


def use_release_means(tables: list[tuple[str, Table]], policy: Policy) -> None:
    """Means in one output beside the counts of the same groups in another (``mean_age`` by
    group here, ``n`` by group there, both with their margin): the counts the means give back
    (as :func:`mean_counts` reads one table, under ``policy``'s threshold, rounding and
    perturbation) are kept on the table that holds each count's cell, or on the means' table
    at the mean's cell when no output prints that count. A count is matched to a mean by the
    labels of its population (:func:`_population`); a group whose count two outputs print
    differently is left unmatched (at least 1, as an unprinted count). Every line of means of
    the release is read with the others (:func:`_narrowed`: a two-way table of means read as
    one system, its counts in another output). The counts the means give back exactly
    (whatever their size) or below the threshold are also kept for the audit
    (:func:`audit_bounds`): a count given back in one table bounds the tables linked to it.
    Runs once per release, before the rules; only adds findings."""
    threshold, base, slack = count_doubt(policy.shared)
    # small-count's perturbation: how far any count may be (the cell key method's change)
    moved = int(getattr(policy.params("small-count"), "perturbation", 0))
    # each table's counts its own means narrow (any size), for the audit
    own: dict[int, tuple[Any, dict[int, tuple[DataCell, Bound]]]] = {}
    for _path, table in tables:
        read = _read_table(table.table if isinstance(table, HeldCells) else table,
                           threshold, base, slack, moved)
        if read is not None:
            lines, printed, known, _along = read
            own[id(table)] = (table, {id(c): (c, known[id(c)]) for cells, _v in lines
                                      for c in cells if known[id(c)] != printed[id(c)]})
    with_means = [(path, table, means) for path, table in tables
                  for means in [_means_by_place(table)] if means]
    gave: dict[int, tuple[Any, dict[Hashable, Bound]]] = {}
    if with_means:
        gave = _read_across(tables, with_means, threshold, base, slack, moved)
    for owner, known in gave.values():
        _release_margins(owner, known, threshold, base, slack, moved)
    for key, (owner, known) in gave.items():
        cells = own.setdefault(key, (owner, {}))[1]
        by_id = {id(c): c for c in owner.cells}
        for k, bound in known.items():
            assert isinstance(k, int)
            old = cells.get(k)
            cells[k] = (by_id[k], bound if old is None else Bound(
                max(old[1].lo, bound.lo), min(old[1].hi, bound.hi)))
    for owner, cells in own.values():
        _keep_for_audit(owner, cells, threshold, base, slack, moved)


def _read_across(tables: list[tuple[str, Table]],
                 with_means: list[tuple[str, Table, dict[tuple, dict[str, tuple[float, float]]]]],
                 threshold: int, base: int | None, slack: int, moved: int
                 ) -> dict[int, tuple[Any, dict[Hashable, Bound]]]:
    """:func:`use_release_means`' reading of the means against the counts other outputs
    print: the small counts kept on their tables (``_RELEASE_KEY``), and the counts given
    back (any size: their bounds) by the table that prints them."""
    index: dict[tuple, list[tuple[str, Table, DataCell]]] = defaultdict(list)
    for path, table in tables:
        for cell in table.cells:
            if cell.measure.role is Role.COUNT:
                index[_population(cell)].append((path, table, cell))
    sums = _sums_by_key(tables)
    # every line of means whose counts another output prints, keyed by its counts (a cell's
    # id, or the means' output and its population's labels where no output prints it: its
    # row and column share it); lines of the same counts (several variables) read as one
    by_keys: dict[tuple[Hashable, ...], tuple[list[OneMean], list[str], str]] = {}
    printed: dict[Hashable, Bound] = {}
    place: dict[Hashable, tuple[str, Any, DataCell, tuple[str, Any, DataCell] | None]] = {}
    for path, table, means in with_means:
        if sums:
            _units_of_sums(path, table, means, sums, index, threshold, base, slack, moved)
        for variable, cells, total in _mean_lines(table, means):
            counts = [_printed_elsewhere(index, c, path) for c in [*cells, total]]
            if all(found is None for found in counts):
                continue
            bounds = [Bound(1, math.inf) if found is None
                      else _bound(found[2], base, slack, moved) for found in counts]
            if any(b is None for b in bounds) or all(b.lo == b.hi for b in bounds if b):
                continue
            keys: tuple[Hashable, ...] = tuple(  # (a group printed nowhere: this output's)
                ("printed nowhere", path, _population(c)) if found is None else id(found[2])
                for c, found in zip([*cells, total], counts, strict=True))
            if len(set(keys)) < len(keys):
                continue  # two of its groups are one count: no such line
            for key, mean, found, bound in zip(keys, [*cells, total], counts, bounds,
                                               strict=True):
                assert bound is not None
                printed.setdefault(key, bound)
                place.setdefault(key, (path, table, mean, found))
            line_means, variables, _path = by_keys.setdefault(keys, ([], [], path))
            line_means.append((tuple(means[_place(c)][variable] for c in cells),
                               means[_place(total)][variable]))
            variables.append(variable)
    lines: Lines = [(list(keys), tuple(m)) for keys, (m, _v, _p) in by_keys.items()]
    known = _narrowed(lines, printed, threshold) if lines else {}
    # per count: the variables and outputs of the means read with it, and the outputs that
    # print the other counts of its lines
    of_key: dict[Hashable, tuple[list[str], set[str], set[str]]] = {}
    for line_keys, (_m, variables, path) in by_keys.items():
        printing = {found[0] for k in line_keys if (found := place[k][3]) is not None}
        for one in line_keys:
            named, paths, beside = of_key.setdefault(one, ([], set(), set()))
            named.extend(v for v in variables if v not in named)
            paths.add(path)
            beside |= printing
    gave: dict[int, tuple[Any, dict[Hashable, Bound]]] = {}
    for key, bound in printed.items():
        now = known[key]
        path, table, mean, found = place[key]
        if found is not None and now != bound and bound.lo < bound.hi:
            gave.setdefault(id(found[1]), (found[1], {}))[1][key] = now
        if bound.lo == bound.hi or not math.isfinite(now.hi) \
                or not 1 <= now.lo <= now.hi < threshold:
            continue
        low, high = now.lo, int(now.hi)
        given = _given(low, high)
        named, paths, beside = of_key[key]
        of = ", ".join(v for v in named if v) or "the values"
        owner, at = (table, mean) if found is None else (found[1], found[2])
        if found is None:
            others = ", ".join(sorted(beside))
            how = (f"the count of its group (printed nowhere) is {given}: the means of {of} "
                   f"printed here, beside the counts printed in {others}, are their "
                   "margins' means only with that count")
        else:
            shown = (f"count published as {at.value:g}" if at.value is not None
                     else "hidden count")
            how = (f"the {shown} is {given}: the means of {of} printed in "
                   f"{', '.join(sorted(paths))} are their margins' means only with that count")
        kept = owner.__dict__.setdefault(_RELEASE_KEY, [])
        if any(r.cell is at for r in kept):
            continue
        kept.append(RecoveredCount(
            cell=at, low=low, high=high, how=how,
            public="the means printed in another output give the count back"))
    return gave


def _release_margins(table: Any, known: Mapping[Hashable, Bound], threshold: int,
                     base: int | None, slack: int, moved: int) -> None:
    """The counts of ``table`` another output's means give back (``known``: their bounds,
    any size) read through ``table``'s margins (:func:`_through_margins`): a hidden count
    they leave between 1 and the threshold, which the margins alone do not, is kept on
    ``table`` (a secondary suppression the other output's means undo)."""
    kept = table.__dict__.setdefault(_RELEASE_KEY, [])
    seen = {id(r.cell) for r in kept}
    for found in _through_margins(_count_lines(table), {}, known, seen, threshold,
                                  base, slack, moved):
        kept.append(RecoveredCount(
            cell=found.cell, low=found.low, high=found.high,
            how=found.how.replace("the means printed beside the counts",
                                  "the means printed in another output"),
            public="the counts another output's means give back leave this count through "
                   "the margin"))


def _count_lines(table: Any) -> list[tuple[list[DataCell], DataCell]]:
    """``table``'s count lines with their margins (a table checked where it was read: its
    held cells' lines)."""
    lined = table.table if isinstance(table, HeldCells) else table
    along = [(inner, total) for _dim, inner, total in lined.lines(Role.COUNT, min_members=2)
             if total is not None]
    return [*along, *_level_lines(lined)]


# --- the counts the means give back, for the audit (SDC501/SDC502) ----------------------------

_AUDIT_KEY = "_sdc_means_audit_bounds"  # a table's counts the means narrow: (cell, lo, hi)


def _keep_for_audit(table: Any, cells: dict[int, tuple[DataCell, Bound]], threshold: int,
                    base: int | None, slack: int, moved: int) -> None:
    """Keep on ``table`` the counts its means give back (``cells``: by the cell's id) for the
    audit's systems (:func:`audit_bounds`): each one given back exactly or below
    ``threshold`` (round 34), and each range narrower than the table's own margins leave it
    (round 35: 17 to 19 women, through another table's margin, may leave a hidden cell 2 to
    4). A range the margins alone already imply, or that says only "at least 1", is left
    out: the audit's system holds it already, and a table checked where it was read
    (``sdc.stream_read``) is checked again for each one kept (its systems were built there);
    what is kept, whole or streamed, is the same. Kept only when they fit the table's own
    margins (:func:`_added_up`): bounds that contradict them (a mean over fewer units than
    its count) would make the audit's system infeasible, and say nothing sound."""
    narrower = {k: (cell, bound) for k, (cell, bound) in cells.items()
                if (plain := _plain_bound(cell, base, slack, moved)) is not None
                and (bound.lo > plain.lo or bound.hi < plain.hi)}
    if not narrower:
        return
    lines = _count_lines(table)
    alone: dict[Hashable, Bound] = {}  # what the margins alone leave each count
    if lines:
        held: dict[Hashable, Bound] = {}
        plain_held: dict[Hashable, Bound] = {}
        for inner, total in lines:
            for cell in [*inner, total]:
                plain = _plain_bound(cell, base, slack, moved)
                got = narrower[id(cell)][1] if id(cell) in narrower else plain
                if got is None or plain is None:
                    return
                held[id(cell)] = got
                # a count with a mean beside it has someone in it: that, the margins alone
                plain_held[id(cell)] = plain if id(cell) not in cells else Bound(
                    max(plain.lo, 1), plain.hi)
        if not _added_up(lines, held):
            return
        alone = _added_up(lines, plain_held)

    def kept(cell: DataCell, bound: Bound) -> bool:
        if bound.lo == bound.hi or bound.hi < threshold:
            return True
        before = alone.get(id(cell)) or _plain_bound(cell, base, slack, moved)
        assert before is not None
        return bound.lo > max(before.lo, 1) or bound.hi < before.hi

    found = [(cell, bound.lo, bound.hi) for cell, bound in narrower.values()
             if kept(cell, bound)]
    if found:
        table.__dict__[_AUDIT_KEY] = found


def audit_bounds(table: Any) -> list[tuple[DataCell, int, float]]:
    """The counts of ``table`` the release's means narrow (:func:`use_release_means`), each
    with its least and largest: bounds for the audit's system (``linking.
    build_table_system``), so that a count given back in one table bounds the tables linked
    to it (round 34)."""
    found: list[tuple[DataCell, int, float]] = table.__dict__.get(_AUDIT_KEY, [])
    return found


def gives_back(held: Any) -> bool:
    """Whether the means gave back a count of ``held`` (a table checked where it was read:
    :class:`HeldCells`), to report or for the audit: its rules and systems never saw it."""
    return bool(release_mean_counts(held) or audit_bounds(held))


class HeldCells:
    """What :func:`use_release_means` reads of a table checked where it was read (``sdc.
    stream_read``: its model let go, a ``TableStandIn`` in its place): its measures and the
    cells of its counts, means and sums made again from its compact form (equal to the
    model's). Findings kept on it (``release_mean_counts``) are ones that table's rules
    never saw: the release is then checked again with its models (``engine._prepare``)."""

    def __init__(self, stand_in: Any) -> None:
        form = stand_in.form
        self.measures = list(form.measures)
        wanted = {k for k, m in enumerate(self.measures) if _read_by_means(m)}
        shared: dict[tuple[int, ...], dict[str, int]] = {}  # one layout dict, as the form's
        self.cells = [form.cell(i, shared) for i, k in enumerate(form.measure) if k in wanted]
        # its count lines (``Table.lines`` reads the cells and the dimensions only)
        self.table = Table("", None, list(stand_in.dimensions), list(stand_in.row_dimensions),
                           list(stand_in.column_dimensions), self.measures, self.cells,
                           stand_in.layout)


def _read_by_means(measure: Any) -> bool:
    """Whether :func:`use_release_means` reads cells of ``measure``: a count, a mean or a sum."""
    head = set(words(measure.name.partition(" / ")[0]))
    return measure.role is Role.COUNT or _variable(measure.name) is not None or (
        measure.role is Role.MAGNITUDE and bool(head & _SUM_WORDS))


def held_for_means(taken: list[tuple[str, Any]], whole: list[tuple[str, Table]]
                   ) -> list[tuple[str, HeldCells]]:
    """The ``taken`` tables (stand-ins, by path) as :class:`HeldCells`, when any table of the
    release (``whole`` or taken) has a measure named a mean; none otherwise (no cell made)."""
    if not taken or not any(_variable(m.name) is not None for _p, t in [*whole, *taken]
                            for m in t.measures):
        return []
    return [(path, HeldCells(stand_in)) for path, stand_in in taken]


def _mean_lines(table: Table, means: dict[tuple, dict[str, tuple[float, float]]]
                ) -> Iterator[tuple[str, list[DataCell], DataCell]]:
    """Each line of one variable's printed means along one dimension, with its margin's."""
    cells = [c for c in table.cells
             if c.value is not None and not c.suppressed and _variable(c.measure.name) is not None
             and _variable(c.measure.name) in means.get(_place(c), {})]
    for dim in {d for c in cells for d in c.coords}:
        lines: dict[tuple, tuple[list[DataCell], list[DataCell]]] = defaultdict(
            lambda: ([], []))
        for cell in cells:
            if dim not in cell.coords:
                continue
            key = (_variable(cell.measure.name), _place(cell)[1],
                   tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim)))
            lines[key][1 if dim in cell.total_dims else 0].append(cell)
        for (variable, _levels, _rest), (inner, totals) in lines.items():
            if len(inner) >= 2 and len(totals) == 1 and variable is not None:
                yield variable, inner, totals[0]


# a pandas MultiIndex column flattened by ``str``: ``('count', 'F')``
_TUPLE_NAME = re.compile(r"""^\(\s*(['"])(.+?)\1\s*,\s*(['"])(.*?)\3\s*\)$""")


# words that name a statistic: a level made of one is ``agg(["size", "mean"])``'s second
# level (``age / size``, ``('age', 'mean')``), the statistic of a variable, not a group
_STATISTIC_WORDS = _MEAN_WORDS | _NOT_A_MEAN | {
    "count", "n", "size", "freq", "frequency", "nunique", "sum", "total", "min", "max",
    "var", "variance", "first", "last", "prod", "mode", "nobs", "obs"}


def _column_level(name: str) -> str | None:
    """The one column level a measure's name carries below its statistic: ``count / F`` (a
    pivot's two-row header, ``pivot_table(columns=sex, aggfunc=["count", "mean"])``) or
    ``('count', 'F')`` (its columns flattened by ``str``); None for a plain name, more
    levels than one, or a level that names a statistic (``age / size``, ``('age',
    'mean')``: ``groupby().agg(["size", "mean"])``, whose groups are its rows)."""
    _head, sep, rest = name.partition(" / ")
    if sep:
        level = rest.strip() if " / " not in rest else ""
    else:
        got = _TUPLE_NAME.match(name.strip())
        level = got.group(4).strip() if got else ""
    if not level or set(words(level)) & _STATISTIC_WORDS:
        return None
    return level


def _population(cell: DataCell) -> tuple[str, ...]:
    """The labels of the population a count, mean or sum is of, to match them across outputs:
    its coordinates' (``DataCell.labels_key``), and the column level its measure's name
    carries (``count / F`` of a region's row is that region's women, as a long table's
    ``North, F`` is) unless the level reads as a total (``count / All``: the row's whole).
    Round 35: the level was left out, so a pivot's counts matched no means (three cells of
    a row, one key) or, hidden alike, the wrong one."""
    level = _group_level(cell.measure.name)
    return cell.labels_key if level is None else tuple(sorted({*cell.labels_key, level}))


@lru_cache(maxsize=4096)  # a measure's name, read for each of its cells
def _group_level(name: str) -> str | None:
    """:func:`_column_level` unless it reads as a total (the row's whole: no group)."""
    from sdc.linking import looks_like_total  # the audit's module: loaded by the rules anyway

    level = _column_level(name)
    return None if level is None or looks_like_total(level) else level


def _printed_elsewhere(index: dict[tuple, list[tuple[str, Table, DataCell]]], mean: DataCell,
                       path: str) -> tuple[str, Table, DataCell] | None:
    """The one count cell another output prints for ``mean``'s population (two that
    disagree, or none: None)."""
    found = [entry for entry in index.get(_population(mean), ()) if entry[0] != path]
    if not found:
        return None
    first = found[0][2]
    if any((c.value, c.suppressed) != (first.value, first.suppressed) for _p, _t, c in found):
        return None
    return found[0]


_SUM_WORDS = {"sum", "total", "totals"}


def _sums_by_key(tables: list[tuple[str, Table]]
                 ) -> dict[tuple[tuple, str], list[tuple[str, DataCell]]]:
    """Every printed sum (a magnitude whose name says ``sum``/``total`` of a variable:
    ``sum_age``, ``total cost``; or ``sum`` over a column level, ``sum / 1``, of a variable
    the table does not name: ``""``) by its population's labels and its variable."""
    found: dict[tuple[tuple, str], list[tuple[str, DataCell]]] = defaultdict(list)
    for path, table in tables:
        named = {}
        for m in table.measures:
            head = words(m.name.partition(" / ")[0])
            if m.role is Role.MAGNITUDE and set(head) & _SUM_WORDS \
                    and not set(head) & (_MEAN_WORDS | _NOT_A_MEAN):
                variable = " ".join(w for w in head if w not in _SUM_WORDS | {"of", "the"})
                if variable or (head == ["sum"] and _column_level(m.name) is not None):
                    # an unnamed variable's sum under a column level (``sum / 1``: a pivot of
                    # one value column by ``died``) meets the mean under the same level, its
                    # population's (``_population``), as ``sum_age`` meets ``mean_age``
                    named[id(m)] = variable
        for cell in table.cells if named else ():
            of_cell = named.get(id(cell.measure))
            if of_cell is not None and cell.value is not None and not cell.suppressed:
                found[(_population(cell), of_cell)].append((path, cell))
    return found


def _quotients(total: DataCell, mean: float, half: float) -> tuple[int, int] | None:
    """The whole numbers ``total`` over a mean printed as ``mean`` (within ``half``) can be,
    each within the printing of both, as (lowest, highest); None when there is none."""
    assert total.value is not None
    spread = half_unit_or(total.source.raw, math.inf)
    low = (total.value - spread) / (mean + half)
    high = (total.value + spread) / max(mean - half, 1e-300)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    lo, hi = max(1, math.ceil(low - FLOAT_SLACK)), math.floor(high + FLOAT_SLACK)
    return (lo, hi) if lo <= hi else None


def _units_of_sums(path: str, table: Table, means: dict[tuple, dict[str, tuple[float, float]]],
                   sums: dict[tuple[tuple, str], list[tuple[str, DataCell]]],
                   index: dict[tuple, list[tuple[str, Table, DataCell]]], threshold: int,
                   base: int | None, slack: int, moved: int) -> None:
    """A table of means beside another output's table of sums of the same variable for the
    same groups: each group's count is sum / mean, a whole number within the printing of
    both. A mean of no named variable is paired only under a column level (``mean / 1``
    with another output's ``sum / 1``: ACRO's pivot of one value column; round 49, md49),
    never a bare ``mean`` with a bare ``sum``. One below the threshold that no output prints
    exactly is kept at the count's cell where another output prints it rounded or hidden,
    else at the mean's cell."""
    levelled: dict[str, bool] = {}  # a measure's name: a column level under its statistic
    for cell in table.cells:
        variable = _variable(cell.measure.name)
        if variable is None or cell.value is None or cell.suppressed or cell.value <= 0:
            continue
        if not variable:  # ``mean / 1``: paired with ``sum / 1`` by the level (_sums_by_key)
            name = cell.measure.name
            level = levelled.get(name)
            if level is None:
                level = levelled[name] = _column_level(name) is not None
            if not level:
                continue
        if variable not in means.get(_place(cell), {}):
            continue
        found = [(p, c) for p, c in sums.get((_population(cell), variable), ())
                 if p != path]
        mean, half = means[_place(cell)][variable]
        if not found or mean - half <= 0:
            continue
        # each printed sum's whole quotients; the sums that leave none are of another
        # population under the same labels (a margin's sum: a blank label's key is the
        # grand total's), those that leave some are copies of one sum, printed to other
        # digits (``5.26857e+06``, ``5268569.0``): their quotients must meet
        fits = [(p, c, got) for p, c in found if (got := _quotients(c, mean, half)) is not None]
        if not fits:
            continue
        lo, hi = max(got[0] for *_pc, got in fits), min(got[1] for *_pc, got in fits)
        found = [(p, c) for p, c, _got in fits]
        if not 1 <= lo <= hi < threshold:
            continue
        printed = _printed_elsewhere(index, cell, "")
        bound = None if printed is None else _bound(printed[2], base, slack, moved)
        if printed is not None and (bound is None or bound.hi < lo or bound.lo > hi):
            # a count of another population under the same labels (a blank label's key is
            # a grand total's, ``()``; a table of zeros): not this group's, so the count is
            # kept at the mean's cell
            printed, bound = None, None
        if bound is not None and bound.lo == bound.hi:
            continue  # printed exactly: SDC101 judges it there
        owner, at = (table, cell) if printed is None else (printed[1], printed[2])
        kept = owner.__dict__.setdefault(_RELEASE_KEY, [])
        if any(r.cell is at for r in kept):
            continue
        given = _given(lo, hi)
        of = f"of {variable}" if variable else f"'{found[0][1].measure.name}'"
        kept.append(RecoveredCount(
            cell=at, low=lo, high=hi,
            how=f"the count of its group is {given}: the sum {of} printed in "
                f"{', '.join(sorted({p for p, _c in found}))} over the mean printed in {path}",
            public="a sum printed in one output over the mean printed in another gives the "
                   "count back"))
