"""``sdc protect`` plans a dominated cell's protection as SDC502 checks it (issue 12): when the
sidecar lists fewer largest contributions than the policy reads (``sdc.crosstab`` keeps three;
p% with a coalition of 3 reads ``x4``), the missing one is taken as large as it can be, not as
zero. Planned with ``x4 = 0`` the cheapest partners left the cell short of the level SDC502
then asks, and the protected table was ``review``.

The protected table is read back and each hidden cell's interval worked out by linear
programming (``tests.parity.test_acro_mitigation.feasible_intervals``, cells >= 0 and the
published margins); the levels from the contributions with the handbook's p% ``p x1 - (X - x1
- ... - x_{c+1})``; never copied as answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.protect.protection import protect
from tests.parity.test_acro_mitigation import feasible_intervals
from tests.test_handbook_examples import COLS, ROWS, grid, ref

P = 0.10
POLICY = {"rules": {"p-percent": {"p": P, "c": 3}, "nk-dominance": {"status": "off"}}}
SMALL = [30.0, 25.0, 25.0, 20.0] + [1.0] * 8  # twelve firms, none dominant: 108


def table(north_retail: list[float]) -> dict[tuple[str, str], list[float]]:
    """North/Retail dominated; Mining's cells of 108 the cheapest partners by value, Farming's
    of 216 the next; South/Retail ten firms of 50."""
    cells = {(r, "Farming"): [2 * v for v in SMALL] for r in ROWS}
    cells |= {(r, "Mining"): SMALL for r in ROWS}
    cells[("North", "Retail")] = north_retail
    cells[("South", "Retail")] = [50.0] * 10
    return cells


def p_level(top: list[float], total: float) -> float:
    return P * top[0] - (total - sum(top[:4]))


def protect_turnover(tmp_path: Path, cells: dict[tuple[str, str], list[float]]
                     ) -> tuple[Path, pd.DataFrame]:
    """``sdc.crosstab`` of one firm per value written with ``to_csv`` (its sidecar of three
    tops beside it), protected by value under p% with a coalition of 3."""
    records = [{"region": r, "industry": c, "firm": f"{r}-{c}-{i}", "turnover": v}
               for (r, c), values in cells.items() for i, v in enumerate(values)]
    data = pd.DataFrame(records)
    source = tmp_path / "source"
    source.mkdir()
    sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                 contributor=data.firm, margins=True).to_csv(source / "turnover.csv")
    result = protect(source / "turnover.csv", policy=POLICY, cost="value")
    out = tmp_path / "release"
    out.mkdir()
    result.write(out / "turnover.csv", log=False)
    published = pd.read_csv(out / "turnover.csv", index_col=0, dtype=str)
    assert list(published.index) == [*ROWS, "All"] and list(published.columns) == [*COLS, "All"]
    return out, published


@pytest.mark.parametrize(("north_retail", "partner"), [
    ([2000.0, 100.0, 100.0, 100.0, 50.0], "Farming"),  # x4 missing: the level is up to 150
    ([1000.0, 500.0, 400.0], "Mining"),  # the twin: three firms, x4 is 0, the level 100
])
def test_the_plan_protects_the_level_the_check_asks(north_retail: list[float], partner: str,
                                                    tmp_path: Path) -> None:
    """2000, 100, 100, 100, 50 in North/Retail: with x4 read as zero its level is 50 and
    Mining's cells of 108 suffice (the pattern the planner chose, SDC502 ``review`` at D2 in
    the check of the table it wrote); with x4 as large as it can be (100, the rest of the
    total leaves 150) the level is 150, and the plan takes Farming's cells of 216. The
    three-firm twin (1000, 500, 400: level 100) has nothing missing and keeps the cheaper
    Mining."""
    cells = table(north_retail)
    out, published = protect_turnover(tmp_path, cells)
    hidden = {(r, c) for r in ROWS for c in COLS if published.loc[r, c] == "[c]"}
    assert hidden == {(r, c) for r in ROWS for c in ("Retail", partner)}
    value = sum(north_retail)
    listed = sorted(north_retail, reverse=True)[:3]  # what the sidecar holds
    bound = p_level([*listed, min(listed[-1], value - sum(listed))], value)
    assert bound == pytest.approx(p_level(sorted(north_retail, reverse=True), value))
    lo, hi = feasible_intervals(grid(published))[ref("North", "Retail")]
    assert hi - value >= bound and value - lo >= bound
    if partner == "Farming":  # the cheaper pattern through Mining leaves it short
        cheaper = published.copy()
        for row in ROWS:
            cheaper.loc[row, "Farming"] = f"{sum(cells[(row, 'Farming')]):g}"
            cheaper.loc[row, "Mining"] = "[c]"
        lo_c, hi_c = feasible_intervals(grid(cheaper))[ref("North", "Retail")]
        assert hi_c - value < bound or value - lo_c < bound
    found = [(f.rule, f.location.cell, f.status.value)
             for f in sdc.check(out, build_policy(POLICY)).findings
             if f.rule in ("SDC501", "SDC502")]
    assert found == []
