"""Stata regression tables exported by ``esttab``/``estout`` to CSV, read as a model.

``esttab m1 m2 using t.csv, se r2 ar2`` writes (each cell as ``="..."`` so a spreadsheet keeps
it as text, or bare with ``plain``)::

    ="",="(1)",="(2)"                      model numbers
    ="",="los",="los"                      dependent variables or model titles
    ="age",="0.0512***",="0.0498***"       a coefficient, its significance stars
    ="",="(0.0081)",="(0.0083)"            its standard error (or t, p, [ci]) in brackets
    ...
    ="N",="500",="500"                     the models' scalars
    ="R-sq",="0.074",="0.083"
    ="adj. R-sq",="0.070",="0.077"
    ="Standard errors in parentheses"      notes
    ="* p<0.05, ** p<0.01, *** p<0.001"

With ``wide`` each bracketed statistic stands in the column beside its coefficient (two columns
a model, headers and scalars in the first); it is read as the same table (``_unwide``).
``stats(N, fmt(%9.0fc))`` writes numbers with thousands separators (``1,500``).

Every number is a model statistic, checked through the model's residual degrees of freedom
(SDC301). The table does not print them, and ``N`` less the coefficients shown is no proof:
``drop()``/``keep()`` leave terms out and ``areg``/``xtreg, fe`` absorb whole sets of them, so
it is only an upper bound. The dof are read only where the numbers prove them, per model:

* ``scalars(df_r)`` prints them (``df_r``, ``Residual df``), no more than ``N`` less the
  coefficients shown;
* the R-squared and the adjusted R-squared printed together: ``1 - adj = (1 - r2) (N - 1) /
  df`` for ``regress``, ``areg`` and the fixed-effects estimators (their adjusted R-squared
  counts the absorbed terms), so ``df >= (N - 1) (1 - r2 - d) / (1 - adj + d)`` with ``d``
  half a unit of the printed last digits (against safety; ``N`` for ``N - 1`` without a
  constant only makes it smaller).

A model without such a proof leaves the output without dof (SDC301 ``review``), as does a model
whose proof contradicts its own ``N`` and terms. A file that is not wholly of this shape is not
read here (None: the CSV reader reads it as before). Names and notes are checked as text.

The same shape in a document's table (Stata ``etable``/``esttab`` exported to Markdown, HTML,
Word or LaTeX; R's ``modelsummary``, ``texreg``, ``stargazer``) is read by the same function,
``model_table`` (``sdc.readers.documents.reading`` calls it on every table): the reading does not
depend on the format it was saved in. A document's table needs no model numbers or ``="``
wrappers (``etable`` heads its column with the dependent variable), but it needs a line of
observations: without one the model reading settles nothing the layout's would not.
stargazer's HTML and LaTeX print each model's residual dof beside its residual standard error
(``3.046 (df = 6)``: read as a ``df_r``) and end on a ``Note:`` row beside the stars' legend.

Each model's coefficients with the parenthesised standard errors under them give a linear
model's group sizes (``_Model.counts``): proved with its residual standard error (``rmse``,
stargazer's), else as shares of ``N``, whatever the terms are named, tested against the R-squared
where one is printed (``sdc.model_counts.named_level_counts``: SDC101 ``review``). A model
whose numbers prove more terms than the table shows (``keep()``, ``_Model._hides_terms``) is not
read as its shown levels: each group is only bounded below (``hidden_term_counts``; terms not
named as one factor's levels as possible dummies, ``hidden_dummy_counts``), from 1 where the
table prints no ``s`` (SDC101 ``review``). A model whose scalars do not say it is linear
(``N`` alone, a pseudo R-squared, a likelihood without an R-squared, ``eform``'s odds ratios)
is also read as a logit, probit and Poisson model (``family_counts``), each reading tested
against a printed log-likelihood or AIC where there is one (``_Model._loglik``).
modelsummary's ``RMSE`` is ``sqrt(SSR / N)``, not the root MSE.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sdc.model_counts import (
    Coefficient,
    Interval,
    ModelCount,
    family_counts,
    hidden_dummy_counts,
    hidden_term_counts,
    linear_table_counts,
    one_factor,
    printed,
    scale_from_llf,
    scale_from_sigma,
)
from sdc.model_facts_agree import table_disagreement
from sdc.outputs import DofBound, Output
from sdc.printed_precision import decimals_half_unit
from sdc.readers.base import ReadOptions
from sdc.readers.parts import TextPart, part_outputs
from sdc.readers.roles import count_in_text
from sdc.table import RawCell, column_letters

MAX_BYTES = 256 * 1024  # an exported regression table is a few kB
_WRAPPED = re.compile(r'^="(.*)"$', re.S)
# a number as esttab formats it: ``%9.0fc``/``%12.2fc`` put thousands separators in
_NUM = r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
# esttab's ``(1)``; texreg's default names ``Model 1``, ``Model 2``
_MODEL_NUMBER = re.compile(r"^(?:\(\d{1,3}\)|Model \d{1,3})$")
_COEFFICIENT = re.compile(rf"^{_NUM}\**$", re.I)
_BRACKETED = re.compile(rf"^(?:\({_NUM}\)|\[{_NUM}\]|\[{_NUM}\s*[,;]\s*{_NUM}\]|\(\.\))$", re.I)
_PLAIN = re.compile(rf"^{_NUM}$", re.I)
_OMITTED = {".", "(.)"}
# observations as esttab, etable (``Number of observations``), stargazer (``Observations``),
# modelsummary (``Num.Obs.``) and texreg (``Num. obs.``) name them
_OBS = {"n", "observations", "obs", "no. of obs", "number of observations", "num.obs.",
        "num. obs."}
# a model whose scalars say it is no linear model: its standard errors are no s / sqrt(n)
_NOT_LINEAR = {"pseudo r-sq", "pseudo r-squared", "r2_p", "chi2", "pseudo r2"}
_LIKELIHOOD = {"ll", "log lik.", "log likelihood", "log.lik.", "aic", "bic",
               "akaike inf. crit.", "bayesian inf. crit."}
_LL = {"ll", "log lik.", "log likelihood", "log.lik."}
_AIC = {"aic", "akaike inf. crit."}
# the residual standard error s (esttab's ``stats(rmse)``, stargazer's)
_SIGMA = {"rmse", "root mse", "residual std. error"}
# esttab's ``eform`` note: the coefficients are exponentiated, the standard errors with them
_EFORM = re.compile(r"\bexponentiated coefficients\b", re.I)
# a note saying the parenthesised numbers are no plain standard errors
_NOT_SE = re.compile(r"\b(?:t|z)\b|statistic|p-value|confidence|exponentiated|marginal|robust"
                     r"|cluster", re.I)
_DF_R = {"df_r", "residual df", "df residual", "residual degrees of freedom", "df (residual)"}
# LaTeX's ``R$^{2}$`` (stargazer, texreg) reads as ``R^2``
# HTML's ``R<sup>2</sup>`` (stargazer, texreg) reads as ``R²``
_R2 = {"r-sq", "r2", "r-squared", "r squared", "r^2", "r\u00b2"}
# modelsummary prints ``R2 Adj.``, texreg ``Adj. R<sup>2</sup>`` (``Adj. R²``)
_ADJ = {"adj. r-sq", "r2_a", "adjusted r-squared", "adj. r-squared", "adjusted r2", "adj r2",
        "r2 adj.", "adj. r2", "adjusted r^2", "adj. r^2", "r-squared adj.", "adjusted r\u00b2",
        "adj. r\u00b2"}
# the other scalars esttab names (stats() / scalars() by name or label)
_SCALARS = _OBS | _DF_R | _R2 | _ADJ | {
    "pseudo r-sq", "pseudo r-squared", "r2_p", "aic", "bic", "ll", "log lik.",
    "log likelihood", "log.lik.", "f", "chi2", "rmse", "root mse", "p", "df_m", "ll_0", "r2_w",
    "r2_b", "r2_o", "rho", "sigma_u", "sigma_e", "n_clust", "n_g", "residual std. error",
    "f statistic", "akaike inf. crit.", "bayesian inf. crit."}
# stargazer (HTML, LaTeX) prints a model's residual dof beside its residual standard error and
# its F statistic's degrees beside it: ``1.987 (df = 497)``, ``44.5*** (df = 2; 497)``
_WITH_DF = {"residual std. error", "f statistic"}
_DF_VALUE = re.compile(rf"^({_NUM})\**\s*\(df = (\d+)(?:; (\d+))?\)$", re.I)
# stargazer's last row: ``Note:`` beside its stars' legend (``*p<0.1; **p<0.05; ***p<0.01``)
_STARS_LEGEND = re.compile(r"^(?:\*+\s*p\s*<\s*0?\.\d+\s*;?\s*)+$")
_NOTE = re.compile(
    r"^(?:\S+ p\s*<\s*0?\.\d+(?:\s*,\s*\S+ p\s*<\s*0?\.\d+)*"
    r"|(?:t|z|standard errors?|robust standard errors?|p-values|exponentiated coefficients"
    r"|\d{2}% confidence intervals?|marginal effects|t statistics|z statistics)"
    r"[A-Za-z\s;,.-]* in (?:parentheses|brackets))\s*$", re.I)


_WRAPPED_LINE = re.compile(r'^="[^"]*"(?:,="[^"]*")*$')
_WRAPPED_CELL = re.compile(r'="([^"]*)"')


def _cells(text: str) -> list[list[str]] | None:
    """The CSV's rows, esttab's ``="..."`` wrappers taken off (a wrapped cell may hold a
    comma: ``="* p<0.05, ** p<0.01"``, which no CSV parser keeps whole), or None."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if _WRAPPED_LINE.match(line.strip()):
            rows.append(_WRAPPED_CELL.findall(line))
            continue
        try:
            parsed = next(csv.reader([line]), [])
        except csv.Error:
            return None
        rows.append([m.group(1) if (m := _WRAPPED.match(c.strip())) else c.strip()
                     for c in parsed])
    return rows


def _tab_cells(text: str) -> list[list[str]] | None:
    """A ``.txt`` of tab-separated cells (outreg2's default, ``esttab using t.txt, tab``), its
    notes below on lines of their own; None for any other text (an aligned table, prose)."""
    lines = text.splitlines()
    tabbed = [k for k, line in enumerate(lines) if "\t" in line]
    if len(tabbed) < 3 or not all("\t" in line or not line.strip()
                                  for line in lines[:tabbed[-1] + 1]):
        return None
    return [[c.strip() for c in line.split("\t")] for line in lines]


def _number(text: str) -> float:
    return float(text.strip("()[]*").replace(",", ""))


def _half_unit(text: str) -> float:
    return decimals_half_unit(text.strip("()[]*"))


class _Model:
    def __init__(self) -> None:
        self.terms = 0
        self.scalars: dict[str, str] = {}
        self.cells: dict[str, RawCell] = {}  # each scalar's cell, in the file's coordinates
        # each estimated term's coefficient with the parenthesised statistic under it (None
        # until that line is read, or when it is no ``(number)``)
        self.rows: list[tuple[Coefficient, int]] = []  # (row, its file column)
        self.unpaired = False  # a coefficient with no ``(number)`` under it

    def counts(self, statistics_are_se: bool, exponentiated: bool = False
               ) -> list[ModelCount]:
        """The group sizes a model on one factor gives back, or none (not where the bracketed
        numbers are not standard errors or a coefficient has none). A model whose scalars say
        it is linear (an R-squared, a residual standard error) is read as one
        (``_linear_counts``); one whose scalars say it is not (a pseudo R-squared, a
        likelihood without an R-squared) as a logit, a probit and a Poisson model, each reading
        that adds up to ``N`` kept (``family_counts``); one whose scalars say neither
        (esttab's ``N`` alone) both ways: the worst reading decides. ``exponentiated``
        (esttab's ``eform``): odds ratios or IRRs, read as a logit, probit or Poisson model's
        only."""
        keys = set(self.scalars)
        if not statistics_are_se or self.unpaired or not self.rows:
            return []
        n = self._scalar(_OBS)
        if n is None:
            return []
        rows = [row for row, _ in self.rows]
        not_linear = bool(keys & _NOT_LINEAR or (not keys & _R2 and keys & _LIKELIHOOD))
        linear = bool(keys & _R2) or (self._scalar(_SIGMA) is not None
                                      and not self._mean_rmse())
        found: list[ModelCount] = []
        if not_linear or not linear or exponentiated:
            found += family_counts(_number(n), rows, zeros=not_linear,
                                   exponentiated=exponentiated, loglik=self._loglik(len(rows)),
                                   keep_contradicted=self.dof() is not None)
        if not not_linear and not exponentiated:
            found += self._linear_counts(_number(n), rows)
        columns = {row.line: column for row, column in self.rows}
        return [replace(c, col=columns[c.line]) for c in found]

    def _mean_rmse(self) -> bool:
        """Whether the table's ``RMSE`` is modelsummary's, ``sqrt(SSR / N)`` (its
        observations are ``Num.Obs.``), not esttab's root MSE or texreg's ``RMSE``, both the
        residual standard error ``sqrt(SSR / (N - k))``."""
        return "num.obs." in self.scalars and "rmse" in self.scalars

    def _linear_counts(self, observations: float, rows: list[Coefficient]
                       ) -> list[ModelCount]:
        """A linear model's group sizes: proved with its residual standard error, else its
        shares of ``N`` (``linear_table_counts``); only bounded below where its numbers prove
        terms the table does not show (``hidden_term_counts``)."""
        sigma = self._scalar(_SIGMA)
        if sigma is not None and (df := _DF_VALUE.match(sigma)) is not None:
            sigma = df.group(1)  # stargazer's ``3.046 (df = 6)``
        scale = scale_from_sigma(sigma) if sigma is not None else None
        if scale is not None and self._mean_rmse():
            # modelsummary's RMSE is sqrt(SSR / N): s^2 = RMSE^2 N / (N - k), k the terms shown
            dof = observations - self.terms
            scale = (scale[0] * observations / dof, scale[1] * observations / dof) if (
                dof > 0) else None
        r2 = self._scalar(_R2)
        if self._hides_terms():
            if one_factor([row.term for row in rows]) is not None:
                return hidden_term_counts(observations, rows, scale)
            # s^2 over N less the shown terms is at most the model's: lower floors, safe
            return hidden_dummy_counts(observations, rows,
                                       scale or self._likelihood_scale(observations))
        return linear_table_counts(observations, rows, scale,
                                   printed(r2) if r2 is not None else None,
                                   self._likelihood_scale(observations) if r2 else None)

    def _loglik(self, parameters: int) -> Interval | None:
        """The printed log-likelihood (``ll``, ``Log.Lik.``), else the AIC's ``k - AIC / 2``
        with ``k`` the terms shown (a logit's, probit's or Poisson's parameters: no scale), as
        an interval; the family readings' second test (``family_counts``)."""
        ll = self._scalar(_LL)
        if ll is not None:
            return printed(ll.replace(",", ""))
        aic = self._scalar(_AIC)
        if aic is None or (value := printed(aic.replace(",", ""))) is None:
            return None
        return parameters - value[1] / 2, parameters - value[0] / 2

    def _likelihood_scale(self, observations: float) -> Interval | None:
        """``s^2`` from the printed log-likelihood (``ll``, ``Log.Lik.``) or else the AIC,
        over ``N`` less the terms shown. An AIC counts ``s`` as a parameter (R) or not (Stata,
        statsmodels): the interval spans both."""
        dof = observations - self.terms
        ll = self._scalar(_LL)
        if ll is not None and (found := printed(ll.replace(",", ""))) is not None:
            return scale_from_llf(found, observations, dof)
        aic = self._scalar(_AIC)
        if aic is None or (value := printed(aic.replace(",", ""))) is None:
            return None
        return scale_from_llf((self.terms - value[1] / 2, self.terms + 1 - value[0] / 2),
                              observations, dof)

    def _hides_terms(self) -> bool:
        """Whether the model's numbers prove it has more terms than the table shows (esttab's
        ``keep()``/``drop()``, or its constant not shown): a printed ``df_r`` below ``N`` less
        the terms shown, or the R-squared pair's most dof (``(N - 1) (1 - r2 + d) / (1 - adj -
        d)``) below it."""
        ceiling = self.ceiling()
        if ceiling is None:
            return False
        df_r = self._scalar(_DF_R)
        if df_r is not None:
            return _number(df_r) < ceiling
        r2, adj = self._scalar(_R2), self._scalar(_ADJ)
        if r2 is None or adj is None:
            return False
        high = 1 - _number(r2) + _half_unit(r2)
        low = 1 - _number(adj) - _half_unit(adj)
        if low <= 0:
            return False
        return math.floor((ceiling + self.terms - 1) * high / low + 1e-9) < ceiling

    def ceiling(self) -> float | None:
        """``N`` less the terms shown: no model estimates fewer terms than it shows, so its
        residual dof are at most this (more may be hidden), or None without ``N``."""
        n = self._scalar(_OBS)
        if n is None or not float(_number(n)).is_integer():
            return None
        return _number(n) - self.terms

    def dof(self) -> float | None:
        """The residual dof the model's numbers prove (a floor), or None."""
        ceiling = self.ceiling()
        if ceiling is None:
            return None
        obs = ceiling + self.terms
        df_r = self._scalar(_DF_R)
        if df_r is not None:
            value = _number(df_r)
            return value if value.is_integer() and 0 <= value <= ceiling else None
        r2, adj = self._scalar(_R2), self._scalar(_ADJ)
        if r2 is None or adj is None:
            return None
        low = 1 - _number(r2) - _half_unit(r2)
        high = 1 - _number(adj) + _half_unit(adj)
        if low <= 0 or high <= 0:
            return None
        floor = math.floor((obs - 1) * low / high + 1e-9)
        return float(floor) if 0 <= floor <= ceiling + 1 else None

    def disagreement(self) -> str | None:
        """What the column's residual dof, observations, R-squared pair and F statistic's
        degrees say against each other (``model_facts_agree.table_disagreement``)."""
        f_value = self.scalars.get("f statistic", "")
        f_df = _DF_VALUE.match(f_value.strip())
        return table_disagreement(
            self._scalar(_OBS), self._scalar(_DF_R), self._scalar(_R2), self._scalar(_ADJ),
            (f_df.group(2), f_df.group(3)) if f_df and f_df.group(3) else None)

    def bound(self) -> DofBound | None:
        """The ceiling with the cell of the ``N`` it rests on, or None."""
        ceiling = self.ceiling()
        if ceiling is None:
            return None
        cells = [c for k, c in self.cells.items() if k in _OBS]
        return DofBound(ceiling, cells[0] if len(cells) == 1 else None)

    def _scalar(self, names: set[str]) -> str | None:
        found = [v for k, v in self.scalars.items() if k in names]
        return found[0] if len(found) == 1 else None


@dataclass
class ModelTable:
    """A regression table read as its models: what ``read_esttab`` and a document's table
    give an output alike."""

    models: list[_Model]
    names: list[tuple[str, str]]  # (cell reference, text): term names, titles and notes
    numbered: bool  # its header numbers the models: (1), (2)
    notes: list[str] = field(default_factory=list)

    def apply(self, output: Output) -> None:
        """The output is the model: its dof where every model's numbers prove them, the
        ceilings ``N`` less the terms shown give (at the ``N`` cell), and the names holding a
        count named for a person (``West (n=3)`` is no model statistic)."""
        output.kind = "model"
        dofs = [m.dof() for m in self.models]
        if all(d is not None for d in dofs):
            output.model_dof.extend(float(d) for d in dofs if d is not None)
        output.model_dof_at_most.extend(b for m in self.models if (b := m.bound()) is not None)
        output.dof_disagreements.extend(d for m in self.models
                                        if (d := m.disagreement()) is not None)
        output.not_understood = [ref for ref, name in self.names if count_in_text(name)]
        # esttab's ``eform``: odds ratios (IRRs) with their standard errors ``e^b se``
        exponentiated = any(_EFORM.search(note) for note in self.notes)
        standard_errors = not any(_NOT_SE.search(_EFORM.sub("", note)) for note in self.notes)
        for model in self.models:
            output.model_counts.extend(model.counts(standard_errors, exponentiated))

    def names_text(self) -> str:
        return "\n".join(name for _, name in self.names)


def prints_observations(labels: Iterable[str]) -> bool:
    """A line labelled as a model's observations (``N``, ``Observations``, ...): the one look
    ``model_table`` takes at a document's table before parsing it."""
    return any(label.strip().lower() in _OBS for label in labels)


def model_table(rows: list[list[str]], csv_file: bool = False) -> ModelTable | None:
    """``rows`` (a file's or a document table's cell strings, first row first) read as a
    regression table of this shape, or None. ``csv_file``: a CSV's rows must number the models
    (``(1)``), as esttab's CSV always does; a document's table must print its observations
    instead (the line that bounds the dof)."""
    if not rows:
        return None
    if not csv_file and not prints_observations(r[0] for r in rows if r):
        return None  # most document tables: one look at the labels, none parsed
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not csv_file:
        rows = [_spanned_note(r) for r in rows]
    if _descriptive_head(rows):
        return None
    parsed = _parse(rows, width, list(range(1, len(rows) + 1)), list(range(width)))
    if parsed is None and (wide := _unwide(rows, width)) is not None:
        parsed = _parse(*wide)
    if parsed is None:
        return None
    if csv_file:
        if not parsed.numbered and '="' not in "".join(c for r in rows for c in r):
            return None
    elif not any(k in _OBS for m in parsed.models for k in m.scalars):
        return None
    return parsed


def _spanned_note(row: list[str]) -> list[str]:
    """A document's note spanning the table (LaTeX's ``\\multicolumn{3}{l}{Standard errors
    in parentheses}``, repeated in every cell it spans) in its first cell only, as esttab's CSV
    writes it: words, no value (the note is read as text, its numbers as a note's)."""
    text = row[0].strip() if row else ""
    if len(row) < 2 or not re.search(r"[A-Za-z]", text) or _PLAIN.match(text) or \
            _COEFFICIENT.match(text) or any(c.strip() != text for c in row[1:]):
        return row
    return [row[0], *([""] * (len(row) - 1))]


# a column header that names a descriptive statistic, not a model or its dependent variable:
# a table of means and counts with an ``Observations`` line is no regression (hunt round 14)
_DESCRIPTIVE = re.compile(r"^(mean|means|average|sd|s\.d\.|std\.? dev\.?|median|iqr|n|count|"
                          r"counts|freq\.?|frequency|percent|%|n \(%\)|mean \(sd\)|"
                          r"median \(iqr\)|total|sum|min|max|summary|overall)$", re.I)


def _descriptive_head(rows: list[list[str]]) -> bool:
    """A header cell above the first number, over a value column, names a descriptive
    statistic (``Mean``, ``N``, ``%``): its numbers are a summary's, and read as coefficients
    they would be checked only through SDC301, which a printed R-squared could pass."""
    for row in rows:
        values = [v.strip() for v in row[1:]]
        if any(_PLAIN.match(v) or _COEFFICIENT.match(v) for v in values if v):
            return False
        if any(_DESCRIPTIVE.match(re.sub(r"\s+", " ", v)) for v in values if v):
            return True
    return False


def read_esttab(output: Output, options: ReadOptions) -> list[Output] | None:
    """The outputs of an esttab CSV (the model, and its names and notes as text), or None
    when the file is not one."""
    path: Path = output.file
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if '="' not in text and "(1)" not in text:
        return None  # neither esttab's wrapped cells nor its model numbers: most CSVs
    rows = _cells(text) if output.extension == "csv" else _tab_cells(text)
    parsed = model_table(rows, csv_file=True) if rows is not None else None
    if parsed is None:
        return None
    parsed.apply(output)
    parts = [TextPart("names and notes in the regression table", parsed.names_text())]
    return [output, *part_outputs(output, parts, options, "text")]


def _unwide(rows: list[list[str]], width: int
            ) -> tuple[list[list[str]], int, list[int], list[int]] | None:
    """``esttab ..., wide``: each model two columns, its coefficient and, beside it, the
    bracketed statistic; headers and scalars in one of the two. Returned as the usual layout
    (a coefficient line, its bracketed line under it) with each line's file line and each
    column's file column, or None when a line does not pair so. ``_parse`` then reads it as
    strictly as any esttab table."""
    if width < 3 or (width - 1) % 2:
        return None
    out: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(rows, start=1):
        label, values = row[0], row[1:]
        firsts, seconds = values[0::2], values[1::2]
        if not any(seconds):  # a header, a scalar, a note or a blank line
            out.append([label, *firsts])
        elif label and all(not v or _BRACKETED.match(v) for v in seconds):
            out.extend([[label, *firsts], ["", *seconds]])  # a coefficient and its statistic
            lines.append(number)
        elif not any(firsts) and label.strip().lower() in _SCALARS:
            out.append([label, *seconds])  # a scalar printed under the statistic's column
        else:
            return None
        lines.append(number)
    columns = [0, *range(1, width, 2)]
    return out, len(columns), lines, columns


def _parse(rows: list[list[str]], width: int, lines: list[int], columns: list[int]
           ) -> ModelTable | None:
    """The models (terms shown, scalars by name and cell) and the names and notes; None unless
    every line is a header, a coefficient, its bracketed line, a scalar, a note or blank.
    ``lines`` and ``columns`` give each row's file line and each column's file column (0 the
    first), for the names' cell references."""
    if width < 2:
        return None
    models = [_Model() for _ in range(width - 1)]
    names: list[tuple[str, str]] = []  # (cell reference, text)
    notes: list[str] = []
    stage = "head"  # head -> body -> foot -> notes
    coefficients = bracketed = 0
    numbered = False
    previous = ""
    for at, row in enumerate(rows):
        label, values = row[0], row[1:]
        below = rows[at + 1] if at + 1 < len(rows) else None
        filled = [v for v in values if v]
        if not label and not filled:
            previous = "blank"
            continue
        if label and not filled and _NOTE.match(label):
            notes.append(label)
            names.append((f"A{lines[at]}", label))  # read for a count like any name
            stage, previous = "notes", "note"
            continue
        if label.strip().lower() == "note:" and filled and all(
                _STARS_LEGEND.match(v) for v in filled):  # stargazer's legend beside its name
            names.append((f"A{lines[at]}", label))
            stage, previous = "notes", "note"
            continue
        if stage == "notes":
            return None
        if stage == "head" and all(_MODEL_NUMBER.match(v) or not re.search(r"\d", v)
                                   for v in filled) and not re.search(r"\d", label):
            numbered = numbered or any(_MODEL_NUMBER.match(v) for v in filled)
            names.extend((f"{column_letters(columns[c] + 1)}{lines[at]}", x)
                         for c, x in enumerate(row)
                         if x and not _MODEL_NUMBER.match(x))
            continue
        key = label.strip().lower()
        if key in _SCALARS and stage in ("body", "foot") and filled and all(
                _PLAIN.match(v) or (key in _WITH_DF and _DF_VALUE.match(v)) for v in filled):
            for c, (model, value) in enumerate(zip(models, values, strict=True), start=1):
                if not value:
                    continue
                cell = RawCell(row=lines[at], col=columns[c] + 1, raw=value)
                if (df := _DF_VALUE.match(value)) is not None:
                    cell.value = _number(df.group(1))
                    if key == "residual std. error":  # stargazer's dof, as df_r
                        model.scalars["df_r"], model.cells["df_r"] = df.group(2), cell
                else:
                    cell.value = _number(value)
                model.scalars[key], model.cells[key] = value, cell
            stage, previous = "foot", "scalar"
            continue
        if stage == "foot":
            return None
        if not label and previous == "coefficient" and all(_BRACKETED.match(v) for v in filled):
            bracketed += 1
            previous = "bracketed"
            for model, value in zip(models, values, strict=True):
                _pair(model, value, lines[at - 1])
            continue
        for model in models:  # a coefficient line with no bracketed line under it
            model.unpaired = model.unpaired or any(not r.se for r, _ in model.rows)
        if label and all(_COEFFICIENT.match(v) or v in _OMITTED for v in filled):
            stage, previous = "body", "coefficient"
            coefficients += 1
            names.append((f"A{lines[at]}", label))
            for column, (model, value) in enumerate(zip(models, values, strict=True), start=1):
                if value and value not in _OMITTED and not _base_level(value, below, column):
                    model.terms += 1
                    model.rows.append((Coefficient(lines[at], label.strip(), value.rstrip("*"),
                                                   ""), columns[column] + 1))
            continue
        if label and not filled and stage in ("head", "body"):  # an equation's name
            names.append((f"A{lines[at]}", label))
            previous = "equation"
            continue
        return None
    if not coefficients or not bracketed or all(not m.scalars for m in models):
        return None
    for model in models:
        model.unpaired = model.unpaired or any(not r.se for r, _ in model.rows)
    return ModelTable(models, names, numbered, notes)


def _pair(model: _Model, value: str, line: int) -> None:
    """The bracketed ``value`` under the model's coefficient on ``line``: its standard error
    when it is a parenthesised number (else the coefficient stays unpaired)."""
    if not model.rows or model.rows[-1][0].line != line or not value:
        return
    row, column = model.rows[-1]
    if value.startswith("(") and value.endswith(")") and value != "(.)":
        model.rows[-1] = (replace(row, se=value[1:-1]), column)


def _base_level(value: str, below: list[str] | None, column: int) -> bool:
    """A factor's base level, printed ``0`` over ``(.)``: no term estimated."""
    return (below is not None and below[column] == "(.)"
            and value.strip("*") in ("0", "0.0", "0.00", "0.000"))


