"""``sdc.protect``: make a failing table safe and prove it with ``sdc check``.

``protect(path_or_table, method=...)`` reads the table as ``sdc check`` does, decides what to
change, and returns a :class:`ProtectResult`; ``result.write(path)`` writes the protected file in
the input's shape (CSV -> CSV, XLSX -> XLSX), a log of every change and why, and checks the file
written with the same policy (``result.verification``, ``result.status``).

Methods: ``suppress`` (primary suppression from the rules, secondary suppression so no hidden
cell can be recovered or pinned: MILP or heuristic), ``round`` (conventional rounding to a base),
``opensafely`` (redact small counts, round to 5, totals recomputed) and ``midpoint6``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

import numpy as np

from sdc import readers
from sdc.errors import InputError
from sdc.linking import build_table_system
from sdc.outputs import Output
from sdc.policy import Policy, PolicyError, build_policy, load_policy
from sdc.protect.build import COST_KINDS, problem_from_table
from sdc.protect.components import solve_components
from sdc.protect.deadline import AUTO, Deadline, OutOfTime, resolve_limit
from sdc.protect.insider_repair import repair_insiders
from sdc.protect.pattern import Pattern, needs
from sdc.protect.primary import PrimaryCell, find_primaries
from sdc.protect.problem import ProtectionError, SuppressionProblem, shortfalls
from sdc.protect.reach_model import PatternReach
from sdc.protect.rounding_plan import ROUNDING_METHODS, plan_rounding
from sdc.protect.secondary_gauss import gauss
from sdc.protect.secondary_heuristic import VERIFY_LIMIT, heuristic
from sdc.protect.secondary_milp import solve_milp
from sdc.protect.writer import CellValue, write_csv, write_xlsx
from sdc.readers import read_output
from sdc.readers.values import MarkerSet
from sdc.results import OutputResult, RunResult, Status
from sdc.rules.protection_levels import DominanceLevels
from sdc.table import DataCell, Measure, Table

# the readers' extensions, typed here (sdc.readers exports them lazily, through __getattr__)
TABLE_EXTENSIONS = cast("set[str]", readers.TABLE_EXTENSIONS)
WORKBOOK_EXTENSIONS = cast("set[str]", readers.WORKBOOK_EXTENSIONS)
METHODS = ("suppress", *ROUNDING_METHODS)
SECONDARY = ("auto", "milp", "heuristic", "gauss")
MILP_AUTO_CELLS = 200_000  # "auto": the MILP (then a repair) up to this many cells, gauss above
# "auto" on a full grid of three or more dimensions: gauss above this many cells (the MILP took
# 15-25 s on a 3-D table of 10,000 cells and did not finish one of 100,000 in 5 minutes; gauss
# with the box repair took 2-3 s and 40-50 s, within 1.1x the MILP's cells at 10,000)
CUBE_AUTO_CELLS = 5_000
MILP_SHARE = 0.6  # of the time left, what the MILP may take before a repair
DEFAULT_BASE = 5


class ProtectError(InputError, ValueError):
    """Bad input: the file, the options or the policy (the CLI exits 2)."""


@dataclass
class Decision:
    """One changed cell and why (messages are value-free)."""

    path: str
    sheet: str | None
    cell: str
    row_label: str | None
    column_label: str | None
    action: str  # primary, secondary, hidden (already on input), redacted, rounded, recomputed
    reasons: list[str] = field(default_factory=list)
    protects: list[str] = field(default_factory=list)
    interval: tuple[float, float] | None = None

    @property
    def ref(self) -> str:
        """``B2``, or ``[Sheet1]B2`` in a workbook."""
        return (f"[{self.sheet}]" if self.sheet else "") + self.cell

    def where(self) -> str:
        label = " / ".join(x for x in (self.row_label, self.column_label) if x)
        return self.ref + (f" ({label})" if label else "")


@dataclass
class MeasureReport:
    """How the secondary suppression of one measure went."""

    sheet: str | None
    measure: str
    cells: int
    primaries: int
    secondaries: int
    method: str
    optimal: bool
    cost: float
    lower_bound: float | None
    seconds: float
    unresolved: list[str] = field(default_factory=list)


@dataclass
class ProtectResult:
    """What ``protect`` decided; ``write`` applies it and checks the file written."""

    source: Path | None
    outputs: list[Output]
    method: str
    cost: str
    policy: Policy
    marker: str
    changes: dict[str | None, dict[tuple[int, int], CellValue]]
    decisions: list[Decision]
    measures: list[MeasureReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    input_results: list[OutputResult] = field(default_factory=list)
    verification: RunResult | None = None
    written: Path | None = None
    log_path: Path | None = None
    timed_out: bool = False  # the time limit stopped the suppression before it was done
    time_limit: float | None = None  # seconds the suppression had (the default: by size)
    # hidden cells the written file's check still asks their protection of (SDC501/SDC502)
    checked_unresolved: list[str] = field(default_factory=list)

    @property
    def unprotected(self) -> list[str]:
        """Hidden cells not proven protected (the time limit, or no pattern found), and after
        ``write`` every hidden cell the written file's check flags as unprotected: the plan
        proves its cells against its own model of the table, and the check may read more
        (a hidden total beside printed tops), so the two lists must agree (round 52)."""
        planned = [ref for m in self.measures for ref in m.unresolved]
        return planned + [ref for ref in self.checked_unresolved if ref not in planned]

    @property
    def status(self) -> Status | None:
        """The verdict of ``sdc check`` on the written file (``None`` before ``write``);
        ``fail`` whenever a cell is not proven protected, whatever the check says (fail
        closed: a table stopped half-way is never reported safe)."""
        if self.verification is None:
            return None
        return Status.FAIL if self.unprotected else self.verification.status

    @property
    def suppressed(self) -> list[str]:
        """References of the cells hidden by this protection (``[Sheet]B2`` for workbooks)."""
        return [d.ref for d in self.decisions
                if d.action in ("primary", "secondary", "redacted")]

    def write(self, target: str | Path, *, log: bool | str | Path = True) -> RunResult:
        """Write the protected table (and the log), then ``sdc check`` it."""
        target = Path(target)
        _check_target(self, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.outputs[0].extension in WORKBOOK_EXTENSIONS:
            assert self.source is not None
            write_xlsx(self.source, self.outputs, self.changes, target)
        else:
            write_csv(self.outputs[0], self.changes.get(self.outputs[0].sheet, {}), target)
        if self.source is not None:
            from sdc.evidence.sidecar import sidecar_path, stamp_file

            side = sidecar_path(self.source)
            if side.is_file():
                shutil.copyfile(side, sidecar_path(target))
                stamp_file(sidecar_path(target))  # it now describes the protected file
                self.notes.append(f"the evidence sidecar was copied beside the output "
                                  f"({sidecar_path(target).name}); it stays in the TRE")
        from sdc.engine import check

        self.verification = check(target, self.policy)
        self.written = target
        self.checked_unresolved = _checked_unresolved(self, self.verification)
        if log is not False:
            self.log_path = target.with_name(target.name + ".log.txt") if log is True \
                else Path(log)
            self.log_path.write_text(self.log_text(), encoding="utf-8")
        return self.verification

    def log_text(self) -> str:
        from sdc.protect.log import log_text

        return log_text(self)


# -- entry point ---------------------------------------------------------------------------------


def protect(
    source: str | Path | Output | Any,
    *,
    method: str = "suppress",
    cost: str = "cells",
    policy: Policy | str | Path | Mapping[str, Any] | None = None,
    profile: str | None = None,
    marker: str | None = None,
    base: int | None = None,
    secondary: str = "auto",
    time_limit: float | str | None = AUTO,
    include_review: bool = False,
    jobs: int = 1,
) -> ProtectResult:
    """Protect a table file (CSV/XLSX), an ``Output`` or an ``SDCTable``; see the module doc.

    ``cost`` is ``cells`` (fewest suppressions), ``value`` (least total value) or the name of a
    column of a long table holding each row's cost. ``secondary`` picks ``milp`` (optimal,
    time-limited, completed by the heuristic when the limit stops it), ``heuristic`` (fast),
    ``gauss`` (Gaussian elimination, then the heuristic's check and repair) or
    ``auto`` (the MILP for tables up to ``MILP_AUTO_CELLS`` cells, else ``gauss``; ``gauss``
    too for full grids of three or more dimensions above ``CUBE_AUTO_CELLS`` cells).
    ``time_limit`` (seconds, ``None`` for none) bounds the whole secondary suppression of every
    measure together; cells it stops before proving protected are in ``result.unprotected``.
    By default (``"auto"``) it grows with the table: ``default_time_limit`` of its cells (30 s
    up to 12,000 cells, 250 s at 100,000).
    ``jobs`` solves independent components of a measure in that many processes.
    """
    if method not in METHODS:
        raise ProtectError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    if secondary not in SECONDARY:
        raise ProtectError(f"unknown secondary {secondary!r} (choose from {', '.join(SECONDARY)})")
    if base is not None and base < 2:
        raise ProtectError(f"--base must be 2 or more, got {base}")
    pol = _resolve_policy(policy, profile, source)
    outputs, path = _read(source, pol)
    chosen = choose_marker(pol, marker, method)
    result = ProtectResult(source=path, outputs=outputs, method=method, cost=cost, policy=pol,
                           marker=chosen, changes={o.sheet: {} for o in outputs}, decisions=[])
    if method == "suppress":
        result.time_limit = _time_limit(time_limit, outputs)
        deadline = Deadline(result.time_limit)
        _suppress(result, secondary=secondary, deadline=deadline,
                  include_review=include_review, jobs=jobs)
        result.timed_out = deadline.reached
        if result.timed_out:
            result.notes.append(
                f"the time limit ({result.time_limit:g} s) stopped the suppression: "
                + (f"{len(result.unprotected)} hidden cell(s) are not proven protected; this "
                   "table is not safe to release" if result.unprotected else
                   "every hidden cell was proven protected before it"))
    else:
        _round(result, base)
    return result


def _time_limit(limit: float | str | None, outputs: list[Output]) -> float | None:
    """Seconds for the suppression: ``limit``, or by default what the tables' size needs."""
    try:
        return resolve_limit(limit, sum(len(o.table.cells) for o in outputs
                                        if o.table is not None and o.unreadable is None))
    except ValueError as exc:
        raise ProtectError(str(exc)) from None


def _resolve_policy(policy: Any, profile: str | None, source: Any) -> Policy:
    try:
        if isinstance(policy, Policy):
            return policy
        if isinstance(policy, Mapping):
            raw = dict(policy)
            return build_policy(raw, profile=profile or raw.get("profile"))
        if policy is None and profile is None and isinstance(getattr(source, "policy", None),
                                                             Policy):
            return source.policy  # an SDCTable keeps the policy it was made with
        return load_policy(policy, profile=profile)
    except PolicyError as exc:
        raise ProtectError(f"invalid policy: {exc}") from None


def _read(source: Any, policy: Policy) -> tuple[list[Output], Path | None]:
    path: Path | None
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise ProtectError(f"no such file: {path}")
        ext = path.suffix.lower().lstrip(".")
        if ext not in TABLE_EXTENSIONS | WORKBOOK_EXTENSIONS:
            raise ProtectError(f"{path.name}: sdc protect reads CSV/TSV and XLSX tables, "
                               f"not .{ext}")
        outputs = read_output(path, path.name, policy)
    elif isinstance(source, Output):
        outputs, path = [source], source.file if source.file.is_file() else None
    elif isinstance(getattr(source, "output", None), Output):  # an SDCTable
        outputs, path = [source.output], None
    else:
        raise ProtectError(f"cannot protect a {type(source).__name__}: give a file path, an "
                           "Output or an SDCTable")
    tables = [o for o in outputs if o.table is not None and o.unreadable is None]
    if not tables:
        reasons = "; ".join(o.unreadable or "no table" for o in outputs)
        raise ProtectError(f"no table to protect in {outputs[0].path}: {reasons}")
    return outputs, path


def choose_marker(policy: Policy, marker: str | None, method: str) -> str:
    """The text of a hidden cell: ``marker`` if the policy reads it as a suppression, else
    ``[c]`` (``[REDACTED]``, as OpenSAFELY's guidance writes it, for OpenSAFELY), else the
    policy's first visible marker."""
    markers = MarkerSet(policy.model.markers)
    if marker is not None:
        if markers.match(marker) is None:
            raise ProtectError(f"--marker {marker!r} is not a suppression marker under the "
                               f"policy (markers: {', '.join(policy.model.markers)})")
        return marker
    candidates = (["[REDACTED]", "REDACTED"] if method == "opensafely" else [])
    candidates += ["[c]", *[m for m in policy.model.markers if m.strip()]]
    for candidate in candidates:
        if markers.match(candidate) is not None:
            return candidate
    raise ProtectError("the policy declares no visible suppression marker; pass --marker")


# the rules that ask a hidden cell whether it is protected: a suppression undone (SDC501) or
# an interval short of the protection level (SDC502)
_PROTECTION_RULES = frozenset({"SDC501", "SDC502"})


def _checked_unresolved(result: ProtectResult, checked: RunResult) -> list[str]:
    """The hidden cells (this plan's or the input's) at which the written file's check has an
    SDC501/SDC502 ``review`` or ``fail``, as the plan names its cells (``C5``), in file order.
    A check that reads a cell the plan did not prove (a hidden total whose printed tops
    the planner's model leaves out) is the last word: the cell is not protected."""
    hidden: dict[tuple[str | None, str | None], str] = {
        (d.sheet, d.cell): d.cell for d in result.decisions
        if d.action in ("primary", "secondary", "hidden", "redacted")}
    found: list[str] = []
    for out in checked.outputs:
        for f in out.findings:
            ref = hidden.get((f.location.sheet, f.location.cell))
            if f.rule in _PROTECTION_RULES and f.status.rank >= Status.REVIEW.rank \
                    and ref is not None and ref not in found:
                found.append(ref)
    return found


def _check_target(result: ProtectResult, target: Path) -> None:
    ext = target.suffix.lower().lstrip(".")
    src_ext = result.outputs[0].extension
    family = WORKBOOK_EXTENSIONS if src_ext in WORKBOOK_EXTENSIONS else TABLE_EXTENSIONS
    if ext not in family:
        kind = "a workbook (.xlsx)" if family is WORKBOOK_EXTENSIONS else "a CSV (.csv/.tsv)"
        raise ProtectError(f"the input is {kind}; write the protected table as one too "
                           f"(got {target.name})")
    if result.source is not None and target.resolve() == result.source.resolve():
        raise ProtectError("the output would overwrite the input; choose another -o")


def _decision(output: Output, cell: DataCell, action: str, **kw: Any) -> Decision:
    loc = output.location(cell)
    return Decision(path=output.path, sheet=output.sheet, cell=cell.ref,
                    row_label=loc.row_label, column_label=loc.column_label, action=action, **kw)


# -- suppression ---------------------------------------------------------------------------------


def _suppress(result: ProtectResult, *, secondary: str, deadline: Deadline,
              include_review: bool, jobs: int = 1) -> None:
    policy = result.policy
    primaries, result.input_results = find_primaries(result.outputs, policy,
                                                     include_review=include_review)
    base = policy.shared.rounding_base
    for output, prim in zip(result.outputs, primaries, strict=True):
        table = output.table
        if table is None or output.unreadable is not None:
            continue
        changes = result.changes.setdefault(output.sheet, {})
        for measure in table.measures:
            mine = [p for p in prim.values() if p.cell.measure is measure]
            ts = build_table_system(output, measure, base,
                                    rounding_scheme=policy.shared.rounding_scheme)
            if ts is None or not (mine or ts.system.suppressed):
                for p in mine:  # not additive (a mean, a median): hiding it is enough
                    changes[(p.cell.source.row, p.cell.source.col)] = result.marker
                    result.decisions.append(_decision(output, p.cell, "primary",
                                                      reasons=list(p.reasons)))
                continue
            _suppress_measure(result, output, table, measure, ts, mine, changes,
                              secondary=secondary, deadline=deadline, jobs=jobs,
                              written_hidden=set(prim))
    if not any(d.action == "primary" for d in result.decisions):
        result.notes.append("no cell fails a content rule under this policy: nothing needed "
                            "primary suppression")


def _suppress_measure(result: ProtectResult, output: Output, table: Table, measure: Measure,
                      ts: Any, mine: list[PrimaryCell], changes: dict[tuple[int, int], CellValue],
                      *, secondary: str, deadline: Deadline, jobs: int = 1,
                      written_hidden: set[tuple[int, int]] | None = None) -> None:
    var_of = {id(c): i for i, c in enumerate(ts.cells)}
    reasons = {var_of[id(p.cell)]: p.reasons for p in mine}
    problem = problem_from_table(ts, policy=result.policy, primary=set(reasons),
                                 cost=_costs(table, ts.cells, result.cost),
                                 written_hidden=written_hidden)
    start = time.perf_counter()
    pattern = solve_pattern(problem, secondary=secondary, deadline=deadline, jobs=jobs)
    pattern, for_insiders = repair_insiders(
        problem, pattern, ts.cells, DominanceLevels.of(result.policy),
        lambda: solve_pattern(problem, secondary=secondary, deadline=deadline, jobs=jobs),
        deadline.expired)
    seconds = time.perf_counter() - start
    intervals: dict[int, Any] = {}
    if problem.n <= VERIFY_LIMIT and not deadline.expired():  # else unresolved stands
        try:
            missing, intervals = shortfalls(problem, pattern.suppressed, deadline)
            pattern.unresolved = sorted({s.var for s in missing})
        except OutOfTime:
            intervals = {}  # the solver's own proof stands (its unresolved cells included)
    if problem.unreachable is not None:
        pattern.unresolved = sorted(set(pattern.unresolved) | {
            int(v) for v in np.flatnonzero(problem.unreachable & pattern.suppressed)})
    refs = problem.labels
    for var in np.flatnonzero(pattern.suppressed):
        cell = ts.cells[var]
        iv = intervals.get(int(var))
        interval = (float(iv.lo), float(iv.hi)) if iv is not None else None
        protects: list[str]
        if problem.primary[var]:
            action, why, protects = "primary", list(reasons[int(var)]), []
        elif int(var) in for_insiders:
            insider, target = for_insiders[int(var)]
            action, protects = "secondary", [refs[target]]
            why = [f"secondary suppression: protects {refs[target]} from the largest "
                   f"contributor of {refs[insider]}, who knows its own contribution"]
        elif problem.fixed[var]:
            action, why, protects = "hidden", ["suppressed in the input"], []
        else:
            action = "secondary"
            protects = [refs[j] for j in pattern.protects.get(int(var), [])]
            why = ["secondary suppression: " + (f"protects {', '.join(protects)}" if protects
                                                else "completes the pattern")]
        if action != "hidden":
            changes[(cell.source.row, cell.source.col)] = result.marker
        result.decisions.append(_decision(output, cell, action, reasons=why, protects=protects,
                                          interval=interval))
    result.measures.append(MeasureReport(
        sheet=output.sheet, measure=measure.name, cells=problem.n,
        primaries=int(problem.primary.sum()),
        secondaries=int((pattern.suppressed & ~problem.fixed).sum()), method=pattern.method,
        optimal=pattern.optimal, cost=pattern.cost, lower_bound=pattern.lower_bound,
        seconds=seconds, unresolved=[refs[v] for v in pattern.unresolved]))


def _costs(table: Table, cells: list[DataCell], cost: str) -> str | np.ndarray:
    if cost in COST_KINDS:
        return cost
    wanted = cost.strip().lower()
    source = next((m for m in table.measures if m.name.strip().lower() == wanted), None)
    if source is None:
        names = ", ".join(m.name for m in table.measures)
        raise ProtectError(f"--cost {cost!r}: the table has no such column (choose cells, "
                           f"value or one of: {names})")
    lookup = {tuple(sorted(c.coords.items())): c.value for c in table.cells
              if c.measure is source}
    values = np.array([lookup.get(tuple(sorted(c.coords.items()))) for c in cells],
                      dtype=float)
    known = values[~np.isnan(values)]
    return np.where(np.isnan(values), known.max() if known.size else 1.0, values)


def solve_pattern(problem: SuppressionProblem, *, secondary: str = "auto",
                  time_limit: float | str | None = AUTO,
                  deadline: Deadline | None = None, jobs: int = 1) -> Pattern:
    """A safe pattern for ``problem``: see ``docs/protect.md``, "Secondary suppression".

    ``milp`` (and ``auto`` up to ``MILP_AUTO_CELLS`` cells) runs the MILP first, within
    ``time_limit``; when that stops it before a pattern is proven safe, the last master's
    pattern is completed by the heuristic (safe by construction) and its proven lower bound is
    kept for the log. ``heuristic`` runs the heuristic alone; ``gauss`` (and ``auto`` above
    the size: at 10,000 cells it was faster than the heuristic and hid fewer cells on every
    table measured) eliminates, audits once and repairs with the heuristic.

    ``time_limit`` (or a shared ``deadline``) bounds all of it: whatever it stops before
    proving protected is in ``pattern.unresolved``, never taken for safe. ``"auto"``:
    ``default_time_limit(problem.n)``.

    Independent components (cells sharing no equation) are solved apart, ``jobs`` at once in
    worker processes (``sdc/protect/components.py``).
    """
    clock = deadline or Deadline(resolve_limit(time_limit, problem.n))
    if not problem.fixed.any():
        return Pattern(suppressed=problem.fixed.copy(), method="none", cost=0.0, optimal=True,
                       lower_bound=0.0)
    merged = solve_components(problem, partial(_solve_whole, secondary=secondary), clock, jobs)
    if merged is not None:
        return merged
    return _solve_whole(problem, clock, secondary=secondary)


def _solve_whole(problem: SuppressionProblem, clock: Deadline, *, secondary: str) -> Pattern:
    """One component (or a problem that is one): see :func:`solve_pattern`."""
    if not problem.fixed.any():
        return Pattern(suppressed=problem.fixed.copy(), method="none", cost=0.0, optimal=True,
                       lower_bound=0.0)
    if secondary == "gauss" or (secondary == "auto" and auto_gauss(problem)):
        return gauss(problem, deadline=clock)  # (the heuristic where it does not apply)
    if secondary == "heuristic":
        return heuristic(problem, deadline=clock)
    # the MILP leaves part of the time to the repair of its last master and the audit
    outcome = solve_milp(problem, time_limit=clock.left() * MILP_SHARE, deadline=clock)
    if outcome.pattern is not None:
        outcome.pattern.protects = attribute(problem, outcome.pattern.suppressed, clock)
        return outcome.pattern
    repaired = heuristic(problem, start=outcome.last, deadline=clock)
    repaired.method = "milp+repair" if outcome.last is not None else "heuristic"
    repaired.lower_bound = outcome.lower_bound
    repaired.optimal = (outcome.lower_bound is not None and not repaired.unresolved
                        and repaired.cost <= outcome.lower_bound + 1e-9)
    repaired.stats["milp_seconds"] = outcome.seconds
    return repaired


def auto_gauss(problem: SuppressionProblem) -> bool:
    """Whether ``auto`` eliminates (``gauss``) rather than solving the MILP: above
    ``MILP_AUTO_CELLS`` cells, or on a full grid with totals on three or more axes above
    ``CUBE_AUTO_CELLS`` (where the MILP's audit cuts converge slowly)."""
    if problem.n > MILP_AUTO_CELLS:
        return True
    grid = problem.grid
    axes = 0 if grid is None else sum(t is not None for t in grid.totals)
    return axes >= 3 and problem.n > CUBE_AUTO_CELLS


def attribute(problem: SuppressionProblem, suppressed: np.ndarray,
              deadline: Deadline | None = None) -> dict[int, list[int]]:
    """For the log: which cell's protection moves each secondary (the attacker's witness);
    it stops at ``deadline`` (the log then says less, the pattern is no less safe)."""
    protects: dict[int, list[int]] = {}
    model = PatternReach(problem, suppressed, deadline)
    for var in np.flatnonzero(problem.fixed):
        if deadline is not None and deadline.expired():
            break
        for direction, need in needs(problem, int(var)):
            for sign in ((+1, -1) if direction == 0 else (direction,)):
                try:
                    value, z, _ = model.reach(int(var), sign)
                except OutOfTime:
                    return protects
                except ProtectionError:
                    continue
                if value < need:
                    continue
                moved = np.flatnonzero((np.abs(z) > 1e-7) & suppressed & ~problem.fixed)
                for j in moved:
                    protects.setdefault(int(j), [])
                    if int(var) not in protects[int(j)]:
                        protects[int(j)].append(int(var))
                break
    return protects


# -- rounding ------------------------------------------------------------------------------------


def _round(result: ProtectResult, base: int | None) -> None:
    policy = result.policy
    method = result.method
    policy_base = policy.shared.rounding_base
    use_base = base or policy_base or DEFAULT_BASE
    threshold = int(policy.shared.threshold)
    zero = policy.params("zero-count")
    from sdc.rules import REGISTRY

    redact_zeros = policy.is_enabled(REGISTRY["SDC102"]) and zero.status == "fail"
    if method in ("round", "opensafely") and policy_base is None:
        result.notes.append(
            f"the policy does not declare rounding (rules.unrounded-count.base), so sdc check "
            f"reads the rounded counts as exact; use a policy with base = {use_base} (the "
            "opensafely profile has 5)")
    elif method in ("round", "opensafely") and policy_base != use_base:
        result.notes.append(f"rounded to base {use_base} while the policy expects "
                            f"{policy_base}")
    for output in result.outputs:
        if output.table is None or output.unreadable is not None:
            continue
        plan = plan_rounding(output.table, method, base=use_base, threshold=threshold,
                             redact_zeros=redact_zeros)
        changes = result.changes.setdefault(output.sheet, {})
        for change in plan.changes:
            cell = change.cell
            new: CellValue = result.marker if change.new is None else change.new
            if change.new is not None and cell.value == change.new and change.action == "rounded":
                continue  # already a multiple: unchanged
            changes[(cell.source.row, cell.source.col)] = new
            result.decisions.append(_decision(
                output, cell, change.action, reasons=[change.reason],
                interval=None))
        result.notes.extend(n for n in plan.notes if n not in result.notes)
