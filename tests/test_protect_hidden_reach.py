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
oracle); each reach is worked out from the tops.

Round 21 (audit4): the tops printed beside a hidden cell bound it for any reader (N1: 500 and
60 of 3 companies, at most 620), so under extreme-value off N1 cannot reach 622.2 whatever
protect hides; the plan knows those bounds and names the cells they pin unprotected, as the
written file's check fails them (the first two tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.protect import ProtectResult, protect
from tests.test_handbook_examples_holdings_hierarchy import (
    POLICY,
    intervals,
    printed_bounds,
    table,
    write,
)
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


def test_a_hidden_cell_pinned_by_its_own_tops_is_unprotected_as_the_check_says(
        tmp_path: Path) -> None:
    """N1 hidden on input beside its printed tops (500 and 60 of 3 companies) is at most
    500 + 60 + 60 = 620, short of its reach 560 / 0.9 = 622.2, whatever else is hidden; S1
    (primary: 400 and 30 of 3) at most 460, short of 430 / 0.9 = 477.8. Before round 21
    the plan read N1 as [0, inf) and hid a partner for it; the check of the written file,
    which reads the tops (audit4), would then fail a cell the plan called protected. The
    plan now knows the bounds: it names C2 and C6 unprotected, exactly the cells the written
    file's check fails, with the intervals the check finds (the test module's linear
    program over the region's hidden districts, each within its printed tops)."""
    rows = table()
    n1 = next(v for _, d, v in rows if d == "N1")
    assert reach(n1) == pytest.approx(560 / 0.9) and printed_bounds(n1)[1] == 620.0
    result, found = _protected(tmp_path, rows)
    assert found == [("SDC502", "C2", "fail"), ("SDC502", "C6", "fail")]
    assert result.unprotected == ["C2", "C6"]
    hidden = {d.row_label.split(" / ")[1]: d for d in result.decisions
              if d.column_label == "turnover" and "Total" not in d.row_label}
    check = intervals(rows, set(hidden))
    for district in ("N1", "S1"):
        assert hidden[district].interval == pytest.approx(check[district])
        assert check[district][1] < reach(next(v for _, d, v in rows if d == district))
    assert result.status is not None and result.status.value == "fail"


def test_a_hidden_cell_that_reaches_already_asks_for_nothing_more(tmp_path: Path) -> None:
    """N1 and N2 hidden on input: N2 (150 and 140 of 4: in [290, 570] by its row) lies in
    [519, 570] or so beside N1, above its reach 290 / 0.9 = 322.2 at every total it can
    hold: nothing is asked for it, and it is not among the unprotected. N1 and S1 are, as
    their own tops pin them (above); every cell the written file's check finds short is one
    the plan names, never one it calls protected."""
    rows = table()
    result, found = _protected(tmp_path, rows, {"N1", "N2"})
    assert not [d for d in result.decisions if "C3" in d.protects]
    assert {"C2", "C6"} <= set(result.unprotected) and "C3" not in result.unprotected
    assert {cell for _, cell, _ in found} <= set(result.unprotected)
    assert ("SDC502", "C2", "fail") in found and ("SDC502", "C6", "fail") in found
    [n2] = [d for d in result.decisions if d.cell == "C3"]
    assert n2.interval is not None and n2.interval[0] >= 290 / 0.9


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
