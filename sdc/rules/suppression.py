"""Is suppression safe? The linear audit of suppressed cells across the whole release.

Each table's additive relations, and the cells tables share, are stacked into one linear
system (``sdc.linking``); every suppressed cell's feasible interval is computed by
``sdc.audit`` (elimination first, then LPs with HiGHS). Zero width is exact disclosure
(SDC501); an interval that still reveals the cell is small, or that is narrower than the
protection a dominance rule asks for, is SDC502. Totals that disagree with their cells are
SDC402.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from sdc.audit import AuditError, InfeasibleSystemError, Interval, LinearSystem, audit
from sdc.evidence.dominance import p_percent_protection
from sdc.formatting import fmt_number
from sdc.linking import TableSystem, shared_cells, table_systems
from sdc.results import Finding, Location
from sdc.rules.base import Rule, RuleParams, StatusSetting
from sdc.table import DataCell, Role

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output



class _Audit:
    """One audit of the release, shared by SDC501 and SDC502 within a run."""

    def __init__(self, outputs: list[Output], rounding_base: int | None) -> None:
        self.systems = table_systems(outputs, rounding_base)
        self.intervals: dict[int, Interval] = {}
        self.offsets: list[int] = []
        self.owner: list[tuple[TableSystem, int]] = []
        self.equation_vars: list[list[int]] = []
        self.failed: str | None = None
        if any(ts.system.suppressed for ts in self.systems):
            try:
                self._run()
            except AuditError as exc:  # a solver failure must not read as "safe"
                self.failed = str(exc)
                self.intervals = {}

    def _run(self) -> None:
        combined, offsets = LinearSystem.combine([ts.system for ts in self.systems])
        own: list[list[int]] = []
        for ts, off in zip(self.systems, offsets, strict=True):
            own.extend([[v + off for v in eq] for eq in ts.equation_cells])
        for ts in self.systems:
            self.owner.extend((ts, i) for i in range(ts.system.n_vars))
        self.offsets = offsets
        strong, weak = shared_cells(self.systems, offsets)
        # Weak links may join unrelated tables; if they make the release contradict itself,
        # drop them, then the strong ones, then audit each table alone.
        for links in (strong + weak, strong, []):
            system = LinearSystem(combined.n_vars, list(combined.equations), combined.lower,
                                  combined.upper, list(combined.suppressed), combined.labels)
            for a, b in links:
                system.add_equation({a: 1.0, b: -1.0})
            try:
                self.intervals = audit(system)
            except InfeasibleSystemError:
                continue
            self.equation_vars = own + [[a, b] for a, b in links]
            return
        self.intervals = {}
        self.equation_vars = own
        for ts, off in zip(self.systems, offsets, strict=True):
            try:
                local = audit(ts.system)
            except InfeasibleSystemError:
                continue
            self.intervals.update({off + k: v for k, v in local.items()})

    def cell(self, var: int) -> tuple[TableSystem, DataCell]:
        ts, i = self.owner[var]
        return ts, ts.cells[i]

    def related(self, var: int, interval: Interval) -> list[Location]:
        """The published cells a derivation uses."""
        seen: set[int] = set()
        locations = []
        for eq in interval.derivation or []:
            if eq >= len(self.equation_vars):
                continue
            for v in self.equation_vars[eq]:
                if v == var or v in seen:
                    continue
                seen.add(v)
                ts, cell = self.cell(v)
                locations.append(ts.output.location(cell))
        return locations


def _shared_audit(ctx: CheckContext, outputs: list[Output]) -> _Audit:
    key = "_suppression_audit"
    cached = getattr(ctx, key, None)
    if cached is None or cached[0] is not outputs:
        base = ctx.policy.params("unrounded-count").base  # type: ignore[attr-defined]
        cached = (outputs, _Audit(outputs, base))
        setattr(ctx, key, cached)
    return cached[1]


class RecoverableSuppression(Rule):
    """Flags a suppressed cell whose value can be recomputed exactly from published numbers:
    its feasible interval, given every table's totals and the cells tables share, has zero
    width.

    Why: suppression protects nothing if the hidden number is the total minus the others, or
    is published in another table of the same release. The audit treats markers as unknowns
    (≥ 0), rounded counts as intervals, and solves for each one's smallest and largest value.

    Example: a row ``A, 12, [c], 30`` with a total column: ``[c] = 30 − 12 = 18`` is exact.
    """

    code = "SDC501"
    name = "recoverable-suppression"
    summary = "a suppressed cell is exactly derivable from published values"
    scope = "release"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        shared = _shared_audit(ctx, outputs)
        if shared.failed is not None:
            for ts in shared.systems:
                for i in ts.system.suppressed:
                    yield self.finding(ts.output, f"the suppression audit failed "
                                       f"({shared.failed}); check this cell by hand",
                                       cell=ts.cells[i], unassessable=True)
        for var, interval in sorted(shared.intervals.items()):
            if not interval.exact:
                continue
            ts, cell = shared.cell(var)
            related = shared.related(var, interval)
            where = ", ".join(loc.display() for loc in related[:6])
            source = f" from {where}" if where else ""
            yield self.finding(
                ts.output, f"the suppressed cell can be recomputed exactly{source}: it is "
                f"{fmt_number(interval.lo)}", cell=cell, related=related,
                public=f"the suppressed cell can be recomputed exactly{source}",
                evidence={"value": interval.lo, "interval": [interval.lo, interval.hi]})


class NarrowSuppression(Rule):
    """Flags a suppressed cell whose feasible interval is too narrow to protect it: for a
    count, its upper bound is below the small-count threshold (the cell is known to be small);
    for a magnitude with evidence, the interval does not cover the p% protection interval
    around its true value.

    Why: suppression must leave enough doubt. If the margins imply that a hidden count lies
    in [1, 4], anyone learns the group is tiny, which is what the threshold forbids; a hidden
    turnover pinned within 2% lets the second-largest contributor estimate the largest.

    Example: a line ``[c], [c]`` whose total is 6: each hidden cell lies in [0, 6], below 10.
    """

    code = "SDC502"
    name = "narrow-suppression"
    summary = "a suppressed cell's feasible interval is narrower than its protection interval"
    scope = "release"

    class Params(RuleParams):
        status: StatusSetting = "fail"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        shared = _shared_audit(ctx, outputs)
        threshold = ctx.policy.params("small-count").threshold  # type: ignore[attr-defined]
        p = ctx.policy.params("p-percent").p  # type: ignore[attr-defined]
        for var, interval in sorted(shared.intervals.items()):
            if interval.exact:
                continue
            ts, cell = shared.cell(var)
            related = shared.related(var, interval)
            bounds = f"[{fmt_number(interval.lo)}, {fmt_number(interval.hi)}]"
            if cell.measure.role is Role.COUNT and interval.hi < threshold:
                yield self.finding(
                    ts.output, f"the suppressed count is known to lie in {bounds}, below the "
                    f"threshold {threshold}", cell=cell, related=related,
                    public=f"the suppressed count is known to be below the threshold "
                           f"{threshold}",
                    evidence={"interval": [interval.lo, interval.hi], "threshold": threshold})
                continue
            needed = _protection(cell, p)
            if needed is None:
                continue
            true_value = float((cell.evidence or {})["total"])
            if interval.hi - true_value < needed or true_value - interval.lo < needed:
                yield self.finding(
                    ts.output, f"the suppressed value is pinned to {bounds}, inside the "
                    f"protection of ±{fmt_number(needed)} the p% rule asks for", cell=cell,
                    related=related,
                    public="the suppressed value is pinned more narrowly than its protection "
                           "interval",
                    evidence={"interval": [interval.lo, interval.hi], "protection": needed})


def _protection(cell: DataCell, p: float) -> float | None:
    evidence = cell.evidence or {}
    top, total = evidence.get("top"), evidence.get("total")
    if cell.measure.role is not Role.MAGNITUDE or not top or total is None:
        return None
    padded = np.array([[*top, 0.0, 0.0][: max(2, len(top))]], dtype=float)
    level = float(p_percent_protection(padded, np.array([float(total)]), p)[0])
    return level if level > 0 else None


class InconsistentSuppression(Rule):
    """Flags totals that disagree with their published cells (beyond what the policy's rounding
    allows), so suppression, rounding and totals do not fit together.

    Why: a total that was not recomputed after cells were redacted gives the redacted amount
    away (total − published cells); a total computed before rounding undoes the rounding.
    Either way the table was not protected as the researcher believed.

    Example: ``A, 12, 30`` with a total column of 45 in a table with no suppression: the total
    is not the sum of its cells.
    """

    code = "SDC402"
    name = "inconsistent-suppression"
    summary = "suppression markers, rounding and totals disagree"
    scope = "release"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        shared = _shared_audit(ctx, outputs)
        for ts in shared.systems:
            for total, added in ts.inconsistent:
                yield self.finding(
                    ts.output, f"the total {fmt_number(total.value or 0)} is not the sum of its "
                    f"cells ({fmt_number(added)})", cell=total,
                    public="the total is not the sum of its cells",
                    evidence={"total": total.value, "sum": added})
