"""Hierarchical rows: a subtotal row followed by the rows it sums, with no total word.

Published tables nest categories: ``North East`` over its indented areas, NACE section ``C``
over divisions ``C10``, ``C11``; SIC ``10`` over ``10.1``, ``10.2``; the ICD block
``I00-I99`` over ``I20-I25``. A suppressed area is then recoverable from its region's row
(120 - 60 - 55), the handbook's hierarchical-table case, but no label says ``Total``. The
hierarchy is read from the labels' structure only (indentation or a bullet before the label,
a code that extends or falls inside the code of an earlier row whose rows it follows); the
numbers must then fit (published children adding up to the parent exactly, known ones never
above it). A wrong guess only adds an equation to the suppression audit (a finding, never a
pass).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from sdc.table import DataCell, Table

Tolerance = Callable[[list[DataCell], DataCell], float]

_LEAD = re.compile(r"^[\s\u00a0\u2000-\u200a\u3000]*(?:[-\u2013\u2014\u2022\u00b7>*]+\s*)?")
_CODE = re.compile(r"^([A-Z]{1,2}(?=\d|\s|$)|[A-Z]?\d+(?:\.\d+)*)(?:\s|$|[-:])")
_RANGE = re.compile(r"^([A-Z])(\d{2})\s*[-\u2013]\s*\1?(\d{2})\b")


def _depth(raw: str) -> int:
    """How far a label is set in: leading spaces, or a bullet (one level)."""
    lead = _LEAD.match(raw)
    text = lead.group(0) if lead else ""
    bullet = any(ch in "-\u2013\u2014\u2022\u00b7>*" for ch in text)
    return len(text) + 1 if bullet else len(text)


def _under_by_code(child: str, parent: str) -> bool:
    """``C10`` under ``C``, ``10.1`` under ``10``, ``I20-I25`` under ``I00-I99``."""
    c_range, p_range = _RANGE.match(child), _RANGE.match(parent)
    if c_range and p_range:
        return (c_range[1] == p_range[1] and int(p_range[2]) <= int(c_range[2])
                and int(c_range[3]) <= int(p_range[3]) and (c_range[2], c_range[3])
                != (p_range[2], p_range[3]))
    c_code, p_code = _CODE.match(child), _CODE.match(parent)
    if not (c_code and p_code):
        return False
    c, p = c_code[1], p_code[1]
    if len(c) <= len(p) or not c.startswith(p):
        return False
    nxt = c[len(p)]
    # SIC/NACE numbers without dots: division 10 over group 101 over class 1011 (two digits at
    # least: 1 over 10, 11 is a count of things, not a code)
    return nxt == "." or (p.isalpha() and nxt.isdigit()) or (
        p.isdigit() and c.isdigit() and len(p) >= 2)


def _parents(raws: list[str]) -> list[int | None]:
    """For each label in order, the index of the label it sits under (or None): the nearest
    earlier label set in less deep, or (labels not set in) the nearest earlier one it falls
    under by its code. Both are found by index, not by walking back over every earlier label:
    20,000 LSOA codes (none under another) compared 200 M pairs that way."""
    depths = [_depth(r) for r in raws]
    # labels padded to one width (right-aligned, as fixed-width text is) are not set in
    indented = len(set(depths)) > 1 and len({len(r.rstrip()) for r in raws}) > 1
    if indented:
        return _shallower_before(depths)
    parents: list[int | None] = []
    # reach[j]: the last row of the unbroken run of rows under row j that starts just after it
    # (j itself when the next row is not under it), kept as rows are added, so "every row
    # between is under j" is one comparison rather than a walk over those rows
    reach: list[int] = []
    codes = _CodeIndex()
    for i, raw in enumerate(raws):
        j = codes.nearest_parent(raw.strip())
        # a parent's rows follow it: every row between is under it too (age 10 is not over
        # age 100 across 11..99)
        if j is not None and reach[j] < i - 1:
            j = None
        parents.append(j)
        reach.append(i)
        at = j
        while at is not None:  # the row's ancestors whose run it continues
            if reach[at] == i - 1:
                reach[at] = i
            at = parents[at]
        codes.add(i, raw.strip())
    return parents


def _shallower_before(depths: list[int]) -> list[int | None]:
    """For each depth, the index of the nearest earlier one that is smaller (a stack of the
    indices whose depths rise: each index is pushed and popped once)."""
    found: list[int | None] = []
    stack: list[int] = []
    for i, depth in enumerate(depths):
        while stack and depths[stack[-1]] >= depth:
            stack.pop()
        found.append(stack[-1] if stack else None)
        stack.append(i)
    return found


class _CodeIndex:
    """The labels seen so far by their code, so the nearest earlier label a label falls under
    by :func:`_under_by_code` is a look-up of its code's prefixes (and of the few ICD-style
    ranges) rather than a comparison with every earlier label."""

    def __init__(self) -> None:
        self._plain: dict[str, int] = {}  # code -> latest index, the label not a range
        self._ranged: dict[str, int] = {}  # code -> latest index, the label a range
        self._ranges: list[tuple[int, str]] = []  # (index, label) of every range label

    def add(self, i: int, label: str) -> None:
        ranged = _RANGE.match(label) is not None
        if ranged:
            self._ranges.append((i, label))
        code = _CODE.match(label)
        if code:
            (self._ranged if ranged else self._plain)[code[1]] = i

    def nearest_parent(self, label: str) -> int | None:
        """max j with ``_under_by_code(label, label_j)``, or None."""
        ranged = _RANGE.match(label) is not None
        best = -1
        if ranged:  # a range under a range is judged by the ranges alone
            for j, other in reversed(self._ranges):
                if j <= best:
                    break
                if _under_by_code(label, other):
                    best = j
                    break
        code = _CODE.match(label)
        if code:
            c = code[1]
            for k in range(1, len(c)):
                p, nxt = c[:k], c[k]
                if not (nxt == "." or (p.isalpha() and nxt.isdigit())
                        or (p.isdigit() and c.isdigit() and len(p) >= 2)):
                    continue
                best = max(best, self._plain.get(p, -1))
                if not ranged:  # a range's code counts for a child that is no range
                    best = max(best, self._ranged.get(p, -1))
        return best if best >= 0 else None


MAX_PAIRS = 200  # distinct labels whose pairs are compared before grouping the lines


def _may_nest(labels: set[str]) -> bool:
    """Whether any line over these labels could nest (see :func:`_parents`): some label set
    in deeper than another, or some label under another by its code. False only when no
    ordering of them can give a label a parent, so the dimension's lines need not be formed;
    with many distinct labels (row-level ids) the lines are read as before."""
    if len(labels) > MAX_PAIRS:
        return True
    if len({_depth(r) for r in labels}) > 1:
        return True
    stripped = {r.strip() for r in labels}
    return any(_under_by_code(a, b) for a in stripped for b in stripped if a != b)


def _descends(parents: list[int | None], k: int, j: int) -> bool:
    """Whether row k sits under row j, directly or through its parents."""
    at = parents[k]
    while at is not None and at > j:
        at = parents[at]
    return at == j


def hierarchy_totals(table: Table, cells: list[DataCell], tolerance: Tolerance
                     ) -> list[tuple[list[DataCell], DataCell]]:
    """(children, parent) pairs of a row dimension whose labels nest and whose numbers fit."""
    if not table.row_dimensions or not any(c.suppressed for c in cells):
        return []
    found: list[tuple[list[DataCell], DataCell]] = []
    # a long table repeats the same few label sequences in thousands of lines: each sequence's
    # nesting is read once (it depends on the labels only)
    nesting: dict[tuple[str, ...], list[int | None]] = {}
    raws_of: dict[int, dict[int, str]] = {}  # one label column's at a time: a dict of
    # every row per column was 8 MiB at once on a 1 MiB long table of six label columns
    # whether every cell is on one of those lines, asked once for every column; no set of
    # the cells' lines nor of the grid's (sets of 25,000 ints were 4.5 MiB at the audit's
    # peak on a 1 MiB long table: a byte a line does it)
    lines, width = _grid_lines(table) if SCREEN_BY_COLUMN else (None, 0)
    on_lines = lines is not None and _all_on(cells, lines)
    for i, dim in enumerate(table.row_dimensions):
        if i >= len(table.label_columns):
            break
        col = table.label_columns[i]
        if lines is not None and col <= width:
            # ``_raws_in`` would hold every row, one cell each: its lines are the grid's and
            # its texts the column's, read without a dict of every row
            if on_lines and not _may_nest(table.grid.column_texts(col)):
                continue  # (the test below, on the same lines and texts)
            raw_at = raws_of.get(col)
            if raw_at is None:
                raws_of.clear()
                raw_at = raws_of[col] = _raws_in(table, col)
        else:
            raw_at = raws_of.get(col)
            if raw_at is None:
                raws_of.clear()
                raw_at = raws_of[col] = _raws_in(table, col)
            if (all(c.source.row in raw_at for c in cells)
                    and not _may_nest(set(raw_at.values()))):
                # every cell's label is its line's text in the column, so the column's
                # distinct texts hold them all: when no two of those can nest, no two of the
                # labels can (``_may_nest`` of a subset is never True when the superset's is
                # False)
                continue
        if not _may_nest({raw_at.get(c.source.row, c.coords[dim]) for c in cells
                          if dim in c.coords and dim not in c.total_dims}):
            continue
        others = [d for d in table.dimensions if d != dim]
        groups: dict[tuple, list[DataCell]] = defaultdict(list)
        for cell in cells:
            if dim in cell.coords and dim not in cell.total_dims:
                groups[tuple(cell.coords.get(d) for d in others)].append(cell)
        for line in groups.values():
            line.sort(key=lambda c: c.source.row)
            raws = tuple(raw_at.get(c.source.row, c.coords[dim]) for c in line)
            parents = nesting.get(raws)
            if parents is None:
                parents = nesting[raws] = _parents(list(raws))
            if any(p is not None for p in parents):
                found += _fitting(line, parents, tolerance)
    return found


SCREEN_BY_COLUMN = True  # tests refuse the shortcut to hold it to the dict of every row


def _grid_lines(table: Table) -> tuple[bytearray | set[int] | None, int]:
    """The file lines of a regular grid's non-empty rows and the fewest cells any of them
    holds, when no two rows are on one line: then ``_raws_in`` of a column within that width
    holds a cell of every such row, its keys are these lines and its values the column's
    texts. ``(None, 0)`` otherwise. The lines as a byte per line number (1 where a row is
    on it: ``_all_on``), or a set where the numbers are far apart."""
    grid = table.grid
    if not grid.is_regular():
        return None, 0
    firsts = grid.first_lines()
    top = max(firsts, default=0)
    if min(firsts, default=0) < 0 or top > 4 * len(firsts) + 2**16:
        lines = set(firsts)
        if len(lines) != len(firsts):
            return None, 0
        return lines, grid.fewest_cells()
    marks = bytearray(top + 1)
    for line in firsts:
        if marks[line]:
            return None, 0  # two rows on one line
        marks[line] = 1
    del firsts
    return marks, grid.fewest_cells()


def _all_on(cells: list[DataCell], lines: bytearray | set[int]) -> bool:
    """Whether every cell's source is on one of ``lines`` (``_grid_lines``)."""
    if isinstance(lines, set):
        return all(c.source.row in lines for c in cells)
    top = len(lines)
    return all(0 <= (row := c.source.row) < top and lines[row] for c in cells)


def _raws_in(table: Table, col: int) -> dict[int, str]:
    """The text of each grid row's cell in file column ``col``, by row (the last such cell
    of a row, in grid order)."""
    return {c.row: c.raw for c in table.grid.column(col)}  # in grid order: the last wins


def _fitting(line: list[DataCell], parents: list[int | None], tolerance: Tolerance
             ) -> list[tuple[list[DataCell], DataCell]]:
    children: dict[int, list[DataCell]] = defaultdict(list)
    for i, p in enumerate(parents):
        if p is not None:
            children[p].append(line[i])
    out = []
    for p, kids in children.items():
        parent = line[p]
        if len(kids) < 2 or (parent.value is None and not parent.suppressed):
            continue
        if not any(c.suppressed for c in (parent, *kids)):
            continue  # nothing hidden: the published lines are SDC402's (no guessed check)
        known = [k.value for k in kids if k.value is not None]
        tol = tolerance(kids, parent)
        if parent.value is not None:
            if len(known) == len(kids) and abs(sum(known) - parent.value) > tol:
                continue
            if sum(known) > parent.value + tol:
                continue
        out.append((kids, parent))
    return out
