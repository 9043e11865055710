"""A logit's, probit's or Poisson model's coefficient table saved alone (no summary, no ``N``)
read for the counts it gives back (``sdc.whole_counts``): a logit or probit on one binary
exposure is its 2x2 table in another form, a Poisson model its events and people. Each table
is read as a logit's, then a probit's, then a Poisson model's (one model's numbers fit no
whole counts of another's: ``/tmp/stats53/stress.py`` in round 53's section).

Four layouts, each a long table of one term per row:

* broom's ``tidy()`` (``term``, ``estimate``, ``std.error``), as
  ``sdc.readers.model_companions`` reads it;
* any table whose numbers prove an estimate, standard error, statistic and p-value
  (``summary2().tables[1].to_csv()``: ``Coef.``, ``Std.Err.``, ``z``, ``P>|z|``;
  ``sdc.readers.coefficients``);
* an estimate with its 95% confidence interval and nothing else (``np.exp(conf_int())`` beside
  ``np.exp(params)``: ``OR``, ``2.5%``, ``97.5%``): the standard error is the interval's
  half-width over 1.96 on the log scale, the estimate its midpoint there, within the printed
  digits; a Wald interval on the link scale likewise. A profile-likelihood interval (R's
  ``confint``) is not symmetric there: its counts are not whole and nothing is read;
* failing those, a term column and numbers, the first two of each row read as the estimate
  and its standard error (``pd.DataFrame({"coef": fit.params, "se": fit.bse})``, a
  ``[params, bse]`` concat): their names are the researcher's, so they are not asked for;
  the chance bound is the proof.

Nothing here lowers a finding: the counts are SDC101's to judge, and a table that is not a
saturated logit fits no whole counts (the chance bound of ``sdc.whole_counts``).
"""

from __future__ import annotations

import math
from dataclasses import replace

from sdc.model_counts import Coefficient, Interval, ModelCount
from sdc.outputs import Output
from sdc.readers.coefficients import _table_columns, half_unit
from sdc.readers.model_companions import tidy_coefficients
from sdc.table import RawCell, Table
from sdc.whole_counts import LINKS, significant, whole_logit_counts

_Z = 1.959963984540054  # the normal's 97.5th percentile: a 95% Wald interval's half-width / se
_ROWS = 50  # a logit on categorical predictors: a few terms


def lone_logit_counts(outputs: list[Output]) -> list[Output]:
    """Each output whose coefficient table alone gives back a logit's counts gets them
    (``Output.model_counts``, at each term's row); the outputs changed."""
    changed = []
    for output in outputs:
        table = output.table
        if table is None or output.model_counts or len(table.data_rows) > _ROWS:
            continue
        found = _counts(table)
        if found:
            output.model_counts = found
            output.kind = "model"
            changed.append(output)
    return changed


def _counts(table: Table) -> list[ModelCount]:
    """The counts of the table's first layout that reads (see the module's docstring)."""
    tidy = tidy_coefficients(table)
    if tidy:
        cols = {row.line: col for row, col in tidy}
        found = _whole([replace(row, estimate=significant(row.estimate),
                                se=significant(row.se)) for row, _ in tidy])
        return [replace(c, col=cols[c.line]) for c in found]
    proven = _table_columns(table)
    rows = _lines(table)
    if proven is not None and rows is not None:
        return _pair_counts(table, rows, proven[1][0], proven[1][1])
    return _interval_counts(table) or _bare_counts(table, rows)


def _whole(rows: list[Coefficient], exponentiated: bool = False) -> list[ModelCount]:
    """The counts of the first link (logit, probit) whose whole numbers the rows prove."""
    for kind in LINKS:
        found = whole_logit_counts(rows, exponentiated, kind)
        if found:
            return found
    return []


def _pair_counts(table: Table, rows: list[tuple[int, dict[int, RawCell]]], est: int,
                 se: int) -> list[ModelCount]:
    """The counts of the estimates in column ``est`` and standard errors in ``se``."""
    term_col = table.label_columns[0]
    found = _whole([Coefficient(r, line[term_col].raw.strip(), significant(line[est].raw),
                                significant(line[se].raw)) for r, line in rows])
    return [replace(c, col=term_col) for c in found]


def _bare_counts(table: Table, rows: list[tuple[int, dict[int, RawCell]]] | None
                 ) -> list[ModelCount]:
    """The counts of a table whose every row holds numbers in the same columns, the first
    two read as the estimate and its standard error (the module's fourth layout)."""
    if rows is None:
        return []
    term_col = table.label_columns[0]
    numbers = [sorted(c for c, cell in line.items() if c != term_col and cell.value is not None
                      and not cell.marker) for _, line in rows]
    if len(numbers[0]) < 2 or any(found[:2] != numbers[0][:2] for found in numbers):
        return []
    return _pair_counts(table, rows, *numbers[0][:2])


def _lines(table: Table) -> list[tuple[int, dict[int, RawCell]]] | None:
    """Each data row's cells by column, of a long table with one label column whose every
    row names a term; None otherwise."""
    if table.layout != "long" or len(table.label_columns) != 1 or len(table.header_rows) != 1:
        return None
    col = table.label_columns[0]
    data = set(table.data_rows)
    rows = [(line[0].row, {c.col: c for c in line}) for line in table.grid
            if line and line[0].row in data]
    if len(rows) < 2 or any(col not in cells or not cells[col].raw.strip()
                            for _, cells in rows):
        return None
    return rows


def _interval_counts(table: Table) -> list[ModelCount]:
    """The counts of an estimate-and-interval table (a header line, then a term and three
    numbers on every line, the estimate first), read on the log scale (odds ratios) or,
    failing that, the link scale. Its percent header (``2.5%``) is no header to the layout
    reader, so the grid is read."""
    lines = [line for line in table.grid if line]
    if not 3 <= len(lines) <= _ROWS + 1:
        return []
    body = []
    for line in lines[1:]:
        term, *numbers = line
        if len(numbers) != 3 or term.value is not None or not term.raw.strip() or any(
                c.value is None for c in numbers):
            return []
        body.append((term, numbers))
    for exponentiated in (True, False):
        coefficients = []
        for term, (est, low, high) in body:
            link = _wald(est, low, high, exponentiated)
            if link is None:
                break
            coefficients.append(Coefficient(term.row, term.raw.strip(), "", "", link=link))
        else:
            found = _whole(coefficients)
            if found:
                return [replace(c, col=body[0][0].col) for c in found]
    return []


def _wald(est: RawCell | None, low: RawCell | None, high: RawCell | None,
          exponentiated: bool) -> tuple[Interval, Interval] | None:
    """The estimate's and standard error's intervals on the link scale from a 95% Wald
    interval printed beside it, when the estimate is its midpoint there within the printed
    digits; None otherwise."""
    spans = []
    for cell in (est, low, high):
        if cell is None or cell.value is None or cell.marker:
            return None
        raw = significant(cell.raw)
        value, half = float(raw), half_unit(raw)
        if not math.isfinite(half):
            return None
        span = (value - half, value + half)
        if exponentiated:
            if span[0] <= 0:
                return None
            span = (math.log(span[0]), math.log(span[1]))
        spans.append(span)
    (e_lo, e_hi), (l_lo, l_hi), (h_lo, h_hi) = spans
    if not (l_lo < e_hi and e_lo < h_hi and l_hi < h_lo):
        return None
    if (l_lo + h_lo) / 2 > e_hi or (l_hi + h_hi) / 2 < e_lo:
        return None  # not the interval's midpoint: no Wald interval on this scale
    se = ((h_lo - l_hi) / (2 * _Z), (h_hi - l_lo) / (2 * _Z))
    eta = (max(e_lo, (l_lo + h_lo) / 2), min(e_hi, (l_hi + h_hi) / 2))
    return eta, se
