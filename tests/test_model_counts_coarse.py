"""A linear model on one factor whose printed standard errors are too coarse to bound a large
group (issue 12, wrong pass).

``y ~ C(g)`` of groups of 3, 5,000 and 5,000: the intercept's standard error is ``s / sqrt(3)``
(2.887) and each contrast's ``s sqrt(1/3 + 1/5000)`` prints the same to the third decimal, so
the large groups' variances ``se_g^2 - se_0^2`` reach 0 within the rounding and their sizes have
no upper bound. The reading stopped there and the reference group of 3 passed on its 10,000
dof (main 023555c). With ``s^2`` printed each group still has its floor ``s^2 / v_hi`` and the
bounded ones their exact sizes, so the sum check runs on what is known
(``sdc.model_counts._gaussian_counts``): the group of 3 is SDC101 ``review`` (the groups could
not be proved to add up); the twin of 12 passes. Numbers from statsmodels fits, printed by
statsmodels and laid out as R 4.3 prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_gaussian import RESIDUALS, _fit, _statuses, r_summary_lm
from tests.test_model_counts_named import POLICY

SMALL, SAFE = (3, 5000, 5000), (12, 5000, 5000)


def _print(sizes: tuple[int, ...], how: str) -> str:
    fit = _fit(sizes)
    if how == "statsmodels":
        return str(fit.summary())
    return r_summary_lm(fit, "lm(formula = y ~ g, data = d)")


@pytest.mark.parametrize(("how", "term", "extra", "status"), [
    ("statsmodels", "Intercept", set(), "review"),
    # R prints four decimals: the contrasts' variances are bounded and the 3 is proved
    ("R", "(Intercept)", {RESIDUALS}, "fail")])
def test_a_small_reference_group_beside_coarse_large_ones_is_reviewed(
        tmp_path: Path, how: str, term: str, extra: set, status: str) -> None:
    text = _print(SMALL, how)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, term)}", status), *extra}
    message = next(f.message for f in result.findings if f.rule == "SDC101")
    assert "the people of the reference group" in message and "are 3" in message
    assert ("rounding leaves a group's size without an upper bound" in message) == (
        status == "review")


@pytest.mark.parametrize(("how", "extra"), [("statsmodels", set()), ("R", {RESIDUALS})])
def test_the_safe_twin_passes(tmp_path: Path, how: str, extra: set) -> None:
    assert _statuses(sdc.check(_write(tmp_path, _print(SAFE, how)), POLICY)) == extra


# modelsummary prints no s, but its AIC (or Log.Lik.) gives s^2: where the shares stop on the
# coarse standard errors (0.497 beside 0.498), it runs the same sum check (a doubt)
R = {"Intercept": "(Intercept)", "C(g)[T.g1]": "factor(g)g1", "C(g)[T.g2]": "factor(g)g2"}


def _modelsummary(sizes: tuple[int, ...], loglik: bool) -> str:
    """``modelsummary(lm(y ~ factor(g)), output = "markdown")``: R2, R2 Adj. and AIC, or its
    ``Log.Lik.`` (three decimals) in the AIC's place."""
    fit = _fit(sizes)
    rows = [["", "(1)"]]
    for term in fit.params.index:
        rows += [[R[term], f"{fit.params[term]:.3f}"], ["", f"({fit.bse[term]:.3f})"]]
    rows += [["Num.Obs.", f"{int(fit.nobs)}"], ["R2", f"{fit.rsquared:.3f}"],
             ["R2 Adj.", f"{fit.rsquared_adj:.3f}"],
             ["Log.Lik.", f"{fit.llf:.3f}"] if loglik else ["AIC", f"{fit.aic:.1f}"]]
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, width, strict=True)) + " |"
             for r in rows]
    return "\n".join([lines[0], "|" + "|".join("-" * (w + 2) for w in width) + "|",
                      *lines[1:]]) + "\n"


@pytest.mark.parametrize("loglik", [False, True], ids=["aic", "loglik"])
def test_modelsummary_of_a_small_reference_group_beside_coarse_ones_is_reviewed(
        tmp_path: Path, loglik: bool) -> None:
    from tests.test_model_counts_named import _check

    # main 8a069dd: pass on its dof (the shares stopped on the unbounded large groups)
    text = _modelsummary(SMALL, loglik)
    assert ("Log.Lik." in text) == loglik
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B2")}, "review")


@pytest.mark.parametrize("sizes", [SAFE, (100, 20000, 20000)])
def test_modelsummary_safe_twins_pass(tmp_path: Path, sizes: tuple[int, ...]) -> None:
    from tests.test_model_counts_named import _check

    assert _check(tmp_path, "t.md", _modelsummary(sizes, False)) == (set(), "pass")
