"""groupby(g)[["los", "bmi"]].describe() writes two header rows (the column over describe()'s
names); ``los / 25%`` is a percentile, as a bare ``25%`` is, not a percentage of ``los / count``
(issue 11, false positives round 3; docs/reading.md). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import role_from_text
from sdc.table import Role
from tests.conftest import findings_of

POLICY = build_policy({})


def _stays(small: str | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"region": rng.choice(["East", "North", "South"], 600),
                          "los": rng.gamma(3, 1, 600).round(1),
                          "bmi": rng.normal(27, 4, 600).round(1)})
    if small is not None:  # one region of 3 people
        frame = pd.concat([frame[frame.region != small], pd.DataFrame(
            {"region": small, "los": [2.0, 3.1, 4.2], "bmi": [25.0, 27.5, 30.1]})])
    return frame


def _describe(frame: pd.DataFrame, path: Path) -> None:
    frame.groupby("region")[["los", "bmi"]].describe().round(2).drop(
        columns=["min", "max"], level=1).to_csv(path)


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_quartiles_under_a_column_name_are_no_percentages(tmp_path: Path) -> None:
    # before: SDC101 fail at E4, F4, G4 ('1.7% of 188 (los / count) is 3')
    _describe(_stays(), tmp_path / "d.csv")
    assert _check(tmp_path) == (set(), "pass")


def test_a_small_region_still_fails_at_its_counts(tmp_path: Path) -> None:
    _describe(_stays(small="North"), tmp_path / "d.csv")
    # North (row 5) has 3 people: both its counts (B5 for los, H5 for bmi) are small, its
    # std and quartiles rest on 3 (SDC303), and its means' bounds prove nothing (SDC203)
    assert _check(tmp_path) == (
        {("SDC101", "d.csv", "B5"), ("SDC101", "d.csv", "H5"), ("SDC203", "d.csv", None)}
        | {("SDC303", "d.csv", f"{c}5") for c in "DEFGJKLM"}, "fail")


def test_extremes_under_a_column_name_are_extremes(tmp_path: Path) -> None:
    _stays().groupby("region")[["los"]].describe().round(2).to_csv(tmp_path / "d.csv")
    assert _check(tmp_path) == (
        {("SDC302", "d.csv", f"{c}{r}") for c in "EI" for r in (4, 5, 6)}, "fail")


def test_roles_of_the_lowest_header_row() -> None:
    assert role_from_text("los / 25%") is Role.STATISTIC
    assert role_from_text("los / 100%") is Role.EXTREME
    assert role_from_text("died / %") is Role.PERCENT  # a share, not a percentile's name
    assert role_from_text("25% / deaths") is not Role.STATISTIC
