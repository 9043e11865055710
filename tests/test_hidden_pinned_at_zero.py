"""A hidden cell that its line's published total pins at 0 (``West, [c], 12, 12``): either the
total leaves the hidden cells out — ACRO's ``suppress=True`` recomputes its margins from the
redacted records, so its "All" is the sum of the cells it shows — or the total is true and the
hidden cell is a zero (an empty class). The numbers cannot tell which, so SDC501 (the value 0)
and SDC103 (12 of 12: "all of West" only if the blank is a zero) are ``review``, each naming
both readings; a hidden cell the totals pin at any other value stays ``fail``, and so does a
share of a total that leaves room for the hidden cells (docs/acro-differences.md). Written with
pandas as researchers write them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _crosstab(folder: Path, west_total: int, marker: str = "[c]") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame({"F": [40, 51, marker], "M": [45, 53, 12],
                          "All": [85, 104, west_total]},
                         index=pd.Index(["East", "North", "West"], name="area"))
    frame.loc["All"] = [91 + (west_total - 12), 110, 189 + west_total]
    frame.to_csv(folder / "area_by_sex.csv")
    return folder


def _status(result: sdc.RunResult) -> dict[tuple[str, str | None], str]:
    return {(f.rule, f.location.cell): f.status.value for f in result.findings}


def test_a_hidden_cell_the_margins_pin_at_zero_is_review_naming_both_readings(
        tmp_path: Path) -> None:
    result = sdc.check(_crosstab(tmp_path / "r", west_total=12), POLICY)
    # B4 is West / F (hidden), C4 West / M; the F margin 91 = 40 + 51 pins B4 at 0 as well
    assert _status(result) == {("SDC501", "B4"): "review", ("SDC103", "C4"): "review"}
    assert result.status.value == "review"
    (recovered,) = [f for f in result.findings if f.rule == "SDC501"]
    assert recovered.evidence["value"] == 0
    assert "leave the hidden cells out" in recovered.message and "a zero" in recovered.message
    (share,) = [f for f in result.findings if f.rule == "SDC103"]
    assert "hidden cells out" in share.message and "zeros" in share.message


def test_a_hidden_cell_the_margins_pin_above_zero_fails(tmp_path: Path) -> None:
    # West's total 16 with 12 shown: the hidden F is exactly 4, and M leaves 4 (< 10) beside it
    result = sdc.check(_crosstab(tmp_path / "r", west_total=16), POLICY)
    assert _status(result) == {("SDC501", "B4"): "fail", ("SDC103", "C4"): "fail"}
    (recovered,) = [f for f in result.findings if f.rule == "SDC501"]
    assert recovered.evidence["value"] == 4


def test_a_blank_pinned_at_zero_as_acro_writes_it_is_review_too(tmp_path: Path) -> None:
    # ACRO(suppress=True).crosstab(margins=True) through pandas: the blank makes F floats
    result = sdc.check(_crosstab(tmp_path / "r", west_total=12, marker=""), POLICY)
    status = _status(result)
    assert status[("SDC501", "B4")] == "review" and status[("SDC103", "C4")] == "review"
    assert "fail" not in status.values() and result.status.value == "review"


def test_the_true_total_published_elsewhere_gives_the_hidden_cell_away(tmp_path: Path) -> None:
    # the same ACRO-style table beside a one-way table of area that gives West's true 16:
    # the two agree on East (85) and North (104), so West's 16 against the recomputed 12 is
    # the 4 women the crosstab hides (SDC503 at the crosstab's West margin, fail); the
    # crosstab's own findings stay review
    folder = _crosstab(tmp_path / "r", west_total=12)
    pd.DataFrame({"area": ["East", "North", "West"], "n": [85, 104, 16]}).to_csv(
        folder / "area.csv", index=False)
    result = sdc.check(folder, POLICY)
    assert result.status.value == "fail"
    assert {(f.rule, f.location.path, f.location.cell, f.status.value)
            for f in result.findings} == {
        ("SDC501", "area_by_sex.csv", "B4", "review"),
        ("SDC103", "area_by_sex.csv", "C4", "review"),
        ("SDC503", "area_by_sex.csv", "D4", "fail")}
    apart = next(f for f in result.findings if f.rule == "SDC503")
    assert apart.evidence == {"difference": 4, "agreeing": 2, "shared": 3}
    assert [r.cell for r in apart.related] == ["B4"]  # area.csv's West
