"""The unpublished totals of a table whose lines print none, made for every line at once.

Why: a 1 MiB long table has ~34,000 lines and no total. Its system, when the release hides a
cell and has other tables to link it to, gives each line an unpublished total variable keyed
by the line's other labels (``sdc.linking._virtual_total``); made line by line in Python,
that was most of the table's share of the release stage (~0.4 s a table). Here the keys are
rows of a code matrix, the totals numbered with ``numpy.unique`` in the order the lines first
give them, and the equations packed straight from the lines' arrays: the same variables,
keys, values and equations, in the same order (``tests/test_line_systems.py``).

Imported where used: numpy is loaded only for a table that needs it.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from sdc.coords import HELD_AS_LABELS, RowCoords, labels_along, labels_at, one_store
from sdc.link_labels import link_label
from sdc.packed_equations import Lines, PackedEquations

if TYPE_CHECKING:
    from sdc.linking import LabelCodes, LinkKey
    from sdc.table import DataCell, _Lines

_PAD = np.iinfo(np.int64).max  # after every code: a key's row ends in these
_EXACT = 2.0 ** 53  # whole numbers whose magnitudes sum below this add up exactly in any order


def virtual_totals(kept: _Lines, cells: list[DataCell], keys: Sequence[LinkKey],
                   codes: LabelCodes
                   ) -> tuple[list[LinkKey], list[float | None], PackedEquations]:
    """For ``cells`` (every cell of ``kept``, in its order: one measure, no margin, no line
    with a total), what ``build_table_system`` gives each line of two or more members: the
    new variables' keys and values (from ``len(cells)`` on, in the order first met) and the
    equations (members, then the line's total variable), line after line.

    A line's total is keyed as its first member less that member's label along the line
    (``LabelCodes.without``); lines of equal keys share one variable, whose value is the sum
    of the first such line's members (``None`` when one is unknown), summed as Python sums
    them (``float(sum(...))``; here exactly, or by Python when it may not be exact)."""
    n = len(cells)
    matrix = _key_matrix(keys)
    values_of = [c.source.value for c in cells]
    blank = np.fromiter((v is None for v in values_of), dtype=bool, count=n)
    value = np.array([0.0 if v is None else v for v in values_of], dtype=float)
    rows, firsts, line_members, line_sizes = [], [], [], []
    along = _codes_along(cells, codes)
    for (dim, flat, ends, _totals), positions in zip(kept.parts, kept.orders, strict=True):
        if not len(ends):
            continue
        order = np.asarray(positions, dtype=np.int64)
        stops = np.frombuffer(ends, dtype=np.int64)
        starts = np.concatenate(([0], stops[:-1]))
        sizes = stops - starts
        keep = np.flatnonzero(sizes >= 2)
        if not len(keep):
            continue
        first = order[starts[keep]]
        if along is not None:  # each cell's code at ``dim``, read for every cell at once
            label = along(dim)[first]
        else:
            texts = labels_along([flat[s].coords for s in starts[keep].tolist()], dim)
            coded = {text: _code(codes, text) for text in set(texts)}
            label = np.fromiter(map(coded.__getitem__, texts), dtype=np.int64,
                                count=len(keep))
        row = matrix[first].copy()
        row[row == label[:, None]] = _PAD
        row.sort(axis=1)
        rows.append(row)
        firsts.append(starts[keep])
        # the members of the kept lines, in line order
        kept_sizes = sizes[keep]
        at = np.repeat(starts[keep] - np.cumsum(kept_sizes) + kept_sizes, kept_sizes)
        line_members.append(order[np.arange(len(at)) + at])
        line_sizes.append(kept_sizes)
    if not rows:
        return [], [], PackedEquations()
    every = np.concatenate(rows)
    sizes = np.concatenate(line_sizes)
    members = np.concatenate(line_members)
    found, first_line, inverse = _distinct_rows(every)
    rank = np.empty(len(found), dtype=np.int64)
    by_first = np.argsort(first_line, kind="stable")
    rank[by_first] = np.arange(len(found), dtype=np.int64)
    var = n + rank[inverse.reshape(-1)]
    ordered = found[by_first]
    new_keys = _interned(ordered, codes)
    new_values = _line_sums(members, sizes, first_line[by_first], blank, value, values_of)
    equations = _packed(members, sizes, var)
    return new_keys, new_values, equations


def folded_keys(cells: list[DataCell], codes: LabelCodes) -> list[LinkKey] | None:
    """``[codes.folded_key(c.labels_key) for c in cells]`` (each cell's non-margin, non-blank
    labels, stripped, as the sorted set of their folded codes), made per distinct label and
    then for every cell at once; ``None`` when the cells are neither ``Coords`` of one layout
    nor rows of one ``LabelColumns`` store (``_label_columns``; then the caller makes them one
    by one). New labels are coded in the order the per-cell
    reading meets them (by the first cell that holds one, then in string order within it),
    so the codes, and the keys, are the same; the keys are interned as ``LabelCodes`` does.
    Unlike ``labels_key``, nothing is kept on the cells."""
    n = len(cells)
    if not n:
        return []
    column = _label_columns(cells)
    if column is None:
        return None
    layout, coded_of = column
    names = list(layout)
    width = len(names)
    stripped_id: dict[str, int] = {}  # each distinct stripped label, numbered
    ids = np.empty((n, width), dtype=np.int64)
    for k in range(width):
        held, texts = coded_of(k)
        local = np.array([stripped_id.setdefault(text.strip(), len(stripped_id))
                          for text in texts], dtype=np.int64)
        ids[:, k] = local[held]
    blank = stripped_id.get("")
    if blank is not None:
        ids[ids == blank] = -1
    for i, cell in enumerate(cells):  # margins: their dimensions' labels are not the key's
        if cell.total_dims:
            for dim in cell.total_dims:
                at = layout.get(dim)
                if at is not None:
                    ids[i, at] = -1
    labels = list(stripped_id)
    # the first cell holding each label, and the new ones coded in the per-cell order
    flat = ids.ravel()
    held = flat >= 0
    first = np.full(len(labels), n, dtype=np.int64)
    np.minimum.at(first, flat[held], np.repeat(np.arange(n, dtype=np.int64), width)[held])
    folded = codes._folded
    fresh = [j for j, label in enumerate(labels) if first[j] < n and label not in folded]
    fresh.sort(key=lambda j: (int(first[j]), labels[j]))
    for j in fresh:
        label = labels[j]
        if label not in folded:
            folded[label] = codes.code(link_label(label))
    code_of = np.array([folded.get(label, -1) if first[j] < n else -1
                        for j, label in enumerate(labels)], dtype=np.int64)
    matrix = np.where(ids >= 0, code_of[np.maximum(ids, 0)], -1)
    matrix[matrix < 0] = _PAD
    matrix.sort(axis=1)
    repeated = np.zeros_like(matrix, dtype=bool)
    repeated[:, 1:] = matrix[:, 1:] == matrix[:, :-1]
    matrix[repeated] = _PAD  # a label twice (in two dimensions) is once in the key
    matrix.sort(axis=1)
    return _interned(matrix, codes)


def _interned(matrix: np.ndarray, codes: LabelCodes) -> list[LinkKey]:
    """``[codes._one(tuple(row[:width])) ...]`` of the rows of a key matrix (each row its
    codes, then ``_PAD``s), in order: the tuples made a width at a time (``map(tuple, ...)``)
    and interned by the interning dict's own ``setdefault``, without a Python call per key
    (a long table has ~60,000 keys and line totals)."""
    widths = (matrix != _PAD).sum(axis=1)
    distinct = np.unique(widths).tolist()
    if len(distinct) == 1:
        tuples: list[LinkKey] = list(map(tuple, matrix[:, :distinct[0]].tolist()))
    else:
        tuples = [()] * len(matrix)
        for width in distinct:
            at = np.flatnonzero(widths == width).tolist()
            for i, key in zip(at, map(tuple, matrix[at, :width].tolist()), strict=True):
                tuples[i] = key
    interned = codes._interned  # ``codes._one``, one call for every key
    return list(map(interned.setdefault, tuples, tuples))


def _label_columns(cells: list[DataCell]
                   ) -> tuple[dict[str, int], Callable[[int], tuple[np.ndarray, list[str]]]
                              ] | None:
    """The cells' name -> position dict and, for a dimension's position, its labels on every
    cell as codes (a numpy array, in the cells' order) into a list of labels (each distinct
    label at least once), when the cells are ``Coords`` of one layout or rows of one
    ``LabelColumns`` store (a long table's since round 21: the store's rows were read as
    neither, so every long table's link keys were made one cell at a time, ~0.15 s a 1 MiB
    table); else ``None``. A store's codes are its own (``LabelColumns.codes``): no label
    is read per cell."""
    first = cells[0].coords
    if type(first) is RowCoords:
        store = one_store([c.coords for c in cells])
        if store is None:
            return None
        keys = [c.coords._row for c in cells]  # type: ignore[attr-defined]
        return store.at, lambda k: (store.codes(k, keys).astype(np.int64),
                                    store._labels[k])
    layout = getattr(first, "_at", None)
    if layout is None or any(type(c.coords) not in HELD_AS_LABELS
                             or c.coords._at is not layout  # type: ignore[attr-defined]
                             for c in cells):
        return None
    coords = [c.coords for c in cells]

    def coded(k: int) -> tuple[np.ndarray, list[str]]:
        texts = labels_at(coords, k)
        local: dict[str, int] = {}
        held = np.fromiter((local.setdefault(t, len(local)) for t in texts), dtype=np.int64,
                           count=len(texts))
        return held, list(local)

    return layout, coded


def _codes_along(cells: list[DataCell], codes: LabelCodes
                 ) -> Callable[[str], np.ndarray] | None:
    """For a dimension, every cell's :func:`_code` of its label there (-1 where the layout
    has no such dimension), when the cells' labels are read a column at a time
    (:func:`_label_columns`); else ``None``."""
    if not cells:
        return None
    column = _label_columns(cells)
    if column is None:
        return None
    layout, coded_of = column
    n = len(cells)

    def along(dim: str) -> np.ndarray:
        at = layout.get(dim)
        if at is None:
            return np.full(n, -1, dtype=np.int64)
        held, texts = coded_of(at)
        return np.array([_code(codes, text) for text in texts], dtype=np.int64)[held]

    return along


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_index=True, return_inverse=True)`` in some order of
    the distinct rows (the caller ranks them by first occurrence), by a stable ``lexsort``
    of the columns: ``unique`` along an axis sorts the rows as opaque bytes, several times
    slower."""
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    new = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    group = np.empty(len(order), dtype=np.int64)
    group[order] = np.cumsum(new) - 1
    return ordered[new], order[new], group  # stable: a group's first row is its first


def _code(codes: LabelCodes, label: str | None) -> int:
    """The code ``LabelCodes.without`` removes for ``label`` (-1: none, so nothing is)."""
    if label is None:
        return -1
    found = codes.find(link_label(label))
    return -1 if found is None else found


def _key_matrix(keys: Sequence[LinkKey]) -> np.ndarray:
    """The keys as rows of their codes, each row ending in ``_PAD``s (keys are sorted)."""
    n = len(keys)
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    width = int(lengths.max(initial=0))
    matrix = np.full((n, width + 1), _PAD, dtype=np.int64)  # + 1: a removed code's room
    flat = np.fromiter(itertools.chain.from_iterable(keys), dtype=np.int64,
                       count=int(lengths.sum()))
    row = np.repeat(np.arange(n, dtype=np.int64), lengths)
    col = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths,
                                                           lengths)
    matrix[row, col] = flat
    return matrix


def _line_sums(members: np.ndarray, sizes: np.ndarray, lines: np.ndarray, blank: np.ndarray,
               value: np.ndarray, values_of: list[float | None]) -> list[float | None]:
    """Each of ``lines``' sum of its members' values (``None`` when one is unknown), equal to
    ``float(sum(values))`` in member order: numpy's sums are used only where every value is
    a whole number and their magnitudes add up below 2**53 (then every order of adding is
    exact); ``+ 0.0`` as Python's ``sum`` starting from ``0`` never gives ``-0.0``."""
    starts = np.cumsum(sizes) - sizes
    own = members
    unknown = np.logical_or.reduceat(blank[own], starts) if len(own) else np.zeros(0, bool)
    with np.errstate(all="ignore"):
        v = value[own]
        sums = np.add.reduceat(v, starts) + 0.0 if len(own) else np.zeros(0)
        whole = np.logical_and.reduceat((v == np.floor(v)) | blank[own], starts)
        size = np.add.reduceat(np.abs(v), starts)
        exact = whole & (size < _EXACT)
    out: list[float | None] = []
    for k in lines.tolist():
        if unknown[k]:
            out.append(None)
        elif exact[k]:
            out.append(float(sums[k]))
        else:  # as Python adds them, in member order
            s, e = int(starts[k]), int(starts[k] + sizes[k])
            out.append(float(sum(values_of[i] for i in members[s:e].tolist())))
    return out


def _packed(members: np.ndarray, sizes: np.ndarray, var: np.ndarray) -> PackedEquations:
    """Each line's equation: its members, then its total's variable."""
    lines = Lines.of(members, sizes, var)  # lines of even steps: 5 bytes a line, not ~15
    if lines is not None:
        return PackedEquations.of_lines(lines)
    n_lines = len(sizes)
    ends = np.cumsum(sizes + 1)
    flat = np.empty(int(ends[-1]) if n_lines else 0, dtype=np.int32)
    is_total = np.zeros(len(flat), dtype=bool)
    is_total[ends - 1] = True
    flat[is_total] = var
    flat[~is_total] = members
    packed = PackedEquations()
    small = not len(flat) or (int(flat.min()) >= 0 and int(flat.max()) < 2**16)
    packed._vars = array("H" if small else "i",
                         flat.astype(np.uint16 if small else np.int32).tobytes())
    narrow = not n_lines or int(ends[-1]) < 2**31  # int32 ends, as ``append`` keeps them
    packed._ends = array("i" if narrow else "q",
                         ends.astype(np.int32 if narrow else np.int64).tobytes())
    return packed
