"""``sdc protect`` and a hidden τ-ARGUS cell whose total is not given (SDC502, issue 12).

τ-ARGUS evidence columns (``freq``, ``top1``, ``top2``) give a hidden cell its largest
contributions but not its total. SDC502 asks its interval to reach ``X + level`` above (the
same for every total) and ``2 S - (X + level)`` below (``S`` its listed tops). The protection
problem asked a cell hidden on input only for a level worked out from its total, which it does
not have, so it asked nothing: the plan hid N3 (8) beside the hidden N1 (500, 60, 40: reach
622.2), N1 reached 608 and the protected file's own check failed it (SDC502 ``fail`` at C2).
Now the plan asks N1 for its reach, hides a partner that lets it get there, and the check of the
written file raises no SDC501/SDC502; a cell that reaches already is asked nothing more. (A
reach no pattern could give would leave the cell unresolved in the plan, but hiding the totals
above it always lets it rise, and the lower end ``S - level`` is never below zero.)
Each interval is the linear program's over the region's hidden districts (the test module's
oracle); each reach is worked out from the tops."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.protect import ProtectResult, protect
from tests.test_handbook_examples_holdings_hierarchy import POLICY, intervals, table, write
from tests.test_insiders_missing_tops import reach

# the evidence columns stay published here (extreme-value hides every top, as the last test
# shows: decisions, "protect and τ-ARGUS evidence columns")
RULES = {**POLICY, "rules": {**POLICY["rules"], "extreme-value": {"status": "off"}}}


def _protected(tmp_path: Path, rows: list, hidden: set[str] | None = None
               ) -> tuple[ProtectResult, list[tuple[str, str | None, str]]]:
    write(tmp_path / "in", rows, hidden or {"N1"})
    result = protect(tmp_path / "in" / "turnover.csv", policy=build_policy(RULES))
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "turnover.csv")
    found = [(f.rule, f.location.cell, f.status.value) for f in checked.findings
             if f.rule in ("SDC501", "SDC502")]
    return result, found


def test_a_hidden_cell_without_its_total_is_protected_to_its_reach(tmp_path: Path) -> None:
    rows = table()
    n1 = next(v for _, d, v in rows if d == "N1")
    target = reach(n1)
    assert target == pytest.approx(560 / 0.9)  # (2, 90%) decides: 622.2
    result, found = _protected(tmp_path, rows)
    assert found == []
    hidden = {d.row_label.split(" / ")[1] for d in result.decisions
              if d.column_label == "turnover"}
    lo, hi = intervals(rows, hidden & {"N1", "N2", "N3"})["N1"]
    assert hi >= target and lo <= 2 * sum(sorted(n1)[-2:]) - target
    [n1_decision] = [d for d in result.decisions if d.cell == "C2"]
    assert n1_decision.interval == pytest.approx((lo, hi))
    assert result.unprotected == []


def test_a_hidden_cell_that_reaches_already_asks_for_nothing_more(tmp_path: Path) -> None:
    # twin: N1 hidden beside N2 (540) on input lies in [0, 1,140], past its 622.2: no cell is
    # hidden for its sake
    rows = table()
    assert intervals(rows, {"N1", "N2"})["N1"][1] >= reach(next(v for _, d, v in rows
                                                                  if d == "N1"))
    result, found = _protected(tmp_path, rows, {"N1", "N2"})
    assert found == []
    assert not [d for d in result.decisions if "C2" in d.protects]
    assert result.unprotected == []


def test_protect_hides_every_printed_contribution_and_the_check_still_asks(
        tmp_path: Path) -> None:
    """Under the default extreme-value rule the τ-ARGUS ``top1``/``top2`` columns are single
    companies' values (H's 500 in N1, 650 in North): protect hides every one of them, as
    τ-ARGUS' own safe table carries the values and their status only (the tops are its input,
    the sensitivity information: rtauargus's ``maxscore``). The written file then lists no
    contribution, so SDC201/SDC202 cannot clear the published magnitudes: ``review``, never
    ``pass`` (decisions, "protect and τ-ARGUS evidence columns"). Fails if protect left a top
    published (the file would carry a company's value) or a hidden cell short of its reach."""
    rows = table()
    write(tmp_path / "in", rows, set())
    result = protect(tmp_path / "in" / "turnover.csv", policy=build_policy(POLICY))
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "turnover.csv")
    lines = (tmp_path / "out" / "turnover.csv").read_text().splitlines()
    assert lines[0] == "region,district,turnover,freq,top1,top2"
    assert all(line.split(",")[4:] == ["[c]", "[c]"] for line in lines[1:])
    hidden = {d.row_label.split(" / ")[1] for d in result.decisions
              if d.column_label == "turnover" and d.row_label.startswith("North")}
    assert hidden == {"N1", "N2"}  # N1 sensitive (H's 500 of 600), N2 its partner
    assert not [f for f in checked.findings if f.rule in ("SDC501", "SDC502")]
    assert {(f.rule, f.status.value) for f in checked.findings
            if f.rule in ("SDC201", "SDC202")} == {("SDC201", "review"), ("SDC202", "review")}
    assert result.status is not None and result.status.value == "review"
    assert result.unprotected == []
