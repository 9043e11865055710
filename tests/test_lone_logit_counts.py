"""Round 52: a logit's coefficient table saved alone (no summary, no ``N``) gives back its
2x2 table (``sdc/whole_counts.py``, ``sdc/readers/lone_coefficients.py``): statsmodels'
``summary2().tables[1].to_csv()`` (full precision or rounded to 4 decimals), an odds-ratio
table with its 95% CI (``np.exp(conf_int())`` beside ``np.exp(params)``) and R's
``write.csv(tidy(fit))`` alone were SDC301 ``review`` (no dof source) with the exposed group's
3 cases unflagged; each is now SDC101 ``fail`` at the exposure's row. The counts are proved by
being whole numbers to the print's precision (no ``N`` to add them up to): a model with a
continuous covariate beside the exposure, or on the covariate alone, fits no whole counts
and is read as before (``review``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status

POLICY = build_policy({})


def _fit(a: int, b: int, c: int, d: int, age: bool = False):
    """A logit of y on one binary exposure: a cases and b non-cases unexposed, c and d
    exposed (with ``age``: an adjusted model, the exposure beside a continuous covariate)."""
    rows = [(0, 1)] * a + [(0, 0)] * b + [(1, 1)] * c + [(1, 0)] * d
    data = pd.DataFrame(rows, columns=["exposed", "y"])
    data["age"] = np.random.default_rng(3).normal(50, 10, len(data))
    return smf.logit("y ~ exposed + age" if age else "y ~ exposed", data).fit(disp=0)


SMALL = (30, 950, 3, 17)


def _findings(root: Path) -> tuple[set[tuple[str, str | None, str]], str]:
    result = sdc.check(root, POLICY)
    return found_with_status(result), result.status.value


@pytest.mark.parametrize("decimals", [None, 4])
def test_summary2_coefficients_alone_fail_at_the_exposed_cases(tmp_path: Path,
                                                               decimals: int | None) -> None:
    table = _fit(*SMALL).summary2().tables[1]
    (table if decimals is None else table.round(decimals)).to_csv(tmp_path / "coef.csv")
    found, status = _findings(tmp_path)
    assert ("SDC101", "A3", "fail") in found
    assert status == "fail"
    result = sdc.check(tmp_path, POLICY)
    [count] = [f for f in result.findings if f.rule == "SDC101"]
    assert (count.evidence["count_low"], count.evidence["count_high"]) == (3, 3)
    assert "cases of the group of term 'exposed'" in count.message


def test_odds_ratios_with_their_ci_alone_fail(tmp_path: Path) -> None:
    res = _fit(*SMALL)
    table = np.exp(res.conf_int())
    table.columns = ["2.5%", "97.5%"]
    table.insert(0, "OR", np.exp(res.params))
    table.to_csv(tmp_path / "odds_ratios.csv")
    found, status = _findings(tmp_path)
    assert ("SDC101", "A3", "fail") in found
    assert status == "fail"


def test_r_tidy_alone_fails(tmp_path: Path) -> None:
    res = _fit(*SMALL)
    lines = ['"","term","estimate","std.error","statistic","p.value"']
    for i, term in enumerate(["(Intercept)", "exposed"]):
        lines.append(",".join([f'"{i + 1}"', f'"{term}"', *(format(float(v.iloc[i]), ".15g")
                     for v in (res.params, res.bse, res.tvalues, res.pvalues))]))
    (tmp_path / "fit_tidy.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, _ = _findings(tmp_path)
    assert ("SDC101", "B3", "fail") in found


def test_a_safe_two_by_two_is_read_as_before(tmp_path: Path) -> None:
    _fit(60, 900, 25, 300).summary2().tables[1].to_csv(tmp_path / "coef.csv")
    found, status = _findings(tmp_path)
    assert not {f for f in found if f[0] == "SDC101"}
    assert status == "review"


@pytest.mark.parametrize("layout", ["summary2", "odds_ratios"])
def test_an_adjusted_model_fits_no_whole_counts(tmp_path: Path, layout: str) -> None:
    res = _fit(*SMALL, age=True)
    if layout == "summary2":
        res.summary2().tables[1].to_csv(tmp_path / "coef.csv")
    else:
        table = np.exp(res.conf_int())
        table.insert(0, "OR", np.exp(res.params))
        table.to_csv(tmp_path / "odds_ratios.csv")
    found, status = _findings(tmp_path)
    assert not {f for f in found if f[0] == "SDC101"}
    assert status == "review"


def _probit(a: int, b: int, c: int, d: int):
    """The probit of ``_fit``'s data (round 53): ``Phi^-1`` of each group's share."""
    rows = [(0, 1)] * a + [(0, 0)] * b + [(1, 1)] * c + [(1, 0)] * d
    return smf.probit("y ~ exposed", pd.DataFrame(rows, columns=["exposed", "y"])).fit(disp=0)


def _r_coef_summary(res) -> str:
    """R's ``write.csv(coef(summary(fit)))``: an unnamed term column."""
    lines = ['"","Estimate","Std. Error","z value","Pr(>|z|)"']
    for i, term in enumerate(["(Intercept)", "exposed"]):
        lines.append(",".join([f'"{term}"', *(format(float(v.iloc[i]), ".15g")
                     for v in (res.params, res.bse, res.tvalues, res.pvalues))]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("layout", ["summary2", "summary2_r4", "r_coef", "bare"])
def test_a_probit_alone_fails_at_the_exposed_cases(tmp_path: Path, layout: str) -> None:
    # round 53: SDC301 review only on base (a probit's counts were not read)
    res = _probit(*SMALL)
    if layout == "r_coef":
        (tmp_path / "coef.csv").write_text(_r_coef_summary(res), encoding="utf-8")
    elif layout == "bare":
        pd.DataFrame({"coef": res.params, "se": res.bse}).to_csv(tmp_path / "coef.csv")
    else:
        table = res.summary2().tables[1]
        (table if layout == "summary2" else table.round(4)).to_csv(tmp_path / "coef.csv")
    result = sdc.check(tmp_path, POLICY)
    assert ("SDC101", "A3", "fail") in found_with_status(result)
    [count] = [f for f in result.findings if f.rule == "SDC101"]
    assert (count.evidence["count_low"], count.evidence["count_high"]) == (3, 3)
    assert "cases of the group of term 'exposed'" in count.message


def test_a_bare_coef_and_se_frame_of_a_logit_fails(tmp_path: Path) -> None:
    # round 53: ``pd.DataFrame({"coef": fit.params, "se": fit.bse})`` was SDC301 review only
    res = _fit(*SMALL)
    pd.DataFrame({"coef": res.params, "se": res.bse}).to_csv(tmp_path / "coef.csv")
    found, status = _findings(tmp_path)
    assert {f for f in found if f[0] == "SDC101"} == {("SDC101", "A3", "fail")}
    assert status == "fail"


@pytest.mark.parametrize("model", ["logit", "probit", "safe"])
def test_a_bare_frame_that_proves_no_small_group_is_read_as_before(tmp_path: Path,
                                                                   model: str) -> None:
    # an adjusted model fits no whole counts; a safe 2x2's are all above the threshold
    if model == "safe":
        res = _probit(60, 900, 25, 300)
    else:
        rows = [(0, 1)] * 30 + [(0, 0)] * 950 + [(1, 1)] * 3 + [(1, 0)] * 17
        data = pd.DataFrame(rows, columns=["exposed", "y"])
        data["age"] = np.random.default_rng(3).normal(50, 10, len(data))
        res = getattr(smf, model)("y ~ exposed + age", data).fit(disp=0)
    pd.DataFrame({"coef": res.params, "se": res.bse}).to_csv(tmp_path / "coef.csv")
    found, status = _findings(tmp_path)
    assert not {f for f in found if f[0] == "SDC101"}
    assert status == "review"


@pytest.mark.parametrize("offset", [False, True], ids=["people", "person-years"])
def test_a_poisson_models_coefficients_alone_give_its_events(tmp_path: Path,
                                                             offset: bool) -> None:
    # round 53: ``summary2().tables[1]`` of ``poisson("k ~ exposed")`` was SDC301 review only;
    # its 3 exposed events are ``1 / v`` (whole); with an offset the people are person-years
    # (no whole numbers): nothing is read, as before
    rows = [(0, 1)] * 30 + [(0, 0)] * 950 + [(1, 1)] * 3 + [(1, 0)] * 17
    data = pd.DataFrame(rows, columns=["exposed", "k"])
    data["years"] = np.random.default_rng(6).uniform(0.5, 3, len(data))
    res = smf.poisson("k ~ exposed", data, **(
        {"offset": np.log(data["years"])} if offset else {})).fit(disp=0)
    res.summary2().tables[1].to_csv(tmp_path / "coef.csv")
    result = sdc.check(tmp_path, POLICY)
    counts = [f for f in result.findings if f.rule == "SDC101"]
    if offset:
        assert not counts and result.status.value == "review"
        return
    assert {(f.location.cell, f.status.value) for f in counts} == {("A3", "fail")}
    assert (counts[0].evidence["count_low"], counts[0].evidence["count_high"]) == (3, 3)
    assert "events of the group of term 'exposed'" in counts[0].message
