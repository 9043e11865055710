"""Periods named as a whole (quarters ``2023 Q1``, months of a year ``Jan-Mar 2024``,
financial years ``FY 2023/24``) are periods of days as ``2023-01 to 2023-03`` is: a re-run
of a table for an overlapping period gives the difference away, in one release (SDC503) and
against a previous one (SDC504, ``--previous``). The expected sliver is computed here from
the published counts and the calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import sdc
from sdc.bands import parse_date_bands
from sdc.policy import build_policy
from tests.test_prior_release import _check, _release, ledger  # noqa: F401  (fixture)

POLICY = build_policy({})


def _spans(labels: list[str]) -> list[tuple[str, str] | None]:
    return [None if b is None else (dt.date.fromordinal(int(b.lo)).isoformat(),
                                    dt.date.fromordinal(int(b.hi) - 1).isoformat())
            for b in parse_date_bands(labels)]


def test_named_periods_are_their_days() -> None:
    assert _spans(["2023 Q1", "Q2 2023", "2023-Q3", "Jan-Mar 2024", "January to March 2024",
                   "Apr–Jun 2024", "FY 2023/24", "Financial year 2024-2025"]) == [
        ("2023-01-01", "2023-03-31"), ("2023-04-01", "2023-06-30"),
        ("2023-07-01", "2023-09-30"), ("2024-01-01", "2024-03-31"),
        ("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-30"),
        ("2023-04-01", "2024-03-31"), ("2024-04-01", "2025-03-31")]


@pytest.mark.parametrize("labels", [["2023 Q5"], ["Mar-Jan 2024"], ["FY 2023/25"],
                                    ["Q1"], ["Jan-Mar"], ["2023/24"]])
def test_labels_that_are_no_named_periods(labels: list[str]) -> None:
    assert parse_date_bands(labels) == [None] * len(labels)


def test_quarters_beside_months_of_the_year_give_a_month_away(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("period,cases\n2023 Q1,120\n2023 Q2,130\n")
    (tmp_path / "b.csv").write_text("period,cases\nJan-Feb 2023,115\nMar-Jun 2023,135\n")
    march = 120 - 115  # Q1 - (Jan-Feb)
    result = sdc.check(tmp_path, POLICY)
    assert [(f.rule, f.location.path, f.location.cell, f.status.value)
            for f in result.findings] == [("SDC503", "b.csv", "B2", "fail")]
    assert result.findings[0].message.startswith(
        f"period 2023-03-01 to 2023-03-31 = (2023 Q1) − (Jan-Feb 2023) = {march}")


def test_the_twin_with_a_large_month_passes(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("period,cases\n2023 Q1,120\n2023 Q2,130\n")
    (tmp_path / "b.csv").write_text("period,cases\nJan-Feb 2023,80\nMar-Jun 2023,170\n")
    assert sdc.check(tmp_path, POLICY).findings == []


def test_a_re_run_for_an_overlapping_period_against_a_release(ledger, tmp_path: Path  # noqa: F811
                                                               ) -> None:
    _release(ledger, tmp_path, {"q.csv": "period,cases\n2023 Q1,120\n2023 Q2,130\n"})
    (finding,) = _check(ledger, tmp_path, {"m.csv": "period,cases\nJan-Feb 2023,115\n"
                                                    "Mar-Jun 2023,135\n"})
    march = 120 - 115
    assert (finding.rule, finding.location.path, finding.location.cell) == (
        "SDC504", "m.csv", "B2")
    assert finding.evidence["derived"] == march
    assert finding.message.startswith(
        f"period 2023-03-01 to 2023-03-31 = (2023 Q1) − (Jan-Feb 2023) = {march}, below")
