"""Survival tables as researchers save them, checked as files on disk.

lifelines' ``KaplanMeierFitter().event_table`` saved with ``to_csv`` has its time axis as the
index, named ``event_at`` (floats: ``6.0``). The header named nothing sdc knew, so the times
were read as counts of people: a time of 6 failed SDC101 and the time 0 failed SDC102. They
are now read as the magnitude a ``time`` column is (SDC203 review: no pass opened), while the
table's own counts (``removed``, ``observed``, ``censored``) are still checked cell by cell.
lifelines is not installed here: the frames below are built as lifelines builds them (index
``event_at``, columns ``removed, observed, censored, entrance, at_risk``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

POLICY = build_policy({})
COLUMNS = ["removed", "observed", "censored", "entrance", "at_risk"]


def _event_table(rows: list[tuple[float, int, int, int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame([r[1:] for r in rows], columns=COLUMNS,
                         index=pd.Index([r[0] for r in rows], name="event_at"))
    return frame


def _check(tmp_path: Path, frame: pd.DataFrame, name: str = "event_table.csv",
           **to_csv: object) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    frame.to_csv(folder / name, **to_csv)  # type: ignore[arg-type]
    return sdc.check(folder, POLICY)


def test_the_written_csv_is_what_lifelines_writes(tmp_path: Path) -> None:
    frame = _event_table([(0.0, 0, 0, 0, 120, 120), (6.0, 14, 12, 2, 0, 120)])
    frame.to_csv(tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text().splitlines() == [
        "event_at,removed,observed,censored,entrance,at_risk",
        "0.0,0,0,0,120,120", "6.0,14,12,2,0,120"]


def test_event_at_times_are_not_counts(tmp_path: Path) -> None:
    # was also: SDC101 fail at A3 (the time 6.0 as "count 6") and SDC102 fail at A2 (time 0)
    result = _check(tmp_path, _event_table([
        (0.0, 0, 0, 0, 120, 120), (6.0, 14, 12, 2, 0, 120), (12.0, 18, 15, 3, 0, 106),
        (18.0, 0, 0, 0, 0, 88), (24.0, 22, 20, 2, 0, 88), (36.0, 66, 30, 36, 0, 66)]))
    found = _found(result)
    assert not {cell for _, cell, _ in found if cell} & {f"A{r}" for r in range(2, 8)}
    assert found == {
        ("SDC101", "D3", "fail"), ("SDC101", "D4", "fail"), ("SDC101", "D6", "fail"),
        ("SDC102", "B2", "fail"), ("SDC102", "C2", "fail"), ("SDC102", "D2", "fail"),
        ("SDC102", "B5", "fail"), ("SDC102", "C5", "fail"), ("SDC102", "D5", "fail"),
        ("SDC102", "E3", "fail"), ("SDC102", "E4", "fail"), ("SDC102", "E5", "fail"),
        ("SDC102", "E6", "fail"), ("SDC102", "E7", "fail"),
        # at_risk flat from 0.0 to 6.0 and from 18.0 to 24.0 (the times order the rows since
        # handbook2): the same zeros as removed = 0, flagged the same way (decisions)
        ("SDC102", "F3", "fail"), ("SDC102", "F6", "fail")}
    # no SDC203 on event_at since fp26: beside the at-risk and observed counts it prints (both
    # checked) a time running up the rows is the table's axis, a statistic of those at risk
    assert result.status.value == "fail"


def test_small_observed_and_removed_still_fail(tmp_path: Path) -> None:
    # the twin: the times are read as times, the events beside them still as counts
    result = _check(tmp_path, _event_table([
        (0.0, 0, 0, 0, 120, 120), (6.0, 4, 4, 0, 0, 120), (12.0, 30, 15, 15, 0, 116),
        (24.0, 86, 70, 16, 0, 86)]))
    found = _found(result)
    assert {("SDC101", "B3", "fail"), ("SDC101", "C3", "fail")} <= found
    assert ("SDC101", "A3", "fail") not in found and ("SDC102", "A2", "fail") not in found
    assert result.status.value == "fail"


def test_an_unnamed_time_header_is_still_a_count(tmp_path: Path) -> None:
    # only lifelines' own names are times: an unknown header over numbers stays a count
    frame = _event_table([(0.0, 0, 0, 0, 120, 120), (6.0, 14, 12, 2, 0, 120)])
    frame.index.name = "t_evt"
    found = _found(_check(tmp_path, frame))
    assert ("SDC101", "A3", "fail") in found and ("SDC102", "A2", "fail") in found


def test_censored_between_event_times_is_checked(tmp_path: Path) -> None:
    # R's summary(survfit) columns without n.censor: was pass; the falls (14, 18, 22) are
    # 10 or more but less the events beside them 2, 3 and 2 people were censored
    result = _check(tmp_path, pd.DataFrame({"time": [6, 12, 18, 24],
                                            "n.risk": [120, 106, 88, 66],
                                            "n.event": [12, 15, 20, 30]}),
                    name="km.csv", index=False)
    assert _found(result) == {("SDC101", "B3", "review"), ("SDC101", "B4", "review"),
                              ("SDC101", "B5", "review")}
    finding = next(f for f in result.findings if f.location.cell == "B3")
    assert "falls by 14 beside 12 events: 2 were censored" in finding.message
    assert "14" not in (finding.public_message or "")
    assert result.status.value == "review"


def test_censored_since_the_row_before_is_checked(tmp_path: Path) -> None:
    # summary(fit, times = ...): a row's events happened since the row before; 54 fell
    # between 0 and 12 beside 50 events at 12: 4 censored. Read the other way nothing is small
    result = _check(tmp_path, pd.DataFrame({"time": [0, 12, 24],
                                            "n.risk": [500, 446, 380],
                                            "n.event": [0, 50, 45]}),
                    name="km.csv", index=False)
    assert ("SDC101", "B3", "review") in _found(result)
    assert {(r, c) for r, c, _ in _found(result) if r == "SDC101"} == {("SDC101", "B3")}


def test_ten_or_more_censored_either_way_pass(tmp_path: Path) -> None:
    # the twin: falls 22, 28, 30 beside 10 events a row: 12, 18, 20 censored either way
    result = _check(tmp_path, pd.DataFrame({"time": [6, 12, 18, 24],
                                            "n.risk": [120, 98, 70, 40],
                                            "n.event": [10, 10, 10, 10]}),
                    name="km.csv", index=False)
    assert result.findings == [] and result.status.value == "pass"


def test_small_events_beside_a_number_at_risk_still_fail(tmp_path: Path) -> None:
    result = _check(tmp_path, pd.DataFrame({"time": [6, 12, 18, 24],
                                            "n.risk": [120, 98, 70, 40],
                                            "n.event": [10, 4, 10, 10]}),
                    name="km.csv", index=False)
    assert ("SDC101", "C3", "fail") in _found(result)
    assert result.status.value == "fail"
