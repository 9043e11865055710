"""Stata ``dtable`` without ``by()`` opens with its sample line ``N`` over ``74 (100.0%)`` (hunt
round 14). The 100% is the whole sample as a share of itself, yet it failed SDC103 ("100% of
the group is in one category") on a safe Table 1. It is now a margin as a ``Total`` line is:
no share, its count still checked. With groups beside it (``by()``), a group's 100% says the
other groups are empty and stays a share."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return sdc.check(folder, build_policy({}))


def test_the_sample_line_of_a_safe_dtable_passes(tmp_path: Path) -> None:
    text = ",Summary\nN,74 (100.0%)\nCar origin,\nDomestic,52 (70.3%)\nForeign,22 (29.7%)\n"
    result = _check(tmp_path, "dtable.csv", text)
    # was: SDC103 fail at B2
    assert result.findings == []
    assert result.status.value == "pass"


def test_a_small_sample_line_is_still_a_small_count(tmp_path: Path) -> None:
    text = ",Summary\nN,4 (100.0%)\nCar origin,\nDomestic,2 (50.0%)\nForeign,2 (50.0%)\n"
    result = _check(tmp_path, "dtable.csv", text)
    assert ("SDC101", "B2", "fail") in _found(result)
    assert ("SDC103", "B2", "fail") not in _found(result)


def test_a_whole_group_beside_an_empty_one_stays_a_share(tmp_path: Path) -> None:
    text = (",Domestic,Foreign\nN,74 (100.0%),0 (0.0%)\nSex,,\n"
            "Female,37 (50.0%),0 (0.0%)\nMale,37 (50.0%),0 (0.0%)\n")
    result = _check(tmp_path, "dtable.csv", text)
    assert ("SDC103", "B2", "fail") in _found(result)
