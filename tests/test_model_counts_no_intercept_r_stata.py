"""R's and Stata's prints of a linear model on one factor with the intercept's row deleted by
the researcher (issue 12, wrong pass).

statsmodels' print of treatment contrasts with no intercept row was read from ``N`` and
``s^2`` (``sdc.model_counts.unprinted_reference_counts``, main 9edf186): each contrast's
``se^2 / s^2 = 1/n_0 + 1/n_g``. R's ``summary(lm)`` (``factor(g)b``, or the glued
``regionWest``) and Stata's ``regress`` (the ``g`` header over its levels) with the
``(Intercept)`` / ``_cons`` row taken out were judged on their dof alone and the group of 3
passed (main 023555c). Their contrasts are read the same way now: SDC101 ``review`` at the
group of 3's row, the safe twin passes. Numbers from statsmodels fits, laid out as R 4.3 and
Stata 17 print them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_bare_levels import REGION
from tests.test_model_counts_bare_levels import _fit as _region_fit
from tests.test_model_counts_gaussian import (
    RESIDUALS,
    _fit,
    _stata_regress,
    _statuses,
    r_summary_lm,
)
from tests.test_model_counts_named import POLICY

SMALL, SAFE = (50, 50, 3), (50, 50, 12)
FACTOR = {"Intercept": "(Intercept)", "C(g)[T.g1]": "factor(g)g1", "C(g)[T.g2]": "factor(g)g2"}


def _without(text: str, start: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(start)) + "\n"


def _r(sizes: tuple[int, ...], bare: bool) -> str:
    fit, names = (_region_fit(sizes), REGION) if bare else (_fit(sizes), FACTOR)
    return _without(r_summary_lm(fit, "lm(formula = y ~ g, data = d)", names=names),
                    "(Intercept)")


@pytest.mark.parametrize(("bare", "term"), [(False, "factor(g)g2"), (True, "regionWest")])
def test_r_summary_lm_without_its_intercept_row_reviews_the_group_of_three(
        tmp_path: Path, bare: bool, term: str) -> None:
    text = _r(SMALL, bare)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, term)}", "review"), RESIDUALS}
    assert "with no intercept row" in next(
        f.message for f in result.findings if f.rule == "SDC101")


@pytest.mark.parametrize("bare", [False, True])
def test_r_summary_lm_without_its_intercept_row_safe_twin_passes_as_before(
        tmp_path: Path, bare: bool) -> None:
    assert _statuses(sdc.check(_write(tmp_path, _r(SAFE, bare)), POLICY)) == {RESIDUALS}


def _stata(sizes: tuple[int, ...]) -> str:
    return _without(_stata_regress(sizes), "       _cons |")


def test_stata_regress_without_its_cons_row_reviews_the_group_of_three(tmp_path: Path) -> None:
    text = _stata(SMALL)
    assert "_cons" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    rows = [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("2 |")]
    assert len(rows) == 1
    assert _statuses(result) == {("SDC101", f"A{rows[0]}", "review")}


def test_stata_regress_without_its_cons_row_safe_twin_passes(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path, _stata(SAFE)), POLICY)
    assert result.findings == [] and result.status.value == "pass"
