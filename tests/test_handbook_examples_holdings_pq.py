"""The (p,q) prior-knowledge rule (the ESSnet *Handbook on SDC* ch. 4.2; sdcTable's and
τ-ARGUS's ``p`` and ``q`` in percent) on cells with several branches per company: the
contributions of one company are added up before the rule is applied (τ-ARGUS's holding
option; ``contributor=`` in sdc's API). A cell is sensitive when ``X - x1 - x2 < (p / q) x1``
over the grouped contributions. Under ``p = 25%``, ``q = 50%`` (sdcTable's defaults) a
company with two large branches in a cell makes it sensitive where the branches alone do
not, and where the p% rule with ``p = 10%`` alone would not either: the expectation is
computed here from the branch records, per cell, by the rule's definition.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples_holdings import branches, grouped, turnover_release

P, Q = 0.25, 0.50
PQ = {"rules": {"small-count": {"threshold": 3}, "p-percent": {"p": P, "q": Q},
                "nk-dominance": {"status": "off"}}}


def pq_sensitive(contributions: list[float], ratio: float = P / Q) -> bool:
    top, total = [*sorted(contributions, reverse=True), 0.0, 0.0], sum(contributions)
    return total - top[0] - top[1] < ratio * top[0]


@pytest.mark.parametrize("owners", [["X", "X", "Y"], ["X", "Y", "Z"], ["X", "X", "X"]])
def test_pq_rule_on_grouped_contributions(owners: list[str], tmp_path: Path) -> None:
    data = branches(owners)
    folder, _published, cells = turnover_release(data, tmp_path)
    want, by_branch, by_p10 = set(), set(), set()
    for at, rows in cells:
        if pq_sensitive(grouped(rows)):
            want.add(at)
        if pq_sensitive(rows.turnover.tolist()):
            by_branch.add(at)
        if pq_sensitive(grouped(rows), 0.10):
            by_p10.add(at)
    if owners[0] == owners[1]:  # X's branches in the Mining margin: grouping decides it
        assert want - by_branch
    if owners == ["X", "X", "Y"]:  # and the (p,q) rule's p/q = 50%, where p = 10% would not
        assert want - by_p10
    found = [f for f in sdc.check(folder, build_policy(PQ)).findings if f.rule == "SDC202"]
    assert {f.location.cell for f in found} == want
    assert all(f.status.value == "fail" for f in found)
