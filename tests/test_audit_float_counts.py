"""A count table pandas wrote as floats because suppressed cells made its columns NaN
(``ACRO(suppress=True)`` then ``to_csv``: ``East,25.0,`` / ``West,,12.0``) is read as counts
and as amounts (``read_as``). The audit built no system for it (a magnitude with no total
line), so a hidden cell another table gives away went unnamed: only SDC203 `review` (found
side by side with ACRO, hunt round 5; docs/reading.md). Now the audit takes the count reading
too (``linking.audited_as_count``). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
AREAS = pd.Index(["East", "North", "South", "West"], name="area")


def _suppressed(root: Path) -> None:
    """West/F (4) and East/M (3) blank, as ACRO's suppression leaves them."""
    table = pd.DataFrame({"F": [25, 40, 30, 4], "M": [3, 38, 33, 12]}, index=AREAS,
                         dtype=float)
    table.loc["West", "F"] = np.nan
    table.loc["East", "M"] = np.nan
    table.to_csv(root / "counts.csv")
    assert "West,,12.0" in (root / "counts.csv").read_text()


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_hidden_float_counts_given_away_by_area_totals(tmp_path: Path) -> None:
    _suppressed(tmp_path)
    pd.Series([28, 78, 63, 16], index=AREAS, name="patients").to_csv(tmp_path / "by_area.csv")
    # before: only SDC203 (review); West/F = 16 - 12 and East/M = 28 - 25 went unnamed. The
    # floats are the blanks' (each column holds one): read as the XLSX form is, each lone
    # blank may be an empty combination (SDC102), and no SDC203
    assert _check(tmp_path) == ({("SDC102", "counts.csv", "B5"),
                                 ("SDC102", "counts.csv", "C2"),
                                 ("SDC501", "counts.csv", "B5"),
                                 ("SDC501", "counts.csv", "C2")}, "fail")


def test_hidden_float_counts_alone_stay_hidden(tmp_path: Path) -> None:
    _suppressed(tmp_path)
    assert _check(tmp_path) == ({("SDC102", "counts.csv", "B5"),
                                 ("SDC102", "counts.csv", "C2")}, "review")


def test_float_counts_with_margins_recovered_in_the_table(tmp_path: Path) -> None:
    # margins=True: the West row's total 16 gives its hidden F away within the table
    table = pd.DataFrame({"F": [25, 40, 30, np.nan], "M": [27, 38, 33, 12],
                          "All": [52, 78, 63, 16]}, index=AREAS)
    table.to_csv(tmp_path / "counts.csv")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert ("SDC501", "counts.csv", "B5") in found


def test_whole_means_are_no_hidden_counts(tmp_path: Path) -> None:
    # a mean's name keeps it out of the count reading: nothing adds up to the area total
    table = pd.DataFrame({"mean_age": [41.0, 52.0, np.nan, 47.0]}, index=AREAS)
    table.to_csv(tmp_path / "ages.csv")
    pd.Series([28, 78, 63, 16], index=AREAS, name="patients").to_csv(tmp_path / "by_area.csv")
    found, _ = _check(tmp_path)
    assert not {f for f in found if f[0] in ("SDC501", "SDC502")}
