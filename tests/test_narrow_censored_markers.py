"""A censored marker whose bound says more than suppression does (issue 12, hunt12, round 25).

Any ``<N`` or ``≤N`` is read as a suppression marker (``sdc.readers.values``), whatever N:
``<3`` (or ``<1``, ``≤0``) in a count column passed as a suppressed cell, while it prints that
the count is at most 2 (or exactly 0) under a threshold of 10. A censored marker the policy
does not list, in a count cell, whose largest allowed count is below the threshold's less one
is now SDC101 ``review`` at the cell (a person judges what its bound gives away). Safe twins:
``<10`` under a threshold of 10, the policy's own ``<5``, and ``<1`` in a rate column. Files
written by pandas, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.values import censored_upper
from tests.conftest import findings_of

POLICY = build_policy({})


def _deaths(folder: Path, marker: str, column: str = "Deaths",
            others: tuple[str, str] = ("12", "20")) -> sdc.RunResult:
    pd.DataFrame({"Region": ["North", "South", "East"], "Patients": [300, 400, 500],
                  column: [marker, *others]}).to_csv(folder / "t.csv", index=False)
    return sdc.check(folder, POLICY)


@pytest.mark.parametrize("marker", ["<3", "<1", "≤0", "<=1", "≤2"])
def test_a_marker_below_the_threshold_is_reviewed(tmp_path: Path, marker: str) -> None:
    result = _deaths(tmp_path, marker)
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


@pytest.mark.parametrize("marker", ["<10", "<5", "[c]"])
def test_the_thresholds_marker_and_the_policys_own_pass(tmp_path: Path, marker: str) -> None:
    result = _deaths(tmp_path, marker)
    assert result.status.value == "pass", findings_of(result)


def test_a_bound_in_a_rate_column_passes(tmp_path: Path) -> None:
    result = _deaths(tmp_path, "<1", column="Rate per 1000", others=("120.0", "200.0"))
    assert result.status.value == "pass", findings_of(result)


def test_the_largest_count_a_marker_allows() -> None:
    assert [censored_upper(m) for m in ["<3", "≤2", "<=2", "<1", "&lt;1", "<2.5", "3", "[c]"]] \
        == [2, 2, 2, 0, 0, 2, None, None]
