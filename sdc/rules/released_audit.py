"""Released tables in the suppression audit: a hidden cell a released table gives back.

Why (round 41, ledger41): the audit of hidden cells (SDC501) read this release's outputs
alone. A new table hiding a cell whose margin only a released table prints (``region,F,M,
Total / North,*,*,12 / South,45,50,95`` beside a released ``Total,50,57,107``: North's women
are 5) passed with ``--ledger``, though the same two tables in one release give it back.

Here, when the check has a ledger and this release hides a count, the released tables that
SDC504's lookups find (``prior_release.released_beside``) are audited beside the release's
tables: each of this release's tables stands in as the table of its count cells
(``ledger.index.rebuild`` of its index entry, so its model may have gone), each released one
as its stored cells (published numbers fixed, its hidden cells unknowns), linked as tables
of one release are. A hidden cell of this release that this audit pins and the release's own
audit did not is SDC501 at that cell; released tables' cells are never findings here.

Bounded (round 42, ledger42; issue 14 §1): only the components holding a table of this
release are solved, and the released tables are audited without it only where one of their
cells is pinned beside it (``_alone``); ``tests/test_ledger42_bounded_audit`` holds the
bounded audit to the unbounded one's findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.rules.prior_release import released_beside, stand_in
from sdc.table import Role

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output
    from sdc.results import Location
    from sdc.rules.suppression import AuditedCell, _Audit


@dataclass(frozen=True)
class BesideReleased:
    """What the audit beside released tables adds: the hidden cells it alone pins, and this
    release's outputs it could not evaluate (a crash, a solver failure: ``review``)."""

    cells: list[ReleasedRecovery]
    broken: list[tuple[Output, str]]
    given_back: list[GivenBack]


@dataclass(frozen=True)
class GivenBack:
    """A released table's hidden cell that this release's numbers pin (the released tables
    alone did not): reported at ``at``, the first cell of this release its derivation names
    (``at`` None: it names none, so which output gives it back is not known)."""

    audited: AuditedCell
    at: Location | None
    apart: bool


@dataclass(frozen=True)
class ReleasedRecovery:
    """A hidden cell of this release pinned only beside released tables; ``apart``: a table
    only a guess links (its totals far from the outputs') is among those its derivation
    names, or it names none (then which tables it used is not known)."""

    audited: AuditedCell
    apart: bool


def released_recoveries(outputs: list[Output], ctx: CheckContext, shared: _Audit
                        ) -> BesideReleased:
    """The hidden cells of ``outputs`` that the released tables beside them pin (none
    without a ledger, or when the release hides no count). A cell whose derivation names
    cells of this release only is left to the release's own audit (the stand-ins hold the
    count cells alone: what they pin without a released table, the models decide)."""

    beside = released_beside(outputs, ctx)
    unread = _unread(outputs, beside.unread)
    if not beside.outputs:
        return BesideReleased([], unread, [])
    stand_ins = [s for s in map(stand_in, (o for o in outputs if o.table is not None))
                 if s is not None]
    theirs_hide = [o for o in beside.outputs
                   if any(c.value is None for c in o.table.cells)]  # type: ignore[union-attr]
    if not theirs_hide and not any(c.value is None for s in stand_ins
                                   for c in s.table.cells):  # type: ignore[union-attr]
        return BesideReleased([], unread, [])
    mine = {id(s) for s in stand_ins}
    # only the components holding a table of this release are solved (round 42, ledger42):
    # one of released tables alone pins nothing of this release, and what it pins of theirs
    # the released tables pin alone
    audit = _audit(stand_ins + beside.outputs, ctx, frozenset(mine))
    theirs = {o.path for o in beside.outputs}
    known = {(a.ts.output.path, a.ts.output.sheet, a.place)
             for a in shared.cells if a.interval.exact}
    found: list[ReleasedRecovery] = []
    for audited in audit.cells:
        output = audited.ts.output
        if (id(output) not in mine or not audited.interval.exact
                or (output.path, output.sheet, audited.place) in known):
            continue
        named = {loc.path for loc in audited.related}
        if named and not named & theirs:
            continue
        found.append(ReleasedRecovery(audited, not named or bool(named & beside.apart)))
    broken = unread + [(o, detail) for o, detail in audit.crashed.values() if id(o) in mine]
    broken += [(ts.output, reason) for ts, reason in audit.failed if id(ts.output) in mine]
    given = _given_back(audit, stand_ins, beside.outputs, beside.apart, ctx) \
        if theirs_hide else []
    return BesideReleased(found, broken, given)


def _unread(outputs: list[Output], paths: tuple[str, ...]) -> list[tuple[Output, str]]:
    """Each output with a count, when the ledger holds released tables the margin lookup
    cannot read (``sdc.ledger.margins.UNREAD``): any of them may share a margin with it, so
    none may pass for want of a lookup (round 43, ledger43)."""
    if not paths:
        return []
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    detail = (f"released table(s) {', '.join(paths[:3])}{more} could not be read by the "
              "ledger's lookup by margins: their stored entries are unreadable")
    return [(o, detail) for o in outputs if o.table is not None
            and any(c.measure.role is Role.COUNT for c in o.table.cells)]


def _audit(outputs: list[Output], ctx: CheckContext, wanted: frozenset[int] | None = None,
           jobs: int | None = None) -> _Audit:
    """An audit of ``outputs`` under the run's policy, its models kept, its components on
    ``jobs`` processes (None: the check's ``-j``). Why (round 50, tail50): audited with
    ``jobs=1`` (rounds 41-49), the audit beside released tables ran on one core after the
    release's own audit, the other idle at ``-j 2``; its results and their order are the same
    whatever ``jobs`` (``_Audit._run``), and below ``pool.MIN_ITEMS_FOR_POOL`` components no
    worker is forked."""
    from sdc.rules.suppression import _Audit

    return _Audit(outputs, ctx.policy.shared.rounding_base, list(ctx.policy.total_labels),
                  jobs=ctx.jobs if jobs is None else jobs,
                  rounding_scheme=ctx.policy.shared.rounding_scheme, keep_models=True,
                  wanted=wanted)


def _given_back(audit: _Audit, stand_ins: list[Output], released: list[Output],
                apart: frozenset[str], ctx: CheckContext) -> list[GivenBack]:
    """The released tables' hidden cells ``audit`` pins that an audit of the released
    tables alone does not: this release gives them back."""
    mine = {id(s) for s in stand_ins}
    pinned = [a for a in audit.cells if id(a.ts.output) not in mine and a.interval.exact]
    if not pinned:
        return []
    before = _alone(audit, pinned, released, ctx)
    paths = {(s.path, s.sheet) for s in stand_ins}
    found: list[GivenBack] = []
    for audited in pinned:
        if (id(audited.ts.output), audited.place) in before:
            continue
        ours = [loc for loc in audited.related if (loc.path, loc.sheet) in paths]
        guess = audited.ts.output.path in apart or any(loc.path in apart
                                                       for loc in audited.related)
        found.append(GivenBack(audited, ours[0] if ours else None, guess or not ours))
    return found


def _alone(audit: _Audit, pinned: list[AuditedCell], released: list[Output],
           ctx: CheckContext) -> set[tuple[int, tuple[int, int]]]:
    """Those of the released cells ``pinned`` beside this release that the released tables
    pin without it, as ``(id(output), place)``. Bounded (round 42, ledger42; ledger41 audited
    every released table found alone): first each released table holding such a cell alone
    (a cell its own table pins, every audit of more tables pins: its equations are never
    dropped), then, for the cells left, each component of ``audit`` holding one, without this
    release's tables. What this release gives back is what its tables add to the tables they
    are linked with; the rest is the work of the release that published them."""
    from sdc.pool import ordered_map

    by_output: dict[int, Output] = {id(a.ts.output): a.ts.output for a in pinned}
    alone = list(by_output.values())
    before: set[tuple[int, tuple[int, int]]] = set()
    # each table alone is its own audit: on the check's ``-j`` processes, each giving back
    # its pinned places only (``id``s are made here, of this process's outputs)
    def places(output: Output) -> list[tuple[int, int]]:
        return [a.place for a in _audit([output], ctx, jobs=1).cells if a.interval.exact]

    for output, pinned_alone in zip(alone, ordered_map(places, alone, ctx.jobs), strict=True):
        before |= {(id(output), place) for place in pinned_alone}
    left = {id(a.ts.output) for a in pinned if (id(a.ts.output), a.place) not in before}
    order = {id(o): n for n, o in enumerate(released)}
    for tables in audit.components:
        theirs = {id(audit.systems[k].output) for k in tables} & order.keys()
        if theirs & left:
            outputs = sorted((released[order[i]] for i in theirs), key=lambda o: order[id(o)])
            before |= _pinned_places(_audit(outputs, ctx, frozenset(left)))
    return before


def _pinned_places(audit: _Audit) -> set[tuple[int, tuple[int, int]]]:
    return {(id(a.ts.output), a.place) for a in audit.cells if a.interval.exact}
