"""Negative contributions in a magnitude table (the ESSnet *Handbook on SDC* ch. 4; SSB's
GaussSuppression and τ-ARGUS apply the dominance rule to the absolute values of the
contributions when some are negative).

sdc's policy (documented, round 33): the evidence of a cell holds its signed total and its
largest contributions, not the sum of the absolute values the handbook's reading needs, so a
cell with a negative contribution is SDC204 ``review`` (the dominance rules say nothing there:
a person reads it), never ``pass`` and never judged by SDC201 on a signed total a loss has made
small. The other cells are judged by the (2, 90%) rule on the contributions grouped by company.

The expectations are computed here from the records, per published cell (margins too), by the
rules' definitions; the handbook's absolute-value reading is computed beside them, to show the
table holds a cell it would flag among those sdc reviews.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples_holdings import turnover_release

N, K = 2, 0.9  # sdc's default (n, k) rule, inclusive like ACRO
RECORDS = [  # (region, industry, company, turnover): a loss in South/Mining
    ("North", "Mining", "A", 500.0), ("North", "Mining", "B", 480.0),
    ("North", "Mining", "C", 20.0),
    ("North", "Retail", "D", 300.0), ("North", "Retail", "E", 250.0),
    ("North", "Retail", "F", 200.0), ("North", "Retail", "G", 150.0),
    ("South", "Mining", "H", 900.0), ("South", "Mining", "I", -350.0),
    ("South", "Mining", "J", 50.0), ("South", "Mining", "K", 40.0),
    ("South", "Retail", "L", 200.0), ("South", "Retail", "M", 190.0),
    ("South", "Retail", "N", 180.0), ("South", "Retail", "O", 170.0),
]
POLICY = {"rules": {"small-count": {"threshold": 3}}}


def dominated(values: list[float]) -> bool:
    top = sorted(values, reverse=True)[:N]
    return sum(top) >= K * sum(values)


def test_negative_contributions_are_reviewed_where_dominance_says_nothing(
        tmp_path: Path) -> None:
    data = pd.DataFrame(RECORDS, columns=["region", "industry", "company", "turnover"])
    folder, _published, cells = turnover_release(data, tmp_path)
    negative, dominant, by_absolute = set(), set(), set()
    for at, rows in cells:
        grouped = rows.groupby("company").turnover.sum().tolist()
        if (rows.turnover < 0).any():
            negative.add(at)
            if dominated([abs(v) for v in grouped]):
                by_absolute.add(at)
        elif dominated(grouped):
            dominant.add(at)
    assert negative and dominant  # the table holds both kinds of cell
    assert by_absolute - dominant  # the handbook's reading flags a cell sdc reviews
    result = sdc.check(folder, build_policy(POLICY))
    found = {(f.rule, f.location.cell, f.status.value) for f in result.findings
             if f.rule in ("SDC201", "SDC204")}
    assert found == {("SDC204", at, "review") for at in negative} | {
        ("SDC201", at, "fail") for at in dominant}
    assert result.status.value == "fail"
