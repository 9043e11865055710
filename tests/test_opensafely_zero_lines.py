"""ehrQL's measures write a redacted count (1-7) as 0, so under the ``opensafely`` profile a
line ``North 0, South 20, East 0`` is all of 20 in South only if both zeros are true zeros
(20 of up to 34 otherwise). SDC103 failed South; it is now ``review`` there (the zeros are
SDC102 review already, the same question for a person). A cell that still dominates with
each zero read as 7, a line with a published total, and every other profile are as before.
Files on disk, as an OpenSAFELY measures action writes them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy

HEAD = "measure,interval_start,interval_end,ratio,numerator,denominator,region\n"


def _rows(*numerators: int) -> str:
    rows = [f"admissions,2022-01-01,2022-01-31,{n / 200},{n},200,{region}\n"
            for n, region in zip(numerators, ["North", "South", "East"], strict=True)]
    return HEAD + "".join(rows)


def _check(tmp_path: Path, text: str, profile: str | None) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "measures.csv").write_text(text)
    return sdc.check(folder, build_policy({}, profile=profile))


def _found(result: sdc.RunResult, rule: str) -> set[tuple[str | None, str]]:
    return {(f.location.cell, f.status.value) for f in result.findings if f.rule == rule}


def test_a_line_dominated_only_by_zeros_is_review_under_opensafely(tmp_path: Path) -> None:
    result = _check(tmp_path, _rows(0, 20, 0), "opensafely")
    # was: SDC103 fail at E3 (the run's verdict fail)
    assert _found(result, "SDC103") == {("E3", "review")}
    assert _found(result, "SDC102") == {("E2", "review"), ("E4", "review")}
    (finding,) = [f for f in result.findings if f.rule == "SDC103"]
    assert "only if the line's zeros are true zeros" in finding.message
    assert result.status.value == "review"


def test_a_cell_that_dominates_whatever_the_zeros_still_fails(tmp_path: Path) -> None:
    # 200 of at most 214 is 93%: group disclosure whether the zeros are 0 or 7
    result = _check(tmp_path, _rows(0, 200, 0), "opensafely")
    assert _found(result, "SDC103") == {("E3", "fail")}


def test_a_published_total_fixes_the_line(tmp_path: Path) -> None:
    text = "region,admitted\nNorth,0\nSouth,20\nEast,0\nTotal,20\n"
    result = _check(tmp_path, text, "opensafely")
    assert _found(result, "SDC103") == {("B3", "fail")}


def test_the_default_policy_reads_a_zero_as_a_zero(tmp_path: Path) -> None:
    result = _check(tmp_path, _rows(0, 20, 0), None)
    assert _found(result, "SDC103") == {("E3", "fail")}
    assert _found(result, "SDC102") == {("E2", "fail"), ("E4", "fail")}
