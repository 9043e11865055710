"""Issue 12, channel 4 completed: a chart's data file must be the data it draws.

A researcher puts a safe table beside a vector chart (``fig.csv``, or ``data = "..."`` in
request.toml) while the chart draws other numbers, or more series or points than the table
has. Every value sdc reads back from the drawing must be in the data file; otherwise SDC701
(review) names how many are not. The figures are drawn by matplotlib and saved as SVG and PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

FORMATS = ["svg", "pdf"]
SAFE = "grp,n\na,12\nb,30\nc,25\n"


def _bars(folder: Path, fmt: str, heights: list[float], *, series: list[float] | None = None,
          name: str = "fig") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fig = Figure()
    ax = fig.subplots()
    if series is None:
        ax.bar(["a", "b", "c"], heights)
    else:
        ax.bar([0, 2, 4], heights, label="first")
        ax.bar([1, 3, 5], series, label="second")
        ax.legend()
    ax.set_ylabel("patients")
    path = folder / f"{name}.{fmt}"
    fig.savefig(path)
    return path


def _sdc701(result: sdc.RunResult) -> list[tuple[str, str]]:
    return [(f.location.path, f.message) for f in result.findings if f.rule == "SDC701"]


def _check(folder: Path, policy: dict | None = None) -> sdc.RunResult:
    return sdc.check(folder, build_policy(policy or {}))


@pytest.mark.parametrize("fmt", FORMATS)
def test_chart_that_draws_its_data_has_no_sdc701(tmp_path: Path, fmt: str) -> None:
    _bars(tmp_path, fmt, [12, 30, 25])
    (tmp_path / "fig.csv").write_text(SAFE)
    assert _sdc701(_check(tmp_path)) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_chart_drawing_other_values_than_its_data_is_review(tmp_path: Path, fmt: str) -> None:
    _bars(tmp_path, fmt, [12, 3, 25])  # the file says 30; the picture publishes 3
    (tmp_path / "fig.csv").write_text(SAFE)
    result = _check(tmp_path, {"ignore": ["SDC702"]})
    ((path, message),) = _sdc701(result)
    assert path == f"fig.{fmt}"
    assert message == ("what the chart draws does not match its data file: 1 of the 3 values "
                       "it draws are not in fig.csv (bar 2 = 3)")
    (finding,) = [f for f in result.findings if f.rule == "SDC701"]
    assert finding.status.value == "review"
    assert "3" not in finding.text(show_values=False).replace("3 values", "")  # no value out
    # the drawn 3 is also a small count on the figure itself
    assert ("SDC101", f"fig.{fmt}", "bar 2") in findings_of(result, {"SDC101"})


@pytest.mark.parametrize("fmt", FORMATS)
def test_more_series_than_the_data_declares_is_review(tmp_path: Path, fmt: str) -> None:
    # the second series repeats the data's own heights: only one-to-one matching sees it
    _bars(tmp_path, fmt, [12, 30, 25], series=[12, 30, 25])
    (tmp_path / "fig.csv").write_text(SAFE)
    result = _check(tmp_path, {"ignore": ["SDC702"]})
    ((_, message),) = _sdc701(result)
    assert "3 of the 6 values it draws are not in fig.csv" in message
    assert result.status.value == "review"  # never pass, even with SDC702 switched off


@pytest.mark.parametrize("fmt", FORMATS)
def test_declared_data_in_request_toml_is_compared_too(tmp_path: Path, fmt: str) -> None:
    _bars(tmp_path, fmt, [12, 3, 25], name="figure")
    (tmp_path / "counts.csv").write_text(SAFE)
    (tmp_path / "request.toml").write_text(
        f'[[outputs]]\npath = "figure.{fmt}"\ndata = "counts.csv"\n')
    ((path, message),) = _sdc701(_check(tmp_path))
    assert path == f"figure.{fmt}"
    assert "1 of the 3 values it draws are not in counts.csv" in message


def test_line_chart_heights_not_in_the_data(tmp_path: Path) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.plot([2019, 2020, 2021, 2022], [40, 42, 4, 45], marker="o")
    ax.set_ylabel("admissions")
    fig.savefig(tmp_path / "trend.svg")
    (tmp_path / "trend.csv").write_text("year,admissions\n2019,40\n2020,42\n2021,44\n2022,45\n")
    ((_, message),) = _sdc701(_check(tmp_path))
    assert "1 of the 4 values it draws are not in trend.csv (line 1 in panel 1 = 4)" in message
    (tmp_path / "trend.csv").write_text("year,admissions\n2019,40\n2020,42\n2021,4\n2022,45\n")
    assert _sdc701(_check(tmp_path)) == []


def test_scatter_with_a_summary_table_beside_it(tmp_path: Path) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.scatter([1, 2, 3, 4, 5], [61.5, 72.25, 80.0, 55.75, 90.5])
    fig.savefig(tmp_path / "wt.svg")
    (tmp_path / "wt.csv").write_text("stat,value\nmean,72\nn,5\n")
    result = _check(tmp_path)
    ((_, message),) = _sdc701(result)
    assert "5 of the 5 values it draws are not in wt.csv" in message
    assert result.status.value == "fail"  # SDC703: individual points


def test_unreadable_data_file_still_compared_as_empty(tmp_path: Path) -> None:
    """A data file that is not a table (the guess "it is the chart's data" is wrong) backs
    nothing: every drawn value is unmatched, so the chart is review, not pass."""
    _bars(tmp_path, "svg", [12, 30, 25])
    (tmp_path / "fig.csv").write_text("this file holds notes, not the plotted numbers\n")
    result = _check(tmp_path, {"ignore": ["SDC702"]})
    ((_, message),) = _sdc701(result)
    assert "3 of the 3 values it draws are not in fig.csv" in message
    assert result.status.value == "review"
