"""A whole and its subgroup under labels renamed without abbreviating (issue 12, hunt20).

``a.csv`` counts all patients by ``North East``, ``South West``, ``London``; ``b.csv`` counts
those aged 18+ by ``Region 1``, ``Region 2``, ``Region 3``: no label shared and none an
abbreviation, so SDC503 never took the whole less the subgroup, and the 3 children in each
region passed (hunt17's residual). Two tables of one measure by one dimension of the same
name, as many categories, are now paired when their counts allow one pairing only with no
subgroup count above its whole's (``sdc.rules.differencing._renamed_by_counts``): SDC503
``review`` at each cell. Tables by another dimension, or counts several pairings fit, are
not paired. Files as pandas writes them, through ``sdc check``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

WHOLE = pd.DataFrame({"Region": ["North East", "South West", "London"],
                      "All patients": [30, 45, 60]})


def _check(folder: Path, dimension: str, labels: list[str], adults: list[int]
           ) -> sdc.RunResult:
    WHOLE.to_csv(folder / "a.csv", index=False)
    pd.DataFrame({dimension: labels, "Patients aged 18+": adults}).to_csv(
        folder / "b.csv", index=False)
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize(("labels", "adults", "cells"), [
    (["Region 1", "Region 2", "Region 3"], [27, 42, 57], ["B2", "B3", "B4"]),
    (["Region 1", "Region 2", "Region 3"], [57, 27, 42], ["B2", "B3", "B4"]),  # any order
    (["Tyneside", "Wessex", "The capital"], [27, 42, 50], ["B2", "B3"]),  # one 10 apart
])
def test_a_subgroup_under_renamed_labels_is_compared(tmp_path: Path, labels: list[str],
                                                     adults: list[int], cells: list[str]
                                                     ) -> None:
    # was: pass; each whole less its one possible partner leaves 3
    result = _check(tmp_path, "Region", labels, adults)
    assert findings_of(result) == {("SDC503", "b.csv", cell) for cell in cells}
    assert {f.status.value for f in result.findings} == {"review"}
    assert result.status.value == "review"


@pytest.mark.parametrize(("dimension", "adults"), [
    ("Region", [20, 35, 50]),  # one pairing, every difference 10 or more
    ("Region", [17, 30, 41]),  # 41 fits under 45 or 60: no one pairing
    ("Age band", [27, 42, 57]),  # another dimension: not a renaming
])
def test_renamed_labels_that_pin_no_small_difference_pass(tmp_path: Path, dimension: str,
                                                          adults: list[int]) -> None:
    result = _check(tmp_path, dimension, ["Region 1", "Region 2", "Region 3"], adults)
    assert findings_of(result) == set()
    assert result.status.value == "pass"
