"""Round 42's column views (``sdc/column_split.py`` at aca9347), kept as the reference the
round-43 search is held equal to (``tests/test_column_split_cost.py``): every cell read one at
a time, every crosstab compared with every other on all of its group's rows. Not used by
``sdc``."""
from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

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
    for group, crosstabs in _groups(systems, combos, pops):
        found.extend(_group_unions(systems, group, crosstabs=crosstabs))
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
            ) -> list[tuple[list[_Column], bool]]:
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
        margins = set()
        for v in range(n):
            cell = ts.cell(v)
            if cell is not None:
                known[pops[k]].setdefault(_labels(cell, dims), int(mine[v]))
                if cell.total_dims:
                    margins.add(int(mine[v]))
        lines[pops[k]].append(_Column(k, var_of, True, frozenset(margins)))
    fresh: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}

    def number(pop: str, labels: tuple[tuple[str, str], ...]) -> int:
        found = known[pop].get(labels)
        if found is None:  # a combination no one-way table prints: numbered here (< 0)
            found = fresh.setdefault((pop, labels), -1 - len(fresh))
        return found

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
            lines[pop].extend(_split(ts, k, rows, [d for d in dims if d not in rows],
                                     lambda labels, pop=pop: number(pop, labels)))
        if k not in shaped:
            continue
        whole = _whole(ts, k, dims, lambda labels, pop=pop: number(pop, labels))
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
    return groups


def _labels(cell: Any, dims: Any) -> tuple[tuple[str, str], ...]:
    """A cell's labels on ``dims`` (folded; a margin's as ``""``)."""
    return tuple((_fold(d), "" if d in cell.total_dims else _fold(cell.coords.get(d, "")))
                 for d in dims)


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """A label as compared (a release repeats few labels over many cells: cached)."""
    return " ".join(str(text).split()).casefold()


def _whole(ts: TableSystem, k: int, dims: list[str], number: Any) -> _Column | None:
    """A crosstab whole as one column: its cells by their labels on the dimensions whose
    label is not one over the table (a ``year`` column of ``2019-20`` on every row is the
    table's stratum, not a dimension of its cells); None where fewer than two vary, or two
    cells print one combination. One pass over the cells."""
    labels = []
    seen: list[set[str]] = [set() for _ in dims]
    for v in range(len(ts.cells)):
        cell = ts.cell(v)
        if cell is None:
            continue
        mine = _labels(cell, dims)
        for i, (_, label) in enumerate(mine):
            seen[i].add(label)
        labels.append((v, mine))
    varying = [i for i in range(len(dims)) if len(seen[i]) > 1]
    if len(varying) < 2:
        return None
    var_of: dict[int, int] = {}
    margins = set()
    for v, mine in labels:
        key = tuple(mine[i] for i in varying)
        at = number(key)
        if at in var_of:
            return None
        var_of[at] = v
        if any(label == "" for _, label in key):
            margins.add(at)
    return _Column(k, var_of, False, frozenset(margins))


def _split(ts: TableSystem, k: int, rows: list[str], across: list[str],
           number: Any) -> list[_Column]:
    """Each column of a two-way table (``region,male,all``: ``male``, ``all``) as a column
    view, its rows numbered as one-way tables' are (by their folded labels)."""
    columns: dict[str, dict[int, int]] = defaultdict(dict)
    margins: dict[str, set[int]] = defaultdict(set)
    bad: set[str] = set()
    for v in range(len(ts.cells)):
        cell = ts.cell(v)
        if cell is None:
            continue
        at = _labels(cell, across)
        row = number(_labels(cell, rows))
        if row in columns[at[0][1]]:
            bad.add(at[0][1])  # two cells of one row: not a column
        columns[at[0][1]][row] = v
        if any(d in cell.total_dims for d in rows):
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


def _group_unions(systems: list[TableSystem], group: list[_Column], *, crosstabs: bool = False
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
        ts = systems[column.k]
        for row, var in column.var_of.items():
            r = at[row]
            has[r, j] = True
            if row in column.margins:
                margin[r] = True
            cell = ts.cell(var)
            if cell is not None and cell.value is not None and not cell.suppressed:
                values[r, j] = float(cell.value)
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
    every other cell all of them print; at most ``MAX_CROSS_TRIES`` sets a group."""
    import numpy as np

    values, printed, has, margin = matrix
    filled = np.nan_to_num(values)
    within = _within(values, printed, margin)
    found: list[UnionTotal] = []
    tries = [0]

    def grow(w: int, chosen: list[int], total: Any, seen: Any, start: int,
             candidates: list[int]) -> None:
        for at in range(start, len(candidates)):
            if tries[0] >= MAX_CROSS_TRIES:
                return
            tries[0] += 1
            j = candidates[at]
            now, on = total + filled[:, j], seen & printed[:, j]
            slack = 1e-9 * np.maximum(1.0, np.abs(filled[:, w]))
            if np.any(on & (now > filled[:, w] + slack)):
                continue  # already more than the whole on a printed cell
            parts = (*chosen, j)
            members = (w, *parts)
            if len(parts) >= MIN_PARTS and any(hides[m] for m in members):
                shared = _shared(has, margin, members)
                if _adds_up(values, printed, w, parts, shared, ~margin) >= MIN_CELLS:
                    found.extend(_row_unions(group, rows, shared, w, parts, weak=False))
                    continue  # a larger set adds a part of zeros there: no evidence
            grow(w, list(parts), now, on, at + 1, candidates)

    for w in range(len(group)):
        candidates = [j for j in range(len(group)) if j != w and within[w, j]]
        if len(candidates) >= MIN_PARTS:
            grow(w, [], np.zeros(len(rows)), printed[:, w].copy(), 0, candidates)
    return found


def _within(values: Any, printed: Any, margin: Any) -> Any:
    """Whether crosstab ``j`` may be a part of crosstab ``w`` (``[w, j]``): a count is never
    negative, so a part is at most its whole on every cell both print, and a sum's every
    member prints the ``MIN_CELLS`` category cells it adds up on (their sets are tried only
    among such crosstabs)."""
    import numpy as np

    n = values.shape[1]
    found = np.zeros((n, n), dtype=bool)
    filled = np.nan_to_num(values)
    for w in range(n):  # a whole at a time: rows x columns, never rows x columns^2
        both = printed[:, [w]] & printed
        slack = 1e-9 * np.maximum(1.0, np.abs(filled[:, [w]]))
        fits = np.all(~both | (filled <= filled[:, [w]] + slack), axis=0)
        found[w] = fits & ((both & ~margin[:, None]).sum(axis=0) >= MIN_CELLS)
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
    whole = values[complete, w]
    shares = values[complete][:, list(parts)]
    if not np.all(np.any(shares != 0, axis=0)):
        return 0  # a column of zeros adds nothing: no evidence it is a part (a copy)
    total = shares.sum(axis=1)
    return n if bool(np.all(np.abs(total - whole) <= 1e-9 * np.maximum(1.0, np.abs(whole)))
                     ) else 0


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
