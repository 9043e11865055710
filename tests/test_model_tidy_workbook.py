"""broom's ``tidy()`` and ``glance()`` of one model saved as two sheets of one workbook
(``writexl::write_xlsx(list(tidy = tidy(fit), glance = glance(fit)), "model.xlsx")``; issue
12, round 16, models3). The sheets are told apart by their columns, not their names, and
linked as a tidy/glance pair of CSVs is (``sdc/readers/model_companions.py``): the glance
row's dof, and, for a glm, ``nobs`` for the counts its coefficients give back. Before, the
workbook was SDC301/SDC602 ``review`` and the 4 exposed cases were not read. R is not
installed here: the sheets are written with openpyxl as writexl lays them out (a header row,
numbers as numbers, no row names), with statsmodels' numbers of the same fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_counts import _binary, _fit

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})
GLM_GLANCE = ["null.deviance", "df.null", "logLik", "AIC", "BIC", "deviance", "df.residual",
              "nobs"]


def _workbook(path: Path, fit, glance: list[tuple[str, float]], names=("tidy", "glance"),
              tidy_sheets: int = 1) -> Path:
    path.parent.mkdir(parents=True)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = names[0]
    sheets = [first] + [book.create_sheet(f"{names[0]}{k}") for k in range(1, tidy_sheets)]
    for sheet in sheets:
        sheet.append(["term", "estimate", "std.error", "statistic", "p.value"])
        for term in fit.params.index:
            sheet.append(["(Intercept)" if term == "const" else term, float(fit.params[term]),
                          float(fit.bse[term]), float(fit.tvalues[term]),
                          float(fit.pvalues[term])])
    row = book.create_sheet(names[1])
    row.append([name for name, _ in glance])
    row.append([value for _, value in glance])
    book.save(path)
    return path.parent


def _glm_glance(fit) -> list[tuple[str, float]]:
    return list(zip(GLM_GLANCE, [float(fit.null_deviance), int(fit.nobs) - 1, float(fit.llf),
                                 float(fit.aic), float(fit.bic_llf), float(fit.deviance),
                                 int(fit.df_resid), int(fit.nobs)], strict=True))


def test_a_glm_workbook_gives_the_counts_back(tmp_path: Path) -> None:
    """4 exposed cases: SDC101 at the exposure's term (A3 of the tidy sheet); the safe twin
    (14 exposed cases) passes, its dof from the glance sheet."""
    fit = _fit("glm", _binary([(30, 130), (4, 36)]))
    result = sdc.check(_workbook(tmp_path / "a" / "model.xlsx", fit, _glm_glance(fit)), POLICY)
    assert findings_of(result) == {("SDC101", "model.xlsx[tidy]", "A3")}
    assert result.status.value == "fail"
    assert "the cases of the group of term 'exposed'" in result.findings[0].message
    safe = _fit("glm", _binary([(30, 130), (14, 26)]))
    result = sdc.check(_workbook(tmp_path / "b" / "model.xlsx", safe, _glm_glance(safe)), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_sheets_are_told_apart_by_their_columns(tmp_path: Path) -> None:
    """Sheets named ``Sheet1``/``Sheet2`` (openxlsx's default): linked the same way."""
    fit = _fit("glm", _binary([(30, 130), (4, 36)]))
    folder = _workbook(tmp_path / "a" / "model.xlsx", fit, _glm_glance(fit),
                       names=("Sheet1", "Sheet2"))
    assert findings_of(sdc.check(folder, POLICY)) == {("SDC101", "model.xlsx[Sheet1]", "A3")}


def test_two_tidy_sheets_beside_one_glance_are_not_linked(tmp_path: Path) -> None:
    """Which tidy sheet the glance row is of is a guess: nothing linked, as before (SDC301
    review at the tidy sheets)."""
    fit = _fit("glm", _binary([(30, 130), (4, 36)]))
    result = sdc.check(_workbook(tmp_path / "a" / "model.xlsx", fit, _glm_glance(fit),
                                 tidy_sheets=2), POLICY)
    # not linked; each tidy sheet alone proves its 4 exposed cases (round 52,
    # ``sdc.whole_counts``: whole to the printed precision)
    assert findings_of(result, {"SDC101"}) == {("SDC101", "model.xlsx[tidy]", "A3"),
                                              ("SDC101", "model.xlsx[tidy1]", "A3")}
    assert ("SDC301", "model.xlsx[tidy]", None) in findings_of(result)
    assert result.status.value == "fail"


def test_a_linear_model_workbook_gets_its_dof(tmp_path: Path) -> None:
    """``lm`` of a continuous covariate: the glance sheet's df.residual is the dof (12 people:
    9 dof, SDC301 fail; 5,000: pass), no counts (no null.deviance: not a glm)."""
    for n, expected in ((12, "fail"), (5000, "pass")):
        rng = np.random.default_rng(2)
        x = pd.DataFrame(rng.normal(size=(n, 2)), columns=["age", "bmi"])
        fit = sm.OLS(x["age"] + 2 * x["bmi"] + rng.normal(size=n), sm.add_constant(x)).fit()
        glance = list(zip(["r.squared", "adj.r.squared", "sigma", "statistic", "p.value", "df",
                           "logLik", "AIC", "BIC", "deviance", "df.residual", "nobs"],
                          [float(fit.rsquared), float(fit.rsquared_adj), float(np.sqrt(fit.scale)),
                           float(fit.fvalue), float(fit.f_pvalue), int(fit.df_model),
                           float(fit.llf), float(fit.aic), float(fit.bic), float(fit.ssr),
                           int(fit.df_resid), n], strict=True))
        result = sdc.check(_workbook(tmp_path / str(n) / "model.xlsx", fit, glance), POLICY)
        assert result.status.value == expected, findings_of(result)
        if expected == "fail":
            assert findings_of(result, {"SDC301"}) >= {("SDC301", "model.xlsx[tidy]", None)}
