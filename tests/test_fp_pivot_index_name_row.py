"""``pivot_table(index="region", values="cost", aggfunc=["mean", "std", "count"])`` written by
``to_csv`` has two header lines (``,mean,std,count`` over ``,cost,cost,cost``) and then pandas'
index-name line (``region,,,``). That line was read as a data row whose every cell was blank,
a suppression marker: beside a crosstab with margins (ACRO writes both in one session) its
"suppressed" count was "recomputed" from the other table's total (SDC501 ``fail`` on a safe
pair). A repeated name on the second header line, as on the first, now lets the index-name
line be found below it; and ``mean / cost`` pairs with ``count / cost`` and ``std / cost`` for
the Samuelson bound as ``cost / mean`` does (issue 12, false positives round 4;
docs/reading.md). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _costs(small: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(31)
    frame = pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 5000),
                          "sex": rng.choice(["F", "M"], 5000),
                          "cost": rng.gamma(4, 300, 5000).round(0)})
    if small:  # West keeps 3 patients
        frame = pd.concat([frame[frame.region != "West"], frame[frame.region == "West"].head(3)])
    return frame


def _write(root: Path, frame: pd.DataFrame) -> None:
    pd.crosstab(frame.region, frame.sex, margins=True).to_csv(root / "crosstab.csv")
    frame.pivot_table(index="region", values="cost", aggfunc=["mean", "std", "count"]).to_csv(
        root / "pivot.csv")


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_the_index_name_line_under_two_header_lines_is_no_suppressed_row(tmp_path: Path
                                                                         ) -> None:
    # before: SDC501 fail at D3 (the blank 'count / cost' of 'region,,,', "recomputed" as the
    # crosstab's 5000), and SDC203 review: 'mean / cost' was paired with no count or std
    _write(tmp_path, _costs())
    assert _check(tmp_path) == (set(), "pass")


def test_a_dominated_region_stays_review(tmp_path: Path) -> None:
    # one cost of 2,000,000 in East: its count and std bound nothing (SDC203 stays)
    frame = _costs()
    frame.loc[frame.index[frame.region == "East"][0], "cost"] = 2_000_000
    _write(tmp_path, frame)
    assert _check(tmp_path) == ({("SDC203", "pivot.csv", None)}, "review")


def test_a_small_region_still_fails_in_both_tables(tmp_path: Path) -> None:
    _write(tmp_path, _costs(small=True))
    # West is row 7 of pivot.csv (three header lines, East..South): its count of 3 (D7) and
    # the std resting on it (C7); in the crosstab (row 5) its 3 women (B5), no man (C5), 3
    assert _check(tmp_path) == ({
        ("SDC101", "pivot.csv", "D7"), ("SDC203", "pivot.csv", None),
        ("SDC101", "pivot.csv", "B7"),  # the mean of the 3 (hunt round 6)
        ("SDC303", "pivot.csv", "C7"), ("SDC101", "crosstab.csv", "B5"),
        ("SDC101", "crosstab.csv", "D5"), ("SDC102", "crosstab.csv", "C5"),
        ("SDC103", "crosstab.csv", "B5")}, "fail")


def test_statistics_over_a_column_variable_pair_by_its_label(tmp_path: Path) -> None:
    # pivot_table(columns="sex", aggfunc=[...]) writes 'mean / F' over 'count / F', 'std / F'
    safe, dominated = tmp_path / "safe", tmp_path / "dominated"
    safe.mkdir()
    dominated.mkdir()
    frame = _costs()
    frame.pivot_table(index="region", columns="sex", values="cost",
                      aggfunc=["mean", "std", "count"]).round(1).to_excel(safe / "p.xlsx")
    frame.loc[frame.index[(frame.region == "East") & (frame.sex == "M")][0], "cost"] = 2e6
    frame.pivot_table(index="region", columns="sex", values="cost",
                      aggfunc=["mean", "std", "count"]).round(1).to_excel(dominated / "p.xlsx")
    assert _check(safe) == (set(), "pass")
    assert _check(dominated) == ({("SDC203", "p.xlsx[Sheet1]", None)}, "review")
