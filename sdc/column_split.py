"""A table's columns printed one per file, read as one table: a column that adds up is a total.

A release may print ``region,female``, ``region,male`` and ``region,all`` as three files of
the same rows (round 41, cols41). In one file (``region,female,male,all``) the ``all`` column
is the rows' total and a hidden ``female`` cell is ``all - male``: SDC501 ``fail``. Split over
files, no table prints a line the others share, the linking keeps them apart (they print one
combination, ``North``, with other numbers: other quantities), and every output passed. Only
how the researcher split the columns differed, which must never turn a ``fail`` into a
``pass``.

The reading (:func:`column_unions`): count columns (table systems) of one link population
that print exactly the same label combinations (their rows) are joined on them into one
view. A column ``W`` and two or more others ``P_1 .. P_n`` (not all of one table: a table's
own total column is its own equations) are read as ``W = P_1 + ... + P_n`` on every row when,
on every row where all of them are printed, the sum is exact, on at least
``MIN_COMPLETE`` such rows (the linking's ``MIN_SHARED_FOR_LINK``: what a strong link needs),
each ``P_i`` is not zero on some of them, and one of the columns hides a cell (else the
equations tell nothing). That is the additivity a single file's total column is read by; no
header name is read (``all``, ``n``, ``Total``, ``F``: any), so a label can neither make nor
unmake the reading. Each row is one exact :class:`sdc.union_totals.UnionTotal` (no
remainder), which the audit adds as a union (``sdc.rules.suppression``): where it contradicts
the release it is dropped, silently, before any link of the tables' own is, so a coincidental
sum can only add constraints (an over-``fail``) or be left out (main's audit), never pass
what main fails.

Round 42 (cols42) widened what a column is and which rows are joined:

- a column of a table of several counts (``region,male,n``: two count measures) and each
  column of a two-way table (``region,male,all``, read as ``region x columns``): its own
  total reading may contradict its rows (``all`` is no total of ``male``: SDC402), its
  columns are still counts, and beside ``region,female`` they give the hidden cell back. A
  set of columns holds a one-dimensional one (a one-way table's, or a count of several):
  two-way tables' columns alone are not joined (chance sums among crosstabs' columns);
- columns of different rows are joined on the rows all of them print; a margin row is then
  left out (a total over other categories: ``all``'s Total counts West, ``female``'s not);
- a crosstab is one column of its cells (a dimension constant over it dropped: ``year`` of
  ``2019-20`` beside ``All``), joined with crosstabs only: ``sex x imd`` of 2019, 2020 and
  2021 beside their sum. Many cells, many chances: the sum must be exact on every cell all
  of them print and on ``MIN_CELLS`` printed cells of their categories or more (one cell,
  or a margin, is no reading), each part at most its whole on every cell both print.

Cost: columns are grouped by the rows they share (most releases: no two columns of one
population print a row under another table's); within a group at most ``MAX_TRIES`` sets
of columns are tried (left: a larger group's other sets, decisions.md); a table of two
dimensions or more is read as views only up to ``MAX_VIEW_CELLS`` cells. Round 43 (cols43,
issue 14; what is read unchanged, ``tests/test_column_split_cost.py`` holds the unions equal to
round 42's): the cells are read off the tables' forms a column at a time
(``sdc.column_cells``: no cell made), a crosstab's rows numbered from its labels' numbers,
and each crosstab whole's sets searched on its own rows only (``_within``'s pairs, then
``_whole_sets``; every test of a set is on rows all its members have).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from sdc.column_cells import CellColumns, fold, spelt
from sdc.union_labels import sole_count
from sdc.union_totals import UnionTotal

if TYPE_CHECKING:
    from sdc.linking import TableSystem

__all__ = ["column_unions"]

MIN_COMPLETE = 2  # rows every column of a sum prints on, each adding up exactly
MIN_PARTS = 2  # a total of one column is a copy (the linking's)
MIN_CELLS = 4  # printed cells of their categories crosstabs must add up on (round 42)
MAX_TRIES = 4096  # sets of columns tried within one group of columns of the same rows
MAX_CROSS_TRIES = 512  # sets of crosstabs tried within one group (each many cells)
MAX_VIEW_CELLS = 5000  # a table of more dimensions read as column views up to this size


def column_unions(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str]
                  ) -> list[UnionTotal]:
    """Each row of a column that is the sum of other columns of its rows (not all of one
    table) as an exact union of them; ``combos``: each table's variables' combination
    numbers (the linking's, one category spelt two ways being one)."""
    found: list[UnionTotal] = []
    groups, reads = _groups(systems, combos, pops)
    for group, crosstabs in groups:
        found.extend(_group_unions(systems, group, reads, crosstabs=crosstabs))
    return found


class _Column(NamedTuple):
    """One column read as a view: its table, its cells by row (a combination number), whether
    one-dimensional (a one-way table's count, or one count of a table of several: every set
    of columns but crosstabs' holds one), and which of its rows are margins."""

    k: int
    var_of: dict[int, int]
    one_way: bool
    margins: frozenset[int]


def _groups(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str]
            ) -> tuple[list[tuple[list[_Column], bool]], Callable[[int], CellColumns]]:
    """The columns that may add up, in groups of three or more of one population sharing
    rows, each with whether it is a group of whole crosstabs: the count column of each
    one-way table of one count (``region,female``), each column of a two-way table of one
    count (``region,male,all``: its own total reading may contradict its rows, its columns
    are still counts; round 42), and each crosstab whole (``sex x imd`` of one year, a
    dimension constant over the table left out, so ``year,sex,...`` of 2019 and of ``All``
    print the same cells). ACRO's ``count / F`` beside ``count / M`` (several count measures
    of one table) is left, as ``sdc.union_totals`` leaves it."""
    import numpy as np

    lines: dict[str, list[_Column]] = defaultdict(list)
    crosses: dict[str, list[_Column]] = defaultdict(list)
    known: dict[str, dict[tuple[tuple[str, str], ...], int]] = defaultdict(dict)
    others: list[tuple[int, Any, list[str]]] = []
    reads = _reader(systems)
    for k in sorted(pops):
        ts, of = systems[k], combos.get(k)
        n = len(getattr(ts, "cells", None) or ())
        if of is None or n < 2 or not ts.count or getattr(ts, "union_of", False):
            continue
        dims = getattr(getattr(ts.output, "table", None), "dimensions", None) or ()
        if len(dims) != 1:
            if sole_count(ts):  # (one count of several in a table of more dimensions: left)
                others.append((k, ts, list(dims)))
            continue
        mine = np.asarray(of[:n], dtype=np.int64)
        key = np.unique(mine)
        if len(key) != n:
            continue  # two cells of one combination: not one row each
        var_of = {int(c): v for v, c in enumerate(mine)}
        read = reads(k)
        for v, labels in enumerate(read.labels(dims)):
            known[pops[k]].setdefault(labels, int(mine[v]))
        margins = frozenset(mine[read.margins()].tolist())
        lines[pops[k]].append(_Column(k, var_of, True, margins))
    fresh: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}

    def number(pop: str, labels: tuple[tuple[str, str], ...]) -> int:
        found = known[pop].get(labels)
        if found is None:  # a combination no one-way table prints: numbered here (< 0)
            found = fresh.setdefault((pop, labels), -1 - len(fresh))
        return found

    crosstab_rows = _CrosstabRows()
    # crosstabs of a population of three or more, one hiding a cell
    by_pop: dict[str, list[int]] = defaultdict(list)
    for k, ts, _dims in others:
        if len(ts.cells) <= MAX_VIEW_CELLS and len(ts.cells) - len(ts.suppressed) >= MIN_CELLS:
            by_pop[pops[k]].append(k)  # (each of a sum prints the cells it adds up on)
    shaped = {k for ks in by_pop.values() if len(ks) > MIN_PARTS
              and any(systems[k].suppressed for k in ks) for k in ks}
    for k, ts, dims in others:
        pop = pops[k]
        if len(ts.cells) > MAX_VIEW_CELLS:
            continue  # (left: a cost bound, decisions.md)
        table = getattr(ts.output, "table", None)
        rows = [d for d in dims if d in (getattr(table, "row_dimensions", None) or ())]
        if lines.get(pop) and len(dims) == 2 and len(rows) == 1:
            lines[pop].extend(_split(reads(k), k, rows, [d for d in dims if d not in rows],
                                     lambda labels, pop=pop: number(pop, labels)))
        if k not in shaped:
            continue
        whole = _whole(reads(k), k, dims, crosstab_rows)
        if whole is not None:
            crosses[pop].append(whole)
    groups = []
    for by, crosstabs in ((lines, False), (crosses, True)):
        for members in by.values():
            for part in _sharing(members):
                if len(part) < MIN_PARTS + 1 or not any(_hides(systems, c) for c in part):
                    continue  # nothing hidden: the equations would tell nothing
                if not crosstabs and not any(c.one_way for c in part):
                    continue  # columns of two-way tables only: left (chance sums)
                groups.append((part, crosstabs))
    return groups, reads


def _reader(systems: list[TableSystem]) -> Callable[[int], CellColumns]:
    """Each system's cells read a column at a time (``sdc.column_cells``), made once a call."""
    made: dict[int, CellColumns] = {}

    def read(k: int) -> CellColumns:
        found = made.get(k)
        if found is None:
            found = made[k] = CellColumns(systems[k])
        return found

    return read


class _CrosstabRows:
    """The crosstabs' rows numbered by their folded labels on the dimensions that vary (a
    crosstab's key has two labels or more: no one-way table's row, ``_split``'s or the
    one-way tables' numbers, is one of them, so they are numbered apart, below every other:
    only crosstabs are joined with crosstabs). Labels and keys as small integers."""

    BASE = -(1 << 40)

    def __init__(self) -> None:
        self.texts: dict[str, int] = {"": 0}  # a folded label's number; a margin's 0
        self.names: dict[tuple[str, ...], int] = {}
        self.keys: dict[tuple[int, ...], int] = {}

    def labels(self, texts: list[str]) -> Any:
        """Each code's label's number (as :func:`sdc.column_cells.spelt`: ``NE`` as the
        ``North East`` the release pairs it with), a label-less (margin) code ``-1`` first."""
        import numpy as np

        got = self.texts
        return np.array([0, *(got.setdefault(spelt(t), len(got)) for t in texts)],
                        dtype=np.int64)

    def numbers(self, names: tuple[str, ...], columns: list[Any]) -> list[int]:
        """Each cell's row: its labels' numbers (``columns``, one a varying dimension, named
        ``names``) as one number."""
        which = self.names.setdefault(names, len(self.names))
        keys = self.keys
        base = self.BASE
        return [base - keys.setdefault(key, len(keys))
                for key in zip(itertools.repeat(which), *(c.tolist() for c in columns))]


def _whole(read: CellColumns, k: int, dims: list[str], book: _CrosstabRows) -> _Column | None:
    """A crosstab whole as one column: its cells by their labels on the dimensions whose
    label is not one over the table (a ``year`` column of ``2019-20`` on every row is the
    table's stratum, not a dimension of its cells); None where fewer than two vary, or two
    cells print one combination. Its labels read a column at a time, as numbers."""
    import numpy as np

    columns = []
    for d in dims:
        codes, texts = read.codes(d)
        columns.append(book.labels(texts)[codes + 1])
    varying = [i for i, column in enumerate(columns) if len(np.unique(column)) > 1]
    if len(varying) < 2:
        return None
    numbers = book.numbers(tuple(fold(dims[i]) for i in varying),
                           [columns[i] for i in varying])
    var_of = dict(zip(numbers, range(len(numbers)), strict=True))
    if len(var_of) != len(numbers):
        return None
    margin = np.any(np.stack([columns[i] for i in varying]) == 0, axis=0)
    return _Column(k, var_of, False, frozenset(np.asarray(numbers)[margin].tolist()))


def _split(read: CellColumns, k: int, rows: list[str], across: list[str],
           number: Any) -> list[_Column]:
    """Each column of a two-way table (``region,male,all``: ``male``, ``all``) as a column
    view, its rows numbered as one-way tables' are (by their folded labels)."""
    columns: dict[str, dict[int, int]] = defaultdict(dict)
    margins: dict[str, set[int]] = defaultdict(set)
    bad: set[str] = set()
    margin = read.margins(rows)
    for v, (at, labels) in enumerate(zip(read.labels(across), read.labels(rows), strict=True)):
        row = number(labels)
        if row in columns[at[0][1]]:
            bad.add(at[0][1])  # two cells of one row: not a column
        columns[at[0][1]][row] = v
        if margin[v]:
            margins[at[0][1]].add(row)
    return [_Column(k, var_of, False, frozenset(margins[c])) for c, var_of in columns.items()
            if c not in bad and len(var_of) >= 2]


def _hides(systems: list[TableSystem], column: _Column) -> bool:
    """Whether the column holds a hidden cell."""
    ts = systems[column.k]
    if column.one_way:
        return bool(ts.suppressed)
    hidden = set(ts.suppressed)
    return any(v in hidden for v in column.var_of.values())


def _sharing(columns: list[_Column]) -> list[list[_Column]]:
    """The columns in groups joined by the rows they print (a column shares a row with one
    of its group), in table order: columns of other rows never add up."""
    parent = list(range(len(columns)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[int, int] = {}
    for i, column in enumerate(columns):
        for row in column.var_of:
            j = first.setdefault(row, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[_Column]] = defaultdict(list)
    for i, column in enumerate(columns):
        groups[root(i)].append(column)
    return list(groups.values())


def _group_unions(systems: list[TableSystem], group: list[_Column],
                  reads: Callable[[int], CellColumns], *, crosstabs: bool = False
                  ) -> list[UnionTotal]:
    """The exact sums among one group's columns (rows in the first column's order, then
    the others' rows it lacks). ``crosstabs``: whole crosstabs, read only where they add up
    on ``MIN_CELLS`` printed cells or more (of their categories, margins not counted) and
    every other cell all of them print."""
    import numpy as np

    rows = list(dict.fromkeys(row for column in group for row in column.var_of))
    at = {row: r for r, row in enumerate(rows)}
    n = len(group)
    values = np.full((len(rows), n), np.nan)
    has = np.zeros((len(rows), n), dtype=bool)
    margin = np.zeros(len(rows), dtype=bool)
    for j, column in enumerate(group):
        shown = reads(column.k).printed()
        r = np.fromiter(map(at.__getitem__, column.var_of), dtype=np.int64,
                        count=len(column.var_of))
        var = np.fromiter(column.var_of.values(), dtype=np.int64, count=len(column.var_of))
        has[r, j] = True
        values[r, j] = shown[var]
        if column.margins:
            margin[[at[row] for row in column.margins]] = True
    printed = ~np.isnan(values)
    hides = [_hides(systems, column) for column in group]
    tables = [_table_of(systems[column.k]) for column in group]
    one_way = [column.one_way for column in group]
    if crosstabs:
        return _crosstab_unions(group, rows, (values, printed, has, margin), hides)
    found: list[UnionTotal] = []
    tries = 0
    for size in range(MIN_PARTS, n):
        for w in range(n):
            others = [j for j in range(n) if j != w]
            for parts in itertools.combinations(others, size):
                tries += 1
                if tries > MAX_TRIES:
                    return found
                members = (w, *parts)
                if not any(hides[j] for j in members):
                    continue
                if len({tables[j] for j in members}) == 1:
                    continue  # one table's own columns: its own equations
                if not any(one_way[j] for j in members):
                    continue  # two-way tables' columns only: left (chance sums)
                shared = _shared(has, margin, members)
                if int(shared.sum()) < 2:
                    continue
                complete = _adds_up(values, printed, w, parts, shared)
                if complete:
                    found.extend(_row_unions(group, rows, shared, w, parts,
                                             weak=complete < MIN_COMPLETE))
    return found


def _shared(has: Any, margin: Any, members: tuple[int, ...]) -> Any:
    """The rows every column of ``members`` has; where their rows differ, no margin row (a
    total over other categories)."""
    import numpy as np

    shared = np.all(has[:, list(members)], axis=1)
    if not np.all(shared[np.any(has[:, list(members)], axis=1)]):
        shared &= ~margin
    return shared


def _crosstab_unions(group: list[_Column], rows: list[int], matrix: tuple[Any, Any, Any, Any],
                     hides: list[bool]) -> list[UnionTotal]:
    """The exact sums among a group of crosstabs: each whole's parts drawn, depth first,
    from the crosstabs at most it on every cell both print (``_within``), a set left with
    its supersets where its parts already exceed the whole on a cell all of them print
    (counts are never negative: more parts only add; a set a later part's hidden cell
    leaves that cell out of would contradict the audit and be dropped). A set is read where
    it adds up on ``MIN_CELLS`` printed cells of the crosstabs' categories or more and
    every other cell all of them print; at most ``MAX_CROSS_TRIES`` sets a group.

    Each whole's sets are read on its own rows only (round 43): every test of a set is on
    rows all its members have, so the group's other rows (a group of hundreds of crosstabs
    has a thousand rows, a whole some fifty) could never change one."""
    import numpy as np

    values, printed, has, margin = matrix
    filled = np.nan_to_num(values)
    within = _within(values, printed, margin)
    # columns of the same rows (``_shared``: a set's margin rows are kept only where all its
    # members have the same rows), as one number each
    rows_of = np.unique(np.packbits(has, axis=0).T, axis=0, return_inverse=True)[1].ravel()
    found: list[UnionTotal] = []
    tries = 0
    for w in range(len(group)):
        candidates = [j for j in range(len(group)) if j != w and within[w, j]]
        if len(candidates) < MIN_PARTS:
            continue
        if tries >= MAX_CROSS_TRIES:
            break  # (each whole's search stops at once: nothing more is tried)
        own = np.flatnonzero(has[:, w])  # the whole's rows, in the group's order
        cols = np.array([w, *candidates], dtype=np.intp)
        sub = (values[np.ix_(own, cols)], printed[np.ix_(own, cols)],
               has[np.ix_(own, cols)], margin[own])
        tried, sets = _whole_sets(sub, filled[np.ix_(own, cols)], [hides[j] for j in cols],
                                  [int(rows_of[j]) for j in cols], MAX_CROSS_TRIES - tries)
        tries += tried
        taken = [rows[r] for r in own]
        for shared, parts in sets:
            found.extend(_row_unions(group, taken, shared, w, tuple(int(cols[p]) for p in parts),
                                     weak=False))
    return found


def _whole_sets(sub: tuple[Any, Any, Any, Any], filled: Any, hides: list[bool],
                rows_of: list[int], budget: int) -> tuple[int, list[tuple[Any, tuple[int, ...]]]]:
    """The sets of parts (columns 1.. of ``sub``, the whole column 0) that add up, each with
    the rows it is read on, searched depth first in column order: how many sets were tried
    (at most ``budget``) and those found."""
    import numpy as np

    values, printed, has, margin = sub
    whole = filled[:, 0]
    limit = whole + 1e-9 * np.maximum(1.0, np.abs(whole))
    counted = ~margin
    nonzero = values[:, 0] != 0  # a row of zeros adds up whatever the columns are
    m = values.shape[1]
    found: list[tuple[Any, tuple[int, ...]]] = []
    tries = 0

    def grow(chosen: tuple[int, ...], total: Any, seen: Any, held: Any, hidden: bool,
             kinds: frozenset[int], start: int) -> None:
        nonlocal tries
        for j in range(start, m):
            if tries >= budget:
                return
            tries += 1
            now, on = total + filled[:, j], seen & printed[:, j]
            if np.any(on & (now > limit)):
                continue  # already more than the whole on a printed cell (counts only add)
            parts = (*chosen, j)
            shared, mixed = held & has[:, j], kinds | {rows_of[j]}
            if len(parts) >= MIN_PARTS and (hidden or hides[j]):
                if len(mixed) > 1:
                    shared = shared & counted  # rows that differ: no margin row (``_shared``)
                # ``_adds_up``: ``on`` is every row the whole and all the parts print
                complete = shared & on & nonzero
                if int((complete & counted).sum()) >= MIN_CELLS \
                        and _exact(values, complete, 0, parts):
                    found.append((shared, parts))
                    continue  # a larger set adds a part of zeros there: no evidence
            grow(parts, now, on, held & has[:, j], hidden or hides[j], mixed, j + 1)

    if m > 1:
        grow((), np.zeros(len(whole)), printed[:, 0].copy(), has[:, 0].copy(), hides[0],
             frozenset({rows_of[0]}), 1)
    return tries, found


def _within(values: Any, printed: Any, margin: Any) -> Any:
    """Whether crosstab ``j`` may be a part of crosstab ``w`` (``[w, j]``): a count is never
    negative, so a part is at most its whole on every cell both print, and a sum's every
    member prints the ``MIN_CELLS`` category cells it adds up on (their sets are tried only
    among such crosstabs). Read on the whole's printed cells only, and the values compared
    only for the crosstabs printing enough of them (round 43: a group of hundreds of
    crosstabs has a thousand rows, a whole some fifty)."""
    import numpy as np

    n = values.shape[1]
    found = np.zeros((n, n), dtype=bool)
    filled = np.nan_to_num(values)
    category = printed & ~margin[:, None]
    for w in range(n):
        js = np.flatnonzero(category[category[:, w]].sum(axis=0) >= MIN_CELLS)
        if not len(js):
            continue
        own = np.flatnonzero(printed[:, w])
        whole = filled[own, w][:, None]
        slack = 1e-9 * np.maximum(1.0, np.abs(whole))
        both = printed[np.ix_(own, js)]
        found[w, js] = np.all(~both | (filled[np.ix_(own, js)] <= whole + slack), axis=0)
    return found


def _adds_up(values: Any, printed: Any, w: int, parts: tuple[int, ...], shared: Any,
             counted: Any = None) -> int:
    """The rows (of ``shared``: every column has them) all of column ``w`` and ``parts``
    print, ``w`` not zero there, where ``w`` is the sum of ``parts`` on every one of them
    and each part is not zero on one: how many (of them ``counted``, when given: a
    crosstab's categories, its margins adding up with them), 0 where not so or none."""
    import numpy as np

    # a row of zeros adds up whatever the columns are: no evidence
    complete = (shared & printed[:, w] & np.all(printed[:, list(parts)], axis=1)
                & (values[:, w] != 0))
    n = int(complete.sum()) if counted is None else int((complete & counted).sum())
    if not n:
        return 0
    return n if _exact(values, complete, w, parts) else 0


def _exact(values: Any, complete: Any, w: int, parts: tuple[int, ...]) -> bool:
    """Whether column ``w`` is the sum of ``parts`` on every ``complete`` row (all of them
    printed there), each part not zero on one."""
    import numpy as np

    whole = values[complete, w]
    shares = values[complete][:, list(parts)]
    if not np.all(np.any(shares != 0, axis=0)):
        return False  # a column of zeros adds nothing: no evidence it is a part (a copy)
    total = shares.sum(axis=1)
    return bool(np.all(np.abs(total - whole) <= 1e-9 * np.maximum(1.0, np.abs(whole))))


def _row_unions(group: list[_Column], rows: list[int], shared: Any, w: int,
                parts: tuple[int, ...], *, weak: bool) -> list[UnionTotal]:
    """One exact union a row all the columns have (``shared``): the whole column's cell the
    sum of the parts' cells (``weak``: one printed row says so)."""
    kw, whole_of = group[w].k, group[w].var_of
    found = []
    for combo, on in zip(rows, shared.tolist(), strict=True):
        if not on:
            continue
        whole = (kw, whole_of[combo])
        taken = tuple((group[j].k, group[j].var_of[combo]) for j in parts)
        found.append(UnionTotal(whole, taken, (whole, *taken), exact=True, weak=weak))
    return found


def _table_of(ts: TableSystem) -> tuple[str, str | None, int | None]:
    """The file, sheet and table a column belongs to."""
    out = ts.output
    return (str(getattr(out, "path", "")), getattr(out, "sheet", None),
            getattr(out, "table_number", None))
