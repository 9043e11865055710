"""Model summaries read whole (issue 11 §7, issue 12 channel 1): the residual degrees of
freedom come from the summary itself, and anything beyond the blocks sdc recognises is named for
review and checked as a table or text. Summaries are written by statsmodels itself; R and
Stata ones follow their documented print formats."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})


def _fits(n: int):
    rng = np.random.default_rng(7)
    x = sm.add_constant(rng.normal(size=(n, 2)))
    y = x @ [1.0, 2.0, 3.0] + rng.normal(size=n)
    event = (x @ [0.0, 0.5, 0.5] + rng.normal(scale=2.0, size=n) > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"ols": sm.OLS(y, x).fit().summary(),
                "ols2": sm.OLS(y, x).fit().summary2(),
                "logit": sm.Logit(event, x).fit(disp=0).summary(),
                "glm": sm.GLM(event, x, family=sm.families.Binomial()).fit().summary(),
                "separated": sm.Logit((y > y.mean()).astype(int), x).fit(disp=0).summary()}


@pytest.mark.parametrize("kind", ["ols", "ols2", "logit", "glm"])
def test_statsmodels_summary_with_enough_dof_passes(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "model.txt"
    path.write_text(str(_fits(60)[kind]), encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert result.findings == [] and result.outputs[0].kind == "model"


@pytest.mark.parametrize("kind", ["ols", "ols2", "logit", "glm"])
def test_statsmodels_summary_with_few_dof_fails(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "model.txt"
    path.write_text(str(_fits(12)[kind]), encoding="utf-8")  # 12 records, 3 parameters: 9 dof
    assert findings_of(sdc.check(path, POLICY)) == {("SDC301", "model.txt", None)}


def test_summary_with_nhs_numbers_and_dates_of_birth_appended(tmp_path: Path) -> None:
    """Issue 12 channel 1: a summary .txt with a patient list pasted under it must not pass."""
    text = str(_fits(60)["ols"]) + (
        "\n\nnhs_number,dob\n943 476 5919,1984-03-02\n401 023 2137,1990-11-17\n")
    path = tmp_path / "model.txt"
    path.write_text(text, encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert result.status.value == "fail"
    found = findings_of(result)
    assert ("SDC602", "model.txt", None) in found  # the lines beyond the summary are named
    assert {f.rule for f in result.findings} >= {"SDC602", "SDC604"}
    named = next(f for f in result.findings if f.rule == "SDC602" and f.related)
    last = len(text.splitlines())
    assert [loc.cell for loc in named.related] == [f"A{n}" for n in range(last - 2, last + 1)]


def test_a_single_appended_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "model.txt"
    path.write_text(str(_fits(60)["logit"]) + "\nsmallest group: 3 patients\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert result.status.value == "review"
    # named in the summary (the extra text is also re-read as words)
    assert ("SDC602", "model.txt", None) in findings_of(result, {"SDC602"})


def test_statsmodels_quasi_separation_warning_is_named(tmp_path: Path) -> None:
    """statsmodels appends a note when some records are perfectly predicted: a person looks.
    Its coefficients diverged (the intercept 203.6 with a standard error of 2.88e+04): SDC102
    names it at the intercept's line too (models2; a zero or a perfect prediction)."""
    text = str(_fits(30)["separated"])
    assert "separation" in text
    assert text.splitlines()[12].startswith("const        203.6463   2.88e+04")
    path = tmp_path / "model.txt"
    path.write_text(text, encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC602", "model.txt", None),
                                   ("SDC102", "model.txt", "A13")}


def test_a_statsmodels_summary_without_df_residuals_is_unassessable(tmp_path: Path) -> None:
    lines = [ln for ln in str(_fits(60)["ols"]).splitlines() if "Df Residuals" not in ln]
    path = tmp_path / "model.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC301", "model.txt", None)}
    assert result.status.value == "review"


R_LM = """
Call:
lm(formula = los ~ age, data = cohort)

Residuals:
    Min      1Q  Median      3Q     Max
-1.0740 -0.4876  0.0120  0.4416  1.3080

Coefficients:
            Estimate Std. Error t value Pr(>|t|)
(Intercept)  1.01234    0.12345   8.200 1.23e-09 ***
age          2.00123    0.04567  43.820  < 2e-16 ***
---
Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

Residual standard error: 0.6213 on {dof} degrees of freedom
Multiple R-squared:  0.9856,\tAdjusted R-squared:  0.9851
F-statistic:  1920 on 1 and {dof} DF,  p-value: < 2.2e-16
"""


def test_r_summary_lm_dof(tmp_path: Path) -> None:
    path = tmp_path / "lm.txt"
    path.write_text(R_LM.format(dof=8), encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result, {"SDC301"}) == {("SDC301", "lm.txt", None)}
    assert result.outputs[0].kind == "model"


def test_r_summary_residual_extremes_are_named(tmp_path: Path) -> None:
    """R prints the residuals' min and max: single records' values, for a person to see."""
    path = tmp_path / "lm.txt"
    path.write_text(R_LM.format(dof=28), encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC602", "lm.txt", None)}
    assert [loc.cell for loc in result.findings[0].related] == ["A6", "A7"]


STATA = """
      Source |       SS           df       MS      Number of obs   =        74
-------------+----------------------------------   F(2, 71)        =     66.79
       Model |  1595.93249         2  797.966246   Prob > F        =    0.0000
    Residual |  848.049348        {dof}  11.9443570   R-squared       =    0.6531
-------------+----------------------------------   Adj R-squared   =    0.6434
       Total |  2443.98184        73  33.4792033   Root MSE        =    3.4561

------------------------------------------------------------------------------
         mpg | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
-------------+----------------------------------------------------------------
      weight |  -.0065879   .0006371   -10.34   0.000    -.0078583   -.0053175
     foreign |  -1.650029   1.075994    -1.53   0.130      -3.7955    .4954422
       _cons |    41.6797   2.165547    19.25   0.000     37.36172    46.22214
------------------------------------------------------------------------------
"""


def test_stata_regress_dof(tmp_path: Path) -> None:
    path = tmp_path / "reg.txt"
    path.write_text(STATA.format(dof=71), encoding="utf-8")
    assert sdc.check(path, POLICY).findings == []
    path.write_text(STATA.format(dof=7), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC301", "reg.txt", None)}


def test_stata_regress_with_thousands_separators(tmp_path: Path) -> None:
    # Stata groups thousands in the ANOVA table and the header (``2,997``, ``3,000``): the
    # summary read whole (it was a reader crash, SDC602 review); the dof still decide. Each
    # line's MS is its SS over its df and F(2, d) repeats the Residual's dof, as Stata prints
    # them (round 38: a print whose numbers contradict each other is SDC301 review)
    big = STATA.format(dof="2,997").replace("=        74", "=     3,000").replace(
        "        73  33.4792033", "     2,999  .814932257").replace(
        "  11.9443570", "  .282966082").replace("F(2, 71) ", "F(2, 2997)")
    path = tmp_path / "reg.txt"
    path.write_text(big, encoding="utf-8")
    assert sdc.check(path, POLICY).findings == []
    path.write_text(big.replace("2,997", "7"), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC301", "reg.txt", None)}


STATA_LOGISTIC = """
Logistic regression                                     Number of obs = {obs}
                                                        LR chi2(1)    =  12.34
                                                        Prob > chi2   = 0.0004
Log likelihood = -2497.2278                             Pseudo R2     = 0.0025

------------------------------------------------------------------------------
      smoker | Odds ratio  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
         age |   1.005137   .0021343     2.41   0.016     1.000962    1.009329
       _cons |   .1804756   .0236846   -13.05   0.000     .1395395    .2334217
------------------------------------------------------------------------------
"""


def test_stata_logistic_dof_are_observations_less_coefficients(tmp_path: Path) -> None:
    # 5,000 observations, 2 coefficients: 4,998 residual dof; 12 observations: 10, and 11: 9
    path = tmp_path / "logistic.txt"
    path.write_text(STATA_LOGISTIC.format(obs="5,000"), encoding="utf-8")
    assert sdc.check(path, POLICY).findings == []
    path.write_text(STATA_LOGISTIC.format(obs="11"), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC301", "logistic.txt", None)}


def test_stata_logistic_with_a_line_appended_is_named(tmp_path: Path) -> None:
    path = tmp_path / "logistic.txt"
    path.write_text(STATA_LOGISTIC.format(obs="5,000") + "West: 3 smokers\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert ("SDC602", "logistic.txt", None) in findings_of(result)
    assert result.status.value != "pass"


def test_coefficient_csv_without_dof_source_is_review(tmp_path: Path) -> None:
    path = tmp_path / "coef.csv"
    path.write_text("term,coef,std err\nage,0.12,0.03\nsex,-0.4,0.11\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result, {"SDC301"}) == {("SDC301", "coef.csv", None)}
    assert result.status.value == "review"


def test_an_identifier_as_a_term_name_is_found(tmp_path: Path) -> None:
    """Fixed effects for a patient put identifiers in the term names."""
    text = str(_fits(60)["ols"]).replace("x1      ", "9434765919")
    assert "9434765919" in text
    path = tmp_path / "model.txt"
    path.write_text(text, encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert ("SDC604", "model.txt[text]") in {(f.rule, f.location.path + (
        f"[{f.location.sheet}]" if f.location.sheet else "")) for f in result.findings}
    assert result.status.value == "fail"


STATA_FACTORS = """. regress bmi age i.sex i.smoking

      Source |       SS           df       MS      Number of obs   =       200
-------------+----------------------------------   F(4, 195)       =      4.02
       Model |  71.4163474         4  17.8540869   Prob > F        =    0.0038
    Residual |  866.771643       {dof}  4.44498278   R-squared       =    0.0761
-------------+----------------------------------   Adj R-squared   =    0.0572
       Total |   938.18799       199  4.71451251   Root MSE        =    2.1083

-------------------------------------------------------------------------------
          bmi | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
--------------+----------------------------------------------------------------
          age |        .05        .02     2.50   0.013     .0105594    .0894406
              |
          sex |
       Female |          0  (base)
         Male |         .8         .3     2.67   0.008     .2083649    1.391635
              |
      smoking |
 Never smoked |          0  (base)
 Ex-smoker    |        .31        .35     0.89   0.376    -.3802554    1.000255
      Current |        .52        .41     1.27   0.206    -.2886026    1.328603
              |
        _cons |       22.1        1.2    18.42   0.000     19.73349    24.46651
-------------------------------------------------------------------------------
"""


def test_stata_regress_with_factor_variables_and_the_command(tmp_path: Path) -> None:
    """Stata's Results window as copied: the echoed command, factor variables' names over their
    levels, base levels printed as ``0  (base)``, labels with spaces. All of it is the model's
    (it was SDC602 review, naming the command and the factor's name as numbers)."""
    path = tmp_path / "reg.txt"
    path.write_text(STATA_FACTORS.format(dof=195), encoding="utf-8")
    assert sdc.check(path, POLICY).findings == []
    path.write_text(STATA_FACTORS.format(dof=7), encoding="utf-8")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC301", "reg.txt", None)}


def test_stata_echoed_command_holding_a_number_is_named(tmp_path: Path) -> None:
    """A line that looks like an echoed command but is none (``. 3 4 2``) is not the model's:
    named for review at its line (two prompts make the file a Stata log; it passed, command
    lines were skipped). A real command with a number in it (``if age>17``) is code."""
    path = tmp_path / "reg.txt"
    command = ". regress bmi age i.sex i.smoking"
    path.write_text(STATA_FACTORS.format(dof=195).replace(
        command, f"{command} if age>17\n. 3 4 2"), encoding="utf-8")
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC602", "reg.txt", None)}
    assert result.findings[0].evidence["places"] == ["line 2"]
