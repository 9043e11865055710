"""τ-ARGUS-style evidence columns (``top1``, ``top2``) beside a column whose header names a
count (``n_firms``) that is not ``Freq``: the count column was read as one more magnitude the
contributions describe, so its 3 firms went unchecked (and a count of 12 with contributions of
900 "failed" dominance at 8000%). It is the units of the row's magnitude and a published count.
Files on disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file
from tests.conftest import found_with_status as _found

TOPS = {("SDC302", f"{c}{r}", "fail") for c in "DE" for r in (2, 3)}


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "turnover.csv", text)


def test_three_firms_beside_their_top_contributions(tmp_path: Path) -> None:
    # was: the 3 unflagged (only the top columns' SDC302)
    result = _check(tmp_path, "industry,turnover,n_firms,top1,top2\nA,1.0,3,0.5,0.3\n"
                              "B,20.0,30,3.0,2.0\n")
    assert _found(result) == TOPS | {("SDC101", "B2", "fail"), ("SDC101", "C2", "fail"),
                                     ("SDC103", "C3", "fail")}


def test_dominance_is_found_at_the_magnitude_not_the_count(tmp_path: Path) -> None:
    # was: SDC201/SDC202 at C2 and C3 too (the firm counts read as totals of 12 and 30)
    result = _check(tmp_path, "industry,turnover,n_firms,top1,top2\nA,1000,12,900,60\n"
                              "B,2000,30,300,200\n")
    assert _found(result) == TOPS | {("SDC201", "B2", "fail"), ("SDC202", "B2", "fail")}


def test_freq_stays_the_evidence_it_was(tmp_path: Path) -> None:
    # the twin: τ-ARGUS's own Freq column is evidence, not a published count (as before)
    result = _check(tmp_path, "industry,turnover,Freq,top1,top2\nA,1000,12,300,200\n"
                              "B,2000,30,300,200\n")
    assert _found(result) == TOPS
