"""Regression tables that do not say which model they print (issue 12, models5).

esttab's default table prints each coefficient, its standard error and ``N`` alone; a pseudo
R-squared (esttab's ``pr2``) or a likelihood without an R-squared (modelsummary's and
stargazer's tables of a ``glm``) says only "not linear". A logit on one factor gives each
level's cases and non-cases back exactly (``b = log(a/c) - ref``, ``se^2 = 1/a + 1/c``), but
the table was read only as a linear model's shares (``1/v`` proportional to group size, wrong
for a binary model: ``1/v = n p (1 - p)``), or not at all, and a group of 3 cases among 6
people went unread (b028e61: SDC301 alone). The logit, probit and Poisson readings are tried
and every one whose groups add up to ``N`` is kept: SDC101 ``review`` where any gives a small
count. modelsummary's ``RMSE`` is ``sqrt(SSR / N)``, not the residual standard error: read so,
a linear model's sum check proves its design again (SDC101 ``fail``, was ``review``).

The tables are written from statsmodels fits as the packages lay them out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from tests.test_model_counts_named import STATA, R, _check, _esttab, _fit

# (people, cases) per group: c holds 3 cases among 6 people
SMALL = ((500, 10), (500, 10), (6, 3))
SAFE = ((500, 10), (500, 10), (40, 20))


def _binary(groups: tuple[tuple[int, int], ...]) -> pd.DataFrame:
    g: list[str] = []
    d: list[int] = []
    for label, (people, cases) in zip("abc", groups, strict=False):
        g += [label] * people
        d += [1] * cases + [0] * (people - cases)
    return pd.DataFrame({"g": g, "d": d})


def _glm(groups: tuple[tuple[int, int], ...], kind: str = "logit"):
    return getattr(smf, kind)("d ~ C(g)", _binary(groups)).fit(disp=0)


def _counts(groups: tuple[tuple[int, int], ...]):
    """A Poisson model of events per group: c has 3 events among 6 people."""
    frame = _binary(groups)
    return smf.poisson("d ~ C(g)", frame).fit(disp=0)


def _modelsummary_glm_md(fit, names: dict[str, str] = R) -> str:
    """``modelsummary(glm(d ~ factor(g), family = binomial), output = "markdown")``: its
    goodness of fit rows for a glm (no R2)."""
    rows = [["", "(1)"]]
    for term in fit.params.index:
        rows += [[names.get(term, term), f"{fit.params[term]:.3f}"],
                 ["", f"({fit.bse[term]:.3f})"]]
    residuals = fit.model.endog - fit.predict()
    rows += [["Num.Obs.", f"{int(fit.nobs)}"], ["AIC", f"{fit.aic:.1f}"],
             ["BIC", f"{fit.bic:.1f}"], ["Log.Lik.", f"{fit.llf:.3f}"],
             ["F", f"{fit.llr / fit.df_model:.3f}"],
             ["RMSE", f"{np.sqrt(np.mean(residuals ** 2)):.2f}"]]
    return _markdown(rows)


def _markdown(rows: list[list[str]]) -> str:
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, width, strict=True)) + " |"
             for r in rows]
    return "\n".join([lines[0], "|" + "|".join("-" * (w + 2) for w in width) + "|",
                      *lines[1:]]) + "\n"


def _stargazer_glm_html(fit, names: dict[str, str] = R) -> str:
    """``stargazer(glm(d ~ factor(g), family = binomial), type = "html")``: ``Constant`` last,
    its log likelihood and AIC under the observations."""
    def row(label: str, value: str) -> str:
        return f'<tr><td style="text-align:left">{label}</td><td>{value}</td></tr>'
    body = []
    for term in [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]:
        body += [row(names.get(term, term) if term != "Intercept" else "Constant",
                     f"{fit.params[term]:.3f}"), row("", f"({fit.bse[term]:.3f})"), row("", "")]
    foot = [row("Observations", str(int(fit.nobs))), row("Log Likelihood", f"{fit.llf:.3f}"),
            row("Akaike Inf. Crit.", f"{fit.aic:.3f}")]
    return "\n".join(['<table style="text-align:center">', row("", "d"), *body, *foot,
                      '<tr><td style="text-align:left"><em>Note:</em></td><td>'
                      "<sup>*</sup>p<0.1; <sup>**</sup>p<0.05; <sup>***</sup>p<0.01</td></tr>",
                      "</table>", ""])


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_esttab_n_alone_of_a_binary_model_reviews_the_group_of_three_cases(
        tmp_path: Path, kind: str) -> None:
    # b028e61: SDC301 alone, the linear shares read c as 1006 * 1.5 / 21.1 = 72 people
    text = _esttab(_glm(SMALL, kind), STATA, stats=("N",))
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B5"), ("SDC301", "t.csv", None)}, "review")


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_esttab_n_alone_of_a_binary_model_safe_twin_reads_no_small_group(
        tmp_path: Path, kind: str) -> None:
    text = _esttab(_glm(SAFE, kind), STATA, stats=("N",))
    assert _check(tmp_path, "t.csv", text) == ({("SDC301", "t.csv", None)}, "review")


def test_the_finding_names_the_cases_and_the_unsaid_family(tmp_path: Path) -> None:
    import sdc
    from tests.test_model_counts_named import POLICY

    (tmp_path / "t.csv").write_text(_esttab(_glm(SMALL), STATA, stats=("N",)))
    messages = [f.message for f in sdc.check(tmp_path, POLICY).findings if f.rule == "SDC101"]
    assert any("the cases of the group of term '3.g'" in m and " are 3 " in m
               and "does not say its model is a logistic regression" in m for m in messages)


def test_esttab_pseudo_r_squared_reviews_the_group_of_three_cases(tmp_path: Path) -> None:
    # ``esttab m using t.csv, se pr2``: the pseudo R-squared said "not linear", nothing read
    fit = _glm(SMALL)
    fit.rsquared = fit.prsquared  # the helper prints ``pseudo R-sq`` from ``rsquared``
    text = _esttab(fit, STATA, stats=("N", "pr2"))
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B5"), ("SDC301", "t.csv", None)}, "review")
    safe = _glm(SAFE)
    safe.rsquared = safe.prsquared
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.csv", _esttab(safe, STATA, stats=("N", "pr2"))) == (
        {("SDC301", "t.csv", None)}, "review")


def test_modelsummary_of_a_glm_fails_the_group_of_three_cases(tmp_path: Path) -> None:
    # AIC, BIC and Log.Lik. without R2: no linear model, and nothing was read; the logit
    # reading's log-likelihood gives back the printed one (round 19: fail, was review)
    text = _modelsummary_glm_md(_glm(SMALL))
    assert _check(tmp_path, "t.md", text) == (
        {("SDC101", "t.md#table1", "B6"), ("SDC301", "t.md#table1", None)}, "fail")
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.md", _modelsummary_glm_md(_glm(SAFE))) == (
        {("SDC301", "t.md#table1", None)}, "review")


def test_stargazer_of_a_glm_fails_the_group_of_three_cases(tmp_path: Path) -> None:
    text = _stargazer_glm_html(_glm(SMALL))
    assert _check(tmp_path, "t.html", text) == (
        {("SDC101", "t.html#table1", "B5"), ("SDC301", "t.html#table1", None)}, "fail")
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.html", _stargazer_glm_html(_glm(SAFE))) == (
        {("SDC301", "t.html#table1", None)}, "review")


def test_esttab_n_alone_of_a_poisson_model_reviews_the_group_of_three_events(
        tmp_path: Path) -> None:
    text = _esttab(_counts(SMALL), STATA, stats=("N",))
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B5"), ("SDC301", "t.csv", None)}, "review")
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.csv", _esttab(_counts(SAFE), STATA, stats=("N",))) == (
        {("SDC301", "t.csv", None)}, "review")


def _covariates(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"age": rng.uniform(18, 90, n), "z": rng.normal(0, 1, n),
                          "bmi": rng.normal(27, 5, n)})
    frame["y"] = 3 + 0.05 * frame.age - 0.1 * frame.bmi + rng.normal(0, 2, n)
    eta = -2 + 0.02 * frame.age - 0.3 * frame.z
    frame["d"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    return frame


@pytest.mark.parametrize("formula", ["y ~ age + bmi", "y ~ z + age", "d ~ age + z",
                                     "d ~ bmi"])
def test_real_fits_on_continuous_covariates_read_no_group(tmp_path: Path, formula: str) -> None:
    for seed in range(8):
        frame = _covariates(seed, (60, 150, 400, 1000)[seed % 4])
        fit = (smf.ols(formula, frame).fit() if formula.startswith("y")
               else smf.logit(formula, frame).fit(disp=0))
        folder = tmp_path / str(seed)
        folder.mkdir()
        text = _esttab(fit, {"Intercept": "_cons"}, stats=("N",))
        assert _check(folder, "t.csv", text) == ({("SDC301", "t.csv", None)}, "review"), seed


# modelsummary's RMSE is sqrt(SSR / N) (performance::performance_rmse), not sqrt(SSR / (N - k))

def _modelsummary_lm_md(fit, names: dict[str, str] = R) -> str:
    """``modelsummary(lm(y ~ factor(g)), output = "markdown")``: its default goodness of fit
    rows for an lm, ``RMSE`` among them."""
    rows = [["", "(1)"]]
    for term in fit.params.index:
        rows += [[names.get(term, term), f"{fit.params[term]:.3f}"],
                 ["", f"({fit.bse[term]:.3f})"]]
    rows += [["Num.Obs.", f"{int(fit.nobs)}"], ["R2", f"{fit.rsquared:.3f}"],
             ["R2 Adj.", f"{fit.rsquared_adj:.3f}"], ["AIC", f"{fit.aic:.1f}"],
             ["BIC", f"{fit.bic:.1f}"], ["Log.Lik.", f"{fit.llf:.3f}"],
             ["F", f"{fit.fvalue:.3f}"], ["RMSE", f"{np.sqrt(fit.ssr / fit.nobs):.2f}"]]
    return _markdown(rows)


def test_modelsummary_rmse_proves_the_design_and_fails_the_group_of_three(
        tmp_path: Path) -> None:
    # b028e61: RMSE read as s, the sum check missed by N / (N - k): the shares' review
    text = _modelsummary_lm_md(_fit((50, 50, 3)))
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "fail")


def test_modelsummary_rmse_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.md", _modelsummary_lm_md(_fit((50, 50, 12)))) == (set(), "pass")


def _esttab_eform(fit) -> str:
    """``esttab m using t.csv, se eform``: odds ratios, their standard errors ``e^b se``
    (the delta method), ``N`` alone, _cons last."""
    terms = [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]
    rows = [["", "(1)"], ["", "d"]]
    for term in terms:
        ratio = float(np.exp(fit.params[term]))
        rows += [[STATA[term], f"{ratio:.3f}"], ["", f"({ratio * fit.bse[term]:.3f})"]]
    rows += [["N", f"{int(fit.nobs)}"],
             ["Exponentiated coefficients; Standard errors in parentheses"],
             ["* p<0.05, ** p<0.01, *** p<0.001"]]
    return "\n".join(",".join(f'="{c}"' for c in r) for r in rows) + "\n"


# (people, cases): odds printed to 3 decimals need cases not far below non-cases
ODDS_SMALL = ((300, 100), (300, 150), (6, 3))
ODDS_SAFE = ((300, 100), (300, 150), (60, 30))


def test_esttab_eform_of_a_logit_reviews_the_group_of_three_cases(tmp_path: Path) -> None:
    # b028e61 and before: "Exponentiated coefficients" said "no standard errors", nothing read
    text = _esttab_eform(_glm(ODDS_SMALL))
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B5"), ("SDC301", "t.csv", None)}, "review")
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.csv", _esttab_eform(_glm(ODDS_SAFE))) == (
        {("SDC301", "t.csv", None)}, "review")
