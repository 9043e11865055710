"""Whether a model summary's printed counts agree with its residual degrees of freedom.

SDC301 reads a model's residual dof from its summary (statsmodels' ``Df Residuals:``, R's
``on D degrees of freedom``, Stata's ``Residual`` line). The summary is a file the researcher
can edit: a model fitted on 13 records (9 residual dof, a ``fail``) whose ``Df Residuals`` is
written over as 1000 passed. Every package prints the same counts more than once, and they are
tied by its own arithmetic, so one number edited alone contradicts the others:

- statsmodels: ``No. Observations`` less ``Df Residuals`` is the number of parameters
  estimated, which is ``Df Model`` plus the constant (0 or 1; a multinomial logit's
  ``Df Model`` counts its slopes once per outcome) and the coefficient table's rows (less a
  negative binomial's ``alpha``, which its dof leave out);
- R: ``summary.lm``'s residual standard error and its F-statistic print the same residual dof,
  and the F-statistic's first dof is the coefficient rows less the intercept (0 or 1);
  ``summary.glm``'s null deviance's dof less the residual deviance's is likewise the rows
  less the intercept;
- Stata ``regress``: the Model and Residual dof add to the Total's, which is the observations
  less the constant; ``F(k, d)`` repeats them; the estimated rows less ``_cons`` are the Model
  dof; each line's ``MS`` is its ``SS`` over its ``df``; with robust errors (no ANOVA table),
  ``F``'s second dof is at most the observations less the rows (a cluster count less one).

Where they disagree, SDC301 is ``review`` naming the disagreement: a person must confirm the
dof. This does not make forging impossible (every related number can be edited together),
but it moves the bar from one number to all of them. A model fitted with frequency weights
(statsmodels' GLM ``freq_weights``: dof over the weights' sum) or a rank-deficient design
(more rows than parameters estimated) disagrees honestly: ``review``, never ``pass``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence

from sdc.model_counts import INTERCEPTS
from sdc.model_counts import printed as printed_interval
from sdc.readers.values import parse_number

# rows a statsmodels summary prints that its residual dof do not count (a negative
# binomial's dispersion, estimated alongside the coefficients)
_ANCILLARY = frozenset({"alpha"})
_EPS = 1e-6


def _num(text: str | None) -> float | None:
    """A printed count as a number (``598``, ``598.0``, Stata's ``1,234``), else None."""
    return None if text is None else parse_number(str(text))


def _same(a: float, b: float) -> bool:
    return abs(a - b) < _EPS


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def statsmodels_disagreement(facts: Mapping[str, str], terms: Sequence[str] | None
                             ) -> str | None:
    """What a statsmodels summary's ``No. Observations``, ``Df Model``, ``Df Residuals`` and
    coefficient rows (``terms``: None when the rows are not in the same print) say against
    each other, or None when they agree (or too few are printed to compare). ``facts``' keys
    are lower case without the colon."""
    observations = _num(facts.get("no. observations"))
    df_model = _num(facts.get("df model"))
    df_resid = _num(facts.get("df residuals"))
    multinomial = facts.get("model", "").strip().lower() == "mnlogit"
    rows = None if not terms else sum(1 for t in terms if t.strip().lower() not in _ANCILLARY)
    # a print with its intercept row taken out (read all the same by ``sdc.model_counts``):
    # one row fewer than estimated. A forger gains nothing by it: deleting any row and
    # lowering the parameters by one is the same one dof either way
    deleted = 0 if not terms or any(t.strip().lower() in INTERCEPTS for t in terms) else 1
    said = (f"No. Observations {_fmt(observations) if observations is not None else '-'}, "
            f"Df Model {_fmt(df_model) if df_model is not None else '-'}, "
            f"Df Residuals {_fmt(df_resid) if df_resid is not None else '-'}")
    if observations is not None and df_resid is not None:
        estimated = observations - df_resid
        if estimated < 1 - _EPS:
            return f"the summary prints {said}: fewer observations than residual dof plus one"
        if df_model is not None:
            constant = estimated - df_model
            if (constant < -_EPS if multinomial else not (
                    _same(constant, 0) or _same(constant, 1))):
                return (f"the summary prints {said}: the observations less the residual dof "
                        f"({_fmt(estimated)} parameters) are not Df Model plus a constant")
        if rows is not None and not (_same(rows, estimated) or _same(rows + deleted, estimated)):
            return (f"the summary prints {said} ({_fmt(estimated)} parameters estimated), "
                    f"but its coefficient table prints {rows} rows")
        return _statistics_disagreement(facts, observations, df_model, df_resid)
    elif df_model is not None and rows is not None and not multinomial and not (
            _same(rows - df_model, 0) or _same(rows - df_model, 1)):
        return (f"the summary prints Df Model {_fmt(df_model)}, but its coefficient table prints "
                f"{rows} rows")
    return None


# the models whose AIC and BIC are -2 log-likelihood plus 2k and k ln(N) (a GLM's BIC is
# its deviance's), k the parameters estimated (a negative binomial's alpha among them)
_LIKELIHOOD_IC = frozenset({"ols", "logit", "probit", "poisson", "negativebinomial",
                            "mnlogit"})


def _statistics_disagreement(facts: Mapping[str, str], observations: float,
                             df_model: float | None, df_resid: float) -> str | None:
    """What an OLS's printed R-squared, Adj. R-squared and F-statistic, and a likelihood
    model's AIC and BIC, say against its counts (each within the rounding of its print).
    The counts alone can be edited together (``No. Observations`` raised with ``Df
    Residuals``); these are the package's own functions of them."""
    model = facts.get("model", "").strip().lower()
    estimated = observations - df_resid
    # a binary model's LL-Null is the constant-only fit of its observations (summary()
    # prints no AIC or BIC: the counts edited together met nothing else there)
    null_text = facts.get("ll-null", "").strip()
    null = printed_interval(null_text) if null_text and model in ("logit", "probit") else None
    if null is not None and not binary_null_fits(null, observations):
        return (f"the summary prints No. Observations {_fmt(observations)}, but no count of "
                f"events among {_fmt(observations)} records gives its LL-Null {null_text}")
    aic, bic = printed(facts.get("aic", "")), printed(facts.get("bic", ""))
    if model in _LIKELIHOOD_IC and aic is not None and bic is not None and observations > 0:
        gap = (bic[0] - aic[1], bic[1] - aic[0])
        ks = {estimated, estimated + 1} if model == "negativebinomial" else {estimated}
        if not any(gap[0] - 1e-9 <= k * (math.log(observations) - 2) <= gap[1] + 1e-9
                   for k in ks):
            return (f"the summary's AIC {facts['aic'].strip()} and BIC {facts['bic'].strip()} "
                    f"are not those of {_fmt(estimated)} parameters and "
                    f"{_fmt(observations)} observations")
    # robust errors make the F-statistic a Wald test's (summary2 does not say which: only a
    # print naming its covariance ``nonrobust`` has its F tested)
    nonrobust = facts.get("covariance type", "").strip().lower() == "nonrobust"
    r2 = printed(facts.get("r-squared", ""))
    if model != "ols" or r2 is None or not df_resid or df_model is None or r2[1] >= 1:
        return None
    constant = estimated - df_model
    adjusted = printed(facts.get("adj. r-squared", ""))
    scale = (observations - constant) / df_resid
    if adjusted is not None and not _overlap(
            (1 - (1 - r2[0]) * scale, 1 - (1 - r2[1]) * scale), adjusted):
        return (f"the summary's Adj. R-squared {facts['adj. r-squared'].strip()} is not its "
                f"R-squared {facts['r-squared'].strip()} adjusted for {_fmt(observations)} "
                f"observations and {_fmt(df_resid)} residual dof")
    f_value = printed(facts.get("f-statistic", ""))
    if nonrobust and df_model and f_value is not None and not _overlap(
            (r2[0] / (1 - r2[0]) * df_resid / df_model,
             r2[1] / (1 - r2[1]) * df_resid / df_model), f_value):
        return (f"the summary's F-statistic {facts['f-statistic'].strip()} is not its "
                f"R-squared {facts['r-squared'].strip()} on {_fmt(df_model)} and "
                f"{_fmt(df_resid)} dof")
    return None


def printed(text: str) -> tuple[float, float] | None:
    """The interval a printed statistic stands for: its last digit's rounding, and at least
    four significant digits' (statsmodels prints ``AIC`` and ``F-statistic`` to four; ACRO
    stores them as floats, so ``1.335e+04`` reaches its CSV as ``13350.0``)."""
    found = printed_interval(text)
    if found is None:
        return None
    value = (found[0] + found[1]) / 2
    half = 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 3) if value else 0.0
    return min(found[0], value - half), max(found[1], value + half)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


def r_disagreement(sigma_dof: float | None, f_dofs: tuple[float, float] | None,
                   deviance_dofs: tuple[float, float] | None, rows: int) -> str | None:
    """What R's ``summary.lm`` (``sigma_dof``: the residual standard error's dof, ``f_dofs``:
    the F-statistic's) or ``summary.glm`` (``deviance_dofs``: the null and residual
    deviances') print against each other and the ``rows`` estimated, or None."""
    if sigma_dof is not None and f_dofs is not None and not _same(sigma_dof, f_dofs[1]):
        return (f"the summary prints a residual standard error on {_fmt(sigma_dof)} degrees "
                f"of freedom, but an F-statistic on {_fmt(f_dofs[1])} residual DF")
    if f_dofs is not None and rows and not (
            _same(rows - f_dofs[0], 0) or _same(rows - f_dofs[0], 1)):
        return (f"the summary's F-statistic is on {_fmt(f_dofs[0])} model DF, but its "
                f"coefficient table prints {rows} rows")
    if deviance_dofs is not None and rows:
        null, resid = deviance_dofs
        if not (_same(rows - (null - resid), 0) or _same(rows - (null - resid), 1)):
            return (f"the summary's null deviance is on {_fmt(null)} and its residual deviance "
                    f"on {_fmt(resid)} degrees of freedom, but its coefficient table prints "
                    f"{rows} rows")
    return None


def stata_disagreement(anova: Mapping[str, Sequence[str]], observations: float | None,
                       f_dofs: tuple[float, float] | None, rows: int) -> str | None:
    """What Stata's ``regress`` prints against itself: ``anova`` maps ``Model``,
    ``Residual``, ``Total`` to their printed ``SS df MS``; ``f_dofs`` its ``F(k, d)``;
    ``rows`` the coefficient rows estimated (``_cons`` included). None when they agree."""
    dof = {name: _num(nums[1]) for name, nums in anova.items() if len(nums) >= 2}
    model, resid, total = dof.get("Model"), dof.get("Residual"), dof.get("Total")
    for name, nums in anova.items():  # a line's MS is its SS over its df
        ss, df, ms = (_num(n) for n in [*nums[:3], None, None][:3])
        if ss is not None and df and ms is not None and not _close(ss / df, ms):
            return (f"the summary's {name} line prints SS {nums[0]} on {nums[1]} df, but MS "
                    f"{nums[2]}")
    if model is not None and resid is not None and total is not None and not _same(
            model + resid, total):
        return (f"the summary's Model ({_fmt(model)}) and Residual ({_fmt(resid)}) dof do not "
                f"add to its Total ({_fmt(total)})")
    if total is not None and observations is not None and not (
            _same(observations - total, 0) or _same(observations - total, 1)):
        return (f"the summary prints Number of obs {_fmt(observations)}, but a Total of "
                f"{_fmt(total)} dof")
    if f_dofs is not None and resid is not None and not (
            (model is None or _same(model, f_dofs[0])) and _same(resid, f_dofs[1])):
        return (f"the summary's F({_fmt(f_dofs[0])}, {_fmt(f_dofs[1])}) does not repeat its "
                f"Model and Residual dof")
    if model is not None and rows and not (_same(rows - model, 0) or _same(rows - model, 1)):
        return (f"the summary prints {_fmt(model)} Model dof, but its coefficient table prints "
                f"{rows} estimated rows")
    if resid is None and f_dofs is not None and observations is not None and rows and (
            f_dofs[1] > observations - rows + _EPS):
        return (f"the summary's F test has {_fmt(f_dofs[1])} residual dof, more than its "
                f"{_fmt(observations)} observations less the {rows} coefficients")
    return None


def _close(a: float, b: float) -> bool:
    """Equal within the rounding of a printed ``MS`` (Stata prints about seven digits)."""
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b)) + 1e-9


def grid_facts(rows: Iterable[Sequence[object]]) -> tuple[dict[str, list[str]], list[str]]:
    """A statsmodels summary written cell by cell (ACRO's CSV of a block, a workbook's sheet):
    each ``Key:`` cell's right-hand neighbour, by lower-case key, and the terms of the
    coefficient table under a ``coef``/``std err`` header (empty: none on the grid)."""
    facts: dict[str, list[str]] = {}
    terms: list[str] = []
    in_coef = False
    for row in rows:
        texts = [str(getattr(c, "raw", c) or "").strip() for c in row]
        lowered = [t.lower() for t in texts]
        if "coef" in lowered and "std err" in lowered:
            in_coef = True
            continue
        if in_coef:
            if texts and texts[0] and not texts[0].endswith(":") and len(texts) > 1 and (
                    _num(texts[1]) is not None):
                terms.append(texts[0])
                continue
            in_coef = False
        for key, value in itertools.pairwise(texts):
            if key.endswith(":") and len(key) > 1:
                facts.setdefault(key[:-1].strip().lower(), []).append(value)
    return facts, terms


def grid_disagreement(rows: Iterable[Sequence[object]]) -> str | None:
    """:func:`statsmodels_disagreement` over a grid holding one summary (a key printed twice
    with different values is itself a disagreement)."""
    facts, terms = grid_facts(rows)
    keys = ("no. observations", "df model", "df residuals")
    if "df residuals" not in facts:
        return None
    for key in keys:
        if len({_num(v) for v in facts.get(key, [])}) > 1:
            return f"the sheet prints {key} more than once, with different values"
    one = {key: values[0] for key, values in facts.items()}
    return statsmodels_disagreement(one, terms or None)


def binary_null_fits(null: tuple[float, float], observations: float) -> bool:
    """Whether a binary model's null log likelihood (``null``: the interval its print stands
    for) is that of ``observations`` records: the intercept-only fit of ``m`` events among
    ``N`` is ``m ln(m/N) + (N - m) ln(1 - m/N)``, one value per whole ``m``. It is at least
    ``-N ln 2`` (half of them events) and falls as ``m`` nears ``N/2``, so the ``m`` whose
    value may lie in ``null`` are found by bisection on ``[1, N/2]``."""
    n = int(observations)
    if n != observations or n < 2:
        return n == observations and n >= 0 and null[0] <= 0.0  # one record: a zero null
    if null[0] <= 0.0 <= null[1]:
        return True  # all events or none: a null likelihood of zero

    def value(m: int) -> float:
        return m * math.log(m / n) + (n - m) * math.log1p(-m / n)

    low = null[0] - 1e-9
    if value(1) < low:
        return False  # below every count's: fewer records than the likelihood needs
    lo, hi = 1, n // 2  # value(lo) >= low; the largest such m is the one nearest null[1]
    if value(hi) >= low:
        lo = hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if value(mid) >= low:
            lo = mid
        else:
            hi = mid
    return value(lo) <= null[1] + 1e-9


def stata_ml_disagreement(kind: str, observations: float | None, rows: int,
                          iteration0: str | None, log_likelihood: str | None,
                          lr: tuple[str, str] | None, pseudo_r2: str | None) -> str | None:
    """What Stata's ``logit``/``logistic``/``probit``/``poisson`` print says against itself:
    ``LR chi2(k)`` tests the ``rows`` estimated less ``_cons`` (0 or 1); its value is twice
    the log likelihood (``log_likelihood``) less the constant-only model's, and ``Pseudo R2``
    one less their ratio; for a binary model (``kind`` ``binary``) the constant-only fit is
    ``Iteration 0``'s, and it is one that ``Number of obs`` records can give
    (:func:`binary_null_fits`): the only number a forger raising the observations must also
    change, besides the chi2 and pseudo R2 it ties. None when they agree (or too little is
    printed to compare)."""
    if lr is not None and rows and kind in ("binary", "poisson") and not (
            _same(rows - float(lr[0]), 0) or _same(rows - float(lr[0]), 1)):
        return (f"the summary's LR chi2({lr[0]}) tests {lr[0]} coefficients, but its "
                f"coefficient table prints {rows} rows")
    ll_text, chi2_text = (log_likelihood or "").strip(), (lr[1] if lr else "").strip()
    first, r2_text = (iteration0 or "").strip(), (pseudo_r2 or "").strip()
    fitted = printed_interval(ll_text) if ll_text else None
    chi2 = printed_interval(chi2_text) if chi2_text else None
    null = printed_interval(first) if first and kind == "binary" else None
    if fitted is not None and chi2 is not None:
        from_chi2 = (fitted[0] - chi2[1] / 2, fitted[1] - chi2[0] / 2)
        if null is not None and not _overlap(null, from_chi2):
            return (f"the summary's LR chi2 {chi2_text} is not twice its log likelihood "
                    f"{ll_text} less Iteration 0's {first}")
        null = null or from_chi2
    r2 = printed_interval(r2_text) if r2_text else None
    if fitted is not None and null is not None and r2 is not None and null[1] < 0:
        ratio = sorted(f / z for f in fitted for z in null)
        if not _overlap((1 - ratio[-1], 1 - ratio[0]), r2):
            return (f"the summary's Pseudo R2 {r2_text} is not one less its log "
                    f"likelihood {ll_text} over the constant-only model's")
    if kind == "binary" and null is not None and observations is not None and (
            not binary_null_fits(null, observations)):
        return (f"the summary prints Number of obs {_fmt(observations)}, but no count of "
                f"events among {_fmt(observations)} records gives its constant-only log "
                f"likelihood")
    return None


def table_disagreement(observations: str | None, df_r: str | None, r2: str | None,
                       adjusted: str | None, f_dofs: tuple[str, str] | None) -> str | None:
    """What a regression table's column (stargazer, esttab, modelsummary) prints against
    its residual dof ``df_r`` (stargazer's ``Residual Std. Error ... (df = d)``): the
    F statistic's ``(df = k; d)`` repeats them, and the adjusted R-squared is
    ``1 − (1 − R²)(N − c)/d`` (``c`` the constant, 0 or 1), so ``d`` lies within
    ``(N − 1)(1 − R²)/(1 − adj)`` and ``N (1 − R²)/(1 − adj)`` at the printed digits.
    ``Observations`` and the dof edited together meet the R-squared pair. None when they
    agree (or too little is printed)."""
    dof = _num(df_r)
    if dof is None:
        return None
    if f_dofs is not None and (second := _num(f_dofs[1])) is not None and not _same(
            second, dof):
        return (f"the table prints a residual standard error on {_fmt(dof)} df, but an F "
                f"statistic on {f_dofs[1]} residual df")
    n = _num(observations)
    fit, adj = (printed_interval(t) if t else None for t in (r2, adjusted))
    if n is None or fit is None or adj is None or 1 - adj[1] <= 0:
        return None
    low = (n - 1) * max(1 - fit[1], 0.0) / (1 - adj[0])
    high = n * (1 - fit[0]) / (1 - adj[1])
    if not low - 1e-9 <= dof <= high + 1e-9:
        return (f"the table prints {_fmt(n)} observations and {_fmt(dof)} residual df, but its "
                f"R-squared {r2} and adjusted R-squared {adjusted} are those of "
                f"{math.ceil(low - 1e-9)} to {math.floor(high + 1e-9)} residual df")
    return None
