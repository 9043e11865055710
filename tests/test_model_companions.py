"""broom's glance() beside tidy() (``sdc/readers/model_companions.py``; issue 11, false
positives): two files R writes for one model, linked only when the stems and the model's
structure match (nobs - df.residual = the tidy file's terms). Written in R's write.csv format
(row names under ``""``, numbers to 15 significant digits) from statsmodels fits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _fit(n: int, seed: int = 2):
    rng = np.random.default_rng(seed)
    x = sm.add_constant(pd.DataFrame({"age": rng.integers(20, 80, n).astype(float),
                                      "smoker": rng.integers(0, 2, n).astype(float)}))
    return sm.OLS(120 + 0.15 * x.age + 2 * x.smoker + rng.normal(0, 14, n), x).fit()


def _num(value: float) -> str:
    return format(float(value), ".15g")


def write_tidy_and_glance(root: Path, res, names: list[str], values: list[float],
                          tidy: str = "fit_tidy.csv", glance: str = "fit_glance.csv") -> None:
    """write.csv(tidy(fit)) of a fitted statsmodels result and write.csv(glance(fit)) of the
    glance columns ``names`` holding ``values``, as R writes them."""
    terms = ["(Intercept)" if t == "const" else t for t in res.params.index]
    lines = ['"","term","estimate","std.error","statistic","p.value"']
    for i, term in enumerate(terms):
        lines.append(",".join([f'"{i + 1}"', f'"{term}"', _num(res.params.iloc[i]),
                               _num(res.bse.iloc[i]), _num(res.tvalues.iloc[i]),
                               _num(res.pvalues.iloc[i])]))
    (root / tidy).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / glance).write_text(",".join(['""', *(f'"{n}"' for n in names)]) + "\n"
                               + ",".join(['"1"', *(_num(v) for v in values)]) + "\n",
                               encoding="utf-8")


def _write(root: Path, res, tidy: str = "fit_tidy.csv", glance: str = "fit_glance.csv",
           nobs: float | None = None) -> None:
    """write.csv(tidy(fit)) and write.csv(glance(fit)) of a linear model, as R writes them."""
    names = ["r.squared", "adj.r.squared", "sigma", "statistic", "p.value", "df", "logLik",
             "AIC", "BIC", "deviance", "df.residual", "nobs"]
    values = [res.rsquared, res.rsquared_adj, np.sqrt(res.scale), res.fvalue, res.f_pvalue,
              res.df_model, res.llf, res.aic, res.bic, res.ssr, res.df_resid,
              res.nobs if nobs is None else nobs]
    write_tidy_and_glance(root, res, names, values, tidy, glance)


def test_tidy_with_its_glance_passes(tmp_path: Path) -> None:
    # alone, the tidy file has no dof (SDC301 review) and the glance row is 13 numbers not
    # understood (SDC602); together, df.residual 4997 = nobs 5000 - 3 terms
    _write(tmp_path, _fit(5000))
    assert _check(tmp_path) == (set(), "pass")


def test_tidy_with_its_glance_on_twelve_people_fails_sdc301(tmp_path: Path) -> None:
    _write(tmp_path, _fit(12))  # df.residual 9
    assert _check(tmp_path) == ({("SDC301", "fit_tidy.csv", None),
                                 ("SDC301", "fit_glance.csv", None)}, "fail")


def test_a_glance_of_another_model_is_not_linked(tmp_path: Path) -> None:
    # nobs 5001 - df.residual 4997 = 4 terms, the tidy file has 3: another model's summary
    _write(tmp_path, _fit(5000), nobs=5001)
    assert _check(tmp_path) == ({("SDC301", "fit_tidy.csv", None),
                                 ("SDC602", "fit_glance.csv", None)}, "review")


def test_stems_that_differ_are_not_linked(tmp_path: Path) -> None:
    _write(tmp_path, _fit(5000), tidy="fit1_tidy.csv", glance="fit2_glance.csv")
    assert _check(tmp_path) == ({("SDC301", "fit1_tidy.csv", None),
                                 ("SDC602", "fit2_glance.csv", None)}, "review")


def test_tidy_p_values_in_rising_order_are_no_quantile_ladder(tmp_path: Path) -> None:
    # p.value 0, 1.7e-26, 5.49e-07 under an intercept (t = estimate / std.error proves them
    # p-values): before, they were read as quantile levels 0.. and the row names 1, 2, 3 as
    # quantiles, SDC302 failing the minimum
    (tmp_path / "fit_tidy.csv").write_text(
        '"","term","estimate","std.error","statistic","p.value"\n'
        '"1","(Intercept)",120.12345,0.81234,147.872,0\n'
        '"2","age",0.15012,0.01401,10.715,1.7e-26\n'
        '"3","smoker",2.01234,0.40123,5.015,5.49e-07\n', encoding="utf-8")
    assert _check(tmp_path) == ({("SDC301", "fit_tidy.csv", None)}, "review")
