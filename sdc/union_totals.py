"""A totals line read as the total over the union of the rows other tables print.

A release may print one table's rows in several outputs (``a.csv`` North and South, ``b.csv``
East and West, under the same columns ``F, M, Total``) and its totals row in another
(``c.csv``: ``Total, 111, 132, 243``). No table there prints a line that adds up to
``c.csv``'s numbers, so the audit linked nothing, and a hidden cell of ``a.csv`` that
``111 − 51 − 36 − 20`` gives back passed (round 37, hunt37). Each part's line (its column
read down its rows: a line's unpublished total, or a printed margin) counts the people of
the categories it prints; the parts print disjoint categories, so their sum is at most the
whole's number, and the rest is an unknown non-negative remainder (the release cannot show
no region is missing; counts are never negative)::

    part_1 + ... + part_n + remainder = whole,   remainder >= 0

Such an equation is written only where (:func:`union_totals`): the whole is a printed count
that is a margin along one dimension (``Total`` of ``region``) and totals no line of its own
table along it; each part is a line along a dimension of the same name in another table of
the same population, under the same label combination (so the same spellings and
abbreviations: ``sdc.link_labels``, ``sdc.link_abbreviations``); the whole's table prints
exactly as many margins along that dimension as each part's table prints lines along it
(the same columns: a totals table of other columns counts something else), at least two;
and the parts under one combination print no category in common (taken in table order, a
table that overlaps one taken is left out). The audit (``sdc.rules.suppression``) adds the
equations in a system of their own (:func:`union_system`) and drops them, silently, where
they contradict the release (then they were no union of one population: main's audit),
before any link of its own is dropped. A whole that prints no dimension of the parts' name
(``group,F,M,Total / All,...``, ``F,M,Total / 111,...``, a one-way ``sex,n`` table) is read
over the rows printed under its labels (``sdc.union_labels``; round 40, union40b), and a
dimension constant over a table is read as its population's label (round 41, union41).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# labels and names as compared: folded, abbreviations as the linking spells them
from sdc.link_abbreviations import spelt as _fold

if TYPE_CHECKING:
    from sdc.linking import Printed, TableSystem, _SharedCells
    from sdc.table import DataCell

__all__ = ["UnionTotal", "union_links", "union_system", "union_totals", "unions_beside"]

MIN_COLUMNS = 2  # margins the whole's table and each part's lines must have in common
MAX_WORLDS = 8  # sets of part tables a whole is read over (two years under one set of labels)
# count tables a release must have for :func:`unions_beside` to fork: below it the columns' sums
# (~0.2 ms CPU a table, loaded) cost about what the fork and its page faults cost this process
# (~0.02-0.03 s on 1,000 small tables), so the wall saved is nil
MIN_TABLES_BESIDE = 400


# (table, dimension) -> the table's cells that are categories of it, by their other labels
_OwnRows = dict[tuple[int, str], dict[tuple[tuple[str, str], ...], list[int]]]


@dataclass(frozen=True)
class UnionTotal:
    """``whole`` (table, variable) is the sum of ``parts`` (table, line total) plus a
    non-negative remainder."""

    whole: tuple[int, int]
    parts: tuple[tuple[int, int], ...]
    # the printed cells it reads (the whole, the row parts, the line parts' members): a
    # finding through it names them (an interval the remainder bounds has no derivation)
    named: tuple[tuple[int, int], ...] = ()
    # no equation: the whole's parts may be more sets of tables than ``MAX_WORLDS`` (the
    # audit reads none of its unions' equations; SDC402 asks a person to look at the whole)
    undecided: bool = False
    # no remainder: the whole is exactly the parts' sum (a column of a table split one
    # column per file that adds up on every row printed whole: ``sdc.column_split``)
    exact: bool = False
    # read on one printed row only (``sdc.column_split``): its links are weak (``review``)
    weak: bool = False

    @property
    def width(self) -> int:
        """The variables of its equation in :func:`union_system` (parts, remainder, whole)."""
        return len(self.parts) + (1 if self.exact else 2)


def _along(ts: TableSystem, members: Sequence[int], total: int) -> str | None:
    """The dimension a line of ``ts`` runs along (its members' cells' one dimension that
    the line's total is a margin of), or None when that is not one dimension."""
    cells = [ts.cell(m) for m in members]
    if not cells or any(c is None for c in cells):
        return None
    found: set[str] | None = None
    total_cell = ts.cell(total)
    for cell in cells:
        assert cell is not None
        dims = {dim for dim in cell.coords if dim not in cell.total_dims}
        found = dims if found is None else found & dims
    if not found:
        return None
    if total_cell is not None:  # a printed margin: along the dimensions it totals
        found &= set(total_cell.total_dims)
    elif len(cells) > 1:  # an unpublished total: along the one dimension its members vary
        first = cells[0]
        assert first is not None
        found = {dim for dim in found if any(c is not None and c.coords.get(dim)
                                             != first.coords.get(dim) for c in cells[1:])}
    elif len(found) > 1:  # one member, no total printed: a column of a one-row table read
        rows = getattr(getattr(ts.output, "table", None), "row_dimensions", None) or ()
        found &= set(rows)  # down its rows
    return next(iter(found)) if len(found) == 1 else None


class _Lines:
    """A table's lines, each as its total, members and dimension (made once a table)."""

    def __init__(self, ts: TableSystem) -> None:
        self.by_total: dict[int, list[Sequence[int]]] = defaultdict(list)
        for equation in ts.equation_cells:
            *members, total = equation
            self.by_total[total].append(members)
        self.ts = ts
        self._dims: dict[int, list[str | None]] = {}

    def dims(self, total: int) -> list[str | None]:
        """The dimension each line ``total`` totals runs along (None: not one)."""
        found = self._dims.get(total)
        if found is None:
            found = self._dims[total] = [_along(self.ts, members, total)
                                         for members in self.by_total.get(total, ())]
        return found

    def count_along(self, dim: str) -> int:
        """How many of the table's lines run along ``dim`` (by name)."""
        return sum(1 for total in self.by_total for d in self.dims(total)
                   if d is not None and _fold(d) == dim)


def union_totals(systems: list[TableSystem], cells: _SharedCells,
                 lines: Callable[[int], Callable[[int], tuple[Printed, ...]]],
                 pops: dict[int, str]) -> list[UnionTotal]:
    """The wholes and their parts among ``cells`` (the count tables' shared combinations);
    ``lines(k)(var)`` gives what table ``k`` prints on each line ``var`` totals (the
    combinations of its members, so one category spelled two ways is one)."""
    found = _line_and_margin_unions(systems, cells, lines, pops)
    if cells.union_combos is not None:
        from sdc.column_split import column_unions

        found.extend(column_unions(systems, cells.union_combos, pops))
    return found


def _line_and_margin_unions(systems: list[TableSystem], cells: _SharedCells,
                            lines: Callable[[int], Callable[[int], tuple[Printed, ...]]],
                            pops: dict[int, str]) -> list[UnionTotal]:
    """:func:`union_totals` but the columns' sums (``sdc.column_split``): the lines' unions,
    then the margins'."""
    made: dict[int, _Lines] = {}

    def table_lines(k: int) -> _Lines:
        found = made.get(k)
        if found is None:
            found = made[k] = _Lines(systems[k])
        return found

    own_rows: _OwnRows = {}
    found = _line_unions(systems, cells, lines, pops, table_lines, own_rows)
    if cells.union_combos is not None:
        done = {union.whole for union in found}
        found.extend(_margin_unions(systems, cells.union_combos, pops, table_lines, done,
                                    own_rows))
    return found


class PendingUnions:
    """What :func:`unions_beside` gives: the unions, all computed here already, or the
    lines' and margins' here and the columns' sums by a forked process
    (``sdc.pool.Apart``) while this one links the tables."""

    def __init__(self, found: list[UnionTotal], columns: Any = None) -> None:
        self._found, self._columns = found, columns

    @property
    def forked(self) -> bool:
        """Whether a process of its own reads the columns' sums (else all were read here)."""
        return self._columns is not None

    def result(self) -> list[UnionTotal]:
        """The unions in :func:`union_totals`' order (the columns' waited for); an error of
        theirs raised here, as the serial call raises it: a process that raised, broke or
        died is not trusted, and they are read again here (``Apart.result``)."""
        if self._columns is not None:
            self._found.extend(self._columns.result())
            self._columns = None
        return self._found

    def drop(self) -> None:
        """Not asked for (the linking stopped): its process is stopped."""
        if self._columns is not None:
            self._columns.drop()
            self._columns = None


def unions_beside(systems: list[TableSystem], cells: _SharedCells,
                  lines: Callable[[int], Callable[[int], tuple[Printed, ...]]],
                  pops: dict[int, str], aliases: Any, jobs: int) -> PendingUnions:
    """:func:`union_totals` under ``aliases``' spellings (``link_abbreviations.spelling``),
    its columns' sums (``column_split.column_unions``, the larger part) read by a forked
    process while this one reads the rest and links the tables, when a core is free for it
    (``jobs`` > 1, no ``sdc.pool.Apart`` holding it, a release of at least
    :data:`MIN_TABLES_BESIDE` count tables); else all here at once, as before.

    Why (issue 14 §4): the linking runs alone between the per-output stage's pool and the
    audit's, and when SDC503's process is back before it starts (idle49: five of six loaded
    runs) the other core is idle for all of it (0.27-0.34 s CPU on 1,000 small tables, of
    which ~0.2 s the columns' sums and ~0.07 s the lines' and margins' unions with the
    blocking of the tables' pairs). These parts are independent: each only reads the systems
    and the shared cells (``lines`` fills a cache in each process, of the same values); only
    the columns' unions travel back (a few small tuples). While SDC503's process holds the
    other core nothing is forked: a process there would only share a core with it. Only who
    computes them: the unions and their order are the same."""
    from functools import partial

    from sdc import pool

    combos = cells.union_combos
    if (combos is not None and jobs > 1 and jobs - pool.busy() > 1
            and sum(1 for k in pops if systems[k].count) >= MIN_TABLES_BESIDE
            and pool.start_context().get_start_method() == "fork"):
        apart = pool.Apart(partial(_spelt_columns, systems, combos, pops, aliases))
        if apart.forked:
            try:
                found = _spelt(aliases, _line_and_margin_unions, systems, cells, lines, pops)
            except BaseException:
                apart.drop()  # (raised before the columns' sums, as in the serial order)
                raise
            return PendingUnions(found, apart)
        apart.close()
    return PendingUnions(_spelt(aliases, union_totals, systems, cells, lines, pops))


def _spelt(aliases: Any, func: Callable[..., list[UnionTotal]], *args: Any
           ) -> list[UnionTotal]:
    """``func(*args)`` with labels spelt as the keys were coded (a short label as its long
    one, link46)."""
    from sdc.link_abbreviations import spelling

    with spelling(aliases):
        return func(*args)


def _spelt_columns(systems: list[TableSystem], combos: Any, pops: dict[int, str],
                   aliases: Any) -> list[UnionTotal]:
    """The columns' sums (``column_split.column_unions``) under ``aliases``' spellings: set
    here, in whichever process reads them."""
    from sdc.column_split import column_unions

    return _spelt(aliases, column_unions, systems, combos, pops)


def _virtual_and_printed(np: Any, cells: _SharedCells) -> tuple[Any, Any]:
    """Whether each combination has an entry that is a line's unpublished total, and one
    that is a printed (known) cell. ORed over the booleans (``logical_or.reduceat``), not
    summed: a sum widened every entry to int64, two arrays of 8 bytes an entry, which were
    the linking's peak on a release of long tables (issue 14 §3, round 48); here one array
    of a byte an entry (``printed``) is made."""
    virtual = np.asarray(cells.virtual, dtype=bool)
    has_virtual = np.logical_or.reduceat(virtual, cells.start)
    printed = np.logical_not(virtual)
    np.logical_and(printed, np.asarray(cells.known, dtype=bool), out=printed)
    has_printed = np.logical_or.reduceat(printed, cells.start)
    return has_virtual, has_printed


def _line_unions(systems: list[TableSystem], cells: _SharedCells,
                 lines: Callable[[int], Callable[[int], tuple[Printed, ...]]],
                 pops: dict[int, str], table_lines: Callable[[int], _Lines],
                 own_rows: _OwnRows) -> list[UnionTotal]:
    """The unions whose whole some table's line's unpublished total shares (round 38's
    search): the lines of tables of the same columns, then the rows of tables that print
    no line along the dimension."""
    import numpy as np

    if cells.combos is None or not len(cells.S):
        return []  # no line of any table lacks a total: no part is a column read down
    ends = np.append(cells.start[1:], len(cells.S))
    # a whole and at least one part: combinations held by two tables or more, one of them a
    # line's unpublished total (a part with a printed margin only: left, see decisions)
    tables_of = np.diff(np.append(cells.start, len(cells.S)))
    has_virtual, has_printed = _virtual_and_printed(np, cells)
    wanted = np.flatnonzero(has_virtual & has_printed & (tables_of >= 2)).tolist()
    if not wanted:
        return []
    # (whole table, dimension) -> combination -> (whole variable, [(part table, total,
    # categories)])
    groups: dict[tuple[int, str], dict[int, tuple[int, list[tuple[int, int, Printed,
                                                                  Sequence[int]]]]]] = \
        defaultdict(dict)
    for s in wanted:
        lo, hi = int(cells.start[s]), int(ends[s])
        entries = [(int(cells.K[e]), int(cells.var[e]), bool(cells.known[e]),
                    bool(cells.virtual[e])) for e in range(lo, hi)]
        wholes = []
        for k, var, known, virtual in entries:
            if virtual or not known:
                continue
            cell = systems[k].cell(var)
            if cell is None or not cell.total_dims:
                continue
            lined = {_fold(d) for d in table_lines(k).dims(var) if d is not None}
            for dim in cell.total_dims:
                if _fold(dim) not in lined:  # it totals no line of its table along ``dim``
                    wholes.append((k, var, _fold(dim)))
        if not wholes:
            continue
        for k, var, _known, _virtual in entries:
            printed = lines(k)(var)
            dims = table_lines(k).dims(var)
            if len(printed) != len(dims):
                continue  # (both read the same equations in the same order)
            members = table_lines(k).by_total.get(var, [])
            for line, along, line_members in zip(printed, dims, members, strict=True):
                if along is None:
                    continue
                for kw, w, whole_dim in wholes:
                    if kw != k and whole_dim == _fold(along):
                        group = groups[(kw, whole_dim)]
                        group.setdefault(s, (w, []))[1].append((k, var, line, line_members))
    found: list[UnionTotal] = []
    printed_of: dict[int, dict[int, float]] = {}  # each table's printed cells (``_worlds``)
    agreed: dict[tuple[int, int], bool] = {}  # and each pair's agreement
    for (kw, dim), by_combination in groups.items():
        if len(by_combination) < MIN_COLUMNS:
            continue
        margins = sum(1 for var in range(_n_cells(systems[kw]))
                      if _margin_along(systems[kw].cell(var), dim))
        if margins != len(by_combination):
            continue  # the whole's table prints other columns than its parts share
        columns: dict[int, int] = defaultdict(int)
        for _, parts in by_combination.values():
            for k in {part[0] for part in parts}:
                columns[k] += 1
        same = {k for k, n in columns.items()
                if n == margins and table_lines(k).count_along(dim) == margins}
        others = {s: _others(systems[kw].cell(w), dim) for s, (w, _) in by_combination.items()}
        rows_of = _row_tables(systems, kw, dim, set(others.values()), same, pops, table_lines,
                              own_rows)
        worlds = _worlds(systems, sorted(same | {k for k, _ in rows_of}), cells.combos,
                         printed_of, agreed)
        if worlds[1]:
            found.extend(UnionTotal((kw, w), (), (), undecided=True)
                         for w, _ in by_combination.values())
        for s, world in ((s, world) for s in sorted(by_combination) for world in worlds[0]):
            w, parts = by_combination[s]
            taken: list[tuple[int, int]] = []
            named = [(kw, w)]
            seen: set[int] = set()
            for k, var, line, line_members in sorted(parts, key=lambda p: (p[0], p[1])):
                if k not in same or k not in world:
                    continue
                if not (line & seen) and all(k != t for t, _ in taken):
                    taken.append((k, var))
                    named.extend((k, m) for m in line_members)
                    seen |= line
                    continue
                # a line that prints a category a part taken prints (``b.csv`` prints East
                # as ``a.csv`` does): each category it alone prints is a part of its own
                new = _unseen(k, line_members, cells.combos[k], seen)
                taken.extend(new)
                named.extend(new)
            if not taken:
                continue
            # the rows of tables that print no line along the dimension (a one-row table, a
            # totals row under rows that do not add up to it: the whole's own) are parts
            # too, each a category no part taken prints
            for k, rows in rows_of:
                if k not in world:
                    continue
                new = _unseen(k, rows.get(others[s], ()), cells.combos[k], seen)
                taken.extend(new)
                named.extend(new)
            found.append(UnionTotal((kw, w), tuple(taken), tuple(named)))
    return found


def _margin_unions(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str],
                   table_lines: Callable[[int], _Lines], done: set[tuple[int, int]],
                   own_rows: _OwnRows) -> list[UnionTotal]:
    """The unions whose whole is a table that prints only margins along a dimension
    (``Total, 119, 36, 155``) and whose parts are the rows of tables that print that
    dimension's categories under the same columns and no line along it (one-row tables):
    no line's unpublished total shares the whole, so :func:`_line_unions` never reads it.
    Each category is one part (the first table in table order that prints it); wholes
    ``done`` already are left. A table of any size is read as a whole (round 39: a cap of
    512 cells let a 600-column totals row give a hidden cell back): its cells are scanned
    once, and each part table's rows are indexed by their other labels once
    (``own_rows``)."""
    found: list[UnionTotal] = []
    printed_of: dict[int, dict[int, float]] = {}  # each table's printed cells (``_worlds``)
    agreed: dict[tuple[int, int], bool] = {}  # and each pair's agreement
    for kw in sorted(pops):
        ts = systems[kw]
        n = _n_cells(ts)
        if not n:
            continue
        for dim, margins in _margin_only(ts, n).items():
            others = {v: _others(ts.cell(v), dim) for v in margins}
            if len(set(others.values())) != len(margins):
                continue  # two margins under one combination: not one totals line
            # a table that sums its rows along ``dim`` (its own totals row) is read by its
            # rows too: no line's unpublished total shares the whole, so no part is a line
            rows_of = _row_tables(systems, kw, dim, set(others.values()), set(), pops,
                                  table_lines, own_rows, lined=True,
                                  row_dims=_row_dims(ts, dim))
            found.extend(_read_wholes(systems, kw, others, rows_of, combos, done,
                                      (printed_of, agreed)))
    from sdc.union_labels import label_unions

    found.extend(label_unions(systems, combos, pops, done | {u.whole for u in found},
                              own_rows, (printed_of, agreed)))
    return found


_Rows = dict[tuple[tuple[str, str], ...], list[int]]


def _read_wholes(systems: list[TableSystem], kw: int,
                 others: dict[int, tuple[tuple[str, str], ...]],
                 rows_of: list[tuple[int, _Rows]], combos: dict[int, Any],
                 done: set[tuple[int, int]],
                 memo: tuple[dict[int, dict[int, float]], dict[tuple[int, int], bool]]
                 ) -> list[UnionTotal]:
    """Each printed whole ``w`` of table ``kw`` (``others``: its cells by the key its parts'
    rows are indexed by) as the sum of the rows ``rows_of`` print under that key, in each
    set of part tables :func:`_worlds` gives (``memo``: its shared caches); wholes ``done``
    are left."""
    found: list[UnionTotal] = []
    ts = systems[kw]
    worlds = _worlds(systems, [k for k, _ in rows_of], combos, *memo)
    if worlds[1]:
        found.extend(UnionTotal((kw, w), (), (), undecided=True) for w in others
                     if (kw, w) not in done)
    for w, world in ((w, world) for w in others for world in worlds[0]):
        cell = ts.cell(w)
        if (kw, w) in done or cell is None or cell.value is None:
            continue  # a union already, or no printed whole
        taken: list[tuple[int, int]] = []
        seen: set[int] = set()
        for k, rows in rows_of:
            if k in world:
                taken.extend(_unseen(k, rows.get(others[w], ()), combos[k], seen))
        if taken:
            found.append(UnionTotal((kw, w), tuple(taken), ((kw, w), *taken)))
    return found


def _worlds(systems: list[TableSystem], tables: list[int], combos: Any,
            printed: dict[int, dict[int, float]], agreed: dict[tuple[int, int], bool]
            ) -> tuple[list[frozenset[int]], bool]:
    """The sets of ``tables`` (in table order) a whole may be the total of: tables that print
    a category in common with other numbers (2020's and 2021's rows under the same labels)
    count other people, or contradict, and are never parts of one union. Which year's rows
    a table of no category in common belongs with is not known: every largest set of tables
    that agree pairwise is one (the audit drops those the whole contradicts), and first
    every table (each category from the first table that prints it: round 38's union, so no
    finding of main's is lost); True with them where there are more than ``MAX_WORLDS``
    (which sets are the periods is not decided: the whole is ``review``). One set (every
    table agrees, the usual release) is the tables themselves. ``printed``: each table's
    printed cells by combination, ``agreed``: each pair's agreement, filled as read (shared
    by every whole)."""
    for k in tables:
        if k in printed:
            continue
        ts, of = systems[k], combos[k]
        found: dict[int, float] = {}
        for var in range(_n_cells(ts)):
            cell = ts.cell(var)
            if cell is not None and cell.value is not None and not cell.suppressed:
                found.setdefault(int(of[var]), float(cell.value))
        printed[k] = found

    def agree(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        known = agreed.get(key)
        if known is None:
            known = agreed[key] = _agree(printed[a], printed[b])
        return known

    agrees = {k: {other for other in tables if other != k and agree(k, other)}
              for k in tables}
    worlds: list[frozenset[int]] = []
    budget = [MAX_WORLDS * (len(tables) + 1) * 4]  # calls: linear in the tables

    def cliques(world: list[int], candidates: list[int], excluded: list[int]) -> None:
        # Bron-Kerbosch with a pivot: every largest set of tables that agree pairwise, in
        # table order (every table agreeing, the usual release: one call a table)
        budget[0] -= 1
        if len(worlds) > MAX_WORLDS or budget[0] < 0:
            return
        if not candidates and not excluded:
            worlds.append(frozenset(world))
            return
        pivot = max(candidates + excluded,
                    key=lambda t: sum(1 for c in candidates if c in agrees[t]))
        for k in [c for c in candidates if c not in agrees[pivot]]:
            cliques([*world, k], [c for c in candidates if c in agrees[k]],
                    [x for x in excluded if x in agrees[k]])
            candidates = [c for c in candidates if c != k]
            excluded = [*excluded, k]

    cliques([], list(tables), [])
    every = frozenset(tables)
    return [every, *(w for w in worlds[:MAX_WORLDS] if w != every)], (
        len(worlds) > MAX_WORLDS or budget[0] < 0)


def _agree(mine: dict[int, float], theirs: dict[int, float]) -> bool:
    """Two tables' printed cells (by combination) agree where both print one."""
    if len(theirs) < len(mine):
        mine, theirs = theirs, mine
    return all(abs(value - theirs[combo]) <= 1e-9 * max(1.0, abs(value))
               for combo, value in mine.items() if combo in theirs)


def _unseen(k: int, variables: Iterable[int], combos: Any, seen: set[int]
            ) -> list[tuple[int, int]]:
    """Table ``k``'s ``variables`` whose categories (``combos``: the linking's combination
    numbers, one category spelt two ways being one) no part taken prints, each the first of
    its category; ``seen`` gets them."""
    new = []
    for var in variables:
        combo = int(combos[var])
        if combo not in seen:
            new.append((k, var))
            seen.add(combo)
    return new


def _margin_only(ts: TableSystem, n: int) -> dict[str, list[int]]:
    """The dimensions (folded) along which ``ts`` prints margins only, at least
    ``MIN_COLUMNS``, each with those margins' variables (one pass over its cells)."""
    margins: dict[str, list[int]] = defaultdict(list)
    categories: set[str] = set()
    names = {_fold(d) for d in getattr(getattr(ts.output, "table", None), "dimensions",
                                       None) or ()}
    for var in range(n):
        if names and categories >= names:
            return {}  # a category of every dimension printed (most tables: at once)
        cell = ts.cell(var)
        if cell is None:
            continue
        totals = {_fold(d) for d in cell.total_dims}
        for d in cell.coords:
            dim = _fold(d)
            if dim in totals:
                margins[dim].append(var)
            else:
                categories.add(dim)
    return {dim: found for dim, found in margins.items()
            if dim not in categories and len(found) >= MIN_COLUMNS}


def _row_tables(systems: list[TableSystem], kw: int, dim: str,
                columns: set[tuple[tuple[str, str], ...]], parts: set[int],
                pops: dict[int, str], table_lines: Callable[[int], _Lines],
                own_rows: _OwnRows, *, lined: bool = False,
                row_dims: frozenset[str] = frozenset()
                ) -> list[tuple[int, dict[tuple[tuple[str, str], ...], list[int]]]]:
    """The count tables of the whole's population (its own too) that print rows of ``dim``
    under exactly the whole's columns and (unless ``lined``) no line along it, each with its
    rows' cells by their other labels (``own_rows``: each table's, indexed once); in table
    order. A whole's table of more rows than ``dim``'s (``FY20``/``FY21`` of a year x sex
    totals table, ``row_dims``; round 40) takes a table that prints the rows of some of them
    under exactly the whole's columns of each (each year's own tables)."""
    found = []
    by_row = _column_groups(columns, row_dims) if row_dims else {}
    if by_row and (len(by_row) < 2 or any(len(c) < MIN_COLUMNS for c in by_row.values())):
        by_row = {}  # one row, or a long table (one column a row): only the same columns
    least = min((len(c) for c in by_row.values()), default=len(columns))
    for k in sorted(pops):
        if k in parts or pops[k] != pops[kw]:
            continue
        table = getattr(systems[k].output, "table", None)
        names = getattr(table, "dimensions", None) or ()
        if not any(_fold(name) == dim for name in names):
            continue
        if not lined and table_lines(k).count_along(dim):
            continue  # a table that sums its rows along it: a part, or one overlapping one
        if _n_cells(systems[k]) < least:
            continue  # too few cells to print a row under each of the whole's columns
        rows = own_rows.get((k, dim))
        if rows is None:
            rows = own_rows[(k, dim)] = _own_rows(systems[k], dim)
        if rows and (set(rows) == columns if not by_row
                     else _same_columns(set(rows), columns, by_row)):
            found.append((k, rows))
    return found


def _column_groups(keys: Iterable[tuple[tuple[str, str], ...]], row_dims: frozenset[str]
                   ) -> dict[tuple[tuple[str, str], ...], set[tuple[tuple[str, str], ...]]]:
    """``keys`` (a cell's other labels) by their labels on ``row_dims``: each row of a
    two-dimensional totals table (``FY20``) with its columns (``F, M, Total``)."""
    groups: dict[tuple[tuple[str, str], ...], set[tuple[tuple[str, str], ...]]] = \
        defaultdict(set)
    for key in keys:
        groups[tuple(p for p in key if p[0] in row_dims)].add(
            tuple(p for p in key if p[0] not in row_dims))
    return groups


def _same_columns(rows: set[tuple[tuple[str, str], ...]],
                  columns: set[tuple[tuple[str, str], ...]],
                  by_row: dict[tuple[tuple[str, str], ...], set[tuple[tuple[str, str], ...]]]
                  ) -> bool:
    """A part table's rows (their other labels) under a two-dimensional totals table's
    columns (``by_row``: its columns by its rows' labels): the part prints some of its rows
    (one year of a year x sex totals table), under each exactly the whole's columns, at least
    ``MIN_COLUMNS`` (a part of other columns counts something else)."""
    if rows == columns:
        return True
    if not rows <= columns:
        return False
    mine = _column_groups(rows, frozenset(p[0] for key in by_row for p in key))
    return all(len(cols) >= MIN_COLUMNS and cols == by_row[row] for row, cols in mine.items())


def _row_dims(ts: TableSystem, dim: str) -> frozenset[str]:
    """The dimensions (folded) ``ts``'s rows print besides ``dim``."""
    rows = getattr(getattr(ts.output, "table", None), "row_dimensions", None) or ()
    return frozenset(_fold(d) for d in rows) - {dim}


def _others(cell: DataCell | None, dim: str) -> tuple[tuple[str, str], ...]:
    """A cell's labels on every dimension but ``dim`` (folded), with whether it is a margin
    there."""
    if cell is None:
        return ()
    return tuple(sorted((_fold(d), _fold(label) if d not in cell.total_dims else "")
                        for d, label in cell.coords.items() if _fold(d) != dim))


def _own_rows(ts: TableSystem, dim: str) -> dict[tuple[tuple[str, str], ...], list[int]]:
    """A table's cells that are categories (no margin) of ``dim``, by their other labels."""
    rows: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    for var in range(_n_cells(ts)):
        cell = ts.cell(var)
        if cell is not None and not any(_fold(d) == dim for d in cell.total_dims) and any(
                _fold(d) == dim for d in cell.coords):
            rows[_others(cell, dim)].append(var)
    return rows


def _n_cells(ts: TableSystem) -> int:
    cells = getattr(ts, "cells", None)
    return len(cells) if cells is not None else 0


def _margin_along(cell: DataCell | None, dim: str) -> bool:
    return cell is not None and any(_fold(d) == dim for d in cell.total_dims)


def union_system(systems: list[TableSystem], unions: list[UnionTotal]) -> TableSystem:
    """The equations ``parts + remainder = whole`` as a system of its own, with no cell:
    each part, the remainder and the whole are variables bounded by ``[0, inf)`` (the open
    tail), the parts and the whole linked to the tables' own (:func:`union_links`). Its
    output and measure are the first whole's table's (it names nothing: no cell)."""
    from sdc.linking import TableSystem
    from sdc.packed_equations import PackedEquations

    first = systems[unions[0].whole[0]]
    equations: list[list[int]] = []
    at = 0
    for union in unions:
        n = union.width
        equations.append(list(range(at, at + n)))
        at += n
    ts = TableSystem(output=first.output, measure=first.measure, cells=[],
                     lower=array("d"), upper=array("d"), suppressed=array("q"),
                     equation_cells=PackedEquations(equations), count=True, open_tail=at,
                     union_of=True)
    ts.exponents = []
    return ts


def union_links(unions: list[UnionTotal], offsets: list[int], first: int
                ) -> list[tuple[int, int]]:
    """The links of :func:`union_system`'s variables (starting at global variable ``first``)
    to the tables' own: each part's, then the whole's (the remainder is linked to none)."""
    links: list[tuple[int, int]] = []
    at = first
    for union in unions:
        for k, var in union.parts:
            links.append((offsets[k] + var, at))
            at += 1
        if not union.exact:
            at += 1  # the remainder
        kw, w = union.whole
        links.append((offsets[kw] + w, at))
        at += 1
    return links


def groups_of(unions: list[UnionTotal]) -> dict[int, list[UnionTotal]]:
    """The unions by their whole's table (one system each: a component joins only the
    tables its unions read)."""
    by: dict[int, list[UnionTotal]] = defaultdict(list)
    for union in unions:
        by[union.whole[0]].append(union)
    return dict(by)
