"""Evidence where the data lives: pandas, DuckDB, Polars and Spark behind one contract.

:func:`open_backend` takes the researcher's data object unchanged (a pandas DataFrame, a DuckDB
relation, a Polars DataFrame or LazyFrame, a Spark DataFrame, or a path to a Parquet/CSV file,
read by DuckDB) and
the columns to use, and returns an :class:`~sdc.evidence.backends.base.EvidenceBackend`. The
engines are optional extras, imported only when their data is given; a missing one raises
:class:`MissingEngine` naming the extra to install.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from sdc.evidence.backends.base import (
    EvidenceBackend,
    EvidenceRequest,
    GroupedBackend,
    MissingEngine,
)

__all__ = [
    "EvidenceBackend",
    "EvidenceRequest",
    "GroupedBackend",
    "MissingEngine",
    "engine_of",
    "open_backend",
]


def engine_of(data: Any) -> str | None:
    """Which engine holds ``data`` ("pandas", "duckdb", "polars", "spark", "path"), judged by
    its type's module so that no engine is imported to ask; None for anything else."""
    if isinstance(data, str | os.PathLike):
        return "path"
    module = type(data).__module__.split(".")[0]
    if module in ("_duckdb", "duckdb"):
        return "duckdb"
    if module == "polars":
        return "polars"
    if module == "pyspark":
        return "spark"
    if module == "pandas":
        return "pandas"
    return None


def _require(module: str, extra: str, why: str) -> Any:
    try:
        return import_module(module)
    except ImportError as exc:
        raise MissingEngine(f"{why} needs {module}: install it with pip install 'sdc[{extra}]'") \
            from exc


def open_backend(data: Any, columns: Mapping[str, str]) -> EvidenceBackend:
    """A backend over ``data`` with each internal name of ``columns`` bound to its source
    column. pandas data is handled by the caller (it may carry Series, not only names)."""
    engine = engine_of(data)
    if engine == "path":
        path = Path(os.fspath(data))
        _require("duckdb", "duckdb", f"reading {path.name} where it lies")
        if not any(path.parent.glob(path.name)) and not path.exists():
            raise FileNotFoundError(f"no data file {os.fspath(data)!r}")
        from sdc.evidence.backends.duckdb_engine import DuckDBBackend

        return DuckDBBackend.from_path(path, columns)
    if engine == "duckdb":
        from sdc.evidence.backends.duckdb_engine import DuckDBBackend

        return DuckDBBackend(data, columns)
    if engine == "polars":
        from sdc.evidence.backends.polars_engine import PolarsBackend

        return PolarsBackend(data, columns)
    if engine == "spark":
        _require("pyspark", "spark", "a Spark DataFrame")
        from sdc.evidence.backends.spark_engine import SparkBackend

        return SparkBackend(data, columns)
    raise TypeError(f"data must be a pandas DataFrame, a DuckDB relation, a Polars DataFrame "
                    f"or LazyFrame, a Spark DataFrame, or a path to a Parquet/CSV file, not "
                    f"{type(data).__name__}")
