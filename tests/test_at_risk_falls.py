"""A survival table's number at risk falls, interval by interval, by the people who had the
event or were censored in it: a fall of 1 to 9 publishes a small count, as a cumulative
count's step does (ACRO's ``surv_func`` merges intervals until that fall reaches 10). A
table of times and numbers at risk alone passed. Files on disk, as researchers write them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

POLICY = build_policy({})


def _check(tmp_path: Path, frame: pd.DataFrame, **to_csv: object) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    frame.to_csv(folder / "km.csv", **to_csv)  # type: ignore[arg-type]
    return sdc.check(folder, POLICY)


def test_numbers_at_risk_falling_by_3_2_and_5(tmp_path: Path) -> None:
    # was: pass
    result = _check(tmp_path, pd.DataFrame({"time": [0, 30, 60, 90],
                                            "n_risk": [100, 97, 95, 90]}), index=False)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC101", "B4", "fail"),
                              ("SDC101", "B5", "fail")}
    finding = next(f for f in result.findings if f.location.cell == "B3")
    assert "falls from 100 to 97" in finding.message
    assert "97" not in (finding.public_message or "")


def test_numbers_at_risk_falling_by_ten_or_more_pass(tmp_path: Path) -> None:
    # the twin: every fall is 15 or more people
    result = _check(tmp_path, pd.DataFrame({"time": [0, 30, 60, 90],
                                            "Number at risk": [100, 80, 65, 50]}), index=False)
    assert result.findings == [] and result.status.value == "pass"


def test_times_in_descending_order_are_read_in_time_order(tmp_path: Path) -> None:
    result = _check(tmp_path, pd.DataFrame({"time": [90, 60, 30, 0],
                                            "at_risk": [90, 95, 97, 100]}), index=False)
    assert _found(result) == {("SDC101", "B2", "fail"), ("SDC101", "B3", "fail"),
                              ("SDC101", "B4", "fail")}


def test_arms_side_by_side_are_not_a_fall(tmp_path: Path) -> None:
    # the difference between two arms' numbers at risk is nobody's count
    result = _check(tmp_path, pd.DataFrame({"arm": ["Treatment", "Control"],
                                            "n_at_risk": [100, 97]}), index=False)
    assert result.findings == [] and result.status.value == "pass"


def test_a_rise_is_no_count(tmp_path: Path) -> None:
    # late entry: the number at risk rises; nothing is implied
    result = _check(tmp_path, pd.DataFrame({"time": [0, 30, 60],
                                            "n_risk": [100, 103, 80]}), index=False)
    assert result.findings == [] and result.status.value == "pass"


def test_each_arm_falls_along_its_own_times(tmp_path: Path) -> None:
    frame = pd.DataFrame({"arm": ["A"] * 3 + ["B"] * 3, "time": [0, 1, 2] * 2,
                          "n.risk": [100, 80, 60, 90, 70, 64]})
    result = _check(tmp_path, frame, index=False)
    assert _found(result) == {("SDC101", "C7", "fail")}  # B: 70 -> 64


def test_a_risk_table_under_a_plot_times_across(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "km.csv").write_text("Number at risk\nGroup,0,1,2,3\nA,100,80,60,45\n"
                                   "B,90,70,64,40\n")
    result = sdc.check(folder, POLICY)
    assert ("SDC101", "D4", "fail") in _found(result)  # B: 70 -> 64
    assert {c for r, c, _ in _found(result) if r == "SDC101"} == {"D4"}


def test_statsmodels_survfunc_summary(tmp_path: Path) -> None:
    # SurvfuncRight(...).summary().to_csv(): 'num at risk' 22 -> 14 hides 8 who left, of whom
    # the 'num events' column prints 4 and 6 (themselves small) at other times
    frame = pd.DataFrame({"Surv prob": [0.9, 0.75, 0.535714, 0.438312, 0.250464],
                          "num at risk": [60, 48, 35, 22, 14],
                          "num events": [6.0, 8.0, 10.0, 4.0, 6.0]},
                         index=pd.Index([1, 2, 3, 4, 5], name="Time"))
    result = _check(tmp_path, frame)
    falls = {(c, s) for r, c, s in _found(result) if r == "SDC101" and c and c[0] == "C"}
    # the fall of 8 fails; each fall less the events beside it is the people censored (6, 5,
    # 3, 4 read with the earlier row's events, as statsmodels counts them; 4, 3, 9, 2 with
    # the later's): a reading among two, so review (tests/test_survival_event_tables.py)
    assert falls == {("C6", "fail"), ("C3", "review"), ("C4", "review"), ("C5", "review")}
