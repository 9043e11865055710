"""Hidden counts that a table of shares of the same cross-classification gives away.

``pd.crosstab(area, sex)`` with West/F suppressed, published beside
``pd.crosstab(area, sex, normalize="index")``: West's shares (25.0, 75.0) and West/M's count
(12) give West's total (12 / 0.75 = 16) and so the hidden West/F (0.25 x 16 = 4). The linear
audit cannot see this: a share is a ratio of counts, not a sum. This module finds, for each
hidden count, a table in the release whose cells carry the same label sets and whose lines
(rows, columns or the whole table: ``normalize="index"``, ``"columns"``, ``"all"``) add up to
100 (or 1), and computes the integers the hidden count can be from the printed shares (each
within half a unit of its last printed decimal) and the published counts of its line.

A table of shares of another population with the same labels would give a wrong value: when a
fully published line of the count table agrees with the shares, or two published counts of the
hidden cell's line give the same total through their shares, the link is ``confirmed``; when a
line disagrees the pair is dropped; when nothing can be compared the result stands but is only
a reason for review (``confirmed`` false). It only adds findings: nothing here lets a number go
unchecked.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sdc.linking import looks_like_total
from sdc.outputs import Output
from sdc.release_form import ReleaseTable, TableCells
from sdc.table import DataCell, Role

_SCALES = (100.0, 1.0)
_MAX_AXES = 5  # subsets of axes tried as a line's varying part: 2**5 - 1 at most
_MAX_CELLS = 50_000  # a table of shares larger than this is not searched (review stays)
_DECIMALS = re.compile(r"\d\.(\d+)")
_MEASURE_AXIS = "\x00measure"

Key = tuple[str, ...]


@dataclass(frozen=True)
class _Share:
    value: float | None  # None: hidden in the table of shares too
    half: float  # half a unit of the last printed decimal: the rounding of the share
    at: int  # the cell's place in its table: made (or taken) only when a recovery uses it


@dataclass
class ShareRecovery:
    """What the shares say about one hidden count: the integers it can be (``low`` to
    ``high``), the share cells and published counts used, and whether a fully published line
    of the count table confirms that the shares are of the same population."""

    output: Output
    cell: DataCell
    low: int
    high: int
    shares: Output
    used: list[tuple[Output, DataCell]]
    confirmed: bool


def _half_unit(raw: str) -> float:
    raw = raw.strip().replace(",", "")
    match = _DECIMALS.search(raw)
    if "e" in raw.casefold():  # 2.5e-01: no rounding read from the text; float precision
        return 1e-12
    half = 0.5 * 10.0 ** -len(match.group(1)) if match else 0.5
    return max(half, 1e-12)


def _labels(cell: DataCell, table_measures: int) -> dict[str, str] | None:
    """The cell's labels by axis (its measure's name is one when the table has several), or
    ``None`` for a margin."""
    if cell.total_dims:
        return None
    labels = {dim: label.strip().casefold() for dim, label in cell.coords.items()
              if label.strip()}
    if any(looks_like_total(label) for label in labels.values()):
        return None
    if table_measures > 1:
        labels[_MEASURE_AXIS] = cell.measure.name.strip().casefold()
    return labels


class _Cells(TableCells):
    """An output's cells as this module reads them (``TableCells``), with each one's labels
    (``_labels``) read from the form's columns where it has one."""

    def labelled(self) -> Iterator[tuple[int, dict[str, str] | None]]:
        """Each cell's place and labels (``_labels``), in order."""
        if self.form is not None:
            return _form_labels(self.form, len(self.measures) > 1)
        return ((i, _labels(c, len(self.measures))) for i, c in enumerate(self.cells))


def _form_labels(form: ReleaseTable, several: bool, places: Iterable[int] | None = None
                 ) -> Iterator[tuple[int, dict[str, str] | None]]:
    """``_labels`` of each cell of ``form`` (of those at ``places``, in their order), read
    from its columns: each label's folded text and whether it reads as a total worked out
    once per distinct label, not per cell."""
    folded: list[dict[int, str | None]] = [{} for _ in form.names]  # None: a total
    names = [m.name.strip().casefold() for m in form.measures]
    margins, layout_of, measure = form.margins, form.layout_of, form.measure
    empty_margins = [not m for m in form.margin_sets]

    def fold(n: int, at: int) -> str | None:
        seen = folded[n]
        if at not in seen:
            text = form.labels[n][at].strip().casefold()
            seen[at] = None if text and looks_like_total(text) else text
        return seen[at]

    for i in range(len(form)) if places is None else places:
        if not empty_margins[margins[i]]:
            yield i, None
            continue
        labels: dict[str, str] | None = {}
        for n in form.layouts[layout_of[i]][0]:
            text = fold(n, form.label[n][i])
            if text is None:
                labels = None
                break
            if text:
                labels[form.names[n]] = text  # type: ignore[index]
        if labels is not None and several:
            labels[_MEASURE_AXIS] = names[measure[i]]
        yield i, labels


# a hidden count as the audit gives it: its output, its system's cells and its variable
# there (the cell is ``cells[var]``), and the audit's interval for it
Hidden = tuple[Output, Sequence[DataCell], int, float, float]


def _hidden_labels(items: list[tuple[Sequence[DataCell], int, float, float]],
                   table_measures: int
                   ) -> list[tuple[tuple[Sequence[DataCell], int], dict[str, str] | None,
                                   float, float]]:
    """Each hidden cell's ``_labels``, in order, with where to make the cell: read off its
    table's form where its system reads its cells from one (``FormCells``, once the model
    has gone: no cell made), else off the cell (the model's own: nothing made)."""
    from sdc.linking import Places
    from sdc.table_standin import FormCells

    def form_of_cells(cells: Sequence[DataCell]) -> ReleaseTable | None:
        if isinstance(cells, Places) and isinstance(cells.own, FormCells):
            return cells.own.form
        return None

    places: dict[int, tuple[ReleaseTable, list[int]]] = {}  # by form: the places asked
    for cells, var, _, _ in items:
        if (form := form_of_cells(cells)) is not None:
            places.setdefault(id(form), (form, []))[1].append(cells.at[var])  # type: ignore[attr-defined]
    several = table_measures > 1
    at = {key: dict(_form_labels(form, several, wanted))
          for key, (form, wanted) in places.items()}
    return [((cells, var),
             at[id(form)][cells.at[var]] if (form := form_of_cells(cells)) is not None  # type: ignore[attr-defined]
             else _labels(cells[var], table_measures), lo, hi)
            for cells, var, lo, hi in items]


def _key(labels: dict[str, str]) -> Key:
    return tuple(sorted(labels.values()))


def _share_lines(cells: list[tuple[dict[str, str], _Share]]
                 ) -> tuple[dict[Key, list[Key]], float] | None:
    """How the table's cells add up to 100 (or 1): for each cell's key, the keys of its line,
    and the scale; ``None`` when no way of grouping them does."""
    axes = sorted({axis for labels, _ in cells for axis in labels})
    if not 1 <= len(axes) <= _MAX_AXES or any(len(labels) != len(axes) for labels, _ in cells):
        return None
    whole = all(float(s.value).is_integer() for _, s in cells if s.value is not None)
    for size in range(1, len(axes) + 1):
        for varying in itertools.combinations(axes, size):
            fixed = [a for a in axes if a not in varying]
            groups: dict[tuple[str, ...], list[tuple[Key, _Share]]] = defaultdict(list)
            for labels, share in cells:
                groups[tuple(labels[a] for a in fixed)].append((_key(labels), share))
            if max(len(g) for g in groups.values()) < 2:
                continue
            if not fixed and (len(cells) < 3 or whole):
                continue  # one line of whole numbers adding up to 100 may be counts
            if fixed and sum(len(g) >= 2 for g in groups.values()) < 2:
                continue  # one line adding up is chance
            for scale in _SCALES:
                if scale == 1.0 and whole:
                    continue
                if all(_adds_up(g, scale) for g in groups.values()):
                    line_of = {}
                    for g in groups.values():
                        keys = [k for k, _ in g]
                        for k in keys:
                            line_of[k] = keys
                    return line_of, scale
    return None


def _adds_up(group: list[tuple[Key, _Share]], scale: float) -> bool:
    """A line of shares adds up to ``scale`` within its rounding (one with a hidden share:
    stays below it)."""
    total = sum(s.value for _, s in group if s.value is not None)
    slack = sum(s.half for _, s in group) + 1e-9 * scale
    if any(s.value is None for _, s in group):
        return total <= scale + slack
    return abs(total - scale) <= slack


@dataclass
class _ShareTable:
    output: Output
    shares: dict[Key, _Share]
    line_of: dict[Key, list[Key]]
    scale: float
    cells: _Cells

    def cell(self, share: _Share) -> DataCell:
        return self.cells.cell(share.at)


def _share_table(output: Output) -> _ShareTable | None:
    if output.table is None:
        return None
    read = _Cells(output)
    if len(read) > _MAX_CELLS:
        return None
    if any(m.role not in (Role.PERCENT, Role.UNKNOWN, Role.COUNT, Role.MAGNITUDE)
           for m in read.measures):
        return None
    if any(v is not None and v > 100.5 for v in read.values()):
        return None  # no share is above 100 (one pass, before any label is read)
    cells: list[tuple[dict[str, str], _Share]] = []
    for i, labels in read.labelled():
        if labels is None:
            continue
        value = read.value(i)
        if value is not None and value < 0:
            return None  # negative shares: no table of shares
        shown = None if value is None else float(value)
        cells.append((labels, _Share(shown, 0.0 if shown is None else _half_unit(read.raw(i)),
                                     i)))
    if sum(s.value is not None for _, s in cells) < 2:
        return None
    if len(cells) < 2 or len({_key(labels) for labels, _ in cells}) != len(cells):
        return None
    found = _share_lines(cells)
    if found is None:
        return None
    line_of, scale = found
    return _ShareTable(output, {_key(labels): s for labels, s in cells}, line_of, scale, read)


class _Counts:
    """The counts of a hidden cell's table by key (``_key``), read as ``_Cells`` reads them."""

    def __init__(self, output: Output) -> None:
        self.read = _Cells(output)
        self.at = {_key(labels): i for i, labels in self.read.labelled() if labels is not None}

    def __contains__(self, key: Key) -> bool:
        return key in self.at

    def value(self, key: Key) -> float | None:
        """The count's value (None: hidden, or no count of that key)."""
        i = self.at.get(key)
        return None if i is None else self.read.value(i)

    def cell(self, key: Key) -> DataCell:
        return self.read.cell(self.at[key])


def _agrees(shares: _ShareTable, counts: _Counts) -> bool | None:
    """Whether the count table's fully published lines agree with the shares (``None``: no
    line can be compared)."""
    seen: set[Key] = set()
    verdict: bool | None = None
    for keys in shares.line_of.values():
        if keys[0] in seen:
            continue
        seen.add(keys[0])
        values = [counts.value(k) for k in keys]
        published = [v for v in values if v is not None]
        if len(published) < len(values):
            continue
        total = sum(published)
        if total <= 0:
            continue
        for k, value in zip(keys, published, strict=True):
            share = shares.shares[k]
            if share.value is None:
                continue
            if abs(value / total * shares.scale - share.value) > share.half + 1e-9:
                return False
        verdict = True
    return verdict


def _one(hidden: DataCell, key: Key, shares: _ShareTable, counts: _Counts,
         bounds: tuple[float, float]
         ) -> tuple[int, int, list[DataCell], list[DataCell]] | None:
    """The integers ``hidden`` can be: its share of the line's total, which each published
    count of the line and its share bound (``None``: the shares say nothing, or the line's
    published counts do not fit them)."""
    share = shares.shares.get(key)
    if share is None:
        return None
    lo_total, hi_total = 0.0, math.inf
    used_shares, used_counts = [], []
    published, complete = 0.0, True  # the line's other counts, all published?
    for other in shares.line_of[key]:
        if other == key:
            continue
        count = counts.value(other)
        if count is None:
            complete = False
            continue
        published += count
        used_counts.append(counts.cell(other))
        known = shares.shares[other]
        if known.value is None or known.value - known.half <= 0:
            continue
        lo_total = max(lo_total, count * shares.scale / (known.value + known.half))
        hi_total = min(hi_total, count * shares.scale / (known.value - known.half))
        used_shares.append(shares.cell(known))
    if not used_shares or lo_total > hi_total + 1e-9:
        return None
    lo, hi = bounds
    if share.value is not None:  # its own share of the line's total
        used_shares.insert(0, shares.cell(share))
        lo = max(lo, max(share.value - share.half, 0.0) * lo_total / shares.scale)
        hi = min(hi, (share.value + share.half) * hi_total / shares.scale)
    if complete:  # the line's total less its other counts
        lo, hi = max(lo, lo_total - published), min(hi, hi_total - published)
    if share.value is None and not complete:
        return None
    low, high = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if low > high:
        return None
    return low, high, used_shares, used_counts


class SharesAhead:
    """What :func:`share_recoveries` reads of each output (its table of shares, if it is
    one) and of each hidden count (its labels, :func:`_hidden_labels`), read while the
    audit's pool runs, as each component comes back (:meth:`add`), and kept until asked.

    Why (issue 14 §4): read after the audit's pool, with SDC501 and SDC502, this was ~0.08 s
    of the parent's CPU on 1,000 small tables with the other core idle at ``-j 2``; between
    the pool's items a worker computes meanwhile. Only when: both are pure functions of the
    outputs and cells, so what is read is the same; what was not read ahead (or raised) is
    read when asked, where the rule's guard reports an error as before. The hidden counts'
    labels are read only once some output is a table of shares (else none is wanted)."""

    STEP = 64  # outputs looked at for a table of shares per component taken

    def __init__(self, outputs: Sequence[Output]) -> None:
        self._outputs = outputs
        self._next = 0  # outputs looked at so far, in order
        self._hidden: set[int] = set()  # outputs known to hide a count: never asked
        self._tables: dict[int, _ShareTable | None] = {}
        self._labels: dict[tuple[int, int], dict[str, str] | None] = {}
        self._waiting: list[Hidden] = []  # hidden counts taken before any table of shares
        self._found = False  # a table of shares among the outputs looked at

    def table(self, output: Output) -> _ShareTable | None:
        """``_share_table(output)``, read ahead or now."""
        key = id(output)
        return self._tables[key] if key in self._tables else _share_table(output)

    def add(self, hidden: Iterable[Hidden]) -> None:
        """A component's hidden counts taken: the next :attr:`STEP` outputs looked at, and
        the counts' labels read once a table of shares is known of (none looked for after
        every output was looked at and none is one)."""
        self._waiting.extend(hidden)
        self._hidden.update(id(item[0]) for item in self._waiting)
        outputs, stop = self._outputs, min(len(self._outputs), self._next + self.STEP)
        for output in outputs[self._next:stop]:
            if id(output) not in self._hidden:
                with contextlib.suppress(Exception):  # read again when asked
                    found = self._tables[id(output)] = _share_table(output)
                    self._found = self._found or found is not None
        self._next = stop
        if self._found:
            self._label(self._waiting)
            self._waiting = []
        elif self._next >= len(outputs):
            self._waiting = []  # no table of shares: no label is wanted

    def _label(self, hidden: list[Hidden]) -> None:
        by_output: dict[int, tuple[Output, list[tuple[Sequence[DataCell], int, float, float]]]]
        by_output = {}
        for output, cells, var, lo, hi in hidden:
            by_output.setdefault(id(output), (output, []))[1].append((cells, var, lo, hi))
        for output, items in by_output.values():
            with contextlib.suppress(Exception):  # read again when asked
                for (cells, var), labels, _, _ in _hidden_labels(
                        items, len(output.table.measures)):  # type: ignore[union-attr]
                    self._labels[(id(cells), var)] = labels

    def labelled(self, items: list[tuple[Sequence[DataCell], int, float, float]],
                 table_measures: int
                 ) -> list[tuple[tuple[Sequence[DataCell], int], dict[str, str] | None,
                                 float, float]]:
        """``_hidden_labels(items, table_measures)``, read ahead where it was."""
        known = self._labels
        if all((id(cells), var) in known for cells, var, _, _ in items):
            return [((cells, var), known[(id(cells), var)], lo, hi)
                    for cells, var, lo, hi in items]
        return _hidden_labels(items, table_measures)


def may_read_shares(outputs: Sequence[Output], hidden: set[int],
                    ahead: SharesAhead | None = None) -> bool:
    """Whether an output not among ``hidden`` (the ids of the outputs with hidden counts)
    is a table of shares: :func:`share_recoveries` finds nothing otherwise, so its caller
    need not make the hidden cells it would be given. ``ahead``: what was read already."""
    table = _share_table if ahead is None else ahead.table
    return any(id(o) not in hidden and table(o) is not None for o in outputs)


def share_recoveries(outputs: Sequence[Output], hidden: Iterable[Hidden],
                     ahead: SharesAhead | None = None) -> list[ShareRecovery]:
    """What the release's tables of shares say about each hidden count (``hidden``: its
    output, its system's cells and its variable there, the audit's interval). Empty when no
    table of shares matches. A hidden cell is made only when a table of shares has its
    labels (read off its table's form where its model has gone: :func:`_hidden_labels`).
    ``ahead``: what was read of them while the audit's pool ran (:class:`SharesAhead`)."""
    by_output: dict[int, list[tuple[Sequence[DataCell], int, float, float]]] = defaultdict(list)
    owners: dict[int, Output] = {}
    for output, of_cells, var, lo, hi in hidden:
        by_output[id(output)].append((of_cells, var, lo, hi))
        owners[id(output)] = output
    if not by_output:
        return []
    table = _share_table if ahead is None else ahead.table
    labelled_of = _hidden_labels if ahead is None else ahead.labelled
    share_tables = [s for o in outputs if id(o) not in by_output
                    if (s := table(o)) is not None]
    if not share_tables:
        return []  # nothing to read shares from: the counts' index is never built
    # every key a table of shares has: a hidden cell of no such key is matched by none
    wanted = set().union(*(shares.shares for shares in share_tables))
    best: dict[tuple[int, int], ShareRecovery] = {}  # one per hidden cell
    for oid, cells in by_output.items():
        output = owners[oid]
        counts: _Counts | None = None  # built once a table of shares matches
        # each hidden cell's key once, not once per table of shares (the same labels); the
        # cell made only for a key some table of shares has (13,635 hidden counts of
        # bench_scale's 1,000 tables made for their labels were 0.05 s of the serial tail
        # at -j 2, round 36)
        labelled = [(cells_var[0][cells_var[1]], key, lo, hi)
                    for cells_var, lab, lo, hi in labelled_of(
                        cells, len(output.table.measures))  # type: ignore[union-attr]
                    if lab is not None and (key := _key(lab)) in wanted]
        for shares in share_tables:
            keyed = [item for item in labelled if item[1] in shares.shares]
            if not keyed:
                continue
            if counts is None:
                counts = _Counts(output)
            agrees = _agrees(shares, counts)
            if agrees is False:
                continue  # shares of another population
            for cell, key, lo, hi in keyed:
                result = _one(cell, key, shares, counts, (lo, hi))
                if result is None:
                    continue
                low, high, used_shares, used_counts = result
                used = [(shares.output, c) for c in used_shares]
                used += [(output, c) for c in used_counts]
                # two published counts of the line giving one total fit the shares too
                confirmed = bool(agrees) or sum(
                    shares.shares[k].value is not None for k in shares.line_of[key]
                    if k != key and counts.value(k) is not None) >= 2
                new = ShareRecovery(output, cell, low, high, shares.output, used,
                                    confirmed=confirmed)
                old = best.get((oid, id(cell)))
                if old is None or (not old.confirmed, old.high - old.low) > (
                        not new.confirmed, new.high - new.low):
                    best[(oid, id(cell))] = new
    return list(best.values())
