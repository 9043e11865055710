"""Bands read together whose printed counts fit one population only with a count below 0
(round 42, the lead's merge of bands42).

Two tables of other bands agreeing on nothing (round 37's ``25-34, 35-49, 50-64`` beside
``0-17, 35-49 (hidden), 65+, Total``) were read as one population by bands42's unions and
failed: their counts fit one only if some ages count fewer than no one. Such a system is now
read as a guess (SDC503 ``review``), never dropped: a decoy table printed beside a real gap
could otherwise make the gap pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sdc.band_algebra import _fits_counts
from tests import release_modes
from tests.test_bands41_bands_together import _release

jobs = release_modes.jobs

HEAD = "age,North,South,Total\n"
# Total − (30-64) − (65+) = the under-30s of the North: 97 − 55 − 40 = 2
GAP = {"a.csv": HEAD + "30-64,55,60,115\n", "b.csv": HEAD + "65+,40,35,75\n",
       "t.csv": HEAD + "Total,97,125,222\n"}
# a table of children larger than the whole's under-30s: [18, 30) would be below 0
DECOY = {"d.csv": HEAD + "0-17,500,480,980\n"}


def test_a_gap_beside_counts_that_fit_stays_a_fail(tmp_path: Path, jobs: int) -> None:
    status, _, found = release_modes.found(_release(tmp_path / "r", GAP), jobs)
    assert status == "fail"
    assert ("t.csv", "SDC503", "fail", "B2") in found


def test_a_decoy_making_the_counts_impossible_leaves_the_gap_a_review(tmp_path: Path,
                                                                     jobs: int) -> None:
    _, statuses, found = release_modes.found(_release(tmp_path / "r", GAP | DECOY), jobs)
    assert statuses["t.csv"] != "pass"
    assert ("t.csv", "SDC503", "review", "B2") in found
    assert ("t.csv", "SDC503", "fail", "B2") not in found


def test_counts_fit_with_none_below_zero() -> None:
    # elementary [0,18), [18,30), [30,65), [65,inf); Total, 30-64, 65+ and 0-17
    a = np.array([[1, 1, 1, 1], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]], dtype=float)
    assert _fits_counts(a, np.array([97, 55, 40, 1], dtype=float))  # [18, 30) = 1
    assert not _fits_counts(a, np.array([97, 55, 40, 500], dtype=float))  # [18, 30) = -498
