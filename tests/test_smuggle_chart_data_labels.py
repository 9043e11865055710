"""A count in a bar's data label or a chart's tick labels (issue 12, hunt19).

A number drawn at a bar's end (``ax.bar_label``, ``ax.text`` over a bar) is what a reader
takes the bar to be, whatever its length says; over bars with no value axis it is all they
show. Such labels were read as notes (SDC602 ``review``, "numbers not understood") or, in a
PDF with no y ticks, as the x axis's title and read nowhere: a 3 over a bar of 30 was never
checked as the count it is. Each lone number drawn inside a bar or just past its end is now
tied to that bar and read as its count (``sdc.charts.data_labels``): SDC101 ``fail`` at
``bar N data label``. Bars on numbers that fit no scale (1, 2, 3 and 5 children) were not read
at all (only SDC702 stood, so ``--ignore SDC702`` released a 3): that axis is now read as
categories. Tick labels whose numbers fit no scale are a note (SDC602 at ``y axis tick
labels``). Files as matplotlib writes them, through ``sdc check``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sdc.charts.data_labels import label_values, lone_number
from sdc.cli import app

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")

runner = CliRunner()
REGIONS = ["North", "South", "East"]
Finding = tuple[str, str, str | None, str | None, str]


def _chart(path: Path, draw: Callable[[Any], object]) -> None:
    fig, ax = plt.subplots()
    draw(ax)
    ax.set_title("Deaths by region")
    fig.savefig(path)
    plt.close(fig)


def _findings(path: Path, *args: str) -> list[Finding]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--ignore", "SDC702",
                                 *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["status"], f["location"]["cell"], f["location"]["row_label"],
             f["message"]) for o in json.loads(result.stdout)["outputs"]
            for f in o["findings"]]


def _labelled(values: list[float], labels: list[str] | None, **bar: Any
              ) -> Callable[[Any], object]:
    def draw(ax: Any) -> None:
        bars = ax.bar(REGIONS, values, **bar)
        ax.bar_label(bars, labels=labels)
    return draw


def _no_value_axis(ax: Any) -> None:
    ax.bar_label(ax.bar(REGIONS, [3, 40, 25]))
    ax.set_yticks([])


def _annotated(ax: Any) -> None:
    ax.bar(REGIONS, [30, 40, 25])
    ax.text(0, 31, "3", ha="center")


def _horizontal(ax: Any) -> None:
    ax.bar_label(ax.barh(REGIONS, [1234, 40, 25]), labels=["1,234", "4", "25"])


SMALL = "count {} is below the threshold 10"


@pytest.mark.parametrize("extension", ["svg", "pdf"])
@pytest.mark.parametrize(("draw", "expected"), [
    (_labelled([30, 40, 25], ["3", "40", "25"]), ("bar 1 data label", "North", 3)),
    (_labelled([30, 40, 25], ["n=3", "n=40", "n=25"]), ("bar 1 data label", "North", 3)),
    (_labelled([4.1, 54.8, 41.1], ["3", "40", "30"]), ("bar 1 data label", "North", 3)),
    (_no_value_axis, ("bar 1 data label", "North", 3)),
    (_annotated, ("bar 1 data label", "North", 3)),
    (_horizontal, ("bar 2 data label", "South", 4)),
], ids=["bar_label", "n_equals", "percent_bars", "no_value_axis", "ax_text", "horizontal"])
def test_a_data_label_is_read_as_its_bar_s_count(tmp_path: Path, extension: str,
                                                  draw: Callable[[Any], object],
                                                  expected: tuple[str, str, int]) -> None:
    _chart(tmp_path / f"fig.{extension}", draw)
    cell, row, count = expected
    # was: SDC602 review ("numbers not understood"), the count never checked
    assert [f for f in _findings(tmp_path / f"fig.{extension}") if f[0] == "SDC101"] == [
        ("SDC101", "fail", cell, row, SMALL.format(count))]


@pytest.mark.parametrize("extension", ["svg", "pdf"])
@pytest.mark.parametrize("draw", [
    _labelled([30, 40, 25], None),
    _labelled([30, 40, 25], ["30.0", "n=40", "(25)"]),
    _labelled([30, 40, 25], None, bottom=0),
], ids=["own_values", "written_otherwise", "bottom"])
def test_a_bar_labelled_with_its_own_value_passes(tmp_path: Path, extension: str,
                                                  draw: Callable[[Any], object]) -> None:
    _chart(tmp_path / f"fig.{extension}", draw)
    assert _findings(tmp_path / f"fig.{extension}") == []


@pytest.mark.parametrize("extension", ["svg", "pdf"])
def test_the_safe_twin_with_no_value_axis_passes(tmp_path: Path, extension: str) -> None:
    def draw(ax: Any) -> None:
        ax.bar_label(ax.bar(REGIONS, [30, 40, 25]))
        ax.set_yticks([])
    _chart(tmp_path / f"fig.{extension}", draw)
    assert _findings(tmp_path / f"fig.{extension}") == []
    # the chart itself stays for a person: its values are not mapped, only labelled
    result = runner.invoke(app, ["check", str(tmp_path / f"fig.{extension}")])
    assert "their values are not mapped" in result.output


@pytest.mark.parametrize("extension", ["svg", "pdf"])
def test_bars_on_numbers_that_fit_no_scale_are_read(tmp_path: Path, extension: str) -> None:
    def draw(ax: Any) -> None:
        ax.bar(["1", "2", "3", "5"], [40, 30, 20, 3])
        ax.set_xlabel("Number of children")
        ax.set_ylabel("Patients")
    _chart(tmp_path / f"fig.{extension}", draw)
    found = _findings(tmp_path / f"fig.{extension}")
    # was: pass (the bars were not mapped; only SDC702 stood)
    assert ("SDC101", "fail", "bar 4", "5", SMALL.format(3)) in found


@pytest.mark.parametrize("extension", ["svg", "pdf"])
def test_tick_labels_that_fit_no_scale_are_named(tmp_path: Path, extension: str) -> None:
    def draw(ax: Any) -> None:
        ax.bar(REGIONS, [30, 40, 25])
        ax.set_yticks([0, 10, 20, 30])
        ax.set_yticklabels(["0", "3", "20", "30"])
    _chart(tmp_path / f"fig.{extension}", draw)
    # was: pass
    assert _findings(tmp_path / f"fig.{extension}") == [(
        "SDC602", "review", None, None, "numbers not understood (no rule checks them) in 1 "
        "place of the text, to be read by a person: y axis tick labels")]


def test_a_data_label_beside_a_data_file_is_compared_with_it(tmp_path: Path) -> None:
    (tmp_path / "fig.csv").write_text("Region,Deaths\nNorth,30\nSouth,40\nEast,25\n")
    _chart(tmp_path / "fig.svg", _labelled([30, 40, 25], ["3", "40", "25"]))
    found = _findings(tmp_path)
    assert ("SDC101", "fail", "bar 1 data label", "North", SMALL.format(3)) in found
    assert [f[:2] for f in found if f[0] == "SDC701"] == [("SDC701", "review")]


def test_what_a_data_label_reads() -> None:
    assert [lone_number(t) for t in ("3", "1,234", "n = 3", "(12)", "\u22122", "3.5")] == [
        3, 1234, 3, 12, -2, 3.5]
    assert [lone_number(t) for t in ("30%", "North 3", "3 deaths", "")] == [None] * 4
    assert label_values(["3", "30", "30.0", "n=30"], 30.0) == [3.0]
    assert label_values(["33"], 33.33) == []
    assert label_values(["33.3"], 33.36) == [33.3]
    assert label_values(["4"], float("nan")) == [4.0]
