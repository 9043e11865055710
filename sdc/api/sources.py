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

from sdc.api.args import data_column
from sdc.api.tabulate import CONTRIBUTOR, VALUE, WEIGHT
from sdc.evidence.backends import EvidenceBackend, open_backend

__all__ = ["bind_data", "engine_backend"]


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


def bind_data(data: Any, keys: dict[str, Hashable], values: Any, contributor: Any,
          weights: Any) -> Any:
    """The internal data of a data-first table: a pandas frame, or an engine's backend."""
    extras = {VALUE: (values, "values"), CONTRIBUTOR: (contributor, "contributor"),
              WEIGHT: (weights, "weights")}
    backend = engine_backend(data, keys, extras)
    if backend is not None:
        return backend
    for name in [*keys.values(), *([values] if values is not None else [])]:
        if name not in data.columns:
            raise KeyError(name)
    frame = pd.DataFrame({k: data[c] for k, c in keys.items()})
    if values is not None:
        frame[VALUE] = data[values]
    for column, given, what in ((CONTRIBUTOR, contributor, "contributor"),
                                (WEIGHT, weights, "weights")):
        found = data_column(data, given, what)
        if found is not None:
            frame[column] = found
    return frame
