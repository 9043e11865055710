"""Two count columns that are the two answers of one question (``negative``/``positive``,
``deaths``/``survivors``) are a line of two categories for group disclosure (SDC103), whatever
the layout read: ``negative`` and ``deaths`` are count words, so such a table was read as two
different counts (like ``deaths,admissions``), had no line, and 190 of West's 201 people
testing negative passed (sdc/readers/roles.py ``complementary``, sdc/rules/counts.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import complementary
from tests.conftest import findings_of

POLICY = build_policy({})


def _write(path: Path, first: str, second: str, west: tuple[int, int]) -> Path:
    pd.DataFrame({"region": ["North", "South", "West"], first: [300, 280, west[0]],
                  second: [60, 70, west[1]]}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(("first", "second"), [
    ("negative", "positive"), ("Positive", "Negative"), ("tested_negative", "tested_positive"),
    ("deaths", "survivors"), ("cases", "non_cases")])
def test_one_answer_holding_nearly_all_of_a_line_is_group_disclosure(
        tmp_path: Path, first: str, second: str) -> None:
    path = _write(tmp_path / "t.csv", first, second, (190, 11))  # 95% of West's 201
    result = sdc.check(path, POLICY)
    assert findings_of(result) == {("SDC103", "t.csv", "B4")}
    assert result.status == "fail"


@pytest.mark.parametrize(("first", "second"), [
    ("negative", "positive"), ("positive", "negative"), ("deaths", "survivors")])
def test_the_same_answers_spread_out_pass(tmp_path: Path, first: str, second: str) -> None:
    # `positive` above `negative` was also read as a sum (a value above the count word's
    # column beside it): the other answer of one question may be either side
    path = _write(tmp_path / "t.csv", first, second, (150, 51))
    result = sdc.check(path, POLICY)
    assert result.status == "pass", findings_of(result)


def test_two_different_counts_are_no_line(tmp_path: Path) -> None:
    # deaths beside admissions: not a partition of anything, no group disclosure
    path = _write(tmp_path / "t.csv", "admissions", "deaths", (190, 11))
    assert sdc.check(path, POLICY).status == "pass"


def test_which_headers_are_two_answers() -> None:
    assert complementary("tested negative", "tested positive")
    assert complementary("with_diabetes", "without_diabetes")
    assert complementary("smoker", "non-smoker")
    assert not complementary("deaths", "admissions")
    assert not complementary("cases", "controls")
    assert not complementary("deaths", "deaths")
