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


def firms_by_sex(overlap_e: int) -> pd.DataFrame:
    """Two staff a firm and sex. Region E: firms 0-29 employ women, firms (30 - overlap_e) to
    (54 - overlap_e) men, so ``overlap_e`` firms employ both; region N: 50 firms, 10 only
    women, 10 only men, 30 both."""
    rows = []
    for firm in range(30):
        rows += [("E", "F", firm)] * 2
    for firm in range(30 - overlap_e, 55 - overlap_e):
        rows += [("E", "M", firm)] * 2
    for firm in range(100, 140):
        rows += [("N", "F", firm)] * 2
    for firm in range(110, 150):
        rows += [("N", "M", firm)] * 2
    return pd.DataFrame(rows, columns=["region", "sex", "firm"])


def test_a_small_overlap_of_two_cells_is_a_count(tmp_path: Path) -> None:
    """E: 30 firms employ women, 25 men, 52 firms in all: 30 + 25 - 52 = 3 firms employ
    both, a count of 3 firms at E's margin (D2)."""
    data = firms_by_sex(3)
    table = sdc.crosstab(data.region, data.sex, contributor=data.firm, margins=True)
    folder = tmp_path / "r"
    folder.mkdir()
    table.to_csv(folder / "firms.csv")
    # the example's answer, from the data: per region, only-F, only-M and both
    expected = set()
    for k, (_region, rows) in enumerate(data.groupby("region")):
        f = set(rows[rows.sex == "F"].firm)
        m = set(rows[rows.sex == "M"].firm)
        parts = [len(f - m), len(m - f), len(f & m)]
        if any(0 < n < 10 for n in parts):
            expected.add(f"D{k + 2}")
    assert expected == {"D2"}
    for result in (sdc.check(folder, build_policy({})), table):
        small = {f.location.cell: f.status.value for f in result.findings
                 if f.rule == "SDC101"}
        assert small == dict.fromkeys(expected, "fail")
    finding = next(f for f in sdc.check(folder, build_policy({})).findings
                   if f.rule == "SDC101")
    assert "3 are in both cells" in finding.message


def test_a_wide_overlap_is_no_count(tmp_path: Path) -> None:
    """The twin: 15 firms employ both in E (15 only women, 10 only men): no small count."""
    data = firms_by_sex(15)
    table = sdc.crosstab(data.region, data.sex, contributor=data.firm, margins=True)
    folder = tmp_path / "r"
    folder.mkdir()
    table.to_csv(folder / "firms.csv")
    for result in (sdc.check(folder, build_policy({})), table):
        assert [f for f in result.findings if f.rule == "SDC101"] == []
