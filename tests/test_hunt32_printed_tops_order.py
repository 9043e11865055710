"""Round 32 (hunt32): a table's printed top contributions read largest first.

τ-ARGUS-style columns (``top1``, ``top2``, ``top3``) become each row's evidence
(``readers.evidence.attach_evidence_columns``). They were taken in column order, so a ``top1``
ranked by another measure (the largest firm by employees, not by turnover) or printed out of
order made the rules read the wrong contributions as the largest: SDC201 summed the first two
columns (100 + 50 of 1,000) where the two largest are 800 + 100 (90%, the default rule's k),
and the insider audit's own-margin exemption (``insiders._leads_its_margin``) read a margin's
``top[1]`` as its second largest. Never a pass (the printed tops are SDC302 themselves), but
the dominance finding was missing."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

HEADER = "region,turnover,n_firms,top1,top2,top3\n"
SOUTH = "South,2000,15,300,250,200\n"


def _findings(tmp_path: Path, north: str) -> set[tuple[str, str, str | None]]:
    (tmp_path / "t.csv").write_text(HEADER + north + SOUTH, encoding="utf-8")
    result = sdc.check(tmp_path, build_policy({}))
    return {(f.rule, f.status.value if hasattr(f.status, "value") else str(f.status),
             f.location.cell) for f in result.findings}


@pytest.mark.parametrize("north", ["North,1000,12,100,50,800\n",
                                   "North,1000,12,50,800,100\n",
                                   "North,1000,12,800,100,50\n"])
def test_the_two_largest_printed_contributions_lead_whatever_their_columns(
        tmp_path: Path, north: str) -> None:
    got = _findings(tmp_path, north)
    assert ("SDC201", "fail", "B2") in got  # 800 + 100 = 90% of 1,000 (n=2, k=90%)
    assert ("SDC201", "fail", "B3") not in got  # 300 + 250 of 2,000: 27.5%
    assert {c for r, _, c in got if r == "SDC302"} == {"D2", "E2", "F2", "D3", "E3", "F3"}


def test_a_safe_twin_out_of_order_is_no_dominance(tmp_path: Path) -> None:
    got = _findings(tmp_path, "North,1000,12,100,50,200\n")  # 200 + 100: 30%
    assert not [f for f in got if f[0] == "SDC201"]


def test_the_evidence_lists_the_largest_first(tmp_path: Path) -> None:
    from sdc.readers import read_output

    (tmp_path / "t.csv").write_text(HEADER + "North,1000,12,100,50,800\n" + SOUTH,
                                    encoding="utf-8")
    [output] = [o for o in read_output(tmp_path / "t.csv", "t.csv", build_policy({}))
                if o.table is not None]
    tops = {c.coords["region"]: c.evidence["top"] for c in output.table.cells
            if c.measure.name == "turnover"}
    assert tops == {"North": [800.0, 100.0, 50.0], "South": [300.0, 250.0, 200.0]}
