"""R names a character (or factor) predictor's levels by gluing the level to the variable's
name, ``regionNorth``, ``regionWest``, with no ``factor(...)`` around it (issue 12, wrong pass).

Where ``s^2`` is printed (``summary(lm)``'s ``Residual standard error``, stargazer's ``Residual
Std. Error``) the sum check proves the design whatever the names: the group of 3 fails. Where
only ``N`` is printed (modelsummary, stargazer without ``ser``, texreg), the shares of ``N`` are
read when every term is one prefix followed by a word (``sdc.model_counts.shared_prefix``): a
small one is SDC101 ``review``, never ``fail``. A table of ``y ~ region`` with West holding 3
passed on its dof (main 7a9f799). Numbers from statsmodels fits, laid out as R prints them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_gaussian import RESIDUALS, _statuses, r_summary_lm
from tests.test_model_counts_named import (
    POLICY,
    _check,
    _modelsummary_md,
    _stargazer_html,
    _stargazer_text,
)
from tests.test_model_tables_in_documents import _latex

SMALL, SAFE = (50, 50, 3), (50, 50, 12)
REGION = {"Intercept": "(Intercept)", "region[T.North]": "regionNorth",
          "region[T.West]": "regionWest"}


def _frame(sizes: tuple[int, ...], seed: int = 5) -> pd.DataFrame:
    """``region`` a character column (East the reference), continuous ``x1``, ``x2``, ``age``."""
    rng = np.random.default_rng(seed)
    region = np.repeat(["East", "North", "West"][:len(sizes)], sizes)
    n = len(region)
    frame = pd.DataFrame({"region": region, "x1": rng.normal(0, 1, n),
                          "x2": rng.normal(0, 1, n), "age": rng.uniform(20, 70, n)})
    frame["age2"] = frame.age ** 2
    frame["y"] = 10 + (frame.region == "North") * 2 + frame.x1 + rng.normal(0, 3, n)
    return frame


def _fit(sizes: tuple[int, ...], formula: str = "y ~ region"):
    return smf.ols(formula, _frame(sizes)).fit()


# summary(lm(y ~ region)): s^2 printed, the sum check proves the design, names play no part

def test_summary_lm_of_a_character_predictor_fails_its_group_of_three(tmp_path: Path) -> None:
    text = r_summary_lm(_fit(SMALL), "lm(formula = y ~ region, data = d)", names=REGION)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'regionWest')}", "fail"),
                                 RESIDUALS}
    assert result.status.value == "fail"


def test_summary_lm_of_a_character_predictor_safe_twin_is_unchanged(tmp_path: Path) -> None:
    text = r_summary_lm(_fit(SAFE), "lm(formula = y ~ region, data = d)", names=REGION)
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}


def test_summary_lm_of_two_continuous_covariates_is_unchanged(tmp_path: Path) -> None:
    text = r_summary_lm(_fit(SMALL, "y ~ x1 + x2"), "lm(formula = y ~ x1 + x2, data = d)")
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}


# regression tables printing N but no s^2: read on the shared prefix, review only

def test_modelsummary_of_bare_levels_reviews_the_group_of_three(tmp_path: Path) -> None:
    text = _modelsummary_md(_fit(SMALL), REGION)
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "review")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert "the group of term 'regionWest' are 3 if the model is a linear model" in (
        finding.message)
    assert "share the prefix 'region' as R names one variable's levels" in finding.message


def test_modelsummary_of_bare_levels_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.md", _modelsummary_md(_fit(SAFE), REGION)) == (set(), "pass")


# levels coded 1, 2, 3 (``region2``, ``region3``): numbered like a continuous ``x1``, ``x2``, so
# read only where the table prints its R-squared for the groups to give back
CODED = {"Intercept": "(Intercept)", "region[T.North]": "region2", "region[T.West]": "region3"}


def test_numbered_levels_review_the_group_of_three(tmp_path: Path) -> None:
    # 5cd431c: pass on its dof
    text = _modelsummary_md(_fit(SMALL), CODED)
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "review")


def test_numbered_levels_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.md", _modelsummary_md(_fit(SAFE), CODED)) == (set(), "pass")


def test_two_numbered_slopes_are_stopped_by_the_r_squared(tmp_path: Path) -> None:
    # ``x1``, ``x2`` continuous (the guess is wrong): no groups give back the R-squared
    for seed in range(20):
        fit = smf.ols("y ~ x1 + x2", _frame(SMALL, seed)).fit()
        (tmp_path / str(seed)).mkdir()
        text = _modelsummary_md(fit, {"Intercept": "(Intercept)"})
        assert _check(tmp_path / str(seed), "t.md", text) == (set(), "pass"), seed


def test_stargazer_html_without_sigma_reviews_bare_levels(tmp_path: Path) -> None:
    text = _stargazer_html(_fit(SMALL), sigma=False, names=REGION)
    assert _check(tmp_path, "t.html", text) == ({("SDC101", "t.html#table1", "B5")}, "review")


@pytest.mark.parametrize("sigma", [True, False])
def test_stargazer_html_of_bare_levels_safe_twin_passes(tmp_path: Path, sigma: bool) -> None:
    text = _stargazer_html(_fit(SAFE), sigma, names=REGION)
    assert _check(tmp_path, "t.html", text) == (set(), "pass")


def test_stargazer_with_sigma_fails_bare_levels_on_the_sum_check(tmp_path: Path) -> None:
    # the residual standard error proves the design: names play no part, the 3 fails
    (tmp_path / "h").mkdir()
    (tmp_path / "t").mkdir()
    html = _stargazer_html(_fit(SMALL), names=REGION)
    assert _check(tmp_path / "h", "t.html", html) == (
        {("SDC101", "t.html#table1", "B5")}, "fail")
    text = _stargazer_text(_fit(SMALL), REGION)
    assert _check(tmp_path / "t", "t.txt", text) == ({("SDC101", "t.txt", "A9")}, "fail")


# guards: names that are no levels' (the verdict is the dof's, as on main)

@pytest.mark.parametrize(("formula", "names"), [
    ("y ~ x1 + x2", {}),  # numbered suffixes: read, the R-squared stops them
    ("y ~ age + age2", {}),  # one name the prefix of the other
    ("y ~ region + x1", {**REGION, "x1": "x"}),  # a slope beside the levels
    ("y ~ x1 + x2", {"x1": "log_income", "x2": "log_age"}),  # a naming scheme, not gluing
    ("y ~ x1 + x2", {"x1": "I(age^2)", "x2": "I(age^3)"}),  # formula syntax
])
def test_names_that_are_not_glued_levels_are_not_read(tmp_path: Path, formula: str,
                                                      names: dict[str, str]) -> None:
    fit = _fit(SMALL, formula)
    text = _modelsummary_md(fit, {"Intercept": "(Intercept)", **names})
    assert _check(tmp_path, "t.md", text) == (set(), "pass")


def test_continuous_covariates_named_like_levels_are_stopped_by_the_r_squared(
        tmp_path: Path) -> None:
    # the guess is wrong: ``logx``, ``logz`` are two slopes. Their shares of N held whole
    # numbers under 10 in 3 of these 20 fits (SDC101 review, never fail, on 4a55159); groups
    # with those sizes and means would give another R-squared than the one printed, so
    # nothing is read and each passes on its dof
    for seed in range(20):
        fit = smf.ols("y ~ x1 + x2", _frame(SAFE, seed)).fit()
        text = _modelsummary_md(fit, {"Intercept": "(Intercept)", "x1": "logx", "x2": "logz"})
        (tmp_path / str(seed)).mkdir()
        assert _check(tmp_path / str(seed), "t.md", text) == (set(), "pass"), seed


@pytest.mark.parametrize("sizes", [(500, 500, 3), (4, 60, 60)])
def test_real_levels_give_back_their_r_squared(tmp_path: Path, sizes: tuple[int, ...]) -> None:
    # wide intervals (groups of 500 known to about 1%) and a small reference group
    text = _modelsummary_md(_fit(sizes), REGION)
    findings, status = _check(tmp_path, "t.md", text)
    assert (findings, status) == ({("SDC101", "t.md#table1", "B6" if sizes[2] == 3 else "B2")},
                                  "review")


def _texreg_tex(fit, names: dict[str, str]) -> str:
    """``texreg(lm(y ~ region))``: its default column name ``Model 1``, two decimals and stars
    in math mode, ``R$^2$``, ``Adj. R$^2$`` and ``Num. obs.`` (main 0f142bd: the ``Model 1``
    head was not read as a model's, SDC602 review on the safe table as on the small one)."""
    def stars(p: float) -> str:
        return "^{***}" if p < 0.001 else "^{**}" if p < 0.01 else "^{*}" if p < 0.05 else ""
    rows = [["", "Model 1"]]
    for term in fit.params.index:
        rows += [[names[term], f"${fit.params[term]:.2f}{stars(fit.pvalues[term])}$"],
                 ["", f"$({fit.bse[term]:.2f})$"]]
    rows += [["R$^2$", f"${fit.rsquared:.2f}$"], ["Adj. R$^2$", f"${fit.rsquared_adj:.2f}$"],
             ["Num. obs.", f"${int(fit.nobs)}$"]]
    return _latex(rows)


def test_texreg_latex_of_bare_levels_reviews_the_group_of_three(tmp_path: Path) -> None:
    text = _texreg_tex(_fit(SMALL), REGION)
    assert _check(tmp_path, "t.tex", text) == ({("SDC101", "t.tex#table1", "B6")}, "review")


def test_texreg_latex_of_bare_levels_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.tex", _texreg_tex(_fit(SAFE), REGION)) == (set(), "pass")
