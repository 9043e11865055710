"""The evidence contract every engine implements, and the assembly shared by the SQL-like ones.

A backend holds the microdata where it lives (a pandas frame, a DuckDB relation, a Polars
frame) under sdc's internal column names and answers one question: the per-cell evidence of
:func:`sdc.evidence.compute.cell_evidence`, as a small pandas frame indexed by the cells. Only
per-cell aggregates leave the engine.

The pandas backend is today's numpy implementation. The engine backends
(:class:`GroupedBackend`) compute one grouping at a time inside the engine (one row per
observed cell: its labels, counts, sums, per-contributor top contributions, statistics); the
margins, the ordering of labels (pandas' sort order), the empty cells of ``observed=False`` and
the dtypes are then put together here once, so every engine returns the same frame.

The contract follows pandas' definitions (see ``docs/engines.md``): a missing value is NULL or
NaN; a row whose key is missing is dropped; ``var``/``std`` have ``ddof=1`` (missing below two
values, exactly 0 when every value is the same); quantiles interpolate linearly between order
statistics; the mode is the smallest of the most frequent values.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from sdc.errors import InputError
from sdc.evidence.compute import (
    _MAX_FULL_CELLS,
    COUNT_COLUMNS,
    _check_quantiles,
    _encode_key,
    _margin_sets,
    contributor_label,
    evidence_frame,
    quantile_column,
    top_columns,
    top_id_columns,
)

__all__ = [
    "TEXT",
    "EvidenceBackend",
    "EvidenceRequest",
    "GroupedBackend",
    "MissingEngine",
]


# The dtype pandas gives text read from elsewhere (``str`` in pandas 3, object before): an
# engine's text labels are typed as pandas would type them after ``to_pandas()``.
TEXT = pd.Series(["text"]).dtype


class MissingEngine(InputError, ImportError):
    """The data needs an engine that is not installed; the message names the extra to install."""


@dataclass(frozen=True)
class EvidenceRequest:
    """What to compute: the arguments of :func:`~sdc.evidence.compute.cell_evidence`."""

    by: tuple[str, ...]
    value: str | None
    contributor: str | None = None
    weights: str | None = None
    top_n: int = 3
    stats: bool = True
    margins: bool | tuple[tuple[str, ...], ...] = False
    margins_name: str = "All"
    observed: bool = True
    quantiles: tuple[float, ...] = ()
    variance: bool = False
    mode: bool = False
    # pandas only: with observed=False, categorical keys contribute the categories that occur
    # (not every declared category), as pandas' dropna=False with observed=True does
    used_categories_only: bool = False
    # with a contributor: who made each top contribution (``top1_id..``, the sidecar's top_ids)
    top_ids: bool = False

    @property
    def with_ids(self) -> bool:
        return self.top_ids and self.contributor is not None and self.top_n > 0


@runtime_checkable
class EvidenceBackend(Protocol):
    """Microdata under internal column names, and the evidence of any grouping of it."""

    engine: str

    @property
    def columns(self) -> list[str]:
        """The internal column names the data has."""

    def dtype(self, column: str) -> Any:
        """The pandas dtype this column would have in pandas (labels and published values are
        typed from it: integer sums stay integers, categorical labels stay categorical)."""

    def has_missing(self, column: str) -> bool:
        """Whether the column holds a missing value (NULL, or NaN in a float column)."""

    def cell_evidence(self, request: EvidenceRequest) -> pd.DataFrame:
        """The evidence frame of ``cell_evidence`` for this request (same index, columns,
        dtypes and ``attrs``)."""


def validate(request: EvidenceRequest, columns: Sequence[str]) -> EvidenceRequest:
    """The argument checks of ``cell_evidence``, with the same messages."""
    by = list(request.by)
    if not by:
        raise ValueError("by must name at least one column")
    if len(set(by)) != len(by):
        raise ValueError(f"by has repeated columns: {by}")
    wanted = [*by, *(c for c in (request.value, request.contributor, request.weights)
                     if c is not None)]
    absent = [c for c in wanted if c not in columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the data frame")
    top_n = request.top_n
    if isinstance(top_n, bool) or int(top_n) != top_n or top_n < 0:
        raise ValueError(f"top_n must be a non-negative integer, got {top_n!r}")
    quantiles = tuple(_check_quantiles(request.quantiles))
    return EvidenceRequest(**{**request.__dict__, "top_n": int(top_n), "quantiles": quantiles})


# --- the engines that group inside themselves -------------------------------------------------


def _empty_evidence(names: list[str], n: int) -> dict[str, np.ndarray]:
    """The evidence of ``n`` cells without records (as ``cell_evidence`` gives them)."""
    out: dict[str, np.ndarray] = {}
    for name in names:
        if name in COUNT_COLUMNS:
            out[name] = np.zeros(n, dtype=np.int64)
        elif name.endswith("_id"):
            out[name] = np.full(n, None, dtype=object)
        elif name == "total" or name.startswith("top") or name.startswith("weighted_"):
            out[name] = np.zeros(n, dtype=float)
        elif name == "all_same":
            out[name] = np.zeros(n, dtype=bool)
        else:  # min, max, quantiles, var, mode
            out[name] = np.full(n, np.nan)
    return out


def _float(frame: pd.DataFrame, name: str) -> np.ndarray:
    return np.array(pd.to_numeric(frame[name], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan), dtype=float)  # a writable copy


def _int(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].fillna(0).to_numpy(dtype=np.int64)


class GroupedBackend(ABC):
    """An engine that aggregates one grouping at a time (DuckDB, Polars...).

    Subclasses implement :meth:`_group`, which returns one row per observed cell of a grouping
    with the key labels and these raw columns: ``n_records``, ``n_values``, ``n_units``,
    ``n_negative``, ``total``, ``top`` (a list of at most ``top_n`` positive contributions, in
    any order), and when asked ``min``, ``max``, ``var``, one column per quantile, ``mode``,
    ``weighted_count``, ``weighted_n_values``. Everything else is done here.
    """

    engine = "engine"

    @property
    @abstractmethod
    def columns(self) -> list[str]: ...

    @abstractmethod
    def dtype(self, column: str) -> Any: ...

    @abstractmethod
    def has_missing(self, column: str) -> bool: ...

    @abstractmethod
    def _group(self, keys: list[str], request: EvidenceRequest) -> pd.DataFrame:
        """One row per observed cell of ``keys`` (rows with a missing ``by`` key dropped)."""

    @abstractmethod
    def _labels(self, key: str) -> pd.Series:
        """The distinct non-missing labels of one key column (for ``observed=False``)."""

    @abstractmethod
    def _bad_weights(self, request: EvidenceRequest) -> bool:
        """Whether a row with every key present has a missing or negative weight."""

    def _typed(self, labels: pd.Series, key: str) -> pd.Series:
        """Labels as pandas types the column (text as ``str``, integers as int64)."""
        dtype = self.dtype(key)
        if labels.empty and self._labels(key).empty:
            # pandas' factorize of a column without one label gives an object index
            return labels.astype(object)
        if labels.dtype == dtype or dtype == np.dtype(object):
            return labels
        try:
            return labels.astype(dtype) if not labels.empty else pd.Series([], dtype=dtype)
        except (TypeError, ValueError):
            return labels

    def _declared(self, key: str, request: EvidenceRequest) -> pd.Series:
        """The labels ``observed=False`` shows: a categorical key's declared categories (only
        those that occur with ``used_categories_only``, as the pandas path does), else the
        labels that occur."""
        labels = self._typed(self._labels(key), key)
        if request.used_categories_only and isinstance(labels.dtype, pd.CategoricalDtype):
            labels = labels.cat.remove_unused_categories()
        return labels

    def _check_numeric(self, column: str) -> None:
        dtype = self.dtype(column)
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            raise TypeError(f"column {column!r} must be numeric, not {dtype}")

    def cell_evidence(self, request: EvidenceRequest) -> pd.DataFrame:
        request = validate(request, self.columns)
        by = list(request.by)
        self._check_value_columns(request)
        margins = request.margins
        margin_sets = _margin_sets(by, margins if isinstance(margins, bool)
                                   else [list(m) for m in margins])
        with_margins = len(margin_sets) > 1
        parts = [(list(kept), self._grouped(list(kept), request)) for kept in margin_sets]
        levels = self._levels(by, parts[0][1], request, with_margins)
        sizes = [len(lv) for lv in levels]
        names = _evidence_columns(request)
        evidence_parts = [_part_evidence(kept, frame, request, by, levels, sizes, names)
                          for kept, frame in parts]
        return evidence_frame(by, levels, evidence_parts,
                              request.margins_name if with_margins else None, request.observed,
                              sort=True, value=request.value, contributor=request.contributor,
                              weights=request.weights, top_n=request.top_n)

    def _check_value_columns(self, request: EvidenceRequest) -> None:
        """The value and weights columns are numeric; weights neither missing nor negative."""
        if request.value is not None:
            self._check_numeric(request.value)
        if request.weights is not None:
            self._check_numeric(request.weights)
            if self._bad_weights(request):
                raise ValueError(f"weights column {request.weights!r} has missing or negative "
                                 "weights")

    def _grouped(self, kept: list[str], request: EvidenceRequest) -> pd.DataFrame:
        """One grouping's rows, its key labels typed as the columns are."""
        grouped = self._group(kept, request)
        for key in kept:
            grouped[key] = self._typed(grouped[key], key)
        return grouped

    def _levels(self, by: list[str], full: pd.DataFrame, request: EvidenceRequest,
                with_margins: bool) -> list[pd.Index]:
        """The labels of each key (those observed, or every declared one); refuses a full
        cross-product too large to build and a margins name that is also a label."""
        if request.observed:
            levels = [_encode_key(full[name])[1] for name in by]
        else:
            levels = [_encode_key(self._declared(name, request))[1] for name in by]
        sizes = [len(lv) for lv in levels]
        if not request.observed and int(np.prod(sizes, dtype=np.int64)) > _MAX_FULL_CELLS:
            raise ValueError(f"observed=False would create {int(np.prod(sizes))} cells; use "
                             "observed=True")
        if with_margins:
            for name, lv in zip(by, levels, strict=True):
                if request.margins_name in lv:
                    raise ValueError(f"margins_name {request.margins_name!r} is a label of "
                                     f"{name!r}")
        return levels


def _top_ids(frame: pd.DataFrame, top_n: int) -> np.ndarray:
    """Who made each top contribution, from an engine's ``who`` (contributor ids) and
    ``who_amount`` (their contributions), the ``top_n + 1`` largest positive ones per cell in
    descending order: as the pandas path names them (:func:`~sdc.evidence.compute._top_owners`),
    a contribution equal to another among them has no id. An engine without these columns
    names nobody."""
    out = np.full((frame.shape[0], top_n), None, dtype=object)
    if "who" not in frame.columns or "who_amount" not in frame.columns:
        return out
    for i, (who, amounts) in enumerate(zip(frame["who"].tolist(), frame["who_amount"].tolist(),
                                           strict=True)):
        if not isinstance(who, list | tuple | np.ndarray) or not isinstance(
                amounts, list | tuple | np.ndarray):
            continue
        pairs = [(float(a), c) for a, c in zip(amounts, who, strict=True)
                 if a is not None and a > 0]
        pairs.sort(key=lambda p: -p[0])  # stable: only tied amounts could swap, and they lose
        values = [a for a, _ in pairs]
        for j in range(min(top_n, len(pairs))):
            tied = (j > 0 and values[j - 1] == values[j]) or (
                j + 1 < len(values) and values[j + 1] == values[j])
            c = pairs[j][1]
            if isinstance(c, dict):  # DuckDB's ids come wrapped (see its engine)
                c = c.get("c")
            if not tied and c is not None and not (isinstance(c, float) and np.isnan(c)):
                out[i, j] = contributor_label(c)
    return out


def _part_evidence(kept: list[str], frame: pd.DataFrame, request: EvidenceRequest,
                   by: list[str], levels: list[pd.Index], sizes: list[int], names: list[str]
                   ) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """One grouping's evidence columns and each row's label codes over every key of ``by``
    (a key the grouping leaves out gets the margin code, one past its labels)."""
    if not kept and request.observed:
        frame = frame[_int(frame, "n_records") > 0]
    columns = _evidence_from(frame, request)
    kept_codes = [np.asarray(levels[by.index(d)].get_indexer(frame[d]), dtype=np.intp)
                  for d in kept]
    if request.observed:
        n_cells = frame.shape[0]
    else:
        kept_sizes = [sizes[by.index(d)] for d in kept]
        columns, kept_codes = _every_combination(kept, kept_sizes, kept_codes, columns, names,
                                                 frame.shape[0])
        n_cells = int(np.prod(kept_sizes, dtype=np.int64))
    full_codes = [kept_codes[kept.index(d)] if d in kept
                  else np.full(n_cells, sizes[i], dtype=np.intp)
                  for i, d in enumerate(by)]
    return full_codes, {k: columns[k] for k in names}


def _every_combination(kept: list[str], kept_sizes: list[int], kept_codes: list[np.ndarray],
                       columns: dict[str, np.ndarray], names: list[str], n_rows: int
                       ) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    """``observed=False``: every combination of the kept labels, the empty ones filled with
    empty evidence; returns the filled columns and the codes of each combination."""
    n_full = int(np.prod(kept_sizes, dtype=np.int64))
    grid = [np.asarray(c, dtype=np.intp) for c in np.unravel_index(
        np.arange(n_full), kept_sizes)] if kept else []
    filled = _empty_evidence(names, n_full)
    if n_rows:
        at = (np.ravel_multi_index(kept_codes, kept_sizes) if kept
              else np.zeros(n_rows, dtype=np.intp))
        for name in names:
            filled[name][at] = columns[name]
    return filled, grid


def _evidence_columns(request: EvidenceRequest) -> list[str]:
    """The evidence columns in ``cell_evidence``'s order."""
    names = ["n_records", "n_units", "n_values", "n_missing", "n_negative", "total",
             *top_columns(request.top_n)]
    if request.with_ids:
        names += top_id_columns(request.top_n)
    if request.stats:
        names += ["min", "max", "all_same"]
    if request.variance:
        names.append("var")
    names += [quantile_column(q) for q in request.quantiles]
    if request.mode:
        names.append("mode")
    if request.weights is not None:
        names += ["weighted_count", "weighted_n_values"]
    return names


def _evidence_from(frame: pd.DataFrame, request: EvidenceRequest) -> dict[str, np.ndarray]:
    """The evidence columns of one grouping from an engine's raw per-cell aggregates."""
    n = frame.shape[0]
    out: dict[str, np.ndarray] = {}
    n_records = _int(frame, "n_records")
    n_values = _int(frame, "n_values")
    out["n_records"] = n_records
    out["n_units"] = _int(frame, "n_units")
    out["n_values"] = n_values
    out["n_missing"] = n_records - n_values
    out["n_negative"] = _int(frame, "n_negative")
    out["total"] = np.nan_to_num(_float(frame, "total"), nan=0.0)
    top = np.zeros((n, request.top_n), dtype=float)
    if request.top_n:
        for i, lst in enumerate(frame["top"].tolist()):
            if not isinstance(lst, list | tuple | np.ndarray):  # no positive contribution
                continue
            ranked = sorted((float(x) for x in lst if x is not None and x > 0), reverse=True)
            ranked = ranked[: request.top_n]
            top[i, : len(ranked)] = ranked
    for j, name in enumerate(top_columns(request.top_n)):
        out[name] = top[:, j]
    if request.with_ids:
        ids = _top_ids(frame, request.top_n)
        for j, name in enumerate(top_id_columns(request.top_n)):
            out[name] = ids[:, j]
    lo = hi = np.full(n, np.nan)
    if request.stats or request.variance:
        if request.value is None:
            lo, hi = np.full(n, np.nan), np.full(n, np.nan)
        else:
            lo, hi = _float(frame, "min"), _float(frame, "max")
    if request.stats:
        out["min"], out["max"] = lo, hi
        out["all_same"] = (n_values > 0) & (lo == hi)
    if request.variance:
        var = np.full(n, np.nan) if request.value is None else _float(frame, "var")
        var[(n_values < 2)] = np.nan
        var[(n_values > 1) & (lo == hi)] = 0.0  # not a rounding residue of the mean
        out["var"] = var
    for q in request.quantiles:
        name = quantile_column(q)
        out[name] = np.full(n, np.nan) if request.value is None else _float(frame, name)
    if request.mode:
        out["mode"] = np.full(n, np.nan) if request.value is None else _float(frame, "mode")
    if request.weights is not None:
        out["weighted_count"] = np.nan_to_num(_float(frame, "weighted_count"), nan=0.0)
        if request.value is None:
            out["weighted_n_values"] = out["weighted_count"]
        else:
            out["weighted_n_values"] = np.nan_to_num(_float(frame, "weighted_n_values"),
                                                     nan=0.0)
    return out
