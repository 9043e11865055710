"""Rules on counts: small cells, zeros (class disclosure) and group disclosure."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from sdc.cell_roles import (
    counted_cells,
    counted_role,
    effective_role,
    is_thin_statistic,
    label_dimension,
    statistic_dimensions,
    units_behind,
)
from sdc.classification_counts import is_report, report_counts
from sdc.formatting import fmt_number
from sdc.readers.values import censored_upper
from sdc.results import Finding, Status
from sdc.rules.base import Rule, RuleParams
from sdc.rules.lorenz import is_lorenz_table
from sdc.rules.recorded import records, with_recorded
from sdc.table import LINES_WITH_NUMPY_FROM, DataCell, RawCell, Role, Table
from sdc.tolerance import float_slack

if TYPE_CHECKING:
    from sdc.context import CheckContext, RulePolicy
    from sdc.derived_counts import ImpliedCount
    from sdc.mean_counts import RecoveredCount
    from sdc.model_counts import ModelCount
    from sdc.outputs import Output

def unit_count(cell: DataCell, role: Role | None = None) -> float | None:
    """The number of units behind a cell: the count itself, or the evidence's unit count."""
    if (role or cell.measure.role) is Role.COUNT and cell.value is not None:
        return cell.value
    if cell.evidence and cell.evidence.get("n_units") is not None:
        return float(cell.evidence["n_units"])
    return None


def small_count_candidates(table: Table, threshold: float) -> list[DataCell]:
    """The cells SDC101 can flag, in table order: published (not suppressed), with a value or
    per-cell evidence between 0 and ``threshold`` (either sign: a negative count is checked).
    Every other cell has no units below the threshold whatever its role (``unit_count`` reads
    only the value and ``n_units``), so the rule's per-cell reasoning runs only on these: a
    100,000-cell table has a few."""
    out = []
    for cell in table.cells:
        source = cell.source
        if source.marker is not None:
            continue
        value = source.value
        if (value is not None and 0 < abs(value) < threshold) or cell.evidence:
            out.append(cell)
    return out


class SmallCount(Rule["SmallCount.Params"]):
    """Flags a count, or the number of units behind any statistic, that is above zero and
    below the threshold.

    Why: a cell of 1 or 2 people lets anyone who knows a neighbour, a patient or a colleague
    is in that group learn something new about them (their diagnosis, their age band).
    Thresholds apply to unweighted unit counts.

    Example (threshold 10): a table of diabetes by age band with 3 patients aged 18-24 is a
    ``fail`` at that cell; 0 and 10 are not flagged by this rule (zeros: SDC102).

    A classification report's true and false positives and false negatives, worked out from
    its recall, precision and support, are known only to an interval (the shares are
    rounded): all of it at or above the threshold passes (or exactly 0 where zeros are safe),
    all of it above 0 and below fails, anything else is for a person. So are the groups'
    counts a logistic, Poisson or linear model on one categorical predictor gives back through its
    printed coefficients and standard errors (a saturated model is a table in another form;
    a logit's, probit's or Poisson model's coefficient or odds-ratio table printing no ``N``
    where its counts are whole numbers to the printed precision, ``sdc.whole_counts``), and
    the people a model left out because they predict the outcome perfectly, where the
    package prints how many (Stata: "1.g omitted and 4 obs not used", "4 failures and 0
    successes completely determined"). So are the counts printed means give back (the ESSnet
    handbook's "publication of mean values"): counts rounded to the policy's base, perturbed
    by up to ``perturbation`` or hidden, beside each cell's and the margin's exact mean of one
    variable (in the same output or in another one with the same groups), or a table of sums
    beside a table of means. A count every combination consistent with the printed numbers
    puts between 1 and the threshold fails at its cell (``sdc.mean_counts``). A table ACRO
    recorded missing values behind (its ``check_missing_values``) is ``review``, as ACRO marks
    it.
    """

    code = "SDC101"
    name = "small-count"
    summary = "a count (or units behind a statistic) > 0 and below the threshold"

    class Params(RuleParams):
        threshold: int = Field(10, ge=1, description="smallest safe count: 1..threshold-1 are "
                                                     "disclosive (ACRO: 10)")
        perturbation: int = Field(0, ge=0, description="counts may be off the truth by up to "
                                  "this (the cell key method's largest change): exact means "
                                  "beside them are read within it; 0 = as printed or rounded")

        @model_serializer(mode="wrap")
        def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
            """The dump without ``perturbation`` at its default: a policy's sha256 is a hash
            of its dump, so the built-in policy (and every policy written before the key,
            round 32) keeps its hash, as ``WorkflowConfig.cli_votes`` does."""
            data: dict[str, Any] = handler(self)
            if data.get("perturbation") == 0:
                del data["perturbation"]
            return data

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        threshold = self.params.threshold
        table = output.table
        zeros = {id(r.cell) for r in output.recorded if r.kind == "zero"}

        def accept(cell: DataCell | None) -> bool:  # zeros: SDC102; statistics: SDC303
            if cell is None or table is None:
                return cell is None
            # a zero SDC102 fails (a count, a margin's too); one it only reviews (read as a
            # count too) stays this rule's, so the tool's record still fails it
            if cell.value == 0 and (id(cell) in zeros or
                                    effective_role(table, cell) is Role.COUNT):
                return False
            return not is_thin_statistic(table, cell)

        found: Iterator[Finding] = itertools.chain(self._check(output, ctx.policy),
                                self._narrow_markers(output, ctx.policy.markers))
        if output.model_counts:
            found = itertools.chain(found, self._model(output, ctx.policy.is_enabled(ZeroCount)))
        if table is not None and is_report(table):
            found = itertools.chain(found, self._report(output, table, ctx.policy.is_enabled(
                ZeroCount)))
        found = with_recorded(
            self, output, found, "threshold",
            proves=lambda tool: tool["threshold"] <= threshold, accept=accept,
            says=lambda risk: (f"{risk.tool} recorded fewer than "
                               f"{fmt_number(risk.params['threshold'])} records "
                               f"{'behind this cell' if risk.cell else records(risk)} "
                               "(from the microdata)"))
        yield from with_recorded(  # ACRO's check_missing_values: it reviews, so does sdc
            self, output, found, "missing", proves=lambda tool: False,
            says=lambda risk: (f"{risk.tool} recorded missing values {records(risk)} (its "
                               "check_missing_values): fewer values than records are behind "
                               "those cells; a person checks that the number left out is no "
                               "small count another output gives away"))

    def _report(self, output: Output, table: Table, zeros_disclosive: bool
                ) -> Iterator[Finding]:
        """A classification report's true and false positives and false negatives
        (``sdc.classification_counts``): known to an interval, a count passes only when the
        whole interval is at or above the threshold, or is exactly 0 where zeros are safe;
        wholly below the threshold and above 0 it fails; anything between is for a person."""
        threshold = self.params.threshold
        ranges = report_counts(table)
        if ranges is None:
            yield self.finding(
                output, "precision, recall and f1-score are shares of true and false "
                "positives the report does not print, and they could not be worked out from "
                "the printed numbers: a person must check them", unassessable=True)
            return
        for found in ranges:
            lo, hi = found.lo, found.hi
            if lo >= threshold or (lo == hi == 0 and not zeros_disclosive):
                continue
            upper = "any number" if math.isinf(hi) else fmt_number(hi)
            what = (f"class '{found.label}': its {found.name}, worked out from the printed "
                    f"{'recall' if found.name != 'false positives' else 'precision'}")
            span = (f"{fmt_number(lo)}" if lo == hi else
                    f"between {fmt_number(lo)} and {upper}")
            evidence = {"count_low": lo, "count_high": None if math.isinf(hi) else hi,
                        "threshold": threshold, "implied": True}
            if lo > 0 and hi < threshold:
                yield self.finding(
                    output, f"{what}, are {span}: below the threshold {threshold}",
                    public=f"a class's {found.name} worked out from the report are below "
                    f"the threshold {threshold}", cell=found.cell, evidence=evidence)
            else:
                why = ("a zero count (class disclosure unless structural)" if lo == hi == 0
                       else f"they may be below the threshold {threshold}")
                yield self.finding(
                    output, f"{what}, are {span}: {why}; a person must check them",
                    public=f"a class's {found.name} worked out from the report may be "
                    "disclosive", cell=found.cell, evidence=evidence, unassessable=True)

    def _model(self, output: Output, zeros_disclosive: bool) -> Iterator[Finding]:
        """The counts a model on one categorical predictor gives back (``sdc.model_counts``),
        at the coefficient's line: known to an interval, judged as a report's are. A zero
        read from a diverged coefficient is SDC102's; where the policy does not check zeros,
        the group's size behind it is still unknown (it may be 1..t-1): ``review``."""
        threshold = self.params.threshold
        for found in output.model_counts:
            lo, hi = found.lo, found.hi
            if found.diverged:
                if not zeros_disclosive:
                    yield self.finding(
                        output, f"{_zero_evidence(found)}: {found.group} has no "
                        f"{found.name}, and how many people it holds cannot be worked out "
                        "from the print; a person must check it",
                        cell=_coefficient_cell(found),
                        public="a group behind a diverged model coefficient may be smaller "
                        f"than the threshold {threshold}",
                        evidence={"count_low": 0, "count_high": None, "threshold": threshold,
                                  "implied": True}, unassessable=True)
                continue
            if lo >= threshold:
                continue
            span = fmt_number(lo) if lo == hi else f"between {fmt_number(lo)} and {fmt_number(hi)}"
            what = (f"the {found.name} of {found.group}, worked out from the model's printed "
                    f"coefficients and standard errors (a model on one categorical predictor "
                    f"is a table), are {span}") if not found.how else (
                f"the {found.name} of {found.group}, printed in the model's output "
                f"({found.how}), are {span}")
            cell = _coefficient_cell(found)
            evidence = {"count_low": lo, "count_high": hi, "threshold": threshold,
                        "implied": True}
            source = ("printed in the model's notes" if found.how else
                      "worked out from the model's coefficients")
            if found.named:
                # the design is read from the terms' names: a name raises doubt, never proof;
                # the basis says how the interval was bounded (the print's s^2 where it has one)
                what = (f"the {found.name} of {found.group} are {span} ({found.named}; "
                        f"{found.basis})") if found.basis else (
                    f"the {found.name} of {found.group} are {span} if the model is a linear "
                    f"model on one categorical predictor, as {found.named} (worked out from the "
                    "printed standard errors as shares of the model's N; the print gives no "
                    "residual variance to prove the design)")
                yield self.finding(
                    output, f"{what}: they may be below the threshold {threshold}; a person "
                    "must check them", cell=cell,
                    public=f"a group's {found.name} {source} may be disclosive",
                    evidence=evidence, unassessable=True)
            elif found.doubt:
                # the print says its variances are not model-based (robust errors, weights):
                # read as if they were, the count is a person's to check, not proof
                yield self.finding(
                    output, f"{what} as a model-based fit's, but {found.doubt}: they may be "
                    f"below the threshold {threshold}; its group sizes could not be checked, "
                    "a person must check them", cell=cell,
                    public=f"a group's {found.name} {source} may be disclosive (the print "
                    "says the reading may not hold)", evidence=evidence, unassessable=True)
            elif hi < threshold:
                yield self.finding(
                    output, f"{what}: below the threshold {threshold}", cell=cell,
                    public=f"a group's {found.name} {source} are below the threshold "
                    f"{threshold}", evidence=evidence)
            else:
                yield self.finding(
                    output, f"{what}: they may be below the threshold {threshold}; a person "
                    "must check them", cell=cell, public=f"a group's {found.name} {source} "
                    "may be disclosive", evidence=evidence,
                    unassessable=True)

    def _narrow_markers(self, output: Output, listed: Iterable[str]) -> Iterator[Finding]:
        """A censored marker the policy does not list, whose bound is below the threshold's
        (``<3``, ``≤1``, ``<1`` under a threshold of 10): it prints that the count is at most
        2, 1 or 0, more than a suppressed cell says (hunt12: ``<3`` passed as a marker). Read
        as suppressed everywhere else; here a person judges what its bound gives away."""
        table = output.table
        if table is None:
            return
        threshold = self.params.threshold
        known = {m.strip().lower() for m in listed}
        for cell in table.cells:
            marker = cell.source.marker
            if not marker or marker.strip().lower() in known or "." in marker \
                    or effective_role(table, cell) is not Role.COUNT:
                continue  # ``<0.1`` in a rate column: a statistic's bound
            upper = censored_upper(marker)
            if upper is None or upper >= threshold - 1:
                continue
            at_most = fmt_number(max(upper, 0.0))
            yield self.finding(
                output, f"the marker '{marker}' says the count is at most {at_most}: less "
                f"than suppression below the threshold {threshold} hides",
                cell=cell, public=f"a censored marker whose bound is below the threshold "
                                  f"{threshold}",
                evidence={"at_most": max(upper, 0.0), "threshold": threshold},
                unassessable=True)

    def _check(self, output: Output, policy: RulePolicy | None = None) -> Iterator[Finding]:
        table = output.table
        if table is None:
            return
        threshold = self.params.threshold
        flagged: set[tuple[int, int]] = set()
        for cell in small_count_candidates(table, threshold):
            if is_thin_statistic(table, cell):
                continue  # SDC303 reports the units behind a statistic: one finding per cause
            role = effective_role(table, cell)
            units = unit_count(cell, role)
            if (units is None or not 0 < units < threshold) and \
                    cell.measure.read_as is Role.COUNT:
                # the file shows counts; evidence (a sidecar) adds checks, it never removes these
                role, units = Role.COUNT, cell.value
            # a count cannot be negative: "(3)" or "-3" in a count column is a count of 3
            # written to look like something else, or not a count at all (a change): review
            negative = role is Role.COUNT and units is not None and units < 0
            if negative and units is not None:
                units = -units
            if units is None or not 0 < units < threshold:
                continue
            if negative:
                message = (f"count {fmt_number(-units)} is negative, which a count cannot be; "
                           f"its size {fmt_number(units)} is below the threshold {threshold}")
                public = f"a negative count whose size is below the threshold {threshold}"
                flagged.add((cell.source.row, cell.source.col))
                yield self.finding(output, message, cell=cell, public=public,
                                   evidence={"count": -units, "threshold": threshold},
                                   unassessable=True)
                continue
            if role is Role.COUNT:
                message = f"count {fmt_number(units)} is below the threshold {threshold}"
                public = f"count is below the threshold {threshold}"
                evidence = {"count": units, "threshold": threshold}
            else:
                message = (f"{cell.measure.name} rests on {fmt_number(units)} units, below the "
                           f"threshold {threshold}")
                public = f"{cell.measure.name} rests on fewer units than the threshold {threshold}"
                evidence = {"units": units, "threshold": threshold}
            flagged.add((cell.source.row, cell.source.col))
            yield self.finding(output, message, cell=cell, evidence=evidence, public=public)
        for cell, units, name in _amounts_on_few_units(table, threshold):
            if (cell.source.row, cell.source.col) in flagged:
                continue
            flagged.add((cell.source.row, cell.source.col))
            yield self.finding(
                output, f"{name} rests on {fmt_number(units)} units (the count "
                f"published beside it), below the threshold {threshold}", cell=cell,
                public=f"{name} rests on fewer units than the threshold "
                       f"{threshold} (the count published beside it)",
                evidence={"units": units, "threshold": threshold})
        # the counts the means give back, worked out first: one they single out is certain, so
        # it is the finding at its cell where the implied counts' reading is one of several
        means_broke = False
        try:
            recovered_counts = [] if policy is None else _mean_counts(
                table, policy, self.params.perturbation)
        except Exception:  # a bug must fail closed: the means' counts are a person's to read
            recovered_counts = []
            means_broke = True
        recovered_at = {_position(r.cell) for r in recovered_counts}
        for implied in _implied_counts(table):
            at = _position(implied.cell)
            count = implied.count
            if count is None or not 0 < count < threshold or at in flagged or implied.printed:
                continue
            if implied.alternative and at in recovered_at:
                continue  # the means' certain count is the finding here (below)
            flagged.add(at)
            yield self.finding(
                output, f"{implied.how}: a count below the threshold {threshold}",
                public=f"{implied.public}: it implies a count below the threshold {threshold}",
                cell=implied.cell, evidence={"count": count, "base": implied.base,
                                             "threshold": threshold, "implied": True},
                unassessable=implied.alternative)  # one reading of several: a person decides
        if means_broke:
            yield self.finding(
                output, "the counts the means printed beside them may give back could not be "
                "worked out: a person must check them", public="the counts the means printed "
                "beside them may give back could not be worked out", unassessable=True)
        for recovered in recovered_counts:
            at = _position(recovered.cell)
            if at in flagged:
                continue
            flagged.add(at)
            yield self.finding(
                output, f"{recovered.how}: a count below the threshold {threshold}",
                public=f"{recovered.public}: a count below the threshold {threshold}",
                cell=recovered.cell,
                evidence={"count": recovered.low if recovered.low == recovered.high else None,
                          "count_low": recovered.low, "count_high": recovered.high,
                          "threshold": threshold, "implied": True})
        from sdc.weighted_counts import weighted_counts  # on first use (fast `sdc rules`)

        for cell, why in weighted_counts(table):
            at = _position(cell)
            if at in flagged or cell.value is None or cell.value <= 0:
                continue  # flagged above (a small value), a zero's SDC102, a negative's review
            flagged.add(at)
            yield self.finding(
                output, f"count {fmt_number(cell.value)} is a weighted count ({why}): the "
                f"unweighted units behind it, which the threshold {threshold} applies to, "
                "are not published", cell=cell,
                public=f"a weighted count: the unweighted units behind it, which the "
                       f"threshold {threshold} applies to, are not published",
                evidence={"weighted": True, "threshold": threshold}, unassessable=True)


def _amounts_on_few_units(table: Table, threshold: int
                          ) -> Iterator[tuple[DataCell, float, str]]:
    """Means and sums whose units, the count published on the same coordinates
    (``pivot_table(aggfunc=["mean", "count"])``), are below the threshold: the count's own
    cell is flagged as a count, the mean of those few units at its cell too (ACRO flags it
    there). Only tables with a count measure: a sum's own value is no unit count. In a table
    whose labels name the statistics (``describe()``, Stata's ``tabstat``: ``N``, ``mean``,
    ``sd`` down a group's lines), the mean's label names it and its units are the ``N`` line
    of its group (``sdc.cell_roles.units_behind``)."""
    labelled = bool(statistic_dimensions(table))
    if not labelled and not any(m.role is Role.COUNT or m.read_as is Role.COUNT
                                for m in table.measures):
        return
    from sdc.readers.roles import words  # on first use: `sdc rules` starts without it
    for cell in table.cells:
        if cell.source.marker is not None or cell.value is None:
            continue
        named = label_dimension(table, cell) if labelled else None
        if named is not None:
            if named[1] is not Role.MAGNITUDE or \
                    not _MEAN_OR_SUM & set(words(cell.coords[named[0]])):
                continue
        else:
            if cell.measure.role is not Role.MAGNITUDE or \
                    effective_role(table, cell) is not Role.MAGNITUDE:
                continue
            if not _MEAN_OR_SUM & set(words(cell.measure.name.partition(" / ")[0])):
                continue
            count = table.unit_count_cell(cell)
            if count is None or not _UNITS & set(words(count.measure.name.partition(" / ")[0])):
                continue  # ``nunique`` beside ``size`` counts wards, not the units behind it
        units = units_behind(table, cell)
        if units is not None and 0 < units < threshold:
            yield cell, units, (cell.measure.name if named is None
                                else f"{cell.coords[named[0]].strip()} of {cell.measure.name}")


_MEAN_OR_SUM = {"mean", "average", "avg", "sum", "total"}
_UNITS = {"n", "count", "size", "freq", "frequency", "nobs", "obs"}


def _mean_counts(table: Table, policy: RulePolicy, moved: int) -> list[RecoveredCount]:
    """``sdc.mean_counts.mean_counts`` under the policy's rounding and ``moved`` (small-count's
    perturbation), and the counts another output's means give back (``use_release_means``),
    imported on first use."""
    from sdc.mean_counts import count_doubt, mean_counts, release_mean_counts

    threshold, base, slack = count_doubt(policy.shared)
    return [*mean_counts(table, threshold, base, slack, moved), *release_mean_counts(table)]


def _implied_counts(table: Table) -> list[ImpliedCount]:
    """``sdc.derived_counts.implied_counts``, imported on first use: ``sdc rules`` lists the
    rules without the helpers they check with (startup, issue 15 §8)."""
    from sdc.derived_counts import implied_counts

    return implied_counts(table)


def _zero_evidence(found: ModelCount) -> str:
    """What shows a model's group has no cases: its diverged coefficient, or the note the
    package printed (``sdc.readers.model_notes``)."""
    return found.how or (f"the coefficient of '{found.term}' diverged (a huge estimate with "
                         "a far larger standard error)")


def _coefficient_cell(found: ModelCount) -> RawCell | None:
    """The coefficient row a model's recovered count is reported at (none for a print with no
    lines, an HTML or LaTeX export)."""
    return RawCell(found.line, found.col, found.term) if found.line else None


def structural_zero(output: Output, cell: DataCell, table: Table) -> str | None:
    """The request.toml claim declaring this cell a structural zero (``structural_zeros =
    ["C4", {row = "...", column = "..."}]``), as text, or None. Claims were validated first
    (``sdc.claims``: no empty wildcards)."""
    for i, entry in enumerate(output.request.get("structural_zeros", []) or []):
        if isinstance(entry, str) and entry.strip().upper() == cell.ref:
            return f"structural_zeros[{i}] = {entry!r}"
        if isinstance(entry, dict):
            row, col = entry.get("row"), entry.get("column")
            if (row is None or row == table.row_label(cell)) and (
                col is None or col == table.column_label(cell)
            ):
                shown = ", ".join(f"{k} = {v!r}" for k, v in entry.items())
                return f"structural_zeros[{i}] = {{{shown}}}"
    return None


def _relabelled(finding: Finding, table: Table, cell: DataCell) -> Finding:
    """A cell checked as a count only because the reader read its column as counts (a sidecar
    calls it something else): the guess may be wrong (an integer sum), so the finding asks a
    person (review) instead of failing, and says why."""
    if effective_role(table, cell) is not Role.COUNT:
        finding.cap = Status.REVIEW
        finding.evidence["read_as_count"] = True  # sdc.sidecar_bounds settles it under trust
        note = (" (read as a count: the file shows a whole number where its sidecar declares "
                f"a {cell.measure.role.value})" if cell.evidence is not None else
                " (read as a count: a whole number the output may also mean as a sum)")
        finding.public_message = (finding.public_message or finding.message) + note
        finding.message += note
    return finding


def _declared(finding: Finding, claim: str | None) -> Finding:
    """Mark a finding as changed by a declaration: the engine caps it at ``review`` and every
    report lists it."""
    if claim is not None:
        finding.declaration_kind = "structural_zeros"
        finding.declaration = claim
    return finding


class ZeroCount(Rule[RuleParams]):
    """Flags a zero count that is not declared structural.

    Why: class (attribute) disclosure. A zero shows that nobody in a group has a property:
    "no patient in practice X aged 40-44 tested negative" tells you the result of everyone
    you know there. Structural zeros (impossible combinations such as male and pregnant) can
    be declared in request.toml with ``structural_zeros``: a declaration is the researcher's
    claim, so the zero becomes ``review`` (a person confirms it) and every report lists it;
    only a policy waiver settles it.

    Example: diabetes by practice with a 0 in practice B, age 40-44 is ``fail``; declared
    ``structural_zeros = ["C4"]`` it is ``review``.

    A logistic, probit or Poisson model whose coefficient diverged (a huge estimate with a far
    larger standard error: the fit stopped at a fitted probability numerically 0 or 1) has a
    group with no cases, no non-cases or no events behind it: ``review`` at that coefficient's
    line (where this rule is off, SDC101 reviews the group's unknown size instead). So does
    a package's note that the model predicts a group perfectly (Stata's "predicts failure
    perfectly", R's "fitted probabilities numerically 0 or 1 occurred", statsmodels'
    ``PerfectSeparationWarning``, Stata's "completely determined"), at the note's line, and a
    combination Stata prints as ``(empty)`` (no observations in it), at its row.
    """

    code = "SDC102"
    name = "zero-count"
    summary = "a zero count that is not declared structural (class disclosure)"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        table = output.table

        def accept(cell: DataCell | None) -> bool:  # a zero count: judged above (structural),
            if cell is None or table is None:  # but a margin only from the tool's record
                return cell is None
            return bool(cell.total_dims) or not (
                cell.value == 0 and counted_role(table, cell) is Role.COUNT)

        yield from with_recorded(
            self, output, self._check(output, ctx), "zero", proves=lambda tool: True,
            accept=accept,
            says=lambda risk: (f"{risk.tool} recorded no record behind "
                               f"{'this cell' if risk.cell else 'a cell ' + records(risk)} "
                               "(from the microdata): publishing it discloses an empty class"))

    def _check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        yield from self._model(output)
        table = output.table
        if table is None:
            return
        flagged: set[tuple[int, int]] = set()
        # a margin's zero is its line's zeros again, but named too (ACRO flags it); one the
        # tool's record calls a zero is the record's (it fails even where declared structural)
        recorded = {id(r.cell) for r in output.recorded if r.kind == "zero"}
        for cell in table.cells:
            source = cell.source  # the cheap tests first: most cells are not zero
            if source.value != 0 or source.marker is not None or (
                    cell.total_dims and id(cell) in recorded):
                continue
            if counted_role(table, cell) is not Role.COUNT:
                continue
            claim = structural_zero(output, cell, table)
            message = ("zero count declared structural in request.toml: a person must confirm "
                       "the combination is impossible" if claim else
                       "zero count (class disclosure unless structural)")
            flagged.add(_position(cell))
            yield _declared(_relabelled(self.finding(output, message, cell=cell,
                                                     evidence={"count": 0}), table, cell), claim)
        yield from self._blank_counts(output, table, flagged)
        for implied in _implied_counts(table):
            if _position(implied.cell) in flagged or implied.alternative or implied.printed:
                continue
            if implied.split or not (implied.count == 0 or (implied.count is None
                                                            and implied.share == 0)):
                continue
            claim = (structural_zero(output, implied.cell, table)
                     if isinstance(implied.cell, DataCell) else None)
            yield _declared(self.finding(
                output, f"{implied.how}: a zero count (class disclosure unless structural)",
                public=f"{implied.public}: it implies a zero count", cell=implied.cell,
                evidence={"count": 0, "implied": True}), claim)


    def _model(self, output: Output) -> Iterator[Finding]:
        """A zero behind a model's diverged coefficient (``sdc.model_counts``): a group with
        no cases (or no non-cases, no events) at the coefficient's line. ``review``: the
        reading is the print's numbers', and a quasi-separation can also come from a
        structural zero, which a person confirms."""
        for found in output.model_counts:
            if not found.diverged:
                continue
            yield self.finding(
                output, f"{_zero_evidence(found)}: {found.group} has no {found.name}, a zero "
                "cell behind the model (class disclosure unless structural; with a continuous "
                "covariate, an outcome it predicts perfectly); a person must check it",
                cell=_coefficient_cell(found),
                public=("a model coefficient diverged: a group behind it has a zero count"
                        if not found.how else "a model's output says it predicts a group's "
                        "outcome perfectly: a zero count behind it"),
                evidence={"count": 0, "implied": True}, unassessable=True)

    def _blank_counts(self, output: Output, table: Table, flagged: set[tuple[int, int]]
                      ) -> Iterator[Finding]:
        """A blank cell among counts is a zero or a suppressed cell: pandas writes an empty
        combination of ``pivot_table(aggfunc="count")`` as blank (NaN), ACRO a suppressed
        one. Read as a zero (the stricter reading) it is an empty class: ``review``, unless
        the tool that wrote the output recorded the cell (then it hid a small count)."""
        recorded = {_position(r.cell) for r in output.recorded if r.cell is not None}
        blanks = [c for c in table.cells if c.source.marker == "" and c.value is None
                  and not c.total_dims and _position(c) not in recorded | flagged]
        if not blanks:
            return
        published = [c for c in table.cells if c.value is not None and not c.total_dims]
        rows = {c.source.row for c in published}
        cols = {(id(c.measure), c.source.col) for c in published}
        label_cols = set(table.label_columns)
        unlabelled = {c.row for line in table.grid for c in line
                      if c.col in label_cols and not c.raw.strip()}
        for cell in blanks:
            if cell.source.row not in rows or (id(cell.measure), cell.source.col) not in cols \
                    or cell.source.row in unlabelled:
                continue  # outside the published block, or on a line with a blank label (below
                # a shorter table beside another)
            if counted_role(table, cell) is not Role.COUNT:
                continue
            flagged.add(_position(cell))
            yield self.finding(
                output, "a blank cell among counts: pandas writes an empty combination (a "
                "zero count, class disclosure) as blank; if it was suppressed, write a "
                "suppression marker such as [c]", cell=cell,
                public="a blank cell among counts may be a zero count", unassessable=True)


class GroupDisclosure(Rule["GroupDisclosure.Params"]):
    """Flags a cell holding at least ``share`` of its row or column total, or a line in which
    all but fewer than ``threshold`` units fall in one category.

    Why: group disclosure. If 95% of a practice's registered patients over 80 had a fall,
    learning that someone is registered there aged 85 reveals they very likely fell. With
    all but 3 units in one cell, the other three are nearly identified.

    Example (share 0.9): a row 18-24 with female 95, male 5 and total 100 flags the female
    cell (95% of the row); the male cell 5 is also flagged by SDC101. A line with a hidden
    cell whose published total is the sum of the cells shown (``West, [c], 12, 12``, as
    ACRO's suppression recomputes its margins) is ``review``: 12 of 12 is all of West only if
    the hidden cell is a zero. With ``zero_may_hide = 7`` (the ``opensafely`` profile: ehrQL's
    measures write a redacted 1-7 as 0) a line ``North 0, South 20, East 0`` without a
    published total is ``review`` at South (all of 20 only if both zeros are true zeros, 20 of
    up to 34 otherwise); the zeros themselves are SDC102.
    """

    code = "SDC103"
    name = "group-disclosure"
    summary = "one cell holds >= share of its row/column, or all but < threshold units"

    class Params(RuleParams):
        share: float = Field(0.9, gt=0, le=1, description="one cell holding >= this share of "
                                                         "its line is group disclosure")
        threshold: int | None = Field(
            None, ge=1, examples=[10],
            description="units outside the dominant cell; unset = small-count's threshold")
        zero_may_hide: int = Field(
            0, ge=0, examples=[7],
            description="a published 0 may stand for up to this many units (a redaction "
                        "written as 0): a cell that dominates only if its line's zeros are "
                        "true zeros is review")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        table = output.table
        if table is None:
            return
        share = self.params.share
        threshold = self.params.threshold or ctx.policy.shared.threshold
        flagged: set[tuple[int, int]] = set()
        for dim, line, total_cell in _count_lines(table, share, threshold):
            yield from self._line_findings(output, table, dim, line, total_cell, share,
                                           threshold, flagged, self.params.zero_may_hide)
        # a Lorenz curve's points are cumulative shares (0 and 1 by definition at its ends),
        # not the proportions of a group in a category: read only by their shape
        curve = is_lorenz_table(table)
        for implied in () if curve else _implied_counts(table):
            if implied.alternative:
                continue
            implied_reason = _implied_group_disclosure(implied, share, threshold)
            at = _position(implied.cell)
            if implied_reason is None or at in flagged:
                continue
            flagged.add(at)
            yield self.finding(
                output, f"group disclosure: {implied.how}: {implied_reason}", cell=implied.cell,
                public=f"group disclosure: {implied.public} shows (nearly) all of a group in "
                       "one category",
                evidence={"count": implied.count, "base": implied.base, "share": implied.share,
                          "implied": True})

    def _line_findings(self, output: Output, table: Table, dim: str, line: list[DataCell],
                       total_cell: DataCell | None, share: float, threshold: int,
                       flagged: set[tuple[int, int]], zero_may_hide: int = 0
                       ) -> Iterator[Finding]:
        """The cells of one row or column that dominate it (each cell flagged once). Where a
        0 may be a redaction of up to ``zero_may_hide`` units and the line has no published
        total, a cell that no longer dominates with each zero read as that many is ``review``
        (it dominates only if the zeros are true zeros, which SDC102 asks a person)."""
        if (total_cell is None or total_cell.value is None) and any(
                m.source.value is None and m.source.marker is not None for m in line):
            return  # a hidden cell and no published total: no line total to compare with
        members = counted_cells(table, line)
        hidden = [m for m in line if m.suppressed]  # still in the line: its total counts them
        if len(members) + len(hidden) < 2:
            return
        total = _line_total(members + hidden, total_cell)
        if total is None or total <= 0:
            return
        claim: str | None = None
        unsure = False
        claimed = False  # the line's claim is looked up once it has a finding (most have none)
        for cell in members:
            source = cell.source
            value = source.value
            if value is None or value <= 0 or (source.row, source.col) in flagged:
                continue
            reason = _dominance_reason(value, total, share, threshold, dim)
            if reason is None:
                continue
            if not claimed:
                claim, claimed = _structural_claim(output, table, members), True
                unsure = bool(hidden) and _leaves_hidden_out(members, total)
            on_zeros = zero_may_hide > 0 and _dominates_only_on_zeros(
                value, members, total, total_cell, share, threshold, dim, zero_may_hide)
            flagged.add((source.row, source.col))
            related = [output.location(total_cell)] if total_cell is not None else []
            public = (f"group disclosure: the cell dominates its line across {dim} "
                      f"(share {share:.0%} / fewer than {threshold} others)")
            doubt = (" (the line's published total is the sum of its published cells: either "
                     "the total leaves its hidden cells out, as ACRO's suppression recomputes "
                     "it, or they are zeros)") if unsure else ""
            if on_zeros:
                doubt += (f" (only if the line's zeros are true zeros: under this policy a 0 "
                          f"may stand for up to {zero_may_hide} units)")
            yield _declared(_relabelled(self.finding(
                output, f"group disclosure: the cell {reason}{doubt}", cell=cell,
                public=public + doubt,
                evidence={"value": value, "line_total": total,
                          "share": value / total, "along": dim},
                related=related, unassessable=unsure or on_zeros), table, cell), claim)


def _dominates_only_on_zeros(value: float, members: list[DataCell], total: float,
                             total_cell: DataCell | None, share: float, threshold: int,
                             dim: str, zero_may_hide: int) -> bool:
    """Whether a cell that dominates its line would not with each of the line's published
    zeros read as ``zero_may_hide`` units. A published total fixes the line (no widening)."""
    if total_cell is not None and total_cell.value is not None:
        return False
    zeros = sum(1 for m in members if m.source.value == 0 and m.source.marker is None)
    if not zeros:
        return False
    return _dominance_reason(value, total + zeros * zero_may_hide, share, threshold,
                             dim) is None


def _count_lines(table: Table, share: float | None = None, threshold: int | None = None
                 ) -> list[tuple[str, list[DataCell], DataCell | None]]:
    """The rows and columns of counts, and of columns read as counts that a sidecar
    relabelled (still counts here), each with its total cell if published. Given ``share``
    and ``threshold``, the lines of counts where no cell can dominate are left out
    (:func:`_may_dominate`): they give no finding."""
    relabelled = {m.role for m in table.measures
                  if m.read_as is Role.COUNT and m.role is not Role.COUNT}
    counts = (table.lines(Role.COUNT) if share is None or threshold is None
              or statistic_dimensions(table) else _may_dominate(table, share, threshold))
    return [*counts, *(line for role in sorted(relabelled) for line in table.lines(role)),
            *(_measure_lines(table) or _complement_lines(table))]


def _may_dominate(table: Table, share: float, threshold: int
                  ) -> Iterator[tuple[str, list[DataCell], DataCell | None]]:
    """``table.lines(Role.COUNT)`` less the lines where ``_line_findings`` finds nothing,
    decided with numpy over every line at once (a long table has tens of thousands): a line
    with no published total and a hidden cell has no total to compare with, and in the others
    no cell is above zero with at least ``share`` of the line or fewer than ``threshold``
    left beside it. The test is widened by a margin for summing in another order, so every
    line that may give a finding is kept, in order. Only where no label names a statistic:
    then every cell of a line of counts is counted (``counted_cells``)."""
    kept = table.line_parts(Role.COUNT)
    if len(kept.cells) < LINES_WITH_NUMPY_FROM:  # a small table: every line, without numpy
        yield from table.lines(Role.COUNT)
        return
    import numpy as np

    from sdc.line_arrays import cell_arrays, line_segments

    every = cell_arrays(kept)
    for part in line_segments(kept):
        dim, flat, totals, order = part.dim, part.flat, part.totals, part.order
        starts, stops, sizes, line_of = part.starts, part.stops, part.sizes, part.line_of
        blank, hidden = every.blank[order], every.marked[order]
        values = np.where(blank, 0.0, every.value[order])
        with np.errstate(all="ignore"):
            # the members and, again, the hidden ones (``_line_total(members + hidden)``)
            whole = np.add.reduceat(values * (1 + hidden), starts)
            size = np.add.reduceat(np.abs(values) * (1 + hidden), starts)
            whole[np.logical_or.reduceat(blank, starts)] = np.nan  # a blank: no sum
            for k, cell in totals.items():
                if cell.value is not None:
                    whole[k], size[k] = cell.value, abs(cell.value)
            margin = 1e-7 * (size + 1.0)
            total, room = whole[line_of], margin[line_of]
            rest = total - values
            may = ((~blank) & (values > 0) & (total > -room)
                   & ((values >= share * total - room) | ((rest > -room)
                                                          & (rest < threshold + room))))
        lines = np.zeros(len(stops), dtype=bool)
        lines[line_of[may]] = True
        lines &= sizes >= 2  # the lines of ``table.lines()``
        for k in np.flatnonzero(lines).tolist():
            yield dim, flat[starts[k]:stops[k]], totals.get(k)


def _measure_lines(table: Table) -> list[tuple[str, list[DataCell], DataCell | None]]:
    """The rows across count columns that are categories of one variable: columns read as
    counts (``Full time``, ``Part time``) whose values add up, row by row, to another count
    column of the table (their ``Total``). Each row of them is a line with that column's cell
    as its total, margin rows included, as a cross-tabulation's rows are. Columns that add up
    to no column are different counts (``deaths``, ``admissions``), not a partition: no line.
    One pass over the cells, and over each row once (a long table may have many columns)."""
    ids = {id(m) for m in table.measures if Role.COUNT in (m.role, m.read_as)}
    if len(ids) < 3:
        return []
    rows: dict[int, dict[int, DataCell]] = {}
    for cell in table.cells:
        if id(cell.measure) in ids:
            value = cell.value
            if value is not None and (value < 0 or not float(value).is_integer()):
                ids.discard(id(cell.measure))  # not whole counts: no part of a partition
            rows.setdefault(cell.source.row, {})[id(cell.measure)] = cell
    total_id = _total_column(rows.values(), ids) if len(ids) >= 3 else None
    if total_id is None:
        return []
    parts = [m for m in table.measures if id(m) in ids and id(m) != total_id]
    name = "the columns " + " / ".join(m.name for m in parts)
    return [(name, [row[id(m)] for m in parts if id(m) in row], row.get(total_id))
            for row in rows.values()]


def _complement_lines(table: Table) -> list[tuple[str, list[DataCell], DataCell | None]]:
    """The rows across two count columns that are the two answers of one question
    (:func:`complementary`) when no column is their total: each row of the pair is a line
    whose total is its sum, so group disclosure (190 of 201 negative) is checked."""
    from sdc.readers.roles import complementary  # where checked: `sdc rules` lists without it
    counts = [m for m in table.measures if Role.COUNT in (m.role, m.read_as)]
    if len(counts) < 2:
        return []
    pairs = [(a, b) for i, a in enumerate(counts) for b in counts[i + 1:]
             if complementary(a.name, b.name)]
    if not pairs:
        return []
    rows: dict[int, dict[int, DataCell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.source.row, {})[id(cell.measure)] = cell
    lines: list[tuple[str, list[DataCell], DataCell | None]] = []
    for a, b in pairs:
        name = f"the columns {a.name} / {b.name}"
        for row in rows.values():
            pair = [row[id(m)] for m in (a, b) if id(m) in row]
            if len(pair) == 2 and all(c.value is None or (c.value >= 0 and float(
                    c.value).is_integer()) for c in pair):
                lines.append((name, pair, None))
    return lines


def _total_column(rows: Iterable[dict[int, DataCell]], ids: set[int]) -> int | None:
    """The column that is, in every row with all its cells published, the sum of the others
    (two such rows at least: one could add up by chance); None if there is none. In a row of
    sum ``s`` only a cell of ``s / 2`` can be the others' total."""
    candidates: set[int] | None = None
    checked = 0
    for row in rows:
        cells = [row.get(i) for i in ids]
        if any(c is None or c.value is None or c.suppressed for c in cells):
            continue
        whole = sum(c.value for c in cells if c is not None and c.value is not None)
        here = {i for i in ids if abs(2 * (row[i].value or 0.0) - whole)
                <= float_slack(whole)}
        candidates = here if candidates is None else candidates & here
        if not candidates:
            return None
        checked += 1
    if candidates is None or checked < 2 or len(candidates) != 1:
        return None
    return next(iter(candidates))


def _structural_claim(output: Output, table: Table, members: list[DataCell]) -> str | None:
    """A declared structural zero (no one can be there) would make a line of one possible
    category no risk: that is the researcher's claim, so the finding is kept, marked as
    changed by it (review, listed in every report). It matters only when it leaves one
    possible category (a zero moves no share)."""
    declared = [(m, c) for m in members
                if m.value == 0 and (c := structural_zero(output, m, table))]
    return declared[0][1] if declared and len(members) - len(declared) < 2 else None


def _leaves_hidden_out(members: list[DataCell], total: float) -> bool:
    """The line's published total equals the sum of its published cells, so its hidden cells
    are pinned at 0: the total may have been computed without them (ACRO's
    ``suppress=True`` recomputes margins from the redacted records) or they are zeros. The
    numbers cannot tell which, so a share of that total is for a person to judge."""
    published = [m.source.value for m in members if m.source.value is not None]
    return abs(total - sum(published)) <= 1e-9 * (abs(total) + 1)


def _line_total(members: list[DataCell], total_cell: DataCell | None) -> float | None:
    """The published total of a line, else the sum of its cells; None when a cell is
    suppressed and no total is published (nothing to compare). A published total below one
    of the line's own counts is not this line's total (a year column read as counts beside
    an ``All`` column: SDC402 names it): the line holds at least the sum of its published
    counts, so that sum is its total; a share of more than the whole says nothing."""
    if total_cell is not None and total_cell.value is not None:
        total = total_cell.value
        published = [v for m in members if (v := m.source.value) is not None and v > 0]
        if published and 0 < total < max(published):  # (not positive: no line total)
            return sum(published)  # above the total: it holds a count above it
        return total
    values = [m.source.value for m in members]
    if None in values:
        return None
    return sum(values)  # type: ignore[arg-type]


def _dominance_reason(value: float, total: float, share: float, threshold: int,
                      dim: str) -> str | None:
    """Why a cell dominates its line (at least ``share`` of it, or all but fewer than
    ``threshold`` units), or None."""
    rest = total - value
    if value / total >= share:
        return f"holds {value / total:.0%} of the total {fmt_number(total)} across {dim}"
    if 0 <= rest < threshold:
        return (f"leaves only {fmt_number(rest)} of the total {fmt_number(total)} across "
                f"{dim} in other categories (fewer than {threshold})")
    return None


def _position(cell: DataCell | RawCell) -> tuple[int, int]:
    source = cell if isinstance(cell, RawCell) else cell.source
    return source.row, source.col


def _implied_group_disclosure(implied: ImpliedCount, share: float, threshold: int
                              ) -> str | None:
    """Why an implied count discloses its group, or None. 100% (or at least ``share``) of a
    group in one category, all but fewer than ``threshold``, or, where the group is split in
    two (has / has not), 0%: nobody in the group has it, so everyone has the other."""
    count, base = implied.count, implied.base
    if count is None or base is None or base <= 0:
        if implied.share is None:
            return None
        if implied.share >= 1:
            return "the whole group is in one category"
        if implied.share >= share:
            return f"{implied.share:.0%} of the group is in one category"
        if implied.share == 0 and implied.split:
            return "nobody in the group is in this category, so all are in the other"
        return None
    if count == 0:
        return ("nobody in the group is in this category, so all are in the other"
                if implied.split else None)
    rest = base - count
    if count / base >= share:
        return f"{count / base:.0%} of the group is in one category"
    if 0 <= rest < threshold:
        return f"all but {fmt_number(rest)} of the group are in one category"
    return None
