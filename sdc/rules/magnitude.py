"""Rules for magnitude tables (sums, means): dominance, p%, missing evidence, negatives.

They need the contributions behind each cell: the evidence sidecar written by the API, or
τ-ARGUS-style Freq/Top1/Top2 evidence columns. Without evidence the cell is unassessable
(SDC203, review), never silently safe.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sdc.cell_roles import effective_role
from sdc.magnitude_bounds import rules_out_dominance, spread_bounds
from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams, StatusSetting
from sdc.rules.content import RowLevelData, individual_rows
from sdc.rules.recorded import records, with_recorded
from sdc.table import DataCell, Role, Table

if TYPE_CHECKING:  # numpy and the dominance maths are imported where used (fast `sdc rules`)
    import numpy as np

    from sdc.context import CheckContext
    from sdc.outputs import Output

MAGNITUDE_ROLES = (Role.MAGNITUDE,)


def contributions(cell: DataCell) -> tuple[list[float], float] | None:
    """(largest contributions, cell total) from the cell's evidence, or None."""
    ev = cell.evidence or {}
    top = ev.get("top")
    total = ev.get("total")
    if top is None or total is None:
        return None
    return [float(x) for x in top if x is not None], float(total)


def _assessable(cell: DataCell) -> bool:
    ev = cell.evidence or {}
    return not ev.get("n_negative")


def _magnitude_cells(output: Output) -> Iterator[tuple[DataCell, list[float], float]]:
    if output.table is None:
        return
    for cell in output.table.cells:
        if cell.suppressed or cell.measure.role not in MAGNITUDE_ROLES:
            continue
        found = contributions(cell)
        if found is None or not _assessable(cell):
            continue
        yield cell, found[0], found[1]


def _matrix(cells: list[tuple[DataCell, list[float], float]], width: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """All cells' contributions as one zero-padded matrix, so each rule is one numpy call."""
    import numpy as np

    cols = max([width, *(len(top) for _, top, _ in cells)])
    top = np.zeros((len(cells), cols))
    for i, (_, contributions_, _) in enumerate(cells):
        top[i, : len(contributions_)] = contributions_
    return top, np.array([total for _, _, total in cells], dtype=float)


def _too_few_known(cell: DataCell, top: list[float], needed: int) -> bool:
    """The evidence lists fewer contributions than the rule needs, yet the cell has more
    units than it lists: padding with zeros would understate the largest ones."""
    units = (cell.evidence or {}).get("n_units")
    return len(top) < needed and (units is None or units > len(top))


def _bounded_top(top: list[float], needed: int) -> float | None:
    """The most the ``needed`` largest contributions can sum to when the evidence lists
    fewer (``top``, sorted): each one it does not list is at most the smallest it does
    (contributions are non-negative and sorted); None when it lists none."""
    if not top:
        return None
    return sum(top) + (needed - len(top)) * top[-1]


def _unknown_top(rule: Rule, output: Output, cell: DataCell, needed: int) -> Finding:
    return rule.finding(output, f"the evidence lists fewer than the {needed} largest "
                        "contributions this rule needs", cell=cell,
                        evidence={"needed": needed}, unassessable=True)


class NK(BaseModel):
    """One (n, k) rule: the n largest contributions must stay below k of the cell total."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=1, description="how many of the largest contributions")
    k: float = Field(gt=0, le=1, description="the share of the total they must stay below")


class NKDominance(Rule["NKDominance.Params"]):
    """Flags a magnitude cell whose ``n`` largest contributions make up at least ``k`` of its
    total, for each (n, k) rule in the policy.

    Why: if one or two contributors (a hospital trust, a practice, a company) make up most of
    a total, each of them can subtract their own figure and learn the other's closely.
    Contributions are summed per contributor before ranking. The comparison is inclusive
    (``>=``) like ACRO 1.x; set ``inclusive = false`` for a strict ``>``.

    Example (SDC Handbook): a cell of 110,000 whose two largest contributions are 52,000 and
    50,000 fails (2, 90.9%): 102,000 >= 0.909 × 110,000 = 99,990.

    A published concentration ratio (``CR3``: the share of the 3 largest units) is that
    share printed: the ``n`` largest hold at least ``min(1, n/3)`` of it, and a bound that
    reaches ``k`` fails the cell (``CR2`` of 0.95 under (2, 90%); ``CR3`` of 0.97 gives the
    two largest at least 64.7%, below it). A Herfindahl index (``HHI``, the sum of squared
    shares) is at most the largest share: an HHI of 0.92 fails (2, 90%). As printed: a
    ``CR2`` printed 0.90 fails (2, 90%); one printed 0.8 may be 0.85 rounded down and is
    ``review`` under (2, 85%), as is an HHI of 92 in a column of values up to 100, which
    may be on the 0-100 scale (0.92) rather than the 0-10,000 one.
    """

    code = "SDC201"
    name = "nk-dominance"
    summary = "top n contributions >= k x cell total (a list of (n,k) rules)"

    class Params(RuleParams):
        rules: list[NK] = Field(
            default_factory=lambda: [NK(n=2, k=0.9)], min_length=1,
            description="each (n, k): the n largest contributions must be < k of the total")
        inclusive: bool = Field(True, description="flag at exactly k (>=), like ACRO 1.x; false "
                                                  "for a strict >")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        rules, inclusive = self.params.rules, self.params.inclusive

        def proves(tool: dict[str, float]) -> bool:  # a stricter (n, k) of ours is implied
            return any(r.n >= tool["n"] and (r.k < tool["k"] or (inclusive and r.k <= tool["k"]))
                       for r in rules)

        found = itertools.chain(self._check(output), self._concentration(output))
        yield from with_recorded(
            self, output, found, "nk", proves=proves,
            says=lambda risk: (f"{risk.tool} recorded that the largest "
                               f"{int(risk.params['n'])} contribution(s) make up at "
                               f"least {risk.params['k']:.0%} of "
                               f"{'this cell' if risk.cell else 'a cell ' + records(risk)} "
                               "(from the microdata)"))

    def _concentration(self, output: Output) -> Iterator[Finding]:
        """A published concentration ratio ``CRn`` is the share of its ``n`` largest units:
        the ``m`` largest hold at least ``min(1, m/n)`` of it (``CR2 >= CR3 * 2/3``: the top
        two of three hold at least two thirds of their share); a Herfindahl index is at most
        the largest share. A bound that reaches ``k`` is dominance by the rule's own
        reckoning, as printed."""
        table = output.table
        if table is None or not table.cells:
            return
        from sdc.rules.concentration import top_share_bounds  # on first use (startup)

        def reaches(share: float, k: float) -> bool:
            return share > k or (self.params.inclusive and share >= k)

        for cell in table.cells:
            if cell.suppressed or cell.measure.role is not Role.STATISTIC:
                continue
            doubt: Finding | None = None
            for rule in self.params.rules:
                found = top_share_bounds(table, cell, rule.n)
                if found is None:
                    break
                what, least, most = found
                if reaches(least, rule.k):
                    yield self.finding(
                        output, f"{what}: the largest {rule.n} hold at least {least:.1%} of "
                        f"the total (rule n={rule.n}, k={rule.k:.0%})",
                        public=f"dominated by its largest {rule.n} contributor(s) "
                               f"(rule n={rule.n}, k={rule.k:.0%})",
                        cell=cell, evidence={"n": rule.n, "k": rule.k, "share": least})
                    doubt = None
                    break
                if doubt is None and reaches(most, rule.k):
                    doubt = self.finding(
                        output, f"{what}: as printed the largest {rule.n} hold at least "
                        f"{least:.1%} of the total, but its printing (rounding, or the scale "
                        f"it is on) allows up to {most:.1%}, which reaches the rule (n="
                        f"{rule.n}, k={rule.k:.0%})",
                        public=f"may be dominated by its largest {rule.n} contributor(s) "
                               f"(rule n={rule.n}, k={rule.k:.0%}): its printing allows it",
                        cell=cell, evidence={"n": rule.n, "k": rule.k, "share": least,
                                             "most": most},
                        unassessable=True)
            if doubt is not None:
                yield doubt

    def _check(self, output: Output) -> Iterator[Finding]:
        cells = list(_magnitude_cells(output))
        if not cells:
            return  # a count table: numpy is not even imported
        from sdc.evidence.dominance import nk_dominance

        rules = self.params.rules
        matrix, totals = _matrix(cells, max(r.n for r in rules))
        masks = [nk_dominance(matrix, totals, r.n, r.k,
                              inclusive=self.params.inclusive)
                 for r in rules]
        inclusive = self.params.inclusive
        for row, (cell, top, total) in enumerate(cells):
            for rule, mask in zip(rules, masks, strict=True):
                partial = _too_few_known(cell, top, rule.n)
                if partial and not mask[row]:
                    # the listed ones alone stay below k (the mask pads with zeros): safe
                    # only if the most the unlisted ones can add keeps it so
                    most = _bounded_top(top, rule.n)
                    if total > 0 and most is not None and (
                            most < rule.k * total if inclusive else most <= rule.k * total):
                        continue  # a total of 0 or less (negative contributions): no bound
                    yield _unknown_top(self, output, cell, rule.n)
                    break
                if not mask[row]:
                    continue
                share = sum(top[: rule.n]) / total if total else 0.0
                # fewer listed than n: the ones listed already reach k, the n largest too
                listed = (f"the {len(top)} largest contribution(s) the evidence lists (of the "
                          f"{rule.n} the rule needs) already" if partial
                          else f"the largest {rule.n} contribution(s)")
                yield self.finding(
                    output,
                    f"{listed} make up {share:.1%} of the cell "
                    f"total (rule n={rule.n}, k={rule.k:.0%})",
                    public=f"dominated by its largest {rule.n} contributor(s) "
                           f"(rule n={rule.n}, k={rule.k:.0%})",
                    cell=cell, evidence={"n": rule.n, "k": rule.k, "share": share,
                                         "total": total, "top": top[: rule.n]})
                break


class PPercent(Rule["PPercent.Params"]):
    """Flags a magnitude cell where the largest contribution can be estimated too closely:
    ``total − x1 − x2 < p · x1`` (with a coalition of ``c`` contributors, subtract the ``c+1``
    largest). With ``q`` set it is the (p,q) prior-posterior rule:
    ``q · (total − x1 − x2) < p · x1``.

    Why: the second-largest contributor knows its own value; subtracting it from the total
    leaves an estimate of the largest within ``total − x1 − x2``. If that error is under p%
    of x1, x1 is disclosed. A cell whose total is zero is never flagged (ACRO flags it; see
    docs/decisions.md).

    Example (SDC Handbook): 100,000 with 50,000 and 49,000 is unsafe at p = 10%:
    100,000 − 99,000 = 1,000 < 5,000.
    """

    code = "SDC202"
    name = "p-percent"
    summary = "total - x1 - x2 < p x x1 (optional coalition c and (p,q) variant)"

    class Params(RuleParams):
        p: float = Field(0.10, gt=0, lt=1, description="total - x1 - x2 < p * x1 is unsafe "
                                                       "(ACRO safe_pratio_p 0.10)")
        c: int = Field(1, ge=1, description="coalition size: how many contributors may pool "
                                            "their knowledge")
        q: float | None = Field(None, gt=0, le=1, examples=[0.5],
                                description="set for the (p,q) rule: q * (total - x1 - x2) < "
                                            "p * x1")

        @model_validator(mode="after")
        def _p_below_q(self) -> PPercent.Params:
            if self.q is not None and self.p >= self.q:
                raise ValueError("p must be below q for the (p,q) rule")
            return self

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        # ours flags total - x1 - x2 < (p / q) x1 (c >= 1 only subtracts more): implied when
        # p / q is at least the tool's p
        ratio = self.params.p / (self.params.q or 1.0)
        yield from with_recorded(
            self, output, self._check(output), "p",
            proves=lambda tool: ratio >= tool["p"],
            says=lambda risk: (f"{risk.tool} recorded that the largest contribution to "
                               f"{'this cell' if risk.cell else 'a cell ' + records(risk)} can "
                               f"be estimated to within {risk.params['p']:.0%} (from the "
                               "microdata)"))

    def _check(self, output: Output) -> Iterator[Finding]:
        p, c, q = self.params.p, self.params.c, self.params.q
        cells = list(_magnitude_cells(output))
        if not cells:
            return
        from sdc.evidence.dominance import p_percent, pq_rule

        matrix, totals = _matrix(cells, c + 1)
        mask = (pq_rule(matrix, totals, p, q, c) if q is not None
                else p_percent(matrix, totals, p, c))
        ratio = p / (q or 1.0)  # q (total - x1 - ...) < p x1: rest < (p / q) x1
        for row, (cell, top, total) in enumerate(cells):
            if _too_few_known(cell, top, c + 1) and not mask[row]:
                # what is left after the listed ones alone is enough (the mask pads with
                # zeros: less is left after all c + 1, so a flag there holds): safe only if
                # it stays enough after the most the unlisted ones can take
                most = _bounded_top(top, c + 1)
                if total > 0 and most is not None and total - most >= ratio * top[0]:
                    continue  # a total of 0 or less (negative contributions): no bound
                yield _unknown_top(self, output, cell, c + 1)
                continue
            if not mask[row]:
                continue
            rest = total - sum(top[: c + 1])
            rule = f"p={p:.0%}" + (f", q={q:.0%}" if q is not None else "")
            # fewer listed than c + 1: the rest after the listed ones is the most left
            within = "at most " if _too_few_known(cell, top, c + 1) else ""
            yield self.finding(
                output,
                f"the largest contribution can be estimated to within {within}"
                f"{rest / top[0]:.1%} "
                f"({rule})" if top and top[0] else f"the largest contribution is exposed ({rule})",
                public=f"the largest contribution can be estimated too closely ({rule})",
                cell=cell, evidence={"p": p, "q": q, "c": c, "total": total,
                                     "top": top[: c + 1], "remainder": rest})


class DominanceUnassessable(Rule["DominanceUnassessable.Params"]):
    """Flags a magnitude statistic (sum, mean, total of a quantity) that comes with no
    contribution evidence, so dominance cannot be checked.

    Why: a total can be dominated by one contributor even when many units are behind it; the
    only way to know is the contributions. Tables made with ``sdc.crosstab``/``sdc.aggregate``
    carry them in the evidence sidecar (``name.csv.sdc.json``); others can add τ-ARGUS-style
    Freq/Top1/Top2 columns in a copy kept in the TRE.

    Example: ``mean_cost_by_practice.csv`` with no sidecar is ``review``, once per measure.
    """

    code = "SDC203"
    name = "dominance-unassessable"
    summary = "a magnitude statistic with no contribution evidence (review)"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        if output.table is None:
            return
        missing: dict[str, int] = {}
        table = output.table
        if _reported_as_records(table, ctx):
            return  # microdata is SDC603's fail, not a magnitude table awaiting evidence
        bounds: dict[int, tuple[float, float]] | None = None
        for cell in table.cells:
            if (effective_role(table, cell) in MAGNITUDE_ROLES and not cell.suppressed
                    and contributions(cell) is None):
                if bounds is None:  # describe()'s count and std beside a mean (rare: lazily)
                    bounds = spread_bounds(table)
                bound = bounds.get(id(cell))
                if bound is not None and rules_out_dominance(bound, *_dominance_rules(ctx)):
                    continue
                missing[cell.measure.name] = missing.get(cell.measure.name, 0) + 1
        for measure, count in missing.items():
            yield self.finding(
                output, f"'{measure}' is a magnitude with no contribution evidence for "
                f"{count} cell(s): dominance cannot be checked",
                evidence={"measure": measure, "cells": count})


def _dominance_rules(ctx: CheckContext
                     ) -> tuple[list[tuple[int, float]] | None, tuple[float, int] | None]:
    """The enabled (n, k) rules and the p% rule's (p / q, c), None when disabled."""
    policy = ctx.policy
    nk = ([(r.n, r.k) for r in policy.params(NKDominance).rules]
          if policy.is_enabled(NKDominance) else None)
    pp = policy.params(PPercent) if policy.is_enabled(PPercent) else None
    return nk, (None if pp is None else (pp.p / (pp.q or 1.0), pp.c))


def _reported_as_records(table: Table, ctx: CheckContext) -> bool:
    if not ctx.policy.is_enabled(RowLevelData):
        return False
    min_rows = ctx.policy.params(RowLevelData).min_rows
    return individual_rows(table, min_rows) is not None


class NegativeContributions(Rule["NegativeContributions.Params"]):
    """Flags a magnitude cell with negative contributions.

    Why: dominance and p% assume non-negative contributions; with negatives (losses, refunds,
    changes) a small total can hide large opposite contributions, so the rules say nothing.

    Example: a sum of net costs where one practice contributes −12,000 is ``review``. A median
    or standard deviation of the same values is not flagged: no dominance rule applies to it.
    """

    code = "SDC204"
    name = "negative-contributions"
    summary = "negative values make dominance undefined (review)"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        yield from with_recorded(
            self, output, self._check(output), "negative", proves=lambda tool: True,
            says=lambda risk: (f"{risk.tool} recorded negative values behind "
                               f"{'this cell' if risk.cell else 'a cell ' + records(risk)} "
                               "(from the microdata): dominance undefined"))

    def _check(self, output: Output) -> Iterator[Finding]:
        if output.table is None:
            return
        for cell in output.table.cells:
            # only where dominance applies: a median or sd of values with negatives is fine
            if cell.measure.role not in MAGNITUDE_ROLES:
                continue
            negatives = (cell.evidence or {}).get("n_negative") or 0
            if negatives and not cell.suppressed:
                yield self.finding(
                    output, f"{int(negatives)} negative contribution(s): dominance undefined",
                    public="negative contributions: dominance undefined", cell=cell,
                    evidence={"n_negative": negatives})

