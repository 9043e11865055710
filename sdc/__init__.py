"""sdc: statistical disclosure control checks for research outputs leaving a TRE.

The public names are imported on first use (module ``__getattr__``), so ``import sdc`` and
``sdc --help`` load neither pandas nor scipy nor matplotlib until something needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sdc.version import __version__

# public name -> the module that defines it
_EXPORTS = {
    "SDCTable": "sdc.api",
    "UnsupportedAggregation": "sdc.api",
    "aggregate": "sdc.api",
    "check_model": "sdc.api",
    "crosstab": "sdc.api",
    "logit": "sdc.api",
    "ols": "sdc.api",
    "pivot_table": "sdc.api",
    "probit": "sdc.api",
    "quantile": "sdc.api",
    "ChartResult": "sdc.charts.plotting",
    "bar": "sdc.charts.plotting",
    "boxplot": "sdc.charts.plotting",
    "hist": "sdc.charts.plotting",
    "kaplan_meier": "sdc.charts.plotting",
    "check": "sdc.engine",
    "Policy": "sdc.policy",
    "PolicyError": "sdc.policy",
    "load_policy": "sdc.policy",
    "protect": "sdc.protect",
    "Finding": "sdc.results",
    "Location": "sdc.results",
    "OutputResult": "sdc.results",
    "RunResult": "sdc.results",
    "Status": "sdc.results",
}

__all__ = [
    "ChartResult",
    "Finding",
    "Location",
    "OutputResult",
    "Policy",
    "PolicyError",
    "RunResult",
    "SDCTable",
    "Status",
    "UnsupportedAggregation",
    "__version__",
    "aggregate",
    "bar",
    "boxplot",
    "check",
    "check_model",
    "crosstab",
    "hist",
    "kaplan_meier",
    "load_policy",
    "logit",
    "ols",
    "pivot_table",
    "probit",
    "protect",
    "quantile",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sdc' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, eagerly
    from sdc.api import (
        SDCTable,
        UnsupportedAggregation,
        check_model,
        logit,
        ols,
        probit,
        quantile,
    )
    from sdc.api.aggregate import aggregate
    from sdc.api.crosstab import crosstab, pivot_table
    from sdc.charts.plotting import ChartResult, bar, boxplot, hist, kaplan_meier
    from sdc.engine import check
    from sdc.policy import Policy, PolicyError, load_policy
    from sdc.protect import protect
    from sdc.results import Finding, Location, OutputResult, RunResult, Status
