"""The handbook's, tau-ARGUS's and Eurostat's suppression marks are markers by default (issue 11
hunt: a recoverable cell marked ``x`` was only SDC602 review, never audited)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

RECOVERABLE = "grade,female,male,Total\na,30,25,55\nb,20,{m},32\nc,15,{m},27\nTotal,65,49,114\n"
# the same cells hidden with their row totals: each hidden cell lies anywhere in 0..24
PROTECTED = "grade,female,male,Total\na,30,25,55\nb,20,{m},{m}\nc,15,{m},{m}\nTotal,65,49,114\n"


@pytest.mark.parametrize("marker", ["x", "X", "c", ":"])
def test_a_recoverable_marked_cell_is_audited(tmp_path: Path, marker: str) -> None:
    (tmp_path / "t.csv").write_text(RECOVERABLE.format(m=marker))
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == {("SDC501", "t.csv", "C3"), ("SDC501", "t.csv", "C4")}


@pytest.mark.parametrize("marker", ["x", "c", ":"])
def test_a_protected_pattern_with_these_marks_passes(tmp_path: Path, marker: str) -> None:
    (tmp_path / "t.csv").write_text(PROTECTED.format(m=marker))
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == set()
    assert result.status == "pass"


def test_a_policy_without_them_keeps_them_unread(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(RECOVERABLE.format(m="x"))
    result = sdc.check(tmp_path, build_policy({"markers": ["*", "[c]"]}))
    assert {rule for rule, _, _ in findings_of(result)} == {"SDC602"}
    assert result.status == "review"


def test_one_letter_labels_stay_labels(tmp_path: Path) -> None:
    # grades a, b, c and groups x, y: a label column, not a column of hidden cells
    (tmp_path / "t.csv").write_text("grade,female,male\na,30,25\nb,20,12\nc,15,11\n")
    (tmp_path / "g.csv").write_text("group,deaths\nx,20\ny,13\nz,3\n")
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == {("SDC101", "g.csv", "B4")}
