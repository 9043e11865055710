"""SDC503 over periods of dates: ``2020-01 to 2020-06`` beside ``2020-01 to 2020-05`` gives
June's count away, as ``<25`` beside ``<20`` gives the 20-24 year olds. Periods are read as
bands of days (sdc.bands.parse_date_bands), only by differencing, and compared only with
periods (an open age band ``18+`` would contain every day)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.bands import parse_band, parse_date_bands
from sdc.policy import build_policy

POLICY = build_policy({})


def _spans(labels: list[str]) -> list[tuple[str, str] | None]:
    import datetime as dt

    return [None if b is None else (dt.date.fromordinal(int(b.lo)).isoformat(),
                                    dt.date.fromordinal(int(b.hi) - 1).isoformat())
            for b in parse_date_bands(labels)]


def test_periods_by_month_and_by_day_are_the_same_days() -> None:
    assert _spans(["2020-01 to 2020-06", "Jul 2020 - Dec 2020", "1 Jan 2021 to 31 Mar 2021",
                   "2021/04/01 to 2021/04/30", "May 2021"]) == [
        ("2020-01-01", "2020-06-30"), ("2020-07-01", "2020-12-31"),
        ("2021-01-01", "2021-03-31"), ("2021-04-01", "2021-04-30"), ("2021-05-01", "2021-05-31")]


def test_months_alone_and_other_labels_are_no_periods() -> None:
    assert parse_date_bands(["Jan 2020", "Feb 2020"]) == [None, None]  # categories, like years
    assert parse_date_bands(["2019", "2020"]) == [None, None]
    assert parse_date_bands(["18-64", "65+", "Male"]) == [None, None, None]
    assert parse_date_bands(["2020-06 to 2020-01", "2020-13 to 2021-01"]) == [None, None]
    assert parse_band("2020-01 to 2020-06") is None  # the readers' bands are unchanged


def test_two_periods_ending_a_month_apart_give_that_month_away(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "period,cases\n2020-01 to 2020-06,120\n2020-07 to 2020-12,130\n")
    (tmp_path / "b.csv").write_text(
        "period,cases\n2020-01 to 2020-05,115\n2020-06 to 2020-12,135\n")
    result = sdc.check(tmp_path, POLICY)
    assert [(f.rule, f.location.path, f.location.cell, f.status.value)
            for f in result.findings] == [("SDC503", "b.csv", "B2", "fail")]
    (finding,) = result.findings
    assert finding.message.startswith(
        "period 2020-06-01 to 2020-06-30 = (2020-01 to 2020-06) − (2020-01 to 2020-05) = 5")
    assert finding.evidence["band"] == "2020-06-01 to 2020-06-30"


def test_periods_are_not_compared_with_numeric_bands(tmp_path: Path) -> None:
    # 18+ = [18, inf) contains every day number: were periods numbers, 500 - 497 = 3
    (tmp_path / "a.csv").write_text("age,n\n18+,500\n")
    (tmp_path / "b.csv").write_text("period,n\n2020-01 to 2020-06,497\n")
    assert sdc.check(tmp_path, POLICY).findings == []
