"""Run the rules over a release: read outputs, apply the policy's statuses and waivers.

This is the one place verdicts are decided; rules only report and reporters only print.
``run(paths, policy)`` reads and checks a release and returns the result with the outputs
read (``check``, the ledger and protect use it); ``run_outputs`` checks outputs already in
memory (the Python API, protect's primary cells). Both put the rules' metadata on the result.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc import gc_pacing, parallel, pool, sent_forms
from sdc.annotations import ReleaseAnnotations, release_annotations
from sdc.context import CheckContext
from sdc.coords import SharedLabels
from sdc.coverage import checked_roles, enforce_coverage
from sdc.derived_counts import use_release_bases
from sdc.excludes import Excludes
from sdc.finding_columns import packed
from sdc.outputs import Output
from sdc.policy import Policy, Waiver, load_policy
from sdc.readers import ReadOptions, discover
from sdc.readers import read_file as read_with_options
from sdc.readers.layout import LayoutOptions
from sdc.readers.links import link_problem
from sdc.readers.release_blobs import release_blobs
from sdc.release_form import ReleaseTable, keep_form
from sdc.request import Request
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RuleInfo, RunResult, Status
from sdc.rules import REGISTRY, Rule
from sdc.sent_forms import SentForms
from sdc.stream_gate import StreamRestart, large_enough
from sdc.table import Role
from sdc.table_standin import TableStandIn, report_view
from sdc.version import __version__

if TYPE_CHECKING:
    from sdc.audit_prebuild import AuditPrebuild
    from sdc.stream_read import ReadStream

# what the engine uses only once a release is read (the read's workers need none of them):
# imported where first used, and under ``-j`` > 1 while the read's pool computes
# (``sdc.pool.import_beside``) instead of before its first fork, where no other core works
# (from sources ~0.05 s of ``import sdc.engine``'s 0.25-0.3 s CPU; round 33, serial33)
AFTER_READ = ("sdc.stream_read", "sdc.audit_prebuild", "sdc.n_percent_view",
              "sdc.readers.model_companions", "sdc.readers.acro_models",
              "sdc.readers.lone_coefficients",
              "sdc.release_changes", "sdc.mean_counts",
              "sdc.sidecar_bounds")

ProgressCallback = Callable[[int, int, str], None]


def _finding_order(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.rule, *_cell_order(finding.location.cell or ""))


@lru_cache(maxsize=65_536)  # a release's findings share their cells (every rule's B3)
def _cell_order(cell: str) -> tuple[int, int, str]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0, len(letters), letters


class _WaiverBook:
    """Applies waivers and remembers which were used, so unused ones can be reported."""

    def __init__(self, policy: Policy, request_waivers: Iterable[Waiver]) -> None:
        self.waivers = [("policy", w) for w in policy.model.waivers]
        if policy.model.request_waivers:  # the policy's choice (rules.toml request_waivers)
            self.waivers += [("request", w) for w in request_waivers]
        self.used: set[int] = set()

    def apply(self, finding: Finding) -> None:
        loc = finding.location
        for i, (source, waiver) in enumerate(self.waivers):
            rule = REGISTRY[finding.rule]
            if waiver.rule not in (rule.code, rule.name):
                continue
            if not fnmatch.fnmatch(loc.path, waiver.path):
                continue
            if waiver.cell is not None and waiver.cell.upper() != (loc.cell or "").upper():
                continue
            self.used.add(i)
            finding.waiver = waiver.reason
            if source == "request":  # a researcher's claim: shown as a declaration
                finding.status_without_declaration = finding.status
                finding.declaration_kind = "waiver"
                finding.declaration = f"waiver of {waiver.rule}: {waiver.reason}"
            if finding.status is Status.FAIL:  # a waiver never gives pass
                finding.status = Status.REVIEW
            return

    def apply_all(self, findings: Iterable[Finding]) -> None:
        if self.waivers:  # none (the usual case): nothing to look at
            for finding in findings:
                self.apply(finding)

    def unused(self) -> list[dict[str, str | None]]:
        return [
            {"source": source, "rule": w.rule, "path": w.path, "cell": w.cell, "reason": w.reason}
            for i, (source, w) in enumerate(self.waivers) if i not in self.used
        ]


def _guarded(rule: Rule[Any], output: Output | None, run: Callable[[], Iterable[Finding]]
             ) -> list[Finding]:
    """Run a rule; if it breaks, report that as unreadable (review) instead of crashing or
    silently passing the output."""
    try:
        return list(run())
    except Exception as exc:  # a bug must fail closed, not lose the rest of the release
        unreadable = REGISTRY["SDC602"]
        location = output.location() if output is not None else Location(path=".")
        return [Finding(rule=unreadable.code, name=unreadable.name, location=location,
                        message=f"{rule.code} could not check this output "
                                f"({type(exc).__name__}: {exc}); a person must check it")]


def _unfollowed_link(file: Path, rel: str, why: str) -> Output:
    """A symbolic link leaving the folder: reported (SDC601), never opened."""
    return Output(path=rel, file=file, extension=file.suffix.lower().lstrip("."), size=0,
                  sha256="", outside_link=why,
                  unreadable="not read: a symbolic link that leaves the folder or leads "
                             "nowhere is never followed")


def _settle(finding: Finding, policy: Policy, statuses: dict[str, Status] | None = None
            ) -> None:
    """The finding's status: the policy's for its rule, within the rule's cap; a declaration
    (e.g. a declared structural zero) never takes it below review. ``statuses``: the
    policy's status by rule name, kept across the findings of one check."""
    status = statuses.get(finding.name) if statuses is not None else None
    if status is None:
        status = Status(policy.params(finding.name).status)
        if statuses is not None:
            statuses[finding.name] = status
    finding.status = status
    if finding.cap is not None and finding.status.rank > finding.cap.rank:
        finding.status = finding.cap
    if finding.declaration_kind is not None:
        finding.status_without_declaration = finding.status
        if finding.status is Status.FAIL:  # only the policy can go below review
            finding.status = Status.REVIEW


def run_output_rules(rules: list[Rule], output: Output, ctx: CheckContext) -> list[Finding]:
    """The per-output rules on one output, in rule order (what a ``-j`` worker runs)."""

    def checked(rule: Rule[Any]) -> list[Finding]:
        return _guarded(rule, output, lambda: list(rule.check(output, ctx)))

    return [finding for rule in rules for finding in checked(rule)]


def _pack_read(output: Output) -> None:
    """A large table's grid packed as soon as it is read and its coverage worked out (where
    it was read: a ``-j`` worker sends it back as codes), so a release of many large tables
    holds one table's cells at a time, not every table's until the per-output rules end
    (issue 14 §3). Only when its implied counts are worked out already: they may hold grid
    cells (an ``n (%)`` string), which then stay those objects (``Grid.pack`` pins them);
    worked out from a packed grid they would hold cells the rows made again do not share.
    The passes that read cells by identity run on the rows again (``_rows_while``)."""
    table = output.table
    if table is not None and "_sdc_implied_counts" in table.__dict__:
        try:
            table.grid.pack()
        except Exception:  # a grid not packed is still whole: kept as rows
            return


@contextmanager
def _rows_while(output: Output) -> Iterator[None]:
    """``output``'s grid as rows while a pass over its cells runs, from the first cell the
    pass asks for (``Grid.unpack_on_use``: before it, texts are read from the codes), packed
    anew after it when it was unpacked (keeping as themselves any cell the pass took, as
    ``_pack_grids``). A long table's per-output rules read only texts: not unpacked."""
    grid = output.table.grid if output.table is not None else None
    marked = grid is not None and grid.unpack_on_use()
    try:
        yield
    finally:
        if marked and grid.end_unpack_on_use():  # type: ignore[union-attr]
            _pack_grids([output])


class _CoverageMarks:
    """The table and checked roles an output's coverage was computed for where it was read
    (set on the output itself, so it travels back from a worker with it). Taken once: a later
    check of the same output (its table changed in place since) computes it again."""

    ATTRIBUTE = "_sdc_coverage_of"

    def set(self, output: Output, roles: frozenset[Role]) -> None:
        output.__dict__[self.ATTRIBUTE] = (output.table, roles)

    def pop(self, output: Output, default: None = None) -> tuple[Any, frozenset[Role]] | None:
        mark = output.__dict__.pop(self.ATTRIBUTE, default)
        if mark is not None and mark[0] is not output.table:
            return None  # another table since: not this one's coverage
        return mark


_covered = _CoverageMarks()


def _cover(output: Output, policy: Policy) -> None:
    """The coverage of one output (``enforce_coverage``), marked as done for its table."""
    enforce_coverage([output], policy)
    _covered.set(output, frozenset(checked_roles(policy)))


def read_file(file: Path, rel: str, root: Path, options: ReadOptions) -> list[Output]:
    """Read one file found under ``root`` with the policy's ``options`` (made once per
    release, not per file); a link out of the release is not followed, and a reader bug
    becomes an unreadable output, never a crash."""
    link = link_problem(file, root) if root.is_dir() else None
    try:
        if link:
            return [_unfollowed_link(file, rel, link)]
        return read_with_options(file, rel, options)
    except Exception as exc:  # a reader bug must not stop the rest of the release
        return [Output(path=rel, file=file, extension=file.suffix.lower().lstrip("."),
                       size=0, sha256="",
                       unreadable=f"sdc failed to read it ({type(exc).__name__}: {exc})")]


def _prepare(outputs: list[Output], policy: Policy) -> None:
    """What every output needs before the rules, over the release: the safety net (every
    number checked or named, done where an output was read unless its table or the rules
    checked have changed since), model summaries matched to their coefficients, and the
    percentages' bases looked for in the other outputs."""
    from sdc.mean_counts import gives_back, held_for_means, use_release_means
    from sdc.readers.acro_models import acro_model_counts
    from sdc.readers.lone_coefficients import lone_logit_counts
    from sdc.readers.model_companions import link_glance_to_tidy
    from sdc.release_changes import use_release_changes
    from sdc.stream_read import check_whole

    roles = frozenset(checked_roles(policy))
    # a table taken where it was read (``sdc.stream_read``: its model gone, a stand-in in its
    # place) was prepared and checked there; it wants nothing of these steps, and they are
    # given the others only. ``stream``: none of those may want the others' counts
    taken = [o for o in outputs if isinstance(o.table, TableStandIn)]
    if taken:
        outputs = [o for o in outputs if not isinstance(o.table, TableStandIn)]
    try:  # broom's glance() beside tidy(): the dof of both, when names and numbers match
        for output in link_glance_to_tidy(outputs):
            _covered.pop(output)  # its coverage depends on the dof: computed again
    except Exception as exc:  # a bug must fail closed: the models keep no dof source
        for o in outputs:
            if o.table is not None and o.kind == "model":
                o.fail_closed("match its model summary in another output", exc)
    try:  # ACRO's regression files put back together: the counts a model gives back
        acro_model_counts(outputs)
    except Exception as exc:  # a bug must fail closed: the counts are not read
        for o in outputs:
            if o.table is not None and o.kind == "model":
                o.fail_closed("read its ACRO regression's files together", exc)
    try:  # a logit's coefficient table alone (no N): the counts its whole numbers prove
        lone_logit_counts(outputs)
    except Exception as exc:  # a bug must fail closed: the counts are not read
        for o in outputs:
            if o.table is not None and o.kind == "model":
                o.fail_closed("read its coefficients' counts", exc)
    for output in [o for o in outputs if _covered.pop(o, None) != (o.table, roles)]:
        with _rows_while(output):  # one at a time: read by identity (``_rows_while``)
            enforce_coverage([output], policy)
    if taken:  # the bases and changes below read every table's counts
        check_whole(outputs, policy)
    named = [(o.path + (f"[{o.sheet}]" if o.sheet else ""), o.table)
             for o in outputs if o.table is not None]
    # readings across outputs: a percentage's base, a change's count may be in another one
    threshold = policy.shared.threshold
    # the means read the taken tables' counts too (their cells made from their forms): a
    # count given back on one of them was never seen by its rules (a restart, below)
    held: list[tuple[str, Any]] = []

    def means_across(named: list[tuple[str, Any]]) -> None:
        held.extend(held_for_means([(o.path, o.table) for o in taken], named))
        use_release_means([*named, *held], policy)

    for across, doing in ((use_release_bases, "look for its percentages' bases in the other "
                                              "outputs"),
                          (lambda t: use_release_changes(t, threshold),
                           "read its changes against the counts of the other outputs"),
                          (means_across,
                           "work out counts from the means of the other outputs")):
        try:
            across(named)
        except Exception as exc:  # a bug must fail closed
            for o in [*outputs, *taken]:  # (a taken one's change: ``ReadStream.check``)
                if o.table is not None:
                    o.fail_closed(doing, exc)
    # (a count to report, or a bound for the audit, whose systems were built there too)
    given_back = [path for path, cells in held if gives_back(cells)]
    if given_back:
        raise StreamRestart(f"{given_back[0]}: the means of another output give its counts "
                            "back after its rules ran")


def _enabled_rules(policy: Policy) -> list[Rule[Any]]:
    return [cls(policy.params(cls)) for cls in REGISTRY.values() if policy.is_enabled(cls)]


def check_outputs(outputs: list[Output], policy: Policy, ctx: CheckContext,
                  request: Request, *, jobs: int = 1,
                  early: pool.Apart[dict[str, list[Finding]]] | None = None,
                  stream: ReadStream | None = None, forms: SentForms | None = None
                  ) -> tuple[list[OutputResult], list[dict[str, str | None]]]:
    """Run every enabled rule over already-read outputs (the per-output rules in ``jobs``
    processes; the same findings in the same order whatever ``jobs``). ``early``: the
    ``apart`` release rules already started on these outputs (``_EarlyApart``), used
    instead of starting them here; ``forms``: the tables' forms its process sends back
    (``sdc.sent_forms``). ``stream``: the read's, whose taken tables were checked where they
    were read (``sdc.stream_read``)."""
    _prepare(outputs, policy)
    rules = _enabled_rules(policy)
    book = _WaiverBook(policy, request.waivers)
    output_rules = [rule for rule in rules if rule.scope == "output"]
    release_rules = [rule for rule in rules if rule.scope == "release"]
    # first: beside the pools below too
    if early is None:
        early, forms = _start_apart(outputs, release_rules, ctx, policy,
                                    send_forms=not ctx.keep_models and stream is None)
    apart = early
    ctx.audit_prebuild = _plan_prebuild(outputs, release_rules, ctx, policy, jobs, stream)
    try:
        _audit_imports_beside(ctx.audit_prebuild, jobs)
        try:
            unread = (apart is not None and ctx.keep_models and ctx.audit_prebuild is None
                      and stream is None)
            with _forms_unread(unread), sent_forms.taking(None if unread else forms):
                per_output = _output_findings(outputs, output_rules, ctx, policy, jobs, stream)
        finally:
            pool.import_beside(())
        _pack_grids(outputs)
        gc_pacing.survivors_made_old()  # the per-output stage's, not walked again here
        found = _release_findings(outputs, release_rules, ctx, policy, apart)
    finally:
        ctx.audit_prebuild = None  # its systems, held by the audit until it is let go
        if forms is not None:
            forms.drop()
        if apart is not None:
            apart.close()
    released = _release_findings_by_output(outputs, found)

    statuses: dict[str, Status] = {}

    def check_published(base: Output) -> list[Finding]:
        return settled(run_output_rules(output_rules, base, ctx), policy, statuses)

    results = []
    for output in outputs:
        # settled and in report order already (where they were found); the release rules'
        # findings (settled too) sorted in
        held, extra = per_output[id(output)], released.get(id(output), [])
        if extra or output.sidecar is not None or book.waivers:  # changed here: a list
            findings = list(held) + extra
        else:  # as found (columns, when many: ``sdc.finding_columns``)
            findings = held  # type: ignore[assignment]
        if output.sidecar is not None:
            # a sidecar only adds checks: what the published numbers alone raise stays listed
            from sdc.sidecar_bounds import bound_by_published

            findings = bound_by_published(output, findings, check_published,
                                          trust=policy.model.sidecar_evidence == "trust")
        book.apply_all(findings)
        if extra or output.sidecar is not None:
            # sorted runs joined: a stable sort keeps the serial order of ties
            findings.sort(key=_finding_order)
        results.append(OutputResult(
            path=output.path, sheet=output.sheet, kind=output.kind, sha256=output.sha256,
            findings=findings, table=report_view(output.table),
            description=output.request.get("description"),
            justification=output.request.get("justification"),
            table_number=output.table_number,
        ))
    return results, book.unused()


def _plan_prebuild(outputs: list[Output], release_rules: list[Rule[Any]], ctx: CheckContext,
                   policy: Policy, jobs: int, stream: ReadStream | None = None
                   ) -> AuditPrebuild | None:
    """``sdc check`` (models let go): the audit's systems built as each table's per-output
    rules end (under ``-j N`` where they ran, beside its form), so its model goes there
    (``sdc.audit_prebuild``); None otherwise (the audit builds them, as the Python API's
    checks do). ``stream``: the read's, whose prebuild has the taken tables' systems."""
    if ctx.keep_models or jobs != ctx.jobs:
        return None
    from sdc.audit_prebuild import AuditParams, AuditPrebuild

    streamed = stream.planned(outputs) if stream is not None else None
    if streamed is not None:
        return streamed
    return AuditPrebuild.plan(outputs, [rule.code for rule in release_rules],
                              AuditParams.of(ctx.policy), LayoutOptions.of(policy.read_options()))


def _audit_imports_beside(prebuild: AuditPrebuild | None, jobs: int) -> None:
    """``sdc check -j N`` (the audit's systems built beside the per-output rules): when a
    table hides a cell, the modules the audit imports after its systems are built
    (``suppression.AUDIT_IMPORTS``) imported while that pool's workers compute
    (``sdc.pool.import_beside``); without a prebuild the audit asks for them itself."""
    if jobs > 1 and prebuild is not None and prebuild.build.needed:
        from sdc.rules.suppression import AUDIT_IMPORTS

        pool.import_beside(AUDIT_IMPORTS)


def _pack_grids(outputs: list[Output]) -> None:
    """Each table's grid kept as codes once the per-output passes are done
    (``sdc.table.Grid.pack``): what is left reads it a few times at most (the audit's label
    columns, the reports), and its cells were most of what a large table held through the
    release rules (issue 14 §3). A model let go already (``sdc.audit_prebuild``) is not
    read: its report view was made as ``let_models_go`` makes it."""
    for output in outputs:
        if output.table is not None and not isinstance(output.table, TableStandIn):
            try:
                output.table.grid.pack()
            except Exception:  # a grid not packed is still whole: kept as rows
                continue


def settled(findings: list[Finding], policy: Policy, statuses: dict[str, Status]
            ) -> list[Finding]:
    """``findings`` with their statuses settled (``_settle``), in place."""
    for finding in findings:
        _settle(finding, policy, statuses)
    return findings


def checked_output(rules: list[Rule], output: Output, ctx: CheckContext, policy: Policy,
                   statuses: dict[str, Status]) -> list[Finding]:
    """The per-output rules' findings on one output, settled and in report order: what a
    ``-j`` worker sends back, so this work is spread over the pool too."""
    with _rows_while(output):  # this process takes a share of the items too: kept
        found = settled(run_output_rules(rules, output, ctx), policy, statuses)
    found.sort(key=_finding_order)
    return found


def kept_form(output: Output) -> ReleaseTable | None:
    """The compact form of ``output``'s table (``sdc.release_form``), made once its
    per-output rules have run (nothing changes its cells after them) and kept on it, so the
    release readers on the form read this one instead of making their own; a ``-j`` worker
    makes it where the rules ran and sends it back with the findings (``keep_sent_form``).
    None kept (the readers read the model) while ``_forms_unread``."""
    if output.table is None:
        return None
    form = None
    if not _FORMS_UNREAD:
        got, form = sent_forms.sent(output)  # made by SDC503's process: not made again
        if not got:
            try:
                form = ReleaseTable.of(output.table)
            except Exception:  # a bug making it: no form, the readers read the model
                form = None
    keep_form(output, form)
    return form


_FORMS_UNREAD: list[bool] = []  # set while the per-output rules' forms are not made


@contextmanager
def _forms_unread(unread: bool) -> Iterator[None]:
    """``unread``: the per-output stage makes no form (``kept_form`` keeps None: every reader
    reads the model, as it does of a table whose form could not be made). When SDC503 runs
    in its ``Apart``'s process (which makes its own: ``_keep_forms_apart``) and the models
    are kept (the API: no audit prebuild, no streamed read, no stand-in needing a form),
    the readers left here read a few tables (SDC501's share recoveries, SDC504's against a
    ledger) and the models are there: the 1,000 forms cost this process 0.15-0.2 s of CPU
    beside that process and a ``-j`` worker their pickling (round 34, fork34). Set before
    the pool forks, so a worker inherits it."""
    if unread:
        _FORMS_UNREAD.append(True)
    try:
        yield
    finally:
        if unread:
            _FORMS_UNREAD.pop()


def rules_done(output: Output) -> None:
    """``output``'s per-output rules have run: its table's lines (``Table.line_parts``, made
    by its coverage where it was read and read by those rules) are let go. The audit makes
    each table's lines again when it builds its systems and forgets them at once
    (``linking._forget_lines``), so a release no longer holds every table's lines from its
    read to the audit (~1 MiB a 1 MiB long table, issue 14 §3); making them again costs
    ~0.05 s a 1 MiB long table. A cache: the same lines when made again. A model let go
    already (its systems built right after its rules, reading these lines: not made twice)
    took its lines with it."""
    if output.table is not None and not isinstance(output.table, TableStandIn):
        output.table._lines_cache.clear()


def keep_sent_form(output: Output, form: ReleaseTable | None) -> None:
    """A form a ``-j`` worker made of ``output``'s table kept on the parent's ``output``,
    its measures the parent table's own objects (the cells it gives back compare their
    measures by identity, as the model's do)."""
    table = output.table
    sent_forms.unsent(output)  # (its entry holds the table)
    if table is None:
        return
    if form is not None:
        if len(form.measures) != len(table.measures):
            form = ReleaseTable.of(table)  # not the table the worker read: made here
        else:
            form.measures = list(table.measures)
    keep_form(output, form)


def _output_findings(outputs: list[Output], output_rules: list[Rule[Any]], ctx: CheckContext,
                     policy: Policy, jobs: int, stream: ReadStream | None = None
                     ) -> dict[int, Sequence[Finding]]:
    """The per-output rules' findings by output (``id``), settled and in report order, in a
    pool when ``jobs`` > 1; rule by rule otherwise (the same findings in the same order).
    A table ``stream`` took was checked where it was read: its findings and systems as that
    process sent them, added to the audit's build in order among the others. An output's
    many findings are held as columns (``sdc.finding_columns.packed``) from here to the
    report."""
    per_output: dict[int, Sequence[Finding]] = {}
    prebuild = ctx.audit_prebuild
    taken = stream.taken if stream is not None else {}
    if taken:
        stream.check(outputs, prebuild)  # type: ignore[union-attr]
        whole = [output for output in outputs if id(output) not in taken]
    else:
        whole = outputs

    def was_taken(output: Output) -> bool:
        found = taken.pop(id(output), None)
        if found is None:
            return False
        per_output[id(output)] = found.found
        stream.add(output, found)  # type: ignore[union-attr]
        return True

    each = (parallel.each_checked(whole, output_rules, ctx, policy, jobs, prebuild)
            if jobs > 1 and prebuild is not None else None)
    if each is not None:  # each result taken as it comes: its model goes before the next
        results = zip(whole, each, strict=True)
        for output in outputs:
            if was_taken(output):
                continue
            checked, (found, form, sent) = next(results)
            assert checked is output
            keep_sent_form(output, form)
            per_output[id(output)] = packed(found)
            if sent is parallel.BUILD_HERE:  # checked here: built here, as -j 1 builds it
                prebuild.add(output)  # before its lines go: the build reads them
                rules_done(output)
                continue
            rules_done(output)
            prebuild.add(output, sent)
        for _ in results:  # (none left: the strict zip's check)
            pass
        return per_output
    pooled = (parallel.check_outputs(outputs, output_rules, ctx, policy, jobs)
              if jobs > 1 and prebuild is None and not taken else None)
    if pooled is not None:
        for output, (found, form) in zip(outputs, pooled, strict=True):
            keep_sent_form(output, form)
            rules_done(output)  # those this process checked itself
            per_output[id(output)] = packed(found)
        return per_output
    # output by output (as the pool's workers do), each grid as rows only while its own
    # rules run; the same findings in the same order as rule by rule
    statuses: dict[str, Status] = {}
    for output in outputs:
        if was_taken(output):  # settled and sorted where it was read
            continue
        with _rows_while(output):
            found = [finding for rule in output_rules
                     for finding in _guarded(rule, output, partial(rule.check, output, ctx))]
        # settled and sorted now (a finding's status is the policy's for its rule, set alike
        # whatever the order), so that it is held as columns from here
        settled(found, policy, statuses).sort(key=_finding_order)
        per_output[id(output)] = packed(found)
        kept_form(output)
        if ctx.audit_prebuild is not None:  # its audit systems built: its model may go
            ctx.audit_prebuild.add(output)  # before its lines go: the build reads them
        rules_done(output)
    return per_output


def _apart_wanted(outputs: list[Output], release_rules: list[Rule[Any]], jobs: int) -> bool:
    """Whether the ``apart`` release rules run in a process of their own (``_start_apart``)."""
    return (jobs > 1 and len(outputs) >= pool.MIN_ITEMS_FOR_POOL
            and any(rule.apart for rule in release_rules)
            and not all(rule.apart for rule in release_rules))


def _apart_findings(outputs: list[Output], release_rules: list[Rule[Any]], ctx: CheckContext,
                    policy: Policy, forms: SentForms | None = None) -> dict[str, list[Finding]]:
    """The ``apart`` release rules' findings by rule code, settled (there too: they are
    many), computed serially as ``-j 1`` does. What an ``Apart``'s process runs (the parent,
    when that process fails, computes ``_apart_rules_findings`` on its own view). ``forms``:
    the tables' forms made there sent back to the parent first, which then need not make
    them again (``sdc.sent_forms``)."""
    view = _release_view(outputs, policy)
    _keep_forms_apart(view)
    if forms is not None:
        with suppress(Exception):  # none sent: the parent makes its own
            forms.send(outputs)
    return _sent_shared(_apart_rules_findings(view, release_rules, ctx, policy))


def _sent_shared(found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """``found``, in an ``Apart``'s process before it is pickled back, with equal locations
    and equal texts made one object each: the pickle then holds each once, and the parent
    (which loads it while its own work waits for the lock) makes each once. SDC503's 15,878
    findings on 1,000 tables name 40,811 locations, 7,102 of them distinct, in 4,052
    distinct messages: 5.5 MB → 2.2 MB, loaded in 0.06 s instead of 0.12. Only immutable
    values are shared (each finding and its evidence stay its own); the same values."""
    same: dict[Any, Any] = {}
    put = object.__setattr__  # as they are: ``Finding.__setattr__`` would clean texts again
    for findings in found.values():
        for finding in findings:
            put(finding, "location", same.setdefault(finding.location, finding.location))
            if finding.related:
                put(finding, "related", [same.setdefault(loc, loc) for loc in finding.related])
            put(finding, "message", same.setdefault(finding.message, finding.message))
            if finding.public_message is not None:
                put(finding, "public_message",
                    same.setdefault(finding.public_message, finding.public_message))
            evidence = finding.evidence
            for key, value in evidence.items():
                if type(value) is str:
                    evidence[key] = same.setdefault(value, value)
    return found


APART_FORM_CELLS = 2_000_000  # cells whose forms an Apart's process keeps (~40 MiB of forms)


def _keep_forms_apart(outputs: list[Output]) -> None:
    """In an ``Apart``'s process, forked before the per-output rules made and kept each
    table's compact form (``kept_form``): the forms of the first tables, up to
    ``APART_FORM_CELLS`` cells in all, made once and kept there. SDC503 reads each table's
    form four times (its count index, cuttings, pairs and locations: ``form_of``), and a
    form not kept is made again each time: 4,000 forms on 1,000 tables, ~0.5 s of that
    process's CPU under ``-j 2``, which the pools' worker waited for. The same forms, made
    from the same tables after the same preparation, as those made each time; the budget
    bounds what that process holds beside the models it shares (a release of long tables
    keeps a few, and makes the rest's as it did: issue 14 §3)."""
    budget = APART_FORM_CELLS
    for output in outputs:
        table = output.table
        if table is None or isinstance(table, TableStandIn):
            continue
        budget -= len(table.cells)
        if budget < 0:
            return
        kept_form(output)


def _apart_rules_findings(view: list[Output], release_rules: list[Rule[Any]],
                          ctx: CheckContext, policy: Policy) -> dict[str, list[Finding]]:
    """``_apart_findings`` on the release rules' ``view`` of the outputs, made already."""
    alone = replace(ctx, jobs=1)
    statuses: dict[str, Status] = {}
    outputs = view
    return {rule.code: settled(_guarded(rule, None, partial(rule.check_release, outputs, alone)),
                               policy, statuses)
            for rule in release_rules if rule.apart}


def _apart_findings_here(view: list[Output], release_rules: list[Rule[Any]],
                         ctx: CheckContext, policy: Policy) -> dict[str, list[Finding]]:
    """``_apart_rules_findings`` here, its ``Apart``'s process broken: the tables' forms
    made first, as that process made them (``_keep_forms_apart``; the per-output stage may
    have left them unmade, ``_forms_unread``), so SDC503 reads each once, not the model."""
    _keep_forms_apart(view)
    return _apart_rules_findings(view, release_rules, ctx, policy)


def _start_apart(outputs: list[Output], release_rules: list[Rule[Any]], ctx: CheckContext,
                 policy: Policy, *, send_forms: bool = False
                 ) -> tuple[pool.Apart[dict[str, list[Finding]]] | None, SentForms | None]:
    """Under ``-j``: the ``apart`` release rules (SDC503) started in a forked process of their
    own, computed there serially (as ``-j 1`` does), while this process runs the per-output
    rules and the other release rules (the audit) with their pools: the work this process
    does alone between pools (linking the audit's tables, its components) then has the other
    core busy beside it, and the small pools SDC503 started (with their forks, pickling and
    idle ends) are gone. None (each part pooled here) when no other release rule runs here
    meanwhile. While that process computes, the pools started here (the per-output rules,
    the audit's table systems) do their items in this process and fork a worker only once it
    is done (``sdc.pool.map_indices``): the other core is its. ``send_forms``: that process
    sends the tables' forms it makes back (``sdc.sent_forms``: the channel, else None)."""
    if not _apart_wanted(outputs, release_rules, ctx.jobs):
        return None, None
    _import_for_apart(release_rules)
    forms = SentForms.open(outputs) if send_forms else None
    apart = pool.Apart(partial(_apart_findings, outputs, release_rules, ctx, policy, forms))
    return apart, _forked(apart, forms)


def _forked(apart: pool.Apart[Any], forms: SentForms | None) -> SentForms | None:
    """``forms`` once ``apart``'s process is forked (its pipe's writing end closed here),
    None (dropped) when no process was."""
    if forms is None:
        return None
    if not apart.forked:
        forms.drop()
        return None
    forms.forked()
    return forms


def _import_for_apart(release_rules: list[Rule[Any]]) -> None:
    """The ``apart`` rules' modules, imported here before their process forks: it then
    inherits them instead of importing them again beside this process's own import."""
    for rule in release_rules:
        if rule.apart:
            for name in rule.apart_imports:
                importlib.import_module(name)


class _EarlyApart:
    """Under ``-j``: the ``apart`` release rules (SDC503) started as soon as a folder's files
    are read, before this process searches the whole release for smuggled pieces
    (``release_blobs``, work no other process shares), so the other core has work meanwhile.

    The forked process goes on from the outputs as read through the steps this process takes
    after that search: the records' ``finish``, the check's context and preparation
    (``_prepare``), then the ``apart`` rules. Its result is used only when the search changed
    nothing (``searched``: no output added, no hidden item added to any output, which is all
    ``release_blobs`` changes): then both processes took the same steps from the same state.
    Otherwise its process is stopped and the rules start after the search, as before."""

    def __init__(self, policy: Policy, ledger: Any, jobs: int, *, send_forms: bool = False
                 ) -> None:
        self.policy, self.ledger, self.jobs = policy, ledger, jobs
        self.folder: Path | None = None
        self.apart: pool.Apart[dict[str, list[Finding]]] | None = None
        # its process's forms sent back (``sdc.sent_forms``): ``sdc check``, whose models are
        # let go (each stand-in holds its form, which the parent would make again)
        self.send_forms = send_forms
        self.forms: SentForms | None = None
        self._before: tuple[int, int] | None = None

    @staticmethod
    def _state(outputs: list[Output]) -> tuple[int, int]:
        return len(outputs), sum(len(o.hidden) for o in outputs)

    def start(self, outputs: list[Output], notes: ReleaseAnnotations, folder: Path | None,
              *, streamed: bool = False) -> None:
        """Started on ``outputs`` as read; ``streamed``: some of them checked where they were
        read (``sdc.stream_read``, which made their forms there): no forms sent back."""
        self.folder = folder
        release_rules = [r for r in _enabled_rules(self.policy) if r.scope == "release"]
        if not _apart_wanted(outputs, release_rules, self.jobs):
            return
        self._before = self._state(outputs)
        _import_for_apart(release_rules)
        forms = SentForms.open(outputs) if self.send_forms and not streamed else None

        def work() -> dict[str, list[Finding]]:  # in the forked process: its own copies
            notes.finish(outputs)
            ctx = _context(self.policy, self.folder, notes.request.request, self.ledger,
                           self.jobs)
            _prepare(outputs, self.policy)
            rules = [r for r in _enabled_rules(self.policy) if r.scope == "release"]
            return _apart_findings(outputs, rules, ctx, self.policy, forms)

        self.apart = pool.Apart(work)
        self.forms = _forked(self.apart, forms)

    def searched(self, outputs: list[Output]) -> None:
        """After the search: the early result is dropped unless it changed nothing."""
        if self.apart is not None and self._state(outputs) != self._before:
            self.apart.drop()
            self.apart = None
            self._drop_forms()

    def close(self) -> None:
        """Done (its result taken, or the check stopped by an error): nothing left running."""
        if self.apart is not None:
            self.apart.drop()
            self.apart = None
        self._drop_forms()

    def _drop_forms(self) -> None:
        if self.forms is not None:
            self.forms.drop()
            self.forms = None


def _release_findings(outputs: list[Output], release_rules: list[Rule[Any]],
                      ctx: CheckContext, policy: Policy,
                      apart: pool.Apart[dict[str, list[Finding]]] | None) -> list[Finding]:
    """The release rules' findings, settled, in rule order; an ``apart`` rule's from
    ``apart``."""
    found: list[Finding] = []
    statuses: dict[str, Status] = {}
    outputs = _release_view(outputs, policy, ctx.audit_prebuild)
    # its process broken: computed here on this view, as ``-j 1`` does (not made again from
    # the outputs, whose models may be gone since: ``sdc.table_standin``)
    here = partial(_apart_findings_here, outputs, release_rules, ctx, policy)
    for rule in release_rules:
        if rule.apart and apart is not None:
            found += apart.result(here)[rule.code]
        else:
            found += settled(_guarded(rule, None, partial(rule.check_release, outputs, ctx)),
                             policy, statuses)
    return found


def _release_view(outputs: list[Output], policy: Policy,
                  prebuild: AuditPrebuild | None = None) -> list[Output]:
    """What the release rules read: the outputs, and the counts of each ``n (%)`` table as a
    count table at the same places (``sdc.n_percent_view``); those ``prebuild`` made after
    each table's rules, before its model went (``sdc.audit_prebuild``), are not made again."""
    from sdc.n_percent_view import counted_outputs

    made = dict(prebuild.views) if prebuild is not None else {}
    # a table let go has no view (a prebuild's add, or where it was read: ``sdc.stream_read``)
    made.update((id(o), None) for o in outputs if isinstance(o.table, TableStandIn))
    try:
        return counted_outputs(outputs, LayoutOptions.of(policy.read_options()), made=made)
    except Exception as exc:  # a bug must fail closed: those counts would go unlinked
        for o in outputs:  # a table with cells may hold n (%) columns too: every table
            if o.table is not None:
                o.fail_closed("read its 'n (%)' counts as a table for the release rules", exc)
        return outputs


def _release_findings_by_output(outputs: list[Output], found: list[Finding]
                                ) -> dict[int, list[Finding]]:
    """The release rules' findings by output (``id``), each on the output at its location
    (the first output when it names none of them), in the order found."""
    by_location = {(o.path, o.sheet): o for o in outputs}
    by_output: dict[int, list[Finding]] = {}
    for finding in found:
        owner = by_location.get((finding.location.path, finding.location.sheet))
        if owner is None and outputs:
            owner = outputs[0]
        if owner is not None:
            by_output.setdefault(id(owner), []).append(finding)
    return by_output


def read_release(paths: Sequence[str | Path], policy: Policy,
                 progress: ProgressCallback | None = None, excludes: Excludes | None = None,
                 jobs: int = 1, *, early: _EarlyApart | None = None,
                 slot: StreamSlot | None = None
                 ) -> tuple[list[Output], Request, Path | None, str | None]:
    """Discover and read every output under ``paths``; apply request.toml declarations.
    ``excludes`` None (the release workflow) reads every file. ``early`` (one folder or
    files): started once the files are read (``_EarlyApart``). ``slot`` (``sdc check``, its
    models let go; one folder or files): a large release's tables checked where they are
    read (``sdc.stream_read``), the stream left in it."""
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(str(root))
    folders = [r for r in roots if r.is_dir()]
    if len(folders) > 1:
        return _read_folders(roots, folders, policy, progress, excludes, jobs)
    folder = folders[0] if folders else None
    notes = release_annotations(folder, roots)  # request.toml, ACRO, claims (sdc.annotations)
    files = [(file, rel, root) for root in roots for file, rel in discover(root, excludes)]
    stream = None
    if slot is not None and large_enough(files):  # else not imported before the read
        from sdc.stream_read import ReadStream

        stream = slot.stream = ReadStream.begin(policy, files, folder, notes, slot.ledger,
                                                jobs)
    outputs = _read_annotated(files, notes, policy, progress, jobs, stream=stream)
    if early is not None:
        early.start(outputs, notes, folder, streamed=stream is not None)
    for found in release_blobs(outputs, policy.read_options()):  # pieces spread over files
        notes.annotate(found)
        outputs.append(found)
    if early is not None:
        early.searched(outputs)
    notes.finish(outputs)
    return outputs, notes.request.request, folder, notes.request.error


def _read_annotated(files: list[tuple[Path, str, Path]], notes: ReleaseAnnotations,
                    policy: Policy, progress: ProgressCallback | None, jobs: int,
                    done: int = 0, of: int | None = None, *, stream: ReadStream | None = None
                    ) -> list[Output]:
    """Read ``files`` and annotate each output as it is read (progress counted from
    ``done`` of ``of``). ``stream``: each table it takes checked where it was read, its model
    let go there (``sdc.stream_read``)."""
    of = len(files) if of is None else of
    # a release of one file is packed on read too: its per-output rules then run beside its
    # codes, not its cells. A long table's rules read texts only, so it is not unpacked for
    # them and ``_pack_grids`` finds it packed (no grid of examples/, the corpus or the ACRO
    # folders is unpacked for its rules); the 100,000-row long table's rules peaked at
    # 134.5 MiB beside its cells, ~105 beside its codes. A table whose rules ask for cells
    # is unpacked for them and packed again after (``_rows_while``)

    def prepare(read: list[Output]) -> None:  # where the file was read (a -j worker)
        for output in read:
            try:
                notes.annotate(output)
            except Exception as exc:  # a bug must fail closed, not lose the release
                output.fail_closed("apply the release's records to it", exc)
            _cover(output, policy)
            _pack_read(output)
            if stream is not None:
                stream.take(output)

    outputs: list[Output] = []
    shared = SharedLabels()  # linked tables' equal label tuples held once (issue 14 §3)
    audit_asked = jobs <= 1  # (``parallel.audit_imports_beside``: asked once)
    if jobs > 1:  # imported while the read's workers compute (``AFTER_READ``)
        pool.import_beside(AFTER_READ)
    each = parallel.read_outputs(files, policy, jobs, prepare)
    try:
        for i, ((_file, rel, _root), read) in enumerate(zip(files, each, strict=True)):
            if progress is not None:
                progress(done + i, of, rel)
            for output in read:
                if stream is not None:
                    stream.received(output)  # StreamRestart: a table wants every model
                if output.table is not None and not isinstance(output.table, TableStandIn):
                    shared.share(output.table.cells)
            outputs.extend(read)
            if not audit_asked:
                audit_asked = parallel.audit_imports_beside(read, AFTER_READ)
    finally:
        each.close()  # (stopped: the pool's workers let go)
        if jobs > 1:
            pool.import_beside(())
    if progress is not None and done + len(files) == of:
        progress(of, of, "")
    return outputs


@dataclass
class StreamSlot:
    """What ``run`` gives ``read_release`` for a streamed read (``sdc.stream_read``): the
    ledger the per-output rules get, and the read's stream once it is made (None: read as
    before)."""

    ledger: Any
    stream: ReadStream | None = None


def _read_folders(roots: list[Path], folders: list[Path], policy: Policy,
                  progress: ProgressCallback | None, excludes: Excludes | None, jobs: int
                  ) -> tuple[list[Output], Request, Path | None, str | None]:
    """Several folders checked as one release (``sdc check A B``): each folder's own
    request.toml, ACRO results.json and claims describe its own outputs only (two ACRO
    sessions each have an ``output_0_0.csv``), and each output's path starts with its folder
    as given, so paths stay unique and every finding lands on its own output. Files given
    beside the folders are read as when only files are checked. The rules then run over all
    the outputs together (differencing across the folders is still checked). The request is
    the first folder's, with every folder's waivers (their paths prefixed likewise)."""
    groups = [(root, [(file, rel, root) for file, rel in discover(root, excludes)])
              for root in roots]
    total = sum(len(files) for _, files in groups)
    loose = [r for r in roots if r not in folders]
    outputs: list[Output] = []
    requests: list[tuple[str, ReleaseAnnotations]] = []
    done = 0
    for root, files in groups:
        if root not in folders:
            continue
        notes = release_annotations(root, [root])
        read = _read_annotated(files, notes, policy, progress, jobs, done, total)
        done += len(files)
        notes.finish(read)
        prefix = root.as_posix().rstrip("/") + "/"
        for output in read:
            output.path = prefix + output.path
        requests.append((prefix, notes))
        outputs += read
    if loose:
        notes = release_annotations(None, loose)
        files = [f for root, group in groups if root in loose for f in group]
        read = _read_annotated(files, notes, policy, progress, jobs, done, total)
        notes.finish(read)
        outputs += read
    outputs += release_blobs(outputs, policy.read_options())  # pieces spread over files
    first = requests[0][1].request
    waivers = [w.model_copy(update={"path": prefix + w.path})
               for prefix, notes in requests for w in notes.request.request.waivers]
    request = first.request.model_copy(update={"waivers": waivers})
    return outputs, request, folders[0], first.error


def check(paths: str | Path | Sequence[str | Path], policy: Policy | str | Path | None = None,
          *, profile: str | None = None, progress: ProgressCallback | None = None,
          ledger: Any = None, excludes: Excludes | None = None,
          in_release: bool = False, jobs: int = 1, keep_models: bool = True) -> RunResult:
    """Check a release request (folders and/or files) against a policy.

    ``policy`` may be a ``Policy``, a path to a rules.toml, or None to discover it like
    ``sdc check`` does (``$SDC_POLICY``, else sdc.toml/rules.toml/[tool.sdc] walking up from the
    working directory when that is outside ``paths``, else the built-in defaults).
    ``ledger`` (an open ``sdc.ledger`` Ledger) lets SDC504 compare the outputs with those
    already released. ``excludes`` (see ``sdc.excludes``) skips files in folder checks; None
    checks every file. With ``in_release`` (what ``sdc check`` does) and only files given, each
    file is checked within its release (``sdc.release_context``): the same findings as checking
    the release folder.
    ``jobs`` processes read and check the outputs (``sdc.parallel``); the result is the same.
    ``keep_models`` False (``sdc check``, the web app): each table's model is let go once its
    audit systems are built (``sdc.table_standin``), and each result's ``table`` is what the
    reports read of it (``ReportTable``); the same findings.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if not isinstance(policy, Policy):
        policy = load_policy(policy, profile=profile, checked=list(paths))
    if in_release and paths and all(Path(p).is_file() for p in paths):
        from sdc.release_context import check_files  # each file within its release

        return check_files([Path(p) for p in paths], policy, progress=progress,
                           ledger=ledger, excludes=excludes, keep_models=keep_models)
    return check_release(paths, policy, progress=progress, ledger=ledger, excludes=excludes,
                         jobs=jobs, keep_models=keep_models)


def check_release(paths: Sequence[str | Path], policy: Policy, *,
                  progress: ProgressCallback | None = None, ledger: Any = None,
                  excludes: Excludes | None = None, jobs: int = 1,
                  keep_models: bool = True) -> RunResult:
    """Check ``paths`` as one release, as given: files are checked without looking for the
    release around them (``check`` does that)."""
    return run(paths, policy, progress=progress, ledger=ledger, excludes=excludes,
               jobs=jobs, keep_models=keep_models).result


@dataclass
class Checked:
    """A check's result and the outputs it read (with their parsed tables), for callers that
    go on working with them (the ledger's snapshot, protect)."""

    result: RunResult
    outputs: list[Output]


def run(paths: Sequence[str | Path], policy: Policy, *,
        progress: ProgressCallback | None = None, ledger: Any = None,
        excludes: Excludes | None = None, jobs: int = 1, keep_models: bool = True) -> Checked:
    """Read ``paths`` as one release and check it. ``ledger`` (an open ``sdc.ledger`` Ledger)
    lets SDC504 compare the outputs with those already released; ``excludes`` skips files in
    folder checks (None reads every file); what they skipped is listed on the result.
    ``keep_models`` False: a large release's tables checked where they are read
    (``sdc.stream_read``); when a table turns out to want every model, the release is read
    and checked again as before (the first read's outputs let go first)."""
    start = len(excludes.skipped) if excludes is not None else 0
    slot = StreamSlot(ledger) if not keep_models else None
    checked: Checked | None = None
    restart = (_stream_restart(),) if slot is not None else ()  # none raised unstreamed
    with suppress(*restart):  # (retried outside: its frames hold the first read)
        checked = _run_once(paths, policy, progress, ledger, excludes, jobs, keep_models, slot)
    if checked is None:
        if excludes is not None:
            del excludes.skipped[start:]
        checked = _run_once(paths, policy, progress, ledger, excludes, jobs, keep_models, None)
    if excludes is not None:  # replace: the result makes the paths printable
        checked.result = replace(checked.result, excluded=[
            {"path": rel, "by": excludes.reasons.get(rel, "exclude")}
            for rel in excludes.skipped[start:]])
    return checked


def _stream_restart() -> type[Exception]:
    """``sdc.stream_read.StreamRestart``, raised only by a streamed read (from
    ``sdc.stream_gate``: the stream's module is imported only for a release it may stream)."""
    return StreamRestart


def _run_once(paths: Sequence[str | Path], policy: Policy, progress: ProgressCallback | None,
              ledger: Any, excludes: Excludes | None, jobs: int, keep_models: bool,
              slot: StreamSlot | None) -> Checked:
    """``run``'s read and check; ``slot``: streamed (``StreamRestart`` when it cannot be)."""
    from sdc.gc_pacing import fewer_collections

    early = _EarlyApart(policy, ledger, jobs, send_forms=not keep_models) if jobs > 1 else None
    try:
        with fewer_collections():  # large tables: many small objects that live the whole check
            outputs, request, folder, _ = read_release(paths, policy, progress, excludes, jobs,
                                                       early=early, slot=slot)
            return run_outputs(outputs, policy, root=folder, request=request, ledger=ledger,
                               jobs=jobs, early=early.apart if early is not None else None,
                               forms=early.forms if early is not None else None,
                               keep_models=keep_models,
                               stream=slot.stream if slot is not None else None)
    finally:
        if early is not None:
            early.close()


def _context(policy: Policy, root: Path | None, request: Request, ledger: Any, jobs: int,
             keep_models: bool = True) -> CheckContext:
    return CheckContext(policy=policy, root=root,
                        request=request.request.model_dump(exclude_none=True), ledger=ledger,
                        jobs=jobs, keep_models=keep_models)


def run_outputs(outputs: list[Output], policy: Policy, *, root: Path | None = None,
                request: Request | None = None, ledger: Any = None, jobs: int = 1,
                early: pool.Apart[dict[str, list[Finding]]] | None = None,
                keep_models: bool = True, stream: ReadStream | None = None,
                forms: SentForms | None = None) -> Checked:
    """Check outputs already read (or built in memory by the Python API); ``early``,
    ``stream``, ``forms``: see ``check_outputs``; ``keep_models``: see ``check``."""
    request = request if request is not None else Request()
    ctx = _context(policy, root, request, ledger, jobs, keep_models)
    results, unused = check_outputs(outputs, policy, ctx, request, jobs=jobs, early=early,
                                    stream=stream, forms=forms)
    result = RunResult(
        tool_version=__version__,
        policy=PolicyInfo(source=policy.source, profile=policy.profile, sha256=policy.sha256,
                          params=policy.effective_params(), reason=policy.reason),
        outputs=results,
        unused_waivers=unused,
        request=ctx.request,
        root=str(root) if root is not None else None,
        rules=rule_infos(policy),
    )
    return Checked(result=result, outputs=outputs)


def rule_infos(policy: Policy) -> dict[str, RuleInfo]:
    """Every registered rule's metadata and the status ``policy`` gives it."""
    return {code: RuleInfo(code=code, name=rule.name, summary=rule.summary, doc=rule.doc(),
                           status=policy.params(rule).status if policy.is_enabled(rule)
                           else "off")
            for code, rule in REGISTRY.items()}
