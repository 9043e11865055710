"""A coefficient table proven by its own numbers (``sdc/readers/coefficients.py``; issue 11,
false positives): t = coef / se on every row, a p-value between a normal's and a t(1)'s, and
a ``df_resid`` column the p-values agree with. Written by statsmodels; a safe fit passes, the
same fit on 12 people fails SDC301, and a column the p-values do not prove is no dof source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

import sdc
from sdc.policy import build_policy
from sdc.readers.coefficients import _floor
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _ols(n: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = sm.add_constant(pd.DataFrame({"age": rng.integers(20, 80, n).astype(float),
                                      "bmi": rng.normal(27, 4, n).round(1),
                                      "smoker": rng.integers(0, 2, n).astype(float)}))
    res = sm.OLS(120 + 0.3 * x.age + rng.normal(0, 15, n), x).fit()
    return pd.DataFrame({"coef": res.params, "std_err": res.bse, "t": res.tvalues,
                         "p": res.pvalues, "df_resid": res.df_resid}).round(4)


def test_dof_column_the_p_values_prove_passes(tmp_path: Path) -> None:
    _ols(5000).to_csv(tmp_path / "c.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_dof_column_of_a_small_model_fails_sdc301(tmp_path: Path) -> None:
    _ols(12).to_csv(tmp_path / "c.csv")  # df_resid 8, the p-values agree with t(8)
    assert _check(tmp_path) == ({("SDC301", "c.csv", None)}, "fail")


def test_dof_column_the_p_values_disagree_with_is_no_source(tmp_path: Path) -> None:
    # the 12-person fit with its column written as 4996: its p-values are t(8)'s, not
    # t(4996)'s, so the column proves nothing (the model is unassessable, never pass)
    table = _ols(12)
    table["df_resid"] = 4996.0
    table.to_csv(tmp_path / "c.csv")
    assert _check(tmp_path) == ({("SDC301", "c.csv", None), ("SDC203", "c.csv", None)},
                                "review")


def test_p_values_that_prove_no_floor_are_no_source(tmp_path: Path) -> None:
    # every p printed 0.0: t(2) agrees as well as t(4996), so no floor of 10 is proven
    (tmp_path / "c.csv").write_text(",coef,std_err,t,p,df_resid\nconst,131.37,1.39,94.51,0.0,"
                                    "4996.0\nage,2.51,0.09,27.89,0.0,4996.0\n",
                                    encoding="utf-8")
    assert _check(tmp_path) == ({("SDC301", "c.csv", None)}, "review")


def test_a_column_not_named_as_dof_is_no_source(tmp_path: Path) -> None:
    # the same numbers under "n": the word raises confidence, so without it no dof
    _ols(5000).rename(columns={"df_resid": "n"}).to_csv(tmp_path / "c.csv")
    assert _check(tmp_path) == ({("SDC301", "c.csv", None)}, "review")


def test_broom_tidy_statistic_and_p_value_are_model_statistics(tmp_path: Path) -> None:
    # broom::tidy(lm) written by write.csv: statistic = estimate / std.error, p.value agrees;
    # no dof beside it, so SDC301 alone says review (before: also SDC602 on both columns)
    (tmp_path / "tidy.csv").write_text(
        '"term","estimate","std.error","statistic","p.value"\n'
        '"(Intercept)",120.12345,0.81234,147.872,0\n"age",0.15012,0.01401,10.715,1.7e-26\n'
        '"smoker",2.01234,0.40123,5.015,5.49e-07\n', encoding="utf-8")
    assert _check(tmp_path) == ({("SDC301", "tidy.csv", None)}, "review")


def test_floor_is_the_fewest_dof_the_p_values_agree_with() -> None:
    half = 0.00005
    stat = [(-0.7645, half), (0.2831, half)]
    # p at t(4996) to 4 places; t(36) gives 0.4496 and 0.7787: the floor lies between
    floor = _floor(stat, [(0.4446, half), (0.7771, half)], 4996)
    assert 36 < floor < 4996
    assert _floor(stat, [(0.4496, half), (0.7787, half)], 36) <= 36
