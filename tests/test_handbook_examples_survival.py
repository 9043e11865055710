"""Output-checking guides (ONS / UK Data Service SDAP, survival tables; ACRO's ``surv_func``):
the events at each time of a Kaplan-Meier table are counts, and a step of the curve is the
people who had the event then. R's ``summary(survfit(...))`` saved with the columns
``time, n.risk, survival`` (no ``n.event``) gives them away all the same: each step is
``S = S_before * (1 - d / n)``, so ``d = n * (1 - S / S_before)``. Such a table was only
``review`` (SDC602: the survival column not understood) where a guide says ``fail`` at each
step of 1 to 9 events; now SDC101 ``fail`` at the survival cell of each such step. The answer
is computed here from simulated durations with the Kaplan-Meier product."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
THRESHOLD = 10


def survfit_summary(durations: np.ndarray, observed: np.ndarray) -> pd.DataFrame:
    """R's ``summary(survfit)`` rows: one per event time, with the number at risk just before
    it, the events at it and the survival after it."""
    rows = []
    survival = 1.0
    for t in np.unique(durations[observed]):
        at_risk = int((durations >= t).sum())
        events = int(((durations == t) & observed).sum())
        survival *= 1 - events / at_risk
        rows.append({"time": int(t), "n.risk": at_risk, "n.event": events,
                     "survival": survival})
    return pd.DataFrame(rows)


def _check(tmp_path: Path, frame: pd.DataFrame) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    frame.to_csv(folder / "km.csv", index=False)
    return sdc.check(folder, POLICY)


def _findings(result: sdc.RunResult, rule: str) -> dict[str, str]:
    return {f.location.cell: f.status.value for f in result.findings
            if f.rule == rule and f.location.cell is not None}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_survival_steps_without_events_give_the_events_away(seed: int,
                                                            tmp_path: Path) -> None:
    rng = np.random.default_rng(seed)
    n = 80
    durations = rng.integers(1, 40, n).astype(float)
    observed = rng.random(n) < 0.6
    table = survfit_summary(durations, observed)
    published = table[["time", "n.risk"]].assign(
        survival=table["survival"].map("{:.4f}".format))  # printed to 4 places, as R does
    # the guide's answer: each event time's events (1..9: a small count) and each fall of
    # the number at risk between event times (events and censorings, 1..9)
    events = table["n.event"].to_numpy()
    risk = table["n.risk"].to_numpy()
    on_survival = {f"C{i + 2}" for i, d in enumerate(events) if 0 < d < THRESHOLD}
    on_risk = {f"B{i + 2}" for i in range(1, len(risk)) if 0 < risk[i - 1] - risk[i] < THRESHOLD}
    result = _check(tmp_path, published)
    assert _findings(result, "SDC101") == dict.fromkeys(on_survival | on_risk, "fail")
    assert on_survival and result.status.value == "fail"
    finding = next(f for f in result.findings if f.location.cell == min(on_survival))
    assert "had the event" in finding.message
    assert finding.public_message is not None and "survival falls" not in finding.public_message


def test_survival_in_percent(tmp_path: Path) -> None:
    # 50 at risk, 2 events: 100 -> 96.0; 40 at risk, 1 event: 96.0 -> 93.6; 25 at risk,
    # 12 events: 93.6 -> 48.67 (a step of 12: no small count)
    frame = pd.DataFrame({"time": [5, 12, 20], "n_risk": [50, 40, 25],
                          "survival_%": [96.0, 93.6, 48.67]})
    result = _check(tmp_path, frame)
    assert _findings(result, "SDC101") == {"C2": "fail", "C3": "fail"}


def test_steps_of_ten_or_more_events_are_no_small_count(tmp_path: Path) -> None:
    """The safe twin (times merged until each step holds at least 10 events, each fall at
    least 10 people): no small count."""
    at_risk = [200, 170, 140]
    events = [12, 15, 11]
    survival = np.cumprod([1 - d / n for d, n in zip(events, at_risk, strict=True)])
    frame = pd.DataFrame({"time": [30, 60, 90], "n.risk": at_risk,
                          "survival": survival.round(4)})
    result = _check(tmp_path, frame)
    assert _findings(result, "SDC101") == {}
    assert result.status.value == "review"  # SDC602: the survival's other readings unknown


def test_survival_printed_too_coarsely_to_tell_stays_review(tmp_path: Path) -> None:
    # 150 at risk, 1 event, survival to 2 decimals: 0.99 is 0.75 to 2.25 events, no one
    # count; but every whole reading is small (1 or 2; 0.93 at 140 is 7 to 9), so the largest
    # is an alternative reading (hunt16: review at the cell; 0.84 at 125 is 12 to 15)
    frame = pd.DataFrame({"time": [3, 8, 15], "n_risk": [150, 140, 125],
                          "survival": [0.99, 0.93, 0.84]})
    result = _check(tmp_path, frame)
    assert _findings(result, "SDC101") == {"C2": "review", "C3": "review"}
    assert result.status.value == "review"


def test_printed_events_are_not_derived_again(tmp_path: Path) -> None:
    # n.event is printed (and checked as a count): the survival cell is not flagged as well
    frame = pd.DataFrame({"time": [5, 12, 20], "n.risk": [50, 40, 25],
                          "n.event": [2, 12, 10],
                          "survival": [0.96, 0.672, 0.4032]})
    result = _check(tmp_path, frame)
    # the 2 events of row 2 (C2); the falls less the events are the censored, 10 - 2 = 8 and
    # 15 - 12 = 3, one reading of R's two conventions (review); none at the survival cells
    assert _findings(result, "SDC101") == {"C2": "fail", "B3": "review", "B4": "review"}


def test_confidence_limits_are_not_steps(tmp_path: Path) -> None:
    frame = pd.DataFrame({"time": [5, 12, 20], "n_risk": [500, 480, 450],
                          "survival": [0.976, 0.9516, 0.9262],
                          "lower_ci": [0.96, 0.93, 0.901], "upper_ci": [0.99, 0.97, 0.953]})
    result = _check(tmp_path, frame)
    # steps of 12, 12 and 12 events; the limits' steps (0.96 -> 0.93 at 480: 15) are no
    # events of anyone and are not read
    assert _findings(result, "SDC101") == {}
