"""Output-checking guides (ONS / UK Data Service SDAP, Lorenz curves and concentration):
a Lorenz curve saved as its points, ``population_share, income_share`` from (0, 0) to (1, 1),
had its two end points read as the minimum and the maximum of a ladder of quantile levels
(SDC302 ``fail`` at all four end cells). A cumulative share curve runs from exactly 0 to
exactly 1 by definition: the share of nobody and the share of all are no unit's value. The
end points are no longer SDC302's where the headers name shares and both ends are exact; the
points between are not exempt (a curve over a few units gives the smallest unit's share at
its first step), and a quantile ladder that does not end at exactly 0 and 1, or whose headers
do not name shares, keeps SDC302."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy


def lorenz_points(incomes: np.ndarray, steps: int) -> pd.DataFrame:
    """The Lorenz curve at ``steps`` equal population shares: the share of the total held by
    the poorest ``p`` of the units."""
    ordered = np.sort(incomes)
    cumulative = np.concatenate([[0.0], np.cumsum(ordered)]) / ordered.sum()
    levels = np.linspace(0, 1, steps + 1)
    at = np.rint(levels * len(ordered)).astype(int)
    return pd.DataFrame({"population_share": levels.round(2),
                         "income_share": cumulative[at].round(3)})


def check(folder: Path, frame: pd.DataFrame, name: str) -> sdc.RunResult:
    folder.mkdir()
    frame.to_csv(folder / name, index=False)
    return sdc.check(folder, build_policy({}))


def findings(report: sdc.RunResult, code: str) -> set[str | None]:
    return {f.location.cell for f in report.findings if f.rule == code}


def by_rule(report: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in report.findings}


def test_lorenz_curve_end_points_are_no_extremes(tmp_path: Path) -> None:
    """500 incomes, deciles: the curve's (0, 0) and (1, 1) are definitions, no SDC302."""
    rng = np.random.default_rng(0)
    frame = lorenz_points(rng.lognormal(10, 0.8, 500), 10)
    assert frame.iloc[0].tolist() == [0.0, 0.0] and frame.iloc[-1].tolist() == [1.0, 1.0]
    report = check(tmp_path / "curve", frame, "lorenz.csv")
    # round 16: nor SDC103 (cumulative shares read as a group's proportions: 0 and 1 at the
    # ends, 0.9 of the population) nor SDC603 (the points read as records); only the units
    # behind the shares, which the file does not give (SDC303 review): never a pass
    assert by_rule(report) == {("SDC303", None, "review")}
    assert report.status.value == "review"


def test_curve_over_four_firms_does_not_pass(tmp_path: Path) -> None:
    """A concentration curve over four firms: each step is one firm, the first is the
    smallest firm's share of the total. The ends are exempt; the steps are not, and the
    number of units behind them is unknown, so the table does not pass."""
    turnover = np.array([50.0, 100.0, 250.0, 600.0])
    frame = lorenz_points(turnover, 4).rename(columns={"population_share": "firm_share",
                                                       "income_share": "turnover_share"})
    assert frame.turnover_share.tolist()[1] == turnover.min() / turnover.sum()
    report = check(tmp_path / "firms", frame, "concentration.csv")
    assert findings(report, "SDC302") == set()
    thin = [f for f in report.findings if f.rule == "SDC303"]
    assert {f.status.value for f in thin} == {"review"}
    assert any("turnover_share" in f.message for f in thin)
    assert by_rule(report) == {("SDC303", None, "review")}  # round 16: no SDC103/SDC603
    assert report.status.value == "review"  # its units unknown: a person looks, never a pass


def test_share_ladder_not_ending_at_one_keeps_its_maximum(tmp_path: Path) -> None:
    """The twin: the same headers over quantiles of a share variable whose top is 0.97 (no
    curve of cumulative shares ends there): the values at levels 0 and 1 are single records'.
    ``income_share`` is a ladder too (0 to 0.97), whose level 0 is A2 (its top is no level 1)."""
    frame = pd.DataFrame({"population_share": [0.0, 0.25, 0.5, 0.75, 1.0],
                          "income_share": [0.0, 0.2, 0.5, 0.8, 0.97]})
    report = check(tmp_path / "ladder", frame, "shares.csv")
    assert findings(report, "SDC302") == {"A2", "B2", "B6"}


def test_quantile_ladder_from_zero_to_one_unnamed_keeps_its_extremes(tmp_path: Path) -> None:
    """The twin without share words: quantiles of a score in [0, 1] at levels 0..1 whose
    minimum is 0 and maximum 1: nothing says these are cumulative shares, SDC302 stays."""
    frame = pd.DataFrame({"level": [0.0, 0.25, 0.5, 0.75, 1.0],
                          "score": [0.0, 0.2, 0.5, 0.8, 1.0]})
    report = check(tmp_path / "score", frame, "score.csv")
    assert findings(report, "SDC302") == {"A2", "B2", "A6", "B6"}


def both_ends(frame: pd.DataFrame) -> set[str]:
    """The rule's reading of a two-column ladder table with no curve: each column is a ladder
    of levels (strictly increasing from 0 to 1, one not whole), and the other column's values
    at its levels 0 and 1 are the minimum and maximum: every column's first and last cell."""
    last = len(frame) + 1
    return {f"{col}{row}" for col in "AB" for row in (2, last)}


def test_shares_headed_as_a_curve_that_is_above_the_diagonal_keep_sdc302(
        tmp_path: Path) -> None:
    """Headers name shares and both ends are exact, but the points lie above the diagonal
    (the first quarter holding 61%): no Lorenz curve, so the header's word alone does not
    take the minimum and maximum out (round 16: the shape is required, not only the words)."""
    frame = pd.DataFrame({"population_share": [0.0, 0.25, 0.5, 0.75, 1.0],
                          "income_share": [0.0, 0.61, 0.72, 0.93, 1.0]})
    assert (frame.income_share > frame.population_share).any()
    report = check(tmp_path / "above", frame, "shares.csv")
    assert findings(report, "SDC302") == both_ends(frame) == {"A2", "B2", "A6", "B6"}
    # not a curve: its 0s and 1s are still read as a group's proportions (SDC103)
    assert findings(report, "SDC103") >= {"A2", "B2", "A6", "B6"}


def test_shares_below_the_diagonal_but_not_convex_keep_sdc302(tmp_path: Path) -> None:
    """Below the diagonal everywhere, but the slopes fall and rise again (0.8, 0.2, 1.8,
    1.2): no curve of ordered shares does that (the poorest come first, so each step holds
    at least the share of the one before). Quantiles of a [0, 1] score, headed as shares."""
    frame = pd.DataFrame({"population_share": [0.0, 0.25, 0.5, 0.75, 1.0],
                          "income_share": [0.0, 0.2, 0.25, 0.7, 1.0]})
    x, y = frame.population_share.to_numpy(), frame.income_share.to_numpy()
    slopes = np.diff(y) / np.diff(x)
    assert (y <= x).all() and (np.diff(slopes) < 0).any()
    report = check(tmp_path / "bent", frame, "shares.csv")
    assert findings(report, "SDC302") == both_ends(frame)


def test_a_curve_bent_only_by_its_rounding_is_still_a_curve(tmp_path: Path) -> None:
    """Near-equal incomes: the true curve (0, .2449, .4950, .7451, 1) is convex, printed to
    2 decimals (0, .24, .50, .75, 1) its slopes read .96, 1.04, 1.0, 1.04: bent by the
    rounding alone (each share off by at most .005). Still a curve: no SDC302."""
    true = np.array([0.0, 0.2449, 0.4950, 0.7451, 1.0])
    levels = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    assert (np.diff(np.diff(true) / np.diff(levels)) >= 0).all()
    printed = true.round(2)
    assert (np.diff(np.diff(printed) / np.diff(levels)) < 0).any()
    frame = pd.DataFrame({"population_share": levels, "income_share": printed})
    report = check(tmp_path / "rounded", frame, "lorenz.csv")
    assert findings(report, "SDC302") == set()


def test_a_curve_beside_a_third_column_is_read_as_any_table(tmp_path: Path) -> None:
    """The curve with the units behind each point beside it is no longer the whole table:
    SDC103 reads its 0 and 1 shares as before (the exemption is for a bare curve only)."""
    rng = np.random.default_rng(0)
    frame = lorenz_points(rng.lognormal(10, 0.8, 500), 10)
    frame["n"] = (frame.population_share * 500).round().astype(int)
    report = check(tmp_path / "with_n", frame, "lorenz.csv")
    assert {"A2", "B2"} <= findings(report, "SDC103")
    assert report.status.value == "fail"
