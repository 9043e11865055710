"""The audit's per-table systems built as each table's per-output rules end (issue 14 §3).

``sdc check`` lets a table's model go once its audit systems are built
(``sdc.table_standin``). Built inside the audit, that was after every table's per-output
rules, so every model was held from the read to the audit's build. Here (``sdc check -j 1``)
each table's systems are built right after its own per-output rules and its form
(``engine._output_findings``), with what the build takes of the release worked out from
every table before the first per-output rule runs (``linking.SystemsBuild``: ``hidden``,
``needed``, ``unlinked``, the shared numbering); its model then goes at once. The audit takes
the systems built here instead of building (``suppression._Audit``).

Fail closed: what the plan assumed is recorded again for each table once its own rules have
run (whether it hides a cell, its declared population, its count measures, no ``n (%)`` view
of its counts), and the audit checks it all still holds: the release view given to it is the
outputs planned, every table added once in order, the same rounding and total labels.
Otherwise the prebuilt systems are not used: the audit builds from the models as before when
none was let go, and when one was (a ``TableStandIn``) every table of the release is SDC602
``review`` naming ``ModelLetGo``, never a pass on systems built under a wrong assumption.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from sdc.link_abbreviations import Dimensions, release_pairings, table_dimensions
from sdc.linking import SystemsBuild, _hides, count_measures, population_key
from sdc.n_percent_view import counted_output
from sdc.table_standin import TableStandIn

if TYPE_CHECKING:
    from sdc.context import RulePolicy
    from sdc.linking import TableSystem
    from sdc.outputs import Output
    from sdc.readers.layout import LayoutOptions

# the release rules that read the audit; the prebuild is used only when one of them is the
# first release rule to run (no release rule before it reads a model that has gone)
AUDIT_READERS = frozenset({"SDC402", "SDC501", "SDC502"})


@dataclass(frozen=True)
class AuditParams:
    """What the audit's build takes of the policy: checked equal when the audit takes it."""

    rounding_base: int | None
    rounding_scheme: str
    total_labels: tuple[str, ...]

    @classmethod
    def of(cls, policy: RulePolicy) -> AuditParams:
        """The policy's: its shared rounding and its total labels."""
        shared = policy.shared
        return cls(shared.rounding_base, shared.rounding_scheme, tuple(policy.total_labels))


@dataclass(frozen=True)
class _Facts:
    """What the build's plan read of one table: recorded again after its own rules."""

    hides: bool
    population: str
    counts: int
    # its dimensions' labels where a streamed read took it (its model then goes there): what
    # ``settle`` pairs abbreviations by (``sdc.link_abbreviations``); not compared
    dims: Dimensions | None = field(default=None, compare=False)


# what a worker sends back with an output's findings: its facts after its rules there, and
# its systems packed (``SystemsBuild.packed``: ok and the packed systems, or the error)
Sent = tuple[_Facts, tuple[bool, Any] | None]


def _facts(output: Output, dims: bool = False) -> _Facts:
    return _Facts(_hides(output.table), population_key(output),  # type: ignore[arg-type]
                  count_measures([output]),
                  table_dimensions(output.table) if dims else None)  # type: ignore[arg-type]


class AuditPrebuild:
    """The audit's systems built table by table as the per-output rules end (``add``), and
    taken by the audit (``take``) when everything the plan assumed still holds."""

    def __init__(self, outputs: list[Output], params: AuditParams, layout: LayoutOptions,
                 *, streamed: bool = False) -> None:
        from sdc.exponent_bounds import widen_contradicted_exponents
        from sdc.rules.suppression import _built

        self.outputs = outputs
        self.params = params
        self.layout = layout
        self.tables = [output for output in outputs if output.table is not None]
        self.planned = {id(output): _facts(output) for output in self.tables}
        self.errors: list[tuple[Output, str]] = []  # the builds' errors, in order (SDC602)
        options: dict[str, Any] = dict(
            rounding_scheme=params.rounding_scheme, total_labels=params.total_labels,
            on_error=self._error, vet=widen_contradicted_exponents,
            on_built=partial(_built, keep_models=False))
        # streamed (``sdc.stream_read``): fed while the release is read (``add_taken``), its
        # plan checked against every table once all are read (``settle``)
        self.build = (SystemsBuild.assumed(params.rounding_base, **options) if streamed
                      else SystemsBuild(self.tables, params.rounding_base, compact=True,
                                        needed_only=True, **options))
        self.added: list[int] = []
        self.views: dict[int, Output | None] = {}  # each added output's n (%) view: None
        self.problem: str | None = None
        self.taken = False

    @classmethod
    def plan(cls, outputs: list[Output], release_codes: Sequence[str], params: AuditParams,
             layout: LayoutOptions) -> AuditPrebuild | None:
        """A prebuild of ``outputs`` (prepared, before their per-output rules), or None when
        the audit is better left to build as before: it is not the first release rule to run
        (``release_codes``, in order), or a table's counts are read as an ``n (%)`` view
        (the release view then holds outputs built after the per-output stage)."""
        if not release_codes or release_codes[0] not in AUDIT_READERS:
            return None
        try:
            if any(counted_output(output, layout) is not None for output in outputs):
                return None
            return cls(outputs, params, layout)
        except Exception:  # a bug planning: the audit builds as before, from the models
            return None

    @classmethod
    def streamed(cls, params: AuditParams, layout: LayoutOptions) -> AuditPrebuild:
        """A prebuild fed while the release is read (``sdc.stream_read``): each table taken
        where it was read added as it comes (``add_taken``), the plan checked against every
        table once all are read (``settle``)."""
        return cls([], params, layout, streamed=True)

    def add_taken(self, output: Output, sent: Sent) -> None:
        """A streamed prebuild's table taken where it was read (it hides a cell: the audit
        wants it), its model gone there: added with the facts and systems that process
        sent (``add``), before or after ``settle``."""
        self.planned[id(output)] = sent[0]
        self.build.want(output)
        self.add(output, sent)

    def settle(self, outputs: list[Output], known: Mapping[int, _Facts]) -> str | None:
        """A streamed prebuild's plan, once every file is read: ``outputs`` (the release as
        the audit will be given it) planned, the tables taken but not added yet from the
        facts their process sent (``known``), the others from their models (none of those
        has gone), and what the build assumed checked against every table's facts
        (``SystemsBuild.expect``), the tables added so far the first ones in order. None
        when it all holds; else why not (``problem``: its systems are not the audit's)."""
        self.outputs = outputs
        self.tables = [output for output in outputs if output.table is not None]
        try:
            for output in self.tables:
                if id(output) in known:
                    self.planned[id(output)] = known[id(output)]
                elif id(output) not in self.planned:
                    if isinstance(output.table, TableStandIn):
                        self.problem = f"{output.path} was let go without being planned"
                        return self.problem
                    self.planned[id(output)] = _facts(output)
        except Exception as exc:  # a bug planning: not the audit's systems
            self.problem = f"planning broke ({type(exc).__name__}: {exc})"
            return self.problem
        if len(self.planned) != len(self.tables):
            self.problem = "a table planned is not in the release as read"
        elif self.added != [id(output) for output in self.tables[:len(self.added)]]:
            self.problem = "the tables added are not the first ones, in order"
        if self.problem is None:
            self.problem = self._abbreviated()
        if self.problem is not None:
            return self.problem
        facts = [self.planned[id(output)] for output in self.tables]
        hiding = {fact.population for fact in facts if fact.hides}
        needed = [output for output, fact in zip(self.tables, facts, strict=True)
                  if fact.population in hiding]
        self.problem = self.build.expect(bool(hiding), needed,
                                         sum(fact.counts for fact in facts) == 1,
                                         len(self.tables) > 1)
        return self.problem

    def _abbreviated(self) -> str | None:
        """Why a streamed build's systems are not the audit's when one table abbreviates
        another's labels (``NE`` for ``North East``): its keys were coded before the release
        was known, each label its own (``sdc.link_abbreviations``); read whole, they are one."""
        if len(self.tables) < 2:
            return None
        try:
            dims = []
            for output in self.tables:
                fact = self.planned[id(output)]
                if fact.dims is not None:
                    dims.append(fact.dims)
                elif isinstance(output.table, TableStandIn):
                    return f"{output.path} was let go without its labels"
                else:
                    dims.append(table_dimensions(output.table))  # type: ignore[arg-type]
            found, readings = release_pairings(dims)
        except Exception as exc:  # a bug: not the audit's systems
            return f"pairing abbreviated labels broke ({type(exc).__name__}: {exc})"
        if readings != []:  # each reading is audited from the systems' build (round 47)
            return "a label of one table abbreviates labels of two others"
        return "labels of one table abbreviate another's" if found else None

    def _error(self, output: Output, exc: Exception) -> None:
        # the detail as the audit words it (``_Audit._crash``), not the error: its frames
        # would hold the model
        self.errors.append((output, f"{type(exc).__name__}: {exc}"))

    def sent(self, output: Output) -> Sent | None:
        """Where a ``-j`` worker ran ``output``'s per-output rules (``parallel._check_one``):
        what the plan read of it, recorded again after them, and its systems built and packed
        there (``SystemsBuild.packed``) when the audit needs them and the plan still holds;
        the parent unpacks them in order (``add``). None: nothing (the parent builds)."""
        if output.table is None:
            return None
        facts = _facts(output)
        packed = None
        if id(output) in self.build.wanted and facts == self.planned.get(id(output)):
            packed = self.build.packed(output)
        return facts, packed

    def add(self, output: Output, sent: Sent | None = None) -> None:
        """``output``'s per-output rules and form are done: what the plan read of it is
        recorded again (``sent``: as a worker recorded it, after the rules it ran there),
        and its systems built (``sent``: unpacked) and its model let go there unless kept
        (``sdc.table_standin.let_models_go``). After a problem, nothing more is built."""
        if self.problem is not None:
            return
        try:
            self._add(output, sent)
        except Exception as exc:  # a bug: no more built, the audit fails closed
            self.problem = f"the prebuild broke on {output.path} ({type(exc).__name__}: {exc})"

    def _add(self, output: Output, sent: Sent | None) -> None:
        planned = self.planned.get(id(output))
        if output.table is None:
            if planned is not None:
                self.problem = f"{output.path} lost its table after the plan"
            return
        if planned is None or id(output) in self.views:
            self.problem = f"{output.path} was not planned, or came twice"
            return
        # a table let go where it was read (``sdc.stream_read``): its facts and systems are
        # what that process sent, and it had no view (checked there)
        let_go = isinstance(output.table, TableStandIn)
        if let_go and (sent is None or sent[1] is None):
            self.problem = f"{output.path} was let go with no systems sent"
            return
        if (sent[0] if let_go else _facts(output)) != planned or (  # type: ignore[index]
                sent is not None and sent[0] != planned):
            self.problem = f"{output.path}'s per-output rules changed what the plan read"
            return
        view = None if let_go else counted_output(output, self.layout)
        self.views[id(output)] = view
        if view is not None:
            self.problem = f"{output.path} has an 'n (%)' view the plan did not see"
            return
        self.added.append(id(output))
        self.build.add(output, sent[1] if sent is not None else None)

    def take(self, outputs: list[Output], params: AuditParams) -> list[TableSystem] | str:
        """The systems built, their numbering ended, for the audit of ``outputs``; or why
        they cannot be used (a problem, or an assumption that no longer holds)."""
        if self.taken:
            return "its systems were taken by an audit made before"
        self.taken = True
        problem = self.problem or self._differs(outputs, params)
        if problem is not None:
            return problem
        systems = self.build.finish()
        # the audit holds them now, and lets them go once its last reader is done
        # (``suppression._audit_read``): kept here too, they stayed to the check's end, through
        # SDC503 and the other release rules (~0.8 MiB a linked 1 MiB long table, issue 14 §3)
        self.build.systems = []
        return systems

    def _differs(self, outputs: list[Output], params: AuditParams) -> str | None:
        if outputs is not self.outputs or params != self.params:
            return "the audit's outputs or policy are not the ones planned"
        tables = [output for output in outputs if output.table is not None]
        if [id(output) for output in tables] != self.added:
            return "not every table was built, in order"
        return None


def let_go_any(outputs: Sequence[Output]) -> bool:
    """Whether any output's model has been let go (a ``TableStandIn`` in its place)."""
    return any(isinstance(output.table, TableStandIn) for output in outputs)

