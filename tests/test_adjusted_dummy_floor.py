"""Round 52: a linear model's dummy beside a covariate (``y ~ rare + age``, ``rare`` 3 of 300)
passed on its 297 residual dof: its group is bounded only from below by the print
(``se^2 >= s^2 (1/n + 1/(N - n))``, ``sdc.model_counts.hidden_dummy_counts``), so a term whose
standard error allows a dummy of fewer than the threshold is SDC101 ``review``
(``sdc/readers/model_text.py``, ``_adjusted_dummies``), never ``fail``; one whose floor is at
or above the threshold (a dummy of 40, a slope of wide spread) passes as before."""

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


def _summary(root: Path, formula: str, rare: int) -> None:
    """statsmodels' OLS ``summary()`` of 300 people, ``rare`` of them with the dummy."""
    rng = np.random.default_rng(5)
    data = pd.DataFrame({"age": rng.normal(50, 12, 300), "rare": 0})
    data.loc[:rare - 1, "rare"] = 1
    data["y"] = 100 + 0.3 * data.age + 8 * data.rare + rng.normal(0, 10, 300)
    (root / "summary.txt").write_text(str(smf.ols(formula, data).fit().summary()),
                                      encoding="utf-8")


@pytest.mark.parametrize("formula", ["y ~ rare + age", "y ~ C(rare) + age"])
def test_a_dummy_of_3_beside_a_covariate_is_reviewed(tmp_path: Path, formula: str) -> None:
    _summary(tmp_path, formula, 3)
    result = sdc.check(tmp_path, POLICY)
    assert found_with_status(result) == {("SDC101", "A16", "review")}
    [found] = result.findings
    assert (found.evidence["count_low"], found.evidence["count_high"]) == (3, 300)


def test_a_dummy_of_40_beside_a_covariate_passes(tmp_path: Path) -> None:
    _summary(tmp_path, "y ~ rare + age", 40)
    result = sdc.check(tmp_path, POLICY)
    assert found_with_status(result) == set()
    assert result.status.value == "pass"
