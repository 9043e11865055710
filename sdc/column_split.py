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

Cost: columns are grouped by their rows first (most releases: no two columns of one
population print the same rows under another table's); within a group at most
``MAX_TRIES`` sets of columns are tried (left: a larger group's other sets, decisions.md).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sdc.union_labels import sole_count
from sdc.union_totals import UnionTotal

if TYPE_CHECKING:
    from sdc.linking import TableSystem

__all__ = ["column_unions"]

MIN_COMPLETE = 2  # rows every column of a sum prints on, each adding up exactly
MIN_PARTS = 2  # a total of one column is a copy (the linking's)
MAX_TRIES = 4096  # sets of columns tried within one group of columns of the same rows


def column_unions(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str]
                  ) -> list[UnionTotal]:
    """Each row of a column that is the sum of other columns of the same rows (in other
    tables) as an exact union of them; ``combos``: each table's variables' combination
    numbers (the linking's, one category spelt two ways being one)."""
    found: list[UnionTotal] = []
    for group in _groups(systems, combos, pops):
        found.extend(_group_unions(systems, group))
    return found


def _groups(systems: list[TableSystem], combos: dict[int, Any], pops: dict[int, str]
            ) -> list[list[tuple[int, dict[int, int]]]]:
    """The count columns of one-way tables of one count (``region,female``; a crosstab's
    cells are no column, and joining many crosstabs of one shape cell by cell met sums by
    chance; ACRO's ``count / F`` beside ``count / M`` is left, as ``sdc.union_totals``
    leaves it), grouped by population and the combinations they print (each column's variable
    by combination), groups of three or more, in table order."""
    import numpy as np

    by: dict[tuple[str, int, bytes], list[tuple[int, Any]]] = defaultdict(list)
    for k in sorted(pops):
        ts, of = systems[k], combos.get(k)
        n = len(getattr(ts, "cells", None) or ())
        if of is None or n < 2 or not ts.count or getattr(ts, "union_of", False):
            continue
        dims = getattr(getattr(ts.output, "table", None), "dimensions", None) or ()
        if len(dims) != 1 or not sole_count(ts):
            continue  # a column is a one-way table's only count (a crosstab's cells, or
            # ACRO's ``count / F`` of a table of several counts, are no one column)
        mine = np.asarray(of[:n], dtype=np.int64)
        key = np.unique(mine)
        if len(key) != n:
            continue  # two cells of one combination: not one row each
        by[(pops[k], n, key.tobytes())].append((k, mine))
    groups = []
    for members in by.values():
        if len(members) < MIN_PARTS + 1:
            continue
        if not any(systems[k].suppressed for k, _ in members):
            continue  # nothing hidden: the equations would tell nothing
        groups.append([(k, {int(c): v for v, c in enumerate(mine)}) for k, mine in members])
    return groups


def _group_unions(systems: list[TableSystem], group: list[tuple[int, dict[int, int]]]
                  ) -> list[UnionTotal]:
    """The exact sums among one group's columns (rows in the first column's order)."""
    import numpy as np

    rows = list(group[0][1])
    n = len(group)
    values = np.full((len(rows), n), np.nan)
    for j, (k, var_of) in enumerate(group):
        ts = systems[k]
        for r, combo in enumerate(rows):
            cell = ts.cell(var_of[combo])
            if cell is not None and cell.value is not None and not cell.suppressed:
                values[r, j] = float(cell.value)
    printed = ~np.isnan(values)
    hides = [bool(systems[k].suppressed) for k, _ in group]
    tables = [_table_of(systems[k]) for k, _ in group]
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
                complete = _adds_up(values, printed, w, parts)
                if complete:
                    found.extend(_row_unions(group, rows, w, parts,
                                             weak=complete < MIN_COMPLETE))
    return found


def _adds_up(values: Any, printed: Any, w: int, parts: tuple[int, ...]) -> int:
    """The rows all of column ``w`` and ``parts`` print, ``w`` not zero there, where ``w``
    is the sum of ``parts`` on every one of them and each part is not zero on one (0: not
    so, or no such row)."""
    import numpy as np

    # a row of zeros adds up whatever the columns are: no evidence
    complete = printed[:, w] & np.all(printed[:, list(parts)], axis=1) & (values[:, w] != 0)
    n = int(complete.sum())
    if not n:
        return 0
    whole = values[complete, w]
    shares = values[complete][:, list(parts)]
    if not np.all(np.any(shares != 0, axis=0)):
        return 0  # a column of zeros adds nothing: no evidence it is a part (a copy)
    total = shares.sum(axis=1)
    return n if bool(np.all(np.abs(total - whole) <= 1e-9 * np.maximum(1.0, np.abs(whole)))
                     ) else 0


def _row_unions(group: list[tuple[int, dict[int, int]]], rows: list[int], w: int,
                parts: tuple[int, ...], *, weak: bool) -> list[UnionTotal]:
    """One exact union a row: the whole column's cell the sum of the parts' cells
    (``weak``: one printed row says so)."""
    kw, whole_of = group[w]
    found = []
    for combo in rows:
        whole = (kw, whole_of[combo])
        taken = tuple((group[j][0], group[j][1][combo]) for j in parts)
        found.append(UnionTotal(whole, taken, (whole, *taken), exact=True, weak=weak))
    return found


def _table_of(ts: TableSystem) -> tuple[str, str | None, int | None]:
    """The file, sheet and table a column belongs to."""
    out = ts.output
    return (str(getattr(out, "path", "")), getattr(out, "sheet", None),
            getattr(out, "table_number", None))
