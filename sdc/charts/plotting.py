"""Draw figures that are checked as they are drawn: ``sdc.hist``, ``sdc.bar``, ``sdc.boxplot``,
``sdc.kaplan_meier``.

Each function computes the numbers it plots itself (so it knows them exactly), protects them
where a safe form exists, draws them with matplotlib, and checks them with the policy's rules:

- the plotted numbers are written as the CSV ``sdc check`` will read beside the image and
  checked by the same reader and rules (so the API predicts the verdict of the release);
- what only the picture shows is checked too: outer histogram edges that equal the data's
  minimum or maximum (SDC302), box-plot whiskers with too few units beyond them (SDC302),
  plotted outliers (SDC703).

Protections applied by default: histogram edges are "nice" numbers strictly beyond the data's
range and sparse outer bins are merged inwards, so the outer bins are wider and their labels
do not show the minimum or maximum; whiskers are percentiles (5th/95th) and outliers are not
drawn; Kaplan-Meier steps are grouped so each holds at least ``threshold`` events (or, when the
policy rounds counts, drawn from rounded cumulative counts as OpenSAFELY does).

The result (``ChartResult``) has ``.figure``, ``.ax``, ``.data``, ``.findings``, ``.status`` and
``.save(path)``, which writes the image and its data (``fig.png`` + ``fig.csv``).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sdc.charts.interpret import bin_label
from sdc.charts.km import aggregate_steps, kaplan_meier_table, rounded_steps
from sdc.formatting import fmt_number
from sdc.policy import Policy
from sdc.results import Finding, Location, Status

__all__ = ["ChartResult", "bar", "boxplot", "hist", "kaplan_meier", "nice_edges"]

PolicyLike = Policy | str | os.PathLike[str] | Mapping[str, Any] | None
STAT_WORDS = {5: "p5", 10: "p10", 25: "q1", 75: "q3", 90: "p90", 95: "p95"}


class ChartResult:
    """A figure drawn by the API, the numbers it plots, and their check.

    ``findings``/``status`` cover both the data (checked as ``name.csv``, as ``sdc check``
    will) and what the picture itself shows (reported on ``name.png``).
    """

    def __init__(self, figure: Any, ax: Any, data: pd.DataFrame, name: str, policy: Policy,
                 figure_findings: list[Finding]) -> None:
        self.figure = figure
        self.ax = ax
        self.data = data
        self.name = name
        self.policy = policy
        self._figure_findings = figure_findings
        self._findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = _check_data(self.data, self.name, self.policy) + list(
                self._figure_findings)
        return self._findings

    @property
    def status(self) -> Status:
        return Status.worst(f.status for f in self.findings)

    def save(self, path: str | os.PathLike[str], **savefig: Any) -> list[Path]:
        """Write the image (format from the suffix; ``.png`` when there is none) and its data
        beside it (same name, ``.csv``). Returns the paths written."""
        image = Path(path)
        if not image.suffix:
            image = image.with_suffix(".png")
        image.parent.mkdir(parents=True, exist_ok=True)
        self.figure.savefig(image, **savefig)
        data = image.with_suffix(".csv")
        self.data.to_csv(data, index=False)
        return [image, data]

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def __repr__(self) -> str:
        return (f"<ChartResult {self.name}: {self.status.value}, "
                f"{len(self.findings)} finding(s)>")


# --- helpers ------------------------------------------------------------------------------

def _policy(policy: PolicyLike) -> Policy:
    from sdc.api.sdc_table import resolve_policy

    return resolve_policy(policy)


def _threshold(policy: Policy) -> int:
    return policy.shared.threshold


def _base(policy: Policy) -> int | None:
    from sdc.rules.rounding import UnroundedCount

    params = policy.params(UnroundedCount)
    if params.status == "off":
        return None
    return params.base


def _axes(ax: Any) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    figure = Figure()
    return figure, figure.subplots()


def _check_data(data: pd.DataFrame, name: str, policy: Policy) -> list[Finding]:
    """The plotted numbers checked exactly as ``sdc check`` reads ``name.csv``."""
    from sdc.api.sdc_table import run_rules
    from sdc.readers import read_output

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"{name}.csv"
        data.to_csv(file, index=False)
        findings: list[Finding] = []
        for output in read_output(file, file.name, policy):
            findings.extend(run_rules(output, policy).findings)
    return findings


def _figure_finding(policy: Policy, code: str, path: str, message: str, public: str,
                    evidence: dict[str, Any]) -> list[Finding]:
    """A finding about what the picture shows, with the policy's status (none if the rule is
    off)."""
    from sdc.rules import REGISTRY

    rule = REGISTRY[code]
    if not policy.is_enabled(rule):
        return []
    return [Finding(rule=rule.code, name=rule.name, message=message,
                    location=Location(path=path), evidence=evidence, public_message=public,
                    status=Status(policy.params(rule).status))]


def _values(data: Any) -> np.ndarray:
    values = np.asarray(pd.Series(data, dtype="float64").dropna(), dtype=float)
    return values[np.isfinite(values)]


def _round_counts(counts: np.ndarray, base: int | None) -> np.ndarray:
    if base is None:
        return counts
    return (np.floor(counts / base + 0.5) * base).astype(int)


# --- histogram ----------------------------------------------------------------------------

def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        step = mult * 10.0 ** exponent
        if step >= raw * (1 - 1e-12):
            return step
    return 10.0 ** (exponent + 1)


def _beyond(value: float, step: float, side: int) -> float:
    """The multiple of ``step`` strictly beyond ``value`` (below for side -1, above for +1)."""
    edge = (math.floor(value / step) if side < 0 else math.ceil(value / step)) * step
    if (side < 0 and edge >= value) or (side > 0 and edge <= value):
        edge += side * step
    return edge


def nice_edges(values: np.ndarray, bins: int, core: int = 0) -> np.ndarray:
    """About ``bins`` equal bins whose edges are round numbers, the first strictly below the
    minimum and the last strictly above the maximum (so no edge label is an extreme).

    With ``core = k`` the equal bins span the values from the k-th smallest to the k-th
    largest, and the rest fall in two open-ended outer bins reaching to round numbers beyond
    the extremes: an outlier widens its bin instead of stretching every bin.
    """
    ordered = np.sort(values)
    lo, hi = float(ordered[0]), float(ordered[-1])
    core_lo, core_hi = lo, hi
    if core > 0 and ordered.size > 2 * core:
        core_lo, core_hi = float(ordered[core - 1]), float(ordered[-core])
    if core_hi <= core_lo:
        core_lo, core_hi = (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)
    step = _nice_step((core_hi - core_lo) / max(1, bins))
    start, end = _beyond(core_lo, step, -1), _beyond(core_hi, step, +1)
    n = round((end - start) / step)
    edges = [start + step * i for i in range(n + 1)]
    outer_lo, outer_hi = _beyond(lo, step, -1), _beyond(hi, step, +1)
    if outer_lo < edges[0]:
        edges.insert(0, outer_lo)
    if outer_hi > edges[-1]:
        edges.append(outer_hi)
    decimals = max(0, -math.floor(math.log10(step)) + 2)
    return np.round(np.asarray(edges), decimals)


def _merge_outer(edges: np.ndarray, counts: np.ndarray, threshold: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Widen the outer bins inwards until each holds at least ``threshold`` values."""
    edge_list, count_list = list(edges), list(counts)
    while len(count_list) > 2 and count_list[0] < threshold:
        first = count_list.pop(0)
        count_list[0] += first
        edge_list.pop(1)
    while len(count_list) > 2 and count_list[-1] < threshold:
        last = count_list.pop()
        count_list[-1] += last
        edge_list.pop(-2)
    return np.asarray(edge_list, dtype=float), np.asarray(count_list, dtype=int)


def hist(data: Any, bins: int | Sequence[float] = 10, *, policy: PolicyLike = None,
         ax: Any = None, name: str = "histogram", xlabel: str | None = None,
         ylabel: str = "count", title: str | None = None, protect: bool = True,
         **bar_kwargs: Any) -> ChartResult:
    """A histogram of ``data`` that hides the extremes and is checked as it is drawn.

    ``bins`` is a number of bins (edges are chosen round and beyond the data's range) or the
    edges themselves (outer bins are then open: values beyond the first/last edge count in
    them). With ``protect`` (default) outer bins below the threshold are merged inwards.
    Counts are rounded to the policy's ``unrounded-count.base`` when it has one.
    """
    pol = _policy(policy)
    threshold = _threshold(pol)
    values = _values(data)
    if values.size == 0:
        raise ValueError("hist: no finite values to plot")
    edges = (nice_edges(values, int(bins), threshold if protect else 0)
             if isinstance(bins, int | np.integer) else np.asarray(bins, dtype=float))
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("hist: bins must be a positive number or increasing edges")
    clipped = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    if protect:
        edges, counts = _merge_outer(edges, counts, threshold)
    counts = _round_counts(counts, _base(pol))
    figure, axes = _axes(ax)
    axes.bar(edges[:-1], counts, width=np.diff(edges), align="edge", **bar_kwargs)
    if len(edges) <= 16 and np.allclose(np.diff(edges), edges[1] - edges[0]):
        axes.set_xticks(edges)
    else:
        axes.set_xticks([e for e in axes.get_xticks() if edges[0] <= e <= edges[-1]])
    axes.set_xlim(edges[0], edges[-1])
    axes.set_ylabel(ylabel)
    if xlabel:
        axes.set_xlabel(xlabel)
    if title:
        axes.set_title(title)
    dimension = xlabel or "bin"
    frame = pd.DataFrame({dimension: [bin_label(lo, hi) for lo, hi in pairwise(edges)],
                          "count": counts.astype(int)})
    findings: list[Finding] = []
    image = f"{name}.png"
    for side, edge, extreme in (("first", edges[0], values.min()),
                                ("last", edges[-1], values.max())):
        if edge == extreme:
            word = "minimum" if side == "first" else "maximum"
            findings += _figure_finding(
                pol, "SDC302", image,
                f"the {side} bin edge {fmt_number(edge)} is the data's {word}",
                f"the {side} bin edge is the data's {word}", {"edge": float(edge)})
    return ChartResult(figure, axes, frame, name, pol, findings)


# --- bar chart ----------------------------------------------------------------------------

def bar(x: Any, height: Any = None, *, policy: PolicyLike = None, ax: Any = None,
        name: str = "bar", xlabel: str | None = None, ylabel: str = "count",
        title: str | None = None, **bar_kwargs: Any) -> ChartResult:
    """A bar chart of counts: of the categories in ``x`` (raw values, one per unit), or of
    ``height`` given for the labels ``x``. Counts computed here are rounded to the policy's
    base when it has one; every count is checked (SDC101, SDC102...)."""
    pol = _policy(policy)
    if height is None:
        series = pd.Series(x)
        if isinstance(series.dtype, pd.CategoricalDtype):
            counted = series.value_counts(sort=False)
        else:
            counted = series.dropna().value_counts().sort_index()
        labels = [str(v) for v in counted.index]
        counts = _round_counts(counted.to_numpy(dtype=int), _base(pol))
    else:
        labels = [str(v) for v in x]
        counts = np.asarray(height)
        if len(labels) != len(counts):
            raise ValueError("bar: x and height differ in length")
    figure, axes = _axes(ax)
    axes.bar(labels, counts, **bar_kwargs)
    axes.set_ylabel(ylabel)
    if xlabel:
        axes.set_xlabel(xlabel)
    if title:
        axes.set_title(title)
    frame = pd.DataFrame({xlabel or "category": labels, "count": counts})
    return ChartResult(figure, axes, frame, name, pol, [])


# --- box plot -----------------------------------------------------------------------------

def _groups(data: Any, labels: Sequence[str] | None) -> list[tuple[str, np.ndarray]]:
    if isinstance(data, Mapping):
        return [(str(k), _values(v)) for k, v in data.items()]
    if isinstance(data, pd.DataFrame):
        return [(str(c), _values(data[c])) for c in data.columns]
    arr = data
    if isinstance(arr, Sequence) and arr and not np.isscalar(arr[0]):
        names = list(labels) if labels is not None else [str(i + 1) for i in range(len(arr))]
        return [(str(n), _values(v)) for n, v in zip(names, arr, strict=True)]
    return [(labels[0] if labels else "all", _values(arr))]


def _stat_name(percentile: float) -> str:
    return STAT_WORDS.get(percentile, f"percentile_{percentile:g}")  # type: ignore[call-overload]


def boxplot(data: Any, *, labels: Sequence[str] | None = None,
            whis: tuple[float, float] = (5, 95), policy: PolicyLike = None, ax: Any = None,
            name: str = "boxplot", ylabel: str | None = None, title: str | None = None,
            showfliers: bool = False, **bxp_kwargs: Any) -> ChartResult:
    """Box plots with whiskers at percentiles (default 5th and 95th) and no outliers drawn.

    ``data``: one array, a list of arrays (with ``labels``), a mapping label -> array or a
    DataFrame (one box per column). Each whisker needs at least ``threshold`` units beyond
    it, else it nearly shows the extreme values (SDC302 on the figure). The quartiles and
    whiskers are saved with ``n`` so thin groups are caught (SDC101, SDC303). Drawing the
    outliers (``showfliers=True``) plots individual records (SDC703).
    """
    pol = _policy(policy)
    threshold = _threshold(pol)
    lo_p, hi_p = whis
    if not 0 <= lo_p < 25 or not 75 < hi_p <= 100:
        raise ValueError("boxplot: whis must be percentiles (lo < 25, hi > 75)")
    stats, rows, findings = [], [], []
    image = f"{name}.png"
    fliers_total = 0
    for label, values in _groups(data, labels):
        if values.size == 0:
            raise ValueError(f"boxplot: group {label!r} has no finite values")
        wl, q1, med, q3, wh = np.percentile(values, [lo_p, 25, 50, 75, hi_p])
        fliers = values[(values < wl) | (values > wh)] if showfliers else np.array([])
        fliers_total += fliers.size
        stats.append({"label": label, "whislo": wl, "q1": q1, "med": med, "q3": q3,
                      "whishi": wh, "fliers": fliers})
        rows.append({"group": label, "n": int(values.size), _stat_name(lo_p): wl, "q1": q1,
                     "median": med, "q3": q3, _stat_name(hi_p): wh})
        for side, beyond in (("lower", int((values < wl).sum())),
                             ("upper", int((values > wh).sum()))):
            if beyond < threshold:
                findings += _figure_finding(
                    pol, "SDC302", image,
                    f"group '{label}': the {side} whisker has {beyond} units beyond it "
                    f"(fewer than {threshold}), so it nearly shows the extreme values",
                    f"a {side} whisker has fewer than {threshold} units beyond it",
                    {"group": label, "whisker": side, "beyond": beyond,
                     "threshold": threshold})
    figure, axes = _axes(ax)
    axes.bxp(stats, showfliers=showfliers, **bxp_kwargs)
    if ylabel:
        axes.set_ylabel(ylabel)
    if title:
        axes.set_title(title)
    if fliers_total:
        findings += _figure_finding(
            pol, "SDC703", image, f"{fliers_total} outliers plotted: each is one record",
            "outliers plotted: each is one record", {"points": fliers_total})
    return ChartResult(figure, axes, pd.DataFrame(rows), name, pol, findings)


# --- Kaplan-Meier -------------------------------------------------------------------------

def _interval(lo: float, hi: float) -> str:
    return f"({fmt_number(round(lo, 10))}, {fmt_number(round(hi, 10))}]"


def kaplan_meier(durations: Any, events: Any = None, *, groups: Any = None,
                 policy: PolicyLike = None, ax: Any = None, name: str = "survival",
                 time_unit: float | None = None, xlabel: str = "time",
                 ylabel: str = "survival", title: str | None = None,
                 **step_kwargs: Any) -> ChartResult:
    """Kaplan-Meier survival curves whose steps each hold at least ``threshold`` events.

    ``durations``: follow-up times; ``events``: 1/True where the event was observed (default
    all); ``groups``: a label per unit for one curve per group. Steps are grouped (see
    ``sdc.charts.km``); with ``time_unit`` the drawn step times are rounded up to multiples of
    it. The curve ends at the last step, not at the longest follow-up. Saved data: interval,
    n_at_risk, n_events, survival_proportion (per group).
    """
    pol = _policy(policy)
    threshold = _threshold(pol)
    base = _base(pol)
    times = np.asarray(durations, dtype=float)
    observed = np.ones(times.shape, dtype=bool) if events is None else np.asarray(events,
                                                                                    dtype=bool)
    if observed.shape != times.shape:
        raise ValueError("kaplan_meier: durations and events differ in length")
    labels = None if groups is None else np.asarray(groups).astype(str)
    names = [None] if labels is None else sorted(set(labels.tolist()))
    figure, axes = _axes(ax)
    rows = []
    for group in names:
        mask = np.ones(times.shape, dtype=bool) if group is None else labels == group
        if base is not None:
            steps = rounded_steps(times[mask], observed[mask], base, threshold)
        else:
            steps = aggregate_steps(kaplan_meier_table(times[mask], observed[mask]), threshold)
        steps = [s for s in steps if s.events > 0]
        drawn = [_unit(s.time, time_unit) for s in steps]
        xs, ys = [0.0], [1.0]
        for t, step in zip(drawn, steps, strict=True):
            xs.append(t)
            ys.append(step.survival)
        axes.step(xs, ys, where="post", label=group, **step_kwargs)
        previous = 0.0
        for t, step in zip(drawn, steps, strict=True):
            row: dict[str, Any] = {} if group is None else {"group": group}
            row.update({"interval": _interval(previous, t), "n_at_risk": step.at_risk,
                        "n_events": step.events,
                        "survival_proportion": round(step.survival, 6)})
            rows.append(row)
            previous = t
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_ylim(0, 1.05)
    if title:
        axes.set_title(title)
    if labels is not None:
        axes.legend()
    columns = (["group"] if labels is not None else []) + [
        "interval", "n_at_risk", "n_events", "survival_proportion"]
    frame = pd.DataFrame(rows, columns=columns)
    return ChartResult(figure, axes, frame, name, pol, [])


def _unit(t: float, unit: float | None) -> float:
    if unit is None or unit <= 0:
        return t
    return math.ceil(t / unit - 1e-12) * unit


