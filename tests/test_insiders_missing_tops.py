"""SDC502's insider audits (``sdc.rules.insiders``: the largest contributor of a hidden
sensitive cell, knowing its own contribution, narrows the other hidden cells of its lines) ask
what the outside audit asks (issue 12):

* a sidecar listing fewer largest contributions than the policy reads (``sdc.crosstab`` keeps
  three; p% with a coalition of 3 reads ``x4``): the missing one is not read as zero, so an
  insider pinning a cell short only of the level with ``x4`` as large as it can be is
  ``review``, short of the level with ``x4 = 0`` ``fail``;
* τ-ARGUS evidence columns (``freq``, ``top1``, ``top2``) give a hidden cell's tops but not its
  total: its largest contributor still knows its own contribution, and the cell it narrows
  must still reach ``X + level`` above (the same for every total).

Each expected interval is the linear program's over the 2 x 2 table's four hidden inner cells
(cells >= 0, the published margins), the insider's cell bounded below by its own
contribution; each level is the handbook's p% ``p x1 - (X - x1 - ... - x_{c+1})`` or (n, k)
``(x1 + ... + xn) / k - X`` from the contributions; never copied as answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy
from tests.conftest import publish_turnover
from tests.test_handbook_examples_holdings_hierarchy import NK, POLICY, tops, write_two_way

P = 0.10
KEYS = [("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")]
AT = dict(zip(KEYS, ["B2", "C2", "B3", "C3"], strict=True))  # where pandas' to_csv puts them
SMALL_FIRMS = [90.0, 75.0, 75.0, 60.0] + [3.0] * 8  # twelve firms, none dominant: 324


def interval(cells: dict[tuple[str, str], list[float]], target: tuple[str, str],
             at_least: dict[tuple[str, str], float]) -> tuple[float, float]:
    """``target``'s [min, max] over the four hidden inner cells of a 2 x 2 table with its
    margins published, each cell >= 0 and ``at_least`` what an insider knows of its cell."""
    rows = [[1.0 if k[0] == r else 0.0 for k in KEYS] for r in ("North", "South")]
    cols = [[1.0 if k[1] == c else 0.0 for k in KEYS] for c in ("Mining", "Retail")]
    a_eq = np.array(rows + cols)
    b_eq = a_eq @ np.array([sum(cells[k]) for k in KEYS])
    bounds = [(at_least.get(k, 0.0), None) for k in KEYS]
    ends = []
    for sense in (1.0, -1.0):
        solved = linprog([sense if k == target else 0.0 for k in KEYS], A_eq=a_eq, b_eq=b_eq,
                         bounds=bounds, method="highs")
        assert solved.status == 0
        ends.append(round(sense * solved.fun, 6))
    return ends[0], ends[1]


def p_level(top: list[float], total: float, c: int) -> float:
    return P * top[0] - (total - sum(top[:c + 1]))


def short(lo: float, hi: float, value: float, level: float) -> bool:
    return level > 0 and (hi - value < level or value - lo < level)


# -- a sidecar of three tops checked under p% with a coalition of 3 --------------------------

def sdc502(folder: Path) -> list[sdc.Finding]:
    # the threshold the handbook ties to a coalition of 3 (n0 = c + 2): a cell of fewer units
    # would be asked the threshold rule's level too (round 51), which these cells are not about
    policy = build_policy({"rules": {"p-percent": {"p": P, "c": 3},
                                     "nk-dominance": {"status": "off"},
                                     "small-count": {"threshold": 5}}})
    return [f for f in sdc.check(folder, policy).findings if f.rule == "SDC502"]


def release(north_mining: list[float]) -> dict[tuple[str, str], list[float]]:
    """North/Retail (2000, 100, 100, 100, 50: level 150 with x4, 50 read with x4 = 0) hidden
    beside North/Mining, a dominated cell whose largest firm holds 1000, above two cells of
    small firms."""
    return {("North", "Mining"): north_mining,
            ("North", "Retail"): [2000.0, 100.0, 100.0, 100.0, 50.0],
            ("South", "Mining"): SMALL_FIRMS, ("South", "Retail"): SMALL_FIRMS}


@pytest.mark.parametrize("north_mining", [
    [1000.0, 40.0, 30.0, 20.0, 10.0],  # 100 beside the largest firm: short of x4's bound only
    [1000.0, 20.0, 10.0, 5.0, 5.0],  # 40: short of the level even with x4 read as zero
    [1000.0, 80.0, 60.0, 40.0, 20.0],  # 200: the twin, protected against the insider too
])
def test_an_insider_is_judged_against_the_missing_contribution_bound(
        north_mining: list[float], tmp_path: Path) -> None:
    """North/Mining's largest firm knows the cell holds at least its 1,000, and North/Retail
    is the rest of North's published total: it can rise only by what North/Mining's other
    firms hold. The outside audit finds every cell protected; the insider's interval
    decides: ``fail`` at C2
    short of the level the three listed tops give with ``x4 = 0``, ``review`` short only of
    the level with ``x4`` as large as it can be (no larger than ``x3`` nor the rest of the
    total), nothing when it reaches both. Passed at 100 before (x4 read as zero)."""
    cells = release(north_mining)
    publish_turnover(tmp_path / "release", cells, set(KEYS))
    target, insider = ("North", "Retail"), ("North", "Mining")
    value = sum(cells[target])
    listed = sorted(cells[target], reverse=True)[:3]  # what the sidecar holds
    zero_read = p_level([*listed, 0.0], value, c=3)
    bound = p_level([*listed, min(listed[-1], value - sum(listed))], value, c=3)
    for k in KEYS:  # nothing from outside, for any cell the levels ask of
        mine = sorted(cells[k], reverse=True)
        top = [*mine[:3], min(mine[2], sum(mine) - sum(mine[:3]))]
        assert not short(*interval(cells, k, {}), sum(cells[k]),
                         p_level(top, sum(cells[k]), c=3))
    lo, hi = interval(cells, target, {insider: max(cells[insider])})
    want = ("fail" if short(lo, hi, value, zero_read)
            else "review" if short(lo, hi, value, bound) else None)
    assert want == {100.0: "review", 40.0: "fail", 200.0: None}[
        sum(north_mining) - max(north_mining)]  # the cases discriminate
    got = sdc502(tmp_path / "release")
    assert [(f.location.cell, f.status.value) for f in got] == (
        [(AT[target], want)] if want else [])
    if got:
        assert got[0].evidence["interval"] == [lo, hi]
        assert got[0].evidence["protection"] == pytest.approx(
            zero_read if want == "fail" else bound)
        assert [loc.cell for loc in got[0].related] == [AT[insider]]


def test_an_insider_whose_own_cell_may_not_be_sensitive(tmp_path: Path) -> None:
    """North/Mining (500, 20, 15, 15, 15, 15, 5) is sensitive only with its fourth firm: read
    with x4 = 0 its level is 50 - 50 = 0, with x4 as large as it can be (15) 15. Its largest
    firm leaves North/Retail (2000, 50, 20, 10, 10: level 180 even with x4 = 0) only the 85
    the others hold above it: short for certain, but whether North/Mining's largest firm is an
    insider sdc counts (a sensitive cell's) rests on the missing x4, so ``review`` at C2."""
    cells = release([500.0, 20.0, 15.0, 15.0, 15.0, 15.0, 5.0])
    cells[("North", "Retail")] = [2000.0, 50.0, 20.0, 10.0, 10.0]
    publish_turnover(tmp_path / "release", cells, set(KEYS))
    target, insider = ("North", "Retail"), ("North", "Mining")
    value, mine = sum(cells[target]), sorted(cells[insider], reverse=True)
    zero_read = p_level([*sorted(cells[target], reverse=True)[:3], 0.0], value, c=3)
    lo, hi = interval(cells, target, {insider: mine[0]})
    assert short(lo, hi, value, zero_read)  # certain, were the insider counted
    assert not short(*interval(cells, target, {}), value,
                     p_level(sorted(cells[target], reverse=True), value, c=3))
    assert p_level([*mine[:3], 0.0], sum(mine), c=3) <= 0 < p_level(mine, sum(mine), c=3)
    got = sdc502(tmp_path / "release")
    assert [(f.location.cell, f.status.value) for f in got] == [(AT[target], "review")]
    assert got[0].evidence["interval"] == [lo, hi]
    assert got[0].evidence["protection"] == pytest.approx(zero_read)


# -- τ-ARGUS evidence columns: tops but no total once hidden --------------------------------

def reach(values: list[float]) -> float:
    """``X + level`` of a cell whose total is not given, at the smallest total its two listed
    tops allow (their sum: every level is largest there), the larger of p% and (2, 90%)."""
    x1, x2 = tops(values)
    total = x1 + x2
    return total + max(P * x1 - (total - x1 - x2), (x1 + x2) / NK[1] - total)


def two_way(south_a: list[float]) -> dict[tuple[str, str], list[float]]:
    """North/A is H's 500 beside 60 and 40 (reach 560 / 0.9); South/A a dominated cell."""
    return {("North", "A"): [500.0, 60.0, 40.0], ("North", "B"): [60.0, 50.0, 40.0, 30.0],
            ("South", "A"): south_a, ("South", "B"): [50.0, 45.0, 40.0, 35.0, 30.0, 25.0]}


def two_way_interval(cells: dict[tuple[str, str], list[float]], target: tuple[str, str],
                     at_least: dict[tuple[str, str], float]) -> tuple[float, float]:
    renamed = {(r, {"A": "Mining", "B": "Retail"}[c]): v for (r, c), v in cells.items()}
    return interval(renamed, (target[0], {"A": "Mining", "B": "Retail"}[target[1]]),
                    {(r, {"A": "Mining", "B": "Retail"}[c]): v
                     for (r, c), v in at_least.items()})


@pytest.mark.parametrize("south_a", [[300.0, 10.0, 5.0], [300.0, 20.0, 10.0]])
def test_an_insider_of_a_cell_without_its_total(south_a: list[float], tmp_path: Path) -> None:
    """South/A's largest company knows the cell holds at least its 300, and North/A rises
    only as South/A falls: North/A's upper end is then 915 - 300 = 615, short of the 622.2
    it must reach for any total; by the margins alone (cells >= 0) it lies in [490, 700].
    Before round 21 the insider audit gave ``fail`` at C2 (South/A's C5 related) with South/A's
    others holding 15, nothing with 30. But the file prints South/A's 300 and North/A's 500 and
    60 beside them: what the insider knows, every reader knows, and more. North/A is at most
    500 + 60 + 60 = 620 by its own row (short of 622.2 whatever South/A holds), South/A at
    most 300 + 10 + 10 = 320 (reach 310 / 0.9 = 344.4) or 300 + 20 + 20 = 340 (reach 355.6):
    SDC502 ``fail`` at both from outside, in both cases; North/B and South/B lie above their
    reach at every total they can hold. The insider adds nothing the published tops do not
    (its own contribution is printed)."""
    from tests.test_handbook_examples_holdings_hierarchy import (
        printed_bounds,
        two_way_intervals,
        verdict,
    )

    cells = two_way(south_a)
    target, insider = ("North", "A"), ("South", "A")
    margins_only = two_way_interval(cells, target, {})
    assert margins_only[1] >= reach(cells[target])  # protected by the margins alone
    by_insider = two_way_interval(cells, target, {insider: max(cells[insider])})[1]
    assert (by_insider < reach(cells[target])) is (sum(south_a) < 320)  # before round 21
    found = two_way_intervals(cells)
    assert printed_bounds(cells[insider])[0] >= max(cells[insider])  # printed: what it knows
    at = {("North", "A"): "C2", ("North", "B"): "C3", ("South", "A"): "C5",
          ("South", "B"): "C6"}  # where write_two_way puts them
    want = sorted((at[k], status) for k, (lo, hi) in found.items()
                  if (status := verdict(cells[k], lo, hi)))
    assert want == [("C2", "fail"), ("C5", "fail")]
    write_two_way(tmp_path / "release", cells)
    got = [f for f in sdc.check(tmp_path / "release", build_policy(POLICY)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert sorted((f.location.cell, f.status.value) for f in got) == want
    assert {f.rule for f in got} == {"SDC502"}
    by_cell = {f.location.cell: f for f in got}
    assert by_cell["C2"].evidence["interval"] == list(found[target])
    assert by_cell["C2"].evidence["reach"] == pytest.approx(reach(cells[target]))
    assert by_cell["C5"].evidence["reach"] == pytest.approx(reach(cells[insider]))


# -- each insider's audit runs on its own part of the system --------------------------------

def two_way_system(rng: np.random.Generator, rows: int, cols: int
                   ) -> tuple[object, np.ndarray, np.ndarray]:
    """A rows x cols table with both margins as ``a x = 0`` (each margin minus its cells),
    its values, and which cells are hidden (inner cells and a few margins)."""
    import scipy.sparse as sp

    inner = rng.integers(1, 50, size=(rows, cols)).astype(float)
    full = np.zeros((rows + 1, cols + 1))
    full[:rows, :cols] = inner
    full[rows, :cols], full[:rows, cols] = inner.sum(axis=0), inner.sum(axis=1)
    full[rows, cols] = inner.sum()
    index = np.arange(full.size).reshape(full.shape)
    lines = [(list(index[r, :cols]), index[r, cols]) for r in range(rows + 1)]
    lines += [(list(index[:rows, c]), index[rows, c]) for c in range(cols + 1)]
    a = sp.lil_matrix((len(lines), full.size))
    for k, (members, total) in enumerate(lines):
        a[k, members], a[k, total] = 1.0, -1.0
    hidden = rng.random(full.shape) < 0.3
    return a.tocsr(), full.ravel(), hidden.ravel()


@pytest.mark.parametrize("seed", range(6))
def test_an_insider_audit_of_its_part_is_the_whole_system_audit(seed: int) -> None:
    """The local audit (``_LocalAudit``: the hidden cells joined by the equations they share,
    published values on the right) gives the intervals the audit of the whole system gives,
    with an insider's cell bounded below by part of its value."""
    from sdc.audit import InfeasibleSystemError, audit_matrix
    from sdc.rules.insiders import _LocalAudit

    rng = np.random.default_rng(seed)
    a, values, hidden = two_way_system(rng, 4 + seed % 3, 5)
    lower = np.where(hidden, 0.0, values)
    upper = np.where(hidden, np.inf, values)
    local = _LocalAudit(a, np.zeros(a.shape[0]), lower, upper)
    compared = 0
    for insider in np.flatnonzero(hidden).tolist():
        targets = [v for v in np.flatnonzero(hidden).tolist() if v != insider]
        low = lower.copy()
        low[insider] = 0.8 * values[insider]
        try:
            whole = audit_matrix(a, np.zeros(a.shape[0]), low, upper, targets)
        except InfeasibleSystemError:
            continue
        mine = local.intervals(low, upper, [insider], targets)
        for var in targets:
            assert (mine[var].lo, mine[var].hi) == pytest.approx((whole[var].lo, whole[var].hi))
            compared += 1
    assert compared > 0
