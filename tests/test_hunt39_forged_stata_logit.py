"""Round 39 (hunt39): a Stata ``logit``/``probit`` print whose ``Number of obs`` was written over.

Stata prints no residual dof for a maximum-likelihood model: SDC301 reads them as ``Number of
obs`` less the coefficient rows. A model fitted on 11 records (9 residual dof: ``fail``) passed
once its ``Number of obs`` was edited to 1,000: hunt38 left it, since nothing else the print
shows is a function of the observations. One is: the first iteration's log likelihood (and,
without the iteration log, the fitted log likelihood less half the LR chi2) is the
constant-only model's, ``m ln(m/N) + (N - m) ln(1 - m/N)`` for ``m`` events among ``N``
records, one value per whole ``m`` (at least ``-N ln 2``). 11 records' null (-7.58) is no
value of 1,000's. The print's LR chi2's degrees, its value and its pseudo R2 are tied to the
log likelihoods too (``sdc.model_facts_agree.stata_ml_disagreement``). Where they disagree
SDC301 is ``review`` naming the disagreement. The prints are Stata 17's layout with the
numbers of statsmodels' fits (the same likelihoods: ``tests.test_model_counts._stata``).
Each forged print passes on main; each real print (the twins) keeps main's findings.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.model_counts import printed
from sdc.model_facts_agree import binary_null_fits
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_counts import _stata, _write, stata_log_head

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})
TITLES = {"logit": "Logistic regression", "probit": "Probit regression"}


def _fit(kind: str, n: int, seed: int = 39):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = (x + rng.normal(size=n) > 0).astype(float)
    y[:2] = [0.0, 1.0]  # both outcomes, whatever the draw
    frame = sm.add_constant(pd.DataFrame({"age": x}))
    model = sm.Logit if kind == "logit" else sm.Probit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model(y, frame).fit(disp=0)


def _print(kind: str, n: int, log: bool) -> str:
    fit = _fit(kind, n)
    text = _stata(fit, TITLES[kind], "Coefficient")
    return stata_log_head(fit) + text if log else text


def _forged(text: str, n: int, to: int) -> str:
    old = f"Number of obs = {n:>6}"
    assert old in text
    return text.replace(old, f"Number of obs = {to:>6}")


@pytest.mark.parametrize("log", [True, False])
@pytest.mark.parametrize("kind", list(TITLES))
def test_observations_written_over_are_review(tmp_path, kind: str, log: bool) -> None:
    text = _forged(_print(kind, 11, log), 11, 1000)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    finding = result.findings[0]
    assert finding.status.value == "review"
    assert ("the summary prints Number of obs 1000, but no count of events among 1000 records "
            "gives its constant-only log likelihood") in finding.message
    assert "1000" not in (finding.public_message or "")


@pytest.mark.parametrize("log", [True, False])
@pytest.mark.parametrize("kind", list(TITLES))
def test_twin_the_real_print_of_eleven_fails_on_its_dof(tmp_path, kind: str,
                                                        log: bool) -> None:
    result = sdc.check(_write(tmp_path, _print(kind, 11, log)), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert result.findings[0].status.value == "fail"
    assert "residual degrees of freedom 9 are below 10" in result.findings[0].message


@pytest.mark.parametrize("log", [True, False])
@pytest.mark.parametrize("kind", list(TITLES))
@pytest.mark.parametrize("n", [40, 1000])
def test_twin_a_real_print_passes(tmp_path, kind: str, log: bool, n: int) -> None:
    assert sdc.check(_write(tmp_path, _print(kind, n, log)), POLICY).findings == []


def test_the_lr_test_on_more_coefficients_than_printed_is_review(tmp_path) -> None:
    """``LR chi2(3)`` over ``age`` and ``_cons``: a row deleted (or the degrees edited)."""
    text = _print("logit", 1000, True)
    edited = text.replace("LR chi2(1)", "LR chi2(3)")
    assert edited != text
    result = sdc.check(_write(tmp_path, edited), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert "LR chi2(3) tests 3 coefficients, but its coefficient table prints 2 rows" in (
        result.findings[0].message)


def test_an_lr_chi2_that_is_not_the_likelihoods_is_review(tmp_path) -> None:
    """The observations raised with a null log likelihood to match (``Iteration 0``), the LR
    chi2 left as it was: the chi2 no longer twice the fitted less the null."""
    fit = _fit("logit", 11)
    big = -(1000 * np.log(2))  # 500 events among 1,000: a null 1,000 records can give
    text = (stata_log_head(fit) + _stata(fit, TITLES["logit"], "Coefficient")).replace(
        f"{fit.llnull:.4f}", f"{big:.4f}")
    result = sdc.check(_write(tmp_path, _forged(text, 11, 1000)), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert "is not twice its log likelihood" in result.findings[0].message


@pytest.mark.parametrize(("null", "n", "fits"), [
    ("-45.03321", 74, True),  # Stata's auto data: 22 foreign cars of 74
    ("-45.03321", 75, False), ("-45.03321", 1000, False),
    ("-8.3177662", 12, True),  # 6 of 12: the least a null of 12 records can be
    ("-8.32", 11, False), ("0", 50, True)])
def test_a_null_log_likelihood_fits_its_records(null: str, n: int, fits: bool) -> None:
    interval = printed(null)
    assert interval is not None
    assert binary_null_fits(interval, n) is fits


def _summary(kind: str, n: int) -> str:
    return _fit(kind, n).summary().as_text()


def _summary_forged(kind: str, n: int, to: int) -> str:
    """``No. Observations`` and ``Df Residuals`` raised together: statsmodels' ``summary()``
    of a Logit prints no AIC or BIC, so only its ``LL-Null`` says how many records it had."""
    text = _summary(kind, n)
    for key, old, new in (("No. Observations:", n, to), ("Df Residuals:", n - 2, to - 2)):
        line = next(line for line in text.splitlines() if key in line)
        at = line.index(key) + len(key)
        width = len(line) - at
        text = text.replace(line, line[:at] + line[at:].replace(
            f"{old:>{width}}", f"{new:>{width}}"))
    assert f"{to - 2}" in text and f"{to}" in text
    return text


@pytest.mark.parametrize("kind", list(TITLES))
def test_statsmodels_observations_and_residuals_written_over_are_review(tmp_path,
                                                                        kind: str) -> None:
    result = sdc.check(_write(tmp_path, _summary_forged(kind, 11, 1000)), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert result.findings[0].status.value == "review"
    assert ("the summary prints No. Observations 1000, but no count of events among 1000 "
            "records gives its LL-Null") in result.findings[0].message


@pytest.mark.parametrize("kind", list(TITLES))
@pytest.mark.parametrize(("n", "status"), [(11, "fail"), (40, None), (1000, None)])
def test_twin_statsmodels_real_summaries(tmp_path, kind: str, n: int,
                                         status: str | None) -> None:
    result = sdc.check(_write(tmp_path, _summary(kind, n)), POLICY)
    assert [(f.rule, f.status.value) for f in result.findings] == (
        [("SDC301", status)] if status else [])
