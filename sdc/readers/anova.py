"""An analysis-of-variance table statsmodels' ``anova_lm`` writes, read as the model it is.

``anova_lm(model).to_csv("anova.csv")`` (``typ=2`` and ``typ=3`` leave out ``mean_sq`` and
put ``sum_sq`` first)::

    ,df,sum_sq,mean_sq,F,PR(>F)
    C(region),3.0,4.46494758197986,1.4883158606599534,1.509466333310594,0.21012411609401455
    age,1.0,2130.9734882491566,2130.9734882491566,2161.2567753347817,0.0
    Residual,1995.0,1967.046284168866,0.9859881123653463,,

Read as a CSV grid it was a table of values of unknown role (SDC602 ``review`` on every
number of a safe model). The ``Residual`` line's ``df`` is the model's residual degrees of
freedom, but a header is only a word: it is taken as the dof only when the numbers prove the
table is that ANOVA: on every term's line ``F = (sum_sq / df) / (ss_resid / df_resid)``,
``mean_sq = sum_sq / df`` where printed, and the p-value is the F distribution's upper tail at
``(df, df_resid)``, each within the rounding of the printed numbers. Then every number is a
model statistic checked through that dof (SDC301); the terms' names are checked as text. A
file not wholly of this shape is left to the CSV reader (None), as before.
"""

from __future__ import annotations

import csv
import io
import math

from sdc.outputs import Output
from sdc.readers.base import ReadOptions
from sdc.readers.coefficients import half_unit
from sdc.readers.parts import TextPart, part_outputs
from sdc.readers.roles import count_in_text
from sdc.tolerance import float_slack

MAX_BYTES = 64 * 1024  # an ANOVA table is a few lines
_TERM_COLUMNS = ("df", "sum_sq", "F", "PR(>F)")
_RESIDUAL = "Residual"


def read_anova(output: Output, options: ReadOptions) -> list[Output] | None:
    """The outputs of an ``anova_lm`` table (the model, its term names as text), or None
    when the file is not one the numbers prove."""
    try:
        if output.file.stat().st_size > MAX_BYTES:
            return None
        text = output.file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if "PR(>F)" not in text or _RESIDUAL not in text:
        return None  # most CSVs
    rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    dof = _proven_dof(rows)
    if dof is None:
        return None
    output.kind = "model"
    output.model_dof.append(dof)
    names = [(f"A{k}", row[0]) for k, row in enumerate(rows[1:], start=2)]
    output.not_understood = [ref for ref, name in names if count_in_text(name)]
    part = TextPart("term names in the ANOVA table", "\n".join(name for _, name in names))
    return [output, *part_outputs(output, [part], options, "text")]


def _proven_dof(rows: list[list[str]]) -> float | None:
    """The residual dof the table's numbers prove, or None (see the module docstring)."""
    if len(rows) < 3 or rows[0][:1] != [""]:
        return None
    header = rows[0][1:]
    expected = set(_TERM_COLUMNS) | ({"mean_sq"} if "mean_sq" in header else set())
    if len(header) != len(set(header)) or set(header) != expected:
        return None
    at = {name: k + 1 for k, name in enumerate(header)}
    *terms, residual = rows[1:]
    if any(len(row) != len(rows[0]) for row in rows[1:]) or residual[0] != _RESIDUAL \
            or any(residual[at[c]].strip() for c in ("F", "PR(>F)")):
        return None
    df_r, ss_r = _number(residual[at["df"]]), _number(residual[at["sum_sq"]])
    if df_r is None or ss_r is None or df_r <= 0 or not df_r.is_integer() or ss_r <= 0:
        return None
    if "mean_sq" in at and not _ratio(residual, at, ss_r, df_r):
        return None
    for row in terms:
        if not row[0].strip() or not _term_agrees(row, at, ss_r, df_r, residual):
            return None
    return df_r


def _term_agrees(row: list[str], at: dict[str, int], ss_r: float, df_r: float,
                 residual: list[str]) -> bool:
    """One term's line is an F test against the residual line."""
    df, ss = _number(row[at["df"]]), _number(row[at["sum_sq"]])
    f, p = _number(row[at["F"]]), _number(row[at["PR(>F)"]])
    if df is None or ss is None or f is None or p is None or df <= 0 \
            or not df.is_integer() or ss < 0 or f < 0 or not 0 <= p <= 1:
        return False
    if "mean_sq" in at and not _ratio(row, at, ss, df):
        return False
    # F = (ss / df) / (ss_r / df_r): relative rounding of ss, ss_r and F added up
    expected = (ss / df) / (ss_r / df_r)
    slack = (_relative(row[at["sum_sq"]], ss) + _relative(residual[at["sum_sq"]], ss_r)) \
        * expected + half_unit(row[at["F"]]) + float_slack(expected)
    if abs(f - expected) > slack:
        return False
    from scipy.special import fdtrc  # imported here: most files are no ANOVA

    spread = half_unit(row[at["F"]]) + float_slack(f)
    high = float(fdtrc(df, df_r, max(f - spread, 0.0)))
    low = float(fdtrc(df, df_r, f + spread))
    dp = half_unit(row[at["PR(>F)"]]) + 1e-12
    return low - dp <= p <= high + dp


def _ratio(row: list[str], at: dict[str, int], ss: float, df: float) -> bool:
    """``mean_sq`` is ``sum_sq / df`` within their rounding."""
    ms = _number(row[at["mean_sq"]])
    if ms is None:
        return False
    expected = ss / df
    return abs(ms - expected) <= _relative(row[at["sum_sq"]], ss) * expected \
        + half_unit(row[at["mean_sq"]]) + float_slack(expected)


def _relative(raw: str, value: float) -> float:
    """Half a unit of ``raw``'s last digit relative to its value (inf for a zero)."""
    return half_unit(raw) / abs(value) if value else math.inf


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
