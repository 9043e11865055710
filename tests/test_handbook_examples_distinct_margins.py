"""A frequency ``sdc.crosstab`` with ``contributor=`` and ``margins=True`` counts distinct
contributors: a firm with staff of both sexes is in both cells of its region and once in the
region's margin, so the margin is the size of a union, not the sum of its cells. SDC402 stays
``review`` (the sidecar is the researcher's word and cannot clear a check), worded so an output
checker sees why: the evidence counts distinct contributors. Computed here from the data: the
distinct firms of each line, and that each margin lies between its largest cell and its sum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy


def staff() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 600
    return pd.DataFrame({"region": rng.choice(["E", "N", "S"], n),
                         "sex": rng.choice(["F", "M"], n), "firm": rng.integers(0, 150, n)})


def test_distinct_contributor_margins_stay_review_and_say_why(tmp_path: Path) -> None:
    data = staff()
    table = sdc.crosstab(data.region, data.sex, contributor=data.firm, margins=True)
    folder = tmp_path / "r"
    folder.mkdir()
    table.to_csv(folder / "firms.csv")
    # the example's answer: every region's margin is its distinct firms, fewer than F + M
    for region, rows in data.groupby("region"):
        f, m = (rows[rows.sex == s].firm.nunique() for s in ("F", "M"))
        assert max(f, m) <= rows.firm.nunique() < f + m, region
    for result in (sdc.check(folder, build_policy({})), table):
        findings = [f for f in result.findings if f.rule == "SDC402"]
        margins = {"D2", "D3", "D4", "B5", "C5", "D5"}
        assert {f.location.cell for f in findings} == margins
        assert {f.status.value for f in findings} == {"review"}
        assert all("counts distinct contributors" in f.message for f in findings)
        assert all(f.public_message == "the total is not the sum of its cells (its evidence "
                   "counts distinct contributors)" for f in findings)


def test_records_with_margins_add_up(tmp_path: Path) -> None:
    """The twin: the same table of records (no contributor) adds up: no SDC402."""
    data = staff()
    table = sdc.crosstab(data.region, data.sex, margins=True)
    folder = tmp_path / "r"
    folder.mkdir()
    table.to_csv(folder / "staff.csv")
    result = sdc.check(folder, build_policy({}))
    assert [f for f in result.findings if f.rule == "SDC402"] == []
    assert [f for f in table.findings if f.rule == "SDC402"] == []


def test_a_total_that_is_no_union_keeps_the_plain_message(tmp_path: Path) -> None:
    """A margin above its cells' sum is no union of them (a hidden part): the plain message."""
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text("region,F,M,All\nE,40,30,85\nN,50,45,95\n")
    result = sdc.check(folder, build_policy({}))
    found = [f for f in result.findings if f.rule == "SDC402"]
    assert [(f.location.cell, f.message) for f in found] == [
        ("D2", "the total 85 is not the sum of its cells (70)")]
