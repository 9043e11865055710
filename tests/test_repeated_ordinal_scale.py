"""An ordinal scale with named ends under each group of a long table (round 25). A column of
IMD quintiles written ``1 (most deprived)``, ``2``, ``3``, ``4``, ``5 (least deprived)``
under every region (R's factor labels naming only the ends, written long) was read as a count
column: its 2, 3 and 4 failed SDC101. The same scale once (a crosstab's column) was already
labels (``roles.ordinal_codes``: each number once); repeated, the block must be the same under
every group, its numbers consecutive and in order, its ends text: a count column would print
the same counts in every group. Files written by pandas, checked in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import repeated_scale
from tests.conftest import found_with_status as _found

SCALE = ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"]
REGIONS = ["North", "South", "East", "West"]


def _imd(folder: Path, scales: list[list[str]], small: int | None = None) -> Path:
    folder.mkdir()
    rows = [{"region": region, "imd_quintile": q, "n": 30 + 3 * k + j}
            for k, (region, scale) in enumerate(zip(REGIONS, scales, strict=True))
            for j, q in enumerate(scale)]
    if small is not None:
        rows[small]["n"] = 3
    pd.DataFrame(rows).to_csv(folder / "t.csv", index=False)
    return folder


def test_a_scale_named_at_its_ends_under_each_region_passes(tmp_path: Path) -> None:
    result = sdc.check(_imd(tmp_path / "r", [SCALE] * 4), build_policy({}))
    assert result.findings == [] and result.status.value == "pass"  # was: SDC101 fail at B3..


def test_a_small_count_beside_the_scale_still_fails_at_its_cell(tmp_path: Path) -> None:
    result = sdc.check(_imd(tmp_path / "r", [SCALE] * 4, small=7), build_policy({}))
    assert _found(result) == {("SDC101", "C9", "fail")}


def test_a_block_that_differs_in_one_region_is_read_as_numbers(tmp_path: Path) -> None:
    # the South's middle reads 2, 3, 5: no repeated scale, its numbers checked as counts
    other = ["1 (most deprived)", "2", "3", "5", "5 (least deprived)"]
    result = sdc.check(_imd(tmp_path / "r", [SCALE, other, SCALE, SCALE]), build_policy({}))
    assert result.status.value == "fail"
    assert {("SDC101", "B3", "fail"), ("SDC101", "B4", "fail")} <= _found(result)


@pytest.mark.parametrize("labels, expected", [
    (SCALE * 4, True),
    (["Lowest", "2", "3", "Highest"] * 3, True),
    (["Highest", "4", "3", "2", "Lowest"] * 2, True),
    (SCALE, False),  # once: ``ordinal_codes``' case
    (SCALE * 3 + SCALE[:1], False),  # a block cut short
    (["a", "3", "2", "4", "b"] * 3, False),  # not in order
    (["a", "2", "4", "b"] * 3, False),  # not consecutive
    (["a", "2", "3", "b"] * 2 + ["a", "2", "4", "b"], False),
    (["1", "2", "3", "4"] * 3, False),  # no named ends
    ([""] + SCALE * 2, True),  # blanks are no labels
])
def test_repeated_scale(labels: list[str], expected: bool) -> None:
    assert repeated_scale(labels) is expected
