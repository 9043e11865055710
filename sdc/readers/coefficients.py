"""A coefficient table proven by its own numbers (issue 11, false positives).

A header word (``coef``, ``std_err``) only raises confidence; the numbers decide:

* a statistic column is a coefficient's test statistic when, on every row, it equals the
  estimate divided by the standard error within the rounding of the three printed numbers;
* a column in [0, 1] is its p-value when, on every row, it lies between the two-sided p of a
  normal and of a t with 1 degree of freedom at that statistic (within rounding);
* a column is the model's residual degrees of freedom only when its header names them
  (``df_resid``, ``df.residual``), it holds one whole number D on every row, and every p-value
  agrees with a t distribution at D. The p-values then prove a floor: the fewest degrees of
  freedom they agree with (a t with fewer gives larger p-values). That floor, never the
  column's word alone, is the model's dof for SDC301 (``proven_dof``).

Anything short of a proof leaves the columns as the layout read them (docs/reading.md).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from sdc.printed_precision import decimals_half_unit, is_exponent_notation
from sdc.printed_precision import half_unit as exponent_half_unit
from sdc.table import RawCell, Role, Table

MAX_ROWS = 200  # coefficient tables are short: a longer table is not searched
MAX_COLUMNS = 8
_DOF_HEADER = re.compile(r"^\s*(df[ _.]?resid(ual)?s?|residual[ _.]?df|df[ _.]?residuals?)\s*$",
                         re.I)


def _half_unit(raw: str) -> float:
    """Half a unit of the last printed digit (``0.0044`` -> 0.00005; ``4996`` -> 0.5;
    ``5.49e-07``: the mantissa's last digit at the exponent's scale, 5e-10), ``inf`` for an
    ``e`` that is no exponent."""
    text = raw.strip().lower()
    if "e" in text:
        return exponent_half_unit(text) if is_exponent_notation(text) else math.inf
    return decimals_half_unit(text)


def half_unit(raw: str) -> float:
    """Half a unit of the last digit ``raw`` prints (the rounding a number carries)."""
    return _half_unit(raw)


Column = list[tuple[float, float]]  # (value, half a unit of its last digit) per row
# a float pandas wrote back with its ``.0`` (``23090.0``): statsmodels' summary prints four
# significant digits (``2.309e+04``), which a CSV of that summary (ACRO's) keeps as ``23090.0``
# and a workbook of it (ACRO's results.xlsx) as the number 23090, read back without the ``.0``
_FLOAT_WRITTEN = re.compile(r"-?[1-9]\d*(\.0)?")
SUMMARY_DIGITS = 4


def _printed_half_unit(raw: str) -> float:
    """Half a unit of the last digit ``raw`` may have been rounded to: its own, or, for a
    whole number pandas wrote as a float with at most four significant digits, the rounding
    of statsmodels' summary it may come from: from 10,000 on the summary prints a mantissa
    (``2.309e+04``, a confidence bound's ``1.09e+06``), so the last non-zero digit is the
    last printed one (``23090.0``: 5; ``1090000.0``: 5,000); below, four significant digits
    (``2300.0``: 0.5). A workbook's whole number alike (its cell keeps no ``.0``: ``23090``
    is 5; below 10,000 no wider than its own half unit). Only ever wider than the digits'
    own rounding, and only ever used to prove a coefficient table by all its rows."""
    half = _half_unit(raw)
    text = raw.strip()
    if not _FLOAT_WRITTEN.fullmatch(text):
        return half
    digits = text.lstrip("-").removesuffix(".0")
    shown = len(digits.rstrip("0"))
    if shown > SUMMARY_DIGITS:
        return half
    if len(digits) > SUMMARY_DIGITS:  # a mantissa with as many digits as are not zero
        return max(half, 0.5 * 10.0 ** (len(digits) - shown))
    return max(half, 0.5 * 10.0 ** (len(digits) - SUMMARY_DIGITS))


def _columns(cols: Sequence[int], rows: Sequence[dict[int, RawCell]]) -> dict[int, Column]:
    """Each column whose every row holds a plain number."""
    out: dict[int, Column] = {}
    for col in cols:
        values: Column = []
        for row in rows:
            cell = row.get(col)
            if cell is None or cell.value is None or cell.marker:
                break
            values.append((float(cell.value), _printed_half_unit(cell.raw)))
        else:
            out[col] = values
    return out


def _is_ratio(est: Column, se: Column, stat: Column) -> bool:
    """stat = est / se on every row, within the rounding of the three (interval arithmetic)."""
    for (e, de), (s, ds), (t, dt) in zip(est, se, stat, strict=True):
        if s - ds <= 0:
            return False
        bounds = [(e - de) / (s - ds), (e - de) / (s + ds), (e + de) / (s - ds),
                  (e + de) / (s + ds)]
        if not min(bounds) - dt <= t <= max(bounds) + dt:
            return False
    return True


def _p_range(stat: float, dstat: float, df: float) -> tuple[float, float]:
    """The two-sided p-values a statistic printed as ``stat`` (within ``dstat``) can have."""
    from scipy.stats import norm, t  # late: scipy.stats is slow to import

    low, high = abs(stat) + dstat, max(abs(stat) - dstat, 0.0)
    if math.isinf(df):
        return 2 * float(norm.sf(low)), 2 * float(norm.sf(high))
    return 2 * float(t.sf(low, df)), 2 * float(t.sf(high, df))


def _agrees(stat: Column, p: Column, df: float) -> bool:
    for (s, ds), (value, dp) in zip(stat, p, strict=True):
        low, high = _p_range(s, ds, df)
        if not low - dp <= value <= high + dp:
            return False
    return True


def _is_p_value(stat: Column, p: Column) -> bool:
    """Every p in [0, 1] and between a normal's and a t(1)'s two-sided p at its statistic."""
    if not all(0 <= v <= 1 for v, _ in p):
        return False
    for (s, ds), (value, dp) in zip(stat, p, strict=True):
        low = _p_range(s, ds, math.inf)[0]
        high = _p_range(s, ds, 1.0)[1]
        if not low - dp <= value <= high + dp:
            return False
    return True


def _triple(columns: dict[int, Column]) -> tuple[int, int, int, int] | None:
    """(estimate, standard error, statistic, p-value) columns the numbers prove, or None."""
    cols = list(columns)
    for est, se, stat in itertools.permutations(cols, 3):
        if not _is_ratio(columns[est], columns[se], columns[stat]):
            continue
        for p in cols:
            if p not in (est, se, stat) and _is_p_value(columns[stat], columns[p]):
                return est, se, stat, p
    return None


def _dof_column(columns: dict[int, Column], headers: dict[int, str], stat: int, p: int
                ) -> tuple[int, float] | None:
    """The column naming the residual dof whose one whole value the p-values agree with."""
    for col, values in columns.items():
        if not _DOF_HEADER.match(headers.get(col, "")):
            continue
        found = {v for v, _ in values}
        if len(found) != 1:
            continue
        dof = found.pop()
        if dof >= 1 and dof.is_integer() and _agrees(columns[stat], columns[p], dof):
            return col, dof
    return None


def _floor(stat: Column, p: Column, dof: float) -> float:
    """The fewest degrees of freedom (1..dof) every p-value agrees with: a t with fewer has
    heavier tails, so larger p-values (binary search on whole dof)."""
    low, high = 1, int(dof)
    while low < high:
        mid = (low + high) // 2
        if all(_p_range(s, ds, mid)[0] - dp <= value
               for (s, ds), (value, dp) in zip(stat, p, strict=True)):
            high = mid
        else:
            low = mid + 1
    return float(low)


def proven_model_columns(measure_cols: Sequence[int], headers: dict[int, str],
                         rows: Sequence[dict[int, RawCell]], named: Sequence[Role]
                         ) -> dict[int, Role]:
    """The columns of a coefficient table its numbers prove (estimate, standard error,
    statistic, p-value, a residual-dof column): each is a model statistic. Searched only when
    a header names a coefficient or standard error (a word raises confidence, the numbers
    decide) and the table is short; empty otherwise."""
    if Role.MODEL not in named or not 3 <= len(measure_cols) <= MAX_COLUMNS \
            or not 2 <= len(rows) <= MAX_ROWS:
        return {}
    columns = _columns(measure_cols, rows)
    found = _triple(columns) if len(columns) >= 4 else None
    if found is None:
        return {}
    proven = dict.fromkeys(found, Role.MODEL)
    dof = _dof_column(columns, headers, found[2], found[3])
    if dof is not None:
        proven[dof[0]] = Role.MODEL
    for low, high in _interval_columns(columns, found[0], set(proven)):
        proven[low] = proven[high] = Role.MODEL
    return proven


def _interval_columns(columns: dict[int, Column], estimate: int, taken: set[int]
                      ) -> list[tuple[int, int]]:
    """Pairs of columns (left, right) that are a confidence interval around the estimate on
    every row: left <= estimate <= right, the estimate their midpoint, within the rounding of
    the printed numbers (statsmodels' ``[0.025``, ``0.975]``). Model statistics, however whole
    their printed values look (``1090000.0``)."""
    free = [c for c in columns if c not in taken]
    est = columns[estimate]
    pairs: list[tuple[int, int]] = []
    for low, high in itertools.combinations(free, 2):
        if all(lo - dlo <= e + de and e - de <= hi + dhi
               and abs((lo + hi) / 2 - e) <= (dlo + dhi) / 2 + de and hi - lo > 0
               for (lo, dlo), (hi, dhi), (e, de) in zip(columns[low], columns[high], est,
                                                       strict=True)):
            pairs.append((low, high))
            free = [c for c in free if c not in (low, high)]
            break
    return pairs


def _table_columns(table: Table) -> tuple[dict[int, Column], tuple[int, int, int, int]] | None:
    """A long table's model-statistic columns and the (estimate, se, statistic, p) the
    numbers prove among them, or None."""
    if table.layout != "long" or not table.label_columns:
        return None
    cols = [m.col for m in table.measures if m.col is not None and m.role is Role.MODEL]
    if not 4 <= len(cols) <= MAX_COLUMNS + 1:
        return None
    data_rows = set(table.data_rows)
    rows = [{c.col: c for c in row} for row in table.grid if row and row[0].row in data_rows]
    if not 2 <= len(rows) <= MAX_ROWS:
        return None
    columns = _columns(cols, rows)
    found = _triple(columns)
    return None if found is None else (columns, found)


def proven_p_values(table: Table) -> int | None:
    """The column of a proven coefficient table's p-values (they are no quantile levels,
    whatever order they come in: ``0, 1.7e-26, 5.49e-07`` after an intercept)."""
    proven = _table_columns(table)
    return None if proven is None else proven[1][3]


def proven_dof(table: Table) -> float | None:
    """The residual dof a coefficient table's own columns prove (see the module docstring):
    the column's value when it is below 10 (the stricter reading), else the floor the
    p-values agree with when that floor is 10 or more (ACRO's and the default minimum).
    None without a proof."""
    proven = _table_columns(table)
    if proven is None:
        return None
    columns, found = proven
    dof = _dof_column(columns, table.column_headers, found[2], found[3])
    if dof is None:
        return None
    value = dof[1]
    if value < 10:
        return value
    floor = _floor(columns[found[2]], columns[found[3]], value)
    return floor if floor >= 10 else None  # p-values that prove no floor: no source
