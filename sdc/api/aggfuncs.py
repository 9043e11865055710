"""The statistics the API can publish, and how each is checked.

An aggregation is accepted only when sdc can compute both the published value and the evidence
the rules need from one vectorised pass over the data. Anything else (a lambda, ``np.std``
with its ``ddof=0``, ``"nunique"``) raises :class:`UnsupportedAggregation` instead of being
published unchecked.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sdc.errors import InputError
from sdc.table import Role

__all__ = [
    "SUPPORTED",
    "Quantile",
    "Stat",
    "UnsupportedAggregation",
    "quantile",
    "resolve",
]

SUPPORTED = ("count", "size", "sum", "mean", "median", "std", "var", "min", "max", "mode",
             "q<percent> / p<percent> (e.g. 'q25', 'p90')", "sdc.quantile(q)")

_QUANTILE_NAME = re.compile(r"^[qp](\d+(?:\.\d+)?)$")

# Callables recognised by identity only, mapped to the string statistic with the same meaning
# (missing values skipped). np.std/np.var are refused: pandas applies them with ddof=0 while the
# "std"/"var" statistics have ddof=1, and silently picking one would publish the wrong number.
_CALLABLES: dict[Any, str] = {
    np.mean: "mean", np.nanmean: "mean", np.average: "mean",
    np.sum: "sum", np.nansum: "sum", builtins.sum: "sum",
    np.median: "median", np.nanmedian: "median",
    np.min: "min", np.nanmin: "min", builtins.min: "min",
    np.max: "max", np.nanmax: "max", builtins.max: "max",
    len: "size",
}


class UnsupportedAggregation(InputError, ValueError):
    """An aggregation the API cannot check; the message names it and lists what is supported."""

    def __init__(self, aggfunc: Any, reason: str = "") -> None:
        shown = getattr(aggfunc, "__name__", None) or repr(aggfunc)
        why = f" ({reason})" if reason else ""
        super().__init__(f"aggregation {shown!r} is not supported{why}; supported: "
                         + ", ".join(SUPPORTED))
        self.aggfunc = aggfunc


@dataclass(frozen=True)
class Quantile:
    """The ``q`` quantile (linear interpolation), usable as ``aggfunc`` here and in pandas."""

    q: float

    def __post_init__(self) -> None:
        if isinstance(self.q, bool) or not 0 <= float(self.q) <= 1:
            raise ValueError(f"quantile {self.q!r} must be a fraction in [0, 1]")

    @property
    def __name__(self) -> str:  # pandas names result columns after the function
        return percentile_label(self.q)

    def __call__(self, values: pd.Series) -> float:
        return float(pd.Series(values).quantile(self.q))


def quantile(q: float) -> Quantile:
    """The ``q`` quantile as an aggregation: ``sdc.crosstab(..., aggfunc=sdc.quantile(0.9))``."""
    return Quantile(float(q))


def percentile_label(q: float) -> str:
    """``0.9`` -> ``p90``, ``0.025`` -> ``p2.5``."""
    return f"p{round(q * 100, 6):g}"


@dataclass(frozen=True)
class Stat:
    """A resolved aggregation: its canonical name, the role of its cells and what it needs."""

    name: str  # count, size, sum, mean, median, std, var, min, max, mode, or p90...
    q: float | None = None  # for quantiles (median is q=0.5)

    @property
    def role(self) -> Role:
        if self.name in ("count", "size"):
            return Role.COUNT
        if self.name in ("sum", "mean"):
            return Role.MAGNITUDE
        if self.name in ("min", "max"):
            return Role.EXTREME
        return Role.STATISTIC

    @property
    def is_quantile(self) -> bool:
        return self.q is not None

    @property
    def weightable(self) -> bool:
        """Statistics that accept ``weights=``: sums and means are weighted, counts and
        extremes ignore the weights; the others have no single weighted form and refuse."""
        return self.name in ("count", "size", "sum", "mean", "min", "max")


def resolve(aggfunc: Any) -> Stat:
    """Map an ``aggfunc`` argument to a :class:`Stat`, or raise :class:`UnsupportedAggregation`."""
    if isinstance(aggfunc, Quantile):
        return _quantile_stat(aggfunc.q)
    if isinstance(aggfunc, str):
        name = aggfunc.strip().lower()
        if name in ("count", "size", "sum", "mean", "std", "var", "min", "max", "mode"):
            return Stat(name)
        if name == "median":
            return Stat("median", 0.5)
        match = _QUANTILE_NAME.match(name)
        if match:
            percent = float(match.group(1))
            if percent > 100:
                raise UnsupportedAggregation(aggfunc, "a percentile must be between 0 and 100")
            return _quantile_stat(percent / 100)
        raise UnsupportedAggregation(aggfunc)
    if callable(aggfunc):
        try:
            known = _CALLABLES.get(aggfunc)
        except TypeError:  # unhashable callable
            known = None
        if known is not None:
            return resolve(known)
        reason = ("np.std/np.var use ddof=0 in pandas; pass 'std' or 'var' (ddof=1)"
                  if aggfunc in (np.std, np.var, np.nanstd, np.nanvar) else
                  "arbitrary functions cannot be checked; pass one of the names")
        raise UnsupportedAggregation(aggfunc, reason)
    if isinstance(aggfunc, list | tuple | dict):
        raise UnsupportedAggregation(aggfunc, "one aggregation per table; use sdc.aggregate "
                                     "for several statistics")
    raise UnsupportedAggregation(aggfunc)


def _quantile_stat(q: float) -> Stat:
    """The 0th and 100th percentiles are the minimum and maximum, and are checked as such."""
    if q == 0:
        return Stat("min")
    if q == 1:
        return Stat("max")
    if q == 0.5:
        return Stat("median", 0.5)
    return Stat(percentile_label(q), float(q))
