"""Is suppression safe? The linear audit of suppressed cells across the whole release.

Each table's additive relations, and the cells tables share, are stacked into one linear
system (``sdc.linking``); every suppressed cell's feasible interval is computed by
``sdc.audit`` (elimination first, then LPs with HiGHS). Zero width is exact disclosure
(SDC501); an interval that still reveals the cell is small, or that is narrower than the
protection a dominance rule asks for, is SDC502. Totals that disagree with their cells are
SDC402.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from sdc.formatting import fmt_number
from sdc.results import Finding, Location
from sdc.rules.base import Rule, RuleParams, StatusSetting
from sdc.rules.equal_tries import SeenTries
from sdc.rules.isolation import crash_finding, each_guarded
from sdc.rules.protection_levels import (
    DominanceLevels,
    Shortfall,
    protection_shortfall,
    surely_needs_protection,
)
from sdc.table import DataCell, Role

if TYPE_CHECKING:  # numpy, scipy and the audit are imported where used (fast `sdc rules`)
    import numpy as np
    import scipy.sparse as sp

    from sdc.ambiguous_readings import ReadingsFound
    from sdc.audit import Interval
    from sdc.audit_prebuild import AuditPrebuild
    from sdc.context import CheckContext
    from sdc.linking import TableSystem
    from sdc.outputs import Output
    from sdc.rules.insiders import InsiderInterval
    from sdc.rules.released_audit import GivenBack
    from sdc.share_recovery import ShareRecovery, SharesAhead
    from sdc.union_totals import UnionTotal



@dataclass(slots=True)
class AuditedCell:
    """One suppressed cell's feasible interval and the published cells its derivation uses.

    ``weak``: the derivation (or, when it is not written out, the linked system) relies on a
    link between tables that no agreeing published cell confirms, so it may join two
    different populations; such findings are capped at ``review``.

    Slots: one per hidden cell of the release, held through every release rule (a 1 MiB long
    table hides ~5,000): no ``__dict__`` each, and no cell held (issue 14 §3).
    """

    ts: TableSystem
    var: int  # the cell's variable in ``ts`` (its name: ``cell_key``)
    interval: Interval
    related: list[Location] | tuple[()]  # ``()`` when none: no empty list per cell
    weak: bool
    # where its finding sits, named as its component came back when SDC501 or SDC502 will
    # name it (``_Audit.name_found``); None: named when asked (``location``)
    at: Location | None = None

    @property
    def cell(self) -> DataCell:
        """The hidden cell, read from its system at each use: the model's own while the table
        holds it, else made again from its form (equal; ``sdc.table_standin.FormCells``).
        Not held: made and kept for every hidden cell, they were ~2.3 MiB a 1 MiB long table
        through every release rule, and most are never read (round 30, mem30)."""
        return self.ts.cells[self.var]

    def location(self) -> Location:
        """Where a finding at the cell sits: read off its table's form where its system reads
        its cells from one (``ReleaseTable.location``, ``Output.location``'s reading of the
        model), no cell made; else ``Output.location`` of the cell. Why: SDC501 and SDC502
        report ~4,500 hidden cells of a 1,000-table release after the audit's pool, with no
        other process running: making each cell only to name it was ~0.03-0.05 s of that
        serial tail (round 37, par37); one named as its component came back (``at``, round
        52) is not named again."""
        if self.at is not None:
            return self.at
        from sdc.linking import Places
        from sdc.table_standin import FormCells

        cells, output = self.ts.cells, self.ts.output
        if isinstance(cells, Places) and isinstance(cells.own, FormCells):
            return cells.own.form.location(cells.at[self.var], output.path, output.sheet,
                                           output.table_number)
        return output.location(self.cell)

    @property
    def key(self) -> CellKey:
        return cell_key(self.ts, self.var)

    @property
    def place(self) -> tuple[int, int]:
        """The cell's row and column in its file, without making it (the audit's order)."""
        return cell_place(self.ts, self.var)


# a cell of the audit named by its output and its place in that output's table
# (``cell_key``), not by the cell object
CellKey = tuple[int, int]


def cell_key(ts: TableSystem, var: int) -> CellKey:
    """The name of ``ts``'s variable ``var`` (one of its table's cells) across the audit's
    findings: its output and its place in the output's table (``sdc.linking.Places``). Not
    the cell object: a cell may be read more than once, each time made again (equal, not the
    same object) once its table's model has gone (issue 14 §3). A test's bare system (no
    table, no places) names its cells by identity (negative: never a place)."""
    from sdc.linking import Places

    cells = ts.cells
    if isinstance(cells, Places):
        return id(ts.output), cells.at[var]
    return id(ts.output), ~id(cells[var])


def cell_place(ts: TableSystem, var: int) -> tuple[int, int]:
    """The row and column ``ts``'s variable ``var`` (one of its table's cells) is read from
    (its ``source``), read off the places' cells without making the cell where they can
    (``sdc.linking.Places.source_at``)."""
    from sdc.linking import Places

    cells = ts.cells
    if isinstance(cells, Places):
        return cells.source_at(var)
    source = cells[var].source
    return source.row, source.col


@dataclass
class InsiderCell:
    """A hidden sensitive cell's interval as the largest contributor of another hidden
    sensitive cell derives it, knowing its own contribution (``sdc.rules.insiders``).
    ``key``, ``insider_key`` and the third of each ``also``: the cells' names
    (``cell_key``)."""

    ts: TableSystem
    cell: DataCell
    insider: DataCell
    insider_output: Output
    interval: Interval
    weak: bool
    key: CellKey
    insider_key: CellKey
    # how the interval falls short of the cell's protection (set when it does)
    short: Shortfall | None = None
    # one respondent's other hidden cells, bounded jointly with ``insider`` (``top_ids``)
    also: list[tuple[DataCell, Output, CellKey]] = field(default_factory=list)


def _insider_breaches(shared: _Audit, levels: DominanceLevels) -> list[InsiderCell]:
    """Per hidden sensitive cell, the narrowest interval a hidden sensitive cell's largest
    contributor derives for it when that falls short of its protection and the outside audit
    does not already say so as surely (a certain shortfall first). The audits take every
    cell that may be sensitive as an insider (a sidecar short of tops, a total not given);
    one that may not be makes its findings uncertain too."""
    if not shared.insiders:
        return []
    public = {a.key: a.interval for a in shared.cells}
    worst: dict[CellKey, tuple[tuple[bool, float], InsiderCell]] = {}
    for found in shared.insiders:
        outside = public.get(found.key)
        if outside is None or outside.exact:
            continue  # SDC501 already reports it from the published numbers alone
        seen = protection_shortfall(found.cell, outside.lo, outside.hi, levels)
        short = protection_shortfall(found.cell, found.interval.lo, found.interval.hi, levels)
        if short is not None and short.certain and not found.also \
                and not surely_needs_protection(found.insider, levels):
            short = Shortfall(short.level, False, short.reach, insider_unsure=True)
        if short is None or (seen is not None and (seen.certain or not short.certain)):
            continue  # SDC502 already reports it from the published numbers, as surely
        rank = (not short.certain, found.interval.width)
        held = worst.get(found.key)
        if held is None or rank < held[0]:
            found.short = short
            worst[found.key] = (rank, found)
    return [found for _, found in worst.values()]


def _built(output: Output, systems: list[TableSystem], *, keep_models: bool) -> None:
    """A table's audit systems are built: each names its cells by place (``_by_place``),
    and unless ``keep_models`` (``sdc check``, the web app) the table's model goes now,
    before the next table's build (``sdc.table_standin.let_models_go``). A bug letting it
    go keeps it (memory only: the systems read the same cells either way)."""
    own = [ts for ts in systems if not ts.totals_only]
    for ts in own:  # a lone table's too: every cell named by place (``cell_key``)
        _by_place(ts)
    if keep_models:
        return
    from sdc.table_standin import let_models_go

    try:
        let_models_go([output], own)
    except Exception:  # (a system re-pointed before it raised reads equal cells)
        return


def _by_place(ts: TableSystem) -> None:
    """``ts``'s cells as their places in its table (``sdc.linking.Places``) where they are
    still a list (a lone table's system is not made compact): the same objects read, so
    ``cell_key`` names every cell of a table by place. A cell its table does not hold (none
    should be) leaves the list as it is: named by identity, then no place of the table
    matches it, and ``_by_own_tops`` asks again rather than less."""
    from sdc.linking import Places

    table = getattr(ts.output, "table", None)
    if table is None or isinstance(ts.cells, Places):
        return
    try:
        ts.cells = Places.of(table, ts.cells)
    except KeyError:
        return


# what the audit imports after its tables' systems are built (the linking's sparse slices and
# components, the solver, the share recoveries), when a table hides a cell: imported while
# the systems' pool's workers build (``sdc.pool.import_beside``), not in the linking, which no
# other core can share (from bytecode 0.29 s CPU, from sources 0.78 s); and those the linking,
# the solver's first call and SDC501 then imported there with the other core idle (the union
# totals, the BLAS limit's library, the unread outputs: ~0.016 s from sources; round 40, par40)
AUDIT_IMPORTS = ("scipy.sparse", "scipy.sparse.csgraph", "sdc.audit.solve",
                 "sdc.share_recovery", "sdc.redundant_links", "sdc.rules.insiders",
                 "sdc.union_totals", "sdc.union_labels",
                 "sdc.column_split", "threadpoolctl", "sdc.unread_outputs",
                 "sdc.ambiguous_readings")


# a table's unknowns, each with the (value, table, half unit, cell) published under its key
# (sdc.linking.published_constants, links_and_constants; the half unit of a number printed in
# exponent notation, else 0, and the publishing cell, named where cited: ``_printed_halves``)
_Constants = dict[int, list[tuple[int, tuple[tuple[float, int, float, "_Publisher"], ...]]]]


class _Audit:
    """One audit of the release, shared by SDC501, SDC502 and SDC402 within a run.

    Tables are grouped into linked components (tables that share a population cell) and each
    component is audited alone: the work follows the links, a component without a suppressed
    cell costs nothing, and a crash in one component sends only its outputs to ``review``.
    """

    def __init__(self, outputs: list[Output], rounding_base: int | None,
                 total_labels: list[str] | None = None, *, jobs: int = 1,
                 rounding_scheme: str = "any", levels: DominanceLevels | None = None,
                 keep_models: bool = True, prebuilt: AuditPrebuild | None = None,
                 wanted: frozenset[int] | None = None, threshold: float | None = None,
                 shares: bool = False) -> None:
        from sdc.exponent_bounds import widen_contradicted_exponents
        from sdc.linking import rounding_slack

        # how far another table's published count, given as a constant, may be from the true
        # one: under a rounding policy every count is rounded (``_through_constants``)
        self.slack = float(rounding_slack(rounding_base, rounding_scheme)) \
            if rounding_base else 0.0
        self.levels = levels  # dominance rules: whose largest contributors are insiders
        self.jobs = jobs  # components audited in this many processes (sdc.pool)
        # ``id``s of the outputs whose components are audited (None: every one): the audit
        # beside released tables solves only the components that hold a table of this
        # release (``sdc.rules.released_audit``); a component of released tables alone is
        # the work of the release that published them
        self.wanted = wanted
        # SDC502's threshold: a hidden count below it is named as its component comes back
        # (``name_found``); None: only exact cells are
        self.threshold = threshold
        # ``shares`` (SDC501 or SDC502 will read the share recoveries) under ``-j`` > 1: what
        # they read of the outputs and hidden counts, read as the components come back
        self.shares_ahead: SharesAhead | None = None
        if shares and jobs > 1:
            from sdc.share_recovery import SharesAhead

            self.shares_ahead = SharesAhead(outputs)
        self.crashed: dict[int, tuple[Output, str]] = {}
        # every table's inconsistent totals, in order (SDC402), and the systems the audit of
        # hidden cells needs: a table that cannot matter to it has none (its totals only)
        self.checked = self._systems(outputs, rounding_base, total_labels or [],
                                     rounding_scheme, keep_models, prebuilt)
        self.systems = [ts for ts in self.checked if not ts.totals_only]
        self.cells: list[AuditedCell] = []
        self.insiders: list[InsiderCell] = []
        self.failed: list[tuple[TableSystem, str]] = []  # solver failures, per table
        self.infeasible: list[TableSystem] = []  # tables whose totals no hidden values fit
        # linked tables whose shared cells cannot all be the same numbers (links dropped)
        self.contradicted: list[list[TableSystem]] = []
        # tables whose bounds from the release's means contradict their component (read
        # again without them: ``_without_means``)
        self.means_dropped: list[TableSystem] = []
        self.components: list[list[int]] = []
        self.crashes_reported = False
        self.read_by: set[str] = set()  # the rules that have read it (``_audit_read``)
        # the global variable each union's own variables start at (ascending): a union's
        # links are told apart by their union-side end (``_union_groups``); and the cells
        # each union reads
        self.union_starts: list[int] = []
        self.union_cells: list[tuple[tuple[int, int], ...]] = []
        # the totals tables whose parts may be too many sets of tables to try (SDC402)
        self.undecided_wholes: list[TableSystem] = []
        # the totals tables whose union contradicts the rows beside every set of its part
        # tables the audit tries (forged or other people's parts: SDC402)
        self.undecided_sets: list[TableSystem] = []
        if any(ts.suppressed for ts in self.systems):
            for ts in self.systems:  # 2.17e+03 over 2,168: rounded, not exact (issue 12)
                widen_contradicted_exponents(ts)
            self._run()

    def _systems(self, outputs: list[Output], rounding_base: int | None,
                 total_labels: list[str], rounding_scheme: str, keep_models: bool,
                 prebuilt: AuditPrebuild | None) -> list[TableSystem]:
        """Every table's systems (``linking.table_systems``), or those built as each table's
        per-output rules ended (``sdc.audit_prebuild``) when all it assumed still holds.
        When it does not and a model has gone since, every table is SDC602 (fail closed:
        no system is built from a model that is no longer there, none from a wrong plan)."""
        from sdc.exponent_bounds import widen_contradicted_exponents
        from sdc.linking import table_systems

        if prebuilt is not None:
            from sdc.audit_prebuild import AuditParams, let_go_any

            taken = prebuilt.take(outputs, AuditParams(rounding_base, rounding_scheme,
                                                       tuple(total_labels)))
            if not isinstance(taken, str):
                for output, detail in prebuilt.errors:
                    self._crash(output, detail)
                return taken
            if let_go_any(outputs):
                for output in outputs:
                    if output.table is not None:
                        self._crash(output, f"ModelLetGo: the audit's systems were built "
                                            f"before the release rules, and {taken}; the "
                                            "model is gone, so they are not built again")
                return []
        from sdc import pool

        # a pool of the systems has workers only when tables hide cells (``needed_only``)
        pool.import_beside(AUDIT_IMPORTS if self.jobs > 1 else ())
        try:
            return table_systems(outputs, rounding_base, total_labels=total_labels,
                                 on_error=self._crash, rounding_scheme=rounding_scheme,
                                 jobs=self.jobs, compact=True, needed_only=True,
                                 vet=widen_contradicted_exponents,
                                 on_built=partial(_built, keep_models=keep_models))
        finally:
            pool.import_beside(())

    def _crash(self, output: Output, exc: BaseException | str) -> None:
        detail = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        self.crashed.setdefault(id(output), (output, detail))

    def crash_findings(self) -> list[Finding]:
        """The SDC602 findings of outputs the audit could not evaluate, once per run."""
        if self.crashes_reported:
            return []
        self.crashes_reported = True
        return [crash_finding("the suppression audit (SDC501, SDC502, SDC402)", output,
                              detail, "could not check this output")
                for output, detail in self.crashed.values()]

    def _run(self) -> None:
        import numpy as np

        from sdc.audit import AuditError
        from sdc.linking import joined_constants, links_and_constants, published_constants
        from sdc.redundant_links import without_implied

        offsets = list(itertools.accumulate((ts.n_vars for ts in self.systems),
                                            initial=0))[:-1]
        unions: list[UnionTotal] = []
        try:
            # before the linking, which lets each table's link columns go as it reads them
            published = published_constants(self.systems)
            strong, weak, wild, pinned = links_and_constants(self.systems, offsets,
                                                             consume=True, unions=unions,
                                                             jobs=self.jobs)
            constants = _printed_halves(joined_constants(published, pinned), self.systems)
        except Exception as exc:  # audit each table alone, and say linking was not checked
            strong, weak, wild, constants, unions = [], [], [], {}, []
            for ts in self.systems:
                if ts.suppressed:
                    self._crash(ts.output, f"linking tables failed, {type(exc).__name__}: "
                                f"{exc}; each table was audited alone")
        for ts in self.systems:  # link keys and values are read by linking only
            ts.keys, ts.values, ts.links = [], [], None
        union, weak_unions = self._with_unions(unions, offsets)
        owner = np.repeat(np.arange(len(self.systems), dtype=_table_dtype(len(self.systems))),
                          [ts.n_vars for ts in self.systems])
        # a weak link of two equal published values is implied by both tables' systems: it
        # changes no interval, only which tables are audited together (sdc.redundant_links)
        weak = without_implied(weak, self.systems, offsets, owner) + weak_unions
        groups = _link_components(len(self.systems), owner, strong + weak + wild + union)
        links_of: dict[int, tuple[list, list, list, list]] = defaultdict(
            lambda: ([], [], [], []))
        for kind, links in ((0, strong), (1, weak), (2, wild), (3, union)):
            for a, b in links:
                links_of[groups[owner[a]]][kind].append((a, b))
        members: dict[int, list[int]] = defaultdict(list)
        for k, g in enumerate(groups):
            members[int(g)].append(k)
        work: list[tuple[list[int], list, list, list, list, dict]] = []
        for g, tables in sorted(members.items(), key=lambda item: item[1][0]):
            if not any(self.systems[k].suppressed for k in tables):
                continue  # nothing hidden: nothing to audit
            if self.wanted is not None and not any(id(self.systems[k].output) in self.wanted
                                                   for k in tables):
                continue  # none of the outputs asked about (``wanted``)
            self.components.append(tables)
            work.append((tables, *links_of[g],
                         {k: constants[k] for k in tables if k in constants}))

        def once(item: tuple[list[int], list, list, list, list, dict]) -> _ComponentResult:
            tables, strong_g, weak_g, wild_g, union_g, constants_g = item
            done = _ComponentResult()
            try:
                self._audit_component(tables, offsets, strong_g, weak_g, done, constants_g,
                                      wild_g, union_g)
            except AuditError as exc:  # a solver failure must not read as "safe"
                done = _ComponentResult(failed=[(k, str(exc)) for k in tables
                                                if self.systems[k].suppressed])
            except Exception as exc:  # a bug: these outputs to review, the others go on
                done = _ComponentResult(crashed=[(k, f"{type(exc).__name__}: {exc}")
                                                 for k in tables])
            return done

        def audited(item: tuple[list[int], list, list, list, list, dict]
                    ) -> _ComponentResult:
            done = once(item)
            bounded = [k for k in item[0] if self.systems[k].before_means]
            if bounded and (done.infeasible or done.contradicted):
                # the means' bounds may be what contradicts: read again without them
                with _without_means([self.systems[k] for k in bounded]):
                    again = once(item)
                if not (again.infeasible or again.contradicted or again.failed
                        or again.crashed):
                    again.means_dropped = bounded
                    return again
            return done

        def one(item: tuple[list[int], list, list, list, list, dict]) -> _ComponentResult:
            done = audited(item)
            done.places = _places(cell_place(self.systems[k], i) for k, i, *_ in done.cells)
            return done

        from sdc.audit.solved_once import solved_once
        from sdc.gc_pacing import survivors_made_old
        from sdc.pool import ordered_map

        # components are independent: audited in parallel, gathered in order (the same
        # cells, failures and crashes, in the same order, whatever ``jobs``); within the run
        # a program's component equal in every number to one solved before (a table's copy
        # in another style, the same tables in the next pair's try) is not solved again
        order = _CellOrder()  # each cell's table and place: its order
        with solved_once():
            for done in ordered_map(one, work, self.jobs):
                named = len(self.cells)
                self._take(done)
                self.name_found(self.cells[named:])
                self._shares_found(self.cells[named:])
                order.add([cell[0] for cell in done.cells], done.places)
        # what the loop made (the cells, their names, the share recoveries' readings) lives
        # through the release rules: moved old, not walked by the next young collection,
        # which came in the rules after the pool with the other core idle at ``-j 2``
        # (16-26 ms on 1,000 small tables, round 53; ``sdc.gc_pacing``)
        survivors_made_old()
        # by table, then place in its file (a stable sort: ``(k, *cell.place)`` per cell, read
        # in the pool's items, not here)
        ranked = order.ranked()
        del order
        self.cells = [self.cells[j] for j in ranked]
        for ts in self.systems:  # audited: the rules read the cells and the inconsistent
            ts.release_equations()  # totals only (the audit is kept through every release rule)

    def _with_unions(self, unions: list[UnionTotal], offsets: list[int]
                     ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The release's totals lines read as unions of other tables' rows
        (``sdc.union_totals``) as systems after the tables' (one per whole's table; no cell
        of theirs is audited or named), and their links to the tables' variables: the
        unions', and those of unions only one printed row supports (``UnionTotal.weak``,
        ``sdc.column_split``), which are weak links (a finding through them ``review``)."""
        from sdc.union_totals import groups_of, union_links, union_system

        links: list[tuple[int, int]] = []
        weak: list[tuple[int, int]] = []
        undecided = {union.whole[0] for union in unions if union.undecided}
        self.undecided_wholes = [self.systems[k] for k in sorted(undecided)]
        for group in groups_of([union for union in unions if not union.undecided]).values():
            first = offsets[-1] + self.systems[-1].n_vars if offsets else 0
            ts = union_system(self.systems, group)
            at = first
            for union in group:
                if union.weak:
                    weak.extend(union_links([union], offsets, at))
                else:
                    links.extend(union_links([union], offsets, at))
                    self.union_starts.append(at)
                    self.union_cells.append(union.named)
                at += union.width
            self.systems.append(ts)
            offsets.append(first)
        return links, weak

    def _union_ids(self, union: list[tuple[int, int]]) -> list[int]:
        """The union each of ``union``'s links (global variables) belongs to."""
        import numpy as np

        return (np.searchsorted(np.asarray(self.union_starts, dtype=np.int64),
                                np.asarray([b for _, b in union], dtype=np.int64),
                                side="right") - 1).tolist()

    def _union_groups(self, union: list[tuple[int, int]], union_l: np.ndarray
                      ) -> list[tuple[int, np.ndarray]]:
        """A component's union links (``union`` global, ``union_l`` the block's) by the
        union they belong to: its id and its parts' and whole's links, in order."""
        import numpy as np

        ids = np.asarray(self._union_ids(union), dtype=np.int64)
        return [(u, union_l[ids == u]) for u in dict.fromkeys(ids.tolist())]

    def _union_related(self, unions: list[int]) -> list[Location]:
        """The printed cells the unions ``unions`` (ids) read (``UnionTotal.named``): each
        union's whole first, then its parts'."""
        found: list[Location] = []
        for u in sorted(unions):
            for kt, var in self.union_cells[u]:
                ts = self.systems[kt]
                cell = ts.cell(var)
                if cell is not None and not cell.suppressed:
                    location = ts.output.location(cell)
                    if location not in found:
                        found.append(location)
        return found

    def _take(self, done: _ComponentResult) -> None:
        """One component's result, by table and cell index, as the audit's cells, insiders,
        failures and crashes."""
        for k, i, interval, related, weak_used in done.cells:
            ts = self.systems[k]
            self.cells.append(AuditedCell(ts, i, interval, related or (), weak_used))
        for k, i, ks, s, interval, weak_used, also in done.insiders:
            ts, by = self.systems[k], self.systems[ks]
            self.insiders.append(InsiderCell(
                ts, ts.cells[i], by.cells[s], by.output, interval, weak_used,
                cell_key(ts, i), cell_key(by, s),
                also=[(self.systems[ka].cells[a], self.systems[ka].output,
                       cell_key(self.systems[ka], a)) for ka, a in also]))
        self.failed.extend((self.systems[k], reason) for k, reason in done.failed)
        self.infeasible.extend(self.systems[k] for k in done.infeasible)
        self.contradicted.extend([self.systems[k] for k in ks] for ks in done.contradicted)
        self.means_dropped.extend(self.systems[k] for k in done.means_dropped)
        self.undecided_sets.extend(self.systems[k] for k in done.undecided_wholes
                                   if self.systems[k] not in self.undecided_sets)
        for k, detail in done.crashed:
            self._crash(self.systems[k].output, detail)

    def name_found(self, cells: list[AuditedCell]) -> None:
        """Each of ``cells`` SDC501 or SDC502 will name (exact, or a count below
        :attr:`threshold`) named now (``AuditedCell.at``), as its component comes back from
        the pool. Why (issue 14 §4): named when those rules run, after the audit's pool, they
        were ~0.04 s of CPU on 1,000 small tables with the other core idle at ``-j 2``; here,
        between the pool's items, a worker computes meanwhile. The same location, made from
        the same form or cell; one that cannot be made is left to the rule (its SDC602)."""
        threshold = self.threshold
        for audited in cells:
            interval = audited.interval
            if not (interval.exact or (threshold is not None and audited.ts.count
                                       and interval.hi < threshold)):
                continue
            try:
                audited.at = audited.location()
            except Exception:  # named again when asked, where the rule reports its error
                audited.at = None

    def _shares_found(self, cells: list[AuditedCell]) -> None:
        """The hidden counts of ``cells`` (a component's, as it comes back) given to
        :attr:`shares_ahead`, which reads ahead what the share recoveries will read of them
        and of the next outputs (``sdc.share_recovery.SharesAhead``); nothing without it."""
        if self.shares_ahead is not None:
            self.shares_ahead.add([(a.ts.output, a.ts.cells, a.var, a.interval.lo,
                                    a.interval.hi)
                                   for a in cells if a.ts.count and not a.interval.exact])

    def _audit_component(self, tables: list[int], offsets: list[int],
                         strong: list[tuple[int, int]], weak: list[tuple[int, int]],
                         done: _ComponentResult,
                         constants: _Constants | None = None,
                         wild: list[tuple[int, int]] | None = None,
                         union: list[tuple[int, int]] | None = None
                         ) -> list[tuple[int, int]] | None:
        """Audit one component into ``done``, which holds only indices and values: a worker
        process sends it back (``sdc.pool``), and the parent turns it into cells. Returns
        the links the audit kept (None: each table alone). ``wild`` links
        (``sdc.linking.links_and_constants``) join tables only where ``constants`` are
        tried: the parts they join are first audited apart, as if they were not there.
        ``union`` links (``sdc.union_totals``) are tried with every other link first; where
        the component then has no solution they are left out, silently, before any other
        link is (a totals line that no union of the rows fits counts other people: main's
        audit, so a table's own findings stay)."""
        import numpy as np

        from sdc.audit import InfeasibleSystemError

        systems = [self.systems[k] for k in tables]
        if wild:
            kept = [link for part, strong_p, weak_p, union_p
                    in _parts(tables, offsets, strong, weak, union or [])
                    for link in self._audit_component(part, offsets, strong_p, weak_p, done,
                                                      union=union_p)
                    or []]
            block = _ComponentBlock(systems, [offsets[k] for k in tables])
            _through_constants(block, block.shift(kept), tables, constants or {}, done,
                               block.shift(wild), slack=self.slack, strong=block.shift(strong))
            return kept
        # one table, linked to none, whose equations are all free line totals: none of them
        # bounds a cell, so the audit solves its cells' bounds alone (as for the release's
        # only count table, which is built without them)
        # (with a constant for one of them, they bound cells: kept)
        free = (len(systems) == 1 and not strong and not weak and systems[0].free_totals
                and not constants and not wild)
        block = _ComponentBlock(systems, [offsets[k] for k in tables], free=free)
        strong_l, weak_l = block.shift(strong), block.shift(weak)
        # Weak links may join unrelated tables; if they make the component contradict itself,
        # drop them, then the strong ones, then audit each table alone. Unions first, alone.
        every_link = np.concatenate([strong_l, weak_l])
        attempts = [(every_link, len(weak_l), False)]
        by_union: list[tuple[int, np.ndarray]] = []  # each union's id and links
        if union:
            union_l = block.shift(union)
            by_union = self._union_groups(union, union_l)
            attempts = [(np.concatenate([strong_l, union_l, weak_l]), len(weak_l), True),
                        *attempts]
            if len(weak_l):
                attempts.append((np.concatenate([strong_l, union_l]), 0, True))
        kept_unions = [u for u, _ in by_union]
        if len(weak_l):
            attempts.append((strong_l, 0, False))
        contradicted = False
        # the links the exact reading contradicts, read with exponent numbers as intervals
        printed: tuple[np.ndarray, dict[int, Interval]] | None = None
        # each union that fits the component alone, with its links and intervals, where
        # the unions contradict together (None: not tried); ``undecided``: those that fit
        # alone but not together (each a ``review``, the tables SDC402); ``partial``: a
        # union that contradicts alone, read without one of its part tables (a forged row,
        # or another population's) where that fits (each a ``review``)
        fitting: list[tuple[int, np.ndarray, dict[int, Interval]]] | None = None
        undecided: list[tuple[int, np.ndarray, dict[int, Interval]]] = []
        partial: list[tuple[int, np.ndarray, dict[int, Interval]]] = []
        n_try = 0
        while n_try < len(attempts):
            links, n_weak, with_union = attempts[n_try]
            n_try += 1
            try:
                intervals = block.audit(links)
            except InfeasibleSystemError:
                if with_union and not contradicted:
                    # the unions contradict: each is left out that contradicts alone (a
                    # totals line of other people, or a forged one, drops no other union)
                    if fitting is None:
                        fitting, partial, wholes = _unions_alone(block, strong_l, weak_l,
                                                                 by_union)
                        done.undecided_wholes.extend(tables[j] for j in wholes)
                        if fitting and len(fitting) < len(by_union):
                            attempts.insert(n_try, (np.concatenate(
                                [strong_l, *(f for _, f, _ in fitting), weak_l]),
                                len(weak_l), True))
                            kept_unions = [u for u, _, _ in fitting]
                        else:
                            undecided = fitting
                    elif fitting:
                        undecided = fitting  # the unions that fit alone, not together
                    continue
                contradicted = True
                if printed is None:
                    widened = block.audit_printed_intervals(links)
                    printed = None if widened is None else (links, widened)
                continue
            first_weak = block.n_equations + len(links) - n_weak
            # a cell a union bounds has no derivation where the remainder's bound decides
            # (North/F in [0, 4]): it names the cells the unions read
            by_unions = self._union_related(kept_unions) if with_union else []
            # every variable's table and index at once (a searchsorted per hidden cell was a
            # tenth of a release of a hundred long tables' audit)
            for (var, interval), (j, i) in zip(intervals.items(), block.where_all(intervals),
                                               strict=True):
                if interval.derivation is not None:
                    weak_used = any(e >= first_weak for e in interval.derivation)
                else:
                    weak_used = n_weak > 0
                related = block.related(var, interval, links)
                done.cells.append((tables[j], i, interval, related or by_unions, weak_used))
            if contradicted:
                _each_pair_alone(block, links, every_link, tables, done,
                                 report=printed is None)
            undecided = [] if with_union else undecided
            if undecided or partial:
                # unions that each fit alone contradict together, or a union fits only
                # without one of its part tables: which totals line is the rows', or which
                # rows it sums, is not decided, so each one's narrower cells are ``review``
                # (a forged totals line or row cannot unlink the union that pins a cell);
                # unions that contradict each other make the tables SDC402 too
                at = {(k, i): n for n, (k, i, *_) in enumerate(done.cells)}
                for _, fit_links, fit_intervals in undecided + partial:
                    _keep_narrower(block, tables, done, at, fit_intervals,
                                   np.concatenate([links, fit_links]))
                if undecided:
                    done.contradicted.append(list(tables))
            if printed is not None:
                _keep_printed(block, tables, done, *printed)
            if constants:
                _through_constants(block, links, tables, constants, done,
                                   slack=self.slack, strong=strong_l)
            if self.levels is not None:
                for found in block.insiders(links, self.levels):
                    (j, i), (js, s) = block.where(found.target), block.where(found.insider)
                    also = [(tables[ja], a) for ja, a in map(block.where, found.also)]
                    done.insiders.append((tables[j], i, tables[js], s, found.interval,
                                          n_weak > 0, also))
            kept = strong + ([link for link, u in zip(union or [], self._union_ids(union or []),
                                                      strict=True) if u in kept_unions]
                             if with_union else [])
            return kept + weak if n_weak else kept
        from sdc.audit import audit  # the solver: scipy and HiGHS (not for bounds alone)

        for k, ts in zip(tables, systems, strict=True):
            try:
                intervals = audit(ts.system)
            except InfeasibleSystemError:
                done.infeasible.append(k)  # no suppressed values fit its totals: SDC402
                continue
            alone = _ComponentBlock([ts], [0])
            no_links = np.zeros((0, 2), dtype=np.int64)
            for var, interval in intervals.items():
                done.cells.append((k, var, interval, alone.related(var, interval, no_links),
                                   False))
            if constants and constants.get(k):
                # other tables' numbers still pin this one's unknowns: a table that contradicts
                # itself in the component must not drop them (young/Male given back as 0 by
                # another table's Male 0 passed beside a table whose row total its cells miss)
                _through_constants(alone, no_links, [k], constants, done, slack=self.slack)
        if len(every_link):
            # (a table that contradicts itself is SDC402 already, and explains the rest; links
            # that hold with exponent numbers read as intervals are no contradiction)
            _each_pair_alone(block, every_link[:0], every_link, tables, done,
                             report=printed is None and not set(done.infeasible) & set(tables))
        if printed is not None:
            _keep_printed(block, tables, done, *printed)
        return None


@contextmanager
def _without_means(systems: list[TableSystem]) -> Iterator[None]:
    """``systems``' bounds as they were before the release's means narrowed them
    (``TableSystem.before_means``), while the block is read again: bounds from the means
    that the linked tables contradict are not of the counts printed (a mean over fewer units
    than its count, or another population), and say nothing sound; the audit then reads the
    tables as if no mean were printed, and SDC402 says why (round 35)."""
    held = [(ts, ts.lower, ts.upper) for ts in systems]
    try:
        for ts in systems:  # copies: the bounds may be shared, or read-only arrays
            lower, upper = [float(v) for v in ts.lower], [float(v) for v in ts.upper]
            for var, lo, hi in ts.before_means:
                lower[var], upper[var] = lo, hi
            ts.lower, ts.upper = lower, upper
        yield
    finally:
        for ts, was_lower, was_upper in held:
            ts.lower, ts.upper = was_lower, was_upper


def _keep_printed(block: _ComponentBlock, tables: list[int], done: _ComponentResult,
                  links: np.ndarray, found: dict[int, Interval]) -> None:
    """The hidden cells ``found`` over ``links`` with exponent numbers read as intervals
    (``_ComponentBlock.audit_printed_intervals``), each kept in ``done`` where narrower, marked
    weak: a try over links that do not hold exactly. Only added to the exact reading's, never in
    its place: widened, R's exact ``1e+05`` would give back a hidden cell strong links pinned
    (a decoy that contradicts a weak link would make the audit widen it)."""
    at = {(k, i): n for n, (k, i, *_) in enumerate(done.cells)}
    _keep_narrower(block, tables, done, at, found, links)


def _each_pair_alone(block: _ComponentBlock, kept: np.ndarray, every_link: np.ndarray,
                     tables: list[int], done: _ComponentResult, report: bool = True) -> None:
    """The component's links contradict each other, so the audit kept fewer (``kept``; none
    when even the strong ones contradict): each pair of tables' links is now tried alone over
    ``kept``, and a hidden cell narrower so is replaced in ``done``, marked weak (``review``:
    the links do not all hold). Dropping every link at once let one decoy table that
    contradicts the release (a second panel whose totals no cells can reach) unlink a margin
    that gives a hidden cell back: the release passed (hunt8, issue 12). The pairs whose links
    cannot hold even alone are put in ``done.contradicted`` (SDC402 names them), or, when every
    pair holds alone, all the component's tables."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError

    tables_of = np.searchsorted(block.first_var, every_link, side="right") - 1
    pairs = np.sort(tables_of, axis=1)
    kept_rows = {(int(a), int(b)) for a, b in kept.tolist()}
    at = {(k, i): n for n, (k, i, *_) in enumerate(done.cells)}
    failing: list[list[int]] = []
    for pair in np.unique(pairs, axis=0).tolist():
        rows = every_link[(pairs[:, 0] == pair[0]) & (pairs[:, 1] == pair[1])]
        if all((int(a), int(b)) in kept_rows for a, b in rows.tolist()):
            continue  # kept already
        links = np.concatenate([kept, rows])
        try:
            intervals = block.audit(links)
        except InfeasibleSystemError:
            failing.append([tables[pair[0]], tables[pair[1]]])
            continue
        _keep_narrower(block, tables, done, at, intervals, links)
    if report:
        done.contradicted.extend(failing or [list(tables)])


def _unions_alone(block: _ComponentBlock, strong: np.ndarray, weak: np.ndarray,
                  by_union: list[tuple[int, np.ndarray]]
                  ) -> tuple[list[tuple[int, np.ndarray, dict[int, Interval]]],
                             list[tuple[int, np.ndarray, dict[int, Interval]]], list[int]]:
    """Each union (its id and links, ``by_union``) that fits the component's ``strong`` and
    ``weak`` links alone, with its id, links and the audit's intervals so: a union that
    contradicts alone is no union of these rows (another population's totals, or forged).
    And, for each union that contradicts alone, the union without one of its part tables
    where that fits (its id, those links and intervals): the one table may be forged, or
    count other people, and the other parts still sum to no more than the whole (a forged
    row of huge numbers switched the union off, and the hidden cell it pins passed).

    Where no such union fits (two forged part tables, round 40), the union over the part
    tables that each fit the whole alone: a set of part tables that fits holds none that
    contradicts alone (adding a part only adds a count >= 0 to the whole's left side), so
    where that union fits it is the narrowest reading of any set, and its cells are kept as
    ``partial`` too. Where it does not fit, which of the tables the whole totals is not
    decided without trying every set: the whole's block table is returned (the third list;
    SDC402 asks a person to look at it, so no reader of the passed outputs has the whole).
    Where no part table fits alone, no set does: the whole totals none of them, and the
    union is left out (another population's smaller totals: main's reading). Each step is
    one audit a part table, so a union costs at most twice its part tables' audits."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError

    def fits(links: np.ndarray) -> dict[int, Interval] | None:
        try:
            return block.audit(np.concatenate([strong, links, weak]))
        except InfeasibleSystemError:
            return None

    found, partial, wholes = [], [], []
    for u, links in by_union:
        got = fits(links) if len(by_union) > 1 else None  # one union: it failed already
        if got is not None:
            found.append((u, links, got))
            continue
        parts, whole = links[:-1], links[-1:]  # each part's link, then the whole's
        of_table = np.asarray([block.where(int(a))[0] for a in parts[:, 0].tolist()])
        tables = list(dict.fromkeys(of_table.tolist()))
        if len(tables) < 2:
            continue  # the parts of one table: without it no union is left
        dropped = 0
        for j in tables:
            without = np.concatenate([parts[of_table != j], whole])
            got = fits(without)
            if got is not None:
                partial.append((u, without, got))
                dropped += 1
        if dropped or len(tables) < 3:
            continue  # (two tables: each alone was tried just now)
        alone = []
        for j in tables:
            one = np.concatenate([parts[of_table == j], whole])
            got = fits(one)
            if got is not None:
                alone.append((j, one, got))
        if not alone:
            continue
        if len(alone) == 1:  # the one set that fits: read (as a single drop of two)
            partial.append((u, *alone[0][1:]))
            continue
        kept = np.concatenate([parts[np.isin(of_table, [j for j, *_ in alone])], whole])
        # (every table fitting alone: their union is the one that contradicted)
        got = fits(kept) if len(alone) < len(tables) else None
        if got is not None:
            partial.append((u, kept, got))
        else:
            wholes.append(block.where(int(whole[0, 0]))[0])
    return found, partial, wholes


def _keep_narrower(block: _ComponentBlock, tables: list[int], done: _ComponentResult,
                   at: dict[tuple[int, int], int], found: dict[int, Interval],
                   used: np.ndarray, cited: list[_Publisher] | None = None) -> None:
    """Replace in ``done`` (``at``: its index by table and cell) each cell ``found`` narrower
    than before, marked weak: a try over links or constants that do not all hold. ``cited``:
    the cells publishing the constants of the try (it is narrower because of them), named
    after the cells of its derivation."""
    for var, interval in found.items():
        j, i = block.where(var)
        n = at.get((tables[j], i))
        if n is not None and interval.width < done.cells[n][2].width - 1e-9:
            related = block.related(var, interval, used)
            for publisher in cited or ():  # named here, where one is cited
                cell = publisher.location()
                if cell is not None and cell not in related:
                    related.append(cell)
            done.cells[n] = (tables[j], i, interval, related, True)


def _parts(tables: list[int], offsets: list[int], strong: list[tuple[int, int]],
           weak: list[tuple[int, int]], union: list[tuple[int, int]]
           ) -> list[tuple[list[int], list[tuple[int, int]], list[tuple[int, int]],
                           list[tuple[int, int]]]]:
    """The tables of a component joined by ``strong``, ``weak`` and ``union`` links (global
    variables), each part with its own links: the component as its wild links alone did not
    join it."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    starts = np.asarray([offsets[k] for k in tables], dtype=np.int64)
    order = np.argsort(starts, kind="stable")

    def position(var: int) -> int:
        return int(order[np.searchsorted(starts[order], var, side="right") - 1])

    ends = [(position(a), position(b)) for a, b in strong + weak + union]
    graph = sp.coo_matrix((np.ones(len(ends)), ([a for a, _ in ends], [b for _, b in ends])),
                          shape=(len(tables), len(tables)))
    label = connected_components(graph, directed=False)[1].tolist()
    parts: dict[int, tuple[list[int], list[tuple[int, int]], list[tuple[int, int]],
                           list[tuple[int, int]]]] = {}
    for j, k in enumerate(tables):
        parts.setdefault(label[j], ([], [], [], []))[0].append(k)
    at = 0
    for n, links in ((1, strong), (2, weak), (3, union)):
        for (a, b), (ja, _) in zip(links, ends[at:at + len(links)], strict=True):
            cast(list[tuple[int, int]], parts[label[ja]][n]).append((a, b))
        at += len(links)
    return list(parts.values())


def _printed_halves(constants: dict[int, list[tuple[int, tuple[tuple[float, int, int], ...]]]],
                    systems: list[TableSystem]) -> _Constants:
    """Each published constant with the half unit its table prints it to: a number printed in
    exponent notation (``2.17e+03``) is 2,170 to the nearest 10, and taken exactly a margin
    the table's own cells exceed (2,172 shown, one hidden) was refused as another population's
    and the hidden cell it pins passed (issue 12). Only the publishing tables are scanned, and
    a table with no ``e`` in its texts in one pass (``sdc.exponent_bounds``). And the location
    of the cell that publishes it: a hidden cell the number pins names it among the cells it
    is recomputed from (``related``), where it read as if its own table's cells alone gave it
    (a practice's hidden count "recomputed from" two cells of 15 and 20 as 17: the 52 was
    another table's total)."""
    from sdc.exponent_bounds import printed_halves

    sources = {source for pins in constants.values() for _, published in pins
               for _, source, _ in published}
    halves = {source: printed_halves(systems[source]) for source in sorted(sources)}
    # a key's published pairs are one tuple shared by every table that asks for it
    # (``published_constants``): each read once, its publishers shared too (~55,000 made
    # for ~1,000 tables, in the linking no other core shares)
    made: dict[int, tuple[tuple[float, int, float, _Publisher], ...]] = {}

    def with_halves(published: tuple[tuple[float, int, int], ...]
                    ) -> tuple[tuple[float, int, float, _Publisher], ...]:
        got = made.get(id(published))  # (each held by ``constants`` until this returns)
        if got is None:
            got = made[id(published)] = tuple(
                (value, source, halves[source].get(value, 0.0), _Publisher(systems, source, at))
                for value, source, at in published)
        return got

    return {k: [(var, with_halves(published)) for var, published in pins]
            for k, pins in constants.items()}


class _Publisher:
    """The cell that publishes a constant, named (``location``) only when a hidden cell the
    constant narrows cites it: a release of 1,000 tables has ~55,000 constants and few cite,
    and each location made from a let-go model's form at once was ~10% of the parent's work
    under ``-j 2`` (issue 14 §4). Read in the audit's pool too: a forked worker inherits it
    (``sdc.pool.ordered_map``), nothing of it is sent."""

    __slots__ = ("at", "named", "source", "systems")

    def __init__(self, systems: list[TableSystem], source: int, at: int) -> None:
        self.systems = systems
        self.source = source
        self.at = at
        self.named: tuple[Location | None] | None = None  # the location, once made

    def location(self) -> Location | None:
        """The publishing cell's location (None: a virtual total, no cell), made once."""
        if self.named is None:
            cell = self.systems[self.source].cell(self.at)
            self.named = (None if cell is None
                          else self.systems[self.source].output.location(cell),)
        return self.named[0]


def _through_constants(block: _ComponentBlock, links: np.ndarray, tables: list[int],
                       constants: _Constants, done: _ComponentResult,
                       wild: np.ndarray | None = None, *, slack: float = 0.0,
                       strong: np.ndarray | None = None) -> None:
    """The component's hidden cells again, with its ``wild`` links added (a table with no
    grand total's pairs of unknown cells, ``sdc.linking.links_and_constants``) and with one
    unknown of it set at a time to a number another table publishes under its key
    (:func:`sdc.linking.published_constants`): a cell narrower so is replaced in ``done`` by
    that interval, marked weak (the tables share only labels). Wild links that make the
    component contradict itself are dropped, as weak links are. A table one of whose numbers
    a table's totals cannot take gives that table none (as a weak link that contradicts is
    dropped: it counts another population), the others still its numbers. Of the values left
    for one unknown only the lowest and highest are tried: with one variable fixed at ``v``, a
    cell's highest value is concave in ``v`` and its lowest convex (parametric linear
    programs), so its width and each bound are at their most telling at an end of any range
    of ``v``.

    ``slack``: under a rounding policy a published count ``v`` is the true one rounded, so an
    unknown is set not to ``v`` but to ``[v - slack, v + slack]`` (its bounds, no equation), as
    a link would give it the other table's rounding interval; a number fits when that interval
    meets the unknown's range. Taken exactly, a rounded margin 50 under cells shown 30 and 25
    (true 28 and 23) was refused as another population's, and the hidden cell that it leaves
    in [0, 1] passed (hunt8, issue 12)."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError, audit_matrix

    pins = [(int(block.first_var[j]) + var, value, source, half)
            for j, k in enumerate(tables) for var, published in constants.get(k, [])
            for value, source, half, _ in published]
    # the cells that publish each pinned number: a cell a pin narrows names them
    sources: dict[tuple[int, float], list[_Publisher]] = defaultdict(list)
    for j, k in enumerate(tables):
        for var, published in constants.get(k, []):
            for value, _, _, cell in published:
                sources[int(block.first_var[j]) + var, value].append(cell)
    wild = np.zeros((0, 2), dtype=np.int64) if wild is None else wild
    if not pins and not len(wild):
        return
    targets = block.targets.tolist()
    at = {(k, i): n for n, (k, i, *_) in enumerate(done.cells)}

    def narrower(found: dict[int, Interval], used: np.ndarray,
                 pinned: list[tuple[int, float, float]] | None = None) -> None:
        cited = [cell for var, value, _ in pinned or () for cell in sources.get((var, value), ())]
        _keep_narrower(block, tables, done, at, found, used, cited)

    pinned_vars = sorted({p[0] for p in pins})
    seen = SeenTries()  # the tries made, as questions (``sdc.rules.equal_tries``)
    # the systems a pin is tried over, each with the pinned unknowns' ranges over it: with the
    # wild links where they hold together, then without them (``links`` alone); then, where
    # ``links`` hold weak ones, over the strong links alone with and without the wild ones
    # (as weak links that contradict are tried a pair of tables at a time over the strong
    # ones: t0's margins, weakly linked with t3, made t3's Male 16 and the wild link with
    # t2's Male sum (21 + y) contradict, and t2's Female sum 16, which with it gives y = 13,
    # was never tried; the weak links as links found it. Issue 12, wild3)
    bases = [links]
    if strong is not None and len(strong) < len(links):
        bases.append(strong)
    systems: list[tuple[sp.csr_matrix, np.ndarray, np.ndarray, dict[int, Interval] | None]] = []
    for n, base in enumerate(bases):
        if len(wild):
            joined = np.concatenate([base, wild])
            a, rhs = block.system(joined)
            try:
                ranges = audit_matrix(a, rhs, block.lower, block.upper,
                                      sorted({*targets, *pinned_vars}))
                narrower(ranges, joined)
                systems.append((a, rhs, joined, ranges))
            except InfeasibleSystemError:
                # each pair of tables' wild links alone, as links that contradict are tried: a
                # decoy whose hidden cell cannot equal the others' (Female 1 beside two
                # tables' Female 0) dropped them all, and a hidden cell one of them gives
                # back passed
                _each_pair_alone(block, base, joined, tables, done, report=n == 0)
                if pins:
                    _each_pair_with_its_constants(block, base, wild, pins, tables, targets,
                                                  slack, narrower, seen)
        if not pins:
            continue
        a, rhs = block.system(base)
        try:
            ranges = audit_matrix(a, rhs, block.lower, block.upper, pinned_vars)
            systems.append((a, rhs, base, ranges))
        except InfeasibleSystemError:  # a part whose own totals fit no hidden values (SDC402)
            continue
    if not pins or not systems:
        return
    # whether a number fits is judged over each system: without the wild links too, as each
    # links the wild table with one other table (as a constant does) and the two are not one
    # claim. Judged only with them, c's hidden Male (1 by its total) made a's Male sum 1, b's
    # Male 0 no fit and b another population: its Female 1, which gives a's hidden old
    # Female (0), was never tried (issue 12, wild3). The tries judged with them are kept, so
    # no end of a range tried before is lost
    tries: list[list[tuple[int, float, float]]] = []
    for *_, fitted in systems:
        if fitted is None:
            continue
        for pinned in _constant_tries(block, pins, fitted, slack):
            if pinned not in tries:
                tries.append(pinned)
    classes = [SeenTries.classes(block.n_vars, used) for _, _, used, _ in systems]
    for pinned in tries:
        if not seen.first_time(classes, pinned):
            continue  # the same question as a try made before (another copy's unknown)
        # over the wild links first; a pin they contradict is tried without them (as a weak
        # link that contradicts the others is tried with its own pair of tables alone)
        for a, rhs, used, _ in systems:
            try:
                found = _pinned_audit(a, rhs, block, pinned, targets)
            except InfeasibleSystemError:
                continue
            narrower(found, used, pinned)
            break


def _each_pair_with_its_constants(block: _ComponentBlock, base: np.ndarray, wild: np.ndarray,
                                  pins: list[tuple[int, float, int, float]], tables: list[int],
                                  targets: list[int], slack: float,
                                  narrower: Callable[[dict[int, Interval], np.ndarray,
                                                      list[tuple[int, float, float]] | None],
                                                     None],
                                  seen: SeenTries) -> None:
    """The wild links contradict each other: each pair of tables they join is tried alone over
    ``base`` with its own wild links *and* the numbers one of the two publishes for the
    other's unknowns, as the weak links of that pair would be. Tried alone without those
    numbers (``_each_pair_alone``), and the numbers only over ``base`` without the pair's wild
    links, a hidden cell the two give back together passed: ``t2`` (no grand total) with its
    Male sum wild-linked to ``t3``'s hidden Male, and its published Female sum a constant of
    ``t3``'s hidden Female, while ``t3``'s Total then leaves t2's hidden Male 4 (hunt12,
    issue 12; decoys ``t0``/``t4`` made the wild links contradict)."""
    import numpy as np

    from sdc.audit import InfeasibleSystemError, audit_matrix

    tables_of = np.searchsorted(block.first_var, wild, side="right") - 1
    pairs = np.sort(tables_of, axis=1)
    # each pin's table (in the block), and the pins of each table in order, found once: a
    # search per pin for every pair was ~22 M searches, most of a ``--ledger`` check's audit
    # beside 251 released tables (round 42, ledger42)
    pin_table = [j for j, _ in block.where_all(pin[0] for pin in pins)] if pins else []
    of_table: dict[int, list[int]] = defaultdict(list)
    for n, j in enumerate(pin_table):
        of_table[j].append(n)
    for pair in np.unique(pairs, axis=0).tolist():
        ends = {tables[pair[0]], tables[pair[1]]}
        own = [pins[n] for n in sorted({*of_table.get(pair[0], ()), *of_table.get(pair[1], ())})
               if pins[n][2] in ends and pins[n][2] != tables[pin_table[n]]]
        if not own:
            continue
        joined = np.concatenate([base, wild[(pairs[:, 0] == pair[0]) & (pairs[:, 1] == pair[1])]])
        a, rhs = block.system(joined)
        try:
            ranges = audit_matrix(a, rhs, block.lower, block.upper,
                                  sorted({pin[0] for pin in own}))
        except InfeasibleSystemError:
            continue
        classes = [SeenTries.classes(block.n_vars, joined)]
        for pinned in _constant_tries(block, own, ranges, slack):
            if not seen.first_time(classes, pinned):
                continue  # asked over the same classes before (another copy's pair)
            try:
                found = _pinned_audit(a, rhs, block, pinned, targets)
            except InfeasibleSystemError:
                continue
            narrower(found, joined, pinned)


def _constant_tries(block: _ComponentBlock, pins: list[tuple[int, float, int, float]],
                    ranges: dict[int, Interval], slack: float
                    ) -> list[list[tuple[int, float, float]]]:
    """The pins ``(var, value, source, half)`` to try, each as ``(var, value, width)``, of the
    numbers that fit the unknowns' ``ranges`` (:func:`_through_constants`)."""

    def fits(var: int, value: float, width: float) -> bool:
        lo, hi = ranges[var].lo, ranges[var].hi
        tolerance = 1e-6 * max(1.0, abs(value)) + width
        return lo - tolerance <= value <= hi + tolerance

    def width_of(var: int, value: float, half: float) -> float | None:
        """How far the unknown may be from ``value``: the rounding policy's slack where the
        number fits so (taken exactly, R's ``1e+05`` is), else its printed half unit where it
        is in exponent notation and fits within it; None: it does not fit (another
        population's)."""
        if fits(var, value, slack):
            return slack
        if half > slack and fits(var, value, half):
            return half
        return None

    # a source table one of whose numbers a table cannot take counts another population than
    # that table's, not than every table's: a decoy that contradicts the source (t2's hidden
    # Female 0 against t1's 1) made t1's number for t0's Female dropped too, and t0's hidden
    # cell it gives back passed
    widths = {(var, value, source): width_of(var, value, half)
              for var, value, source, half in pins}
    other_population = {(source, block.where(var)[0])
                        for (var, value, source), width in widths.items() if width is None}
    values: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for (var, value, source), width in widths.items():
        if (source, block.where(var)[0]) not in other_population:
            values[var].append((value, width or 0.0))
    tries = [[(var, *pin)] for var, held in sorted(values.items())
             for pin in sorted({min(held), max(held)})]
    if len(values) > 1 and all(min(held)[0] == max(held)[0] for held in values.values()):
        # every table gives each unknown the same number: all of them at once, as weak links
        # to all those tables would (a cell their sums give only together)
        tries.append([(var, *max(held, key=lambda pin: pin[1]))
                      for var, held in sorted(values.items())])
    return tries


def _pinned_audit(a: sp.csr_matrix, rhs: np.ndarray, block: _ComponentBlock,
                  pinned: list[tuple[int, float, float]], targets: list[int]
                  ) -> dict[int, Interval]:
    """The targets' intervals over ``a x = rhs`` with each pinned unknown ``(var, value,
    width)`` set to ``value`` (within ``width`` of it where that is not 0)."""
    import numpy as np
    import scipy.sparse as sp

    from sdc.audit import audit_matrix

    if any(width for _, _, width in pinned):
        return _within_rounding(a, rhs, block, pinned, targets)
    rows = sp.csr_matrix((np.ones(len(pinned)), (np.arange(len(pinned)),
                                                  [var for var, _, _ in pinned])),
                         shape=(len(pinned), block.n_vars))
    return audit_matrix(sp.vstack([a, rows], format="csr"),
                        np.append(rhs, [value for _, value, _ in pinned]),
                        block.lower, block.upper, targets)


def _within_rounding(a: sp.csr_matrix, rhs: np.ndarray, block: _ComponentBlock,
                     pinned: list[tuple[int, float, float]], targets: list[int]
                     ) -> dict[int, Interval]:
    """The targets' intervals with each pinned unknown ``(var, value, width)`` bounded to its
    published value's rounding interval ``[value - width, value + width]`` (within its own
    bounds): the policy's rounding, or the half unit of a number printed in exponent
    notation."""
    from sdc.audit import InfeasibleSystemError, audit_matrix

    lower, upper = block.lower.copy(), block.upper.copy()
    for var, value, width in pinned:
        lower[var] = max(lower[var], value - width)
        upper[var] = min(upper[var], value + width)
        if lower[var] > upper[var]:
            raise InfeasibleSystemError("the rounding interval misses the unknown's bounds")
    return audit_matrix(a, rhs, lower, upper, targets)


@dataclass
class _ComponentResult:
    """What auditing one component found, by table index (``_Audit.systems``) and cell index:
    ``cells`` as ``(table, cell, interval, related, weak)``, solver failures, tables no hidden
    values fit, and crashes with their description."""

    cells: list[tuple[int, int, Interval, list[Location], bool]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    infeasible: list[int] = field(default_factory=list)
    # components whose links cannot all hold (some dropped), each as its tables
    contradicted: list[list[int]] = field(default_factory=list)
    crashed: list[tuple[int, str]] = field(default_factory=list)
    # tables whose means' bounds contradicted the component: read without them (SDC402)
    means_dropped: list[int] = field(default_factory=list)
    # the tables of wholes whose union contradicts, and no set of its part tables the
    # audit tried fits with the rest (``_unions_alone``): not decided, SDC402
    undecided_wholes: list[int] = field(default_factory=list)
    # (table, cell, insider's table, insider's cell, interval, weak, the respondent's other
    # cells as (table, cell)): ``InsiderCell``
    insiders: list[tuple[int, int, int, int, Interval, bool, list[tuple[int, int]]]] = field(
        default_factory=list)
    # each of ``cells``' row and column in its file (``cell_place``: the audit's order),
    # read where the component was audited: a worker's half then costs the parent nothing
    # in the sort after the pool, where it ran alone (round 36: 13,635 cells, ~0.03 s)
    # (an ``array('q')`` of each row then column when they are ints: ``_places``)
    places: array[int] | list[tuple[int, int]] = field(default_factory=list)


def _table_dtype(n_tables: int) -> Any:
    """The smallest signed integer type numbering ``n_tables`` tables: each variable's table
    (``owner``, held through every component) in 2 bytes, not 8 (60,000 variables a 1 MiB
    long table, issue 14 §3)."""
    import numpy as np

    for dtype in (np.int16, np.int32):
        if n_tables <= np.iinfo(dtype).max:
            return dtype
    return np.int64


def _places(pairs: Iterable[tuple[int, int]]) -> array[int] | list[tuple[int, int]]:
    """Cells' rows and columns (``cell_place``) packed in one ``array('q')``, row then column
    (16 bytes a cell, not a tuple and its two ints); a list of the pairs as they are when one
    is not an int that fits."""
    pairs = list(pairs)
    try:
        return array("q", itertools.chain.from_iterable(pairs))
    except (TypeError, OverflowError):
        return pairs


class _CellOrder:
    """The audited cells' order, component after component: each cell's table, then its row
    and column in its file (``_ComponentResult.places``), compared as the tuple
    ``(k, row, col)`` in a stable sort. Held as one flat ``array('q')`` of those triples
    (24 bytes a cell, not a tuple of three ints: ~60 bytes) while every component's cells
    come in; as the tuples once a place is not ints (``_places`` kept them as they are)."""

    def __init__(self) -> None:
        self.flat: array[int] | None = array("q")
        self.keys: list[tuple[int, ...]] = []

    def add(self, tables: list[int], places: array[int] | list[tuple[int, int]]) -> None:
        """One component's cells: their tables, and their places as ``_places`` gave them."""
        if len(places) != (2 * len(tables) if isinstance(places, array) else len(tables)):
            raise ValueError("each audited cell needs its one place")
        if self.flat is not None and isinstance(places, array):
            import numpy as np

            triples = np.empty((len(tables), 3), dtype=np.int64)
            triples[:, 0] = tables
            triples[:, 1:] = np.frombuffer(places, dtype=np.int64).reshape(-1, 2)
            self.flat.frombytes(triples.tobytes())
            return
        if self.flat is not None:
            flat, self.flat = self.flat, None
            self.keys = [tuple(flat[at:at + 3]) for at in range(0, len(flat), 3)]
        if isinstance(places, array):
            places = [(places[at], places[at + 1]) for at in range(0, len(places), 2)]
        self.keys.extend((k, *place) for k, place in zip(tables, places, strict=True))

    def ranked(self) -> list[int]:
        """The cells' indexes in order: by table, then row, then column, ties as they came."""
        if self.flat is None:
            keys = self.keys
            return sorted(range(len(keys)), key=keys.__getitem__)
        import numpy as np

        triples = np.frombuffer(self.flat, dtype=np.int64).reshape(-1, 3)
        ranked = np.arange(len(triples))
        for column in (2, 1, 0):  # last key first, each sort stable: the tuples' order
            ranked = ranked[np.argsort(triples[ranked, column], kind="stable")]
        return ranked.tolist()


class _ComponentBlock:
    """The tables of one linked component as one sparse system: each table's equations a
    diagonal block (``scipy.sparse.block_diag``), the links rows ``x_a - x_b = 0`` below them.

    Nothing is kept per variable or per equation in Python objects: a linked release has
    hundreds of thousands of cells, and lists of dictionaries of them cost more memory than
    the audit itself. Equation ``e`` of the system is equation ``e - first_eq[j]`` of table
    ``j`` (the first that many), then link ``e - n_equations``.
    """

    def __init__(self, systems: list[TableSystem], global_offsets: list[int], *,
                 free: bool = False) -> None:
        import numpy as np

        self.systems = systems
        sizes = [ts.n_vars for ts in systems]
        self.first_var = np.cumsum([0, *sizes])[:-1].astype(np.int64)
        self.n_vars = int(sum(sizes))
        # ``free``: the tables' equations left out (each is a free line total, unlinked)
        counts = [0 if free else len(ts.equation_cells) for ts in systems]
        self.first_eq = np.cumsum([0, *counts])[:-1].astype(np.int64)
        self.n_equations = int(sum(counts))
        # None: no equation at all (a long table with no totals), and no sparse matrix built:
        # with no link either its audit is its cells' bounds, and scipy is never imported
        self.a: sp.csr_matrix | None = None
        self.rhs = np.zeros(0)
        if self.n_equations:
            import scipy.sparse as sp

            # straight from each table's equations: no LinearSystem (a dict per equation)
            matrices = [(sp.csr_matrix((0, ts.n_vars)), np.zeros(0)) if free else ts.matrix()
                        for ts in systems]
            self.a = sp.block_diag([m for m, _ in matrices], format="csr")
            self.rhs = np.concatenate([r for _, r in matrices])
        bounds = [ts.bounds() for ts in systems]
        self.lower = np.concatenate([lower for lower, _ in bounds])
        self.upper = np.concatenate([upper for _, upper in bounds])
        del bounds
        self.targets = np.concatenate([np.asarray(ts.suppressed, dtype=np.int64) + off
                                       for ts, off in zip(systems, self.first_var, strict=True)])
        # global variable -> this block's variable: the table is the last whose global offset
        # is not above it (tables need not be in offset order)
        starts = np.asarray(global_offsets, dtype=np.int64)
        order = np.argsort(starts, kind="stable")
        self._global_first = starts[order]
        self._delta = (self.first_var - starts)[order]

    def shift(self, links: list[tuple[int, int]]) -> np.ndarray:
        """Links between global variables, as this block's variables (an ``(n, 2)`` array)."""
        import numpy as np

        ends = np.asarray(links, dtype=np.int64).reshape(-1, 2)
        return ends + self._delta[np.searchsorted(self._global_first, ends, side="right") - 1]

    def system(self, links: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        """The tables' equations and ``x_a - x_b = 0`` for every link, as ``a @ x = rhs``."""
        import numpy as np
        import scipy.sparse as sp

        ends = links
        rows = np.repeat(np.arange(len(ends), dtype=np.int64), 2)
        coefs = np.tile(np.array([1.0, -1.0]), len(ends))
        link_rows = sp.csr_matrix((coefs, (rows, ends.ravel())), shape=(len(ends), self.n_vars))
        a = sp.vstack([self.a, link_rows], format="csr") if self.a is not None else link_rows
        return a, np.concatenate([self.rhs, np.zeros(len(ends))])

    def audit(self, links: np.ndarray) -> dict[int, Interval]:
        """The audit of the tables' equations and ``x_a - x_b = 0`` for every link."""
        if self.a is None and not len(links):  # no equation: each cell has its bounds
            from sdc.audit.intervals import bounds_audit

            return bounds_audit(self.lower, self.upper, self.targets.tolist())
        from sdc.audit import audit_matrix

        a, rhs = self.system(links)
        return audit_matrix(a, rhs, self.lower, self.upper, self.targets.tolist())

    def audit_printed_intervals(self, links: np.ndarray) -> dict[int, Interval] | None:
        """The audit with ``links`` once more, each number printed in exponent notation read
        as the interval it prints (as ``sdc.exponent_bounds`` reads one table), where the exact
        reading contradicts them: a margin printed ``2.17e+03`` in one table over another's
        cells adding to 2,172 made the links contradict, they were dropped, and the hidden cell
        the margin gives back passed (issue 12). The block's bounds are left as they are. None
        when nothing is printed so, or the links contradict even so."""
        from sdc.audit import InfeasibleSystemError, audit_matrix
        from sdc.exponent_bounds import exponent_cells, widened

        lower, upper = self.lower, self.upper
        for ts, first in zip(self.systems, self.first_var.tolist(), strict=True):
            printed = exponent_cells(ts)
            if printed:
                lower, upper = widened(lower, upper, printed, first)
        if lower is self.lower:
            return None
        a, rhs = self.system(links)
        try:
            return audit_matrix(a, rhs, lower, upper, self.targets.tolist())
        except InfeasibleSystemError:
            return None

    def insiders(self, links: np.ndarray, levels: DominanceLevels) -> list[InsiderInterval]:
        """What the largest contributor of each hidden sensitive cell derives for the other
        hidden sensitive cells of its lines (nothing, at no cost, without two such cells)."""
        from sdc.rules.insiders import insider_bounds, insider_intervals

        if all(ts.measure.role is not Role.MAGNITUDE for ts in self.systems):
            return []  # counts: no contributor knows a share of a hidden count (no cost)
        hidden = {}
        for var in self.targets.tolist():
            j, i = self.where(var)
            cell = self.systems[j].cell(i)
            if cell is not None and insider_bounds(cell) is not None:
                hidden[var] = cell
        if len(hidden) < 2:
            return []
        a, rhs = self.system(links)
        return insider_intervals(a, rhs, self.lower, self.upper, hidden, levels)

    def where(self, var: int) -> tuple[int, int]:
        """The table (its position in the block) of a block variable, and its index there
        (``bisect`` on the offsets as ints: ``np.searchsorted`` for one number was most of
        this, called for every cell a derivation names)."""
        firsts = self._firsts()[0]
        j = bisect.bisect_right(firsts, var) - 1
        return j, var - firsts[j]

    def _firsts(self) -> tuple[list[int], list[int]]:
        """``first_var`` and ``first_eq`` as lists (made at first use)."""
        got = self.__dict__.get("_first_lists")
        if got is None:
            got = self.__dict__["_first_lists"] = (self.first_var.tolist(),
                                                   self.first_eq.tolist())
        return got

    def where_all(self, variables: Iterable[int]) -> list[tuple[int, int]]:
        """``[self.where(var) for var in variables]``, searched at once."""
        import numpy as np

        at = np.fromiter(variables, dtype=np.int64)
        j = np.searchsorted(self.first_var, at, side="right") - 1
        return list(zip(j.tolist(), (at - self.first_var[j]).tolist(), strict=True))

    def _equation_vars(self, eq: int, links: np.ndarray) -> list[int]:
        if eq >= self.n_equations:
            return links[eq - self.n_equations].tolist()
        first_var, first_eq = self._firsts()
        j = bisect.bisect_right(first_eq, eq) - 1
        off = first_var[j]
        return [v + off for v in self.systems[j].equation_cells[eq - first_eq[j]]]

    def related(self, var: int, interval: Interval, links: np.ndarray) -> list[Location]:
        """The published cells a derivation uses (virtual totals are no cells: left out)."""
        seen: set[int] = set()
        locations = []
        for eq in interval.derivation or []:
            if eq >= self.n_equations + len(links):
                continue
            for v in self._equation_vars(eq, links):
                if v == var or v in seen:
                    continue
                seen.add(v)
                j, i = self.where(v)
                ts = self.systems[j]
                cell = ts.cell(i)
                if cell is not None:
                    locations.append(ts.output.location(cell))
        return locations


def _link_components(n_tables: int, owner: np.ndarray, links: list[tuple[int, int]]
                     ) -> np.ndarray:
    """Component label of each table, tables joined where a link joins two of their cells."""
    import numpy as np

    if not links:  # before scipy's graphs are imported (they load scipy.linalg: ~0.15 s)
        return np.arange(n_tables)
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    pairs = owner[np.asarray(links, dtype=np.int64)]
    graph = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                          shape=(n_tables, n_tables))
    return connected_components(graph, directed=False)[1]


# hidden cells read under one guard (``isolation.each_guarded``): one guard per cell was
# ~0.2 s over the 500,000 hidden cells of a hundred 1 MiB long tables
GUARD_BATCH = 256


class _AuditMade:
    """The release's audit, or the error making it raised: each rule that reads it then
    raises that same error (SDC602 naming it, as when each rule made the audit again). Made
    again, it would read the stand-ins of the tables whose models went while it was made
    (``sdc.table_standin``) and fail otherwise."""

    def __init__(self, make: Callable[[], _Audit]) -> None:
        self.audit: _Audit | None = None
        self.error: Exception | None = None
        try:
            self.audit = make()
        except Exception as exc:
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None  # no frames held
            self.error = exc

    def get(self) -> _Audit:
        if self.error is not None:
            raise self.error
        assert self.audit is not None
        return self.audit


def _shared_audit(ctx: CheckContext, outputs: list[Output]) -> _Audit:
    """One audit of the release's outputs, shared by SDC501, SDC502 and SDC402."""
    return ctx.shared_work(_AuditMade, outputs, lambda: _AuditMade(lambda: _Audit(
        outputs, ctx.policy.shared.rounding_base, list(ctx.policy.total_labels),
        jobs=ctx.jobs, rounding_scheme=ctx.policy.shared.rounding_scheme,
        levels=DominanceLevels.of(ctx.policy), keep_models=ctx.keep_models,
        prebuilt=ctx.audit_prebuild,
        threshold=ctx.policy.shared.threshold if ctx.policy.is_enabled(NarrowSuppression)
        else None, shares=ctx.policy.is_enabled(RecoverableSuppression)
        or ctx.policy.is_enabled(NarrowSuppression)))).get()


def _audit_read(ctx: CheckContext, outputs: list[Output], shared: _Audit, code: str) -> None:
    """Rule ``code`` has read the shared audit: once every enabled rule that reads it has
    (SDC402, SDC501, SDC502, which run one after another), it and its share recoveries are
    let go before the next release rules run (SDC503's indexes; ~1 MiB a linked 1 MiB table,
    issue 14 §3). Only memory: a rule that asks again later gets the same audit made again."""
    shared.read_by.add(code)
    readers = {rule.code for rule in (InconsistentSuppression, RecoverableSuppression,
                                      NarrowSuppression) if ctx.policy.is_enabled(rule)}
    if readers <= shared.read_by:
        ctx.forget_work(_ShareWork, shared)
        ctx.forget_work(_ReadingsMade, shared)
        ctx.forget_work(_AuditMade, outputs)


def _reading_audit(ctx: CheckContext, outputs: list[Output], code: str,
                   found: Callable[[_Audit], Iterator[Finding]]) -> Iterator[Finding]:
    """The findings rule ``code`` reads from the release's shared audit (``found``), the audit
    marked as read by it (:func:`_audit_read`) however they end. A generator: the audit is
    made when the first finding is asked for, as when each rule made it itself."""
    shared = _shared_audit(ctx, outputs)
    try:
        yield from found(shared)
    finally:
        _audit_read(ctx, outputs, shared, code)


class _ShareWork:
    """The share recoveries of one audit (``sdc.share_recovery``), shared by SDC501/SDC502."""

    def __init__(self, outputs: list[Output], shared: _Audit) -> None:
        from sdc.share_recovery import may_read_shares, share_recoveries

        hidden = [a for a in shared.cells if a.ts.count and not a.interval.exact]
        # what was read of them as the audit's pool ran (``-j`` > 1), let go once read
        ahead, shared.shares_ahead = shared.shares_ahead, None
        # the cells made only when a table of shares can say something of them (a cell made
        # for each hidden count, for nothing, was the release rules' peak: round 30, mem30)
        if hidden and may_read_shares(outputs, {id(a.ts.output) for a in hidden}, ahead):
            # each cell as its system's cells and variable: made only where a table of
            # shares has its labels (``share_recoveries``)
            self.found = share_recoveries(outputs, [(a.ts.output, a.ts.cells, a.var,
                                                     a.interval.lo, a.interval.hi)
                                                    for a in hidden], ahead)
        else:
            self.found = []


def _share_recoveries(ctx: CheckContext, outputs: list[Output], shared: _Audit
                      ) -> list[ShareRecovery]:
    """Hidden counts that a table of shares in the release gives away (once per run)."""
    return ctx.shared_work(_ShareWork, shared, lambda: _ShareWork(outputs, shared)).found


class RecoverableSuppression(Rule[RuleParams]):
    """Flags a suppressed cell whose value can be recomputed exactly from published numbers:
    its feasible interval, given every table's totals and the cells tables share, has zero
    width.

    Why: suppression protects nothing if the hidden number is the total minus the others, or
    is published in another table of the same release. The audit treats markers as unknowns
    (≥ 0), rounded counts as intervals, and solves for each one's smallest and largest value.

    Example: a row ``A, 12, [c], 30`` with a total column: ``[c] = 30 − 12 = 18`` is exact.
    A cell recomputed as exactly 0 (``A, 12, [c], 12``) is ``review``: the totals may leave
    the hidden cells out (ACRO's suppression recomputes its margins so) or the cell is a zero.
    """

    code = "SDC501"
    name = "recoverable-suppression"
    summary = "a suppressed cell is exactly derivable from published values"
    scope = "release"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        return _reading_audit(ctx, outputs, self.code,
                              lambda shared: self._found(outputs, ctx, shared))

    def _found(self, outputs: list[Output], ctx: CheckContext, shared: _Audit
               ) -> Iterator[Finding]:
        yield from shared.crash_findings()
        for ts, reason in shared.failed:
            for i in ts.suppressed:
                yield self.finding(ts.output, f"the suppression audit failed ({reason}); check "
                                   "this cell by hand", cell=ts.cells[i],
                                   public="the suppression audit failed; check this cell by "
                                          "hand", unassessable=True)
        # only an exact interval is a finding here (a plain field: reading it cannot fail)
        exact = [audited for audited in shared.cells if audited.interval.exact]
        by_means = _means_places(shared) if exact else set()
        yield from each_guarded(self.code, exact, lambda c: [c.ts.output],
                                lambda c: self._one(c, by_means), batch=GUARD_BATCH)
        pinned = [r for r in _share_recoveries(ctx, outputs, shared) if r.low == r.high]
        yield from each_guarded(self.code, pinned, lambda r: [r.output], self._by_shares)
        yield from self._beside_unread(outputs, shared)
        yield from self._beside_released(outputs, ctx, shared)
        yield from self._through_readings(outputs, ctx, shared)

    def _through_readings(self, outputs: list[Output], ctx: CheckContext, shared: _Audit
                          ) -> Iterator[Finding]:
        """The hidden cells a reading of the release's ambiguous abbreviations pins
        (``sdc.ambiguous_readings``): ``review``, as the reading is a guess. An output that
        audit could not evaluate is SDC602; readings too many to try, ``review``."""
        from sdc.ambiguous_readings import guessed

        found = yield from _readings_or_crashes(outputs, ctx, shared, "SDC501")
        if found is None:
            return
        for output, detail in found.broken:
            yield crash_finding("the suppression audit of an ambiguous abbreviation's readings "
                                "(SDC501)", output, detail)
        for output in found.untried:
            text = ("a label of the release abbreviates labels of two other tables in too many "
                    "ways to try each: its hidden cells were audited with it paired with none; "
                    "check them by hand")
            yield self.finding(output, text, public=text, unassessable=True)
        for pins in found.cells:
            audited = pins[0].audited
            where = ", ".join(loc.display() for loc in audited.related[:6])
            source = f" from {where}" if where else ""
            values = "; ".join(f"{fmt_number(p.audited.interval.lo)} if {guessed(p.chose)}"
                               for p in pins)
            doubt = (" (each abbreviation so read also abbreviates another label of the "
                     "release: which is meant, it does not say)")
            yield self.finding(
                audited.ts.output, f"the suppressed cell can be recomputed exactly{source} "
                f"under a reading of the release's abbreviations: it is {values}{doubt}",
                at=audited.location(), related=audited.related or None,
                public=f"the suppressed cell can be recomputed exactly{source} under a "
                       f"reading of the release's abbreviations{doubt}",
                evidence={"value": audited.interval.lo,
                          "interval": [audited.interval.lo, audited.interval.hi],
                          "readings": [{"abbreviations": dict(sorted(p.chose.items())),
                                        "value": p.audited.interval.lo} for p in pins]},
                unassessable=True)

    def _beside_released(self, outputs: list[Output], ctx: CheckContext, shared: _Audit
                         ) -> Iterator[Finding]:
        """The hidden cells of this release that released tables pin (``--ledger``:
        ``sdc.rules.released_audit``), at this release's cells; ``review`` where only a guess
        links the released table. An output that audit could not evaluate is SDC602."""
        if ctx.ledger is None:
            return
        from sdc.rules.released_audit import released_recoveries

        try:
            beside = released_recoveries(outputs, ctx, shared)
        except Exception as exc:  # fail closed: every output hiding a count to review
            hiding = {id(a.ts.output): a.ts.output for a in shared.cells if a.ts.count}
            for output in hiding.values():
                yield crash_finding("the suppression audit beside released tables (SDC501)",
                                    output, exc)
            return
        for output, detail in beside.broken:
            yield crash_finding("the suppression audit beside released tables (SDC501)",
                                output, detail)
        yield from each_guarded(self.code, beside.cells, lambda r: [r.audited.ts.output],
                                lambda r: self._one(r.audited, apart=r.apart))
        first = min(outputs, key=lambda o: (o.path, o.sheet or ""), default=None)
        for given in beside.given_back:
            yield from self._given_back(given, first)

    def _given_back(self, given: GivenBack, first: Output | None) -> Iterator[Finding]:
        """A released table's hidden cell this release gives back, at the first cell of this
        release its derivation names (else at the release's first output: ``review``)."""
        audited = given.audited
        if first is None:
            return
        where = ", ".join(loc.display() for loc in audited.related[:6])
        hidden = audited.location().display()
        doubt = (" (through a table linked only by its labels, or one whose totals differ: "
                 "if it counts another population, a person may decide otherwise)"
                 if audited.weak or given.apart else "")
        yield self.finding(
            first, f"the hidden cell {hidden} of a released table can be recomputed exactly "
            f"from {where or 'the numbers of this release'}: it is "
            f"{fmt_number(audited.interval.lo)}{doubt}",
            at=given.at or first.location(),
            related=[audited.location(), *audited.related],
            public=f"the hidden cell {hidden} of a released table can be recomputed exactly "
                   f"with this release's numbers{doubt}",
            evidence={"value": audited.interval.lo,
                      "interval": [audited.interval.lo, audited.interval.hi],
                      "released_cell": hidden},
            unassessable=audited.weak or given.apart or audited.interval.lo == 0)

    def _beside_unread(self, outputs: list[Output], shared: _Audit) -> Iterator[Finding]:
        """``review`` for each table whose hidden cells the audit left open while the release
        holds a file sdc read nothing from (``sdc.unread_outputs``), or numbers no rule checks
        in another file's text (``unchecked_documents``): they may print the margins that give
        the hidden cells back, and they never reached the audit. Numbers in the table's own
        file (its prose, a caption, hidden text) are not named: that file is ``review`` by
        their SDC602 already, which names their place beside the table (round 37)."""
        from sdc.unread_outputs import unchecked_documents, unread_outputs

        unread = unread_outputs(outputs)
        named = {id(o) for o in unread}
        unchecked = [o for o in unchecked_documents(outputs) if id(o) not in named]
        if not unread and not unchecked:
            return
        open_tables = {id(a.ts.output): a.ts.output for a in shared.cells
                       if not a.interval.exact}
        for output in open_tables.values():
            others = [o for o in unchecked if (o.path, o.sheet) != (output.path, output.sheet)]
            for message in _unread_messages(unread, others):
                yield self.finding(output, message, unassessable=True)

    def _by_shares(self, found: ShareRecovery) -> Iterator[Finding]:
        where = ", ".join(out.location(c).display() for out, c in found.used[:6])
        doubt = "" if found.confirmed else (
            " (no fully published line shows that the shares are of the same people: if "
            "they are not, a person may decide otherwise)")
        yield self.finding(
            found.output, f"the suppressed count can be recomputed from the shares in "
            f"{found.shares.path} and the published counts of its line ({where}): it is "
            f"{found.low}{doubt}", cell=found.cell,
            related=[out.location(c) for out, c in found.used],
            public=f"the suppressed count can be recomputed from the shares in "
                   f"{found.shares.path} and the published counts of its line ({where}){doubt}",
            evidence={"value": found.low, "interval": [found.low, found.high]},
            unassessable=not found.confirmed)

    def _one(self, audited: AuditedCell,
             by_means: set[Location] | frozenset[Location] = frozenset(), *,
             apart: bool = False) -> Iterator[Finding]:
        """A finding at a hidden cell its interval pins; ``apart``: through a released table
        only a guess links (``sdc.rules.released_audit``): ``review``."""
        interval = audited.interval
        if not interval.exact:
            return
        where = ", ".join(loc.display() for loc in audited.related[:6])
        source = f" from {where}" if where else ""
        if by_means and (audited.var in audited.ts.from_means
                         or any(loc in by_means for loc in audited.related)):
            source += (" and the counts the means printed in the release give back" if where
                       else " from the counts the means printed in the release give back")
        doubt = (" (through a table linked only by the labels it shares: if it counts "
                 "another population, a person may decide otherwise)") if audited.weak else ""
        if apart:
            doubt += (" (through a released table whose totals differ from this release's: "
                      "if it counts another population, a person may decide otherwise)")
        if audited.ts.assumed_sum:
            doubt += (" (if these amounts are sums: no fully published line shows that they "
                      "add up to their total)")
        pinned_at_zero = interval.lo == 0  # exact: hi is 0 too
        if pinned_at_zero:
            doubt += (" (the totals add up without it: either they leave the hidden cells out, "
                      "as ACRO's suppression recomputes them, or it is a zero, an empty class)")
        yield self.finding(
            audited.ts.output, f"the suppressed cell can be recomputed exactly{source}: it is "
            f"{fmt_number(interval.lo)}{doubt}", at=audited.location(),
            related=audited.related or None,
            public=f"the suppressed cell can be recomputed exactly{source}{doubt}",
            evidence={"value": interval.lo, "interval": [interval.lo, interval.hi]},
            unassessable=audited.weak or audited.ts.assumed_sum or pinned_at_zero or apart)


def _narrow_candidates(shared: _Audit, threshold: int) -> list[AuditedCell]:
    """The audited cells SDC502's ``_one`` may find something at, in order: open (not exact)
    and either a count below ``threshold`` or a magnitude (its protection level). ``_one``
    returns at once for every other cell, reading only these plain fields, which cannot
    raise: leaving them out changes no finding and no crash's SDC602. Why: 13,635 hidden
    cells of a 1,000-table release, ~2,450 of them such, were each evaluated under the
    guard after the audit's pool, with no other process running (round 37, par37)."""
    return [c for c in shared.cells
            if not c.interval.exact and ((c.ts.count and c.interval.hi < threshold)
                                         or c.ts.measure.role is Role.MAGNITUDE)]


def _with_means(shared: _Audit) -> set[int]:
    """The systems (by ``id``) of the components whose audit read bounds from the release's
    means (``TableSystem.from_means``; not those read again without them, SDC402's): an
    SDC502 interval there may rest on the means."""
    if not any(ts.from_means for ts in shared.systems):
        return set()
    dropped = {id(ts) for ts in shared.means_dropped}
    found: set[int] = set()
    for tables in shared.components:
        systems = [shared.systems[k] for k in tables]
        if any(ts.from_means and id(ts) not in dropped for ts in systems):
            found.update(id(ts) for ts in systems)
    return found


def _means_places(shared: _Audit) -> set[Location]:
    """Where the audited systems' counts are bounded by the release's means (``TableSystem.
    from_means``): a finding whose derivation reads one says so."""
    return {ts.output.location(ts.cells[i]) for ts in shared.systems for i in ts.from_means}


class NarrowSuppression(Rule["NarrowSuppression.Params"]):
    """Flags a suppressed cell whose feasible interval is too narrow to protect it: for a
    count, its upper bound is below the small-count threshold (the cell is known to be small);
    for a magnitude with evidence, the interval does not reach its protection level on both
    sides of its true value: the largest level the policy's dominance rules ask (p%:
    ``p * x1 - (X - x1 - x2)``; each (n, k): ``(x1 + ... + xn) / k - X``; a cell resting on
    fewer units than the threshold: ``p * x1``, its other units knowing all of it but
    ``x1``, τ-ARGUS's frequency safety range), also as the
    largest contributor of another hidden sensitive cell of its lines derives it, knowing its
    own contribution (the whole cell when it is the only contributor), and as a respondent
    the evidence names (``top_ids``) in several hidden cells derives it from all its own
    contributions at once. Where the evidence gives a hidden cell's largest contributions but
    not its total (τ-ARGUS columns), its interval must reach ``X + level``, which is the same
    for every total (``review`` when only an unknown total decides the lower side).

    Why: suppression must leave enough doubt. If the margins imply that a hidden count lies
    in [1, 4], anyone learns the group is tiny, which is what the threshold forbids; a hidden
    turnover pinned within 2% lets the second-largest contributor estimate the largest.

    Example: a line ``[c], [c]`` whose total is 6: each hidden cell lies in [0, 6], below 10.
    Two hidden turnovers of one firm each, protecting each other in a line: each firm
    subtracts its own and has the other's (the SDC Handbook's singletons).
    """

    code = "SDC502"
    name = "narrow-suppression"
    summary = "a suppressed cell's feasible interval is narrower than its protection interval"
    scope = "release"

    class Params(RuleParams):
        status: StatusSetting = "fail"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        return _reading_audit(ctx, outputs, self.code,
                              lambda shared: self._found(outputs, ctx, shared))

    def _found(self, outputs: list[Output], ctx: CheckContext, shared: _Audit
               ) -> Iterator[Finding]:
        yield from shared.crash_findings()
        threshold = ctx.policy.shared.threshold
        levels = DominanceLevels.of(ctx.policy)
        by_means = _with_means(shared)
        yield from each_guarded(self.code, _narrow_candidates(shared, threshold),
                                lambda c: [c.ts.output],
                                lambda c: self._one(c, threshold, levels, by_means),
                                batch=GUARD_BATCH)
        yield from each_guarded(self.code, _insider_breaches(shared, levels),
                                lambda c: [c.ts.output], self._by_insider)
        topped = [o for o in outputs if o.table is not None and o.table.printed_tops]
        # the audited cells' names only where a table prints its contributions (a name per
        # hidden cell of the release otherwise, for nothing)
        audited = {c.key for c in shared.cells} if topped else set()
        yield from each_guarded(self.code, topped, lambda o: [o],
                                lambda o: self._by_own_tops(o, audited, levels))
        narrow = [r for r in _share_recoveries(ctx, outputs, shared)
                  if r.low < r.high and r.high < threshold]
        yield from each_guarded(self.code, narrow, lambda r: [r.output],
                                lambda r: self._by_shares(r, threshold))
        yield from self._through_readings(outputs, ctx, shared, threshold)

    def _through_readings(self, outputs: list[Output], ctx: CheckContext, shared: _Audit,
                          threshold: int) -> Iterator[Finding]:
        """The hidden counts a reading of the release's ambiguous abbreviations narrows below
        the threshold and the release's own audit does not (``sdc.ambiguous_readings``):
        ``review``, as the reading is a guess (round 48). SDC501 reports what else the
        readings find (their crashes, readings too many to try); a crash here is this
        rule's SDC602 for every output hiding a count (fail closed)."""
        from sdc.ambiguous_readings import guessed

        found = yield from _readings_or_crashes(outputs, ctx, shared, "SDC502")
        if found is None:
            return
        for pins in found.narrow:
            audited = pins[0].audited
            where = ", ".join(loc.display() for loc in audited.related[:6])
            source = f" from {where}" if where else ""
            bounds = "; ".join(f"[{fmt_number(p.audited.interval.lo)}, "
                               f"{fmt_number(p.audited.interval.hi)}] if {guessed(p.chose)}"
                               for p in pins)
            doubt = (" (each abbreviation so read also abbreviates another label of the "
                     "release: which is meant, it does not say)")
            yield self.finding(
                audited.ts.output, f"the suppressed count is known{source} to lie below the "
                f"threshold {threshold} under a reading of the release's abbreviations: in "
                f"{bounds}{doubt}", at=audited.location(), related=audited.related or None,
                public=f"the suppressed count is known{source} to be below the threshold "
                       f"{threshold} under a reading of the release's abbreviations{doubt}",
                evidence={"interval": [audited.interval.lo, audited.interval.hi],
                          "threshold": threshold,
                          "readings": [{"abbreviations": dict(sorted(p.chose.items())),
                                        "interval": [p.audited.interval.lo,
                                                     p.audited.interval.hi]} for p in pins]},
                unassessable=True)

    def _by_own_tops(self, output: Output, audited: set[CellKey], levels: DominanceLevels
                     ) -> Iterator[Finding]:
        """Hidden magnitudes the audit built no system for (every cell of the column hidden:
        nothing tells it the column adds up) whose own row prints their contributions:
        those alone bound it (``sdc.linking.printed_tops_bounds``). N1 (500 and 60 of 3
        companies: at most 620) in a column of ``[c]`` was asked no reach (audit4, issue
        12)."""
        from sdc.linking import printed_tops_bounds
        from sdc.release_form import TableCells

        table = output.table
        assert table is not None
        read = TableCells(output)  # the model's cells, or its form's once it has gone
        for place in range(len(read)):
            shown = table.printed_tops.get(read.place(place))
            if shown is None or not read.suppressed(place) or (id(output), place) in audited:
                continue
            cell = read.cell(place)
            lo, hi = printed_tops_bounds(shown)
            if lo <= 0 and hi == float("inf"):
                continue
            short = protection_shortfall(cell, lo, hi, levels)
            if short is None:
                continue
            certain = short.certain
            word = "ask" if certain else "may ask"
            what = "reach" if short.reach else "protection"
            yield self.finding(
                output, f"the contributions printed beside it pin this suppressed value to "
                f"[{fmt_number(lo)}, {fmt_number(hi)}]; its largest contributions {word} "
                + (f"it to reach {fmt_number(short.level)} above"
                   + ("" if certain else " and as far below its true value, which is not given")
                   if short.reach else f"a protection of ±{fmt_number(short.level)}"),
                cell=cell, public="the contributions printed beside this suppressed value pin "
                "it more narrowly than its protection interval",
                evidence={"interval": [lo, hi], what: short.level}, unassessable=not certain)

    def _by_shares(self, found: ShareRecovery, threshold: int) -> Iterator[Finding]:
        where = ", ".join(out.location(c).display() for out, c in found.used[:6])
        yield self.finding(
            found.output, f"the shares in {found.shares.path} and the published counts of its "
            f"line ({where}) put the suppressed count in [{found.low}, {found.high}], below "
            f"the threshold {threshold}", cell=found.cell,
            related=[out.location(c) for out, c in found.used],
            public=f"the shares in {found.shares.path} and the published counts of its line "
                   f"({where}) show the suppressed count is below the threshold {threshold}",
            evidence={"interval": [found.low, found.high], "threshold": threshold},
            unassessable=not found.confirmed)

    def _by_insider(self, found: InsiderCell) -> Iterator[Finding]:
        interval = found.interval
        bounds = f"[{fmt_number(interval.lo)}, {fmt_number(interval.hi)}]"
        by = found.insider_output.location(found.insider)
        if found.also:  # one respondent's cells (the target itself, if one, not named)
            related = [output.location(cell) for cell, output, key in
                       [(found.insider, found.insider_output, found.insider_key),
                        *found.also] if key != found.key]
            who = ("one contributor to the suppressed cells "
                   f"{', '.join(loc.display() for loc in related)}")
            what = "its own contributions"
        else:
            related, who = [by], f"the largest contributor to the suppressed cell {by.display()}"
            what = "its own contribution"
        short = found.short
        assert short is not None  # set by _insider_breaches
        sure = short.certain or short.insider_unsure  # the level itself is not in doubt
        if short.reach:  # a total not given: its upper end must reach X + level
            asked = (f"; its largest contributions {'ask' if sure else 'may ask'} "
                     f"it to reach {fmt_number(short.level)} above"
                     + ("" if sure else " and as far below its true value, which is not given"))
            evidence = {"interval": [interval.lo, interval.hi], "reach": short.level}
        else:
            asked = (f", inside the protection of {'' if sure else 'up to '}"
                     f"±{fmt_number(short.level)} the dominance rules "
                     f"{'ask' if sure else 'may ask'} for")
            evidence = {"interval": [interval.lo, interval.hi], "protection": short.level}
        if short.insider_unsure:
            asked += (f" (if {by.display()} is sensitive itself, which its evidence does not "
                      "settle)")
        yield self.finding(
            found.ts.output, f"{who}, subtracting {what}, pins this suppressed value to "
            f"{bounds}{asked}", cell=found.cell, related=related,
            public=f"{who} can pin this suppressed value more narrowly than its protection "
                   "interval", evidence=evidence,
            unassessable=found.weak or not short.certain)

    def _one(self, audited: AuditedCell, threshold: int, levels: DominanceLevels,
             by_means: set[int] | frozenset[int] = frozenset()) -> Iterator[Finding]:
        interval, related = audited.interval, audited.related or None
        if interval.exact:
            return
        small = audited.ts.count and interval.hi < threshold
        if not small and audited.ts.measure.role is not Role.MAGNITUDE:
            return  # no magnitude (a system's cells are of its measure): no protection level,
            # ``protection_shortfall`` is None whatever the cell, so none is made for it
        if small:  # named off its form (``AuditedCell.location``): no cell made
            bounds = f"[{fmt_number(interval.lo)}, {fmt_number(interval.hi)}]"
            # as SDC501 says it, so that a person checks the means too (hunt36); an interval
            # names no derivation: said of every cell whose component the means bound
            means = (" (its audit read the counts the means printed in the release give "
                     "back)" if id(audited.ts) in by_means else "")
            yield self.finding(
                audited.ts.output, f"the suppressed count is known to lie in {bounds}, below "
                f"the threshold {threshold}{means}", at=audited.location(), related=related,
                public=f"the suppressed count is known to be below the threshold {threshold}"
                       f"{means}",
                evidence={"interval": [interval.lo, interval.hi], "threshold": threshold},
                unassessable=audited.weak)
            return
        cell = audited.cell  # made here only: most hidden cells are read for nothing
        short = protection_shortfall(cell, interval.lo, interval.hi, levels)
        if short is None:
            return
        if short.reach:
            yield from self._total_unknown(audited, short)
            return
        # short only of the bound: the evidence lists fewer contributions than the rules read
        certain, level = short.certain, short.level
        bounds = f"[{fmt_number(interval.lo)}, {fmt_number(interval.hi)}]"
        yield self.finding(
            audited.ts.output, f"the suppressed value is pinned to {bounds}, inside the "
            f"protection of {'' if certain else 'up to '}±{fmt_number(level)} the dominance "
            f"rules {'ask' if certain else 'may ask'} for"
            + ("" if certain else " (its evidence lists fewer largest contributions than they "
               "read)"), cell=cell, related=related,
            public="the suppressed value is pinned more narrowly than its protection interval",
            evidence={"interval": [interval.lo, interval.hi], "protection": level},
            unassessable=audited.weak or not certain)

    def _total_unknown(self, audited: AuditedCell, short: Shortfall) -> Iterator[Finding]:
        """A hidden magnitude whose evidence gives its largest contributions but not its total
        (τ-ARGUS columns beside a hidden cell): its interval must reach ``short.level`` above
        (the same for every total) and ``2 X - short.level`` below. ``fail`` when the upper
        end falls short (no total is protected then), ``review`` when the smallest total the
        cell can hold is not protected below (which total it holds is not given), or when the
        evidence lists too few contributions for the reach to be more than a bound
        (:func:`protection_shortfall`)."""
        interval, target, certain = audited.interval, short.level, short.certain
        bounds = f"[{fmt_number(interval.lo)}, {fmt_number(interval.hi)}]"
        yield self.finding(
            audited.ts.output, f"the suppressed value is pinned to {bounds}; its largest "
            f"contributions {'ask' if certain else 'may ask'} it to reach "
            f"{fmt_number(target)} above"
            + ("" if certain else " and as far below its true value, which is not given"),
            cell=audited.cell, related=audited.related or None,
            public="the suppressed value is pinned more narrowly than its protection interval"
                   + ("" if certain else " may ask"),
            evidence={"interval": [interval.lo, interval.hi], "reach": target},
            unassessable=audited.weak or not certain)


class InconsistentSuppression(Rule["InconsistentSuppression.Params"]):
    """Flags totals that disagree with their published cells (beyond what the policy's rounding
    allows), so suppression, rounding and totals do not fit together.

    Why: a total that was not recomputed after cells were redacted gives the redacted amount
    away (total − published cells); a total computed before rounding undoes the rounding.
    Either way the table was not protected as the researcher believed.

    Example: ``A, 12, 30`` with a total column of 45 in a table with no suppression: the total
    is not the sum of its cells. With suppression, a total smaller than its published cells
    (``12, [c], 30`` totalling 20) fits no hidden value either. Across tables: two tables of
    the release whose shared cells cannot all be the same numbers (a totals row no cells of
    the other can reach) are each flagged, naming the other; the audit then checks them with
    fewer links, so a person must look.
    """

    code = "SDC402"
    name = "inconsistent-suppression"
    summary = "suppression markers, rounding and totals disagree"
    scope = "release"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        return _reading_audit(ctx, outputs, self.code, self._found)

    def _found(self, shared: _Audit) -> Iterator[Finding]:
        yield from shared.crash_findings()
        infeasible = {id(ts) for ts in shared.infeasible}
        yield from each_guarded(self.code, shared.checked, lambda ts: [ts.output],
                                lambda ts: self._one(ts, id(ts) in infeasible))
        yield from self._contradicted(shared.contradicted)
        for ts in shared.undecided_wholes:
            yield self.finding(
                ts.output, "its totals may be the totals of more sets of the release's rows "
                "than the suppression audit tries (tables that print the same categories with "
                "other numbers: several periods under one set of labels?): what they give "
                "back of the hidden cells was not all checked",
                public="its totals' parts among the release's tables were not all checked")
        for ts in shared.undecided_sets:
            yield self.finding(
                ts.output, "its totals are fewer than the release's rows under the same "
                "columns add up to, even without any one of the tables that print them, though "
                "some of those tables fit them: which tables it totals (the others forged, or "
                "of other people) was not decided, so what its totals give back of the hidden "
                "cells was not checked",
                public="which of the release's tables its totals count was not decided")
        yield from each_guarded(self.code, shared.means_dropped, lambda ts: [ts.output],
                                self._means_dropped)

    def _means_dropped(self, ts: TableSystem) -> Iterator[Finding]:
        """A table whose counts, as the release's means give them back, fit no values of the
        tables linked to it (nor its own totals, read as one system): the means are not of
        the counts printed. The audit read the tables without them (``_without_means``);
        the numbers do not say what the researcher says they are, so a person looks."""
        cells = [ts.cells[var] for var in ts.from_means]
        where = ", ".join(ts.output.location(c).display() for c in cells[:6])
        yield self.finding(
            ts.output, f"the counts the means printed in the release give back ({where}) fit "
            "no values of the tables linked to this one, whatever the suppressed cells hold: "
            "the means are not of the counts printed (a mean over fewer people than its "
            "count, or another population); the suppression audit read the tables without "
            "them", cell=cells[0] if cells else None,
            related=[ts.output.location(c) for c in cells[1:]] or None,
            public="the counts the means give back contradict the linked tables")

    def _one(self, ts: TableSystem, infeasible: bool) -> Iterator[Finding]:
        if infeasible:
            yield self.finding(
                ts.output, "the totals cannot be the sums of their cells whatever the "
                "suppressed cells hold (a total smaller than its published parts)",
                public="the totals do not fit their cells")
        for total, added in ts.inconsistent:
            union = _distinct_units(total, added)
            yield self.finding(
                ts.output, f"the total {fmt_number(total.value or 0)} is not the sum of its "
                f"cells ({fmt_number(added)})" + (
                    f": its evidence counts distinct contributors ({union[0]} of "
                    f"{union[1]} records), one in several cells counted once, a union not a "
                    "sum; the evidence is the researcher's word and does not clear it"
                    if union else ""), cell=total,
                public="the total is not the sum of its cells" + (
                    " (its evidence counts distinct contributors)" if union else ""),
                evidence={"total": total.value, "sum": added})

    def _contradicted(self, components: list[list[TableSystem]]) -> Iterator[Finding]:
        """Tables linked by the cells they share whose shared cells cannot all be the same
        numbers: the audit dropped links to go on (a decoy table that contradicts the
        release unlinks a margin that gives a hidden cell back; issue 12), so what the
        links would have shown was not all checked. One finding per output, naming the
        outputs it contradicts."""
        against: dict[int, tuple[Output, dict[int, Output]]] = {}
        for systems in components:
            outputs = list({id(ts.output): ts.output for ts in systems}.values())
            for output in outputs:
                others = against.setdefault(id(output), (output, {}))[1]
                others.update((id(o), o) for o in outputs if o is not output)
        for output, others in against.values():
            if not others:
                continue  # one output's links to itself: its own totals' findings say it
            names = sorted({_output_name(o) for o in others.values()})
            yield self.finding(
                output, "the cells it shares with " + ", ".join(names) + " cannot all be "
                "the same numbers whatever the suppressed cells hold: the suppression audit "
                "dropped links between them to go on (one of the tables may count another "
                "population, or contradict the others on purpose)",
                public="tables it shares cells with contradict it",
                related=[o.location() for o in others.values()])


def _output_name(output: Output) -> str:
    """An output as a finding names it: its path, sheet and table number."""
    loc = output.location()
    return loc.path + (f"[{loc.sheet}]" if loc.sheet else "") + (
        f" (table {loc.table})" if loc.table else "")


def _distinct_units(total: DataCell, added: float) -> tuple[str, str] | None:
    """(units, records) when ``total``'s evidence (an API sidecar of ``contributor=``) says
    it counts distinct contributors, fewer than its records, and it is no more than its
    cells' sum, as a union's size is: the margin of a frequency table of contributors. Only
    words the finding; it stays ``review`` (docs/decisions.md, "A frequency table of distinct
    contributors and its margins")."""
    evidence = total.evidence or {}
    units, records = evidence.get("n_units"), evidence.get("n_records")
    if (total.value is None or not isinstance(units, (int, float))
            or not isinstance(records, (int, float)) or units >= records
            or abs(total.value - units) > 0.5 or total.value > added + 0.5):
        return None
    return fmt_number(units), fmt_number(records)


def _unread_messages(unread: list[Output], unchecked: list[Output]) -> list[str]:
    """SDC501's ``review`` messages for a table audited without ``unread`` files and without
    the numbers of ``unchecked`` documents (rounds 35 and 36)."""
    from sdc.unread_outputs import unread_names

    messages = []
    if unread:
        messages.append(f"its suppressed cells were audited without {unread_names(unread)}, "
                        "which sdc could not read: if that prints this table's cells or "
                        "margins, it may give the suppressed cells back; a person must "
                        "compare them")
    if unchecked:  # a document's numbers no rule understood (round 36)
        messages.append(f"its suppressed cells were audited without the numbers of "
                        f"{unread_names(unchecked)} that sdc did not understand: if they "
                        "are this table's cells or margins, they may give the suppressed "
                        "cells back; a person must compare them")
    return messages

class _ReadingsMade:
    """The audits of the release's ambiguous readings (``reading_recoveries``), or the error
    they raised, made once per release audit for SDC501 and SDC502 both (each audit of a
    reading is an audit of the whole release: round 48 made them twice). Held in the run's
    shared work under the audit and let go with it once its last reader is done
    (:func:`_audit_read`): not past it (``tests/test_audit_let_go.py``)."""

    def __init__(self, outputs: list[Output], ctx: CheckContext, shared: _Audit) -> None:
        # imported at the call: the tests replace it there (tests/test_readings_crash.py)
        from sdc.ambiguous_readings import reading_recoveries

        self.found: ReadingsFound | None = None
        self.error: Exception | None = None
        try:
            self.found = reading_recoveries(outputs, ctx, shared)
        except Exception as exc:  # each rule reports it (its SDC602), as when each made them
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None  # no frames held
            self.error = exc


def _readings_or_crashes(outputs: list[Output], ctx: CheckContext, shared: _Audit, code: str
                         ) -> Generator[Finding, None, ReadingsFound | None]:
    """The audits of the release's ambiguous readings (``reading_recoveries``), made once for
    SDC501 and SDC502 alike (:class:`_ReadingsMade`); when they crashed, ``code``'s SDC602
    for every output hiding a count (fail closed) is yielded and None returned."""
    made = ctx.shared_work(_ReadingsMade, shared, lambda: _ReadingsMade(outputs, ctx, shared))
    if made.error is None:
        return made.found
    # fail closed: every output hiding a count to review
    hiding = {id(a.ts.output): a.ts.output for a in shared.cells if a.ts.count}
    for output in hiding.values():
        yield crash_finding("the suppression audit of an ambiguous abbreviation's "
                            f"readings ({code})", output, made.error)
    return None
