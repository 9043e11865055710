"""Turn a figure's geometry into the values it shows: bars, bins, lines, points, survival steps.

Positions are mapped back through each axis's tick labels (``sdc.charts.scale``). What comes out
is a ``ChartData``: the plotted values with their labels, plus notes on anything that could not
be read (an axis without numeric ticks, curves, shapes). ``sdc.charts.chart_table`` turns the
counts in it into a ``Table`` so the ordinary rules (SDC101 small counts, SDC102 zeros...) apply
to them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from sdc.charts.data_labels import tie_labels
from sdc.charts.model import Box, Figure, Mark, Panel
from sdc.charts.scale import Scale, axis_scale, date_text, fmt_value, snap
from sdc.readers.roles import role_from_text
from sdc.table import Role
from sdc.tolerance import float_slack

MAX_SURVIVAL_N = 10_000  # largest cohort tried when reading events off a survival curve


@dataclass
class Bar:
    """One bar or histogram bin: its label (category or ``[lo, hi)``), series and value."""

    label: str
    value: float
    series: str = ""
    lo: float | None = None  # bin edges, for histograms on a numeric axis
    hi: float | None = None
    shown: list[str] = field(default_factory=list)  # data labels drawn at it (data_labels)


@dataclass
class Curve:
    """A plotted line: its points in data units (``x`` may be a category label)."""

    name: str
    points: list[tuple[float | str, float]]
    step: bool = False


@dataclass
class PointSet:
    """Markers: a scatter, or a line's markers drawn without the line (box-plot fliers)."""

    name: str
    count: int
    points: list[tuple[float | str, float]] = field(default_factory=list)  # when mapped


@dataclass
class StepEvents:
    """Events per step read off a survival (or cumulative incidence) curve.

    Without censoring, each survival level is ``k / N``; the smallest ``N`` that makes every
    level a whole multiple of ``1/N`` (to the file's precision) gives the events at each step
    as ``drop x N``. With censoring no such ``N`` exists and nothing is inferred.
    """

    curve: str
    n_start: int
    steps: list[tuple[float, int]]  # (time of the step, events)


@dataclass
class PanelData:
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    bars: list[Bar] = field(default_factory=list)
    bar_measure: str = "count"
    bar_role: Role = Role.UNKNOWN
    bar_dimension: str = "category"
    histogram: bool = False
    x_dates: bool = False  # x positions (of lines, points, bin edges) are days since 1970
    y_dates: bool = False
    curves: list[Curve] = field(default_factory=list)
    points: list[PointSet] = field(default_factory=list)
    events: list[StepEvents] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # numbers in tick labels that fit no scale and name no bar: (``y axis tick labels``,
    # their text), notes a person must read (chart_table)
    unread_ticks: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ChartData:
    """What sdc read from a vector chart; attached to the output's table as ``table.chart``."""

    format: str
    producer: str = ""
    panels: list[PanelData] = field(default_factory=list)
    hidden_text: list[str] = field(default_factory=list)  # drawn so that no one sees it
    # drawn text no role reads (titles, annotations, a figure's own text, a legend not read):
    # notes whose numbers are read as a title's are (chart_table)
    free_text: list[str] = field(default_factory=list)

    @property
    def n_bars(self) -> int:
        return sum(len(p.bars) for p in self.panels)

    @property
    def n_line_points(self) -> int:
        return sum(len(c.points) for p in self.panels for c in p.curves)

    @property
    def n_points(self) -> int:
        return sum(s.count for p in self.panels for s in p.points)

    @property
    def n_steps(self) -> int:
        return sum(len(e.steps) for p in self.panels for e in p.events)

    @property
    def extracted(self) -> int:
        return self.n_bars + self.n_line_points + self.n_points

    @property
    def notes(self) -> list[str]:
        return [n for p in self.panels for n in p.notes]


def interpret(figure: Figure) -> ChartData:
    """The values a figure's geometry shows."""
    data = ChartData(format=figure.format, producer=figure.producer,
                     hidden_text=list(figure.hidden_text))
    for panel in figure.panels:
        data.panels.append(_panel(panel, frozenset(figure.hidden_text)))
    labels = Counter(t.strip() for p in data.panels for b in p.bars for t in b.shown)
    data.free_text = _free_text(figure, labels)
    return data


def _free_text(figure: Figure, labels: Counter[str] | None = None) -> list[str]:
    """The drawn text no panel reads as an axis's label or offset or a legend's entry, each
    once, hidden text left out (compared with the data, SDC701): a title, an annotation, a
    figure's own text, a legend the reader did not tie to its marks. A text drawn only as
    bars' data labels (``labels``: how often) is read with its bar, not as a note."""
    read = {t for p in figure.panels for t in (p.xlabel, p.ylabel, p.xoffset, p.yoffset,
                                                *p.legend.values())}
    hidden = set(figure.hidden_text)
    drawn = Counter(text.strip() for text in figure.texts)
    labels = labels or Counter()
    seen: list[str] = []
    for text in figure.texts:
        text = text.strip()
        if text and text not in read and text not in hidden and text not in seen and \
                labels[text] < drawn[text]:
            seen.append(text)
    return seen


def _panel(panel: Panel, hidden: frozenset[str] = frozenset()) -> PanelData:
    out = PanelData(title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel)
    xs = axis_scale(panel.xticks, panel.xoffset)
    ys = axis_scale(panel.yticks, panel.yoffset)
    out.x_dates, out.y_dates = xs.kind == "date", ys.kind == "date"
    rects = [m for m in panel.marks if m.kind == "rect" and not _spans_axes(m.box, panel.box)]
    if rects and _bar_orientation(rects, xs, ys) is None:
        xs, ys = _category_axis(rects, xs, ys)
    for name, scale in (("x", xs), ("y", ys)):
        labels = [t.label.strip() for t in scale.ticks if t.label.strip()]
        if scale.kind == "none" and any(ch.isdigit() for label in labels for ch in label):
            out.unread_ticks.append((f"{name} axis tick labels", ", ".join(labels)))
    if rects:
        vertical = _bars(rects, panel, xs, ys, out)
        for i, texts in tie_labels(panel, rects, vertical, hidden).items():
            out.bars[i].shown = [t.text for t in texts]
    lines = [m for m in panel.marks if m.kind == "line" and not _reference_line(m, panel.box)]
    for i, mark in enumerate(lines, 1):
        curve = _curve(mark, xs, ys, panel, f"line {i}")
        if curve is None:
            out.notes.append(f"line {i}: its points are not mapped ({_reason(xs, ys)})")
            out.curves.append(Curve(f"line {i}", [(float("nan"), float("nan"))] * len(mark.points)))
            continue
        out.curves.append(curve)
        if curve.step:
            events = step_events(curve, ys)
            if events is not None:
                out.events.append(events)
    sets = [m for m in panel.marks if m.kind == "points" and not m.on_line]
    for i, mark in enumerate(sets, 1):
        name = panel.legend.get(mark.color or "", "") or f"points {i}"
        mapped = _map_points(mark.points, xs, ys, panel)
        out.points.append(PointSet(name, len(mark.points), mapped or []))
    shapes = [m for m in panel.marks if m.kind == "shape"]
    if shapes:
        out.notes.append(f"{len(shapes)} filled shape(s) other than bars were not read")
    return out


def _spans_axes(box: Box, axes: Box) -> bool:
    """An ``axvspan``/``axhspan`` band, not a bar."""
    if axes.width <= 0 or axes.height <= 0:
        return False
    return box.height >= axes.height * 0.999 or box.width >= axes.width * 0.999


def _reference_line(mark: Mark, axes: Box) -> bool:
    """``axhline``/``axvline`` (and grid lines): two points across the whole axes."""
    if len(mark.points) != 2 or axes.width <= 0:
        return False
    box = mark.box
    return (box.width >= axes.width * 0.999 and box.height < 1e-6) or (
        box.height >= axes.height * 0.999 and box.width < 1e-6)


def _reason(xs: Scale, ys: Scale) -> str:
    parts = []
    if not xs.numeric and xs.kind != "category":
        parts.append(f"x axis: {xs.reason}")
    if not ys.numeric:
        parts.append(f"y axis: {ys.reason or 'the tick labels are not numbers'}")
    return "; ".join(parts) or "the axes have no numeric scale"


def _common_edge(values: list[float]) -> tuple[float, int]:
    """The edge coordinate most rectangles share (a baseline), as written in the file, and
    how many share it."""
    counts = Counter(round(v, 4) for v in values)
    key, n = counts.most_common(1)[0]
    return next(v for v in values if round(v, 4) == key), n


def _bars(rects: list[Mark], panel: Panel, xs: Scale, ys: Scale, out: PanelData
          ) -> bool | None:
    """The bars' values, labels and series, and what the bar axis measures; whether they
    stand vertically (None: their values are not mapped)."""
    vertical = _bar_orientation(rects, xs, ys)
    if vertical is None:
        out.notes.append(f"{len(rects)} bars: their values are not mapped ({_reason(xs, ys)})")
        out.bars = [Bar(_unmapped_label(mark, xs, ys, i), float("nan"))
                    for i, mark in enumerate(rects, 1)]
        return None
    axes = _bar_axes(rects, xs, ys, vertical)
    colours = {m.color for m in rects}
    for mark in rects:  # in drawing order: left to right, or first category first
        series = panel.legend.get(mark.color or "", "") or (
            mark.color or "" if len(colours) > 1 else "")
        label, lo, hi = _bar_label(axes.span(mark), axes, len(out.bars) + 1)
        out.bars.append(Bar(label, _bar_value(mark, axes), series, lo, hi))
    out.histogram = axes.histogram
    _describe_bars(out, panel, vertical, axes.histogram)
    return vertical


def _category_axis(rects: list[Mark], xs: Scale, ys: Scale) -> tuple[Scale, Scale]:
    """Bars on an axis whose labels are numbers that fit no scale (``1``, ``2``, ``3``,
    ``5`` children) or mix numbers and words stand at those labels as at words: the axis is
    read as categories, so the bars' values are read off the other axis."""
    as_words = [Scale("category", ticks=s.ticks) if s.kind == "none" and s.ticks else s
                for s in (xs, ys)]
    if _bar_orientation(rects, as_words[0], ys) is True:
        return as_words[0], ys
    if _bar_orientation(rects, xs, as_words[1]) is False:
        return xs, as_words[1]
    return xs, ys


def _unmapped_label(mark: Mark, xs: Scale, ys: Scale, number: int) -> str:
    """An unmapped bar's category, when one axis has words for ticks (a bar chart with no
    value axis names its bars still), else ``bar N``."""
    box = mark.box
    if xs.kind == "category" and ys.kind != "category":
        return xs.label_at(box.x0, box.x1) or f"bar {number}"
    if ys.kind == "category" and xs.kind != "category":
        return ys.label_at(box.y0, box.y1) or f"bar {number}"
    return f"bar {number}"


def _bar_orientation(rects: list[Mark], xs: Scale, ys: Scale) -> bool | None:
    """Vertical bars (values on y), horizontal ones, or None when no axis gives values."""
    if xs.kind == "category" and ys.numeric:
        return True
    if ys.kind == "category" and xs.numeric:
        return False
    if xs.numeric and ys.numeric:  # the bars stand on the edge most of them share
        bottoms = [v for m in rects for v in (m.box.y0, m.box.y1)]
        lefts = [v for m in rects for v in (m.box.x0, m.box.x1)]
        return _common_edge(bottoms)[1] >= _common_edge(lefts)[1]
    return None


@dataclass
class _BarAxes:
    """How a panel's bars are read: the value and label axes and the baseline the bars
    stand on."""

    vertical: bool
    value_scale: Scale
    label_scale: Scale
    base_pos: float
    tolerance: float  # values snap to the value axis' resolution
    histogram: bool  # contiguous one-colour bins on a numeric axis
    label_resolution: float

    def span(self, mark: Mark) -> tuple[float, float]:
        """Where the bar stands along the label axis."""
        box = mark.box
        return (box.x0, box.x1) if self.vertical else (box.y0, box.y1)


def _bar_axes(rects: list[Mark], xs: Scale, ys: Scale, vertical: bool) -> _BarAxes:
    value_scale, label_scale = (ys, xs) if vertical else (xs, ys)
    edges = [v for m in rects for v in ((m.box.y0, m.box.y1) if vertical
                                        else (m.box.x0, m.box.x1))]
    base_pos, _ = _common_edge(edges)
    spans = sorted((m.box.x0, m.box.x1) if vertical else (m.box.y0, m.box.y1) for m in rects)
    histogram = label_scale.numeric and len({m.color for m in rects}) == 1 and len(
        rects) > 1 and all(abs(a[1] - b[0]) < 1e-4 for a, b in pairwise(spans))
    return _BarAxes(vertical, value_scale, label_scale, base_pos,
                    tolerance=max(value_scale.resolution(base_pos) * 10, 1e-9),
                    histogram=histogram,
                    label_resolution=label_scale.resolution() if label_scale.numeric else 0.0)


def _bar_value(mark: Mark, axes: _BarAxes) -> float:
    """The value a bar shows: its length from the baseline (its top on a log axis)."""
    box, scale, base_pos = mark.box, axes.value_scale, axes.base_pos
    far, near = (box.y0, box.y1) if axes.vertical else (box.x0, box.x1)
    if abs(near - base_pos) > abs(far - base_pos):
        far, near = near, far
    v_near, v_far = scale.value(near), scale.value(far)
    if abs(near - base_pos) < 1e-4 and scale.kind == "linear":
        value = v_far - scale.value(base_pos)
    elif scale.kind == "log":
        value = max(v_near, v_far)
    else:
        value = abs(v_far - v_near)
    return snap(value, axes.tolerance)


def _bar_label(span: tuple[float, float], axes: _BarAxes, number: int
               ) -> tuple[str, float | None, float | None]:
    """A bar's label, and its bin edges when the bars are a histogram's bins."""
    lo_pos, hi_pos = span
    scale, resolution = axes.label_scale, axes.label_resolution
    if axes.histogram:
        lo, hi = sorted((scale.value(lo_pos), scale.value(hi_pos)))
        lo, hi = snap(lo, resolution * 10), snap(hi, resolution * 10)
        if scale.kind == "date":
            return f"[{date_text(lo)}, {date_text(hi)})", lo, hi
        return bin_label(lo, hi, resolution), lo, hi
    if scale.kind == "date":  # where the bar stands, not a tick label it happens to cover
        return date_text(snap(scale.value((lo_pos + hi_pos) / 2), resolution * 10)), None, None
    if scale.kind == "category":
        width = abs(hi_pos - lo_pos)
        return (scale.label_at(lo_pos, hi_pos)
                or scale.nearest_label((lo_pos + hi_pos) / 2, width * 1.5)
                or f"bar {number}"), None, None
    return (scale.label_at(lo_pos, hi_pos)
            or fmt_value(scale.value((lo_pos + hi_pos) / 2), resolution)), None, None


def _describe_bars(out: PanelData, panel: Panel, vertical: bool, histogram: bool) -> None:
    """What the bars measure and over what: the axis titles, or counts when every value is a
    whole non-negative number and the value axis does not say otherwise."""
    axis_label = panel.ylabel if vertical else panel.xlabel
    category_label = panel.xlabel if vertical else panel.ylabel
    out.bar_dimension = category_label or ("bin" if histogram else "category")
    values = [b.value for b in out.bars]
    role = role_from_text(axis_label) if axis_label else Role.UNKNOWN
    if role is Role.UNKNOWN and all(v >= 0 and v == int(v) for v in values):
        role = Role.COUNT
    out.bar_role = role
    out.bar_measure = axis_label or ("count" if role is Role.COUNT else "value")


def bin_label(lo: float, hi: float, resolution: float = 0.0) -> str:
    """``[10, 20)``: a histogram bin as the half-open interval it counts."""
    return f"[{fmt_value(lo, resolution)}, {fmt_value(hi, resolution)})"


def _map_points(points: list[tuple[float, float]], xs: Scale, ys: Scale, panel: Panel
                ) -> list[tuple[float | str, float]] | None:
    if not ys.numeric or not (xs.numeric or xs.kind == "category"):
        return None
    spacing = _tick_spacing(xs)
    mapped: list[tuple[float | str, float]] = []
    for x, y in points:
        if xs.numeric:
            xv: float | str = snap(xs.value(x), xs.resolution(x) * 10)
        else:
            xv = xs.nearest_label(x, spacing / 2) or fmt_value(x, 1e-6)
        mapped.append((xv, snap(ys.value(y), ys.resolution(y) * 10)))
    return mapped


def _tick_spacing(scale: Scale) -> float:
    positions = sorted(t.pos for t in scale.ticks)
    gaps = [b - a for a, b in pairwise(positions) if b - a > 1e-9]
    return min(gaps) if gaps else math.inf


def _curve(mark: Mark, xs: Scale, ys: Scale, panel: Panel, name: str) -> Curve | None:
    mapped = _map_points(mark.points, xs, ys, panel)
    if mapped is None:
        return None
    name = panel.legend.get(mark.color or "", "") or name
    return Curve(name, mapped, step=_is_step(mark.points))


def _is_step(points: list[tuple[float, float]]) -> bool:
    """Alternating horizontal and vertical segments with at least two drops: a step function
    (a Kaplan-Meier curve)."""
    pts = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(pts) < 4:
        return False
    vertical = 0
    for a, b in pairwise(pts):
        horizontal = abs(a[1] - b[1]) < 1e-6
        upright = abs(a[0] - b[0]) < 1e-6
        if not (horizontal or upright):
            return False
        vertical += upright and not horizontal
    return vertical >= 2


def step_events(curve: Curve, ys: Scale) -> StepEvents | None:
    """Events per step of a survival curve drawn without censoring (see ``StepEvents``).

    Levels are read as proportions (a curve starting at 100 is in percent). A falling curve
    from 1 is survival; a rising one from 0 is cumulative incidence (1 - survival).
    """
    pts = [(float(x), y) for x, y in curve.points if isinstance(x, int | float)]
    if len(pts) < 4:
        return None
    levels, times = _drops(pts)
    if len(times) < 2:
        return None
    read = _survival(levels)
    if read is None:
        return None
    survival, scale = read
    eps = max(ys.resolution() * 10 / scale, 1e-12)
    n = _common_denominator(survival[1:], eps)
    if n is None:
        return None
    remaining = [round(s * n) for s in survival]
    steps = [(t, remaining[i] - remaining[i + 1]) for i, t in enumerate(times)]
    if any(d <= 0 for _, d in steps):
        return None
    return StepEvents(curve.name, n, steps)


def _drops(pts: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """The curve's levels (the first, then after each vertical drop) and the drops' times."""
    levels: list[float] = [pts[0][1]]
    times: list[float] = []
    for (x0, y0), (x1, y1) in pairwise(pts):
        if abs(x1 - x0) <= float_slack(x0) and abs(y1 - y0) > 0:
            levels.append(y1)
            times.append(x1)
    return levels, times


def _survival(levels: list[float]) -> tuple[list[float], float] | None:
    """The levels as survival proportions, and the scale they were drawn in (1 or 100): a
    falling curve from 1 is survival, a rising one from 0 cumulative incidence; None for any
    other curve."""
    scale = 100.0 if abs(levels[0] - 100) < 1e-3 or max(levels) > 1.0 + 1e-6 else 1.0
    props = [v / scale for v in levels]
    falling = all(b <= a + 1e-9 for a, b in pairwise(props))
    rising = all(b >= a - 1e-9 for a, b in pairwise(props))
    if abs(props[0] - 1) < 1e-6 and falling:
        return props, scale
    if abs(props[0]) < 1e-6 and rising:
        return [1 - p for p in props], scale
    return None


def _common_denominator(values: list[float], eps: float) -> int | None:
    """The smallest N making every value a multiple of 1/N to within ``eps`` (scaled by N),
    if one exists up to ``MAX_SURVIVAL_N`` and the precision can still tell."""
    limit = min(MAX_SURVIVAL_N, int(0.05 / eps) if eps > 0 else MAX_SURVIVAL_N)
    for n in range(1, limit + 1):
        if all(abs(v * n - round(v * n)) <= max(n * eps * 3, 1e-9) for v in values):
            return n
    return None
