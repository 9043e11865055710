"""OpenSAFELY's guidance writes a redacted count as ``[REDACTED]`` (its own tools also write
``REDACTED``, a default marker already): the bracketed form is a suppression marker too, so
the hidden cell is an unknown of the suppression audit. Before, it was text the reader did not
understand (SDC602 review), which also kept the audit from seeing a total that gives it away.
Files on disk, as an OpenSAFELY study writes them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

ROWS = "region,count\nNorth,[REDACTED]\nSouth,105\nEast,60\n"


def _check(tmp_path: Path, text: str, profile: str | None = None) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    (folder / "by_region.csv").write_text(text)
    return sdc.check(folder, build_policy({}, profile=profile))


def test_an_exact_total_gives_the_redacted_count_away(tmp_path: Path) -> None:
    # was: review (SDC602 at B2); 168 - 105 - 60 = 3
    assert _found(_check(tmp_path, ROWS + "Total,168\n")) == {("SDC501", "B2", "fail")}


def test_redacted_then_rounded_under_the_opensafely_profile(tmp_path: Path) -> None:
    # the twin: redact <= 7, round to 5, the total rounded too (170): North is 0..7 either way
    result = _check(tmp_path, ROWS + "Total,170\n", profile="opensafely")
    assert result.findings == [] and result.status.value == "pass"


def test_an_unrounded_count_beside_it_still_fails_the_profile(tmp_path: Path) -> None:
    result = _check(tmp_path, "region,count\nNorth,[REDACTED]\nSouth,103\nEast,60\n",
                    profile="opensafely")
    assert ("SDC401", "B3", "fail") in _found(result)
