"""sdc: statistical disclosure control checks for research outputs leaving a TRE."""

from sdc.api import (
    SDCTable,
    UnsupportedAggregation,
    aggregate,
    check_model,
    crosstab,
    logit,
    ols,
    pivot_table,
    probit,
    quantile,
)
from sdc.charts.api import ChartResult, bar, boxplot, hist, kaplan_meier
from sdc.engine import check
from sdc.policy import Policy, PolicyError, load_policy
from sdc.protect import protect
from sdc.results import Finding, Location, OutputResult, RunResult, Status
from sdc.version import __version__

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
