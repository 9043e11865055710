"""Dates of individuals whatever their spread: the pattern test of ``identifiers`` (issue 11
item 5), and the table readings around it that must stay labels."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.identifiers import look_like_person_dates
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _scattered(n: int, seed: int = 3, years: int = 5) -> list[str]:
    rng = np.random.default_rng(seed)
    start = date(2017, 1, 1)
    return [(start + timedelta(days=int(d))).isoformat()
            for d in rng.integers(0, years * 365, n)]


def test_scattered_dates_without_counts_are_people() -> None:
    assert look_like_person_dates(_scattered(12))


def test_too_few_dates_are_not_judged_by_shape() -> None:
    assert not look_like_person_dates(_scattered(9))


def test_series_of_periods_are_labels() -> None:
    start = date(2020, 1, 6)
    weekly = [(start + timedelta(weeks=i)).isoformat() for i in range(20)]
    daily = [(start + timedelta(days=i)).isoformat() for i in range(20)]
    monthly = [f"2020-{m:02d}-15" for m in range(1, 13)]
    weekly_with_gaps = [d for i, d in enumerate(weekly) if i % 3]
    for dates in (weekly, daily, monthly, weekly_with_gaps):
        assert not look_like_person_dates(dates)
        assert not look_like_person_dates(dates, [50.0] * len(dates))


def test_dates_repeated_evenly_are_a_crossed_label() -> None:
    dates = sorted(_scattered(12)) * 2  # each date once per region
    assert not look_like_person_dates(dates)


def test_counts_in_date_order_covering_the_span_are_a_series() -> None:
    days = pd.bdate_range("2021-03-01", periods=25).strftime("%Y-%m-%d").tolist()
    assert not look_like_person_dates(days, [20.0] * 25)
    shuffled = days[::2] + days[1::2]
    assert not look_like_person_dates(shuffled, sorted(range(30, 55), reverse=True))
    # neither dates nor counts in order: not a series nor value_counts(), a listing
    unordered = [float(x) for x in np.random.default_rng(2).permutation(range(30, 55))]
    assert look_like_person_dates(shuffled, unordered)


def test_sparse_dates_with_counts_in_order_are_still_people() -> None:
    # the guess "a daily series" is wrong when most days of the span are absent
    dates = sorted(_scattered(40))
    assert look_like_person_dates(dates, list(range(20, 60)))


def test_month_labels_are_not_full_dates() -> None:
    assert not look_like_person_dates([f"2019-{m:02d}" for m in range(1, 13)] * 2)
    assert not look_like_person_dates([f"Jan {y}" for y in range(2000, 2015)])


def test_cohort_of_children_dd_mm_yyyy_is_identifier(tmp_path: Path) -> None:
    born = pd.to_datetime(_scattered(15))
    frame = pd.DataFrame({"date": born.strftime("%d/%m/%Y"),
                          "group": ["a", "b", "c"] * 5})
    found = findings_of(sdc.check(_write(tmp_path, frame), POLICY), {"SDC604"})
    assert found == {("SDC604", "t.csv", f"A{r}") for r in range(2, 17)}


def _write(tmp_path: Path, frame: pd.DataFrame) -> Path:
    root = tmp_path / "release"
    root.mkdir()
    frame.to_csv(root / "t.csv", index=False)
    return root


def test_value_counts_of_admission_days_is_a_table(tmp_path: Path) -> None:
    rng = np.random.default_rng(8)
    days = pd.Timestamp("2020-03-01") + pd.to_timedelta(rng.integers(0, 40, 1600), unit="D")
    root = tmp_path / "release"
    root.mkdir()
    pd.Series(days.strftime("%Y-%m-%d"), name="admission_date").value_counts().to_csv(
        root / "vc.csv")
    result = sdc.check(root, POLICY)
    assert findings_of(result) == set()


def test_value_counts_of_birth_days_still_fails_on_its_counts(tmp_path: Path) -> None:
    # counts in order make it a table: its counts of 1 are what fail
    root = tmp_path / "release"
    root.mkdir()
    pd.Series(_scattered(30), name="d").value_counts().to_csv(root / "vc.csv")
    result = sdc.check(root, POLICY)
    assert result.status.value == "fail"
    assert {rule for rule, _, _ in findings_of(result)} & {"SDC101", "SDC604"}
