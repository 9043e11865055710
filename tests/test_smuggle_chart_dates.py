"""Issue 12, channel 4 on date axes: a chart of weekly counts must draw its data's weeks.

A chart whose x axis is dates (matplotlib labels its ticks ``2024-01-08``, ``2024-02``) was
compared by its heights only: a week the data file lacks, drawn at a height the file happens
to show, passed. The dates are now read back through the tick dates like numbers through
numeric ticks, and every date a line, a point or a bar is drawn at must be a date of the data
file (a contiguous weekly bin: its first day, last day or middle), else SDC701 (review). The
figures are drawn by matplotlib from pandas dates and saved as SVG and PDF.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

import sdc
from sdc.charts.model import Tick
from sdc.charts.scale import axis_scale, date_days
from sdc.policy import build_policy

FORMATS = ["svg", "pdf"]
WEEKS = pd.date_range("2024-01-07", periods=10, freq="W")
COUNTS = [12, 15, 20, 18, 25, 30, 22, 19, 27, 31]


def _figure(folder: Path, fmt: str, kind: str, dates=WEEKS, counts=COUNTS) -> None:
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    if kind == "line":
        ax.plot(dates, counts, marker="o")
    elif kind == "bar":
        ax.bar(dates, counts, width=4)
    else:  # contiguous weekly bins starting on each date
        ax.bar(dates, counts, width=7, align="edge")
    ax.set_ylabel("admissions")
    fig.savefig(folder / f"weekly.{fmt}")


def _data(folder: Path, dates=WEEKS, counts=COUNTS, ext: str = "csv") -> None:
    frame = pd.DataFrame({"week": dates, "admissions": counts})
    if ext == "csv":
        frame.to_csv(folder / "weekly.csv", index=False)
    else:
        frame.to_excel(folder / "weekly.xlsx", index=False)


def _sdc701(folder: Path) -> list[str]:
    result = sdc.check(folder, build_policy({}))
    return [f.message for f in result.findings if f.rule == "SDC701"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["line", "bar", "bins"])
def test_a_weekly_chart_that_draws_its_data_has_no_sdc701(tmp_path: Path, fmt: str,
                                                          kind: str) -> None:
    _figure(tmp_path, fmt, kind)
    _data(tmp_path)
    assert _sdc701(tmp_path) == []


def test_dates_written_by_to_excel_agree_too(tmp_path: Path) -> None:
    _figure(tmp_path, "svg", "line")
    _data(tmp_path, ext="xlsx")
    assert _sdc701(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["line", "bar", "bins"])
def test_a_week_the_data_lacks_is_review(tmp_path: Path, fmt: str, kind: str) -> None:
    """The chart draws an eleventh week at 31; the file has eleven rows with the same
    heights, its last on another day: the heights match one to one, the weeks do not."""
    dates = pd.date_range("2024-01-07", periods=11, freq="W")
    _figure(tmp_path, fmt, kind, dates, [*COUNTS, 31])
    _data(tmp_path, [*WEEKS, pd.Timestamp("2024-03-19")], [*COUNTS, 31])
    assert _sdc701(tmp_path) == [
        "what the chart draws does not match its data file: 1 of the 11 categories or x "
        "positions it draws values at are not in weekly.csv ("
        + ("line 1 in panel 1" if kind == "line" else "bar 11") + " at '2024-03-17')"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_data_of_other_weeks_is_review(tmp_path: Path, fmt: str) -> None:
    """Same heights, weeks a day off (the file's Mondays, the chart's Sundays)."""
    _figure(tmp_path, fmt, "line")
    _data(tmp_path, WEEKS + pd.Timedelta(days=1))
    (message,) = _sdc701(tmp_path)
    assert "10 of the 10 categories or x positions" in message


def test_tick_dates_that_do_not_fit_a_time_axis_are_categories() -> None:
    """The guess that date labels make a linear time axis is wrong when they are not evenly
    placed in time (a categorical axis whose labels are dates): they are categories."""
    ticks = [Tick(0.0, "2024-01-01"), Tick(10.0, "2024-01-02"), Tick(20.0, "2024-03-01")]
    assert axis_scale(ticks).kind == "category"
    even = axis_scale([Tick(0.0, "2024-01-01"), Tick(10.0, "2024-01-08")])
    assert even.kind == "date" and even.value(5.0) == pytest.approx(date_days("2024-01-04")
                                                                    + 0.5)
    assert date_days("2024") is None  # a year is a number (a linear axis), not a date


def test_categorical_dates_are_compared_as_labels(tmp_path: Path) -> None:
    """Bars at date strings unevenly spaced in time: compared as categories, so a date the
    data lacks is still seen."""
    fig = Figure()
    ax = fig.subplots()
    ax.bar(["2024-01-01", "2024-01-02", "2024-03-01"], [12, 15, 20])
    fig.savefig(tmp_path / "weekly.svg")
    frame = pd.DataFrame({"day": ["2024-01-01", "2024-01-02", "2024-03-01"], "n": [12, 15, 20]})
    frame.to_csv(tmp_path / "weekly.csv", index=False)
    assert _sdc701(tmp_path) == []
    frame.assign(day=["2024-01-01", "2024-01-02", "2024-03-02"]).to_csv(
        tmp_path / "weekly.csv", index=False)
    (message,) = _sdc701(tmp_path)
    assert "1 of the 3 categories or x positions" in message
