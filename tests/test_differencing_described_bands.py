"""Bands written with a name, beside the same variable banded bare (issue 12, hunt12, round 25).

``a.csv`` cuts age ``0-19, 20-39, 40+`` and ``b.csv`` ``Children (0-17), Adults (18-39),
Older (40+)``: 50 less 47 is the 3 patients aged 18-19. The named bands parsed as no bands
(``parse_band`` reads ``Age 0-17``, not a name before or after one), so SDC503 never compared
the two cuttings and the release passed. Differencing now reads a band described by a name
(``parse_described_bands``) when a dimension's labels hold no bare band: SDC503 ``fail`` at the
named band. Safe twins: the same cut points written either way; numbered units of one name
(``Ward 1-3``) stay units, compared only with units. Files written by pandas, checked by the
engine in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.bands import Band, parse_described_bands
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _release(folder: Path, named: list[str], counts: list[int]) -> sdc.RunResult:
    pd.DataFrame({"Age": ["0-19", "20-39", "40+"], "Patients": [50, 80, 100]}).to_csv(
        folder / "a.csv", index=False)
    pd.DataFrame({"Age": named, "Patients": counts}).to_csv(folder / "b.csv", index=False)
    return sdc.check(folder, POLICY)


@pytest.mark.parametrize("named", [
    ["Children (0-17)", "Adults (18-39)", "Older (40+)"],
    ["0-17 (children)", "18-39 (adults)", "40+ (older)"],
    ["Children: 0-17", "Adults: 18-39", "Older: 40+"],
    ["Children 0-17", "Adults 18-39", "Older 40+"],
    ["Age (0-17)", "Age (18-39)", "Age (40+)"],
])
def test_bands_named_otherwise_give_a_sliver_back(tmp_path: Path, named: list[str]) -> None:
    result = _release(tmp_path, named, [47, 83, 100])
    assert findings_of(result) == {("SDC503", "b.csv", "B2")}
    assert result.status.value == "fail"


def test_named_bands_on_the_same_cut_points_pass(tmp_path: Path) -> None:
    result = _release(tmp_path, ["Children (0-19)", "Adults (20-39)", "Older (40+)"],
                      [50, 80, 100])
    assert result.status.value == "pass", findings_of(result)


def test_what_is_read_as_a_described_band() -> None:
    assert parse_described_bands(["Children (0-17)", "Total"]) == [
        Band(0, 18, "Children (0-17)"), None]
    # one name for all is numbered units (``parse_named_bands``); a number in the name, or
    # no number at all, is no described band
    assert parse_described_bands(["Ward 1-3", "Ward 4-6"]) == [None, None]
    assert parse_described_bands(["Year 7 (11-12)", "Year 8 (12-13)"]) == [None, None]
    assert parse_described_bands(["Male", "Female"]) == [None, None]
