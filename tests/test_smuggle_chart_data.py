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
    # never pass, even with SDC702 switched off. One full-suite run (CI rehearsal, 2026-12-01)
    # gave 'fail' here for the SVG and could not be reproduced in 240 seeded re-runs: the
    # findings are in the message so a recurrence shows which rule made it stricter.
    assert result.status.value in ("review", "fail"), [
        (f.rule, f.status.value, f.location.cell) for f in result.findings]


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


# --- where values are drawn: categories and x positions (not only heights) ------------------


def _category_bars(folder: Path, fmt: str, labels: list[str], heights: list[float]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fig = Figure()
    ax = fig.subplots()
    ax.bar(labels, heights)
    ax.set_ylabel("patients")
    fig.savefig(folder / f"fig.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_bars_at_categories_the_data_lacks_are_review(tmp_path: Path, fmt: str) -> None:
    # the heights are the data's; the third bar is drawn for another group than the file's
    _category_bars(tmp_path, fmt, ["a", "b", "Ward 7"], [12, 30, 25])
    (tmp_path / "fig.csv").write_text(SAFE)
    result = _check(tmp_path, {"ignore": ["SDC702"]})
    ((path, message),) = _sdc701(result)
    assert path == f"fig.{fmt}"
    assert message == ("what the chart draws does not match its data file: 1 of the 3 "
                       "categories or x positions it draws values at are not in fig.csv "
                       "(bar 3 at 'Ward 7')")
    (finding,) = [f for f in result.findings if f.rule == "SDC701"]
    assert "Ward" not in finding.text(show_values=False)  # labels stay in the TRE
    assert result.status.value == "review"


@pytest.mark.parametrize("fmt", FORMATS)
def test_more_categories_than_the_data_is_review(tmp_path: Path, fmt: str) -> None:
    """A fourth bar whose height is a number the file shows (its total): heights alone match
    one to one; the category does not."""
    _category_bars(tmp_path, fmt, ["a", "b", "c", "d"], [12, 30, 25, 67])
    (tmp_path / "fig.csv").write_text(SAFE + "Total,67\n")
    ((_, message),) = _sdc701(_check(tmp_path, {"ignore": ["SDC702"]}))
    assert "1 of the 4 categories or x positions it draws values at are not in fig.csv" \
        in message
    assert "values it draws are not in" not in message  # the heights alone would pass


@pytest.mark.parametrize("fmt", FORMATS)
def test_categories_of_the_data_in_another_order_and_case_agree(tmp_path: Path,
                                                               fmt: str) -> None:
    _category_bars(tmp_path, fmt, ["C", "A", "B"], [25, 12, 30])
    (tmp_path / "fig.csv").write_text(SAFE)
    assert _sdc701(_check(tmp_path)) == []


def test_a_line_drawn_past_the_years_of_its_data_is_review(tmp_path: Path) -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.plot([2019, 2020, 2021, 2022, 2023], [40, 42, 44, 45, 45], marker="o")
    ax.set_ylabel("admissions")
    fig.savefig(tmp_path / "trend.svg")
    (tmp_path / "trend.csv").write_text("year,admissions\n2019,40\n2020,42\n2021,44\n2022,45\n")
    ((_, message),) = _sdc701(_check(tmp_path))
    assert message.endswith("1 of the 5 categories or x positions it draws values at are not "
                            "in trend.csv (line 1 in panel 1 at '2023.0')")
    (tmp_path / "trend.csv").write_text(
        "year,admissions\n2019,40\n2020,42\n2021,44\n2022,45\n2023,45\n")
    assert _sdc701(_check(tmp_path)) == []


def test_histogram_bins_are_compared_by_their_heights_only(tmp_path: Path) -> None:
    """A histogram's data file lists its bins however the researcher wrote them: their edges
    are not compared (the heights are, one to one)."""
    import numpy as np

    values = np.random.default_rng(5).normal(50, 10, 400)
    fig = Figure()
    ax = fig.subplots()
    counts, _, _ = ax.hist(values, bins=5)
    ax.set_ylabel("patients")
    fig.savefig(tmp_path / "age.svg")
    rows = [f"bin {i},{int(c)}" for i, c in enumerate(counts, 1)]
    (tmp_path / "age.csv").write_text("bin,n\n" + "\n".join(rows) + "\n")
    assert _sdc701(_check(tmp_path)) == []
