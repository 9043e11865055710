"""Row labels P1, P2, P3 (priorities, phases, pay bands) are categories when the table's own
numbers prove it, not percentiles (issue 12, false positives round 4; docs/reading.md): a
column that falls as the level rises, margins that add up, or a long table's count column over
a short series. A real percentile table (P10/P50/P90, or P1..P3 with no proof) stays a
percentile table. Tables written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.code_series import series_length
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _long(root: Path, header: str, values: list[int]) -> None:
    pd.DataFrame({"priority": [f"P{i}" for i in range(1, len(values) + 1)],
                  header: values}).to_csv(root / "t.csv", index=False)


def test_a_count_column_over_priorities_passes(tmp_path: Path) -> None:
    # before: SDC303 review at every cell ('P1 of patients': units behind it not published)
    _long(tmp_path, "patients", [120, 240, 310])
    assert _check(tmp_path) == (set(), "pass")


def test_a_small_priority_count_fails(tmp_path: Path) -> None:
    _long(tmp_path, "patients", [120, 240, 3])
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B4")}, "fail")


def _triage(small: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"priority": rng.choice(["P1", "P2", "P3"], 900),
                          "sex": rng.choice(["F", "M"], 900)})
    if small:  # two women in P3
        p3_women = frame.index[(frame.priority == "P3") & (frame.sex == "F")]
        frame = frame.drop(p3_women[2:])
    return frame


def test_a_crosstab_of_priorities_with_margins_passes(tmp_path: Path) -> None:
    frame = _triage()
    pd.crosstab(frame.priority, frame.sex, margins=True).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_a_crosstab_of_priorities_with_a_small_cell_fails_at_it(tmp_path: Path) -> None:
    frame = _triage(small=True)
    pd.crosstab(frame.priority, frame.sex, margins=True).to_csv(tmp_path / "t.csv")
    # P3 is row 4: F is 2 (B4), and M then holds all but 2 of P3 (C4, SDC103)
    assert _check(tmp_path) == (
        {("SDC101", "t.csv", "B4"), ("SDC103", "t.csv", "C4")}, "fail")


def test_a_crosstab_whose_counts_fall_passes_without_margins(tmp_path: Path) -> None:
    # P2 has fewer men than P1: no percentile falls as its level rises
    pd.DataFrame({"F": [140, 150, 160], "M": [170, 130, 150]},
                 index=pd.Index(["P1", "P2", "P3"], name="priority")).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_percentiles_p10_p50_p90_stay_percentiles(tmp_path: Path) -> None:
    pd.DataFrame({"stat": ["P10", "P50", "P90"], "income": [12000, 26000, 58000]}).to_csv(
        tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == ({("SDC303", "t.csv", None)}, "review")


@pytest.mark.parametrize("header", ["income", "value"])
def test_an_ordered_series_without_a_count_header_stays_percentiles(tmp_path: Path,
                                                                      header: str) -> None:
    # P1..P3 of an amount, rising with the level, no margin: nothing proves categories
    _long(tmp_path, header, [9000, 9800, 10400])
    assert _check(tmp_path) == ({("SDC303", "t.csv", None)}, "review")


def test_a_long_series_under_a_count_header_stays_percentiles(tmp_path: Path) -> None:
    # P1..P12, rising, under 'patients': a long series is not settled by the header alone
    _long(tmp_path, "patients", list(range(100, 1300, 100)))
    assert _check(tmp_path) == ({("SDC303", "t.csv", None)}, "review")


def test_margins_that_do_not_add_up_prove_nothing(tmp_path: Path) -> None:
    # an All column that is no sum of F and M (an overall percentile): percentiles stay, and
    # the All column is a total that does not add up (SDC402)
    pd.DataFrame({"F": [100, 120, 150], "M": [110, 130, 160], "All": [104, 126, 155]},
                 index=pd.Index(["P1", "P2", "P3"], name="stat")).to_csv(tmp_path / "t.csv")
    assert _check(tmp_path) == ({("SDC303", "t.csv", None)}
                                | {("SDC402", "t.csv", f"D{r}") for r in (2, 3, 4)}, "review")


def test_series_length() -> None:
    assert series_length({"P1", "P2", "P3"}) == 3
    assert series_length({"p1", "p2"}) == 2
    assert series_length({"P1", "P3"}) is None  # not consecutive
    assert series_length({"P2", "P3"}) is None  # not from 1
    assert series_length({"P10", "P50", "P90"}) is None
    assert series_length({"P1"}) is None
    assert series_length({"P1", "Q2"}) is None
