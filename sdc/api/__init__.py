"""The Python API: pandas-shaped tables and statsmodels fits that know their disclosure risk.

Each function returns the result a researcher expects (the pandas table, the fitted model)
together with its findings under the TRE's policy, and saves it with the evidence sidecar that
``sdc check`` reads. statsmodels is imported only when a model wrapper is called.
"""

from sdc.api.aggfuncs import Quantile, UnsupportedAggregation, quantile
from sdc.api.aggregate import aggregate
from sdc.api.crosstab import crosstab, pivot_table
from sdc.api.models import SDCModel, check_model, logit, ols, probit
from sdc.api.sdc_table import SDCTable

__all__ = [
    "Quantile",
    "SDCModel",
    "SDCTable",
    "UnsupportedAggregation",
    "aggregate",
    "check_model",
    "crosstab",
    "logit",
    "ols",
    "pivot_table",
    "probit",
    "quantile",
]
