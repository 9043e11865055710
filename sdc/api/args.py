"""Argument helpers shared by the table functions: names, columns and population filters."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

__all__ = ["check_population", "data_column", "given_name", "series_name"]


def check_population(population: Any) -> Mapping[str, Any] | None:
    """The population filter recorded in the sidecar: a mapping like request.toml's."""
    if population is not None and not isinstance(population, Mapping):
        raise TypeError("population must be a mapping such as {'sex': 'F'}")
    return population


def series_name(obj: Any, default: str) -> Hashable | None:
    """A Series' name, else ``default`` (arrays have none), else None when nothing was given."""
    if obj is None:
        return None
    return obj.name if isinstance(obj, pd.Series) and obj.name is not None else default


def given_name(given: Any, default: str) -> Hashable | None:
    """The name a column was given by: its label, a Series' name, or ``default``."""
    if given is None or not pd.api.types.is_list_like(given):
        return given
    return series_name(given, default)


def data_column(data: pd.DataFrame, given: Any, what: str) -> Any:
    """A column of ``data`` named by ``given``, or ``given`` itself when it is a Series."""
    if given is None or isinstance(given, pd.Series):
        return given
    if pd.api.types.is_list_like(given):
        return given
    if given not in data.columns:
        raise KeyError(f"{what} column {given!r} is not in the data")
    return data[given]
