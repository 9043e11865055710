"""A linear model on one categorical predictor gives its group sizes away (issue 12, wrong
pass; ``sdc.model_counts``, the ``gaussian-identity`` kind): each group's mean has variance
``s^2 / n_g``, so the printed standard errors with ``s^2`` (printed, or worked out from an
OLS's log-likelihood) give every ``n_g``, and they add up to ``N``. A group of 3 behind 100
residual dof passed (ACRO passes it too); now SDC101 ``fail`` at its coefficient row.
statsmodels prints are written by statsmodels; R's and Stata's are laid out as those tools
print them (R is not installed here), with the numbers of the same fit."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.model_counts import GAUSSIAN
from sdc.policy import build_policy
from sdc.readers.model_text import parse_model_text
from tests.conftest import findings_of
from tests.test_model_counts import _line_of, _write

smf = pytest.importorskip("statsmodels.formula.api")
POLICY = build_policy({})
SMALL = (50, 50, 3)  # groups g0 (the reference), g1, g2: g2 holds 3 people
SAFE = (50, 50, 12)


def _frame(sizes: tuple[int, ...], seed: int = 1) -> pd.DataFrame:
    """An outcome around 20 (+ the group's number) for groups ``g0``, ``g1``... of ``sizes``,
    a continuous ``x`` and two binary covariates ``a`` and ``b``."""
    rng = np.random.default_rng(seed)
    g = [f"g{k}" for k, n in enumerate(sizes) for _ in range(n)]
    n = len(g)
    return pd.DataFrame({"y": rng.normal(20, 5, n) + np.array([int(v[1:]) for v in g]),
                         "g": g, "x": rng.normal(0, 1, n), "a": rng.integers(0, 2, n),
                         "b": rng.integers(0, 2, n), "w": rng.uniform(0.5, 2.0, n)})


def _fit(sizes: tuple[int, ...], formula: str = "y ~ C(g)", how: str = "ols", **fit_args):
    frame = _frame(sizes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if how == "glm":
            return smf.glm(formula, frame).fit(**fit_args)
        if how == "wls":
            return smf.wls(formula, frame, weights=frame["w"]).fit(**fit_args)
        return smf.ols(formula, frame).fit(**fit_args)


@pytest.mark.parametrize(("how", "summary"), [("ols", "summary"), ("ols", "summary2"),
                                              ("glm", "summary"), ("glm", "summary2")])
def test_statsmodels_group_of_three_fails_at_its_row(tmp_path: Path, how: str,
                                                     summary: str) -> None:
    text = str(getattr(_fit(SMALL, how=how), summary)())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'C(g)[T.g2]')}")}
    assert result.status.value == "fail"
    (finding,) = result.findings
    assert "the people of the group of term 'C(g)[T.g2]'" in finding.message
    assert "are 3: below the threshold 10" in finding.message


@pytest.mark.parametrize("how", ["ols", "glm"])
def test_statsmodels_safe_twin_passes(tmp_path: Path, how: str) -> None:
    text = str(_fit(SAFE, how=how).summary())
    parsed = parse_model_text(text)
    assert parsed is not None and [(c.lo, c.hi) for c in parsed.counts()] == [
        (50, 50), (50, 50), (12, 12)]
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_the_reference_group_of_three_fails_at_the_intercept(tmp_path: Path) -> None:
    text = str(_fit((3, 50, 50)).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'Intercept')}")}
    assert "the people of the reference group" in result.findings[0].message


def test_no_intercept_every_level_its_own_row(tmp_path: Path) -> None:
    text = str(_fit(SMALL, "y ~ 0 + C(g)").summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'C(g)[g2]')}")}


def test_large_groups_beside_a_small_one(tmp_path: Path) -> None:
    """5,000 people a group print standard errors of 0.07: their sizes are known only to a
    few per cent (still far above 10), the group of 4 exactly."""
    text = str(_fit((5000, 5000, 4)).summary())
    parsed = parse_model_text(text)
    assert parsed is not None
    counts = parsed.counts()
    assert [(c.lo, c.hi) for c in counts][2] == (4, 4)
    assert all(c.lo <= 5000 <= c.hi for c in counts[:2])
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'C(g)[T.g2]')}")}


def test_a_summary_saved_as_csv(tmp_path: Path) -> None:
    text = _fit(SMALL).summary().as_csv()
    row = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("C(g)[T.g2]"))
    result = sdc.check(_write(tmp_path, text, "ols.csv"), POLICY)
    assert findings_of(result) == {("SDC101", "ols.csv", f"A{row}")}


# guards: each is what stops a false reading (the print alone does not say "one factor")

@pytest.mark.parametrize("formula", ["y ~ x", "y ~ a + b", "y ~ a + x", "y ~ C(g) + x"])
def test_other_designs_are_not_read(tmp_path: Path, formula: str) -> None:
    """A continuous covariate, two binary ones, a factor beside a slope: the rows' ``s^2 / v``
    do not add up to N, so no count is read and the verdict is the model's own (pass)."""
    text = str(_fit(SMALL, formula).summary())
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.kind == GAUSSIAN and parsed.scale is not None
    assert parsed.counts() == []
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_a_continuous_covariate_without_the_sum_check_is_not_read() -> None:
    """The guess fails closed: without ``s^2`` (a print that gave none) shares of N always add
    up, so nothing is read at all, even for the real group of 3."""
    from sdc.model_counts import recovered_counts

    parsed = parse_model_text(str(_fit(SMALL).summary()))
    assert parsed is not None and parsed.counts()
    assert recovered_counts(GAUSSIAN, parsed.observations, parsed.coefficients) == []


@pytest.mark.parametrize("cov_type", ["HC1", "HC3"])
def test_robust_standard_errors_are_not_read(tmp_path: Path, cov_type: str) -> None:
    """A real robust fit's numbers do not add up: nothing is read, whatever its words."""
    text = str(_fit(SMALL, cov_type=cov_type).summary())
    assert cov_type in text
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.doubt == f"Covariance Type: {cov_type}"
    assert parsed.counts() == []
    assert findings_of(sdc.check(_write(tmp_path, text), POLICY), {"SDC101"}) == set()


def test_clustered_standard_errors_are_not_read() -> None:
    frame = _frame(SMALL)
    fit = smf.ols("y ~ C(g)", frame).fit(cov_type="cluster",
                                         cov_kwds={"groups": np.arange(len(frame)) % 7})
    parsed = parse_model_text(str(fit.summary()))
    assert parsed is not None and parsed.doubt and parsed.counts() == []


def test_weighted_least_squares_is_not_read(tmp_path: Path) -> None:
    text = str(_fit(SMALL, how="wls").summary())
    assert "WLS Regression Results" in text
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.doubt == "Model: WLS" and parsed.counts() == []
    assert findings_of(sdc.check(_write(tmp_path, text), POLICY), {"SDC101"}) == set()


# R: summary(lm(...)) and summary(glm(..., family = gaussian)), laid out as R 4.3 prints them

def _r_rows(fit, names: dict[str, str] | None = None) -> str:
    names = names or {"Intercept": "(Intercept)"}
    return "\n".join(
        f"{names.get(term, term.replace('C(g)[T.', 'g').rstrip(']')):<12}{b:>9.4f}{se:>11.4f}"
        f"{t:>8.3f}{p:>10.3g}"
        for term, b, se, t, p in zip(fit.params.index, fit.params, fit.bse, fit.tvalues,
                                     fit.pvalues, strict=True))


def _r_lm(sizes: tuple[int, ...], formula: str = "y ~ C(g)", call: str = "lm(formula = y ~ g, "
          "data = d)", residuals: str = "Residuals") -> str:
    return r_summary_lm(_fit(sizes, formula), call, residuals)


def r_summary_lm(fit, call: str, residuals: str = "Residuals",
                 names: dict[str, str] | None = None) -> str:
    """``summary(lm(...))`` of ``fit``, its terms printed under ``names`` (R's names)."""
    res = np.quantile(fit.resid, [0, 0.25, 0.5, 0.75, 1])
    return f"""
Call:
{call}

{residuals}:
     Min       1Q   Median       3Q      Max
{' '.join(f'{v:8.4f}' for v in res)}

Coefficients:
            Estimate Std. Error t value Pr(>|t|)
{_r_rows(fit, names)}
---
Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

Residual standard error: {np.sqrt(fit.scale):.4g} on {int(fit.df_resid)} degrees of freedom
Multiple R-squared:  {fit.rsquared:.4f},	Adjusted R-squared:  {fit.rsquared_adj:.4f}
F-statistic: {fit.fvalue:.4g} on {int(fit.df_model)} and {int(fit.df_resid)} DF,  \
p-value: {fit.f_pvalue:.4g}
"""


def _r_glm(sizes: tuple[int, ...], call: str = "glm(formula = y ~ g, family = gaussian, "
           "data = d)") -> str:
    fit = _fit(sizes, how="glm")
    return f"""
Call:
{call}

Coefficients:
            Estimate Std. Error t value Pr(>|t|)
{_r_rows(fit)}
---
Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

(Dispersion parameter for gaussian family taken to be {fit.scale:.7g})

    Null deviance: {fit.null_deviance:.1f}  on {int(fit.nobs) - 1}  degrees of freedom
Residual deviance: {fit.deviance:.1f}  on {int(fit.df_resid)}  degrees of freedom
AIC: {fit.aic:.2f}

Number of Fisher Scoring iterations: 2
"""


def _statuses(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


# summary.lm prints the residuals' quantiles (single records' values): SDC602 review, as before
RESIDUALS = ("SDC602", None, "review")


@pytest.mark.parametrize(("write", "before"), [(_r_lm, {RESIDUALS}), (_r_glm, set())])
def test_r_group_of_three_fails_and_its_safe_twin_is_unchanged(
        tmp_path: Path, write, before: set) -> None:
    text = write(SMALL)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'gg2')}", "fail"), *before}
    assert result.status.value == "fail"
    assert "are 3: below the threshold 10" in next(
        f.message for f in result.findings if f.rule == "SDC101")
    safe = sdc.check(_write(tmp_path / "b", write(SAFE)), POLICY)
    assert _statuses(safe) == before
    assert safe.status.value == ("review" if before else "pass")


def test_r_lm_continuous_covariate_is_not_read(tmp_path: Path) -> None:
    text = _r_lm(SMALL, "y ~ x", "lm(formula = y ~ x, data = d)")
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.kind == GAUSSIAN and parsed.counts() == []
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}


@pytest.mark.parametrize(("call", "residuals"), [
    ("lm(formula = y ~ g, data = d, weights = w)", "Weighted Residuals"),
    ("lm(formula = y ~ g, data = d, weights = w)", "Residuals")])
def test_r_weighted_lm_words_over_unweighted_numbers(call: str, residuals: str) -> None:
    """The numbers are the unweighted fit's (so they add up): the print's words about weights
    make each count a doubt (SDC101 review, Hunt round 17 insider pass), not a silence."""
    parsed = parse_model_text(_r_lm(SMALL, call=call, residuals=residuals))
    assert parsed is not None and parsed.kind == GAUSSIAN
    assert [(c.lo, c.hi) for c in parsed.counts()][-1] == (3, 3)
    assert {c.doubt for c in parsed.counts()} == {  # the call's words, the first
        "the print says 'weights =' (robust standard errors or weights break the reading)"}


@pytest.mark.parametrize("call", [
    'glm(formula = y ~ g, family = gaussian(link = "log"), data = d)',
    'glm(formula = y ~ g, family = gaussian("inverse"), data = d)'])
def test_r_gaussian_glm_with_another_link_is_not_read(call: str) -> None:
    parsed = parse_model_text(_r_glm(SMALL, call))
    assert parsed is not None and parsed.kind is None and parsed.counts() == []


# broom: write.csv(tidy(fit)) beside write.csv(glance(fit)) (sdc/readers/model_companions.py)

def _broom(folder: Path, sizes: tuple[int, ...], formula: str = "y ~ C(g)",
           how: str = "ols") -> Path:
    from tests.test_model_companions import _write as write_lm
    from tests.test_model_companions import write_tidy_and_glance
    from tests.test_model_tidy_workbook import GLM_GLANCE, _glm_glance

    folder.mkdir(parents=True)
    fit = _fit(sizes, formula, how)
    if how == "glm":
        write_tidy_and_glance(folder, fit, GLM_GLANCE, [v for _, v in _glm_glance(fit)])
    else:
        write_lm(folder, fit)
    return folder


@pytest.mark.parametrize("how", ["ols", "glm"])
def test_broom_tidy_and_glance_group_of_three_fails(tmp_path: Path, how: str) -> None:
    """lm's glance prints sigma; a glm's its deviance and df.residual (s^2 their ratio, tried
    after the binomial and Poisson readings, which do not add up here). B4 of the tidy
    file is the term of g2 (A: write.csv's row names; a header, the intercept, g1, g2)."""
    result = sdc.check(_broom(tmp_path / "a", SMALL, how=how), POLICY)
    assert _statuses(result) == {("SDC101", "B4", "fail")}
    assert {f.location.path for f in result.findings} == {"fit_tidy.csv"}
    safe = sdc.check(_broom(tmp_path / "b", SAFE, how=how), POLICY)
    assert safe.findings == [] and safe.status.value == "pass"


@pytest.mark.parametrize("formula", ["y ~ x", "y ~ a + b"])
def test_broom_other_designs_are_not_read(tmp_path: Path, formula: str) -> None:
    result = sdc.check(_broom(tmp_path / "a", SMALL, formula), POLICY)
    assert result.findings == [] and result.status.value == "pass"


# Stata: regress y i.g, laid out as Stata 17 prints it (base level not shown, the default)

def _stata_number(value: float) -> str:
    from tests.test_model_counts import _stata_number as shown

    return shown(value)


def _stata_regress(sizes: tuple[int, ...], command: str = ". regress y i.g",
                   extra: str = "", formula: str = "y ~ C(g)", robust: bool = False) -> str:
    fit = _fit(sizes, formula, cov_type="HC1") if robust else _fit(sizes, formula)
    model_ss, resid_ss = fit.ess, fit.ssr
    n, k = int(fit.nobs), int(fit.df_model)

    def anova(name: str, ss: float, df: int, right: str) -> str:
        return (f"{name:>12} | {_stata_number(ss):>11} {df:>9,} {_stata_number(ss / df):>11}"
                f"   {right}")

    rows = []
    factor = formula == "y ~ C(g)"
    if factor:
        rows.append(f"{'g':>12} |")
    for term in [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]:
        b, se, t, p = fit.params[term], fit.bse[term], fit.tvalues[term], fit.pvalues[term]
        name = "_cons" if term == "Intercept" else term.removeprefix("C(g)[T.g").rstrip("]")
        if term == "Intercept" and factor:
            rows.append(f"{'':>12} |")
        rows.append(f"{name:>12} | {_stata_number(b):>10} {_stata_number(se):>10}"
                    f"{t:>9.2f}{p:>8.3f}    {_stata_number(b - 1.98 * se):>9}"
                    f"  {_stata_number(b + 1.98 * se):>9}")
    return f"""{command}
{extra}
      Source |       SS           df       MS      Number of obs   = {n:>9,}
{"-" * 13}+{"-" * 34}   {f"F({k}, {int(fit.df_resid)})":<16}= {fit.fvalue:>9.2f}
{anova("Model", model_ss, k, f"Prob > F        = {fit.f_pvalue:>9.4f}")}
{anova("Residual", resid_ss, int(fit.df_resid), f"R-squared       = {fit.rsquared:>9.4f}")}
-------------+----------------------------------   Adj R-squared   = {fit.rsquared_adj:>9.4f}
{anova("Total", model_ss + resid_ss, n - 1, f"Root MSE        = {np.sqrt(fit.scale):>9.4g}")}

------------------------------------------------------------------------------
           y | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
-------------+----------------------------------------------------------------
""" + "\n".join(rows) + """
------------------------------------------------------------------------------
"""


def test_stata_regress_group_of_three_fails_and_its_safe_twin_passes(tmp_path: Path) -> None:
    text = _stata_regress(SMALL)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, '2')}", "fail")}
    assert "the people of the group of term 'g 2'" in result.findings[0].message
    safe = sdc.check(_write(tmp_path / "b", _stata_regress(SAFE)), POLICY)
    assert safe.findings == [] and safe.status.value == "pass"


def test_stata_regress_continuous_covariate_is_not_read(tmp_path: Path) -> None:
    text = _stata_regress(SMALL, ". regress y x", formula="y ~ x")
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.kind == GAUSSIAN and parsed.counts() == []
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def test_stata_weights_over_unweighted_numbers_are_a_doubt() -> None:
    """The numbers are the unweighted fit's (they add up): the weights named in the command
    and in Stata's note make each count a doubt (SDC101 review), not a silence."""
    for command, extra in [(". regress y i.g [aweight=w]", "(sum of wgt is 103.2)"),
                           (". regress y i.g [fw=w]", "")]:
        parsed = parse_model_text(_stata_regress(SMALL, command, extra))
        assert parsed is not None and parsed.kind == GAUSSIAN
        assert {c.doubt for c in parsed.counts()} == {
            f"the print says '{command}' (robust standard errors or weights break the reading)"}


def test_a_stata_log_an_html_export_and_two_factors(tmp_path: Path) -> None:
    """The same reading through a Stata log (the finding at the log's own line), a summary
    exported with ``as_html`` (no line: the term's cell is not named) and an OLS saturated
    on two factors (``C(a) * C(b)``, the cell a=1, b=1 holding 3 people, at the
    interaction's row)."""
    log = _stata_regress(SMALL)
    result = sdc.check(_write(tmp_path / "a", log, "analysis.log"), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(log, '2')}", "fail")}
    assert sdc.check(_write(tmp_path / "b", _stata_regress(SAFE), "analysis.log"),
                     POLICY).findings == []
    html = _fit(SMALL).summary().as_html()
    assert _statuses(sdc.check(_write(tmp_path / "c", html, "ols.html"), POLICY)) == {
        ("SDC101", None, "fail")}
    assert sdc.check(_write(tmp_path / "d", _fit(SAFE).summary().as_html(), "ols.html"),
                     POLICY).findings == []
    rng = np.random.default_rng(3)
    cells = [(a, b) for a, b, n in [(0, 0, 40), (0, 1, 40), (1, 0, 40), (1, 1, 3)]
             for _ in range(n)]
    frame = pd.DataFrame(cells, columns=["a", "b"]).assign(y=rng.normal(10, 2, len(cells)))
    text = str(smf.ols("y ~ C(a) * C(b)", frame).fit().summary())
    result = sdc.check(_write(tmp_path / "e", text), POLICY)
    assert _statuses(result) == {
        ("SDC101", f"A{_line_of(text, 'C(a)[T.1]:C(b)[T.1]')}", "fail")}


def _stata_robust(sizes: tuple[int, ...], robust: bool = False) -> str:
    """``regress y i.g, vce(robust)`` as Stata 17 prints it: no ANOVA table, a ``Robust``
    header over ``std. err.``; the numbers are the model-based fit's (they add up), or with
    ``robust`` an HC1 fit's, as Stata's robust errors are."""
    fit = _fit(sizes)
    table = _stata_regress(sizes, robust=robust).split("\n\n", 2)[2].replace(
        "           y | Coefficient  Std. err.",
        "             |               Robust\n           y | Coefficient  std. err.")
    return f""". regress y i.g, vce(robust)

Linear regression                               Number of obs     = {int(fit.nobs):>10}
{"":48}{f"F({int(fit.df_model)}, {int(fit.df_resid)})":<18}= {fit.fvalue:>10.2f}
                                                Prob > F          = {fit.f_pvalue:>10.4f}
                                                R-squared         = {fit.rsquared:>10.4f}
                                                Root MSE          = {np.sqrt(fit.scale):>10.4g}

{table}"""


def test_stata_robust_regress_in_a_log_is_judged_on_its_dof(tmp_path: Path) -> None:
    """Robust standard errors break ``v = s^2 / n``: a real robust fit's numbers do not add
    up, no count is read (as ACRO), and the coefficient rows under ``std. err.`` are the
    model's, not a listing of records (SDC603 fail before: the lower-case header was not
    known). The verdict is the dof's (100: pass). The model-based numbers under a ``Robust``
    header are read all the same (Hunt round 17, insider pass): SDC101 review at the row."""
    text = _stata_robust(SMALL, robust=True)
    assert "std. err." in text and "(sum of wgt" not in text
    result = sdc.check(_write(tmp_path / "a", text, "analysis.log"), POLICY)
    assert result.findings == [] and result.status.value == "pass"
    edited = _stata_robust(SMALL)
    result = sdc.check(_write(tmp_path / "b", edited, "analysis.log"), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(edited, '2')}", "review")}
    assert "the print says '| Robust'" in result.findings[0].message
    for sizes, name in [(SAFE, "analysis.log"), (SMALL, "model.txt")]:
        twin = _stata_robust(sizes, robust=True)
        assert sdc.check(_write(tmp_path / name / str(sizes[2]), twin, name),
                         POLICY).findings == []
