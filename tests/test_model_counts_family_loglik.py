"""The family readings' second test: the printed log-likelihood (issue 12; models6).

A table that does not say its model's family (esttab's ``N`` with ``ll`` or ``aic``,
modelsummary's and stargazer's tables of a ``glm``) is read as a logit, probit and Poisson
model, each reading kept where its groups add up to ``N`` (``family_counts``, round 18: SDC101
``review``, never ``fail``). Where the table prints its log-likelihood (or the AIC, ``k - AIC /
2`` for these families), a binomial reading's own, ``sum a log(a/n) + c log(c/n)`` over each
group's cases and non-cases, must give it back: one that does is proved (SDC101 ``fail`` on the
group of 3 cases, was ``review``), one that does not is dropped (the table stays ``review`` on
its unproved dof), or kept as a doubt where the table proves its dof (dropping would let it
pass). A Poisson's test is loose (each person's ``log y!`` is not in the print): it drops,
never proves. Tables written from statsmodels fits as esttab lays them out."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from sdc.model_counts import Coefficient, family_loglik, recovered_counts
from tests.test_model_counts_family import SAFE, SMALL, _counts, _glm
from tests.test_model_counts_named import STATA, _check, _esttab

SDC301 = ("SDC301", "t.csv", None)


def _with(fit, **scalars: str) -> str:
    """``esttab m using t.csv, se scalars(ll)`` (or ``aic``, ``df_r``): ``N`` then each."""
    text = _esttab(fit, STATA, stats=("N",))
    lines = [f'="{name}",="{value}"' for name, value in scalars.items()]
    at = f'="N",="{int(fit.nobs)}"'
    return text.replace(at, "\n".join([at, *lines]))


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_a_printed_ll_that_the_reading_gives_back_fails_the_three_cases(
        tmp_path: Path, kind: str) -> None:
    # main 21f0967: review (the family unsaid)
    fit = _glm(SMALL, kind)
    text = _with(fit, ll=f"{fit.llf:.3f}")
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5"), SDC301}, "fail")


def test_the_aic_gives_the_ll_too(tmp_path: Path) -> None:
    fit = _glm(SMALL)
    text = _with(fit, aic=f"{fit.aic:.2f}")
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5"), SDC301}, "fail")


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_the_safe_twin_with_its_ll_reads_no_small_group(tmp_path: Path, kind: str) -> None:
    fit = _glm(SAFE, kind)
    assert _check(tmp_path, "t.csv", _with(fit, ll=f"{fit.llf:.3f}")) == ({SDC301}, "review")


def test_a_reading_the_ll_contradicts_is_dropped_and_the_table_stays_review(
        tmp_path: Path) -> None:
    # the safe fit's ll under the small fit's numbers: no reading gives it back
    fit, other = _glm(SMALL), _glm(SAFE)
    text = _with(fit, ll=f"{other.llf:.3f}")
    assert _check(tmp_path, "t.csv", text) == ({SDC301}, "review")


def test_a_contradicted_reading_is_kept_as_a_doubt_where_the_dof_are_proved(
        tmp_path: Path) -> None:
    # df_r proves the dof: dropping the reading would pass the group of 3
    fit, other = _glm(SMALL), _glm(SAFE)
    text = _with(fit, ll=f"{other.llf:.3f}", df_r=f"{int(fit.nobs) - 3}")
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "review")


def test_a_poisson_reading_is_not_proved_by_its_ll(tmp_path: Path) -> None:
    fit = _counts(SMALL)
    text = _with(fit, ll=f"{fit.llf:.3f}")
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5"), SDC301}, "review")
    safe = _counts(SAFE)
    (tmp_path / "safe").mkdir()
    assert _check(tmp_path / "safe", "t.csv", _with(safe, ll=f"{safe.llf:.3f}")) == (
        {SDC301}, "review")


def _rows(fit, digits: int = 4) -> list[Coefficient]:
    return [Coefficient(i, "_cons" if t == "Intercept" else t, f"{fit.params[t]:.{digits}f}",
                        f"{fit.bse[t]:.{digits}f}") for i, t in enumerate(fit.params.index, 1)]


@pytest.mark.parametrize("seed", range(3))
def test_the_readings_ll_holds_the_fits_own(seed: int) -> None:
    # binomial exact; Poisson with counts above 1 (its log y! inside the interval)
    rng = np.random.default_rng(seed)
    sizes = rng.integers(20, 300, 3)
    g = np.repeat(["a", "b", "c"], sizes)
    frame = pd.DataFrame({"g": g, "d": (rng.uniform(size=len(g)) < 0.3).astype(int),
                          "y": rng.poisson(2.5, len(g))})
    for kind, fit in (("binomial-logit", smf.logit("d ~ C(g)", frame).fit(disp=0)),
                      ("binomial-probit", smf.probit("d ~ C(g)", frame).fit(disp=0)),
                      ("poisson-log", smf.poisson("y ~ C(g)", frame).fit(disp=0))):
        counts = recovered_counts(kind, fit.nobs, _rows(fit))
        assert counts, kind
        low, high = family_loglik(kind, counts)
        assert low - 1e-6 <= fit.llf <= high + 1e-6, (kind, low, fit.llf, high)
        if kind != "poisson-log":
            assert high - low < 0.05 * abs(fit.llf) + 1, kind
    assert not math.isnan(low)
