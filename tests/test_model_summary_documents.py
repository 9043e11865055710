"""A statsmodels summary exported whole as a document (``summary().as_html()`` from a
notebook, ``as_latex()`` for a paper): its first table holds ``Df Residuals:`` beside the
residual dof, as the CSV of that block does, so a model on too few records fails SDC301 there
(was: SDC301 review on the coefficients only, the dof printed beside it unread)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

sm = pytest.importorskip("statsmodels.api")

POLICY = build_policy({})


def _summary(n: int) -> object:
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": rng.normal(size=n), "a": rng.normal(size=n),
                       "b": rng.normal(size=n), "c": rng.normal(size=n),
                       "d": rng.integers(0, 2, n)})
    return sm.OLS(df.y, sm.add_constant(df[["a", "b", "c", "d"]])).fit().summary()


def _dof_findings(result: sdc.RunResult) -> set[tuple[int | None, str]]:
    return {(f.location.table, f.status.value) for f in result.findings if f.rule == "SDC301"}


@pytest.mark.parametrize(("name", "export"), [("model.html", "as_html"),
                                              ("model.tex", "as_latex")])
def test_a_summary_of_nine_residual_dof_fails_at_its_header_table(
        tmp_path: Path, name: str, export: str) -> None:
    (tmp_path / name).write_text(getattr(_summary(14), export)())  # 14 records, 5 terms
    result = sdc.check(tmp_path / name, POLICY)
    assert _dof_findings(result) == {(1, "fail"), (2, "review")}
    assert result.status.value == "fail"
    fail = next(f for f in result.findings if f.rule == "SDC301" and f.status.value == "fail")
    assert "9" in fail.message


def test_a_summary_with_enough_residual_dof_raises_no_dof_failure(tmp_path: Path) -> None:
    (tmp_path / "model.html").write_text(_summary(200).as_html())
    result = sdc.check(tmp_path / "model.html", POLICY)
    assert _dof_findings(result) == {(2, "review")}
