"""The pandas backend: the numpy implementation of :mod:`sdc.evidence.compute`, unchanged."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sdc.evidence.backends.base import EvidenceRequest
from sdc.evidence.compute import cell_evidence

__all__ = ["PandasBackend"]


class PandasBackend:
    """Microdata in a pandas DataFrame (already under the internal column names)."""

    engine = "pandas"

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def dtype(self, column: str) -> Any:
        return self.frame[column].dtype

    def has_missing(self, column: str) -> bool:
        return bool(self.frame[column].isna().any())

    def cell_evidence(self, request: EvidenceRequest) -> pd.DataFrame:
        frame = self.frame
        if request.used_categories_only:
            frame = frame.assign(**{
                k: frame[k].cat.remove_unused_categories() for k in request.by
                if isinstance(frame[k].dtype, pd.CategoricalDtype)})
        margins = request.margins
        return cell_evidence(
            frame, list(request.by), request.value, contributor=request.contributor,
            weights=request.weights, top_n=request.top_n, stats=request.stats,
            margins=margins if isinstance(margins, bool) else [list(m) for m in margins],
            margins_name=request.margins_name, observed=request.observed,
            quantiles=request.quantiles, variance=request.variance, mode=request.mode,
            top_ids=request.with_ids,
        )
