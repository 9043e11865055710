"""Reading values back from matplotlib SVG and PDF figures, and the findings they give.

Each figure is drawn here with matplotlib (Agg, no pyplot state) and saved in both vector
formats; the values recovered must be the plotted ones: counts exactly, coordinates within
1e-6 of the axis range.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import sdc
from sdc.charts.km import kaplan_meier_table
from sdc.charts.pdf import is_chart_pdf
from sdc.charts.reader import chart_of, read_chart
from sdc.outputs import Output
from sdc.policy import build_policy
from tests.conftest import findings_of

FORMATS = ["svg", "pdf"]


def save(fig: Figure, folder: Path, name: str, fmt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.{fmt}"
    fig.savefig(path)
    return path


def read(path: Path) -> Output:
    output = Output(path=path.name, file=path, extension=path.suffix.lstrip("."),
                    size=path.stat().st_size, sha256="", kind="chart")
    read_chart(output, build_policy({}))
    return output


def bars_of(output: Output) -> list[tuple[str, float]]:
    chart = chart_of(output)
    assert chart is not None
    return [(b.label, b.value) for p in chart.panels for b in p.bars]


def check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("fmt", FORMATS)
def test_bar_heights_are_read_exactly_and_a_bar_of_3_fails(tmp_path: Path, fmt: str) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.bar(["a", "b", "c"], [12, 3, 25])
    ax.set_ylabel("patients")
    path = save(fig, tmp_path, "fig", fmt)
    output = read(path)
    assert output.kind == "chart"
    assert bars_of(output) == [("a", 12.0), ("b", 3.0), ("c", 25.0)]

    result = check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC701", "SDC702"}) == {
        ("SDC101", f"fig.{fmt}", "bar 2"), ("SDC702", f"fig.{fmt}", None)}
    small = next(f for f in result.findings if f.rule == "SDC101")
    assert small.location.row_label == "b"
    assert small.location.column_label == "patients"
    assert small.evidence["count"] == 3
    recoverable = next(f for f in result.findings if f.rule == "SDC702")
    assert recoverable.status.value == "review"
    assert "3 bars extracted" in recoverable.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_histogram_bins_and_an_edge_bin_of_one(tmp_path: Path, fmt: str) -> None:
    values = np.concatenate([np.full(15, 5.0), np.full(20, 15.0), np.full(12, 25.0), [35.0]])
    fig = Figure()
    ax = fig.subplots()
    ax.hist(values, bins=[0, 10, 20, 30, 40])
    path = save(fig, tmp_path, "hist", fmt)
    output = read(path)
    assert bars_of(output) == [("[0, 10)", 15.0), ("[10, 20)", 20.0), ("[20, 30)", 12.0),
                               ("[30, 40)", 1.0)]
    chart = chart_of(output)
    assert chart is not None and chart.panels[0].histogram
    result = check(tmp_path)
    small = [f for f in result.findings if f.rule == "SDC101"]
    assert [(f.location.cell, f.location.row_label) for f in small] == [("bar 4", "[30, 40)")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_scatter_points_are_recovered_and_flagged(tmp_path: Path, fmt: str) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(40, 12, 50)
    y = rng.normal(1.7, 0.1, 50)
    fig = Figure()
    ax = fig.subplots()
    ax.scatter(x, y)
    path = save(fig, tmp_path, "scatter", fmt)
    output = read(path)
    chart = chart_of(output)
    assert chart is not None
    (points,) = chart.panels[0].points
    assert points.count == 50
    got = np.array(points.points, dtype=float)
    x_range = np.subtract(*reversed(ax.get_xlim()))
    y_range = np.subtract(*reversed(ax.get_ylim()))
    assert np.abs(got[:, 0] - x).max() <= 1e-6 * x_range
    assert np.abs(got[:, 1] - y).max() <= 1e-6 * y_range

    result = check(tmp_path)
    assert findings_of(result, {"SDC701", "SDC702", "SDC703"}) == {
        ("SDC702", f"scatter.{fmt}", None), ("SDC703", f"scatter.{fmt}", None)}
    individual = next(f for f in result.findings if f.rule == "SDC703")
    assert individual.status.value == "fail"
    assert individual.evidence["points"] == 50


def _km_points(durations: np.ndarray, observed: np.ndarray) -> tuple[list[float], list[float]]:
    km = kaplan_meier_table(durations, observed)
    return [0.0, *km.times.tolist()], [1.0, *km.survival.tolist()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_survival_curve_with_single_event_steps(tmp_path: Path, fmt: str) -> None:
    durations = np.array([2.0, 3.5, 5.0, 7.25, 9.0, 11.0, 14.0, 15.5, 20.0, 21.0, 30.0, 31.0])
    xs, ys = _km_points(durations, np.ones(12, dtype=bool))
    fig = Figure()
    ax = fig.subplots()
    ax.step(xs, ys, where="post")
    ax.set_xlabel("days")
    path = save(fig, tmp_path, "km", fmt)
    output = read(path)
    chart = chart_of(output)
    assert chart is not None
    (events,) = chart.panels[0].events
    assert events.n_start == 12
    assert [d for _, d in events.steps] == [1] * 12
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert np.allclose([t for t, _ in events.steps], durations, atol=1e-6 * span, rtol=0)

    result = check(tmp_path)
    cells = sorted((f.location.cell for f in result.findings if f.rule == "SDC101"),
                   key=lambda c: int(c.split()[1]))
    assert cells == [f"step {i}" for i in range(1, 13)]
    first = next(f for f in result.findings if f.location.cell == "step 1" and f.rule == "SDC101")
    assert first.location.row_label == "line 1 / 2"


def test_survival_curve_with_censoring_infers_no_counts(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    durations = rng.exponential(10, 80)
    observed = rng.random(80) < 0.6
    xs, ys = _km_points(durations, observed)
    fig = Figure()
    ax = fig.subplots()
    ax.step(xs, ys, where="post")
    output = read(save(fig, tmp_path, "km", "svg"))
    chart = chart_of(output)
    assert chart is not None and chart.panels[0].events == []
    assert chart.n_line_points > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_horizontal_and_grouped_bars(tmp_path: Path, fmt: str) -> None:
    fig = Figure()
    left, right = fig.subplots(1, 2)
    left.barh(["north", "south"], [40, 7])
    x = np.arange(2)
    right.bar(x - 0.2, [11, 22], width=0.4, label="men")
    right.bar(x + 0.2, [33, 4], width=0.4, label="women")
    right.set_xticks(x, ["2019", "2020"])
    right.legend()
    output = read(save(fig, tmp_path, "grouped", fmt))
    chart = chart_of(output)
    assert chart is not None and len(chart.panels) == 2
    assert [(b.label, b.value) for b in chart.panels[0].bars] == [("north", 40.0),
                                                                 ("south", 7.0)]
    got = sorted((b.label, b.value) for b in chart.panels[1].bars)
    assert got == [("2019", 11.0), ("2019", 33.0), ("2020", 4.0), ("2020", 22.0)]
    if fmt == "svg":  # legend labels are read from the SVG structure
        series = {(b.label, b.series): b.value for b in chart.panels[1].bars}
        assert series[("2020", "women")] == 4.0
    assert output.table is not None and "panel" in output.table.dimensions


@pytest.mark.parametrize("fmt", FORMATS)
def test_large_counts_through_an_axis_offset(tmp_path: Path, fmt: str) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.bar(["a", "b"], [2_000_000, 1_500_007])
    output = read(save(fig, tmp_path, "big", fmt))
    assert bars_of(output) == [("a", 2_000_000.0), ("b", 1_500_007.0)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_box_plot_fliers_are_individual_points(tmp_path: Path, fmt: str) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.boxplot([[*range(1, 31), 90, 95]])
    save(fig, tmp_path, "box", fmt)
    result = check(tmp_path)
    individual = [f for f in result.findings if f.rule == "SDC703"]
    assert len(individual) == 1 and individual[0].evidence["points"] == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_markers_are_not_individual_points(tmp_path: Path, fmt: str) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.plot([2018, 2019, 2020, 2021], [120, 135, 150, 160], "o-")
    save(fig, tmp_path, "trend", fmt)
    result = check(tmp_path)
    assert findings_of(result, {"SDC703", "SDC701"}) == set()
    assert findings_of(result, {"SDC702"}) == {("SDC702", f"trend.{fmt}", None)}


def test_an_svg_that_is_not_a_matplotlib_chart_is_review_even_with_data(tmp_path: Path) -> None:
    """Channel 3 of issue 12: a data file beside a drawing sdc cannot read does not say what
    the drawing shows, so it is review whatever sits beside it."""
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>')
    (tmp_path / "logo.csv").write_text("grp,n\na,12\nb,25\n")
    result = check(tmp_path)
    assert findings_of(result) == {("SDC602", "logo.svg", None)}
    assert "could not read" in result.findings[0].message


def test_broken_and_entity_svgs_are_unreadable(tmp_path: Path) -> None:
    (tmp_path / "broken.svg").write_text("<svg><g></svg>")
    (tmp_path / "bomb.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>')
    result = check(tmp_path)
    assert findings_of(result) == {("SDC602", "broken.svg", None),
                                   ("SDC602", "bomb.svg", None)}
    assert all(f.status.value == "review" for f in result.findings)


def test_a_pdf_that_is_not_a_chart_stays_a_document(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with (tmp_path / "report.pdf").open("wb") as fh:
        writer.write(fh)
    assert not is_chart_pdf(tmp_path / "report.pdf")
    result = check(tmp_path)
    assert findings_of(result) == {("SDC602", "report.pdf", None)}


def test_matplotlib_pdf_is_a_chart(tmp_path: Path) -> None:
    fig = Figure()
    fig.subplots().bar(["a"], [20])
    path = save(fig, tmp_path, "fig", "pdf")
    assert is_chart_pdf(path)
