"""Rules for statistics and models: residual degrees of freedom, extremes, thin statistics."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING

from pydantic import Field

from sdc.cell_roles import (
    cells_maybe,
    effective_role,
    is_thin_statistic,
    label_dimension,
    units_behind,
)
from sdc.formatting import fmt_number
from sdc.readers.coefficients import proven_p_values
from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams
from sdc.rules.concentration import units_revealed
from sdc.rules.lorenz import lorenz_shape, names_shares
from sdc.rules.margin_extremes import CERTAIN_MARGINS, margin_extremes
from sdc.rules.recorded import records, with_recorded
from sdc.table import DataCell, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output



class ResidualDof(Rule["ResidualDof.Params"]):
    """Flags a model whose residual degrees of freedom are below the minimum.

    Why: a model with few residual degrees of freedom is close to saturated: its coefficients
    and fitted values nearly reproduce individual records (with 0 residual dof they do).

    Example (min 10): an OLS fit on 12 records with 4 parameters has 8 residual dof: fail.
    A model ACRO failed on its own, higher, dof threshold (16 below its 20) is ``review``.
    A coefficient table whose only dof source is ACRO's record (``results.json``, which the
    researcher can edit), with no released summary printing the same ``Df Residuals``, is
    ``review`` at or above the minimum and ``fail`` below it.
    A summary whose printed counts contradict its residual dof (``No. Observations`` less
    ``Df Residuals`` not ``Df Model`` plus a constant, nor the coefficient rows; R's two
    residual dof; Stata's ANOVA table: ``sdc.model_facts_agree``) is ``review``: one number
    edited alone (``Df Residuals`` 9 written as 1000) no longer passes.
    A coefficient table with no source for its degrees of freedom is ``review`` (unassessable),
    unless what it shows caps them below the minimum (an esttab table's ``N``, or a broom
    ``tidy()`` table's ``nobs`` column, less the terms it shows: terms may be hidden, never
    fewer estimated): then ``fail``.
    """

    code = "SDC301"
    name = "residual-dof"
    summary = "a model's residual degrees of freedom below the minimum (10)"

    class Params(RuleParams):
        min_dof: int = Field(10, ge=1, description="residual degrees of freedom a model needs "
                                                   "(ACRO safe_dof_threshold)")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        minimum = self.params.min_dof
        table = output.table
        has_terms = table is not None and any(
            c.measure.role is Role.MODEL and not c.suppressed for c in table.cells)
        # at most this many (terms may be hidden, never fewer estimated): below the minimum
        # whatever is hidden; the dof themselves, when known, say as much
        capped = [] if output.model_dof else [
            bound for bound in output.model_dof_at_most if bound.dof < minimum]
        for bound in capped:  # at the cell of the observations the bound rests on
            yield self.finding(
                output, f"residual degrees of freedom at most {fmt_number(bound.dof)} (the "
                f"observations less the terms shown), below {minimum}", cell=bound.cell,
                public=f"residual degrees of freedom are below {minimum}",
                evidence={"dof_at_most": bound.dof, "min_dof": minimum})
        recorded_only = [] if output.model_dof or capped else output.recorded_dof
        if recorded_only and all(dof >= minimum for dof in recorded_only):
            yield self.finding(
                output, "residual degrees of freedom known only from ACRO's record "
                "(results.json), which no released file of the model prints (its summary's "
                "Df Residuals): the record can be changed after ACRO wrote it, so a person "
                "must confirm them", unassessable=True)
        elif not output.model_dof and not capped and not recorded_only \
                and (output.kind == "model" or has_terms):
            yield self.finding(
                output, "model statistics with no degrees-of-freedom source (no model summary, "
                "no sidecar, no ACRO record): the residual dof cannot be checked",
                unassessable=True)
        # a record only ever adds a finding: its dof below the minimum fails
        below = [dof for dof in [*output.model_dof, *recorded_only] if dof < minimum]
        for dof in below:
            yield self.finding(
                output, f"residual degrees of freedom {fmt_number(dof)} are below {minimum}",
                public=f"residual degrees of freedom are below {minimum}",
                evidence={"dof": dof, "min_dof": minimum})
        if below or capped:
            return
        for disagreement in dict.fromkeys(output.dof_disagreements):  # contradicted by its print
            yield self.finding(
                output, f"the model's residual degrees of freedom are not confirmed: "
                f"{disagreement}; a printed number may have been changed, so a person must "
                "confirm the dof", unassessable=True,
                public="the model summary's observations, model and residual degrees of "
                       "freedom disagree; a person must confirm the dof")
        # ACRO failed the model on a dof threshold above the policy's (its config): review
        yield from with_recorded(
            self, output, (), "model_dof", proves=lambda tool: tool["dof"] < minimum,
            says=lambda risk: (f"{risk.tool} failed this model: residual degrees of freedom "
                               f"{fmt_number(risk.params['dof'])} below its threshold "
                               f"{fmt_number(risk.params['min_dof'])} (its record; the "
                               f"policy's minimum is {minimum})"))


class ExtremeValue(Rule[RuleParams]):
    """Flags a reported minimum, maximum or range.

    Why: the minimum and maximum of a variable are single records: the oldest patient, the
    longest stay, the highest cost. A range gives both away.

    Example: a table with columns ``age_min, age_max`` is flagged at every published cell of
    those columns; so are the ``0%`` and ``100%`` quantiles (R's ``quantile()``,
    ``describe(percentiles=[0, 1])``): the minimum and the maximum under another name. A
    table no word names as minima (``pivot_table(aggfunc="min", margins=True)`` saved with
    ``to_excel``: categories and numbers only) whose every margin is the smallest of the
    cells it spans, not their sum, is flagged at every cell too (the largest likewise:
    maxima); on a single such margin, where chance is not ruled out, ``review``.
    """

    code = "SDC302"
    name = "extreme-value"
    summary = "a minimum or maximum (or a range) is reported"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        if output.table is None:
            return
        table = output.table
        found: list[Finding] = []
        for cell in cells_maybe(table, (Role.EXTREME,)):
            if cell.suppressed or effective_role(table, cell) is not Role.EXTREME:
                continue
            what = f"'{_stat_name(table, cell)}' reports an extreme value (a single record)"
            if cell.measure.role_from:  # no header says so (a wide table's measure: 'count')
                what = f"a minimum or maximum (a single record): {cell.measure.role_from}"
            found.append(self.finding(output, what, cell=cell, evidence={"value": cell.value}))
        seen: set[tuple[int, int]] = set()
        for header, raw in label_extremes(table):
            seen.add((raw.row, raw.col))
            found.append(self.finding(output, f"'{header}' reports an extreme date or a range "
                                      "(single records' values)", cell=raw,
                                      evidence={"value": raw.raw}))
        for label, raw in row_label_extremes(table):
            if (raw.row, raw.col) not in seen:
                found.append(self.finding(
                    output, f"the line '{label}' reports a minimum, maximum or range "
                    "(single records' values)", cell=raw, evidence={"value": raw.raw}))
        if not found:
            for level, raw in quantile_ladder_extremes(table):
                found.append(self.finding(
                    output, f"the quantile at {level} is the {_END[level]} (a single record)",
                    cell=raw, evidence={"value": raw.value}))
        if not found:
            found.extend(self._margin_extremes(output, table))
        if found:  # a table-wide record adds nothing to the cells found
            yield from found
            return
        yield from with_recorded(
            self, output, found, "extreme", proves=lambda _: True,
            says=lambda risk: (f"{risk.tool} recorded that this table reports minima or maxima "
                               f"{records(risk)} (single records)"))

    def _margin_extremes(self, output: Output, table: Table) -> Iterator[Finding]:
        """Every cell of a measure whose margins are the minima (or maxima) of the cells they
        span, not their sums (:mod:`sdc.rules.margin_extremes`): ``fail`` when two margins or
        more say so, ``review`` on one (a coincidence is then not ruled out)."""
        for read in margin_extremes(table):
            certain = read.telling >= CERTAIN_MARGINS
            margins = f"{read.telling} margin" + ("s" if read.telling > 1 else "")
            what = (f"each margin is the {read.extreme} of the cells it spans, not their sum "
                    f"({margins} where a sum would differ): a table of "
                    f"{_PLURAL[read.extreme]} (single records' values) written without the "
                    "statistic's name")
            for cell in read.cells:
                yield self.finding(output, what, cell=cell, evidence={"value": cell.value},
                                   unassessable=not certain)


def label_extremes(table: Table) -> Iterator[tuple[str, RawCell]]:
    """(header, cell) for each label cell under a header naming an extreme or a range
    (``earliest``, ``latest_admission``, ``age range``, ``min-max``): one person's value.
    Dates and bands are labels to the layout reader (a column of them is a dimension), so the
    header and the column's structure tell them apart: a date there is always an extreme; a
    band (``18-94``) is a range when the column stands right of a measure (a statistic of the
    row, not the row's label) or its bands overlap (a banding's categories never do: ``age
    range`` over ``18-24, 25-34`` is a frequency table's label and stays one). Under any header,
    a band column right of a measure whose bands overlap is ranges too (``patients,ages`` over
    ``18 to 94``, ``21 to 89``): a label column stands left of the measures, and a banding's
    categories never overlap."""
    from sdc.identifiers import looks_like_date  # only when a table is checked (startup)
    from sdc.readers.roles import role_from_text

    first_measure = min((c.source.col for c in table.cells), default=None)
    headers = {col: text for col in table.label_columns
               if role_from_text(text := table.column_headers.get(col, "")) is Role.EXTREME}
    for col, header in headers.items():
        cells = [c for c in table.column_cells(col) if c.raw.strip()]
        ranges = _ranges_not_labels(cells, first_measure is not None and col > first_measure)
        for cell in cells:
            if looks_like_date(cell.raw) or cell in ranges:
                yield header, cell
    if first_measure is None:
        return
    for col in table.label_columns:  # no word needed where both structures say range
        if col in headers or col < first_measure:
            continue
        cells = [c for c in table.column_cells(col) if c.raw.strip()]
        for cell in _ranges_not_labels(cells, False):
            yield table.column_headers.get(col, ""), cell


# what a "Table 1" line names when its text cells are a variable's extremes: ``Age, min-max``,
# ``Min, Max`` (gtsummary), ``median [range]`` (tableone's minMax), ``Age range``
_EXTREME_LINE_WORDS = frozenset({"min", "max", "minimum", "maximum", "range", "minmax"})
_DIGIT = frozenset("0123456789")
# a category defined by a bound (``Low (<5mg)``, ``>=65``) under ``Dose range``: a band's
# label, no record's value (as ``18-64`` over ``Age range, n (%)`` is)
_BAND_BOUND = re.compile(r"[<>\u2264\u2265]")


def row_label_extremes(table: Table) -> Iterator[tuple[str, RawCell]]:
    """(line label, cell) for each text cell holding a number on a data line whose labels
    (its texts before the first holding a digit) name a minimum, maximum or range:
    ``Age, min-max`` over ``18-94``, ``Min, Max`` over ``18, 94``, ``median [range]`` over
    ``45 [18, 94]``. A
    "Table 1" writes its statistics as text in label columns (the layout reads no cell
    there), so no measure or label dimension names them; before, such a line passed. A count
    string (``12 (3.0%)``) on that line is a count, checked as one, not an extreme."""
    from sdc.derived_counts import parse_n_percent
    from sdc.readers.roles import words

    label_cols = set(table.label_columns)
    if len(label_cols) < 2 or not any(
            not _EXTREME_LINE_WORDS.isdisjoint(words(text))
            for col in label_cols for text in table.grid.column_texts(col)):
        return  # no text beside the line's label, or no line naming an extreme: no row read
    data_rows = set(table.data_rows)
    for row in table.grid:
        if not row or row[0].row not in data_rows:
            continue
        texts = [c for c in row if c.col in label_cols and c.kind == "text"]
        lead = 0  # the line's labels: its texts before the first holding a digit
        while lead < len(texts) and _DIGIT.isdisjoint(texts[lead].raw):
            lead += 1
        labels = " ".join(c.raw.strip() for c in texts[:lead])
        if not lead or lead == len(texts) or _EXTREME_LINE_WORDS.isdisjoint(words(labels)):
            continue
        for cell in texts[lead:]:
            if parse_n_percent(cell.raw, True) is None and not _BAND_BOUND.search(cell.raw):
                yield labels, cell


_END = {"0.0": "minimum", "1.0": "maximum"}
_PLURAL = {"minimum": "minima", "maximum": "maxima"}


def quantile_ladder_extremes(table: Table) -> Iterator[tuple[str, RawCell]]:
    """(level, cell) for each value at the levels 0 and 1 of a ladder of quantile levels:
    pandas' ``quantile([0, .25, .5, .75, 1])`` writes its levels as numbers, in the header
    (``region,0.0,0.25,...,1.0`` after ``unstack()``) or as row labels (``0.0,18.0``). The
    reader takes them for data (the output stays ``review``); their extremes are still single
    records. A ladder: three or more levels in [0, 1], strictly increasing, one not whole,
    starting at 0 or ending at 1, with every line of values along it non-decreasing (as
    quantiles are): counts by a fractional score rarely are, and would fail SDC302 wrongly
    only then."""
    if table.correlation_matrix:
        return  # its coefficients (0.0 ... 1.0 on the diagonal) are no ladder of levels
    # looked at, not kept (``Grid.head``): the cells yielded are read from the grid below
    top = table.grid.head(50)
    if not any(c.value is not None and 0 < c.value < 1 for row in top for c in row):
        return  # every ladder holds a level strictly between 0 and 1 among its first three
    firsts: dict[int, list[RawCell]] = {}  # each column's first three numbers
    heads: list[list[RawCell]] = []  # the first three lines' numbers
    for row in top:
        line = [c for c in row if c.value is not None]
        if len(heads) < 3 and line:
            heads.append(line)
        for c in line:
            firsts.setdefault(c.col, [])
            if len(firsts[c.col]) < 3:
                firsts[c.col].append(c)
    starts = {col for col, first in firsts.items() if _is_ladder(first, start=True)}
    if starts and any(m.role is Role.MODEL for m in table.measures):
        starts.discard(proven_p_values(table))  # a coefficient table's p-values, proven
    if not starts and not any(_is_ladder(line) for line in heads):
        return  # the usual table: no ladder begins in it (no scan of the whole grid)
    grid = [line for row in table.grid if (line := [c for c in row if c.value is not None])]
    cells = {(c.row, c.col): c for row in grid for c in row}
    for i, line in enumerate(grid[:3]):  # a header line of levels over columns of quantiles
        if _is_ladder(line):
            yield from _ends(line, [[cells.get((row[0].row, lv.col)) for lv in line]
                                    for row in grid[i + 1:]])
    cols = sorted({c for _, c in cells})
    for col in sorted(starts):  # a label column of levels beside columns of quantiles
        runs = _runs([row_cell for row in grid if (row_cell := cells.get((row[0].row, col)))])
        if not all(_is_ladder(run) for run in runs):
            continue
        for other in cols:
            if other == col:
                continue
            named = names_shares(table, col) or names_shares(table, other)
            for run in runs:
                along: list[RawCell | None] = [cells.get((lv.row, other)) for lv in run]
                yield from ((level, cell) for level, cell in _ends(run, [along])
                            if not (named and _share_curve(run, along)))


def _share_curve(ladder: list[RawCell], line: list[RawCell | None]) -> bool:
    """Whether the line is a cumulative share curve along the ladder (a Lorenz or
    concentration curve): it runs from exactly 0 at level 0 to exactly 1 at level 1, as
    every such curve does by definition, with every value a share in [0, 1]. Its end points
    (0, 0) and (1, 1) are then no unit's value (the share of nobody, the share of all). The
    points between are not exempt here: the first step of a curve over a few units is one
    unit's share, which the rules on units behind a statistic read.

    The header's share word is the researcher's; the curve's shape is not: the points must
    also be a Lorenz curve (:func:`lorenz_shape`), read with either column as the population's
    share."""
    if any(c is None for c in line):
        return False
    points = [c for c in line if c is not None]
    if not (ladder[0].value == 0 and ladder[-1].value == 1
            and points[0].value == 0 and points[-1].value == 1):
        return False
    return lorenz_shape(ladder, points) or lorenz_shape(points, ladder)


def _runs(cells: list[RawCell]) -> list[list[RawCell]]:
    """The strictly increasing runs of a column, in order."""
    runs: list[list[RawCell]] = []
    for cell in cells:
        if runs and (runs[-1][-1].value or 0) < (cell.value or 0):
            runs[-1].append(cell)
        else:
            runs.append([cell])
    return runs


def _is_ladder(cells: list[RawCell], start: bool = False) -> bool:
    """Levels of quantiles (or, with ``start``, the first three of a column of them)."""
    values = [c.value for c in cells if c.value is not None]
    return (len(values) == len(cells) >= 3 and all(0 <= v <= 1 for v in values)
            and all(a < b for a, b in pairwise(values))
            and any(not float(v).is_integer() for v in values)
            and (start or values[0] == 0 or values[-1] == 1))


def _ends(ladder: list[RawCell], lines: list[list[RawCell | None]]
          ) -> Iterator[tuple[str, RawCell]]:
    """The cells at levels 0 and 1 of lines that are all published and non-decreasing; none
    when any published line decreases (not quantiles) or no line is whole."""
    whole = [line for line in lines if all(c is not None for c in line)]
    full = [[c for c in line if c is not None] for line in whole]
    if not full or any(any((a.value or 0) > (b.value or 0) for a, b in pairwise(line))
                       for line in full):
        return
    ends = [i for i, lv in enumerate(ladder) if lv.value in (0, 1)]
    for line in full:
        for i in ends:
            yield ("0.0" if ladder[i].value == 0 else "1.0"), line[i]


def _ranges_not_labels(cells: list[RawCell], right_of_a_measure: bool) -> list[RawCell]:
    """The cells of a range column that hold two values a range gives away."""
    from sdc.bands import parse_band

    bands = [(parse_band(c.raw), c) for c in cells if any(ch.isdigit() for ch in c.raw)]
    if right_of_a_measure:
        return [c for _, c in bands]
    spans = sorted((b.lo, b.hi) for b, _ in bands if b is not None)
    if any(lo < prev_hi for (_, prev_hi), (lo, _) in pairwise(spans)):
        return [c for b, c in bands if b is not None]
    return []


class ThinStatistic(Rule["ThinStatistic.Params"]):
    """Flags a percentile, median, mode, standard deviation or percentage that rests on too
    few units, or on units that all share one value. A statistic whose number of units
    cannot be found at all is flagged for review.

    Why: the median of 3 values is one person's value; a standard deviation of 0 says every
    unit has the mean; 100% of 4 patients tells you about each of them.

    Example (threshold 10): a row ``18-24, n=6, median_los=4`` flags the median cell. A
    standard deviation, variance or standard error printed as 0, or a distinct count
    (``n_distinct(dx)``) of 1, is flagged at any n: every unit has the same value. A tail
    percentile (below the 25th or above the 75th, its level read from its name: ``p99``,
    ``5th centile``, or from the statistic its evidence sidecar declares) is also flagged
    when fewer than ``tail_units`` units lie beyond it, as a box plot's whisker is (SDC302):
    the 99th percentile of 40 values (0.4 units above it) is the maximum in all but name,
    and the 90th of 30 is the third largest value. The
    median and the quartiles need only their units. A standard deviation, variance or
    standard error also needs ``spread_min_dof`` degrees of freedom (its units - 1), as ACRO's
    dof check asks of a ``std`` table: a sd of exactly 10 units (9 dof) is flagged. A
    concentration ratio (``CR3``: the share of the 3 largest units, resting on all of them)
    over ``n + 1`` units or fewer is flagged at any threshold: 100% less it is the one other
    unit's share; so is a Herfindahl index over two units (``s^2 + (1 - s)^2``: both shares).
    The (n, k) rule reads their shares (SDC201).
    """

    code = "SDC303"
    name = "thin-statistic"
    summary = "a percentile/median/mode/sd rests on too few units, or all units share one value"

    class Params(RuleParams):
        threshold: int | None = Field(
            None, ge=1, examples=[10],
            description="units behind a median/percentile/sd/mode/%; unset = small-count's "
                        "threshold")
        tail_units: int | None = Field(
            None, ge=1, examples=[10],
            description="units a tail percentile (below p25, above p75) needs beyond it; "
                        "unset = the threshold")
        spread_min_dof: int = Field(
            10, ge=0, examples=[10],
            description="degrees of freedom (units - 1) a standard deviation, variance or "
                        "standard error needs (ACRO safe_dof_threshold); 0 = its units alone")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        threshold = self.params.threshold or ctx.policy.shared.threshold
        table = output.table

        def accept(cell: DataCell | None) -> bool:
            return table is not None and cell is not None and is_thin_statistic(table, cell)

        spread_dof = self.params.spread_min_dof
        found = self._check(output, threshold, self.params.tail_units or threshold, spread_dof)
        found = with_recorded(
            self, output, found, "threshold", accept=accept,
            proves=lambda tool: tool["threshold"] <= threshold,
            says=lambda risk: (f"{risk.tool} recorded fewer than "
                               f"{fmt_number(risk.params['threshold'])} records behind this "
                               "statistic (from the microdata)"))
        found = with_recorded(  # the smallest count - 1 of a table of sd's, not where it is
            self, output, found, "dof", proves=lambda tool: tool["dof"] + 1 < threshold or (
                tool["dof"] < spread_dof),
            says=lambda risk: (f"{risk.tool} recorded a statistic with "
                               f"{fmt_number(risk.params['dof'])} degrees of freedom, i.e. "
                               f"resting on {fmt_number(risk.params['dof'] + 1)} "
                               f"record{'s' if risk.params['dof'] else ''}; "
                               "it did not record which cell (from the microdata)"))
        yield from with_recorded(
            self, output, found, "all_same", accept=accept, proves=lambda tool: True,
            says=lambda risk: (f"{risk.tool} recorded that every record behind this "
                               "statistic has the same value (from the microdata)"))

    def _check(self, output: Output, threshold: int, tail_units: int,
               spread_dof: int) -> Iterator[Finding]:
        table = output.table
        if table is None:
            return
        from sdc.derived_counts import percent_base, rate_scale_unknown  # first use (startup)
        from sdc.readers.layout_survival import survival_bound

        unknown: dict[str, int] = {}
        unscaled: dict[str, int] = {}
        for cell in cells_maybe(table, (Role.STATISTIC, Role.PERCENT)):  # is_thin_statistic's
            if cell.suppressed or not is_thin_statistic(table, cell):
                continue
            role = effective_role(table, cell)
            name = _stat_name(table, cell)
            units = units_behind(table, cell)
            if units is None and role is Role.PERCENT:
                units = percent_base(table, cell)
            evidence = cell.evidence or {}
            # a number over no unit is a filler for an empty group (``fill_value=0``): it
            # publishes the group's emptiness as the zero count beside it does
            thin = units is not None and (0 < units < threshold or (
                units == 0 and cell.value is not None))
            if role is Role.PERCENT and not thin and rate_scale_unknown(table, cell):
                unscaled[name] = unscaled.get(name, 0) + 1  # its events: not the population
                continue
            if evidence.get("all_same") and role is Role.STATISTIC and not thin:
                yield self.finding(output, f"every unit behind '{name}' has the "
                                   "same value", cell=cell, evidence={"all_same": True})
            elif cell.value == 0 and role is Role.STATISTIC and not thin and units != 1 \
                    and names_a_spread(_role_name(table, cell)):
                yield self.finding(
                    output, f"'{name}' is 0: every unit behind it has the same value, which "
                    "the mean or median beside it gives away", cell=cell,
                    evidence={"all_same": True, "units": units})
            elif cell.value == 1 and role is Role.STATISTIC and not thin and units != 1 \
                    and names_a_distinct_count(_role_name(table, cell)):
                yield self.finding(
                    output, f"'{name}' is 1: every unit behind it has the same value",
                    cell=cell, evidence={"all_same": True, "units": units})
            elif units is None:
                unknown[name] = unknown.get(name, 0) + 1
            elif not thin and role is Role.STATISTIC and units - 1 < spread_dof \
                    and units > 0 and names_a_spread(_role_name(table, cell)):
                yield self.finding(
                    output, f"'{name}' rests on {fmt_number(units)} units: "
                    f"{fmt_number(units - 1)} degrees of freedom, below {spread_dof}",
                    public=f"'{name}' has fewer than {spread_dof} degrees of freedom",
                    cell=cell, evidence={"units": units, "dof": units - 1,
                                         "spread_min_dof": spread_dof})
            elif not thin and role is Role.STATISTIC and (
                    tail := _tail(_role_name(table, cell), units,
                                  cell.measure.declared)) is not None \
                    and tail < tail_units and not survival_bound(table, cell):
                yield self.finding(
                    output, f"'{name}' has {fmt_number(round(float(tail), 2))} of its "
                    f"{fmt_number(units)} units beyond it (fewer than {tail_units}): a value "
                    "next to the minimum or maximum", public=f"'{name}' has fewer than "
                    f"{tail_units} units beyond it", cell=cell,
                    evidence={"units": units, "tail_units": tail_units, "tail": float(tail)})
            elif not thin and role is Role.STATISTIC and units > 0 and (
                    most := units_revealed(table, cell)) is not None and units <= most:
                yield self.finding(
                    output, f"'{name}' over {fmt_number(units)} units gives a unit's share "
                    "of the total back (a concentration ratio over at most one unit more "
                    "than it counts, a Herfindahl index over two)",
                    public=f"'{name}' gives a unit's share of the total back", cell=cell,
                    evidence={"units": units, "revealed_at": most})
            elif thin:
                same = bool(evidence.get("all_same")) and role is Role.STATISTIC
                also = " (and every one has the same value)" if same else ""
                yield self.finding(
                    output, f"'{name}' rests on {fmt_number(units)} units, below "
                    f"{threshold}{also}", public=f"'{name}' rests on fewer than "
                    f"{threshold} units{also}", cell=cell,
                    evidence={"units": units, "threshold": threshold, "all_same": same})
        for measure, count in unscaled.items():
            yield self.finding(
                output, f"'{measure}': a rate whose scale (per 100, per 1,000...) is not "
                f"stated, so the number of events behind {count} cell(s) cannot be worked out "
                "and checked", evidence={"measure": measure, "cells": count},
                unassessable=True)
        for measure, count in unknown.items():
            yield self.finding(
                output, f"'{measure}': the number of units behind {count} cell(s) is not "
                "published or evidenced, so it cannot be checked",
                evidence={"measure": measure, "cells": count}, unassessable=True)


def _tail(name: str, units: float, declared: str | None = None) -> Fraction | float | None:
    """How many units lie beyond a tail percentile on its nearer side (q*n or (1-q)*n), when
    its name gives its level, else the statistic an evidence sidecar declares for its column
    (``sdc.crosstab(..., aggfunc="p90")`` writes ``region,F,M``: no header names the 90th).
    The declared level only adds this check: a forged one can only flag a cell. Exact (the
    level as printed, as a fraction): in floats ``(1 - 0.9) * 100`` is 9.99..., which flagged
    the 90th of exactly 100 values as having fewer than 10 above it."""
    from sdc.readers.roles import percentile_fraction  # on first use (startup)

    level = percentile_fraction(name)
    if level is None and declared is not None:
        level = percentile_fraction(declared) or _evidence_level(declared)
    if level is None or Fraction(1, 4) <= level <= Fraction(3, 4):
        return None  # the median and the quartiles rest on their units alone
    # a float times a Fraction is a float: the units exactly, when they are a number
    return min(level, 1 - level) * (Fraction(units) if math.isfinite(units) else units)


def _evidence_level(name: str) -> Fraction | None:
    """The level of an evidence column's quantile name (``q0.9``), else None."""
    if not name.startswith("q"):
        return None
    try:
        level = Fraction(name[1:])
    except ValueError:
        return None
    return level if 0 < level < 1 else None


_SPREADS = {"sd", "std", "stdev", "stddev", "variance", "var", "se", "sem", "deviation"}


def names_a_spread(name: str) -> bool:
    """A standard deviation, variance or standard error (``std``, ``sd of age``, ``Std.
    Dev.``): 0 only when every unit has the same value. Not an IQR or a MAD (0 when half of
    the units share one)."""
    from sdc.readers.roles import words  # on first use (startup)

    return bool(set(words(name)) & _SPREADS)


def names_a_distinct_count(name: str) -> bool:
    """``nunique``, ``n_distinct(ward)``, ``count(distinct ward)``: one distinct value means
    every unit has it."""
    from sdc.readers.roles import is_distinct_count  # on first use (startup)

    return is_distinct_count(name)


def _role_name(table: Table, cell: DataCell) -> str:
    """The text that gave the cell its role: its label in a tidy table, else its measure."""
    named = label_dimension(table, cell)
    return cell.measure.name if named is None else cell.coords[named[0]]


def _stat_name(table: Table, cell: DataCell) -> str:
    """The statistic's name: its label in a tidy/describe() table, else its measure's."""
    named = label_dimension(table, cell)
    if named is None:
        return cell.measure.name
    return f"{cell.coords[named[0]]} of {cell.measure.name}"
