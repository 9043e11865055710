"""Stata's ``summarize x, detail`` in a log: the Smallest and Largest columns are the four
lowest and four highest values, single records (SDC302, as describe()'s min and max and R's
summary()'s Min. and Max.); Obs is the units behind the other statistics, so the 1% and 99%
percentiles of 400 (4 units beyond each) are SDC303 as describe()'s are. Before, the block was
no table: its numbers were named for a person (SDC602 review). Logs as Stata writes them."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file
from tests.conftest import found_with_status as _found

DETAIL = """\
                             age
-------------------------------------------------------------
      Percentiles      Smallest
 1%           19             18
 5%           22             18
10%           25             19       Obs                 400
25%           32             19       Sum of Wgt.         {wgt}

50%           45                      Mean           46.1025
                        Largest       Std. {dev}.      16.2345
75%           60             91
90%           70             92       Variance       263.559
95%           80             93       Skewness       .123456
99%           89             94       Kurtosis       2.34567
"""


def _log(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "analysis.log", text)


EXTREMES = {("SDC302", f"B{r}", "fail") for r in range(17, 25)}
TAILS = {("SDC303", "B2", "fail"), ("SDC303", "B15", "fail")}


def test_summarize_detail_publishes_the_four_smallest_and_largest(tmp_path: Path) -> None:
    # was: review (SDC602 on lines 3-16)
    result = _log(tmp_path, ". summarize age, detail\n\n" + DETAIL.format(wgt=400, dev="Dev"))
    assert _found(result) == EXTREMES | TAILS | {("SDC203", None, "review")}
    labels = {f.location.row_label for f in result.findings if f.rule == "SDC302"}
    assert labels == {f"smallest {k}" for k in range(1, 5)} | {f"largest {k}" for k in
                                                                range(1, 5)}
    assert all("94" not in (f.public_message or "") for f in result.findings)


def test_stata_17_spelling_and_two_variables(tmp_path: Path) -> None:
    block = DETAIL.format(wgt=400, dev="dev")
    result = _log(tmp_path, ". summarize age los, detail\n\n" + block + "\n"
                  + block.replace("                             age", "                  los"))
    extremes = {(f.location.table, f.location.cell) for f in result.findings
                if f.rule == "SDC302"}
    assert extremes == {(t, f"B{r}") for t in (1, 2) for r in range(17, 25)}
    assert not any(f.rule == "SDC602" for f in result.findings)


def test_stata_17_lower_case_sum_of_wgt(tmp_path: Path) -> None:
    # Stata 17 prints "Sum of wgt." beside "Std. dev.": was review (SDC602 on lines 3-16),
    # the four smallest and largest incomes unflagged
    block = DETAIL.format(wgt=400, dev="dev").replace("Sum of Wgt.", "Sum of wgt.")
    result = _log(tmp_path, ". summarize age, detail\n\n" + block)
    assert _found(result) == EXTREMES | TAILS | {("SDC203", None, "review")}


def test_stata_17_lower_case_weighted_is_read_as_before(tmp_path: Path) -> None:
    block = DETAIL.format(wgt="5123.5", dev="dev").replace("Sum of Wgt.", "Sum of wgt.")
    result = _log(tmp_path, ". summarize age [aw=w], detail\n\n" + block)
    assert result.status.value == "review"
    assert {r for r, _, _ in _found(result)} == {"SDC602"}


def test_a_weighted_summarize_is_read_as_before(tmp_path: Path) -> None:
    # Sum of Wgt. is not Obs: every other number is weighted; a person reads it (review)
    result = _log(tmp_path, ". summarize age [aw=w], detail\n\n"
                  + DETAIL.format(wgt="5123.5", dev="Dev"))
    assert result.status.value == "review"
    assert {r for r, _, _ in _found(result)} == {"SDC602"}


def test_a_tabulate_beside_it_is_read_as_before(tmp_path: Path) -> None:
    # the twin: a safe one-way tabulate in the same log passes as it did
    tab = (". tabulate sex\n\n        sex |      Freq.     Percent        Cum.\n"
           "------------+-----------------------------------\n"
           "     Female |        210       52.50       52.50\n"
           "       Male |        190       47.50      100.00\n"
           "------------+-----------------------------------\n"
           "      Total |        400      100.00\n")
    assert _log(tmp_path / "a", tab).status.value == "pass"
    both = _log(tmp_path / "b", tab + "\n. summarize age, detail\n\n"
                + DETAIL.format(wgt=400, dev="Dev"))
    assert {(f.location.table, f.rule) for f in both.findings if f.rule == "SDC302"} == {
        (2, "SDC302")}
