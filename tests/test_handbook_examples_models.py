"""Output-checking guides (ONS / UK Data Service SDAP, models): a model whose only predictors
are categorical is a table in another form. A logistic regression of a case indicator on one
binary exposure fits each group's proportion exactly, and its printed coefficients and
standard errors give the 2x2 table back: ``c / d = exp(b0)`` and ``1/c + 1/d = se0^2`` for
the unexposed, ``a / b = exp(b0 + b1)`` and ``1/a + 1/b = se1^2 - se0^2`` for the exposed.
statsmodels' summary of 200 people (198 residual dof) passed ``sdc check`` although it
publishes 4 exposed cases (handbook2, round 14). Since round 15 the counts are worked out from
the print (``sdc.model_counts``) and SDC101 fails the 4 at the exposure's coefficient line."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

statsmodels_api = pytest.importorskip("statsmodels.api")


def printed_logit(a: int, b: int, c: int, d: int) -> str:
    """statsmodels' ``Logit(...).fit().summary()`` of a, b exposed cases/controls and c, d
    unexposed."""
    y = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)]
    x = pd.Series(np.r_[np.ones(a + b), np.zeros(c + d)], name="exposed")
    fit = statsmodels_api.Logit(y, statsmodels_api.add_constant(x)).fit(disp=0)
    return str(fit.summary())


def recovered_table(text: str) -> tuple[float, float, float, float]:
    """The 2x2 table from the printed coefficients and standard errors (as printed)."""
    rows = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r"^(const|exposed)\s+(-?[\d.]+)\s+([\d.]+)", text, re.M)}
    (b0, s0), (b1, s1) = rows["const"], rows["exposed"]
    r0, r1 = math.exp(b0), math.exp(b0 + b1)
    d = (1 + 1 / r0) / s0 ** 2
    b = (1 + 1 / r1) / (s1 ** 2 - s0 ** 2)
    return r1 * b, b, r0 * d, d


def test_the_printed_logit_gives_its_small_cell_back() -> None:
    a, _b, _c, _d = recovered_table(printed_logit(4, 36, 30, 130))
    assert round(a) == 4 and abs(a - 4) < 0.05  # the printed rounding still pins it


def test_a_logit_on_one_binary_exposure_is_not_passed(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "logit.txt").write_text(printed_logit(4, 36, 30, 130))
    result = sdc.check(folder, build_policy({}))
    assert result.status.value == "fail"
    # the exposure's row (line 14): its 4 cases; the other cells are 36, 30 and 130
    assert findings_of(result) == {("SDC101", "logit.txt", "A14")}
