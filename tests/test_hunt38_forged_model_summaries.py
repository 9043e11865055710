"""Round 38 (hunt38): a model summary whose residual dof were written over passed.

SDC301 read a model's residual dof from its summary alone. A model fitted on 13 records (9
residual dof: ``fail``) passed once its ``Df Residuals: 9`` was edited to 1000, in
statsmodels' text, ``summary2()`` and ``as_csv()`` prints, in ACRO's CSV blocks and
workbook (the record's dof edited to match), in R's ``summary.lm`` and ``summary.glm`` and in
Stata's ``regress``. Now the numbers each package prints beside the dof must agree with them
(``sdc.model_facts_agree``), or SDC301 is ``review`` naming the disagreement. Each forged
print passes on main; each real print (the twin) keeps main's findings.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc
from sdc.policy import build_policy
from tests import release_modes
from tests.test_model_counts_gaussian import r_summary_lm
from tests.test_model_text import STATA

jobs = release_modes.jobs
POLICY = build_policy({})
CORPUS = Path(__file__).parent / "corpus" / "acro"
FORGED = ("SDC301", "review")


def _data(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(38)
    d = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n),
                      "u": rng.normal(size=n)})
    d["y"] = d.x + rng.normal(size=n)
    d["b"] = rng.integers(0, 2, n)
    return d


def _ols(n: int):  # a statsmodels result
    return smf.ols("y ~ x + z + u", _data(n)).fit()


def _edit(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each (old, new) replaced once, the widths kept (a hand edit)."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new.rjust(len(old)) if len(new) < len(old) else new, 1)
    return text


def _set(text: str, key: str, value: str) -> str:
    """``text`` with the value printed beside ``key:`` replaced, right-aligned where it was."""
    found = re.search(rf"{re.escape(key)}:(\s+)(\S+)", text)
    assert found is not None, key
    width = len(found.group(1)) + len(found.group(2))
    return text[:found.start(1)] + value.rjust(width) + text[found.end(2):]


def _findings(root: Path) -> set[tuple[str, str, str, str | None]]:
    result = sdc.check(root, POLICY)
    return {(o.path, f.rule, f.status.value, f.location.cell) for o in result.outputs
            for f in o.findings}


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


# statsmodels' print of an OLS on 13 records: 9 residual dof
SMALL = str(_ols(13).summary())
DOF_ONLY = (("Df Residuals:                       9", "Df Residuals:                    1000"),)
WITH_OBS = (*DOF_ONLY,
            ("No. Observations:                  13", "No. Observations:                1004"))


@pytest.mark.parametrize("changes", [DOF_ONLY, WITH_OBS], ids=["dof", "dof-and-observations"])
def test_statsmodels_text_with_its_dof_written_over_is_review(tmp_path: Path, jobs: int,
                                                              changes) -> None:
    root = _write(tmp_path / "r", "model.txt", _edit(SMALL, *changes))
    _write(root, "safe.txt", str(_ols(40).summary()))  # two outputs: -j 2 reads in a worker
    assert release_modes.found(root, jobs) == (
        "review", {"model.txt": "review", "safe.txt": "pass"}, {("model.txt", *FORGED, None)})


def test_statsmodels_text_real_prints_keep_their_findings(tmp_path: Path, jobs: int) -> None:
    small = _write(tmp_path / "small", "model.txt", SMALL)
    assert release_modes.found(small, jobs) == (
        "fail", {"model.txt": "fail"}, {("model.txt", "SDC301", "fail", None)})
    safe = _write(tmp_path / "safe", "model.txt", str(_ols(40).summary()))
    assert release_modes.found(safe, jobs) == ("pass", {"model.txt": "pass"}, set())


def test_every_related_number_must_be_edited_together(tmp_path: Path) -> None:
    """The bar raised: with the observations raised too, AIC and BIC betray it; with BIC
    made to fit, the Adj. R-squared; with that made to fit, the F-statistic. Each review."""
    fit = _ols(13)
    bic = -2 * fit.llf + 4 * np.log(1004)
    adj = 1 - (1 - fit.rsquared) * 1003 / 1000
    text = _edit(SMALL, *WITH_OBS)
    for k, (named, change) in enumerate([
            ("AIC", ("BIC", f"{bic:.2f}")), ("Adj. R-squared", ("Adj. R-squared", f"{adj:.3f}")),
            ("F-statistic", None)]):
        result = sdc.check(_write(tmp_path / str(k), "model.txt", text), POLICY)
        assert [(f.rule, f.status.value) for f in result.findings] == [FORGED]
        assert f"summary's {named}" in result.findings[0].message
        text = _set(text, *change) if change else text


def test_summary2_and_as_csv_prints(tmp_path: Path) -> None:
    fit = _ols(13)
    two = str(fit.summary2())
    forged_two = two.replace("Df Residuals:       9", "Df Residuals:    1000", 1)
    assert forged_two != two
    csv = fit.summary().as_csv()
    forged_csv = re.sub(r"(Df Residuals:\s*,\s*)9\b", r"\g<1>1000", csv, count=1)
    assert forged_csv != csv
    for name, real, forged in [("two.txt", two, forged_two), ("model.csv", csv, forged_csv)]:
        assert _findings(_write(tmp_path / f"real-{name}", name, real)) == {
            (name, "SDC301", "fail", None)}
        assert _findings(_write(tmp_path / f"forged-{name}", name, forged)) == {
            (name, *FORGED, None)}


def test_logit_with_its_dof_written_over(tmp_path: Path) -> None:
    text = str(smf.logit("b ~ x + z + u", _data(13)).fit(disp=0).summary())
    assert _findings(_write(tmp_path / "real", "logit.txt", text)) == {
        ("logit.txt", "SDC301", "fail", None)}
    forged = _edit(text, ("Df Residuals:                        9",
                          "Df Residuals:                     1000"))
    assert _findings(_write(tmp_path / "forged", "logit.txt", forged)) == {
        ("logit.txt", *FORGED, None)}


def test_r_summary_lm_and_glm(tmp_path: Path, jobs: int) -> None:
    small = r_summary_lm(_ols(13), "lm(formula = y ~ x + z + u, data = d)")
    forged = small.replace("on 9 degrees of freedom", "on 1000 degrees of freedom")
    root = _write(tmp_path / "lm", "lm.txt", forged)
    status, _, found = release_modes.found(root, jobs)
    # (summary.lm prints the residuals' quantiles: SDC602 review, as on main)
    assert (status, found) == ("review", {("lm.txt", *FORGED, None),
                                          ("lm.txt", "SDC602", "review", None)})
    safe = _write(tmp_path / "safe", "lm.txt", r_summary_lm(
        _ols(40), "lm(formula = y ~ x + z + u, data = d)"))
    assert release_modes.found(safe, jobs)[2] == {("lm.txt", "SDC602", "review", None)}
    glm = GLM.format(null=12, resid=9)
    assert _findings(_write(tmp_path / "glm", "glm.txt", glm)) == {
        ("glm.txt", "SDC301", "fail", None)}
    assert _findings(_write(tmp_path / "glm-forged", "glm.txt", GLM.format(
        null=12, resid=1000))) == {("glm.txt", *FORGED, None)}
    assert _findings(_write(tmp_path / "glm-safe", "glm.txt", GLM.format(
        null=39, resid=36))) == set()


GLM = """
Call:
glm(formula = died ~ age + sex + smoker, family = binomial, data = cohort)

Coefficients:
            Estimate Std. Error z value Pr(>|z|)
(Intercept)  -2.1234     0.8123  -2.614  0.00895 **
age           0.0312     0.0101   3.089  0.00201 **
sexM          0.4123     0.3012   1.369  0.17100
smoker        0.8123     0.3123   2.601  0.00929 **
---
Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

(Dispersion parameter for binomial family taken to be 1)

    Null deviance: 17.995  on {null}  degrees of freedom
Residual deviance: 12.345  on {resid}  degrees of freedom
AIC: 20.345

Number of Fisher Scoring iterations: 4
"""

# Stata's regress on 10 records (7 residual dof), every line's MS its SS over its df
STATA_SMALL = (STATA.replace("Number of obs   =        74", "Number of obs   =        10")
               .replace("F(2, 71)        =     66.79", "F(2, 7)         =      6.59")
               .replace("{dof}  11.9443570", "  7  121.149907")
               .replace("73  33.4792033", " 9  271.553538"))


def test_stata_regress_with_its_dof_written_over(tmp_path: Path, jobs: int) -> None:
    assert _findings(_write(tmp_path / "real", "reg.txt", STATA_SMALL)) == {
        ("reg.txt", "SDC301", "fail", None)}
    forged = STATA_SMALL.replace("  7  121.149907", " 71  121.149907")
    root = _write(tmp_path / "forged", "reg.txt", forged)
    assert release_modes.found(root, jobs) == (
        "review", {"reg.txt": "review"}, {("reg.txt", *FORGED, None)})
    # every ANOVA number made to fit, F(2, 7) left: still review
    fitted = (forged.replace("121.149907", "11.9443570").replace("   9  271.553538",
                                                                  "  73  33.4792033")
              .replace("=        10", "=        74"))
    assert _findings(_write(tmp_path / "fitted", "reg.txt", fitted)) == {
        ("reg.txt", *FORGED, None)}
    assert _findings(_write(tmp_path / "safe", "reg.txt", STATA.format(dof=71))) == set()


def _acro(tmp_path: Path, dof: int | None) -> Path:
    """The corpus's real ACRO session with its OLS's printed and recorded dof set to
    ``dof`` (None: as ACRO wrote them)."""
    folder = tmp_path / "session"
    shutil.copytree(CORPUS / "safe", folder)
    if dof is not None:
        block = folder / "output_1_0.csv"
        block.write_text(block.read_text(encoding="utf-8").replace(
            "Df Residuals:,598", f"Df Residuals:,{dof}"), encoding="utf-8")
        results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        results["results"]["output_1"]["properties"]["dof"] = dof
        (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
        for name in ("output_1_0.csv", "results.json"):  # the checksums rewritten too
            (folder / "checksums" / f"{name}.txt").write_text(
                hashlib.sha256((folder / name).read_bytes()).hexdigest(), encoding="utf-8")
    return folder


def test_acro_blocks_with_summary_and_record_written_over(tmp_path: Path, jobs: int) -> None:
    """ACRO's OLS on 600 records, its summary block's and record's dof both set to 1000 (they
    agree, so main passed): No. Observations 600 leave no room for them. Every file of the
    model is review; the session as ACRO wrote it passes (the twin)."""
    model = {"output_1_0.csv", "output_1_1.csv", "output_1_2.csv"}
    status, statuses, found = release_modes.found(_acro(tmp_path / "f", 1000), jobs)
    assert {f for f in found if f[0] in model} == {(name, *FORGED, None) for name in model}
    assert status == "review"
    status, statuses, found = release_modes.found(_acro(tmp_path / "r", None), jobs)
    assert {f for f in found if f[0] in model} == set()
    assert {statuses[name] for name in model} == {"pass"}


def test_acro_workbook_with_summary_and_record_written_over(tmp_path: Path) -> None:
    folder = tmp_path / "xlsx"
    shutil.copytree(CORPUS / "logit_exposure_safe_xlsx", folder)
    real = sdc.check(folder, POLICY)
    sheet = next(o for o in real.outputs if o.sheet == "output_0")
    assert [f.rule for f in sheet.findings] == []
    book = openpyxl.load_workbook(folder / "results.xlsx")
    ws = book["output_0"]
    assert ws["C6"].value == "Df Residuals:"
    ws["D6"] = 1000
    for row in ws.iter_rows():  # the record above the table: its dof too
        for cell in row:
            if isinstance(cell.value, str) and "dof=198" in cell.value:
                cell.value = cell.value.replace("dof=198", "dof=1000")
    book.save(folder / "results.xlsx")
    forged = sdc.check(folder, POLICY)
    sheet = next(o for o in forged.outputs if o.sheet == "output_0")
    assert [(f.rule, f.status.value) for f in sheet.findings] == [FORGED]
    assert "No. Observations 200" in sheet.findings[0].message


# the smallest fits (12 records) are real too: statsmodels warns that a negative binomial's
# Hessian will not invert there, and prints its summary all the same
@pytest.mark.filterwarnings("ignore:Inverting hessian failed",
                            "ignore:invalid value encountered in log")
def test_what_each_package_prints_agrees_in_real_fits() -> None:
    """No disagreement in statsmodels' own prints of many models (their sizes and shapes
    varied), summary() and summary2() alike; the honest exceptions are review."""
    for n in (12, 40, 3000):
        d = _data(n)
        d["g"] = np.array(list("abc"))[np.arange(n) % 3]
        d["m"] = np.arange(n) % 3
        d["c"] = np.random.default_rng(n).poisson(2, n)
        fits = [smf.ols("y ~ x + g", d).fit(), smf.ols("y ~ x + z - 1", d).fit(),
                smf.ols("y ~ x", d).fit(cov_type="HC1"), smf.wls("y ~ x", d).fit(),
                smf.logit("b ~ x + g", d).fit(disp=0), smf.probit("b ~ x", d).fit(disp=0),
                smf.poisson("c ~ x", d).fit(disp=0),
                smf.negativebinomial("c ~ x", d).fit(disp=0),
                smf.mnlogit("m ~ x", d).fit(disp=0), smf.quantreg("y ~ x", d).fit()]
        for fit in fits:
            for text in (str(fit.summary()), str(fit.summary2())):
                parsed = sdc.readers.model_text.parse_model_text(text)
                assert parsed is not None and parsed.disagreements == [], text


def test_the_counts_rules() -> None:
    from sdc.model_facts_agree import grid_disagreement, statsmodels_disagreement

    facts = {"no. observations": "13", "df model": "3", "df residuals": "9"}
    terms = ["Intercept", "x", "z", "u"]
    assert statsmodels_disagreement(facts, terms) is None
    assert statsmodels_disagreement({**facts, "df residuals": "10"}, terms[1:]) is None
    assert "not Df Model plus a constant" in str(
        statsmodels_disagreement({**facts, "df residuals": "8"}, None))
    assert "prints 3 rows" in str(statsmodels_disagreement(facts, ["Intercept", "z", "u"]))
    # the intercept row taken out: one row fewer, read all the same
    assert statsmodels_disagreement(facts, terms[1:]) is None
    assert "prints 2 rows" in str(statsmodels_disagreement(facts, terms[2:]))
    assert statsmodels_disagreement({**facts, "model": "NegativeBinomial"},
                                    [*terms, "alpha"]) is None
    assert grid_disagreement([["No. Observations:", "13"], ["Df Residuals:", "9"],
                              ["Df Model:", "3"], ["Df Residuals:", "1000"]]) is not None
