"""SDC504: differencing against outputs already released (the ledger's index)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import Field

from sdc.formatting import fmt_number
from sdc.release_form import form_of
from sdc.results import Finding, Location
from sdc.rules.base import Rule, RuleParams
from sdc.rules.differencing import (
    _described,
    _interval_of,
    band_differences,
    cuttings,
    held_cell,
)
from sdc.table import DataCell, Role

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from sdc.context import CheckContext
    from sdc.ledger.index import Descriptor, Released
    from sdc.ledger.margins import Margin, MarginKey
    from sdc.outputs import Output


def _population(output: Output) -> dict[str, Any]:
    population = output.request.get("population") or {}
    return dict(population) if isinstance(population, dict) else {}


@dataclass(frozen=True)
class Change:
    """A number both tables publish (or their grand totals) that differs."""

    key: Any  # the cell key (None for grand totals known but not printed)
    new: DataCell | None
    new_value: float
    old_value: float
    is_total: bool

    @property
    def diff(self) -> float:
        return abs(self.new_value - self.old_value)

    @property
    def position(self) -> tuple[int, int]:
        return (self.new.source.row, self.new.source.col) if self.new else (1 << 30, 0)


def _changes(new_cells: dict[Any, DataCell], old_values: dict[Any, float | None],
             desc: Descriptor, old: Released, limit: int) -> list[Change] | None:
    """The numbers that changed between two tables that may be the same population, or None
    when they share nothing or a shared number moved by ``limit`` or more (then they are
    different populations, or measures, and comparing them means nothing)."""
    return _compare(new_cells, old_values, desc.grand_total, old.grand_total, limit)


def _compare(new_cells: dict[Any, DataCell], old_values: dict[Any, float | None],
             new_total: float | None, old_total: float | None, limit: int
             ) -> list[Change] | None:
    """``_changes`` of these cells, with these grand totals (a table's first measure's, or
    one measure's: ``_measures_changed``)."""
    changed: list[Change] = []
    shared = 0
    total_shared = False
    for key, cell in new_cells.items():
        prior = old_values.get(key)
        if prior is None or cell.value is None:
            continue
        shared += 1
        is_total = bool(cell.coords) and cell.total_dims >= set(cell.coords)
        total_shared = total_shared or is_total
        diff = abs(cell.value - prior)
        if diff >= limit:
            return None
        if diff > 0:
            changed.append(Change(key, cell, cell.value, prior, is_total))
    if not total_shared and new_total is not None and old_total is not None:
        shared += 1  # the totals are known on both sides, if not printed
        diff = abs(new_total - old_total)
        if diff >= limit:
            return None
        if diff > 0:
            changed.append(Change(None, None, new_total, old_total, True))
    return changed if shared else None


def _near_total(old: Released, printed: float | None, totals: list[float], limit: float
                ) -> float | None:
    """A released table's grand total to set against ``totals``: the one it prints, else
    (round 50, part50) the nearest of those its own cells add to (``totals_of``), or None
    when none is less than ``limit`` from one of them."""
    if printed is not None:
        return printed
    from sdc.ledger.margins import totals_of

    near = [(abs(t - mine), t) for t in totals_of(old.payload) for mine in totals
            if abs(t - mine) < limit]
    return min(near)[1] if near else None


def _first_hidden(cells: Iterable[DataCell]) -> DataCell | None:
    """The output's first hidden count cell (by row, then column), else None."""
    hidden = [c for c in cells if c.value is None]
    return min(hidden, key=lambda c: (c.source.row, c.source.col)) if hidden else None


def _grand_total_cell(cells: Iterable[DataCell], value: float) -> DataCell | None:
    """The cell printing the table's grand total ``value`` (every dimension a total)."""
    return next((c for c in cells if c.coords and c.total_dims >= set(c.coords)
                 and c.value == value), None)


def _cells_by_key(table: Any) -> dict[Any, DataCell]:
    return _count_cells_by_key(c for c in table.cells if c.measure.role is Role.COUNT)


def _count_cells_by_key(cells: Iterable[DataCell]) -> dict[Any, DataCell]:
    from sdc.ledger.index import cell_key

    index: dict[Any, DataCell] = {}
    for cell in cells:
        index.setdefault(cell_key(cell.measure.name, cell.coords, cell.total_dims), cell)
    return index


def _describe(output: Output) -> Descriptor | None:
    """The output's index entry, read from its compact form where it has one (the release
    stage's contract, ``sdc.release_form``), else from its table."""
    from sdc.ledger.index import describe, describe_form

    form = form_of(output)
    if form is not None:
        return describe_form(form, _population(output))
    assert output.table is not None
    return describe(output.table, _population(output))


def _new_cells_by_key(output: Output) -> dict[Any, DataCell]:
    """The output's count cells by key (``_cells_by_key``), from its form where it has one."""
    form = form_of(output)
    if form is not None:
        return _count_cells_by_key(form.cells_with_role(Role.COUNT))
    return _cells_by_key(output.table)


class PriorReleaseDifferencing(Rule["PriorReleaseDifferencing.Params"]):
    """Flags an output that, set against outputs already released (recorded in the ledger),
    gives away a count below the threshold. Released tables are found through the ledger's
    index (dimension signature, labels, grand totals), never by reading every release, and
    compared only when they may be the same population: every number both tables publish
    (cells with the same labels, margins, grand totals) within ``max_difference``, and
    declared populations equal or nested. Then:

    * re-run: the same table (dimension names and labels) with some numbers changed: each
      difference counts the units added or removed between the runs (N → N+k);
    * moved total: a table of the same dimensions with other categories whose shared totals
      moved (capped at ``review``: the populations may only look alike);
    * nested bands: the same variable cut into other bands, so that a difference of bands is
      a count below the threshold (``sdc.bands``).
    * contradicted margin: a table sharing labels with a released one, whatever their
      dimensions are called (or one abbreviating the other's), whose grand total (printed,
      or what its own cells add to) is off the released one's by less than
      ``max_difference`` (more than a rounding), where the released table prints a number
      this one hides, or the total of a line it hides a cell of and prints none for, or
      prints its numbers each within ``max_difference`` and some apart (the same table
      re-run under a renamed dimension) (capped at ``review``: a forged or missing total
      keeps the two unlinked while a reader still takes the released margin); or whose
      grand total is the released one's and whose numbers are each within
      ``max_difference``, some apart: the same table re-run, its total kept, under a renamed
      dimension or count (``review``).

    Only runs when the check has a ledger (``sdc request submit``, ``sdc check --ledger``).

    Why: every output can be safe on its own and still, next to last month's release, single
    out the patient who joined the cohort since.

    Example (threshold 10): age by sex released in March with 30 women aged 18-24; the same
    table submitted in April shows 31 (and totals one higher). The difference, one woman who
    entered the cohort, is flagged at that cell, with the released cell as ``related``.
    """

    code = "SDC504"
    name = "prior-release-differencing"
    summary = "a difference from an already released output is a disclosive count"
    scope = "release"

    class Params(RuleParams):
        max_difference: int | None = Field(
            None, ge=1, examples=[10],
            description="differences 0 < d < this are disclosive; unset = small-count's "
                        "threshold")

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        ledger = ctx.ledger
        if ledger is None:
            return
        from sdc.ledger.index import candidate_ids, load_released, same_dimension_ids, wider_ids
        from sdc.ledger.margins import (
            contradicted_ids,
            lookup_sigs,
            margins,
            totals_of,
        )
        from sdc.ledger.measures import measure_ids

        limit = self.params.max_difference or ctx.policy.shared.threshold
        described: list[tuple[Output, Descriptor]] = []
        for output in sorted(outputs, key=lambda o: (o.path, o.sheet or "")):
            if output.table is None:
                continue
            desc = _describe(output)
            if desc is not None:
                described.append((output, desc))
        if not described:
            return
        banded = [desc if cuttings([output]) else None for output, desc in described]
        with ledger.read() as conn:
            wanted = candidate_ids(conn, [d for _, d in described], limit)
            # each count measure looked up as a table of its own (round 48)
            measured = measure_ids(conn, [d.payload for _, d in described], limit)
            apart = same_dimension_ids(conn, banded)
            wider = wider_ids(conn, [d for _, d in described],
                              [["columns", *_population(o)] for o, _ in described])
            # every released table of a new one's dimensions, banded or not (a new ``Total``
            # beside a released ``30-64`` and ``65+``: ``_together``)
            alike = set().union(*same_dimension_ids(conn, [d for _, d in described]))
            # each new table's grand totals (printed, then what its cells add to) and
            # margins (none made where it has no total), made once: looked up here and
            # compared with the released tables found (``_contradicted``)
            totals = [totals_of(d.payload) for _, d in described]
            mine = [(total, margins(d.payload) if total else [])
                    for total, (_, d) in zip(totals, described, strict=True)]
            sigs = [(total, lookup_sigs(d.payload, own) if total else [])
                    for (total, own), (_, d) in zip(mine, described, strict=True)]
            contradicted = [{i: t for i, t in near.items() if i not in ids} for near, ids in zip(
                contradicted_ids(conn, sigs, limit), wanted,
                strict=True)]
            released = load_released(conn, set().union(*wanted, *apart, *wider, alike,
                                                        *contradicted, *measured))
        from sdc.pool import ordered_map

        def compare(item: tuple[tuple[Output, Descriptor], set[int], set[int], set[int],
                                set[int]]) -> list[Finding]:
            (output, desc), ids, banded_ids, wider_ids, measure_ids = item
            found = list(self._against(output, desc, ids, banded_ids, released, limit,
                                       measure_ids))
            return found + list(self._subgroups(output, desc, wider_ids, released, limit))

        # each output against its released candidates: independent, in ``ctx.jobs`` processes
        items = list(zip(described, wanted, apart, wider, measured, strict=True))
        known: dict[int, list[tuple[float, float]]] = {}  # each output's slivers found
        for n, found in enumerate(ordered_map(compare, items, ctx.jobs)):
            known[n] = [ends for f in found
                        if (ends := _interval_of(f.evidence.get("band"))) is not None]
            yield from found
        theirs: dict[int, list[Margin]] = {}  # a released table's margins, made once
        for (output, desc), (total, own), near in zip(described, mine, contradicted,
                                                      strict=True):
            olds = [(released[i], printed) for i in sorted(near) if i in released
                    for printed in [_near_total(released[i], near[i], total, limit)]
                    if printed is not None]
            if olds:
                yield from self._contradicted(output, desc.payload, total, own, olds, theirs,
                                              limit)
        yield from self._together([o for o, _ in described],
                                  [released[i] for i in sorted(alike) if i in released],
                                  limit, known)

    def _together(self, outputs: list[Output], olds: list[Released], limit: int,
                  known: dict[int, list[tuple[float, float]]]) -> Iterator[Finding]:
        """The new tables' bands and wholes read with the released tables' of their
        dimensions (``sdc.band_algebra``): a count below the limit given by new and released
        counts together, at the new output's cell (its whole's, else its first), the others
        related; ``review`` unless a new and a released table print one band alike (the
        same population, then) and the count needs nothing of what a whole may count
        outside the bands (round 41, bands41)."""
        from sdc.band_algebra import Agreement, NotRead, declared, derive, gather, worlds
        from sdc.ledger.index import pseudo_output
        from sdc.rules.differencing import described_spans

        if not olds:
            return
        shown = outputs + [pseudo_output(old) for old in olds]
        n_new = len(outputs)
        systems, reads = gather(cuttings(shown), shown)
        agreement = Agreement(systems)
        unread: dict[int, str] = {}  # new tables past a limit of the reading: review
        for system in systems:
            # the released tables first: a band printed by both is read as released, so the
            # finding goes to the new output that adds to them
            items = [system.by_table[t]
                     for t in sorted(system.by_table, key=lambda t: (t < n_new, t))]
            read, past = worlds(items)
            if past is not None:
                unread.update((t, past.reason) for t in past.tables
                              if t < n_new and t not in unread)
            for world in read:
                new_spans = {(p.lo, p.hi) for p in world if p.table < n_new and
                             p.value is not None}
                shared = any((p.lo, p.hi) in new_spans for p in world
                             if p.table >= n_new and p.value is not None)
                try:
                    derived = derive(world, limit, system.floor, known)
                except NotRead as error:
                    unread.update((t, error.reason) for t in error.tables
                                  if t < n_new and t not in unread)
                    continue
                for got in derived:
                    mine = [item for item, _ in got.terms if item.table < n_new]
                    if not mine or len(mine) == len(got.terms):
                        continue  # the new release's own: SDC503's
                    # tables one population on one agreeing count only (round 42)
                    weak = not declared(system) and agreement.weak(got.tables)
                    anchor = min(mine, key=lambda p: (not p.whole, p.table, p.place))
                    output = shown[anchor.table]
                    band = described_spans(system.context[0], got.spans)
                    refs = sorted({f"{olds[item.table - n_new].display_path} (released "
                                   f"{olds[item.table - n_new].released_at[:10]})"
                                   for item, _ in got.terms if item.table >= n_new})
                    first = olds[min(item.table for item, _ in got.terms
                                     if item.table >= n_new) - n_new]
                    related = [shown[item.table].location(reads[item.table].cell(item.place))
                               for item, _ in got.terms if item is not anchor]
                    yield self.finding(
                        output, f"{system.dimension} {band} = {got.how} = "
                        f"{fmt_number(got.value)}, below the threshold {limit}, using "
                        f"{', '.join(refs)} (bands read together"
                        + (", if the whole counts no one outside its bands" if got.assumed
                           else "")
                        + (", if tables agreeing on one printed count only are one population"
                           if weak else "")
                        + (", if tables whose counts fit one population only with a count "
                           "below 0 are one" if got.apart else "") + ")",
                        cell=reads[anchor.table].cell(anchor.place), related=related,
                        public=f"{system.dimension} {band} = {got.how} is a count below the "
                               f"threshold {limit}, using released outputs",
                        evidence={"derived": got.value, "limit": limit, "band": band,
                                  "released_request": first.request_id,
                                  "released_path": first.path, "kind": "bands together"},
                        unassessable=got.assumed or not shared or weak or got.apart)
        for t, reason in sorted(unread.items()):
            yield self.finding(
                outputs[t], f"bands not read together with released tables: {reason}",
                evidence={"kind": "bands together", "not read": reason}, unassessable=True)

    def _against(self, output: Output, desc: Descriptor, ids: set[int], banded_ids: set[int],
                 released: dict[int, Released], limit: int,
                 measure_ids: AbstractSet[int] = frozenset()) -> Iterator[Finding]:
        """One output against the released tables ``ids`` (its candidates) and, for its
        bands alone, ``banded_ids`` (every released table of its dimensions); measure by
        measure, ``measure_ids`` (released tables printing one of its count measures,
        ``sdc.ledger.measures``) where the tables are not compared whole."""
        from sdc.ledger.index import payload_values

        new_cells = _new_cells_by_key(output)
        for table_id in sorted(ids | banded_ids | measure_ids):
            old = released.get(table_id)
            # declared populations are claims: disjoint ones do not keep tables apart
            # (the numbers decide: a shared number moved by the limit or more means
            # another population); nested ones are compared as before
            if old is None:
                continue
            changed = (_changes(new_cells, payload_values(old.payload), desc, old, limit)
                       if table_id in ids else None)
            if table_id in measure_ids and (changed is None or old.dim_sig != desc.dim_sig):
                # another set of measures, or one measure moved as no re-run could: each
                # measure both print is compared alone, as its own table would be (round 48)
                yield from self._measures_changed(output, desc, old, new_cells, limit)
            if table_id not in ids | banded_ids:
                continue
            if changed is None:
                # a number differs by the limit or more, or the totals are far apart: maybe
                # another population, maybe a part of this one (``66+`` beside a released
                # ``18-64, 65+``). Its bands are still compared, each sliver capped at
                # review: the numbers cannot tell the two apart (hunt40)
                if table_id in banded_ids and old.label_sig != desc.label_sig:
                    yield from self._bands(output, old, old.table(), limit, apart=True)
                continue
            same_labels = old.label_sig == desc.label_sig
            if not changed and same_labels:
                continue
            old_table = old.table()
            if changed:
                yield self._changed(output, old, old_table, changed, limit, same_labels)
            if not same_labels:
                yield from self._bands(output, old, old_table, limit)

    def _measures_changed(self, output: Output, desc: Descriptor, old: Released,
                          new_cells: dict[Any, DataCell], limit: int) -> Iterator[Finding]:
        """Each count measure both tables print over the same dimensions, compared alone
        (``_compare`` of its cells and its own grand totals): a re-run of it (the same
        labels) ``fail`` as ``_changed`` says, a moved total ``review``. Why (round 48,
        md48): a released ``admissions, deaths`` beside a new ``deaths`` alone one fewer in
        South, or beside a re-run whose admissions moved by more than the limit, passed: the
        tables were keyed and compared by all their measures together."""
        from sdc.ledger.index import payload_values
        from sdc.ledger.measures import measure_entries

        theirs = {e.name: e for e in measure_entries(old.payload)}
        values = payload_values(old.payload)
        old_table = None
        for entry in measure_entries(desc.payload):
            prior = theirs.get(entry.name)
            if prior is None or prior.measure_sig != entry.measure_sig:
                continue
            changed = _compare({k: c for k, c in new_cells.items() if k[0] == entry.name},
                               {k: v for k, v in values.items() if k[0] == entry.name},
                               entry.grand_total, prior.grand_total, limit)
            if changed:
                old_table = old.table() if old_table is None else old_table
                yield self._changed(output, old, old_table, changed, limit,
                                    prior.label_sig == entry.label_sig, entry.name)

    def _subgroups(self, output: Output, desc: Descriptor, ids: set[int],
                   released: dict[int, Released], limit: int) -> Iterator[Finding]:
        """The output against released tables of one more dimension, one category of it at a
        time (``sdc.ledger.index.categories``): a re-run of that category's cells; capped at review
        unless the output's declared population names the category."""
        from sdc.ledger.index import categories, declared_here, extra_dimension

        if not ids:
            return
        new_cells = _new_cells_by_key(output)
        flat = replace(desc, grand_total=None)  # the whole's total is not the part's
        dims = list(dict.fromkeys(d for c in desc.payload["cells"] for d in c[1]))
        population = _population(output)
        for table_id in sorted(ids):
            old = released.get(table_id)
            extra = None if old is None else extra_dimension(dims, old.payload)
            if old is None or extra is None:
                continue
            for category, values in sorted(categories(old.payload, extra).items()):
                changed = _changes(new_cells, values, flat, old, limit)
                if not changed:
                    continue
                first = min(changed, key=lambda c: c.position)
                ref = f"{old.display_path} (released {old.released_at[:10]})"
                yield self.finding(
                    output, f"the {category} of {ref} with {len(changed)} number(s) changed "
                    f"by less than {limit} (here {fmt_number(first.old_value)} → "
                    f"{fmt_number(first.new_value)}): the difference is the units that "
                    "changed since that release", cell=first.new,
                    related=[Location(path=old.display_path, sheet=old.sheet)],
                    public=f"one category of {ref} with numbers changed by less than {limit}",
                    evidence={"released": first.old_value, "new": first.new_value,
                              "difference": first.diff, "cells_changed": len(changed),
                              "limit": limit, "released_request": old.request_id,
                              "released_path": old.path, "kind": "subgroup"},
                    unassessable=not declared_here(population, category))

    def _contradicted(self, output: Output, payload: dict[str, Any], totals: list[float],
                      mine_margins: list[Margin], olds: list[tuple[Released, float]],
                      theirs_margins: dict[int, list[Margin]], limit: int
                      ) -> Iterator[Finding]:
        """The output against released tables sharing a margin with it (labels the linking
        reads as one, whatever the dimensions are called) whose printed grand total is less
        than ``limit`` from its own, not equal (``sdc.ledger.margins.contradicted_ids``; round
        44, ledger44): ``review``. A forged total (``108`` beside a released ``107``) keeps
        the released table out of every link, while a reader still takes the released
        margin; an honest one is a group of a few units if both count one population (SDC503
        says the same of two tables of one release). Its totals are the printed one, then
        those its cells add to (``totals_of``; round 45): a table printing none, or a forged
        one, whose rows add to 108 is read by what they add to. A table that looks rounded
        (every count a multiple of 5 or 10) beside a total within its base is left out:
        rounding, not units; so is a released table that fills in none of the numbers this
        one hides under the same labels, nor the total of a line it hides a cell of and
        prints none for (``completes``): on a large ledger another cohort's table of the same
        labels and a total a few apart is common, and it gives nothing back."""
        from sdc.ledger.index import pseudo_output
        from sdc.ledger.margins import completes, differing, margins, spelt_alike, unprinted
        from sdc.linking import rounded_base

        if not olds or not totals:
            return
        new_cells = _new_cells_by_key(output)
        printed = totals[0] if _grand_total_cell(new_cells.values(), totals[0]) else None
        # per spelling (aliases): this table's margins so spelt and ``unprinted``'s lines,
        # each a pass over every cell, made once
        spelt: dict[tuple[tuple[str, str], ...], tuple[list[Margin], set[MarginKey]]] = {}
        base_here = rounded_base([c.value for c in new_cells.values() if c.value is not None])
        for old, theirs in olds:
            total = min(totals, key=lambda t: abs(t - theirs))  # the first of the nearest
            diff = abs(total - theirs)
            values = [cell[-1] for cell in old.payload["cells"] if cell[-1] is not None]
            base = max(base_here or 0, rounded_base(values) or 0)
            if diff >= limit:
                continue
            kept = diff <= base  # the total kept (but for a rounding): a re-run's alone
            # (round 50, part50: one patient moved, the dimension or count renamed)
            if old.table_id not in theirs_margins:
                theirs_margins[old.table_id] = margins(old.payload)
            theirs_read = theirs_margins[old.table_id]
            aliases = spelt_alike(payload, old.payload, (mine_margins, theirs_read))
            if aliases is None:
                continue  # found by its labels' initials, which no renaming makes one
            spelling = tuple(sorted(aliases.items()))
            if spelling not in spelt:  # a short label here or there: read in the long one
                spelt[spelling] = (margins(payload, aliases) if aliases else mine_margins,
                                   unprinted(payload, aliases))
            mine_read, lines = spelt[spelling]
            if aliases:
                theirs_read = margins(old.payload, aliases)
            # the audit reads a released table of the same total (``released_beside``)
            fills = not kept and completes(mine_read, theirs_read, lines)
            # or the same table re-run under a renamed dimension (round 49, rename49)
            apart = 0 if fills else differing(mine_read, theirs_read, limit, base)
            if not fills and not apart:
                continue
            added = total != printed  # a total its cells add to, not the one it prints
            mine = (_first_hidden(new_cells.values()) if added
                    else _grand_total_cell(new_cells.values(), total))
            old_table = old.table()
            prior = _grand_total_cell(_cells_by_key(old_table).values(), theirs)
            ref = f"{old.display_path} (released {old.released_at[:10]})"
            related = [pseudo_output(old, old_table).location(prior) if prior is not None
                       else Location(path=old.display_path, sheet=old.sheet)]
            here = (f"{fmt_number(total)}, what this table's own cells add to" if added
                    else f"{fmt_number(total)} here")
            evidence = {"released": theirs, "new": total, "difference": diff,
                        "limit": limit, "released_request": old.request_id,
                        "released_path": old.path, "kind": "contradicted margin"}
            if added:
                evidence["printed"] = printed
            if apart:
                evidence["differing"] = apart
            if kept:
                evidence["kind"] = "re-run, total kept"
                yield self.finding(
                    output, f"{ref} prints a margin under the same labels and the same grand "
                    f"total ({here}), and {apart} number(s) printed under the same labels in "
                    f"both differ by less than {limit}: the same table re-run, whatever its "
                    "dimensions and count are called, its total kept, and each difference "
                    "the units that moved since that release", cell=mine, related=related,
                    public=f"the same table as {ref} under other names with numbers changed "
                           f"by less than {limit}", evidence=evidence, unassessable=True)
                continue
            given = ("a reader who takes the released margin for this table's may give its "
                     "hidden cells back" if fills else
                     f"{apart} number(s) printed under the same labels in both differ by "
                     f"less than {limit}: the same table re-run, whatever its dimensions "
                     "are called, and each difference a group as small")
            yield self.finding(
                output, f"{ref} prints a margin under the same labels, its grand total "
                f"{fmt_number(theirs)} against {here}: they differ "
                f"by {fmt_number(diff)}, below the threshold {limit}, so the tables are never "
                "linked; if both count one population the difference is a group of "
                f"{fmt_number(diff)}, and {given}", cell=mine, related=related,
                public=f"a table whose grand total is a count below the threshold {limit} "
                       f"from that of {ref}, with which it shares labels",
                evidence=evidence, unassessable=True)

    # -- helpers ---------------------------------------------------------------------------
    def _changed(self, output: Output, old: Released, old_table: Any, changed: list[Change],
                 limit: int, same_labels: bool, measure: str | None = None) -> Finding:
        """A re-run (same labels: every number within the limit, some changed) or a moved
        total (same dimensions, other categories; capped at review); ``measure``: of that
        count measure alone (``_measures_changed``)."""
        from sdc.ledger.index import pseudo_output

        total = next((c for c in changed if c.is_total), None)
        first = min(changed, key=lambda c: c.position)
        anchor = first if same_labels or total is None else total
        released = f"{old.display_path} (released {old.released_at[:10]})"
        if measure is not None:
            released = f"{released}, its count '{measure}' alone,"
        prior = _cells_by_key(old_table).get(anchor.key) if anchor.key is not None else None
        related = [pseudo_output(old, old_table).location(prior) if prior is not None
                   else Location(path=old.display_path, sheet=old.sheet)]
        values = f"here {fmt_number(anchor.old_value)} → {fmt_number(anchor.new_value)}"
        evidence: dict[str, Any] = {
            "released": anchor.old_value, "new": anchor.new_value, "difference": anchor.diff,
            "cells_changed": len(changed), "limit": limit, "released_request": old.request_id,
            "released_path": old.path}
        if same_labels:
            return self.finding(
                output, f"the same table as {released} with {len(changed)} number(s) changed "
                f"by less than {limit} ({values}): the difference is the units that changed "
                "since that release", cell=anchor.new, related=related,
                public=f"the same table as {released} with numbers changed by less than "
                       f"{limit}", evidence=evidence)
        evidence["kind"] = "moved total"
        return self.finding(
            output, f"a table of the same dimensions as {released} whose shared totals moved "
            f"by less than {limit} ({'grand total ' if anchor.is_total else ''}{values}): if "
            "the populations nest, the difference singles out those units", cell=anchor.new,
            related=related,
            public=f"a table of the same dimensions as {released} whose shared totals moved "
                   f"by less than {limit}", evidence=evidence, unassessable=True)

    def _bands(self, output: Output, old: Released, old_table: Any, limit: int,
               apart: bool = False) -> Iterator[Finding]:
        from sdc.ledger.index import pseudo_output

        released = pseudo_output(old, old_table)
        old_cuts = cuttings([released])
        for new in cuttings([output]):
            for prior in old_cuts:
                if (prior.dimension == new.dimension and prior.context == new.context
                        and [(b.lo, b.hi) for b in prior.bands] != [(b.lo, b.hi)
                                                                    for b in new.bands]):
                    yield from self._slivers(output, released, old, new, prior, limit, apart)

    def _slivers(self, output: Output, released: Output, old: Released, new: Any, prior: Any,
                 limit: int, apart: bool) -> Iterator[Finding]:
        """One finding per sliver (band interval) of these two cuttings, at the new output's
        first cell in its derivation (``apart``: the tables' shared numbers or totals say
        they may be other populations: capped at review)."""
        for sliver in band_differences(new, prior, limit, anchor_side=new):
            interval, how, value, anchor = (sliver.interval, sliver.how, sliver.value,
                                            sliver.anchor)
            related = [output.location(held_cell(h)) if any(h is m for m in sliver.mine) else
                       released.location(held_cell(h)) for h in sliver.cells if h is not anchor]
            band = _described(new.context[0], interval)  # dates, ``ward 4``, or the interval
            evidence = {"derived": value, "limit": limit, "band": interval,
                        "released_request": old.request_id, "released_path": old.path}
            if apart:
                evidence["kind"] = "other totals"
            yield self.finding(
                output, f"{new.dimension} {band} = {how} = {fmt_number(value)}, below "
                f"the threshold {limit}, using {old.display_path} (released "
                f"{old.released_at[:10]})" + (", whose totals differ: if the populations "
                "are the same, that count is given away" if apart else ""),
                cell=held_cell(anchor), related=related,
                public=f"{new.dimension} {band} = {how} is a count below the threshold "
                       f"{limit}, using {old.display_path}", evidence=evidence,
                unassessable=apart)


# --- released tables beside this release's in the suppression audit (round 41, ledger41) ----

@dataclass(frozen=True)
class ReleasedBeside:
    """Released tables to audit beside this release's (``sdc.rules.released_audit``): each as
    an output (``pseudo_output``), and the display paths of those only a guess links (a
    whole of one more dimension found by ``wider_ids`` alone: SDC504's subgroups)."""

    outputs: list[Output]
    apart: frozenset[str]
    unread: tuple[str, ...] = ()  # released tables the margin lookup cannot read (review)


def released_beside(outputs: list[Output], ctx: CheckContext) -> ReleasedBeside:
    """The released tables SDC504's lookups find for ``outputs`` as maybe the same
    population (``candidate_ids``: the same labels or dimensions with totals a re-run could
    reach, or none known; ``wider_ids``: the whole a subgroup may be part of); a release with
    no count looks up nothing. Not ``same_dimension_ids`` (every released table of the
    output's dimensions, whatever its totals): on a ledger of three 200-table releases of one
    set of variables those were all 600, and auditing them beside the release cost several
    times SDC504 itself (RESULTS, "Round 41 (ledger41)"); their bands are SDC504's.
    None is left out for numbers that differ: a released table whose numbers contradict an
    output's has its links dropped by the audit, as a table of this release has; a filter
    here would let a forged output keep the true released table out."""
    from sdc.ledger.index import candidate_ids, load_released, pseudo_output, wider_ids
    from sdc.ledger.margins import unread as margins_unread
    from sdc.ledger.measures import measure_ids

    ledger = ctx.ledger
    if ledger is None:
        return ReleasedBeside([], frozenset())
    described = [(output, desc) for output in outputs if output.table is not None
                 for desc in [_describe(output)] if desc is not None]
    if not described:
        return ReleasedBeside([], frozenset())
    limit = ctx.policy.shared.threshold
    descs = [d for _, d in described]
    with ledger.read() as conn:
        # and by each count measure (round 48): a released ``admissions, deaths`` prints
        # the deaths a new ``deaths`` table hides
        near = set().union(*candidate_ids(conn, descs, limit),
                           *measure_ids(conn, [d.payload for d in descs], limit))
        found = near.union(*wider_ids(conn, descs, [["columns", *_population(o)]
                                                    for o, _ in described]))
        released = load_released(conn, found)
        rows = _rows_in_common(conn, descs, found)
        base = ctx.policy.shared.rounding_base
        by_margins = _by_margins(conn, descs, found | rows.keys(), 2 * base if base else 0)
        unread = tuple(margins_unread(conn))
    near |= rows.keys()
    released.update(rows)
    near |= {table_id for table_id, (_, linked) in by_margins.items() if linked}
    released.update((table_id, old) for table_id, (old, _) in by_margins.items())
    kept = [pseudo_output(released[table_id]) for table_id in sorted(released)]
    apart = {released[table_id].display_path for table_id in released if table_id not in near}
    return ReleasedBeside(kept, frozenset(apart), unread)


def _by_margins(conn: Connection, descs: list[Descriptor], found: set[int], width: float
                ) -> dict[int, tuple[Released, bool]]:
    """The released tables beyond ``found`` that share a margin with an output whatever
    their dimensions are called (``sdc.ledger.margins``: a released ``region × sex`` whose
    ``Total`` row completes a new ``age × sex``; round 43, ledger43), each with whether
    numbers link it to one of them (two shared numbers of a margin equal, none differing) or
    its labels alone (then the audit reads it ``apart``: ``review``). Printed grand totals
    that differ by more than ``width`` (the rounding's, else 0) keep a table out, as the
    audit drops the link they contradict in one release; no other number does."""
    from sdc.ledger.index import load_released
    from sdc.ledger.margins import margin_ids, margins, margins_agree, spelt_alike
    from sdc.linking import MIN_SHARED_FOR_LINK

    payloads = [d.payload for d in descs]
    mine = [margins(p) for p in payloads]  # made once: looked up, then compared
    ids = set().union(*margin_ids(conn, payloads, width, mine)) - found
    if not ids:
        return {}
    found_here: dict[int, tuple[Released, bool]] = {}
    for table_id, old in load_released(conn, ids).items():
        theirs = margins(old.payload)
        spelt = [(m, theirs) if not aliases else
                 (margins(p, aliases), margins(old.payload, aliases))
                 for p, m in zip(payloads, mine, strict=True)
                 for aliases in [spelt_alike(p, old.payload, (m, theirs))]
                 if aliases is not None]
        if spelt:  # else found by its labels' initials alone, which no renaming makes one
            found_here[table_id] = (old, any(margins_agree(m, t, MIN_SHARED_FOR_LINK)
                                             for m, t in spelt))
    return found_here


def _rows_in_common(conn: Connection, descs: list[Descriptor], found: set[int]
                    ) -> dict[int, Released]:
    """The released tables of an output's dimensions, beyond ``found``, that hide a cell and
    print one of its rows (``sdc.ledger.index.rows_in_common``): a new table of a part of a
    released table's rows, its grand total far from the released one's, gives its hidden
    cells back (round 42, ledger42). Linked by equal numbers, so not a guess. One index range
    per dimension signature (``same_dimension_ids``), each table read once."""
    from sdc.ledger.index import (
        by_key,
        load_released,
        payload_values,
        rows_in_common,
        same_dimension_ids,
    )
    from sdc.linking import MIN_SHARED_FOR_LINK

    ids = set().union(*same_dimension_ids(conn, descs)) - found
    if not ids:
        return {}
    printed = by_key([payload_values(d.payload) for d in descs])
    return {table_id: old for table_id, old in load_released(conn, ids).items()
            if rows_in_common(printed, old.payload, MIN_SHARED_FOR_LINK)}


def stand_in(output: Output) -> Output | None:
    """``output`` with the table of its count cells alone (its index entry rebuilt: its model
    may have gone), to audit beside released tables; None when it has no count."""
    from sdc.ledger.index import rebuild

    desc = _describe(output)
    if desc is None:
        return None
    return replace(output, table=rebuild(desc.payload, output.path, output.sheet))
