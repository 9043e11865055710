"""Categories one table prints under other names than another's, paired by their numbers
(SDC503's reading; round 47, gt47).

The linking pairs two tables' categories by their labels (spelt alike, or abbreviated:
``sdc.link_abbreviations``); round 37 decided that a renaming which is no abbreviation
(``Region 1`` for ``North East``) is beyond reading labels. The numbers can pair them: where
two tables of one release count the same total (one population) over as many categories of
a dimension, and at least two categories of one print, under names the other does not use,
numbers the other prints under exactly one of its own unmatched names, the two tables print
one variable under two sets of names. A reader who pairs them so takes the other table's
margin for a row that hides one cell and prints no total, and gets the cell back: ``a.csv``
``North East 50`` beside ``b.csv`` ``Region 1,*,30`` gives 20.

Round 48 (rename48): where the renamed rows all hide a cell no number pairs them, yet a
reader still pairs them: ``Region 1`` .. ``Region 4`` under the heading ``region`` beside
``a.csv``'s four regions under ``region``, both counting 212. So the evidence that two
tables print one variable is also the dimension named alike (folded, not a name a reader
made up: ``columns``, ``row2``), or names both use printing the same totals (each counts as
one of ``MIN_EVIDENCE``, as an unmatched category paired by its number does).

Round 49 (rename49): a renaming that also renames the heading (``area`` for ``region``), or
whose hider prints no total, still passed. Names that are codes, not names (``Region 1`` ..
``Region 4``, ``Area A`` .. ``Area D``, ``1`` .. ``4``: one stem and a run of numbers or
letters, ``_coded``) say nothing of which variable they count, so they are read as any
variable of as many categories: with the same total, or (the hider printing none: from
three names) with every row's printed cells within the other's margin, they are paired as
named ones are.

Fail closed: every pairing of the unmatched names that the printed numbers allow (a row's
known total equal to its partner's; no hidden cell negative) is tried, and a hidden cell is
reported with every value those pairings give it (one value: whatever the pairing). Only a
row's one hidden cell is read (its margin less its printed cells); a row hiding more is the
linked audit's once it is linked. Tables of one count measure and one or two dimensions, up
to ``MAX_COUNTS`` counts and ``MAX_UNMATCHED`` names unmatched; anything else is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from sdc.column_cells import fold

if TYPE_CHECKING:
    from sdc.count_index import CountIndex
    from sdc.outputs import Output

MAX_COUNTS = 2_000  # counts of a table read (a long table's categories are no short list)
MAX_UNMATCHED = 6  # names paired by trying every permutation (720 at most)
MIN_EVIDENCE = 2  # categories whose printed numbers must pair them (or the names alike)
# a dimension's name a reader or a program makes up (``columns``, ``row2``, pandas' ``index``,
# ``level_0``, ``Unnamed: 0``) or that names no variable: no evidence of one variable
_MADE_UP = re.compile(r"(columns?|rows?|index|level|unnamed|category|categories|group|"
                      r"groups|variable|var|label|labels|name|names|dim|dimension|key|"
                      r"value|values|item|items|type|class)?[\s_:.-]*\d*")
# a name that is a code: a stem (perhaps none) and a number (``Region 1``, ``R3``, ``4``),
# or a stem, a space and one letter (``Area B``), or one letter
_CODE = re.compile(r"(.*?)[\s_:.#-]*(\d{1,3})|(?:(.*?\S)[\s_:.#-]+)?([a-z])")


@dataclass
class Rows:
    """One dimension of a table as rows of categories: per label (file order), the sum of its
    printed inner counts, the places of those hidden, its total where known (printed, or its
    inner counts all printed) and the place of its printed total (or of its one count)."""

    dim: str
    labels: list[str] = field(default_factory=list)
    printed: dict[str, float] = field(default_factory=dict)
    hidden: dict[str, list[int]] = field(default_factory=dict)
    known: dict[str, float | None] = field(default_factory=dict)
    at: dict[str, int] = field(default_factory=dict)
    width: int = 1  # the most numbers a row's known total adds (its rounding's reach)


@dataclass
class Profile:
    """What the reading needs of one table: its total (printed, or its margins' sum) and
    each dimension's rows."""

    output: Output
    index: CountIndex
    total: float | None
    rows: list[Rows]


@dataclass(frozen=True)
class Recovery:
    """A hidden count of ``hider`` given back by ``publisher``'s margins under the pairings
    of names its numbers allow: ``values`` (each pairing's, sorted, once), ``mine`` and
    ``theirs`` (the unmatched names of each, paired in the first pairing found), the
    publisher's margins used, the categories named otherwise paired by their numbers
    (``evidence``), those named alike printing the same totals (``agreeing``) and whether
    the dimension is named alike (``named``)."""

    hider: Profile
    place: int
    dim: str
    values: tuple[float, ...]
    publisher: Profile
    mine: tuple[str, ...]
    theirs: tuple[str, ...]
    used: tuple[int, ...]
    evidence: int
    agreeing: int = 0  # names both use printing the same totals
    named: bool = False  # the dimension named alike in both
    coded: bool = False  # one side's unmatched names are codes (``_coded``; round 49)
    within: float = 0.0  # each value's reach under the release's rounding (round 49)


def profile(output: Output, index: CountIndex) -> Profile | None:
    """The table read as rows, or None where the reading does not apply (several count
    measures, three dimensions or more, counts sharing labels, a long table)."""
    table = output.table
    if table is None or not 0 < index.n_counts <= MAX_COUNTS or len(index) < index.n_counts:
        return None
    dims = list(table.dimensions)
    if len(dims) not in (1, 2) or len(index.names) != 1:
        return None
    read = index.read
    places = index.places()
    margins = [read.margins(i) for i in places]
    values = [None if read.suppressed(i) else read.value(i) for i in places]
    labels = {d: read.labels_along(places, d) for d in dims}
    found: list[Rows] = []
    for dim in dims:
        others = [d for d in dims if d != dim]
        rows = Rows(dim)
        for k, i in enumerate(places):
            label = labels[dim][k]
            if dim in margins[k] or not isinstance(label, str) or not label.strip():
                continue
            label = label.strip()
            if label not in rows.printed:
                rows.labels.append(label)
                rows.printed[label], rows.hidden[label] = 0.0, []
            if others and others[0] in margins[k]:  # the row's total
                rows.known[label] = values[k]
                if values[k] is not None:
                    rows.at[label] = i
            elif values[k] is None:
                rows.hidden[label].append(i)
            else:
                rows.printed[label] += values[k]  # type: ignore[operator]
                rows.at.setdefault(label, i)
        for label in rows.labels:
            if rows.known.get(label) is None:
                rows.known[label] = None if rows.hidden[label] else rows.printed[label]
        rows.width = max(1, len(set(labels[others[0]]))) if others else 1
        found.append(rows)
    return Profile(output, index, _total(index, dims, found), found)


def _total(index: CountIndex, dims: list[str], rows: list[Rows]) -> float | None:
    """The table's total: its printed grand total, else the sum of one dimension's row
    totals all known."""
    if () in index and set(dims) <= index.margins(()):
        value = index.value(())
        if value is not None and not index.read.suppressed(index.place_of(())):
            return value
    for one in rows:
        known = [one.known[label] for label in one.labels]
        if known and all(v is not None for v in known):
            return float(sum(v for v in known if v is not None))
    return None


def reach(base: int | None, scheme: str | None) -> float:
    """How far a rounded count may lie from the true one (``unrounded-count``'s ``base``
    and ``scheme``: nearest, half the base; any, the base less one); 0 unrounded."""
    if not base:
        return 0.0
    return base / 2 if scheme == "nearest" else float(base - 1)


def recoveries(profiles: list[Profile], rounding: float = 0.0) -> Iterator[Recovery]:
    """Every hidden count a table's renamed categories give back, table by table (the
    publisher with every row total printed, the hider hiding a cell), each cell once.
    ``rounding`` (``reach``): counts are rounded, so numbers a reader takes as one may differ
    by the rounding of each (round 49: read exactly, a rounded renamed pair whose totals
    differ by a rounding passed; each value is then said with its reach)."""
    publishers: dict[tuple[float, int], list[tuple[Profile, Rows]]] = {}
    for p in profiles:
        if p.total is None or not p.total > 0:
            continue
        for rows in p.rows:
            if len(rows.labels) >= 2 and all(rows.known[label] is not None
                                              for label in rows.labels):
                publishers.setdefault((p.total, len(rows.labels)), []).append((p, rows))
    # publishers by size alone, for a hider printing no total: only where one side's names
    # are codes (round 49; the dimension's name alone gave false reviews, round 48: wards
    # beside districts both named ``area``)
    by_size: dict[int, list[tuple[Profile, Rows]]] = {}
    coded_by_size: dict[int, list[tuple[Profile, Rows]]] = {}  # a screen of codes, once
    for (_, size), found in publishers.items():
        by_size.setdefault(size, []).extend(found)
        coded_by_size.setdefault(size, []).extend(
            (p, theirs) for p, theirs in found if _codes(theirs.labels))
    done: set[tuple[int, int]] = set()
    for hider in profiles:
        for rows in hider.rows:
            if not any(rows.hidden[label] and rows.known[label] is None
                       for label in rows.labels):
                continue
            if hider.total is not None and not rounding:
                found = publishers.get((hider.total, len(rows.labels)), [])
            elif hider.total is not None:  # totals of one population, each rounded
                near = rounding * (hider.index.n_counts + 1)
                found = [(p, theirs) for p, theirs in by_size.get(len(rows.labels), [])
                         if abs(p.total - hider.total) <= near]  # type: ignore[operator]
            else:
                found = (by_size if _codes(rows.labels) else coded_by_size).get(
                    len(rows.labels), [])
            for publisher, theirs in found:
                if publisher.output is hider.output or (
                        publisher.output.path, publisher.output.sheet,
                        publisher.output.table_number) == (
                        hider.output.path, hider.output.sheet, hider.output.table_number):
                    continue
                for got in _paired(hider, rows, publisher, theirs, rounding):
                    if (id(hider.output), got.place) not in done:
                        done.add((id(hider.output), got.place))
                        yield got


def _paired(hider: Profile, rows: Rows, publisher: Profile, theirs: Rows,
            rounding: float = 0.0) -> Iterator[Recovery]:
    """The hidden cells of ``rows`` that ``theirs`` gives back under every pairing of the
    unmatched names its numbers allow (none where the names all match, or their numbers
    disagree, or fewer than ``MIN_EVIDENCE`` unmatched categories are paired by a number)."""
    mine_by = {fold(label): label for label in rows.labels}
    theirs_by = {fold(label): label for label in theirs.labels}
    if len(mine_by) != len(rows.labels) or len(theirs_by) != len(theirs.labels):
        return
    # how far a row's known total (the sum of its printed cells) and a margin printed for it
    # may lie apart under the rounding: each number's reach
    apart = rounding * (rows.width + 1)
    for name in mine_by.keys() & theirs_by.keys():  # the names both use: the same numbers
        known = rows.known[mine_by[name]]
        if known is not None and abs(known - theirs.known[theirs_by[name]]) > apart:  # type: ignore[operator]
            return
    mine = [mine_by[name] for name in mine_by if name not in theirs_by]
    other = [theirs_by[name] for name in theirs_by if name not in mine_by]
    if not MIN_EVIDENCE <= len(mine) <= MAX_UNMATCHED or len(other) != len(mine):
        return
    margin = {label: theirs.known[label] for label in other}
    # the numbers that pair names: a known row total equal to one unmatched margin only
    counts: dict[float | None, int] = {}
    for label in other:
        counts[margin[label]] = counts.get(margin[label], 0) + 1
    mine_counts: dict[float | None, int] = {}
    for label in mine:
        mine_counts[rows.known[label]] = mine_counts.get(rows.known[label], 0) + 1
    evidence = sum(1 for label in mine if (v := rows.known[label]) is not None and v > 0
                   and counts.get(v) == 1 and mine_counts[v] == 1)
    # the names both use whose totals are printed alike (round 48): one variable too
    agreeing = sum(1 for name in mine_by.keys() & theirs_by.keys()
                   if (v := rows.known[mine_by[name]]) is not None and v > 0)
    named = named_alike(rows.dim, theirs.dim)
    coded = False  # read only where nothing else pairs them
    if hider.total is None:  # no total says one population: only codes pair (round 49),
        # from three names (``g1``, ``g2`` beside ``F``, ``M`` or ``0``, ``1``: any two
        # categories of a cohort; the 476 folders' acro-3 ``suppress`` releases)
        if len(mine) <= MIN_EVIDENCE:
            return
        coded = _coded(mine) or _coded(other)
        if not coded or _abbreviating(mine, other):
            return
    elif evidence < MIN_EVIDENCE:  # round 48's evidence, or codes (round 49)
        if evidence + agreeing < MIN_EVIDENCE and not named:
            coded = _coded(mine) or _coded(other)
            if not coded:
                return
        if _abbreviating(mine, other):
            return  # the linking's pairing (``link_abbreviations``), or its readings'
    wanted = [label for label in mine if len(rows.hidden[label]) == 1
              and rows.known[label] is None]
    if not wanted:
        return
    values: dict[str, set[float]] = {label: set() for label in wanted}
    used: dict[str, set[int]] = {label: set() for label in wanted}
    first: tuple[str, ...] | None = None
    # each name's partners the numbers allow (a known total near its margin, no hidden cell
    # below 0): the pairings are those of every name to an allowed partner, each once
    allowed = [[to for to in other
                if not ((known := rows.known[label]) is not None
                        and abs(known - margin[to]) > apart)  # type: ignore[operator]
                and not margin[to] + apart < rows.printed[label]]  # type: ignore[operator]
               for label in mine]
    for pairing in _pairings(allowed, ()):
        paired = dict(zip(mine, pairing, strict=True))
        first = first or pairing
        for label in wanted:
            values[label].add(margin[paired[label]] - rows.printed[label])  # type: ignore[operator]
            used[label].add(theirs.at[paired[label]])
    if first is None:
        return
    for label in wanted:
        yield Recovery(hider, rows.hidden[label][0], rows.dim, tuple(sorted(values[label])),
                       publisher, tuple(mine), first, tuple(sorted(used[label])), evidence,
                       agreeing, named, coded, apart)


def _pairings(allowed: list[list[str]], taken: tuple[str, ...],
              steps: list[int] | None = None) -> Iterator[tuple[str, ...]]:
    """Every pairing of the names to one allowed partner each, no partner twice (in the
    order ``itertools.permutations`` gives them; round 49: the permutations were all tried,
    ~20 times the time where codes admit more pairs). ``steps`` (shared, counted down) bounds
    the partial pairings tried: a search whose partners leave few whole pairings backtracks
    through exponentially many without yielding any (round 51: 60 digit codes ran for
    minutes in ``renamed_reruns._candidates``); it stops once they are spent."""
    if steps is not None:
        steps[0] -= 1
        if steps[0] < 0:
            return
    if len(taken) == len(allowed):
        yield taken
        return
    for to in allowed[len(taken)]:
        if to not in taken:
            yield from _pairings(allowed, (*taken, to), steps)
            if steps is not None and steps[0] < 0:
                return


def _codes(labels: list[str]) -> bool:
    """Whether at least ``MIN_EVIDENCE`` of the labels look like codes (``_CODE``): a cheap
    screen before ``_coded`` reads the unmatched ones."""
    return sum(1 for label in labels if _code(label) is not None) >= MIN_EVIDENCE


@lru_cache(maxsize=4096)
def _code(name: str) -> tuple[str, str] | None:
    """The name's stem and code (``Region 1``: ``region``, ``1``), or None (``_CODE``)."""
    found = _CODE.fullmatch(fold(name))
    if found is None:
        return None
    stem, number, letter_stem, letter = found.groups()
    return (stem, number) if number is not None else (letter_stem or "", letter)


def _coded(names: list[str]) -> bool:
    """Whether the names are codes, not names (round 49): one stem (perhaps none) and
    numbers (``Region 1`` .. ``Region 4``, ``Region 1``, ``Region 7``) or letters (``Area
    A`` .. ``Area D``), each once. Such names say nothing of the variable they count, so an
    insider renaming ``North East`` .. ``London`` (the heading too) would choose them, and a
    reader pairs them with any variable of as many categories. Round 50 (names50): the
    numbers need not run (a stem's ``Region 7`` is a code as ``Region 3`` is), and of three
    names or more one may be a real name (``Region 1``, ``Region 2``, ``London``, ``Region
    4``; ``Other``): the codes still hide which category is which."""
    if len(names) >= MIN_EVIDENCE + 1:
        named = [name for name in names if _code(name) is None]
        if len(named) == 1:
            names = [name for name in names if name not in named]
    parts = [_code(name) for name in names]
    stems = {p[0] for p in parts if p is not None}
    if None in parts or len(stems) != 1:
        return False
    stem = stems.pop()
    # bare codes (``1`` .. ``3``) from three: ``0``, ``1`` is many a flag's
    if len(names) < (MIN_EVIDENCE if stem else MIN_EVIDENCE + 1):
        return False
    codes = [p[1] for p in parts if p is not None]
    if all(c.isdigit() for c in codes):
        ranks = sorted(int(c) for c in codes)
    elif not any(c.isdigit() for c in codes):
        ranks = sorted(ord(c) - ord("a") for c in codes)
    else:
        return False
    if len(set(ranks)) != len(ranks):
        return False
    # a stem's codes any numbers or letters (round 50); bare codes a run from the first
    # (``0`` or ``1``, ``a``): bare numbers are many a variable's values (``3``, ``4``, ``5``
    # children)
    return bool(stem) or (ranks == list(range(ranks[0], ranks[0] + len(ranks)))
                          and ranks[0] <= 1)


def _abbreviating(mine: list[str], theirs: list[str]) -> bool:
    """Whether a name of one side abbreviates one of the other's (``NE``, ``North East``):
    those the linking pairs by their labels, or audits under each reading when ambiguous
    (``sdc.ambiguous_readings``); read here too they would only be said twice."""
    from sdc.abbreviated_labels import abbreviates

    return any(abbreviates(a, b) or abbreviates(b, a) for a in mine for b in theirs)


def named_alike(mine: str, theirs: str) -> bool:
    """Whether two dimensions' names say they are one variable: alike once folded, and not
    a name made up for a dimension that has none (``columns``) or naming no variable."""
    name = fold(mine)
    return name == fold(theirs) and _MADE_UP.fullmatch(name) is None
