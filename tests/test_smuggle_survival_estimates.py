"""A survival table read as estimates (fp26) carrying what its counts do not say (hunt16).

R's ``summary(survfit)`` saved with ``write.csv`` and rounded: a row printing 10 events (a
cover) beside a curve that falls from 0.79 to 0.71 with 30 at risk: 2.7 to 3.4 had the event,
so 3. At two decimals the step pins no one whole number within 0.25, so it was not read, and
the table passed. And a ``survival`` column that rises and falls is no Kaplan-Meier curve of
the counts beside it, yet was read as one (its values could carry anything); nor is a
``lower`` column that lies above the curve on one row and below it on another."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import check_one_file, found_with_status

HEADER = "time,n.risk,n.event,survival,std.err,lower,upper\n"


def _csv(rows: list[str]) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


def test_a_rounded_curve_whose_step_is_a_small_count_is_read(tmp_path: Path) -> None:
    rows = ["7,1010,130,0.89,0.009,0.87,0.91", "19,820,118,0.79,0.012,0.76,0.81",
            "38,30,10,0.71,0.014,0.67,0.72"]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    # was: pass. 30 * (1 - 0.71 / 0.79) is 3.04, within 0.36: 3 had the event, not the 10
    # printed (in a ``times=`` table the step may understate the interval's events: review)
    assert found_with_status(result) == {("SDC101", "D4", "review")}
    assert result.status.value == "review"


def test_the_same_curve_beside_its_true_count_fails_at_the_count(tmp_path: Path) -> None:
    rows = ["7,1010,130,0.89,0.009,0.87,0.91", "19,820,118,0.79,0.012,0.76,0.81",
            "38,30,3,0.71,0.014,0.67,0.72"]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    assert ("SDC101", "C4", "fail") in found_with_status(result)
    assert ("SDC101", "D4", "review") not in found_with_status(result)


def test_a_rounded_curve_of_large_counts_still_passes(tmp_path: Path) -> None:
    rows = ["7,1010,130,0.89,0.009,0.87,0.91", "19,820,118,0.79,0.012,0.76,0.81",
            "38,640,96,0.70,0.014,0.67,0.72", "61,455,74,0.61,0.016,0.58,0.65"]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    assert found_with_status(result) == set()
    assert result.status.value == "pass"


def test_a_survival_column_that_rises_is_no_curve(tmp_path: Path) -> None:
    rows = ["7,1010,130,0.8917,0.00897,0.8743,0.9094",
            "19,820,118,0.7875,0.01205,0.7642,0.8115",
            "38,640,96,0.8953,0.01420,0.6680,0.7237",
            "61,455,74,0.6149,0.01585,0.5846,0.6468"]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    # was: pass. Unread as an estimate: SDC602 (the survival), its bounds a model's (SDC301)
    assert {r for r, _, _ in found_with_status(result)} == {"SDC602", "SDC301"}
    assert result.status.value == "review"


def test_a_bound_that_crosses_the_curve_is_no_bound_of_it(tmp_path: Path) -> None:
    rows = ["7,1010,130,0.8917,0.00897,0.8743,0.9094",
            "19,820,118,0.7875,0.01205,0.7642,0.8115",
            "38,640,96,0.6953,0.01420,0.0030,0.7237",
            "61,455,74,0.6149,0.01585,0.9846,0.6468"]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    # was: pass (any proportion under ``lower``). A column below the curve on one row and
    # above it on another stays a model's bound (SDC301: no dof source)
    assert {(r, c) for r, c, _ in found_with_status(result)} == {("SDC301", None)}
    assert result.status.value == "review"
