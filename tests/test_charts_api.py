"""The chart API draws protected figures, saves them with their data, and checks them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sdc
from sdc.charts.km import KMTable, aggregate_steps, kaplan_meier_table
from sdc.charts.plotting import bar, boxplot, hist, kaplan_meier, nice_edges
from sdc.policy import build_policy
from tests.conftest import findings_of


def rules(result) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((f.rule, f.location.path, f.location.cell) for f in result.findings)


def test_exported_from_sdc() -> None:
    assert (sdc.hist, sdc.bar, sdc.boxplot, sdc.kaplan_meier) == (hist, bar, boxplot,
                                                                  kaplan_meier)


# --- histogram ----------------------------------------------------------------------------

def test_hist_of_safe_data_has_no_findings_and_hides_the_extremes() -> None:
    values = np.random.default_rng(1).normal(50, 10, 1000)
    chart = hist(values, bins=10)
    assert chart.findings == []
    assert chart.status.value == "pass"
    counts = chart.data["count"].to_numpy()
    assert counts.sum() == 1000 and (counts >= 10).all()
    edges = [float(t) for t in chart.ax.get_xticks()]
    assert edges[0] < values.min() and edges[-1] > values.max()
    assert all(e == round(e) for e in edges)  # round labels, not the data's min and max


def test_hist_merges_a_sparse_outer_bin_inwards() -> None:
    values = np.concatenate([np.random.default_rng(2).uniform(0, 100, 500), [1000.0]])
    chart = hist(values, bins=10)
    assert chart.findings == []
    last = chart.data.iloc[-1]
    assert last["count"] >= 10
    assert chart.ax.get_xlim()[1] > 1000


def test_hist_flags_a_small_bin_and_an_edge_at_the_minimum() -> None:
    values = [0.0] * 12 + [15.0] * 3 + [25.0] * 12
    chart = hist(values, bins=[0, 10, 20, 30], protect=False, name="ages")
    assert rules(chart) == [("SDC101", "ages.csv", "B3"), ("SDC302", "ages.png", None)]
    small = next(f for f in chart.findings if f.rule == "SDC101")
    assert small.location.row_label == "[10, 20)"
    assert chart.status.value == "fail"


def test_nice_edges_are_strictly_beyond_the_data() -> None:
    edges = nice_edges(np.array([10.0, 20.0, 30.0]), 4)
    assert edges[0] < 10 and edges[-1] > 30
    assert np.allclose(np.diff(edges), edges[1] - edges[0])


def test_hist_rounds_counts_when_the_policy_requires_it() -> None:
    values = np.random.default_rng(4).normal(0, 1, 2000)
    chart = hist(values, policy={"profile": "opensafely"})
    assert (chart.data["count"] % 5 == 0).all()
    assert findings_of_chart(chart, "SDC401") == []


def findings_of_chart(chart, rule: str) -> list:  # type: ignore[no-untyped-def]
    return [f for f in chart.findings if f.rule == rule]


# --- bar chart ----------------------------------------------------------------------------

def test_bar_counts_raw_categories_and_flags_a_small_one() -> None:
    chart = bar(["a"] * 12 + ["b"] * 3 + ["c"] * 25)
    assert chart.data["count"].tolist() == [12, 3, 25]
    assert rules(chart) == [("SDC101", "bar.csv", "B3")]
    assert chart.findings[0].location.row_label == "b"


def test_bar_of_safe_counts_passes() -> None:
    assert bar(["x", "y"], [40, 12]).findings == []


# --- box plot -----------------------------------------------------------------------------

def test_boxplot_of_large_groups_is_safe_and_draws_no_outliers(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    groups = {"a": rng.normal(size=400), "b": rng.normal(2, 1, 300)}
    chart = boxplot(groups)
    assert chart.findings == []
    row = chart.data.set_index("group").loc["a"]
    assert row["p5"] == pytest.approx(np.percentile(groups["a"], 5))
    assert row["p95"] == pytest.approx(np.percentile(groups["a"], 95))
    chart.save(tmp_path / "box.svg")
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result, {"SDC703", "SDC101", "SDC302", "SDC303"}) == set()


def test_boxplot_whiskers_with_few_units_beyond_are_flagged() -> None:
    values = np.arange(40, dtype=float)  # 2 values beyond each of the 5th/95th percentiles
    chart = boxplot(values, name="los")
    # the chart's whiskers (SDC302), and the same percentiles as numbers in its data (SDC303)
    assert rules(chart) == [("SDC302", "los.png", None), ("SDC302", "los.png", None),
                            ("SDC303", "los.csv", "C2"), ("SDC303", "los.csv", "G2")]
    assert {f.evidence["whisker"] for f in chart.findings if f.rule == "SDC302"} == {
        "lower", "upper"}


def test_boxplot_with_outliers_plots_individual_records() -> None:
    values = np.arange(400, dtype=float)
    chart = boxplot(values, showfliers=True)
    assert [f.rule for f in chart.findings] == ["SDC703"]


def test_boxplot_of_a_thin_group_fails_on_its_count() -> None:
    chart = boxplot({"small": np.arange(6.0)})
    assert ("SDC101", "boxplot.csv", "B2") in rules(chart)


# --- Kaplan-Meier -------------------------------------------------------------------------

def test_kaplan_meier_estimator_matches_a_hand_computation() -> None:
    km = kaplan_meier_table(np.array([1, 2, 2, 3, 4, 5.0]),
                            np.array([1, 1, 0, 1, 0, 1], dtype=bool))
    assert km.times.tolist() == [1, 2, 3, 5]
    assert km.at_risk.tolist() == [6, 5, 3, 1]
    assert km.events.tolist() == [1, 1, 1, 1]
    assert np.allclose(km.survival, [5 / 6, 2 / 3, 4 / 9, 0])


def test_kaplan_meier_steps_hold_at_least_threshold_events() -> None:
    rng = np.random.default_rng(6)
    durations = rng.exponential(10, 300)
    observed = rng.random(300) < 0.7
    chart = kaplan_meier(durations, observed)
    # every step holds 10 events or more and leaves 10 or more (at risk less events, a count
    # its numbers print): the whole tail, 25 at risk and 17 events, would leave 8 (SDC101
    # review at C21 before round 21), so the curve ends after 15 of them (25 - 15 = 10)
    assert chart.findings == []
    assert (chart.data["n_events"] >= 10).all()
    assert (chart.data["n_at_risk"] - chart.data["n_events"] >= 10).all()
    assert chart.data.iloc[-1][["n_at_risk", "n_events"]].tolist() == [25, 15]
    assert observed.sum() == 207 and chart.data["n_events"].sum() == 205
    km = kaplan_meier_table(durations, observed)
    steps = aggregate_steps(km, 10)
    for step in steps:  # each drawn level is the exact KM value over the gap it is drawn in
        assert step.survival == pytest.approx(float(km.survival[km.times <= step.time][-1]))
    (line,) = chart.ax.get_lines()
    drawn = set(np.asarray(line.get_xdata(), dtype=float).tolist())
    assert not drawn & set(km.times[:-1].tolist())  # no event time is shown


def _km(at_risk: list[int], events: list[int]) -> KMTable:
    """An estimator table from its numbers (event times 1, 2, ...)."""
    risk, died = np.array(at_risk), np.array(events)
    return KMTable(np.arange(1.0, len(risk) + 1), risk, died, np.cumprod(1 - died / risk),
                   int(risk[0]))


def test_kaplan_meier_tail_is_cut_until_it_leaves_threshold() -> None:
    # the leftover 5 events join the last step: 24 at risk less 15 leaves 9; without them, 14
    steps = aggregate_steps(_km([40, 24, 12], [10, 10, 5]), 10)
    assert [(s.at_risk, s.events, s.end) for s in steps] == [(40, 10, 1.0), (24, 10, 2.0)]
    # no part of the last step leaves 10 (15 at risk, 12 events): it goes, the curve ends at
    # the step before, which leaves at least that step's 15 at risk (here 30)
    steps = aggregate_steps(_km([40, 15], [10, 12]), 10)
    assert [(s.at_risk, s.events, s.end) for s in steps] == [(40, 10, 1.0)]
    # a curve of one step that cannot be made safe is kept, for its check to flag
    steps = aggregate_steps(_km([15], [12]), 10)
    assert [(s.at_risk, s.events) for s in steps] == [(15, 12)]
    chart = kaplan_meier(np.arange(1.0, 16), np.arange(15) < 12)  # 12 events, 3 censored
    assert chart.data[["n_at_risk", "n_events"]].values.tolist() == [[15, 12]]
    assert [(f.rule, f.location.cell, f.status.value) for f in chart.findings] == [
        ("SDC101", "C2", "review")]


def test_kaplan_meier_with_too_few_events_is_flagged() -> None:
    chart = kaplan_meier([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 1, 0, 1])
    assert chart.data["n_events"].tolist() == [5]
    assert {f.location.cell for f in chart.findings if f.rule == "SDC101"} == {"B2", "C2"}


def test_kaplan_meier_opensafely_rounding() -> None:
    rng = np.random.default_rng(8)
    durations = rng.exponential(10, 500)
    observed = rng.random(500) < 0.8
    chart = kaplan_meier(durations, observed, policy={"profile": "opensafely"}, time_unit=1)
    assert chart.findings == []
    assert (chart.data["n_events"] % 5 == 0).all() and (chart.data["n_events"] >= 8).all()
    assert (chart.data["n_at_risk"] % 5 == 0).all()
    # rounding left a last step of 10 at risk, 10 events (0 left: all had the event); it is
    # not drawn, the curve ends at 25 at risk less 10 (round 21)
    assert (chart.data["n_at_risk"] - chart.data["n_events"] >= 8).all()
    assert chart.data.iloc[-1][["n_at_risk", "n_events"]].tolist() == [25, 10]
    assert len(chart.data) == 41 and chart.data["n_events"].sum() == 410


def test_kaplan_meier_per_group_has_a_curve_each() -> None:
    rng = np.random.default_rng(9)
    chart = kaplan_meier(rng.exponential(5, 200), groups=np.repeat(["a", "b"], 100))
    assert len(chart.ax.get_lines()) == 2
    assert set(chart.data["group"]) == {"a", "b"}


# --- saving -------------------------------------------------------------------------------

def test_save_writes_the_image_and_its_data_and_the_release_passes(tmp_path: Path) -> None:
    values = np.random.default_rng(10).normal(50, 10, 1000)
    written = hist(values).save(tmp_path / "figures" / "age")
    assert [p.name for p in written] == ["age.png", "age.csv"]
    result = sdc.check(tmp_path, build_policy({}))
    # the PNG's pixels cannot be compared with age.csv: a person looks (docs/threat-model.md)
    assert [(f.rule, f.location.path) for f in result.findings] == [
        ("SDC701", "figures/age.png")]
    assert result.status.value == "review"
    trusting = {"rules": {"chart-without-data": {"raster_with_data": "pass"}}}
    assert sdc.check(tmp_path, build_policy(trusting)).status.value == "pass"


def test_saved_svg_reads_back_to_the_same_counts(tmp_path: Path) -> None:
    from sdc.charts.reader import chart_of, read_chart
    from sdc.outputs import Output

    values = np.random.default_rng(11).gamma(2, 10, 800)
    chart = hist(values, bins=8)
    image, _ = chart.save(tmp_path / "cost.svg")
    output = Output(path=image.name, file=image, extension="svg", size=1, sha256="",
                    kind="chart")
    read_chart(output, build_policy({}))
    data = chart_of(output)
    assert data is not None
    assert [b.value for b in data.panels[0].bars] == chart.data["count"].tolist()
    assert [b.label for b in data.panels[0].bars] == chart.data["bin"].tolist()
