"""A model whose coefficient diverged has a group with no cases (issue 12, round 15, models2).

A logit/probit/Poisson on a categorical predictor whose group holds no cases (or only cases, or
no events) has no finite estimate for it: the fit stops when the fitted probability is
numerically 0 or 1 and prints a huge coefficient with a far larger standard error (statsmodels
``-22.56`` with ``2.6e+04``). A zero cell sits behind the row; it used to pass on the residual
dof. SDC102 names it (``review``, at the coefficient's line); under a policy that does not check
zeros, SDC101 reviews it (the group's size is unknown). A large but finite coefficient with a
standard error of normal size is read as before."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import sdc
from sdc.model_counts import Coefficient, ModelCount, diverged_rows, recovered_counts
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_companions import write_tidy_and_glance
from tests.test_model_counts import _binary, _counts, _fit, _line_of, _r_glm, _stata, _write

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})
NO_ZEROS = build_policy({"rules": {"zero-count": {"status": "off"}}})

NO_EXPOSED_CASES = [(30, 130), (0, 40)]
ALL_EXPOSED_CASES = [(30, 130), (40, 0)]
NO_UNEXPOSED_CASES = [(0, 160), (30, 10)]


def _quiet(kind: str, groups: list[tuple[int, int]]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _fit(kind, _binary(groups))


@pytest.mark.parametrize("groups", [NO_EXPOSED_CASES, ALL_EXPOSED_CASES])
def test_statsmodels_logit_with_an_empty_class_is_review(
        tmp_path: Path, groups: list[tuple[int, int]]) -> None:
    """``Logit`` prints its quasi-separation note under the table (not a block sdc knows:
    SDC602 as before) and the diverged row: SDC102 at the exposure's line."""
    text = str(_quiet("logit", groups).summary())
    assert "quasi-separation" in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    line = _line_of(text, "exposed")
    assert findings_of(result) == {("SDC102", "model.txt", f"A{line}"),
                                   ("SDC602", "model.txt", None)}
    assert result.status.value == "review"
    zero = next(f for f in result.findings if f.rule == "SDC102")
    assert "the coefficient of 'exposed' diverged" in zero.message
    assert "the group of term 'exposed' has no cases or non-cases" in zero.message
    assert zero.public_message == ("a model coefficient diverged: a group behind it has a "
                                   "zero count")
    assert zero.status.value == "review"


@pytest.mark.parametrize("kind", ["glm", "glm-probit"])
def test_statsmodels_glm_with_an_empty_class_was_a_pass(tmp_path: Path, kind: str) -> None:
    """GLM prints no note: the diverged row alone is the evidence (it passed before)."""
    text = str(_quiet(kind, NO_EXPOSED_CASES).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC102", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert result.status.value == "review"


def test_an_empty_reference_group_is_named_once(tmp_path: Path) -> None:
    """The intercept diverges (and so does every contrast with it): one zero, the reference
    group's, at the intercept's line."""
    text = str(_quiet("glm", NO_UNEXPOSED_CASES).summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC102", "model.txt", f"A{_line_of(text, 'const')}")}
    assert "the reference group has no cases or non-cases" in result.findings[0].message


@pytest.mark.parametrize("kind", ["poisson", "glm-poisson"])
def test_poisson_group_with_no_events(tmp_path: Path, kind: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = _fit(kind, _counts([(160, 75), (40, 0)]))
    text = str(fit.summary())
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result, {"SDC101", "SDC102"}) == {
        ("SDC102", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert "the group of term 'exposed' has no events" in next(
        f for f in result.findings if f.rule == "SDC102").message


def test_without_the_zero_rule_the_group_size_is_reviewed(tmp_path: Path) -> None:
    """Zeros safe under the policy: the diverged group's size is still unknown (it could be
    1..t-1), so SDC101 reviews it."""
    text = str(_quiet("glm", NO_EXPOSED_CASES).summary())
    result = sdc.check(_write(tmp_path, text), NO_ZEROS)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'exposed')}")}
    assert result.status.value == "review"
    assert result.findings[0].public_message == (
        "a group behind a diverged model coefficient may be smaller than the threshold 10")


def test_the_safe_twin_a_large_finite_coefficient(tmp_path: Path) -> None:
    """10 cases among 100,010 unexposed, 10 non-cases among 100,010 exposed: the exposure's
    coefficient is about 18.4 with a standard error of 0.45 (finite, well estimated); every
    cell is at least 10: nothing found."""
    fit = _quiet("glm", [(10, 100_000), (100_000, 10)])
    assert abs(fit.params["exposed"]) > 18 and fit.bse["exposed"] < 1
    text = str(fit.summary())
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def test_r_glm_with_an_empty_class(tmp_path: Path) -> None:
    """``summary(glm(...))`` as R prints it (R says ``glm.fit: fitted probabilities
    numerically 0 or 1 occurred`` on the console, not in the summary): the diverged row."""
    call = "glm(formula = case ~ exposed, family = binomial, data = d)"
    text = _r_glm(_quiet("glm", NO_EXPOSED_CASES), call, "binomial")
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC102", "model.txt", f"A{_line_of(text, 'exposed')}")}
    safe = _r_glm(_quiet("glm", [(30, 130), (10, 30)]), call, "binomial")
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_stata_ml_with_a_diverged_row(tmp_path: Path) -> None:
    """Stata's ``logit`` drops such a term with a note (read in tests/test_model_notes.py);
    a diverged row it prints (``poisson``, ``glm``) is read as the others'."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = _fit("poisson", _counts([(160, 75), (40, 0)]))
    text = _stata(fit, "Poisson regression", "Coefficient")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result, {"SDC101", "SDC102"}) == {
        ("SDC102", "model.txt", f"A{_line_of(text, 'exposed')}")}


def test_diverged_rows_bounds() -> None:
    """At least 10 on the logit scale (5 on the probit's) and a standard error at least ten
    times that; a Poisson coefficient only towards minus infinity."""
    def rows(b: str, se: str) -> list[Coefficient]:
        return [Coefficient(1, "const", "-1.4663", "0.203"), Coefficient(2, "x", b, se)]

    zero = ModelCount(2, "x", "the group of term 'x'", "cases or non-cases", 0, 0)
    assert diverged_rows("binomial-logit", rows("-22.5567", "2.6e+04")) == [zero]
    assert diverged_rows("binomial-logit", rows("22.5567", "2.6e+04")) == [zero]
    assert diverged_rows("binomial-logit", rows("-10.5", "106")) == [zero]
    assert diverged_rows("binomial-logit", rows("-10.5", "104")) == []  # se < 10 x 10.45
    assert diverged_rows("binomial-logit", rows("-9.4", "2000")) == []  # not large enough
    assert diverged_rows("binomial-logit", rows("-18.4", "0.447")) == []  # finite, precise
    assert diverged_rows("binomial-probit", rows("-6.1", "80")) == [zero]
    assert diverged_rows("poisson-log", rows("-24.5", "2.45e+04")) == [
        ModelCount(2, "x", "the group of term 'x'", "events", 0, 0)]
    assert diverged_rows("poisson-log", rows("24.5", "2.45e+04")) == []
    assert diverged_rows("gaussian-identity", rows("-22.5", "2.6e+04")) == []
    # an odds ratio of e^-22 printed with its standard error e^b * se
    assert diverged_rows("binomial-logit", rows("2.2e-10", "5.7e-06"), exponentiated=True)
    # the diverged zero replaces the other groups' counts (their sum cannot be checked)
    assert recovered_counts("binomial-logit", 200, rows("-22.5567", "2.6e+04")) == [zero]


# --- coefficient tables saved as CSV (broom's tidy() beside its glance()) -------------------

def _write_tidy(root: Path, fit, nobs: int | None = None) -> None:
    """write.csv(tidy(fit)) and write.csv(glance(fit)) of a glm, as R writes them (glance of a
    glm: null.deviance, df.null, logLik, AIC, BIC, deviance, df.residual, nobs)."""
    root.mkdir(parents=True)
    names = ["null.deviance", "df.null", "logLik", "AIC", "BIC", "deviance", "df.residual",
             "nobs"]
    values = [fit.null_deviance, fit.nobs - 1, fit.llf, fit.aic, fit.bic_llf, fit.deviance,
              fit.df_resid, fit.nobs if nobs is None else nobs]
    write_tidy_and_glance(root, fit, names, values)


@pytest.mark.parametrize(("kind", "groups", "name"), [
    ("glm", [(30, 130), (4, 36)], "cases"),
    ("glm-probit", [(30, 130), (4, 36)], "cases"),
    ("glm-poisson", [(160, 75), (40, 6)], "events"),
])
def test_a_tidy_file_beside_its_glance_gives_the_counts_back(
        tmp_path: Path, kind: str, groups: list[tuple[int, int]], name: str) -> None:
    """The glance row links the pair (its dof) and gives ``nobs``; the family is not in
    either file: the family whose groups add up to nobs is read. The exposure's row is the
    file's line 3, its term in column B: 4 cases (6 events) fail SDC101 there."""
    frame = _counts(groups) if kind == "glm-poisson" else _binary(groups)
    _write_tidy(tmp_path / "a", _fit(kind, frame))
    result = sdc.check(tmp_path / "a", POLICY)
    assert findings_of(result) == {("SDC101", "fit_tidy.csv", "B3")}
    assert result.status.value == "fail"
    (finding,) = result.findings
    assert f"the {name} of the group of term 'exposed'" in finding.message
    safe = [(30, 130), (40, 60)] if kind != "glm-poisson" else [(160, 75), (40, 30)]
    frame = _counts(safe) if kind == "glm-poisson" else _binary(safe)
    _write_tidy(tmp_path / "b", _fit(kind, frame))
    assert sdc.check(tmp_path / "b", POLICY).findings == []


def test_a_tidy_file_whose_glance_counts_other_people_is_not_read(tmp_path: Path) -> None:
    """nobs 210 beside groups of 200 (not linked: nobs - df.residual is no longer the terms)
    and a continuous covariate's glm (linked, its numbers do not add up): as before."""
    _write_tidy(tmp_path / "a", _fit("glm", _binary([(30, 130), (4, 36)])), nobs=210)
    # round 52 (stats52): the tidy file alone proves its 4 exposed cases by their being whole
    # to 6 significant digits (``sdc.whole_counts``): SDC101 at the exposure's term
    assert findings_of(sdc.check(tmp_path / "a", POLICY)) == {
        ("SDC301", "fit_tidy.csv", None), ("SDC602", "fit_glance.csv", None),
        ("SDC101", "fit_tidy.csv", "B3")}
    frame = _binary([(30, 130), (4, 36)])
    frame["exposed"] = np.random.default_rng(3).normal(size=len(frame))
    fit = sm.GLM(frame["case"], sm.add_constant(frame[["exposed"]]),
                 family=sm.families.Binomial()).fit()
    _write_tidy(tmp_path / "b", fit)
    assert sdc.check(tmp_path / "b", POLICY).findings == []


def test_a_lone_tidy_file_fails_at_its_small_group(tmp_path: Path) -> None:
    """Without nobs the sum check cannot run, but the counts are whole to the printed
    precision (round 52, ``sdc.whole_counts``): the 4 exposed cases fail SDC101 at B3."""
    _write_tidy(tmp_path / "a", _fit("glm", _binary([(30, 130), (4, 36)])))
    (tmp_path / "a" / "fit_glance.csv").unlink()
    result = sdc.check(tmp_path / "a", POLICY)
    assert findings_of(result) == {("SDC301", "fit_tidy.csv", None),
                                   ("SDC101", "fit_tidy.csv", "B3")}
    assert result.status.value == "fail"


def test_a_tidy_file_with_a_diverged_row(tmp_path: Path) -> None:
    """No exposed case: the exposure's estimate diverged in the tidy file too: SDC102 at its
    term (B3); the family is not known, so the message names every count it may be."""
    _write_tidy(tmp_path / "a", _quiet("glm", NO_EXPOSED_CASES))
    result = sdc.check(tmp_path / "a", POLICY)
    assert findings_of(result) == {("SDC102", "fit_tidy.csv", "B3")}
    assert "has no cases, non-cases or events" in result.findings[0].message


@pytest.mark.parametrize("frame", ["summary2", "params"])
def test_statsmodels_coefficient_csvs_without_observations_give_their_counts(
        tmp_path: Path, frame: str) -> None:
    """``summary2().tables[1].to_csv()`` and a ``params``/``bse`` frame of the 4-case logit:
    no observations beside them (no sum check, nothing read) and no dof: SDC301 ``review``."""
    import pandas as pd

    fit = _fit("logit", _binary([(30, 130), (4, 36)]))
    table = (fit.summary2().tables[1] if frame == "summary2"
             else pd.DataFrame({"coef": fit.params, "se": fit.bse}))
    folder = tmp_path / "r"
    folder.mkdir()
    table.to_csv(folder / "coef.csv")
    result = sdc.check(folder, POLICY)
    assert ("SDC301", "coef.csv", None) in findings_of(result)
    # round 52 (stats52): no observations, but the counts are whole to the printed precision
    # (``sdc.whole_counts``): the 4 exposed cases fail at the exposure's row; round 53
    # (stats53): a bare ``coef``/``se`` frame's first two numbers are read so too
    assert findings_of(result, {"SDC101", "SDC102"}) == {("SDC101", "coef.csv", "A3")}
    assert result.status.value == "fail"


# --- models saturated on two categorical factors (interactions) -----------------------------

def _two_factors(cells: dict[tuple[str, str], tuple[int, int]]):
    """People by factors a and b with (cases, non-cases) per cell."""
    import pandas as pd

    rows = []
    for (a, b), (cases, others) in cells.items():
        rows += [(a, b, 1.0)] * cases + [(a, b, 0.0)] * others
    return pd.DataFrame(rows, columns=["a", "b", "case"])


TWO_BY_THREE = {("x", "p"): (30, 90), ("x", "q"): (25, 60), ("x", "r"): (40, 50),
                ("y", "p"): (20, 70), ("y", "q"): (35, 45), ("y", "r"): (4, 30)}
TWO_BY_THREE_SAFE = {**TWO_BY_THREE, ("y", "r"): (14, 30)}


def _saturated(cells, family: str = "logit"):
    smf = pytest.importorskip("statsmodels.formula.api")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if family == "logit":
            return smf.logit("case ~ C(a) * C(b)", _two_factors(cells)).fit(disp=0)
        return smf.glm("case ~ C(a) * C(b)", _two_factors(cells),
                       family=sm.families.Binomial()).fit()


@pytest.mark.parametrize("family", ["logit", "glm"])
def test_statsmodels_saturated_two_factors(tmp_path: Path, family: str) -> None:
    """``case ~ C(a) * C(b)``: each of the 6 cells from the intercept, the main effects and
    the interaction (``v = se^2`` less the variances of the cells within the term); the 4
    cases of (y, r) fail at the interaction's row ``C(a)[T.y]:C(b)[T.r]``."""
    text = str(_saturated(TWO_BY_THREE, family).summary())
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    line = _line_of(text, "C(a)[T.y]:C(b)[T.r]")
    assert findings_of(result) == {("SDC101", "model.txt", f"A{line}")}
    assert "the cases of the group of term 'C(a)[T.y]:C(b)[T.r]'" in result.findings[0].message
    assert "are 4: below the threshold 10" in result.findings[0].message
    safe = str(_saturated(TWO_BY_THREE_SAFE, family).summary())
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_r_saturated_two_factors(tmp_path: Path) -> None:
    """R names a level after its factor (``ay``, ``br``, ``ay:br``): the factors are the terms
    never printed together in an interaction."""
    from types import SimpleNamespace

    fit = _saturated(TWO_BY_THREE, "glm")
    names = [t.replace("Intercept", "const").replace("C(a)[T.", "a").replace("C(b)[T.", "b")
             .replace("]", "") for t in fit.params.index]
    fit = SimpleNamespace(**{k: getattr(fit, k).set_axis(names) for k in (
        "params", "bse", "tvalues", "pvalues")}, **{k: getattr(fit, k) for k in (
            "null_deviance", "nobs", "deviance", "df_resid", "aic")})
    call = "glm(formula = case ~ a * b, family = binomial, data = d)"
    text = _r_glm(fit, call, "binomial")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'ay:br')}")}


def test_a_main_effects_model_on_two_factors_is_not_read(tmp_path: Path) -> None:
    """``case ~ C(a) + C(b)``: no interaction, not saturated; the one-factor reading's sum
    check does not hold either: as before (the dof)."""
    smf = pytest.importorskip("statsmodels.formula.api")
    fit = smf.logit("case ~ C(a) + C(b)", _two_factors(TWO_BY_THREE)).fit(disp=0)
    assert sdc.check(_write(tmp_path, str(fit.summary())), POLICY).findings == []


def test_factorial_cells_unit() -> None:
    """The 2x2 by hand: cells (cases, non-cases) (30, 70), (20, 80), (40, 60), (5, 45)."""
    import math as m

    def lo(c: int, d: int) -> tuple[float, float]:
        return m.log(c / d), 1 / c + 1 / d

    (e00, v00), (e10, v10), (e01, v01), (e11, v11) = (lo(30, 70), lo(20, 80), lo(40, 60),
                                                      lo(5, 45))
    rows = [Coefficient(1, "Intercept", f"{e00:.6f}", f"{m.sqrt(v00):.6f}"),
            Coefficient(2, "C(a)[T.y]", f"{e10 - e00:.6f}", f"{m.sqrt(v10 + v00):.6f}"),
            Coefficient(3, "C(b)[T.r]", f"{e01 - e00:.6f}", f"{m.sqrt(v01 + v00):.6f}"),
            Coefficient(4, "C(a)[T.y]:C(b)[T.r]", f"{e11 - e10 - e01 + e00:.6f}",
                        f"{m.sqrt(v11 + v10 + v01 + v00):.6f}")]
    found = {(c.line, c.name): (c.lo, c.hi) for c in recovered_counts(
        "binomial-logit", 350, rows)}
    assert found == {(1, "cases"): (30, 30), (1, "non-cases"): (70, 70),
                     (2, "cases"): (20, 20), (2, "non-cases"): (80, 80),
                     (3, "cases"): (40, 40), (3, "non-cases"): (60, 60),
                     (4, "cases"): (5, 5), (4, "non-cases"): (45, 45)}
    assert recovered_counts("binomial-logit", 350, rows[:3] + rows[4:]) == []  # no a:b
    assert recovered_counts("binomial-logit", 340, rows) == []  # the sum check


def test_a_level_named_with_a_colon_is_still_one_factor() -> None:
    """``C(t)[T.10:30]`` is one factor's level, not an interaction: read as before."""
    import math as m

    rows = [Coefficient(1, "Intercept", f"{m.log(30 / 70):.6f}", f"{m.sqrt(1 / 30 + 1 / 70):.6f}"),
            Coefficient(2, "C(t)[T.10:30]", f"{m.log(4 / 36) - m.log(30 / 70):.6f}",
                        f"{m.sqrt(1 / 4 + 1 / 36 + 1 / 30 + 1 / 70):.6f}")]
    found = {(c.line, c.name): (c.lo, c.hi) for c in recovered_counts(
        "binomial-logit", 140, rows)}
    assert found[(2, "cases")] == (4, 4) and found[(1, "non-cases")] == (70, 70)
