"""``sdc check`` on a large release: each table checked where its file is read (issue 14 §3).

Before, the process that read a file (a ``-j`` worker, or this one at ``-j 1``) sent the
whole model of each table back, so the parent held every model at the read's end (~12 MiB
of RSS a 1 MiB long table: 1.2 GB at 100) before any per-output rule ran. Here a table
that wants nothing of the other outputs is, in the process that read it, once it is
annotated and covered (``ReadStream.take``, called by ``parallel.read_outputs``'s
``prepare``, so the same at ``-j 1`` and ``-j N``): checked by its per-output rules (settled
and sorted, ``engine.checked_output``), its compact form made (``engine.kept_form``), its
audit systems built and packed (``linking.SystemsBuild.packed``, as a ``-j`` worker packs
them in the per-output pool) and its model replaced by its stand-in
(``sdc.table_standin``), its results kept on the output. The parent gets the stand-in and
those light results; it adds the systems to the audit's build in the release's order
(``AuditPrebuild.add``, which unpacks them onto the form's cells), as it adds the others'.
At ``-j 1`` the reading process is the one that holds the build, and it reads in order:
while every table before it was taken, a taken table's systems are built in place from
its model and added to the build at once, its model let go there (``_add_here``), as the
unstreamed read builds them; packing them only to unpack them in the same process cost
~18 % more CPU (round 31).

What a table may want of the others, and what is done about it (fail closed: any doubt is
today's path for the whole release, never a skipped check):

- *Decided where it is read, from the table alone* (``whole_reason``): a table is taken only
  when it hides a cell (so the audit's build wants it and models hidden cells, certain from
  the table alone), has no ``n (%)`` view, declares no population, has no percentage that
  looks for its base in another output nor a change column (``reads_others``), and is not
  one a release-wide step before the rules may change (a model output, a sheet, a stacked
  table, a broom tidy/glance name, a glance row under any name, a sidecar). Any other table
  is sent whole, as before, and checked as before.
- *Decided by the parent, as each file comes back* (``received``): a table sent whole that
  reads the other outputs' counts (a percentage with no base, a change column), declares a
  population (the claims compare it with every table) or has an ``n (%)`` view (the audit is
  then not prebuilt) needs every model: the read stops and the release is read and checked
  again with no stream (``StreamRestart``, caught by ``engine.run``). The steps before the
  rules are given the tables sent whole only; ``engine._prepare`` asks again after the
  model summaries are matched, where the bases are looked for (``check_whole``).
- *Checked before the taken findings are used* (``check``): every taken table's facts as the
  rules read them (hidden items, unreadable, claims, dofs, kind) are unchanged since its rules
  ran (``release_blobs`` or a step that broke adds to them), and the audit's plan is the one
  the systems were packed for (a table hides: ``hidden``; more than one count measure: not
  ``unlinked``). Otherwise ``StreamRestart``.

A release of fewer than two files, or whose files add up to less than ``MIN_BYTES``, is read
as before (it gains nothing, and would pay for a restart); so are several folders checked
together, the Python API (it keeps its models) and a policy whose first release rule is not
the audit's (``AUDIT_READERS``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sdc import finding_columns
from sdc import stream_gate as _gate
from sdc.audit_prebuild import AUDIT_READERS, AuditParams, AuditPrebuild, Sent, _facts
from sdc.derived_counts import change_cells, count_change_cells, implied_counts
from sdc.linking import SystemsBuild
from sdc.n_percent_view import counted_output
from sdc.readers.layout import LayoutOptions
from sdc.readers.model_companions import _glance_values, _pair_key
from sdc.stream_gate import StreamRestart
from sdc.table import DataCell, Table
from sdc.table_standin import TableStandIn, _measures_differ

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sdc.annotations import ReleaseAnnotations
    from sdc.audit_prebuild import _Facts
    from sdc.outputs import Output
    from sdc.policy import Policy
    from sdc.results import Finding

# a release whose files add up to less is read whole first, as before (memory is no matter);
# the gate is asked before this module is imported (``sdc.stream_gate``), with this value once
# it is (a caller may set it)
MIN_BYTES = _gate.MIN_BYTES
MIN_FILES = _gate.MIN_FILES

# on an output taken where it was read: what that process made of it (``Taken``), or why
# the release must be checked again (a str); taken off by the parent (``received``)
_TAKEN = "_sdc_streamed"


@dataclass
class Taken:
    """What the process that read a table made of it: its per-output findings (settled, in
    report order), its audit facts and packed systems (``AuditPrebuild.add``'s ``sent``) and
    what its rules read of the output besides the table (``marks``)."""

    found: Sequence[Finding]  # as columns when many (``sdc.finding_columns.packed``)
    sent: Sent | None  # None: added to the audit's build already (or built in place there)
    marks: tuple[Any, ...]


def marks(output: Output) -> tuple[Any, ...]:
    """What the per-output rules read of ``output`` that a release-wide step may change
    after them: its hidden items (``release_blobs``), why it is unreadable (a step that
    broke: ``Output.fail_closed``), its rejected claims, its models' dofs and counts, its
    kind."""
    return (len(output.hidden), output.unreadable, output.too_large,
            len(output.invalid_claims), tuple(output.model_dof), len(output.model_dof_at_most),
            len(output.model_counts), output.kind)


def reads_others(table: Table) -> str | None:
    """Whether ``table`` reads the counts of every other table before the rules
    (``use_release_bases``, ``use_release_changes``: their own tests of it)."""
    if any(item.base is None and item.count is None and item.share is not None
           and isinstance(item.cell, DataCell) and not item.cell.is_margin
           for item in implied_counts(table)):
        return "a percentage looks for its base in the other outputs"
    if change_cells(table, margins=True) or count_change_cells(table):
        return "a change column reads the counts of the other outputs"
    return None


def wants_release(output: Output, layout: LayoutOptions) -> str | None:
    """Why a table sent whole needs every model of the release: a step before the rules or
    the claims read every table because of it, or the audit is not prebuilt (an ``n (%)``
    view); None when it does not."""
    table = output.table
    if table is None:
        return None
    if not isinstance(table, Table):
        return "not a table model"
    if output.request.get("population"):
        return "it declares a population (the claims read every table)"
    if counted_output(output, layout) is not None:
        return "its 'n (%)' counts are a view of their own"
    return reads_others(table)


def whole_reason(output: Output, layout: LayoutOptions) -> str | None:
    """Why ``output`` is sent whole rather than taken where it was read; None: taken."""
    table = output.table
    if not isinstance(table, Table):
        return "no table model"
    if output.unreadable is not None or output.too_large is not None \
            or output.screened is not None:
        return "not read as a whole table"
    if output.kind == "model" or output.sheet is not None or output.table_number is not None:
        return "a model output, a sheet or a stacked table"
    if output.sidecar is not None:
        return "it has a sidecar (its published numbers are checked again on the model)"
    if _pair_key(output.path) is not None:
        return "named as a broom tidy/glance file"
    if _glance_values(table) is not None:
        return "a glance row (its model's dof, whatever its name)"
    return wants_release(output, layout)


class ReadStream:
    """Each table that wants nothing of the others checked where its file is read
    (``take``); see the module doc. Made before the read (``begin``), it goes to the
    reading processes with ``parallel.read_outputs``'s ``prepare``."""

    def __init__(self, policy: Policy, root: Path | None, request: Any, ledger: Any,
                 jobs: int) -> None:
        from sdc.engine import _context, _enabled_rules

        self.policy = policy
        self.layout = LayoutOptions.of(policy.read_options())
        self.params = AuditParams.of(policy)
        self.rules = [rule for rule in _enabled_rules(policy) if rule.scope == "output"]
        self.ctx = _context(policy, root, request, ledger, jobs, keep_models=False)
        self.statuses: dict[str, Any] = {}  # each reading process's own
        self.taken: dict[int, Taken] = {}  # the parent's: by output (``id``)
        self.took = 0  # how many tables were taken (the parent's count)
        # the audit's systems, each taken table's added as it comes while every table before
        # it was taken (the build goes in the release's order); the rest's after the read
        self.prebuild = AuditPrebuild.streamed(self.params, self.layout)
        self.prefix = True
        # at -j 1 this process reads every file in order, each just after the one before
        # came back (``received``): a taken table's systems are built here in place, as the
        # unstreamed read builds them, not packed to be unpacked at once (``_add_here``)
        self.here = os.getpid() if jobs <= 1 else None

    @classmethod
    def begin(cls, policy: Policy, files: list[tuple[Path, str, Path]], root: Path | None,
              notes: ReleaseAnnotations, ledger: Any, jobs: int) -> ReadStream | None:
        """The stream of this release's read, or None when it is read as before."""
        from sdc.engine import _enabled_rules

        if not _gate.large_enough(files, MIN_BYTES):
            return None
        release = [rule.code for rule in _enabled_rules(policy) if rule.scope == "release"]
        if not release or release[0] not in AUDIT_READERS:
            return None  # the audit is not prebuilt: its build would read the models
        request = notes.request.request
        if any(entry.population for entry in request.outputs):
            return None  # the claims compare the declared tables with every table
        return cls(policy, root, request, ledger, jobs)

    # -- in the process that read the file -------------------------------------------------

    def take(self, output: Output) -> None:
        """``output`` (read, annotated, covered) checked here and its model let go, its
        results kept on it, unless it is sent whole (``whole_reason``, or it hides no cell)."""
        try:
            facts = _facts(output, dims=True) if whole_reason(output, self.layout) is None \
                else None
        except Exception:  # a bug deciding: sent whole, checked as before
            facts = None
        if facts is None or not facts.hides:  # a table that hides nothing: whether the
            if output.table is not None and self._in_order():  # audit wants it depends on
                self.prefix = False  # the others; sent whole, its build waits for the read
            return
        output.__dict__[_TAKEN] = self._take(output, facts)

    def _in_order(self) -> bool:
        """Whether this is the process that holds the build, reading in the release's order
        (``-j 1``) with every table before this one taken and added."""
        return self.here is not None and self.here == os.getpid() and self.prefix

    def _take(self, output: Output, facts: _Facts) -> Taken | str:
        from sdc.engine import _covered, checked_output, kept_form
        from sdc.release_form import keep_form
        from sdc.reports.table_view import ReportTable

        table = output.table
        assert isinstance(table, Table)
        _covered.pop(output)  # made where it was read, for this table: the rules' coverage
        before = marks(output)
        # many findings held as columns from here (``sdc.finding_columns``): sent so, and
        # held so by the parent to the report
        found = finding_columns.packed(
            checked_output(self.rules, output, self.ctx, self.policy, self.statuses))
        form = kept_form(output)
        try:
            if _facts(output) != facts or marks(output) != before:
                return f"{output.path}: its per-output rules changed what the audit reads"
            if form is None or len(form) != len(table.cells) \
                    or _measures_differ(form.measures, table.measures):
                return f"{output.path}: no form to let its model go"
            if self._in_order():
                return self._add_here(output, Taken(found, None, before), facts, form)
            build = SystemsBuild([output], self.params.rounding_base,
                                 rounding_scheme=self.params.rounding_scheme,
                                 total_labels=self.params.total_labels, compact=True,
                                 needed_only=True)
            # as the release's build plans it: a table hides (this one), more than one count
            # measure (``check`` asks the parent's plan before these systems are used)
            build.unlinked = False
            packed = build.packed(output)
            stand_in = TableStandIn(table, form, ReportTable.of(table))
        except Exception as exc:  # a bug: the release is checked again as before
            return f"{output.path}: {type(exc).__name__}: {exc}"
        output.table = stand_in  # type: ignore[assignment]
        keep_form(output, form)
        return Taken(found, (facts, packed), before)

    def _add_here(self, output: Output, taken: Taken, facts: _Facts, form: Any) -> Taken | str:
        """``_take``'s end in the process that holds the build, in order (``_in_order``): the
        systems built in place from the model and added to the build now, and the model let
        go there (``AuditPrebuild.add_taken`` → ``let_models_go``, with the form kept for
        it), as the unstreamed read does; nothing packed. Any problem: checked again."""
        from sdc.release_form import keep_form

        keep_form(output, form)
        self.prebuild.add_taken(output, (facts, None))
        if self.prebuild.problem is not None:
            return f"{output.path}: {self.prebuild.problem}"
        return taken

    # -- in the parent ---------------------------------------------------------------------

    def received(self, output: Output) -> None:
        """One output as it comes back from the process that read it: its results taken off
        it; a table sent whole that needs every model stops the read (``StreamRestart``)."""
        taken = output.__dict__.pop(_TAKEN, None)
        if isinstance(taken, str):
            raise StreamRestart(taken)
        if taken is not None:
            self.taken[id(output)] = taken
            self.took += 1
            if taken.sent is None:  # added where it was read (``_add_here``): the last one
                added = self.prebuild.added
                if not self.prefix or not added or added[-1] != id(output):
                    raise StreamRestart(f"{output.path} was not added to the build in order")
                return
            if self.prefix:  # its systems unpacked now: the packed ones are let go
                self.add(output, taken)
            return
        if output.table is not None:  # the build waits for it (after the read)
            self.prefix = False
        why = wants_release(output, self.layout)
        if why is not None:
            raise StreamRestart(f"{output.path}: {why}")

    def planned(self, outputs: list[Output]) -> AuditPrebuild | None:
        """The audit's prebuild for ``outputs`` (prepared, before the per-output stage of
        the tables not taken): the streamed one, its plan settled (``AuditPrebuild.settle``),
        when a table was taken; None: planned as before."""
        if not self.took:
            return None
        self.prebuild.settle(outputs, {key: taken.sent[0] for key, taken in self.taken.items()
                                       if taken.sent is not None})
        return self.prebuild

    def add(self, output: Output, taken: Taken) -> None:
        """A taken table's systems added to the build in order, when not added already."""
        if taken.sent is not None:
            self.prebuild.add_taken(output, taken.sent)
            taken.sent = None

    def check(self, outputs: list[Output], prebuild: AuditPrebuild | None) -> None:
        """Before the taken tables' findings are used: each taken table as its rules saw it,
        and the audit's plan the one its systems were packed for."""
        if not self.taken:
            return
        if prebuild is None or prebuild.problem is not None:
            raise StreamRestart("the audit's systems are not prebuilt")
        if not prebuild.build.hidden or prebuild.build.unlinked:
            raise StreamRestart("the audit's plan is not the one the systems were packed for")
        for output in outputs:
            taken = self.taken.get(id(output))
            if taken is not None and marks(output) != taken.marks:
                raise StreamRestart(f"{output.path} was changed after its rules ran")


def check_whole(outputs: list[Output], policy: Policy) -> None:
    """In ``engine._prepare`` of a release with taken tables, once the model summaries are
    matched and before the bases and changes are looked for across the release: no table
    sent whole (``outputs``) may want the others (those steps read every table's counts; the
    taken ones' models are gone), else ``StreamRestart``."""
    layout = LayoutOptions.of(policy.read_options())
    for output in outputs:
        why = wants_release(output, layout)
        if why is not None:
            raise StreamRestart(f"{output.path}: {why}")

