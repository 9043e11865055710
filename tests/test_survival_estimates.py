"""A survival table whose every count is 10 or more passes (fp26); its twins do not.

R's ``summary(survfit(...), times = ...)`` saved with ``write.csv`` (``time, n.risk, n.event,
survival, std.err, lower, upper``) was ``review`` whatever its counts: the survival column was
not understood (SDC602), the standard error and bounds read as a model's with no dof (SDC301)
and irregular times as a magnitude with no contribution evidence (SDC203). Beside the number at
risk and the events the table prints, they are the Kaplan-Meier estimates of those counts and
the table's time axis (``sdc.readers.layout_survival``). Twins: a small event count, a small
number at risk, a count written under ``survival``, and a table without its events column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_one_file, findings_of, found_with_status

HEADER = '"","time","n.risk","n.event","survival","std.err","lower","upper"\n'
ROWS = [(7, 1010, 130, 0.8917, 0.00897, 0.8743, 0.9094),
        (19, 820, 118, 0.7875, 0.01205, 0.7642, 0.8115),
        (38, 640, 96, 0.6953, 0.01420, 0.6680, 0.7237),
        (61, 455, 74, 0.6149, 0.01585, 0.5846, 0.6468)]


def _csv(rows: list[tuple[object, ...]], header: str = HEADER) -> str:
    return header + "".join(f'"{i}",' + ",".join(str(v) for v in row) + "\n"
                            for i, row in enumerate(rows, 1))


def _with(row: int, col: int, value: object) -> list[tuple[object, ...]]:
    rows = [list(r) for r in ROWS]
    rows[row][col] = value
    return [tuple(r) for r in rows]


def test_a_survival_table_of_large_counts_passes(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "km.csv", _csv(ROWS))
    # was: SDC203 (time), SDC301 (std.err, lower, upper), SDC602 (survival): review
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_without_r_row_names_too(tmp_path: Path) -> None:
    text = "time,n.risk,n.event,survival,std.err,lower,upper\n" + "".join(
        ",".join(str(v) for v in row) + "\n" for row in ROWS)
    result = check_one_file(tmp_path, "km.csv", text)
    assert findings_of(result) == set()


def test_a_small_event_count_fails_at_its_cell(tmp_path: Path) -> None:
    # 1010 -> 820 beside 3 events: 187 censored, no small fall
    result = check_one_file(tmp_path, "km.csv", _csv(_with(1, 2, 3)))
    assert found_with_status(result) == {("SDC101", "D3", "fail")}


def test_a_small_number_at_risk_fails_with_its_estimates(tmp_path: Path) -> None:
    rows = [*ROWS, (90, 12, 10, 0.5, 0.1, 0.3, 0.7), (120, 4, 3, 0.12, 0.1, 0.01, 0.5)]
    result = check_one_file(tmp_path, "km.csv", _csv(rows))
    # the 4 at risk and 3 events of the last row; its time and estimates rest on those 4
    # people (SDC303); 12 at risk less 10 events is 2, one reading of the row (review);
    # the survival's fall from 0.6149 to 0.5 with 12 at risk is 2 or 3 events, not the 10
    # printed (hunt16: review at E6)
    assert found_with_status(result) == {
        ("SDC101", "C7", "fail"), ("SDC101", "D7", "fail"), ("SDC101", "D6", "review"),
        ("SDC101", "E6", "review"),
        *{("SDC303", f"{col}7", "fail") for col in "BEFGH"}}
    assert result.status.value == "fail"


def test_a_count_written_under_survival_is_not_an_estimate(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "km.csv", _csv(_with(2, 3, 3)))
    # a value outside 0..1: the column is no proportion, nor are its standard error and
    # bounds read as its own (the model statistics they were: SDC301)
    assert findings_of(result) == {("SDC602", "km.csv", None), ("SDC301", "km.csv", None)}
    assert result.status.value == "review"


@pytest.mark.parametrize("drop", ["n.event", "n.risk"])
def test_without_its_counts_the_estimates_stay_unread(tmp_path: Path, drop: str) -> None:
    names = ["time", "n.risk", "n.event", "survival", "std.err", "lower", "upper"]
    keep = [i for i, n in enumerate(names) if n != drop]
    text = ",".join(names[i] for i in keep) + "\n" + "".join(
        ",".join(str(row[i]) for i in keep) + "\n" for row in ROWS)
    result = check_one_file(tmp_path, "km.csv", text)
    assert result.status.value == "review"  # as before fp26: SDC301/SDC602 for a person


def test_a_survival_by_region_is_not_read_as_an_estimate(tmp_path: Path) -> None:
    """Not along time, a survival beside patients is the share that survived: West's 0.925 of
    40 is 3 deaths whatever its n.event says; the column stays unread (review)."""
    result = check_one_file(
        tmp_path, "s.csv", "region,n.risk,n.event,survival,std.err,lower,upper\n"
        "North,400,40,0.9,0.015,0.87,0.93\nWest,40,12,0.925,0.04,0.84,0.99\n")
    assert findings_of(result) == {("SDC103", "s.csv", "B2"), ("SDC301", "s.csv", None),
                                   ("SDC602", "s.csv", None)}


def _steps(second: float) -> str:
    return ("time,n.risk,n.event,survival\n"
            f"12,1010,130,0.8917\n24,820,118,{second}\n36,640,96,0.6953\n")


def test_a_survival_step_saying_other_events_than_printed_fails(tmp_path: Path) -> None:
    # 0.8917 -> 0.88844 at 820 at risk is 3 events, though the row prints 118
    result = check_one_file(tmp_path, "km.csv", _steps(round(0.8917 * (1 - 3 / 820), 5)))
    assert found_with_status(result) == {("SDC101", "D3", "fail")}


def test_survival_steps_that_are_the_printed_events_pass(tmp_path: Path) -> None:
    # the event-time convention: each step is exactly S_before * (1 - d / n)
    s1 = 1 - 130 / 1010
    s2 = s1 * (1 - 118 / 820)
    s3 = s2 * (1 - 96 / 640)
    result = check_one_file(tmp_path, "km.csv", "time,n.risk,n.event,survival\n"
                            f"12,1010,130,{s1:.5f}\n24,820,118,{s2:.5f}\n36,640,96,{s3:.5f}\n")
    assert findings_of(result) == set()
    assert result.status.value == "pass"
