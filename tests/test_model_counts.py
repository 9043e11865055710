"""A model on one categorical predictor is a table in another form (issue 12; the output-checking
guides: ONS/SDAP, the SDC handbook's chapter on models). Its printed coefficients and standard
errors give each group's counts back (``sdc.model_counts``); SDC101 judges them at the
coefficient's line with the policy's threshold. Prints are written by statsmodels itself; R's
``summary(glm(...))`` and Stata's ``logit``/``logistic``/``poisson`` are laid out as those tools
print them, with the numbers of the same fit (statsmodels'), formatted as they format them."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.model_counts import (
    Coefficient,
    ModelCount,
    printed,
    probit_cases,
    recovered_counts,
)
from sdc.policy import build_policy
from tests.conftest import findings_of

sm = pytest.importorskip("statsmodels.api")
smf = pytest.importorskip("statsmodels.formula.api")
POLICY = build_policy({})


def _binary(groups: list[tuple[int, int]]) -> pd.DataFrame:
    """People of groups ``g0`` (the reference), ``g1``... with (cases, non-cases) each."""
    y: list[float] = []
    g: list[int] = []
    for k, (cases, others) in enumerate(groups):
        y += [1.0] * cases + [0.0] * others
        g += [k] * (cases + others)
    return pd.DataFrame({"case": y, "g": g})


def _dummies(frame: pd.DataFrame) -> pd.DataFrame:
    levels = sorted(frame["g"].unique())[1:]
    x = pd.DataFrame({("exposed" if len(levels) == 1 else f"g{k}"): (frame["g"] == k).astype(float)
                      for k in levels})
    return sm.add_constant(x)


def _fit(kind: str, frame: pd.DataFrame, outcome: str = "case"):
    x, y = _dummies(frame), frame[outcome]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind == "logit":
            return sm.Logit(y, x).fit(disp=0)
        if kind == "probit":
            return sm.Probit(y, x).fit(disp=0)
        if kind == "glm":
            return sm.GLM(y, x, family=sm.families.Binomial()).fit()
        if kind == "glm-probit":
            return sm.GLM(y, x, family=sm.families.Binomial(sm.families.links.Probit())).fit()
        if kind == "poisson":
            return sm.Poisson(y, x).fit(disp=0)
        if kind == "glm-poisson":
            return sm.GLM(y, x, family=sm.families.Poisson()).fit()
    raise ValueError(kind)


def _write(tmp_path: Path, text: str, name: str = "model.txt") -> Path:
    folder = tmp_path / "release"
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _line_of(text: str, start: str) -> int:
    """The 1-based line of the coefficient row whose term is ``start``."""
    return next(i for i, line in enumerate(text.splitlines(), 1)
                if line.split("|")[0].strip() == start or line.startswith(start + " "))


LOGIT_4 = [(30, 130), (4, 36)]  # the handbook's 2x2: 4 exposed cases
LOGIT_SAFE = [(30, 70), (40, 60)]


@pytest.mark.parametrize("kind", ["logit", "glm"])
@pytest.mark.parametrize("summary", ["summary", "summary2"])
def test_statsmodels_logit_on_one_binary_exposure_fails_at_its_row(
        tmp_path: Path, kind: str, summary: str) -> None:
    text = str(getattr(_fit(kind, _binary(LOGIT_4)), summary)())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert result.status.value == "fail"
    (finding,) = result.findings
    assert "the cases of the group of term 'exposed'" in finding.message
    assert "are 4: below the threshold 10" in finding.message
    assert finding.public_message == ("a group's cases worked out from the model's "
                                      "coefficients are below the threshold 10")


def test_a_summary_saved_as_csv(tmp_path: Path) -> None:
    """``summary().as_csv()``: the blocks with commas between cells, read by the same parser;
    the exposure's row is the file's line 11."""
    text = _fit("logit", _binary(LOGIT_4)).summary().as_csv()
    assert text.splitlines()[10].startswith("exposed,")
    result = sdc.check(_write(tmp_path / "a", text, "logit.csv"), POLICY)
    assert findings_of(result) == {("SDC101", "logit.csv", "A11")}
    safe = _fit("logit", _binary(LOGIT_SAFE)).summary().as_csv()
    assert sdc.check(_write(tmp_path / "b", safe, "logit.csv"), POLICY).findings == []


@pytest.mark.parametrize("kind", ["logit", "glm"])
def test_the_safe_twin_passes(tmp_path: Path, kind: str) -> None:
    text = str(_fit(kind, _binary(LOGIT_SAFE)).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_the_threshold_is_the_policys(tmp_path: Path) -> None:
    text = str(_fit("logit", _binary(LOGIT_4)).summary())
    folder = _write(tmp_path, text)
    assert sdc.check(folder, build_policy(
        {"rules": {"small-count": {"threshold": 4}}})).findings == []
    assert findings_of(sdc.check(folder, build_policy(
        {"rules": {"small-count": {"threshold": 5}}}))) == {("SDC101", "model.txt", "A14")}


def test_the_formula_api_and_a_three_level_factor(tmp_path: Path) -> None:
    """``C(g)`` with three levels: a saturated model on one factor; level 2 has 6 non-cases."""
    frame = _binary([(40, 60), (25, 35), (30, 6)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(smf.logit("case ~ C(g)", frame).fit(disp=0).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'C(g)[T.2]')}")}
    assert "the non-cases of the group of term 'C(g)[T.2]'" in result.findings[0].message


def test_a_continuous_covariate_is_unchanged(tmp_path: Path) -> None:
    """The print does not say the covariate is binary: with a continuous one the numbers do
    not add up to the observations, so nothing is read (the verdict is the dof's)."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(1.5 - 0.8 * x))).astype(float)
    fit = sm.Logit(y, sm.add_constant(pd.Series(x, name="age"))).fit(disp=0)
    text = str(fit.summary())
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []
    from sdc.readers.model_text import parse_model_text
    parsed = parse_model_text(text)
    assert parsed is not None and parsed.kind == "binomial-logit"
    assert len(parsed.coefficients) == 2 and parsed.observations == 200
    assert recovered_counts("binomial-logit", 200, parsed.coefficients) == []


def test_two_binary_covariates_are_not_one_factor(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    x = pd.DataFrame({"male": rng.integers(0, 2, 300).astype(float),
                      "smoker": rng.integers(0, 2, 300).astype(float)})
    y = (rng.random(300) < 0.2 + 0.2 * x["male"] + 0.1 * x["smoker"]).astype(float)
    text = str(sm.Logit(y, sm.add_constant(x)).fit(disp=0).summary())
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def test_robust_standard_errors_are_read_as_a_doubt(tmp_path: Path) -> None:
    """A logit saturated on one factor has robust (HC0) variances equal to its model-based
    ones, so its 4 exposed cases are there to read: the print's ``HC0`` makes them SDC101
    ``review``, where they passed unread (Hunt round 17, insider pass). The safe twin passes."""
    def text_of(groups: list[tuple[int, int]]) -> str:
        frame = _binary(groups)
        return str(sm.Logit(frame["case"], _dummies(frame)).fit(
            disp=0, cov_type="HC0").summary())

    text = text_of(LOGIT_4)
    assert "HC0" in text
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert {(f.rule, f.location.cell, f.status.value) for f in result.findings} == {
        ("SDC101", f"A{_line_of(text, 'exposed')}", "review")}
    assert "'Covariance Type: HC0'" in result.findings[0].message
    assert sdc.check(_write(tmp_path / "b", text_of(LOGIT_SAFE)), POLICY).findings == []


def _counts(groups: list[tuple[int, int]]) -> pd.DataFrame:
    """People of groups with (people, events) each: events spread one a person, then two."""
    y: list[float] = []
    g: list[int] = []
    for k, (people, events) in enumerate(groups):
        each = [0] * people
        for i in range(events):
            each[i % people] += 1
        y += [float(v) for v in each]
        g += [k] * people
    return pd.DataFrame({"case": y, "g": g})


@pytest.mark.parametrize("kind", ["poisson", "glm-poisson"])
def test_poisson_pair(tmp_path: Path, kind: str) -> None:
    """exp(b) are the groups' events per person and se^2 = 1/events: 6 events among the 40
    exposed fail at the exposure's row; with 30 they pass."""
    text = str(_fit(kind, _counts([(160, 75), (40, 6)])).summary())
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    (finding,) = result.findings
    assert "the events of the group of term 'exposed'" in finding.message
    assert "are 6: below the threshold 10" in finding.message
    safe = str(_fit(kind, _counts([(160, 75), (40, 30)])).summary())
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_poisson_few_people_with_many_events(tmp_path: Path) -> None:
    text = str(_fit("poisson", _counts([(160, 75), (5, 12)])).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert "the people of the group of term 'exposed'" in result.findings[0].message
    assert "are 5: below" in result.findings[0].message


def test_poisson_with_an_offset_is_unchanged(tmp_path: Path) -> None:
    """With an offset exp(b) are rates: the groups' people do not add up, nothing is read."""
    frame = _counts([(160, 75), (40, 6)])
    exposure = np.random.default_rng(5).uniform(0.5, 3.0, len(frame))
    fit = sm.GLM(frame["case"], _dummies(frame), family=sm.families.Poisson(),
                 exposure=exposure).fit()
    assert sdc.check(_write(tmp_path, str(fit.summary())), POLICY).findings == []


def _r_number(value: float) -> str:
    return f"{value:.4f}"


def _r_glm(fit, call: str, family: str) -> str:
    """``summary(glm(...))`` as R (>= 4.3) prints it, with this fit's numbers."""
    rows = "\n".join(
        f"{('(Intercept)' if term == 'const' else term):<12}{_r_number(b):>9}{_r_number(se):>11}"
        f"{t:>8.3f}{p:>9.3g}"
        for term, b, se, t, p in zip(fit.params.index, fit.params, fit.bse, fit.tvalues,
                                     fit.pvalues, strict=True))
    return f"""
Call:
{call}

Coefficients:
            Estimate Std. Error z value Pr(>|z|)
{rows}
---
Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1

(Dispersion parameter for {family} family taken to be 1)

    Null deviance: {fit.null_deviance:.2f}  on {int(fit.nobs) - 1}  degrees of freedom
Residual deviance: {fit.deviance:.2f}  on {int(fit.df_resid)}  degrees of freedom
AIC: {fit.aic:.2f}

Number of Fisher Scoring iterations: 4
"""


def test_r_glm_binomial(tmp_path: Path) -> None:
    fit = _fit("glm", _binary(LOGIT_4))
    text = _r_glm(fit, "glm(formula = case ~ exposed, family = binomial, data = d)", "binomial")
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert "are 4: below the threshold 10" in result.findings[0].message
    safe = _r_glm(_fit("glm", _binary(LOGIT_SAFE)),
                  "glm(formula = case ~ exposed, family = binomial, data = d)", "binomial")
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_r_glm_poisson(tmp_path: Path) -> None:
    fit = _fit("glm-poisson", _counts([(160, 75), (40, 6)]))
    text = _r_glm(fit, "glm(formula = case ~ exposed, family = poisson, data = d)", "poisson")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}


@pytest.mark.parametrize("call", [
    'glm(formula = case ~ exposed, family = binomial(link = "cloglog"), data = d)',
    'glm(formula = case ~ exposed, family = binomial("cauchit"), data = d)'])
def test_r_glm_with_another_link_is_not_read(tmp_path: Path, call: str) -> None:
    """The numbers are the logit's, but the call names another link: not read as a table."""
    text = _r_glm(_fit("glm", _binary(LOGIT_4)), call, "binomial")
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def _r_coarse(tmp_path: Path) -> sdc.RunResult:
    """``options(digits = 2)``: the reference group's 10 cases are known only as 9 to 17."""
    fit = _fit("glm", _binary([(10, 100), (60, 40)]))
    text = _r_glm(fit, "glm(formula = case ~ exposed, family = binomial, data = d)",
                  "binomial")
    b0, se0 = fit.params["const"], fit.bse["const"]
    text = text.replace(f"{_r_number(b0):>9}{_r_number(se0):>11}", f"{b0:>9.2f}{se0:>11.1f}")
    return sdc.check(_write(tmp_path, text), POLICY)


def test_a_count_the_rounding_leaves_uncertain_is_review(tmp_path: Path) -> None:
    result = _r_coarse(tmp_path)
    assert findings_of(result) == {("SDC101", "model.txt", "A7")}
    (finding,) = result.findings
    assert "the cases of the reference group" in finding.message
    assert "between 9 and 17: they may be below the threshold 10" in finding.message
    assert result.status.value == "review"


def _stata_number(value: float) -> str:
    """Stata's ``%9.0g``-like display: 7 significant digits, no leading zero."""
    text = f"{value:.7g}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _stata(fit, title: str, header: str, exponentiate: bool = False,
           robust: bool = False) -> str:
    """Stata's ``logit``/``logistic``/``poisson`` output with this fit's numbers."""
    terms = [t for t in fit.params.index if t != "const"] + ["const"]
    rows = []
    for term in terms:
        b, se, z, p = fit.params[term], fit.bse[term], fit.tvalues[term], fit.pvalues[term]
        est, err = (np.exp(b), np.exp(b) * se) if exponentiate else (b, se)
        name = "_cons" if term == "const" else term
        rows.append(f"{name:>12} | {_stata_number(est):>10} {_stata_number(err):>10}"
                    f"{z:>9.2f}{p:>8.3f}    {_stata_number(est - 1.96 * err):>9}"
                    f"  {_stata_number(est + 1.96 * err):>9}")
    robust_line = "             |               Robust\n" if robust else ""
    lr = f"LR chi2({int(fit.df_model)})"
    return f"""
{title:<56}Number of obs = {int(fit.nobs):>6}
                                                        {lr:<14}= {fit.llr:>6.2f}
                                                        Prob > chi2   = {fit.llr_pvalue:.4f}
Log likelihood = {fit.llf:.6f}                             Pseudo R2     = {fit.prsquared:.4f}

------------------------------------------------------------------------------
{robust_line}        case | {header}  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
""" + "\n".join(rows) + """
------------------------------------------------------------------------------
"""


@pytest.mark.parametrize(("header", "exponentiate"), [("Coefficient", False),
                                                      ("Odds ratio", True)])
def test_stata_logit_and_logistic(tmp_path: Path, header: str, exponentiate: bool) -> None:
    fit = _fit("logit", _binary(LOGIT_4))
    text = _stata(fit, "Logistic regression", header, exponentiate)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert "are 4: below the threshold 10" in result.findings[0].message
    safe = _stata(_fit("logit", _binary(LOGIT_SAFE)), "Logistic regression", header,
                  exponentiate)
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_stata_poisson_irr(tmp_path: Path) -> None:
    fit = _fit("poisson", _counts([(160, 75), (40, 6)]))
    text = _stata(fit, "Poisson regression", "IRR", exponentiate=True)
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}


def test_stata_robust_errors_are_read_as_a_doubt(tmp_path: Path) -> None:
    """A ``Robust`` header is the print's word: the numbers are read all the same, the 4
    exposed cases SDC101 ``review``; the safe twin passes."""
    text = _stata(_fit("logit", _binary(LOGIT_4)), "Logistic regression", "Coefficient",
                  robust=True)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert {(f.rule, f.location.cell, f.status.value) for f in result.findings} == {
        ("SDC101", f"A{_line_of(text, 'exposed')}", "review")}
    safe = _stata(_fit("logit", _binary(LOGIT_SAFE)), "Logistic regression", "Coefficient",
                  robust=True)
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_printed_intervals() -> None:
    assert printed("0.203") == pytest.approx((0.2025, 0.2035))
    assert printed("-.7308875") == pytest.approx((-0.73088755, -0.73088745))
    assert printed("1.5e-03") == pytest.approx((0.00145, 0.00155))
    assert printed("12") == pytest.approx((11.5, 12.5))
    assert printed("nan") is None and printed(".") is None


def test_the_intervals_of_the_handbook_table() -> None:
    """statsmodels prints the standard errors to 3 decimals: the reference group's 130
    non-cases are known as 129 or 130, the other cells exactly."""
    rows = [Coefficient(13, "const", "-1.4663", "0.203"),
            Coefficient(14, "exposed", "-0.7309", "0.565")]
    assert recovered_counts("binomial-logit", 200, rows) == [
        ModelCount(13, "const", "the reference group", "cases", 30, 30),
        ModelCount(13, "const", "the reference group", "non-cases", 129, 130),
        ModelCount(14, "exposed", "the group of term 'exposed'", "cases", 4, 4),
        ModelCount(14, "exposed", "the group of term 'exposed'", "non-cases", 36, 36)]
    # the printed digits allow 199 or 200 people, no fewer and no more
    assert recovered_counts("binomial-logit", 199, rows) != []
    assert recovered_counts("binomial-logit", 198, rows) == []
    assert recovered_counts("binomial-logit", 202, rows) == []
    assert recovered_counts("binomial-cloglog", 200, rows) == []
    # with no intercept the row is a group's own: 'exposed' alone is not 200 people
    assert recovered_counts("binomial-logit", 200, rows[1:]) == []


STATA_LOG_HEAD = """. logit case exposed

Iteration 0:   log likelihood = {null:.4f}
Iteration 1:   log likelihood = {fitted:.4f}
"""


def stata_log_head(fit) -> str:
    """``STATA_LOG_HEAD`` with the iterations of ``fit``: Stata's first is the constant-only
    model's log likelihood, which ``sdc.model_facts_agree`` ties to the LR test below it."""
    return STATA_LOG_HEAD.format(null=fit.llnull, fitted=fit.llf)


def test_a_stata_log(tmp_path: Path) -> None:
    """``log using analysis.log``: the command echoed and the iterations above the model; the
    finding is at the log's own line of the exposure's row."""
    fit = _fit("logit", _binary(LOGIT_4))
    text = stata_log_head(fit) + _stata(fit, "Logistic regression", "Coefficient")
    result = sdc.check(_write(tmp_path / "a", text, "analysis.log"), POLICY)
    assert findings_of(result) == {("SDC101", "analysis.log", "A14")}
    assert text.splitlines()[13].split("|")[0].strip() == "exposed"
    fit = _fit("logit", _binary(LOGIT_SAFE))
    safe = stata_log_head(fit) + _stata(fit, "Logistic regression", "Coefficient")
    assert sdc.check(_write(tmp_path / "b", safe, "analysis.log"), POLICY).findings == []


def test_an_r_console_log(tmp_path: Path) -> None:
    """``R CMD BATCH``'s .Rout: the prompt lines, then the glm summary."""
    call = "glm(formula = case ~ exposed, family = binomial, data = d)"
    head = "> fit <- glm(case ~ exposed, family = binomial, data = d)\n> summary(fit)\n"
    text = head + _r_glm(_fit("glm", _binary(LOGIT_4)), call, "binomial")
    result = sdc.check(_write(tmp_path / "a", text, "analysis.Rout"), POLICY)
    line = _line_of(text, "exposed")
    assert findings_of(result, {"SDC101"}) == {("SDC101", "analysis.Rout", f"A{line}")}
    safe = head + _r_glm(_fit("glm", _binary(LOGIT_SAFE)), call, "binomial")
    assert findings_of(sdc.check(_write(tmp_path / "b", safe, "analysis.Rout"), POLICY),
                       {"SDC101"}) == set()


@pytest.mark.parametrize("kind", ["probit", "glm-probit"])
def test_statsmodels_probit(tmp_path: Path, kind: str) -> None:
    """A probit fits p = Phi(eta) with v = p (1 - p) / (n phi(eta)^2): cases = n p."""
    text = str(_fit(kind, _binary(LOGIT_4)).summary())
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert "are 4: below the threshold 10" in result.findings[0].message
    safe = str(_fit(kind, _binary(LOGIT_SAFE)).summary())
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_r_and_stata_probit(tmp_path: Path) -> None:
    fit = _fit("glm-probit", _binary(LOGIT_4))
    text = _r_glm(fit, 'glm(formula = case ~ exposed, family = binomial(link = "probit"), '
                  'data = d)', "binomial")
    result = sdc.check(_write(tmp_path / "r", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    text = _stata(_fit("probit", _binary(LOGIT_4)), "Probit regression", "Coefficient")
    result = sdc.check(_write(tmp_path / "stata", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}


def test_probit_cases_rise_with_eta_where_read() -> None:
    """The intervals' ends come from the ends of eta's only if the cases are monotone in it:
    checked on a grid over the range read (|eta| <= 6)."""
    values = [probit_cases(i / 1000) for i in range(-6000, 6001)]
    assert all(a < b for a, b in itertools.pairwise(values))
    frame = _binary(LOGIT_4)  # and the formula gives the fit's counts back
    fit = _fit("probit", frame)
    b0, b1 = fit.params["const"], fit.params["exposed"]
    v0, v1 = fit.bse["const"] ** 2, fit.bse["exposed"] ** 2 - fit.bse["const"] ** 2
    assert probit_cases(b0) / v0 == pytest.approx(30, rel=1e-4)
    assert probit_cases(b0 + b1) / v1 == pytest.approx(4, rel=1e-4)


@pytest.mark.parametrize(("export", "name"), [("as_html", "logit.html"),
                                              ("as_latex", "logit.tex")])
def test_a_summary_exported_as_a_document(tmp_path: Path, export: str, name: str) -> None:
    """``summary().as_html()`` from a notebook, ``as_latex()`` for a paper: the tables' rows
    have no line of their own, so the finding names the term, not a cell."""
    text = getattr(_fit("logit", _binary(LOGIT_4)).summary(), export)()
    result = sdc.check(_write(tmp_path / "a", text, name), POLICY)
    assert findings_of(result) == {("SDC101", name, None)}
    assert "the cases of the group of term 'exposed'" in result.findings[0].message
    safe = getattr(_fit("logit", _binary(LOGIT_SAFE)).summary(), export)()
    assert sdc.check(_write(tmp_path / "b", safe, name), POLICY).findings == []


@pytest.mark.parametrize("kind", ["logit", "probit", "poisson"])
def test_a_model_without_intercept_on_every_level(tmp_path: Path, kind: str) -> None:
    """``case ~ C(g) - 1``: every row is a group's own eta, its variance se^2. Level 1 has 4
    cases (or 4 events among 40 people)."""
    frame = (_binary([(30, 130), (4, 36)]) if kind != "poisson"
             else _counts([(160, 75), (40, 4)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = getattr(smf, kind)("case ~ C(g) - 1", frame).fit(disp=0)
    text = str(fit.summary())
    assert "Intercept" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'C(g)[1]')}")}
    assert "of the group of term 'C(g)[1]'" in result.findings[0].message
    assert "are 4: below the threshold 10" in result.findings[0].message
