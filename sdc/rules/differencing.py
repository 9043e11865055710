"""SDC503: published counts whose populations nest, so their difference is a count too.

Three ways a release hands out a count it never printed:

* the same variable cut into different bands (``<20, 20-39`` here, ``<25, 25-39`` there):
  ``(<25) − (<20)`` is the 20–24 band;
* a subgroup output beside a whole-population one (``population = { sex = "M" }`` in
  request.toml): whole − subgroup is the complement;
* the same table run twice on populations that differ slightly (a re-run with an extra
  patient): the difference is the patients who changed;
* one count in two tables that agree under most labels they share and are a few units apart
  under the others (a one-way table's true total beside a suppressed crosstab's margin that
  ACRO recomputed without the hidden cells): the gap is those units;
* the same cumulative count published at two dates (``jan.csv`` and ``feb.csv`` of cases to
  date): the later minus the earlier is the count of the period between.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import operator
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeGuard

from sdc.coords import HELD_AS_LABELS, cell_labels_by_dim, labels_at, pairs_of
from sdc.count_index import CountIndex, machine_ints
from sdc.formatting import fmt_number
from sdc.release_form import TableCells
from sdc.results import Finding, Location
from sdc.rules.base import Rule, RuleParams
from sdc.rules.isolation import crash_finding, each_guarded, guarded_call
from sdc.single_part import single_parts
from sdc.table import DataCell, LabelsKey, Role, cell_ref
from sdc.tolerance import float_slack

if TYPE_CHECKING:  # numpy, sdc.linking and sdc.bands are imported where used: `sdc rules`
    import numpy as np  # needs none of them

    from sdc.bands import Band, SliverDerivation
    from sdc.context import CheckContext
    from sdc.labels_keys import LabelsKeys
    from sdc.outputs import Output
    from sdc.release_form import ReleaseTable
    from sdc.renamed_categories import Profile, Recovery
    from sdc.renamed_reruns import Grid


_ABSENT: Any = object()  # a label a cell does not hold (``cell_labels``'s default)
_MANY: Any = object()  # a context of more than one shape of bands (``Differencing._bands``)


@dataclass(slots=True)
class Cutting:
    """One banding of a variable in one output, for one combination of the other labels
    (slots: a long table has tens of thousands, and a ``__dict__`` each was 0.6 MiB of
    SDC503's peak on a 100,000-row table).

    Its cells are places in the output's table, read through ``read`` (the table's compact
    form where it has one, ``release_form.TableCells``): a cutting keeps no ``DataCell``, so
    the cuttings held for the release do not keep the table's model alive (issue 14 §3); a
    cell is made only where a finding names it (``cell``).

    Its places are a tuple beside ``bands`` (``places[i]`` is the cell of ``bands[i]``), not
    a dict of label -> place: a dict of 8 bands was 272 bytes, the tuple is 104, for the
    ~4,000 cuttings of a 1 MiB long table held in SDC503's forked process from the first
    ``cut`` to ``_together`` (round 46, child46). ``cells`` makes the dict when asked."""

    output: Output
    dimension: str
    context: tuple[str, tuple[str, ...]]  # population, other labels (sorted, each once)
    places: tuple[int, ...]  # the place in the table of each band's cell, in ``bands`` order
    bands: list[Band]
    read: TableCells = field(compare=False, repr=False)

    @classmethod
    def of_cells(cls, output: Output, dimension: str, context: tuple[str, tuple[str, ...]],
                 cells: Mapping[str, int], bands: list[Band], read: TableCells) -> Cutting:
        """A cutting of cells given by band label (as ``Band.label``, or as written where
        that strips to it: ``cells_by_band``)."""
        return cls(output, dimension, context, tuple([cells_by_band(cells, b) for b in bands]),
                   bands, read)

    @property
    def cells(self) -> dict[str, int]:
        """Band label -> the cell's place in the table, in ``bands`` order (made anew)."""
        return dict(zip([b.label for b in self.bands], self.places, strict=True))

    def value(self, label: str) -> float | None:
        return self.read.value(self.cells[label])

    def cell(self, place: int) -> DataCell:
        """The cell at ``place`` (the model's own while the table holds it)."""
        return self.read.cell(place)


class CutColumns:
    """One table's cuttings as columns: each cutting's kind (its dimension and list of
    bands, one entry a distinct pair), its context and where its places end in one column
    of every cutting's places, in ``output_cuttings``' order. ``cutting(i)`` (and iterating)
    makes the ``Cutting`` (equal to the one ``output_cuttings`` gives; made anew each time).

    Why (round 48, child48): SDC503 holds every table's cuttings from the first ``cut`` to
    ``_together``'s end, in its forked process while the parent is at its own peak. As
    objects they were ~170 bytes a cutting (the object and its tuple of places; ~4,000 a
    1 MiB long table), with ``gather``'s ``(table, cutting)`` pair each 64 more; here ~25
    bytes a cutting and 16 in ``gather``'s columns. ``_bands`` makes objects only for the
    contexts it compares (``band_groups``), ``gather`` reads the columns."""

    __slots__ = ("contexts", "ends", "kind", "kinds", "output", "places", "read")

    def __init__(self, output: Output, read: TableCells) -> None:
        self.output = output
        self.read = read
        self.kinds: list[tuple[str, list[Band]]] = []  # (dimension, bands), each pair once
        self.kind = array("i")  # each cutting's kind (its place in ``kinds``)
        self.contexts: list[tuple[str, tuple[str, ...]]] = []  # each cutting's (interned)
        self.ends = array("i")  # where each cutting's places end in ``places``
        self.places = array("i")  # every cutting's places, in order

    def __len__(self) -> int:
        return len(self.kind)

    def __iter__(self) -> Iterator[Cutting]:
        return map(self.cutting, range(len(self.kind)))

    def span(self, i: int) -> array[int]:
        """The places of cutting ``i`` (``Cutting.places``' values, as machine ints)."""
        return self.places[self.ends[i - 1] if i else 0:self.ends[i]]

    def cutting(self, i: int) -> Cutting:
        """Cutting ``i``, made."""
        dimension, bands = self.kinds[self.kind[i]]
        return Cutting(self.output, dimension, self.contexts[i], tuple(self.span(i)), bands,
                       self.read)

    def sent(self) -> tuple[Any, ...]:
        """What a worker sends back (no output, no reader: the parent's own are used)."""
        return (self.kinds, self.kind, self.contexts, self.ends, self.places)

    @classmethod
    def received(cls, output: Output, read: TableCells, sent: tuple[Any, ...],
                 contexts: dict[Any, Any]) -> CutColumns:
        """The columns a worker sent, its contexts interned in ``contexts``."""
        found = cls(output, read)
        found.kinds, found.kind, own, found.ends, found.places = sent
        found.contexts = [contexts.setdefault(c, c) for c in own]
        return found


class _CutAdder:
    """Appends cuttings to a ``CutColumns`` (the kinds numbered by the bands list's
    identity: the lists of one split are shared by its cuttings, never changed)."""

    __slots__ = ("columns", "numbered")

    def __init__(self, columns: CutColumns) -> None:
        self.columns = columns
        self.numbered: dict[tuple[str, int], int] = {}

    def add(self, dimension: str, context: tuple[str, tuple[str, ...]],
            places: Iterable[int], bands: list[Band]) -> None:
        columns = self.columns
        kind = self.numbered.get((dimension, id(bands)))
        if kind is None:
            kind = self.numbered[(dimension, id(bands))] = len(columns.kinds)
            columns.kinds.append((dimension, bands))
        columns.kind.append(kind)
        columns.contexts.append(context)
        columns.places.extend(places)
        columns.ends.append(len(columns.places))


Held: TypeAlias = "tuple[Cutting, int]"  # a cell of a cutting: the cutting, its place


DATED = " dates"  # ends the population of a cutting of periods of dates
NAMED = " numbers"  # ends the population of a cutting of numbered units (`` ward numbers``)


def _described(population: str, interval: str) -> str:
    """A sliver as a reader writes it: dates for periods, ``ward 4`` or ``ward 4-5`` for
    numbered units, else the interval."""
    if population.endswith(DATED):
        return _days(interval)
    if population.endswith(NAMED):
        word = population[:-len(NAMED)].rsplit(" ", 1)[-1]
        lo, hi = (float(x) for x in interval.strip("[)").split(","))
        if not (math.isfinite(lo) and math.isfinite(hi)):  # ``Ward 10+``
            return f"{word} {interval}"
        return f"{word} {lo:.0f}" if hi - lo == 1 else f"{word} {lo:.0f}-{hi - 1:.0f}"
    return interval


def described_spans(population: str, spans: Iterable[tuple[float, float]]) -> str:
    """What bands read together give (``sdc.band_algebra.Derived.spans``) as a reader
    writes it: ``[0, 18) ∪ [65, inf)``, periods as dates (``before 2020-04-01 ∪ from
    2021-01-01``: a whole counts every day from the floor), units as ``ward 4-5``."""
    import datetime as dt

    from sdc.bands import Band

    out = []
    for lo, hi in spans:
        if population.endswith(DATED) and (lo < 1 or math.isinf(hi)):
            out.append(f"before {dt.date.fromordinal(int(hi)).isoformat()}" if lo < 1 else
                       f"from {dt.date.fromordinal(int(lo)).isoformat()}")
        else:
            out.append(_described(population, Band(lo, hi).interval()))
    return " ∪ ".join(out)


def _days(interval: str) -> str:
    """A sliver of periods (``[737577, 737607)``, days as ``date.toordinal``) as the dates it
    spans: ``2020-06-01 to 2020-06-30``."""
    import datetime as dt

    lo, hi = (int(float(x)) for x in interval.strip("[)").split(","))
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi - 1)
    return f"{first.isoformat()} to {last.isoformat()}"


def _interval_of(text: Any) -> tuple[float, float] | None:
    """``[65, 66)`` as its ends, and what :func:`_described` wrote (``2020-06-01 to
    2020-06-30`` as days, ``ward 4-5`` as units): each sliver's interval, for the band
    algebra to leave alone (round 42: periods are read together too); None for others."""
    import datetime as dt

    text = str(text)
    days = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})", text)
    if days is not None:
        try:
            return (float(dt.date.fromisoformat(days[1]).toordinal()),
                    float(dt.date.fromisoformat(days[2]).toordinal() + 1))
        except ValueError:
            return None
    units = re.fullmatch(r"\S+ (\d+)(?:-(\d+))?", text)
    if units is not None:
        return float(units[1]), float(units[2] or units[1]) + 1
    try:
        lo, hi = (float(x) for x in text[max(text.find("["), 0):].strip("[)").split(","))
    except ValueError:
        return None
    return lo, hi


def _disjoint_groups(bands: list[Band]) -> list[list[Band]]:
    """Split overlapping bands of one dimension (``18-64`` and ``18-65`` side by side) into
    cuttings whose bands are disjoint."""
    groups: list[list[Band]] = []
    for band in sorted(bands):
        for group in groups:
            if not any(band.overlaps(other) for other in group):
                group.append(band)
                break
        else:
            groups.append([band])
    return groups


@lru_cache(maxsize=2048)
def _parse_bands(labels: tuple[str, ...]) -> tuple[Band | None, ...]:
    """Bands as written (``0-17``), else as described by names (``Children (0-17)``)."""
    from sdc.bands import parse_bands, parse_described_bands

    parsed = parse_bands(list(labels))
    if any(b is not None for b in parsed):
        return tuple(parsed)
    return tuple(parse_described_bands(list(labels)))


@lru_cache(maxsize=2048)
def _parse_named(labels: tuple[str, ...]) -> tuple[str, tuple[Band | None, ...]] | None:
    from sdc.bands import parse_named_bands

    found = parse_named_bands(list(labels))
    return None if found is None else (found[0], tuple(found[1]))


@lru_cache(maxsize=2048)
def _parse_periods(labels: tuple[str, ...]) -> tuple[Band | None, ...]:
    from sdc.bands import parse_date_bands

    return tuple(parse_date_bands(list(labels)))


def _floor(bands_a: list[Band], bands_b: list[Band]) -> float:
    """Open bands start at 0 when every closed band is non-negative (ages, counts)."""
    return 0.0 if all(x.lo >= 0 or math.isinf(x.lo) for x in bands_a + bands_b) else -math.inf


@dataclass
class _Derived:
    """One sliver of two bandings with what each comparison of them needs, worked out once
    per pair of bandings (a release of thousands of tables repeats the same few)."""

    sliver: Band
    how: SliverDerivation
    interval: str  # ``sliver.interval()``
    text: str  # ``str(how)``
    plus: tuple[str, ...]  # band labels of ``how.plus``
    minus: tuple[str, ...]

    @cached_property
    def plus_set(self) -> frozenset[str]:
        return frozenset(self.plus)

    @cached_property
    def minus_set(self) -> frozenset[str]:
        return frozenset(self.minus)


@lru_cache(maxsize=4096)
def _derive(bands_a: tuple[Band, ...], bands_b: tuple[Band, ...], floor: float
            ) -> tuple[_Derived, ...]:
    """``derive_slivers`` once per pair of bandings (a release repeats the same few)."""
    from sdc.bands import derive_slivers

    try:
        found = derive_slivers(bands_a, bands_b, lower_limit=floor)
    except ValueError:
        return ()
    return tuple(_Derived(sliver, how, sliver.interval(), str(how), *how.labels)
                 for sliver, how in found)


@dataclass
class SliverCount:
    """A band neither cutting published, its count, and the published cells that give it
    (each as its cutting and place: ``held_cell`` makes the cell a finding names)."""

    interval: str
    how: str
    value: float
    anchor: Held  # the cell a finding is reported at (on the anchor side)
    cells: list[Held]  # every cell of the derivation
    mine: list[Held]  # the derivation's cells on the anchor side


def held_cell(held: Held) -> DataCell:
    """The cell of a sliver's derivation (the model's own while its table holds it)."""
    return held[0].cell(held[1])


def _where(held: Held) -> tuple[int, int]:
    """Where a held cell is in its file: (row, column)."""
    return held[0].read.place(held[1])


def band_differences(a: Cutting, b: Cutting, limit: float, *, anchor_side: Cutting
                     ) -> list[SliverCount]:
    """Slivers between two cuttings whose published counts differ by 0 < d < ``limit``, one per
    interval, anchored at the earliest cell (file order) of the derivation on ``anchor_side``
    (a cell is on it when it is one of its cells: the same output, the same place)."""
    cells_a, cells_b = a.cells, b.cells
    floor = _floor(a.bands, b.bands)
    derived = _derive(tuple(a.bands), tuple(b.bands), floor)
    anchor_output, anchors = anchor_side.output, set(anchor_side.cells.values())
    keys_a, keys_b = cells_a.keys(), cells_b.keys()
    best: dict[str, SliverCount] = {}
    for d in derived:
        if keys_a >= d.plus_set and keys_b >= d.minus_set:
            plus = [(a, cells_a[x]) for x in d.plus]
            minus = [(b, cells_b[x]) for x in d.minus]
        elif keys_b >= d.plus_set and keys_a >= d.minus_set:
            plus = [(b, cells_b[x]) for x in d.plus]
            minus = [(a, cells_a[x]) for x in d.minus]
        else:
            continue
        value = _total(plus)
        taken = _total(minus)
        if value is None or taken is None:
            continue
        value -= taken
        if not 0 < value < limit:
            continue
        mine = [h for h in plus + minus
                if h[0].output is anchor_output and h[1] in anchors] or plus
        anchor = min(mine, key=_where)
        current = best.get(d.interval)
        if current is None or _where(anchor) < _where(current.anchor):
            best[d.interval] = SliverCount(d.interval, d.text, value, anchor, plus + minus, mine)
    return [best[k] for k in sorted(best)]


def _total(cells: list[Held]) -> float | None:
    """The sum of the cells' published values (``None`` when one is suppressed)."""
    total = 0.0
    for cut, place in cells:
        v = cut.read.value(place)
        if v is None:
            return None
        total += v
    return total


def output_cuttings(output: Output, interned: dict[Any, Any] | None = None,
                    keys: LabelsKeys | None = None) -> list[Cutting]:
    """Every banding of a variable in one output, per combination of its other labels
    (``output_cut_columns``' cuttings, made)."""
    return list(output_cut_columns(output, interned, keys))


def output_cut_columns(output: Output, interned: dict[Any, Any] | None = None,
                       keys: LabelsKeys | None = None) -> CutColumns:
    """Every banding of a variable in one output, per combination of its other labels, as
    columns (``CutColumns``).

    Labels that are not bands (``Unknown``, ``Missing``, ``Not stated``, a total) are left out
    of the cutting instead of disabling the dimension, and one band is a cutting too: a table
    of ``18-64`` alone beside one of ``18-65`` still gives the 65 year olds away.

    ``interned``: each context once for the release (the tables of a linked release repeat
    them: ~1 MiB a 1 MiB long table); cuttings of one split of the bands share its list of
    bands (never changed once made). ``keys``: the release's place ints (``LabelsKeys.places``),
    one object per place for every table's cuttings and count index.
    """
    interned = {} if interned is None else interned
    from sdc.linking import population_key

    table = output.table
    if table is None:
        return CutColumns(output, TableCells.of_cells([]))
    pop = population_key(output)
    read = TableCells(output)
    found = CutColumns(output, read)
    add = _CutAdder(found).add
    # a column read as counts stays counts here whatever a sidecar relabelled it
    places = read.places_of((Role.COUNT,), None if keys is None else keys.places(len(read)))
    form = read.form
    if form is not None:  # the labels read from the form's columns: no cell made
        by_form = _FormLabels(form, places)
    counted: list[DataCell] = [] if form is not None else [read.cells[i] for i in places]
    # the labels first: most dimensions name no band, and need no list of their cells (a
    # Coords call per cell was 10% of it). Cells of one layout (``_layout``) are read
    # through their label tuples, a dimension at a time: no column of every cell's labels
    # (the columns of every dimension were 1.2 MiB at SDC503's peak on a 1 MiB long table)
    layout = _layout(counted) if form is None else None
    along_dim: Mapping[str, Sequence[Any]] = (
        cell_labels_by_dim(counted, table.dimensions, _ABSENT)
        if layout is None and form is None else {})
    margined = any(c.total_dims for c in counted)
    for dim in (form.dimensions if form is not None else table.dimensions):
        at = layout.get(dim) if layout is not None else None
        # not read where the rows' labels are (``_contexts_by_rows``) or the form's
        along: Sequence[Any] = ()
        if form is not None:
            labels: tuple[str, ...] = by_form.labels(dim)
        elif layout is not None:
            if at is None:  # no cell holds ``dim``
                labels = ()
            elif margined:
                labels = tuple(sorted({label for label, c in zip(
                    labels_at([c.coords for c in counted], at), counted, strict=True)
                    if dim not in c.total_dims}))
            else:  # the same set: no cell is a margin at ``dim``
                labels = tuple(sorted(set(labels_at([c.coords for c in counted], at))))
        else:
            along = along_dim[dim]
            if margined:
                labels = tuple(sorted({label for label, c in zip(along, counted, strict=True)
                                       if label is not _ABSENT and dim not in c.total_dims}))
            else:  # the same set: no cell is a margin at ``dim``
                labels = tuple(sorted(set(along) - {_ABSENT}))
        parsed = _parse_bands(labels)
        by_label = {b.label: b for b in parsed if b is not None}
        # periods of dates are days, compared only with periods (an open age band ``18+``
        # would contain every day); numbered units named as ranges (``Ward 1-3``) only with
        # the same units' ranges
        kind = ""
        if not by_label:
            kind = DATED
            by_label = {b.label: b for b in _parse_periods(labels) if b is not None}
        if not by_label and (named := _parse_named(labels)) is not None:
            kind = f" {named[0]}{NAMED}"
            by_label = {b.label: b for b in named[1] if b is not None}
        if not by_label:
            continue
        banded = {label for label in labels if label.strip() in by_label}  # as written
        contexts: Contexts = defaultdict(dict)
        # a dimension's bands split alike wherever its labels are the same (a long table has
        # thousands of contexts over a few label sets)
        # (and whether the one group is the labels as written, in their order: the
        # context's own dict is then the cutting's, not a copy of it)
        groups_of: dict[tuple[str, ...], tuple[list[list[Band]], bool]] = {}
        if form is not None:
            by_form.contexts(dim, banded, contexts)
        elif at is None:
            _contexts_by_cells(counted, places, along, banded, dim, contexts)
        else:
            _contexts_by_rows(counted, places, at, banded, dim, contexts)
        population = f"{pop}{kind}"  # one string for the dimension's contexts
        for others, cells in contexts.items():
            # ``others`` is a sorted tuple, equal exactly when the sets are (``_others``)
            context = (population, others)
            context = interned.setdefault(context, context)
            shape = tuple(cells)
            known = groups_of.get(shape)
            if known is None:
                groups = _disjoint_groups([by_label[label.strip()] for label in cells])
                known = groups_of[shape] = (groups, len(groups) == 1 and tuple(
                    b.label for b in groups[0]) == shape)
            groups, whole = known
            if whole:  # the places below would be ``cells``' values, one for one in order
                add(dim, context, cells.values(), groups[0])
                continue
            for group in groups:
                # ``cells_by_band`` with its usual case (the label as written) inline
                add(dim, context, [hit if (hit := cells.get(b.label)) is not None
                                   else cells_by_band(cells, b) for b in group], group)
    return found


Contexts: TypeAlias = "defaultdict[tuple[str, ...], dict[str, int]]"  # label -> place


class _FormLabels:
    """What ``output_cuttings`` reads of a table's counts, from its compact form's columns
    (``release_form.ReleaseTable``): each dimension's labels and each banded count's context,
    the same as read from the cells (``_contexts_by_cells``), in the same order, no cell made.
    A context is made once per layout, margins and row of other labels' numbers."""

    __slots__ = ("form", "places")

    def __init__(self, form: ReleaseTable, places: list[int]) -> None:
        self.form = form
        self.places = places

    def labels(self, dim: str) -> tuple[str, ...]:
        """The labels at ``dim`` of the counts that are no margin of it, sorted."""
        form = self.form
        n = form.names.index(dim)
        column, margins, margin_sets = form.label[n], form.margins, form.margin_sets
        outside = {k for k, dims in enumerate(margin_sets) if dim not in dims}
        if len(self.places) >= CONTEXTS_BY_COLUMNS_FROM:  # the same set, read with numpy
            held = self._held(column, outside)
        else:
            held = {column[i] for i in self.places if margins[i] in outside}
        held.discard(-1)  # a count with no label at ``dim``
        texts = form.labels[n]
        return tuple(sorted({texts[k] for k in held}))

    def contexts(self, dim: str, banded: set[str], contexts: Contexts) -> None:
        """Each banded count at ``dim`` that is no margin of it under its other labels
        (``_others``: its non-blank labels at every other name but its margins')."""
        form = self.form
        n = form.names.index(dim)
        column, texts = form.label[n], form.labels[n]
        wanted = {k for k, text in enumerate(texts) if text in banded}
        if len(self.places) >= CONTEXTS_BY_COLUMNS_FROM and self._by_columns(
                dim, n, wanted, contexts):
            return
        names, columns, labels = form.names, form.label, form.labels
        margins, margin_sets, layout_of, layouts = (form.margins, form.margin_sets,
                                                    form.layout_of, form.layouts)
        # per layout and margins: the other names and their columns (None: a margin of dim)
        other_names: dict[int, tuple[tuple[int, ...], list[Any]] | None] = {}
        slots: dict[tuple[Any, ...], dict[str, int]] = {}
        for i in self.places:
            k = column[i]
            if k not in wanted:
                continue
            shape = layout_of[i] << 16 | margins[i]  # both 'H'
            found = other_names.get(shape, _ABSENT)
            if found is _ABSENT:
                dims = margin_sets[margins[i]]
                ids_of = tuple(m for m in layouts[layout_of[i]][0]
                               if m != n and names[m] not in dims)
                found = other_names[shape] = None if dim in dims else (
                    ids_of, [columns[m] for m in ids_of])
            if found is None:  # a margin of ``dim``
                continue
            others, other_columns = found
            ids = tuple([c[i] for c in other_columns])
            slot = slots.get((others, ids))
            if slot is None:
                slot = slots[(others, ids)] = contexts[_label_set(
                    [text for m, j in zip(others, ids, strict=True) if (text := labels[m][j])])]
            slot[texts[k]] = i


    def _held(self, column: Any, outside: set[int]) -> set[int]:
        """``{column[i] for i in self.places if margins[i] in outside}``, with numpy."""
        import numpy as np

        form = self.form
        places = np.fromiter(self.places, dtype=np.int64, count=len(self.places))
        margins = np.frombuffer(form.margins, dtype=form.margins.typecode)[places]
        keep = np.isin(margins, np.fromiter(outside, dtype=np.int64, count=len(outside)))
        values = np.frombuffer(column, dtype=column.typecode)[places[keep]]
        return set(np.unique(values).tolist())

    def _by_columns(self, dim: str, n: int, wanted: set[int], contexts: Contexts) -> bool:
        """What :meth:`contexts` gives, worked out on the form's columns with numpy when
        every banded count is of one layout and margins (a long table's): the counts
        grouped by their other labels' numbers, each group's context made once, and each
        context's dict made at once, its labels in the order the counts first give them and
        each the place of the last count that gives it (as the loop's assignments leave
        them). False, and nothing added, for any other table (the loop reads it)."""
        import numpy as np

        form = self.form
        places = np.fromiter(self.places, dtype=np.int64, count=len(self.places))
        column = np.frombuffer(form.label[n], dtype=form.label[n].typecode)[places]
        rows = np.flatnonzero(np.isin(column, np.fromiter(wanted, dtype=np.int64,
                                                          count=len(wanted))))
        if not len(rows):
            return True
        at = places[rows]
        shape = (np.frombuffer(form.layout_of, dtype=form.layout_of.typecode)[at]
                 .astype(np.int64) << 16
                 | np.frombuffer(form.margins, dtype=form.margins.typecode)[at])
        if (shape != shape[0]).any():
            return False
        first = int(at[0])
        dims = form.margin_sets[form.margins[first]]
        if dim in dims:  # a margin of ``dim``: no count of it is banded
            return True
        names, labels = form.names, form.labels
        others = [m for m in form.layouts[form.layout_of[first]][0]
                  if m != n and names[m] not in dims]
        ids = np.zeros((len(at), len(others)), dtype=np.int64)
        for j, m in enumerate(others):
            ids[:, j] = np.frombuffer(form.label[m], dtype=form.label[m].typecode)[at]
        # the counts' groups of equal other labels, numbered in the order first met
        order = np.lexsort(ids.T[::-1]) if len(others) else np.arange(len(at))
        new = np.ones(len(at), dtype=bool)
        if len(others):
            new[1:] = (ids[order[1:]] != ids[order[:-1]]).any(axis=1)
        else:
            new[1:] = False
        group = np.empty(len(at), dtype=np.int64)
        group[order] = np.cumsum(new) - 1
        firsts = np.full(int(group.max()) + 1, len(at), dtype=np.int64)
        np.minimum.at(firsts, group, np.arange(len(at), dtype=np.int64))
        by_first = np.argsort(firsts, kind="stable")
        # each group's context (groups of one context share it), contexts in order first met
        found: dict[tuple[str, ...], int] = {}
        context_of = np.empty(len(firsts), dtype=np.int64)
        for g, held in zip(by_first.tolist(), ids[firsts[by_first]].tolist(), strict=True):
            key = _label_set([text for m, j in zip(others, held, strict=True)
                              if (text := labels[m][j])])
            context_of[g] = found.setdefault(key, len(found))
        # (context, label) pairs: label numbered by its text (one text, one key of the dict)
        texts = form.labels[n]
        same: dict[str, int] = {}
        text_id = np.array([same.setdefault(t, k) for k, t in enumerate(texts)],
                           dtype=np.int64)
        pair = context_of[group] * (len(texts) + 1) + text_id[column[rows]]
        _, first_at = np.unique(pair, return_index=True)
        _, from_end = np.unique(pair[::-1], return_index=True)
        last_at = len(pair) - 1 - from_end
        order = np.lexsort((first_at, context_of[group[first_at]]))
        first_at, last_at = first_at[order], last_at[order]
        bounds = np.flatnonzero(np.diff(context_of[group[first_at]])) + 1
        keys = list(found)
        label_texts = [texts[k] for k in column[rows[first_at]].tolist()]
        held_places = [self.places[i] for i in rows[last_at].tolist()]
        starts = [0, *bounds.tolist()]
        ends = [*bounds.tolist(), len(first_at)]
        for key, s, e in zip(keys, starts, ends, strict=True):
            contexts[key] = dict(zip(label_texts[s:e], held_places[s:e], strict=True))
        return True


# banded counts from which ``_FormLabels.contexts`` groups them with numpy (below, the loop)
CONTEXTS_BY_COLUMNS_FROM = 2_048


def _label_set(labels: list[str]) -> tuple[str, ...]:
    """``labels`` as a set, kept as a sorted tuple of the distinct ones: equal exactly when
    the sets are, and a quarter of a frozenset's memory (a frozenset of five labels is 360
    bytes; a long table's contexts were 3.2 MiB of them, SDC503's peak on one 1 MiB table)."""
    return tuple(sorted(set(labels)))


def _others(coords: Any, dim: str, margins: frozenset[str]) -> tuple[str, ...]:
    """The cell's non-blank labels at every dimension but ``dim`` and its margins', as a
    set (:func:`_label_set`)."""
    return _label_set([other for d, other in pairs_of(coords) if other and d != dim]
                      if not margins else
                      [other for d, other in pairs_of(coords)
                       if other and d != dim and d not in margins])


def _contexts_by_cells(counted: list[DataCell], places: list[int], along: Sequence[Any],
                       banded: set[str], dim: str, contexts: Contexts) -> None:
    """Each banded cell at ``dim`` under its other labels (``_others``), cell by cell (its
    place kept: ``places[k]`` is ``counted[k]``'s)."""
    for cell, place, label in zip(counted, places, along, strict=True):
        margins = cell.total_dims
        if label not in banded or dim in margins:
            continue  # (``banded`` holds labels only: a cell without ``dim`` is not in it)
        contexts[_others(cell.coords, dim, margins)][label] = place


def _layout(counted: list[DataCell]) -> dict[str, int] | None:
    """The position dict of cells whose coordinates are all ``Coords`` (or all ``WideCoords``)
    sharing one position dict (one object: the same names in the same order, which is the
    order ``pairs_of`` pairs them with labels); else ``None``."""
    if not counted or len(kinds := {type(c.coords) for c in counted}) != 1 \
            or not kinds <= HELD_AS_LABELS:
        return None
    at = counted[0].coords._at  # type: ignore[attr-defined]
    if len({id(c.coords._at) for c in counted}) != 1:  # type: ignore[attr-defined]
        return None
    return at


def _contexts_by_rows(counted: list[DataCell], places: list[int], at: int, banded: set[str],
                      dim: str, contexts: Contexts) -> None:
    """What ``_contexts_by_cells`` does, for cells of one layout (``_layout``) whose label of
    ``dim`` is at position ``at``: a cell that is no margin has as its context the set of its
    non-blank labels at the other positions, so cells with the same labels there share one
    (a long table's 25,000 cells per dimension fall in a few thousand): each row of other
    labels is made into its set once, not once a cell (a frozenset per banded cell was ~15%
    of the release stage on linked long tables). The contexts, their order (first met) and
    each context's cells (the last cell of a label wins, in first-met label order) are those
    cell by cell: the same dict is filled in the same order. A margin's context leaves out
    its margins' labels: made cell by cell, as before."""
    slots: dict[tuple[Any, ...], dict[str, int]] = {}
    after = at + 1
    for cell, place in zip(counted, places, strict=True):
        row = cell.coords._labels  # type: ignore[attr-defined]
        label = row[at]
        if label not in banded:
            continue
        margins = cell.total_dims
        if margins:
            if dim not in margins:
                contexts[_others(cell.coords, dim, margins)][label] = place
            continue
        others = row[:at] + row[after:]
        slot = slots.get(others)
        if slot is None:
            slot = slots[others] = contexts[_label_set([o for o in others if o])]
        slot[label] = place


def cells_by_band(cells: Mapping[str, int], band: Band) -> int:
    """The place of a band's cell (labels are keyed as written, bands by their stripped
    label)."""
    cell = cells.get(band.label)
    if cell is None:
        cell = next(c for label, c in cells.items() if label.strip() == band.label)
    return cell


def cuttings(outputs: list[Output]) -> list[Cutting]:
    return [cut for output in outputs for cut in output_cuttings(output)]


def _sums(cuts: list[Cutting], positions: list[int]) -> list[float | None]:
    """Per cutting, the sum of its bands at ``positions`` (``None`` if one is suppressed)."""
    out: list[float | None] = []
    for cut in cuts:
        places, value = cut.places, cut.read.value
        values = [value(places[p]) for p in positions]
        out.append(None if any(v is None for v in values) else float(sum(values)))  # type: ignore[arg-type]
    return out


def candidate_pairs(first: list[Cutting], second: list[Cutting], limit: float
                    ) -> list[tuple[Cutting, Cutting]]:
    """The pairs of two groups of identically banded cuttings that *may* give a sliver below
    ``limit``, found without comparing every pair (the blocking step of record linkage).

    The slivers of two bandings are derived once; each is ``sum(plus) − sum(minus)`` over fixed
    band positions, so it discloses only when the minus side's sum lies in
    ``(plus − limit, plus)``. The minus sums are sorted once and every plus sum is a range
    query. The result is a superset of the disclosing pairs (ranges are widened by a rounding
    margin), in the order the all-pairs loop would visit them; ``band_differences`` then
    decides each exactly, so the findings are those of comparing every pair.
    """
    rep_a, rep_b = first[0], second[0]
    floor = _floor(rep_a.bands, rep_b.bands)
    derived = _derive(tuple(rep_a.bands), tuple(rep_b.bands), floor)
    if not derived:
        return []

    def positions(bands: list[Band]) -> dict[tuple[float, float], int]:
        return {(max(b.lo, floor), b.hi): i for i, b in enumerate(bands)}

    pos_a, pos_b = positions(rep_a.bands), positions(rep_b.bands)
    found: set[tuple[int, int]] = set()
    seen: set[tuple[tuple[int, ...], tuple[int, ...], bool]] = set()
    for d in derived:
        plus = [(b.lo, b.hi) for b in d.how.plus]
        minus = [(b.lo, b.hi) for b in d.how.minus]
        for plus_first in (True, False):
            plus_pos, minus_pos = (pos_a, pos_b) if plus_first else (pos_b, pos_a)
            if not (all(x in plus_pos for x in plus) and all(x in minus_pos for x in minus)):
                continue
            p_idx = tuple(sorted(plus_pos[x] for x in plus))
            m_idx = tuple(sorted(minus_pos[x] for x in minus))
            if (p_idx, m_idx, plus_first) in seen:
                continue
            seen.add((p_idx, m_idx, plus_first))
            plus_side, minus_side = (first, second) if plus_first else (second, first)
            xs = _sums(plus_side, list(p_idx))
            ys = _sums(minus_side, list(m_idx))
            order = sorted((y, j) for j, y in enumerate(ys) if y is not None)
            keys = [y for y, _ in order]
            for i, x in enumerate(xs):
                if x is None:
                    continue
                margin = float_slack(x)
                lo = bisect.bisect_left(keys, x - limit - margin)
                hi = bisect.bisect_right(keys, x + margin)
                for _, j in order[lo:hi]:
                    found.add((i, j) if plus_first else (j, i))
    return [(first[i], second[j]) for i, j in sorted(found)]


def band_groups(cuts: Sequence[Cutting | CutColumns]
                ) -> list[tuple[list[Cutting], list[Cutting]]]:
    """The pairs of bandings SDC503 compares: per context (first met first), each two of its
    distinct shapes of bands (first met first), each shape's cuttings in ``cuts`` order.
    Identical cuttings cannot differ: one group per distinct banding per context (a release
    of many tables with the same age bands stays linear).

    ``cuts``: cuttings, or tables' cuttings as columns (``CutColumns``, read in their order:
    a cutting is made only where its context is compared, once, whatever its groups)."""
    by_context: dict[tuple[str, tuple[str, ...]], dict[tuple, list[Cutting]]] = defaultdict(
        lambda: defaultdict(list))
    # Only contexts of two shapes or more have a pair to compare: those are found first,
    # and only their cuttings grouped (a dict of shapes per context, for each of the
    # thousands of contexts of a long table, was 1.2 MiB at SDC503's peak on a 1 MiB
    # one), in the same first-met orders. Each distinct shape is one tuple, whatever the
    # contexts it is in (a tuple of a tuple per band for every context was 2 MiB more);
    # a list of bands is read once (its shape by its identity: ``cuts`` holds every list).
    distinct: dict[tuple, tuple] = {}
    of_list: dict[int, tuple[tuple, list[Band]]] = {}  # (the list held: its id not reused)

    def shape(bands: list[Band]) -> tuple:
        found = of_list.get(id(bands))
        if found is None:
            made = tuple((b.lo, b.hi) for b in bands)
            found = of_list[id(bands)] = (distinct.setdefault(made, made), bands)
        return found[0]

    shape_in: dict[tuple[str, tuple[str, ...]], object] = {}  # a context's shape or _MANY
    for context, bands, _, _ in _cut_entries(cuts):
        got = shape(bands)
        if shape_in.setdefault(context, got) is not got:
            shape_in[context] = _MANY  # (shapes are one tuple each: by identity)
    for context, bands, columns, i in _cut_entries(cuts):
        if shape_in[context] is _MANY:
            by_context[context][shape(bands)].append(
                columns if isinstance(columns, Cutting) else columns.cutting(i))
    del shape_in
    of_list.clear()
    distinct.clear()
    groups: list[tuple[list[Cutting], list[Cutting]]] = []
    for shapes in by_context.values():
        banded = list(shapes.values())
        groups += [(first, second) for i, first in enumerate(banded)
                   for second in banded[i + 1:]]
    return groups


def _cut_entries(cuts: Sequence[Cutting | CutColumns]
                 ) -> Iterator[tuple[Any, list[Band], Any, int]]:
    """Each cutting's context and bands, with where it is: a cutting (and 0), or its
    columns and its number in them."""
    for item in cuts:
        if isinstance(item, Cutting):
            yield item.context, item.bands, item, 0
            continue
        kinds = item.kinds
        for i, (context, kind) in enumerate(zip(item.contexts, item.kind, strict=True)):
            yield context, kinds[kind][1], item, i


class Differencing(Rule[RuleParams]):
    """Flags two published numbers whose populations nest and whose difference is a
    disclosive count: re-cut bands of one variable, a subgroup beside the whole population,
    or the same table run on slightly different populations, or two tables publishing the
    same counts under most labels they share and a few units apart under the others, or two
    tables' grand totals a few units apart, or a totals-only table's total under one label
    (all women) a few units from another table's (``review``: if both count one cohort, the
    difference is the group one of them left out, such as the bands the other does not
    print), or a hidden count another table's totals give back once the two tables'
    categories, named otherwise (``Region 1`` for ``North East``), are paired by the numbers
    both print (``review``: every pairing the numbers allow, and each value it gives), or
    two tables banding one variable otherwise whose bands contradict, summed to the bands
    both print a few units apart (``review``: a re-run), or a table beside its cumulative
    twin (a step a few units off its count) or beside itself with categories merged
    (``North and South`` a few units off its parts' sum) (``review``: a re-run), or a part
    table (a one-valued region, ``in the North`` in its title) beside its whole (``All``,
    ``England``, ``United States``; a state beside a part no listed place names:
    ``sdc/data/places.json``) leaving a rest below the threshold (``review``; rounded, only
    where the rest's whole interval is). ``related`` holds the cells of the derivation.

    Why: each table can be safe on its own while their difference singles out a patient:
    ``<25`` minus ``<20`` counts the 20–24 year olds; all patients minus male patients is the
    women; a re-run with one more patient than last week shows that patient's row.

    Example (SDC Handbook): one output bands age as <20 / 20–39, another as <25 / 25–39; for
    men, (<25) − (<20) = 1: one man aged 20–24 is disclosed.
    """

    code = "SDC503"
    name = "differencing"
    # Compare every pair of cuttings instead of the candidates the value index yields: the
    # reference the property test holds the index to (same findings), never needed otherwise.
    all_pairs: ClassVar[bool] = False
    summary = "two published numbers whose populations nest differ by a disclosive amount"
    scope = "release"
    apart = True  # needs the outputs and the threshold only: beside the audit under -j
    apart_imports = ("numpy", "sdc.linking")  # ~0.1 s CPU: imported by the audit here anyway

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        threshold = ctx.policy.shared.threshold
        ordered = sorted(outputs, key=lambda o: (o.path, o.sheet or ""))
        crashed: set[tuple[str, str | None]] = set()
        from sdc.renamed_categories import reach

        shared = ctx.policy.shared
        for finding in self._isolated(ordered, threshold, ctx.jobs,
                                      reach(shared.rounding_base, shared.rounding_scheme)):
            if finding.rule != self.code:  # one SDC602 per output, however many parts broke
                where = (finding.location.path, finding.location.sheet)
                if where in crashed:
                    continue
                crashed.add(where)
            yield finding

    def _isolated(self, outputs: list[Output], threshold: int, jobs: int = 1,
                  rounding: float = 0.0) -> Iterator[Finding]:
        """Every part of the rule, each item guarded; the comparisons (pairs of cuttings,
        subgroups, re-run buckets) are independent and run in ``jobs`` processes."""
        cuts: list[CutColumns] = []  # each table's cuttings, as columns
        ahead = _PerOutput(outputs, jobs)

        def cut(output: Output) -> list[Finding]:
            if found := ahead.cut_columns(output):  # (a table of no bands: nothing held)
                cuts.append(found)
            return []

        yield from each_guarded(self.code, outputs, lambda o: [o], cut)
        cited: set[tuple[str, str | None, str | None]] = set()  # cells earlier parts flagged

        def citing(findings: Iterable[Finding]) -> Iterator[Finding]:
            for finding in findings:
                cited.update((where.path, where.sheet, where.cell)
                             for where in (finding.location, *finding.related))
                yield finding

        known: dict[Any, list[tuple[float, float]]] = defaultdict(list)
        yield from citing(self._bands(cuts, threshold, jobs, known))
        yield from citing(each_guarded(self.code, [outputs], lambda os: os,
                                       lambda os: self._together(cuts, os, threshold, known)))
        # the cuttings are read by ``_bands`` alone: let them go before the other parts (a
        # 100,000-row table's were 10.7 MiB, held under ``_unions``' own peak)
        cuts.clear()
        yield from citing(each_guarded(self.code, [outputs], lambda os: os,
                                       lambda os: self._unions(os, threshold, ahead.keys)))
        tables = [o for o in outputs if o.table is not None]
        wholes = _PopulationIndex(tables)
        worded: dict[int, dict[frozenset[str], int | None]] = {}  # by id of the whole
        yield from citing(each_guarded(
            self.code, tables, lambda o: [o],
            lambda o: self._subgroup(o, wholes.containing(o), threshold, worded,
                                     wholes.population), jobs=jobs))
        yield from citing(each_guarded(self.code, [tables], lambda os: os,
                                       lambda os: self._titled_bands(os, threshold, ahead)))
        totals: list[_Total] = []
        profiles: list[Profile] = []
        yield from citing(self._reruns(outputs, threshold, jobs, ahead, totals, profiles))
        yield from each_guarded(
            self.code, _close_totals(totals, threshold, cited),
            lambda pair: [pair[0][0], pair[1][0]],
            lambda pair: [self._totals_apart(pair[0], pair[1], threshold)])
        # categories one table prints under names another does not use, paired by their
        # numbers (``sdc.renamed_categories``; round 47)
        yield from each_guarded(self.code, [tables], lambda os: os,
                                lambda os: list(self._renamed(profiles, rounding)))
        # a single part table beside its whole: the rest, whole − part, a count
        # (``sdc.single_part``; round 51)
        yield from each_guarded(self.code, [tables], lambda os: os,
                                lambda os: list(single_parts(self, os, threshold,
                                                             ahead.count_index, cited,
                                                             rounding)))

    def _titled_bands(self, outputs: list[Output], threshold: int, ahead: _PerOutput
                      ) -> Iterator[Finding]:
        """Two outputs whose titles (or count headers) name one age band each, one inside the
        other (``Patients aged 0-64`` and ``Patients aged 0-17``): the same count under the
        same labels in both differs by the band between (18-64), a count too (hunt12: South
        300 less 297 passed: the bands were in no label, so no cutting held them, and the
        two populations nest in no declared or guessed filter). ``review``: a title is the
        researcher's word."""
        banded = [(o, band) for o in outputs if (band := titled_band(o)) is not None]
        for sub, inner in banded:
            for whole, outer in banded:
                if whole is sub or not (outer.lo <= inner.lo and inner.hi <= outer.hi) \
                        or (outer.lo, outer.hi) == (inner.lo, inner.hi) \
                        or _population(whole) != _population(sub):
                    continue  # (populations declared apart count other people)
                sub_index, whole_index = ahead.count_index(sub), ahead.count_index(whole)
                read, whole_read = sub_index.read, whole_index.read
                whole_at = whole_index.at  # (a dict for this pair's lookups, let go after)
                for key, place in sub_index.placed():
                    match = whole_at.get(key)
                    if match is None or _without_band(read.measure(place).name) != \
                            _without_band(whole_read.measure(match).name):
                        continue
                    value, whole_value = read.value(place), whole_read.value(match)
                    if value is None or whole_value is None:
                        continue
                    diff = whole_value - value
                    if 0 < diff < threshold:
                        yield self.finding(
                            sub, f"the same count for ages {outer.interval()} (named by "
                            f"{whole.path}{f'[{whole.sheet}]' if whole.sheet else ''}) less "
                            f"this one for ages {inner.interval()} "
                            f"leaves {fmt_number(diff)}, below the threshold {threshold}",
                            cell=read.cell(place),
                            related=[whole.location(whole_read.cell(match))],
                            public="the same count for a wider age band named in another "
                                   "output's title less this one is a count below the threshold",
                            evidence={"whole": whole_value, "subgroup": value,
                                      "difference": diff},
                            unassessable=True)

    # -- re-cut bands --------------------------------------------------------------------
    def _bands(self, cuts: Sequence[Cutting | CutColumns], threshold: int, jobs: int = 1,
               known: dict[Any, list[tuple[float, float]]] | None = None
               ) -> Iterator[Finding]:
        """Slivers of each two cuttings (``known``: filled with each one's interval, by the
        output it is reported at, for :meth:`_together`)."""
        reported: set[tuple[int, int, str]] = set()
        groups = band_groups(cuts)

        def group_pair(item: tuple[list[Cutting], list[Cutting]]
                       ) -> list[tuple[int, int, bool, Any]]:
            # The candidates of two bandings are found where their pairs are evaluated (in a
            # worker under -j), not in the parent; each pair comes back as its positions in
            # the two groups (never the cuttings: they hold whole tables) and its outcome.
            first, second = item
            if self.all_pairs:
                pairs = list(itertools.product(first, second))
            else:
                pairs = candidate_pairs(first, second, threshold)
            where_a = {id(c): i for i, c in enumerate(first)}
            where_b = {id(c): j for j, c in enumerate(second)}

            def evaluate(a: Cutting, b: Cutting) -> tuple[bool, Any]:
                return guarded_call(lambda: list(self._slivers(a, b, threshold, reported)))

            return [(where_a[id(a)], where_b[id(b)], *evaluate(a, b)) for a, b in pairs]

        from sdc.pool import ordered_map

        crashed: set[int] = set()  # an output broken by several pairs is reported once
        for (first, second), found in zip(groups, ordered_map(group_pair, groups, jobs),
                                          strict=True):
            for i, j, ok, result in found:
                if ok:
                    if known is not None:
                        for f in result:
                            if (ends := _interval_of(f.evidence.get("band"))) is not None:
                                known[(f.location.path, f.location.sheet)].append(ends)
                    yield from result
                    continue
                for output in (first[i].output, second[j].output):
                    if known is not None:  # its slivers unknown: not read together either
                        known[(output.path, output.sheet)].append((math.inf, -math.inf))
                    if id(output) not in crashed:
                        crashed.add(id(output))
                        yield crash_finding(self.code, output, result)

    def _slivers(self, a: Cutting, b: Cutting, threshold: int,
                 reported: set[tuple[int, int, str]]) -> Iterator[Finding]:
        for sliver in band_differences(a, b, threshold, anchor_side=b):
            key = (id(a), id(b), sliver.interval)
            if key in reported:
                continue
            reported.add(key)
            anchor = sliver.anchor
            related = [self._locate(held) for held in sliver.cells if held is not anchor]
            band = _described(a.context[0], sliver.interval)
            yield self.finding(
                anchor[0].output, f"{a.dimension} {band} = {sliver.how} = "
                f"{fmt_number(sliver.value)}, below the threshold {threshold}",
                cell=held_cell(anchor), related=related,
                public=f"{a.dimension} {band} = {sliver.how} is a count below the "
                       f"threshold {threshold}",
                evidence={"derived": sliver.value, "threshold": threshold, "band": band})

    def _together(self, cuts: list[Cutting] | list[CutColumns], outputs: list[Output],
                  threshold: int, known: dict[Any, list[tuple[float, float]]]
                  ) -> list[Finding]:
        """Bands and wholes of several tables read together (``sdc.band_algebra``): a gap
        (``Total − (30-64) − (65+)``, the ages below 30) or an overlap (``(18-65) + (65+) −
        Total``, the 65 year olds) below the threshold, at the whole's cell (else the
        derivation's first), the other counts related (round 41, bands41)."""
        from sdc.band_algebra import (
            Agreement,
            NotRead,
            declared,
            derive,
            gather,
            holders,
            worlds,
            years_apart,
        )

        # the systems' counts made a system at a time (d503), and the cuttings read by
        # ``gather`` alone here, each let go once read (mem503: ~1.4 MiB a 1 MiB long table
        # were held under this part's peak; a lazy system still holds its own to the part's end)
        systems, reads = gather(_drained(cuts), outputs, lazy=True)
        found_at = {t: known[where] for t, o in enumerate(outputs)
                    if (where := (o.path, o.sheet)) in known}
        found: list[Finding] = []
        # made when a derivation first asks whether its tables are one population: a table
        # of every printed count by system and interval (~2 MiB a 1 MiB long table, beside
        # the systems at this part's peak), for releases where nothing is derived, never
        agreement: Agreement | None = None
        unread: dict[int, str] = {}  # tables past a limit of the reading: review, never pass
        for system in systems:
            by_table = system.printed()
            items = [by_table[t] for t in sorted(by_table)]
            del by_table
            read, past = worlds(items)
            if past is not None:
                unread.update((t, past.reason) for t in past.tables if t not in unread)
            for world in read:
                try:
                    derived = derive(world, threshold, system.floor, found_at)
                except NotRead as error:
                    unread.update((t, error.reason) for t in error.tables if t not in unread)
                    continue
                for got in derived:
                    # one agreeing number (two unrelated tables' totals of 14) is a weak
                    # link, as round 40's linking reads it: review (round 42, bands42)
                    weak = False
                    if not declared(system):
                        agreement = agreement or Agreement(systems)
                        weak = agreement.weak(got.tables)
                    first = min((item for item, _ in got.terms),
                                key=lambda p: (not p.whole, p.table, p.place))
                    band = described_spans(system.context[0], got.spans)
                    for anchor in holders(world, first, system.floor):  # each copy of it a finding
                        related = [outputs[item.table].location(
                            reads[item.table].cell(item.place))
                            for item, _ in got.terms if item is not first]
                        found.append(self._together_finding(
                            outputs[anchor.table], reads[anchor.table].cell(anchor.place),
                            related, system.dimension, band, got, threshold, weak))
        # years written ``2015/16`` beside bare years: not read, review (round 43, bands43)
        for t, reason in years_apart(outputs, reads).items():
            unread.setdefault(t, reason)
        for t, reason in sorted(unread.items()):
            found.append(self.finding(
                outputs[t], f"bands of several tables not read together: {reason}",
                evidence={"kind": "bands together", "not read": reason}, unassessable=True))
        return found

    def _together_finding(self, output: Output, cell: DataCell, related: list[Location],
                          dimension: str, band: str, got: Any, threshold: int,
                          weak: bool = False) -> Finding:
        """The finding of :meth:`_together` at one cell."""
        return self.finding(
            output,
            f"{dimension} {band} = {got.how} = {fmt_number(got.value)}, below the threshold "
            f"{threshold} (bands of several tables read together"
            + (", if the whole counts no one outside its bands" if got.assumed else "")
            + (", if tables agreeing on one printed count only are one population"
               if weak else "")
            + (", if tables whose counts fit one population only with a count below 0 are "
               "one" if got.apart else "") + ")",
            cell=cell, related=related,
            public=f"{dimension} {band} = {got.how} is a count below the threshold {threshold}",
            evidence={"derived": got.value, "threshold": threshold, "band": band,
                      "kind": "bands together"},
            unassessable=got.assumed or weak or got.apart)

    # -- areas named as unions of names ---------------------------------------------------
    def _unions(self, outputs: list[Output], threshold: int,
                keys: LabelsKeys | None = None) -> list[Finding]:
        """A union of named units (``Districts A+B``) beside some of its parts in the same
        context (population, units' word, the cells' other labels): the parts it leaves over
        are a count (``sdc.named_unions``). Only counts; blocked by context, so the cost is
        one pass over the labels when no label names a union. ``review`` unless every label
        of the derivation joins its names with ``+``/``&`` (``and`` may join the words of one
        category: "Mining and quarrying").

        Parts are taken from one table at a time first, then from all the context's tables
        together (``A+B+C`` less ``A`` here and ``B`` there), using only parts whose counts
        agree wherever they are published. A union whose parts have several words (``North
        East and South``) is also read with each part one name where such a part is itself
        a published label of the population (``North East``)."""
        from sdc.linking import population_key
        from sdc.named_unions import (
            NamedSet,
            Remainder,
            UnionPart,
            may_be_union,
            name_key,
            parse_named_set,
            parse_whole_names,
            union_remainders,
        )

        # each output's counted cells and population; its labels per cell are read again in
        # the second pass, one output at a time and only when some label names a union (a
        # list per dimension of every output's cells was held through both: 2.4 MiB on a
        # 1 MiB long table, SDC503's peak)
        # each a place in its table read through ``TableCells`` (the table's compact form where
        # it has one: no cell made but those a finding names)
        per_output: list[tuple[TableCells, list[int], str] | None] = []
        wanted: dict[tuple[str, str], set[str]] = defaultdict(set)  # names unions cover
        labels_of: dict[str, set[str]] = defaultdict(set)  # a population's labels, as names
        whole_unions: list[tuple[str, NamedSet]] = []
        for output in outputs:
            table = output.table
            if table is None:
                per_output.append(None)
                continue
            read = TableCells(output)
            counted = read.places_of((Role.COUNT,),
                                     None if keys is None else keys.places(len(read)))
            pop = population_key(output)
            for dim in table.dimensions:
                for label in set(read.labels_along(counted, dim, _ABSENT)):
                    if not isinstance(label, str):
                        continue
                    if not may_be_union(label):
                        labels_of[pop].add(name_key(label))
                        continue
                    named = parse_named_set(label)
                    if named is not None and len(named.names) > 1:
                        wanted[(pop, named.word)] |= named.names
                    whole = parse_whole_names(label)
                    if whole is not None and len(whole.names) > 1:
                        whole_unions.append((pop, whole))
            per_output.append((read, counted, pop))
        for pop, whole in whole_unions:  # read whole only where a part of words is published
            if any(" " in name and name in labels_of[pop] for name in whole.names):
                wanted[(pop, "")] |= whole.names
        if not wanted:
            return []
        # a count: (its output's number, its place in the table)
        Entry: TypeAlias = tuple[UnionPart, NamedSet, str, tuple[int, int], str]
        by_context: dict[tuple[Any, ...], dict[int, list[Entry]]] = defaultdict(
            lambda: defaultdict(list))
        for k, item in enumerate(per_output):
            if item is None:
                continue
            read, counted, pop = item
            table = outputs[k].table
            assert table is not None
            for dim in table.dimensions:
                for place, label in zip(counted, read.labels_along(counted, dim, _ABSENT),
                                        strict=True):
                    if label is _ABSENT:
                        continue
                    margins = read.margins(place)
                    if dim in margins:
                        continue
                    others: tuple[str, ...] | None = None
                    for named in (parse_named_set(label), parse_whole_names(label)):
                        if named is None or not named.names <= wanted.get((pop, named.word),
                                                                          set()):
                            continue
                        if others is None:
                            others = tuple(sorted(
                                other for d, other in read.pairs(place)
                                if other and d != dim and d not in margins))
                        entry = (UnionPart(named.names, read.value(place), (k, place)), named,
                                 label.strip(), (k, place), dim)
                        by_context[(pop, named.word, others)][k].append(entry)

        def cell_of(held: tuple[int, int]) -> DataCell:
            item = per_output[held[0]]
            assert item is not None
            return item[0].cell(held[1])

        found: list[Finding] = []
        done: set[tuple[tuple[int, int], frozenset[str]]] = set()
        # a union less the same cells
        derived: set[tuple[tuple[int, int], frozenset[object]]] = set()

        def report(k: int, entry: Entry, rest: Remainder, taken: list[tuple[int, Entry]],
                   agreed: bool = True) -> None:
            _, named, label, held, dim = entry
            done.add((held, rest.names))
            derived.add((held, frozenset(p.key for p in rest.parts)))
            strict = agreed and named.strict and all(e[1].strict for _, e in taken)
            what = " ".join([named.word, " + ".join(sorted(rest.names))]).strip()
            how = f"{label} − " + " − ".join(e[2] for _, e in taken)
            found.append(self.finding(
                outputs[k], f"{dim} {what} = {how} = {fmt_number(rest.value)}, "
                f"below the threshold {threshold}",
                cell=cell_of(held),
                related=[outputs[j].location(cell_of(e[3])) for j, e in taken],
                public=f"{dim} {what} = {how} is a count below the threshold {threshold}",
                evidence={"derived": rest.value, "threshold": threshold,
                          "names": sorted(rest.names)},
                unassessable=not strict))

        def new(rest: Remainder | None, at: tuple[int, int]) -> TypeGuard[Remainder]:
            return rest is not None and 0 < rest.value < threshold and \
                (at, rest.names) not in done and \
                (at, frozenset(p.key for p in rest.parts)) not in derived

        for tables in by_context.values():
            # tables whose counts here are the same give the same remainders: only the first
            # of them can report one (``done``), so the others are not compared (a release of
            # many alike tables stays linear in them)
            distinct: dict[tuple[Any, ...], int] = {}
            for j, others_entries in tables.items():
                shape = tuple(sorted((tuple(sorted(e[0].names)), e[0].value is None,
                                      0.0 if e[0].value is None else float(e[0].value))
                                     for e in others_entries))
                distinct.setdefault(shape, j)
            compared = list(tables.keys() if self.all_pairs else distinct.values())
            pooled, clash = _pooled_parts(tables, compared)
            published = {e[0].names for entries in tables.values() for e in entries}
            for k, entries in tables.items():
                own = {e[0].names for e in entries}
                for entry in entries:
                    union, named, at = entry[0], entry[1], entry[3]
                    if len(named.names) < 2:
                        continue
                    for j in compared:
                        others_entries = tables[j]
                        parts = [e[0] for e in others_entries]
                        rest = union_remainders(union, parts, own | {p.names for p in parts})
                        if new(rest, at):
                            report(k, entry, rest, [(j, e) for e in others_entries
                                                    if e[0] in rest.parts])
                    # parts from several tables together: only where they reach further
                    rest = union_remainders(union, [p for p, _, _ in pooled], published)
                    if new(rest, at) and len({j for p, j, _ in pooled
                                                if p in rest.parts}) > 1:
                        report(k, entry, rest, [(j, e) for p, j, e in pooled
                                                if p in rest.parts],
                               agreed=not any(p.names in clash for p in rest.parts))
        return found

    @staticmethod
    def _locate(held: Held) -> Location:
        return held[0].output.location(held_cell(held))

    # -- subgroup beside the whole ---------------------------------------------------------
    def _subgroup(self, sub: Output, outputs: list[Output], threshold: int,
                  worded_wholes: dict[int, dict[frozenset[str], int | None]] | None = None,
                  population: Callable[[Output], tuple[dict[str, Any], set[str]]] | None = None
                  ) -> Iterator[Finding]:
        """``sub`` against every output whose population it nests in (declared in
        request.toml, or named in a title, file name or only label: then at most
        ``review``). A count with no cell of the same labels in the whole is matched by its
        words (:func:`_words`): ``review`` too, the same units cannot be proved.
        ``population``: each output's :func:`population_of`, worked out once for the release
        (a table's only labels are read for it). Every count is read by its place in its
        table (``TableCells``, the table's compact form where it has one): a cell is made only
        where a finding names it."""
        population = population or population_of
        sub_pop, sub_guessed = population(sub)
        if not sub_pop:
            return
        subs: tuple[TableCells, list[int], list[LabelsKey]] | None = None
        sub_words: dict[int, frozenset[str]] = {}  # a subgroup count's place -> its words
        worded_wholes = {} if worded_wholes is None else worded_wholes
        rests: dict[int, dict[tuple[frozenset[str], str], tuple[int, int] | None]] = {}
        for whole in outputs:
            whole_pop, whole_guessed = population(whole)
            if whole is sub or whole.table is None or not _nests(sub_pop, whole_pop):
                continue
            rest = {k: v for k, v in sub_pop.items() if whole_pop.get(k) != v}
            guessed = bool(set(rest) & sub_guessed) or bool(set(whole_pop) & whole_guessed)
            index = _count_index(whole)
            at, whole_read = index.at, index.read
            if subs is None:
                subs = _counts(sub)
            read, places, keys = subs
            same_measure = "subset" in rest and "subset" in sub_guessed
            worded = worded_wholes.get(id(whole))
            # no label shared: the subgroup's labels may abbreviate the whole's (``NE`` for
            # ``North East``), paired one to one (``abbreviated_labels``): review
            renamed = _abbreviated_keys(keys, at) if not any(k in at for k in keys) else None
            by_counts = False
            if renamed is None and not any(k in at for k in keys):
                # no abbreviation either (``Region 1`` for ``North East``): paired when the
                # counts allow one pairing only (``_renamed_by_counts``, hunt20): review
                renamed = _renamed_by_counts(sub, whole, read, places, keys, index)
                by_counts = renamed is not None
            for k, (place, key) in enumerate(zip(places, keys, strict=True)):
                name = read.measure(place).name
                value = read.value(place)
                if renamed is not None:
                    key = renamed[k]
                match = at.get(key)
                if match is not None and whole_read.measure(match).name != name:
                    # the whole's first count under these labels is another column: its own
                    match = at.get(_named_key(key, name), match)
                worded_match = False
                if match is None and not same_measure:
                    # no shared labels: the same count written in other words (a row ``Area
                    # A`` and a column "living and working in area" here, a row ``Males`` and
                    # a column "living and working in Area A" there)
                    if worded is None:
                        worded = worded_wholes[id(whole)] = _by_words(index)
                    words = sub_words.get(place)
                    if words is None:
                        words = sub_words[place] = _words(key, name)
                    match = worded.get(words)
                    worded_match = True
                if match is None and worded_match and value is not None:
                    # "working in Area A and living elsewhere": the rest of a whole's count
                    # ("working in area") less its part ("living and working in area")
                    negated = _negated(key, name, sub_words.get(place, frozenset()))
                    if negated is not None:
                        if id(whole) not in rests:
                            rests[id(whole)] = _complements(index)
                        yield from self._rest_of(sub, whole, read, place, whole_read,
                                                 rests[id(whole)].get(negated), rest, guessed,
                                                 threshold)
                if match is None or value is None:
                    continue
                whole_value = whole_read.value(match)
                if whole_value is None:
                    continue
                if same_measure and _counted(whole_read.measure(match).name) != _counted(name):
                    continue  # a part named in a file name: only the same count is its whole
                diff = whole_value - value
                if 0 < diff < threshold:
                    how = " (named in its title, file name or only label)" if guessed else ""
                    if worded_match:
                        how += ", the same count in other words"
                    if renamed is not None:
                        how += (", its labels renamed, paired by their counts" if by_counts
                                else ", its labels abbreviated")

                    yield self.finding(
                        sub, f"the whole population minus this subgroup "
                        f"({_describe(rest)}{how}) leaves {fmt_number(diff)}, below the "
                        f"threshold {threshold}", cell=read.cell(place),
                        related=[whole.location(whole_read.cell(match))],
                        public=f"the whole population minus this subgroup "
                               f"({_describe(rest)}{how}) is a count below the threshold",
                        evidence={"whole": whole_value, "subgroup": value,
                                  "difference": diff},
                        unassessable=guessed or worded_match or renamed is not None)

    def _rest_of(self, sub: Output, whole: Output, read: TableCells, place: int,
                 whole_read: TableCells, pair: tuple[int, int] | None, rest: dict[str, Any],
                 guessed: bool, threshold: int) -> Iterator[Finding]:
        """The whole's count less its part (``pair``, the places of one row's two counts in
        the whole) is the rest, of which the subgroup's count at ``place`` counts the
        subgroup: rest − subgroup below the threshold is the other sex's (``review``:
        matched by words, over three counts)."""
        value = read.value(place)
        if pair is None or value is None:
            return
        count, part = pair
        count_value, part_value = whole_read.value(count), whole_read.value(part)
        assert count_value is not None and part_value is not None
        diff = count_value - part_value - value
        if not 0 < diff < threshold:
            return
        how = " (named in its title, file name or only label)" if guessed else ""
        yield self.finding(
            sub, f"the whole population's '{whole_read.measure(count).name}' less its "
            f"'{whole_read.measure(part).name}' less this subgroup ({_describe(rest)}{how}, "
            f"the rest of a count in other words) leaves {fmt_number(diff)}, below the "
            f"threshold {threshold}", cell=read.cell(place),
            related=[whole.location(whole_read.cell(count)),
                     whole.location(whole_read.cell(part))],
            public=f"the whole population's rest of a count less this subgroup "
                   f"({_describe(rest)}{how}) is a count below the threshold",
            evidence={"whole": count_value, "part": part_value, "subgroup": value,
                      "difference": diff},
            unassessable=True)

    # -- re-runs ---------------------------------------------------------------------------
    def _reruns(self, outputs: list[Output], threshold: int, jobs: int = 1,
                ahead: _PerOutput | None = None,
                totals: list[_Total] | None = None,
                profiles: list[Profile] | None = None
                ) -> Iterator[Finding]:
        # Tables with the same cells (label combinations) are compared at once with numpy: a
        # pair is a re-run when every difference is below the threshold and at least one is
        # not zero. Declared populations do not keep tables apart: a made-up population key in
        # request.toml must not silence the comparison (sdc.claims; issue 12 channel 7).
        if LONE_TABLE_SKIPS_RERUNS and sum(1 for o in outputs if o.table is not None) < 2:
            # one table or none: no bucket can hold two, so no index is compared (a lone long
            # table's index made a link key for each of its 100,000 cells for nothing)
            return
        # tables of the same label combinations, in the order each set first occurs: grouped
        # by the set's size and hash, then by comparing the tables' keys (a frozenset of each
        # distinct set held as the bucket's key was ~0.7 MiB a 25,000-count table)
        buckets: list[list[tuple[Output, CountIndex]]] = []
        by_shape: dict[tuple[int, int], list[int]] = defaultdict(list)
        # tables whose counts share label combinations (an index keeps one cell of each):
        # their indexes say nothing of which count is which, so no "same counts" reading
        ambiguous: set[int] = set()
        def bucket(output: Output) -> list[Finding]:
            index = ahead.count_index(output) if ahead is not None else _count_index(output)
            n_counts = index.n_counts
            if totals is not None:  # each count's grand total, for _close_totals
                totals.extend(_table_totals(output, index))
            if profiles is not None:  # its categories as rows, for _renamed
                from sdc.renamed_categories import profile

                if (read := profile(output, index)) is not None:
                    profiles.append(read)
            if len(index) >= 2:
                shape = by_shape[len(index), hash(frozenset(index))]
                same = next((b for b in shape if buckets[b][0][1].same_keys(index)), None)
                if same is None:
                    same = len(buckets)
                    shape.append(same)
                    buckets.append([])
                buckets[same].append((output, index))
                if len(index) < n_counts:
                    ambiguous.add(id(output))
            return []

        yield from each_guarded(self.code, outputs, lambda o: [o], bucket)
        yield from each_guarded(
            self.code, [m for m in buckets if len(m) >= 2],
            lambda bucket: [o for o, _ in bucket],
            lambda bucket: list(self._rerun_bucket(bucket[0][1].keys(), bucket, threshold,
                                                   ambiguous)), jobs=jobs)
        # the same table under its labels abbreviated (``NE`` for ``North East``): no key is
        # shared, so neither a bucket nor an overlap pairs them
        abbreviated = _abbreviated_pairs(buckets, ambiguous)
        yield from each_guarded(
            self.code, abbreviated,
            lambda pair: [pair[0][0], pair[1][0]],
            lambda pair: list(self._abbreviated_rerun(pair, threshold)))
        # the same table under its categories renamed to other names (``Norte`` for
        # ``North``), paired by their numbers (``sdc.renamed_reruns``; round 50)
        yield from each_guarded(
            self.code, [buckets], lambda found: [o for members in found for o, _ in members],
            lambda found: list(self._renamed_reruns(found, ambiguous, abbreviated, threshold)))
        # tables whose cells are not the same combinations (a one-way table beside a
        # crosstab's margins, a re-run that gained a category) but that agree on most of
        # those they share
        indexed = [(out, index) for members in buckets
                   for out, index in members if id(out) not in ambiguous]
        if len({id(bucket) for bucket in buckets
                if any(id(out) not in ambiguous for out, _ in bucket)}) < 2:
            # every table left holds one set of combinations (a hundred long cuts of one
            # cohort): ``overlapping_pairs`` compares only tables whose sets differ, so it
            # would find none, after indexing every count of every table (~0.04 s each)
            return
        indexed.sort(key=lambda item: (item[0].path, item[0].sheet or ""))
        yield from each_guarded(
            self.code, overlapping_pairs(indexed, threshold),
            lambda pair: [pair[0][0], pair[1][0]],
            lambda pair: list(self._overlap(pair[0], pair[1], threshold)))

    def _renamed(self, profiles: list[Profile], rounding: float = 0.0) -> Iterator[Finding]:
        """A hidden count that another table's margins give back once the two tables'
        categories, named otherwise, are paired by the numbers both print
        (``sdc.renamed_categories``). ``review``: the pairing is read from the numbers, not
        proved; every pairing they allow is tried, and each value it gives is said."""
        from sdc.renamed_categories import recoveries

        for found in recoveries(profiles, rounding):
            out, other = found.hider.output, found.publisher.output
            cell = found.hider.index.read.cell(found.place)
            read = found.publisher.index.read
            values = ", ".join(fmt_number(v) for v in found.values) + (
                f" (each within {fmt_number(found.within)}, the rounding's reach)"
                if found.within else "")
            paired = ", ".join(f"'{a}' as '{b}'" for a, b in
                               zip(found.mine, found.theirs, strict=True))
            yield self.finding(
                out, f"this table's {found.dim} categories are named otherwise than "
                f"{other.path}'s, but {_renamed_why(found)}: "
                f"read as the same categories ({paired}), {other.path}'s totals give this "
                f"suppressed cell back: it is {'one of ' if len(found.values) > 1 else ''}"
                f"{values}", cell=cell,
                related=[other.location(read.cell(i)) for i in found.used],
                public=f"this table's categories are named otherwise than {other.path}'s, "
                       f"but their numbers {'or dimension ' if found.named else ''}"
                       f"{'or codes ' if found.coded else ''}pair them, "
                       f"and {other.path}'s totals then give "
                       f"this suppressed cell back",
                evidence={"values": list(found.values), "paired": dict(
                    zip(found.mine, found.theirs, strict=True)), "agreeing": found.evidence,
                    **({"named_alike": True} if found.named else {}),
                    **({"coded": True} if found.coded else {}),
                    **({"within": found.within} if found.within else {}),
                    **({"agreeing_named": found.agreeing} if found.agreeing else {})},
                unassessable=True)

    def _renamed_reruns(self, buckets: list[list[tuple[Output, CountIndex]]],
                        ambiguous: set[int], abbreviated: list[_AbbreviatedPair],
                        threshold: int) -> Iterator[Finding]:
        """Two tables of one shape, a dimension's categories named otherwise in each, that a
        pairing of those categories makes one table re-run (``sdc.renamed_reruns``): each
        renamed category's cell printed apart (review: the pairing is the numbers', not
        proved; round 50)."""
        from sdc.band_reruns import BAND_COUNTS, may_band
        from sdc.renamed_reruns import MAX_COUNTS, grid, renamed_reruns

        read = sorted(((out, index) for members in buckets for out, index in members
                       if id(out) not in ambiguous),
                      key=_file_order)
        grids = [one for out, index in read if (one := grid(out, index)) is not None]
        # banded tables past ``MAX_COUNTS``, for the band re-runs only (round 53)
        banded = [one for out, index in read if MAX_COUNTS < index.n_counts <= BAND_COUNTS
                  and may_band(out, index) and (one := grid(out, index, BAND_COUNTS))]
        if len(grids) + len(banded) < 2:
            return
        done = {frozenset((id(first[0]), id(second[0]))) for first, second, _ in abbreviated}
        for found in renamed_reruns(grids, threshold):
            earlier, later = found.earlier.output, found.later.output
            if frozenset((id(earlier), id(later))) in done:
                continue  # read through the abbreviation already
            done.add(frozenset((id(earlier), id(later))))
            paired = ", ".join(f"'{a}' as '{b}'" for a, b in found.paired)
            for place, there, diff in found.apart:
                cell = found.later.index.read.cell(place)
                other = found.earlier.index.read.cell(there)
                yield self.finding(
                    later, f"{earlier.location().display()} publishes the same table with "
                    f"its {found.dim} categories named otherwise: read as the same categories "
                    f"({paired}), {found.agree} counts are printed alike in both and "
                    f"{found.differ} differ by less than {threshold}, "
                    f"{fmt_number(cell.value or 0)} here against "
                    f"{fmt_number(other.value or 0)} there: the {fmt_number(diff)} between "
                    "are the units one count holds and the other does not (a re-run or a "
                    "changed inclusion criterion)", cell=cell,
                    related=[earlier.location(other)],
                    public=f"{earlier.location().display()} publishes the same table with its "
                           f"categories named otherwise, a count below the threshold "
                           f"{threshold} apart here",
                    evidence={"difference": diff, "agreeing": found.agree,
                              "differing": found.differ,
                              "paired": dict(found.paired)}, unassessable=True)
        every = grids
        if banded:  # in file order, as ``grids``
            places = {id(out): k for k, (out, _) in enumerate(read)}
            every = sorted(grids + banded, key=lambda one: places[id(one.output)])
        yield from self._band_reruns(every, done, threshold)
        yield from self._derived_reruns(grids, threshold)

    def _band_reruns(self, grids: list[Grid], done: set[frozenset[int]], threshold: int
                     ) -> Iterator[Finding]:
        """Two tables banding one variable otherwise whose bands contradict, summed to the
        runs both print one table re-run (``sdc.band_reruns``): each run apart, at the later
        table's cells (review: the re-run is the numbers', not proved; round 52)."""
        from sdc.band_reruns import band_reruns
        from sdc.bands import Band

        for found in band_reruns(grids, threshold, done):
            earlier, later = found.earlier.output, found.later.output
            read, there = found.later.index.read, found.earlier.index.read
            run = Band(found.lo, found.hi).interval()
            under = f" ({found.other})" if found.other else ""
            diff = abs(found.now - found.then)
            for place in found.cells:
                yield self.finding(
                    later, f"{earlier.location().display()} bands {found.dim} otherwise, and "
                    f"the two contradict: summed to the bands both print, {run}{under} is "
                    f"{fmt_number(found.now)} here against {fmt_number(found.then)} there "
                    f"({found.agree} such sums alike, {found.differ} apart): the "
                    f"{fmt_number(diff)} between are the units one run holds and the other "
                    "does not (a re-run or a changed inclusion criterion)",
                    cell=read.cell(place),
                    related=[earlier.location(there.cell(p)) for p in found.there],
                    public=f"{earlier.location().display()} bands the same variable "
                           f"otherwise; summed to the bands both print, a count below the "
                           f"threshold {threshold} apart here",
                    evidence={"difference": diff, "agreeing": found.agree,
                              "differing": found.differ, "run": run}, unassessable=True)

    def _derived_reruns(self, grids: list[Grid], threshold: int) -> Iterator[Finding]:
        """A table beside its cumulative twin, or beside itself with categories merged, one
        derived count a few units off: one table re-run (``sdc.derived_reruns``), at the
        derived table's cells (review: the re-run is the numbers', not proved; round 53)."""
        from sdc.derived_reruns import cumulative_twins, merged_reruns

        def named(table: Grid) -> bool:
            return _cumulative_name(table.output, table.index) is not None

        for found in itertools.chain(cumulative_twins(grids, threshold, named),
                                     merged_reruns(grids, threshold)):
            earlier, later = found.earlier.output, found.later.output
            read, there = found.later.index.read, found.earlier.index.read
            under = f" ({found.other})" if found.other else ""
            diff = abs(found.derived - found.printed)
            if found.kind == "cumulative":
                what = (f"this cumulative count's step at {found.label}{under} is "
                        f"{fmt_number(found.derived)}, and {earlier.location().display()} "
                        f"prints {fmt_number(found.printed)} for it")
                public = (f"this cumulative count's step and {earlier.location().display()}'s "
                          f"count of the same category are a count below the threshold "
                          f"{threshold} apart")
            else:
                what = (f"{found.label}{under} is {fmt_number(found.derived)} here, and its "
                        f"parts sum to {fmt_number(found.printed)} in "
                        f"{earlier.location().display()}")
                public = (f"this merged category and the sum of its parts in "
                          f"{earlier.location().display()} are a count below the threshold "
                          f"{threshold} apart")
            yield self.finding(
                later, f"{what} ({found.agree} such counts alike, {found.differ} apart): the "
                f"{fmt_number(diff)} between (below the threshold {threshold}) are the units "
                "one run holds and the other does not (a re-run or a changed inclusion "
                "criterion)", cell=read.cell(found.cells[-1]),
                related=[later.location(read.cell(p)) for p in found.cells[:-1]]
                + [earlier.location(there.cell(p)) for p in found.there],
                public=public,
                evidence={"difference": diff, "agreeing": found.agree,
                          "differing": found.differ, "derived": found.kind},
                unassessable=True)

    def _abbreviated_rerun(self, pair: _AbbreviatedPair, threshold: int) -> Iterator[Finding]:
        """Two tables of one shape whose labels one abbreviates, every count less than the
        threshold apart and some apart at all: a re-run read through the renaming (review:
        the renaming is read, not proved)."""
        (first_out, first_index), (second_out, second_index), alias = pair
        moved = {key: tuple(sorted(alias.get(label, label) for label in key))
                 for key in second_index}
        diffs: dict[LabelsKey, float] = {}
        for key, theirs in moved.items():
            mine, then = second_index.value(key), first_index.value(theirs)
            if mine is None or then is None or mine != mine or then != then:
                continue
            diffs[key] = abs(mine - then)
        if not diffs or max(diffs.values()) >= threshold or not any(diffs.values()):
            return
        for key in sorted((k for k, d in diffs.items() if d), key=second_index.place):
            cell, other = second_index[key], first_index[moved[key]]
            diff = diffs[key]
            yield self.finding(
                second_out, f"{first_out.location().display()} publishes the same table "
                f"under its labels abbreviated or spelt out, {fmt_number(cell.value or 0)} "
                f"here against {fmt_number(other.value or 0)} there: the "
                f"{fmt_number(diff)} between (below the threshold {threshold}) are the units "
                "one count holds and the other does not (a re-run or a changed inclusion "
                "criterion)", cell=cell, related=[first_out.location(other)],
                public=f"{first_out.location().display()} publishes the same table under its "
                       f"labels abbreviated, a count below the threshold {threshold} apart here",
                evidence={"difference": diff}, unassessable=True)

    def _totals_apart(self, first: _Total, second: _Total,
                      threshold: int) -> Finding:
        """Two tables' grand totals, or their totals under one label (all women), a few units
        apart: if both count one population (nothing here can tell), the difference is the
        group one of them left out (the patients with no region recorded, an exclusion, the
        bands one table does not print). ``review``: a person asks which population each
        counts."""
        (out_a, index_a, total_a, key, at_a, implied_a), \
            (out_b, index_b, total_b, _, at_b, implied_b) = first, second
        diff = abs(total_a - total_b)
        what = "total" if not key else f"total of {', '.join(sorted(key))}"
        # a total no table prints is the sum of its margins (``_implied_totals``): said so;
        # a count measure's other than the first is named (``_table_totals``)
        mine = _what_total(what, at_b, implied_b, index_b)
        theirs = _what_total(what, at_a, implied_a, index_a)
        evidence: dict[str, Any] = {"total": total_b, "other_total": total_a,
                                    "difference": diff}
        if implied_b:
            evidence["implied"] = True
        if implied_a:
            evidence["other_implied"] = True
        return self.finding(
            out_b, f"this table's {mine} {fmt_number(total_b)} and {out_a.path}'s {theirs} "
            f"{fmt_number(total_a)} differ by {fmt_number(diff)}, below the threshold "
            f"{threshold}: if both count one population, the difference is a group of "
            f"{fmt_number(diff)} left out of one of them", cell=index_b[at_b],
            related=[out_a.location(index_a[at_a])],
            public=f"this table's {mine} and {out_a.path}'s differ by a count below the "
                   f"threshold: if both count one population, the difference is disclosive",
            evidence=evidence, unassessable=True)

    def _rerun_bucket(self, keys: Iterable[LabelsKey], members: list[tuple[Output, CountIndex]],
                      threshold: int, ambiguous: set[int]) -> Iterator[Finding]:
        import numpy as np

        order = sorted(keys, key=sorted)
        values = np.array([idx.values_or_nan(order) for _, idx in members], dtype=float)
        cumulative = [_cumulative_name(out, idx) for out, idx in members]
        rounded = [_rounded(index) for _, index in members]
        for j in range(1, len(members)):
            diffs = np.abs(values[:j] - values[j])
            with np.errstate(all="ignore"):
                largest = np.nanmax(np.where(np.isnan(diffs), -1.0, diffs), axis=1)
            reruns = set(np.flatnonzero((largest > 0) & (largest < threshold)).tolist())
            # the same counts where they agree, a few units apart elsewhere (_same_counts)
            known = ~np.isnan(diffs)
            agree = (known & (diffs == 0) & (values[:j] != 0)).sum(axis=1)
            differ = (known & (diffs > 0)).sum(axis=1)
            small = (known & (diffs > 0) & (diffs < threshold)).any(axis=1)
            same = set(np.flatnonzero(
                (agree >= MIN_AGREEING) & (agree >= differ) & small).tolist())
            if rounded[j]:
                same -= {i for i in same if rounded[i]}
            if id(members[j][0]) in ambiguous:
                same = set()
            same = {i for i in same if id(members[i][0]) not in ambiguous}
            for i in range(j):
                if cumulative[j] is not None and cumulative[i] == cumulative[j] and (
                        i in same or i not in reruns):
                    yield from self._cumulative_steps(members[i], members[j], order,
                                                      values[i], values[j], threshold)
                elif i in same:
                    yield from self._overlap(members[i], members[j], threshold)
                elif i in reruns:
                    yield self._rerun(members[i], members[j], order, diffs[i], threshold)

    def _overlap(self, first: tuple[Output, CountIndex], second: tuple[Output, CountIndex],
                 threshold: int) -> Iterator[Finding]:
        """Two tables that publish the same counts under most label combinations they share:
        each combination where they are ``0 < d < threshold`` apart gives those ``d`` units
        away (reported in the later output, beside the earlier's cell)."""
        (first_out, first_index), (second_out, second_index) = first, second
        agreement = _same_counts(first_index, second_index, threshold)
        if agreement is None or (_rounded(first_index) and _rounded(second_index)):
            return
        agree, shared, apart = agreement
        for key in sorted(apart, key=second_index.place):
            cell, other = second_index[key], first_index[key]
            diff = abs((cell.value or 0) - (other.value or 0))
            yield self.finding(
                second_out, f"{first_out.location().display()} publishes the same counts "
                f"under {agree} of the {shared} label combinations both publish, but "
                f"{fmt_number(cell.value or 0)} here against {fmt_number(other.value or 0)} "
                "there: "
                f"the {fmt_number(diff)} between (below the threshold {threshold}) are the "
                "units one count holds and the other does not (a re-run, a changed inclusion "
                "criterion, or margins recomputed after cells were withheld)", cell=cell,
                related=[first_out.location(other)],
                public=f"{first_out.location().display()} publishes the same counts under "
                       f"most label combinations both publish, and a count below the "
                       f"threshold {threshold} apart here",
                evidence={"difference": diff, "agreeing": agree, "shared": shared})

    def _cumulative_steps(self, first: tuple[Output, CountIndex],
                          second: tuple[Output, CountIndex],
                          order: list[LabelsKey], a: np.ndarray, b: np.ndarray,
                          threshold: int) -> Iterator[Finding]:
        """One cumulative count at two dates: every cell of the later is at least the
        earlier's, and each step is the count of the period between."""
        import numpy as np

        steps = b - a
        known = ~np.isnan(steps)
        if not known.any():
            return
        if (steps[known] < 0).any():
            if (steps[known] > 0).any():
                return  # neither contains the other: not one count at two dates
            first, second, steps = second, first, -steps
        (early_out, early_index), (late_out, late_index) = first, second
        for k in np.flatnonzero(known & (steps > 0) & (steps < threshold)):
            cell, other = late_index[order[k]], early_index[order[k]]
            step = float(steps[k])
            yield self.finding(
                late_out, f"the cumulative count rises from {fmt_number(other.value or 0)} in "
                f"{early_out.location().display()} to {fmt_number(cell.value or 0)}: "
                f"{fmt_number(step)} in between, below the threshold {threshold}", cell=cell,
                related=[early_out.location(other)],
                public=f"the step between this cumulative count and "
                       f"{early_out.location().display()} is a count below the threshold",
                evidence={"earlier": other.value, "later": cell.value, "difference": step})

    def _rerun(self, first: tuple[Output, CountIndex], second: tuple[Output, CountIndex],
               order: list[LabelsKey], diffs: np.ndarray, threshold: int) -> Finding:
        import numpy as np

        (first_out, first_index), (second_out, second_index) = first, second
        changed = [order[k] for k in np.flatnonzero(diffs > 0)]
        # the grand total (no labels) first
        key = () if () in changed else min(changed, key=second_index.place)
        cell, other = second_index[key], first_index[key]
        diff = abs((cell.value or 0) - (other.value or 0))
        return self.finding(
            second_out, f"the same table as {first_out.location().display()} with "
            f"{len(changed)} cell(s) differing by less than {threshold} (here "
            f"{fmt_number(diff)}): a re-run or changed inclusion criterion reveals the "
            "units that changed", cell=cell, related=[first_out.location(other)],
            public=f"the same table as {first_out.location().display()} with cells "
                   f"differing by less than {threshold}",
            evidence={"difference": diff, "cells_changed": len(changed)},
            unassessable=True)


MIN_AGREEING = 2  # non-zero counts two tables must publish alike to be taken as one count


def _pooled_parts(tables: dict[int, list[Any]], compared: list[int]
                  ) -> tuple[list[tuple[Any, int, Any]], set[frozenset[str]]]:
    """One published part per set of names across ``compared`` tables (the first in file
    order), with the table and entry it comes from, and the sets of names whose counts differ
    between tables (a derivation through one of them is only ``review``: the tables may not
    count the same people)."""
    first: dict[frozenset[str], tuple[Any, int, Any]] = {}
    clash: set[frozenset[str]] = set()
    for j in sorted(compared):
        for entry in tables[j]:
            part = entry[0]
            if part.value is None:
                continue
            seen = first.setdefault(part.names, (part, j, entry))
            if float(seen[0].value) != float(part.value):
                clash.add(part.names)
    return list(first.values()), clash


def _drained(items: list[Any]) -> Iterator[Any]:
    """``items`` in order, each taken out of the list as it is given: what the reader no
    longer holds is freed as it goes (the list is empty at the end)."""
    items.reverse()
    while items:
        yield items.pop()


def _what_total(what: str, at: LabelsKey, implied: bool, index: CountIndex) -> str:
    """How ``_totals_apart`` names one side's total: a measure other than the first count
    measure by its name, an implied total as the sum of its margins."""
    if at and at[-1].startswith(MEASURE_MARK):
        measure = index.read.measure(index.place_of(at)).name
        what = f"{what} of its count '{measure}'"
    return what if not implied else f"{what} (the sum of its margins, none printed)"


def _measure_keys(index: CountIndex) -> list[LabelsKey]:
    """The keys a count measure's own labels are told apart by: ``()`` for the first count
    measure (its keys are bare), ``(mark,)`` for each other one ``_count_index`` keyed by
    name (``measure_key``). Only ``()`` where the table has one count measure, or where its
    counts share labels (then no key is named)."""
    if len(index.names) < 2:
        return [()]
    marks = {key[-1] for key in index if key and key[-1].startswith(MEASURE_MARK)}
    return [(), *((mark,) for mark in sorted(marks))]


def _table_totals(output: Output, index: CountIndex) -> list[_Total]:
    """Every total of a table ``_close_totals`` compares: for each count measure (the first
    one's bare keys, each other's named; ``_measure_keys``) its grand total and its one-label
    margins, or, where it prints no grand total, the one its margins add to.

    Why each measure: a table of ``admissions`` and ``deaths`` by region printing deaths'
    total 50 beside another table's 49 deaths gives a group of one away as a one-count table
    of deaths would; before round 47 only the first measure's total was compared (a table
    whose second count column's total was one off another's passed)."""
    found: list[_Total] = []
    for mark in _measure_keys(index):
        total = _grand_total(output, index, mark)
        if total is not None:
            found.append((output, index, total, (), mark, False))
            # and its one-label margins (all women, whatever the band): a totals-only table
            # beside one printing some bands shares no equal count, so only its margins meet
            # the other's (hunt38's complementary bands)
            found.extend((output, index, value, key[:1], key, False)
                         for key, value in _label_margins(output, index, mark))
        else:
            # no grand total printed: the one its margins add to (F 13 + M 95 = 108 beside
            # another table's 107 told North East's women), reported at the first margin
            found.extend((output, index, value, (), at, True)
                         for at, value in _implied_totals(output, index, mark))
    return found


def _grand_total(output: Output, index: CountIndex, mark: LabelsKey = ()) -> float | None:
    """The table's grand total of one count measure (``mark``: ``()`` the first measure's,
    else the other's named key, ``_measure_keys``): its count under no label that is the
    margin of every dimension, or a measure's one count; none where counts share labels (a
    survival table's rows: its ``()`` is any row) or the number is not a positive count."""
    table = output.table
    value = index.value(mark) if mark in index else None
    if table is None or value is None or not value > 0:
        return None
    if index.n_counts == 1:
        return value
    if len(index) < index.n_counts:
        return None
    dims = set(table.dimensions)
    if not dims:
        # a table of no dimension: one row of several measures' counts (``admissions,
        # deaths / 107,50``), each its measure's one count (counts sharing a key refused
        # above)
        return value if len(index.names) == index.n_counts and len(index.names) > 1 else None
    if not dims <= index.margins(mark):
        return None
    return value


def _marked(key: LabelsKey, mark: LabelsKey) -> bool:
    """Whether ``key`` is a key of the measure ``mark`` names (``()``: the bare keys)."""
    if mark:
        return bool(key) and key[-1] == mark[0]
    return not key or not key[-1].startswith(MEASURE_MARK)


def _label_margins(output: Output, index: CountIndex, mark: LabelsKey = ()
                   ) -> list[tuple[LabelsKey, float]]:
    """A table's counts (of the measure ``mark`` names) under one label that total every
    other dimension (``F`` over all bands and regions): what a table of another cut of one
    population prints too. Only for a table with a grand total (``_grand_total``'s checks
    hold). Each is given at its own key (the measure's name last, where it has one)."""
    table = output.table
    if table is None:
        return []
    dims = set(table.dimensions)
    if len(dims) < 2:
        return []
    size = 1 + len(mark)
    found: list[tuple[LabelsKey, float]] = []
    for key in index:
        if len(key) != size or not _marked(key, mark):
            continue
        value = index.value(key)
        if value is None or not value > 0:
            continue
        margins = index.margins(key)
        if len(margins) == len(dims) - 1 and margins <= dims:
            found.append((key, value))
    return found


def _implied_totals(output: Output, index: CountIndex, mark: LabelsKey = ()
                    ) -> list[tuple[LabelsKey, float]]:
    """The grand total a table that prints none adds up to, of one count measure (``mark``,
    ``_measure_keys``): for each dimension whose labels all have their margin printed (``F``
    and ``M``, each totalled over every other dimension), the sum of those margins, with the
    key of the first margin (where it is reported). A hidden, blank or missing margin implies
    nothing (the sum of the rest is no total); nor do counts that share labels
    (``_grand_total``'s refusal). Why: two tables whose totals are a few apart give the group
    between, printed or added up (link46's one-release case: margins 13 + 95 beside another
    table's printed 107)."""
    table = output.table
    if table is None or len(index) < index.n_counts:
        return []
    dims = frozenset(table.dimensions)
    if len(dims) < 2:
        return []
    size = 1 + len(mark)
    # a margin's key is one label: most tables with no grand total (a long table's cells)
    # have none, and are done here without reading a place's margins
    if sum(1 for key in index if len(key) == size and _marked(key, mark)) < 2:
        return []
    read = index.read
    mine = (index.placed() if len(index.names) < 2
            else [(key, at) for key, at in index.placed() if _marked(key, mark)])
    places = [at for _, at in mine]
    margin_sets = [read.margins(i) for i in places]
    found: list[tuple[LabelsKey, float]] = []
    for dim in table.dimensions:
        others = dims - {dim}
        group = [key for (key, _), of in zip(mine, margin_sets, strict=True)
                 if len(key) == size and of == others]
        # the labels of ``dim`` this measure's counts are under (not totalled over it)
        labels = {label.strip() for label, of in zip(read.labels_along(places, dim),
                                                      margin_sets, strict=True)
                  if dim not in of and isinstance(label, str) and label.strip()}
        if len(group) < 2 or {key[0] for key in group} != labels:
            continue
        values = [index.value(key) for key in group]
        if any(v is None or v != v or v < 0 or read.suppressed(index.place_of(key))
               for key, v in zip(group, values, strict=True)):
            continue
        total = sum(v for v in values if v is not None)
        if total > 0 and all(total != had for _, had in found):  # each sum once
            found.append((min(group, key=index.place), total))
    return found


# a table, its count index, a total (a count measure's grand total: the count of the key
# ``()``, or of its measure's named key; or a one-label margin, ``_label_margins``; or the
# grand total its margins add to where it prints none, ``_implied_totals``), the key totals
# are compared under (``()``, or the one label; never the measure's name), the key of the
# cell it is reported at (its own; an implied total's first margin), and whether it is
# implied (no cell prints it)
_Total: TypeAlias = "tuple[Output, CountIndex, float, LabelsKey, LabelsKey, bool]"


def _close_totals(totals: list[_Total], threshold: int,
                  cited: set[tuple[str, str | None, str | None]] | None = None
                  ) -> Iterator[tuple[_Total, _Total]]:
    """Pairs of tables whose grand totals (or totals under one label: the same key only,
    where one of the two tables prints only totals) differ by ``0 < d < threshold`` (sorted
    by key and value: each total meets only its neighbours), in path order within a pair. A
    rounded table's total is a rounding apart from any other, not a group of units: left out, as in
    ``_same_counts``'s re-runs; so is a pair whose two totals an earlier part of the rule
    already flagged (``cited``: a re-run or a subgroup says more)."""
    cited = cited or set()

    def flagged(item: _Total) -> bool:
        return (item[0].path, item[0].sheet, cell_ref(*item[1].place(item[4]))) in cited

    def named(item: _Total) -> bool:  # a count measure's other than the first
        return bool(item[4]) and item[4][-1].startswith(MEASURE_MARK)

    def measure_of(item: _Total) -> str:  # the count measure a total is of, folded
        index = item[1]
        return _named_key((), index.read.measure(index.place_of(item[4])).name)[0]

    # the first count measure's totals before the others' of one number and file: a table
    # and its ``n_percent_view`` (same file) both give ``count / Total``'s 479, once
    ordered = sorted(totals, key=lambda t: (t[3], t[2], t[0].path, t[0].sheet or "",
                                            named(t)))
    given: set[tuple[Any, ...]] = set()
    rounded: dict[int, bool] = {}

    def is_rounded(item: _Total) -> bool:
        if id(item[0]) not in rounded:
            rounded[id(item[0])] = _rounded(item[1])
        return rounded[id(item[0])]

    margins_only: dict[int, bool] = {}

    def prints_only_margins(item: _Total) -> bool:
        if id(item[0]) not in margins_only:
            # a key's labels, not its measure's name (``_table_totals``' other measures)
            margins_only[id(item[0])] = all(
                len(key) - (bool(key) and key[-1].startswith(MEASURE_MARK)) <= 1
                for key in item[1])
        return margins_only[id(item[0])]

    for i, low in enumerate(ordered):
        for high in ordered[i + 1:]:
            diff = high[2] - low[2]
            if diff >= threshold or high[3] != low[3]:
                break
            if low[3] and not (prints_only_margins(low) or prints_only_margins(high)):
                # one-label totals of two tables that both print categories: the noise of
                # any two cuts of a release, not a whole beside its part
                continue
            if diff > 0 and high[0] is not low[0] and not (flagged(low) and flagged(high)) \
                    and not (is_rounded(low) or is_rounded(high)):
                if named(low) or named(high):
                    # a count measure's total after the first's (round 47): not beside its
                    # own file (a table's two measures, or the table and its view), one pair
                    # of numbers of two files once, and between two tables of several count
                    # measures only a measure's beside the same measure's (ACRO's ``count /
                    # g1`` of one copy is no total beside ``count / g2`` of another)
                    pair = (_file_order(low), low[2], _file_order(high), high[2], low[3])
                    if _file_order(low) == _file_order(high) or pair in given or (
                            len(low[1].names) > 1 and len(high[1].names) > 1
                            and measure_of(low) != measure_of(high)):
                        continue
                given.add((_file_order(low), low[2], _file_order(high), high[2], low[3]))
                first, second = sorted((low, high), key=lambda t: (t[0].path, t[0].sheet or ""))
                yield first, second


def _same_counts(a: CountIndex, b: CountIndex, threshold: int
                 ) -> tuple[int, int, list[LabelsKey]] | None:
    """Whether two tables' counts are one count on nearly the same units: under the label
    combinations both publish (with a value), at least ``MIN_AGREEING`` non-zero counts are
    equal, at least as many as differ, and some differ by ``0 < d < threshold``. Then
    ``(agreeing, shared, the combinations a small amount apart)``; else ``None``.

    Why this criterion: two different measures (deaths and admissions, or one count in two
    populations) do not publish the same non-zero number under most of their shared labels;
    one count on two sets of units that differ by a few does (a re-run, an exclusion, ACRO's
    margins recomputed after suppression beside a table with the true total). Equal zeros
    are no evidence either way: they are not counted.

    The shared keys' values are read as columns (``CountIndex.meet``; a lookup a key in each
    table was a dict a table held, round 47), below ``SAME_COUNTS_WITH_NUMPY_FROM`` keys one
    by one: the same counts, and the same keys apart (in ``a``'s order)."""
    if min(len(a), len(b)) < SAME_COUNTS_WITH_NUMPY_FROM:
        return _same_counts_by_key(a, b, threshold)
    import numpy as np

    mine, theirs = a.meet(b)
    va = a.read.values_or_nan(a.spot_array()[mine].tolist())
    vb = b.read.values_or_nan(b.spot_array()[theirs].tolist())
    known = ~(np.isnan(va) | np.isnan(vb))
    equal = known & (va == vb)
    unequal = known & ~equal
    agree, differ = int((equal & (va != 0)).sum()), int(unequal.sum())
    with np.errstate(invalid="ignore"):
        close = unequal & (np.abs(va - vb) < threshold)
    if agree < MIN_AGREEING or agree < differ or not close.any():
        return None
    key = a.numbers.by_number
    return agree, int(known.sum()), [key[c] for c in a.codes_array()[mine[close]].tolist()]


SAME_COUNTS_WITH_NUMPY_FROM = 64  # keys of the smaller table (below: numpy's start costs more)


def _same_counts_by_key(a: CountIndex, b: CountIndex, threshold: int
                        ) -> tuple[int, int, list[LabelsKey]] | None:
    """:func:`_same_counts` a key at a time (small tables), in ``a``'s order."""
    agree = differ = shared = 0
    apart: list[LabelsKey] = []
    theirs = b.at
    read_a, read_b = a.read, b.read
    for key, place in a.placed():
        other = theirs.get(key)
        if other is None:
            continue
        va, vb = read_a.value(place), read_b.value(other)
        if va is None or vb is None or va != va or vb != vb:
            continue
        shared += 1
        if va == vb:
            agree += va != 0
        else:
            differ += 1
            if abs(va - vb) < threshold:
                apart.append(key)
    if agree < MIN_AGREEING or agree < differ or not apart:
        return None
    return agree, shared, apart


def _rounded(index: CountIndex) -> bool:
    """Whether a table's counts were rounded before release (all multiples of 5 or 10:
    ``sdc.linking.rounded_by_numbers``). Two rounded tables of one count differ by their
    rounding, not by units: their pair is left to the re-run comparison (``review``)."""
    from sdc.linking import rounded_base

    return rounded_base(index.published()) is not None


# postings of (labels, value) from which the tables' agreements are counted in numpy, and
# tables from which their shared combinations are counted as bit sets (both give exactly what
# the dictionaries give; below these sizes the dictionaries cost less than numpy's start)
PAIRS_WITH_NUMPY_FROM = 2_000
SHARED_AS_BITS_FROM = 512
# tables from which ``overlapping_pairs`` keeps no folded index (made again where a pair is read)
FOLDED_HELD_BELOW = 2_048


def overlapping_pairs(indexed: list[tuple[Output, CountIndex]], threshold: int
                      ) -> list[tuple[tuple[Output, CountIndex], tuple[Output, CountIndex]]]:
    """Pairs (in release order) of tables with different sets of label combinations that
    ``_same_counts`` takes for one count. Only pairs publishing at least ``MIN_AGREEING``
    equal non-zero counts under the same labels are compared (found through an index of
    (labels, value)), and only those whose shared combinations leave room for as many equal
    counts as different ones; identical tables are compared once (they cannot differ from
    each other); pairs with the same combinations are the re-run buckets' (``_rerun_bucket``).
    Labels compare case-blind here (``West`` and ``WEST``), as the audit links them; the pairs
    carry the tables' indexes so folded.

    Many large tables over one set of labels (a release of a hundred 1 MiB cuts of one
    cohort) share hundreds of equal counts pair by pair by chance: the agreements are then
    counted in numpy (``_agreements``) and the shared combinations as bit sets
    (``_SharedCount``), not pair by pair in dictionaries, which grew with the square of the
    tables times their cells."""
    # each distinct key folded once (tables repeat them), each label folded once, so the
    # folded keys share their strings (a string per label of every key was ~10 MiB at 25,000
    # keys of six labels; a long table has a few hundred)
    fold = _Folds()

    # each folded key's number in this pass: the folded indexes' (``CountIndex.folded``) and
    # the postings' (not the release's ``LabelsKeys``, which would keep every fold after)
    from sdc.labels_keys import LabelsKeys

    numbers = LabelsKeys()
    # a table's folded index kept only while it is small: a large one (its own dict of every
    # count, ~1.25 MiB a 1 MiB long table whose labels have capitals, all of them held to the
    # end beside the tables' own indexes: 125 MiB of SDC503's process at 100 tables, fork45)
    # is made again only for a pair that reads its counts, from its keys' folds: looked up
    # again in ``fold`` (which keeps each fold it made: the same objects in the same order),
    # not held (a list of them was 8 bytes a count, ~20 MiB at this pass's peak at 100 long
    # tables: round 46, child46)
    held: list[CountIndex | None] = []
    sizes: list[int] = []  # each table's folded index's length
    made: dict[int, tuple[Output, CountIndex]] = {}  # the folded indexes made again

    def folds_of(k: int) -> list[LabelsKey]:
        """Table ``k``'s keys' folds, in its index's order."""
        return list(map(fold.__getitem__, indexed[k][1]))

    def folded(k: int) -> tuple[Output, CountIndex]:
        got = made.get(k)
        if got is None:
            out, index = indexed[k]
            mine = held[k]
            if mine is None:
                mine = index.folded(folds_of(k), numbers)
            got = made[k] = (out, mine)
        return got

    unknown: list[int] = []  # per table, cells with no published value
    zeros: list[int] = []
    # a distinct table's known (key, value) set by its size and hash (the sets themselves are
    # not kept: at 25,000 counts a table they were most of this pass's memory): a table equal
    # to an earlier one is found by comparing with that table's set made again
    first_of: dict[tuple[int, int], list[int]] = {}
    copies: dict[int, list[int]] = defaultdict(list)  # a distinct table -> every copy of it
    postings = _Postings()  # (key number, value, table), tables in order
    for k, (_, index) in enumerate(indexed):
        # each key's fold looked up in C (a Python loop over every key of every table was a
        # tenth of SDC503 on a hundred 1 MiB long tables)
        folds = list(map(fold.__getitem__, index))
        # every key its own fold: the folded index is this one, as it is
        mine = (index if all(map(operator.is_, folds, index))
                else index.folded(folds, numbers))
        sizes.append(len(mine))
        held.append(mine if mine is index or len(mine) < FOLDED_HELD_BELOW else None)
        del folds
        # the known pairs made straight from the index (a list of every (key, value) first
        # was a second tuple a cell, ~4 MiB a 1 MiB long table at this pass's peak)
        known = mine.known()
        unknown.append(len(mine) - len(known))
        zeros.append(sum(1 for _, v in known if v == 0))
        known_set = frozenset(known)
        same_size_and_hash = first_of.setdefault((len(known_set), hash(known_set)), [])
        copy_of = next((c for c in same_size_and_hash if _known(folded(c)[1]) == known_set), k)
        if copy_of == k:
            same_size_and_hash.append(k)
        del known_set
        copies[copy_of].append(k)
        if copy_of == k:
            posted = [(key, v) for key, v in known if v != 0]
            postings.add(list(zip(numbers.numbers([key for key, _ in posted]),
                                  [v for _, v in posted], strict=True)), k)
            del posted
        del known, mine  # not held beside the next table's
    shared = _SharedCount(held, sizes, numbers, lambda k: held[k] or folds_of(k))
    found: list[tuple[int, int]] = []
    for (i, j), agree in _agreements(postings, len(indexed)):
        if agree < MIN_AGREEING or indexed[i][1].same_keys(indexed[j][1]):
            continue
        # at least this many shared counts differ: too many, and the pair is no one count
        differ = shared(i, j) - unknown[i] - unknown[j] - min(zeros[i], zeros[j])
        if agree < differ - agree:
            continue
        a, b = folded(i)[1], folded(j)[1]
        if _same_counts(a, b, threshold) is None or (_rounded(a) and _rounded(b)):
            continue
        # every copy of either table is that pair again (its own output, its own finding)
        found += [(min(x, y), max(x, y)) for x in copies[i] for y in copies[j]]
    return [(folded(i), folded(j)) for i, j in sorted(found)]


class _Folds(dict[LabelsKey, LabelsKey]):
    """Each labels key folded case-blind (its labels casefolded, sorted, once each), made
    when first asked for: a key already folded is its own fold (no second tuple kept), and
    each label is folded once, so the folded keys share their strings."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}

    def _label(self, label: str) -> str:
        found = self.labels.get(label)
        if found is None:
            found = label.casefold()
            found = self.labels[label] = label if found == label else found
        return found

    def __missing__(self, key: LabelsKey) -> LabelsKey:
        f = tuple(sorted({self._label(label) for label in key}))
        f = self[key] = key if f == key else f
        return f


def _known(index: CountIndex) -> frozenset[tuple[LabelsKey, float]]:
    """The (key, value) pairs of an index's counts that have a value (not blank, not NaN)."""
    return frozenset(index.known())


class _Postings:
    """(key number, value, table) postings kept as columns: key numbers and tables in
    ``array``s of machine integers, values as doubles (what a list of 3-tuples held, without
    a tuple, an int and a float object per posting: ~1.5 MiB a 25,000-count table).
    Iterates as the tuples, in the order they were added."""

    def __init__(self) -> None:
        # int32 (half of int64: ~2.3 MiB a 1 MiB long table at the re-runs' peak), made
        # int64 when a number does not fit, never wrapped (``array`` refuses it)
        self.keys = array("i")
        # values as doubles, not float objects: read from a table's compact form each value
        # is a new float (24 bytes a posting, ~5.5 MiB over ten 1 MiB long tables)
        self.values = array("d")
        self.tables = array("i")

    def add(self, pairs: list[tuple[int, float]], table: int) -> None:
        keys = [key for key, _ in pairs]
        if self.keys.typecode == "i" and not all(
                -2**31 <= n < 2**31 for n in (table, max(keys, default=0), min(keys, default=0))):
            self.keys, self.tables = array("q", self.keys), array("q", self.tables)
        self.keys.extend(keys)
        self.values.extend([v for _, v in pairs])
        self.tables.extend(itertools.repeat(table, len(pairs)))

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[tuple[int, float, int]]:
        return zip(self.keys, self.values, self.tables, strict=True)


def _agreements(postings: Sequence[tuple[int, float, int]] | _Postings, n_tables: int
                ) -> list[tuple[tuple[int, int], int]]:
    """Per pair of tables ``(i, j)``, ``i < j``, that publish one value under one key at
    least once: how many (key, value) postings they share. ``postings`` lists each table's
    (key, value) once, tables in order."""
    if len(postings) < PAIRS_WITH_NUMPY_FROM:
        from collections import Counter

        by_posting: dict[tuple[int, float], list[int]] = defaultdict(list)
        for key, value, k in postings:
            by_posting[(key, value)].append(k)
        together: Counter[tuple[int, int]] = Counter()
        for tables in by_posting.values():
            if len(tables) > 1:
                together.update(itertools.combinations(tables, 2))
        return list(together.items())
    import numpy as np

    if isinstance(postings, _Postings):
        at_key = np.frombuffer(postings.keys, dtype=f"i{postings.keys.itemsize}")
        at_value = np.frombuffer(postings.values, dtype=np.float64)
        at_table = np.frombuffer(postings.tables, dtype=f"i{postings.tables.itemsize}")
    else:
        at_key = np.fromiter((p[0] for p in postings), dtype=np.int64, count=len(postings))
        at_value = np.fromiter((p[1] for p in postings), dtype=np.float64, count=len(postings))
        at_table = np.fromiter((p[2] for p in postings), dtype=np.int64, count=len(postings))
    # one group per (key, value) (-0.0 and 0.0 never occur: zeros are not posted), tables
    # ascending within it, as appended
    order = np.lexsort((at_table, at_value, at_key))
    # each entry's group as one number (the sorted keys and values let go before the pairs
    # are made: at 100 long tables' 2.5 million postings they were 30 MB of SDC503's peak;
    # round 46, child46): two entries share a group exactly when key and value are equal
    starts = np.empty(len(order), dtype=bool)
    starts[:1] = True
    keys_sorted = at_key[order]
    np.not_equal(keys_sorted[1:], keys_sorted[:-1], out=starts[1:])
    del keys_sorted
    values_sorted = at_value[order]
    starts[1:] |= values_sorted[1:] != values_sorted[:-1]
    del values_sorted
    group = np.cumsum(starts, dtype=np.int32 if len(order) < 2**31 else np.int64)
    del starts
    at_table = at_table[order]
    del order, at_key, at_value
    pair_codes = []
    step = 1
    while step < len(group):  # entry e with the one ``step`` further on in the same group
        same = group[step:] == group[:-step]
        if not same.any():
            break
        at = np.flatnonzero(same)
        del same
        # widened before the product: int32 tables would wrap it from 46,341 tables on
        pair_codes.append(at_table[at].astype(np.int64) * n_tables + at_table[at + step])
        step += 1
    del group, at_table
    if not pair_codes:
        return []
    codes, counts = np.unique(np.concatenate(pair_codes), return_counts=True)
    return [((code // n_tables, code % n_tables), count)
            for code, count in zip(codes.tolist(), counts.tolist(), strict=True)]


class _SharedCount:
    """How many label combinations two tables both publish (``len(a.keys() & b.keys())`` of
    their folded indexes): for two large tables as the bits both of their sets hold, each
    table's set made once (an intersection of 25,000 keys for every pair of a hundred tables
    was most of the comparison). ``held``: the folded indexes kept (None where not), ``sizes``
    their lengths, ``keys_of(k)`` table ``k``'s folded keys (each at least once, in the folded
    index's order: the same bits, and the same numbers given)."""

    def __init__(self, held: list[CountIndex | None], sizes: list[int],
                 numbers: LabelsKeys,
                 keys_of: Callable[[int], Iterable[LabelsKey]]) -> None:
        self._held = held
        self._sizes = sizes
        self._numbers = numbers
        self._keys_of = keys_of
        self._bits: dict[int, int] = {}

    def __call__(self, i: int, j: int) -> int:
        a, b = self._held[i], self._held[j]
        if min(self._sizes[i], self._sizes[j]) < SHARED_AS_BITS_FROM \
                and a is not None and b is not None:
            return len(a.keys() & b.keys())
        return (self._bits_of(i) & self._bits_of(j)).bit_count()

    def _bits_of(self, k: int) -> int:
        bits = self._bits.get(k)
        if bits is None:
            numbers = self._numbers
            bits = 0
            positions = numbers.numbers(list(self._keys_of(k)))
            if positions:
                import numpy as np

                flags = np.zeros(max(positions) + 1, dtype=np.uint8)
                flags[positions] = 1
                bits = int.from_bytes(np.packbits(flags, bitorder="little").tobytes(),
                                      "little")
            self._bits[k] = bits
        return bits


_CUMULATIVE = re.compile(r"cumulative|\bcum\b|(^|_)cum(_|$)|cum_?sum|running[ _]total|"
                         r"to[ _]date|\bytd\b", re.I)


def _cumulative_name(output: Output, index: CountIndex) -> str | None:
    """The one count measure of an output (``index``: its counts) whose name (or a wide
    table's title) says it is cumulative, lower-cased; None otherwise. Two outputs compare
    only under one name."""
    table = output.table
    names = set(index.names)
    if table is None or len(names) != 1:
        return None
    name = names.pop()
    if _CUMULATIVE.search(name):
        return name.casefold()
    title = " ".join(table.title)
    if table.layout == "wide" and _CUMULATIVE.search(title):
        return f"{name} | {_DATES.sub('', title.casefold())}"  # the dates differ, not the count
    return None


_DATES = re.compile(r"\d+|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                    r"\b(week|month|quarter|year|to|as at|up to|until|end|of)\b|[^\w]+")


def _population(output: Output) -> dict[str, Any]:
    population = output.request.get("population") or {}
    return dict(population) if isinstance(population, dict) else {}


_SEX_WORDS = {
    "M": frozenset({"male", "males", "men", "man", "boys", "boy", "mens"}),
    "F": frozenset({"female", "females", "women", "woman", "girls", "girl", "womens"}),
}


# a part of the population named in a title, sheet or file name: "excluding under 18s",
# "adults", "aged 65+", "over 65s" (the words after an exclusion, or the age group itself)
_SUBSET = re.compile(
    r"(?<![a-z])(?:excl(?:uding|\.)?|except|without|other than)[\s_-]+[a-z0-9+]+(?:[\s_-]+"
    r"[a-z0-9+]+)?|(?<![a-z])(?:adults?|children|(?:under|over)[\s_-]*\d+s?|aged[\s_-]*\d+"
    r"[\s_-]*(?:\+|plus|and[\s_-]+over)|\d+[\s_-]*(?:\+|plus))(?![a-z0-9])")


# an age band named in a title or a count's header: ``aged 0-17``, ``ages 18 to 64``,
# ``aged 65+``, ``aged 65 and over``, ``aged under 18``
_AGED = re.compile(
    r"(?<![a-z])(?:aged?|ages)[\s_:]+(?P<band>(?:under|over)\s+\d+|\d+\s*(?:-|–|to)\s*\d+|"
    r"\d+\s*\+|\d+\s+(?:and|or)\s+(?:over|older|above|under))(?![\d])")


def titled_band(output: Output) -> Band | None:
    """The one age band an output's title lines, sheet or file name, or every count header
    names (``Patients aged 0-17``), None when none or several (a table of several bands is
    read by its cuttings)."""
    from sdc.bands import parse_band

    table = output.table
    if table is None:
        return None
    texts = [*table.title, output.sheet or "",
             PurePosixPath(output.path).stem.replace("_", " ")]  # ``patients_aged_0-17.csv``
    names = {m.name for m in table.measures if m.role is Role.COUNT}
    bands: set[tuple[float, float]] = set()
    found: Band | None = None
    for text in texts:
        for m in _AGED.finditer(text.casefold()):
            band = parse_band(m["band"], resolution=1)
            if band is not None:
                bands.add((band.lo, band.hi))
                found = band
    header = set()
    for name in names:
        named = _AGED.search(name.casefold())
        band = parse_band(named["band"], resolution=1) if named is not None else None
        header.add(None if band is None else (band.lo, band.hi))
        if band is not None:
            found = band
    if len(header) == 1 and None not in header:
        bands |= {h for h in header if h is not None}
    elif not bands:
        return None
    return found if len(bands) == 1 else None


def _without_band(name: str) -> str:
    """A count's header without the age band it names (``Patients aged 0-17``: patients)."""
    return " ".join(re.findall(r"[a-z]+", _AGED.sub(" ", name.casefold())))


def guessed_population(output: Output) -> dict[str, str]:
    """A subgroup named only in a title, sheet or file name (``males.csv``, "Deaths among
    women"): ``{"sex": "M"}``. Words for both sexes (or neither) name no subgroup. A part of
    the population named so (``patients_adults.csv``, a sheet "Excluding under 18s"):
    ``{"subset": "adults"}``, compared only with an output of the same measure."""
    texts = [PurePosixPath(output.path).stem, output.sheet or ""]
    if output.table is not None:
        texts.extend(output.table.title)
        texts.extend(_only_labels(TableCells(output), output.table.dimensions))
    words = {w for text in texts for w in re.findall(r"[a-z]+", text.casefold())}
    named = [sex for sex, vocabulary in _SEX_WORDS.items() if words & vocabulary]
    found = {"sex": named[0]} if len(named) == 1 else {}
    if output.table is not None:  # ``patients (excluding under 18s)`` heads the count
        texts.extend(m.name for m in output.table.measures)
    parts = sorted({" ".join(re.split(r"[\s_-]+", m[0])) for text in texts
                    for m in _SUBSET.finditer(text.casefold())})
    if parts:
        found["subset"] = "; ".join(parts)
    return found


# words that say a cell is a count, or of everyone, not what it counts ("Number of persons")
_COUNTING_WORDS = frozenset({"number", "no", "count", "counts", "n", "of", "persons", "people",
                             "all", "total", "overall", "the"})
_ALL_SEX_WORDS = frozenset().union(*_SEX_WORDS.values())


def _renamed_why(found: Recovery) -> str:
    """What says two tables print one variable under two sets of names (SDC503's renamed
    categories): the same total over as many categories, and numbers printed alike (round
    47), the dimension named alike or names both use printing the same totals (round 48)."""
    if found.hider.total is None:  # codes beside any variable (round 49)
        return ("this table prints no total, but its categories are codes, not names, "
                f"and {found.publisher.output.path}'s margins take every row's printed cells")
    total = f"both tables count {fmt_number(found.hider.total)}"
    if found.evidence >= 2:  # round 47's words
        why = f"{found.evidence} of those named otherwise print the same numbers in both"
    else:
        why = " and ".join(
            [*([f"both name the dimension '{found.dim}'"] if found.named else []),
             *([f"{found.evidence + found.agreeing} of its categories print the same numbers "
                "in both"] if found.evidence + found.agreeing else []),
             *(["one table's categories are codes, not names"] if found.coded else [])])
    return f"{total} over as many categories and {why}"


_AbbreviatedPair: TypeAlias = tuple[tuple["Output", CountIndex], tuple["Output", CountIndex],
                                    dict[str, str]]
MAX_ABBREVIATED_COUNTS = 200  # counts a table: a larger one is no list of named categories


def _file_order(item: tuple[Any, ...]) -> tuple[str, str, int]:
    """Where ``item``'s output (its first) stands in the release (path, sheet, table): the
    order findings name "the later output" in, whatever order the buckets or totals came in."""
    return item[0].path, item[0].sheet or "", item[0].table_number or 0


def _abbreviated_pairs(buckets: list[list[tuple[Output, CountIndex]]], ambiguous: set[int]
                       ) -> list[_AbbreviatedPair]:
    """Pairs (release order) of tables of as many counts over different label combinations,
    the later's labels renamed one to one into the earlier's (``abbreviated_labels``) giving
    the earlier's combinations exactly; with the renaming (later label -> earlier label)."""
    from sdc.abbreviated_labels import first_letters, renaming

    def labels(index: CountIndex) -> frozenset[str]:
        return frozenset(label for key in index for label in key
                         if not label.startswith(MEASURE_MARK))

    # in file order (round 50): the buckets' order put a bucket's later members before the
    # next bucket's first, so "the later output" was not the later file
    tables = sorted(((out, index) for members in buckets for out, index in members
                     if id(out) not in ambiguous and 2 <= len(index) <= MAX_ABBREVIATED_COUNTS),
                    key=_file_order)
    found: list[_AbbreviatedPair] = []
    label_sets = [labels(index) for _, index in tables]  # each table's once
    # only tables of as many counts and the same first letters can pair: each meets the
    # earlier of its own (in file order, as the loop over every earlier table met them;
    # that loop's 500,000 pairs on bench_scale's 1,000 tables were most of this reading)
    alike: dict[tuple[int, str], list[int]] = defaultdict(list)
    for j, (out_b, index_b) in enumerate(tables):
        labels_b = label_sets[j]
        earlier = alike[(len(index_b), first_letters(labels_b))]
        for i in earlier:
            out_a, index_a = tables[i]
            labels_a = label_sets[i]
            if labels_a == labels_b:
                continue
            for alias, (first, second) in (
                    (renaming(labels_b, labels_a), ((out_a, index_a), (out_b, index_b))),
                    (renaming(labels_a, labels_b), ((out_b, index_b), (out_a, index_a)))):
                if alias and {tuple(sorted(alias.get(label, label) for label in key))
                              for key in second[1]} == set(first[1].keys()):
                    # the finding goes to the later output: rename that way round
                    if second[0] is out_b:
                        found.append((first, second, alias))
                    else:
                        back = {long: short for short, long in alias.items()}
                        found.append(((out_a, index_a), (out_b, index_b), back))
                    break
        earlier.append(j)
    return found


def _abbreviated_keys(keys: list[LabelsKey], at: Mapping[LabelsKey, int]
                      ) -> list[LabelsKey] | None:
    """``keys`` with each label the whole abbreviates spelt as the whole spells it (``NE`` ->
    ``North East``), when the labels pair one to one (``abbreviated_labels.renaming``) and
    the renamed keys meet the whole's; else None."""
    from sdc.abbreviated_labels import renaming

    theirs = {label for key in at for label in key if not label.startswith(MEASURE_MARK)}
    alias = renaming({label for key in keys for label in key}, theirs)
    if not alias:
        return None
    renamed = [tuple(sorted(alias.get(label, label) for label in key)) for key in keys]
    return renamed if any(key in at for key in renamed) else None


MAX_RENAMED = 50  # categories paired by their counts: more are no list of named places


def _renamed_by_counts(sub: Output, whole: Output, read: TableCells, places: list[int],
                       keys: list[LabelsKey], index: CountIndex) -> list[LabelsKey] | None:
    """``keys`` each spelt as the whole's label it is paired with, when both tables count
    one measure by one dimension of the same name (``Region``), as many categories (2 to
    ``MAX_RENAMED``), no label shared, and the counts allow one pairing only with no
    subgroup count above its whole's (``Region 1`` 57 can only be ``London`` 60: the one
    whole as large); else None. Why: a renaming that abbreviates nothing (``Region 1`` for
    ``North East``) hid the 3 children a region (hunt17's residual). The pairing is the
    numbers' and a guess (review); tables by another dimension, or counts that several
    pairings fit, are not paired (no flood of reviews over unrelated tables)."""
    own, theirs = sub.table, whole.table
    if own is None or theirs is None or len(own.dimensions) != 1 or \
            len(theirs.dimensions) != 1 or len(own.measures) != 1 or \
            len(theirs.measures) != 1 or \
            _loose_word(own.dimensions[0]) != _loose_word(theirs.dimensions[0]):
        return None
    whole_keys = _own_keys(index)
    if not 2 <= len(keys) == len(whole_keys) <= MAX_RENAMED or len(set(keys)) != len(keys):
        return None
    mine = [(read.value(place), key) for place, key in zip(places, keys, strict=True)]
    their = [(index.read.value(place), key) for place, key in whole_keys]
    if any(v is None for v, _ in mine) or any(v is None for v, _ in their):
        return None
    mine.sort(key=lambda pair: -(pair[0] or 0.0))
    their.sort(key=lambda pair: -(pair[0] or 0.0))
    for i, (value, _) in enumerate(mine):  # the i-th largest: one whole left as large
        if sum((w or 0.0) >= (value or 0.0) for w, _ in their) - i != 1:
            return None
    pairing = {key: paired for (_, key), (_, paired) in zip(mine, their, strict=True)}
    return [pairing[key] for key in keys]


def _loose_word(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _words(key: LabelsKey, name: str) -> frozenset[str]:
    """What a count counts, as the set of words of its labels (its ``labels_key``) and its
    measure's ``name``, less the words that name a sex or only say "number of": a whole's
    ``Area A`` x "Living and working in area" and a subgroup's ``Males`` x "Living and
    working in Area A" are both {living, and, working, in, area, a}. Empty when it says too
    little to match on."""
    text = " ".join((*key, name)).casefold()
    words = frozenset(re.findall(r"[a-z0-9]+", text)) - _COUNTING_WORDS - _ALL_SEX_WORDS
    return words if len(words) >= 2 else frozenset()


# words that say "not in the place named": "living elsewhere", "working outside Area A"
_ELSEWHERE = ("elsewhere", "outside")
# words that join a qualification to a count ("living and working in area")
_JOINING = frozenset({"and", "in", "at", "with", "a"})


def _negated(key: LabelsKey, name: str, words: frozenset[str]
             ) -> tuple[frozenset[str], str] | None:
    """A count that says one of its words happens elsewhere ("working in Area A and living
    elsewhere"): its words and the word negated (``living``, the word before "elsewhere");
    None otherwise."""
    if not words or not words & set(_ELSEWHERE):
        return None
    tokens = re.findall(r"[a-z0-9]+", " ".join((*key, name)).casefold())
    found = {tokens[i - 1] for i, t in enumerate(tokens) if t in _ELSEWHERE and i > 0}
    return (words, found.pop()) if len(found) == 1 else None


_COMPLEMENT_ROW = 30  # counts of one row compared in pairs; a wider row is not read


def _complements(index: CountIndex
                 ) -> dict[tuple[frozenset[str], str], tuple[int, int] | None]:
    """Counts of one row where one qualifies the other by a word ("Number working in area",
    "Living and working in area": ``living``): the first less the second is the rest, said
    "... living elsewhere", keyed as :func:`_negated` keys the subgroup's cell; each pair as
    its places in the index's table. ``None`` where two pairs say the same (no match)."""
    read = index.read
    rows: dict[tuple[str, ...], dict[int, str]] = defaultdict(dict)  # place -> its name
    for place, key in _own_keys(index):
        if read.value(place) is not None:
            rows[key][place] = read.measure(place).name
    found: dict[tuple[frozenset[str], str], tuple[int, int] | None] = {}
    for labels, row in rows.items():
        if len(row) > _COMPLEMENT_ROW:
            continue
        worded = [(c, _words(labels, name)) for c, name in row.items()]
        for count, of_count in worded:
            for part, of_part in worded:
                if not of_count or not of_count < of_part:
                    continue
                extra = of_part - of_count - _JOINING
                if len(extra) != 1:
                    continue
                (word,) = extra
                for elsewhere in _ELSEWHERE:
                    said = (of_part | {elsewhere}, word)
                    found[said] = None if said in found else (count, part)
    return found


def _by_words(index: CountIndex) -> dict[frozenset[str], int | None]:
    """:func:`_words` -> the place of the one count saying them (``None`` where several do:
    no match)."""
    found: dict[frozenset[str], int | None] = {}
    measure = index.read.measure
    for place, key in _own_keys(index):
        words = _words(key, measure(place).name)
        if words:
            found[words] = None if words in found else place
    found.pop(frozenset(), None)
    return found


def _own_keys(index: CountIndex) -> list[tuple[int, LabelsKey]]:
    """Each count of ``index`` once (a long table's count may be indexed under two keys: its
    first key's order) with its own ``labels_key`` (not the key it is indexed under: a
    count of a second measure is keyed with its name, ``measure_key``)."""
    places = list(dict.fromkeys(index.places()))
    return list(zip(places, _keys_at(index.read, places), strict=True))


def _keys_at(read: TableCells, places: list[int]) -> list[LabelsKey]:
    """The ``labels_key`` of the cells at ``places``: from the table's compact form where it
    has one (no cell made), else the cells' own."""
    from sdc.labels_keys import LabelsKeys

    if read.form is not None:
        return LabelsKeys().of_form(read.form, places)
    return [read.cells[i].labels_key for i in places]


_ONLY_LABEL_CELLS = 2_000  # an only label is looked for in tables of up to this many cells


def _only_labels(read: TableCells, dimensions: Sequence[str]) -> list[str]:
    """The label of each dimension that has one only (a table whose one row is ``Males``
    is of males, as a title would say). Stops at the second label of every dimension, and
    reads no further than ``_ONLY_LABEL_CELLS`` cells (it is asked for every pair of outputs:
    a long table with a constant column would be read whole each time). The cells read by
    place (``TableCells``: the table's compact form where it has one)."""
    first: dict[str, str] = {}
    open_dims = set(dimensions)
    for n in range(len(read)):
        if n == _ONLY_LABEL_CELLS:
            return []
        margins = read.margins(n)
        for dim in list(open_dims):
            if dim in margins:
                continue
            label = (read.label(n, dim) or "").strip()
            if not label:
                continue
            if first.setdefault(dim, label) != label:
                open_dims.discard(dim)
        if not open_dims:
            return []
    return [first[d] for d in dimensions if d in open_dims and d in first]


def _counted(name: str) -> list[str]:
    """What a count's header says is counted, without the part of the population it names
    (``patients (excluding under 18s)`` and ``all patients`` both count ``patients``)."""
    return [w for w in re.findall(r"[a-z0-9]+", _SUBSET.sub(" ", name.casefold()))
            if w not in {"all", "total", "overall"}]


def population_of(output: Output) -> tuple[dict[str, Any], set[str]]:
    """The declared population, completed with what titles and file names suggest; and which
    of its keys are only suggested (findings that rest on them are capped at ``review``)."""
    declared = _population(output)
    guessed = {k: v for k, v in guessed_population(output).items() if k not in declared}
    return {**guessed, **declared}, set(guessed)


def _items(population: dict[str, Any]) -> frozenset[tuple[str, str]]:
    def norm(v: Any) -> Any:  # 1 == 1.0 for the filters as for ``_nests``
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v

    return frozenset((k, json.dumps(norm(v), sort_keys=True, default=str))
                     for k, v in population.items())


class _PopulationIndex:
    """Outputs by population, so a subgroup meets only the populations it nests in (those
    whose filters are a subset of its own) instead of every output of the release."""

    MAX_FILTERS = 10  # beyond this many filters, enumerating subsets costs more than a scan

    def __init__(self, outputs: list[Output]) -> None:
        self.outputs = outputs
        # each output's population once (it reads titles, names and a table's only labels;
        # asked again for every subgroup and every candidate whole)
        self.populations = {id(output): population_of(output) for output in outputs}
        self.by_items: dict[frozenset[tuple[str, str]], list[int]] = defaultdict(list)
        for i, output in enumerate(outputs):
            self.by_items[_items(self.populations[id(output)][0])].append(i)

    def population(self, output: Output) -> tuple[dict[str, Any], set[str]]:
        """:func:`population_of` of ``output``, as worked out for the index."""
        found = self.populations.get(id(output))
        return found if found is not None else population_of(output)

    def containing(self, sub: Output) -> list[Output]:
        """Every output whose population may contain ``sub``'s, in release order."""
        items = sorted(_items(self.population(sub)[0]))
        if len(items) > self.MAX_FILTERS:
            return self.outputs
        found: list[int] = []
        for r in range(len(items)):
            for subset in itertools.combinations(items, r):
                found.extend(self.by_items.get(frozenset(subset), ()))
        return [self.outputs[i] for i in sorted(found)]


def _nests(sub: dict[str, Any], whole: dict[str, Any]) -> bool:
    """``sub`` is a strict subset of the population ``whole`` (every filter of the whole
    applies to the subgroup too, and the subgroup has more)."""
    return all(sub.get(k) == v for k, v in whole.items()) and len(sub) > len(whole)


def _describe(filters: dict[str, Any]) -> str:
    return ", ".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}"
                     for k, v in sorted(filters.items()))


class _PerOutput:
    """Each output's cuttings and count index, computed ahead in ``jobs`` processes (they
    need the output alone; in the parent they were a serial tenth of ``-j 2``). A worker sends
    them back as positions in the output's cells, so the parent's cells (compared by
    identity) are the ones used; an item this process computed is kept as it is. What broke
    is computed again where it is asked for, so its error reads as in the serial run.

    The cuttings are computed at once (``_bands`` reads them first); the count indexes only
    when the first is asked for (round 49, mem49), all in one pass: computed with the
    cuttings they were held, with the keys they interned, through ``_bands`` and
    ``_together``, where SDC503's process meets the parent's peak at ``-j 2`` (issue 14 §3),
    while ``-j 1`` makes them only in the re-runs."""

    def __init__(self, outputs: list[Output], jobs: int) -> None:
        from sdc.labels_keys import LabelsKeys

        self.ready: dict[int, Any] = {}  # each output's cuttings, until asked for
        self.indexes: dict[int, Any] = {}  # each output's count index, once computed ahead
        self.keys = LabelsKeys()  # one tuple per distinct key in the release (a worker's own)
        self.contexts: dict[Any, Any] = {}  # the cuttings' contexts, once each (a worker's own)
        self._unindexed: list[Output] = []  # the outputs whose indexes are still to compute
        self._jobs = jobs
        if jobs <= 1:
            return
        import os

        from sdc.pool import ordered_map

        parent = os.getpid()

        def ahead(output: Output) -> Any:
            cuts = _attempt(lambda o: output_cut_columns(o, self.contexts, self.keys), output)
            if os.getpid() == parent or output.table is None or cuts is None:
                return cuts
            return cuts.sent()

        for output, cuts in zip(outputs, ordered_map(ahead, outputs, jobs), strict=True):
            if output.table is not None and isinstance(cuts, tuple):
                cuts = CutColumns.received(output, TableCells(output), cuts, self.contexts)
            self.ready[id(output)] = cuts
        self._unindexed = outputs

    def _indexes_ahead(self) -> None:
        """Every output's count index, in ``jobs`` processes, each key interned here."""
        import os

        from sdc.pool import ordered_map

        outputs, self._unindexed = self._unindexed, []
        parent = os.getpid()

        def ahead(output: Output) -> Any:
            index = _attempt(lambda o: _count_index(o, self.keys), output)
            if os.getpid() == parent or output.table is None or index is None:
                return index
            return index.sent()

        for output, index in zip(outputs, ordered_map(ahead, outputs, self._jobs),
                                 strict=True):
            if output.table is not None and isinstance(index, tuple):
                at, n_counts, names = index
                intern = self.keys.intern  # a worker's keys: one tuple each in the release
                read = TableCells(output)
                shared = self.keys.places(len(read))
                index = CountIndex.of_items(((intern(key), shared[i]) for key, i in at),
                                            self.keys, read, n_counts, names)
            if index is not None:
                self.indexes[id(output)] = index

    def cuttings(self, output: Output) -> list[Cutting]:
        """The output's cuttings, made (``cut_columns``)."""
        return list(self.cut_columns(output))

    def cut_columns(self, output: Output) -> CutColumns:
        """The output's cuttings, asked for once (not kept here after: ``_bands`` and
        ``_together`` read them, and let them go)."""
        cuts = self.ready.pop(id(output), None)
        return output_cut_columns(output, self.contexts, self.keys) if cuts is None else cuts

    def count_index(self, output: Output) -> CountIndex:
        if self._unindexed:  # the first asked: every output's, ahead (``-j``)
            self._indexes_ahead()
        index = self.indexes.get(id(output))
        return _count_index(output, self.keys) if index is None else index


LONE_TABLE_SKIPS_RERUNS = True  # tests refuse the shortcut to hold it to the indexing pass


def _attempt(compute: Any, output: Output) -> Any:
    """``compute(output)``, or None when it raises (asked again where its error is kept)."""
    try:
        return compute(output)
    except Exception:
        return None


def _counts(output: Output) -> tuple[TableCells, list[int], list[LabelsKey]]:
    """The output's counts, in order: its cells read by place, the counts' places and their
    ``labels_key``s."""
    read = TableCells(output)
    # a column read as counts stays counts here whatever a sidecar relabelled it
    places = read.places_of((Role.COUNT,))
    return read, places, _keys_at(read, places)


MEASURE_MARK = "\x00"  # starts the measure's name in a key (no label starts so)


def measure_key(key: LabelsKey, cell: DataCell) -> LabelsKey:
    """``key`` with the cell's count named: a long table's count columns (``admissions,
    deaths, discharges`` per practice) share their labels, and only the name tells them
    apart."""
    return _named_key(key, cell.measure.name)


def _named_key(key: LabelsKey, name: str) -> LabelsKey:
    return (*key, MEASURE_MARK + name.strip().casefold())


def _names(read: TableCells, places: list[int]) -> frozenset[str]:
    """The names of the measures of the counts at ``places``: from the form's column of
    measure numbers where it has one (a ``measure`` call per count was a tenth of SDC503's
    index of a long table)."""
    from sdc import count_index

    form = read.form
    if form is None or len(places) < count_index.COLUMNS_FROM:
        measure = read.measure
        return frozenset(measure(i).name for i in places)
    import numpy as np

    at = np.fromiter(places, dtype=np.int64, count=len(places))
    used = np.unique(np.frombuffer(form.measure, dtype=form.measure.typecode)[at]).tolist()
    return frozenset(form.measures[m].name for m in used)


def _count_index(output: Output, keys: LabelsKeys | None = None) -> CountIndex:
    """Each count's ``labels_key`` (``linking.cell_key``) -> the count's place in its table
    (``sdc.count_index``: read through the table's compact form where it has one); the keys
    made for the whole table at once and shared through ``keys`` (``sdc.labels_keys``).

    Where counts of several measures share labels (a long table's count columns), the first
    measure's count keeps the bare key (what a table of that count alone has) and each other
    is keyed with its measure's name (``measure_key``): before, only the first was indexed,
    and a re-run that changed a later column by one patient compared nothing there. Not when
    one count's own cells share labels (a survival table's rows, told apart by no label):
    that table's keys say nothing of which cell is which, so it is indexed as before."""
    from sdc.labels_keys import LabelsKeys

    keys = keys or LabelsKeys()
    if output.table is None:
        return CountIndex.of_items([], keys, TableCells.of_cells([]), 0, frozenset())
    read = TableCells(output)
    # a column read as counts stays counts here whatever a sidecar relabelled it
    places = read.places_of((Role.COUNT,))
    # read from the form: the keys' numbers (round 48: not looked up again to number them)
    codes = keys.numbers_of_form(read.form, places) if read.form is not None else None
    keyed = keys.of([read.cells[i] for i in places]) if codes is None else None
    index: dict[LabelsKey, int] = {}
    several = sum(1 for m in read.measures if Role.COUNT in (m.role, m.read_as)) > 1
    named: dict[LabelsKey, int] = {}
    ambiguous = False  # one count's cells share labels (rows told apart by no label column)
    measure = read.measure
    if not several:  # every key once (a long table's): the columns at once, as the loop gives
        if codes is None:
            codes = keys.numbers(keyed or [])
        if len(set(codes)) == len(codes):
            return CountIndex(machine_ints(codes), machine_ints(places), keys, read, len(places),
                              _names(read, places))
    if keyed is None:
        by_number = keys.by_number
        keyed = [by_number[n] for n in codes or ()]
    for key, i in zip(keyed, places, strict=True):
        held = index.setdefault(key, i)
        if not several or held == i:
            continue
        if measure(held) is measure(i) or named.setdefault(
                _named_key(key, measure(i).name), i) != i:
            ambiguous = True
    if several and not ambiguous:
        index.update(named)  # else as before: the labels say nothing of which count is which
    # the dict only while it is made: the index keeps its columns (``sdc.count_index``)
    return CountIndex.of_items(index.items(), keys, read, len(places), _names(read, places))
