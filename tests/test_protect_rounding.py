"""Rounding methods of sdc protect: exact outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.protect import protect
from sdc.protect.rounding_plan import midpoint6, round_half_up


@pytest.mark.parametrize(("value", "base", "expected"), [
    (0, 5, 0), (2, 5, 0), (3, 5, 5), (7, 5, 5), (8, 5, 10), (12, 5, 10), (13, 5, 15),
    (4, 10, 0), (5, 10, 10), (14, 10, 10), (15, 10, 20), (25, 10, 30), (12, 3, 12),
])
def test_round_half_up(value, base, expected):
    assert round_half_up(value, base) == expected


def test_midpoint6_is_opensafely_mapping():
    # OpenSAFELY: 0 -> 0, 1-6 -> 3, 7-12 -> 9, 13-18 -> 15
    got = {v: midpoint6(v) for v in range(0, 20)}
    assert got == {0: 0, **dict.fromkeys(range(1, 7), 3), **dict.fromkeys(range(7, 13), 9),
                   **dict.fromkeys(range(13, 19), 15), 19: 21}


def run(tmp_path: Path, text: str, method: str, **kw) -> tuple[str, sdc.RunResult]:
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    result = protect(src, method=method, **kw)
    check = result.write(tmp_path / "out.csv")
    return (tmp_path / "out.csv").read_text(encoding="utf-8"), check


def test_conventional_rounding_rounds_totals_independently(tmp_path):
    text = ("age,female,male,Total\n"
            "18-24,13,8,21\n"
            "25-34,12,17,29\n"
            "Total,25,25,50\n")
    out, check = run(tmp_path, text, "round",
                     policy={"rules": {"unrounded-count": {"base": 5},
                                       "small-count": {"threshold": 5}}})
    assert out == ("age,female,male,Total\n"
                   "18-24,15,10,20\n"
                   "25-34,10,15,30\n"
                   "Total,25,25,50\n")
    assert check.status is sdc.Status.PASS


def test_conventional_rounding_to_base_10(tmp_path):
    text = "age,n\n18-24,5\n25-34,14\n35-44,15\nTotal,34\n"
    out, _ = run(tmp_path, text, "round", base=10)
    assert out == "age,n\n18-24,10\n25-34,10\n35-44,20\nTotal,30\n"


# The example of OpenSAFELY's guidance ("Rounding counts"): redact <= 7, round to 5, totals are
# the sum of the rounded counts.
OPENSAFELY_IN = """Age band,Heart disease,Population
21-30,3,18
31-40,8,23
41-50,16,31
51+,23,44
Total,50,116
"""
OPENSAFELY_OUT = """Age band,Heart disease,Population
21-30,[REDACTED],20
31-40,10,25
41-50,15,30
51+,25,45
Total,50,120
"""


def test_opensafely_matches_its_guidance_and_passes_its_profile(tmp_path):
    out, check = run(tmp_path, OPENSAFELY_IN, "opensafely", profile="opensafely")
    assert out == OPENSAFELY_OUT
    assert check.status is sdc.Status.PASS


def test_opensafely_redacts_a_total_of_redacted_cells(tmp_path):
    text = "group,a,b,c,Total\nx,3,20,30,53\ny,4,21,33,58\nTotal,7,41,63,111\n"
    out, check = run(tmp_path, text, "opensafely", profile="opensafely")
    assert out == ("group,a,b,c,Total\n"
                   "x,[REDACTED],20,30,50\n"
                   "y,[REDACTED],20,35,55\n"
                   "Total,[REDACTED],40,65,105\n")
    assert check.status is sdc.Status.PASS


def test_opensafely_under_a_policy_without_rounding_warns(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(OPENSAFELY_IN, encoding="utf-8")
    result = protect(src, method="opensafely", policy=build_policy({}))
    assert any("does not declare rounding" in note for note in result.notes)


def test_midpoint6_rounds_every_count_on_its_own(tmp_path):
    text = "group,events,people\nx,0,1\ny,6,7\nz,12,13\nTotal,18,21\n"
    out, _ = run(tmp_path, text, "midpoint6")
    assert out == "group,events,people\nx,0,3\ny,3,9\nz,9,15\nTotal,15,21\n"


def test_rounding_log_states_existence_intervals(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(OPENSAFELY_IN, encoding="utf-8")
    result = protect(src, method="opensafely", profile="opensafely")
    result.write(tmp_path / "out.csv")
    log = (tmp_path / "out.csv.log.txt").read_text()
    assert "Redacted (1):" in log and "B2 (21-30 / Heart disease)" in log
    assert "Totals recomputed (2):" in log
    assert "[max(r-2, t), r+2]" in log
