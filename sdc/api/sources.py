"""The data-first functions' data: a pandas frame, or an engine's object left where it lives.

``pivot_table``, ``aggregate`` and ``crosstab(data=...)`` take a pandas DataFrame, a DuckDB
relation, a Polars DataFrame/LazyFrame or a path to a Parquet/CSV file. For pandas the table is
built as before; anything else is bound to the internal column names by
:func:`sdc.evidence.backends.open_backend`, which computes the evidence inside the engine.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from sdc.evidence.backends import EvidenceBackend, open_backend

__all__ = ["engine_backend"]


def engine_backend(data: Any, keys: Mapping[str, Hashable],
                   extras: Mapping[str, tuple[Any, str]]) -> EvidenceBackend | None:
    """A backend over engine ``data`` (None for a pandas DataFrame: the caller builds the frame).

    ``keys`` maps internal names to the data's key columns; ``extras`` maps internal names to
    ``(given, what)`` for values, contributor and weights, which must be column names here:
    a pandas Series cannot be lined up with rows that live in another engine.
    """
    if isinstance(data, pd.DataFrame):
        return None
    columns = {internal: str(name) for internal, name in keys.items()}
    for internal, (given, what) in extras.items():
        if given is None:
            continue
        if pd.api.types.is_list_like(given):
            raise TypeError(f"{what}= must name a column of the data when the data is not a "
                            "pandas DataFrame")
        columns[internal] = str(given)
    return open_backend(data, columns)
