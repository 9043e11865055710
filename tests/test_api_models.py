"""Model wrappers: residual degrees of freedom recorded, checked, and read back by sdc check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.evidence.sidecar import read_sidecar, sidecar_path
from sdc.policy import build_policy
from sdc.results import Status

pytest.importorskip("statsmodels")

DEFAULT = build_policy({})


def data(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    y = 1.0 + 2.0 * x1 - x2 + rng.normal(size=n)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2,
                         "event": (y + rng.normal(size=n) > 1).astype(int)})


def rules(model: sdc.api.SDCModel) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.location.cell) for f in model.findings)


def test_ols_with_few_residual_dof_fails() -> None:
    model = sdc.ols("y ~ x1 + x2", data(12), policy=DEFAULT)
    assert model.dof == 9.0 == model.result.df_resid
    assert rules(model) == [("SDC301", None)]
    assert model.findings[0].evidence == {"dof": 9.0, "min_dof": 10}
    assert model.status is Status.FAIL
    assert sdc.ols("y ~ x1 + x2", data(13), policy=DEFAULT).status is Status.PASS


@pytest.mark.parametrize("fit", [sdc.logit, sdc.probit])
def test_logit_and_probit_record_dof(fit) -> None:  # type: ignore[no-untyped-def]
    model = fit("event ~ x1 + x2", data(200), policy=DEFAULT)
    assert model.dof == 197.0
    assert model.findings == []
    assert "zvalue" in model.coefficients().columns
    assert "Regression Results" in str(model.summary())


def test_check_model_takes_a_fitted_result() -> None:
    import statsmodels.api as sm

    df = data(11)
    result = sm.OLS(df.y, sm.add_constant(df[["x1", "x2"]])).fit()
    model = sdc.check_model(result, policy=DEFAULT)
    assert model.dof == 8.0
    assert rules(model) == [("SDC301", None)]
    with pytest.raises(TypeError, match="fitted statsmodels result"):
        sdc.check_model(object())


def test_policy_sets_the_minimum_dof() -> None:
    lenient = {"rules": {"residual-dof": {"min_dof": 5}}}
    assert sdc.ols("y ~ x1 + x2", data(12), policy=lenient).findings == []


@pytest.mark.parametrize("n", [12, 40])
def test_saved_summary_and_coefficients_round_trip(tmp_path: Path, n: int) -> None:
    model = sdc.ols("y ~ x1 + x2", data(n), policy=DEFAULT)
    for folder in ("text", "csv"):
        (tmp_path / folder).mkdir()
    model.to_text(tmp_path / "text" / "ols.txt")
    csv = model.to_csv(tmp_path / "csv" / "ols.csv")
    meta, cells = read_sidecar(sidecar_path(csv))
    assert (meta["dof"], cells) == (float(n - 3), {})
    assert pd.read_csv(csv, index_col=0).index.tolist() == ["Intercept", "x1", "x2"]
    for folder in ("text", "csv"):
        checked = sdc.check(tmp_path / folder, policy=DEFAULT)
        assert [o.kind for o in checked.outputs] == ["model"]
        # a coefficient table alone gives no dof: the sidecar's is the researcher's claim, so
        # a safe dof does not settle SDC301 (sdc.sidecar_bounds); the summary text shows it
        kept = [f for f in checked.findings if f.declaration_kind == "evidence_sidecar"]
        expected = [("SDC301", None)] if folder == "csv" and n == 40 else []
        assert [(f.rule, f.location.cell, f.status) for f in kept] == \
            [(rule, cell, sdc.Status.REVIEW) for rule, cell in expected]
        assert sorted((f.rule, f.location.cell) for f in checked.findings
                      if f not in kept) == rules(model)
