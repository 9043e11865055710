"""A logit's, probit's or Poisson's print with its intercept row deleted and its levels as
dummies of their own (issue 12, wrong pass; models6).

statsmodels' ``logit("d ~ north + west")`` of hand-made dummies (group ``west`` holding 3 cases
among 6) with the ``Intercept`` row taken out passed (main d98be5a): no row is the intercept,
the rows are no groups' own log-odds, and the terms are not named as one factor's levels, so
only a linear model's reference was sought. A logit contrast's ``se^2 = 1/a_g + 1/c_g + 1/a_0 +
1/c_0`` bounds each count of its group and of the hidden reference group from below by ``1 /
se^2`` (``sdc.model_counts.unprinted_reference_floors``; a probit's by nothing): SDC101
``review`` at each row whose floor is under the threshold. Slopes of wide spread and groups of
30 cases among 60 beside references of 100 cases pass. Prints from statsmodels 0.14."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import statsmodels.formula.api as smf

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_family import SMALL, _binary, _covariates
from tests.test_model_counts_gaussian import _statuses
from tests.test_model_counts_named import POLICY

SAFE = ((500, 100), (500, 100), (60, 30))


def _print(groups: tuple[tuple[int, int], ...], kind: str) -> str:
    frame = _binary(groups)
    frame["north"] = (frame.g == "b").astype(int)
    frame["west"] = (frame.g == "c").astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = getattr(smf, kind)("d ~ north + west", frame).fit(disp=0)
    return "\n".join(line for line in str(fit.summary()).splitlines()
                     if not line.startswith("Intercept ")) + "\n"


@pytest.mark.parametrize("kind", ["logit", "probit", "poisson"])
def test_dummies_without_the_intercept_row_review_the_group_of_three(tmp_path: Path,
                                                                    kind: str) -> None:
    text = _print(SMALL, kind)
    assert "Intercept" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    # north's floor (1 / 0.204: 5 cases) is under 10 too: its reference holds 10 cases
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'north')}", "review"),
                                 ("SDC101", f"A{_line_of(text, 'west')}", "review")}
    assert "if it is a contrast" in next(f.message for f in result.findings
                                         if f.location.cell == f"A{_line_of(text, 'west')}")


@pytest.mark.parametrize("kind", ["logit", "poisson"])
def test_dummies_without_the_intercept_row_safe_twin_passes(tmp_path: Path, kind: str) -> None:
    result = sdc.check(_write(tmp_path, _print(SAFE, kind)), POLICY)
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize("seed", range(3))
def test_slopes_without_the_intercept_row_pass(tmp_path: Path, seed: int) -> None:
    frame = _covariates(seed, (150, 400, 1000)[seed])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.logit("d ~ age + z", frame).fit(disp=0)
    text = "\n".join(line for line in str(fit.summary()).splitlines()
                     if not line.startswith("Intercept ")) + "\n"
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert result.findings == [] and result.status.value == "pass"


# one contrast alone: the print of two groups with its intercept row deleted (main d98be5a:
# every family passed, the one-row print was never read for a hidden reference)

def _one(groups: tuple[tuple[int, int], ...], kind: str) -> str:
    frame = _binary(groups)
    frame["west"] = (frame.g == "b").astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = getattr(smf, kind)("d ~ west", frame).fit(disp=0)
    return "\n".join(line for line in str(fit.summary()).splitlines()
                     if not line.startswith("Intercept ")) + "\n"


@pytest.mark.parametrize("kind", ["logit", "poisson"])
def test_one_dummy_without_the_intercept_row_reviews_the_group_of_three(tmp_path: Path,
                                                                       kind: str) -> None:
    text = _one(((1000, 200), (6, 3)), kind)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'west')}", "review")}


@pytest.mark.parametrize("kind", ["logit", "poisson"])
def test_one_dummy_without_the_intercept_row_safe_twin_passes(tmp_path: Path,
                                                             kind: str) -> None:
    result = sdc.check(_write(tmp_path, _one(((1000, 200), (60, 30)), kind)), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def _ols_one(sizes: tuple[int, ...], formula: str) -> str:
    from tests.test_model_counts_gaussian import _frame

    frame = _frame(sizes)
    frame["west"] = (frame.g == "g1").astype(int)
    text = str(smf.ols(formula, frame).fit().summary())
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith("Intercept ")) + "\n"


@pytest.mark.parametrize(("formula", "term"), [("y ~ C(g)", "C(g)[T.g1]"), ("y ~ west", "west")])
def test_one_linear_contrast_without_the_intercept_row_reviews_the_group_of_three(
        tmp_path: Path, formula: str, term: str) -> None:
    text = _ols_one((100, 3), formula)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, term)}", "review")}


@pytest.mark.parametrize("formula", ["y ~ C(g)", "y ~ west"])
def test_one_linear_contrast_without_the_intercept_row_safe_twin_passes(
        tmp_path: Path, formula: str) -> None:
    result = sdc.check(_write(tmp_path, _ols_one((100, 50), formula)), POLICY)
    assert result.findings == [] and result.status.value == "pass"
