"""A rate no word gives the scale of, whose numbers do: ``groupby(area).died.agg(["sum",
"count", "mean"])`` renamed ``deaths, patients, rate`` writes 0.186 beside 30 and 161, and
30 / 161 = 0.186 on every row. It was SDC303 ``review`` ("a rate whose scale is not stated");
the scale is now the one every row proves (``_scale_of_published_ratio`` in
``sdc/derived_counts.py``; docs/reading.md), so the rate is read as the ratio of its two
published counts, and a hidden numerator is its rate times its denominator. Written by
pandas."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.corpus.outputs import mortality_by_area

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_rate_that_is_deaths_over_patients_passes(tmp_path: Path) -> None:
    mortality_by_area().round(3).to_csv(tmp_path / "mortality.csv")
    assert "East,30,161,0.186" in (tmp_path / "mortality.csv").read_text()
    assert _check(tmp_path) == (set(), "pass")  # before: SDC303 review, scale not stated


def test_rate_written_per_100_passes(tmp_path: Path) -> None:
    table = mortality_by_area()
    table["rate"] = (table.rate * 100).round(1)
    table.to_csv(tmp_path / "mortality.csv")
    assert "East,30,161,18.6" in (tmp_path / "mortality.csv").read_text()
    assert _check(tmp_path) == (set(), "pass")


def test_hidden_deaths_given_away_by_the_rate(tmp_path: Path) -> None:
    # the twin: West's 3 deaths hidden, its rate 0.02 of 150 patients gives them back
    table = mortality_by_area(west_deaths=3).round(3).astype(object)
    table.loc["West", "deaths"] = "[c]"
    table.to_csv(tmp_path / "mortality.csv")
    assert "West,[c],150,0.02" in (tmp_path / "mortality.csv").read_text()
    # before: SDC303 review only (the rate's scale unknown, its events not worked out)
    assert _check(tmp_path) == ({("SDC101", "mortality.csv", "D5")}, "fail")


def test_small_deaths_printed_fail(tmp_path: Path) -> None:
    mortality_by_area(west_deaths=3).round(3).to_csv(tmp_path / "mortality.csv")
    assert _check(tmp_path) == ({("SDC101", "mortality.csv", "B5"),
                                 ("SDC303", "mortality.csv", "D5")}, "fail")


def test_rate_the_counts_do_not_give_stays_review(tmp_path: Path) -> None:
    # a rate of something else (per person-year, adjusted): no scale fits every row
    table = mortality_by_area().round(3)
    table["rate"] = [0.21, 0.17, 0.23, 0.09]
    table.to_csv(tmp_path / "mortality.csv")
    assert _check(tmp_path) == ({("SDC303", "mortality.csv", None)}, "review")


def test_rate_fitting_one_row_only_stays_review(tmp_path: Path) -> None:
    # one row is no proof: East alone fits 30 / 161
    table = mortality_by_area().round(3)
    table["rate"] = [0.186, 0.17, 0.23, 0.09]
    table.to_csv(tmp_path / "mortality.csv")
    assert _check(tmp_path) == ({("SDC303", "mortality.csv", None)}, "review")
