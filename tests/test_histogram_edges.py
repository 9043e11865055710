"""A histogram saved with its bin edges (``np.histogram``'s ``edges[:-1]``, ``edges[1:]`` and
counts written by pandas): the two leading numeric columns, contiguous on every row, are the
rows' labels and the counts beside them a measure. Before, the three numeric columns were one
block of unknown numbers (SDC602 review) and the small bins went unnamed. Files on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

POLICY = build_policy({})


def _check(tmp_path: Path, frame: pd.DataFrame) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    frame.to_csv(folder / "hist.csv", index=False)
    return sdc.check(folder, POLICY)


def _histogram(ages: np.ndarray, bins: int | list[int]) -> pd.DataFrame:
    counts, edges = np.histogram(ages, bins=bins)
    return pd.DataFrame({"bin_start": edges[:-1].round(1), "bin_end": edges[1:].round(1),
                         "count": counts})


def test_numpy_histogram_with_its_default_edges(tmp_path: Path) -> None:
    # was: review (SDC602 on all 30 numbers); the bins of 8, 2, 1 and 3 are small counts; the
    # default edges run from the youngest to the oldest, so the edges stay for a person
    rng = np.random.default_rng(3)
    ages = np.concatenate([rng.normal(50, 10, 300), [95, 96, 97]])
    result = _check(tmp_path, _histogram(ages, 10))
    assert {(r, c) for r, c, _ in _found(result) if r == "SDC101"} == {
        ("SDC101", "C2"), ("SDC101", "C9"), ("SDC101", "C10"), ("SDC101", "C11")}
    assert result.status.value == "fail"
    edges = next(f for f in result.findings if f.rule == "SDC602")
    assert edges.status.value == "review" and "A2" in edges.message and "C2" not in edges.message


def test_chosen_edges_and_bins_of_ten_or_more_pass(tmp_path: Path) -> None:
    # the twin: bins the researcher chose (20 to 70 by 10), every bin 10 or more
    rng = np.random.default_rng(3)
    ages = rng.uniform(20, 70, 400)
    result = _check(tmp_path, _histogram(ages, [20, 30, 40, 50, 60, 70]))
    assert result.findings == [] and result.status.value == "pass"


def test_one_small_bin_among_chosen_edges(tmp_path: Path) -> None:
    frame = pd.DataFrame({"bin_start": [20, 30, 40, 50, 60], "bin_end": [30, 40, 50, 60, 70],
                          "count": [18, 56, 97, 74, 4]})
    assert _found(_check(tmp_path, frame)) == {("SDC101", "C6", "fail")}


def test_columns_that_do_not_meet_are_not_edges(tmp_path: Path) -> None:
    # 30 then 35: not contiguous bins; read as before (a, b and count are measures: the 4 a
    # count, a and b amounts without evidence, review)
    frame = pd.DataFrame({"a": [20, 35, 40], "b": [30, 40, 50], "count": [18, 56, 4]})
    result = _check(tmp_path, frame)
    assert _found(result) == {("SDC101", "C4", "fail"), ("SDC203", None, "review")}
