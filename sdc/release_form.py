"""The compact per-table form the release stage reads (issue 14 §3).

The per-output rules read a whole ``Table``; the release-level rules (the audit, SDC503,
SDC504, SDC701) read far less of it: per table a few names and flags, per data cell its value,
whether it is suppressed, its measure, its label on each dimension, the dimensions it is a
margin of, where it is in the file, its printed text and, for a few cells, evidence. That
contract is written down in ``docs/architecture.md`` ("The release seam").

``ReleaseTable`` holds exactly that as flat columns (``array.array``, not numpy: one small CSV
must load no numpy, ``tests/test_startup.py``; a reader wanting numpy wraps a column with
``np.frombuffer`` without a copy) and interned texts, so a table's model can go once its
per-output rules have run, and a ``-j`` worker can send back the form instead of the model.
It gives the table's cells back exactly (``cell(i)`` equals ``table.cells[i]``), so a release
reader can move onto it one at a time with an equivalence test.

A table the form cannot hold exactly (a cell type of a chart or the API, a label that is not
a string) gets none (``of`` returns None) and is kept as a model: never a cell lost.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from sdc.coords import (
    Coords,
    RowCoords,
    WideCoords,
    label_columns,
    labels_along,
    one_store,
    pairs_of,
)
from sdc.results import Location
from sdc.table import DataCell, Measure, RawCell, Role, Table, cell_ref, joined_labels

if TYPE_CHECKING:
    from sdc.outputs import Output

_NONE = -1  # no label on that dimension, no marker
# the label names a form holds at most: each has a column of every cell (a table whose cells
# name more, each its own, is kept as a model rather than held as cells x names)
MAX_NAMES = 64
_CHUNK = 8192  # cells made into columns at a time (``ReleaseTable._of``: bounds its lists)

# flags of a cell, one byte each
_HAS_VALUE = 1
_HIDDEN = 2

# the fields ``ReleaseTable._of`` reads a column at a time
_SOURCE, _MEASURE, _COORDS, _TOTALS, _EVIDENCE = map(
    attrgetter, ("source", "measure", "coords", "total_dims", "evidence"))
_RAW, _VALUE, _MARKER, _HIDDEN_OF, _ROW, _COL = map(
    attrgetter, ("raw", "value", "marker", "hidden", "row", "col"))
_AT, _LABELS = attrgetter("_at"), attrgetter("_labels")
# coordinates held as a shared position dict and labels in its order (made again as ``Coords``)
_HELD_AS_LABELS = {Coords, RowCoords, WideCoords}


class _Interned:
    """Texts (or any hashables) numbered in order of first sight."""

    __slots__ = ("ids", "items")

    def __init__(self) -> None:
        self.ids: dict[Any, int] = {}
        self.items: list[Any] = []

    def id(self, item: Any) -> int:
        found = self.ids.get(item)
        if found is None:
            found = self.ids[item] = len(self.items)
            self.items.append(item)
        return found


def indexed_measures(table: Table | ReleaseTable) -> list[Measure]:
    """The measures whose cells the index keeps: those the audit reads as counts
    (``sdc.linking.audited_as_count``), whole numbers read as magnitudes as well among them
    (round 51, unnamed51). A released ``area,Total`` or ``area,value`` is read both ways (its
    header names no quantity); indexed by its role alone it never entered the margins, and a
    later ``area × sex`` hiding a cell its counts pin passed under ``--ledger``, though the
    two tables in one release are linked."""
    from sdc.linking import audited_as_count  # the audit's own reading (linking imports much)

    return [m for m in table.measures if audited_as_count(cast("Table", table), m)]


@dataclass(slots=True, eq=False)
class ReleaseTable:
    """One table as the release stage reads it: per-table scalars and per-cell columns, in
    ``table.cells`` order (see the module's docstring)."""

    # per table
    path: str
    sheet: str | None
    dimensions: tuple[str, ...]
    row_dimensions: tuple[str, ...]
    column_dimensions: tuple[str, ...]
    layout: str
    title: tuple[str, ...]
    rows_unlabelled: bool
    label_columns: tuple[int, ...]
    column_headers: dict[int, str]
    measures: list[Measure]  # the table's own objects (a few per table)
    # interned: the names every cell's labels are under (the table's dimensions first), each
    # name's labels, the cells' label layouts (names in the cells' own order, and whether the
    # cell's coords were a ``Coords``), their margin sets and the markers' texts
    names: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    layouts: tuple[tuple[tuple[int, ...], bool], ...]
    margin_sets: tuple[frozenset[str], ...]
    markers: tuple[str, ...]
    # per cell
    value: array[float]  # 'd'; 0.0 where the cell has no value (``flags``)
    flags: bytearray  # _HAS_VALUE | _HIDDEN
    # the integer columns below are held in the smallest typecode of their signedness that
    # holds their numbers (``_smallest``: 'i' made 'b' or 'h', 'H' made 'B'...)
    marker: array[int]  # 'i': index into ``markers``, -1: not suppressed
    measure: array[int]  # 'H': index into ``measures``
    layout_of: array[int]  # 'H': index into ``layouts``
    # per name of ``names``, 'b' ('h' from 127 labels, 'i' past 32,766: ``_narrowed``): index
    # into its labels, -1
    label: tuple[array[int], ...]
    margins: array[int]  # 'H': index into ``margin_sets``
    row: array[int]  # 'i'
    col: array[int]  # 'i'
    raw: str  # every cell's printed text, joined
    raw_end: array[int]  # 'I': where each cell's text ends in ``raw``
    evidence: dict[int, dict[str, Any]]  # only the cells that have some

    @classmethod
    def of(cls, table: Table) -> ReleaseTable | None:
        """The form of ``table``, or None when it cannot hold the table's cells exactly."""
        try:
            return cls._of(table)
        except (OverflowError, TypeError):  # a number past a column's type, a set unhashable
            return None

    @classmethod
    def _of(cls, table: Table) -> ReleaseTable | None:
        """The form made a column at a time (``map`` steps in C: a loop a cell was 5% of
        checking linked long tables), ``_CHUNK`` cells at a time (whole-table lists were most
        of a 100,000-row table's check peak: +18.8 MiB over the model's 44); the labels too
        where every cell shares one ``Coords`` layout (a CSV's), else cell by cell
        (``_labels_by_cell``)."""
        cells = table.cells
        count = len(cells)
        if set(map(type, cells)) - {DataCell}:
            return None  # a chart's or the API's own cell: kept as a model
        measures = list(table.measures)
        measure_at = {id(m): i for i, m in enumerate(measures)}
        names = _Interned()
        for dim in table.dimensions:
            names.id(dim)
        labels: list[_Interned] = [_Interned() for _ in names.items]
        label: list[array[int]] = [array("i", [_NONE]) * count for _ in names.items]
        layouts = _Interned()
        layout_of = _labels_by_layout(cells, names, labels, label, layouts)
        if layout_of is None:
            return None
        markers, margin_sets = _Interned(), _Interned()
        marker_known: dict[Any, int] = {None: _NONE}
        margin_known: dict[Any, int] = {}
        value, marker, measure = array("d"), array("i"), array("H")
        margins, row, col, raw_end = array("H"), array("i"), array("i"), array("I")
        flags = bytearray()
        texts: list[str] = []
        evidence: dict[int, dict[str, Any]] = {}
        end = 0
        for first in range(0, count, _CHUNK):
            part = cells[first:first + _CHUNK]
            sources = list(map(_SOURCE, part))
            raws = list(map(_RAW, sources))
            if set(map(type, sources)) - {RawCell} or set(map(type, raws)) - {str}:
                return None  # a chart's cell, a text that is not a string: kept as a model
            at = list(map(measure_at.get, map(id, map(_MEASURE, part))))
            if None in at:
                return None  # a measure the table does not list: kept as a model
            totals = list(map(_TOTALS, part))
            if set(map(type, totals)) - {frozenset}:
                return None
            ends = list(accumulate(map(len, raws), initial=end))
            del ends[0]
            if ends:
                end = ends[-1]
                if end > 0xFFFFFFFF:
                    return None
            values = list(map(_VALUE, sources))
            value.fromlist([0.0 if v is None else v for v in values])
            flags += bytes([(_HAS_VALUE if v is not None else 0) | (_HIDDEN if h else 0)
                            for v, h in zip(values, map(_HIDDEN_OF, sources), strict=True)])
            marker.fromlist(_numbered(list(map(_MARKER, sources)), markers, marker_known))
            margins.fromlist(_numbered(totals, margin_sets, margin_known))
            measure.fromlist(cast("list[int]", at))  # no None: returned above
            row.fromlist(list(map(_ROW, sources)))
            col.fromlist(list(map(_COL, sources)))
            raw_end.fromlist(ends)
            texts.append("".join(raws))
            for i, e in enumerate(map(_EVIDENCE, part), first):
                if e is not None:
                    evidence[i] = e
        return cls(
            path=table.path, sheet=table.sheet, dimensions=tuple(table.dimensions),
            row_dimensions=tuple(table.row_dimensions),
            column_dimensions=tuple(table.column_dimensions), layout=table.layout,
            title=tuple(table.title), rows_unlabelled=table.rows_unlabelled,
            label_columns=tuple(table.label_columns), column_headers=dict(table.column_headers),
            measures=measures, names=tuple(names.items),
            labels=tuple(tuple(found.items) for found in labels),
            layouts=tuple(layouts.items), margin_sets=tuple(margin_sets.items),
            markers=tuple(markers.items), value=value, flags=flags, marker=_smallest(marker),
            measure=_smallest(measure), layout_of=_smallest(layout_of),
            label=tuple(_narrowed(column, len(found.items))
                        for column, found in zip(label, labels, strict=True)),
            margins=_smallest(margins), row=_smallest(row), col=_smallest(col),
            raw="".join(texts), raw_end=_smallest(raw_end), evidence=evidence)

    def __len__(self) -> int:
        return len(self.value)

    # -- per cell, as the model has it ---------------------------------------------------
    def cell_value(self, i: int) -> float | None:
        return self.value[i] if self.flags[i] & _HAS_VALUE else None

    def suppressed(self, i: int) -> bool:
        return self.marker[i] != _NONE

    def raw_text(self, i: int) -> str:
        return self.raw[self.raw_end[i - 1] if i else 0:self.raw_end[i]]

    def label_of(self, i: int, dim: str) -> str | None:
        """Cell ``i``'s label on ``dim``, None when it has none there."""
        try:
            n = self.names.index(dim)
        except ValueError:
            return None
        at = self.label[n][i]
        return None if at == _NONE else self.labels[n][at]

    def coords(self, i: int, shared: dict[tuple[int, ...], dict[str, int]] | None = None
               ) -> Mapping[str, str]:
        """Cell ``i``'s labels by dimension, in the cell's own order (a ``Coords`` where the
        model had one: ``shared`` keeps one position dict per layout across calls)."""
        ids, was_coords = self.layouts[self.layout_of[i]]
        texts = tuple(self.labels[n][self.label[n][i]] for n in ids)
        keys = [self.names[n] for n in ids]
        if not was_coords:
            return dict(zip(keys, texts, strict=True))
        at = shared.get(ids) if shared is not None else None
        if at is None:
            at = {key: k for k, key in enumerate(keys)}
            if shared is not None:
                shared[ids] = at
        return Coords(at, texts)

    def source(self, i: int) -> RawCell:
        m = self.marker[i]
        return RawCell(self.row[i], self.col[i], self.raw_text(i), self.cell_value(i),
                       None if m == _NONE else self.markers[m],
                       bool(self.flags[i] & _HIDDEN))

    def cell(self, i: int, shared: dict[tuple[int, ...], dict[str, int]] | None = None
             ) -> DataCell:
        """Cell ``i`` made again: equal to the model's ``table.cells[i]``."""
        return DataCell(self.measures[self.measure[i]], self.coords(i, shared), self.source(i),
                        self.margin_sets[self.margins[i]], self.evidence.get(i))

    def cells(self) -> Iterator[DataCell]:
        """Every cell made again, in order (one layout dict shared by the cells of a layout,
        as the readers' ``Coords`` share theirs)."""
        shared: dict[tuple[int, ...], dict[str, int]] = {}
        return (self.cell(i, shared) for i in range(len(self)))

    def cells_with_role(self, role: Role) -> list[DataCell]:
        """The cells of measures of ``role`` made again, in order (``Table.cells_with_role``)."""
        wanted = array("H", [k for k, m in enumerate(self.measures) if m.role == role])
        shared: dict[tuple[int, ...], dict[str, int]] = {}
        measure = self.measure
        return [self.cell(i, shared) for i in range(len(self)) if measure[i] in wanted]

    def count_rows(self) -> Iterator[tuple[str, dict[str, str], frozenset[str], int, int, str,
                                           float | None]]:
        """Each count cell as the ledger's index reads it (``ledger.index.describe``), in
        order: measure name, labels (a dict in the cell's order), margins, row, column,
        printed text, value; no cell made."""
        kept = {id(m) for m in indexed_measures(self)}  # read as counts, ``read_as`` too
        counts = {k for k, m in enumerate(self.measures) if id(m) in kept}
        keys = [[self.names[n] for n in ids] for ids, _ in self.layouts]
        for i in range(len(self)):
            m = self.measure[i]
            if m not in counts:
                continue
            layout = self.layout_of[i]
            ids = self.layouts[layout][0]
            texts = [self.labels[n][self.label[n][i]] for n in ids]
            yield (self.measures[m].name, dict(zip(keys[layout], texts, strict=True)),
                   self.margin_sets[self.margins[i]], self.row[i], self.col[i],
                   self.raw_text(i), self.cell_value(i))

    def row_label(self, i: int) -> str | None:
        """``Table.row_label`` of cell ``i``."""
        labels = [label for label in (self.label_of(i, d) for d in self.row_dimensions)
                  if label is not None]
        return joined_labels(labels) if labels else None

    def column_label(self, i: int) -> str | None:
        """``Table.column_label`` of cell ``i``."""
        name = self.measures[self.measure[i]].name
        if self.layout != "wide":
            return name
        labels = [label for label in (self.label_of(i, d) for d in self.column_dimensions)
                  if label is not None]
        return joined_labels(labels) if labels else name

    def location(self, i: int, path: str, sheet: str | None, table: int | None) -> Location:
        """Where a finding at cell ``i`` sits: ``Output.location`` of the cell, for the output
        at ``path``/``sheet`` (the output's own, which a release of several folders prefixes)
        and its ``table`` number."""
        return Location(path=path, sheet=sheet, cell=cell_ref(self.row[i], self.col[i]),
                        row_label=self.row_label(i), column_label=self.column_label(i),
                        table=table)

    def nbytes(self) -> int:
        """The bytes of the per-cell columns and texts (not the interned labels): what the
        form holds per cell."""
        columns: list[array[Any]] = [self.value, self.marker, self.measure, self.layout_of,
                                     self.margins, self.row, self.col, self.raw_end,
                                     *self.label]
        return (sum(c.itemsize * len(c) for c in columns) + len(self.flags)
                + len(self.raw.encode("utf-8")))



def _narrowed(column: array[int], distinct: int) -> array[int]:
    """A label column as 2-byte codes when its dimension has fewer than 32,767 labels (every
    table seen so far), 1-byte up to 126: the same numbers, ``_NONE`` too, at a half or a
    quarter of the bytes. Every form is held
    from its table's rules to the reports, so at 100 tables of 1 MiB this was ~30 MiB of the
    check's peak (issue 14 §3); readers take the column's ``typecode``/``itemsize``."""
    if distinct >= 2**15 - 1:
        return column
    return _retyped(column, "b" if distinct < 2**7 - 1 else "h")


# the typecodes a column may be narrowed to, smallest first, by signedness
_SIGNED, _UNSIGNED = ("b", "h", "i", "l", "q"), ("B", "H", "I", "L", "Q")


def _smallest(column: array[int]) -> array[int]:
    """``column`` in the smallest typecode of its signedness that holds its every number
    (the same numbers; never wider than it came). A long table's form held each of its
    per-cell numbers in 2 or 4 bytes where one measure, one layout, a marker or none, a row
    under 32,767 and one column need 1 or 2: ~0.3 of its ~1.1 MiB a 1 MiB table, held from
    the table's rules to the reports (issue 14 §3). Readers take the ``typecode``."""
    if not len(column):
        return column
    numpy = _numpy(column)
    if numpy is not None:
        held = numpy.frombuffer(column, dtype=column.typecode)
        low, high = int(held.min()), int(held.max())
    else:
        low, high = min(column), max(column)
    for code in _SIGNED if column.typecode in _SIGNED else _UNSIGNED:
        if array(code).itemsize >= column.itemsize:
            return column
        bits = 8 * array(code).itemsize
        if (code in _SIGNED and -2 ** (bits - 1) <= low and high < 2 ** (bits - 1)) or \
                (code in _UNSIGNED and high < 2 ** bits):
            return _retyped(column, code)
    return column


def _numpy(column: array[Any]) -> Any:
    """numpy when it is loaded already and ``column`` is long enough to be worth it (never
    imported here: one small CSV loads none, ``tests/test_startup.py``); else None."""
    return sys.modules.get("numpy") if len(column) >= 1024 else None


def _retyped(column: array[int], code: str) -> array[int]:
    """``column``'s numbers (each fits ``code``) as an array of ``code``: through numpy on a
    long column (an element at a time, 25,000 of them, was ~0.7 ms a column a 1 MiB table)."""
    numpy = _numpy(column)
    if numpy is None:
        return array(code, column)
    out = array(code)
    out.frombytes(numpy.frombuffer(column, dtype=column.typecode).astype(code).tobytes())
    return out


def _column(code: str, items: Iterable[Any]) -> array[Any]:
    """An array of ``items`` (from a list: an iterator is read an item at a time)."""
    out = array(code)
    out.fromlist(items if isinstance(items, list) else list(items))
    return out


def _numbered(items: list[Any], interned: _Interned, known: dict[Any, int]) -> list[int]:
    """Each of ``items`` as its number in ``interned`` (numbered in order of first sight,
    each distinct item once), or as ``known`` gives it."""
    for item in dict.fromkeys(items):
        if item not in known:
            known[item] = interned.id(item)
    return list(map(known.__getitem__, items))


def _labels_by_layout(cells: Sequence[DataCell], names: _Interned, labels: list[_Interned],
                      label: list[array[int]], layouts: _Interned) -> array[int] | None:
    """Each cell's layout (``layout_of``), filling ``label`` (and interning ``names``,
    ``labels``, ``layouts`` in the cells' order); None where the form cannot hold them. One
    ``Coords`` layout shared by every cell (a CSV's): a name's labels a column at a time,
    ``_CHUNK`` cells at a time."""
    count = len(cells)
    if (not count or not set(map(type, map(_COORDS, cells))) <= _HELD_AS_LABELS
            or len(set(map(id, map(_AT, map(_COORDS, cells))))) != 1):
        return _labels_by_cell(map(_COORDS, cells), count, names, labels, label, layouts)
    ids = _name_ids(tuple(cells[0].coords), names, labels, label, count)
    if ids is None:
        return None
    store = one_store([c.coords for c in cells])  # a long table's: its labels a column at a time
    if store is None and _lengths(map(_COORDS, cells)) - {len(ids)}:
        return _labels_by_cell(map(_COORDS, cells), count, names, labels, label, layouts)
    layout = layouts.id((ids, True))
    for first in range(0, count, _CHUNK):
        chunk = list(map(_COORDS, cells[first:first + _CHUNK]))
        size = len(chunk)
        columns = store.label_columns([co._row for co in chunk]) if store is not None \
            else label_columns(chunk, len(ids))
        del chunk
        for n, column in zip(ids, columns, strict=True):
            interned = labels[n]
            for text in dict.fromkeys(column):  # each distinct label once, in first-seen order
                if text not in interned.ids:
                    if type(text) is not str:
                        return None
                    interned.id(text)
            label[n][first:first + size] = _column("i", list(map(interned.ids.__getitem__,
                                                                      column)))
    return array("H", [layout]) * count


def _lengths(coords: Iterable[Any]) -> set[int]:
    """How many labels ``Coords`` and ``RowCoords`` among ``coords`` hold (a ``WideCoords``
    holds one a name of its layout, checked when made: no joined tuple made for it)."""
    coords = list(coords)
    if WideCoords in set(map(type, coords)):
        coords = [co for co in coords if type(co) is not WideCoords]
    return set(map(len, map(_LABELS, coords)))


def _name_ids(keys: tuple[Any, ...], names: _Interned, labels: list[_Interned],
              label: list[array[int]], count: int) -> tuple[int, ...] | None:
    """The names' numbers of a layout's ``keys`` (a column of labels added for each new
    name), None past ``MAX_NAMES`` or for a name that is not a string."""
    if any(type(key) is not str for key in keys):
        return None
    ids = tuple(names.id(key) for key in keys)
    if len(names.items) > MAX_NAMES:
        return None
    while len(label) < len(names.items):
        label.append(array("i", [_NONE]) * count)
        labels.append(_Interned())
    return ids


def _labels_by_cell(coords: Iterable[Any], count: int, names: _Interned,
                    labels: list[_Interned], label: list[array[int]], layouts: _Interned
                    ) -> array[int] | None:
    """``_labels_by_layout`` a cell at a time (``count`` cells' ``coords``): cells of several
    layouts (a ``Coords``' shared position dict, by identity, worked out once), or of dicts."""
    layout_of = array("H")
    by_at: dict[int, tuple[int, tuple[int, ...]]] = {}
    for i, cell_coords in enumerate(coords):
        if type(cell_coords) in _HELD_AS_LABELS:
            known = by_at.get(id(cell_coords._at))
            texts: tuple[Any, ...] = cell_coords._labels
        else:
            known, texts = None, tuple(cell_coords.values())
        if known is None:
            ids = _name_ids(tuple(cell_coords), names, labels, label, count)
            if ids is None:
                return None
            known = (layouts.id((ids, type(cell_coords) in _HELD_AS_LABELS)), ids)
            if type(cell_coords) in _HELD_AS_LABELS:
                by_at[id(cell_coords._at)] = known
        layout_of.append(known[0])
        for n, text in zip(known[1], texts, strict=True):
            found = labels[n].ids.get(text)
            if found is None:
                if type(text) is not str:
                    return None
                found = labels[n].id(text)
            label[n][i] = found
    return layout_of


_FORM = "_sdc_release_form"  # on the output: (its table, the form made of it)


def keep_form(output: Output, form: ReleaseTable | None) -> None:
    """``form`` kept on ``output`` as the form of its current table (``form_of``)."""
    output.__dict__[_FORM] = (output.table, form)


def forget_form(output: Output) -> None:
    """No form kept on ``output`` any more (``form_of`` then makes one when asked)."""
    output.__dict__.pop(_FORM, None)


def form_of(output: Output) -> ReleaseTable | None:
    """``output``'s compact form: the one kept on it for its current table (``keep_form``),
    else made now from that table and not kept, so a reader on the form costs no memory held
    beside the model (None: no table, or one the form cannot hold: read the model)."""
    table = output.table
    if table is None:
        return None
    kept = output.__dict__.get(_FORM)
    if kept is not None and kept[0] is table:
        return kept[1]
    return ReleaseTable.of(table)


class TableCells:
    """An output's cells read by place in its table (``table.cells`` order): value, printed
    text, measure, whether suppressed, where in the file, and the cell itself only where a
    reader names it. From the table's compact form where it has one (``form_of``: no cell made
    but those asked for), else from its cells. One reader for every release reader moving
    onto the form (SDC501/502's share recoveries, SDC503's count indexes)."""

    __slots__ = ("cells", "form", "measures")

    def __init__(self, output: Output) -> None:
        from sdc.table_standin import TableStandIn

        table = output.table
        assert table is not None
        self.form = form_of(output)
        # the model's, while the table holds them; none once it has gone (the form's then)
        self.cells: Sequence[Any] = () if isinstance(table, TableStandIn) else table.cells
        self.measures: list[Measure] = (self.form.measures if self.form is not None
                                        else list(table.measures))

    @classmethod
    def of_cells(cls, cells: Sequence[Any]) -> TableCells:
        """Cells given as they are (no form): a reader over cells made elsewhere."""
        read = cls.__new__(cls)
        read.form, read.cells = None, cells
        read.measures = list({id(c.measure): c.measure for c in cells
                              if hasattr(c, "measure")}.values())
        return read

    def __len__(self) -> int:
        return len(self.form) if self.form is not None else len(self.cells)

    def values(self) -> Iterator[float | None]:
        form = self.form
        if form is None:
            return (c.value for c in self.cells)
        return (form.cell_value(i) for i in range(len(form)))

    def value(self, i: int) -> float | None:
        return self.form.cell_value(i) if self.form is not None else self.cells[i].value

    def suppressed(self, i: int) -> bool:
        return self.form.suppressed(i) if self.form is not None else self.cells[i].suppressed

    def values_or_nan(self, places: Sequence[int]) -> Any:
        """The values at ``places`` as a numpy array of floats, NaN where a cell has none:
        ``[nan if (v := self.value(i)) is None else v for i in places]``, read from the
        form's columns at once where it has them (a call per count was most of SDC503's
        re-run comparison of a hundred long tables)."""
        import numpy as np

        form = self.form
        if form is None:
            return np.array([np.nan if (v := c.value) is None else v
                             for c in (self.cells[i] for i in places)], dtype=float)
        value, has, _ = self.value_columns(places)
        value[~has] = np.nan
        return value

    def value_columns(self, places: Sequence[int]) -> tuple[Any, Any, Any]:
        """The form's values at ``places`` (float64; 0.0 where a cell has none), whether each
        has one, and whether each is suppressed (a marker), as numpy arrays (a form only)."""
        import numpy as np

        form = self.form
        assert form is not None
        at = np.fromiter(places, dtype=np.int64, count=len(places))
        value = np.frombuffer(form.value, dtype=np.float64)[at] if len(form.value) else (
            np.zeros(len(at), dtype=np.float64))
        has = (np.frombuffer(form.flags, dtype=np.uint8)[at] & _HAS_VALUE) != 0 if len(
            form.flags) else np.zeros(len(at), dtype=bool)
        hidden = (np.frombuffer(form.marker, dtype=form.marker.typecode)[at] != _NONE
                  if len(form.marker) else np.zeros(len(at), dtype=bool))
        return value, has, hidden

    def raw(self, i: int) -> str:
        return self.form.raw_text(i) if self.form is not None else self.cells[i].source.raw

    def measure(self, i: int) -> Measure:
        form = self.form
        return form.measures[form.measure[i]] if form is not None else self.cells[i].measure

    def place(self, i: int) -> tuple[int, int]:
        """Where cell ``i`` is in the file: (row, column)."""
        form = self.form
        if form is not None:
            return form.row[i], form.col[i]
        source = self.cells[i].source
        return source.row, source.col

    def margins(self, i: int) -> frozenset[str]:
        """The dimensions cell ``i`` is a margin of."""
        form = self.form
        if form is not None:
            return form.margin_sets[form.margins[i]]
        return self.cells[i].total_dims

    def labels_along(self, places: Sequence[int], dim: str, default: Any = None) -> list[Any]:
        """The label at ``dim`` of each cell at ``places`` (``default`` where it has none), in
        order: read from the form's column of ``dim``, no cell made."""
        form = self.form
        if form is None:
            return labels_along([self.cells[i].coords for i in places], dim, default)
        try:
            n = form.names.index(dim)
        except ValueError:
            return [default] * len(places)
        column, texts = form.label[n], form.labels[n]
        # each code's text (``_NONE``'s the default) looked up in C, not a step a place
        text_of: dict[int, Any] = dict(enumerate(texts))
        text_of[_NONE] = default
        return list(map(text_of.__getitem__, map(column.__getitem__, places)))

    def label(self, i: int, dim: str) -> str | None:
        """Cell ``i``'s label at ``dim`` (None where it has none: ``coords.get(dim)``)."""
        form = self.form
        return form.label_of(i, dim) if form is not None else self.cells[i].coords.get(dim)

    def pairs(self, i: int) -> Iterable[tuple[str, str]]:
        """Cell ``i``'s (dimension, label) pairs in the cell's own order (``coords.items()``)."""
        form = self.form
        if form is None:
            return pairs_of(self.cells[i].coords)
        names, labels, columns = form.names, form.labels, form.label
        return [(names[n], labels[n][columns[n][i]])
                for n in form.layouts[form.layout_of[i]][0]]

    def places_of(self, roles: Container[Role], ints: Sequence[int] | None = None
                  ) -> list[int]:
        """The places of the cells whose measure's role or reading is in ``roles``, in order
        (``ints``: the int objects to give them as, ``ints[i] == i``: a release's shared ones,
        ``LabelsKeys.places``, so readers holding places of many tables hold no int each)."""
        # given ``ints``, each place is taken from them as it is found: a list of new ints
        # mapped after was an int object a cell beside the shared ones (9 MiB at SDC503's
        # peak on a table of 228,000 cells, issue 14 §3)
        give: Sequence[int] = range(len(self)) if ints is None else ints
        form = self.form
        if form is None:
            return [give[i] for i, c in enumerate(self.cells)
                    if c.measure.role in roles or c.measure.read_as in roles]
        wanted = array("H", [k for k, m in enumerate(form.measures)
                             if m.role in roles or m.read_as in roles])
        n = len(form)
        if len(wanted) == len(form.measures):  # every cell's measure: no test a cell
            if ints is None:
                return list(range(n))
            taken = ints[:n]  # a list's slice is a list: no second copy
            return taken if isinstance(taken, list) else list(taken)
        measure = form.measure
        return [give[i] for i in range(n) if measure[i] in wanted]

    def cell(self, i: int) -> DataCell:
        """Cell ``i``: the model's own while the table holds it, else made from the form
        (equal to it: a finding's location reads the same)."""
        if self.cells or self.form is None:
            return self.cells[i]
        return self.form.cell(i)
