"""``SDCTable``: a pandas result that knows its disclosure findings and saves its evidence.

It shows the table exactly as pandas would (``repr``, notebooks), and checks it with the same
rules and policy ``sdc check`` applies to the saved file: the cells are rendered as the CSV
pandas writes, each carries the evidence record the sidecar will hold, and the engine runs over
that in-memory output. Saving writes the table and its ``.sdc.json`` sidecar side by side.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sdc.api.rendering import Rendered, build_output, render
from sdc.engine import run_outputs
from sdc.evidence.compute import COUNT_COLUMNS, top_id_columns
from sdc.evidence.sidecar import sidecar_path, top_ids_of, write_sidecar
from sdc.outputs import Output
from sdc.policy import Policy, build_policy, load_policy
from sdc.readers.values import MarkerSet
from sdc.results import Finding, OutputResult, Status
from sdc.table import Measure

if TYPE_CHECKING:
    from sdc.protect.protection import ProtectResult

__all__ = ["SDCTable", "evidence_records", "resolve_policy", "run_rules"]


def resolve_policy(policy: Policy | str | os.PathLike[str] | Mapping[str, Any] | None) -> Policy:
    """A ``Policy``; a path to a rules.toml; a mapping of overrides (rules.toml's shape, with an
    optional ``profile`` key); or None for ./rules.toml, else the built-in defaults."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, Mapping):
        raw = dict(policy)
        return build_policy(raw, profile=raw.get("profile"))
    return load_policy(None if policy is None else Path(policy))


def run_rules(output: Output, policy: Policy) -> OutputResult:
    """Run every enabled rule over one in-memory output, as ``sdc check`` would over the file."""
    return run_outputs([output], policy).result.outputs[0]


def _numbers(frame: pd.DataFrame, column: str) -> list[float | None]:
    """A column as JSON numbers: floats, with ``None`` for missing or non-finite values."""
    if column not in frame.columns:
        return [None] * len(frame)
    values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    return [v if math.isfinite(v) else None for v in values.tolist()]


def evidence_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The sidecar's cell records (``sdc.evidence/1``) for an evidence frame indexed by the
    published labels, built column-wise: the records :func:`~sdc.evidence.sidecar.write_sidecar`
    writes and ``sdc check`` reads back, without a per-cell Python conversion of every field."""
    n = len(frame)
    dims = [str(name) for name in frame.index.names]
    labels = [frame.index.get_level_values(i).tolist() for i in range(frame.index.nlevels)]
    counts = {c: frame[c].to_numpy(dtype=np.int64).tolist() for c in COUNT_COLUMNS}
    tops = [c for c in frame.columns if isinstance(c, str) and c.startswith("top")
            and c[3:].isdigit()]
    top = np.nan_to_num(frame[tops].to_numpy(dtype=float, na_value=np.nan), nan=0.0,
                        posinf=0.0, neginf=0.0) if tops else np.zeros((n, 0))
    top_lists = (top + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0, as the sidecar writes it
    numbers = {c: _numbers(frame, c) for c in ("total", "min", "max", "weighted_count",
                                                "weighted_n_values")}
    if "all_same" in frame.columns:
        same = [None if v is None or v is pd.NA else bool(v)
                for v in frame["all_same"].astype(object).tolist()]
    else:
        same = [None] * n
    dof = [None if v is None else int(v) for v in _numbers(frame, "dof")]
    id_columns = [c for c in top_id_columns(len(tops)) if c in frame.columns]
    id_rows = (frame[id_columns].astype(object).to_numpy().tolist() if id_columns
               else [[]] * n)
    records = []
    for i in range(n):
        ids = top_ids_of(id_rows[i]) if id_columns else None
        records.append({
            "coords": {d: str(labels[k][i]) for k, d in enumerate(dims)},
            **{c: counts[c][i] for c in COUNT_COLUMNS},
            "total": numbers["total"][i], "top": top_lists[i],
            "min": numbers["min"][i], "max": numbers["max"][i], "all_same": same[i],
            "weighted_count": numbers["weighted_count"][i],
            "weighted_n_values": numbers["weighted_n_values"][i], "dof": dof[i],
            **({"top_ids": ids} if ids is not None else {}),
        })
    return records


class SDCTable:
    """A table made with the API: the pandas result, its evidence and its findings.

    ``df`` (or ``to_pandas()``) is the table as pandas computes it. ``findings`` and ``status``
    come from the real rules under the table's policy. ``to_csv``/``to_excel`` write the table
    and its evidence sidecar (``name.csv.sdc.json``), which stays in the TRE for ``sdc check``.
    Other attributes (``loc``, ``shape``...) are the DataFrame's.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        evidence: pd.DataFrame,
        meta: Mapping[str, Any],
        policy: Policy,
        row_dims: Sequence[str],
        col_dims: Sequence[str | None] | None,
        measures: Sequence[Measure],
        margins_name: str | None,
        name: str = "table",
    ) -> None:
        self._df = df
        self._evidence = evidence  # one record per published cell (wide) or row (long)
        self._meta = dict(meta)
        self.policy = policy
        self._row_dims = list(row_dims)
        self._col_dims = None if col_dims is None else list(col_dims)
        self._measures = list(measures)
        self._margins_name = margins_name
        self.name = name
        self._result: OutputResult | None = None
        self._output: Output | None = None
        self._sidecar_frame: pd.DataFrame | None = None
        self._rendered: Rendered | None = None

    # --- the table --------------------------------------------------------------------------

    @property
    def df(self) -> pd.DataFrame:
        """The table, as pandas would have computed it."""
        return self._df

    def to_pandas(self) -> pd.DataFrame:
        """The table as a plain DataFrame."""
        return self._df

    @property
    def evidence(self) -> pd.DataFrame:
        """Per-cell evidence (unit counts, largest contributions...). Disclosive: keep it in
        the TRE."""
        return self._sidecar_evidence()

    @property
    def meta(self) -> dict[str, Any]:
        """What the sidecar records about the table (dimensions, statistic, population...)."""
        return dict(self._meta)

    def __repr__(self) -> str:
        return repr(self._df)

    def _repr_html_(self) -> str | None:
        return self._df._repr_html_()

    def __len__(self) -> int:
        return len(self._df)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._df, name)

    # --- the check --------------------------------------------------------------------------

    @property
    def result(self) -> OutputResult:
        """The check of this table (computed once, on first use)."""
        if self._result is None:
            self._result = run_rules(self.output, self.policy)
        return self._result

    @property
    def output(self) -> Output:
        """The in-memory output the rules read: the CSV rendering with evidence attached."""
        if self._output is None:
            self._output = self._build_output()
        return self._output

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    @property
    def status(self) -> Status:
        return self.result.status

    def _build_output(self) -> Output:
        output, groups = build_output(
            self._df, path=f"{self.name}.csv", policy=self.policy, row_dims=self._row_dims,
            col_dims=self._col_dims, measures=self._measures, margins_name=self._margins_name,
            rendered=self._rendering())
        cells = evidence_records(self._sidecar_evidence())
        for group, record in zip(groups, cells, strict=False):
            for cell in group:
                cell.evidence = record
        return output

    def _rendering(self) -> Rendered:
        if self._rendered is None:
            self._rendered = render(self._df, MarkerSet(self.policy.model.markers))
        return self._rendered

    def _sidecar_evidence(self) -> pd.DataFrame:
        """The evidence indexed by the labels as the CSV shows them (what ``sdc check`` reads)."""
        if self._sidecar_frame is None:
            rendered = self._rendering()
            records = rendered.records[rendered.n_header:]
            n_index = self._df.index.nlevels
            labels: list[list[str]] = [[] for _ in range(len(self._dims))]
            if self._col_dims is None:
                for record in records:
                    for k in range(n_index):
                        labels[k].append(record[k].raw.strip())
            else:
                levels = [rendered.records[h] for h in range(rendered.n_header)
                          if not (self._df.columns.nlevels > 1 and h == rendered.n_header - 1)]
                col_levels = [k for k, d in enumerate(self._col_dims) if d is not None]
                n_cols = self._df.shape[1]
                for record in records:
                    row = [record[k].raw.strip() for k in range(n_index)]
                    for j in range(n_cols):
                        for k in range(n_index):
                            labels[k].append(row[k])
                        for pos, level in enumerate(col_levels):
                            labels[n_index + pos].append(levels[level][n_index + j].raw.strip())
            frame = self._evidence.copy()
            frame.index = pd.MultiIndex.from_arrays(labels, names=self._dims)
            frame.attrs = dict(self._evidence.attrs)
            self._sidecar_frame = frame
        return self._sidecar_frame

    @property
    def _dims(self) -> list[str]:
        cols = [d for d in (self._col_dims or []) if d is not None]
        return [*self._row_dims, *cols]

    def _sidecar_meta(self) -> dict[str, Any]:
        return {**self._meta, "index": self._row_dims,
                "columns": [d for d in (self._col_dims or []) if d is not None]}

    # --- saving -----------------------------------------------------------------------------

    def protect(self, **options: Any) -> ProtectResult:
        """A protected copy of this table (see ``sdc.protect``)."""
        from sdc.protect import protect

        return protect(self, **options)

    def to_csv(self, path: str | os.PathLike[str], **kwargs: Any) -> Path:
        """Write the table as ``DataFrame.to_csv`` does, and its evidence sidecar beside it.

        Findings point at the cells of the file written with pandas' defaults; options that
        change the layout (``index=False``, another ``sep``) move the cells the sidecar names.
        """
        target = Path(path)
        self._df.to_csv(target, **kwargs)
        write_sidecar(sidecar_path(target), self._sidecar_meta(), self._sidecar_evidence())
        return target

    def to_excel(self, path: str | os.PathLike[str], **kwargs: Any) -> Path:
        """Write the table to a one-sheet workbook, and its evidence to ``name.xlsx.sdc.json``."""
        target = Path(path)
        self._df.to_excel(target, **kwargs)
        write_sidecar(sidecar_path(target), self._sidecar_meta(), self._sidecar_evidence())
        return target
