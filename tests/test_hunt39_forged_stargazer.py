"""Round 39 (hunt39): R's stargazer table whose observations and residual dof were written over.

``stargazer(fit, type = "text")`` prints a linear model's residual dof beside its residual
standard error (``0.950 (df = 9)``) and its F statistic (``(df = 1; 9)``): SDC301 reads them.
A model fitted on 11 records (9 dof: ``fail``) passed once ``Observations`` was edited to 1,000
and both dof to 998: nothing compared them. Two things tie them: the F statistic's second
degree repeats the residual dof, and the adjusted R-squared is ``1 − (1 − R²)(N − 1)/d``, so
the printed R-squared pair says ``d`` within its digits (``model_facts_agree.
table_disagreement``). Where they disagree SDC301 is ``review`` naming the disagreement. The
prints are stargazer's text layout with the numbers of statsmodels OLS fits (R's ``lm`` gives
the same R-squared pair). Each forged print passes on main; the real ones keep main's
findings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.model_facts_agree import table_disagreement
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_counts import _write

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})


def _fit(n: int, k: int = 1, seed: int = 39):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.normal(size=(n, k)), columns=[f"x{i + 1}" for i in range(k)])
    y = x.sum(axis=1) + rng.normal(size=n)
    return sm.OLS(y, sm.add_constant(x)).fit()


def _stargazer(fit, observations: int | None = None, dof: int | None = None) -> str:
    """``stargazer(fit, type = "text")`` of this fit (``observations``, ``dof``: printed
    instead of its own, as a forger edits them)."""
    n = int(fit.nobs) if observations is None else observations
    d = int(fit.df_resid) if dof is None else dof
    k = int(fit.df_model)
    lines = ["", "=" * 47, f"{'Dependent variable:':>43}", " " * 20 + "-" * 27,
             f"{'y':>33}", "-" * 47]
    for term in [*fit.params.index[1:], "const"]:
        name = "Constant" if term == "const" else term
        lines += [f"{name:<29}{fit.params[term]:.3f}***", f"{'':<29}({fit.bse[term]:.3f})",
                  ""]
    sigma = np.sqrt(fit.scale)
    lines += ["-" * 47, f"{'Observations':<32}{n}", f"{'R2':<31}{fit.rsquared:.3f}",
              f"{'Adjusted R2':<31}{fit.rsquared_adj:.3f}",
              f"{'Residual Std. Error':<26}{sigma:.3f} (df = {d})",
              f"{'F Statistic':<22}{fit.fvalue:.3f}*** (df = {k}; {d})", "=" * 47,
              "Note:               *p<0.1; **p<0.05; ***p<0.01", ""]
    return "\n".join(lines)


def test_observations_and_dof_written_over_are_review(tmp_path) -> None:
    result = sdc.check(_write(tmp_path, _stargazer(_fit(11), 1000, 998)), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert result.findings[0].status.value == "review"
    assert ("the table prints 1000 observations and 998 residual df, but its R-squared"
            in result.findings[0].message)


def test_the_f_statistic_on_other_dof_is_review(tmp_path) -> None:
    text = _stargazer(_fit(40)).replace("(df = 1; 38)", "(df = 1; 398)")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert "but an F statistic on 398 residual df" in result.findings[0].message


def test_twin_the_real_print_of_eleven_fails_on_its_dof(tmp_path) -> None:
    result = sdc.check(_write(tmp_path, _stargazer(_fit(11))), POLICY)
    assert [(f.rule, f.status.value, f.message) for f in result.findings] == [
        ("SDC301", "fail", "residual degrees of freedom 9 are below 10")]


@pytest.mark.parametrize(("n", "k"), [(13, 1), (40, 2), (1000, 1), (3000, 4)])
def test_twin_real_prints_pass(tmp_path, n: int, k: int) -> None:
    assert sdc.check(_write(tmp_path, _stargazer(_fit(n, k))), POLICY).findings == []


def test_real_r_squared_pairs_agree_with_their_dof() -> None:
    """No disagreement over 720 real fits (N 12 to 5,000, 1 to 6 slopes, 40 seeds): the
    adjusted R-squared's interval is R's own arithmetic at the printed digits."""
    for seed in range(40):
        for n in (12, 15, 30, 100, 500, 5000):
            for k in (1, 2, 6):
                if n - k - 1 < 1:
                    continue
                fit = _fit(n, k, seed)
                assert table_disagreement(
                    str(n), str(int(fit.df_resid)), f"{fit.rsquared:.3f}",
                    f"{fit.rsquared_adj:.3f}", (str(k), str(int(fit.df_resid)))) is None, (
                    seed, n, k)
