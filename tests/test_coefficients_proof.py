"""A coefficient table proven by its own numbers (``sdc/readers/coefficients.py``; issue 11,
false positives): t = coef / se on every row, a p-value between a normal's and a t(1)'s, and
a ``df_resid`` column the p-values agree with. Written by statsmodels; a safe fit passes, the
same fit on 12 people fails SDC301, and a column the p-values do not prove is no dof source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
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


# ACRO's olsr(income ~ C(region)) coefficient table (its output_2_1.csv, ACRO 1.0.2): the
# summary prints four significant digits (2.309e+04), which its CSV keeps as 23090.0
ACRO_OLS = (",coef,std err,t,P>|t|,[0.025,0.975]\n"
            "Intercept,23090.0,1097.49,21.035,0.0,20900.0,25200.0\n"
            "C(region)[T.North],988.254,1424.641,0.694,0.488,-1815.417,3791.925\n"
            "C(region)[T.South],569.7982,1556.59,0.366,0.715,-2493.546,3633.142\n")


def test_summary_digits_written_as_floats_still_prove_the_table(tmp_path: Path) -> None:
    # 23090.0 / 1097.49 is 21.039, not the printed 21.035, at the .0's precision; at the
    # summary's four digits (23085..23095) it is. Before, the p-values 0.0, 0.488, 0.715 read
    # as a ladder of quantile levels: SDC302 fail at C2 ("the quantile at 0.0 is the minimum")
    # on a safe model ACRO passes
    (tmp_path / "coef.csv").write_text(ACRO_OLS, encoding="utf-8")
    found, status = _check(tmp_path)
    assert not {f for f in found if f[0] == "SDC302"}
    assert ("SDC301", "coef.csv", None) in found and status == "review"  # no dof source


@pytest.mark.parametrize("whole", ["23090.0", "23090"])
def test_a_ratio_the_summary_digits_do_not_allow_is_no_proof(tmp_path: Path, whole: str
                                                             ) -> None:
    # twin: the intercept's t at 21.5 is no ratio even at four digits: no proof, and the
    # p-values stay a ladder (SDC302, as before); the same with the .0 gone (a workbook's)
    (tmp_path / "coef.csv").write_text(ACRO_OLS.replace("21.035", "21.5").replace(
        "23090.0", whole), encoding="utf-8")
    found, _ = _check(tmp_path)
    assert ("SDC302", "coef.csv", "C2") in found


def test_printed_half_unit() -> None:
    from sdc.readers.coefficients import _printed_half_unit

    assert _printed_half_unit("23090.0") == 5.0  # 2.309e+04
    assert _printed_half_unit("1090000.0") == 5000.0  # a bound's 1.09e+06
    assert _printed_half_unit("2300.0") == 0.5  # below 10,000: four significant digits
    assert _printed_half_unit("-12340.0") == 5.0
    assert _printed_half_unit("123456.0") == 0.05  # six digits: not the summary's rounding
    assert _printed_half_unit("20.0") == 0.05 and _printed_half_unit("1097.49") == 0.005
    # a workbook's whole number (ACRO's results.xlsx keeps 23090, no .0): the summary's
    # rounding from 10,000 on; below, its own half unit
    assert _printed_half_unit("23090") == 5.0 and _printed_half_unit("-1090000") == 5000.0
    assert _printed_half_unit("2300") == 0.5 and _printed_half_unit("20") == 0.5
    assert _printed_half_unit("123456") == 0.5


# ACRO's ols of income on age over 8 records (its parity session, seed 7): the intercept and
# the bounds printed as mantissas (3.024e+05, 1.09e+06) and written back whole
ACRO_FEW = (",coef,std err,t,P>|t|,[0.025,0.975]\n"
            "const,302400.0,403000.0,0.751,0.453,-489000.0,1090000.0\n"
            "age,-2564.6592,7077.855,-0.362,0.717,-16500.0,11300.0\n")


def test_confidence_bounds_around_the_estimate_are_model_statistics(tmp_path: Path) -> None:
    # proven at the summary's digits, the bounds (whole-looking: 1090000.0, 11300.0) bracket
    # each estimate as its midpoint: model statistics, not a row of sums (before the proof
    # held they were read so: SDC103 "99% of the total 1101300", SDC203)
    (tmp_path / "coef.csv").write_text(ACRO_FEW, encoding="utf-8")
    found, status = _check(tmp_path)
    assert not {f for f in found if f[0] in ("SDC103", "SDC203", "SDC302")}
    assert status == "review"  # no dof source alone (ACRO's folder gives it)


def test_columns_that_are_no_interval_keep_their_reading(tmp_path: Path) -> None:
    # twin: the right bound below the estimate is no interval around it: read as before
    (tmp_path / "coef.csv").write_text(ACRO_FEW.replace("1090000.0", "109000.0"),
                                       encoding="utf-8")
    found, _ = _check(tmp_path)
    assert {f for f in found if f[0] == "SDC203"}
