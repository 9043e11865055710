"""``sdc.aggregate``: a long table of several statistics of one variable per group, checked.

The shape is ``df.groupby(by)[values].agg(stats)``: one row per group, one column per
statistic. Every statistic of a row describes the same units, so one evidence record per row
serves them all (and the sidecar keys it by the group's labels).
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from sdc.api.aggfuncs import Stat, resolve
from sdc.api.args import check_population, given_name
from sdc.api.sdc_table import SDCTable, resolve_policy
from sdc.api.sources import bind_data
from sdc.api.tabulate import (
    CONTRIBUTOR,
    VALUE,
    WEIGHT,
    TableSpec,
    _pandas_axis,
    _pandas_dtype,
    _stat_values,
    top_n_for,
    unique_names,
)
from sdc.evidence.backends import EvidenceRequest
from sdc.policy import Policy
from sdc.readers.roles import role_from_text
from sdc.table import Measure, Role

__all__ = ["aggregate", "stat_label"]


def stat_label(stat: Stat) -> str:
    """The column name of a statistic, chosen so a reader of the CSV knows what it holds
    (``p90``; an unusual percentile becomes ``percentile_99.9``)."""
    if stat.is_quantile and stat.name != "median" and role_from_text(stat.name) is not \
            Role.STATISTIC:
        return "percentile_" + stat.name[1:]
    return stat.name


def aggregate(
    df: Any,
    by: Hashable | Sequence[Hashable],
    values: Hashable,
    stats: Sequence[Any] = ("count", "mean"),
    *,
    contributor: Any = None,
    weights: Any = None,
    where: str | None = None,
    population: Mapping[str, Any] | None = None,
    policy: Policy | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    top_ids: bool = True,
) -> SDCTable:
    """Statistics of ``values`` per group of ``by``: ``count, size, sum, mean, median, std,
    var, min, max, mode`` and percentiles (``"p90"``, ``sdc.quantile(0.9)``).

    ``count`` is the number of non-missing values (distinct contributors with ``contributor=``)
    and ``size`` the number of records; neither is weighted. With ``weights=`` sums and means
    are weighted and the other statistics refuse weights.

    ``df`` may also be a DuckDB relation, a Polars DataFrame/LazyFrame or a Parquet/CSV path:
    the statistics and their evidence are then computed inside that engine.

    With ``contributor=``, the table also records who made each group's largest contributions
    (the sidecar's ``top_ids``, as ``sdc.crosstab`` does; ``top_ids=False`` leaves them out),
    so SDC502 audits a contributor found in several hidden cells with all its contributions.
    """
    keys = [by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by)
    if not keys:
        raise ValueError("by must name at least one column")
    resolved, labels = _statistics(stats)
    internal = [f"__sdc_key{i}__" for i in range(len(keys))]
    if values is None:
        raise ValueError("aggregate needs values=: the column to summarise")
    frame = bind_data(df, dict(zip(internal, keys, strict=True)), values, contributor, weights)
    spec = TableSpec(data=frame, index_keys=internal, column_keys=[], index_names=keys,
                     column_names=[], stat=None, value_name=values, where=where,
                     population=check_population(population), function="aggregate",
                     top_ids=top_ids)
    if spec.weighted:
        refused = [s.name for s in resolved if not s.weightable]
        if refused:
            raise ValueError(f"weights= cannot be used with {refused}: weights apply to "
                             "sums and means")
    policy_obj = resolve_policy(policy)
    ev = spec.backend.cell_evidence(_evidence_request(spec, resolved, policy_obj))
    columns = {label: _pandas_dtype(_stat_values(ev, replace(spec, stat=s)),
                                    replace(spec, stat=s)).to_numpy()
               for s, label in zip(resolved, labels, strict=True)}
    index = ev.index if len(keys) > 1 else ev.index.get_level_values(0)
    table = pd.DataFrame(columns, index=index)
    table.index = _pandas_axis(table.index, [spec.backend.dtype(k) for k in internal],
                               False).set_names(keys)
    measures = [Measure(name=label, role=s.role) for s, label in
                zip(resolved, labels, strict=True)]
    meta = {
        "values": str(values),
        "aggfunc": None,  # several statistics: each column's header names its own
        "stats": labels,
        "population": dict(population) if population is not None else None,
        "where": where,
        "contributor": None if contributor is None else str(
            given_name(contributor, "contributor")),
        "weighted": spec.weighted,
        "function": "sdc.aggregate",
    }
    return SDCTable(table, evidence=ev, meta=meta, policy=policy_obj, row_dims=unique_names(keys),
                    col_dims=None, measures=measures, margins_name=None, name="aggregate")


def _statistics(stats: Sequence[Any]) -> tuple[list[Stat], list[str]]:
    """The statistics asked for and their column names (at least one, none repeated)."""
    resolved = [resolve(s) for s in stats]
    if not resolved:
        raise ValueError("stats must name at least one statistic")
    labels = [stat_label(s) for s in resolved]
    if len(set(labels)) != len(labels):
        raise ValueError(f"a statistic is repeated in {labels}")
    return resolved, labels


def _evidence_request(spec: TableSpec, resolved: list[Stat], policy: Policy
                      ) -> EvidenceRequest:
    """One evidence pass for every statistic: the quantiles, variance and mode they need."""
    return EvidenceRequest(
        by=tuple(spec.index_keys), value=VALUE,
        contributor=CONTRIBUTOR if spec.by_contributor else None,
        weights=WEIGHT if spec.weighted else None, top_n=top_n_for(policy), stats=True,
        quantiles=tuple(sorted({s.q for s in resolved if s.q is not None})),
        variance=any(s.name in ("std", "var") for s in resolved),
        mode=any(s.name == "mode" for s in resolved),
        top_ids=spec.top_ids,  # who made each top contribution: SDC502's respondent audit
    )
