"""A linear model on one factor whose levels are renamed apart (issue 12, wrong pass).

A table printing ``N`` but no ``s^2`` (modelsummary, esttab, stargazer without ``ser``) gives
each group's size as its share of ``N``, ``N (1/v_g) / sum(1/v_h)``. Those identities hold
whatever the terms are called, but the reading asked for the names to say "one factor"
(``C(g)[T.b]``, ``2.g``, R's glued ``regionWest``): levels printed as ``West`` and ``North``
(Stata's ``esttab, label`` prints value labels so), as ``region_West``, or ``North`` beside
``Northeast`` were judged on the dof alone, as ACRO judges them, and a group of 3 passed
(main 996556a). The names are the researcher's, so they can never be the only reason a small
group goes unread: the shares are read whatever the names, tested against the printed
R-squared where there is one (``sdc.model_counts._r_squared_fits``), and a small one is SDC101
``review``. Numbers from statsmodels fits, laid out as the packages print them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from tests.test_model_counts_bare_levels import _fit
from tests.test_model_counts_named import _check, _esttab, _modelsummary_md

SMALL, SAFE = (50, 50, 3), (50, 50, 12)
APART = {"Intercept": "(Intercept)", "region[T.North]": "North", "region[T.West]": "West"}
UNDERSCORED = {"Intercept": "(Intercept)", "region[T.North]": "region_North",
               "region[T.West]": "region_West"}
# ``North`` beside ``Northeast``: the longest prefix leaves North nothing
PREFIXED = {"Intercept": "(Intercept)", "region[T.North]": "North",
            "region[T.West]": "Northeast"}
# ``esttab m, label``: each level's value label, the constant as ``Constant``
LABELLED = {"Intercept": "Constant", "region[T.North]": "North", "region[T.West]": "West"}


@pytest.mark.parametrize("names", [APART, UNDERSCORED, PREFIXED],
                         ids=["apart", "underscored", "prefixed"])
def test_modelsummary_of_renamed_levels_reviews_the_group_of_three(
        tmp_path: Path, names: dict[str, str]) -> None:
    # main 996556a: pass on its dof (R2 beside R2 Adj.)
    text = _modelsummary_md(_fit(SMALL), names)
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "review")


@pytest.mark.parametrize("names", [APART, UNDERSCORED, PREFIXED],
                         ids=["apart", "underscored", "prefixed"])
def test_modelsummary_of_renamed_levels_safe_twin_passes(
        tmp_path: Path, names: dict[str, str]) -> None:
    assert _check(tmp_path, "t.md", _modelsummary_md(_fit(SAFE), names)) == (set(), "pass")


def test_the_finding_says_the_names_do_not_say_so(tmp_path: Path) -> None:
    import sdc
    from tests.test_model_counts_named import POLICY

    (tmp_path / "t.md").write_text(_modelsummary_md(_fit(SMALL), APART))
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert "the group of term 'West' are 3 if the model is a linear model" in finding.message
    assert "giving back the printed R-squared (its terms' names do not say so)" in (
        finding.message)


def test_esttab_label_with_n_alone_reviews_the_group_of_three(tmp_path: Path) -> None:
    # ``esttab m using t.csv, se label``: N only (esttab's default), no R-squared to test the
    # reading against; main 996556a: SDC301 review for the dof alone, the 3 unread
    text = _esttab(_fit(SMALL), LABELLED, stats=("N",))
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B5"), ("SDC301", "t.csv", None)}, "review")


def test_esttab_label_with_r_squared_reviews_and_its_safe_twin_passes(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    (tmp_path / "safe").mkdir()
    text = _esttab(_fit(SMALL), LABELLED)
    assert _check(tmp_path / "small", "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "review")
    safe = _esttab(_fit(SAFE), LABELLED)
    assert _check(tmp_path / "safe", "t.csv", safe) == (set(), "pass")


# real fits with continuous covariates, named as nobody's levels: the shares do not read them
def _covariates(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"age": rng.uniform(18, 90, n),
                          "income": rng.lognormal(10, 0.6, n) / 1000,
                          "bmi": rng.normal(27, 5, n), "z": rng.normal(0, 1, n)})
    frame["y"] = (3 + 0.05 * frame.age + 0.01 * frame.income - 0.1 * frame.bmi
                  + rng.normal(0, 2, n))
    return frame


@pytest.mark.parametrize("formula", ["y ~ age + income", "y ~ age + bmi + income",
                                     "y ~ z + age", "y ~ bmi"])
def test_continuous_covariates_with_plain_names_pass(tmp_path: Path, formula: str) -> None:
    names = {"Intercept": "(Intercept)"}
    for seed in range(12):
        fit = smf.ols(formula, _covariates(seed, (60, 150, 400)[seed % 3])).fit()
        for name, text in (("t.md", _modelsummary_md(fit, names)),
                           ("t.csv", _esttab(fit, {"Intercept": "_cons"}))):
            folder = tmp_path / f"{seed}-{name}"
            folder.mkdir()
            assert _check(folder, name, text) == (set(), "pass"), (seed, name)


# two binary covariates that (almost) never meet are one factor's groups: the "false reviews"
# of ``d1``, ``d2`` (round 17: 3 in 720 fits) read the dummy's real count
def _dummies(diabetic: int, both: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 200
    frame = pd.DataFrame({"diabetic": np.zeros(n), "smoker": np.zeros(n)})
    frame.loc[:diabetic - 1, "diabetic"] = 1
    frame.loc[diabetic - both:diabetic - both + 59, "smoker"] = 1
    frame["y"] = 2 + frame.diabetic + 0.5 * frame.smoker + rng.normal(0, 2, n)
    return frame


def test_a_binary_covariate_of_three_people_beside_another_is_reviewed(tmp_path: Path) -> None:
    import sdc
    from tests.test_model_counts_named import POLICY

    fit = smf.ols("y ~ diabetic + smoker", _dummies(3, both=1)).fit()
    text = _modelsummary_md(fit, {"Intercept": "(Intercept)"})
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B4")}, "review")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert "the group of term 'diabetic' are 3 if" in finding.message  # its real count


def test_binary_covariates_of_many_people_pass(tmp_path: Path) -> None:
    fit = smf.ols("y ~ diabetic + smoker", _dummies(30, both=1)).fit()
    assert _check(tmp_path, "t.md", _modelsummary_md(fit, {"Intercept": "(Intercept)"})) == (
        set(), "pass")
