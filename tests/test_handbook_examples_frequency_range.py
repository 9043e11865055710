"""The minimum-frequency (threshold) rule on a hidden magnitude: the ESSnet *Handbook on SDC*
(sdcTools edition) ch. 4.2, Examples 1b and 1c, and τ-ARGUS's threshold rule ``FREQ(n,
range)``, whose second parameter is a "frequency safety range": the protection a cell unsafe
by the threshold alone needs once it is hidden.

A cell of two companies (1b, ``n = 3``) or four (1c, ``n0 = 5``: a coalition of three) is
unsafe because its other companies together know all of it but the largest one's turnover.
Hidden, only the width of its feasible interval hides that turnover, so the interval must
reach ``(p/q) * x1`` on each side of the cell's value (the p% rule with a coalition of all
the other units). Before round 51 SDC502 asked such a cell only the dominance rules' levels:
a two-company cell that the (1, 85%) rule finds safe, hidden in a rectangle with partners of
6, was pinned within 3% of its value and passed.

Rebuilt as a researcher writes it (``sdc.crosstab(..., contributor=firm)`` to CSV with its
sidecar, cells then hidden by hand); each hidden cell's interval is solved here by linear
programming over the published table and compared with the handbook's levels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.protect.protection import protect
from tests.parity.test_acro_mitigation import feasible_intervals
from tests.test_handbook_examples import (
    COLS,
    ROWS,
    cell_firms,
    findings,
    grid,
    ref,
    unprotected,
    upper_protection,
    write_turnover,
)

HIDDEN = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
P = 0.10  # the p% rule's default p: how near x1 may be estimated


def cells_with(target: list[float], partner: float) -> dict[tuple[str, str], list[float]]:
    """The target firms at North/Mining, hidden in a rectangle whose three partner cells hold
    ``partner`` each over three firms; the published cells hold five firms each."""
    cells = {(r, c): [500.0, 450.0, 400.0, 350.0, 300.0] for r in ROWS for c in COLS}
    cells[("North", "Mining")] = target
    for at in HIDDEN - {("North", "Mining")}:
        cells[at] = [partner / 3] * 3
    return cells


def expected(published: pd.DataFrame, cells: dict[tuple[str, str], list[float]],
             threshold: int, p: float | None, nk: list[tuple[int, float]], *, frequency: bool
             ) -> set[str]:
    """The hidden cells whose interval (linear programming over the ``published`` table)
    falls short of the level: the dominance rules' and, with ``frequency``, ``P * x1`` for a
    cell of 0 < n < threshold firms."""
    intervals = feasible_intervals(grid(published))
    out = set()
    for r, c in HIDDEN:
        values = cell_firms(cells, r, c)
        level = upper_protection(values, p=p, nk=nk)
        if frequency and 0 < len(values) < threshold:
            level = max(level, P * max(values))
        if unprotected(intervals[at := ref(r, c)], sum(values), level):
            out.add(at)
    return out


def policy(threshold: int, p: bool, nk: list[tuple[int, float]]) -> dict:
    return {"rules": {"small-count": {"threshold": threshold},
                      "p-percent": {"p": P} if p else {"status": "off"},
                      "nk-dominance": {"rules": [{"n": n, "k": k} for n, k in nk]}
                      if nk else {"status": "off"}}}


# Example 1b: two companies under n = 3, the (1, 85%) rule alone (it finds 100 of 190 safe)
ONE_85 = [(1, 0.85)]


@pytest.mark.parametrize(("partner", "unsafe"), [(6.0, True), (30.0, False)])
def test_example_1b_two_companies_hidden(partner: float, unsafe: bool, tmp_path: Path
                                         ) -> None:
    cells = cells_with([100.0, 90.0], partner)
    published = write_turnover(tmp_path / "release", cells, HIDDEN)
    want = expected(published, cells, 3, None, ONE_85, frequency=True)
    assert want == ({"C2"} if unsafe else set())
    # the dominance rule alone asks nothing of the cell: what base51 checked
    assert "C2" not in expected(published, cells, 3, None, ONE_85, frequency=False)
    found = findings(tmp_path / "release", policy(3, False, ONE_85), "SDC502")
    assert set(found) == want
    if unsafe:
        assert found["C2"].status.value == "fail"
        assert found["C2"].evidence["protection"] == pytest.approx(P * 100.0)


# Example 1c: four companies under n0 = 5 (a coalition of three); the p% rule (c = 1) finds
# 100, 90, 80, 70 safe (340 - 100 - 90 = 150 > 10)
FOUR = [100.0, 90.0, 80.0, 70.0]


@pytest.mark.parametrize(("partner", "unsafe"), [(6.0, True), (60.0, False)])
def test_example_1c_four_companies_hidden(partner: float, unsafe: bool, tmp_path: Path
                                          ) -> None:
    cells = cells_with(FOUR, partner)
    published = write_turnover(tmp_path / "release", cells, HIDDEN)
    want = expected(published, cells, 5, P, [], frequency=True)
    assert want == ({"C2"} if unsafe else set())
    assert "C2" not in expected(published, cells, 5, P, [], frequency=False)
    found = findings(tmp_path / "release", policy(5, True, []), "SDC502")
    assert set(found) == want


def test_enough_companies_ask_only_the_dominance_levels(tmp_path: Path) -> None:
    """The safe twin: five companies under ``n0 = 5`` are no threshold case, so the narrow
    interval of a cell the p% rule finds safe is no finding."""
    cells = cells_with([*FOUR, 60.0], 6.0)
    published = write_turnover(tmp_path / "release", cells, HIDDEN)
    assert expected(published, cells, 5, P, [], frequency=True) == set()
    assert findings(tmp_path / "release", policy(5, True, []), "SDC502") == {}


def test_the_threshold_rule_off_asks_nothing(tmp_path: Path) -> None:
    """With the small-count rule off the policy has no threshold: the two companies of
    Example 1b ask only what the (1, 85%) rule asks."""
    write_turnover(tmp_path / "release", cells_with([100.0, 90.0], 6.0), HIDDEN)
    rules = policy(3, False, ONE_85)
    rules["rules"]["small-count"] = {"status": "off"}
    assert "C2" not in findings(tmp_path / "release", rules, "SDC502")


def test_protect_plans_the_frequency_range(tmp_path: Path) -> None:
    """``sdc protect`` plans for what SDC502 asks (one definition): Example 1c's cell beside
    cells of 6 (five firms each, safe) is not left in a rectangle of them, which would pin it
    within 6 of its 340; the protected table passes SDC501/SDC502 and its interval reaches
    ``P * x1 = 10`` on both sides (linear programming)."""
    cells = {(r, c): [500.0, 450.0, 400.0, 350.0, 300.0] for r in ROWS for c in COLS}
    cells[("North", "Mining")] = FOUR
    for at in HIDDEN - {("North", "Mining")}:
        cells[at] = [2.0, 1.0, 1.0, 1.0, 1.0]
    rules = policy(5, True, [])
    records = [{"region": r, "industry": c, "firm": f"{r}-{c}-{i}", "turnover": v}
               for (r, c), values in cells.items() for i, v in enumerate(values)]
    data = pd.DataFrame(records)
    sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                 contributor=data.firm, margins=True).to_csv(tmp_path / "turnover.csv")
    result = protect(tmp_path / "turnover.csv", policy=rules, cost="value")
    out2 = tmp_path / "release"
    out2.mkdir()
    result.write(out2 / "turnover.csv", log=False)
    published = pd.read_csv(out2 / "turnover.csv", index_col=0, dtype=str)
    assert published.loc["North", "Mining"] == "[c]"
    lo, hi = feasible_intervals(grid(published))["C2"]
    assert hi - sum(FOUR) >= P * 100.0 - 1e-9 and sum(FOUR) - lo >= P * 100.0 - 1e-9
    assert findings(out2, rules, "SDC502") == {} and findings(out2, rules, "SDC501") == {}
