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
