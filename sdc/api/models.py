"""Model wrappers: fit with statsmodels, record the residual degrees of freedom, check them.

A model with few residual degrees of freedom nearly reproduces its records (SDC301). The
wrappers fit through statsmodels' formula API (an optional dependency, imported on first use)
and return an :class:`SDCModel` whose findings are those ``sdc check`` gives the saved
coefficient table (with its sidecar) or the saved summary text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sdc.api.rendering import build_output
from sdc.api.sdc_table import resolve_policy, run_rules
from sdc.evidence.compute import COUNT_COLUMNS
from sdc.evidence.sidecar import sidecar_path, write_sidecar
from sdc.outputs import Output
from sdc.policy import Policy
from sdc.results import Finding, OutputResult, Status
from sdc.table import Measure, Role

__all__ = ["SDCModel", "check_model", "logit", "ols", "probit"]

PolicyArg = Policy | str | os.PathLike[str] | Mapping[str, Any] | None


def _formula_api() -> Any:
    try:
        import statsmodels.formula.api as smf
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("sdc's model wrappers need statsmodels: pip install 'sdc[models]' "
                          "(or pip install statsmodels)") from exc
    return smf


class SDCModel:
    """A fitted statsmodels result with its residual degrees of freedom checked.

    ``result`` is the statsmodels result (everything statsmodels offers is there);
    ``findings``/``status`` come from the policy's rules; ``to_text`` writes the summary and
    ``to_csv`` the coefficient table with a sidecar recording ``dof``.
    """

    def __init__(self, result: Any, *, policy: Policy, name: str = "model") -> None:
        if not hasattr(result, "df_resid") or not hasattr(result, "params"):
            raise TypeError("check_model needs a fitted statsmodels result (with df_resid and "
                            f"params), not {type(result).__name__}")
        self.result = result
        self.policy = policy
        self.name = name
        self.dof = float(result.df_resid)
        self._result: OutputResult | None = None

    def __repr__(self) -> str:
        return (f"<SDCModel {type(self.result.model).__name__} dof={self.dof:g} "
                f"status={self.status}>")

    def summary(self) -> Any:
        """statsmodels' summary of the fit."""
        return self.result.summary()

    def coefficients(self) -> pd.DataFrame:
        """Estimates, standard errors, test statistics, p-values and 95% intervals."""
        res = self.result
        stat = "tvalue" if getattr(res, "use_t", True) else "zvalue"
        conf = pd.DataFrame(res.conf_int())
        table = pd.DataFrame({
            "coef": res.params, "se": res.bse, stat: res.tvalues, "pvalue": res.pvalues,
            "lci": conf.iloc[:, 0], "uci": conf.iloc[:, 1],
        })
        table.index = pd.Index([str(t) for t in table.index], name="term")
        return table

    # --- the check --------------------------------------------------------------------------

    @property
    def output(self) -> Output:
        """The coefficient table as saved by :meth:`to_csv`, with the model's dof."""
        table = self.coefficients()
        output, _ = build_output(
            table, path=f"{self.name}.csv", policy=self.policy, row_dims=["term"],
            col_dims=None, measures=[Measure(name=str(c), role=Role.MODEL)
                                     for c in table.columns], margins_name=None)
        output.model_dof.append(self.dof)
        output.kind = "model"
        return output

    @property
    def check_result(self) -> OutputResult:
        if self._result is None:
            self._result = run_rules(self.output, self.policy)
        return self._result

    @property
    def findings(self) -> list[Finding]:
        return self.check_result.findings

    @property
    def status(self) -> Status:
        return self.check_result.status

    # --- saving -----------------------------------------------------------------------------

    def to_text(self, path: str | os.PathLike[str]) -> Path:
        """Write the statsmodels summary; ``sdc check`` reads its residual dof."""
        target = Path(path)
        target.write_text(str(self.result.summary()), encoding="utf-8")
        return target

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write the coefficient table and a sidecar whose ``table.dof`` is the residual dof."""
        target = Path(path)
        self.coefficients().to_csv(target)
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in COUNT_COLUMNS}
                             | {"total": pd.Series(dtype=float)},
                             index=pd.MultiIndex.from_arrays([[]], names=["term"]))
        meta = {"index": ["term"], "columns": [], "dof": self.dof, "top_n": 0,
                "model": type(self.result.model).__name__,
                "formula": getattr(self.result.model, "formula", None),
                "function": "sdc.check_model"}
        write_sidecar(sidecar_path(target), meta, empty)
        return target


def check_model(result: Any, *, policy: PolicyArg = None, name: str = "model") -> SDCModel:
    """Check an already-fitted statsmodels result (anything with ``df_resid``)."""
    return SDCModel(result, policy=resolve_policy(policy), name=name)


def _fit(kind: str, formula: str, data: pd.DataFrame, policy: PolicyArg,
         fit_kwargs: dict[str, Any]) -> SDCModel:
    smf = _formula_api()
    model = getattr(smf, kind)(formula, data)
    if kind in ("logit", "probit"):
        fit_kwargs.setdefault("disp", False)
    return SDCModel(model.fit(**fit_kwargs), policy=resolve_policy(policy), name=kind)


def ols(formula: str, data: pd.DataFrame, *, policy: PolicyArg = None,
        **fit_kwargs: Any) -> SDCModel:
    """Ordinary least squares (``statsmodels.formula.api.ols(formula, data).fit()``), checked."""
    return _fit("ols", formula, data, policy, fit_kwargs)


def logit(formula: str, data: pd.DataFrame, *, policy: PolicyArg = None,
          **fit_kwargs: Any) -> SDCModel:
    """Logistic regression (``statsmodels.formula.api.logit``), checked."""
    return _fit("logit", formula, data, policy, fit_kwargs)


def probit(formula: str, data: pd.DataFrame, *, policy: PolicyArg = None,
           **fit_kwargs: Any) -> SDCModel:
    """Probit regression (``statsmodels.formula.api.probit``), checked."""
    return _fit("probit", formula, data, policy, fit_kwargs)
