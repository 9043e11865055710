"""A count in a chart's title, annotation or figure text (issue 12, hunt17).

A matplotlib SVG or PDF beside its data file was read for its bars, ticks, axis labels and (in
SVG) legend; a title was kept as the table's title (a printed ``n=3`` in it was checked) but
its other numbers were named nowhere, and a suptitle, ``ax.text``, ``fig.text`` or a PDF's
legend were not read at all. ``North: 3 deaths`` as a title passed every rule: only SDC702
(values recoverable, ``review``) stood between it and release, so a policy that lets vector
charts through (``--ignore SDC702``) released it. Every drawn text no role reads is now a note
line under the chart's table, read as a CSV's title line is: SDC602 ``review`` naming
``title`` or ``text N``, a printed base SDC101. Files as matplotlib writes them, through
``sdc check``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sdc.cli import app

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")

runner = CliRunner()


def _chart(folder: Path, extension: str, draw: Callable[[Any, Any], object]) -> None:
    """``fig.csv`` (30, 45, 60 patients by region) and the bar chart of it, ``draw`` adding
    its text."""
    folder.mkdir()
    (folder / "fig.csv").write_text("Region,Patients\nNorth,30\nSouth,45\nEast,60\n")
    fig, ax = plt.subplots()
    ax.bar(["North", "South", "East"], [30, 45, 60], label="Patients")
    ax.set_ylabel("Patients")
    draw(ax, fig)
    fig.savefig(folder / f"fig.{extension}")
    plt.close(fig)


def _chart_findings(folder: Path, *args: str) -> tuple[str, set[tuple[str, str, str]]]:
    """The release's status and the chart's (rule, status, message's tail) under
    ``sdc check``."""
    result = runner.invoke(app, ["check", str(folder), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    found = {(f["rule"], f["status"], f["message"].rsplit(": ", 1)[-1])
             for o in data["outputs"] if o["path"] != "fig.csv" for f in o["findings"]}
    return data["status"], found


NAMED = "numbers not understood (no rule checks them) in 1 place of the text, to be read by a " \
        "person: {}"


@pytest.mark.parametrize("extension", ["svg", "pdf"])
@pytest.mark.parametrize(("draw", "where"), [
    (lambda ax, fig: ax.set_title("North: 3 deaths"), "title"),
    (lambda ax, fig: ax.set_title("Patients by region (3 in North died)"), "title"),
    (lambda ax, fig: ax.set_title("North: three deaths"), "title"),
    (lambda ax, fig: fig.text(0.01, 0.01, "Note: North had 3 deaths, suppressed"), "text 1"),
])
def test_a_count_in_a_chart_s_text_is_named(tmp_path: Path, extension: str,
                                            draw: Callable[[Any, Any], object], where: str
                                            ) -> None:
    _chart(tmp_path / "r", extension, draw)
    status, found = _chart_findings(tmp_path / "r", "--ignore", "SDC702")
    # was: pass (with SDC702 on, review for SDC702 alone: the number was named nowhere)
    assert status == "review"
    assert {(rule, st) for rule, st, _ in found} == {("SDC602", "review")}
    (finding,) = found
    assert finding[2] == where
    _, all_found = _chart_findings(tmp_path / "r")
    assert {(r, s) for r, s, _ in all_found} == {("SDC602", "review"), ("SDC702", "review")}


@pytest.mark.parametrize("extension", ["svg", "pdf"])
def test_a_suptitle_and_an_annotation_are_read(tmp_path: Path, extension: str) -> None:
    def draw(ax: Any, fig: Any) -> None:
        fig.suptitle("North deaths = 3")
        ax.text(0, 35, "3 died")

    _chart(tmp_path / "r", extension, draw)
    status, found = _chart_findings(tmp_path / "r", "--ignore", "SDC702")
    assert status == "review"
    ((rule, st, tail),) = found
    assert (rule, st) == ("SDC602", "review")
    assert tail.count(",") == 1  # both texts named, neither with its value


def test_a_base_printed_in_a_figure_s_text_is_a_count(tmp_path: Path) -> None:
    _chart(tmp_path / "r", "pdf", lambda ax, fig: fig.text(0.01, 0.01, "Deaths, North (n = 3)"))
    status, found = _chart_findings(tmp_path / "r", "--ignore", "SDC702")
    assert status == "fail"
    assert found == {("SDC101", "fail", "a count below the threshold 10")}


@pytest.mark.parametrize("extension", ["svg", "pdf"])
def test_a_chart_s_ordinary_text_still_passes(tmp_path: Path, extension: str) -> None:
    def draw(ax: Any, fig: Any) -> None:
        ax.set_title("Figure 2: Patients by region, 2019-2023")
        ax.set_xlabel("Region")
        ax.legend()
        fig.text(0.01, 0.01, "Counts below 10 are suppressed")
        ax.bar_label(ax.containers[0])  # the bars' own values

    _chart(tmp_path / "r", extension, draw)
    assert _chart_findings(tmp_path / "r", "--ignore", "SDC702") == ("pass", set())
